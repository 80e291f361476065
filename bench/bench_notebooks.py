"""Time and peak memory of every notebook run top to bottom under nbdev-test, each in a fresh process.

The budget a notebook must fit (issue: a newcomer's first hour): 3 GB of RAM and 3 minutes on 2 CPU cores, what a free cloud
notebook or a small laptop offers. Usage: `.venv/bin/python bench/bench_notebooks.py [NOTEBOOK ...]`; prints a table and
exits 1 if a notebook fails or is over budget.
"""
import os, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_GB, BUDGET_S = 3.0, 180.0


def run(nb: Path):
    "Run one notebook with nbdev-test in a child process: (seconds, peak resident memory in GB, exit status)"
    exe = Path(sys.executable).with_name('nbdev-test')
    env = {**os.environ, 'MPLBACKEND': 'Agg', 'HF_HUB_OFFLINE': '1', 'TRANSFORMERS_OFFLINE': '1'}
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen([str(exe), '--n-workers', '0', str(nb)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        seconds, rc = time.perf_counter() - t0, os.waitstatus_to_exitcode(status)
        if rc != 0: err.seek(0); print(err.read().decode(errors='replace')[-3000:], file=sys.stderr)
    kb = usage.ru_maxrss / (1024 if sys.platform == 'darwin' else 1)     # Linux reports kilobytes, macOS bytes
    return seconds, kb / 2**20, rc


def main(names):
    nbs = [ROOT / 'nbs' / n for n in names] if names else sorted((ROOT / 'nbs').glob('*.ipynb'))
    print(f"{'notebook':32s} {'seconds':>8s} {'peak GB':>8s}  status   (budget: {BUDGET_S:.0f} s, {BUDGET_GB:.0f} GB; {os.cpu_count()} cores)")
    bad = 0
    for nb in nbs:
        s, gb, rc = run(nb)
        over = [w for w, x in (('time', s > BUDGET_S), ('memory', gb > BUDGET_GB), ('failed', rc != 0)) if x]
        bad += bool(over)
        print(f"{nb.name:32s} {s:8.1f} {gb:8.2f}  {'over: ' + ', '.join(over) if over else 'ok'}", flush=True)
    print(f"{len(nbs) - bad} of {len(nbs)} notebooks within budget")
    return 1 if bad else 0


if __name__ == '__main__': sys.exit(main(sys.argv[1:]))
