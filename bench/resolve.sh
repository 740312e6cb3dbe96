#!/usr/bin/env bash
# resolve.sh -- re-solves per second: juten-bench-resolve (one solver object,
# new values for every measure at every draw) on the bundled FY2017 round
# and on a synthetic hard round of bench/, against one cbc process per draw
# on juten's own export of that draw.
#
# (a) FY2017 (scenarios/fy2017/scenario.ini), proven optimal (gap 0) by
#     default: juten-bench-resolve alone.
# (b) a juten-gen round (hard, 1,000 measures, seed 1 by default) at gap
#     1e-3: juten-bench-resolve timed, then run again with --export-dir (not
#     timed; its per-draw lines must be byte-identical to the timed run's,
#     which checks that the draws and answers are deterministic), then
#     `cbc draw-K.lp ratioGap G solve solution cbc.sol` per draw, one process
#     after another, each timed; cbc's objective must agree with juten's
#     within the gap.
# Every run is pinned to one core with taskset (common.sh).  See README.md
# ("Re-solve benchmark").  Exit status: 0 every run completed and every
# draw agreed, 1 a run failed or a draw disagreed, 2 usage error.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

fy_draws=2000
fy_gap=0
n=1000
kind=hard
seed=1
draws=50
gap=1e-3
tlim=60
build="$here/../build-bench"
cpu=""
tools="juten cbc"
parts="fy2017 synthetic"

usage() {
    cat <<EOF
Usage: bench/resolve.sh [OPTIONS]

Times juten-bench-resolve (new values for every measure, then a re-solve,
per draw) on FY2017 and on a juten-gen round, and one cbc process per draw
of the juten-gen round on juten's export of that draw; checks every draw.

Options:
  --parts "P ..."     which parts to run: fy2017 and/or synthetic
                      (default "$parts")
  --fy-draws N        draws on FY2017 (default $fy_draws)
  --fy-gap G          relative gap of every FY2017 re-solve (default $fy_gap:
                      proven optimal)
  --n N               size of the juten-gen round (default $n)
  --kind K            hard or moderate (default $kind)
  --seed S            juten-gen seed, also the draws' seed (default $seed)
  --draws N           draws on the juten-gen round (default $draws)
  --gap G             relative gap of each of its re-solves, juten's and
                      cbc's (default $gap)
  --time-limit T      time limit of each re-solve, whole seconds (default $tlim)
  --tools "T ..."     juten and/or cbc for the juten-gen round (default
                      "$tools"; cbc needs juten's run for the exports)
  --build DIR         build directory (default bench/../build-bench)
  --cpu C             core to pin every run to (default: the last core)
  --markdown          print the table as Markdown
  --keep              keep the temporary directory and say where it is
  -h, --help          show this help

Exit status: 0 all runs completed and every draw agreed, 1 a run failed or
a draw disagreed, 2 usage error.
EOF
}

me=resolve.sh
# shellcheck source=bench/common.sh
. "$here/common.sh"

# the options of this script alone (the rest: common.sh)
own_values="--parts --fy-draws --fy-gap --n --kind --draws"
own_value() {
    case $1 in
    --parts) parts=$2 ;;
    --fy-draws) fy_draws=$2 ;;
    --fy-gap) fy_gap=$2 ;;
    --n) n=$2 ;;
    --kind) kind=$2 ;;
    --draws) draws=$2 ;;
    esac
}
parse_args "$@"

pos_uint "$fy_draws" 1 || die "--fy-draws needs a whole number >= 1, not '$fy_draws'"
pos_uint "$draws" 1 || die "--draws needs a whole number >= 1, not '$draws'"
pos_uint "$n" 2 || die "--n needs a whole number >= 2, not '$n'"
is_uint "$seed" || die "--seed needs a whole number, not '$seed'"
pos_uint "$tlim" 1 || die "--time-limit needs whole seconds >= 1, not '$tlim'"
is_real "$gap" || die "--gap needs a number, not '$gap'"
is_real "$fy_gap" || die "--fy-gap needs a number, not '$fy_gap'"
[[ $kind == hard || $kind == moderate ]] || die "--kind is hard or moderate, not '$kind'"
for p in $parts; do
    [[ $p == fy2017 || $p == synthetic ]] || die "--parts takes fy2017 and synthetic, not '$p'"
done
for t in $tools; do
    [[ $t == juten || $t == cbc ]] || die "--tools takes juten and cbc, not '$t'"
done
[[ -n $parts ]] || die "--parts must not be empty"
if [[ -z $cpu ]]; then
    cpu=$(($(nproc) - 1))
fi
is_uint "$cpu" || die "--cpu needs a core number, not '$cpu'"

need_basics
if has_tool cbc && [[ " $parts " == *" synthetic "* ]]; then need cbc "apt-get install coinor-cbc"; fi
bench="$build/bench/juten-bench-resolve"
gen="$build/bench/juten-gen"
[[ -x $bench && -x $gen ]] || die "$bench or $gen not found; build them with
  cmake -S $here/.. -B $build -DCMAKE_BUILD_TYPE=Release && cmake --build $build"
fy="$here/../scenarios/fy2017/scenario.ini"

make_work juten-resolve
hard_kill_for() { echo $(($1 * tlim + 60)); } # a whole harness run of N draws

# key FILE NAME: the value of a "NAME value" line of the harness's summary.
key() { sed -n "s/^$2 //p" "$1" | head -n 1; }

rows=() # "round|N|draws|gap|tool|loop_s|process_s|per_s|vs_juten|peak_MB|outcomes|agrees"
failed=0
note "$(nproc) cores, $(grep -m 1 'model name' /proc/cpuinfo | sed 's/.*: //'); pinned to core $cpu"
note "juten-bench-resolve built $(date -u -r "$bench" +%FT%TZ), checkout now at" \
    "$(git -C "$here/.." describe --always --dirty 2>/dev/null || echo unknown)"

# harness LOG SCENARIO DRAWS GAP SEED [EXTRA...]: one timed harness run;
# sets WALL, RSS, RC and leaves the summary in LOG.out, the draws in LOG.tsv.
harness() {
    local log=$1 scen=$2 nd=$3 g=$4 s=$5
    shift 5
    run_timed "$(hard_kill_for "$nd")" "$log" "$bench" "$scen" --draws "$nd" --gap "$g" \
        --seed "$s" --time-limit "$tlim" --out "$log.tsv" "$@"
    if ((RC != 0)); then
        note "juten-bench-resolve $scen failed (exit $RC):"
        tail -n 5 "$log.err" >&2 || true
        failed=1
    fi
}

outcomes() { # the harness's outcome counts, non-zero ones only
    local f=$1 out="" k v
    for k in optimal gap_reached time_limited infeasible no_solution; do
        v=$(key "$f" "$k")
        [[ -n $v && $v != 0 ]] && out="$out${out:+, }$v $k"
    done
    echo "${out:--}"
}

juten_row() { # round N draws gap LOG
    local lp ps
    lp=$(key "$5.out" seconds)
    ps=$(key "$5.out" resolves_per_s)
    rows+=("$1|$2|$3|$4|juten|$(printf %.3f "${lp:-0}")|$WALL|$ps|-|$((RSS / 1024))|$(outcomes "$5.out")|-")
}

# ---- (a) FY2017 ---------------------------------------------------------------
if [[ " $parts " == *" fy2017 "* ]]; then
    log="$work/fy2017"
    harness "$log" "$fy" "$fy_draws" "$fy_gap" "$seed"
    note "[fy2017] $fy_draws draws: ${WALL}s, $(key "$log.out" resolves_per_s) re-solves/s, exit $RC"
    ((RC == 0)) && juten_row fy2017 "$(key "$log.out" measures)" "$fy_draws" "$fy_gap" "$log"
fi

# ---- (b) a juten-gen round against one cbc process per draw ---------------------
if [[ " $parts " == *" synthetic "* ]]; then
    dir="$work/$kind-$n"
    round="$kind-$n"
    "$gen" --quiet --n "$n" --kind "$kind" --seed "$seed" --out "$dir"
    scen="$dir/scenario.ini"
    log="$dir/juten"
    harness "$log" "$scen" "$draws" "$gap" "$seed"
    jtotal=$(key "$log.out" seconds)
    note "[$round] $draws draws: ${WALL}s, $(key "$log.out" resolves_per_s) re-solves/s, exit $RC"
    if ((RC == 0)); then
        has_tool juten && juten_row "$round" "$n" "$draws" "$gap" "$log"
        if has_tool cbc; then
            # The same draws again, each exported after set_values (not timed).
            harness "$dir/export" "$scen" "$draws" "$gap" "$seed" --export-dir "$dir/lp"
            if ((RC == 0)) && ! cmp -s "$log.tsv" "$dir/export.tsv"; then
                note "[$round] the exporting run's answers differ from the timed run's" \
                    "(first difference below): the re-solves are not deterministic"
                diff "$log.tsv" "$dir/export.tsv" | head -n 4 >&2 || true
                failed=1
            fi
            ctotal=0
            cmax=0
            cproven=0
            bad=0
            for ((k = 1; k <= draws; k++)); do
                lp=$(printf '%s/lp/draw-%06d.lp' "$dir" "$k")
                [[ -s $lp ]] || { note "[$round] $lp missing"; failed=1; break; }
                clog="$dir/cbc.$k"
                run_timed $((2 * tlim + 30)) "$clog" cbc "$lp" ratioGap "$gap" seconds "$tlim" \
                    solve solution "$clog.sol"
                ctotal=$(awk -v a="$ctotal" -v b="$WALL" 'BEGIN { printf "%.3f", a + b }')
                ((RSS > cmax)) && cmax=$RSS
                if ((RC != 0)) || [[ ! -s $clog.sol ]]; then
                    note "[$round] cbc on draw $k failed (exit $RC)"
                    failed=1
                    bad=$((bad + 1))
                    continue
                fi
                first=$(head -n 1 "$clog.sol")
                cobj=$(sed -n 's/.*objective value *\([-+0-9.eE]*\).*/\1/p' <<<"$first")
                [[ $first == Optimal* ]] && cproven=$((cproven + 1))
                jline=$(awk -F '\t' -v k="$k" '$1 == k' "$log.tsv")
                jout=$(cut -f 2 <<<"$jline")
                jobj=$(cut -f 3 <<<"$jline")
                if [[ $first == Infeasible* ]]; then
                    [[ $jout == infeasible ]] || { bad=$((bad + 1)); note "[$round] draw $k: cbc infeasible, juten $jout $jobj"; }
                    continue
                fi
                # Both portfolios lie within the gap below the same optimum,
                # so they differ by at most gap/(1-gap) of the larger one.
                if [[ -z $cobj || $jobj == nan ]] || ! awk -v a="$cobj" -v b="$jobj" -v g="$gap" 'BEGIN {
                        d = a - b; if (d < 0) d = -d
                        m = (a < 0 ? -a : a); mb = (b < 0 ? -b : b); if (mb > m) m = mb; if (m < 1) m = 1
                        exit !(d <= (g / (1 - g) + 1e-9) * m) }'; then
                    bad=$((bad + 1))
                    note "[$round] draw $k DISAGREES: cbc '$first', juten $jout $jobj;" \
                        "reproduce: juten-gen --n $n --kind $kind --seed $seed, juten-bench-resolve --seed $seed --draws $k --gap $gap"
                fi
            done
            ((bad == 0)) || failed=1
            per=$(awk -v d="$draws" -v t="$ctotal" 'BEGIN { printf "%.3f", (t > 0 ? d / t : 0) }')
            ratio=$(awk -v a="$ctotal" -v b="${jtotal:-0}" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 0.001) }')
            agr=$([[ $bad == 0 ]] && echo yes || echo "NO($bad)")
            rows+=("$round|$n|$draws|$gap|cbc|$ctotal|$ctotal|$per|$ratio|$((cmax / 1024))|$cproven proven|$agr")
        fi
    fi
fi

# ---- the table ------------------------------------------------------------------
header="round|N|draws|gap|tool|loop_s|process_s|resolves_per_s|vs_juten|peak_MB|outcomes|agrees"
print_table "$header" "|---|--:|--:|--:|---|--:|--:|--:|--:|--:|---|---|"
exit "$failed"
