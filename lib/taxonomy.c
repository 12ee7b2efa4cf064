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

static int
require(ts_reader *r, const char *col)
{
	int i = ts_reader_find(r, col);

	if (i < 0)
		ts_die(TS_EXIT_USAGE, "%s: missing column \"%s\"",
		    ts_reader_name(r), col);
	return i;
}

static void
load_categories(ts_taxonomy *t, const char *path)
{
	ts_reader *r = ts_reader_open(path);
	ts_str *f;
	int c_name, c_wp, c_who, c_fhir, c_es, c_en, rc;
	size_t cap = 0;

	if (r == NULL)
		ts_die(TS_EXIT_IO, "cannot load taxonomy %s", path);
	c_name = require(r, "category");
	c_wp = require(r, "with_patient");
	c_who = require(r, "who_dhi");
	c_fhir = require(r, "fhir_class");
	c_es = require(r, "es");
	c_en = require(r, "en");
	while ((rc = ts_reader_next(r, &f)) != TS_ROW_EOF) {
		ts_category *c;
		if (rc != TS_ROW_OK)
			ts_die(TS_EXIT_USAGE, "%s:%llu: %s", path,
			    (unsigned long long)ts_reader_line(r),
			    rc == TS_ROW_BAD ? ts_reader_error(r) : "read error");
		if (t->ncats == cap) {
			cap = cap ? cap * 2 : 16;
			t->cats = xreallocarray(t->cats, cap, sizeof(*t->cats));
		}
		c = &t->cats[t->ncats++];
		c->name = field_dup(f[c_name]);
		c->with_patient = ts_str_eq(f[c_wp], "yes") ? TS_WP_YES :
		    ts_str_eq(f[c_wp], "no") ? TS_WP_NO : TS_WP_UNKNOWN;
		c->who_dhi = field_dup(f[c_who]);
		c->fhir_class = field_dup(f[c_fhir]);
		c->label_es = field_dup(f[c_es]);
		c->label_en = field_dup(f[c_en]);
	}
	ts_reader_free(r);
}

static void
load_rollups(ts_taxonomy *t, const char *path)
{
	ts_reader *r = ts_reader_open(path);
	ts_str *f;
	int c_roll, c_child, c_parent, rc;
	size_t cap = 0, i;

	if (r == NULL)
		ts_die(TS_EXIT_IO, "cannot load roll-ups %s", path);
	c_roll = require(r, "rollup");
	c_child = require(r, "child");
	c_parent = require(r, "parent");
	while ((rc = ts_reader_next(r, &f)) != TS_ROW_EOF) {
		struct fold *fo;
		if (rc != TS_ROW_OK)
			ts_die(TS_EXIT_USAGE, "%s:%llu: %s", path,
			    (unsigned long long)ts_reader_line(r),
			    rc == TS_ROW_BAD ? ts_reader_error(r) : "read error");
		if (t->nfolds == cap) {
			cap = cap ? cap * 2 : 8;
			t->folds = xreallocarray(t->folds, cap, sizeof(*t->folds));
		}
		fo = &t->folds[t->nfolds++];
		fo->rollup = field_dup(f[c_roll]);
		fo->child = field_dup(f[c_child]);
		fo->parent = field_dup(f[c_parent]);
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
}

static void
load_subcategories(ts_taxonomy *t, const char *path)
{
	ts_reader *r = ts_reader_open(path);
	ts_str *f;
	int c_cat, c_sub, c_es, c_en, rc;
	size_t cap = 0;

	if (r == NULL)
		ts_die(TS_EXIT_IO, "cannot load subcategories %s", path);
	c_cat = require(r, "category");
	c_sub = require(r, "subcategory");
	c_es = require(r, "es");
	c_en = require(r, "en");
	while ((rc = ts_reader_next(r, &f)) != TS_ROW_EOF) {
		ts_subcategory *s;
		if (rc != TS_ROW_OK)
			ts_die(TS_EXIT_USAGE, "%s:%llu: %s", path,
			    (unsigned long long)ts_reader_line(r),
			    rc == TS_ROW_BAD ? ts_reader_error(r) : "read error");
		if (ts_taxonomy_find(t, f[c_cat].p, f[c_cat].n) == NULL)
			ts_die(TS_EXIT_USAGE, "%s:%llu: unknown category \"%.*s\"",
			    path, (unsigned long long)ts_reader_line(r),
			    (int)f[c_cat].n, f[c_cat].p);
		if (t->nsubs == cap) {
			cap = cap ? cap * 2 : 16;
			t->subs = xreallocarray(t->subs, cap, sizeof(*t->subs));
		}
		s = &t->subs[t->nsubs++];
		s->category = field_dup(f[c_cat]);
		s->name = field_dup(f[c_sub]);
		s->label_es = field_dup(f[c_es]);
		s->label_en = field_dup(f[c_en]);
	}
	ts_reader_free(r);
}

ts_taxonomy *
ts_taxonomy_load(const char *taxonomy_path)
{
	ts_taxonomy *t = xcalloc(1, sizeof(*t));
	char *tax, *roll, *subs;

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
		if (tax == NULL || roll == NULL)
			ts_die(TS_EXIT_IO, "cannot find taxonomy.tsv and rollups.tsv "
			    "in the share directory (set TELESTAT_SHARE)");
		subs = ts_share_path("subcategories.tsv");
	}
	load_categories(t, tax);
	load_rollups(t, roll);
	if (subs != NULL)
		load_subcategories(t, subs);
	free(tax);
	free(roll);
	free(subs);
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
