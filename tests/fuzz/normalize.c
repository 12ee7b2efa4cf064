/*
 * libFuzzer target: label normalisation and pattern folding on arbitrary
 * bytes, and the spaced reading of lost letters. Checks the documented
 * guarantees: output within
 * TS_NORMALIZE_CAP, NUL-terminated, no leading, trailing or doubled
 * spaces, and normalising twice changes nothing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *a = malloc(TS_NORMALIZE_CAP(size));
	char *b, *c;
	size_t ka, kb, kc;

	ka = ts_normalize((const char *)data, size, a);
	if (ka > 2 * size || a[ka] != '\0')
		abort();
	if (ka > 0 && (a[0] == ' ' || a[ka - 1] == ' '))
		abort();
	for (kb = 1; kb < ka; kb++)
		if (a[kb] == ' ' && a[kb - 1] == ' ')
			abort();
	b = malloc(TS_NORMALIZE_CAP(ka));
	kb = ts_normalize(a, ka, b);
	if (kb != ka || memcmp(a, b, ka) != 0)
		abort();
	c = malloc(TS_NORMALIZE_CAP(size));
	kc = ts_fold_letters((const char *)data, size, c);
	if (kc > 2 * size || c[kc] != '\0')
		abort();
	/* The spaced reading keeps the same bounds and spacing. */
	kc = ts_normalize_spaced((const char *)data, size, c);
	if (kc > 2 * size || c[kc] != '\0')
		abort();
	if (kc > 0 && (c[0] == ' ' || c[kc - 1] == ' '))
		abort();
	for (kb = 1; kb < kc; kb++)
		if (c[kb] == ' ' && c[kb - 1] == ' ')
			abort();
	free(a);
	free(b);
	free(c);
	return 0;
}
