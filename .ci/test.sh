#!/usr/bin/env bash
# The README's test command (`make test`) runs this after set-up. Fails on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1 MPLBACKEND=Agg

echo "== 1/3 notebooks and library in sync (nbdev-clean, nbdev-export)"
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

echo "== 2/3 every notebook, top to bottom, in a fresh kernel (nbdev-test)"
start=$(date +%s)
$BIN/nbdev-test --n-workers 2 --timing
echo "nbdev-test took $(( $(date +%s) - start )) s"

echo "== 3/3 pytest"
$BIN/python -m pytest -q -rs tests   # -rs: say why a test was skipped (the browser test, without chromium)
