#!/usr/bin/env bash
# The GPU work that issues 11 and 14 still need, in phases that each fit one 10-minute `run` call on the device
# machine (its image has torch but not diffusers or fastcore: those travel as wheels in .whl/). How to use it, and what
# to do with what comes back: training_runs/GPU_SESSION.md.
#
#   bash training_runs/gpu_session.sh wheels   # here: download the wheels the device lacks into .whl/ (ignored by git)
#   bash training_runs/gpu_session.sh size     # here: what a call would send (CARRY: the paths to carry), against
#                                              # the tool's 64 MiB; fails when over
#   bash training_runs/gpu_session.sh session  # device: all of the below that fits one call (a 15-minute lease allows
#                                              # one), against a deadline: bench, then train and pack, then eval
#   bash training_runs/gpu_session.sh train    # device: train (or resume) the all-scales model; the run comes back
#                                              # in $OUT as run.tar.part-aa, -ab, ... (15 MB pieces)
#   bash training_runs/gpu_session.sh unpack   # here: reassemble those pieces into $RUN
#   bash training_runs/gpu_session.sh eval     # device: quality, decision curves + branch points, grid rows
#   bash training_runs/gpu_session.sh bench    # device: issue 14's GPU benchmarks
# Settings (environment): RUN (default runs/allscales_gpu), DEV (cuda), PY (python3), MINUTES (training minutes per
# call, default 7), OUT (set by the device; elsewhere /tmp/gpu_out), FILES (unpack: where the pieces are), and for a
# dry run on the CPU, TRAIN_ARGS (extra `diffgrid train` options) and QUICK=1 (small evaluations). EVAL=1 makes `train`
# run `eval` as well when the run has finished, its outputs in $RUN/eval (they come back inside the run's pieces).
# `session` takes BUDGET (seconds the whole call may take, default 560: under the tool's 600 with room to pack) and
# PARTS (what it runs, in order; default "bench train eval") and MIN_TRAIN (the least time worth training, 180 s).
set -eo pipefail
phase=${1:?usage: gpu_session.sh wheels|size|session|train|unpack|eval|bench}
RUN=${RUN:-runs/allscales_gpu}; DEV=${DEV:-cuda}; PY=${PY:-python3}; OUT=${OUT:-/tmp/gpu_out}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1
use_wheels() {   # the device's python, with the wheels from .whl/ and this checkout on its path
    if compgen -G '.whl/*.whl' > /dev/null; then
        $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
        export PYTHONPATH=/tmp/site:$PWD
    else export PYTHONPATH=$PWD; fi
    $PY -c "import torch, diffusers, fastcore, diffgrid_nb
print('torch', torch.__version__, 'cuda', torch.cuda.is_available())"
}
case $phase in
wheels)   # the versions .venv has; Python 3.12 as on the device
    mkdir -p .whl
    python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
        --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 -d .whl \
        diffusers==0.42.1 fastcore==2.2.39 importlib_metadata==10.2.0 lazy-importer
    du -sh .whl ;;
train)    # resumes from $RUN's checkpoint when the run folder was carried along
    use_wheels
    nvidia-smi --query-gpu=name,memory.total --format=csv,noheader 2>/dev/null | tee "$OUT/gpu.txt" || true
    # shellcheck disable=SC2086
    $PY -m diffgrid_nb train --preset gpu --out "$RUN" --device "$DEV" --max-minutes "${MINUTES:-7}" $TRAIN_ARGS \
        2>&1 | tr '\r' '\n' | grep -v '^\s*$' | tee -a "$OUT/train_stdout.log" | tail -n 40
    if [ -n "$EVAL" ] && [ -f "$RUN/shapes_unet.safetensors" ]; then   # finished: evaluate in the same call
        OUT="$RUN/eval" bash "$0" eval 2>&1 | tail -n 60 || echo "eval failed: see $RUN/eval"
    fi
    tar -cf - -C "$(dirname "$RUN")" "$(basename "$RUN")" | split -b 15M - "$OUT/run.tar.part-"
    ls -la "$OUT" ;;
size)     # the tracked files, the untracked ones git does not ignore, and CARRY's paths: what a `run` call sends
    for c in $CARRY; do
        [ -e "$c" ] || { echo "CARRY names $c, which is not here (.whl: make it with \`wheels\`)"; exit 1; }
    done
    bytes=$( { git ls-files -z -co --exclude-standard; for c in $CARRY; do find "$c" -type f -print0; done; } \
             | { xargs -0 -r stat -c %s -- 2>/dev/null || true; } | awk '{ t += $1 } END { print t + 0 }')
    awk -v b="$bytes" -v c="$CARRY" 'BEGIN { printf "%.1f MiB would travel (carry: %s); the limit is 64 MiB\n", b / 2^20,
        (c == "" ? "nothing" : c); exit (b > 64 * 2^20) }' ;;
unpack)   # FILES: the folder the pieces came back to (the reply's files_at); eval.tar and bench.tar, where `session`
          # made them, go to $RUN/eval and $RUN/bench
    mkdir -p "$(dirname "$RUN")"
    cat "${FILES:?FILES must be the folder holding run.tar.part-*}"/run.tar.part-* | tar -xf - -C "$(dirname "$RUN")"
    for part in eval bench; do
        if [ -f "$FILES/$part.tar" ]; then mkdir -p "$RUN/$part"; tar -xf "$FILES/$part.tar" -C "$RUN/$part"; fi
    done
    ls -la "$RUN" ;;
session)  # one call does it all, each part within the time left before the deadline: whatever is cut short, what
          # came before it still comes back. Order (PARTS, default "bench train eval"): bench first (issue 14, the
          # one open issue that only a GPU can measure), then train (or resume) with what is left, if at least
          # MIN_TRAIN seconds (default 180: a run cut short checkpoints, and a later session carries it on), then
          # eval if the run has finished (it also runs on the CPU here, from the unpacked run).
          # At most 8 files come back: gpu.txt, train_stdout.log, session.log, the run's pieces (two of 15 MB),
          # bench.tar and eval.tar.
    T0=$(date +%s); BUDGET=${BUDGET:-560}
    left() { echo $(( T0 + BUDGET - $(date +%s) )); }
    say() { echo "== session: $* ($(( $(date +%s) - T0 )) s in, $(left) s left)" | tee -a "$OUT/session.log"; }
    say "start"
    nvidia-smi --query-gpu=name,memory.total --format=csv,noheader 2>/dev/null | tee "$OUT/gpu.txt" || true
    for part in ${PARTS:-bench train eval}; do
        if [ "$part" = train ]; then
            if [ -f "$RUN/shapes_unet.safetensors" ]; then say "$RUN has finished training: no training"; continue; fi
            if [ "$(left)" -lt "${MIN_TRAIN:-180}" ]; then say "no train: under ${MIN_TRAIN:-180} s left"; continue; fi
            # training gets what is left after 120 s for the wheels, the linear denoiser's fit and packing
            MINUTES=${MINUTES:-$(awk -v s="$(left)" 'BEGIN { m = (s - 120) / 60; print (m < 1 ? 1 : m > 7 ? 7 : m) }')}
            say "train for at most $MINUTES minutes"
            MINUTES=$MINUTES timeout "$(left)" bash "$0" train | tail -n 12 || say "train failed: see train_stdout.log"
            say "trained and packed"; continue
        fi
        if [ "$part" = eval ] && [ ! -f "$RUN/shapes_unet.safetensors" ]; then
            say "no eval: the run has not finished (carry $RUN to resume it)"; continue; fi
        if [ "$(left)" -le 30 ]; then say "no $part: no time left"; continue; fi
        mkdir -p "/tmp/$part"
        OUT=/tmp/$part timeout "$(left)" bash "$0" $part > "/tmp/$part/stdout.log" 2>&1 || say "$part stopped (exit $?)"
        tar -cf "$OUT/$part.tar" -C "/tmp/$part" .
        say "$part done"
    done
    ls -la "$OUT" ;;
eval)     # the shipped-model bar, the decision curves under the grid's settings, the branch points, the grid rows
    use_wheels
    test -f "$RUN/shapes_unet.safetensors" || { echo "no finished model in $RUN: train (and carry it) first"; exit 1; }
    n=1024; trees=16; seeds=16; speed=()
    [ -n "$QUICK" ] && { n=16; trees=2; seeds=2; speed=(--no-speed); }
    $PY bench/bench_shapes_model.py --model "$RUN" --variants shipped,leading,unet-only --n $n --device "$DEV" \
        "${speed[@]}" \
        --out "$OUT/quality.json" 2>&1 | tr '\r' '\n' | tee "$OUT/quality.log" | tail -n 30
    $PY bench/bench_decisions.py --model "$RUN" --cond triangle --trees $trees --device "$DEV" --store \
        --out "$OUT/decisions.json" 2>&1 | tr '\r' '\n' | tee "$OUT/decisions.log" | tail -n 20
    cp "$RUN/shapes_unet.json" "$OUT/shapes_unet.json"     # now with its branch points
    $PY bench/bench_grid_rows.py --model "$RUN" --seeds $seeds --device "$DEV" --out "$OUT/grid_rows.json" 2>&1 \
        | tee "$OUT/grid_rows.txt" ;;
bench)    # issue 14: tree throughput against the model's batched best, fp16 against fp32, an SD-sized UNet; most
          # important first, each step's time in stdout.log (the session's time left cuts the last one short)
    use_wheels
    q=(); [ -n "$QUICK" ] && q=(--quick)
    $PY bench/bench_grid.py --device "$DEV" "${q[@]}" 2>&1 | tee "$OUT/bench_grid_cuda.log"
    echo "== bench_grid: $SECONDS s into the bench"
    seeds=8; [ -n "$QUICK" ] && seeds=1        # float16 and bfloat16 against float32, grid by grid (seconds on a GPU)
    $PY bench/bench_half_precision.py --device "$DEV" --seeds $seeds 2>&1 | tee "$OUT/bench_half_precision_cuda.log"
    echo "== bench_half_precision: $SECONDS s into the bench"
    $PY bench/bench_grid.py --device "$DEV" --compile "${q[@]}" 2>&1 | tee "$OUT/bench_grid_cuda_compile.log"
    echo "== bench_grid --compile: $SECONDS s into the bench"
    trees=400; [ -n "$QUICK" ] && trees=2
    $PY bench/bench_decisions.py --device "$DEV" --trees $trees 2>&1 | tr '\r' '\n' \
        | tee "$OUT/bench_decisions_cuda.log" | tail -n 20
    echo "== bench_decisions: $SECONDS s into the bench" ;;
*) echo "unknown phase $phase: wheels, size, session, train, unpack, eval or bench"; exit 2 ;;
esac
