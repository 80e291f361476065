"Flow matching: the samplers against diffusers' FlowMatchEulerDiscreteScheduler step by step, the stochastic fix, bad input"
import math
import pytest, torch
from diffusers import FlowMatchEulerDiscreteScheduler
from diffgrid_nb.flow import (FlowSchedule, FlowEuler, FlowDDIM, gaussian_velocity, diffusers_flow_run, shift_time, flow_log_snr,
                              flow_time, flow_x0, flow_eps, flow_sample, velocity)
from diffgrid_nb.solvers import solve, max_deviation

FS = FlowSchedule()

@pytest.mark.parametrize('n', [1, 7, 28])
@pytest.mark.parametrize('shift', [1.0, 3.0, 0.5])
@pytest.mark.parametrize('stochastic', [False, True])
def test_matches_diffusers(n, shift, stochastic):
    model = gaussian_velocity(FS, 0.2, 0.8, wiggle=0.3)
    x = torch.randn(2, 3, 5, 5, generator=torch.Generator().manual_seed(0))
    _, xs, _ = solve(model, FlowEuler(n, shift, stochastic), FS, x, torch.Generator().manual_seed(9), traj=True)
    theirs = diffusers_flow_run(FlowMatchEulerDiscreteScheduler(shift=shift, stochastic_sampling=stochastic), model, x, n,
                                torch.Generator().manual_seed(9))
    assert max_deviation(xs, theirs) < 1e-5

def test_other_noise_fails_the_check():
    model = gaussian_velocity(FS, 0.2, 0.8)
    x = torch.randn(2, 8, generator=torch.Generator().manual_seed(0))
    _, xs, _ = solve(model, FlowEuler(10, 1.0, True), FS, x, torch.Generator().manual_seed(1), traj=True)
    theirs = diffusers_flow_run(FlowMatchEulerDiscreteScheduler(stochastic_sampling=True), model, x, 10, torch.Generator().manual_seed(2))
    assert max_deviation(xs, theirs) > 1e-2

def test_x0_eps_and_clocks():
    x0, e = torch.randn(6, dtype=torch.float64), torch.randn(6, dtype=torch.float64)
    xt = flow_sample(x0, 0.35, e)
    assert torch.allclose(flow_x0(xt, velocity(x0, e), 0.35), x0) and torch.allclose(flow_eps(xt, velocity(x0, e), 0.35), e)
    t = torch.tensor([0.1, 0.5, 0.9], dtype=torch.float64)
    assert torch.allclose(flow_time(flow_log_snr(t)), t)
    assert torch.allclose(flow_log_snr(shift_time(t, 3.0)), flow_log_snr(t) - 2 * math.log(3.0))

def test_flow_ddim_eta0_is_euler():
    model = gaussian_velocity(FS, 0.2, 0.8, wiggle=0.2)
    x = torch.randn(3, 4, generator=torch.Generator().manual_seed(0))
    assert torch.allclose(solve(model, FlowDDIM(15, 2.0, 0.0), FS, x), solve(model, FlowEuler(15, 2.0), FS, x), atol=1e-5)

@pytest.mark.parametrize('make,msg', [
    (lambda: FlowEuler(10, shift=0.0), 'shift must be a number in (0, inf)'),
    (lambda: FlowEuler(10, shift=-2.0), 'shift must be a number'),
    (lambda: FlowEuler(0), 'n_steps must be an int in [1, 1000]'),
    (lambda: FlowDDIM(10, eta=2.0), 'eta must be a number in [0, 1]'),
    (lambda: flow_sample(torch.zeros(3), 1.5, torch.zeros(3)), 't must be in [0, 1]'),
    (lambda: FlowEuler(5, stochastic_sampling=True).step(lambda x, t: x, torch.zeros(1, 2), 0, FlowEuler(5).plan(FS)), 'noise must be given'),
])
def test_bad_input(make, msg):
    with pytest.raises(ValueError) as e: make()
    assert msg in str(e.value), str(e.value)
