/*
 * libFuzzer target: the CSV reader (lib/csvin.c) on arbitrary bytes.
 * The first byte picks the options (delimiter, lenient, encoding, a small
 * record limit); the input is then read twice, with the fast path and
 * with every line through libcsv, and the two must agree record for
 * record.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "encoding.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct rec {
	int rc;
	ts_csv_rec r;
	char *fields;           /* fields joined with a 0x1F separator */
	size_t flen;
	char *raw;
	char *errv;
};

static void
grab(struct rec *out, int rc, const ts_csv_rec *r)
{
	size_t i, n = 0;

	out->rc = rc;
	out->r = *r;
	for (i = 0; i < r->nfields; i++)
		n += r->fields[i].n + 1;
	out->fields = malloc(n + 1);
	out->flen = 0;
	for (i = 0; i < r->nfields; i++) {
		if (r->fields[i].n)
			memcpy(out->fields + out->flen, r->fields[i].p, r->fields[i].n);
		out->flen += r->fields[i].n;
		out->fields[out->flen++] = 0x1F;
	}
	out->raw = malloc(r->raw.n + 1);
	if (r->raw.n)
		memcpy(out->raw, r->raw.p, r->raw.n);
	out->errv = malloc(r->err_value.n + 1);
	if (r->err_value.n)
		memcpy(out->errv, r->err_value.p, r->err_value.n);
}

static void
release(struct rec *x)
{
	free(x->fields);
	free(x->raw);
	free(x->errv);
}

static void
same(const struct rec *a, const struct rec *b)
{
	if (a->rc != b->rc || a->r.nfields != b->r.nfields ||
	    a->flen != b->flen || memcmp(a->fields, b->fields, a->flen) != 0 ||
	    a->r.line != b->r.line || a->r.last_line != b->r.last_line ||
	    a->r.raw.n != b->r.raw.n || memcmp(a->raw, b->raw, a->r.raw.n) != 0 ||
	    a->r.clean != b->r.clean || a->r.err_line != b->r.err_line ||
	    a->r.err_field != b->r.err_field ||
	    a->r.err_value.n != b->r.err_value.n ||
	    memcmp(a->errv, b->errv, a->r.err_value.n) != 0 ||
	    (a->r.error == NULL) != (b->r.error == NULL) ||
	    (a->r.error && strcmp(a->r.error, b->r.error) != 0))
		abort();
	/* Fields are valid UTF-8 whenever the record is good. */
	if (a->rc == TS_ROW_OK && ts_utf8_check(a->fields, a->flen) != TS_UTF8_VALID)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int delims[4] = { 0, ',', ';', '\t' };
	struct ts_csv_opts o;
	ts_csv *fast, *slow;
	ts_csv_rec rf, rs;
	int a, b;

	if (size < 1)
		return 0;
	memset(&o, 0, sizeof(o));
	o.delim = delims[data[0] & 3];
	o.lenient = (data[0] >> 2) & 1;
	o.encoding = (data[0] >> 3) % 3;
	o.max_record = (data[0] & 0x40) ? 64 : 0;
	data++;
	size--;
	fast = ts_csv_new(ts_input_memory(data, size, "fuzz"), &o);
	o.no_fast_path = 1;
	slow = ts_csv_new(ts_input_memory(data, size, "fuzz"), &o);
	if (ts_csv_delim(fast) != ts_csv_delim(slow))
		abort();
	for (;;) {
		struct rec x, y;
		a = ts_csv_next(fast, &rf);
		grab(&x, a, &rf);
		b = ts_csv_next(slow, &rs);
		grab(&y, b, &rs);
		same(&x, &y);
		release(&x);
		release(&y);
		if (a == TS_ROW_EOF || a == TS_ROW_FAIL)
			break;
	}
	ts_csv_free(fast);
	ts_csv_free(slow);
	return 0;
}
