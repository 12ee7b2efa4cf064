/* util.c - diagnostics, exit, allocation; see util.h. */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>

/* Program name for diagnostics: set once at start-up from argv[0]. */
static const char *progname = "telestat";

/* The clean-up hooks, most recent last; grown as hooks are pushed. */
static struct cleanup {
	void (*fn)(void *);
	void *arg;
} *cleanup;
static int ncleanup, cleanup_cap;

static int run_status = TS_EXIT_OK;

void
ts_status_raise(int status)
{
	if (status > run_status)
		run_status = status;
}

int
ts_status(void)
{
	return run_status;
}

void
ts_set_progname(const char *argv0)
{
	/*
	 * Standard output's stdio stream carries only --help and --version
	 * text. One buffer larger than any of it means the text leaves in
	 * one write, at ts_stdout_status, where the reason of a failure is
	 * still in errno (stdio forgets it when a write fails inside a
	 * printf). setvbuf must come before any output on the stream.
	 */
	static char stdout_buf[64 * 1024];
	static int buffered;
	const char *slash;

	if (!buffered) {
		(void)setvbuf(stdout, stdout_buf, _IOFBF, sizeof(stdout_buf));
		buffered = 1;
	}

	if (argv0 == NULL || *argv0 == '\0')
		return;
	slash = strrchr(argv0, '/');
	progname = slash ? slash + 1 : argv0;
}

const char *
ts_progname(void)
{
	return progname;
}

/* Called before a message is printed (the progress line clears itself). */
static void (*warn_hook)(void);

void
ts_set_warn_hook(void (*fn)(void))
{
	warn_hook = fn;
}

static void
vwarn_common(int with_errno, int saved, const char *fmt, va_list ap)
{
	if (warn_hook != NULL)
		warn_hook();
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	if (with_errno)
		fprintf(stderr, ": %s", strerror(saved));
	fputc('\n', stderr);
}

void
ts_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_common(0, 0, fmt, ap);
	va_end(ap);
}

void
ts_warn_errno(const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	va_start(ap, fmt);
	vwarn_common(1, saved, fmt, ap);
	va_end(ap);
	errno = saved;  /* the caller may still need to tell why */
}

int
ts_errno_names_bad_file(int err)
{
	switch (err) {
	case ENOENT: case ENOTDIR: case EACCES: case EPERM: case EISDIR:
	case ELOOP: case ENAMETOOLONG: case ENXIO:
		return 1;
	default:
		return 0;
	}
}

int
ts_open_status(int err)
{
	return ts_errno_names_bad_file(err) ? TS_EXIT_USAGE : TS_EXIT_IO;
}

static void
run_cleanup(void)
{
	while (ncleanup > 0) {
		ncleanup--;
		cleanup[ncleanup].fn(cleanup[ncleanup].arg);
	}
}

void
ts_exit(int status)
{
	run_cleanup();
	exit(status);
}

int
ts_error_set(ts_error *e, int status, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	e->status = status;
	e->usage = 0;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int
ts_error_warn(const ts_error *e)
{
	ts_warn_lines(e->msg);
	return e->status;
}

void
ts_cleanup_push(void (*fn)(void *), void *arg)
{
	if (ncleanup == cleanup_cap) {
		cleanup_cap = cleanup_cap ? cleanup_cap * 2 : 16;
		cleanup = xreallocarray(cleanup, (size_t)cleanup_cap,
		    sizeof(cleanup[0]));
	}
	cleanup[ncleanup].fn = fn;
	cleanup[ncleanup].arg = arg;
	ncleanup++;
}

void
ts_cleanup_pop(void (*fn)(void *), void *arg)
{
	int i;

	for (i = ncleanup - 1; i >= 0; i--) {
		if (cleanup[i].fn == fn && cleanup[i].arg == arg) {
			memmove(&cleanup[i], &cleanup[i + 1],
			    (size_t)(ncleanup - i - 1) * sizeof(cleanup[0]));
			ncleanup--;
			return;
		}
	}
}

void
ts_out_of_memory(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_common(0, 0, fmt, ap);
	va_end(ap);
	ts_exit(TS_EXIT_IO);
}

static _Noreturn void
oom(size_t n)
{
	ts_out_of_memory("out of memory allocating %zu bytes", n);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		oom(nmemb * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom(n);
	return q;
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		ts_out_of_memory("allocation size overflow");
	return xrealloc(p, nmemb * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
ts_print_version(void)
{
	printf("telestat %s\n", TS_VERSION);
}

int
ts_stdout_status(void)
{
	if (fflush(stdout) != 0) {
		ts_warn_errno("standard output");
		return TS_EXIT_IO;
	}
	if (ferror(stdout)) {
		ts_warn("standard output: write error");
		return TS_EXIT_IO;
	}
	return TS_EXIT_OK;
}

void
ts_warn_lines(const char *msg)
{
	while (msg != NULL && *msg != '\0') {
		const char *nl = strchr(msg, '\n');
		int n = nl ? (int)(nl - msg) : (int)strlen(msg);
		ts_warn("%.*s", n, msg);
		msg = nl ? nl + 1 : NULL;
	}
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		ts_out_of_memory("formatting error");
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
