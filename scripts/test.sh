#!/usr/bin/env bash
# README command (b): set up a fresh machine, build, and run every test
# (lit + FileCheck, integration, and the GoogleTest unit tests through lit).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" kiln-opt kiln-run kiln-doc KilnUnitTests
/usr/lib/llvm-22/bin/lit -sv "$root/build/test" "$root/build/test/Unit"
