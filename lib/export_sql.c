/*
 * export_sql.c - records tables as portable SQL (export_sql.h).
 */
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "encoding.h"
#include "export_sql.h"
#include "util.h"

enum col_type { COL_TEXT, COL_INT, COL_BIGINT };

struct ts_sqlx {
	char *table;
	uint64_t suppress;
	ts_out *o;
	char **names;          /* the first table's columns */
	int *type;
	size_t ncols;
	int started;
	char *buf;             /* unescaped fields */
	size_t cap;
	ts_sqlx_stats st;
};

ts_sqlx *
ts_sqlx_new(const char *table, uint64_t suppress, ts_out *o)
{
	ts_sqlx *x = xcalloc(1, sizeof(*x));

	x->table = xstrdup(table);
	x->suppress = suppress;
	x->o = o;
	return x;
}

void
ts_sqlx_free(ts_sqlx *x)
{
	size_t i;

	if (x == NULL)
		return;
	for (i = 0; i < x->ncols; i++)
		free(x->names[i]);
	free(x->names);
	free(x->type);
	free(x->table);
	free(x->buf);
	free(x);
}

const ts_sqlx_stats *
ts_sqlx_stats_get(const ts_sqlx *x)
{
	return &x->st;
}

static int
type_of(const char *name)
{
	const char *colon = strchr(name, ':');

	/* A metric, or a cell of a wide table ("count:teleconsulta"). */
	if (ts_metric_find(name, strlen(name)) >= 0 ||
	    (colon != NULL && ts_metric_find(name, (size_t)(colon - name)) >= 0))
		return COL_BIGINT;
	if (strcmp(name, "year") == 0 || strcmp(name, "month") == 0)
		return COL_INT;
	return COL_TEXT;
}

static void
start(ts_sqlx *x, const ts_reader *r)
{
	static const char *const tname[] = { "TEXT", "INTEGER", "BIGINT" };
	size_t i;

	x->ncols = ts_reader_ncols(r);
	x->names = xreallocarray(NULL, x->ncols, sizeof(*x->names));
	x->type = xreallocarray(NULL, x->ncols, sizeof(*x->type));
	ts_out_puts(x->o, "BEGIN;\nCREATE TABLE ");
	ts_out_quoted(x->o, x->table, strlen(x->table), '"');
	ts_out_puts(x->o, " (");
	for (i = 0; i < x->ncols; i++) {
		x->names[i] = xstrdup(ts_reader_colname(r, i));
		x->type[i] = type_of(x->names[i]);
		ts_out_puts(x->o, i ? ", " : "");
		ts_out_quoted(x->o, x->names[i], strlen(x->names[i]), '"');
		ts_out_putc(x->o, ' ');
		ts_out_puts(x->o, tname[x->type[i]]);
	}
	ts_out_puts(x->o, ");\n");
	x->started = 1;
}

/* Largest value a BIGINT holds: 2^63-1, 19 digits. */
static int
int_ok(const char *p, size_t n, uint64_t *v)
{
	uint64_t x = 0;
	size_t i;

	if (n == 0 || n > 19)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned d = (unsigned char)p[i] - '0';

		if (d > 9)
			return 0;
		x = x * 10 + d;
	}
	if (x > (uint64_t)INT64_MAX)
		return 0;
	*v = x;
	return 1;
}

static void
reject(const ts_reader *r, const char *col, const char *why)
{
	char msg[300];

	snprintf(msg, sizeof(msg), "column %s: %s", col, why);
	ts_reader_warn(r, msg);
}

/* Checks and unescapes every field of a row into x->buf; -1 rejects. */
static int
check_row(ts_sqlx *x, const ts_reader *r, const ts_str *f, size_t *off,
    size_t *len)
{
	size_t i, need = 0, pos = 0;

	for (i = 0; i < x->ncols; i++)
		need += f[i].n + 1;
	if (need > x->cap) {
		x->cap = need * 2;
		x->buf = xrealloc(x->buf, x->cap);
	}
	for (i = 0; i < x->ncols; i++) {
		char *p = x->buf + pos;
		size_t n = ts_unescape(f[i], p);
		uint64_t v;

		off[i] = pos;
		len[i] = n;
		pos += n + 1;
		if (x->type[i] != COL_TEXT) {
			if (n > 0 && !int_ok(p, n, &v)) {
				reject(r, x->names[i], "not an integer "
				    "from 0 to 2^63-1");
				return -1;
			}
			continue;
		}
		if (memchr(p, '\0', n) != NULL) {
			reject(r, x->names[i], "NUL byte");
			return -1;
		}
		if (ts_utf8_check(p, n) != TS_UTF8_VALID) {
			reject(r, x->names[i], "invalid UTF-8");
			return -1;
		}
	}
	return 0;
}

int
ts_sqlx_read(ts_sqlx *x, ts_reader *r)
{
	size_t i, *off, *len;
	ts_str *f;
	int rc, rv = TS_EXIT_OK;

	if (!x->started)
		start(x, r);
	else {
		int same = ts_reader_ncols(r) == x->ncols;

		for (i = 0; same && i < x->ncols; i++)
			same = strcmp(ts_reader_colname(r, i), x->names[i]) == 0;
		if (!same) {
			ts_warn("%s: columns differ from the first table's "
			    "(one SQL table needs one header)",
			    ts_reader_name(r));
			return TS_EXIT_USAGE;
		}
	}
	off = xreallocarray(NULL, x->ncols, sizeof(*off));
	len = xreallocarray(NULL, x->ncols, sizeof(*len));
	while ((rc = ts_reader_next(r, &f)) != TS_ROW_EOF) {
		if (rc == TS_ROW_FAIL) {
			rv = TS_EXIT_IO;
			break;
		}
		x->st.rows++;
		if (rc == TS_ROW_BAD) {
			ts_reader_warn(r, ts_reader_error(r));
			x->st.rejected++;
			rv = TS_EXIT_DATA;
			continue;
		}
		if (check_row(x, r, f, off, len) != 0) {
			x->st.rejected++;
			rv = TS_EXIT_DATA;
			continue;
		}
		ts_out_puts(x->o, "INSERT INTO ");
		ts_out_quoted(x->o, x->table, strlen(x->table), '"');
		ts_out_puts(x->o, " VALUES (");
		for (i = 0; i < x->ncols; i++) {
			const char *p = x->buf + off[i];
			uint64_t v = 0;

			if (i > 0)
				ts_out_puts(x->o, ", ");
			if (x->type[i] != COL_TEXT) {
				if (len[i] == 0) {
					ts_out_puts(x->o, "NULL");
					continue;
				}
				(void)int_ok(p, len[i], &v);
				if (x->type[i] == COL_BIGINT && x->suppress > 1 &&
				    v > 0 && v < x->suppress) {
					x->st.suppressed++;
					ts_out_puts(x->o, "NULL");
					continue;
				}
				ts_out_u64(x->o, v);
				continue;
			}
			ts_out_quoted(x->o, p, len[i], '\'');
		}
		ts_out_puts(x->o, ");\n");
		x->st.written++;
	}
	free(off);
	free(len);
	return rv;
}

void
ts_sqlx_finish(ts_sqlx *x)
{
	if (x->started)
		ts_out_puts(x->o, "COMMIT;\n");
}
