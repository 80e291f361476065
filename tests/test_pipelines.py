"Latent pipelines, offline: a tiny Stable Diffusion pipeline with random weights, saved and loaded back through diffusers."
import os, subprocess, sys
import pytest, torch
from diffusers import DDIMScheduler, UNet2DModel
from diffgrid_nb.pipelines import make_tiny_pipeline, load_pipeline, PipelineDenoiser
from diffgrid_nb.grid import sample_tree, grid_image
from diffgrid_nb.diffplots import step_changes
from diffgrid_nb.samplers import ddim_step
from diffgrid_nb.denoisers import cfg_combine


@pytest.fixture(scope='module')
def tiny_dir(tmp_path_factory):
    return make_tiny_pipeline(tmp_path_factory.mktemp('pipes') / 'tiny', image_size=16)


@pytest.fixture(scope='module')
def pipe(tiny_dir):
    return load_pipeline(tiny_dir, device='cpu')


def test_guidance_is_cfg_of_the_two_prompts(pipe):
    den = PipelineDenoiser(pipe, prompt='a red cat', negative_prompt='a blue dog')
    x = torch.randn(3, *den.sample_shape)
    e_c, e_u = den(x, 500, guidance=1.0), den(x, 500, cond='a blue dog', guidance=1.0)
    torch.testing.assert_close(den(x, 500, guidance=0.0), e_u)                       # w = 0: the negative prompt alone
    torch.testing.assert_close(den(x, 500, guidance=4.0), cfg_combine(e_u, e_c, 4.0), rtol=1e-5, atol=1e-5)
    assert not torch.allclose(e_c, e_u)                                                # the prompt matters


def test_v_prediction_steps_match_diffusers(pipe):
    "A v-prediction pipeline (as SD 2.x at 768 px): our ε from v, stepped by our DDIM, equals diffusers' step on v"
    pipe.scheduler = DDIMScheduler.from_config(pipe.scheduler.config, prediction_type='v_prediction')
    try:
        den = PipelineDenoiser(pipe, prompt='a red cat')
        ref = DDIMScheduler.from_config(pipe.scheduler.config); ref.set_timesteps(10)
        tree = sample_tree(den, n_steps=10, eta=0.5, branch_steps=(3,), n_branches=1, guidance=1.0, progress=False)
        assert list(tree.ts) == ref.timesteps.tolist()
        x, g = torch.randn(1, *den.sample_shape), torch.Generator().manual_seed(1)
        for t, tp in zip(tree.ts, [*tree.ts[1:], -1]):
            v = pipe.unet(x, t, encoder_hidden_states=den.embed('a red cat')[None]).sample
            z = torch.randn(x.shape, generator=g)
            theirs = ref.step(v, t, x, eta=0.5, variance_noise=z).prev_sample
            ours = ddim_step(x, den(x, t, guidance=1.0), t, tp, den.sched, 0.5, z, tree.sampler.alpha_bar_final)
            torch.testing.assert_close(ours, theirs, rtol=1e-4, atol=1e-5 * theirs.abs().max().item())
            x = theirs
    finally:
        pipe.scheduler = DDIMScheduler.from_config(pipe.scheduler.config, prediction_type='epsilon')


def test_half_precision_keeps_latents_in_float32(tiny_dir):
    "Under a float16 UNet only the UNet's input is rounded: v-prediction's ε = √ᾱ v + √(1-ᾱ) x takes x in float32"
    pipe16 = load_pipeline(tiny_dir, device='cpu', dtype=torch.float16)
    pipe16.scheduler = DDIMScheduler.from_config(pipe16.scheduler.config, prediction_type='v_prediction')
    den = PipelineDenoiser(pipe16, prompt='a red cat')
    x, t = torch.randn(2, *den.sample_shape, generator=torch.Generator().manual_seed(0)) * 3, 999
    v = pipe16.unet(x.half(), t, encoder_hidden_states=den.embed('a red cat').expand(2, -1, -1)).sample.float()
    ab = den.sched.alpha_bars[t]
    torch.testing.assert_close(den(x, t, guidance=1.0), ab.sqrt() * v + (1 - ab).sqrt() * x, rtol=1e-6, atol=1e-6)


def test_decoding_is_lazy_and_bounded(pipe):
    den = PipelineDenoiser(pipe, prompt='a red cat')
    tree = sample_tree(den, n_steps=10, branch_steps=(2, 5), n_branches=2, progress=False, cache_mb=0.01)
    assert len(tree._cache) == 0                                  # sampling decodes nothing
    step_changes(tree, space='model')
    assert len(tree._cache) == 0                                  # latent-space maps need no decoder
    grid_image(tree)
    assert 0 < sum(v.numel() * v.element_size() for v in tree._cache.values()) <= max(0.01 * 2**20, 3 * 16 * 16 * 4)


def test_bad_input(pipe):
    den = PipelineDenoiser(pipe, prompt='a red cat')
    with pytest.raises(ValueError, match=r'x_t \(latents\) must have shape \(B, 4, 8, 8\)'): den(torch.randn(1, 4, 9, 8), 10)
    with pytest.raises(ValueError, match='prompt must be a non-empty string'): PipelineDenoiser(pipe, prompt='')
    with pytest.raises(ValueError, match='guidance must be a finite number >= 0'): sample_tree(den, guidance=-0.5, progress=False)
    with pytest.raises(ValueError, match='width must be a positive multiple of 2'): PipelineDenoiser(pipe, width=7)


def test_unsupported_pipelines(pipe):
    class Fake: pass
    fake = Fake(); fake.__dict__.update(unet=UNet2DModel(block_out_channels=(32, 64), down_block_types=('DownBlock2D',) * 2,
                                                        up_block_types=('UpBlock2D',) * 2, norm_num_groups=8), vae=pipe.vae, text_encoder=pipe.text_encoder,
                                       tokenizer=pipe.tokenizer, scheduler=pipe.scheduler)
    with pytest.raises(TypeError, match=r'unet \(want a UNet2DConditionModel, got UNet2DModel\)'): PipelineDenoiser(fake)
    pipe.scheduler = DDIMScheduler.from_config(pipe.scheduler.config, prediction_type='sample')
    try:
        with pytest.raises(ValueError, match="prediction_type must be 'epsilon' or 'v_prediction'; got 'sample'"): PipelineDenoiser(pipe)
    finally:
        pipe.scheduler = DDIMScheduler.from_config(pipe.scheduler.config, prediction_type='epsilon')


def run(*args):
    env = {**os.environ, 'HF_HUB_OFFLINE': '1'}
    return subprocess.run([sys.executable, '-m', 'diffgrid_nb', *args], capture_output=True, text=True, timeout=300, env=env)


def test_cli_on_a_pipeline(tiny_dir, tmp_path):
    r = run('grid', '--pipeline', str(tiny_dir), '--prompt', 'a red cat', '--steps', '10', '--branch-steps', '2,5', '--branches', '2',
            '--out', str(tmp_path / 'g.png'), '--diff-out', str(tmp_path / 'd.png'))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / 'g.png').exists() and (tmp_path / 'd.png').exists()


@pytest.mark.parametrize("args,msg", [
    (['--prompt', ' '], 'prompt must be a non-empty string'),
    (['--guidance', '-2'], 'guidance must be a finite number >= 0'),
])
def test_cli_pipeline_errors(tiny_dir, tmp_path, args, msg):
    r = run('grid', '--pipeline', str(tiny_dir), '--steps', '10', '--branch-steps', '2,5', '--out', str(tmp_path / 'g.png'), *args)
    assert r.returncode != 0 and msg in r.stderr, r.stderr


def test_cli_offline_hub_pipeline(tmp_path):
    r = run('grid', '--pipeline', 'someone/some-sd-model', '--out', str(tmp_path / 'g.png'))
    assert r.returncode != 0 and "could not download the pipeline 'someone/some-sd-model'" in r.stderr, r.stderr
