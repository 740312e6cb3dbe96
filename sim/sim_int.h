/*
 * sim_int.h -- what the files of sim/ share, and nothing else includes.
 *
 * random.c is the only user of Random123 (one file per external library):
 * it turns (seed, stream, draw, 64-bit entity hash) into one standard
 * normal score through Philox4x32-10 and GSL's ziggurat.
 */
#ifndef JUTEN_SIM_INT_H
#define JUTEN_SIM_INT_H

#include <stdint.h>
#include "juten_sim.h"

typedef struct js_rng js_rng;
js_rng *js_rng_new(void);
void js_rng_free(js_rng *r);
/* The standard normal score of entity `hash` in draw `draw` of stream
 * `stream` under `seed`: a pure function of the four numbers. */
double js_rng_normal(js_rng *r, uint64_t seed, unsigned stream, uint64_t draw, uint64_t hash);
/* The same for count entities of one draw: z[i] is js_rng_normal of
 * hash[i], bit for bit, computed faster. */
void js_rng_normals(js_rng *r, uint64_t seed, unsigned stream, uint64_t draw,
                    const uint64_t *hash, int count, double *z);

/* FNV-1a, 64 bits, over a kind byte, a field byte and the id: the entity
 * hash of a measure's field or a group's factor. */
uint64_t js_hash(unsigned char kind, unsigned char field, const char *id);

#endif
