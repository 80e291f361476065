"""On a GPU, a sampling step must not make the CPU wait: no value read back from the device, and nothing copied to it
but the step's noise (without waiting). Checked on the CPU with PyTorch's meta device as the GPU's stand-in: its tensors
have shapes but no data, so a read of one is caught here, and so is every copy between it and the CPU."""
import pytest, torch
from torch.overrides import TorchFunctionMode
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_leaves
from diffgrid_nb.pretrained import load_model
from diffgrid_nb.grid import sample_tree, grid_sampler
from diffgrid_nb.solvers import SAMPLERS, make_sampler
from diffgrid_nb.flow import FLOW_SAMPLERS, FlowSchedule
from diffgrid_nb.schedules import linear_schedule

aten = torch.ops.aten

class DeviceTraffic(TorchDispatchMode):
    """Records, per step, each copy from the CPU to the meta device (and whether it waits) and each read of a meta
    tensor's values; a read gets a stand-in (ones: 'finite', 'true') so that the code goes on as with real data"""
    def __init__(self):
        super().__init__(); self.step, self.copies, self.reads = 0, [], []
    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        ts = [a for a in tree_leaves((args, kwargs)) if isinstance(a, torch.Tensor)]
        src_meta = any(t.device.type == 'meta' for t in ts)
        if func is aten._local_scalar_dense.default and src_meta:
            self.reads.append(self.step); return True if args[0].dtype == torch.bool else 1
        if func is aten._to_copy.default:
            to = kwargs.get('device') or args[0].device
            if args[0].device.type == 'meta' and to.type == 'cpu':
                self.reads.append(self.step)
                return torch.ones(args[0].shape, dtype=kwargs.get('dtype') or args[0].dtype)
            if args[0].device.type == 'cpu' and to.type == 'meta':
                self.copies.append((self.step, bool(kwargs.get('non_blocking'))))
        if func is aten.copy_.default and args[0].device != args[1].device:
            if args[0].device.type == 'cpu': self.reads.append(self.step); return args[0].fill_(1)
            self.copies.append((self.step, bool(kwargs.get('non_blocking'))))
        return func(*args, **kwargs)
    def __enter__(self):
        self._made = MadeFromData(self); self._made.__enter__(); return super().__enter__()
    def __exit__(self, *exc):
        try: return super().__exit__(*exc)
        finally: self._made.__exit__(*exc)

class MadeFromData(TorchFunctionMode):
    "`torch.tensor(data, device=...)` and `torch.as_tensor`: a copy from the CPU that the dispatcher does not show"
    def __init__(self, traffic): super().__init__(); self.traffic = traffic
    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if (func in (torch.tensor, torch.as_tensor) and torch.device(kwargs.get('device') or 'cpu').type == 'meta'
                and not (isinstance(args[0], torch.Tensor) and args[0].device.type == 'meta')):
            self.traffic.copies.append((self.traffic.step, False))
        return func(*args, **kwargs)

@pytest.mark.parametrize('name', list(SAMPLERS) + list(FLOW_SAMPLERS))
def test_sampler_steps_wait_for_nothing(name):
    flow = name in FLOW_SAMPLERS
    smp = make_sampler(name, FLOW_SAMPLERS, n_steps=8) if flow else make_sampler(name, n_steps=8)
    plan = smp.plan(FlowSchedule() if flow else linear_schedule())
    x = torch.randn(4, 3, 8, 8, device='meta'); z = torch.randn_like(x) if smp.stochastic else None
    with DeviceTraffic() as m:
        prev = None
        for i in range(plan.n_steps): x, prev = smp.step(lambda x_, t: x_ * 0.5, x, i, plan, z, prev)
    assert x.device.type == 'meta' and m.copies == [] and m.reads == []

@pytest.fixture(scope='module')
def meta_den():
    "The shipped model on the meta device (its linear denoiser, used at t >= 950, moves there at its first call)"
    den = load_model('diffusion', device='cpu'); den.unet.to('meta')
    assert den.linear is not None and den.linear_from == 950
    return den

def test_denoiser_calls_wait_for_nothing(meta_den):
    x = torch.randn(2, *meta_den.sample_shape, device='meta')
    meta_den(x, 980, 'circle', 3.0)                  # x̂0's bounds and the linear denoiser go to the device, once
    for t, cond, g in ((500, 'circle', 3.0), (123, 2, 1.0), (999, None, 0.0), (498.5, 'square', 3.0), (960, 1, 3.0),
                       (980, 'circle', 1.0)):
        with DeviceTraffic() as m: eps = meta_den(x, t, cond, g)
        assert eps.device.type == 'meta' and (m.copies, m.reads) == ([], []), (t, cond, g)

def test_tree_steps_wait_for_nothing_but_their_noise(meta_den):
    "Each step copies its noise to the device without waiting; only where branches split, an index; reads: at the end"
    bs, n = (3, 6), 50                # the default 50 steps: steps 0 and 1 (t = 980, 960) are the linear denoiser's
    m = DeviceTraffic()
    with m:
        tree = sample_tree(meta_den, grid_sampler(meta_den, 'ddim', n, 1.0), branch_steps=bs, n_branches=2,
                           cond='triangle', progress=False, callback=lambda i, _: setattr(m, 'step', i))
    assert tree.ts[1] >= meta_den.linear_from
    assert min(m.reads) == n                                        # nothing read back before the last step ends
    for i in range(1, n):                       # step 0 also moves the start state (and the model's constants, once)
        waits = [nb for s, nb in m.copies if s == i and not nb]
        assert sum(s == i for s, _ in m.copies) - len(waits) == 1, i          # the noise, without waiting
        assert len(waits) <= (2 if i in bs else 0), (i, waits)                  # a split step's row index

@pytest.mark.parametrize('prediction_type', ['epsilon', 'v_prediction'])
def test_pipeline_calls_wait_for_nothing(tmp_path, prediction_type):
    "A latent pipeline's ε (the tiny Stable Diffusion pipeline, on the meta device), once its prompts are embedded"
    from diffusers import DDIMScheduler
    from diffgrid_nb.pipelines import make_tiny_pipeline, load_pipeline, PipelineDenoiser
    pipe = load_pipeline(make_tiny_pipeline(tmp_path / 'tiny', image_size=16), device='cpu')
    pipe.scheduler = DDIMScheduler.from_config(pipe.scheduler.config, prediction_type=prediction_type)
    den = PipelineDenoiser(pipe.to('meta'), prompt='a red cube')
    x = torch.randn(2, *den.sample_shape, device='meta')
    den(x, 500, guidance=7.5)                                     # embeds the prompt and the negative one, once
    for t, g in ((500, 7.5), (21, 1.0), (980, 0.0), (499.5, 7.5)):
        with DeviceTraffic() as m: eps = den(x, t, guidance=g)
        assert eps.device.type == 'meta' and (m.copies, m.reads) == ([], []), (t, g, m.copies, m.reads)
