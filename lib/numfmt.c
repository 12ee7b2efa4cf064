/* numfmt.c - language-aware number formatting; see numfmt.h. */
#include "numfmt.h"

#include <math.h>
#include <string.h>

#include "out.h"

int
ts_lang_parse(const char *s)
{
	if (strcmp(s, "es") == 0)
		return TS_LANG_ES;
	if (strcmp(s, "en") == 0)
		return TS_LANG_EN;
	return -1;
}

/* Digits of V (unsigned) grouped by SEP every three from the right. */
static size_t
grouped(char *buf, uint64_t v, char sep)
{
	char tmp[32];
	size_t n = 0, i, out = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (i = n; i > 0; i--) {
		buf[out++] = tmp[i - 1];
		if (i > 1 && (i - 1) % 3 == 0)
			buf[out++] = sep;
	}
	buf[out] = '\0';
	return out;
}

static uint64_t
magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

size_t
ts_numfmt_int(char *buf, int64_t v, int lang)
{
	size_t n = 0;

	if (v < 0)
		buf[n++] = '-';
	return n + grouped(buf + n, magnitude(v), lang == TS_LANG_EN ? ',' : ' ');
}

size_t
ts_numfmt_dec1(char *buf, int64_t tenths, int lang, int plus)
{
	uint64_t m = magnitude(tenths);
	size_t n = 0;

	if (tenths < 0)
		buf[n++] = '-';
	else if (plus && tenths > 0)
		buf[n++] = '+';
	n += grouped(buf + n, m / 10, lang == TS_LANG_EN ? ',' : ' ');
	buf[n++] = lang == TS_LANG_EN ? '.' : ',';
	buf[n++] = (char)('0' + m % 10);
	buf[n] = '\0';
	return n;
}

size_t
ts_numfmt_pct(char *buf, int64_t tenths, int lang, int plus)
{
	size_t n = ts_numfmt_dec1(buf, tenths, lang, plus);

	if (lang == TS_LANG_ES)
		buf[n++] = ' ';
	buf[n++] = '%';
	buf[n] = '\0';
	return n;
}

size_t
ts_numfmt_dec1_c(char *buf, int64_t tenths)
{
	uint64_t m = magnitude(tenths);
	size_t n = 0;

	if (tenths < 0)
		buf[n++] = '-';
	n += ts_fmt_u64(buf + n, m / 10);
	buf[n++] = '.';
	buf[n++] = (char)('0' + m % 10);
	buf[n] = '\0';
	return n;
}

/* round(SCALE * NUM / DEN) half away from zero, DEN > 0. */
static int64_t
scaled_round(int64_t num, int64_t den, int64_t scale)
{
	uint64_t m = magnitude(num), q;

	if (den <= 0)
		return 0;
	if (m > (uint64_t)INT64_MAX / 2 / (uint64_t)scale) {
		/* Beyond any real report; fall back to floating point. */
		double d = (double)num * (double)scale / (double)den;
		return (int64_t)llround(d);
	}
	q = (2 * m * (uint64_t)scale + (uint64_t)den) / (2 * (uint64_t)den);
	return num < 0 ? -(int64_t)q : (int64_t)q;
}

int64_t
ts_ratio_tenths(int64_t num, int64_t den)
{
	return scaled_round(num, den, 10);
}

int64_t
ts_pct_tenths(int64_t num, int64_t den)
{
	return scaled_round(num, den, 1000);
}

int64_t
ts_change_tenths(int64_t now, int64_t before)
{
	return scaled_round(now - before, before, 1000);
}
