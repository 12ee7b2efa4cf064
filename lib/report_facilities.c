/*
 * report_facilities.c - facilities with activity (distinct facility codes
 * with actions in the months compared), new and stopped since the
 * comparison year, the facilities with most actions, and, with
 * --facilities FILE (the expected network), which of the network's
 * facilities reported and which did not.
 */
#include "report_figures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"

struct fac {
	uint32_t id;            /* in f->fac_region */
	int64_t act[2];
};

static int
by_actions(const void *pa, const void *pb)
{
	const struct fac *x = pa, *y = pb;

	if (x->act[0] != y->act[0])
		return x->act[0] < y->act[0] ? 1 : -1;
	if (x->act[1] != y->act[1])
		return x->act[1] < y->act[1] ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void
row_int(ts_rtable *t, const char *key, const char *label, int64_t v0,
    int64_t v1, int have1)
{
	size_t row = ts_rtable_row(t, key, strlen(key), label, 0, TS_RR_ITEM);

	ts_rfig_cell_int(t, row, 0, v0);
	if (have1)
		ts_rfig_cell_int(t, row, 1, v1);
}

/* The facilities table with its year columns. */
static ts_rtable *
facilities_table(struct ts_rfctx *x, const int years[2], int ny)
{
	ts_rtable *t = ts_rtable_add(x->r, "facilities",
	    ts_rfl(x->lang, FL_FACILITIES), "indicator", NULL,
	    ts_rfl(x->lang, FL_INDICATOR));
	int k;

	for (k = 0; k < ny; k++) {
		char ys[16];
		snprintf(ys, sizeof(ys), "%d", years[k]);
		ts_rtable_col(t, k ? "compare" : "value", ys, TS_RK_INT);
	}
	return t;
}

/* Each facility's actions in the months compared of YEARS (NY of them). */
static struct fac *
facility_actions(struct ts_rfctx *x, const int years[2], int ny)
{
	const ts_rfig *f = x->f;
	size_t nf = ts_map_size(f->fac_region), i;
	int upto = ts_rfig_upto(x->r), k;
	struct fac *fa = xcalloc(nf ? nf : 1, sizeof(*fa));

	for (i = 0; i < nf; i++)
		fa[i].id = (uint32_t)i;
	for (i = 0; i < ts_map_size(f->fac); i++) {
		ts_str key = ts_map_key(f->fac, (uint32_t)i);
		int y = ((unsigned char)key.p[0] << 8) | (unsigned char)key.p[1];
		int64_t id, v = 0;
		int m;
		for (k = 0; k < ny; k++)
			if (y == years[k])
				break;
		if (k == ny)
			continue;
		for (m = x->r->cut ? 1 : 0; m <= (x->r->cut ? upto : 12); m++)
			v += f->fac_months[i].m[m];
		id = ts_map_find(f->fac_region, key.p + 2, key.n - 2);
		if (id >= 0)
			fa[id].act[k] += v;
	}
	return fa;
}

/* Facilities active in each year, new and stopped; returns the active
 * ones of the report year. */
static int64_t
activity_rows(struct ts_rfctx *x, ts_rtable *t, const struct fac *fa,
    size_t nf, int ny)
{
	ts_report *r = x->r;
	int64_t active[2] = { 0, 0 }, fresh = 0, stopped = 0;
	size_t i;
	char *s;

	for (i = 0; i < nf; i++) {
		active[0] += fa[i].act[0] > 0;
		active[1] += fa[i].act[1] > 0;
		fresh += fa[i].act[0] > 0 && fa[i].act[1] == 0;
		stopped += fa[i].act[0] == 0 && fa[i].act[1] > 0;
	}
	row_int(t, "active", ts_rfl(x->lang, FL_FAC_ACTIVE), active[0],
	    active[1], ny > 1);
	if (ny > 1) {
		s = xasprintf(ts_rfl(x->lang, FL_FAC_NEW), r->compare);
		row_int(t, "new", s, fresh, 0, 0);
		free(s);
		s = xasprintf(ts_rfl(x->lang, FL_FAC_STOPPED), r->compare);
		row_int(t, "stopped", s, stopped, 0, 0);
		free(s);
	}
	return active[0];
}

/* The expected network's figures: its size, how many reported, how
 * many did not, and the active facilities outside it. */
static void
network_rows(struct ts_rfctx *x, ts_rtable *t, const struct fac *fa,
    size_t nf)
{
	const ts_rfig *f = x->f;
	const ts_side *net = x->facilities;
	size_t nn = ts_side_rows(net), rep = 0, i, row;
	ts_map *netcodes = ts_map_new();
	int64_t outside = 0;

	for (i = 0; i < nn; i++)
		ts_map_intern(netcodes, ts_side_get(net, i, x->fac_code),
		    strlen(ts_side_get(net, i, x->fac_code)), NULL);
	nn = ts_map_size(netcodes);	/* a code listed twice counts once */
	for (i = 0; i < nn; i++) {
		ts_str c = ts_map_key(netcodes, (uint32_t)i);
		int64_t id = ts_map_find(f->fac_region, c.p, c.n);
		rep += id >= 0 && fa[id].act[0] > 0;
	}
	for (i = 0; i < nf; i++) {
		ts_str c = ts_map_key(f->fac_region, (uint32_t)i);
		outside += fa[i].act[0] > 0 &&
		    ts_map_find(netcodes, c.p, c.n) < 0;
	}
	row_int(t, "network", ts_rfl(x->lang, FL_FAC_NETWORK), (int64_t)nn,
	    0, 0);
	row_int(t, "network_active", ts_rfl(x->lang, FL_FAC_NET_REPORTED),
	    (int64_t)rep, 0, 0);
	row = ts_rtable_row(t, "network_active_pct", 18,
	    ts_rfl(x->lang, FL_FAC_NET_SHARE), 0, TS_RR_ITEM);
	if (nn > 0)
		ts_rfig_cell_kind(t, row, 0, TS_RK_PCT,
		    ts_pct_tenths((int64_t)rep, (int64_t)nn));
	else
		ts_rfig_cell_na(x->r, t, row, 0);
	row_int(t, "network_inactive", ts_rfl(x->lang, FL_FAC_NET_MISSING),
	    (int64_t)(nn - rep), 0, 0);
	row_int(t, "outside_network", ts_rfl(x->lang, FL_FAC_OUTSIDE),
	    outside, 0, 0);
	ts_map_free(netcodes);
}

/* Drops table M, the report's last, before anything refers to it. */
static void
drop_last_table(ts_report *r, ts_rtable *m)
{
	size_t i;

	r->ntables--;
	free(m->title);
	for (i = 0; i < m->ncols; i++)
		free(m->cols[i].label);
	free(m->cols);
	free(m->key_label);
	free(m->label_label);
	free(m);
}

/* Which facilities of the network did not report, in the network
 * file's order (the first TS_RFIG_MISSING_ROWS; none: no table). */
static void
network_missing(struct ts_rfctx *x, const struct fac *fa)
{
	ts_report *r = x->r;
	const ts_side *net = x->facilities;
	ts_map *seen = ts_map_new();
	size_t shown = 0, j, row;
	ts_rtable *m;
	char *s;

	s = xasprintf(ts_rfl(x->lang, FL_FAC_MISSING), r->year);
	m = ts_rtable_add(r, "facilities_inactive", s, "facility",
	    ts_rfl(x->lang, FL_FACILITY), ts_rfl(x->lang, FL_NAME));
	free(s);
	ts_rtable_col(m, "region", ts_rfl(x->lang, FL_REGION), TS_RK_TEXT);
	for (j = 0; j < ts_side_rows(net); j++) {
		const char *code = ts_side_get(net, j, x->fac_code);
		const char *name = ts_side_get(net, j, x->fac_name);
		int64_t id = ts_map_find(x->f->fac_region, code, strlen(code));
		int ins;
		ts_map_intern(seen, code, strlen(code), &ins);
		if (!ins || (id >= 0 && fa[id].act[0] > 0))
			continue;
		if (shown++ >= TS_RFIG_MISSING_ROWS)
			continue;
		row = ts_rtable_row(m, code, strlen(code), *name ? name : code,
		    0, TS_RR_ITEM);
		ts_rfig_cell_text(r, m, row, 0,
		    ts_side_get(net, j, x->fac_region), NULL);
	}
	/* Every facility reported: no empty list. */
	if (shown == 0)
		drop_last_table(r, m);
	else if (shown > TS_RFIG_MISSING_ROWS)
		ts_rtable_note(m, xasprintf(ts_rfl(x->lang, FL_NOTE_FAC_MORE),
		    TS_RFIG_MISSING_ROWS, shown));
	ts_map_free(seen);
}

/* The top table: facility, region, the years' actions and the change. */
struct top_cols {
	int value, compare, change;     /* -1: not shown */
};

static ts_rtable *
top_table(struct ts_rfctx *x, int ny, struct top_cols *tc)
{
	ts_report *r = x->r;
	ts_rtable *tt;
	char *s;

	s = xasprintf(ts_rfl(x->lang, FL_FAC_TOP), x->o->top);
	tt = ts_rtable_add(r, "facilities_top", s, "facility",
	    ts_rfl(x->lang, FL_FACILITY), ts_rfl(x->lang, FL_NAME));
	free(s);
	ts_rtable_col(tt, "region", ts_rfl(x->lang, FL_REGION), TS_RK_TEXT);
	s = xasprintf("%d", r->year);
	tc->value = (int)ts_rtable_col(tt, "value", s, TS_RK_INT);
	free(s);
	tc->compare = tc->change = -1;
	if (ny > 1) {
		s = xasprintf("%d", r->compare);
		tc->compare = (int)ts_rtable_col(tt, "compare", s, TS_RK_INT);
		free(s);
		tc->change = (int)ts_rtable_col(tt, "change_pct",
		    r->lang == TS_LANG_EN ? "Change %" : "Var. %",
		    TS_RK_CHANGE);
	}
	return tt;
}

/* The network file's row of each facility code in NAMES (first wins);
 * NULL without --facilities. */
static size_t *
network_rows_by_code(struct ts_rfctx *x, ts_map *names)
{
	size_t *name_row, j;

	if (x->facilities == NULL)
		return NULL;
	name_row = xcalloc(ts_side_rows(x->facilities) + 1, sizeof(*name_row));
	for (j = 0; j < ts_side_rows(x->facilities); j++) {
		const char *code = ts_side_get(x->facilities, j, x->fac_code);
		int ins;
		uint32_t id = ts_map_intern(names, code, strlen(code), &ins);
		if (ins)
			name_row[id] = j;
	}
	return name_row;
}

/* One facility FA's row of the top table TT. */
static void
top_row(struct ts_rfctx *x, ts_rtable *tt, const struct top_cols *tc,
    const struct fac *fa, const char *name_in_network)
{
	ts_report *r = x->r;
	const ts_rfig *f = x->f;
	ts_str c = ts_map_key(f->fac_region, fa->id);
	char *code = ts_rfig_str(c), *reg = NULL;
	const char *name = name_in_network ? name_in_network : code;
	uint32_t rid = fa->id < f->fac_region_n ? f->fac_region_of[fa->id] :
	    UINT32_MAX;
	size_t row;

	if (rid != UINT32_MAX)
		reg = ts_rfig_str(ts_map_key(f->regions, rid));
	row = ts_rtable_row(tt, code, strlen(code), name, 0, TS_RR_ITEM);
	ts_rfig_cell_text(r, tt, row, 0, reg ? reg : "", NULL);
	ts_rfig_cell_int(tt, row, tc->value, fa->act[0]);
	ts_rfig_mask(r, tt, row, tc->value);
	if (tc->compare >= 0) {
		ts_rfig_cell_int(tt, row, tc->compare, fa->act[1]);
		ts_rfig_mask(r, tt, row, tc->compare);
		if (fa->act[1] > 0) {
			ts_rfig_cell_kind(tt, row, tc->change, TS_RK_CHANGE,
			    ts_change_tenths(fa->act[0], fa->act[1]));
			if (tt->rows[row].cells[tc->value].masked ||
			    tt->rows[row].cells[tc->compare].masked)
				tt->rows[row].cells[tc->change].masked = 2;
		}
	}
	free(code);
	free(reg);
}

/* The facilities with most actions (FA is sorted here). */
static void
top_facilities(struct ts_rfctx *x, struct fac *fa, size_t nf, int ny)
{
	const ts_rfig *f = x->f;
	ts_map *names = ts_map_new();
	size_t *name_row = network_rows_by_code(x, names), n;
	struct top_cols tc;
	ts_rtable *tt;

	qsort(fa, nf, sizeof(*fa), by_actions);
	tt = top_table(x, ny, &tc);
	for (n = 0; n < x->o->top && n < nf && fa[n].act[0] > 0; n++) {
		ts_str c = ts_map_key(f->fac_region, fa[n].id);
		int64_t nid = ts_map_find(names, c.p, c.n);
		const char *nm = nid >= 0 ? ts_side_get(x->facilities,
		    name_row[nid], x->fac_name) : NULL;
		top_row(x, tt, &tc, &fa[n], nm != NULL && *nm ? nm : NULL);
	}
	free(name_row);
	ts_map_free(names);
}

int
ts_rfig_facilities(struct ts_rfctx *x)
{
	ts_report *r = x->r;
	size_t nf = ts_map_size(x->f->fac_region), row;
	int years[2] = { r->year, r->compare };
	int ny = r->compare ? 2 : 1, k;
	struct fac *fa;
	ts_rtable *t;
	int64_t active;

	if (nf == 0 && x->facilities == NULL)
		return 0;
	t = facilities_table(x, years, ny);
	if (x->f->fac_full) {
		row = ts_rtable_row(t, "active", 6, ts_rfl(x->lang, FL_FAC_ACTIVE),
		    0, TS_RR_ITEM);
		for (k = 0; k < ny; k++)
			ts_rfig_cell_na(r, t, row, k);
		ts_rtable_note(t, xasprintf(ts_rfl(x->lang, FL_NOTE_FAC_BOUND),
		    TS_RFIG_MAX_KEYS));
		return 0;
	}
	fa = facility_actions(x, years, ny);
	active = activity_rows(x, t, fa, nf, ny);
	if (x->facilities != NULL) {
		network_rows(x, t, fa, nf);
		network_missing(x, fa);
	}
	if (active > 0 && r->suppress >= 0)
		top_facilities(x, fa, nf, ny);
	if (r->cut && r->period[0] != NULL && r->period[1] != NULL)
		ts_rtable_note(t, xasprintf(ts_rfl(x->lang, FL_NOTE_FAC_CUT),
		    r->period[0], r->period[1]));
	free(fa);
	return 0;
}
