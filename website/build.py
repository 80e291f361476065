"""Build the course website into a folder of static files: one page per notebook with its saved outputs, an index made from
the README's course outline, and the grid explorer. Nothing is fetched at build time or when a page is viewed: math becomes
MathML (which browsers draw natively), figures stay inline, the Colab badge is a local picture.

Each notebook's page has the name nbdev gives it (`nbs/09_grid.ipynb` -> `grid.html`), and a Markdown twin (`grid.html.md`):
the `Docs:` link that nbdev-export writes into every module's docstring points at that twin, under the documentation URL
in pyproject.toml. `check_links` then checks every link and picture of the built site.

    python website/build.py --out _site            # what `make site` runs
    python website/build.py --out _site --explorer small   # a small explorer, for quick checks
"""
import argparse, html, re, shutil, sys, time
from pathlib import Path
from urllib.parse import urlparse
import nbformat
from jinja2 import pass_context
from nbconvert import HTMLExporter, MarkdownExporter
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from latex2mathml.converter import convert as tex_to_mathml
from nbdev.config import get_config, nbpath2html

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BADGE = 'https://colab.research.google.com/assets/colab-badge.svg'


def mathml(tex:str, display:bool):
    "TeX as MathML; what latex2mathml cannot read stays visible as TeX source"
    try: return tex_to_mathml(tex, display='block' if display else 'inline')
    except Exception: return f'<code class="tex">{html.escape(tex)}</code>'


class MathMLRenderer(IPythonRenderer):
    "nbconvert's Markdown renderer, with math drawn as MathML instead of left for MathJax (a script from the network)"
    def block_math(self, body): return mathml(body, True)
    def inline_math(self, body): return mathml(body, False)
    def latex_environment(self, name, body): return mathml(f"\\begin{{{name}}}{body}\\end{{{name}}}", True)


def markdown_html(source:str, **kw):
    return MarkdownWithMath(renderer=MathMLRenderer(escape=False, **kw)).render(source)


class CourseExporter(HTMLExporter):
    "JupyterLab's look, no scripts from the network, math as MathML"
    @pass_context
    def markdown2html(self, context, source):
        cell = context.get('cell', {})
        return markdown_html(source, attachments=cell.get('attachments', {}), anchor_link_text=self.anchor_link_text)


def pages(nbs_path:Path):
    "The notebooks in course order, each with its page name"
    return [(nb, nbpath2html(nb.relative_to(nbs_path)).as_posix()) for nb in sorted(nbs_path.glob('*.ipynb'))]


WIDGET_NOTE = ('<p class="widget-note">An interactive widget shows here when the notebook runs (in JupyterLab or Colab). '
               'Without Python, the <a href="grid-explorer.html">grid explorer</a> does the same in the browser.</p>')

DIRECTIVE = re.compile(r'^\s*#\s*\|\s*(.*)$')

def directives(src:str):
    return [m.group(1).strip() for line in src.splitlines() if (m := DIRECTIVE.match(line))]


def for_reading(nb):
    "The notebook as a reader sees it: hidden cells dropped, `#|` directives taken out of the code; the module it exports"
    module, cells = None, []
    for c in nb.cells:
        c.metadata = {}                      # run timings and the like, which nbformat's validation refuses
        ds = directives(c.source) if c.cell_type == 'code' else []
        for d in ds:
            if d.startswith('default_exp'): module = d.split()[1]
        if any(d.split()[0] in ('hide', 'exporti', 'hide_input') for d in ds if d): continue
        if c.cell_type == 'code':
            c.outputs = [o for o in c.get('outputs', []) if o.output_type not in ('display_data', 'execute_result') or o.data]
            for o in c.outputs:
                if 'application/vnd.jupyter.widget-view+json' in o.get('data', {}): o.data = {'text/html': WIDGET_NOTE}
            c.source = '\n'.join(line for line in c.source.splitlines() if not DIRECTIVE.match(line)).strip('\n')
            if not c.source and not c.get('outputs'): continue
        cells.append(c)
    nb.cells = cells
    return nb, module


def exported_names(nb):
    "{cell id: [top-level names it defines]} for the exported cells: anchors for the symbol links in _modidx.py"
    out = {}
    for c in nb.cells:
        if c.cell_type == 'code' and 'export' in directives(c.source):
            names = re.findall(r'^(?:def|class)\s+(\w+)|^(\w+)\s*(?::[^=]+)?=', c.source, flags=re.M)
            methods = re.findall(r'^def\s+(\w+)\(self:\s*(\w+)', c.source, flags=re.M)   # @patch: Class.method
            out[c.get('id', '')] = [a or b for a, b in names] + [f'{k}.{m}' for m, k in methods]
    return out


def rewrite_links(page:str, cfg, names:dict):
    "Links to notebooks go to their pages, links to other repository files go to GitHub, the Colab badge is local"
    def href(m):
        attr, url = m.group(1), html.unescape(m.group(2))
        u = urlparse(url)
        if url == BADGE: return f'{attr}="assets/colab-badge.svg"'
        if cfg.doc_url and url.startswith(cfg.doc_url.rstrip('/') + '/'):             # this site's own pages: stay on this copy
            return f'{attr}="{url[len(cfg.doc_url.rstrip("/")) + 1:] or "index.html"}"'
        if u.scheme or u.netloc or url.startswith(('#', 'data:', 'mailto:', 'assets/')) or url.endswith('.html'): return m.group(0)
        path, frag = u.path, f'#{u.fragment}' if u.fragment else ''
        if path.endswith('.ipynb'): return f'{attr}="{nbpath2html(Path(path).name).as_posix()}{frag}"'
        if path.startswith(('docs/', '../docs/')): return f'{attr}="docs/{path.split("docs/", 1)[1]}{frag}"'
        target = (ROOT / 'nbs' / path).resolve() if path.startswith('../') else (ROOT / path).resolve()
        rel = target.relative_to(ROOT).as_posix() if target.is_relative_to(ROOT) else path
        return f'{attr}="{cfg.git_url}/blob/{cfg.branch}/{rel}{frag}"'
    page = re.sub(r'\b(href|src)="([^"]*)"', href, page)
    for cid, syms in names.items():
        anchors = ''.join(f'<a id="{s.lower()}"></a>' for s in syms)
        page = re.sub(rf'<div [^>]*\bid="cell-id={re.escape(cid)}"', lambda m: anchors + m.group(0), page, count=1)
    return page


def nav(i:int, all_pages:list, nb:Path, module, cfg):
    "The bar above and below each page: home, previous, next, the notebook, Colab, the module"
    prev = f'<a rel="prev" href="{all_pages[i - 1][1]}">&larr; {all_pages[i - 1][0].stem}</a>' if i else '<span></span>'
    nxt = f'<a rel="next" href="{all_pages[i + 1][1]}">{all_pages[i + 1][0].stem} &rarr;</a>' if i + 1 < len(all_pages) else '<span></span>'
    rel = nb.relative_to(ROOT).as_posix()
    links = [f'<a href="{cfg.git_url}/blob/{cfg.branch}/{rel}">the notebook on GitHub</a>',
             f'<a href="https://colab.research.google.com/github/{cfg.user}/{cfg.repo}/blob/{cfg.branch}/{rel}">'
             f'<img src="assets/colab-badge.svg" alt="Open in Colab" width="117" height="20"></a>']
    if module: links.append(f'module <a href="{cfg.git_url}/blob/{cfg.branch}/{cfg.lib_path.name}/{module.replace(".", "/")}.py">'
                            f'<code>{cfg.lib_path.name}.{module}</code></a>')
    top = (f'<nav class="site-nav" aria-label="course"><a href="index.html"><strong>diffgrid_nb</strong></a> '
           f'<a href="grid-explorer.html">grid explorer</a> {" ".join(links)}</nav>')
    bottom = f'<nav class="site-pager" aria-label="lessons">{prev}<a href="index.html">all lessons</a>{nxt}</nav>'
    return top, bottom


SITE_CSS = (HERE / 'site.css').read_text()


def build_page(i, all_pages, cfg, out:Path):
    nb_path, name = all_pages[i]
    nb, module = for_reading(nbformat.read(nb_path, as_version=4))
    names = exported_names(nbformat.read(nb_path, as_version=4))
    top, bottom = nav(i, all_pages, nb_path, module, cfg)
    exp = CourseExporter(template_name='course', extra_template_basedirs=[str(HERE / 'templates')])
    body, _ = exp.from_notebook_node(nb, resources=dict(site_css=SITE_CSS, nav_top=top, nav_bottom=bottom))
    (out / name).write_text(rewrite_links(body, cfg, names), encoding='utf-8')
    md_exp, files = MarkdownExporter(), f'{name}_files'
    md, res = md_exp.from_notebook_node(nb, resources=dict(output_files_dir=files))
    for fname, data in res.get('outputs', {}).items():
        (out / fname).parent.mkdir(parents=True, exist_ok=True); (out / fname).write_bytes(data)
    (out / f'{name}.md').write_text(md, encoding='utf-8')


def build_index(all_pages, cfg, out:Path):
    "The README as the home page: its table of notebooks becomes the course outline, linked to the pages"
    readme = (ROOT / 'README.md').read_text()
    body = markdown_html(readme)
    lessons = ''.join(f'<li><a href="{name}">{nb.stem}</a></li>' for nb, name in all_pages)
    page = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, '
            f'initial-scale=1"><title>diffgrid_nb: a hands-on diffusion course</title><style>{SITE_CSS}</style></head><body class="index">'
            f'<nav class="site-nav" aria-label="course"><a href="index.html"><strong>diffgrid_nb</strong></a> '
            f'<a href="grid-explorer.html">grid explorer</a> <a href="{cfg.git_url}">the repository</a></nav><main>{body}'
            f'<h2>All lessons</h2><ol class="lessons">{lessons}</ol></main></body></html>\n')
    (out / 'index.html').write_text(rewrite_links(page, cfg, {}), encoding='utf-8')
    shutil.copytree(ROOT / 'docs', out / 'docs', dirs_exist_ok=True)


def build_explorer(out:Path, size:str):
    """The explorer page from the all-scales model (its rows decide colour, stripes and dot in turn): the three shapes, two
    seeds, three stochastic samplers (`small`: one of each)"""
    from diffgrid_nb.cli import main
    args = ['html', '--out', str(out / 'grid-explorer.html'),
            '--title', 'Diffusion grid explorer: the all-scales shapes model']
    if size == 'small': args += ['--shapes', 'circle', '--seeds', '0', '--samplers', 'ddim', '--steps', '20']
    main(args)


def build(out:Path, explorer:str='full'):
    "Build the site into `out` (emptied first)"
    cfg = get_config(ROOT)
    if out.exists(): shutil.rmtree(out)
    (out / 'assets').mkdir(parents=True)
    shutil.copy(HERE / 'colab-badge.svg', out / 'assets' / 'colab-badge.svg')
    all_pages = pages(cfg.path('nbs_path'))
    for i in range(len(all_pages)): build_page(i, all_pages, cfg, out)
    build_index(all_pages, cfg, out)
    if explorer != 'none': build_explorer(out, explorer)
    return all_pages


def check_links(site:Path):
    "Every local link and picture of the site's pages must exist (anchors included); no page may load anything from the network"
    problems, ids = [], {}
    htmls = sorted(site.rglob('*.html'))
    for f in htmls: ids[f] = set(re.findall(r'\bid="([^"]+)"', f.read_text(encoding='utf-8')))
    for f in htmls:
        text = f.read_text(encoding='utf-8')
        for tag, attr, url in re.findall(r'<(\w+)\b[^>]*?\b(href|src)="([^"]*)"', text):
            url = html.unescape(url)
            u = urlparse(url)
            if u.scheme in ('data', 'mailto'): continue
            if u.scheme or u.netloc:
                if attr == 'src' or tag == 'link': problems.append(f"{f.name}: loads {url} from the network")
                continue
            target = (f.parent / u.path).resolve() if u.path else f
            if not target.exists(): problems.append(f"{f.name}: {url} does not exist"); continue
            if u.fragment and target.suffix == '.html' and u.fragment not in ids.get(target, set()):
                problems.append(f"{f.name}: {url}: no element with id {u.fragment!r}")
    return problems


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--out', default='_site', help='the folder to write (emptied first; default _site)')
    p.add_argument('--explorer', choices=['full', 'small', 'none'], default='full', help='which explorer page to make (default full)')
    a = p.parse_args(argv)
    start, out = time.perf_counter(), Path(a.out)
    all_pages = build(out, a.explorer)
    problems = check_links(out)
    mb = sum(f.stat().st_size for f in out.rglob('*') if f.is_file()) / 2**20
    print(f"{out}: {len(all_pages)} lesson pages, their Markdown twins, the index and the explorer; {mb:.1f} MB in "
          f"{time.perf_counter() - start:.0f} s")
    if problems: sys.exit("broken links:\n" + '\n'.join(problems))
    print("every link and picture checked: none missing, nothing from the network")


if __name__ == '__main__': main()
