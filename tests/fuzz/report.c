/*
 * libFuzzer target: telestat report on arbitrary records. The first byte
 * picks the options (language, roll-up, suppression, patients rule,
 * year); the rest is the input. Every format is written to /dev/null.
 */
#include <stdint.h>
#include <stdlib.h>

#include "numfmt.h"
#include "records.h"
#include "report.h"
#include "taxonomy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ts_taxonomy *tax;
	ts_report_opts opts;
	ts_report_acc *acc;
	ts_report *rep;
	ts_reader *r;
	int st, f;

	if (size < 1)
		return 0;
	if (tax == NULL)
		tax = ts_taxonomy_load(NULL, NULL);
	ts_report_opts_init(&opts);
	opts.lang = data[0] & 1 ? TS_LANG_EN : TS_LANG_ES;
	opts.rollup = data[0] & 2 ? "essalud" : NULL;
	opts.suppress = data[0] & 4 ? 3 : 0;
	opts.patients_rule = data[0] & 8 ? TS_PATIENTS_HIS : TS_PATIENTS_ALL;
	opts.compare = data[0] & 16 ? -1 : 0;
	opts.top = (size_t)(data[0] >> 5);
	r = ts_reader_new(ts_input_memory(data + 1, size - 1, "fuzz"));
	if (r == NULL)
		return 0;
	acc = ts_report_acc_new(&opts, tax);
	ts_report_acc_read(acc, r);
	ts_reader_free(r);
	rep = ts_report_build(acc, &st);
	if (rep != NULL) {
		for (f = TS_RFMT_TEXT; f <= TS_RFMT_JSON; f++) {
			ts_out *o = ts_out_open("/dev/null", NULL);
			ts_report_write(rep, f, o);
			ts_out_close(o, NULL);
		}
		ts_report_free(rep);
	}
	ts_report_acc_free(acc);
	return 0;
}
