# Store this model's teaching branch points in its .json, from its decision curves measured under the grid's settings
# (conditioned on triangle, guidance 3, DDIM 50, eta 1): diffgrid_nb/measured/decisions_allscales_cpu.json, made by
#   .venv/bin/python bench/bench_decisions.py --model training_runs/shapes_cpu4 --cond triangle --out diffgrid_nb/measured/decisions_allscales_cpu.json
# Run from the repository root: python training_runs/shapes_cpu4/branch_points.py
import json
from dataclasses import asdict
from pathlib import Path
from diffgrid_nb.decisions import load_measured, teaching_branch_points
cfg_file = Path('training_runs/shapes_cpu4/shapes_unet.json')
bp = teaching_branch_points(load_measured('decisions_allscales_cpu').curves)
cfg = json.loads(cfg_file.read_text()); cfg['branch_points'] = asdict(bp)
cfg_file.write_text(json.dumps(cfg, indent=1)); print(bp)
