/*
 * libFuzzer target: the mapping file parser of telestat-export(1).
 * Whatever it accepts must format to a canonical mapping that parses
 * again and formats back byte for byte the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "export_map.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ts_xmap *a, *b;
	char *fa, *fb;

	if ((a = ts_xmap_parse(data, size, "fuzz")) == NULL)
		return 0;
	fa = ts_xmap_format(a);
	if ((b = ts_xmap_parse((const uint8_t *)fa, strlen(fa), "again")) == NULL)
		abort();
	fb = ts_xmap_format(b);
	if (strcmp(fa, fb) != 0)
		abort();
	free(fa);
	free(fb);
	ts_xmap_free(a);
	ts_xmap_free(b);
	return 0;
}
