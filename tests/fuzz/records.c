/* libFuzzer target: the records(5) reader on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ts_reader *r = ts_reader_new(ts_input_memory(data, size, "fuzz"));
	ts_str *f;
	int rc;

	if (r == NULL)
		return 0;
	while ((rc = ts_reader_next(r, &f)) != TS_ROW_EOF && rc != TS_ROW_FAIL) {
		if (rc == TS_ROW_OK && ts_reader_ncols(r) > 0) {
			char *buf = malloc(f[0].n + 1);
			ts_unescape(f[0], buf);
			free(buf);
		}
	}
	ts_reader_free(r);
	return 0;
}
