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
 * name of its first row. Lines starting with '#' are comments. A table
 * whose first line is data (a code, not a header), as hand-made lists
 * often are, is read by position in the column order of the shipped
 * tables: code, numeric codes, Spanish name, English name.
 */
#include "report_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
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

/* The whole file at PATH (gzip inflated), NUL-terminated; NULL with E
 * filled when it cannot be read. */
static char *
slurp(const char *path, size_t *len, ts_error *e)
{
	ts_input *in = ts_input_open(path);
	char *buf = NULL;
	size_t n = 0, cap = 0;
	ssize_t got;

	if (in == NULL) {
		ts_error_set(e, TS_EXIT_IO, "%s: cannot read the region table",
		    path);
		return NULL;
	}
	do {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap + 1);
		}
		got = ts_input_read(in, buf + n, cap - n);
		if (got < 0) {
			ts_error_set(e, TS_EXIT_IO,
			    "%s: cannot read the region table", path);
			free(buf);
			ts_input_close(in);
			return NULL;
		}
		n += (size_t)got;
	} while (got > 0);
	ts_input_close(in);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/*
 * Drops comment lines ("#...") and blank lines in place; returns the new
 * length. Ingest's own tables start with a comment that describes them.
 */
static size_t
strip_comments(char *buf, size_t n)
{
	size_t i = 0, o = 0;

	while (i < n) {
		size_t e = i;
		while (e < n && buf[e] != '\n')
			e++;
		if (e < n)
			e++;
		if (buf[i] != '#' && buf[i] != '\n' &&
		    !(buf[i] == '\r' && i + 1 < n && buf[i + 1] == '\n')) {
			memmove(buf + o, buf + i, e - i);
			o += e - i;
		}
		i = e;
	}
	buf[o] = '\0';
	return o;
}

/* Adds CODE with its names, unless already listed (aliases). */
static void
add_region(ts_report_regions *g, const char *code, const char *es,
    const char *en)
{
	int ins;
	uint32_t id;

	if (*code == '\0')
		return;
	id = ts_map_intern(g->codes, code, strlen(code), &ins);
	if (!ins)
		return;
	g->name_es = xreallocarray(g->name_es, id + 1, sizeof(char *));
	g->name_en = xreallocarray(g->name_en, id + 1, sizeof(char *));
	g->name_es[id] = xstrdup(es);
	g->name_en[id] = xstrdup(en);
}

/*
 * A table without a header, in the shipped tables' order: ISO code,
 * numeric codes, Spanish name, English name, aliases, TAB-separated.
 */
static ts_report_regions *
load_positional(char *buf)
{
	ts_report_regions *g = xcalloc(1, sizeof(*g));
	char *line = buf, *next;

	g->codes = ts_map_new();
	for (; line != NULL && *line != '\0'; line = next) {
		char *f[4] = { "", "", "", "" }, *p = line;
		size_t k = 0;
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (*line && line[strlen(line) - 1] == '\r')
			line[strlen(line) - 1] = '\0';
		while (k < 4) {
			char *tab = strchr(p, '\t');
			f[k++] = p;
			if (tab == NULL)
				break;
			*tab = '\0';
			p = tab + 1;
		}
		if (looks_iso(f[0]))
			add_region(g, f[0], f[2], f[3]);
	}
	return g;
}

int
ts_report_regions_load(const char *path, const char *country,
    ts_report_regions **gp, ts_error *e)
{
	ts_report_regions *g;
	ts_reader *r;
	ts_str *f;
	char *found = NULL, *buf;
	char ***rows = NULL;
	size_t nrows = 0, ncols, i, j, len;
	int code = -1, es, en, rc, failed = 0;

	*gp = NULL;
	if (path == NULL) {
		char rel[32];
		if (country == NULL || strlen(country) != 2)
			return 0;
		snprintf(rel, sizeof(rel), "regions/%c%c.tsv",
		    tolower((unsigned char)country[0]),
		    tolower((unsigned char)country[1]));
		found = ts_share_path(rel);
		if (found == NULL)
			return 0;
		path = found;
	}
	if ((buf = slurp(path, &len, e)) == NULL) {
		free(found);
		return -1;
	}
	len = strip_comments(buf, len);
	/* A first line that starts with a code is data, not a header. */
	if (len > 3 && looks_iso(buf)) {
		*gp = load_positional(buf);
		free(buf);
		free(found);
		return 0;
	}
	r = ts_reader_new(ts_input_memory((const uint8_t *)buf, len, path));
	if (r == NULL) {
		ts_error_set(e, TS_EXIT_IO, "%s: cannot read the region table",
		    path);
		free(buf);
		free(found);
		return -1;
	}
	ncols = ts_reader_ncols(r);
	while ((rc = ts_reader_next(r, &f)) != TS_ROW_EOF) {
		if (rc == TS_ROW_FAIL) {
			failed = ts_error_set(e, TS_EXIT_IO,
			    "%s: cannot read the region table", path);
			break;
		}
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
	if (failed) {
		/* E says why. */
	} else if (code < 0) {
		ts_warn("%s: no code column (iso, code, ...): region names and "
		    "expected entities not used", path);
	} else {
		g = xcalloc(1, sizeof(*g));
		g->codes = ts_map_new();
		for (i = 0; i < nrows; i++)
			add_region(g, rows[i][code], es >= 0 ? rows[i][es] : "",
			    en >= 0 ? rows[i][en] : "");
	}
	for (i = 0; i < nrows; i++) {
		for (j = 0; j < ncols; j++)
			free(rows[i][j]);
		free(rows[i]);
	}
	free(rows);
	ts_reader_free(r);
	free(buf);
	free(found);
	*gp = g;
	return failed;
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

void
ts_country_tally_add(struct ts_country_tally *t, const char *p, size_t n)
{
	size_t j;

	if (n < 4 || p[2] != '-' || p[0] < 'A' || p[0] > 'Z' ||
	    p[1] < 'A' || p[1] > 'Z')
		return;
	for (j = 0; j < t->n; j++)
		if (t->seen[j].c[0] == p[0] && t->seen[j].c[1] == p[1])
			break;
	if (j == t->n) {
		if (t->n == sizeof(t->seen) / sizeof(t->seen[0]))
			return;
		t->seen[j].c[0] = p[0];
		t->seen[j].c[1] = p[1];
		t->seen[j].n = 0;
		t->n++;
	}
	t->seen[j].n++;
}

const char *
ts_country_tally_top(const struct ts_country_tally *t, char cc[3])
{
	size_t j, best = 0;

	if (t->n == 0)
		return NULL;
	for (j = 1; j < t->n; j++)
		if (t->seen[j].n > t->seen[best].n)
			best = j;
	cc[0] = t->seen[best].c[0];
	cc[1] = t->seen[best].c[1];
	cc[2] = '\0';
	return cc;
}
