/*
 * telestat-validate - check raw exports against a profile without
 * writing data. See telestat-validate(1).
 *
 * Options and the per-file loop only: the checks are ingest's own
 * (lib/ingest.c run with no output), so validate and ingest always agree.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"
#include "input.h"
#include "out.h"
#include "profile.h"
#include "util.h"

static void
usage(FILE *f)
{
	fprintf(f, "usage: telestat-validate [-p PROFILE] [--format FMT]"
	    " [FILE ...]\n");
}

static void
help(void)
{
	usage(stdout);
	printf("\nCheck raw exports as telestat-ingest would read them, writing no"
	    " data.\n\n"
	    "  -p, --profile NAME|FILE  source profile (default: generic)\n"
	    "      --format FMT         csv, json or ndjson (default: detected)\n"
	    "      --help, --version\n\n"
	    "Exit status: 0 valid, 1 problems found, 2 usage, 3 unreadable.\n"
	    "See telestat-validate(1).\n");
}

int
main(int argc, char **argv)
{
	enum { OPT_FORMAT = 256, OPT_HELP, OPT_VERSION };
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	struct ts_ingest_opts o;
	struct ts_ingest_stats before, after;
	const char *profile_arg = "generic";
	ts_profile *profile;
	ts_ingest *g;
	ts_out *out;
	uint64_t files = 0, bad_files = 0;
	int ch, i, status = TS_EXIT_OK;

	ts_set_progname(argv[0]);
	memset(&o, 0, sizeof(o));
	o.delim = o.encoding = o.country = o.format = -1;
	o.max_errors = UINT64_MAX;
	o.quiet = 1;
	o.check_only = 1;
	while ((ch = getopt_long(argc, argv, "p:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			profile_arg = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "csv") == 0)
				o.format = TS_FORMAT_CSV;
			else if (strcmp(optarg, "json") == 0)
				o.format = TS_FORMAT_JSON;
			else if (strcmp(optarg, "ndjson") == 0)
				o.format = TS_FORMAT_NDJSON;
			else {
				fprintf(stderr, "%s: --format %s: want csv, json or ndjson\n",
				    ts_progname(), optarg);
				usage(stderr);
				return TS_EXIT_USAGE;
			}
			break;
		case OPT_HELP:
			help();
			return fflush(stdout) == 0 ? TS_EXIT_OK : TS_EXIT_IO;
		case OPT_VERSION:
			ts_print_version();
			return fflush(stdout) == 0 ? TS_EXIT_OK : TS_EXIT_IO;
		default:
			usage(stderr);
			return TS_EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;

	if ((profile = ts_profile_load(profile_arg)) == NULL)
		ts_exit(TS_EXIT_USAGE);
	o.profile = profile;
	/* Patients are not written: no key is needed to check them. */
	if ((g = ts_ingest_new(&o)) == NULL)
		ts_exit(TS_EXIT_IO);
	out = ts_out_stdout();
	for (i = 0; i == 0 || i < argc; i++) {
		const char *path = argc > 0 ? argv[i] : "-";
		const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
		ts_input *in = ts_input_open(path);
		uint64_t rows, bad;
		int rc;

		ts_ingest_totals(g, &before);
		rc = ts_ingest_file(g, in, NULL);
		ts_ingest_totals(g, &after);
		files++;
		if (rc == TS_EXIT_USAGE) {
			usage(stderr);
			ts_exit(TS_EXIT_USAGE);
		}
		rows = after.read - before.read;
		bad = after.rejected - before.rejected;
		if (rc == TS_EXIT_IO) {
			ts_out_printf(out, "%s: unreadable\n", name);
			bad_files++;
		} else if (rc == TS_EXIT_OK) {
			ts_out_printf(out, "%s: valid, %llu rows\n", name,
			    (unsigned long long)rows);
		} else {
			/* A file-level problem (header, structure) counts as one. */
			uint64_t problems = bad ? bad : 1;
			ts_out_printf(out, "%s: %llu problem%s in %llu rows\n", name,
			    (unsigned long long)problems, problems == 1 ? "" : "s",
			    (unsigned long long)rows);
			bad_files++;
		}
		if (rc > status)
			status = rc;
	}
	ts_ingest_totals(g, &after);
	ts_out_printf(out, "total: %llu file%s, %llu rows, %llu rejected, %llu"
	    " file%s with problems\n", (unsigned long long)files,
	    files == 1 ? "" : "s", (unsigned long long)after.read,
	    (unsigned long long)after.rejected, (unsigned long long)bad_files,
	    bad_files == 1 ? "" : "s");
	ts_out_close(out);
	ts_ingest_free(g);
	ts_profile_free(profile);
	return status;
}
