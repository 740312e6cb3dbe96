#!/usr/bin/env bash
# submit.sh -- a simulation on a Slurm cluster: N array tasks of
# simulate.sbatch, then merge.sbatch once all of them succeeded (afterok).
#
#   scripts/slurm/submit.sh N SCENARIO [SIMULATE OPTIONS...]
#
# JUTEN_PARTS_DIR, JUTEN_FORMAT, JUTEN_OUTPUT and JUTEN are passed on as
# the two scripts describe.  Options are passed as one string: no option
# value may contain a space.
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
array=$(sbatch --parsable --array=1-"$n" --export=ALL "$here/simulate.sbatch")
array=${array%%;*} # "jobid;cluster" on federated clusters
merge=$(sbatch --parsable --dependency=afterok:"$array" --export=ALL "$here/merge.sbatch")
echo "juten: array job $array ($n slices), merge job ${merge%%;*} after it"
