#!/usr/bin/env bash
# sim.sh -- the simulation's speed: juten-bench-sim (bench/sim.c) and
# `juten simulate` against their peers, on FY2017 and on a juten-gen round
# with three-point ranges (`juten-gen --ranges`).
#
# (a) sample: a fixed portfolio (the nominal optimum), values drawn per
#     second: juten-bench-sim --sample (juten_sampler_draw over the
#     portfolio's measures; the whole juten_sim_run on 1 and 2 threads)
#     against bench/sim_numpy.py (numpy's beta sampler, beta-PERT in Vose's
#     form, as pyfair), both on the same estimates (juten-bench-sim --spec).
#     The two processes alternate, --reps times; medians over the processes.
# (b) fy-reopt: `juten simulate FY2017 --reoptimise --draws N --jobs T` timed
#     as a whole (its JSON's unproven_draws must be 0), and juten-bench-sim
#     --reoptimise on FY2017 for the split of a draw's time (sampler,
#     set_values, run).
# (c) synthetic: the juten-gen round at --gap, juten-bench-sim --reoptimise
#     timed on one core, then again with --export-dir (not timed; its
#     per-draw lines must equal the timed run's), then one cbc process per
#     draw on that draw's export, each timed; objectives must agree within
#     the gap.
# (a) lets the processes use every core (juten_sim_run on 2 threads; numpy
# is single-threaded and kept so with OPENBLAS_NUM_THREADS=1); (b) uses
# --jobs cores; (c) is pinned to one core (common.sh).  See README.md
# ("Simulation benchmark").  Exit status: 0 every run completed and every
# check held, 1 a run failed or a check did not hold, 2 usage error.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

parts="sample fy-reopt synthetic"
reps=5
fy_sample_draws=20000
syn_sample_draws=1000
fy_draws=10000
fy_jobs=2
n=1000
kind=hard
seed=1
draws=30
gap=1e-3
tlim=60
build="$here/../build-bench"
cpu=""
tools="juten cbc"
python=""

usage() {
    cat <<EOF
Usage: bench/sim.sh [OPTIONS]

(a) sample: fixed-portfolio values per second, juten-bench-sim against
bench/sim_numpy.py, alternating --reps times; (b) fy-reopt: juten simulate
FY2017 --reoptimise; (c) synthetic: re-solves per draw on a juten-gen round
with ranges against one cbc process per draw.

Options:
  --parts "P ..."      parts to run: sample, fy-reopt, synthetic
                       (default "$parts")
  --reps R             alternating repetitions of (a) (default $reps)
  --fy-sample-draws N  draws per (a) run on FY2017 (default $fy_sample_draws)
  --syn-sample-draws N draws per (a) run on the juten-gen round (default $syn_sample_draws)
  --fy-draws N         draws of (b) (default $fy_draws)
  --fy-jobs T          threads of (b) (default $fy_jobs)
  --n N                size of the juten-gen round (default $n)
  --kind K             hard or moderate (default $kind)
  --seed S             juten-gen seed (default $seed); the draws use the
                       round's [uncertainty] seed (1)
  --draws N            draws of (c) (default $draws)
  --gap G              gap of (c), the round's nominal solve included, juten's
                       and cbc's (default $gap)
  --time-limit T       cbc's time limit per draw, whole seconds (default $tlim)
  --tools "T ..."      juten and/or cbc for (c) (default "$tools")
  --python PY          a python3 with numpy (default: the first of python3,
                       /usr/bin/python3 that imports numpy)
  --build DIR          build directory (default bench/../build-bench)
  --cpu C              core for the pinned runs (default: the last core)
  --markdown           print the tables as Markdown
  --keep               keep the temporary directory and say where it is
  -h, --help           show this help

Exit status: 0 all runs completed and every check held, 1 a run failed or
a check did not hold, 2 usage error.
EOF
}

me=sim.sh
# shellcheck source=bench/common.sh
. "$here/common.sh"

own_values="--parts --reps --fy-sample-draws --syn-sample-draws --fy-draws --fy-jobs --n --kind --draws --python"
own_value() {
    case $1 in
    --parts) parts=$2 ;;
    --reps) reps=$2 ;;
    --fy-sample-draws) fy_sample_draws=$2 ;;
    --syn-sample-draws) syn_sample_draws=$2 ;;
    --fy-draws) fy_draws=$2 ;;
    --fy-jobs) fy_jobs=$2 ;;
    --n) n=$2 ;;
    --kind) kind=$2 ;;
    --draws) draws=$2 ;;
    --python) python=$2 ;;
    esac
}
parse_args "$@"

for v in reps fy_sample_draws syn_sample_draws fy_draws fy_jobs draws; do
    pos_uint "${!v}" 1 || die "--${v//_/-} needs a whole number >= 1, not '${!v}'"
done
pos_uint "$n" 20 || die "--n needs a whole number >= 20, not '$n'"
is_uint "$seed" || die "--seed needs a whole number, not '$seed'"
pos_uint "$tlim" 1 || die "--time-limit needs whole seconds >= 1, not '$tlim'"
is_real "$gap" || die "--gap needs a number, not '$gap'"
[[ $kind == hard || $kind == moderate ]] || die "--kind is hard or moderate, not '$kind'"
[[ -n $parts ]] || die "--parts must not be empty"
for p in $parts; do
    [[ $p == sample || $p == fy-reopt || $p == synthetic ]] ||
        die "--parts takes sample, fy-reopt and synthetic, not '$p'"
done
for t in $tools; do
    [[ $t == juten || $t == cbc ]] || die "--tools takes juten and cbc, not '$t'"
done
[[ -n $cpu ]] || cpu=$(($(nproc) - 1))
is_uint "$cpu" || die "--cpu needs a core number, not '$cpu'"
all_cpus="0-$(($(nproc) - 1))"
part() { [[ " $parts " == *" $1 "* ]]; }

need_basics
if part synthetic && has_tool cbc; then need cbc "apt-get install coinor-cbc"; fi
if part sample; then
    if [[ -z $python ]]; then
        for p in python3 /usr/bin/python3; do
            if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import numpy' 2>/dev/null; then
                python=$p
                break
            fi
        done
    fi
    [[ -n $python ]] && "$python" -c 'import numpy' 2>/dev/null ||
        die "no python3 with numpy found (apt-get install python3-numpy, or --python)"
fi
bench="$build/bench/juten-bench-sim"
gen="$build/bench/juten-gen"
juten="$build/juten"
[[ -x $bench && -x $gen && -x $juten ]] || die "$bench, $gen or $juten not found; build them with
  cmake -S $here/.. -B $build -DCMAKE_BUILD_TYPE=Release && cmake --build $build"
fy="$here/../scenarios/fy2017/scenario.ini"

make_work juten-sim
key() { sed -n "s/^$2 //p" "$1" | head -n 1; }
load() { cut -d ' ' -f 1-3 /proc/loadavg; }
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
minimum() { sort -g | head -n 1; }
mps() { awk -v v="$1" 'BEGIN { printf "%.2f", v / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

failed=0
note "$(nproc) cores, $(grep -m 1 'model name' /proc/cpuinfo | sed 's/.*: //'); load average $(load)"
note "juten-bench-sim built $(date -u -r "$bench" +%FT%TZ), checkout now at" \
    "$(git -C "$here/.." describe --always --dirty 2>/dev/null || echo unknown)"

syn_dir="$work/$kind-$n"
syn="$syn_dir/scenario.ini"
if part sample || part synthetic; then
    "$gen" --quiet --n "$n" --kind "$kind" --seed "$seed" --ranges --out "$syn_dir"
fi

# ---- (a) fixed portfolio: juten against numpy, alternating ------------------
srows=() # round|values/draw|draws|tool|sampler|sampler min|whole run 1 thread|2 threads|speedup|vs numpy
sample_round() { # NAME SCENARIO DRAWS [juten-bench-sim options...]
    local name=$1 scen=$2 nd=$3 dir="$work/sample-$1" r vpd ids
    shift 3
    mkdir -p "$dir"
    # once: the portfolio and its estimates (not timed)
    if ! "$bench" "$scen" --draws 1 --reps 1 --spec "$dir/spec" "$@" >"$dir/spec.out" 2>"$dir/spec.err"; then
        note "[$name] juten-bench-sim --spec failed:"
        tail -n 5 "$dir/spec.err" >&2
        failed=1
        return
    fi
    ids=$(key "$dir/spec.out" portfolio)
    vpd=$(key "$dir/spec.out" values_per_draw)
    local chunk=$((nd < 10000 ? nd : 10000))
    for ((r = 1; r <= reps; r++)); do
        cpu=$all_cpus run_timed 600 "$dir/juten.$r" "$bench" "$scen" --portfolio "$ids" \
            --draws "$nd" --reps 3 --jobs 2 "$@"
        ((RC == 0)) || { note "[$name] juten-bench-sim failed (exit $RC)"; failed=1; return; }
        OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 cpu=$all_cpus run_timed 600 "$dir/numpy.$r" \
            "$python" "$here/sim_numpy.py" "$dir/spec" --draws "$nd" --chunk "$chunk" --reps 3
        ((RC == 0)) || { note "[$name] sim_numpy.py failed (exit $RC)"; tail -n 3 "$dir/numpy.$r.err" >&2; failed=1; return; }
    done
    note "[$name] load average after: $(load)"
    col() { for ((r = 1; r <= reps; r++)); do key "$dir/$1.$r.out" "$2"; done; }
    local js jsm j1 j2 sp ns nsm nt jc jrc nc ntc
    js=$(col juten sampler_values_per_s | median)
    jsm=$(col juten sampler_min_values_per_s | sort -g | tail -n 1)
    j1=$(col juten total_jobs1_values_per_s | median)
    j2=$(col juten total_jobs2_values_per_s | median)
    sp=$(col juten speedup_jobs2 | median)
    ns=$(col numpy sampler_values_per_s | median)
    nsm=$(col numpy sampler_min_values_per_s | sort -g | tail -n 1)
    nt=$(col numpy total_values_per_s | median)
    jc=$(col juten sampler_cpu_values_per_s | median)
    jrc=$(col juten run_jobs1_cpu_values_per_s | median)
    nc=$(col numpy sampler_cpu_values_per_s | median)
    ntc=$(col numpy total_cpu_values_per_s | median)
    # the same numbers must come out, to sampling error: P(offset) within 4
    # sd of each other, each net mean within 4 sd of the closed form
    local pj pn em es t
    pj=$(key "$dir/juten.1.out" offset_probability)
    pn=$(key "$dir/numpy.1.out" offset_probability)
    em=$(key "$dir/numpy.1.out" exact_net_mean)
    es=$(key "$dir/numpy.1.out" exact_net_sd)
    if ! awk -v a="$pj" -v b="$pn" -v n="$nd" 'BEGIN { p = (a + b) / 2; s = sqrt(2 * p * (1 - p) / n) + 1e-12
            d = a - b; if (d < 0) d = -d; exit !(d <= 4 * s) }'; then
        note "[$name] P(offset) differs beyond sampling error: juten $pj, numpy $pn"
        failed=1
    fi
    for t in juten numpy; do
        if ! awk -v a="$(key "$dir/$t.1.out" net_mean)" -v m="$em" -v s="$es" -v n="$nd" 'BEGIN {
                d = a - m; if (d < 0) d = -d; exit !(d <= 4 * s / sqrt(n) + 1e-9) }'; then
            note "[$name] $t's net mean is not within 4 sd of the closed form $em"
            failed=1
        fi
    done
    note "[$name] P(net <= headroom): juten $pj, numpy $pn; net mean juten" \
        "$(key "$dir/juten.1.out" net_mean), numpy $(key "$dir/numpy.1.out" net_mean), exact $em (sd $es)"
    srows+=("$name|$vpd|$nd|juten|$(mps "$js")|$(mps "$jsm")|$(mps "$jc")|$(mps "$j1")|$(mps "$jrc")|$(mps "$j2")|$sp|$(ratio "$js" "$ns")|$(ratio "$jc" "$nc") (run: $(ratio "$jrc" "$ntc"))")
    srows+=("$name|$vpd|$nd|numpy|$(mps "$ns")|$(mps "$nsm")|$(mps "$nc")|$(mps "$nt")|$(mps "$ntc")|-|-|-|-")
}
if part sample; then
    # --independent: FY2017's [uncertainty] correlates a ministry's
    # estimates (a copula), which numpy's independent betas do not; both
    # tools draw independent PERTs here (the juten-gen round has no
    # [uncertainty]: the defaults, independent)
    sample_round fy2017 "$fy" "$fy_sample_draws" --independent
    sample_round "$kind-$n" "$syn" "$syn_sample_draws" --gap "$gap"
fi

# ---- (b) FY2017 reoptimised ----------------------------------------------------
frows=() # what|draws|jobs|seconds|draws/s|unproven|note
if part fy-reopt; then
    dir="$work/fy-reopt"
    mkdir -p "$dir"
    l0=$(load)
    # --time-limit 100000: before main's 425cdfd juten simulate copied the
    # command's deadline (--time-limit, 60 s by default) into every draw's
    # solve, so a longer run left its later draws unsearched; a per-draw
    # limit that never triggers keeps every draw searched to its proof on
    # either build.
    cpu=$all_cpus run_timed 3600 "$dir/simulate" "$juten" simulate "$fy" --reoptimise \
        --draws "$fy_draws" --jobs "$fy_jobs" --time-limit 100000 --timing --format json \
        --quiet -o "$dir/sim.json"
    if ((RC != 0)); then
        note "[fy2017] juten simulate --reoptimise failed (exit $RC):"
        tail -n 5 "$dir/simulate.err" >&2
        failed=1
    else
        unp=$(jq '.unproven_draws' "$dir/sim.json")
        inner=$(sed -n 's/.* draws in \([0-9.]*\) s.*statistics \([0-9.]*\) s.*/\1 \2/p' "$dir/simulate.err")
        note "[fy2017] juten simulate --reoptimise --draws $fy_draws --jobs $fy_jobs: ${WALL}s" \
            "(draws $(cut -d ' ' -f 1 <<<"$inner") s, statistics $(cut -d ' ' -f 2 <<<"$inner") s)," \
            "unproven_draws $unp; load $l0 -> $(load)"
        [[ $unp == 0 ]] || { note "[fy2017] $unp draws not proven optimal"; failed=1; }
        frows+=("juten simulate --reoptimise|$fy_draws|$fy_jobs|$WALL|$(awk -v d="$fy_draws" -v t="$WALL" 'BEGIN { printf "%.1f", d / t }')|$unp|draws $(cut -d ' ' -f 1 <<<"$inner") s, statistics $(cut -d ' ' -f 2 <<<"$inner") s")
    fi
    # the split of a draw, on one core
    nd=$((fy_draws < 2000 ? fy_draws : 2000))
    run_timed 3600 "$dir/split" "$bench" "$fy" --reoptimise --draws "$nd"
    if ((RC == 0)); then
        o=$dir/split.out
        frows+=("juten-bench-sim --reoptimise (1 core)|$nd|1|$(key "$o" seconds)|$(key "$o" draws_per_s)|$(key "$o" unproven)|sampler $(key "$o" sample_s) s, set_values $(key "$o" set_values_s) s, run $(key "$o" run_s) s; median $(key "$o" median_ms) ms, slowest $(key "$o" slowest_ms) ms")
    else
        note "[fy2017] juten-bench-sim --reoptimise failed (exit $RC)"
        failed=1
    fi
fi

# ---- (c) the juten-gen round reoptimised, against one cbc per draw ---------------
crows=() # round|draws|gap|tool|loop_s|draws/s|vs juten|outcomes|agrees
if part synthetic; then
    round="$kind-$n"
    log="$syn_dir/juten"
    run_timed $((draws * tlim + 120)) "$log" "$bench" "$syn" --reoptimise --gap "$gap" \
        --draws "$draws" --out "$log.tsv"
    jtotal=$(key "$log.out" seconds)
    if ((RC != 0)); then
        note "[$round] juten-bench-sim --reoptimise failed (exit $RC):"
        tail -n 5 "$log.err" >&2
        failed=1
    else
        note "[$round] $draws draws at gap $gap: ${jtotal}s in the loop (${WALL}s process)," \
            "$(key "$log.out" draws_per_s) draws/s; load $(load)"
        has_tool juten && crows+=("$round|$draws|$gap|juten|$jtotal|$(key "$log.out" draws_per_s)|-|$(key "$log.out" optimal) optimal, $(key "$log.out" feasible) within the gap, $(key "$log.out" unproven) unproven|-")
        if has_tool cbc; then
            run_timed $((draws * tlim + 120)) "$syn_dir/export" "$bench" "$syn" --reoptimise \
                --gap "$gap" --draws "$draws" --out "$syn_dir/export.tsv" --export-dir "$syn_dir/lp"
            if ((RC != 0)) || ! cmp -s "$log.tsv" "$syn_dir/export.tsv"; then
                note "[$round] the exporting run failed or answered differently (exit $RC)"
                failed=1
            fi
            ctotal=0 cproven=0 bad=0
            for ((k = 0; k < draws; k++)); do
                lp=$(printf '%s/lp/draw-%06d.lp' "$syn_dir" "$k")
                [[ -s $lp ]] || { note "[$round] $lp missing"; failed=1; break; }
                clog="$syn_dir/cbc.$k"
                run_timed $((2 * tlim + 30)) "$clog" cbc "$lp" ratioGap "$gap" seconds "$tlim" \
                    solve solution "$clog.sol"
                ctotal=$(awk -v a="$ctotal" -v b="$WALL" 'BEGIN { printf "%.3f", a + b }')
                if ((RC != 0)) || [[ ! -s $clog.sol ]]; then
                    note "[$round] cbc on draw $k failed (exit $RC)"
                    failed=1 bad=$((bad + 1))
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
                if [[ -z $cobj || $jobj == nan ]] || ! awk -v a="$cobj" -v b="$jobj" -v g="$gap" 'BEGIN {
                        d = a - b; if (d < 0) d = -d
                        m = (a < 0 ? -a : a); mb = (b < 0 ? -b : b); if (mb > m) m = mb; if (m < 1) m = 1
                        exit !(d <= (g / (1 - g) + 1e-9) * m) }'; then
                    bad=$((bad + 1))
                    note "[$round] draw $k DISAGREES: cbc '$first', juten $jout $jobj"
                fi
            done
            ((bad == 0)) || failed=1
            note "[$round] cbc loop: ${ctotal}s; load $(load)"
            crows+=("$round|$draws|$gap|cbc|$ctotal|$(awk -v d="$draws" -v t="$ctotal" 'BEGIN { printf "%.3f", (t > 0 ? d / t : 0) }')|$(ratio "$ctotal" "$jtotal")|$cproven proven|$([[ $bad == 0 ]] && echo yes || echo "NO($bad)")")
        fi
    fi
fi

# ---- the tables -------------------------------------------------------------------
if ((${#srows[@]})); then
    rows=("${srows[@]}")
    print_table "round|values_per_draw|draws|tool|sampler|sampler_best|sampler_cpu|whole|whole_cpu|whole_2_threads|2_threads_vs_1|vs_numpy|vs_numpy_cpu" \
        "|---|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
fi
if ((${#frows[@]})); then
    rows=("${frows[@]}")
    print_table "command|draws|jobs|seconds|draws_per_s|unproven|split" "|---|--:|--:|--:|--:|--:|---|"
fi
if ((${#crows[@]})); then
    rows=("${crows[@]}")
    print_table "round|draws|gap|tool|loop_s|draws_per_s|vs_juten|outcomes|agrees" \
        "|---|--:|--:|---|--:|--:|--:|---|---|"
fi
exit "$failed"
