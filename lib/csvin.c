/* csvin.c - CSV reader over libcsv with a memchr fast path; see csvin.h. */
#include "csvin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "encoding.h"
#include "utf16.h"
#include "util.h"

/* Bytes examined to sniff the delimiter, and records compared. */
#define SNIFF_BYTES (64u * 1024)
#define SNIFF_RECORDS 20
/* Room to read ahead beyond the longest record kept in the buffer. */
#define READ_AHEAD (1024u * 1024)
/* Initial buffer size. */
#define BUF_START (64u * 1024)
/* Text of an open quoted field quoted in messages. */
#define OPEN_VALUE_MAX 40

struct field {
	size_t off, len;
};

/*
 * What libcsv made of the quoted part of a line, by its exact bytes (see
 * feed_line): exports repeat their quoted values (a facility's name with
 * a comma in it) on thousands of lines, and libcsv, a byte at a time,
 * took a tenth of ingest's time on a log where 15 % of the lines quote a
 * value. libcsv still parses every distinct text once; a line whose
 * quoted part is in the cache gets the fields libcsv gave for it. Direct
 * mapped; parts of up to QC_BYTES bytes and QC_FIELDS fields.
 */
#define QC_BITS 10
#define QC_BYTES 64
#define QC_FIELDS 8
struct qc_slot {
	uint8_t nkey;           /* 0: empty */
	uint8_t nf;
	uint8_t len[QC_FIELDS];
	char key[QC_BYTES];     /* the bytes given to libcsv */
	char data[QC_BYTES];    /* its fields, one after the other */
};

struct ts_csv {
	ts_input *in;
	void (*long_line)(void *, const char *, size_t);
	void *long_line_arg;
	char *buf;
	size_t cap;
	size_t rec_start;     /* first byte of the record being read */
	size_t pos;           /* next line starts here */
	size_t end;           /* bytes in buf */
	int eof;
	int fail_status;      /* nonzero once reading must stop */
	int read_failed;      /* input error: stop after the complete lines */
	uint64_t line;        /* physical lines consumed */
	int delim, sniffed, enc, lenient, fast;
	int utf16;            /* the input is UTF-16 decoded to UTF-8 */
	int sep_line;         /* delimiter of a "sep=X" first line, or 0 */
	size_t max_record;

	struct csv_parser p;
	unsigned char popts;
	int row_done;         /* libcsv ended a record */
	size_t row_nf;        /* fields when it did */

	char *conv;           /* a line converted to UTF-8 */
	size_t convcap;
	char *fbuf;           /* field bytes from libcsv */
	size_t fbuflen, fbufcap;
	struct field *fl;     /* libcsv fields, as offsets into fbuf */
	struct qc_slot *qc;   /* libcsv's fields by quoted text, or NULL */
	ts_str *fields;
	size_t nf, fcap;

	size_t first_special;  /* offset of the first quote or CR in the line */
	size_t first_high;     /* and of its first byte of 0x80 or more */
	size_t last_special;   /* and of the last one */
	char open_value[OPEN_VALUE_MAX];
	size_t open_len;
	long open_field;
	char err[160];
};

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static void
parser_reset(ts_csv *c)
{
	csv_free(&c->p);
	csv_init(&c->p, c->popts);
	csv_set_delim(&c->p, (unsigned char)c->delim);
	/* Fields are literal: libcsv must not trim spaces (nor TABs). */
	csv_set_space_func(&c->p, no_space);
}

static void
grow_fields(ts_csv *c)
{
	c->fcap = c->fcap ? c->fcap * 2 : 256;
	c->fields = xreallocarray(c->fields, c->fcap, sizeof(*c->fields));
	c->fl = xreallocarray(c->fl, c->fcap, sizeof(*c->fl));
}

static void
cb_field(void *s, size_t len, void *data)
{
	ts_csv *c = data;

	if (c->nf == c->fcap)
		grow_fields(c);
	if (c->fbufcap - c->fbuflen < len) {
		while (c->fbufcap - c->fbuflen < len)
			c->fbufcap = c->fbufcap ? c->fbufcap * 2 : 4096;
		c->fbuf = xrealloc(c->fbuf, c->fbufcap);
	}
	if (len > 0)    /* fbuf is still NULL before the first byte */
		ts_copy_small(c->fbuf + c->fbuflen, s, len);
	c->fl[c->nf].off = c->fbuflen;
	c->fl[c->nf].len = len;
	c->fbuflen += len;
	c->nf++;
}

static void
cb_row(int term, void *data)
{
	ts_csv *c = data;

	(void)term;
	if (!c->row_done)
		c->row_nf = c->nf;
	c->row_done = 1;
}

/*
 * Reads more input, keeping buf[rec_start..end). Returns 1 if bytes were
 * added (or the buffer is full), 0 at end of input, which a read error
 * (reported by ts_input_read) also ends: see read_failed.
 */
static int
fill(ts_csv *c)
{
	ssize_t n;

	if (c->eof)
		return 0;
	/* Drop the bytes before the record once they take half the buffer. */
	if (c->rec_start > 0 && c->cap - c->end < c->cap / 2) {
		size_t keep = c->end - c->rec_start;
		memmove(c->buf, c->buf + c->rec_start, keep);
		c->pos -= c->rec_start;
		c->end = keep;
		c->rec_start = 0;
	}
	if (c->end == c->cap) {
		/* A long record: grow, up to the record limit plus a read. */
		if (c->cap >= c->max_record + READ_AHEAD)
			return 1;       /* full: the caller's size limit decides */
		c->cap *= 2;
		if (c->cap > c->max_record + READ_AHEAD)
			c->cap = c->max_record + READ_AHEAD;
		c->buf = xrealloc(c->buf, c->cap);
	}
	n = ts_input_read(c->in, c->buf + c->end, c->cap - c->end);
	if (n < 0) {
		/*
		 * Corrupt or truncated input (already reported): the complete
		 * lines read so far are still records; the cut line is not.
		 */
		size_t e = c->end;
		while (e > c->pos && c->buf[e - 1] != '\n')
			e--;
		c->end = e;
		c->read_failed = 1;
		c->eof = 1;
		return 0;
	}
	if (n == 0) {
		c->eof = 1;
		return 0;
	}
	c->end += (size_t)n;
	return 1;
}

enum { LINE_OK = 1, LINE_EOF = 0, LINE_FAIL = -1, LINE_LONG = -2,
	LINE_LONG_CONT = -3 };

/*
 * Finds the physical line at c->pos: *len gets its length including the
 * terminator. A line that would take the record beyond max_record bytes
 * is LINE_LONG when it starts the record (it is then skipped) and
 * LINE_LONG_CONT when it continues one.
 */
static int
fetch_line(ts_csv *c, size_t *len)
{
	size_t scanned = 0;

	for (;;) {
		char *nl = memchr(c->buf + c->pos + scanned, '\n',
		    c->end - c->pos - scanned);
		int rc;

		if (nl != NULL) {
			*len = (size_t)(nl - (c->buf + c->pos)) + 1;
			if (c->pos + *len - c->rec_start <= c->max_record)
				return LINE_OK;
			if (c->pos != c->rec_start)
				return LINE_LONG_CONT;
			if (c->long_line != NULL)
				c->long_line(c->long_line_arg, c->buf + c->pos, *len);
			c->pos = c->rec_start = c->pos + *len;
			return LINE_LONG;
		}
		scanned = c->end - c->pos;
		if (c->end - c->rec_start > c->max_record) {
			if (c->pos != c->rec_start)
				return LINE_LONG_CONT;
			/* Skip the rest of this line, handing it on. */
			for (;;) {
				if (c->long_line != NULL)
					c->long_line(c->long_line_arg, c->buf + c->pos,
					    c->end - c->pos);
				c->rec_start = c->pos = c->end;
				if ((rc = fill(c)) < 0)
					return LINE_FAIL;
				if (rc == 0)
					return LINE_LONG;
				nl = memchr(c->buf + c->pos, '\n', c->end - c->pos);
				if (nl != NULL) {
					if (c->long_line != NULL)
						c->long_line(c->long_line_arg,
						    c->buf + c->pos,
						    (size_t)(nl - c->buf) + 1 - c->pos);
					c->pos = c->rec_start =
					    (size_t)(nl - c->buf) + 1;
					return LINE_LONG;
				}
			}
		}
		if ((rc = fill(c)) < 0)
			return LINE_FAIL;
		if (rc == 0) {
			if (c->pos == c->end)
				return LINE_EOF;
			*len = c->end - c->pos;
			return LINE_OK;
		}
	}
}

/* Counts DELIM outside quotes in each record of the sniff window. */
static void
sniff(ts_csv *c)
{
	static const char cands[4] = { ',', ';', '\t', '|' };
	size_t header[4] = { 0 }, cur[4] = { 0 }, same[4] = { 0 };
	size_t i, nrec = 0, lim = c->end;
	int inq = 0, best = -1, k;

	for (i = c->pos; i < lim && nrec <= SNIFF_RECORDS; i++) {
		char ch = c->buf[i];
		if (ch == '"') {
			inq = !inq;
		} else if (ch == '\n' && !inq) {
			if (nrec == 0)
				memcpy(header, cur, sizeof(header));
			else
				for (k = 0; k < 4; k++)
					same[k] += cur[k] == header[k];
			memset(cur, 0, sizeof(cur));
			nrec++;
		} else if (!inq) {
			for (k = 0; k < 4; k++)
				cur[k] += ch == cands[k];
		}
	}
	if (nrec == 0)
		memcpy(header, cur, sizeof(header));
	for (k = 0; k < 4; k++) {
		if (header[k] == 0)
			continue;
		if (best < 0 || same[k] > same[best] ||
		    (same[k] == same[best] && header[k] > header[best]))
			best = k;
	}
	c->delim = best < 0 ? ',' : cands[best];
	c->sniffed = 1;
}

ts_csv *
ts_csv_new(ts_input *in, const struct ts_csv_opts *o)
{
	ts_csv *c;

	if (in == NULL)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->in = in;
	c->enc = o->encoding;
	c->lenient = o->lenient;
	c->fast = !o->no_fast_path;
	c->max_record = o->max_record ? o->max_record : TS_CSV_MAX_RECORD;
	c->long_line = o->long_line;
	c->long_line_arg = o->long_line_arg;
	/* Start small (most records are short); fill() grows the buffer. */
	c->cap = BUF_START;
	c->buf = xmalloc(c->cap);
	c->popts = c->lenient ? 0 : CSV_STRICT | CSV_STRICT_FINI;
	c->delim = o->delim ? o->delim : ',';
	csv_init(&c->p, c->popts);
	parser_reset(c);
	/* Look at the start: byte order marks, and the sniff window. */
	while (c->end < SNIFF_BYTES && !c->eof && c->end < c->cap)
		fill(c);
	if (ts_input_utf16(in) != NULL) {
		/* Decoded by the input: UTF-8 now, whatever the profile says. */
		c->utf16 = 1;
		c->enc = TS_ENC_UTF8;
	}
	if (c->end >= 2 && ((unsigned char)c->buf[0] == 0xFF &&
	    (unsigned char)c->buf[1] == 0xFE)) {
		ts_warn("%s: UTF-16 text is not supported: convert it first"
		    " (iconv -f UTF-16 -t UTF-8)", ts_input_name(in));
		c->fail_status = TS_EXIT_DATA;
		return c;
	}
	if (c->end >= 2 && ((unsigned char)c->buf[0] == 0xFE &&
	    (unsigned char)c->buf[1] == 0xFF)) {
		ts_warn("%s: UTF-16 text is not supported: convert it first"
		    " (iconv -f UTF-16 -t UTF-8)", ts_input_name(in));
		c->fail_status = TS_EXIT_DATA;
		return c;
	}
	if (c->end >= 3 && memcmp(c->buf, "\xEF\xBB\xBF", 3) == 0)
		c->pos = c->rec_start = 3;
	/* Spreadsheets may start a CSV with "sep=;": a delimiter, not data. */
	if (c->end - c->pos >= 6 && memcmp(c->buf + c->pos, "sep=", 4) == 0 &&
	    (c->buf[c->pos + 5] == '\n' || (c->buf[c->pos + 5] == '\r' &&
	    c->end - c->pos >= 7 && c->buf[c->pos + 6] == '\n')) &&
	    (c->buf[c->pos + 4] == '\t' || (c->buf[c->pos + 4] > ' ' &&
	    c->buf[c->pos + 4] < 0x7F && c->buf[c->pos + 4] != '"'))) {
		c->sep_line = (unsigned char)c->buf[c->pos + 4];
		c->pos += c->buf[c->pos + 5] == '\n' ? 6 : 7;
		c->rec_start = c->pos;
		c->line = 1;
	}
	if (o->delim != 0) {
		c->delim = o->delim;
		c->sep_line = 0;
	} else if (c->sep_line) {
		c->delim = c->sep_line;
	}
	else
		sniff(c);
	parser_reset(c);
	return c;
}

void
ts_csv_free(ts_csv *c)
{
	if (c == NULL)
		return;
	csv_free(&c->p);
	ts_input_close(c->in);
	free(c->buf);
	free(c->conv);
	free(c->fbuf);
	free(c->qc);
	free(c->fl);
	free(c->fields);
	free(c);
}

int
ts_csv_delim(const ts_csv *c)
{
	return c->delim;
}

int
ts_csv_sniffed(const ts_csv *c)
{
	return c->sniffed;
}

const char *
ts_csv_delim_origin(const ts_csv *c)
{
	return c->sniffed ? "sniffed" : c->sep_line ? "sep= line" : NULL;
}

const char *
ts_csv_utf16(const ts_csv *c)
{
	return ts_input_utf16(c->in);
}

const char *
ts_csv_name(const ts_csv *c)
{
	return ts_input_name(c->in);
}

int
ts_csv_fail_status(const ts_csv *c)
{
	return c->fail_status ? c->fail_status : TS_EXIT_IO;
}

/* What scan_line found in a line besides delimiters. */
enum {
	SCAN_QUOTE = 1,       /* a double quote: libcsv must parse the line */
	SCAN_CR = 2,          /* a CR inside the line: likewise */
	SCAN_HIGH = 4,        /* a byte >= 0x80: check or convert the encoding */
	SCAN_ESC = 8,         /* TAB or backslash: fields need records escaping */
	SCAN_NUL = 16         /* a NUL byte: the record is bad input */
};

static inline void
add_field(ts_csv *c, const char *p, size_t n)
{
	if (c->nf == c->fcap)
		grow_fields(c);
	c->fields[c->nf].p = p;
	c->fields[c->nf].n = n;
	c->nf++;
}

static inline unsigned
scan_byte(unsigned char ch, int delim)
{
	if (ch == '"')
		return SCAN_QUOTE;
	if (ch == '\r')
		return SCAN_CR;
	if (ch >= 0x80)
		return SCAN_HIGH;
	if (ch == '\\' || (ch == '\t' && delim != '\t'))
		return SCAN_ESC;
	if (ch == '\0')
		return SCAN_NUL;
	return 0;
}

#if defined(__SSE2__)
/*
 * What a 16-byte block X of the line holds besides delimiters, for the
 * bytes of KEEP (bit k: byte AT + k) only: the flags, and where the
 * first and last quote or CR are. Called for the few blocks with such a
 * byte (accented letters, quotes), so the common block costs one test.
 */
static inline unsigned
scan_special(ts_csv *c, __m128i x, unsigned keep, size_t at, unsigned flags,
    int d)
{
	const __m128i vt = _mm_set1_epi8(d == '\t' ? '\\' : '\t');
	unsigned mq = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x,
	    _mm_set1_epi8('"'))) & keep;
	unsigned mr = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x,
	    _mm_set1_epi8('\r'))) & keep;
	unsigned me = (unsigned)_mm_movemask_epi8(_mm_or_si128(
	    _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')), _mm_cmpeq_epi8(x, vt))) & keep;
	unsigned mz = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x,
	    _mm_setzero_si128())) & keep;
	unsigned mh = (unsigned)_mm_movemask_epi8(x) & keep;
	unsigned mqr = mq | mr;

	if (mh != 0 && !(flags & SCAN_HIGH))
		c->first_high = at + (size_t)__builtin_ctz(mh);
	if (mqr != 0) {
		if (!(flags & (SCAN_QUOTE | SCAN_CR)))
			c->first_special = at + (size_t)__builtin_ctz(mqr);
		c->last_special = at + 31 - (size_t)__builtin_clz(mqr);
	}
	return flags | (mq ? SCAN_QUOTE : 0) | (mr ? SCAN_CR : 0) |
	    (mh ? SCAN_HIGH : 0) | (me ? SCAN_ESC : 0) | (mz ? SCAN_NUL : 0);
}
#endif

#if defined(__SSE2__)
/* The vectors scan_line compares a line's bytes with. */
struct scan_vecs {
	__m128i d, q, b, low;
};

/*
 * The delimiters among the 16 bytes at P (bit k: byte k), and in *SP the
 * bytes that may call for more work: a quote, a backslash, a byte of
 * 0x80 or more, or one up to CR that is not the delimiter (NUL, TAB, CR
 * among them; scan_special sorts them out).
 */
static inline unsigned
block_masks(const char *p, const struct scan_vecs *v, unsigned *sp)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i isd = _mm_cmpeq_epi8(x, v->d);
	__m128i low = _mm_cmpeq_epi8(_mm_min_epu8(x, v->low), x);

	*sp = (unsigned)_mm_movemask_epi8(_mm_or_si128(
	    _mm_or_si128(_mm_cmpeq_epi8(x, v->q), _mm_cmpeq_epi8(x, v->b)),
	    _mm_or_si128(_mm_andnot_si128(isd, low), x)));
	return (unsigned)_mm_movemask_epi8(isd);
}

/* The fields that end at the delimiters of MD (bit k: byte AT + k). */
static inline size_t
split_fields(ts_str *fields, size_t nf, const char *p, size_t at,
    uint64_t md, size_t *start)
{
	size_t s = *start;

	while (md != 0) {
		size_t e = at + (size_t)__builtin_ctzll(md);
		fields[nf].p = p + s;
		fields[nf].n = e - s;
		nf++;
		s = e + 1;
		md &= md - 1;
	}
	*start = s;
	return nf;
}
#endif

/*
 * One pass over a line: splits it at the delimiter (right for a line
 * without quotes, whose fields are literal) and reports the bytes that
 * call for more work. This is the whole per-line cost for most lines of
 * most exports, hence SSE2 (baseline on x86-64): 64 bytes a step (16 for
 * a line shorter than that), so that the loops over the delimiters
 * found end, and are mispredicted, once per 64 bytes. The last, partial
 * step takes the line's last bytes again with those already seen masked
 * off (no byte-wise tail, no read past the line).
 */
static unsigned
scan_line(ts_csv *c, const char *p, size_t n)
{
	unsigned flags = 0;
	size_t i = 0, start = 0;
	const int d = c->delim;

	c->nf = 0;
	/*
	 * A line of N bytes has at most N + 1 fields: with that much room
	 * the loop needs no capacity checks (and no calls that would spill
	 * its vector registers). Very long lines take the checked loop.
	 */
	if (n + 1 > c->fcap && n < 65536) {
		while (c->fcap < n + 1)
			grow_fields(c);
	}
#if defined(__SSE2__)
	if (n + 1 <= c->fcap && n >= 16) {
		struct scan_vecs v;
		/* Locals: stores to the fields cannot then alias c->nf. */
		ts_str *fields = c->fields;
		size_t nf = 0, at, k;
		unsigned s0, s1, s2, s3;
		uint64_t md, ms, keep;

		v.d = _mm_set1_epi8((char)d);
		v.q = _mm_set1_epi8('"');
		v.b = _mm_set1_epi8('\\');
		v.low = _mm_set1_epi8('\r');
		while (n >= 64 && i < n) {
			at = i;
			keep = ~(uint64_t)0;
			if (i + 64 > n) {
				at = n - 64;
				keep <<= i - at;
			}
			md = (uint64_t)block_masks(p + at, &v, &s0) |
			    (uint64_t)block_masks(p + at + 16, &v, &s1) << 16 |
			    (uint64_t)block_masks(p + at + 32, &v, &s2) << 32 |
			    (uint64_t)block_masks(p + at + 48, &v, &s3) << 48;
			ms = ((uint64_t)s0 | (uint64_t)s1 << 16 |
			    (uint64_t)s2 << 32 | (uint64_t)s3 << 48) & keep;
			if (ms != 0) {
				for (k = 0; k < 4; k++)
					if ((ms >> (16 * k) & 0xFFFF) != 0)
						flags = scan_special(c,
						    _mm_loadu_si128((const __m128i *)
						    (const void *)(p + at + 16 * k)),
						    (unsigned)(keep >> (16 * k)) & 0xFFFF,
						    at + 16 * k, flags, d);
			}
			nf = split_fields(fields, nf, p, at, md & keep, &start);
			i = at + 64;
		}
		while (i < n) {
			unsigned keep16 = 0xFFFF;
			at = i;
			if (i + 16 > n) {
				at = n - 16;
				keep16 = (0xFFFFu << (i - at)) & 0xFFFF;
			}
			md = block_masks(p + at, &v, &s0) & keep16;
			if ((s0 & keep16) != 0)
				flags = scan_special(c, _mm_loadu_si128((const __m128i *)
				    (const void *)(p + at)), keep16, at, flags, d);
			nf = split_fields(fields, nf, p, at, md, &start);
			i = at + 16;
		}
		c->nf = nf;
	}
#endif
	for (; i < n; i++) {
		unsigned char ch = (unsigned char)p[i];
		if (ch == d) {
			add_field(c, p + start, i - start);
			start = i + 1;
		} else {
			unsigned f = scan_byte(ch, d);
			if (f & (SCAN_QUOTE | SCAN_CR)) {
				if (!(flags & (SCAN_QUOTE | SCAN_CR)))
					c->first_special = i;
				c->last_special = i;
			}
			if ((f & SCAN_HIGH) && !(flags & SCAN_HIGH))
				c->first_high = i;
			flags |= f;
		}
	}
	add_field(c, p + start, n - start);
	return flags;
}

/* Length of the first physical line of the record at rec_start. */
static size_t
first_line_len(const ts_csv *c)
{
	const char *s = c->buf + c->rec_start;
	const char *nl = memchr(s, '\n', c->end - c->rec_start);

	return nl ? (size_t)(nl - s) + 1 : c->end - c->rec_start;
}

/*
 * Rejects the record at its first line REC_LINE and resumes reading on
 * the line after it.
 */
static int
resync(ts_csv *c, ts_csv_rec *rec, uint64_t rec_line, const char *why,
    long field, const char *val, size_t vlen)
{
	size_t n = first_line_len(c);

	rec->line = rec->last_line = rec->err_line = rec_line;
	rec->raw.p = c->buf + c->rec_start;
	rec->raw.n = n;
	rec->error = why;
	rec->err_field = field;
	rec->err_value.p = val;
	rec->err_value.n = vlen;
	rec->fields = NULL;
	rec->nfields = 0;
	c->pos = c->rec_start + n;
	c->line = rec_line;
	parser_reset(c);
	return TS_ROW_BAD;
}

/*
 * ts_csv_next reads a record line by line. A line that starts a record
 * and holds no quote and no CR is split by scan_line alone (the fast
 * path); any other goes through libcsv, which keeps a quoted field open
 * across lines until its closing quote. The state of the record being
 * read, across its lines:
 */
struct rec_state {
	uint64_t first;         /* line number of its first line */
	int pending;            /* libcsv holds part of it (a quote is open) */
	int enc_bad;            /* a line is not valid UTF-8 (c->err says
	                           where) */
	unsigned nul;           /* SCAN_NUL once a line held a NUL byte */
	unsigned flags;         /* scan flags of the last line */
};

/* One physical line of the record, as handed to libcsv. */
struct csv_line {
	const char *data;       /* its bytes, in UTF-8 (maybe converted) */
	size_t dn;
	const char *term;       /* its terminator (LF, CRLF; none at EOF) */
	size_t tn;
	size_t head;            /* libcsv gets data[0..head) first */
	size_t suffix;          /* 0, or the first of the literal fields
	                           after the last quote (scan_line's) */
	size_t nsuffix;         /* scan_line's field count, with suffix */
};

/* What the caller of a step does next. */
enum { STEP_MORE, STEP_DONE, STEP_RETURN };

/*
 * Fetches the next line of the record into L. STEP_MORE: L holds it;
 * STEP_DONE: an empty line between records, skipped; STEP_RETURN: the
 * end of input, a read error or an overlong line, *RET the status.
 */
static int
take_line(ts_csv *c, ts_csv_rec *rec, struct rec_state *s,
    struct csv_line *l, int *ret)
{
	const char *p;
	size_t len, n;
	int rc = fetch_line(c, &len);

	if (rc == LINE_FAIL) {
		*ret = TS_ROW_FAIL;
		return STEP_RETURN;
	}
	if (rc == LINE_EOF) {
		if (!s->pending && c->read_failed) {
			c->fail_status = TS_EXIT_IO;
			*ret = TS_ROW_FAIL;
		} else if (!s->pending) {
			*ret = TS_ROW_EOF;
		} else {
			*ret = resync(c, rec, s->first, "unterminated quoted field",
			    c->open_field, c->open_value, c->open_len);
		}
		return STEP_RETURN;
	}
	if (rc == LINE_LONG_CONT) {
		*ret = resync(c, rec, s->first, "unterminated quoted field"
		    " (no closing quote within the record size limit)",
		    c->open_field, c->open_value, c->open_len);
		return STEP_RETURN;
	}
	c->line++;
	if (rc == LINE_LONG) {
		snprintf(c->err, sizeof(c->err), "line longer than %zu bytes",
		    c->max_record);
		rec->line = rec->last_line = rec->err_line = c->line;
		rec->error = c->err;
		*ret = TS_ROW_BAD;
		return STEP_RETURN;
	}
	p = c->buf + c->pos;
	c->pos += len;
	n = len;
	if (n > 0 && p[n - 1] == '\n') {
		n--;
		if (n > 0 && p[n - 1] == '\r')
			n--;
	}
	if (!s->pending && n == 0) {
		/* An empty line is not a record. */
		c->rec_start = c->pos;
		s->first = c->line + 1;
		return STEP_DONE;
	}
	l->data = p;
	l->dn = n;
	l->term = p + n;
	l->tn = len - n;
	return STEP_MORE;
}

/*
 * Scans line L (split into c->fields when it starts the record) and
 * checks its encoding: invalid UTF-8 is noted in S (the first such line
 * only); Latin-1 and CP1252 are converted, L then pointing to c->conv.
 */
static void
scan_and_decode(ts_csv *c, ts_csv_rec *rec, struct rec_state *s,
    struct csv_line *l)
{
	const char *p = l->data;
	size_t n = l->dn, off;

	/*
	 * A line that starts a record is split as if it held no quote; a
	 * continuation line only needs its encoding checked (its fields
	 * come from libcsv).
	 */
	if (!s->pending)
		s->flags = scan_line(c, p, n);
	else
		s->flags = (ts_is_ascii(p, n) ? 0 : SCAN_HIGH) |
		    (memchr(p, '\0', n) != NULL ? SCAN_NUL : 0);
	s->nul |= s->flags & SCAN_NUL;
	if (!(s->flags & SCAN_HIGH))
		return;
	if (c->enc == TS_ENC_UTF8) {
		/*
		 * The bytes before the line's first high byte are ASCII: the
		 * check starts there (a continuation line, which scan_line did
		 * not see, from its start).
		 */
		size_t h = s->pending ? 0 : c->first_high;
		off = ts_utf8_check(p + h, n - h);
		if (off != TS_UTF8_VALID)
			off += h;
		if (off != TS_UTF8_VALID && !s->enc_bad) {
			s->enc_bad = 1;
			rec->err_line = c->line;
			if (c->utf16 && ts_utf16_mark_reason(p, n, off,
			    &rec->err_column, c->err, sizeof(c->err)))
				;       /* a code unit UTF-16 cannot decode */
			else
				snprintf(c->err, sizeof(c->err), "invalid UTF-8 at"
				    " byte offset %zu; try --encoding latin1 or"
				    " cp1252", off);
		}
		return;
	}
	if (c->convcap < 3 * n) {
		c->convcap = 3 * n;
		c->conv = xrealloc(c->conv, c->convcap);
	}
	l->dn = ts_to_utf8(c->enc, p, n, c->conv);
	l->data = c->conv;
	if (!s->pending)
		s->flags = scan_line(c, l->data, l->dn);
}

/*
 * The first line of a record that libcsv must parse: the fields before
 * the one holding the first quote are literal, as scan_line split them,
 * so they are submitted as they are and libcsv starts at that field (its
 * start state then behaves as after a delimiter, since the field's first
 * byte is neither CR nor LF). Not when a CR comes first: libcsv reads an
 * unquoted CR as the end of a record. Likewise the fields after the one
 * holding the last quote, if that quote closes its field (see
 * feed_line): L's suffix says where they start.
 */
static void
skip_literal_fields(ts_csv *c, struct csv_line *l)
{
	size_t j, k, nscan = c->nf, skip = 0;

	c->nf = 0;
	c->fbuflen = 0;
	if (!c->fast || l->data[c->first_special] != '"')
		return;
	for (k = 0; k + 1 < nscan; k++) {
		const char *fp = c->fields[k].p;
		if ((size_t)(fp - l->data) + c->fields[k].n >= c->first_special)
			break;
	}
	if (l->data[c->last_special] == '"') {
		for (j = nscan - 1; j > k; j--)
			if ((size_t)(c->fields[j].p - l->data) <= c->last_special)
				break;
		if (j + 1 < nscan)
			l->suffix = j + 1;
	}
	if (k > 0)
		skip = (size_t)(c->fields[k].p - l->data);
	for (j = 0; j < k; j++)
		cb_field((void *)(uintptr_t)c->fields[j].p, c->fields[j].n, c);
	if (l->suffix)
		l->head = (size_t)(c->fields[l->suffix].p - l->data) - 1 - skip;
	l->data += skip;
	l->dn -= skip;
	if (!l->suffix)
		l->head = l->dn;
	l->nsuffix = nscan;
}

/* The slot of the N bytes at P in the cache of quoted parts. */
static struct qc_slot *
qc_slot(ts_csv *c, const char *p, size_t n)
{
	const uint64_t mul = 0x9E3779B97F4A7C15ULL;
	uint64_t h = n * mul, w;
	size_t i;

	if (c->qc == NULL)
		c->qc = xcalloc((size_t)1 << QC_BITS, sizeof(*c->qc));
	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * mul;
	}
	if (i < n && n >= 8) {
		memcpy(&w, p + n - 8, 8);
		h = (h ^ w) * mul;
	}
	for (; i < n && n < 8; i++)
		h = (h ^ (unsigned char)p[i]) * mul;
	return &c->qc[h >> (64 - QC_BITS)];
}

/*
 * Keeps in Q the fields libcsv made of the N bytes at P: those from
 * FIRST on.
 */
static void
qc_store(ts_csv *c, struct qc_slot *q, const char *p, size_t n,
    size_t first)
{
	size_t i, o = 0;

	if (c->nf - first > QC_FIELDS)
		return;
	for (i = first; i < c->nf; i++) {
		if (c->fl[i].len > QC_BYTES - o)
			return;
		o += c->fl[i].len;
	}
	o = 0;
	for (i = first; i < c->nf; i++) {
		if (c->fl[i].len > 0)
			memcpy(q->data + o, c->fbuf + c->fl[i].off, c->fl[i].len);
		q->len[i - first] = (uint8_t)c->fl[i].len;
		o += c->fl[i].len;
	}
	q->nf = (uint8_t)(c->nf - first);
	memcpy(q->key, p, n);
	q->nkey = (uint8_t)n;
}

/* The literal fields after the last quote end the record (feed_line). */
static void
end_with_suffix(ts_csv *c, const struct csv_line *l)
{
	size_t k;

	for (k = l->suffix; k < l->nsuffix; k++)
		cb_field((void *)(uintptr_t)c->fields[k].p, c->fields[k].n, c);
}

/*
 * Hands line L, without its terminator, to libcsv. Returns STEP_MORE,
 * STEP_DONE when the literal fields after the last quote ended the
 * record, or -1 on a parse error (a stray quote, text after a closing
 * quote).
 */
static int
feed_line(ts_csv *c, const struct csv_line *l)
{
	size_t head = l->head, before, k, first = c->nf;
	struct qc_slot *q = NULL;

	/*
	 * With literal fields after the last quote, libcsv gets the line's
	 * quoted part and the delimiter after it, from the start state (the
	 * line starts the record): the same bytes give the same fields, and
	 * when the delimiter ended the last of them, the cache keeps them.
	 */
	if (l->suffix && head + 1 <= QC_BYTES) {
		q = qc_slot(c, l->data, head + 1);
		if (q->nkey == head + 1 && memcmp(q->key, l->data, head + 1) == 0) {
			size_t o = 0;
			for (k = 0; k < q->nf; k++) {
				cb_field(q->data + o, q->len[k], c);
				o += q->len[k];
			}
			end_with_suffix(c, l);
			return STEP_DONE;
		}
	}
	if (csv_parse(&c->p, l->data, head, cb_field, cb_row, c) != head)
		return -1;
	if (!l->suffix || c->row_done)
		return STEP_MORE;
	/*
	 * The delimiter after the last quote: if it ends the quoted field,
	 * the rest of the line is literal fields (no quote, no CR), as
	 * scan_line split them, and the record ends with the line.
	 * Otherwise libcsv goes on.
	 */
	before = c->nf;
	if (csv_parse(&c->p, l->data + head, 1, cb_field, cb_row, c) != 1)
		return -1;
	if (c->nf == before + 1 && !c->row_done) {
		if (q != NULL)
			qc_store(c, q, l->data, head + 1, first);
		end_with_suffix(c, l);
		/* End the record: libcsv adds an empty field. */
		csv_parse(&c->p, "\n", 1, cb_field, cb_row, c);
		c->nf--;
		return STEP_DONE;
	}
	head++;
	if (csv_parse(&c->p, l->data + head, l->dn - head, cb_field, cb_row,
	    c) != l->dn - head)
		return -1;
	return STEP_MORE;
}

/* Keeps up to OPEN_VALUE_MAX bytes of the field libcsv holds open. */
static size_t
keep_open_value(ts_csv *c, size_t vn)
{
	if (vn > OPEN_VALUE_MAX)
		vn = OPEN_VALUE_MAX;
	if (vn > 0)
		memcpy(c->open_value, c->p.entry_buf, vn);
	return vn;
}

/* libcsv refused the line: the record is rejected, saying why. */
static int
parse_failed(ts_csv *c, ts_csv_rec *rec, const struct rec_state *s)
{
	int after_quote = c->p.quoted;
	size_t vn = c->p.entry_pos;

	if (c->line != s->first)
		return resync(c, rec, s->first, "unterminated quoted field",
		    c->open_field, c->open_value, c->open_len);
	/* libcsv keeps the closing quote until it knows. */
	if (after_quote && vn > 0 && c->p.entry_buf[vn - 1] == '"')
		vn--;
	vn = keep_open_value(c, vn);
	return resync(c, rec, s->first, after_quote ?
	    "text after closing quote (--lenient accepts it)" :
	    "stray quote in unquoted field (--lenient accepts it)",
	    (long)c->nf, c->open_value, vn);
}

/*
 * Line L went through libcsv: hands it the terminator. STEP_DONE when the
 * record is complete, STEP_MORE when a quoted field goes on to the next
 * line, STEP_RETURN (*RET the status) when the record is rejected.
 */
static int
end_line(ts_csv *c, ts_csv_rec *rec, const struct rec_state *s,
    const struct csv_line *l, int *ret)
{
	const char *term = l->term;
	size_t tn = l->tn;

	if (c->row_done) {
		/*
		 * libcsv ends records at CR too: a bare CR mid-line (in the
		 * last field libcsv submitted).
		 */
		*ret = resync(c, rec, s->first,
		    "carriage return inside an unquoted field",
		    (long)c->row_nf - 1, "", 0);
		return STEP_RETURN;
	}
	if (c->line == s->first) {
		/* Remember the field left open, for messages. */
		c->open_len = keep_open_value(c, c->p.entry_pos);
		c->open_field = (long)c->nf;
	}
	/*
	 * The terminator as read, or LF for a last line without one. A
	 * CRLF inside quotes is a line break of the value, which records(5)
	 * keep as LF: the CR of a Windows file must not end up in a value.
	 */
	if (tn != 1) {
		term = "\n";
		tn = 1;
	}
	csv_parse(&c->p, term, tn, cb_field, cb_row, c);
	if (c->row_done)
		return STEP_DONE;
	/* A newline inside quotes: the record goes on. */
	if (c->pos - c->rec_start > c->max_record) {
		*ret = resync(c, rec, s->first, "unterminated quoted field"
		    " (no closing quote within the record size limit)",
		    c->open_field, c->open_value, c->open_len);
		return STEP_RETURN;
	}
	return STEP_MORE;
}

/*
 * Line L of a record libcsv parses. STEP_DONE: the record is complete,
 * its fields in c->fields; STEP_MORE: it goes on; STEP_RETURN: rejected
 * (*RET).
 */
static int
parse_line(ts_csv *c, ts_csv_rec *rec, struct rec_state *s,
    struct csv_line *l, int *ret)
{
	size_t i;
	int step;

	c->row_done = 0;
	l->head = l->dn;
	l->suffix = 0;
	l->nsuffix = 0;
	if (!s->pending) {
		s->pending = 1;
		skip_literal_fields(c, l);
	}
	if ((step = feed_line(c, l)) < 0) {
		*ret = parse_failed(c, rec, s);
		return STEP_RETURN;
	}
	if (step == STEP_MORE && (step = end_line(c, rec, s, l, ret)) !=
	    STEP_DONE)
		return step;
	/* One line without TAB, CR or backslash: nothing to escape. */
	rec->clean = c->line == s->first && !(s->flags & (SCAN_ESC | SCAN_CR));
	for (i = 0; i < c->nf; i++) {
		c->fields[i].p = c->fbuf ? c->fbuf + c->fl[i].off : "";
		c->fields[i].n = c->fl[i].len;
	}
	return STEP_DONE;
}

/* The record read: TS_ROW_OK, or TS_ROW_BAD for bad bytes in it. */
static int
record_status(ts_csv *c, ts_csv_rec *rec, const struct rec_state *s)
{
	size_t i;

	rec->fields = c->fields;
	rec->nfields = c->nf;
	rec->line = s->first;
	rec->last_line = c->line;
	rec->raw.p = c->buf + c->rec_start;
	rec->raw.n = c->pos - c->rec_start;
	if (s->enc_bad) {
		rec->error = c->err;
		return TS_ROW_BAD;
	}
	if (!s->nul)
		return TS_ROW_OK;
	/* Text has no NUL: an export with one is damaged or binary. */
	rec->error = "NUL byte in the field";
	rec->err_line = s->first;
	for (i = 0; i < c->nf; i++)
		if (memchr(c->fields[i].p, '\0', c->fields[i].n) != NULL)
			break;
	rec->err_field = i < c->nf ? (long)i : -1;
	if (i < c->nf)
		rec->err_value = c->fields[i];
	return TS_ROW_BAD;
}

int
ts_csv_next(ts_csv *c, ts_csv_rec *rec)
{
	struct rec_state s = { 0, 0, 0, 0, 0 };
	struct csv_line l;
	int step, ret = TS_ROW_OK;

	/* Stores, not memset: the record is small and read once per row. */
	*rec = (ts_csv_rec){ .err_field = -1 };
	if (c->fail_status)
		return TS_ROW_FAIL;
	c->rec_start = c->pos;
	s.first = c->line + 1;
	c->nf = 0;
	c->fbuflen = 0;
	for (;;) {
		if ((step = take_line(c, rec, &s, &l, &ret)) == STEP_RETURN)
			return ret;
		if (step == STEP_DONE)
			continue;
		scan_and_decode(c, rec, &s, &l);
		if (!s.pending && c->fast &&
		    !(s.flags & (SCAN_QUOTE | SCAN_CR))) {
			/* The fields scan_line found are the record. */
			rec->clean = !(s.flags & SCAN_ESC);
			break;
		}
		if ((step = parse_line(c, rec, &s, &l, &ret)) == STEP_RETURN)
			return ret;
		if (step == STEP_DONE)
			break;
	}
	return record_status(c, rec, &s);
}
