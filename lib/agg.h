/*
 * agg.h - group tables: records grouped by key columns, one set of
 * accumulators per group. The engine of telestat-aggregate(1) and
 * telestat-merge(1), and reusable in-process (telestat-report feeds its
 * records through one or more ts_agg and walks the sorted groups).
 *
 * Groups are found with a ts_map over the key fields joined by TAB (a
 * byte no escaped field contains), exactly as they appear in the
 * records stream: keys are kept and compared as *escaped* bytes, and
 * written back unchanged. Accumulators live in arrays indexed by the
 * dense group id. Memory grows with the number of groups (and, for
 * exact distinct patients, with the distinct (group, patient) pairs),
 * never with the number of rows; adding a row allocates nothing once
 * its group exists.
 *
 * Typical use (what telestat-aggregate does):
 *
 *	ts_agg *a = ts_agg_new(&spec, &e);     // NULL + e if bad
 *	for each input:
 *		ts_reader *r = ts_reader_open(path);
 *		if (ts_agg_bind(a, r) != 0) -> missing column (message printed)
 *		while ((rc = ts_reader_next(r, &f)) != TS_ROW_EOF ...)
 *			if (!ts_agg_add_record(a, f, &why))
 *				ts_agg_warn_reject(r, &why);   // rejected row
 *	ts_agg_write(a, out);                   // or walk the groups:
 *	const uint32_t *g = ts_agg_sorted(a);
 *	for (i = 0; i < ts_agg_ngroups(a); i++)
 *		ts_agg_key(a, g[i], k), ts_agg_value(a, g[i], TS_METRIC_COUNT)
 *
 * The partial format (ts_agg_write_partial, ts_agg_read_partial) is
 * described in telestat-aggregate(1), PARTIAL TABLES.
 */
#ifndef TS_AGG_H
#define TS_AGG_H

#include <stddef.h>
#include <stdint.h>

#include "input.h"
#include "out.h"
#include "progress.h"
#include "records.h"

enum ts_metric {
	TS_METRIC_COUNT,      /* sum of the count column (empty = 1) */
	TS_METRIC_PATIENTS,   /* distinct non-empty patient values */
	TS_METRIC_SESSIONS,   /* sum of the sessions column (empty = 0) */
	TS_METRIC_ATTENDEES,  /* sum of the attendees given; unknown when no
	                         record of the group gave one (records(5),
	                         "Attendees") */
	TS_METRIC_RECORDS,    /* number of records */
	TS_METRIC_N
};

/* "count", "patients", ...: the metric's column name in tables. */
const char *ts_metric_name(int metric);
/* The metric called NAME[0..n), or -1. */
int ts_metric_find(const char *name, size_t n);

#define TS_AGG_MAX_KEYS 64

/* What to group by and what to compute. All pointers are borrowed. */
typedef struct ts_agg_spec {
	const char *const *keys;  /* key column names, in output order */
	size_t nkeys;             /* 0 allowed: one grand-total group */
	const int *metrics;       /* enum ts_metric, in output order */
	size_t nmetrics;
	int patients_rule;        /* enum ts_patients_rule */
	int approx;               /* patients by HyperLogLog (hll.h) */
} ts_agg_spec;

/*
 * Checks a spec: 1 to TS_AGG_MAX_KEYS distinct non-empty key names (or
 * none), at least one metric, no metric twice, no key named like a
 * requested metric (the table header would repeat a name), approx and
 * the HIS rule only with the patients metric. Returns 0, or -1 with E
 * filled (TS_EXIT_USAGE).
 */
int ts_agg_spec_check(const ts_agg_spec *spec, ts_error *e);

typedef struct ts_agg ts_agg;

/*
 * Copies SPEC. NULL and E (TS_EXIT_USAGE) when SPEC fails
 * ts_agg_spec_check, or when TELESTAT_PATIENTS_MEMORY, read for exact
 * patients, is not a number of bytes.
 */
ts_agg *ts_agg_new(const ts_agg_spec *spec, ts_error *e);
void ts_agg_free(ts_agg *a);
/* The agg's own copy of its spec (valid until ts_agg_free). */
const ts_agg_spec *ts_agg_get_spec(const ts_agg *a);

struct ts_taxonomy;
/*
 * The taxonomy that tells activities without a patient, for the sessions
 * metric (ts_record_sessions); TAX (may be NULL: then classify's
 * with_patient column alone) must outlive A.
 */
void ts_agg_set_taxonomy(ts_agg *a, const struct ts_taxonomy *tax);
/* 1 when METRIC was requested. */
int ts_agg_wants(const ts_agg *a, int metric);

/*
 * Binds the agg to the columns of R (call once per input, before its
 * records). Key columns, and the columns the metrics read (patient;
 * sessions, attendees; condition for the HIS rule), must exist; the
 * count column may be absent, then every record counts 1. Returns 0, or
 * -1 after printing the missing-column message (ts_reader_require).
 * The binding keeps no pointer to R.
 */
int ts_agg_bind(ts_agg *a, const ts_reader *r);

/* Why ts_agg_add_record rejected a record. */
typedef struct ts_agg_reject {
	const char *column;   /* column name (static storage) */
	const char *reason;   /* static storage */
	ts_str value;         /* the offending field, escaped (row storage) */
} ts_agg_reject;

/*
 * Adds one record: FIELDS as returned by ts_reader_next() on the bound
 * reader. Only the columns that the requested metrics read are checked:
 * count, sessions and attendees must be empty or a decimal integer
 * (no sign) that fits in 64 bits. Returns 1 when the record was
 * counted, 0 when it was rejected (nothing added; *WHY says why).
 */
int ts_agg_add_record(ts_agg *a, const ts_str *fields, ts_agg_reject *why);
/* Prints "PROG: FILE:LINE: column C: reason "value"" for a rejection. */
void ts_agg_warn_reject(const ts_reader *r, const ts_agg_reject *why);

/*
 * Lower level, for callers that compute their own keys and values.
 * ts_agg_group returns the id of the group with key fields KEYS[0..
 * nkeys) (escaped slices, no TAB inside), creating it if new. Ids are
 * dense: 0 .. ts_agg_ngroups()-1.
 */
uint32_t ts_agg_group(ts_agg *a, const ts_str *keys);

typedef struct ts_agg_values {
	uint64_t count, sessions, attendees, records;
	ts_str patient;       /* escaped; n == 0: no patient (the caller
	                         has applied the patients rule) */
	int attendees_given;  /* attendees is a value given, not an unknown
	                         (an empty field) that adds nothing */
} ts_agg_values;

/*
 * Adds V to group G (metrics that were not requested are ignored).
 * Returns 0, or -1 if a sum would exceed 2^64-1 (then nothing is added).
 */
int ts_agg_add(ts_agg *a, uint32_t g, const ts_agg_values *v);

size_t ts_agg_ngroups(const ts_agg *a);
/*
 * Group ids ordered by key, key by key, in byte order of the escaped
 * fields (C collation). The array has ts_agg_ngroups() entries, is
 * owned by A and is valid until the next call that adds a group.
 */
const uint32_t *ts_agg_sorted(ts_agg *a);
/* Key field I of group G, escaped (owned by A). */
ts_str ts_agg_key(const ts_agg *a, uint32_t g, size_t i);
/*
 * Value of METRIC for group G; patients is the exact distinct count, or
 * the rounded HyperLogLog estimate with approx. 0 for a metric that was
 * not requested.
 */
uint64_t ts_agg_value(const ts_agg *a, uint32_t g, int metric);
/*
 * 0 when METRIC of group G is unknown: attendees that no record (or
 * partial row) of the group gave (telestat-records(5), "Attendees");
 * ts_agg_value is then 0 and tables write an empty cell. Else 1.
 */
int ts_agg_known(const ts_agg *a, uint32_t g, int metric);
/* Writes METRIC of group G as a table cell: the value, or nothing when
 * it is unknown. */
void ts_agg_write_value(const ts_agg *a, ts_out *o, uint32_t g, int metric);

/*
 * Settles exact patient counts that spilled to disk (a no-op otherwise):
 * call once every record is in, before ts_agg_value is read for
 * patients. ts_agg_write and ts_agg_write_partial call it themselves.
 * Returns TS_EXIT_OK, or TS_EXIT_IO after a message (once) when the
 * patients spilled to disk cannot be read back or written.
 */
int ts_agg_settle(ts_agg *a);

/*
 * The aggregate table: a records stream with the key columns then the
 * metric columns, one row per group, sorted as ts_agg_sorted. Returns
 * TS_EXIT_OK, or TS_EXIT_IO after a message when the patients spilled to
 * disk failed (the table is not written, or not whole: discard it).
 */
int ts_agg_write(ts_agg *a, ts_out *o);
/* The mergeable partial table (telestat-aggregate(1), PARTIAL TABLES). */
int ts_agg_write_partial(ts_agg *a, ts_out *o);

typedef struct ts_agg_stats {
	uint64_t read;        /* data rows read (repeated headers excluded) */
	uint64_t counted;     /* rows merged */
	uint64_t rejected;    /* rows reported and skipped */
	uint64_t unusable;    /* inputs that could not be read as a whole
	                         (no table should be written then) */
} ts_agg_stats;

/*
 * Reads one partial table from IN (ownership taken; NULL allowed, then
 * TS_EXIT_IO is returned) and merges it into *AP, creating the agg from
 * the table's header when *AP is NULL. Header lines repeated inside the
 * input are skipped, so concatenated or sorted partials (Hadoop
 * Streaming reducers) can be read as one input. Adds to *ST; shows the
 * rows read in progress line P (NULL: none). Returns:
 *   TS_EXIT_OK    all rows merged;
 *   TS_EXIT_DATA  some rows rejected (each reported with FILE:LINE), or
 *                 the input has no valid header line (reported, and
 *                 counted in st->unusable);
 *   TS_EXIT_USAGE not a partial table, or keys/metrics differ from *AP
 *                 (reported); rows may have been merged already, so the
 *                 agg should be discarded;
 *   TS_EXIT_IO    read error (reported; counted in st->unusable).
 * Never exits: it is also the fuzzing entry point.
 */
int ts_agg_read_partial(ts_agg **ap, ts_input *in, ts_agg_stats *st,
    ts_progress *p);

/*
 * After all partials were read: checks, for exact patients, that each
 * group holds as many patient rows as its group rows announced (a
 * truncated partial table fails this). Returns TS_EXIT_OK or
 * TS_EXIT_DATA after reporting each group that differs.
 */
int ts_agg_check_partial(ts_agg *a);

/* The whole verb, telestat-aggregate(1) (agg_run.c). */
struct ts_table_opts;
struct ts_aggregate_opts {
	ts_agg_spec spec;               /* passes ts_agg_spec_check */
	int partial;                    /* write a partial table */
	const char *output;             /* "-": standard output */
	/* Labels and the wide shape (table.h; passes ts_table_opts_check),
	 * or NULL: the table of codes. Not with partial. */
	const struct ts_table_opts *table;
	int csv, bom;                   /* write CSV (csvout.h), not with partial */
	ts_progress *progress;          /* the progress line, or NULL; not
	                                   owned */
};

/*
 * Reads every input as records into the table of O's spec, then writes
 * it to O's output, opened only once every input was read: a table
 * without a whole input would be wrong, not partial, so then nothing is
 * written and an existing file stays as it was. Returns the exit status.
 */
int ts_aggregate_run(const struct ts_aggregate_opts *o,
    const struct ts_inputs *in);

struct ts_table_cli;

/* What telestat-merge(1) is asked: its table options as parsed. */
struct ts_merge_opts {
	int partial;                    /* write a partial table again */
	const char *output;             /* "-": standard output */
	/* --labels, --wide, --totals, --csv, --bom (table.h; the labels
	 * are loaded here), not with partial */
	const struct ts_table_cli *table;
	void (*usage)(FILE *);          /* prints the usage lines */
	ts_progress *progress;          /* the progress line, or NULL; not
	                                   owned */
};

/*
 * Merges the partial tables of IN (aggregate --partial) into one table
 * and writes it to O's output, opened only once every input was read:
 * nothing is written when an input could not be used. The table options
 * are checked against the keys and metrics read (a usage error, with
 * the usage lines). Returns the exit status.
 */
int ts_merge_run(const struct ts_merge_opts *o, const struct ts_inputs *in);

#endif
