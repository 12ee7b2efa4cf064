/* utf16.c - UTF-16 to UTF-8 through iconv(3); see utf16.h. */
#include "utf16.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Code units looked at to recognise UTF-16 without a byte order mark. */
#define DETECT_UNITS 64

struct ts_utf16 {
	iconv_t cd;
	int order;
};

int
ts_utf16_detect(const unsigned char *p, size_t n, size_t *bom)
{
	size_t i, units;
	int le = 1, be = 1;

	*bom = 0;
	if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
		*bom = 2;
		return TS_UTF16_LE;
	}
	if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
		*bom = 2;
		return TS_UTF16_BE;
	}
	/*
	 * No mark: only when every code unit looked at is a character below
	 * U+0100 (one zero byte, one non-zero byte, always on the same side)
	 * and there are at least two of them. Anything else is not claimed.
	 */
	units = n / 2;
	if (units > DETECT_UNITS)
		units = DETECT_UNITS;
	if (units < 2)
		return TS_UTF16_NONE;
	for (i = 0; i < units && (le || be); i++) {
		unsigned char a = p[2 * i], b = p[2 * i + 1];
		le &= a != 0 && b == 0;
		be &= a == 0 && b != 0;
	}
	return le ? TS_UTF16_LE : be ? TS_UTF16_BE : TS_UTF16_NONE;
}

const char *
ts_utf16_name(int order)
{
	return order == TS_UTF16_BE ? "utf-16be" : "utf-16le";
}

ts_utf16 *
ts_utf16_new(int order)
{
	iconv_t cd = iconv_open("UTF-8",
	    order == TS_UTF16_BE ? "UTF-16BE" : "UTF-16LE");
	ts_utf16 *d;

	if (cd == (iconv_t)-1)
		return NULL;
	d = xcalloc(1, sizeof(*d));
	d->cd = cd;
	d->order = order;
	return d;
}

void
ts_utf16_free(ts_utf16 *d)
{
	if (d == NULL)
		return;
	iconv_close(d->cd);
	free(d);
}

/* Writes the mark for the code unit (or lone byte) at S; see utf16.h. */
static void
put_mark(const ts_utf16 *d, const unsigned char *s, size_t avail, char *dst)
{
	unsigned v;
	char kind;

	if (avail >= 2) {
		kind = 'S';
		v = d->order == TS_UTF16_BE ? (unsigned)s[0] << 8 | s[1] :
		    (unsigned)s[1] << 8 | s[0];
	} else {
		kind = 'T';
		v = s[0];
	}
	dst[0] = (char)TS_UTF16_MARK;
	/* snprintf writes a NUL after the six bytes: DST has room for it. */
	snprintf(dst + 1, TS_UTF16_MIN_OUT - 1, "%c+%04X", kind, v & 0xFFFF);
}

size_t
ts_utf16_decode(ts_utf16 *d, const char **src, size_t *srclen, char *dst,
    size_t cap, int at_end)
{
	char *out = dst;
	size_t left = cap;

	while (*srclen > 0 && left >= TS_UTF16_MIN_OUT) {
		char *ip = (char *)(uintptr_t)*src;
		size_t il = *srclen, r, unit;

		r = iconv(d->cd, &ip, &il, &out, &left);
		*src = ip;
		*srclen = il;
		if (r != (size_t)-1 || errno == E2BIG)
			break;
		if (errno == EINVAL && !at_end)
			break;          /* the unit or pair goes on in the next buffer */
		/*
		 * EILSEQ: an unpaired surrogate at *src (glibc stops at the
		 * high surrogate when the next unit is not a low one). EINVAL
		 * at the end of the input: a high surrogate with nothing after
		 * it, or one byte of a unit.
		 */
		if (left < TS_UTF16_MIN_OUT)
			break;          /* written on the next call */
		unit = il >= 2 ? 2 : 1;
		put_mark(d, (const unsigned char *)*src, il, out);
		out += TS_UTF16_MARK_LEN;
		left -= TS_UTF16_MARK_LEN;
		*src += unit;
		*srclen -= unit;
		iconv(d->cd, NULL, NULL, NULL, NULL);
	}
	return cap - left;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
ts_utf16_mark_reason(const char *line, size_t n, size_t off,
    uint64_t *column, char *buf, size_t cap)
{
	const unsigned char *s = (const unsigned char *)line;
	unsigned v = 0;
	uint64_t col = 1;
	size_t i;

	if (off > n || n - off < TS_UTF16_MARK_LEN || s[off] != TS_UTF16_MARK ||
	    (s[off + 1] != 'S' && s[off + 1] != 'T') || s[off + 2] != '+')
		return 0;
	for (i = 3; i < TS_UTF16_MARK_LEN; i++) {
		int h = hexval(s[off + i]);
		if (h < 0)
			return 0;
		v = v << 4 | (unsigned)h;
	}
	/* Characters before the mark: bytes that are not continuations. */
	for (i = 0; i < off; i++)
		col += (s[i] & 0xC0) != 0x80;
	*column = col;
	if (s[off + 1] == 'S')
		snprintf(buf, cap, "invalid UTF-16: unpaired surrogate 0x%04X", v);
	else
		snprintf(buf, cap, "invalid UTF-16: truncated code unit"
		    " (a single byte 0x%02X at the end of the input)", v);
	return 1;
}
