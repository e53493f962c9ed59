#!/usr/bin/env bash
# Runs on the lent GPU machine (H100/H200, CUDA 13, no LLVM/MLIR 22): unpacks
# .device/kiln-gpu.tar.xz (made here by scripts/package-gpu.sh, carried with
# the working tree), then
#   tests:  every CPU integration program on the GPU with --check, and the
#           example model (KILN_GPU_TESTS: a glob of the programs to run);
#   bench:  bench/gpu.py, Kiln vs torch eager vs torch.compile in one run
#           (JSON lines on stdout, also written to $OUT/gpu-bench.jsonl when
#           $OUT is set; KILN_BENCH_ARGS adds flags, e.g. --workloads);
#   python: the Python package's CUDA tests (kiln.compile on CUDA tensors,
#           torch.compile(backend="kiln") on the GPU; the CPU ones run in CI:
#           the GPU machine's OpenBLAS is a stub), then the GPT-style decoder
#           of the main job on the GPU next to eager and Inductor;
#   models: bench/models.py, Hugging Face / torchvision models under eager,
#           Inductor and backend="kiln" (JSON lines, also written to
#           $OUT/gpu-models.jsonl); KILN_MODELS picks models, KILN_MODEL_ARGS
#           adds options (--dtypes, --lengths N, --max-autotune);
#   sanitize: the CUDA integration runs under compute-sanitizer (memcheck,
#           racecheck, initcheck, synccheck; KILN_SANITIZE_TOOLS picks);
#   exec:  KILN_GPU_CMD in this environment (kiln importable, bench/ on
#           the path), for diagnostics the other steps lack;
#   profile: bench/gpu_profile.py, Nsight Compute profiles of Kiln's and
#           Inductor's kernels for the target workloads (JSON lines, also
#           in $OUT/gpu-profile.jsonl, raw CSVs in $OUT).
#   here:  bash scripts/package-gpu.sh
#   there: bash scripts/run-gpu.sh [tests] [bench] [profile]
#          (default: tests bench)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest=${KILN_GPU_DIR:-/tmp/kiln-gpu}
what=("$@")
[ ${#what[@]} -eq 0 ] && what=(tests bench)
mkdir -p "$dest"
tar -C "$dest" -xJf "$root/.device/kiln-gpu.tar.xz"
export LD_LIBRARY_PATH="$dest/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# LLVM's runtime libraries (libomp, MLIR's runner utils) travel in lib/ too.
export KILN_LLVM_LIBRARY_DIR="$dest/lib"
# cuBLASLt (matmuls): the CUDA toolkit's, else the one PyTorch ships.
if [ -z "${KILN_CUBLASLT:-}" ]; then
  for lib in /usr/local/cuda/lib64/libcublasLt.so.1[23] \
    $(python3 -c 'import site; print(" ".join(site.getsitepackages()))' \
      2>/dev/null | xargs -n1 -I{} sh -c 'ls {}/nvidia/*/lib/libcublasLt.so.1[23] {}/nvidia/cu*/lib/libcublasLt.so.1[23] 2>/dev/null'); do
    if [ -f "$lib" ]; then
      export KILN_CUBLASLT="$lib"
      break
    fi
  done
fi
echo "cuBLASLt: ${KILN_CUBLASLT:-not found}"
kiln_run="$dest/bin/kiln-run"
nvidia-smi -L
status=0
for step in "${what[@]}"; do
  case "$step" in
  tests)
    python3 "$root/test/Integration/CUDA/run_on_cuda.py" "$kiln_run" \
      "$root/test/Integration/CPU" --jobs 4 \
      --filter "${KILN_GPU_TESTS:-*.mlir}" || status=1
    "$kiln_run" "$root/examples/transformer_block.mlir" --target=cuda \
      --random-inputs $(cat "$root/examples/transformer_block.args") \
      --sym B=2 --sym S=64 --check --repeat=10 --report ||
      status=1
    # test/Integration/CUDA/index-out-of-range.test without lit: a gather
    # index out of range is the device's assertion, reported by the call.
    if oob=$("$kiln_run" "$root/test/Integration/CPU/gather.mlir" \
      --entry=embed --random-inputs --sym V=5 --sym D=4 --sym B=2 --sym S=7 \
      --target=cuda 2>&1); then
      echo "FAIL: an index out of range did not fail the call"; status=1
    elif ! grep -q "kiln.gather at .*an index is out of range" <<<"$oob"; then
      echo "FAIL: index out of range: $oob"; status=1
    else
      echo "index out of range: reported ($(grep -c . <<<"$oob") lines)"
      grep "kiln-run: error" <<<"$oob" || true
    fi
    ;;
  sanitize)
    # Every CUDA integration run under each compute-sanitizer tool; a
    # report fails the run (KILN_SANITIZE_TOOLS picks tools).
    # initcheck does not see cuBLASLt's (TMA) stores on Hopper: a kernel
    # reading a product is reported even for torch's own `a @ w + 1`
    # (measured on the H200), so initcheck runs with Kiln's generated
    # matmul kernels instead of cuBLASLt.
    for tool in ${KILN_SANITIZE_TOOLS:-memcheck racecheck initcheck synccheck}; do
      extra=""
      [ "$tool" = initcheck ] && extra="--gpu-cublas=false"
      python3 "$root/test/Integration/CUDA/run_on_cuda.py" "$kiln_run" \
        "$root/test/Integration/CPU" --jobs "${KILN_SANITIZE_JOBS:-8}" \
        --kiln-args "$extra" \
        --wrapper "compute-sanitizer --tool $tool --error-exitcode 97 --print-limit 10" ||
        status=1
    done
    ;;
  bench)
    out=${OUT:-/tmp}/gpu-bench.jsonl
    # shellcheck disable=SC2086 # KILN_BENCH_ARGS is a list of flags.
    python3 "$root/bench/gpu.py" --kiln-run "$kiln_run" ${KILN_BENCH_ARGS:-} |
      tee "$out" ||
      status=1
    ;;
  python)
    export PYTHONPATH="$dest/python${PYTHONPATH:+:$PYTHONPATH}"
    python3 -m pytest -v -p no:cacheprovider "$root/python/tests/test_cuda.py" ||
      status=1
    python3 "$root/examples/run_gpt.py" --device cuda || status=1
    ;;
  models)
    export PYTHONPATH="$dest/python${PYTHONPATH:+:$PYTHONPATH}"
    out=${OUT:-/tmp}/gpu-models.jsonl
    python3 "$root/bench/models.py" ${KILN_MODELS:+--models "$KILN_MODELS"} \
      ${KILN_MODEL_ARGS:-} | tee "$out" || status=1
    ;;
  exec)
    # A command of one's own in the same environment (KILN_GPU_CMD, e.g. a
    # diagnostic script that imports kiln), for what the steps above lack.
    export PYTHONPATH="$dest/python:$root/bench${PYTHONPATH:+:$PYTHONPATH}"
    bash -c "${KILN_GPU_CMD:?exec: set KILN_GPU_CMD}" || status=1
    ;;
  profile)
    out=${OUT:-/tmp}
    python3 "$root/bench/gpu_profile.py" --kiln-run "$kiln_run" \
      --out-dir "$out" ${KILN_PROFILE_CASES:+--cases "$KILN_PROFILE_CASES"} |
      tee "$out/gpu-profile.jsonl" || status=1
    ;;
  *)
    echo "run-gpu.sh: unknown step '$step' (tests, sanitize, bench, python, models, exec, profile)" >&2
    exit 2
    ;;
  esac
done
exit $status
