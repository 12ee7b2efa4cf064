/*
 * export_dhis2.h - aggregate tables to DHIS2 data value sets (JSON, CSV)
 * and IHE ADX messages, through a mapping file (export_map.h).
 *
 * Each table row becomes one data value per data element its key maps
 * to: (dataElement, period, orgUnit, categoryOptionCombo, value). The
 * period comes from the year column (DHIS2 "2025") or year and month
 * ("202503"; ADX "2025-03-01/P1M"). Rows whose values map to the same
 * data value (two categories folded into one data element) are summed,
 * so the set is held in memory: one entry per data value, bounded by
 * the table's rows. Every table column must be a metric, year, month or
 * a mapped column, so that no column is summed away unseen.
 *
 * Nothing is dropped silently: a row with a value the mapping does not
 * know is reported (once per distinct value) and counted as unmapped; a
 * row the mapping skips on purpose ("-") is counted; a data value below
 * the suppression threshold is counted and not written.
 */
#ifndef TS_EXPORT_DHIS2_H
#define TS_EXPORT_DHIS2_H

#include <stdint.h>

#include "export_map.h"
#include "out.h"
#include "records.h"

enum ts_dvs_format {
	TS_DVS_JSON,   /* DHIS2 dataValueSet, JSON */
	TS_DVS_CSV,    /* DHIS2 data value CSV */
	TS_DVS_ADX     /* IHE QRPH ADX message (urn:ihe:qrph:adx:2015) */
};

typedef struct ts_dvs ts_dvs;

typedef struct ts_dvs_stats {
	uint64_t rows;        /* table rows read */
	uint64_t exported;    /* rows that gave at least one data value */
	uint64_t unmapped;    /* rows with a value the mapping lacks */
	uint64_t skipped;     /* rows the mapping skips ("-") */
	uint64_t rejected;    /* rows with a bad year, month or number */
	uint64_t values;      /* data values (after summing) */
	uint64_t suppressed;  /* data values below the threshold */
	uint64_t unusable;    /* tables refused whole: a column is missing
	                         (nothing should be written then) */
} ts_dvs_stats;

/* MAP is borrowed; SUPPRESS 0 or 1 suppresses nothing. */
ts_dvs *ts_dvs_new(const ts_xmap *map, uint64_t suppress);
void ts_dvs_free(ts_dvs *d);

/*
 * Reads every row of R (not freed). Returns TS_EXIT_OK, TS_EXIT_DATA
 * (rows rejected or unmapped, each reported), TS_EXIT_MISSING_COLUMN
 * (a column the period, the mapping or a data element needs is missing,
 * or R is a wide table; reported as every verb does, and counted in
 * stats.unusable), TS_EXIT_USAGE (a column the mapping does not name
 * would be summed away; reported) or TS_EXIT_IO (read error, reported).
 * Label columns beside their codes (labels.h) are left aside.
 */
int ts_dvs_read(ts_dvs *d, ts_reader *r);

/* Counts so far; data values and suppression are final after writing. */
const ts_dvs_stats *ts_dvs_stats_get(const ts_dvs *d);

/*
 * Writes the set in FORMAT. EXPORTED is the ADX "exported" time
 * (xs:dateTime, e.g. "2026-01-31T00:00:00Z"). Returns TS_EXIT_OK, or
 * TS_EXIT_DATA after a message when ADX has no data value to carry (an
 * ADX message needs one group at least) or lacks its dataSet; nothing
 * is written then.
 */
int ts_dvs_write(ts_dvs *d, int format, const char *exported, ts_out *o);

#endif
