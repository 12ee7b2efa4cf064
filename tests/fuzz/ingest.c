/*
 * libFuzzer target: the whole ingest of one CSV input (lib/ingest.c),
 * without output, with the generic profile: header mapping and every
 * normalisation on arbitrary rows. Counts must balance.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"
#include "regions.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ts_profile *profile;
	static ts_pseudonym *key;
	struct ts_ingest_opts o;
	struct ts_ingest_stats st;
	ts_ingest *g;

	if (profile == NULL) {
		if ((profile = ts_profile_load("generic")) == NULL)
			abort();
		key = ts_pseudonym_new((const unsigned char *)"fuzzing key, 32 bytes long......", 32);
	}
	if (size < 1)
		return 0;
	memset(&o, 0, sizeof(o));
	o.profile = profile;
	o.delim = o.encoding = -1;
	o.country = data[0] % 3;
	o.lenient = (data[0] >> 2) & 1;
	o.key = (data[0] & 8) ? key : NULL;
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
