/*
 * report_figures.c - what the report's further figures keep while
 * reading, the side tables they read, their labels; see report_figures.h.
 */
#include "report_acc.h"
#include "report_figures.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "numfmt.h"
#include "report_labels.h"
#include "values.h"

/* Categories whose patients would otherwise travel to the specialist. */
static const char *const default_travel[] = {
	"teleconsulta", "teleinterconsulta", "teleapoyo_diagnostico",
	"telemonitoreo", NULL
};

static char *
fail(ts_rfig *f, int status, char *msg)
{
	f->status = status;
	f->err = msg;
	return NULL;
}

static void
add_travel_category(ts_rfig *f, const char *p, size_t n)
{
	if (n > 0 && ts_map_size(f->tcats) < 255)
		ts_map_intern(f->tcats, p, n, NULL);
}

/* "[NAME=]LAT,LON" into H; 0, or -1 with *why. */
static int parse_hub(const char *s, struct ts_rhub *h, const char **why);

const char *
ts_report_hub_invalid(const char *s)
{
	struct ts_rhub h;
	const char *why;

	if (parse_hub(s, &h, &why) != 0)
		return why;
	free(h.name);
	return NULL;
}


static int
parse_hub(const char *s, struct ts_rhub *h, const char **why)
{
	const char *eq = strchr(s, '='), *pos = eq ? eq + 1 : s;
	const char *comma = strchr(pos, ',');
	char *lat;
	int bad;

	memset(h, 0, sizeof(*h));
	*why = "expected [NAME=]LAT,LON in decimal degrees";
	if (comma == NULL || (eq != NULL && eq == s))
		return -1;
	lat = xstrndup(pos, (size_t)(comma - pos));
	bad = ts_side_real(lat, &h->lat) != 0 ||
	    ts_side_real(comma + 1, &h->lon) != 0;
	free(lat);
	if (bad)
		return -1;
	if (h->lat < -90 || h->lat > 90 || h->lon < -180 || h->lon > 180) {
		*why = "latitude -90..90 and longitude -180..180 expected";
		return -1;
	}
	h->name = eq ? xstrndup(s, (size_t)(eq - s)) : NULL;
	h->given = 1;
	return 0;
}

static const char *const t_year[] = { "year", "anio", "año", NULL };
static const char *const t_inst[] = { "institution", "institucion",
	"institución", NULL };
static const char *const t_region[] = { "region", "región", NULL };
static const char *const t_cat[] = { "category", "categoria", "categoría",
	NULL };
static const char *const t_metric[] = { "metric", "metrica", "métrica",
	NULL };
static const char *const t_goal[] = { "goal", "meta", "target", NULL };

/* A target of report --each's value (every target without --each). */
static int
target_of_value(const ts_report_opts *o, const struct ts_rtarget *g)
{
	if (o->each_column == NULL)
		return 1;
	return strcmp(strcmp(o->each_column, "region") == 0 ? g->region :
	    g->inst, o->each_value) == 0;
}

static int
load_targets(ts_rfig *f, const char *path, const ts_report_opts *o)
{
	int cy, ci, cr, cc, cm, cg;
	ts_error e;
	ts_side *t = ts_side_load(path, &e);
	size_t i;

	if (t == NULL) {
		fail(f, e.status, xasprintf("--targets: %s", e.msg));
		return -1;
	}
	cy = ts_side_col(t, t_year);
	cm = ts_side_col(t, t_metric);
	cg = ts_side_col(t, t_goal);
	ci = ts_side_col(t, t_inst);
	cr = ts_side_col(t, t_region);
	cc = ts_side_col(t, t_cat);
	if (cy < 0 || cm < 0 || cg < 0) {
		fail(f, TS_EXIT_DATA, xasprintf("--targets: %s:1: a targets table needs the "
		    "columns year, metric and goal", path));
		ts_side_free(t);
		return -1;
	}
	f->targets = xcalloc(ts_side_rows(t) ? ts_side_rows(t) : 1,
	    sizeof(*f->targets));
	for (i = 0; i < ts_side_rows(t); i++) {
		struct ts_rtarget *g = &f->targets[f->ntargets];
		const char *m = ts_side_get(t, i, cm);
		int64_t y;
		const char *why = NULL;

		if (ts_side_count(ts_side_get(t, i, cy), &y) != 0 || y < 1 ||
		    y > 9999)
			why = "column year: expected a year from 1 to 9999";
		else if (ts_side_count(ts_side_get(t, i, cg), &g->goal) != 0 ||
		    g->goal == 0)
			why = "column goal: expected a count above 0";
		else if (strcasecmp(m, "actions") == 0 ||
		    strcasecmp(m, "acciones") == 0)
			g->metric = TM_ACTIONS;
		else if (strcasecmp(m, "facilities") == 0 ||
		    strcasecmp(m, "establecimientos") == 0)
			g->metric = TM_FACILITIES;
		else
			why = "column metric: expected actions or facilities";
		if (why != NULL) {
			fail(f, TS_EXIT_DATA, xasprintf("--targets: %s:%zu: %s", path,
			    ts_side_line(t, i), why));
			ts_side_free(t);
			return -1;
		}
		g->year = (int)y;
		g->inst = xstrdup(ts_side_get(t, i, ci));
		g->region = xstrdup(ts_side_get(t, i, cr));
		g->cat = xstrdup(ts_side_get(t, i, cc));
		g->line = ts_side_line(t, i);
		if (!target_of_value(o, g)) {
			free(g->inst);
			free(g->region);
			free(g->cat);
			memset(g, 0, sizeof(*g));
			continue;
		}
		if (g->metric == TM_FACILITIES)
			g->facs = ts_map_new();
		f->ntargets++;
	}
	ts_side_free(t);
	return 0;
}

ts_rfig *
ts_rfig_new(const ts_report_opts *o)
{
	ts_rfig *f = xcalloc(1, sizeof(*f));
	size_t i;

	f->years = ts_map_new();
	f->fac = ts_map_new();
	f->fac_region = ts_map_new();
	f->regions = ts_map_new();
	f->tcats = ts_map_new();
	f->trav = ts_map_new();
	f->kcap = 256;
	f->kbuf = xmalloc(f->kcap);
	f->trav_by_facility = o->facilities != NULL;
	if (o->year != 0) {
		f->only[0] = o->year;
		f->only[1] = o->compare > 0 ? o->compare :
		    o->compare == 0 ? o->year - 1 : o->year;
	}
	if (o->travel_categories != NULL) {
		const char *p = o->travel_categories, *e;
		for (;; p = e + 1) {
			e = strchr(p, ',');
			add_travel_category(f, p, e ? (size_t)(e - p) : strlen(p));
			if (e == NULL)
				break;
		}
	} else {
		for (i = 0; default_travel[i] != NULL; i++)
			add_travel_category(f, default_travel[i],
			    strlen(default_travel[i]));
	}
	f->hubs = xcalloc(o->nhubs + 1, sizeof(*f->hubs));
	f->nhubs = 1;
	for (i = 0; i < o->nhubs; i++) {
		struct ts_rhub h;
		const char *why;
		if (parse_hub(o->hubs[i], &h, &why) != 0) {
			fail(f, TS_EXIT_USAGE, xasprintf("--hub: %s, got \"%s\"",
			    why, o->hubs[i]));
			return f;
		}
		if (h.name == NULL)
			f->hubs[0] = h;
		else if (f->nhubs < 250)
			f->hubs[f->nhubs++] = h;
		else
			free(h.name);
	}
	if (o->targets != NULL)
		(void)load_targets(f, o->targets, o);
	return f;
}

void
ts_rfig_free(ts_rfig *f)
{
	size_t i;

	if (f == NULL)
		return;
	free(f->err);
	ts_map_free(f->years);
	free(f->days);
	ts_map_free(f->fac);
	free(f->fac_months);
	ts_map_free(f->fac_region);
	free(f->fac_region_of);
	ts_map_free(f->regions);
	ts_map_free(f->tcats);
	ts_map_free(f->trav);
	free(f->trav_months);
	free(f->trav_anon);
	ts_distinct_free(f->trav_days);
	for (i = 0; i < f->nhubs; i++)
		free(f->hubs[i].name);
	free(f->hubs);
	for (i = 0; i < f->ntargets; i++) {
		free(f->targets[i].inst);
		free(f->targets[i].region);
		free(f->targets[i].cat);
		ts_map_free(f->targets[i].facs);
	}
	free(f->targets);
	free(f->kbuf);
	free(f);
}

static char *
key(ts_rfig *f, size_t n)
{
	if (n > f->kcap) {
		f->kcap = n * 2;
		f->kbuf = xrealloc(f->kbuf, f->kcap);
	}
	return f->kbuf;
}

/* Id of key K[0..N) in M, or -1 when new and M is full (*FULL set). */
static int64_t
bounded(ts_map *m, const char *k, size_t n, int *full)
{
	int64_t id = ts_map_find(m, k, n);

	if (id >= 0)
		return id;
	if (ts_map_size(m) >= TS_RFIG_MAX_KEYS) {
		*full = 1;
		return -1;
	}
	return ts_map_intern(m, k, n, NULL);
}

static void
grow(struct ts_rmonths **v, size_t *cap, size_t id)
{
	if (id < *cap)
		return;
	{
		size_t old = *cap;
		*cap = *cap ? *cap * 2 : 1024;
		while (*cap <= id)
			*cap *= 2;
		*v = xreallocarray(*v, *cap, sizeof(**v));
		memset(*v + old, 0, (*cap - old) * sizeof(**v));
	}
}

static int
eq(ts_str s, const char *want)
{
	size_t n = strlen(want);

	return s.n == n && memcmp(s.p, want, n) == 0;
}

/* The hub of a row: the first named hub its institution or source is. */
static int
hub_of(const ts_rfig *f, ts_str inst, ts_str source)
{
	size_t i;

	for (i = 1; i < f->nhubs; i++)
		if (eq(inst, f->hubs[i].name) || eq(source, f->hubs[i].name))
			return (int)i;
	return 0;
}

void
ts_rfig_row(ts_rfig *f, int year, int month, int day, ts_str region,
    ts_str facility, ts_str inst, ts_str source, ts_str cat, ts_str patient,
    int64_t actions)
{
	char yk[2] = { (char)(year >> 8), (char)(year & 0xff) };
	int ins;
	uint32_t yi = ts_map_intern(f->years, yk, 2, &ins);
	size_t i;

	if (ins) {
		f->days = xreallocarray(f->days, yi + 1, sizeof(*f->days));
		memset(&f->days[yi], 0, sizeof(*f->days));
	}
	f->days[yi].d[month][month > 0 ? day : 0] += actions;
	if (month == 0 || day == 0)
		f->nodate_rows++;

	/* With --year, the other years cannot be shown: not kept. */
	if (f->only[0] != 0 && year != f->only[0] && year != f->only[1])
		goto targets;
	if (facility.n > 0 && !f->fac_full) {
		char *k = key(f, 2 + facility.n);
		int64_t id;
		k[0] = yk[0];
		k[1] = yk[1];
		memcpy(k + 2, facility.p, facility.n);
		if ((id = bounded(f->fac, k, 2 + facility.n, &f->fac_full)) >= 0) {
			int64_t fid;
			grow(&f->fac_months, &f->fac_cap, (size_t)id);
			f->fac_months[id].m[month] += actions;
			fid = bounded(f->fac_region, facility.p, facility.n,
			    &f->fac_full);
			if (fid >= 0 && (size_t)fid >= f->fac_region_n) {
				f->fac_region_n = (size_t)fid + 1;
				f->fac_region_of = xreallocarray(f->fac_region_of,
				    f->fac_region_n, sizeof(uint32_t));
				f->fac_region_of[fid] = region.n > 0 ?
				    ts_map_intern(f->regions, region.p, region.n, NULL) :
				    UINT32_MAX;
			}
		}
	}

	if (ts_map_size(f->tcats) > 0 && !f->trav_full) {
		int64_t cid = ts_map_find(f->tcats, cat.p, cat.n);
		if (cid >= 0) {
			size_t fn = f->trav_by_facility ? facility.n : 0;
			size_t n = 4 + region.n + 1 + fn;
			char *k = key(f, n);
			int64_t id;
			k[0] = yk[0];
			k[1] = yk[1];
			k[2] = (char)cid;
			k[3] = (char)hub_of(f, inst, source);
			memcpy(k + 4, region.p, region.n);
			k[4 + region.n] = '\x1f';
			memcpy(k + 5 + region.n, facility.p, fn);
			if ((id = bounded(f->trav, k, n, &f->trav_full)) >= 0) {
				grow(&f->trav_months, &f->trav_cap, (size_t)id);
				grow(&f->trav_anon, &f->trav_anon_cap, (size_t)id);
				f->trav_months[id].m[month] += actions;
				if (patient.n == 0 || month == 0 || day == 0) {
					f->trav_anon[id].m[month] += actions;
				} else {
					/* A patient's day is one trip, whatever the
					 * number of readings or acts that day. */
					char *v = key(f, patient.n + 1);
					memcpy(v, patient.p, patient.n);
					v[patient.n] = (char)day;
					if (f->trav_days == NULL)
						f->trav_days = ts_distinct_new(
						    TS_RFIG_TRIPS_MEMORY);
					(void)ts_distinct_add(f->trav_days,
					    (uint32_t)id * 13 + (uint32_t)month, v,
					    patient.n + 1);
				}
			}
		}
	}

targets:
	for (i = 0; i < f->ntargets; i++) {
		struct ts_rtarget *g = &f->targets[i];
		if (g->year != year || (*g->inst && !eq(inst, g->inst)) ||
		    (*g->region && !eq(region, g->region)) ||
		    (*g->cat && !eq(cat, g->cat)))
			continue;
		g->actions[month] += actions;
		if (g->metric == TM_FACILITIES && facility.n > 0 && !g->full) {
			char *k = key(f, 1 + facility.n);
			k[0] = (char)month;
			memcpy(k + 1, facility.p, facility.n);
			(void)bounded(g->facs, k, 1 + facility.n, &g->full);
		}
	}
}

/* ------------------------------------------------------------------ */
/* Labels                                                              */

static const char *const labels[FL_NCOUNT][2] = {
	[FL_RATES] = { "Acciones por 1 000 habitantes",
		"Actions per 1,000 inhabitants" },
	[FL_POPULATION] = { "Población", "Population" },
	[FL_POP_YEAR] = { "Año de población", "Population year" },
	[FL_PER_1000] = { "Por 1 000 hab. %d", "Per 1,000 inh. %d" },
	[FL_RATES_TOTAL] = { "Regiones con población", "Regions with a population" },
	[FL_NOTE_RATES] = { "Tasas: acciones de telesalud por 1 000 habitantes de la región, con la población de %s.",
		"Rates: telehealth actions per 1,000 inhabitants of the region, with the population of %s." },
	[FL_NOTE_RATES_NEAREST] = { "Las tasas de %s usan la población de %d para todas las regiones: el año de la tabla más cercano entre los que dan población a más regiones (estimación).",
		"The rates of %s use the population of %d for every region: the table's nearest year among those that give a population to the most regions (an estimate)." },
	[FL_NOTE_RATES_MISSING] = { "Sin población en la tabla (sin tasa): %s.",
		"No population in the table (no rate): %s." },
	[FL_DAYS] = { "Acciones por día", "Actions per day" },
	[FL_INDICATOR] = { "Indicador", "Indicator" },
	[FL_MEAN_CAL] = { "Promedio por día calendario", "Mean per calendar day" },
	[FL_MEAN_WORK] = { "Promedio por día hábil", "Mean per working day" },
	[FL_PEAK_DAY] = { "Día pico", "Peak day" },
	[FL_PEAK_ACTIONS] = { "Acciones del día pico", "Actions on the peak day" },
	[FL_CAL_DAYS] = { "Días calendario", "Calendar days" },
	[FL_WORK_DAYS] = { "Días hábiles", "Working days" },
	[FL_NOTE_DAYS] = { "Días hábiles: lunes a viernes%s; el promedio por día hábil cuenta solo las acciones de esos días.",
		"Working days: Monday to Friday%s; the mean per working day counts the actions of those days only." },
	[FL_NOTE_DAYS_NODATE] = { "Filas sin fecha completa en los datos leídos: %s; el promedio por día hábil y el día pico no se calculan (n.d.).",
		"Rows without a full date in the data read: %s; the mean per working day and the peak day are not computed (n/a)." },
	[FL_NOTE_HOLIDAYS] = { ", sin los feriados de %s", ", except the holidays in %s" },
	[FL_FACILITIES] = { "Establecimientos", "Facilities" },
	[FL_FAC_ACTIVE] = { "Establecimientos con actividad", "Facilities with activity" },
	[FL_FAC_NEW] = { "Nuevos respecto de %d", "New since %d" },
	[FL_FAC_STOPPED] = { "Sin actividad respecto de %d", "Stopped since %d" },
	[FL_FAC_NETWORK] = { "Establecimientos de la red", "Facilities in the network" },
	[FL_FAC_NET_REPORTED] = { "De la red, con actividad", "In the network, with activity" },
	[FL_FAC_NET_SHARE] = { "% de la red con actividad", "% of the network with activity" },
	[FL_FAC_NET_MISSING] = { "De la red, sin actividad", "In the network, without activity" },
	[FL_FAC_OUTSIDE] = { "Con actividad, fuera de la red", "With activity, outside the network" },
	[FL_FAC_TOP] = { "Establecimientos con más acciones (%zu principales)",
		"Facilities with the most actions (top %zu)" },
	[FL_FACILITY] = { "Código", "Code" },
	[FL_NAME] = { "Establecimiento", "Facility" },
	[FL_REGION] = { "Región", "Region" },
	[FL_FAC_MISSING] = { "Establecimientos de la red sin actividad en %d",
		"Network facilities without activity in %d" },
	[FL_NOTE_FAC_BOUND] = { "Más de %d combinaciones de año y establecimiento: las cifras de establecimientos no se calculan (n.d.); --year las limita a dos años.",
		"More than %d combinations of year and facility: the facility figures are not computed (n/a); --year limits them to two years." },
	[FL_NOTE_FAC_MORE] = { "Se muestran %d de %zu establecimientos sin actividad.",
		"%d of %zu facilities without activity are shown." },
	[FL_NOTE_FAC_CUT] = { "Establecimientos con actividad en %s y %s.",
		"Facilities with activity in %s and %s." },
	[FL_TARGETS] = { "Metas", "Targets" },
	[FL_TARGET] = { "Meta", "Target" },
	[FL_GOAL] = { "Meta %d", "Goal %d" },
	[FL_ACHIEVED] = { "Logrado", "Achieved" },
	[FL_PROGRESS] = { "Avance", "Progress" },
	[FL_EXPECTED] = { "Esperado a la fecha", "Expected to date" },
	[FL_EXPECTED_LC] = { "esperado a la fecha", "expected to date" },
	[FL_STATUS] = { "Estado", "Status" },
	[FL_ON_TRACK] = { "en camino", "on track" },
	[FL_BEHIND] = { "atrasada", "behind" },
	[FL_REACHED] = { "alcanzada", "reached" },
	[FL_NOT_REACHED] = { "no alcanzada", "not reached" },
	[FL_METRIC_ACTIONS] = { "acciones", "actions" },
	[FL_METRIC_FACILITIES] = { "establecimientos con actividad",
		"facilities with activity" },
	[FL_HEADLINE_TARGET] = { "Meta de %s %s: %s logrado",
		"Target of %s %s: %s achieved" },
	[FL_NOTE_TARGETS] = { "Avance esperado a la fecha: la meta por la fracción del año transcurrida hasta %s.",
		"Expected progress to date: the goal times the share of the year elapsed up to %s." },
	[FL_ALL] = { "todas", "all" },
	[FL_TRAVEL] = { "Viajes evitados (estimación)", "Avoided travel (an estimate)" },
	[FL_TRAVEL_CATS] = { "Viajes evitados por categoría (estimación)",
		"Avoided travel by category (an estimate)" },
	[FL_TRIPS] = { "Viajes", "Trips" },
	[FL_KM] = { "Km", "Km" },
	[FL_HOURS] = { "Horas", "Hours" },
	[FL_COST] = { "Costo (%s)", "Cost (%s)" },
	[FL_NOTE_TRAVEL] = { "Estimación: cada día de un paciente con atenciones de %s evita un viaje de ida y vuelta (uno por paciente, día y categoría, aunque el día tenga varias atenciones o lecturas; en conteos agregados, sin paciente o sin fecha, cada atención es un viaje, salvo las de telemonitoreo, que son lecturas) desde %s hasta %s; distancia en línea recta (círculo máximo) por un factor vial de %s, a %s km/h; no se cuentan viajes de menos de 1 km.",
		"Estimate: each patient's day with attentions of %s avoids a round trip (one per patient, day and category, however many attentions or readings the day holds; in aggregated counts, without a patient or a date, each attention is a trip, except those of telemonitoring, which are readings) from %s to %s; great-circle distance times a road factor of %s, at %s km/h; trips under 1 km are not counted." },
	[FL_NOTE_TRAVEL_NODAY] = { "%s lecturas de telemonitoreo sin paciente seudonimizado o sin fecha completa (conteos agregados) no se cuentan como viajes: no se sabe a cuántos días de pacientes corresponden.",
		"%s telemonitoring readings without a patient pseudonym or a full date (aggregated counts) are not counted as trips: how many patients' days they stand for is not known." },
	[FL_NOTE_TRAVEL_COST] = { "Costo: %s.", "Cost: %s." },
	[FL_NOTE_TRAVEL_BOUND] = { "Más de %d combinaciones de año, categoría, región y establecimiento para los viajes: la estimación no se calcula (n.d.); --year las limita a dos años.",
		"More than %d combinations of year, category, region and facility for the trips: the estimate is not computed (n/a); --year limits them to two years." },
	[FL_NOTE_TRAVEL_NOPLACE] = { "%s acciones sin región ni coordenadas conocidas no se cuentan como viajes.",
		"%s actions without a known region or coordinates are not counted as trips." },
	[FL_CATEGORY] = { "Categoría", "Category" },
	[FL_TOTAL] = { "Total", "Total" },
	[FL_CODE] = { "Código", "Code" },
};

const char *
ts_rfl(int lang, int id)
{
	return labels[id][lang == TS_LANG_EN];
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

void
ts_rfig_cell_int(ts_rtable *t, size_t row, int col, int64_t v)
{
	ts_rcell *c = &t->rows[row].cells[col];

	c->kind = TS_RK_INT;
	c->v = v;
}

void
ts_rfig_cell_kind(ts_rtable *t, size_t row, int col, int kind, int64_t v)
{
	ts_rcell *c = &t->rows[row].cells[col];

	c->kind = kind;
	c->v = v;
}

void
ts_rfig_cell_text(ts_report *r, ts_rtable *t, size_t row, int col,
    const char *text, const char *code)
{
	ts_rcell *c = &t->rows[row].cells[col];

	c->kind = TS_RK_TEXT;
	c->text = ts_report_keep(r, text);
	c->code = code ? ts_report_keep(r, code) : NULL;
}

void
ts_rfig_cell_na(const ts_report *r, ts_rtable *t, size_t row, int col)
{
	t->rows[row].cells[col].kind = TS_RK_NA;
	t->rows[row].cells[col].text = ts_rl(r->lang, RL_NA);
}

void
ts_rfig_mask(const ts_report *r, ts_rtable *t, size_t row, int col)
{
	ts_rcell *c = &t->rows[row].cells[col];

	if (r->suppress > 0 && c->kind == TS_RK_INT && c->v > 0 &&
	    c->v < r->suppress)
		c->masked = 1;
}

int
ts_rfig_upto(const ts_report *r)
{
	return r->cut ? r->cut : 12;
}

int64_t
ts_rfig_year_actions(const ts_report_acc *a, int year, int upto)
{
	struct ts_racc g;

	ts_racc_sum(a, D_YEAR, year, upto >= 12 ? 0 : upto, "", 0, &g);
	return g.actions;
}

char *
ts_rfig_str(ts_str s)
{
	char *p = xmalloc(s.n + 1);

	p[ts_unescape(s, p)] = '\0';
	return p;
}

/* ------------------------------------------------------------------ */
/* The sections                                                        */

static const char *const fc_code[] = { "facility", "code", "codigo",
	"código", "renipress", "clues", "renaes", "id", NULL };
static const char *const fc_name[] = { "name", "nombre", "facility_name",
	NULL };
static const char *const fc_lat[] = { "lat", "latitude", "latitud", NULL };
static const char *const fc_lon[] = { "lon", "lng", "longitude", "longitud",
	NULL };
static const char *const fc_region[] = { "region", "región", "iso", NULL };

static int
load_facilities(struct ts_rfctx *x, const char *path)
{
	ts_error e;
	size_t i;

	if ((x->facilities = ts_side_load(path, &e)) == NULL) {
		ts_warn("--facilities: %s", e.msg);
		return e.status;
	}
	x->fac_code = ts_side_col(x->facilities, fc_code);
	x->fac_name = ts_side_col(x->facilities, fc_name);
	x->fac_lat = ts_side_col(x->facilities, fc_lat);
	x->fac_lon = ts_side_col(x->facilities, fc_lon);
	x->fac_region = ts_side_col(x->facilities, fc_region);
	if (x->fac_code < 0) {
		ts_warn("--facilities: %s:1: no facility code column (facility, "
		    "code, renipress or clues)", path);
		return TS_EXIT_DATA;
	}
	for (i = 0; i < ts_side_rows(x->facilities); i++) {
		const char *la = ts_side_get(x->facilities, i, x->fac_lat);
		const char *lo = ts_side_get(x->facilities, i, x->fac_lon);
		double v;
		if (*ts_side_get(x->facilities, i, x->fac_code) == '\0') {
			ts_warn("--facilities: %s:%zu: empty facility code", path,
			    ts_side_line(x->facilities, i));
			return TS_EXIT_DATA;
		}
		/* Coordinates are optional, but a facility has both or none. */
		if ((*la || *lo) && (ts_side_real(la, &v) != 0 || v < -90 ||
		    v > 90 || ts_side_real(lo, &v) != 0 || v < -180 || v > 180)) {
			ts_warn("--facilities: %s:%zu: expected lat -90..90 and lon "
			    "-180..180 in decimal degrees, got \"%s\", \"%s\"", path,
			    ts_side_line(x->facilities, i), la, lo);
			return TS_EXIT_DATA;
		}
	}
	return 0;
}

/* The country of the report's regions: --country, else the prefix most
 * region codes of the regions table have. */
static void
country(struct ts_rfctx *x)
{
	size_t i, j, pe = 0, mx = 0;

	x->cc[0] = '\0';
	if (x->o->country != NULL) {
		x->cc[0] = x->o->country[0];
		x->cc[1] = x->o->country[1];
		x->cc[2] = '\0';
		return;
	}
	for (i = 0; i < x->r->ntables; i++) {
		const ts_rtable *t = x->r->tables[i];
		if (strcmp(t->id, "regions") != 0)
			continue;
		for (j = 0; j < t->nrows; j++) {
			pe += strncmp(t->rows[j].key, "PE-", 3) == 0;
			mx += strncmp(t->rows[j].key, "MX-", 3) == 0;
		}
	}
	if (pe + mx > 0)
		strcpy(x->cc, pe >= mx ? "PE" : "MX");
}

/* Moves the tables from FIRST on before the data-quality section. */
static void
place(ts_report *r, size_t first)
{
	size_t q, n = r->ntables - first;
	ts_rtable **mine;

	for (q = 0; q < first; q++)
		if (strcmp(r->tables[q]->id, "quality") == 0)
			break;
	if (q == first || n == 0)
		return;
	mine = xmalloc(n * sizeof(*mine));
	memcpy(mine, r->tables + first, n * sizeof(*mine));
	memmove(r->tables + q + n, r->tables + q, (first - q) * sizeof(*mine));
	memcpy(r->tables + q, mine, n * sizeof(*mine));
	free(mine);
}

int
ts_report_figures(ts_report *r, const ts_report_acc *a)
{
	struct ts_rfctx x;
	size_t first = r->ntables;
	int st = 0;

	if (a->fig->status != 0) {
		ts_warn("%s", a->fig->err);
		return a->fig->status;
	}
	memset(&x, 0, sizeof(x));
	x.r = r;
	x.a = a;
	x.f = a->fig;
	x.o = &a->opts;
	x.lang = r->lang;
	x.fac_code = x.fac_name = x.fac_lat = x.fac_lon = x.fac_region = -1;
	country(&x);
	if (x.o->facilities != NULL)
		st = load_facilities(&x, x.o->facilities);
	if (st == 0)
		st = ts_rfig_targets(&x);
	if (st == 0)
		st = ts_rfig_rates(&x);
	if (st == 0)
		st = ts_rfig_days(&x);
	if (st == 0)
		st = ts_rfig_facilities(&x);
	if (st == 0)
		st = ts_rfig_travel(&x);
	ts_side_free(x.facilities);
	if (st == 0)
		place(r, first);
	return st;
}
