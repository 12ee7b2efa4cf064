/* paths.c - locating installed data; see paths.h. */
#include "paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#ifndef TS_SHAREDIR
#define TS_SHAREDIR "/usr/local/share/telestat"
#endif

char *
ts_exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash == NULL)
		return NULL;
	*slash = '\0';
	return xstrdup(buf);
}

static char *
join(const char *dir, const char *mid, const char *rel)
{
	size_t n = strlen(dir) + strlen(mid) + strlen(rel) + 3;
	char *p = xmalloc(n);

	snprintf(p, n, "%s%s/%s", dir, mid, rel);
	return p;
}

char *
ts_share_path(const char *rel)
{
	const char *env = getenv("TELESTAT_SHARE");
	char *p, *exe;

	if (env != NULL && *env != '\0') {
		p = join(env, "", rel);
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	exe = ts_exe_dir();
	if (exe != NULL) {
		p = join(exe, "/../share/telestat", rel);
		free(exe);
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	p = join(TS_SHAREDIR, "", rel);
	if (access(p, R_OK) == 0)
		return p;
	free(p);
	return NULL;
}
