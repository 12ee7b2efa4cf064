/* distinct.c - exact distinct sets per group; see distinct.h. */
#include "distinct.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spill.h"
#include "strmap.h"
#include "util.h"

#define WHAT "patients"         /* what spills, for messages */

/* No pair can be all ones: ts_map ids stay below UINT32_MAX - 1. */
#define EMPTY UINT64_MAX

/*
 * Spilling: NPART partition files, each written through a PART_BUF
 * buffer, hold (group, value) pairs as [u32 group][u32 length][bytes];
 * a value always goes to the same partition (by a hash of its bytes and
 * the level's seed), so each partition is deduplicated on its own.
 */
#define NPART 64
#define PART_BUF (32 * 1024)
#define MAX_LEVEL 6                     /* deeper, partitions stay in memory */
#define DEFAULT_BUDGET (8u * 1024 * 1024)
#define VALUE_OVERHEAD 48               /* ts_map bytes per value, roughly */

struct part {
	int fd;
	char *buf;
	size_t len;
};

struct ts_distinct {
	ts_map *values;
	uint64_t *set;      /* open addressing, EMPTY = free slot */
	size_t mask, n;
	size_t budget, bytes;   /* the memory allowed, and an estimate in use */
	int level;              /* 0, or the depth of a partition's set */
	int spilled;
	struct part *parts;     /* NPART, once spilled */
	uint64_t *counts;       /* per group, after ts_distinct_finish */
	size_t ncounts;
	/*
	 * The first failure of the temporary files, shared with the sets of
	 * the partitions; once it is set, nothing more is written or read.
	 */
	ts_error *err;
	int owns_err;
};

static int
failed(const ts_distinct *d)
{
	return d->err->status != TS_EXIT_OK;
}

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

static ts_distinct *
distinct_new(size_t budget, int level, ts_error *err)
{
	ts_distinct *d = xcalloc(1, sizeof(*d));

	if (err == NULL) {
		err = xcalloc(1, sizeof(*err));
		d->owns_err = 1;
	}
	d->err = err;
	d->values = ts_map_new();
	d->mask = 255;
	d->set = xmalloc((d->mask + 1) * sizeof(uint64_t));
	memset(d->set, 0xff, (d->mask + 1) * sizeof(uint64_t));
	d->budget = budget ? budget : DEFAULT_BUDGET;
	d->level = level;
	d->bytes = (d->mask + 1) * sizeof(uint64_t);
	return d;
}

ts_distinct *
ts_distinct_new(size_t budget)
{
	return distinct_new(budget, 0, NULL);
}

static void
drop_memory(ts_distinct *d)
{
	ts_map_free(d->values);
	free(d->set);
	d->values = NULL;
	d->set = NULL;
}

static void
free_parts(ts_distinct *d)
{
	size_t i;

	if (d->parts == NULL)
		return;
	for (i = 0; i < NPART; i++) {
		if (d->parts[i].fd >= 0)
			close(d->parts[i].fd);
		free(d->parts[i].buf);
	}
	free(d->parts);
	d->parts = NULL;
}

void
ts_distinct_free(ts_distinct *d)
{
	if (d == NULL)
		return;
	drop_memory(d);
	free_parts(d);
	free(d->counts);
	if (d->owns_err)
		free(d->err);
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
	d->bytes += (ncap - d->mask - 1) * sizeof(uint64_t);
	d->mask = ncap - 1;
}

/* Writes what PT holds; after a failure, drops it. */
static void
part_flush(ts_distinct *d, struct part *pt)
{
	if (!failed(d))
		(void)ts_spill_write(pt->fd, pt->buf, pt->len, -1, WHAT, d->err);
	pt->len = 0;
}

static void
part_put(ts_distinct *d, struct part *pt, const void *p, size_t n)
{
	while (n > 0) {
		size_t k = PART_BUF - pt->len;
		if (k > n)
			k = n;
		memcpy(pt->buf + pt->len, p, k);
		pt->len += k;
		p = (const char *)p + k;
		n -= k;
		if (pt->len == PART_BUF)
			part_flush(d, pt);
	}
}

static void
spill_pair(ts_distinct *d, uint32_t group, const char *p, size_t n)
{
	uint64_t h = ts_hash(p, n) ^ ((uint64_t)d->level * 0x9E3779B97F4A7C15ULL);
	struct part *pt = &d->parts[mix(h) % NPART];
	uint32_t hdr[2];

	hdr[0] = group;
	hdr[1] = (uint32_t)n;
	part_put(d, pt, hdr, sizeof(hdr));
	part_put(d, pt, p, n);
}

/*
 * Moves the pairs held in memory to partition files; from now on pairs
 * go straight to them. When the files cannot be made, the set keeps
 * nothing more (its error says why): memory stays within the budget.
 */
static void
spill(ts_distinct *d)
{
	size_t i;

	d->parts = xcalloc(NPART, sizeof(struct part));
	for (i = 0; i < NPART; i++)
		d->parts[i].fd = -1;
	for (i = 0; i < NPART && !failed(d); i++) {
		d->parts[i].fd = ts_spill_open("patients", WHAT, d->err);
		d->parts[i].buf = xmalloc(PART_BUF);
	}
	if (failed(d)) {
		free_parts(d);
		drop_memory(d);
		d->spilled = 1;
		d->n = 0;
		return;
	}
	for (i = 0; i <= d->mask; i++) {
		ts_str v;
		if (d->set[i] == EMPTY)
			continue;
		v = ts_map_key(d->values, (uint32_t)d->set[i]);
		spill_pair(d, (uint32_t)(d->set[i] >> 32), v.p, v.n);
	}
	drop_memory(d);
	d->spilled = 1;
	d->n = 0;
}

int
ts_distinct_add(ts_distinct *d, uint32_t group, const char *p, size_t n)
{
	uint64_t key;
	size_t j;
	int fresh = 0;

	if (d->spilled) {
		if (d->parts != NULL)
			spill_pair(d, group, p, n);
		return -1;
	}
	key = (uint64_t)group << 32 | ts_map_intern(d->values, p, n, &fresh);
	if (fresh)
		d->bytes += n + VALUE_OVERHEAD;
	for (j = mix(key) & d->mask; d->set[j] != EMPTY; j = (j + 1) & d->mask)
		if (d->set[j] == key)
			return 0;
	d->set[j] = key;
	d->n++;
	/* Load factor at most 3/4: 8-byte slots, linear probing. */
	if (d->n * 4 > (d->mask + 1) * 3)
		grow(d);
	if (d->bytes > d->budget && d->level < MAX_LEVEL)
		spill(d);
	return 1;
}

int
ts_distinct_spilled(const ts_distinct *d)
{
	return d->spilled;
}

/*
 * Reads the pairs of partition PT into SUB (buffer BUF of PART_BUF
 * bytes, *VAL of *CAP for a value). 0, or -1 with d->err set.
 */
static int
read_partition(ts_distinct *d, struct part *pt, ts_distinct *sub, char *buf,
    char **val, size_t *cap)
{
	size_t have = 0, at = 0;
	ssize_t r;

	part_flush(d, pt);
	if (failed(d))
		return -1;
	if (lseek(pt->fd, 0, SEEK_SET) < 0)
		return ts_error_set(d->err, TS_EXIT_IO, "reading %s spilled to"
		    " disk: %s", WHAT, strerror(errno));
	for (;;) {
		uint32_t hdr[2];
		size_t got = 0;
		/* Refill so that a header is whole in the buffer. */
		if (have - at < sizeof(hdr)) {
			memmove(buf, buf + at, have - at);
			have -= at;
			at = 0;
			r = ts_spill_read(pt->fd, buf + have, PART_BUF - have, -1,
			    WHAT, d->err);
			if (r < 0)
				return -1;
			have += (size_t)r;
			if (have == 0)
				return 0;
			if (have < sizeof(hdr))
				return ts_spill_truncated(WHAT, d->err);
		}
		memcpy(hdr, buf + at, sizeof(hdr));
		at += sizeof(hdr);
		if (*cap < hdr[1]) {
			while (*cap < hdr[1])
				*cap *= 2;
			*val = xrealloc(*val, *cap);
		}
		/* The value may run past the buffer: copy it out. */
		while (got < hdr[1]) {
			size_t k = have - at;
			if (k == 0) {
				r = ts_spill_read(pt->fd, buf, PART_BUF, -1, WHAT, d->err);
				if (r < 0)
					return -1;
				if (r == 0)
					return ts_spill_truncated(WHAT, d->err);
				have = (size_t)r;
				at = 0;
				continue;
			}
			if (k > hdr[1] - got)
				k = hdr[1] - got;
			memcpy(*val + got, buf + at, k);
			got += k;
			at += k;
		}
		(void)ts_distinct_add(sub, hdr[0], *val, hdr[1]);
	}
}

/*
 * Reads each partition back into a fresh set one level down (which
 * spills in turn if the partition is still too large) and hands it to
 * FN; stops at the first failure (d->err).
 */
static void
each_partition(ts_distinct *d, void (*fn)(ts_distinct *, void *), void *arg)
{
	char *buf, *val;
	size_t i, cap = 256;

	if (d->parts == NULL || failed(d))
		return;
	buf = xmalloc(PART_BUF);
	val = xmalloc(cap);
	for (i = 0; i < NPART && !failed(d); i++) {
		ts_distinct *sub = distinct_new(d->budget, d->level + 1, d->err);
		if (read_partition(d, &d->parts[i], sub, buf, &val, &cap) == 0 &&
		    !failed(d))
			fn(sub, arg);
		ts_distinct_free(sub);
	}
	free(val);
	free(buf);
}

static void
add_counts(uint64_t **counts, size_t *ncounts, const uint64_t *c, size_t n)
{
	size_t i;

	if (*ncounts < n) {
		*counts = xreallocarray(*counts, n, sizeof(uint64_t));
		memset(*counts + *ncounts, 0, (n - *ncounts) * sizeof(uint64_t));
		*ncounts = n;
	}
	for (i = 0; i < n; i++)
		(*counts)[i] += c[i];
}

static void
count_sub(ts_distinct *sub, void *arg)
{
	ts_distinct *d = arg;
	size_t n;
	const uint64_t *c = ts_distinct_finish(sub, &n);

	if (c != NULL)
		add_counts(&d->counts, &d->ncounts, c, n);
}

const uint64_t *
ts_distinct_finish(ts_distinct *d, size_t *ngroups)
{
	size_t i;

	if (d->counts == NULL && !d->spilled) {
		for (i = 0; i <= d->mask; i++) {
			uint32_t g;
			if (d->set[i] == EMPTY)
				continue;
			g = (uint32_t)(d->set[i] >> 32);
			if (g >= d->ncounts) {
				size_t n = (size_t)g + 1;
				d->counts = xreallocarray(d->counts, n, sizeof(uint64_t));
				memset(d->counts + d->ncounts, 0,
				    (n - d->ncounts) * sizeof(uint64_t));
				d->ncounts = n;
			}
			d->counts[g]++;
		}
		if (d->counts == NULL)
			d->counts = xcalloc(1, sizeof(uint64_t));
	} else if (d->counts == NULL) {
		d->counts = xcalloc(1, sizeof(uint64_t));
		each_partition(d, count_sub, d);
	}
	*ngroups = d->ncounts;
	return failed(d) ? NULL : d->counts;
}

struct batch_arg {
	const uint32_t *rank;
	void (*fn)(void *, const ts_distinct *, const ts_distinct_pair *, size_t);
	void *arg;
};

static void
batch_sub(ts_distinct *sub, void *arg)
{
	struct batch_arg *b = arg;

	if (sub->spilled) {
		each_partition(sub, batch_sub, b);
		return;
	}
	{
		ts_distinct_pair *p = ts_distinct_sorted(sub, b->rank);
		b->fn(b->arg, sub, p, sub->n);
		free(p);
	}
}

int
ts_distinct_batches(ts_distinct *d, const uint32_t *rank,
    void (*fn)(void *, const ts_distinct *, const ts_distinct_pair *, size_t),
    void *arg)
{
	struct batch_arg b = { rank, fn, arg };

	if (d->spilled)
		each_partition(d, batch_sub, &b);
	else
		batch_sub(d, &b);
	return failed(d) ? -1 : 0;
}

const ts_error *
ts_distinct_error(const ts_distinct *d)
{
	return failed(d) ? d->err : NULL;
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
