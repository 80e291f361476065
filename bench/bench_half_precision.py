"""Half precision against float32: the same default grids (same seeds, same keyed noise) with the UNet in float16 and
bfloat16, compared path by path with the float32 grid.

Run: .venv/bin/python bench/bench_half_precision.py [--model allscales|FOLDER] [--seeds 8] [--device cpu|cuda]
For each seed and dtype: the largest difference of a path's final image from float32's (pixel range [-1, 1]), and
whether the detector reads every attribute of it the same. Prints the worst and median difference, the share of paths
read the same (95% Wilson interval) and the time against float32's. On the CPU float16 is slow (no fast float16
kernels: about 80 s a grid on 2 cores, against 2 s); on a GPU it is the fast one.
"""
import argparse, statistics, time
import torch
from diffgrid_nb.pretrained import load_model
from diffgrid_nb.grid import sample_tree
from diffgrid_nb.data import detect, VALUES
from diffgrid_nb.solvers import wilson

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument('--model', default='allscales', help="a shipped model or a model folder (default allscales)")
ap.add_argument('--seeds', type=int, default=8); ap.add_argument('--device', default=None)
ap.add_argument('--dtypes', default='float16,bfloat16', help='comma-separated: float16, bfloat16')
a = ap.parse_args()
ref_den = load_model(a.model, device=a.device)
sync = torch.cuda.synchronize if ref_den.device.type == 'cuda' else (lambda: None)
print(f"model {a.model}, device {ref_den.device}, {a.seeds} default grids (DDIM 50, η = 1, guidance "
      f"{ref_den.defaults.guidance:g}, conditioned on triangle)", flush=True)

def timed(den, seed):
    sync(); t0 = time.perf_counter()
    tree = sample_tree(den, cond='triangle', seed=seed, progress=False); sync()
    return tree, time.perf_counter() - t0

def finals(tree): return torch.stack([tree.final(p) for p in tree.xs])          # every path's final image, in path order
def reads(imgs): return torch.stack([v for k, v in detect(imgs.clamp(-1, 1)).items() if k in VALUES], 1)   # (paths, attributes)

refs = [timed(ref_den, s) for s in range(a.seeds)]
t32 = sum(t for _, t in refs)
ref_finals = [finals(tree) for tree, _ in refs]; ref_reads = [reads(f) for f in ref_finals]      # once, for every dtype
for name in a.dtypes.split(','):
    den = load_model(a.model, device=a.device, dtype=dict(float16=torch.float16, bfloat16=torch.bfloat16)[name])
    diffs, same, t16 = [], 0, 0.0
    for seed, (ref, _) in enumerate(refs):
        tree, t = timed(den, seed); t16 += t
        assert list(tree.xs) == list(ref.xs)
        f = finals(tree)
        diffs += (f - ref_finals[seed]).abs().amax((1, 2, 3)).tolist()
        same += (reads(f) == ref_reads[seed]).all(1).sum().item()
    n = len(diffs); lo, hi = wilson(same, n)
    print(f"{name}: final images differ from float32's by at most {max(diffs):.3f}, median {statistics.median(diffs):.3f}"
          f" (pixel range [-1, 1]); every attribute read the same in {same}/{n} paths = {same / n:.0%} [{lo:.0%}, {hi:.0%}]"
          f"; {t16:.1f} s against float32's {t32:.1f} s", flush=True)
