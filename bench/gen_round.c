/*
 * gen_round.c -- juten-gen: write a synthetic budget round for benchmarks.
 *
 *   juten-gen --n N --kind hard|moderate|quick --seed S --out DIR [--lp FILE]
 *
 * writes DIR/scenario.ini, measures.csv, areas.csv and ministries.csv in
 * juten's own input format, so that `juten solve`, `juten export` plus
 * glpsol/cbc, and `juten check` can be timed on the same round.  With --lp
 * it also writes the round's integer program as this file understands it,
 * independently of juten's exporter, so that a formulation mistake in
 * juten shows up as a different optimum (bench/run.sh's cbc-ref row).
 *
 * The round imitates the shape of a real request round (see
 * scenarios/fy2017): five policy areas with share rules, a dozen ministries
 * of which a few hit their ceiling, about 9% savings rows that fund the rest
 * under the offset rule (total savings ~30% of the candidate cost, so the
 * offset row binds), ~1% mandatory rows, ~5% dependencies on an earlier row,
 * ~4% of rows in exclusive groups of 2-3 alternatives, and ~5% tagged
 * incident-response with a minimum.  Value is correlated with cost because
 * real estimates are: that correlation is what makes knapsack-like programs
 * hard (many near-ties in value per cost), so two kinds are offered for
 * the solve itself:
 *
 *   hard      risk = cost^0.95 * U(0.9, 1.1)
 *   moderate  risk = cost^0.8  * exp(0.35 * N(0,1))   (about +-40%)
 *
 * and a third for the per-solve overhead of a frontier:
 *
 *   quick     risk = cost * one of 0.8, 1.0, 1.2 (equally likely), the
 *             mandatory rows 5000 times that; whole-number costs, savings,
 *             ceilings and tag minimum; the incident-response minimum at
 *             45% of the tagged cost
 *
 * where value per yen is the area weight times one of three levels: the
 * rules (shares, ceilings, the tag minimum, the offset) decide the
 * portfolio, ties in value per yen are exact and there are no near-ties, so
 * a portfolio that uses a limit to the yen is worth the LP bound and each
 * solve is quick for any MIP solver (glpsol ~0.1 s at 1,000 measures): what
 * differs between solvers there is their fixed cost per solve.
 *
 * Everything is drawn from one xoshiro256** stream seeded by splitmix64 from
 * --seed, never rand(), so a round is the same on every machine and libc.
 * The program is standalone on purpose: it does not link the juten library,
 * so it keeps building while the library changes and cannot share a bug
 * with the loader it feeds.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

/* ---- the random stream -------------------------------------------------- */

typedef struct gen_rng {
    uint64_t s[4];
} gen_rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static void gen_rng_seed(gen_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

/* xoshiro256** (Blackman and Vigna). */
static uint64_t gen_rng_next(gen_rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

/* Uniform in [0, 1) with 53 random bits. */
static double gen_uniform(gen_rng *r) { return (double)(gen_rng_next(r) >> 11) * 0x1.0p-53; }

static double gen_uniform_in(gen_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * gen_uniform(r);
}

/* Log-uniform in [lo, hi): as many small measures per decade as large. */
static double gen_loguniform(gen_rng *r, double lo, double hi)
{
    return exp(gen_uniform_in(r, log(lo), log(hi)));
}

/* Standard normal by Box-Muller (one of the pair; the other is dropped so
 * that the number of draws per row does not depend on earlier rows). */
static double gen_normal(gen_rng *r)
{
    double u = 1.0 - gen_uniform(r); /* (0, 1] so log(u) is finite */
    double v = gen_uniform(r);
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v) /* 2 pi */;
}

static int gen_pick(gen_rng *r, const double *w, int n)
{
    double tot = 0;
    for (int i = 0; i < n; i++)
        tot += w[i];
    double u = gen_uniform(r) * tot;
    for (int i = 0; i < n; i++) {
        if (u < w[i])
            return i;
        u -= w[i];
    }
    return n - 1;
}

/* ---- the round's fixed tables ------------------------------------------- */

/* Areas: the economy area is worth the most per yen, so its max share
 * binds; society is worth the least, so its min share binds. */
static const struct {
    const char *id, *name;
    double weight, min_share, max_share; /* NAN: absent */
    double p;                            /* fraction of the candidate rows */
} AREAS[] = {
    {"economy", "経済社会の活力の向上及び持続的発展", 1.5, NAN, 0.40, 0.35},
    {"society", "国民が安全で安心して暮らせる社会の実現", 0.9, 0.20, NAN, 0.20},
    {"international", "国際社会の平和・安定及び我が国の安全保障", 0.8, NAN, NAN, 0.10},
    {"crosscutting", "横断的施策", 1.1, 0.08, NAN, 0.15},
    {"structure", "推進体制", 1.2, NAN, NAN, 0.20},
};
enum { N_AREAS = sizeof AREAS / sizeof AREAS[0] };

/* Ministries: p is the share of rows (Zipf-like, as real requests are);
 * ceiling_frac is the ceiling as a fraction of the ministry's own candidate
 * cost (0: no ceiling).  About 30% of all candidate cost can be funded, so
 * the ceilings below 0.3 bind and the 0.5 ones mostly do not. */
static const struct {
    const char *id, *name;
    double p, ceiling_frac;
} MINISTRIES[] = {
    {"METI", "経済産業省", 0.20, 0.18}, {"MIC", "総務省", 0.16, 0.50},
    {"CAS", "内閣官房", 0.12, 0.50},    {"MOD", "防衛省", 0.10, 0.22},
    {"NPA", "警察庁", 0.08, 0.50},      {"MHLW", "厚生労働省", 0.07, 0},
    {"MEXT", "文部科学省", 0.06, 0.50}, {"MOFA", "外務省", 0.05, 0.20},
    {"FSA", "金融庁", 0.04, 0.50},      {"MLIT", "国土交通省", 0.04, 0.50},
    {"MOJ", "法務省", 0.03, 0},         {"PPC", "個人情報保護委員会", 0.02, 0.50},
    {"MAFF", "農林水産省", 0.02, 0.25}, {"ENV", "環境省", 0.01, 0.50},
};
enum { N_MINISTRIES = sizeof MINISTRIES / sizeof MINISTRIES[0] };

/* Row mix (fractions of all rows) and the rules' sizes. */
#define P_SAVING 0.09        /* savings rows */
#define P_MANDATORY 0.01     /* mandatory rows */
#define P_GROUP_START 0.021  /* chance a regular row opens a group of 2-3 */
#define P_REQUIRES 0.058     /* chance a free regular row requires an earlier one */
#define REQUIRES_WINDOW 200  /* the required row is at most this far back */
#define P_IR_TAG 0.055       /* chance a non-savings row is incident-response */
#define SAVINGS_FRAC 0.30    /* total savings / total candidate cost */
#define IR_MIN_FRAC 0.20     /* tag minimum / cost of the tagged rows */
#define COST_LO 0.1
#define COST_HI 50.0
#define MANDATORY_COST_HI 10.0 /* mandatory rows are kept affordable */

enum { ROW_REGULAR, ROW_SAVING, ROW_MANDATORY };

typedef struct gen_row {
    double cost, risk, saving;
    int area, ministry, kind;
    int requires; /* row index, or -1 */
    int group;    /* group number, or -1 */
    bool ir;      /* tagged incident-response */
    bool neg;     /* a savings row paid for with lost risk reduction */
    /* --ranges: three-point ranges (NAN: none, the field is fixed) */
    double cost_lo, cost_hi, risk_lo, risk_hi, saving_lo, saving_hi;
} gen_row;

/* ---- output -------------------------------------------------------------- */

/* A plain decimal as the loader wants it: fixed point, no exponent, no
 * trailing zeros, never "-0". */
static const char *fmt_num(char *buf, size_t n, double v, int decimals)
{
    snprintf(buf, n, "%.*f", decimals, v);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *e = buf + strlen(buf) - 1;
        while (e > dot && *e == '0')
            *e-- = 0;
        if (e == dot)
            *e = 0;
    }
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    return buf;
}

/* Round to what will be written, so that totals computed here (ceilings,
 * the tag minimum) match what the loader reads. */
static double round_to(double v, int decimals)
{
    double f = pow(10.0, decimals);
    return round(v * f) / f;
}

static int mkdir_p(const char *path)
{
    char buf[4096];
    if (strlen(path) >= sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(buf, path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        return -1;
    struct stat st;
    if (stat(buf, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

static FILE *open_out(const char *dir, const char *name, char *path, size_t n)
{
    snprintf(path, n, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        fprintf(stderr, "juten-gen: cannot write %s: %s\n", path, strerror(errno));
    else
        setvbuf(f, NULL, _IOFBF, 1 << 20);
    return f;
}

static int close_out(FILE *f, const char *path)
{
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        fprintf(stderr, "juten-gen: error writing %s\n", path);
        return -1;
    }
    return 0;
}

/* ---- generation ---------------------------------------------------------- */

enum { KIND_HARD, KIND_MODERATE, KIND_QUICK };
static const char *const KIND_NAMES[] = {"hard", "moderate", "quick"};

static double risk_of(gen_rng *r, double cost, int kind)
{
    switch (kind) {
    case KIND_HARD:
        return pow(cost, 0.95) * gen_uniform_in(r, 0.9, 1.1);
    case KIND_QUICK:
        /* three levels 20% apart: ties within a level are exact, levels
         * are far apart (no near-ties) */
        return cost * (0.8 + 0.2 * (double)(int)(gen_uniform(r) * 3.0));
    default:
        return pow(cost, 0.8) * exp(0.35 * gen_normal(r));
    }
}

/* The tag minimum as a fraction of the tagged cost: the quick kind raises
 * it so that the tag rule binds as well (its rows are not otherwise worth
 * more per yen than the rest). */
#define IR_MIN_FRAC_QUICK 0.45
/* The quick kind's mandatory rows (the round's priority programmes) are
 * worth this many times their cost: most of the objective, so that a gap of
 * 1e-4 is worth about ten yen at the margin and the whole-yen granularity
 * of the other rows (at most one yen of a budget left unused) never costs
 * more than the gap, at any headroom.  Without it the points between
 * whole-yen budgets, where a frontier at a tight gap samples, take glpsol
 * 15 s and more to prove; at 1500 times, up to 7 s. */
#define MANDATORY_VALUE_QUICK 5000.0

typedef struct gen_stats {
    int n_saving, n_mandatory, n_grouped, n_groups, n_requires, n_ir;
    double total_cost, total_saving, mandatory_net, ir_cost, ir_min;
    double ceiling[N_MINISTRIES]; /* NAN: none */
} gen_stats;

static void generate(gen_row *rows, int n, int kind, uint64_t seed, gen_stats *st)
{
    gen_rng rng;
    gen_rng_seed(&rng, seed);
    double pa[N_AREAS], pm[N_MINISTRIES];
    for (int a = 0; a < N_AREAS; a++)
        pa[a] = AREAS[a].p;
    for (int k = 0; k < N_MINISTRIES; k++)
        pm[k] = MINISTRIES[k].p;
    memset(st, 0, sizeof *st);
    /* The quick kind has whole-number costs, savings and limits: with value
     * per yen tied within an area, a portfolio that uses a limit exactly is
     * worth the LP bound, and one is found without a long search. */
    int dec = kind == KIND_QUICK ? 0 : 3;
    double lo = kind == KIND_QUICK ? 1.0 : COST_LO;

    /* Pass 1: each row's kind, area, ministry, cost, risk and (unscaled)
     * saving. */
    for (int i = 0; i < n; i++) {
        gen_row *w = &rows[i];
        w->requires = -1;
        w->group = -1;
        w->ir = w->neg = false;
        w->area = gen_pick(&rng, pa, N_AREAS);
        w->ministry = gen_pick(&rng, pm, N_MINISTRIES);
        double u = gen_uniform(&rng);
        w->kind = u < P_SAVING ? ROW_SAVING : u < P_SAVING + P_MANDATORY ? ROW_MANDATORY
                                                                         : ROW_REGULAR;
        if (w->kind == ROW_SAVING) {
            /* Half are pure savings (cost 0); the others cost a little. */
            w->cost = gen_uniform(&rng) < 0.5 ? 0.0 : gen_loguniform(&rng, 0.05, 2.0);
            w->cost = round_to(w->cost, dec);
            w->saving = gen_loguniform(&rng, 1.0, 100.0); /* scaled below */
            w->neg = gen_uniform(&rng) < 0.5;
            w->risk = w->cost > 0 ? risk_of(&rng, w->cost, kind) : 0.0;
        } else {
            double hi = w->kind == ROW_MANDATORY ? MANDATORY_COST_HI : COST_HI;
            w->cost = round_to(gen_loguniform(&rng, COST_LO, hi), dec);
            if (w->cost < lo)
                w->cost = lo;
            w->saving = 0;
            w->risk = risk_of(&rng, w->cost, kind);
            if (kind == KIND_QUICK && w->kind == ROW_MANDATORY)
                w->risk *= MANDATORY_VALUE_QUICK;
        }
        st->total_cost += w->cost;
    }

    /* Pass 2: exclusive groups of 2-3 consecutive regular rows, made
     * alternatives of one another (same area and ministry). */
    for (int i = 0; i < n; i++) {
        if (rows[i].kind != ROW_REGULAR || gen_uniform(&rng) >= P_GROUP_START)
            continue;
        int size = gen_uniform(&rng) < 0.5 ? 2 : 3;
        if (i + size > n)
            break;
        bool ok = true;
        for (int j = i; j < i + size; j++)
            ok = ok && rows[j].kind == ROW_REGULAR;
        if (!ok)
            continue;
        for (int j = i; j < i + size; j++) {
            rows[j].group = st->n_groups;
            rows[j].area = rows[i].area;
            rows[j].ministry = rows[i].ministry;
        }
        st->n_groups++;
        st->n_grouped += size;
        i += size - 1;
    }

    /* Pass 3: dependencies on an earlier row (so acyclic).  Group members
     * and mandatory rows require nothing: a mandatory row's requirement
     * would silently make another row mandatory. */
    for (int i = 1; i < n; i++) {
        if (rows[i].kind != ROW_REGULAR || rows[i].group >= 0 ||
            gen_uniform(&rng) >= P_REQUIRES)
            continue;
        int win = i < REQUIRES_WINDOW ? i : REQUIRES_WINDOW;
        int j = i - 1 - (int)(gen_uniform(&rng) * win);
        if (j < 0)
            j = 0;
        rows[i].requires = j;
        st->n_requires++;
    }

    /* Pass 4: the incident-response tag. */
    for (int i = 0; i < n; i++)
        if (rows[i].kind != ROW_SAVING && gen_uniform(&rng) < P_IR_TAG) {
            rows[i].ir = true;
            st->n_ir++;
            st->ir_cost += rows[i].cost;
        }

    /* Pass 5: scale savings to SAVINGS_FRAC of the candidate cost; the
     * rows that lose risk reduction lose 0.3-1.2 per unit saved, which is
     * about what a regular row gains per unit spent, so whether to take
     * them is a real trade-off and the offset's capacity is not fixed. */
    double raw = 0;
    for (int i = 0; i < n; i++)
        if (rows[i].kind == ROW_SAVING)
            raw += rows[i].saving;
    double scale = raw > 0 ? SAVINGS_FRAC * st->total_cost / raw : 0;
    for (int i = 0; i < n; i++) {
        gen_row *w = &rows[i];
        if (w->kind == ROW_SAVING) {
            w->saving = round_to(w->saving * scale, dec);
            if (w->neg)
                w->risk = -w->saving * gen_uniform_in(&rng, 0.3, 1.2);
            st->n_saving++;
            st->total_saving += w->saving;
        } else if (w->kind == ROW_MANDATORY) {
            st->n_mandatory++;
            st->mandatory_net += w->cost;
        }
        w->risk = round_to(w->risk, 4);
    }
    double ir_frac = kind == KIND_QUICK ? IR_MIN_FRAC_QUICK : IR_MIN_FRAC;
    st->ir_min = st->n_ir > 0 ? round_to(ir_frac * st->ir_cost, dec) : 0;

    /* Ceilings: a fraction of the ministry's own candidate cost, but never
     * below what its mandatory rows (and the tag minimum's fair part) need,
     * so that the round stays feasible at every size. */
    double own[N_MINISTRIES] = {0}, must[N_MINISTRIES] = {0};
    for (int i = 0; i < n; i++) {
        own[rows[i].ministry] += rows[i].cost;
        if (rows[i].kind == ROW_MANDATORY)
            must[rows[i].ministry] += rows[i].cost;
    }
    for (int k = 0; k < N_MINISTRIES; k++) {
        if (MINISTRIES[k].ceiling_frac <= 0) {
            st->ceiling[k] = NAN;
            continue;
        }
        double c = MINISTRIES[k].ceiling_frac * own[k];
        if (c < 2.0 * must[k] + 1.0)
            c = 2.0 * must[k] + 1.0;
        st->ceiling[k] = round_to(c, dec);
    }
}

/* --ranges: three-point ranges around each nonzero value, shaped like
 * scenarios/fy2017's (costs overrun more often than they undershoot, risk
 * reductions are the least certain, savings a little short or over).  They
 * come from a stream of their own, seeded apart from the round's, so that
 * a round with ranges has exactly the values of the same round without. */
static void range_of(gen_rng *r, double v, double lo0, double lo1, double hi0, double hi1,
                     int dec, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (v == 0)
        return;
    double a = v * gen_uniform_in(r, lo0, lo1), b = v * gen_uniform_in(r, hi0, hi1);
    if (v < 0) { /* a negative score: the factors swap ends */
        double t = a;
        a = b;
        b = t;
    }
    a = round_to(a, dec);
    b = round_to(b, dec);
    if (a > v)
        a = v;
    if (b < v)
        b = v;
    if (a < b) {
        *lo = a;
        *hi = b;
    }
}

static void generate_ranges(gen_row *rows, int n, uint64_t seed)
{
    gen_rng rng;
    gen_rng_seed(&rng, seed ^ UINT64_C(0x52414e4745530001)); /* "RANGES" */
    for (int i = 0; i < n; i++) {
        gen_row *w = &rows[i];
        range_of(&rng, w->cost, 0.85, 0.97, 1.05, 1.40, 3, &w->cost_lo, &w->cost_hi);
        range_of(&rng, w->risk, 0.50, 0.80, 1.20, 1.50, 4, &w->risk_lo, &w->risk_hi);
        range_of(&rng, w->saving, 0.70, 0.95, 1.02, 1.15, 3, &w->saving_lo, &w->saving_hi);
    }
}

static int write_round(const char *dir, const gen_row *rows, int n, int kindno, uint64_t seed,
                       const gen_stats *st, bool ranges)
{
    char path[4200], b1[64], b2[64], b3[64];
    const char *kind = KIND_NAMES[kindno];
    static const char *const RISK_TEXT[] = {"cost^0.95 * U(0.9,1.1)",
                                            "cost^0.8 * exp(0.35 N(0,1))",
                                            "cost * (0.8 | 1.0 | 1.2), x5000 if mandatory; whole-number costs"};

    FILE *f = open_out(dir, "scenario.ini", path, sizeof path);
    if (!f)
        return -1;
    fprintf(f,
            "; Synthetic benchmark round written by juten-gen (bench/gen_round.c):\n"
            ";   juten-gen --n %d --kind %s --seed %llu%s\n"
            "; Not real data.  risk_reduction = %s.\n"
            "\n"
            "[scenario]\n"
            "name = synthetic %s round N=%d seed=%llu\n"
            "measures = measures.csv\n"
            "areas = areas.csv\n"
            "ministries = ministries.csv\n"
            "currency = 億円\n"
            "headroom = 0\n"
            "savings_rate = 1.0\n",
            n, kind, (unsigned long long)seed, ranges ? " --ranges" : "",
            RISK_TEXT[kindno], kind, n,
            (unsigned long long)seed);
    if (st->n_ir > 0)
        fprintf(f, "\n[minimum_by_tag]\nincident-response = %s\n",
                fmt_num(b1, sizeof b1, st->ir_min, 3));
    if (close_out(f, path))
        return -1;

    if (!(f = open_out(dir, "areas.csv", path, sizeof path)))
        return -1;
    fprintf(f, "id,name,weight,min_share,max_share,min_spend,max_spend\n");
    for (int a = 0; a < N_AREAS; a++)
        fprintf(f, "%s,%s,%s,%s,%s,,\n", AREAS[a].id, AREAS[a].name,
                fmt_num(b1, sizeof b1, AREAS[a].weight, 3),
                isnan(AREAS[a].min_share) ? "" : fmt_num(b2, sizeof b2, AREAS[a].min_share, 3),
                isnan(AREAS[a].max_share) ? "" : fmt_num(b3, sizeof b3, AREAS[a].max_share, 3));
    if (close_out(f, path))
        return -1;

    if (!(f = open_out(dir, "ministries.csv", path, sizeof path)))
        return -1;
    fprintf(f, "id,name,ceiling\n");
    for (int k = 0; k < N_MINISTRIES; k++)
        fprintf(f, "%s,%s,%s\n", MINISTRIES[k].id, MINISTRIES[k].name,
                isnan(st->ceiling[k]) ? "" : fmt_num(b1, sizeof b1, st->ceiling[k], 3));
    if (close_out(f, path))
        return -1;

    if (!(f = open_out(dir, "measures.csv", path, sizeof path)))
        return -1;
    fprintf(f, "id,name,area,ministry,cost,risk_reduction,saving,mandatory,requires,group,tags%s\n",
            ranges ? ",cost_low,cost_high,risk_low,risk_high,saving_low,saving_high" : "");
    for (int i = 0; i < n; i++) {
        const gen_row *w = &rows[i];
        char req[32] = "", grp[32] = "";
        if (w->requires >= 0)
            snprintf(req, sizeof req, "M%07d", w->requires + 1);
        if (w->group >= 0)
            snprintf(grp, sizeof grp, "G%06d", w->group + 1);
        fprintf(f, "M%07d,%s %d,%s,%s,%s,%s,%s,%s,%s,%s,%s", i + 1,
                w->kind == ROW_SAVING ? "効率化" : "対策", i + 1, AREAS[w->area].id,
                MINISTRIES[w->ministry].id, fmt_num(b1, sizeof b1, w->cost, 3),
                fmt_num(b2, sizeof b2, w->risk, 4), fmt_num(b3, sizeof b3, w->saving, 3),
                w->kind == ROW_MANDATORY ? "yes" : "no", req, grp,
                w->ir ? "incident-response" : "");
        if (ranges) {
            const double v[6] = {w->cost_lo, w->cost_hi, w->risk_lo,
                                 w->risk_hi, w->saving_lo, w->saving_hi};
            for (int j = 0; j < 6; j++)
                fprintf(f, ",%s", isnan(v[j]) ? "" : fmt_num(b1, sizeof b1, v[j], j / 2 == 1 ? 4 : 3));
        }
        fputc('\n', f);
    }
    return close_out(f, path);
}

/* One term of an LP row, wrapping lines so that no reader's line limit
 * (CPLEX's is 510 characters) is reached. */
static void lp_term(FILE *f, int *k, double c, int col)
{
    if (c == 0)
        return;
    fprintf(f, " %c %.15g M%07d", c < 0 ? '-' : '+', fabs(c), col + 1);
    if (++*k % 6 == 0)
        fputs("\n   ", f);
}

/* The reference program in CPLEX-LP format, written from the generator's
 * own rows and not from juten's: solving it with glpsol or cbc checks
 * juten's formulation (not just its solver) on the same round.  It reads
 * the values rounded exactly as they are written to the CSV files. */
static int write_lp(const char *file, const gen_row *rows, int n, const gen_stats *st)
{
    FILE *f = fopen(file, "w");
    if (!f) {
        fprintf(stderr, "juten-gen: cannot write %s: %s\n", file, strerror(errno));
        return -1;
    }
    setvbuf(f, NULL, _IOFBF, 1 << 20);
    int k = 0;
    fputs("\\ juten-gen reference model (independent of juten's exporter)\nMaximize\n obj:", f);
    for (int i = 0; i < n; i++)
        lp_term(f, &k, AREAS[rows[i].area].weight * rows[i].risk, i);
    fputs("\nSubject To\n offset:", f);
    k = 0;
    for (int i = 0; i < n; i++)
        lp_term(f, &k, rows[i].cost - rows[i].saving, i);
    fputs(" <= 0\n", f);
    for (int a = 0; a < N_AREAS; a++)
        for (int side = 0; side < 2; side++) {
            double sh = side ? AREAS[a].max_share : AREAS[a].min_share;
            if (isnan(sh))
                continue;
            fprintf(f, " %s_%s:", side ? "max_share" : "min_share", AREAS[a].id);
            k = 0;
            for (int i = 0; i < n; i++)
                lp_term(f, &k, rows[i].cost * ((rows[i].area == a ? 1.0 : 0.0) - sh), i);
            fputs(side ? " <= 0\n" : " >= 0\n", f);
        }
    if (st->n_ir > 0) {
        fputs(" tag_incident_response:", f);
        k = 0;
        for (int i = 0; i < n; i++)
            if (rows[i].ir)
                lp_term(f, &k, rows[i].cost, i);
        fprintf(f, " >= %.15g\n", st->ir_min);
    }
    for (int m = 0; m < N_MINISTRIES; m++) {
        if (isnan(st->ceiling[m]))
            continue;
        fprintf(f, " ceiling_%s:", MINISTRIES[m].id);
        k = 0;
        for (int i = 0; i < n; i++)
            if (rows[i].ministry == m)
                lp_term(f, &k, rows[i].cost, i);
        fprintf(f, " <= %.15g\n", st->ceiling[m]);
    }
    for (int i = 0; i < n; i++)
        if (rows[i].requires >= 0)
            fprintf(f, " req_%d: M%07d - M%07d <= 0\n", i + 1, i + 1, rows[i].requires + 1);
    for (int i = 0; i < n;) {
        int g = rows[i].group, j = i;
        if (g < 0) {
            i++;
            continue;
        }
        fprintf(f, " group_%d:", g + 1);
        for (; j < n && rows[j].group == g; j++)
            fprintf(f, " + M%07d", j + 1);
        fputs(" <= 1\n", f);
        i = j;
    }
    fputs("Bounds\n", f);
    for (int i = 0; i < n; i++)
        if (rows[i].kind == ROW_MANDATORY)
            fprintf(f, " M%07d = 1\n", i + 1);
    fputs("Binary\n", f);
    for (int i = 0; i < n; i++)
        fprintf(f, " M%07d\n", i + 1);
    fputs("End\n", f);
    return close_out(f, file);
}

/* ---- command line -------------------------------------------------------- */

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: juten-gen --n N --kind hard|moderate|quick [--seed S] --out DIR [--lp FILE]\n"
            "                 [--ranges]\n"
            "\n"
            "Writes a synthetic budget round (scenario.ini, measures.csv, areas.csv,\n"
            "ministries.csv) into DIR, created if needed.  The same N, kind and seed\n"
            "always give the same files.\n"
            "\n"
            "  --n N        number of measures (20 to 10000000)\n"
            "  --kind K     hard: risk = cost^0.95 * U(0.9,1.1) (strongly correlated);\n"
            "               moderate: risk = cost^0.8 * exp(0.35 N(0,1));\n"
            "               quick: risk = cost * (0.8, 1.0 or 1.2), mandatory rows 5000\n"
            "               times that, whole-number costs, savings and limits, incident-\n"
            "               response minimum at 45%% of the tagged cost (each solve quick)\n"
            "  --seed S     seed of the random stream (an integer >= 0; default 1)\n"
            "  --out DIR    output directory\n"
            "  --lp FILE    also write the round's integer program in CPLEX-LP format,\n"
            "               built independently of juten (a cross-check of its export)\n"
            "  --ranges     also write three-point ranges (cost_low ... saving_high) for\n"
            "               `juten simulate`; the values themselves are unchanged\n"
            "  -q, --quiet  do not print the summary line\n"
            "  -h, --help   show this help\n");
}

static int usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "juten-gen: %s%s%s%s\n", msg, arg ? " '" : "", arg ? arg : "",
            arg ? "'" : "");
    fprintf(stderr, "Try 'juten-gen --help'.\n");
    return 2;
}

static bool parse_ull(const char *s, unsigned long long *out)
{
    if (!s || !*s || *s == '-' || *s == '+')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

int main(int argc, char **argv)
{
    unsigned long long n = 0, seed = 1;
    const char *kind = NULL, *out = NULL, *lp = NULL;
    bool quiet = false, ranges = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        }
        if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = true;
            continue;
        }
        if (!strcmp(a, "--ranges")) {
            ranges = true;
            continue;
        }
        bool takes = !strcmp(a, "--n") || !strcmp(a, "--kind") || !strcmp(a, "--seed") ||
                     !strcmp(a, "--out") || !strcmp(a, "--lp");
        if (!takes)
            return usage_error("unknown option", a);
        if (i + 1 >= argc)
            return usage_error("this option needs a value:", a);
        const char *v = argv[++i];
        if (!strcmp(a, "--n")) {
            if (!parse_ull(v, &n) || n < 20 || n > 10000000)
                return usage_error("--n needs a whole number from 20 to 10000000, not", v);
        } else if (!strcmp(a, "--seed")) {
            if (!parse_ull(v, &seed))
                return usage_error("--seed needs a whole number >= 0, not", v);
        } else if (!strcmp(a, "--kind")) {
            if (strcmp(v, "hard") != 0 && strcmp(v, "moderate") != 0 && strcmp(v, "quick") != 0)
                return usage_error("--kind must be hard, moderate or quick, not", v);
            kind = v;
        } else if (!strcmp(a, "--lp")) {
            lp = v;
        } else {
            out = v;
        }
    }
    if (!n || !kind || !out)
        return usage_error("--n, --kind and --out are required", NULL);

    int kindno = !strcmp(kind, "hard") ? KIND_HARD : !strcmp(kind, "quick") ? KIND_QUICK : KIND_MODERATE;
    gen_row *rows = malloc((size_t)n * sizeof *rows);
    if (!rows) {
        fprintf(stderr, "juten-gen: out of memory for %llu rows\n", n);
        return 1;
    }
    gen_stats st;
    generate(rows, (int)n, kindno, seed, &st);
    if (ranges)
        generate_ranges(rows, (int)n, seed);
    if (mkdir_p(out) != 0) {
        fprintf(stderr, "juten-gen: cannot create directory %s: %s\n", out, strerror(errno));
        free(rows);
        return 1;
    }
    int rc = write_round(out, rows, (int)n, kindno, seed, &st, ranges) == 0 ? 0 : 1;
    if (rc == 0 && lp && write_lp(lp, rows, (int)n, &st) != 0)
        rc = 1;
    free(rows);
    if (rc == 0 && !quiet)
        printf("juten-gen: %s: %llu measures (%s, seed %llu): %d savings, %d mandatory, "
               "%d in %d groups, %d dependencies, %d incident-response (minimum %.3f of "
               "%.3f); cost %.3f, savings %.3f (%.1f%%), mandatory cost %.3f\n",
               out, n, kind, seed, st.n_saving, st.n_mandatory, st.n_grouped, st.n_groups,
               st.n_requires, st.n_ir, st.ir_min, st.ir_cost, st.total_cost, st.total_saving,
               st.total_cost > 0 ? 100.0 * st.total_saving / st.total_cost : 0.0,
               st.mandatory_net);
    return rc;
}
