/*
 * rules.h - classification rules, telestat-rules(5).
 *
 * A rules file is an ordered list; the first rule that fires decides.
 *
 *   # comment
 *   CATEGORY[/SUBCATEGORY] <TAB> [!]PATTERN [<TAB> COLUMN=PATTERN | COLUMN!=PATTERN]...
 *
 * PATTERN is a PCRE2 regular expression (compiled caseless, UTF, with JIT)
 * searched for in the normalised service label (normalize.h); accented
 * letters in patterns are folded the same way. A COLUMN=PATTERN condition
 * must also be found in the normalised value of COLUMN, and
 * COLUMN!=PATTERN must not. A rule fires when its pattern and all its
 * conditions hold. A plain rule then assigns its category and ends the
 * search. A rule whose pattern starts with "!" is an exclusion: when it
 * fires, the remaining rules of that target are skipped for this label
 * (a bare CATEGORY blocks all its subcategories; CATEGORY/SUB blocks only
 * that subcategory) and the search goes on with the other rules. Runs of
 * TABs count as one.
 *
 *   ~ <TAB> WORD WORD ...
 *
 * lists marker and stem words (TS_RULES_TYPO_MIN letters or more) the
 * label is read with; a word written "=WORD" is a real word kept as
 * written, never mended to. Before any rule runs, a listed word split by one
 * space is joined ("tel econsulta"). A label that starts with code words
 * is also read without them, and the first rule in file order that fires
 * on any reading decides. Then each word one edit away (a letter changed,
 * dropped or added, two neighbours swapped) from exactly one listed word
 * is replaced by it and the rules run again; that decision is kept when
 * it is a category. When no rule fired on the label nor on it mended, it
 * is tried again with one space removed, for each of its first
 * TS_RULES_MAX_JOINS spaces in turn (a word split by a stray space); the
 * first rule that fires on one of these forms decides. When still no
 * rule fires the label is unclassified.
 *
 * Categories and subcategories must exist in the taxonomy.
 */
#ifndef TS_RULES_H
#define TS_RULES_H

#include <stddef.h>

#include "util.h"

#include "records.h"
#include "taxonomy.h"

/* Spaces of a label tried one at a time when no rule fires. */
#define TS_RULES_MAX_JOINS 16
/* Letters from which both words around a space are words of their own. */
#define TS_RULES_WORD_ALONE 6
/* Leading code words a label is also read without, one at a time. */
#define TS_RULES_MAX_CODES 3

/*
 * Shortest "~" word: the shorter a word, the more real words lie one edit
 * from it ("audio" and "audit", "video" and "vides").
 */
#define TS_RULES_TYPO_MIN 6

/*
 * The shortest and longest word the rules spell out that a word with
 * letters lost to "?" is restored to ("L?NEA" is "linea").
 */
#define TS_RULES_LOST_MIN 4
#define TS_RULES_LOST_MAX 64

typedef struct ts_rule {
	const char *category;     /* taxonomy name, owned by the rules */
	const char *subcategory;  /* "" when the rule names none */
	int with_patient;         /* enum ts_with_patient, from the taxonomy */
	int exclude;              /* 1 for a "!PATTERN" rule */
	unsigned long line;       /* line in the rules file */
	const char *where;        /* "NAME:LINE", owned by the rules */
} ts_rule;

typedef struct ts_rules ts_rules;

/*
 * Parses rules from TEXT[0..n), named NAME in messages. On success
 * returns the rules (free with ts_rules_free). On the first error returns
 * NULL with E filled (TS_EXIT_DATA) as "NAME:LINE: reason"; for a bad
 * regular expression the reason ends with PCRE2's message and the byte
 * offset in the pattern as written. TAX must outlive the rules.
 */
ts_rules *ts_rules_parse(const char *text, size_t n, const char *name,
    const ts_taxonomy *tax, ts_error *e);
/*
 * Reads PATH (gzip allowed) and parses it; errors as ts_rules_parse,
 * except that when PATH cannot be read the reason has already been
 * printed and E's message is empty (its status says why: ts_open_status,
 * or TS_EXIT_IO).
 */
ts_rules *ts_rules_load(const char *path, const ts_taxonomy *tax,
    ts_error *e);
void ts_rules_free(ts_rules *r);

const char *ts_rules_name(const ts_rules *r);
/* The taxonomy the rules were checked against. */
const ts_taxonomy *ts_rules_taxonomy(const ts_rules *r);
size_t ts_rules_count(const ts_rules *r);
const ts_rule *ts_rules_at(const ts_rules *r, size_t i);

/*
 * Columns other than the service label that conditions look at, in a
 * fixed order (names owned by the rules). ts_rules_eval takes their
 * values in this order.
 */
size_t ts_rules_ncolumns(const ts_rules *r);
const char *ts_rules_column(const ts_rules *r, size_t i);

/*
 * Classifies one label: LABEL is the service text and COLS[i] the value
 * of ts_rules_column(i), all unescaped and not yet normalised. Returns
 * the index of the rule that fired, -1 when none did, or -2 when PCRE2
 * failed (match or depth limit on a pathological pattern): then E
 * (TS_EXIT_DATA) holds "NAME:LINE: reason". Not thread-safe (scratch
 * buffers live in R).
 */
long ts_rules_eval(ts_rules *r, ts_str label, const ts_str *cols,
    ts_error *e);

/*
 * Before a rule's pattern runs on a form of the label, a prefilter
 * (prefilter.h) checks that the form holds the literal text the pattern
 * cannot match without ("tel" and one of "consult", "visit" ...); a rule
 * whose pattern lacks it is passed over, as PCRE2 would find no match.
 * Most of the cost of a label no rule places is its joined forms failing
 * on every rule, so this is where classify's time per distinct label
 * goes down; no decision changes. By default the prefilter is built once
 * the rules have run a few dozen patterns per rule (reading the patterns
 * costs about what a few labels do, which a stream of a few distinct
 * labels would never win back). ON 1 builds it now and uses it, ON 0
 * runs every pattern: for tests that check that both decide alike, and
 * for measuring.
 */
void ts_rules_set_prefilter(ts_rules *r, int on);

/*
 * The I-th "~" marker word (normalised), NULL past the last: for tests
 * that misspell labels the way the mending reads them.
 */
const char *ts_rules_marker(const ts_rules *r, size_t i);

/*
 * Writes to DST (NORM.n + 1 bytes, apart from NORM) the normalised label
 * NORM with each "~" marker word that one stray space split joined ("tel
 * econsulta" is "teleconsulta"), as the rules read it before any rule
 * runs; returns its length, NORM.n when nothing was joined.
 */
size_t ts_rules_join_markers(const ts_rules *r, ts_str norm, char *dst);

/*
 * How the last ts_rules_eval read its label. TS_READ_LABEL: as it is
 * (normalised). TS_READ_JOINED: the decision was taken on it with a
 * space removed (a "~" word or another word split by a stray space).
 * TS_READ_MENDED: the category was found once the words one edit from
 * a "~" word were mended. TS_READ_UNCODED:
 * a rule earlier in the file fired on it without its leading code
 * ("12345 - CARD TELEHEALTH APPT" read as "card telehealth appt").
 * TS_READ_SPACED: no rule fired on any other reading, and one did once
 * every "?" that stood for a lost letter separated words instead
 * (ts_normalize_spaced). TS_READ_RESTORED: words whose accented
 * letters an export lost to "?" were restored to words the rules spell
 * out ("L?NEA TELEF?NICA" read as "linea telefonica"), and no other
 * reading decided. For the last five, *FORM (when FORM is not
 * NULL) is the normalised form the rules decided on, valid until the
 * next ts_rules_eval. Whether a join of
 * split "~" words changed the decision is worked out here, on the first
 * call after ts_rules_eval, so that evaluation does not pay for it.
 */
enum ts_rules_reading {
	TS_READ_LABEL, TS_READ_JOINED, TS_READ_MENDED, TS_READ_UNCODED,
	TS_READ_SPACED, TS_READ_RESTORED
};
int ts_rules_reading(ts_rules *r, ts_str *form);

/*
 * Definitions (@NAME), in the order they appear in the file; names owned
 * by the rules. ts_rules_def_find returns the index of NAME or -1.
 */
size_t ts_rules_def_count(const ts_rules *r);
const char *ts_rules_def_name(const ts_rules *r, size_t i);
long ts_rules_def_find(const ts_rules *r, const char *name);
/*
 * Searches definition I alone in S (a normalised label) from byte FROM;
 * returns 1 with the match in [*MSTART, *MEND), 0 when there is none, -1
 * when PCRE2 failed. Not thread-safe, like ts_rules_eval.
 */
int ts_rules_def_search(ts_rules *r, size_t i, ts_str s, size_t from,
    size_t *mstart, size_t *mend);

#endif
