/*
 * report_each.c - one report per value of a column (see report_each.h).
 */
#include "report_each.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out.h"
#include "records.h"
#include "strmap.h"
#include "util.h"

/*
 * One value's records: a temporary file per header seen (inputs whose
 * columns differ are read each under its own header, as report does).
 * Each line ends with one more column, ORIGIN_COL, "INPUT:LINE": where it
 * was read, so that the report's messages name the user's file and line
 * (each_origin), not the temporary file's.
 */
struct spill {
	FILE **f;
	size_t *first;          /* input of f[i]'s first line */
	size_t n;
	int header;             /* header id of f[n - 1], or -1 */
};

#define ORIGIN_COL "telestat_each_origin"

struct split {
	ts_map *values;         /* escaped value -> index in v */
	struct spill *v;
	ts_map *headers;        /* header line -> id */
	int64_t novalue;        /* rows with an empty value */
	char **names;           /* the inputs' names, by index */
};

/* Where a temporary file's lines came from (ts_reader_origin_fn). */
struct origin {
	char *const *names;     /* struct split's */
	size_t first;           /* the input of the first line */
};

/* The origin of RAW, a line of a temporary file: its last column. */
static const char *
each_origin(void *arg, ts_str raw, uint64_t *line)
{
	const struct origin *o = arg;
	uint64_t input = 0, n = 0;
	size_t i = raw.n, colon = 0;

	*line = 1;              /* the header: the first input's */
	if (raw.p == NULL)
		return o->names[o->first];
	while (i > 0 && raw.p[i - 1] != '\t')
		i--;
	for (; i < raw.n; i++) {
		if (raw.p[i] == ':' && !colon) {
			colon = 1;
			input = n;
			n = 0;
		} else if (raw.p[i] >= '0' && raw.p[i] <= '9') {
			n = n * 10 + (uint64_t)(raw.p[i] - '0');
		}
	}
	*line = n;
	return o->names[input];
}

/* A temporary file in $TMPDIR (or /tmp), unlinked at once; NULL after
 * a message. */
static FILE *
temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	FILE *f = NULL;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = xasprintf("%s/telestat-each.XXXXXX", dir);
	if ((fd = mkstemp(path)) >= 0) {
		unlink(path);
		if ((f = fdopen(fd, "w+")) == NULL)
			close(fd);
	}
	if (f == NULL)
		ts_warn("%s: cannot split the records by value: %s", dir,
		    strerror(errno));
	free(path);
	return f;
}

/* Writes S escaped as a records field (telestat-records(5)). */
static void
put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\t': fputs("\\t", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\\': fputs("\\\\", f); break;
		default: putc(*s, f);
		}
	}
}

/* The header of R as one line, as filter writes it; caller frees. */
static char *
header_line(const ts_reader *r, size_t *len)
{
	char *buf = NULL;
	size_t c, n = ts_reader_ncols(r);
	FILE *m = open_memstream(&buf, len);

	if (m == NULL)
		ts_out_of_memory("open_memstream");
	for (c = 0; c < n; c++) {
		if (c > 0)
			putc('\t', m);
		put_escaped(m, ts_reader_colname(r, c));
	}
	fputs("\t" ORIGIN_COL "\n", m);
	if (fclose(m) != 0)
		ts_out_of_memory("open_memstream");
	return buf;
}

/* Copies every record of R into the file of its value; the status. */
static int
split_reader(struct split *s, ts_reader *r, size_t input, int col,
    int header, const char *hline, size_t hlen)
{
	ts_str *f, raw;
	int rc, status = TS_EXIT_OK, ins;

	while ((rc = ts_reader_next(r, &f)) != TS_ROW_EOF) {
		struct spill *sp;
		uint32_t id;

		if (rc == TS_ROW_FAIL)
			return TS_EXIT_IO;
		if (rc == TS_ROW_BAD) {
			/* As filter does: the row is in no report. */
			ts_reader_warn(r, ts_reader_error(r));
			status = TS_EXIT_DATA;
			continue;
		}
		if (f[col].n == 0) {
			s->novalue++;
			continue;
		}
		if (ts_map_find(s->values, f[col].p, f[col].n) < 0 &&
		    ts_map_size(s->values) >= TS_EACH_MAX_VALUES) {
			ts_warn("%s: more than %d values of column \"%s\": one "
			    "report each is not made", ts_reader_name(r),
			    TS_EACH_MAX_VALUES, ts_reader_colname(r, (size_t)col));
			return TS_EXIT_DATA | 0x100;
		}
		id = ts_map_intern(s->values, f[col].p, f[col].n, &ins);
		if (ins) {
			s->v = xreallocarray(s->v, id + 1, sizeof(*s->v));
			memset(&s->v[id], 0, sizeof(s->v[id]));
			s->v[id].header = -1;
		}
		sp = &s->v[id];
		if (sp->header != header) {
			sp->f = xreallocarray(sp->f, sp->n + 1, sizeof(FILE *));
			sp->first = xreallocarray(sp->first, sp->n + 1,
			    sizeof(size_t));
			if ((sp->f[sp->n] = temp_file()) == NULL)
				return TS_EXIT_IO | 0x100;
			sp->first[sp->n] = input;
			sp->n++;
			sp->header = header;
			fwrite(hline, 1, hlen, sp->f[sp->n - 1]);
		}
		raw = ts_reader_raw(r);
		fwrite(raw.p, 1, raw.n, sp->f[sp->n - 1]);
		fprintf(sp->f[sp->n - 1], "\t%zu:%llu\n", input,
		    (unsigned long long)ts_reader_line(r));
	}
	return status;
}

/*
 * Reads every input into S. Returns the worst status, with bit 0x100
 * set when no report must be made (an input that could not be read, a
 * missing column, too many values).
 */
static int
split_inputs(struct split *s, const struct ts_inputs *in, const char *column,
    const struct ts_report_run_opts *o)
{
	int status = TS_EXIT_OK, st, col, header;
	size_t i, hlen;
	ts_reader *r;
	char *hline;

	for (i = 0; i < in->n; i++) {
		if ((r = ts_reader_open_input(in->paths[i], &st)) == NULL) {
			if (st > status)
				status = st;
			if (st == TS_EXIT_IO)
				return status | 0x100;
			continue;
		}
		if ((col = ts_reader_require(r, column, "--each")) < 0) {
			ts_reader_free(r);
			return TS_EXIT_MISSING_COLUMN | 0x100;
		}
		ts_reader_progress(r, o->progress);
		s->names[i] = xstrdup(ts_reader_name(r));
		hline = header_line(r, &hlen);
		header = (int)ts_map_intern(s->headers, hline, hlen, NULL);
		st = split_reader(s, r, i, col, header, hline, hlen);
		free(hline);
		ts_reader_free(r);
		if ((st & 0xff) > (status & 0xff))
			status = (status & 0x100) | (st & 0xff);
		if (st & 0x100 || (st & 0xff) == TS_EXIT_IO)
			return status | 0x100;
	}
	return status;
}

int
ts_report_each_pattern_ok(const char *pattern)
{
	const char *p = strchr(pattern, '%');

	return p != NULL && p[1] == 's' && strchr(p + 2, '%') == NULL;
}

/* U+00C0..U+00FF (UTF-8 C3 80..BF) by their base letters. */
static const char latin1[65] =
    "AAAAAAACEEEEIIIIDNOOOOO_OUUUUY_saaaaaaaceeeeiiiidnooooo_ouuuuy_y";

char *
ts_report_each_name(const char *value, size_t n)
{
	char *s = xmalloc(n + 1), *o = s;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)value[i];
		/* Latin letters with accents keep their base letter. */
		if (c == 0xc3 && i + 1 < n && (unsigned char)value[i + 1] >= 0x80 &&
		    (unsigned char)value[i + 1] <= 0xbf &&
		    latin1[(unsigned char)value[i + 1] - 0x80] != '_') {
			c = (unsigned char)latin1[(unsigned char)value[++i] - 0x80];
		}
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || (c == '-' && o > s))
			*o++ = (char)c;
		else if (o == s || o[-1] != '_')
			*o++ = '_';
	}
	*o = '\0';
	return s;
}

/* The output path of value V (unescaped) under PATTERN; caller frees. */
static char *
output_path(const char *pattern, const char *name)
{
	const char *p = strstr(pattern, "%s");

	return xasprintf("%.*s%s%s", (int)(p - pattern), pattern, name, p + 2);
}

/* A value and the name of its report. */
struct named {
	char *name;
	char *value;            /* unescaped */
	uint32_t id;
};

static int
cmp_named(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->value, y->value);
}

int
ts_report_each_run(const struct ts_report_run_opts *o,
    const struct ts_inputs *in, const char *column)
{
	struct split s = { 0 };
	struct named *v = NULL;
	size_t nv, i, j;
	int status, st;

	s.values = ts_map_new();
	s.headers = ts_map_new();
	s.names = xcalloc(in->n + 1, sizeof(char *));
	status = split_inputs(&s, in, column, o);
	nv = ts_map_size(s.values);
	if (!(status & 0x100)) {
		v = xcalloc(nv + 1, sizeof(*v));
		for (i = 0; i < nv; i++) {
			ts_str k = ts_map_key(s.values, (uint32_t)i);
			v[i].value = xmalloc(k.n + 1);
			v[i].value[ts_unescape(k, v[i].value)] = '\0';
			v[i].name = ts_report_each_name(v[i].value,
			    strlen(v[i].value));
			v[i].id = (uint32_t)i;
		}
		qsort(v, nv, sizeof(*v), cmp_named);
		for (i = 1; i < nv; i++)
			if (strcmp(v[i - 1].name, v[i].name) == 0) {
				ts_warn("--each %s: the values \"%s\" and \"%s\" give "
				    "the same file name \"%s\": no report is made",
				    column, v[i - 1].value, v[i].value, v[i].name);
				status = TS_EXIT_DATA | 0x100;
				break;
			}
	}
	if (s.novalue > 0)
		ts_warn("--each %s: records without a value, in no report: %lld",
		    column, (long long)s.novalue);
	if (!(status & 0x100) && nv == 0) {
		ts_warn("--each %s: no records with a value: no report",
		    column);
		if (status < TS_EXIT_DATA)
			status = TS_EXIT_DATA;
	}
	for (i = 0; !(status & 0x100) && i < nv; i++) {
		struct spill *sp = &s.v[v[i].id];
		struct ts_report_run_opts ro = *o;
		char **paths = xcalloc(sp->n, sizeof(char *));
		struct origin *orig = xcalloc(sp->n, sizeof(*orig));
		void **args = xcalloc(sp->n, sizeof(void *));
		struct ts_inputs vin = { paths, sp->n };
		char *out = output_path(o->output, v[i].name);

		for (j = 0; j < sp->n; j++) {
			if (fflush(sp->f[j]) != 0 || ferror(sp->f[j]) ||
			    fseek(sp->f[j], 0, SEEK_SET) != 0) {
				ts_warn("--each: the records of \"%s\" in a "
				    "temporary file: %s", v[i].value,
				    strerror(errno));
				status = TS_EXIT_IO | 0x100;
			}
			/* Read anew from its start (Linux reopens the file). */
			paths[j] = xasprintf("/dev/fd/%d", fileno(sp->f[j]));
			orig[j].names = s.names;
			orig[j].first = sp->first[j];
			args[j] = &orig[j];
		}
		ro.origin = each_origin;
		ro.origin_args = args;
		if (status & 0x100) {
			st = TS_EXIT_IO;
		} else if (ts_out_names_input("-o", out, in->paths,
		    (int)in->n)) {
			st = TS_EXIT_USAGE;
		} else {
			ro.output = out;
			ro.report.each_column = column;
			ro.report.each_value = v[i].value;
			st = ts_report_run(&ro, &vin);
		}
		/* Says which report the messages above were about. */
		if (st != TS_EXIT_OK)
			ts_warn("--each %s: the report of \"%s\" (%s): status %d",
			    column, v[i].value, out, st);
		if (st > status)
			status = st;
		for (j = 0; j < sp->n; j++) {
			free(paths[j]);
			/* Its disk space is given back as soon as it is used. */
			fclose(sp->f[j]);
			sp->f[j] = NULL;
		}
		free(paths);
		free(orig);
		free(args);
		free(out);
	}
	for (i = 0; i < nv; i++) {
		for (j = 0; j < s.v[i].n; j++)
			if (s.v[i].f[j] != NULL)
				fclose(s.v[i].f[j]);
		free(s.v[i].f);
		free(s.v[i].first);
		if (v != NULL) {
			free(v[i].name);
			free(v[i].value);
		}
	}
	free(s.v);
	free(v);
	for (i = 0; i < in->n; i++)
		free(s.names[i]);
	free(s.names);
	ts_map_free(s.values);
	ts_map_free(s.headers);
	return status & 0xff;
}
