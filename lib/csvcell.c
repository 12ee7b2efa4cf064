/*
 * csvcell.c - RFC 4180, formula-safe CSV fields (csvcell.h).
 */
#include <string.h>

#include "csvcell.h"

/* [0-9]+(.[0-9]+)? */
static int
is_number(const char *p, size_t n)
{
	size_t i = 0, d = 0;

	while (i < n && p[i] >= '0' && p[i] <= '9')
		i++, d++;
	if (d == 0)
		return 0;
	if (i < n && p[i] == '.') {
		i++;
		d = 0;
		while (i < n && p[i] >= '0' && p[i] <= '9')
			i++, d++;
		if (d == 0)
			return 0;
	}
	return i == n;
}

int
ts_csv_is_formula(const char *p, size_t n)
{
	if (n == 0 || p[0] == '\0')
		return 0;
	/* A leading TAB or CR is how some programs hide a formula. */
	if (p[0] == '\t' || p[0] == '\r')
		return 1;
	if (strchr("=+-@", p[0]) == NULL)
		return 0;
	return !is_number(p + 1, n - 1);
}

void
ts_csv_field(ts_out *o, const char *p, size_t n)
{
	int formula = ts_csv_is_formula(p, n);
	size_t i;

	if (!formula && memchr(p, ',', n) == NULL && memchr(p, '"', n) == NULL &&
	    memchr(p, '\r', n) == NULL && memchr(p, '\n', n) == NULL) {
		ts_out_write(o, p, n);
		return;
	}
	ts_out_putc(o, '"');
	if (formula)
		ts_out_putc(o, '\'');
	for (i = 0; i < n; i++) {
		if (p[i] == '"')
			ts_out_putc(o, '"');
		ts_out_putc(o, p[i]);
	}
	ts_out_putc(o, '"');
}
