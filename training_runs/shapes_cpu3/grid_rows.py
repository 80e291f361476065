# What each row of the default-sized grid changes for this model, 16 seeds x 3 branches, DDIM eta 1, guidance 3: first at
# steps 1, 3, 9, 21 of 50 (teaching_branch_points from the all-scales forward-backward run), then with a last row
# before the dot's decision. Run from the repository root: python training_runs/shapes_cpu3/grid_rows.py (about 8 minutes
# on 2 CPU cores)
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.decisions import grid_rows_report
den = load_pretrained('training_runs/shapes_cpu3', device='cpu')
for steps, cond in [((1, 3, 9, 21), 'triangle'), ((1, 3, 9, 15), 'triangle'), ((1, 3, 9, 21), None)]:
    r = grid_rows_report(den, range(16), branch_steps=steps, cond=cond, progress=False)
    print('cond', cond, flush=True)
    for k, v in r.items():
        print(f"  step {k:2d}: " + ', '.join(f"{a} {p:.0%}" for a, p in v['differs'].items())
              + f"; pixel {v['pixel_dist']:.3f} (n={v['n']})", flush=True)
