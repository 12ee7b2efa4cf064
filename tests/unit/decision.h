/*
 * decision.h - the category the default rules give a label, as the corpus
 * files write it ("category" or "category/subcategory", "unclassified"
 * when no rule placed it), for the unit tests that score labels.
 * Include after rules.h.
 */
#ifndef TS_TEST_DECISION_H
#define TS_TEST_DECISION_H

#include <stdio.h>

#include "rules.h"

/*
 * Evaluates LABEL[0..n) with R and writes its category to GOT (CAP
 * bytes); returns what ts_rules_eval returned.
 */
static long
decision(ts_rules *r, const char *label, size_t n, char *got, size_t cap)
{
	ts_error te;
	long k = ts_rules_eval(r, (ts_str){ label, n }, NULL, &te);

	if (k >= 0) {
		const ts_rule *ru = ts_rules_at(r, (size_t)k);
		snprintf(got, cap, "%s%s%s", ru->category,
		    ru->subcategory[0] ? "/" : "", ru->subcategory);
	} else
		snprintf(got, cap, "unclassified");
	return k;
}

#endif
