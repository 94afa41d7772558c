#!/usr/bin/env bash
# Builds (Release) and prints the throughput figures of the README's performance section.
# Usage: scripts/bench.sh [--scenes N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release spatialgen_bench
build/release/bench/spatialgen_bench "$@"
