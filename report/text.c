/*
 * text.c -- planner-style number formatting and one-line text.
 *
 * The precision of each quantity is read off the model's own numbers
 * (juten_precision_of), so tables show what the data says.  Display widths
 * (Japanese characters take two columns) are base/juten_utf8.h's.
 */
#include "juten_report.h"
#include "juten_i18n.h"
#include "report_int.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *juten_text_amount(char *buf, double v, int decimals)
{
    if (isnan(v)) {
        snprintf(buf, 64, "-");
        return buf;
    }
    snprintf(buf, 64, "%.*f", decimals, v);
    if (strchr(buf, '.')) {
        char *p = buf + strlen(buf) - 1;
        while (*p == '0')
            *p-- = 0;
        if (*p == '.')
            *p = 0;
    }
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    return buf;
}

/* ---- precision: decimals from the data ----------------------------------- */

int juten_decimals_of(double v, int max)
{
    if (!isfinite(v))
        return max;
    double scale = 1;
    for (int d = 0; d < max; d++, scale *= 10) {
        double x = v * scale;
        /* within 1e-9 of an integer, or of the rounding error a double of
         * that size carries (large amounts: 1e11 is exact only to 1e-5) */
        double tol = fmax(1e-9, 8 * DBL_EPSILON * fabs(x));
        if (fabs(x - nearbyint(x)) <= tol)
            return d;
    }
    return max;
}

int juten_decimals_widen(int d, double v)
{
    if (!isfinite(v))
        return d;
    int k = juten_decimals_of(v, JUTEN_MAX_DECIMALS);
    return k > d ? k : d;
}

static void widen(int *d, double v)
{
    *d = juten_decimals_widen(*d, v);
}

void juten_precision_of(const juten_model *m, double headroom, double savings_rate,
                        juten_precision *p)
{
    int money = 0, value = 0, net = 0;
    widen(&money, juten_model_headroom(m));
    widen(&money, headroom);
    for (int j = 0; j < juten_model_measure_count(m); j++) {
        widen(&money, juten_model_measure_cost(m, j));
        widen(&money, juten_model_measure_saving(m, j));
        widen(&money, juten_model_measure_cost_lo(m, j));
        widen(&money, juten_model_measure_cost_hi(m, j));
        widen(&money, juten_model_measure_saving_lo(m, j));
        widen(&money, juten_model_measure_saving_hi(m, j));
        double risk = juten_model_measure_risk(m, j);
        widen(&value, risk);
        widen(&value, risk * juten_model_area_weight(m, juten_model_measure_area(m, j)));
        widen(&net, juten_model_measure_saving(m, j) * savings_rate);
    }
    for (int k = 0; k < juten_model_area_count(m); k++) {
        widen(&money, juten_model_area_min_spend(m, k));
        widen(&money, juten_model_area_max_spend(m, k));
    }
    for (int k = 0; k < juten_model_ministry_count(m); k++)
        widen(&money, juten_model_ministry_ceiling(m, k));
    for (int k = 0; k < juten_model_tag_count(m); k++)
        widen(&money, juten_model_tag_minimum(m, k));
    p->money = money;
    p->net = net > money ? net : money;
    p->value = value;
}

const char *juten_text_fixed(char *buf, double v, int decimals)
{
    if (isnan(v)) {
        snprintf(buf, 64, "-");
        return buf;
    }
    snprintf(buf, 64, "%.*f", decimals, v);
    /* "-0.0" is a rounding artefact of a tiny negative: show it as zero */
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
        memmove(buf, buf + 1, strlen(buf));
    return buf;
}

const char *juten_text_percent(char *buf, double fraction)
{
    if (isnan(fraction)) {
        snprintf(buf, 64, "-");
        return buf;
    }
    char n[64];
    snprintf(buf, 64, "%s%%", juten_text_fixed(n, 100 * fraction, 1));
    return buf;
}

const char *juten_text_rate(char *buf, double rate)
{
    return juten_text_amount(buf, rate, 3);
}

char *juten_text_one_line(const char *s)
{
    if (!s)
        s = "";
    /* "↵" is 3 bytes for 1 or 2 input bytes */
    char *o = malloc(3 * strlen(s) + 1);
    if (!o)
        return NULL;
    char *q = o;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\r' || *p == '\n') {
            if (*p == '\r' && p[1] == '\n')
                p++;
            memcpy(q, "\xE2\x86\xB5", 3);
            q += 3;
        } else if (*p < 0x20 || *p == 0x7F)
            *q++ = ' ';
        else
            *q++ = (char)*p;
    }
    *q = 0;
    return o;
}

const char *juten_text_rule_family(unsigned family_bit)
{
    /* solver/names.c marks the names with N_() */
    return _(juten_rule_family_name(family_bit));
}

/* the status tokens of juten_outcome_str, for xgettext */
static const char *const outcome_words[] = {N_("optimal"), N_("feasible"), N_("infeasible"),
                                            N_("no_solution")};

const char *juten_text_outcome(int outcome)
{
    if (outcome >= 0 && (size_t)outcome < sizeof outcome_words / sizeof outcome_words[0])
        return _(outcome_words[outcome]);
    return juten_outcome_str((juten_outcome)outcome);
}
