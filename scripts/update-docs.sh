#!/usr/bin/env bash
# Regenerates docs/reference/ from the ODS definitions.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh" kiln-doc >/dev/null
mkdir -p "$root/docs/reference"
cp "$root"/build/docs/Kiln/*.md "$root/docs/reference/"
ls "$root/docs/reference"
