/*
 * values.c - bounded numbers and record dates; see values.h.
 */
#include "values.h"

#include <stdlib.h>
#include <string.h>

const char *
ts_num_parse(const char *p, size_t n, uint64_t min, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;
	size_t i = 0;

	if (n == 0)
		return "not a non-negative integer";
	/* Up to 19 digits cannot overflow 64 bits: no check per digit. */
	for (; i < n && i < 19; i++) {
		unsigned d = (unsigned char)p[i] - '0';
		if (d > 9)
			return "not a non-negative integer";
		x = x * 10 + d;
	}
	for (; i < n; i++) {
		unsigned d = (unsigned char)p[i] - '0';
		if (d > 9)
			return "not a non-negative integer";
		if (x > (UINT64_MAX - d) / 10) {
			/* Still say "not a number" for trailing junk. */
			for (i++; i < n; i++)
				if ((unsigned)((unsigned char)p[i] - '0') > 9)
					return "not a non-negative integer";
			return "number too large";
		}
		x = x * 10 + d;
	}
	if (x < min)
		return "number too small";
	if (x > max)
		return "number too large";
	*v = x;
	return NULL;
}

static const char why_date[] = "not an ISO date (YYYY-MM-DD)";
static const char why_year[] = "not a year (YYYY, 1900 to 2100)";
static const char why_month[] = "not a month (1 to 12)";

static int
fail(int *field, const char **why, int f, const char *w)
{
	*field = f;
	*why = w;
	return -1;
}

static int
two_digits(const char *p)
{
	unsigned a = (unsigned char)p[0] - '0', b = (unsigned char)p[1] - '0';

	return a > 9 || b > 9 ? -1 : (int)(a * 10 + b);
}

int
ts_when_read(ts_str date, ts_str year, ts_str month, ts_date *out,
    int *field, const char **why)
{
	uint64_t y = 0, m = 0;
	int hi, lo;

	out->y = out->m = out->d = 0;
	if (year.n > 0) {
		if (year.n != 4 || ts_num_str(year, TS_DATE_MIN_YEAR,
		    TS_DATE_MAX_YEAR, &y) != NULL)
			return fail(field, why, TS_WHEN_YEAR, why_year);
	}
	if (month.n > 0) {
		if (month.n > 2 || ts_num_str(month, 1, 12, &m) != NULL)
			return fail(field, why, TS_WHEN_MONTH, why_month);
	}
	if (date.n > 0) {
		const char *p = date.p;
		if (date.n != 10 || p[4] != '-' || p[7] != '-' ||
		    (hi = two_digits(p)) < 0 || (lo = two_digits(p + 2)) < 0)
			return fail(field, why, TS_WHEN_DATE, why_date);
		out->y = hi * 100 + lo;
		if ((out->m = two_digits(p + 5)) < 0 ||
		    (out->d = two_digits(p + 8)) < 0 || out->d == 0 ||
		    ts_date_check(out) != TS_DATE_OK)
			return fail(field, why, TS_WHEN_DATE, why_date);
		if (y != 0 && (uint64_t)out->y != y)
			return fail(field, why, TS_WHEN_YEAR,
			    "year disagrees with the date");
		if (m != 0 && (uint64_t)out->m != m)
			return fail(field, why, TS_WHEN_MONTH,
			    "month disagrees with the date");
		return 0;
	}
	out->y = (int)y;
	out->m = (int)m;
	return 0;
}

const char *
ts_when_column(int field)
{
	switch (field) {
	case TS_WHEN_YEAR:
		return "year";
	case TS_WHEN_MONTH:
		return "month";
	default:
		return "date";
	}
}

int
ts_source_date_epoch(time_t *t, ts_error *e)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	uint64_t v;

	if (s == NULL || *s == '\0') {
		*t = time(NULL);
		return 0;
	}
	if (ts_num_parse(s, strlen(s), 0, 253402300799ULL, &v) != NULL)
		return ts_error_set(e, TS_EXIT_USAGE, "SOURCE_DATE_EPOCH: expected "
		    "seconds since 1970-01-01 up to year 9999, got \"%s\"", s);
	*t = (time_t)v;
	return 0;
}
