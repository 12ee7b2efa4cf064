/* Unit tests: population tables, their checks and the one vintage a
 * report's rates use (the year covering most regions, then the nearest,
 * then the earlier). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "population.h"

static const char *const regions[] = { "PE-LMA", "PE-CUS", "PE-PIU" };

static size_t
covered(const ts_poptab *t, int y, void *arg)
{
	size_t i, n = 0, nr = *(const size_t *)arg;

	for (i = 0; i < nr; i++)
		n += ts_poptab_get(t, regions[i], y) > 0;
	return n;
}

static ts_poptab *
table(const char *text, int *status)
{
	char path[] = "/tmp/telestat-poptab-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	ts_poptab *t;

	fputs(text, f);
	fclose(f);
	t = ts_poptab_open(path, NULL, status);
	unlink(path);
	return t;
}

int
main(void)
{
	int st;
	size_t n = 3, one = 1;
	ts_poptab *t;

	/* 2017 covers all three regions, 2024 two: 2017 for a 2025 report,
	 * however near 2024 is. */
	t = table("# comment\nregion\tyear\tpopulation\n"
	    "PE-LMA\t2017\t8 574 974\nPE-CUS\t2017\t1205527\n"
	    "PE-PIU\t2017\t1856809\nPE-LMA\t2024\t10292408\n"
	    "PE-PIU\t2024\t2149978\n", &st);
	ok(t != NULL && st == 0, "a table with grouped digits is read");
	is_int(ts_poptab_vintage(t, 2025, covered, &n), 2017,
	    "the year covering most regions wins over a nearer one");
	is_int(ts_poptab_vintage(t, 2025, covered, &one), 2024,
	    "with coverage equal, the nearest year");
	is_int((int)ts_poptab_get(t, "PE-LMA", 2017), 8574974, "a figure");
	is_int((int)ts_poptab_get(t, "PE-CUS", 2024), 0,
	    "no figure for a year the region lacks");
	ts_poptab_free(t);

	/* 2020 and 2022 are as near to 2021 and cover as many: the earlier. */
	t = table("region\tyear\tpopulation\nPE-LMA\t2022\t2\nPE-LMA\t2020\t1\n",
	    &st);
	is_int(ts_poptab_vintage(t, 2021, covered, &n), 2020,
	    "a tie of distance takes the earlier year");
	is_int(ts_poptab_vintage(t, 1990, covered, &n), 2020,
	    "the nearest year below");
	ts_poptab_free(t);

	t = table("region\tyear\tpopulation\nMX-AGU\t2020\t1\n", &st);
	is_int(ts_poptab_vintage(t, 2021, covered, &n), 0,
	    "no year covers any region: 0");
	ts_poptab_free(t);

	t = table("region\tyear\tpopulation\nPE-LMA\t2020\t0\n", &st);
	ok(t == NULL && st == 1, "a population of 0 is refused (status 1)");
	t = table("region\tyear\nPE-LMA\t2020\n", &st);
	ok(t == NULL && st == 1, "a table without population is refused");
	t = ts_poptab_open(NULL, "ZZ", &st);
	ok(t == NULL && st == -1, "no shipped table for a country: -1");
	return done_testing();
}
