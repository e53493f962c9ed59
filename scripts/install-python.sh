#!/usr/bin/env bash
# Builds and installs the Python package `kiln` (python/) into the current
# Python: scikit-build-core configures the repository in build/ with
# KILN_ENABLE_PYTHON=ON and builds only the native module and what it links.
# No build isolation: nanobind and scikit-build-core come from setup.sh, and
# their paths stay the same between builds (an incremental rebuild).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
PY=${PYTHON:-python3}
CMAKE_BUILD_PARALLEL_LEVEL=${KILN_JOBS:-$(nproc)} \
  $PY -m pip install -q --no-build-isolation --no-deps "$root/python"
