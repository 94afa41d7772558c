#!/usr/bin/env bash
# Installs the Debian packages spatialgen needs (when missing), then configures and builds it.
# Usage: scripts/setup.sh [release|debug-asan] [slurm] [TARGET...]   (default: release, every target)
# `slurm` also installs Slurm and munge for the Slurm test (scripts/test.sh asks for them); the
# test starts and stops its own daemons, the packages' services are not needed.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
shift || true
with_slurm=""
if [ "${1:-}" = slurm ]; then
  with_slurm=slurm
  shift
fi
targets=("$@")

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libopen3d-dev libembree-dev libtbb-dev libeigen3-dev
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev
  nlohmann-json3-dev libfmt-dev libcli11-dev libspdlog-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcpp-httplib-dev
  libsentencepiece-dev
)
if [ "$with_slurm" = slurm ]; then
  packages+=(slurmctld slurmd slurm-client munge)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing packages and not root: run as root or install them yourself" >&2
    exit 1
  fi
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

jobs="$(nproc)"
cmake --preset "$preset" >/dev/null
if ((${#targets[@]})); then
  cmake --build --preset "$preset" -j "$jobs" --target "${targets[@]}"
else
  cmake --build --preset "$preset" -j "$jobs"
fi
