/*
 * runsum.h - the machine-readable run summary that ingest, classify and
 * validate write with --summary FILE, and that report reads: JSON whose
 * schema is telestat-summary(5) ("telestat-summary/1").
 *
 * A verb opens a summary, counts into the current file's section as it
 * reads (rejected and skipped rows by reason, in groups such as
 * categories), ends each file with its row counts, and writes the summary
 * once at the end. Every count also goes to the total. Memory grows with
 * the number of files and of distinct reasons (at most RUNSUM_MAX_KEYS
 * per group of a file, the rest counted under "other"), never with rows.
 */
#ifndef TS_RUNSUM_H
#define TS_RUNSUM_H

#include <stddef.h>
#include <stdint.h>

#include "out.h"

#define TS_RUNSUM_SCHEMA "telestat-summary/1"

/* Groups of counts by key, in a file's section and in the total. */
enum ts_runsum_group {
	TS_RS_REJECTED,         /* rejected rows by reason */
	TS_RS_SKIPPED,          /* rows out of scope, by reason */
	TS_RS_CATEGORIES,       /* classify: rows by category */
	TS_RS_NGROUPS
};

/* A file's row counts: read = written + rejected + skipped. */
struct ts_runsum_rows {
	uint64_t read, written, rejected, skipped;
};

/*
 * Duplicates found in a file. BY says how they are recognised: "id"
 * (the attention id), "key" (a pre-aggregated row's key), "row" (the
 * whole row, when there is no id: counted only), or NULL when not
 * looked for. POLICY is "reject", "keep" or "count".
 */
struct ts_runsum_dups {
	const char *by, *policy;
	uint64_t found, rejected;
};

typedef struct ts_runsum ts_runsum;

/* A summary of a run of COMMAND ("ingest", ...); PROFILE may be NULL. */
ts_runsum *ts_runsum_new(const char *command, const char *profile);
void ts_runsum_free(ts_runsum *s);

/*
 * Counts one row under KEY in GROUP of the current file. COLUMN, when
 * not NULL, prefixes the key ("column fecha: invalid date"); numbers in
 * the reason that follow a space ("expected 5 fields") become N, so
 * that one reason is one key.
 */
void ts_runsum_count(ts_runsum *s, int group, const char *column,
    const char *key);
/* Adds N rows under KEY in GROUP, as it is (categories). */
void ts_runsum_add(ts_runsum *s, int group, const char *key, uint64_t n);

/*
 * The range of dates (ISO "YYYY-MM-DD", or "YYYY-MM" or "YYYY" when that
 * is all a row says) of the current file's written rows; P[0..n).
 * Cheap when the date is inside the range already.
 */
void ts_runsum_date(ts_runsum *s, const char *p, size_t n);

/* Duplicates of the current file (see struct ts_runsum_dups). */
void ts_runsum_dups(ts_runsum *s, const struct ts_runsum_dups *d);

/*
 * Ends the current file's section: NAME, FORMAT and ENCODING (NULL when
 * unknown: an unreadable file), its rows and exit STATUS.
 */
void ts_runsum_end_file(ts_runsum *s, const char *name, const char *format,
    const char *encoding, const struct ts_runsum_rows *rows, int status);

/* A file that could not be opened: a section with status 3. */
void ts_runsum_unreadable(ts_runsum *s, const char *name);

/*
 * Writes the summary to a temporary file beside PATH with the run's exit
 * STATUS and syncs it (ts_out_sync); ts_out_close() of the result renames
 * it to PATH, after the command's other outputs are synced too. Returns
 * NULL with E filled when it cannot be written (nothing left behind).
 */
ts_out *ts_runsum_write(ts_runsum *s, const char *path, int status,
    ts_error *e);

/* A file of an ingest summary: what an ingest log of the same run says. */
struct ts_runsum_file {
	char *name;                     /* as in the summary; owned */
	uint64_t read, rejected;
	int matched;                    /* for the caller: a log line was it */
};

/* What report takes from summaries: totals, added over files. */
struct ts_runsum_totals {
	uint64_t summaries;             /* summaries read */
	uint64_t ingest_read, ingest_written, ingest_rejected, ingest_skipped;
	uint64_t dup_found, dup_rejected;       /* ingest's */
	/* validate's, by file: rows repeated exactly ("row"), and repeated
	 * ids or keys ("id", "key") */
	uint64_t validate_dup_rows, validate_dup_ids;
	uint64_t classify_read, unclassified;
	int have_ingest, have_dups, have_classify;
	int have_validate_rows, have_validate_ids;
	struct ts_runsum_file *files;   /* every ingest summary's files; owned */
	size_t nfiles;
};

/*
 * Reads the summary at PATH and adds its totals to T (zeroed before the
 * first call). Returns TS_EXIT_OK; TS_EXIT_DATA after a message "PATH:
 * reason" (not JSON, not a telestat summary, a count that is not a whole
 * number); or TS_EXIT_IO after a message when PATH cannot be read.
 */
int ts_runsum_read(const char *path, struct ts_runsum_totals *t);
/* The same for the summary in BUF[0..LEN), read from PATH (for messages). */
int ts_runsum_parse(const char *buf, size_t len, const char *path,
    struct ts_runsum_totals *t);
/* Frees what ts_runsum_read() allocated in T. */
void ts_runsum_totals_free(struct ts_runsum_totals *t);

/*
 * Checks --summary FILE: a file, not "-" (standard output carries the
 * data). Returns 0, or -1 and E, a usage error.
 */
int ts_runsum_path_option(const char *arg, ts_error *e);

/* Parses --max-reject-rate P ("1", "0.5", "2%"): percent, 0..100; -1 if bad. */
double ts_runsum_rate_option(const char *s);

/*
 * 1 when REJECTED of REJECTED + WRITTEN rows is more than PCT percent,
 * after printing "N of M rows rejected (X %), more than
 * --max-reject-rate PCT %".
 */
int ts_runsum_rate_exceeded(uint64_t rejected, uint64_t written, double pct);

#endif
