/* util.c - diagnostics, exit, allocation; see util.h. */
#include "util.h"
#include "values.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>

/* Program name for diagnostics: set once at start-up from argv[0]. */
static const char *progname = "telestat";

#define TS_MAX_CLEANUP 16
static struct {
	void (*fn)(void *);
	void *arg;
} cleanup[TS_MAX_CLEANUP];
static int ncleanup;

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
	const char *slash;

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

static void
vwarn_common(int with_errno, int saved, const char *fmt, va_list ap)
{
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

void
ts_exit_at_least(int status)
{
	ts_exit(status > run_status ? status : run_status);
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

void
ts_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn_common(0, 0, fmt, ap);
	va_end(ap);
	ts_exit(status);
}

void
ts_die_errno(int status, const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	va_start(ap, fmt);
	vwarn_common(1, saved, fmt, ap);
	va_end(ap);
	ts_exit(status);
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
ts_error_exit(const ts_error *e, void (*usage)(FILE *))
{
	ts_warn_lines(e->msg);
	if (e->usage && usage != NULL)
		usage(stderr);
	ts_exit(e->status);
}

void
ts_option_end(int ch, int help_code, int version_code, void (*help)(void),
    void (*usage)(FILE *))
{
	if (ch == 'h' || ch == help_code) {
		help();
		exit(ts_stdout_status());
	}
	if (ch == version_code) {
		ts_print_version();
		exit(ts_stdout_status());
	}
	usage(stderr);
	exit(TS_EXIT_USAGE);
}

void
ts_cleanup_push(void (*fn)(void *), void *arg)
{
	if (ncleanup == TS_MAX_CLEANUP)
		ts_die(TS_EXIT_IO, "too many clean-up hooks");
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

static _Noreturn void
oom(size_t n)
{
	ts_die(TS_EXIT_IO, "out of memory allocating %zu bytes", n);
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
		ts_die(TS_EXIT_IO, "allocation size overflow");
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

long long
ts_parse_count_option(const char *opt, const char *value)
{
	uint64_t v;

	if (ts_num_parse(value, strlen(value), 0, LLONG_MAX, &v) != NULL)
		ts_die(TS_EXIT_USAGE,
		    "%s: expected a non-negative integer, got \"%s\"", opt, value);
	return (long long)v;
}

_Noreturn void
ts_usage_error(void (*usage)(FILE *), const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", ts_progname());
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	usage(stderr);
	ts_exit(TS_EXIT_USAGE);
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
		ts_die(TS_EXIT_IO, "formatting error");
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
