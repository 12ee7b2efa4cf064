/*
 * telestat report - the annual telehealth report from records or an
 * aggregate table. Option parsing only; the report is read, computed
 * and written in lib/report*.c (ts_report_run).
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "input.h"
#include "numfmt.h"
#include "out.h"
#include "records.h"
#include "report.h"
#include "report_each.h"
#include "report_present.h"
#include "report_run.h"
#include "sidetable.h"
#include "taxonomy.h"
#include "util.h"
#include "values.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: telestat report [-f text|md|html|csv|json] [-o FILE] [--year Y]\n"
	    "                       [--each institution|region -o PATTERN]\n"
	    "                       [--compare Y2|none] [--lang es|en] [--suppress N]\n"
	    "                       [--rollup NAME] [--top N] [--patients-rule all|his]\n"
	    "                       [--country PE|MX] [--regions FILE]\n"
	    "                       [--through DATE | --full-year] [--summary FILE]\n"
	    "                       [--ingest-log FILE] [--charts[=required]]\n"
	    "                       [--fail-on LIST] [--population FILE]\n"
	    "                       [--holidays FILE] [--facilities FILE]\n"
	    "                       [--targets FILE] [--travel-categories LIST]\n"
	    "                       [--hub [NAME=]LAT,LON] [--road-factor F]\n"
	    "                       [--speed KMH] [--cost-per-km C]\n"
	    "                       [--cost-per-trip C] [--currency CODE]\n"
	    "                       [--title TEXT] [--subtitle TEXT]\n"
	    "                       [--sections LIST] [--specialty-labels FILE]\n"
	    "                       [-q] [FILE ...]\n");
}

/*
 * The names --sections takes, wrapped under the option's text, into BUF
 * (CAP bytes); returns BUF.
 */
static char *
section_names(char *buf, size_t cap)
{
	const char *p = ts_report_section_names();
	size_t col = 0, len = 0;

	buf[0] = '\0';
	while (*p && len + 64 < cap) {
		size_t n = strcspn(p, " ");
		if (col > 0 && col + n > 52) {
			buf[len++] = '\n';
			col = 0;
		}
		len += (size_t)snprintf(buf + len, cap - len, "%s%.*s",
		    col == 0 ? "                         " : " ", (int)n, p);
		col += n + 1;
		p += n;
		while (*p == ' ')
			p++;
	}
	snprintf(buf + len, cap - len, "\n");
	return buf;
}

static void
help(void)
{
	char names[512];

	usage(stdout);
	printf("\nWrite the annual telehealth report from records or an"
	    " aggregate table.\n\n"
	    "  -f, --format FMT       text (default), md, html, csv or json\n"
	    "  -o, --output FILE      write to FILE (atomically) instead of"
	    " stdout\n"
	    "      --each institution|region  one report per value, in one"
	    " run; -o is\n"
	    "                         a name whose %%s is the value"
	    " (informe-%%s.html)\n"
	    "      --year Y           the report year (default: the latest"
	    " year)\n"
	    "      --compare Y2|none  the comparison year (default: Y-1)\n"
	    "      --through DATE     data through YYYY-MM[-DD]: compare the"
	    " same months\n"
	    "      --full-year        compare whole years even when Y is"
	    " partial\n"
	    "      --fail-on LIST     exit 1 on unclassified>P%%, rejected>P%%,\n"
	    "                         not-reported, stopped, partial-year,\n"
	    "                         duplicates\n"
	    "      --lang es|en       language of the report (default es)\n"
	    "      --suppress N       small-cell suppression (see"
	    " SUPPRESSION)\n"
	    "      --rollup NAME      fold categories under roll-up NAME\n"
	    "      --top N            rows of the specialty and unclassified"
	    " tables (10)\n"
	    "      --patients-rule all|his  which records count patients\n"
	    "      --country PE|MX    the region table (default: from the"
	    " data)\n"
	    "      --regions FILE     region names and levels from FILE\n"
	    "      --summary FILE     run summary of ingest or validate"
	    " (telestat-summary(5))\n"
	    "                         for the data-quality section\n"
	    "      --ingest-log FILE  ingest's messages, for old runs (the same"
	    " run as a\n"
	    "                         --summary counts once)\n"
	    "      --charts           with -f html: charts as inline SVG"
	    " (gnuplot)\n"
	    "      --population FILE  region, year, population for the rates"
	    " per 1 000\n"
	    "                         (default share/population/COUNTRY.tsv)\n"
	    "      --holidays FILE    dates (column date) that are not working"
	    " days\n"
	    "      --facilities FILE  the facility network: facility, name,"
	    " lat, lon, region\n"
	    "      --targets FILE     goals: year, [institution, region,"
	    " category,] metric, goal\n"
	    "      --travel-categories LIST  categories whose attentions avoid a"
	    " trip\n"
	    "      --hub [NAME=]LAT,LON  where the specialists are (for"
	    " institution or\n"
	    "                         source NAME); default the national"
	    " referral centre\n"
	    "      --road-factor F    road km per straight-line km (1.3)\n"
	    "      --speed KMH        average travel speed (50)\n"
	    "      --cost-per-km C, --cost-per-trip C  cost of the avoided"
	    " trips\n"
	    "      --currency CODE    currency of the costs (ISO 4217: PEN,"
	    " MXN)\n"
	    "      --title TEXT       the title (default: the year, and the only"
	    " institution\n"
	    "                         or region of the data)\n"
	    "      --subtitle TEXT    a line under the title\n"
	    "      --sections LIST    only these sections, in this order:\n"
	    "%s"
	    "      --specialty-labels FILE  specialty, label_es, label_en\n"
	    "  -q, --quiet            no progress line on a terminal\n"
	    "  -h, --help, --version\n\n"
	    "See telestat-report(1).\n", section_names(names, sizeof(names)));
}

/* Dies with a message, the usage lines and status 2. */
#define usage_error(fmt, arg) ts_usage_error(usage, (fmt), (arg))

static int
year_option(const char *opt, const char *v)
{
	long long y = ts_parse_count_option(opt, v);

	if (y < 1 || y > 9999)
		ts_die(TS_EXIT_USAGE, "%s: expected a year from 1 to 9999, got \"%s\"",
		    opt, v);
	return (int)y;
}

/*
 * The date the report says it was generated: SOURCE_DATE_EPOCH's when
 * set (reproducible builds: the same input gives the same bytes), else
 * today's, in UTC; as YYYYMMDD.
 */
static int32_t
generation_date(void)
{
	time_t t;
	struct tm tm;
	ts_error e;

	if (ts_source_date_epoch(&t, &e) < 0)
		ts_error_exit(&e, NULL);
	if (gmtime_r(&t, &tm) == NULL)
		ts_die(TS_EXIT_IO, "cannot convert the date%s", "");
	return (int32_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
	    tm.tm_mday);
}

enum {
	OPT_YEAR = 256, OPT_COMPARE, OPT_LANG, OPT_SUPPRESS, OPT_ROLLUP, OPT_TOP,
	OPT_PATIENTS_RULE, OPT_COUNTRY, OPT_REGIONS, OPT_INGEST_LOG, OPT_SUMMARY,
	OPT_CHARTS, OPT_THROUGH, OPT_FULL_YEAR, OPT_FAIL_ON, OPT_POPULATION,
	OPT_HOLIDAYS, OPT_FACILITIES, OPT_TARGETS, OPT_TRAVEL_CATEGORIES, OPT_HUB,
	OPT_ROAD_FACTOR, OPT_SPEED, OPT_COST_KM, OPT_COST_TRIP, OPT_CURRENCY,
	OPT_EACH, OPT_TITLE, OPT_SUBTITLE, OPT_SECTIONS, OPT_SPECIALTY_LABELS,
	OPT_HELP, OPT_VERSION
};

/* A positive decimal number for OPT (at most MAX). */
static double
real_option(const char *opt, const char *v, double min, double max)
{
	double d;

	if (ts_side_real(v, &d) != 0 || d < min || d > max) {
		fprintf(stderr, "%s: %s: expected a number from %g to %g, got "
		    "\"%s\"\n", ts_progname(), opt, min, max, v);
		usage(stderr);
		exit(TS_EXIT_USAGE);
	}
	return d;
}

/*
 * --through: YYYY-MM or YYYY-MM-DD with the month's last day, as
 * YYYYMMDD. Groups are whole months, so a cut inside a month would
 * compare part of it with the whole: refused.
 */
static int32_t
through_option(const char *v)
{
	const char *dash = strchr(v, '-');
	size_t n = strlen(v);
	ts_str none = { "", 0 };
	ts_date when;
	int field = TS_WHEN_DATE, last, rc = -1;
	const char *why, *mon;

	/* Read as records(5) reads its date, or its year and month. */
	if (n == 10)
		rc = ts_when_read((ts_str){ v, n }, none, none, &when, &field,
		    &why);
	else if (dash != NULL && dash[1] != '\0')
		rc = ts_when_read(none, (ts_str){ v, (size_t)(dash - v) },
		    (ts_str){ dash + 1, strlen(dash + 1) }, &when, &field, &why);
	if (rc == 0 && (when.y == 0 || when.m == 0))
		rc = -1;        /* "-02": a part left empty */
	if (rc < 0) {
		/* "2026-13": the form is right, the month is not. */
		mon = dash != NULL ? dash + 1 : "";
		if (n != 10 && field == TS_WHEN_MONTH && strlen(mon) <= 2 &&
		    strspn(mon, "0123456789") == strlen(mon))
			usage_error("--through: no such month \"%s\"", v);
		usage_error("--through: expected YYYY-MM or YYYY-MM-DD, got \"%s\"",
		    v);
	}
	last = ts_days_in_month(when.y, when.m);
	if (when.d != 0 && when.d != last)
		usage_error("--through: the cut is by whole months: give the "
		    "month (YYYY-MM) or its last day, not \"%s\"", v);
	return when.y * 10000 + when.m * 100 + last;
}

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "year", required_argument, NULL, OPT_YEAR },
	{ "compare", required_argument, NULL, OPT_COMPARE },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "suppress", required_argument, NULL, OPT_SUPPRESS },
	{ "rollup", required_argument, NULL, OPT_ROLLUP },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "patients-rule", required_argument, NULL, OPT_PATIENTS_RULE },
	{ "country", required_argument, NULL, OPT_COUNTRY },
	{ "regions", required_argument, NULL, OPT_REGIONS },
	{ "ingest-log", required_argument, NULL, OPT_INGEST_LOG },
	{ "summary", required_argument, NULL, OPT_SUMMARY },
	{ "charts", optional_argument, NULL, OPT_CHARTS },
	{ "through", required_argument, NULL, OPT_THROUGH },
	{ "full-year", no_argument, NULL, OPT_FULL_YEAR },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "population", required_argument, NULL, OPT_POPULATION },
	{ "holidays", required_argument, NULL, OPT_HOLIDAYS },
	{ "facilities", required_argument, NULL, OPT_FACILITIES },
	{ "targets", required_argument, NULL, OPT_TARGETS },
	{ "travel-categories", required_argument, NULL, OPT_TRAVEL_CATEGORIES },
	{ "hub", required_argument, NULL, OPT_HUB },
	{ "road-factor", required_argument, NULL, OPT_ROAD_FACTOR },
	{ "speed", required_argument, NULL, OPT_SPEED },
	{ "cost-per-km", required_argument, NULL, OPT_COST_KM },
	{ "cost-per-trip", required_argument, NULL, OPT_COST_TRIP },
	{ "currency", required_argument, NULL, OPT_CURRENCY },
	{ "each", required_argument, NULL, OPT_EACH },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "subtitle", required_argument, NULL, OPT_SUBTITLE },
	{ "sections", required_argument, NULL, OPT_SECTIONS },
	{ "specialty-labels", required_argument, NULL, OPT_SPECIALTY_LABELS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* What the command line sets, beside the report's own options. */
struct cli {
	ts_report_opts opts;
	ts_report_gates gates;
	const char **logs, **sums, **hubs;
	size_t nlogs, nsums, nhubs;
	const char *outpath;
	const char *each;       /* --each: the column, or NULL */
	int format, charts;
	int quiet;              /* -q: no progress line */
};

/* Takes option CH (with optarg) into C; 0, or -1 when CH is not one of
 * the report's value options (help, version, an unknown option). */
static int
take_option(struct cli *c, int ch)
{
	switch (ch) {
	case 'f':
		if ((c->format = ts_report_format_parse(optarg)) < 0)
			usage_error("-f: unknown format \"%s\" (text, md, html, "
			    "csv or json)", optarg);
		break;
	case 'o':
		c->outpath = optarg;
		break;
	case 'q':
		c->quiet = 1;
		break;
	case OPT_EACH:
		if (strcmp(optarg, "institution") != 0 &&
		    strcmp(optarg, "region") != 0)
			usage_error("--each: unknown column \"%s\" (institution or "
			    "region)", optarg);
		c->each = optarg;
		break;
	case OPT_YEAR:
		c->opts.year = year_option("--year", optarg);
		break;
	case OPT_COMPARE:
		c->opts.compare = strcmp(optarg, "none") == 0 ? -1 :
		    year_option("--compare", optarg);
		break;
	case OPT_LANG:
		if ((c->opts.lang = ts_lang_parse(optarg)) < 0)
			usage_error("--lang: unknown language \"%s\" (es or en)",
			    optarg);
		break;
	case OPT_SUPPRESS:
		c->opts.suppress = ts_parse_count_option("--suppress", optarg);
		break;
	case OPT_ROLLUP:
		c->opts.rollup = optarg;
		break;
	case OPT_TOP:
		c->opts.top = (size_t)ts_parse_count_option("--top", optarg);
		break;
	case OPT_PATIENTS_RULE:
		if (strcmp(optarg, "all") == 0)
			c->opts.patients_rule = TS_PATIENTS_ALL;
		else if (strcmp(optarg, "his") == 0)
			c->opts.patients_rule = TS_PATIENTS_HIS;
		else
			usage_error("--patients-rule: unknown rule \"%s\" (all or "
			    "his)", optarg);
		break;
	case OPT_COUNTRY:
		if (strcmp(optarg, "PE") != 0 && strcmp(optarg, "MX") != 0 &&
		    strcmp(optarg, "pe") != 0 && strcmp(optarg, "mx") != 0)
			usage_error("--country: unknown country \"%s\" (PE or MX)",
			    optarg);
		c->opts.country = optarg[0] == 'p' ? "PE" :
		    optarg[0] == 'm' ? "MX" : optarg;
		break;
	case OPT_REGIONS:
		c->opts.regions = optarg;
		break;
	case OPT_INGEST_LOG:
		/* Given again, the logs are added up. */
		c->logs = xreallocarray(c->logs, c->nlogs + 1, sizeof(char *));
		c->logs[c->nlogs++] = optarg;
		c->opts.ingest_logs = c->logs;
		c->opts.ningest_logs = c->nlogs;
		break;
	case OPT_SUMMARY:
		c->sums = xreallocarray(c->sums, c->nsums + 1, sizeof(char *));
		c->sums[c->nsums++] = optarg;
		c->opts.summaries = c->sums;
		c->opts.nsummaries = c->nsums;
		break;
	case OPT_CHARTS:
		if (optarg == NULL)
			c->charts = 1;
		else if (strcmp(optarg, "required") == 0)
			c->charts = 2;
		else
			usage_error("--charts: unknown value \"%s\" (--charts or "
			    "--charts=required)", optarg);
		break;
	case OPT_THROUGH:
		c->opts.through = through_option(optarg);
		break;
	case OPT_FULL_YEAR:
		c->opts.full_year = 1;
		break;
	case OPT_FAIL_ON: {
		ts_error e;
		if (ts_report_fail_on_parse(optarg, &c->gates, &e) != 0)
			usage_error("--fail-on: %s", e.msg);
		break;
	}
	case OPT_POPULATION:
		c->opts.population = optarg;
		break;
	case OPT_HOLIDAYS:
		c->opts.holidays = optarg;
		break;
	case OPT_FACILITIES:
		c->opts.facilities = optarg;
		break;
	case OPT_TARGETS:
		c->opts.targets = optarg;
		break;
	case OPT_TRAVEL_CATEGORIES:
		c->opts.travel_categories = optarg;
		break;
	case OPT_HUB: {
		const char *why = ts_report_hub_invalid(optarg);
		if (why != NULL) {
			fprintf(stderr, "%s: --hub: %s, got \"%s\"\n",
			    ts_progname(), why, optarg);
			usage(stderr);
			exit(TS_EXIT_USAGE);
		}
		c->hubs = xreallocarray(c->hubs, c->nhubs + 1, sizeof(char *));
		c->hubs[c->nhubs++] = optarg;
		c->opts.hubs = c->hubs;
		c->opts.nhubs = c->nhubs;
		break;
	}
	case OPT_ROAD_FACTOR:
		c->opts.road_factor = real_option("--road-factor", optarg, 1, 10);
		break;
	case OPT_SPEED:
		c->opts.speed_kmh = real_option("--speed", optarg, 1, 1000);
		break;
	case OPT_COST_KM:
		c->opts.cost_per_km = real_option("--cost-per-km", optarg, 0, 1e9);
		break;
	case OPT_COST_TRIP:
		c->opts.cost_per_trip = real_option("--cost-per-trip", optarg, 0,
		    1e9);
		break;
	case OPT_CURRENCY:
		if (strlen(optarg) != 3 || !isupper((unsigned char)optarg[0]) ||
		    !isupper((unsigned char)optarg[1]) ||
		    !isupper((unsigned char)optarg[2]))
			usage_error("--currency: expected a three-letter ISO 4217 "
			    "code (PEN, MXN, USD), got \"%s\"", optarg);
		c->opts.currency = optarg;
		break;
	case OPT_TITLE:
		c->opts.title = optarg;
		break;
	case OPT_SUBTITLE:
		c->opts.subtitle = optarg;
		break;
	case OPT_SPECIALTY_LABELS:
		c->opts.specialty_labels = optarg;
		break;
	case OPT_SECTIONS: {
		ts_error e;
		if (ts_report_sections_check(optarg, &e) != 0)
			usage_error("--sections: %s", e.msg);
		c->opts.sections = optarg;
		break;
	}
	default:
		return -1;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct cli c = { .outpath = "-", .format = TS_RFMT_TEXT };
	struct ts_report_run_opts ro = { 0 };
	struct ts_inputs in;
	ts_error e;
	ts_taxonomy *tax;
	int ch, status;

	ts_set_progname(argv[0]);
	ts_report_opts_init(&c.opts);
	c.opts.generated = generation_date();
	while ((ch = getopt_long(argc, argv, "f:o:qh", longopts, NULL)) != -1) {
		if (take_option(&c, ch) == 0)
			continue;
		switch (ch) {
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
	argc -= optind;
	argv += optind;
	if (c.opts.through && c.opts.full_year)
		usage_error("--through and --full-year cannot be used together%s",
		    "");
	if (c.opts.through && c.opts.year && c.opts.year != c.opts.through / 10000)
		usage_error("--through: the date is not in the report year "
		    "(--year %s)", "given");
	if (c.each != NULL && !ts_report_each_pattern_ok(c.outpath))
		usage_error("--each: -o must name the files with one %%s for the "
		    "value (informe-%%s.html), got \"%s\"", c.outpath);
	if (c.each == NULL && strcmp(c.outpath, "-") != 0 &&
	    strstr(c.outpath, "%s") != NULL)
		usage_error("-o \"%s\": a %%s in the file name needs --each",
		    c.outpath);
	if (c.charts && c.format != TS_RFMT_HTML)
		usage_error("--charts: charts are drawn in the HTML report only "
		    "(-f html)%s", "");

	if ((tax = ts_taxonomy_load(NULL, &e)) == NULL)
		ts_error_exit(&e, usage);
	if (c.opts.rollup != NULL && !ts_taxonomy_has_rollup(tax, c.opts.rollup)) {
		size_t n, i;
		const char *const *names = ts_taxonomy_rollups(tax, &n);
		fprintf(stderr, "%s: --rollup: unknown roll-up \"%s\" (known:",
		    ts_progname(), c.opts.rollup);
		for (i = 0; i < n; i++)
			fprintf(stderr, "%s %s", i ? "," : "", names[i]);
		fprintf(stderr, ")\n");
		ts_taxonomy_free(tax);
		return TS_EXIT_USAGE;
	}

	if (ts_out_names_input("-o", c.outpath, argv, argc) ||
	    (c.nlogs > 0 && ts_out_names_input("-o", c.outpath, (char **)c.logs,
	    (int)c.nlogs)) ||
	    (c.nsums > 0 && ts_out_names_input("-o", c.outpath, (char **)c.sums,
	    (int)c.nsums))) {
		usage(stderr);
		ts_taxonomy_free(tax);
		return TS_EXIT_USAGE;
	}
	ro.report = c.opts;
	ro.tax = tax;
	ro.format = c.format;
	ro.charts = c.charts;
	ro.gates = c.gates;
	ro.output = c.outpath;
	in = ts_inputs_args(argc, argv);
	ro.progress = ts_progress_new(c.quiet);
	status = c.each != NULL ? ts_report_each_run(&ro, &in, c.each) :
	    ts_report_run(&ro, &in);
	ts_progress_end(ro.progress);
	ts_taxonomy_free(tax);
	free(c.logs);
	free(c.sums);
	free(c.hubs);
	return status;
}
