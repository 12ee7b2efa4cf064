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

#include "ingest_run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "generic", "fhir", "cenetec-summary" };
	static ts_profile *profiles[3];
	static ts_pseudonym *key;
	size_t i;

	if (profiles[0] == NULL) {
		for (i = 0; i < 3; i++)
			if ((profiles[i] = ts_profile_load(names[i])) == NULL)
				abort();
		key = ts_pseudonym_new((const unsigned char *)"fuzzing key, 32 bytes long......", 32);
	}
	if (size < 1)
		return 0;
	fuzz_ingest_run(profiles[data[0] % 3],
	    (data[0] & 16) ? TS_FORMAT_NDJSON : TS_FORMAT_JSON,
	    (data[0] >> 2) % 3, 0, (data[0] & 32) ? key : NULL,
	    data + 1, size - 1);
	return 0;
}
