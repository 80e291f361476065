# What each row of this model's default grid changes, 16 seeds x 3 branches, DDIM 50 eta 1, guidance 3, at the branch
# points stored in its .json by branch_points.py: conditioned on triangle (the settings they were measured under), then
# unconditional. Prints a table (grid_rows.txt) and writes diffgrid_nb/measured/grid_rows_allscales_cpu.json,
# which notebook 11 reads (the model ships as load_model('allscales'), the same weights).
# Run from the repository root: python training_runs/shapes_cpu4/grid_rows.py > training_runs/shapes_cpu4/grid_rows.txt
# (about 5 minutes on 2 CPU cores)
import json
from dataclasses import asdict
from pathlib import Path
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.decisions import grid_rows_report
here = Path('training_runs/shapes_cpu4')
den = load_pretrained(here, device='cpu')
print('branch points', den.branch_points)
out = dict(seeds=16, branches=3, branch_points=asdict(den.branch_points), rows={})
for cond in ('triangle', None):
    r = grid_rows_report(den, range(16), cond=cond, progress=False)
    out['rows'][cond or 'none'] = {str(k): v for k, v in r.items()}
    print('cond', cond, flush=True)
    for k, v in r.items():
        print(f"  step {k:2d}: " + ', '.join(f"{a} {p:.0%}" for a, p in v['differs'].items())
              + f"; pixel {v['pixel_dist']:.3f} (n={v['n']})", flush=True)
Path('diffgrid_nb/measured/grid_rows_allscales_cpu.json').write_text(json.dumps(out, indent=1))
