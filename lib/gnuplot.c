/* gnuplot.c - gnuplot as a child process; see gnuplot.h. */
#include "gnuplot.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

extern char **environ;

/* A growing byte buffer for what the child writes. */
struct buf {
	char *p;
	size_t n, cap;
};

static void
buf_add(struct buf *b, const char *p, size_t n)
{
	if (b->cap - b->n < n + 1) {
		while (b->cap - b->n < n + 1)
			b->cap = b->cap ? b->cap * 2 : 8192;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static int
is_executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    access(path, X_OK) == 0;
}

/* Looks NAME up on PATH like execvp(3); returns a string to free or NULL. */
static char *
path_lookup(const char *name)
{
	const char *path = getenv("PATH"), *p, *colon;
	size_t nlen = strlen(name);

	if (path == NULL)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path;; p = colon + 1) {
		size_t dlen;
		char *cand;

		colon = strchr(p, ':');
		dlen = colon ? (size_t)(colon - p) : strlen(p);
		if (dlen == 0) {
			/* An empty PATH element means the current directory. */
			cand = xstrdup(name);
		} else {
			cand = xmalloc(dlen + nlen + 2);
			memcpy(cand, p, dlen);
			cand[dlen] = '/';
			memcpy(cand + dlen + 1, name, nlen + 1);
		}
		if (is_executable(cand))
			return cand;
		free(cand);
		if (colon == NULL)
			return NULL;
	}
}

char *
ts_gnuplot_find(char **err)
{
	const char *env = getenv("TELESTAT_GNUPLOT");
	char *found;

	*err = NULL;
	if (env != NULL && *env != '\0') {
		if (strchr(env, '/') != NULL) {
			struct stat st;
			if (stat(env, &st) != 0) {
				*err = xasprintf("TELESTAT_GNUPLOT=%s: %s: %s or set "
				    "TELESTAT_GNUPLOT to its path", env,
				    strerror(errno), TS_GNUPLOT_INSTALL);
				return NULL;
			}
			if (!is_executable(env)) {
				*err = xasprintf("TELESTAT_GNUPLOT=%s: not an executable "
				    "file: %s or set TELESTAT_GNUPLOT to its path",
				    env, TS_GNUPLOT_INSTALL);
				return NULL;
			}
			return xstrdup(env);
		}
		if ((found = path_lookup(env)) == NULL)
			*err = xasprintf("TELESTAT_GNUPLOT=%s: not found on PATH: "
			    "%s or set TELESTAT_GNUPLOT to its path", env,
			    TS_GNUPLOT_INSTALL);
		return found;
	}
	if ((found = path_lookup("gnuplot")) == NULL)
		*err = xasprintf("gnuplot not found on PATH: %s or set "
		    "TELESTAT_GNUPLOT to its path", TS_GNUPLOT_INSTALL);
	return found;
}

/*
 * The child's environment: the caller's, with the locale fixed to
 * C.UTF-8. The script is UTF-8 ("set encoding utf8"), and under a
 * non-UTF-8 locale such as C, gnuplot's cairo terminals warn that iconv
 * "failed to convert degree sign"; a fixed locale also keeps the output
 * the same whatever the user's settings. Returns an array to free (the
 * strings are the caller's, but for the one added).
 */
static char **
child_env(void)
{
	size_t n = 0, i, o = 0;
	char **env;

	while (environ[n] != NULL)
		n++;
	env = xreallocarray(NULL, n + 2, sizeof(*env));
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], "LC_ALL=", 7) != 0 &&
		    strncmp(environ[i], "LC_CTYPE=", 9) != 0 &&
		    strncmp(environ[i], "LANG=", 5) != 0 &&
		    strncmp(environ[i], "LANGUAGE=", 9) != 0)
			env[o++] = environ[i];
	env[o++] = "LC_ALL=C.UTF-8";
	env[o] = NULL;
	return env;
}

/*
 * A pipe whose two ends are close-on-exec and numbered 3 or above, so
 * that the child's dup2() onto 0, 1 and 2 never collides with them even
 * when the caller runs with a standard descriptor closed.
 */
static int
safe_pipe(int fd[2])
{
	int raw[2], i;

	if (pipe(raw) != 0)
		return -1;
	for (i = 0; i < 2; i++) {
		fd[i] = fcntl(raw[i], F_DUPFD_CLOEXEC, 3);
		if (fd[i] < 0) {
			int e = errno;
			close(raw[0]);
			close(raw[1]);
			if (i == 1)
				close(fd[0]);
			errno = e;
			return -1;
		}
	}
	close(raw[0]);
	close(raw[1]);
	return 0;
}

static void
close_pipe(int fd[2])
{
	if (fd[0] >= 0)
		close(fd[0]);
	if (fd[1] >= 0)
		close(fd[1]);
	fd[0] = fd[1] = -1;
}

/* "gnuplot: LINE" for every non-blank line of TEXT, joined by newlines, to B. */
static void
quote_lines(struct buf *b, const char *text, size_t n)
{
	size_t i = 0;

	while (i < n) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - (text + i)) : n - i;
		if (len > 0 && text[i + len - 1] == '\r')
			len--;
		if (len == 0) {
			/* Blank lines say nothing in a diagnostic. */
			i += nl ? 1 : 0;
			if (nl == NULL)
				break;
			continue;
		}
		if (b->n > 0)
			buf_add(b, "\n", 1);
		buf_add(b, "gnuplot: ", 9);
		buf_add(b, text + i, len);
		i += (nl ? (size_t)(nl - (text + i)) + 1 : n - i);
	}
}

/* Drops trailing blank lines, which gnuplot adds after its messages. */
static size_t
trim_blank(const char *p, size_t n)
{
	while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == ' ' ||
	    p[n - 1] == '\r' || p[n - 1] == '\t'))
		n--;
	return n;
}

/*
 * Feeds SCRIPT to fd[0] and drains fd[1] (into OB) and fd[2] (into EB)
 * until both reach end of file; closes each descriptor when done with it
 * and sets it to -1. Returns 0, or -1 with errno set on a poll, read or
 * write error. A child that stops reading its input early (EPIPE) is not an
 * error here: its exit status tells.
 */
static int
exchange1(int fd[3], const char *script, size_t len, struct buf *ob,
    struct buf *eb)
{
	size_t off = 0;
	char chunk[65536];

	if (fcntl(fd[0], F_SETFL, fcntl(fd[0], F_GETFL) | O_NONBLOCK) != 0)
		return -1;
	if (len == 0) {
		close(fd[0]);
		fd[0] = -1;
	}
	while (fd[0] >= 0 || fd[1] >= 0 || fd[2] >= 0) {
		struct pollfd pf[3];
		int i;

		for (i = 0; i < 3; i++) {
			pf[i].fd = fd[i];
			pf[i].events = i == 0 ? POLLOUT : POLLIN;
			pf[i].revents = 0;
		}
		if (poll(pf, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (fd[0] >= 0 && pf[0].revents != 0) {
			ssize_t w = write(fd[0], script + off, len - off);
			if (w > 0)
				off += (size_t)w;
			if (w < 0 && errno != EAGAIN && errno != EINTR &&
			    errno != EPIPE)
				return -1;
			/* Nothing taken, no error: polling again would spin. */
			if (w == 0 && len > off) {
				errno = EIO;
				return -1;
			}
			if (w < 0 ? errno == EPIPE : off == len) {
				/* Done, or the child closed its input (EPIPE). */
				close(fd[0]);
				fd[0] = -1;
			}
		}
		for (i = 1; i < 3; i++) {
			ssize_t r;

			if (fd[i] < 0 || pf[i].revents == 0)
				continue;
			r = read(fd[i], chunk, sizeof(chunk));
			if (r > 0) {
				buf_add(i == 1 ? ob : eb, chunk, (size_t)r);
			} else if (r == 0) {
				close(fd[i]);
				fd[i] = -1;
			} else if (errno != EINTR && errno != EAGAIN) {
				return -1;
			}
		}
	}
	return 0;
}

static int
exchange(int in, int out, int err, const char *script, size_t len,
    struct buf *ob, struct buf *eb)
{
	int fd[3], rc, i, saved;

	fd[0] = in;
	fd[1] = out;
	fd[2] = err;
	rc = exchange1(fd, script, len, ob, eb);
	saved = errno;
	for (i = 0; i < 3; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	errno = saved;
	return rc;
}

int
ts_gnuplot_run(const char *script, size_t len, char **out, size_t *outlen,
    char **err)
{
	int pin[2] = { -1, -1 }, pout[2] = { -1, -1 }, perr[2] = { -1, -1 };
	posix_spawn_file_actions_t fa;
	struct sigaction ign, old;
	struct buf ob = { 0 }, eb = { 0 };
	char *path, *argv[3], **env;
	pid_t pid;
	int rc, status, xerr = 0;

	*out = NULL;
	*outlen = 0;
	*err = NULL;
	if ((path = ts_gnuplot_find(err)) == NULL)
		return TS_EXIT_DEP;
	if (safe_pipe(pin) != 0 || safe_pipe(pout) != 0 || safe_pipe(perr) != 0) {
		*err = xasprintf("cannot run gnuplot: pipe: %s", strerror(errno));
		close_pipe(pin);
		close_pipe(pout);
		close_pipe(perr);
		free(path);
		return TS_EXIT_IO;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pin[0], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, pout[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, perr[1], STDERR_FILENO);
	argv[0] = path;
	argv[1] = "-d";
	argv[2] = NULL;

	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);

	env = child_env();
	rc = posix_spawn(&pid, path, &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	free(env);
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	if (rc != 0) {
		close(pin[1]);
		close(pout[0]);
		close(perr[0]);
		sigaction(SIGPIPE, &old, NULL);
		*err = xasprintf("cannot execute %s: %s: %s", path, strerror(rc),
		    TS_GNUPLOT_INSTALL);
		free(path);
		return rc == ENOMEM || rc == EAGAIN ? TS_EXIT_IO : TS_EXIT_DEP;
	}
	if (exchange(pin[1], pout[0], perr[0], script, len, &ob, &eb) != 0) {
		/* The child may be blocked on a full pipe: do not wait forever. */
		xerr = errno;
		kill(pid, SIGKILL);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			xerr = errno;
			status = -1;
			break;
		}
	}
	sigaction(SIGPIPE, &old, NULL);
	free(path);

	if (xerr == 0 && status != -1 && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0) {
		size_t n = trim_blank(eb.p, eb.n);
		if (n > 0) {
			struct buf w = { 0 };
			quote_lines(&w, eb.p, n);
			*err = w.p;
		}
		free(eb.p);
		*out = ob.p ? ob.p : xstrdup("");
		*outlen = ob.n;
		return 0;
	}
	{
		struct buf m = { 0 };
		char *head;
		size_t n = trim_blank(eb.p, eb.n);

		if (xerr != 0)
			head = xasprintf("gnuplot failed: %s", strerror(xerr));
		else if (status != -1 && WIFSIGNALED(status))
			head = xasprintf("gnuplot failed (killed by signal %d)",
			    WTERMSIG(status));
		else
			head = xasprintf("gnuplot failed (exit status %d)",
			    WEXITSTATUS(status));
		buf_add(&m, head, strlen(head));
		free(head);
		if (n > 0)
			buf_add(&m, ":", 1);
		quote_lines(&m, eb.p, n);
		*err = m.p;
	}
	free(ob.p);
	free(eb.p);
	return TS_EXIT_IO;
}
