/*
 * report_run.c - telestat-report(1) over its inputs (see report_run.h).
 */
#include "report_run.h"

#include <stdlib.h>

#include "report_present.h"
#include "util.h"

/* Every input into A; the worst status. */
static int
read_inputs(ts_report_acc *a, const struct ts_inputs *in,
    const struct ts_report_run_opts *o)
{
	int status = TS_EXIT_OK, st;
	ts_reader *r;
	size_t i;

	for (i = 0; i < in->n; i++) {
		if ((r = ts_reader_open_input(in->paths[i], &st)) == NULL) {
			/* Empty or without a valid header: already reported. */
			if (st > status)
				status = st;
			continue;
		}
		ts_reader_progress(r, o->progress);
		if (o->origin != NULL)
			ts_reader_origin(r, o->origin, o->origin_args[i]);
		st = ts_report_acc_read(a, r);
		ts_reader_free(r);
		if (st > status)
			status = st;
	}
	return status;
}

/*
 * Draws R's charts. Returns 0 when the report goes out (maybe without
 * its charts, when gnuplot is missing and they are not required), or
 * the status to stop with.
 */
static int
draw_charts(ts_report *rep, const ts_report_acc *a, int charts)
{
	char *msg;
	int st;

	st = ts_report_charts(rep, a, &msg);
	if (st == TS_EXIT_DEP && charts == 1) {
		/* The tables still go out; the word about the charts is
		 * for the operator, not for the page. */
		ts_warn("charts left out: %s", msg);
		st = 0;
	} else {
		/* st != 0: a broken gnuplot is a fault to fix, not a report
		 * to publish without its charts: -o FILE stays as it was. */
		ts_warn_lines(msg);
	}
	free(msg);
	return st;
}

int
ts_report_run(const struct ts_report_run_opts *o, const struct ts_inputs *in)
{
	ts_report_acc *acc = ts_report_acc_new(&o->report, o->tax);
	ts_report *rep = NULL;
	ts_out *out;
	ts_error e;
	int status, st;

	status = read_inputs(acc, in, o);
	/* The report may go to the terminal: not after the line. */
	ts_progress_clear(o->progress);
	/* A report missing an unreadable input would publish wrong totals. */
	if (status == TS_EXIT_IO)
		goto done;
	if ((rep = ts_report_build(acc, &st)) == NULL ||
	    (o->charts && (st = draw_charts(rep, acc, o->charts)) != 0)) {
		status = st;
		goto done;
	}
	/* Patients spilled to disk could not be counted (said): no report. */
	if (ts_status() >= TS_EXIT_IO) {
		status = TS_EXIT_IO;
		goto done;
	}
	if (o->format == TS_RFMT_HTML &&
	    (st = ts_report_map(rep, o->report.country)) != 0) {
		status = st;
		goto done;
	}
	/* The output is opened only now: a failed run leaves -o FILE as it was. */
	if ((out = ts_out_open(o->output, &e)) == NULL) {
		status = ts_error_warn(&e);
		goto done;
	}
	if (o->report.sections != NULL) {
		/* Only the sections asked for are written; --fail-on still
		 * checks the whole report. */
		ts_rtable **all = rep->tables;
		size_t nall = rep->ntables;
		rep->tables = ts_report_sections_pick(rep, o->report.sections,
		    &rep->ntables);
		ts_report_write(rep, o->format, out);
		free(rep->tables);
		rep->tables = all;
		rep->ntables = nall;
	} else {
		ts_report_write(rep, o->format, out);
	}
	if (ts_out_finish(out, status, &e) < 0) {
		status = e.status == TS_EXIT_OK ? TS_EXIT_OK : ts_error_warn(&e);
		goto done;
	}
	/* The report is written either way; the job fails, saying why. */
	if (o->gates.conds != 0 && ts_report_fail_on_check(rep, &o->gates) > 0 &&
	    status < TS_EXIT_DATA)
		status = TS_EXIT_DATA;
done:
	ts_report_free(rep);
	ts_report_acc_free(acc);
	return status;
}
