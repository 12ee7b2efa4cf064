/* report_runs.c - counts from run summaries and ingest logs; see report_runs.h. */
#include "report_runs.h"

#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "runsum.h"
#include "util.h"

/* An ingest log is a few lines per file: anything this long is not one. */
#define LOG_MAX_BYTES (64u * 1024 * 1024)

/* Counts from ingest's summary lines ("N rows read, N written, N rejected"). */
struct ingest_counts {
	int64_t read, rejected;
	int found;
};

static int
word_is(const char *w, size_t n, const char *const *list)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
			return 1;
	return 0;
}

static void
parse_ingest_log(const char *path, struct ingest_counts *ic)
{
	static const char *const nouns[] = { "rows", "row", "records", "record",
		"lines", "line", "filas", "registros", NULL };
	static const char *const readw[] = { "read", "leídas", "leidas", NULL };
	static const char *const rejw[] = { "rejected", "rechazadas", NULL };
	ts_input *in = ts_input_open(path);
	char *buf = NULL;
	size_t len = 0, cap = 0, i;
	ssize_t n;

	memset(ic, 0, sizeof(*ic));
	if (in == NULL)
		ts_exit(TS_EXIT_IO);
	do {
		if (cap - len < 65536) {
			if (cap >= LOG_MAX_BYTES) {
				ts_warn("%s: longer than %u bytes: not an ingest log",
				    path, LOG_MAX_BYTES);
				free(buf);
				ts_input_close(in);
				return;
			}
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap + 1);
		}
		n = ts_input_read(in, buf + len, cap - len);
		if (n < 0)
			ts_exit(TS_EXIT_IO);
		len += (size_t)n;
	} while (n > 0);
	ts_input_close(in);
	/* Scan words: a number, optional nouns, then read / rejected. */
	for (i = 0; i < len;) {
		int64_t v = 0;
		size_t j = i, w;
		if (buf[i] < '0' || buf[i] > '9' ||
		    (i > 0 && buf[i - 1] != ' ' && buf[i - 1] != '\t' &&
		    buf[i - 1] != ':' && buf[i - 1] != ',' && buf[i - 1] != '(' &&
		    buf[i - 1] != '\n')) {
			i++;
			continue;
		}
		while (j < len && buf[j] >= '0' && buf[j] <= '9' && v < INT64_MAX / 10)
			v = v * 10 + (buf[j++] - '0');
		i = j;
		for (;;) {
			while (j < len && buf[j] == ' ')
				j++;
			w = j;
			while (j < len && buf[j] != ' ' && buf[j] != '\n' &&
			    buf[j] != ',' && buf[j] != ';' && buf[j] != '.' &&
			    buf[j] != ')' && buf[j] != ':' && buf[j] != '\t')
				j++;
			if (j == w)
				break;
			if (word_is(buf + w, j - w, nouns))
				continue;
			if (word_is(buf + w, j - w, readw))
				ic->read += v;
			else if (word_is(buf + w, j - w, rejw)) {
				ic->rejected += v;
				ic->found = 1;
			}
			break;
		}
	}
	free(buf);
}

void
ts_report_runs_read(const ts_report_opts *o, struct ts_report_runs *r)
{
	struct ts_runsum_totals t;
	size_t i;

	memset(r, 0, sizeof(*r));
	memset(&t, 0, sizeof(t));
	for (i = 0; i < o->nsummaries; i++)
		(void)ts_runsum_read(o->summaries[i], &t);
	r->have_ingest = t.have_ingest;
	r->have_dups = t.have_dups;
	r->ingest_read = t.ingest_read;
	r->ingest_rejected = t.ingest_rejected;
	r->ingest_skipped = t.ingest_skipped;
	r->dup_found = t.dup_found;
	r->dup_rejected = t.dup_rejected;
	for (i = 0; i < o->ningest_logs; i++) {
		struct ingest_counts ic;
		parse_ingest_log(o->ingest_logs[i], &ic);
		if (!ic.found) {
			ts_warn("%s: no summary line with a rejected count",
			    o->ingest_logs[i]);
			continue;
		}
		r->have_ingest = 1;
		r->ingest_read += (uint64_t)ic.read;
		r->ingest_rejected += (uint64_t)ic.rejected;
	}
}
