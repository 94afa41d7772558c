#!/usr/bin/env bash
# Builds (Release) and prints the throughput figures of the README's performance section, or
# with --memory the peak memory of generate, audit and score at 40 and 400 demo scenes
# (docs/scale.md; several minutes).
# Usage: scripts/bench.sh [--scenes N] | scripts/bench.sh --memory [A,B]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release spatialgen_bench
build/release/bench/spatialgen_bench "$@"
