/*
 * Unit test: the prefilter changes no decision. The default rules decide
 * a few thousand distinct labels from bench/labels.pl (the corpora and
 * their variants: split words, typos, case, accents, codes, in-person
 * catalogue labels, long labels) with the prefilter and without it; the
 * rule, the reading (as written, joined, mended) and the form read must
 * be the same for every label, which is what classify --explain prints.
 * TELESTAT_GATE_LABELS sets how many labels (default 3000).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "paths.h"
#include "records.h"
#include "rules.h"
#include "taxonomy.h"

int
main(void)
{
	const char *top = getenv("TELESTAT_TOP");
	const char *nlab = getenv("TELESTAT_GATE_LABELS");
	char *path = ts_share_path("rules");
	char cmd[4200], line[8192];
	ts_taxonomy *tax = ts_taxonomy_load(NULL, NULL);
	ts_rules *on, *off;
	ts_error te;
	FILE *f;
	int n = 0, differ = 0, how_count[3] = { 0, 0, 0 }, placed = 0;

	ok(path != NULL && tax != NULL, "default rules and taxonomy found");
	if (path == NULL || tax == NULL)
		return done_testing();
	on = ts_rules_load(path, tax, &te);
	off = ts_rules_load(path, tax, &te);
	ok(on != NULL && off != NULL, "default rules load");
	if (on == NULL || off == NULL)
		return done_testing();
	ts_rules_set_prefilter(on, 1);
	ts_rules_set_prefilter(off, 0);
	snprintf(cmd, sizeof(cmd), "perl '%s/bench/labels.pl' -n %d '%s'",
	    top ? top : ".", nlab ? atoi(nlab) : 3000, top ? top : ".");
	f = popen(cmd, "r");
	ok(f != NULL, "bench/labels.pl runs");
	if (f == NULL)
		return done_testing();
	if (fgets(line, sizeof(line), f) == NULL)     /* the header */
		line[0] = '\0';
	is_str(line, "service\n", "labels come as records");
	while (fgets(line, sizeof(line), f) != NULL) {
		size_t ln = strcspn(line, "\n");
		ts_str l = { line, ln }, fon, foff;
		long kon, koff;
		int hon, hoff;

		kon = ts_rules_eval(on, l, NULL, &te);
		hon = ts_rules_reading(on, &fon);
		koff = ts_rules_eval(off, l, NULL, &te);
		hoff = ts_rules_reading(off, &foff);
		n++;
		if (kon >= 0)
			placed++;
		if (hoff >= 0 && hoff < 3)
			how_count[hoff]++;
		if (kon != koff || hon != hoff || (hon != TS_READ_LABEL &&
		    (fon.n != foff.n || memcmp(fon.p, foff.p, fon.n) != 0))) {
			differ++;
			if (differ <= 10)
				printf("# \"%.*s\": rule %ld, read %d with the "
				    "prefilter; rule %ld, read %d without\n",
				    (int)ln, line, kon, hon, koff, hoff);
		}
	}
	is_int(pclose(f), 0, "bench/labels.pl ends well");
	ok(n >= 1000, "a thousand labels or more");
	printf("# %d labels: %d placed by a rule, %d read joined, %d mended\n",
	    n, placed, how_count[TS_READ_JOINED], how_count[TS_READ_MENDED]);
	ok(how_count[TS_READ_JOINED] > 0 && how_count[TS_READ_MENDED] > 0 &&
	    placed < n, "joined, mended and unplaced labels among them");
	is_int(differ, 0, "every label decided and read alike with and "
	    "without the prefilter");
	ts_rules_free(on);
	ts_rules_free(off);
	ts_taxonomy_free(tax);
	free(path);
	return done_testing();
}
