/*
 * ingest_run.h - the part the ingest fuzz targets share: one input
 * through lib/ingest.c without output, and the balance every run must
 * keep (rows read = written + rejected + skipped, the rows out of scope
 * such as in-person encounters), else abort() for libFuzzer.
 */
#ifndef TS_FUZZ_INGEST_RUN_H
#define TS_FUZZ_INGEST_RUN_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"

static inline void
fuzz_ingest_run(const ts_profile *profile, int format, int country,
    int lenient, const ts_pseudonym *key, const uint8_t *data, size_t size)
{
	struct ts_ingest_opts o;
	struct ts_ingest_stats st;
	ts_ingest *g;

	memset(&o, 0, sizeof(o));
	o.profile = profile;
	o.delim = o.encoding = -1;
	o.format = format;
	o.country = country;
	o.lenient = lenient;
	o.key = key;
	o.quiet = 1;
	o.max_errors = UINT64_MAX;
	if ((g = ts_ingest_new(&o)) == NULL)
		abort();
	(void)ts_ingest_file(g, ts_input_memory(data, size, "fuzz"), NULL);
	ts_ingest_totals(g, &st);
	if (st.read != st.written + st.rejected + st.skipped)
		abort();
	ts_ingest_free(g);
}

#endif
