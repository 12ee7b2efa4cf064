/*
 * plot_int.h - internals shared by the plot modules (not a public
 * interface):
 *
 *   plot_text.c    growing strings, labels fit to draw, gnuplot quoting,
 *                  numbers as the axes print them
 *   plot_data.c    ts_plot_data: cells by (year, month, series)
 *   plot_load.c    ts_plot_load: records or a table into ts_plot_data
 *   plot_model.c   ts_chart: what is drawn
 *   plot_build.c   ts_plot_chart: a ts_chart from ts_plot_data
 *   plot_script.c  the gnuplot script of a ts_chart
 *   plot_render.c  running gnuplot, SVG for HTML pages
 */
#ifndef TS_PLOT_INT_H
#define TS_PLOT_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "plot.h"
#include "strmap.h"
#include "util.h"

/* ---- growing strings (plot_text.c) ---------------------------------- */

/* A NUL-terminated string that grows; start from { 0 }, free p. */
typedef struct ts_pbuf {
	char *p;
	size_t n, cap;
} ts_pbuf;

void ts_pb_add(ts_pbuf *b, const char *p, size_t n);
void ts_pb_puts(ts_pbuf *b, const char *s);
void ts_pb_printf(ts_pbuf *b, const char *fmt, ...) TS_PRINTF(2, 3);
/* S as a gnuplot single-quoted string. */
void ts_pb_quote(ts_pbuf *b, const char *s);
/* S as the label of an explicit tic ('%' doubled, then quoted). */
void ts_pb_quote_tic(ts_pbuf *b, const char *s);
/* A data value the way gnuplot reads it back exactly ("NaN" for NaN). */
void ts_pb_num(ts_pbuf *b, double v);
/*
 * A copy of P[0..n) fit to be a label: control characters become
 * spaces, invalid UTF-8 bytes '?', text past MAXCHARS characters cut
 * with an ellipsis. Caller frees.
 */
char *ts_plot_clean_label(const char *p, size_t n, size_t maxchars);
/* Tick step: 1, 2, 2.5 or 5 times a power of ten, about MAX / 5. */
double ts_plot_nice_step(double max, int integral);

/* ---- data cells (plot_data.c) ---------------------------------------- */

/*
 * Cells are kept at three levels, so that a chart over months, over
 * years or of totals reads its numbers directly (and distinct counts are
 * counted at the level they are drawn at): 0 = (year, month, series),
 * 1 = (year, series), 2 = (series).
 */
#define NLEVELS 3

struct ts_plot_level {
	ts_map *keys;       /* packed cell key -> id */
	double *v;
	uint64_t *rows;     /* table rows that went into the cell */
	uint64_t *known;    /* those of them whose value was known */
	size_t cap;
};

/*
 * A set of (cell id, item id) pairs, packed in 64 bits: open addressing
 * over plain integers, 8 bytes a slot, since there may be millions of
 * pairs (every patient in every month and category).
 */
struct ts_plot_pairset {
	uint64_t *slots;    /* pair + 1; 0 marks an empty slot */
	size_t mask, n;
};

struct ts_plot_data {
	ts_map *series;
	struct ts_plot_level lv[NLEVELS];
	ts_map *items;      /* distinct items (patients) -> item id */
	struct ts_plot_pairset seen[NLEVELS]; /* (cell, item) pairs seen per level */
	unsigned levels;    /* levels that count distinct items */
	int distinct;       /* values are distinct counts from a table */
	int nonadditive;    /* distinct counts, from a table or counted here */
	uint64_t nrows;
	int miny, maxy, has_month, has_year;
	ts_map *srcreg;     /* "source \x1f region" seen (--by region) */
};

struct ts_plot_cellkey {
	int32_t year, month;
	uint32_t sid;
};

#define KEYLEN 12

static inline struct ts_plot_cellkey
ts_plot_cellkey_unpack(ts_str k)
{
	struct ts_plot_cellkey c;

	memcpy(&c.year, k.p, 4);
	memcpy(&c.month, k.p + 4, 4);
	memcpy(&c.sid, k.p + 8, 4);
	return c;
}

/* ---- chart model (plot_model.c) ---------------------------------------- */

struct ts_chart_series {
	char *name;
	int flags;
	double *v;          /* nx values; capacity xcap */
};

struct ts_chart {
	int kind, lang;
	char *title, *xlabel, *ylabel;
	char **x;
	size_t nx, xcap;
	struct ts_chart_series *s;
	size_t ns, scap;
	int month0;         /* x are months from this one (1-12), or 0 */
};

#endif
