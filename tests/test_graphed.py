"""A tree sampled through `GraphedModule` is the tree sampled without it, bit for bit. `RerunCapture` stands in for a
GPU's recorder on the CPU: its replay reads the recorded inputs and writes the recorded outputs, as a CUDA graph does."""
import pytest, torch
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.grid import sample_tree
from diffgrid_nb.denoisers import GraphedModule, RerunCapture

def test_graphed_tree_is_the_tree():
    den = load_pretrained()
    plain = sample_tree(den, n_steps=12, branch_steps=(2, 6), n_branches=2, cond='triangle', progress=False)
    den.unet = g = GraphedModule(den.unet, RerunCapture())
    graphed = sample_tree(den, n_steps=12, branch_steps=(2, 6), n_branches=2, cond='triangle', progress=False)
    # batch sizes 1, 3 and 5, each doubled by guidance; the linear denoiser takes the first steps
    assert len(g.graphs) == 3 and g.calls['eager'] == 0 and g.calls['replayed'] > len(g.graphs)
    for p in plain.xs: assert torch.equal(plain.final(p), graphed.final(p)), p

def test_an_embedding_cond_runs_as_it_is():
    "The class-embedding override is a hook: a recording would keep it, so those calls run as they are"
    den = load_pretrained().unet_only()
    emb = (den.embed('triangle') + den.embed('circle')) / 2
    x = torch.randn(2, *den.sample_shape)
    want, want_class = den(x, 500, emb, 3.0), den(x, 500, 'triangle', 3.0)
    den.unet = g = GraphedModule(den.unet, RerunCapture())
    assert torch.equal(den(x, 500, emb, 3.0), want) and dict(g.calls) == {'eager': 1}
    assert torch.equal(den(x, 500, 'triangle', 3.0), want_class)         # no hook: recorded
    assert g.calls['recorded'] == 1 and g.calls['eager'] == 1

def test_a_global_hook_runs_as_it_is():
    den = load_pretrained().unet_only()
    den.unet = g = GraphedModule(den.unet, RerunCapture())
    h = torch.nn.modules.module.register_module_forward_hook(lambda m, i, o: o)
    try: den(torch.randn(1, *den.sample_shape), 500)
    finally: h.remove()
    den(torch.randn(1, *den.sample_shape), 500)
    assert dict(g.calls) == {'eager': 1, 'recorded': 1, 'replayed': 1}

def test_a_failed_recording_leaves_the_tree_right():
    "A model CUDA graphs cannot hold (one that waits for the GPU mid-call) still samples, as it is, with a warning"
    class NoRecording(RerunCapture):
        def capture(self, fn): raise RuntimeError('operation not permitted when stream is capturing')
    den = load_pretrained()
    kw = dict(n_steps=8, branch_steps=(4,), n_branches=2, cond='circle', progress=False)
    plain = sample_tree(den, **kw)
    den.unet = g = GraphedModule(den.unet, NoRecording())
    with pytest.warns(RuntimeWarning, match='could not record a call'): tree = sample_tree(den, **kw)
    assert not g.graphs and len(g.unrecordable) == 2 and g.calls['eager'] > 2   # batch sizes 1 and 3
    for p in plain.xs: assert torch.equal(plain.final(p), tree.final(p)), p
