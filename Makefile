# Two commands do all the set-up:  `make course` (open the course) and `make test` (run every test).
# Both create .venv on first use. torch is pinned so that pip takes a CPU build where one is at hand
# instead of pulling a multi-GB CUDA build; on a GPU machine install the torch you want first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
TORCH ?= torch==2.13.0

$(BIN)/nbdev-test: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q "$(TORCH)" -e ".[dev]"
	touch $@

setup: $(BIN)/nbdev-test

course: setup  ## set up, render a diffusion grid (grid.png), and open the course in JupyterLab
	$(BIN)/diffgrid grid --out grid.png --diff-out diff_strip.png
	$(BIN)/jupyter lab nbs/

test: setup  ## set up, then: notebooks and library in sync, every notebook, pytest
	bash .ci/test.sh

.PHONY: setup course test
