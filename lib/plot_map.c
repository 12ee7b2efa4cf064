/*
 * plot_map.c - telestat plot --map: the total of each region of the
 * input as a choropleth map, one SVG file with its legend (svgmap.h).
 */
#include "plot.h"

#include <stdlib.h>
#include <string.h>

#include "out.h"
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
map_title(const ts_plot_data *d, int lang)
{
	int y0 = ts_plot_data_min_year(d), y1 = ts_plot_data_max_year(d);
	const char *base = lang == TS_LANG_EN ? "Actions by region" :
	    "Acciones por región";

	if (y0 == 0)
		return xstrdup(base);
	if (y0 == y1)
		return xasprintf("%s, %d", base, y0);
	return xasprintf("%s, %d–%d", base, y0, y1);
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
	char cc[3], *err, *title, *svg;
	const char *country = bars_country(c, cc);
	size_t i, j, n = ts_chart_nx(c), nr = 0, len;
	ts_out *out;

	ol = ts_outlines_load(country, &err);
	if (ol == NULL) {
		if (err != NULL) {
			ts_warn("%s", err);
			free(err);
			ts_regiondb_free(db);
			return TS_EXIT_IO;
		}
		ts_warn("--map: no region of Peru or Mexico (PE-..., MX-...) in "
		    "the input: there is no map to draw");
		ts_regiondb_free(db);
		return TS_EXIT_DATA;
	}
	mr = xcalloc(n ? n : 1, sizeof(*mr));
	vals = xcalloc(n ? n : 1, sizeof(*vals));
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
		mr[nr].name = db != NULL ? ts_regiondb_name(db, code,
		    o->chart.lang == TS_LANG_EN ? "en" : "es") : NULL;
		mr[nr].state = v == v ? TS_MAP_VALUE : TS_MAP_NODATA;
		mr[nr].value = v == v ? v : 0;
		if (v == v)
			vals[nr] = v;
		nr++;
	}
	if (offmap > 0) {
		char num[32];
		ts_plot_fmt_int(num, offmap, TS_LANG_EN);
		ts_warn("%s %s without a region or in regions the map does not "
		    "have are not drawn", num, o->chart.metric);
	}
	ts_map_breaks(vals, nr, &cl);
	title = o->chart.title != NULL ? xstrdup(o->chart.title) :
	    map_title(d, o->chart.lang);
	memset(&mo, 0, sizeof(mo));
	mo.lang = o->chart.lang;
	mo.title = title;
	mo.legend = 1;
	mo.standalone = 1;
	svg = ts_svgmap(ol, mr, nr, &cl, &mo, &len);
	/* Only now is the output opened: a failed run leaves no file. */
	out = ts_out_open(o->output);
	ts_out_write(out, svg, len);
	ts_out_finish(out, rval);
	free(svg);
	free(title);
	free(vals);
	free(mr);
	ts_outlines_free(ol);
	ts_regiondb_free(db);
	return rval;
}
