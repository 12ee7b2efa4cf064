/*
 * spellings.c - one value written several ways, counted as one (see
 * spellings.h).
 */
#include "spellings.h"

#include <stdint.h>
#include <stdlib.h>

#include "normalize.h"
#include "records.h"
#include "strmap.h"
#include "util.h"

struct ts_spellings {
	ts_map *raw;            /* spelling as written (escaped) -> id */
	uint32_t *form;         /* raw id -> id in forms */
	int64_t *rows;          /* raw id -> rows that wrote it so */
	ts_map *forms;          /* normalized form -> id */
};

ts_spellings *
ts_spellings_new(void)
{
	ts_spellings *s = xcalloc(1, sizeof(*s));

	s->raw = ts_map_new();
	s->forms = ts_map_new();
	return s;
}

void
ts_spellings_free(ts_spellings *s)
{
	if (s == NULL)
		return;
	ts_map_free(s->raw);
	ts_map_free(s->forms);
	free(s->form);
	free(s->rows);
	free(s);
}

ts_str
ts_spellings_add(ts_spellings *s, ts_str escaped)
{
	int ins;
	uint32_t id = ts_map_intern(s->raw, escaped.p, escaped.n, &ins);

	if (ins) {
		char *raw = xmalloc(escaped.n + 1);
		char *norm = xmalloc(TS_NORMALIZE_CAP(escaped.n));
		size_t n = ts_unescape(escaped, raw);

		n = ts_normalize(raw, n, norm);
		s->form = xreallocarray(s->form, id + 1, sizeof(*s->form));
		s->rows = xreallocarray(s->rows, id + 1, sizeof(*s->rows));
		s->form[id] = ts_map_intern(s->forms, norm, n, NULL);
		s->rows[id] = 0;
		free(norm);
		free(raw);
	}
	s->rows[id]++;
	return ts_map_key(s->forms, s->form[id]);
}

char *
ts_spellings_shown(const ts_spellings *s, ts_str norm)
{
	int64_t f = ts_map_find(s->forms, norm.p, norm.n);
	uint32_t i, best = UINT32_MAX, n = (uint32_t)ts_map_size(s->raw);
	ts_str k;
	char *p;

	if (f < 0)
		return NULL;
	for (i = 0; i < n; i++)
		if (s->form[i] == (uint32_t)f &&
		    (best == UINT32_MAX || s->rows[i] > s->rows[best]))
			best = i;
	k = ts_map_key(s->raw, best);
	p = xmalloc(k.n + 1);
	p[ts_unescape(k, p)] = '\0';
	return p;
}
