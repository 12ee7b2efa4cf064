/*
 * export_map.c - parser of telestat-export(1) mapping files.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "encoding.h"
#include "export_map.h"
#include "strmap.h"
#include "util.h"

/* A mapping file is a hand-written table, not data: this is plenty. */
#define XMAP_MAX_BYTES (16u * 1024 * 1024)
#define XMAP_MAX_ERRORS 10
#define XMAP_MAX_FIELDS 4

typedef struct xentry {
	ts_xcode *codes;
	size_t n;
} xentry;

typedef struct xrole {
	char *column;
	char *dflt;
	ts_map *values;     /* value -> id, ids index entries */
	xentry *entries;
	size_t cap;
} xrole;

struct ts_xmap {
	char *name;
	char *dataset;
	char *adx_category;
	int metric;
	int metric_line;
	xrole role[TS_XROLE_N];
};

static const char *const role_names[TS_XROLE_N] = {
	"dataElement", "orgUnit", "categoryOptionCombo"
};

const char *
ts_xrole_name(int role)
{
	return role >= 0 && role < TS_XROLE_N ? role_names[role] : "?";
}

static int
role_find(const char *s)
{
	int i;

	for (i = 0; i < TS_XROLE_N; i++)
		if (strcmp(s, role_names[i]) == 0)
			return i;
	return -1;
}

typedef struct parser {
	ts_xmap *m;
	const char *name;
	unsigned long line;
	int errors;
} parser;

static void TS_PRINTF(2, 3)
perr(parser *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	p->errors++;
	if (p->errors > XMAP_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->line > 0)
		ts_warn("%s:%lu: %s", p->name, p->line, msg);
	else
		ts_warn("%s: %s", p->name, msg);
}

/*
 * A code, column or value: non-empty, no control characters, no leading
 * or trailing space (a stray space would make a code that matches
 * nothing in DHIS2 and a value that matches no table field).
 */
static int
field_ok(parser *p, const char *what, const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0) {
		perr(p, "empty %s", what);
		return 0;
	}
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			perr(p, "%s: control character (byte %zu)", what, i + 1);
			return 0;
		}
	if (s[0] == ' ' || s[n - 1] == ' ') {
		perr(p, "%s \"%s\": leading or trailing space", what, s);
		return 0;
	}
	return 1;
}

static void
add_code(parser *p, int role, const char *value, const char *code,
    int metric)
{
	xrole *r = &p->m->role[role];
	xentry *e;
	uint32_t id;

	id = ts_map_intern(r->values, value, strlen(value), NULL);
	if (id >= r->cap) {
		size_t ncap = r->cap ? r->cap * 2 : 16;

		while (ncap <= id)
			ncap *= 2;
		r->entries = xreallocarray(r->entries, ncap, sizeof(*r->entries));
		memset(r->entries + r->cap, 0,
		    (ncap - r->cap) * sizeof(*r->entries));
		r->cap = ncap;
	}
	e = &r->entries[id];
	/* Data elements are checked once their metrics are known (finish). */
	if (role != TS_XROLE_DE && e->n > 0) {
		perr(p, "%s \"%s\" given twice", role_names[role], value);
		return;
	}
	e->codes = xreallocarray(e->codes, e->n + 1, sizeof(*e->codes));
	e->codes[e->n].code = strcmp(code, "-") == 0 ? NULL : xstrdup(code);
	e->codes[e->n].metric = metric;
	e->n++;
}

static int
metric_of(parser *p, const char *s)
{
	int m = ts_metric_find(s, strlen(s));

	if (m < 0)
		perr(p, "unknown metric \"%s\" (choose from count, patients, "
		    "sessions, attendees, records)", s);
	return m;
}

static void
directive(parser *p, char **f, size_t nf)
{
	ts_xmap *m = p->m;
	const char *d = f[0];
	size_t i;
	int role;

	for (i = 0; i < nf; i++) {
		/* A table value may be empty (an unknown sex, no region). */
		if (i == 1 && f[i][0] == '\0' && role_find(d) >= 0)
			continue;
		if (!field_ok(p, i == 0 ? "directive" : "field", f[i]))
			return;
	}
#define WANT(lo, hi, shape) \
	if (nf < (lo) || nf > (hi)) { \
		perr(p, "%s: expected \"%s\" (fields separated by TAB)", \
		    d, shape); \
		return; \
	}
	if (strcmp(d, "dataSet") == 0) {
		WANT(2, 2, "dataSet CODE");
		if (m->dataset != NULL) {
			perr(p, "dataSet given twice");
			return;
		}
		m->dataset = xstrdup(f[1]);
	} else if (strcmp(d, "adxCategory") == 0) {
		WANT(2, 2, "adxCategory NAME");
		if (m->adx_category != NULL) {
			perr(p, "adxCategory given twice");
			return;
		}
		/* An XML attribute name: keep to the safe ASCII subset. */
		for (i = 0; f[1][i] != '\0'; i++) {
			char c = f[1][i];
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			    c == '_' || (i > 0 && ((c >= '0' && c <= '9') ||
			    c == '-' || c == '.')))) {
				perr(p, "adxCategory \"%s\": not an XML name "
				    "(letters, digits, _ - .)", f[1]);
				return;
			}
		}
		if (strcmp(f[1], "dataElement") == 0 ||
		    strcmp(f[1], "value") == 0) {
			perr(p, "adxCategory \"%s\": reserved ADX attribute",
			    f[1]);
			return;
		}
		m->adx_category = xstrdup(f[1]);
	} else if (strcmp(d, "metric") == 0) {
		int mt;

		WANT(2, 2, "metric METRIC");
		if (m->metric_line) {
			perr(p, "metric given twice");
			return;
		}
		if ((mt = metric_of(p, f[1])) < 0)
			return;
		m->metric = mt;
		m->metric_line = 1;
	} else if (strcmp(d, "column") == 0 || strcmp(d, "default") == 0) {
		int is_col = d[0] == 'c';

		WANT(3, 3, is_col ? "column ROLE COLUMN" : "default ROLE CODE");
		if ((role = role_find(f[1])) < 0) {
			perr(p, "%s: unknown role \"%s\" (choose dataElement, "
			    "orgUnit or categoryOptionCombo)", d, f[1]);
			return;
		}
		if (m->role[role].column != NULL || m->role[role].dflt != NULL) {
			perr(p, "%s: a column or default is already given",
			    role_names[role]);
			return;
		}
		if (is_col)
			m->role[role].column = xstrdup(f[2]);
		else if (strcmp(f[2], "-") == 0) {
			perr(p, "default %s: \"-\" would export nothing",
			    role_names[role]);
			return;
		} else
			m->role[role].dflt = xstrdup(f[2]);
	} else if ((role = role_find(d)) >= 0) {
		int mt = -1;

		if (role == TS_XROLE_DE) {
			WANT(3, 4, "dataElement VALUE CODE [METRIC]");
			if (nf == 4 && (mt = metric_of(p, f[3])) < 0)
				return;
		} else if (role == TS_XROLE_OU) {
			WANT(3, 3, "orgUnit VALUE CODE");
		} else {
			WANT(3, 3, "categoryOptionCombo VALUE CODE");
		}
		/* -1: the default metric, fixed when the file is read. */
		add_code(p, role, f[1], f[2], mt);
	} else
		perr(p, "unknown directive \"%s\" (see telestat-export(1), "
		    "MAPPING FILE)", d);
#undef WANT
}

static void
finish(parser *p)
{
	ts_xmap *m = p->m;
	int role;

	p->line = 0;
	for (role = 0; role < TS_XROLE_N; role++) {
		xrole *r = &m->role[role];
		size_t id, i, j;

		if (ts_map_size(r->values) > 0 && r->column == NULL)
			perr(p, "%s values are mapped but no \"column %s "
			    "COLUMN\" line says where they are",
			    role_names[role], role_names[role]);
		if (role != TS_XROLE_COC && r->column == NULL &&
		    r->dflt == NULL)
			perr(p, "no \"column %s COLUMN\" or \"default %s "
			    "CODE\" line", role_names[role], role_names[role]);
		/* Data elements without a metric take the file's metric. */
		for (id = 0; id < ts_map_size(r->values); id++) {
			xentry *e = &r->entries[id];

			for (i = 0; i < e->n; i++)
				if (e->codes[i].metric < 0)
					e->codes[i].metric = m->metric;
			for (i = 0; i < e->n; i++)
				for (j = i + 1; j < e->n; j++)
					if (e->codes[i].metric ==
					    e->codes[j].metric)
						perr(p, "dataElement \"%s\" for "
						    "metric %s given twice",
						    ts_map_key(r->values,
						    (uint32_t)id).p,
						    ts_metric_name(
						    e->codes[i].metric));
		}
	}
	if (m->adx_category != NULL && m->role[TS_XROLE_COC].column == NULL)
		perr(p, "adxCategory needs a \"column categoryOptionCombo "
		    "COLUMN\" line");
}

static ts_xmap *
xmap_new(const char *name)
{
	ts_xmap *m = xcalloc(1, sizeof(*m));
	int i;

	m->name = xstrdup(name);
	m->metric = TS_METRIC_COUNT;
	for (i = 0; i < TS_XROLE_N; i++)
		m->role[i].values = ts_map_new();
	return m;
}

ts_xmap *
ts_xmap_parse(const uint8_t *data, size_t n, const char *name)
{
	parser p = { 0 };
	const char *s = (const char *)data, *end = s + n;
	char *line = NULL;
	size_t cap = 0;

	p.m = xmap_new(name);
	p.name = name;
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;        /* a byte-order mark left by an editor */
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		char *f[XMAP_MAX_FIELDS + 1], *q;
		size_t nf = 0, bad;

		p.line++;
		if (len > 0 && s[len - 1] == '\r')
			len--;
		if (len + 1 > cap) {
			cap = len + 1;
			line = xrealloc(line, cap);
		}
		memcpy(line, s, len);
		line[len] = '\0';
		s = nl ? nl + 1 : end;
		if (memchr(line, '\0', len) != NULL) {
			perr(&p, "NUL byte");
			continue;
		}
		if ((bad = ts_utf8_check(line, len)) != TS_UTF8_VALID) {
			perr(&p, "invalid UTF-8 at byte %zu", bad + 1);
			continue;
		}
		if (len == 0 || line[0] == '#')
			continue;
		if (strspn(line, " \t") == len)
			continue;
		for (q = line;;) {
			char *t = strchr(q, '\t');

			if (nf == XMAP_MAX_FIELDS) {
				nf++;
				break;
			}
			f[nf++] = q;
			if (t == NULL)
				break;
			*t = '\0';
			q = t + 1;
		}
		if (nf > XMAP_MAX_FIELDS) {
			perr(&p, "%s: too many fields", f[0]);
			continue;
		}
		directive(&p, f, nf);
	}
	free(line);
	finish(&p);
	if (p.errors > XMAP_MAX_ERRORS)
		ts_warn("%s: %d more problems", name, p.errors - XMAP_MAX_ERRORS);
	if (p.errors > 0) {
		ts_xmap_free(p.m);
		return NULL;
	}
	return p.m;
}

ts_xmap *
ts_xmap_load(const char *path, int *status)
{
	FILE *f;
	char *buf;
	size_t len = 0, got;
	ts_xmap *m;

	*status = TS_EXIT_IO;
	if ((f = fopen(path, "rb")) == NULL) {
		ts_warn_errno("%s", path);
		return NULL;
	}
	buf = xmalloc(XMAP_MAX_BYTES + 1);
	while ((got = fread(buf + len, 1, XMAP_MAX_BYTES + 1 - len, f)) > 0)
		len += got;
	if (ferror(f)) {
		ts_warn_errno("%s", path);
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	*status = TS_EXIT_USAGE;
	if (len > XMAP_MAX_BYTES) {
		ts_warn("%s: mapping file larger than %u MiB", path,
		    XMAP_MAX_BYTES >> 20);
		free(buf);
		return NULL;
	}
	m = ts_xmap_parse((const uint8_t *)buf, len, path);
	free(buf);
	if (m != NULL)
		*status = TS_EXIT_OK;
	return m;
}

void
ts_xmap_free(ts_xmap *m)
{
	int role;

	if (m == NULL)
		return;
	for (role = 0; role < TS_XROLE_N; role++) {
		xrole *r = &m->role[role];
		size_t id, i;

		for (id = 0; id < ts_map_size(r->values); id++) {
			for (i = 0; i < r->entries[id].n; i++)
				free((char *)r->entries[id].codes[i].code);
			free(r->entries[id].codes);
		}
		free(r->entries);
		ts_map_free(r->values);
		free(r->column);
		free(r->dflt);
	}
	free(m->name);
	free(m->dataset);
	free(m->adx_category);
	free(m);
}

const char *ts_xmap_name(const ts_xmap *m) { return m->name; }
const char *ts_xmap_dataset(const ts_xmap *m) { return m->dataset; }
const char *ts_xmap_adx_category(const ts_xmap *m) { return m->adx_category; }
int ts_xmap_metric(const ts_xmap *m) { return m->metric; }

const char *
ts_xmap_column(const ts_xmap *m, int role)
{
	return m->role[role].column;
}

const char *
ts_xmap_default(const ts_xmap *m, int role)
{
	return m->role[role].dflt;
}

const ts_xcode *
ts_xmap_lookup(const ts_xmap *m, int role, const char *p, size_t n,
    size_t *count)
{
	const xrole *r = &m->role[role];
	int64_t id = ts_map_find(r->values, p, n);

	if (id < 0) {
		*count = 0;
		return NULL;
	}
	*count = r->entries[id].n;
	return r->entries[id].codes;
}

/* Appends S to a growing string. */
static void
cat(char **buf, size_t *len, size_t *cap, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		*buf = xrealloc(*buf, *cap);
	}
	memcpy(*buf + *len, s, n + 1);
	*len += n;
}

char *
ts_xmap_format(const ts_xmap *m)
{
	char *b = NULL;
	size_t len = 0, cap = 0;
	int role;

	cat(&b, &len, &cap, "");
	if (m->dataset) {
		cat(&b, &len, &cap, "dataSet\t");
		cat(&b, &len, &cap, m->dataset);
		cat(&b, &len, &cap, "\n");
	}
	cat(&b, &len, &cap, "metric\t");
	cat(&b, &len, &cap, ts_metric_name(m->metric));
	cat(&b, &len, &cap, "\n");
	if (m->adx_category) {
		cat(&b, &len, &cap, "adxCategory\t");
		cat(&b, &len, &cap, m->adx_category);
		cat(&b, &len, &cap, "\n");
	}
	for (role = 0; role < TS_XROLE_N; role++) {
		const xrole *r = &m->role[role];
		size_t id, i;

		if (r->column || r->dflt) {
			cat(&b, &len, &cap, r->column ? "column\t" : "default\t");
			cat(&b, &len, &cap, role_names[role]);
			cat(&b, &len, &cap, "\t");
			cat(&b, &len, &cap, r->column ? r->column : r->dflt);
			cat(&b, &len, &cap, "\n");
		}
		for (id = 0; id < ts_map_size(r->values); id++)
			for (i = 0; i < r->entries[id].n; i++) {
				const ts_xcode *c = &r->entries[id].codes[i];

				cat(&b, &len, &cap, role_names[role]);
				cat(&b, &len, &cap, "\t");
				cat(&b, &len, &cap,
				    ts_map_key(r->values, (uint32_t)id).p);
				cat(&b, &len, &cap, "\t");
				cat(&b, &len, &cap, c->code ? c->code : "-");
				if (role == TS_XROLE_DE) {
					cat(&b, &len, &cap, "\t");
					cat(&b, &len, &cap,
					    ts_metric_name(c->metric));
				}
				cat(&b, &len, &cap, "\n");
			}
	}
	return b;
}
