/*
 * rng.h - small, fast, seeded pseudo-random numbers for telestat synth.
 *
 * xoshiro256** (Blackman and Vigna) seeded through splitmix64: the same
 * seed gives the same sequence on every platform and build, because the
 * generator is pure 64-bit integer arithmetic. It is not cryptographic and
 * must never be used for keys or pseudonyms. rand(3) is not used: its
 * sequence differs between C libraries, and synth output must be
 * byte-identical everywhere for a given seed.
 */
#ifndef TS_RNG_H
#define TS_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct ts_rng {
	uint64_t s[4];
} ts_rng;

/* Advances *state and returns the next splitmix64 output. */
uint64_t ts_splitmix64(uint64_t *state);
/* splitmix64's finalizer: a bijective 64-bit mix (stateless hashing). */
uint64_t ts_mix64(uint64_t x);

/* Seeds R from SEED (any value, 0 included). */
void ts_rng_seed(ts_rng *r, uint64_t seed);

static inline uint64_t
ts_rng_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* Next 64 random bits (xoshiro256**). */
static inline uint64_t
ts_rng_next(ts_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = ts_rng_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = ts_rng_rotl(s[3], 45);
	return result;
}

/*
 * Uniform integer in [0, n), n >= 1, without modulo bias (Lemire's
 * multiply-and-reject method: almost never more than one draw).
 */
static inline uint32_t
ts_rng_below(ts_rng *r, uint32_t n)
{
	uint64_t m = (ts_rng_next(r) >> 32) * (uint64_t)n;
	uint32_t low = (uint32_t)m;

	if (low < n) {
		uint32_t threshold = (uint32_t)(-n) % n;
		while (low < threshold) {
			m = (ts_rng_next(r) >> 32) * (uint64_t)n;
			low = (uint32_t)m;
		}
	}
	return (uint32_t)(m >> 32);
}

/* Uniform integer in [lo, hi], lo <= hi. */
static inline int
ts_rng_range(ts_rng *r, int lo, int hi)
{
	return lo + (int)ts_rng_below(r, (uint32_t)(hi - lo) + 1);
}

/*
 * Weighted choice among n items in O(1): a lookup table with one slot per
 * unit of weight, so the total weight is limited to TS_WTAB_MAX.
 */
#define TS_WTAB_MAX 65536u

typedef struct ts_wtab {
	uint16_t *slot;   /* total entries, each an item index; owned */
	uint32_t total;
	size_t n;
} ts_wtab;

/*
 * Builds a table over WEIGHTS[0..n) (n <= 65536; zero weights allowed,
 * at least one positive), with a total weight of at most TS_WTAB_MAX: the
 * tables are built in, so anything else is a programming error (an
 * assertion).
 */
void ts_wtab_init(ts_wtab *w, const uint32_t *weights, size_t n);
void ts_wtab_free(ts_wtab *w);

static inline size_t
ts_wtab_pick(const ts_wtab *w, ts_rng *r)
{
	return w->slot[ts_rng_below(r, w->total)];
}

#endif
