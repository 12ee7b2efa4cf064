/* dates.c - date parsing and calendar checks; see dates.h. */
#include "dates.h"

#include <string.h>

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int
ts_days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

int
ts_date_check(const ts_date *d)
{
	if (d->y < TS_DATE_MIN_YEAR || d->y > TS_DATE_MAX_YEAR)
		return TS_DATE_RANGE;
	if (d->m == 0)
		return d->d == 0 ? TS_DATE_OK : TS_DATE_INVALID;
	if (d->m < 1 || d->m > 12)
		return TS_DATE_INVALID;
	if (d->d != 0 && (d->d < 1 || d->d > ts_days_in_month(d->y, d->m)))
		return TS_DATE_INVALID;
	return TS_DATE_OK;
}

/* Reads 1 or 2 digits (at most MAX) at *i; -1 if none. */
static int
num12(const char *p, size_t n, size_t *i)
{
	int v;

	if (*i >= n || !is_digit(p[*i]))
		return -1;
	v = p[(*i)++] - '0';
	if (*i < n && is_digit(p[*i]))
		v = v * 10 + (p[(*i)++] - '0');
	return v;
}

/* Reads exactly 4 digits at *i; -1 if not there. */
static int
num4(const char *p, size_t n, size_t *i)
{
	int v = 0, k;

	if (n - *i < 4)
		return -1;
	for (k = 0; k < 4; k++) {
		if (!is_digit(p[*i + (size_t)k]))
			return -1;
		v = v * 10 + (p[*i + (size_t)k] - '0');
	}
	*i += 4;
	return v;
}

/*
 * A date may be followed by a time of day: accept the end of the value,
 * or a space or 'T' followed by a digit (the rest is not examined).
 */
static int
tail_ok(const char *p, size_t n, size_t i)
{
	if (i == n)
		return 1;
	return (p[i] == ' ' || p[i] == 'T') && i + 1 < n && is_digit(p[i + 1]);
}

static int
is_sep(char c)
{
	return c == '-' || c == '/' || c == '.';
}

/*
 * Stores a parsed date. A month or day written as 0 must not read as
 * "unknown" (0 in ts_date): it becomes an out-of-range value instead.
 */
static int
set_date(ts_date *out, int y, int m, int d, int has_day)
{
	out->y = y;
	out->m = m == 0 ? 13 : m;
	out->d = has_day ? (d == 0 ? 32 : d) : 0;
	return ts_date_check(out);
}

int
ts_date_parse(const char *p, size_t n, ts_date *out)
{
	size_t i = 0;
	int a, b, c;
	char sep;

	out->y = out->m = out->d = 0;
	if (n < 6)
		return TS_DATE_FORMAT;
	if (n >= 8 && is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) &&
	    is_digit(p[3])) {
		a = num4(p, n, &i);
		if (i < n && is_sep(p[i])) {
			/* YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, or YYYY-MM */
			sep = p[i++];
			if ((b = num12(p, n, &i)) < 0)
				return TS_DATE_FORMAT;
			if (i == n)
				return set_date(out, a, b, 0, 0);
			if (p[i++] != sep || (c = num12(p, n, &i)) < 0 ||
			    !tail_ok(p, n, i))
				return TS_DATE_FORMAT;
			return set_date(out, a, b, c, 1);
		}
		/* YYYYMMDD */
		if (n - i < 4 || !is_digit(p[i]) || !is_digit(p[i + 1]) ||
		    !is_digit(p[i + 2]) || !is_digit(p[i + 3]) ||
		    !tail_ok(p, n, i + 4))
			return TS_DATE_FORMAT;
		return set_date(out, a, (p[i] - '0') * 10 + (p[i + 1] - '0'),
		    (p[i + 2] - '0') * 10 + (p[i + 3] - '0'), 1);
	}
	if (n >= 6 && is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) &&
	    is_digit(p[3]) && is_sep(p[4])) {
		/* YYYY-MM with a one-digit month: "2024-3" */
		a = num4(p, n, &i);
		i++;
		if ((b = num12(p, n, &i)) < 0 || i != n)
			return TS_DATE_FORMAT;
		return set_date(out, a, b, 0, 0);
	}
	/* DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY */
	if ((a = num12(p, n, &i)) < 0 || i >= n || !is_sep(p[i]))
		return TS_DATE_FORMAT;
	sep = p[i++];
	if ((b = num12(p, n, &i)) < 0 || i >= n || p[i++] != sep ||
	    (c = num4(p, n, &i)) < 0 || !tail_ok(p, n, i))
		return TS_DATE_FORMAT;
	return set_date(out, c, b, a, 1);
}

const char *
ts_date_format_check(const char *fmt)
{
	int y = 0, m = 0, d = 0;

	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%')
			continue;
		switch (*++fmt) {
		case 'Y': y++; break;
		case 'm': m++; break;
		case 'd': d++; break;
		case 'H': case 'M': case 'S': case '%': break;
		case '\0': return "ends with a lone %";
		default: return "unsupported directive (use %Y %m %d %H %M %S %%)";
		}
	}
	if (y != 1)
		return y ? "more than one %Y" : "no %Y";
	if (m > 1 || d > 1)
		return "a directive is repeated";
	if (d && !m)
		return "%d without %m";
	return NULL;
}

int
ts_date_parse_fmt(const char *fmt, const char *p, size_t n, ts_date *out)
{
	size_t i = 0;
	int v;

	out->y = out->m = out->d = 0;
	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%' || fmt[1] == '%') {
			if (*fmt == '%')
				fmt++;
			if (i >= n || p[i] != *fmt)
				return TS_DATE_FORMAT;
			i++;
			continue;
		}
		switch (*++fmt) {
		case 'Y':
			if ((v = num4(p, n, &i)) < 0)
				return TS_DATE_FORMAT;
			out->y = v;
			break;
		case 'm':
			if ((v = num12(p, n, &i)) < 0)
				return TS_DATE_FORMAT;
			/* 0 would read as "unknown": make it invalid instead. */
			out->m = v == 0 ? 13 : v;
			break;
		case 'd':
			if ((v = num12(p, n, &i)) < 0)
				return TS_DATE_FORMAT;
			out->d = v == 0 ? 32 : v;
			break;
		case 'H':
			if ((v = num12(p, n, &i)) < 0 || v > 24)
				return TS_DATE_FORMAT;
			break;
		case 'M':
		case 'S':
			if ((v = num12(p, n, &i)) < 0 || v > 60)
				return TS_DATE_FORMAT;
			break;
		default:
			return TS_DATE_FORMAT;
		}
	}
	if (i != n || out->y == 0)
		return TS_DATE_FORMAT;
	return ts_date_check(out);
}

const char *
ts_date_strerror(int status)
{
	switch (status) {
	case TS_DATE_OK: return "ok";
	case TS_DATE_FORMAT: return "unrecognized date";
	case TS_DATE_INVALID: return "invalid date";
	case TS_DATE_RANGE: return "year out of range";
	default: return "bad date";
	}
}

void
ts_date_iso(const ts_date *d, char *buf)
{
	buf[0] = (char)('0' + d->y / 1000 % 10);
	buf[1] = (char)('0' + d->y / 100 % 10);
	buf[2] = (char)('0' + d->y / 10 % 10);
	buf[3] = (char)('0' + d->y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + d->m / 10);
	buf[6] = (char)('0' + d->m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d->d / 10);
	buf[9] = (char)('0' + d->d % 10);
}
