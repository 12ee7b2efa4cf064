/* records.c - records stream reader and writer; see records.h. */
#include "records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "util.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define READER_BUFSIZE (512 * 1024)

struct ts_reader {
	ts_input *in;
	char *buf;
	size_t cap;           /* allocated size of buf */
	size_t start, end;    /* unread bytes are buf[start..end) */
	int eof;
	uint64_t line;
	char **names;
	size_t ncols;
	size_t need;            /* fields split out per record (ts_reader_need) */
	ts_str *fields;       /* ncols slots */
	ts_str raw;
	char error[160];
	ts_progress *progress;  /* ts_reader_progress, or NULL */
	ts_reader_origin_fn origin;     /* ts_reader_origin, or NULL */
	void *origin_arg;
	uint64_t progress_at;   /* line at which to tick it */
};

/*
 * Returns the next line (without '\n') in *line: 1 on success, 0 at end of
 * input, -1 on a read error, -2 when a line exceeds TS_MAX_LINE (then the
 * line is skipped up to its end so reading can resume).
 */
static int
next_line(ts_reader *r, ts_str *line)
{
	size_t scanned = 0;
	int toolong = 0;

	for (;;) {
		char *nl = memchr(r->buf + r->start + scanned, '\n',
		    r->end - r->start - scanned);
		if (nl != NULL) {
			line->p = r->buf + r->start;
			line->n = (size_t)(nl - line->p);
			r->start += line->n + 1;
			r->line++;
			return toolong ? -2 : 1;
		}
		if (r->eof) {
			if (r->start == r->end)
				return toolong ? -2 : 0;
			line->p = r->buf + r->start;
			line->n = r->end - r->start;
			r->start = r->end;
			r->line++;
			return toolong ? -2 : 1;
		}
		scanned = r->end - r->start;
		if (r->start > 0) {
			memmove(r->buf, r->buf + r->start, scanned);
			r->start = 0;
			r->end = scanned;
		}
		if (r->end == r->cap) {
			if (r->cap >= TS_MAX_LINE) {
				/* Drop what we have of the line; keep looking. */
				toolong = 1;
				r->start = r->end = 0;
				scanned = 0;
			} else {
				r->cap *= 2;
				r->buf = xrealloc(r->buf, r->cap);
			}
		}
		{
			ssize_t n = ts_input_read(r->in, r->buf + r->end,
			    r->cap - r->end);
			if (n < 0)
				return -1;
			if (n == 0)
				r->eof = 1;
			r->end += (size_t)n;
		}
	}
}

size_t
ts_unescape(ts_str src, char *dst)
{
	size_t i, o = 0;

	for (i = 0; i < src.n; i++) {
		char c = src.p[i];
		if (c == '\\' && i + 1 < src.n) {
			switch (src.p[i + 1]) {
			case 't': c = '\t'; i++; break;
			case 'n': c = '\n'; i++; break;
			case 'r': c = '\r'; i++; break;
			case '\\': c = '\\'; i++; break;
			default: break;  /* a lone backslash stands for itself */
			}
		}
		dst[o++] = c;
	}
	return o;
}

static size_t
split_fields(ts_str line, ts_str *out, size_t max)
{
	const char *p = line.p, *end = line.p + line.n;
	size_t n = 0;

	for (;;) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));
		const char *fe = tab ? tab : end;
		if (n < max) {
			out[n].p = p;
			out[n].n = (size_t)(fe - p);
		}
		n++;
		if (tab == NULL)
			return n;
		p = tab + 1;
	}
}

ts_reader *
ts_reader_new(ts_input *in)
{
	ts_reader *r;
	ts_str line;
	ts_map *seen;
	size_t i, n;
	int rc, inserted;

	if (in == NULL)
		return NULL;
	r = xcalloc(1, sizeof(*r));
	r->in = in;
	r->progress_at = TS_PROGRESS_OFF;
	r->cap = READER_BUFSIZE;
	r->buf = xmalloc(r->cap);
	rc = next_line(r, &line);
	if (rc <= 0 || rc == -2) {
		if (rc == 0)
			ts_warn("%s: empty input: no header line", ts_input_name(in));
		else if (rc == -2)
			ts_warn("%s:1: header line too long", ts_input_name(in));
		ts_reader_free(r);
		return NULL;
	}
	/* Count the columns first, then keep a copy of each name. */
	n = split_fields(line, NULL, 0);
	r->ncols = n;
	r->need = n;
	r->fields = xcalloc(n, sizeof(ts_str));
	r->names = xcalloc(n, sizeof(char *));
	split_fields(line, r->fields, n);
	/* A hash set finds duplicates in time linear in the columns. */
	seen = ts_map_new();
	for (i = 0; i < n; i++) {
		char *name = xmalloc(r->fields[i].n + 1);
		name[ts_unescape(r->fields[i], name)] = '\0';
		r->names[i] = name;
		if (name[0] == '\0') {
			ts_warn("%s:1: column %zu: empty column name",
			    ts_input_name(in), i + 1);
			ts_map_free(seen);
			ts_reader_free(r);
			return NULL;
		}
		ts_map_intern(seen, name, strlen(name), &inserted);
		if (!inserted) {
			ts_warn("%s:1: column %zu: duplicate column name \"%s\"",
			    ts_input_name(in), i + 1, name);
			ts_map_free(seen);
			ts_reader_free(r);
			return NULL;
		}
	}
	ts_map_free(seen);
	return r;
}

ts_reader *
ts_reader_open(const char *path)
{
	return ts_reader_new(ts_input_open(path));
}

ts_reader *
ts_reader_open_input(const char *path, int *status)
{
	ts_input *in = ts_input_open(path);
	ts_reader *r;

	if (in == NULL) {
		*status = TS_EXIT_IO;
		return NULL;
	}
	if ((r = ts_reader_new(in)) == NULL)
		*status = TS_EXIT_DATA;
	return r;
}

void
ts_reader_free(ts_reader *r)
{
	size_t i;

	if (r == NULL)
		return;
	if (r->names != NULL)
		for (i = 0; i < r->ncols; i++)
			free(r->names[i]);
	free(r->names);
	free(r->fields);
	free(r->buf);
	ts_input_close(r->in);
	free(r);
}

void
ts_reader_need(ts_reader *r, size_t n)
{
	r->need = n < r->ncols ? n : r->ncols;
}

void
ts_reader_warn(const ts_reader *r, const char *why)
{
	ts_warn("%s:%llu: %s", ts_reader_name(r),
	    (unsigned long long)ts_reader_line(r), why);
}

char *
ts_reader_missing(const ts_reader *r, const char *cols, const char *what)
{
	static const char *const classified[] = {
		"category", "subcategory", "with_patient"
	};
	size_t i, len = 1;
	const char *hint = "";
	char *list, *msg;

	for (i = 0; i < r->ncols; i++)
		len += strlen(r->names[i]) + 2;
	list = xmalloc(len);
	list[0] = '\0';
	for (i = 0; i < r->ncols; i++) {
		if (i > 0)
			strcat(list, ", ");
		strcat(list, r->names[i]);
	}
	for (i = 0; i < sizeof(classified) / sizeof(classified[0]); i++)
		if (strcmp(cols, classified[i]) == 0)
			hint = "; run telestat classify first";
	msg = xasprintf("%s: missing column %s%s%s%s%s (columns present: %s)%s",
	    ts_reader_name(r), cols[0] == '"' ? "" : "\"", cols,
	    cols[0] == '"' ? "" : "\"", what ? " for " : "", what ? what : "",
	    list, hint);
	free(list);
	return msg;
}

int
ts_reader_require(const ts_reader *r, const char *col, const char *what)
{
	int i = ts_reader_find(r, col);
	char *msg;

	if (i < 0) {
		msg = ts_reader_missing(r, col, what);
		ts_warn("%s", msg);
		free(msg);
	}
	return i;
}

size_t
ts_reader_ncols(const ts_reader *r)
{
	return r->ncols;
}

const char *
ts_reader_colname(const ts_reader *r, size_t i)
{
	return i < r->ncols ? r->names[i] : NULL;
}

int
ts_reader_find(const ts_reader *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ncols; i++)
		if (strcmp(r->names[i], name) == 0)
			return (int)i;
	return -1;
}

const char *
ts_reader_name(const ts_reader *r)
{
	uint64_t line;

	if (r->origin != NULL)
		return r->origin(r->origin_arg, r->line > 1 ? r->raw :
		    (ts_str){ NULL, 0 }, &line);
	return ts_input_name(r->in);
}

uint64_t
ts_reader_line(const ts_reader *r)
{
	uint64_t line;

	if (r->origin != NULL) {
		(void)r->origin(r->origin_arg, r->line > 1 ? r->raw :
		    (ts_str){ NULL, 0 }, &line);
		return line;
	}
	return r->line;
}

void
ts_reader_origin(ts_reader *r, ts_reader_origin_fn fn, void *arg)
{
	r->origin = fn;
	r->origin_arg = arg;
}

const char *
ts_reader_error(const ts_reader *r)
{
	return r->error;
}

ts_str
ts_reader_raw(const ts_reader *r)
{
	return r->raw;
}

/*
 * The bits set in a 64-bit mask, without a call (x86-64's baseline has no
 * popcnt instruction: __builtin_popcountll calls libgcc).
 */
static inline size_t
popcount64(uint64_t x)
{
	x = x - (x >> 1 & 0x5555555555555555ULL);
	x = (x & 0x3333333333333333ULL) + (x >> 2 & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
	return (size_t)((x * 0x0101010101010101ULL) >> 56);
}

#ifdef __SSE2__
/* The TABs (returned) and newlines (*NL) among the 16 bytes at P. */
static inline unsigned
block_masks(const char *p, __m128i vt, __m128i vn, unsigned *nl)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);

	*nl = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vn));
	return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vt));
}
#endif

/*
 * The fields that end at the TABs of MT (bit k: byte AT + k), up to MAX
 * recorded; past MAX the TABs are only counted. Returns the field count.
 */
static inline size_t
tab_fields(ts_str *f, size_t nf, size_t max, const char *base, size_t at,
    uint64_t mt, const char **fstart)
{
	const char *s = *fstart, *c;

	while (mt != 0) {
		if (nf >= max) {
			nf += popcount64(mt);
			break;
		}
		c = base + at + (size_t)__builtin_ctzll(mt);
		mt &= mt - 1;
		f[nf].p = s;
		f[nf].n = (size_t)(c - s);
		nf++;
		s = c + 1;
	}
	*fstart = s;
	return nf;
}

/*
 * Scans buf[start..end) for the end of the current line, recording field
 * slices (up to ncols) on the way. One pass finds both TABs and the
 * newline: with SSE2, 64 bytes a step (then 16, then byte by byte at the
 * buffer's end), so that the loop over the TABs found ends, and is
 * mispredicted, once per 64 bytes rather than once per 16. Returns 1 and
 * sets *len and *nfields when the line ends inside the buffer, else 0.
 */
static int
scan_line(ts_reader *r, int at_eof, size_t *len, size_t *nfields)
{
	const char *base = r->buf + r->start, *fstart = base, *c;
	size_t avail = r->end - r->start, i = 0, nf = 0, max = r->need;
	ts_str *f = r->fields;

#ifdef __SSE2__
	const __m128i vt = _mm_set1_epi8('\t'), vn = _mm_set1_epi8('\n');
	unsigned n0, n1, n2, n3;
	uint64_t mt, mn;

	for (; i + 64 <= avail; i += 64) {
		mt = (uint64_t)block_masks(base + i, vt, vn, &n0) |
		    (uint64_t)block_masks(base + i + 16, vt, vn, &n1) << 16 |
		    (uint64_t)block_masks(base + i + 32, vt, vn, &n2) << 32 |
		    (uint64_t)block_masks(base + i + 48, vt, vn, &n3) << 48;
		mn = (uint64_t)n0 | (uint64_t)n1 << 16 | (uint64_t)n2 << 32 |
		    (uint64_t)n3 << 48;
		/* Only the TABs before the line's end are its delimiters. */
		if (mn != 0)
			mt &= (mn & -mn) - 1;
		nf = tab_fields(f, nf, max, base, i, mt, &fstart);
		if (mn != 0) {
			c = base + i + (unsigned)__builtin_ctzll(mn);
			goto found;
		}
	}
	for (; i + 16 <= avail; i += 16) {
		mt = block_masks(base + i, vt, vn, &n0);
		mn = n0;
		if (mn != 0)
			mt &= (mn & -mn) - 1;
		nf = tab_fields(f, nf, max, base, i, mt, &fstart);
		if (mn != 0) {
			c = base + i + (unsigned)__builtin_ctzll(mn);
			goto found;
		}
	}
#endif
	for (; i < avail; i++) {
		c = base + i;
		if (*c == '\n')
			goto found;
		if (*c == '\t') {
			if (nf < max) {
				f[nf].p = fstart;
				f[nf].n = (size_t)(c - fstart);
			}
			nf++;
			fstart = c + 1;
		}
	}
	if (!at_eof || avail == 0)
		return 0;
	c = base + avail;  /* last line without a newline */
found:
	if (nf < max) {
		f[nf].p = fstart;
		f[nf].n = (size_t)(c - fstart);
	}
	*nfields = nf + 1;
	*len = (size_t)(c - base);
	return 1;
}

void
ts_reader_progress(ts_reader *r, ts_progress *p)
{
	r->progress = p;
	r->progress_at = ts_progress_input(p, r->in);
	if (r->progress_at != TS_PROGRESS_OFF)
		r->progress_at += r->line;
}

int
ts_reader_next(ts_reader *r, ts_str **fields)
{
	size_t len, nf;

	for (;;) {
		if (scan_line(r, r->eof, &len, &nf))
			break;
		if (r->eof)
			return TS_ROW_EOF;
		if (r->start == 0 && r->end == r->cap && r->cap >= TS_MAX_LINE) {
			/* No newline within the limit: skip the rest of it. */
			ts_str line;
			int rc = next_line(r, &line);
			if (rc == -1)
				return TS_ROW_FAIL;
			r->raw.p = "";
			r->raw.n = 0;
			snprintf(r->error, sizeof(r->error),
			    "record longer than %u bytes", TS_MAX_LINE);
			return TS_ROW_BAD;
		}
		if (r->start > 0) {
			memmove(r->buf, r->buf + r->start, r->end - r->start);
			r->end -= r->start;
			r->start = 0;
		}
		if (r->end == r->cap) {
			r->cap *= 2;
			r->buf = xrealloc(r->buf, r->cap);
		}
		{
			ssize_t n = ts_input_read(r->in, r->buf + r->end,
			    r->cap - r->end);
			if (n < 0)
				return TS_ROW_FAIL;
			if (n == 0)
				r->eof = 1;
			r->end += (size_t)n;
		}
	}
	r->raw.p = r->buf + r->start;
	r->raw.n = len;
	r->start += len;
	if (r->start < r->end)
		r->start++;  /* the newline */
	r->line++;
	/* One compare per row; the clock is read by the tick only. */
	if (r->line >= r->progress_at)
		r->progress_at = ts_progress_tick(r->progress, r->line - 1);
	if (nf != r->ncols) {
		snprintf(r->error, sizeof(r->error),
		    "expected %zu fields, found %zu", r->ncols, nf);
		return TS_ROW_BAD;
	}
	*fields = r->fields;
	return TS_ROW_OK;
}

void
ts_out_field(ts_out *o, const char *p, size_t n)
{
	const char *end = p + n, *run = p;

	for (; p < end; p++) {
		char esc;
		switch (*p) {
		case '\t': esc = 't'; break;
		case '\n': esc = 'n'; break;
		case '\r': esc = 'r'; break;
		case '\\': esc = '\\'; break;
		default: continue;
		}
		ts_out_write(o, run, (size_t)(p - run));
		ts_out_putc(o, '\\');
		ts_out_putc(o, esc);
		run = p + 1;
	}
	ts_out_write(o, run, (size_t)(end - run));
}

void
ts_out_header(ts_out *o, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			ts_out_putc(o, '\t');
		ts_out_field_str(o, names[i]);
	}
	ts_out_putc(o, '\n');
}
