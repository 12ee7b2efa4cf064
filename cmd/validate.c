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

#include "ingest.h"
#include "out.h"
#include "profile.h"
#include "runsum.h"
#include "util.h"
#include "validate.h"

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
	struct ts_validate_opts v = { .max_messages = UINT64_MAX,
	    .max_rate = -1 };
	struct ts_ingest_opts *o = &v.ingest;
	struct ts_inputs in;
	const char *profile_arg = "generic";
	ts_profile *profile = NULL;
	int ch, profile_given = 0, rv;

	ts_set_progname(argv[0]);
	o->delim = o->encoding = o->country = o->format = -1;
	o->max_errors = UINT64_MAX;
	o->quiet = 1;
	o->check_only = 1;
	while ((ch = getopt_long(argc, argv, "n:p:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			profile_arg = optarg;
			profile_given = 1;
			break;
		case OPT_RECORDS:
			v.records = 1;
			break;
		case 'n':
			v.max_messages = (uint64_t)ts_parse_count_option(
			    "--max-messages", optarg);
			if (v.max_messages == 0)
				ts_usage_error(usage, "%s: want 1 or more",
				    "--max-messages");
			break;
		case OPT_DUPLICATES:
			if ((o->duplicates = ts_ingest_dupes_option(optarg)) < 0)
				ts_usage_error(usage, "--duplicates %s: want keep or"
				    " reject", optarg);
			break;
		case OPT_SUMMARY:
			if (strcmp(optarg, "-") == 0)
				ts_usage_error(usage, "--summary %s: name a file", optarg);
			v.summary = optarg;
			break;
		case OPT_MAX_REJECT_RATE:
			if ((v.max_rate = ts_runsum_rate_option(optarg)) < 0)
				ts_usage_error(usage, "--max-reject-rate %s: want a"
				    " percentage from 0 to 100", optarg);
			break;
		case OPT_FORMAT:
			if ((o->format = ts_format_option(optarg)) < 0)
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
	if (v.records && (profile_given || o->format >= 0)) {
		ts_usage_error(usage, "%s takes no profile or format: a records"
		    " stream has one shape", "--records");
	}
	in = ts_inputs_args(argc - optind, argv + optind);
	if (!v.records && (profile = ts_profile_load(profile_arg)) == NULL)
		ts_exit(TS_EXIT_USAGE);
	o->profile = profile;
	v.profile_name = profile_arg;
	rv = ts_validate_run(&v, &in, ts_out_stdout());
	if (rv == TS_EXIT_USAGE) {
		usage(stderr);
		ts_exit(TS_EXIT_USAGE);
	}
	ts_profile_free(profile);
	return rv;
}
