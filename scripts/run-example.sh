#!/usr/bin/env bash
# README command (a): set up a fresh machine, build, and run Kiln's main job:
# compile the example transformer block (symbolic batch B and sequence S) for
# the CPU, run it on random inputs for two different shapes from the SAME
# source, check each against the reference interpreter, and time it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" kiln-opt kiln-run
model="$root/examples/transformer_block.mlir"
echo "== $model: Kiln IR after decomposition (first lines)"
"$root/build/bin/kiln-opt" "$model" --kiln-simplify-shapes --kiln-decompose \
  --canonicalize --cse | sed -n '1,12p'
for shape in "B=2 S=64" "B=4 S=128"; do
  set -- $shape
  echo "== run with $1 $2"
  "$root/build/bin/kiln-run" "$model" --random-inputs --seed=1 \
    --sym "$1" --sym "$2" --check --repeat=5 --report
done
