"""The forward-backward experiment: noise clean data images to each step's level, denoise them back with DDIM
(η = 0 and η = 1), and measure how often each attribute keeps the original's value.

Run: .venv/bin/python bench/bench_forward_backward.py [--images 96] [--steps 50] [--device cpu|cuda]
     [--weights FOLDER] [--out diffgrid_nb/measured/forward_backward_cpu.json]
--weights: a folder with shapes_unet.safetensors/.json (default: the shipped model). Prints, per η and attribute, the
critical log-SNR (where the rate crosses halfway between chance and 1) with its 95% interval, and the width of the
transition (log-SNR from a quarter to three quarters of the way): small = abrupt. The curves go to --out (JSON).
"""
import argparse, sys, time, warnings
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.decisions import forward_backward, save_measured

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument('--images', type=int, default=96); ap.add_argument('--steps', type=int, default=50)
ap.add_argument('--device', default=None); ap.add_argument('--weights', default=None)
ap.add_argument('--max-batch', type=int, default=256); ap.add_argument('--out', default=None)
a = ap.parse_args()

den = load_pretrained(a.weights, device=a.device).unet_only()   # unconditional: the linear denoiser cannot choose a class
steps = sorted({*range(0, 12), 14, 17, 21, 27, 36, a.steps - 1} & set(range(a.steps)))
print(f"{a.images} images, start steps {steps} of {a.steps} DDIM steps, unconditional, UNet only, "
      f"weights {a.weights or 'shipped'}, device {den.device}")
print(f"{'eta':>4} {'attribute':9} {'chance':>6} {'critical log SNR [95% CI]':>27} {'width':>6} {'step':>6}")
out, t0 = {}, time.time()
for eta in (0.0, 1.0):
    c = forward_backward(den, a.images, steps, n_steps=a.steps, eta=eta, max_batch=a.max_batch, progress=False)
    for k in c.rate:
        with warnings.catch_warnings(record=True):
            warnings.simplefilter('always'); s = c.decision_step(k)
        w = c.crossing(k, 0.75)[1] - c.crossing(k, 0.25)[1]
        print(f"{eta:4.1f} {k:9} {c.chance[k]:6.3f} {s.log_snr:9.2f} [{s.log_snr_lo:6.2f}, "
              f"{s.log_snr_hi:6.2f}] {w:6.2f} {s.step:6.2f}", flush=True)
    print(f"     invalid: {[round(v, 3) for v in c.invalid.tolist()]}; {c.evals} evaluations in {c.seconds:.0f} s")
    out[f'eta={eta:g}'] = c
    if a.out: save_measured(out, a.out, f".venv/bin/python {' '.join(sys.argv)}  ({den.device})")
print(f"total {time.time() - t0:.0f} s" + (f"; curves written to {a.out}" if a.out else ''))
