/*
 * cli.h - what only a command does: stop the program on a usage error
 * or a library error. The library reports its errors on a ts_error
 * (util.h); a command prints them and exits with these.
 * Linked into every telestat-VERB program (cmd/cli.c), not into the
 * library.
 */
#ifndef TS_CLI_H
#define TS_CLI_H

#include <stdio.h>

#include "util.h"

/* Runs the clean-up hooks, prints "PROG: message", exits with STATUS. */
_Noreturn void ts_die(int status, const char *fmt, ...) TS_PRINTF(2, 3);
/* The same, with ": strerror(errno)" after the message. */
_Noreturn void ts_die_errno(int status, const char *fmt, ...)
    TS_PRINTF(2, 3);
/* ts_exit with STATUS, or the run's status (ts_status) when worse. */
_Noreturn void ts_exit_at_least(int status);

/*
 * A usage error: "PROG: " then FMT with ARG (one %s), the command's
 * usage lines (USAGE(stderr)), and exit status TS_EXIT_USAGE.
 */
_Noreturn void ts_usage_error(void (*usage)(FILE *), const char *fmt,
    const char *arg);

/*
 * Prints E, then the usage lines (USAGE(stderr)) for a command-line
 * error, and exits with E's status.
 */
_Noreturn void ts_error_exit(const ts_error *e, void (*usage)(FILE *));

/*
 * The last case of a command's option switch: CH is -h or HELP_CODE
 * (--help), VERSION_CODE (--version), or an option getopt refused. Prints
 * the help, the version or the usage lines, and exits (0, or 2).
 */
_Noreturn void ts_option_end(int ch, int help_code, int version_code,
    void (*help)(void), void (*usage)(FILE *));

/*
 * Parses a non-negative decimal integer option value; dies with
 * TS_EXIT_USAGE naming the option on anything else.
 */
long long ts_parse_count_option(const char *opt, const char *value);

#endif
