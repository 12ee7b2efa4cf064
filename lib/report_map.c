/*
 * report_map.c - the map of the HTML report: a choropleth of the regions
 * in the report year, drawn by svgmap.c from the country's outlines, with
 * its legend as HTML under it (legible at any width, unlike text inside a
 * drawing that shrinks on a phone).
 *
 * What it colours: actions per 1 000 inhabitants (the rates table) when
 * that table gives a rate for every region the map shows (above 0,0 for
 * each with actions), since raw counts mostly paint where people live;
 * else the actions of the regions table. The title and the legend say
 * which.
 */
#include "report_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "svgmap.h"

static const char *const words[][2] = {
	{ "Mapa: acciones por región, %d", "Map: actions by region, %d" },
	{ "Mapa: acciones por 1 000 habitantes, por región, %d",
	  "Map: actions per 1,000 inhabitants, by region, %d" },
	{ "Clases por quintiles de las regiones con acciones (límites "
	  "redondeados a dos cifras); rayado: sin datos.",
	  "Classes by quintiles of the regions with actions (limits rounded "
	  "to two digits); hatched: no data." },
	{ "%s acciones sin región o en regiones que el mapa no tiene no se "
	  "dibujan.",
	  "%s actions without a region or in regions the map does not have "
	  "are not drawn." },
};
enum { W_TITLE, W_TITLE_RATE, W_CLASSES, W_OFFMAP };

#define W(r, w) words[w][(r)->lang == TS_LANG_EN]

static const ts_rtable *
find_table(const ts_report *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->ntables; i++)
		if (strcmp(r->tables[i]->id, id) == 0)
			return r->tables[i];
	return NULL;
}

/* Column ID of T, or -1. */
static int
find_col(const ts_rtable *t, const char *id)
{
	size_t j;

	for (j = 0; t != NULL && j < t->ncols; j++)
		if (strcmp(t->cols[j].id, id) == 0)
			return (int)j;
	return -1;
}

/* The item row of T keyed KEY, or NULL. */
static const ts_rrow *
find_row(const ts_rtable *t, const char *key)
{
	size_t i;

	for (i = 0; t != NULL && i < t->nrows; i++)
		if (t->rows[i].type == TS_RR_ITEM &&
		    strcmp(t->rows[i].key, key) == 0)
			return &t->rows[i];
	return NULL;
}

/*
 * 1 when the rates table RT gives a rate (column RCOL, maybe masked) to
 * every region of the regions table T (actions in column VCOL) that the
 * outlines O have, and a rate above 0 to each with actions: rates that
 * round to 0,0 would paint regions with actions as regions without.
 */
static int
rates_cover(const ts_rtable *t, int vcol, const ts_rtable *rt, int rcol,
    const ts_outlines *o)
{
	size_t i, j, n = ts_outlines_count(o);

	if (rt == NULL || rcol < 0)
		return 0;
	for (i = 0; i < t->nrows; i++) {
		const ts_rrow *w = &t->rows[i], *rw;
		int on_map = 0;
		if (w->type != TS_RR_ITEM)
			continue;
		for (j = 0; j < n && !on_map; j++)
			on_map = strcmp(ts_outlines_code(o, j), w->key) == 0;
		if (!on_map)
			continue;
		if ((rw = find_row(rt, w->key)) == NULL ||
		    (rw->cells[rcol].kind != TS_RK_DEC1 && !rw->cells[rcol].masked))
			return 0;
		if (!rw->cells[rcol].masked && rw->cells[rcol].v == 0 &&
		    w->cells[vcol].kind == TS_RK_INT && w->cells[vcol].v > 0)
			return 0;
	}
	return 1;
}

/* The country of most region codes of T ("PE-LIM" -> "PE"), or NULL. */
static const char *
table_country(const ts_rtable *t, char cc[3])
{
	struct ts_country_tally tally = { 0 };
	size_t i;

	for (i = 0; i < t->nrows; i++)
		if (t->rows[i].type == TS_RR_ITEM)
			ts_country_tally_add(&tally, t->rows[i].key,
			    strlen(t->rows[i].key));
	return ts_country_tally_top(&tally, cc);
}

static void
put_html(char **buf, size_t *len, size_t *cap, const char *s)
{
	for (; *s; s++) {
		const char *e = NULL;
		char one[2] = { *s, '\0' };
		size_t n;
		switch (*s) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		default: e = one;
		}
		n = strlen(e);
		if (*cap - *len < n + 1) {
			*cap = (*cap + n + 1) * 2;
			*buf = xrealloc(*buf, *cap);
		}
		memcpy(*buf + *len, e, n + 1);
		*len += n;
	}
}

static void
put_raw(char **buf, size_t *len, size_t *cap, const char *s)
{
	size_t n = strlen(s);

	if (*cap - *len < n + 1) {
		*cap = (*cap + n + 1) * 2;
		*buf = xrealloc(*buf, *cap);
	}
	memcpy(*buf + *len, s, n + 1);
	*len += n;
}

/* The legend: one swatch a class, then the hatches that the map uses. */
static char *
legend_html(const ts_report *r, const char *title, const ts_map_classes *cl,
    int zero, int nodata, int masked, int64_t offmap)
{
	char *b = NULL, num[TS_NUMFMT_MAX], tmp[256];
	size_t len = 0, cap = 0, i;

	put_raw(&b, &len, &cap, "<ul class=\"legend\">\n");
	if (zero)
		put_raw(&b, &len, &cap, "<li><span class=\"sw\" style=\"background:"
		    TS_MAP_ZERO_FILL "\"></span>0</li>\n");
	for (i = 0; i < cl->n; i++) {
		char label[2 * TS_NUMFMT_MAX + 8];
		snprintf(tmp, sizeof(tmp), "<li><span class=\"sw\" "
		    "style=\"background:%s\"></span>", cl->color[i]);
		put_raw(&b, &len, &cap, tmp);
		put_html(&b, &len, &cap, ts_map_class_label(cl, i, r->lang,
		    label));
		put_raw(&b, &len, &cap, "</li>\n");
	}
	if (nodata) {
		put_raw(&b, &len, &cap, "<li><span class=\"sw nodata\"></span>");
		put_html(&b, &len, &cap, ts_map_word_nodata(r->lang));
		put_raw(&b, &len, &cap, "</li>\n");
	}
	if (masked) {
		put_raw(&b, &len, &cap, "<li><span class=\"sw masked\"></span>");
		put_html(&b, &len, &cap, ts_map_word_masked(r->lang));
		put_raw(&b, &len, &cap, "</li>\n");
	}
	put_raw(&b, &len, &cap, "</ul>\n<figcaption>");
	/* What the colours are (actions, or a rate), in words. */
	put_html(&b, &len, &cap, title);
	put_raw(&b, &len, &cap, ". ");
	put_html(&b, &len, &cap, W(r, W_CLASSES));
	if (offmap > 0) {
		char *s;
		ts_numfmt_int(num, offmap, r->lang);
		s = xasprintf(W(r, W_OFFMAP), num);
		put_raw(&b, &len, &cap, " ");
		put_html(&b, &len, &cap, s);
		free(s);
	}
	put_raw(&b, &len, &cap, "</figcaption>\n");
	return b;
}

int
ts_report_map(ts_report *r, const char *country)
{
	const ts_rtable *t = find_table(r, "regions");
	ts_outlines *o;
	ts_map_region *mr;
	ts_map_classes cl;
	ts_svgmap_opts mo;
	ts_rchart *rc;
	double *vals;
	char cc[3], *title, buf[TS_REPORT_CELL_MAX];
	ts_error e;
	size_t i, j, nr = 0, nv = 0, at, n;
	int vcol = -1, nodata = 0, masked = 0, zero = 0, rate, rcol;
	const ts_rtable *rt = find_table(r, "rates");
	int64_t offmap = 0;

	if (t == NULL)
		return 0;
	for (j = 0; j < t->ncols; j++)
		if (strcmp(t->cols[j].id, "value") == 0)
			vcol = (int)j;
	if (vcol < 0)
		return 0;
	if (country == NULL)
		country = table_country(t, cc);
	o = ts_outlines_load(country, &e);
	if (o == NULL) {
		/* No outlines for the country: no map. Outlines installed but
		 * unreadable (EIO, a damaged file): the run fails, as for any
		 * file it needs, and -o is left as it was. */
		if (e.status != TS_EXIT_OK) {
			ts_warn("%s", e.msg);
			return TS_EXIT_IO;
		}
		return 0;
	}
	n = ts_outlines_count(o);
	rcol = find_col(rt, "per_1000");
	rate = rates_cover(t, vcol, rt, rcol, o);
	mr = xcalloc(t->nrows ? t->nrows : 1, sizeof(*mr));
	vals = xcalloc(t->nrows ? t->nrows : 1, sizeof(*vals));
	for (i = 0; i < t->nrows; i++) {
		const ts_rrow *w = &t->rows[i];
		const ts_rcell *c = &w->cells[vcol];
		int on_map = 0;
		if (w->type != TS_RR_ITEM)
			continue;
		for (j = 0; j < n && !on_map; j++)
			on_map = strcmp(ts_outlines_code(o, j), w->key) == 0;
		if (!on_map) {
			if (c->kind == TS_RK_INT && !c->masked)
				offmap += c->v;
			continue;
		}
		mr[nr].code = w->key;
		mr[nr].name = w->label;
		if (rate)
			c = &find_row(rt, w->key)->cells[rcol];
		if (c->masked) {
			mr[nr].state = TS_MAP_MASKED;
			mr[nr].shown = ts_report_keep(r,
			    ts_report_cell_str(r, c, buf));
		} else if (c->kind == TS_RK_INT || (rate && c->kind == TS_RK_DEC1)) {
			mr[nr].state = TS_MAP_VALUE;
			mr[nr].value = (double)c->v;
			mr[nr].shown = ts_report_keep(r,
			    ts_report_cell_str(r, c, buf));
			vals[nv++] = (double)c->v;
		} else {
			mr[nr].state = TS_MAP_NODATA;
		}
		nr++;
	}
	/* Regions of the map the table does not list have no data. */
	for (j = 0; j < n; j++) {
		const char *code = ts_outlines_code(o, j);
		int found = 0;
		for (i = 0; i < nr && !found; i++)
			found = strcmp(mr[i].code, code) == 0;
		if (!found && ts_outlines_parent(o, code) == NULL)
			nodata = 1;
	}
	for (i = 0; i < nr; i++) {
		if (mr[i].state == TS_MAP_MASKED)
			masked = 1;
		else if (mr[i].state == TS_MAP_NODATA)
			nodata = 1;
		else if (mr[i].value == 0)
			zero = 1;
	}
	ts_map_breaks(vals, nv, &cl);
	cl.tenths = rate;       /* a rate's cells hold tenths */
	title = xasprintf(W(r, rate ? W_TITLE_RATE : W_TITLE), r->year);
	memset(&mo, 0, sizeof(mo));
	mo.lang = r->lang;
	mo.title = title;
	mo.id_prefix = "map-";
	/* First among the drawings under the regions table. */
	for (at = 0; at < r->ncharts; at++)
		if (strcmp(r->charts[at].after, "regions") == 0)
			break;
	r->charts = xreallocarray(r->charts, r->ncharts + 1, sizeof(*r->charts));
	memmove(&r->charts[at + 1], &r->charts[at],
	    (r->ncharts - at) * sizeof(*r->charts));
	r->ncharts++;
	rc = &r->charts[at];
	memset(rc, 0, sizeof(*rc));
	rc->after = "regions";
	rc->kind = TS_RCHART_MAP;
	rc->svg = ts_svgmap(o, mr, nr, &cl, &mo, &rc->len);
	rc->html = legend_html(r, title, &cl, zero, nodata, masked, offmap);
	free(title);
	free(vals);
	free(mr);
	ts_outlines_free(o);
	return 0;
}
