# Sample this model with trailing timestep spacing by default (DDIM's first step at t = 999 instead of 980): store it
# in the model's .json, where load_pretrained reads it into the model's SamplingDefaults. Why, and what it changes:
# notebook 11, "The lesson on a model of every scale", and diffgrid_nb/measured/quality_allscales_cpu.json
# (bench/bench_shapes_model.py).
# Run from the repository root: python training_runs/shapes_cpu4/spacing.py
import json
from pathlib import Path
cfg_file = Path('training_runs/shapes_cpu4/shapes_unet.json')
cfg = json.loads(cfg_file.read_text()); cfg['sampling'] = dict(spacing='trailing')
cfg_file.write_text(json.dumps(cfg, indent=1)); print(cfg['sampling'])
