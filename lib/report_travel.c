/*
 * report_travel.c - avoided travel, an estimate.
 *
 * A patient's day with attentions of a travel category
 * (--travel-categories; by default teleconsulta, teleinterconsulta,
 * teleapoyo_diagnostico, telemonitoreo) in the months compared stands for
 * one round trip the patient did not make, however many acts or readings
 * the day holds (a telemonitoring program sends readings daily; the
 * patient would not have travelled daily): at most one trip per patient,
 * day and category. Actions without a patient pseudonym or a full date
 * (pre-aggregated counts, tables) cannot be told apart into patients'
 * days: each counts one trip (a consultation is a visit), except those of
 * telemonitoreo, whose counts are readings, not visits: they count none,
 * and a note says how many they are. A trip goes from where the patient is (the facility's coordinates in
 * --facilities, else the capital of the row's region, from
 * share/regions/capitals-<country>.tsv) to the hub where the specialist
 * is (--hub NAME=LAT,LON for rows whose institution or source is NAME;
 * --hub LAT,LON or, by default, the national referral centre: Lima for
 * Peru, Ciudad de México for Mexico). Distance: great circle (haversine,
 * mean Earth radius 6 371.0088 km) times --road-factor (1.3), both ways;
 * hours at --speed (50 km/h); cost = km x --cost-per-km + trips x
 * --cost-per-trip. Trips under 1 km (a patient at the hub's own city,
 * placed at its capital) are not counted.
 */
#include "report_acc.h"
#include "report_figures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "paths.h"
#include "report_levels.h"

struct place {
	double lat, lon;
	int ok;
};

struct tsum {
	char *key;
	double trips, km;
};

static double
haversine(double lat1, double lon1, double lat2, double lon2)
{
	const double rad = M_PI / 180, r = 6371.0088;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double a = sin(dlat / 2) * sin(dlat / 2) +
	    cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);

	return 2 * r * atan2(sqrt(a), sqrt(1 - a));
}

/* Coordinates of row I of T (columns LAT, LON). */
static struct place
side_place(const ts_side *t, size_t i, int lat, int lon)
{
	struct place p = { 0, 0, 0 };

	p.ok = ts_side_real(ts_side_get(t, i, lat), &p.lat) == 0 &&
	    ts_side_real(ts_side_get(t, i, lon), &p.lon) == 0;
	return p;
}

static struct tsum *
sum_for(struct tsum **v, size_t *n, const char *key)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i].key, key) == 0)
			return &(*v)[i];
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[*n].key = xstrdup(key);
	(*v)[*n].trips = (*v)[*n].km = 0;
	return &(*v)[(*n)++];
}

static int
by_trips(const void *pa, const void *pb)
{
	const struct tsum *x = pa, *y = pb;

	if (x->trips != y->trips)
		return x->trips < y->trips ? 1 : -1;
	return strcmp(x->key, y->key);
}

/* The label a table of R gives to KEY (regions, categories), or KEY. */
static const char *
label_of(const ts_report *r, const char *table, const char *key)
{
	size_t i, j;

	for (i = 0; i < r->ntables; i++) {
		const ts_rtable *t = r->tables[i];
		if (strcmp(t->id, table) != 0)
			continue;
		for (j = 0; j < t->nrows; j++)
			if (strcmp(t->rows[j].key, key) == 0)
				return t->rows[j].label;
	}
	return key;
}

static int64_t
round64(double v)
{
	return (int64_t)(v + 0.5);
}

static void
write_table(struct ts_rfctx *x, const char *id, int title, const char *key_id,
    int key_label, int label_label, struct tsum *v, size_t n,
    const char *label_table)
{
	ts_report *r = x->r;
	const ts_report_opts *o = x->o;
	int cost = o->cost_per_km > 0 || o->cost_per_trip > 0, masked = 0;
	ts_rtable *t = ts_rtable_add(r, id, ts_rfl(x->lang, title), key_id,
	    key_label >= 0 ? ts_rfl(x->lang, key_label) : NULL,
	    ts_rfl(x->lang, label_label));
	double tt = 0, tk = 0;
	size_t i, row;
	int c;

	ts_rtable_col(t, "trips", ts_rfl(x->lang, FL_TRIPS), TS_RK_INT);
	ts_rtable_col(t, "km", ts_rfl(x->lang, FL_KM), TS_RK_INT);
	ts_rtable_col(t, "hours", ts_rfl(x->lang, FL_HOURS), TS_RK_INT);
	if (cost) {
		char *s = xasprintf(ts_rfl(x->lang, FL_COST),
		    o->currency ? o->currency : "");
		if (o->currency == NULL)
			s[strlen(s) - 3] = '\0';	/* "Cost ()" -> "Cost" */
		ts_rtable_col(t, "cost", s, TS_RK_INT);
		free(s);
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), by_trips);
	for (i = 0; i <= n; i++) {
		double trips = i < n ? v[i].trips : tt, km = i < n ? v[i].km : tk;
		if (i < n) {
			row = ts_rtable_row(t, v[i].key, strlen(v[i].key),
			    label_of(r, label_table, v[i].key), 0, TS_RR_ITEM);
			tt += trips;
			tk += km;
		} else {
			row = ts_rtable_row(t, "total", 5, ts_rfl(x->lang, FL_TOTAL), 0,
			    TS_RR_TOTAL);
		}
		ts_rfig_cell_int(t, row, 0, round64(trips));
		ts_rfig_cell_int(t, row, 1, round64(km));
		ts_rfig_cell_int(t, row, 2, round64(km / o->speed_kmh));
		if (cost)
			ts_rfig_cell_int(t, row, 3, round64(km * o->cost_per_km +
			    trips * o->cost_per_trip));
		ts_rfig_mask(r, t, row, 0);
		/* A masked count of trips hides what is computed from it; and
		 * the total, which would give it back. */
		if (t->rows[row].cells[0].masked || (i == n && masked)) {
			masked = 1;
			for (c = 0; c < (int)t->ncols; c++)
				if (!t->rows[row].cells[c].masked)
					t->rows[row].cells[c].masked = 2;
		}
	}
}

/* What the estimate reads and sums, from the tables to the notes. */
struct travel {
	ts_side *caps;			/* region capitals, or NULL */
	int clat, clon, ciso;		/* their columns */
	ts_map *facpos;			/* facility code -> index in fp */
	struct place *fp;
	struct place hub0;		/* the default hub */
	const char *hubname;		/* its city, from caps */
	struct tsum *byreg, *bycat;
	size_t nreg, ncat;
	int64_t noplace, anon;
};

/* The year of a travel key (its first two bytes). */
static int
key_year(ts_str k)
{
	return ((unsigned char)k.p[0] << 8) | (unsigned char)k.p[1];
}

static int
year_has_travel(const ts_rfig *f, int year)
{
	size_t i;

	for (i = 0; i < ts_map_size(f->trav); i++)
		if (key_year(ts_map_key(f->trav, (uint32_t)i)) == year)
			return 1;
	return 0;
}

/* share/regions/capitals-<country>.tsv, when there is one. */
static int
load_capitals(struct ts_rfctx *x, struct travel *t)
{
	static const char *const ci[] = { "iso", NULL };
	static const char *const cla[] = { "lat", NULL };
	static const char *const clo[] = { "lon", NULL };
	char rel[40], *path;
	ts_error e;

	if (x->cc[0] == '\0')
		return 0;
	snprintf(rel, sizeof(rel), "regions/capitals-%c%c.tsv",
	    x->cc[0] | 0x20, x->cc[1] | 0x20);
	if ((path = ts_share_path(rel)) == NULL)
		return 0;
	if ((t->caps = ts_side_load(path, &e)) == NULL) {
		/* An installed table that cannot be read (EIO, a bad line) is
		 * no estimate with a hub left out: the report stops with the
		 * table's status. */
		ts_warn("%s", e.msg);
		free(path);
		return e.status;
	}
	t->ciso = ts_side_col(t->caps, ci);
	t->clat = ts_side_col(t->caps, cla);
	t->clon = ts_side_col(t->caps, clo);
	free(path);
	return 0;
}

/* The default hub: --hub LAT,LON, else the national referral centre's
 * city. */
static void
find_default_hub(struct ts_rfctx *x, struct travel *t)
{
	const ts_rfig *f = x->f;
	const char *code;
	size_t i;

	if (f->hubs[0].given) {
		t->hub0.lat = f->hubs[0].lat;
		t->hub0.lon = f->hubs[0].lon;
		t->hub0.ok = 1;
		return;
	}
	if (t->caps == NULL)
		return;
	code = strcmp(x->cc, "MX") == 0 ? "MX-CMX" : "PE-LMA";
	for (i = 0; i < ts_side_rows(t->caps); i++)
		if (strcmp(ts_side_get(t->caps, i, t->ciso), code) == 0) {
			static const char *const cn[] = { "capital", NULL };
			t->hub0 = side_place(t->caps, i, t->clat, t->clon);
			t->hubname = ts_side_get(t->caps, i,
			    ts_side_col(t->caps, cn));
		}
}

/* The coordinates of every facility of --facilities, by code. */
static void
index_facilities(struct ts_rfctx *x, struct travel *t)
{
	size_t i;

	if (x->facilities == NULL || x->fac_lat < 0 || x->fac_lon < 0)
		return;
	t->facpos = ts_map_new();
	t->fp = xcalloc(ts_side_rows(x->facilities) + 1, sizeof(*t->fp));
	for (i = 0; i < ts_side_rows(x->facilities); i++) {
		const char *c = ts_side_get(x->facilities, i, x->fac_code);
		int ins;
		uint32_t id = ts_map_intern(t->facpos, c, strlen(c), &ins);
		if (ins)
			t->fp[id] = side_place(x->facilities, i, x->fac_lat,
			    x->fac_lon);
	}
}

/* Where the patients of a key are: their facility, else the capital of
 * their region. */
static struct place
patient_place(struct ts_rfctx *x, const struct travel *t, ts_str fac,
    const char *region)
{
	const struct ts_report_levels *lv = x->a->levels;
	struct place from = { 0, 0, 0 };
	const char *at = region;
	size_t j;

	if (t->facpos != NULL && fac.n > 0) {
		char *fc = ts_rfig_str(fac);
		int64_t id = ts_map_find(t->facpos, fc, strlen(fc));
		if (id >= 0)
			from = t->fp[id];
		free(fc);
	}
	if (from.ok || t->caps == NULL || *region == '\0')
		return from;
	/* A region its children are folded into stands for the whole (the
	 * department of Lima, not the Lima region): its patients are placed
	 * at the child's capital (Lima). */
	for (j = 0; lv != NULL && j < lv->n; j++)
		if (strcmp(lv->parent[j], region) == 0)
			at = lv->child[j];
	for (j = 0; j < ts_side_rows(t->caps); j++)
		if (strcmp(ts_side_get(t->caps, j, t->ciso), at) == 0)
			from = side_place(t->caps, j, t->clat, t->clon);
	return from;
}

/* The trips and km of travel key i (year, category, hub, region,
 * facility) in the months compared, added to the sums by region and by
 * category. */
static void
sum_key(struct ts_rfctx *x, struct travel *t, size_t i, const uint64_t *days,
    size_t ndays)
{
	ts_report *r = x->r;
	const ts_rfig *f = x->f;
	const struct ts_report_levels *lv = x->a->levels;
	int upto = ts_rfig_upto(r);
	ts_str k = ts_map_key(f->trav, (uint32_t)i);
	int cid = (unsigned char)k.p[2], h = (unsigned char)k.p[3], m;
	const char *rs = k.p + 4, *sep = memchr(rs, '\x1f', k.n - 4);
	size_t rn = (size_t)(sep - rs), j;
	ts_str fac = { sep + 1, k.n - 4 - rn - 1 }, reg = { rs, rn };
	struct place from, to;
	double d, trips = 0, km;
	int64_t acts = 0, noday = 0;
	char *region;
	const char *shown;
	ts_str cat = ts_map_key(f->tcats, (uint32_t)cid);
	struct tsum *s;

	if (key_year(k) != r->year)
		return;
	for (m = r->cut ? 1 : 0; m <= (r->cut ? upto : 12); m++) {
		size_t g = i * 13 + (size_t)m;
		acts += f->trav_months[i].m[m];
		noday += f->trav_anon[i].m[m];
		if (g < ndays)
			trips += (double)days[g];
	}
	if (acts == 0)
		return;
	/* Counted acts are visits; counted readings are not. */
	if (!ts_str_eq(cat, "telemonitoreo")) {
		trips += (double)noday;
		noday = 0;
	}
	region = ts_rfig_str(reg);
	from = patient_place(x, t, fac, region);
	to = h > 0 ? (struct place){ f->hubs[h].lat, f->hubs[h].lon, 1 } :
	    t->hub0;
	if (!from.ok || !to.ok) {
		t->noplace += acts;
		free(region);
		return;
	}
	t->anon += noday;
	d = haversine(from.lat, from.lon, to.lat, to.lon);
	if (d >= 1 && trips > 0) {
		km = trips * d * x->o->road_factor * 2;
		/* Shown at the level the report shows regions. */
		shown = region;
		for (j = 0; lv != NULL && j < lv->n; j++)
			if (strcmp(lv->child[j], region) == 0)
				shown = lv->parent[j];
		s = sum_for(&t->byreg, &t->nreg, *shown ? shown : "");
		s->trips += trips;
		s->km += km;
		s = sum_for(&t->bycat, &t->ncat, cat.p);
		s->trips += trips;
		s->km += km;
	}
	free(region);
}

/* More keys than the figures keep: a table that says so, no estimate. */
static void
write_bound_table(struct ts_rfctx *x)
{
	ts_report *r = x->r;
	ts_rtable *t = ts_rtable_add(r, "travel", ts_rfl(x->lang, FL_TRAVEL),
	    "region", ts_rfl(x->lang, FL_CODE), ts_rfl(x->lang, FL_REGION));
	size_t row;

	ts_rtable_col(t, "trips", ts_rfl(x->lang, FL_TRIPS), TS_RK_INT);
	row = ts_rtable_row(t, "total", 5, ts_rfl(x->lang, FL_TOTAL), 0,
	    TS_RR_TOTAL);
	ts_rfig_cell_na(r, t, row, 0);
	ts_rtable_note(t, xasprintf(ts_rfl(x->lang, FL_NOTE_TRAVEL_BOUND),
	    TS_RFIG_MAX_KEYS));
}

/* A decimal comma in Spanish. */
static void
decimal_comma(char *s, int lang)
{
	if (lang != TS_LANG_ES)
		return;
	for (; *s; s++)
		if (*s == '.')
			*s = ',';
}

/* The method: which categories, from where, to which hubs, road factor
 * and speed. */
static void
method_note(struct ts_rfctx *x, const struct travel *tr, ts_rtable *t)
{
	const ts_rfig *f = x->f;
	const ts_report_opts *o = x->o;
	char *cats = NULL, *from, *to, rf[32], sp[32];
	size_t i;

	for (i = 0; i < ts_map_size(f->tcats); i++) {
		ts_str c = ts_map_key(f->tcats, (uint32_t)i);
		const ts_category *tc = ts_taxonomy_find(x->a->tax, c.p, c.n);
		const char *l = tc == NULL ? c.p : x->lang == TS_LANG_EN ?
		    tc->label_en : tc->label_es;
		char *s = xasprintf("%s%s%s", cats ? cats : "", cats ? ", " : "",
		    l);
		free(cats);
		cats = s;
	}
	snprintf(rf, sizeof(rf), "%g", o->road_factor);
	snprintf(sp, sizeof(sp), "%g", o->speed_kmh);
	decimal_comma(rf, x->lang);
	from = xstrdup(x->lang == TS_LANG_EN ?
	    (tr->facpos ? "the facility (--facilities) or, without its "
	    "coordinates, the capital of its region" :
	    "the capital of the patient's region") :
	    (tr->facpos ? "el establecimiento (--facilities) o, sin sus "
	    "coordenadas, la capital de su región" :
	    "la capital de la región del paciente"));
	if (f->hubs[0].given)
		to = xasprintf("%.4f, %.4f", tr->hub0.lat, tr->hub0.lon);
	else
		to = xstrdup(tr->hubname ? tr->hubname : "?");
	for (i = 1; i < f->nhubs; i++) {
		char *s = xasprintf(x->lang == TS_LANG_EN ?
		    "%s (%s: %.4f, %.4f)" : "%s (%s: %.4f, %.4f)", to,
		    f->hubs[i].name, f->hubs[i].lat, f->hubs[i].lon);
		free(to);
		to = s;
	}
	ts_rtable_note(t, xasprintf(ts_rfl(x->lang, FL_NOTE_TRAVEL),
	    cats ? cats : "", from, to, rf, sp));
	free(from);
	free(to);
	free(cats);
}

/* The costs of --cost-per-km and --cost-per-trip, when given. */
static void
cost_note(struct ts_rfctx *x, ts_rtable *t)
{
	const ts_report_opts *o = x->o;
	char km[48], trip[48], *c;
	const char *cur = o->currency ? o->currency : "";

	if (!(o->cost_per_km > 0 || o->cost_per_trip > 0))
		return;
	snprintf(km, sizeof(km), "%g", o->cost_per_km);
	snprintf(trip, sizeof(trip), "%g", o->cost_per_trip);
	decimal_comma(km, x->lang);
	decimal_comma(trip, x->lang);
	c = xasprintf(x->lang == TS_LANG_EN ?
	    "%s%s%s%s%s%s%s%s" : "%s%s%s%s%s%s%s%s",
	    o->cost_per_km > 0 ? km : "", o->cost_per_km > 0 ? " " : "",
	    o->cost_per_km > 0 ? cur : "",
	    o->cost_per_km > 0 ? (x->lang == TS_LANG_EN ? " per km" :
	    " por km") : "",
	    o->cost_per_km > 0 && o->cost_per_trip > 0 ?
	    (x->lang == TS_LANG_EN ? " and " : " y ") : "",
	    o->cost_per_trip > 0 ? trip : "",
	    o->cost_per_trip > 0 ? " " : "",
	    o->cost_per_trip > 0 ? (x->lang == TS_LANG_EN ?
	    (*cur ? "per trip" : "per trip") : "por viaje") : "");
	if (o->cost_per_trip > 0 && *cur) {
		char *c2 = xasprintf("%s", c);
		free(c);
		/* "10 por viaje" -> "10 PEN por viaje" */
		c = xasprintf("%.*s%s %s", (int)(strlen(c2) -
		    strlen(x->lang == TS_LANG_EN ? "per trip" :
		    "por viaje")), c2, cur, x->lang == TS_LANG_EN ?
		    "per trip" : "por viaje");
		free(c2);
	}
	ts_rtable_note(t, xasprintf(ts_rfl(x->lang, FL_NOTE_TRAVEL_COST), c));
	free(c);
}

/* A count of actions, as a note of the table, when there are some. */
static void
count_note(struct ts_rfctx *x, ts_rtable *t, int64_t v, int phrase)
{
	char n[32];

	if (v <= 0)
		return;
	ts_numfmt_int(n, v, x->lang);
	ts_rtable_note(t, xasprintf(ts_rfl(x->lang, phrase), n));
}

/* The tables by region and by category, and their notes. */
static void
write_estimate(struct ts_rfctx *x, struct travel *tr)
{
	ts_report *r = x->r;
	ts_rtable *t;

	write_table(x, "travel", FL_TRAVEL, "region", FL_CODE, FL_REGION,
	    tr->byreg, tr->nreg, "regions");
	write_table(x, "travel_categories", FL_TRAVEL_CATS, "category", -1,
	    FL_CATEGORY, tr->bycat, tr->ncat, "categories");
	t = r->tables[r->ntables - 2];
	method_note(x, tr, t);
	cost_note(x, t);
	count_note(x, t, tr->anon, FL_NOTE_TRAVEL_NODAY);
	count_note(x, t, tr->noplace, FL_NOTE_TRAVEL_NOPLACE);
}

static void
travel_free(struct travel *t)
{
	size_t i;

	for (i = 0; i < t->nreg; i++)
		free(t->byreg[i].key);
	for (i = 0; i < t->ncat; i++)
		free(t->bycat[i].key);
	free(t->byreg);
	free(t->bycat);
	free(t->fp);
	ts_map_free(t->facpos);
	ts_side_free(t->caps);
}

int
ts_rfig_travel(struct ts_rfctx *x)
{
	const ts_rfig *f = x->f;
	struct travel t;
	const uint64_t *days = NULL;
	size_t ndays = 0, i;
	int st;

	if (ts_map_size(f->tcats) == 0)
		return 0;
	if (f->trav_days != NULL)
		days = ts_distinct_finish(f->trav_days, &ndays);
	if (!year_has_travel(f, x->r->year) && !f->trav_full)
		return 0;
	memset(&t, 0, sizeof(t));
	t.clat = t.clon = t.ciso = -1;
	if ((st = load_capitals(x, &t)) != 0)
		return st;
	find_default_hub(x, &t);
	index_facilities(x, &t);
	for (i = 0; i < ts_map_size(f->trav) && !f->trav_full; i++)
		sum_key(x, &t, i, days, ndays);
	if (f->trav_full)
		write_bound_table(x);
	else
		write_estimate(x, &t);
	travel_free(&t);
	return 0;
}
