/*
 * validate.c - telestat-validate(1) over its inputs: the per-file loops,
 * the verdicts and the totals (see validate.h).
 */
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "recordcheck.h"
#include "records.h"
#include "regions.h"
#include "runsum.h"
#include "taxonomy.h"
#include "util.h"

/* Totals over all files. */
struct tally {
	uint64_t files, bad_files, rows, problem_rows, ok_rows;
	uint64_t messages;      /* problems printed or counted */
	uint64_t max_messages;  /* --max-messages: print this many */
	int stopped;            /* ended before the totals: the tables or
	                           ingest could not be set up, or a --map
	                           column is not in a header */
};

/* Every problem is printed, or the first --max-messages of them. */
static int
may_print(struct tally *t)
{
	if (++t->messages <= t->max_messages)
		return 1;
	if (t->messages == t->max_messages + 1)
		ts_warn("more than %llu problems: only counting them from here",
		    (unsigned long long)t->max_messages);
	return 0;
}

/*
 * REPEATED: rows repeated exactly in an export without an attention id
 * or key; not problems (nothing is removed), but said, since ingest
 * does not look for them.
 */
static void
verdict(ts_out *out, const char *name, int rc, uint64_t rows,
    uint64_t problems, uint64_t repeated, struct tally *t)
{
	char rep[80] = "";

	t->files++;
	if (repeated > 0)
		snprintf(rep, sizeof(rep), ", %llu repeated row%s (counted, not"
		    " removed)", (unsigned long long)repeated,
		    repeated == 1 ? "" : "s");
	if (rc == TS_EXIT_IO) {
		ts_out_printf(out, "%s: unreadable\n", name);
		t->bad_files++;
	} else if (rc == TS_EXIT_OK) {
		ts_out_printf(out, "%s: valid, %llu rows%s\n", name,
		    (unsigned long long)rows, rep);
	} else {
		/* A file-level problem (header, structure) counts as one. */
		if (problems == 0)
			problems = 1;
		ts_out_printf(out, "%s: %llu problem%s in %llu rows%s\n", name,
		    (unsigned long long)problems, problems == 1 ? "" : "s",
		    (unsigned long long)rows, rep);
		t->bad_files++;
	}
}

/*
 * "PROG: FILE:LINE: column NAME: reason "value"", the value cut at 80
 * bytes and left escaped as in the file; bytes that are not printable
 * ASCII or UTF-8 are shown as \xNN.
 */
static void
warn_problem(const ts_reader *r, const ts_record_problem *p)
{
	char shown[80 * 4 + 4];
	size_t i, k = 0, n = p->value.n > 80 ? 80 : p->value.n;
	int utf8 = ts_utf8_check(p->value.p, p->value.n) == TS_UTF8_VALID;

	while (utf8 && n < p->value.n && n > 0 &&
	    ((unsigned char)p->value.p[n] & 0xc0) == 0x80)
		n--;            /* do not cut a character in two */

	for (i = 0; i < n; i++) {
		unsigned char b = (unsigned char)p->value.p[i];
		if (b < 0x20 || b == 0x7f || (b >= 0x80 && !utf8))
			k += (size_t)snprintf(shown + k, sizeof(shown) - k,
			    "\\x%02x", b);
		else
			shown[k++] = (char)b;
	}
	shown[k] = '\0';
	ts_warn("%s:%llu: column %s: %s \"%s%s\"", ts_reader_name(r),
	    (unsigned long long)ts_reader_line(r),
	    ts_reader_colname(r, p->column), p->reason, shown,
	    p->value.n > n ? "..." : "");
}

/*
 * Checks one records stream. Returns TS_EXIT_OK, TS_EXIT_DATA (problems
 * found) or TS_EXIT_IO; adds its rows and problems to T and SUM (may be
 * NULL); clears *ONLY_ROWS when a problem is not about rows.
 */
static int
validate_records(const char *path, const ts_taxonomy *tax,
    const ts_regiondb *regions, ts_out *out, struct tally *t, ts_runsum *sum,
    int *only_rows, ts_progress *progress)
{
	struct ts_runsum_rows rows_sum = { 0, 0, 0, 0 };
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	ts_input *in = ts_input_open(path);
	ts_record_problem probs[16];
	ts_recordcheck *c;
	ts_reader *r;
	ts_str *f;
	uint64_t rows = 0, problems = 0;
	int rc, status = TS_EXIT_OK;

	if (in == NULL) {
		verdict(out, name, TS_EXIT_IO, 0, 0, 0, t);
		if (sum != NULL)
			ts_runsum_unreadable(sum, path);
		return TS_EXIT_IO;
	}
	/* The reader says why a header is refused. */
	if ((r = ts_reader_new(in)) == NULL) {
		verdict(out, name, TS_EXIT_DATA, 0, 1, 0, t);
		if (sum != NULL)
			ts_runsum_end_file(sum, name, "records", "utf-8", &rows_sum,
			    TS_EXIT_DATA);
		*only_rows = 0;         /* a file problem, not a row's */
		return TS_EXIT_DATA;
	}
	c = ts_recordcheck_new(r, tax, regions);
	ts_reader_progress(r, progress);
	while ((rc = ts_reader_next(r, &f)) != TS_ROW_EOF) {
		size_t n, i;

		if (rc == TS_ROW_FAIL) {
			status = TS_EXIT_IO;
			break;
		}
		rows++;
		if (rc == TS_ROW_BAD) {
			if (may_print(t))
				ts_reader_warn(r, ts_reader_error(r));
			if (sum != NULL)
				ts_runsum_count(sum, TS_RS_REJECTED, NULL,
				    ts_reader_error(r));
			problems++;
			t->problem_rows++;
			rows_sum.rejected++;
			continue;
		}
		n = ts_recordcheck_row(c, f, probs, sizeof(probs) / sizeof(probs[0]));
		if (sum != NULL && n > 0)
			ts_runsum_count(sum, TS_RS_REJECTED,
			    ts_reader_colname(r, probs[0].column), probs[0].reason);
		for (i = 0; i < n && i < sizeof(probs) / sizeof(probs[0]); i++)
			if (may_print(t))
				warn_problem(r, &probs[i]);
		for (; i < n; i++)
			(void)may_print(t);
		problems += n;
		if (n > 0) {
			t->problem_rows++;
			rows_sum.rejected++;
		} else {
			t->ok_rows++;
		}
	}
	ts_recordcheck_free(c);
	ts_reader_free(r);
	t->rows += rows;
	if (status == TS_EXIT_OK && problems > 0)
		status = TS_EXIT_DATA;
	verdict(out, name, status, rows, problems, 0, t);
	if (sum != NULL) {
		rows_sum.read = rows;
		rows_sum.written = rows - rows_sum.rejected;
		ts_runsum_end_file(sum, name, "records", "utf-8", &rows_sum, status);
	}
	return status;
}

/* The checks of records streams; the run's status. */
static int
validate_records_all(const struct ts_inputs *in, ts_out *out,
    struct tally *t, ts_runsum *sum, int *only_rows, ts_progress *progress)
{
	ts_regiondb *regions;
	ts_taxonomy *tax;
	int status = TS_EXIT_OK, rc;
	ts_error e;
	size_t i;

	if ((tax = ts_taxonomy_load(NULL, &e)) == NULL) {
		t->stopped = 1;
		return ts_error_warn(&e);
	}
	if ((regions = ts_regiondb_load()) == NULL) {
		ts_taxonomy_free(tax);
		t->stopped = 1;
		return TS_EXIT_IO;
	}
	for (i = 0; i < in->n; i++) {
		rc = validate_records(in->paths[i], tax, regions, out, t, sum,
		    only_rows, progress);
		if (rc != TS_EXIT_OK && rc != TS_EXIT_DATA)
			*only_rows = 0;
		if (rc > status)
			status = rc;
	}
	ts_regiondb_free(regions);
	ts_taxonomy_free(tax);
	return status;
}

/*
 * The checks of raw exports, by ingest with no output; the run's status
 * (TS_EXIT_USAGE: stop, see ts_validate_run).
 */
static int
validate_exports(const struct ts_validate_opts *vo,
    const struct ts_inputs *in, ts_out *out, struct tally *t, ts_runsum *sum,
    int *only_rows)
{
	struct ts_ingest_opts o = vo->ingest;
	struct ts_ingest_stats before, after;
	int status = TS_EXIT_OK, rc;
	ts_ingest *g;
	size_t i;

	/* Patients are not written: no key is needed to check them. */
	o.max_messages = vo->max_messages;
	o.summary = sum;
	o.progress = vo->progress;
	if ((g = ts_ingest_new(&o)) == NULL) {
		t->stopped = 1;
		return TS_EXIT_IO;
	}
	for (i = 0; i < in->n; i++) {
		const char *path = in->paths[i];
		const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
		ts_input *inp = ts_input_open(path);

		ts_ingest_totals(g, &before);
		rc = ts_ingest_file(g, inp, NULL);
		ts_ingest_totals(g, &after);
		if (rc == TS_EXIT_USAGE) {
			ts_ingest_free(g);
			t->stopped = 1;
			return TS_EXIT_USAGE;
		}
		verdict(out, name, rc, after.read - before.read,
		    after.rejected - before.rejected,
		    after.repeated - before.repeated, t);
		if (inp == NULL && sum != NULL)
			ts_runsum_unreadable(sum, path);
		if (rc != TS_EXIT_OK && (rc != TS_EXIT_DATA ||
		    ts_ingest_file_failed(g)))
			*only_rows = 0;
		if (rc > status)
			status = rc;
	}
	ts_ingest_totals(g, &after);
	t->rows = after.read;
	t->problem_rows = after.rejected;
	t->ok_rows = after.written;
	ts_ingest_free(g);
	return status;
}

int
ts_validate_run(const struct ts_validate_opts *o,
    const struct ts_inputs *in, ts_out *out)
{
	struct tally t = { 0 };
	int only_rows = 1;      /* every problem so far is a row's */
	ts_runsum *sum = NULL;
	ts_out *sum_out;
	ts_error e;
	int status;

	t.max_messages = o->max_messages;
	if (o->summary != NULL)
		sum = ts_runsum_new("validate", o->records ? NULL :
		    o->profile_name);
	if (o->records)
		status = validate_records_all(in, out, &t, sum, &only_rows,
		    o->progress);
	else
		status = validate_exports(o, in, out, &t, sum, &only_rows);
	/* The verdicts go out now: on a terminal, not after the line. */
	ts_progress_clear(o->progress);
	if (t.stopped) {
		ts_runsum_free(sum);
		if (ts_out_close(out, &e) < 0)
			return ts_out_failure_status(&e);
		return status;
	}
	ts_out_printf(out, "total: %llu file%s, %llu rows, %llu rejected, %llu"
	    " file%s with problems\n", (unsigned long long)t.files,
	    t.files == 1 ? "" : "s", (unsigned long long)t.rows,
	    (unsigned long long)t.problem_rows, (unsigned long long)t.bad_files,
	    t.bad_files == 1 ? "" : "s");
	if (ts_out_close(out, &e) < 0) {
		ts_runsum_free(sum);
		return ts_out_failure_status(&e);
	}
	/* Under --max-reject-rate, row problems alone decide by their share. */
	if (o->max_rate >= 0 && status == TS_EXIT_DATA && only_rows)
		status = TS_EXIT_OK;
	if (o->max_rate >= 0 && ts_runsum_rate_exceeded(t.problem_rows,
	    t.ok_rows, o->max_rate) && status < TS_EXIT_DATA)
		status = TS_EXIT_DATA;
	if (sum != NULL) {
		if ((sum_out = ts_runsum_write(sum, o->summary, status, &e)) ==
		    NULL || ts_out_close(sum_out, &e) < 0)
			status = ts_out_failure_status(&e);
		ts_runsum_free(sum);
	}
	return status;
}
