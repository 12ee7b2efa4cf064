/*
 * report_csv.c - the report as CSV: one table per section, each starting
 * with its own header line "section,key,label,level,<columns>", every row
 * starting with the section id, tables separated by an empty line. Fields
 * are quoted as RFC 4180 says (when they hold a comma, a double quote, CR
 * or LF; quotes doubled); lines end in LF. Numbers are for machines:
 * integers without grouping, percentages and ratios with a decimal point
 * ("18.9"), whatever --lang says; masked cells are "<N", empty cells empty.
 */
#include "report_int.h"

#include <stdio.h>
#include <string.h>

#include "numfmt.h"

static void
field(ts_out *o, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		ts_out_puts(o, s);
		return;
	}
	ts_out_putc(o, '"');
	for (; *s; s++) {
		if (*s == '"')
			ts_out_putc(o, '"');
		ts_out_putc(o, *s);
	}
	ts_out_putc(o, '"');
}

static const char *
machine(const ts_report *r, const ts_rcell *c, char *buf)
{
	if (c->masked)
		return ts_report_cell_str(r, c, buf);
	switch (c->kind) {
	case TS_RK_TEXT:
		return c->code ? c->code : c->text ? c->text : "";
	case TS_RK_INT:
		buf[ts_fmt_u64(buf, (uint64_t)c->v)] = '\0';
		return buf;
	case TS_RK_PCT:
	case TS_RK_CHANGE:
	case TS_RK_DEC1:
		ts_numfmt_dec1_c(buf, c->v);
		return buf;
	default:
		return "";
	}
}

static void
meta(ts_out *o, const char *key, const char *label, const char *value)
{
	ts_out_puts(o, "report,");
	field(o, key);
	ts_out_putc(o, ',');
	field(o, label);
	ts_out_puts(o, ",0,");
	field(o, value);
	ts_out_putc(o, '\n');
}

void
ts_report_write_csv(const ts_report *r, ts_out *o)
{
	char buf[TS_REPORT_CELL_MAX];
	size_t i, j, k;

	ts_out_puts(o, "section,key,label,level,value\n");
	meta(o, "title", r->title, "");
	meta(o, "subtitle", r->subtitle, "");
	snprintf(buf, sizeof(buf), "%d", r->year);
	meta(o, "year", "", buf);
	if (r->compare)
		snprintf(buf, sizeof(buf), "%d", r->compare);
	meta(o, "compare", "", r->compare ? buf : "");
	meta(o, "lang", "", r->lang == TS_LANG_EN ? "en" : "es");
	meta(o, "rollup", "", r->rollup ? r->rollup : "");
	{
		char d[16];
		meta(o, "data_through", "", ts_report_iso_date(r->through, d));
		for (i = 0; i < r->nsources; i++)
			meta(o, "data_through_source", r->sources[i].name,
			    ts_report_iso_date(r->sources[i].through, d));
		if (r->cut)
			snprintf(buf, sizeof(buf), "1-%d", r->cut);
		meta(o, "months_compared", "", r->cut ? buf : "");
		meta(o, "partial_year", "", r->partial ? "1" : "0");
	}
	if (r->suppress)
		snprintf(buf, sizeof(buf), "%lld", (long long)r->suppress);
	meta(o, "suppress", "", r->suppress ? buf : "");
	for (i = 0; i < r->ntables; i++) {
		const ts_rtable *t = r->tables[i];
		ts_out_puts(o, "\nsection,key,label,level");
		for (j = 0; j < t->ncols; j++) {
			ts_out_putc(o, ',');
			field(o, t->cols[j].id);
		}
		ts_out_putc(o, '\n');
		for (k = 0; k < t->nrows; k++) {
			const ts_rrow *rw = &t->rows[k];
			field(o, t->id);
			ts_out_putc(o, ',');
			field(o, rw->key);
			ts_out_putc(o, ',');
			field(o, rw->label);
			ts_out_printf(o, ",%d", rw->level);
			for (j = 0; j < t->ncols; j++) {
				ts_out_putc(o, ',');
				field(o, machine(r, &rw->cells[j], buf));
			}
			ts_out_putc(o, '\n');
		}
	}
	ts_out_puts(o, "\nsection,key,label\n");
	for (i = 0; i < r->ntables; i++)
		for (j = 0; j < r->tables[i]->nnotes; j++) {
			ts_out_puts(o, "notes,");
			field(o, r->tables[i]->id);
			ts_out_putc(o, ',');
			field(o, r->tables[i]->notes[j]);
			ts_out_putc(o, '\n');
		}
	for (i = 0; i < r->nnotes; i++) {
		ts_out_puts(o, "notes,report,");
		field(o, r->notes[i]);
		ts_out_putc(o, '\n');
	}
}
