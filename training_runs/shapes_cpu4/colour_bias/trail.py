import torch, json, sys, time
from dataclasses import replace
torch.set_num_threads(2)
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.training import sample_quality
den = load_pretrained(sys.argv[1], device='cpu')
for spacing in sys.argv[2].split(','):
    for name, d in [('shipped', den), ('unet_only', den.unet_only())]:
        d.defaults = replace(d.defaults, spacing=spacing)
        t0 = time.time()
        q = sample_quality(d, n=1024, progress=False); q.pop('images')
        print(spacing, name, round(time.time()-t0), json.dumps({k: q[k] for k in ('requested_class', 'valid', 'all_attributes_read', 'largest_frequency_gap', 'per_attribute_read', 'frequencies')}), flush=True)
