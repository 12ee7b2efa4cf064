/* out.c - buffered checked output; see out.h. */
#define _GNU_SOURCE     /* F_SETPIPE_SZ */
#include "out.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUT_BUFSIZE (256 * 1024)

static void out_free(ts_out *o);

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

/*
 * Temporary files that a signal must remove. The handler reads this table,
 * so it is changed only with the caught signals blocked.
 */
#define MAX_TMP 8
static const char *volatile tmp_files[MAX_TMP];
static const int caught[] = { SIGINT, SIGTERM, SIGHUP };

static void
block_signals(sigset_t *old)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < sizeof(caught) / sizeof(caught[0]); i++)
		sigaddset(&set, caught[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

/*
 * SIGINT, SIGTERM, SIGHUP: remove the temporary outputs (the old files
 * stay as they were), then die of the same signal, so that the shell sees
 * status 128+signal. Only async-signal-safe calls.
 */
static void
on_signal(int sig)
{
	size_t i;

	for (i = 0; i < MAX_TMP; i++)
		if (tmp_files[i] != NULL)
			unlink(tmp_files[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
install_handlers(void)
{
	static int installed;
	size_t i;

	if (installed)
		return;
	installed = 1;
	for (i = 0; i < sizeof(caught) / sizeof(caught[0]); i++) {
		struct sigaction sa, prev;
		/* A signal ignored on entry (nohup, background job) stays so. */
		if (sigaction(caught[i], NULL, &prev) == 0 &&
		    prev.sa_handler == SIG_IGN)
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		(void)sigaction(caught[i], &sa, NULL);
	}
}

/* A free entry of tmp_files, for a temporary file about to be created;
 * MAX_TMP when there is none. */
static size_t
tmp_slot(void)
{
	size_t i;

	install_handlers();
	for (i = 0; i < MAX_TMP; i++)
		if (tmp_files[i] == NULL)
			return i;
	return MAX_TMP;
}

/* The signal handler no longer removes PATH (renamed or removed). */
static void
untrack_tmp(const char *path)
{
	sigset_t old;
	size_t i;

	block_signals(&old);
	for (i = 0; i < MAX_TMP; i++)
		if (tmp_files[i] == path)
			tmp_files[i] = NULL;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void
remove_tmp(void *arg)
{
	ts_out *o = arg;

	if (o->tmppath != NULL) {
		unlink(o->tmppath);
		untrack_tmp(o->tmppath);
	}
}

/*
 * The temporary name: PATH.tmp.XXXXXX, with the last component shortened
 * when that would pass NAME_MAX, so any name the file system takes works.
 */
static char *
tmp_name(const char *path)
{
	static const char suffix[] = ".tmp.XXXXXX";
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	size_t base = strlen(path) - dirlen;
	char *tmp;

	if (base + sizeof(suffix) - 1 > NAME_MAX)
		base = NAME_MAX - (sizeof(suffix) - 1);
	tmp = xmalloc(dirlen + base + sizeof(suffix));
	memcpy(tmp, path, dirlen + base);
	memcpy(tmp + dirlen + base, suffix, sizeof(suffix));
	return tmp;
}

/*
 * Keeps O's first failure, ERR (an errno) met on the file WHAT: later
 * writes are dropped, and the buffer is not written. EPIPE (the reader
 * went away) is kept as no error: status TS_EXIT_OK, no message.
 */
static void
fail(ts_out *o, int err, const char *what)
{
	if (o->failed)
		return;
	o->failed = err;
	if (err == EPIPE) {
		o->error.status = TS_EXIT_OK;
		o->error.usage = 0;
		o->error.msg[0] = '\0';
	} else {
		ts_error_set(&o->error, TS_EXIT_IO, "%s: %s", what,
		    strerror(err));
	}
	o->len = 0;
}

/* -1, with E (may be NULL) filled by O's failure. */
static int
failure(const ts_out *o, ts_error *e)
{
	if (e != NULL)
		*e = o->error;
	return -1;
}

/* Frees O without writing what is buffered: a temporary file is
 * removed (the old file stays), standard output stays open. */
static void
drop(ts_out *o)
{
	if (o->tmppath != NULL) {
		if (o->fd >= 0)
			(void)close(o->fd);
		remove_tmp(o);
	} else if (o->fd != STDOUT_FILENO && o->fd >= 0) {
		(void)close(o->fd);
	}
	/*
	 * An atomic output registers its clean-up before its temporary file
	 * exists, so a failed mkstemp leaves it registered with no tmppath:
	 * unregister whenever O goes, or the exit path reads freed memory.
	 */
	ts_cleanup_pop(remove_tmp, o);
	out_free(o);
}

/* NULL, with E filled: "PATH: reason" (ERR, an errno). */
static ts_out *
open_failed(const char *path, int err, ts_error *e)
{
	ts_error_set(e, TS_EXIT_IO, "%s: %s", path, strerror(err));
	return NULL;
}

static ts_out *
open_atomic(const char *path, int private, ts_error *e)
{
	ts_out *o;
	struct stat st;
	sigset_t old;
	char *tmp;
	mode_t mode;
	size_t slot;
	int fd;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return open_failed(path, EISDIR, e);
	/*
	 * Everything that can fail (allocations, the clean-up hook) comes
	 * before the temporary file exists, and its removal is registered
	 * before anything else can fail: no failure leaves it behind.
	 */
	o = out_new(-1, path);
	o->path = xstrdup(path);
	tmp = tmp_name(path);
	ts_cleanup_push(remove_tmp, o);
	if ((slot = tmp_slot()) == MAX_TMP) {
		free(tmp);
		drop(o);
		ts_error_set(e, TS_EXIT_IO, "%s: too many output files", path);
		return NULL;
	}
	/* Created and known to the signal handler in one step. */
	block_signals(&old);
	fd = mkstemp(tmp);
	if (fd >= 0) {
		o->tmppath = tmp;
		tmp_files[slot] = tmp;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		int err = errno;
		free(tmp);
		drop(o);
		return open_failed(path, err, e);
	}
	o->fd = fd;
	/*
	 * mkstemp creates 0600. A file that replaces another keeps its mode
	 * (an operator's chmod 600 stays); a new one follows the umask. A
	 * private file is never wider than 0600 nor than the file it replaces.
	 */
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		mode = st.st_mode & 0777;
	} else {
		mode_t um = umask(0);
		umask(um);
		mode = 0666 & ~um;
	}
	if (private)
		mode &= 0600;
	if (mode != 0600 && fchmod(fd, mode) != 0) {
		int err = errno;
		drop(o);
		return open_failed(path, err, e);
	}
	return o;
}

ts_out *
ts_out_open_atomic(const char *path, ts_error *e)
{
	return open_atomic(path, 0, e);
}

static ts_out *
open_path(const char *path, int private, ts_error *e)
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
			return open_failed(path, errno, e);
		signal(SIGPIPE, SIG_IGN);
		return out_new(fd, path);
	}
	return open_atomic(path, private, e);
}

ts_out *
ts_out_open(const char *path, ts_error *e)
{
	return open_path(path, 0, e);
}

ts_out *
ts_out_open_private(const char *path, ts_error *e)
{
	return open_path(path, 1, e);
}

/* The canonical name of a file that may not exist yet: its directory
 * resolved, then its last component. NULL when the directory is not. */
static char *
canonical_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir, *real, *name;

	if (slash == NULL)
		dir = xstrdup(".");
	else if (slash == path)
		dir = xstrdup("/");
	else
		dir = xstrndup(path, (size_t)(slash - path));
	real = realpath(dir, NULL);
	free(dir);
	if (real == NULL)
		return NULL;
	name = xasprintf("%s/%s", real, slash ? slash + 1 : path);
	free(real);
	return name;
}

int
ts_same_file(const char *out, const char *path)
{
	struct stat a, b;
	int ea, eb;

	if (out == NULL || path == NULL || strcmp(out, "-") == 0)
		return 0;
	ea = stat(out, &a);
	eb = strcmp(path, "-") == 0 ? fstat(STDIN_FILENO, &b) : stat(path, &b);
	if (ea == 0 && eb == 0)
		return S_ISREG(a.st_mode) && S_ISREG(b.st_mode) &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
	if (ea != 0 && eb != 0 && strcmp(path, "-") != 0) {
		char *x = canonical_name(out), *y = canonical_name(path);
		int same = x != NULL && y != NULL && strcmp(x, y) == 0;
		free(x);
		free(y);
		return same;
	}
	return 0;
}

int
ts_out_names_input(const char *opt, const char *out, char *const *inputs,
    int ninputs)
{
	int i;

	if (ninputs == 0)
		ninputs = 1;    /* standard input */
	for (i = 0; i < ninputs; i++) {
		const char *in = inputs != NULL && inputs[i] != NULL ? inputs[i] : "-";
		if (ts_same_file(out, in)) {
			ts_warn("%s %s: names an input file%s; write to another file",
			    opt, out, strcmp(in, "-") == 0 ? " (standard input)" : "");
			return 1;
		}
	}
	return 0;
}

void
ts_out_write_through(ts_out *o, const void *p, size_t n)
{
	const char *b = p;
	size_t off = 0;

	while (off < n && !o->failed) {
		ssize_t w = write(o->fd, b + off, n - off);
		if (w < 0) {
			if (errno != EINTR)
				fail(o, errno, o->name);
			continue;
		}
		/*
		 * Nothing written and no error (a device that takes no more):
		 * trying again would spin forever, so it is an I/O error.
		 */
		if (w == 0) {
			fail(o, EIO, o->name);
			break;
		}
		off += (size_t)w;
	}
}

void
ts_out_rewrite(ts_out *o,
    size_t (*fn)(ts_out *o, const char *p, size_t n, int last), void *arg,
    void (*free_arg)(void *arg))
{
	o->rewrite = fn;
	o->rewrite_arg = arg;
	o->rewrite_free = free_arg;
}

/* Hands the buffer to the rewriting; keeps what it left for later. */
static void
flush_rewritten(ts_out *o, int last)
{
	size_t used = o->rewrite(o, o->buf, o->len, last);

	/*
	 * A write inside the rewriting may have failed (a reader gone, a
	 * full disk): fail() has then dropped the buffer, and USED counts
	 * bytes that are no longer there.
	 */
	if (o->failed) {
		o->len = 0;
		return;
	}
	memmove(o->buf, o->buf + used, o->len - used);
	o->len -= used;
}

void
ts_out_flush(ts_out *o)
{
	if (o->failed) {
		o->len = 0;     /* dropped: the failure is said at close */
		return;
	}
	if (o->rewrite != NULL) {
		flush_rewritten(o, 0);
		return;
	}
	ts_out_write_through(o, o->buf, o->len);
	o->len = 0;
}

void
ts_out_grow(ts_out *o, size_t need)
{
	ts_out_flush(o);
	/* A rewriting may keep an unfinished line in the buffer. */
	if (need > o->cap - o->len) {
		o->cap = o->len + need;
		o->buf = xrealloc(o->buf, o->cap);
	}
}

static void
out_free(ts_out *o)
{
	free(o->buf);
	free(o->name);
	free(o->path);
	free(o->tmppath);
	if (o->rewrite_free != NULL)
		o->rewrite_free(o->rewrite_arg);
	free(o);
}

/* Renames the temporary file over PATH with the caught signals blocked,
 * so that a signal removes either the temporary file or nothing.
 * Returns 0, or -1 with the failure kept on O. */
static int
publish(ts_out *o)
{
	sigset_t old;
	int rc, err;

	block_signals(&old);
	rc = rename(o->tmppath, o->path);
	err = errno;
	if (rc == 0)
		untrack_tmp(o->tmppath);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		fail(o, err, o->path);
		return -1;
	}
	ts_cleanup_pop(remove_tmp, o);
	free(o->tmppath);
	o->tmppath = NULL;      /* published: nothing left to remove */
	return 0;
}

/*
 * close(2), where EINTR is no failure: Linux has released the descriptor
 * by then (retrying could close another thread's new file), and the data
 * of an atomic output was already forced to disk by fsync.
 */
static int
close_checked(int fd)
{
	if (close(fd) != 0 && errno != EINTR)
		return -1;
	return 0;
}

int
ts_out_sync(ts_out *o, ts_error *e)
{
	if (o->synced)
		return o->failed ? failure(o, e) : 0;
	if (o->rewrite != NULL) {
		flush_rewritten(o, 1);
		o->rewrite = NULL;
	}
	ts_out_flush(o);
	if (o->tmppath != NULL) {
		int rc = 0;
		while (!o->failed && (rc = fsync(o->fd)) != 0 && errno == EINTR)
			;
		if (!o->failed && rc != 0 && errno != EINVAL)
			fail(o, errno, o->name);
		if (close_checked(o->fd) != 0)
			fail(o, errno, o->name);
	} else if (o->fd == STDOUT_FILENO) {
		/* Catch errors that only show at close, e.g. on NFS. */
		if (close_checked(o->fd) != 0 && errno != EBADF)
			fail(o, errno, o->name);
	} else if (close_checked(o->fd) != 0) {
		fail(o, errno, o->name);
	}
	o->fd = -1;
	o->synced = 1;
	return o->failed ? failure(o, e) : 0;
}

int
ts_out_close(ts_out *o, ts_error *e)
{
	if (ts_out_sync(o, e) != 0 ||
	    (o->tmppath != NULL && publish(o) != 0)) {
		(void)failure(o, e);
		drop(o);
		return -1;
	}
	out_free(o);
	return 0;
}

void
ts_out_discard(ts_out *o)
{
	if (o->tmppath == NULL) {
		/* Written in place: what is written stays; a failure to
		 * write it adds nothing to the failure that discards it. */
		(void)ts_out_close(o, NULL);
		return;
	}
	drop(o);
}

void
ts_out_abandon(ts_out *o)
{
	if (o != NULL)
		drop(o);
}

int
ts_out_failure_status(const ts_error *e)
{
	if (e->status == TS_EXIT_OK)
		return TS_EXIT_OK;
	ts_status_raise(ts_error_warn(e));
	return ts_status();
}

int
ts_out_file(const char *path, const void *p, size_t n, int status)
{
	ts_error e;
	ts_out *o;

	if ((o = ts_out_open(path, &e)) == NULL)
		return ts_out_failure_status(&e);
	ts_out_write(o, p, n);
	if (ts_out_finish(o, status, &e) < 0)
		return ts_out_failure_status(&e);
	return status;
}

int
ts_out_finish(ts_out *o, int status, ts_error *e)
{
	if (status >= TS_EXIT_IO) {
		ts_out_discard(o);
		return 0;
	}
	return ts_out_close(o, e);
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
ts_out_quoted(ts_out *o, const char *p, size_t n, char q)
{
	size_t i;

	ts_out_putc(o, q);
	for (i = 0; i < n; i++) {
		if (p[i] == q)
			ts_out_putc(o, q);
		ts_out_putc(o, p[i]);
	}
	ts_out_putc(o, q);
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
	if (n < 0) {
		/* Kept as a write failure: the output would lack the text. */
		if (!o->failed) {
			o->failed = EINVAL;
			ts_error_set(&o->error, TS_EXIT_IO, "%s: formatting error",
			    o->name);
		}
		return;
	}
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
