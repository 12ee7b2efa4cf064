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
#include "export_dhis2.h"
#include "export_map.h"
#include "export_sql.h"
#include "out.h"
#include "records.h"
#include "util.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: telestat export -f dhis2-json|dhis2-csv|adx -M MAPPING\n"
	    "                       [--suppress N] [-o FILE] [FILE ...]\n"
	    "       telestat export -f sql [--table NAME] [--suppress N]\n"
	    "                       [-o FILE] [FILE ...]\n");
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
	    "  -h, --help, --version\n"
	    "\nThe ADX \"exported\" time is now, or SOURCE_DATE_EPOCH when set.\n"
	    "See telestat-export(1).\n", stdout);
	exit(ts_stdout_status());
}

enum { FMT_NONE = -1, FMT_SQL = 100 };
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
	const char *e = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);
	struct tm tm;

	if (e != NULL && *e != '\0') {
		char *end;
		long long v = strtoll(e, &end, 10);

		if (*end != '\0' || v < 0 || v > 253402300799LL)
			ts_die(TS_EXIT_USAGE, "SOURCE_DATE_EPOCH: not a time "
			    "in seconds \"%s\"", e);
		t = (time_t)v;
	}
	if (gmtime_r(&t, &tm) == NULL)
		ts_die(TS_EXIT_IO, "cannot convert the current time");
	strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int
worse(int a, int b)
{
	return a > b ? a : b;
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
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	char *stdin_only[] = { "-" };
	char **files, *opath = "-", *mpath = NULL, *table = NULL;
	char exported[32];
	int format = FMT_NONE, ch, rv = TS_EXIT_OK, nfiles, i, st;
	uint64_t suppress = 0, failed = 0, unusable;
	ts_xmap *map = NULL;
	ts_dvs *dvs = NULL;
	ts_sqlx *sql = NULL;
	ts_out *o = NULL;

	ts_set_progname(argv[0]);
	while ((ch = getopt_long(argc, argv, "f:M:m:o:h", longopts, NULL)) != -1) {
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
			suppress = (uint64_t)ts_parse_count_option("--suppress",
			    optarg);
			break;
		case OPT_TABLE:
			if (*optarg == '\0')
				usage_error("--table: empty name%s", "");
			table = optarg;
			break;
		case 'o': opath = optarg; break;
		case 'h': help(); break;
		case 'V': ts_print_version(); return ts_stdout_status();
		default: usage(stderr); return TS_EXIT_USAGE;
		}
	}
	files = optind < argc ? argv + optind : stdin_only;
	nfiles = optind < argc ? argc - optind : 1;
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
		if (table != NULL)
			usage_error("--table is only for -f sql%s", "");
		if ((map = ts_xmap_load(mpath, &st)) == NULL)
			ts_exit(st);
	}
	exported_time(exported, sizeof(exported));

	if (format == FMT_SQL) {
		/* SQL streams: the output opens first, COMMIT comes last. */
		o = ts_out_open(opath);
		sql = ts_sqlx_new(table ? table : "telestat", suppress, o);
	} else
		dvs = ts_dvs_new(map, suppress);
	for (i = 0; i < nfiles; i++) {
		ts_reader *r = ts_reader_open(files[i]);

		if (r == NULL) {
			rv = worse(rv, TS_EXIT_IO);
			failed++;
			continue;
		}
		unusable = dvs ? ts_dvs_stats_get(dvs)->unusable : 0;
		st = sql ? ts_sqlx_read(sql, r) : ts_dvs_read(dvs, r);
		ts_reader_free(r);
		/* A missing column leaves the whole table out. */
		if (dvs && ts_dvs_stats_get(dvs)->unusable > unusable) {
			rv = worse(rv, st);
			failed++;
			continue;
		}
		if (st == TS_EXIT_USAGE || st == TS_EXIT_IO) {
			rv = worse(rv, st);
			failed++;
			if (st == TS_EXIT_USAGE)
				break;
			continue;
		}
		rv = worse(rv, st);
	}
	if (failed > 0) {
		/* A data set without a whole table would be wrong. */
		ts_warn("nothing written: %llu input%s could not be exported",
		    (unsigned long long)failed, failed == 1 ? "" : "s");
		ts_exit(rv);
	}
	if (sql != NULL) {
		const ts_sqlx_stats *s = ts_sqlx_stats_get(sql);

		ts_sqlx_finish(sql);
		if (s->rejected > 0)
			ts_warn("%llu rows read, %llu written, %llu rejected",
			    (unsigned long long)s->rows,
			    (unsigned long long)s->written,
			    (unsigned long long)s->rejected);
		if (s->suppressed > 0)
			ts_warn("%llu cells from 1 to %llu written as NULL "
			    "(--suppress %llu)",
			    (unsigned long long)s->suppressed,
			    (unsigned long long)suppress - 1,
			    (unsigned long long)suppress);
		ts_sqlx_free(sql);
	} else {
		const ts_dvs_stats *s = ts_dvs_stats_get(dvs);

		/* Nothing is written when ADX refuses the set. */
		o = ts_out_open(opath);
		if ((st = ts_dvs_write(dvs, format, exported, o)) != TS_EXIT_OK)
			ts_exit(worse(rv, st));
		if (s->unmapped + s->skipped + s->rejected + s->suppressed > 0)
			ts_warn("%llu rows read: %llu exported, %llu unmapped, "
			    "%llu skipped by the mapping, %llu rejected; "
			    "%llu data values written, %llu suppressed",
			    (unsigned long long)s->rows,
			    (unsigned long long)s->exported,
			    (unsigned long long)s->unmapped,
			    (unsigned long long)s->skipped,
			    (unsigned long long)s->rejected,
			    (unsigned long long)s->values,
			    (unsigned long long)s->suppressed);
		ts_dvs_free(dvs);
		ts_xmap_free(map);
	}
	ts_out_close(o);
	return rv;
}
