/*
 * report_text.c - the report as plain text for a terminal: tables aligned
 * by display width (UTF-8 aware: accented letters count one column,
 * combining marks none, East Asian wide characters two), numbers right-
 * aligned, control characters from the data shown as spaces.
 */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

#include "report_labels.h"
#include "report_present.h"

/* Decodes one UTF-8 sequence at S (N bytes left); invalid bytes are U+FFFD. */
static size_t
utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c = s[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, c &= 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, c &= 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, c &= 0x07;
	else
		goto bad;
	if (len > n)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3f);
	}
	*cp = c;
	return len;
bad:
	*cp = 0xfffd;
	return 1;
}

static int
cp_width(uint32_t c)
{
	if (c < 0x20 || (c >= 0x7f && c < 0xa0))
		return 1;       /* shown as a space */
	if ((c >= 0x300 && c <= 0x36f) || (c >= 0x1ab0 && c <= 0x1aff) ||
	    (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff) ||
	    (c >= 0xfe20 && c <= 0xfe2f) || c == 0x200b || c == 0x200d)
		return 0;
	if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
	    (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd))
		return 2;
	return 1;
}

/* Display width of S. */
static size_t
text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), w = 0, i = 0;

	while (i < n) {
		uint32_t c;
		i += utf8_next(p + i, n - i, &c);
		w += (size_t)cp_width(c);
	}
	return w;
}

/*
 * A table line is built in memory and written without its trailing
 * spaces, so that empty cells at the end of a row leave no blanks.
 */
struct line {
	char *p;
	size_t n, cap;
};

static void
lput(struct line *l, char c)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->p = xrealloc(l->p, l->cap);
	}
	l->p[l->n++] = c;
}

static void
lflush(struct line *l, ts_out *o)
{
	while (l->n > 0 && l->p[l->n - 1] == ' ')
		l->n--;
	ts_out_write(o, l->p, l->n);
	ts_out_putc(o, '\n');
	l->n = 0;
}

/* Appends S with control characters as spaces. */
static void
lclean(struct line *l, const char *s)
{
	for (; *s; s++)
		lput(l, (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

static void
spaces(struct line *l, size_t n)
{
	while (n-- > 0)
		lput(l, ' ');
}

static void
put_padded(struct line *l, const char *s, size_t width, int right)
{
	size_t w = text_width(s);

	if (right)
		spaces(l, width > w ? width - w : 0);
	lclean(l, s);
	if (!right)
		spaces(l, width > w ? width - w : 0);
}

/* Writes S on a line of its own. */
static void
put_line(ts_out *o, const char *prefix, const char *s)
{
	struct line l = { NULL, 0, 0 };

	lclean(&l, prefix);
	lclean(&l, s);
	lflush(&l, o);
	free(l.p);
}

static void
underline(ts_out *o, const char *s, char c)
{
	size_t w = text_width(s);

	while (w-- > 0)
		ts_out_putc(o, c);
	ts_out_putc(o, '\n');
}

/* The text of cell (row, col) of T: -2 is the key, -1 the label. */
static const char *
cell_text(const ts_report *r, const ts_rtable *t, size_t row, int col,
    char *buf)
{
	const ts_rrow *rw = &t->rows[row];

	if (col == -2)     /* "total" is a key for machines, not for people */
		return rw->type == TS_RR_ITEM ? rw->key : "";
	if (col == -1) {
		size_t pad = (size_t)rw->level * 2, n = strlen(rw->label);
		if (pad + n + 1 > TS_REPORT_CELL_MAX * 4)
			return rw->label;
		memset(buf, ' ', pad);
		memcpy(buf + pad, rw->label, n + 1);
		return buf;
	}
	return ts_report_cell_str(r, &rw->cells[col], buf);
}

static void
write_table(const ts_report *r, const ts_rtable *t, ts_out *o)
{
	int first = t->key_label ? -2 : -1, c;
	size_t ncol = t->ncols + (size_t)(-first), i, j;
	size_t *w = xcalloc(ncol, sizeof(*w));
	char buf[TS_REPORT_CELL_MAX * 4];
	struct line l = { NULL, 0, 0 };

	if (t->title != NULL) {
		put_line(o, "", t->title);
		underline(o, t->title, '-');
	}
	/* Column widths: headings and every cell. */
	for (c = first, j = 0; c < (int)t->ncols; c++, j++) {
		const char *h = c == -2 ? t->key_label : c == -1 ? t->label_label :
		    t->cols[c].label;
		w[j] = text_width(h);
		for (i = 0; i < t->nrows; i++) {
			size_t cw = text_width(cell_text(r, t, i, c, buf));
			if (cw > w[j])
				w[j] = cw;
		}
	}
	for (c = first, j = 0; c < (int)t->ncols; c++, j++) {
		const char *h = c == -2 ? t->key_label : c == -1 ? t->label_label :
		    t->cols[c].label;
		if (j > 0)
			spaces(&l, 2);
		put_padded(&l, h, w[j], c >= 0 && t->cols[c].kind != TS_RK_TEXT);
	}
	lflush(&l, o);
	for (j = 0; j < ncol; j++) {
		size_t k;
		if (j > 0)
			spaces(&l, 2);
		for (k = 0; k < w[j]; k++)
			lput(&l, '-');
	}
	lflush(&l, o);
	for (i = 0; i < t->nrows; i++) {
		for (c = first, j = 0; c < (int)t->ncols; c++, j++) {
			int right = c >= 0 && t->rows[i].cells[c].kind != TS_RK_TEXT &&
			    t->cols[c].kind != TS_RK_TEXT;
			if (j > 0)
				spaces(&l, 2);
			put_padded(&l, cell_text(r, t, i, c, buf), w[j], right);
		}
		lflush(&l, o);
	}
	for (i = 0; i < t->nnotes; i++)
		put_line(o, "* ", t->notes[i]);
	free(l.p);
	free(w);
}

void
ts_report_write_text(const ts_report *r, ts_out *o)
{
	char *h = ts_report_headline(r), *g = ts_report_generated_str(r);
	size_t i;

	put_line(o, "", r->title);
	underline(o, r->title, '=');
	if (r->lead != NULL)
		put_line(o, "", r->lead);
	put_line(o, "", r->subtitle);
	if (g != NULL) {
		char *s = xasprintf("%s.", g);
		put_line(o, "", s);
		free(s);
		free(g);
	}
	ts_out_putc(o, '\n');
	if (h != NULL) {
		put_line(o, "", h);
		free(h);
	}
	for (i = 0; i < r->ntables; i++) {
		ts_out_putc(o, '\n');
		write_table(r, r->tables[i], o);
	}
	if (r->nnotes > 0) {
		const char *n = ts_rl(r->lang, RL_NOTES);
		ts_out_putc(o, '\n');
		put_line(o, "", n);
		underline(o, n, '-');
		for (i = 0; i < r->nnotes; i++)
			put_line(o, "* ", r->notes[i]);
	}
}
