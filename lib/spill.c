/* spill.c - temporary files for sets past their budget; see spill.h. */
#include "spill.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
ts_spill_open(const char *tag, const char *what, ts_error *e)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = xasprintf("%s/telestat-%s.XXXXXX", dir, tag);
	if ((fd = mkstemp(path)) < 0) {
		ts_error_set(e, TS_EXIT_IO, "%s: cannot spill %s to disk: %s",
		    dir, what, strerror(errno));
		free(path);
		return -1;
	}
	unlink(path);
	free(path);
	return fd;
}

int
ts_spill_write(int fd, const void *p, size_t n, off_t at, const char *what,
    ts_error *e)
{
	const char *b = p;

	while (n > 0) {
		ssize_t w = at < 0 ? write(fd, b, n) : pwrite(fd, b, n, at);
		if (w < 0 && errno == EINTR)
			continue;
		/* Nothing written and no error: again would spin forever. */
		if (w <= 0)
			return ts_error_set(e, TS_EXIT_IO, "writing %s spilled to"
			    " disk: %s", what, strerror(w < 0 ? errno : EIO));
		b += w;
		n -= (size_t)w;
		if (at >= 0)
			at += w;
	}
	return 0;
}

ssize_t
ts_spill_read(int fd, void *p, size_t n, off_t at, const char *what,
    ts_error *e)
{
	char *b = p;
	size_t got = 0;

	while (got < n) {
		ssize_t r = at < 0 ? read(fd, b + got, n - got) :
		    pread(fd, b + got, n - got, at + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return ts_error_set(e, TS_EXIT_IO, "reading %s spilled to"
			    " disk: %s", what, strerror(errno));
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

int
ts_spill_truncated(const char *what, ts_error *e)
{
	return ts_error_set(e, TS_EXIT_IO, "%s spilled to disk: truncated",
	    what);
}
