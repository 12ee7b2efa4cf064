/*
 * lookup.h - side tables joined by key: a master file beside an export
 * (MINSA's establishment master gives each Id_Establecimiento its UBIGEO
 * and RENAES code; the item master each Codigo_Item its description).
 *
 * A master is a CSV file (delimiter sniffed; UTF-8, or Windows-1252 when
 * it is not valid UTF-8) with a header; two of its columns, KEY and
 * VALUE, are loaded once into a hash table. Memory is bounded: keys and
 * values together may take TS_LOOKUP_MAX_BYTES, beyond which the master
 * is refused with a message rather than read in part.
 *
 * Keys are compared trimmed, and keys of digits only without their
 * leading zeros ("004120" and "4120" are one key), as spreadsheets drop
 * them. A key repeated with another value keeps its first value; the
 * repetitions are counted (ts_lookup_conflicts).
 */
#ifndef TS_LOOKUP_H
#define TS_LOOKUP_H

#include <stddef.h>

#include "str.h"

/* 8 MiB of keys and values: some 200,000 rows of an establishment master. */
#define TS_LOOKUP_MAX_BYTES (8u * 1024 * 1024)

typedef struct ts_lookup ts_lookup;

/*
 * Loads PATH's KEY -> VALUE (header names, compared exactly, then
 * ignoring case and accents). NULL after a message, with *status the exit
 * status: TS_EXIT_IO (cannot read), TS_EXIT_USAGE (no such column),
 * TS_EXIT_DATA (bad master, or larger than MAX_BYTES; 0: the default).
 */
ts_lookup *ts_lookup_load(const char *path, const char *key,
    const char *value, size_t max_bytes, int *status);
void ts_lookup_free(ts_lookup *l);

/* The value of key K[0..n), or a NULL pointer; owned by the table. */
ts_str ts_lookup_find(const ts_lookup *l, const char *k, size_t n);

size_t ts_lookup_size(const ts_lookup *l);
unsigned long long ts_lookup_conflicts(const ts_lookup *l);
const char *ts_lookup_path(const ts_lookup *l);

#endif
