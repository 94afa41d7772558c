#!/usr/bin/env bash
# One command: install, build (Release) and generate the demo dataset from configs/demo.json.
# Usage: scripts/demo.sh [OUT_DIR]   (default: out/demo)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release
out="${1:-out/demo}"
build/release/tools/spatialgen/spatialgen generate --config configs/demo.json --out "$out"
