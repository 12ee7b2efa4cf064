/*
 * recordcheck.c - value checks for records(5) streams; see recordcheck.h.
 *
 * The columns are looked up once, from the header; a record is then a
 * walk over the known columns with a check function each. Nothing is
 * allocated per record.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "encoding.h"
#include "pseudonym.h"
#include "recordcheck.h"
#include "util.h"
#include "values.h"

enum col {
	C_DATE, C_YEAR, C_MONTH, C_REGION, C_SEX, C_AGE, C_PATIENT,
	C_CONDITION, C_COUNT, C_SESSIONS, C_ATTENDEES, C_CATEGORY,
	C_SUBCATEGORY, C_WITH_PATIENT, C_N
};

static const char *const col_names[C_N] = {
	"date", "year", "month", "region", "sex", "age", "patient",
	"condition", "count", "sessions", "attendees", "category",
	"subcategory", "with_patient"
};

struct ts_recordcheck {
	size_t ncols;
	int col[C_N];                   /* index in the record, or -1 */
	const ts_taxonomy *tax;
	const ts_regiondb *regions;
};

ts_recordcheck *
ts_recordcheck_new(const ts_reader *r, const ts_taxonomy *tax,
    const ts_regiondb *regions)
{
	ts_recordcheck *c = xcalloc(1, sizeof(*c));
	int i;

	c->ncols = ts_reader_ncols(r);
	for (i = 0; i < C_N; i++)
		c->col[i] = ts_reader_find(r, col_names[i]);
	c->tax = tax;
	c->regions = regions;
	return c;
}

void
ts_recordcheck_free(ts_recordcheck *c)
{
	free(c);
}

static int
is_pseudonym(ts_str s)
{
	unsigned bad = 0;
	size_t i;

	if (s.n != TS_PSEUDONYM_HEX)
		return 0;
	/* Branch-free: digits and a-f come in random order. */
	for (i = 0; i < TS_PSEUDONYM_HEX; i++) {
		unsigned c = (unsigned char)s.p[i];
		bad |= (c - '0' > 9u) & (c - 'a' > 5u);
	}
	return !bad;
}

/* "PE-..." or "MX-...", as a resolved region would be written. */
static int
looks_iso_region(ts_str s)
{
	return s.n >= 4 && s.n <= 6 && s.p[2] == '-' &&
	    ((s.p[0] == 'P' && s.p[1] == 'E') || (s.p[0] == 'M' && s.p[1] == 'X'));
}

struct problems {
	ts_record_problem *out;
	size_t max, n;
};

static void
add(struct problems *ps, size_t column, const char *reason, ts_str value)
{
	if (ps->n < ps->max) {
		ps->out[ps->n].column = column;
		ps->out[ps->n].reason = reason;
		ps->out[ps->n].value = value;
	}
	ps->n++;
}

#define FIELD(k) (f[c->col[k]])
#define HAS(k) (c->col[k] >= 0 && f[c->col[k]].n > 0)

static void
check_dates(const ts_recordcheck *c, const ts_str *f, struct problems *ps)
{
	static const int cols[] = { C_DATE, C_YEAR, C_MONTH };
	ts_str empty = { "", 0 };
	ts_date d;
	const char *why;
	int field;

	if (ts_when_read(c->col[C_DATE] >= 0 ? FIELD(C_DATE) : empty,
	    c->col[C_YEAR] >= 0 ? FIELD(C_YEAR) : empty,
	    c->col[C_MONTH] >= 0 ? FIELD(C_MONTH) : empty, &d, &field,
	    &why) == 0)
		return;
	add(ps, c->col[cols[field]], why, FIELD(cols[field]));
}

static void
check_counts(const ts_recordcheck *c, const ts_str *f, struct problems *ps)
{
	static const int cols[] = { C_COUNT, C_SESSIONS, C_ATTENDEES };
	size_t i;
	uint64_t v;
	const char *why;

	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		if (HAS(cols[i]) &&
		    (why = ts_count_parse(FIELD(cols[i]), &v)) != NULL)
			add(ps, c->col[cols[i]], why, FIELD(cols[i]));
	if (HAS(C_AGE) && ts_num_str(FIELD(C_AGE), 0, TS_AGE_MAX, &v) != NULL)
		add(ps, c->col[C_AGE], "not an age in years (0 to 150)",
		    FIELD(C_AGE));
}

static void
check_codes(const ts_recordcheck *c, const ts_str *f, struct problems *ps)
{
	ts_str v;
	const char *iso;

	if (HAS(C_SEX) && !ts_str_eq(FIELD(C_SEX), "F") &&
	    !ts_str_eq(FIELD(C_SEX), "M"))
		add(ps, c->col[C_SEX], "not a sex code (F, M or empty)",
		    FIELD(C_SEX));
	if (HAS(C_CONDITION)) {
		v = FIELD(C_CONDITION);
		if (v.n != 1 || (v.p[0] != 'N' && v.p[0] != 'C' && v.p[0] != 'R'))
			add(ps, c->col[C_CONDITION],
			    "not a condition (N, C, R or empty)", v);
	}
	if (HAS(C_PATIENT) && !is_pseudonym(FIELD(C_PATIENT)))
		add(ps, c->col[C_PATIENT],
		    "not a pseudonym (32 lower-case hex digits): a raw identifier?",
		    FIELD(C_PATIENT));
	if (HAS(C_REGION) && c->regions != NULL &&
	    looks_iso_region(FIELD(C_REGION))) {
		v = FIELD(C_REGION);
		if (ts_regiondb_resolve(c->regions, v.p, v.n, TS_COUNTRY_NONE,
		    &iso) != TS_REGION_OK || strlen(iso) != v.n ||
		    memcmp(iso, v.p, v.n) != 0)
			add(ps, c->col[C_REGION], "unknown ISO 3166-2 region code", v);
	}
}

static void
check_taxonomy(const ts_recordcheck *c, const ts_str *f, struct problems *ps)
{
	const ts_category *cat = NULL;
	char name[64];
	ts_str wp;

	if (HAS(C_WITH_PATIENT) && !ts_str_eq(FIELD(C_WITH_PATIENT), "yes") &&
	    !ts_str_eq(FIELD(C_WITH_PATIENT), "no")) {
		add(ps, c->col[C_WITH_PATIENT], "not yes, no or empty",
		    FIELD(C_WITH_PATIENT));
		return;
	}
	if (c->tax == NULL || !HAS(C_CATEGORY))
		return;
	cat = ts_taxonomy_find(c->tax, FIELD(C_CATEGORY).p, FIELD(C_CATEGORY).n);
	if (cat == NULL) {
		add(ps, c->col[C_CATEGORY], "not a category of the taxonomy",
		    FIELD(C_CATEGORY));
		return;
	}
	if (HAS(C_SUBCATEGORY)) {
		size_t n = strlen(cat->name);
		memcpy(name, cat->name, n < sizeof(name) ? n + 1 : 0);
		if (n >= sizeof(name) || ts_taxonomy_find_sub(c->tax, name,
		    FIELD(C_SUBCATEGORY).p, FIELD(C_SUBCATEGORY).n) == NULL)
			add(ps, c->col[C_SUBCATEGORY],
			    "not a subcategory of the record's category",
			    FIELD(C_SUBCATEGORY));
	}
	if (c->col[C_WITH_PATIENT] >= 0) {
		wp = FIELD(C_WITH_PATIENT);
		if ((cat->with_patient == TS_WP_YES && !ts_str_eq(wp, "yes")) ||
		    (cat->with_patient == TS_WP_NO && !ts_str_eq(wp, "no")) ||
		    (cat->with_patient == TS_WP_UNKNOWN && wp.n > 0))
			add(ps, c->col[C_WITH_PATIENT],
			    "with_patient disagrees with the taxonomy for the category",
			    wp);
	}
}

size_t
ts_recordcheck_row(ts_recordcheck *c, const ts_str *f,
    ts_record_problem *out, size_t max)
{
	struct problems ps = { out, max, 0 };
	size_t i;

	/* Escapes are ASCII, so the escaped text is UTF-8 iff the bytes are. */
	for (i = 0; i < c->ncols; i++)
		if (ts_utf8_check(f[i].p, f[i].n) != TS_UTF8_VALID)
			add(&ps, i, "not UTF-8", f[i]);
	check_dates(c, f, &ps);
	check_counts(c, f, &ps);
	check_codes(c, f, &ps);
	check_taxonomy(c, f, &ps);
	return ps.n;
}
