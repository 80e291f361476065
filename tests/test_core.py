"Checks of the math core that complement the notebooks' lessons: bad input, batching, devices."
import pytest, torch
from diffgrid_nb.schedules import NoiseSchedule, linear_schedule, cosine_schedule, scaled_linear_schedule
from diffgrid_nb.forward import q_sample
from diffgrid_nb.samplers import predict_x0, ddpm_step, ddim_step, ddim_timesteps, timestep_pairs

sched = linear_schedule()
g = torch.Generator().manual_seed(0)
x, eps, z = [torch.randn(3, 3, 4, 4, generator=g) for _ in range(3)]

@pytest.mark.parametrize("betas,msg", [([], "non-empty"), ([0.0, 0.1], "in (0, 1)"), ([0.5, float('inf')], "in (0, 1)"),
                                        ([[0.1]], "1-D"), ([0.1, -0.2], "in (0, 1)")])
def test_bad_betas(betas, msg):
    with pytest.raises(ValueError, match=msg.replace('(', r'\(').replace(')', r'\)')): NoiseSchedule(betas)

@pytest.mark.parametrize("call,msg", [
    (lambda: q_sample(x, 1000, sched, eps), r"t must be in \[0, 1000\)"),
    (lambda: q_sample(x, torch.tensor([1, 2, -3]), sched, eps), r"t must be in \[0, 1000\)"),
    (lambda: q_sample(x, 10, sched, eps[:, :2]), "noise must be a tensor with the shape of x0"),
    (lambda: predict_x0(x, eps[0], 10, sched), "eps must be a tensor with the shape of x_t"),
    (lambda: ddim_step(x, eps, 10, 10, sched), r"t_prev must be in \[-1, t\)"),
    (lambda: ddim_step(x, eps, 10, -2, sched), r"t_prev must be in \[-1, t\)"),
    (lambda: ddim_step(x, eps, 10, 5, sched, eta=-1.0, noise=z), "eta must be a finite number >= 0"),
    (lambda: ddim_step(x, eps, 10, 5, sched, eta=float('nan'), noise=z), "eta must be a finite number >= 0"),
    (lambda: ddim_step(x, eps, 10, 5, sched, eta=0.5), "noise must be given when eta > 0"),
    (lambda: ddpm_step(x, eps, 10, sched, z[:1]), "noise must be a tensor with the shape of x_t"),
    (lambda: ddim_timesteps(1000, 1001), r"n_steps must be an int in \[1, 1000\]"),
    (lambda: ddim_timesteps(1000, 10, spacing='even'), "spacing must be one of"),
    (lambda: linear_schedule(T=-5), "T must be an integer >= 1"),
    (lambda: cosine_schedule(max_beta=1.0), r"max_beta must be in \(0, 1\)"),
])
def test_bad_input_names_parameter(call, msg):
    with pytest.raises(ValueError, match=msg): call()

def test_q_sample_per_sample_t_matches_scalar_calls():
    t = torch.tensor([0, 500, 999])
    batched = q_sample(x, t, sched, eps)
    for i, ti in enumerate(t.tolist()): torch.testing.assert_close(batched[i], q_sample(x[i:i+1], ti, sched, eps[i:i+1])[0])

def test_ddim_eta0_is_deterministic_and_invertible_at_full_steps():
    "With eta=0 and t_prev = -1 the step returns the predicted x0 (a closed form)"
    torch.testing.assert_close(ddim_step(x, eps, 400, -1, sched), predict_x0(x, eps, 400, sched), rtol=1e-5, atol=1e-5)

@pytest.mark.parametrize("n", [1, 3, 10, 50, 1000])
def test_timestep_pairs_cover_list(n):
    ts = ddim_timesteps(1000, n)
    pairs = timestep_pairs(ts)
    assert [t for t, _ in pairs] == ts.tolist() and pairs[-1][1] == -1
    assert all(tp < t for t, tp in pairs)

def test_schedules_store_float32():
    for s in (linear_schedule(), scaled_linear_schedule(), cosine_schedule()):
        assert s.betas.dtype == s.alphas.dtype == s.alpha_bars.dtype == torch.float32 and s.T == 1000
        assert (s.alpha_bars[1:] < s.alpha_bars[:-1]).all()


@pytest.mark.parametrize("spacing,offset", [('leading', 0), ('leading', 1), ('trailing', 0), ('linspace', 0)])
def test_timesteps_match_diffusers_for_every_step_count(spacing, offset):
    "Every N in [1, 1000]: the old torch.arange version of 'trailing' failed for 50 of them (48, 96, 112, ...)"
    from diffusers import DDIMScheduler
    from diffgrid_nb.samplers import ddim_timesteps
    ref = DDIMScheduler(num_train_timesteps=1000, timestep_spacing=spacing, steps_offset=offset)
    for n in range(1, 1001):
        ref.set_timesteps(n)
        if ref.timesteps.max() >= 1000:          # diffusers lists timestep T (leading, offset 1, N = T): we refuse it
            with pytest.raises(ValueError, match='offset must keep timesteps below'): ddim_timesteps(1000, n, spacing, offset)
            continue
        assert ddim_timesteps(1000, n, spacing, offset).tolist() == ref.timesteps.tolist(), n
