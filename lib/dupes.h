/*
 * dupes.h - repeated keys within one run (attention ids, the keys of
 * pre-aggregated rows, whole rows), in bounded memory.
 *
 * Each key is held as a 128-bit fingerprint with the file and line that
 * first gave it (24 bytes a slot, open addressing at most 3/4 full), so
 * a repeat is found at once and names its first row; two different keys
 * share a fingerprint with a probability of about n^2 / 2^129, which is
 * below 10^-24 at ten million keys. The table stops growing at its
 * budget (TELESTAT_DUPES_MEMORY bytes, 16 MiB by default: about 520 000
 * keys); keys past it go to a ts_distinct set (exact, by bytes), which
 * spills to temporary files in $TMPDIR like the patients of aggregate.
 * Among those later keys a repeat is still found at once while the set
 * is in memory (without its first row); once the set has spilled,
 * repeats are counted exactly at the end (ts_dupes_finish) but cannot be
 * caught as they pass. Memory: the budget, plus half of it for the set
 * and the set's 2 MiB of spill buffers: 26 MiB by default.
 */
#ifndef TS_DUPES_H
#define TS_DUPES_H

#include <stddef.h>
#include <stdint.h>

#include "records.h"

typedef struct ts_dupes ts_dupes;

/* BUDGET bytes for the table; 0: TELESTAT_DUPES_MEMORY or 16 MiB. */
ts_dupes *ts_dupes_new(size_t budget);
void ts_dupes_free(ts_dupes *d);

/* Where a key was first seen: FILE names a file given to ts_dupes_file. */
struct ts_dupes_first {
	const char *file;       /* NULL: not remembered (past the budget) */
	uint64_t line;
};

/* Later keys come from file NAME (copied). */
void ts_dupes_file(ts_dupes *d, const char *name);

/*
 * Adds the key made of the N values V (joined as if by a separator no
 * value holds), seen at LINE of the current file. Returns 1 if it is new,
 * 0 if it repeats an earlier key (*first says where, when known), -1 if
 * that is known only at the end (the set has spilled).
 */
int ts_dupes_add(ts_dupes *d, const ts_str *v, size_t n, uint64_t line,
    struct ts_dupes_first *first);

/* Repeats among the keys answered -1: exact, read back from disk. */
uint64_t ts_dupes_finish(ts_dupes *d);

#endif
