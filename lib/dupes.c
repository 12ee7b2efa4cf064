/* dupes.c - repeated keys in bounded memory; see dupes.h. */
#include "dupes.h"

#include <stdlib.h>
#include <string.h>

#include "distinct.h"
#include "util.h"

#define DEFAULT_BUDGET (16u * 1024 * 1024)
#define MIN_BUDGET (64u * 1024)

struct slot {
	uint64_t a, b;          /* fingerprint; a == 0 && b == 0: free */
	uint32_t file;          /* index in files */
	uint32_t line_hi;
	uint32_t line_lo;
	uint32_t pad;
};

struct ts_dupes {
	struct slot *t;
	size_t mask, n, max_slots, budget;
	int full;               /* the table is at its budget */
	char **files;
	size_t nfiles;
	ts_distinct *later;     /* keys past the budget */
	uint64_t later_added, later_known;  /* added; found repeated at once */
	char *buf;              /* a key's bytes, for the set */
	size_t bufcap;
};

static inline uint64_t
rotl(uint64_t x, int r)
{
	return x << r | x >> (64 - r);
}

static inline uint64_t
fmix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return k;
}

/*
 * Two 64-bit lanes with different multipliers over 8-byte words, each
 * value's length mixed in, so that ("ab", "c") and ("a", "bc") differ.
 */
static void
fingerprint(const ts_str *v, size_t n, uint64_t *pa, uint64_t *pb)
{
	const uint64_t c1 = 0x87c37b91114253d5ULL, c2 = 0x4cf5ad432745937fULL;
	uint64_t h1 = 0x9E3779B97F4A7C15ULL, h2 = 0xC2B2AE3D27D4EB4FULL;
	size_t i, j;

	for (i = 0; i < n; i++) {
		const char *p = v[i].p;
		size_t len = v[i].n;
		for (j = 0; j + 8 <= len; j += 8) {
			uint64_t w;
			memcpy(&w, p + j, 8);
			h1 ^= rotl(w * c1, 31) * c2;
			h1 = rotl(h1, 27) * 5 + 0x52dce729;
			h2 ^= rotl(w * c2, 33) * c1;
			h2 = rotl(h2, 31) * 5 + 0x38495ab5;
		}
		if (j < len) {
			uint64_t w = 0;
			memcpy(&w, p + j, len - j);
			h1 ^= rotl(w * c1, 31) * c2;
			h2 ^= rotl(w * c2, 33) * c1;
		}
		h1 = rotl(h1 ^ len, 29) * c1;
		h2 = rotl(h2 ^ (len + 1), 23) * c2;
	}
	h1 += h2;
	h2 += h1;
	*pa = fmix(h1);
	*pb = fmix(h2) | (*pa == 0);    /* never the free pair (0, 0) */
}

static size_t
budget_from_env(void)
{
	const char *e = getenv("TELESTAT_DUPES_MEMORY");
	char *end;
	unsigned long long v;

	if (e == NULL || *e == '\0')
		return DEFAULT_BUDGET;
	v = strtoull(e, &end, 10);
	if (*end != '\0' || v == 0)
		ts_die(TS_EXIT_USAGE, "TELESTAT_DUPES_MEMORY=%s: want a number of"
		    " bytes", e);
	return v < MIN_BUDGET ? MIN_BUDGET : (size_t)v;
}

ts_dupes *
ts_dupes_new(size_t budget)
{
	ts_dupes *d = xcalloc(1, sizeof(*d));

	if (budget == 0)
		budget = budget_from_env();
	d->budget = budget;
	d->max_slots = 1024;
	/* the largest power of two of slots within the budget */
	while (d->max_slots * 2 * sizeof(struct slot) <= budget)
		d->max_slots *= 2;
	d->mask = 1023;
	d->t = xcalloc(d->mask + 1, sizeof(struct slot));
	return d;
}

void
ts_dupes_free(ts_dupes *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nfiles; i++)
		free(d->files[i]);
	free(d->files);
	free(d->t);
	free(d->buf);
	ts_distinct_free(d->later);
	free(d);
}

void
ts_dupes_file(ts_dupes *d, const char *name)
{
	d->files = xreallocarray(d->files, d->nfiles + 1, sizeof(char *));
	d->files[d->nfiles++] = xstrdup(name);
}

static void
grow(ts_dupes *d)
{
	size_t ncap = (d->mask + 1) * 2, i;
	struct slot *nt = xcalloc(ncap, sizeof(struct slot));

	for (i = 0; i <= d->mask; i++) {
		size_t j;
		if (d->t[i].a == 0 && d->t[i].b == 0)
			continue;
		for (j = d->t[i].a & (ncap - 1); nt[j].a != 0 || nt[j].b != 0;
		    j = (j + 1) & (ncap - 1))
			;
		nt[j] = d->t[i];
	}
	free(d->t);
	d->t = nt;
	d->mask = ncap - 1;
}

/* A key past the budget: exact, by its bytes, in the set. */
static int
add_later(ts_dupes *d, const ts_str *v, size_t n)
{
	size_t need = 0, i, o = 0;
	int rc;

	for (i = 0; i < n; i++)
		need += 4 + v[i].n;
	if (need > d->bufcap) {
		d->bufcap = need * 2;
		d->buf = xrealloc(d->buf, d->bufcap);
	}
	for (i = 0; i < n; i++) {
		uint32_t len = (uint32_t)v[i].n;
		memcpy(d->buf + o, &len, 4);
		memcpy(d->buf + o + 4, v[i].p, v[i].n);
		o += 4 + v[i].n;
	}
	if (d->later == NULL)
		d->later = ts_distinct_new(d->budget / 2);
	d->later_added++;
	rc = ts_distinct_add(d->later, 0, d->buf, o);
	d->later_known += rc == 0;
	return rc;
}

int
ts_dupes_add(ts_dupes *d, const ts_str *v, size_t n, uint64_t line,
    struct ts_dupes_first *first)
{
	uint64_t a, b;
	size_t j;
	struct slot *s;

	fingerprint(v, n, &a, &b);
	for (j = a & d->mask; d->t[j].a != 0 || d->t[j].b != 0;
	    j = (j + 1) & d->mask) {
		if (d->t[j].a == a && d->t[j].b == b) {
			s = &d->t[j];
			first->file = d->files[s->file];
			first->line = (uint64_t)s->line_hi << 32 | s->line_lo;
			return 0;
		}
	}
	if (d->full) {
		int rc = add_later(d, v, n);
		first->file = NULL;
		first->line = 0;
		return rc;
	}
	s = &d->t[j];
	s->a = a;
	s->b = b;
	s->file = d->nfiles > 0 ? (uint32_t)(d->nfiles - 1) : 0;
	s->line_hi = (uint32_t)(line >> 32);
	s->line_lo = (uint32_t)line;
	d->n++;
	/* At most 3/4 full; at the budget it stops growing instead. */
	if (d->n * 4 > (d->mask + 1) * 3) {
		if ((d->mask + 1) * 2 <= d->max_slots)
			grow(d);
		else
			d->full = 1;
	}
	return 1;
}

uint64_t
ts_dupes_finish(ts_dupes *d)
{
	size_t ng;
	const uint64_t *c;

	if (d->later == NULL || !ts_distinct_spilled(d->later))
		return 0;
	c = ts_distinct_finish(d->later, &ng);
	return d->later_added - (ng > 0 ? c[0] : 0) - d->later_known;
}
