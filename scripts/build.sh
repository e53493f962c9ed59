#!/usr/bin/env bash
# Configures (once) and builds Kiln in build/ with clang-22, lld and Ninja.
# Usage: scripts/build.sh [ninja targets...]
# KILN_SANITIZERS='address;undefined' builds in build-sanitizers/ instead,
# with those sanitizers (scripts/test-sanitizers.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sanitizers=${KILN_SANITIZERS:-}
build="$root/build${sanitizers:+-sanitizers}"
jobs=${KILN_JOBS:-$(nproc)}

if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DKILN_SANITIZERS="$sanitizers" \
    -DCMAKE_C_COMPILER=/usr/lib/llvm-22/bin/clang \
    -DCMAKE_CXX_COMPILER=/usr/lib/llvm-22/bin/clang++ \
    -DLLVM_USE_LINKER=lld \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
    -DPython3_EXECUTABLE="$(command -v python3)" >/dev/null
fi
ninja -C "$build" -j "$jobs" "$@"
