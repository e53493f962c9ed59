#!/usr/bin/env bash
# Runs on the lent GPU machine (H100/H200, CUDA 13, no LLVM/MLIR 22): unpacks
# .device/kiln-gpu.tar.xz (made here by scripts/package-gpu.sh, carried with
# the working tree) and runs every CPU integration program on the GPU with
# --check, then the example model.
#   here:  bash scripts/package-gpu.sh
#   there: bash scripts/run-gpu.sh          (carry .device/kiln-gpu.tar.xz)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest=${KILN_GPU_DIR:-/tmp/kiln-gpu}
mkdir -p "$dest"
tar -C "$dest" -xJf "$root/.device/kiln-gpu.tar.xz"
export LD_LIBRARY_PATH="$dest/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
kiln_run="$dest/bin/kiln-run"
nvidia-smi -L
python3 "$root/test/Integration/CUDA/run_on_cuda.py" "$kiln_run" \
  "$root/test/Integration/CPU"
"$kiln_run" "$root/examples/transformer_block.mlir" --target=cuda \
  --random-inputs --sym B=2 --sym S=64 --check --repeat=10 --report
