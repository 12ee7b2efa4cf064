/* dupes.c - repeated keys in bounded memory; see dupes.h. */
#include "dupes.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "spill.h"
#include "util.h"
#include "values.h"

#define WHAT "duplicate keys"   /* what spills, for messages */

#define DEFAULT_BUDGET (16u * 1024 * 1024)
#define MIN_BUDGET (64u * 1024)
#define BLOCK 256               /* keys per indexed block of a run */
#define HUGE_PAGE (2u * 1024 * 1024)

/*
 * A key: A, 64 bits of its fingerprint (0: a free slot), and W, 20 more
 * bits of it above where it was first seen: a file index (12 bits, NOWHERE
 * when not known) and a line (32 bits).
 */
struct slot {
	uint64_t a, w;
};
#define CHECK_SHIFT 44
#define FILE_SHIFT 32
#define NOWHERE 0xfffu
#define SAME_KEY(s, a_, w_) ((s).a == (a_) && ((s).w >> CHECK_SHIFT) == \
	((w_) >> CHECK_SHIFT))

/* Keys sorted by A in the spill file, from OFF, with every BLOCKth A. */
struct run {
	off_t off;
	size_t n;
	uint64_t *first;        /* first A of each block */
};

struct ts_dupes {
	struct slot *t;
	size_t mask, n, max_slots;
	int shift;              /* slot of A: its top bits, A >> shift */
	size_t budget;
	char **files;
	size_t nfiles;
	/* Past the table: the runs on disk and the filter of their keys. */
	int fd;
	off_t end;
	struct run *runs;
	size_t nruns;
	uint64_t *bloom;        /* 512-bit lines */
	size_t bloom_lines;     /* a power of two */
	uint64_t spilled;
	ts_error err;           /* the first failure of the runs' file */
	struct slot block[BLOCK];
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
	*pa += *pa == 0;        /* never a free slot */
	*pb = fmix(h2);
}

/* The budget TELESTAT_DUPES_MEMORY asks for, or 0 (and E) if not a number. */
static size_t
budget_from_env(ts_error *err)
{
	const char *e = getenv("TELESTAT_DUPES_MEMORY");
	uint64_t v;

	if (e == NULL || *e == '\0')
		return DEFAULT_BUDGET;
	if (ts_num_parse(e, strlen(e), 1, SIZE_MAX, &v) != NULL) {
		ts_error_set(err, TS_EXIT_USAGE, "TELESTAT_DUPES_MEMORY=%s: want a"
		    " number of bytes", e);
		return 0;
	}
	return v < MIN_BUDGET ? MIN_BUDGET : (size_t)v;
}

/*
 * N zeroed elements of SIZE. The table and the filter are read at random
 * places, one slot a key: past 2 MiB they are asked for in huge pages,
 * which spares a page-table walk on most look-ups.
 */
static void *
big_calloc(size_t n, size_t size)
{
	size_t bytes = n * size;
	void *p;

	if (bytes < HUGE_PAGE)
		return xcalloc(n, size);
	if (posix_memalign(&p, HUGE_PAGE, bytes) != 0)
		return xcalloc(n, size);
#ifdef MADV_HUGEPAGE
	(void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
	memset(p, 0, bytes);
	return p;
}

ts_dupes *
ts_dupes_new(size_t budget, ts_error *e)
{
	ts_dupes *d;

	if (budget == 0 && (budget = budget_from_env(e)) == 0)
		return NULL;
	d = xcalloc(1, sizeof(*d));
	d->budget = budget;
	d->fd = -1;
	/* The largest power of two of slots within half the budget. */
	d->max_slots = 1024;
	while (d->max_slots * 2 * sizeof(struct slot) <= budget / 2)
		d->max_slots *= 2;
	d->mask = 1023;
	d->shift = 64 - 10;
	d->t = big_calloc(d->mask + 1, sizeof(struct slot));
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
	for (i = 0; i < d->nruns; i++)
		free(d->runs[i].first);
	free(d->runs);
	free(d->files);
	free(d->t);
	free(d->bloom);
	if (d->fd >= 0)
		close(d->fd);
	free(d);
}

void
ts_dupes_file(ts_dupes *d, const char *name)
{
	d->files = xreallocarray(d->files, d->nfiles + 1, sizeof(char *));
	d->files[d->nfiles++] = xstrdup(name);
}

uint64_t
ts_dupes_spilled(const ts_dupes *d)
{
	return d->spilled;
}

static void
grow(ts_dupes *d)
{
	size_t ncap = (d->mask + 1) * 2, i;
	struct slot *nt = big_calloc(ncap, sizeof(struct slot));

	d->shift--;
	for (i = 0; i <= d->mask; i++) {
		size_t j;
		if (d->t[i].a == 0)
			continue;
		for (j = d->t[i].a >> d->shift; nt[j].a != 0;
		    j = (j + 1) & (ncap - 1))
			;
		nt[j] = d->t[i];
	}
	free(d->t);
	d->t = nt;
	d->mask = ncap - 1;
}

/* -------------------------------------------------------------------- */
/*
 * The filter: three bits in one 64-byte line, from what a slot keeps (A
 * and the 20 check bits C), so that a run's keys can be added from their
 * slots: the line from bits 20-45 of A, the bits from C and A's top.
 */

static inline uint64_t *
bloom_line(const ts_dupes *d, uint64_t a)
{
	return d->bloom + 8 * ((a >> 20) & (d->bloom_lines - 1));
}

static inline int
bloom_has(const ts_dupes *d, uint64_t a, uint64_t c)
{
	const uint64_t *l = bloom_line(d, a);
	uint64_t x = c | (a >> 46) << 20;
	unsigned k;

	for (k = 0; k < 3; k++, x >>= 9)
		if (!(l[(x >> 6) & 7] >> (x & 63) & 1))
			return 0;
	return 1;
}

static inline void
bloom_add(ts_dupes *d, uint64_t a, uint64_t c)
{
	uint64_t *l = bloom_line(d, a);
	uint64_t x = c | (a >> 46) << 20;
	unsigned k;

	for (k = 0; k < 3; k++, x >>= 9)
		l[(x >> 6) & 7] |= (uint64_t)1 << (x & 63);
}

/* -------------------------------------------------------------------- */
/* Runs */

/*
 * The table is full: its keys, sorted, become a run on disk (written
 * once, read back only a block at a time to answer a look-up), and go
 * into the filter; the table starts again empty. 0, or -1 and d->err.
 */
static int
spill(ts_dupes *d)
{
	struct run *r;
	size_t i, n = 0, start, nwrap = 0;
	struct slot *wrap = NULL;

	/*
	 * Slots follow the top bits of A: read in order they are sorted
	 * but for keys pushed a few slots along by collisions, which
	 * insertion sort puts back in a few moves each (no memory for a
	 * merge sort). Keys that wrapped past the end to the first slots
	 * (their home slot is after where they sit) go last.
	 */
	for (start = 0; start <= d->mask && d->t[start].a != 0; start++)
		if ((d->t[start].a >> d->shift) > start)
			nwrap++;
	if (nwrap > 0) {
		wrap = xreallocarray(NULL, nwrap, sizeof(struct slot));
		for (i = 0, nwrap = 0; i < start; i++)
			if ((d->t[i].a >> d->shift) > i)
				wrap[nwrap++] = d->t[i];
	}
	for (i = 0; i <= d->mask; i++)
		if (d->t[i].a != 0 && !(i < start && (d->t[i].a >> d->shift) > i))
			d->t[n++] = d->t[i];
	for (i = 0; i < nwrap; i++)
		d->t[n++] = wrap[i];
	free(wrap);
	for (i = 1; i < n; i++) {
		struct slot s = d->t[i];
		size_t k = i;
		while (k > 0 && d->t[k - 1].a > s.a) {
			d->t[k] = d->t[k - 1];
			k--;
		}
		d->t[k] = s;
	}
	if (d->fd < 0) {
		if ((d->fd = ts_spill_open("dupes", WHAT, &d->err)) < 0)
			return -1;
		d->bloom_lines = 1;
		while (d->bloom_lines * 2 * 64 <= d->budget / 2)
			d->bloom_lines *= 2;
		d->bloom = big_calloc(d->bloom_lines * 8, sizeof(uint64_t));
	}
	d->runs = xreallocarray(d->runs, d->nruns + 1, sizeof(struct run));
	r = &d->runs[d->nruns++];
	r->off = d->end;
	r->n = n;
	r->first = xmalloc(((n + BLOCK - 1) / BLOCK) * sizeof(uint64_t));
	for (i = 0; i < n; i++) {
		if (i % BLOCK == 0)
			r->first[i / BLOCK] = d->t[i].a;
		bloom_add(d, d->t[i].a, d->t[i].w >> CHECK_SHIFT);
	}
	if (ts_spill_write(d->fd, d->t, n * sizeof(struct slot), d->end, WHAT,
	    &d->err) < 0)
		return -1;
	d->end += (off_t)(n * sizeof(struct slot));
	d->spilled += n;
	memset(d->t, 0, (d->mask + 1) * sizeof(struct slot));
	d->n = 0;
	return 0;
}

/* Reads block K of run R into d->block; its keys, or -1 and d->err. */
static ssize_t
read_block(ts_dupes *d, const struct run *r, size_t k)
{
	size_t n = r->n - k * BLOCK < BLOCK ? r->n - k * BLOCK : BLOCK;
	size_t want = n * sizeof(struct slot);
	off_t at = r->off + (off_t)(k * BLOCK * sizeof(struct slot));
	ssize_t got = ts_spill_read(d->fd, d->block, want, at, WHAT, &d->err);

	if (got < 0)
		return -1;
	if ((size_t)got < want)
		return ts_spill_truncated(WHAT, &d->err);
	return (ssize_t)n;
}

/* Whether run R holds the key (A, W), its slot in *S; -1 and d->err. */
static int
run_find(ts_dupes *d, const struct run *r, uint64_t a, uint64_t w,
    struct slot *s)
{
	size_t nb = (r->n + BLOCK - 1) / BLOCK, lo = 0, hi = nb, k, i, n;
	ssize_t got;

	/* The last block whose first key is <= A. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->first[mid] <= a)
			lo = mid;
		else
			hi = mid;
	}
	if (r->first[lo] > a)
		return 0;
	/*
	 * Keys with this A (two different keys share one with a
	 * probability of 2^-64) may start in the block before.
	 */
	while (lo > 0 && r->first[lo] == a)
		lo--;
	for (k = lo; k < nb && r->first[k] <= a; k++) {
		if ((got = read_block(d, r, k)) < 0)
			return -1;
		n = (size_t)got;
		for (i = 0; i < n && d->block[i].a <= a; i++)
			if (SAME_KEY(d->block[i], a, w)) {
				*s = d->block[i];
				return 1;
			}
		if (i < n)
			break;
	}
	return 0;
}

/* -------------------------------------------------------------------- */

static void
where(const ts_dupes *d, const struct slot *s, struct ts_dupes_first *first)
{
	unsigned f = (unsigned)(s->w >> FILE_SHIFT) & NOWHERE;

	if (f == NOWHERE || f >= d->nfiles) {
		first->file = NULL;
		first->line = 0;
	} else {
		first->file = d->files[f];
		first->line = (uint32_t)s->w;
	}
}

int
ts_dupes_add(ts_dupes *d, const ts_str *v, size_t n, uint64_t line,
    struct ts_dupes_first *first)
{
	uint64_t a, b, w, file;
	size_t j, i;
	struct slot *s, found;

	if (d->err.status != TS_EXIT_OK)
		return -1;
	fingerprint(v, n, &a, &b);
	w = (b & 0xfffff) << CHECK_SHIFT;
	for (j = a >> d->shift; d->t[j].a != 0; j = (j + 1) & d->mask)
		if (SAME_KEY(d->t[j], a, w)) {
			where(d, &d->t[j], first);
			return 0;
		}
	if (d->nruns > 0 && bloom_has(d, a, b & 0xfffff)) {
		for (i = d->nruns; i-- > 0;) {
			int rc = run_find(d, &d->runs[i], a, w, &found);
			if (rc < 0)
				return -1;
			if (rc) {
				where(d, &found, first);
				return 0;
			}
		}
	}
	file = d->nfiles > 0 ? d->nfiles - 1 : 0;
	if (file >= NOWHERE || line > UINT32_MAX)
		w |= (uint64_t)NOWHERE << FILE_SHIFT;
	else
		w |= file << FILE_SHIFT | line;
	s = &d->t[j];
	s->a = a;
	s->w = w;
	d->n++;
	/* At most 3/4 full; at the budget its keys go to disk instead. */
	if (d->n * 4 > (d->mask + 1) * 3) {
		if ((d->mask + 1) * 2 <= d->max_slots)
			grow(d);
		else if (spill(d) < 0)
			return -1;
	}
	return 1;
}

const ts_error *
ts_dupes_error(const ts_dupes *d)
{
	return d->err.status != TS_EXIT_OK ? &d->err : NULL;
}
