#!/usr/bin/env bash
# The Slurm test: a one-node Slurm cluster (Debian's slurmctld, slurmd, slurm-client and munge)
# started here without systemd, the demo config submitted with scripts/slurm/submit.sh as 4
# shards plus the merge job, and the merged dataset compared byte for byte with one process
# over all scenes; then again with one shard task requeued (scontrol requeue) while it runs.
# Everything lives in a temporary folder and every daemon is stopped by its pid file at the end.
# Exit 77 (ctest: skipped), with the reason, where the services cannot start: not root, the
# packages missing (scripts/setup.sh release slurm installs them), or a daemon that fails.
# Usage: tests/slurm/slurm_test.sh SPATIALGEN_BINARY SOURCE_DIR
set -euo pipefail

binary="$(realpath "$1")"
source_dir="$(realpath "$2")"
skip() { echo "SKIPPED: $*" >&2; exit 77; }

[[ "$(id -u)" == 0 ]] || skip "the Slurm test starts munged and slurmd, which needs root"
for tool in munged slurmctld slurmd sbatch squeue scontrol sinfo runuser; do
  command -v "$tool" >/dev/null || skip "$tool is missing: scripts/setup.sh release slurm installs the Slurm packages"
done
[[ -r /etc/munge/munge.key ]] || skip "/etc/munge/munge.key is missing (the munge package creates it)"

tmp="$(mktemp -d /tmp/spatialgen_slurm.XXXXXX)"
chmod 755 "$tmp"
stop_daemons() {
  for pid_file in "$tmp/slurmd.pid" "$tmp/slurmctld.pid" "$tmp/munge/munged.pid"; do
    [[ -s "$pid_file" ]] || continue
    pid="$(cat "$pid_file")"
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
}
cleanup() {
  stop_daemons
  rm -rf "$tmp"
}
trap cleanup EXIT
show_logs() { tail -n 20 "$tmp"/log/*.log "$tmp/munge/munged.log" 2>/dev/null >&2 || true; }

# munged with a socket of its own, as the munge user.
install -d -o munge -g munge -m 0755 "$tmp/munge"
runuser -u munge -- munged --socket="$tmp/munge/munge.socket" --pid-file="$tmp/munge/munged.pid" \
  --log-file="$tmp/munge/munged.log" --seed-file="$tmp/munge/munged.seed" --key-file=/etc/munge/munge.key ||
  { show_logs; skip "munged did not start"; }

# A one-node cluster of 2 CPUs, on ports of its own. cred_expire is also how long a requeued
# job waits before it may start again (120 s by default).
host="$(hostname -s)"
port=$((20000 + ($$ % 4000) * 2))
mkdir -p "$tmp/state" "$tmp/spool" "$tmp/log"
cat >"$tmp/slurm.conf" <<CONF
ClusterName=spatialgen-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.socket,cred_expire=10
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
SlurmctldPort=$port
SlurmdPort=$((port + 1))
ReturnToService=2
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$tmp/slurm.conf"
slurmctld -f "$SLURM_CONF" || { show_logs; skip "slurmctld did not start"; }
slurmd -f "$SLURM_CONF" || { show_logs; skip "slurmd did not start"; }
for _ in $(seq 100); do
  [[ "$(sinfo -h -o %T 2>/dev/null)" == idle ]] && break
  sleep 0.2
done
[[ "$(sinfo -h -o %T 2>/dev/null)" == idle ]] || { show_logs; skip "the Slurm node did not come up"; }
echo "slurm: one node of 2 CPUs up ($(sinfo --version))"

fail() { echo "FAILED: $*" >&2; show_logs; exit 1; }

# Waits until the jobs have left the queue, then checks each ended COMPLETED.
wait_for_jobs() {
  local deadline=$((SECONDS + 300))
  while [[ -n "$(squeue -h -j "$1" 2>/dev/null)" ]]; do
    ((SECONDS < deadline)) || fail "jobs $1 still queued after 300 s"
    sleep 0.5
  done
  local states
  states="$(for job in ${1//,/ }; do scontrol -o show job "$job"; done | grep -o 'JobState=[A-Z_]*' | sort | uniq -c)"
  echo "jobs $1 ended after ${SECONDS} s:" $states
  grep -qv 'JobState=COMPLETED' <<<"$states" && fail "a job did not complete: $states"
  return 0
}

export SPATIALGEN="$binary"
config="$source_dir/tests/slurm/config.json"
cd "$tmp"
"$binary" generate --quiet --config "$config" --out "$tmp/single" >/dev/null
echo "single process: $(ls "$tmp/single/images" | wc -l) scenes in $SECONDS s"

# 1. Four shards and the merge.
"$source_dir/scripts/slurm/submit.sh" "$config" "$tmp/run" 4
read -r array merge <"$tmp/run/logs/jobs"
wait_for_jobs "$array,$merge"
diff -r "$tmp/single" "$tmp/run/merged" >/dev/null || fail "the merged dataset differs from the single process's"
echo "4 shards merged: identical to the single process"

# 2. The same with shard 1 requeued while it runs (killed mid-way, started again, resumed).
"$source_dir/scripts/slurm/submit.sh" "$config" "$tmp/requeued" 4
read -r array merge <"$tmp/requeued/logs/jobs"
done_records="$tmp/requeued/shard_1/.spatialgen-run/done"
deadline=$((SECONDS + 120))
until [[ -d "$done_records" && -n "$(ls -A "$done_records")" ]]; do
  ((SECONDS < deadline)) || fail "shard 1 wrote no scene in 120 s"
  sleep 0.05
done
scontrol requeue "${array}_1"
echo "requeued shard 1 after $(ls "$done_records" | wc -l) of its scenes"
wait_for_jobs "$array,$merge"
grep -q "restart 1" "$tmp/requeued/logs/generate_1.log" || fail "shard 1 did not run a second time"
grep -q "resuming" "$tmp/requeued/logs/generate_1.log" || fail "shard 1 did not resume its scenes"
diff -r "$tmp/single" "$tmp/requeued/merged" >/dev/null || fail "with a requeued shard, the merged dataset differs"
echo "4 shards, one requeued mid-way, merged: identical to the single process"
