/*
 * libFuzzer target: the UTF-16 decoder (lib/utf16.c) and the input that
 * runs it (ts_input_want_utf16) on arbitrary bytes. The first byte picks
 * the byte order used when the data has no mark and the size of the
 * pieces the decoder is fed. Whatever the bytes, every one of them is
 * consumed, and the output is valid UTF-8 apart from marks that
 * ts_utf16_mark_reason describes; the CSV reader then reads the decoded
 * input to its end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "encoding.h"
#include "input.h"
#include "utf16.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Valid UTF-8 between marks, each mark well formed; aborts otherwise. */
static void
check_output(const char *out, size_t n)
{
	size_t i = 0;

	while (i < n) {
		const char *mark = memchr(out + i, TS_UTF16_MARK, n - i);
		size_t upto = mark != NULL ? (size_t)(mark - out) : n;
		uint64_t column;
		char why[160];

		if (ts_utf8_check(out + i, upto - i) != TS_UTF8_VALID)
			abort();
		if (mark == NULL)
			break;
		if (!ts_utf16_mark_reason(out, n, upto, &column, why, sizeof(why)) ||
		    column == 0 || column > upto + 1)
			abort();
		i = upto + TS_UTF16_MARK_LEN;
	}
}

/* The decoder alone, fed PIECE bytes at a time as input.c feeds it. */
static void
decode_pieces(const uint8_t *p, size_t n, int order, size_t piece)
{
	ts_utf16 *d = ts_utf16_new(order);
	char *out = malloc(n * 4 + 16), *carry = malloc(n + 4);
	size_t o = 0, fed = 0, clen = 0;

	if (d == NULL)
		abort();
	for (;;) {
		size_t take = n - fed < piece ? n - fed : piece, w;
		int at_end = fed + take == n;
		const char *s = carry;
		size_t left;

		memcpy(carry + clen, p + fed, take);
		fed += take;
		left = clen + take;
		do {
			w = ts_utf16_decode(d, &s, &left, out + o, TS_UTF16_MIN_OUT +
			    (piece % 7), at_end);
			o += w;
		} while (w > 0);
		if (at_end) {
			if (left != 0)
				abort();        /* every byte decoded or marked */
			break;
		}
		if (left > 3)
			abort();                /* only a cut unit or pair stays */
		memmove(carry, s, left);
		clen = left;
	}
	check_output(out, o);
	ts_utf16_free(d);
	free(out);
	free(carry);
}

/* Through ts_input, reading CAP bytes at a time, then the CSV reader. */
static void
read_input(const uint8_t *p, size_t n, size_t cap)
{
	ts_input *in = ts_input_memory(p, n, "fuzz");
	char *out = malloc(n * 4 + 16), buf[64];
	size_t o = 0;
	ssize_t r;
	struct ts_csv_opts co;
	ts_csv *c;
	ts_csv_rec rec;
	int rc;

	ts_input_want_utf16(in);
	while ((r = ts_input_read(in, buf, cap)) > 0) {
		if ((size_t)r > cap)
			abort();
		memcpy(out + o, buf, (size_t)r);
		o += (size_t)r;
	}
	if (ts_input_utf16(in) != NULL)
		check_output(out, o);
	else if (!ts_input_is_gzip(in) && (o != n || memcmp(out, p, n) != 0))
		abort();                /* not UTF-16: bytes pass unchanged */
	ts_input_close(in);
	free(out);

	memset(&co, 0, sizeof(co));
	in = ts_input_memory(p, n, "fuzz");
	ts_input_want_utf16(in);
	c = ts_csv_new(in, &co);
	while ((rc = ts_csv_next(c, &rec)) == TS_ROW_OK || rc == TS_ROW_BAD)
		if (rc == TS_ROW_BAD && rec.err_column > 0 && rec.error == NULL)
			abort();
	ts_csv_free(c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t bom, piece;
	int order;

	if (size < 1)
		return 0;
	piece = (size_t)(data[0] >> 1) + 1;
	data++;
	size--;
	order = ts_utf16_detect(data, size, &bom);
	if (order == TS_UTF16_NONE)
		order = (data - 1)[0] & 1 ? TS_UTF16_BE : TS_UTF16_LE;
	decode_pieces(data + bom, size - bom, order, piece);
	read_input(data, size, piece % 64 + 1);
	return 0;
}
