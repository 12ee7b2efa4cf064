/*
 * sidetable.c - small tab-separated side tables; see sidetable.h.
 */
#include "sidetable.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

struct ts_side {
	char *name;
	char *text;          /* the table, fields NUL-terminated in place */
	char **cells;        /* ncols per row, header first */
	size_t *lines;       /* line of each row, header first */
	size_t ncols, nrows; /* nrows: data rows */
};

ts_side *
ts_side_parse(const uint8_t *buf, size_t n, const char *name,
    ts_error *e)
{
	ts_side *t = xcalloc(1, sizeof(*t));
	size_t i = 0, line = 0, cap = 0, rows = 0;
	char *p;

	t->name = xstrdup(name);
	if (n > TS_SIDE_MAX_BYTES) {
		ts_error_set(e, TS_EXIT_DATA, "%s: larger than %u bytes: not a "
		    "side table", name, TS_SIDE_MAX_BYTES);
		ts_side_free(t);
		return NULL;
	}
	t->text = xmalloc(n + 1);
	if (n > 0)
		memcpy(t->text, buf, n);
	t->text[n] = '\0';
	p = t->text;
	while (i < n) {
		size_t s = i, end, f, k;
		char *row;

		line++;
		while (i < n && p[i] != '\n')
			i++;
		end = i;
		if (i < n)
			i++;
		if (end > s && p[end - 1] == '\r')
			end--;
		if (end == s || p[s] == '#')
			continue;
		if (memchr(p + s, '\0', end - s) != NULL) {
			ts_error_set(e, TS_EXIT_DATA, "%s:%zu: NUL byte: not a "
			    "text table", name, line);
			ts_side_free(t);
			return NULL;
		}
		p[end] = '\0';
		row = p + s;
		/* Fields of this row. */
		k = 1;
		for (f = s; f < end; f++)
			k += p[f] == '\t';
		if (rows == 0) {
			t->ncols = k;
		} else if (k > t->ncols) {
			ts_error_set(e, TS_EXIT_DATA, "%s:%zu: %zu fields, the "
			    "header has %zu", name, line, k, t->ncols);
			ts_side_free(t);
			return NULL;
		}
		if (rows == cap) {
			cap = cap ? cap * 2 : 64;
			t->cells = xreallocarray(t->cells, cap * t->ncols,
			    sizeof(char *));
			t->lines = xreallocarray(t->lines, cap, sizeof(size_t));
		}
		t->lines[rows] = line;
		for (f = 0; f < t->ncols; f++) {
			char *tab;
			if (row == NULL) {
				t->cells[rows * t->ncols + f] = (char *)"";
				continue;
			}
			t->cells[rows * t->ncols + f] = row;
			if ((tab = strchr(row, '\t')) != NULL) {
				*tab = '\0';
				row = tab + 1;
			} else {
				row = NULL;
			}
		}
		rows++;
	}
	if (rows == 0) {
		ts_error_set(e, TS_EXIT_DATA, "%s: no header line: an empty "
		    "table", name);
		ts_side_free(t);
		return NULL;
	}
	t->nrows = rows - 1;
	return t;
}

ts_side *
ts_side_load(const char *path, ts_error *e)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0, got;
	ts_side *t;

	if (f == NULL) {
		ts_error_set(e, TS_EXIT_IO, "%s: %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0 && n <= TS_SIDE_MAX_BYTES);
	if (ferror(f)) {
		ts_error_set(e, TS_EXIT_IO, "%s: %s", path, strerror(errno));
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	t = ts_side_parse(buf, n, path, e);
	free(buf);
	return t;
}

void
ts_side_free(ts_side *t)
{
	if (t == NULL)
		return;
	free(t->name);
	free(t->text);
	free(t->cells);
	free(t->lines);
	free(t);
}

const char *
ts_side_name(const ts_side *t)
{
	return t->name;
}

int
ts_side_col(const ts_side *t, const char *const *names)
{
	size_t i, c;

	for (i = 0; names[i] != NULL; i++)
		for (c = 0; c < t->ncols; c++)
			if (strcasecmp(t->cells[c], names[i]) == 0)
				return (int)c;
	return -1;
}

size_t
ts_side_rows(const ts_side *t)
{
	return t->nrows;
}

const char *
ts_side_get(const ts_side *t, size_t row, int col)
{
	if (col < 0 || (size_t)col >= t->ncols || row >= t->nrows)
		return "";
	return t->cells[(row + 1) * t->ncols + (size_t)col];
}

size_t
ts_side_line(const ts_side *t, size_t row)
{
	return row < t->nrows ? t->lines[row + 1] : 0;
}

int
ts_side_count(const char *s, int64_t *v)
{
	int64_t x = 0;
	int digits = 0, group = -1;
	char sep = 0;

	for (; *s == ' '; s++)
		;
	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (isdigit((unsigned char)*s)) {
			if (x > 100000000000000LL)
				return -1;
			x = x * 10 + (*s - '0');
			digits++;
			if (group >= 0)
				group++;
			continue;
		}
		if (*s == ' ' && s[1] == '\0')
			break;
		if ((*s == ' ' || *s == ',' || *s == '.') && digits > 0) {
			/* A group separator: one kind, every three digits. */
			if ((sep != 0 && *s != sep) || (group >= 0 && group != 3) ||
			    (group < 0 && digits > 3))
				return -1;
			sep = *s;
			group = 0;
			continue;
		}
		return -1;
	}
	if (digits == 0 || (group >= 0 && group != 3))
		return -1;
	*v = x;
	return 0;
}

int
ts_side_real(const char *s, double *v)
{
	char buf[64], *end;
	size_t n = strlen(s), i;
	double x;

	if (n == 0 || n >= sizeof(buf))
		return -1;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c == ',')
			c = '.';
		/* Plain decimals only: no hex, exponents, inf or nan. */
		if (!isdigit((unsigned char)c) && c != '.' && c != '-' && c != '+')
			return -1;
		buf[i] = c;
	}
	buf[n] = '\0';
	errno = 0;
	x = strtod(buf, &end);
	if (end == buf || *end != '\0' || errno != 0 || !isfinite(x))
		return -1;
	*v = x;
	return 0;
}
