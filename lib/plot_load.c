/* plot_load.c - records or an aggregate table into chart data; see plot.h. */
#include "plot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot_int.h"
#include "records.h"
#include "table.h"
#include "util.h"
#include "values.h"

enum metric_mode {
	M_SUM,          /* add the column; empty adds 0 */
	M_COUNT,        /* add the column; empty or absent adds 1 */
	M_SESSIONS,     /* the sessions a record stands for */
	M_ROWS,         /* 1 per row */
	M_DISTINCT      /* distinct values of the column */
};

static void
reject(ts_reader *r, const char *col, const char *why, ts_str v)
{
	int n = v.n > 60 ? 60 : (int)v.n;

	ts_warn("%s:%llu: column %s: %s \"%.*s%s\"", ts_reader_name(r),
	    (unsigned long long)ts_reader_line(r), col, why, n, v.p,
	    v.n > 60 ? "..." : "");
}

static int
missing_column(ts_reader *r, const char *cols, const char *what)
{
	char *msg = ts_reader_missing(r, cols, what);

	ts_warn("%s", msg);
	free(msg);
	return -1;
}

/* The unescaped bytes of S, using *BUF as room when needed. */
static ts_str
plain(ts_str s, char **buf, size_t *cap)
{
	ts_str o;

	if (!ts_has_escape(s))
		return s;
	if (*cap < s.n + 1) {
		*cap = s.n + 64;
		*buf = xrealloc(*buf, *cap);
	}
	o.n = ts_unescape(s, *buf);
	o.p = *buf;
	return o;
}

/*
 * Whether a record of category CAT is a telehealth action, as the
 * report counts them: a classified record whose kind, by the one rule
 * ts_patient_kind (the taxonomy's, else classify's with_patient WP), is
 * with or without a patient.
 */
static int
is_action(const ts_taxonomy *tax, ts_str cat, ts_str wp)
{
	int kind;

	if (cat.n == 0 || ts_str_eq(cat, "unclassified"))
		return 0;
	kind = ts_patient_kind(tax, cat, wp);
	return kind == TS_WP_YES || kind == TS_WP_NO;
}

int
ts_plot_load(ts_plot_data *d, ts_reader *r, const ts_plot_input *in,
    ts_plot_stats *st)
{
	const char *metric = in->metric ? in->metric : "count";
	const char *mcol = metric;
	int c_metric, c_by = -1, c_year, c_month, c_date, mode, rc;
	int c_cat = in->keep_unclassified ? -1 : ts_reader_find(r, "category");
	int c_wp = ts_reader_find(r, "with_patient");
	int c_kind = ts_reader_find(r, "category"), c_sess = -1, c_acts = -1;
	int c_src = -1, levels = in->by != NULL && strcmp(in->by, "region") == 0;
	int status = TS_EXIT_OK;
	/* An empty attendees cell is unknown, not 0 (telestat-records(5)). */
	int empty_unknown = strcmp(metric, "attendees") == 0;
	char *sbufp = NULL, *ibufp = NULL;
	size_t scap = 0, icap = 0;
	uint64_t total = 0;
	ts_str *f, none = { "", 0 };

	/* A wide table's cells are no records: its rows would count 1. */
	if (ts_table_refuse_wide(r, "plot") != 0)
		return TS_EXIT_MISSING_COLUMN;
	c_metric = ts_reader_find(r, metric);
	if (strcmp(metric, "count") == 0) {
		/* Actions as the report counts them: sessions, when given,
		 * for activities without a patient. */
		mode = M_COUNT;
		c_sess = ts_reader_find(r, "sessions");
	} else if (strcmp(metric, "records") == 0) {
		mode = c_metric >= 0 ? M_SUM : M_ROWS;
	} else if (strcmp(metric, "patients") == 0 && c_metric < 0) {
		mcol = "patient";
		if ((c_metric = ts_reader_find(r, mcol)) < 0)
			return missing_column(r, "\"patients\" (table) or "
			    "\"patient\" (records)", "-m patients");
		mode = M_DISTINCT;
	} else {
		if (c_metric < 0) {
			char *w = xasprintf("-m %s", metric);
			rc = missing_column(r, metric, w);
			free(w);
			return rc;
		}
		mode = M_SUM;
		if (strcmp(metric, "patients") == 0)
			ts_plot_data_set_distinct(d);
		if (strcmp(metric, "sessions") == 0) {
			mode = M_SESSIONS;
			c_acts = ts_reader_find(r, "count");
		}
	}
	if (in->by != NULL && (c_by = ts_reader_find(r, in->by)) < 0)
		return missing_column(r, in->by, "--by");
	if (levels)
		c_src = ts_reader_find(r, "source");
	c_year = ts_reader_find(r, "year");
	c_month = ts_reader_find(r, "month");
	c_date = ts_reader_find(r, "date");
	if (in->need_x == TS_X_YEAR && c_year < 0 && c_date < 0)
		return missing_column(r, "\"year\" or \"date\"",
		    "a chart over years");
	if (in->need_x == TS_X_MONTH && c_month < 0 && c_date < 0)
		return missing_column(r, "\"month\" or \"date\"",
		    "a chart over months");

	while ((rc = ts_reader_next(r, &f)) != TS_ROW_EOF) {
		int year, month, field, vc = c_metric;
		uint64_t u = 1;
		const char *why;
		ts_date when;
		ts_str series = { "", 0 };

		if (rc == TS_ROW_FAIL) {
			free(sbufp);
			free(ibufp);
			return TS_EXIT_IO;
		}
		st->rows++;
		if (rc == TS_ROW_BAD) {
			ts_reader_warn(r, ts_reader_error(r));
			st->rejected++;
			status = TS_EXIT_DATA;
			continue;
		}
		if (ts_when_read(c_date >= 0 ? f[c_date] : none,
		    c_year >= 0 ? f[c_year] : none,
		    c_month >= 0 ? f[c_month] : none, &when, &field, &why) != 0) {
			int c = field == TS_WHEN_DATE ? c_date :
			    field == TS_WHEN_YEAR ? c_year : c_month;
			reject(r, ts_when_column(field), why, f[c]);
			goto bad;
		}
		year = when.y;
		month = when.m;
		if (c_cat >= 0 && !is_action(in->tax, f[c_cat],
		    c_wp >= 0 ? f[c_wp] : none)) {
			st->left_out++;
			continue;
		}
		if (c_by >= 0 && in->spellings != NULL && f[c_by].n > 0)
			series = ts_spellings_add(in->spellings, f[c_by]);
		else if (c_by >= 0)
			series = plain(f[c_by], &sbufp, &scap);
		/* Which sources report which regions: the region level. */
		if (levels)
			ts_plot_data_source_region(d, c_src >= 0 ? f[c_src] : none,
			    series);
		switch (mode) {
		case M_SESSIONS:
			/*
			 * ts_record_sessions: a row that gives none, of an
			 * activity without a patient, stands for one session
			 * per act (an empty or absent count is 1 act).
			 */
			if (f[vc].n == 0 && ts_without_patient(in->tax,
			    c_kind >= 0 ? f[c_kind] : none,
			    c_wp >= 0 ? f[c_wp] : none)) {
				vc = c_acts;
				if (vc < 0 || f[vc].n == 0)
					goto add;
			}
			goto sum;
		case M_COUNT:
			/*
			 * An activity without a patient stands for its
			 * sessions (ts_record_sessions): the field when
			 * given, else its count. A table's sessions went
			 * through the same rule, so its 0 means 0.
			 */
			if (c_sess >= 0 && f[c_sess].n > 0 &&
			    ts_without_patient(in->tax,
			    c_kind >= 0 ? f[c_kind] : none,
			    c_wp >= 0 ? f[c_wp] : none))
				vc = c_sess;
			if (vc < 0 || f[vc].n == 0)
				goto add;
			/* FALLTHROUGH */
		case M_SUM:
		sum:
			if (f[vc].n == 0 && empty_unknown) {
				ts_plot_data_add(d, year, month, series.p,
				    series.n, NAN);
				st->unknown++;
				continue;
			} else if (f[vc].n == 0) {
				u = 0;
			} else if ((why = ts_count_parse(f[vc], &u)) != NULL) {
				reject(r, vc == c_sess ? "sessions" :
				    vc == c_acts ? "count" : mcol, why,
				    f[vc]);
				goto bad;
			}
			/* FALLTHROUGH */
		case M_ROWS:
		add:
			/*
			 * Every figure a chart draws (a cell, a series, a
			 * total, "others") is a part of the grand total, so
			 * checking that one sum checks them all: the 1 of an
			 * empty or absent count, or of a row, too.
			 */
			if (ts_count_add(&total, u) != 0) {
				reject(r, vc >= 0 && vc == c_sess ? "sessions" :
				    vc >= 0 && vc == c_acts ? "count" : mcol,
				    TS_COUNT_OVERFLOW, vc >= 0 ? f[vc] : none);
				goto bad;
			}
			break;
		case M_DISTINCT:
			if (f[c_metric].n > 0) {
				ts_str item = plain(f[c_metric], &ibufp, &icap);
				ts_plot_data_add_distinct(d, year, month,
				    series.p, series.n, item.p, item.n);
			} else {
				/* An unknown patient is no one to count. */
				ts_plot_data_add(d, year, month, series.p,
				    series.n, 0);
			}
			continue;
		}
		ts_plot_data_add(d, year, month, series.p, series.n, (double)u);
		continue;
bad:
		st->rejected++;
		status = TS_EXIT_DATA;
	}
	free(sbufp);
	free(ibufp);
	return status;
}

