"""Memory held by trees of the shapes model (issue 14): a branch stores only its own states, after its split, and reads its
prefix from the trunk. Prints the bytes held per tree with that sharing and what full copies would take, for the default
grid and for a tree of 1,001 paths x 50 steps, and the process's peak resident memory. Writes bench/bench_tree_memory.log.

    .venv/bin/python bench/bench_tree_memory.py
"""
import resource, time
import torch
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.grid import sample_tree

def full_bytes(tree):
    "What the states and predictions would take if every path held its whole trajectory (N+1 states, N predictions)"
    x = tree.xs.at(tree.trunk, 0)
    return len(tree.xs) * (2 * tree.n_steps + 1) * x.numel() * x.element_size()

def report(name, tree, seconds):
    held, cache = tree.nbytes()
    full = full_bytes(tree)
    print(f"{name}: {len(tree.xs)} paths x {tree.n_steps} steps, {tree.evals} model evaluations in {seconds:.0f} s; "
          f"states and predictions held {held / 2**20:.1f} MiB (full copies would take {full / 2**20:.1f} MiB: "
          f"{1 - held / full:.0%} saved); decoded-image cache {cache / 2**20:.1f} MiB")
    return held

den = load_pretrained(device='cpu')
print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
t = time.perf_counter(); tree = sample_tree(den, cond='triangle', seed=0, progress=False)
report('default grid', tree, time.perf_counter() - t)
steps = tuple(range(2, 42, 2))                      # 20 branch steps x 50 branches + the trunk = 1,001 paths
t = time.perf_counter(); big = sample_tree(den, cond='circle', seed=0, branch_steps=steps, n_branches=50, progress=False)
held = report('big tree', big, time.perf_counter() - t)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
print(f"peak resident memory of this process: {peak:.0f} MiB; the big tree holds {held / 2**30:.2f} GiB "
      f"({'under' if held < 2**30 else 'OVER'} the 1 GB target)")
