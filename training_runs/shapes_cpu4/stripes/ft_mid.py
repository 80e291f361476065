# Does training more at mid noise, where the stripes are decided (log SNR about -1.2, t about 650), cure the samples
# whose stripes are a blend of two directions? Fine-tune the shipped all-scales UNet (shapes_cpu4's EMA weights) with
# half of each batch's timesteps in [lo, hi) and half anywhere, keep an EMA, and score it over 256 samples (DDIM 50,
# eta 0, guidance 3, trailing spacing, seed 0), against the same 256 samples of the model as shipped.
# Run from the repository root: python training_runs/shapes_cpu4/stripes/ft_mid.py STEPS LO HI > ....out
import copy, json, sys, time, torch
torch.set_num_threads(2)
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.training import shapes_batch, sample_quality
from diffgrid_nb.samplers import simple_loss
from diffgrid_nb.data import SCALES
steps, lo, hi = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
den = load_pretrained('training_runs/shapes_cpu4', device='cpu')
keys = ('requested_class', 'valid', 'all_attributes_read', 'per_attribute_read', 'largest_frequency_gap')
score = lambda d: {k: v for k, v in sample_quality(d, n=256, progress=False).items() if k in keys}
print('shipped', json.dumps(score(den)), flush=True)
model = den.unet.train(); ema = copy.deepcopy(model).eval().requires_grad_(False)
opt = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)
g, gd = torch.Generator().manual_seed(11), torch.Generator().manual_seed(12)
null = model.config.num_class_embeds - 1
t0, run = time.time(), 0.
for i in range(steps):
    x0, cond, noise = shapes_batch(128, g, gd, null, 0.1, torch.device('cpu'), SCALES)
    t = torch.cat([torch.randint(lo, hi, (64,), generator=g), torch.randint(0, 1000, (64,), generator=g)])
    loss = simple_loss(lambda x, tt: model(x, tt, class_labels=cond).sample, x0, t, noise, den.sched)
    opt.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0); opt.step()
    with torch.no_grad():
        for pe, pm in zip(ema.parameters(), model.parameters()): pe.lerp_(pm, 1 - 0.995)
    run += loss.item()
    if (i + 1) % 100 == 0: print(i + 1, round(run / 100, 5), round(time.time() - t0), flush=True); run = 0.
den.unet = ema
print(f'ft_mid {steps} steps, t in [{lo}, {hi}) half the time', json.dumps(score(den)), flush=True)
