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
#include "input.h"
#include "out.h"
#include "util.h"

static const char usage_text[] =
    "usage: telestat merge [--partial] [-o FILE] [FILE...]\n";

static void
usage(void)
{
	fputs(usage_text, stderr);
	exit(TS_EXIT_USAGE);
}

static void
help(void)
{
	fputs(usage_text, stdout);
	fputs("\n"
	    "      --partial            write a partial table again\n"
	    "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
	    "  -h, --help, --version\n"
	    "\nSee telestat-merge(1).\n", stdout);
	exit(ts_stdout_status());
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "partial", no_argument, NULL, 'P' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	char *stdin_only[] = { "-" };
	char **files, *opath = "-";
	int partial = 0, ch, rv = TS_EXIT_OK, nfiles, i, st;
	ts_agg_stats stats = { 0 };
	ts_agg *a = NULL;
	ts_out *o;

	ts_set_progname(argv[0]);
	while ((ch = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'P': partial = 1; break;
		case 'o': opath = optarg; break;
		case 'h': help(); break;
		case 'V': ts_print_version(); return ts_stdout_status();
		default: usage();
		}
	}
	files = optind < argc ? argv + optind : stdin_only;
	nfiles = optind < argc ? argc - optind : 1;
	if (ts_out_names_input("-o", opath, files, nfiles))
		usage();
	for (i = 0; i < nfiles; i++) {
		st = ts_agg_read_partial(&a, ts_input_open(files[i]), &stats);
		if (st == TS_EXIT_USAGE)
			ts_exit(TS_EXIT_USAGE);
		if (st > rv)
			rv = st;
	}
	if (stats.rejected > 0)
		ts_warn("%llu rows read, %llu merged, %llu rejected",
		    (unsigned long long)stats.read,
		    (unsigned long long)stats.counted,
		    (unsigned long long)stats.rejected);
	if (stats.unusable > 0 || a == NULL) {
		ts_warn("no table written: %llu input%s could not be read",
		    (unsigned long long)stats.unusable,
		    stats.unusable == 1 ? "" : "s");
		ts_exit(rv);
	}
	if ((st = ts_agg_check_partial(a)) > rv)
		rv = st;
	o = ts_out_open(opath);
	if (partial)
		ts_agg_write_partial(a, o);
	else
		ts_agg_write(a, o);
	ts_out_close(o);
	ts_agg_free(a);
	return rv;
}
