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

/* Aborts unless S[0..k) from SIZE bytes is a normalised form. */
static void
check_form(const char *s, size_t k, size_t size)
{
	size_t i;

	if (k > 2 * size || s[k] != '\0')
		abort();
	if (k > 0 && (s[0] == ' ' || s[k - 1] == ' '))
		abort();
	for (i = 1; i < k; i++)
		if (s[i] == ' ' && s[i - 1] == ' ')
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *a = malloc(TS_NORMALIZE_CAP(size));
	char *b, *c;
	size_t ka, kb, kc;

	ka = ts_normalize((const char *)data, size, a);
	check_form(a, ka, size);
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
	check_form(c, kc, size);
	free(a);
	free(b);
	free(c);
	return 0;
}
