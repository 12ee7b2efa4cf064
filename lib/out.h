/*
 * out.h - buffered, checked output.
 *
 * Every byte telestat writes goes through a ts_out: large buffers flushed
 * with write(2) (no stdio on the hot path), and no failure goes unsaid.
 * The first failure (a write error such as ENOSPC, EPIPE, a failed fsync,
 * close or rename) is kept on the handle, sticky: later writes are
 * dropped, a long loop can stop early (ts_out_failed), and the caller
 * learns of it once, at ts_out_sync, ts_out_close or ts_out_finish, as a
 * ts_error: "NAME: reason" with TS_EXIT_IO. EPIPE (the reader went away,
 * as in "| head -1") is no error: its ts_error has status TS_EXIT_OK and
 * no message, so the run ends quietly with status 0 (SIGPIPE is ignored
 * by ts_out_stdout()). Opening an output that cannot be made returns
 * NULL with the ts_error filled.
 *
 * ts_out_open_atomic() writes to a temporary file beside PATH and renames
 * it over PATH only at ts_out_close(), so a cron job never publishes half a
 * file; if the program dies first, the temporary file is removed.
 */
#ifndef TS_OUT_H
#define TS_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

typedef struct ts_out {
	char *buf;
	size_t len, cap;
	int fd;
	char *name;     /* for messages; owned */
	char *path;     /* final path for atomic output, else NULL; owned */
	char *tmppath;  /* temporary file for atomic output; owned */
	/*
	 * A rewriting of the bytes before they are written (ts_out_rewrite),
	 * or NULL. It sees the buffer at each flush and returns how many
	 * bytes it consumed; the rest (a line not finished yet) waits for
	 * the next flush. LAST is 1 at close, when everything is consumed.
	 */
	size_t (*rewrite)(struct ts_out *o, const char *p, size_t n, int last);
	void *rewrite_arg;
	void (*rewrite_free)(void *arg);
	int synced;     /* ts_out_sync done: written, closed, not published */
	int failed;     /* the errno of the first failure; 0: none */
	ts_error error; /* what the first failure says (see above) */
} ts_out;

/* Standard output; ignores SIGPIPE so that EPIPE can be handled quietly. */
ts_out *ts_out_stdout(void);

/*
 * Nonzero once a write to O failed (or its reader went away): what is
 * written now is dropped, so a loop may stop; the failure is reported by
 * ts_out_sync/close/finish. O may be NULL (no output): 0.
 */
static inline int
ts_out_failed(const ts_out *o)
{
	return o != NULL && o->failed != 0;
}

/* Pipes between stages are widened to this many bytes where allowed. */
#define TS_PIPE_SIZE (1024 * 1024)
/* Widens FD to TS_PIPE_SIZE when it is a pipe; otherwise does nothing. */
void ts_widen_pipe(int fd);
/*
 * "-" means stdout; a device or FIFO is written in place (renaming over
 * it would replace the node); anything else is written atomically.
 * Returns NULL with E filled ("PATH: reason", TS_EXIT_IO) when the file
 * cannot be made.
 */
ts_out *ts_out_open(const char *path, ts_error *e);
ts_out *ts_out_open_atomic(const char *path, ts_error *e);
/*
 * Like ts_out_open, for files that hold raw identifiers (ingest's rejects):
 * a new file is created 0600, and never wider than the file it replaces.
 * ts_out_open keeps the mode of a file it replaces; a new one follows the
 * umask. SIGINT, SIGTERM and SIGHUP remove the temporary files, leave the
 * old outputs as they were, and end the program by the same signal.
 */
ts_out *ts_out_open_private(const char *path, ts_error *e);
/*
 * Flushes, checks, closes (renaming an atomic file); frees O. Returns 0,
 * or -1 with E filled by O's first failure (then an atomic output is
 * dropped, the old file left as it was). E's status is TS_EXIT_OK, with
 * no message, when the reader went away (EPIPE).
 */
int ts_out_close(ts_out *o, ts_error *e);
/*
 * The first half of ts_out_close: flushes, forces to disk and closes the
 * file, but does not rename it yet; returns 0, or -1 with E filled as by
 * ts_out_close (O is still to be closed or discarded). A command with
 * several outputs syncs them all before it closes (publishes) any, so
 * that a failure while writing one leaves every old file as it was.
 * Renaming is the only step left, one file after another: a failed
 * rename leaves the files renamed before it replaced.
 */
int ts_out_sync(ts_out *o, ts_error *e);
/* Closes o; an atomic output is dropped and the old file stays as it was. */
void ts_out_discard(ts_out *o);
/*
 * Drops o when the run stops before its output means anything: what is
 * still buffered is not written, an atomic output's temporary file is
 * removed (the old file stays as it was), standard output stays open.
 */
void ts_out_abandon(ts_out *o);
/*
 * The run's exit status after an output failed with E: E is printed and
 * its status raised (ts_status_raise) and the run's returned; but when
 * the reader went away (EPIPE) nothing is printed and TS_EXIT_OK is
 * returned, whatever the run met before: "| head" ends it quietly.
 */
int ts_out_failure_status(const ts_error *e);
/*
 * A whole output made before it is opened (a chart, a map): P[0..N) to
 * PATH, finished as by ts_out_finish with the run's STATUS. Returns the
 * run's status: STATUS, or after an output failure as
 * ts_out_failure_status says.
 */
int ts_out_file(const char *path, const void *p, size_t n, int status);
/*
 * Ends a command's output: with STATUS TS_EXIT_IO or worse the atomic
 * output is discarded (an existing file is left exactly as it was) and 0
 * returned, else it is closed and published as by ts_out_close, with the
 * same return.
 */
int ts_out_finish(ts_out *o, int status, ts_error *e);

/*
 * Nonzero when output OUT names the same file as input PATH ("-" is
 * standard input): the same existing regular file, or, when neither
 * exists, the same name once the directory is resolved.
 */
int ts_same_file(const char *out, const char *path);
/*
 * When OUT names one of the NINPUTS INPUTS (none: standard input), prints
 * "OPT OUT: names an input file" and returns 1 (the caller's usage error);
 * else returns 0.
 */
int ts_out_names_input(const char *opt, const char *out,
    char *const *inputs, int ninputs);
void ts_out_flush(ts_out *o);
/*
 * Installs FN as the rewriting of O's bytes (ARG is kept for FN in
 * o->rewrite_arg, and released by FREE_ARG when O is closed or
 * discarded). FN writes its result with ts_out_write_through. Used by
 * csvout.h, so that any writer of records can write CSV instead with
 * no change of its own.
 */
void ts_out_rewrite(ts_out *o,
    size_t (*fn)(ts_out *o, const char *p, size_t n, int last), void *arg,
    void (*free_arg)(void *arg));
/* Writes P[0..n) to O's file now, past the buffer and any rewriting
 * (dropped after a failure). */
void ts_out_write_through(ts_out *o, const void *p, size_t n);

void ts_out_grow(ts_out *o, size_t need);

static inline void
ts_out_write(ts_out *o, const void *p, size_t n)
{
	if (o->cap - o->len < n)
		ts_out_grow(o, n);
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

static inline void
ts_out_putc(ts_out *o, char c)
{
	if (o->len == o->cap)
		ts_out_grow(o, 1);
	o->buf[o->len++] = c;
}

static inline void
ts_out_puts(ts_out *o, const char *s)
{
	ts_out_write(o, s, strlen(s));
}

/*
 * P[0..n) between two Q characters, each Q in it doubled: a CSV field,
 * an SQL identifier ('"') or string literal ('\'').
 */
void ts_out_quoted(ts_out *o, const char *p, size_t n, char q);

/* Decimal integers without stdio or locale. */
void ts_out_u64(ts_out *o, uint64_t v);
void ts_out_i64(ts_out *o, int64_t v);
/* printf-style, for reports and messages (not for per-row paths). */
void ts_out_printf(ts_out *o, const char *fmt, ...) TS_PRINTF(2, 3);

/* Formats v in decimal into buf (at least 21 bytes); returns length. */
size_t ts_fmt_u64(char *buf, uint64_t v);

#endif
