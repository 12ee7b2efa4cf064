/* input.c - files, stdin, memory, gzip; see input.h. */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "out.h"
#include "utf16.h"
#include "util.h"

#define INPUT_RAWSIZE (1024 * 1024)

/*
 * Compressed files and pipes are inflated by a second thread that keeps
 * INFLATE_BLOCKS blocks of INFLATE_BLOCKSIZE bytes ahead of the reader,
 * so decompression and parsing use both cores; memory stays bounded.
 */
#define INFLATE_BLOCKS 4
#define INFLATE_BLOCKSIZE (1024 * 1024)

struct block {
	char *data;
	size_t len;
	int status;             /* 1 data, 0 end of input, -1 error */
};

struct inflater {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t filled, emptied;
	struct block blocks[INFLATE_BLOCKS];
	size_t head, count;     /* next block to consume; blocks ready */
	size_t off;             /* bytes consumed of the head block */
	int stop;               /* reader is closing: producer must end */
};

struct ts_input {
	char *name;
	int fd;                 /* -1 for memory input */
	int owns_fd;
	const uint8_t *mem;     /* memory input */
	size_t memlen, mempos;
	int gzip;
	int inflate_here;       /* no inflate thread: inflate as read */
	z_stream z;
	int z_ended;            /* last member finished, no data after it */
	unsigned char *raw;     /* compressed bytes read ahead */
	size_t rawlen, rawpos;
	int raw_eof;
	int failed;
	struct inflater *inf;   /* background inflation, when running */
	char *back;             /* bytes pushed back by ts_input_unread */
	size_t backlen, backpos;
	int utf16_wanted;       /* recognise UTF-16 on the first read */
	int fail_later;         /* a read failed: after the bytes pushed back */
	int utf16_order;        /* enum ts_utf16_order: decoding it */
	struct decoder *dec;
};

/* UTF-16 text read ahead and decoded to UTF-8 for the caller. */
#define DECODE_INSIZE (256 * 1024)
/* Bytes looked at to recognise UTF-16 (see ts_utf16_detect). */
#define DECODE_SNIFF 128

struct decoder {
	ts_utf16 *conv;
	char *buf;              /* UTF-16 bytes not decoded yet */
	size_t len, pos;
	int eof;
	int failed;             /* reading failed after buf was filled */
};

/* Fills in->raw from the underlying source; returns -1 on error. */
static int
fill_raw(ts_input *in)
{
	if (in->rawpos < in->rawlen || in->raw_eof)
		return 0;
	in->rawpos = in->rawlen = 0;
	if (in->fd < 0) {
		/* Memory input: the whole buffer is the read-ahead, no copy. */
		in->raw = (unsigned char *)(uintptr_t)in->mem + in->mempos;
		in->rawlen = in->memlen - in->mempos;
		in->mempos = in->memlen;
	} else {
		ssize_t r;
		do
			r = read(in->fd, in->raw, INPUT_RAWSIZE);
		while (r < 0 && errno == EINTR);
		if (r < 0) {
			ts_warn_errno("%s", in->name);
			return -1;
		}
		in->rawlen = (size_t)r;
	}
	if (in->rawlen == 0)
		in->raw_eof = 1;
	return 0;
}

static ts_input *
input_new(const char *name)
{
	ts_input *in = xcalloc(1, sizeof(*in));

	in->name = xstrdup(name);
	in->fd = -1;
	return in;
}

/* Peeks at the first bytes to decide whether the data is gzip. */
static ts_input *
input_start(ts_input *in)
{
	if (fill_raw(in) < 0) {
		ts_input_close(in);
		return NULL;
	}
	/* A pipe may deliver a single byte first: make sure we see two. */
	while (in->rawlen == 1 && !in->raw_eof && in->fd >= 0) {
		ssize_t r = read(in->fd, in->raw + 1, INPUT_RAWSIZE - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ts_warn_errno("%s", in->name);
			ts_input_close(in);
			return NULL;
		}
		in->rawlen += (size_t)r;
		break;
	}
	if (in->rawlen >= 2 && in->raw[0] == 0x1f && in->raw[1] == 0x8b) {
		if (inflateInit2(&in->z, 15 + 16) != Z_OK) {
			ts_warn("%s: cannot initialise zlib", in->name);
			ts_input_close(in);
			return NULL;
		}
		in->gzip = 1;
	}
	return in;
}

ts_input *
ts_input_open(const char *path)
{
	ts_input *in;

	if (path == NULL || strcmp(path, "-") == 0) {
		in = input_new("<stdin>");
		in->raw = xmalloc(INPUT_RAWSIZE);
		in->fd = STDIN_FILENO;
		ts_widen_pipe(STDIN_FILENO);
	} else {
		int fd = open(path, O_RDONLY);
		if (fd < 0) {
			ts_warn_errno("%s", path);
			return NULL;
		}
		in = input_new(path);
		in->raw = xmalloc(INPUT_RAWSIZE);
		in->fd = fd;
		in->owns_fd = 1;
	}
	return input_start(in);
}

ts_input *
ts_input_memory(const uint8_t *data, size_t len, const char *name)
{
	ts_input *in = input_new(name);

	in->mem = data;
	in->memlen = len;
	return input_start(in);
}

static ssize_t
read_gzip(ts_input *in, char *buf, size_t cap)
{
	for (;;) {
		int rc;

		if (fill_raw(in) < 0)
			return -1;
		if (in->z_ended) {
			/* Concatenated members (as "cat a.gz b.gz") continue. */
			if (in->rawpos == in->rawlen)
				return 0;
			inflateReset(&in->z);
			in->z_ended = 0;
		}
		if (in->rawpos == in->rawlen) {
			ts_warn("%s: truncated gzip data (unexpected end of file)",
			    in->name);
			return -1;
		}
		in->z.next_in = in->raw + in->rawpos;
		in->z.avail_in = (uInt)(in->rawlen - in->rawpos);
		in->z.next_out = (unsigned char *)buf;
		in->z.avail_out = (uInt)(cap > UINT32_MAX ? UINT32_MAX : cap);
		rc = inflate(&in->z, Z_NO_FLUSH);
		in->rawpos = in->rawlen - in->z.avail_in;
		if (rc == Z_STREAM_END) {
			in->z_ended = 1;
		} else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			ts_warn("%s: corrupt gzip data: %s", in->name,
			    in->z.msg ? in->z.msg : "inflate failed");
			return -1;
		}
		if ((size_t)((char *)in->z.next_out - buf) > 0)
			return (char *)in->z.next_out - buf;
	}
}

static void *
inflate_thread(void *arg)
{
	ts_input *in = arg;
	struct inflater *f = in->inf;
	size_t tail = 0;

	for (;;) {
		struct block *b;
		ssize_t n;

		pthread_mutex_lock(&f->lock);
		while (f->count == INFLATE_BLOCKS && !f->stop)
			pthread_cond_wait(&f->emptied, &f->lock);
		if (f->stop) {
			pthread_mutex_unlock(&f->lock);
			return NULL;
		}
		pthread_mutex_unlock(&f->lock);
		/* Only this thread touches the block at tail until published. */
		b = &f->blocks[tail];
		n = read_gzip(in, b->data, INFLATE_BLOCKSIZE);
		b->len = n > 0 ? (size_t)n : 0;
		b->status = n > 0 ? 1 : (int)n;
		pthread_mutex_lock(&f->lock);
		f->count++;
		pthread_cond_signal(&f->filled);
		pthread_mutex_unlock(&f->lock);
		tail = (tail + 1) % INFLATE_BLOCKS;
		if (n <= 0)
			return NULL;
	}
}

/* Frees the inflater's blocks and synchronisation (its thread has ended
 * or never started). */
static void
inflater_free(ts_input *in)
{
	struct inflater *f = in->inf;
	int i;

	for (i = 0; i < INFLATE_BLOCKS; i++)
		free(f->blocks[i].data);
	pthread_mutex_destroy(&f->lock);
	pthread_cond_destroy(&f->filled);
	pthread_cond_destroy(&f->emptied);
	free(f);
	in->inf = NULL;
}

/*
 * Starts the thread that inflates ahead of the reader. When it cannot
 * start, the input is inflated as it is read, in this thread, as from
 * memory: slower, not wrong.
 */
static void
inflater_start(ts_input *in)
{
	struct inflater *f = xcalloc(1, sizeof(*f));
	int i;

	for (i = 0; i < INFLATE_BLOCKS; i++)
		f->blocks[i].data = xmalloc(INFLATE_BLOCKSIZE);
	pthread_mutex_init(&f->lock, NULL);
	pthread_cond_init(&f->filled, NULL);
	pthread_cond_init(&f->emptied, NULL);
	in->inf = f;
	if (pthread_create(&f->thread, NULL, inflate_thread, in) != 0) {
		/* No thread: the file is inflated in the reading thread. */
		inflater_free(in);
		in->inflate_here = 1;
	}
}

static void
inflater_stop(ts_input *in)
{
	struct inflater *f = in->inf;

	pthread_mutex_lock(&f->lock);
	f->stop = 1;
	pthread_cond_signal(&f->emptied);
	pthread_mutex_unlock(&f->lock);
	pthread_join(f->thread, NULL);
	inflater_free(in);
}

/* Copies inflated bytes from the head block(s) to the caller. */
static ssize_t
inflater_read(ts_input *in, char *buf, size_t cap)
{
	struct inflater *f = in->inf;
	struct block *b;
	size_t n;

	pthread_mutex_lock(&f->lock);
	while (f->count == 0)
		pthread_cond_wait(&f->filled, &f->lock);
	pthread_mutex_unlock(&f->lock);
	b = &f->blocks[f->head];
	if (b->status <= 0)
		return b->status;   /* stays at the head: EOF/error repeat */
	n = b->len - f->off;
	if (n > cap)
		n = cap;
	memcpy(buf, b->data + f->off, n);
	f->off += n;
	if (f->off == b->len) {
		f->off = 0;
		f->head = (f->head + 1) % INFLATE_BLOCKS;
		pthread_mutex_lock(&f->lock);
		f->count--;
		pthread_cond_signal(&f->emptied);
		pthread_mutex_unlock(&f->lock);
	}
	return (ssize_t)n;
}

/* Reads the (decompressed) bytes of the input, as they are. */
static ssize_t
read_bytes(ts_input *in, char *buf, size_t cap)
{
	ssize_t n;

	if (in->gzip && in->fd >= 0 && !in->inflate_here) {
		if (in->inf == NULL)
			inflater_start(in);
	}
	if (in->inf != NULL) {
		n = inflater_read(in, buf, cap);
	} else if (in->gzip) {
		n = read_gzip(in, buf, cap);
	} else if (in->fd >= 0 && in->rawpos == in->rawlen && !in->raw_eof) {
		/* Plain data: read straight into the caller's buffer. */
		do
			n = read(in->fd, buf, cap);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			ts_warn_errno("%s", in->name);
		else if (n == 0)
			in->raw_eof = 1;
	} else {
		if (fill_raw(in) < 0) {
			n = -1;
		} else {
			size_t avail = in->rawlen - in->rawpos;
			if (avail > cap)
				avail = cap;
			memcpy(buf, in->raw + in->rawpos, avail);
			in->rawpos += avail;
			n = (ssize_t)avail;
		}
	}
	return n;
}

/*
 * Looks at the first bytes for UTF-16: when it is, they become the
 * decoder's input; otherwise they are pushed back, unchanged. A read
 * error (already reported) comes after the bytes read before it, as it
 * would without this look. Returns -1 when the C library cannot decode
 * UTF-16.
 */
static int
start_utf16(ts_input *in)
{
	struct decoder *d = xcalloc(1, sizeof(*d));
	size_t bom;
	int order;

	in->utf16_wanted = 0;
	d->buf = xmalloc(DECODE_INSIZE);
	while (d->len < DECODE_SNIFF) {
		ssize_t n = read_bytes(in, d->buf + d->len, DECODE_INSIZE - d->len);
		if (n <= 0) {
			d->eof = 1;
			d->failed = n < 0;
			break;
		}
		d->len += (size_t)n;
	}
	order = ts_utf16_detect((const unsigned char *)d->buf, d->len, &bom);
	if (order == TS_UTF16_NONE) {
		if (d->len > 0)
			ts_input_unread(in, d->buf, d->len);
		in->fail_later = d->failed;
		free(d->buf);
		free(d);
		return 0;
	}
	if ((d->conv = ts_utf16_new(order)) == NULL) {
		ts_warn_errno("%s: %s text: cannot start iconv", in->name,
		    ts_utf16_name(order));
		goto fail;
	}
	d->pos = bom;
	in->dec = d;
	in->utf16_order = order;
	return 0;
fail:
	free(d->buf);
	free(d);
	return -1;
}

static void
decoder_free(struct decoder *d)
{
	if (d == NULL)
		return;
	ts_utf16_free(d->conv);
	free(d->buf);
	free(d);
}

/* Decodes UTF-16 into BUF (CAP >= TS_UTF16_MIN_OUT). */
static ssize_t
read_utf16(ts_input *in, char *buf, size_t cap)
{
	struct decoder *d = in->dec;

	for (;;) {
		const char *s = d->buf + d->pos;
		size_t left = d->len - d->pos, w;
		ssize_t n;

		w = ts_utf16_decode(d->conv, &s, &left, buf, cap,
		    d->eof && !d->failed);
		d->pos = (size_t)(s - d->buf);
		if (w > 0)
			return (ssize_t)w;
		if (d->eof)
			return d->failed ? -1 : 0;
		/* Keep the start of a unit cut by the buffer, read more. */
		memmove(d->buf, d->buf + d->pos, left);
		d->len = left;
		d->pos = 0;
		n = read_bytes(in, d->buf + d->len, DECODE_INSIZE - d->len);
		if (n < 0)
			return -1;
		if (n == 0)
			d->eof = 1;
		d->len += (size_t)n;
	}
}

ssize_t
ts_input_read(ts_input *in, char *buf, size_t cap)
{
	ssize_t n;

	if (in->failed)
		return -1;
	if (in->utf16_wanted && start_utf16(in) < 0) {
		in->failed = 1;
		return -1;
	}
	if (in->backpos < in->backlen) {
		n = (ssize_t)(in->backlen - in->backpos);
		if ((size_t)n > cap)
			n = (ssize_t)cap;
		memcpy(buf, in->back + in->backpos, (size_t)n);
		in->backpos += (size_t)n;
		return n;
	}
	if (in->fail_later) {
		in->failed = 1;
		return -1;
	}
	if (in->dec != NULL && cap < TS_UTF16_MIN_OUT) {
		/* Too little room for one character: decode aside. */
		char tmp[TS_UTF16_MIN_OUT * 4];
		n = read_utf16(in, tmp, sizeof(tmp));
		if (n > (ssize_t)cap) {
			ts_input_unread(in, tmp + cap, (size_t)n - cap);
			n = (ssize_t)cap;
		}
		if (n > 0)
			memcpy(buf, tmp, (size_t)n);
	} else if (in->dec != NULL) {
		n = read_utf16(in, buf, cap);
	} else {
		n = read_bytes(in, buf, cap);
	}
	if (n < 0)
		in->failed = 1;
	return n;
}

void
ts_input_want_utf16(ts_input *in)
{
	if (in != NULL && in->dec == NULL && in->backlen == 0)
		in->utf16_wanted = 1;
}

const char *
ts_input_utf16(const ts_input *in)
{
	return in->dec != NULL ? ts_utf16_name(in->utf16_order) : NULL;
}

void
ts_input_unread(ts_input *in, const char *buf, size_t n)
{
	size_t left = in->backlen - in->backpos;
	char *b = xmalloc(n + left + 1);

	memcpy(b, buf, n);
	if (left > 0)
		memcpy(b + n, in->back + in->backpos, left);
	free(in->back);
	in->back = b;
	in->backlen = n + left;
	in->backpos = 0;
}

int
ts_input_fd(const ts_input *in)
{
	return in->fd;
}

const char *
ts_input_name(const ts_input *in)
{
	return in->name;
}

int
ts_input_is_gzip(const ts_input *in)
{
	return in->gzip;
}

void
ts_input_close(ts_input *in)
{
	if (in == NULL)
		return;
	if (in->inf != NULL)
		inflater_stop(in);
	decoder_free(in->dec);
	if (in->gzip)
		inflateEnd(&in->z);
	if (in->owns_fd)
		close(in->fd);
	if (in->fd >= 0)
		free(in->raw);
	free(in->back);
	free(in->name);
	free(in);
}

struct ts_inputs
ts_inputs_args(int argc, char *const *argv)
{
	static char *const stdin_only[] = { "-", NULL };
	struct ts_inputs in;

	if (argc > 0) {
		in.paths = argv;
		in.n = (size_t)argc;
	} else {
		in.paths = stdin_only;
		in.n = 1;
	}
	return in;
}
