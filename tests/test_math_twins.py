"""Pytest twins of the math notebooks' key checks (01-04), so that mutation testing (`make mutants`, which runs pytest) sees
them: every formula checked against a simulation or a closed form computed independently of the function under test."""
import math
import torch
from diffgrid_nb.schedules import linear_schedule, cosine_schedule, rescale_zero_terminal_snr
from diffgrid_nb.forward import q_step, q_sample, snr
from diffgrid_nb.ddpm import posterior_mean_var, predict_x0, to_x0_eps, gaussian_eps, ddpm_sample, simple_loss
from diffgrid_nb.samplers import ddim_step, ddim_sample, ddim_sigma, ddim_timesteps, timestep_pairs

lin, cos = linear_schedule(), cosine_schedule()


def test_q_sample_matches_the_chain():
    "Notebook 1: the closed form against the step-by-step chain (5 standard errors)"
    n, x0, g = 20_000, torch.tensor([-1.0, 0.2, 1.0]), torch.Generator().manual_seed(0)
    x = x0.expand(n, -1).clone()
    for t in range(301): x = q_step(x, t, lin, torch.randn(x.shape, generator=g))
    ab = lin.alpha_bars[300]
    direct = q_sample(x0.expand(n, -1), 300, lin, torch.randn((n, 3), generator=g))
    for sample in (x, direct):
        assert ((sample.mean(0) - ab.sqrt() * x0).abs() < 5 * ((1 - ab) / n).sqrt()).all()
        assert ((sample.var(0) - (1 - ab)).abs() < 5 * (1 - ab) * math.sqrt(2 / n)).all()
    assert torch.allclose(snr(300, lin), ab / (1 - ab))


def test_posterior_against_regression():
    "Notebook 3: q(x_{t-1} | x_t, x_0) from a regression on simulated pairs, at t = 1 (β̃ ≈ β/2) and t = 400"
    n, g = 200_000, torch.Generator().manual_seed(1)
    for t in (1, 400):
        x_prev = q_sample(torch.full((n,), 0.7, dtype=torch.float64), t - 1, lin, torch.randn(n, generator=g, dtype=torch.float64))
        x_t = q_step(x_prev, t, lin, torch.randn(n, generator=g, dtype=torch.float64))
        xc, yc = x_t - x_t.mean(), x_prev - x_prev.mean()
        slope = (xc * yc).sum() / (xc * xc).sum(); resid = yc - slope * xc
        (mu, mu1), var = posterior_mean_var(torch.full((2,), 0.7, dtype=torch.float64), torch.stack([x_t.mean(), x_t.mean() + 1]), t, lin)
        assert abs(slope - (mu1 - mu)) < 5 * (resid.var() / (xc * xc).sum()).sqrt()
        assert abs(x_prev.mean() - mu) < 5 * (resid.var() / n).sqrt()
        assert abs(resid.var() - var) < 5 * var * math.sqrt(2 / n)


def test_prediction_targets_round_trip():
    g = torch.Generator().manual_seed(2)
    x0, eps = torch.randn(6, 3, 4, 4, generator=g), torch.randn(6, 3, 4, 4, generator=g)
    t = torch.tensor([0, 5, 100, 500, 900, 999])
    x_t = q_sample(x0, t, cos, eps)
    ab = cos.alpha_bars[t].view(-1, 1, 1, 1)
    v = ab.sqrt() * eps - (1 - ab).sqrt() * x0
    for kind, target in [('epsilon', eps), ('sample', x0), ('v_prediction', v)]:
        x0_hat, eps_hat = to_x0_eps(target, x_t, t, cos, kind)
        assert torch.allclose(eps_hat, eps, atol=2e-3) and torch.allclose(x0_hat[:4], x0[:4], atol=2e-3), kind
    assert torch.allclose(predict_x0(x_t[:4], eps[:4], t[:4], cos), x0[:4], atol=2e-3)


def test_simple_loss_is_the_eps_mse():
    g = torch.Generator().manual_seed(3)
    x0, eps, t = torch.randn(5, 2, generator=g), torch.randn(5, 2, generator=g), torch.randint(0, 1000, (5,), generator=g)
    assert simple_loss(lambda x, t_: eps, x0, t, eps, lin) == 0
    assert torch.isclose(simple_loss(lambda x, t_: torch.zeros_like(x), x0, t, eps, lin), (eps ** 2).mean())
    assert torch.isclose(simple_loss(lambda x, t_: x, x0, t, eps, lin), ((q_sample(x0, t, lin, eps) - eps) ** 2).mean())


def _ddim_affine(mu, s, sched, n_steps):
    "The whole deterministic DDIM sampler for data ~ N(μ, s²) and the exact ε*, as x_0 = A x_T + B (float64)"
    ab, A, B = sched.alpha_bars.double(), 1.0, 0.0
    for t, tp in timestep_pairs(ddim_timesteps(sched.T, n_steps)):
        a, a_ = ab[t], (ab[tp] if tp >= 0 else torch.tensor(1.0, dtype=torch.float64))
        k = (1 - a).sqrt() / (a * s**2 + 1 - a)
        At = a_.sqrt() / a.sqrt() * (1 - (1 - a).sqrt() * k) + (1 - a_).sqrt() * k
        Bt = (a_.sqrt() * (1 - a).sqrt() - (1 - a_).sqrt() * a.sqrt()) * k * mu
        A, B = (At * A).item(), (At * B + Bt).item()
    return A, B


def test_ddim_on_gaussian_data_is_the_exact_affine_map():
    "Notebook 4: deterministic DDIM with the exact ε* is an affine map, predicted in float64"
    x_T = torch.randn(5000, generator=torch.Generator().manual_seed(3))
    for n in (2, 10, 50):
        A, B = _ddim_affine(0.5, 0.3, lin, n)
        out = ddim_sample(gaussian_eps(0.5, 0.3, lin), x_T, lin, n_steps=n)
        assert torch.allclose(out.double(), A * x_T.double() + B, rtol=1e-4, atol=1e-4), n


def test_ddpm_on_gaussian_data_matches_its_exact_moments():
    "Notebook 3: the ancestral sampler's exact mean and std for Gaussian data, within 4 standard errors of 100,000 samples"
    mu, s, n = 0.5, 0.3, 100_000
    ab, m, v = lin.alpha_bars.double(), 0.0, 1.0
    for t in range(lin.T - 1, -1, -1):
        ab_prev = ab[t - 1] if t > 0 else torch.tensor(1.0, dtype=torch.float64)
        beta = 1 - ab[t] / ab_prev
        c0, ct = ab_prev.sqrt() * beta / (1 - ab[t]), (1 - beta).sqrt() * (1 - ab_prev) / (1 - ab[t])
        k = (1 - ab[t]).sqrt() / (ab[t] * s**2 + 1 - ab[t])
        A = c0 * (1 - (1 - ab[t]).sqrt() * k) / ab[t].sqrt() + ct
        m, v = (A * m + c0 * (1 - ab[t]).sqrt() * k * mu).item(), (A**2 * v + (1 - ab_prev) / (1 - ab[t]) * beta * (t > 0)).item()
    x = ddpm_sample(gaussian_eps(mu, s, lin), torch.randn(n, generator=torch.Generator().manual_seed(3)), lin,
                    generator=torch.Generator().manual_seed(4))
    assert abs(x.mean().item() - m) < 4 * math.sqrt(v / n) and abs(x.std().item() - math.sqrt(v)) < 4 * math.sqrt(v / (2 * n))


def test_ddim_sigma_eta1_is_the_ddpm_posterior_std():
    for t, tp in [(999, 979), (500, 480), (20, 0)]:
        ab, ab_p = lin.alpha_bars[t], lin.alpha_bars[tp]
        assert torch.isclose(ddim_sigma(t, tp, lin, 1.0) ** 2, (1 - ab_p) / (1 - ab) * (1 - ab / ab_p))
    assert ddim_sigma(500, 480, lin, 0.0) == 0


def test_zero_terminal_snr_keeps_the_start_and_ends_at_pure_noise():
    z = rescale_zero_terminal_snr(lin)
    assert z.alpha_bars[-1] == 0 and z.betas[-1] == 1 and torch.isclose(z.alpha_bars[0], lin.alpha_bars[0])
    s, s0 = z.alpha_bars.double().sqrt(), lin.alpha_bars.double().sqrt()   # √ᾱ is an affine image of the old one
    expected = (s0 - s0[-1]) * s0[0] / (s0[0] - s0[-1])
    assert torch.allclose(s, expected, atol=1e-5)


# Tests added for the survivors of the first mutation run (bench/mutation_report.log): boundaries, defaults and paths it showed untested

def test_schedule_validation_boundaries():
    import pytest
    from diffgrid_nb.schedules import NoiseSchedule
    for betas, zero in [([0.1, 1.0, 0.5], False), ([0.1, 1.0, 0.5], True), ([0.1, 0.5, 1.0], False), ([0.1, 0.5, 0.0], True),
                        ([0.0, 0.5, 0.5], False), ([0.5, 0.5, 1.5], True), ([0.5, 0.0, 0.5], False), ([0.5, 0.0], False)]:
        with pytest.raises(ValueError, match='betas must be finite and in'): NoiseSchedule(betas, zero_terminal_snr=zero)
    ok = NoiseSchedule([0.1, 0.5, 1.0], zero_terminal_snr=True)
    assert ok.alpha_bars[-1] == 0 and ok.zero_terminal_snr and not NoiseSchedule([0.1, 0.5]).zero_terminal_snr
    with pytest.raises(ValueError, match=r'\(the last may be 1\)'): NoiseSchedule([0.1, 2.0], zero_terminal_snr=True)
    with pytest.raises(ValueError, match=r'in float32; got'): NoiseSchedule([0.1, 2.0])
    assert NoiseSchedule([0.5]).name == 'custom' and len(linear_schedule(T=1).betas) == 1
    assert [s.name for s in (linear_schedule(), cosine_schedule())] == ['linear', 'cosine']
    assert rescale_zero_terminal_snr(lin).name == 'linear, zero terminal SNR'
    with pytest.raises(ValueError, match='s must be >= 0'): cosine_schedule(s=-0.1)
    assert cosine_schedule(s=0.0).T == 1000                                            # s = 0 is allowed
    with pytest.raises(ValueError, match='max_beta must be in'): cosine_schedule(max_beta=0.0)


def test_simple_loss_passes_the_timesteps():
    g = torch.Generator().manual_seed(4)
    x0, eps = torch.randn(6, 2, generator=g), torch.randn(6, 2, generator=g)
    t = torch.tensor([0, 10, 100, 400, 800, 999])
    seen = []
    simple_loss(lambda x, t_: seen.append(t_) or torch.zeros_like(x), x0, t, eps, lin)
    assert torch.equal(seen[0], t)


def test_ddim_step_eta_bound_and_final_alpha_bar():
    import pytest
    g = torch.Generator().manual_seed(5)
    x, e, z = [torch.randn(2, 3, 4, 4, generator=g) for _ in range(3)]
    with pytest.raises(ValueError, match=r'eta=3 is too large at t=500 -> t_prev=480'): ddim_step(x, e, 500, 480, lin, 3, z)
    ddim_step(x, e, 500, 480, lin, 1.0, z)                                              # η = 1 is allowed
    with pytest.raises(ValueError, match=r'too large at t=20 -> t_prev=0'): ddim_step(x, e, 20, 0, lin, 3.0, z)   # σ < 1 there, 1-ᾱ' tiny
    zs = rescale_zero_terminal_snr(lin)                                                 # η = 1 from ᾱ_t = 0: σ² = 1 - ᾱ' up to rounding
    assert torch.isfinite(ddim_step(x, e, 999, 979, zs, 1.0, z, prediction_type='v_prediction')).all()
    # the final step with ᾱ_final ≠ 1 and η > 0: σ uses ᾱ_final (checked against the formula, DDIM eq. 16)
    abf = lin.alpha_bars[0].item()
    ab = lin.alpha_bars[20]
    sigma = 0.7 * ((1 - abf) / (1 - ab) * (1 - ab / abf)).sqrt()
    x0_hat = (x - (1 - ab).sqrt() * e) / ab.sqrt()
    expected = abf ** 0.5 * x0_hat + (1 - abf - sigma ** 2).sqrt() * e + sigma * z
    assert torch.allclose(ddim_step(x, e, 20, -1, lin, 0.7, z, abf), expected, atol=1e-5)
    assert ddim_sigma(500, 480, lin) == 0 and torch.isclose(ddim_sigma(20, -1, lin, 1.0), ddim_sigma(20, -1, lin, 1.0, 1.0))


def test_ddim_timesteps_offset_checks():
    import pytest
    for bad in (-1, True, 1.5):
        with pytest.raises(ValueError, match='offset must be an int >= 0'): ddim_timesteps(1000, 10, 'leading', bad)
    assert ddim_timesteps(1000, 10, 'trailing').dtype == torch.int64


def test_ddim_sample_with_eta_matches_the_step_loop():
    "ddim_sample with η > 0 draws its noise from the generator, one tensor per step, and passes spacing, offset and ᾱ_final on"
    x_T = torch.randn(3, 2, generator=torch.Generator().manual_seed(6))
    model = gaussian_eps(0.5, 0.3, lin)
    out, traj = ddim_sample(model, x_T, lin, n_steps=10, eta=0.8, generator=torch.Generator().manual_seed(7), traj=True,
                            offset=1, alpha_bar_final=lin.alpha_bars[0].item())
    g, x = torch.Generator().manual_seed(7), x_T
    for t, tp in timestep_pairs(ddim_timesteps(1000, 10, 'leading', 1)):
        x = ddim_step(x, model(x, t), t, tp, lin, 0.8, torch.randn(x.shape, generator=g), lin.alpha_bars[0].item())
    assert torch.equal(out, x) and len(traj) == 11 and torch.equal(traj[0], x_T) and torch.equal(traj[-1], out)
    assert ddim_sample(model, x_T, lin).shape == x_T.shape                             # defaults: 50 steps, η = 0
    assert torch.equal(ddim_sample(model, x_T, lin), ddim_sample(model, x_T, lin, n_steps=50, eta=0.0))
