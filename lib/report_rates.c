/*
 * report_rates.c - actions per 1 000 inhabitants by region, and actions
 * per day (calendar day, working day, the peak day).
 *
 * Rates divide the actions of the regions table (the same cells, so a
 * count masked there masks its rate) by the population of a table with
 * columns region, year, population: --population FILE, else
 * share/population/<country>.tsv: one year of the table for every region
 * (population.h), the report year's when the table gives it to as many
 * regions as any year does, and a note says which year stands for the
 * report's (or the comparison's) when it is another.
 *
 * Per day: the period is the months compared (1..cut, or the whole year),
 * for the report year up to its last date with data when the year is not
 * finished. The mean per calendar day is the period's actions over its
 * days; the mean per working day is the actions of Monday-to-Friday days
 * that are not holidays (--holidays FILE: a column date, YYYY-MM-DD) over
 * the number of such days; the peak day is the day with most actions (the
 * earliest on a tie). The last two need every row's full date: n/a
 * otherwise.
 */
#include "report_acc.h"
#include "report_figures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "paths.h"
#include "population.h"
#include "report_levels.h"
#include "values.h"

/*
 * The population of REGION in the table's year Y in *OUT, its regions
 * folded into it included (Lima Metropolitana within Lima when a source
 * reports Lima whole): 0, or -1 when some part has no figure for Y.
 */
static int
pop_folded(const struct ts_rfctx *x, const ts_poptab *p, const char *region,
    int y, int64_t *out)
{
	const struct ts_report_levels *l = x->a->levels;
	size_t i;

	if ((*out = ts_poptab_get(p, region, y)) == 0)
		return -1;
	for (i = 0; l != NULL && i < l->n; i++) {
		int64_t c;
		if (strcmp(l->parent[i], region) != 0)
			continue;
		if ((c = ts_poptab_get(p, l->child[i], y)) == 0)
			return -1;
		*out += c;
	}
	return 0;
}

struct cover {
	const struct ts_rfctx *x;
	const ts_rtable *reg;   /* the regions table */
};

/* How many regions of the regions table have a population in Y. */
static size_t
regions_covered(const ts_poptab *p, int y, void *arg)
{
	const struct cover *c = arg;
	size_t i, n = 0;
	int64_t v;

	for (i = 0; i < c->reg->nrows; i++) {
		const ts_rrow *rr = &c->reg->rows[i];
		if (rr->type == TS_RR_ITEM && *rr->key != '\0' &&
		    pop_folded(c->x, p, rr->key, y, &v) == 0)
			n++;
	}
	return n;
}

/* ACTIONS per 1 000 of POP, in tenths. */
static int64_t
rate_tenths(int64_t actions, int64_t pop)
{
	long double v = (long double)actions * 10000.0L / (long double)pop;

	return (int64_t)(v + 0.5L);
}

static int
col_of(const ts_rtable *t, const char *id)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* The notes saying which vintage stands for the report year VY and the
 * comparison year VC (0: none) when it is another year. */
static void
note_vintage(const struct ts_rfctx *x, ts_rtable *t, int vy, int vc)
{
	const ts_report *r = x->r;
	char years[64];

	if (vy != 0 && vy == vc && vy != r->year && vc != r->compare) {
		snprintf(years, sizeof(years), "%d %s %d", r->year,
		    x->lang == TS_LANG_EN ? "and" : "y", r->compare);
		ts_rtable_note(t, xasprintf(ts_rfl(x->lang,
		    FL_NOTE_RATES_NEAREST), years, vy));
		return;
	}
	if (vy != 0 && vy != r->year) {
		snprintf(years, sizeof(years), "%d", r->year);
		ts_rtable_note(t, xasprintf(ts_rfl(x->lang,
		    FL_NOTE_RATES_NEAREST), years, vy));
	}
	if (vc != 0 && vc != r->compare) {
		snprintf(years, sizeof(years), "%d", r->compare);
		ts_rtable_note(t, xasprintf(ts_rfl(x->lang,
		    FL_NOTE_RATES_NEAREST), years, vc));
	}
}

int
ts_rfig_rates(struct ts_rfctx *x)
{
	ts_report *r = x->r;
	const ts_rtable *reg = NULL;
	ts_rtable *t;
	ts_poptab *p;
	size_t i, row, missing_n = 0;
	char *title, *missing = NULL, ybuf[16];
	int st, cv, cc, c_pop, c_py, c_act, c_rate, c_rate_c = -1, c_chg = -1;
	int vy, vc = 0;
	int64_t sum_a[2] = { 0, 0 }, sum_p[2] = { 0, 0 };
	int all_have = 1;
	struct cover cov;

	for (i = 0; i < r->ntables; i++)
		if (strcmp(r->tables[i]->id, "regions") == 0)
			reg = r->tables[i];
	if (reg == NULL)
		return 0;
	if ((p = ts_poptab_open(x->o->population, x->cc[0] ? x->cc : NULL,
	    &st)) == NULL)
		return st < 0 ? 0 : st;
	cov.x = x;
	cov.reg = reg;
	/* One vintage of the table for every region (population.h). */
	vy = ts_poptab_vintage(p, r->year, regions_covered, &cov);
	cv = col_of(reg, "value");
	cc = col_of(reg, "compare");
	if (r->compare && cc >= 0)
		vc = ts_poptab_vintage(p, r->compare, regions_covered, &cov);
	t = ts_rtable_add(r, "rates", ts_rfl(x->lang, FL_RATES), "region",
	    ts_rfl(x->lang, FL_CODE), ts_rfl(x->lang, FL_REGION));
	title = xasprintf("%s %d", ts_rfl(x->lang, FL_POPULATION),
	    vy ? vy : r->year);
	c_pop = (int)ts_rtable_col(t, "population", title, TS_RK_INT);
	free(title);
	c_py = (int)ts_rtable_col(t, "population_year",
	    ts_rfl(x->lang, FL_POP_YEAR), TS_RK_TEXT);
	title = xasprintf("%d", r->year);
	c_act = (int)ts_rtable_col(t, "value", title, TS_RK_INT);
	free(title);
	title = xasprintf(ts_rfl(x->lang, FL_PER_1000), r->year);
	c_rate = (int)ts_rtable_col(t, "per_1000", title, TS_RK_DEC1);
	free(title);
	if (r->compare && cc >= 0) {
		title = xasprintf(ts_rfl(x->lang, FL_PER_1000), r->compare);
		c_rate_c = (int)ts_rtable_col(t, "per_1000_compare", title,
		    TS_RK_DEC1);
		free(title);
		c_chg = (int)ts_rtable_col(t, "change_pct", r->lang == TS_LANG_EN ?
		    "Change %" : "Var. %", TS_RK_CHANGE);
	}
	snprintf(ybuf, sizeof(ybuf), "%d", vy);
	for (i = 0; i < reg->nrows; i++) {
		const ts_rrow *rr = &reg->rows[i];
		int64_t pyn = 0, pcn = 0;
		int hc = 0;
		if (rr->type != TS_RR_ITEM || *rr->key == '\0')
			continue;
		if (vc != 0)
			hc = pop_folded(x, p, rr->key, vc, &pcn) == 0;
		row = ts_rtable_row(t, rr->key, strlen(rr->key), rr->label, 0,
		    TS_RR_ITEM);
		t->rows[row].cells[c_act] = rr->cells[cv];
		if (vy == 0 || pop_folded(x, p, rr->key, vy, &pyn) != 0) {
			char *m = missing;
			all_have = 0;
			missing = xasprintf("%s%s%s", m ? m : "", m ? ", " : "",
			    rr->label);
			free(m);
			missing_n++;
			ts_rfig_cell_na(r, t, row, c_pop);
			ts_rfig_cell_na(r, t, row, c_rate);
			if (c_rate_c >= 0)
				ts_rfig_cell_na(r, t, row, c_rate_c);
			continue;
		}
		ts_rfig_cell_int(t, row, c_pop, pyn);
		ts_rfig_cell_text(r, t, row, c_py, ybuf, NULL);
		ts_rfig_cell_kind(t, row, c_rate, TS_RK_DEC1,
		    rate_tenths(rr->cells[cv].v, pyn));
		t->rows[row].cells[c_rate].dep[0] = rr->cells[cv].q;
		sum_a[0] += rr->cells[cv].v;
		sum_p[0] += pyn;
		if (c_rate_c >= 0 && hc) {
			long double a0 = (long double)rr->cells[cv].v / pyn;
			long double a1 = (long double)rr->cells[cc].v / pcn;
			ts_rfig_cell_kind(t, row, c_rate_c, TS_RK_DEC1,
			    rate_tenths(rr->cells[cc].v, pcn));
			t->rows[row].cells[c_rate_c].dep[0] = rr->cells[cc].q;
			sum_a[1] += rr->cells[cc].v;
			sum_p[1] += pcn;
			if (a1 > 0) {
				long double ch = (a0 - a1) / a1 * 1000.0L;
				ts_rfig_cell_kind(t, row, c_chg, TS_RK_CHANGE,
				    (int64_t)(ch < 0 ? ch - 0.5L : ch + 0.5L));
				t->rows[row].cells[c_chg].dep[0] = rr->cells[cv].q;
				t->rows[row].cells[c_chg].dep[1] = rr->cells[cc].q;
			}
		}
	}

	/* The total counts the regions with a population only: under
	 * --suppress it would give a masked region away unless it is every
	 * region's. */
	row = ts_rtable_row(t, "total", 5, ts_rfl(x->lang, FL_RATES_TOTAL), 0,
	    TS_RR_TOTAL);
	if (sum_p[0] > 0 && (all_have || r->suppress == 0)) {
		ts_rfig_cell_int(t, row, c_pop, sum_p[0]);
		ts_rfig_cell_int(t, row, c_act, sum_a[0]);
		ts_rfig_cell_kind(t, row, c_rate, TS_RK_DEC1,
		    rate_tenths(sum_a[0], sum_p[0]));
		if (c_rate_c >= 0 && sum_p[1] > 0) {
			long double a0 = (long double)sum_a[0] / sum_p[0];
			long double a1 = (long double)sum_a[1] / sum_p[1];
			ts_rfig_cell_kind(t, row, c_rate_c, TS_RK_DEC1,
			    rate_tenths(sum_a[1], sum_p[1]));
			if (a1 > 0) {
				long double ch = (a0 - a1) / a1 * 1000.0L;
				ts_rfig_cell_kind(t, row, c_chg, TS_RK_CHANGE,
				    (int64_t)(ch < 0 ? ch - 0.5L : ch + 0.5L));
			}
		}
	} else {
		ts_rfig_cell_na(r, t, row, c_pop);
		ts_rfig_cell_na(r, t, row, c_act);
		ts_rfig_cell_na(r, t, row, c_rate);
	}
	ts_rtable_note(t, xasprintf(ts_rfl(x->lang, FL_NOTE_RATES),
	    ts_poptab_name(p)));
	note_vintage(x, t, vy, vc);
	if (missing != NULL)
		ts_rtable_note(t, xasprintf(ts_rfl(x->lang, FL_NOTE_RATES_MISSING),
		    missing));
	free(missing);
	ts_poptab_free(p);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Per day                                                             */

/* 0 Sunday .. 6 Saturday (Sakamoto). */
static int
weekday(int y, int m, int d)
{
	static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };

	if (m < 3)
		y--;
	return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

struct holidays {
	int32_t *d;
	size_t n;
};

static const char *const hc_date[] = { "date", "fecha", NULL };

static int
load_holidays(const char *path, struct holidays *h)
{
	ts_error e;
	int c;
	ts_side *t = ts_side_load(path, &e);
	size_t i;

	if (t == NULL) {
		ts_warn("--holidays: %s", e.msg);
		return e.status;
	}
	if ((c = ts_side_col(t, hc_date)) < 0) {
		ts_warn("--holidays: %s:1: no date column (date or fecha)", path);
		ts_side_free(t);
		return TS_EXIT_DATA;
	}
	h->d = xcalloc(ts_side_rows(t) + 1, sizeof(*h->d));
	for (i = 0; i < ts_side_rows(t); i++) {
		const char *s = ts_side_get(t, i, c);
		ts_str none = { "", 0 };
		ts_date day;
		int field;
		const char *why;
		/* The strictness of records(5)'s date column, by its reader. */
		if (ts_when_read((ts_str){ s, strlen(s) }, none, none, &day,
		    &field, &why) < 0 || day.d == 0) {
			ts_warn("--holidays: %s:%zu: column date: expected YYYY-MM-DD, "
			    "got \"%s\"", path, ts_side_line(t, i), s);
			ts_side_free(t);
			free(h->d);
			h->d = NULL;
			return TS_EXIT_DATA;
		}
		h->d[h->n++] = day.y * 10000 + day.m * 100 + day.d;
	}
	ts_side_free(t);
	return 0;
}

static int
holiday(const struct holidays *h, int32_t date)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->d[i] == date)
			return 1;
	return 0;
}

struct dayfig {
	int64_t total, work_actions, peak;
	int32_t peak_date;
	int cal_days, work_days;
	int dated;              /* every row of the period has its day */
	int have;               /* the year has a day table */
};

static void
day_figures(const struct ts_rfctx *x, const struct holidays *h, int year,
    struct dayfig *out)
{
	const ts_report *r = x->r;
	const ts_rfig *f = x->f;
	char yk[2] = { (char)(year >> 8), (char)(year & 0xff) };
	int64_t yi = ts_map_find(f->years, yk, 2);
	int upto = ts_rfig_upto(r), endm = upto, endd, m, d;

	memset(out, 0, sizeof(*out));
	endd = ts_days_in_month(year, endm);
	if (!r->cut && year == r->year && r->through / 10000 == year &&
	    (r->through / 100) % 100 > 0) {
		endm = (r->through / 100) % 100;
		endd = r->through % 100 ? r->through % 100 :
		    ts_days_in_month(year, endm);
	}
	out->dated = 1;
	out->have = yi >= 0;
	for (m = 1; m <= endm; m++) {
		int last = m == endm ? endd : ts_days_in_month(year, m);
		for (d = 1; d <= last; d++) {
			int64_t v = yi >= 0 ? f->days[yi].d[m][d] : 0;
			int wd = weekday(year, m, d);
			out->cal_days++;
			out->total += v;
			if (wd != 0 && wd != 6 &&
			    !holiday(h, year * 10000 + m * 100 + d)) {
				out->work_days++;
				out->work_actions += v;
			}
			if (v > out->peak) {
				out->peak = v;
				out->peak_date = year * 10000 + m * 100 + d;
			}
		}
		if (yi >= 0 && f->days[yi].d[m][0] > 0) {
			out->total += f->days[yi].d[m][0];
			out->dated = 0;
		}
	}
	/* Rows of unknown month belong to the whole year only. */
	if (yi >= 0 && upto == 12 && f->days[yi].d[0][0] > 0) {
		out->total += f->days[yi].d[0][0];
		out->dated = 0;
	}
}

static char *
date_text(int lang, int32_t d)
{
	if (lang == TS_LANG_EN)
		return xasprintf("%04d-%02d-%02d", d / 10000, (d / 100) % 100,
		    d % 100);
	return xasprintf("%02d/%02d/%04d", d % 100, (d / 100) % 100, d / 10000);
}

int
ts_rfig_days(struct ts_rfctx *x)
{
	ts_report *r = x->r;
	struct holidays h = { NULL, 0 };
	struct dayfig df[2];
	ts_rtable *t;
	int years[2] = { r->year, r->compare }, ny = r->compare ? 2 : 1, k, st;
	int cols[2];
	size_t rows[6], i;
	int nodate = 0;
	char *hol = NULL;

	if (x->o->holidays != NULL && (st = load_holidays(x->o->holidays, &h)) != 0)
		return st;
	t = ts_rtable_add(r, "days", ts_rfl(x->lang, FL_DAYS), "indicator", NULL,
	    ts_rfl(x->lang, FL_INDICATOR));
	for (k = 0; k < ny; k++) {
		char ys[16];
		snprintf(ys, sizeof(ys), "%d", years[k]);
		cols[k] = (int)ts_rtable_col(t, k ? "compare" : "value", ys,
		    TS_RK_DEC1);
	}
	rows[0] = ts_rtable_row(t, "mean_calendar_day", 17,
	    ts_rfl(x->lang, FL_MEAN_CAL), 0, TS_RR_ITEM);
	rows[1] = ts_rtable_row(t, "mean_working_day", 16,
	    ts_rfl(x->lang, FL_MEAN_WORK), 0, TS_RR_ITEM);
	rows[2] = ts_rtable_row(t, "peak_day", 8, ts_rfl(x->lang, FL_PEAK_DAY), 0,
	    TS_RR_ITEM);
	rows[3] = ts_rtable_row(t, "peak_day_actions", 16,
	    ts_rfl(x->lang, FL_PEAK_ACTIONS), 0, TS_RR_ITEM);
	rows[4] = ts_rtable_row(t, "calendar_days", 13,
	    ts_rfl(x->lang, FL_CAL_DAYS), 0, TS_RR_ITEM);
	rows[5] = ts_rtable_row(t, "working_days", 12,
	    ts_rfl(x->lang, FL_WORK_DAYS), 0, TS_RR_ITEM);
	for (k = 0; k < ny; k++) {
		int c = cols[k];
		day_figures(x, &h, years[k], &df[k]);
		ts_rfig_cell_kind(t, rows[0], c, TS_RK_DEC1,
		    ts_ratio_tenths(df[k].total, df[k].cal_days));
		ts_rfig_cell_int(t, rows[4], c, df[k].cal_days);
		ts_rfig_cell_int(t, rows[5], c, df[k].work_days);
		if (!df[k].dated || !df[k].have) {
			nodate = 1;
			ts_rfig_cell_na(r, t, rows[1], c);
			ts_rfig_cell_na(r, t, rows[2], c);
			ts_rfig_cell_na(r, t, rows[3], c);
			continue;
		}
		if (df[k].work_days > 0)
			ts_rfig_cell_kind(t, rows[1], c, TS_RK_DEC1,
			    ts_ratio_tenths(df[k].work_actions, df[k].work_days));
		else
			ts_rfig_cell_na(r, t, rows[1], c);
		if (df[k].peak > 0) {
			char *dt = date_text(x->lang, df[k].peak_date), iso[16];
			snprintf(iso, sizeof(iso), "%04d-%02d-%02d",
			    df[k].peak_date / 10000, (df[k].peak_date / 100) % 100,
			    df[k].peak_date % 100);
			ts_rfig_cell_text(r, t, rows[2], c, dt, iso);
			free(dt);
			ts_rfig_cell_int(t, rows[3], c, df[k].peak);
			ts_rfig_mask(r, t, rows[3], c);
		} else {
			ts_rfig_cell_na(r, t, rows[2], c);
			ts_rfig_cell_na(r, t, rows[3], c);
		}
	}
	if (x->o->holidays != NULL)
		hol = xasprintf(ts_rfl(x->lang, FL_NOTE_HOLIDAYS), x->o->holidays);
	ts_rtable_note(t, xasprintf(ts_rfl(x->lang, FL_NOTE_DAYS),
	    hol ? hol : ""));
	free(hol);
	if (nodate) {
		char n[32];
		ts_numfmt_int(n, x->f->nodate_rows, x->lang);
		ts_rtable_note(t, xasprintf(ts_rfl(x->lang, FL_NOTE_DAYS_NODATE), n));
	}
	(void)i;
	free(h.d);
	return 0;
}
