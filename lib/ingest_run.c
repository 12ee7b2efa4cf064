/*
 * ingest_run.c - telestat-ingest(1) over its inputs: the outputs, the
 * per-file loop, --max-reject-rate and the run summary, around the
 * per-file work of ingest.c.
 */
#include "ingest.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

/*
 * The inputs through G to OUT; the status before the run's totals, or
 * TS_EXIT_USAGE to stop (see ts_ingest_run).
 */
static int
ingest_inputs(ts_ingest *g, const struct ts_ingest_run_opts *ro,
    ts_runsum *sum, const struct ts_inputs *in, ts_out *out)
{
	int status = TS_EXIT_OK, rc;
	size_t i;

	for (i = 0; i < in->n; i++) {
		const char *path = in->paths[i];
		ts_input *inp = ts_input_open(path);

		rc = ts_ingest_file(g, inp, out);
		if (rc == TS_EXIT_USAGE) {
			ro->usage(stderr);
			return TS_EXIT_USAGE;
		}
		if (inp == NULL && sum != NULL)
			ts_runsum_unreadable(sum, path);
		/* Under --max-reject-rate, rejected rows alone decide at the end. */
		if (rc == TS_EXIT_DATA && ro->max_rate >= 0 &&
		    !ts_ingest_file_failed(g))
			rc = TS_EXIT_OK;
		if (rc > status)
			status = rc;
		if (ts_ingest_stopped(g) || ts_out_failed(out))
			break;
	}
	return status;
}

/* The run's status, from the inputs' and the totals. */
static int
ingest_totals(ts_ingest *g, const struct ts_ingest_run_opts *ro,
    ts_runsum *sum, int status)
{
	struct ts_ingest_stats st;

	ts_ingest_totals(g, &st);
	if (ro->max_rate >= 0 && ts_runsum_rate_exceeded(st.rejected,
	    st.written, ro->max_rate) && status < TS_EXIT_DATA)
		status = TS_EXIT_DATA;
	return status;
}

/*
 * An output failed with E: the outputs still open (OUT, REJ; NULL: none)
 * are dropped, old files left as they were. Returns the run's status.
 */
static int
ingest_failed(ts_ingest *g, struct ts_ingest_opts *o, ts_out *out,
    ts_out *rej, const ts_error *e)
{
	ts_out_abandon(out);
	ts_out_abandon(rej);
	ts_runsum_free(o->summary);
	ts_ingest_free(g);
	if (e->status == TS_EXIT_OK)
		return TS_EXIT_OK;      /* the reader went away */
	return ts_error_warn(e);
}

int
ts_ingest_run(const struct ts_ingest_run_opts *ro,
    const struct ts_inputs *in, ts_out *out)
{
	struct ts_ingest_opts o = ro->ingest;
	ts_out *rej = NULL, *sum_out = NULL;
	ts_ingest *g;
	ts_error e;
	int status = TS_EXIT_OK;

	/* Rejected rows are raw source rows, identifiers included. */
	if (ro->rejects != NULL &&
	    (rej = ts_out_open_private(ro->rejects, &e)) == NULL) {
		ts_out_abandon(out);
		return ts_error_warn(&e);
	}
	o.rejects = rej;
	o.summary = NULL;
	if (ro->summary != NULL)
		o.summary = ts_runsum_new("ingest", o.profile->name);
	if ((g = ts_ingest_open(&o, &status)) != NULL) {
		ts_ingest_header(g, out);
		status = ingest_inputs(g, ro, o.summary, in, out);
	}
	if (g == NULL || status == TS_EXIT_USAGE) {
		ts_out_abandon(out);
		ts_out_abandon(rej);
		ts_runsum_free(o.summary);
		ts_ingest_free(g);
		return status;
	}
	status = ingest_totals(g, ro, o.summary, status);
	/* Every output complete on disk before any replaces its old file. */
	if ((status < TS_EXIT_IO || ts_out_failed(out) || ts_out_failed(rej)) &&
	    (ts_out_sync(out, &e) < 0 || (rej != NULL && ts_out_sync(rej, &e) < 0)))
		return ingest_failed(g, &o, out, rej, &e);
	if (o.summary != NULL && (sum_out = ts_runsum_write(o.summary,
	    ro->summary, status, &e)) == NULL)
		return ingest_failed(g, &o, out, rej, &e);
	if (ts_out_finish(out, status, &e) < 0) {
		ts_out_abandon(sum_out);
		return ingest_failed(g, &o, NULL, rej, &e);
	}
	if (rej != NULL && ts_out_finish(rej, status, &e) < 0) {
		ts_out_abandon(sum_out);
		return ingest_failed(g, &o, NULL, NULL, &e);
	}
	if (sum_out != NULL && ts_out_close(sum_out, &e) < 0)
		return ingest_failed(g, &o, NULL, NULL, &e);
	ts_runsum_free(o.summary);
	ts_ingest_free(g);
	return status;
}
