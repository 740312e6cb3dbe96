/*
 * random.c -- counter-based random streams: Random123's Philox4x32-10 under
 * GSL's ziggurat normal sampler (the only file including Random123).
 *
 * A value of the simulation is never "the next number of a generator": it
 * is the normal score of one (seed, stream, draw, entity) tuple.  The key
 * is the 64-bit seed; the counter is (draw, hash low, hash high, block),
 * where the hash names the entity (a measure's field, or a ministry's or
 * area's factor) and is mixed with the stream and the draw's high bits.
 * Random123's GSL adaptor turns one counter into a short gsl_rng stream
 * (the block word counts its 128-bit blocks), so GSL's ziggurat, which
 * may ask for more than one number, runs unchanged on top.  Draw k is
 * therefore the same on any thread, shard, rank or machine, and in any
 * order.
 */
#include "sim_int.h"

#include <stdlib.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <Random123/philox.h>
#include <Random123/gsl_microrng.h>

GSL_MICRORNG(juten_philox, philox4x32); /* defines gsl_rng_juten_philox */

struct js_rng {
    gsl_rng *g;
};

js_rng *js_rng_new(void)
{
    js_rng *r = malloc(sizeof *r);
    if (!r)
        return NULL;
    r->g = gsl_rng_alloc(gsl_rng_juten_philox);
    if (!r->g) {
        free(r);
        return NULL;
    }
    return r;
}

void js_rng_free(js_rng *r)
{
    if (!r)
        return;
    gsl_rng_free(r->g);
    free(r);
}

/* splitmix64's finaliser: spreads the stream and the draw's high bits over
 * the hash words. */
static uint64_t mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

double js_rng_normal(js_rng *r, uint64_t seed, unsigned stream, uint64_t draw, uint64_t hash)
{
    uint64_t h = hash ^ mix64(((uint64_t)stream << 32) | (draw >> 32));
    philox4x32_ctr_t c = {{(uint32_t)draw, (uint32_t)h, (uint32_t)(h >> 32), 0}};
    philox4x32_key_t k = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    juten_philox_reset(r->g, c, k);
    return gsl_ran_gaussian_ziggurat(r->g, 1.0);
}

/* Many scores of one draw at once: the same numbers as js_rng_normal, one
 * by one.  The first Philox block of every counter is computed in a loop of
 * its own, where the independent blocks overlap in the processor (one by
 * one, each waited for its block); each is then handed to the ziggurat by
 * setting the adaptor's state to what its first call would have left (that
 * block, its four words unread, the block counter at 1), so that a second
 * block, when the ziggurat needs one, follows as before. */
#define JS_BATCH 8

void js_rng_normals(js_rng *r, uint64_t seed, unsigned stream, uint64_t draw,
                    const uint64_t *hash, int count, double *z)
{
    uint64_t mix = mix64(((uint64_t)stream << 32) | (draw >> 32));
    philox4x32_key_t k = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    juten_philox_state *st = (juten_philox_state *)r->g->state;
    for (int i0 = 0; i0 < count; i0 += JS_BATCH) {
        int m = count - i0 < JS_BATCH ? count - i0 : JS_BATCH;
        philox4x32_ctr_t c[JS_BATCH], b[JS_BATCH];
        for (int i = 0; i < m; i++) {
            uint64_t h = hash[i0 + i] ^ mix;
            c[i] = (philox4x32_ctr_t){{(uint32_t)draw, (uint32_t)h, (uint32_t)(h >> 32), 0}};
            b[i] = philox4x32(c[i], k);
        }
        for (int i = 0; i < m; i++) {
            st->ctr = c[i];
            st->key = k;
            st->r = b[i];
            st->n = 1;
            st->elem = (int)(sizeof c[i].v / sizeof c[i].v[0]);
            z[i0 + i] = gsl_ran_gaussian_ziggurat(r->g, 1.0);
        }
    }
}

uint64_t js_hash(unsigned char kind, unsigned char field, const char *id)
{
    uint64_t h = 0xcbf29ce484222325ull;
    h = (h ^ kind) * 0x100000001b3ull;
    h = (h ^ field) * 0x100000001b3ull;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        h = (h ^ *p) * 0x100000001b3ull;
    return mix64(h);
}
