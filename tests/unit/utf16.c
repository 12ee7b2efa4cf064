/* Unit tests: UTF-16 decoding through iconv (utf16.h), fed in pieces. */
#include <stdint.h>
#include <string.h>

#include "../tap.h"
#include "utf16.h"

/* Decodes IN[0..n) fed PIECE bytes at a time, as input.c feeds it. */
static size_t
decode(int order, const char *in, size_t n, size_t piece, char *out)
{
	ts_utf16 *d = ts_utf16_new(order);
	char carry[64];
	size_t o = 0, fed = 0, clen = 0;

	for (;;) {
		size_t take = n - fed < piece ? n - fed : piece, w, left;
		int at_end = fed + take == n;
		const char *s = carry;

		memcpy(carry + clen, in + fed, take);
		fed += take;
		left = clen + take;
		while ((w = ts_utf16_decode(d, &s, &left, out + o, TS_UTF16_MIN_OUT,
		    at_end)) > 0)
			o += w;
		if (at_end)
			break;
		memmove(carry, s, left);
		clen = left;
	}
	ts_utf16_free(d);
	return o;
}

int
main(void)
{
	/* "Año 📞" little-endian: a surrogate pair cut by every piece size. */
	static const char le[] = "A\0\xf1\0o\0 \0\x3d\xd8\xde\xdc";
	static const char be[] = "\0A\0\xf1\0o\0 \xd8\x3d\xdc\xde";
	static const char want[] = "A\xc3\xb1o \xf0\x9f\x93\x9e";
	/* A lone high surrogate, then "x", then one byte left at the end. */
	static const char bad[] = "\x3d\xd8x\0y";
	char out[256];
	size_t piece, n, bom;
	uint64_t col;
	char why[128];

	for (piece = 1; piece <= 12; piece++) {
		n = decode(TS_UTF16_LE, le, sizeof(le) - 1, piece, out);
		is_mem(out, n, want, sizeof(want) - 1, "LE, pair cut anywhere");
		n = decode(TS_UTF16_BE, be, sizeof(be) - 1, piece, out);
		is_mem(out, n, want, sizeof(want) - 1, "BE, pair cut anywhere");
	}
	n = decode(TS_UTF16_LE, bad, sizeof(bad) - 1, 3, out);
	is_mem(out, n, "\xffS+D83Dx\xffT+0079", 15, "marks for bad units");
	ok(ts_utf16_mark_reason(out, n, 0, &col, why, sizeof(why)), "mark read");
	is_str(why, "invalid UTF-16: unpaired surrogate 0xD83D", "its reason");
	is_int((int)col, 1, "its column");
	ok(ts_utf16_mark_reason(out, n, 8, &col, why, sizeof(why)), "second mark");
	is_int((int)col, 9, "column counts characters before it");
	ok(!ts_utf16_mark_reason(out, n, 7, &col, why, sizeof(why)), "not a mark");

	is_int(ts_utf16_detect((const unsigned char *)"\xff\xfe", 2, &bom),
	    TS_UTF16_LE, "LE mark");
	is_int((int)bom, 2, "mark skipped");
	is_int(ts_utf16_detect((const unsigned char *)"\xfe\xff\0a", 4, &bom),
	    TS_UTF16_BE, "BE mark");
	is_int(ts_utf16_detect((const unsigned char *)"I\0d\0_\0", 6, &bom),
	    TS_UTF16_LE, "LE without mark");
	is_int((int)bom, 0, "nothing to skip");
	is_int(ts_utf16_detect((const unsigned char *)"\0I\0d", 4, &bom),
	    TS_UTF16_BE, "BE without mark");
	is_int(ts_utf16_detect((const unsigned char *)"Id_Cita", 7, &bom),
	    TS_UTF16_NONE, "UTF-8 text");
	is_int(ts_utf16_detect((const unsigned char *)"I\0d", 3, &bom),
	    TS_UTF16_NONE, "one unit is not enough");
	is_int(ts_utf16_detect((const unsigned char *)"I\0\0\0", 4, &bom),
	    TS_UTF16_NONE, "NUL characters are not text");
	return done_testing();
}
