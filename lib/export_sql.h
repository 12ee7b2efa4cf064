/*
 * export_sql.h - a records table as SQL: one CREATE TABLE and one INSERT
 * per row inside a transaction, in the subset SQLite and PostgreSQL
 * share.
 *
 * Column types follow the column names: metric columns (count,
 * patients, sessions, attendees, records) are BIGINT, year and month
 * INTEGER, every other column TEXT. An empty integer field is NULL; an
 * empty text field is ''. Identifiers are always double-quoted, so
 * "count" or "year" need no care. COMMIT is written only by
 * ts_sqlx_finish(), so a script cut short loads nothing.
 *
 * Streaming: one row in, one INSERT out; memory does not grow with rows.
 */
#ifndef TS_EXPORT_SQL_H
#define TS_EXPORT_SQL_H

#include <stdint.h>

#include "out.h"
#include "records.h"

typedef struct ts_sqlx ts_sqlx;

typedef struct ts_sqlx_stats {
	uint64_t rows;        /* rows read */
	uint64_t written;     /* INSERTs written */
	uint64_t rejected;    /* rows reported and not written */
	uint64_t suppressed;  /* metric cells written as NULL */
} ts_sqlx_stats;

/* TABLE is the table name; SUPPRESS as in telestat-export(1). */
ts_sqlx *ts_sqlx_new(const char *table, uint64_t suppress, ts_out *o);
void ts_sqlx_free(ts_sqlx *x);

/*
 * Writes the rows of R (not freed). The first table read fixes the
 * columns (and writes BEGIN and CREATE TABLE); later tables must have
 * the same column names in the same order. Returns TS_EXIT_OK,
 * TS_EXIT_DATA (rows rejected: not an integer, NUL byte, invalid UTF-8;
 * each reported), TS_EXIT_USAGE (columns differ; reported) or
 * TS_EXIT_IO (read error).
 */
int ts_sqlx_read(ts_sqlx *x, ts_reader *r);

/* Writes COMMIT (and, when no table was read, nothing else). */
void ts_sqlx_finish(ts_sqlx *x);
const ts_sqlx_stats *ts_sqlx_stats_get(const ts_sqlx *x);

#endif
