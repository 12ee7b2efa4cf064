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

/*
 * Copies N bytes from S to D (not overlapping) without a call up to 32
 * bytes: two moves of 16, 8 or 4 bytes that overlap in the middle, or up
 * to three single bytes, so that the short values of a record (codes,
 * dates, labels) cost a few instructions and no loop.
 */
static inline void
ts_copy_small(char *d, const char *s, size_t n)
{
	if (n - 1 < 16) {
		if (n >= 8) {
			memcpy(d, s, 8);
			memcpy(d + n - 8, s + n - 8, 8);
		} else if (n >= 4) {
			memcpy(d, s, 4);
			memcpy(d + n - 4, s + n - 4, 4);
		} else {
			d[0] = s[0];
			d[n / 2] = s[n / 2];
			d[n - 1] = s[n - 1];
		}
	} else if (n > 16 && n <= 32) {
		memcpy(d, s, 16);
		memcpy(d + n - 16, s + n - 16, 16);
	} else if (n > 32) {
		memcpy(d, s, n);
	}
}

static inline int
ts_str_eq(ts_str a, const char *lit)
{
	size_t n = strlen(lit);
	return a.n == n && memcmp(a.p, lit, n) == 0;
}

#endif
