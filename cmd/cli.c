/* cli.c - how a command stops; see cli.h. */
#include "cli.h"

#include <limits.h>
#include <stdlib.h>

#include "values.h"

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
