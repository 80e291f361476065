"""Clocks and knobs: decision curves of the shipped model under two schedules, two η and three guidance scales.

Run: .venv/bin/python bench/bench_knobs.py [--trees 16] [--branches 4] [--steps 50] [--device cpu|cuda]
     [--out diffgrid_nb/measured/knobs_cpu.json]
Each setting is one `decision_curves` run with the same seeds. Unconditional settings (cosine and linear schedule,
η = 1 and 0.5) measure shape and colour; guided settings condition on a class ('square'), so only colour can vary.
Prints each attribute's decision step and log-SNR with 95% intervals per setting, and the time each run took. The curves
go to --out (JSON: setting name -> the fields of `DecisionCurves`), which notebook 11 plots.
"""
import argparse, sys, warnings
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.decisions import decision_curves, Rescheduled, save_measured
from diffgrid_nb.grid import grid_sampler
from diffgrid_nb.schedules import linear_schedule

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument('--trees', type=int, default=16); ap.add_argument('--branches', type=int, default=4)
ap.add_argument('--steps', type=int, default=50); ap.add_argument('--device', default=None)
ap.add_argument('--max-batch', type=int, default=256); ap.add_argument('--out', default=None)
a = ap.parse_args()

unet = load_pretrained(device=a.device).unet_only()     # unconditional: the linear denoiser cannot choose a class
lin = Rescheduled(unet, linear_schedule())
SETTINGS = {   # name: (denoiser, η, condition, guidance)
    'cosine, η=1': (unet, 1.0, None, 1.0), 'linear, η=1': (lin, 1.0, None, 1.0), 'cosine, η=0.5': (unet, 0.5, None, 1.0),
    'square, guidance 1': (unet, 1.0, 'square', 1.0), 'square, guidance 3': (unet, 1.0, 'square', 3.0),
    'square, guidance 7': (unet, 1.0, 'square', 7.0)}
out = {}
print(f"{a.trees} trees x {a.branches} branches, {a.steps} DDIM steps, UNet only, device {unet.device}")
print(f"{'setting':20} {'attribute':8} {'step [95% CI]':>22} {'log SNR':>8} {'seconds':>8}")
for name, (den, eta, cond, g) in SETTINGS.items():
    c = decision_curves(den, a.trees, a.branches, sampler=grid_sampler(den, 'ddim', a.steps, eta), cond=cond,
                        guidance=g, max_batch=a.max_batch, progress=False)
    for k in c.rate:
        if c.chance[k] >= 1: continue
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter('always'); s = c.decision_step(k)
        print(f"{name:20} {k:8} {s.step:8.2f} [{s.lo:5.2f}, {s.hi:5.2f}] {s.log_snr:8.2f} {c.seconds:8.0f}"
              + ("   (never crosses for good: " + str(w[0].message).split('(')[-1] if w else ''), flush=True)
    out[name] = c
    if a.out: save_measured(out, a.out, f".venv/bin/python {' '.join(sys.argv)}  ({unet.device})")
print(f"total {sum(v.seconds for v in out.values()):.0f} s" + (f"; curves written to {a.out}" if a.out else ''))
