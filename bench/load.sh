#!/usr/bin/env bash
# load.sh -- time `juten check` (read + decode + parse + validate, no solve)
# on a large synthetic round: the "load and validate 100,000 rows in well
# under a second" target.  A thin front for run.sh's `check` row, so that
# the timing, pinning and median are the same as for the solver runs.
#
#   bench/load.sh [--sizes "100000 1000000"] [--reps 5] [other run.sh options]
#
# Options given later override the defaults below (see bench/run.sh --help).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
exec "$here/run.sh" --sizes 100000 --kinds "hard moderate" --reps 5 --tools check "$@"
