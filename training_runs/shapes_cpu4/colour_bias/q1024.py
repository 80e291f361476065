import torch, json, sys
torch.set_num_threads(2)
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.training import sample_quality
den = load_pretrained(sys.argv[1], device='cpu')
q = sample_quality(den, n=1024, progress=False)
q.pop('images')
print(json.dumps(q, indent=1))
