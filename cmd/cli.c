/* cli.c - how a command stops; see cli.h. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "values.h"

void
ts_die(int status, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ts_warn("%s", msg);
	ts_exit(status);
}

void
ts_die_errno(int status, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	int saved = errno;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ts_warn("%s: %s", msg, strerror(saved));
	ts_exit(status);
}

void
ts_exit_at_least(int status)
{
	ts_exit(status > ts_status() ? status : ts_status());
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
