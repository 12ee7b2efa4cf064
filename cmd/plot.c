/*
 * telestat-plot - draw trend charts of an aggregate table (or records)
 * with gnuplot. See telestat-plot(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "input.h"
#include "out.h"
#include "plot.h"
#include "util.h"
#include "values.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: telestat plot [-T png|svg|pdf|dumb] [-o FILE] [-m METRIC]\n"
	    "           [--x year|month] [--by COLUMN | --bars COLUMN] [--stacked]\n"
	    "           [--top N] [--lang es|en] [--title TEXT] [--size WxH]\n"
	    "           [--script] [--unclassified] [--specialty-labels FILE]\n"
	    "           [--map [--map-metric actions|rate] [--population FILE]]\n"
	    "           [-q] [FILE ...]\n");
}

static void
help(void)
{
	usage(stdout);
	printf("\nDraw trend charts of records or an aggregate table with"
	    " gnuplot.\n\n"
	    "  -T, --terminal TERM  png, svg, pdf or dumb (default: from -o,"
	    " else png)\n"
	    "  -o, --output FILE    write to FILE (atomically) instead of"
	    " stdout\n"
	    "  -m, --metric METRIC  count (default: actions as report counts"
	    " them, sessions\n"
	    "                       for activities without a patient), patients,"
	    " sessions,\n"
	    "                       attendees, records\n"
	    "      --x year|month   what the x axis shows (default year)\n"
	    "      --by COLUMN      one series per value of COLUMN (default"
	    " category)\n"
	    "      --bars COLUMN    horizontal bars of the total per value of"
	    " COLUMN\n"
	    "      --stacked        stacked bars of each series' share\n"
	    "      --top N          the N largest series or bars, the rest"
	    " together\n"
	    "      --lang es|en     language of titles and labels (default"
	    " es)\n"
	    "      --title TEXT     the chart's title\n"
	    "      --size WxH       size in pixels (dumb: characters)\n"
	    "      --script         write the gnuplot script instead of"
	    " drawing\n"
	    "      --map            a map of the total per region (SVG, no"
	    " gnuplot)\n"
	    "      --map-metric actions|rate  colour the map by the total"
	    " (default) or\n"
	    "                       by the total per 1 000 inhabitants (one"
	    " year)\n"
	    "      --population FILE  region, year, population for the rate"
	    " (default\n"
	    "                       share/population/COUNTRY.tsv)\n"
	    "      --specialty-labels FILE  display labels of specialties"
	    " (specialty,\n"
	    "                       label_es, label_en), before share/specialties/\n"
	    "  -q, --quiet          no progress line on a terminal\n"
	    "  -h, --help, --version\n\n"
	    "See telestat-plot(1).\n");
}

/* Dies with a message, the usage lines and status 2. */
#define usage_error(fmt, arg) ts_usage_error(usage, (fmt), (arg))

/* The terminal named by the extension of PATH, or -1. */
static int
term_from_path(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot == NULL || strchr(dot, '/') != NULL)
		return -1;
	if (strcmp(dot, ".png") == 0)
		return TS_TERM_PNG;
	if (strcmp(dot, ".svg") == 0)
		return TS_TERM_SVG;
	if (strcmp(dot, ".pdf") == 0)
		return TS_TERM_PDF;
	if (strcmp(dot, ".txt") == 0)
		return TS_TERM_DUMB;
	return -1;
}

static void
parse_size(const char *s, int *w, int *h)
{
	size_t n = strcspn(s, "x,");
	uint64_t a, b;

	if (s[n] == '\0' || ts_num_parse(s, n, 10, 10000, &a) != NULL ||
	    ts_num_parse(s + n + 1, strlen(s + n + 1), 5, 10000, &b) != NULL)
		usage_error("--size: expected WIDTHxHEIGHT, got \"%s\"", s);
	*w = (int)a;
	*h = (int)b;
}

/* ARG, one of the two words A and B of option OPT: 0 for A, 1 for B. */
static int
one_of(const char *opt, const char *arg, const char *a, const char *b)
{
	if (strcmp(arg, a) == 0)
		return 0;
	if (strcmp(arg, b) == 0)
		return 1;
	fprintf(stderr, "%s: %s: expected %s or %s, got \"%s\"\n",
	    ts_progname(), opt, a, b, arg);
	usage(stderr);
	ts_exit(TS_EXIT_USAGE);
}

/* --by or --bars: a column name. */
static const char *
column_option(const char *opt, const char *arg)
{
	if (*arg == '\0')
		ts_usage_error(usage, "%s: empty column name", opt);
	return arg;
}

/*
 * The options that depend on one another, and the terminal (from -o's
 * extension, else dumb). NFILES FILES are the inputs, for -o.
 */
static void
check_options(struct ts_plot_run_opts *o, int nfiles, char **files)
{
	if (o->bars != NULL && o->by != NULL && strcmp(o->bars, o->by) != 0)
		usage_error("--bars %s and --by: give the column once", o->bars);
	if (o->bars != NULL && o->stacked)
		usage_error("--bars and --stacked draw different charts%s", "");
	if (o->bars != NULL && o->x != TS_X_AUTO)
		usage_error("--bars has no x axis: drop --x%s", "");
	if (!o->map && (o->map_rate || o->population != NULL))
		usage_error("--map-metric and --population colour a map: add "
		    "--map%s", "");
	if (o->map) {
		if ((o->bars != NULL && strcmp(o->bars, "region") != 0) ||
		    (o->by != NULL && strcmp(o->by, "region") != 0) ||
		    o->stacked || o->x != TS_X_AUTO)
			usage_error("--map draws regions: drop --by, --bars, "
			    "--stacked and --x%s", "");
		if (o->script)
			usage_error("--map draws without gnuplot: there is no "
			    "script%s", "");
		if (o->term < 0 && o->output != NULL &&
		    strcmp(o->output, "-") != 0)
			o->term = term_from_path(o->output);
		if (o->term >= 0 && o->term != TS_TERM_SVG)
			usage_error("--map draws SVG only (-T svg)%s", "");
		if (o->width || o->height)
			usage_error("--map has its own size: drop --size%s", "");
		o->bars = "region";
		if (o->term < 0)
			o->term = TS_TERM_SVG;
	}
	if (o->bars != NULL)
		o->by = o->bars;
	if (o->specialty_labels != NULL &&
	    (o->by == NULL || strcmp(o->by, "specialty") != 0))
		usage_error("--specialty-labels: series are not specialties "
		    "(give --by specialty or --bars specialty)%s", "");
	if (o->output != NULL && strcmp(o->output, "-") == 0)
		o->output = NULL;
	if (o->term < 0 && o->output != NULL &&
	    (o->term = term_from_path(o->output)) < 0)
		usage_error("-o %s: give -T png, svg, pdf or dumb (no known "
		    "file extension)", o->output);
	if (o->term < 0)
		o->term = TS_TERM_DUMB;
	if (ts_out_names_input("-o", o->output, files, nfiles)) {
		usage(stderr);
		ts_exit(TS_EXIT_USAGE);
	}
	if (!o->script && o->output == NULL && (o->term == TS_TERM_PNG ||
	    o->term == TS_TERM_PDF) && isatty(STDOUT_FILENO))
		usage_error("not writing a %s image to a terminal: use -o FILE "
		    "or redirect standard output", o->term == TS_TERM_PNG ?
		    "PNG" : "PDF");
}

enum {
	OPT_X = 256, OPT_BY, OPT_BARS, OPT_STACKED, OPT_TOP, OPT_LANG,
	OPT_TITLE, OPT_SIZE, OPT_SCRIPT, OPT_UNCLASSIFIED, OPT_MAP, OPT_MAP_METRIC,
	OPT_POPULATION, OPT_SPECIALTY_LABELS, OPT_HELP,
	OPT_VERSION
};

static const struct option longopts[] = {
	{ "terminal", required_argument, NULL, 'T' },
	{ "output", required_argument, NULL, 'o' },
	{ "metric", required_argument, NULL, 'm' },
	{ "x", required_argument, NULL, OPT_X },
	{ "by", required_argument, NULL, OPT_BY },
	{ "bars", required_argument, NULL, OPT_BARS },
	{ "stacked", no_argument, NULL, OPT_STACKED },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "script", no_argument, NULL, OPT_SCRIPT },
	{ "unclassified", no_argument, NULL, OPT_UNCLASSIFIED },
	{ "map", no_argument, NULL, OPT_MAP },
	{ "map-metric", required_argument, NULL, OPT_MAP_METRIC },
	{ "population", required_argument, NULL, OPT_POPULATION },
	{ "specialty-labels", required_argument, NULL, OPT_SPECIALTY_LABELS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char **argv)
{
	struct ts_plot_run_opts o = { .chart = TS_PLOT_OPTS_INIT, .x = TS_X_AUTO,
	    .top = -1, .term = -1 };
	struct ts_inputs in;
	int ch, rv, quiet = 0;

	ts_set_progname(argv[0]);
	while ((ch = getopt_long(argc, argv, "T:o:m:qh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'T':
			if ((o.term = ts_plot_term_from_name(optarg)) < 0)
				usage_error("-T: unknown terminal \"%s\" (png, "
				    "svg, pdf, dumb)", optarg);
			break;
		case 'o': o.output = optarg; break;
		case 'm':
			if (*optarg == '\0')
				usage_error("-m: empty metric name%s", "");
			o.chart.metric = optarg;
			break;
		case OPT_X:
			o.x = one_of("--x", optarg, "year", "month") ? TS_X_MONTH :
			    TS_X_YEAR;
			break;
		case OPT_BY: o.by = column_option("--by", optarg); break;
		case OPT_BARS: o.bars = column_option("--bars", optarg); break;
		case OPT_STACKED: o.stacked = 1; break;
		case OPT_TOP: o.top = ts_parse_count_option("--top", optarg); break;
		case OPT_LANG:
			o.chart.lang = one_of("--lang", optarg, "es", "en") ?
			    TS_LANG_EN : TS_LANG_ES;
			break;
		case OPT_TITLE: o.chart.title = optarg; break;
		case OPT_SIZE: parse_size(optarg, &o.width, &o.height); break;
		case OPT_UNCLASSIFIED: o.keep_unclassified = 1; break;
		case OPT_SCRIPT: o.script = 1; break;
		case OPT_MAP: o.map = 1; break;
		case OPT_MAP_METRIC:
			if (strcmp(optarg, "actions") == 0)
				o.map_rate = 0;
			else if (strcmp(optarg, "rate") == 0)
				o.map_rate = 1;
			else
				usage_error("--map-metric: unknown metric \"%s\" "
				    "(actions or rate)", optarg);
			break;
		case OPT_POPULATION: o.population = optarg; break;
		case OPT_SPECIALTY_LABELS: o.specialty_labels = optarg; break;
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
	in = ts_inputs_args(argc - optind, argv + optind);
	check_options(&o, argc - optind, argv + optind);
	o.progress = ts_progress_new(quiet);
	rv = ts_plot_run(&o, &in);
	ts_progress_end(o.progress);
	return rv;
}
