#!/usr/bin/env bash
# README command (b): set up a fresh machine, build, and run every test
# (lit + FileCheck, integration, the GoogleTest unit tests through lit, and
# the Python package's pytest suite).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" kiln-opt kiln-run kiln-doc KilnUnitTests
"$root/scripts/install-python.sh"
log=$(mktemp)
pylog=$(mktemp)
trap 'rm -f "$log" "$pylog"' EXIT
status=0
/usr/lib/llvm-22/bin/lit -sv "$root/build/test" "$root/build/test/Unit" \
  | tee "$log" || status=$?
(cd "$root" && ${PYTHON:-python3} -m pytest -q python/tests) | tee "$pylog" ||
  status=1
# One plain summary line over lit and pytest: "N passed, N failed".
lit_passed=$(sed -n 's/^ *Passed *: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
lit_failed=$(awk '/^ *(Failed|Unresolved|Timed Out) *: *[0-9]+/ {
  sub(/^[^:]*: */, ""); n += $1 } END { print n + 0 }' "$log")
py_passed=$(grep -oE '[0-9]+ passed' "$pylog" | tail -n 1 | cut -d' ' -f1 || true)
py_failed=$(grep -oE '[0-9]+ (failed|errors?)' "$pylog" |
  awk '{ n += $1 } END { print n + 0 }' || true)
echo "tests: $((${lit_passed:-0} + ${py_passed:-0})) passed, $((lit_failed + py_failed)) failed"
exit "$status"
