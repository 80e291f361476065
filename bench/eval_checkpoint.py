"""Score the EMA weights of a training checkpoint (a run in progress) the way `sample_quality` scores a finished model.

Run: .venv/bin/python bench/eval_checkpoint.py training_runs/shapes_cpu [n]   (n samples, default 256; about 2 minutes per 256 on 2 CPU cores)
"""
import sys, json
from pathlib import Path
from diffgrid_nb.training import load_checkpoint, TrainConfig, sample_quality, _save_grid
from diffgrid_nb.unet import make_shapes_unet, UNetDenoiser
from diffgrid_nb.pretrained import schedule_from_config
from diffgrid_nb.data import SHAPES, DATA_MEAN, DATA_STD

run, n = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 256
st = load_checkpoint(run / 'checkpoint')
c = TrainConfig.from_json(st['config'])
unet = make_shapes_unet()
for p, v in zip(unet.parameters(), st['ema']['shadow_params']): p.data.copy_(v)   # the EMA weights, in parameter order
den = UNetDenoiser(unet.eval(), schedule_from_config(c.schedule_config), SHAPES, DATA_MEAN, DATA_STD, data=c.data)
q = sample_quality(den, n=n, progress=False)
_save_grid(q.pop('images')[:48], run / f"eval_step{st['step']:06d}.png", ncols=12)
print(f"step {st['step']} of {c.steps} (EMA weights, no linear denoiser), {n} samples: requested shape {q['requested_class']:.1%}, valid {q['valid']:.1%}, "
      f"every attribute read {q['all_attributes_read']:.1%}; per attribute {', '.join(f'{a} {v:.1%}' for a, v in q['per_attribute_read'].items())}; "
      f"largest frequency gap: {', '.join(f'{a} {100 * g:.1f} pp' for a, g in q['largest_frequency_gap'].items())}")
(run / f"eval_step{st['step']:06d}.json").write_text(json.dumps(dict(step=st['step'], **q), indent=1))
