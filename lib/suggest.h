/*
 * suggest.h - rules proposed for labels no rule matched,
 * telestat-classify(1) --suggest.
 *
 * The rules file names what a telehealth label is made of (see
 * telestat-rules(5)): @remote, the words saying the service happened at a
 * distance, and one definition per category named after it
 * (@teleconsulta, @telemonitoreo...), the stems saying what was done,
 * in the order they are defined, most specific first. A label no rule
 * matched is cut into words and each definition is searched in it; a word
 * starting with "tele" is a remote marker whose remainder is searched for
 * a stem too ("telefarmacia": marker, remainder "farmacia"). Then:
 *
 *   marker and stem       the stem's category, both words required;
 *   stem, no marker       the stem's category, with the word after
 *                         "por", "via", "by"... (else the first other
 *                         word) as the marker to check;
 *   marker, no stem       teleconsulta, the most general category;
 *   neither               unclassified, the whole label.
 *
 * The result is a rules(5) line (CATEGORY TAB PATTERN) and the words that
 * point to it.
 */
#ifndef TS_SUGGEST_H
#define TS_SUGGEST_H

#include <stdint.h>

#include "out.h"
#include "records.h"
#include "rules.h"

/* What pointed to the category, strongest first. */
enum ts_suggest_kind {
	TS_SUGGEST_MARKER_STEM,  /* a remote marker and a stem */
	TS_SUGGEST_STEM_MEDIUM,  /* a stem and a medium ("por celular") */
	TS_SUGGEST_STEM_OTHER,   /* a stem and another word to check */
	TS_SUGGEST_MARKER,       /* a remote marker, no stem */
	TS_SUGGEST_STEM,         /* a stem alone */
	TS_SUGGEST_NONE          /* nothing: unclassified */
};

typedef struct ts_suggestion {
	enum ts_suggest_kind kind;
	const char *category;   /* taxonomy name (owned by the rules' taxonomy) */
	const char *why;        /* static text: what pointed there */
	char *marker;           /* remote words found, "" if none (owned) */
	char *stem;             /* stem words found, "" if none (owned) */
	char *pattern;          /* a rules(5) pattern (owned) */
} ts_suggestion;

/*
 * Fills S for LABEL (raw, not yet normalised). Returns 0, or -1 when
 * PCRE2 failed on a definition (S is then empty). Free S with
 * ts_suggestion_free.
 */
int ts_suggest(ts_rules *r, ts_str label, ts_suggestion *s);
void ts_suggestion_free(ts_suggestion *s);

/*
 * Writes S, made for LABEL seen in COUNT records, to O: a comment line
 * with the count, the label, NOTE when not NULL, and the words that point
 * to the category, then the rule line.
 */
void ts_suggestion_write(const ts_suggestion *s, ts_out *o, ts_str label,
    uint64_t count, const char *note);

#endif
