/* Unit tests: input sources and transparent gzip. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "../tap.h"
#include "input.h"

/* gzip-compresses SRC into a malloc'd buffer. */
static unsigned char *
gz(const char *src, size_t n, size_t *outlen)
{
	z_stream z;
	unsigned char *out = malloc(n + 128);

	memset(&z, 0, sizeof(z));
	deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (unsigned char *)(uintptr_t)src;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)(n + 128);
	deflate(&z, Z_FINISH);
	*outlen = z.total_out;
	deflateEnd(&z);
	return out;
}

/* Reads all of IN into buf; returns length or -1 on error. */
static long
slurp(ts_input *in, char *buf, size_t cap)
{
	size_t len = 0;
	ssize_t n;

	while ((n = ts_input_read(in, buf + len, cap - len)) > 0)
		len += (size_t)n;
	ts_input_close(in);
	return n < 0 ? -1 : (long)len;
}

/* Writes N bytes to a temporary file; returns its malloc'd path. */
static char *
tmpfile_with(const void *data, size_t n)
{
	char *path = strdup("/tmp/telestat-input.XXXXXX");
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, data, n) != (ssize_t)n)
		abort();
	close(fd);
	return path;
}

/* Files go through the background inflate thread: big, truncated, early close. */
static void
test_threaded(void)
{
	size_t n = 5 * 1024 * 1024 + 123, i, gn;
	char *big = malloc(n), *back = malloc(n + 16), *path;
	unsigned char *g;
	long got;
	ts_input *in;

	for (i = 0; i < n; i++)
		big[i] = (char)('a' + (i * 7 + i / 1000) % 26);
	g = gz(big, n, &gn);
	path = tmpfile_with(g, gn);
	got = slurp(ts_input_open(path), back, n + 16);
	ok(got == (long)n && memcmp(big, back, n) == 0, "5 MiB gzip file through the inflate thread");
	unlink(path);
	free(path);

	path = tmpfile_with(g, gn / 2);
	got = slurp(ts_input_open(path), back, n + 16);
	is_int(got, -1, "truncated gzip file is an error");
	unlink(path);
	free(path);

	path = tmpfile_with(g, gn);
	in = ts_input_open(path);
	/* Closing mid-stream must stop the producer (a hang or leak fails). */
	ok(ts_input_read(in, back, 100) == 100, "partial read, then close mid-stream");
	ts_input_close(in);
	unlink(path);
	free(path);
	free(g);
	free(big);
	free(back);
}

int
main(void)
{
	test_threaded();
	const char *text = "date\tcount\n2024-01-01\t1\n";
	size_t tn = strlen(text), gn, gn2;
	unsigned char *g = gz(text, tn, &gn), *both;
	char buf[4096];
	long n;

	n = slurp(ts_input_memory((const uint8_t *)text, tn, "plain"), buf, sizeof(buf));
	is_mem(buf, (size_t)n, text, tn, "plain memory input");

	{
		ts_input *in = ts_input_memory(g, gn, "x.gz");
		ok(ts_input_is_gzip(in), "gzip detected by magic");
		n = slurp(in, buf, sizeof(buf));
	}
	is_mem(buf, (size_t)(n < 0 ? 0 : n), text, tn, "gzip inflated");

	both = malloc(gn * 2);
	memcpy(both, g, gn);
	memcpy(both + gn, g, gn);
	n = slurp(ts_input_memory(both, gn * 2, "cat.gz"), buf, sizeof(buf));
	is_int(n, (long)(2 * tn), "concatenated gzip members both read");

	gn2 = gn - 6;
	n = slurp(ts_input_memory(g, gn2, "trunc.gz"), buf, sizeof(buf));
	is_int(n, -1, "truncated gzip is an error");

	{
		unsigned char bad[64];
		memcpy(bad, g, 10);
		memset(bad + 10, 0xff, sizeof(bad) - 10);
		n = slurp(ts_input_memory(bad, sizeof(bad), "bad.gz"), buf, sizeof(buf));
		is_int(n, -1, "corrupt gzip is an error");
	}
	n = slurp(ts_input_memory((const uint8_t *)"\x1f", 1, "one"), buf, sizeof(buf));
	is_int(n, 1, "a lone 0x1f byte is plain data");
	ok(ts_input_open("/nonexistent/file") == NULL, "missing file gives NULL");
	free(g);
	free(both);
	return done_testing();
}
