"""Quality and speed of a shapes model, measured with the analytic detector.

Run: .venv/bin/python bench/bench_shapes_model.py [--model diffusion|FOLDER] [--n 1024] [--variants shipped,unet-only]
     [--guidance G] [--out FILE.json] [--no-speed] [--device cpu|cuda]
(about 25 minutes on 2 CPU cores with the defaults; the quality part is most of it)

1. Quality against the bar a shipped model must meet (`QualityBar`: requested class >= 95%, each attribute read in
   >= 90%, every value's frequency within 5 points of the data's), over --n samples with `sample_quality` (DDIM 50,
   eta = 0, the classes in turn), per variant: `shipped` (the model as it loads, with its linear denoiser at the
   highest noise levels and its own sampling defaults), `unet-only` (the UNet at every step), `leading` and
   `trailing` (the model with that DDIM timestep spacing: the first step at t = 980 or 999 for 50 steps). Each
   frequency gap is printed with the value that is farthest from the data's and its 95% Wilson interval, then what
   misses the bar. --out writes it all as JSON.
2. Per sampler setting, over 256 samples: the requested shape, valid single shapes, and the palette colours seen.
3. Speed: a 50-step sample of 16 images; drawing data against a training step.
"""
import argparse, copy, json, platform, time, torch
from dataclasses import replace
from diffgrid_nb.pretrained import load_model, generate
from diffgrid_nb.unet import make_shapes_unet
from diffgrid_nb.data import detect, make_batch, normalize, COLOURS, SHAPES, VALUES
from diffgrid_nb.samplers import simple_loss
from diffgrid_nb.solvers import wilson
from diffgrid_nb.training import sample_quality, quality_misses, QualityBar

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument('--model', default=None, help="a shipped model (diffusion, the default) or a folder")
ap.add_argument('--n', type=int, default=1024, help="samples for the quality part (0: skip it)")
ap.add_argument('--variants', default='shipped,unet-only',
                help="comma-separated: shipped, unet-only, leading, trailing (the model with that DDIM spacing)")
ap.add_argument('--guidance', type=float, default=None, help="None: the model's default")
ap.add_argument('--device', default='cpu'); ap.add_argument('--out', default=None)
ap.add_argument('--no-speed', action='store_true', help="only the quality part")
a = ap.parse_args()
def with_spacing(d, spacing):
    "d sampled with another DDIM timestep spacing"
    d = copy.copy(d); d.defaults = replace(d.defaults, spacing=spacing); return d
VARIANTS = {'shipped': lambda d: d, 'unet-only': lambda d: d.unet_only(), 'leading': lambda d: with_spacing(d, 'leading'),
            'trailing': lambda d: with_spacing(d, 'trailing')}
if unknown := set(a.variants.split(',')) - set(VARIANTS):
    ap.error(f"--variants: unknown {sorted(unknown)}; choose from {sorted(VARIANTS)}")

torch.manual_seed(0)
den = load_model(a.model, device=a.device)
guidance = den.defaults.guidance if a.guidance is None else a.guidance
print(f"model {a.model or 'diffusion'}: DDIM spacing {den.defaults.spacing}; {sum(p.numel() for p in den.unet.parameters()):,} parameters, data "
      f"{den.shapes_data().attributes}; device {den.device}, {torch.get_num_threads()} threads")

bar = QualityBar()
report = dict(model=a.model or 'diffusion', spacing=den.defaults.spacing, n=a.n, guidance=guidance, bar=vars(bar), variants={},
              machine=platform.processor() or platform.machine(), device=str(den.device))
if a.n:
    print(f"\n== quality over {a.n} samples, DDIM 50, eta 0, guidance {guidance}; the bar: {bar}")
    for name in a.variants.split(','):
        t0 = time.perf_counter()
        q = sample_quality(VARIANTS[name](den), n=a.n, guidance=guidance, progress=False); q.pop('images')
        q['seconds'] = time.perf_counter() - t0
        q['misses'] = {k: list(v) for k, v in quality_misses(q, bar).items()}
        report['variants'][name] = q
        n_read = round(q['all_attributes_read'] * a.n)
        print(f"{name}: requested class {q['requested_class']:.1%}, valid {q['valid']:.1%}, every attribute read "
              f"{q['all_attributes_read']:.1%} ({', '.join(f'{k} {v:.1%}' for k, v in q['per_attribute_read'].items())}); "
              f"{q['seconds']:.0f} s")
        for att, fs in q['frequencies'].items():
            if not n_read: print(f"  {att:8s} no sample read in full: no frequencies"); continue
            worst = max(range(len(fs)), key=lambda i: abs(fs[i] - 1 / len(fs)))
            lo, hi = wilson(round(fs[worst] * n_read), n_read)
            print(f"  {att:8s} gap {q['largest_frequency_gap'][att]:6.1%} (data {1 / len(fs):.1%} each); "
                  + ', '.join(f"{v} {f:.1%}" for v, f in zip(VALUES[att], fs))
                  + f"; {VALUES[att][worst]} 95% interval [{lo:.1%}, {hi:.1%}]")
        print("  misses the bar: " + ('; '.join(f"{k} {m:.1%} (bar {b:.0%})" for k, (m, b) in q['misses'].items())
                                       or 'nothing'))
    if a.out:
        with open(a.out, 'w') as f: json.dump(report, f, indent=1)
        print(f"written to {a.out}")

if not a.no_speed:
    n, per = 256, 256 // len(SHAPES)
    cond = torch.arange(len(SHAPES)).repeat_interleave(per + 1)[:n]
    print(f"\n{'setting':32s} {'requested shape':>16s} {'valid':>7s} {'colours seen':>13s} {'seconds':>8s}")
    for name, kw in [('DDIM 50 steps, eta=0 (default)', dict(n_steps=50, eta=0.0)), ('DDIM 50 steps, eta=1', dict(n_steps=50, eta=1.0)),
                     ('DDIM 25 steps, eta=0', dict(n_steps=25, eta=0.0))]:
        t0 = time.perf_counter()
        imgs = torch.cat([generate(den, n=64, cond=cond[i:i + 64], guidance=guidance, seed=1000 + i, **kw) for i in range(0, n, 64)])
        dt = time.perf_counter() - t0
        d = detect(imgs)
        cols = sorted({COLOURS[c] for c in d['colour'][d['valid']].tolist()})
        print(f"{name:32s} {(d['shape'] == cond).float().mean().item():16.1%} {d['valid'].float().mean().item():7.1%} {len(cols):>6d} of {len(COLOURS)} {dt:8.1f}")

    t0 = time.perf_counter(); generate(den, n=16, cond='circle', n_steps=50); t16 = time.perf_counter() - t0
    print(f"one 50-step sample of 16 images with guidance {guidance}: {t16:.1f} s")
    t0 = time.perf_counter(); make_batch(128, seed=1); tdata = time.perf_counter() - t0
    unet = make_shapes_unet(); opt = torch.optim.AdamW(unet.parameters())
    x0 = normalize(make_batch(128)[0]); t = torch.randint(0, 1000, (128,)); noise = torch.randn_like(x0)
    t0 = time.perf_counter()
    for _ in range(3):
        loss = simple_loss(lambda x, tt: unet(x, tt, class_labels=torch.zeros(128, dtype=torch.long)).sample, x0, t, noise, den.sched)
        opt.zero_grad(); loss.backward(); opt.step()
    tstep = (time.perf_counter() - t0) / 3
    print(f"data: {128 / tdata:,.0f} images/s; a batch of 128 takes {tdata * 1000:.0f} ms to draw vs {tstep * 1000:.0f} ms for a CPU training step (ratio {tstep / tdata:.0f}x)")
