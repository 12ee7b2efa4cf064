/* lookup.c - master files joined by key; see lookup.h. */
#include "lookup.h"

#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "encoding.h"
#include "input.h"
#include "strmap.h"
#include "util.h"

struct ts_lookup {
	char *path;
	ts_map *keys;
	struct span { size_t off, n; } *values;  /* per key id, in the arena */
	size_t cap;
	char *arena;
	size_t arena_len, arena_cap;
	unsigned long long conflicts;
};

static ts_str
trim(ts_str s)
{
	while (s.n > 0 && (s.p[0] == ' ' || s.p[0] == '\t' || s.p[0] == '\r'))
		s.p++, s.n--;
	while (s.n > 0 && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t' ||
	    s.p[s.n - 1] == '\r'))
		s.n--;
	return s;
}

/* A key of digits only loses its leading zeros (one zero stays). */
static ts_str
key_form(ts_str s)
{
	size_t i;

	s = trim(s);
	for (i = 0; i < s.n; i++)
		if (s.p[i] < '0' || s.p[i] > '9')
			return s;
	while (s.n > 1 && s.p[0] == '0')
		s.p++, s.n--;
	return s;
}

/* Column named NAME: exact, else folded (one match only); -1 if none. */
static long
column(const ts_csv_rec *h, const char *name)
{
	char a[512], b[512];
	size_t an, bn, i, len = strlen(name);
	long found = -1;

	for (i = 0; i < h->nfields; i++) {
		ts_str f = trim(h->fields[i]);
		if (f.n == len && memcmp(f.p, name, len) == 0)
			return (long)i;
	}
	if (len > 200)
		return -1;
	an = ts_fold(name, len, a, TS_FOLD_NOSPACE);
	for (i = 0; i < h->nfields; i++) {
		ts_str f = trim(h->fields[i]);
		if (f.n > 200)
			continue;
		bn = ts_fold(f.p, f.n, b, TS_FOLD_NOSPACE);
		if (an == bn && an > 0 && memcmp(a, b, an) == 0) {
			if (found >= 0)
				return -1;
			found = (long)i;
		}
	}
	return found;
}

/* One pass over the master; -1 with *status set, 1 to retry as cp1252. */
static int
load_pass(ts_lookup *l, int enc, const char *key, const char *value,
    size_t max_bytes, int *status)
{
	struct ts_csv_opts co;
	ts_input *in = ts_input_open(l->path);
	ts_csv *csv;
	ts_csv_rec rec;
	long kc, vc;
	size_t bytes = 0;
	int rc, ret = -1;

	if (in == NULL) {
		*status = TS_EXIT_IO;
		return -1;
	}
	memset(&co, 0, sizeof(co));
	co.encoding = enc;
	ts_input_want_utf16(in);
	csv = ts_csv_new(in, &co);
	rc = ts_csv_next(csv, &rec);
	if (rc != TS_ROW_OK) {
		*status = rc == TS_ROW_FAIL ? ts_csv_fail_status(csv) : TS_EXIT_DATA;
		if (rc == TS_ROW_BAD && enc == TS_ENC_UTF8 && strstr(rec.error, "UTF-8"))
			ret = 1;
		else if (rc != TS_ROW_FAIL)
			ts_warn("%s: master without a header line", l->path);
		goto done;
	}
	if ((kc = column(&rec, key)) < 0 || (vc = column(&rec, value)) < 0) {
		ts_warn("%s: master has no column \"%s\"", l->path,
		    column(&rec, key) < 0 ? key : value);
		*status = TS_EXIT_USAGE;
		goto done;
	}
	while ((rc = ts_csv_next(csv, &rec)) != TS_ROW_EOF) {
		ts_str k, v;
		int fresh;
		uint32_t id;
		if (rc == TS_ROW_FAIL) {
			*status = ts_csv_fail_status(csv);
			goto done;
		}
		if (rc == TS_ROW_BAD) {
			if (enc == TS_ENC_UTF8 && strstr(rec.error, "UTF-8") != NULL) {
				ret = 1;
				goto done;
			}
			ts_warn("%s:%llu: %s", l->path, (unsigned long long)rec.err_line,
			    rec.error);
			*status = TS_EXIT_DATA;
			goto done;
		}
		if ((size_t)kc >= rec.nfields || (size_t)vc >= rec.nfields)
			continue;       /* a short line says nothing of this key */
		k = key_form(rec.fields[kc]);
		v = trim(rec.fields[vc]);
		if (k.n == 0)
			continue;
		bytes += k.n + v.n + 2;
		if (bytes > max_bytes) {
			ts_warn("%s: master too large for a lookup: its keys and values"
			    " take more than %zu bytes", l->path, max_bytes);
			*status = TS_EXIT_DATA;
			goto done;
		}
		id = ts_map_intern(l->keys, k.p, k.n, &fresh);
		if (!fresh) {
			struct span old = l->values[id];
			if (old.n != v.n || memcmp(l->arena + old.off, v.p, v.n) != 0)
				l->conflicts++;
			continue;
		}
		if (id >= l->cap) {
			l->cap = l->cap ? l->cap * 2 : 1024;
			l->values = xreallocarray(l->values, l->cap, sizeof(*l->values));
		}
		if (l->arena_cap - l->arena_len < v.n + 1) {
			while (l->arena_cap - l->arena_len < v.n + 1)
				l->arena_cap = l->arena_cap ? l->arena_cap * 2 : 65536;
			l->arena = xrealloc(l->arena, l->arena_cap);
		}
		memcpy(l->arena + l->arena_len, v.p, v.n);
		l->arena[l->arena_len + v.n] = '\0';
		l->values[id].off = l->arena_len;
		l->values[id].n = v.n;
		l->arena_len += v.n + 1;
	}
	ret = 0;
done:
	ts_csv_free(csv);
	return ret;
}

ts_lookup *
ts_lookup_load(const char *path, const char *key, const char *value,
    size_t max_bytes, int *status)
{
	ts_lookup *l = xcalloc(1, sizeof(*l));
	int rc;

	if (max_bytes == 0)
		max_bytes = TS_LOOKUP_MAX_BYTES;
	l->path = xstrdup(path);
	l->keys = ts_map_new();
	rc = load_pass(l, TS_ENC_UTF8, key, value, max_bytes, status);
	if (rc == 1) {
		/* Not UTF-8: a Windows export (a superset of Latin-1). */
		ts_map_free(l->keys);
		l->keys = ts_map_new();
		l->arena_len = 0;
		l->conflicts = 0;
		rc = load_pass(l, TS_ENC_CP1252, key, value, max_bytes, status);
	}
	if (rc != 0) {
		ts_lookup_free(l);
		return NULL;
	}
	return l;
}

void
ts_lookup_free(ts_lookup *l)
{
	if (l == NULL)
		return;
	ts_map_free(l->keys);
	free(l->values);
	free(l->arena);
	free(l->path);
	free(l);
}

ts_str
ts_lookup_find(const ts_lookup *l, const char *k, size_t n)
{
	ts_str s = { k, n }, none = { NULL, 0 };
	int64_t id;

	s = key_form(s);
	if ((id = ts_map_find(l->keys, s.p, s.n)) < 0)
		return none;
	s.p = l->arena + l->values[id].off;
	s.n = l->values[id].n;
	return s;
}

size_t
ts_lookup_size(const ts_lookup *l)
{
	return ts_map_size(l->keys);
}

unsigned long long
ts_lookup_conflicts(const ts_lookup *l)
{
	return l->conflicts;
}

const char *
ts_lookup_path(const ts_lookup *l)
{
	return l->path;
}
