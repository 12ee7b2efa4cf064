/*
 * libFuzzer target: text helpers on arbitrary bytes: UTF-8 validation,
 * Latin-1/Windows-1252 conversion (always valid UTF-8 out), folding, and
 * region resolution for each country.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "regions.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ts_regiondb *regions;
	const char *p = (const char *)data;
	char *buf = malloc(3 * size + 1);
	size_t n, v;
	int c;

	if (regions == NULL && (regions = ts_regiondb_load()) == NULL)
		abort();
	v = ts_utf8_check(p, size);
	if (v != TS_UTF8_VALID && v >= size)
		abort();
	if (ts_is_ascii(p, size) && v != TS_UTF8_VALID)
		abort();
	for (c = TS_ENC_LATIN1; c <= TS_ENC_CP1252; c++) {
		n = ts_to_utf8(c, p, size, buf);
		if (n > 3 * size || ts_utf8_check(buf, n) != TS_UTF8_VALID)
			abort();
	}
	n = ts_fold(p, size, buf, 0);
	if (n > 2 * size)
		abort();
	n = ts_fold(p, size, buf, TS_FOLD_NOSPACE);
	if (n > 2 * size || memchr(buf, ' ', n) != NULL)
		abort();
	for (c = 0; c < TS_NCOUNTRIES; c++) {
		const char *iso = NULL;
		if (ts_regiondb_resolve(regions, p, size, c, &iso) == TS_REGION_OK &&
		    (iso == NULL || ts_regiondb_name(regions, iso, "es") == NULL))
			abort();
	}
	free(buf);
	return 0;
}
