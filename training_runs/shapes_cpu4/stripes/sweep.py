# How often the all-scales model's stripes are read as one sampler setting varies, over the same 256 samples each time
# (`sample_quality`'s first batch: the classes in turn, seed 0, trailing spacing), with 95% Wilson intervals:
#   eta       DDIM 50 at eta 0, 0.5 and 1, and DDIM 200 at eta 0: is the crossed-stripes failure the deterministic
#             sampler's?
#   guidance  guidance 1 (none), 2, 3 (the model's default), 4.5 and 6, at DDIM 50, eta 0: does guidance leave the
#             stripes crossed?
# Run from the repository root: python training_runs/shapes_cpu4/stripes/sweep.py eta > training_runs/shapes_cpu4/stripes/eta.out
# (and likewise `guidance > guidance.out`)
import sys, time, torch, warnings
warnings.simplefilter('ignore')
torch.set_num_threads(2)
from diffgrid_nb.pretrained import load_model
from diffgrid_nb.training import sample_quality
from diffgrid_nb.solvers import wilson
SWEEPS = dict(eta=[dict(n_steps=50, eta=0.), dict(n_steps=50, eta=.5), dict(n_steps=50, eta=1.), dict(n_steps=200, eta=0.)],
              guidance=[dict(guidance=g) for g in (1., 2., 3., 4.5, 6.)])
if len(sys.argv) != 2 or sys.argv[1] not in SWEEPS: sys.exit(f"usage: sweep.py {'|'.join(SWEEPS)}")
den, n = load_model('allscales'), 256
for setting in SWEEPS[sys.argv[1]]:
    t0 = time.time()
    q = sample_quality(den, n=n, progress=False, **setting)
    read = q['per_attribute_read']['stripes']
    lo, hi = wilson(round(read * n), n)
    print(', '.join(f"{k} {v}" for k, v in setting.items()) + f": stripes read {read:.1%} [{lo:.1%}, {hi:.1%}], "
          f"every attribute {q['all_attributes_read']:.1%}, requested shape {q['requested_class']:.1%}, "
          f"valid {q['valid']:.1%} ({time.time() - t0:.0f} s)", flush=True)
