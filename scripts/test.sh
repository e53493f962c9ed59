#!/usr/bin/env bash
# README command (b): set up a fresh machine, build, and run every test
# (lit + FileCheck, integration, the GoogleTest unit tests through lit, the
# random differential tester's seeded batch, the Python package's pytest
# suite, then the lit and unit suite under ASan + UBSan and a short
# libFuzzer run of the parser; scripts/test-sanitizers.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" kiln-test-depends
"$root/scripts/install-python.sh"
log=$(mktemp)
pylog=$(mktemp)
trap 'rm -f "$log" "$pylog"' EXIT
status=0
/usr/lib/llvm-22/bin/lit -sv "$root/build/test" "$root/build/test/Unit" \
  | tee "$log" || status=$?
(cd "$root" && ${PYTHON:-python3} -m pytest -q python/tests) | tee "$pylog" ||
  status=1
# The sanitizer mode: the lit and unit suite again on an ASan + UBSan
# build, then a short libFuzzer run (KILN_TEST_SANITIZERS=0 skips it).
sanlog=$(mktemp)
trap 'rm -f "$log" "$pylog" "$sanlog"' EXIT
sanitizer_status=0
if [ "${KILN_TEST_SANITIZERS:-1}" != 0 ]; then
  "$root/scripts/test-sanitizers.sh" | tee "$sanlog" || sanitizer_status=1
fi
# One plain summary line over lit and pytest: "N passed, N failed".
lit_passed=$(sed -n 's/^ *Passed *: *\([0-9]*\).*/\1/p' "$log" "$sanlog" |
  awk '{ n += $1 } END { print n + 0 }')
lit_failed=$(awk '/^ *(Failed|Unresolved|Timed Out) *: *[0-9]+/ {
  sub(/^[^:]*: */, ""); n += $1 } END { print n + 0 }' "$log" "$sanlog")
py_passed=$(grep -oE '[0-9]+ passed' "$pylog" | tail -n 1 | cut -d' ' -f1 || true)
py_failed=$(grep -oE '[0-9]+ (failed|errors?)' "$pylog" |
  awk '{ n += $1 } END { print n + 0 }' || true)
# (A fuzzer finding counts as one failure.)
if [ "$sanitizer_status" != 0 ]; then
  status=1
  grep -qE '^ *(Failed|Unresolved|Timed Out) *:' "$sanlog" ||
    lit_failed=$((lit_failed + 1))
fi
echo "tests: $((${lit_passed:-0} + ${py_passed:-0})) passed, $((lit_failed + py_failed)) failed"
exit "$status"
