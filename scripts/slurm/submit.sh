#!/usr/bin/env bash
# Submits a spatialgen run to Slurm as N shards (an array job) and the merge that waits for them:
#   scripts/slurm/submit.sh CONFIG OUT_DIR N [generate options...] [-- sbatch options...]
# The shards go to OUT_DIR/shard_<I>, the merged dataset to OUT_DIR/merged, the logs to
# OUT_DIR/logs. Options after `--` go to both sbatch calls (--partition, --time, --cpus-per-task...).
# Prints the two job ids. See docs/scale.md.
set -euo pipefail

if (($# < 3)); then
  echo "usage: $0 CONFIG OUT_DIR N [generate options...] [-- sbatch options...]" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
config="$(realpath "$1")"
out="$(realpath -m "$2")"
count="$3"
shift 3
generate_options=()
while (($#)) && [[ "$1" != "--" ]]; do generate_options+=("$1"); shift; done
(($#)) && shift
sbatch_options=("$@")

mkdir -p "$out/logs"
array=$(sbatch --parsable "${sbatch_options[@]}" --array="0-$((count - 1))" \
  --output="$out/logs/generate_%a.log" "$here/generate.sbatch" "$config" "$out" "${generate_options[@]}")
array="${array%%;*}"
merge=$(sbatch --parsable "${sbatch_options[@]}" --dependency="afterany:$array" \
  --output="$out/logs/merge.log" "$here/merge.sbatch" "$out" "$count")
merge="${merge%%;*}"
echo "generate: array job $array ($count shards), merge: job $merge"
echo "$array $merge" >"$out/logs/jobs"
