/*
 * libFuzzer target: the side-table reader (lib/sidetable.c) that the
 * report's --population, --facilities, --targets and --holidays tables go
 * through, and its field parsers. Whatever is accepted must hold what
 * sidetable.h promises: every field of every row readable, NUL-free.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sidetable.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const cols[] = { "region", "year", "population",
		"lat", "lon", NULL };
	ts_error e = { 0 };
	ts_side *t = ts_side_parse(data, size, "fuzz", &e);
	size_t i;
	int c;

	if (t == NULL) {
		if (e.status == TS_EXIT_OK || e.msg[0] == '\0')
			abort();
		return 0;
	}
	(void)ts_side_col(t, cols);
	for (i = 0; i < ts_side_rows(t); i++) {
		if (ts_side_line(t, i) == 0)
			abort();
		for (c = -1; c < 8; c++) {
			const char *f = ts_side_get(t, i, c);
			int64_t v;
			double d;
			if (strlen(f) > size)
				abort();
			if (ts_side_count(f, &v) == 0 && v < 0)
				abort();
			if (ts_side_real(f, &d) == 0 && d != d)
				abort();
		}
	}
	ts_side_free(t);
	return 0;
}
