/*
 * libFuzzer target: the rules-file parser (ts_rules_parse) on arbitrary
 * bytes; when they parse, a few labels are classified with them, so the
 * compiled patterns, definitions and conditions run too, including the
 * retry with one space removed (a label with spaces that nothing matches)
 * and the mending of words one edit from a "~" word. Each label is
 * classified without the prefilter and with it (lib/prefilter.h, which
 * reads every pattern): the two must decide alike.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "records.h"
#include "rules.h"
#include "taxonomy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ts_taxonomy *tax;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const labels[] = {
		"TELECONSULTA", "Teleorientación síncrona", "99499.10", "",
		"ASESORIA MEDICA A DISTANCIA COVID-19", "\xff\xfe tele", "Telecron",
		"TELECON SULTA", "a b c d e f g h i j k l m n o p q r s t",
		"teleorientaci\xc3\x83\xc2\xb3n", " ",
		"consulta telefnica virutal a distancai", "x y videollamdaa zz",
		"12345 - A09 - 7 CARD TELE HEALTH", "tel econsulta e-consulta",
		"1 2 3 4 5", "e-",
	};
	ts_error te;
	ts_rules *r;
	size_t i;

	if (tax == NULL)
		tax = ts_taxonomy_load(NULL, NULL);
	r = ts_rules_parse((const char *)data, size, "fuzz.rules", tax, &te);
	if (r == NULL)
		return 0;
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		ts_str l = { labels[i], strlen(labels[i]) };
		ts_str cols[64];
		size_t c, nc = ts_rules_ncolumns(r), formn;
		char formbuf[4096];
		ts_str form = { "", 0 };
		long k, k2;
		int how;
		for (c = 0; c < nc && c < 64; c++)
			cols[c] = l;
		if (nc > 64)
			break;
		ts_rules_set_prefilter(r, 0);
		k = ts_rules_eval(r, l, cols, &te);
		if (k >= 0 && ts_rules_at(r, (size_t)k) == NULL)
			abort();
		how = ts_rules_reading(r, &form);
		formn = how != TS_READ_LABEL && form.n < sizeof(formbuf) ?
		    form.n : 0;
		memcpy(formbuf, form.p, formn);
		ts_rules_set_prefilter(r, 1);
		k2 = ts_rules_eval(r, l, cols, &te);
		/*
		 * The prefilter passes over only patterns that cannot match:
		 * the same rule, read the same way. (A pattern that fails on
		 * PCRE2's limits without it may be passed over with it.)
		 */
		if (k != -2 && k2 != -2 && (k2 != k ||
		    ts_rules_reading(r, &form) != how || (how != TS_READ_LABEL &&
		    (form.n != formn || memcmp(form.p, formbuf, formn) != 0))))
			abort();
	}
	ts_rules_free(r);
	return 0;
}
