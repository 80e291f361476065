# Why the shipped all-scales model's stripes go unread: over the 256 samples sample_quality draws first (seed 0), the
# detector's amplitude of each stripe direction for the samples whose stripes it could not read, and a sheet of them
# (unread.png: two rows unread, one row read).
# Run from the repository root: python training_runs/shapes_cpu4/stripes/diag.py > training_runs/shapes_cpu4/stripes/diag.out
import torch, warnings
warnings.simplefilter('ignore')
torch.set_num_threads(2)
from diffgrid_nb.pretrained import load_model, generate
from diffgrid_nb import data as D
den = load_model('allscales')
n = 256
cond = torch.arange(n) % 3
imgs = generate(den, n=n, cond=cond, seed=0)
rec = {'amp': [], 'inner': []}
orig = D._stripe_amplitudes
def spy(r, inner, cx, cy):   # records what the detector computes, as it computes it
    amp = orig(r, inner, cx, cy)
    rec['amp'].append(amp); rec['inner'].append(inner.sum((1, 2)))
    return amp
D._stripe_amplitudes = spy
d = D.detect(imgs)
amp = torch.cat(rec['amp']); rec['inner'] = torch.cat(rec['inner']); top = amp.topk(2, 1).values
ok = d['valid'] & (d['stripes'] >= 0)
bad = d['valid'] & (d['stripes'] < 0)
print('valid', d['valid'].float().mean().item(), 'stripes read', ok.float().mean().item(), 'n bad', bad.sum().item())
print('read: top amp quartiles', top[ok, 0].quantile(torch.tensor([.1, .5, .9])).tolist())
print('read: ratio quartiles', (top[ok, 0] / top[ok, 1]).quantile(torch.tensor([.1, .5, .9])).tolist())
print('bad: top amp', [round(v, 3) for v in top[bad, 0].tolist()])
print('bad: ratio', [round(v, 2) for v in (top[bad, 0] / top[bad, 1]).tolist()])
print('bad: size', d['size'][bad].tolist(), 'inner px', rec['inner'][bad].tolist())
print('ok: size mean', d['size'][ok].float().mean().item(), 'bad size mean', d['size'][bad].float().mean().item())
print('bad: shape', d['shape'][bad].tolist())
from PIL import Image
tiles = torch.cat([imgs[bad][:16], imgs[~bad][:8]])
sheet = Image.new('RGB', (8 * 132, 3 * 132), 'white')
for i, a in enumerate(((tiles.clamp(-1, 1) + 1) * 127.5).byte().permute(0, 2, 3, 1).numpy()):
    sheet.paste(Image.fromarray(a).resize((128, 128), Image.NEAREST), ((i % 8) * 132, (i // 8) * 132))
sheet.save('training_runs/shapes_cpu4/stripes/unread.png')
