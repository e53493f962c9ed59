#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and test Kiln.
# Idempotent: quiet and quick when everything is already there.
set -euo pipefail

# libclang-rt-22-dev: the sanitizer and libFuzzer runtimes (scripts/test-sanitizers.sh).
# libdnnl-dev: oneDNN, which the CPU runtime opens with dlopen for matmuls.
APT_PACKAGES=(libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools clang-22
  lld-22 libomp-22-dev ninja-build cmake libgtest-dev python3
  libopenblas-dev libclang-rt-22-dev libdnnl-dev)


missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
pymissing=()
# module:package pairs (transformers: the Hugging Face model tests, small
# configs, nothing downloaded); torch from PyPI is the CUDA build (~3 GB, runs on
# the CPU too).
for pair in numpy:numpy nanobind:nanobind scikit_build_core:scikit-build-core \
    pytest:pytest ml_dtypes:ml_dtypes torch:torch transformers:transformers; do
  $PY -c "import ${pair%%:*}" 2>/dev/null || pymissing+=("${pair#*:}")
done
if ((${#pymissing[@]})); then
  echo "setup: pip installing ${pymissing[*]}"
  $PY -m pip install -q "${pymissing[@]}"
fi
