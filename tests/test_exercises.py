"The reference solutions of the notebooks' exercises pass their checks, and typical wrong answers do not."
import pytest, torch
from diffgrid_nb.exercises import check
from diffgrid_nb.schedules import linear_schedule, cosine_schedule
from diffgrid_nb.samplers import ddim_sigma


def q_sample_ref(x0, t, sched, noise):
    ab = sched.alpha_bars[t]
    return ab.sqrt() * x0 + (1 - ab).sqrt() * noise

def q_sample_wrong(x0, t, sched, noise):          # α_t where ᾱ_t belongs
    a = sched.alphas[t]
    return a.sqrt() * x0 + (1 - a).sqrt() * noise

def v_ref(x0, eps, t, sched):
    ab = sched.alpha_bars[t].view(-1, *[1] * (x0.ndim - 1))
    return ab.sqrt() * eps - (1 - ab).sqrt() * x0

SOLUTIONS = {
    '01.1': int((linear_schedule().alpha_bars < 0.5).nonzero()[0]),
    '01.2': q_sample_ref,
    '02.1': cosine_schedule(200).snr[-1].item(),
    '02.2': next(i for i, t in enumerate(range(980, -1, -20)) if cosine_schedule().snr[t] >= 1 / 3),
    '03.1': v_ref,
    '03.2': (linear_schedule().snr[10] / linear_schedule().snr[500]).item(),
    '04.1': (48, 999),
    '04.2': ddim_sigma(500, 480, linear_schedule(), 1.0).item(),
    '05.1': 0.01 / cosine_schedule().snr[100].item(),
    '05.2': int((cosine_schedule().snr <= 5).nonzero()[0]),
}
WRONG = {'01.1': 0, '01.2': q_sample_wrong, '02.1': 0.0, '02.2': 0, '03.1': lambda x0, eps, t, s: eps, '03.2': 1.0,
         '04.1': (48, 980), '04.2': 0.0, '05.1': 0.01, '05.2': 999}


@pytest.mark.parametrize("key", sorted(SOLUTIONS))
def test_reference_solution_passes(key):
    assert check(key, SOLUTIONS[key]) is True


@pytest.mark.parametrize("key", sorted(WRONG))
def test_wrong_answer_gets_a_hint(key):
    with pytest.raises(AssertionError, match=f"exercise {key}: not yet"): check(key, WRONG[key])
