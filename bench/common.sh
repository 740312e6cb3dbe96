# shellcheck shell=bash disable=SC2154,SC2034  # variables set and read by the sourcing script
# common.sh -- helpers shared by the benchmark scripts (run.sh, frontier.sh,
# resolve.sh): argument checks, the options they all take, the tools they
# need, a work directory removed on exit, one pinned, timed run and the
# results table.  Sourced after the script sets `me` (its name in messages)
# and the defaults of `gap`, `tlim`, `seed`, `build`, `tools` and `cpu`, and
# defines `usage`; the script's own options go through parse_args.

die() {
    echo "$me: $*" >&2
    exit 2
}

note() { echo "$me: $*" >&2; }

is_uint() { [[ $1 =~ ^[0-9]+$ ]]; }
is_real() { [[ $1 =~ ^[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$ ]]; }
pos_uint() { is_uint "$1" && (($1 >= $2)); }

# The options every script takes start unset (common_flag).
markdown=0
keep=0

# common_value OPT VALUE: the options with a value every script takes
# (common_values), into the variable of the same meaning.
common_values="--gap --time-limit --seed --build --tools --cpu"
common_value() {
    case $1 in
    --gap) gap=$2 ;;
    --time-limit) tlim=$2 ;;
    --seed) seed=$2 ;;
    --build) build=$2 ;;
    --tools) tools=$2 ;;
    --cpu) cpu=$2 ;;
    esac
}

# common_flag ARG: the options without a value every script takes (-h,
# --markdown, --keep); anything else is unknown.  The caller shifts.
common_flag() {
    case $1 in
    -h | --help)
        usage
        exit 0
        ;;
    --markdown) markdown=1 ;;
    --keep) keep=1 ;;
    *) die "unknown option '$1' (see --help)" ;;
    esac
}

# parse_args ARGS...: the command line.  The script names its own options
# with a value in own_values and takes them in own_value OPT VALUE; its own
# options without one, if any, in own_flag OPT (1: not one of them).
parse_args() {
    while (($#)); do
        if [[ " $own_values $common_values " == *" $1 "* ]]; then
            (($# >= 2)) || die "option $1 needs a value"
            if [[ " $own_values " == *" $1 "* ]]; then
                own_value "$1" "$2"
            else
                common_value "$1" "$2"
            fi
            shift 2
        else
            if ! declare -F own_flag >/dev/null || ! own_flag "$1"; then
                common_flag "$1"
            fi
            shift
        fi
    done
}

has_tool() { [[ " $tools " == *" $1 "* ]]; }

need() {
    command -v "$1" >/dev/null 2>&1 || die "$1 is not installed ($2)"
}

# The programs every benchmark needs besides the tools it times.
need_basics() {
    need jq "apt-get install jq"
    need taskset "apt-get install util-linux"
    need timeout "apt-get install coreutils"
    [[ -x /usr/bin/time ]] || die "/usr/bin/time is not installed (apt-get install time)"
}

# make_work PREFIX: a mktemp directory in $work, removed on exit unless
# --keep asked to keep it.
make_work() {
    work=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
    trap cleanup EXIT
}
# shellcheck disable=SC2317  # called by the trap
cleanup() {
    if ((keep)); then
        echo "$me: kept $work" >&2
    else
        rm -rf "$work"
    fi
}

# run_timed LIMIT LOG CMD...: run CMD pinned to core $cpu with stdout/stderr
# in LOG.out/LOG.err, killed after LIMIT seconds (a tool that ignores its
# own time limit must not stall the benchmark); sets WALL (seconds, ns
# clock), RSS (peak KB) and RC.
run_timed() {
    local limit=$1 log=$2 t0 t1
    shift 2
    RC=0
    t0=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$log.rss" \
        timeout --kill-after=10 "$limit" taskset -c "$cpu" "$@" \
        >"$log.out" 2>"$log.err" || RC=$?
    t1=$(date +%s%N)
    WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    RSS=$(tail -n 1 "$log.rss")
    is_uint "$RSS" || RSS=0
}

# print_table HEADER ALIGN [CSV]: the results in $rows (fields split by |)
# as a Markdown table with the separator row ALIGN (--markdown) or as
# aligned columns, and also as CSV into the file CSV when it is not empty.
print_table() {
    local header=$1 align=$2 csvfile=${3:-} r
    if ((markdown)); then
        echo "| ${header//|/ | } |"
        echo "$align"
        for r in "${rows[@]}"; do echo "| ${r//|/ | } |"; done
    else
        { echo "$header"; printf '%s\n' "${rows[@]}"; } | column -t -s '|'
    fi
    if [[ -n $csvfile ]]; then
        { echo "${header//|/,}"; for r in "${rows[@]}"; do echo "${r//|/,}"; done; } >"$csvfile"
        note "wrote $csvfile"
    fi
}

# glpsol_solution SOL: OBJ and STATUS (optimal, feasible, infeasible,
# no_solution or unknown) from glpsol's solution file SOL.  OBJ is - when
# there is no integer solution: glpsol prints "Objective: ... = 0" then.
glpsol_solution() {
    OBJ=$(sed -n 's/^Objective: *[^=]*= *\([-+0-9.eE]*\).*/\1/p' "$1" | head -n 1)
    [[ -n $OBJ ]] || OBJ=-
    case $(sed -n 's/^Status: *//p' "$1" | head -n 1) in
    "INTEGER OPTIMAL") STATUS=optimal ;;
    "INTEGER NON-OPTIMAL") STATUS=feasible ;;
    "INTEGER EMPTY") STATUS=infeasible ;;
    "INTEGER UNDEFINED") STATUS=no_solution ;;
    *) STATUS=unknown ;;
    esac
    if [[ $STATUS == no_solution || $STATUS == infeasible ]]; then OBJ=-; fi
}

# cbc_sign: for a Maximize model read from an LP file, cbc 2.10 prints the
# maximum itself; some builds print the value of the minimisation it solved
# (the negation).  When juten's objective JOBJ is known and cbc's OBJ has the
# opposite sign with the same magnitude (within 1%), OBJ and BND are negated
# and STATUS says so.
cbc_sign() {
    if [[ $OBJ != - && ${JOBJ:--} != - ]] &&
        awk -v c="$OBJ" -v j="$JOBJ" 'BEGIN { exit !(c * j < 0 && (c + j) * (c + j) < 1e-4 * j * j) }'; then
        OBJ=$(awk -v c="$OBJ" 'BEGIN { printf "%.10g", -c }')
        [[ $BND == - ]] || BND=$(awk -v c="$BND" 'BEGIN { printf "%.10g", -c }')
        STATUS="$STATUS(negated)"
    fi
}
