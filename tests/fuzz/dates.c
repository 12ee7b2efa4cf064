/*
 * libFuzzer target: date parsing (lib/dates.c). The input is a value, or
 * "FORMAT\nVALUE" to exercise --date-format; every accepted date must be
 * in the calendar.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int rc, const ts_date *d)
{
	char iso[10];

	if (rc != TS_DATE_OK)
		return;
	if (ts_date_check(d) != TS_DATE_OK || d->y < TS_DATE_MIN_YEAR ||
	    d->y > TS_DATE_MAX_YEAR || d->m < 0 || d->m > 12 || d->d < 0 ||
	    d->d > 31 || (d->d && !d->m))
		abort();
	if (d->d) {
		ts_date_iso(d, iso);
		if (iso[4] != '-' || iso[7] != '-')
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	const char *nl = memchr(p, '\n', size);
	ts_date d;

	check(ts_date_parse(p, size, &d), &d);
	if (nl != NULL) {
		size_t fl = (size_t)(nl - p);
		char *fmt = malloc(fl + 1);
		memcpy(fmt, p, fl);
		fmt[fl] = '\0';
		if (strlen(fmt) == fl && ts_date_format_check(fmt) == NULL)
			check(ts_date_parse_fmt(fmt, nl + 1, size - fl - 1, &d), &d);
		free(fmt);
	}
	return 0;
}
