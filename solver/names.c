/*
 * names.c -- the words and names the solver gives out: outcome and rule
 * family names for reports, readable row names, and the LP-safe, unique
 * row and column names of exports (CPLEX-LP and MPS allow only some
 * characters, and GLPK merges equal names when it reads a file back).
 */
#include "solver_int.h"
#include "juten_i18n.h"
#include "juten_utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *juten_outcome_str(juten_outcome o)
{
    switch (o) {
    case JUTEN_OPTIMAL: return "optimal";
    case JUTEN_FEASIBLE: return "feasible";
    case JUTEN_INFEASIBLE: return "infeasible";
    case JUTEN_NO_SOLUTION: return "no_solution";
    }
    return "unknown";
}

/* The names are also keys of the JSON and cells of the CSV, so they are
 * returned in English; N_ lists them in the catalogue for the sentences and
 * tables that show them translated with _(). */
const char *juten_rule_family_name(unsigned bit)
{
    switch (bit) {
    case JUTEN_RULE_OFFSET: return N_("offset");
    case JUTEN_RULE_AREA_SHARE: return N_("area shares");
    case JUTEN_RULE_AREA_SPEND: return N_("area spending limits");
    case JUTEN_RULE_TAG_MIN: return N_("tag minimums");
    case JUTEN_RULE_CEILING: return N_("ministry ceilings");
    case JUTEN_RULE_MANDATORY: return N_("mandatory measures");
    case JUTEN_RULE_INCLUDE: return N_("forced inclusions");
    case JUTEN_RULE_EXCLUDE: return N_("forced exclusions");
    case JUTEN_RULE_REQUIRES: return N_("dependencies");
    case JUTEN_RULE_GROUP: return N_("exclusive groups");
    }
    return N_("unknown rule");
}

/* A formatted string in new memory; NULL when out of memory. */
static char *vformat(const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int len = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    char *s = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (s)
        vsnprintf(s, (size_t)len + 1, fmt, ap);
    return s;
}

bool juten_strlist_add(char ***list, int *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vformat(fmt, ap);
    va_end(ap);
    char **nl = s ? realloc(*list, ((size_t)*n + 1) * sizeof *nl) : NULL;
    if (!nl) {
        free(s);
        return false;
    }
    nl[(*n)++] = s;
    *list = nl;
    return true;
}

char *juten_solver_asprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vformat(fmt, ap);
    va_end(ap);
    return s;
}

/* CPLEX-LP names allow letters, digits and !"#$%&()/,.;?@_`'{}|~ only, and
 * at most 255 characters.  Readable names map as [ -> (, ] -> ), "->" -> /,
 * anything else -> _. */
char *juten_lp_safe(const char *name)
{
    static const char ok[] = "!\"#$%&()/,.;?@_`'{}|~";
    size_t n = strlen(name);
    char *s = malloc(n + 1);
    if (!s)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n && k < 240;) {
        unsigned char c = (unsigned char)name[i];
        if (c >= 0x80) {
            juten_utf8_next(name, n, &i);
            s[k++] = '_'; /* one _ per non-ASCII character */
            continue;
        }
        i++;
        if (c == '[')
            s[k++] = '(';
        else if (c == ']')
            s[k++] = ')';
        else if (c == '-' && name[i] == '>') {
            s[k++] = '/';
            i++;
        } else if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   (c && strchr(ok, c)))
            s[k++] = (char)c;
        else
            s[k++] = '_';
    }
    s[k] = 0;
    return s;
}

typedef struct name_ref {
    char **slot;
    int order;
} name_ref;
static int cmp_name_ref(const void *a, const void *b)
{
    const name_ref *x = a, *y = b;
    int c = strcmp(*x->slot, *y->slot);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* Make every LP name unique (GLPK would merge equal column names on reading
 * the file back): the first keeps its name, later ones get "#<k>_<index>". */
bool juten_lp_uniquify(char **names, int n)
{
    name_ref *refs = malloc((size_t)(n ? n : 1) * sizeof *refs);
    if (!refs)
        return false;
    for (int i = 0; i < n; i++)
        refs[i] = (name_ref){&names[i], i};
    qsort(refs, (size_t)n, sizeof *refs, cmp_name_ref);
    bool ok = true;
    for (int i = 0; i < n && ok;) {
        int j = i + 1;
        while (j < n && strcmp(*refs[j].slot, *refs[i].slot) == 0)
            j++;
        for (int k = i + 1; k < j && ok; k++) {
            char *nn = juten_solver_asprintf("%s#%d_%d", *refs[k].slot, k - i + 1, refs[k].order);
            if (!nn)
                ok = false;
            else {
                free(*refs[k].slot);
                *refs[k].slot = nn;
            }
        }
        i = j;
    }
    free(refs);
    return ok;
}
