/*
 * table.c - long tables with labels and wide tables (table.h).
 */
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "util.h"
#include "values.h"

#define TOTAL_ROW "Total"

static int
key_index(const ts_agg_spec *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nkeys; i++)
		if (strcmp(s->keys[i], name) == 0)
			return (int)i;
	return -1;
}

int
ts_table_opts_check(const ts_agg_spec *s, const ts_table_opts *t,
    ts_error *e)
{
	if (t->totals && t->wide == NULL)
		return ts_error_set(e, TS_EXIT_USAGE, "--totals needs --wide KEY");
	if (t->wide == NULL)
		return 0;
	if (key_index(s, t->wide) < 0) {
		char keys[sizeof(e->msg)];
		size_t i, n = 0;

		keys[0] = '\0';
		for (i = 0; i < s->nkeys && n < sizeof(keys); i++)
			n += (size_t)snprintf(keys + n, sizeof(keys) - n, "%s%s",
			    i ? "," : " ", s->keys[i]);
		return ts_error_set(e, TS_EXIT_USAGE, "--wide %s: not a key of "
		    "the table (keys:%s%s)", t->wide, keys,
		    s->nkeys ? "" : " none");
	}
	if (s->nmetrics != 1)
		return ts_error_set(e, TS_EXIT_USAGE, "--wide spreads one metric "
		    "over the columns; -m names %zu", s->nmetrics);
	if (t->totals && s->metrics[0] == TS_METRIC_PATIENTS)
		return ts_error_set(e, TS_EXIT_USAGE, "--totals: distinct patients "
		    "do not add up across cells; totals need count, sessions, "
		    "attendees or records");
	return 0;
}

/* A growing NUL-terminated buffer for unescaped fields. */
struct text {
	char *p;
	size_t cap;
};

static const char *
unescaped(struct text *b, ts_str f)
{
	if (f.n + 1 > b->cap) {
		b->cap = f.n + 1;
		b->p = xrealloc(b->p, b->cap);
	}
	b->p[ts_unescape(f, b->p)] = '\0';
	return b->p;
}

/* State of one line being written: a TAB goes before every cell but the first. */
struct line {
	ts_out *o;
	int cells;
};

static void
sep(struct line *l)
{
	if (l->cells++ > 0)
		ts_out_putc(l->o, '\t');
}

/* The header cells of the keys (all but SKIP) and their label columns. */
static void
header_keys(const ts_agg_spec *s, const ts_table_opts *t, struct line *l,
    int skip)
{
	size_t i;

	for (i = 0; i < s->nkeys; i++) {
		const char *lab;

		if ((int)i == skip)
			continue;
		sep(l);
		ts_out_field_str(l->o, s->keys[i]);
		if (t->labels && (lab = ts_labels_column(s->keys[i])) != NULL) {
			sep(l);
			ts_out_field_str(l->o, lab);
		}
	}
}

/* The key cells of group G (all but SKIP), each followed by its label. */
static void
row_keys(ts_agg *a, const ts_table_opts *t, struct line *l, uint32_t g,
    int skip, struct text *v, struct text *c)
{
	const ts_agg_spec *s = ts_agg_get_spec(a);
	int cat = key_index(s, "category");
	size_t i;

	for (i = 0; i < s->nkeys; i++) {
		ts_str k;

		if ((int)i == skip)
			continue;
		k = ts_agg_key(a, g, i);
		sep(l);
		ts_out_write(l->o, k.p, k.n);
		if (t->labels && ts_labels_column(s->keys[i]) != NULL) {
			const char *ctx = cat >= 0 && cat != skip ?
			    unescaped(c, ts_agg_key(a, g, (size_t)cat)) : NULL;
			sep(l);
			ts_out_field_str(l->o, ts_labels_get(t->labels,
			    s->keys[i], unescaped(v, k), ctx));
		}
	}
}

static void
write_long(ts_agg *a, const ts_table_opts *t, ts_out *o)
{
	const ts_agg_spec *s = ts_agg_get_spec(a);
	struct text v = { 0 }, c = { 0 };
	struct line l = { o, 0 };
	const uint32_t *g;
	size_t i, j, n;

	ts_agg_settle(a);
	g = ts_agg_sorted(a);
	n = ts_agg_ngroups(a);
	header_keys(s, t, &l, -1);
	for (j = 0; j < s->nmetrics; j++) {
		sep(&l);
		ts_out_puts(o, ts_metric_name(s->metrics[j]));
	}
	ts_out_putc(o, '\n');
	for (i = 0; i < n; i++) {
		l.cells = 0;
		row_keys(a, t, &l, g[i], -1, &v, &c);
		for (j = 0; j < s->nmetrics; j++) {
			sep(&l);
			ts_agg_write_value(a, o, g[i], s->metrics[j]);
		}
		ts_out_putc(o, '\n');
	}
	free(v.p);
	free(c.p);
}

/*
 * The wide shape.
 */

struct keyed {
	ts_str key;
	uint32_t id;
	uint64_t num;     /* the value as a number, when columns are numeric */
};

/*
 * Joined keys field by field, in C collation (as aggregate sorts): at
 * the first differing byte, a TAB ends a field that is a prefix of the
 * other, so it comes first.
 */
static int
cmp_joined(const void *x, const void *y)
{
	ts_str a = ((const struct keyed *)x)->key;
	ts_str b = ((const struct keyed *)y)->key;
	size_t n = a.n < b.n ? a.n : b.n, i;
	int p, q;

	for (i = 0; i < n; i++) {
		if (a.p[i] == b.p[i])
			continue;
		p = a.p[i] == '\t' ? -1 : (unsigned char)a.p[i];
		q = b.p[i] == '\t' ? -1 : (unsigned char)b.p[i];
		return p < q ? -1 : 1;
	}
	return a.n < b.n ? -1 : a.n > b.n;
}

static int
cmp_number(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;

	if (a->num != b->num)
		return a->num < b->num ? -1 : 1;
	return cmp_joined(x, y);
}

/* A value of at most 18 digits, so that it fits a uint64_t. */
static int
is_number(ts_str s, uint64_t *v)
{
	size_t i;

	if (s.n == 0 || s.n > 18)
		return 0;
	*v = 0;
	for (i = 0; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return 0;
		*v = *v * 10 + (uint64_t)(s.p[i] - '0');
	}
	return 1;
}

struct wide {
	int w, metric;
	size_t ngroups, nrows, ncols;
	ts_map *cols, *rows;      /* escaped value / joined row keys -> id */
	uint32_t *gcol, *grow;    /* by group */
	uint32_t *colpos;         /* column id -> position */
	struct keyed *colorder;   /* by position */
	struct keyed *roworder;   /* rows in key order */
	uint32_t *start, *bucket; /* groups of each row id */
};

static void
wide_free(struct wide *w)
{
	ts_map_free(w->cols);
	ts_map_free(w->rows);
	free(w->gcol);
	free(w->grow);
	free(w->colpos);
	free(w->colorder);
	free(w->roworder);
	free(w->start);
	free(w->bucket);
}

/* Finds every row and column; -1 after a message when too many columns. */
static int
wide_index(ts_agg *a, struct wide *w)
{
	const ts_agg_spec *s = ts_agg_get_spec(a);
	struct text j = { 0 };
	size_t g, i, jn, nf, numeric = 1;

	w->cols = ts_map_new();
	w->rows = ts_map_new();
	w->gcol = xreallocarray(NULL, w->ngroups + 1, sizeof(uint32_t));
	w->grow = xreallocarray(NULL, w->ngroups + 1, sizeof(uint32_t));
	for (g = 0; g < w->ngroups; g++) {
		ts_str v = ts_agg_key(a, (uint32_t)g, (size_t)w->w);

		w->gcol[g] = ts_map_intern(w->cols, v.p, v.n, NULL);
		if (ts_map_size(w->cols) > TS_TABLE_MAX_COLUMNS) {
			ts_warn("--wide %s: more than %d values, too many "
			    "columns for a table; group by it (-g) in the long "
			    "table instead", s->keys[w->w], TS_TABLE_MAX_COLUMNS);
			free(j.p);
			return -1;
		}
		/* The row: the other keys, joined by TAB. */
		jn = 0;
		nf = 0;
		for (i = 0; i < s->nkeys; i++) {
			ts_str k;

			if ((int)i == w->w)
				continue;
			k = ts_agg_key(a, (uint32_t)g, i);
			if (jn + k.n + 2 > j.cap) {
				j.cap = (jn + k.n + 2) * 2;
				j.p = xrealloc(j.p, j.cap);
			}
			if (nf++ > 0)
				j.p[jn++] = '\t';
			memcpy(j.p + jn, k.p, k.n);
			jn += k.n;
		}
		w->grow[g] = ts_map_intern(w->rows, j.p ? j.p : "", jn, NULL);
	}
	free(j.p);
	w->ncols = ts_map_size(w->cols);
	w->nrows = ts_map_size(w->rows);

	/* Columns by value: numerically when all are numbers. */
	w->colorder = xreallocarray(NULL, w->ncols + 1, sizeof(struct keyed));
	for (i = 0; i < w->ncols; i++) {
		w->colorder[i].key = ts_map_key(w->cols, (uint32_t)i);
		w->colorder[i].id = (uint32_t)i;
		numeric &= is_number(w->colorder[i].key, &w->colorder[i].num);
	}
	qsort(w->colorder, w->ncols, sizeof(struct keyed),
	    numeric ? cmp_number : cmp_joined);
	w->colpos = xreallocarray(NULL, w->ncols + 1, sizeof(uint32_t));
	for (i = 0; i < w->ncols; i++)
		w->colpos[w->colorder[i].id] = (uint32_t)i;

	/* Rows in the order of their keys, as the long table's. */
	w->roworder = xreallocarray(NULL, w->nrows + 1, sizeof(struct keyed));
	for (i = 0; i < w->nrows; i++) {
		w->roworder[i].key = ts_map_key(w->rows, (uint32_t)i);
		w->roworder[i].id = (uint32_t)i;
	}
	qsort(w->roworder, w->nrows, sizeof(struct keyed), cmp_joined);

	/* The groups of each row (a counting sort by row id). */
	w->start = xcalloc(w->nrows + 1, sizeof(uint32_t));
	w->bucket = xreallocarray(NULL, w->ngroups + 1, sizeof(uint32_t));
	for (g = 0; g < w->ngroups; g++)
		w->start[w->grow[g] + 1]++;
	for (i = 0; i < w->nrows; i++)
		w->start[i + 1] += w->start[i];
	{
		uint32_t *fill = xreallocarray(NULL, w->nrows + 1, sizeof(uint32_t));

		memcpy(fill, w->start, (w->nrows + 1) * sizeof(uint32_t));
		for (g = 0; g < w->ngroups; g++)
			w->bucket[fill[w->grow[g]]++] = (uint32_t)g;
		free(fill);
	}
	return 0;
}

/* Header cells in order, checked for a name given twice. */
static int
wide_header_check(const ts_agg_spec *s, const ts_table_opts *t,
    const struct wide *w)
{
	const char *mname = ts_metric_name(w->metric);
	ts_map *seen = ts_map_new();
	struct text name = { 0 };
	size_t i, ml = strlen(mname);
	int fresh, rc = 0;

	for (i = 0; i < s->nkeys && rc == 0; i++) {
		const char *lab;

		if ((int)i == w->w)
			continue;
		ts_map_intern(seen, s->keys[i], strlen(s->keys[i]), &fresh);
		if (t->labels && (lab = ts_labels_column(s->keys[i])) != NULL)
			ts_map_intern(seen, lab, strlen(lab), &fresh);
	}
	for (i = 0; i < w->ncols; i++) {
		ts_str v = w->colorder[i].key;

		if (ml + 1 + v.n + 1 > name.cap) {
			name.cap = ml + 1 + v.n + 1;
			name.p = xrealloc(name.p, name.cap);
		}
		memcpy(name.p, mname, ml);
		name.p[ml] = ':';
		/* Column names are compared unescaped, as readers see them. */
		v.n = ts_unescape(v, name.p + ml + 1);
		ts_map_intern(seen, name.p, ml + 1 + v.n, &fresh);
		if (!fresh) {
			ts_warn("--wide %s: column \"%.*s\" would appear twice",
			    s->keys[w->w], (int)(ml + 1 + v.n), name.p);
			rc = -1;
			break;
		}
	}
	free(name.p);
	ts_map_free(seen);
	return rc;
}

/*
 * A cell of no group (no record has that pair of keys) is 0; a group's
 * unknown attendees (telestat-records(5), "Attendees") are an empty cell,
 * and a total is the sum of the values known, empty when no group of it
 * knows one.
 */
static void
wide_write(ts_agg *a, const ts_table_opts *t, struct wide *w, ts_out *o)
{
	const ts_agg_spec *s = ts_agg_get_spec(a);
	const char *mname = ts_metric_name(w->metric);
	uint64_t *cells = xcalloc(w->ncols + 1, sizeof(uint64_t));
	uint64_t *colsum = xcalloc(w->ncols + 1, sizeof(uint64_t));
	unsigned char *known = xcalloc(w->ncols + 1, 1);
	unsigned char *colknown = xcalloc(w->ncols + 1, 1);
	uint64_t grand = 0;
	int grandknown = 0;
	struct text v = { 0 }, c = { 0 };
	struct line l = { o, 0 };
	size_t i, r, k;

	header_keys(s, t, &l, w->w);
	for (i = 0; i < w->ncols; i++) {
		sep(&l);
		ts_out_puts(o, mname);
		ts_out_putc(o, ':');
		ts_out_write(o, w->colorder[i].key.p, w->colorder[i].key.n);
	}
	if (t->totals) {
		sep(&l);
		ts_out_puts(o, mname);
	}
	ts_out_putc(o, '\n');
	for (r = 0; r < w->nrows; r++) {
		uint32_t id = w->roworder[r].id, first = w->bucket[w->start[id]];
		uint64_t rowsum = 0;
		int rowknown = 0;

		memset(cells, 0, w->ncols * sizeof(uint64_t));
		memset(known, 1, w->ncols);
		for (k = w->start[id]; k < w->start[id + 1]; k++) {
			uint32_t g = w->bucket[k], pos = w->colpos[w->gcol[g]];
			cells[pos] = ts_agg_value(a, g, w->metric);
			known[pos] = (unsigned char)ts_agg_known(a, g, w->metric);
			if (known[pos])
				rowknown = colknown[pos] = 1;
		}
		l.cells = 0;
		row_keys(a, t, &l, first, w->w, &v, &c);
		for (i = 0; i < w->ncols; i++) {
			sep(&l);
			if (known[i])
				ts_out_u64(o, cells[i]);
			/* Within 2^63-1: ts_table_write checked the sum of all. */
			rowsum += cells[i];
			colsum[i] += cells[i];
		}
		grand += rowsum;
		grandknown |= rowknown;
		if (t->totals) {
			sep(&l);
			if (rowknown)
				ts_out_u64(o, rowsum);
		}
		ts_out_putc(o, '\n');
	}
	/* The totals row, when there are rows to total (keys besides KEY). */
	if (t->totals && s->nkeys > 1) {
		int done = 0;

		l.cells = 0;
		for (i = 0; i < s->nkeys; i++) {
			if ((int)i == w->w)
				continue;
			sep(&l);
			if (!done++)
				ts_out_puts(o, TOTAL_ROW);
			if (t->labels && ts_labels_column(s->keys[i]) != NULL)
				sep(&l);
		}
		for (i = 0; i < w->ncols; i++) {
			sep(&l);
			if (colknown[i])
				ts_out_u64(o, colsum[i]);
		}
		sep(&l);
		if (grandknown)
			ts_out_u64(o, grand);
		ts_out_putc(o, '\n');
	}
	free(cells);
	free(colsum);
	free(known);
	free(colknown);
	free(v.p);
	free(c.p);
}

/* With totals: the sum of every cell must stay a count. */
static int
totals_fit(ts_agg *a, const struct wide *w)
{
	uint64_t sum = 0;
	size_t g;

	for (g = 0; g < w->ngroups; g++)
		if (ts_count_add(&sum, ts_agg_value(a, (uint32_t)g,
		    w->metric)) != 0) {
			ts_warn("--totals: the total passes %llu",
			    (unsigned long long)TS_COUNT_MAX);
			return 0;
		}
	return 1;
}

int
ts_table_write(ts_agg *a, const ts_table_opts *t, ts_out *o)
{
	const ts_agg_spec *s = ts_agg_get_spec(a);
	struct wide w;
	int rc = TS_EXIT_OK;

	if (ts_agg_settle(a) != TS_EXIT_OK)
		return TS_EXIT_IO;
	if (t->wide == NULL) {
		if (t->labels == NULL)
			return ts_agg_write(a, o);
		write_long(a, t, o);
		return TS_EXIT_OK;
	}
	memset(&w, 0, sizeof(w));
	w.w = key_index(s, t->wide);
	w.metric = s->metrics[0];
	ts_agg_settle(a);
	w.ngroups = ts_agg_ngroups(a);
	if (wide_index(a, &w) != 0 || wide_header_check(s, t, &w) != 0 ||
	    (t->totals && !totals_fit(a, &w)))
		rc = TS_EXIT_DATA;
	else
		wide_write(a, t, &w, o);
	wide_free(&w);
	return rc;
}

int
ts_table_wide_column(const ts_reader *r)
{
	size_t i, n = ts_reader_ncols(r);

	if (n > 0 && strncmp(ts_reader_colname(r, 0), "#telestat-partial",
	    17) == 0)
		return -1;
	for (i = 0; i < n; i++) {
		const char *c = ts_reader_colname(r, i), *colon = strchr(c, ':');

		if (colon != NULL && ts_metric_find(c, (size_t)(colon - c)) >= 0)
			return (int)i;
	}
	return -1;
}

int
ts_table_refuse_wide(const ts_reader *r, const char *verb)
{
	int i = ts_table_wide_column(r);

	if (i < 0)
		return 0;
	ts_warn("%s: column \"%s\" is a column of a wide table (aggregate "
	    "--wide), made for spreadsheets; %s reads the long table "
	    "(aggregate without --wide)", ts_reader_name(r),
	    ts_reader_colname(r, (size_t)i), verb);
	return -1;
}

int
ts_table_option(struct ts_table_cli *c, int ch, const char *arg, ts_error *e)
{
	switch (ch) {
	case 'L':
		if (strcmp(arg, "es") != 0 && strcmp(arg, "en") != 0) {
			ts_error_set(e, TS_EXIT_USAGE, "--labels: unknown language"
			    " \"%s\" (choose es or en)", arg);
			e->usage = 1;
			return -1;
		}
		c->lang = arg;
		return 1;
	case 'W':
		c->t.wide = arg;
		return 1;
	case 'T':
		c->t.totals = 1;
		return 1;
	case 'C':
		c->csv = 1;
		return 1;
	case 'B':
		c->bom = 1;
		return 1;
	default:
		return 0;
	}
}
