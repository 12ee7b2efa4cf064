/*
 * report_levels.h - the region level the report's sources share.
 *
 * share/regions/levels.tsv lists child regions and the parent region
 * that contains each (PE-LMA within PE-LIM). A source that has any row
 * of a country's children reports at the finer level; a source with rows
 * of that country but none of its children reports at the coarser one.
 * When some source reports at the coarser level, every child of that
 * country is folded into its parent in the accumulator, so that every
 * table, chart, coverage list and output format sees one level.
 */
#ifndef TS_REPORT_LEVELS_H
#define TS_REPORT_LEVELS_H

#include <stddef.h>

#include "util.h"

struct ts_report_acc;
struct ts_map;

typedef struct ts_report_levels {
	char **child, **parent; /* the pairs folded */
	size_t n;
} ts_report_levels;

/*
 * Decides the level per country and folds the region groups of A.
 * Returns the pairs folded (possibly none), or NULL with E filled
 * (TS_EXIT_IO) when the installed levels.tsv cannot be read.
 */
ts_report_levels *ts_report_levels_fold(struct ts_report_acc *a,
    ts_error *e);
/*
 * The same decision for any reader (plot --by region): SRCREG holds one
 * "source \x1f region" key for every source and region seen together.
 * Returns the pairs to fold (possibly none), or NULL with E filled.
 */
ts_report_levels *ts_report_levels_decide(const struct ts_map *srcreg,
    ts_error *e);
/* 1 when CODE was folded into its parent. */
int ts_report_levels_folded(const ts_report_levels *l, const char *code);
void ts_report_levels_free(ts_report_levels *l);

#endif
