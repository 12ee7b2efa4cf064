/*
 * libFuzzer target: the outline parser of the maps (lib/svgmap.c). Any
 * outline it accepts is drawn, with a value for every other region, and
 * the drawing must be a complete SVG element with one shape per region
 * drawn.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "svgmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ts_outlines *o;
	ts_map_region r[8];
	ts_map_classes cl;
	ts_svgmap_opts opt;
	double v[8];
	char *svg;
	ts_error e = { 0 };
	size_t i, n, nr = 0, len;

	o = ts_outlines_parse(data, size, "fuzz", &e);
	if (o == NULL) {
		if (e.status == TS_EXIT_OK || e.msg[0] == '\0')
			abort();
		return 0;
	}
	memset(r, 0, sizeof(r));
	memset(&opt, 0, sizeof(opt));
	n = ts_outlines_count(o);
	for (i = 0; i < n && nr < 8; i += 2) {
		r[nr].code = ts_outlines_code(o, i);
		r[nr].state = nr % 3 == 2 ? TS_MAP_MASKED : TS_MAP_VALUE;
		r[nr].value = v[nr] = (double)(i * 997 % 10007);
		nr++;
	}
	ts_map_breaks(v, nr, &cl);
	opt.legend = size % 2;
	opt.standalone = size % 3 == 0;
	opt.title = "t<&>";
	svg = ts_svgmap(o, r, nr, &cl, &opt, &len);
	if (svg == NULL || strlen(svg) != len ||
	    strstr(svg, "</svg>\n") == NULL)
		abort();
	free(svg);
	ts_outlines_free(o);
	return 0;
}
