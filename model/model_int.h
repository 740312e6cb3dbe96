/*
 * model_int.h -- the model's internal layout.
 *
 * WHO MAY INCLUDE THIS: model/ (which builds and validates the structs)
 * and solver/ (whose hot loops read them directly, as SQLite's modules share
 * sqliteInt.h), and nothing else.  report/, plots/ and cli/ go through the
 * accessors of juten_model.h, so that the layout can change with only
 * model/ and solver/ to follow.  (The suites of model/ and solver/ include
 * it too: they build models in code with juten_model_alloc() and
 * juten_model_finish() below.)  The build enforces it: report/, plots/,
 * cli/ and bench/resolve.c are compiled with JUTEN_PUBLIC_ONLY defined,
 * and then this header (and solver_int.h, which includes it) stops the
 * compilation.
 *
 * juten_model is opaque to programs using the library (juten_model.h).
 * Nothing outside the loader writes to a model once juten_model_finish()
 * has accepted it.
 *
 * Absent optional numbers are NAN (area shares and spends, tag minimums) or
 * INFINITY (ministry ceilings), so that "no rule" never looks like "rule at
 * zero".
 */
#ifndef JUTEN_MODEL_INT_H
#define JUTEN_MODEL_INT_H

#ifdef JUTEN_PUBLIC_ONLY
#error "model_int.h (or solver_int.h) is private to model/ and solver/: use the accessors of juten_model.h and juten_solver.h"
#endif

#include <stdbool.h>
#include "juten_model.h"

typedef struct juten_share {
    int ministry; /* index into model->ministries */
    double share; /* fraction of the measure's cost charged to it */
} juten_share;

typedef enum juten_force {
    JUTEN_FORCE_NONE = 0,
    JUTEN_FORCE_INCLUDE = 1,
    JUTEN_FORCE_EXCLUDE = -1
} juten_force;

typedef struct juten_measure {
    char *id;
    char *name;
    int area;     /* index into model->areas */
    int ministry; /* index into model->ministries, -1 if none */
    double cost, risk, saving;            /* most likely values */
    double cost_lo, cost_hi;              /* three-point range; = cost if absent */
    double risk_lo, risk_hi;
    double saving_lo, saving_hi;
    bool mandatory;
    juten_force force;                    /* from the scenario's [force] */
    int group;                            /* index into model->groups, -1 if none */
    int *requires; int n_requires;        /* measure indices */
    int *tags; int n_tags;                /* tag indices */
    juten_share *shares; int n_shares;    /* cost_share; empty = own ministry */
    int line;                             /* line of its row in the measures file */
} juten_measure;

typedef struct juten_area {
    char *id;
    char *name;
    double weight;                 /* >= 0 */
    double min_share, max_share;   /* fraction of total funded cost; NAN = none */
    double min_spend, max_spend;   /* absolute; NAN = none */
} juten_area;

typedef struct juten_ministry {
    char *id;
    char *name;
    double ceiling;                /* INFINITY = none */
} juten_ministry;

typedef struct juten_tag {
    char *id;
    double minimum;                /* least spending on tagged measures; NAN = none */
} juten_tag;

typedef struct juten_group {
    char *id;
} juten_group;

typedef struct juten_input_file {
    char *role;                    /* "scenario", "measures", "areas", "ministries" */
    char *path;                    /* as given / resolved */
    char sha256[65];               /* lowercase hex of the bytes read */
} juten_input_file;

struct juten_model {
    char *name;
    char *currency;
    double headroom;               /* allowed net increase beyond savings (default 0) */
    double savings_rate;           /* fraction of listed savings realised (default 1) */

    juten_measure *measures; int n_measures;
    juten_area *areas;       int n_areas;
    juten_ministry *ministries; int n_ministries;
    juten_tag *tags;         int n_tags;
    juten_group *groups;     int n_groups;
    juten_input_file *files; int n_files;
    juten_uncertainty uncertainty; /* [uncertainty], or the defaults */

    /* Added for the loader: id -> measure index, built by
     * juten_model_finish() for juten_model_find_measure(); NULL before. */
    struct jm_strmap *measure_index;
};

/*
 * Building a model in code (tests, benchmarks, generators).  Allocate with
 * juten_model_alloc(), fill the arrays with malloc'd storage (strings with
 * strdup), then call juten_model_finish(): it checks everything the loader
 * checks that does not concern file syntax (ids unique, indices in range,
 * numbers finite and in range, three-point order, shares summing to 1,
 * dependency cycles) and fills defaults (ranges equal to the mode when both
 * ends are NAN).  Errors go to diags without file positions unless the
 * measure has a line.  On error the model is left for the caller to free.
 */
juten_model *juten_model_alloc(void);
juten_status juten_model_finish(juten_model *m, juten_diags *diags);

/* Fraction of the measure's cost charged to ministry k: its cost_share for
 * k, or 1 for its own ministry when it has no cost_share, else 0.  A
 * fraction, not an amount, so that solvers can apply it to perturbed costs
 * (what-if values, Monte Carlo draws): charge = cost * share. */
double juten_measure_charge_share(const juten_measure *me, int ministry);

#endif
