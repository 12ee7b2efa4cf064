/*
 * report.h - the annual report, computed as data, then written by one of
 * the writers (report_text.c, report_md.c, report_html.c, report_csv.c,
 * report_json.c).
 *
 * Reading: ts_report_acc_read() streams records (or an aggregate table)
 * into group tables keyed by (section, year, value) and, for distinct
 * patients, one set per report year. Memory grows with distinct groups and
 * distinct patients of the report years, never with rows.
 *
 * Building: ts_report_build() picks the report year and the comparison
 * year, turns the group tables into the sections (each a ts_rtable of
 * rows and typed cells), registers every published count and every sum
 * that ties counts together with the suppression engine (suppress.h), and
 * applies --suppress. Writers only format what the model holds.
 */
#ifndef TS_REPORT_H
#define TS_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "out.h"
#include "records.h"
#include "taxonomy.h"

enum ts_report_format {
	TS_RFMT_TEXT, TS_RFMT_MD, TS_RFMT_HTML, TS_RFMT_CSV, TS_RFMT_JSON
};

/* The format named S ("text", "md", "html", "csv", "json"), or -1. */
int ts_report_format_parse(const char *s);

typedef struct ts_report_opts {
	int year;               /* report year; 0: the latest present */
	int compare;            /* 0: year - 1 when present; -1: none */
	int lang;               /* enum ts_lang */
	const char *rollup;     /* roll-up scheme or NULL */
	int64_t suppress;       /* mask cells below this; 0: off */
	size_t top;             /* rows of top-N tables */
	int patients_rule;      /* enum ts_patients_rule */
	const char *country;    /* "PE", "MX" or NULL: inferred */
	const char *regions;    /* region table path or NULL: share/regions */
	/* Run summaries (telestat-summary(5)) and old ingest logs (its
	 * stderr), added up for the data-quality section; not owned. */
	const char *const *summaries;
	size_t nsummaries;
	const char *const *ingest_logs;
	size_t ningest_logs;
	int32_t through;        /* --through: YYYYMMDD (DD the month's last
	                           day), or 0: where the report year's data
	                           ends */
	int full_year;          /* --full-year: whole years, even when the
	                           report year is incomplete */
	/* Figures beyond the counts (report_figures.h); paths not owned,
	 * NULL when not given. */
	const char *population; /* --population: region, year, population;
	                           NULL: share/population/<country>.tsv */
	const char *holidays;   /* --holidays: dates that are not working
	                           days */
	const char *facilities; /* --facilities: the expected network (code,
	                           name, lat, lon, region) */
	const char *targets;    /* --targets: year, [institution, region,
	                           category,] metric, goal */
	/* report --each: the column ("institution" or "region") and value
	 * this report is for; its targets are the rows naming that value,
	 * not those of the whole or of other values. NULL: a report of
	 * whatever the input holds. */
	const char *each_column, *each_value;
	const char *travel_categories; /* --travel-categories LIST; NULL:
	                           the default list */
	const char *const *hubs;       /* --hub [NAME=]LAT,LON, as given */
	size_t nhubs;
	double road_factor;     /* road km per great-circle km (1.3) */
	double speed_kmh;       /* average travel speed (50 km/h) */
	double cost_per_km;     /* 0: no cost */
	double cost_per_trip;
	const char *currency;   /* ISO 4217 code of the costs, or NULL */
	/* Presentation (report_present.h); strings not owned. */
	const char *title;      /* --title, or NULL: the default */
	const char *subtitle;   /* --subtitle: a line under the title */
	const char *sections;   /* --sections LIST, or NULL: all */
	const char *specialty_labels; /* --specialty-labels FILE, or NULL:
	                           share/specialties/ only */
	int32_t generated;      /* generation date YYYYMMDD; 0: none */
} ts_report_opts;

/* Sets the defaults (Spanish, top 10, no suppression, ...). */
void ts_report_opts_init(ts_report_opts *o);

/* Cells, rows, tables. */

enum ts_rkind {
	TS_RK_EMPTY,   /* nothing to show (e.g. change from zero) */
	TS_RK_TEXT,    /* text, left-aligned */
	TS_RK_INT,     /* count */
	TS_RK_PCT,     /* share, tenths of a percent */
	TS_RK_CHANGE,  /* change, tenths of a percent, signed */
	TS_RK_DEC1,    /* ratio, tenths */
	TS_RK_NA       /* not available (no input for it, or a month not
	                  reached yet): "—" or "n.d."/"n/a" (text) for
	                  people, null (JSON) or empty (CSV) for machines */
};

typedef struct ts_rcell {
	int kind;
	int64_t v;          /* INT: the value; PCT, CHANGE, DEC1: tenths */
	int masked;         /* hidden by --suppress: 1 below the threshold,
	                       2 to protect another cell (complement, or a
	                       share or change computed from a hidden cell) */
	const char *text;   /* TEXT: for people (owned by the report) */
	const char *code;   /* TEXT: for machines (CSV, JSON); NULL = text */
	int32_t q;          /* suppression cell of an INT, or -1 */
	int32_t dep[2];     /* suppression cells a derived cell uses, or -1 */
} ts_rcell;

enum ts_rrow_type { TS_RR_ITEM, TS_RR_SUBTOTAL, TS_RR_TOTAL };

typedef struct ts_rrow {
	char *key;          /* machine key: category, region code... ("" none) */
	char *label;        /* for people, in the report language */
	int level;          /* nesting: 0, 1, 2 */
	int type;           /* enum ts_rrow_type */
	ts_rcell *cells;    /* one per column */
} ts_rrow;

typedef struct ts_rcol {
	const char *id;     /* machine id: "value", "share_pct", ... */
	char *label;        /* heading in the report language */
	int kind;           /* enum ts_rkind of its cells (for alignment) */
} ts_rcol;

typedef struct ts_rtable {
	const char *id;         /* "summary", "categories", ... */
	char *title;            /* heading; NULL: continues the previous table */
	const char *key_id;     /* machine name of the row key ("region") */
	char *key_label;        /* heading of a shown key column, or NULL */
	char *label_label;      /* heading of the label column */
	ts_rcol *cols;
	size_t ncols;
	ts_rrow *rows;
	size_t nrows, caprows;
	char **notes;           /* sentences printed under the table */
	size_t nnotes;
} ts_rtable;

/* A chart of the HTML report (see ts_report_charts, ts_report_map). */
enum ts_rchart_kind { TS_RCHART_PLOT = 0, TS_RCHART_MAP };

typedef struct ts_rchart {
	const char *after;      /* id of the table it follows ("months") */
	int kind;               /* enum ts_rchart_kind */
	char *html;             /* HTML under the drawing (a map's legend),
	                           escaped already, or NULL */
	char *svg;              /* inline SVG (NUL-terminated), or NULL */
	size_t len;
	char *svg_narrow;       /* the same drawn for a phone's width (its
	                           text keeps its size), or NULL */
	size_t len_narrow;
	char *note;             /* what the chart leaves out, or NULL */
} ts_rchart;

typedef struct ts_report {
	int lang;
	int year;
	int compare;            /* 0: no comparison year */
	int cut;                /* months compared: 1..cut of both years
	                           (year to date); 0: whole years */
	int32_t through;        /* latest date with data in the report year
	                           (YYYYMMDD, DD 00 or MMDD 0000 when only
	                           the month or year is known) */
	struct ts_rsource {     /* the same per source, when several */
		char *name;
		int32_t through;
		ts_str key;     /* as in the data (escaped); owned by the
		                   accumulator, valid while building */
	} *sources;
	size_t nsources;
	char *period[2];        /* with a cut: "enero–marzo 2026" for the
	                           report and comparison years; else NULL */
	int partial;            /* the report year's data ends months before
	                           the comparison year's (flagged in coverage) */
	char *rollup;           /* NULL: none */
	int64_t suppress;       /* 0: off */
	size_t masked_primary, masked_complement;
	char *title;
	char *lead;             /* --subtitle, shown under the title, or NULL */
	char *subtitle;         /* what is compared, the sources, data through */
	int32_t generated;      /* YYYYMMDD, or 0 */
	/* The headline: total actions, comparison, change (summary's total). */
	const ts_rrow *headline;
	ts_rtable **tables;
	size_t ntables;
	char **notes;
	size_t nnotes;
	char **strings;         /* owned strings that TEXT cells point to */
	size_t nstrings;
	ts_rchart *charts;      /* drawn by ts_report_charts */
	size_t ncharts;
	char *headline_more;    /* a sentence the headline ends with (the
	                           progress to a target), or NULL */
} ts_report;

typedef struct ts_report_acc ts_report_acc;

/* TAX must outlive the accumulator; OPTS is copied. */
ts_report_acc *ts_report_acc_new(const ts_report_opts *opts,
    const ts_taxonomy *tax);
void ts_report_acc_free(ts_report_acc *a);

/*
 * Reads every record of R (not freed). Returns TS_EXIT_OK, TS_EXIT_DATA
 * when rows were rejected or a required column is missing (each reported
 * on stderr), or TS_EXIT_IO when reading failed.
 */
int ts_report_acc_read(ts_report_acc *a, ts_reader *r);

/*
 * Builds the report from what was read. Returns NULL after printing why
 * (no records, no records in the requested year) with *status set.
 * The report is freed with ts_report_free.
 */
ts_report *ts_report_build(ts_report_acc *a, int *status);
void ts_report_free(ts_report *r);

/*
 * Draws the charts of R with gnuplot, as inline SVG for the HTML writer,
 * which puts each one under its table:
 *   - actions per year and category, over the years A read up to the
 *     report year (at most the last 15; only when there are two or more),
 *     top 6 categories plus "Others";
 *   - actions per month of the report year, with the comparison year's
 *     curve in grey;
 *   - actions by region in the report year, top 15 plus "Others".
 * The values are those of the tables. Under --suppress a chart shows no
 * value the tables mask (a gap, or a bar left out, with a note), no
 * "Others" (a sum that could give a masked cell away), and, for years
 * the tables do not cover, no value below the threshold.
 * Returns 0; TS_EXIT_DEP when gnuplot is missing: R then holds no chart
 * and *msg (caller frees) says so to the operator (never on the page); TS_EXIT_IO when gnuplot failed, *msg (caller frees) saying
 * how on one or more lines. *msg is NULL or (caller frees) warnings
 * gnuplot printed when 0 is returned.
 */
int ts_report_charts(ts_report *r, const ts_report_acc *a, char **msg);

/*
 * The map of the HTML report: regions coloured by their actions in the
 * report year (the regions table's values), drawn from the outlines of
 * COUNTRY ("PE", "MX"; NULL: the country of most region codes), put
 * first under the regions table, with its legend (report_map.c, svgmap.h).
 * Nothing is added when R has no regions table or there are no outlines
 * for the country. Returns 0, or TS_EXIT_IO after a message when the
 * country's outlines are installed but cannot be read.
 */
int ts_report_map(ts_report *r, const char *country);

/*
 * report --fail-on: conditions a cron job fails on (exit 1, one line on
 * stderr per failed condition), checked on the report once built.
 */
enum ts_fail_cond {
	TS_FAIL_UNCLASSIFIED = 1 << 0,  /* unclassified share > threshold */
	TS_FAIL_REJECTED = 1 << 1,      /* rows rejected (report's reading or
	                                   ingest's) > threshold */
	TS_FAIL_NOT_REPORTED = 1 << 2,  /* an expected entity did not report */
	TS_FAIL_STOPPED = 1 << 3,       /* an entity stopped reporting */
	TS_FAIL_PARTIAL_YEAR = 1 << 4,  /* the report year's data end before
	                                   December */
	TS_FAIL_DUPLICATES = 1 << 5     /* duplicates found, or not known */
};

typedef struct ts_report_gates {
	unsigned conds;                 /* enum ts_fail_cond bits */
	int64_t unclassified_tenths;    /* thresholds, tenths of a percent */
	int64_t rejected_tenths;
} ts_report_gates;

/*
 * Parses LIST ("unclassified>5%,rejected>1%,stopped") into G (adding to
 * it). Returns 0, or -1 with E filled (TS_EXIT_USAGE) saying why.
 */
int ts_report_fail_on_parse(const char *list, ts_report_gates *g,
    ts_error *e);
/*
 * Checks G on R: prints "PROG: fail-on COND: why" on stderr for each
 * failed condition; returns how many failed.
 */
size_t ts_report_fail_on_check(const ts_report *r, const ts_report_gates *g);

/*
 * Checks a --hub value, "[NAME=]LAT,LON" in decimal degrees: NULL when
 * it is one, else why not (a static string).
 */
const char *ts_report_hub_invalid(const char *s);

/* Writes R in FORMAT to O. */
void ts_report_write(const ts_report *r, int format, ts_out *o);

/* Writers (called by ts_report_write). */
void ts_report_write_text(const ts_report *r, ts_out *o);
void ts_report_write_md(const ts_report *r, ts_out *o);
void ts_report_write_html(const ts_report *r, ts_out *o);
void ts_report_write_csv(const ts_report *r, ts_out *o);
void ts_report_write_json(const ts_report *r, ts_out *o);

/*
 * Shared by the writers for people: cell C as text in language LANG
 * (masked cells as "<N" when below the threshold, else "x"), into BUF of
 * TS_REPORT_CELL_MAX bytes; returns it (or C's own text).
 */
#define TS_REPORT_CELL_MAX 64
const char *ts_report_cell_str(const ts_report *r, const ts_rcell *c,
    char *buf);
/*
 * Date D (ts_report.through) for machines: "2026-03-31", "2026-03" when
 * only the month is known, "2026"; "" for 0. BUF: 16 bytes.
 */
const char *ts_report_iso_date(int32_t d, char *buf);
/* The headline sentence ("Total de acciones ... : 8 102 465 (+x %) ...");
 * caller frees. */
char *ts_report_headline(const ts_report *r);

#endif
