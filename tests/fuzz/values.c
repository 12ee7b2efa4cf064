/*
 * libFuzzer target: the bounded number parser and the record date
 * reader (lib/values.c). The input is split at its first two NULs (or
 * TABs) into date, year and month; the whole input is also parsed as a
 * number. Whatever is accepted must hold what values.h promises.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "values.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ts_str
take(const char **p, size_t *n)
{
	ts_str s = { *p, 0 };

	while (s.n < *n && (*p)[s.n] != '\t' && (*p)[s.n] != '\0')
		s.n++;
	*p += s.n < *n ? s.n + 1 : s.n;
	*n -= s.n < *n ? s.n + 1 : s.n;
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	size_t n = size, i;
	uint64_t v = 0, max = size > 0 ? (uint64_t)data[0] * 1000003u : 0;
	const char *why;
	ts_str date, year, month;
	ts_date d;
	int field;

	why = ts_num_parse(p, size, 0, max, &v);
	if (why == NULL) {
		uint64_t back = 0;
		if (v > max || size == 0)
			abort();
		for (i = 0; i < size; i++) {
			if (p[i] < '0' || p[i] > '9')
				abort();
			back = back * 10 + (uint64_t)(p[i] - '0');
		}
		if (back != v)
			abort();
	}
	if (ts_count_parse((ts_str){ p, size }, &v) == NULL) {
		uint64_t s = v;
		if (v > TS_COUNT_MAX || (ts_count_add(&s, v) == 0 &&
		    (s < v || s > TS_COUNT_MAX)))
			abort();
	}

	date = take(&p, &n);
	year = take(&p, &n);
	month = take(&p, &n);
	if (ts_when_read(date, year, month, &d, &field, &why) == 0) {
		if (d.y != 0 && (d.y < TS_DATE_MIN_YEAR || d.y > TS_DATE_MAX_YEAR))
			abort();
		if (d.m < 0 || d.m > 12 || d.d < 0 || d.d > 31)
			abort();
		if (d.d != 0 && ts_date_check(&d) != 0)
			abort();
		if (date.n > 0 && (d.d == 0 || date.n != 10))
			abort();
	} else if (why == NULL || ts_when_column(field) == NULL) {
		abort();
	}
	return 0;
}
