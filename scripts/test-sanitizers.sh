#!/usr/bin/env bash
# The sanitizer mode of the tests: builds Kiln's code with AddressSanitizer
# and UndefinedBehaviorSanitizer in build-sanitizers/ and runs the whole lit
# and unit suite on it; any report fails the test that caused it (the
# sanitizers abort the process). scripts/test.sh runs it after the plain
# suite (KILN_TEST_SANITIZERS=0 skips it). The Python package is not part
# of it (CPython is not instrumented).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# (fuzzer-no-link: libFuzzer's coverage, for kiln-parse-fuzzer.)
export KILN_SANITIZERS="address;undefined;fuzzer-no-link"
"$root/scripts/build.sh" kiln-test-depends \
  kiln-parse-fuzzer
# allow_user_poisoning=0: see scripts/fuzz-parser.sh (LLVM's allocators
# poison only where their inline code is instrumented). detect_leaks=0:
# MLIR's and LLVM's process-lifetime singletons are never freed.
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=0:allow_user_poisoning=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
status=0
/usr/lib/llvm-22/bin/lit -sv "$root/build-sanitizers/test" \
  "$root/build-sanitizers/test/Unit" || status=$?
# A short seeded run of the parser and verifier fuzzer (a long one:
# KILN_FUZZ_SECONDS=3600 scripts/fuzz-parser.sh).
KILN_FUZZ_SECONDS=${KILN_FUZZ_SECONDS:-60} "$root/scripts/fuzz-parser.sh" ||
  status=1
exit $status
