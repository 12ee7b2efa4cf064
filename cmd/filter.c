/*
 * telestat-filter - keep the records that match every test given (or,
 * with -v, those that do not); see telestat-filter(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvout.h"
#include "filter.h"
#include "out.h"
#include "records.h"
#include "taxonomy.h"
#include "util.h"

static void
usage(FILE *f)
{
	fprintf(f, "usage: telestat filter [-x] [--year LIST] [--from DATE] "
	    "[--to DATE]\n"
	    "                       [--category LIST [--rollup NAME]] "
	    "[--region LIST]\n"
	    "                       [--institution LIST] [--with-patient yes|no]\n"
	    "                       [-e COLUMN=VALUE]... [--stats] [--csv [--bom]]\n"
	    "                       [-q] [-o FILE] [FILE...]\n");
}

static void
help(void)
{
	usage(stdout);
	printf("\nKeeps the records (telestat-records(5)) that pass every test.\n\n"
	    "  --year LIST          years: 2024, 2021-2023, 2019,2021-2023\n"
	    "  --from DATE          on or after DATE (YYYY-MM-DD, YYYY-MM, YYYY)\n"
	    "  --to DATE            on or before DATE\n"
	    "  --category LIST      categories or CATEGORY/SUBCATEGORY items\n"
	    "  --rollup NAME        a category also selects its children under\n"
	    "                       roll-up NAME (essalud)\n"
	    "  --region LIST        regions; a country code (PE) selects PE-*\n"
	    "  --institution LIST   institutions (ASCII case ignored)\n"
	    "  --with-patient yes|no\n"
	    "  -e COLUMN=VALUE      exact value of any column (COLUMN!=VALUE too)\n"
	    "  -x, --invert         keep the records that do not match\n"
	    "      --stats          report kept and dropped records on stderr\n"
	    "      --csv            write the records as CSV (RFC 4180,\n"
	    "                       formula-safe cells) for spreadsheets\n"
	    "      --bom            with --csv: start with the UTF-8 BOM\n"
	    "  -o, --output FILE    write to FILE (atomically) instead of stdout\n"
	    "  -q, --quiet          no progress line on a terminal\n"
	    "  -h, --help, --version\n\n"
	    "See telestat-filter(1).\n");
}

int
main(int argc, char **argv)
{
	enum { OPT_YEAR = 256, OPT_FROM, OPT_TO, OPT_CATEGORY, OPT_ROLLUP,
	    OPT_REGION, OPT_INSTITUTION, OPT_WITH_PATIENT, OPT_STATS, OPT_HELP,
	    OPT_VERSION, OPT_CSV, OPT_BOM };
	static const struct option longopts[] = {
		{ "year", required_argument, NULL, OPT_YEAR },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "category", required_argument, NULL, OPT_CATEGORY },
		{ "rollup", required_argument, NULL, OPT_ROLLUP },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "institution", required_argument, NULL, OPT_INSTITUTION },
		{ "with-patient", required_argument, NULL, OPT_WITH_PATIENT },
		{ "invert", no_argument, NULL, 'x' },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "bom", no_argument, NULL, OPT_BOM },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	struct ts_filter_opts o = { 0 };
	struct ts_inputs in;
	const char *out_path = "-";
	ts_error e;
	ts_filter *f;
	ts_out *out;
	int ch, rv, csv = 0, bom = 0, quiet = 0;

	ts_set_progname(argv[0]);
	while ((ch = getopt_long(argc, argv, "e:o:qxh", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_YEAR: ts_filter_list_add(&o.years, optarg); break;
		case OPT_FROM: o.from = optarg; break;
		case OPT_TO: o.to = optarg; break;
		case OPT_CATEGORY: ts_filter_list_add(&o.categories, optarg); break;
		case OPT_ROLLUP: o.rollup = optarg; break;
		case OPT_REGION: ts_filter_list_add(&o.regions, optarg); break;
		case OPT_INSTITUTION:
			ts_filter_list_add(&o.institutions, optarg);
			break;
		case OPT_WITH_PATIENT: o.with_patient = optarg; break;
		case 'e': ts_filter_list_add(&o.exprs, optarg); break;
		case 'x': o.invert = 1; break;
		case OPT_STATS: o.stats = 1; break;
		case OPT_CSV: csv = 1; break;
		case OPT_BOM: bom = 1; break;
		case 'o': out_path = optarg; break;
		case 'q': quiet = 1; break;
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
	if (bom && !csv) {
		ts_warn("--bom needs --csv");
		usage(stderr);
		return TS_EXIT_USAGE;
	}
	o.progress = ts_progress_new(quiet);
	if ((f = ts_filter_compile(&o, &e)) == NULL)
		ts_error_exit(&e, usage);
	in = ts_inputs_args(argc - optind, argv + optind);
	if (ts_out_names_input("-o", out_path, in.paths, (int)in.n)) {
		usage(stderr);
		ts_exit(TS_EXIT_USAGE);
	}
	if ((out = ts_out_open(out_path, &e)) == NULL)
		ts_error_exit(&e, NULL);
	if (csv)
		ts_out_csv(out, bom);
	rv = ts_filter_run(f, &in, out);
	ts_filter_free(f);
	ts_filter_opts_free(&o);
	ts_progress_end(o.progress);
	if (fflush(stderr) != 0)
		rv = TS_EXIT_IO;
	return rv;
}
