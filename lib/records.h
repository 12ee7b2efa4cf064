/*
 * records.h - the records stream, telestat-records(5).
 *
 * UTF-8 TSV: a header line naming the columns, then one record per line.
 * Inside a field, TAB, LF, CR and backslash are written as \t \n \r \\.
 * Columns are found by name; unknown columns pass through untouched.
 *
 * The reader is zero-copy: ts_reader_next() returns fields as slices of
 * its internal buffer, still escaped, valid until the next call. Most
 * fields hold no backslash, so callers compare or copy them as they are
 * and unescape (ts_unescape) only when they need the bytes themselves.
 */
#ifndef TS_RECORDS_H
#define TS_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "input.h"
#include "out.h"
#include "progress.h"
#include "str.h"

/*
 * Which records count a patient as attended (aggregate -m patients,
 * report's "atendidos"): the pseudonym of every record with one, or,
 * under MINSA HIS rules, only of records whose condition is N (new) or
 * R (re-entering in the year).
 */
enum ts_patients_rule {
	TS_PATIENTS_ALL,
	TS_PATIENTS_HIS
};

/* Longest line the reader accepts (a record, escaped). */
#define TS_MAX_LINE (16u * 1024 * 1024)

typedef struct ts_reader ts_reader;

enum ts_read_status {
	TS_ROW_OK = 1,     /* a record is in *fields */
	TS_ROW_EOF = 0,    /* end of input */
	TS_ROW_BAD = -1,   /* malformed record: ts_reader_error() says why;
	                      reading may continue with the next line */
	TS_ROW_FAIL = -2   /* I/O or decompression error, already reported;
	                      reading must stop */
};

/*
 * Takes ownership of IN and reads the header. Returns NULL after printing
 * a message if the input is empty, unreadable or the header is invalid
 * (empty or duplicate column names).
 */
ts_reader *ts_reader_new(ts_input *in);
/* Convenience: ts_input_open + ts_reader_new. */
ts_reader *ts_reader_open(const char *path);
/*
 * ts_reader_open for a verb's input loop: NULL after the message, with
 * *STATUS TS_EXIT_IO (the file cannot be opened) or TS_EXIT_DATA (empty
 * input, invalid header).
 */
ts_reader *ts_reader_open_input(const char *path, int *status);
void ts_reader_free(ts_reader *r);

size_t ts_reader_ncols(const ts_reader *r);
/*
 * Only the first N fields of each record are wanted: the others are not
 * split out (their slices are left as they were), though every record's
 * field count is still checked. For a reader of a few leading columns.
 */
void ts_reader_need(ts_reader *r, size_t n);
/* Column name i (unescaped, NUL-terminated, owned by the reader). */
const char *ts_reader_colname(const ts_reader *r, size_t i);
/* Index of column NAME, or -1. */
int ts_reader_find(const ts_reader *r, const char *name);
/* The input's name, or the origin's (ts_reader_origin). */
const char *ts_reader_name(const ts_reader *r);
/* Line number of the last record returned (the header is line 1), or
 * the origin's line of it. */
uint64_t ts_reader_line(const ts_reader *r);

/*
 * Where the lines of a stream copied from other inputs came from, so
 * that messages name the user's file and line, not the copy's (report
 * --each reads each value's records from a temporary file). Given the
 * raw line of the last record (p NULL for the header), returns the name
 * of the input it came from and sets *LINE to its line there.
 */
typedef const char *(*ts_reader_origin_fn)(void *arg, ts_str raw,
    uint64_t *line);
/*
 * Names and numbers R's lines by FN (ARG passed on) in ts_reader_name,
 * ts_reader_line and ts_reader_warn: looked up only when a message asks,
 * never per row.
 */
void ts_reader_origin(ts_reader *r, ts_reader_origin_fn fn, void *arg);
/* Why the last TS_ROW_BAD happened (static storage in the reader). */
const char *ts_reader_error(const ts_reader *r);
/* "PROG: NAME:LINE: WHY" about the last record read. */
void ts_reader_warn(const ts_reader *r, const char *why);

/*
 * Column binding. Every verb says a required column is missing the same
 * way, and exits with the same status, TS_EXIT_MISSING_COLUMN:
 *   NAME: missing column "COL" for WHAT (columns present: a, b, c)
 * COLS is the wanted column, or a choice written as '"year" or "date"';
 * WHAT (may be NULL) says what needs it ("--by", "metric patients").
 * A column classify writes adds "; run telestat classify first".
 */
#define TS_EXIT_MISSING_COLUMN TS_EXIT_DATA
/* The message, as a new string (without the program name). */
char *ts_reader_missing(const ts_reader *r, const char *cols,
    const char *what);
/* The index of column COL, or -1 after printing ts_reader_missing(). */
int ts_reader_require(const ts_reader *r, const char *col, const char *what);

/*
 * Reads the next record. On TS_ROW_OK, *fields points to
 * ts_reader_ncols() escaped slices valid until the next call.
 */
int ts_reader_next(ts_reader *r, ts_str **fields);
/*
 * Shows the records read from now on in P's progress line (progress.h;
 * NULL: none), the reader's input being P's current input.
 */
void ts_reader_progress(ts_reader *r, ts_progress *p);
/* The whole raw line of the last record, without its newline. */
ts_str ts_reader_raw(const ts_reader *r);

/* Unescapes SRC into DST (room for src.n bytes); returns the length. */
size_t ts_unescape(ts_str src, char *dst);
/* 1 if the slice contains a backslash escape. */
static inline int
ts_has_escape(ts_str s)
{
	return memchr(s.p, '\\', s.n) != NULL;
}

/* Writes P[0..n) escaped as a records field. */
void ts_out_field(ts_out *o, const char *p, size_t n);
static inline void
ts_out_field_str(ts_out *o, const char *s)
{
	ts_out_field(o, s, strlen(s));
}

/* Writes a header line from NUL-terminated names. */
void ts_out_header(ts_out *o, const char *const *names, size_t n);

#endif
