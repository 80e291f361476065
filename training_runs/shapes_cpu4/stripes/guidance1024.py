# The quality bar itself (`sample_quality`: 1,024 samples, the classes in turn, DDIM 50 at eta 0, trailing spacing)
# at a guidance scale other than the default 3, given as the first argument (an optional second: fewer samples, for a
# quick check): what `quality_misses` reports, and the figures without the images.
# Run from the repository root: python training_runs/shapes_cpu4/stripes/guidance1024.py 6 > training_runs/shapes_cpu4/stripes/guidance1024_6.out
import sys, json, torch, warnings
warnings.simplefilter('ignore')
torch.set_num_threads(2)
from diffgrid_nb.pretrained import load_model
from diffgrid_nb.training import sample_quality, quality_misses
g = float(sys.argv[1])
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1024
q = sample_quality(load_model('allscales'), n=n, guidance=g, progress=False)
q.pop('images')
print("misses:", quality_misses(q))
print(f"guidance {g}, {n} samples:", json.dumps(q, indent=1, default=lambda o: o.tolist()))
