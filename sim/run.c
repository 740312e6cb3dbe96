/*
 * run.c -- the per-draw records of a simulation, computed on threads.
 *
 * Each thread owns a sampler workspace and, when reoptimising, its own
 * solver (GLPK keeps its environment per thread) with the nominal optimum
 * as its fixed reference: every draw's solve starts from that reference and
 * never from the draw before (juten_solver_set_reference), so a draw's
 * record is a function of its number alone.  Threads take draws in chunks
 * from a shared counter and write each record at its draw's place; which
 * thread computed which draw leaves no trace.
 */
#include "juten_sim.h"
#include "juten_i18n.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK 16

void juten_sim_setup_init(juten_sim_setup *s)
{
    memset(s, 0, sizeof *s);
    juten_solve_options_init(&s->solve);
    s->solve.time_limit = 0;
    s->solve.explain = false;
    s->jobs = 0;
}

juten_status juten_sim_records_alloc(long count, int n_measures, int n_rules,
                                     bool reoptimised, juten_sim_records **out)
{
    *out = NULL;
    if (count < 0 || n_measures < 0 || n_rules < 0)
        return JUTEN_ERR_USAGE;
    juten_sim_records *r = calloc(1, sizeof *r);
    if (!r)
        return JUTEN_ERR_NOMEM;
    size_t c = (size_t)count + 1;
    r->count = count;
    r->n_measures = n_measures;
    r->n_rules = n_rules;
    r->reoptimised = reoptimised;
    r->spend = malloc(c * sizeof *r->spend);
    r->savings = malloc(c * sizeof *r->savings);
    r->net = malloc(c * sizeof *r->net);
    r->value = malloc(c * sizeof *r->value);
    r->holds = calloc(c * ((size_t)n_rules + 1), 1);
    bool ok = r->spend && r->savings && r->net && r->value && r->holds;
    if (ok && reoptimised) {
        r->outcome = calloc(c, sizeof *r->outcome);
        r->objective = malloc(c * sizeof *r->objective);
        r->selected = calloc(c * ((size_t)n_measures + 1), 1);
        ok = r->outcome && r->objective && r->selected;
    }
    if (!ok) {
        juten_sim_records_free(r);
        return JUTEN_ERR_NOMEM;
    }
    *out = r;
    return JUTEN_OK;
}

void juten_sim_records_free(juten_sim_records *r)
{
    if (!r)
        return;
    free(r->spend);
    free(r->savings);
    free(r->net);
    free(r->value);
    free(r->holds);
    free(r->outcome);
    free(r->objective);
    free(r->selected);
    free(r);
}

typedef struct run_shared {
    const juten_sim_setup *setup;
    const juten_rules *rules;
    juten_sim_records *rec;
    uint64_t first;
    long count;
    atomic_long next;
    atomic_long done;
    atomic_int stop;
    pthread_mutex_t lock;      /* progress calls and the first error */
    long err_draw;             /* the lowest draw that failed, -1 none */
    juten_status err;
    juten_diags *err_diags;    /* the failing draw's messages */
} run_shared;

static void fail(run_shared *sh, long k, juten_status st, juten_diags *d)
{
    pthread_mutex_lock(&sh->lock);
    if (sh->err_draw < 0 || k < sh->err_draw) {
        sh->err_draw = k;
        sh->err = st;
        juten_diags_free(sh->err_diags);
        sh->err_diags = d;
        d = NULL;
    }
    pthread_mutex_unlock(&sh->lock);
    juten_diags_free(d);
    atomic_store(&sh->stop, 1);
}

static void *worker(void *arg)
{
    run_shared *sh = arg;
    const juten_sim_setup *su = sh->setup;
    juten_sim_records *rec = sh->rec;
    int n = juten_model_measure_count(su->model);
    size_t n1 = (size_t)n + 1;
    double *cost = malloc(n1 * sizeof *cost), *risk = malloc(n1 * sizeof *risk);
    double *saving = malloc(n1 * sizeof *saving);
    juten_sampler_ws *ws = juten_sampler_ws_new(su->sampler);
    juten_solver *solver = NULL;
    if (!cost || !risk || !saving || !ws) {
        fail(sh, 0, JUTEN_ERR_NOMEM, NULL);
        goto out;
    }
    if (su->reoptimise) {
        juten_diags *d = juten_diags_create(20);
        juten_status st = juten_solver_create(su->model, &solver, d);
        if (st == JUTEN_OK)
            st = juten_solver_set_reference(solver, &su->solve, NULL, d);
        if (st != JUTEN_OK) {
            fail(sh, 0, st, d);
            goto out;
        }
        juten_diags_free(d);
    }
    for (;;) {
        if (atomic_load(&sh->stop))
            break;
        long k0 = atomic_fetch_add(&sh->next, CHUNK);
        if (k0 >= sh->count)
            break;
        long k1 = k0 + CHUNK < sh->count ? k0 + CHUNK : sh->count;
        for (long k = k0; k < k1; k++) {
            uint64_t draw = sh->first + (uint64_t)k;
            juten_sampler_draw(su->sampler, ws, JUTEN_STREAM_SIMULATE, draw,
                               su->reoptimise ? NULL : su->portfolio, cost, risk, saving);
            juten_eval ev;
            juten_rules_eval(sh->rules, su->portfolio, cost, risk, saving, &ev,
                             rec->holds + (size_t)k * (size_t)rec->n_rules);
            rec->spend[k] = ev.spend;
            rec->savings[k] = ev.savings;
            rec->net[k] = ev.net;
            rec->value[k] = ev.value;
            if (!su->reoptimise)
                continue;
            juten_diags *d = juten_diags_create(20);
            juten_result *res = NULL;
            juten_status st = juten_solver_set_values(solver, cost, risk, saving, d);
            if (st == JUTEN_OK)
                st = juten_solver_run(solver, &su->solve, &res, d);
            if (st != JUTEN_OK) {
                fail(sh, k, st, d);
                break;
            }
            juten_diags_free(d);
            juten_outcome oc = juten_result_outcome(res);
            rec->outcome[k] = (signed char)oc;
            rec->objective[k] = juten_result_objective(res);
            unsigned char *sel = rec->selected + (size_t)k * (size_t)n;
            for (int i = 0; i < n; i++)
                sel[i] = juten_result_selected(res, i) ? 1 : 0;
            juten_result_free(res);
        }
        long done = atomic_fetch_add(&sh->done, k1 - k0) + (k1 - k0);
        if (su->progress) {
            pthread_mutex_lock(&sh->lock);
            su->progress(su->progress_ctx, done, sh->count);
            pthread_mutex_unlock(&sh->lock);
        }
    }
out:
    juten_solver_free(solver);
    juten_sampler_ws_free(ws);
    free(cost);
    free(risk);
    free(saving);
    return NULL;
}

juten_status juten_sim_run(const juten_sim_setup *setup, uint64_t first, long count,
                           juten_sim_records **out, juten_diags *diags)
{
    *out = NULL;
    if (!setup || !setup->model || !setup->sampler || !setup->portfolio || count < 0)
        return JUTEN_ERR_USAGE;
    juten_rules *rules = NULL;
    juten_status st = juten_rules_create(setup->model, setup->solve.headroom,
                                         setup->solve.savings_rate, &rules);
    if (st != JUTEN_OK)
        return st;
    juten_sim_records *rec = NULL;
    st = juten_sim_records_alloc(count, juten_model_measure_count(setup->model),
                                 juten_rules_count(rules), setup->reoptimise, &rec);
    if (st != JUTEN_OK) {
        juten_rules_free(rules);
        return st;
    }
    rec->first = first;
    run_shared sh;
    memset(&sh, 0, sizeof sh);
    sh.setup = setup;
    sh.rules = rules;
    sh.rec = rec;
    sh.first = first;
    sh.count = count;
    atomic_init(&sh.next, 0);
    atomic_init(&sh.done, 0);
    atomic_init(&sh.stop, 0);
    sh.err_draw = -1;
    pthread_mutex_init(&sh.lock, NULL);
    int jobs = setup->jobs;
    if (jobs <= 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = c > 0 ? (int)c : 1;
    }
    if (jobs > 256)
        jobs = 256;
    if ((long)jobs > (count + CHUNK - 1) / CHUNK)
        jobs = (int)((count + CHUNK - 1) / CHUNK);
    if (jobs < 1)
        jobs = 1;
    pthread_t tid[256];
    int started = 0;
    for (int t = 1; t < jobs; t++) {
        if (pthread_create(&tid[t], NULL, worker, &sh) != 0)
            break;
        started = t;
    }
    worker(&sh); /* the calling thread works too */
    for (int t = 1; t <= started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&sh.lock);
    juten_rules_free(rules);
    if (sh.err_draw >= 0) {
        if (sh.err_diags) {
            for (size_t i = 0; i < juten_diags_count(sh.err_diags); i++) {
                const juten_diag *dg = juten_diags_get(sh.err_diags, i);
                juten_diags_add(diags, dg->severity, dg->file, dg->line, dg->col, "%s",
                                dg->message);
            }
        }
        juten_diags_add(diags, JUTEN_ERROR, NULL, 0, 0,
                        _("simulation stopped at draw %llu: its solve failed"),
                        (unsigned long long)(first + (uint64_t)sh.err_draw));
        juten_diags_free(sh.err_diags);
        juten_sim_records_free(rec);
        return sh.err == JUTEN_OK ? JUTEN_ERR_SOLVER : sh.err;
    }
    *out = rec;
    return JUTEN_OK;
}
