"""Decision curves of the shipped model, with intervals, against the SNR rule's predictions.

Run: .venv/bin/python bench/bench_decisions.py [--trees 16] [--branches 8] [--steps 50] [--device cpu|cuda]
     [--model diffusion|flow|FOLDER] [--cond SHAPE] [--out diffgrid_nb/measured/decisions_cpu.json]
--model flow measures the shipped flow-matching model (branches: flow DDIM, eta = 1).
Without --cond: unconditional, the UNet alone (the linear denoiser cannot choose a class). With --cond: the grid's
settings, conditioned on that shape with the model's defaults (guidance, linear denoiser), so that the branch points
printed at the end fit a grid drawn with that condition.
Prints, per attribute, the measured decision step and log-SNR with 95% intervals, the SNR rule's prediction
(log SNR = -log λ_a, with λ_a from `attribute_variance`) and the difference in nats; then the time the run took
and branches per second. The curves go to --out (JSON), which notebook 11 can plot. --store writes the teaching
branch points into the model folder's shapes_unet.json, so that its default grid uses them.
"""
import argparse, json, math, sys, time, warnings
from dataclasses import asdict
from pathlib import Path
from diffgrid_nb.pretrained import load_model
from diffgrid_nb.decisions import decision_curves, save_measured, teaching_branch_points
from diffgrid_nb.grid import default_branch_steps
from diffgrid_nb.data import attribute_variance

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument('--trees', type=int, default=16); ap.add_argument('--branches', type=int, default=8)
ap.add_argument('--steps', type=int, default=50); ap.add_argument('--device', default=None)
ap.add_argument('--max-batch', type=int, default=256); ap.add_argument('--out', default=None)
ap.add_argument('--model', default=None, help="a shipped model (diffusion, the default, or flow) or a folder")
ap.add_argument('--cond', default=None, help="a shape: measure under the grid's settings with that condition")
ap.add_argument('--store', action='store_true', help="write the teaching branch points into --model's folder")
a = ap.parse_args()
if a.store and not (a.cond and (Path(a.model or '') / 'shapes_unet.json').is_file()):
    sys.exit("--store needs --model to be a model folder (with shapes_unet.json) and --cond: branch points are measured "
             "under the grid's settings")

den = load_model(a.model, device=a.device)
if a.cond is None: den = den.unet_only()       # unconditional: the linear denoiser cannot choose a class
t0 = time.time()
c = decision_curves(den, a.trees, a.branches, n_steps=a.steps, cond=a.cond, max_batch=a.max_batch)
wall = time.time() - t0
n_branch = a.trees * a.branches * len(c.steps)
print(f"{a.trees} trees x {a.branches} branches at {len(c.steps)} steps {c.steps.tolist()} of {a.steps}, {c.sampler}, "
      + (f"conditioned on {a.cond}, the model's defaults" if a.cond else "unconditional, UNet only")
      + f", model {a.model or 'diffusion'}, device {den.device}")
print(f"intervals: {c.method}; widest half-width per attribute: "
      + ", ".join(f"{k} {max((c.hi[k] - c.lo[k]) / 2):.3f}" for k in c.rate))
print(f"{'attribute':10} {'chance':>6} {'step [95% CI]':>22} {'log SNR [95% CI]':>24} {'lambda':>8} {'predicted':>9} "
      f"{'miss':>6}")
for k in c.rate:
    if c.chance[k] >= 1: print(f"{k:10} fixed by the condition"); continue
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always'); s = c.decision_step(k)
    lam = attribute_variance(k, spec=den.shapes_data())
    pred = -math.log(lam)
    print(f"{k:10} {c.chance[k]:6.3f} {s.step:8.2f} [{s.lo:5.2f}, {s.hi:5.2f}] {s.log_snr:8.2f} [{s.log_snr_lo:5.2f}, "
          f"{s.log_snr_hi:5.2f}] {lam:8.1f} {pred:9.2f} "
          f"{s.log_snr - pred:6.2f}" + (f"   ({w[0].message})" if w else ''))
print(f"invalid pairs per step: {[round(v, 3) for v in c.invalid.tolist()]}")
print(f"{c.evals} model evaluations, {n_branch} branches in {wall:.0f} s: {n_branch / wall:.1f} branches/s, "
      f"{c.evals / wall:.0f} evaluations/s")
try: bp = teaching_branch_points(c)
except ValueError as e: bp = None; print(f"no teaching branch points: {e}")
if bp is not None:
    den.branch_points = bp
    print(f"teaching branch points: log SNR {bp.log_snr}, steps {default_branch_steps(den, a.steps)} of {a.steps}; "
          f"still differing per row: {bp.decides}")
if a.store:
    cfg_file = Path(a.model) / 'shapes_unet.json'
    if bp is None: print(f"nothing stored in {cfg_file}")
    else:
        cfg = json.loads(cfg_file.read_text()); cfg['branch_points'] = asdict(bp)
        cfg_file.write_text(json.dumps(cfg, indent=1)); print(f"branch points stored in {cfg_file}")
if a.out:
    save_measured(c, a.out, f".venv/bin/python {' '.join(sys.argv)}  ({den.device}, {wall:.0f} s)")
    print(f"curves written to {a.out}")
