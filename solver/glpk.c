/*
 * glpk.c -- GLPK behind the lpi.h interface; the only file that includes
 * <glpk.h>.
 *
 * Containment.  GLPK reports an internal error by calling the error hook and
 * then abort().  Every entry point here sets a thread-local jmp_buf before
 * calling GLPK; the hook longjmps back to it, the thread's GLPK environment
 * is freed (glp_free_env, the only documented way out of an error state; the
 * approach igraph takes), and the call returns JUTEN_ERR_SOLVER with GLPK's
 * own message, captured through the terminal hook.  GLPK's terminal output
 * never reaches stdout: the hook swallows it and keeps the last lines for
 * error messages.
 *
 * Threads.  GLPK's environment is thread-local in Debian's build, so all the
 * containment state is thread-local too.  A generation counter per thread
 * tells which problem objects died with an environment.  Every object
 * records the thread that created it (a process-unique number, since
 * pthread_t values are reused once a thread ends): the generation counter of
 * another thread says nothing about it, and its GLPK problem lives in its
 * owner's environment, so a call from any other thread is refused with
 * JUTEN_ERR_USAGE before GLPK is touched.
 *
 * Nesting.  A contained call made from inside another one (from the
 * heuristic, which GLPK calls inside glp_intopt) runs under the outer call's
 * guard: a fault there unwinds to the outermost call, the only place where
 * freeing the environment is safe, since GLPK's own frames in between would
 * otherwise go on using what was freed.
 *
 * Speed.  The settings follow what we measured on large rounds: no presolve
 * (GLPK's presolvers ignore the time limit), dual simplex with the long-step
 * ratio test, scaling and an advanced basis before the first LP, and our own
 * incumbent heuristic handed in at the nodes.  The wall-clock limit is
 * enforced here, in the branch-and-bound callback, not only through GLPK's
 * tm_lim.
 */
#include "lpi.h"
#include "juten_i18n.h"
#include "juten_clock.h"

#include <glpk.h>
#include <limits.h>
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct juten_lpi {
    glp_prob *P;
    unsigned long owner;     /* juten_lpi_thread_id() of the creating thread */
    unsigned gen;            /* environment generation it was created in */
    int nrows, ncols;
    bool have_basis;         /* an LP has been solved on this object */
    bool start_basis;        /* juten_lpi_start_basis set the next LP's basis */
    bool refactor;           /* juten_lpi_restart set a basis: factorize it afresh */
    bool scaled;             /* scale factors match the coefficients */
    double *buf;             /* 1-based scratch, ncols + 1 */
    int *ibuf;               /* 1-based scratch, ncols + 1 */
    double *hx;              /* LP values for the heuristic, 0-based */
    double *hdj;             /* reduced costs for the heuristic */
    double *hout;            /* heuristic output */
    /* branch-and-bound state */
    const juten_lpi_params *params;
    double t_start;
    bool time_limited;
    bool start_offered;
    long cb_calls;
    long nodes;
    double best_bound;
    bool stalled;            /* the fast search stopped for lack of progress */
    double stall_gap;        /* its gap when it last narrowed by STALL_GAIN */
    long stall_nodes;        /* nodes since then */
    double tol_int;          /* GLPK's integrality tolerance in this search */
    long lazy_cuts;          /* no-good rows added for points the check refused */
};

/* The fast search (juten_lpi_params.fast) stops when STALL_NODES nodes in a
 * row have not narrowed its gap by a STALL_GAIN fraction: on some budgets
 * most-fractional branching makes no progress at all, where GLPK's default
 * branching finishes at once.  Counted in nodes, not seconds, so the
 * answer is the same on every machine. */
#define STALL_NODES 300
#define STALL_GAIN 0.02

static _Thread_local jmp_buf *guard;
static _Thread_local unsigned env_gen;
static _Thread_local int live_objects;
static _Thread_local char term_tail[1024];
static _Thread_local size_t term_len;

static atomic_ulong last_thread_id;
static _Thread_local unsigned long this_thread_id;

unsigned long juten_lpi_thread_id(void)
{
    if (!this_thread_id)
        this_thread_id = atomic_fetch_add(&last_thread_id, 1) + 1;
    return this_thread_id;
}

static bool owned_here(const juten_lpi *lp)
{
    return lp->owner == juten_lpi_thread_id();
}

/* Keep the last part of GLPK's terminal output for error messages. */
static int term_hook(void *info, const char *s)
{
    (void)info;
    size_t n = strlen(s);
    if (n >= sizeof term_tail - 1) {
        s += n - (sizeof term_tail - 1);
        n = sizeof term_tail - 1;
    }
    if (term_len + n >= sizeof term_tail) {
        size_t drop = term_len + n - (sizeof term_tail - 1);
        memmove(term_tail, term_tail + drop, term_len - drop);
        term_len -= drop;
    }
    memcpy(term_tail + term_len, s, n);
    term_len += n;
    term_tail[term_len] = 0;
    return 1; /* nonzero: GLPK writes nothing itself */
}

static void error_hook(void *info)
{
    (void)info;
    if (guard)
        longjmp(*guard, 1);
    /* No guard: GLPK would abort.  Every call below is guarded, so this is
     * unreachable; returning lets GLPK abort as the last resort. */
}

static void setup_env(void)
{
    glp_term_hook(term_hook, NULL);
    glp_error_hook(error_hook, NULL);
}

/* Called on the longjmp path: GLPK's environment is unusable; free it. */
static void recover(juten_diags *d)
{
    char msg[sizeof term_tail];
    memcpy(msg, term_tail, term_len + 1);
    /* trim trailing newlines */
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = 0;
    for (char *p = msg; *p; p++)
        if (*p == '\n')
            *p = ' ';
    guard = NULL;
    glp_free_env();
    env_gen++;
    live_objects = 0;
    term_len = 0;
    term_tail[0] = 0;
    juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                    _("the GLPK solver reported an internal error and was stopped: %s"),
                    n ? msg : _("(no message)"));
}

static void foreign_thread(juten_diags *d)
{
    juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                    _("a GLPK problem was used from a thread other than the one that "
                    "created it; GLPK keeps its state per thread, so each thread must "
                    "create its own solver"));
}

/* Guarded region.  setjmp must be called in the frame that stays active, so
 * this is a macro.  Locals changed after it and read on the fault path must
 * be volatile; the fault path here only returns.  Nested inside another
 * guarded call, it keeps the outer guard (see "Nesting" above). */
#define LPI_BEGIN(lp, d)                                                          \
    jmp_buf jb_;                                                                  \
    jmp_buf *volatile prev_guard_ = guard;                                        \
    if ((lp) && !owned_here(lp)) {                                                \
        foreign_thread(d);                                                        \
        return JUTEN_ERR_USAGE;                                                   \
    }                                                                             \
    if ((lp) && !juten_lpi_alive(lp)) {                                           \
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,                               \
                        _("the solver's problem object was lost after an earlier "  \
                        "GLPK fault in this thread; create a new solver"));      \
        return JUTEN_ERR_SOLVER;                                                  \
    }                                                                             \
    if (!prev_guard_) {                                                           \
        guard = &jb_;                                                             \
        if (setjmp(jb_)) {                                                        \
            recover(d);                                                           \
            return JUTEN_ERR_SOLVER;                                              \
        }                                                                         \
    }                                                                             \
    setup_env()

#define LPI_END() (guard = prev_guard_)

bool juten_lpi_alive(const juten_lpi *lp)
{
    /* env_gen is this thread's: it says nothing about another's objects */
    return lp && lp->P && owned_here(lp) && lp->gen == env_gen;
}

bool juten_lpi_owned(const juten_lpi *lp)
{
    return lp && owned_here(lp);
}

const char *juten_lpi_version(void)
{
    static _Thread_local char v[32];
    if (!v[0])
        snprintf(v, sizeof v, "GLPK %d.%d", GLP_MAJOR_VERSION, GLP_MINOR_VERSION);
    return v;
}

static void free_buffers(juten_lpi *lp)
{
    free(lp->buf);
    free(lp->ibuf);
    free(lp->hx);
    free(lp->hdj);
    free(lp->hout);
    free(lp);
}

/* The GLPK half of juten_lpi_create, guarded on its own so that a fault
 * returns here and the caller can free what it allocated.  (Nested inside
 * another contained call, a fault unwinds past it and the caller's memory
 * is lost: a leak, where returning into GLPK would be a crash.) */
static juten_status create_prob(juten_lpi *lp, juten_diags *d)
{
    LPI_BEGIN(NULL, d);
    glp_term_out(GLP_OFF);
    lp->P = glp_create_prob();
    lp->gen = env_gen;
    live_objects++;
    glp_set_obj_dir(lp->P, GLP_MAX);
    if (lp->nrows > 0)
        glp_add_rows(lp->P, lp->nrows);
    if (lp->ncols > 0)
        glp_add_cols(lp->P, lp->ncols);
    for (int j = 1; j <= lp->ncols; j++)
        glp_set_col_kind(lp->P, j, GLP_BV);
    for (int i = 1; i <= lp->nrows; i++)
        glp_set_row_bnds(lp->P, i, GLP_FR, 0.0, 0.0);
    LPI_END();
    return JUTEN_OK;
}

juten_status juten_lpi_create(juten_lpi **out, int nrows, int ncols, juten_diags *d)
{
    *out = NULL;
    if (nrows < 0 || ncols < 0) {
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        _("internal error: a problem with %d rows and %d columns"), nrows, ncols);
        return JUTEN_ERR_USAGE;
    }
    juten_lpi *lp = calloc(1, sizeof *lp);
    if (!lp)
        return JUTEN_ERR_NOMEM;
    lp->buf = malloc(((size_t)ncols + 1) * sizeof *lp->buf);
    lp->ibuf = malloc(((size_t)ncols + 1) * sizeof *lp->ibuf);
    lp->hx = malloc(((size_t)ncols + 1) * sizeof *lp->hx);
    lp->hdj = malloc(((size_t)ncols + 1) * sizeof *lp->hdj);
    lp->hout = malloc(((size_t)ncols + 1) * sizeof *lp->hout);
    if (!lp->buf || !lp->ibuf || !lp->hx || !lp->hdj || !lp->hout) {
        free_buffers(lp);
        return JUTEN_ERR_NOMEM;
    }
    lp->owner = juten_lpi_thread_id();
    lp->nrows = nrows;
    lp->ncols = ncols;
    juten_status st = create_prob(lp, d);
    if (st != JUTEN_OK) {
        /* the fault freed the environment, and lp->P with it */
        free_buffers(lp);
        return st;
    }
    *out = lp;
    return JUTEN_OK;
}

void juten_lpi_free(juten_lpi *lp)
{
    if (!lp)
        return;
    /* From another thread the GLPK problem cannot be deleted (it belongs to
     * its owner's environment, which that thread may be using right now):
     * it is left to that environment, and only juten's memory is freed. */
    if (juten_lpi_alive(lp)) {
        jmp_buf jb;
        jmp_buf *prev = guard;
        guard = &jb;
        if (!setjmp(jb)) {
            setup_env();
            glp_delete_prob(lp->P);
            /* Free the thread's GLPK environment with its last object, so a
             * worker thread that ends leaves nothing behind. */
            if (--live_objects == 0)
                glp_free_env();
        } else {
            recover(NULL);
        }
        guard = prev;
    }
    free_buffers(lp);
}

juten_status juten_lpi_set_names(juten_lpi *lp, const char *prob, const char *obj,
                                 const char *const *rows, const char *const *cols,
                                 juten_diags *d)
{
    LPI_BEGIN(lp, d);
    glp_set_prob_name(lp->P, prob);
    glp_set_obj_name(lp->P, obj);
    for (int i = 0; rows && i < lp->nrows; i++)
        glp_set_row_name(lp->P, i + 1, rows[i]);
    for (int j = 0; cols && j < lp->ncols; j++)
        glp_set_col_name(lp->P, j + 1, cols[j]);
    LPI_END();
    return JUTEN_OK;
}

juten_status juten_lpi_add_rows(juten_lpi *lp, int k, const char *const *names, int *first,
                                juten_diags *d)
{
    LPI_BEGIN(lp, d);
    int i0 = glp_add_rows(lp->P, k);
    for (int i = 0; i < k; i++) {
        glp_set_row_bnds(lp->P, i0 + i, GLP_FR, 0.0, 0.0);
        if (names && names[i])
            glp_set_row_name(lp->P, i0 + i, names[i]);
    }
    lp->nrows += k;
    lp->scaled = false;
    *first = i0 - 1;
    LPI_END();
    return JUTEN_OK;
}

juten_status juten_lpi_del_rows_from(juten_lpi *lp, int first, juten_diags *d)
{
    LPI_BEGIN(lp, d);
    int m = glp_get_num_rows(lp->P), k = m - first;
    if (first >= 0 && k > 0) {
        int *num = malloc(((size_t)k + 1) * sizeof *num);
        if (!num) {
            LPI_END();
            return JUTEN_ERR_NOMEM;
        }
        for (int q = 1; q <= k; q++)
            num[q] = first + q;
        glp_del_rows(lp->P, k, num);
        free(num);
        lp->nrows = first;
        lp->scaled = false;
        /* the basis lost rows: the next LP starts afresh */
        lp->have_basis = false;
        lp->refactor = false;
    }
    LPI_END();
    return JUTEN_OK;
}

juten_status juten_lpi_set_obj(juten_lpi *lp, const double *obj, juten_diags *d)
{
    LPI_BEGIN(lp, d);
    for (int j = 0; j < lp->ncols; j++)
        glp_set_obj_coef(lp->P, j + 1, obj[j]);
    LPI_END();
    return JUTEN_OK;
}

juten_status juten_lpi_set_col_bounds(juten_lpi *lp, int j, double lb, double ub,
                                      juten_diags *d)
{
    LPI_BEGIN(lp, d);
    if (lb == ub)
        glp_set_col_bnds(lp->P, j + 1, GLP_FX, lb, ub);
    else
        glp_set_col_bnds(lp->P, j + 1, GLP_DB, lb, ub);
    LPI_END();
    return JUTEN_OK;
}

juten_status juten_lpi_set_row(juten_lpi *lp, int i, juten_lpi_sense s, double lb,
                               double ub, juten_diags *d)
{
    LPI_BEGIN(lp, d);
    int type = GLP_FR;
    switch (s) {
    case JUTEN_LPI_LE: type = GLP_UP; break;
    case JUTEN_LPI_GE: type = GLP_LO; break;
    case JUTEN_LPI_RANGE: type = lb == ub ? GLP_FX : GLP_DB; break;
    case JUTEN_LPI_EQ: type = GLP_FX; break;
    case JUTEN_LPI_FREE: type = GLP_FR; break;
    }
    glp_set_row_bnds(lp->P, i + 1, type, lb, ub);
    LPI_END();
    return JUTEN_OK;
}

juten_status juten_lpi_set_row_coefs(juten_lpi *lp, int i, int len, const int *idx,
                                     const double *val, juten_diags *d)
{
    /* after the owner check: the scratch arrays are the owner's */
    LPI_BEGIN(lp, d);
    /* GLPK wants 1-based arrays with an unused slot 0; the caller's stored
     * zeros (entries its numbers may make nonzero later) stay out. */
    int k1 = 0;
    for (int k = 0; k < len; k++)
        if (val[k] != 0.0) {
            k1++;
            lp->ibuf[k1] = idx[k] + 1;
            lp->buf[k1] = val[k];
        }
    glp_set_mat_row(lp->P, i + 1, k1, lp->ibuf, lp->buf);
    lp->scaled = false;
    /* The basis statuses stay, but GLPK 5.0 may keep the old factorization
     * marked valid, and its updates on a stale factorization fail an
     * internal assertion ("k1 < k2", bflib/sgf.c): the next LP factorizes
     * afresh (run_simplex), and a basis the new numbers make singular gives
     * way to the crash basis there. */
    if (lp->have_basis)
        lp->refactor = true;
    LPI_END();
    return JUTEN_OK;
}

static bool out_of_time(juten_lpi *lp)
{
    double lim = lp->params->time_limit;
    return lim > 0 && juten_clock_monotonic() - lp->t_start > lim;
}

/* Before GLPK takes an optimal node LP as a new integer solution, round it
 * as GLPK would record it and ask the caller's check.  A refused point gets
 * a no-good row, sum_{x_j=1} (1 - x_j) + sum_{x_j=0} x_j >= 1, which cuts off
 * exactly that portfolio (it breaks a rule, so nothing feasible is lost);
 * GLPK then re-solves the node.  GLPK keeps rows added here for the subtree
 * only and removes them when the search ends. */
static void lazy_check(glp_tree *T, juten_lpi *lp)
{
    glp_prob *Q = glp_ios_get_prob(T);
    for (int j = 0; j < lp->ncols; j++) {
        double v = glp_get_col_prim(Q, j + 1), r = floor(v + 0.5);
        if (fabs(v - r) > lp->tol_int)
            return; /* not integral: GLPK branches, nothing is recorded */
        lp->hout[j] = r > 0.5 ? 1.0 : 0.0;
    }
    if (lp->params->check(lp->params->check_ctx, lp->hout))
        return;
    int ones = 0;
    for (int j = 0; j < lp->ncols; j++) {
        lp->ibuf[j + 1] = j + 1;
        lp->buf[j + 1] = lp->hout[j] > 0.5 ? -1.0 : 1.0;
        ones += lp->hout[j] > 0.5;
    }
    int i = glp_add_rows(Q, 1);
    glp_set_mat_row(Q, i, lp->ncols, lp->ibuf, lp->buf);
    glp_set_row_bnds(Q, i, GLP_LO, 1.0 - ones, 0.0);
    lp->lazy_cuts++;
}

/* Branch-and-bound callback: watchdog, best bound, incumbents. */
static void mip_callback(glp_tree *T, void *info)
{
    juten_lpi *lp = info;
    lp->cb_calls++;
    if (out_of_time(lp)) {
        lp->time_limited = true;
        glp_ios_terminate(T);
        return;
    }
    if (glp_ios_reason(T) == GLP_IROWGEN && lp->params->check) {
        lazy_check(T, lp);
        return;
    }
    /* The best bound once per node: glp_ios_best_node walks the whole list
     * of active nodes (GLPK 5.0), and on a tree of 15,000 nodes reading it
     * at every callback took a third of the time (bench/README.md) */
    int best = 0;
    if (glp_ios_reason(T) == GLP_ISELECT) {
        best = glp_ios_best_node(T);
        if (best)
            lp->best_bound = glp_ios_node_bound(T, best);
    }
    if (glp_ios_reason(T) == GLP_ISELECT && ++lp->nodes > lp->params->node_limit &&
        lp->params->node_limit > 0) {
        glp_ios_terminate(T);
        return;
    }
    if (glp_ios_reason(T) == GLP_ISELECT && lp->params->fast && best) {
        glp_prob *Q = glp_ios_get_prob(T);
        double gap = INFINITY;
        if (glp_mip_status(Q) == GLP_FEAS || glp_mip_status(Q) == GLP_OPT)
            gap = glp_ios_mip_gap(T);
        if (gap < lp->stall_gap * (1.0 - STALL_GAIN)) {
            lp->stall_gap = gap;
            lp->stall_nodes = 0;
        } else if (++lp->stall_nodes > STALL_NODES) {
            lp->stalled = true;
            glp_ios_terminate(T);
            return;
        }
    }
    if (glp_ios_reason(T) != GLP_IHEUR)
        return;
    const juten_lpi_params *p = lp->params;
    if (p->start && !lp->start_offered) {
        lp->start_offered = true;
        for (int j = 0; j < lp->ncols; j++)
            lp->buf[j + 1] = p->start[j];
        glp_ios_heur_sol(T, lp->buf);
    }
    if (!p->heuristic)
        return;
    /* an incumbent within the gap asked for already: GLPK is about to stop,
     * and another portfolio cannot change that (on the quick rounds of
     * bench/ the heuristic in this callback was 30 % of a frontier) */
    glp_prob *Q = glp_ios_get_prob(T);
    if (p->mip_gap > 0 && glp_mip_status(Q) == GLP_FEAS && glp_ios_mip_gap(T) <= p->mip_gap)
        return;
    /* Our heuristic at the root, then at the two levels below, where the LP
     * point is most informative, and at every 16th callback deeper (levels
     * down to 8 cost FY2017's proven re-solves 30 % more time and changed
     * nothing on bench's rounds); at every node in
     * the fast search: there a better incumbent ends the search sooner. */
    int cur = glp_ios_curr_node(T);
    int level = cur ? glp_ios_node_level(T, cur) : 0;
    static const long every = 16;
    if (!p->fast && level > 2 && lp->cb_calls % every != 0)
        return;
    for (int j = 0; j < lp->ncols; j++) {
        lp->hx[j] = glp_get_col_prim(Q, j + 1);
        lp->hdj[j] = glp_get_col_dual(Q, j + 1);
    }
    if (p->heuristic(p->heuristic_ctx, lp->hx, lp->hdj, lp->hout)) {
        for (int j = 0; j < lp->ncols; j++)
            lp->buf[j + 1] = lp->hout[j];
        glp_ios_heur_sol(T, lp->buf);
    }
}

static int ms_left(const juten_lpi *lp, double limit)
{
    if (limit <= 0)
        return INT_MAX;
    double left = limit - (juten_clock_monotonic() - lp->t_start);
    if (left <= 0.001)
        return 1;
    return left * 1000.0 > (double)INT_MAX ? INT_MAX : (int)(left * 1000.0);
}

/* Solve the LP relaxation with the settings that worked on large rounds.
 * Returns GLPK's glp_simplex code. */
static int run_simplex(juten_lpi *lp, double limit)
{
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    sm.meth = GLP_DUALP;
    sm.r_test = GLP_RT_FLIP;
    sm.presolve = GLP_OFF;
    sm.tm_lim = ms_left(lp, limit);
    /* scale factors depend on the coefficients alone: computed again only
     * when they changed (three scalings cost a hard 100,000-measure round
     * of bench/ 0.9 s of 8) */
    if (!lp->scaled) {
        glp_scale_prob(lp->P, GLP_SF_AUTO);
        lp->scaled = true;
    }
    int ret = -1;
    if (lp->refactor) {
        /* a basis from juten_lpi_restart: factorized from scratch (an
         * earlier factorization, updated pivot by pivot, would carry that
         * history in its rounding); one the numbers make singular gives way
         * to the crash basis */
        lp->refactor = false;
        lp->have_basis = glp_factorize(lp->P) == 0;
    }
    if (lp->start_basis && !lp->have_basis) {
        /* a primal feasible basis from a portfolio: the primal simplex
         * keeps it feasible; anything wrong with it and GLPK's crash
         * basis takes over below */
        lp->start_basis = false;
        sm.meth = GLP_PRIMAL;
        ret = glp_simplex(lp->P, &sm);
        sm.meth = GLP_DUALP;
        if (ret == 0 || ret == GLP_ETMLIM) {
            if (ret == 0)
                lp->have_basis = true;
            return ret;
        }
    }
    lp->start_basis = false;
    if (!lp->have_basis) {
        glp_std_basis(lp->P);
        glp_adv_basis(lp->P, 0);
    }
    ret = glp_simplex(lp->P, &sm);
    if (ret == GLP_EFAIL || ret == GLP_ESING || ret == GLP_ECOND || ret == GLP_EBADB) {
        /* A bad basis after many changes: start over from a fresh one. */
        glp_std_basis(lp->P);
        glp_adv_basis(lp->P, 0);
        ret = glp_simplex(lp->P, &sm);
    }
    if (ret == 0)
        lp->have_basis = true;
    return ret;
}

bool juten_lpi_has_basis(const juten_lpi *lp) { return lp && lp->have_basis; }

juten_status juten_lpi_get_basis(juten_lpi *lp, int *rstat, int *cstat, juten_diags *d)
{
    LPI_BEGIN(lp, d);
    for (int i = 0; i < lp->nrows; i++)
        rstat[i] = glp_get_row_stat(lp->P, i + 1);
    for (int j = 0; j < lp->ncols; j++)
        cstat[j] = glp_get_col_stat(lp->P, j + 1);
    LPI_END();
    return JUTEN_OK;
}

juten_status juten_lpi_restart(juten_lpi *lp, const int *rstat, int nrows, const int *cstat,
                               juten_diags *d)
{
    LPI_BEGIN(lp, d);
    lp->start_basis = false;
    if (!rstat || !cstat) {
        lp->have_basis = false;
        lp->refactor = false;
        LPI_END();
        return JUTEN_OK;
    }
    int m = glp_get_num_rows(lp->P);
    /* GLPK replaces a non-basic status that does not fit the present
     * bounds (at upper for a fixed column, say) by the one that does */
    for (int i = 1; i <= m; i++)
        glp_set_row_stat(lp->P, i, i <= nrows ? rstat[i - 1] : GLP_BS);
    for (int j = 0; j < lp->ncols; j++)
        glp_set_col_stat(lp->P, j + 1, cstat[j]);
    lp->have_basis = true;
    lp->refactor = true;
    LPI_END();
    return JUTEN_OK;
}

juten_status juten_lpi_start_basis(juten_lpi *lp, const double *x, const int *key,
                                   juten_diags *d)
{
    LPI_BEGIN(lp, d);
    int m = glp_get_num_rows(lp->P);
    for (int i = 1; i <= m; i++)
        glp_set_row_stat(lp->P, i, GLP_BS);
    for (int j = 0; j < lp->ncols; j++) {
        if (key[j] >= 0 && key[j] < m) {
            glp_set_col_stat(lp->P, j + 1, GLP_BS);
            glp_set_row_stat(lp->P, key[j] + 1, GLP_NU);
        } else {
            int t = glp_get_col_type(lp->P, j + 1);
            glp_set_col_stat(lp->P, j + 1, t == GLP_FX ? GLP_NS : x[j] > 0.5 ? GLP_NU : GLP_NL);
        }
    }
    lp->start_basis = true;
    LPI_END();
    return JUTEN_OK;
}

juten_status juten_lpi_solve_lp(juten_lpi *lp, double time_limit, juten_lpi_lp *out,
                                double *x, double *dj, juten_diags *d)
{
    out->status = JUTEN_LPI_NOSOLUTION;
    out->objective = NAN;
    LPI_BEGIN(lp, d);
    lp->t_start = juten_clock_monotonic();
    int ret = run_simplex(lp, time_limit);
    int st = glp_get_status(lp->P);
    if (ret == 0 && st == GLP_OPT) {
        out->status = JUTEN_LPI_OPTIMAL;
        out->objective = glp_get_obj_val(lp->P);
        for (int j = 0; j < lp->ncols; j++) {
            if (x)
                x[j] = glp_get_col_prim(lp->P, j + 1);
            if (dj)
                dj[j] = glp_get_col_dual(lp->P, j + 1);
        }
    } else if (ret == 0 && st == GLP_NOFEAS) {
        out->status = JUTEN_LPI_INFEASIBLE;
    } else if (ret != 0 && ret != GLP_ETMLIM) {
        LPI_END();
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        _("the LP relaxation could not be solved (GLPK simplex code %d)"), ret);
        return JUTEN_ERR_SOLVER;
    }
    LPI_END();
    return JUTEN_OK;
}

double juten_lpi_row_dual(juten_lpi *lp, int i)
{
    /* plain reads of the problem object: GLPK cannot fail here */
    if (!juten_lpi_alive(lp) || i < 0 || i >= glp_get_num_rows(lp->P) ||
        glp_get_status(lp->P) != GLP_OPT)
        return NAN;
    return glp_get_row_dual(lp->P, i + 1);
}

juten_status juten_lpi_solve_mip(juten_lpi *lp, const juten_lpi_params *p,
                                 juten_lpi_result *res, double *x, juten_diags *d)
{
    *res = (juten_lpi_result){JUTEN_LPI_NOSOLUTION, NAN, NAN, NAN, NAN, false, false};
    LPI_BEGIN(lp, d);
    lp->params = p;
    lp->t_start = juten_clock_monotonic();
    lp->time_limited = false;
    lp->start_offered = false;
    lp->cb_calls = 0;
    lp->nodes = 0;
    lp->best_bound = NAN;
    lp->stalled = false;
    lp->stall_gap = INFINITY;
    lp->stall_nodes = 0;

    int ret = run_simplex(lp, p->time_limit);
    int lpst = glp_get_status(lp->P);
    if (ret == GLP_ETMLIM || (ret == 0 && lpst != GLP_OPT && lpst != GLP_NOFEAS)) {
        /* Out of time, or an LP status we cannot build on. */
        res->time_limited = ret == GLP_ETMLIM;
        LPI_END();
        return JUTEN_OK;
    }
    if (ret != 0) {
        LPI_END();
        juten_diags_add(d, JUTEN_ERROR, NULL, 0, 0,
                        _("the LP relaxation could not be solved (GLPK simplex code %d)"), ret);
        return JUTEN_ERR_SOLVER;
    }
    if (lpst == GLP_NOFEAS) {
        /* The relaxation is infeasible, hence the integer program too. */
        res->status = JUTEN_LPI_INFEASIBLE;
        LPI_END();
        return JUTEN_OK;
    }
    res->lp_bound = glp_get_obj_val(lp->P);

    glp_iocp io;
    glp_init_iocp(&io);
    io.msg_lev = GLP_MSG_OFF;
    io.presolve = GLP_OFF;
    io.mip_gap = p->mip_gap > 0 ? p->mip_gap : 0.0;
    io.tm_lim = ms_left(lp, p->time_limit);
    io.cb_func = mip_callback;
    io.cb_info = lp;
    /* Cover cuts pay where the fast search runs (measured on the 1,000-
     * measure rounds of bench/ at a 1e-3 gap: 0.13 s with them, 0.41 s
     * without); at tight gaps they cost more than they save (FY2017 proven
     * optimal: 3 times slower with them, 65 nodes at 0.5 ms each against 77
     * at 0.13 ms; bench's rounds at 1e-4: within 10 %, either way) */
    io.cov_cuts = p->fast ? GLP_ON : GLP_OFF;
    /* Branching: pseudocosts (Achterberg, Koch and Martin's hybrid, GLPK's
     * GLP_BR_PCH), not GLPK's default Driebeck-Tomlin penalties, whose
     * tableau rows (glp_eval_tab_row) were a fifth of a tight-gap search.
     * Measured one after another on one core: the curve of bench's
     * 1,000-measure rounds at 1e-4 3.4 (hard) and 3.6 (moderate) times
     * faster, a 10,000-measure round 1.4 times, FY2017's proven re-solves
     * 1.2 times, a 100,000-measure round the same.  The fast search keeps
     * most-fractional branching. */
    io.br_tech = GLP_BR_PCH;
    if (p->fast) {
        io.gmi_cuts = GLP_ON;
        io.br_tech = GLP_BR_MFV;
    }
    if (p->int_tol > 0)
        io.tol_int = p->int_tol;
    lp->tol_int = io.tol_int;
    lp->lazy_cuts = 0;
    int rows_before = glp_get_num_rows(lp->P);
    int iret = glp_intopt(lp->P, &io);
    if (glp_get_num_rows(lp->P) > rows_before) {
        /* GLPK removes the rows a search added; make sure of it, since the
         * next run must see the caller's program and nothing else */
        int k = glp_get_num_rows(lp->P) - rows_before;
        int *num = malloc(((size_t)k + 1) * sizeof *num);
        if (num) {
            for (int q = 1; q <= k; q++)
                num[q] = rows_before + q;
            glp_del_rows(lp->P, k, num);
            free(num);
        }
    }
    (void)iret; /* the MIP status below says all we report */
    int st = glp_mip_status(lp->P);
    res->time_limited = lp->time_limited || iret == GLP_ETMLIM;
    res->node_limited = (p->node_limit > 0 && lp->nodes > p->node_limit) || lp->stalled;
    switch (st) {
    case GLP_OPT:
        res->status = JUTEN_LPI_OPTIMAL;
        break;
    case GLP_FEAS:
        res->status = JUTEN_LPI_FEASIBLE;
        break;
    case GLP_NOFEAS:
        res->status = JUTEN_LPI_INFEASIBLE;
        break;
    default:
        res->status = JUTEN_LPI_NOSOLUTION;
        break;
    }
    if (res->status == JUTEN_LPI_OPTIMAL || res->status == JUTEN_LPI_FEASIBLE) {
        res->objective = glp_mip_obj_val(lp->P);
        for (int j = 0; j < lp->ncols; j++)
            x[j] = glp_mip_col_val(lp->P, j + 1) > 0.5 ? 1.0 : 0.0;
    }
    if (res->status == JUTEN_LPI_OPTIMAL)
        res->best_bound = res->objective;
    else if (!isnan(lp->best_bound))
        res->best_bound = lp->best_bound;
    else
        res->best_bound = res->lp_bound;
    if (iret == GLP_EMIPGAP && res->status == JUTEN_LPI_FEASIBLE) {
        /* GLPK stopped with its gap within mip_gap, measured on a bound at
         * least as tight as the one read at the last node selection: its
         * bound is at most objective + gap * |objective| */
        double b = res->objective + io.mip_gap * (fabs(res->objective) + DBL_EPSILON);
        if (!(res->best_bound <= b))
            res->best_bound = b;
    }
    /* With a gap reached, GLPK's status is "feasible": keep it honest. */
    LPI_END();
    return JUTEN_OK;
}

juten_status juten_lpi_write(juten_lpi *lp, bool mps, const char *path, juten_diags *d)
{
    int ret;
    {
        LPI_BEGIN(lp, d);
        if (mps) {
            /* MPS has no standard way to say "maximise" (GLPK's reader
             * rejects OBJSENSE, others ignore it), so the file minimises
             * the negated objective, which every reader understands. */
            glp_set_obj_dir(lp->P, GLP_MIN);
            for (int j = 1; j <= lp->ncols; j++)
                glp_set_obj_coef(lp->P, j, -glp_get_obj_coef(lp->P, j));
            ret = glp_write_mps(lp->P, GLP_MPS_FILE, NULL, path);
            for (int j = 1; j <= lp->ncols; j++)
                glp_set_obj_coef(lp->P, j, -glp_get_obj_coef(lp->P, j));
            glp_set_obj_dir(lp->P, GLP_MAX);
        } else {
            ret = glp_write_lp(lp->P, NULL, path);
        }
        LPI_END();
    }
    if (ret != 0) {
        juten_diags_add(d, JUTEN_ERROR, path, 0, 0, _("cannot write the %s file"),
                        mps ? "MPS" : "LP");
        return JUTEN_ERR_CANTCREAT;
    }
    return JUTEN_OK;
}

juten_status juten_lpi_provoke_fault(juten_lpi *lp, juten_diags *d)
{
    LPI_BEGIN(lp, d);
    /* A column number out of range is one of GLPK's fatal errors. */
    glp_set_obj_coef(lp->P, lp->ncols + 7, 1.0);
    LPI_END();
    return JUTEN_OK;
}
