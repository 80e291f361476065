"""Samplers against model evaluations: the probability-flow ODE's error on Gaussian data (exact answer known), and the
shipped shapes model's sample quality (read by the detector) at 10, 20 and 50 evaluations.

Run: .venv/bin/python bench/bench_solvers.py  (about 15 minutes on 2 CPU cores)
Writes bench/bench_solvers.json (the notebook nbs/04b_solvers.ipynb plots it) and prints the tables.
"""
import json, time
from pathlib import Path
import torch
from diffgrid_nb.schedules import cosine_schedule
from diffgrid_nb.solvers import DDIM, Euler, Heun, DPMSolverPP, karras, pf_ode_error, loglog_slope
from diffgrid_nb.pretrained import load_pretrained, generate
from diffgrid_nb.denoisers import DEFAULT_GUIDANCE
from diffgrid_nb.data import detect, SHAPES

FAMILIES = {  # name -> sampler for a budget of model evaluations
    'DDIM (η = 0), leading': lambda e: DDIM(e),
    'Euler, Karras': lambda e: karras(Euler, e),
    'Heun, Karras': lambda e: karras(Heun, (e + 1) // 2),
    'DPM-Solver++ 2M, Karras': lambda e: karras(DPMSolverPP, e),
}

def gaussian_errors(budgets=(6, 10, 20, 50, 100)):
    sched, D = cosine_schedule(), 64
    lam = torch.logspace(-2, 2, D, dtype=torch.float64)
    mu = 0.5 * torch.randn(D, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    out = {name: [pf_ode_error(f(e), sched, mu, lam) for e in budgets] for name, f in FAMILIES.items()}
    return dict(budgets=list(budgets), errors=out)

def shapes_quality(budgets=(10, 20, 50), n=256, batch=64):
    den = load_pretrained(device='cpu')
    cond = torch.arange(n) % len(SHAPES)
    rows = []
    for name, f in FAMILIES.items():
        for e in budgets:
            s = f(e); t0 = time.perf_counter()
            imgs = torch.cat([generate(den, n=batch, cond=cond[i:i + batch], guidance=DEFAULT_GUIDANCE, seed=1000 + i, sampler=s)
                              for i in range(0, n, batch)])
            d = detect(imgs)
            rows.append(dict(sampler=name, evals=s.evals(s.plan(den.sched)), requested=(d['shape'] == cond).float().mean().item(),
                             valid=d['valid'].float().mean().item(), seconds=round(time.perf_counter() - t0, 1)))
            r = rows[-1]
            print(f"{name:26s} {r['evals']:4d} evals: requested shape {r['requested']:6.1%}, valid {r['valid']:6.1%}, {r['seconds']:6.1f} s", flush=True)
    return dict(n=n, guidance=DEFAULT_GUIDANCE, rows=rows)

if __name__ == '__main__':
    torch.manual_seed(0)
    print(f"threads: {torch.get_num_threads()}")
    g = gaussian_errors()
    print("probability-flow ODE on Gaussian data: RMS error of the final sample (relative to the data spread)")
    print(f"{'sampler':26s}" + ''.join(f"{e:>10d}" for e in g['budgets']) + "   fitted order (20-100 evals)")
    for name, errs in g['errors'].items():
        print(f"{name:26s}" + ''.join(f"{v:10.1e}" for v in errs) + f"   {-loglog_slope(g['budgets'][2:], errs[2:]):.2f}")
    q = shapes_quality()
    Path(__file__).with_suffix('.json').write_text(json.dumps(dict(gaussian=g, shapes=q), indent=1))
