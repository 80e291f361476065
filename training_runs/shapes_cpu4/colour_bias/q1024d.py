import torch, json, sys, time
torch.set_num_threads(2)
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.training import sample_quality
from diffgrid_nb.unet import UNetDenoiser
den = load_pretrained(sys.argv[1] if len(sys.argv) > 1 else 'training_runs/shapes_cpu4', device='cpu')
class Interval(UNetDenoiser):
    thr = 1000
    def __call__(self, x_t, t, cond=None, guidance=1.0):
        return super().__call__(x_t, t, cond, guidance if t < self.thr else 1.0)
def interval(thr):
    d = Interval(den.unet, den.sched, den.class_names, den.mean, den.std, den.clip_x0, data=den.data, branch_points=den.branch_points, defaults=den.defaults, linear=den.linear, linear_from=den.linear_from)
    d.thr = thr; return d
for name, d, g in [('g1', den, 1.0), ('g3_below900', interval(900), 3.0), ('g3_below800', interval(800), 3.0)]:
    t0 = time.time()
    q = sample_quality(d, n=1024, progress=False, guidance=g); q.pop('images')
    print(name, round(time.time()-t0), json.dumps({k: q[k] for k in ('requested_class', 'valid', 'all_attributes_read', 'largest_frequency_gap', 'per_attribute_read', 'frequencies')}), flush=True)
