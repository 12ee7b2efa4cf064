/* rng.c - seeding and weighted tables; see rng.h. */
#include "rng.h"

#include <assert.h>
#include <stdlib.h>

#include "util.h"

uint64_t
ts_mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t
ts_splitmix64(uint64_t *state)
{
	*state += 0x9e3779b97f4a7c15ULL;
	return ts_mix64(*state);
}

void
ts_rng_seed(ts_rng *r, uint64_t seed)
{
	/*
	 * splitmix64 spreads any seed (even 0, which xoshiro must not be
	 * seeded with) over the whole 256-bit state, as the xoshiro authors
	 * recommend.
	 */
	uint64_t st = seed;
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = ts_splitmix64(&st);
}

void
ts_wtab_init(ts_wtab *w, const uint32_t *weights, size_t n)
{
	uint64_t total = 0;
	size_t i, k = 0;
	uint32_t j;

	for (i = 0; i < n; i++)
		total += weights[i];
	/* The tables are the generator's own: a bad one is a bug. */
	assert(n > 0 && n <= 65536 && total > 0 && total <= TS_WTAB_MAX);
	w->slot = xreallocarray(NULL, (size_t)total, sizeof(w->slot[0]));
	w->total = (uint32_t)total;
	w->n = n;
	for (i = 0; i < n; i++)
		for (j = 0; j < weights[i]; j++)
			w->slot[k++] = (uint16_t)i;
}

void
ts_wtab_free(ts_wtab *w)
{
	free(w->slot);
	w->slot = NULL;
	w->total = 0;
	w->n = 0;
}
