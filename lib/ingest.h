/*
 * ingest.h - raw exports to records(5): header mapping, row
 * normalisation, rejects and counts. cmd/ingest.c parses options and
 * loops over files; validate reuses the same code without output.
 *
 * For each input file the header is mapped to the canonical columns
 * (--map, then the profile's header names, compared exactly and then
 * ignoring case, accents and punctuation); each record is normalised
 * (dates to ISO with year and month, regions to ISO 3166-2, sex to F/M,
 * patients to keyed pseudonyms, counts checked) and written, or rejected
 * with a message "FILE:LINE: column NAME: reason "value"" (the first
 * TS_INGEST_MAX_MESSAGES only), copied verbatim to the rejects file, and
 * counted. rows read = written + rejected, always.
 *
 * Per-row work allocates nothing; decisions on labels (regions, sex,
 * condition) are memoized per distinct raw value, so memory grows with
 * distinct labels only.
 */
#ifndef TS_INGEST_H
#define TS_INGEST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "input.h"
#include "out.h"
#include "profile.h"
#include "progress.h"
#include "pseudonym.h"
#include "runsum.h"

#define TS_INGEST_MAX_MESSAGES 20

/*
 * --duplicates: a row whose attention id (or, in a pre-aggregated
 * profile, whose key) repeats an earlier row of the run is rejected
 * ("duplicate of FILE:LINE") or kept and counted. Without either, rows
 * that repeat an earlier row exactly are counted, never removed.
 */
enum ts_ingest_dupes { TS_DUPES_REJECT = 0, TS_DUPES_KEEP };

/* The value of --duplicates ("keep" or "reject"), or -1. */
int ts_ingest_dupes_option(const char *arg);

/*
 * --lookup ROLE=FILE[:KEY:VALUE]: ROLE's value from a master file (see
 * lookup.h); KEY and VALUE NULL: the profile's lookup for ROLE.
 */
struct ts_ingest_lookup {
	int role;
	const char *file, *key, *value;
};

struct ts_ingest_opts {
	const ts_profile *profile;      /* required; not owned */
	int delim;                      /* -1: the profile's (0 sniffs) */
	int encoding;                   /* -1: the profile's */
	int country;                    /* -1: the profile's */
	/* Date formats tried in order (--date-format); none: the profile's. */
	const char *const *date_formats;
	size_t ndate_formats;
	int format;                     /* -1: the profile's, JSON detected
	                                   by a leading [ or {; else
	                                   enum ts_format */
	/* Constant values that override everything (--source, ...). */
	const char *constants[TS_NCANON];
	/* --map: source header per role; "" unmaps; NULL: the profile's. */
	const char *map[TS_NROLES];
	const struct ts_ingest_lookup *lookups;
	size_t nlookups;
	const char *const *keep;        /* --keep columns, passed through */
	size_t nkeep;
	const ts_pseudonym *key;        /* NULL: patient left empty */
	int lenient;
	int verbose;                    /* report delimiter, mapping, labels */
	int quiet;                      /* no summary line */
	uint64_t max_errors;            /* stop past this many rejected rows */
	uint64_t max_messages;          /* print this many row messages, then
	                                   count (0: TS_INGEST_MAX_MESSAGES) */
	ts_out *rejects;                /* NULL: none; not owned */
	size_t max_record;              /* 0: TS_CSV_MAX_RECORD */
	int no_fast_path;               /* tests */
	int check_only;                 /* validate: no data, so no key warning */
	ts_runsum *summary;             /* --summary: counts go here; NULL:
	                                   none; not owned */
	int duplicates;                 /* enum ts_ingest_dupes */
	int keep_identifiers;           /* --keep may name identifying columns */
	int mask_rejects;               /* identifying values masked in rejects */
	ts_progress *progress;          /* the progress line, or NULL; not
	                                   owned */
};

/* read = written + rejected + skipped (rows out of scope, not wrong). */
struct ts_ingest_stats {
	uint64_t read, written, rejected, unknown_region, skipped;
	uint64_t repeated;      /* rows repeated exactly (validate counts them) */
};

typedef struct ts_ingest ts_ingest;

/*
 * Copies what it needs from O and loads the lookups' masters. NULL after
 * a message (region tables, a master), with *status the exit status.
 */
ts_ingest *ts_ingest_open(const struct ts_ingest_opts *o, int *status);
/* ts_ingest_open, without the status (TS_EXIT_IO is a fair guess). */
ts_ingest *ts_ingest_new(const struct ts_ingest_opts *o);
void ts_ingest_free(ts_ingest *g);

/* Writes the records(5) header: canonical columns, then --keep ones. */
void ts_ingest_header(ts_ingest *g, ts_out *out);

/*
 * Reads IN (owned; NULL is a file that could not be opened: counted as an
 * I/O error) and writes its records to OUT (NULL: check only). Prints the
 * summary line unless quiet. Returns TS_EXIT_OK, TS_EXIT_DATA (rejected
 * rows, unusable header), TS_EXIT_USAGE (a --map or --keep column is not
 * in the header: the caller should stop) or TS_EXIT_IO.
 */
int ts_ingest_file(ts_ingest *g, ts_input *in, ts_out *out);

/*
 * 1 when the last file's status is not only about rejected rows (an
 * unusable header, --max-errors, a read error): --max-reject-rate does
 * not excuse it.
 */
int ts_ingest_file_failed(const ts_ingest *g);

/* 1 once --max-errors was exceeded: the caller stops reading files. */
int ts_ingest_stopped(const ts_ingest *g);

/* Counts over all files so far. */
void ts_ingest_totals(const ts_ingest *g, struct ts_ingest_stats *s);

/* The whole verb, telestat-ingest(1) (ingest_run.c). */
struct ts_ingest_run_opts {
	struct ts_ingest_opts ingest;   /* profile and key set; rejects and
	                                   summary are the run's */
	const char *rejects;            /* --rejects FILE, or NULL */
	const char *summary;            /* --summary FILE, or NULL */
	double max_rate;                /* --max-reject-rate; < 0: none */
	void (*usage)(FILE *);          /* the command's usage lines */
};

/*
 * Reads every input (until --max-errors stops it) and writes the records
 * to OUT, the rejected rows to the rejects file; syncs both
 * (ts_out_sync) and writes the summary before any of them is renamed
 * (ts_out_finish), so that a failure leaves every old file as it was.
 * Returns the exit status.
 * When ingest cannot start (region tables, a master file), or a --map or
 * --keep column is not in a header (then the usage lines follow the
 * message: TS_EXIT_USAGE), the outputs are abandoned (ts_out_abandon):
 * nothing is published.
 */
int ts_ingest_run(const struct ts_ingest_run_opts *o,
    const struct ts_inputs *in, ts_out *out);

#endif
