/*
 * telestat-validate - check raw exports against a profile, or records
 * streams against telestat-records(5), without writing data. See
 * telestat-validate(1).
 * Options only: the checks are lib/validate.c's.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ingest.h"
#include "out.h"
#include "profile.h"
#include "readopts.h"
#include "runsum.h"
#include "util.h"
#include "validate.h"

static void
usage(FILE *f)
{
	fprintf(f, "usage: telestat validate [-p PROFILE] [-d DELIM] [--encoding ENC]\n"
	    "                         [--country PE|MX] [--map COLUMN=HEADER,...]\n"
	    "                         [--date-format FMT] [--lookup ROLE=FILE]\n"
	    "                         [--format FMT] [--lenient] [--max-messages N]\n"
	    "                         [--max-reject-rate P] [--summary FILE]\n"
	    "                         [--duplicates keep|reject] [-q] [FILE ...]\n"
	    "       telestat validate --records [--max-messages N]\n"
	    "                         [--max-reject-rate P] [--summary FILE] [-q]\n"
	    "                         [FILE ...]\n");
}

static void
help(void)
{
	usage(stdout);
	printf("\nCheck raw exports as telestat-ingest would read them, or records\n"
	    "streams against telestat-records(5), writing no"
	    " data.\n\n"
	    "  -p, --profile NAME|FILE  source profile (default: generic)\n"
	    "  -d, --delimiter C        field delimiter (default: sniffed among , ; TAB |)\n"
	    "      --encoding ENC       utf-8 (checked), latin1 or cp1252 (converted)\n"
	    "      --country PE|MX      country of numeric region codes\n"
	    "      --map COL=HEADER,... take canonical COL from source column HEADER\n"
	    "      --date-format FMT    dates like FMT (%%Y %%m %%b %%d %%H %%M %%S %%%%),\n"
	    "                           excel (serial days) or auto; repeat to try\n"
	    "                           several formats in order\n"
	    "      --lookup ROLE=FILE[:KEY:VALUE]\n"
	    "                           ROLE from master FILE, as telestat-ingest(1)\n"
	    "      --format FMT         csv, json or ndjson (default: detected)\n"
	    "      --lenient            accept stray quotes\n"
	    "      --records            the inputs are records streams"
	    " (telestat-records(5))\n"
	    "      --max-messages N     print the first N problems, count the"
	    " rest\n"
	    "                           (default: print every problem)\n"
	    "      --max-reject-rate P  exit 1 only when more than P %% of the rows\n"
	    "                           have problems (default: any problem)\n"
	    "      --duplicates keep|reject\n"
	    "                           a repeated attention id (or summary key) is a\n"
	    "                           problem (reject, the default) or not (keep)\n"
	    "      --summary FILE       write a JSON run summary to FILE\n"
	    "                           (telestat-summary(5))\n"
	    "  -q, --quiet              no progress line on a terminal\n"
	    "  -h, --help, --version\n\n"
	    "Exit status: 0 valid, 1 problems found, 2 usage, 3 unreadable.\n"
	    "See telestat-validate(1).\n");
}

enum { OPT_RECORDS = 256, OPT_HELP, OPT_VERSION, OPT_SUMMARY,
	OPT_MAX_REJECT_RATE, OPT_MAX_MESSAGES };

/* Besides these, the reading options of readopts.h, as ingest has them. */
static const struct option own_longopts[] = {
	{ "records", no_argument, NULL, OPT_RECORDS },
	/* No short form: -n is synth's number of rows. */
	{ "max-messages", required_argument, NULL, OPT_MAX_MESSAGES },
	{ "summary", required_argument, NULL, OPT_SUMMARY },
	{ "max-reject-rate", required_argument, NULL, OPT_MAX_REJECT_RATE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* One of validate's own options; exits on --help, --version or a bad one. */
static void
take_option(struct ts_validate_opts *v, int ch, const char *arg, int *quiet)
{
	ts_error e;

	switch (ch) {
	case 'q':
		*quiet = 1;
		break;
	case OPT_RECORDS:
		v->records = 1;
		break;
	case OPT_MAX_MESSAGES:
		v->max_messages = (uint64_t)ts_parse_count_option(
		    "--max-messages", arg);
		if (v->max_messages == 0)
			ts_usage_error(usage, "%s: want 1 or more",
			    "--max-messages");
		break;
	case OPT_SUMMARY:
		if (ts_runsum_path_option(arg, &e) < 0)
			ts_error_exit(&e, usage);
		v->summary = arg;
		break;
	case OPT_MAX_REJECT_RATE:
		if ((v->max_rate = ts_runsum_rate_option(arg)) < 0)
			ts_usage_error(usage, "--max-reject-rate %s: want a"
			    " percentage from 0 to 100", arg);
		break;
	default:
		ts_option_end(ch, OPT_HELP, OPT_VERSION, help, usage);
	}
}

int
main(int argc, char **argv)
{
	struct ts_validate_opts v = { .max_messages = UINT64_MAX,
	    .max_rate = -1 };
	struct option *longopts = ts_readopts_longopts(own_longopts);
	struct ts_readopts r;
	struct ts_inputs in;
	ts_profile *profile = NULL;
	ts_error e;
	int ch, rv, quiet = 0;

	ts_set_progname(argv[0]);
	ts_readopts_init(&r, &v.ingest);
	v.ingest.max_errors = UINT64_MAX;
	v.ingest.quiet = 1;
	v.ingest.check_only = 1;
	while ((ch = getopt_long(argc, argv, TS_READOPTS_SHORT "qh", longopts,
	    NULL)) != -1) {
		if ((rv = ts_readopts_take(&r, ch, optarg, &e)) < 0)
			ts_error_exit(&e, usage);
		if (rv == 0)
			take_option(&v, ch, optarg, &quiet);
	}
	free(longopts);
	if (v.records && (r.profile_given || r.other_given)) {
		ts_usage_error(usage, "%s takes no profile, format or other"
		    " reading option: a records stream has one shape",
		    "--records");
	}
	in = ts_inputs_args(argc - optind, argv + optind);
	if (!v.records && (profile = ts_profile_load(r.profile)) == NULL)
		ts_exit_at_least(TS_EXIT_USAGE);   /* 3 after a read error */
	v.ingest.profile = profile;
	v.profile_name = r.profile;
	v.progress = ts_progress_new(quiet);
	rv = ts_validate_run(&v, &in, ts_out_stdout());
	ts_progress_end(v.progress);
	if (rv == TS_EXIT_USAGE) {
		usage(stderr);
		ts_exit(TS_EXIT_USAGE);
	}
	ts_profile_free(profile);
	ts_readopts_free(&r);
	return rv;
}
