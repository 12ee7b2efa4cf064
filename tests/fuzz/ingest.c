/*
 * libFuzzer target: the whole ingest of one CSV input (lib/ingest.c),
 * without output, with the generic profile: header mapping and every
 * normalisation on arbitrary rows. Counts must balance.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_run.h"
#include "regions.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ts_profile *profile;
	static ts_pseudonym *key;

	if (profile == NULL) {
		if ((profile = ts_profile_load("generic")) == NULL)
			abort();
		key = ts_pseudonym_new((const unsigned char *)"fuzzing key, 32 bytes long......", 32);
	}
	if (size < 1)
		return 0;
	/* The first byte picks the options; the format is detected. */
	fuzz_ingest_run(profile, -1, data[0] % 3, (data[0] >> 2) & 1,
	    (data[0] & 8) ? key : NULL, data + 1, size - 1);
	return 0;
}
