"""What each row of a model's default grid changes: per row, how often a branch's final image differs from the trunk's
in each attribute, and the mean pixel distance, over many seeds (issue 11's grid criteria).

Run: .venv/bin/python bench/bench_grid_rows.py [--model allscales|FOLDER] [--seeds 16] [--device cpu|cuda]
     [--out F.json]
Draws the model's default grid (DDIM 50, η = 1, its own branch points and guidance, 3 branches) for each seed,
conditioned on triangle and then unconditional. Each rate carries a 95% Wilson interval. About 5 minutes on 2 CPU
cores for 16 seeds; --out writes the rows as JSON (the form of diffgrid_nb/measured/grid_rows_allscales_cpu.json).
"""
import argparse, json
from dataclasses import asdict
from pathlib import Path
from diffgrid_nb.pretrained import load_model
from diffgrid_nb.decisions import grid_rows_report
from diffgrid_nb.solvers import wilson

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument('--model', default='allscales', help="a shipped model or a model folder (default allscales)")
ap.add_argument('--seeds', type=int, default=16); ap.add_argument('--device', default=None)
ap.add_argument('--out', default=None)
a = ap.parse_args()
den = load_model(a.model, device=a.device)
print(f"model {a.model}, device {den.device}, branch points {den.branch_points}")
bp = den.branch_points   # None: the grid's general default steps
out = dict(model=a.model, seeds=a.seeds, branches=3, branch_points=bp and asdict(bp), rows={})
for cond in ('triangle', None):
    r = grid_rows_report(den, range(a.seeds), cond=cond, progress=False)
    out['rows'][cond or 'none'] = {str(k): v for k, v in r.items()}
    print(f"conditioned on {cond}" if cond else "unconditional", flush=True)
    for k, v in r.items():
        cells = []
        for name, p in v['differs'].items():
            lo, hi = wilson(round(p * v['n']), v['n'])
            cells.append(f"{name} {p:.0%} [{lo:.0%}, {hi:.0%}]")
        print(f"  step {k:2d} (t = {v['t']}): differs: " + ', '.join(cells)
              + f"; pixel distance {v['pixel_dist']:.3f} (n = {v['n']})", flush=True)
if a.out: Path(a.out).write_text(json.dumps(out, indent=1)); print(f"written to {a.out}")
