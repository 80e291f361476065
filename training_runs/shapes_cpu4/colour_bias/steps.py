import torch, json, sys, time
torch.set_num_threads(2)
from diffgrid_nb.pretrained import load_pretrained, generate
from diffgrid_nb.data import detect, SHAPES
den = load_pretrained('training_runs/shapes_cpu4', device='cpu')
n = 512
cond = torch.arange(n) % 3
def run(name, d, **kw):
    t0 = time.time()
    imgs = torch.cat([generate(d, n=len(c), cond=c, guidance=1.0, seed=100 + i, **kw) for i, c in enumerate(cond.split(256))])
    det = detect(imgs); v = det['valid']
    f = torch.bincount(det['colour'][v], minlength=6).float() / v.sum()
    print(name, round(time.time() - t0), 'valid', round(v.float().mean().item(), 3), 'colour freq', (f * 100).numpy().round(1).tolist(),
          'gap', round((f - 1 / 6).abs().max().item() * 100, 1), flush=True)
for name, d, kw in [('ddim50_eta0', den, dict(n_steps=50)), ('ddim50_eta1', den, dict(n_steps=50, eta=1.0)),
                    ('unet_ddim50_eta1', den.unet_only(), dict(n_steps=50, eta=1.0)),
                    ('ddim200_eta0', den, dict(n_steps=200))]:
    run(name, d, **kw)
