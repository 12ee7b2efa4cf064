/*
 * libFuzzer target: plot's reading of tables and records (numbers,
 * years, months, dates, labels) and the gnuplot scripts it writes. The
 * first byte picks the chart; the rest is the input. Every line of a
 * script must hold an even number of single quotes: a label from the
 * data can never end its string and become a gnuplot command.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_quotes(const char *s)
{
	size_t q = 0;

	for (; *s; s++) {
		if (*s == '\'')
			q++;
		else if (*s == '\n') {
			if (q % 2 != 0)
				abort();
			q = 0;
		}
	}
	if (q % 2 != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const metrics[] = { "count", "patients", "records",
		"sessions" };
	static const char *const bys[] = { "category", "region", NULL, "x" };
	ts_plot_data *d;
	ts_plot_input in;
	ts_plot_opts o = TS_PLOT_OPTS_INIT;
	ts_plot_stats st = { 0, 0, 0, 0 };
	ts_reader *r;
	ts_chart *c;
	char *err = NULL, *script;
	uint8_t k;
	int term;

	if (size < 1)
		return 0;
	k = data[0];
	r = ts_reader_new(ts_input_memory(data + 1, size - 1, "fuzz"));
	if (r == NULL)
		return 0;
	d = ts_plot_data_new();
	memset(&in, 0, sizeof(in));	/* no taxonomy: with_patient decides */
	in.keep_unclassified = (k >> 5) & 1;
	in.metric = metrics[k & 3];
	in.by = bys[(k >> 2) & 3];
	in.need_x = (k >> 4) % 3;
	ts_plot_load(d, r, &in, &st);
	ts_reader_free(r);
	o.kind = (k >> 6) % 3;
	o.x = in.need_x;
	o.lang = k & 1;
	o.top = (k >> 3) & 7;
	o.metric = in.metric;
	o.by = in.by;
	c = ts_plot_chart(d, &o, NULL, &err);
	free(err);
	if (c != NULL) {
		for (term = TS_TERM_PNG; term <= TS_TERM_DUMB; term++) {
			script = ts_plot_script(c, term, 0, 0, NULL);
			check_quotes(script);
			free(script);
		}
		ts_chart_free(c);
	}
	ts_plot_data_free(d);
	return 0;
}
