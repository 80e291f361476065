"""Time and memory of the latent-pipeline path on a tiny Stable Diffusion pipeline (random weights, CPU, offline).

Run: .venv/bin/python bench/bench_pipeline.py  (about a minute on 2 CPU cores)
Prints: building + saving + loading the tiny pipeline, a default grid tree (13 paths x 50 steps, guidance 7.5), what the tree
holds in latents, what rendering the grid and a difference strip decoded (lazily, into the bounded cache), the process's peak
memory, and the same latent/decoded sizes computed for a 512x512 Stable Diffusion grid.
"""
import resource, tempfile, time
from pathlib import Path
import torch
from diffgrid_nb.pipelines import make_tiny_pipeline, load_pipeline, PipelineDenoiser, tree_memory
from diffgrid_nb.grid import sample_tree, grid_image
from diffgrid_nb.diffplots import diff_strip

mib = lambda b: f"{b / 2**20:,.1f} MiB"
rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(f"threads: {torch.get_num_threads()}")
for size in (32, 64):
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter(); folder = make_tiny_pipeline(Path(d) / 'tiny', image_size=size); t_make = time.perf_counter() - t0
        t0 = time.perf_counter(); pipe = load_pipeline(folder, device='cpu'); t_load = time.perf_counter() - t0
    den = PipelineDenoiser(pipe, prompt='a photo of a red cat')
    n_unet = sum(p.numel() for p in pipe.unet.parameters())
    rss0 = rss()
    t0 = time.perf_counter(); tree = sample_tree(den, progress=False); t_tree = time.perf_counter() - t0
    held = sum(v.numel() * v.element_size() for dd in (tree.xs, tree.x0s) for v in dd.values())
    t0 = time.perf_counter(); grid_image(tree); t_grid = time.perf_counter() - t0
    n_grid = len(tree._cache)
    t0 = time.perf_counter(); diff_strip(tree); t_strip = time.perf_counter() - t0
    cache = sum(v.numel() * v.element_size() for v in tree._cache.values())
    print(f"\n{size}x{size} images ({den.sample_shape} latents), UNet {n_unet:,} parameters")
    print(f"  build + save {t_make:.1f} s, load {t_load:.2f} s")
    print(f"  tree, {len(tree.xs)} paths x {tree.n_steps} steps, guidance {tree.guidance}: {t_tree:.1f} s, {tree.evals} UNet images (x2 with guidance)")
    print(f"  latents held by the tree: {mib(held)} (formula: {mib(tree_memory(len(tree.xs), tree.n_steps, den.sample_shape, (3, size, size))['latents'])})")
    print(f"  grid render: {t_grid:.2f} s, decoded {n_grid} images; then difference strip: {t_strip:.2f} s; cache now {len(tree._cache)} images, {mib(cache)} (bound {tree.cache_mb} MiB)")
    print(f"  peak RSS grew by {mib(max(0, rss() - rss0))} during tree + renders (peak RSS of the process {mib(rss())})")
m = tree_memory()
print(f"\nStable Diffusion 512x512, 13 paths x 50 steps: latents {mib(m['latents'])}; every state decoded up front (float16) would be {mib(m['all_decoded'])}; the decode cache is bounded at {mib(m['cache_bound'])}")
