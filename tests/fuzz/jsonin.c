/* libFuzzer target: JSON record framing and parsing. */
#include <stdint.h>

#include "jsonin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ts_jsonin_fuzz(data, size);
	return 0;
}
