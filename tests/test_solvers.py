"Every sampler against its diffusers scheduler, step by step with the same noise; and their bad input"
import math
import pytest, torch
from diffgrid_nb.schedules import cosine_schedule, linear_schedule
from diffgrid_nb.solvers import (DDIM, Euler, EulerAncestral, Heun, DPMSolverPP, make_sampler, solve, diffusers_scheduler,
                                 diffusers_run, gaussian_model, max_deviation, tolerance, alpha_bar_at, branching_warning)

SCHEDS = {'cosine': cosine_schedule(), 'linear': linear_schedule()}
CASES = [  # (our sampler, diffusers class, its config, does diffusers keep y = x_t/√ᾱ)
    (Euler(15), 'EulerDiscreteScheduler', {}, True),
    (Euler(15, 'leading'), 'EulerDiscreteScheduler', dict(timestep_spacing='leading'), True),
    (Euler(15, 'trailing', karras=True), 'EulerDiscreteScheduler', dict(timestep_spacing='trailing', use_karras_sigmas=True), True),
    (Euler(15, karras=True, sigma_max=80.0), 'EulerDiscreteScheduler', dict(use_karras_sigmas=True, sigma_max=80.0), True),
    (EulerAncestral(15), 'EulerAncestralDiscreteScheduler', {}, True),
    (EulerAncestral(15, 'leading'), 'EulerAncestralDiscreteScheduler', dict(timestep_spacing='leading'), True),
    (Heun(8), 'HeunDiscreteScheduler', {}, True),
    (Heun(8, 'trailing', karras=True), 'HeunDiscreteScheduler', dict(timestep_spacing='trailing', use_karras_sigmas=True), True),
    (DPMSolverPP(8), 'DPMSolverMultistepScheduler', {}, False),
    (DPMSolverPP(20, 'leading'), 'DPMSolverMultistepScheduler', dict(timestep_spacing='leading'), False),
    (DPMSolverPP(12, karras=True, sigma_max=80.0), 'DPMSolverMultistepScheduler', dict(use_karras_sigmas=True, sigma_max=80.0), False),
    (DPMSolverPP(12, sde=True), 'DPMSolverMultistepScheduler', dict(algorithm_type='sde-dpmsolver++'), False),
    (DPMSolverPP(16, 'trailing', sde=True), 'DPMSolverMultistepScheduler', dict(algorithm_type='sde-dpmsolver++', timestep_spacing='trailing'), False),
]

@pytest.mark.parametrize('sched_name', SCHEDS)
@pytest.mark.parametrize('ours,cls,config,ve', CASES, ids=[f"{c[0]!r}" for c in CASES])
def test_matches_diffusers(sched_name, ours, cls, config, ve):
    sched = SCHEDS[sched_name]
    model = gaussian_model(sched, 0.3, 0.5, wiggle=0.3)
    x = torch.randn(3, 3, 6, 6, generator=torch.Generator().manual_seed(0))
    ref = diffusers_scheduler(cls, sched, **config)
    _, xs, _ = solve(model, ours, sched, x, torch.Generator().manual_seed(7), traj=True)
    theirs = diffusers_run(ref, model, x, ours.n_steps, torch.Generator().manual_seed(7), ve=ve)
    assert len(xs) == len(theirs) == ours.n_steps + 1
    assert max_deviation(xs, theirs) < tolerance(ours.plan(sched))

def test_tolerance_is_tight_from_a_moderate_start():
    "1e-4 is allowed only for runs that start above σ = 1000 (the cosine schedule's last timesteps)"
    assert tolerance(Euler(10, karras=True, sigma_max=80.0).plan(SCHEDS['cosine'])) == 1e-5
    assert tolerance(Euler(10).plan(SCHEDS['linear'])) == 1e-5

def test_wrong_noise_is_caught():
    "the check can fail: a sampler fed other noise than diffusers' drifts far beyond the tolerance"
    sched = SCHEDS['linear']; model = gaussian_model(sched, 0.3, 0.5)
    x = torch.randn(2, 8, generator=torch.Generator().manual_seed(0))
    _, xs, _ = solve(model, EulerAncestral(10), sched, x, torch.Generator().manual_seed(1), traj=True)
    theirs = diffusers_run(diffusers_scheduler('EulerAncestralDiscreteScheduler', sched), model, x, 10, torch.Generator().manual_seed(2))
    assert max_deviation(xs, theirs) > 1e-2

def test_heun_counts_evaluations():
    sched, calls = SCHEDS['linear'], []
    model = gaussian_model(sched)
    solve(lambda x, t: calls.append(t) or model(x, t), Heun(6), sched, torch.zeros(1, 2))
    assert len(calls) == Heun(6).evals(Heun(6).plan(sched)) == 11

def test_alpha_bar_at_between_integers():
    s = SCHEDS['cosine']
    assert alpha_bar_at(s, 10) == s.alpha_bars[10]
    a = alpha_bar_at(s, 10.5).item()
    assert s.alpha_bars[11] < a < s.alpha_bars[10]

@pytest.mark.parametrize('make,msg', [
    (lambda: make_sampler('k_lms'), 'sampler must be one of ddim, euler'),
    (lambda: make_sampler('heun', eta=0.5), 'heun has no option eta'),
    (lambda: Euler(0), 'n_steps must be an int in [1, 1000]'),
    (lambda: Euler(5.0), 'n_steps must be an int'),
    (lambda: Euler(True), 'n_steps must be an int'),
    (lambda: Euler(10, 'uniform'), "spacing must be one of 'linspace'"),
    (lambda: Euler(10, karras=True, sigma_min=2.0, sigma_max=1.0), 'sigmas must decrease'),
    (lambda: Heun(10, sigma_max=-1.0), 'sigma_max must be a number in (0'),
    (lambda: DPMSolverPP(10, sigma_min=math.nan), 'sigma_min must be a number'),
    (lambda: DDIM(10, eta=-0.1), 'eta must be a number in [0, 1]'),
    (lambda: DDIM(10, alpha_bar_final=0.0), 'alpha_bar_final must be a number in (0, 1]'),
    (lambda: alpha_bar_at(SCHEDS['cosine'], -0.5), 't must be a timestep in [0, 999]'),
    (lambda: alpha_bar_at(SCHEDS['cosine'], 1000), 't must be a timestep in [0, 999]'),
    (lambda: EulerAncestral(5).step(None, torch.zeros(1, 2), 0, EulerAncestral(5).plan(SCHEDS['linear'])), 'noise must be given'),
])
def test_bad_input(make, msg):
    with pytest.raises(ValueError, match=None) as e: make()
    assert msg in str(e.value), str(e.value)

def test_branching_warning_names_a_stochastic_relative():
    for s in (Euler(5), Heun(5), DPMSolverPP(5), DDIM(5)):
        w = branching_warning(s)
        assert 'deterministic' in w and make_sampler(s.branch_with.split()[0], **({'eta': 1.0} if 'eta' in s.branch_with else {})).stochastic
    assert branching_warning(DPMSolverPP(5, sde=True)) is None
