/* Unit tests for dupes.c: every repeat found as it passes, with its first
 * row, in the table and in the runs spilled past a small budget. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "dupes.h"

/* Key I as two values ("id", "I"), so that joined keys are tested too. */
static int
add(ts_dupes *d, unsigned long i, uint64_t line, struct ts_dupes_first *f)
{
	char num[32];
	ts_str v[2];

	v[0].p = "id";
	v[0].n = 2;
	v[1].n = (size_t)snprintf(num, sizeof(num), "%lu", i);
	v[1].p = num;
	return ts_dupes_add(d, v, 2, line, f);
}

/* N keys in file a, then every 7th of them again, then new ones, in b. */
static void
run(size_t budget, unsigned long n, const char *name)
{
	ts_dupes *d = ts_dupes_new(budget, NULL);
	struct ts_dupes_first f;
	unsigned long i, news = 0, repeats = 0, wrong_where = 0, missed = 0;
	char msg[160];

	ts_dupes_file(d, "a");
	for (i = 0; i < n; i++)
		news += add(d, i, i + 2, &f) == 1;
	ts_dupes_file(d, "b");
	for (i = 0; i < n; i += 7) {
		if (add(d, i, i + 2, &f) != 0) {
			missed++;
			continue;
		}
		repeats++;
		if (f.file == NULL || strcmp(f.file, "a") != 0 || f.line != i + 2)
			wrong_where++;
	}
	for (i = n; i < n + 1000; i++)
		news += add(d, i, i, &f) == 1;
	/* A repeat within b, of a key b gave first. */
	ok(add(d, n + 5, 9, &f) == 0 && f.file && strcmp(f.file, "b") == 0 &&
	    f.line == n + 5, "a repeat within the second file names it");
	snprintf(msg, sizeof(msg), "%s: every new key is new", name);
	is_int(news, n + 1000, msg);
	snprintf(msg, sizeof(msg), "%s: every repeat found at once", name);
	is_int(missed, 0, msg);
	snprintf(msg, sizeof(msg), "%s: each with its first file and line", name);
	is_int(wrong_where, 0, msg);
	snprintf(msg, sizeof(msg), "%s: keys spilled to disk", name);
	ok(budget > 1000000 ? ts_dupes_spilled(d) == 0 :
	    ts_dupes_spilled(d) > n / 2, msg);
	(void)repeats;
	ts_dupes_free(d);
}

int
main(void)
{
	ts_dupes *d;
	struct ts_dupes_first f;
	ts_str ab[2] = { { "ab", 2 }, { "c", 1 } }, a_bc[2] = { { "a", 1 },
	    { "bc", 2 } };

	run(64 << 20, 100000, "in memory");
	run(64 * 1024, 20000, "64 KiB, many runs");
	run(256 * 1024, 100000, "256 KiB");

	d = ts_dupes_new(0, NULL);
	ts_dupes_file(d, "x");
	ok(ts_dupes_add(d, ab, 2, 1, &f) == 1, "(ab, c) is new");
	ok(ts_dupes_add(d, a_bc, 2, 2, &f) == 1, "(a, bc) is another key");
	ok(ts_dupes_add(d, ab, 2, 3, &f) == 0 && f.line == 1,
	    "(ab, c) again repeats line 1");
	ok(ts_dupes_add(d, ab, 1, (uint64_t)1 << 33, &f) == 1,
	    "(ab) alone is new, on a line past 2^32");
	ok(ts_dupes_add(d, ab, 1, 5, &f) == 0 && f.file == NULL,
	    "its repeat is found; where it was is not known");
	ts_dupes_free(d);
	return done_testing();
}
