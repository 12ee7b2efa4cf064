/*
 * report_levels.c - folds child regions into their parents when not
 * every source reports them apart; see report_levels.h.
 */
#include "report_levels.h"
#include "report_acc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

/* Frees L's pairs, not L. */
static void
free_pairs(ts_report_levels *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->child[i]);
		free(l->parent[i]);
	}
	free(l->child);
	free(l->parent);
}

/*
 * Reads share/regions/levels.tsv into L (child, parent pairs). Returns 0,
 * or -1 with E filled when the installed table cannot be read.
 */
static int
load_pairs(ts_report_levels *l, ts_error *e)
{
	char *path = ts_share_path("regions/levels.tsv");
	char line[256];
	FILE *fp;
	int rc = 0;

	if (path == NULL)
		return 0;
	if ((fp = fopen(path, "r")) == NULL) {
		ts_error_set(e, TS_EXIT_IO, "%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *tab, *end;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0' ||
		    strcmp(line, "child\tparent") == 0)
			continue;
		if ((tab = strchr(line, '\t')) == NULL)
			continue;
		*tab = '\0';
		end = tab + 1 + strcspn(tab + 1, "\t");
		*end = '\0';
		l->child = xreallocarray(l->child, l->n + 1, sizeof(char *));
		l->parent = xreallocarray(l->parent, l->n + 1, sizeof(char *));
		l->child[l->n] = xstrdup(line);
		l->parent[l->n] = xstrdup(tab + 1);
		l->n++;
	}
	if (ferror(fp))
		rc = ts_error_set(e, TS_EXIT_IO, "%s: %s", path,
		    strerror(errno));
	fclose(fp);
	free(path);
	return rc;
}

/* Length of CODE's country prefix, "PE-" (0 when there is none). */
static size_t
country_len(const char *p, size_t n)
{
	const char *d = memchr(p, '-', n);

	return d ? (size_t)(d - p) + 1 : 0;
}

static int
same_country(const char *code, const char *p, size_t n)
{
	size_t c = country_len(code, strlen(code));

	return c > 0 && n >= c && memcmp(code, p, c) == 0;
}

static int
is_child(const ts_report_levels *l, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strlen(l->child[i]) == n && memcmp(l->child[i], p, n) == 0)
			return 1;
	return 0;
}

/*
 * 1 when some source has rows of the country of pair I but no row of
 * any of that country's children: that source reports at the coarser
 * level. SRCREG holds "source \x1f region" keys.
 */
static int
coarse_source(const ts_map *srcreg, const ts_report_levels *l, size_t i)
{
	ts_map *country = ts_map_new(), *finer = ts_map_new();
	size_t k;
	int coarse = 0;

	for (k = 0; k < ts_map_size(srcreg); k++) {
		ts_str key = ts_map_key(srcreg, (uint32_t)k);
		const char *v = key.p, *sep;
		size_t vn = key.n, sn;

		if ((sep = memchr(v, '\x1f', vn)) == NULL)
			continue;
		sn = (size_t)(sep - v);
		if (!same_country(l->parent[i], sep + 1, vn - sn - 1))
			continue;
		ts_map_intern(country, v, sn, NULL);
		if (is_child(l, sep + 1, vn - sn - 1))
			ts_map_intern(finer, v, sn, NULL);
	}
	for (k = 0; k < ts_map_size(country) && !coarse; k++) {
		ts_str s = ts_map_key(country, (uint32_t)k);
		coarse = ts_map_find(finer, s.p, s.n) < 0;
	}
	ts_map_free(country);
	ts_map_free(finer);
	return coarse;
}

/* Rebuilds A's groups with each folded child's region groups added to
 * its parent's. */
static void
fold_groups(ts_report_acc *a, const ts_report_levels *l)
{
	ts_map *m = ts_map_new();
	struct ts_racc *g = NULL;
	size_t cap = 0, k, j;
	char *buf = NULL;
	size_t bcap = 0;

	for (k = 0; k < ts_map_size(a->groups); k++) {
		ts_str key = ts_map_key(a->groups, (uint32_t)k);
		const char *p = key.p;
		size_t n = key.n;
		uint32_t id;
		int ins;

		if ((unsigned char)key.p[0] == D_REGION) {
			for (j = 0; j < l->n; j++) {
				size_t cn = strlen(l->child[j]);
				if (n - TS_RKEY == cn &&
				    memcmp(p + TS_RKEY, l->child[j], cn) == 0) {
					size_t pn = strlen(l->parent[j]);
					if (TS_RKEY + pn > bcap) {
						bcap = TS_RKEY + pn;
						buf = xrealloc(buf, bcap);
					}
					memcpy(buf, p, TS_RKEY);
					memcpy(buf + TS_RKEY, l->parent[j], pn);
					p = buf;
					n = TS_RKEY + pn;
					break;
				}
			}
		}
		id = ts_map_intern(m, p, n, &ins);
		if (id >= cap) {
			cap = cap ? cap * 2 : 256;
			g = xreallocarray(g, cap, sizeof(*g));
		}
		if (ins)
			g[id] = a->g[k];
		else
			ts_racc_add(&g[id], &a->g[k]);
	}
	free(buf);
	ts_map_free(a->groups);
	free(a->g);
	a->groups = m;
	a->g = g;
	a->gcap = cap;
}

ts_report_levels *
ts_report_levels_decide(const ts_map *srcreg, ts_error *e)
{
	ts_report_levels all = { NULL, NULL, 0 };
	ts_report_levels *l;
	size_t i;

	if (load_pairs(&all, e) < 0) {
		free_pairs(&all);
		return NULL;
	}
	l = xcalloc(1, sizeof(*l));
	for (i = 0; i < all.n; i++) {
		if (coarse_source(srcreg, &all, i)) {
			l->child = xreallocarray(l->child, l->n + 1, sizeof(char *));
			l->parent = xreallocarray(l->parent, l->n + 1,
			    sizeof(char *));
			l->child[l->n] = all.child[i];
			l->parent[l->n] = all.parent[i];
			l->n++;
		} else {
			free(all.child[i]);
			free(all.parent[i]);
		}
	}
	free(all.child);
	free(all.parent);
	return l;
}

ts_report_levels *
ts_report_levels_fold(ts_report_acc *a, ts_error *e)
{
	ts_map *srcreg = ts_map_new();
	ts_report_levels *l;
	size_t k;

	for (k = 0; k < ts_map_size(a->groups); k++) {
		ts_str key = ts_map_key(a->groups, (uint32_t)k);
		if ((unsigned char)key.p[0] == D_SRCREG)
			ts_map_intern(srcreg, key.p + TS_RKEY, key.n - TS_RKEY,
			    NULL);
	}
	l = ts_report_levels_decide(srcreg, e);
	ts_map_free(srcreg);
	if (l != NULL && l->n > 0)
		fold_groups(a, l);
	return l;
}

int
ts_report_levels_folded(const ts_report_levels *l, const char *code)
{
	return l != NULL && is_child(l, code, strlen(code));
}

void
ts_report_levels_free(ts_report_levels *l)
{
	if (l == NULL)
		return;
	free_pairs(l);
	free(l);
}
