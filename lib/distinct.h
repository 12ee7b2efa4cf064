/*
 * distinct.h - exact distinct-value sets per group (the "patients"
 * metric of telestat-aggregate: atendidos, distinct pseudonyms).
 *
 * Values (pseudonyms, as escaped bytes) are interned once in a ts_map,
 * so each distinct value is stored once whatever the number of groups
 * it appears in; membership is a hash set of (group id, value id)
 * pairs packed in 64 bits. Ids are exact, so the counts are exact: no
 * hash collision can merge two patients. Memory: about 16 bytes per
 * (group, value) pair plus one copy of each distinct value with ~40
 * bytes of map overhead. Nothing grows with rows.
 */
#ifndef TS_DISTINCT_H
#define TS_DISTINCT_H

#include <stddef.h>
#include <stdint.h>

#include "records.h"

typedef struct ts_distinct ts_distinct;

ts_distinct *ts_distinct_new(void);
void ts_distinct_free(ts_distinct *d);

/*
 * Adds value P[0..n) to the set of GROUP. Returns 1 if it was not in
 * that set yet, 0 if it was. P is copied when new.
 */
int ts_distinct_add(ts_distinct *d, uint32_t group, const char *p, size_t n);

/* Number of (group, value) pairs held. */
size_t ts_distinct_size(const ts_distinct *d);

typedef struct ts_distinct_pair {
	uint32_t group, value;
} ts_distinct_pair;

/*
 * All pairs, ordered by RANK[group] (the caller's group order, e.g. the
 * sorted position of each group) then by value bytes (memcmp order).
 * Returns a new array of ts_distinct_size() pairs, owned by the caller
 * (free()). RANK must have an entry for every group id added.
 */
ts_distinct_pair *ts_distinct_sorted(const ts_distinct *d,
    const uint32_t *rank);

/* The bytes of value id V (from a pair); owned by D. */
ts_str ts_distinct_value(const ts_distinct *d, uint32_t v);

#endif
