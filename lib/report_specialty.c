/*
 * report_specialty.c - display labels of specialties (report_specialty.h).
 */
#include "report_specialty.h"

#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "numfmt.h"
#include "paths.h"
#include "sidetable.h"
#include "strmap.h"
#include "util.h"

struct ts_spec_labels {
	ts_map *keys;        /* normalized specialty -> index */
	char **label[2];     /* [0] Spanish, [1] English, by index */
};

/* Adds the rows of table T that S does not have yet. */
static int
add_table(ts_spec_labels *s, const ts_side *t, ts_error *e)
{
	static const char *const c_spec[] = { "specialty", "especialidad", NULL };
	static const char *const c_es[] = { "label_es", "es", NULL };
	static const char *const c_en[] = { "label_en", "en", NULL };
	int cs = ts_side_col(t, c_spec), ce = ts_side_col(t, c_es);
	int cn = ts_side_col(t, c_en);
	size_t i;

	if (cs < 0 || (ce < 0 && cn < 0)) {
		return ts_error_set(e, TS_EXIT_DATA, "%s: expected the columns "
		    "specialty and label_es or label_en", ts_side_name(t));
	}
	for (i = 0; i < ts_side_rows(t); i++) {
		const char *raw = ts_side_get(t, i, cs);
		const char *es = ts_side_get(t, i, ce), *en = ts_side_get(t, i, cn);
		size_t n = strlen(raw);
		char *norm;
		uint32_t id;
		int fresh;

		if (*raw == '\0' || (*es == '\0' && *en == '\0')) {
			return ts_error_set(e, TS_EXIT_DATA,
			    "%s:%zu: a row needs a specialty and a label",
			    ts_side_name(t), ts_side_line(t, i));
		}
		norm = xmalloc(TS_NORMALIZE_CAP(n));
		n = ts_normalize(raw, n, norm);
		id = ts_map_intern(s->keys, norm, n, &fresh);
		free(norm);
		if (!fresh)
			continue;
		s->label[0] = xreallocarray(s->label[0], id + 1, sizeof(char *));
		s->label[1] = xreallocarray(s->label[1], id + 1, sizeof(char *));
		/* A table with one language serves the other too. */
		s->label[0][id] = xstrdup(*es ? es : en);
		s->label[1][id] = xstrdup(*en ? en : es);
	}
	return 0;
}

static int
load_path(ts_spec_labels *s, const char *path, ts_error *e)
{
	ts_side *t = ts_side_load(path, e);
	int rc;

	if (t == NULL)
		return -1;
	rc = add_table(s, t, e);
	ts_side_free(t);
	return rc;
}

ts_spec_labels *
ts_spec_labels_load(const char *file, ts_error *e)
{
	static const char *const shipped[] = { "specialties/pe.tsv",
		"specialties/mx.tsv" };
	ts_spec_labels *s = xcalloc(1, sizeof(*s));
	size_t i;

	s->keys = ts_map_new();
	if (file != NULL && load_path(s, file, e) != 0) {
		char why[sizeof(e->msg)];

		memcpy(why, e->msg, sizeof(why));
		ts_error_set(e, e->status, "--specialty-labels: %s", why);
		goto fail;
	}
	for (i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
		char *path = ts_share_path(shipped[i]);
		int rc;
		if (path == NULL)
			continue;       /* not installed: codes as written */
		rc = load_path(s, path, e);
		free(path);
		if (rc != 0)
			goto fail;
	}
	return s;
fail:
	ts_spec_labels_free(s);
	return NULL;
}

void
ts_spec_labels_free(ts_spec_labels *s)
{
	size_t i, n;

	if (s == NULL)
		return;
	n = ts_map_size(s->keys);
	for (i = 0; i < n; i++) {
		free(s->label[0][i]);
		free(s->label[1][i]);
	}
	free(s->label[0]);
	free(s->label[1]);
	ts_map_free(s->keys);
	free(s);
}

const char *
ts_spec_labels_get(const ts_spec_labels *s, const char *norm, size_t n,
    int lang)
{
	int64_t id;

	if (s == NULL || (id = ts_map_find(s->keys, norm, n)) < 0)
		return NULL;
	return s->label[lang == TS_LANG_EN ? 1 : 0][id];
}
