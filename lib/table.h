/*
 * table.h - the aggregate table as people read it: names beside the
 * codes (labels.h) and the wide (pivoted) shape, written by
 * telestat-aggregate(1) and telestat-merge(1).
 *
 * The long table (ts_agg_write) has one row per group: key columns,
 * then metric columns. With labels, a label column follows each key
 * column that has names ("region", "region_name"). The wide table
 * spreads one key over the columns: one row per value of the other
 * keys, one column per value V of the spread key, named "METRIC:V"
 * ("count:teleconsulta", "count:2025"; "count:" for an empty value),
 * a cell 0 where the group does not exist; with totals, a last column
 * named after the metric ("count") and a last row "Total". Columns are
 * ordered by value, numerically when every value is a number.
 *
 * Memory: the groups are already held by the agg; the wide shape adds
 * about 16 bytes per group and one row of cells, and takes at most
 * TS_TABLE_MAX_COLUMNS values of the spread key (a key with more values
 * is no table for a spreadsheet: ts_table_write refuses it).
 *
 * Tables in the wide shape are for people and spreadsheets; the verbs
 * that read tables recognise their "METRIC:V" columns
 * (ts_table_wide_column) and refuse them with a message that says so.
 */
#ifndef TS_TABLE_H
#define TS_TABLE_H

#include <stddef.h>

#include "agg.h"
#include "labels.h"
#include "out.h"
#include "records.h"

#define TS_TABLE_MAX_COLUMNS 1024

typedef struct ts_table_opts {
	const ts_labels *labels;  /* NULL: codes only */
	const char *wide;         /* the key spread over columns, or NULL */
	int totals;               /* wide only: totals row and column */
} ts_table_opts;

/*
 * Checks OPTS against the agg's SPEC: the wide key is one of the keys,
 * one metric only, totals only for a wide table of a metric that adds
 * up (not patients). Returns 0, or -1 with E filled (TS_EXIT_USAGE).
 */
int ts_table_opts_check(const ts_agg_spec *spec, const ts_table_opts *opts,
    ts_error *e);

/*
 * Writes A's table to O as OPTS says (the long table without labels is
 * exactly ts_agg_write's). Returns TS_EXIT_OK, or TS_EXIT_DATA after a
 * message, with nothing written, when the spread key has more than
 * TS_TABLE_MAX_COLUMNS values, a column name would repeat another, or
 * a total would pass 2^63-1; TS_EXIT_IO after a message when the
 * patients spilled to disk failed (ts_agg_settle).
 */
int ts_table_write(ts_agg *a, const ts_table_opts *opts, ts_out *o);

/*
 * The first column of R named like a column of a wide table
 * ("count:...", "patients:..."), or -1. A partial table's
 * "patients:exact" columns count too: callers test for partials first.
 */
int ts_table_wide_column(const ts_reader *r);
/*
 * When R is a wide table: prints "NAME: column "count:x" is a column of a
 * wide table (aggregate --wide), made for spreadsheets; VERB reads the
 * long table (aggregate without --wide)" and returns -1; else 0.
 */
int ts_table_refuse_wide(const ts_reader *r, const char *verb);

/*
 * The options of the table for people, as aggregate and merge take them
 * from the command line: --labels es|en, --wide KEY, --totals, --csv,
 * --bom. TS_TABLE_LONGOPTS are their getopt_long entries; each command's
 * switch hands their codes to ts_table_option.
 */
#define TS_TABLE_LONGOPTS \
	{ "labels", required_argument, NULL, 'L' }, \
	{ "wide", required_argument, NULL, 'W' }, \
	{ "totals", no_argument, NULL, 'T' }, \
	{ "csv", no_argument, NULL, 'C' }, \
	{ "bom", no_argument, NULL, 'B' }

struct ts_table_cli {
	ts_table_opts t;        /* --wide, --totals (t.labels: not loaded) */
	const char *lang;       /* --labels, or NULL */
	int csv, bom;
};

/*
 * Takes option CH with ARG: 1 when it is one of the table's, 0 when it is
 * not, -1 and E (a usage error) for a bad value.
 */
int ts_table_option(struct ts_table_cli *c, int ch, const char *arg,
    ts_error *e);

#endif
