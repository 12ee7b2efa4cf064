/*
 * plot_run.c - telestat-plot(1) over its inputs: reading them into
 * ts_plot_data, choosing the chart, the notes on what it leaves out, and
 * the output.
 */
#include "plot.h"

#include <stdlib.h>
#include <string.h>

#include "regions.h"
#include "taxonomy.h"
#include "util.h"

/* What the inputs held, for choosing the chart. */
struct plot_seen {
	int any_file;           /* an input with a header was read */
	int any_time;           /* a year, month or date column */
	int used_category;      /* series by category, the default */
	ts_plot_stats st;
};

static int
has_time(const ts_reader *r)
{
	return ts_reader_find(r, "year") >= 0 ||
	    ts_reader_find(r, "month") >= 0 || ts_reader_find(r, "date") >= 0;
}

/*
 * Reads one input into DATA. Returns its status, or -1 after the
 * missing-column message.
 */
static int
load_input(ts_plot_data *data, const char *path,
    const struct ts_plot_run_opts *o, ts_plot_input *in,
    struct plot_seen *seen)
{
	ts_reader *r;
	int rc;

	if ((r = ts_reader_open_input(path, &rc)) == NULL)
		return rc;
	ts_reader_progress(r, o->progress);
	if (!seen->any_file) {
		/* Keep distinct counts only where this chart needs them. */
		ts_plot_data_count_levels(data, o->bars != NULL ||
		    (!o->stacked && o->x == TS_X_AUTO && !has_time(r)) ?
		    TS_CHART_BARS : TS_CHART_LINES, o->x);
	}
	seen->any_file = 1;
	/* One series per category unless told otherwise. */
	in->by = o->by;
	if (o->by == NULL && ts_reader_find(r, "category") >= 0)
		in->by = "category";
	if (in->by != NULL && strcmp(in->by, "category") == 0)
		seen->used_category = 1;
	if (has_time(r))
		seen->any_time = 1;
	rc = ts_plot_load(data, r, in, &seen->st);
	ts_reader_free(r);
	return rc;
}

/* The chart's options, from the command's and what the inputs held. */
static void
chart_opts(ts_plot_opts *c, const struct ts_plot_run_opts *o,
    const struct plot_seen *seen)
{
	*c = o->chart;
	c->by = o->by != NULL ? o->by : seen->used_category ? "category" :
	    NULL;
	c->x = o->x;
	if (o->bars != NULL)
		c->kind = TS_CHART_BARS;
	else if (o->stacked)
		c->kind = TS_CHART_SHARE;
	else if (o->x == TS_X_AUTO && !seen->any_time)
		c->kind = TS_CHART_BARS;  /* nothing to draw over time */
	else
		c->kind = TS_CHART_LINES;
	c->top = o->top >= 0 ? (size_t)o->top : c->kind == TS_CHART_BARS ?
	    TS_PLOT_TOP_BARS : TS_PLOT_TOP;
}

/* What the chart leaves out, said on stderr. */
static void
warn_notes(const ts_plot_notes *notes, const ts_plot_data *data,
    const ts_plot_opts *c)
{
	if (notes->left_out_rows > 0) {
		char v[32];
		ts_plot_fmt_int(v, notes->left_out, TS_LANG_EN);
		ts_warn("%llu rows with no %s are not on the chart (%s %s)",
		    (unsigned long long)notes->left_out_rows,
		    c->x == TS_X_MONTH ||
		    (c->x == TS_X_AUTO && !ts_plot_data_has_year(data)) ?
		    "month" : "year", c->metric, v);
	}
	if (notes->dropped_series > 0)
		ts_warn("%zu smaller series not drawn: distinct %s cannot be "
		    "added into \"others\" (use --top 0 to draw them all)",
		    notes->dropped_series, c->metric);
}

/*
 * The chart drawn (or its script) and written; RVAL is the inputs'
 * status. Returns the run's.
 */
static int
draw(const ts_chart *chart, const struct ts_plot_run_opts *o, int rval)
{
	char *img = NULL, *err = NULL;
	size_t len = 0;
	int rc;

	if (o->script) {
		img = ts_plot_script(chart, o->term, o->width, o->height, &len);
	} else {
		rc = ts_plot_render(chart, o->term, o->width, o->height, &img,
		    &len, &err);
		ts_warn_lines(err);
		free(err);
		if (rc != 0)
			return rc;
	}
	/* Only now is the output opened: a failed run leaves no file. */
	rval = ts_out_file(o->output, img, len, rval);
	free(img);
	return rval;
}

/* Builds the chart of DATA and draws it; returns the run's status. */
static int
chart_and_draw(ts_plot_data *data, const struct ts_plot_run_opts *o,
    const struct plot_seen *seen, const ts_plot_input *pin,
    const ts_spec_labels *spec_labels, int rval)
{
	ts_regiondb *regions = NULL;
	ts_plot_notes notes;
	ts_plot_opts c;
	ts_chart *chart;
	char *err = NULL;
	ts_error e;

	/* One region level, as in telestat report: PE-LMA within PE-LIM
	 * unless every source reports it apart. */
	if (ts_plot_data_fold_regions(data, &err, &e) < 0)
		return ts_error_warn(&e);
	if (err != NULL) {
		ts_warn("%s", err);
		free(err);
		err = NULL;
	}
	chart_opts(&c, o, seen);
	if (c.by != NULL && strcmp(c.by, "category") == 0)
		c.taxonomy = pin->tax;
	c.spellings = pin->spellings;
	c.spec_labels = spec_labels;
	if (o->map)
		c.top = 0;      /* every region, by code */
	else if (c.by != NULL && strcmp(c.by, "region") == 0 &&
	    (c.regions = regions = ts_regiondb_load()) == NULL)
		return TS_EXIT_IO;      /* said by ts_regiondb_load */
	chart = ts_plot_chart(data, &c, &notes, &err);
	if (chart == NULL) {
		ts_warn_lines(err);
		free(err);
		ts_regiondb_free(regions);
		return TS_EXIT_DATA;
	}
	warn_notes(&notes, data, &c);
	rval = o->map ? ts_plot_map_write(chart, data, o, rval) :
	    draw(chart, o, rval);
	ts_chart_free(chart);
	ts_regiondb_free(regions);
	return rval;
}

int
ts_plot_run(const struct ts_plot_run_opts *o, const struct ts_inputs *in)
{
	struct plot_seen seen = { 0, 0, 0, { 0, 0, 0, 0 } };
	ts_plot_data *data;
	ts_taxonomy *tax;
	ts_plot_input pin;
	ts_spec_labels *spec_labels = NULL;
	int rval = TS_EXIT_OK, rc;
	ts_error e;
	size_t i;

	if ((tax = ts_taxonomy_load(NULL, &e)) == NULL)
		return ts_error_warn(&e);
	data = ts_plot_data_new();
	memset(&pin, 0, sizeof(pin));
	pin.metric = o->chart.metric;
	pin.need_x = o->x;
	/* Actions as the report counts them, unless told otherwise. */
	pin.keep_unclassified = o->keep_unclassified;
	pin.tax = tax;
	/* Specialties as the report merges and names them. */
	if (o->by != NULL && strcmp(o->by, "specialty") == 0) {
		if ((spec_labels = ts_spec_labels_load(o->specialty_labels,
		    &e)) == NULL) {
			ts_warn("%s", e.msg);
			ts_plot_data_free(data);
			ts_taxonomy_free(tax);
			return e.status;
		}
		pin.spellings = ts_spellings_new();
	}
	for (i = 0; i < in->n; i++) {
		rc = load_input(data, in->paths[i], o, &pin, &seen);
		if (rc < 0) {
			rval = TS_EXIT_MISSING_COLUMN;
			goto done;
		}
		if (rc > rval)
			rval = rc;
	}
	/* The chart may go to the terminal: not after the line. */
	ts_progress_clear(o->progress);
	if (!seen.any_file)
		goto done;
	if (seen.st.rejected > 0)
		ts_warn("%llu of %llu rows rejected",
		    (unsigned long long)seen.st.rejected,
		    (unsigned long long)seen.st.rows);
	if (seen.st.left_out > 0)
		ts_warn("%llu of %llu rows are not telehealth actions "
		    "(unclassified) and are not drawn, as in telestat report "
		    "(--unclassified draws them)",
		    (unsigned long long)seen.st.left_out,
		    (unsigned long long)seen.st.rows);
	if (seen.st.unknown > 0)
		ts_warn("%llu of %llu rows give no %s (unknown, not 0): a point "
		    "or bar only they make is left out of the chart",
		    (unsigned long long)seen.st.unknown,
		    (unsigned long long)seen.st.rows, pin.metric);
	rval = chart_and_draw(data, o, &seen, &pin, spec_labels, rval);
done:
	ts_plot_data_free(data);
	ts_taxonomy_free(tax);
	ts_spellings_free(pin.spellings);
	ts_spec_labels_free(spec_labels);
	return rval;
}
