/*
 * svgmap.h - choropleth maps of a country's regions, drawn as SVG from
 * the simplified outlines shipped in share/regions/XX.outline.
 *
 * Outline format (tools/outlines.py writes it; see telestat-report(1),
 * MAP): UTF-8 text; lines starting with '#' are comments; a line
 * "%inside CHILD PARENT" says CHILD lies within PARENT and is drawn (over
 * it) only when the map has a value for CHILD; every other line is one
 * ring, "CODE<TAB>X,Y X,Y ...", X the longitude and Y the latitude in
 * thousandths of a degree (integers), at least 3 points. Rings of a code
 * are filled together (even-odd, so a ring inside another is a hole);
 * codes are drawn in the order of their first ring.
 *
 * Drawing: an equirectangular projection scaled by the cosine of the
 * middle latitude; one <path data-region="CODE"> per region, its name
 * and value in a <title> (shown on hover); regions without a value
 * hatched ("no data"), masked values (report --suppress) cross-hatched.
 * Classes: ts_map_breaks (up to five, quantiles of the values).
 */
#ifndef TS_SVGMAP_H
#define TS_SVGMAP_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

typedef struct ts_outlines ts_outlines;

/*
 * Parses the outline text P[0..N); NAME is used in messages. Returns the
 * outlines (free with ts_outlines_free), or NULL with E filled
 * (TS_EXIT_DATA) saying "NAME:LINE: reason". Never reads past P + N.
 */
ts_outlines *ts_outlines_parse(const uint8_t *p, size_t n, const char *name,
    ts_error *e);
/*
 * Loads share/regions/CC.outline for the country CC (two letters, any
 * case). Returns NULL with E's status TS_EXIT_OK when there is no such
 * file (no map for that country), NULL with E filled when it cannot be
 * read (TS_EXIT_IO) or parsed (TS_EXIT_DATA).
 */
ts_outlines *ts_outlines_load(const char *cc, ts_error *e);
void ts_outlines_free(ts_outlines *o);
/* Regions (distinct codes) in drawing order, and their codes. */
size_t ts_outlines_count(const ts_outlines *o);
const char *ts_outlines_code(const ts_outlines *o, size_t i);
/* The parent of CODE when a "%inside" line names it, else NULL. */
const char *ts_outlines_parent(const ts_outlines *o, const char *code);

enum ts_map_state {
	TS_MAP_NODATA = 0,  /* no value: hatched */
	TS_MAP_VALUE,       /* value: filled by its class */
	TS_MAP_MASKED       /* a value hidden by suppression: cross-hatched */
};

/* One region's value. Strings are not copied. */
typedef struct ts_map_region {
	const char *code;       /* as in the outlines */
	const char *name;       /* for the <title>; NULL: the code */
	int state;              /* enum ts_map_state */
	double value;           /* TS_MAP_VALUE: the value (>= 0) */
	const char *shown;      /* the value as printed ("2 903", "<10"),
	                           NULL: formatted from VALUE */
} ts_map_region;

#define TS_MAP_MAXCLASSES 5

/* Class I holds the values V with lo[I] <= V <= hi[I]. */
typedef struct ts_map_classes {
	size_t n;
	double lo[TS_MAP_MAXCLASSES], hi[TS_MAP_MAXCLASSES];
	const char *color[TS_MAP_MAXCLASSES];
	int tenths;             /* the values are tenths (a rate with one
	                           decimal, "12,5"): labels show the decimal;
	                           set by the caller after ts_map_breaks */
} ts_map_classes;

/*
 * Class breaks of the N values V (any order) greater than 0 (a value of
 * 0 is drawn apart, in light grey, as "0"): as many classes as distinct
 * values, at most five; the breaks are the quantiles k/n of the values
 * (n the number of classes) rounded up to two significant digits, the
 * first class starting at the smallest value rounded down to two, the
 * last ending at the largest value. Colours from light to dark blue.
 * N may be 0 (no classes).
 */
void ts_map_breaks(const double *v, size_t n, ts_map_classes *c);
/*
 * The label of class I in LANG into BUF (2 * TS_NUMFMT_MAX + 8 bytes):
 * "1 200 – 2 500", the counts it holds (a class after the first starts
 * one above the previous one's end), or "40" for a single value; with
 * C->tenths, "1,2 – 2,5" (a class starting a tenth above the previous).
 */
char *ts_map_class_label(const ts_map_classes *c, size_t i, int lang,
    char *buf);

/* The fill of a region whose value is 0. */
#define TS_MAP_ZERO_FILL "#f7f7f7"
/* The class of V, or -1 when it is in none. */
int ts_map_class(const ts_map_classes *c, double v);

typedef struct ts_svgmap_opts {
	int lang;               /* enum ts_lang: number format, legend words */
	const char *title;      /* accessible name and, with LEGEND, a
	                           heading; NULL: none */
	const char *id_prefix;  /* prefix of the ids of the hatch patterns
	                           (ASCII letters, digits, '-'); NULL: "map-" */
	int legend;             /* draw the legend (classes, no data, masked)
	                           under the map, in the SVG */
	int standalone;         /* an SVG file (XML declaration, size in
	                           pixels) rather than an element to inline in
	                           HTML (viewBox only, width 100%) */
} ts_svgmap_opts;

/*
 * Draws the map of O with the NR values R (codes not in O are ignored;
 * regions of O without an entry are "no data"; a region named by an
 * "%inside" line is drawn only when R has it). Returns the SVG, a
 * NUL-terminated string the caller frees, its length in *len.
 */
char *ts_svgmap(const ts_outlines *o, const ts_map_region *r, size_t nr,
    const ts_map_classes *cl, const ts_svgmap_opts *opt, size_t *len);

/* The words of the legend in LANG: "Sin datos" / "No data", ... */
const char *ts_map_word_nodata(int lang);
const char *ts_map_word_masked(int lang);

#endif
