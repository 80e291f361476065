"""The course website (`make site`): a page and a Markdown twin per notebook, every link and picture present, nothing loaded
from the network, the module docstrings' links landing on pages; then the pages and the grid explorer in a real browser
(Debian's Chromium through Playwright) with every request outside file:// blocked.

The site is built once for the module, the explorer with its full default set of trees (so that its size limit is checked on
what the website ships). Browser tests skip without chromium or playwright, unless DIFFGRID_REQUIRE_BROWSER=1 (set by .ci/run).
"""
import importlib.util, os, re
from pathlib import Path
import pytest
from test_browser import FLAGS, CHROMIUM, OUT, _missing

ROOT = Path(__file__).resolve().parents[1]


def _build_module():
    spec = importlib.util.spec_from_file_location('site_build', ROOT / 'website' / 'build.py')
    mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope='module')
def site(tmp_path_factory):
    build = _build_module()
    out = tmp_path_factory.mktemp('site') / '_site'
    build.build(out, explorer='full')
    return out, build


def test_a_page_and_a_twin_per_notebook(site):
    out, build = site
    from nbdev.config import nbpath2html
    nbs = sorted((ROOT / 'nbs').glob('*.ipynb'))
    for nb in nbs:
        name = nbpath2html(nb.name).as_posix()
        assert (out / name).exists() and (out / f'{name}.md').exists(), nb.name
    index = (out / 'index.html').read_text()
    assert all(nbpath2html(nb.name).as_posix() in index for nb in nbs)
    assert (out / 'grid-explorer.html').exists()


def test_links_and_pictures(site):
    out, build = site
    assert build.check_links(out) == []


def test_the_link_checker_can_fail(site, tmp_path):
    out, build = site
    (tmp_path / 'a.html').write_text('<a href="b.html">b</a><a href="a.html#nowhere">x</a><img src="https://x.org/i.png">')
    problems = build.check_links(tmp_path)
    assert len(problems) == 3, problems


def test_module_docs_links_land_on_pages(site):
    "nbdev-export writes `Docs: <documentation URL>/<page>.html.md` into every module: each must be a file of the site"
    out, build = site
    cfg = build.get_config(ROOT)
    for f in sorted((ROOT / 'diffgrid_nb').glob('*.py')):
        m = re.search(r'^Docs: (\S+?)(?:""")?$', f.read_text(), flags=re.M)
        if not m: continue
        url = m.group(1)
        assert url.startswith(cfg.doc_url.rstrip('/') + '/'), (f.name, url)
        assert (out / url[len(cfg.doc_url.rstrip('/')) + 1:]).exists(), (f.name, url)


def test_symbol_anchors(site):
    "Every public name's link in _modidx.py (page#anchor) finds its anchor on the page"
    out, _ = site
    from diffgrid_nb._modidx import d
    import importlib
    missing = []
    for mod, syms in d['syms'].items():
        public = set(getattr(importlib.import_module(mod), '__all__', []))
        for name, (link, _) in syms.items():
            short = name.split('.')[-1]
            if short not in public or name.count('.') != 2: continue
            page, anchor = link.split('#')
            if f'id="{anchor}"' not in (out / page).read_text(): missing.append(link)
    assert not missing, missing


def test_explorer_size(site):
    out, _ = site
    mb = (out / 'grid-explorer.html').stat().st_size / 2**20
    assert mb < 10, f"the explorer page takes {mb:.1f} MB; at most 10"


# ---- in a real browser ----

@pytest.fixture(scope='module')
def browser():
    why = _missing()
    if why:
        if os.environ.get('DIFFGRID_REQUIRE_BROWSER') == '1': pytest.fail(why)
        pytest.skip(why)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def _page(browser, width=1280):
    "A page whose requests outside file:// are refused, recording console errors, page errors and failed requests"
    ctx = browser.new_context(viewport={'width': width, 'height': 900})
    ctx.route(re.compile(r'^(?!file:).*'), lambda route: route.abort())
    page, problems = ctx.new_page(), []
    page.on('console', lambda m: problems.append(f'console {m.type}: {m.text}') if m.type in ('error', 'warning') else None)
    page.on('pageerror', lambda e: problems.append(f'page error: {e}'))
    page.on('requestfailed', lambda r: problems.append(f'failed request: {r.url[:120]}'))
    return ctx, page, problems


def test_every_page_loads_offline(site, browser):
    out, _ = site
    for f in sorted(out.glob('*.html')):
        ctx, page, problems = _page(browser)
        page.goto(f.as_uri(), wait_until='load')
        broken = page.evaluate("[...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src.slice(0, 80))")
        ctx.close()
        assert not problems and not broken, (f.name, problems, broken)


def test_explorer_in_the_browser(site, browser):
    out, _ = site
    ctx, page, problems = _page(browser)
    page.goto((out / 'grid-explorer.html').as_uri())
    page.wait_for_selector('body[data-ready="1"]', timeout=30_000)
    tile = lambda: page.evaluate("document.querySelector('#grid button.tile[data-p=\"1\"] canvas').toDataURL()")
    label = lambda: page.inner_text('#steplabel')
    first = tile()
    assert label() == 'step 50 of 50, the end'
    page.focus('#step'); page.keyboard.press('Home')                 # the slider from the keyboard
    assert label().startswith('step 0 of 50') and tile() != first
    page.keyboard.press('ArrowRight')
    assert label().startswith('step ') and not label().startswith('step 0 ')
    page.press('#step', 'End')
    page.check('input[value="x0"]'); x0 = tile()                       # the views
    page.check('input[value="dx"]'); assert tile() not in (first, x0)
    page.check('input[value="x"]'); assert tile() == first
    page.click('#grid button.tile[data-p="5"]')                      # a tile's whole trajectory
    assert page.inner_text('#pathtitle') == 'A path: branch 1 from step 8'   # allscales: rows at 2, 8, 24
    assert page.get_attribute('#grid button.tile[data-p="5"]', 'aria-pressed') == 'true'
    n_steps = page.evaluate("document.querySelectorAll('#strip .striprow[data-view=\"x\"] canvas').length")
    assert n_steps >= 14
    page.click('#strip .striprow[data-view="x"] canvas[data-s="3"]')  # a step of the strip moves the slider
    assert page.input_value('#step') == '3'
    page.select_option('#tree', index=4)                              # another tree
    page.wait_for_timeout(300)
    assert 'seed' in page.inner_text('#caption')
    assert page.evaluate("document.querySelectorAll('#curvetable tr').length") >= 2      # the decision curves' numbers
    labels = page.evaluate("[...document.querySelectorAll('#grid button.tile')].map(b => b.getAttribute('aria-label'))")
    assert all(labels), 'every tile says what it shows'
    ctx.close()
    assert not problems, problems


def test_explorer_at_phone_width(site, browser):
    out, _ = site
    ctx, page, problems = _page(browser, width=390)
    page.goto((out / 'grid-explorer.html').as_uri())
    page.wait_for_selector('body[data-ready="1"]', timeout=30_000)
    wide = page.evaluate("document.getElementById('grid').getBoundingClientRect().right")
    ctx.close()
    assert wide <= 390 and not problems, (wide, problems)


def test_explorer_screenshot(site, browser):
    """The explorer on a tree whose rows read well, as the README shows it: each row's label says what is still being
    decided there, coarse to fine. Saved to runs/browser/explorer.png; docs/explorer.png is a copy."""
    out, _ = site
    ctx, page, problems = _page(browser, width=1200)
    page.goto((out / 'grid-explorer.html').as_uri())
    page.wait_for_selector('body[data-ready="1"]', timeout=30_000)
    page.select_option('#tree', label='circle, seed 1, euler_ancestral')
    page.wait_for_timeout(300)
    labels = page.evaluate("[...document.querySelectorAll('#grid .rowlabel')].map(e => e.textContent.split('\\n').pop())")
    assert labels == ['colour, stripes, dot', 'stripes, dot', 'dot'], labels
    head, *rows = page.evaluate("[...document.querySelectorAll('#curvetable tr')]"
                                ".map(r => [...r.children].map(c => c.textContent))")
    assert head[:5] == ['step', 'shape', 'colour', 'stripes', 'dot'] and len(rows) == 3, (head, rows)
    agree = {name: [float(r[head.index(name)]) for r in rows] for name in ('colour', 'stripes')}
    for name, v in agree.items(): assert v == sorted(v) and v[-1] > v[0], (name, v)    # later rows agree more
    assert all(c >= s for c, s in zip(agree['colour'], agree['stripes'])), agree         # coarse before mid
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / 'explorer.png'), clip=dict(x=0, y=0, width=1200, height=600))
    ctx.close()
    assert not problems, problems
