/* report_runs.c - counts from run summaries and ingest logs; see report_runs.h. */
#include "report_runs.h"

#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "runsum.h"
#include "util.h"

/* An ingest log is a few lines per file: anything this long is not one. */
#define LOG_MAX_BYTES (64u * 1024 * 1024)

static int
word_is(const char *w, size_t n, const char *const *list)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
			return 1;
	return 0;
}

/* Ends of the file name in front of a line's first count, "" if none. */
static void
line_name(const char *line, size_t n, struct ts_report_log_line *l)
{
	static const char prog[] = "telestat-ingest: ";

	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == ':' ||
	    line[n - 1] == '\t' || line[n - 1] == '(' || line[n - 1] == ','))
		n--;
	if (n >= sizeof(prog) - 1 && memcmp(line, prog, sizeof(prog) - 1) == 0) {
		line += sizeof(prog) - 1;
		n -= sizeof(prog) - 1;
	}
	l->name = line;
	l->namelen = n;
}

void
ts_report_log_parse(const char *buf, size_t len,
    void (*fn)(void *, const struct ts_report_log_line *), void *arg)
{
	static const char *const nouns[] = { "rows", "row", "records", "record",
		"lines", "line", "filas", "registros", NULL };
	static const char *const readw[] = { "read", "leídas", "leidas", NULL };
	static const char *const rejw[] = { "rejected", "rechazadas", NULL };
	struct ts_report_log_line l;
	size_t i, bol = 0;

	memset(&l, 0, sizeof(l));
	/* Scan words: a number, optional nouns, then read / rejected. */
	for (i = 0; i <= len;) {
		int64_t v = 0;
		size_t j = i, w, at = i;
		if (i == len || buf[i] == '\n') {
			if (l.found || l.read > 0)
				fn(arg, &l);
			memset(&l, 0, sizeof(l));
			bol = ++i;
			continue;
		}
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
			if (word_is(buf + w, j - w, readw) ||
			    word_is(buf + w, j - w, rejw)) {
				if (!l.found && l.read == 0 && l.name == NULL)
					line_name(buf + bol, at - bol, &l);
				if (word_is(buf + w, j - w, readw))
					l.read = l.read > INT64_MAX - v ? INT64_MAX :
					    l.read + v;
				else {
					l.rejected = l.rejected > INT64_MAX - v ?
					    INT64_MAX : l.rejected + v;
					l.found = 1;
				}
			}
			break;
		}
	}
}

/* One ingest log being added to a report's counts. */
struct log_state {
	struct ts_runsum_totals *sum;   /* the summaries' files */
	const char *path;
	int64_t read, rejected;         /* lines not in a summary */
	uint64_t same_run;              /* lines that are */
	int found;                      /* a line with a rejected count */
};

static int
name_is(const struct ts_report_log_line *l, const char *name)
{
	return strlen(name) == l->namelen && memcmp(name, l->name, l->namelen) == 0;
}

/*
 * A line for a file that an ingest summary lists with the same name,
 * rows read and rows rejected is the same run: counted once, from the
 * summary. Same name and other counts: another run of that file, added.
 */
static void
add_log_line(void *arg, const struct ts_report_log_line *l)
{
	struct log_state *st = arg;
	size_t i;
	int other = 0;

	if (l->found) {
		st->found = 1;
		for (i = 0; i < st->sum->nfiles; i++) {
			struct ts_runsum_file *f = &st->sum->files[i];
			if (!name_is(l, f->name))
				continue;
			if (!f->matched && f->read == (uint64_t)l->read &&
			    f->rejected == (uint64_t)l->rejected) {
				f->matched = 1;
				st->same_run++;
				return;
			}
			other = 1;
		}
		if (other)
			ts_warn("%s: %.*s: other counts than in --summary:"
			    " another run of it, added", st->path,
			    (int)(l->namelen > 200 ? 200 : l->namelen), l->name);
	}
	st->read = st->read > INT64_MAX - l->read ? INT64_MAX : st->read + l->read;
	st->rejected = st->rejected > INT64_MAX - l->rejected ? INT64_MAX :
	    st->rejected + l->rejected;
}

/* Adds the log at PATH to R. Returns TS_EXIT_OK (maybe after a warning:
 * not a log), or TS_EXIT_IO after a message when it cannot be read. */
static int
read_ingest_log(const char *path, struct ts_runsum_totals *sum,
    struct ts_report_runs *r)
{
	ts_input *in = ts_input_open(path);
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;
	struct log_state st;

	if (in == NULL)
		return TS_EXIT_IO;      /* said by ts_input_open */
	do {
		if (cap - len < 65536) {
			if (cap >= LOG_MAX_BYTES) {
				ts_warn("%s: longer than %u bytes: not an ingest log",
				    path, LOG_MAX_BYTES);
				free(buf);
				ts_input_close(in);
				return TS_EXIT_OK;
			}
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap + 1);
		}
		n = ts_input_read(in, buf + len, cap - len);
		if (n < 0) {
			free(buf);
			ts_input_close(in);
			return TS_EXIT_IO;      /* said by ts_input_read */
		}
		len += (size_t)n;
	} while (n > 0);
	ts_input_close(in);
	memset(&st, 0, sizeof(st));
	st.sum = sum;
	st.path = path;
	ts_report_log_parse(buf, len, add_log_line, &st);
	free(buf);
	if (!st.found) {
		ts_warn("%s: no summary line with a rejected count", path);
		return TS_EXIT_OK;
	}
	if (st.same_run > 0)
		ts_warn("%s: %llu file%s also in --summary with the same counts"
		    " (the same run): counted once", path,
		    (unsigned long long)st.same_run, st.same_run == 1 ? "" : "s");
	r->have_ingest = 1;
	r->ingest_read += (uint64_t)st.read;
	r->ingest_rejected += (uint64_t)st.rejected;
	return TS_EXIT_OK;
}

int
ts_report_runs_read(const ts_report_opts *o, struct ts_report_runs *r)
{
	struct ts_runsum_totals t;
	size_t i;
	int status = TS_EXIT_OK;

	memset(r, 0, sizeof(*r));
	memset(&t, 0, sizeof(t));
	/* A file that is not a summary was said, and is left out. */
	for (i = 0; i < o->nsummaries && status == TS_EXIT_OK; i++)
		if (ts_runsum_read(o->summaries[i], &t) == TS_EXIT_IO)
			status = TS_EXIT_IO;
	r->have_ingest = t.have_ingest;
	r->have_dups = t.have_dups;
	r->ingest_read = t.ingest_read;
	r->ingest_rejected = t.ingest_rejected;
	r->ingest_skipped = t.ingest_skipped;
	r->dup_found = t.dup_found;
	r->dup_rejected = t.dup_rejected;
	r->have_validate_rows = t.have_validate_rows;
	r->have_validate_ids = t.have_validate_ids;
	r->validate_dup_rows = t.validate_dup_rows;
	r->validate_dup_ids = t.validate_dup_ids;
	for (i = 0; i < o->ningest_logs && status == TS_EXIT_OK; i++)
		status = read_ingest_log(o->ingest_logs[i], &t, r);
	ts_runsum_totals_free(&t);
	return status;
}
