/*
 * tap.h - minimal TAP producer for unit tests run under prove(1).
 * Include once per test program.
 */
#ifndef TS_TAP_H
#define TS_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static void
tap_ok(int cond, const char *name, const char *file, int line)
{
	tap_n++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, name);
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
}

#define ok(cond, name) tap_ok((cond) != 0, (name), __FILE__, __LINE__)

#define is_int(got, want, name) do { \
	long long g_ = (long long)(got), w_ = (long long)(want); \
	tap_ok(g_ == w_, (name), __FILE__, __LINE__); \
	if (g_ != w_) printf("#   got %lld, want %lld\n", g_, w_); \
} while (0)

#define is_str(got, want, name) do { \
	const char *g_ = (got), *w_ = (want); \
	int same_ = (g_ && w_) ? strcmp(g_, w_) == 0 : g_ == w_; \
	tap_ok(same_, (name), __FILE__, __LINE__); \
	if (!same_) printf("#   got \"%s\"\n#  want \"%s\"\n", \
	    g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
} while (0)

#define is_mem(gp, gn, wp, wn, name) do { \
	size_t gn_ = (gn), wn_ = (wn); \
	int same_ = gn_ == wn_ && memcmp((gp), (wp), gn_) == 0; \
	tap_ok(same_, (name), __FILE__, __LINE__); \
	if (!same_) printf("#   got %zu bytes \"%.*s\", want %zu bytes \"%.*s\"\n", \
	    gn_, (int)gn_, (const char *)(gp), wn_, (int)wn_, (const char *)(wp)); \
} while (0)

static int
done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
