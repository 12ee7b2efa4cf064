/*
 * report_targets.c - progress to the goals of --targets FILE (columns
 * year, metric, goal; optional institution, region, category filters,
 * matched exactly against the records' fields; the category is the one
 * the report shows, after --rollup).
 *
 * Metrics: actions (as the report counts them: acts with a patient,
 * sessions without) and facilities (distinct facility codes with
 * actions). Targets of the report year only are shown. When the year's
 * data end before 31 December, the expected progress to date is the
 * share of the year's days elapsed up to the last date with data, and a
 * target is on track when its progress is at least that.
 */
#include "report_figures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "numfmt.h"

/* Tenths of a percent of the year elapsed on date D (YYYYMMDD, DD 00:
 * the month's end), or -1 when D is not inside YEAR or ends it. */
static int64_t
elapsed_tenths(int year, int32_t d)
{
	int m = (d / 100) % 100, day = d % 100, i, n = 0, all = 0;

	if (d / 10000 != year || m == 0)
		return -1;
	if (day == 0)
		day = ts_days_in_month(year, m);
	if (m == 12 && day == 31)
		return -1;
	for (i = 1; i <= 12; i++)
		all += ts_days_in_month(year, i);
	for (i = 1; i < m; i++)
		n += ts_days_in_month(year, i);
	n += day;
	return ts_pct_tenths(n, all);
}

/* The target's figure in months 1..CUT (0: the whole year). */
static int64_t
achieved(const struct ts_rtarget *g, int cut)
{
	int64_t v = 0;
	size_t i;
	int m;

	if (g->metric == TM_ACTIONS) {
		for (m = cut ? 1 : 0; m <= (cut ? cut : 12); m++)
			v += g->actions[m];
		return v;
	} else {
		ts_map *seen = ts_map_new();
		for (i = 0; i < ts_map_size(g->facs); i++) {
			ts_str k = ts_map_key(g->facs, (uint32_t)i);
			int m1 = (unsigned char)k.p[0];
			if (cut && (m1 == 0 || m1 > cut))
				continue;
			ts_map_intern(seen, k.p + 1, k.n - 1, NULL);
		}
		v = (int64_t)ts_map_size(seen);
		ts_map_free(seen);
		return v;
	}
}

static char *
describe(int lang, const struct ts_rtarget *g)
{
	char *s = xstrdup(ts_rfl(lang, g->metric == TM_ACTIONS ?
	    FL_METRIC_ACTIONS : FL_METRIC_FACILITIES)), *t;
	const char *parts[3] = { g->cat, g->inst, g->region };
	size_t i;
	int open = 0;

	for (i = 0; i < 3; i++) {
		if (*parts[i] == '\0')
			continue;
		t = xasprintf("%s%s%s", s, open ? ", " : " (", parts[i]);
		free(s);
		s = t;
		open = 1;
	}
	if (open) {
		t = xasprintf("%s)", s);
		free(s);
		s = t;
	}
	return s;
}

int
ts_rfig_targets(struct ts_rfctx *x)
{
	ts_report *r = x->r;
	const ts_rfig *f = x->f;
	ts_rtable *t = NULL;
	/* Compared by months (--through), the year ends with the cut. */
	int32_t upto = r->cut ? r->year * 10000 + r->cut * 100 : r->through;
	int64_t exp = elapsed_tenths(r->year, upto);
	int c_goal = 0, c_ach, c_prog, c_exp = -1, c_stat;
	size_t i;

	for (i = 0; i < f->ntargets; i++) {
		const struct ts_rtarget *g = &f->targets[i];
		int64_t v, prog;
		size_t row;
		char key[32], *label;
		int full = g->metric == TM_FACILITIES && (g->full || f->fac_full);

		if (g->year != r->year)
			continue;
		if (t == NULL) {
			char *s = xasprintf(ts_rfl(x->lang, FL_GOAL), r->year);
			t = ts_rtable_add(r, "targets", ts_rfl(x->lang, FL_TARGETS),
			    "target", NULL, ts_rfl(x->lang, FL_INDICATOR));
			c_goal = (int)ts_rtable_col(t, "goal", s, TS_RK_INT);
			free(s);
			c_ach = (int)ts_rtable_col(t, "achieved",
			    ts_rfl(x->lang, FL_ACHIEVED), TS_RK_INT);
			c_prog = (int)ts_rtable_col(t, "progress_pct",
			    ts_rfl(x->lang, FL_PROGRESS), TS_RK_PCT);
			if (exp >= 0)
				c_exp = (int)ts_rtable_col(t, "expected_pct",
				    ts_rfl(x->lang, FL_EXPECTED), TS_RK_PCT);
			c_stat = (int)ts_rtable_col(t, "status",
			    ts_rfl(x->lang, FL_STATUS), TS_RK_TEXT);
		}
		snprintf(key, sizeof(key), "line%zu", g->line);
		label = describe(x->lang, g);
		row = ts_rtable_row(t, key, strlen(key), label, 0, TS_RR_ITEM);
		ts_rfig_cell_int(t, row, c_goal, g->goal);
		if (c_exp >= 0)
			ts_rfig_cell_kind(t, row, c_exp, TS_RK_PCT, exp);
		if (full) {
			ts_rfig_cell_na(r, t, row, c_ach);
			ts_rfig_cell_na(r, t, row, c_prog);
			ts_rfig_cell_na(r, t, row, c_stat);
			free(label);
			continue;
		}
		v = achieved(g, r->cut);
		prog = ts_pct_tenths(v, g->goal);
		ts_rfig_cell_int(t, row, c_ach, v);
		ts_rfig_cell_kind(t, row, c_prog, TS_RK_PCT, prog);
		if (g->metric == TM_ACTIONS) {
			ts_rfig_mask(r, t, row, c_ach);
			if (t->rows[row].cells[c_ach].masked)
				t->rows[row].cells[c_prog].masked = 2;
		}
		{
			int st = prog >= 1000 ? FL_REACHED : exp < 0 ? FL_NOT_REACHED :
			    prog >= exp ? FL_ON_TRACK : FL_BEHIND;
			static const char *const codes[] = { "reached", "not_reached",
				"on_track", "behind" };
			int ci = st == FL_REACHED ? 0 : st == FL_NOT_REACHED ? 1 :
			    st == FL_ON_TRACK ? 2 : 3;
			ts_rfig_cell_text(r, t, row, c_stat, ts_rfl(x->lang, st),
			    codes[ci]);
		}
		/* The first target of the year closes the headline. */
		if (r->headline_more == NULL && !t->rows[row].cells[c_ach].masked) {
			char g1[48], p1[48], e1[48];
			ts_numfmt_int(g1, g->goal, x->lang);
			ts_numfmt_pct(p1, prog, x->lang, 0);
			if (exp >= 0)
				ts_numfmt_pct(e1, exp, x->lang, 0);
			{
				char *h = xasprintf(ts_rfl(x->lang, FL_HEADLINE_TARGET),
				    g1, label, p1);
				r->headline_more = exp >= 0 ?
				    xasprintf("%s (%s: %s).", h, ts_rfl(x->lang,
				    FL_EXPECTED_LC), e1) : xasprintf("%s.", h);
				free(h);
			}
		}
		free(label);
	}
	if (t != NULL && exp >= 0) {
		char d[32];
		int32_t th = upto;
		if (x->lang == TS_LANG_EN)
			snprintf(d, sizeof(d), "%04d-%02d-%02d", th / 10000,
			    (th / 100) % 100, th % 100 ? th % 100 :
			    ts_days_in_month(th / 10000, (th / 100) % 100));
		else
			snprintf(d, sizeof(d), "%02d/%02d/%04d", th % 100 ? th % 100 :
			    ts_days_in_month(th / 10000, (th / 100) % 100),
			    (th / 100) % 100, th / 10000);
		ts_rtable_note(t, xasprintf(ts_rfl(x->lang, FL_NOTE_TARGETS), d));
	}
	return 0;
}
