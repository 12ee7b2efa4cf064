/*
 * spill.h - temporary files for sets that outgrow their memory budget
 * (distinct: patients; dupes: duplicate keys). A file is made in $TMPDIR
 * (or /tmp) and unlinked at once, so nothing is left behind however the
 * run ends; it is written and read back by its descriptor only.
 *
 * Errors come back on a ts_error (TS_EXIT_IO), each naming WHAT spilled
 * ("patients", "duplicate keys"): "DIR: cannot spill WHAT to disk:
 * reason", "writing WHAT spilled to disk: reason", "reading WHAT spilled
 * to disk: reason" or "WHAT spilled to disk: truncated".
 */
#ifndef TS_SPILL_H
#define TS_SPILL_H

#include <stddef.h>
#include <sys/types.h>

#include "util.h"

/*
 * A new temporary file named telestat-TAG.XXXXXX, already unlinked: its
 * descriptor, or -1 and E.
 */
int ts_spill_open(const char *tag, const char *what, ts_error *e);

/*
 * Writes P[0..n) at offset AT (AT < 0: at the file offset), retrying
 * short writes and EINTR. 0, or -1 and E.
 */
int ts_spill_write(int fd, const void *p, size_t n, off_t at,
    const char *what, ts_error *e);

/*
 * Reads up to N bytes into P from offset AT (AT < 0: the file offset),
 * retrying short reads and EINTR until N or the end of the file. The
 * number read (less than N only at the end), or -1 and E.
 */
ssize_t ts_spill_read(int fd, void *p, size_t n, off_t at, const char *what,
    ts_error *e);

/* -1 and E: the file ended inside a record of WHAT. */
int ts_spill_truncated(const char *what, ts_error *e);

#endif
