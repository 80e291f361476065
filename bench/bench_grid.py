"""Speed of the tree sampler, batched throughput, and widget re-render latency, on this machine's CPU.

Run: .venv/bin/python bench/bench_grid.py  (about 3 minutes on 2 CPU cores). All ratios come from this one run.
"""
import time, statistics, torch
from diffusers import DDIMScheduler
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.denoisers import DEFAULT_GUIDANCE
from diffgrid_nb.grid import sample_tree, NoiseStream
from diffgrid_nb.samplers import ddim_step

den = load_pretrained(device='cpu')
G, KW = DEFAULT_GUIDANCE, dict(n_steps=50, eta=1.0, branch_steps=(2, 5, 10, 20), n_branches=3, seed=0, cond='triangle')
print(f"threads: {torch.get_num_threads()}; default grid: {KW}, guidance {G}")

def best_of(f, n=3):
    ts = []
    for _ in range(n): t0 = time.perf_counter(); r = f(); ts.append(time.perf_counter() - t0)
    return min(ts), r

# 1. the tree sampler
t_tree, tree = best_of(lambda: sample_tree(den, guidance=G, progress=False, **KW))
print(f"tree sampler: {t_tree:.2f} s, {tree.evals} model evaluations ({tree.evals / t_tree:.0f} images/s)")

# 2. the original app's approach: trunk alone, then every branch resumed from the stored trunk state and run alone (batch 1)
def per_branch():
    evals, pairs = 0, list(zip(tree.ts, [*tree.ts[1:], -1]))
    trunk = [tree.xs[()][0:1]]; s = NoiseStream(0, (), (1, 3, 32, 32)); next(s)
    for t, tp in pairs:
        trunk.append(ddim_step(trunk[-1], den(trunk[-1], t, 'triangle', G), t, tp, den.sched, 1.0, next(s))); evals += 1
    for k in KW['branch_steps']:
        for j in range(KW['n_branches']):
            x, s = trunk[k], NoiseStream(0, ((k, j),), (1, 3, 32, 32))
            for t, tp in pairs[k:]:
                x = ddim_step(x, den(x, t, 'triangle', G), t, tp, den.sched, 1.0, next(s)); evals += 1
    return evals
t_pb, ev_pb = best_of(per_branch)
print(f"per-branch (batch 1): {t_pb:.2f} s, {ev_pb} model evaluations -> tree is {t_pb / t_tree:.2f}x faster")

# 3. a plain diffusers DDIMScheduler loop over the same paths, batch 1
def diffusers_loop():
    sch = DDIMScheduler(num_train_timesteps=1000, beta_schedule='squaredcos_cap_v2', clip_sample=False, set_alpha_to_one=True)
    sch.set_timesteps(50)
    def run(x, start, g):
        for t in sch.timesteps[start:]:
            x = sch.step(den(x, int(t), 'triangle', G), t, x, eta=1.0, generator=g).prev_sample
        return x
    trunk = torch.randn(1, 3, 32, 32, generator=torch.Generator().manual_seed(0))
    states = [trunk]
    g = torch.Generator().manual_seed(0)
    for t in sch.timesteps:
        states.append(sch.step(den(states[-1], int(t), 'triangle', G), t, states[-1], eta=1.0, generator=g).prev_sample)
    for k in KW['branch_steps']:
        for j in range(KW['n_branches']): run(states[k], k, torch.Generator().manual_seed(1000 * k + j))
t_df, _ = best_of(diffusers_loop, 2)
print(f"plain diffusers DDIMScheduler loop (batch 1): {t_df:.2f} s -> tree is {t_df / t_tree:.2f}x faster")

# 4. best batched throughput of the model (images through the denoiser per second, guidance on)
x_all = torch.randn(128, 3, 32, 32)
rates = {}
for b in (1, 4, 8, 13, 16, 32, 64, 128):
    t_b, _ = best_of(lambda: [den(x_all[:b], 500, 'triangle', G) for _ in range(max(1, 32 // b))])
    rates[b] = b * max(1, 32 // b) / t_b
best_b = max(rates, key=rates.get)
print("throughput by batch size (images/s): " + ", ".join(f"{b}: {r:.0f}" for b, r in rates.items()))
print(f"tree throughput {tree.evals / t_tree:.0f} images/s = {tree.evals / t_tree / rates[best_b]:.0%} of the best batched throughput ({rates[best_b]:.0f} at batch {best_b})")

# 5. widget re-render latency for display-only changes
from diffgrid_nb.widgets import GridExplorer
ex = GridExplorer(den, sync=True)
ex.render_ms.clear()
for i in range(3):
    for s in range(0, 51, 2): ex.step.value = s
    ex.view.value = ['x0', 'diff', 'x'][i]
ms = sorted(ex.render_ms)
print(f"widget re-render: median {statistics.median(ms):.0f} ms, p95 {ms[int(0.95 * (len(ms) - 1))]:.0f} ms over {len(ms)} display-only changes")
