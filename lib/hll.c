/* hll.c - HyperLogLog sketches; see hll.h. */
#include "hll.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define Q (64 - TS_HLL_P)         /* bits left for the rank: 50 */
#define MAXRANK (Q + 1)           /* 51 */
/*
 * Sparse entries are idx << 8 | rank. The text form stays sparse while
 * it is shorter than the dense one (SPARSE_MAX entries); in memory a
 * sketch turns dense sooner (SPARSE_MEM entries, 1 KiB), since each new
 * sparse entry is an insertion into a sorted array.
 */
#define SPARSE_MAX (TS_HLL_M / 4)
#define SPARSE_MEM 256

struct ts_hll {
	uint32_t n, cap;      /* sparse entries used / allocated */
	uint32_t *sparse;     /* sorted by index; NULL once dense */
	uint8_t *dense;       /* TS_HLL_M registers, or NULL while sparse */
};

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int
b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

ts_hll *
ts_hll_new(void)
{
	return xcalloc(1, sizeof(ts_hll));
}

void
ts_hll_free(ts_hll *h)
{
	if (h == NULL)
		return;
	free(h->sparse);
	free(h->dense);
	free(h);
}

static void
to_dense(ts_hll *h)
{
	uint32_t i;

	h->dense = xcalloc(TS_HLL_M, 1);
	for (i = 0; i < h->n; i++)
		h->dense[h->sparse[i] >> 8] = (uint8_t)(h->sparse[i] & 0xff);
	free(h->sparse);
	h->sparse = NULL;
	h->n = h->cap = 0;
}

/* Sets register idx to max(current, rank). */
static void
set_reg(ts_hll *h, uint32_t idx, uint32_t rank)
{
	uint32_t lo, hi;

	if (h->dense != NULL) {
		if (h->dense[idx] < rank)
			h->dense[idx] = (uint8_t)rank;
		return;
	}
	lo = 0;
	hi = h->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if ((h->sparse[mid] >> 8) < idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < h->n && (h->sparse[lo] >> 8) == idx) {
		if ((h->sparse[lo] & 0xff) < rank)
			h->sparse[lo] = idx << 8 | rank;
		return;
	}
	if (h->n == SPARSE_MEM) {
		to_dense(h);
		h->dense[idx] = (uint8_t)rank;
		return;
	}
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 8;
		h->sparse = xreallocarray(h->sparse, h->cap, sizeof(uint32_t));
	}
	memmove(h->sparse + lo + 1, h->sparse + lo,
	    (h->n - lo) * sizeof(uint32_t));
	h->sparse[lo] = idx << 8 | rank;
	h->n++;
}

void
ts_hll_add(ts_hll *h, uint64_t hash)
{
	uint32_t idx = (uint32_t)(hash >> Q);
	uint64_t w = hash << TS_HLL_P;
	uint32_t rank = w ? (uint32_t)__builtin_clzll(w) + 1 : MAXRANK;

	set_reg(h, idx, rank);
}

void
ts_hll_merge(ts_hll *dst, const ts_hll *src)
{
	uint32_t i;

	if (src->dense != NULL) {
		if (dst->dense == NULL)
			to_dense(dst);
		for (i = 0; i < TS_HLL_M; i++)
			if (dst->dense[i] < src->dense[i])
				dst->dense[i] = src->dense[i];
		return;
	}
	for (i = 0; i < src->n; i++)
		set_reg(dst, src->sparse[i] >> 8, src->sparse[i] & 0xff);
}

/* Ertl 2017, algorithm 6: sigma and tau of the improved raw estimator. */
static double
sigma(double x)
{
	double y = 1, z = x, zp;

	if (x == 1)
		return INFINITY;
	do {
		x *= x;
		zp = z;
		z += x * y;
		y += y;
	} while (z != zp);
	return z;
}

static double
tau(double x)
{
	double y = 1, z = 1 - x, zp;

	if (x == 0 || x == 1)
		return 0;
	do {
		x = sqrt(x);
		zp = z;
		y *= 0.5;
		z -= (1 - x) * (1 - x) * y;
	} while (z != zp);
	return z / 3;
}

double
ts_hll_estimate(const ts_hll *h)
{
	double c[MAXRANK + 1] = { 0 };
	double m = TS_HLL_M, z;
	uint32_t i;
	int k;

	if (h->dense != NULL) {
		for (i = 0; i < TS_HLL_M; i++)
			c[h->dense[i]]++;
	} else {
		for (i = 0; i < h->n; i++)
			c[h->sparse[i] & 0xff]++;
		c[0] = m - h->n;
	}
	if (c[0] == m)
		return 0;
	z = m * tau(1 - c[MAXRANK] / m);
	for (k = Q; k >= 1; k--)
		z = 0.5 * (z + c[k]);
	z += m * sigma(c[0] / m);
	return (0.5 / log(2)) * m * m / z;
}

uint64_t
ts_hll_count(const ts_hll *h)
{
	return (uint64_t)llround(ts_hll_estimate(h));
}

static void
write_entry(ts_out *o, uint32_t idx, uint32_t rank)
{
	char e[4] = { b64[idx >> 12 & 63], b64[idx >> 6 & 63], b64[idx & 63],
	    b64[rank] };

	ts_out_write(o, e, 4);
}

void
ts_hll_write(const ts_hll *h, ts_out *o)
{
	uint32_t i, n = 0;

	if (h->dense == NULL) {
		/* Sparse sketches never reach SPARSE_MAX entries in memory. */
		ts_out_putc(o, 's');
		for (i = 0; i < h->n; i++)
			write_entry(o, h->sparse[i] >> 8, h->sparse[i] & 0xff);
		return;
	}
	/* The form depends on the register values only, not on history. */
	for (i = 0; i < TS_HLL_M; i++)
		n += h->dense[i] != 0;
	if (n < SPARSE_MAX) {
		ts_out_putc(o, 's');
		for (i = 0; i < TS_HLL_M; i++)
			if (h->dense[i] != 0)
				write_entry(o, i, h->dense[i]);
		return;
	}
	ts_out_putc(o, 'd');
	for (i = 0; i < TS_HLL_M; i++)
		ts_out_putc(o, b64[h->dense[i]]);
}

int
ts_hll_merge_text(ts_hll *h, const char *p, size_t n)
{
	size_t i;

	if (n == 0)
		return -1;
	if (p[0] == 'd') {
		if (n != 1 + TS_HLL_M)
			return -1;
		for (i = 1; i < n; i++) {
			int v = b64val((unsigned char)p[i]);
			if (v < 0 || v > MAXRANK)
				return -1;
		}
		for (i = 1; i < n; i++) {
			int v = b64val((unsigned char)p[i]);
			if (v > 0)
				set_reg(h, (uint32_t)(i - 1), (uint32_t)v);
		}
		return 0;
	}
	if (p[0] != 's' || (n - 1) % 4 != 0)
		return -1;
	{
		long prev = -1;
		for (i = 1; i < n; i += 4) {
			int a = b64val((unsigned char)p[i]);
			int b = b64val((unsigned char)p[i + 1]);
			int c = b64val((unsigned char)p[i + 2]);
			int r = b64val((unsigned char)p[i + 3]);
			long idx;
			if (a < 0 || b < 0 || c < 0 || r < 1 || r > MAXRANK)
				return -1;
			idx = (long)a << 12 | (long)b << 6 | c;
			if (idx >= (long)TS_HLL_M || idx <= prev)
				return -1;
			prev = idx;
		}
	}
	for (i = 1; i < n; i += 4) {
		uint32_t idx = (uint32_t)b64val((unsigned char)p[i]) << 12 |
		    (uint32_t)b64val((unsigned char)p[i + 1]) << 6 |
		    (uint32_t)b64val((unsigned char)p[i + 2]);
		set_reg(h, idx, (uint32_t)b64val((unsigned char)p[i + 3]));
	}
	return 0;
}
