#!/usr/bin/env bash
# The README's test command (`make test`) runs this after set-up. Fails on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1 MPLBACKEND=Agg

echo "== 1/4 notebooks and library in sync (nbdev-clean, nbdev-export)"
before=$(git status --porcelain)
$BIN/nbdev-clean
$BIN/nbdev-export
after=$(git status --porcelain)
if [ "$before" != "$after" ]; then
  echo "FAIL: nbdev-clean/nbdev-export changed tracked files; notebooks and library are out of sync:"
  diff <(echo "$before") <(echo "$after") || true
  git --no-pager diff --stat
  exit 1
fi

echo "== notebooks committed with their outputs (what a reader on GitHub sees), at most 15 MB together"
$BIN/python - <<'PY'
import json, pathlib, sys
nbs = sorted(pathlib.Path('nbs').glob('*.ipynb'))
bare = [str(f) for f in nbs if not any(c.get('outputs') for c in json.loads(f.read_text())['cells'] if c['cell_type'] == 'code')]
mb = sum(f.stat().st_size for f in nbs) / 2**20
if bare: sys.exit(f"FAIL: saved without any outputs (run `make outputs` and commit): {', '.join(bare)}")
if mb > 15: sys.exit(f"FAIL: the notebooks take {mb:.1f} MB together; at most 15 MB")
print(f"{len(nbs)} notebooks with outputs, {mb:.1f} MB together")
PY

echo "== 2/4 every notebook, top to bottom, in a fresh kernel (nbdev-test)"
start=$(date +%s)
$BIN/nbdev-test --n-workers 2 --timing
echo "nbdev-test took $(( $(date +%s) - start )) s"

echo "== 3/4 pytest"
$BIN/python -m pytest -q -rs tests   # -rs: say why a test was skipped (the browser test, without chromium)

echo "== 4/4 the widget tests again under ipywidgets 7.7.1 (what Colab ships), in .venv-ipywidgets7"
.venv-ipywidgets7/bin/python -m pytest -q -p no:cacheprovider -W ignore::DeprecationWarning tests/test_widgets.py
