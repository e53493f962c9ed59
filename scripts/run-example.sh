#!/usr/bin/env bash
# README command (a): set up a fresh machine, build, and run Kiln's main job:
# a GPT-style decoder (examples/gpt.py) compiled with
# torch.compile(backend="kiln", dynamic=True) on the CPU and run at several
# batch sizes and sequence lengths from one Kiln compilation, checked against
# eager PyTorch and timed next to eager and Inductor; then the same idea at
# the IR level: the example transformer block (symbolic B and S) through
# kiln-run for two shapes from the SAME source, checked against the
# reference interpreter.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" kiln-opt kiln-run
"$root/scripts/install-python.sh"
echo "== examples/run_gpt.py: torch.compile(GPT, backend=\"kiln\", dynamic=True)"
(cd "$root" && ${PYTHON:-python3} examples/run_gpt.py)
model="$root/examples/transformer_block.mlir"
echo "== $model: Kiln IR after decomposition (first lines)"
"$root/build/bin/kiln-opt" "$model" --kiln-simplify-shapes --kiln-decompose \
  --canonicalize --cse | sed -n '1,12p'
for shape in "B=2 S=64" "B=4 S=128"; do
  set -- $shape
  echo "== run with $1 $2"
  "$root/build/bin/kiln-run" "$model" --random-inputs --seed=1 \
    $(cat "${model%.mlir}.args") --sym "$1" --sym "$2" --check --repeat=5 \
    --report
done
