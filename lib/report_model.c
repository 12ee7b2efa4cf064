/* report_model.c - tables of the report model, cell text, headline. */
#include "report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "report_labels.h"

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

ts_rtable *
ts_rtable_add(ts_report *r, const char *id, const char *title,
    const char *key_id, const char *key_label, const char *label_label)
{
	ts_rtable *t = xcalloc(1, sizeof(*t));

	t->id = id;
	t->title = dup_or_null(title);
	t->key_id = key_id;
	t->key_label = dup_or_null(key_label);
	t->label_label = xstrdup(label_label ? label_label : "");
	r->tables = xreallocarray(r->tables, r->ntables + 1, sizeof(*r->tables));
	r->tables[r->ntables++] = t;
	return t;
}

size_t
ts_rtable_col(ts_rtable *t, const char *id, const char *label, int kind)
{
	t->cols = xreallocarray(t->cols, t->ncols + 1, sizeof(*t->cols));
	t->cols[t->ncols].id = id;
	t->cols[t->ncols].label = xstrdup(label);
	t->cols[t->ncols].kind = kind;
	return t->ncols++;
}

size_t
ts_rtable_row(ts_rtable *t, const char *key, size_t keylen,
    const char *label, int level, int type)
{
	ts_rrow *row;
	size_t i;

	if (t->nrows == t->caprows) {
		t->caprows = t->caprows ? t->caprows * 2 : 16;
		t->rows = xreallocarray(t->rows, t->caprows, sizeof(*t->rows));
	}
	row = &t->rows[t->nrows];
	row->key = xstrndup(key ? key : "", key ? keylen : 0);
	row->label = xstrdup(label);
	row->level = level;
	row->type = type;
	row->cells = xcalloc(t->ncols ? t->ncols : 1, sizeof(ts_rcell));
	for (i = 0; i < t->ncols; i++) {
		row->cells[i].q = -1;
		row->cells[i].dep[0] = row->cells[i].dep[1] = -1;
	}
	return t->nrows++;
}

void
ts_rtable_note(ts_rtable *t, char *note)
{
	t->notes = xreallocarray(t->notes, t->nnotes + 1, sizeof(char *));
	t->notes[t->nnotes++] = note;
}

void
ts_report_note(ts_report *r, char *note)
{
	r->notes = xreallocarray(r->notes, r->nnotes + 1, sizeof(char *));
	r->notes[r->nnotes++] = note;
}

const char *
ts_report_keep(ts_report *r, const char *s)
{
	r->strings = xreallocarray(r->strings, r->nstrings + 1, sizeof(char *));
	r->strings[r->nstrings] = xstrdup(s);
	return r->strings[r->nstrings++];
}

static void
free_table(ts_rtable *t)
{
	size_t i;

	for (i = 0; i < t->nrows; i++) {
		free(t->rows[i].key);
		free(t->rows[i].label);
		free(t->rows[i].cells);
	}
	for (i = 0; i < t->ncols; i++)
		free(t->cols[i].label);
	for (i = 0; i < t->nnotes; i++)
		free(t->notes[i]);
	free(t->rows);
	free(t->cols);
	free(t->notes);
	free(t->title);
	free(t->key_label);
	free(t->label_label);
	free(t);
}

void
ts_report_free(ts_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->ntables; i++)
		free_table(r->tables[i]);
	for (i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	for (i = 0; i < r->nstrings; i++)
		free(r->strings[i]);
	free(r->strings);
	for (i = 0; i < r->ncharts; i++) {
		free(r->charts[i].svg);
		free(r->charts[i].svg_narrow);
		free(r->charts[i].html);
		free(r->charts[i].note);
	}
	free(r->charts);
	free(r->tables);
	free(r->notes);
	for (i = 0; i < r->nsources; i++)
		free(r->sources[i].name);
	free(r->sources);
	free(r->period[0]);
	free(r->period[1]);
	free(r->rollup);
	free(r->title);
	free(r->headline_more);
	free(r->subtitle);
	free(r->lead);
	free(r);
}

const char *
ts_report_cell_str(const ts_report *r, const ts_rcell *c, char *buf)
{
	if (c->masked == 1) {
		snprintf(buf, TS_REPORT_CELL_MAX, "<%lld", (long long)r->suppress);
		return buf;
	}
	if (c->masked)
		return "x";
	switch (c->kind) {
	case TS_RK_TEXT:
	case TS_RK_NA:
		return c->text ? c->text : "";
	case TS_RK_INT:
		ts_numfmt_int(buf, c->v, r->lang);
		return buf;
	case TS_RK_PCT:
		ts_numfmt_pct(buf, c->v, r->lang, 0);
		return buf;
	case TS_RK_CHANGE:
		ts_numfmt_pct(buf, c->v, r->lang, 1);
		return buf;
	case TS_RK_DEC1:
		ts_numfmt_dec1(buf, c->v, r->lang, 0);
		return buf;
	default:
		return "";
	}
}

const char *
ts_report_iso_date(int32_t d, char *buf)
{
	int y = d / 10000, m = d / 100 % 100, day = d % 100;

	if (d <= 0)
		buf[0] = '\0';
	else if (m == 0)
		snprintf(buf, 16, "%04d", y);
	else if (day == 0)
		snprintf(buf, 16, "%04d-%02d", y, m);
	else
		snprintf(buf, 16, "%04d-%02d-%02d", y, m, day);
	return buf;
}

char *
ts_report_headline(const ts_report *r)
{
	char b1[TS_REPORT_CELL_MAX], b2[TS_REPORT_CELL_MAX];
	const ts_rrow *h = r->headline;
	char *line, *tail = NULL, *out;

	if (h == NULL)
		return NULL;
	/* Cells: value, compare, change (see the summary table). */
	if (r->cut && r->compare) {
		/* Year to date: both periods up front, the change after. */
		line = xasprintf(ts_rl(r->lang, RL_HEADLINE_CUT), r->period[0],
		    r->period[1], ts_report_cell_str(r, &h->cells[0], b1));
		if (h->cells[2].kind == TS_RK_CHANGE)
			tail = xasprintf(" (%s)",
			    ts_report_cell_str(r, &h->cells[2], b2));
	} else {
		char y[16], c[16];
		snprintf(y, sizeof(y), "%d", r->year);
		snprintf(c, sizeof(c), "%d", r->compare);
		line = xasprintf(ts_rl(r->lang, RL_HEADLINE), y,
		    ts_report_cell_str(r, &h->cells[0], b1));
		if (r->compare && h->cells[2].kind == TS_RK_CHANGE)
			tail = xasprintf(ts_rl(r->lang, RL_HEADLINE_CHANGE),
			    ts_report_cell_str(r, &h->cells[2], b2), c);
	}
	out = xasprintf("%s%s.%s%s", line, tail ? tail : "",
	    r->headline_more ? " " : "", r->headline_more ? r->headline_more : "");
	free(line);
	free(tail);
	return out;
}

int
ts_report_format_parse(const char *s)
{
	static const char *const names[] = { "text", "md", "html", "csv", "json" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

void
ts_report_write(const ts_report *r, int format, ts_out *o)
{
	switch (format) {
	case TS_RFMT_MD:
		ts_report_write_md(r, o);
		break;
	case TS_RFMT_HTML:
		ts_report_write_html(r, o);
		break;
	case TS_RFMT_CSV:
		ts_report_write_csv(r, o);
		break;
	case TS_RFMT_JSON:
		ts_report_write_json(r, o);
		break;
	default:
		ts_report_write_text(r, o);
		break;
	}
}

void
ts_report_opts_init(ts_report_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->lang = TS_LANG_ES;
	o->top = 10;
	o->patients_rule = TS_PATIENTS_ALL;
	o->road_factor = 1.3;
	o->speed_kmh = 50;
}
