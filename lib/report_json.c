/*
 * report_json.c - the report as JSON, built with cJSON. The schema is
 * documented in telestat-report(1) (JSON OUTPUT); "schema" names its
 * version so that consumers can check it.
 */
#include "report_int.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

#include "numfmt.h"

static const char *const kind_names[] = {
	"empty", "text", "integer", "percent", "change", "decimal", "na"
};
static const char *const type_names[] = { "item", "subtotal", "total" };

static cJSON *
checked(cJSON *j)
{
	if (j == NULL)
		ts_out_of_memory("out of memory building JSON");
	return j;
}

static cJSON *
value(const ts_rcell *c)
{
	if (c->masked)
		return checked(cJSON_CreateNull());
	switch (c->kind) {
	case TS_RK_TEXT:
		return checked(cJSON_CreateString(c->code ? c->code :
		    c->text ? c->text : ""));
	case TS_RK_INT:
		return checked(cJSON_CreateNumber((double)c->v));
	case TS_RK_PCT:
	case TS_RK_CHANGE:
	case TS_RK_DEC1:
		return checked(cJSON_CreateNumber((double)c->v / 10.0));
	default:
		return checked(cJSON_CreateNull());
	}
}

static cJSON *
strings(char *const *s, size_t n)
{
	cJSON *a = checked(cJSON_CreateArray());
	size_t i;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(a, checked(cJSON_CreateString(s[i])));
	return a;
}

static cJSON *
table(const ts_rtable *t)
{
	cJSON *o = checked(cJSON_CreateObject()), *cols, *rows;
	size_t i, j;

	cJSON_AddStringToObject(o, "id", t->id);
	if (t->title)
		cJSON_AddStringToObject(o, "title", t->title);
	else
		cJSON_AddNullToObject(o, "title");
	cJSON_AddStringToObject(o, "key", t->key_id ? t->key_id : "key");
	cols = cJSON_AddArrayToObject(o, "columns");
	for (j = 0; j < t->ncols; j++) {
		cJSON *c = checked(cJSON_CreateObject());
		cJSON_AddStringToObject(c, "id", t->cols[j].id);
		cJSON_AddStringToObject(c, "label", t->cols[j].label);
		cJSON_AddStringToObject(c, "type", kind_names[t->cols[j].kind]);
		cJSON_AddItemToArray(cols, c);
	}
	rows = cJSON_AddArrayToObject(o, "rows");
	for (i = 0; i < t->nrows; i++) {
		const ts_rrow *rw = &t->rows[i];
		cJSON *row = checked(cJSON_CreateObject()), *vals, *sup;
		cJSON_AddStringToObject(row, "key", rw->key);
		cJSON_AddStringToObject(row, "label", rw->label);
		cJSON_AddNumberToObject(row, "level", rw->level);
		cJSON_AddStringToObject(row, "type", type_names[rw->type]);
		vals = cJSON_AddObjectToObject(row, "values");
		sup = checked(cJSON_CreateArray());
		for (j = 0; j < t->ncols; j++) {
			cJSON_AddItemToObject(vals, t->cols[j].id, value(&rw->cells[j]));
			if (rw->cells[j].masked)
				cJSON_AddItemToArray(sup,
				    checked(cJSON_CreateString(t->cols[j].id)));
		}
		cJSON_AddItemToObject(row, "suppressed", sup);
		cJSON_AddItemToArray(rows, row);
	}
	cJSON_AddItemToObject(o, "notes", strings(t->notes, t->nnotes));
	return o;
}

void
ts_report_write_json(const ts_report *r, ts_out *o)
{
	cJSON *root = checked(cJSON_CreateObject()), *secs;
	char *h = ts_report_headline(r), *text;
	size_t i;

	cJSON_AddStringToObject(root, "schema", "telestat-report/1");
	cJSON_AddStringToObject(root, "lang", r->lang == TS_LANG_EN ? "en" : "es");
	cJSON_AddStringToObject(root, "title", r->title);
	cJSON_AddStringToObject(root, "subtitle", r->subtitle);
	if (r->lead != NULL)
		cJSON_AddStringToObject(root, "lead", r->lead);
	else
		cJSON_AddNullToObject(root, "lead");
	{
		char d[16];
		if (r->generated > 0)
			cJSON_AddStringToObject(root, "generated",
			    ts_report_iso_date(r->generated, d));
		else
			cJSON_AddNullToObject(root, "generated");
	}
	if (h != NULL)
		cJSON_AddStringToObject(root, "headline", h);
	else
		cJSON_AddNullToObject(root, "headline");
	free(h);
	cJSON_AddNumberToObject(root, "year", r->year);
	if (r->compare)
		cJSON_AddNumberToObject(root, "compare", r->compare);
	else
		cJSON_AddNullToObject(root, "compare");
	{
		char d[16];
		cJSON *srcs, *p;
		size_t k;
		if (r->through > 0)
			cJSON_AddStringToObject(root, "data_through",
			    ts_report_iso_date(r->through, d));
		else
			cJSON_AddNullToObject(root, "data_through");
		srcs = cJSON_AddArrayToObject(root, "data_through_by_source");
		for (k = 0; k < r->nsources; k++) {
			cJSON *s = checked(cJSON_CreateObject());
			cJSON_AddStringToObject(s, "source", r->sources[k].name);
			cJSON_AddStringToObject(s, "data_through",
			    ts_report_iso_date(r->sources[k].through, d));
			cJSON_AddItemToArray(srcs, s);
		}
		if (r->cut) {
			p = cJSON_AddObjectToObject(root, "months_compared");
			cJSON_AddNumberToObject(p, "from", 1);
			cJSON_AddNumberToObject(p, "to", r->cut);
		} else {
			cJSON_AddNullToObject(root, "months_compared");
		}
		cJSON_AddBoolToObject(root, "partial_year", r->partial);
	}
	if (r->rollup)
		cJSON_AddStringToObject(root, "rollup", r->rollup);
	else
		cJSON_AddNullToObject(root, "rollup");
	if (r->suppress) {
		cJSON *s = cJSON_AddObjectToObject(root, "suppress");
		cJSON_AddNumberToObject(s, "threshold", (double)r->suppress);
		cJSON_AddNumberToObject(s, "primary", (double)r->masked_primary);
		cJSON_AddNumberToObject(s, "complementary",
		    (double)r->masked_complement);
	} else {
		cJSON_AddNullToObject(root, "suppress");
	}
	secs = cJSON_AddArrayToObject(root, "sections");
	for (i = 0; i < r->ntables; i++)
		cJSON_AddItemToArray(secs, table(r->tables[i]));
	cJSON_AddItemToObject(root, "notes", strings(r->notes, r->nnotes));
	text = cJSON_Print(root);
	if (text == NULL)
		ts_out_of_memory("out of memory writing JSON");
	ts_out_puts(o, text);
	ts_out_putc(o, '\n');
	cJSON_free(text);
	cJSON_Delete(root);
}
