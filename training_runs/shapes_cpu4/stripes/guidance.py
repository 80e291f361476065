# Does classifier-free guidance leave the stripes crossed? The same 256 samples' settings as eta.py (the classes in
# turn, trailing spacing, seed 0, DDIM 50 at eta 0) at guidance 1 (none), 2, 3 (the model's default), 4.5 and 6: the
# rate at which the stripes are read, with a 95% Wilson interval, and the requested shape.
# Run from the repository root: python training_runs/shapes_cpu4/stripes/guidance.py > training_runs/shapes_cpu4/stripes/guidance.out
import time, torch, warnings
warnings.simplefilter('ignore')
torch.set_num_threads(2)
from diffgrid_nb.pretrained import load_model, generate
from diffgrid_nb.data import detect
from diffgrid_nb.solvers import wilson
den = load_model('allscales')
n = 256
cond = torch.arange(n) % 3
for guidance in [1.0, 2.0, 3.0, 4.5, 6.0]:
    t0 = time.time()
    d = detect(generate(den, n=n, cond=cond, seed=0, n_steps=50, eta=0.0, guidance=guidance))
    ok = d['valid'] & (d['stripes'] >= 0)
    lo, hi = wilson(int(ok.sum()), n)
    every = d['valid'] & torch.stack([d[a] >= 0 for a in ('colour', 'stripes', 'dot')]).all(0)
    shape = (d['valid'] & (d['shape'] == cond)).float().mean()
    print(f"guidance {guidance}: stripes read {ok.float().mean():.1%} [{lo:.1%}, {hi:.1%}], "
          f"every attribute {every.float().mean():.1%}, requested shape {shape:.1%}, ({time.time() - t0:.0f} s)",
          flush=True)
