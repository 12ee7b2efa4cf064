/*
 * Unit tests: the charts of the HTML report (ts_report_charts) drawn by
 * the real gnuplot, and what happens without it or when it fails.
 */
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "input.h"
#include "out.h"
#include "records.h"
#include "report.h"
#include "taxonomy.h"
#include "util.h"

/* Three years, two regions, months, a category without a patient and
 * unclassified rows (which are not actions, so not on the trend). */
static const char records[] =
    "year\tmonth\tregion\tcount\tsessions\tcategory\twith_patient\n"
    "2023\t1\tPE-PIU\t40\t\tteleconsulta\tyes\n"
    "2023\t2\tPE-CUS\t20\t\tteleorientacion\tyes\n"
    "2024\t1\tPE-PIU\t50\t\tteleconsulta\tyes\n"
    "2024\t3\tPE-CUS\t25\t\tteleorientacion\tyes\n"
    "2024\t3\tPE-CUS\t1\t3\ttelecapacitacion\tno\n"
    "2025\t1\tPE-PIU\t60\t\tteleconsulta\tyes\n"
    "2025\t2\tPE-CUS\t30\t\tteleorientacion\tyes\n"
    "2025\t2\tPE-LIM\t2\t\tteleorientacion\tyes\n"
    "2025\t4\tPE-CUS\t1\t4\ttelecapacitacion\tno\n"
    "2025\t4\tPE-CUS\t9\t\tunclassified\t\n";

static const char one_year[] =
    "year\tmonth\tregion\tcount\tcategory\twith_patient\n"
    "2025\t1\tPE-PIU\t60\tteleconsulta\tyes\n"
    "2025\t2\tPE-CUS\t30\tteleorientacion\tyes\n";

struct run {
	ts_taxonomy *tax;
	ts_report_acc *acc;
	ts_report *rep;
};

static void
build(struct run *x, const char *data, int64_t suppress)
{
	ts_report_opts o;
	ts_reader *r;
	int st;

	ts_report_opts_init(&o);
	o.suppress = suppress;
	x->tax = ts_taxonomy_load(NULL, NULL);
	x->acc = ts_report_acc_new(&o, x->tax);
	r = ts_reader_new(ts_input_memory((const uint8_t *)data, strlen(data),
	    "t.tsv"));
	ts_report_acc_read(x->acc, r);
	ts_reader_free(r);
	x->rep = ts_report_build(x->acc, &st);
}

static void
done(struct run *x)
{
	ts_report_free(x->rep);
	ts_report_acc_free(x->acc);
	ts_taxonomy_free(x->tax);
}

static const ts_rchart *
chart(const ts_report *r, const char *after)
{
	size_t i;

	for (i = 0; i < r->ncharts; i++)
		if (strcmp(r->charts[i].after, after) == 0)
			return &r->charts[i];
	return NULL;
}

static void
test_drawn(void)
{
	struct run x;
	const ts_rchart *c;
	char *msg;
	int rc;

	build(&x, records, 0);
	rc = ts_report_charts(x.rep, x.acc, &msg);
	is_int(rc, 0, "charts drawn");
	is_str(msg, NULL, "no warnings");
	is_int(x.rep->ncharts, 3, "three charts");

	c = chart(x.rep, "years");
	ok(c && c->svg && strncmp(c->svg, "<svg", 4) == 0 &&
	    strlen(c->svg) == c->len, "trend: inline SVG");
	ok(c && c->svg && strstr(c->svg,
	    "<title>Acciones de telesalud por año y categoría, "
	    "2023\xe2\x80\x93" "2025</title>"), "trend: years of the data");
	ok(c && c->svg && strstr(c->svg, ">Teleconsulta<") &&
	    strstr(c->svg, ">Telecapacitación<"),
	    "trend: categories with and without a patient");
	ok(c && c->svg && !strstr(c->svg, "nclassified") &&
	    !strstr(c->svg, "Sin clasificar"), "trend: unclassified left out");
	ok(c && c->svg && strstr(c->svg, "id='trend-gpPt0'"),
	    "trend: ids prefixed");
	/* The 2025 rows end in April: its point is no whole year. */
	is_str(c ? c->note : NULL, "2025: solo enero\xe2\x80\x93" "abril (año "
	    "incompleto).", "trend: an incomplete year said so");
	ok(c && c->svg && strstr(c->svg, ">2025 (ene\xe2\x80\x93" "abr)<"),
	    "trend: an incomplete year labelled with its months");

	c = chart(x.rep, "months");
	ok(c && c->svg && strstr(c->svg,
	    "<title>Acciones de telesalud por mes, 2025 y 2024</title>"),
	    "months: report year against comparison year");
	ok(c && c->svg && strstr(c->svg, ">ene<") && strstr(c->svg, ">dic<"),
	    "months: twelve months");
	ok(c && c->svg && strstr(c->svg, "id='months-gpPt0'"),
	    "months: ids of their own");

	c = chart(x.rep, "regions");
	ok(c && c->svg && strstr(c->svg, ">Piura<") &&
	    strstr(c->svg, ">Lima<"), "regions: one bar each, named");
	ok(c && c->svg && strstr(c->svg, ">60<") && strstr(c->svg, ">34<"),
	    "regions: values as in the table (30 acts + 4 sessions)");
	done(&x);
}

static void
test_suppressed(void)
{
	struct run x;
	const ts_rchart *c;
	char *msg;
	int rc;

	/* Below 5: PE-LIM's 2 and telecapacitación's 3 and 4 sessions. */
	build(&x, records, 5);
	rc = ts_report_charts(x.rep, x.acc, &msg);
	is_int(rc, 0, "suppressed: drawn");
	c = chart(x.rep, "regions");
	ok(c && c->svg && strstr(c->svg, ">Piura<") &&
	    !strstr(c->svg, ">Lima<"), "suppressed: masked region not drawn");
	ok(c && c->note && strstr(c->note, "no se dibujan"),
	    "suppressed: a note says so");
	c = chart(x.rep, "years");
	ok(c && c->svg && !strstr(c->svg, ">Telecapacitación<"),
	    "suppressed: a category masked every year is not drawn");
	ok(c && c->svg && !strstr(c->svg, ">Otros<"), "suppressed: no Others");
	done(&x);
}

static void
test_one_year(void)
{
	struct run x;
	const ts_rchart *c;
	char *msg;

	build(&x, one_year, 0);
	is_int(ts_report_charts(x.rep, x.acc, &msg), 0, "one year: drawn");
	c = chart(x.rep, "categories");
	ok(c && c->svg == NULL && c->note &&
	    strstr(c->note, "no hay datos de años anteriores a 2025"),
	    "one year: no trend, a note why");
	ok(chart(x.rep, "months") && chart(x.rep, "months")->svg,
	    "one year: months drawn");
	done(&x);
}

static void
test_no_gnuplot(void)
{
	struct run x;
	char *msg;
	int rc;

	build(&x, records, 0);
	setenv("TELESTAT_GNUPLOT", "/nonexistent/gnuplot", 1);
	rc = ts_report_charts(x.rep, x.acc, &msg);
	is_int(rc, TS_EXIT_DEP, "no gnuplot: TS_EXIT_DEP");
	ok(msg && strstr(msg, "apt-get install gnuplot-nox"),
	    "no gnuplot: says what to install");
	free(msg);
	is_int(x.rep->ncharts, 0, "no gnuplot: no charts, and nothing said "
	    "on the page");
	done(&x);

	build(&x, records, 0);
	setenv("TELESTAT_GNUPLOT", "false", 1);
	rc = ts_report_charts(x.rep, x.acc, &msg);
	is_int(rc, TS_EXIT_IO, "failing gnuplot: TS_EXIT_IO");
	ok(msg && strstr(msg, "gnuplot failed"), "failing gnuplot: says so");
	free(msg);
	ok(x.rep->ncharts == 0, "failing gnuplot: nothing kept");
	done(&x);
	unsetenv("TELESTAT_GNUPLOT");
}

int
main(void)
{
	ts_set_progname("report_charts");
	test_drawn();
	test_suppressed();
	test_one_year();
	test_no_gnuplot();
	return done_testing();
}
