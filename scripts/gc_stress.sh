#!/usr/bin/env bash
# Runs the example commands with a tiny gen0 budget, so the garbage collector (and the finalizer thread) runs thousands of
# times a second: native objects left to the finalizer while libtorch still uses them fail fast this way (issue 11).
# Usage: bash scripts/gc_stress.sh [runs per command, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
dotnet build FastDays.Examples -c Release -v q -nologo >/dev/null
app="dotnet FastDays.Examples/bin/Release/net10.0/FastDays.Examples.dll"
export DOTNET_GCgen0size=0x80000
status=0
mkdir -p runs
for command in "pets-style --items 20000 --epochs 2 --out runs/gc-stress/pets" "train --path runs/gc-stress/train" "lr-find --out runs/gc-stress/lr_find.png" "logreg --out runs/gc-stress/logreg.png"; do
  for i in $(seq 1 "$runs"); do
    start=$(date +%s)
    if $app $command > "runs/gc-stress.log" 2>&1; then
      echo "ok     $command (run $i, $(( $(date +%s) - start )) s): $(tail -n 1 runs/gc-stress.log)"
    else
      echo "FAILED $command (run $i):"; tail -n 20 runs/gc-stress.log; status=1
    fi
  done
done
exit $status
