/*
 * Unit tests: how output failures are reported. --help and --version
 * text that cannot be written (ts_stdout_status) names the reason at
 * any length.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../tap.h"
#include "util.h"

/*
 * Runs FN in a child whose standard output is /dev/full and whose
 * standard error goes to ERR (ERRLEN bytes, NUL-terminated); returns its
 * exit status, or -1.
 */
static int
run_on_full(int (*fn)(void), char *err, size_t errlen)
{
	int p[2], status;
	ssize_t n;
	size_t got = 0;
	pid_t pid;

	fflush(stdout);
	if (pipe(p) != 0)
		return -1;
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		int full = open("/dev/full", O_WRONLY);
		if (full < 0 || dup2(full, STDOUT_FILENO) < 0 ||
		    dup2(p[1], STDERR_FILENO) < 0)
			_exit(99);
		close(p[0]);
		_exit(fn());
	}
	close(p[1]);
	while (got + 1 < errlen &&
	    (n = read(p[0], err + got, errlen - 1 - got)) > 0)
		got += (size_t)n;
	err[got] = '\0';
	close(p[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Help text of N bytes, as a command prints it: stdio, then the check. */
static size_t help_bytes;

static int
print_help(void)
{
	size_t i;

	ts_set_progname("telestat-unit");
	for (i = 0; i < help_bytes; i++)
		putchar(i % 64 == 63 ? '\n' : 'x');
	return ts_stdout_status();
}

static void
test_stdout_status(void)
{
	/* 4 097 bytes is where stdio alone forgets why its write failed. */
	static const size_t sizes[] = { 100, 4069, 4096, 4097, 8194, 20000 };
	char err[512], name[64];
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		help_bytes = sizes[i];
		snprintf(name, sizeof(name), "%zu bytes of help on a full disk",
		    sizes[i]);
		is_int(run_on_full(print_help, err, sizeof(err)), TS_EXIT_IO, name);
		is_str(err, "telestat-unit: standard output: No space left on "
		    "device\n", "  the message gives the reason");
	}
}

int
main(void)
{
	test_stdout_status();
	return done_testing();
}
