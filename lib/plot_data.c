/* plot_data.c - the cells a chart reads its numbers from; see plot.h. */
#include "plot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot_int.h"
#include "report_levels.h"
#include "strmap.h"
#include "util.h"

static uint64_t
mix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* Adds KEY; returns 1 when it was not there yet. */
static int
pairset_add(struct ts_plot_pairset *s, uint64_t key)
{
	size_t i;

	key += 1;
	if (s->slots == NULL || (s->n + 1) * 4 > (s->mask + 1) * 3) {
		size_t cap = s->slots ? (s->mask + 1) * 2 : 1024, j;
		uint64_t *old = s->slots, *nw = xcalloc(cap, sizeof(*nw));
		for (j = 0; old && j <= s->mask; j++) {
			size_t k;
			if (old[j] == 0)
				continue;
			for (k = mix64(old[j]) & (cap - 1); nw[k] != 0;
			    k = (k + 1) & (cap - 1))
				;
			nw[k] = old[j];
		}
		free(old);
		s->slots = nw;
		s->mask = cap - 1;
	}
	for (i = mix64(key) & s->mask; s->slots[i] != 0; i = (i + 1) & s->mask)
		if (s->slots[i] == key)
			return 0;
	s->slots[i] = key;
	s->n++;
	return 1;
}

static void
pack(char *k, int year, int month, uint32_t sid)
{
	int32_t y = year, m = month;

	memcpy(k, &y, 4);
	memcpy(k + 4, &m, 4);
	memcpy(k + 8, &sid, 4);
}

ts_plot_data *
ts_plot_data_new(void)
{
	ts_plot_data *d = xcalloc(1, sizeof(*d));
	int i;

	d->series = ts_map_new();
	for (i = 0; i < NLEVELS; i++)
		d->lv[i].keys = ts_map_new();
	d->levels = (1u << NLEVELS) - 1;
	return d;
}

void
ts_plot_data_free(ts_plot_data *d)
{
	int i;

	if (d == NULL)
		return;
	ts_map_free(d->series);
	for (i = 0; i < NLEVELS; i++) {
		ts_map_free(d->lv[i].keys);
		free(d->lv[i].v);
		free(d->lv[i].rows);
		free(d->lv[i].known);
	}
	if (d->items != NULL)
		ts_map_free(d->items);
	for (i = 0; i < NLEVELS; i++)
		free(d->seen[i].slots);
	if (d->srcreg != NULL)
		ts_map_free(d->srcreg);
	free(d);
}

static uint32_t
level_cell(struct ts_plot_level *l, int year, int month, uint32_t sid)
{
	char k[KEYLEN];
	uint32_t id;
	int ins;

	pack(k, year, month, sid);
	id = ts_map_intern(l->keys, k, KEYLEN, &ins);
	if (id >= l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		l->v = xreallocarray(l->v, cap, sizeof(*l->v));
		l->rows = xreallocarray(l->rows, cap, sizeof(*l->rows));
		l->known = xreallocarray(l->known, cap, sizeof(*l->known));
		l->cap = cap;
	}
	if (ins) {
		l->v[id] = 0;
		l->rows[id] = 0;
		l->known[id] = 0;
	}
	return id;
}

static void
note_time(ts_plot_data *d, int year, int month)
{
	if (year > 0) {
		if (!d->has_year || year < d->miny)
			d->miny = year;
		if (!d->has_year || year > d->maxy)
			d->maxy = year;
		d->has_year = 1;
	}
	if (month > 0)
		d->has_month = 1;
}

/* The cell coordinates of level L. */
static void
level_coords(int l, int *year, int *month)
{
	if (l >= 1)
		*month = 0;
	if (l == 2)
		*year = 0;
}

void
ts_plot_data_add(ts_plot_data *d, int year, int month, const char *series,
    size_t n, double v)
{
	uint32_t sid = ts_map_intern(d->series, series, n, NULL);
	int l;

	note_time(d, year, month);
	d->nrows++;
	for (l = 0; l < NLEVELS; l++) {
		int y = year, m = month;
		uint32_t id;

		level_coords(l, &y, &m);
		id = level_cell(&d->lv[l], y, m, sid);
		d->lv[l].rows[id]++;
		if (!isnan(v)) {
			d->lv[l].v[id] += v;
			d->lv[l].known[id]++;
		}
	}
}

void
ts_plot_data_add_distinct(ts_plot_data *d, int year, int month,
    const char *series, size_t n, const char *item, size_t itemlen)
{
	uint32_t sid = ts_map_intern(d->series, series, n, NULL), iid;
	int l;

	if (d->items == NULL)
		d->items = ts_map_new();
	d->nonadditive = 1;
	iid = ts_map_intern(d->items, item, itemlen, NULL);
	note_time(d, year, month);
	d->nrows++;
	for (l = 0; l < NLEVELS; l++) {
		int y = year, m = month;
		uint32_t id;

		level_coords(l, &y, &m);
		id = level_cell(&d->lv[l], y, m, sid);
		d->lv[l].rows[id]++;
		d->lv[l].known[id]++;
		if ((d->levels & (1u << l)) &&
		    pairset_add(&d->seen[l], (uint64_t)id << 32 | iid))
			d->lv[l].v[id] += 1;
	}
}

void
ts_plot_data_source_region(ts_plot_data *d, ts_str source, ts_str region)
{
	char buf[256];

	if (source.n + 1 + region.n > sizeof(buf))
		return;     /* no region code is that long */
	if (d->srcreg == NULL)
		d->srcreg = ts_map_new();
	memcpy(buf, source.p, source.n);
	buf[source.n] = '\x1f';
	memcpy(buf + source.n + 1, region.p, region.n);
	ts_map_intern(d->srcreg, buf, source.n + 1 + region.n, NULL);
}

/* Adds the cells of series FROM to those of series TO, at every level. */
static void
fold_series(ts_plot_data *d, uint32_t from, uint32_t to)
{
	int l;

	for (l = 0; l < NLEVELS; l++) {
		struct ts_plot_level *lv = &d->lv[l];
		size_t i, n = ts_map_size(lv->keys);
		for (i = 0; i < n; i++) {
			struct ts_plot_cellkey k = ts_plot_cellkey_unpack(
			    ts_map_key(lv->keys, (uint32_t)i));
			uint32_t id;
			if (k.sid != from)
				continue;
			id = level_cell(lv, k.year, k.month, to);
			lv->v[id] += lv->v[i];
			lv->rows[id] += lv->rows[i];
			lv->known[id] += lv->known[i];
			lv->v[i] = 0;
			lv->rows[i] = 0;
			lv->known[i] = 0;
		}
	}
}

int
ts_plot_data_fold_regions(ts_plot_data *d, char **note, ts_error *e)
{
	ts_report_levels *l;
	char *msg = NULL, *t;
	size_t i;

	*note = NULL;
	if (d->srcreg == NULL)
		return 0;
	if ((l = ts_report_levels_decide(d->srcreg, e)) == NULL)
		return -1;
	for (i = 0; i < l->n; i++) {
		int64_t from = ts_map_find(d->series, l->child[i],
		    strlen(l->child[i]));
		if (from < 0)
			continue;
		if (d->nonadditive) {
			t = xasprintf("%s%s%s kept apart from %s, unlike telestat"
			    " report: distinct counts cannot be added", msg ? msg :
			    "", msg ? "; " : "",
			    l->child[i], l->parent[i]);
		} else {
			fold_series(d, (uint32_t)from, ts_map_intern(d->series,
			    l->parent[i], strlen(l->parent[i]), NULL));
			t = xasprintf("%s%s%s counted within %s, as in telestat"
			    " report", msg ? msg : "",
			    msg ? "; " : "", l->child[i], l->parent[i]);
		}
		free(msg);
		msg = t;
	}
	ts_report_levels_free(l);
	*note = msg;
	return 0;
}

void
ts_plot_data_count_levels(ts_plot_data *d, int kind, int x)
{
	if (kind == TS_CHART_BARS)
		d->levels = 1u << 2;
	else if (x == TS_X_YEAR)
		d->levels = 1u << 1;
	else if (x == TS_X_MONTH)
		d->levels = 1u << 0;
	else
		d->levels = (1u << 0) | (1u << 1);
}

void
ts_plot_data_set_distinct(ts_plot_data *d)
{
	d->distinct = 1;
	d->nonadditive = 1;
}

uint64_t
ts_plot_data_rows(const ts_plot_data *d)
{
	return d->nrows;
}

int
ts_plot_data_min_year(const ts_plot_data *d)
{
	return d->has_year ? d->miny : 0;
}

int
ts_plot_data_max_year(const ts_plot_data *d)
{
	return d->has_year ? d->maxy : 0;
}

int
ts_plot_data_has_month(const ts_plot_data *d)
{
	return d->has_month;
}

int
ts_plot_data_has_year(const ts_plot_data *d)
{
	return d->has_year;
}

