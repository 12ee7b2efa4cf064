/*
 * progress.h - a progress line on the terminal for long runs: rows read,
 * rows per second and, when the input is a regular file, bytes read of
 * its size, redrawn in place on standard error at most four times a
 * second and cleared at the end.
 *
 * It is shown only when standard error is a terminal and the user did not
 * ask for quiet (-q): pipes, files and cron jobs see nothing. It starts
 * after the first second (TELESTAT_PROGRESS_AFTER=SECONDS: after that,
 * for tests), so short runs never flash it, and a warning
 * printed meanwhile (ts_warn) clears it first, so the two never share a
 * line.
 *
 * Cost in the reading loop: one counter compare per row. The caller keeps
 * its row count and calls ts_progress_tick() only when the count reaches
 * the threshold the previous call returned; the clock is read there, a
 * few dozen times a second at most, never per row.
 */
#ifndef TS_PROGRESS_H
#define TS_PROGRESS_H

#include <stdint.h>

#include "input.h"

typedef struct ts_progress ts_progress;

/* The threshold of a run without progress: never reached. */
#define TS_PROGRESS_OFF UINT64_MAX

/*
 * A progress line for the running program, or NULL (nothing to do) when
 * QUIET or standard error is not a terminal. Every function below takes
 * NULL and then does nothing.
 */
ts_progress *ts_progress_new(int quiet);

/*
 * A new input begins: IN (NULL when not known) gives the bytes read and,
 * for a regular file, its size. Rows count on from the previous inputs.
 * Returns the first row count at which to call ts_progress_tick
 * (TS_PROGRESS_OFF when P is NULL).
 */
uint64_t ts_progress_input(ts_progress *p, const ts_input *in);

/*
 * ROWS rows of the current input are read: redraws the line when it is
 * due. Returns the next row count at which to call again.
 */
uint64_t ts_progress_tick(ts_progress *p, uint64_t rows);

/*
 * Clears the line (when drawn) before the program writes to the terminal
 * itself (validate's verdicts); the next tick draws it again.
 */
void ts_progress_clear(ts_progress *p);

/* Clears the line (when drawn) and frees P. */
void ts_progress_end(ts_progress *p);

#endif
