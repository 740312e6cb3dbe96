#!/usr/bin/env bash
# run.sh -- time `juten solve` side by side with glpsol (defaults and tuned)
# and cbc on synthetic rounds from juten-gen, and check that they agree.
#
# For each kind and size it generates one round into a temporary directory,
# exports juten's integer program once (`juten export --lp`), then runs every
# tool --reps times, one after another (never in parallel), each pinned to
# one core, and prints the median wall time, the ratio to juten's, the peak
# RSS, the objective, the status and gap, and whether the objective agrees
# with juten's within the requested gap.  `juten check` (load + validate
# only) is timed the same way.  See README.md for what each figure means.
#
# Everything runs in a mktemp directory that is removed on exit (--keep to
# look at it).  Exit status: 0 when every run completed and every objective
# agreed (or differed only where a tool stopped on its time limit), 1 when
# a tool crashed or two tools that both claim to be within the gap disagree,
# 2 on a usage error.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

sizes="1000 10000 100000"
kinds="hard moderate"
reps=3
gap=1e-4
tlim=60
build="$here/../build-bench"
seed=1
cpu=""
tools="check juten glpsol glpsol-tuned cbc cbc-ref"
csv=""

usage() {
    cat <<EOF
Usage: bench/run.sh [OPTIONS]

Times juten solve, glpsol (defaults and tuned) and cbc on synthetic rounds
written by juten-gen, one tool at a time, each pinned to one core.

Options:
  --sizes "N ..."     round sizes (default "$sizes")
  --kinds "K ..."     hard and/or moderate (default "$kinds")
  --reps R            runs per tool; the median wall time is reported (default $reps)
  --gap G             relative MIP gap for every tool (default $gap; 0 = prove optimal)
  --time-limit T      time limit per run in whole seconds (default $tlim)
  --seed S            juten-gen seed (default $seed)
  --build DIR         build directory holding juten and bench/juten-gen
                      (default bench/../build-bench)
  --tools "T ..."     which rows to run, from: check juten juten-prices glpsol
                      glpsol-tuned cbc cbc-ref (default "$tools");
                      juten is \`juten solve --no-prices\` (the portfolio solve
                      alone), juten-prices the default \`juten solve\` that
                      also prices each rule family; glpsol-tuned is
                      glpsol --nointopt --nopresol --dual --flip --scale --adv
                      cbc-ref is cbc on juten-gen's own LP of the round,
                      written independently of juten: it checks juten's
                      formulation, not just its solver (always 1 rep)
  --cpu C             core to pin every run to (default: the last core)
  --quick             smoke run: sizes "1000 10000", 1 rep
  --markdown          print the table as Markdown
  --csv FILE          also write the results as CSV
  --keep              keep the temporary directory and say where it is
  -h, --help          show this help

Exit status: 0 all runs completed and agreed, 1 a tool crashed or two
results both claimed within the gap disagree, 2 usage error.
EOF
}

me=run.sh
# shellcheck source=bench/common.sh
. "$here/common.sh"

# the options of this script alone (the rest: common.sh)
own_values="--sizes --kinds --reps --csv"
own_value() {
    case $1 in
    --sizes) sizes=$2 ;;
    --kinds) kinds=$2 ;;
    --reps) reps=$2 ;;
    --csv) csv=$2 ;;
    esac
}
own_flag() {
    case $1 in
    --quick)
        sizes="1000 10000"
        reps=1
        ;;
    *) return 1 ;;
    esac
}
parse_args "$@"

# ---- check the arguments and the tools ------------------------------------

pos_uint "$reps" 1 || die "--reps needs a whole number >= 1, not '$reps'"
is_real "$gap" || die "--gap needs a plain number such as 1e-4 or 0, not '$gap'"
awk -v g="$gap" 'BEGIN { exit !(g >= 0 && g < 1) }' || die "--gap must be in [0, 1), not '$gap'"
# glpsol's --tmlim takes whole seconds only, so every tool gets whole seconds.
pos_uint "$tlim" 1 || die "--time-limit needs whole seconds >= 1, not '$tlim'"
is_uint "$seed" || die "--seed needs a whole number, not '$seed'"
for n in $sizes; do
    pos_uint "$n" 20 || die "--sizes: '$n' is not a whole number >= 20"
done
for k in $kinds; do
    [[ $k == hard || $k == moderate ]] || die "--kinds: '$k' is neither hard nor moderate"
done
for t in $tools; do
    case $t in
    check | juten | juten-prices | glpsol | glpsol-tuned | cbc | cbc-ref) ;;
    *) die "--tools: unknown tool '$t' (expected check juten juten-prices glpsol glpsol-tuned cbc cbc-ref)" ;;
    esac
done
[[ -n $sizes && -n $kinds && -n $tools ]] || die "--sizes, --kinds and --tools must not be empty"
if [[ -z $cpu ]]; then
    cpu=$(($(nproc) - 1))
fi
is_uint "$cpu" || die "--cpu needs a core number, not '$cpu'"

need_basics
if has_tool glpsol || has_tool glpsol-tuned; then need glpsol "apt-get install glpk-utils"; fi
if has_tool cbc || has_tool cbc-ref; then need cbc "apt-get install coinor-cbc"; fi

gen="$build/bench/juten-gen"
juten="$build/juten"
[[ -x $gen ]] || die "$gen not found; build it with
  cmake -S $here/.. -B $build -DCMAKE_BUILD_TYPE=Release && cmake --build $build --target juten-gen"
needs_juten=0
for t in $tools; do [[ $t == cbc-ref ]] || needs_juten=1; done
if ((needs_juten)) && [[ ! -x $juten ]]; then
    die "$juten not found; build it with
  cmake -S $here/.. -B $build -DCMAKE_BUILD_TYPE=Release && cmake --build $build"
fi
# `juten solve` also prices every rule family by default (one more solve per
# family, each with the full time limit).  The juten row times the portfolio
# solve alone, which is what glpsol and cbc do; juten-prices times the
# default command.
noprices=()
if ((needs_juten)) && "$juten" solve --help 2>/dev/null | grep -q -- '--no-prices'; then
    noprices=(--no-prices)
fi

make_work juten-bench

# ---- timing ---------------------------------------------------------------

# A run that outlives its own time limit by this much is killed: a tool
# that ignores its limit must not stall the whole benchmark.
hard_kill=$((2 * tlim + 30))


median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '
    { v[NR] = $1 }
    END { if (NR % 2) printf "%.3f", v[(NR + 1) / 2]
          else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# ---- result parsing ---------------------------------------------------------
# rel_gap INC BOUND: |BOUND - INC| / max(|INC|, 1e-10), 4 digits.
rel_gap() {
    awk -v a="$1" -v b="$2" 'BEGIN { d = b - a; if (d < 0) d = -d
        m = a < 0 ? -a : a; printf "%.4g", d / (m > 1e-10 ? m : 1e-10) }'
}
is_zero() { awk -v g="$1" 'BEGIN { exit !(g == 0) }'; }

# gap_bound OBJ: the bound implied by "optimal within --gap": OBJ plus the
# gap, since a solver given a gap may prune nodes within it.  With --gap 0
# it is OBJ itself.
gap_bound() {
    awk -v o="$1" -v g="$gap" 'BEGIN { m = o < 0 ? -o : o; if (m < 1) m = 1
        printf "%.12g", o + g * m }'
}

# Each parser sets OBJ (a number or "-"), BND (the proven upper bound of the
# maximisation, or "-"), STATUS (a short word), GAP (a number or "-") and
# STOPPED (1 when the tool hit its time limit).

parse_juten() {
    local json=$1
    OBJ=- BND=- STATUS=error GAP=- STOPPED=0
    [[ -s $json ]] || return 0
    STATUS=$(jq -r '.status // "?"' "$json")
    OBJ=$(jq -r 'if .objective == null then "-" else .objective end' "$json")
    BND=$(jq -r 'if .best_bound == null then "-" else .best_bound end' "$json")
    GAP=$(jq -r 'if .gap == null then "-" else .gap end' "$json")
    [[ $GAP == - ]] || GAP=$(awk -v g="$GAP" 'BEGIN { printf "%.4g", g }')
    if [[ $(jq -r '.time_limited // false' "$json") == true ]]; then
        STOPPED=1
        [[ $STATUS == feasible ]] && STATUS=time_limit
    fi
    # juten says "feasible" when it stopped at the requested gap.
    [[ $STATUS == feasible ]] && STATUS=gap_reached
    return 0
}

parse_glpsol() {
    local sol=$1 log=$2 line lo hi
    OBJ=- BND=- STATUS=error GAP=- STOPPED=0
    [[ -s $sol ]] || return 0
    glpsol_solution "$sol"
    if grep -q "TIME LIMIT EXCEEDED" "$log"; then
        STOPPED=1
        [[ $STATUS == feasible ]] && STATUS=time_limit
    fi
    grep -q "RELATIVE MIP GAP TOLERANCE REACHED" "$log" && STATUS=gap_reached
    # The last progress line "+ it: mip = INC <= BOUND  gap% (...)" has the
    # final incumbent and bound (">=" for a minimisation).
    line=$(grep -E '^\+ *[0-9]+: mip = *[-+0-9.eE]+ *[<>]= ' "$log" | tail -n 1 || true)
    if [[ $STATUS == optimal ]]; then
        GAP=0
        BND=$(gap_bound "$OBJ")
    elif [[ -n $line ]]; then
        lo=$(sed -E 's/.*mip = *([-+0-9.eE]+) *[<>]= *([-+0-9.eE]+).*/\1/' <<<"$line")
        hi=$(sed -E 's/.*mip = *([-+0-9.eE]+) *[<>]= *([-+0-9.eE]+).*/\2/' <<<"$line")
        BND=$hi
        GAP=$(rel_gap "$lo" "$hi")
    fi
    return 0
}

# cbc writes "Optimal - objective value X", "Stopped on time - objective
# value X", "Infeasible - ..." as the first line of its solution file.  For a
# Maximize model read from an LP file, cbc 2.10 prints the maximum itself;
# some builds print the value of the minimisation it solved (the negation).
# NORMALISE: when juten's objective is known and cbc's has the opposite sign
# with the same magnitude (within 1%), cbc's is negated and the status says so.
parse_cbc() {
    local sol=$1 log=$2 first inc bnd
    OBJ=- BND=- STATUS=error GAP=- STOPPED=0
    [[ -s $sol ]] || return 0
    first=$(head -n 1 "$sol")
    OBJ=$(sed -n 's/.*objective value *\([-+0-9.eE]*\).*/\1/p' <<<"$first")
    [[ -n $OBJ ]] || OBJ=-
    case $first in
    "Optimal (within gap tolerance)"*) STATUS=gap_reached ;;
    Optimal*) STATUS=optimal ;;
    "Stopped on time"*)
        STATUS=time_limit
        STOPPED=1
        ;;
    Infeasible*) STATUS=infeasible ;;
    *) STATUS=$(sed 's/ - .*//; s/ /_/g' <<<"$first") ;;
    esac
    # cbc's own "Gap:" line has two decimals only; recompute it from the
    # incumbent and the bound it prints just above ("Upper bound:" for a
    # maximisation, "Lower bound:" for a minimisation).
    inc=$(sed -n 's/^Objective value: *\([-+0-9.eE]*\).*/\1/p' "$log" | tail -n 1)
    bnd=$(sed -n -E 's/^(Upper|Lower) bound: *([-+0-9.eE]*).*/\2/p' "$log" | tail -n 1)
    if [[ $STATUS == optimal ]] && ! is_zero "$gap"; then
        # With ratioGap > 0 cbc prunes every node within the gap of its
        # incumbent and then reports "Optimal": it is optimal only within
        # the gap (seen: two "Optimal" values 5e-6 apart on one round).
        STATUS=gap_reached
        GAP="<=$gap"
        BND=$(gap_bound "$OBJ")
    elif [[ $STATUS == optimal ]]; then
        GAP=0
        BND=$OBJ
    elif [[ -n $inc && -n $bnd ]]; then
        BND=$bnd
        GAP=$(rel_gap "$inc" "$bnd")
    fi
    cbc_sign
    return 0
}

# agree A B: yes when |A - B| <= (gap + 1e-9) * max(|B|, 1).
agree() {
    awk -v a="$1" -v b="$2" -v g="$gap" 'BEGIN {
        d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b; if (m < 1) m = 1
        exit !(d <= (g + 1e-9) * m) }'
}

# below A B: A <= B within printing precision (1e-7 relative): a portfolio's
# value can never exceed a proven bound of the same maximisation.
below() {
    awk -v a="$1" -v b="$2" 'BEGIN { m = b < 0 ? -b : b; if (m < 1) m = 1
        exit !(a <= b + 1e-7 * m) }'
}

# ---- the rounds ---------------------------------------------------------------

rows=()   # "kind|n|tool|median|ratio|rss|obj|status|gap|agree"
failed=0
machine="$(nproc) cores, $(grep -m 1 'model name' /proc/cpuinfo | sed 's/.*: //')"
note "$machine; pinned to core $cpu; gap $gap, time limit ${tlim}s, $reps rep(s), seed $seed"
if ((needs_juten)); then
    # The binary is not rebuilt here: say when it was built and what the
    # checkout is now, so that a stale build can be spotted.
    note "$("$juten" --version 2>/dev/null | head -n 1 || true): $juten built" \
        "$(date -u -r "$juten" +%FT%TZ), checkout now at $(git -C "$here/.." \
            describe --always --dirty 2>/dev/null || echo unknown)"
fi

for kind in $kinds; do
    for n in $sizes; do
        dir="$work/$kind-$n"
        "$gen" --quiet --n "$n" --kind "$kind" --seed "$seed" --out "$dir" --lp "$dir/ref.lp"
        scen="$dir/scenario.ini"
        JOBJ=-
        JBND=-
        JSTATUS=-
        jtime=-
        if has_tool glpsol || has_tool glpsol-tuned || has_tool cbc; then
            run_timed "$hard_kill" "$dir/export" "$juten" export "$scen" --lp "$dir/model.lp"
            if ((RC != 0)); then
                note "[$kind N=$n] juten export failed (exit $RC):"
                tail -n 5 "$dir/export.err" >&2
                failed=1
            else
                note "[$kind N=$n] juten export: ${WALL}s, $(wc -c <"$dir/model.lp") bytes of LP"
            fi
        fi
        for tool in $tools; do
            times=""
            maxrss=0
            # cbc-ref is a correctness check, not a timing: one run is enough.
            nrep=$reps
            [[ $tool == cbc-ref ]] && nrep=1
            for ((r = 1; r <= nrep; r++)); do
                log="$dir/$tool.$r"
                case $tool in
                check)
                    run_timed "$hard_kill" "$log" "$juten" check "$scen"
                    ;;
                juten)
                    run_timed "$hard_kill" "$log" "$juten" solve "$scen" --format json --gap "$gap" \
                        --time-limit "$tlim" "${noprices[@]}" -o "$log.json"
                    ;;
                juten-prices)
                    run_timed "$hard_kill" "$log" "$juten" solve "$scen" --format json --gap "$gap" \
                        --time-limit "$tlim" -o "$log.json"
                    ;;
                glpsol)
                    [[ -s $dir/model.lp ]] || break
                    run_timed "$hard_kill" "$log" glpsol --lp "$dir/model.lp" --mipgap "$gap" \
                        --tmlim "$tlim" -o "$log.sol"
                    ;;
                glpsol-tuned)
                    [[ -s $dir/model.lp ]] || break
                    # --nointopt: with GLPK's MIP presolver on (the default),
                    # glp_intopt solves the root LP itself with default
                    # settings and the simplex flags below change nothing
                    # (identical logs); off, glpsol solves the root LP with
                    # them first, as juten does.
                    run_timed "$hard_kill" "$log" glpsol --lp "$dir/model.lp" --mipgap "$gap" \
                        --tmlim "$tlim" --nointopt --nopresol --dual --flip --scale --adv \
                        -o "$log.sol"
                    ;;
                cbc)
                    [[ -s $dir/model.lp ]] || break
                    run_timed "$hard_kill" "$log" cbc "$dir/model.lp" ratioGap "$gap" seconds "$tlim" \
                        solve solution "$log.sol"
                    ;;
                cbc-ref)
                    run_timed "$hard_kill" "$log" cbc "$dir/ref.lp" ratioGap "$gap" seconds "$tlim" \
                        solve solution "$log.sol"
                    ;;
                esac
                note "[$kind N=$n] $tool rep $r/$nrep: ${WALL}s, ${RSS} KB, exit $RC"
                # juten: 0 portfolio, 1 none found; the solvers: 0.
                if ((RC > 1)) || { [[ $tool != juten ]] && ((RC != 0)); }; then
                    note "[$kind N=$n] $tool FAILED with exit $RC; last lines of its stderr/stdout:"
                    tail -n 5 "$log.err" "$log.out" >&2 || true
                    failed=1
                fi
                times="$times $WALL"
                ((RSS > maxrss)) && maxrss=$RSS
            done
            [[ -n $times ]] || continue
            med=$(median <<<"$times")
            log="$dir/$tool.$nrep"
            case $tool in
            check)
                OBJ=- GAP=- STOPPED=0
                STATUS=$([[ $RC == 0 ]] && echo loaded || echo "error($RC)")
                ;;
            juten-prices) parse_juten "$log.json" ;;
            juten)
                parse_juten "$log.json"
                JOBJ=$OBJ
                JBND=$BND
                JSTATUS=$STATUS
                jtime=$med
                ;;
            glpsol | glpsol-tuned) parse_glpsol "$log.sol" "$log.out" ;;
            cbc | cbc-ref) parse_cbc "$log.sol" "$log.out" ;;
            esac
            ratio=-
            if [[ $jtime != - && $tool != juten ]]; then
                ratio=$(awk -v a="$med" -v b="$jtime" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 0.001) }')
            fi
            agr=-
            if [[ $tool != check && $tool != juten && $tool != juten-prices ]]; then
                if [[ $STATUS == infeasible* || $OBJ == - ]]; then OBJ=-; fi
                jstop=$(jq -r '.time_limited // false' "$dir/juten.$reps.json" 2>/dev/null || echo false)
                if [[ $OBJ != - && $JOBJ != - ]]; then
                    if { [[ $JBND != - ]] && ! below "$OBJ" "$JBND"; } ||
                        { [[ $BND != - ]] && ! below "$JOBJ" "$BND"; }; then
                        agr="NO(bound)" # a portfolio beats the other's proven bound
                    elif agree "$OBJ" "$JOBJ"; then
                        agr=yes
                    elif ((STOPPED)) || [[ $jstop == true ]]; then
                        agr="no(time)" # one stopped early, bounds consistent
                    else
                        agr=NO
                    fi
                elif [[ $STATUS == infeasible* && $JSTATUS == infeasible ]]; then
                    agr=yes
                elif [[ $STATUS == infeasible* && $JOBJ != - ]] ||
                    [[ $JSTATUS == infeasible && $OBJ != - ]]; then
                    agr=NO # one found a portfolio the other proved impossible
                else
                    agr=n/a
                fi
                if [[ $agr == NO* ]]; then
                    failed=1
                    note "[$kind N=$n] $tool ($STATUS, objective $OBJ, bound $BND) DISAGREES with" \
                        "juten ($JSTATUS, objective $JOBJ, bound $JBND); reproduce: juten-gen --n $n --kind $kind --seed $seed"
                fi
            fi
            rows+=("$kind|$n|$tool|$med|$ratio|$((maxrss / 1024))|$OBJ|$STATUS|$GAP|$agr")
        done
    done
done

# ---- the table ------------------------------------------------------------------

header="kind|N|tool|median_s|vs_juten|peak_MB|objective|status|gap|agrees"
print_table "$header" "|---|--:|---|--:|--:|--:|--:|---|--:|---|" "$csv"
exit "$failed"
