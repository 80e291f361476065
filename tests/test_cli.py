"The command line: bad options give errors that name the option and the allowed values."
import subprocess, sys
import pytest

def run(*args):
    return subprocess.run([sys.executable, '-m', 'diffgrid_nb', *args], capture_output=True, text=True, timeout=300)

@pytest.mark.parametrize("args,msg", [
    (['train', '--out', 'x', '--steps', '0'], '--steps must be an integer >= 1'),
    (['train', '--out', 'x', '--batch', 'many'], "--batch must be an integer >= 1; got 'many'"),
    (['train', '--out', 'x', '--device', 'tpu'], "argument --device: invalid choice: 'tpu'"),
])
def test_bad_options(args, msg):
    r = run(*args)
    assert r.returncode != 0 and msg in r.stderr, r.stderr

@pytest.mark.parametrize("args,msg", [
    (['grid', '--shape', 'hexagon'], "--shape must be one of circle, square, triangle or none; got 'hexagon'"),
    (['grid', '--steps', '20', '--branch-steps', '2,30'], '--branch-steps must be step indices in [1, 19] for --steps 20'),
    (['grid', '--eta', '2'], '--eta must be a number in [0, 1]'),
    (['grid', '--guidance', '-1'], '--guidance must be a finite number >= 0'),
    (['grid', '--branches', '0'], '--branches must be an integer in [1, 64]'),
    (['grid', '--branch-steps', 'a,b'], '--branch-steps must be integers separated by commas'),
    (['grid', '--view', 'z'], "argument --view: invalid choice: 'z'"),
    (['grid', '--sampler', 'plms'], "argument --sampler: invalid choice: 'plms'"),
    (['grid', '--sampler', 'euler', '--eta', '0.5'], "--eta is DDIM's setting; --sampler euler has none"),
])
def test_bad_grid_options(args, msg):
    "A user error: exit status 2, one line naming the option, no traceback"
    r = run(*args, '--out', '/tmp/_never.png')
    assert r.returncode == 2 and msg in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr

def test_grid_writes_png(tmp_path):
    r = run('grid', '--out', str(tmp_path / 'g.png'), '--steps', '10', '--branch-steps', '2,5', '--branches', '2')
    assert r.returncode == 0, r.stderr
    assert (tmp_path / 'g.png').read_bytes()[:4] == b'\x89PNG'

@pytest.mark.parametrize('sampler,warns', [('dpmpp_2m_sde', False), ('heun', True)])
def test_grid_with_other_samplers(tmp_path, sampler, warns):
    "every sampler draws a grid; a deterministic one warns that its branches equal the trunk and names a stochastic one"
    r = run('grid', '--out', str(tmp_path / 'g.png'), '--sampler', sampler, '--karras', '--steps', '8', '--branch-steps', '2,5', '--branches', '2')
    assert r.returncode == 0, r.stderr
    assert (tmp_path / 'g.png').read_bytes()[:4] == b'\x89PNG'
    assert ('every branch will equal its trunk' in r.stderr and 'euler_ancestral' in r.stderr) == warns, r.stderr

def test_add_linear_refits_the_shipped_statistics(tmp_path):
    "`diffgrid add-linear` on a copy of the shipped model: a small refit agrees with the shipped linear denoiser within Monte Carlo error"
    import shutil, json, torch
    from diffgrid_nb.pretrained import _weights_dir, load_pretrained
    for f in ('shapes_unet.safetensors', 'shapes_unet.json'): shutil.copy(_weights_dir() / f, tmp_path / f)
    cfg = json.loads((tmp_path / 'shapes_unet.json').read_text()); cfg.pop('linear_denoiser')
    (tmp_path / 'shapes_unet.json').write_text(json.dumps(cfg))
    assert load_pretrained(tmp_path, device='cpu').linear is None
    r = run('add-linear', '--model', str(tmp_path), '--linear-n', '400', '--device', 'cpu')
    assert r.returncode == 0, r.stderr
    small, shipped = load_pretrained(tmp_path, device='cpu'), load_pretrained(device='cpu')
    assert small.linear_from is not None and small.linear_from >= 900                 # the UNet keeps everything below t = 900
    assert (small.linear.mean - shipped.linear.mean).abs().max() < 5 * 1.5 / 400 ** 0.5   # per-pixel std <= 1.5 in the model's space
    top = lambda g: g.lam[:, 0]
    assert ((top(small.linear) / top(shipped.linear)) - 1).abs().max() < 0.3
    assert 'from_t' in json.loads((tmp_path / 'shapes_unet.json').read_text())['info']['linear_denoiser']

def test_add_linear_bad_options():
    r = run('add-linear', '--model', '/nowhere', '--linear-n', '0')
    assert r.returncode != 0 and '--linear-n must be an integer >= 1' in r.stderr, r.stderr
    r = run('add-linear', '--model', '/nowhere')
    assert r.returncode != 0 and 'is missing' in r.stderr, r.stderr

def test_train_rejects_bad_linear_n():
    r = run('train', '--out', '/tmp/_never', '--linear-n', '-3')
    assert r.returncode != 0 and '--linear-n must be an integer >= 0; got -3' in r.stderr, r.stderr

@pytest.mark.parametrize("init,expect", [('none', None), ('allscales', 'allscales'), ('FOLDER', 'FOLDER')])
def test_train_init_from(tmp_path, init, expect):
    "--init-from overrides the preset's starting weights: none (scratch), shipped, a shipped model's name, or a model folder"
    import diffgrid_nb
    from pathlib import Path
    folder = str(Path(diffgrid_nb.__file__).parent / 'weights')   # the shipped diffusion model's folder
    init, expect = (folder if v == 'FOLDER' else v for v in (init, expect))
    r = run('train', '--preset', 'quick', '--out', str(tmp_path), '--steps', '2', '--batch', '2', '--linear-n', '0',
            '--sample-every', '0', '--device', 'cpu', '--init-from', init)
    assert r.returncode == 0, r.stderr
    import json
    cfg = json.loads((tmp_path / 'shapes_unet.json').read_text())['info']['config']
    assert cfg['init_from'] == expect
