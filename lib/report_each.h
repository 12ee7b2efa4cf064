/*
 * report_each.h - telestat-report(1) --each COLUMN: one report per
 * distinct value of the column (institution, region), in one run.
 *
 * The inputs are read once and split: the records of each value are
 * copied, as they are, after their header, into a temporary file of
 * their own (created in $TMPDIR, or /tmp, and unlinked at once, so no
 * file is left behind however the run ends). Then each value's report is
 * made from its file, one after another, exactly as ts_report_run makes
 * one: the same as `telestat filter -e COLUMN=VALUE | telestat report`.
 * Memory is that of one report at a time (plus the list of values);
 * disk, one copy of the input.
 */
#ifndef TS_REPORT_EACH_H
#define TS_REPORT_EACH_H

#include "report_run.h"

/* Values of an --each column: more is refused before any report. */
#define TS_EACH_MAX_VALUES 1000

/*
 * COLUMN is "institution" or "region"; O->output a file name pattern
 * with one "%s" (ts_report_each_pattern_ok), replaced by the value made
 * safe for a file name (ts_report_each_name). Rows without a value are
 * in no report (a warning says how many). Returns the worst exit status
 * of the split and of the runs. No report is written when the split
 * fails (an unreadable input, too many values, two values with the same
 * file name).
 */
int ts_report_each_run(const struct ts_report_run_opts *o,
    const struct ts_inputs *in, const char *column);

/* 1 when PATTERN holds "%s" once and no other '%'. */
int ts_report_each_pattern_ok(const char *pattern);

/*
 * VALUE[0..n) (unescaped) made safe for a file name, as a new string:
 * ASCII letters, digits, '-' and '_' are kept (a leading '-' becomes
 * '_', so the name is never taken for an option); a Latin letter with
 * an accent (UTF-8) keeps its base letter ("Á" -> "A", "ñ" -> "n"); every
 * run of other bytes (spaces, '.', '/') becomes one '_'. So region
 * codes and institution codes stay as they are ("PE-LIM", "MX-CHP",
 * "IMSS-BIENESTAR"), "Lima Metropolitana" becomes "Lima_Metropolitana",
 * "../x" becomes "_x": no slash, no leading dot.
 */
char *ts_report_each_name(const char *value, size_t n);

#endif
