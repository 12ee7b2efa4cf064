/*
 * Unit tests: how output failures are reported. A ts_out keeps its first
 * failure (sticky) and hands it over at close as a ts_error; the reader
 * going away is no error. --help and --version text that cannot be
 * written (ts_stdout_status) names the reason at any length.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../tap.h"
#include "csvout.h"
#include "out.h"
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

/* More than the buffer holds, so that writes happen before the close. */
static void
write_lots(ts_out *o)
{
	size_t i;

	for (i = 0; i < 40000; i++)
		ts_out_puts(o, "a line of a table\n");
}

static void
test_full_disk(void)
{
	ts_error e;
	ts_out *o = ts_out_open("/dev/full", &e);

	ok(o != NULL, "/dev/full opens (written in place)");
	if (o == NULL)
		return;
	ok(!ts_out_failed(o), "  no failure before a write");
	write_lots(o);
	ok(ts_out_failed(o), "  a failed write is kept (the loop can stop)");
	ts_out_puts(o, "more");
	is_int(ts_out_close(o, &e), -1, "  close reports it");
	is_int(e.status, TS_EXIT_IO, "  as an I/O error");
	is_str(e.msg, "/dev/full: No space left on device",
	    "  naming the file and the first reason");
}

/*
 * CSV output rewrites the buffer as it is flushed. A write that fails
 * inside the rewriting drops the buffer; the flush must then not move
 * the bytes the rewriting used, which are gone (a negative length before:
 * filter --csv | head -c 3 crashed under ASan).
 */
static void
test_full_disk_csv(void)
{
	ts_error e;
	ts_out *o = ts_out_open("/dev/full", &e);

	ok(o != NULL, "/dev/full opens for CSV");
	if (o == NULL)
		return;
	ts_out_csv(o, 0);
	ts_out_puts(o, "a\tb\n1\t2\n3\t4\n");
	is_int(ts_out_close(o, &e), -1, "  close reports the failed CSV write");
	is_str(e.msg, "/dev/full: No space left on device",
	    "  naming the file and the reason");
}

static void
test_reader_gone(void)
{
	char path[64];
	int p[2];
	ts_error e;
	ts_out *o;

	if (pipe(p) != 0) {
		ok(0, "pipe");
		return;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[1]);
	o = ts_out_open(path, &e);
	close(p[1]);
	close(p[0]);            /* the reader went away, as "| head -1" */
	ok(o != NULL, "a pipe opens");
	if (o == NULL)
		return;
	write_lots(o);
	ok(ts_out_failed(o), "  EPIPE stops the writing");
	is_int(ts_out_close(o, &e), -1, "  close says the output ended");
	is_int(e.status, TS_EXIT_OK, "  but it is no error");
	is_str(e.msg, "", "  and there is nothing to say");
	is_int(ts_out_failure_status(&e), TS_EXIT_OK, "  the run ends with 0");
}

static void
test_open_fails(void)
{
	ts_error e;

	ok(ts_out_open("/nonexistent-dir/out.tsv", &e) == NULL,
	    "an output in a missing directory is not opened");
	is_int(e.status, TS_EXIT_IO, "  an I/O error");
	is_str(e.msg, "/nonexistent-dir/out.tsv: No such file or directory",
	    "  with the name and the reason");
	ok(ts_out_open("/tmp", &e) == NULL, "a directory is not an output");
	is_str(e.msg, "/tmp: Is a directory", "  saying so");
}

/* A failed open leaves no clean-up hook behind: exiting runs none on a
 * freed handle (the sanitizer build would stop the child). */
static int
open_fail_then_exit(void)
{
	ts_error e;

	if (ts_out_open("/nonexistent-dir/out.tsv", &e) != NULL)
		return 1;
	ts_exit(TS_EXIT_OK);
}

static void
test_open_fail_exit(void)
{
	char err[512];

	is_int(run_on_full(open_fail_then_exit, err, sizeof(err)), 0,
	    "exiting after a failed open runs no stale clean-up");
	is_str(err, "", "  and says nothing");
}

static void
test_atomic_kept_on_failure(void)
{
	char dir[] = "/tmp/telestat-out.XXXXXX", path[64], buf[8] = "";
	ts_error e;
	ts_out *o;
	FILE *fp;

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/out.tsv", dir);
	fp = fopen(path, "w");
	fputs("old\n", fp);
	fclose(fp);
	o = ts_out_open(path, &e);
	ok(o != NULL, "an existing file is replaced atomically");
	if (o == NULL)
		return;
	ts_out_puts(o, "new\n");
	ts_out_finish(o, TS_EXIT_IO, &e);
	fp = fopen(path, "r");
	ok(fp != NULL && fgets(buf, sizeof(buf), fp) != NULL, "  it is still there");
	is_str(buf, "old\n", "  a failed run (status 3) leaves it as it was");
	if (fp != NULL)
		fclose(fp);
	o = ts_out_open(path, &e);
	ts_out_puts(o, "new\n");
	is_int(ts_out_finish(o, TS_EXIT_DATA, &e), 0, "  a run with data problems");
	fp = fopen(path, "r");
	buf[0] = '\0';
	if (fp != NULL) {
		if (fgets(buf, sizeof(buf), fp) == NULL)
			buf[0] = '\0';
		fclose(fp);
	}
	is_str(buf, "new\n", "  publishes its output");
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	test_full_disk();
	test_full_disk_csv();
	test_reader_gone();
	test_open_fails();
	test_open_fail_exit();
	test_atomic_kept_on_failure();
	test_stdout_status();
	return done_testing();
}
