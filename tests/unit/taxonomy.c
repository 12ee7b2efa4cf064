/* Unit tests: the installed taxonomy and roll-ups. */
#include "../tap.h"
#include "taxonomy.h"

int
main(void)
{
	ts_taxonomy *t = ts_taxonomy_load(NULL);
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
	return done_testing();
}
