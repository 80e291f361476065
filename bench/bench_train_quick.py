"""A learner's run: `diffgrid train --preset quick` from scratch, timed, then its samples scored next to the shipped model's.

Run: .venv/bin/python bench/bench_train_quick.py  (about 17 minutes on 2 CPU cores; run it alone, timings on a busy machine mean nothing)
Prints the training time and, for both models, over 512 samples (DDIM 50, η = 0, default guidance, the classes in turn):
the requested class, valid images, images whose every attribute reads, and the largest gap (percentage points) between an
attribute's value frequency and the data's. Writes bench/train_quick.json and docs/quick_samples.png.
"""
import json, sys, time, tempfile
from pathlib import Path
import torch
from diffgrid_nb.training import train, PRESETS, sample_quality, _save_grid
from diffgrid_nb.pretrained import load_pretrained

torch.set_num_threads(2)
n = int(sys.argv[1]) if len(sys.argv) > 1 else 512
root = Path(__file__).resolve().parent.parent
with tempfile.TemporaryDirectory() as d:
    t0 = time.perf_counter(); hist = train(d, PRESETS['quick'], device='cpu', resume=False, progress=False); train_s = time.perf_counter() - t0
    quick = load_pretrained(d, device='cpu')
print(f"threads: {torch.get_num_threads()}; quick preset: {PRESETS['quick'].steps} steps of {PRESETS['quick'].batch} images in {train_s / 60:.1f} min, final loss {hist[-1]['loss']:.4f}")
rows = {}
for name, den in [('quick', quick), ('shipped', load_pretrained(device='cpu'))]:
    t0 = time.perf_counter(); q = sample_quality(den, n=n, progress=False); dt = time.perf_counter() - t0
    imgs = q.pop('images'); rows[name] = dict(q, attributes=list(den.data.attributes), sample_seconds=round(dt))
    if name == 'quick': _save_grid(imgs[:48], root / 'docs' / 'quick_samples.png', ncols=12)
    gaps = ', '.join(f"{a} {100 * g:.1f} pp" for a, g in q['largest_frequency_gap'].items())
    print(f"{name:8s} ({'/'.join(den.data.attributes)}): requested class {q['requested_class']:.1%}, valid {q['valid']:.1%}, "
          f"every attribute read {q['all_attributes_read']:.1%}; read per attribute {', '.join(f'{a} {v:.1%}' for a, v in q['per_attribute_read'].items())}; "
          f"largest frequency gap: {gaps}  ({dt:.0f} s to sample)")
(root / 'bench' / 'train_quick.json').write_text(json.dumps(dict(train_minutes=round(train_s / 60, 2), final_loss=hist[-1]['loss'], n=n, models=rows), indent=1))
