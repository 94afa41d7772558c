#!/usr/bin/env bash
# One command: install, build (Release), generate the demo dataset from configs/demo.json, and
# audit it (with the geometry re-check against its scenes) into OUT_DIR_audit.
# Usage: scripts/demo.sh [OUT_DIR]   (default: out/demo)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release spatialgen   # the binary only: tests and bench are for scripts/test.sh
out="${1:-out/demo}"
spatialgen=build/release/tools/spatialgen/spatialgen
"$spatialgen" generate --config configs/demo.json --out "$out"
echo
"$spatialgen" audit "$out" --scenes-config configs/demo.json --report "${out%/}_audit" --quiet
