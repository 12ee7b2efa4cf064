/* Unit tests: the installed taxonomy and roll-ups. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "taxonomy.h"

/* Writes TEXT to DIR/NAME. */
static void
put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

/* A broken taxonomy is an error on the caller's handle, never an exit. */
static void
broken_tables(void)
{
	char dir[] = "/tmp/telestat-taxonomy.XXXXXX", path[600];
	ts_error e;

	if (mkdtemp(dir) == NULL)
		return;
	snprintf(path, sizeof(path), "%s/taxonomy.tsv", dir);
	put(dir, "taxonomy.tsv", "category\twith_patient\n"
	    "teleconsulta\tyes\n");
	put(dir, "rollups.tsv", "rollup\tchild\tparent\n");
	memset(&e, 0, sizeof(e));
	ok(ts_taxonomy_load(path, &e) == NULL, "missing column: no taxonomy");
	ok(e.status == TS_EXIT_USAGE && !e.usage, "missing column: status 2");
	ok(strstr(e.msg, "missing column \"who_dhi\"") != NULL,
	    "missing column: named");

	put(dir, "taxonomy.tsv", "category\twith_patient\twho_dhi\t"
	    "fhir_class\tes\ten\nteleconsulta\tyes\t2.4.1\tVR\tTc\tTc\n");
	put(dir, "subcategories.tsv", "category\tsubcategory\tes\ten\n"
	    "nope\tx\tx\tx\n");
	ok(ts_taxonomy_load(path, &e) == NULL, "unknown category: no taxonomy");
	ok(strstr(e.msg, "subcategories.tsv:2: unknown category \"nope\"") !=
	    NULL, "unknown category: file and line");

	snprintf(path, sizeof(path), "%s/subcategories.tsv", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/rollups.tsv", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/taxonomy.tsv", dir);
	ok(ts_taxonomy_load(path, &e) == NULL && e.status == TS_EXIT_IO,
	    "no roll-ups file: status 3");
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	ts_taxonomy *t = ts_taxonomy_load(NULL, NULL);
	const ts_category *c;

	ok(ts_taxonomy_count(t) == 10, "ten default categories");
	c = ts_taxonomy_find(t, "telecapacitacion", 16);
	ok(c != NULL && c->with_patient == TS_WP_NO, "telecapacitacion is without patient");
	c = ts_taxonomy_find(t, "teleinterconsulta", 17);
	ok(c != NULL && c->with_patient == TS_WP_YES, "teleinterconsulta is with patient");
	is_str(c ? c->who_dhi : NULL, "2.4.4", "teleinterconsulta WHO DHI 2.4.4");
	ok(ts_taxonomy_find(t, "nope", 4) == NULL, "unknown category");
	ok(ts_taxonomy_has_rollup(t, "essalud"), "essalud roll-up exists");
	is_str(ts_taxonomy_parent(t, "essalud", "teletriaje"), "teleconsulta",
	    "essalud folds teletriaje into teleconsulta");
	is_str(ts_taxonomy_parent(t, "essalud", "telemonitoreo"), "telemonitoreo",
	    "telemonitoreo stays");
	is_str(ts_taxonomy_parent(t, NULL, "teletriaje"), "teletriaje",
	    "no roll-up, no folding");
	ts_taxonomy_free(t);
	broken_tables();
	return done_testing();
}
