/*
 * plot_map.c - telestat plot --map: the total of each region of the
 * input as a choropleth map, one SVG file with its legend (svgmap.h).
 *
 * --map-metric rate colours by the total per 1 000 inhabitants instead:
 * the input must hold one year; the population is one year of a table
 * region, year, population (--population FILE, else
 * share/population/<country>.tsv) for every region, chosen as report
 * does (population.h) and named in a warning when it is not the input's
 * year. A region without population in it is hatched ("no data"), and a
 * warning says so.
 */
#include "plot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "out.h"
#include "population.h"
#include "regions.h"
#include "svgmap.h"
#include "util.h"

/* The country of most region codes among the chart's bars, or NULL. */
static const char *
bars_country(const ts_chart *c, char cc[3])
{
	size_t i, pe = 0, mx = 0;

	for (i = 0; i < ts_chart_nx(c); i++) {
		const char *k = ts_chart_x(c, i);
		if (strncmp(k, "PE-", 3) == 0)
			pe++;
		else if (strncmp(k, "MX-", 3) == 0)
			mx++;
	}
	if (pe == 0 && mx == 0)
		return NULL;
	strcpy(cc, pe >= mx ? "PE" : "MX");
	return cc;
}

static char *
map_title(const ts_plot_data *d, int lang, int rate)
{
	int y0 = ts_plot_data_min_year(d), y1 = ts_plot_data_max_year(d);
	const char *base = rate ? (lang == TS_LANG_EN ?
	    "Actions per 1,000 inhabitants by region" :
	    "Acciones por 1 000 habitantes por región") :
	    lang == TS_LANG_EN ? "Actions by region" : "Acciones por región";

	if (y0 == 0)
		return xstrdup(base);
	if (y0 == y1)
		return xasprintf("%s, %d", base, y0);
	return xasprintf("%s, %d–%d", base, y0, y1);
}

/* The regions of the map whose population the table has in Y. */
struct on_map {
	const char *const *codes;
	size_t n;
};

static size_t
map_covered(const ts_poptab *p, int y, void *arg)
{
	const struct on_map *m = arg;
	size_t i, n = 0;

	for (i = 0; i < m->n; i++)
		n += ts_poptab_get(p, m->codes[i], y) > 0;
	return n;
}

int
ts_plot_map_write(const ts_chart *c, const ts_plot_data *d,
    const struct ts_plot_run_opts *o, int rval)
{
	ts_outlines *ol;
	ts_regiondb *db = ts_regiondb_load();
	ts_map_region *mr;
	ts_map_classes cl;
	ts_svgmap_opts mo;
	double *vals, offmap = 0;
	char cc[3], *title, *svg;
	ts_error e;
	const char *country = bars_country(c, cc);
	size_t i, j, n = ts_chart_nx(c), nr = 0, len, nopop = 0;
	ts_poptab *pop = NULL;
	char **shown;
	int year = ts_plot_data_min_year(d), st, vintage = 0;

	if (db == NULL)
		return TS_EXIT_IO;      /* said by ts_regiondb_load */
	ol = ts_outlines_load(country, &e);
	if (ol == NULL) {
		if (e.status != TS_EXIT_OK) {
			ts_warn("%s", e.msg);
			ts_regiondb_free(db);
			return TS_EXIT_IO;
		}
		ts_warn("--map: no region of Peru or Mexico (PE-..., MX-...) in "
		    "the input: there is no map to draw");
		ts_regiondb_free(db);
		return TS_EXIT_DATA;
	}
	if (o->map_rate) {
		if (year == 0 || year != ts_plot_data_max_year(d)) {
			ts_warn("--map-metric rate: a rate is per year, and the "
			    "input holds %s: keep one year (telestat filter --year "
			    "Y)", year == 0 ? "no year" : "several");
			st = TS_EXIT_DATA;
		} else {
			pop = ts_poptab_open(o->population, country, &st);
			if (pop == NULL && st < 0) {
				ts_warn("--map-metric rate: no population table for "
				    "%s (give one with --population FILE)", country);
				st = TS_EXIT_DATA;
			}
		}
		if (pop == NULL) {
			ts_outlines_free(ol);
			ts_regiondb_free(db);
			return st;
		}
	}
	mr = xcalloc(n ? n : 1, sizeof(*mr));
	vals = xcalloc(n ? n : 1, sizeof(*vals));
	shown = xcalloc(n ? n : 1, sizeof(*shown));
	for (i = 0; i < n; i++) {
		const char *code = ts_chart_x(c, i);
		double v = ts_chart_value(c, 0, i);
		int on_map = 0;
		for (j = 0; j < ts_outlines_count(ol) && !on_map; j++)
			on_map = strcmp(ts_outlines_code(ol, j), code) == 0;
		if (!on_map) {
			if (v == v)
				offmap += v;
			continue;
		}
		mr[nr].code = code;
		vals[nr++] = v;
	}
	if (pop != NULL) {
		/* One year of the table for every region, as report does. */
		const char **codes = xcalloc(nr ? nr : 1, sizeof(*codes));
		struct on_map m = { codes, nr };
		for (i = 0; i < nr; i++)
			codes[i] = mr[i].code;
		vintage = ts_poptab_vintage(pop, year, map_covered, &m);
		free(codes);
		if (vintage != 0 && vintage != year)
			ts_warn("--map-metric rate: the population of %d stands for "
			    "%d, for every region (the table's year nearest to %d "
			    "among those that give a population to the most "
			    "regions)", vintage, year, year);
	}
	for (i = 0, n = nr, nr = 0; i < n; i++) {
		const char *code = mr[i].code;
		double v = vals[i];
		mr[nr].name = db != NULL ? ts_regiondb_name(db, code,
		    o->chart.lang == TS_LANG_EN ? "en" : "es") : NULL;
		if (pop != NULL && v == v) {
			/* The rate in tenths, as the legend shows it (12,5). */
			int64_t people = vintage ? ts_poptab_get(pop, code,
			    vintage) : 0;
			char num[TS_NUMFMT_MAX];
			if (people == 0) {
				nopop++;
				v = NAN;
			} else {
				v = (double)llround(v * 10000.0 / (double)people);
				ts_numfmt_dec1(num, (int64_t)v, o->chart.lang, 0);
				mr[nr].shown = shown[nr] = xstrdup(num);
			}
		}
		mr[nr].state = v == v ? TS_MAP_VALUE : TS_MAP_NODATA;
		mr[nr].value = v == v ? v : 0;
		vals[nr] = v == v ? v : 0;
		nr++;
	}
	if (offmap > 0) {
		char num[32];
		ts_plot_fmt_int(num, offmap, TS_LANG_EN);
		ts_warn("%s %s without a region or in regions the map does not "
		    "have are not drawn", num, o->chart.metric);
	}
	if (nopop > 0)
		ts_warn("--map-metric rate: %zu region%s without population of "
		    "%d in the table: drawn as no data", nopop,
		    nopop == 1 ? "" : "s", vintage ? vintage : year);
	ts_map_breaks(vals, nr, &cl);
	cl.tenths = pop != NULL;
	title = o->chart.title != NULL ? xstrdup(o->chart.title) :
	    map_title(d, o->chart.lang, pop != NULL);
	memset(&mo, 0, sizeof(mo));
	mo.lang = o->chart.lang;
	mo.title = title;
	mo.legend = 1;
	mo.standalone = 1;
	svg = ts_svgmap(ol, mr, nr, &cl, &mo, &len);
	/* Only now is the output opened: a failed run leaves no file. */
	rval = ts_out_file(o->output, svg, len, rval);
	free(svg);
	free(title);
	for (i = 0; i < nr; i++)
		free(shown[i]);
	free(shown);
	free(vals);
	free(mr);
	ts_poptab_free(pop);
	ts_outlines_free(ol);
	ts_regiondb_free(db);
	return rval;
}
