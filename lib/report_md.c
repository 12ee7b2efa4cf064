/*
 * report_md.c - the report as Markdown (CommonMark with GFM tables).
 * Cell and note text is escaped: backslash, |, *, _, `, [, ], <, > get a
 * backslash; line breaks become spaces. A nested row reads
 * "↳ Teleconsulta" under its parent, one level deeper with four no-break
 * spaces before the arrow: renderers trim ordinary spaces at the start
 * of a cell but keep these (tests/markdown.t renders with cmark-gfm and
 * pandoc), and the arrow shows the nesting even where they do not.
 */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

#include "report_labels.h"
#include "report_present.h"

static void
put_md(ts_out *o, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f) {
			ts_out_putc(o, ' ');
			continue;
		}
		if (strchr("\\|*_`[]<>", c) != NULL)
			ts_out_putc(o, '\\');
		ts_out_putc(o, (char)c);
	}
}

static void
cell(ts_out *o, const char *s, int bold)
{
	ts_out_puts(o, " ");
	if (bold && *s)
		ts_out_puts(o, "**");
	put_md(o, s);
	if (bold && *s)
		ts_out_puts(o, "**");
	ts_out_puts(o, " |");
}

static void
write_table(const ts_report *r, const ts_rtable *t, ts_out *o)
{
	char buf[TS_REPORT_CELL_MAX];
	size_t i, j;

	if (t->title != NULL) {
		ts_out_puts(o, "## ");
		put_md(o, t->title);
		ts_out_puts(o, "\n\n");
	}
	ts_out_puts(o, "|");
	if (t->key_label)
		cell(o, t->key_label, 0);
	cell(o, t->label_label, 0);
	for (j = 0; j < t->ncols; j++)
		cell(o, t->cols[j].label, 0);
	ts_out_puts(o, "\n|");
	if (t->key_label)
		ts_out_puts(o, ":---|");
	ts_out_puts(o, ":---|");
	for (j = 0; j < t->ncols; j++)
		ts_out_puts(o, t->cols[j].kind == TS_RK_TEXT ? ":---|" : "---:|");
	ts_out_putc(o, '\n');
	for (i = 0; i < t->nrows; i++) {
		const ts_rrow *rw = &t->rows[i];
		int bold = rw->type != TS_RR_ITEM;
		int k;
		ts_out_puts(o, "|");
		if (t->key_label)
			cell(o, rw->type == TS_RR_ITEM ? rw->key : "", 0);
		ts_out_puts(o, " ");
		for (k = 0; k < (rw->level - 1) * 4; k++)
			ts_out_puts(o, "\xc2\xa0");
		if (rw->level > 0)
			ts_out_puts(o, "\xe2\x86\xb3 ");
		if (bold)
			ts_out_puts(o, "**");
		put_md(o, rw->label);
		if (bold)
			ts_out_puts(o, "**");
		ts_out_puts(o, " |");
		for (j = 0; j < t->ncols; j++)
			cell(o, ts_report_cell_str(r, &rw->cells[j], buf), bold);
		ts_out_putc(o, '\n');
	}
	if (t->nnotes > 0)
		ts_out_putc(o, '\n');
	for (i = 0; i < t->nnotes; i++) {
		ts_out_puts(o, "- ");
		put_md(o, t->notes[i]);
		ts_out_putc(o, '\n');
	}
}

void
ts_report_write_md(const ts_report *r, ts_out *o)
{
	char *h = ts_report_headline(r), *g = ts_report_generated_str(r);
	size_t i;

	ts_out_puts(o, "# ");
	put_md(o, r->title);
	ts_out_puts(o, "\n\n");
	if (r->lead != NULL) {
		ts_out_puts(o, "*");
		put_md(o, r->lead);
		ts_out_puts(o, "*\n\n");
	}
	put_md(o, r->subtitle);
	ts_out_puts(o, "\n");
	if (g != NULL) {
		ts_out_puts(o, "\n");
		put_md(o, g);
		ts_out_puts(o, ".\n");
		free(g);
	}
	if (h != NULL) {
		ts_out_puts(o, "\n**");
		put_md(o, h);
		ts_out_puts(o, "**\n");
		free(h);
	}
	for (i = 0; i < r->ntables; i++) {
		ts_out_putc(o, '\n');
		write_table(r, r->tables[i], o);
	}
	if (r->nnotes > 0) {
		ts_out_puts(o, "\n## ");
		put_md(o, ts_rl(r->lang, RL_NOTES));
		ts_out_puts(o, "\n\n");
		for (i = 0; i < r->nnotes; i++) {
			ts_out_puts(o, "- ");
			put_md(o, r->notes[i]);
			ts_out_putc(o, '\n');
		}
	}
}
