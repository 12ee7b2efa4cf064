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
 *
 * Memory is bounded: once the set's estimated size passes its budget, its
 * pairs are moved to 64 temporary files in $TMPDIR (or /tmp), chosen by a
 * hash of the value, and later pairs go straight there. Each file holds
 * every pair of its values, so it is deduplicated on its own, one at a
 * time, in a set of the same kind (which spills in turn, with another
 * hash, if one file is still too large). Counts stay exact.
 */
#ifndef TS_DISTINCT_H
#define TS_DISTINCT_H

#include <stddef.h>
#include <stdint.h>

#include "str.h"
#include "util.h"

typedef struct ts_distinct ts_distinct;

/* A set using at most about BUDGET bytes of memory (0: 8 MiB). */
ts_distinct *ts_distinct_new(size_t budget);
void ts_distinct_free(ts_distinct *d);

/*
 * Adds value P[0..n) to the set of GROUP. Returns 1 if it was not in
 * that set yet, 0 if it was, -1 if that is not known yet because the set
 * has spilled to disk. P is copied when new. When the temporary files
 * fail, the set keeps nothing more: ts_distinct_finish and
 * ts_distinct_batches then fail, and ts_distinct_error says why.
 */
int ts_distinct_add(ts_distinct *d, uint32_t group, const char *p, size_t n);

/* 1 once the set has moved to temporary files. */
int ts_distinct_spilled(const ts_distinct *d);

/*
 * The exact number of distinct values of each group id, after the last
 * ts_distinct_add: an array of *ngroups counts (groups past it have
 * none), owned by D; NULL when the temporary files failed.
 */
const uint64_t *ts_distinct_finish(ts_distinct *d, size_t *ngroups);

/* Why the temporary files failed (TS_EXIT_IO), or NULL. */
const ts_error *ts_distinct_error(const ts_distinct *d);


/* Number of (group, value) pairs held in memory (0 once spilled). */
size_t ts_distinct_size(const ts_distinct *d);

typedef struct ts_distinct_pair {
	uint32_t group, value;
} ts_distinct_pair;

/*
 * All pairs of a set that has not spilled, ordered by RANK[group] (the
 * caller's group order, e.g. the sorted position of each group) then by
 * value bytes (memcmp order).
 * Returns a new array of ts_distinct_size() pairs, owned by the caller
 * (free()). RANK must have an entry for every group id added.
 */
ts_distinct_pair *ts_distinct_sorted(const ts_distinct *d,
    const uint32_t *rank);

/* The bytes of value id V (from a pair); owned by D. */
ts_str ts_distinct_value(const ts_distinct *d, uint32_t v);

/*
 * Calls FN with every pair, in batches: one batch in memory, or one per
 * temporary file once spilled. Within a batch, pairs are ordered as by
 * ts_distinct_sorted, and their values are read from the batch's set,
 * the second argument of FN (ts_distinct_value). Returns 0, or -1 when
 * the temporary files failed (ts_distinct_error).
 */
int ts_distinct_batches(ts_distinct *d, const uint32_t *rank,
    void (*fn)(void *arg, const ts_distinct *set,
    const ts_distinct_pair *pairs, size_t n), void *arg);

#endif
