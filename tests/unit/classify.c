/*
 * Property test of the classifier: over random records (random column
 * sets and orders, escaped and raw bytes, with and without the columns
 * classify owns), the output has one record per input record, every
 * column classify does not own is byte for byte the input's, and the
 * owned columns hold what the rules decide for the label.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "classify.h"
#include "out.h"
#include "paths.h"
#include "records.h"
#include "rules.h"
#include "taxonomy.h"

static uint64_t rng = 0x2545F4914F6CDD1DULL;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)((rng >> 11) % n);
}

static const char *const labels[] = {
	"TELECONSULTA", "Teleorientación síncrona", "99499.10", "Telecron",
	"ASESORIA MEDICA A DISTANCIA COVID-19", "Teleradiology", "",
	"CONSULTA EXTERNA", "TELE\\tEKG", "tab\there", "new\nline", "back\\slash",
	"Telemamografía", "N/A", "TELINTERC", "no rule knows me",
};

/* A random field value: escaped text or raw bytes (never TAB or LF). */
static void
random_field(ts_out *o, int is_service)
{
	size_t n, i;
	char buf[40];

	if (is_service && rnd(4) != 0) {
		const char *l = labels[rnd(sizeof(labels) / sizeof(labels[0]))];
		ts_out_field_str(o, l);
		return;
	}
	n = rnd(sizeof(buf));
	for (i = 0; i < n; i++)
		buf[i] = (char)rnd(256);
	if (rnd(2)) {
		ts_out_field(o, buf, n);       /* properly escaped */
	} else {
		for (i = 0; i < n; i++)        /* raw: lone backslashes, CR... */
			if (buf[i] == '\t' || buf[i] == '\n')
				buf[i] = 'x';
		ts_out_write(o, buf, n);
	}
}

static const char *const owned[] = {
	"category", "subcategory", "with_patient", "rule"
};

static int
is_owned(const char *name, int explain)
{
	size_t i;

	for (i = 0; i < (explain ? 4u : 3u); i++)
		if (strcmp(name, owned[i]) == 0)
			return 1;
	return 0;
}

struct stats {
	int runs, rows_ok, header_ok, passthrough_ok, decision_ok;
};

static void
one_run(ts_rules *rules, int explain, struct stats *st)
{
	static const char *const pool[] = {
		"date", "year", "region", "service", "specialty", "patient", "count",
		"category", "subcategory", "with_patient", "rule", "extra"
	};
	const char *cols[12];
	size_t ncols = 0, i, j, nrows = rnd(80);
	char in_path[] = "/tmp/telestat-prop-in.XXXXXX";
	char out_path[] = "/tmp/telestat-prop-out.XXXXXX";
	int fd1 = mkstemp(in_path), fd2 = mkstemp(out_path);
	ts_out *o;
	ts_reader *ri, *ro;
	ts_classifier *cl;
	ts_str *f;
	int rc, rows_ok = 1, header_ok = 1, pass_ok = 1, dec_ok = 1;
	size_t nin = 0, nout = 0;

	close(fd1);
	close(fd2);
	/* A random subset of columns in random order; service always. */
	for (i = 0; i < sizeof(pool) / sizeof(pool[0]); i++)
		if (strcmp(pool[i], "service") == 0 || rnd(2))
			cols[ncols++] = pool[i];
	for (i = ncols - 1; i > 0; i--) {
		const char *t;
		j = rnd((uint32_t)i + 1);
		t = cols[i];
		cols[i] = cols[j];
		cols[j] = t;
	}
	o = ts_out_open_atomic(in_path, NULL);
	ts_out_header(o, cols, ncols);
	for (i = 0; i < nrows; i++) {
		for (j = 0; j < ncols; j++) {
			if (j > 0)
				ts_out_putc(o, '\t');
			random_field(o, strcmp(cols[j], "service") == 0);
		}
		ts_out_putc(o, '\n');
	}
	ts_out_close(o, NULL);

	cl = ts_classifier_new(rules, explain, 1);
	ri = ts_reader_open(in_path);
	o = ts_out_open_atomic(out_path, NULL);
	if (ri == NULL || ts_classifier_begin(cl, ri, o) < 0) {
		st->runs++;
		ts_out_close(o, NULL);
		ts_reader_free(ri);
		ts_classifier_free(cl);
		return;
	}
	while ((rc = ts_reader_next(ri, &f)) == TS_ROW_OK) {
		ts_classifier_row(cl, f, ts_reader_raw(ri), o);
		nin++;
	}
	ts_out_close(o, NULL);
	ts_reader_free(ri);
	ts_classifier_free(cl);

	/* Compare input and output record by record. */
	ri = ts_reader_open(in_path);
	ro = ts_reader_open(out_path);
	if (ri == NULL || ro == NULL) {
		st->runs++;
		ts_reader_free(ri);
		ts_reader_free(ro);
		return;
	}
	{
		size_t want = ncols;
		for (i = 0; i < (explain ? 4u : 3u); i++)
			if (ts_reader_find(ri, owned[i]) < 0)
				want++;
		header_ok = ts_reader_ncols(ro) == want;
		for (i = 0; header_ok && i < ncols; i++)
			header_ok = strcmp(ts_reader_colname(ro, i), cols[i]) == 0;
	}
	for (;;) {
		ts_str *fi, *fo;
		int a = ts_reader_next(ri, &fi), b;
		if (a != TS_ROW_OK)
			break;
		b = ts_reader_next(ro, &fo);
		if (b != TS_ROW_OK) {
			rows_ok = 0;
			break;
		}
		nout++;
		for (j = 0; j < ncols; j++) {
			if (is_owned(cols[j], explain))
				continue;
			if (fi[j].n != fo[j].n || memcmp(fi[j].p, fo[j].p, fi[j].n))
				pass_ok = 0;
		}
		/* The owned columns hold the rules' decision for the label. */
		{
			int svc = ts_reader_find(ri, "service");
			int oc = ts_reader_find(ro, "category");
			int os = ts_reader_find(ro, "subcategory");
			int ow = ts_reader_find(ro, "with_patient");
			char lab[128];
			ts_error te;
			ts_str l;
			long k;
			const ts_rule *ru;
			l.n = ts_unescape(fi[svc], lab);
			l.p = lab;
			k = ts_rules_eval(rules, l, NULL, &te);
			ru = k >= 0 ? ts_rules_at(rules, (size_t)k) : NULL;
			if (!ts_str_eq(fo[oc], ru ? ru->category : "unclassified") ||
			    !ts_str_eq(fo[os], ru ? ru->subcategory : "") ||
			    !ts_str_eq(fo[ow], ru == NULL ? "" :
			    ru->with_patient == TS_WP_YES ? "yes" :
			    ru->with_patient == TS_WP_NO ? "no" : ""))
				dec_ok = 0;
			if (explain && !ts_str_eq(fo[ts_reader_find(ro, "rule")],
			    ru ? ru->where : ""))
				dec_ok = 0;
		}
	}
	{
		ts_str *fo;
		if (ts_reader_next(ro, &fo) != TS_ROW_EOF)
			rows_ok = 0;
	}
	if (nin != nrows || nout != nrows)
		rows_ok = 0;
	ts_reader_free(ri);
	ts_reader_free(ro);
	unlink(in_path);
	unlink(out_path);
	st->runs++;
	st->rows_ok += rows_ok;
	st->header_ok += header_ok;
	st->passthrough_ok += pass_ok;
	st->decision_ok += dec_ok;
}

int
main(void)
{
	ts_taxonomy *tax = ts_taxonomy_load(NULL, NULL);
	char *path = ts_share_path("rules");
	ts_error te;
	ts_rules *rules = path ? ts_rules_load(path, tax, &te) : NULL;
	struct stats st = { 0, 0, 0, 0, 0 };
	int i;

	ok(rules != NULL, "default rules load");
	if (rules == NULL)
		return done_testing();
	for (i = 0; i < 120; i++)
		one_run(rules, i % 3 == 0, &st);
	is_int(st.rows_ok, st.runs, "one record out per record in");
	is_int(st.header_ok, st.runs, "header: input columns, then the "
	    "missing owned ones");
	is_int(st.passthrough_ok, st.runs, "other columns byte for byte");
	is_int(st.decision_ok, st.runs, "owned columns hold the decision");
	ts_rules_free(rules);
	ts_taxonomy_free(tax);
	free(path);
	return done_testing();
}
