/*
 * values.h - the one reading of numbers and dates in telestat's inputs.
 *
 * Every stage reads a count, an age, a year or a date the same way, so a
 * value one verb accepts is a value every verb accepts, and whatever one
 * stage writes the next stage reads.
 *
 * Numbers: ts_num_parse() is strtonum(3) for a byte slice: decimal
 * digits only (no sign, no space, no separator), bounded by the caller's
 * MIN and MAX, the reason for a refusal returned as static text. Counts
 * (count, sessions, attendees, patients, and every sum of them) go up to
 * TS_COUNT_MAX = 2^63 - 1 in every verb; ts_count_add() is the checked
 * sum: an overflow is an error to report, never a wrapped total.
 *
 * Dates: ts_when_read() reads the date, year and month columns of a
 * record with one strictness (the one telestat-records(5) states):
 *   date   YYYY-MM-DD on the calendar, years 1900..2100, or empty;
 *   year   four digits, 1900..2100, or empty;
 *   month  one or two digits, 1..12, or empty;
 * and, when the date is there, year and month agree with it.
 */
#ifndef TS_VALUES_H
#define TS_VALUES_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "dates.h"
#include "str.h"
#include "util.h"

/* The largest count or sum of counts any verb holds: 2^63 - 1. */
#define TS_COUNT_MAX ((uint64_t)INT64_MAX)

/* The oldest age in years a record holds. */
#define TS_AGE_MAX 150

/*
 * Parses P[0..n) as a decimal integer in [MIN, MAX]. Returns NULL and
 * sets *V, or one of the static reasons
 *   "not a non-negative integer"   (empty, or anything but digits)
 *   "number too small"             (below MIN)
 *   "number too large"             (above MAX)
 * leaving *V untouched.
 */
const char *ts_num_parse(const char *p, size_t n, uint64_t min, uint64_t max,
    uint64_t *v);

static inline const char *
ts_num_str(ts_str s, uint64_t min, uint64_t max, uint64_t *v)
{
	return ts_num_parse(s.p, s.n, min, max, v);
}

/* A count field: 0..TS_COUNT_MAX. */
static inline const char *
ts_count_parse(ts_str s, uint64_t *v)
{
	/* One digit, the count of nearly every event-log record. */
	if (s.n == 1 && (unsigned char)(s.p[0] - '0') <= 9) {
		*v = (uint64_t)(s.p[0] - '0');
		return NULL;
	}
	return ts_num_parse(s.p, s.n, 0, TS_COUNT_MAX, v);
}

/*
 * *SUM += V when the result stays within TS_COUNT_MAX: returns 0, else
 * -1 with *SUM unchanged. Both operands are counts (at most TS_COUNT_MAX).
 */
static inline int
ts_count_add(uint64_t *sum, uint64_t v)
{
	if (v > TS_COUNT_MAX - *sum)
		return -1;
	*sum += v;
	return 0;
}

/* The same for sums kept signed (never negative). */
static inline int
ts_count_add_signed(int64_t *sum, int64_t v)
{
	if (v < 0 || *sum < 0 || v > INT64_MAX - *sum)
		return -1;
	*sum += v;
	return 0;
}

/* The reason an overflowing sum gives, for messages. */
#define TS_COUNT_OVERFLOW "sum exceeds 9223372036854775807"

/* Which of the three columns ts_when_read() refused. */
enum ts_when_field {
	TS_WHEN_DATE,
	TS_WHEN_YEAR,
	TS_WHEN_MONTH
};

/*
 * Reads a record's date from its DATE, YEAR and MONTH fields (an absent
 * column is an empty slice). Fills *OUT: y, m and d, each 0 when
 * unknown (a date gives all three; year and month alone give y and m).
 * Returns 0, or -1 with *FIELD naming the column to blame and *WHY a
 * static reason; *OUT is then unspecified.
 */
int ts_when_read(ts_str date, ts_str year, ts_str month, ts_date *out,
    int *field, const char **why);

/* The records column name of a ts_when_field: "date", "year", "month". */
const char *ts_when_column(int field);

/*
 * The time a reproducible output says it was made (report's generation
 * date, export's ADX "exported"): SOURCE_DATE_EPOCH when set (seconds
 * since 1970-01-01, up to the end of year 9999), else now. Returns 0, or
 * -1 with E filled (TS_EXIT_USAGE) when the variable is not such a
 * number.
 */
int ts_source_date_epoch(time_t *t, ts_error *e);

#endif
