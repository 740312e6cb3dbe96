/*
 * options.c -- the one table of juten's command-line options.  Each option's
 * code (the getopt_long `val` a command's handler switches on) is an entry
 * of the cli_opt enum in cli.h, and indexes this table, which gives its long
 * name and whether it takes a value.  A command lists the codes it accepts;
 * cli_options_build turns the list into getopt_long's struct option[] and
 * short-option string.  So a name is spelled once, and two options cannot
 * share a code: the codes are one enum, and a second row for a code is a
 * duplicate designated initializer (-Woverride-init, in -Wextra).
 *
 * The --help texts stay in each command's help function: the same option is
 * worded for its command there (--max-points "with --exact" in rank,
 * "frontier:" in plot), and tests/test_cli.c holds them to the letter.
 */
#include "cli.h"

#include <string.h>

typedef enum cli_arg {
    CLI_ARG_UNKNOWN = 0, /* no such option: the rows not written below */
    CLI_ARG_NONE,        /* a switch */
    CLI_ARG_VALUE        /* takes a value: --name VALUE, --name=VALUE, -x VALUE */
} cli_arg;

typedef struct cli_option_row {
    const char *name; /* the long name; NULL: a short option only (-k) */
    cli_arg arg;
} cli_option_row;

static const cli_option_row rows[CLI_OPT_LAST] = {
    /* common to the solving commands (CLI_COMMON_OPTS) */
    [CLI_OPT_HELP] = {"help", CLI_ARG_NONE},
    [CLI_OPT_OUTPUT] = {"output", CLI_ARG_VALUE},
    [CLI_OPT_FORMAT] = {"format", CLI_ARG_VALUE},
    [CLI_OPT_TIME_LIMIT] = {"time-limit", CLI_ARG_VALUE},
    [CLI_OPT_NODE_LIMIT] = {"node-limit", CLI_ARG_VALUE},
    [CLI_OPT_GAP] = {"gap", CLI_ARG_VALUE},
    [CLI_OPT_HEADROOM] = {"headroom", CLI_ARG_VALUE},
    [CLI_OPT_SAVINGS_RATE] = {"savings-rate", CLI_ARG_VALUE},
    [CLI_OPT_NO_HEURISTIC] = {"no-heuristic", CLI_ARG_NONE},
    [CLI_OPT_QUIET] = {"quiet", CLI_ARG_NONE},
    /* solve, explain */
    [CLI_OPT_NO_PRICES] = {"no-prices", CLI_ARG_NONE},
    /* solve, frontier, rank, explain */
    [CLI_OPT_PLOT] = {"plot", CLI_ARG_VALUE},
    /* explain */
    [CLI_OPT_TOLERANCE] = {"tolerance", CLI_ARG_VALUE},
    /* frontier, rank, plot (cli_frontier_option) */
    [CLI_OPT_PARAMETER] = {"parameter", CLI_ARG_VALUE},
    [CLI_OPT_MAX_POINTS] = {"max-points", CLI_ARG_VALUE},
    [CLI_OPT_FROM] = {"from", CLI_ARG_VALUE},
    [CLI_OPT_TO] = {"to", CLI_ARG_VALUE},
    /* rank */
    [CLI_OPT_NESTED] = {"nested", CLI_ARG_NONE},
    [CLI_OPT_POINTS] = {"points", CLI_ARG_VALUE},
    [CLI_OPT_EXACT] = {"exact", CLI_ARG_NONE},
    /* alternatives */
    [CLI_OPT_K] = {NULL, CLI_ARG_VALUE},
    [CLI_OPT_WITHIN] = {"within", CLI_ARG_VALUE},
    [CLI_OPT_DIFFER_BY] = {"differ-by", CLI_ARG_VALUE},
    [CLI_OPT_WITHOUT] = {"without", CLI_ARG_VALUE},
    /* plot */
    [CLI_OPT_TERMINAL] = {"terminal", CLI_ARG_VALUE},
    [CLI_OPT_ROWS] = {"rows", CLI_ARG_VALUE},
    /* export */
    [CLI_OPT_LP] = {"lp", CLI_ARG_VALUE},
    [CLI_OPT_MPS] = {"mps", CLI_ARG_VALUE},
    /* simulate (--seed also solve --confidence; --draws, --seed, --jobs also compare) */
    [CLI_OPT_PORTFOLIO] = {"portfolio", CLI_ARG_VALUE},
    [CLI_OPT_REOPTIMISE] = {"reoptimise", CLI_ARG_NONE},
    [CLI_OPT_DRAWS] = {"draws", CLI_ARG_VALUE},
    [CLI_OPT_SEED] = {"seed", CLI_ARG_VALUE},
    [CLI_OPT_JOBS] = {"jobs", CLI_ARG_VALUE},
    [CLI_OPT_TIMING] = {"timing", CLI_ARG_NONE},
    /* simulate split over processes (shard.c, mpi.c), and merge */
    [CLI_OPT_SHARD] = {"shard", CLI_ARG_VALUE},
    [CLI_OPT_MPI] = {"mpi", CLI_ARG_NONE},
    [CLI_OPT_SCENARIO] = {"scenario", CLI_ARG_VALUE},
    /* solve --confidence, --robust */
    [CLI_OPT_CONFIDENCE] = {"confidence", CLI_ARG_VALUE},
    /* report */
    [CLI_OPT_EXPLAIN] = {"explain", CLI_ARG_VALUE},
    [CLI_OPT_NO_CONFIDENCE] = {"no-confidence", CLI_ARG_NONE},
    [CLI_OPT_SAMPLES] = {"samples", CLI_ARG_VALUE},
    [CLI_OPT_OBJECTIVE] = {"objective", CLI_ARG_VALUE},
    [CLI_OPT_ROBUST] = {"robust", CLI_ARG_NONE},
    [CLI_OPT_VALIDATE] = {"validate", CLI_ARG_VALUE},
};

/* A short option's code is its letter: printable, below the long-only codes */
static bool is_short(int code) { return code > ' ' && code < CLI_OPT_FIRST_LONG; }

bool cli_options_build(const int *accepted, cli_options *out)
{
    size_t nl = 0, ns = 0;
    out->shortopts[ns++] = ':'; /* a missing value is ':', not '?' */
    for (const int *c = accepted; *c != CLI_OPT_END; c++) {
        if (*c < 0 || *c >= CLI_OPT_LAST || rows[*c].arg == CLI_ARG_UNKNOWN ||
            nl >= CLI_MAX_OPTIONS || ns + 2 >= sizeof out->shortopts)
            return false;
        int has_arg = rows[*c].arg == CLI_ARG_VALUE ? required_argument : no_argument;
        if (rows[*c].name)
            out->longopts[nl++] = (struct option){rows[*c].name, has_arg, NULL, *c};
        if (is_short(*c)) {
            out->shortopts[ns++] = (char)*c;
            if (has_arg == required_argument)
                out->shortopts[ns++] = ':';
        }
    }
    out->longopts[nl] = (struct option){NULL, 0, NULL, 0};
    out->shortopts[ns] = '\0';
    return true;
}
