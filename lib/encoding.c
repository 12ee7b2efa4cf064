/* encoding.c - UTF-8 validation, single-byte conversion, folding; see encoding.h. */
#include "encoding.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

int
ts_encoding_parse(const char *s)
{
	if (strcasecmp(s, "utf-8") == 0 || strcasecmp(s, "utf8") == 0)
		return TS_ENC_UTF8;
	if (strcasecmp(s, "latin1") == 0 || strcasecmp(s, "latin-1") == 0 ||
	    strcasecmp(s, "iso-8859-1") == 0 || strcasecmp(s, "iso8859-1") == 0)
		return TS_ENC_LATIN1;
	if (strcasecmp(s, "cp1252") == 0 || strcasecmp(s, "windows-1252") == 0)
		return TS_ENC_CP1252;
	return -1;
}

const char *
ts_encoding_name(int enc)
{
	switch (enc) {
	case TS_ENC_LATIN1: return "latin1";
	case TS_ENC_CP1252: return "cp1252";
	default: return "utf-8";
	}
}

#define HIGH_BITS 0x8080808080808080ULL

int
ts_is_ascii(const char *p, size_t n)
{
	uint64_t acc = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		acc |= w;
	}
	for (; i < n; i++)
		acc |= (unsigned char)p[i];
	return (acc & HIGH_BITS) == 0;
}

size_t
ts_utf8_check(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t len;
		unsigned lo = 0x80, hi = 0xBF;

		/* Skip ASCII a word at a time: most text is mostly ASCII. */
		if (c < 0x80) {
			while (i + 8 <= n) {
				uint64_t w;
				memcpy(&w, s + i, 8);
				if (w & HIGH_BITS)
					break;
				i += 8;
			}
			while (i < n && s[i] < 0x80)
				i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			if (c == 0xE0)
				lo = 0xA0;      /* overlong */
			else if (c == 0xED)
				hi = 0x9F;      /* surrogates */
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			if (c == 0xF0)
				lo = 0x90;      /* overlong */
			else if (c == 0xF4)
				hi = 0x8F;      /* above U+10FFFF */
		} else {
			return i;
		}
		if (n - i < len)
			return i;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return i;
		for (size_t k = 2; k < len; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return i;
		i += len;
	}
	return TS_UTF8_VALID;
}

/* Windows-1252 0x80..0x9F as Unicode; undefined bytes map to themselves. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

size_t
ts_to_utf8(int enc, const char *src, size_t n, char *dst)
{
	const unsigned char *s = (const unsigned char *)src;
	unsigned char *d = (unsigned char *)dst;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned cp = s[i];
		if (cp < 0x80) {
			*d++ = (unsigned char)cp;
			continue;
		}
		if (enc == TS_ENC_CP1252 && cp < 0xA0)
			cp = cp1252_high[cp - 0x80];
		if (cp < 0x800) {
			*d++ = (unsigned char)(0xC0 | (cp >> 6));
			*d++ = (unsigned char)(0x80 | (cp & 0x3F));
		} else {
			*d++ = (unsigned char)(0xE0 | (cp >> 12));
			*d++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
			*d++ = (unsigned char)(0x80 | (cp & 0x3F));
		}
	}
	return (size_t)((char *)d - dst);
}

/*
 * Base letters of U+00C0..U+00FF; "" marks a separator (× and ÷).
 * Upper and lower case share a row so one table serves both.
 */
static const char *const latin1_fold[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c",      /* C0-C7 ÀÁÂÃÄÅÆÇ */
	"e", "e", "e", "e", "i", "i", "i", "i",       /* C8-CF */
	"d", "n", "o", "o", "o", "o", "o", "",        /* D0-D7 ÐÑÒÓÔÕÖ× */
	"o", "u", "u", "u", "u", "y", "th", "ss",     /* D8-DF */
	"a", "a", "a", "a", "a", "a", "ae", "c",      /* E0-E7 */
	"e", "e", "e", "e", "i", "i", "i", "i",       /* E8-EF */
	"d", "n", "o", "o", "o", "o", "o", "",        /* F0-F7 ÷ */
	"o", "u", "u", "u", "u", "y", "th", "y",      /* F8-FF */
};

size_t
ts_fold(const char *src, size_t n, char *dst, int flags)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, o = 0;
	int sep = 0;          /* a separator is pending */

#define EMIT(c) do { \
	if (sep && o > 0 && !(flags & TS_FOLD_NOSPACE)) \
		dst[o++] = ' '; \
	sep = 0; \
	dst[o++] = (char)(c); \
} while (0)

	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			if (c >= 'A' && c <= 'Z')
				EMIT(c + ('a' - 'A'));
			else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				EMIT(c);
			else
				sep = 1;
			i++;
		} else if (c == 0xC3 && i + 1 < n && s[i + 1] >= 0x80 &&
		    s[i + 1] <= 0xBF) {
			const char *b = latin1_fold[s[i + 1] - 0x80];
			if (*b == '\0')
				sep = 1;
			for (; *b != '\0'; b++)
				EMIT(*b);
			i += 2;
		} else if (c == 0xC2 && i + 1 < n && s[i + 1] >= 0x80 &&
		    s[i + 1] <= 0xBF) {
			/* Latin-1 symbols: ª and º are letters, the rest separate. */
			if (s[i + 1] == 0xAA)
				EMIT('a');
			else if (s[i + 1] == 0xBA)
				EMIT('o');
			else
				sep = 1;
			i += 2;
		} else if ((c == 0xCC && i + 1 < n && s[i + 1] >= 0x80 &&
		    s[i + 1] <= 0xBF) ||
		    (c == 0xCD && i + 1 < n && s[i + 1] >= 0x80 &&
		    s[i + 1] <= 0xAF)) {
			/* Combining diacritical marks (decomposed text): drop. */
			i += 2;
		} else {
			/*
			 * Any other sequence (or stray byte) is kept as it is:
			 * the lead byte and the continuation bytes that follow.
			 */
			size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
			size_t len = 1;
			while (len < want && i + len < n && s[i + len] >= 0x80 &&
			    s[i + len] <= 0xBF)
				len++;
			if (sep && o > 0 && !(flags & TS_FOLD_NOSPACE))
				dst[o++] = ' ';
			sep = 0;
			memcpy(dst + o, s + i, len);
			o += len;
			i += len;
		}
	}
#undef EMIT
	return o;
}
