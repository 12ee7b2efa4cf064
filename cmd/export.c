/*
 * telestat-export - an aggregate table as a DHIS2 data value set (JSON
 * or CSV), an IHE ADX message, or SQL for SQLite and PostgreSQL.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "export.h"
#include "export_dhis2.h"
#include "input.h"
#include "util.h"
#include "values.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: telestat export -f dhis2-json|dhis2-csv|adx -M MAPPING\n"
	    "                       [--suppress N] [-q] [-o FILE] [FILE ...]\n"
	    "       telestat export -f sql [--table NAME] [--suppress N]\n"
	    "                       [-q] [-o FILE] [FILE ...]\n");
}

#define usage_error(fmt, arg) ts_usage_error(usage, (fmt), (arg))

static void
help(void)
{
	usage(stdout);
	fputs("\n"
	    "  -f, --format FORMAT      dhis2-json, dhis2-csv, adx or sql\n"
	    "  -M, --mapping FILE       codes for data elements, org units and\n"
	    "                           category option combos (dhis2-*, adx)\n"
	    "      --suppress N         leave out values from 1 to N-1 (sql: NULL)\n"
	    "      --table NAME         SQL table name (default telestat)\n"
	    "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
	    "  -q, --quiet              no progress line on a terminal\n"
	    "  -h, --help, --version\n"
	    "\nThe ADX \"exported\" time is now, or SOURCE_DATE_EPOCH when set.\n"
	    "See telestat-export(1).\n", stdout);
	exit(ts_stdout_status());
}

enum { FMT_NONE = -1, FMT_SQL = TS_EXPORT_SQL };
enum { OPT_SUPPRESS = 256, OPT_TABLE };

static int
format_option(const char *s)
{
	if (strcmp(s, "dhis2-json") == 0)
		return TS_DVS_JSON;
	if (strcmp(s, "dhis2-csv") == 0)
		return TS_DVS_CSV;
	if (strcmp(s, "adx") == 0)
		return TS_DVS_ADX;
	if (strcmp(s, "sql") == 0)
		return FMT_SQL;
	usage_error("-f: unknown format \"%s\" (choose dhis2-json, dhis2-csv, "
	    "adx or sql)", s);
}

/* The ADX exported time: SOURCE_DATE_EPOCH for reproducible files. */
static void
exported_time(char *buf, size_t cap)
{
	time_t t;
	struct tm tm;
	ts_error e;

	if (ts_source_date_epoch(&t, &e) < 0)
		ts_error_exit(&e, NULL);
	if (gmtime_r(&t, &tm) == NULL)
		ts_die(TS_EXIT_IO, "cannot convert the current time");
	strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "mapping", required_argument, NULL, 'M' },
		{ "suppress", required_argument, NULL, OPT_SUPPRESS },
		{ "table", required_argument, NULL, OPT_TABLE },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	char *mpath = NULL, exported[32];
	int format = FMT_NONE, ch, st, rv, quiet = 0;
	struct ts_export_opts o = { .output = "-" };
	struct ts_inputs in;
	ts_xmap *map = NULL;

	ts_set_progname(argv[0]);
	while ((ch = getopt_long(argc, argv, "f:M:m:o:qh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f': format = format_option(optarg); break;
		case 'M': mpath = optarg; break;
		case 'm':
			/*
			 * The old spelling, still read so that scripts keep
			 * their meaning; -m means metrics in aggregate and plot.
			 */
			ts_warn("-m MAPPING is deprecated: write -M MAPPING "
			    "or --mapping MAPPING (-m means metrics in "
			    "aggregate and plot)");
			mpath = optarg;
			break;
		case OPT_SUPPRESS:
			o.suppress = (uint64_t)ts_parse_count_option("--suppress",
			    optarg);
			break;
		case OPT_TABLE:
			if (*optarg == '\0')
				usage_error("--table: empty name%s", "");
			o.table = optarg;
			break;
		case 'o': o.output = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': help(); break;
		case 'V': ts_print_version(); return ts_stdout_status();
		default: usage(stderr); return TS_EXIT_USAGE;
		}
	}
	in = ts_inputs_args(argc - optind, argv + optind);
	if (format == FMT_NONE)
		usage_error("-f FORMAT is required%s", "");
	if (format == FMT_SQL) {
		if (mpath != NULL)
			usage_error("-M: a mapping is not used by -f sql%s", "");
	} else {
		if (mpath == NULL)
			usage_error("-M MAPPING is required by -f %s",
			    format == TS_DVS_ADX ? "adx" : format == TS_DVS_CSV ?
			    "dhis2-csv" : "dhis2-json");
		if (o.table != NULL)
			usage_error("--table is only for -f sql%s", "");
		if ((map = ts_xmap_load(mpath, &st)) == NULL)
			ts_exit(st);
	}
	exported_time(exported, sizeof(exported));
	o.format = format;
	o.map = map;
	o.exported = exported;
	o.progress = ts_progress_new(quiet);
	rv = ts_export_run(&o, &in);
	ts_progress_end(o.progress);
	ts_xmap_free(map);
	return rv;
}
