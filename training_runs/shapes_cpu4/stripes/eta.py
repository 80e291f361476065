# Is the crossed-stripes failure the deterministic sampler's? The same 256 samples' settings (the classes in turn,
# guidance 3, trailing spacing, seed 0) with DDIM 50 at eta 0, 0.5 and 1, and DDIM 200 at eta 0: the rate at which
# the stripes are read, with a 95% Wilson interval.
# Run from the repository root: python training_runs/shapes_cpu4/stripes/eta.py > training_runs/shapes_cpu4/stripes/eta.out
import torch, warnings
warnings.simplefilter('ignore')
torch.set_num_threads(2)
from diffgrid_nb.pretrained import load_model, generate
from diffgrid_nb.data import detect
from diffgrid_nb.solvers import wilson
den = load_model('allscales')
n = 256
cond = torch.arange(n) % 3
for steps, eta in [(50, 0.0), (50, 0.5), (50, 1.0), (200, 0.0)]:
    d = detect(generate(den, n=n, cond=cond, seed=0, n_steps=steps, eta=eta))
    ok = d['valid'] & (d['stripes'] >= 0)
    lo, hi = wilson(int(ok.sum()), n)
    every = d['valid'] & torch.stack([d[a] >= 0 for a in ('colour', 'stripes', 'dot')]).all(0)
    print(f"DDIM {steps}, eta {eta}: stripes read {ok.float().mean():.1%} [{lo:.1%}, {hi:.1%}], "
          f"every attribute {every.float().mean():.1%}, valid {d['valid'].float().mean():.1%}", flush=True)
