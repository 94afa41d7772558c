#!/usr/bin/env bash
# One command: install, build (Release) and run the whole test suite (with the Slurm test, whose
# packages it installs too).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release slurm
ctest --preset release --output-on-failure -j "$(nproc)"
