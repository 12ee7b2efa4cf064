/*
 * classify.h - the record path of telestat-classify(1).
 *
 * Fills the category, subcategory and with_patient columns (and rule,
 * with --explain) of each record, in place when the input has them,
 * appended otherwise; every other byte of the record is copied unchanged.
 *
 * Decisions are memoised per distinct raw service label (joined with the
 * raw values of the columns that rule conditions look at, if any): the
 * label is normalised and the rules run once per distinct key, so a row
 * costs one hash lookup and one copy. Memory grows with distinct labels,
 * never with rows.
 */
#ifndef TS_CLASSIFY_H
#define TS_CLASSIFY_H

#include <stdint.h>
#include <stdio.h>

#include "out.h"
#include "records.h"
#include "rules.h"
#include "runsum.h"

typedef struct ts_classifier ts_classifier;

/*
 * RULES is borrowed and must outlive the classifier. EXPLAIN adds the
 * "rule" column; STATS keeps per-label counts for ts_classifier_report.
 */
ts_classifier *ts_classifier_new(ts_rules *rules, int explain, int stats);
void ts_classifier_free(ts_classifier *c);

/*
 * Binds the classifier to the header of R. The first successful call
 * fixes the output columns and writes the output header to O; later calls
 * (further input files) require exactly the same columns. Returns 0, or
 * -1 after printing why R's records cannot be classified (no service
 * column, different columns): the caller skips that input.
 */
int ts_classifier_begin(ts_classifier *c, ts_reader *r, ts_out *o);

/*
 * Classifies the record just read from the bound reader (FIELDS and RAW as
 * ts_reader_next and ts_reader_raw give them) and writes it to O. Returns
 * 0, or -1 when PCRE2 failed on this label (reported once per label; the
 * record is written as unclassified).
 */
int ts_classifier_row(ts_classifier *c, ts_str *fields, ts_str raw, ts_out *o);

/*
 * Makes the classifier write no records (and no header): for --suggest,
 * which reports on the stream instead. Call before ts_classifier_begin.
 */
void ts_classifier_set_quiet(ts_classifier *c);

/*
 * Writes to O, for --suggest, a rules(5) line for each label no rule
 * matched, most frequent first, at most TOP of them (0: all), each after
 * a comment with its count and the words that point to the category
 * (suggest.h). Needs STATS. Returns 0, or -1 when PCRE2 failed on a
 * label (reported).
 */
int ts_classifier_suggest(const ts_classifier *c, ts_out *o, size_t top);

/* Number of distinct labels (memo keys) seen. */
size_t ts_classifier_labels(const ts_classifier *c);

/*
 * Writes the --stats report to F: records per category[/subcategory],
 * then the TOP most frequent labels that no rule matched.
 */
void ts_classifier_report(const ts_classifier *c, FILE *f, size_t top);

/*
 * Adds the records classified since the last call (one file's), per
 * category, to S's current file (needs STATS).
 */
void ts_classifier_summary(ts_classifier *c, ts_runsum *s);

/* The whole verb, telestat-classify(1). */
struct ts_classify_opts {
	const char *rules;              /* NULL: the installed rules */
	int explain;                    /* add the rule column */
	int stats;                      /* counts and unmatched labels */
	int suggest;                    /* rules lines instead of records */
	size_t top;                     /* labels listed by --stats */
	size_t suggest_top;             /* by --suggest (0: all) */
	const char *summary;            /* --summary FILE, or NULL */
	ts_progress *progress;          /* the progress line, or NULL; not
	                                   owned */
};

typedef struct ts_classify ts_classify;

/*
 * Reads the taxonomy and the rules O names. NULL with E set (its message
 * empty when it was printed already), before any record is read.
 */
ts_classify *ts_classify_open(const struct ts_classify_opts *o,
    ts_error *e);
void ts_classify_free(ts_classify *c);

/*
 * Classifies every input to OUT (or, with suggest, writes the rules
 * lines) and syncs it (ts_out_sync), prints the counts and writes the
 * summary, then finishes OUT (ts_out_finish) and frees it and publishes
 * the summary: a failure leaves both old files as they were. Returns the
 * exit status.
 */
int ts_classify_run(ts_classify *c, const struct ts_inputs *in, ts_out *out);

#endif
