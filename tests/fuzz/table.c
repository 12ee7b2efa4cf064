/*
 * libFuzzer target: tables for people. A partial table (the fuzzed
 * input, read as telestat-merge reads it) is written as the long table
 * with labels and as the wide table spread over each of its keys, with
 * totals when they add up, each through the CSV rewriting of csvout.
 * The long table without options must be ts_agg_write's byte for byte.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agg.h"
#include "csvout.h"
#include "labels.h"
#include "table.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ts_out *
mem_out(size_t cap)
{
	ts_out *o = xcalloc(1, sizeof(*o));

	o->cap = cap;
	o->buf = xmalloc(o->cap);
	o->fd = open("/dev/null", O_WRONLY);
	o->name = xstrdup("/dev/null");
	return o;
}

static void
mem_free(ts_out *o)
{
	close(o->fd);
	free(o->buf);
	free(o->name);
	free(o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ts_labels *labels;
	ts_table_opts opts;
	const ts_agg_spec *s;
	ts_agg *a = NULL;
	ts_agg_stats st = { 0 };
	ts_out *o1, *o2;
	size_t k;
	ts_error e;

	if (labels == NULL && (labels = ts_labels_load("es", &e)) == NULL)
		abort();
	ts_agg_read_partial(&a, ts_input_memory(data, size, "fuzz"), &st, NULL);
	if (a == NULL)
		return 0;
	s = ts_agg_get_spec(a);
	/* In memory and never flushed: a long table is < 32 times the input. */
	o1 = mem_out(32 * size + 65536);
	o2 = mem_out(32 * size + 65536);
	memset(&opts, 0, sizeof(opts));
	ts_agg_write(a, o1);
	if (ts_table_write(a, &opts, o2) != TS_EXIT_OK || o1->len != o2->len ||
	    memcmp(o1->buf, o2->buf, o1->len) != 0)
		abort();
	mem_free(o1);
	mem_free(o2);

	o1 = ts_out_open("/dev/null", NULL);
	ts_out_csv(o1, 1);
	opts.labels = labels;
	if (ts_table_write(a, &opts, o1) != TS_EXIT_OK)
		abort();
	ts_out_close(o1, NULL);
	for (k = 0; k < s->nkeys && s->nmetrics == 1; k++) {
		memset(&opts, 0, sizeof(opts));
		opts.labels = k % 2 ? labels : NULL;
		opts.wide = s->keys[k];
		opts.totals = s->metrics[0] != TS_METRIC_PATIENTS;
		if (ts_table_opts_check(s, &opts, NULL) != 0)
			abort();
		o1 = ts_out_open("/dev/null", NULL);
		ts_out_csv(o1, 0);
		(void)ts_table_write(a, &opts, o1);
		ts_out_close(o1, NULL);
	}
	ts_agg_free(a);
	return 0;
}
