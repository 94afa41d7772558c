#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang-14, ASan + UBSan) and runs each for
# SECONDS (default 600), then prints a report: executions, coverage (cov: edges, ft: features),
# corpus size and crashes per target. See docs/reliability.md.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]      (default: every target, one at a time)
#   FUZZ_JOBS=2   targets run at once
# Working corpora grow in build/fuzz/corpus/<target> (kept between runs), seeded from
# fuzz/seeds/<target> and, where present, the real samples in ../shared/data/real. Crashing
# inputs land in build/fuzz/artifacts/<target>/; logs in build/fuzz/logs/; the report in
# build/fuzz/report.md. Exit status 1 when any target found a crash, leak, timeout or OOM.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
jobs="${FUZZ_JOBS:-1}"

# clang and its libFuzzer runtime; the other packages come with setup.sh.
missing=()
for p in clang-14 libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "fuzz: missing ${missing[*]}: run as root or install them yourself" >&2
    exit 1
  fi
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
scripts/setup.sh fuzz

build=build/fuzz
targets=("$@")
if ((${#targets[@]} == 0)); then
  for binary in "$build"/fuzz/fuzz_*; do targets+=("$(basename "$binary" | sed 's/^fuzz_//')"); done
fi
mkdir -p "$build/logs" "$build/real"

# Real samples (never copied into the repository) as extra seeds, with the selector byte of
# the targets that fuzz one file of several.
real=../shared/data/real
real_seeds() {
  local target="$1" dir="$build/real/$1"
  rm -rf "$dir" && mkdir -p "$dir"
  [ -d "$real" ] || return 0
  case "$target" in
    scan2cad) cp "$real"/scan2cad_scene0470_00/scan2cad_annotation.json "$dir"/ ;;
    multiscan) cp "$real"/multiscan_annotation/*.json "$dir"/ ;;
    image) cp "$real"/sunrgbd_4frames/image/*.jpg "$dir"/ ;;
    sunrgbd)
      for f in "$real"/sunrgbd_4frames/calib/*.txt; do { printf '\x00'; cat "$f"; } > "$dir/calib_$(basename "$f")"; done
      for f in "$real"/sunrgbd_4frames/label/*.txt; do { printf '\x01'; cat "$f"; } > "$dir/label_$(basename "$f")"; done ;;
  esac
}

run_target() {
  local target="$1" corpus="$build/corpus/$1" artifacts="$build/artifacts/$1/"
  mkdir -p "$corpus" "$artifacts"
  real_seeds "$target"
  # -timeout: an input taking 10 s is a hang; -rss_limit_mb: 2.5 GB is an out-of-memory.
  "$build/fuzz/fuzz_$target" "$corpus" "fuzz/seeds/$target" "$build/real/$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -max_len=65536 \
    -artifact_prefix="$artifacts" -print_final_stats=1 > "$build/logs/$target.log" 2>&1 || true
}

export -f run_target real_seeds
export build seconds real
stamp="$build/logs/.started"
touch "$stamp"
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_target {}'

# The report: the last status line of each log (cov, ft, corpus) and the final stats.
report="$build/report.md"
{
  echo "| target | seconds | executions | exec/s | coverage (cov) | features (ft) | corpus | crashes |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for target in "${targets[@]}"; do
    log="$build/logs/$target.log"
    status=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status")
    corpus=$(sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' <<<"$status")
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    time=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
    crashes=$(find "$build/artifacts/$target" -type f -newer "$stamp" | wc -l)
    rate=$([ -n "$runs" ] && [ -n "$time" ] && [ "$time" -gt 0 ] && echo $((runs / time)) || echo "-")
    echo "| $target | ${time:--} | ${runs:--} | $rate | ${cov:--} | ${ft:--} | ${corpus:--} | $crashes |"
  done
} > "$report"
cat "$report"
if find "$build/artifacts" -type f -newer "$stamp" | grep -q .; then
  echo "fuzz: crashing inputs in $build/artifacts (logs in $build/logs)" >&2
  exit 1
fi
