/*
 * sidetable.h - small tab-separated tables given beside the data: the
 * report's population, facility, target and holiday tables.
 *
 * Format: UTF-8, one row a line, fields separated by tabs, the first line
 * the header (column names, matched without case); lines starting with
 * '#' and blank lines are skipped; a CR before the LF is dropped. A row
 * may have fewer fields than the header (the missing ones are empty),
 * never more. The whole table is held in memory: these tables have
 * thousands of rows, not millions (TS_SIDE_MAX_BYTES).
 */
#ifndef TS_SIDETABLE_H
#define TS_SIDETABLE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Largest table read (bytes). */
#define TS_SIDE_MAX_BYTES (16u * 1024 * 1024)

typedef struct ts_side ts_side;

/*
 * Parses BUF[0..N) (not NUL-terminated, may hold any bytes). NAME names
 * the table in messages. Returns the table, or NULL with E filled
 * (TS_EXIT_DATA) as "NAME:LINE: reason".
 */
ts_side *ts_side_parse(const uint8_t *buf, size_t n, const char *name,
    ts_error *e);
/*
 * Reads and parses PATH. Returns NULL with E filled: TS_EXIT_IO when
 * PATH cannot be read, TS_EXIT_DATA when it is not a valid table.
 */
ts_side *ts_side_load(const char *path, ts_error *e);
void ts_side_free(ts_side *t);

/* The table's name, as given (owned by the table). */
const char *ts_side_name(const ts_side *t);
/* Index of the first of the NULL-terminated NAMES present, or -1. */
int ts_side_col(const ts_side *t, const char *const *names);
size_t ts_side_rows(const ts_side *t);
/* Field COL of ROW ("" when the row is short or COL is -1). */
const char *ts_side_get(const ts_side *t, size_t row, int col);
/* Line number of ROW in the file (for messages). */
size_t ts_side_line(const ts_side *t, size_t row);

/*
 * Field parsers for the tables' readers: 0 on success, else -1.
 * A count: decimal digits, optionally grouped by single spaces, commas
 * or dots every three digits ("25 000", "25,000"), at most 10^15.
 */
int ts_side_count(const char *s, int64_t *v);
/* A decimal number ("-12.0464", "1,5" with a decimal comma), finite. */
int ts_side_real(const char *s, double *v);

#endif
