/*
 * Unit tests: group tables (spec checks, records in, key order, values,
 * sum overflow) and partial tables (round trip, merging, errors).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "agg.h"
#include "distinct.h"
#include "util.h"

static ts_out *
mem_out(void)
{
	ts_out *o = xcalloc(1, sizeof(*o));

	o->cap = 1 << 20;
	o->buf = xmalloc(o->cap);
	o->fd = -1;
	return o;
}

/* Takes the bytes written to O as a NUL-terminated string; frees O. */
static char *
mem_take(ts_out *o)
{
	char *s = xmalloc(o->len + 1);

	memcpy(s, o->buf, o->len);
	s[o->len] = '\0';
	free(o->buf);
	free(o);
	return s;
}

static char *
table_of(ts_agg *a, int partial)
{
	ts_out *o = mem_out();

	if (partial)
		ts_agg_write_partial(a, o);
	else
		ts_agg_write(a, o);
	return mem_take(o);
}

static const int all_metrics[] = { TS_METRIC_COUNT, TS_METRIC_PATIENTS,
	TS_METRIC_SESSIONS, TS_METRIC_ATTENDEES, TS_METRIC_RECORDS };

static ts_agg_spec
spec_of(const char *const *keys, size_t nkeys, const int *m, size_t nm)
{
	ts_agg_spec s = { 0 };

	s.keys = keys;
	s.nkeys = nkeys;
	s.metrics = m;
	s.nmetrics = nm;
	return s;
}

static void
test_spec(void)
{
	static const char *const k2[] = { "year", "year" };
	static const char *const kc[] = { "count" };
	static const char *const ke[] = { "" };
	static const char *const ky[] = { "year" };
	static const int m2[] = { TS_METRIC_COUNT, TS_METRIC_COUNT };
	static const int mc[] = { TS_METRIC_COUNT };
	ts_error e;
	ts_agg_spec s;

	s = spec_of(ky, 1, all_metrics, 5);
	is_int(ts_agg_spec_check(&s, &e), 0, "year with every metric");
	s = spec_of(k2, 2, mc, 1);
	is_int(ts_agg_spec_check(&s, &e), -1, "key given twice");
	is_str(e.msg, "key column \"year\" given twice", "  says so");
	s = spec_of(kc, 1, mc, 1);
	is_int(ts_agg_spec_check(&s, &e), -1,
	    "key named like a requested metric");
	s = spec_of(kc, 1, all_metrics + 1, 1);
	is_int(ts_agg_spec_check(&s, &e), 0,
	    "key named count is fine without the count metric");
	s = spec_of(ke, 1, mc, 1);
	is_int(ts_agg_spec_check(&s, &e), -1, "empty key name");
	s = spec_of(ky, 1, m2, 2);
	is_int(ts_agg_spec_check(&s, &e), -1, "metric twice");
	s = spec_of(ky, 1, mc, 0);
	is_int(ts_agg_spec_check(&s, &e), -1, "no metric");
	s = spec_of(ky, 1, mc, 1);
	s.approx = 1;
	is_int(ts_agg_spec_check(&s, &e), -1, "approx without patients");
	s.approx = 0;
	s.patients_rule = TS_PATIENTS_HIS;
	is_int(ts_agg_spec_check(&s, &e), -1, "his without patients");
	s = spec_of(NULL, 0, mc, 1);
	is_int(ts_agg_spec_check(&s, &e), 0, "no keys: a grand total");
	is_int(ts_metric_find("attendees", 9), TS_METRIC_ATTENDEES, "metric by name");
	is_int(ts_metric_find("count2", 6), -1, "unknown metric");
	is_str(ts_metric_name(TS_METRIC_RECORDS), "records", "metric name");
}

/* Feeds a records stream held in TEXT; returns counted rows. */
static int
feed(ts_agg *a, const char *text, int *rejected, char *why_col)
{
	ts_reader *r = ts_reader_new(ts_input_memory((const uint8_t *)text,
	    strlen(text), "mem"));
	ts_agg_reject why;
	ts_str *f;
	int rc, n = 0;

	*rejected = 0;
	if (r == NULL || ts_agg_bind(a, r) != 0) {
		ts_reader_free(r);
		return -1;
	}
	while ((rc = ts_reader_next(r, &f)) == TS_ROW_OK || rc == TS_ROW_BAD) {
		if (rc == TS_ROW_OK && ts_agg_add_record(a, f, &why))
			n++;
		else {
			if (rc == TS_ROW_OK && why_col != NULL)
				strcpy(why_col, why.column);
			(*rejected)++;
		}
	}
	ts_reader_free(r);
	return n;
}

static void
test_records(void)
{
	static const char *const keys[] = { "year", "region" };
	static const char in[] =
	    "region\tyear\tcount\tpatient\tsessions\tattendees\tcondition\n"
	    "PE-LIM\t2024\t\tp1\t\t\tN\n"          /* empty count = 1 */
	    "PE-LIM\t2024\t5\tp1\t\t\tC\n"         /* same patient */
	    "PE-LIM\t2024\t2\tp2\t\t\tC\n"
	    "PE-CUS\t2024\t1\t\t2\t30\t\n"          /* no patient */
	    "PE-CUS\t2023\t71567\tp1\t\t\tR\n"
	    "PE-CUS\t2023\t-1\tp9\t\t\tN\n"        /* rejected */
	    "PE-CUS\t2023\t1\tp9\tx\t\tN\n";       /* rejected: sessions */
	ts_agg_spec s = spec_of(keys, 2, all_metrics, 5);
	ts_agg *a = ts_agg_new(&s, NULL);
	int rej;
	char col[32] = "";
	char *t;

	is_int(feed(a, in, &rej, col), 5, "five records counted");
	is_int(rej, 2, "two rejected");
	is_str(col, "sessions", "the last one for its sessions");
	t = table_of(a, 0);
	is_str(t,
	    "year\tregion\tcount\tpatients\tsessions\tattendees\trecords\n"
	    "2023\tPE-CUS\t71567\t1\t0\t\t1\n"
	    "2024\tPE-CUS\t1\t0\t2\t30\t1\n"
	    "2024\tPE-LIM\t8\t2\t0\t\t3\n",
	    "table sorted by year then region; metrics in -m order; "
	    "attendees nobody gave are empty");
	free(t);
	ts_agg_free(a);

	/* HIS rule: only N and R make a patient count. */
	{
		static const int m[] = { TS_METRIC_PATIENTS, TS_METRIC_COUNT };
		static const char *const ky[] = { "year" };
		s = spec_of(ky, 1, m, 2);
		s.patients_rule = TS_PATIENTS_HIS;
		a = ts_agg_new(&s, NULL);
		is_int(feed(a, in, &rej, NULL), 6, "his: only count is checked");
		t = table_of(a, 0);
		is_str(t, "year\tpatients\tcount\n2023\t2\t71568\n2024\t1\t9\n",
		    "his: p1 (N) counts in 2024, p2 (C) does not");
		free(t);
		ts_agg_free(a);
	}
	/* Missing columns. */
	{
		static const char *const kz[] = { "zone" };
		static const int m[] = { TS_METRIC_COUNT };
		s = spec_of(kz, 1, m, 1);
		a = ts_agg_new(&s, NULL);
		is_int(feed(a, in, &rej, NULL), -1, "unknown key column fails to bind");
		ts_agg_free(a);
	}
	/* No count column: every record counts 1. */
	{
		static const char *const ky[] = { "year" };
		static const int m[] = { TS_METRIC_COUNT };
		s = spec_of(ky, 1, m, 1);
		a = ts_agg_new(&s, NULL);
		is_int(feed(a, "year\n2024\n2024\n2023\n", &rej, NULL), 3,
		    "no count column");
		t = table_of(a, 0);
		is_str(t, "year\tcount\n2023\t1\n2024\t2\n", "counts records");
		free(t);
		ts_agg_free(a);
	}
}

static int read_partial(ts_agg **a, const char *p, ts_agg_stats *st);

/*
 * Attendees (telestat-records(5), "Attendees"): the sum of those given,
 * unknown (an empty cell, not 0) when no record of the group gave any,
 * the same through partial tables and merges.
 */
static void
test_attendees(void)
{
	static const char *const keys[] = { "k" };
	static const int m[] = { TS_METRIC_ATTENDEES };
	static const char in1[] =
	    "k\tattendees\n"
	    "none\t\n"
	    "none\t\n"
	    "some\t\n"
	    "some\t7\n"
	    "zero\t0\n"
	    "later\t\n";
	static const char in2[] =
	    "k\tattendees\n"
	    "none\t\n"
	    "later\t3\n";
	ts_agg_spec s = spec_of(keys, 1, m, 1);
	ts_agg *a = ts_agg_new(&s, NULL), *p1 = ts_agg_new(&s, NULL);
	ts_agg *p2 = ts_agg_new(&s, NULL), *merged = NULL;
	ts_agg_stats st = { 0 };
	ts_agg_values v = { 0, 0, 0, 1, { "", 0 }, 0 };
	ts_str k = { "added", 5 };
	const uint32_t *g;
	char *t, *tw, *tp;
	int rej;

	is_int(feed(a, in1, &rej, NULL), 6, "attendees: records counted");
	feed(a, in2, &rej, NULL);
	g = ts_agg_sorted(a);
	/* Sorted: later, none, some, zero. */
	is_mem(ts_agg_key(a, g[1], 0).p, ts_agg_key(a, g[1], 0).n, "none", 4,
	    "none is second");
	is_int(ts_agg_known(a, g[1], TS_METRIC_ATTENDEES), 0,
	    "no record gave attendees: unknown");
	is_int(ts_agg_value(a, g[1], TS_METRIC_ATTENDEES), 0, "... valued 0");
	is_int(ts_agg_known(a, g[2], TS_METRIC_ATTENDEES), 1,
	    "one of two gave: known");
	is_int(ts_agg_known(a, g[1], TS_METRIC_COUNT), 1,
	    "other metrics are always known");
	tw = table_of(a, 0);
	is_str(tw, "k\tattendees\nlater\t3\nnone\t\nsome\t7\nzero\t0\n",
	    "unknown is an empty cell, a given 0 is 0");
	/* The same split over two partial tables, merged. */
	feed(p1, in1, &rej, NULL);
	feed(p2, in2, &rej, NULL);
	tp = table_of(p1, 1);
	is_str(tp, "#telestat-partial-1\tkey:k\tattendees\n"
	    "G\tlater\t\nG\tnone\t\nG\tsome\t7\nG\tzero\t0\n",
	    "a partial table writes unknown attendees empty");
	is_int(read_partial(&merged, tp, &st), TS_EXIT_OK, "read back");
	free(tp);
	tp = table_of(p2, 1);
	is_int(read_partial(&merged, tp, &st), TS_EXIT_OK, "second read back");
	free(tp);
	t = table_of(merged, 0);
	is_str(t, tw, "merged: known where any part knew, else empty");
	free(t);
	/* ts_agg_add: a value that was not given stays unknown. */
	v.attendees = 0;
	is_int(ts_agg_add(merged, ts_agg_group(merged, &k), &v), 0, "add");
	is_int(ts_agg_known(merged, ts_agg_group(merged, &k),
	    TS_METRIC_ATTENDEES), 0, "added without attendees: unknown");
	v.attendees = 2;
	v.attendees_given = 1;
	ts_agg_add(merged, ts_agg_group(merged, &k), &v);
	is_int(ts_agg_value(merged, ts_agg_group(merged, &k),
	    TS_METRIC_ATTENDEES), 2, "then given: 2");
	free(tw);
	ts_agg_free(merged);
	ts_agg_free(p1);
	ts_agg_free(p2);
	ts_agg_free(a);
}

static void
test_order(void)
{
	static const char *const keys[] = { "a", "b" };
	static const int m[] = { TS_METRIC_RECORDS };
	ts_agg_spec s = spec_of(keys, 2, m, 1);
	ts_agg *a = ts_agg_new(&s, NULL);
	/* Key by key: "x" < "x\1" even though TAB (9) > 1 when joined. */
	ts_str rows[][2] = {
		{ { "x\1", 2 }, { "a", 1 } },
		{ { "x", 1 }, { "b", 1 } },
		{ { "", 0 }, { "z", 1 } },
		{ { "x", 1 }, { "", 0 } },
		{ { "\xc3\xb1", 2 }, { "a", 1 } },
		{ { "x", 1 }, { "b", 1 } },
	};
	const uint32_t *g;
	size_t i;
	ts_agg_values v = { 0, 0, 0, 1, { "", 0 }, 0 };

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		is_int(ts_agg_add(a, ts_agg_group(a, rows[i]), &v), 0, "add");
	is_int(ts_agg_ngroups(a), 5, "five groups");
	g = ts_agg_sorted(a);
	is_int(ts_agg_key(a, g[0], 0).n, 0, "empty key first");
	is_mem(ts_agg_key(a, g[1], 0).p, 1, "x", 1, "then x ...");
	is_int(ts_agg_key(a, g[1], 1).n, 0, "... with empty b");
	is_mem(ts_agg_key(a, g[2], 1).p, 1, "b", 1, "then x, b");
	is_int(ts_agg_value(a, g[2], TS_METRIC_RECORDS), 2, "which has two records");
	is_mem(ts_agg_key(a, g[3], 0).p, 2, "x\1", 2, "then x\\1 (key by key)");
	is_mem(ts_agg_key(a, g[4], 0).p, 2, "\xc3\xb1", 2, "UTF-8 last (bytes)");
	is_int(ts_agg_value(a, g[4], TS_METRIC_COUNT), 0, "unrequested metric is 0");
	ts_agg_free(a);
}

static void
test_overflow(void)
{
	static const char *const keys[] = { "k" };
	static const int m[] = { TS_METRIC_COUNT };
	ts_agg_spec s = spec_of(keys, 1, m, 1);
	ts_agg *a = ts_agg_new(&s, NULL);
	int rej;
	char col[32] = "";
	char *t;

	is_int(feed(a, "k\tcount\nx\t9223372036854775807\nx\t1\ny\t9223372036854775808\n",
	    &rej, col), 1, "max value counted");
	is_int(rej, 2, "overflowing sum and too large number rejected");
	t = table_of(a, 0);
	is_str(t, "k\tcount\nx\t9223372036854775807\n", "sum kept at the max");
	free(t);
	ts_agg_free(a);
}

/* Reads partial text P into *A; returns the status. */
static int
read_partial(ts_agg **a, const char *p, ts_agg_stats *st)
{
	return ts_agg_read_partial(a, ts_input_memory((const uint8_t *)p,
	    strlen(p), "part"), st, NULL);
}

static void
test_partial(void)
{
	static const char *const keys[] = { "year", "region" };
	static const char in1[] =
	    "year\tregion\tcount\tpatient\tsessions\tattendees\n"
	    "2024\tPE-LIM\t3\tp1\t\t\n"
	    "2024\tPE-LIM\t1\tp2\t\t\n"
	    "2023\tPE\\tX\t1\tp\\\\3\t1\t4\n";
	static const char in2[] =
	    "year\tregion\tcount\tpatient\tsessions\tattendees\n"
	    "2024\tPE-LIM\t1\tp2\t\t\n"
	    "2024\tPE-LIM\t1\tp4\t\t\n"
	    "2025\tPE-LIM\t1\t\t\t\n";
	ts_agg_spec s = spec_of(keys, 2, all_metrics, 5);
	ts_agg *whole = ts_agg_new(&s, NULL), *p1 = ts_agg_new(&s, NULL), *p2 = ts_agg_new(&s, NULL);
	ts_agg *m = NULL, *m2 = NULL;
	ts_agg_stats st = { 0 };
	char *t1, *t2, *tw, *tm;
	int rej;

	feed(whole, in1, &rej, NULL);
	feed(whole, in2, &rej, NULL);
	feed(p1, in1, &rej, NULL);
	feed(p2, in2, &rej, NULL);
	t1 = table_of(p1, 1);
	t2 = table_of(p2, 1);
	is_str(t1,
	    "#telestat-partial-1\tkey:year\tkey:region\tcount\tpatients:exact\t"
	    "sessions\tattendees\trecords\n"
	    "G\t2023\tPE\\tX\t1\t1\t1\t4\t1\n"
	    "P\t2023\tPE\\tX\t\tp\\\\3\t\t\t\n"
	    "G\t2024\tPE-LIM\t4\t2\t0\t\t2\n"
	    "P\t2024\tPE-LIM\t\tp1\t\t\t\n"
	    "P\t2024\tPE-LIM\t\tp2\t\t\t\n",
	    "partial table: G rows with sums, P rows with patients");
	is_int(read_partial(&m, t1, &st), TS_EXIT_OK, "first partial read");
	is_int(read_partial(&m, t2, &st), TS_EXIT_OK, "second partial read");
	is_int(ts_agg_check_partial(m), TS_EXIT_OK, "patient rows all there");
	is_int(st.read, 9, "9 rows read");
	is_int(st.counted, 9, "9 merged");
	tw = table_of(whole, 0);
	tm = table_of(m, 0);
	is_str(tm, tw, "merge of partials equals the aggregate of the whole");
	free(tm);
	/* Tree: merge output as a partial again, then merge that. */
	tm = table_of(m, 1);
	is_int(read_partial(&m2, tm, &st), TS_EXIT_OK, "merged partial re-read");
	free(tm);
	tm = table_of(m2, 0);
	is_str(tm, tw, "and still equals the whole");
	free(tm);
	ts_agg_free(m2);
	m2 = NULL;
	/* Concatenated partials: the second header is skipped. */
	{
		size_t n1 = strlen(t1), n2 = strlen(t2);
		char *cat = xmalloc(n1 + n2 + 1);
		memcpy(cat, t1, n1);
		memcpy(cat + n1, t2, n2 + 1);
		is_int(read_partial(&m2, cat, &st), TS_EXIT_OK, "concatenation read");
		tm = table_of(m2, 0);
		is_str(tm, tw, "concatenated partials equal the whole");
		free(tm);
		free(cat);
		ts_agg_free(m2);
		m2 = NULL;
	}
	/* Truncated: the last P row lost. */
	{
		char *cut = xstrdup(t1);
		cut[strlen(cut) - strlen("P\t2024\tPE-LIM\t\tp2\t\t\t\n")] = '\0';
		is_int(read_partial(&m2, cut, &st), TS_EXIT_OK, "truncated table reads");
		is_int(ts_agg_check_partial(m2), TS_EXIT_DATA,
		    "but the patient count check fails");
		free(cut);
		ts_agg_free(m2);
		m2 = NULL;
	}
	/* Incompatible partials. */
	{
		static const char *const k1[] = { "year" };
		ts_agg_spec s1 = spec_of(k1, 1, all_metrics, 5);
		ts_agg *o = ts_agg_new(&s1, NULL);
		char *t = table_of(o, 1);
		is_int(read_partial(&m, t, &st), TS_EXIT_USAGE,
		    "different keys cannot merge");
		free(t);
		ts_agg_free(o);
		is_int(read_partial(&m, "year\tcount\n2024\t1\n", &st), TS_EXIT_USAGE,
		    "an aggregate table is not a partial table");
		is_int(read_partial(&m, "", &st), TS_EXIT_DATA, "empty input");
		is_int(st.unusable, 1, "counted as unusable");
	}
	/* Bad rows are rejected, one by one. */
	{
		static const char bad[] =
		    "#telestat-partial-1\tkey:year\tcount\tpatients:exact\n"
		    "G\t2024\tx\t1\n"
		    "Q\t2024\t1\t1\n"
		    "P\t2024\t1\tp1\n"
		    "P\t2024\t\t\n"
		    "G\t2024\n"
		    "#telestat-partial-1\tkey:year\tcount\tpatients:exact\n"
		    "G\t2024\t2\t1\n"
		    "P\t2024\t\tp1\n";
		ts_agg_stats bs = { 0 };
		ts_agg *b = NULL;
		is_int(read_partial(&b, bad, &bs), TS_EXIT_DATA, "bad rows: data error");
		is_int(bs.rejected, 5, "five rows rejected");
		is_int(bs.counted, 2, "two merged");
		tm = table_of(b, 0);
		is_str(tm, "year\tcount\tpatients\n2024\t2\t1\n", "what was merged");
		free(tm);
		ts_agg_free(b);
		b = NULL;
		is_int(read_partial(&b, "#telestat-partial-1\tkey:year\tcount\n"
		    "#telestat-partial-1\tkey:month\tcount\n", &bs), TS_EXIT_USAGE,
		    "a different header inside the input");
		ts_agg_free(b);
		b = NULL;
		is_int(read_partial(&b, "#telestat-partial-1\tkey:year\tcount\n"
		    "#telestat-partial-1\tkey:year\n", &bs), TS_EXIT_USAGE,
		    "a shorter header inside the input");
		ts_agg_free(b);
		b = NULL;
		is_int(read_partial(&b, "#telestat-partial-1\tkey:year\tpatients\n",
		    &bs), TS_EXIT_USAGE, "patients must say exact or hll14");
		ts_agg_free(b);
	}
	free(t1);
	free(t2);
	free(tw);
	ts_agg_free(whole);
	ts_agg_free(p1);
	ts_agg_free(p2);
	ts_agg_free(m);
}

static void
test_approx(void)
{
	static const char *const keys[] = { "g" };
	static const int m[] = { TS_METRIC_PATIENTS, TS_METRIC_RECORDS };
	ts_agg_spec s = spec_of(keys, 1, m, 2);
	ts_agg *whole, *p[3], *merged = NULL;
	ts_agg_stats st = { 0 };
	char key[2] = "a", pat[32];
	size_t i;
	char *tw, *tm;

	s.approx = 1;
	whole = ts_agg_new(&s, NULL);
	for (i = 0; i < 3; i++)
		p[i] = ts_agg_new(&s, NULL);
	for (i = 0; i < 60000; i++) {
		ts_str k = { key, 1 };
		ts_agg_values v = { 0, 0, 0, 1, { pat, 0 }, 0 };
		key[0] = i % 2 ? 'a' : 'b';
		v.patient.n = (size_t)snprintf(pat, sizeof(pat), "p%zu", i % 40000);
		ts_agg_add(whole, ts_agg_group(whole, &k), &v);
		ts_agg_add(p[i % 3], ts_agg_group(p[i % 3], &k), &v);
	}
	for (i = 0; i < 3; i++) {
		char *t = table_of(p[i], 1);
		is_int(read_partial(&merged, t, &st), TS_EXIT_OK, "sketch partial read");
		free(t);
	}
	tw = table_of(whole, 1);
	tm = table_of(merged, 1);
	ok(strcmp(tw, tm) == 0, "merged sketches equal the sketch of the whole");
	free(tm);
	free(tw);
	{
		const uint32_t *g = ts_agg_sorted(merged);
		uint64_t a = ts_agg_value(merged, g[0], TS_METRIC_PATIENTS);
		uint64_t b = ts_agg_value(merged, g[1], TS_METRIC_PATIENTS);
		/* Each group has 20000 distinct patients (i % 40000, parity). */
		ok(a > 20000 * (1 - 3 * 0.008125) && a < 20000 * (1 + 3 * 0.008125),
		    "estimate within 3 standard errors (group a)");
		ok(b > 20000 * (1 - 3 * 0.008125) && b < 20000 * (1 + 3 * 0.008125),
		    "estimate within 3 standard errors (group b)");
		is_int(ts_agg_value(merged, g[0], TS_METRIC_RECORDS), 30000, "records exact");
	}
	is_int(read_partial(&merged, "#telestat-partial-1\tkey:g\tpatients:hll14\trecords\n"
	    "G\ta\tsAAA!\t1\n", &st), TS_EXIT_DATA, "bad sketch rejected");
	is_int(read_partial(&merged, "#telestat-partial-1\tkey:g\tpatients:exact\trecords\n",
	    &st), TS_EXIT_USAGE, "exact and approximate partials do not mix");
	for (i = 0; i < 3; i++)
		ts_agg_free(p[i]);
	ts_agg_free(whole);
	ts_agg_free(merged);
}

static void
test_distinct(void)
{
	ts_distinct *d = ts_distinct_new(0);
	uint32_t rank[3] = { 2, 0, 1 };
	ts_distinct_pair *p;
	char buf[16];
	int i, fresh = 0;

	/* Values v0..v999 in groups 0, 1, 2, then group 0 again. */
	for (i = 0; i < 4000; i++) {
		int n = snprintf(buf, sizeof(buf), "v%d", i % 1000);
		fresh += ts_distinct_add(d, (uint32_t)(i / 1000 % 3), buf, (size_t)n);
	}
	is_int(fresh, 3000, "3000 new pairs, 1000 repeats");
	is_int(ts_distinct_size(d), 3000, "3000 distinct pairs");
	is_int(ts_distinct_add(d, 1, "v1", 2), 0, "v1 already in group 1");
	is_int(ts_distinct_add(d, 0, "w", 1), 1, "w is new in group 0");
	p = ts_distinct_sorted(d, rank);
	is_int(p[0].group, 1, "rank order: group 1 first");
	{
		ts_str v0 = ts_distinct_value(d, p[1].value);
		ts_str v1 = ts_distinct_value(d, p[2].value);
		ok(v0.n == 2 && memcmp(v0.p, "v1", 2) == 0, "then by value bytes (v0, v1)");
		ok(v1.n == 3 && memcmp(v1.p, "v10", 3) == 0, "v10 after v1");
	}
	is_int(p[ts_distinct_size(d) - 1].group, 0, "group 0 last");
	free(p);
	ts_distinct_free(d);
}

struct seen {
	unsigned char *hit;     /* [group * 30000 + value number] */
	size_t pairs, twice;
	uint32_t last_rank;
	const uint32_t *rank;
	int disorder;
};

static void
see_batch(void *arg, const ts_distinct *set, const ts_distinct_pair *p,
    size_t n)
{
	struct seen *s = arg;
	size_t i;

	for (i = 0; i < n; i++) {
		ts_str v = ts_distinct_value(set, p[i].value);
		char num[16];
		size_t k = v.n - 1 < sizeof(num) - 1 ? v.n - 1 : sizeof(num) - 1;
		unsigned long x;
		memcpy(num, v.p + 1, k);
		num[k] = '\0';
		x = strtoul(num, NULL, 10);
		if (s->hit[p[i].group * 30000 + x]++)
			s->twice++;
		if (i > 0 && s->rank[p[i].group] < s->rank[p[i - 1].group])
			s->disorder = 1;
		s->pairs++;
	}
}

/*
 * A set past its memory budget spills to disk and still counts exactly:
 * the same counts as in memory, every pair once in the batches.
 */
static void
test_distinct_spill(void)
{
	ts_distinct *mem = ts_distinct_new(0), *disk = ts_distinct_new(65536);
	uint32_t rank[4] = { 3, 1, 0, 2 };
	const uint64_t *cm, *cd;
	size_t nm, nd, g;
	struct seen s;
	char buf[32];
	int i, same = 1;

	/* 30000 values; group g holds the values whose number % (g + 1) == 0,
	 * each added twice. */
	for (i = 0; i < 2 * 4 * 30000; i++) {
		int v = i % 30000, grp = i / 30000 % 4;
		int n = snprintf(buf, sizeof(buf), "p%d", v);
		if (v % (grp + 1) != 0)
			continue;
		(void)ts_distinct_add(mem, (uint32_t)grp, buf, (size_t)n);
		(void)ts_distinct_add(disk, (uint32_t)grp, buf, (size_t)n);
	}
	ok(!ts_distinct_spilled(mem), "8 MiB: stays in memory");
	ok(ts_distinct_spilled(disk), "64 KiB: spills to disk");
	cm = ts_distinct_finish(mem, &nm);
	cd = ts_distinct_finish(disk, &nd);
	is_int(nm, 4, "counts for 4 groups in memory");
	is_int(nd, 4, "counts for 4 groups spilled");
	for (g = 0; g < 4 && g < nm && g < nd; g++)
		same &= cm[g] == cd[g] && cm[g] == (30000 + g) / (g + 1);
	ok(same, "spilled counts equal in-memory counts: 30000, 15000, 10000, 7500");
	memset(&s, 0, sizeof(s));
	s.hit = calloc(4 * 30000, 1);
	s.rank = rank;
	ts_distinct_batches(disk, rank, see_batch, &s);
	is_int(s.pairs, 30000 + 15000 + 10000 + 7500, "batches: every pair");
	is_int(s.twice, 0, "batches: no pair twice");
	ok(!s.disorder, "batches: in rank order within each batch");
	free(s.hit);
	ts_distinct_free(mem);
	ts_distinct_free(disk);
}

int
main(void)
{
	/* Rejections are reported on stderr; the CLI cases check them. */
	if (freopen("/dev/null", "w", stderr) == NULL)
		return 1;
	test_spec();
	test_records();
	test_attendees();
	test_order();
	test_overflow();
	test_partial();
	test_approx();
	test_distinct();
	test_distinct_spill();
	return done_testing();
}
