/*
 * telestat-merge - combine partial tables written by
 * "telestat aggregate --partial" into the aggregate table, or into
 * another partial table (for tree-shaped merges).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "cli.h"
#include "csvout.h"
#include "input.h"
#include "labels.h"
#include "out.h"
#include "table.h"
#include "util.h"

static const char usage_text[] =
    "usage: telestat merge [--partial] [--labels es|en] [--wide KEY [--totals]]\n"
    "                      [--csv [--bom]] [-q] [-o FILE] [FILE...]\n";

static void
usage_lines(FILE *fp)
{
	fputs(usage_text, fp);
}

static void
usage(void)
{
	usage_lines(stderr);
	exit(TS_EXIT_USAGE);
}

static void
help(void)
{
	fputs(usage_text, stdout);
	fputs("\n"
	    "      --partial            write a partial table again\n"
	    "      --labels es|en       names beside the codes: region_name,\n"
	    "                           institution_name, category_label,\n"
	    "                           subcategory_label\n"
	    "      --wide KEY           one column per value of KEY (one metric)\n"
	    "      --totals             with --wide: a totals row and column\n"
	    "      --csv                write CSV (RFC 4180, formula-safe cells)\n"
	    "      --bom                with --csv: start with the UTF-8 BOM\n"
	    "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
	    "  -q, --quiet              no progress line on a terminal\n"
	    "  -h, --help, --version\n"
	    "\nSee telestat-merge(1).\n", stdout);
	exit(ts_stdout_status());
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "partial", no_argument, NULL, 'P' },
		TS_TABLE_LONGOPTS,
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	char *stdin_only[] = { "-" };
	char **files, *opath = "-";
	int partial = 0, quiet = 0, ch, nfiles, rv;
	struct ts_table_cli tc = { 0 };
	ts_table_opts *topts = &tc.t;
	struct ts_merge_opts mo;
	struct ts_inputs in;
	ts_error e;

	ts_set_progname(argv[0]);
	while ((ch = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'P': partial = 1; break;
		case 'L': case 'W': case 'T': case 'C': case 'B':
			if (ts_table_option(&tc, ch, optarg, &e) < 0) {
				ts_error_warn(&e);
				usage();
			}
			break;
		case 'o': opath = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': help(); break;
		case 'V': ts_print_version(); return ts_stdout_status();
		default: usage();
		}
	}
	files = optind < argc ? argv + optind : stdin_only;
	nfiles = optind < argc ? argc - optind : 1;
	if (partial && (tc.lang || topts->wide || topts->totals || tc.csv)) {
		ts_warn("--partial writes the table merge reads: --labels, "
		    "--wide and --csv are for the final table");
		usage();
	}
	if (topts->totals && topts->wide == NULL) {
		ts_warn("--totals needs --wide KEY");
		usage();
	}
	if (tc.bom && !tc.csv) {
		ts_warn("--bom needs --csv");
		usage();
	}
	if (ts_out_names_input("-o", opath, files, nfiles))
		usage();
	in.paths = files;
	in.n = (size_t)nfiles;
	mo.partial = partial;
	mo.output = opath;
	mo.table = &tc;
	mo.usage = usage_lines;
	mo.progress = ts_progress_new(quiet);
	rv = ts_merge_run(&mo, &in);
	ts_progress_end(mo.progress);
	return rv;
}
