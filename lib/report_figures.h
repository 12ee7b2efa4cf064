/*
 * report_figures.h - the report's figures beyond the counts, private to
 * the report modules:
 *   report_figures.c     what is kept while reading, side tables, labels;
 *   report_rates.c       actions per 1 000 inhabitants, actions per day;
 *   report_facilities.c  active, new and stopped facilities, the network;
 *   report_targets.c     progress to the --targets goals;
 *   report_travel.c      avoided travel (an estimate).
 *
 * While reading, report.c hands each counted row (not rejected, not in an
 * excluded category) to ts_rfig_row(), which keeps:
 *   - actions per calendar day of each year (a 12 x 32 table a year; day
 *     0 of a month: rows whose day is not known);
 *   - actions per (year, facility), by month;
 *   - actions per (year, category, hub, region [, facility]), by month, for
 *     the categories whose patients would otherwise travel, and the
 *     distinct (patient, day) pairs of each such key and month: the
 *     trips, at most one per patient and day (in bounded memory, see
 *     distinct.h);
 *   - each target's actions per month (and its facilities).
 * The facility and travel tables hold at most TS_RFIG_MAX_KEYS keys each
 * (about 10 MB each whatever the data); with --year, only the report and
 * comparison years are kept. A row that would add a key past the bound is
 * not kept there, and the section it feeds shows n/a with a note saying
 * so, never a figure that leaves rows out.
 */
#ifndef TS_REPORT_FIGURES_H
#define TS_REPORT_FIGURES_H

#include "distinct.h"
#include "report_int.h"
#include "sidetable.h"
#include "strmap.h"

#define TS_RFIG_MAX_KEYS 65536
/* Memory of the set of (patient, day) pairs of the trips before it
 * spills to temporary files (distinct.h). */
#define TS_RFIG_TRIPS_MEMORY (4u * 1024 * 1024)
/* Rows of the list of network facilities that did not report. */
#define TS_RFIG_MISSING_ROWS 100

/* Actions by month of one key (0: month not known). */
struct ts_rmonths {
	int64_t m[13];
};

struct ts_rday {
	int64_t d[13][32];      /* [month][day]; month 0, day 0: not known */
};

/* A named hub (--hub NAME=LAT,LON): where the specialists of the rows of
 * an institution or source are. Index 0 is the default hub. */
struct ts_rhub {
	char *name;             /* NULL: the default */
	double lat, lon;
	int given;              /* coordinates given (else: the country's
	                           national referral centre) */
};

struct ts_rtarget {
	int year;
	char *inst, *region, *cat;  /* filters, "" none */
	int metric;             /* enum ts_rmetric */
	int64_t goal;
	size_t line;            /* in the targets file */
	int64_t actions[13];    /* per month, 0: not known */
	ts_map *facs;           /* TM_FACILITIES: month(1) facility */
	int full;               /* facs reached its bound */
};

enum ts_rmetric { TM_ACTIONS, TM_FACILITIES };

typedef struct ts_rfig {
	/* Failure to load a side table: the report is not built. */
	int status;
	char *err;

	ts_map *years;          /* year (2 bytes) -> index in days */
	struct ts_rday *days;
	int64_t nodate_rows;    /* rows without a full date */

	int only[2];            /* --year: the years kept (0: every year) */

	ts_map *fac;            /* year(2) facility -> id */
	struct ts_rmonths *fac_months;
	size_t fac_cap;
	int fac_full;
	ts_map *fac_region;     /* facility -> region, first seen (an index
	                           into fac_region_of) */
	uint32_t *fac_region_of; /* facility id -> id in regions, or
	                           UINT32_MAX when the row had no region */
	size_t fac_region_n;
	ts_map *regions;        /* region codes seen with a facility */

	ts_map *tcats;          /* travel categories -> 1-byte id */
	ts_map *trav;           /* year(2) cat(1) hub(1) region \x1f
	                           facility -> id */
	struct ts_rmonths *trav_months;
	struct ts_rmonths *trav_anon;   /* actions without a patient or a
	                           full date: no trip can be counted */
	size_t trav_cap, trav_anon_cap;
	ts_distinct *trav_days; /* group id x 13 + month: patient \x1f day */
	int trav_full;
	int trav_by_facility;   /* a facility table gives coordinates */

	struct ts_rhub *hubs;
	size_t nhubs;

	struct ts_rtarget *targets;
	size_t ntargets;

	char *kbuf;
	size_t kcap;
} ts_rfig;

/*
 * Loads what reading needs (targets, travel categories, hubs) from O.
 * On failure the returned object has status (TS_EXIT_USAGE, _DATA or
 * _IO) and err set, and keeps nothing.
 */
ts_rfig *ts_rfig_new(const ts_report_opts *o);
void ts_rfig_free(ts_rfig *f);

/* One counted row; strings are fields as in the records (escaped). */
void ts_rfig_row(ts_rfig *f, int year, int month, int day, ts_str region,
    ts_str facility, ts_str inst, ts_str source, ts_str cat, ts_str patient,
    int64_t actions);

/* What the sections are built from. */
struct ts_rfctx {
	ts_report *r;
	const ts_report_acc *a;
	const ts_rfig *f;
	const ts_report_opts *o;
	int lang;
	char cc[3];             /* country of the regions ("PE", "MX"), or "" */
	ts_side *facilities;    /* --facilities, or NULL */
	int fac_code, fac_name, fac_lat, fac_lon, fac_region;
};

/*
 * Builds the sections after the report's own ones (before suppression is
 * applied). Returns 0, or an exit status after printing why (a side
 * table that cannot be read).
 */
int ts_report_figures(ts_report *r, const ts_report_acc *a);

int ts_rfig_rates(struct ts_rfctx *x);
int ts_rfig_days(struct ts_rfctx *x);
int ts_rfig_facilities(struct ts_rfctx *x);
int ts_rfig_targets(struct ts_rfctx *x);
int ts_rfig_travel(struct ts_rfctx *x);

/* Labels of these sections, in LANG. */
enum ts_rflabel {
	FL_RATES, FL_POPULATION, FL_POP_YEAR, FL_PER_1000, FL_RATES_TOTAL,
	FL_NOTE_RATES, FL_NOTE_RATES_NEAREST, FL_NOTE_RATES_MISSING,
	FL_DAYS, FL_INDICATOR, FL_MEAN_CAL, FL_MEAN_WORK, FL_PEAK_DAY,
	FL_PEAK_ACTIONS, FL_CAL_DAYS, FL_WORK_DAYS, FL_NOTE_DAYS,
	FL_NOTE_DAYS_NODATE, FL_NOTE_HOLIDAYS,
	FL_FACILITIES, FL_FAC_ACTIVE, FL_FAC_NEW, FL_FAC_STOPPED,
	FL_FAC_NETWORK, FL_FAC_NET_REPORTED, FL_FAC_NET_SHARE,
	FL_FAC_NET_MISSING, FL_FAC_OUTSIDE, FL_FAC_TOP, FL_FACILITY, FL_NAME,
	FL_REGION, FL_FAC_MISSING, FL_NOTE_FAC_BOUND, FL_NOTE_FAC_MORE,
	FL_NOTE_FAC_CUT,
	FL_TARGETS, FL_TARGET, FL_GOAL, FL_ACHIEVED, FL_PROGRESS,
	FL_EXPECTED, FL_EXPECTED_LC, FL_STATUS, FL_ON_TRACK, FL_BEHIND, FL_REACHED,
	FL_NOT_REACHED, FL_METRIC_ACTIONS, FL_METRIC_FACILITIES,
	FL_HEADLINE_TARGET, FL_NOTE_TARGETS, FL_ALL,
	FL_TRAVEL, FL_TRAVEL_CATS, FL_TRIPS, FL_KM, FL_HOURS, FL_COST,
	FL_NOTE_TRAVEL, FL_NOTE_TRAVEL_COST, FL_NOTE_TRAVEL_BOUND,
	FL_NOTE_TRAVEL_NOPLACE, FL_NOTE_TRAVEL_NODAY, FL_CATEGORY, FL_TOTAL, FL_CODE,
	FL_NCOUNT
};
const char *ts_rfl(int lang, int id);

/* Helpers shared by the sections. */
void ts_rfig_cell_int(ts_rtable *t, size_t row, int col, int64_t v);
void ts_rfig_cell_kind(ts_rtable *t, size_t row, int col, int kind,
    int64_t v);
void ts_rfig_cell_text(ts_report *r, ts_rtable *t, size_t row, int col,
    const char *text, const char *code);
/* Not available: "n.d."/"n/a" for people, null or empty for machines. */
void ts_rfig_cell_na(const ts_report *r, ts_rtable *t, size_t row, int col);
/* Masks cell (ROW, COL) below --suppress (a count of people's acts). */
void ts_rfig_mask(const ts_report *r, ts_rtable *t, size_t row, int col);
/* Actions of YEAR in months 1..UPTO (0: all, unknown month included). */
int64_t ts_rfig_year_actions(const ts_report_acc *a, int year, int upto);
/* The last month counted of YEAR (r->cut, or 12). */
int ts_rfig_upto(const ts_report *r);
/* Unescaped copy of S (caller frees). */
char *ts_rfig_str(ts_str s);
/* Capital coordinates of region CODE from share/regions/capitals-<cc>.tsv
 * (loaded once per call site's table T). */

#endif
