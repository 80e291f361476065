# Does a larger batch cure the crossed stripes? The CPU cycles trained at batches of 128 and stopped improving; the GPU
# recipe trains at 2,048. Fine-tune the shipped all-scales UNet (shapes_cpu4's EMA weights) at an effective batch of
# 128 x ACCUM images (gradients accumulated over ACCUM chunks of 128, timesteps uniform as in `train`), at a constant
# learning rate LR after 20 warm-up steps, with an EMA of 0.99, for STEPS steps or MINUTES minutes, whichever comes
# first. Then score it over the 256 samples of ft_mid.py (DDIM 50, eta 0, guidance 3, trailing spacing, seed 0); the
# model as shipped reads the stripes in 87.9% of them (ft_mid.out).
# Run from the repository root: python training_runs/shapes_cpu4/stripes/ft_batch.py STEPS ACCUM LR MINUTES > ....out
import copy, json, sys, time, torch
torch.set_num_threads(2)
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.training import shapes_batch, sample_quality
from diffgrid_nb.samplers import simple_loss
from diffgrid_nb.solvers import wilson
from diffgrid_nb.data import SCALES
steps, accum, lr, minutes = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
n = int(sys.argv[5]) if len(sys.argv) > 5 else 256   # fewer samples: a quick check of the script
den = load_pretrained('training_runs/shapes_cpu4', device='cpu')
model = den.unet.train(); ema = copy.deepcopy(model).eval().requires_grad_(False)
opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda i: min(1., (i + 1) / 20))
g, gd = torch.Generator().manual_seed(21), torch.Generator().manual_seed(22)
null = model.config.num_class_embeds - 1
t0, run, done = time.time(), 0., 0
for i in range(steps):
    opt.zero_grad()
    for _ in range(accum):
        x0, cond, noise = shapes_batch(128, g, gd, null, 0.1, torch.device('cpu'), SCALES)
        t = torch.randint(0, 1000, (128,), generator=g)
        loss = simple_loss(lambda x, tt: model(x, tt, class_labels=cond).sample, x0, t, noise, den.sched) / accum
        loss.backward(); run += loss.item()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0); opt.step(); sched.step()
    with torch.no_grad():
        for pe, pm in zip(ema.parameters(), model.parameters()): pe.lerp_(pm, 1 - 0.99)
    done = i + 1
    if done % 25 == 0: print(done, round(run / 25, 5), round(time.time() - t0), flush=True); run = 0.
    if time.time() - t0 > 60 * minutes: break
den.unet = ema
q = sample_quality(den, n=n, progress=False)
k = int(round(q["per_attribute_read"]["stripes"] * n)); lo, hi = wilson(k, n)
print(f"ft_batch {done} steps of {128 * accum} images at lr {lr} ({time.time() - t0:.0f} s): stripes read "
      f"{k / n:.1%} [{lo:.1%}, {hi:.1%}]", flush=True)
print(json.dumps({a: q[a] for a in ('requested_class', 'valid', 'all_attributes_read', 'per_attribute_read',
                                     'largest_frequency_gap')}), flush=True)
