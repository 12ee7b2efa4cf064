/*
 * report_build.c - the sections of the annual report, computed from the
 * group tables that report.c filled; see report.h.
 *
 * Every published count is a suppression cell named by what it counts
 * ("category teleconsulta in 2021"), so a number shown in two sections is
 * one cell, masked in both or in neither; every total, subtotal and
 * row-of-parts is declared as a sum. Shares and changes are masked when a
 * count they come from is.
 */
#include "report_acc.h"
#include "report_levels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "numfmt.h"
#include "report_labels.h"
#include "report_present.h"
#include "report_runs.h"
#include "report_specialty.h"
#include "suppress.h"

/* One value of a dimension with its accumulators for both years. */
struct item {
	ts_str key;            /* escaped, owned by the groups map */
	struct ts_racc v[2];   /* [0] report year, [1] comparison year */
	int seen[2];
	int64_t order;         /* sort key where the caller needs one */
};

struct bld {
	ts_report_acc *a;
	ts_report *r;
	int y, c, lang;
	ts_supp *supp;
	ts_map *qmap;          /* quantity name -> suppression cell */
	int cut;               /* months 1..cut of both years; 0: whole */
	struct ts_racc scratch[4]; /* year_group results */
	unsigned nscratch;
	int64_t tot[2];        /* total actions */
	int64_t with[2];       /* acts with a patient */
	int64_t without[2];    /* sessions without a patient */
	int32_t q_tot[2];
	ts_report_levels *levels; /* child regions counted within parents */
	ts_spec_labels *spec_labels; /* display labels of specialties */
	/* Atendidos from pseudonyms (build_patients), for build_people. */
	int have_pat;
	int64_t pat[2];
	int pat_na[2];
	int32_t q_pat[2];
	/* The status of a file the report needs that could not be read
	 * (said where met): the build fails once its tables are done. */
	int failed;
};

/* Value columns of a table: indexes, -1 when absent. */
struct vcols {
	int value, share, compare, change;
};

static char *date_str(struct bld *b, int32_t d, int article);
static int year_has_rows(ts_report_acc *a, int y);
static char *month_str(struct bld *b, int32_t d);

static const char *
L(struct bld *b, int id)
{
	return ts_rl(b->lang, id);
}

static char *
unesc_dup(ts_str s)
{
	char *p = xmalloc(s.n + 1);

	p[ts_unescape(s, p)] = '\0';
	return p;
}

/* Items of DIM in the report and comparison years, in first-seen order. */
static struct item *
collect(struct bld *b, int dim, size_t *np)
{
	ts_report_acc *a = b->a;
	ts_map *idx = ts_map_new();
	struct item *it = NULL;
	size_t n = 0, i, cap = 0;

	for (i = 0; i < ts_map_size(a->groups); i++) {
		ts_str k = ts_map_key(a->groups, (uint32_t)i);
		int year = ((unsigned char)k.p[1] << 8) | (unsigned char)k.p[2];
		int month = (unsigned char)k.p[3];
		int which;
		uint32_t id;
		int ins;

		if ((unsigned char)k.p[0] != dim)
			continue;
		if (year == b->y)
			which = 0;
		else if (b->c != 0 && year == b->c)
			which = 1;
		else
			continue;
		/* Year to date: only the months both years have. */
		if (month > 12 || (b->cut && (month == 0 || month > b->cut)))
			continue;
		id = ts_map_intern(idx, k.p + TS_RKEY, k.n - TS_RKEY, &ins);
		if (ins) {
			if (n == cap) {
				cap = cap ? cap * 2 : 32;
				it = xreallocarray(it, cap, sizeof(*it));
			}
			memset(&it[n], 0, sizeof(*it));
			it[n].key.p = k.p + TS_RKEY;
			it[n].key.n = k.n - TS_RKEY;
			n++;
		}
		ts_racc_add(&it[id].v[which], &a->g[i]);
		it[id].seen[which] = 1;
	}
	ts_map_free(idx);
	*np = n;
	return it;
}

static void
sort_items(struct item *it, size_t n, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(it, n, sizeof(*it), cmp);
}

static int
keycmp(ts_str x, ts_str y)
{
	size_t n = x.n < y.n ? x.n : y.n;
	int d = n ? memcmp(x.p, y.p, n) : 0;

	return d ? d : (x.n > y.n) - (x.n < y.n);
}

/* Largest actions first (report year, then comparison year), then key. */
static int
by_actions(const void *pa, const void *pb)
{
	const struct item *x = pa, *y = pb;

	if (x->v[0].actions != y->v[0].actions)
		return x->v[0].actions < y->v[0].actions ? 1 : -1;
	if (x->v[1].actions != y->v[1].actions)
		return x->v[1].actions < y->v[1].actions ? 1 : -1;
	return keycmp(x->key, y->key);
}

static int
by_order(const void *pa, const void *pb)
{
	const struct item *x = pa, *y = pb;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return keycmp(x->key, y->key);
}

/* The suppression cell of quantity (TAG, YEAR, K); V is its value. */
static int32_t
quant(struct bld *b, char tag, int year, const char *k, size_t kn, int64_t v)
{
	char buf[512];
	char *key = kn + 3 <= sizeof(buf) ? buf : xmalloc(kn + 3);
	uint32_t id;
	int ins;

	key[0] = tag;
	key[1] = (char)(year >> 8);
	key[2] = (char)(year & 0xff);
	memcpy(key + 3, k, kn);
	id = ts_map_intern(b->qmap, key, kn + 3, &ins);
	if (ins)
		ts_supp_cell(b->supp, v);
	if (key != buf)
		free(key);
	return (int32_t)id;
}

static void
cell_int(ts_rtable *t, size_t row, int col, int64_t v, int32_t q)
{
	ts_rcell *c;

	if (col < 0)
		return;
	c = &t->rows[row].cells[col];
	c->kind = TS_RK_INT;
	c->v = v;
	c->q = q;
}

static void
cell_derived(ts_rtable *t, size_t row, int col, int kind, int64_t tenths,
    int32_t d0, int32_t d1)
{
	ts_rcell *c;

	if (col < 0)
		return;
	c = &t->rows[row].cells[col];
	c->kind = kind;
	c->v = tenths;
	c->dep[0] = d0;
	c->dep[1] = d1;
}

static void
cell_text(struct bld *b, ts_rtable *t, size_t row, int col, const char *text,
    const char *code)
{
	ts_rcell *c = &t->rows[row].cells[col];

	c->kind = TS_RK_TEXT;
	c->text = ts_report_keep(b->r, text);
	c->code = code;
}

static char *
year_str(int y)
{
	return xasprintf("%d", y);
}

/* Adds the value columns: report year, [share], [comparison, change]. */
static struct vcols
value_cols(struct bld *b, ts_rtable *t, int share, int change)
{
	struct vcols vc = { -1, -1, -1, -1 };
	char *ys = year_str(b->y);

	vc.value = (int)ts_rtable_col(t, "value", ys, TS_RK_INT);
	free(ys);
	if (share)
		vc.share = (int)ts_rtable_col(t, "share_pct", L(b, RL_SHARE), TS_RK_PCT);
	if (b->c != 0) {
		char *cs = year_str(b->c);
		vc.compare = (int)ts_rtable_col(t, "compare", cs, TS_RK_INT);
		free(cs);
		if (change)
			vc.change = (int)ts_rtable_col(t, "change_pct",
			    L(b, RL_CHANGE), TS_RK_CHANGE);
	}
	return vc;
}

/*
 * Fills the value cells of ROW for quantity (TAG, K): V[0] in the report
 * year, V[1] in the comparison year; the share is of TOTAL[0] (cell QTOT).
 */
static void
values(struct bld *b, ts_rtable *t, size_t row, const struct vcols *vc,
    char tag, const char *k, size_t kn, const int64_t v[2],
    const int64_t total[2], const int32_t qtot[2])
{
	int32_t q0 = quant(b, tag, b->y, k, kn, v[0]), q1 = -1;

	cell_int(t, row, vc->value, v[0], q0);
	if (vc->share >= 0 && total != NULL && total[0] > 0)
		cell_derived(t, row, vc->share, TS_RK_PCT,
		    ts_pct_tenths(v[0], total[0]), q0, qtot ? qtot[0] : -1);
	if (b->c == 0)
		return;
	q1 = quant(b, tag, b->c, k, kn, v[1]);
	cell_int(t, row, vc->compare, v[1], q1);
	if (vc->change >= 0 && v[1] > 0)
		cell_derived(t, row, vc->change, TS_RK_CHANGE,
		    ts_change_tenths(v[0], v[1]), q0, q1);
}

/*
 * The suppression cell of quantity (TAG, YEAR, K) over the whole YEAR:
 * the one the other tables use when they show YEAR whole (no months
 * cut), else one of its own.
 */
static int32_t
years_quant(struct bld *b, char tag, int year, const char *k, size_t kn,
    int64_t v)
{
	if (b->cut == 0 && (year == b->y || (b->c != 0 && year == b->c)))
		return quant(b, tag, year, k, kn, v);
	return quant(b, (char)(tag | 0x80), year, k, kn, v);
}

/*
 * Declares, for column COL, that row TOTAL is the sum of rows MEMBERS;
 * a member that is not a quantity (q < 0: unknown attendees, "n.d.")
 * adds nothing to it.
 */
static void
sum_rows(struct bld *b, ts_rtable *t, int col, size_t total,
    const size_t *members, size_t n)
{
	uint32_t *m;
	size_t i, k = 0;

	if (col < 0 || t->rows[total].cells[col].q < 0)
		return;
	m = xmalloc((n ? n : 1) * sizeof(*m));
	for (i = 0; i < n; i++)
		if (t->rows[members[i]].cells[col].q >= 0)
			m[k++] = (uint32_t)t->rows[members[i]].cells[col].q;
	ts_supp_sum(b->supp, (uint32_t)t->rows[total].cells[col].q, m, k);
	free(m);
}

static void
sum_both(struct bld *b, ts_rtable *t, const struct vcols *vc, size_t total,
    const size_t *members, size_t n)
{
	sum_rows(b, t, vc->value, total, members, n);
	sum_rows(b, t, vc->compare, total, members, n);
}

static const char *
cat_label(struct bld *b, const char *name)
{
	const ts_category *c = ts_taxonomy_find(b->a->tax, name, strlen(name));

	if (c == NULL)
		return name;
	return b->lang == TS_LANG_EN ? c->label_en : c->label_es;
}

static int
cat_kind(struct bld *b, ts_str name)
{
	int64_t id = ts_map_find(b->a->cats, name.p, name.n);

	return id < 0 ? CK_EXCLUDED : b->a->cat_kind[id];
}

/* Position of a category in the taxonomy (its own first, then others). */
static int64_t
cat_order(struct bld *b, ts_str name)
{
	size_t i, n = ts_taxonomy_count(b->a->tax);

	for (i = 0; i < n; i++) {
		const char *c = ts_taxonomy_at(b->a->tax, i)->name;
		if (strlen(c) == name.n && memcmp(c, name.p, name.n) == 0)
			return (int64_t)i;
	}
	return (int64_t)n;
}

static void
omitted(struct bld *b, const char *col, int section)
{
	ts_report_note(b->r, xasprintf(L(b, RL_NOTE_NO_COLUMN), col,
	    L(b, section)));
}

/*
 * Whether column DIM has no value in the report and comparison years: a
 * table of nothing but "(unknown)" says nothing, so the section goes,
 * with a note.
 */
static int
empty_column(struct bld *b, int dim, const char *col, int section)
{
	size_t n, i;
	struct item *it = collect(b, dim, &n);
	int empty = 1;

	for (i = 0; i < n && empty; i++)
		empty = it[i].key.n == 0;
	free(it);
	if (empty)
		ts_report_note(b->r, xasprintf(L(b, RL_NOTE_EMPTY_COLUMN), col,
		    L(b, section)));
	return empty;
}

static const ts_rtable *
find_table(const ts_report *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->ntables; i++)
		if (strcmp(r->tables[i]->id, id) == 0)
			return r->tables[i];
	return NULL;
}

/* Summary: acts with a patient + sessions without = total actions. */
static void
build_summary(struct bld *b)
{
	ts_rtable *t = ts_rtable_add(b->r, "summary", L(b, RL_SUMMARY), "item",
	    NULL, "");
	struct vcols vc = value_cols(b, t, 0, 1);
	size_t rw, rs, rt, m[2];

	rw = ts_rtable_row(t, "acts_with_patient", 17, L(b, RL_ACTS_WITH), 0,
	    TS_RR_ITEM);
	values(b, t, rw, &vc, 'W', "", 0, b->with, NULL, NULL);
	rs = ts_rtable_row(t, "sessions_without_patient", 24,
	    L(b, RL_SESSIONS_WITHOUT), 0, TS_RR_ITEM);
	values(b, t, rs, &vc, 'S', "", 0, b->without, NULL, NULL);
	rt = ts_rtable_row(t, "total", 5, L(b, RL_TOTAL_ACTIONS), 0, TS_RR_TOTAL);
	values(b, t, rt, &vc, 'T', "", 0, b->tot, NULL, NULL);
	b->q_tot[0] = t->rows[rt].cells[vc.value].q;
	b->q_tot[1] = vc.compare >= 0 ? t->rows[rt].cells[vc.compare].q : -1;
	m[0] = rw;
	m[1] = rs;
	sum_both(b, t, &vc, rt, m, 2);
	b->r->headline = &t->rows[rt];
}

/* Sub-rows of category CAT: subcategories, or folded children. */
static void
build_subrows(struct bld *b, ts_rtable *t, const struct vcols *vc,
    struct item *subs, size_t nsubs, ts_str cat, size_t catrow)
{
	size_t i, n = 0, *members;
	struct item *mine = xcalloc(nsubs ? nsubs : 1, sizeof(*mine));
	int named = 0;
	int parent = ts_map_find(b->a->parents, cat.p, cat.n) >= 0;

	for (i = 0; i < nsubs; i++) {
		ts_str k = subs[i].key;
		if (k.n > cat.n && memcmp(k.p, cat.p, cat.n) == 0 &&
		    k.p[cat.n] == '\x1f') {
			mine[n] = subs[i];
			if (k.n > cat.n + 1)
				named = 1;
			n++;
		}
	}
	if (!named) {
		free(mine);
		return;
	}
	sort_items(mine, n, by_actions);
	members = xmalloc(n * sizeof(*members));
	for (i = 0; i < n; i++) {
		ts_str sub = { mine[i].key.p + cat.n + 1, mine[i].key.n - cat.n - 1 };
		char *subname = unesc_dup(sub);
		char *catname = unesc_dup(cat);
		char *key = xasprintf("%s/%s", catname, subname);
		const ts_subcategory *sc = parent || !*subname ? NULL :
		    ts_taxonomy_find_sub(b->a->tax, catname, subname,
		    strlen(subname));
		const char *label = parent ? cat_label(b, subname) :
		    sc != NULL ? (b->lang == TS_LANG_EN ? sc->label_en :
		    sc->label_es) : *subname ? subname : L(b, RL_NO_SUBCATEGORY);
		int64_t v[2] = { mine[i].v[0].actions, mine[i].v[1].actions };

		members[i] = ts_rtable_row(t, key, strlen(key), label, 2, TS_RR_ITEM);
		values(b, t, members[i], vc, 'c', mine[i].key.p, mine[i].key.n, v,
		    b->tot, b->q_tot);
		free(key);
		free(subname);
		free(catname);
	}
	sum_both(b, t, vc, catrow, members, n);
	free(members);
	free(mine);
}

static void
build_categories(struct bld *b, struct item *cats, size_t ncats)
{
	ts_rtable *t = ts_rtable_add(b->r, "categories", L(b, RL_CATEGORIES),
	    "category", NULL, L(b, RL_CATEGORY));
	struct vcols vc = value_cols(b, t, 1, 1);
	struct item *subs;
	size_t nsubs, i, g, nsubtotals = 0, subtotals[2], total;
	static const int kinds[2] = { CK_WITH, CK_WITHOUT };

	subs = collect(b, D_SUB, &nsubs);
	for (i = 0; i < ncats; i++)
		cats[i].order = cat_order(b, cats[i].key);
	sort_items(cats, ncats, by_order);
	for (g = 0; g < 2; g++) {
		size_t *members = xmalloc((ncats ? ncats : 1) * sizeof(size_t));
		size_t n = 0, sub;
		const int64_t *v = g == 0 ? b->with : b->without;

		for (i = 0; i < ncats; i++)
			n += cat_kind(b, cats[i].key) == kinds[g];
		if (n == 0) {
			free(members);
			continue;
		}
		sub = ts_rtable_row(t, g == 0 ? "with_patient" : "without_patient",
		    g == 0 ? 12 : 15, L(b, g == 0 ? RL_WITH_PATIENT :
		    RL_WITHOUT_PATIENT), 0, TS_RR_SUBTOTAL);
		values(b, t, sub, &vc, g == 0 ? 'W' : 'S', "", 0, v, b->tot,
		    b->q_tot);
		n = 0;
		for (i = 0; i < ncats; i++) {
			char *name;
			int64_t cv[2];
			if (cat_kind(b, cats[i].key) != kinds[g])
				continue;
			name = unesc_dup(cats[i].key);
			cv[0] = cats[i].v[0].actions;
			cv[1] = cats[i].v[1].actions;
			members[n] = ts_rtable_row(t, name, strlen(name),
			    cat_label(b, name), 1, TS_RR_ITEM);
			values(b, t, members[n], &vc, 'C', cats[i].key.p,
			    cats[i].key.n, cv, b->tot, b->q_tot);
			build_subrows(b, t, &vc, subs, nsubs, cats[i].key, members[n]);
			n++;
			free(name);
		}
		sum_both(b, t, &vc, sub, members, n);
		subtotals[nsubtotals++] = sub;
		free(members);
	}
	total = ts_rtable_row(t, "total", 5, L(b, RL_TOTAL), 0, TS_RR_TOTAL);
	values(b, t, total, &vc, 'T', "", 0, b->tot, b->tot, b->q_tot);
	sum_both(b, t, &vc, total, subtotals, nsubtotals);
	free(subs);
}

/*
 * Every year with records up to the report year, whole, by category (the
 * table beside the yearly trend chart); left out when there is only one
 * year. Where a year is the report's or the comparison's and both are
 * whole, its cells are the categories table's (one suppression cell);
 * other years are quantities of their own, tied by their sums.
 */
static void
build_years(struct bld *b)
{
	ts_report_acc *a = b->a;
	size_t ncat = ts_map_size(a->cats), i, ny = 0, row;
	int *years, y, k, lastm;
	struct item *cats;
	ts_rtable *t;
	static const int kinds[2] = { CK_WITH, CK_WITHOUT };

	years = xcalloc((size_t)(a->ymax >= a->ymin ? a->ymax - a->ymin + 1 : 1),
	    sizeof(int));
	for (y = a->ymin; y > 0 && y <= b->y; y++)
		if (year_has_rows(a, y))
			years[ny++] = y;
	if (ny < 2) {
		free(years);
		return;
	}
	t = ts_rtable_add(b->r, "years", L(b, RL_YEARS), "category", NULL,
	    L(b, RL_CATEGORY));
	lastm = b->r->through / 100 % 100;
	for (i = 0; i < ny; i++) {
		char id[16], *lab;
		snprintf(id, sizeof(id), "%d", years[i]);
		if (years[i] == b->y && lastm >= 1 && lastm < 12)
			lab = lastm == 1 ? xasprintf("%d (%.3s)", years[i],
			    L(b, RL_JAN)) : xasprintf("%d (%.3s\xe2\x80\x93%.3s)",
			    years[i], L(b, RL_JAN), L(b, RL_JAN + lastm - 1));
		else
			lab = xstrdup(id);
		ts_rtable_col(t, ts_report_keep(b->r, id), lab, TS_RK_INT);
		free(lab);
	}
	/* Every category of any year, in the taxonomy's order. */
	cats = xcalloc(ncat ? ncat : 1, sizeof(*cats));
	for (i = 0; i < ncat; i++) {
		cats[i].key = ts_map_key(a->cats, (uint32_t)i);
		cats[i].order = cat_order(b, cats[i].key);
	}
	sort_items(cats, ncat, by_order);
	{
		size_t *sub = xcalloc(2, sizeof(size_t)), nsub = 0;
		size_t *members = xcalloc(ncat ? ncat : 1, sizeof(size_t));
		int64_t *tot = xcalloc(ny, sizeof(int64_t));
		size_t total;

		for (k = 0; k < 2; k++) {
			size_t n = 0, s, j;
			for (i = 0; i < ncat; i++)
				n += cat_kind(b, cats[i].key) == kinds[k];
			if (n == 0)
				continue;
			s = ts_rtable_row(t, k == 0 ? "with_patient" :
			    "without_patient", k == 0 ? 12 : 15, L(b, k == 0 ?
			    RL_WITH_PATIENT : RL_WITHOUT_PATIENT), 0,
			    TS_RR_SUBTOTAL);
			n = 0;
			for (i = 0; i < ncat; i++) {
				char *name;
				if (cat_kind(b, cats[i].key) != kinds[k])
					continue;
				name = unesc_dup(cats[i].key);
				row = ts_rtable_row(t, name, strlen(name),
				    cat_label(b, name), 1, TS_RR_ITEM);
				for (j = 0; j < ny; j++) {
					struct ts_racc g;
					ts_racc_sum(a, D_CAT, years[j], 0,
					    cats[i].key.p, cats[i].key.n, &g);
					cell_int(t, row, (int)j, g.actions,
					    years_quant(b, 'C', years[j],
					    cats[i].key.p, cats[i].key.n, g.actions));
					t->rows[s].cells[j].v += g.actions;
				}
				members[n++] = row;
				free(name);
			}
			for (j = 0; j < ny; j++) {
				int64_t v = t->rows[s].cells[j].v;
				cell_int(t, s, (int)j, v, years_quant(b,
				    k == 0 ? 'W' : 'S', years[j], "", 0, v));
				tot[j] += v;
				sum_rows(b, t, (int)j, s, members, n);
			}
			sub[nsub++] = s;
		}
		total = ts_rtable_row(t, "total", 5, L(b, RL_TOTAL), 0,
		    TS_RR_TOTAL);
		for (i = 0; i < ny; i++) {
			cell_int(t, total, (int)i, tot[i], years_quant(b, 'T',
			    years[i], "", 0, tot[i]));
			sum_rows(b, t, (int)i, total, sub, nsub);
		}
		free(tot);
		free(members);
		free(sub);
	}
	if (lastm >= 1 && lastm < 12) {
		char *months = lastm == 1 ? xstrdup(L(b, RL_JAN)) :
		    xasprintf("%s\xe2\x80\x93%s", L(b, RL_JAN),
		    L(b, RL_JAN + lastm - 1));
		ts_rtable_note(t, xasprintf(L(b, RL_CHART_PARTIAL), b->y, months));
		free(months);
	}
	free(cats);
	free(years);
}

static struct ts_rpyear *
pyear(struct bld *b, int year)
{
	size_t i;

	for (i = 0; i < b->a->npyears; i++)
		if (b->a->pyears[i].year == year)
			return &b->a->pyears[i];
	return NULL;
}

/*
 * The whole-year group of DIM (over the months compared), or NULL; valid
 * until four more calls.
 */
static struct ts_racc *
year_group(struct bld *b, int dim, int year)
{
	struct ts_racc *g = &b->scratch[b->nscratch++ % 4];

	return ts_racc_sum(b->a, dim, year, b->cut, "", 0, g) ? g : NULL;
}

struct distinct_count {
	const uint32_t *rank;
	uint64_t n;
};

static void
count_ranked(void *arg, const ts_distinct *set, const ts_distinct_pair *p,
    size_t n)
{
	struct distinct_count *dc = arg;
	size_t i;

	(void)set;
	for (i = 0; i < n; i++)
		if (dc->rank[p[i].group] == 0 &&
		    (i == 0 || p[i].value != p[i - 1].value))
			dc->n++;
}

/*
 * Distinct patients of a year's set (grouped by month) over the months
 * 1..UPTO, or every month when UPTO is 0: months inside rank first, so
 * their pairs come sorted by patient and each patient is counted once.
 */
static int64_t
patients_upto(ts_distinct *set, int upto)
{
	uint32_t rank[13];
	struct distinct_count dc;
	int m;

	for (m = 0; m <= 12; m++)
		rank[m] = upto == 0 || (m >= 1 && m <= upto) ? 0 : 1;
	dc.rank = rank;
	dc.n = 0;
	/* The spill files failed: said here, and the run fails (status 3). */
	if (ts_distinct_batches(set, rank, count_ranked, &dc) != 0)
		ts_status_raise(ts_error_warn(ts_distinct_error(set)));
	return (int64_t)dc.n;
}

/* Cell COL of ROW reads "n.d."/"n/a": its input column is absent. */
static void
not_available(struct bld *b, ts_rtable *t, size_t row, int col)
{
	ts_rcell *c;

	if (col < 0)
		return;
	c = &t->rows[row].cells[col];
	c->kind = TS_RK_NA;
	c->text = L(b, RL_NA);
	c->q = -1;
	c->dep[0] = c->dep[1] = -1;
}

/* Atenciones (acts with a patient) vs atendidos (distinct patients). */
static void
build_patients(struct bld *b)
{
	ts_report_acc *a = b->a;
	ts_rtable *t;
	struct vcols vc;
	int64_t pat[2] = { 0, 0 };
	int years[2] = { b->y, b->c }, i, na[2] = { 0, 0 };
	size_t ra, rp, rr;
	int32_t qa[2], qp[2];

	if (a->have & H_PATIENT) {
		for (i = 0; i < 2; i++) {
			struct ts_rpyear *p = years[i] ? pyear(b, years[i]) : NULL;
			struct ts_racc *g = years[i] ?
			    year_group(b, D_YEAR, years[i]) : NULL;
			pat[i] = p ? patients_upto(p->set, b->cut) : 0;
			/* No act of the year carries a pseudonym: the number
			 * of patients is not known, which is not 0. */
			na[i] = pat[i] == 0 && g != NULL && g->nopseudo > 0 &&
			    g->nopseudo >= b->with[i];
		}
	} else if (a->have & H_PATIENTS) {
		for (i = 0; i < 2; i++) {
			struct ts_racc *g = years[i] ?
			    year_group(b, D_PAT, years[i]) : NULL;
			if (g != NULL && g->rows > 1) {
				ts_report_note(b->r, xstrdup(L(b, RL_NOTE_PATIENTS_AGG)));
				return;
			}
			pat[i] = g ? g->actions : 0;
		}
	} else {
		omitted(b, "patient", RL_SEC_PATIENTS);
		return;
	}
	t = ts_rtable_add(b->r, "patients", L(b, RL_PATIENTS), "item", NULL,
	    L(b, RL_CONCEPT));
	vc = value_cols(b, t, 0, 1);
	ra = ts_rtable_row(t, "acts", 4, L(b, RL_ATENCIONES), 0, TS_RR_ITEM);
	values(b, t, ra, &vc, 'W', "", 0, b->with, NULL, NULL);
	rp = ts_rtable_row(t, "patients", 8, L(b, RL_ATENDIDOS), 0, TS_RR_ITEM);
	values(b, t, rp, &vc, 'P', "", 0, pat, NULL, NULL);
	rr = ts_rtable_row(t, "acts_per_patient", 16, L(b, RL_PER_PATIENT), 0,
	    TS_RR_ITEM);
	for (i = 0; i < 2; i++) {
		int col = i == 0 ? vc.value : vc.compare;
		if (!na[i] || col < 0)
			continue;
		/* The count, the ratio and the change all need patients. */
		not_available(b, t, rp, col);
		not_available(b, t, rr, col);
		not_available(b, t, rp, vc.change);
	}
	if (na[0] || na[1])
		ts_rtable_note(t, xstrdup(L(b, RL_NOTE_NO_PATIENTS)));
	qa[0] = t->rows[ra].cells[vc.value].q;
	qp[0] = t->rows[rp].cells[vc.value].q;
	if (pat[0] > 0)
		cell_derived(t, rr, vc.value, TS_RK_DEC1,
		    ts_ratio_tenths(b->with[0], pat[0]), qa[0], qp[0]);
	if (b->c != 0 && pat[1] > 0) {
		qa[1] = t->rows[ra].cells[vc.compare].q;
		qp[1] = t->rows[rp].cells[vc.compare].q;
		cell_derived(t, rr, vc.compare, TS_RK_DEC1,
		    ts_ratio_tenths(b->with[1], pat[1]), qa[1], qp[1]);
	}
	if (a->have & H_PATIENT) {
		b->have_pat = 1;
		for (i = 0; i < 2; i++) {
			int col = i == 0 ? vc.value : vc.compare;
			b->pat[i] = pat[i];
			b->pat_na[i] = na[i];
			b->q_pat[i] = col >= 0 ? t->rows[rp].cells[col].q : -1;
		}
	}
	if (a->opts.patients_rule == TS_PATIENTS_HIS)
		ts_rtable_note(t, xstrdup(L(b, RL_NOTE_HIS)));
	if (a->have & H_PATIENT) {
		struct ts_racc *g = year_group(b, D_YEAR, b->y);
		if (g != NULL && g->nopseudo > 0) {
			char num[TS_NUMFMT_MAX];
			ts_numfmt_int(num, g->nopseudo, b->lang);
			ts_rtable_note(t, xasprintf(L(b, RL_NOTE_NO_PSEUDONYM),
			    num, b->y));
		}
	}
}

struct people_count {
	const uint32_t *rank;
	int64_t n[PB_COUNT_];
};

/* Counts each patient once per bucket whose rank is even (in range). */
static void
count_people(void *arg, const ts_distinct *set, const ts_distinct_pair *p,
    size_t n)
{
	struct people_count *pc = arg;
	size_t i;

	(void)set;
	for (i = 0; i < n; i++) {
		uint32_t r = pc->rank[p[i].group];
		if ((r & 1) == 0 && (i == 0 || r != pc->rank[p[i - 1].group] ||
		    p[i].value != p[i - 1].value))
			pc->n[r / 2]++;
	}
}

/* Distinct patients of SET per bucket over the months 1..UPTO (0: all). */
static void
people_upto(ts_distinct *set, int upto, int64_t out[PB_COUNT_])
{
	uint32_t rank[PB_COUNT_ * 13];
	struct people_count pc;
	int k, m;

	for (k = 0; k < PB_COUNT_; k++)
		for (m = 0; m <= 12; m++)
			rank[TS_RPEOPLE_GROUP(k, m)] = (uint32_t)k * 2 +
			    (upto == 0 || (m >= 1 && m <= upto) ? 0 : 1);
	memset(&pc, 0, sizeof(pc));
	pc.rank = rank;
	/* The spill files failed: said here, and the run fails (status 3). */
	if (set != NULL &&
	    ts_distinct_batches(set, rank, count_people, &pc) != 0)
		ts_status_raise(ts_error_warn(ts_distinct_error(set)));
	memcpy(out, pc.n, sizeof(pc.n));
}

/*
 * One table of atendidos by the buckets FIRST..LAST (sex, or age
 * groups), with their total; cells "n.d." when the column is absent
 * (HAVE 0) or the year's patients are not known, never 0.
 */
static void
people_table(struct bld *b, const char *id, int title, int label, int first,
    int last, int unknown, int have, const int64_t cnt[2][PB_COUNT_],
    int no_column_note)
{
	ts_rtable *t = ts_rtable_add(b->r, id, L(b, title), "group", NULL,
	    L(b, label));
	struct vcols vc = value_cols(b, t, 1, 1);
	size_t members[PB_COUNT_], nm = 0, total;
	int64_t sum[2] = { 0, 0 };
	int k, i;

	for (k = first; k <= last; k++) {
		static const char *const keys[PB_COUNT_] = { "F", "M", "",
			"0-11", "12-17", "18-29", "30-59", "60+", "" };
		int64_t v[2] = { cnt[0][k], cnt[1][k] };
		size_t row;
		/* The row of unknowns only when there are some. */
		if (k == unknown && (!have || (v[0] == 0 && v[1] == 0)))
			continue;
		row = ts_rtable_row(t, keys[k], strlen(keys[k]),
		    L(b, k <= PB_SEX_UNKNOWN ? RL_FEMALE + k :
		    RL_AGE_0 + (k - PB_AGE_0)), 0, TS_RR_ITEM);
		if (!have) {
			not_available(b, t, row, vc.value);
			not_available(b, t, row, vc.compare);
			continue;
		}
		values(b, t, row, &vc, k <= PB_SEX_UNKNOWN ? 'x' : 'a',
		    keys[k], strlen(keys[k]) + (k == unknown), v, b->pat,
		    b->q_pat);
		for (i = 0; i < 2; i++) {
			int col = i == 0 ? vc.value : vc.compare;
			if (b->pat_na[i] && col >= 0) {
				not_available(b, t, row, col);
				not_available(b, t, row, vc.change);
				not_available(b, t, row, vc.share);
			}
		}
		sum[0] += v[0];
		sum[1] += v[1];
		members[nm++] = row;
	}
	total = ts_rtable_row(t, "total", 5, L(b, RL_TOTAL_PATIENTS), 0,
	    TS_RR_TOTAL);
	values(b, t, total, &vc, 'P', "", 0, b->pat, b->pat, b->q_pat);
	for (i = 0; i < 2; i++) {
		int col = i == 0 ? vc.value : vc.compare;
		if (b->pat_na[i] && col >= 0) {
			not_available(b, t, total, col);
			not_available(b, t, total, vc.change);
			not_available(b, t, total, vc.share);
		}
	}
	if (!have) {
		ts_rtable_note(t, xstrdup(L(b, no_column_note)));
		return;
	}
	/* A patient written with two sexes (or ages in two groups) counts
	 * in both: then the rows are no parts of the total. */
	if (sum[0] == b->pat[0] && (b->c == 0 || sum[1] == b->pat[1]))
		sum_both(b, t, &vc, total, members, nm);
	else
		ts_rtable_note(t, xasprintf(L(b, RL_NOTE_PEOPLE_OVERLAP),
		    L(b, label)));
}

/* Atendidos by sex and by age group, from the patients' pseudonyms. */
static void
build_people(struct bld *b)
{
	ts_report_acc *a = b->a;
	int64_t cnt[2][PB_COUNT_];
	int years[2] = { b->y, b->c }, i;

	if (!b->have_pat)
		return;
	for (i = 0; i < 2; i++) {
		struct ts_rpyear *p = years[i] ? pyear(b, years[i]) : NULL;
		people_upto(p ? p->people : NULL, b->cut, cnt[i]);
	}
	people_table(b, "patients_sex", RL_PATIENTS_SEX, RL_SEX, PB_FEMALE,
	    PB_SEX_UNKNOWN, PB_SEX_UNKNOWN, (a->have & H_SEX) != 0,
	    (const int64_t (*)[PB_COUNT_])cnt, RL_NOTE_NO_SEX);
	people_table(b, "patients_age", RL_PATIENTS_AGE, RL_AGE_GROUP, PB_AGE_0,
	    PB_AGE_UNKNOWN, PB_AGE_UNKNOWN, (a->have & H_AGE) != 0,
	    (const int64_t (*)[PB_COUNT_])cnt, RL_NOTE_NO_AGE);
	if (a->have & H_AGE)
		ts_rtable_note(b->r->tables[b->r->ntables - 1],
		    xstrdup(L(b, RL_NOTE_AGE_GROUPS)));
}

/* Region names come from the region table; see report_regions.c. */
static const char *
infer_country(struct bld *b, struct item *it, size_t n, char cc[3])
{
	struct ts_country_tally tally = { 0 };
	size_t i;

	if (b->a->opts.country != NULL)
		return b->a->opts.country;
	for (i = 0; i < n; i++)
		ts_country_tally_add(&tally, it[i].key.p, it[i].key.n);
	return ts_country_tally_top(&tally, cc);
}

/* Rows of a plain "actions by X" table (regions, institutions). */
static void
build_by(struct bld *b, int dim, const char *id, int title, const char *key_id,
    int key_label, int label_label, int none_label, const ts_report_regions *names,
    char tag)
{
	ts_rtable *t;
	struct vcols vc;
	struct item *it;
	size_t n, i, nm = 0, *members, total;

	it = collect(b, dim, &n);
	t = ts_rtable_add(b->r, id, L(b, title), key_id,
	    key_label >= 0 ? L(b, key_label) : NULL, L(b, label_label));
	vc = value_cols(b, t, 1, 1);
	sort_items(it, n, by_actions);
	members = xmalloc((n ? n : 1) * sizeof(*members));
	for (i = 0; i < n; i++) {
		char *key;
		const char *label;
		int64_t v[2] = { it[i].v[0].actions, it[i].v[1].actions };
		if (v[0] == 0 && v[1] == 0)
			continue;
		key = unesc_dup(it[i].key);
		label = *key == '\0' ? L(b, none_label) : key;
		if (names != NULL && *key != '\0') {
			const char *nm2 = ts_report_regions_name(names, key, b->lang);
			if (nm2 != NULL)
				label = nm2;
		}
		members[nm] = ts_rtable_row(t, key, strlen(key), label, 0, TS_RR_ITEM);
		values(b, t, members[nm], &vc, tag, it[i].key.p, it[i].key.n, v,
		    b->tot, b->q_tot);
		nm++;
		free(key);
	}
	total = ts_rtable_row(t, "total", 5, L(b, RL_TOTAL), 0, TS_RR_TOTAL);
	values(b, t, total, &vc, 'T', "", 0, b->tot, b->tot, b->q_tot);
	sum_both(b, t, &vc, total, members, nm);
	free(members);
	free(it);
}

enum { ST_NOT_REPORTED, ST_NO_ACTIVITY, ST_STOPPED, ST_ACTIVE };

struct entity {
	const char *code;
	int status;
};

static int
by_status(const void *pa, const void *pb)
{
	const struct entity *x = pa, *y = pb;

	if (x->status != y->status)
		return x->status - y->status;
	return strcmp(x->code, y->code);
}

static void
fact(struct bld *b, ts_rtable *t, const char *key, const char *label,
    int64_t v, int kind)
{
	size_t row = ts_rtable_row(t, key, strlen(key), label, 0, TS_RR_ITEM);

	if (kind == TS_RK_INT)
		cell_int(t, row, 0, v, -1);
	else
		cell_derived(t, row, 0, kind, v, -1, -1);
}

/* The latest date with data in YEAR (every month). */
static int32_t
year_group_last(struct bld *b, int year)
{
	struct ts_racc g;

	ts_racc_sum(b->a, D_YEAR, year, 0, "", 0, &g);
	return g.last;
}

/*
 * The region table of COUNTRY (or --regions), or NULL: none, or it could
 * not be read, which is said once and fails the build.
 */
static ts_report_regions *
load_regions(struct bld *b, const char *country)
{
	ts_report_regions *g;
	ts_error e;

	if (b->failed)
		return NULL;
	if (ts_report_regions_load(b->a->opts.regions, country, &g, &e) < 0) {
		b->failed = ts_error_warn(&e);
		return NULL;
	}
	return g;
}

/* Who reported: entities of the region table without activity in the year. */
static void
build_coverage(struct bld *b)
{
	ts_report_acc *a = b->a;
	struct item *it;
	size_t n, i, ne = 0, counts[4] = { 0, 0, 0, 0 };
	char cc[3];
	const char *country;
	ts_report_regions *g;
	ts_map *idx = ts_map_new();
	struct entity *ents;
	ts_rtable *t;
	char *s;
	char *unknown = NULL;
	size_t nunknown = 0, ulen = 0;

	it = collect(b, D_REGION, &n);
	country = infer_country(b, it, n, cc);
	g = load_regions(b, country);
	for (i = 0; i < n; i++)
		ts_map_intern(idx, it[i].key.p, it[i].key.n, NULL);
	if (g != NULL) {
		ne = ts_report_regions_count(g);
		ents = xcalloc(ne ? ne : 1, sizeof(*ents));
		/* Children counted within their parents are not expected. */
		for (i = 0, ne = 0; i < ts_report_regions_count(g); i++)
			if (!ts_report_levels_folded(b->levels,
			    ts_report_regions_code(g, i)))
				ents[ne++].code = ts_report_regions_code(g, i);
		/* Values in the data that the table does not list. */
		for (i = 0; i < n; i++) {
			char *k = unesc_dup(it[i].key);
			if (*k != '\0' && ts_report_regions_find(g, k) < 0) {
				if (nunknown < 5) {
					size_t kl = strlen(k);
					unknown = xrealloc(unknown, ulen + kl + 3);
					if (ulen) {
						memcpy(unknown + ulen, ", ", 2);
						ulen += 2;
					}
					memcpy(unknown + ulen, k, kl + 1);
					ulen += kl;
				}
				nunknown++;
			}
			free(k);
		}
	} else {
		ents = xcalloc(n ? n : 1, sizeof(*ents));
		for (i = 0; i < n; i++) {
			char *k = unesc_dup(it[i].key);
			if (*k != '\0')
				ents[ne++].code = ts_report_keep(b->r, k);
			free(k);
		}
	}
	for (i = 0; i < ne; i++) {
		/* Codes in the data are escaped; table codes never need it. */
		int64_t j = ts_map_find(idx, ents[i].code, strlen(ents[i].code));
		struct ts_racc *v0 = j >= 0 && it[j].seen[0] ? &it[j].v[0] : NULL;
		struct ts_racc *v1 = j >= 0 && it[j].seen[1] ? &it[j].v[1] : NULL;
		if (v0 != NULL && v0->actions > 0)
			ents[i].status = ST_ACTIVE;
		else if (v1 != NULL && v1->actions > 0)
			ents[i].status = ST_STOPPED;
		else if (v0 != NULL && v0->rows > 0)
			ents[i].status = ST_NO_ACTIVITY;
		else
			ents[i].status = ST_NOT_REPORTED;
		counts[ents[i].status]++;
	}
	t = ts_rtable_add(b->r, "coverage", L(b, RL_COVERAGE), "item", NULL,
	    L(b, RL_ITEM));
	ts_rtable_col(t, "value", L(b, RL_VALUE), TS_RK_INT);
	fact(b, t, "expected", L(b, RL_EXPECTED), (int64_t)ne, TS_RK_INT);
	s = xasprintf(L(b, RL_ACTIVE), b->y);
	fact(b, t, "active", s, (int64_t)counts[ST_ACTIVE], TS_RK_INT);
	free(s);
	fact(b, t, "inactive", L(b, RL_INACTIVE),
	    (int64_t)(ne - counts[ST_ACTIVE]), TS_RK_INT);
	fact(b, t, "not_reported", L(b, RL_NOT_REPORTED),
	    (int64_t)counts[ST_NOT_REPORTED], TS_RK_INT);
	fact(b, t, "no_activity", L(b, RL_NO_ACTIVITY),
	    (int64_t)counts[ST_NO_ACTIVITY], TS_RK_INT);
	if (b->c != 0) {
		s = xasprintf(L(b, RL_STOPPED), b->c);
		fact(b, t, "stopped", s, (int64_t)counts[ST_STOPPED], TS_RK_INT);
		free(s);
	}
	if (b->r->partial) {
		/* The report year's data stop early: no region can be judged
		 * on the months still to come. */
		struct ts_racc ct;
		char *m0, *m1;
		ts_racc_sum(a, D_YEAR, b->c, 0, "", 0, &ct);
		s = xasprintf(L(b, RL_MONTHS_WITH_DATA), b->y);
		fact(b, t, "last_month", s,
		    (int64_t)(year_group_last(b, b->y) / 100 % 100), TS_RK_INT);
		free(s);
		s = xasprintf(L(b, RL_MONTHS_WITH_DATA), b->c);
		fact(b, t, "last_month_compare", s, (int64_t)(ct.last / 100 % 100),
		    TS_RK_INT);
		free(s);
		m0 = month_str(b, year_group_last(b, b->y));
		m1 = month_str(b, ct.last);
		ts_rtable_note(t, xasprintf(L(b, RL_NOTE_PARTIAL), b->y, m0, b->c,
		    m1));
		free(m0);
		free(m1);
	}
	if (g == NULL)
		ts_rtable_note(t, xstrdup(L(b, RL_NOTE_REGIONS_TABLE)));
	if (nunknown > 0)
		ts_rtable_note(t, xasprintf(L(b, RL_NOTE_UNKNOWN_REGIONS),
		    nunknown, unknown));

	if (ne > counts[ST_ACTIVE]) {
		static const char *const codes[] = {
			"not_reported", "no_activity", "stopped" };
		ts_rtable *e = ts_rtable_add(b->r, "coverage_entities", NULL,
		    "region", L(b, RL_CODE), L(b, RL_ENTITY));
		int col = (int)ts_rtable_col(e, "status", L(b, RL_STATUS), TS_RK_TEXT);

		if (ne > 1)
			qsort(ents, ne, sizeof(*ents), by_status);
		for (i = 0; i < ne; i++) {
			const char *name;
			size_t row;
			char *st;
			if (ents[i].status == ST_ACTIVE)
				continue;
			name = ts_report_regions_name(g, ents[i].code, b->lang);
			row = ts_rtable_row(e, ents[i].code, strlen(ents[i].code),
			    name ? name : ents[i].code, 0, TS_RR_ITEM);
			st = ents[i].status == ST_STOPPED ?
			    xasprintf(L(b, RL_ST_STOPPED), b->c) :
			    xstrdup(L(b, ents[i].status == ST_NOT_REPORTED ?
			    RL_ST_NOT_REPORTED : RL_ST_NO_ACTIVITY));
			cell_text(b, e, row, col, st, codes[ents[i].status]);
			free(st);
		}
		if (g == NULL) {
			free(e->key_label);
			e->key_label = NULL;
		}
	}
	free(unknown);
	free(ents);
	ts_map_free(idx);
	free(it);
	ts_report_regions_free(g);
}

static void
build_regions(struct bld *b)
{
	ts_report_acc *a = b->a;
	struct item *it;
	size_t n;
	char cc[3];
	ts_report_regions *g;
	size_t i;

	if (!(a->have & H_REGION)) {
		omitted(b, "region", RL_SEC_REGIONS);
		return;
	}
	if (empty_column(b, D_REGION, "region", RL_SEC_REGIONS))
		return;
	it = collect(b, D_REGION, &n);
	g = load_regions(b, infer_country(b, it, n, cc));
	free(it);
	build_by(b, D_REGION, "regions", RL_REGIONS, "region",
	    g ? RL_CODE : -1, RL_REGION, RL_NO_REGION, g, 'R');
	for (i = 0; i < b->levels->n; i++) {
		const char *c = b->levels->child[i], *p = b->levels->parent[i];
		const char *cn = ts_report_regions_name(g, c, b->lang);
		const char *pn = ts_report_regions_name(g, p, b->lang);
		ts_report_note(b->r, xasprintf(L(b, RL_NOTE_REGION_FOLD),
		    cn ? cn : c, c, pn ? pn : p, p));
	}
	ts_report_regions_free(g);
}

static void
build_specialties(struct bld *b)
{
	ts_rtable *t;
	struct vcols vc;
	struct item *it;
	size_t n, i, nm = 0, *members, total, shown = 0;
	int64_t other[2] = { 0, 0 }, none[2] = { 0, 0 };
	int have_other = 0, have_none = 0;
	char *title;
	const char *label;
	int32_t qw[2];

	if (!(b->a->have & H_SPEC)) {
		omitted(b, "specialty", RL_SEC_SPECIALTIES);
		return;
	}
	if (empty_column(b, D_SPEC, "specialty", RL_SEC_SPECIALTIES))
		return;
	/* Shares of specialties are of the acts with a patient. */
	qw[0] = quant(b, 'W', b->y, "", 0, b->with[0]);
	qw[1] = -1;
	it = collect(b, D_SPEC, &n);
	sort_items(it, n, by_actions);
	title = xasprintf(L(b, RL_SPECIALTIES), (int)b->a->opts.top);
	t = ts_rtable_add(b->r, "specialties", title, "specialty", NULL,
	    L(b, RL_SPECIALTY));
	free(title);
	vc = value_cols(b, t, 1, 1);
	members = xmalloc((n + 2) * sizeof(*members));
	for (i = 0; i < n; i++) {
		int64_t v[2] = { it[i].v[0].actions, it[i].v[1].actions };
		char *key;
		if (it[i].key.n == 0) {
			none[0] += v[0];
			none[1] += v[1];
			have_none = v[0] || v[1];
			continue;
		}
		if (v[0] == 0 && v[1] == 0)
			continue;
		if (shown >= b->a->opts.top || v[0] == 0) {
			other[0] += v[0];
			other[1] += v[1];
			have_other = 1;
			continue;
		}
		/* The spelling most rows use, of this normalized form. */
		key = ts_spellings_shown(b->a->specs, it[i].key);
		label = ts_spec_labels_get(b->spec_labels, it[i].key.p,
		    it[i].key.n, b->lang);
		members[nm] = ts_rtable_row(t, key, strlen(key), label ? label : key,
		    0, TS_RR_ITEM);
		values(b, t, members[nm++], &vc, 'Q', it[i].key.p, it[i].key.n,
		    v, b->with, qw);
		shown++;
		free(key);
	}
	if (have_other) {
		members[nm] = ts_rtable_row(t, "other", 5, L(b, RL_OTHER_SPECIALTIES),
		    0, TS_RR_ITEM);
		values(b, t, members[nm++], &vc, 'O', "", 0, other, b->with, qw);
	}
	if (have_none) {
		members[nm] = ts_rtable_row(t, "", 0, L(b, RL_NO_SPECIALTY), 0,
		    TS_RR_ITEM);
		values(b, t, members[nm++], &vc, 'N', "", 0, none, b->with, qw);
	}
	total = ts_rtable_row(t, "total", 5, L(b, RL_TOTAL), 0, TS_RR_TOTAL);
	values(b, t, total, &vc, 'W', "", 0, b->with, b->with, qw);
	sum_both(b, t, &vc, total, members, nm);
	free(members);
	free(it);
}

/* Cell COL of ROW shows "—": a month not reached (still a 0 in sums). */
static void
not_reached(struct bld *b, ts_rtable *t, size_t row, int col)
{
	ts_rcell *c;

	if (col < 0)
		return;
	c = &t->rows[row].cells[col];
	c->kind = TS_RK_NA;
	c->text = L(b, RL_NOT_REACHED);
	c->dep[0] = c->dep[1] = -1;
}

static void
build_months(struct bld *b)
{
	ts_rtable *t;
	struct vcols vc;
	struct item *it;
	size_t n, i, nm = 0, members[13], total, row;
	int m;

	if (!(b->a->have & H_MONTH)) {
		omitted(b, "month", RL_SEC_MONTHS);
		return;
	}
	it = collect(b, D_MONTH, &n);
	t = ts_rtable_add(b->r, "months", L(b, RL_MONTHS), "month", NULL,
	    L(b, RL_MONTH));
	vc = value_cols(b, t, 0, 1);
	for (m = 1; m <= 13; m++) {
		char key[16], mk[3];
		size_t mn = 0;
		int64_t v[2] = { 0, 0 };
		int found = 0;
		if (m < 13) {
			if (m >= 10)
				mk[mn++] = '1';
			mk[mn++] = (char)('0' + m % 10);
		}
		for (i = 0; i < n; i++)
			if (it[i].key.n == mn && memcmp(it[i].key.p, mk, mn) == 0) {
				v[0] = it[i].v[0].actions;
				v[1] = it[i].v[1].actions;
				found = 1;
			}
		if (m == 13 && (!found || (v[0] == 0 && v[1] == 0)))
			break;
		snprintf(key, sizeof(key), "%02d", m < 13 ? m : 0);
		row = ts_rtable_row(t, m < 13 ? key : "", m < 13 ? 2 : 0,
		    L(b, m < 13 ? RL_JAN + m - 1 : RL_NO_MONTH), 0, TS_RR_ITEM);
		if (b->cut && m > b->cut && m < 13) {
			/* Not compared: neither year has a figure here. */
			not_reached(b, t, row, vc.value);
			not_reached(b, t, row, vc.compare);
			not_reached(b, t, row, vc.change);
			continue;
		}
		values(b, t, row, &vc, 'M', mk, mn, v, NULL, NULL);
		members[nm++] = row;
		if (m < 13 && b->r->through > 0 && m > b->r->through / 100 % 100 &&
		    b->r->through / 100 % 100 > 0) {
			/* A month the report year has not reached: no 0, no
			 * -100 %. */
			not_reached(b, t, row, vc.value);
			not_reached(b, t, row, vc.change);
		}
	}
	total = ts_rtable_row(t, "total", 5, L(b, RL_TOTAL), 0, TS_RR_TOTAL);
	values(b, t, total, &vc, 'T', "", 0, b->tot, NULL, NULL);
	sum_both(b, t, &vc, total, members, nm);
	free(it);
}

/*
 * Cell COL of ROW: attendees V, or "n.d." when they are not KNOWN
 * (telestat-records(5), "Attendees": unknown, not 0). YEAR and KEY name
 * the quantity, as quant().
 */
static void
attendees_cell(struct bld *b, ts_rtable *t, size_t row, int col, int known,
    int64_t v, int year, ts_str key)
{
	if (known)
		cell_int(t, row, col, v, quant(b, 'A', year, key.p, key.n, v));
	else
		not_available(b, t, row, col);
}

/* Sessions and attendees of the categories without a patient. */
static void
build_activities(struct bld *b, struct item *cats, size_t ncats)
{
	ts_rtable *t;
	size_t i, nm = 0, *members, total;
	int cs, ca = -1, ccs = -1, cca = -1, y, sess_known = 0, att_known = 0;
	int tot_known[2] = { 0, 0 };
	int64_t tot_s[2] = { 0, 0 }, tot_a[2] = { 0, 0 };
	char *s;

	if (!(b->a->have & (H_SESSIONS | H_ATTENDEES))) {
		omitted(b, "sessions", RL_SEC_ACTIVITIES);
		return;
	}
	for (i = 0; i < ncats; i++) {
		if (cat_kind(b, cats[i].key) != CK_WITHOUT)
			continue;
		nm++;
		for (y = 0; y < 2; y++) {
			sess_known |= cats[i].v[y].sess_rows > 0;
			att_known |= cats[i].v[y].att_rows > 0;
		}
	}
	if (nm == 0)
		return;
	t = ts_rtable_add(b->r, "activities", L(b, RL_ACTIVITIES), "category",
	    NULL, L(b, RL_ACTIVITY));
	s = xasprintf(L(b, RL_SESSIONS), b->y);
	cs = (int)ts_rtable_col(t, "sessions", s, TS_RK_INT);
	free(s);
	/* Attendees nobody reported are unknown, not zero: no column. */
	if (att_known) {
		s = xasprintf(L(b, RL_ATTENDEES), b->y);
		ca = (int)ts_rtable_col(t, "attendees", s, TS_RK_INT);
		free(s);
	}
	if (b->c != 0) {
		s = xasprintf(L(b, RL_SESSIONS), b->c);
		ccs = (int)ts_rtable_col(t, "sessions_compare", s, TS_RK_INT);
		free(s);
		if (att_known) {
			s = xasprintf(L(b, RL_ATTENDEES), b->c);
			cca = (int)ts_rtable_col(t, "attendees_compare", s,
			    TS_RK_INT);
			free(s);
		}
	}
	if (!sess_known)
		ts_rtable_note(t, xstrdup(L(b, RL_NOTE_NO_SESSIONS)));
	/*
	 * Said whenever attendees are shown: from records or from their
	 * aggregate table alike, where a table's row may already sum
	 * records that gave some and records that gave none.
	 */
	ts_rtable_note(t, xstrdup(L(b, att_known ? RL_NOTE_ATTENDEES :
	    RL_NOTE_NO_ATTENDEES)));
	members = xmalloc(nm * sizeof(*members));
	nm = 0;
	for (i = 0; i < ncats; i++) {
		char *name;
		size_t row;
		if (cat_kind(b, cats[i].key) != CK_WITHOUT)
			continue;
		name = unesc_dup(cats[i].key);
		row = ts_rtable_row(t, name, strlen(name), cat_label(b, name), 0,
		    TS_RR_ITEM);
		for (y = 0; y < (b->c ? 2 : 1); y++) {
			const struct ts_racc *v = &cats[i].v[y];
			int year = y ? b->c : b->y;
			/* Sessions that are the category's actions are one cell. */
			char tag = v->sessions == v->actions ? 'C' : 'E';
			cell_int(t, row, y ? ccs : cs, v->sessions, quant(b, tag, year,
			    cats[i].key.p, cats[i].key.n, v->sessions));
			/* No rows at all: no session, so no attendee. */
			int known = v->att_rows > 0 || v->rows == 0;
			attendees_cell(b, t, row, y ? cca : ca, known,
			    v->attendees, year, cats[i].key);
			tot_s[y] += v->sessions;
			tot_a[y] += v->attendees;
			tot_known[y] |= known;
		}
		members[nm++] = row;
		free(name);
	}
	total = ts_rtable_row(t, "total", 5, L(b, RL_TOTAL), 0, TS_RR_TOTAL);
	for (y = 0; y < (b->c ? 2 : 1); y++) {
		int year = y ? b->c : b->y;
		char tag = tot_s[y] == b->without[y] ? 'S' : 'E';
		cell_int(t, total, y ? ccs : cs, tot_s[y],
		    quant(b, tag, year, "", 0, tot_s[y]));
		attendees_cell(b, t, total, y ? cca : ca, tot_known[y], tot_a[y],
		    year, (ts_str){ "", 0 });
	}
	sum_rows(b, t, cs, total, members, nm);
	sum_rows(b, t, ca, total, members, nm);
	sum_rows(b, t, ccs, total, members, nm);
	sum_rows(b, t, cca, total, members, nm);
	free(members);
}

/*
 * Duplicates that validate's summaries found. Rows repeated exactly are
 * in the figures (ingest does not look for them), said so. Repeated ids
 * or keys are what ingest finds too: shown only when no ingest summary
 * says what became of them, so that the same rows are not counted twice.
 */
static void
validate_dups(struct bld *b, ts_rtable *t, const struct ts_report_runs *r)
{
	if (r->have_validate_rows)
		fact(b, t, "validate_row_duplicates", L(b, RL_VALIDATE_DUP_ROWS),
		    r->validate_dup_rows, TS_RK_INT);
	if (r->have_validate_ids && !r->have_dups)
		fact(b, t, "validate_duplicates", L(b, RL_VALIDATE_DUPS),
		    r->validate_dup_ids, TS_RK_INT);
}

/*
 * What the runs before the report said, from --summary files
 * (telestat-summary(5)) and old ingest logs: rows read, rejected and
 * skipped by ingest, duplicates found and rejected.
 */
static void
quality_runs(struct bld *b, ts_rtable *t)
{
	struct ts_report_runs r;

	if (ts_report_runs_read(&b->a->opts, &r) != TS_EXIT_OK)
		b->failed = TS_EXIT_IO;
	if (!r.have_ingest) {
		ts_rtable_note(t, xstrdup(L(b, RL_NOTE_NO_INGEST_LOG)));
		validate_dups(b, t, &r);
		return;
	}
	fact(b, t, "ingest_read", L(b, RL_INGEST_READ), r.ingest_read,
	    TS_RK_INT);
	fact(b, t, "ingest_rejected", L(b, RL_INGEST_REJECTED), r.ingest_rejected,
	    TS_RK_INT);
	if (r.ingest_skipped > 0)
		fact(b, t, "ingest_skipped", L(b, RL_INGEST_SKIPPED),
		    r.ingest_skipped, TS_RK_INT);
	if (r.have_dups) {
		fact(b, t, "ingest_duplicates", L(b, RL_DUPLICATES_FOUND),
		    r.dup_found, TS_RK_INT);
		fact(b, t, "ingest_duplicates_rejected",
		    L(b, RL_DUPLICATES_REJECTED),
		    r.dup_rejected, TS_RK_INT);
		/* Rows repeated exactly without an id, or --duplicates keep:
		 * in the figures, and said so. */
		if (r.dup_found > r.dup_rejected)
			fact(b, t, "ingest_duplicates_kept", L(b, RL_DUPLICATES_KEPT),
			    r.dup_found - r.dup_rejected, TS_RK_INT);
	}
	validate_dups(b, t, &r);
}

static void
build_quality(struct bld *b, struct item *cats, size_t ncats)
{
	ts_report_acc *a = b->a;
	ts_rtable *t;
	struct ts_racc *yg = year_group(b, D_YEAR, b->y);
	int64_t uncl = 0;
	size_t i;
	char *s, *untyped = NULL;

	for (i = 0; i < ncats; i++) {
		if (cat_kind(b, cats[i].key) != CK_EXCLUDED)
			continue;
		uncl += cats[i].v[0].count;
		if (!ts_str_eq(cats[i].key, "unclassified")) {
			char *k = unesc_dup(cats[i].key);
			char *u = xasprintf("%s%s%s", untyped ? untyped : "",
			    untyped ? ", " : "", k);
			free(untyped);
			free(k);
			untyped = u;
		}
	}
	t = ts_rtable_add(b->r, "quality", L(b, RL_QUALITY), "item", NULL,
	    L(b, RL_ITEM));
	ts_rtable_col(t, "value", L(b, RL_VALUE), TS_RK_INT);
	fact(b, t, "rows_read", L(b, RL_ROWS_READ), a->rows_read, TS_RK_INT);
	fact(b, t, "rows_rejected", L(b, RL_ROWS_REJECTED), a->rows_rejected,
	    TS_RK_INT);
	s = xasprintf(L(b, RL_ROWS_YEAR), b->y);
	fact(b, t, "rows_year", s, yg ? yg->rows : 0, TS_RK_INT);
	free(s);
	if (a->have & H_RECORDS)
		fact(b, t, "records", L(b, RL_RECORDS_AGG), yg ? yg->records : 0,
		    TS_RK_INT);
	quality_runs(b, t);
	s = xasprintf(L(b, RL_UNCLASSIFIED), b->y);
	fact(b, t, "unclassified", s, uncl, TS_RK_INT);
	free(s);
	if (uncl + b->tot[0] > 0)
		fact(b, t, "unclassified_pct", L(b, RL_UNCLASSIFIED_PCT),
		    ts_pct_tenths(uncl, uncl + b->tot[0]), TS_RK_PCT);
	ts_rtable_note(t, xstrdup(L(b, RL_NOTE_UNCL_SHARE)));
	if (untyped != NULL) {
		ts_rtable_note(t, xasprintf(L(b, RL_NOTE_UNTYPED), untyped));
		free(untyped);
	}
	if (!(a->have & H_SERVICE)) {
		omitted(b, "service", RL_SEC_LABELS);
	} else if (uncl > 0) {
		struct item *it;
		size_t n, shown = 0;
		ts_rtable *u;
		int vcol, scol;

		it = collect(b, D_UNCL, &n);
		sort_items(it, n, by_actions);
		u = ts_rtable_add(b->r, "unclassified_labels",
		    L(b, RL_UNCLASSIFIED_LABELS), "service", NULL, L(b, RL_LABEL));
		s = year_str(b->y);
		vcol = (int)ts_rtable_col(u, "value", s, TS_RK_INT);
		free(s);
		scol = (int)ts_rtable_col(u, "share_pct", L(b, RL_SHARE), TS_RK_PCT);
		for (i = 0; i < n && shown < a->opts.top; i++) {
			char *key;
			size_t row;
			if (it[i].v[0].actions == 0)
				continue;
			key = unesc_dup(it[i].key);
			row = ts_rtable_row(u, key, strlen(key),
			    *key ? key : L(b, RL_NO_LABEL), 0, TS_RR_ITEM);
			cell_int(u, row, vcol, it[i].v[0].actions, -1);
			cell_derived(u, row, scol, TS_RK_PCT,
			    ts_pct_tenths(it[i].v[0].actions, uncl), -1, -1);
			shown++;
			free(key);
		}
		free(it);
	}
}

/* Years present, for messages: "2020, 2021". Caller frees. */
static char *
years_present(ts_report_acc *a)
{
	char *s = xstrdup("");
	int y;

	for (y = a->ymin; y > 0 && y <= a->ymax; y++) {
		struct ts_racc g;
		if (ts_racc_sum(a, D_YEAR, y, 0, "", 0, &g) && g.rows > 0) {
			char *t = xasprintf("%s%s%d", s, *s ? ", " : "", y);
			free(s);
			s = t;
		}
	}
	return s;
}

static int
year_has_rows(ts_report_acc *a, int y)
{
	struct ts_racc g;

	return ts_racc_sum(a, D_YEAR, y, 0, "", 0, &g) && g.rows > 0;
}

static void
subtitle(struct bld *b)
{
	ts_report_acc *a = b->a;
	char *s = b->cut ? xasprintf(L(b, RL_YEAR_TO_DATE), b->r->period[0],
	    b->r->period[1]) : b->c ? xasprintf(L(b, RL_COMPARED), b->c) :
	    xstrdup(L(b, RL_NO_COMPARE));
	char *t;

	if (a->have & H_SOURCE) {
		struct item *it;
		size_t n, i, k = 0;
		char *src = xstrdup("");
		it = collect(b, D_SRC, &n);
		sort_items(it, n, by_order);
		for (i = 0; i < n; i++) {
			char *v;
			if (!it[i].seen[0] || it[i].key.n == 0)
				continue;
			v = unesc_dup(it[i].key);
			t = xasprintf("%s%s%s", src, k++ ? ", " : "", v);
			free(v);
			free(src);
			src = t;
		}
		/*
		 * A source whose rows of the year all fall after the months
		 * compared (--through) is still a source of the year.
		 */
		for (i = 0; b->cut && i < b->r->nsources; i++) {
			size_t j;
			for (j = 0; j < n; j++)
				if (it[j].seen[0] && it[j].key.n ==
				    b->r->sources[i].key.n && memcmp(it[j].key.p,
				    b->r->sources[i].key.p, it[j].key.n) == 0)
					break;
			if (j < n)
				continue;
			t = xasprintf("%s%s%s", src, k++ ? ", " : "",
			    b->r->sources[i].name);
			free(src);
			src = t;
		}
		if (k > 0) {
			char *f = xasprintf(L(b, RL_SOURCE), src);
			t = xasprintf("%s. %s", s, f);
			free(f);
			free(s);
			s = t;
		}
		free(src);
		free(it);
	}
	if (a->opts.rollup != NULL) {
		char *f = xasprintf(L(b, RL_ROLLUP), a->opts.rollup);
		t = xasprintf("%s. %s", s, f);
		free(f);
		free(s);
		s = t;
	}
	if (b->r->through > 0) {
		/* "Datos hasta el 31/03/2026 (minsa: 28/02/2026; ...)" */
		char *d = date_str(b, b->r->through, 1), *f;
		size_t i;
		f = xasprintf(L(b, RL_THROUGH), d);
		free(d);
		if (b->r->nsources > 1) {
			for (i = 0; i < b->r->nsources; i++) {
				char *sd = date_str(b, b->r->sources[i].through, 0);
				t = xasprintf("%s%s%s: %s", f, i ? "; " : " (",
				    b->r->sources[i].name, sd);
				free(sd);
				free(f);
				f = t;
			}
			t = xasprintf("%s)", f);
			free(f);
			f = t;
		}
		t = xasprintf("%s. %s", s, f);
		free(f);
		free(s);
		s = t;
	}
	b->r->subtitle = xasprintf("%s.", s);
	free(s);
}

/*
 * Date D (see ts_racc.last) for people: "31/03/2026" / "31 Mar 2026",
 * "marzo de 2026" / "March 2026" when only the month is known, "2026".
 * ARTICLE puts "el " before a Spanish day.
 */
static char *
date_str(struct bld *b, int32_t d, int article)
{
	int y = d / 10000, m = d / 100 % 100, day = d % 100;
	const char *mn = m >= 1 && m <= 12 ? L(b, RL_JAN + m - 1) : "";

	if (m == 0)
		return xasprintf("%d", y);
	if (day == 0)
		return b->lang == TS_LANG_EN ? xasprintf("%s %d", mn, y) :
		    xasprintf("%s de %d", mn, y);
	if (b->lang == TS_LANG_EN)
		return xasprintf("%d %.3s %d", day, mn, y);
	return xasprintf("%s%02d/%02d/%d", article ? L(b, RL_THROUGH_ARTICLE) :
	    "", day, m, y);
}

/* The months 1..CUT of YEAR: "enero–marzo 2026", "enero 2026". */
static char *
period_str(struct bld *b, int year, int cut)
{
	if (cut == 1)
		return xasprintf("%s %d", L(b, RL_JAN), year);
	return xasprintf("%s\xe2\x80\x93%s %d", L(b, RL_JAN),
	    L(b, RL_JAN + cut - 1), year);
}

/* The month of date D as text ("marzo", "March"), or the year. */
static char *
month_str(struct bld *b, int32_t d)
{
	int m = d / 100 % 100;

	return m ? xstrdup(L(b, RL_JAN + m - 1)) : xasprintf("%d", d / 10000);
}

/*
 * Rows that only know their year (a pre-aggregated source with no
 * month) cannot be cut to the months compared: one note per source
 * saying how many rows of both years are left out.
 */
static void
no_month_note(struct bld *b)
{
	ts_report_acc *a = b->a;
	ts_map *seen = ts_map_new();
	int64_t *rows = NULL;
	size_t i, n;

	for (i = 0; i < ts_map_size(a->groups); i++) {
		ts_str k = ts_map_key(a->groups, (uint32_t)i);
		int year = ((unsigned char)k.p[1] << 8) | (unsigned char)k.p[2];
		uint32_t id;
		int ins;
		if ((unsigned char)k.p[0] != D_SRC || k.p[3] != 0 ||
		    (year != b->y && year != b->c) || a->g[i].rows == 0)
			continue;
		id = ts_map_intern(seen, k.p + TS_RKEY, k.n - TS_RKEY, &ins);
		if (ins) {
			rows = xreallocarray(rows, id + 1, sizeof(*rows));
			rows[id] = 0;
		}
		rows[id] += a->g[i].rows;
	}
	n = ts_map_size(seen);
	for (i = 0; i < n; i++) {
		char num[TS_NUMFMT_MAX], *src, *months;
		src = unesc_dup(ts_map_key(seen, (uint32_t)i));
		ts_numfmt_int(num, rows[i], b->lang);
		months = b->cut == 1 ? xstrdup(L(b, RL_JAN)) :
		    xasprintf("%s\xe2\x80\x93%s", L(b, RL_JAN),
		    L(b, RL_JAN + b->cut - 1));
		ts_report_note(b->r, xasprintf(L(b, RL_NOTE_CUT_NO_MONTH),
		    *src ? src : "?", num, months));
		free(months);
		free(src);
	}
	free(rows);
	ts_map_free(seen);
}

/*
 * How far the report year's data go, overall and per source; the
 * months compared (year to date when the report year is incomplete);
 * the notes that say so.
 */
static void
data_through(struct bld *b)
{
	ts_report_acc *a = b->a;
	const ts_report_opts *o = &a->opts;
	ts_report *r = b->r;
	struct ts_racc yt, ct;
	size_t i;
	int lastm, cmpm = 0;

	ts_racc_sum(a, D_YEAR, b->y, 0, "", 0, &yt);
	r->through = yt.last;
	lastm = (o->through ? o->through : yt.last) / 100 % 100;
	if (b->c) {
		ts_racc_sum(a, D_YEAR, b->c, 0, "", 0, &ct);
		cmpm = ct.last / 100 % 100;
	}
	/* Per source, in the order they were first seen. */
	for (i = 0; i < ts_map_size(a->groups); i++) {
		ts_str k = ts_map_key(a->groups, (uint32_t)i);
		int year = ((unsigned char)k.p[1] << 8) | (unsigned char)k.p[2];
		size_t j;
		if ((unsigned char)k.p[0] != D_SRC || year != b->y ||
		    k.n == TS_RKEY || a->g[i].rows == 0)
			continue;
		for (j = 0; j < r->nsources; j++)
			if (r->sources[j].key.n == k.n - TS_RKEY &&
			    memcmp(r->sources[j].key.p, k.p + TS_RKEY,
			    k.n - TS_RKEY) == 0)
				break;
		if (j == r->nsources) {
			r->sources = xreallocarray(r->sources, r->nsources + 1,
			    sizeof(*r->sources));
			r->sources[j].name = unesc_dup((ts_str){ k.p + TS_RKEY,
			    k.n - TS_RKEY });
			r->sources[j].through = 0;
			r->sources[j].key.p = k.p + TS_RKEY;
			r->sources[j].key.n = k.n - TS_RKEY;
			r->nsources++;
		}
		if (a->g[i].last > r->sources[j].through)
			r->sources[j].through = a->g[i].last;
	}
	if ((o->through || !o->full_year) && b->c && lastm >= 1 && lastm < 12)
		b->cut = lastm;
	r->cut = b->cut;
	/* Flagged in coverage: the report year's data stop months before
	 * the comparison year's. */
	r->partial = b->c && yt.last / 100 % 100 >= 1 &&
	    cmpm > yt.last / 100 % 100;
	if (b->cut) {
		char *upto = date_str(b, o->through ? o->through : r->through, 1);
		r->period[0] = period_str(b, b->y, b->cut);
		r->period[1] = period_str(b, b->c, b->cut);
		ts_report_note(r, xasprintf(L(b, o->through ? RL_NOTE_THROUGH :
		    RL_NOTE_CUT), b->y, upto,
		    r->period[0], r->period[1]));
		free(upto);
		no_month_note(b);
	} else if (o->full_year && b->c && lastm >= 1 && lastm < 12) {
		char *upto = date_str(b, r->through, 0);
		ts_report_note(r, xasprintf(L(b, RL_NOTE_FULL_YEAR), b->y, upto));
		free(upto);
	}
}

/* Masks cells whose quantity, or a quantity they derive from, is masked. */
static void
apply_masks(struct bld *b)
{
	ts_report *r = b->r;
	size_t i, j, k;

	for (i = 0; i < r->ntables; i++) {
		ts_rtable *t = r->tables[i];
		for (j = 0; j < t->nrows; j++)
			for (k = 0; k < t->ncols; k++) {
				ts_rcell *c = &t->rows[j].cells[k];
				int own = c->q >= 0 ?
				    ts_supp_state(b->supp, (uint32_t)c->q) : 0;
				if (own == TS_SUPP_PRIMARY)
					c->masked = 1;
				else if (own || (c->dep[0] >= 0 &&
				    ts_supp_state(b->supp, (uint32_t)c->dep[0])) ||
				    (c->dep[1] >= 0 &&
				    ts_supp_state(b->supp, (uint32_t)c->dep[1])))
					c->masked = 2;
			}
	}
}

/* Frees what the build made; *STATUS is why it failed. Returns NULL. */
static ts_report *
build_failed(struct bld *b, struct item *cats, int *status)
{
	free(cats);
	ts_report_levels_free(b->levels);
	ts_spec_labels_free(b->spec_labels);
	ts_supp_free(b->supp);
	ts_map_free(b->qmap);
	ts_report_free(b->r);
	*status = b->failed;
	return NULL;
}

ts_report *
ts_report_build(ts_report_acc *a, int *status)
{
	struct bld b;
	ts_error e;
	struct item *cats;
	size_t ncats, i;
	ts_report *r;
	const ts_report_opts *o = &a->opts;

	memset(&b, 0, sizeof(b));
	b.a = a;
	b.lang = o->lang;
	*status = TS_EXIT_DATA;
	if (o->year != 0) {
		if (!year_has_rows(a, o->year)) {
			char *yp = years_present(a);
			if (*yp)
				ts_warn("no records for %d (years present: %s)",
				    o->year, yp);
			else
				ts_warn("no records to report");
			free(yp);
			return NULL;
		}
		b.y = o->year;
	} else if (o->through != 0) {
		b.y = o->through / 10000;
		if (!year_has_rows(a, b.y)) {
			char *yp = years_present(a);
			ts_warn("no records for %d (years present: %s)", b.y, yp);
			free(yp);
			return NULL;
		}
	} else {
		int y;
		for (y = a->ymax; y > 0 && !year_has_rows(a, y); y--)
			;
		if (y <= 0) {
			ts_warn("no records to report");
			return NULL;
		}
		b.y = y;
	}
	if (o->compare > 0) {
		if (!year_has_rows(a, o->compare)) {
			char *yp = years_present(a);
			ts_warn("no records for comparison year %d (years present: %s)",
			    o->compare, yp);
			free(yp);
			return NULL;
		}
		b.c = o->compare;
	} else if (o->compare == 0 && b.y > 1 && year_has_rows(a, b.y - 1)) {
		b.c = b.y - 1;
	}
	if (b.c == b.y)
		b.c = 0;

	if ((a->have & H_SPEC) || o->specialty_labels != NULL) {
		if ((b.spec_labels = ts_spec_labels_load(o->specialty_labels,
		    &e)) == NULL) {
			ts_warn("%s", e.msg);
			*status = e.status;
			return NULL;
		}
	}
	r = xcalloc(1, sizeof(*r));
	b.r = r;
	r->lang = o->lang;
	r->year = b.y;
	r->compare = b.c;
	r->rollup = o->rollup ? xstrdup(o->rollup) : NULL;
	r->suppress = o->suppress;
	r->title = xasprintf(ts_rl(b.lang, RL_TITLE), b.y);
	b.supp = ts_supp_new();
	b.qmap = ts_map_new();
	if ((b.levels = ts_report_levels_fold(a, &e)) == NULL)
		b.failed = ts_error_warn(&e);
	else
		data_through(&b);
	if (b.failed)
		return build_failed(&b, NULL, status);

	cats = collect(&b, D_CAT, &ncats);
	for (i = 0; i < ncats; i++) {
		int k = cat_kind(&b, cats[i].key), y;
		for (y = 0; y < 2; y++) {
			if (k == CK_WITH)
				b.with[y] += cats[i].v[y].actions;
			else if (k == CK_WITHOUT)
				b.without[y] += cats[i].v[y].actions;
		}
	}
	b.tot[0] = b.with[0] + b.without[0];
	b.tot[1] = b.with[1] + b.without[1];

	subtitle(&b);
	build_summary(&b);
	build_categories(&b, cats, ncats);
	build_years(&b);
	build_patients(&b);
	build_people(&b);
	build_regions(&b);
	if (!(a->have & H_INST))
		omitted(&b, "institution", RL_SEC_INSTITUTIONS);
	else if (!empty_column(&b, D_INST, "institution", RL_SEC_INSTITUTIONS))
		build_by(&b, D_INST, "institutions", RL_INSTITUTIONS, "institution",
		    -1, RL_INSTITUTION, RL_NO_INSTITUTION, NULL, 'I');
	build_specialties(&b);
	build_months(&b);
	build_activities(&b, cats, ncats);
	if ((a->have & H_REGION) && find_table(r, "regions") != NULL)
		build_coverage(&b);
	build_quality(&b, cats, ncats);
	a->levels = b.levels;
	if (b.failed == TS_EXIT_OK)
		b.failed = ts_report_figures(r, a);
	if (b.failed)
		return build_failed(&b, cats, status);

	/* Notes that apply to the whole report come last, in this order. */
	{
		char **kept = r->notes;
		size_t nkept = r->nnotes;
		r->notes = NULL;
		r->nnotes = 0;
		ts_report_note(r, xstrdup(ts_rl(b.lang, RL_NOTE_TOTAL)));
		if (o->rollup != NULL) {
			size_t n = ts_taxonomy_count(a->tax);
			for (i = 0; i < n; i++) {
				const char *c = ts_taxonomy_at(a->tax, i)->name;
				const char *p = ts_taxonomy_parent(a->tax, o->rollup, c);
				if (strcmp(p, c) != 0)
					ts_report_note(r, xasprintf(
					    ts_rl(b.lang, RL_NOTE_ROLLUP),
					    cat_label(&b, c), cat_label(&b, p)));
			}
		}
		for (i = 0; i < nkept; i++)
			ts_report_note(r, kept[i]);
		free(kept);
	}
	if (o->suppress > 0) {
		ts_supp_run(b.supp, o->suppress);
		apply_masks(&b);
		r->masked_primary = ts_supp_count(b.supp, TS_SUPP_PRIMARY);
		r->masked_complement = ts_supp_count(b.supp, TS_SUPP_COMPLEMENT);
		ts_report_note(r, xasprintf(ts_rl(b.lang, RL_NOTE_SUPPRESS),
		    (long long)o->suppress, (long long)o->suppress,
		    r->masked_primary, r->masked_complement));
	}
	ts_report_present(r, o);
	free(cats);
	ts_report_levels_free(b.levels);
	ts_spec_labels_free(b.spec_labels);
	ts_supp_free(b.supp);
	ts_map_free(b.qmap);
	*status = TS_EXIT_OK;
	return r;
}
