# What each row of the default-sized grid changes for this model, branching at steps 1, 3, 9, 21 of 50 (the points
# teaching_branch_points gives from the all-scales forward-backward run), 8 seeds x 3 branches, DDIM eta 1, guidance 3.
# Run from the repository root: python training_runs/shapes_cpu2/grid_rows.py (about 1 minute on 2 CPU cores)
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.decisions import grid_rows_report
den = load_pretrained('training_runs/shapes_cpu2', device='cpu')
for steps, cond in [((1, 3, 9, 21), None), ((1, 3, 9, 21), 'triangle')]:
    r = grid_rows_report(den, range(8), branch_steps=steps, cond=cond, progress=False)
    print('cond', cond)
    for k, v in r.items():
        print(f"  step {k:2d}: " + ', '.join(f"{a} {p:.0%}" for a, p in v['differs'].items()) + f"; pixel {v['pixel_dist']:.3f} (n={v['n']})")
