/*
 * juten_report_confidence.h -- writing `solve --confidence` / `--robust`:
 * the portfolio as `solve` writes it, then the confidence figures, the
 * validation steps and the price of confidence (table and JSON; CSV is
 * the portfolio alone, one row per measure).
 */
#ifndef JUTEN_REPORT_CONFIDENCE_H
#define JUTEN_REPORT_CONFIDENCE_H

#include <stdio.h>
#include "juten_confidence.h"
#include "juten_report.h"

juten_status juten_report_confidence(FILE *f, juten_format fmt, const juten_model *m,
                                     const juten_confidence *c, juten_diags *d);

/* "95.00%": a probability with two decimals (buf: 64 bytes); "-" for NaN. */
const char *juten_text_probability(char *buf, double p);

#endif
