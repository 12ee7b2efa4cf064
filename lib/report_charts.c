/*
 * report_charts.c - the charts of the HTML report (ts_report_charts in
 * report.h): yearly trend per category, monthly curve, regional bars.
 *
 * The monthly and regional charts are drawn from the report's own tables,
 * so a chart never shows a number the table does not, and a cell masked
 * by --suppress is masked in the chart too. The yearly trend also needs
 * the years before the comparison year, which only the accumulator holds.
 */
#include "report_acc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "report_labels.h"

/* Years drawn at most in the trend chart, ending with the report year. */
#define TREND_YEARS 15
/* Series in the trend chart before the rest go into "Others". */
#define TREND_TOP 6
/* Bars in the regional chart before the rest go into "Others": every
 * region of Peru (26) or Mexico (32), plus an unknown one. */
#define REGIONS_TOP 35

/*
 * Charts are drawn at this width and shown as wide as the page, about a
 * quarter larger, so that their 12 px text reads like the page's text.
 */
#define CHART_WIDTH 820
#define CHART_HEIGHT 460
/* Bar charts: a fixed part for title and axis, and a row per bar. */
#define BARS_HEIGHT(n) (110 + 22 * (int)(n))
/* The phone variant: drawn at about a phone's width, so that shown at
 * 1:1 its text is the 12 px of the wide one, not a third of it. */
#define NARROW_WIDTH 360
#define NARROW_HEIGHT 440

static const ts_rtable *
find_table(const ts_report *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->ntables; i++)
		if (strcmp(r->tables[i]->id, id) == 0)
			return r->tables[i];
	return NULL;
}

static int
find_col(const ts_rtable *t, const char *id)
{
	size_t j;

	for (j = 0; j < t->ncols; j++)
		if (strcmp(t->cols[j].id, id) == 0)
			return (int)j;
	return -1;
}

/* The value of a count cell as drawn: NaN when masked or not a count. */
static double
cell_value(const ts_rtable *t, size_t row, int col)
{
	const ts_rcell *c;

	if (col < 0)
		return NAN;
	c = &t->rows[row].cells[col];
	if (c->masked || c->kind != TS_RK_INT)
		return NAN;
	return (double)c->v;
}

/*
 * The accumulated group (DIM, YEAR, NAME) over the whole year, in
 * *SCRATCH, or NULL.
 */
static const struct ts_racc *
acc_group(const ts_report_acc *a, int dim, int year, const char *name,
    size_t n, struct ts_racc *scratch)
{
	return ts_racc_sum(a, dim, year, 0, name, n, scratch) ? scratch : NULL;
}

struct trend_series {
	const char *name;       /* category, as the accumulator holds it */
	size_t namelen;
	double *v;
	double total;
};

static int
by_total(const void *pa, const void *pb)
{
	const struct trend_series *x = pa, *y = pb;
	size_t n;
	int d;

	if (x->total != y->total)
		return x->total < y->total ? 1 : -1;
	n = x->namelen < y->namelen ? x->namelen : y->namelen;
	d = n ? memcmp(x->name, y->name, n) : 0;
	return d ? d : (x->namelen > y->namelen) - (x->namelen < y->namelen);
}

/*
 * Under --suppress, the value of category NAME in YEAR as the tables show
 * it (NaN when masked); years the tables do not cover are masked below
 * the threshold, as a table would mask them.
 */
static double
masked_value(const ts_report *r, const ts_rtable *cats, const char *name,
    size_t n, int year, double v)
{
	int col = -1;
	size_t i;
	const ts_rtable *years = find_table(r, "years");

	if (years != NULL) {
		/* The table beside the chart shows every year it draws. */
		char id[16];
		snprintf(id, sizeof(id), "%d", year);
		cats = years;
		col = find_col(years, id);
	} else if (cats != NULL && year == r->year)
		col = find_col(cats, "value");
	else if (cats != NULL && r->compare != 0 && year == r->compare)
		col = find_col(cats, "compare");
	if (col >= 0)
		for (i = 0; i < cats->nrows; i++) {
			const ts_rrow *rw = &cats->rows[i];
			if (rw->type == TS_RR_ITEM && rw->level == 1 &&
			    strlen(rw->key) == n && memcmp(rw->key, name, n) == 0)
				return cell_value(cats, i, col);
		}
	return v > 0 && v < (double)r->suppress ? NAN : v;
}

static ts_chart *
trend_chart(const ts_report *r, const ts_report_acc *a, char **note)
{
	const ts_rtable *cats = find_table(r, "categories");
	int lang = r->lang, y0, y1 = r->year, y, nyears = 0, masked = 0, lastm;
	size_t ny, ncat = ts_map_size(a->cats), ns = 0, keep, i, j;
	struct trend_series *s;
	struct ts_racc sg, syg;
	ts_chart *c;
	char range[32], *t;

	y0 = a->ymin > y1 - (TREND_YEARS - 1) ? a->ymin : y1 - (TREND_YEARS - 1);
	/* Start with the first year that has records. */
	for (; y0 < y1; y0++) {
		const struct ts_racc *g = acc_group(a, D_YEAR, y0, "", 0, &sg);
		if (g != NULL && g->rows > 0)
			break;
	}
	for (y = y0; y <= y1; y++) {
		const struct ts_racc *g = acc_group(a, D_YEAR, y, "", 0, &sg);
		nyears += g != NULL && g->rows > 0;
	}
	if (nyears < 2) {
		*note = xasprintf(ts_rl(lang, RL_CHART_ONE_YEAR), r->year);
		return NULL;
	}
	ny = (size_t)(y1 - y0 + 1);
	s = xcalloc(ncat ? ncat : 1, sizeof(*s));
	for (i = 0; i < ncat; i++) {
		ts_str name = ts_map_key(a->cats, (uint32_t)i);
		if (a->cat_kind[i] == CK_EXCLUDED)
			continue;
		s[ns].name = name.p;
		s[ns].namelen = name.n;
		s[ns].v = xreallocarray(NULL, ny, sizeof(double));
		for (j = 0; j < ny; j++) {
			int year = y0 + (int)j;
			const struct ts_racc *yg = acc_group(a, D_YEAR, year, "", 0,
			    &syg);
			const struct ts_racc *g = acc_group(a, D_CAT, year, name.p,
			    name.n, &sg);
			double v = g != NULL ? (double)g->actions : 0;
			if (yg == NULL || yg->rows == 0) {
				/* No records at all that year: a gap, not a zero. */
				s[ns].v[j] = NAN;
				continue;
			}
			if (r->suppress > 0) {
				v = masked_value(r, cats, name.p, name.n, year, v);
				masked |= isnan(v);
			}
			s[ns].v[j] = v;
			if (!isnan(v))
				s[ns].total += v;
		}
		ns++;
	}
	if (ns > 1)
		qsort(s, ns, sizeof(*s), by_total);
	/* Categories with no action in any year drawn would crowd the key. */
	while (ns > 1 && s[ns - 1].total == 0) {
		free(s[ns - 1].v);
		ns--;
	}
	/* No "Others" under suppression: it is a sum that could give a masked
	 * cell away. */
	keep = r->suppress == 0 && ns > TREND_TOP + 1 ? TREND_TOP : ns;

	c = ts_chart_new(TS_CHART_LINES, lang);
	snprintf(range, sizeof(range), "%d\xe2\x80\x93%d", y0, y1);
	t = xasprintf(ts_rl(lang, RL_CHART_TREND), range);
	ts_chart_set_title(c, t);
	free(t);
	ts_chart_set_axes(c, ts_rl(lang, RL_AXIS_YEAR),
	    ts_rl(lang, RL_AXIS_ACTIONS));
	/* A report year whose data end early is no whole year: its point
	 * says which months it holds ("2026 (ene-mar)"), and a note. */
	lastm = r->through / 100 % 100;
	if (lastm < 1 || lastm > 11)
		lastm = 0;
	for (j = 0; j < ny; j++) {
		char lab[48];
		if (lastm > 1 && y0 + (int)j == y1)
			snprintf(lab, sizeof(lab), "%d (%.3s\xe2\x80\x93%.3s)", y1,
			    ts_rl(lang, RL_JAN), ts_rl(lang, RL_JAN + lastm - 1));
		else if (lastm == 1 && y0 + (int)j == y1)
			snprintf(lab, sizeof(lab), "%d (%.3s)", y1, ts_rl(lang, RL_JAN));
		else
			snprintf(lab, sizeof(lab), "%d", y0 + (int)j);
		ts_chart_add_x(c, lab);
	}
	for (i = 0; i < keep; i++) {
		char *nm = xstrndup(s[i].name, s[i].namelen);
		const ts_category *cat = ts_taxonomy_find(a->tax, s[i].name,
		    s[i].namelen);
		ts_chart_add_series(c, cat == NULL ? nm : lang == TS_LANG_EN ?
		    cat->label_en : cat->label_es, s[i].v, 0);
		free(nm);
	}
	if (keep < ns) {
		double *o = xcalloc(ny, sizeof(double));
		for (j = 0; j < ny; j++)
			for (i = keep; i < ns; i++)
				o[j] += s[i].v[j];   /* NaN stays NaN: no records */
		ts_chart_add_series(c, ts_rl(lang, RL_OTHERS), o,
		    TS_CHART_OTHERS_FLAG);
		free(o);
	}
	for (i = 0; i < ns; i++)
		free(s[i].v);
	free(s);
	if (lastm > 0) {
		char *months = lastm == 1 ? xstrdup(ts_rl(lang, RL_JAN)) :
		    xasprintf("%s\xe2\x80\x93%s", ts_rl(lang, RL_JAN),
		    ts_rl(lang, RL_JAN + lastm - 1));
		*note = xasprintf(ts_rl(lang, RL_CHART_PARTIAL), y1, months);
		free(months);
	}
	if (masked) {
		t = xasprintf("%s%s%s", *note ? *note : "", *note ? " " : "",
		    ts_rl(lang, RL_CHART_MASKED));
		free(*note);
		*note = t;
	}
	return c;
}

static ts_chart *
months_chart(const ts_report *r, char **note)
{
	const ts_rtable *t = find_table(r, "months");
	int lang = r->lang, vcol, ccol, masked = 0;
	double v[12], cv[12];
	size_t i, nx = 0;
	ts_chart *c;
	char *title;

	if (t == NULL)
		return NULL;
	vcol = find_col(t, "value");
	ccol = find_col(t, "compare");
	c = ts_chart_new(TS_CHART_LINES, lang);
	for (i = 0; i < t->nrows && nx < 12; i++) {
		const ts_rrow *rw = &t->rows[i];
		int m;
		char lab[8];
		if (rw->type != TS_RR_ITEM || strlen(rw->key) != 2)
			continue;
		m = (rw->key[0] - '0') * 10 + (rw->key[1] - '0');
		if (m < 1 || m > 12)
			continue;
		/* The first three letters of the month's name: ASCII in both
		 * languages ("ene", "sep"; "Jan", "Sep"). */
		snprintf(lab, sizeof(lab), "%.3s", ts_rl(lang, RL_JAN + m - 1));
		ts_chart_add_x(c, lab);
		v[nx] = cell_value(t, i, vcol);
		cv[nx] = cell_value(t, i, ccol);
		masked |= isnan(v[nx]) || (ccol >= 0 && isnan(cv[nx]));
		nx++;
	}
	if (nx == 0) {
		ts_chart_free(c);
		return NULL;
	}
	title = r->compare ? xasprintf(ts_rl(lang, RL_CHART_MONTHS_CMP),
	    r->year, r->compare) : xasprintf(ts_rl(lang, RL_CHART_MONTHS),
	    r->year);
	ts_chart_set_title(c, title);
	free(title);
	ts_chart_set_axes(c, ts_rl(lang, RL_AXIS_MONTH),
	    ts_rl(lang, RL_AXIS_ACTIONS));
	{
		char ys[16];
		snprintf(ys, sizeof(ys), "%d", r->year);
		ts_chart_add_series(c, ys, v, 0);
		if (ccol >= 0) {
			snprintf(ys, sizeof(ys), "%d", r->compare);
			ts_chart_add_series(c, ys, cv, TS_CHART_MUTED_FLAG);
		}
	}
	if (masked)
		*note = xstrdup(ts_rl(lang, RL_CHART_MASKED));
	return c;
}

static ts_chart *
regions_chart(const ts_report *r, char **note)
{
	const ts_rtable *t = find_table(r, "regions");
	int lang = r->lang, vcol;
	size_t i, n = 0, nmasked = 0, nitems = 0, keep;
	double *v, others = 0;
	const char **labels;
	ts_chart *c;
	char *title;

	if (t == NULL || (vcol = find_col(t, "value")) < 0)
		return NULL;
	v = xcalloc(t->nrows ? t->nrows : 1, sizeof(*v));
	labels = xcalloc(t->nrows ? t->nrows : 1, sizeof(*labels));
	/* Rows come largest first (report year), as the table shows them. */
	for (i = 0; i < t->nrows; i++) {
		const ts_rrow *rw = &t->rows[i];
		double x;
		if (rw->type != TS_RR_ITEM)
			continue;
		x = cell_value(t, i, vcol);
		if (isnan(x)) {
			nmasked++;
			continue;
		}
		if (x <= 0)
			continue;
		v[n] = x;
		labels[n++] = rw->label;
	}
	nitems = n;
	if (nitems == 0) {
		free(v);
		free(labels);
		if (nmasked > 0)
			*note = xasprintf(ts_rl(lang, RL_CHART_REGIONS_MASKED),
			    nmasked);
		return NULL;
	}
	keep = r->suppress == 0 && nitems > REGIONS_TOP + 1 ? REGIONS_TOP : nitems;
	c = ts_chart_new(TS_CHART_BARS, lang);
	title = xasprintf(ts_rl(lang, RL_CHART_REGIONS), r->year);
	ts_chart_set_title(c, title);
	free(title);
	ts_chart_set_axes(c, ts_rl(lang, RL_REGION), ts_rl(lang, RL_AXIS_ACTIONS));
	for (i = 0; i < keep; i++)
		ts_chart_add_x(c, labels[i]);
	if (keep < nitems) {
		for (i = keep; i < nitems; i++)
			others += v[i];
		v[keep] = others;
		ts_chart_add_x(c, ts_rl(lang, RL_OTHERS));
	}
	ts_chart_add_series(c, ts_rl(lang, RL_AXIS_ACTIONS), v,
	    keep < nitems ? TS_CHART_OTHERS_FLAG : 0);
	free(v);
	free(labels);
	if (nmasked > 0)
		*note = xasprintf(ts_rl(lang, RL_CHART_REGIONS_MASKED), nmasked);
	return c;
}

/* Appends S to *ACC (both may be NULL), on a new line; frees S. */
static void
add_msg(char **acc, char *s)
{
	char *t;

	if (s == NULL)
		return;
	if (*acc == NULL) {
		*acc = s;
		return;
	}
	t = xasprintf("%s\n%s", *acc, s);
	free(*acc);
	free(s);
	*acc = t;
}

int
ts_report_charts(ts_report *r, const ts_report_acc *a, char **msg)
{
	static const char *const after[] = { "categories", "months", "regions" };
	static const char *const prefix[] = { "trend-", "months-", "regions-" };
	size_t k, i;

	*msg = NULL;
	for (k = 0; k < 3; k++) {
		char *note = NULL, *err = NULL;
		ts_chart *c;
		ts_rchart *rc;
		int st;

		c = k == 0 ? trend_chart(r, a, &note) : k == 1 ?
		    months_chart(r, &note) : regions_chart(r, &note);
		if (c == NULL && note == NULL)
			continue;
		r->charts = xreallocarray(r->charts, r->ncharts + 1,
		    sizeof(*r->charts));
		rc = &r->charts[r->ncharts++];
		memset(rc, 0, sizeof(*rc));
		/* The yearly trend goes beside its table when there is one. */
		rc->after = k == 0 && find_table(r, "years") != NULL ? "years" :
		    after[k];
		rc->note = note;
		if (c == NULL)
			continue;
		st = ts_plot_svg_inline_size(c, prefix[k], CHART_WIDTH,
		    ts_chart_kind(c) == TS_CHART_BARS ?
		    BARS_HEIGHT(ts_chart_nx(c)) : CHART_HEIGHT, 0, &rc->svg,
		    &rc->len, &err);
		if (st == 0) {
			static const char *const nprefix[] = { "trend-n-",
				"months-n-", "regions-n-" };
			add_msg(msg, err);
			err = NULL;
			st = ts_plot_svg_inline_size(c, nprefix[k], NARROW_WIDTH,
			    ts_chart_kind(c) == TS_CHART_BARS ?
			    BARS_HEIGHT(ts_chart_nx(c)) : NARROW_HEIGHT, 0,
			    &rc->svg_narrow, &rc->len_narrow, &err);
		}
		ts_chart_free(c);
		if (st == 0) {
			add_msg(msg, err);
			continue;
		}
		/* Without gnuplot the report goes out with its tables only. */
		for (i = 0; i < r->ncharts; i++) {
			free(r->charts[i].svg);
			free(r->charts[i].svg_narrow);
			free(r->charts[i].html);
			free(r->charts[i].note);
		}
		free(r->charts);
		r->charts = NULL;
		r->ncharts = 0;
		free(*msg);
		*msg = err;
		return st;
	}
	return 0;
}
