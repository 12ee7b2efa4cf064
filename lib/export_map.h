/*
 * export_map.h - the mapping file of telestat-export(1): which table
 * column gives each DHIS2/ADX dimension (data element, org unit,
 * category option combo) and which code each of the column's values
 * becomes.
 *
 * The file is text, one directive per line, fields separated by TAB;
 * blank lines and lines starting with '#' are ignored:
 *
 *   dataSet              CODE
 *   metric               METRIC                (default count)
 *   column               ROLE  COLUMN
 *   default              ROLE  CODE
 *   adxCategory          NAME
 *   dataElement          VALUE CODE [METRIC]
 *   orgUnit              VALUE CODE
 *   categoryOptionCombo  VALUE CODE
 *
 * ROLE is dataElement, orgUnit or categoryOptionCombo. A role takes its
 * code from a column's value (column) or is the same for every row
 * (default); dataElement and orgUnit need one of the two, a
 * categoryOptionCombo without either is left out (DHIS2 then uses its
 * default combination). CODE "-" maps a value to nothing on purpose:
 * its rows are counted as skipped, not reported as unmapped. A value may
 * map to several data elements, one per metric (sessions and attendees
 * of tele-education). telestat-export(1), MAPPING FILE, is the user's
 * description.
 */
#ifndef TS_EXPORT_MAP_H
#define TS_EXPORT_MAP_H

#include <stddef.h>
#include <stdint.h>

enum ts_xrole {
	TS_XROLE_DE,      /* dataElement */
	TS_XROLE_OU,      /* orgUnit */
	TS_XROLE_COC,     /* categoryOptionCombo */
	TS_XROLE_N
};

/* "dataElement", "orgUnit", "categoryOptionCombo" (static). */
const char *ts_xrole_name(int role);

/* The code CODE for metric METRIC (enum ts_metric); code NULL = skip. */
typedef struct ts_xcode {
	const char *code;
	int metric;
} ts_xcode;

typedef struct ts_xmap ts_xmap;

/*
 * Parses a mapping file held in DATA[0..n); NAME is used in messages.
 * Returns the map, or NULL after printing "PROG: NAME:LINE: reason" for
 * each problem found (at most a few). Never exits: it is also the
 * fuzzing entry point.
 */
ts_xmap *ts_xmap_parse(const uint8_t *data, size_t n, const char *name);
/* Reads PATH and parses it; NULL after a message (I/O or syntax). */
ts_xmap *ts_xmap_load(const char *path, int *status);
void ts_xmap_free(ts_xmap *m);

const char *ts_xmap_name(const ts_xmap *m);
/* The dataSet code, or NULL when the file names none. */
const char *ts_xmap_dataset(const ts_xmap *m);
/* The attribute name for the category option combo in ADX, or NULL. */
const char *ts_xmap_adx_category(const ts_xmap *m);
/* The column giving ROLE, or NULL (then see ts_xmap_default). */
const char *ts_xmap_column(const ts_xmap *m, int role);
/* The code every row gets for ROLE, or NULL. */
const char *ts_xmap_default(const ts_xmap *m, int role);
/* The default metric (enum ts_metric). */
int ts_xmap_metric(const ts_xmap *m);

/*
 * The codes of value P[0..n) (unescaped) for ROLE: *N entries, or NULL
 * when the value is not in the file. For orgUnit and
 * categoryOptionCombo there is one entry; for dataElement one per
 * metric. Owned by M.
 */
const ts_xcode *ts_xmap_lookup(const ts_xmap *m, int role, const char *p,
    size_t n, size_t *count);

/* Writes the canonical form of M (for the fuzz target's round trip). */
char *ts_xmap_format(const ts_xmap *m);

#endif
