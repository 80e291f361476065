# Ship this model in the package as `load_model('allscales')`: copy its weights, its linear denoiser and its config into
# diffgrid_nb/weights under the stem shapes_allscales (the bytes of the weights unchanged; the config names the new
# linear-denoiser file and where the model was trained).
# The run's weights have since left the tree (the package holds them): to ship again, first put them back with
# `bash training_runs/restore_weights.sh shapes_cpu4`. Run from the repository root: python training_runs/shapes_cpu4/ship.py
import json, shutil
from pathlib import Path
src, dst, stem = Path('training_runs/shapes_cpu4'), Path('diffgrid_nb/weights'), 'shapes_allscales'
shutil.copyfile(src / 'shapes_unet.safetensors', dst / f'{stem}.safetensors')
shutil.copyfile(src / 'shapes_unet_linear.safetensors', dst / f'{stem}_linear.safetensors')
cfg = json.loads((src / 'shapes_unet.json').read_text())
cfg['linear_denoiser']['file'] = f'{stem}_linear.safetensors'
cfg['info']['trained_in'] = f'{src} (the fourth of four learning-rate cycles: shapes_cpu, shapes_cpu2, 3 and 4)'
(dst / f'{stem}.json').write_text(json.dumps(cfg, indent=1))
print({f.name: f.stat().st_size for f in sorted(dst.glob(f'{stem}*'))})
