#!/usr/bin/env bash
# README command (b): set up a fresh machine, build, and run every test
# (lit + FileCheck, integration, and the GoogleTest unit tests through lit).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" kiln-opt kiln-run kiln-doc KilnUnitTests
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
/usr/lib/llvm-22/bin/lit -sv "$root/build/test" "$root/build/test/Unit" \
  | tee "$log" || status=$?
# One plain summary line: "N passed, N failed".
passed=$(sed -n 's/^ *Passed *: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
failed=$(awk '/^ *(Failed|Unresolved|Timed Out) *: *[0-9]+/ {
  sub(/^[^:]*: */, ""); n += $1 } END { print n + 0 }' "$log")
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
exit "$status"
