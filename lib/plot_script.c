/* plot_script.c - the gnuplot script that draws a chart; see plot.h. */
#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot_int.h"
#include "util.h"

/*
 * Series colours: Tableau 10, reordered so the weak yellow comes late;
 * "Others" is grey and dashed. Point shapes differ too, for print and
 * colour-blind readers.
 */
static const char *const palette[] = { "#4e79a7", "#f28e2b", "#e15759",
	"#76b7b2", "#59a14f", "#b07aa1", "#9c755f", "#ff9da7", "#edc948" };
#define NPALETTE (sizeof(palette) / sizeof(palette[0]))
#define OTHERS_COLOR "#a0a0a0"
static const int points[] = { 7, 5, 9, 11, 13, 15, 6, 4, 8 };

int
ts_plot_term_from_name(const char *name)
{
	static const char *const names[] = { "png", "svg", "pdf", "dumb" };
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

/* Largest value drawn (bars and lines), for the value axis. */
static double
max_value(const ts_chart *c)
{
	double m = 0;
	size_t s, i;

	for (s = 0; s < c->ns; s++)
		for (i = 0; i < c->nx; i++)
			if (!isnan(c->s[s].v[i]) && c->s[s].v[i] > m)
				m = c->s[s].v[i];
	return m;
}

/* Whether a value of C is unknown (NaN: attendees no record gave). */
static int
has_unknown(const ts_chart *c)
{
	size_t s, i;

	for (s = 0; s < c->ns; s++)
		for (i = 0; i < c->nx; i++)
			if (isnan(c->s[s].v[i]))
				return 1;
	return 0;
}

/*
 * Value axis: range [0:top] and ticks with formatted labels. ROOM, when
 * not 0, is the width in characters the axis has (a text chart's
 * horizontal axis): the step grows until the labels fit in it.
 */
static double
value_ticks(ts_pbuf *b, const ts_chart *c, const char *axis, double max,
    size_t room)
{
	double step = ts_plot_nice_step(max > 0 ? max : 1, 1), top, v;
	char lab[48];
	int first = 1, k;

	top = ceil(max * 1.05 / step) * step;
	if (top <= 0)
		top = step;
	for (k = 2; room > 0 && k < 40; k++) {
		size_t w;
		ts_plot_fmt_tick(lab, top, c->lang);
		w = strlen(lab) + 2;
		if ((size_t)(top / step + 1) * w <= room)
			break;
		/* Fewer, wider steps: about MAX / 5 * K / 2. */
		step = ts_plot_nice_step((max > 0 ? max : 1) * k / 2, 1);
		top = ceil(max * 1.05 / step) * step;
	}
	ts_pb_printf(b, "set %sr [0:", axis);
	ts_pb_num(b, top);
	ts_pb_printf(b, "]\nset %stics (", axis);
	for (v = 0; v <= top * (1 + 1e-9); v += step) {
		ts_plot_fmt_tick(lab, v, c->lang);
		if (!first)
			ts_pb_puts(b, ", ");
		ts_pb_quote_tic(b, lab);
		ts_pb_puts(b, " ");
		ts_pb_num(b, v);
		first = 0;
	}
	ts_pb_puts(b, ")\n");
	return top;
}

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * Category axis ticks: every K-th label, K in 1, 2, 3, 6, 12, 24...
 * (whole quarters, half years and years when the labels are months),
 * chosen so that the labels do not run into each other.
 */
static void
category_ticks(ts_pbuf *b, const ts_chart *c, int term, int width)
{
	size_t maxlen = 1, i, fit, k;
	/* Steps that divide a year: months fall on quarters, halves, Januaries. */
	static const size_t steps[] = { 1, 2, 3, 6, 12, 24, 48, 96, 192 };
	int rotate;

	for (i = 0; i < c->nx; i++)
		if (utf8_chars(c->x[i]) > maxlen)
			maxlen = utf8_chars(c->x[i]);
	if (term == TS_TERM_DUMB) {
		/* Characters left of the plot go to the value labels. */
		size_t room = width > 20 ? (size_t)width - 14 : 6;
		fit = room / (maxlen + 2);
		rotate = 0;
	} else {
		/*
		 * The key and the value labels take about 330 px; rotated
		 * labels read well 30 px apart, flat ones need 8 px a char.
		 */
		size_t room = width > 530 ? (size_t)width - 330 : 200;
		rotate = c->nx * (maxlen * 8 + 12) > room;
		fit = room / (rotate ? 30 : maxlen * 8 + 12);
	}
	if (fit == 0)
		fit = 1;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]) - 1; i++)
		if ((c->nx + steps[i] - 1) / steps[i] <= fit)
			break;
	k = steps[i];
	ts_pb_puts(b, "set xtics (");
	for (i = 0; i < c->nx; i++) {
		if (i > 0)
			ts_pb_puts(b, ", ");
		/* Month labels fall on January, quarters or half years. */
		if ((c->month0 > 0 ? (size_t)(c->month0 - 1) + i : i) % k == 0) {
			ts_pb_quote_tic(b, c->x[i]);
			ts_pb_printf(b, " %zu", i);
		} else {
			ts_pb_printf(b, "'' %zu 1", i);
		}
	}
	ts_pb_puts(b, ")\n");
	if (rotate)
		ts_pb_puts(b, "set xtics rotate by 45 right\n");
}

/*
 * A chart drawn at about a phone's width (the HTML report's phone
 * variant) keeps its key under the plot, one entry a line, so the plot
 * has the width.
 */
#define NARROW_MAX 500
/* Titles longer than this (bytes) go on two lines there. */
#define NARROW_TITLE 40
#define NARROW(term, w) ((term) != TS_TERM_DUMB && (w) > 0 && (w) < NARROW_MAX)

static void
header(ts_pbuf *b, const ts_chart *c, int term, int w, int h)
{
	ts_pb_puts(b, "# telestat plot: gnuplot script with inline data\n");
	ts_pb_puts(b, "set encoding utf8\n");
	switch (term) {
	case TS_TERM_PNG:
		ts_pb_printf(b, "set terminal pngcairo size %d,%d noenhanced "
		    "font 'Sans,10' background rgb 'white'\n", w, h);
		break;
	case TS_TERM_SVG:
		ts_pb_printf(b, "set terminal svg size %d,%d noenhanced "
		    "font 'sans-serif,12' background rgb 'white'\n", w, h);
		break;
	case TS_TERM_PDF:
		ts_pb_printf(b, "set terminal pdfcairo size %d.%02din,%d.%02din "
		    "noenhanced font 'Sans,10' fontscale 0.7\n", w / 100, w % 100,
		    h / 100,
		    h % 100);
		break;
	default:
		ts_pb_printf(b, "set terminal dumb size %d,%d noenhanced nofeed\n",
		    w, h);
		break;
	}
	if (c->title && *c->title && NARROW(term, w) &&
	    strlen(c->title) > NARROW_TITLE) {
		/* On two lines, broken at the space nearest the middle. */
		size_t n = strlen(c->title), i, cut = 0;
		char *first;
		for (i = 1; i + 1 < n; i++)
			if (c->title[i] == ' ' && (cut == 0 ||
			    (i > n / 2 ? i - n / 2 : n / 2 - i) <
			    (cut > n / 2 ? cut - n / 2 : n / 2 - cut)))
				cut = i;
		if (cut > 0) {
			first = xstrndup(c->title, cut);
			ts_pb_puts(b, "set title ");
			ts_pb_quote(b, first);
			ts_pb_puts(b, " . \"\\n\" . ");
			ts_pb_quote(b, c->title + cut + 1);
			ts_pb_puts(b, " font ',11'\n");
			free(first);
		} else {
			ts_pb_puts(b, "set title ");
			ts_pb_quote(b, c->title);
			ts_pb_puts(b, " font ',11'\n");
		}
	} else if (c->title && *c->title) {
		ts_pb_puts(b, "set title ");
		ts_pb_quote(b, c->title);
		ts_pb_puts(b, term == TS_TERM_DUMB ? "\n" : NARROW(term, w) ?
		    " font ',11'\n" : " font ',13'\n");
	}
	ts_pb_puts(b, "set border 3\nset tics nomirror out\n");
	if (term == TS_TERM_DUMB)
		ts_pb_puts(b, "set xtics scale 0\n");
	if (term != TS_TERM_DUMB)
		ts_pb_puts(b, "set border lc rgb '#555555'\n"
		    "set tics textcolor rgb '#333333'\n");
	/* Gaps in the data (NaN) break the line instead of joining across. */
	ts_pb_puts(b, "set datafile missing 'NaN'\n");
}

static void
linetypes(ts_pbuf *b, const ts_chart *c, int term, int dashed)
{
	size_t s;

	for (s = 0; s < c->ns; s++) {
		int others = c->s[s].flags & (TS_CHART_OTHERS_FLAG |
		    TS_CHART_MUTED_FLAG);
		ts_pb_printf(b, "set linetype %zu lc rgb '%s' lw %s pt %d ps 0.9 "
		    "dt %d\n", s + 1,
		    others ? OTHERS_COLOR : palette[s % NPALETTE],
		    term == TS_TERM_DUMB ? "1" : "2",
		    points[s % NPALETTE],
		    !dashed ? 1 : others ? 2 : (int)(s / NPALETTE) % 4 + 1);
	}
}

static void
axis_labels(ts_pbuf *b, const ts_chart *c, int swap)
{
	const char *xl = swap ? c->ylabel : c->xlabel;
	const char *yl = swap ? c->xlabel : c->ylabel;

	if (xl && *xl) {
		ts_pb_puts(b, "set xlabel ");
		ts_pb_quote(b, xl);
		ts_pb_puts(b, "\n");
	}
	if (yl && *yl) {
		ts_pb_puts(b, "set ylabel ");
		ts_pb_quote(b, yl);
		ts_pb_puts(b, "\n");
	}
}

static void
key(ts_pbuf *b, int term, int invert, int w)
{
	if (NARROW(term, w))
		ts_pb_puts(b, "set key outside below vertical Left reverse "
		    "samplen 2.5 spacing 1.2 maxcols 1\n");
	else if (term == TS_TERM_DUMB)
		ts_pb_puts(b, "set key outside below horizontal Left reverse "
		    "samplen 2\n");
	else
		ts_pb_puts(b, "set key outside right top vertical Left reverse "
		    "samplen 2.5 spacing 1.3 width 1\n");
	if (invert)
		ts_pb_puts(b, "set key invert\n");
}

static void
script_lines(ts_pbuf *b, const ts_chart *c, int term, int w)
{
	size_t s, i;
	int points_on = c->nx <= 24 && term != TS_TERM_DUMB;

	linetypes(b, c, term, 1);
	axis_labels(b, c, 0);
	key(b, term, 0, w);
	if (term != TS_TERM_DUMB)
		ts_pb_puts(b, "set grid ytics lt 1 lc rgb '#e5e5e5'\nset grid back\n");
	value_ticks(b, c, "y", max_value(c), 0);
	if (c->nx == 1)
		ts_pb_puts(b, "set xrange [-1:1]\n");
	else
		ts_pb_printf(b, "set xrange [-0.25:%zu.25]\n", c->nx - 1);
	category_ticks(b, c, term, w);
	ts_pb_puts(b, "$data << EOD\n");
	for (i = 0; i < c->nx; i++) {
		ts_pb_printf(b, "%zu", i);
		for (s = 0; s < c->ns; s++) {
			ts_pb_puts(b, " ");
			ts_pb_num(b, c->s[s].v[i]);
		}
		ts_pb_puts(b, "\n");
	}
	ts_pb_puts(b, "EOD\n");
	if (c->ns == 0) {
		ts_pb_puts(b, "unset key\nplot NaN notitle\n");
		return;
	}
	/*
	 * An unknown value is a gap in its line: declared "missing",
	 * gnuplot would join its neighbours across it; as an undefined
	 * value (NaN read as a number) it breaks the line there.
	 */
	if (has_unknown(c))
		ts_pb_puts(b, "unset datafile missing\n");
	ts_pb_puts(b, "plot");
	for (s = 0; s < c->ns; s++) {
		ts_pb_printf(b, "%s $data using 1:%zu with %s lt %zu title ",
		    s ? ", \\\n    " : "", s + 2,
		    points_on ? "linespoints" : "lines", s + 1);
		ts_pb_quote(b, c->s[s].name);
	}
	ts_pb_puts(b, "\n");
}

static void
script_share(ts_pbuf *b, const ts_chart *c, int term, int w)
{
	size_t s, i, nlabels = 0;
	const char *pct = c->lang == TS_LANG_EN ? "" : " ";

	linetypes(b, c, term, 0);
	axis_labels(b, c, 0);
	key(b, term, term != TS_TERM_DUMB, w);
	ts_pb_puts(b, "set style data histograms\n"
	    "set style histogram rowstacked\n"
	    "set boxwidth 0.7 relative\n");
	if (term == TS_TERM_DUMB)
		ts_pb_puts(b, "set style fill solid 1.0 border\n");
	else
		ts_pb_puts(b, "set style fill solid 1.0 border lc rgb 'white'\n");
	ts_pb_puts(b, "set yrange [0:100]\nset ytics (");
	for (i = 0; i <= 100; i += 20)
		ts_pb_printf(b, "%s'%zu%s%%%%' %zu", i ? ", " : "", i, pct, i);
	ts_pb_puts(b, ")\n");
	ts_pb_printf(b, "set xrange [-0.6:%zu.6]\n", c->nx - 1);
	category_ticks(b, c, term, w);
	ts_pb_puts(b, "$data << EOD\n");
	for (i = 0; i < c->nx; i++) {
		double tot = 0;
		for (s = 0; s < c->ns; s++)
			if (!isnan(c->s[s].v[i]))
				tot += c->s[s].v[i];
		ts_pb_printf(b, "%zu", i);
		for (s = 0; s < c->ns; s++) {
			double v = c->s[s].v[i];
			ts_pb_puts(b, " ");
			ts_pb_printf(b, "%.4f", tot > 0 && !isnan(v) ?
			    100 * v / tot : 0.0);
		}
		ts_pb_puts(b, "\n");
	}
	ts_pb_puts(b, "EOD\n");
	if (term != TS_TERM_DUMB) {
		/* Percentages inside the segments tall enough to hold one. */
		ts_pb_puts(b, "$labels << EOD\n");
		for (i = 0; i < c->nx; i++) {
			double tot = 0, cum = 0;
			for (s = 0; s < c->ns; s++)
				if (!isnan(c->s[s].v[i]))
					tot += c->s[s].v[i];
			for (s = 0; s < c->ns; s++) {
				double v = c->s[s].v[i], p;
				if (isnan(v) || tot <= 0)
					continue;
				p = 100 * v / tot;
				if (p >= 6 && c->nx <= 16) {
					ts_pb_printf(b, "%zu %.4f %.0f\n", i,
					    cum + p / 2, p);
					nlabels++;
				}
				cum += p;
			}
		}
		ts_pb_puts(b, "EOD\n");
	}
	if (c->ns == 0) {
		ts_pb_puts(b, "unset key\nplot NaN notitle\n");
		return;
	}
	ts_pb_puts(b, "plot");
	for (s = 0; s < c->ns; s++) {
		ts_pb_printf(b, "%s $data using %zu lt %zu ",
		    s ? ", \\\n    " : "", s + 2, s + 1);
		if (term == TS_TERM_DUMB) {
			ts_pb_puts(b, "notitle");
		} else {
			ts_pb_puts(b, "title ");
			ts_pb_quote(b, c->s[s].name);
		}
	}
	if (term == TS_TERM_DUMB) {
		/*
		 * The text terminal cannot draw a filled box in the key, so
		 * the key shows each series as an (empty) line drawn with the
		 * character that outlines its segments.
		 */
		for (s = 0; s < c->ns; s++) {
			ts_pb_printf(b, ", \\\n    NaN with lines lt %zu title ", s + 1);
			ts_pb_quote(b, c->s[s].name);
		}
	} else if (nlabels > 0) {
		ts_pb_printf(b, ", \\\n    $labels using 1:2:(sprintf('%%.0f%s', "
		    "$3)) with labels textcolor rgb '#ffffff' font ',9' "
		    "notitle", c->lang == TS_LANG_EN ? "%%" : " %%");
	}
	ts_pb_puts(b, "\n");
}

static void
script_bars(ts_pbuf *b, const ts_chart *c, int term, int w)
{
	size_t i, n = c->nx;
	double top, max = max_value(c);
	char lab[48];

	axis_labels(b, c, 1);
	ts_pb_puts(b, "unset key\n");
	if (term != TS_TERM_DUMB)
		ts_pb_puts(b, "set grid xtics lt 1 lc rgb '#e5e5e5'\nset grid back\n");
	/* Room right of the longest bar for its value. */
	{
		/* A text chart's value axis is what the bar labels leave. */
		size_t longest = 0, i2;
		for (i2 = 0; i2 < n; i2++)
			if (strlen(c->x[i2]) > longest)
				longest = strlen(c->x[i2]);
		top = value_ticks(b, c, "x", max * 1.12, term == TS_TERM_DUMB &&
		    (size_t)w > longest + 8 ? (size_t)w - longest - 8 : 0);
	}
	(void)top;
	ts_pb_printf(b, "set yrange [%s:%zu.%s]\n", term == TS_TERM_DUMB ?
	    "-0.5" : "-0.6", n ? n - 1 : 0, term == TS_TERM_DUMB ? "5" : "6");
	ts_pb_puts(b, "set ytics scale 0 (");
	for (i = 0; i < n; i++) {
		if (i > 0)
			ts_pb_puts(b, ", ");
		ts_pb_quote_tic(b, c->x[i]);
		ts_pb_printf(b, " %zu", n - 1 - i);
	}
	ts_pb_puts(b, ")\n");
	if (term != TS_TERM_DUMB)
		ts_pb_puts(b, "set style fill solid 1.0 noborder\n");
	for (i = 0; i < n; i++) {
		double v = c->ns ? c->s[0].v[i] : NAN;
		if (isnan(v))
			continue;
		ts_plot_fmt_int(lab, v, c->lang);
		ts_pb_printf(b, "set label %zu ", i + 1);
		ts_pb_quote(b, lab);
		ts_pb_puts(b, " at first ");
		ts_pb_num(b, v);
		ts_pb_printf(b, ", first %zu left offset character %s,0 "
		    "front\n", n - 1 - i, term == TS_TERM_DUMB ? "2" : "0.6");
	}
	ts_pb_puts(b, "$data << EOD\n");
	for (i = 0; i < n; i++) {
		double v = c->ns ? c->s[0].v[i] : NAN;
		int others = c->ns && (c->s[0].flags & TS_CHART_OTHERS_FLAG) &&
		    i == n - 1;
		if (term == TS_TERM_DUMB) {
			/* A line from 0 to the value: one row of '#' per bar. */
			ts_pb_printf(b, "%s0 %zu\n", i ? "\n" : "", n - 1 - i);
			ts_pb_num(b, v);
			ts_pb_printf(b, " %zu\n", n - 1 - i);
			continue;
		}
		ts_pb_printf(b, "%zu ", n - 1 - i);
		ts_pb_num(b, v);
		ts_pb_printf(b, " %ld\n", strtol((others ? OTHERS_COLOR :
		    palette[0]) + 1, NULL, 16));
	}
	ts_pb_puts(b, "EOD\n");
	if (term == TS_TERM_DUMB)
		ts_pb_puts(b, "plot $data using 1:2 with lines lt 2 notitle\n");
	else
		ts_pb_puts(b, "plot $data using ($2/2):1:($2/2):(0.36):3 with "
		    "boxxyerror lc rgb variable notitle\n");
}

char *
ts_plot_script(const ts_chart *c, int term, int width, int height,
    size_t *len)
{
	ts_pbuf b = { 0 };

	if (width <= 0)
		width = term == TS_TERM_DUMB ? TS_PLOT_DUMB_WIDTH : TS_PLOT_WIDTH;
	/*
	 * A text chart of bars needs eight rows for the title, the axis and
	 * its labels, and a whole number of rows per bar, or the blank rows
	 * between bars fall unevenly: two per bar (bar and space) while that
	 * fits on a screen, else one. A given height is raised to one row
	 * per bar, or bars would share rows and vanish.
	 */
	if (height <= 0 && term == TS_TERM_DUMB && c->kind == TS_CHART_BARS)
		height = (int)(c->nx <= 12 ? 2 * c->nx + 7 : c->nx + 8);
	if (height <= 0)
		height = term == TS_TERM_DUMB ? TS_PLOT_DUMB_HEIGHT :
		    TS_PLOT_HEIGHT;
	if (term == TS_TERM_DUMB && c->kind == TS_CHART_BARS &&
	    (size_t)height < c->nx + 8)
		height = (int)(c->nx + 8);
	header(&b, c, term, width, height);
	if (c->nx == 0) {
		ts_pb_puts(&b, "unset key\nset xrange [0:1]\nset yrange [0:1]\n"
		    "plot NaN notitle\n");
	} else if (c->kind == TS_CHART_BARS) {
		script_bars(&b, c, term, width);
	} else if (c->kind == TS_CHART_SHARE) {
		script_share(&b, c, term, width);
	} else {
		script_lines(&b, c, term, width);
	}
	if (len)
		*len = b.n;
	return b.p;
}

