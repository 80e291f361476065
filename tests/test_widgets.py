"""The grid explorer driven headless, as a user would drive it: under the ipywidgets of .venv (8) and, in `make test`,
again in .venv-ipywidgets7 (7.7.1, what Colab ships)."""
import time
import ipywidgets
import pytest
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.widgets import GridExplorer

PNG = b'\x89PNG\r\n\x1a\n'

def png(ex): return bytes(ex.image.value)   # ipywidgets 8 holds a memoryview, 7 bytes


@pytest.fixture(scope='module')
def ex():
    print(f"ipywidgets {ipywidgets.__version__}")
    return GridExplorer(load_pretrained(device='cpu'), sync=True, n_steps=10, branch_steps='2, 5', n_branches=2)


def test_every_control_changes_the_picture(ex):
    first = png(ex)
    assert first[:8] == PNG and ex.tree.n_steps == 10
    ex.seed.value = 3
    assert ex.tree.seed == 3 and png(ex) != first
    before = png(ex); ex.step.value = 5
    assert png(ex) != before
    for view in ('x0', 'diff', 'x'):        # at the last step x = x̂0, so compare views mid-way
        before = png(ex); ex.view.value = view
        assert png(ex)[:8] == PNG and png(ex) != before, view
    ex.cond.value = '(none)'
    assert ex.tree.cond is None


def test_promote_and_errors_show_in_the_widget(ex):
    ex.target.value = ex.target.options[-1][1]
    k, j = ex.target.value
    new_trunk = ex.tree.branch_id(k, j)
    ex.promote_selected()
    assert ex.tree.trunk == new_trunk and 'promoted' in ex.status.value
    ex.branch_steps.value = '2, 99'
    assert 'branch steps must be in [1, 9]' in ex.status.value


def test_background_recompute_finishes(ex):
    ex.sync = False
    try:
        ex.branch_steps.value = '3'
        for _ in range(300):
            if ex.tree.branch_steps == (3,): break
            time.sleep(0.1)
        assert ex.tree.branch_steps == (3,) and png(ex)[:8] == PNG
    finally: ex.sync = True


def test_sampler_menu(ex):
    "every sampler draws; DDIM's η only applies to DDIM; a deterministic sampler says why its branches equal the trunk"
    ex.branch_steps.value = '2, 5'
    ex.sampler.value = 'heun'
    assert ex.tree.sampler.name == 'heun' and ex.eta.disabled and 'every branch will equal its trunk' in ex.status.value
    ex.sampler.value = 'euler_ancestral'
    assert ex.tree.sampler.stochastic and 'equal its trunk' not in ex.status.value and png(ex)[:8] == PNG
    assert not (ex.tree.xs[ex.tree.branch_id(2, 0)][-1] == ex.tree.xs[ex.tree.trunk][-1]).all()
    ex.sampler.value = 'ddim'
    assert not ex.eta.disabled and ex.tree.sampler.eta == ex.eta.value


def test_fifty_rapid_changes():
    "A burst of changes: no exception, the last request is what the widget shows, and far fewer than 50 computations"
    import io, threading
    from diffgrid_nb.grid import sample_tree, grid_image
    den = load_pretrained(device='cpu')
    ex = GridExplorer(den, n_steps=20, branch_steps='2, 5', n_branches=2)     # background: the one worker
    errors = []
    threading.excepthook = lambda a: errors.append(a.exc_value)
    try:
        assert ex.wait(120)
        runs = ex.runs
        for seed in range(1, 51): ex.seed.value = seed                       # as fast as a script can set them
        assert ex.wait(120), 'the worker did not settle'
        assert not errors and 'color:#c00' not in ex.status.value, (errors, ex.status.value)
        assert ex.tree.seed == 50
        fresh = sample_tree(den, ex.tree.sampler, branch_steps=(2, 5), n_branches=2, seed=50, cond=ex.tree.cond,
                            guidance=ex.tree.guidance, progress=False)
        buf = io.BytesIO(); grid_image(fresh, 'x', 20).save(buf, format='png')
        assert png(ex) == buf.getvalue(), 'the picture is not the last request\'s grid'
        assert ex.runs - runs <= 5, f"{ex.runs - runs} computations for 50 changes"
    finally:
        ex.close(); threading.excepthook = threading.__excepthook__
    assert not ex._thread.is_alive()


def test_close_stops_the_worker_mid_computation():
    ex = GridExplorer(load_pretrained(device='cpu'), n_steps=100, branch_steps='2', n_branches=6)
    time.sleep(0.3)
    t0 = time.perf_counter(); ex.close()
    assert not ex._thread.is_alive() and time.perf_counter() - t0 < 10


def _upload(widget, data:bytes, name='start.png'):
    "Put a file in a FileUpload as a browser would: ipywidgets 8 takes a tuple of files, 7 its data and metadata"
    if int(ipywidgets.__version__.split('.')[0]) >= 8:
        import datetime
        widget.value = ({'name': name, 'type': 'image/png', 'size': len(data), 'content': memoryview(data),
                         'last_modified': datetime.datetime.now(datetime.timezone.utc)},)
    else:
        widget.metadata = [{'name': name, 'type': 'image/png', 'size': len(data), 'lastModified': 0}]
        widget.data = [data]; widget._counter += 1


def test_start_from_an_image():
    import io, torch
    from PIL import Image
    from diffgrid_nb.data import make_batch
    from diffgrid_nb.grid import sample_tree, grid_sampler, fit_image
    den = load_pretrained(device='cpu')
    ex = GridExplorer(den, sync=True, n_steps=12, branch_steps='2', n_branches=2, start='data', image_seed=3,
                      start_step=6)
    t = ex.tree
    assert (t.start_step, t.n_steps) == (6, 6) and not ex.image_seed.disabled and ex.upload.disabled
    img = make_batch(1, 3, shape=ex.cond.value, spec=den.shapes_data())[0][0]
    ref = sample_tree(den, grid_sampler(den, 'ddim', 12, 1.0), branch_steps=(2,), n_branches=2, cond=ex.cond.value,
                      init=img, start_step=6, progress=False)
    assert torch.allclose(t.final(t.trunk), ref.final(ref.trunk), atol=1e-4)
    evals = t.evals; ex.n_branches.value = 3                     # same start: only the new branch is sampled
    assert ex.tree.init is not None and ex.tree.evals - evals < evals
    ex.start.value = 'upload'                                     # nothing uploaded yet: a clear message
    assert 'upload button' in ex.status.value and ex.image_seed.disabled and not ex.upload.disabled
    buf = io.BytesIO(); Image.fromarray(((img.permute(1, 2, 0) + 1) * 127.5).round().byte().numpy()).save(buf, 'png')
    _upload(ex.upload, buf.getvalue())
    assert ex.tree.init is not None and torch.allclose(
        ex.tree.init, den.encode(fit_image(Image.open(io.BytesIO(buf.getvalue())), den)[None])[0], atol=1e-6)
    _upload(ex.upload, b'not an image', 'x.png')
    assert 'not an image' in ex.status.value
    ex.n_steps.value = 10; assert ex.start_step.max == 8           # the start step follows the number of steps
    ex.start.value = 'noise'
    assert ex.tree.init is None and ex.start_step.disabled and ex.upload.disabled
