# What each row of this model's default grid changes, 16 seeds x 3 branches, DDIM 50 eta 1, guidance 3, at the branch
# points stored in its .json by branch_points.py: conditioned on triangle (the settings they were measured under), then
# unconditional. Run from the repository root: python training_runs/shapes_cpu4/grid_rows.py (about 5 minutes on 2 CPU
# cores)
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.decisions import grid_rows_report
den = load_pretrained('training_runs/shapes_cpu4', device='cpu')
print('branch points', den.branch_points)
for cond in ('triangle', None):
    r = grid_rows_report(den, range(16), cond=cond, progress=False)
    print('cond', cond, flush=True)
    for k, v in r.items():
        print(f"  step {k:2d}: " + ', '.join(f"{a} {p:.0%}" for a, p in v['differs'].items())
              + f"; pixel {v['pixel_dist']:.3f} (n={v['n']})", flush=True)
