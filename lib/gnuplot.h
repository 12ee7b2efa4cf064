/*
 * gnuplot.h - runs gnuplot(1) as a child process.
 *
 * telestat draws its charts with gnuplot, a run-time dependency that is
 * executed, never linked. The driver writes a complete script (commands
 * and inline `$data << EOD` datablocks) to gnuplot's standard input and
 * collects its standard output (the image: no `set output` is used) and
 * its standard error, all through pipes. No shell is involved, so no
 * byte of the data is ever interpreted by one.
 *
 * gnuplot is run as "gnuplot -d" (-d: ignore ~/.gnuplot and the system
 * gnuplotrc, so a user's settings cannot change the output), found as:
 *   1. $TELESTAT_GNUPLOT when set and not empty: a path, or a program
 *      name looked up on PATH;
 *   2. otherwise "gnuplot" looked up on PATH.
 * It runs in the caller's environment with LC_ALL=C.UTF-8 (the script
 * is UTF-8; the locale must not change the output).
 */
#ifndef TS_GNUPLOT_H
#define TS_GNUPLOT_H

#include <stddef.h>

/* What to tell users who lack gnuplot. */
#define TS_GNUPLOT_INSTALL "install gnuplot (apt-get install gnuplot-nox)"

/*
 * Returns the path of the gnuplot program to run, as a string the caller
 * frees, or NULL when none is found; then *err (caller frees) holds a
 * one-line message that says what was looked for and what to install.
 */
char *ts_gnuplot_find(char **err);

/*
 * Runs gnuplot on SCRIPT (LEN bytes). Returns:
 *   0            gnuplot exited with status 0: *out (caller frees, may
 *                hold 0 bytes, followed by a NUL byte not counted in
 *                *outlen) and *outlen are its standard output; *err
 *                is NULL, or (caller frees) the warnings gnuplot printed
 *                on standard error, NUL-terminated, without a final
 *                newline;
 *   TS_EXIT_DEP  gnuplot could not be found or executed: *out is NULL,
 *                *err (caller frees) is a one-line message naming what to
 *                install;
 *   TS_EXIT_IO   gnuplot failed (non-zero exit, killed by a signal) or a
 *                pipe could not be set up: *out is NULL, *err (caller
 *                frees) is "gnuplot failed (...)" followed, one per
 *                line, by what gnuplot wrote on standard error.
 * SIGPIPE is ignored while the child runs (a gnuplot that exits early
 * must not kill the caller) and restored afterwards.
 */
int ts_gnuplot_run(const char *script, size_t len, char **out, size_t *outlen,
    char **err);

#endif
