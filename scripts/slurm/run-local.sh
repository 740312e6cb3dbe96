#!/usr/bin/env bash
# run-local.sh -- the Slurm job without Slurm: each task of simulate.sbatch
# run with the array variables set (SLURM_ARRAY_TASK_ID 1..N,
# SLURM_ARRAY_TASK_COUNT N), P at a time, then merge.sbatch.  The same
# scripts, the same bytes; tests/test_shard.c runs it.
#
#   scripts/slurm/run-local.sh N SCENARIO [SIMULATE OPTIONS...]
#
# JUTEN_PARALLEL (default 1) tasks run at once; JUTEN_PARTS_DIR,
# JUTEN_FORMAT, JUTEN_OUTPUT and JUTEN as for the two scripts.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 N SCENARIO [SIMULATE OPTIONS...]" >&2
  exit 64
fi
here=$(cd "$(dirname "$0")" && pwd)
n=$1
scenario=$2
shift 2
export JUTEN_SCENARIO=$scenario JUTEN_SHARDS=$n JUTEN_SIMULATE_OPTIONS="$*"
parallel=${JUTEN_PARALLEL:-1}
pids=()
status=0
for ((k = 1; k <= n; k++)); do
  SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_COUNT=$n bash "$here/simulate.sbatch" &
  pids+=($!)
  if [ "${#pids[@]}" -ge "$parallel" ]; then
    wait "${pids[0]}" || status=$?
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do
  wait "$p" || status=$?
done
if [ "$status" -ne 0 ]; then
  echo "juten: a task failed (exit $status): not merging" >&2
  exit "$status"
fi
exec bash "$here/merge.sbatch"
