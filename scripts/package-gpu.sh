#!/usr/bin/env bash
# Packages what the lent GPU machine needs to run kiln-run --target=cuda
# (it has CUDA 13 and Python but no LLVM/MLIR 22): kiln-run and the shared
# libraries it loads, xz-compressed into .device/kiln-gpu.tar.xz (under the
# 64 MiB that travels). The CPU's OpenBLAS is replaced by a stub there (the
# GPU runs need no CPU matmul; a CPU matmul there aborts with a message).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh" kiln-run >/dev/null
out="$root/.device"
stage="$out/stage"
rm -rf "$stage" && mkdir -p "$stage/bin" "$stage/lib"
cp "$root/build/bin/kiln-run" "$stage/bin/"
strip "$stage/bin/kiln-run"
# Kiln's runtime libraries (RuntimeABI.h), which kiln-run links.
for name in libKilnCpuRuntime libKilnCudaRuntime; do
  soname=$(readelf -d "$root/build/lib/$name.so" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
  cp -L "$root/build/lib/$soname" "$stage/lib/"
  strip "$stage/lib/$soname"
done
for lib in /usr/lib/llvm-22/lib/libLLVM.so.22.1 /usr/lib/llvm-22/lib/libMLIR.so.22.1 \
    /usr/lib/llvm-22/lib/libMLIRExecutionEngineShared.so.22.1 \
    /usr/lib/llvm-22/lib/libomp.so.5 \
    /usr/lib/llvm-22/lib/libmlir_c_runner_utils.so.22.1 \
    /usr/lib/llvm-22/lib/libmlir_float16_utils.so.22.1 \
    /usr/lib/llvm-22/lib/libmlir_apfloat_wrappers.so.22.1 \
    /usr/lib/llvm-22/lib/libmlir_async_runtime.so.22.1 \
    /lib/x86_64-linux-gnu/libz3.so.4; do
  cp -L "$lib" "$stage/lib/"
done
ln -sf libomp.so.5 "$stage/lib/libomp.so"
ln -sf libmlir_c_runner_utils.so.22.1 "$stage/lib/libmlir_c_runner_utils.so"
ln -sf libmlir_async_runtime.so.22.1 "$stage/lib/libmlir_async_runtime.so"
cat > "$stage/openblas_stub.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
void cblas_sgemm(void) {
  fprintf(stderr, "kiln: OpenBLAS is not packaged for the GPU machine\n");
  abort();
}
C
cc -shared -fPIC -O2 -Wl,-soname,libopenblas.so.0 -o "$stage/lib/libopenblas.so.0" \
  "$stage/openblas_stub.c"
rm "$stage/openblas_stub.c"
# The Python package for the GPU machine's Python (3.12): its native module
# is built in build-py312/ against that Python's headers.
py=${KILN_GPU_PYTHON:-}
if [ -z "$py" ]; then
  for candidate in python3.12 "$HOME"/.pyenv/versions/3.12*/bin/python3.12; do
    if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null; then
      py=$candidate
      break
    fi
  done
fi
if [ -n "$py" ]; then
  pyexe=$("$py" -c 'import sys; print(sys.executable)')
  "$py" -c 'import nanobind' 2>/dev/null || "$py" -m pip install -q nanobind
  if [ ! -f "$root/build-py312/build.ninja" ]; then
    cmake -G Ninja -S "$root" -B "$root/build-py312" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_C_COMPILER=/usr/lib/llvm-22/bin/clang \
      -DCMAKE_CXX_COMPILER=/usr/lib/llvm-22/bin/clang++ -DLLVM_USE_LINKER=lld \
      -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
      -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit -DKILN_ENABLE_PYTHON=ON \
      -DPython_EXECUTABLE="$pyexe" -DPython3_EXECUTABLE="$pyexe" >/dev/null
  fi
  ninja -C "$root/build-py312" -j "${KILN_JOBS:-$(nproc)}" _kiln >/dev/null
  mkdir -p "$stage/python"
  cp -r "$root/python/kiln" "$stage/python/"
  find "$stage/python" -name __pycache__ -prune -exec rm -rf {} +
  cp "$root"/build-py312/python/kiln/_kiln*.so "$stage/python/kiln/"
  strip "$stage"/python/kiln/_kiln*.so
else
  echo "package-gpu.sh: no Python 3.12: the Python package is not packaged" >&2
fi
tar -C "$stage" -cf - . | xz -6 -T2 > "$out/kiln-gpu.tar.xz"
rm -rf "$stage"
ls -la "$out/kiln-gpu.tar.xz"
