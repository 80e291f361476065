# A fourth cosine cycle of the CPU all-scales model: continue training_runs/shapes_cpu3 at a lower peak learning rate.
# Run from the repository root: python training_runs/shapes_cpu4/run.py (it resumes itself).
import torch
from diffgrid_nb.training import TrainConfig, train
torch.set_num_threads(2)
c = TrainConfig(steps=5500, batch=128, lr=2e-4, warmup=100, sample_every=500, checkpoint_every=100, linear_n=20_000,
                init_from='training_runs/shapes_cpu3')
train('training_runs/shapes_cpu4', c, device='cpu', max_minutes=100)
