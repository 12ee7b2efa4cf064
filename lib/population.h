/*
 * population.h - population tables for rates per 1 000 inhabitants (the
 * report's rates table and map, plot --map-metric rate).
 *
 * A table has the columns region, year and population (share/population/
 * <country>.tsv, or the user's --population FILE); every row is checked
 * when the table is read.
 *
 * One vintage for all: a year's rates divide by the figures of one year
 * of the table for every region, so that regions are compared on the same
 * footing (a projection for one region and a census for its neighbour
 * would not be). The vintage is the table's year that gives a figure to
 * the most regions of the report, the nearest to the report's year among
 * those, the earlier on a tie; a region without a figure in that year has
 * no rate.
 */
#ifndef TS_POPULATION_H
#define TS_POPULATION_H

#include <stddef.h>
#include <stdint.h>

typedef struct ts_poptab ts_poptab;

/*
 * Opens FILE, or when FILE is NULL share/population/CC.tsv (CC two
 * letters, any case). Returns NULL with *STATUS -1 when FILE is NULL and
 * there is no table for CC (no message), or with *STATUS an exit status
 * after a message on standard error ("--population: FILE:LINE: reason").
 */
ts_poptab *ts_poptab_open(const char *file, const char *cc, int *status);
void ts_poptab_free(ts_poptab *t);

/* The table's name for notes: FILE as given, or share/population/cc.tsv. */
const char *ts_poptab_name(const ts_poptab *t);

/* The population of REGION in YEAR, or 0 when the table has no row. */
int64_t ts_poptab_get(const ts_poptab *t, const char *region, int year);

/*
 * The vintage for YEAR (see above): COVERED(T, Y, ARG) says how many of
 * the caller's regions have a figure in the table's year Y. 0 when no
 * year covers any.
 */
int ts_poptab_vintage(const ts_poptab *t, int year,
    size_t (*covered)(const ts_poptab *t, int y, void *arg), void *arg);

#endif
