/*
 * telestat-classify - fill category, subcategory and with_patient from
 * the service label, by ordered rules; see telestat-classify(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "out.h"
#include "paths.h"
#include "records.h"
#include "rules.h"
#include "taxonomy.h"
#include "util.h"

static void
usage(FILE *f)
{
	fprintf(f, "usage: telestat classify [-r RULES] [-o FILE] [--explain] "
	    "[--stats] [--suggest]\n"
	    "                         [--top N] [--summary FILE] [FILE...]\n");
}

static void
help(void)
{
	usage(stdout);
	printf("\nReads records (telestat-records(5)) and fills the category,\n"
	    "subcategory and with_patient columns from the service label.\n\n"
	    "  -r, --rules FILE  rules file (default: the installed rules)\n"
	    "  -o, --output FILE write to FILE (atomically) instead of stdout\n"
	    "      --explain     add a rule column naming the rule that fired\n"
	    "      --stats       print counts per category and unmatched labels\n"
	    "      --suggest     instead of records, write a rules line for each\n"
	    "                    label no rule matched, most frequent first, with\n"
	    "                    its count and the words that point to the category\n"
	    "      --top N       labels listed by --stats (default 10) and by\n"
	    "                    --suggest (default all)\n"
	    "      --summary FILE write a JSON run summary to FILE\n"
	    "                    (telestat-summary(5))\n"
	    "  -h, --help        print this help and exit\n"
	    "      --version     print the version and exit\n\n"
	    "See telestat-classify(1), telestat-rules(5), telestat-taxonomy(7).\n");
}

/* A file's section of the --summary (SUM may be NULL). */
static void
file_summary(ts_runsum *sum, const char *path, uint64_t read,
    uint64_t written, uint64_t rejected, int status)
{
	struct ts_runsum_rows rows = { read, written, rejected, 0 };

	if (sum != NULL)
		ts_runsum_end_file(sum, strcmp(path, "-") == 0 ? "<stdin>" : path,
		    "records", "utf-8", &rows, status);
}

/* A file's own status, for its --summary section; the run's is ts_status(). */
static void
raise_status(int *status, int s)
{
	if (s > *status)
		*status = s;
}

int
main(int argc, char **argv)
{
	enum { OPT_EXPLAIN = 256, OPT_STATS, OPT_SUGGEST, OPT_TOP, OPT_HELP,
	    OPT_VERSION, OPT_SUMMARY };
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "output", required_argument, NULL, 'o' },
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "suggest", no_argument, NULL, OPT_SUGGEST },
		{ "top", required_argument, NULL, OPT_TOP },
		{ "summary", required_argument, NULL, OPT_SUMMARY },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	const char *rules_path = NULL, *out_path = "-", *summary_path = NULL;
	ts_runsum *sum = NULL;
	char *default_rules = NULL;
	int explain = 0, stats = 0, ch, i, nfiles;
	size_t top = 10;
	int suggest = 0, top_given = 0;
	uint64_t nin = 0, nout = 0, nbad = 0;
	char err[1024];
	ts_taxonomy *tax;
	ts_rules *rules;
	ts_classifier *cl;
	ts_out *out;
	static char *stdin_only[] = { "-", NULL };
	char **files;

	ts_set_progname(argv[0]);
	while ((ch = getopt_long(argc, argv, "r:o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			rules_path = optarg;
			break;
		case 'o':
			out_path = optarg;
			break;
		case OPT_EXPLAIN:
			explain = 1;
			break;
		case OPT_STATS:
			stats = 1;
			break;
		case OPT_SUMMARY:
			if (strcmp(optarg, "-") == 0)
				ts_usage_error(usage, "--summary %s: name a file", optarg);
			summary_path = optarg;
			break;
		case OPT_SUGGEST:
			suggest = 1;
			break;
		case OPT_TOP:
			top = (size_t)ts_parse_count_option("--top", optarg);
			top_given = 1;
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
	nfiles = argc - optind;
	files = nfiles > 0 ? argv + optind : stdin_only;
	if (nfiles == 0)
		nfiles = 1;

	/* Every rules problem ends the run before any record is read. */
	tax = ts_taxonomy_load(NULL);
	if (rules_path == NULL) {
		default_rules = ts_share_path("rules");
		if (default_rules == NULL)
			ts_die(TS_EXIT_USAGE, "cannot find the default rules in the "
			    "share directory (set TELESTAT_SHARE or use -r)");
		rules_path = default_rules;
	}
	err[0] = '\0';
	rules = ts_rules_load(rules_path, tax, err, sizeof(err));
	if (rules == NULL) {
		if (err[0] != '\0')
			ts_warn("%s", err);
		ts_exit(TS_EXIT_USAGE);
	}

	if (ts_out_names_input("-o", out_path, files, nfiles)) {
		usage(stderr);
		ts_exit(TS_EXIT_USAGE);
	}
	if (summary_path != NULL)
		sum = ts_runsum_new("classify", NULL);
	/* --suggest needs the per-label counts that --stats keeps. */
	cl = ts_classifier_new(rules, explain, stats || suggest || sum != NULL);
	if (suggest)
		ts_classifier_set_quiet(cl);
	out = ts_out_open(out_path);
	for (i = 0; i < nfiles; i++) {
		ts_input *in = ts_input_open(files[i]);
		ts_reader *r;
		ts_str *fields;
		uint64_t in0 = nin, out0 = nout, bad0 = nbad;
		int rc, fstatus = TS_EXIT_OK;

		if (in == NULL) {
			ts_status_raise(TS_EXIT_IO);
			if (sum != NULL)
				ts_runsum_unreadable(sum, files[i]);
			continue;
		}
		if ((r = ts_reader_new(in)) == NULL) {
			ts_status_raise(TS_EXIT_DATA);
			file_summary(sum, files[i], 0, 0, 0, TS_EXIT_DATA);
			continue;
		}
		if (ts_classifier_begin(cl, r, out) < 0) {
			ts_status_raise(TS_EXIT_DATA);
			file_summary(sum, files[i], 0, 0, 0, TS_EXIT_DATA);
			ts_reader_free(r);
			continue;
		}
		while ((rc = ts_reader_next(r, &fields)) != TS_ROW_EOF) {
			if (rc == TS_ROW_FAIL) {
				raise_status(&fstatus, TS_EXIT_IO);
				break;
			}
			nin++;
			if (rc == TS_ROW_BAD) {
				/* A ragged record cannot be classified: rejected. */
				ts_reader_warn(r, ts_reader_error(r));
				if (sum != NULL)
					ts_runsum_count(sum, TS_RS_REJECTED, NULL,
					    ts_reader_error(r));
				nbad++;
				raise_status(&fstatus, TS_EXIT_DATA);
				continue;
			}
			if (ts_classifier_row(cl, fields, ts_reader_raw(r), out) < 0)
				raise_status(&fstatus, TS_EXIT_DATA);
			nout++;
		}
		if (sum != NULL)
			ts_classifier_summary(cl, sum);
		file_summary(sum, files[i], nin - in0, nout - out0, nbad - bad0,
		    fstatus);
		ts_status_raise(fstatus);
		ts_reader_free(r);
	}
	if (suggest && ts_classifier_suggest(cl, out, top_given ? top : 0) < 0)
		ts_status_raise(TS_EXIT_DATA);
	ts_out_finish(out, ts_status());

	if (stats || nbad > 0)
		ts_warn("records: %llu in, %llu out, %llu rejected; "
		    "%zu distinct labels", (unsigned long long)nin,
		    (unsigned long long)nout, (unsigned long long)nbad,
		    ts_classifier_labels(cl));
	if (stats)
		ts_classifier_report(cl, stderr, top);
	if (sum != NULL) {
		ts_runsum_write(sum, summary_path, ts_status());
		ts_runsum_free(sum);
	}
	ts_classifier_free(cl);
	ts_rules_free(rules);
	ts_taxonomy_free(tax);
	free(default_rules);
	if (fflush(stderr) != 0)
		ts_status_raise(TS_EXIT_IO);
	return ts_status();
}
