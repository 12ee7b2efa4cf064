/*
 * telestat-synth - write deterministic synthetic exports, shaped like the
 * ones telestat ingests, for demos, tests and benchmarks.
 * See telestat-synth(1); the generator lives in lib/synth.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "out.h"
#include "synth.h"
#include "util.h"
#include "values.h"

static const char short_usage[] =
    "usage: telestat synth [-n ROWS] [-s SEED] [-p PROFILE] [-y FROM-TO]\n"
    "                      [--bundle] [--facilities FILE] [--network-seed S]\n"
    "                      [-o FILE]\n";

static void
help(void)
{
	printf("%s\n"
	    "Write a synthetic export, the same bytes for the same options.\n\n"
	    "  -n, --rows N        data rows to write (default 1000)\n"
	    "  -s, --seed S        random seed, 0 to 2^64-1 (default 1)\n"
	    "  -p, --profile NAME  shape of the export (default generic):\n"
	    "                        generic          comma CSV, one row per attention\n"
	    "                        minsa-his        HIS-MINSA, ';', Latin-1, codes\n"
	    "                        essalud-cenate   EsSalud CENATE attentions\n"
	    "                        cenetec-summary  CENETEC state totals per action\n"
	    "                        fhir             FHIR R4 Encounter NDJSON\n"
	    "  -y, --years FROM-TO years the dates fall in (default 2021-2025)\n"
	    "      --bundle        with -p fhir: one Bundle instead of NDJSON\n"
	    "      --facilities FILE  also write the facility table the rows\n"
	    "                      draw from (for report --facilities)\n"
	    "      --network-seed S  draw the facility network from seed S, so\n"
	    "                      exports with different seeds share it\n"
	    "  -o, --output FILE   write FILE (atomically) instead of stdout\n"
	    "  -h, --help          this help\n"
	    "      --version       print the version\n\n"
	    "See telestat-synth(1).\n", short_usage);
}

static _Noreturn void
usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", ts_progname());
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", short_usage);
	exit(TS_EXIT_USAGE);
}

int
main(int argc, char **argv)
{
	enum { OPT_BUNDLE = 256, OPT_FACILITIES, OPT_NETWORK_SEED, OPT_HELP,
		OPT_VERSION };
	static const struct option longopts[] = {
		{ "rows", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "profile", required_argument, NULL, 'p' },
		{ "years", required_argument, NULL, 'y' },
		{ "output", required_argument, NULL, 'o' },
		{ "bundle", no_argument, NULL, OPT_BUNDLE },
		{ "facilities", required_argument, NULL, OPT_FACILITIES },
		{ "network-seed", required_argument, NULL, OPT_NETWORK_SEED },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	ts_synth_opts opts;
	const char *output = "-";
	const char *facilities = NULL;
	ts_out *o;
	ts_error e;
	int ch;

	ts_set_progname(argv[0]);
	ts_synth_defaults(&opts);
	while ((ch = getopt_long(argc, argv, "n:s:p:y:o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			if (ts_num_parse(optarg, strlen(optarg), 0, TS_COUNT_MAX,
			    &opts.rows) != NULL)
				usage_error("-n: expected a non-negative integer, got \"%s\"",
				    optarg);
			break;
		case 's':
			if (ts_num_parse(optarg, strlen(optarg), 0, UINT64_MAX,
			    &opts.seed) != NULL)
				usage_error("--seed: expected an integer from 0 to "
				    "18446744073709551615, got \"%s\"", optarg);
			break;
		case 'p':
			if ((opts.shape = ts_synth_shape_find(optarg)) < 0)
				usage_error("-p: unknown profile \"%s\" (generic, minsa-his, "
				    "essalud-cenate, cenetec-summary, fhir)", optarg);
			break;
		case 'y':
			if (ts_synth_parse_years(optarg, &opts.year_from, &opts.year_to) != 0)
				usage_error("--years: expected YEAR or FROM-TO within "
				    "1900-2100, got \"%s\"", optarg);
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_BUNDLE:
			opts.bundle = 1;
			break;
		case OPT_FACILITIES:
			facilities = optarg;
			break;
		case OPT_NETWORK_SEED:
			if (ts_num_parse(optarg, strlen(optarg), 0, UINT64_MAX,
			    &opts.network_seed) != NULL)
				usage_error("--network-seed: expected an integer from 0 "
				    "to 18446744073709551615, got \"%s\"", optarg);
			opts.has_network_seed = 1;
			break;
		case 'h':
		case OPT_HELP:
			help();
			return ts_stdout_status();
		case OPT_VERSION:
			ts_print_version();
			return ts_stdout_status();
		default:
			fputs(short_usage, stderr);
			return TS_EXIT_USAGE;
		}
	}
	if (optind < argc)
		usage_error("unexpected argument \"%s\"", argv[optind]);
	if (opts.bundle && opts.shape != TS_SYNTH_FHIR)
		usage_error("--bundle needs -p fhir, not -p %s",
		    ts_synth_shape_name(opts.shape));
	if (facilities != NULL) {
		if (strcmp(facilities, "-") == 0 || strcmp(facilities, output) == 0)
			usage_error("--facilities: give a file of its own, not \"%s\"",
			    facilities);
		if (opts.shape != TS_SYNTH_GENERIC && opts.shape != TS_SYNTH_MINSA_HIS &&
		    opts.shape != TS_SYNTH_FHIR)
			usage_error("--facilities: -p %s has no facilities",
			    ts_synth_shape_name(opts.shape));
		if ((o = ts_out_open(facilities, &e)) == NULL)
			ts_error_exit(&e, NULL);
		(void)ts_synth_write_facilities(o, &opts);
		if (ts_out_close(o, &e) < 0)
			return ts_out_failure_status(&e);
	}
	if ((o = ts_out_open(output, &e)) == NULL)
		ts_error_exit(&e, NULL);
	ts_synth_write(o, &opts);
	if (ts_out_close(o, &e) < 0)
		return ts_out_failure_status(&e);
	return TS_EXIT_OK;
}
