/*
 * agg_run.c - telestat-aggregate(1) over its inputs: the record loop,
 * the counts and the output, around the group table of agg.c.
 */
#include "agg.h"

#include "csvout.h"
#include "labels.h"
#include "table.h"
#include "taxonomy.h"
#include "util.h"

struct agg_counts {
	uint64_t read, counted, rejected;
	size_t failed;                  /* inputs not read to their end */
};

/* Every record of R into A; rejected ones reported with FILE:LINE. */
static void
add_records(ts_agg *a, ts_reader *r, struct agg_counts *n)
{
	ts_agg_reject why;
	ts_str *f;
	int rc;

	while ((rc = ts_reader_next(r, &f)) != TS_ROW_EOF) {
		if (rc == TS_ROW_FAIL) {
			ts_status_raise(TS_EXIT_IO);
			n->failed++;
			break;
		}
		n->read++;
		if (rc == TS_ROW_BAD) {
			ts_reader_warn(r, ts_reader_error(r));
			n->rejected++;
		} else if (ts_agg_add_record(a, f, &why)) {
			n->counted++;
		} else {
			ts_agg_warn_reject(r, &why);
			n->rejected++;
		}
	}
}

/* The table, or nothing when an input could not be read; returns the
 * run's status. */
static int
write_table(ts_agg *a, const struct ts_aggregate_opts *o,
    const struct agg_counts *n)
{
	ts_out *out;
	ts_error e;
	int st;

	if (n->rejected > 0) {
		ts_warn("%llu records read, %llu counted, %llu rejected",
		    (unsigned long long)n->read, (unsigned long long)n->counted,
		    (unsigned long long)n->rejected);
		ts_status_raise(TS_EXIT_DATA);
	}
	if (n->failed > 0) {
		ts_warn("no table written: %zu input%s could not be read",
		    n->failed, n->failed == 1 ? "" : "s");
		return ts_status();
	}
	if ((out = ts_out_open(o->output, &e)) == NULL)
		return ts_out_failure_status(&e);
	if (o->csv)
		ts_out_csv(out, o->bom);
	if (o->partial)
		st = ts_agg_write_partial(a, out);
	else if (o->table == NULL)
		st = ts_agg_write(a, out);
	else
		st = ts_table_write(a, o->table, out);
	if (st != TS_EXIT_OK) {
		/* Reported, and nothing kept: an old file stays as it was. */
		ts_status_raise(st);
		ts_out_discard(out);
		return ts_status();
	}
	if (ts_out_close(out, &e) < 0)
		return ts_out_failure_status(&e);
	return ts_status();
}

int
ts_aggregate_run(const struct ts_aggregate_opts *o, const struct ts_inputs *in)
{
	struct agg_counts n = { 0 };
	ts_taxonomy *tax = NULL;
	ts_agg *a;
	ts_reader *r;
	ts_error e;
	size_t i;
	int st;

	if ((a = ts_agg_new(&o->spec, &e)) == NULL)
		return ts_error_warn(&e);
	/* Which categories are without a patient, for the sessions rule. */
	if (ts_agg_wants(a, TS_METRIC_SESSIONS)) {
		if ((tax = ts_taxonomy_load(NULL, &e)) == NULL) {
			ts_agg_free(a);
			return ts_error_warn(&e);
		}
		ts_agg_set_taxonomy(a, tax);
	}
	for (i = 0; i < in->n; i++) {
		if ((r = ts_reader_open_input(in->paths[i], &st)) == NULL) {
			ts_status_raise(st);
			n.failed++;
			continue;
		}
		ts_reader_progress(r, o->progress);
		if (ts_agg_bind(a, r) != 0) {
			/* The message is printed; nothing is written. */
			ts_reader_free(r);
			ts_agg_free(a);
			ts_taxonomy_free(tax);
			return TS_EXIT_MISSING_COLUMN;
		}
		add_records(a, r, &n);
		ts_reader_free(r);
	}
	st = write_table(a, o, &n);
	ts_agg_free(a);
	ts_taxonomy_free(tax);
	return st;
}

/* The merged table A to O's output; returns the status to end with. */
static int
write_merged(ts_agg *a, const struct ts_merge_opts *o, int rv)
{
	ts_table_opts topts = o->table->t;
	ts_labels *labels = NULL;
	ts_error e;
	ts_out *out;
	int st;

	/* The keys and metrics are known only now, from the tables read. */
	if (ts_table_opts_check(ts_agg_get_spec(a), &topts, &e) != 0) {
		ts_error_warn(&e);
		o->usage(stderr);
		return TS_EXIT_USAGE;
	}
	if (o->table->lang != NULL &&
	    (topts.labels = labels = ts_labels_load(o->table->lang, &e)) == NULL)
		return ts_error_warn(&e);
	if ((out = ts_out_open(o->output, &e)) == NULL) {
		ts_labels_free(labels);
		return ts_error_warn(&e);
	}
	if (o->table->csv)
		ts_out_csv(out, o->table->bom);
	st = o->partial ? ts_agg_write_partial(a, out) :
	    ts_table_write(a, &topts, out);
	if (st != TS_EXIT_OK) {
		ts_out_abandon(out);    /* nothing published (not even a BOM) */
		rv = st;
	} else if (ts_out_close(out, &e) < 0) {
		rv = ts_out_failure_status(&e);
	}
	ts_labels_free(labels);
	return rv;
}

int
ts_merge_run(const struct ts_merge_opts *o, const struct ts_inputs *in)
{
	ts_agg_stats stats = { 0 };
	ts_agg *a = NULL;
	int rv = TS_EXIT_OK, st;
	size_t i;

	for (i = 0; i < in->n; i++) {
		st = ts_agg_read_partial(&a, ts_input_open(in->paths[i]), &stats,
		    o->progress);
		if (st == TS_EXIT_USAGE) {
			ts_agg_free(a);
			return TS_EXIT_USAGE;
		}
		if (st > rv)
			rv = st;
	}
	/* The table may go to the terminal: not after the line. */
	ts_progress_clear(o->progress);
	if (stats.rejected > 0)
		ts_warn("%llu rows read, %llu merged, %llu rejected",
		    (unsigned long long)stats.read,
		    (unsigned long long)stats.counted,
		    (unsigned long long)stats.rejected);
	if (stats.unusable > 0 || a == NULL) {
		ts_warn("no table written: %llu input%s could not be read",
		    (unsigned long long)stats.unusable,
		    stats.unusable == 1 ? "" : "s");
		ts_agg_free(a);
		return rv;
	}
	if ((st = ts_agg_check_partial(a)) > rv)
		rv = st;
	rv = write_merged(a, o, rv);
	ts_agg_free(a);
	return rv;
}
