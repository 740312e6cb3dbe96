#!/usr/bin/env bash
# frontier.sh -- time `juten frontier` against the loop a user would script
# around another solver: one glpsol process, or one cbc process, per point
# of the curve, on juten's own export of the round at that point.
#
# For each kind it generates one round into a temporary directory, times
# `juten frontier --format json` once, reads the points it found (headroom,
# objective, proven bound, proven or not), exports the integer program at
# every point's headroom (`juten export --headroom AT --lp`, not timed), then
# runs glpsol and cbc on every exported point, one process after another
# (never in parallel), each pinned to one core, and sums their wall times.
# It prints, per tool, the points, how many were proven, the solves, the
# total wall time, its ratio to juten's, solves and points per second and
# the peak RSS, and checks every point's answers against juten's.  See
# README.md ("Frontier benchmark") for what each figure means.
#
# Everything runs in a mktemp directory that is removed on exit (--keep to
# look at it; each round's points.tsv has the figures point by point).
# Exit status: 0 when every run completed and every point agreed, 1 when a
# tool crashed or a point's answers contradict a proven bound, 2 on a usage
# error.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

kinds="hard moderate quick"
n=1000
seed=1
from=scenario
gap=1e-4
points=50
tlim=60
ftlim=""
build="$here/../build-bench"
cpu=""
tools="juten glpsol cbc"
csv=""

usage() {
    cat <<EOF
Usage: bench/frontier.sh [OPTIONS]

Times juten frontier against one glpsol process and one cbc process per
point of the same curve, one tool at a time, each pinned to one core, and
checks that every point agrees.

Options:
  --kinds "K ..."     juten-gen kinds: hard, moderate, quick (default "$kinds")
  --n N               round size (default $n)
  --seed S            juten-gen seed (default $seed)
  --from F            lowest headroom of the curve (juten frontier --from):
                      a number, or "scenario" for the round's own headroom
                      (its scenario.ini; juten-gen writes 0) (default $from)
  --gap G             relative MIP gap of every solve, juten's and each
                      loop's (default $gap; must be > 0 for the loops'
                      bounds: 0 asks juten for the exact breakpoints)
  --points P          at most P points (juten frontier --max-points;
                      default $points)
  --time-limit T      time limit of each loop solve in whole seconds
                      (default $tlim)
  --frontier-time-limit F
                      juten frontier's --time-limit, which bounds the whole
                      command (default: points x T, what the loop may spend)
  --build DIR         build directory holding juten and bench/juten-gen
                      (default bench/../build-bench)
  --tools "T ..."     which rows to run, from: juten glpsol cbc (default
                      "$tools"); the loops need juten's points, so juten
                      always runs; leaving it out only drops its row
  --cpu C             core to pin every run to (default: the last core)
  --markdown          print the table as Markdown
  --csv FILE          also write the results as CSV
  --keep              keep the temporary directory and say where it is
  -h, --help          show this help

Exit status: 0 all runs completed and every point agreed, 1 a tool crashed
or a point's answer contradicts a proven bound, 2 usage error.
EOF
}

me=frontier.sh
# shellcheck source=bench/common.sh
. "$here/common.sh"
is_sreal() { [[ $1 =~ ^[-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$ ]]; }

# the options of this script alone (the rest: common.sh)
own_values="--kinds --n --from --points --frontier-time-limit --csv"
own_value() {
    case $1 in
    --kinds) kinds=$2 ;;
    --n) n=$2 ;;
    --from) from=$2 ;;
    --points) points=$2 ;;
    --frontier-time-limit) ftlim=$2 ;;
    --csv) csv=$2 ;;
    esac
}
parse_args "$@"

# ---- check the arguments and the tools ------------------------------------

pos_uint "$n" 20 || die "--n needs a whole number >= 20, not '$n'"
is_uint "$seed" || die "--seed needs a whole number, not '$seed'"
[[ $from == scenario ]] || is_sreal "$from" ||
    die "--from needs \"scenario\" or a plain number such as 0 or 12.5, not '$from'"
is_real "$gap" || die "--gap needs a plain number such as 1e-3, not '$gap'"
awk -v g="$gap" 'BEGIN { exit !(g >= 0 && g < 1) }' || die "--gap must be in [0, 1), not '$gap'"
pos_uint "$points" 1 || die "--points needs a whole number >= 1, not '$points'"
# glpsol's --tmlim takes whole seconds only, so every tool gets whole seconds.
pos_uint "$tlim" 1 || die "--time-limit needs whole seconds >= 1, not '$tlim'"
[[ -n $ftlim ]] || ftlim=$((points * tlim))
pos_uint "$ftlim" 1 || die "--frontier-time-limit needs whole seconds >= 1, not '$ftlim'"
for k in $kinds; do
    [[ $k == hard || $k == moderate || $k == quick ]] ||
        die "--kinds: '$k' is not hard, moderate or quick"
done
for t in $tools; do
    case $t in
    juten | glpsol | cbc) ;;
    *) die "--tools: unknown tool '$t' (expected juten glpsol cbc)" ;;
    esac
done
[[ -n $kinds && -n $tools ]] || die "--kinds and --tools must not be empty"
if [[ -z $cpu ]]; then
    cpu=$(($(nproc) - 1))
fi
is_uint "$cpu" || die "--cpu needs a core number, not '$cpu'"

need_basics
if has_tool glpsol; then need glpsol "apt-get install glpk-utils"; fi
if has_tool cbc; then need cbc "apt-get install coinor-cbc"; fi

gen="$build/bench/juten-gen"
juten="$build/juten"
[[ -x $gen ]] || die "$gen not found; build it with
  cmake -S $here/.. -B $build -DCMAKE_BUILD_TYPE=Release && cmake --build $build --target juten-gen"
[[ -x $juten ]] || die "$juten not found; build it with
  cmake -S $here/.. -B $build -DCMAKE_BUILD_TYPE=Release && cmake --build $build"

make_work juten-frontier

# ---- timing ---------------------------------------------------------------

# A run that outlives its own time limit by this much is killed: a tool
# that ignores its limit must not stall the whole benchmark.  juten
# frontier's --time-limit bounds the whole command; this is a safety net,
# not a budget.
hard_kill=$((2 * tlim + 30))
frontier_kill=$((2 * ftlim + 60))


# ---- result parsing ---------------------------------------------------------

# Each parser sets OBJ (a number or "-"), BND (the tool's own proven upper
# bound of the maximisation, or "-" when it printed none), PROVEN (1 when
# the tool says it is optimal or within the gap, 0 when it stopped on its
# time limit or found nothing), STATUS (a short word) and INFEAS (1 when
# the tool proved the point infeasible).

# glpsol's sol.txt has "Objective:  NAME = VALUE (MAXimum)"; its log ends
# with INTEGER OPTIMAL SOLUTION FOUND, RELATIVE MIP GAP TOLERANCE REACHED or
# TIME LIMIT EXCEEDED.
parse_glpsol() {
    local sol=$1 log=$2 line
    OBJ=- BND=- PROVEN=0 STATUS=error INFEAS=0
    [[ -s $sol ]] || return 0
    glpsol_solution "$sol"
    [[ $STATUS != infeasible ]] || INFEAS=1
    if grep -q "INTEGER OPTIMAL SOLUTION FOUND" "$log"; then
        PROVEN=1
        STATUS=optimal
    elif grep -q "RELATIVE MIP GAP TOLERANCE REACHED" "$log"; then
        PROVEN=1
        STATUS=gap_reached
    elif grep -q "TIME LIMIT EXCEEDED" "$log"; then
        PROVEN=0
        STATUS=time_limit
    fi
    if [[ $STATUS == optimal && $OBJ != - ]]; then
        # the search tree is empty: GLPK prunes only nodes no better than
        # the incumbent (within tol_obj, 1e-7 relative; the gap only stops
        # the search early), so the optimum is the portfolio's value
        BND=$OBJ
    else
        # The last progress line "+ it: mip = INC <= BOUND  gap% (...)" has
        # the final incumbent and bound.
        line=$(grep -E '^\+ *[0-9]+: mip = *[-+0-9.eE]+ *<= *[-+0-9.eE]+ ' "$log" | tail -n 1 || true)
        [[ -z $line ]] || BND=$(sed -E 's/.*mip = *[-+0-9.eE]+ *<= *([-+0-9.eE]+).*/\1/' <<<"$line")
    fi
    return 0
}

# cbc's log: "Result - Optimal solution found" (optionally "(within gap
# tolerance)"), "Result - Stopped on time limit", "Result - Problem proven
# infeasible"; then "Objective value: V" and, when it stopped early, "Upper
# bound:" (maximisation) or "Lower bound:".  For a Maximize model read from
# an LP file, cbc 2.10 prints the maximum itself; some builds print the
# value of the minimisation it solved (the negation).  NORMALISE: when
# juten's objective JOBJ is known and cbc's has the opposite sign with the
# same magnitude (within 1%), cbc's is negated.
parse_cbc() {
    local sol=$1 log=$2 result
    OBJ=- BND=- PROVEN=0 STATUS=error INFEAS=0
    result=$(sed -n 's/^Result - *//p' "$log" | tail -n 1)
    case $result in
    "Optimal solution found"*)
        PROVEN=1
        STATUS=gap_reached
        if awk -v g="$gap" 'BEGIN { exit !(g == 0) }'; then STATUS=optimal; fi
        ;;
    "Stopped on time"*) STATUS=time_limit ;;
    *nfeasible*) STATUS=infeasible INFEAS=1 ;;
    "") STATUS=error ;;
    *) STATUS=${result// /_} ;;
    esac
    OBJ=$(sed -n 's/^Objective value: *\([-+0-9.eE]*\).*/\1/p' "$log" | tail -n 1)
    if [[ -z $OBJ && -s $sol ]]; then
        OBJ=$(head -n 1 "$sol" | sed -n 's/.*objective value *\([-+0-9.eE]*\).*/\1/p')
    fi
    [[ -n $OBJ && $INFEAS == 0 ]] || OBJ=-
    BND=$(sed -n -E 's/^(Upper|Lower) bound: *([-+0-9.eE]*).*/\2/p' "$log" | tail -n 1)
    [[ -n $BND ]] || BND=-
    cbc_sign
    return 0
}

# juten_holds OBJ JBND: a tool's portfolio is worth no more than juten's
# proven bound of the same point, OBJ <= JBND (1 + 1e-9) + 1e-9.
juten_holds() {
    awk -v a="$1" -v b="$2" 'BEGIN { m = b < 0 ? -b : b
        exit !(a <= b + 1e-9 * m + 1e-9) }'
}

# tool_holds JOBJ OBJ BND WIDEN: juten's portfolio is worth no more than
# the bound the tool proved, plus 1e-6 relative (the logs print 10
# significant digits, cbc's bound only 3 decimals, and GLPK prunes nodes
# within 1e-7 relative of its incumbent).  The bound is the tool's own BND
# when it printed one, else what "within the gap" allows, OBJ (1 + G) /
# (1 - G) (either definition of the relative gap).  WIDEN=1 takes the larger
# of the two: cbc drops nodes within ratioGap of its incumbent from the tree
# and prints the bound of the nodes left, which the dropped ones may exceed.
tool_holds() {
    awk -v j="$1" -v o="$2" -v b="$3" -v w="$4" -v g="$gap" 'BEGIN {
        m = o < 0 ? -o : o
        f = o + m * ((1 + g) / (1 - g) - 1)
        if (b == "-" || (w && f > b)) b = f
        mb = b < 0 ? -b : b
        exit !(j <= b + 1e-6 * (1 + mb)) }'
}

# ---- the rounds ---------------------------------------------------------------

rows=()   # "kind|n|tool|points|proven|solves|total|ratio|solves/s|points/s|MB|complete|agrees|within_gap"
failed=0
machine="$(nproc) cores, $(grep -m 1 'model name' /proc/cpuinfo | sed 's/.*: //')"
note "$machine; pinned to core $cpu; N $n, seed $seed, from $from, gap $gap," \
    "at most $points points, time limit ${tlim}s per loop solve, ${ftlim}s for juten frontier;" \
    "load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
# The binary is not rebuilt here: say when it was built and what the
# checkout is now, so that a stale build can be spotted.
note "$("$juten" --version 2>/dev/null | head -n 1 || true): $juten built" \
    "$(date -u -r "$juten" +%FT%TZ), checkout now at $(git -C "$here/.." \
        describe --always --dirty 2>/dev/null || echo unknown)"

per_s() { awk -v c="$1" -v t="$2" 'BEGIN { printf "%.2f", (t > 0 ? c / t : 0) }'; }

for kind in $kinds; do
    dir="$work/$kind-$n"
    repro="juten-gen --n $n --kind $kind --seed $seed"
    "$gen" --quiet --n "$n" --kind "$kind" --seed "$seed" --out "$dir"
    scen="$dir/scenario.ini"
    # --from scenario: the round's own headroom, as its scenario.ini says
    # (absent: 0, the loader's default)
    jfrom=$from
    if [[ $from == scenario ]]; then
        jfrom=$(sed -n 's/^[[:space:]]*headroom[[:space:]]*=[[:space:]]*\([-+0-9.eE]*\).*/\1/p' \
            "$scen" | head -n 1)
        [[ -n $jfrom ]] || jfrom=0
        note "[$kind N=$n] from the scenario's own headroom: $jfrom"
    fi

    # -- juten frontier -------------------------------------------------------
    run_timed "$frontier_kill" "$dir/frontier" "$juten" frontier "$scen" --from "$jfrom" \
        --gap "$gap" --max-points "$points" --time-limit "$ftlim" --format json \
        -o "$dir/front.json"
    jtime=$WALL
    jrss=$RSS
    note "[$kind N=$n] juten frontier: ${WALL}s, ${RSS} KB, exit $RC"
    # juten: 0 a curve, 1 no portfolio anywhere (or none in time)
    if ((RC > 1)) || [[ ! -s $dir/front.json ]]; then
        note "[$kind N=$n] juten frontier FAILED with exit $RC; last lines of its stderr:"
        tail -n 5 "$dir/frontier.err" >&2 || true
        failed=1
        continue
    fi
    npts=$(jq '.points | length' "$dir/front.json")
    jsolves=$(jq -r '.solves // "-"' "$dir/front.json")
    jcomplete=$(jq -r 'if .complete == true then "yes" elif .complete == false then "no" else "-" end' \
        "$dir/front.json")
    # one line per point: at, objective, best bound, proven
    jq -r '.points[] | [.at, (.objective // "-"), (.best_bound // "-"),
            (if .proven == true then 1 else 0 end)] | @tsv' "$dir/front.json" >"$dir/points.juten"
    mapfile -t AT < <(cut -f 1 "$dir/points.juten")
    mapfile -t JO < <(cut -f 2 "$dir/points.juten")
    mapfile -t JB < <(cut -f 3 "$dir/points.juten")
    mapfile -t JP < <(cut -f 4 "$dir/points.juten")
    jproven=0
    for p in "${JP[@]}"; do ((jproven += p)) || true; done
    note "[$kind N=$n] juten: $npts points ($jproven proven), $jsolves solves, complete: $jcomplete"
    if has_tool juten; then
        if [[ $jsolves == - ]]; then jsps=-; else jsps=$(per_s "$jsolves" "$jtime"); fi
        rows+=("$kind|$n|juten|$npts|$jproven|$jsolves|$jtime|-|$jsps|$(per_s "$npts" "$jtime")|$((jrss / 1024))|$jcomplete|-|-")
    fi

    # -- the same points, exported for the loops (not timed) --------------------
    if has_tool glpsol || has_tool cbc; then
        for ((i = 0; i < npts; i++)); do
            if ! "$juten" export "$scen" --headroom "${AT[i]}" --lp "$dir/p$i.lp" \
                >"$dir/export.$i.out" 2>"$dir/export.$i.err"; then
                note "[$kind N=$n] juten export --headroom ${AT[i]} (point $i) failed:"
                tail -n 5 "$dir/export.$i.err" >&2 || true
                failed=1
            fi
        done
    fi

    # -- the loops ----------------------------------------------------------------
    printf 'tool\tpoint\tat\tjuten_obj\tjuten_bound\tjuten_proven\tseconds\tobjective\tbound\tstatus\tagrees\twithin_gap\n' \
        >"$dir/points.tsv"
    for tool in glpsol cbc; do
        has_tool "$tool" || continue
        total=0
        maxrss=0
        nproven=0
        nbad=0
        nna=0
        nwithin=0
        for ((i = 0; i < npts; i++)); do
            log="$dir/$tool.$i"
            OBJ=- BND=- PROVEN=0 STATUS=no_model INFEAS=0 WALL=0
            if [[ -s $dir/p$i.lp ]]; then
                case $tool in
                glpsol)
                    run_timed "$hard_kill" "$log" glpsol --lp "$dir/p$i.lp" --mipgap "$gap" \
                        --tmlim "$tlim" -o "$log.sol"
                    ;;
                cbc)
                    run_timed "$hard_kill" "$log" cbc "$dir/p$i.lp" ratioGap "$gap" \
                        seconds "$tlim" solve solution "$log.sol"
                    ;;
                esac
                total=$(awk -v a="$total" -v b="$WALL" 'BEGIN { printf "%.3f", a + b }')
                ((RSS > maxrss)) && maxrss=$RSS
                if ((RC != 0)); then
                    note "[$kind N=$n] $tool on point $i (headroom ${AT[i]}) FAILED with exit $RC;" \
                        "last lines of its stderr/stdout:"
                    tail -n 5 "$log.err" "$log.out" >&2 || true
                    failed=1
                fi
                JOBJ=${JO[i]}
                case $tool in
                glpsol) parse_glpsol "$log.sol" "$log.out" ;;
                cbc) parse_cbc "$log.sol" "$log.out" ;;
                esac
            fi
            ((nproven += PROVEN)) || true
            # Agreement: the tool's portfolio within juten's proven bound,
            # and, when the tool proved its point, juten's portfolio within
            # the tool's bound.  A point proved infeasible where juten has a
            # portfolio contradicts juten outright.
            agr=yes
            why=""
            if ((INFEAS)) && [[ ${JO[i]} != - ]]; then
                agr=NO
                why="$tool proved the point infeasible"
            elif [[ $OBJ == - ]]; then
                agr=n/a
            elif [[ ${JB[i]} != - ]] && ! juten_holds "$OBJ" "${JB[i]}"; then
                agr=NO
                why="$tool's portfolio is worth more than juten's proven bound"
            elif ((PROVEN)) && [[ ${JO[i]} != - ]] && ! tool_holds "${JO[i]}" "$OBJ" "$BND" "$([[ $tool == cbc ]] && echo 1 || echo 0)"; then
                agr=NO
                why="juten's portfolio is worth more than $tool's proven bound"
            fi
            case $agr in
            n/a) ((nna += 1)) ;;
            NO)
                ((nbad += 1))
                failed=1
                note "[$kind N=$n] point $i (headroom ${AT[i]}): $tool ($STATUS, objective $OBJ," \
                    "bound $BND) DISAGREES with juten (objective ${JO[i]}, bound ${JB[i]}," \
                    "proven ${JP[i]}): $why; reproduce: $repro, then" \
                    "juten export scenario.ini --headroom ${AT[i]} --lp p.lp"
                ;;
            esac
            # Objectives within the gap: both portfolios lie within G below
            # the same optimum, so they differ by at most G/(1 - G) of the
            # larger (plus 1e-9 for the printed digits).
            win=no
            if [[ $OBJ != - && ${JO[i]} != - ]] && awk -v a="$OBJ" -v b="${JO[i]}" -v g="$gap" 'BEGIN {
                m = (a < 0 ? -a : a); mb = (b < 0 ? -b : b); if (mb > m) m = mb
                d = a - b; if (d < 0) d = -d
                exit !(d <= g / (1 - g) * m + 1e-9 * (1 + m)) }'; then
                win=yes
                ((nwithin += 1))
            fi
            printf '%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$i" "${AT[i]}" "${JO[i]}" \
                "${JB[i]}" "${JP[i]}" "$WALL" "$OBJ" "$BND" "$STATUS" "$agr" "$win" >>"$dir/points.tsv"
        done
        note "[$kind N=$n] $tool loop: $npts points, $nproven proven, ${total}s, peak ${maxrss} KB;" \
            "objectives within the gap of juten's: $nwithin of $npts"
        ratio=$(awk -v a="$total" -v b="$jtime" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 0.001) }')
        if ((nbad)); then
            agrees="NO($nbad)"
        else
            agrees=yes
        fi
        ((nna == 0)) || agrees="$agrees ($nna n/a)"
        rows+=("$kind|$n|$tool|$npts|$nproven|$npts|$total|$ratio|$(per_s "$npts" "$total")|$(per_s "$npts" "$total")|$((maxrss / 1024))|-|$agrees|$nwithin/$npts")
        [[ $tool == glpsol ]] && glpsol_total=$total
        [[ $tool == cbc ]] && cbc_total=$total
    done

    # -- the target: the curve at least 10x faster than each loop -------------
    for t in glpsol cbc; do
        v=
        [[ $t == glpsol ]] && v=${glpsol_total:-}
        [[ $t == cbc ]] && v=${cbc_total:-}
        [[ -n $v ]] || continue
        r=$(awk -v a="$v" -v b="$jtime" 'BEGIN { printf "%.1f", a / (b > 0 ? b : 0.001) }')
        ok=$(awk -v r="$r" -v c="$jcomplete" -v p="$npts" -v want="$points" \
            'BEGIN { print ((r >= 10 && (p == want || c == "yes")) ? "met" : "MISSED") }')
        note "[$kind N=$n] target at least 10x faster than the $t loop over the same points:" \
            "${r}x on $npts of $points points ($ok)"
    done
    unset glpsol_total cbc_total
done

# ---- the table ------------------------------------------------------------------

header="kind|N|tool|points|proven|solves|total_s|vs_juten|solves_per_s|points_per_s|peak_MB|complete|agrees|within_gap"
print_table "$header" "|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|--:|" "$csv"
exit "$failed"
