/*
 * libFuzzer target: the partial-table parser (telestat-merge input).
 * Whatever it accepts must write back a canonical partial table that
 * reads again cleanly and writes back byte for byte the same.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agg.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Output kept in memory. A partial table written back is at most ~25
 * times the input (numbers grow to 20 digits, sketches at most 4 times
 * their entries), so the buffer is never flushed (to /dev/null).
 */
static ts_out *
mem_out(size_t size)
{
	ts_out *o = xcalloc(1, sizeof(*o));

	o->cap = 32 * size + 65536;
	o->buf = xmalloc(o->cap);
	o->fd = open("/dev/null", O_WRONLY);
	return o;
}

static void
mem_free(ts_out *o)
{
	close(o->fd);
	free(o->buf);
	free(o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ts_agg *a = NULL, *b = NULL;
	ts_agg_stats st = { 0 };
	ts_out *o1, *o2;

	ts_agg_read_partial(&a, ts_input_memory(data, size, "fuzz"), &st, NULL);
	if (a == NULL)
		return 0;
	(void)ts_agg_check_partial(a);
	o1 = mem_out(size);
	ts_agg_write(a, o1);
	o1->len = 0;
	ts_agg_write_partial(a, o1);
	if (ts_agg_read_partial(&b, ts_input_memory((const uint8_t *)o1->buf,
	    o1->len, "again"), &st, NULL) != TS_EXIT_OK || b == NULL)
		abort();
	if (ts_agg_check_partial(b) != TS_EXIT_OK)
		abort();
	o2 = mem_out(size);
	ts_agg_write_partial(b, o2);
	if (o2->len != o1->len || memcmp(o2->buf, o1->buf, o1->len) != 0)
		abort();
	mem_free(o2);
	mem_free(o1);
	ts_agg_free(a);
	ts_agg_free(b);
	return 0;
}
