"Properties of trajectory trees, safe loading and offline behaviour."
import json, os, shutil
import pytest, torch
from diffgrid_nb.pretrained import load_pretrained, load_hub_unet, _weights_dir
from diffgrid_nb.grid import sample_tree, promote, grid_image, regrow

@pytest.fixture(scope='module')
def den(): return load_pretrained(device='cpu')

def test_prefix_bitwise_and_reproducible(den):
    kw = dict(n_steps=12, eta=0.8, branch_steps=(1, 4, 9), n_branches=2, seed=5, cond='square', progress=False)
    a, b = sample_tree(den, **kw), sample_tree(den, **kw)
    assert set(a.xs) == set(b.xs) and all(torch.equal(a.xs[p], b.xs[p]) and torch.equal(a.x0s[p], b.x0s[p]) for p in a.xs)
    for k in a.branch_steps:
        for p in a.branch_ids(k): assert torch.equal(a.xs[p][:k + 1], a.xs[()][:k + 1])

def test_eta0_branches_end_at_trunk(den):
    t = sample_tree(den, n_steps=10, eta=0.0, branch_steps=(2, 6), n_branches=2, seed=1, cond='circle', progress=False)
    for p in t.xs: torch.testing.assert_close(t.xs[p][-1], t.xs[()][-1], rtol=1e-5, atol=1e-5)

def test_path_independent_of_other_branches(den):
    a = sample_tree(den, n_steps=10, eta=1.0, branch_steps=(3,), n_branches=1, seed=2, progress=False)
    b = sample_tree(den, n_steps=10, eta=1.0, branch_steps=(3, 6), n_branches=3, seed=2, progress=False)
    torch.testing.assert_close(a.xs[((3, 0),)], b.xs[((3, 0),)], rtol=1e-4, atol=1e-4)

def test_promote_keeps_earlier_and_shares_prefix(den):
    t = sample_tree(den, n_steps=10, eta=1.0, branch_steps=(2, 5, 8), n_branches=2, seed=3, progress=False)
    p = promote(t, 5, 0)
    assert torch.equal(p.xs[p.trunk], t.xs[((5, 0),)]) and torch.equal(p.xs[p.branch_id(2, 1)], t.xs[((2, 1),)])
    for q in p.branch_ids(8): assert torch.equal(p.xs[q][:9], p.xs[p.trunk][:9])
    assert grid_image(p).size[0] > 0
    with pytest.raises(ValueError, match=r'k must be one of the branch steps \(2, 5, 8\)'): promote(t, 3, 0)

@pytest.mark.parametrize('start,then', [(((3,), 1), ((3, 7), 2)), (((2, 5, 8), 3), ((5,), 1)),
                                        (((4,), 2), ((1, 4, 9), 2))])
def test_regrow_equals_a_fresh_tree(den, start, then):
    kw = dict(n_steps=10, eta=1.0, seed=6, cond='triangle', progress=False)
    old = sample_tree(den, branch_steps=start[0], n_branches=start[1], **kw)
    grown, fresh = regrow(old, *then), sample_tree(den, branch_steps=then[0], n_branches=then[1], **kw)
    assert set(grown.xs) == set(fresh.xs) and grown.evals <= fresh.evals
    for p in fresh.xs:
        torch.testing.assert_close(grown.xs[p], fresh.xs[p], rtol=1e-4, atol=1e-4)
        torch.testing.assert_close(grown.x0s[p], fresh.x0s[p], rtol=1e-4, atol=1e-4)

def test_damaged_config_is_a_clear_error(tmp_path):
    for f in ('shapes_unet.safetensors', 'shapes_unet.json'): shutil.copy(_weights_dir() / f, tmp_path / f)
    (tmp_path / 'shapes_unet.json').write_text('{"unet": ')
    with pytest.raises(ValueError, match='is not valid JSON'): load_pretrained(tmp_path)
    shutil.copy(_weights_dir() / 'shapes_unet.json', tmp_path / 'shapes_unet.json')
    data = (tmp_path / 'shapes_unet.safetensors').read_bytes()
    (tmp_path / 'shapes_unet.safetensors').write_bytes(data[:len(data) // 2])
    with pytest.raises(ValueError, match='could not be read as safetensors'): load_pretrained(tmp_path)

def test_hub_offline_fails_clearly(monkeypatch, tmp_path):
    monkeypatch.setenv('HF_HUB_OFFLINE', '1'); monkeypatch.setenv('HF_HOME', str(tmp_path))
    with pytest.raises(RuntimeError, match=r"could not download the model 'google/ddpm-cifar10-32'.*offline"):
        load_hub_unet('google/ddpm-cifar10-32', device='cpu')


def test_decode_cache_is_safe_across_threads(den):
    "Two threads reading decoded images of one tree, with a cache so small that it evicts all the time"
    import threading
    tree = sample_tree(den, n_steps=10, branch_steps=(2, 5), n_branches=2, seed=1, progress=False, cache_mb=0.05)
    want = {(p, s): tree.decoded(p, 'x', s).clone() for p in tree.xs for s in range(0, 11, 2)}
    errors = []
    def reader(order):
        try:
            for _ in range(20):
                for key in order: assert (tree.decoded(key[0], 'x', key[1]) == want[key]).all()
        except Exception as e: errors.append(e)
    keys = list(want)
    threads = [threading.Thread(target=reader, args=(o,)) for o in (keys, keys[::-1], keys[1::2])]
    for t in threads: t.start()
    for t in threads: t.join()
    assert not errors, errors[:1]
    assert tree.nbytes()[1] <= 0.05 * 2**20 + 3 * 32 * 32 * 4


def test_nan_weights_are_refused_at_load(tmp_path):
    from safetensors.torch import load_file, save_file
    for f in _weights_dir().iterdir(): shutil.copy(f, tmp_path / f.name)
    ts = load_file(tmp_path / 'shapes_unet.safetensors')
    name = sorted(ts)[3]; ts[name] = ts[name].clone(); ts[name].view(-1)[0] = float('nan')
    save_file(ts, tmp_path / 'shapes_unet.safetensors')
    with pytest.raises(ValueError, match=f"hold NaN or infinite values in 1 tensor\\(s\\), first '{name}'"): load_pretrained(tmp_path)


def test_a_nan_model_output_stops_sampling(den):
    "A model that returns NaN (damaged weights, a NaN condition) is stopped at the step where it happens, not drawn"
    class Broken:
        sched, sample_shape, defaults, class_names, device, default_cond = den.sched, den.sample_shape, den.defaults, None, 'cpu', None
        def __call__(self, x, t, cond=None, guidance=1.0): return den(x, t, cond, guidance) * (float('nan') if t < 500 else 1)
        def decode(self, x): return den.decode(x)
    with pytest.raises(ValueError, match='the model returned NaN or inf at step'):
        sample_tree(Broken(), n_steps=10, branch_steps=(2,), n_branches=1, progress=False)


def test_determinism(den):
    "Bit-identical for the same call; across batch sizes, thread counts and tree shapes (float reordering) within 1e-4 of"
    " the states' largest value (one thread against two: 2.6e-5 of it on an AVX-512 EPYC), while another seed moves them"
    " by more than that value's tenth"
    kw = dict(n_steps=12, branch_steps=(2, 6), n_branches=2, seed=5, cond='square', progress=False)
    base = sample_tree(den, **kw)
    same = sample_tree(den, **kw)
    assert all(torch.equal(base.xs[p], same.xs[p]) for p in base.xs)
    scale = max(base.xs[p].abs().max().item() for p in base.xs)
    def close(a, b, pids): return max((a.xs[p] - b.xs[p]).abs().max().item() for p in pids) / scale
    assert close(base, sample_tree(den, **{**kw, 'max_batch': 1}), base.xs) < 1e-4
    threads = torch.get_num_threads()
    try:
        torch.set_num_threads(1)
        assert close(base, sample_tree(den, **kw), base.xs) < 1e-4
    finally: torch.set_num_threads(threads)
    other = sample_tree(den, **{**kw, 'branch_steps': (6,), 'n_branches': 3})   # another shape: the shared paths agree
    assert close(base, other, [(), ((6, 0),), ((6, 1),)]) < 1e-4
    assert close(base, sample_tree(den, **{**kw, 'seed': 6}), base.xs) > 0.1    # the negative control


def test_half_precision_against_float32():
    "A 16-bit UNet against float32 on one small tree of the all-scales model: float16 within 0.1 (pixel range [-1, 1];"
    " measured 0.023), bfloat16 within 0.5 (0.24). Rounding x_t itself, as before the fix, gave 1.7 for both"
    from diffgrid_nb.pretrained import load_model
    kw = dict(n_steps=10, branch_steps=(2, 5), n_branches=1, seed=0, cond='triangle', progress=False)
    ref = sample_tree(load_model('allscales', device='cpu'), **kw)
    for dtype, tol in ((torch.float16, 0.1), (torch.bfloat16, 0.5)):
        half = sample_tree(load_model('allscales', device='cpu', dtype=dtype), **kw)
        assert set(half.xs) == set(ref.xs) and all(half.xs[p].dtype == torch.float32 for p in half.xs)
        assert max((half.final(p) - ref.final(p)).abs().max().item() for p in ref.xs) < tol, dtype


def test_exit_with_a_computation_in_flight():
    "The interpreter exits cleanly (no abort inside torch) while the explorer's worker is mid-tree"
    import subprocess, sys
    code = ("from diffgrid_nb.widgets import GridExplorer; import time; "
            "ex = GridExplorer(n_steps=100, branch_steps='2, 5', n_branches=6); time.sleep(1.0); print('leaving')")
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and 'leaving' in r.stdout, (r.returncode, r.stderr[-500:])


def test_shipped_allscales_is_the_last_cpu_cycle():
    "load_model('allscales') is training_runs/shapes_cpu4: the run's weights, by the sha256 recorded when they left the"
    " tree (training_runs/removed_weights.sha256; restore_weights.sh puts them back), and the run's config"
    import hashlib, json
    from pathlib import Path
    import diffgrid_nb
    root, weights = Path(__file__).parents[1], Path(diffgrid_nb.__file__).parent / 'weights'
    run = root / 'training_runs/shapes_cpu4'
    recorded = dict(reversed(l.split()) for l in (root / 'training_runs/removed_weights.sha256').read_text().splitlines())
    for a, b in [('shapes_unet.safetensors', 'shapes_allscales.safetensors'),
                 ('shapes_unet_linear.safetensors', 'shapes_allscales_linear.safetensors')]:
        assert hashlib.sha256((weights / b).read_bytes()).hexdigest() == recorded[f'training_runs/shapes_cpu4/{a}'], b
    cfg, shipped = (json.loads(f.read_text()) for f in (run / 'shapes_unet.json', weights / 'shapes_allscales.json'))
    assert shipped['linear_denoiser'] == {**cfg['linear_denoiser'], 'file': 'shapes_allscales_linear.safetensors'}
    for k in ('unet', 'schedule', 'class_names', 'normalize', 'data', 'branch_points', 'sampling'): assert shipped[k] == cfg[k], k
