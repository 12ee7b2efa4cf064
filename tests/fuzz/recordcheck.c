/*
 * libFuzzer target: telestat validate --records on arbitrary bytes: the
 * records(5) reader and every value check of lib/recordcheck.c, with the
 * installed taxonomy and region tables. A problem's column must be one
 * of the header's and its value a slice of the record.
 */
#include <stdint.h>
#include <stdlib.h>

#include "recordcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ts_taxonomy *tax;
	static ts_regiondb *regions;
	ts_record_problem probs[4];
	ts_recordcheck *c;
	ts_reader *r;
	ts_str *f;
	size_t n, i;
	int rc;

	if (tax == NULL) {
		tax = ts_taxonomy_load(NULL, NULL);
		if ((regions = ts_regiondb_load()) == NULL)
			abort();
	}
	if ((r = ts_reader_new(ts_input_memory(data, size, "fuzz"))) == NULL)
		return 0;
	c = ts_recordcheck_new(r, tax, regions);
	while ((rc = ts_reader_next(r, &f)) != TS_ROW_EOF && rc != TS_ROW_FAIL) {
		if (rc != TS_ROW_OK)
			continue;
		n = ts_recordcheck_row(c, f, probs, 4);
		for (i = 0; i < n && i < 4; i++)
			if (probs[i].column >= ts_reader_ncols(r) ||
			    probs[i].value.p != f[probs[i].column].p ||
			    probs[i].value.n != f[probs[i].column].n)
				abort();
	}
	ts_recordcheck_free(c);
	ts_reader_free(r);
	return 0;
}
