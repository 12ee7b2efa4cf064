/*
 * telestat-plot - draw trend charts of an aggregate table (or records)
 * with gnuplot. See telestat-plot(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out.h"
#include "plot.h"
#include "records.h"
#include "regions.h"
#include "taxonomy.h"
#include "util.h"
#include "values.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: telestat plot [-T png|svg|pdf|dumb] [-o FILE] [-m METRIC]\n"
	    "           [--x year|month] [--by COLUMN | --bars COLUMN] [--stacked]\n"
	    "           [--top N] [--lang es|en] [--title TEXT] [--size WxH]\n"
	    "           [--script] [--unclassified] [FILE ...]\n");
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
	    "  -m, --metric METRIC  count (default), patients, sessions,"
	    " attendees, records\n"
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

enum {
	OPT_X = 256, OPT_BY, OPT_BARS, OPT_STACKED, OPT_TOP, OPT_LANG,
	OPT_TITLE, OPT_SIZE, OPT_SCRIPT, OPT_UNCLASSIFIED, OPT_HELP, OPT_VERSION
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
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char **argv)
{
	const char *output = NULL, *by = NULL, *bars = NULL;
	int term = -1, xmode = TS_X_AUTO, stacked = 0, script = 0;
	int width = 0, height = 0, ch, rval = TS_EXIT_OK, rc, used_category = 0;
	int any_time = 0, any_file = 0;
	long long top = -1;
	ts_plot_opts opts = TS_PLOT_OPTS_INIT;
	ts_plot_input in;
	ts_regiondb *regions = NULL;
	int keep_unclassified = 0;
	ts_plot_stats st = { 0, 0, 0 };
	ts_plot_notes notes;
	ts_plot_data *data;
	ts_taxonomy *tax = NULL;
	ts_chart *chart;
	char *img = NULL, *err = NULL;
	size_t len = 0;
	ts_out *out;
	int i;

	ts_set_progname(argv[0]);
	while ((ch = getopt_long(argc, argv, "T:o:m:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'T':
			if ((term = ts_plot_term_from_name(optarg)) < 0)
				usage_error("-T: unknown terminal \"%s\" (png, "
				    "svg, pdf, dumb)", optarg);
			break;
		case 'o':
			output = optarg;
			break;
		case 'm':
			if (*optarg == '\0')
				usage_error("-m: empty metric name%s", "");
			opts.metric = optarg;
			break;
		case OPT_X:
			if (strcmp(optarg, "year") == 0)
				xmode = TS_X_YEAR;
			else if (strcmp(optarg, "month") == 0)
				xmode = TS_X_MONTH;
			else
				usage_error("--x: expected year or month, got "
				    "\"%s\"", optarg);
			break;
		case OPT_BY:
			if (*optarg == '\0')
				usage_error("--by: empty column name%s", "");
			by = optarg;
			break;
		case OPT_BARS:
			if (*optarg == '\0')
				usage_error("--bars: empty column name%s", "");
			bars = optarg;
			break;
		case OPT_STACKED:
			stacked = 1;
			break;
		case OPT_TOP:
			top = ts_parse_count_option("--top", optarg);
			break;
		case OPT_LANG:
			if (strcmp(optarg, "es") == 0)
				opts.lang = TS_LANG_ES;
			else if (strcmp(optarg, "en") == 0)
				opts.lang = TS_LANG_EN;
			else
				usage_error("--lang: expected es or en, got "
				    "\"%s\"", optarg);
			break;
		case OPT_TITLE:
			opts.title = optarg;
			break;
		case OPT_SIZE:
			parse_size(optarg, &width, &height);
			break;
		case OPT_UNCLASSIFIED:
			keep_unclassified = 1;
			break;
		case OPT_SCRIPT:
			script = 1;
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
	argc -= optind;
	argv += optind;

	if (bars != NULL && by != NULL && strcmp(bars, by) != 0)
		usage_error("--bars %s and --by: give the column once", bars);
	if (bars != NULL && stacked)
		usage_error("--bars and --stacked draw different charts%s", "");
	if (bars != NULL && xmode != TS_X_AUTO)
		usage_error("--bars has no x axis: drop --x%s", "");
	if (bars != NULL)
		by = bars;
	if (output != NULL && strcmp(output, "-") == 0)
		output = NULL;
	if (term < 0 && output != NULL && (term = term_from_path(output)) < 0)
		usage_error("-o %s: give -T png, svg, pdf or dumb (no known "
		    "file extension)", output);
	if (term < 0)
		term = TS_TERM_DUMB;
	if (ts_out_names_input("-o", output, argv, argc)) {
		usage(stderr);
		ts_exit(TS_EXIT_USAGE);
	}
	if (!script && output == NULL && (term == TS_TERM_PNG ||
	    term == TS_TERM_PDF) && isatty(STDOUT_FILENO))
		usage_error("not writing a %s image to a terminal: use -o FILE "
		    "or redirect standard output", term == TS_TERM_PNG ?
		    "PNG" : "PDF");

	data = ts_plot_data_new();
	in.metric = opts.metric;
	in.need_x = xmode;
	/* Actions as the report counts them, unless told otherwise. */
	in.keep_unclassified = keep_unclassified;
	tax = ts_taxonomy_load(NULL);
	in.tax = tax;
	for (i = 0; i == 0 || i < argc; i++) {
		const char *path = argc > 0 ? argv[i] : "-";
		ts_input *inp = ts_input_open(path);
		ts_reader *r;

		if (inp == NULL) {
			rval = TS_EXIT_IO;
			continue;
		}
		if ((r = ts_reader_new(inp)) == NULL) {
			if (rval == TS_EXIT_OK)
				rval = TS_EXIT_DATA;
			continue;
		}
		if (!any_file) {
			/* Keep distinct counts only where this chart needs them. */
			int time = ts_reader_find(r, "year") >= 0 ||
			    ts_reader_find(r, "month") >= 0 ||
			    ts_reader_find(r, "date") >= 0;
			ts_plot_data_count_levels(data, bars != NULL ||
			    (!stacked && xmode == TS_X_AUTO && !time) ?
			    TS_CHART_BARS : TS_CHART_LINES, xmode);
		}
		any_file = 1;
		/* One series per category unless told otherwise. */
		in.by = by;
		if (by == NULL && ts_reader_find(r, "category") >= 0)
			in.by = "category";
		if (in.by != NULL && strcmp(in.by, "category") == 0)
			used_category = 1;
		if (ts_reader_find(r, "year") >= 0 ||
		    ts_reader_find(r, "month") >= 0 ||
		    ts_reader_find(r, "date") >= 0)
			any_time = 1;
		rc = ts_plot_load(data, r, &in, &st);
		ts_reader_free(r);
		if (rc < 0)
			ts_exit(TS_EXIT_MISSING_COLUMN);
		if (rc > rval)
			rval = rc;
	}
	if (!any_file)
		ts_exit(rval);
	if (st.rejected > 0)
		ts_warn("%llu of %llu rows rejected", (unsigned long long)st.rejected,
		    (unsigned long long)st.rows);
	if (st.left_out > 0)
		ts_warn("%llu of %llu rows are not telehealth actions "
		    "(unclassified) and are not drawn, as in telestat report "
		    "(--unclassified draws them)", (unsigned long long)st.left_out,
		    (unsigned long long)st.rows);

	opts.by = by != NULL ? by : used_category ? "category" : NULL;
	opts.x = xmode;
	if (bars != NULL)
		opts.kind = TS_CHART_BARS;
	else if (stacked)
		opts.kind = TS_CHART_SHARE;
	else if (xmode == TS_X_AUTO && !any_time)
		opts.kind = TS_CHART_BARS;  /* nothing to draw over time */
	else
		opts.kind = TS_CHART_LINES;
	opts.top = top >= 0 ? (size_t)top : opts.kind == TS_CHART_BARS ?
	    TS_PLOT_TOP_BARS : TS_PLOT_TOP;
	if (opts.by != NULL && strcmp(opts.by, "category") == 0)
		opts.taxonomy = tax;
	if (opts.by != NULL && strcmp(opts.by, "region") == 0)
		opts.regions = regions = ts_regiondb_load();

	chart = ts_plot_chart(data, &opts, &notes, &err);
	if (chart == NULL) {
		ts_warn_lines(err);
		free(err);
		ts_plot_data_free(data);
		ts_taxonomy_free(tax);
		ts_regiondb_free(regions);
		ts_exit(TS_EXIT_DATA);
	}
	if (notes.left_out_rows > 0) {
		char v[32];
		ts_plot_fmt_int(v, notes.left_out, TS_LANG_EN);
		ts_warn("%llu rows with no %s are not on the chart (%s %s)",
		    (unsigned long long)notes.left_out_rows,
		    xmode == TS_X_MONTH ||
		    (xmode == TS_X_AUTO && !ts_plot_data_has_year(data)) ?
		    "month" : "year", opts.metric, v);
	}
	if (notes.dropped_series > 0)
		ts_warn("%zu smaller series not drawn: distinct %s cannot be "
		    "added into \"others\" (use --top 0 to draw them all)",
		    notes.dropped_series, opts.metric);

	if (script) {
		img = ts_plot_script(chart, term, width, height, &len);
	} else {
		rc = ts_plot_render(chart, term, width, height, &img, &len, &err);
		ts_warn_lines(err);
		free(err);
		if (rc != 0) {
			ts_chart_free(chart);
			ts_plot_data_free(data);
			ts_taxonomy_free(tax);
		ts_regiondb_free(regions);
			ts_exit(rc);
		}
	}
	/* Only now is the output opened: a failed run leaves no file. */
	out = ts_out_open(output);
	ts_out_write(out, img, len);
	ts_out_finish(out, rval);
	free(img);
	ts_chart_free(chart);
	ts_plot_data_free(data);
	ts_taxonomy_free(tax);
	ts_regiondb_free(regions);
	return rval;
}
