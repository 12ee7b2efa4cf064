/* Unit tests: HyperLogLog sketches (accuracy, exact merging, text form). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "hll.h"
#include "strmap.h"
#include "util.h"

/* An in-memory ts_out: a buffer large enough never to be flushed. */
static ts_out *
mem_out(void)
{
	ts_out *o = xcalloc(1, sizeof(*o));

	o->cap = 1 << 20;
	o->buf = xmalloc(o->cap);
	o->fd = -1;
	return o;
}

static void
mem_free(ts_out *o)
{
	free(o->buf);
	free(o);
}

static char *
text_of(const ts_hll *h, size_t *n)
{
	ts_out *o = mem_out();
	char *s;

	ts_hll_write(h, o);
	*n = o->len;
	s = xmalloc(o->len + 1);
	memcpy(s, o->buf, o->len);
	s[o->len] = '\0';
	mem_free(o);
	return s;
}

static void
add_range(ts_hll *h, unsigned from, unsigned to)
{
	char buf[32];
	unsigned i;

	for (i = from; i < to; i++) {
		int n = snprintf(buf, sizeof(buf), "patient-%u", i);
		ts_hll_add(h, ts_hash(buf, (size_t)n));
	}
}

static void
test_accuracy(void)
{
	static const unsigned sizes[] = { 1, 10, 100, 1000, 5000, 20000, 50000,
	    200000, 1000000 };
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		ts_hll *h = ts_hll_new();
		double e, err, bound;
		char name[120];

		add_range(h, 0, sizes[i]);
		add_range(h, 0, sizes[i] / 2);   /* repeats change nothing */
		e = ts_hll_estimate(h);
		err = fabs(e - sizes[i]) / sizes[i];
		/* 3 standard errors; small sets are counted almost exactly. */
		bound = sizes[i] <= 1000 ? 0.005 : 3 * TS_HLL_STDERR;
		snprintf(name, sizeof(name), "%u distinct: estimate %.1f, "
		    "error %.3f%% <= %.2f%%", sizes[i], e, 100 * err, 100 * bound);
		ok(err <= bound, name);
		ts_hll_free(h);
	}
}

static void
test_merge(void)
{
	ts_hll *all = ts_hll_new(), *a = ts_hll_new(), *b = ts_hll_new();
	ts_hll *c = ts_hll_new();
	char *t1, *t2;
	size_t n1, n2;

	/* Overlapping halves, one sparse and one dense. */
	add_range(all, 0, 30000);
	add_range(a, 0, 2000);
	add_range(b, 1000, 30000);
	ts_hll_merge(a, b);
	t1 = text_of(all, &n1);
	t2 = text_of(a, &n2);
	is_mem(t2, n2, t1, n1, "merge(sparse, dense) equals the sketch of the union");
	is_int(t1[0], 'd', "30000 items: dense text form");
	is_int((long long)n1, 1 + TS_HLL_M, "dense form has one character per register");
	free(t2);
	/* Sparse into sparse, other order. */
	add_range(c, 1000, 30000);
	{
		ts_hll *s = ts_hll_new();
		add_range(s, 0, 2000);
		ts_hll_merge(c, s);
		t2 = text_of(c, &n2);
		is_mem(t2, n2, t1, n1, "merge(dense, sparse) equals the union too");
		free(t2);
		ts_hll_free(s);
	}
	free(t1);
	ts_hll_free(all);
	ts_hll_free(a);
	ts_hll_free(b);
	ts_hll_free(c);
}

static void
test_text(void)
{
	static const unsigned sizes[] = { 0, 1, 50, 3000, 4000, 8000, 100000 };
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		ts_hll *h = ts_hll_new(), *back = ts_hll_new();
		char *t1, *t2, name[80];
		size_t n1, n2;

		add_range(h, 0, sizes[i]);
		t1 = text_of(h, &n1);
		is_int(ts_hll_merge_text(back, t1, n1), 0, "text form parses");
		t2 = text_of(back, &n2);
		snprintf(name, sizeof(name), "%u items: text round-trips (%c, %zu chars)",
		    sizes[i], t1[0], n1);
		is_mem(t2, n2, t1, n1, name);
		ok(ts_hll_estimate(h) == ts_hll_estimate(back), "same estimate");
		free(t1);
		free(t2);
		ts_hll_free(h);
		ts_hll_free(back);
	}
	{
		ts_hll *h = ts_hll_new();
		size_t n;
		char *t = text_of(h, &n);
		is_str(t, "s", "the empty sketch is \"s\"");
		is_int(ts_hll_count(h), 0, "and counts 0");
		free(t);
		ts_hll_free(h);
	}
}

static void
test_invalid(void)
{
	static const char *bad[] = {
		"", "x", "S", "sA", "sAAA", "sAAAAA", "sAAA*",
		"sAAAA",                    /* rank 0 */
		"sAABBAAAB",                /* index not increasing */
		"sAABBAABB",                /* repeated index */
		"sQAAB",                    /* index 16384 */
		"d", "dAAAA",
	};
	ts_hll *h = ts_hll_new();
	char *before, *after;
	size_t i, nb, na;

	add_range(h, 0, 10);
	before = text_of(h, &nb);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char name[80];
		snprintf(name, sizeof(name), "rejects \"%s\"", bad[i]);
		is_int(ts_hll_merge_text(h, bad[i], strlen(bad[i])), -1, name);
	}
	{
		/* Value 52 ('0') is beyond the largest rank, 51 ('z'). */
		is_int(ts_hll_merge_text(h, "sAAA0", 5), -1, "rejects rank 52");
		char *d = xmalloc(1 + TS_HLL_M);
		d[0] = 'd';
		memset(d + 1, 'A', TS_HLL_M);
		d[TS_HLL_M] = '*';
		is_int(ts_hll_merge_text(h, d, 1 + TS_HLL_M), -1,
		    "rejects a bad character in the dense form");
		free(d);
	}
	after = text_of(h, &na);
	is_mem(after, na, before, nb, "a rejected text leaves the sketch unchanged");
	is_int(ts_hll_merge_text(h, "sAAAz", 5), 0, "rank 51 is valid");
	free(before);
	free(after);
	ts_hll_free(h);
}

int
main(void)
{
	test_accuracy();
	test_merge();
	test_text();
	test_invalid();
	return done_testing();
}
