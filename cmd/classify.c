/*
 * telestat-classify - fill category, subcategory and with_patient from
 * the service label, by ordered rules; see telestat-classify(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "cli.h"
#include "csvout.h"
#include "out.h"
#include "util.h"

static void
usage(FILE *f)
{
	fprintf(f, "usage: telestat classify [-r RULES] [-o FILE] [--explain] "
	    "[--stats] [--suggest]\n"
	    "                         [--top N] [--summary FILE] [--csv [--bom]] "
	    "[-q]\n"
	    "                         [FILE...]\n");
}

static void
help(void)
{
	usage(stdout);
	printf("\nReads records (telestat-records(5)) and fills the category,\n"
	    "subcategory and with_patient columns from the service label.\n\n"
	    "  -r, --rules FILE  rules file (default: the installed rules)\n"
	    "  -o, --output FILE write to FILE (atomically) instead of stdout\n"
	    "      --explain     add a rule column naming the rule that fired;\n"
	    "                    a label read mended (split word joined, one\n"
	    "                    typo mended) says how it was read\n"
	    "      --stats       print counts per category and unmatched labels\n"
	    "      --suggest     instead of records, write a rules line for each\n"
	    "                    label no rule matched, most frequent first, with\n"
	    "                    its count and the words that point to the category\n"
	    "      --top N       labels listed by --stats (default 10) and by\n"
	    "                    --suggest (default all)\n"
	    "      --summary FILE write a JSON run summary to FILE\n"
	    "                    (telestat-summary(5))\n"
	    "      --csv         write the records as CSV (RFC 4180, formula-safe\n"
	    "                    cells), for spreadsheets and CSV readers\n"
	    "      --bom         with --csv: start with the UTF-8 BOM\n"
	    "  -q, --quiet       no progress line on a terminal\n"
	    "  -h, --help        print this help and exit\n"
	    "      --version     print the version and exit\n\n"
	    "See telestat-classify(1), telestat-rules(5), telestat-taxonomy(7).\n");
}

int
main(int argc, char **argv)
{
	enum { OPT_EXPLAIN = 256, OPT_STATS, OPT_SUGGEST, OPT_TOP, OPT_HELP,
	    OPT_VERSION, OPT_SUMMARY, OPT_CSV, OPT_BOM };
	static const struct option longopts[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "output", required_argument, NULL, 'o' },
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "suggest", no_argument, NULL, OPT_SUGGEST },
		{ "top", required_argument, NULL, OPT_TOP },
		{ "summary", required_argument, NULL, OPT_SUMMARY },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "bom", no_argument, NULL, OPT_BOM },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 }
	};
	struct ts_classify_opts o = { .top = 10 };
	struct ts_inputs in;
	const char *out_path = "-";
	ts_error e;
	ts_classify *c;
	ts_out *out;
	int ch, rv, csv = 0, bom = 0, quiet = 0;

	ts_set_progname(argv[0]);
	while ((ch = getopt_long(argc, argv, "r:o:qh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'q': quiet = 1; break;
		case 'r': o.rules = optarg; break;
		case 'o': out_path = optarg; break;
		case OPT_EXPLAIN: o.explain = 1; break;
		case OPT_STATS: o.stats = 1; break;
		case OPT_SUGGEST: o.suggest = 1; break;
		case OPT_CSV: csv = 1; break;
		case OPT_BOM: bom = 1; break;
		case OPT_SUMMARY:
			if (ts_runsum_path_option(optarg, &e) < 0)
				ts_error_exit(&e, usage);
			o.summary = optarg;
			break;
		case OPT_TOP:
			/* --stats lists 10 labels unless told; --suggest all. */
			o.top = o.suggest_top =
			    (size_t)ts_parse_count_option("--top", optarg);
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
	if (bom && !csv)
		ts_usage_error(usage, "--bom needs --csv%s", "");
	if (csv && o.suggest)
		ts_usage_error(usage, "--csv: --suggest writes rules lines, not "
		    "records%s", "");
	in = ts_inputs_args(argc - optind, argv + optind);
	o.progress = ts_progress_new(quiet);
	if ((c = ts_classify_open(&o, &e)) == NULL)
		ts_error_exit(&e, usage);
	if (ts_out_names_input("-o", out_path, in.paths, (int)in.n)) {
		usage(stderr);
		ts_exit(TS_EXIT_USAGE);
	}
	if ((out = ts_out_open(out_path, &e)) == NULL)
		ts_error_exit(&e, NULL);
	if (csv)
		ts_out_csv(out, bom);
	rv = ts_classify_run(c, &in, out);
	ts_classify_free(c);
	ts_progress_end(o.progress);
	if (fflush(stderr) != 0)
		rv = TS_EXIT_IO;
	return rv;
}
