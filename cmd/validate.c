/*
 * telestat-validate - check raw exports against a profile, or records
 * streams against telestat-records(5), without writing data. See
 * telestat-validate(1).
 *
 * Options and the per-file loops only: raw exports get ingest's own
 * checks (lib/ingest.c run with no output), so validate and ingest always
 * agree; records streams get lib/records' framing and lib/recordcheck's
 * value checks.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"
#include "encoding.h"
#include "input.h"
#include "out.h"
#include "profile.h"
#include "recordcheck.h"
#include "records.h"
#include "regions.h"
#include "runsum.h"
#include "taxonomy.h"
#include "util.h"

static void
usage(FILE *f)
{
	fprintf(f, "usage: telestat validate [-p PROFILE] [--format FMT]"
	    " [-n N]\n"
	    "                         [--max-reject-rate P] [--summary FILE]\n"
	    "                         [--duplicates keep|reject] [FILE ...]\n"
	    "       telestat validate --records [-n N] [--max-reject-rate P]\n"
	    "                         [--summary FILE] [FILE ...]\n");
}

static void
help(void)
{
	usage(stdout);
	printf("\nCheck raw exports as telestat-ingest would read them, or records\n"
	    "streams against telestat-records(5), writing no"
	    " data.\n\n"
	    "  -p, --profile NAME|FILE  source profile (default: generic)\n"
	    "      --format FMT         csv, json or ndjson (default: detected)\n"
	    "      --records            the inputs are records streams"
	    " (telestat-records(5))\n"
	    "  -n, --max-messages N     print the first N problems, count the"
	    " rest\n"
	    "                           (default: print every problem)\n"
	    "      --max-reject-rate P  exit 1 only when more than P %% of the rows\n"
	    "                           have problems (default: any problem)\n"
	    "      --duplicates keep|reject\n"
	    "                           a repeated attention id (or summary key) is a\n"
	    "                           problem (reject, the default) or not (keep)\n"
	    "      --summary FILE       write a JSON run summary to FILE\n"
	    "                           (telestat-summary(5))\n"
	    "  -h, --help, --version\n\n"
	    "Exit status: 0 valid, 1 problems found, 2 usage, 3 unreadable.\n"
	    "See telestat-validate(1).\n");
}

/* Totals over all files. */
struct tally {
	uint64_t files, bad_files, rows, problem_rows, ok_rows;
	uint64_t messages;      /* problems printed or counted */
	uint64_t max_messages;  /* --max-messages: print this many */
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

static void
verdict(ts_out *out, const char *name, int rc, uint64_t rows,
    uint64_t problems, struct tally *t)
{
	t->files++;
	if (rc == TS_EXIT_IO) {
		ts_out_printf(out, "%s: unreadable\n", name);
		t->bad_files++;
	} else if (rc == TS_EXIT_OK) {
		ts_out_printf(out, "%s: valid, %llu rows\n", name,
		    (unsigned long long)rows);
	} else {
		/* A file-level problem (header, structure) counts as one. */
		if (problems == 0)
			problems = 1;
		ts_out_printf(out, "%s: %llu problem%s in %llu rows\n", name,
		    (unsigned long long)problems, problems == 1 ? "" : "s",
		    (unsigned long long)rows);
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
    int *only_rows)
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
		verdict(out, name, TS_EXIT_IO, 0, 0, t);
		if (sum != NULL)
			ts_runsum_unreadable(sum, path);
		return TS_EXIT_IO;
	}
	/* The reader says why a header is refused. */
	if ((r = ts_reader_new(in)) == NULL) {
		verdict(out, name, TS_EXIT_DATA, 0, 1, t);
		if (sum != NULL)
			ts_runsum_end_file(sum, name, "records", "utf-8", &rows_sum,
			    TS_EXIT_DATA);
		*only_rows = 0;         /* a file problem, not a row's */
		return TS_EXIT_DATA;
	}
	c = ts_recordcheck_new(r, tax, regions);
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
	verdict(out, name, status, rows, problems, t);
	if (sum != NULL) {
		rows_sum.read = rows;
		rows_sum.written = rows - rows_sum.rejected;
		ts_runsum_end_file(sum, name, "records", "utf-8", &rows_sum, status);
	}
	return status;
}

int
main(int argc, char **argv)
{
	enum { OPT_FORMAT = 256, OPT_RECORDS, OPT_HELP, OPT_VERSION, OPT_SUMMARY,
		OPT_MAX_REJECT_RATE, OPT_DUPLICATES };
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "records", no_argument, NULL, OPT_RECORDS },
		{ "max-messages", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "summary", required_argument, NULL, OPT_SUMMARY },
		{ "duplicates", required_argument, NULL, OPT_DUPLICATES },
		{ "max-reject-rate", required_argument, NULL, OPT_MAX_REJECT_RATE },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	struct ts_ingest_opts o;
	struct ts_ingest_stats before, after;
	const char *profile_arg = "generic", *summary_path = NULL;
	double max_rate = -1;
	ts_runsum *sum = NULL;
	int only_rows = 1;      /* every problem so far is a row's */
	ts_profile *profile;
	ts_ingest *g;
	ts_out *out;
	struct tally t = { 0, 0, 0, 0, 0, 0, UINT64_MAX };
	int ch, i, records = 0, profile_given = 0, status = TS_EXIT_OK;

	ts_set_progname(argv[0]);
	memset(&o, 0, sizeof(o));
	o.delim = o.encoding = o.country = o.format = -1;
	o.max_errors = UINT64_MAX;
	o.quiet = 1;
	o.check_only = 1;
	while ((ch = getopt_long(argc, argv, "n:p:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			profile_arg = optarg;
			profile_given = 1;
			break;
		case OPT_RECORDS:
			records = 1;
			break;
		case 'n':
			t.max_messages = (uint64_t)ts_parse_count_option(
			    "--max-messages", optarg);
			if (t.max_messages == 0)
				ts_usage_error(usage, "%s: want 1 or more",
				    "--max-messages");
			break;
		case OPT_DUPLICATES:
			if ((o.duplicates = ts_ingest_dupes_option(optarg)) < 0)
				ts_usage_error(usage, "--duplicates %s: want keep or"
				    " reject", optarg);
			break;
		case OPT_SUMMARY:
			if (strcmp(optarg, "-") == 0)
				ts_usage_error(usage, "--summary %s: name a file", optarg);
			summary_path = optarg;
			break;
		case OPT_MAX_REJECT_RATE:
			if ((max_rate = ts_runsum_rate_option(optarg)) < 0)
				ts_usage_error(usage, "--max-reject-rate %s: want a"
				    " percentage from 0 to 100", optarg);
			break;
		case OPT_FORMAT:
			if ((o.format = ts_format_option(optarg)) < 0)
				ts_usage_error(usage, "--format %s: want csv, json or"
				    " ndjson", optarg);
			break;
		case 'h':
		case OPT_HELP:
			help();
			return ts_stdout_status();
		case OPT_VERSION:
			ts_print_version();
			return ts_stdout_status();
		default:
			usage(stderr);
			return TS_EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;

	if (records && (profile_given || o.format >= 0)) {
		ts_usage_error(usage, "%s takes no profile or format: a records"
		    " stream has one shape", "--records");
	}
	out = ts_out_stdout();
	if (summary_path != NULL)
		sum = ts_runsum_new("validate", records ? NULL : profile_arg);
	if (records) {
		ts_taxonomy *tax = ts_taxonomy_load(NULL);
		ts_regiondb *regions = ts_regiondb_load();

		if (regions == NULL)
			ts_exit(TS_EXIT_IO);
		for (i = 0; i == 0 || i < argc; i++) {
			int rc = validate_records(argc > 0 ? argv[i] : "-", tax,
			    regions, out, &t, sum, &only_rows);
			if (rc != TS_EXIT_OK && rc != TS_EXIT_DATA)
				only_rows = 0;
			if (rc > status)
				status = rc;
		}
		ts_regiondb_free(regions);
		ts_taxonomy_free(tax);
		goto totals;
	}
	if ((profile = ts_profile_load(profile_arg)) == NULL)
		ts_exit(TS_EXIT_USAGE);
	o.profile = profile;
	/* Patients are not written: no key is needed to check them. */
	o.max_messages = t.max_messages;
	o.summary = sum;
	if ((g = ts_ingest_new(&o)) == NULL)
		ts_exit(TS_EXIT_IO);
	for (i = 0; i == 0 || i < argc; i++) {
		const char *path = argc > 0 ? argv[i] : "-";
		const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
		ts_input *in = ts_input_open(path);
		int rc;

		ts_ingest_totals(g, &before);
		rc = ts_ingest_file(g, in, NULL);
		ts_ingest_totals(g, &after);
		if (rc == TS_EXIT_USAGE) {
			usage(stderr);
			ts_exit(TS_EXIT_USAGE);
		}
		verdict(out, name, rc, after.read - before.read,
		    after.rejected - before.rejected, &t);
		if (in == NULL && sum != NULL)
			ts_runsum_unreadable(sum, path);
		if (rc != TS_EXIT_OK && (rc != TS_EXIT_DATA ||
		    ts_ingest_file_failed(g)))
			only_rows = 0;
		if (rc > status)
			status = rc;
	}
	{
		uint64_t late = ts_ingest_late_duplicates(g);
		if (late > 0 && status < TS_EXIT_DATA)
			status = TS_EXIT_DATA;
		if (late > 0 && sum != NULL)
			ts_runsum_late_dups(sum, late);
	}
	ts_ingest_totals(g, &after);
	t.rows = after.read;
	t.problem_rows = after.rejected;
	t.ok_rows = after.written;
	ts_ingest_free(g);
	ts_profile_free(profile);
totals:
	ts_out_printf(out, "total: %llu file%s, %llu rows, %llu rejected, %llu"
	    " file%s with problems\n", (unsigned long long)t.files,
	    t.files == 1 ? "" : "s", (unsigned long long)t.rows,
	    (unsigned long long)t.problem_rows, (unsigned long long)t.bad_files,
	    t.bad_files == 1 ? "" : "s");
	ts_out_close(out);
	/* Under --max-reject-rate, row problems alone decide by their share. */
	if (max_rate >= 0 && status == TS_EXIT_DATA && only_rows)
		status = TS_EXIT_OK;
	if (max_rate >= 0 && ts_runsum_rate_exceeded(t.problem_rows, t.ok_rows,
	    max_rate) && status < TS_EXIT_DATA)
		status = TS_EXIT_DATA;
	if (sum != NULL) {
		ts_runsum_write(sum, summary_path, status);
		ts_runsum_free(sum);
	}
	return status;
}
