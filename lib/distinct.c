/* distinct.c - exact distinct sets per group; see distinct.h. */
#include "distinct.h"

#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "util.h"

/* No pair can be all ones: ts_map ids stay below UINT32_MAX - 1. */
#define EMPTY UINT64_MAX

struct ts_distinct {
	ts_map *values;
	uint64_t *set;      /* open addressing, EMPTY = free slot */
	size_t mask, n;
};

static uint64_t
mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

ts_distinct *
ts_distinct_new(void)
{
	ts_distinct *d = xcalloc(1, sizeof(*d));

	d->values = ts_map_new();
	d->mask = 255;
	d->set = xmalloc((d->mask + 1) * sizeof(uint64_t));
	memset(d->set, 0xff, (d->mask + 1) * sizeof(uint64_t));
	return d;
}

void
ts_distinct_free(ts_distinct *d)
{
	if (d == NULL)
		return;
	ts_map_free(d->values);
	free(d->set);
	free(d);
}

static void
grow(ts_distinct *d)
{
	size_t ncap = (d->mask + 1) * 2, i;
	uint64_t *ns = xreallocarray(NULL, ncap, sizeof(uint64_t));

	memset(ns, 0xff, ncap * sizeof(uint64_t));
	for (i = 0; i <= d->mask; i++) {
		size_t j;
		if (d->set[i] == EMPTY)
			continue;
		for (j = mix(d->set[i]) & (ncap - 1); ns[j] != EMPTY;
		    j = (j + 1) & (ncap - 1))
			;
		ns[j] = d->set[i];
	}
	free(d->set);
	d->set = ns;
	d->mask = ncap - 1;
}

int
ts_distinct_add(ts_distinct *d, uint32_t group, const char *p, size_t n)
{
	uint64_t key = (uint64_t)group << 32 | ts_map_intern(d->values, p, n, NULL);
	size_t j;

	for (j = mix(key) & d->mask; d->set[j] != EMPTY; j = (j + 1) & d->mask)
		if (d->set[j] == key)
			return 0;
	d->set[j] = key;
	d->n++;
	/* Load factor at most 3/4: 8-byte slots, linear probing. */
	if (d->n * 4 > (d->mask + 1) * 3)
		grow(d);
	return 1;
}

size_t
ts_distinct_size(const ts_distinct *d)
{
	return d->n;
}

ts_str
ts_distinct_value(const ts_distinct *d, uint32_t v)
{
	return ts_map_key(d->values, v);
}

struct ranked {
	ts_str v;
	uint32_t id;
};

static int
cmp_value(const void *a, const void *b)
{
	const ts_str *x = &((const struct ranked *)a)->v;
	const ts_str *y = &((const struct ranked *)b)->v;
	int c = memcmp(x->p, y->p, x->n < y->n ? x->n : y->n);

	if (c != 0)
		return c;
	return x->n < y->n ? -1 : x->n > y->n;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

ts_distinct_pair *
ts_distinct_sorted(const ts_distinct *d, const uint32_t *rank)
{
	size_t nv = ts_map_size(d->values), i, k = 0;
	struct ranked *byrank = xreallocarray(NULL, nv ? nv : 1,
	    sizeof(struct ranked));
	uint32_t *vrank = xreallocarray(NULL, nv ? nv : 1, sizeof(uint32_t));
	uint64_t *keys = xreallocarray(NULL, d->n ? d->n : 1, sizeof(uint64_t));
	ts_distinct_pair *out;

	/* Rank the values by their bytes once, then sort 64-bit keys. */
	for (i = 0; i < nv; i++) {
		byrank[i].v = ts_map_key(d->values, (uint32_t)i);
		byrank[i].id = (uint32_t)i;
	}
	qsort(byrank, nv, sizeof(struct ranked), cmp_value);
	for (i = 0; i < nv; i++)
		vrank[byrank[i].id] = (uint32_t)i;
	for (i = 0; i <= d->mask; i++) {
		uint64_t s = d->set[i];
		if (s == EMPTY)
			continue;
		keys[k++] = (uint64_t)rank[s >> 32] << 32 | vrank[(uint32_t)s];
	}
	qsort(keys, k, sizeof(uint64_t), cmp_u64);
	/*
	 * Map group ranks back to ids: RANK is a permutation of the group
	 * ids in use, so invert it over the ranks seen.
	 */
	out = xreallocarray(NULL, d->n ? d->n : 1, sizeof(ts_distinct_pair));
	{
		uint32_t maxrank = 0, *byg;
		for (i = 0; i <= d->mask; i++)
			if (d->set[i] != EMPTY && rank[d->set[i] >> 32] > maxrank)
				maxrank = rank[d->set[i] >> 32];
		byg = xreallocarray(NULL, (size_t)maxrank + 1, sizeof(uint32_t));
		for (i = 0; i <= d->mask; i++)
			if (d->set[i] != EMPTY)
				byg[rank[d->set[i] >> 32]] = (uint32_t)(d->set[i] >> 32);
		for (i = 0; i < k; i++) {
			out[i].group = byg[keys[i] >> 32];
			out[i].value = byrank[(uint32_t)keys[i]].id;
		}
		free(byg);
	}
	free(keys);
	free(vrank);
	free(byrank);
	return out;
}
