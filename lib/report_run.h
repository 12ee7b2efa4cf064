/*
 * report_run.h - telestat-report(1) over its inputs: the records or
 * tables read into the accumulator, the report built, its charts drawn,
 * written, and --fail-on checked.
 */
#ifndef TS_REPORT_RUN_H
#define TS_REPORT_RUN_H

#include "input.h"
#include "report.h"

struct ts_report_run_opts {
	ts_report_opts report;
	const ts_taxonomy *tax;         /* not owned; must outlive the run */
	int format;                     /* enum ts_report_format */
	int charts;                     /* 0: none; 1: when gnuplot is there;
	                                   2: required */
	ts_report_gates gates;          /* --fail-on */
	const char *output;             /* "-": standard output */
	ts_progress *progress;          /* the progress line, or NULL; not
	                                   owned */
	/* report --each: input I's lines came from the user's inputs, as
	 * ORIGIN(ORIGIN_ARGS[I], ...) says (records.h); NULL: they did not. */
	ts_reader_origin_fn origin;
	void *const *origin_args;
};

/*
 * Reads every input, builds the report and writes it to O's output,
 * opened only once the report is built: a failed run (an unreadable
 * input, no records, a broken gnuplot) leaves the file as it was.
 * Returns the exit status.
 */
int ts_report_run(const struct ts_report_run_opts *o,
    const struct ts_inputs *in);

#endif
