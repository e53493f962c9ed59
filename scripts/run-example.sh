#!/usr/bin/env bash
# README command (a): set up a fresh machine, build, and run Kiln's main job
# on the example model (a transformer block with symbolic batch and sequence
# dims): parse, verify, decompose and canonicalize it, and print the result.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" kiln-opt
"$root/build/bin/kiln-opt" "$root/examples/transformer_block.mlir" \
  --kiln-simplify-shapes --kiln-decompose --canonicalize --cse
