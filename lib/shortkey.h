/*
 * shortkey.h - short values as a few machine words, for the caches that
 * sit in front of a parser or a hash table (ingest's dates and regions,
 * classify's labels).
 *
 * A value of at most 16 (or 32) bytes becomes two (or four) words that,
 * with its length, identify it exactly: overlapping loads of its first
 * and last bytes, so there is no variable-length copy (and no
 * store-forwarding stall) per row. A cache hit then costs a few loads,
 * compares and multiplies instead of a parse or a hash-table probe.
 */
#ifndef TS_SHORTKEY_H
#define TS_SHORTKEY_H

#include <stdint.h>
#include <string.h>

#include "str.h"

#define TS_SHORTKEY16_MAX 16
#define TS_SHORTKEY32_MAX 32

/* The words of S (S.n at most 16) in K[0..2). */
static inline void
ts_shortkey16(ts_str s, uint64_t k[2])
{
	uint64_t a = 0, b = 0;

	if (s.n >= 8) {
		memcpy(&a, s.p, 8);
		memcpy(&b, s.p + s.n - 8, 8);
	} else if (s.n >= 4) {
		uint32_t x, y;
		memcpy(&x, s.p, 4);
		memcpy(&y, s.p + s.n - 4, 4);
		a = x;
		b = y;
	} else if (s.n > 0) {
		a = (uint64_t)(unsigned char)s.p[0] |
		    (uint64_t)(unsigned char)s.p[s.n / 2] << 8 |
		    (uint64_t)(unsigned char)s.p[s.n - 1] << 16;
	}
	k[0] = a;
	k[1] = b;
}

/*
 * The words of S (S.n at most 32) in K[0..4): past 16 bytes, its first
 * 16 and its last 16, which overlap and so cover every byte.
 */
static inline void
ts_shortkey32(ts_str s, uint64_t k[4])
{
	if (s.n <= 16) {
		ts_shortkey16(s, k);
		k[2] = k[3] = 0;
		return;
	}
	memcpy(&k[0], s.p, 8);
	memcpy(&k[1], s.p + 8, 8);
	memcpy(&k[2], s.p + s.n - 16, 8);
	memcpy(&k[3], s.p + s.n - 8, 8);
}

/* A slot index of BITS bits for the NK words of K and the length N. */
static inline size_t
ts_shortkey_slot(const uint64_t *k, size_t nk, size_t n, unsigned bits)
{
	static const uint64_t mul[4] = { 0x9E3779B97F4A7C15ULL,
	    0xC2B2AE3D27D4EB4FULL, 0x165667B19E3779F9ULL,
	    0x27D4EB2F165667C5ULL };
	uint64_t h = n;
	size_t i;

	for (i = 0; i < nk; i++)
		h ^= k[i] * mul[i];
	return (size_t)(h >> (64 - bits));
}

#endif
