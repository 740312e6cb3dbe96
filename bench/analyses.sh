#!/usr/bin/env bash
# analyses.sh -- the cost of what `solve`, `rank` and `frontier` add to one
# solve, measured side by side on one core:
#   1. rule prices: `juten solve` (default, with prices) against
#      `juten solve --no-prices` on synthetic rounds of bench/ (the ratio is
#      the figure: prices re-solve once per rule family);
#   2. exclusive groups: `juten solve` against glpsol on the model juten
#      exports, for rounds of thousands of exclusive pairs;
#   3. the bundled FY2017 round and its what-if files: `juten rank` and
#      `juten frontier --parameter savings-rate`, whole commands.
# Usage: bench/analyses.sh [--build DIR] [--cpu N] [--keep]
set -euo pipefail
me=analyses.sh
build=build-bench
cpu=0
keep=0
tools=""
while (($#)); do
    case $1 in
    --build) build=$2; shift 2 ;;
    --cpu) cpu=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "$me: unknown option $1" >&2; exit 2 ;;
    esac
done
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
. bench/common.sh
need_basics
need glpsol "apt-get install glpk-utils"
juten=$build/juten
gen=$build/bench/juten-gen
[[ -x $juten && -x $gen ]] || die "build first: cmake -S . -B $build -DCMAKE_BUILD_TYPE=Release && cmake --build $build"
make_work juten-analyses

echo "== rule prices: default solve against --no-prices (gap 1e-4, time limit 60 s)"
printf '%-16s %10s %10s %7s %s\n' round bare_s prices_s ratio "prices settled"
for n in 1000 10000; do
    for kind in hard moderate; do
        d=$work/$kind-$n
        "$gen" --n "$n" --kind "$kind" --seed 1 --out "$d" >/dev/null
        run_timed 200 "$work/bare" "$juten" solve "$d/scenario.ini" --gap 1e-4 --no-prices \
            --format json -o "$work/bare.json"
        bare=$WALL
        run_timed 200 "$work/pr" "$juten" solve "$d/scenario.ini" --gap 1e-4 --format json \
            -o "$work/pr.json"
        settled=$(jq -r '[.rule_prices[] | select(. != null)] | length' "$work/pr.json")
        total=$(jq -r '.rule_prices | length' "$work/pr.json")
        printf '%-16s %10s %10s %7s %s\n' "$kind-$n" "$bare" "$WALL" \
            "$(awk -v a="$WALL" -v b="$bare" 'BEGIN { printf "%.1f", a / b }')" "$settled of $total"
    done
done

echo
echo "== exclusive pairs: juten solve --no-prices against glpsol on juten's export"
printf '%-10s %10s %10s %s\n' pairs juten_s glpsol_s "objectives"
for g in 5000 20000 50000; do
    csv=$work/pairs-$g.csv
    {
        echo 'id,name,area,cost,risk_reduction,saving,group'
        awk -v G="$g" 'BEGIN { for (i = 0; i < G; i++) for (j = 0; j < 2; j++)
            printf "M%d_%d,n,society,%d,%d,1,G%d\n", i, j, 1 + j, 1 + j, i }'
    } >"$csv"
    run_timed 200 "$work/pj" "$juten" solve "$csv" --no-prices --format json -o "$work/pj.json"
    jt=$WALL
    "$juten" export "$csv" --lp "$work/pairs.lp" 2>/dev/null
    run_timed 200 "$work/pg" glpsol --lp "$work/pairs.lp" -o "$work/pg.sol"
    gv=$(awk '/^Objective:/ { print $4 }' "$work/pg.sol")
    printf '%-10s %10s %10s %s\n' "$g" "$jt" "$WALL" \
        "juten $(jq -r '.status + " " + (.objective|tostring)' "$work/pj.json"), glpsol $gv"
done

echo
echo "== bundled round: whole commands"
printf '%-16s %10s %22s\n' scenario rank_s frontier_rate_s
for f in scenarios/fy2017/*.ini; do
    run_timed 300 "$work/rk" "$juten" rank "$f"
    rk=$WALL
    run_timed 300 "$work/fr" "$juten" frontier "$f" --parameter savings-rate --time-limit 300
    printf '%-16s %10s %22s\n' "$(basename "$f")" "$rk" "$WALL"
done
