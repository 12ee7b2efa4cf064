/*
 * libFuzzer target: what report reads about the runs before it. The
 * input up to its first NUL is parsed as a run summary
 * (ts_runsum_parse, telestat-summary(5)); the rest as an ingest log
 * (ts_report_log_parse). Whatever they accept must hold what their
 * headers promise: names inside the log, counts not negative.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report_runs.h"
#include "runsum.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct span {
	const char *p;
	size_t n;
	size_t lines;
};

static void
check_line(void *arg, const struct ts_report_log_line *l)
{
	const struct span *s = arg;

	if (l->read < 0 || l->rejected < 0 || (l->found && l->rejected < 0))
		abort();
	if (l->name != NULL && (l->name < s->p || l->name + l->namelen > s->p + s->n))
		abort();
	if (l->name != NULL && memchr(l->name, '\n', l->namelen) != NULL)
		abort();
	((struct span *)arg)->lines++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	const char *nul = memchr(p, '\0', size);
	size_t n = nul != NULL ? (size_t)(nul - p) : size, i;
	struct ts_runsum_totals t;
	struct span s;

	memset(&t, 0, sizeof(t));
	if (ts_runsum_parse(p, n, "fuzz", &t) == 0) {
		if (t.summaries != 1 || t.dup_rejected > UINT64_MAX / 2)
			abort();
		for (i = 0; i < t.nfiles; i++)
			if (t.files[i].name == NULL || t.files[i].matched)
				abort();
	} else if (t.summaries != 0 || t.nfiles != 0) {
		abort();
	}
	ts_runsum_totals_free(&t);
	if (nul == NULL)
		return 0;
	memset(&s, 0, sizeof(s));
	s.p = nul + 1;
	s.n = size - n - 1;
	ts_report_log_parse(s.p, s.n, check_line, &s);
	return 0;
}
