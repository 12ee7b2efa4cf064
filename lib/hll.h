/*
 * hll.h - HyperLogLog sketches for approximate distinct counts
 * (telestat-aggregate --approx).
 *
 * Precision p = 14: m = 16384 registers, relative standard error
 * 1.04 / sqrt(m) ~= 0.81 %. Items are added by their 64-bit hash
 * (ts_hash): the top 14 bits pick the register, the rank of the first
 * set bit in the remaining 50 bits is its value (1..51). Merging two
 * sketches takes the register-wise maximum, so merging is exact: the
 * sketch of a union equals the merge of the sketches, whatever the
 * split. The estimate uses Ertl's improved raw estimator ("New
 * cardinality estimation algorithms for HyperLogLog sketches", 2017),
 * which needs no empirical bias tables and is accurate from 0 upwards.
 *
 * A sketch starts sparse (a sorted list of the non-zero registers, 4
 * bytes each) and turns dense (one byte per register, 16 KiB) past 256
 * registers, so groups with few patients stay small.
 *
 * Text form (one TSV field, characters from the base64 alphabet
 * A-Z a-z 0-9 + / standing for the values 0..63):
 *   "s" then 4 characters per non-zero register, in increasing register
 *       order: 3 characters for the register index (18 bits, big end
 *       first) and 1 for its value;  "s" alone is the empty sketch;
 *   "d" then exactly 16384 characters, the value of every register.
 * ts_hll_write() uses the sparse form while it is shorter.
 */
#ifndef TS_HLL_H
#define TS_HLL_H

#include <stddef.h>
#include <stdint.h>

#include "out.h"

#define TS_HLL_P 14
#define TS_HLL_M (1u << TS_HLL_P)
/* 1.04 / sqrt(TS_HLL_M), the documented relative standard error. */
#define TS_HLL_STDERR 0.008125

typedef struct ts_hll ts_hll;

ts_hll *ts_hll_new(void);
void ts_hll_free(ts_hll *h);

/* Adds an item by its 64-bit hash. */
void ts_hll_add(ts_hll *h, uint64_t hash);
/* dst = union of dst and src. */
void ts_hll_merge(ts_hll *dst, const ts_hll *src);
/* Estimated number of distinct items (0 for an empty sketch). */
double ts_hll_estimate(const ts_hll *h);
/* The estimate rounded to the nearest integer. */
uint64_t ts_hll_count(const ts_hll *h);

/* Writes the text form to O. */
void ts_hll_write(const ts_hll *h, ts_out *o);
/*
 * Merges the text form P[0..n) into H. Returns 0, or -1 (H unchanged)
 * when the text is not a valid sketch: bad prefix or character, wrong
 * length, register index out of range or not increasing, value > 51.
 */
int ts_hll_merge_text(ts_hll *h, const char *p, size_t n);

#endif
