/*
 * faultinject.c - makes the Nth system or allocation call of a telestat
 * command fail, to prove that every failure ends in a clean exit
 * (tests/faultinject.t walks N over every call site a verb reaches).
 *
 *   TELESTAT_FAULT=KIND:N:ERRNO   the Nth call of KIND fails with ERRNO
 *                                 (EIO, ENOSPC, ENOMEM, EINTR, ENOENT,
 *                                 EACCES, EAGAIN, or ZERO: write(2)
 *                                 returns 0); only that one call
 *   TELESTAT_FAULT_LOG=FILE       appends "injected KIND N ERRNO PATH"
 *                                 when the fault is injected (PATH: the
 *                                 file behind the descriptor or the name
 *                                 passed, "-" when there is none), and at
 *                                 exit "KIND COUNT" for every kind
 *
 * KIND is read (read), write (write), open (open, openat, fopen,
 * mkstemp), rename, fsync, close (close, fclose), alloc (malloc, calloc,
 * realloc) or spawn (posix_spawn, posix_spawnp).
 *
 * Why link-time wrappers (ld --wrap) and not an LD_PRELOAD object: the
 * ASan build's runtime intercepts malloc, read, write and the rest
 * itself and insists on coming first in the library list, and an
 * LD_PRELOAD malloc also sees every allocation of libc, the dynamic
 * loader and the sanitizer before main. --wrap rewrites only the
 * references made by telestat's own objects (libtelestat.a and the
 * command's main), so the shim counts exactly telestat's call sites, from
 * main on (telestat has no constructors), and __real_malloc still reaches
 * ASan's allocator, whose reports stay exact. The Makefile links these
 * wrapped commands into BUILD/fault/bin beside the normal ones; the
 * installed commands never contain the shim. Calls made inside libc
 * (fread, fgets) and other libraries (zlib, cJSON's own allocations) are
 * not counted: they are not telestat's call sites.
 *
 * A failed close(2) still closes the descriptor, as Linux does; a failed
 * write, read, open, rename or fsync does nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The pseudo-errno ZERO: a write that takes nothing (write kind only). */
#define FAULT_ZERO (-1)

enum kind { K_READ, K_WRITE, K_OPEN, K_RENAME, K_FSYNC, K_CLOSE, K_ALLOC,
	K_SPAWN, K_NKINDS };
static const char *const kind_names[K_NKINDS] = { "read", "write", "open",
	"rename", "fsync", "close", "alloc", "spawn" };

static const struct {
	const char *name;
	int value;
} errnos[] = {
	{ "EIO", EIO }, { "ENOSPC", ENOSPC }, { "ENOMEM", ENOMEM },
	{ "EINTR", EINTR }, { "ENOENT", ENOENT }, { "EACCES", EACCES },
	{ "EAGAIN", EAGAIN },
	/* Not an errno: write(2) returns 0, nothing written and no error. */
	{ "ZERO", FAULT_ZERO },
};

static unsigned long counts[K_NKINDS];
static int configured;          /* 0 not yet, 1 done */
static int fault_kind = -1;
static unsigned long fault_n;
static int fault_errno;
static char injected_path[PATH_MAX];

ssize_t __real_read(int, void *, size_t);
ssize_t __real_write(int, const void *, size_t);
int __real_open(const char *, int, ...);
int __real_openat(int, const char *, int, ...);
FILE *__real_fopen(const char *, const char *);
int __real_mkstemp(char *);
int __real_rename(const char *, const char *);
int __real_fsync(int);
int __real_close(int);
int __real_fclose(FILE *);
void *__real_malloc(size_t);
void *__real_calloc(size_t, size_t);
void *__real_realloc(void *, size_t);
int __real_posix_spawn(pid_t *, const char *,
    const posix_spawn_file_actions_t *, const posix_spawnattr_t *,
    char *const [], char *const []);
int __real_posix_spawnp(pid_t *, const char *,
    const posix_spawn_file_actions_t *, const posix_spawnattr_t *,
    char *const [], char *const []);

static void write_log(void);
static void log_injection(void);

static void
configure(void)
{
	const char *spec = getenv("TELESTAT_FAULT");
	char kind[16];
	const char *colon, *colon2;
	size_t i, n;

	configured = 1;
	if (getenv("TELESTAT_FAULT_LOG") != NULL)
		atexit(write_log);
	if (spec == NULL || *spec == '\0')
		return;
	if ((colon = strchr(spec, ':')) == NULL ||
	    (colon2 = strchr(colon + 1, ':')) == NULL ||
	    (n = (size_t)(colon - spec)) >= sizeof(kind))
		goto bad;
	memcpy(kind, spec, n);
	kind[n] = '\0';
	for (i = 0; i < K_NKINDS; i++)
		if (strcmp(kind, kind_names[i]) == 0)
			fault_kind = (int)i;
	fault_n = strtoul(colon + 1, NULL, 10);
	for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (strcmp(colon2 + 1, errnos[i].name) == 0)
			fault_errno = errnos[i].value;
	if (fault_kind >= 0 && fault_n > 0 && fault_errno != 0 &&
	    (fault_errno != FAULT_ZERO || fault_kind == K_WRITE))
		return;
bad:
	/* A test that cannot say what it injects must not pass. */
	fprintf(stderr, "faultinject: bad TELESTAT_FAULT \"%s\"\n", spec);
	_exit(99);
}

static const char *
errno_name(int e)
{
	size_t i;

	for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (errnos[i].value == e)
			return errnos[i].name;
	return "?";
}

static void
note_path(const char *path, int fd)
{
	char link[64];
	ssize_t n;

	if (path != NULL) {
		snprintf(injected_path, sizeof(injected_path), "%s", path);
		return;
	}
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, injected_path, sizeof(injected_path) - 1);
	if (n < 0)
		n = 0;
	injected_path[n] = '\0';
}

/*
 * Logged at once, not at exit: a run that then crashes or hangs must
 * still show that the fault was injected.
 */
static void
log_injection(void)
{
	const char *path = getenv("TELESTAT_FAULT_LOG");
	char line[PATH_MAX + 64];
	int fd, len;

	if (path == NULL ||
	    (fd = __real_open(path, O_WRONLY | O_APPEND | O_CREAT, 0600)) < 0)
		return;
	len = snprintf(line, sizeof(line), "injected %s %lu %s %s\n",
	    kind_names[fault_kind], fault_n, errno_name(fault_errno),
	    injected_path[0] ? injected_path : "-");
	(void)!__real_write(fd, line, (size_t)len);
	__real_close(fd);
}

/*
 * Counts a call of KIND; returns the errno to fail it with, or 0. Calls
 * from the inflate thread race with the main thread's: the counts are
 * atomic, and which call is "the Nth" is then whichever comes Nth.
 */
static int
fault(enum kind k, const char *path, int fd)
{
	unsigned long n;

	if (!configured)
		configure();
	n = __atomic_add_fetch(&counts[k], 1, __ATOMIC_SEQ_CST);
	if ((int)k != fault_kind || n != fault_n)
		return 0;
	note_path(path, fd);
	log_injection();
	return fault_errno;
}

static void
write_log(void)
{
	const char *path = getenv("TELESTAT_FAULT_LOG");
	char line[PATH_MAX + 64];
	int fd, i, len;

	if (path == NULL ||
	    (fd = __real_open(path, O_WRONLY | O_APPEND | O_CREAT, 0600)) < 0)
		return;
	for (i = 0; i < K_NKINDS; i++) {
		len = snprintf(line, sizeof(line), "%s %lu\n", kind_names[i],
		    __atomic_load_n(&counts[i], __ATOMIC_SEQ_CST));
		(void)!__real_write(fd, line, (size_t)len);
	}
	__real_close(fd);
}

#define FAIL_WITH(e, ret) do { errno = (e); return (ret); } while (0)

ssize_t
__wrap_read(int fd, void *buf, size_t n)
{
	int e = fault(K_READ, NULL, fd);

	if (e)
		FAIL_WITH(e, -1);
	return __real_read(fd, buf, n);
}

ssize_t
__wrap_write(int fd, const void *buf, size_t n)
{
	int e = fault(K_WRITE, NULL, fd);

	if (e == FAULT_ZERO)
		return 0;
	if (e)
		FAIL_WITH(e, -1);
	return __real_write(fd, buf, n);
}

int
__wrap_open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	int e;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if ((e = fault(K_OPEN, path, -1)) != 0)
		FAIL_WITH(e, -1);
	return __real_open(path, flags, mode);
}

int
__wrap_openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	int e;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if ((e = fault(K_OPEN, path, -1)) != 0)
		FAIL_WITH(e, -1);
	return __real_openat(dirfd, path, flags, mode);
}

FILE *
__wrap_fopen(const char *path, const char *mode)
{
	int e = fault(K_OPEN, path, -1);

	if (e)
		FAIL_WITH(e, NULL);
	return __real_fopen(path, mode);
}

int
__wrap_mkstemp(char *tmpl)
{
	int e = fault(K_OPEN, tmpl, -1);

	if (e)
		FAIL_WITH(e, -1);
	return __real_mkstemp(tmpl);
}

int
__wrap_rename(const char *from, const char *to)
{
	int e = fault(K_RENAME, to, -1);

	if (e)
		FAIL_WITH(e, -1);
	return __real_rename(from, to);
}

int
__wrap_fsync(int fd)
{
	int e = fault(K_FSYNC, NULL, fd);

	if (e)
		FAIL_WITH(e, -1);
	return __real_fsync(fd);
}

int
__wrap_close(int fd)
{
	int e = fault(K_CLOSE, NULL, fd);

	if (e) {
		(void)__real_close(fd);
		FAIL_WITH(e, -1);
	}
	return __real_close(fd);
}

int
__wrap_fclose(FILE *f)
{
	int e = fault(K_CLOSE, NULL, fileno(f));

	if (e) {
		(void)__real_fclose(f);
		FAIL_WITH(e, EOF);
	}
	return __real_fclose(f);
}

void *
__wrap_malloc(size_t n)
{
	if (fault(K_ALLOC, NULL, -2))
		FAIL_WITH(ENOMEM, NULL);
	return __real_malloc(n);
}

void *
__wrap_calloc(size_t nmemb, size_t size)
{
	if (fault(K_ALLOC, NULL, -2))
		FAIL_WITH(ENOMEM, NULL);
	return __real_calloc(nmemb, size);
}

void *
__wrap_realloc(void *p, size_t n)
{
	if (fault(K_ALLOC, NULL, -2))
		FAIL_WITH(ENOMEM, NULL);
	return __real_realloc(p, n);
}

/* posix_spawn returns the error number instead of setting errno. */
int
__wrap_posix_spawn(pid_t *pid, const char *path,
    const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *attr,
    char *const argv[], char *const envp[])
{
	int e = fault(K_SPAWN, path, -1);

	if (e)
		return e;
	return __real_posix_spawn(pid, path, fa, attr, argv, envp);
}

int
__wrap_posix_spawnp(pid_t *pid, const char *file,
    const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *attr,
    char *const argv[], char *const envp[])
{
	int e = fault(K_SPAWN, file, -1);

	if (e)
		return e;
	return __real_posix_spawnp(pid, file, fa, attr, argv, envp);
}
