/*
 * report_regions.c - the region table the report uses for names and for
 * the list of entities expected to report.
 *
 * The tables (share/regions/pe.tsv, mx.tsv) belong to ingest, which maps
 * names and numeric codes to ISO 3166-2. The report only needs the ISO
 * code and a name, so it reads whatever columns the table has: the code
 * from the first of iso, iso_3166_2, iso3166_2, code, region, codigo whose
 * values look like "XX-..." (else the first present), the names from
 * name_es, es, nombre, name (Spanish) and name_en, en, name, nombre
 * (English). A code listed on several rows (aliases) counts once, with the
 * name of its first row.
 */
#include "report_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "paths.h"
#include "strmap.h"

struct ts_report_regions {
	ts_map *codes;        /* code -> index */
	char **name_es, **name_en;
};

static const char *const code_cols[] = {
	"iso", "iso_3166_2", "iso3166_2", "code", "region", "codigo", NULL
};
static const char *const es_cols[] = { "name_es", "es", "nombre", "name", NULL };
static const char *const en_cols[] = { "name_en", "en", "name", "nombre", NULL };

static int
first_col(ts_reader *r, const char *const *names)
{
	int i, c;

	for (i = 0; names[i] != NULL; i++)
		if ((c = ts_reader_find(r, names[i])) >= 0)
			return c;
	return -1;
}

static int
looks_iso(const char *s)
{
	return isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]) &&
	    s[2] == '-' && s[3] != '\0';
}

static char *
field(ts_str f)
{
	char *p = xmalloc(f.n + 1);

	p[ts_unescape(f, p)] = '\0';
	return p;
}

ts_report_regions *
ts_report_regions_load(const char *path, const char *country)
{
	ts_report_regions *g;
	ts_reader *r;
	ts_str *f;
	char *found = NULL;
	char ***rows = NULL;
	size_t nrows = 0, ncols, i, j;
	int code = -1, es, en, rc;

	if (path == NULL) {
		char rel[32];
		if (country == NULL || strlen(country) != 2)
			return NULL;
		snprintf(rel, sizeof(rel), "regions/%c%c.tsv",
		    tolower((unsigned char)country[0]),
		    tolower((unsigned char)country[1]));
		found = ts_share_path(rel);
		if (found == NULL)
			return NULL;
		path = found;
	}
	r = ts_reader_open(path);
	if (r == NULL)
		ts_die(TS_EXIT_IO, "%s: cannot read the region table", path);
	ncols = ts_reader_ncols(r);
	while ((rc = ts_reader_next(r, &f)) != TS_ROW_EOF) {
		if (rc == TS_ROW_FAIL)
			ts_die(TS_EXIT_IO, "%s: cannot read the region table", path);
		if (rc == TS_ROW_BAD)
			continue;
		rows = xreallocarray(rows, nrows + 1, sizeof(*rows));
		rows[nrows] = xcalloc(ncols, sizeof(char *));
		for (j = 0; j < ncols; j++)
			rows[nrows][j] = field(f[j]);
		nrows++;
	}
	for (i = 0; code_cols[i] != NULL && code < 0; i++) {
		int c = ts_reader_find(r, code_cols[i]);
		if (c >= 0 && nrows > 0 && looks_iso(rows[0][c]))
			code = c;
	}
	if (code < 0)
		code = first_col(r, code_cols);
	es = first_col(r, es_cols);
	en = first_col(r, en_cols);
	g = NULL;
	if (code < 0) {
		ts_warn("%s: no code column (iso, code, ...): region names and "
		    "expected entities not used", path);
	} else {
		g = xcalloc(1, sizeof(*g));
		g->codes = ts_map_new();
		for (i = 0; i < nrows; i++) {
			const char *c = rows[i][code];
			int ins;
			uint32_t id;
			if (*c == '\0')
				continue;
			id = ts_map_intern(g->codes, c, strlen(c), &ins);
			if (!ins)
				continue;
			g->name_es = xreallocarray(g->name_es, id + 1, sizeof(char *));
			g->name_en = xreallocarray(g->name_en, id + 1, sizeof(char *));
			g->name_es[id] = xstrdup(es >= 0 ? rows[i][es] : "");
			g->name_en[id] = xstrdup(en >= 0 ? rows[i][en] : "");
		}
	}
	for (i = 0; i < nrows; i++) {
		for (j = 0; j < ncols; j++)
			free(rows[i][j]);
		free(rows[i]);
	}
	free(rows);
	ts_reader_free(r);
	free(found);
	return g;
}

void
ts_report_regions_free(ts_report_regions *g)
{
	size_t i;

	if (g == NULL)
		return;
	for (i = 0; i < ts_map_size(g->codes); i++) {
		free(g->name_es[i]);
		free(g->name_en[i]);
	}
	free(g->name_es);
	free(g->name_en);
	ts_map_free(g->codes);
	free(g);
}

size_t
ts_report_regions_count(const ts_report_regions *g)
{
	return g ? ts_map_size(g->codes) : 0;
}

const char *
ts_report_regions_code(const ts_report_regions *g, size_t i)
{
	return ts_map_key(g->codes, (uint32_t)i).p;
}

long
ts_report_regions_find(const ts_report_regions *g, const char *code)
{
	return g ? (long)ts_map_find(g->codes, code, strlen(code)) : -1;
}

const char *
ts_report_regions_name(const ts_report_regions *g, const char *code, int lang)
{
	long i = ts_report_regions_find(g, code);
	const char *n;

	if (i < 0)
		return NULL;
	n = lang == TS_LANG_EN ? g->name_en[i] : g->name_es[i];
	if (*n == '\0')
		n = lang == TS_LANG_EN ? g->name_es[i] : g->name_en[i];
	return *n ? n : NULL;
}
