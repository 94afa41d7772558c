#!/usr/bin/env bash
# One command: install, build (Release) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release
ctest --preset release --output-on-failure -j "$(nproc)"
