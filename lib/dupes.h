/*
 * dupes.h - repeated keys within one run (attention ids, the keys of
 * pre-aggregated rows, whole rows), in bounded memory.
 *
 * Each key is held as an 84-bit fingerprint packed with the file and
 * line that first gave it, 16 bytes a key; two different keys share a
 * fingerprint with a probability of about n^2 / 2^85, below 3 * 10^-9 at
 * ten million keys. Half of the budget (TELESTAT_DUPES_MEMORY bytes,
 * 16 MiB by default) is an open-addressing table, at most 3/4 full
 * (about 390 000 keys by default). When it is full, its keys are sorted
 * and written once to a temporary file in $TMPDIR as a run, with every
 * 256th fingerprint kept in memory as the run's index, and the table
 * starts again empty. The other half is a Bloom filter of every key
 * written to a run, so that a new key costs no disk access; only a key
 * the filter may hold is looked up in the runs (one 4 KiB read per run).
 * So every repeat is found as it passes, with the file and line of its
 * first row, however many keys there are; what grows past the budget is
 * the disk (16 bytes a key) and, once the filter is crowded (beyond
 * about 20 keys per byte of it), the reads.
 */
#ifndef TS_DUPES_H
#define TS_DUPES_H

#include <stddef.h>
#include <stdint.h>

#include "records.h"
#include "util.h"

typedef struct ts_dupes ts_dupes;

/*
 * BUDGET bytes for the table and filter; 0: TELESTAT_DUPES_MEMORY or
 * 16 MiB. NULL and E (TS_EXIT_USAGE) when TELESTAT_DUPES_MEMORY is not a
 * number of bytes.
 */
ts_dupes *ts_dupes_new(size_t budget, ts_error *e);
void ts_dupes_free(ts_dupes *d);

/* Where a key was first seen: FILE names a file given to ts_dupes_file. */
struct ts_dupes_first {
	const char *file;       /* NULL: not known (past 4094 files or
	                           2^32 lines) */
	uint64_t line;
};

/* Later keys come from file NAME (copied). */
void ts_dupes_file(ts_dupes *d, const char *name);

/*
 * Adds the key made of the N values V (joined as if by a separator no
 * value holds), seen at LINE of the current file. Returns 1 if it is new,
 * 0 if it repeats an earlier key (*first says where), -1 when the runs'
 * temporary file failed (ts_dupes_error; every later call fails too).
 */
int ts_dupes_add(ts_dupes *d, const ts_str *v, size_t n, uint64_t line,
    struct ts_dupes_first *first);

/* Why the runs' temporary file failed (TS_EXIT_IO), or NULL. */
const ts_error *ts_dupes_error(const ts_dupes *d);

/* Keys written to runs on disk so far (0 while the table holds them all). */
uint64_t ts_dupes_spilled(const ts_dupes *d);

#endif
