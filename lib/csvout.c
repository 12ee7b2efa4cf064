/*
 * csvout.c - records lines rewritten as CSV rows (csvout.h).
 */
#include "csvout.h"

#include <stdlib.h>
#include <string.h>

#include "csvcell.h"
#include "records.h"
#include "util.h"

struct csvout {
	int bom;          /* the BOM is still to be written */
	ts_out *row;      /* the CSV of the lines of one flush */
	char *field;      /* one unescaped field */
	size_t fcap;
};

/*
 * The converted rows collect in a ts_out of their own, which is never
 * flushed: only its buffer is used, then written through to the file.
 */
static ts_out *
scratch(void)
{
	ts_out *s = xcalloc(1, sizeof(*s));

	s->cap = 64 * 1024;
	s->buf = xmalloc(s->cap);
	s->fd = -1;
	s->name = xstrdup("CSV rows");
	return s;
}

static void
scratch_reserve(ts_out *s, size_t n)
{
	if (s->cap - s->len < n) {
		while (s->cap - s->len < n)
			s->cap *= 2;
		s->buf = xrealloc(s->buf, s->cap);
	}
}

/* One records line (no newline) as one CSV row into C->row. */
static void
convert_line(struct csvout *c, const char *p, size_t n)
{
	const char *end = p + n, *q;
	ts_out *s = c->row;

	/*
	 * Room for the worst case, so that the scratch output never
	 * flushes: a field of f bytes takes at most 2f + 3 (quotes, the
	 * formula mark, doubled quotes) and a comma; fields <= n + 1.
	 */
	scratch_reserve(s, 6 * n + 64);
	for (;;) {
		ts_str f;
		size_t u;

		q = memchr(p, '\t', (size_t)(end - p));
		f.p = p;
		f.n = q ? (size_t)(q - p) : (size_t)(end - p);
		if (!ts_has_escape(f)) {
			/* Most fields: the bytes are the cell's already. */
			ts_csv_field(s, f.p, f.n);
		} else {
			if (f.n > c->fcap) {
				c->fcap = f.n;
				c->field = xrealloc(c->field, c->fcap);
			}
			u = ts_unescape(f, c->field);
			ts_csv_field(s, c->field, u);
		}
		if (q == NULL)
			break;
		ts_out_putc(s, ',');
		p = q + 1;
	}
	ts_out_write(s, "\r\n", 2);
}

size_t
ts_csv_rewrite(ts_out *o, const char *p, size_t n, int last)
{
	struct csvout *c = o->rewrite_arg;
	size_t used = 0;

	/* The BOM goes before the first byte: an empty output stays empty. */
	if (c->bom && n > 0) {
		ts_out_write_through(o, TS_CSV_BOM, 3);
		c->bom = 0;
	}
	while (used < n) {
		const char *nl = memchr(p + used, '\n', n - used);
		size_t len;

		if (nl == NULL && !last)
			break;
		len = nl ? (size_t)(nl - (p + used)) : n - used;
		convert_line(c, p + used, len);
		used += len + (nl != NULL);
		if (c->row->len >= 64 * 1024) {
			ts_out_write_through(o, c->row->buf, c->row->len);
			c->row->len = 0;
		}
	}
	ts_out_write_through(o, c->row->buf, c->row->len);
	c->row->len = 0;
	return used;
}

static void
csvout_free(void *arg)
{
	struct csvout *c = arg;

	free(c->row->buf);
	free(c->row->name);
	free(c->row);
	free(c->field);
	free(c);
}

void
ts_out_csv(ts_out *o, int bom)
{
	struct csvout *c = xcalloc(1, sizeof(*c));

	c->bom = bom;
	c->row = scratch();
	ts_out_rewrite(o, ts_csv_rewrite, c, csvout_free);
}
