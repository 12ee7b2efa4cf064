/*
 * readopts.h - the options that say how a raw export is read, one table
 * for telestat-ingest(1) and telestat-validate(1), so that validate reads
 * a file exactly as ingest would and its hints name options it has:
 *
 *   -p, --profile NAME|FILE   -d, --delimiter C   --encoding ENC
 *   --country PE|MX   --map COL=HEADER,...   --date-format FMT
 *   --lookup ROLE=FILE[:KEY:VALUE]   --format FMT   --lenient
 *   --duplicates keep|reject
 *
 * A verb merges its own options with ts_readopts_longopts() and hands
 * each option getopt_long returns to ts_readopts_take() first.
 */
#ifndef TS_READOPTS_H
#define TS_READOPTS_H

#include <getopt.h>
#include <stddef.h>

#include "ingest.h"

/* The short reading options, for getopt_long's option string. */
#define TS_READOPTS_SHORT "p:d:"
/* Codes of the long-only reading options start here: a verb's are lower. */
#define TS_READOPT_FIRST 0x1000

struct ts_readopts {
	struct ts_ingest_opts *o;       /* where the values go */
	const char *profile;            /* -p (default "generic") */
	int profile_given;
	int other_given;                /* a reading option other than -p */
	/* Owned lists that O points into. */
	const char **date_formats;
	struct ts_ingest_lookup *lookups;
};

/* Starts R over O: the profile's delimiter, encoding, country, format. */
void ts_readopts_init(struct ts_readopts *r, struct ts_ingest_opts *o);
void ts_readopts_free(struct ts_readopts *r);

/*
 * OWN (ended by a zero entry) followed by the reading options, as one
 * table for getopt_long; free() it.
 */
struct option *ts_readopts_longopts(const struct option *own);

/*
 * Takes option CH with argument ARG (modified: lists are split in place).
 * Returns 1 when CH is a reading option and was applied, 0 when it is
 * not one, -1 with E set: a usage error.
 */
int ts_readopts_take(struct ts_readopts *r, int ch, char *arg, ts_error *e);

#endif
