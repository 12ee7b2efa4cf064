/*
 * report_int.h - internals shared by the report modules (not a public
 * interface): table construction, string helpers, the region table.
 */
#ifndef TS_REPORT_INT_H
#define TS_REPORT_INT_H

#include <stdarg.h>

#include "report.h"
#include "util.h"

/* printf into a new string (caller frees). */

/* A new table appended to R; strings are copied (NULL allowed). */
ts_rtable *ts_rtable_add(ts_report *r, const char *id, const char *title,
    const char *key_id, const char *key_label, const char *label_label);
/* Appends a column; returns its index. */
size_t ts_rtable_col(ts_rtable *t, const char *id, const char *label, int kind);
/* Appends a row with empty cells; returns its index (pointers into
 * t->rows move when rows are added). */
size_t ts_rtable_row(ts_rtable *t, const char *key, size_t keylen,
    const char *label, int level, int type);
/* Takes ownership of NOTE. */
void ts_rtable_note(ts_rtable *t, char *note);
void ts_report_note(ts_report *r, char *note);
/* Makes a string owned by the report (for TEXT cells). */
const char *ts_report_keep(ts_report *r, const char *s);

/* Region table: codes in order of first appearance, with names. */
typedef struct ts_report_regions ts_report_regions;
/*
 * Loads PATH, or, when PATH is NULL, share/regions/<country>.tsv for
 * COUNTRY (two letters, any case), into *G. *G is NULL when there is no
 * such file, and when the file has no usable code column (a warning says
 * so). Returns 0, or -1 with E filled (TS_EXIT_IO) when the file cannot
 * be read.
 */
int ts_report_regions_load(const char *path, const char *country,
    ts_report_regions **g, ts_error *e);
void ts_report_regions_free(ts_report_regions *g);
size_t ts_report_regions_count(const ts_report_regions *g);
const char *ts_report_regions_code(const ts_report_regions *g, size_t i);
/* Name of code (LANG's name when the table has one), or NULL. */
const char *ts_report_regions_name(const ts_report_regions *g, const char *code, int lang);
/* Index of CODE or -1. */
long ts_report_regions_find(const ts_report_regions *g, const char *code);

/*
 * The country most region codes belong to ("PE-LIM" -> "PE"): start
 * from { 0 }, add each code (what is not CC-... is passed over; past 16
 * countries, new ones are), then ask for the most frequent.
 */
struct ts_country_tally {
	struct {
		char c[2];
		size_t n;
	} seen[16];
	size_t n;
};
void ts_country_tally_add(struct ts_country_tally *t, const char *p,
    size_t n);
/* The most frequent country in CC, or NULL when no code was added. */
const char *ts_country_tally_top(const struct ts_country_tally *t,
    char cc[3]);

#endif
