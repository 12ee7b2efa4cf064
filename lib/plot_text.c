/* plot_text.c - strings, labels and numbers as the charts write them; see plot.h. */
#include "plot.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot_int.h"
#include "util.h"

/* ---- growing strings ------------------------------------------------ */

void
ts_pb_add(ts_pbuf *b, const char *p, size_t n)
{
	if (b->cap - b->n < n + 1) {
		while (b->cap - b->n < n + 1)
			b->cap = b->cap ? b->cap * 2 : 4096;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = '\0';
}

void
ts_pb_puts(ts_pbuf *b, const char *s)
{
	ts_pb_add(b, s, strlen(s));
}

void
ts_pb_printf(ts_pbuf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		ts_pb_add(b, small, (size_t)n);
		return;
	}
	{
		char *big = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		ts_pb_add(b, big, (size_t)n);
		free(big);
	}
}

/*
 * Length of the UTF-8 sequence at P (N bytes left), or 0 when it is not
 * valid (overlong forms, surrogates and code points past U+10FFFF are
 * invalid too).
 */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t len, i;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/*
 * A copy of P[0..n) fit to be a label: control characters become
 * spaces, invalid UTF-8 bytes become '?', and text longer than MAXCHARS
 * characters is cut with an ellipsis. Caller frees.
 */
char *
ts_plot_clean_label(const char *p, size_t n, size_t maxchars)
{
	ts_pbuf b = { 0 };
	size_t i = 0, chars = 0;

	ts_pb_add(&b, "", 0);
	while (i < n) {
		const unsigned char *u = (const unsigned char *)p + i;
		size_t len = utf8_len(u, n - i);

		if (chars == maxchars) {
			/* Back off one character to make room for the ellipsis. */
			size_t cut = b.n;
			while (cut > 0 && ((unsigned char)b.p[cut - 1] & 0xc0) == 0x80)
				cut--;
			if (cut > 0)
				cut--;
			b.n = cut;
			ts_pb_puts(&b, "\xe2\x80\xa6");
			break;
		}
		if (len == 0) {
			ts_pb_add(&b, "?", 1);
			len = 1;
		} else if (len == 1 && (*u < 0x20 || *u == 0x7f)) {
			ts_pb_add(&b, " ", 1);
		} else {
			ts_pb_add(&b, (const char *)u, len);
		}
		i += len;
		chars++;
	}
	return b.p;
}

/* S as a gnuplot single-quoted string: no escapes inside but ''. */
void
ts_pb_quote(ts_pbuf *b, const char *s)
{
	ts_pb_add(b, "'", 1);
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			ts_pb_add(b, "''", 2);
		else
			ts_pb_add(b, s, 1);
	}
	ts_pb_add(b, "'", 1);
}

/*
 * S as the label of an explicit tic: gnuplot reads it as a format for
 * the tic value, so '%' must be doubled.
 */
void
ts_pb_quote_tic(ts_pbuf *b, const char *s)
{
	ts_pbuf t = { 0 };

	ts_pb_add(&t, "", 0);
	for (; *s != '\0'; s++) {
		if (*s == '%')
			ts_pb_add(&t, "%%", 2);
		else
			ts_pb_add(&t, s, 1);
	}
	ts_pb_quote(b, t.p);
	free(t.p);
}

/* ---- numbers ----------------------------------------------------------- */

size_t
ts_plot_fmt_int(char *buf, double v, int lang)
{
	char digits[32];
	const char *sep = lang == TS_LANG_EN ? "," : " ";
	size_t nd, i, o = 0;
	unsigned long long u;
	int neg = v < 0;

	if (isnan(v)) {
		memcpy(buf, "-", 2);
		return 1;
	}
	if (fabs(v) >= 1e18)
		return (size_t)snprintf(buf, 32, "%.0f", v);
	u = (unsigned long long)llround(fabs(v));
	nd = (size_t)snprintf(digits, sizeof(digits), "%llu", u);
	if (neg && u != 0)
		buf[o++] = '-';
	for (i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			buf[o++] = *sep;
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return o;
}

size_t
ts_plot_fmt_tick(char *buf, double v, int lang)
{
	double ip = floor(fabs(v) + 1e-9);
	size_t n;
	int tenth;

	n = ts_plot_fmt_int(buf, v < 0 ? -ip : ip, lang);
	tenth = (int)llround((fabs(v) - ip) * 10);
	if (tenth > 0 && tenth < 10) {
		buf[n++] = lang == TS_LANG_EN ? '.' : ',';
		buf[n++] = (char)('0' + tenth);
		buf[n] = '\0';
	}
	return n;
}

/* Tick step: 1, 2, 2.5 or 5 times a power of ten, about MAX / 5. */
double
ts_plot_nice_step(double max, int integral)
{
	double raw = max / 5, mag, norm, step;

	if (!(raw > 0))
		return 1;
	mag = pow(10, floor(log10(raw)));
	norm = raw / mag;
	if (norm <= 1)
		step = 1;
	else if (norm <= 2)
		step = 2;
	else if (norm <= 2.5 && (mag >= 10 || !integral))
		step = 2.5;
	else if (norm <= 5)
		step = 5;
	else
		step = 10;
	step *= mag;
	if (integral && step < 1)
		step = 1;
	return step;
}

/* Writes a data value the way gnuplot reads it back exactly. */
void
ts_pb_num(ts_pbuf *b, double v)
{
	if (isnan(v))
		ts_pb_puts(b, "NaN");
	else if (v == floor(v) && fabs(v) < 1e15)
		ts_pb_printf(b, "%.0f", v);
	else
		ts_pb_printf(b, "%.17g", v);
}

