/* filter.c - record selection; see filter.h. */
#include "filter.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "util.h"
#include "values.h"

struct yrange {
	long lo, hi;
};

struct cat_item {
	char *cat;
	char *sub;           /* NULL: any subcategory */
};

struct expr {
	char *col;
	int idx;
	int negate;
	char *val;           /* escaped as in records, to compare raw bytes */
	size_t len;
};

/* One decision per distinct raw value (or pair of values). */
struct memo {
	ts_map *map;
	unsigned char *val;
	size_t cap;
};

struct ts_filter {
	const ts_taxonomy *tax;
	ts_taxonomy *own_tax;        /* read by ts_filter_compile */
	int stats;
	ts_progress *progress;       /* borrowed, or NULL */
	struct yrange *years;
	size_t nyears;
	int has_from, has_to;
	long from, to;               /* YYYYMMDD */
	struct cat_item *cats;
	size_t ncats;
	char *rollup;
	char **regions, **insts;
	size_t nregions, ninsts;
	const char *wp;              /* "yes", "no" or NULL */
	struct expr *exprs;
	size_t nexprs;
	int invert;

	int bound;
	char **colnames;
	size_t ncols;
	int c_date, c_year, c_month, c_cat, c_sub, c_region, c_inst, c_wp;
	struct memo cat_memo, region_memo, inst_memo;
	char *scratch, *key;
	size_t scratchcap, keycap;
	uint64_t straddle;
};

ts_filter *
ts_filter_new(const ts_taxonomy *tax)
{
	ts_filter *f = xcalloc(1, sizeof(*f));

	f->tax = tax;
	f->c_date = f->c_year = f->c_month = f->c_cat = f->c_sub = -1;
	f->c_region = f->c_inst = f->c_wp = -1;
	return f;
}

static void
memo_free(struct memo *m)
{
	ts_map_free(m->map);
	free(m->val);
}

static void
free_list(char **l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

void
ts_filter_free(ts_filter *f)
{
	size_t i;

	if (f == NULL)
		return;
	free(f->years);
	for (i = 0; i < f->ncats; i++) {
		free(f->cats[i].cat);
		free(f->cats[i].sub);
	}
	free(f->cats);
	free(f->rollup);
	free_list(f->regions, f->nregions);
	free_list(f->insts, f->ninsts);
	for (i = 0; i < f->nexprs; i++) {
		free(f->exprs[i].col);
		free(f->exprs[i].val);
	}
	free(f->exprs);
	free_list(f->colnames, f->ncols);
	memo_free(&f->cat_memo);
	memo_free(&f->region_memo);
	memo_free(&f->inst_memo);
	free(f->scratch);
	free(f->key);
	ts_taxonomy_free(f->own_tax);
	free(f);
}

/* Decimal digits P[0..n) (values.h), at most 9 of them; -1 if not. */
static long
digits(const char *p, size_t n)
{
	uint64_t v;

	return n <= 9 && ts_num_parse(p, n, 0, 999999999, &v) == NULL ?
	    (long)v : -1;
}

static int
days_in(long y, long m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/* YYYY-MM-DD, a real calendar day, into YYYYMMDD; -1 when invalid. */
static long
parse_day(const char *p, size_t n)
{
	long y, m, d;

	if (n != 10 || p[4] != '-' || p[7] != '-')
		return -1;
	y = digits(p, 4);
	m = digits(p + 5, 2);
	d = digits(p + 8, 2);
	if (y < 0 || m < 1 || m > 12 || d < 1 || d > days_in(y, m))
		return -1;
	return y * 10000 + m * 100 + d;
}

/* A bound: YYYY-MM-DD, YYYY-MM or YYYY; LAST picks the period's end. */
static long
parse_bound(const char *s, int last)
{
	size_t n = strlen(s);
	long y, m;

	if (n == 10)
		return parse_day(s, n);
	y = digits(s, 4);
	if (y < 0)
		return -1;
	if (n == 4)
		return y * 10000 + (last ? 1231 : 101);
	if (n == 7 && s[4] == '-') {
		m = digits(s + 5, 2);
		if (m < 1 || m > 12)
			return -1;
		return y * 10000 + m * 100 + (last ? days_in(y, m) : 1);
	}
	return -1;
}

int
ts_filter_years(ts_filter *f, const char *spec, ts_error *e)
{
	const char *p = spec;

	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		const char *dash = memchr(p, '-', n);
		struct yrange y;

		if (dash != NULL) {
			y.lo = digits(p, (size_t)(dash - p));
			y.hi = digits(dash + 1, n - (size_t)(dash - p) - 1);
		} else {
			y.lo = y.hi = digits(p, n);
		}
		if (y.lo < 0 || y.hi < 0 || y.lo > y.hi) {
			ts_error_set(e, TS_EXIT_USAGE,
			    "--year: expected YEAR, FIRST-LAST or a "
			    "comma list of them, got \"%s\"", spec);
			return -1;
		}
		f->years = xreallocarray(f->years, f->nyears + 1, sizeof(y));
		f->years[f->nyears++] = y;
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

int
ts_filter_from(ts_filter *f, const char *date, ts_error *e)
{
	long v = parse_bound(date, 0);

	if (v < 0) {
		ts_error_set(e, TS_EXIT_USAGE,
		    "--from: expected YYYY-MM-DD, YYYY-MM or "
		    "YYYY, got \"%s\"", date);
		return -1;
	}
	f->has_from = 1;
	f->from = v;
	if (f->has_to && f->to < f->from) {
		ts_error_set(e, TS_EXIT_USAGE, "--from is after --to");
		return -1;
	}
	return 0;
}

int
ts_filter_to(ts_filter *f, const char *date, ts_error *e)
{
	long v = parse_bound(date, 1);

	if (v < 0) {
		ts_error_set(e, TS_EXIT_USAGE,
		    "--to: expected YYYY-MM-DD, YYYY-MM or "
		    "YYYY, got \"%s\"", date);
		return -1;
	}
	f->has_to = 1;
	f->to = v;
	if (f->has_from && f->to < f->from) {
		ts_error_set(e, TS_EXIT_USAGE, "--from is after --to");
		return -1;
	}
	return 0;
}

/* Splits a comma list into *items (appended); empty items are errors. */
static int
split_list(const char *opt, const char *list, char ***items, size_t *n,
    ts_error *e)
{
	const char *p = list;

	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == 0) {
			ts_error_set(e, TS_EXIT_USAGE,
			    "%s: empty item in \"%s\"", opt, list);
			return -1;
		}
		*items = xreallocarray(*items, *n + 1, sizeof(char *));
		(*items)[(*n)++] = xstrndup(p, len);
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

int
ts_filter_categories(ts_filter *f, const char *list, ts_error *e)
{
	char **items = NULL;
	size_t n = 0, i;
	int rc = 0;

	if (split_list("--category", list, &items, &n, e) < 0) {
		free_list(items, n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		char *slash = strchr(items[i], '/');
		struct cat_item c;
		if (slash != NULL)
			*slash = '\0';
		if (ts_taxonomy_find(f->tax, items[i], strlen(items[i])) == NULL) {
			ts_error_set(e, TS_EXIT_USAGE,
			    "--category: unknown category \"%s\" "
			    "(see telestat-taxonomy(7))", items[i]);
			rc = -1;
			break;
		}
		if (slash != NULL && ts_taxonomy_find_sub(f->tax, items[i],
		    slash + 1, strlen(slash + 1)) == NULL) {
			ts_error_set(e, TS_EXIT_USAGE,
			    "--category: unknown subcategory "
			    "\"%s\" of %s (see telestat-taxonomy(7))", slash + 1,
			    items[i]);
			rc = -1;
			break;
		}
		c.cat = xstrdup(items[i]);
		c.sub = slash ? xstrdup(slash + 1) : NULL;
		f->cats = xreallocarray(f->cats, f->ncats + 1, sizeof(c));
		f->cats[f->ncats++] = c;
	}
	free_list(items, n);
	return rc;
}

int
ts_filter_rollup(ts_filter *f, const char *name, ts_error *e)
{
	if (!ts_taxonomy_has_rollup(f->tax, name)) {
		char known[sizeof(e->msg)];
		size_t n, i, k = 0;
		const char *const *names = ts_taxonomy_rollups(f->tax, &n);

		known[0] = '\0';
		for (i = 0; i < n && k < sizeof(known); i++)
			k += (size_t)snprintf(known + k, sizeof(known) - k, " %s",
			    names[i]);
		return ts_error_set(e, TS_EXIT_USAGE,
		    "--rollup: unknown roll-up \"%s\" (known:%s)", name, known);
	}
	free(f->rollup);
	f->rollup = xstrdup(name);
	return 0;
}

int
ts_filter_regions(ts_filter *f, const char *list, ts_error *e)
{
	return split_list("--region", list, &f->regions, &f->nregions, e);
}

int
ts_filter_institutions(ts_filter *f, const char *list, ts_error *e)
{
	return split_list("--institution", list, &f->insts, &f->ninsts, e);
}

int
ts_filter_with_patient(ts_filter *f, const char *yn, ts_error *e)
{
	if (strcmp(yn, "yes") == 0)
		f->wp = "yes";
	else if (strcmp(yn, "no") == 0)
		f->wp = "no";
	else {
		ts_error_set(e, TS_EXIT_USAGE,
		    "--with-patient: expected yes or no, got "
		    "\"%s\"", yn);
		return -1;
	}
	return 0;
}

int
ts_filter_expr(ts_filter *f, const char *s, ts_error *err)
{
	const char *eq = strchr(s, '=');
	struct expr e;
	size_t cn, i, o = 0;

	if (eq == NULL || eq == s || (eq == s + 1 && s[0] == '!')) {
		ts_error_set(err, TS_EXIT_USAGE,
		    "-e: expected COLUMN=VALUE or COLUMN!=VALUE, "
		    "got \"%s\"", s);
		return -1;
	}
	memset(&e, 0, sizeof(e));
	cn = (size_t)(eq - s);
	if (s[cn - 1] == '!') {
		e.negate = 1;
		cn--;
	}
	e.col = xstrndup(s, cn);
	e.idx = -1;
	/* Escape the value once so rows compare as raw bytes. */
	e.val = xmalloc(2 * strlen(eq + 1) + 1);
	for (i = 0; eq[1 + i] != '\0'; i++) {
		char c = eq[1 + i], esc = 0;
		switch (c) {
		case '\t': esc = 't'; break;
		case '\n': esc = 'n'; break;
		case '\r': esc = 'r'; break;
		case '\\': esc = '\\'; break;
		default: break;
		}
		if (esc) {
			e.val[o++] = '\\';
			e.val[o++] = esc;
		} else
			e.val[o++] = c;
	}
	e.val[o] = '\0';
	e.len = o;
	f->exprs = xreallocarray(f->exprs, f->nexprs + 1, sizeof(e));
	f->exprs[f->nexprs++] = e;
	return 0;
}

void
ts_filter_invert(ts_filter *f, int invert)
{
	f->invert = invert;
}

static int
need_col(ts_reader *r, const char *name, const char *opt, ts_error *e)
{
	int i = ts_reader_find(r, name);
	char *msg;

	if (i < 0) {
		msg = ts_reader_missing(r, name, opt);
		ts_error_set(e, TS_EXIT_MISSING_COLUMN, "%s", msg);
		free(msg);
	}
	return i;
}

int
ts_filter_begin(ts_filter *f, ts_reader *r, ts_error *e)
{
	size_t i, n = ts_reader_ncols(r);

	if (f->bound) {
		int same = n == f->ncols;
		for (i = 0; same && i < n; i++)
			same = strcmp(ts_reader_colname(r, i), f->colnames[i]) == 0;
		if (!same) {
			ts_error_set(e, TS_EXIT_DATA,
			    "%s: columns differ from the first "
			    "input's; file skipped", ts_reader_name(r));
			return -1;
		}
		return 0;
	}
	f->c_date = ts_reader_find(r, "date");
	f->c_year = ts_reader_find(r, "year");
	f->c_month = ts_reader_find(r, "month");
	if ((f->nyears > 0 || f->has_from || f->has_to) && f->c_date < 0 &&
	    f->c_year < 0) {
		char *msg = ts_reader_missing(r, "\"date\" or \"year\"",
		    f->nyears > 0 ? "--year" : f->has_from ? "--from" : "--to");
		ts_error_set(e, TS_EXIT_MISSING_COLUMN, "%s", msg);
		free(msg);
		return -1;
	}
	if (f->ncats > 0) {
		if ((f->c_cat = need_col(r, "category", "--category", e)) < 0)
			return -1;
		f->c_sub = ts_reader_find(r, "subcategory");
	}
	if (f->nregions > 0 && (f->c_region = need_col(r, "region",
	    "--region", e)) < 0)
		return -1;
	if (f->ninsts > 0 && (f->c_inst = need_col(r, "institution",
	    "--institution", e)) < 0)
		return -1;
	if (f->wp != NULL && (f->c_wp = need_col(r, "with_patient",
	    "--with-patient", e)) < 0)
		return -1;
	for (i = 0; i < f->nexprs; i++) {
		f->exprs[i].idx = need_col(r, f->exprs[i].col, "-e", e);
		if (f->exprs[i].idx < 0)
			return -1;
	}
	f->ncols = n;
	f->colnames = xcalloc(n ? n : 1, sizeof(char *));
	for (i = 0; i < n; i++)
		f->colnames[i] = xstrdup(ts_reader_colname(r, i));
	f->bound = 1;
	return 0;
}

/* Unescaped, NUL-terminated copy of S in the scratch buffer at OFF. */
static char *
scratch_copy(ts_filter *f, ts_str s, size_t off)
{
	if (off + s.n + 1 > f->scratchcap) {
		f->scratchcap = (off + s.n + 1) * 2;
		f->scratch = xrealloc(f->scratch, f->scratchcap);
	}
	f->scratch[off + ts_unescape(s, f->scratch + off)] = '\0';
	return f->scratch + off;
}

static int
ascii_casecmp(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y + 32);
		if (x != y)
			return 1;
	}
	return 0;
}

static int
in_list(char **items, size_t n, const char *v, int country_prefix)
{
	size_t i, vn = strlen(v);

	for (i = 0; i < n; i++) {
		size_t k = strlen(items[i]);
		if (k == vn && ascii_casecmp(items[i], v, k) == 0)
			return 1;
		/* "PE" selects PE-LIM, PE-LMA...: ISO 3166-2 codes. */
		if (country_prefix && k == 2 && vn > 3 && v[2] == '-' &&
		    ascii_casecmp(items[i], v, 2) == 0)
			return 1;
	}
	return 0;
}

/* Memo lookup: the decision for KEY, computing it with FN when new. */
static int
memo_get(ts_filter *f, struct memo *m, ts_str key,
    int (*fn)(ts_filter *, ts_str))
{
	int ins;
	uint32_t id;

	if (m->map == NULL)
		m->map = ts_map_new();
	id = ts_map_intern(m->map, key.p, key.n, &ins);
	if (ins) {
		if (id >= m->cap) {
			m->cap = m->cap ? m->cap * 2 : 64;
			m->val = xrealloc(m->val, m->cap);
		}
		m->val[id] = (unsigned char)fn(f, key);
	}
	return m->val[id];
}

static int
region_test(ts_filter *f, ts_str raw)
{
	return in_list(f->regions, f->nregions, scratch_copy(f, raw, 0), 1);
}

static int
inst_test(ts_filter *f, ts_str raw)
{
	return in_list(f->insts, f->ninsts, scratch_copy(f, raw, 0), 0);
}

/* KEY is "CATEGORY\tSUBCATEGORY", raw. */
static int
cat_test(ts_filter *f, ts_str key)
{
	const char *tab = memchr(key.p, '\t', key.n);
	ts_str rc = { key.p, (size_t)(tab - key.p) };
	ts_str rs = { tab + 1, key.n - rc.n - 1 };
	char *cat, *sub;
	const char *parent;
	size_t i;

	/* Room for both first: a second copy must not move the first. */
	scratch_copy(f, (ts_str){ "", 0 }, key.n + 1);
	cat = scratch_copy(f, rc, 0);
	sub = scratch_copy(f, rs, rc.n + 1);
	parent = f->rollup ? ts_taxonomy_parent(f->tax, f->rollup, cat) : cat;

	for (i = 0; i < f->ncats; i++) {
		const struct cat_item *c = &f->cats[i];
		if (strcmp(c->cat, cat) != 0 && strcmp(c->cat, parent) != 0)
			continue;
		if (c->sub == NULL || strcmp(c->sub, sub) == 0)
			return 1;
	}
	return 0;
}

/*
 * The date, year and month of a record, read as values.h says: 0, or -1
 * with ERR naming the column at fault.
 */
static int
row_when(ts_filter *f, ts_str *fields, ts_date *when, ts_error *e)
{
	static const ts_str none = { "", 0 };
	const char *why;
	int field, c;

	if (ts_when_read(f->c_date >= 0 ? fields[f->c_date] : none,
	    f->c_year >= 0 ? fields[f->c_year] : none,
	    f->c_month >= 0 ? fields[f->c_month] : none, when, &field,
	    &why) == 0)
		return 0;
	c = field == TS_WHEN_DATE ? f->c_date :
	    field == TS_WHEN_YEAR ? f->c_year : f->c_month;
	ts_error_set(e, TS_EXIT_DATA,
	    "column %s: %s \"%.*s\"", ts_when_column(field),
	    why, (int)(fields[c].n > 64 ? 64 : fields[c].n), fields[c].p);
	return -1;
}

/*
 * The period a record covers, as YYYYMMDD bounds: its date, else its
 * month, else its year. Returns 1, 0 when unknown, -1 when a value is
 * invalid (ERR set).
 */
static int
row_period(ts_filter *f, ts_str *fields, long *lo, long *hi, ts_error *e)
{
	ts_date w;

	if (row_when(f, fields, &w, e) != 0)
		return -1;
	if (w.y == 0)
		return 0;
	if (w.d != 0) {
		*lo = *hi = w.y * 10000L + w.m * 100 + w.d;
	} else if (w.m == 0) {
		*lo = w.y * 10000L + 101;
		*hi = w.y * 10000L + 1231;
	} else {
		*lo = w.y * 10000L + w.m * 100 + 1;
		*hi = w.y * 10000L + w.m * 100 + days_in(w.y, w.m);
	}
	return 1;
}

static int
year_test(ts_filter *f, ts_str *fields, int *bad, ts_error *e)
{
	ts_date w;
	size_t i;

	if (row_when(f, fields, &w, e) != 0) {
		*bad = 1;
		return 0;
	}
	if (w.y == 0)
		return 0;
	for (i = 0; i < f->nyears; i++)
		if (w.y >= f->years[i].lo && w.y <= f->years[i].hi)
			return 1;
	return 0;
}

static int
exprs_test(ts_filter *f, ts_str *fields)
{
	size_t i, j;

	/* Per column: equal to one of its "=" values, none of its "!=". */
	for (i = 0; i < f->nexprs; i++) {
		const struct expr *e = &f->exprs[i];
		ts_str v = fields[e->idx];
		int eq = v.n == e->len && memcmp(v.p, e->val, v.n) == 0;
		if (e->negate) {
			if (eq)
				return 0;
			continue;
		}
		if (eq)
			continue;
		/* Not this value: another "=" on the same column may match. */
		for (j = 0; j < f->nexprs; j++) {
			const struct expr *o = &f->exprs[j];
			if (j != i && !o->negate && o->idx == e->idx &&
			    v.n == o->len && memcmp(v.p, o->val, v.n) == 0)
				break;
		}
		if (j == f->nexprs)
			return 0;
	}
	return 1;
}

static int
matches(ts_filter *f, ts_str *fields, int *bad, ts_error *e)
{
	if (f->wp != NULL && !ts_str_eq(fields[f->c_wp], f->wp))
		return 0;
	if (f->nexprs > 0 && !exprs_test(f, fields))
		return 0;
	if (f->ncats > 0) {
		ts_str c = fields[f->c_cat];
		ts_str s = f->c_sub >= 0 ? fields[f->c_sub] : TS_STR("");
		ts_str key;
		/* The key lives apart from the scratch cat_test unescapes into. */
		if (c.n + s.n + 1 > f->keycap) {
			f->keycap = (c.n + s.n + 1) * 2;
			f->key = xrealloc(f->key, f->keycap);
		}
		memcpy(f->key, c.p, c.n);
		f->key[c.n] = '\t';
		memcpy(f->key + c.n + 1, s.p, s.n);
		key.p = f->key;
		key.n = c.n + s.n + 1;
		if (!memo_get(f, &f->cat_memo, key, cat_test))
			return 0;
	}
	if (f->nregions > 0 &&
	    !memo_get(f, &f->region_memo, fields[f->c_region], region_test))
		return 0;
	if (f->ninsts > 0 &&
	    !memo_get(f, &f->inst_memo, fields[f->c_inst], inst_test))
		return 0;
	if (f->nyears > 0 && !year_test(f, fields, bad, e))
		return 0;
	if (f->has_from || f->has_to) {
		long lo = 0, hi = 0;
		int k = row_period(f, fields, &lo, &hi, e);
		long from = f->has_from ? f->from : 0;
		long to = f->has_to ? f->to : 99991231;
		if (k < 0)
			*bad = 1;
		if (k <= 0)
			return 0;
		if (lo >= from && hi <= to)
			return 1;
		if (lo <= to && hi >= from)
			f->straddle++;
		return 0;
	}
	return 1;
}

int
ts_filter_row(ts_filter *f, ts_str *fields, int *bad, ts_error *e)
{
	int m;

	*bad = 0;
	m = matches(f, fields, bad, e);
	return f->invert ? !m : m;
}

uint64_t
ts_filter_straddling(const ts_filter *f)
{
	return f->straddle;
}

void
ts_filter_list_add(struct ts_filter_list *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(char *));
	l->v[l->n++] = s;
}

void
ts_filter_opts_free(struct ts_filter_opts *o)
{
	free(o->years.v);
	free(o->categories.v);
	free(o->regions.v);
	free(o->institutions.v);
	free(o->exprs.v);
}

/* Applies each value of L with SET; stops at the first error. */
static int
apply_list(ts_filter *f, const struct ts_filter_list *l,
    int (*set)(ts_filter *, const char *, ts_error *), ts_error *e)
{
	size_t k;

	for (k = 0; k < l->n; k++)
		if (set(f, l->v[k], e) != 0)
			return -1;
	return 0;
}

ts_filter *
ts_filter_compile(const struct ts_filter_opts *o, ts_error *e)
{
	ts_taxonomy *tax = NULL;
	ts_filter *f;
	int rc;

	if (o->rollup != NULL && o->categories.n == 0) {
		ts_error_set(e, TS_EXIT_USAGE, "--rollup needs --category");
		e->usage = 1;
		return NULL;
	}
	/* The taxonomy is read only when categories are named. */
	if (o->categories.n > 0 && (tax = ts_taxonomy_load(NULL, e)) == NULL)
		return NULL;
	f = ts_filter_new(tax);
	f->own_tax = tax;
	f->stats = o->stats;
	f->progress = o->progress;
	rc = apply_list(f, &o->years, ts_filter_years, e);
	if (rc == 0 && o->from != NULL)
		rc = ts_filter_from(f, o->from, e);
	if (rc == 0 && o->to != NULL)
		rc = ts_filter_to(f, o->to, e);
	if (rc == 0)
		rc = apply_list(f, &o->categories, ts_filter_categories, e);
	if (rc == 0 && o->rollup != NULL)
		rc = ts_filter_rollup(f, o->rollup, e);
	if (rc == 0)
		rc = apply_list(f, &o->regions, ts_filter_regions, e);
	if (rc == 0)
		rc = apply_list(f, &o->institutions, ts_filter_institutions, e);
	if (rc == 0 && o->with_patient != NULL)
		rc = ts_filter_with_patient(f, o->with_patient, e);
	if (rc == 0)
		rc = apply_list(f, &o->exprs, ts_filter_expr, e);
	if (rc != 0) {
		/* The setters filled E (TS_EXIT_USAGE). */
		e->usage = 1;
		ts_filter_free(f);
		return NULL;
	}
	ts_filter_invert(f, o->invert);
	return f;
}

struct filter_counts {
	uint64_t in, kept, dropped, rejected, invalid;
};

/* The records header, as the first input has it. */
static void
write_header(ts_out *out, const ts_reader *r)
{
	size_t c, n = ts_reader_ncols(r);

	for (c = 0; c < n; c++) {
		if (c > 0)
			ts_out_putc(out, '\t');
		ts_out_field_str(out, ts_reader_colname(r, c));
	}
	ts_out_putc(out, '\n');
}

/* Every record of R, kept (copied as it is) or dropped. */
static void
filter_records(ts_filter *f, ts_reader *r, ts_out *out,
    struct filter_counts *n)
{
	ts_error e;
	ts_str *fields, raw;
	int rc, bad;

	/* A failed output (a full disk, a reader gone) ends the reading. */
	while (!ts_out_failed(out) &&
	    (rc = ts_reader_next(r, &fields)) != TS_ROW_EOF) {
		if (rc == TS_ROW_FAIL) {
			ts_status_raise(TS_EXIT_IO);
			break;
		}
		n->in++;
		if (rc == TS_ROW_BAD) {
			ts_reader_warn(r, ts_reader_error(r));
			n->rejected++;
			ts_status_raise(TS_EXIT_DATA);
			continue;
		}
		if (ts_filter_row(f, fields, &bad, &e)) {
			raw = ts_reader_raw(r);
			ts_out_write(out, raw.p, raw.n);
			ts_out_putc(out, '\n');
			n->kept++;
		} else
			n->dropped++;
		if (bad) {
			ts_reader_warn(r, e.msg);
			n->invalid++;
			ts_status_raise(TS_EXIT_DATA);
		}
	}
}

/*
 * An input skipped because its columns differ from the first's: its
 * records are counted as read and rejected (rows in = rows out +
 * rejected), and WHY says so with their number. Frees R.
 */
static void
skip_input(ts_reader *r, const char *why, struct filter_counts *n)
{
	uint64_t rows = 0;
	ts_str *fields;
	int rc;

	while ((rc = ts_reader_next(r, &fields)) != TS_ROW_EOF) {
		if (rc == TS_ROW_FAIL) {
			ts_status_raise(TS_EXIT_IO);
			break;
		}
		rows++;
	}
	ts_warn("%s: %llu record%s rejected", why, (unsigned long long)rows,
	    rows == 1 ? "" : "s");
	n->in += rows;
	n->rejected += rows;
	ts_status_raise(TS_EXIT_DATA);
	ts_reader_free(r);
}

int
ts_filter_run(ts_filter *f, const struct ts_inputs *in, ts_out *out)
{
	struct filter_counts n = { 0 };
	ts_error e;
	size_t i;
	int header_written = 0, st;

	for (i = 0; i < in->n && !ts_out_failed(out); i++) {
		ts_reader *r = ts_reader_open_input(in->paths[i], &st);

		if (r == NULL) {
			ts_status_raise(st);
			continue;
		}
		if (ts_filter_begin(f, r, &e) < 0) {
			if (header_written) {
				skip_input(r, e.msg, &n);
				continue;
			}
			/*
			 * A test names a column the first input lacks:
			 * nothing is published (-o is removed).
			 */
			ts_warn("%s", e.msg);
			ts_reader_free(r);
			ts_out_discard(out);
			ts_status_raise(TS_EXIT_MISSING_COLUMN);
			return ts_status();
		}
		if (!header_written) {
			write_header(out, r);
			header_written = 1;
		}
		ts_reader_progress(r, f->progress);
		filter_records(f, r, out, &n);
		ts_reader_free(r);
	}
	/* Counts of records that did not all go out would mislead. */
	if (ts_out_finish(out, ts_status(), &e) < 0)
		return ts_out_failure_status(&e);

	if (f->straddle > 0)
		ts_warn("records known only by month or year that cross "
		    "--from/--to: %llu, counted as outside the range",
		    (unsigned long long)f->straddle);
	if (f->stats || n.rejected > 0 || n.invalid > 0)
		ts_warn("records: %llu in, %llu kept, %llu dropped, %llu rejected",
		    (unsigned long long)n.in, (unsigned long long)n.kept,
		    (unsigned long long)n.dropped, (unsigned long long)n.rejected);
	return ts_status();
}
