/*
 * csvin.h - CSV records from raw exports, through libcsv.
 *
 * RFC 4180: fields separated by a delimiter, optionally enclosed in double
 * quotes; inside quotes delimiters, CR and LF are data and "" is a quote.
 * Strict by default (libcsv CSV_STRICT|CSV_STRICT_FINI): a quote inside an
 * unquoted field, or text after a closing quote, makes the record bad;
 * the lenient mode accepts them as libcsv does without CSV_STRICT.
 * Fields are taken literally: spaces around them are data, as in RFC 4180
 * (callers trim what they need).
 *
 * The reader works on physical lines (found with memchr) so that every
 * record knows the line it starts on and a broken record costs one line,
 * not the rest of the file:
 *
 *   - each line is checked (UTF-8) or converted (Latin-1, Windows-1252)
 *     before parsing, so an encoding error names its line and byte offset;
 *   - a line without any double quote or CR is split with memchr on the
 *     delimiter (its fields are literal); other lines go through libcsv,
 *     one line at a time, and a quoted field may continue on the next
 *     lines;
 *   - after a syntax error, or when a quoted field is still open at the
 *     end of input or after TS_CSV_MAX_RECORD bytes, the record is
 *     reported as bad at its first line and reading resumes on the line
 *     after it;
 *   - UTF-16 input (see utf16.h) arrives decoded when the caller asked
 *     its ts_input for it; a code unit it could not decode rejects the
 *     record, naming the line and character column;
 *   - a UTF-8 byte order mark is skipped; CRLF and LF both end lines;
 *     empty lines are skipped (they are not records); a first line
 *     "sep=X" (as spreadsheets write) gives the delimiter and is skipped.
 *
 * Memory is bounded by the longest record, not by the input size.
 */
#ifndef TS_CSVIN_H
#define TS_CSVIN_H

#include <stddef.h>
#include <stdint.h>

#include "input.h"
#include "records.h"

#define TS_CSV_MAX_RECORD (1024u * 1024)

struct ts_csv_opts {
	int delim;            /* delimiter byte, or 0 to sniff */
	int encoding;         /* enum ts_encoding */
	int lenient;          /* accept stray quotes */
	int no_fast_path;     /* parse every line with libcsv (tests) */
	size_t max_record;    /* 0: TS_CSV_MAX_RECORD */
	/*
	 * A line longer than max_record is rejected without being kept in
	 * memory; when set, this gets its bytes as read, in pieces, as they
	 * are skipped (for a rejects file), before ts_csv_next returns the
	 * TS_ROW_BAD record for it.
	 */
	void (*long_line)(void *arg, const char *p, size_t n);
	void *long_line_arg;
};

typedef struct ts_csv_rec {
	ts_str *fields;       /* UTF-8, valid until the next call */
	size_t nfields;
	uint64_t line;        /* first physical line of the record */
	uint64_t last_line;   /* its last physical line */
	/*
	 * The record's bytes as read (input encoding, line terminators
	 * included; the last line of a file may have none), for a rejects
	 * file. Empty when the line was too long to keep.
	 */
	ts_str raw;
	/*
	 * 1 when no field holds a TAB, CR, LF or backslash, so fields can be
	 * copied into records(5) without escaping.
	 */
	int clean;
	/* When ts_csv_next returned TS_ROW_BAD: */
	const char *error;    /* reason, e.g. "unterminated quoted field" */
	uint64_t err_line;    /* line of the problem (may differ from line) */
	uint64_t err_column;  /* its character column (1-based), or 0 */
	long err_field;       /* 0-based field, or -1 when not about a field */
	ts_str err_value;     /* text to quote in the message (may be empty) */
} ts_csv_rec;

typedef struct ts_csv ts_csv;

/*
 * Takes ownership of IN (NULL: returns NULL) and, when opts->delim is 0,
 * sniffs the delimiter among , ; TAB | from the first lines: the one that
 * splits the first record into the most fields while splitting the next
 * records into as many (comma when none appears).
 */
ts_csv *ts_csv_new(ts_input *in, const struct ts_csv_opts *opts);
void ts_csv_free(ts_csv *c);

/*
 * Reads the next record into *rec: TS_ROW_OK, TS_ROW_BAD (rec->error
 * says why; reading may go on), TS_ROW_EOF, or TS_ROW_FAIL (already
 * reported; stop: ts_csv_fail_status() gives the exit status).
 * The first record of a file is its header.
 */
int ts_csv_next(ts_csv *c, ts_csv_rec *rec);

int ts_csv_delim(const ts_csv *c);
int ts_csv_sniffed(const ts_csv *c);          /* 1 if the delimiter was sniffed */
/* "sniffed", "sep= line", or NULL when it was given (static). */
const char *ts_csv_delim_origin(const ts_csv *c);
const char *ts_csv_name(const ts_csv *c);
/* "utf-16le" or "utf-16be" when the input was UTF-16, else NULL. */
const char *ts_csv_utf16(const ts_csv *c);
int ts_csv_fail_status(const ts_csv *c);      /* TS_EXIT_IO or TS_EXIT_DATA */

#endif
