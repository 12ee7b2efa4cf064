/*
 * util.h - exit statuses, diagnostics, allocation wrappers and clean-up
 * hooks shared by every telestat command.
 *
 * Diagnostics go to stderr prefixed with the program name set by
 * ts_set_progname() ("telestat-ingest: ..."). The x* allocators never
 * return NULL: they print a message and exit with TS_EXIT_IO.
 */
#ifndef TS_UTIL_H
#define TS_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TS_VERSION "0.1.0"

/* Exit statuses, documented in every man page's EXIT STATUS section. */
enum ts_exit {
	TS_EXIT_OK = 0,     /* success */
	TS_EXIT_DATA = 1,   /* data problems: rejected rows, failed validation */
	TS_EXIT_USAGE = 2,  /* bad command line, bad rules or profile file */
	TS_EXIT_IO = 3,     /* I/O or system error */
	TS_EXIT_DEP = 4     /* missing run-time dependency (e.g. gnuplot) */
};

#if defined(__GNUC__)
#define TS_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TS_PRINTF(a, b)
#endif

/*
 * The exit status of the run, raised in one place as problems are met
 * (never lowered): every verb's status is the worst thing that happened.
 */
void ts_status_raise(int status);
int ts_status(void);

/*
 * Opening a file the operator names (a rules file, a profile, a key) can
 * fail because the name is wrong (no such file, a directory, no
 * permission): the command line's fault, TS_EXIT_USAGE, as the man pages
 * say. Any other failure (EIO, EMFILE, ENOMEM) is the system's:
 * TS_EXIT_IO. ts_errno_names_bad_file says which; ts_open_status turns it
 * into the exit status.
 */
int ts_errno_names_bad_file(int err);
int ts_open_status(int err);

/*
 * Sets the name used in diagnostics: the basename of argv0. Called first
 * by every command: it also gives standard output one 64 KiB stdio buffer
 * (see ts_stdout_status).
 */
void ts_set_progname(const char *argv0);
const char *ts_progname(void);

/* "PROG: message\n" on stderr. */
void ts_warn(const char *fmt, ...) TS_PRINTF(1, 2);
/* "PROG: message: strerror(errno)\n" on stderr; errno is kept. */
void ts_warn_errno(const char *fmt, ...) TS_PRINTF(1, 2);
/*
 * Exits with status after running the clean-up hooks, printing nothing:
 * for commands (cmd/cli.h has ts_die and ts_error_exit), and for the one
 * abort path of the library, ts_out_of_memory.
 */
_Noreturn void ts_exit(int status);
/*
 * The library's one error convention (as SQLite's rc plus message on the
 * handle): a function that can fail returns NULL or -1 and fills the
 * ts_error its caller gave: the message, without the program name, and
 * the exit status it calls for. The command decides what to do with it:
 * print it and stop (ts_error_exit, in cmd/cli.h), or print it and go
 * on. Library code never exits, with one documented exception: running
 * out of memory (ts_out_of_memory below).
 */
typedef struct ts_error {
	int status;             /* enum ts_exit; TS_EXIT_OK: no error */
	int usage;              /* a command-line error: the usage lines
	                           follow the message */
	char msg[1024];
} ts_error;

/* Fills E (may be NULL) with STATUS and the message; returns -1. */
int ts_error_set(ts_error *e, int status, const char *fmt, ...)
    TS_PRINTF(3, 4);
/* "PROG: MSG" on stderr (each line of MSG its own); returns E's status. */
int ts_error_warn(const ts_error *e);
/*
 * FN (or NULL: none) is called before every message printed by the
 * functions above, to clear what stands on the terminal's line (the
 * progress line of progress.h).
 */
void ts_set_warn_hook(void (*fn)(void));
/* Prints MSG, which may span lines, each line as its own diagnostic. */
void ts_warn_lines(const char *msg);

/*
 * Clean-up hooks run by ts_exit() (most recent first), used to remove
 * temporary files so that a failed run never leaves half a file.
 * ts_cleanup_pop removes a hook registered with the same arguments.
 */
void ts_cleanup_push(void (*fn)(void *), void *arg);
void ts_cleanup_pop(void (*fn)(void *), void *arg);

/*
 * The one abort path of the library: memory ran out (an allocation, or a
 * library such as cJSON or PCRE2 that could not allocate). Prints
 * "PROG: message", runs the clean-up hooks and exits with TS_EXIT_IO, as
 * no caller could do better. The x* allocators below end here.
 */
_Noreturn void ts_out_of_memory(const char *fmt, ...) TS_PRINTF(1, 2);

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
/* A new string formatted as by printf (ts_out_of_memory on failure). */
char *xasprintf(const char *fmt, ...) TS_PRINTF(1, 2);
char *xstrndup(const char *s, size_t n);

/* Prints "telestat VERSION" for --version. */
void ts_print_version(void);
/*
 * Flushes standard output once --help or --version text is written and
 * returns the exit status: TS_EXIT_OK, or TS_EXIT_IO after a message
 * with the reason when it could not be written (a full disk, /dev/full).
 * Text up to the 64 KiB buffer leaves in one write here, so the reason
 * is known; past it, stdio may have lost it ("write error").
 */
int ts_stdout_status(void);

#endif
