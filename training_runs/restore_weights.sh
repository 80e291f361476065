#!/usr/bin/env bash
# Put back the weights of the CPU training cycles that left the working tree, from the commit that last held them, and
# check them against removed_weights.sha256. They left so that what a `device` call sends stays under its 64 MiB: the
# package ships the weights its models need (diffgrid_nb/weights/: shapes_cpu4 is its allscales model); these are for
# re-running a run's own scripts (grid_rows.py, ship.py, a later cycle's run.py). Run from the repository root, naming
# the runs, or nothing for all of them:
#   bash training_runs/restore_weights.sh shapes_cpu3
set -euo pipefail
COMMIT=5d52db7c14c9a6635e3c9758033a0e9c015cf814   # the last commit with every weight file of the CPU cycles
list=training_runs/removed_weights.sha256
runs=("$@"); [ ${#runs[@]} -gt 0 ] || runs=(shapes_cpu shapes_cpu2 shapes_cpu3 shapes_cpu4)
for run in "${runs[@]}"; do
    files=$(awk -v r="training_runs/$run/" 'index($2, r) == 1 { print $2 }' "$list")
    [ -n "$files" ] || { echo "no removed weights of $run in $list"; exit 2; }
    for f in $files; do git show "$COMMIT:$f" > "$f"; done
    grep -F "training_runs/$run/" "$list" | sha256sum -c -
done
