/*
 * libFuzzer target: the JSON side of ingest (JSON arrays, NDJSON, FHIR
 * Bundles and Encounters) through lib/ingest.c, without output. The first
 * byte picks the profile (generic, fhir, cenetec-summary) and the format
 * (json or ndjson); the rest is the input. Counts must balance: every
 * record is written or rejected, once.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "generic", "fhir", "cenetec-summary" };
	static ts_profile *profiles[3];
	static ts_pseudonym *key;
	struct ts_ingest_opts o;
	struct ts_ingest_stats st;
	ts_ingest *g;
	size_t i;

	if (profiles[0] == NULL) {
		for (i = 0; i < 3; i++)
			if ((profiles[i] = ts_profile_load(names[i])) == NULL)
				abort();
		key = ts_pseudonym_new((const unsigned char *)"fuzzing key, 32 bytes long......", 32);
	}
	if (size < 1)
		return 0;
	memset(&o, 0, sizeof(o));
	o.profile = profiles[data[0] % 3];
	o.delim = o.encoding = -1;
	o.country = (data[0] >> 2) % 3;
	o.format = (data[0] & 16) ? TS_FORMAT_NDJSON : TS_FORMAT_JSON;
	o.key = (data[0] & 32) ? key : NULL;
	o.quiet = 1;
	o.max_errors = UINT64_MAX;
	if ((g = ts_ingest_new(&o)) == NULL)
		abort();
	(void)ts_ingest_file(g, ts_input_memory(data + 1, size - 1, "fuzz"), NULL);
	ts_ingest_totals(g, &st);
	if (st.read != st.written + st.rejected)
		abort();
	ts_ingest_free(g);
	return 0;
}
