/*
 * validate.h - telestat-validate(1): raw exports checked as ingest would
 * read them (lib/ingest.c run with no output, so validate and ingest
 * always agree), or records streams against telestat-records(5)
 * (lib/records' framing and lib/recordcheck's value checks). Writes a
 * verdict per file and a total line; no data.
 */
#ifndef TS_VALIDATE_H
#define TS_VALIDATE_H

#include <stdint.h>

#include "ingest.h"
#include "input.h"
#include "out.h"
#include "progress.h"

struct ts_validate_opts {
	int records;                    /* the inputs are records streams */
	/*
	 * Raw exports: how ingest would read them (profile required);
	 * max_messages and summary are set from the fields below.
	 */
	struct ts_ingest_opts ingest;
	const char *profile_name;       /* for the summary */
	uint64_t max_messages;          /* print this many problems
	                                   (UINT64_MAX: all), count the rest */
	double max_rate;                /* --max-reject-rate; < 0: none */
	const char *summary;            /* --summary FILE, or NULL */
	ts_progress *progress;          /* the progress line, or NULL; not
	                                   owned */
};

/*
 * Checks every input and writes the verdicts to OUT, which it closes;
 * then writes the summary. Returns the exit status: TS_EXIT_OK valid, TS_EXIT_DATA problems,
 * TS_EXIT_IO unreadable; TS_EXIT_USAGE when a --map or --keep column is
 * not in a header (the caller prints its usage: nothing more was done).
 */
int ts_validate_run(const struct ts_validate_opts *o,
    const struct ts_inputs *in, ts_out *out);

#endif
