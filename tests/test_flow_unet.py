"The flow-matching shapes UNet: its velocity and clamp, saving and loading, sampling, training and the grid"
from dataclasses import replace
import pytest, torch
from diffusers import FlowMatchEulerDiscreteScheduler
from diffgrid_nb.flow import FlowSchedule, FlowEuler, flow_x0, flow_loss, diffusers_flow_run
from diffgrid_nb.unet import FlowUNetDenoiser, UNetDenoiser, make_shapes_unet
from diffgrid_nb.pretrained import save_pretrained, load_pretrained, generate
from diffgrid_nb.solvers import solve, max_deviation
from diffgrid_nb.data import SHAPES, DATA_MEAN, DATA_STD, COARSE
from diffgrid_nb.schedules import cosine_schedule

@pytest.fixture(scope='module')
def fden():
    torch.manual_seed(0)
    return FlowUNetDenoiser(make_shapes_unet().eval(), FlowSchedule(), SHAPES, DATA_MEAN, DATA_STD, data=COARSE)

def test_velocity_is_the_unet_output_with_guidance(fden):
    raw = FlowUNetDenoiser(fden.unet, FlowSchedule(), SHAPES, DATA_MEAN, DATA_STD, clip_x0=False)
    x = torch.randn(3, 3, 32, 32, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        vc = fden.unet(x, torch.tensor(700.), class_labels=torch.full((3,), 1)).sample
        vu = fden.unet(x, torch.tensor(700.), class_labels=torch.full((3,), 3)).sample
    assert torch.allclose(raw(x, 700, 'square'), vc, atol=1e-5)
    assert torch.allclose(raw(x, 700, 'square', 2.5), vu + 2.5 * (vc - vu), atol=1e-5)

@pytest.mark.parametrize('t', [1000, 731.5, 40, 1])
def test_clamp_keeps_x0_in_the_picture(fden, t):
    x = 3 * torch.randn(4, 3, 32, 32, generator=torch.Generator().manual_seed(2))
    x0 = flow_x0(x, fden(x, t, 'circle', 3.0), t / 1000)
    lo, hi = (fden.encode(torch.full((1, 3, 1, 1), b)) for b in (-1.0, 1.0))
    assert (x0 >= lo - 1e-4).all() and (x0 <= hi + 1e-4).all()

def test_sampling_matches_diffusers_flow_scheduler(fden):
    "the shapes flow UNet through our Euler and through FlowMatchEulerDiscreteScheduler, same noise"
    model = lambda x, t: fden(x, t, 'triangle', 2.0)
    x = torch.randn(2, 3, 32, 32, generator=torch.Generator().manual_seed(3))
    _, xs, _ = solve(model, FlowEuler(6, 1.0, True), fden.sched, x, torch.Generator().manual_seed(4), traj=True)
    theirs = diffusers_flow_run(FlowMatchEulerDiscreteScheduler(stochastic_sampling=True), model, x, 6,
                                torch.Generator().manual_seed(4))
    assert max_deviation(xs, theirs) < 1e-5

def test_save_load_and_generate(fden, tmp_path):
    save_pretrained(fden, tmp_path, name='flow')
    back = load_pretrained(tmp_path, name='flow', device='cpu')
    assert type(back) is FlowUNetDenoiser and back.sched == FlowSchedule() and back.linear is None
    assert back.data == COARSE
    a = generate(fden, n=2, cond='square', n_steps=4, seed=5)
    b = generate(back, n=2, cond='square', n_steps=4, seed=5)
    assert torch.equal(a, b)
    # the default sampler is flow DDIM at η = 0, which is Euler
    c = generate(back, n=2, cond='square', n_steps=4, seed=5, sampler=FlowEuler(4))
    assert torch.allclose(a, c, atol=1e-5)
    assert not torch.allclose(a, generate(back, n=2, cond='square', n_steps=4, seed=5, eta=1.0), atol=1e-3)

def test_flow_loss_is_what_training_minimises(fden):
    "a model that knows ε - x0 has zero loss; the untrained UNet does not"
    x0 = fden.encode(torch.rand(4, 3, 32, 32) * 2 - 1)
    noise, t = torch.randn(4, 3, 32, 32), torch.rand(4)
    oracle = lambda x_t, tT: noise - x0
    assert flow_loss(oracle, x0, t, noise) == 0
    assert flow_loss(lambda x_t, tT: fden.unet(x_t, tT, class_labels=torch.zeros(4, dtype=torch.long)).sample,
                     x0, t, noise) > 0.1

def test_train_flow_preset_runs_and_resumes(tmp_path):
    from diffgrid_nb.training import train, PRESETS
    c = replace(PRESETS['flow'], steps=4, batch=4, sample_every=0, checkpoint_every=2, warmup=1, init_from=None)
    train(tmp_path / 'a', replace(c, steps=2), device='cpu', progress=False)
    with pytest.raises(ValueError, match='another run'): train(tmp_path / 'a', c, device='cpu', progress=False)
    train(tmp_path / 'b', c, device='cpu', progress=False)
    den = load_pretrained(tmp_path / 'b', device='cpu')
    assert type(den) is FlowUNetDenoiser and den.data == COARSE

def test_bad_input(fden):
    with pytest.raises(TypeError, match='sched must be a FlowSchedule'): FlowUNetDenoiser(fden.unet, cosine_schedule())
    with pytest.raises(ValueError, match=r't must be a timestep in \[0, 1000\]'): fden(torch.zeros(1, 3, 32, 32), 1000.5)
    with pytest.raises(ValueError, match=r't must be a timestep in \[0, 999\]'):
        UNetDenoiser(fden.unet, cosine_schedule())(torch.zeros(1, 3, 32, 32), 1000)
    from diffgrid_nb.training import TrainConfig
    with pytest.raises(ValueError, match='linear_n must be 0 for a flow-matching run'):
        TrainConfig(schedule='flow', linear_n=100)

def test_grid_branches_with_flow_ddim(fden):
    from diffgrid_nb.grid import sample_tree
    tree = sample_tree(fden, cond='circle', n_steps=8, seed=3, branch_steps=(2, 5), n_branches=2, progress=False)
    assert 'flow_ddim' in str(tree.sampler)
    finals = [tree.decoded(pid, "x", 8) for pid in [tree.trunk, *tree.branch_ids(2)]]
    assert all(not torch.allclose(finals[0], f, atol=1e-3) for f in finals[1:])   # fresh noise makes new images

def test_shipped_flow_model_in_the_widget_and_the_cli(tmp_path):
    "the shipped flow model: the explorer offers the flow samplers and draws; `diffgrid grid --model flow` writes a grid"
    import subprocess, sys
    from diffgrid_nb.pretrained import load_model
    from diffgrid_nb.widgets import GridExplorer
    ex = GridExplorer(load_model('flow', device='cpu'), sync=True, n_steps=8, branch_steps='2, 5', n_branches=2)
    assert 'flow_euler_sde' in ex.sampler.options and bytes(ex.image.value)[:4] == b'\x89PNG'
    ex.sampler.value = 'flow_euler_sde'
    assert str(ex.tree.sampler) == 'flow_euler_sde'
    out = tmp_path / 'g.png'
    r = subprocess.run([sys.executable, '-m', 'diffgrid_nb', 'grid', '--model', 'flow', '--steps', '10', '--out', str(out)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and out.stat().st_size > 1000, r.stderr[-500:]
    page = tmp_path / 'e.html'                        # the explorer page defaults to the flow model's own samplers
    r = subprocess.run([sys.executable, '-m', 'diffgrid_nb', 'html', '--model', 'flow', '--steps', '6', '--seeds', '0',
                        '--shapes', 'square', '--out', str(page)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and '2 trees' in r.stdout, r.stderr[-500:]
    from diffgrid_nb.grid import grid_labels
    assert grid_labels(ex.tree)[0][0].startswith('step 2\nt = 0.')   # flow time in [0, 1] on the row labels
