/*
 * prefilter.h - what text a regular expression needs before it can match.
 *
 * Classifying a label no rule places runs every rule on the label and on
 * up to TS_RULES_MAX_JOINS joined forms of it (rules.h), and most of that
 * time goes to patterns failing on text that lacks the words they look
 * for. A prefilter reads each pattern once, as PCRE2 will compile it, and
 * derives a necessary condition: an AND/OR formula over literal strings
 * ("tel" and one of "consult", "visit", ...) that holds on every subject
 * the pattern can match. Before the patterns run on a subject, one scan
 * finds which of all the literals occur in it; a pattern whose formula is
 * then false cannot match and is not run.
 *
 * The formula is only ever weaker than the pattern: whatever the reader
 * of patterns does not understand (backreferences, recursion, verbs, \Q,
 * extended mode, classes it cannot list) counts as "any text", and a
 * pattern it cannot follow at all gets the formula "true". Subjects are
 * expected normalised (normalize.h: lower-case ASCII); a subject with
 * other bytes (upper case, or any non-ASCII byte, which PCRE2 may match
 * caselessly against an ASCII letter, as U+212A KELVIN SIGN matches "k")
 * is not filtered at all: every pattern may match it.
 */
#ifndef TS_PREFILTER_H
#define TS_PREFILTER_H

#include <stddef.h>

typedef struct ts_prefilter ts_prefilter;

ts_prefilter *ts_prefilter_new(void);
void ts_prefilter_free(ts_prefilter *pf);

/*
 * Reads pattern P[0..n), the text given to pcre2_compile (compiled
 * caseless, in UTF mode, without extended mode), and returns the id of
 * its formula for ts_prefilter_may_match.
 */
size_t ts_prefilter_add(ts_prefilter *pf, const char *p, size_t n);

/*
 * Finds which literals occur in S[0..n). Returns 1 when the formulas can
 * be used on S, 0 when they cannot (a byte other than lower-case ASCII):
 * then every pattern may match S.
 */
int ts_prefilter_scan(ts_prefilter *pf, const char *s, size_t n);

/*
 * After a scan that returned 1: 0 when the pattern of formula ID cannot
 * match the subject scanned, 1 when it may. The scan has worked out every
 * formula from the literals it found (formulas share their parts, such
 * as the remote markers most rules ask for), so this is a lookup.
 */
int ts_prefilter_may_match(const ts_prefilter *pf, size_t id);

/* How many literals the formulas use (for tests). */
size_t ts_prefilter_literals(const ts_prefilter *pf);

#endif
