# Continue the CPU all-scales run (training_runs/shapes_cpu, 6,000 steps of 128) with a second cosine cycle at half
# the learning rate. Run from the repository root: python training_runs/shapes_cpu2/run.py (it resumes itself).
import torch
from diffgrid_nb.training import TrainConfig, train
torch.set_num_threads(2)
c = TrainConfig(steps=7000, batch=128, lr=5e-4, warmup=100, sample_every=500, checkpoint_every=100, linear_n=20_000,
                init_from='training_runs/shapes_cpu')
train('training_runs/shapes_cpu2', c, device='cpu', max_minutes=118)
