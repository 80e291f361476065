"""Quality and speed of the shipped shapes model, measured with the analytic detector.

Run: .venv/bin/python bench/bench_shapes_model.py  (about 5 minutes on 2 CPU cores)
Prints, per sampler setting, over 256 samples spread evenly over the shape classes: the fraction detected as the
requested shape, the fraction of valid single shapes, and which palette colours appear. Also data-generation speed
against a training step, and the time of a 50-step, 16-image sample.
"""
import time, torch
from diffgrid_nb.pretrained import load_pretrained, generate
from diffgrid_nb.denoisers import DEFAULT_GUIDANCE
from diffgrid_nb.unet import make_shapes_unet
from diffgrid_nb.data import detect, make_batch, normalize, COLOURS, SHAPES
from diffgrid_nb.samplers import simple_loss

torch.manual_seed(0)
den = load_pretrained(device='cpu')
n, per = 256, 256 // len(SHAPES)
cond = torch.arange(len(SHAPES)).repeat_interleave(per + 1)[:n]
print(f"threads: {torch.get_num_threads()}; model: {sum(p.numel() for p in den.unet.parameters()):,} parameters")
print(f"{'setting':32s} {'requested shape':>16s} {'valid':>7s} {'colours seen':>13s} {'seconds':>8s}")
for name, kw in [('DDIM 50 steps, eta=0 (default)', dict(n_steps=50, eta=0.0)), ('DDIM 50 steps, eta=1', dict(n_steps=50, eta=1.0)),
                 ('DDIM 25 steps, eta=0', dict(n_steps=25, eta=0.0))]:
    t0 = time.perf_counter()
    imgs = torch.cat([generate(den, n=64, cond=cond[i:i + 64], guidance=DEFAULT_GUIDANCE, seed=1000 + i, **kw) for i in range(0, n, 64)])
    dt = time.perf_counter() - t0
    d = detect(imgs)
    cols = sorted({COLOURS[c] for c in d['colour'][d['valid']].tolist()})
    print(f"{name:32s} {(d['shape'] == cond).float().mean().item():16.1%} {d['valid'].float().mean().item():7.1%} {len(cols):>6d} of {len(COLOURS)} {dt:8.1f}")

t0 = time.perf_counter(); generate(den, n=16, cond='circle', n_steps=50); t16 = time.perf_counter() - t0
print(f"one 50-step sample of 16 images with guidance {DEFAULT_GUIDANCE}: {t16:.1f} s")
t0 = time.perf_counter(); make_batch(128, seed=1); tdata = time.perf_counter() - t0
unet = make_shapes_unet(); opt = torch.optim.AdamW(unet.parameters())
x0 = normalize(make_batch(128)[0]); t = torch.randint(0, 1000, (128,)); noise = torch.randn_like(x0)
t0 = time.perf_counter()
for _ in range(3):
    loss = simple_loss(lambda x, tt: unet(x, tt, class_labels=torch.zeros(128, dtype=torch.long)).sample, x0, t, noise, den.sched)
    opt.zero_grad(); loss.backward(); opt.step()
tstep = (time.perf_counter() - t0) / 3
print(f"data: {128 / tdata:,.0f} images/s; a batch of 128 takes {tdata * 1000:.0f} ms to draw vs {tstep * 1000:.0f} ms for a CPU training step (ratio {tstep / tdata:.0f}x)")
