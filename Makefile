# Two commands do all the set-up:  `make course` (open the course) and `make test` (run every test).
# Both create .venv on first use and install nothing after that, unless the dependency list in pyproject.toml (or TORCH)
# changes: the install is keyed on a checksum of that list, not on the file's date, which nbdev-export touches.
# torch is pinned so that pip takes a CPU build where one is at hand instead of pulling a multi-GB CUDA build.
# Other builds: `make setup TORCH=torch` (PyPI's default: CUDA on Linux x86_64, MPS on a Mac), or
# `make setup TORCH=torch PIP_ARGS="--index-url https://download.pytorch.org/whl/cu126"` for one CUDA version.
SHELL := bash
.SHELLFLAGS := -eo pipefail -c
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
TORCH ?= torch==2.13.0
PIP_ARGS ?=
# the dependency list and the torch asked for; a change of either re-runs the install
DEPS_KEY := $(shell { sed -n '/^dependencies = \[/,/^\]/p;/^\[project.optional-dependencies\]/,/^$$/p' pyproject.toml; \
                      echo '$(TORCH) $(PIP_ARGS)'; } | cksum | cut -d' ' -f1)
STAMP := $(VENV)/.installed-$(DEPS_KEY)
# pip on some machines is configured with local mirrors that lack most packages; it warns once per package
QUIET_PIP := { grep -v "^WARNING: Location 'file:" || true; }
# jupyter refuses to start as root without --allow-root (containers, cloud notebooks)
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

$(STAMP):
	@echo "== setting up $(VENV) (first run, or the dependency list changed)"
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(BIN)/pip install -q --upgrade pip 2>&1 | $(QUIET_PIP)
	@echo "pip install $(PIP_ARGS) $(TORCH) -e .[dev]  (a few minutes the first time)"
	@$(BIN)/pip install -q $(PIP_ARGS) "$(TORCH)" -e ".[dev]" 2>&1 | $(QUIET_PIP)
	@rm -f $(VENV)/.installed-*
	@touch $@

setup: $(STAMP)

course: setup  ## set up, render a diffusion grid (grid.png, diff_strip.png), and open the course in JupyterLab
	$(BIN)/diffgrid grid --out grid.png --diff-out diff_strip.png
	@echo "== starting JupyterLab: open the http://127.0.0.1:... URL it prints below (Ctrl-C stops it)"
	$(BIN)/jupyter lab $(ROOT_FLAG) nbs/

test: setup widgets7  ## set up, then: notebooks and library in sync, every notebook, pytest (with a second ipywidgets 7 run)
	bash .ci/test.sh

# A second environment for the widget tests under ipywidgets 7.7.1 (what Colab ships): its own ipywidgets, everything else
# seen through a .pth file pointing at .venv's site-packages. Made once, like .venv.
W7 := .venv-ipywidgets7
W7_STAMP := $(W7)/.installed-$(DEPS_KEY)
$(W7_STAMP): $(STAMP)
	@echo "== setting up $(W7) (ipywidgets 7.7.1 over .venv's packages)"
	@rm -rf $(W7); $(PY) -m venv $(W7)
	@$(W7)/bin/pip install -q --no-deps ipywidgets==7.7.1 widgetsnbextension==3.6.6 jupyterlab-widgets==1.1.1 ipython-genutils==0.2.0 \
	  2>&1 | $(QUIET_PIP)
	@$(BIN)/python -c "import site; print(f'import site; site.addsitedir({site.getsitepackages()[0]!r})')" \
	  > $$($(W7)/bin/python -c "import site; print(site.getsitepackages()[0])")/zz_main_venv.pth
	@touch $@

widgets7: $(W7_STAMP)

outputs: setup  ## run every notebook top to bottom in a fresh kernel and save its outputs (the figures a GitHub reader sees)
	MPLBACKEND=Agg HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/nbdev-test --n-workers 2 --save
	$(BIN)/nbdev-clean
	@du -ch nbs/*.ipynb | tail -n 1

site: setup  ## build the course website into _site/, offline: a page per notebook with its outputs, the index, the grid explorer
	MPLBACKEND=Agg HF_HUB_OFFLINE=1 $(BIN)/python website/build.py --out _site
	@echo "== open _site/index.html in a browser (no server needed)"

mutants: setup  ## mutation testing of the math core (schedules, forward, ddpm, samplers): long, not part of CI
	$(BIN)/python -c "import mutmut" 2>/dev/null || $(BIN)/pip install -q "mutmut>=3.3" 2>&1 | $(QUIET_PIP)
	rm -rf mutants
	DIFFGRID_MUTATION=1 $(BIN)/mutmut run --max-children $(or $(JOBS),2) > /dev/null || true
	$(BIN)/mutmut results --all true > bench/mutmut_results.txt || true
	$(BIN)/python bench/mutation_report.py bench/mutmut_results.txt | tee bench/mutation_report.log

.PHONY: setup course test widgets7 outputs site mutants
