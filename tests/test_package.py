"""The package as code: no unused imports, no undefined names (pyflakes over every exported module), every module exported
from a notebook of the same name, and no module left behind by a renamed or split notebook."""
import json, re, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / 'diffgrid_nb'


def test_pyflakes_finds_nothing():
    files = [str(f) for f in sorted(PKG.glob('*.py')) if f.name != '_modidx.py']
    out = subprocess.run([sys.executable, '-m', 'pyflakes', *files], capture_output=True, text=True)
    assert out.returncode == 0 and not out.stdout.strip(), out.stdout + out.stderr


def test_modules_mirror_notebooks():
    "Every generated module names its notebook, that notebook exports it, and every notebook's default_exp has its module"
    exported = {}
    for nb in sorted((ROOT / 'nbs').glob('*.ipynb')):
        for c in json.loads(nb.read_text())['cells']:
            if m := re.match(r'#\|\s*default_exp\s+(\S+)', ''.join(c['source'])): exported[m.group(1)] = nb.name
    for mod, nb in exported.items(): assert (PKG / f'{mod}.py').exists(), f"{nb} exports {mod}, but diffgrid_nb/{mod}.py is missing"
    for f in sorted(PKG.glob('*.py')):
        head = f.read_text()[:2000]
        if m := re.search(r'File to edit: \.\./nbs/(\S+\.ipynb)', head):
            assert exported.get(f.stem) == m.group(1), f"{f.name} says it comes from {m.group(1)}, which does not export it (a stale module?)"
