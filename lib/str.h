/*
 * str.h - a byte slice, the unit every reader hands out.
 *
 * Kept apart from records.h so that hash tables, the CSV reader and the
 * value parsers can use slices without depending on the records stream.
 */
#ifndef TS_STR_H
#define TS_STR_H

#include <stddef.h>
#include <string.h>

/* A byte slice; not NUL-terminated unless said so. */
typedef struct ts_str {
	const char *p;
	size_t n;
} ts_str;

#define TS_STR(lit) ((ts_str){ (lit), sizeof(lit) - 1 })

static inline int
ts_str_eq(ts_str a, const char *lit)
{
	size_t n = strlen(lit);
	return a.n == n && memcmp(a.p, lit, n) == 0;
}

#endif
