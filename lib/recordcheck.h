/*
 * recordcheck.h - checks a records(5) stream against what
 * telestat-records(5) promises of its canonical columns.
 *
 * The reader (lib/records) already enforces the framing: a valid header,
 * as many fields as names. This checks the values: UTF-8 everywhere; an
 * ISO date that agrees with year and month; sex F/M; age and the counts
 * as integers; condition N/C/R; a patient that is a pseudonym (32
 * lower-case hex digits), never a raw identifier; a category, a
 * subcategory and with_patient that the taxonomy knows and that agree;
 * a region that looks like an ISO 3166-2 code of Peru or Mexico is one
 * the region tables know. Columns the format does not define pass
 * unchecked, as they pass through every command. An empty field means
 * unknown and is always valid.
 *
 * Used by telestat validate --records; the fuzz target feeds it any bytes.
 */
#ifndef TS_RECORDCHECK_H
#define TS_RECORDCHECK_H

#include <stddef.h>

#include "records.h"
#include "regions.h"
#include "taxonomy.h"

typedef struct ts_recordcheck ts_recordcheck;

/* One problem in a record: the column's index, a reason, the value. */
typedef struct ts_record_problem {
	size_t column;
	const char *reason;     /* static, or in the checker's storage */
	ts_str value;           /* a slice of the record (escaped) */
} ts_record_problem;

/*
 * A checker for records whose header is R's. TAX and REGIONS may be NULL:
 * the checks that need them are then skipped. Neither is owned.
 */
ts_recordcheck *ts_recordcheck_new(const ts_reader *r, const ts_taxonomy *tax,
    const ts_regiondb *regions);
void ts_recordcheck_free(ts_recordcheck *c);

/*
 * Checks one record (the NCOLS fields of a TS_ROW_OK). Fills up to MAX
 * problems, encoding first, then value by value, and returns how many there are in all
 * (which may exceed MAX).
 */
size_t ts_recordcheck_row(ts_recordcheck *c, const ts_str *f,
    ts_record_problem *out, size_t max);

#endif
