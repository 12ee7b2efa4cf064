/*
 * strmap.h - interning hash map from byte strings to dense ids.
 *
 * Each distinct key gets the next id (0, 1, 2, ...), so callers keep their
 * values in plain arrays indexed by id: memo tables (one decision per
 * distinct label) and group tables (one accumulator per group). Keys are
 * copied into an arena owned by the map and stay valid until ts_map_free.
 * Memory grows with distinct keys only.
 */
#ifndef TS_STRMAP_H
#define TS_STRMAP_H

#include <stddef.h>
#include <stdint.h>

#include "str.h"

typedef struct ts_map ts_map;

ts_map *ts_map_new(void);
void ts_map_free(ts_map *m);

/* 64-bit hash of a byte string (also used for sketches). */
uint64_t ts_hash(const void *p, size_t n);

/* Id of KEY, inserting it if new (*inserted set to 1, else 0; may be NULL). */
uint32_t ts_map_intern(ts_map *m, const char *p, size_t n, int *inserted);
/* Id of KEY or -1 when absent. */
int64_t ts_map_find(const ts_map *m, const char *p, size_t n);
/* The key of id (NUL-terminated; owned by the map). */
ts_str ts_map_key(const ts_map *m, uint32_t id);
size_t ts_map_size(const ts_map *m);

#endif
