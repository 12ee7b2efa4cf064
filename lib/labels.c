/*
 * labels.c - names and labels beside codes (labels.h).
 */
#include "labels.h"

#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "regions.h"
#include "strmap.h"
#include "taxonomy.h"
#include "util.h"

static const struct {
	const char *key, *column;
} label_columns[] = {
	{ "region", "region_name" },
	{ "institution", "institution_name" },
	{ "category", "category_label" },
	{ "subcategory", "subcategory_label" },
};
#define NLABEL_COLUMNS (sizeof(label_columns) / sizeof(label_columns[0]))

struct ts_labels {
	int english;
	ts_regiondb *regions;
	ts_taxonomy *taxonomy;
	ts_map *institutions;     /* code -> index in inst_names */
	char **inst_names;        /* in LANG */
	size_t ninst;
};

const char *
ts_labels_column(const char *key)
{
	size_t i;

	for (i = 0; i < NLABEL_COLUMNS; i++)
		if (strcmp(label_columns[i].key, key) == 0)
			return label_columns[i].column;
	return NULL;
}

int
ts_labels_is_label_column(const ts_reader *r, size_t i)
{
	const char *name = ts_reader_colname(r, i);
	size_t k;

	for (k = 0; k < NLABEL_COLUMNS; k++)
		if (strcmp(label_columns[k].column, name) == 0)
			return ts_reader_find(r, label_columns[k].key) >= 0;
	return 0;
}

static char *
field_dup(ts_str s)
{
	char *p = xmalloc(s.n + 1);

	p[ts_unescape(s, p)] = '\0';
	return p;
}

/* share/institutions.tsv: institution, name_es, name_en. */
static int
load_institutions(ts_labels *l, ts_error *e)
{
	char *path = ts_share_path("institutions.tsv");
	ts_reader *r;
	ts_str *f;
	int code, name, rc;
	size_t cap = 0;

	if (path == NULL)
		return ts_error_set(e, TS_EXIT_IO, "cannot find institutions.tsv "
		    "in the share directory (set TELESTAT_SHARE)");
	r = ts_reader_open(path);
	free(path);
	if (r == NULL)
		return ts_error_set(e, TS_EXIT_IO, "%s", "");   /* printed */
	code = ts_reader_find(r, "institution");
	name = ts_reader_find(r, l->english ? "name_en" : "name_es");
	if (code < 0 || name < 0) {
		char *msg = ts_reader_missing(r, code < 0 ? "institution" :
		    l->english ? "name_en" : "name_es", NULL);

		ts_error_set(e, TS_EXIT_DATA, "%s", msg);
		free(msg);
		ts_reader_free(r);
		return -1;
	}
	l->institutions = ts_map_new();
	while ((rc = ts_reader_next(r, &f)) != TS_ROW_EOF) {
		int fresh;
		uint32_t id;
		char *c;

		if (rc != TS_ROW_OK) {
			if (rc == TS_ROW_BAD)
				ts_error_set(e, TS_EXIT_DATA, "%s:%llu: %s",
				    ts_reader_name(r),
				    (unsigned long long)ts_reader_line(r),
				    ts_reader_error(r));
			else
				ts_error_set(e, TS_EXIT_IO, "%s", "");
			ts_reader_free(r);
			return -1;
		}
		c = field_dup(f[code]);
		id = ts_map_intern(l->institutions, c, strlen(c), &fresh);
		free(c);
		if (!fresh)
			continue;   /* the first line of a code wins */
		if (id >= cap) {
			cap = cap ? cap * 2 : 16;
			l->inst_names = xreallocarray(l->inst_names, cap,
			    sizeof(char *));
		}
		l->inst_names[id] = field_dup(f[name]);
		l->ninst = (size_t)id + 1;
	}
	ts_reader_free(r);
	return 0;
}

ts_labels *
ts_labels_load(const char *lang, ts_error *e)
{
	ts_labels *l = xcalloc(1, sizeof(*l));

	l->english = strcmp(lang, "en") == 0;
	/* The region tables print their own message. */
	if ((l->regions = ts_regiondb_load()) == NULL)
		ts_error_set(e, TS_EXIT_IO, "%s", "");
	else if (load_institutions(l, e) == 0 &&
	    (l->taxonomy = ts_taxonomy_load(NULL, e)) != NULL)
		return l;
	ts_labels_free(l);
	return NULL;
}

void
ts_labels_free(ts_labels *l)
{
	size_t i;

	if (l == NULL)
		return;
	ts_regiondb_free(l->regions);
	ts_taxonomy_free(l->taxonomy);
	for (i = 0; i < l->ninst; i++)
		free(l->inst_names[i]);
	free(l->inst_names);
	ts_map_free(l->institutions);
	free(l);
}

static const char *
subcategory_label(const ts_labels *l, const char *value, const char *category)
{
	const char *found = NULL;
	size_t i, n = strlen(value);

	if (category != NULL) {
		const ts_subcategory *s = ts_taxonomy_find_sub(l->taxonomy,
		    category, value, n);
		return s == NULL ? "" : l->english ? s->label_en : s->label_es;
	}
	/* Without the category: the one label every category gives it. */
	for (i = 0; i < ts_taxonomy_subcount(l->taxonomy); i++) {
		const ts_subcategory *s = ts_taxonomy_sub_at(l->taxonomy, i);
		const char *lab = l->english ? s->label_en : s->label_es;

		if (strcmp(s->name, value) != 0)
			continue;
		if (found != NULL && strcmp(found, lab) != 0)
			return "";
		found = lab;
	}
	return found ? found : "";
}

const char *
ts_labels_get(const ts_labels *l, const char *key, const char *value,
    const char *category)
{
	const char *s;

	if (*value == '\0')
		return "";
	if (strcmp(key, "region") == 0) {
		s = ts_regiondb_name(l->regions, value, l->english ? "en" : "es");
		return s ? s : "";
	}
	if (strcmp(key, "institution") == 0) {
		int64_t id = ts_map_find(l->institutions, value, strlen(value));
		return id < 0 ? "" : l->inst_names[id];
	}
	if (strcmp(key, "category") == 0) {
		const ts_category *c = ts_taxonomy_find(l->taxonomy, value,
		    strlen(value));
		return c == NULL ? "" : l->english ? c->label_en : c->label_es;
	}
	if (strcmp(key, "subcategory") == 0)
		return subcategory_label(l, value, category);
	return "";
}
