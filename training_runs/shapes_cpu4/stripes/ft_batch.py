# Does a larger batch cure the crossed stripes? The CPU cycles trained at batches of 128 and stopped improving; the GPU
# recipe trains at 2,048. `train` fine-tunes the shipped all-scales UNet (training_runs/shapes_cpu4) for STEPS steps
# of 1,024 images (peak learning rate 2e-4, cycle 4's; an EMA of 0.99, since the run is short), fits its linear
# denoiser as every run does, and the result is scored over the 256 samples of ft_mid.py (DDIM 50, eta 0, guidance 3,
# trailing spacing, seed 0); the model as shipped reads the stripes in 87.9% of them (ft_mid.out).
# Run from the repository root: python training_runs/shapes_cpu4/stripes/ft_batch.py STEPS > ....out (the run goes to
# runs/ft_batch, ignored by git; an optional second argument, fewer samples, is a quick check of the script)
import json, sys, time, torch
torch.set_num_threads(2)
from diffgrid_nb.pretrained import load_pretrained
from diffgrid_nb.training import TrainConfig, train, sample_quality
from diffgrid_nb.solvers import wilson
steps = int(sys.argv[1])
n = int(sys.argv[2]) if len(sys.argv) > 2 else 256
c = TrainConfig(steps=steps, batch=1024, lr=2e-4, warmup=20, ema_decay=0.99, sample_every=0, checkpoint_every=50,
                linear_n=20_000, init_from='training_runs/shapes_cpu4')
t0 = time.time()
history = train('runs/ft_batch', c, device='cpu', resume=False, progress=False)
print('\n'.join(f"{h['step']} {h['loss']:.5f} {h['seconds']:.0f}" for h in history), flush=True)
q = sample_quality(load_pretrained('runs/ft_batch', device='cpu'), n=n, progress=False)
k = round(q['per_attribute_read']['stripes'] * n); lo, hi = wilson(k, n)
print(f"ft_batch {steps} steps of {c.batch} images ({time.time() - t0:.0f} s with the linear denoiser's fit): stripes "
      f"read {k / n:.1%} [{lo:.1%}, {hi:.1%}]", flush=True)
print(json.dumps({a: q[a] for a in ('requested_class', 'valid', 'all_attributes_read', 'per_attribute_read',
                                     'largest_frequency_gap')}), flush=True)
