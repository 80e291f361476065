"""Speed of the tree sampler against the model's batched throughput and the per-branch method, on the CPU or a GPU.

Run: .venv/bin/python bench/bench_grid.py [--device cpu|cuda] [--sd] [--compile] [--quick] [--graphs-on-cpu]
  cpu (default): about 4 minutes on 2 cores.  cuda: the shapes model in float32 and float16 (checked against float32),
  and, with --sd (the default on cuda), a Stable Diffusion-sized UNet (SD 1.5's UNet configuration, random weights,
  float16) behind a tiny text encoder and VAE. --compile wraps the UNets in torch.compile (mode 'reduce-overhead': CUDA
  graphs), with dynamic shapes: a tree calls the model at a new batch size each time branches join, and static
  shapes compile once per size (on 2 CPU cores, a 13-path, 10-step tree compiled 3 graphs in 107 s, against 2 in
  44 s with dynamic shapes; on the CPU, compiling makes the default grid only 1.13x faster, 2.21 -> 1.95 s, so the
  course does not compile). On cuda without --compile, the shapes model's trees and the per-branch method run again
  with the UNet called through CUDA graphs (`GraphedModule`; --compile's mode records graphs of its own);
  --graphs-on-cpu runs that section on the CPU with `RerunCapture` in place of CUDA graphs (a dry run: no speed-up).
  The SD-sized UNet's trees, thousands of evaluations, are timed once after a warm-up and its batched rates best of 2
  (the shapes model's: best of 3); they also run through CUDA graphs where the shapes model's do, as does the shapes
  model in float16. On cuda a model that waits for the GPU mid-call checks that a failed recording runs as it is.
  All ratios come from this one run.
Issue 14's targets: a tree of >= 100 paths reaches >= 80% of the best batched throughput (shapes model, GPU) and >= 90%
(SD-sized UNet); the default grid's tree is >= 4x faster than the per-branch method on a GPU, >= 2.5x on the CPU.
"""
import argparse, statistics, tempfile, time, warnings
import torch
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.denoisers import DEFAULT_GUIDANCE, GraphedModule, RerunCapture
from diffgrid_nb.grid import sample_tree, grid_sampler, NoiseStream
from diffgrid_nb.samplers import ddim_step

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument('--device', default='cpu'); ap.add_argument('--sd', action='store_true', default=None)
ap.add_argument('--compile', action='store_true'); ap.add_argument('--quick', action='store_true', help='a smoke test')
ap.add_argument('--graphs-on-cpu', action='store_true', help="the CUDA graphs' section on the CPU, as a dry run")
a = ap.parse_args()
dev = torch.device(a.device); cuda = dev.type == 'cuda'
sync = torch.cuda.synchronize if cuda else (lambda: None)
N = 10 if a.quick else 50
DEFAULT = dict(branch_steps=(2, 5, 10, 20) if N > 20 else (2, 5), n_branches=3)
BIG = dict(branch_steps=(2, 5, 10, 20, 30, 40) if N > 40 else (2, 5, 8), n_branches=17)       # 103 paths (52 quick)
print(f"device {dev}" + (f" ({torch.cuda.get_device_name()})" if cuda else f", threads {torch.get_num_threads()}")
      + f"; {N} DDIM steps (η = 1)")

def best_of(f, n=3):
    ts, r = [], None
    for _ in range(n):
        sync(); t0 = time.perf_counter(); r = f(); sync(); ts.append(time.perf_counter() - t0)
    return min(ts), r

def throughput(den, cond, g, sizes, n=3):
    "Best images per second through the denoiser, over batch sizes (each timed over >= 64 images, best of n)"
    x, rates = torch.randn(max(sizes), *den.sample_shape, device=dev), {}
    for b in sizes:
        reps = max(1, (4 if a.quick else 64) // b)
        den(x[:b], 500, cond, g)                                   # warm-up (and compile) at this size
        t, _ = best_of(lambda: [den(x[:b], 500, cond, g) for _ in range(reps)], n)
        rates[b] = b * reps / t
    return rates

def tree_ratio(name, den, cond, g, shape, sizes, max_batch, n=3):
    "A tree's images per second against the denoiser's best batched rate; the tree timed best of n after a warm-up"
    smp = grid_sampler(den, 'ddim', N, 1.0)
    run = lambda: sample_tree(den, smp, seed=0, cond=cond, guidance=g, max_batch=max_batch, progress=False, **shape)
    run()                                                          # warm-up
    t, tree = best_of(run, n)
    rates = throughput(den, cond, g, [s for s in sizes if s <= max_batch], max(n, 2))
    b = max(rates, key=rates.get)
    print(f"{name}: {len(tree.xs)} paths, {tree.evals} evaluations in {t:.2f} s = {tree.evals / t:.0f} images/s = "
          f"{tree.evals / t / rates[b]:.0%} of the best batched throughput ({rates[b]:.0f}/s at batch {b}); by batch: "
          + ", ".join(f"{s}: {r:.0f}" for s, r in rates.items()))
    return t, tree

def final_diff(a, b):
    "The largest difference between two trees' final images, over b's paths"
    return max((a.final(p) - b.final(p)).abs().max().item() for p in b.xs)

def per_branch(den, tree, cond, g):
    "The per-branch method: the trunk alone, then every branch resumed from the stored trunk state, batch 1"
    pairs, shp = list(zip(tree.ts, [*tree.ts[1:], -1])), (1, *den.sample_shape)
    s = NoiseStream(0, (), shp); trunk = [next(s).to(dev)]
    for t, tp in pairs: trunk.append(ddim_step(trunk[-1], den(trunk[-1], t, cond, g), t, tp, den.sched, 1.0,
                                               next(s).to(dev)))
    for k in tree.branch_steps:
        for j in range(tree.n_branches):
            x, s = trunk[k], NoiseStream(0, ((k, j),), shp)
            for t, tp in pairs[k:]: x = ddim_step(x, den(x, t, cond, g), t, tp, den.sched, 1.0, next(s).to(dev))
    return x

class FreeModel:
    "A Denoiser with the shapes model's settings and a free ε (x / 2): a tree of it takes the sampler's own time"
    def __init__(self, den):
        self.den, self.sched, self.sample_shape, self.defaults = den, den.sched, den.sample_shape, den.defaults
    class_names, default_cond = None, None
    @property
    def device(self): return self.den.device
    def __call__(self, x_t, t, cond=None, guidance=1.0): return x_t * 0.5
    def decode(self, x): return self.den.decode(x)

# 1. the shapes model: the default grid against the per-branch method, then a tree of >= 100 paths
den, G = load_pretrained(device=dev), DEFAULT_GUIDANCE
if a.compile: den.unet = torch.compile(den.unet, mode='reduce-overhead')   # dynamic shapes: see the docstring
sizes = (1, 4, 8, 13, 16, 32, 64, 128, 256) + ((512, 1024) if cuda else ())
t_tree, tree = tree_ratio('shapes model, default grid', den, 'triangle', G, DEFAULT, sizes, 64)
t_pb, _ = best_of(lambda: per_branch(den, tree, 'triangle', G), 2)
print(f"per-branch method (batch 1): {t_pb:.2f} s -> the tree is {t_pb / t_tree:.2f}x faster "
      f"(target {'4' if cuda else '2.5'}x)")
t_big, big = tree_ratio('shapes model, big tree', den, 'triangle', G, BIG, sizes, 256)
# the rest of a tree's time: noise, steps, bookkeeping (on a GPU, CPU time that the GPU may wait for)
free = lambda: sample_tree(FreeModel(den), grid_sampler(den, 'ddim', N, 1.0), seed=0, max_batch=256, progress=False,
                           **BIG)
free(); t_free, _ = best_of(free)
print(f"the sampler's own time (the big tree with a free model): {t_free * 1e3:.0f} ms = "
      f"{t_free / big.evals * 1e6:.1f} µs per evaluation = {t_free / t_big:.0%} of the big tree's time")

# 1b. the same with the UNet called through CUDA graphs: one launch per call instead of hundreds
# --compile's mode records graphs of its own; on the CPU RerunCapture stands in for the GPU's recorder
GRAPHS = (cuda and not a.compile) or a.graphs_on_cpu
graphed = lambda m: GraphedModule(m, None if cuda else RerunCapture(), max_graphs=64)
if GRAPHS:
    deng = load_pretrained(device=dev)
    deng.unet = graphed(deng.unet)
    try:
        tg, _ = tree_ratio('shapes model, default grid, CUDA graphs', deng, 'triangle', G, DEFAULT, sizes, 64)
        tpg, _ = best_of(lambda: per_branch(deng, tree, 'triangle', G), 2)
        tgb, bigg = tree_ratio('shapes model, big tree, CUDA graphs', deng, 'triangle', G, BIG, sizes, 256)
        diff = final_diff(bigg, big)
        print(f"CUDA graphs: the default grid {t_tree / tg:.2f}x faster than without them, the big tree "
              f"{t_big / tgb:.2f}x, the per-branch method {t_pb / tpg:.2f}x ({tpg:.2f} s: the default grid's tree is "
              f"{tpg / tg:.2f}x faster, with graphs in both); final images differ from the big tree's without graphs by at "
              f"most {diff:.1e}; {len(deng.unet.graphs)} graphs, calls {dict(deng.unet.calls)}")
    except Exception as e: print(f"CUDA graphs: failed ({type(e).__name__}: {e})")
    del deng
if GRAPHS and cuda:
    # a model a graph cannot hold (.item() waits for the GPU mid-call): its recording fails, its calls run as they are
    class Syncs(torch.nn.Linear):
        def forward(self, x): return super().forward(x) * float(x.sum().item() > 0)
    try:
        m, x, stream = Syncs(4, 4).to(dev), torch.randn(8, 4, device=dev), torch.cuda.current_stream()
        gm = graphed(m)
        with torch.no_grad(), warnings.catch_warnings(record=True) as ws:
            warnings.simplefilter('always')
            same = all(torch.equal(gm(x), m(x)) for _ in range(3))
        print(f"CUDA graphs, a model that waits for the GPU mid-call: calls {dict(gm.calls)}, results its own: {same}, "
              f"the current stream restored: {torch.cuda.current_stream() == stream}; warnings: "
              f"{[str(w.message)[:160] for w in ws]}")
    except Exception as e: print(f"CUDA graphs, a model that waits for the GPU mid-call: failed ({type(e).__name__}: {e})")

# 2. float16 on the GPU, checked against float32
if cuda:
    # its own copy: den.unet.half() and back would leave den's weights rounded
    den16 = load_pretrained(device=dev, dtype=torch.float16)
    if a.compile: den16.unet = torch.compile(den16.unet, mode='reduce-overhead')
    t16, big16 = tree_ratio('shapes model, big tree, float16', den16, 'triangle', G, BIG, sizes, 256)
    diff = final_diff(big16, big)
    print(f"float16 vs float32: {t_big / t16:.2f}x faster; final images differ by at most {diff:.3f} "
          "(pixel range [-1, 1])")
    if GRAPHS:                                        # float16 through CUDA graphs: the fastest the shapes model goes
        den16.unet = graphed(den16.unet)
        try:
            t16g, big16g = tree_ratio('shapes model, big tree, float16, CUDA graphs', den16, 'triangle', G, BIG, sizes,
                                      256)
            print(f"CUDA graphs, float16: the big tree {t16 / t16g:.2f}x faster than float16 without them, "
                  f"{t_big / t16g:.2f}x faster than float32 without them; final images differ from float16's without "
                  f"graphs by at most {final_diff(big16g, big16):.1e}; {len(den16.unet.graphs)} graphs, "
                  f"calls {dict(den16.unet.calls)}")
        except Exception as e: print(f"CUDA graphs, float16: failed ({type(e).__name__}: {e})")

# 3. a Stable Diffusion-sized UNet (latents 4 x 64 x 64), float16
if a.sd or (a.sd is None and cuda):
    from diffusers import UNet2DConditionModel
    from diffgrid_nb.pipelines import make_tiny_pipeline, load_pipeline, PipelineDenoiser
    with tempfile.TemporaryDirectory() as d:
        pipe = load_pipeline(make_tiny_pipeline(f'{d}/tiny'), device=dev)
    # SD 1.5's UNet configuration (--quick: its widths on 8 x 8 latents)
    unet = UNet2DConditionModel(sample_size=8 if a.quick else 64, cross_attention_dim=pipe.text_encoder.config.hidden_size)
    pipe.unet = unet.to(dev, pipe.unet.dtype).eval()
    if a.compile: pipe.unet = torch.compile(pipe.unet, mode='reduce-overhead')
    sd = PipelineDenoiser(pipe, prompt='a red cube')
    print(f"SD-sized UNet: {sum(p.numel() for p in unet.parameters()) / 1e6:.0f} M parameters, "
          f"{pipe.unet.dtype}, latents {sd.sample_shape}, guidance 7.5")
    sd_sizes = (1, 4, 8, 16, 32, 64) if cuda else (1, 2)
    shape = BIG if cuda and not a.quick else dict(branch_steps=(2,), n_branches=1)
    name = 'SD-sized UNet, ' + ('big tree' if shape is BIG else 'small tree')
    # a big tree is thousands of SD-sized evaluations (tens of seconds on a GPU): timed once after its warm-up
    t_sd, tree_sd = tree_ratio(name, sd, None, 7.5, shape, sd_sizes, 64, n=1)
    if GRAPHS:                                        # the same through CUDA graphs (~1,600 operations a call)
        sd.unet = graphed(sd.unet)
        try:
            tg, tree_g = tree_ratio(name + ', CUDA graphs', sd, None, 7.5, shape, sd_sizes, 64, n=1)
            diff = final_diff(tree_g, tree_sd)
            print(f"CUDA graphs, SD-sized UNet: the tree {t_sd / tg:.2f}x faster than without them; final images "
                  f"(through the tiny VAE) differ by at most {diff:.1e}; {len(sd.unet.graphs)} graphs, "
                  f"calls {dict(sd.unet.calls)}")
        except Exception as e: print(f"CUDA graphs, SD-sized UNet: failed ({type(e).__name__}: {e})")

# 4. the widget's re-render latency for display-only changes (CPU work); the GPU machine's image has no ipywidgets
try: from diffgrid_nb.widgets import GridExplorer
except ImportError as e: print(f"widget re-render: skipped ({e})"); raise SystemExit
ex = GridExplorer(load_pretrained(device=dev), sync=True, n_steps=N,
                  branch_steps=', '.join(map(str, DEFAULT['branch_steps'])))
ex.render_ms.clear()
for i in range(3):
    for s in range(0, N + 1, 2): ex.step.value = s
    ex.view.value = ['x0', 'diff', 'x'][i]
ex.close()
ms = sorted(ex.render_ms)
print(f"widget re-render: median {statistics.median(ms):.0f} ms, p95 {ms[int(0.95 * (len(ms) - 1))]:.0f} ms over "
      f"{len(ms)} display-only changes")
