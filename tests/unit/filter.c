/* Unit tests: filter option parsing and per-record decisions. */
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "filter.h"
#include "records.h"
#include "taxonomy.h"

static ts_taxonomy *tax;

static const char data[] =
    "date\tyear\tmonth\tregion\tinstitution\tcategory\tsubcategory\t"
    "with_patient\tsex\n"
    "2024-03-15\t2024\t3\tPE-LIM\tESSALUD\tteleconsulta\t\tyes\tF\n"   /* 2 */
    "\t2024\t3\tPE-LMA\tMINSA\tteletriaje\tcovid19\tyes\tM\n"          /* 3 */
    "\t2024\t\tMX-CHP\tIMSS\ttelecapacitacion\t\tno\t\n"               /* 4 */
    "2025-01-01\t2025\t1\tLIMA\tEsSalud\tteleurgencia\t\tyes\tF\n"     /* 5 */
    "\t\t\tPE-CUS\tMINSA\tunclassified\t\t\tF\n"                      /* 6 */
    "2024-02-30\t2024\t2\tPE-LIM\tMINSA\tteleconsulta\t\tyes\tM\n"     /* 7 */
    "\t2023\t13\tPE-LIM\tMINSA\tteleconsulta\t\tyes\t\\t\n";           /* 8 */

/* Runs F over DATA: "1" for each kept record, "0" dropped, "!" bad. */
static const char *
run(ts_filter *f)
{
	static char out[32];
	ts_reader *r = ts_reader_new(ts_input_memory((const uint8_t *)data,
	    sizeof(data) - 1, "data"));
	ts_str *fields;
	ts_error e;
	size_t n = 0;
	int bad;

	if (ts_filter_begin(f, r, &e) < 0) {
		ts_reader_free(r);
		ts_filter_free(f);
		return "begin failed";
	}
	while (ts_reader_next(r, &fields) == TS_ROW_OK && n < sizeof(out) - 1) {
		int k = ts_filter_row(f, fields, &bad, &e);
		out[n++] = bad ? '!' : k ? '1' : '0';
	}
	out[n] = '\0';
	ts_reader_free(r);
	ts_filter_free(f);
	return out;
}

static ts_filter *
nf(void)
{
	return ts_filter_new(tax);
}

int
main(void)
{
	ts_error e;
	ts_filter *f;

	tax = ts_taxonomy_load(NULL, NULL);

	is_str(run(nf()), "1111111", "no test keeps everything");

	f = nf();
	ts_filter_years(f, "2024", &e);
	/* Rows 7 and 8 hold an impossible date and month: bad under any date
	 * test, as every verb reads dates the same way (values.h). */
	is_str(run(f), "11100!!", "--year 2024 (year column, else date)");
	f = nf();
	ts_filter_years(f, "2023-2024,2026", &e);
	is_str(run(f), "11100!!", "--year with a range and a list");
	f = nf();
	ok(ts_filter_years(f, "2025-2024", &e) < 0,
	    "reversed year range rejected");
	ok(ts_filter_years(f, "24a", &e) < 0, "bad year rejected");
	is_str(e.msg, "--year: expected YEAR, FIRST-LAST or a comma list of them, "
	    "got \"24a\"", "bad year message");
	ts_filter_free(f);

	f = nf();
	ts_filter_from(f, "2024-03", &e);
	ts_filter_to(f, "2024-03-31", &e);
	is_str(run(f), "11000!!", "--from/--to: a month inside counts; "
	    "invalid dates and months are reported");
	f = nf();
	ts_filter_from(f, "2024-03-10", &e);
	ts_filter_to(f, "2024-12", &e);
	is_str(run(f), "10000!!", "a month crossing --from counts as outside");
	f = nf();
	ts_filter_from(f, "2024", &e);
	ts_filter_to(f, "2024", &e);
	is_str(run(f), "11100!!", "a whole year");
	f = nf();
	ok(ts_filter_from(f, "2024-02-30", &e) < 0,
	    "--from must be a real day");
	ok(ts_filter_to(f, "2023-02-29", &e) < 0,
	    "not a leap year");
	ok(ts_filter_to(f, "2024-02-29", &e) == 0, "leap day");
	ok(ts_filter_from(f, "2024-03", &e) < 0,
	    "--from after --to rejected");
	ts_filter_free(f);

	f = nf();
	ts_filter_categories(f, "teleconsulta", &e);
	is_str(run(f), "1000011", "--category selects one category");
	f = nf();
	ts_filter_categories(f, "teleconsulta", &e);
	ts_filter_rollup(f, "essalud", &e);
	is_str(run(f), "1101011", "with --rollup its children too");
	f = nf();
	ts_filter_categories(f, "teletriaje/covid19,telecapacitacion", &e);
	is_str(run(f), "0110000", "subcategory items and lists");
	f = nf();
	ok(ts_filter_categories(f, "telx", &e) < 0,
	    "unknown category rejected");
	is_str(e.msg, "--category: unknown category \"telx\" "
	    "(see telestat-taxonomy(7))", "unknown category message");
	ok(ts_filter_categories(f, "teletriaje/x", &e) < 0,
	    "unknown subcategory rejected");
	ok(ts_filter_rollup(f, "nope", &e) < 0,
	    "unknown roll-up rejected");
	is_str(e.msg, "--rollup: unknown roll-up \"nope\" (known: essalud)",
	    "unknown roll-up message");
	ts_filter_free(f);

	f = nf();
	ts_filter_regions(f, "pe-lim,MX", &e);
	is_str(run(f), "1010011", "--region: case ignored, country prefix");
	f = nf();
	ts_filter_regions(f, "lima", &e);
	is_str(run(f), "0001000", "--region raw text");
	f = nf();
	ts_filter_institutions(f, "essalud", &e);
	is_str(run(f), "1001000", "--institution, case ignored");
	f = nf();
	ts_filter_with_patient(f, "no", &e);
	is_str(run(f), "0010000", "--with-patient no");
	f = nf();
	ok(ts_filter_with_patient(f, "maybe", &e) < 0,
	    "--with-patient takes yes or no");
	ts_filter_free(f);

	f = nf();
	ts_filter_expr(f, "sex=F", &e);
	is_str(run(f), "1001100", "-e column=value");
	f = nf();
	ts_filter_expr(f, "sex=F", &e);
	ts_filter_expr(f, "sex=M", &e);
	is_str(run(f), "1101110", "-e twice on a column: either value");
	f = nf();
	ts_filter_expr(f, "sex!=F", &e);
	ts_filter_expr(f, "sex!=", &e);
	is_str(run(f), "0100011", "-e column!=value");
	f = nf();
	ts_filter_expr(f, "sex=\t", &e);
	is_str(run(f), "0000001", "-e value compared unescaped");
	f = nf();
	ts_filter_expr(f, "nope=1", &e);
	is_str(run(f), "begin failed", "-e unknown column fails at the header");
	f = nf();
	ok(ts_filter_expr(f, "=x", &e) < 0, "-e without column");
	ok(ts_filter_expr(f, "sex", &e) < 0, "-e without =");
	ts_filter_free(f);

	f = nf();
	ts_filter_categories(f, "teleconsulta", &e);
	ts_filter_years(f, "2024", &e);
	ts_filter_invert(f, 1);
	is_str(run(f), "01111!!", "-v inverts the conjunction");

	ts_taxonomy_free(tax);
	return done_testing();
}
