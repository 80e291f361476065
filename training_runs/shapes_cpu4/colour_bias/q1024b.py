import torch, json, sys, time
torch.set_num_threads(2)
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.training import sample_quality
den = load_pretrained('training_runs/shapes_cpu4', device='cpu')
for name, d in [('unet_only', den.unet_only()), ('linear_from_980', type(den)(den.unet, den.sched, den.class_names, den.mean, den.std, den.clip_x0, data=den.data, branch_points=den.branch_points, defaults=den.defaults, linear=den.linear, linear_from=980))]:
    t0 = time.time()
    q = sample_quality(d, n=1024, progress=False); q.pop('images')
    print(name, round(time.time()-t0), json.dumps({k: q[k] for k in ('requested_class', 'valid', 'all_attributes_read', 'largest_frequency_gap', 'per_attribute_read', 'frequencies')}), flush=True)
