/*
 * libFuzzer target: date parsing (lib/dates.c). The input is a value, or
 * "FORMAT\n...FORMAT\nVALUE" to exercise a list of formats (--date-format
 * repeated, a profile's date_formats); every accepted date must be in the
 * calendar. Spreadsheet serials and month names are tried on the value
 * too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FORMATS 8

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
	const char *p = (const char *)data, *val = p, *nl;
	char *fmts[MAX_FORMATS];
	size_t nfmt = 0, left = size, k;
	ts_date d;
	int m;

	check(ts_date_parse(p, size, &d), &d);
	check(ts_date_excel(p, size, &d), &d);
	check(ts_date_excel_guess(p, size, &d), &d);
	m = ts_month_name(p, size);
	if (m < 0 || m > 12)
		abort();
	while ((nl = memchr(val, '\n', left)) != NULL && nfmt < MAX_FORMATS) {
		size_t fl = (size_t)(nl - val);
		char *fmt = malloc(fl + 1);
		memcpy(fmt, val, fl);
		fmt[fl] = '\0';
		left -= fl + 1;
		val = nl + 1;
		if (strlen(fmt) == fl && ts_date_format_check(fmt) == NULL) {
			check(ts_date_parse_fmt(fmt, val, left, &d), &d);
			fmts[nfmt++] = fmt;
		} else {
			free(fmt);
		}
	}
	check(ts_date_parse_list((const char *const *)fmts, nfmt, val, left, &d),
	    &d);
	for (k = 0; k < nfmt; k++)
		free(fmts[k]);
	return 0;
}
