/* Unit tests: map outlines (parse errors, %inside), class breaks and
 * labels, and the drawing of no data, masked and zero values. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "numfmt.h"
#include "svgmap.h"

static void
bad(const char *text, const char *want)
{
	ts_error e = { 0 };
	ts_outlines *o = ts_outlines_parse((const uint8_t *)text, strlen(text),
	    "t.outline", &e);

	ok(o == NULL, want);
	is_str(e.msg, want, "  message");
	is_int(e.status, TS_EXIT_DATA, "  status");
	ts_outlines_free(o);
}

int
main(void)
{
	static const char good[] =
	    "# comment\n"
	    "%inside XX-B XX-A\n"
	    "XX-A\t0,0 10000,0 10000,10000 0,10000\n"
	    "XX-C\t10000,0 20000,0 20000,10000\r\n"
	    "XX-B\t1000,1000 2000,1000 2000,2000\n";
	ts_outlines *o;
	ts_map_classes c;
	ts_map_region r[3];
	ts_svgmap_opts opt;
	char *svg, buf[2 * TS_NUMFMT_MAX + 8];
	ts_error e = { 0 };
	size_t len;
	double v[] = { 0, 3, 1200, 2500, 2600, 9000, 40000 }, one[] = { 40 };

	o = ts_outlines_parse((const uint8_t *)good, strlen(good), "t", &e);
	ok(o != NULL && e.status == TS_EXIT_OK, "parses an outline with %inside, CRLF");
	is_int(ts_outlines_count(o), 3, "  three regions");
	is_str(ts_outlines_code(o, 0), "XX-A", "  in the order of first rings");
	is_str(ts_outlines_parent(o, "XX-B"), "XX-A", "  parent of XX-B");
	is_str(ts_outlines_parent(o, "XX-A"), NULL, "  XX-A has none");

	bad("XX-A\t0,0 1,1\n", "t.outline:1: a ring needs 3 points or more");
	bad("# c\nXX A\t0,0 1,1 2,2\n", "t.outline:2: bad region code "
	    "(letters, digits, '-' and '_', at most 32)");
	bad("XX-A\t0,0 1,x 2,2\n", "t.outline:1: expected a point X,Y "
	    "(integers, thousandths of a degree)");
	bad("XX-A\t0,0 1,1 200000,2\n", "t.outline:1: point outside "
	    "-180..180, -90..90 degrees");
	bad("XX-A 0,0 1,1 2,2\n", "t.outline:1: expected CODE<TAB>X,Y X,Y ...");
	bad("%inside XX-A\n", "t.outline:1: expected \"%inside CHILD PARENT\"");
	bad("%inside XX-A XX-B\n", "t.outline: region XX-A has no outline");
	bad("# nothing\n", "t.outline: no outline");
	bad("XX-A\t0,0 12345678,1 2,2\n", "t.outline:1: expected a point X,Y "
	    "(integers, thousandths of a degree)");

	ts_map_breaks(v, 7, &c);
	is_int(c.n, 5, "five classes for six values above zero");
	is_str(ts_map_class_label(&c, 0, TS_LANG_ES, buf), "3 – 1 200",
	    "  first class from the smallest value");
	is_str(ts_map_class_label(&c, 4, TS_LANG_EN, buf), "9,001 – 40,000",
	    "  last class to the largest, English groups");
	is_int(ts_map_class(&c, 0), -1, "  zero is in no class");
	is_int(ts_map_class(&c, 40000), 4, "  the largest in the last");
	is_int(ts_map_class(&c, 2500), 1, "  a break value in the class it ends");
	ts_map_breaks(one, 1, &c);
	is_int(c.n, 1, "one value: one class");
	is_str(ts_map_class_label(&c, 0, TS_LANG_ES, buf), "40", "  labelled 40");
	ts_map_breaks(NULL, 0, &c);
	is_int(c.n, 0, "no values: no class");

	memset(r, 0, sizeof(r));
	memset(&opt, 0, sizeof(opt));
	r[0].code = "XX-A";
	r[0].state = TS_MAP_MASKED;
	r[0].shown = "<5";
	r[1].code = "XX-C";
	r[1].state = TS_MAP_VALUE;
	r[1].value = 0;
	r[1].name = "C & D";
	opt.legend = 1;
	opt.title = "Map <1>";
	ts_map_breaks(v, 0, &c);
	svg = ts_svgmap(o, r, 2, &c, &opt, &len);
	ok(strstr(svg, "data-region=\"XX-A\" fill=\"url(#map-masked)\"") != NULL,
	    "masked region cross-hatched");
	ok(strstr(svg, "data-region=\"XX-C\" fill=\"" TS_MAP_ZERO_FILL "\"") !=
	    NULL, "zero drawn apart");
	ok(strstr(svg, "data-region=\"XX-B\"") == NULL,
	    "a region inside another is not drawn without a value");
	ok(strstr(svg, "<title>XX-A: &lt;5</title>") != NULL &&
	    strstr(svg, "<title>C &amp; D: 0</title>") != NULL,
	    "hover titles escaped");
	ok(strstr(svg, ">Map &lt;1&gt;</text>") != NULL &&
	    strstr(svg, ">Oculto (cifra pequeña)</text>") != NULL,
	    "legend with title and hatches");
	is_int(strlen(svg), len, "length");
	free(svg);
	r[2].code = "XX-B";
	r[2].state = TS_MAP_VALUE;
	r[2].value = 7;
	ts_map_breaks(&r[2].value, 1, &c);
	svg = ts_svgmap(o, r, 3, &c, &opt, &len);
	ok(strstr(svg, "data-region=\"XX-B\"") > strstr(svg,
	    "data-region=\"XX-A\""), "with a value, drawn over its parent");
	free(svg);
	ts_outlines_free(o);
	return done_testing();
}
