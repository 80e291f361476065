# fine-tune cpu4's UNet on high noise only (t in [lo, 1000)), then measure the colour gap of the UNet alone
import torch, json, sys, time, copy
torch.set_num_threads(2)
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.training import shapes_batch, sample_quality
from diffgrid_nb.samplers import simple_loss
from diffgrid_nb.data import SCALES
lo, steps, tag = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
den = load_pretrained('training_runs/shapes_cpu4', device='cpu').unet_only()
model = den.unet.train()
opt = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)
g, gd = torch.Generator().manual_seed(1), torch.Generator().manual_seed(2)
null = model.config.num_class_embeds - 1
t0 = time.time(); run = 0
for i in range(steps):
    x0, cond, noise = shapes_batch(128, g, gd, null, 0.1, torch.device('cpu'), SCALES)
    t = torch.randint(lo, 1000, (128,), generator=g)
    loss = simple_loss(lambda x, tt: model(x, tt, class_labels=cond).sample, x0, t, noise, den.sched)
    opt.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0); opt.step()
    run += loss.item()
    if (i + 1) % 100 == 0: print(i + 1, round(run / 100, 5), round(time.time() - t0), flush=True); run = 0
model.eval()
torch.save(model.state_dict(), f'/tmp/exp/ft_{tag}.pt')
q = sample_quality(den, n=1024, progress=False); q.pop('images')
print(tag, json.dumps({k: q[k] for k in ('requested_class', 'valid', 'all_attributes_read', 'largest_frequency_gap', 'per_attribute_read', 'frequencies')}), flush=True)
