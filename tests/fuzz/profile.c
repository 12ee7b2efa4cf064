/* libFuzzer target: JSON source profiles (lib/profile.c). */
#include <stdint.h>
#include <stdlib.h>

#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ts_profile *p = ts_profile_parse((const char *)data, size, "fuzz");
	int r;

	if (p == NULL)
		return 0;
	for (r = 0; r < TS_NROLES; r++)
		(void)ts_profile_code(p, r, "1", 1);
	ts_profile_free(p);
	return 0;
}
