/*
 * report_gate.c - report --fail-on: conditions checked on the built
 * report (its tables, by section and row key), so that a cron job can
 * publish the report and still fail loudly; see report.h.
 */
#include "report_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"

static const struct {
	const char *name;
	int cond;
	int takes_pct;
} conds[] = {
	{ "unclassified", TS_FAIL_UNCLASSIFIED, 1 },
	{ "rejected", TS_FAIL_REJECTED, 1 },
	{ "not-reported", TS_FAIL_NOT_REPORTED, 0 },
	{ "stopped", TS_FAIL_STOPPED, 0 },
	{ "partial-year", TS_FAIL_PARTIAL_YEAR, 0 },
	{ "duplicates", TS_FAIL_DUPLICATES, 0 },
};
#define NCONDS (sizeof(conds) / sizeof(conds[0]))

/* "5", "5%", "2.5 %", "0.1": tenths of a percent, or -1. */
static int64_t
parse_pct(const char *p, size_t n)
{
	int64_t v = 0;
	size_t i = 0;
	int digits = 0, tenths = -1;

	while (n > 0 && (p[n - 1] == '%' || p[n - 1] == ' '))
		n--;
	for (; i < n && p[i] >= '0' && p[i] <= '9'; i++, digits++) {
		v = v * 10 + (p[i] - '0');
		if (v > 1000)
			return -1;
	}
	if (i < n && (p[i] == '.' || p[i] == ',') && i + 1 < n) {
		if (p[i + 1] < '0' || p[i + 1] > '9')
			return -1;
		tenths = p[i + 1] - '0';
		i += 2;
	}
	if (digits == 0 || i != n)
		return -1;
	v = v * 10 + (tenths > 0 ? tenths : 0);
	return v <= 1000 ? v : -1;
}

int
ts_report_fail_on_parse(const char *list, ts_report_gates *g, ts_error *e)
{
	const char *p = list;

	while (*p != '\0') {
		const char *end = strchr(p, ','), *gt;
		size_t n = end ? (size_t)(end - p) : strlen(p), i, nl;

		char name[16];

		gt = memchr(p, '>', n);
		nl = gt ? (size_t)(gt - p) : n;
		/* not_reported is read as not-reported. */
		for (i = 0; i < nl && i < sizeof(name) - 1; i++)
			name[i] = p[i] == '_' ? '-' : p[i];
		name[i] = '\0';
		for (i = 0; i < NCONDS && nl < sizeof(name); i++)
			if (strcmp(name, conds[i].name) == 0)
				break;
		if (i == NCONDS) {
			return ts_error_set(e, TS_EXIT_USAGE, "unknown condition "
			    "\"%.*s\" (unclassified>P%%, rejected>P%%, "
			    "not-reported, stopped, partial-year, duplicates)",
			    (int)n, p);
		}
		if (conds[i].takes_pct) {
			int64_t t = gt ? parse_pct(gt + 1, n - nl - 1) : -1;
			if (t < 0) {
				return ts_error_set(e, TS_EXIT_USAGE, "\"%.*s\": "
				    "expected %s>P%% with P a percent from 0 to "
				    "100", (int)n, p, conds[i].name);
			}
			if (conds[i].cond == TS_FAIL_UNCLASSIFIED)
				g->unclassified_tenths = t;
			else
				g->rejected_tenths = t;
		} else if (gt != NULL) {
			return ts_error_set(e, TS_EXIT_USAGE, "\"%.*s\": %s takes "
			    "no threshold", (int)n, p, conds[i].name);
		}
		g->conds |= conds[i].cond;
		if (end == NULL)
			break;
		p = end + 1;
	}
	if (g->conds == 0)
		return ts_error_set(e, TS_EXIT_USAGE, "no condition given");
	return 0;
}

static const ts_rtable *
table(const ts_report *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->ntables; i++)
		if (strcmp(r->tables[i]->id, id) == 0)
			return r->tables[i];
	return NULL;
}

/* The value of row KEY (first column) of table ID, or -1 when absent. */
static int64_t
fact(const ts_report *r, const char *id, const char *key)
{
	const ts_rtable *t = table(r, id);
	size_t i;

	if (t == NULL || t->ncols == 0)
		return -1;
	for (i = 0; i < t->nrows; i++)
		if (strcmp(t->rows[i].key, key) == 0 &&
		    t->rows[i].cells[0].kind != TS_RK_EMPTY &&
		    t->rows[i].cells[0].kind != TS_RK_NA)
			return t->rows[i].cells[0].v;
	return -1;
}

/* Sum of the first column of the quality rows whose key ends in
 * "duplicates", or -1 when there is none. */
static int64_t
duplicates(const ts_report *r)
{
	const ts_rtable *t = table(r, "quality");
	int64_t sum = -1;
	size_t i, n;

	if (t == NULL || t->ncols == 0)
		return -1;
	for (i = 0; i < t->nrows; i++) {
		const char *k = t->rows[i].key;
		n = strlen(k);
		if (n >= 10 && strcmp(k + n - 10, "duplicates") == 0 &&
		    t->rows[i].cells[0].kind == TS_RK_INT)
			sum = (sum < 0 ? 0 : sum) + t->rows[i].cells[0].v;
	}
	return sum;
}

static void
fail(size_t *n, const char *fmt, ...) TS_PRINTF(2, 3);

static void
fail(size_t *n, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: fail-on ", ts_progname());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	(*n)++;
}

/* A rate in tenths of a percent as "7.3 %". */
static void
pct(char *buf, int64_t tenths)
{
	snprintf(buf, 32, "%lld.%lld %%", (long long)(tenths / 10),
	    (long long)(tenths % 10));
}

size_t
ts_report_fail_on_check(const ts_report *r, const ts_report_gates *g)
{
	size_t n = 0;
	char a[32], b[32];
	int64_t v, read, rej;

	if (g->conds & TS_FAIL_UNCLASSIFIED) {
		v = fact(r, "quality", "unclassified_pct");
		if (v > g->unclassified_tenths) {
			pct(a, v);
			pct(b, g->unclassified_tenths);
			fail(&n, "unclassified>%s: %s of the actions of %d are "
			    "unclassified", b, a, r->year);
		}
	}
	if (g->conds & TS_FAIL_REJECTED) {
		/* The report's own reading, then ingest's, when known. */
		static const char *const keys[2][2] = {
			{ "rows_read", "rows_rejected" },
			{ "ingest_read", "ingest_rejected" } };
		static const char *const who[2] = { "report", "ingest" };
		int k;
		for (k = 0; k < 2; k++) {
			read = fact(r, "quality", keys[k][0]);
			rej = fact(r, "quality", keys[k][1]);
			if (read <= 0 || rej <= 0)
				continue;
			v = ts_pct_tenths(rej, read);
			if (v > g->rejected_tenths || (v == g->rejected_tenths &&
			    rej * 1000 > g->rejected_tenths * read)) {
				pct(a, v);
				pct(b, g->rejected_tenths);
				fail(&n, "rejected>%s: %s rejected %lld of %lld rows "
				    "(%s)", b, who[k], (long long)rej,
				    (long long)read, a);
			}
		}
	}
	if (g->conds & TS_FAIL_NOT_REPORTED) {
		v = fact(r, "coverage", "not_reported");
		if (v > 0)
			fail(&n, "not-reported: %lld expected entities did not "
			    "report in %d", (long long)v, r->year);
		else if (v < 0)
			fail(&n, "not-reported: no coverage section (the input "
			    "has no region column)");
	}
	if (g->conds & TS_FAIL_STOPPED) {
		v = fact(r, "coverage", "stopped");
		if (v > 0)
			fail(&n, "stopped: %lld entities active in %d stopped "
			    "reporting in %d", (long long)v, r->compare, r->year);
		else if (v < 0 && table(r, "coverage") == NULL)
			fail(&n, "stopped: no coverage section (the input has no "
			    "region column)");
	}
	if (g->conds & TS_FAIL_PARTIAL_YEAR) {
		int m = r->through / 100 % 100;
		size_t i;
		if ((m >= 1 && m < 12) || r->partial) {
			fail(&n, "partial-year: the %d data end in %s",
			    r->year, ts_report_iso_date(r->through, a));
		} else {
			/* A source that stopped early hides behind the others. */
			for (i = 0; i < r->nsources; i++) {
				m = r->sources[i].through / 100 % 100;
				if (m >= 1 && m < 12)
					fail(&n, "partial-year: the %d data of %s end "
					    "in %s", r->year, r->sources[i].name,
					    ts_report_iso_date(r->sources[i].through,
					    a));
			}
		}
	}
	if (g->conds & TS_FAIL_DUPLICATES) {
		v = duplicates(r);
		if (v > 0)
			fail(&n, "duplicates: %lld duplicates found", (long long)v);
		else if (v < 0)
			fail(&n, "duplicates: not known (no run summary with a "
			    "duplicate count)");
	}
	return n;
}
