/*
 * export.h - the export verb: aggregate tables to a DHIS2 data value set,
 * an IHE ADX message or SQL (export_dhis2.c, export_sql.c).
 */
#ifndef TS_EXPORT_H
#define TS_EXPORT_H

#include <stdint.h>

#include "export_map.h"
#include "input.h"
#include "progress.h"

/* The SQL format, beside export_dhis2.h's TS_DVS_* formats. */
#define TS_EXPORT_SQL 100

struct ts_export_opts {
	int format;               /* TS_DVS_JSON, _CSV, _ADX or TS_EXPORT_SQL */
	const ts_xmap *map;       /* the mapping (DHIS2 and ADX; NULL for SQL) */
	const char *table;        /* SQL table name; NULL: "telestat" */
	uint64_t suppress;        /* leave out values from 1 to suppress-1 */
	const char *output;       /* -o FILE, or "-" */
	const char *exported;     /* the ADX "exported" time */
	ts_progress *progress;    /* the progress line, or NULL; not owned */
};

/*
 * Reads every input table and writes the export to O->output. A table
 * that cannot be read whole (a missing column, an I/O error) means
 * nothing is written: a data set without one of its tables would be
 * wrong. Returns the exit status, the worst of the inputs'.
 */
int ts_export_run(const struct ts_export_opts *o, const struct ts_inputs *in);

#endif
