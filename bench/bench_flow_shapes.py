"""The shipped flow-matching shapes model beside the shipped diffusion model: sample quality and sampling time.

Run: .venv/bin/python bench/bench_flow_shapes.py [--n 1024] [--device cpu|cuda]
     [--out diffgrid_nb/measured/flow_quality_cpu.json]
Both models sample n images spread over the classes with their default sampler at 50 steps, deterministic (DDIM eta = 0
for diffusion, flow DDIM eta = 0, which is Euler, for flow matching) and the default guidance; the detector reads each
image. Prints, per model, the requested class, the valid fraction, the largest gap between a colour's frequency and the
data's, and seconds per image; --out writes the same as JSON (notebook 11b reads it).
"""
import argparse, json, sys, time
import torch
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.training import sample_quality

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument('--n', type=int, default=1024); ap.add_argument('--device', default=None)
ap.add_argument('--out', default=None)
a = ap.parse_args()

rows = {}
print(f"{'model':12} {'requested class':>16} {'valid':>7} {'colour gap':>11} {'s/image':>8}")
for name in ('shapes_unet', 'shapes_flow'):
    den = load_pretrained(name=name, device=a.device)
    t0 = time.time(); q = sample_quality(den, n=a.n, progress=False); dt = time.time() - t0
    q.pop('images'); q['seconds_per_image'] = round(dt / a.n, 4); rows[name] = q
    print(f"{name:12} {q['requested_class']:16.1%} {q['valid']:7.1%} {q['largest_frequency_gap']['colour']:11.3f} "
          f"{dt / a.n:8.3f}")
if a.out:
    cmd = f".venv/bin/python {' '.join(sys.argv)}  ({den.device}, {torch.get_num_threads()} threads)"
    open(a.out, 'w').write(json.dumps(dict(command=cmd, quality=rows), indent=1)); print(f"written to {a.out}")
