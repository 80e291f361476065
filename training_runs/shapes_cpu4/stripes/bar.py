# The quality bar itself (`sample_quality`: 1,024 samples, the classes in turn, batches of 256 with seeds 0..3, DDIM 50,
# trailing spacing) at a sampler setting other than the bar's (eta 0, guidance 3): what `quality_misses` reports, each
# attribute's read rate with a 95% Wilson interval, and each attribute's value frequencies.
# Run from the repository root: python training_runs/shapes_cpu4/stripes/bar.py --eta 1 > training_runs/shapes_cpu4/stripes/bar_eta1.out
# (and `--guidance 6 > bar_guidance6.out`; `--n 64` for a quick check)
import argparse, torch, warnings
warnings.simplefilter('ignore')
torch.set_num_threads(2)
from diffgrid_nb.pretrained import load_model
from diffgrid_nb.training import sample_quality, quality_misses
from diffgrid_nb.solvers import wilson
p = argparse.ArgumentParser()
p.add_argument('--eta', type=float, default=0.); p.add_argument('--guidance', type=float, default=3.)
p.add_argument('--n', type=int, default=1024)
a = p.parse_args()
q = sample_quality(load_model('allscales'), n=a.n, eta=a.eta, guidance=a.guidance, progress=False)
print(f"DDIM 50, eta {a.eta}, guidance {a.guidance}, {a.n} samples: requested shape {q['requested_class']:.1%}, "
      f"valid {q['valid']:.1%}, every attribute read {q['all_attributes_read']:.1%}")
print("misses:", quality_misses(q))
for k, read in q['per_attribute_read'].items():
    lo, hi = wilson(round(read * a.n), a.n)
    print(f"  {k} read {read:.1%} [{lo:.1%}, {hi:.1%}]")
for k, f in q['frequencies'].items():
    print(f"  {k} frequencies {[round(v, 3) for v in f]}, largest gap {q['largest_frequency_gap'][k]:.1%}")
