"""Run a script or module as on the GPU machine's image, which lacks the course's notebook and test packages:
importing any of them fails. A dry run of gpu_session.sh's steps on the CPU, before spending device time on them.

    .venv/bin/python training_runs/without_dev_packages.py bench/bench_grid.py --quick
    .venv/bin/python training_runs/without_dev_packages.py -m diffgrid_nb train --preset gpu --steps 3 --out /tmp/x
"""
import importlib.abc, runpy, sys

MISSING = {'ipywidgets', 'IPython', 'ipykernel', 'nbdev', 'execnb', 'nbconvert', 'nbformat', 'jupyterlab', 'playwright',
           'latex2mathml', 'pyflakes'}

class _Missing(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split('.')[0] in MISSING: raise ModuleNotFoundError(f"No module named {name!r} (not on the GPU image)")

sys.meta_path.insert(0, _Missing())
args = sys.argv[1:]
if args[:1] == ['-m']: sys.argv = args[1:]; runpy.run_module(args[1], run_name='__main__', alter_sys=True)
else: sys.argv = args; runpy.run_path(args[0], run_name='__main__')
