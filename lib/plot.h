/*
 * plot.h - charts of telehealth figures, drawn by gnuplot.
 *
 * Three layers, each usable on its own:
 *
 *   ts_plot_data   accumulates a metric by (year, month, series): from an
 *                  aggregate table or raw records (ts_plot_load), or from
 *                  figures a program already holds (ts_plot_data_add).
 *   ts_chart       what is drawn, independent of the output format: kind,
 *                  title, axis labels, the x labels and one row of values
 *                  per series. Built from a ts_plot_data by ts_plot_chart
 *                  (which picks the x axis, keeps the top N series and
 *                  folds the rest into "Otros"/"Others", and writes titles
 *                  in Spanish or English), or piece by piece with
 *                  ts_chart_new, ts_chart_add_x and ts_chart_add_series.
 *   rendering      ts_plot_script writes the gnuplot script for a chart;
 *                  ts_plot_render runs gnuplot (gnuplot.h) and returns the
 *                  image bytes; ts_plot_svg and ts_plot_svg_inline are the
 *                  forms an HTML report embeds.
 *
 * Numbers on axes and labels are formatted here, never by gnuplot or the
 * C locale: "1 609 073" in Spanish (a space between thousands, as the
 * observatories print them) and "1,609,073" in English. Tick positions
 * are computed here too (steps of 1, 2, 2.5 or 5 times a power of ten),
 * so the same chart gives the same bytes on every machine.
 *
 * Example: a report that holds yearly totals per category.
 *
 *	ts_plot_data *d = ts_plot_data_new();
 *	ts_plot_data_add(d, 2024, 0, "teleconsulta", 12, 690112);
 *	ts_plot_data_add(d, 2025, 0, "teleconsulta", 12, 808027);
 *	...
 *	ts_plot_opts o = TS_PLOT_OPTS_INIT;   (lines, x = year, Spanish)
 *	o.by = "category";
 *	o.taxonomy = tax;                     (labels "Teleconsulta", ...)
 *	char *err, *svg;
 *	size_t len;
 *	ts_chart *c = ts_plot_chart(d, &o, &err);
 *	if (c == NULL) { ... err says why; free(err) ... }
 *	switch (ts_plot_svg_inline(c, "c1-", &svg, &len, &err)) {
 *	case 0: emit svg[0..len); free(svg); if (err) { warn; free(err); }
 *	case TS_EXIT_DEP: "charts need gnuplot": print err; free(err);
 *	default: gnuplot failed: print err (several lines); free(err);
 *	}
 *	ts_chart_free(c);
 *	ts_plot_data_free(d);
 */
#ifndef TS_PLOT_H
#define TS_PLOT_H

#include <stddef.h>
#include <stdint.h>

#include "numfmt.h"
#include "records.h"
#include "report_specialty.h"
#include "spellings.h"
#include "taxonomy.h"

enum ts_chart_kind {
	TS_CHART_LINES = 0, /* one line per series across x */
	TS_CHART_BARS,      /* horizontal bars, largest on top; series 0 only */
	TS_CHART_SHARE      /* 100 % stacked bars: each series' share per x */
};

enum ts_plot_term {
	TS_TERM_PNG = 0,    /* pngcairo */
	TS_TERM_SVG,        /* svg */
	TS_TERM_PDF,        /* pdfcairo */
	TS_TERM_DUMB        /* text, for terminals and cron mail */
};

/* Languages are those of the report: enum ts_lang (numfmt.h). */

enum ts_plot_x { TS_X_AUTO = 0, TS_X_YEAR, TS_X_MONTH };

/* Default image size, in pixels (PDF: hundredths of an inch). */
#define TS_PLOT_WIDTH 900
#define TS_PLOT_HEIGHT 500
/* Default text chart size, in characters. */
#define TS_PLOT_DUMB_WIDTH 79
#define TS_PLOT_DUMB_HEIGHT 24

/* ---- number formatting ------------------------------------------------ */

/*
 * Formats V rounded to an integer with thousands separators for LANG
 * ("1 609 073", "1,609,073") into BUF (at least 32 bytes); returns the
 * length. Values beyond +-1e18 are printed without separators.
 */
size_t ts_plot_fmt_int(char *buf, double v, int lang);
/* Like ts_plot_fmt_int, for tick values that may have one decimal. */
size_t ts_plot_fmt_tick(char *buf, double v, int lang);

/* ---- data ----------------------------------------------------------- */

typedef struct ts_plot_data ts_plot_data;

ts_plot_data *ts_plot_data_new(void);
void ts_plot_data_free(ts_plot_data *d);

/*
 * Adds V to the cell (YEAR, MONTH, SERIES). YEAR 0 means unknown (the
 * cell is left out of line charts over years, and counted in bars);
 * MONTH 0 means the whole year or unknown (left out of monthly charts).
 * SERIES is N bytes, copied; "" is the unknown value. V NaN is a value
 * not known (an empty attendees cell, telestat-records(5)): the row is
 * counted in the cell, its value in no sum, and a chart position that
 * only unknown values reach is drawn as unknown (no point, no bar)
 * rather than 0.
 */
void ts_plot_data_add(ts_plot_data *d, int year, int month, const char *series,
    size_t n, double v);
/*
 * For distinct counts (patients from raw records): adds 1 to each cell
 * the chart may use ((year, month, series), (year, series) and (series))
 * only the first time ITEM is seen in that cell.
 */
void ts_plot_data_add_distinct(ts_plot_data *d, int year, int month,
    const char *series, size_t n, const char *item, size_t itemlen);
/*
 * Distinct counts cost memory per (cell, item) pair; a caller that knows
 * the chart it will draw (KIND, and X for lines and shares: TS_X_AUTO
 * means either) can have only the cells that chart uses counted. Call
 * before adding; by default every level is counted.
 */
void ts_plot_data_count_levels(ts_plot_data *d, int kind, int x);
/*
 * Marks the values as distinct counts read from a table: they are not
 * additive, so ts_plot_chart refuses a chart that would add two rows of
 * the table into one point, and draws no "Others" series.
 */
void ts_plot_data_set_distinct(ts_plot_data *d);
/*
 * With series by region: notes that SOURCE has rows of REGION, so that
 * ts_plot_data_fold_regions decides the region level as the report does.
 */
void ts_plot_data_source_region(ts_plot_data *d, ts_str source, ts_str region);
/*
 * Folds child regions (PE-LMA) into their parents (PE-LIM) when some
 * source reports at the coarser level, as telestat-report(1) does
 * (share/regions/levels.tsv). Sets *NOTE to a message naming the
 * regions folded ("PE-LMA within PE-LIM"), or one saying why they were
 * not (distinct counts cannot be added), or NULL; the caller frees it.
 * Returns 0, or -1 with E filled when levels.tsv cannot be read.
 */
int ts_plot_data_fold_regions(ts_plot_data *d, char **note, ts_error *e);
/* Number of ts_plot_data_add / _add_distinct calls so far. */
uint64_t ts_plot_data_rows(const ts_plot_data *d);
/* Years seen (non-zero), for titles: 0 when none. */
int ts_plot_data_min_year(const ts_plot_data *d);
int ts_plot_data_max_year(const ts_plot_data *d);
/* 1 when some cell has a month, 1 when some cell has a year. */
int ts_plot_data_has_month(const ts_plot_data *d);
int ts_plot_data_has_year(const ts_plot_data *d);

/*
 * What ts_plot_load reads from each record. METRIC is the column added
 * up, with these meanings for the metric names of telestat-aggregate(1):
 *   count     empty field or missing column: the row counts 1 act;
 *   records   the "records" column if present, else 1 per row;
 *   patients  the "patients" column of a table (distinct counts, see
 *             ts_plot_data_set_distinct), else distinct values of the
 *             "patient" column of raw records.
 * Any other column must exist; an empty field adds 0. BY names the
 * series column (NULL: a single series). The year and month come from
 * the "year" and "month" columns, else from "date" (YYYY-MM-DD).
 * NEED_X names the axis the caller will draw, so that a missing column
 * is reported at once.
 */
typedef struct ts_plot_input {
	const char *metric;
	const char *by;
	int need_x;         /* TS_X_AUTO (nothing required), _YEAR, _MONTH */
	/*
	 * Actions as telestat-report(1) counts them: with a "category"
	 * column, records that are not telehealth actions (unclassified,
	 * empty, or a category of unknown kind: TAX, else the with_patient
	 * column) are left out and counted in ts_plot_stats.left_out,
	 * unless KEEP_UNCLASSIFIED. TAX may be NULL (only the with_patient
	 * column and the name "unclassified" then decide).
	 */
	int keep_unclassified;
	const ts_taxonomy *tax;
	/*
	 * BY "specialty": series by normalized spelling ("RADIOLOGIA" and
	 * "Radiología" are one), counted in SPELLINGS, as the report does;
	 * NULL: series as written.
	 */
	ts_spellings *spellings;
} ts_plot_input;

typedef struct ts_plot_stats {
	uint64_t rows;      /* records read */
	uint64_t rejected;  /* records reported and left out */
	uint64_t left_out;  /* records that are not actions (unclassified) */
	uint64_t unknown;   /* records whose value is not known (attendees) */
} ts_plot_stats;

/*
 * Reads every record of R (which the caller still owns and frees) into
 * D. A record with a malformed number, year, month or date is reported
 * as "PROG: FILE:LINE: column NAME: reason \"value\"" and left out.
 * Returns TS_EXIT_OK; TS_EXIT_DATA when records were rejected;
 * TS_EXIT_IO when reading failed; -1, after the missing-column message
 * (ts_reader_missing) and before reading any record, when a column the
 * chart needs is missing.
 * Adds to *ST.
 */
int ts_plot_load(ts_plot_data *d, ts_reader *r, const ts_plot_input *in,
    ts_plot_stats *st);

/* ---- charts ------------------------------------------------------------ */

typedef struct ts_chart ts_chart;

/* An empty chart of KIND in LANG: no title, no labels, size 900x500. */
ts_chart *ts_chart_new(int kind, int lang);
void ts_chart_free(ts_chart *c);
/* Strings are copied; NULL clears. */
void ts_chart_set_title(ts_chart *c, const char *title);
void ts_chart_set_axes(ts_chart *c, const char *xlabel, const char *ylabel);
/*
 * Appends a position on the category axis (a year, a month, a region
 * for bars) labelled LABEL (copied); returns its index. Series added
 * before get NaN (no value) there.
 */
size_t ts_chart_add_x(ts_chart *c, const char *label);
/*
 * Appends a series named NAME (copied) with ts_chart_nx(c) VALUES
 * (copied; NaN = no value, drawn as a gap); returns its index. Bars use
 * series 0, one bar per x position. TS_CHART_OTHERS_FLAG in FLAGS marks
 * the "Others" of a top-N chart, drawn in grey (dashed for lines); for
 * bars it marks the last bar as "Others". TS_CHART_MUTED_FLAG draws a
 * line series the same way, grey and dashed, for a comparison that
 * stays in the background (last year's curve under this year's).
 */
size_t ts_chart_add_series(ts_chart *c, const char *name, const double *values,
    int flags);
#define TS_CHART_OTHERS_FLAG 1
#define TS_CHART_MUTED_FLAG 2

size_t ts_chart_nx(const ts_chart *c);
size_t ts_chart_nseries(const ts_chart *c);
int ts_chart_kind(const ts_chart *c);
const char *ts_chart_title(const ts_chart *c);   /* "" when none */
const char *ts_chart_xlabel(const ts_chart *c);
const char *ts_chart_ylabel(const ts_chart *c);
const char *ts_chart_x(const ts_chart *c, size_t i);
const char *ts_chart_series_name(const ts_chart *c, size_t s);
int ts_chart_series_flags(const ts_chart *c, size_t s);
double ts_chart_value(const ts_chart *c, size_t s, size_t i);

/* Options of ts_plot_chart; start from TS_PLOT_OPTS_INIT. */
typedef struct ts_plot_opts {
	int kind;                    /* enum ts_chart_kind */
	int x;                       /* enum ts_plot_x (lines and share) */
	int lang;                    /* enum ts_lang (numfmt.h) */
	size_t top;                  /* series (bars: bars) kept; 0 = all */
	const char *metric;          /* "count", ... for labels */
	const char *by;              /* series column, for labels; NULL: none */
	const char *title;           /* NULL: written from the above */
	const ts_taxonomy *taxonomy; /* category labels; may be NULL */
	const struct ts_regiondb *regions; /* region names for BY "region";
	                                      may be NULL (codes shown) */
	/* BY "specialty": the series are normalized forms, shown by their
	 * display label (SPEC_LABELS), else the spelling most rows use. */
	const ts_spellings *spellings;
	const ts_spec_labels *spec_labels;  /* may be NULL */
} ts_plot_opts;

#define TS_PLOT_TOP 6
#define TS_PLOT_TOP_BARS 15
#define TS_PLOT_OPTS_INIT { TS_CHART_LINES, TS_X_AUTO, TS_LANG_ES, \
	TS_PLOT_TOP, "count", NULL, NULL, NULL, NULL, NULL, NULL }

/*
 * Builds the chart of D. Lines and share charts put years (or months:
 * with TS_X_AUTO, when D holds months of a single year) on x and one
 * series per BY value, largest total first, at most TOP of them plus one
 * "Otros"/"Others" series holding the rest (no "Others" when only one
 * series would go in it, nor for distinct counts). Bars draw the total
 * of each BY value, largest on top, TOP bars plus "Others". Series named
 * "" are shown as "(sin dato)"/"(unknown)"; with BY "category" and a
 * taxonomy, categories get their labels in LANG.
 *
 * Returns a chart the caller frees with ts_chart_free, or NULL with *err
 * (caller frees) saying why: nothing to draw, distinct counts that
 * would have to be added up, or shares of distinct counts. When NOTES
 * is not NULL it says what the chart leaves out, which the caller should
 * report.
 */
typedef struct ts_plot_notes {
	double left_out;          /* value of cells with no place on the x
	                             axis (unknown year or month) */
	uint64_t left_out_rows;   /* rows that went into those cells */
	size_t dropped_series;    /* distinct counts: series past TOP, not
	                             drawn (they cannot go into "Others") */
} ts_plot_notes;

ts_chart *ts_plot_chart(const ts_plot_data *d, const ts_plot_opts *o,
    ts_plot_notes *notes, char **err);

/* ---- rendering ---------------------------------------------------------- */

/*
 * The gnuplot script that draws C on TERM at WIDTH x HEIGHT (pixels;
 * characters for TS_TERM_DUMB; 0 = the defaults above), data inline.
 * Every string from the data is written as a single-quoted gnuplot
 * string with control characters and invalid UTF-8 replaced, so no
 * label can run a command. Returns a NUL-terminated string the caller
 * frees; *len (when not NULL) is its length.
 */
char *ts_plot_script(const ts_chart *c, int term, int width, int height,
    size_t *len);

/*
 * Draws C with gnuplot. Returns 0 with *img (caller frees) and *len the
 * image: PNG, SVG or PDF bytes, or for TS_TERM_DUMB the text with
 * trailing spaces and blank lines removed and a final newline; a NUL
 * byte (not counted in *len) follows the image, so SVG and text can be
 * used as C strings. PDF files carry their creation time; PNG, SVG and
 * text are the same bytes for the same chart and gnuplot. *err is
 * NULL or warnings gnuplot printed (caller frees). Returns TS_EXIT_DEP
 * when gnuplot is missing and TS_EXIT_IO when it failed or wrote no
 * image, with *img NULL and *err (caller frees) saying why, possibly on
 * several lines (see ts_gnuplot_run).
 */
int ts_plot_render(const ts_chart *c, int term, int width, int height,
    char **img, size_t *len, char **err);

/* ts_plot_render to a standalone SVG document at the default size. */
int ts_plot_svg(const ts_chart *c, char **svg, size_t *len, char **err);

/*
 * The SVG for embedding in an HTML page: no XML declaration, gnuplot's
 * <title> and <desc> replaced by the chart title, the fixed width and
 * height replaced by a viewBox scaled by CSS (style max-width:100%),
 * and every id (and reference to it) prefixed with ID_PREFIX so that
 * several charts can share one page. ID_PREFIX must be made of ASCII
 * letters, digits, '-' and '_' (e.g. "chart1-"). Same return values and
 * ownership as ts_plot_render.
 */
int ts_plot_svg_inline(const ts_chart *c, const char *id_prefix, char **svg,
    size_t *len, char **err);

/*
 * ts_plot_svg_inline drawn at WIDTH x HEIGHT pixels (0 = the default)
 * and shown as wide as the page allows up to MAX_WIDTH pixels (0: no
 * limit). A page whose text is larger than the chart's 12 px draws the
 * chart smaller than it shows it, so that the chart's text scales up
 * with it.
 */
int ts_plot_svg_inline_size(const ts_chart *c, const char *id_prefix,
    int width, int height, int max_width, char **svg, size_t *len, char **err);

/* Term name ("png", "svg", "pdf", "dumb") to enum, or -1. */
int ts_plot_term_from_name(const char *name);

/* The whole verb, telestat-plot(1) (plot_run.c). */
struct ts_plot_run_opts {
	ts_plot_opts chart;             /* metric, lang and title; the run
	                                   sets the rest */
	const char *by;                 /* --by; NULL: category if present */
	const char *bars;               /* --bars COLUMN (then BY is it) */
	int x;                          /* --x: enum ts_plot_x */
	int stacked;                    /* shares of each series */
	long long top;                  /* --top; < 0: the kind's default */
	int keep_unclassified;          /* --unclassified */
	int script;                     /* the gnuplot script, not drawn */
	int term, width, height;        /* enum ts_term; 0: default size */
	const char *output;             /* NULL: standard output */
	int map;                        /* --map: the total of each region
	                                   as a choropleth map (SVG), not a
	                                   chart; BARS is "region" */
	int map_rate;                   /* --map-metric rate: the total per
	                                   1 000 inhabitants of its year */
	const char *population;         /* --population FILE, or NULL:
	                                   share/population/<country>.tsv */
	const char *specialty_labels;   /* --specialty-labels FILE, or NULL:
	                                   share/specialties/ only */
	ts_progress *progress;          /* the progress line, or NULL; not
	                                   owned */
};

/*
 * Reads every input (records or an aggregate table), builds the chart
 * and writes it (or its script) to O's output, opened only once the
 * chart is drawn: a failed run leaves no file. Returns the exit status.
 */
int ts_plot_run(const struct ts_plot_run_opts *o, const struct ts_inputs *in);

/*
 * plot --map (plot_map.c): C is the bars chart of every region of D
 * (codes on x, totals in series 0); draws the regions of the country most
 * codes belong to (share/regions/XX.outline) as one SVG file with its
 * legend, titled O's title or "Acciones por región, YEARS", to O's
 * output. RVAL is the inputs' status. Returns the run's: TS_EXIT_DATA
 * when no code is of a country with outlines, TS_EXIT_IO when they
 * cannot be read.
 */
int ts_plot_map_write(const ts_chart *c, const ts_plot_data *d,
    const struct ts_plot_run_opts *o, int rval);

#endif
