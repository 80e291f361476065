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
