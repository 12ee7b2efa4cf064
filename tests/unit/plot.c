/*
 * Unit tests: number formatting, chart building (top N, "Others", axes,
 * titles), loading tables and records, gnuplot scripts, and rendering
 * through gnuplot (PNG size read from its IHDR chunk, inline SVG,
 * missing and failing gnuplot).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "gnuplot.h"
#include "input.h"
#include "plot.h"
#include "records.h"

static void
test_format(void)
{
	char b[48];

	ts_plot_fmt_int(b, 1609073, TS_LANG_ES);
	is_str(b, "1 609 073", "Spanish thousands separated by spaces");
	ts_plot_fmt_int(b, 1609073, TS_LANG_EN);
	is_str(b, "1,609,073", "English thousands separated by commas");
	ts_plot_fmt_int(b, 999, TS_LANG_ES);
	is_str(b, "999", "no separator below a thousand");
	ts_plot_fmt_int(b, 0, TS_LANG_EN);
	is_str(b, "0", "zero");
	ts_plot_fmt_int(b, 100000, TS_LANG_ES);
	is_str(b, "100 000", "separator before the last three digits only");
	ts_plot_fmt_int(b, -1234.4, TS_LANG_EN);
	is_str(b, "-1,234", "negative, rounded");
	ts_plot_fmt_tick(b, 2.5, TS_LANG_ES);
	is_str(b, "2,5", "Spanish decimal comma in ticks");
	ts_plot_fmt_tick(b, 2.5, TS_LANG_EN);
	is_str(b, "2.5", "English decimal point in ticks");
	ts_plot_fmt_tick(b, 250000, TS_LANG_ES);
	is_str(b, "250 000", "integral tick");
}

/* A table of years x categories with totals that rank a > b > c ... */
static ts_plot_data *
sample(int years, int ncat)
{
	ts_plot_data *d = ts_plot_data_new();
	static const char *const names[] = { "teleconsulta",
		"teleapoyo_diagnostico", "teleorientacion", "telemonitoreo",
		"teletriaje", "teleinterconsulta", "telecapacitacion",
		"telegestion", "unclassified" };
	int y, k;

	for (y = 0; y < years; y++)
		for (k = 0; k < ncat; k++)
			ts_plot_data_add(d, 2021 + y, 0, names[k], strlen(names[k]),
			    (double)((ncat - k) * 1000 + y));
	return d;
}

static void
test_chart_top(void)
{
	ts_plot_data *d = sample(5, 8);
	ts_plot_opts o = TS_PLOT_OPTS_INIT;
	ts_plot_notes notes;
	ts_chart *c;
	char *err;
	size_t i;

	o.by = "category";
	c = ts_plot_chart(d, &o, &notes, &err);
	ok(c != NULL, "chart of 5 years x 8 categories");
	if (c == NULL)
		return;
	is_int(ts_chart_nx(c), 5, "five years on x");
	is_str(ts_chart_x(c, 0), "2021", "first year");
	is_str(ts_chart_x(c, 4), "2025", "last year");
	is_int(ts_chart_nseries(c), 7, "top 6 plus Otros");
	is_str(ts_chart_series_name(c, 0), "teleconsulta", "largest first");
	is_str(ts_chart_series_name(c, 6), "Otros", "Otros last");
	ok(ts_chart_series_flags(c, 6) & TS_CHART_OTHERS_FLAG, "Otros flagged");
	/* Others = categories 7 and 8: (2000 + y) + (1000 + y). */
	ok(ts_chart_value(c, 6, 0) == 3000 && ts_chart_value(c, 6, 4) == 3008,
	    "Otros holds the sum of the rest");
	is_str(ts_chart_title(c), "Acciones de telesalud por año y categoría, 2021\xe2\x80\x93" "2025",
	    "Spanish title with the year range");
	is_str(ts_chart_xlabel(c), "Año", "x label");
	is_str(ts_chart_ylabel(c), "Acciones de telesalud", "y label");
	ok(notes.left_out == 0 && notes.dropped_series == 0, "nothing left out");
	ts_chart_free(c);

	/* Seven series: folding one into "Others" would hide it for nothing. */
	ts_plot_data_free(d);
	d = sample(2, 7);
	c = ts_plot_chart(d, &o, NULL, &err);
	is_int(c ? ts_chart_nseries(c) : 0, 7, "top 6 of 7: all seven drawn");
	for (i = 0; c && i < ts_chart_nseries(c); i++)
		if (ts_chart_series_flags(c, i))
			break;
	is_int(i, 7, "no Others series");
	ts_chart_free(c);

	o.top = 0;
	ts_plot_data_free(d);
	d = sample(2, 9);
	c = ts_plot_chart(d, &o, NULL, &err);
	is_int(c ? ts_chart_nseries(c) : 0, 9, "--top 0 keeps every series");
	ts_chart_free(c);

	o.top = 2;
	o.lang = TS_LANG_EN;
	o.kind = TS_CHART_BARS;
	c = ts_plot_chart(d, &o, NULL, &err);
	ok(c != NULL, "bars");
	if (c != NULL) {
		is_int(ts_chart_nx(c), 3, "two bars plus Others");
		is_str(ts_chart_x(c, 2), "Others", "English Others");
		/* teleconsulta: 9000 + 9001 over two years. */
		ok(ts_chart_value(c, 0, 0) == 18001, "bar is the total over years");
		is_str(ts_chart_title(c), "Telehealth actions by category, 2021\xe2\x80\x93" "2022",
		    "English bars title");
		ts_chart_free(c);
	}
	ts_plot_data_free(d);
}

static void
test_chart_months(void)
{
	ts_plot_data *d = ts_plot_data_new();
	ts_plot_opts o = TS_PLOT_OPTS_INIT;
	ts_plot_notes notes;
	ts_chart *c;
	char *err = NULL;
	int m;

	for (m = 1; m <= 12; m++)
		ts_plot_data_add(d, 2024, m, "x", 1, m * 10);
	ts_plot_data_add(d, 2024, 0, "x", 1, 5);  /* month unknown */
	c = ts_plot_chart(d, &o, &notes, &err);
	ok(c != NULL, "one year of months");
	if (c != NULL) {
		is_int(ts_chart_nx(c), 12, "auto x: months when one year");
		is_str(ts_chart_x(c, 0), "ene", "Spanish month names");
		is_str(ts_chart_title(c), "Acciones de telesalud por mes, 2024", "month title");
		is_str(ts_chart_series_name(c, 0), "Total", "no --by: one Total series");
		ok(notes.left_out == 5 && notes.left_out_rows == 1,
		    "the row without a month is reported");
		ts_chart_free(c);
	}
	ts_plot_data_add(d, 2025, 1, "x", 1, 7);
	c = ts_plot_chart(d, &o, NULL, &err);
	is_int(c ? ts_chart_nx(c) : 0, 2, "auto x: years when two years");
	ok(c && ts_chart_value(c, 0, 0) == 785, "year total includes the unplaced month");
	ts_chart_free(c);
	o.x = TS_X_MONTH;
	o.lang = TS_LANG_EN;
	c = ts_plot_chart(d, &o, NULL, &err);
	is_int(c ? ts_chart_nx(c) : 0, 13, "--x month over two years");
	is_str(c ? ts_chart_x(c, 12) : NULL, "Jan 2025", "month labels carry the year");
	ts_chart_free(c);
	ts_plot_data_free(d);

	d = ts_plot_data_new();
	c = ts_plot_chart(d, &o, NULL, &err);
	ok(c == NULL && err != NULL, "no data: no chart");
	is_str(err, "no records to plot", "and says so");
	free(err);
	ts_plot_data_free(d);
}

/* Loads TEXT as a records stream. */
static int
load(ts_plot_data *d, const char *text, const char *metric, const char *by,
    int need_x, ts_plot_stats *st)
{
	ts_input *in = ts_input_memory((const uint8_t *)text, strlen(text), "t.tsv");
	ts_reader *r = ts_reader_new(in);
	ts_plot_input pi = { 0 };
	int rc;

	pi.metric = metric;
	pi.by = by;
	pi.need_x = need_x;
	/* Every row counts here: what is an action is tested elsewhere. */
	pi.keep_unclassified = 1;
	rc = ts_plot_load(d, r, &pi, st);
	ts_reader_free(r);
	return rc;
}

static void
test_load(void)
{
	ts_plot_data *d = ts_plot_data_new();
	ts_plot_opts o = TS_PLOT_OPTS_INIT;
	ts_plot_stats st = { 0, 0, 0, 0 };
	ts_chart *c;
	char *err = NULL;
	int rc;

	/* Raw records: count empty means 1; year from the date. */
	rc = load(d, "date\tcategory\tcount\tpatient\n"
	    "2024-03-01\tteleconsulta\t\tp1\n"
	    "2024-03-02\tteleconsulta\t3\tp1\n"
	    "2025-01-01\tteleconsulta\t\tp2\n"
	    "2025-01-01\ttelemonitoreo\t2\tp2\n", "count", "category",
	    TS_X_YEAR, &st);
	is_int(rc, TS_EXIT_OK, "records load");
	is_int(st.rows, 4, "four rows read");
	o.by = "category";
	c = ts_plot_chart(d, &o, NULL, &err);
	ok(c && ts_chart_value(c, 0, 0) == 4 && ts_chart_value(c, 0, 1) == 1,
	    "empty count counts 1, years from dates");
	ts_chart_free(c);
	ts_plot_data_free(d);

	/* Distinct patients from records, per year. */
	d = ts_plot_data_new();
	rc = load(d, "year\tmonth\tcategory\tpatient\n"
	    "2024\t1\ta\tp1\n2024\t2\ta\tp1\n2024\t2\ta\tp2\n2024\t2\ta\t\n",
	    "patients", "category", TS_X_AUTO, &st);
	is_int(rc, TS_EXIT_OK, "patients from records");
	o.metric = "patients";
	o.x = TS_X_YEAR;
	c = ts_plot_chart(d, &o, NULL, &err);
	ok(c && ts_chart_value(c, 0, 0) == 2, "two distinct patients in 2024");
	ts_chart_free(c);
	o.x = TS_X_MONTH;
	c = ts_plot_chart(d, &o, NULL, &err);
	ok(c && ts_chart_value(c, 0, 0) == 1 && ts_chart_value(c, 0, 1) == 2,
	    "distinct patients per month");
	ts_chart_free(c);
	o.kind = TS_CHART_SHARE;
	c = ts_plot_chart(d, &o, NULL, &err);
	ok(c == NULL && err && strstr(err, "distinct"), "no shares of distinct counts");
	free(err);
	ts_plot_data_free(d);

	/* Counting only the yearly cells: months cannot be drawn then. */
	d = ts_plot_data_new();
	ts_plot_data_count_levels(d, TS_CHART_LINES, TS_X_YEAR);
	ts_plot_data_add_distinct(d, 2024, 1, "a", 1, "p1", 2);
	ts_plot_data_add_distinct(d, 2024, 2, "a", 1, "p1", 2);
	o.kind = TS_CHART_LINES;
	o.x = TS_X_YEAR;
	c = ts_plot_chart(d, &o, NULL, &err);
	ok(c && ts_chart_value(c, 0, 0) == 1, "yearly distinct count kept");
	ts_chart_free(c);
	o.x = TS_X_MONTH;
	c = ts_plot_chart(d, &o, NULL, &err);
	ok(c == NULL && err && strstr(err, "not kept"), "monthly ones were not");
	free(err);
	ts_plot_data_free(d);

	/* A table's distinct counts must not be added up. */
	d = ts_plot_data_new();
	rc = load(d, "year\tregion\tcategory\tpatients\n"
	    "2024\tPE-LIM\ta\t10\n2024\tPE-CUS\ta\t5\n", "patients", "category",
	    TS_X_AUTO, &st);
	is_int(rc, TS_EXIT_OK, "table with patients");
	o.kind = TS_CHART_LINES;
	o.x = TS_X_YEAR;
	c = ts_plot_chart(d, &o, NULL, &err);
	ok(c == NULL && err != NULL, "summing distinct counts over regions refused");
	is_str(err, "patients holds distinct counts, which cannot be added up, "
	    "but 2 rows of the table fall on one point of the chart; aggregate "
	    "with -g year,category", "and says how to aggregate");
	free(err);
	ts_plot_data_free(d);

	/* Bad values are rejected, the rest is kept. */
	d = ts_plot_data_new();
	st.rows = st.rejected = 0;
	rc = load(d, "year\tcategory\tcount\n2024\ta\t12\n2024\ta\tdoce\n"
	    "20x4\ta\t1\n2024\ta\t-3\n2024\ta\t1.5\n", "count", "category",
	    TS_X_AUTO, &st);
	is_int(rc, TS_EXIT_DATA, "non-numeric metric: data error");
	is_int(st.rejected, 4, "four rows rejected");
	is_int(ts_plot_data_rows(d), 1, "one row kept");
	ts_plot_data_free(d);

	d = ts_plot_data_new();
	rc = load(d, "year\tcount\n2024\t1\n", "count", "region", TS_X_AUTO, &st);
	is_int(rc, -1, "unknown --by column: missing column");
	rc = load(d, "category\tcount\na\t1\n", "count", NULL, TS_X_YEAR, &st);
	is_int(rc, -1, "--x year without a year column");
	rc = load(d, "year\tcount\n2024\t1\n", "sessions", NULL, TS_X_AUTO, &st);
	is_int(rc, -1, "-m sessions without the column");
	rc = load(d, "year\tcount\n2024\t1\n", "records", NULL, TS_X_AUTO, &st);
	is_int(rc, TS_EXIT_OK, "-m records counts rows");
	ts_plot_data_free(d);
}

static void
test_script(void)
{
	ts_chart *c = ts_chart_new(TS_CHART_LINES, TS_LANG_ES);
	double v[2] = { 1, 2 };
	char *s;

	ts_chart_add_x(c, "2024");
	ts_chart_add_x(c, "50% it's");
	ts_chart_add_series(c, "a'; system('touch pwned'); '\n\x01\xff", v, 0);
	ts_chart_set_title(c, "`touch pwned` @x");
	s = ts_plot_script(c, TS_TERM_SVG, 0, 0, NULL);
	ok(strstr(s, "title 'a''; system(''touch pwned''); ''  ?'") != NULL,
	    "labels are single-quoted, quotes doubled, control bytes and bad UTF-8 replaced");
	ok(strstr(s, "'50%% it''s' 1") != NULL, "percent signs doubled in tic labels");
	ok(strstr(s, "set title '`touch pwned` @x'") != NULL,
	    "backquotes stay inside a single-quoted string");
	ok(strstr(s, "size 900,500") != NULL, "default size 900x500");
	free(s);
	ts_chart_free(c);
}

static unsigned long
be32(const unsigned char *p)
{
	return ((unsigned long)p[0] << 24) | ((unsigned long)p[1] << 16) |
	    ((unsigned long)p[2] << 8) | p[3];
}

static void
test_render(void)
{
	ts_plot_data *d = sample(5, 8);
	ts_plot_opts o = TS_PLOT_OPTS_INIT;
	ts_chart *c;
	char *img, *err;
	size_t len;
	int rc;

	o.by = "category";
	c = ts_plot_chart(d, &o, NULL, &err);
	rc = ts_plot_render(c, TS_TERM_PNG, 0, 0, &img, &len, &err);
	is_int(rc, 0, "PNG rendered");
	if (rc == 0) {
		const unsigned char *p = (const unsigned char *)img;
		ok(len > 5000 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0,
		    "PNG signature, not empty");
		ok(len > 24 && memcmp(p + 12, "IHDR", 4) == 0, "IHDR first");
		is_int(be32(p + 16), 900, "PNG width 900");
		is_int(be32(p + 20), 500, "PNG height 500");
		free(img);
	}
	free(err);
	rc = ts_plot_render(c, TS_TERM_PNG, 640, 400, &img, &len, &err);
	ok(rc == 0 && be32((unsigned char *)img + 16) == 640 &&
	    be32((unsigned char *)img + 20) == 400, "PNG at 640x400");
	free(img);
	free(err);

	rc = ts_plot_render(c, TS_TERM_DUMB, 0, 0, &img, &len, &err);
	is_int(rc, 0, "dumb rendered");
	if (rc == 0) {
		ok(len > 0 && img[len - 1] == '\n' && img[0] != '\n',
		    "text ends with a newline, starts with no blank line");
		ok(strstr(img, " \n") == NULL, "no trailing spaces");
		ok(strstr(img, "10 000") != NULL, "Spanish tick labels");
		ok(strstr(img, "Teleconsulta") == NULL && strstr(img, "teleconsulta"),
		    "no taxonomy given: raw category names");
		free(img);
	}
	free(err);

	rc = ts_plot_svg_inline(c, "c1-", &img, &len, &err);
	is_int(rc, 0, "inline SVG");
	if (rc == 0) {
		ok(strncmp(img, "<svg", 4) == 0, "starts at the svg element");
		ok(strstr(img, "<?xml") == NULL, "no XML declaration");
		ok(strstr(img, "Produced by GNUPLOT") == NULL, "no version stamp");
		ok(strstr(img, "id='c1-gpPt0'") != NULL &&
		    strstr(img, "id='gpPt0'") == NULL, "ids prefixed");
		ok(strstr(img, "href='#c1-gpPt") != NULL ||
		    strstr(img, "href=\"#c1-gpPt") != NULL, "references prefixed");
		{
			char *gt = strchr(img, '>');
			size_t n = gt ? (size_t)(gt - img) : 0;
			char *root = strndup(img, n);
			ok(strstr(root, "width=\"900\"") == NULL &&
			    strstr(root, "viewBox=\"0 0 900 500\"") != NULL &&
			    strstr(root, "max-width:900px") != NULL,
			    "scales: viewBox, no fixed size");
			free(root);
		}
		ok(strstr(img, "<title>Acciones de telesalud por año y categoría") != NULL,
		    "chart title as SVG title");
		free(img);
	}
	free(err);

	rc = ts_plot_svg_inline_size(c, "c2-", 820, 460, 0, &img, &len, &err);
	is_int(rc, 0, "inline SVG at a given size");
	if (rc == 0) {
		char *gt = strchr(img, '>');
		size_t n = gt ? (size_t)(gt - img) : 0;
		char *root = strndup(img, n);
		ok(strstr(root, "viewBox=\"0 0 820 460\"") != NULL,
		    "drawn at 820x460");
		ok(strstr(root, "max-width") == NULL &&
		    strstr(root, "style=\"width:100%;height:auto\"") != NULL,
		    "no width limit: as wide as the page");
		ok(strstr(img, "id='c2-gpPt0'") != NULL, "ids prefixed");
		free(root);
		free(img);
	}
	free(err);

	setenv("TELESTAT_GNUPLOT", "/nonexistent/gnuplot", 1);
	rc = ts_plot_render(c, TS_TERM_SVG, 0, 0, &img, &len, &err);
	is_int(rc, TS_EXIT_DEP, "missing gnuplot: TS_EXIT_DEP");
	ok(img == NULL && err && strstr(err, "apt-get install gnuplot-nox"),
	    "says what to install");
	free(err);

	setenv("TELESTAT_GNUPLOT", "false", 1);
	rc = ts_plot_render(c, TS_TERM_SVG, 0, 0, &img, &len, &err);
	is_int(rc, TS_EXIT_IO, "failing gnuplot: TS_EXIT_IO");
	is_str(err, "gnuplot failed (exit status 1)", "says it failed");
	free(err);

	setenv("TELESTAT_GNUPLOT", "true", 1);
	rc = ts_plot_render(c, TS_TERM_SVG, 0, 0, &img, &len, &err);
	is_int(rc, TS_EXIT_IO, "gnuplot writing nothing: TS_EXIT_IO");
	is_str(err, "gnuplot wrote no image", "says so");
	free(err);
	unsetenv("TELESTAT_GNUPLOT");

	ts_chart_free(c);
	ts_plot_data_free(d);
}

static void
test_gaps_and_zeros(void)
{
	ts_plot_data *d = ts_plot_data_new();
	ts_plot_opts o = TS_PLOT_OPTS_INIT;
	ts_chart *c;
	char *err = NULL;

	ts_plot_data_add(d, 2021, 0, "a", 1, 5);
	ts_plot_data_add(d, 2023, 0, "a", 1, 7);
	ts_plot_data_add(d, 2023, 0, "b", 1, 0);
	o.by = "category";
	c = ts_plot_chart(d, &o, NULL, &err);
	is_int(c ? ts_chart_nx(c) : 0, 3, "a missing year gets its place");
	ok(c && ts_chart_value(c, 0, 1) == 0, "and the value 0");
	is_int(c ? ts_chart_nseries(c) : 0, 1, "a series 0 throughout is left out");
	ts_chart_free(c);
	ts_plot_data_free(d);

	d = ts_plot_data_new();
	ts_plot_data_add(d, 2023, 11, "a", 1, 1);
	ts_plot_data_add(d, 2024, 2, "a", 1, 2);
	o.x = TS_X_MONTH;
	c = ts_plot_chart(d, &o, NULL, &err);
	is_int(c ? ts_chart_nx(c) : 0, 4, "Nov to Feb across the new year: 4 months");
	is_str(c ? ts_chart_x(c, 2) : NULL, "ene 2024", "January in its place");
	ts_chart_free(c);
	ts_plot_data_free(d);
}

/* What a report does: its own figures, an inline SVG, no files. */
static void
test_in_memory(void)
{
	ts_chart *c = ts_chart_new(TS_CHART_LINES, TS_LANG_EN);
	double tc[2] = { 1353532, 1609073 }, other[2] = { 10, NAN };
	char *svg, *err;
	size_t len;
	int rc;

	ts_chart_add_x(c, "2024");
	ts_chart_add_x(c, "2025");
	ts_chart_add_series(c, "Teleconsultation", tc, 0);
	ts_chart_add_series(c, "Others", other, TS_CHART_OTHERS_FLAG);
	ts_chart_add_x(c, "2026");
	ok(isnan(ts_chart_value(c, 0, 2)), "a later x position has no value yet");
	ts_chart_set_title(c, "Attentions <&> 2024\xe2\x80\x93" "2026");
	ts_chart_set_axes(c, "Year", "Actions");
	rc = ts_plot_svg_inline(c, "r2-", &svg, &len, &err);
	is_int(rc, 0, "inline SVG of an in-memory chart");
	if (rc == 0) {
		ok(strlen(svg) == len, "NUL-terminated, no NUL inside");
		ok(strstr(svg, "1,500,000") != NULL, "English tick labels");
		ok(strstr(svg, "aria-label=\"Attentions &lt;&amp;&gt; 2024") != NULL,
		    "title escaped for XML");
		free(svg);
	}
	free(err);
	ts_chart_free(c);
}

/* A comparison year's curve, muted: grey and dashed, like "Others". */
static void
test_muted(void)
{
	ts_chart *c = ts_chart_new(TS_CHART_LINES, TS_LANG_ES);
	double y1[3] = { 5, 6, 7 }, y0[3] = { 4, 5, 6 };
	char *script;

	ts_chart_add_x(c, "ene");
	ts_chart_add_x(c, "feb");
	ts_chart_add_x(c, "mar");
	ts_chart_add_series(c, "2025", y1, 0);
	ts_chart_add_series(c, "2024", y0, TS_CHART_MUTED_FLAG);
	script = ts_plot_script(c, TS_TERM_SVG, 0, 0, NULL);
	ok(strstr(script, "set linetype 1 lc rgb '#4e79a7' lw 2 pt 7 ps 0.9 "
	    "dt 1\n") != NULL, "the year in colour, solid");
	ok(strstr(script, "set linetype 2 lc rgb '#a0a0a0' lw 2 pt 5 ps 0.9 "
	    "dt 2\n") != NULL, "the comparison in grey, dashed");
	free(script);
	ts_chart_free(c);
}

int
main(void)
{
	test_format();
	test_chart_top();
	test_chart_months();
	test_load();
	test_script();
	test_gaps_and_zeros();
	test_in_memory();
	test_muted();
	test_render();
	return done_testing();
}
