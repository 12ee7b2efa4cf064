/*
 * Unit tests: the PRNG against reference outputs (splitmix64 as published
 * by its author; xoshiro256** seeded through splitmix64, computed by an
 * independent implementation), unbiased ranges and weighted tables.
 */
#include <stdint.h>

#include "../tap.h"
#include "rng.h"

int
main(void)
{
	static const uint64_t sm_ref[] = {
		6457827717110365317ULL, 3203168211198807973ULL, 9817491932198370423ULL,
	};
	static const uint64_t x1_ref[] = {
		12966619160104079557ULL, 9600361134598540522ULL,
		10590380919521690900ULL, 7218738570589545383ULL,
		12860671823995680371ULL,
	};
	static const uint64_t x0_ref[] = {
		11091344671253066420ULL, 13793997310169335082ULL,
		1900383378846508768ULL,
	};
	uint64_t st = 1234567;
	ts_rng r, r2;
	ts_wtab w;
	uint32_t weights[] = { 1, 0, 3 };
	unsigned hist[10] = { 0 }, picks[3] = { 0 };
	int i, same, inrange, flat;

	for (i = 0; i < 3; i++)
		ok(ts_splitmix64(&st) == sm_ref[i], "splitmix64 reference output");
	ts_rng_seed(&r, 1);
	for (i = 0; i < 5; i++)
		ok(ts_rng_next(&r) == x1_ref[i], "xoshiro256** seed 1 reference output");
	ts_rng_seed(&r, 0);
	for (i = 0; i < 3; i++)
		ok(ts_rng_next(&r) == x0_ref[i], "seed 0 is usable");

	ts_rng_seed(&r, 42);
	ts_rng_seed(&r2, 42);
	same = 1;
	for (i = 0; i < 1000; i++)
		same &= ts_rng_next(&r) == ts_rng_next(&r2);
	ok(same, "same seed, same sequence");
	ts_rng_seed(&r2, 43);
	ok(ts_rng_next(&r) != ts_rng_next(&r2), "different seed, different sequence");

	inrange = 1;
	for (i = 0; i < 100000; i++) {
		uint32_t v = ts_rng_below(&r, 10);
		inrange &= v < 10;
		if (v < 10)
			hist[v]++;
	}
	ok(inrange, "below(10) stays below 10");
	flat = 1;
	for (i = 0; i < 10; i++)
		flat &= hist[i] > 9400 && hist[i] < 10600;
	ok(flat, "below(10) is flat within 6 %");
	ok(ts_rng_below(&r, 1) == 0, "below(1) is 0");
	inrange = 1;
	for (i = 0; i < 10000; i++) {
		int v = ts_rng_range(&r, -3, 3);
		inrange &= v >= -3 && v <= 3;
	}
	ok(inrange, "range(-3, 3) is inclusive and bounded");
	inrange = 1;
	for (i = 0; i < 10000; i++)
		inrange &= ts_rng_below(&r, 0xffffffffu) < 0xffffffffu;
	ok(inrange, "below(2^32-1) bounded");

	ts_wtab_init(&w, weights, 3);
	is_int(w.total, 4, "table total weight");
	for (i = 0; i < 40000; i++)
		picks[ts_wtab_pick(&w, &r)]++;
	is_int(picks[1], 0, "zero weight never picked");
	ok(picks[2] > 2.8 * picks[0] && picks[2] < 3.2 * picks[0],
	    "weight 3 picked about three times as often as weight 1");
	ts_wtab_free(&w);
	return done_testing();
}
