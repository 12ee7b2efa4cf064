/* pseudonym.c - keyed BLAKE2b pseudonyms; see pseudonym.h. */
#include "pseudonym.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "util.h"

struct ts_pseudonym {
	/*
	 * The state right after the key block was absorbed: each identifier
	 * starts from a copy, so the key costs one compression per run
	 * instead of one per row.
	 */
	crypto_generichash_state keyed;
};

ts_pseudonym *
ts_pseudonym_new(const unsigned char *key, size_t n)
{
	ts_pseudonym *ps;

	if (n < TS_KEY_MIN || n > TS_KEY_MAX)
		return NULL;
	if (sodium_init() < 0)
		return NULL;
	/* The state type asks for 64-byte alignment, more than malloc gives. */
	ps = aligned_alloc(_Alignof(ts_pseudonym),
	    (sizeof(*ps) + _Alignof(ts_pseudonym) - 1) /
	    _Alignof(ts_pseudonym) * _Alignof(ts_pseudonym));
	if (ps == NULL)
		ts_out_of_memory("out of memory");
	crypto_generichash_init(&ps->keyed, key, n, TS_PSEUDONYM_HEX / 2);
	return ps;
}

void
ts_pseudonym_free(ts_pseudonym *ps)
{
	if (ps != NULL)
		sodium_memzero(ps, sizeof(*ps));
	free(ps);
}

ts_pseudonym *
ts_pseudonym_load(const char *path, int *why_io)
{
	unsigned char buf[TS_KEY_MAX + 3];
	size_t n = 0;
	ts_pseudonym *ps;
	struct stat st;
	int fd;

	*why_io = 0;
	/* O_NONBLOCK: a FIFO given as the key must not hang the run. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
		*why_io = !ts_errno_names_bad_file(errno);
		ts_warn_errno("key file %s", path);
		return NULL;
	}
	if (fstat(fd, &st) != 0) {
		*why_io = 1;
		ts_warn_errno("key file %s", path);
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		ts_warn("key file %s: %s", path, S_ISDIR(st.st_mode) ?
		    "is a directory" : "not a regular file");
		close(fd);
		return NULL;
	}
	/* As ssh does with private keys: a secret others can read is none. */
	if ((st.st_mode & 077) != 0) {
		ts_warn("key file %s: permissions %04o are too open (group or "
		    "others have access): chmod 600 %s", path,
		    (unsigned)(st.st_mode & 07777), path);
		close(fd);
		return NULL;
	}
	for (;;) {
		ssize_t r = read(fd, buf + n, sizeof(buf) - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*why_io = 1;
			ts_warn_errno("key file %s", path);
			close(fd);
			sodium_memzero(buf, sizeof(buf));
			return NULL;
		}
		if (r == 0 || (n += (size_t)r) == sizeof(buf))
			break;
	}
	close(fd);
	if (n > 0 && buf[n - 1] == '\n') {
		n--;
		if (n > 0 && buf[n - 1] == '\r')
			n--;
	}
	if (n < TS_KEY_MIN || n > TS_KEY_MAX) {
		sodium_memzero(buf, sizeof(buf));
		ts_warn("key file %s: %s: a key file must hold %d to %d bytes", path,
		    n == 0 ? "empty" : n < TS_KEY_MIN ? "too short" : "too long",
		    TS_KEY_MIN, TS_KEY_MAX);
		return NULL;
	}
	ps = ts_pseudonym_new(buf, n);
	sodium_memzero(buf, sizeof(buf));
	if (ps == NULL) {       /* the length is right: libsodium failed */
		*why_io = 1;
		ts_warn("cannot initialise libsodium");
	}
	return ps;
}

void
ts_pseudonym_hex(const ts_pseudonym *ps, const char *id, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	crypto_generichash_state st;
	unsigned char h[TS_PSEUDONYM_HEX / 2];
	size_t i;

	memcpy(&st, &ps->keyed, sizeof(st));
	crypto_generichash_update(&st, (const unsigned char *)id, n);
	crypto_generichash_final(&st, h, sizeof(h));
	for (i = 0; i < sizeof(h); i++) {
		out[2 * i] = hex[h[i] >> 4];
		out[2 * i + 1] = hex[h[i] & 15];
	}
}
