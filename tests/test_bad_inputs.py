"Bad input gets a clear error that names the parameter: a table of cases (issues 11 and 14), each must raise, none may pass silently"
import math, pytest, torch
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.unet import BranchPoints
from diffgrid_nb.grid import sample_tree, promote, path_seed, default_branch_steps, grid_sampler
from diffgrid_nb.solvers import DDIM
from diffgrid_nb.data import detect, agree, attribute_names, attribute_variance, ShapesSpec, make_batch, sample_labels
from diffgrid_nb.training import TrainConfig

@pytest.fixture(scope='module')
def den(): return load_pretrained(device='cpu')

@pytest.fixture(scope='module')
def tree(den): return sample_tree(den, n_steps=4, branch_steps=(1, 2), n_branches=2, seed=0, progress=False)

nan, inf = float('nan'), float('inf')
TREE_CASES = [  # keyword for sample_tree, bad value, words the message must contain
    ('seed', True, 'seed must be an int'), ('seed', 1.0, 'seed must be an int'), ('seed', '3', 'seed must be an int'),
    ('n_steps', True, 'n_steps must be an int'), ('n_steps', 4.0, 'n_steps must be an int'), ('n_steps', 1, 'n_steps must be an int in [2, 1000]'),
    ('eta', True, 'eta must be a number in [0, 1]'), ('eta', nan, 'eta must be a number in [0, 1]'), ('eta', -0.1, 'eta must be a number in [0, 1]'),
    ('branch_steps', (2.0,), 'branch_steps must be distinct step indices'), ('branch_steps', (True,), 'branch_steps must be distinct step indices'),
    ('branch_steps', (1, 1), 'branch_steps must be distinct step indices'), ('branch_steps', (4,), 'branch_steps must be distinct step indices in [1, 3]'),
    ('n_branches', True, 'n_branches must be an int'), ('n_branches', 65, 'n_branches must be an int in [0, 64]'),
    ('max_batch', 0, 'max_batch must be an int >= 1'), ('max_batch', 1.5, 'max_batch must be an int >= 1'),
    ('cache_mb', nan, 'cache_mb must be a finite number >= 0'), ('cache_mb', -1, 'cache_mb must be a finite number >= 0'),
    ('cache_mb', inf, 'cache_mb must be a finite number >= 0'), ('guidance', nan, 'guidance must be a finite number >= 0'),
    ('sampler', 'euler', 'sampler must be a Sampler'), ('sampler', DDIM(4), 'give either sampler or n_steps and eta'),
]

DDIM_CASES = [  # settings of the grid's DDIM sampler (denoiser defaults overridden), bad value, words the message must contain
    ('alpha_bar_final', nan, 'alpha_bar_final must be a number in (0, 1]'), ('alpha_bar_final', 0.0, 'alpha_bar_final must be a number in (0, 1]'),
    ('alpha_bar_final', 1.5, 'alpha_bar_final must be a number in (0, 1]'), ('alpha_bar_final', True, 'alpha_bar_final must be a number in (0, 1]'),
    ('offset', -1, 'offset must be an int >= 0'), ('spacing', 'middle', 'spacing must be one of'), ('karras', True, 'ddim has no option karras'),
]

@pytest.mark.parametrize('key,value,words', DDIM_CASES, ids=[f"{k}={v!r}" for k, v, _ in DDIM_CASES])
def test_grid_sampler_refuses(den, key, value, words):
    with pytest.raises((ValueError, TypeError)) as e: sample_tree(den, grid_sampler(den, 'ddim', 4, **{key: value}), branch_steps=(1,), progress=False)
    assert words in str(e.value) or key in str(e.value), str(e.value)

def test_eta_is_ddims(den):
    with pytest.raises(ValueError, match="eta is DDIM's setting; euler has none"): grid_sampler(den, 'euler', 4, 0.5)

@pytest.mark.parametrize('key,value,words', TREE_CASES, ids=[f"{k}={v!r}" for k, v, _ in TREE_CASES])
def test_sample_tree_refuses(den, key, value, words):
    kw = {**dict(n_steps=4, branch_steps=(1, 2), n_branches=1, progress=False), key: value}
    with pytest.raises(ValueError) as e: sample_tree(den, **kw)
    assert words in str(e.value), str(e.value)

@pytest.mark.parametrize('k,j,words', [(2, 1.0, 'j must be an int'), (2.0, 1, 'k must be one of the branch steps'), (True, 0, 'k must be one of the branch steps'),
                                       (2, True, 'j must be an int'), (3, 0, 'k must be one of the branch steps'), (2, 2, 'j must be an int in [0, 2)')])
def test_promote_refuses(tree, k, j, words):
    with pytest.raises(ValueError) as e: promote(tree, k, j)
    assert words in str(e.value), str(e.value)

def test_equal_ids_equal_paths(tree):
    a, b = promote(tree, 2, 1), promote(tree, 2, 1)
    assert torch.equal(a.final(), b.final()) and torch.equal(a.final(), tree.final(tree.branch_id(2, 1)))

@pytest.mark.parametrize('pid', [((2, 5),), ((3, 0),), ((1, 0), (2, 0))])
def test_decoded_unknown_path(tree, pid):
    with pytest.raises(ValueError, match='is not a path of this tree'): tree.decoded(pid)

@pytest.mark.parametrize('seed,pid', [(True, ()), (1.0, ()), (0, ((1.0, 0),)), (0, ((True, 0),)), (0, ((1,),))])
def test_path_seed_refuses(seed, pid):
    with pytest.raises(ValueError, match='must be'): path_seed(seed, pid)

imgs = make_batch(4, seed=1)[0]
DATA_CASES = [
    (lambda: detect(imgs * nan), 'x must be finite'), (lambda: detect(imgs.clone().index_fill_(0, torch.tensor([1]), inf)), 'x must be finite'),
    (lambda: detect(imgs[:, :2]), 'x must be a float tensor of images (B, 3, 32, 32)'), (lambda: detect(imgs[0]), 'x must be a float tensor of images'),
    (lambda: detect((imgs * 100).long()), 'x must be a float tensor of images'), (lambda: detect(imgs.numpy()), 'x must be a float tensor of images'),
    (lambda: detect(imgs[:0]), 'x must hold at least one image'),
    (lambda: agree(imgs, imgs[:2]), 'x and y must be equally sized batches'), (lambda: agree(imgs, imgs * nan), 'y must be finite'),
    (lambda: agree(imgs, imgs, attributes=['texture']), "attributes must be names from ('shape', 'colour', 'stripes', 'dot')"),
    (lambda: agree(imgs, imgs, attributes=[]), 'attributes must be names from'), (lambda: attribute_names('Shape'), 'attributes must be names from'),
    (lambda: attribute_variance('size'), 'attributes must be names from'),
    (lambda: ShapesSpec(stripes=-0.1), 'ShapesSpec.stripes must be a number in [0, 0.5]'), (lambda: ShapesSpec(dot='dark'), 'ShapesSpec.dot must be a number'),
    (lambda: make_batch(0), 'n must be an int >= 1'), (lambda: sample_labels(3, shape='hexagon'), 'shape must be one of'),
    (lambda: TrainConfig(batch=0), 'batch must be an int >= 1'), (lambda: TrainConfig(steps=True), 'steps must be an int >= 1'),
    (lambda: TrainConfig(lr=nan), 'lr must be in (0, 1)'), (lambda: TrainConfig(ema_decay=1.0), 'ema_decay must be in [0, 1)'),
    (lambda: TrainConfig(p_uncond=1.0), 'p_uncond must be in [0, 1)'), (lambda: TrainConfig(checkpoint_every=0), 'checkpoint_every must be an int >= 1'),
    (lambda: BranchPoints([0.0, nan]), 'log_snr must be finite, increasing values'), (lambda: BranchPoints([]), 'log_snr must be finite, increasing values'),
]

@pytest.mark.parametrize('call,words', DATA_CASES, ids=[w[:40] for _, w in DATA_CASES])
def test_data_and_config_refuse(call, words):
    with pytest.raises(ValueError) as e: call()
    assert words in str(e.value), str(e.value)

def test_default_branch_steps_refuses(den):
    for n in (1, True, 2.0):
        with pytest.raises(ValueError, match='n_steps must be an int >= 2'): default_branch_steps(den, n)


# ---- the big table: every public function with its bad values (tests/bad_input_table.py) ----
from bad_input_table import cases
NAMES = [name for name, _, _ in cases(None, None)]
CLEAR = (ValueError, TypeError, FileNotFoundError, RuntimeError)

@pytest.mark.parametrize('i', range(len(NAMES)), ids=NAMES)
def test_table(den, tree, i):
    "Each bad input raises a clear error (not an assert, a KeyError or a crash deep inside torch) naming the parameter"
    name, call, word = cases(den, tree)[i]
    with pytest.raises(Exception) as e: call()
    assert isinstance(e.value, CLEAR), f"{name}: {type(e.value).__name__}: {e.value}"
    assert word in str(e.value), f"{name}: the message does not name {word!r}: {e.value}"

def test_table_is_big_enough():
    assert len(NAMES) == len(set(NAMES)) >= 335
