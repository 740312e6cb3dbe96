/*
 * juten_model.h -- the public interface of the budget-round model.
 *
 * A juten_model is one budget round: candidate measures with cost, risk
 * reduction and savings, the policy areas and their weights, the ministries
 * and their ceilings, tag minimums, forced decisions, and the offset
 * parameters.  It is loaded once, validated completely, and then never
 * changed: solvers in many threads may read one model at the same time.
 * Perturbations (what-if values, Monte Carlo draws) are given to the solver,
 * never written into the model.
 */
#ifndef JUTEN_MODEL_H
#define JUTEN_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include "juten_error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define JUTEN_VERSION "0.1.0"

typedef struct juten_model juten_model;

/*
 * Load a budget round from a scenario file (INI) or directly from a measures
 * CSV (then every area found gets weight 1 and a notice says so).  Which one
 * is decided by content, not by the file name: a file whose first non-blank,
 * non-comment line is an INI section header is a scenario.
 *
 * Every problem found is added to diags (errors up to its cap, plus warnings
 * and notices such as "converted from CP932").  Returns JUTEN_OK and sets
 * *out, or returns
 *   JUTEN_ERR_NOFILE  a file is missing or unreadable,
 *   JUTEN_ERR_INPUT   the data is invalid (all errors listed, up to the cap),
 *   JUTEN_ERR_NOMEM,
 * and sets *out to NULL.
 */
juten_status juten_model_load(const char *path, juten_model **out,
                              juten_diags *diags);

void juten_model_free(juten_model *m); /* NULL is a no-op */

/* Read-only views for programs built on the library. */
const char *juten_model_name(const juten_model *m);
const char *juten_model_currency(const juten_model *m);
int juten_model_measure_count(const juten_model *m);
int juten_model_area_count(const juten_model *m);
int juten_model_ministry_count(const juten_model *m);
const char *juten_model_measure_id(const juten_model *m, int i);
/* Index of the measure with this id, or -1. */
int juten_model_find_measure(const juten_model *m, const char *id);

/*
 * Read-only accessors for everything else in the round, for reports, charts
 * and programs built on the library (the layout itself stays private to
 * model/ and solver/).  Indices run from 0 to the matching count - 1.  An
 * index out of range (or a NULL model) gives NULL for strings, NAN for
 * numbers, -1 for indices, 0 for counts and false for flags.  Absent
 * optional numbers are NAN (area shares and spends, tag minimums) or
 * INFINITY (ministry ceilings), so that "no rule" never looks like "rule at
 * zero".  Strings live as long as the model.
 */

/* The round's offset parameters. */
double juten_model_headroom(const juten_model *m);     /* allowed net increase (default 0) */
double juten_model_savings_rate(const juten_model *m); /* fraction of savings realised (default 1) */

/* Measure i.  Ranges are the three-point [low, high]; equal to the most
 * likely value when the data gives none. */
const char *juten_model_measure_name(const juten_model *m, int i);
int juten_model_measure_area(const juten_model *m, int i);     /* area index */
int juten_model_measure_ministry(const juten_model *m, int i); /* ministry index; -1: none */
double juten_model_measure_cost(const juten_model *m, int i);  /* most likely cost */
double juten_model_measure_risk(const juten_model *m, int i);  /* most likely risk reduction */
double juten_model_measure_saving(const juten_model *m, int i); /* most likely listed saving */
double juten_model_measure_cost_lo(const juten_model *m, int i);
double juten_model_measure_cost_hi(const juten_model *m, int i);
double juten_model_measure_risk_lo(const juten_model *m, int i);
double juten_model_measure_risk_hi(const juten_model *m, int i);
double juten_model_measure_saving_lo(const juten_model *m, int i);
double juten_model_measure_saving_hi(const juten_model *m, int i);
bool juten_model_measure_mandatory(const juten_model *m, int i);
/* The scenario's [force] decision: +1 include, -1 exclude, 0 none. */
int juten_model_measure_force(const juten_model *m, int i);
int juten_model_measure_group(const juten_model *m, int i);    /* group index; -1: none */
int juten_model_measure_line(const juten_model *m, int i);     /* row in the measures file; 0: none */
/* Its requirements: measures that must be funded with it. */
int juten_model_measure_requires_count(const juten_model *m, int i);
int juten_model_measure_requires(const juten_model *m, int i, int q); /* measure index */
/* Its tags. */
int juten_model_measure_tag_count(const juten_model *m, int i);
int juten_model_measure_tag(const juten_model *m, int i, int q);      /* tag index */
/* Its cost_share entries (none: the whole cost is its own ministry's). */
int juten_model_measure_share_count(const juten_model *m, int i);
int juten_model_measure_share_ministry(const juten_model *m, int i, int q); /* ministry index */
double juten_model_measure_share(const juten_model *m, int i, int q);       /* fraction */
/* Fraction of measure i's cost charged to ministry k (cost_share, else 1
 * for its own ministry, else 0). */
double juten_model_measure_charge_share(const juten_model *m, int i, int k);

/* The three uncertain fields of a measure. */
typedef enum juten_field {
    JUTEN_FIELD_COST = 0,
    JUTEN_FIELD_RISK = 1,   /* risk_reduction */
    JUTEN_FIELD_SAVING = 2
} juten_field;
#define JUTEN_FIELDS 3
const char *juten_field_name(juten_field f); /* "cost", "risk_reduction", "saving" */

/* The scenario's [uncertainty] section: how the three-point estimates are
 * drawn.  Without the section `declared` is false and the rest holds the
 * defaults (juten_uncertainty_init), which `simulate` uses. */
typedef enum juten_distribution {
    JUTEN_DIST_PERT = 0,    /* beta-PERT, Vose's form, shape pert_gamma */
    JUTEN_DIST_TRIANGULAR,  /* on [low, high] with the mode at the value */
    JUTEN_DIST_UNIFORM,     /* on [low, high] */
    JUTEN_DIST_LOGNORMAL    /* low and high its 5th and 95th percentiles */
} juten_distribution;
const char *juten_distribution_name(juten_distribution d); /* "pert", ... */

typedef struct juten_uncertainty {
    bool declared;                       /* the scenario has [uncertainty] */
    juten_distribution dist[JUTEN_FIELDS]; /* per field (default pert) */
    double pert_gamma;                   /* default 4 */
    long draws;                          /* default 10000 */
    uint64_t seed;                       /* default 1 */
    double correlation_ministry;         /* copula loading of the ministry factor, default 0 */
    double correlation_area;             /* of the area factor, default 0 */
} juten_uncertainty;
void juten_uncertainty_init(juten_uncertainty *u);
/* The model's declaration (defaults when it has none); lives with the model. */
const juten_uncertainty *juten_model_uncertainty(const juten_model *m);

/* Policy area a. */
const char *juten_model_area_id(const juten_model *m, int a);
const char *juten_model_area_name(const juten_model *m, int a);
double juten_model_area_weight(const juten_model *m, int a);
double juten_model_area_min_share(const juten_model *m, int a); /* of total spend; NAN: none */
double juten_model_area_max_share(const juten_model *m, int a); /* NAN: none */
double juten_model_area_min_spend(const juten_model *m, int a); /* absolute; NAN: none */
double juten_model_area_max_spend(const juten_model *m, int a); /* NAN: none */

/* Ministry k. */
const char *juten_model_ministry_id(const juten_model *m, int k);
const char *juten_model_ministry_name(const juten_model *m, int k);
double juten_model_ministry_ceiling(const juten_model *m, int k); /* INFINITY: none */

/* Tag t and group g. */
int juten_model_tag_count(const juten_model *m);
const char *juten_model_tag_id(const juten_model *m, int t);
double juten_model_tag_minimum(const juten_model *m, int t); /* least spending; NAN: none */
int juten_model_group_count(const juten_model *m);
const char *juten_model_group_id(const juten_model *m, int g);

/* A portfolio named by a planner into x (one byte per measure): a comma
 * list of ids, or the text of a `juten solve --format csv` output (its id
 * and funded columns); unknown ids are errors (JUTEN_ERR_INPUT).  Reading
 * a file's text (decoded to UTF-8 as the loader does): juten_model_read_text,
 * the caller frees *text. */
juten_status juten_model_portfolio_ids(const juten_model *m, const char *ids, unsigned char *x,
                                       juten_diags *d);
juten_status juten_model_portfolio_csv(const juten_model *m, const char *path, const char *text,
                                       size_t len, unsigned char *x, juten_diags *d);
juten_status juten_model_read_text(const char *path, char **text, size_t *len, juten_diags *d);

/* The input files the round was read from, in reading order (none for a
 * model built in code). */
int juten_model_file_count(const juten_model *m);
const char *juten_model_file_role(const juten_model *m, int f); /* "scenario", "measures", ... */
const char *juten_model_file_path(const juten_model *m, int f); /* as given / resolved */
const char *juten_model_file_sha256(const juten_model *m, int f); /* lowercase hex of the bytes */

#ifdef __cplusplus
}
#endif
#endif
