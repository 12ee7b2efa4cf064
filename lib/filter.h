/*
 * filter.h - record selection for telestat-filter(1).
 *
 * A filter is a conjunction of tests, each on one or two columns:
 * years, a date range, categories (optionally folded by a roll-up),
 * regions, institutions, with_patient, and COLUMN=VALUE expressions.
 * Tests whose answer depends only on a short value (category, region,
 * institution) are memoised per distinct raw value; the others compare
 * raw bytes. Records are never modified.
 */
#ifndef TS_FILTER_H
#define TS_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "records.h"
#include "taxonomy.h"

typedef struct ts_filter ts_filter;

/* TAX is borrowed and must outlive the filter. */
ts_filter *ts_filter_new(const ts_taxonomy *tax);
void ts_filter_free(ts_filter *f);

/*
 * Option setters. Each returns 0, or -1 with E filled (TS_EXIT_USAGE),
 * for the caller to report as a usage error.
 */
/* "2024", "2021-2023", "2019,2021-2023" (repeatable: lists add up). */
int ts_filter_years(ts_filter *f, const char *spec, ts_error *e);
/* Inclusive bounds: YYYY-MM-DD, or YYYY-MM / YYYY for a whole period. */
int ts_filter_from(ts_filter *f, const char *date, ts_error *e);
int ts_filter_to(ts_filter *f, const char *date, ts_error *e);
/* Comma list of CATEGORY or CATEGORY/SUBCATEGORY from the taxonomy. */
int ts_filter_categories(ts_filter *f, const char *list, ts_error *e);
/* Roll-up scheme under which a category also selects its children. */
int ts_filter_rollup(ts_filter *f, const char *name, ts_error *e);
/* Comma lists; ASCII case is ignored; a two-letter region is a country. */
int ts_filter_regions(ts_filter *f, const char *list, ts_error *e);
int ts_filter_institutions(ts_filter *f, const char *list, ts_error *e);
/* "yes" or "no". */
int ts_filter_with_patient(ts_filter *f, const char *yn, ts_error *e);
/* "COLUMN=VALUE" or "COLUMN!=VALUE" (VALUE may be empty). */
int ts_filter_expr(ts_filter *f, const char *expr, ts_error *e);
void ts_filter_invert(ts_filter *f, int invert);

/*
 * Binds to the columns of R. The first call resolves every column the
 * tests need and returns -1 with E naming a missing one
 * (TS_EXIT_MISSING_COLUMN); later calls (further inputs) require the same
 * columns as the first and return -1 (TS_EXIT_DATA) when they differ.
 */
int ts_filter_begin(ts_filter *f, ts_reader *r, ts_error *e);

/*
 * Decides one record of the bound reader: 1 keep, 0 drop. A value a test
 * cannot read (invalid date, year or month) makes that test fail; then
 * *BAD is set and E (TS_EXIT_DATA) says which column and value, for the
 * caller to report with the line number.
 */
int ts_filter_row(ts_filter *f, ts_str *fields, int *bad, ts_error *e);

/*
 * The whole verb, telestat-filter(1). Options as the command line gives
 * them; lists are repeatable options (their values add up).
 */
struct ts_filter_list {
	const char **v;
	size_t n;
};

struct ts_filter_opts {
	struct ts_filter_list years, categories, regions, institutions, exprs;
	const char *from, *to;          /* NULL: unbounded */
	const char *rollup;             /* needs categories */
	const char *with_patient;       /* "yes", "no" or NULL */
	int invert;                     /* keep the records that fail */
	int stats;                      /* counts on stderr even when clean */
	ts_progress *progress;          /* the progress line, or NULL; not
	                                   owned */
};

/* Appends S to L (the list grows as needed). */
void ts_filter_list_add(struct ts_filter_list *l, const char *s);
void ts_filter_opts_free(struct ts_filter_opts *o);

/*
 * A filter for O (the taxonomy read when categories are named, owned by
 * the filter), or NULL with E set: a usage error, or the taxonomy's.
 */
ts_filter *ts_filter_compile(const struct ts_filter_opts *o, ts_error *e);

/*
 * Reads every input as records and writes those F keeps to OUT, which it
 * finishes (ts_out_finish) and frees; then prints the counts. Returns the
 * exit status. A test that names a column the first input lacks stops
 * the run before anything is published (TS_EXIT_MISSING_COLUMN).
 */
int ts_filter_run(ts_filter *f, const struct ts_inputs *in, ts_out *out);

/*
 * Records whose date is known only by month or year and whose period
 * crosses a --from/--to bound: they count as outside the range.
 */
uint64_t ts_filter_straddling(const ts_filter *f);

#endif
