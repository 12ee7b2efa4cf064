/* plot.c - chart data, chart model, gnuplot scripts; see plot.h. */
#include "plot.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gnuplot.h"
#include "strmap.h"
#include "util.h"

/* ---- growing strings ------------------------------------------------ */

typedef struct sbuf {
	char *p;
	size_t n, cap;
} sbuf;

static void
sb_add(sbuf *b, const char *p, size_t n)
{
	if (b->cap - b->n < n + 1) {
		while (b->cap - b->n < n + 1)
			b->cap = b->cap ? b->cap * 2 : 4096;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void
sb_puts(sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void sb_printf(sbuf *b, const char *fmt, ...) TS_PRINTF(2, 3);

static void
sb_printf(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		sb_add(b, small, (size_t)n);
		return;
	}
	{
		char *big = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		sb_add(b, big, (size_t)n);
		free(big);
	}
}

/*
 * Length of the UTF-8 sequence at P (N bytes left), or 0 when it is not
 * valid (overlong forms, surrogates and code points past U+10FFFF are
 * invalid too).
 */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t len, i;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/*
 * A copy of P[0..n) fit to be a label: control characters become
 * spaces, invalid UTF-8 bytes become '?', and text longer than MAXCHARS
 * characters is cut with an ellipsis. Caller frees.
 */
static char *
clean_label(const char *p, size_t n, size_t maxchars)
{
	sbuf b = { 0 };
	size_t i = 0, chars = 0;

	sb_add(&b, "", 0);
	while (i < n) {
		const unsigned char *u = (const unsigned char *)p + i;
		size_t len = utf8_len(u, n - i);

		if (chars == maxchars) {
			/* Back off one character to make room for the ellipsis. */
			size_t cut = b.n;
			while (cut > 0 && ((unsigned char)b.p[cut - 1] & 0xc0) == 0x80)
				cut--;
			if (cut > 0)
				cut--;
			b.n = cut;
			sb_puts(&b, "\xe2\x80\xa6");
			break;
		}
		if (len == 0) {
			sb_add(&b, "?", 1);
			len = 1;
		} else if (len == 1 && (*u < 0x20 || *u == 0x7f)) {
			sb_add(&b, " ", 1);
		} else {
			sb_add(&b, (const char *)u, len);
		}
		i += len;
		chars++;
	}
	return b.p;
}

/* S as a gnuplot single-quoted string: no escapes inside but ''. */
static void
sb_quote(sbuf *b, const char *s)
{
	sb_add(b, "'", 1);
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			sb_add(b, "''", 2);
		else
			sb_add(b, s, 1);
	}
	sb_add(b, "'", 1);
}

/*
 * S as the label of an explicit tic: gnuplot reads it as a format for
 * the tic value, so '%' must be doubled.
 */
static void
sb_quote_tic(sbuf *b, const char *s)
{
	sbuf t = { 0 };

	sb_add(&t, "", 0);
	for (; *s != '\0'; s++) {
		if (*s == '%')
			sb_add(&t, "%%", 2);
		else
			sb_add(&t, s, 1);
	}
	sb_quote(b, t.p);
	free(t.p);
}

/* ---- numbers ----------------------------------------------------------- */

size_t
ts_plot_fmt_int(char *buf, double v, int lang)
{
	char digits[32];
	const char *sep = lang == TS_LANG_EN ? "," : " ";
	size_t nd, i, o = 0;
	unsigned long long u;
	int neg = v < 0;

	if (isnan(v)) {
		memcpy(buf, "-", 2);
		return 1;
	}
	if (fabs(v) >= 1e18)
		return (size_t)snprintf(buf, 32, "%.0f", v);
	u = (unsigned long long)llround(fabs(v));
	nd = (size_t)snprintf(digits, sizeof(digits), "%llu", u);
	if (neg && u != 0)
		buf[o++] = '-';
	for (i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			buf[o++] = *sep;
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return o;
}

size_t
ts_plot_fmt_tick(char *buf, double v, int lang)
{
	double ip = floor(fabs(v) + 1e-9);
	size_t n;
	int tenth;

	n = ts_plot_fmt_int(buf, v < 0 ? -ip : ip, lang);
	tenth = (int)llround((fabs(v) - ip) * 10);
	if (tenth > 0 && tenth < 10) {
		buf[n++] = lang == TS_LANG_EN ? '.' : ',';
		buf[n++] = (char)('0' + tenth);
		buf[n] = '\0';
	}
	return n;
}

/* Tick step: 1, 2, 2.5 or 5 times a power of ten, about MAX / 5. */
static double
nice_step(double max, int integral)
{
	double raw = max / 5, mag, norm, step;

	if (!(raw > 0))
		return 1;
	mag = pow(10, floor(log10(raw)));
	norm = raw / mag;
	if (norm <= 1)
		step = 1;
	else if (norm <= 2)
		step = 2;
	else if (norm <= 2.5 && (mag >= 10 || !integral))
		step = 2.5;
	else if (norm <= 5)
		step = 5;
	else
		step = 10;
	step *= mag;
	if (integral && step < 1)
		step = 1;
	return step;
}

/* Writes a data value the way gnuplot reads it back exactly. */
static void
sb_num(sbuf *b, double v)
{
	if (isnan(v))
		sb_puts(b, "NaN");
	else if (v == floor(v) && fabs(v) < 1e15)
		sb_printf(b, "%.0f", v);
	else
		sb_printf(b, "%.17g", v);
}

/* ---- data ------------------------------------------------------------ */

/*
 * Cells are kept at three levels, so that a chart over months, over
 * years or of totals reads its numbers directly (and distinct counts are
 * counted at the level they are drawn at): 0 = (year, month, series),
 * 1 = (year, series), 2 = (series).
 */
#define NLEVELS 3

struct level {
	ts_map *keys;       /* packed cell key -> id */
	double *v;
	uint64_t *rows;     /* table rows that went into the cell */
	size_t cap;
};

/*
 * A set of (cell id, item id) pairs, packed in 64 bits: open addressing
 * over plain integers, 8 bytes a slot, since there may be millions of
 * pairs (every patient in every month and category).
 */
struct pairset {
	uint64_t *slots;    /* pair + 1; 0 marks an empty slot */
	size_t mask, n;
};

static uint64_t
mix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* Adds KEY; returns 1 when it was not there yet. */
static int
pairset_add(struct pairset *s, uint64_t key)
{
	size_t i;

	key += 1;
	if (s->slots == NULL || (s->n + 1) * 4 > (s->mask + 1) * 3) {
		size_t cap = s->slots ? (s->mask + 1) * 2 : 1024, j;
		uint64_t *old = s->slots, *nw = xcalloc(cap, sizeof(*nw));
		for (j = 0; old && j <= s->mask; j++) {
			size_t k;
			if (old[j] == 0)
				continue;
			for (k = mix64(old[j]) & (cap - 1); nw[k] != 0;
			    k = (k + 1) & (cap - 1))
				;
			nw[k] = old[j];
		}
		free(old);
		s->slots = nw;
		s->mask = cap - 1;
	}
	for (i = mix64(key) & s->mask; s->slots[i] != 0; i = (i + 1) & s->mask)
		if (s->slots[i] == key)
			return 0;
	s->slots[i] = key;
	s->n++;
	return 1;
}

struct ts_plot_data {
	ts_map *series;
	struct level lv[NLEVELS];
	ts_map *items;      /* distinct items (patients) -> item id */
	struct pairset seen[NLEVELS]; /* (cell, item) pairs seen per level */
	unsigned levels;    /* levels that count distinct items */
	int distinct;       /* values are distinct counts from a table */
	int nonadditive;    /* distinct counts, from a table or counted here */
	uint64_t nrows;
	int miny, maxy, has_month, has_year;
};

struct cellkey {
	int32_t year, month;
	uint32_t sid;
};

#define KEYLEN 12

static void
pack(char *k, int year, int month, uint32_t sid)
{
	int32_t y = year, m = month;

	memcpy(k, &y, 4);
	memcpy(k + 4, &m, 4);
	memcpy(k + 8, &sid, 4);
}

static struct cellkey
unpack(ts_str k)
{
	struct cellkey c;

	memcpy(&c.year, k.p, 4);
	memcpy(&c.month, k.p + 4, 4);
	memcpy(&c.sid, k.p + 8, 4);
	return c;
}

ts_plot_data *
ts_plot_data_new(void)
{
	ts_plot_data *d = xcalloc(1, sizeof(*d));
	int i;

	d->series = ts_map_new();
	for (i = 0; i < NLEVELS; i++)
		d->lv[i].keys = ts_map_new();
	d->levels = (1u << NLEVELS) - 1;
	return d;
}

void
ts_plot_data_free(ts_plot_data *d)
{
	int i;

	if (d == NULL)
		return;
	ts_map_free(d->series);
	for (i = 0; i < NLEVELS; i++) {
		ts_map_free(d->lv[i].keys);
		free(d->lv[i].v);
		free(d->lv[i].rows);
	}
	if (d->items != NULL)
		ts_map_free(d->items);
	for (i = 0; i < NLEVELS; i++)
		free(d->seen[i].slots);
	free(d);
}

static uint32_t
level_cell(struct level *l, int year, int month, uint32_t sid)
{
	char k[KEYLEN];
	uint32_t id;
	int ins;

	pack(k, year, month, sid);
	id = ts_map_intern(l->keys, k, KEYLEN, &ins);
	if (id >= l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		l->v = xreallocarray(l->v, cap, sizeof(*l->v));
		l->rows = xreallocarray(l->rows, cap, sizeof(*l->rows));
		l->cap = cap;
	}
	if (ins) {
		l->v[id] = 0;
		l->rows[id] = 0;
	}
	return id;
}

static void
note_time(ts_plot_data *d, int year, int month)
{
	if (year > 0) {
		if (!d->has_year || year < d->miny)
			d->miny = year;
		if (!d->has_year || year > d->maxy)
			d->maxy = year;
		d->has_year = 1;
	}
	if (month > 0)
		d->has_month = 1;
}

/* The cell coordinates of level L. */
static void
level_coords(int l, int *year, int *month)
{
	if (l >= 1)
		*month = 0;
	if (l == 2)
		*year = 0;
}

void
ts_plot_data_add(ts_plot_data *d, int year, int month, const char *series,
    size_t n, double v)
{
	uint32_t sid = ts_map_intern(d->series, series, n, NULL);
	int l;

	note_time(d, year, month);
	d->nrows++;
	for (l = 0; l < NLEVELS; l++) {
		int y = year, m = month;
		uint32_t id;

		level_coords(l, &y, &m);
		id = level_cell(&d->lv[l], y, m, sid);
		d->lv[l].v[id] += v;
		d->lv[l].rows[id]++;
	}
}

void
ts_plot_data_add_distinct(ts_plot_data *d, int year, int month,
    const char *series, size_t n, const char *item, size_t itemlen)
{
	uint32_t sid = ts_map_intern(d->series, series, n, NULL), iid;
	int l;

	if (d->items == NULL)
		d->items = ts_map_new();
	d->nonadditive = 1;
	iid = ts_map_intern(d->items, item, itemlen, NULL);
	note_time(d, year, month);
	d->nrows++;
	for (l = 0; l < NLEVELS; l++) {
		int y = year, m = month;
		uint32_t id;

		level_coords(l, &y, &m);
		id = level_cell(&d->lv[l], y, m, sid);
		d->lv[l].rows[id]++;
		if ((d->levels & (1u << l)) &&
		    pairset_add(&d->seen[l], (uint64_t)id << 32 | iid))
			d->lv[l].v[id] += 1;
	}
}

void
ts_plot_data_count_levels(ts_plot_data *d, int kind, int x)
{
	if (kind == TS_CHART_BARS)
		d->levels = 1u << 2;
	else if (x == TS_X_YEAR)
		d->levels = 1u << 1;
	else if (x == TS_X_MONTH)
		d->levels = 1u << 0;
	else
		d->levels = (1u << 0) | (1u << 1);
}

void
ts_plot_data_set_distinct(ts_plot_data *d)
{
	d->distinct = 1;
	d->nonadditive = 1;
}

uint64_t
ts_plot_data_rows(const ts_plot_data *d)
{
	return d->nrows;
}

int
ts_plot_data_min_year(const ts_plot_data *d)
{
	return d->has_year ? d->miny : 0;
}

int
ts_plot_data_max_year(const ts_plot_data *d)
{
	return d->has_year ? d->maxy : 0;
}

int
ts_plot_data_has_month(const ts_plot_data *d)
{
	return d->has_month;
}

int
ts_plot_data_has_year(const ts_plot_data *d)
{
	return d->has_year;
}

/* ---- loading records -------------------------------------------------- */

enum metric_mode {
	M_SUM,          /* add the column; empty adds 0 */
	M_COUNT,        /* add the column; empty or absent adds 1 */
	M_ROWS,         /* 1 per row */
	M_DISTINCT      /* distinct values of the column */
};

/* Parses a non-negative decimal integer below 2^53; -1 when invalid. */
static int
parse_uint(ts_str s, double *v)
{
	uint64_t u = 0;
	size_t i;

	if (s.n == 0 || s.n > 16)
		return -1;
	for (i = 0; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return -1;
		u = u * 10 + (uint64_t)(s.p[i] - '0');
	}
	if (u > (1ULL << 53))
		return -1;
	*v = (double)u;
	return 0;
}

/* Parses an integer field in [lo, hi]; empty gives 0. -1 when invalid. */
static int
parse_range(ts_str s, int lo, int hi, int *out)
{
	double v;

	if (s.n == 0) {
		*out = 0;
		return 0;
	}
	if (parse_uint(s, &v) != 0 || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* YYYY-MM-DD (the day is only checked for shape); empty gives 0, 0. */
static int
parse_date(ts_str s, int *year, int *month)
{
	ts_str y, m;
	size_t i;

	if (s.n == 0) {
		*year = *month = 0;
		return 0;
	}
	if (s.n != 10 || s.p[4] != '-' || s.p[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s.p[i] < '0' || s.p[i] > '9'))
			return -1;
	y.p = s.p;
	y.n = 4;
	m.p = s.p + 5;
	m.n = 2;
	if (parse_range(y, 1, 9999, year) != 0 || *year == 0 ||
	    parse_range(m, 1, 12, month) != 0 || *month == 0)
		return -1;
	if (s.p[8] > '3' || (s.p[8] == '0' && s.p[9] == '0') ||
	    (s.p[8] == '3' && s.p[9] > '1'))
		return -1;
	return 0;
}

static void
reject(ts_reader *r, const char *col, const char *why, ts_str v)
{
	int n = v.n > 60 ? 60 : (int)v.n;

	ts_warn("%s:%llu: column %s: %s \"%.*s%s\"", ts_reader_name(r),
	    (unsigned long long)ts_reader_line(r), col, why, n, v.p,
	    v.n > 60 ? "..." : "");
}

static void
list_columns(ts_reader *r, sbuf *b)
{
	size_t i;

	for (i = 0; i < ts_reader_ncols(r); i++) {
		if (i > 0)
			sb_puts(b, ", ");
		sb_puts(b, ts_reader_colname(r, i));
	}
}

static int
missing_column(ts_reader *r, const char *what)
{
	sbuf b = { 0 };

	list_columns(r, &b);
	ts_warn("%s: %s (columns: %s)", ts_reader_name(r), what, b.p);
	free(b.p);
	return TS_EXIT_USAGE;
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

int
ts_plot_load(ts_plot_data *d, ts_reader *r, const ts_plot_input *in,
    ts_plot_stats *st)
{
	const char *metric = in->metric ? in->metric : "count";
	const char *mcol = metric;
	int c_metric, c_by = -1, c_year, c_month, c_date, mode, rc;
	int status = TS_EXIT_OK;
	char *sbufp = NULL, *ibufp = NULL;
	size_t scap = 0, icap = 0;
	ts_str *f;

	c_metric = ts_reader_find(r, metric);
	if (strcmp(metric, "count") == 0) {
		mode = M_COUNT;
	} else if (strcmp(metric, "records") == 0) {
		mode = c_metric >= 0 ? M_SUM : M_ROWS;
	} else if (strcmp(metric, "patients") == 0 && c_metric < 0) {
		mcol = "patient";
		if ((c_metric = ts_reader_find(r, mcol)) < 0)
			return missing_column(r, "no column \"patients\" (table) "
			    "nor \"patient\" (records) for -m patients");
		mode = M_DISTINCT;
	} else {
		if (c_metric < 0) {
			char *w = xasprintf("no column \"%s\" for -m %s", metric,
			    metric);
			rc = missing_column(r, w);
			free(w);
			return rc;
		}
		mode = M_SUM;
		if (strcmp(metric, "patients") == 0)
			ts_plot_data_set_distinct(d);
	}
	if (in->by != NULL && (c_by = ts_reader_find(r, in->by)) < 0) {
		char *w = xasprintf("no column \"%s\" for --by", in->by);
		rc = missing_column(r, w);
		free(w);
		return rc;
	}
	c_year = ts_reader_find(r, "year");
	c_month = ts_reader_find(r, "month");
	c_date = ts_reader_find(r, "date");
	if (in->need_x == TS_X_YEAR && c_year < 0 && c_date < 0)
		return missing_column(r, "no column \"year\" nor \"date\" "
		    "for a chart over years");
	if (in->need_x == TS_X_MONTH && c_month < 0 && c_date < 0)
		return missing_column(r, "no column \"month\" nor \"date\" "
		    "for a chart over months");

	while ((rc = ts_reader_next(r, &f)) != TS_ROW_EOF) {
		int year = 0, month = 0, dy = 0, dm = 0, dated = 0;
		double v = 1;
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
		if (c_date >= 0 && (c_year < 0 || c_month < 0)) {
			if (parse_date(f[c_date], &dy, &dm) != 0) {
				reject(r, "date", "not a date (YYYY-MM-DD)",
				    f[c_date]);
				goto bad;
			}
			dated = 1;
		}
		if (c_year >= 0) {
			if (parse_range(f[c_year], 1, 9999, &year) != 0) {
				reject(r, "year", "not a year", f[c_year]);
				goto bad;
			}
		} else if (dated) {
			year = dy;
		}
		if (c_month >= 0) {
			if (parse_range(f[c_month], 1, 12, &month) != 0) {
				reject(r, "month", "not a month (1-12)",
				    f[c_month]);
				goto bad;
			}
		} else if (dated) {
			month = dm;
		}
		if (c_by >= 0)
			series = plain(f[c_by], &sbufp, &scap);
		switch (mode) {
		case M_COUNT:
			if (c_metric < 0 || f[c_metric].n == 0)
				break;
			/* FALLTHROUGH */
		case M_SUM:
			if (f[c_metric].n == 0) {
				v = 0;
			} else if (parse_uint(f[c_metric], &v) != 0) {
				reject(r, mcol, "not a non-negative integer",
				    f[c_metric]);
				goto bad;
			}
			break;
		case M_ROWS:
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
		ts_plot_data_add(d, year, month, series.p, series.n, v);
		continue;
bad:
		st->rejected++;
		status = TS_EXIT_DATA;
	}
	free(sbufp);
	free(ibufp);
	return status;
}

/* ---- chart model -------------------------------------------------------- */

struct series {
	char *name;
	int flags;
	double *v;          /* nx values; capacity xcap */
};

struct ts_chart {
	int kind, lang;
	char *title, *xlabel, *ylabel;
	char **x;
	size_t nx, xcap;
	struct series *s;
	size_t ns, scap;
	int month0;         /* x are months from this one (1-12), or 0 */
};

#define MAX_LABEL 40
#define MAX_TITLE 160

ts_chart *
ts_chart_new(int kind, int lang)
{
	ts_chart *c = xcalloc(1, sizeof(*c));

	c->kind = kind;
	c->lang = lang;
	return c;
}

void
ts_chart_free(ts_chart *c)
{
	size_t i;

	if (c == NULL)
		return;
	free(c->title);
	free(c->xlabel);
	free(c->ylabel);
	for (i = 0; i < c->nx; i++)
		free(c->x[i]);
	free(c->x);
	for (i = 0; i < c->ns; i++) {
		free(c->s[i].name);
		free(c->s[i].v);
	}
	free(c->s);
	free(c);
}

static void
set_str(char **dst, const char *s, size_t max)
{
	free(*dst);
	*dst = s ? clean_label(s, strlen(s), max) : NULL;
}

void
ts_chart_set_title(ts_chart *c, const char *title)
{
	set_str(&c->title, title, MAX_TITLE);
}

void
ts_chart_set_axes(ts_chart *c, const char *xlabel, const char *ylabel)
{
	set_str(&c->xlabel, xlabel, MAX_TITLE);
	set_str(&c->ylabel, ylabel, MAX_TITLE);
}

size_t
ts_chart_add_x(ts_chart *c, const char *label)
{
	size_t i;

	if (c->nx == c->xcap) {
		c->xcap = c->xcap ? c->xcap * 2 : 16;
		c->x = xreallocarray(c->x, c->xcap, sizeof(*c->x));
		for (i = 0; i < c->ns; i++)
			c->s[i].v = xreallocarray(c->s[i].v, c->xcap,
			    sizeof(double));
	}
	c->x[c->nx] = clean_label(label, strlen(label), MAX_LABEL);
	for (i = 0; i < c->ns; i++)
		c->s[i].v[c->nx] = NAN;
	return c->nx++;
}

size_t
ts_chart_add_series(ts_chart *c, const char *name, const double *values,
    int flags)
{
	struct series *s;

	if (c->ns == c->scap) {
		c->scap = c->scap ? c->scap * 2 : 8;
		c->s = xreallocarray(c->s, c->scap, sizeof(*c->s));
	}
	s = &c->s[c->ns];
	s->name = clean_label(name, strlen(name), MAX_LABEL);
	s->flags = flags;
	s->v = xreallocarray(NULL, c->xcap ? c->xcap : 1, sizeof(double));
	if (c->nx > 0)
		memcpy(s->v, values, c->nx * sizeof(double));
	return c->ns++;
}

size_t ts_chart_nx(const ts_chart *c) { return c->nx; }
size_t ts_chart_nseries(const ts_chart *c) { return c->ns; }
int ts_chart_kind(const ts_chart *c) { return c->kind; }
const char *ts_chart_title(const ts_chart *c) { return c->title ? c->title : ""; }
const char *ts_chart_xlabel(const ts_chart *c) { return c->xlabel ? c->xlabel : ""; }
const char *ts_chart_ylabel(const ts_chart *c) { return c->ylabel ? c->ylabel : ""; }
const char *ts_chart_x(const ts_chart *c, size_t i) { return c->x[i]; }
const char *ts_chart_series_name(const ts_chart *c, size_t s) { return c->s[s].name; }
int ts_chart_series_flags(const ts_chart *c, size_t s) { return c->s[s].flags; }
double ts_chart_value(const ts_chart *c, size_t s, size_t i) { return c->s[s].v[i]; }

/* ---- building a chart from data --------------------------------------- */

static const struct {
	const char *name, *es, *en, *es_lower, *en_lower;
} metric_labels[] = {
	{ "count", "Atenciones", "Actions", "atenciones", "actions" },
	{ "patients", "Pacientes atendidos", "Patients seen",
	  "pacientes atendidos", "patients seen" },
	{ "sessions", "Sesiones", "Sessions", "sesiones", "sessions" },
	{ "attendees", "Asistentes", "Attendees", "asistentes", "attendees" },
	{ "records", "Registros", "Records", "registros", "records" },
};

static const struct {
	const char *name, *es, *en;
} column_labels[] = {
	{ "category", "categoría", "category" },
	{ "subcategory", "subcategoría", "subcategory" },
	{ "region", "región", "region" },
	{ "institution", "institución", "institution" },
	{ "source", "fuente", "source" },
	{ "facility", "establecimiento", "facility" },
	{ "service", "servicio", "service" },
	{ "specialty", "especialidad", "specialty" },
	{ "sex", "sexo", "sex" },
	{ "condition", "condición", "condition" },
	{ "with_patient", "con o sin paciente", "with or without patient" },
};

static const char *const month_es[12] = { "ene", "feb", "mar", "abr", "may",
	"jun", "jul", "ago", "sep", "oct", "nov", "dic" };
static const char *const month_en[12] = { "Jan", "Feb", "Mar", "Apr", "May",
	"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static const char *
metric_label(const char *m, int lang, int lower)
{
	size_t i;

	for (i = 0; i < sizeof(metric_labels) / sizeof(metric_labels[0]); i++)
		if (strcmp(metric_labels[i].name, m) == 0)
			return lang == TS_LANG_EN ?
			    (lower ? metric_labels[i].en_lower : metric_labels[i].en) :
			    (lower ? metric_labels[i].es_lower : metric_labels[i].es);
	return m;
}

static const char *
column_label(const char *col, int lang)
{
	size_t i;

	for (i = 0; i < sizeof(column_labels) / sizeof(column_labels[0]); i++)
		if (strcmp(column_labels[i].name, col) == 0)
			return lang == TS_LANG_EN ? column_labels[i].en :
			    column_labels[i].es;
	return col;
}

/* "2021–2025", "2024" or "" (en dash between years). */
static void
year_range(char *buf, size_t cap, int y0, int y1)
{
	if (y0 <= 0)
		buf[0] = '\0';
	else if (y0 == y1)
		snprintf(buf, cap, "%d", y0);
	else
		snprintf(buf, cap, "%d\xe2\x80\x93%d", y0, y1);
}

/* The label shown for series (or bar) value NAME. Caller frees. */
static char *
series_label(ts_str name, const ts_plot_opts *o)
{
	if (o->by == NULL)
		return xstrdup("Total");
	if (name.n == 0)
		return xstrdup(o->lang == TS_LANG_EN ? "(unknown)" : "(sin dato)");
	if (o->by != NULL && o->taxonomy != NULL &&
	    (strcmp(o->by, "category") == 0)) {
		const ts_category *cat = ts_taxonomy_find(o->taxonomy, name.p,
		    name.n);
		if (cat != NULL)
			return xstrdup(o->lang == TS_LANG_EN ? cat->label_en :
			    cat->label_es);
	}
	return xstrndup(name.p, name.n);
}

/* Capitalizes the first letter (ASCII, or a Latin-1 supplement letter). */
static char *
capitalize(const char *s)
{
	char *c = xstrdup(s);

	if (c[0] >= 'a' && c[0] <= 'z')
		c[0] = (char)(c[0] - 'a' + 'A');
	else if ((unsigned char)c[0] == 0xc3 && (unsigned char)c[1] >= 0xa0 &&
	    (unsigned char)c[1] <= 0xbe)
		c[1] = (char)((unsigned char)c[1] - 0x20);
	return c;
}

struct rank {
	uint32_t sid;
	double total;
	const char *name;
	size_t namelen;
};

static int
rank_cmp(const void *a, const void *b)
{
	const struct rank *x = a, *y = b;
	size_t n;
	int c;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	n = x->namelen < y->namelen ? x->namelen : y->namelen;
	c = memcmp(x->name, y->name, n);
	if (c != 0)
		return c;
	return x->namelen < y->namelen ? -1 : x->namelen > y->namelen;
}

static int
i64_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The x position of a cell key at the chosen level, or -1 (no place). */
static int64_t
x_key(struct cellkey k, int xmode)
{
	if (xmode == TS_X_YEAR)
		return k.year > 0 ? k.year : -1;
	return k.month > 0 ? (int64_t)k.year * 100 + k.month : -1;
}

/* Position after X on the axis: the next year, or the next month. */
static int64_t
x_next(int64_t x, int xmode)
{
	if (xmode == TS_X_YEAR)
		return x + 1;
	if (x % 100 == 12)
		return x - 12 + 100 + 1;
	return x + 1;
}

/*
 * The axis is time: years or months missing between the first and the
 * last get their place (with 0, as an aggregate table has no row for a
 * group without records), so that equal distances mean equal time. An
 * axis that would grow past MAX_FILLED positions (a stray year 0001 in
 * the data) is left as it is.
 */
#define MAX_FILLED 1200

static int64_t *
fill_gaps(int64_t *xs, size_t *nx, int xmode)
{
	size_t n = 0;
	int64_t x, *out;

	if (*nx < 2)
		return xs;
	for (x = xs[0]; x <= xs[*nx - 1]; x = x_next(x, xmode))
		if (++n > MAX_FILLED)
			return xs;
	if (n == *nx)
		return xs;
	out = xreallocarray(NULL, n, sizeof(*out));
	n = 0;
	for (x = xs[0]; x <= xs[*nx - 1]; x = x_next(x, xmode))
		out[n++] = x;
	free(xs);
	*nx = n;
	return out;
}

static char *
distinct_error(const ts_plot_opts *o, int xmode, uint64_t rows)
{
	const char *keys = o->kind == TS_CHART_BARS ? "" :
	    xmode == TS_X_MONTH ? "year,month" : "year";

	return xasprintf("%s holds distinct counts, which cannot be added up, but "
	    "%llu rows of the table fall on one point of the chart; "
	    "aggregate with -g %s%s%s", o->metric ? o->metric : "patients",
	    (unsigned long long)rows, keys,
	    *keys && o->by ? "," : "", o->by ? o->by : "");
}

ts_chart *
ts_plot_chart(const ts_plot_data *d, const ts_plot_opts *o,
    ts_plot_notes *notes, char **err)
{
	const char *metric = o->metric ? o->metric : "count";
	int lang = o->lang, xmode = o->x, lvl;
	const struct level *l;
	size_t ncells, nall = ts_map_size(d->series), nser = nall, nx = 0, i, j;
	size_t keep;
	int64_t *xs = NULL;
	struct rank *rk;
	double *vals, lost = 0;
	uint64_t lostrows = 0;
	ts_chart *c;
	char range[32], *title, *t;
	int y0 = 0, y1 = 0;
	uint32_t *slot;

	*err = NULL;
	if (notes)
		memset(notes, 0, sizeof(*notes));
	if (d->nrows == 0) {
		*err = xstrdup("no records to plot");
		return NULL;
	}
	if (o->kind == TS_CHART_BARS) {
		lvl = 2;
	} else {
		if (xmode == TS_X_AUTO) {
			/* Months when they all fall in one year, else years. */
			if (d->has_month && (!d->has_year || d->miny == d->maxy))
				xmode = TS_X_MONTH;
			else
				xmode = TS_X_YEAR;
		}
		if (xmode == TS_X_YEAR && !d->has_year) {
			*err = xstrdup("no year to put on the x axis (every year "
			    "is empty)");
			return NULL;
		}
		if (xmode == TS_X_MONTH && !d->has_month) {
			*err = xstrdup("no month to put on the x axis (every "
			    "month is empty)");
			return NULL;
		}
		lvl = xmode == TS_X_MONTH ? 0 : 1;
	}
	if (d->items != NULL && !(d->levels & (1u << lvl))) {
		*err = xstrdup("distinct counts were not kept for this chart "
		    "(see ts_plot_data_count_levels)");
		return NULL;
	}
	l = &d->lv[lvl];
	ncells = ts_map_size(l->keys);

	/* Distinct x positions, sorted. */
	if (o->kind != TS_CHART_BARS) {
		xs = xreallocarray(NULL, ncells ? ncells : 1, sizeof(*xs));
		for (i = 0; i < ncells; i++) {
			int64_t k = x_key(unpack(ts_map_key(l->keys, (uint32_t)i)),
			    xmode);
			if (k >= 0)
				xs[nx++] = k;
		}
		qsort(xs, nx, sizeof(*xs), i64_cmp);
		for (i = j = 0; i < nx; i++)
			if (j == 0 || xs[j - 1] != xs[i])
				xs[j++] = xs[i];
		nx = j;
		xs = fill_gaps(xs, &nx, xmode);
	}

	/* Series totals over the cells that have a place. */
	rk = xcalloc(nser ? nser : 1, sizeof(*rk));
	for (i = 0; i < nser; i++) {
		ts_str k = ts_map_key(d->series, (uint32_t)i);
		rk[i].sid = (uint32_t)i;
		rk[i].name = k.p;
		rk[i].namelen = k.n;
	}
	for (i = 0; i < ncells; i++) {
		struct cellkey k = unpack(ts_map_key(l->keys, (uint32_t)i));
		if (o->kind != TS_CHART_BARS && x_key(k, xmode) < 0) {
			lost += l->v[i];
			lostrows += l->rows[i];
			continue;
		}
		if (d->distinct && l->rows[i] > 1) {
			*err = distinct_error(o, xmode, l->rows[i]);
			free(xs);
			free(rk);
			return NULL;
		}
		rk[k.sid].total += l->v[i];
		if (k.year > 0) {
			if (y0 == 0 || k.year < y0)
				y0 = k.year;
			if (k.year > y1)
				y1 = k.year;
		}
	}
	if (o->kind == TS_CHART_BARS) {
		y0 = ts_plot_data_min_year(d);
		y1 = ts_plot_data_max_year(d);
	}
	if (o->kind != TS_CHART_BARS && nx == 0) {
		*err = xstrdup("no records to plot");
		free(xs);
		free(rk);
		return NULL;
	}
	if (o->kind == TS_CHART_SHARE && d->nonadditive) {
		*err = xasprintf("%s holds distinct counts, which do not add up to "
		    "a whole: no shares of it", metric);
		free(xs);
		free(rk);
		return NULL;
	}
	qsort(rk, nser, sizeof(*rk), rank_cmp);
	/*
	 * Series that are 0 throughout (categories without sessions in a
	 * chart of sessions) would only crowd the key.
	 */
	while (nser > 1 && rk[nser - 1].total == 0)
		nser--;
	keep = nser;
	if (o->top > 0 && nser > o->top + 1)
		keep = o->top;
	if (notes) {
		notes->left_out = lost;
		notes->left_out_rows = lostrows;
		notes->dropped_series = d->nonadditive ? nser - keep : 0;
	}

	c = ts_chart_new(o->kind, lang);
	year_range(range, sizeof(range), y0, y1);
	if (o->kind == TS_CHART_BARS) {
		/* One series; x positions are the BY values, largest first. */
		size_t nb = keep < nser ? keep + (d->nonadditive ? 0 : 1) : nser;
		vals = xcalloc(nb ? nb : 1, sizeof(*vals));
		for (i = 0; i < keep; i++) {
			char *lab = series_label((ts_str){ rk[i].name,
			    rk[i].namelen }, o);
			ts_chart_add_x(c, lab);
			free(lab);
			vals[i] = rk[i].total;
		}
		if (nb > keep) {
			ts_chart_add_x(c, lang == TS_LANG_EN ? "Others" : "Otros");
			for (i = keep; i < nser; i++)
				vals[keep] += rk[i].total;
		}
		ts_chart_add_series(c, metric_label(metric, lang, 0), vals, 0);
		if (nb > keep)
			c->s[0].flags = TS_CHART_OTHERS_FLAG;  /* last bar */
		free(vals);
	} else {
		/* Which chart series each data series goes to. */
		size_t nout = keep + (keep < nser && !d->nonadditive ? 1 : 0);
		double **cols;

		for (i = 0; i < nx; i++) {
			char lab[48];
			int64_t k = xs[i];
			if (xmode == TS_X_YEAR) {
				snprintf(lab, sizeof(lab), "%lld", (long long)k);
			} else {
				int m = (int)(k % 100), y = (int)(k / 100);
				const char *mn = lang == TS_LANG_EN ?
				    month_en[m - 1] : month_es[m - 1];
				if (y0 == y1 || y == 0)
					snprintf(lab, sizeof(lab), "%s", mn);
				else
					snprintf(lab, sizeof(lab), "%s %d", mn, y);
			}
			ts_chart_add_x(c, lab);
		}
		if (xmode == TS_X_MONTH && nx > 0)
			c->month0 = (int)(xs[0] % 100);
		/* Every series of the data, including those left out. */
		slot = xreallocarray(NULL, nall ? nall : 1, sizeof(*slot));
		for (i = 0; i < nall; i++)
			slot[i] = UINT32_MAX;
		for (i = 0; i < nser; i++)
			slot[rk[i].sid] = (uint32_t)(i < keep ? i :
			    nout > keep ? keep : UINT32_MAX);
		cols = xcalloc(nout ? nout : 1, sizeof(*cols));
		for (i = 0; i < nout; i++)
			cols[i] = xcalloc(nx ? nx : 1, sizeof(double));
		for (i = 0; i < ncells; i++) {
			struct cellkey k = unpack(ts_map_key(l->keys, (uint32_t)i));
			int64_t xk = x_key(k, xmode);
			int64_t *pos;
			if (xk < 0 || slot[k.sid] == UINT32_MAX)
				continue;
			pos = bsearch(&xk, xs, nx, sizeof(*xs), i64_cmp);
			cols[slot[k.sid]][pos - xs] += l->v[i];
		}
		for (i = 0; i < nout; i++) {
			char *lab = i < keep ? series_label((ts_str){ rk[i].name,
			    rk[i].namelen }, o) : xstrdup(lang == TS_LANG_EN ?
			    "Others" : "Otros");
			ts_chart_add_series(c, lab, cols[i],
			    i < keep ? 0 : TS_CHART_OTHERS_FLAG);
			free(lab);
			free(cols[i]);
		}
		free(cols);
		free(slot);
	}

	/* Titles and axis labels. */
	{
		const char *ml = metric_label(metric, lang, 0);
		const char *bl = o->by ? column_label(o->by, lang) : NULL;
		const char *xn = xmode == TS_X_MONTH ?
		    (lang == TS_LANG_EN ? "month" : "mes") :
		    (lang == TS_LANG_EN ? "year" : "año");
		const char *sep = *range ? ", " : "";

		if (o->kind == TS_CHART_BARS) {
			title = xasprintf("%s %s %s%s%s", ml,
			    lang == TS_LANG_EN ? "by" : "por",
			    bl ? bl : "", sep, range);
			t = bl ? capitalize(bl) : xstrdup("");
			ts_chart_set_axes(c, t, ml);
			free(t);
		} else if (o->kind == TS_CHART_SHARE) {
			title = xasprintf("%s: %s %s%s%s", ml,
			    lang == TS_LANG_EN ? "share by" : "participación por",
			    bl ? bl : (lang == TS_LANG_EN ? "series" : "serie"),
			    sep, range);
			t = xasprintf("%% %s %s", lang == TS_LANG_EN ? "of" : "de",
			    metric_label(metric, lang, 1));
			ts_chart_set_axes(c, xmode == TS_X_MONTH ?
			    (lang == TS_LANG_EN ? "Month" : "Mes") :
			    (lang == TS_LANG_EN ? "Year" : "Año"), t);
			free(t);
		} else {
			title = xasprintf("%s %s %s%s%s%s%s", ml,
			    lang == TS_LANG_EN ? "by" : "por", xn,
			    bl ? (lang == TS_LANG_EN ? " and " : " y ") : "",
			    bl ? bl : "", sep, range);
			ts_chart_set_axes(c, xmode == TS_X_MONTH ?
			    (lang == TS_LANG_EN ? "Month" : "Mes") :
			    (lang == TS_LANG_EN ? "Year" : "Año"), ml);
		}
		ts_chart_set_title(c, o->title ? o->title : title);
		free(title);
	}
	free(xs);
	free(rk);
	return c;
}

/* ---- gnuplot scripts ------------------------------------------------------ */

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

/* Value axis: range [0:top] and ticks with formatted labels. */
static double
value_ticks(sbuf *b, const ts_chart *c, const char *axis, double max)
{
	double step = nice_step(max > 0 ? max : 1, 1), top, v;
	char lab[48];
	int first = 1;

	top = ceil(max * 1.05 / step) * step;
	if (top <= 0)
		top = step;
	sb_printf(b, "set %sr [0:", axis);
	sb_num(b, top);
	sb_printf(b, "]\nset %stics (", axis);
	for (v = 0; v <= top * (1 + 1e-9); v += step) {
		ts_plot_fmt_tick(lab, v, c->lang);
		if (!first)
			sb_puts(b, ", ");
		sb_quote_tic(b, lab);
		sb_puts(b, " ");
		sb_num(b, v);
		first = 0;
	}
	sb_puts(b, ")\n");
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
category_ticks(sbuf *b, const ts_chart *c, int term, int width)
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
	sb_puts(b, "set xtics (");
	for (i = 0; i < c->nx; i++) {
		if (i > 0)
			sb_puts(b, ", ");
		/* Month labels fall on January, quarters or half years. */
		if ((c->month0 > 0 ? (size_t)(c->month0 - 1) + i : i) % k == 0) {
			sb_quote_tic(b, c->x[i]);
			sb_printf(b, " %zu", i);
		} else {
			sb_printf(b, "'' %zu 1", i);
		}
	}
	sb_puts(b, ")\n");
	if (rotate)
		sb_puts(b, "set xtics rotate by 45 right\n");
}

static void
header(sbuf *b, const ts_chart *c, int term, int w, int h)
{
	sb_puts(b, "# telestat plot: gnuplot script with inline data\n");
	sb_puts(b, "set encoding utf8\n");
	switch (term) {
	case TS_TERM_PNG:
		sb_printf(b, "set terminal pngcairo size %d,%d noenhanced "
		    "font 'Sans,10' background rgb 'white'\n", w, h);
		break;
	case TS_TERM_SVG:
		sb_printf(b, "set terminal svg size %d,%d noenhanced "
		    "font 'sans-serif,12' background rgb 'white'\n", w, h);
		break;
	case TS_TERM_PDF:
		sb_printf(b, "set terminal pdfcairo size %d.%02din,%d.%02din "
		    "noenhanced font 'Sans,10' fontscale 0.7\n", w / 100, w % 100,
		    h / 100,
		    h % 100);
		break;
	default:
		sb_printf(b, "set terminal dumb size %d,%d noenhanced nofeed\n",
		    w, h);
		break;
	}
	if (c->title && *c->title) {
		sb_puts(b, "set title ");
		sb_quote(b, c->title);
		sb_puts(b, term == TS_TERM_DUMB ? "\n" : " font ',13'\n");
	}
	sb_puts(b, "set border 3\nset tics nomirror out\n");
	if (term == TS_TERM_DUMB)
		sb_puts(b, "set xtics scale 0\n");
	if (term != TS_TERM_DUMB)
		sb_puts(b, "set border lc rgb '#555555'\n"
		    "set tics textcolor rgb '#333333'\n");
	/* Gaps in the data (NaN) break the line instead of joining across. */
	sb_puts(b, "set datafile missing 'NaN'\n");
}

static void
linetypes(sbuf *b, const ts_chart *c, int term, int dashed)
{
	size_t s;

	for (s = 0; s < c->ns; s++) {
		int others = c->s[s].flags & (TS_CHART_OTHERS_FLAG |
		    TS_CHART_MUTED_FLAG);
		sb_printf(b, "set linetype %zu lc rgb '%s' lw %s pt %d ps 0.9 "
		    "dt %d\n", s + 1,
		    others ? OTHERS_COLOR : palette[s % NPALETTE],
		    term == TS_TERM_DUMB ? "1" : "2",
		    points[s % NPALETTE],
		    !dashed ? 1 : others ? 2 : (int)(s / NPALETTE) % 4 + 1);
	}
}

static void
axis_labels(sbuf *b, const ts_chart *c, int swap)
{
	const char *xl = swap ? c->ylabel : c->xlabel;
	const char *yl = swap ? c->xlabel : c->ylabel;

	if (xl && *xl) {
		sb_puts(b, "set xlabel ");
		sb_quote(b, xl);
		sb_puts(b, "\n");
	}
	if (yl && *yl) {
		sb_puts(b, "set ylabel ");
		sb_quote(b, yl);
		sb_puts(b, "\n");
	}
}

static void
key(sbuf *b, int term, int invert)
{
	if (term == TS_TERM_DUMB)
		sb_puts(b, "set key outside below horizontal Left reverse "
		    "samplen 2\n");
	else
		sb_puts(b, "set key outside right top vertical Left reverse "
		    "samplen 2.5 spacing 1.3 width 1\n");
	if (invert)
		sb_puts(b, "set key invert\n");
}

static void
script_lines(sbuf *b, const ts_chart *c, int term, int w)
{
	size_t s, i;
	int points_on = c->nx <= 24 && term != TS_TERM_DUMB;

	linetypes(b, c, term, 1);
	axis_labels(b, c, 0);
	key(b, term, 0);
	if (term != TS_TERM_DUMB)
		sb_puts(b, "set grid ytics lt 1 lc rgb '#e5e5e5'\nset grid back\n");
	value_ticks(b, c, "y", max_value(c));
	if (c->nx == 1)
		sb_puts(b, "set xrange [-1:1]\n");
	else
		sb_printf(b, "set xrange [-0.25:%zu.25]\n", c->nx - 1);
	category_ticks(b, c, term, w);
	sb_puts(b, "$data << EOD\n");
	for (i = 0; i < c->nx; i++) {
		sb_printf(b, "%zu", i);
		for (s = 0; s < c->ns; s++) {
			sb_puts(b, " ");
			sb_num(b, c->s[s].v[i]);
		}
		sb_puts(b, "\n");
	}
	sb_puts(b, "EOD\n");
	if (c->ns == 0) {
		sb_puts(b, "unset key\nplot NaN notitle\n");
		return;
	}
	sb_puts(b, "plot");
	for (s = 0; s < c->ns; s++) {
		sb_printf(b, "%s $data using 1:%zu with %s lt %zu title ",
		    s ? ", \\\n    " : "", s + 2,
		    points_on ? "linespoints" : "lines", s + 1);
		sb_quote(b, c->s[s].name);
	}
	sb_puts(b, "\n");
}

static void
script_share(sbuf *b, const ts_chart *c, int term, int w)
{
	size_t s, i, nlabels = 0;
	const char *pct = c->lang == TS_LANG_EN ? "" : " ";

	linetypes(b, c, term, 0);
	axis_labels(b, c, 0);
	key(b, term, term != TS_TERM_DUMB);
	sb_puts(b, "set style data histograms\n"
	    "set style histogram rowstacked\n"
	    "set boxwidth 0.7 relative\n");
	if (term == TS_TERM_DUMB)
		sb_puts(b, "set style fill solid 1.0 border\n");
	else
		sb_puts(b, "set style fill solid 1.0 border lc rgb 'white'\n");
	sb_puts(b, "set yrange [0:100]\nset ytics (");
	for (i = 0; i <= 100; i += 20)
		sb_printf(b, "%s'%zu%s%%%%' %zu", i ? ", " : "", i, pct, i);
	sb_puts(b, ")\n");
	sb_printf(b, "set xrange [-0.6:%zu.6]\n", c->nx - 1);
	category_ticks(b, c, term, w);
	sb_puts(b, "$data << EOD\n");
	for (i = 0; i < c->nx; i++) {
		double tot = 0;
		for (s = 0; s < c->ns; s++)
			if (!isnan(c->s[s].v[i]))
				tot += c->s[s].v[i];
		sb_printf(b, "%zu", i);
		for (s = 0; s < c->ns; s++) {
			double v = c->s[s].v[i];
			sb_puts(b, " ");
			sb_printf(b, "%.4f", tot > 0 && !isnan(v) ?
			    100 * v / tot : 0.0);
		}
		sb_puts(b, "\n");
	}
	sb_puts(b, "EOD\n");
	if (term != TS_TERM_DUMB) {
		/* Percentages inside the segments tall enough to hold one. */
		sb_puts(b, "$labels << EOD\n");
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
					sb_printf(b, "%zu %.4f %.0f\n", i,
					    cum + p / 2, p);
					nlabels++;
				}
				cum += p;
			}
		}
		sb_puts(b, "EOD\n");
	}
	if (c->ns == 0) {
		sb_puts(b, "unset key\nplot NaN notitle\n");
		return;
	}
	sb_puts(b, "plot");
	for (s = 0; s < c->ns; s++) {
		sb_printf(b, "%s $data using %zu lt %zu ",
		    s ? ", \\\n    " : "", s + 2, s + 1);
		if (term == TS_TERM_DUMB) {
			sb_puts(b, "notitle");
		} else {
			sb_puts(b, "title ");
			sb_quote(b, c->s[s].name);
		}
	}
	if (term == TS_TERM_DUMB) {
		/*
		 * The text terminal cannot draw a filled box in the key, so
		 * the key shows each series as an (empty) line drawn with the
		 * character that outlines its segments.
		 */
		for (s = 0; s < c->ns; s++) {
			sb_printf(b, ", \\\n    NaN with lines lt %zu title ", s + 1);
			sb_quote(b, c->s[s].name);
		}
	} else if (nlabels > 0) {
		sb_printf(b, ", \\\n    $labels using 1:2:(sprintf('%%.0f%s', "
		    "$3)) with labels textcolor rgb '#ffffff' font ',9' "
		    "notitle", c->lang == TS_LANG_EN ? "%%" : " %%");
	}
	sb_puts(b, "\n");
}

static void
script_bars(sbuf *b, const ts_chart *c, int term)
{
	size_t i, n = c->nx;
	double top, max = max_value(c);
	char lab[48];

	axis_labels(b, c, 1);
	sb_puts(b, "unset key\n");
	if (term != TS_TERM_DUMB)
		sb_puts(b, "set grid xtics lt 1 lc rgb '#e5e5e5'\nset grid back\n");
	/* Room right of the longest bar for its value. */
	top = value_ticks(b, c, "x", max * 1.12);
	(void)top;
	sb_printf(b, "set yrange [%s:%zu.%s]\n", term == TS_TERM_DUMB ?
	    "-0.5" : "-0.6", n ? n - 1 : 0, term == TS_TERM_DUMB ? "5" : "6");
	sb_puts(b, "set ytics scale 0 (");
	for (i = 0; i < n; i++) {
		if (i > 0)
			sb_puts(b, ", ");
		sb_quote_tic(b, c->x[i]);
		sb_printf(b, " %zu", n - 1 - i);
	}
	sb_puts(b, ")\n");
	if (term != TS_TERM_DUMB)
		sb_puts(b, "set style fill solid 1.0 noborder\n");
	for (i = 0; i < n; i++) {
		double v = c->ns ? c->s[0].v[i] : NAN;
		if (isnan(v))
			continue;
		ts_plot_fmt_int(lab, v, c->lang);
		sb_printf(b, "set label %zu ", i + 1);
		sb_quote(b, lab);
		sb_puts(b, " at first ");
		sb_num(b, v);
		sb_printf(b, ", first %zu left offset character %s,0 "
		    "front\n", n - 1 - i, term == TS_TERM_DUMB ? "2" : "0.6");
	}
	sb_puts(b, "$data << EOD\n");
	for (i = 0; i < n; i++) {
		double v = c->ns ? c->s[0].v[i] : NAN;
		int others = c->ns && (c->s[0].flags & TS_CHART_OTHERS_FLAG) &&
		    i == n - 1;
		if (term == TS_TERM_DUMB) {
			/* A line from 0 to the value: one row of '#' per bar. */
			sb_printf(b, "%s0 %zu\n", i ? "\n" : "", n - 1 - i);
			sb_num(b, v);
			sb_printf(b, " %zu\n", n - 1 - i);
			continue;
		}
		sb_printf(b, "%zu ", n - 1 - i);
		sb_num(b, v);
		sb_printf(b, " %ld\n", strtol((others ? OTHERS_COLOR :
		    palette[0]) + 1, NULL, 16));
	}
	sb_puts(b, "EOD\n");
	if (term == TS_TERM_DUMB)
		sb_puts(b, "plot $data using 1:2 with lines lt 2 notitle\n");
	else
		sb_puts(b, "plot $data using ($2/2):1:($2/2):(0.36):3 with "
		    "boxxyerror lc rgb variable notitle\n");
}

char *
ts_plot_script(const ts_chart *c, int term, int width, int height,
    size_t *len)
{
	sbuf b = { 0 };

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
		sb_puts(&b, "unset key\nset xrange [0:1]\nset yrange [0:1]\n"
		    "plot NaN notitle\n");
	} else if (c->kind == TS_CHART_BARS) {
		script_bars(&b, c, term);
	} else if (c->kind == TS_CHART_SHARE) {
		script_share(&b, c, term, width);
	} else {
		script_lines(&b, c, term, width);
	}
	if (len)
		*len = b.n;
	return b.p;
}

/* ---- rendering ----------------------------------------------------------- */

/* Dumb output: no trailing spaces, no blank lines around, final newline. */
static size_t
tidy_text(char *p, size_t n)
{
	size_t i = 0, o = 0, line_start;

	/* Skip leading blank lines. */
	for (;;) {
		size_t j = i;
		while (j < n && (p[j] == ' ' || p[j] == '\f' || p[j] == '\r'))
			j++;
		if (j < n && p[j] == '\n')
			i = j + 1;
		else
			break;
	}
	while (i < n) {
		size_t end;
		line_start = i;
		while (i < n && p[i] != '\n')
			i++;
		end = i;
		while (end > line_start && (p[end - 1] == ' ' ||
		    p[end - 1] == '\r' || p[end - 1] == '\f'))
			end--;
		memmove(p + o, p + line_start, end - line_start);
		o += end - line_start;
		p[o++] = '\n';
		if (i < n)
			i++;
	}
	while (o > 1 && p[o - 1] == '\n' && p[o - 2] == '\n')
		o--;
	return o;
}

int
ts_plot_render(const ts_chart *c, int term, int width, int height,
    char **img, size_t *len, char **err)
{
	size_t slen;
	char *script = ts_plot_script(c, term, width, height, &slen);
	int rc;

	rc = ts_gnuplot_run(script, slen, img, len, err);
	free(script);
	if (rc != 0)
		return rc;
	if (term == TS_TERM_DUMB) {
		*img = xrealloc(*img, *len + 2);
		*len = tidy_text(*img, *len);
		(*img)[*len] = '\0';
	}
	if (*len == 0) {
		free(*img);
		*img = NULL;
		free(*err);
		*err = xstrdup("gnuplot wrote no image");
		return TS_EXIT_IO;
	}
	return 0;
}

int
ts_plot_svg(const ts_chart *c, char **svg, size_t *len, char **err)
{
	return ts_plot_render(c, TS_TERM_SVG, 0, 0, svg, len, err);
}

static void
sb_xml(sbuf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': sb_puts(b, "&amp;"); break;
		case '<': sb_puts(b, "&lt;"); break;
		case '>': sb_puts(b, "&gt;"); break;
		case '"': sb_puts(b, "&quot;"); break;
		case '\'': sb_puts(b, "&apos;"); break;
		default: sb_add(b, s, 1); break;
		}
	}
}

static int
starts(const char *p, const char *end, const char *lit)
{
	size_t n = strlen(lit);

	return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

int
ts_plot_svg_inline(const ts_chart *c, const char *id_prefix, char **svg,
    size_t *len, char **err)
{
	return ts_plot_svg_inline_size(c, id_prefix, 0, 0, TS_PLOT_WIDTH, svg,
	    len, err);
}

int
ts_plot_svg_inline_size(const ts_chart *c, const char *id_prefix, int width,
    int height, int max_width, char **svg, size_t *len, char **err)
{
	char *doc, *p, *end;
	size_t n;
	sbuf b = { 0 };
	int rc, in_tag = 0, root_done = 0;
	const char *title = ts_chart_title(c);

	rc = ts_plot_render(c, TS_TERM_SVG, width, height, &doc, &n, err);
	if (rc != 0) {
		*svg = NULL;
		*len = 0;
		return rc;
	}
	end = doc + n;
	p = doc;
	/* Drop the XML declaration and anything else before the root. */
	while (p < end && !starts(p, end, "<svg"))
		p++;
	sb_add(&b, "", 0);
	while (p < end) {
		if (!in_tag && *p == '<') {
			if (starts(p, end, "<title>") || starts(p, end, "<desc>")) {
				int is_title = p[1] == 't';
				char *close = strstr(p, is_title ? "</title>" :
				    "</desc>");
				if (close != NULL) {
					if (is_title) {
						sb_puts(&b, "<title>");
						sb_xml(&b, title);
						sb_puts(&b, "</title>");
					}
					p = close + (is_title ? 8 : 7);
					if (!is_title && p < end && *p == '\n')
						p++;
					continue;
				}
			}
			in_tag = 1;
		} else if (in_tag && *p == '>') {
			in_tag = 0;
			if (!root_done) {
				/* End of <svg ...>: scale with the page. */
				root_done = 1;
				if (max_width > 0)
					sb_printf(&b, " style=\"max-width:%dpx;",
					    max_width);
				else
					sb_puts(&b, " style=\"");
				sb_puts(&b, "width:100%;height:auto\" role=\"img\" "
				    "aria-label=\"");
				sb_xml(&b, title);
				sb_puts(&b, "\"");
			}
		} else if (in_tag && !root_done &&
		    (starts(p, end, "width=\"") || starts(p, end, "height=\""))) {
			/* The fixed size of the root element goes. */
			size_t m = p[0] == 'w' ? 7 : 8;
			char *q = memchr(p + m, '"', (size_t)(end - p) - m);
			if (q != NULL && (p[-1] == ' ' || p[-1] == '\n')) {
				p = q + 1;
				continue;
			}
		} else if (in_tag) {
			static const char *const refs[] = { "id='", "id=\"",
				"href='#", "href=\"#", "url(#" };
			size_t i;
			int hit = 0;
			for (i = 0; i < 5; i++) {
				size_t m = strlen(refs[i]);
				if (starts(p, end, refs[i]) && (i >= 2 ||
				    p == doc || p[-1] == ' ' || p[-1] == '\t' ||
				    p[-1] == '\n')) {
					sb_add(&b, p, m);
					sb_puts(&b, id_prefix);
					p += m;
					hit = 1;
					break;
				}
			}
			if (hit)
				continue;
		}
		sb_add(&b, p, 1);
		p++;
	}
	free(doc);
	*svg = b.p;
	*len = b.n;
	return 0;
}
