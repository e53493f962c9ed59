#!/usr/bin/env bash
# Runs kiln-parse-fuzzer (libFuzzer + ASan + UBSan, from the sanitizer
# build) for KILN_FUZZ_SECONDS (default 60), seeded with every .mlir file of
# test/ and examples/; the corpus it grows stays in build-sanitizers/fuzz/,
# and a crashing input is written to build-sanitizers/fuzz/crash-* (replay:
# build-sanitizers/bin/kiln-parse-fuzzer FILE). Needs scripts/test-sanitizers.sh's build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fuzzer="$root/build-sanitizers/bin/kiln-parse-fuzzer"
work="$root/build-sanitizers/fuzz"
mkdir -p "$work/corpus" "$work/seeds"
find "$root/test" "$root/examples" -name '*.mlir' -size -64k \
  -exec cp {} "$work/seeds/" \;
# allow_user_poisoning=0: LLVM's BumpPtrAllocator poisons a slab's free
# part where its inline code is instrumented (Kiln's) and not where it is
# not (libMLIR's), so objects that libMLIR allocates in a slab Kiln's code
# opened read as poisoned (a false "use-after-poison").
export ASAN_OPTIONS="detect_leaks=0:allow_user_poisoning=0:${ASAN_OPTIONS:-}"
# libFuzzer's static part loads before the shared ASan runtime otherwise.
export LD_PRELOAD=$(/usr/lib/llvm-22/bin/clang++ -print-file-name=libclang_rt.asan-x86_64.so)
"$fuzzer" "$work/corpus" "$work/seeds" -max_total_time="${KILN_FUZZ_SECONDS:-60}" \
  -max_len=65536 -timeout=20 -rss_limit_mb=4096 -artifact_prefix="$work/" \
  -print_final_stats=1 2>&1 | grep -v "^#[0-9]* *\(NEW\|REDUCE\|pulse\)" | tail -n 60
