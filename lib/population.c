/* population.c - population tables and their vintage; see population.h. */
#include "population.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "sidetable.h"
#include "util.h"

struct pop {
	char *region;
	int year;
	int64_t n;
};

struct ts_poptab {
	char *name;
	struct pop *rows;
	size_t n;
	int *years;             /* distinct years, ascending */
	size_t nyears;
};

static const char *const pc_region[] = { "region", "región", "iso", "code",
	NULL };
static const char *const pc_year[] = { "year", "anio", "año", NULL };
static const char *const pc_pop[] = { "population", "poblacion",
	"población", NULL };

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The rows of T, checked: 0, or an exit status after a message. */
static int
read_rows(ts_poptab *p, const ts_side *t, const char *path)
{
	int cr = ts_side_col(t, pc_region), cy = ts_side_col(t, pc_year);
	int cp = ts_side_col(t, pc_pop);
	size_t i, k;

	if (cr < 0 || cy < 0 || cp < 0) {
		ts_warn("--population: %s:1: a population table needs the columns "
		    "region, year and population", path);
		return TS_EXIT_DATA;
	}
	p->rows = xcalloc(ts_side_rows(t) + 1, sizeof(*p->rows));
	p->years = xcalloc(ts_side_rows(t) + 1, sizeof(*p->years));
	for (i = 0; i < ts_side_rows(t); i++) {
		struct pop *r = &p->rows[i];
		int64_t y;
		const char *why = NULL;
		if (ts_side_count(ts_side_get(t, i, cy), &y) != 0 || y < 1 ||
		    y > 9999)
			why = "column year: expected a year from 1 to 9999";
		else if (ts_side_count(ts_side_get(t, i, cp), &r->n) != 0 ||
		    r->n == 0)
			why = "column population: expected a count above 0";
		else if (*ts_side_get(t, i, cr) == '\0')
			why = "column region: empty";
		if (why != NULL) {
			ts_warn("--population: %s:%zu: %s", path,
			    ts_side_line(t, i), why);
			return TS_EXIT_DATA;
		}
		r->year = (int)y;
		r->region = xstrdup(ts_side_get(t, i, cr));
		p->n++;
		p->years[i] = r->year;
	}
	qsort(p->years, p->n, sizeof(*p->years), cmp_int);
	for (i = k = 0; i < p->n; i++)
		if (k == 0 || p->years[k - 1] != p->years[i])
			p->years[k++] = p->years[i];
	p->nyears = k;
	return 0;
}

ts_poptab *
ts_poptab_open(const char *file, const char *cc, int *status)
{
	ts_poptab *p;
	ts_side *t;
	char *path;
	ts_error e;

	*status = 0;
	if (file != NULL) {
		path = xstrdup(file);
	} else {
		char rel[32];
		if (cc == NULL || strlen(cc) != 2) {
			*status = -1;
			return NULL;
		}
		snprintf(rel, sizeof(rel), "population/%c%c.tsv", cc[0] | 0x20,
		    cc[1] | 0x20);
		if ((path = ts_share_path(rel)) == NULL) {
			*status = -1;
			return NULL;
		}
	}
	if ((t = ts_side_load(path, &e)) == NULL) {
		ts_warn("--population: %s", e.msg);
		*status = e.status;
		free(path);
		return NULL;
	}
	p = xcalloc(1, sizeof(*p));
	if ((*status = read_rows(p, t, path)) != 0) {
		ts_poptab_free(p);
		p = NULL;
	} else {
		/* Notes name the shipped table by its place in share/. */
		p->name = file != NULL ? xstrdup(file) :
		    xasprintf("share/population/%c%c.tsv", cc[0] | 0x20,
		    cc[1] | 0x20);
	}
	ts_side_free(t);
	free(path);
	return p;
}

void
ts_poptab_free(ts_poptab *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		free(p->rows[i].region);
	free(p->rows);
	free(p->years);
	free(p->name);
	free(p);
}

const char *
ts_poptab_name(const ts_poptab *p)
{
	return p->name;
}

int64_t
ts_poptab_get(const ts_poptab *p, const char *region, int year)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->rows[i].year == year &&
		    strcmp(p->rows[i].region, region) == 0)
			return p->rows[i].n;
	return 0;
}

int
ts_poptab_vintage(const ts_poptab *p, int year,
    size_t (*covered)(const ts_poptab *t, int y, void *arg), void *arg)
{
	size_t i, best_n = 0;
	int best = 0;

	/* Ascending years: on a tie of distance the earlier one is met
	 * first and kept. */
	for (i = 0; i < p->nyears; i++) {
		int y = p->years[i];
		size_t n = covered(p, y, arg);
		if (n == 0 || n < best_n)
			continue;
		if (n > best_n || abs(y - year) < abs(best - year)) {
			best = y;
			best_n = n;
		}
	}
	return best;
}
