/*
 * report_runs.h - what the runs before a report said about its data:
 * the --summary files of ingest, classify and validate
 * (telestat-summary(5)), and, for old pipelines, ingest's stderr
 * (--ingest-log: its "N rows read, N written, N rejected" lines).
 * Every file given is read and added up.
 */
#ifndef TS_REPORT_RUNS_H
#define TS_REPORT_RUNS_H

#include <stdint.h>

#include "report.h"

struct ts_report_runs {
	int have_ingest;                /* a summary or log gave ingest counts */
	int have_dups;                  /* an ingest summary sought duplicates */
	uint64_t ingest_read, ingest_rejected, ingest_skipped;
	uint64_t dup_found, dup_rejected;
	/* validate's summaries: rows repeated exactly (counted, never
	 * removed), and repeated ids or keys */
	int have_validate_rows, have_validate_ids;
	uint64_t validate_dup_rows, validate_dup_ids;
};

/*
 * Reads O's summaries and ingest logs into R. A file that is not a
 * summary, or a log without a summary line, is a warning; one that
 * cannot be read stops the reading: TS_EXIT_IO is returned after the
 * message (the report must not go out without it), else TS_EXIT_OK. A
 * log line for a file that an ingest summary lists with the same name,
 * rows read and rows rejected is the same run: counted once (a warning
 * says so).
 */
int ts_report_runs_read(const ts_report_opts *o, struct ts_report_runs *r);

/* A line of an ingest log with counts: "NAME: N rows read, ... N rejected". */
struct ts_report_log_line {
	const char *name;               /* into the log; NOT NUL-terminated */
	size_t namelen;
	int64_t read, rejected;
	int found;                      /* it has a rejected count */
};

/*
 * Calls FN for every line of the log BUF[0..LEN) that has a read or a
 * rejected count (a number, optional nouns such as "rows", then "read",
 * "rejected", "leídas" or "rechazadas"); NAME is the text before the
 * line's first count, without "telestat-ingest: ".
 */
void ts_report_log_parse(const char *buf, size_t len,
    void (*fn)(void *, const struct ts_report_log_line *), void *arg);

#endif
