/* dates.c - date parsing and calendar checks; see dates.h. */
#include "dates.h"

#include <string.h>

#include "encoding.h"

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
 * or a space or 'T' followed by a digit (the rest is not examined), or a
 * comma and spaces before it, as spreadsheets write "30 dic 2025, 9:20".
 */
static int
tail_ok(const char *p, size_t n, size_t i)
{
	if (i == n)
		return 1;
	if (p[i] == ',') {
		if (++i == n || p[i] != ' ')
			return 0;
		while (i + 1 < n && p[i + 1] == ' ')
			i++;
	}
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

/*
 * Month names and abbreviations in Spanish, Portuguese and English, as
 * folded by ts_fold (lower case, no accents: "março" -> "marco").
 */
static const char *const month_names[12][7] = {
	{ "enero", "ene", "janeiro", "january", "jan", NULL },
	{ "febrero", "feb", "fevereiro", "february", "fev", NULL },
	{ "marzo", "mar", "marco", "march", NULL },
	{ "abril", "abr", "april", "apr", NULL },
	{ "mayo", "may", "maio", "mai", NULL },
	{ "junio", "jun", "junho", "june", NULL },
	{ "julio", "jul", "julho", "july", NULL },
	{ "agosto", "ago", "august", "aug", NULL },
	{ "septiembre", "setiembre", "sep", "sept", "set", "setembro", "september" },
	{ "octubre", "oct", "outubro", "out", "october", NULL },
	{ "noviembre", "nov", "novembro", "november", NULL },
	{ "diciembre", "dic", "dezembro", "dez", "december", "dec", NULL },
};

int
ts_month_name(const char *p, size_t n)
{
	char k[64];
	size_t kn, i, j;

	if (n == 0 || n > 24)
		return 0;
	kn = ts_fold(p, n, k, TS_FOLD_NOSPACE);
	for (i = 0; i < 12; i++)
		for (j = 0; j < 7 && month_names[i][j] != NULL; j++)
			if (strlen(month_names[i][j]) == kn &&
			    memcmp(month_names[i][j], k, kn) == 0)
				return (int)i + 1;
	return 0;
}

/* A letter of a month name: ASCII letters and UTF-8 (accented) bytes. */
static int
is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (unsigned char)c >= 0x80;
}

/* Reads a month name at *i (and an abbreviation's dot); 0 if none. */
static int
month_word(const char *p, size_t n, size_t *i)
{
	size_t s = *i;
	int m;

	while (*i < n && is_word(p[*i]))
		(*i)++;
	if ((m = ts_month_name(p + s, *i - s)) == 0)
		return 0;
	if (*i < n && p[*i] == '.')
		(*i)++;
	return m;
}

/*
 * Skips what separates the parts of a spelled-out date: spaces, one of
 * / - . and the word "de" or "del" between spaces ("3 de marzo de 2025").
 * Returns 0 when there is no separator.
 */
static int
spelled_sep(const char *p, size_t n, size_t *i)
{
	size_t s = *i;

	while (*i < n && p[*i] == ' ')
		(*i)++;
	if (*i < n && (p[*i] == '/' || p[*i] == '-' || p[*i] == '.' || p[*i] == ',')) {
		(*i)++;
		while (*i < n && p[*i] == ' ')
			(*i)++;
	} else if (*i > s && n - *i >= 3 && (p[*i] == 'd' || p[*i] == 'D') &&
	    (p[*i + 1] == 'e' || p[*i + 1] == 'E')) {
		size_t k = *i + 2;
		if (k < n && (p[k] == 'l' || p[k] == 'L'))
			k++;
		if (k < n && p[k] == ' ') {
			*i = k;
			while (*i < n && p[*i] == ' ')
				(*i)++;
		}
	}
	return *i > s;
}

/*
 * Spelled-out months: "30 dic 2025", "30 dic. 2025, 9:20", "3 de marzo
 * de 2025", "03/mar/2025", "3-Mar-2025", and month first "March 3, 2025".
 */
static int
parse_spelled(const char *p, size_t n, ts_date *out)
{
	size_t i = 0;
	int d, m, y;

	if (is_digit(p[0])) {
		if ((d = num12(p, n, &i)) < 0 || !spelled_sep(p, n, &i) ||
		    (m = month_word(p, n, &i)) == 0 || !spelled_sep(p, n, &i))
			return TS_DATE_FORMAT;
	} else {
		if ((m = month_word(p, n, &i)) == 0 || !spelled_sep(p, n, &i) ||
		    (d = num12(p, n, &i)) < 0 || !spelled_sep(p, n, &i))
			return TS_DATE_FORMAT;
	}
	if ((y = num4(p, n, &i)) < 0 || !tail_ok(p, n, i))
		return TS_DATE_FORMAT;
	return set_date(out, y, m, d, 1);
}

/* Days since 1970-01-01 to a civil date (H. Hinnant's algorithm). */
static void
civil_from_days(long z, ts_date *out)
{
	long era, doe, yoe, doy, mp, y;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	out->d = (int)(doy - (153 * mp + 2) / 5 + 1);
	out->m = (int)(mp < 10 ? mp + 3 : mp - 9);
	out->y = (int)(y + (out->m <= 2));
}

int
ts_date_excel(const char *p, size_t n, ts_date *out)
{
	long v = 0;
	size_t i;

	out->y = out->m = out->d = 0;
	if (n == 0 || n > 24)
		return TS_DATE_FORMAT;
	for (i = 0; i < n && is_digit(p[i]); i++) {
		if (i >= 6)
			return TS_DATE_RANGE;
		v = v * 10 + (p[i] - '0');
	}
	if (i == 0)
		return TS_DATE_FORMAT;
	/* A time of day is the fraction: "45937.375". */
	if (i < n) {
		if (p[i] != '.' || i + 1 == n)
			return TS_DATE_FORMAT;
		for (i++; i < n; i++)
			if (!is_digit(p[i]))
				return TS_DATE_FORMAT;
	}
	/*
	 * Serial 1 is 1900-01-01, and Excel counts a 29 February 1900 that
	 * never was (serial 60), so from 61 on day 0 is 1899-12-30.
	 */
	if (v == 0 || v == 60)
		return TS_DATE_INVALID;
	civil_from_days(v - (v < 60 ? 25568L : 25569L), out);
	return ts_date_check(out);
}

/* Serials of 1950-01-01 and 2099-12-31: where a guess is plausible. */
#define EXCEL_GUESS_MIN 18264
#define EXCEL_GUESS_MAX 73050

int
ts_date_excel_guess(const char *p, size_t n, ts_date *out)
{
	long v = 0;
	size_t i;

	out->y = out->m = out->d = 0;
	for (i = 0; i < n && i < 6 && is_digit(p[i]); i++)
		v = v * 10 + (p[i] - '0');
	if (i != 5 || v < EXCEL_GUESS_MIN || v > EXCEL_GUESS_MAX)
		return TS_DATE_FORMAT;
	return ts_date_excel(p, n, out);
}

/* The numeric forms of ts_date_parse. */
static int
parse_numeric(const char *p, size_t n, ts_date *out)
{
	size_t i = 0;
	int a, b, c;
	char sep;

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

int
ts_date_parse(const char *p, size_t n, ts_date *out)
{
	int rc;

	out->y = out->m = out->d = 0;
	if (n < 6)
		return TS_DATE_FORMAT;
	if ((rc = parse_numeric(p, n, out)) != TS_DATE_FORMAT)
		return rc;
	out->y = out->m = out->d = 0;
	return parse_spelled(p, n, out);
}

const char *
ts_date_format_check(const char *fmt)
{
	int y = 0, m = 0, d = 0;

	if (strcmp(fmt, "auto") == 0 || strcmp(fmt, "excel") == 0)
		return NULL;
	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%')
			continue;
		switch (*++fmt) {
		case 'Y': y++; break;
		case 'm': case 'b': m++; break;
		case 'd': d++; break;
		case 'H': case 'M': case 'S': case '%': break;
		case '\0': return "ends with a lone %";
		default: return "unsupported directive (use %Y %m %b %d %H %M %S %%,"
		    " \"auto\" or \"excel\")";
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
	if (strcmp(fmt, "auto") == 0)
		return ts_date_parse(p, n, out);
	if (strcmp(fmt, "excel") == 0)
		return ts_date_excel(p, n, out);
	for (; *fmt != '\0'; fmt++) {
		if (*fmt == ' ') {
			/* A space matches one or more. */
			if (i >= n || p[i] != ' ')
				return TS_DATE_FORMAT;
			while (i < n && p[i] == ' ')
				i++;
			continue;
		}
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
		case 'b': {
			size_t s = i;
			while (i < n && is_word(p[i]))
				i++;
			if ((v = ts_month_name(p + s, i - s)) == 0)
				return TS_DATE_FORMAT;
			/* "dic." when the format does not spell the dot */
			if (i < n && p[i] == '.' && fmt[1] != '.')
				i++;
			out->m = v;
			break;
		}
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
	/* A time of day after the date is ignored, as in the automatic forms. */
	if (!tail_ok(p, n, i) || out->y == 0)
		return TS_DATE_FORMAT;
	return ts_date_check(out);
}

int
ts_date_parse_list(const char *const *fmts, size_t nfmt, const char *p,
    size_t n, ts_date *out)
{
	size_t k;
	int rc, best = TS_DATE_FORMAT;

	if (nfmt == 0) {
		if ((rc = ts_date_parse(p, n, out)) == TS_DATE_FORMAT)
			rc = ts_date_excel_guess(p, n, out);
		return rc;
	}
	for (k = 0; k < nfmt; k++) {
		if ((rc = ts_date_parse_fmt(fmts[k], p, n, out)) == TS_DATE_OK)
			return rc;
		/* A form that matched but is not in the calendar says more. */
		if (best == TS_DATE_FORMAT)
			best = rc;
	}
	out->y = out->m = out->d = 0;
	return best;
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
