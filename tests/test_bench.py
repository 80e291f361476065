"The benchmarks still run: a few samples through bench/bench_shapes_model.py, which reports a model against the bar."
import json, subprocess, sys
from pathlib import Path

BENCH = Path(__file__).parent.parent / 'bench' / 'bench_shapes_model.py'

def bench(*args):
    return subprocess.run([sys.executable, str(BENCH), '--no-speed', *args], capture_output=True, text=True, timeout=600)

def test_quality_report(tmp_path):
    r = bench('--n', '6', '--out', str(tmp_path / 'q.json'))
    assert r.returncode == 0, r.stderr
    q = json.loads((tmp_path / 'q.json').read_text())
    assert q['n'] == 6 and q['bar'] == dict(requested_class=0.95, attribute_read=0.9, frequency_gap=0.05)
    assert set(q['variants']) == {'shipped', 'unet-only'}
    for v in q['variants'].values():
        assert set(v['frequencies']) == {'colour'} and len(v['frequencies']['colour']) == 6   # the shipped model: COARSE
        assert ('colour frequency gap' in v['misses']) == (v['largest_frequency_gap']['colour'] > 0.05), v
        assert ('requested_class' in v['misses']) == (v['requested_class'] < 0.95), v
    assert 'misses the bar: ' in r.stdout and 'colour   gap' in r.stdout

def test_unknown_variant():
    r = bench('--n', '6', '--variants', 'shipped,ema')
    assert r.returncode == 2 and "--variants: unknown ['ema']" in r.stderr, r.stderr
