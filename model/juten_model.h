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

#ifdef __cplusplus
}
#endif
#endif
