/* plot_build.c - ts_plot_chart: a chart from chart data; see plot.h. */
#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot_int.h"
#include "regions.h"
#include "report_labels.h"
#include "strmap.h"
#include "util.h"


static const struct {
	const char *name, *es, *en, *es_lower, *en_lower;
} metric_labels[] = {
	/* The report's words for the same quantity (telestat-report(1)). */
	{ "count", "Acciones de telesalud", "Telehealth actions",
	  "acciones de telesalud", "telehealth actions" },
	{ "patients", "Pacientes atendidos", "Patients seen",
	  "pacientes atendidos", "patients seen" },
	{ "sessions", "Sesiones", "Sessions", "sesiones", "sessions" },
	{ "attendees", "Asistentes", "Attendees", "asistentes", "attendees" },
	{ "records", "Registros", "Records", "registros", "records" },
};

static const struct {
	const char *name, *es, *en;
} column_labels[] = {
	{ "category", "categoría", "category" },
	{ "subcategory", "subcategoría", "subcategory" },
	{ "region", "región", "region" },
	{ "institution", "institución", "institution" },
	{ "source", "fuente", "source" },
	{ "facility", "establecimiento", "facility" },
	{ "service", "servicio", "service" },
	{ "specialty", "especialidad", "specialty" },
	{ "sex", "sexo", "sex" },
	{ "condition", "condición", "condition" },
	{ "with_patient", "con o sin paciente", "with or without patient" },
};

static const char *const month_es[12] = { "ene", "feb", "mar", "abr", "may",
	"jun", "jul", "ago", "sep", "oct", "nov", "dic" };
static const char *const month_en[12] = { "Jan", "Feb", "Mar", "Apr", "May",
	"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static const char *
metric_label(const char *m, int lang, int lower)
{
	size_t i;

	for (i = 0; i < sizeof(metric_labels) / sizeof(metric_labels[0]); i++)
		if (strcmp(metric_labels[i].name, m) == 0)
			return lang == TS_LANG_EN ?
			    (lower ? metric_labels[i].en_lower : metric_labels[i].en) :
			    (lower ? metric_labels[i].es_lower : metric_labels[i].es);
	return m;
}

static const char *
column_label(const char *col, int lang)
{
	size_t i;

	for (i = 0; i < sizeof(column_labels) / sizeof(column_labels[0]); i++)
		if (strcmp(column_labels[i].name, col) == 0)
			return lang == TS_LANG_EN ? column_labels[i].en :
			    column_labels[i].es;
	return col;
}

/* "2021–2025", "2024" or "" (en dash between years). */
static void
year_range(char *buf, size_t cap, int y0, int y1)
{
	if (y0 <= 0)
		buf[0] = '\0';
	else if (y0 == y1)
		snprintf(buf, cap, "%d", y0);
	else
		snprintf(buf, cap, "%d\xe2\x80\x93%d", y0, y1);
}

/* The words for an empty value of column BY: the report's. */
static const char *
unknown_label(const char *by, int lang)
{
	if (strcmp(by, "region") == 0)
		return ts_rl(lang, RL_NO_REGION);
	if (strcmp(by, "institution") == 0)
		return ts_rl(lang, RL_NO_INSTITUTION);
	if (strcmp(by, "specialty") == 0)
		return ts_rl(lang, RL_NO_SPECIALTY);
	if (strcmp(by, "subcategory") == 0)
		return ts_rl(lang, RL_NO_SUBCATEGORY);
	return lang == TS_LANG_EN ? "(unknown)" : "(sin dato)";
}

/* The label shown for series (or bar) value NAME. Caller frees. */
static char *
series_label(ts_str name, const ts_plot_opts *o)
{
	if (o->by == NULL)
		return xstrdup("Total");
	if (name.n == 0)
		return xstrdup(unknown_label(o->by, o->lang));
	if (strcmp(o->by, "region") == 0 && o->regions != NULL) {
		/* Region codes by name, as the report shows them. */
		char *code = xstrndup(name.p, name.n);
		const char *nm = ts_regiondb_name(o->regions, code,
		    o->lang == TS_LANG_EN ? "en" : "es");
		if (nm != NULL) {
			free(code);
			return xstrdup(nm);
		}
		return code;
	}
	if (o->spellings != NULL) {
		/* A specialty: its label, else its most used spelling. */
		const char *lab = ts_spec_labels_get(o->spec_labels, name.p,
		    name.n, o->lang);
		char *shown;
		if (lab != NULL)
			return xstrdup(lab);
		if ((shown = ts_spellings_shown(o->spellings, name)) != NULL)
			return shown;
	}
	if (o->by != NULL && o->taxonomy != NULL &&
	    (strcmp(o->by, "category") == 0)) {
		const ts_category *cat = ts_taxonomy_find(o->taxonomy, name.p,
		    name.n);
		if (cat != NULL)
			return xstrdup(o->lang == TS_LANG_EN ? cat->label_en :
			    cat->label_es);
	}
	return xstrndup(name.p, name.n);
}

/* Capitalizes the first letter (ASCII, or a Latin-1 supplement letter). */
static char *
capitalize(const char *s)
{
	char *c = xstrdup(s);

	if (c[0] >= 'a' && c[0] <= 'z')
		c[0] = (char)(c[0] - 'a' + 'A');
	else if ((unsigned char)c[0] == 0xc3 && (unsigned char)c[1] >= 0xa0 &&
	    (unsigned char)c[1] <= 0xbe)
		c[1] = (char)((unsigned char)c[1] - 0x20);
	return c;
}

struct rank {
	uint32_t sid;
	double total;           /* of the known values */
	uint64_t known;         /* rows whose value was known */
	const char *name;
	size_t namelen;
};

static int
rank_cmp(const void *a, const void *b)
{
	const struct rank *x = a, *y = b;
	size_t n;
	int c;

	/* The unknown value goes last, apart from the known ones. */
	if ((x->namelen == 0) != (y->namelen == 0))
		return x->namelen == 0 ? 1 : -1;
	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	n = x->namelen < y->namelen ? x->namelen : y->namelen;
	c = memcmp(x->name, y->name, n);
	if (c != 0)
		return c;
	return x->namelen < y->namelen ? -1 : x->namelen > y->namelen;
}

static int
i64_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The x position of a cell key at the chosen level, or -1 (no place). */
static int64_t
x_key(struct ts_plot_cellkey k, int xmode)
{
	if (xmode == TS_X_YEAR)
		return k.year > 0 ? k.year : -1;
	return k.month > 0 ? (int64_t)k.year * 100 + k.month : -1;
}

/* Position after X on the axis: the next year, or the next month. */
static int64_t
x_next(int64_t x, int xmode)
{
	if (xmode == TS_X_YEAR)
		return x + 1;
	if (x % 100 == 12)
		return x - 12 + 100 + 1;
	return x + 1;
}

/*
 * The axis is time: years or months missing between the first and the
 * last get their place (with 0, as an aggregate table has no row for a
 * group without records), so that equal distances mean equal time. An
 * axis that would grow past MAX_FILLED positions (a stray year 0001 in
 * the data) is left as it is.
 */
#define MAX_FILLED 1200

static int64_t *
fill_gaps(int64_t *xs, size_t *nx, int xmode)
{
	size_t n = 0;
	int64_t x, *out;

	if (*nx < 2)
		return xs;
	for (x = xs[0]; x <= xs[*nx - 1]; x = x_next(x, xmode))
		if (++n > MAX_FILLED)
			return xs;
	if (n == *nx)
		return xs;
	out = xreallocarray(NULL, n, sizeof(*out));
	n = 0;
	for (x = xs[0]; x <= xs[*nx - 1]; x = x_next(x, xmode))
		out[n++] = x;
	free(xs);
	*nx = n;
	return out;
}

static char *
distinct_error(const ts_plot_opts *o, int xmode, uint64_t rows)
{
	const char *keys = o->kind == TS_CHART_BARS ? "" :
	    xmode == TS_X_MONTH ? "year,month" : "year";

	return xasprintf("%s holds distinct counts, which cannot be added up, but "
	    "%llu rows of the table fall on one point of the chart; "
	    "aggregate with -g %s%s%s", o->metric ? o->metric : "patients",
	    (unsigned long long)rows, keys,
	    *keys && o->by ? "," : "", o->by ? o->by : "");
}

/* What the steps of ts_plot_chart share. */
struct build {
	const ts_plot_data *d;
	const ts_plot_opts *o;
	const char *metric;
	int lang, xmode;
	const struct ts_plot_level *l;  /* the level the chart reads */
	size_t ncells;
	int64_t *xs;                    /* x positions, sorted (not bars) */
	size_t nx;
	struct rank *rk;                /* series, largest first */
	size_t nall, nser, keep;
	double lost;                    /* cells with no place on x */
	uint64_t lostrows;
	int y0, y1;                     /* years drawn */
};

/*
 * The x axis (years or months; TS_X_AUTO: months when they all fall in
 * one year) and the data level it reads. Returns the level, or -1 with
 * *err set.
 */
static int
pick_level(struct build *b, char **err)
{
	const ts_plot_data *d = b->d;
	int lvl;

	if (b->o->kind == TS_CHART_BARS) {
		lvl = 2;
	} else {
		if (b->xmode == TS_X_AUTO) {
			if (d->has_month && (!d->has_year || d->miny == d->maxy))
				b->xmode = TS_X_MONTH;
			else
				b->xmode = TS_X_YEAR;
		}
		if (b->xmode == TS_X_YEAR && !d->has_year) {
			*err = xstrdup("no year to put on the x axis (every year "
			    "is empty)");
			return -1;
		}
		if (b->xmode == TS_X_MONTH && !d->has_month) {
			*err = xstrdup("no month to put on the x axis (every "
			    "month is empty)");
			return -1;
		}
		lvl = b->xmode == TS_X_MONTH ? 0 : 1;
	}
	if (d->items != NULL && !(d->levels & (1u << lvl))) {
		*err = xstrdup("distinct counts were not kept for this chart "
		    "(see ts_plot_data_count_levels)");
		return -1;
	}
	return lvl;
}

/* Distinct x positions of the level's cells, sorted, gaps filled. */
static void
x_positions(struct build *b)
{
	size_t i, j, nx = 0;
	int64_t *xs;

	xs = xreallocarray(NULL, b->ncells ? b->ncells : 1, sizeof(*xs));
	for (i = 0; i < b->ncells; i++) {
		int64_t k = x_key(ts_plot_cellkey_unpack(ts_map_key(b->l->keys,
		    (uint32_t)i)), b->xmode);
		if (k >= 0)
			xs[nx++] = k;
	}
	qsort(xs, nx, sizeof(*xs), i64_cmp);
	for (i = j = 0; i < nx; i++)
		if (j == 0 || xs[j - 1] != xs[i])
			xs[j++] = xs[i];
	nx = j;
	b->xs = fill_gaps(xs, &nx, b->xmode);
	b->nx = nx;
}

/*
 * Series totals over the cells that have a place, ranked largest first;
 * all-zero series dropped and the top N chosen. Returns 0, or -1 with
 * *err set.
 */
static int
rank_series(struct build *b, char **err)
{
	const ts_plot_data *d = b->d;
	const ts_plot_opts *o = b->o;
	size_t i, nser = b->nall;

	b->rk = xcalloc(nser ? nser : 1, sizeof(*b->rk));
	for (i = 0; i < nser; i++) {
		ts_str k = ts_map_key(d->series, (uint32_t)i);
		b->rk[i].sid = (uint32_t)i;
		b->rk[i].name = k.p;
		b->rk[i].namelen = k.n;
	}
	for (i = 0; i < b->ncells; i++) {
		struct ts_plot_cellkey k = ts_plot_cellkey_unpack(
		    ts_map_key(b->l->keys, (uint32_t)i));
		if (o->kind != TS_CHART_BARS && x_key(k, b->xmode) < 0) {
			b->lost += b->l->v[i];
			b->lostrows += b->l->rows[i];
			continue;
		}
		if (d->distinct && b->l->rows[i] > 1) {
			*err = distinct_error(o, b->xmode, b->l->rows[i]);
			return -1;
		}
		b->rk[k.sid].total += b->l->v[i];
		b->rk[k.sid].known += b->l->known[i];
		if (k.year > 0) {
			if (b->y0 == 0 || k.year < b->y0)
				b->y0 = k.year;
			if (k.year > b->y1)
				b->y1 = k.year;
		}
	}
	if (o->kind == TS_CHART_BARS) {
		b->y0 = ts_plot_data_min_year(d);
		b->y1 = ts_plot_data_max_year(d);
	}
	if (o->kind != TS_CHART_BARS && b->nx == 0) {
		*err = xstrdup("no records to plot");
		return -1;
	}
	if (o->kind == TS_CHART_SHARE && d->nonadditive) {
		*err = xasprintf("%s holds distinct counts, which do not add up to "
		    "a whole: no shares of it", b->metric);
		return -1;
	}
	qsort(b->rk, nser, sizeof(*b->rk), rank_cmp);
	/*
	 * Series that are 0 throughout (categories without sessions in a
	 * chart of sessions) would only crowd the key.
	 */
	while (nser > 1 && b->rk[nser - 1].total == 0)
		nser--;
	b->nser = nser;
	b->keep = nser;
	if (o->top > 0 && nser > o->top + 1)
		b->keep = o->top;
	return 0;
}

/* Bars: one series; x positions are the BY values, largest first. */
static void
fill_bars(ts_chart *c, const struct build *b)
{
	size_t keep = b->keep, nser = b->nser, i;
	size_t nb = keep < nser ? keep + (b->d->nonadditive ? 0 : 1) : nser;
	double *vals = xcalloc(nb ? nb : 1, sizeof(*vals));
	uint64_t others_known = 0;

	/* A bar that only unknown values reach is unknown, not 0. */
	for (i = 0; i < keep; i++) {
		char *lab = series_label((ts_str){ b->rk[i].name,
		    b->rk[i].namelen }, b->o);
		ts_chart_add_x(c, lab);
		free(lab);
		vals[i] = b->rk[i].known > 0 ? b->rk[i].total : NAN;
	}
	if (nb > keep) {
		ts_chart_add_x(c, b->lang == TS_LANG_EN ? "Others" : "Otros");
		for (i = keep; i < nser; i++) {
			vals[keep] += b->rk[i].total;
			others_known += b->rk[i].known;
		}
		if (others_known == 0)
			vals[keep] = NAN;
	}
	ts_chart_add_series(c, metric_label(b->metric, b->lang, 0), vals, 0);
	if (nb > keep)
		c->s[0].flags = TS_CHART_OTHERS_FLAG;  /* last bar */
	free(vals);
}

/* The label of x position K: a year, or a month (with its year when
 * the chart spans several). */
static void
x_label(char *lab, size_t cap, const struct build *b, int64_t k)
{
	int m, y;
	const char *mn;

	if (b->xmode == TS_X_YEAR) {
		snprintf(lab, cap, "%lld", (long long)k);
		return;
	}
	m = (int)(k % 100);
	y = (int)(k / 100);
	mn = b->lang == TS_LANG_EN ? month_en[m - 1] : month_es[m - 1];
	if (b->y0 == b->y1 || y == 0)
		snprintf(lab, cap, "%s", mn);
	else
		snprintf(lab, cap, "%s %d", mn, y);
}

/* Lines and shares: one chart series per kept series, plus "Others". */
static void
fill_series(ts_chart *c, const struct build *b)
{
	size_t keep = b->keep, nser = b->nser, nx = b->nx, i;
	size_t nout = keep + (keep < nser && !b->d->nonadditive ? 1 : 0), x;
	uint32_t *slot;
	double **cols;
	unsigned char **known;  /* per position: 1 known value reached it,
				   2 only unknown ones, 0 none */

	for (i = 0; i < nx; i++) {
		char lab[48];
		x_label(lab, sizeof(lab), b, b->xs[i]);
		ts_chart_add_x(c, lab);
	}
	if (b->xmode == TS_X_MONTH && nx > 0)
		c->month0 = (int)(b->xs[0] % 100);
	/* Which chart series each data series goes to (all of them,
	 * including those left out). */
	slot = xreallocarray(NULL, b->nall ? b->nall : 1, sizeof(*slot));
	for (i = 0; i < b->nall; i++)
		slot[i] = UINT32_MAX;
	for (i = 0; i < nser; i++)
		slot[b->rk[i].sid] = (uint32_t)(i < keep ? i :
		    nout > keep ? keep : UINT32_MAX);
	cols = xcalloc(nout ? nout : 1, sizeof(*cols));
	known = xcalloc(nout ? nout : 1, sizeof(*known));
	for (i = 0; i < nout; i++) {
		cols[i] = xcalloc(nx ? nx : 1, sizeof(double));
		known[i] = xcalloc(nx ? nx : 1, 1);
	}
	for (i = 0; i < b->ncells; i++) {
		struct ts_plot_cellkey k = ts_plot_cellkey_unpack(
		    ts_map_key(b->l->keys, (uint32_t)i));
		int64_t xk = x_key(k, b->xmode), *pos;
		if (xk < 0 || slot[k.sid] == UINT32_MAX)
			continue;
		pos = bsearch(&xk, b->xs, nx, sizeof(*b->xs), i64_cmp);
		cols[slot[k.sid]][pos - b->xs] += b->l->v[i];
		if (b->l->known[i] > 0)
			known[slot[k.sid]][pos - b->xs] = 1;
		else if (known[slot[k.sid]][pos - b->xs] == 0)
			known[slot[k.sid]][pos - b->xs] = 2;
	}
	/* A position only unknown values reach is unknown, not 0. */
	for (i = 0; i < nout; i++)
		for (x = 0; x < nx; x++)
			if (known[i][x] == 2)
				cols[i][x] = NAN;
	for (i = 0; i < nout; i++) {
		char *lab = i < keep ? series_label((ts_str){ b->rk[i].name,
		    b->rk[i].namelen }, b->o) : xstrdup(b->lang == TS_LANG_EN ?
		    "Others" : "Otros");
		ts_chart_add_series(c, lab, cols[i],
		    i < keep ? 0 : TS_CHART_OTHERS_FLAG);
		free(lab);
		free(cols[i]);
		free(known[i]);
	}
	free(cols);
	free(known);
	free(slot);
}

/* Title and axis labels, in the chart's language. */
static void
set_titles(ts_chart *c, const struct build *b)
{
	const ts_plot_opts *o = b->o;
	int lang = b->lang, en = lang == TS_LANG_EN;
	const char *ml = metric_label(b->metric, lang, 0);
	const char *bl = o->by ? column_label(o->by, lang) : NULL;
	const char *xn = b->xmode == TS_X_MONTH ? (en ? "month" : "mes") :
	    (en ? "year" : "año");
	const char *xaxis = b->xmode == TS_X_MONTH ? (en ? "Month" : "Mes") :
	    (en ? "Year" : "Año");
	char range[32], *title, *t;
	const char *sep;

	year_range(range, sizeof(range), b->y0, b->y1);
	sep = *range ? ", " : "";
	if (o->kind == TS_CHART_BARS) {
		title = xasprintf("%s %s %s%s%s", ml, en ? "by" : "por",
		    bl ? bl : "", sep, range);
		t = bl ? capitalize(bl) : xstrdup("");
		ts_chart_set_axes(c, t, ml);
		free(t);
	} else if (o->kind == TS_CHART_SHARE) {
		title = xasprintf("%s: %s %s%s%s", ml,
		    en ? "share by" : "participación por",
		    bl ? bl : (en ? "series" : "serie"), sep, range);
		t = xasprintf("%% %s %s", en ? "of" : "de",
		    metric_label(b->metric, lang, 1));
		ts_chart_set_axes(c, xaxis, t);
		free(t);
	} else {
		title = xasprintf("%s %s %s%s%s%s%s", ml, en ? "by" : "por", xn,
		    bl ? (en ? " and " : " y ") : "", bl ? bl : "", sep, range);
		ts_chart_set_axes(c, xaxis, ml);
	}
	ts_chart_set_title(c, o->title ? o->title : title);
	free(title);
}

ts_chart *
ts_plot_chart(const ts_plot_data *d, const ts_plot_opts *o,
    ts_plot_notes *notes, char **err)
{
	struct build b;
	ts_chart *c = NULL;
	int lvl;

	*err = NULL;
	if (notes)
		memset(notes, 0, sizeof(*notes));
	if (d->nrows == 0) {
		*err = xstrdup("no records to plot");
		return NULL;
	}
	memset(&b, 0, sizeof(b));
	b.d = d;
	b.o = o;
	b.metric = o->metric ? o->metric : "count";
	b.lang = o->lang;
	b.xmode = o->x;
	if ((lvl = pick_level(&b, err)) < 0)
		return NULL;
	b.l = &d->lv[lvl];
	b.ncells = ts_map_size(b.l->keys);
	b.nall = ts_map_size(d->series);
	if (o->kind != TS_CHART_BARS)
		x_positions(&b);
	if (rank_series(&b, err) != 0)
		goto out;
	if (notes) {
		notes->left_out = b.lost;
		notes->left_out_rows = b.lostrows;
		notes->dropped_series = d->nonadditive ? b.nser - b.keep : 0;
	}
	c = ts_chart_new(o->kind, b.lang);
	if (o->kind == TS_CHART_BARS)
		fill_bars(c, &b);
	else
		fill_series(c, &b);
	set_titles(c, &b);
out:
	free(b.xs);
	free(b.rk);
	return c;
}
