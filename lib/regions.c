/* regions.c - region tables and resolution; see regions.h. */
#include "regions.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "encoding.h"
#include "paths.h"
#include "strmap.h"
#include "util.h"

struct entry {
	char *iso;
	int country;
	char *name_es, *name_en;
};

struct ts_regiondb {
	struct entry *e;
	size_t n, cap;
	ts_map *isos;                       /* "PE-LIM" -> entry index */
	ts_map *names;                      /* folded name -> slot */
	int *name_ent;                      /* slot * TS_NCOUNTRIES + c -> entry or -1 */
	size_t name_cap;
	ts_map *codes[TS_NCOUNTRIES];       /* "1501" -> entry index */
	int *code_ent[TS_NCOUNTRIES];
	size_t code_cap[TS_NCOUNTRIES];
	size_t *order[TS_NCOUNTRIES];       /* entries of a country, in order */
	size_t norder[TS_NCOUNTRIES];
};

#define TABLE_HEADER "iso\tcodes\tname_es\tname_en\taliases"
#define TABLE_HEADER_SHOWN "iso<TAB>codes<TAB>name_es<TAB>name_en<TAB>aliases"

/* Longest folded name considered; region names are short. */
#define NAME_MAX_FOLD 256

int
ts_country_parse(const char *s)
{
	if (strcasecmp(s, "PE") == 0)
		return TS_COUNTRY_PE;
	if (strcasecmp(s, "MX") == 0)
		return TS_COUNTRY_MX;
	return -1;
}

const char *
ts_country_code(int country)
{
	switch (country) {
	case TS_COUNTRY_PE: return "PE";
	case TS_COUNTRY_MX: return "MX";
	default: return "";
	}
}

ts_regiondb *
ts_regiondb_new(void)
{
	ts_regiondb *r = xcalloc(1, sizeof(*r));
	int c;

	r->isos = ts_map_new();
	r->names = ts_map_new();
	for (c = 0; c < TS_NCOUNTRIES; c++)
		r->codes[c] = ts_map_new();
	return r;
}

void
ts_regiondb_free(ts_regiondb *r)
{
	size_t i;
	int c;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->e[i].iso);
		free(r->e[i].name_es);
		free(r->e[i].name_en);
	}
	free(r->e);
	ts_map_free(r->isos);
	ts_map_free(r->names);
	free(r->name_ent);
	for (c = 0; c < TS_NCOUNTRIES; c++) {
		ts_map_free(r->codes[c]);
		free(r->code_ent[c]);
		free(r->order[c]);
	}
	free(r);
}

/* Adds folded NAME for entry IDX; returns -1 on a clash inside a country. */
static int
add_name(ts_regiondb *r, const char *name, size_t len, int idx)
{
	char key[2 * NAME_MAX_FOLD];
	size_t kn;
	uint32_t slot;
	int ins, c = r->e[idx].country;

	if (len > NAME_MAX_FOLD)
		return -1;
	kn = ts_fold(name, len, key, TS_FOLD_NOSPACE);
	if (kn == 0)
		return -1;
	slot = ts_map_intern(r->names, key, kn, &ins);
	if (ins) {
		if (slot >= r->name_cap) {
			size_t old = r->name_cap, i;
			r->name_cap = r->name_cap ? r->name_cap * 2 : 64;
			r->name_ent = xreallocarray(r->name_ent, r->name_cap,
			    TS_NCOUNTRIES * sizeof(int));
			for (i = old * TS_NCOUNTRIES; i < r->name_cap * TS_NCOUNTRIES; i++)
				r->name_ent[i] = -1;
		}
	}
	if (r->name_ent[slot * TS_NCOUNTRIES + c] >= 0 &&
	    r->name_ent[slot * TS_NCOUNTRIES + c] != idx)
		return -1;
	r->name_ent[slot * TS_NCOUNTRIES + c] = idx;
	return 0;
}

static int
add_code(ts_regiondb *r, int c, const char *code, size_t len, int idx)
{
	int ins;
	uint32_t id;
	size_t i;

	if (len == 0 || len > 9)
		return -1;
	for (i = 0; i < len; i++)
		if (code[i] < '0' || code[i] > '9')
			return -1;
	id = ts_map_intern(r->codes[c], code, len, &ins);
	if (!ins)
		return -1;
	if (id >= r->code_cap[c]) {
		r->code_cap[c] = r->code_cap[c] ? r->code_cap[c] * 2 : 64;
		r->code_ent[c] = xreallocarray(r->code_ent[c], r->code_cap[c],
		    sizeof(int));
	}
	r->code_ent[c][id] = idx;
	return 0;
}

/* Splits S at TAB into at most MAX fields; returns the count. */
static size_t
split_tabs(char *s, char **f, size_t max)
{
	size_t n = 0;

	for (;;) {
		char *t = strchr(s, '\t');
		if (n < max)
			f[n] = s;
		n++;
		if (t == NULL)
			return n;
		*t = '\0';
		s = t + 1;
	}
}

int
ts_regiondb_add(ts_regiondb *r, int country, const char *tsv, size_t n,
    const char *name)
{
	char *text = xstrndup(tsv, n), *line, *next;
	unsigned long lineno = 0;
	const char *prefix = ts_country_code(country);
	const char *err = NULL;

	if (country <= TS_COUNTRY_NONE || country >= TS_NCOUNTRIES) {
		free(text);
		ts_warn("%s: unknown country", name);
		return -1;
	}
	for (line = text; line != NULL && err == NULL; line = next) {
		char *f[5], *tok, *save;
		size_t nf;
		int idx;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		if (lineno == 1) {
			/* A records(5) header, so that other tools read it too. */
			if (strcmp(line, TABLE_HEADER) != 0) {
				err = "the first line must be the header \""
				    TABLE_HEADER_SHOWN "\"";
				break;
			}
			continue;
		}
		if (*line == '\0' && next == NULL)
			continue;
		nf = split_tabs(line, f, 5);
		if (nf != 5) {
			err = "expected 5 TAB-separated columns";
			break;
		}
		if (strlen(f[0]) < 4 || strncmp(f[0], prefix, 2) != 0 ||
		    f[0][2] != '-' || ts_utf8_check(f[2], strlen(f[2])) !=
		    TS_UTF8_VALID || ts_utf8_check(f[3], strlen(f[3])) !=
		    TS_UTF8_VALID || ts_utf8_check(f[4], strlen(f[4])) !=
		    TS_UTF8_VALID || *f[2] == '\0' || *f[3] == '\0') {
			err = "bad ISO code or name";
			break;
		}
		{
			int ins;
			uint32_t id = ts_map_intern(r->isos, f[0], strlen(f[0]), &ins);
			if (!ins || id != r->n) {
				err = "duplicate ISO code";
				break;
			}
		}
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 64;
			r->e = xreallocarray(r->e, r->cap, sizeof(*r->e));
		}
		idx = (int)r->n++;
		r->e[idx].iso = xstrdup(f[0]);
		r->e[idx].country = country;
		r->e[idx].name_es = xstrdup(f[2]);
		r->e[idx].name_en = xstrdup(f[3]);
		r->order[country] = xreallocarray(r->order[country],
		    r->norder[country] + 1, sizeof(size_t));
		r->order[country][r->norder[country]++] = (size_t)idx;
		for (tok = strtok_r(f[1], "|", &save); tok != NULL;
		    tok = strtok_r(NULL, "|", &save))
			if (add_code(r, country, tok, strlen(tok), idx) < 0)
				err = "bad or duplicate code";
		if (add_name(r, f[2], strlen(f[2]), idx) < 0 ||
		    add_name(r, f[3], strlen(f[3]), idx) < 0)
			err = "duplicate name";
		for (tok = strtok_r(f[4], "|", &save); tok != NULL;
		    tok = strtok_r(NULL, "|", &save))
			if (add_name(r, tok, strlen(tok), idx) < 0)
				err = "empty or duplicate alias";
	}
	free(text);
	if (err != NULL) {
		ts_warn("%s:%lu: %s", name, lineno, err);
		return -1;
	}
	return 0;
}

static int
load_one(ts_regiondb *r, int country, const char *rel)
{
	char *path = ts_share_path(rel), *buf = NULL;
	size_t len = 0, cap = 0;
	FILE *f;
	int rc;

	if (path == NULL) {
		ts_warn("cannot find %s (set TELESTAT_SHARE)", rel);
		return -1;
	}
	if ((f = fopen(path, "r")) == NULL) {
		ts_warn_errno("%s", path);
		free(path);
		return -1;
	}
	for (;;) {
		size_t got;
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 16384;
			buf = xrealloc(buf, cap);
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		ts_warn_errno("%s", path);
		fclose(f);
		free(buf);
		free(path);
		return -1;
	}
	fclose(f);
	rc = ts_regiondb_add(r, country, buf, len, path);
	free(buf);
	free(path);
	return rc;
}

ts_regiondb *
ts_regiondb_load(void)
{
	ts_regiondb *r = ts_regiondb_new();

	if (load_one(r, TS_COUNTRY_PE, "regions/pe.tsv") < 0 ||
	    load_one(r, TS_COUNTRY_MX, "regions/mx.tsv") < 0) {
		ts_regiondb_free(r);
		return NULL;
	}
	return r;
}

static int
is_digits(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return n > 0;
}

static int
is_alnum(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9');
}

static int
find_iso(const ts_regiondb *r, const char *p, size_t n, const char **iso)
{
	char up[8];
	size_t i;
	int64_t id;

	if (n > sizeof(up))
		return TS_REGION_UNKNOWN;
	for (i = 0; i < n; i++)
		up[i] = (p[i] >= 'a' && p[i] <= 'z') ? (char)(p[i] - 32) : p[i];
	if ((id = ts_map_find(r->isos, up, n)) < 0)
		return TS_REGION_UNKNOWN;
	*iso = r->e[id].iso;
	return TS_REGION_OK;
}

/* Code lengths in use: UBIGEO 2/4/6 digits, INEGI 2/5/9 digits. */
static int
valid_code_len(int country, size_t n)
{
	if (country == TS_COUNTRY_PE)
		return n == 2 || n == 4 || n == 6;
	return n == 2 || n == 5 || n == 9;
}

static int
find_code(const ts_regiondb *r, const char *p, size_t n, int country,
    const char **iso)
{
	char code[16];
	size_t len;

	if (n + 1 > sizeof(code))
		return TS_REGION_UNKNOWN;
	if (valid_code_len(country, n)) {
		memcpy(code, p, n);
		len = n;
	} else if (valid_code_len(country, n + 1)) {
		/* A leading zero eaten by a spreadsheet: "1" is "01". */
		code[0] = '0';
		memcpy(code + 1, p, n);
		len = n + 1;
	} else {
		return TS_REGION_UNKNOWN;
	}
	/* The longest prefix in the table wins: 1501xx before 15. */
	for (; len > 0; len--) {
		int64_t id = ts_map_find(r->codes[country], code, len);
		if (id >= 0) {
			*iso = r->e[r->code_ent[country][id]].iso;
			return TS_REGION_OK;
		}
	}
	return TS_REGION_UNKNOWN;
}

static int
find_name(const ts_regiondb *r, const char *key, size_t kn, int country,
    const char **iso)
{
	int64_t slot = ts_map_find(r->names, key, kn);
	const int *ent;
	int c, found = -1, nfound = 0;

	if (slot < 0)
		return TS_REGION_UNKNOWN;
	ent = r->name_ent + slot * TS_NCOUNTRIES;
	if (country != TS_COUNTRY_NONE && ent[country] >= 0) {
		*iso = r->e[ent[country]].iso;
		return TS_REGION_OK;
	}
	for (c = 0; c < TS_NCOUNTRIES; c++) {
		if (ent[c] >= 0) {
			found = ent[c];
			nfound++;
		}
	}
	if (nfound != 1)
		return nfound ? TS_REGION_AMBIGUOUS : TS_REGION_UNKNOWN;
	*iso = r->e[found].iso;
	return TS_REGION_OK;
}

/* Administrative words exports put before a region's name (folded). */
static const char *const prefixes[] = {
	"departamento de ", "departamento del ", "departamento ",
	"dpto de ", "dpto ", "depto de ", "depto ",
	"gobierno regional de ", "gobierno regional del ",
	"gobierno regional ", "gore ", "region de ", "region del ", "region ",
	"diresa ", "geresa ", "diris ", "red de salud ",
	"estado de ", "estado ", "entidad ",
	NULL
};

int
ts_regiondb_resolve(const ts_regiondb *r, const char *p, size_t n,
    int country, const char **iso)
{
	char spaced[2 * NAME_MAX_FOLD], key[2 * NAME_MAX_FOLD];
	size_t sn, kn, i;
	int rc;

	if (n == 0)
		return TS_REGION_UNKNOWN;
	if (is_digits(p, n)) {
		if (country == TS_COUNTRY_NONE)
			return TS_REGION_AMBIGUOUS;
		return find_code(r, p, n, country, iso);
	}
	if (n >= 4 && n <= 6 && is_alnum(p[0]) && is_alnum(p[1]) && p[2] == '-')
		return find_iso(r, p, n, iso);
	if (n > NAME_MAX_FOLD)
		return TS_REGION_UNKNOWN;
	kn = ts_fold(p, n, key, TS_FOLD_NOSPACE);
	if ((rc = find_name(r, key, kn, country, iso)) != TS_REGION_UNKNOWN)
		return rc;
	sn = ts_fold(p, n, spaced, 0);
	for (i = 0; prefixes[i] != NULL; i++) {
		size_t pl = strlen(prefixes[i]);
		if (sn > pl && memcmp(spaced, prefixes[i], pl) == 0) {
			kn = ts_fold(spaced + pl, sn - pl, key, TS_FOLD_NOSPACE);
			return find_name(r, key, kn, country, iso);
		}
	}
	/* "15 - LIMA", "01 Amazonas": a code glued to a name; trust the name. */
	for (i = 0; i < sn && spaced[i] >= '0' && spaced[i] <= '9'; i++)
		;
	if (i > 0 && i + 1 < sn && spaced[i] == ' ' &&
	    (spaced[i + 1] < '0' || spaced[i + 1] > '9')) {
		kn = ts_fold(spaced + i + 1, sn - i - 1, key, TS_FOLD_NOSPACE);
		return find_name(r, key, kn, country, iso);
	}
	if (country != TS_COUNTRY_NONE && n == 3 && is_alnum(p[0]) &&
	    is_alnum(p[1]) && is_alnum(p[2])) {
		char code[6];
		const char *cc = ts_country_code(country);
		code[0] = cc[0];
		code[1] = cc[1];
		code[2] = '-';
		memcpy(code + 3, p, 3);
		return find_iso(r, code, 6, iso);
	}
	return TS_REGION_UNKNOWN;
}

const char *
ts_regiondb_name(const ts_regiondb *r, const char *iso, const char *lang)
{
	int64_t id = ts_map_find(r->isos, iso, strlen(iso));

	if (id < 0)
		return NULL;
	if (lang != NULL && strcmp(lang, "en") == 0)
		return r->e[id].name_en;
	return r->e[id].name_es;
}

size_t
ts_regiondb_count(const ts_regiondb *r, int country)
{
	if (country <= TS_COUNTRY_NONE || country >= TS_NCOUNTRIES)
		return 0;
	return r->norder[country];
}

const char *
ts_regiondb_iso(const ts_regiondb *r, int country, size_t i)
{
	if (i >= ts_regiondb_count(r, country))
		return NULL;
	return r->e[r->order[country][i]].iso;
}
