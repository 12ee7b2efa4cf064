/*
 * report_csv.c - the report as one tidy CSV table, so that DuckDB's
 * read_csv, csvkit or Miller read it in one go: the header
 *
 *   section,row_key,row_label,level,column,value,note
 *
 * then one line per cell of every section's table (section id, the row's
 * machine key and label, its nesting level, the column id, the value),
 * the report's own facts as section "report" (title and subtitle in
 * row_label, year, comparison year, language... in value), and the
 * notes as column "note" with the text in note. Numbers are for machines:
 * integers without grouping, percentages and ratios with a decimal point
 * ("18.9"), whatever --lang says; a cell masked by --suppress has an
 * empty value and the reason in note. Fields are quoted as RFC 4180
 * says, and cells a spreadsheet would run as formulas start with '
 * (csvcell.h); lines end in LF.
 */
#include "report_int.h"

#include <stdio.h>
#include <string.h>

#include "csvcell.h"
#include "numfmt.h"

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

/* One line of the tidy table. */
static void
line(ts_out *o, const char *section, const char *key, const char *label,
    int level, const char *column, const char *value, const char *note)
{
	ts_csv_field_str(o, section);
	ts_out_putc(o, ',');
	ts_csv_field_str(o, key);
	ts_out_putc(o, ',');
	ts_csv_field_str(o, label);
	ts_out_printf(o, ",%d,", level);
	ts_csv_field_str(o, column);
	ts_out_putc(o, ',');
	ts_csv_field_str(o, value);
	ts_out_putc(o, ',');
	ts_csv_field_str(o, note);
	ts_out_putc(o, '\n');
}

static void
meta(ts_out *o, const char *key, const char *label, const char *value)
{
	line(o, "report", key, label ? label : "", 0, "value", value, "");
}

void
ts_report_write_csv(const ts_report *r, ts_out *o)
{
	char buf[TS_REPORT_CELL_MAX], note[TS_REPORT_CELL_MAX + 64];
	size_t i, j, k;

	ts_out_puts(o, "section,row_key,row_label,level,column,value,note\n");
	meta(o, "title", r->title, "");
	meta(o, "subtitle", r->subtitle, "");
	meta(o, "lead", r->lead ? r->lead : "", "");
	{
		char d[16];
		meta(o, "generated", "", r->generated > 0 ?
		    ts_report_iso_date(r->generated, d) : "");
	}
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

		for (k = 0; k < t->nrows; k++) {
			const ts_rrow *rw = &t->rows[k];

			for (j = 0; j < t->ncols; j++) {
				const ts_rcell *c = &rw->cells[j];

				if (c->masked) {
					if (c->masked == 1)
						snprintf(note, sizeof(note),
						    "masked: below %lld",
						    (long long)r->suppress);
					else
						snprintf(note, sizeof(note),
						    "masked: protects another "
						    "cell");
					line(o, t->id, rw->key, rw->label,
					    rw->level, t->cols[j].id, "", note);
				} else
					line(o, t->id, rw->key, rw->label,
					    rw->level, t->cols[j].id,
					    machine(r, c, buf), "");
			}
		}
		for (j = 0; j < t->nnotes; j++)
			line(o, t->id, "", "", 0, "note", "", t->notes[j]);
	}
	for (i = 0; i < r->nnotes; i++)
		line(o, "report", "", "", 0, "note", "", r->notes[i]);
}
