/* Unit tests: the bounded number parser, checked sums, record dates. */
#include <stdint.h>
#include <string.h>

#include "../tap.h"
#include "values.h"

static const char *
num(const char *s, uint64_t min, uint64_t max, uint64_t *v)
{
	return ts_num_parse(s, strlen(s), min, max, v);
}

static void
num_good(const char *s, uint64_t min, uint64_t max, uint64_t want)
{
	uint64_t v = 12345;

	is_str(num(s, min, max, &v), NULL, s);
	ok(v == want, "  value");
}

static void
num_bad(const char *s, uint64_t min, uint64_t max, const char *why)
{
	uint64_t v = 777;
	char name[128];

	strcpy(name, "refuses ");
	strncat(name, s, 100);
	is_str(num(s, min, max, &v), why, name);
	ok(v == 777, "  value untouched");
}

static int
when(const char *date, const char *year, const char *month, ts_date *d,
    int *field, const char **why)
{
	ts_str ds = { date, strlen(date) }, ys = { year, strlen(year) },
	    ms = { month, strlen(month) };

	return ts_when_read(ds, ys, ms, d, field, why);
}

static void
when_good(const char *date, const char *year, const char *month, int y,
    int m, int dd)
{
	ts_date d;
	int field = -1, rc;
	const char *why = NULL;
	char name[128];

	snprintf(name, sizeof(name), "date \"%s\" year \"%s\" month \"%s\"",
	    date, year, month);
	rc = when(date, year, month, &d, &field, &why);
	is_int(rc, 0, name);
	if (rc == 0)
		ok(d.y == y && d.m == m && d.d == dd, "  fields");
	else
		printf("#   %s: %s\n", ts_when_column(field), why);
}

static void
when_bad(const char *date, const char *year, const char *month, int field,
    const char *why)
{
	ts_date d;
	int f = -1;
	const char *w = NULL;
	char name[128];

	snprintf(name, sizeof(name), "refuses date \"%s\" year \"%s\" "
	    "month \"%s\"", date, year, month);
	is_int(when(date, year, month, &d, &f, &w), -1, name);
	is_int(f, field, "  blames the right column");
	is_str(w, why, "  reason");
}

int
main(void)
{
	uint64_t s;
	int64_t ss;

	num_good("0", 0, TS_COUNT_MAX, 0);
	num_good("000042", 0, TS_COUNT_MAX, 42);
	num_good("9223372036854775807", 0, TS_COUNT_MAX, TS_COUNT_MAX);
	num_good("18446744073709551615", 0, UINT64_MAX, UINT64_MAX);
	num_good("00000000000000000000000000001", 0, 10, 1);
	num_good("150", 0, 150, 150);
	num_good("1", 1, 12, 1);
	num_bad("", 0, 10, "not a non-negative integer");
	num_bad("-1", 0, 10, "not a non-negative integer");
	num_bad("+1", 0, 10, "not a non-negative integer");
	num_bad(" 1", 0, 10, "not a non-negative integer");
	num_bad("1 ", 0, 10, "not a non-negative integer");
	num_bad("1,000", 0, TS_COUNT_MAX, "not a non-negative integer");
	num_bad("0x10", 0, TS_COUNT_MAX, "not a non-negative integer");
	num_bad("9223372036854775808", 0, TS_COUNT_MAX, "number too large");
	num_bad("18446744073709551616", 0, UINT64_MAX, "number too large");
	num_bad("99999999999999999999999x", 0, UINT64_MAX,
	    "not a non-negative integer");
	num_bad("151", 0, 150, "number too large");
	num_bad("0", 1, 12, "number too small");

	s = TS_COUNT_MAX - 1;
	is_int(ts_count_add(&s, 1), 0, "sum reaches 2^63-1");
	ok(s == TS_COUNT_MAX, "  total");
	is_int(ts_count_add(&s, 1), -1, "sum past 2^63-1 refused");
	ok(s == TS_COUNT_MAX, "  total unchanged");
	s = 5;
	is_int(ts_count_add(&s, TS_COUNT_MAX), -1, "huge addend refused");
	ok(s == 5, "  total unchanged");
	ss = INT64_MAX - 3;
	is_int(ts_count_add_signed(&ss, 3), 0, "signed sum reaches 2^63-1");
	is_int(ts_count_add_signed(&ss, 1), -1, "signed sum past 2^63-1 refused");
	ok(ss == INT64_MAX, "  total unchanged");
	ss = 0;
	is_int(ts_count_add_signed(&ss, -1), -1, "negative addend refused");

	when_good("2024-02-29", "", "", 2024, 2, 29);
	when_good("2024-03-05", "2024", "3", 2024, 3, 5);
	when_good("2024-03-05", "2024", "03", 2024, 3, 5);
	when_good("", "2024", "", 2024, 0, 0);
	when_good("", "2024", "12", 2024, 12, 0);
	when_good("", "", "7", 0, 7, 0);
	when_good("", "", "", 0, 0, 0);
	when_good("1900-01-01", "", "", 1900, 1, 1);
	when_good("2100-12-31", "", "", 2100, 12, 31);
	when_bad("2023-02-29", "", "", TS_WHEN_DATE,
	    "not an ISO date (YYYY-MM-DD)");
	when_bad("2024-3-05", "", "", TS_WHEN_DATE,
	    "not an ISO date (YYYY-MM-DD)");
	when_bad("05/03/2024", "", "", TS_WHEN_DATE,
	    "not an ISO date (YYYY-MM-DD)");
	when_bad("2024-03-00", "", "", TS_WHEN_DATE,
	    "not an ISO date (YYYY-MM-DD)");
	when_bad("1899-12-31", "", "", TS_WHEN_DATE,
	    "not an ISO date (YYYY-MM-DD)");
	when_bad("2024-13-01", "", "", TS_WHEN_DATE,
	    "not an ISO date (YYYY-MM-DD)");
	when_bad("2024-03-05", "2023", "", TS_WHEN_YEAR,
	    "year disagrees with the date");
	when_bad("2024-03-05", "2024", "4", TS_WHEN_MONTH,
	    "month disagrees with the date");
	when_bad("", "24", "", TS_WHEN_YEAR, "not a year (YYYY, 1900 to 2100)");
	when_bad("", "2101", "", TS_WHEN_YEAR,
	    "not a year (YYYY, 1900 to 2100)");
	when_bad("", "02024", "", TS_WHEN_YEAR,
	    "not a year (YYYY, 1900 to 2100)");
	when_bad("", "2024", "13", TS_WHEN_MONTH, "not a month (1 to 12)");
	when_bad("", "2024", "0", TS_WHEN_MONTH, "not a month (1 to 12)");
	when_bad("", "2024", "001", TS_WHEN_MONTH, "not a month (1 to 12)");
	is_str(ts_when_column(TS_WHEN_MONTH), "month", "column names");
	return done_testing();
}
