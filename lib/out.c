/* out.c - buffered checked output; see out.h. */
#define _GNU_SOURCE     /* F_SETPIPE_SZ */
#include "out.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUT_BUFSIZE (256 * 1024)

static ts_out *
out_new(int fd, const char *name)
{
	ts_out *o = xcalloc(1, sizeof(*o));

	o->cap = OUT_BUFSIZE;
	o->buf = xmalloc(o->cap);
	o->fd = fd;
	o->name = xstrdup(name);
	return o;
}

void
ts_widen_pipe(int fd)
{
#ifdef F_SETPIPE_SZ
	struct stat st;

	/*
	 * Between two stages, a 1 MiB pipe instead of 64 KiB means a sixteenth
	 * of the wake-ups; those cost more CPU than the copying on a virtual
	 * machine. Where the size is not allowed, nothing changes.
	 */
	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode))
		(void)fcntl(fd, F_SETPIPE_SZ, TS_PIPE_SIZE);
#else
	(void)fd;
#endif
}

ts_out *
ts_out_stdout(void)
{
	/* A closed pipe must end the program quietly with status 0. */
	signal(SIGPIPE, SIG_IGN);
	ts_widen_pipe(STDOUT_FILENO);
	return out_new(STDOUT_FILENO, "standard output");
}

static void
remove_tmp(void *arg)
{
	ts_out *o = arg;

	if (o->tmppath != NULL)
		unlink(o->tmppath);
}

ts_out *
ts_out_open_atomic(const char *path)
{
	ts_out *o;
	size_t n = strlen(path);
	char *tmp = xmalloc(n + 16);
	int fd;

	memcpy(tmp, path, n);
	memcpy(tmp + n, ".tmp.XXXXXX", 12);
	fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		ts_die_errno(TS_EXIT_IO, "%s", path);
	}
	/* mkstemp creates 0600; published files follow the umask. */
	{
		mode_t um = umask(0);
		umask(um);
		(void)fchmod(fd, 0666 & ~um);
	}
	o = out_new(fd, path);
	o->path = xstrdup(path);
	o->tmppath = tmp;
	ts_cleanup_push(remove_tmp, o);
	return o;
}

ts_out *
ts_out_open(const char *path)
{
	struct stat st;

	if (path == NULL || strcmp(path, "-") == 0)
		return ts_out_stdout();
	/*
	 * A device or FIFO (-o /dev/stdout, /dev/full, a named pipe) is
	 * written in place: renaming a temporary file over it would replace
	 * the device node itself when running as root.
	 */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		int fd = open(path, O_WRONLY);
		if (fd < 0)
			ts_die_errno(TS_EXIT_IO, "%s", path);
		signal(SIGPIPE, SIG_IGN);
		return out_new(fd, path);
	}
	return ts_out_open_atomic(path);
}

static _Noreturn void
write_failed(ts_out *o, int err)
{
	if (err == EPIPE)
		ts_exit(TS_EXIT_OK);
	errno = err;
	ts_die_errno(TS_EXIT_IO, "%s", o->name);
}

void
ts_out_flush(ts_out *o)
{
	size_t off = 0;

	while (off < o->len) {
		ssize_t w = write(o->fd, o->buf + off, o->len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			write_failed(o, errno);
		}
		off += (size_t)w;
	}
	o->len = 0;
}

void
ts_out_grow(ts_out *o, size_t need)
{
	ts_out_flush(o);
	if (need > o->cap) {
		o->cap = need;
		o->buf = xrealloc(o->buf, o->cap);
	}
}

void
ts_out_close(ts_out *o)
{
	ts_out_flush(o);
	if (o->tmppath != NULL) {
		if (fsync(o->fd) != 0 && errno != EINVAL)
			write_failed(o, errno);
		if (close(o->fd) != 0)
			write_failed(o, errno);
		if (rename(o->tmppath, o->path) != 0)
			ts_die_errno(TS_EXIT_IO, "rename %s to %s", o->tmppath, o->path);
		ts_cleanup_pop(remove_tmp, o);
	} else if (o->fd == STDOUT_FILENO) {
		/* Catch errors that only show at close, e.g. on NFS. */
		if (close(o->fd) != 0 && errno != EBADF)
			write_failed(o, errno);
	} else if (close(o->fd) != 0) {
		write_failed(o, errno);
	}
	free(o->buf);
	free(o->name);
	free(o->path);
	free(o->tmppath);
	free(o);
}

size_t
ts_fmt_u64(char *buf, uint64_t v)
{
	char tmp[21];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}

void
ts_out_u64(ts_out *o, uint64_t v)
{
	char tmp[21];

	ts_out_write(o, tmp, ts_fmt_u64(tmp, v));
}

void
ts_out_i64(ts_out *o, int64_t v)
{
	if (v < 0) {
		ts_out_putc(o, '-');
		ts_out_u64(o, (uint64_t)0 - (uint64_t)v);
	} else {
		ts_out_u64(o, (uint64_t)v);
	}
}

void
ts_out_printf(ts_out *o, const char *fmt, ...)
{
	va_list ap;
	char small[512];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		ts_die(TS_EXIT_IO, "formatting error");
	if ((size_t)n < sizeof(small)) {
		ts_out_write(o, small, (size_t)n);
		return;
	}
	{
		char *big = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		ts_out_write(o, big, (size_t)n);
		free(big);
	}
}
