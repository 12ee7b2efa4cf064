/* taxonomy.c - category table and roll-ups; see taxonomy.h. */
#include "taxonomy.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"
#include "records.h"
#include "util.h"

struct fold {
	char *rollup, *child, *parent;
};

struct ts_taxonomy {
	ts_category *cats;
	size_t ncats;
	struct fold *folds;
	size_t nfolds;
	char **rollups;       /* distinct scheme names */
	size_t nrollups;
	ts_subcategory *subs;
	size_t nsubs;
};

static char *
field_dup(ts_str s)
{
	char *p = xmalloc(s.n + 1);

	p[ts_unescape(s, p)] = '\0';
	return p;
}

/* The columns COLS[0..n) of R into IDX; -1 with E set when one is missing. */
static int
require(ts_reader *r, const char *const *cols, int *idx, size_t n,
    ts_error *e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((idx[i] = ts_reader_find(r, cols[i])) < 0)
			return ts_error_set(e, TS_EXIT_USAGE,
			    "%s: missing column \"%s\"", ts_reader_name(r),
			    cols[i]);
	return 0;
}

/*
 * An I/O error the reader has already printed, with its file and reason:
 * E says only the status, so that the reason is not given twice.
 */
static int
reported(ts_error *e)
{
	if (e != NULL) {
		e->status = TS_EXIT_IO;
		e->usage = 0;
		e->msg[0] = '\0';
	}
	return -1;
}

/*
 * The next row of R, a table of the share directory: 1, 0 at its end,
 * -1 with E set when a line is malformed or cannot be read.
 */
static int
next_row(ts_reader *r, const char *path, ts_str **f, ts_error *e)
{
	int rc = ts_reader_next(r, f);

	if (rc == TS_ROW_EOF)
		return 0;
	if (rc == TS_ROW_FAIL)
		return reported(e);
	if (rc != TS_ROW_OK)
		return ts_error_set(e, TS_EXIT_USAGE, "%s:%llu: %s", path,
		    (unsigned long long)ts_reader_line(r), ts_reader_error(r));
	return 1;
}

static int
load_categories(ts_taxonomy *t, const char *path, ts_error *e)
{
	static const char *const cols[] = { "category", "with_patient",
	    "who_dhi", "fhir_class", "es", "en" };
	enum { C_NAME, C_WP, C_WHO, C_FHIR, C_ES, C_EN };
	ts_reader *r = ts_reader_open(path);
	ts_str *f;
	int c[6], rc;
	size_t cap = 0;

	if (r == NULL)
		return reported(e);   /* the reader said why */
	if (require(r, cols, c, 6, e) < 0) {
		ts_reader_free(r);
		return -1;
	}
	while ((rc = next_row(r, path, &f, e)) > 0) {
		ts_category *cat;
		if (t->ncats == cap) {
			cap = cap ? cap * 2 : 16;
			t->cats = xreallocarray(t->cats, cap, sizeof(*t->cats));
		}
		cat = &t->cats[t->ncats++];
		cat->name = field_dup(f[c[C_NAME]]);
		cat->with_patient = ts_str_eq(f[c[C_WP]], "yes") ? TS_WP_YES :
		    ts_str_eq(f[c[C_WP]], "no") ? TS_WP_NO : TS_WP_UNKNOWN;
		cat->who_dhi = field_dup(f[c[C_WHO]]);
		cat->fhir_class = field_dup(f[c[C_FHIR]]);
		cat->label_es = field_dup(f[c[C_ES]]);
		cat->label_en = field_dup(f[c[C_EN]]);
	}
	ts_reader_free(r);
	return rc;
}

static int
load_rollups(ts_taxonomy *t, const char *path, ts_error *e)
{
	static const char *const cols[] = { "rollup", "child", "parent" };
	enum { C_ROLL, C_CHILD, C_PARENT };
	ts_reader *r = ts_reader_open(path);
	ts_str *f;
	int c[3], rc;
	size_t cap = 0, i;

	if (r == NULL)
		return reported(e);   /* the reader said why */
	if (require(r, cols, c, 3, e) < 0) {
		ts_reader_free(r);
		return -1;
	}
	while ((rc = next_row(r, path, &f, e)) > 0) {
		struct fold *fo;
		if (t->nfolds == cap) {
			cap = cap ? cap * 2 : 8;
			t->folds = xreallocarray(t->folds, cap, sizeof(*t->folds));
		}
		fo = &t->folds[t->nfolds++];
		fo->rollup = field_dup(f[c[C_ROLL]]);
		fo->child = field_dup(f[c[C_CHILD]]);
		fo->parent = field_dup(f[c[C_PARENT]]);
		for (i = 0; i < t->nrollups; i++)
			if (strcmp(t->rollups[i], fo->rollup) == 0)
				break;
		if (i == t->nrollups) {
			t->rollups = xreallocarray(t->rollups, t->nrollups + 1,
			    sizeof(char *));
			t->rollups[t->nrollups++] = fo->rollup;
		}
	}
	ts_reader_free(r);
	return rc;
}

static int
load_subcategories(ts_taxonomy *t, const char *path, ts_error *e)
{
	static const char *const cols[] = { "category", "subcategory", "es",
	    "en" };
	enum { C_CAT, C_SUB, C_ES, C_EN };
	ts_reader *r = ts_reader_open(path);
	ts_str *f;
	int c[4], rc;
	size_t cap = 0;

	if (r == NULL)
		return reported(e);   /* the reader said why */
	if (require(r, cols, c, 4, e) < 0) {
		ts_reader_free(r);
		return -1;
	}
	while ((rc = next_row(r, path, &f, e)) > 0) {
		ts_subcategory *s;
		if (ts_taxonomy_find(t, f[c[C_CAT]].p, f[c[C_CAT]].n) == NULL) {
			rc = ts_error_set(e, TS_EXIT_USAGE, "%s:%llu: unknown"
			    " category \"%.*s\"", path,
			    (unsigned long long)ts_reader_line(r),
			    (int)f[c[C_CAT]].n, f[c[C_CAT]].p);
			break;
		}
		if (t->nsubs == cap) {
			cap = cap ? cap * 2 : 16;
			t->subs = xreallocarray(t->subs, cap, sizeof(*t->subs));
		}
		s = &t->subs[t->nsubs++];
		s->category = field_dup(f[c[C_CAT]]);
		s->name = field_dup(f[c[C_SUB]]);
		s->label_es = field_dup(f[c[C_ES]]);
		s->label_en = field_dup(f[c[C_EN]]);
	}
	ts_reader_free(r);
	return rc;
}

ts_taxonomy *
ts_taxonomy_load(const char *taxonomy_path, ts_error *e)
{
	ts_taxonomy *t = xcalloc(1, sizeof(*t));
	char *tax, *roll, *subs;
	int rc = 0;

	if (taxonomy_path != NULL) {
		const char *slash = strrchr(taxonomy_path, '/');
		size_t dn = slash ? (size_t)(slash - taxonomy_path) + 1 : 0;
		tax = xstrdup(taxonomy_path);
		roll = xmalloc(dn + sizeof("rollups.tsv"));
		memcpy(roll, taxonomy_path, dn);
		memcpy(roll + dn, "rollups.tsv", sizeof("rollups.tsv"));
		subs = xmalloc(dn + sizeof("subcategories.tsv"));
		memcpy(subs, taxonomy_path, dn);
		memcpy(subs + dn, "subcategories.tsv", sizeof("subcategories.tsv"));
		if (access(subs, F_OK) != 0) {
			free(subs);
			subs = NULL;
		}
	} else {
		tax = ts_share_path("taxonomy.tsv");
		roll = ts_share_path("rollups.tsv");
		subs = ts_share_path("subcategories.tsv");
		if (tax == NULL || roll == NULL)
			rc = ts_error_set(e, TS_EXIT_IO, "cannot find taxonomy.tsv"
			    " and rollups.tsv in the share directory (set"
			    " TELESTAT_SHARE)");
	}
	if (rc == 0)
		rc = load_categories(t, tax, e);
	if (rc == 0)
		rc = load_rollups(t, roll, e);
	if (rc == 0 && subs != NULL)
		rc = load_subcategories(t, subs, e);
	free(tax);
	free(roll);
	free(subs);
	if (rc < 0) {
		ts_taxonomy_free(t);
		return NULL;
	}
	return t;
}

void
ts_taxonomy_free(ts_taxonomy *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ncats; i++) {
		free((char *)t->cats[i].name);
		free((char *)t->cats[i].who_dhi);
		free((char *)t->cats[i].fhir_class);
		free((char *)t->cats[i].label_es);
		free((char *)t->cats[i].label_en);
	}
	for (i = 0; i < t->nfolds; i++) {
		free(t->folds[i].rollup);
		free(t->folds[i].child);
		free(t->folds[i].parent);
	}
	for (i = 0; i < t->nsubs; i++) {
		free((char *)t->subs[i].category);
		free((char *)t->subs[i].name);
		free((char *)t->subs[i].label_es);
		free((char *)t->subs[i].label_en);
	}
	free(t->subs);
	free(t->cats);
	free(t->folds);
	free(t->rollups);
	free(t);
}

size_t
ts_taxonomy_count(const ts_taxonomy *t)
{
	return t->ncats;
}

const ts_category *
ts_taxonomy_at(const ts_taxonomy *t, size_t i)
{
	return i < t->ncats ? &t->cats[i] : NULL;
}

const ts_category *
ts_taxonomy_find(const ts_taxonomy *t, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < t->ncats; i++)
		if (strlen(t->cats[i].name) == n &&
		    memcmp(t->cats[i].name, name, n) == 0)
			return &t->cats[i];
	return NULL;
}

int
ts_patient_kind(const ts_taxonomy *t, ts_str cat, ts_str wp)
{
	const ts_category *c;

	if (t != NULL && cat.n > 0 &&
	    (c = ts_taxonomy_find(t, cat.p, cat.n)) != NULL)
		return c->with_patient;
	/* A category of the user's own rules: classify's column. */
	return ts_str_eq(wp, "yes") ? TS_WP_YES : ts_str_eq(wp, "no") ?
	    TS_WP_NO : TS_WP_UNKNOWN;
}

int
ts_without_patient(const ts_taxonomy *t, ts_str cat, ts_str wp)
{
	return ts_patient_kind(t, cat, wp) == TS_WP_NO;
}

size_t
ts_taxonomy_subcount(const ts_taxonomy *t)
{
	return t->nsubs;
}

const ts_subcategory *
ts_taxonomy_sub_at(const ts_taxonomy *t, size_t i)
{
	return i < t->nsubs ? &t->subs[i] : NULL;
}

const ts_subcategory *
ts_taxonomy_find_sub(const ts_taxonomy *t, const char *category,
    const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < t->nsubs; i++)
		if (strcmp(t->subs[i].category, category) == 0 &&
		    strlen(t->subs[i].name) == n &&
		    memcmp(t->subs[i].name, name, n) == 0)
			return &t->subs[i];
	return NULL;
}

int
ts_taxonomy_has_rollup(const ts_taxonomy *t, const char *rollup)
{
	size_t i;

	for (i = 0; i < t->nrollups; i++)
		if (strcmp(t->rollups[i], rollup) == 0)
			return 1;
	return 0;
}

const char *
ts_taxonomy_parent(const ts_taxonomy *t, const char *rollup,
    const char *category)
{
	size_t i;

	if (rollup == NULL)
		return category;
	for (i = 0; i < t->nfolds; i++)
		if (strcmp(t->folds[i].rollup, rollup) == 0 &&
		    strcmp(t->folds[i].child, category) == 0)
			return t->folds[i].parent;
	return category;
}

const char *const *
ts_taxonomy_rollups(const ts_taxonomy *t, size_t *n)
{
	*n = t->nrollups;
	return (const char *const *)t->rollups;
}
