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
	int have_dups;                  /* a summary says duplicates were sought */
	uint64_t ingest_read, ingest_rejected, ingest_skipped;
	uint64_t dup_found, dup_rejected;
};

/*
 * Reads O's summaries and ingest logs into R. A file that is not a
 * summary, or a log without a summary line, is a warning; one that
 * cannot be read ends the run (TS_EXIT_IO).
 */
void ts_report_runs_read(const ts_report_opts *o, struct ts_report_runs *r);

#endif
