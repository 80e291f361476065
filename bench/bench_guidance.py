"""The default guidance and the x̂0 clamp of the shipped shapes model, measured with the detector.

Run: .venv/bin/python bench/bench_guidance.py  (about 8 minutes on 2 CPU cores)
Prints, for DDIM 50 steps with η = 0 over 256 samples spread evenly over the shapes (the same seeds as
bench_shapes_model.py), the share of requested shapes and of valid single shapes: at guidance 2 without and with the
clamp of x̂0 to the pixel range, and with the clamp at guidance 1.5, 3 and 5. These figures chose the defaults
(clamp on, guidance 3).
"""
import torch
from diffgrid_nb.models import load_pretrained, generate
from diffgrid_nb.data import detect, SHAPES

den = load_pretrained(device='cpu')
n, per = 256, 256 // len(SHAPES)
cond = torch.arange(len(SHAPES)).repeat_interleave(per + 1)[:n]
print(f"threads: {torch.get_num_threads()}; DDIM 50 steps, eta=0, {n} samples")
print(f"{'clamp x0':>9s} {'guidance':>9s} {'requested shape':>16s} {'valid':>7s}")
for clip, g in [(False, 2.0), (True, 2.0), (True, 1.5), (True, 3.0), (True, 5.0)]:
    den.clip_x0 = clip
    imgs = torch.cat([generate(den, n=64, cond=cond[i:i + 64], guidance=g, seed=1000 + i, n_steps=50, eta=0.0) for i in range(0, n, 64)])
    d = detect(imgs)
    print(f"{str(clip):>9s} {g:9.1f} {(d['shape'] == cond).float().mean().item():16.1%} {d['valid'].float().mean().item():7.1%}", flush=True)
