"The command line: bad options give errors that name the option and the allowed values."
import subprocess, sys
import pytest

def run(*args):
    return subprocess.run([sys.executable, '-m', 'diffgrid_nb', *args], capture_output=True, text=True, timeout=300)

@pytest.mark.parametrize("args,msg", [
    (['train', '--out', 'x', '--steps', '0'], '--steps must be an integer >= 1'),
    (['train', '--out', 'x', '--batch', 'many'], "--batch must be an integer >= 1; got 'many'"),
    (['train', '--out', 'x', '--device', 'tpu'], "argument --device: invalid choice: 'tpu'"),
])
def test_bad_options(args, msg):
    r = run(*args)
    assert r.returncode != 0 and msg in r.stderr, r.stderr

@pytest.mark.parametrize("args,msg", [
    (['grid', '--shape', 'hexagon'], "--shape must be one of circle, square, triangle or none; got 'hexagon'"),
    (['grid', '--steps', '20', '--branch-steps', '2,30'], 'branch_steps must be distinct step indices in [1, 19]'),
    (['grid', '--eta', '2'], 'eta must be in [0, 1]'),
    (['grid', '--guidance', '-1'], 'guidance must be a finite number >= 0'),
    (['grid', '--branch-steps', 'a,b'], '--branch-steps must be integers separated by commas'),
    (['grid', '--view', 'z'], "argument --view: invalid choice: 'z'"),
])
def test_bad_grid_options(args, msg):
    r = run(*args, '--out', '/tmp/_never.png')
    assert r.returncode != 0 and msg in r.stderr, r.stderr

def test_grid_writes_png(tmp_path):
    r = run('grid', '--out', str(tmp_path / 'g.png'), '--steps', '10', '--branch-steps', '2,5', '--branches', '2')
    assert r.returncode == 0, r.stderr
    assert (tmp_path / 'g.png').read_bytes()[:4] == b'\x89PNG'
