/* Unit tests: value checks of records(5) streams (lib/recordcheck.c). */
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "recordcheck.h"

static ts_taxonomy *tax;
static ts_regiondb *regions;

#define HEADER "date\tyear\tmonth\tregion\tsex\tage\tpatient\tcondition\t" \
	"count\tsessions\tattendees\tcategory\tsubcategory\twith_patient\tnote\n"
#define PSEUDO "0123456789abcdef0123456789abcdef"

/*
 * Checks the one record of HEADER + ROW; returns the number of problems
 * and the first one's column name and reason in COL and WHY.
 */
static size_t
check(const char *row, const char **col, const char **why)
{
	static char text[4096];
	static const char *colname;
	ts_record_problem p[8];
	ts_recordcheck *c;
	ts_reader *r;
	ts_str *f;
	size_t n = 0;

	snprintf(text, sizeof(text), "%s%s\n", HEADER, row);
	r = ts_reader_new(ts_input_memory((const uint8_t *)text, strlen(text),
	    "unit"));
	*col = *why = "";
	if (r == NULL || ts_reader_next(r, &f) != TS_ROW_OK) {
		ts_reader_free(r);
		*why = "unreadable";
		return 99;
	}
	c = ts_recordcheck_new(r, tax, regions);
	n = ts_recordcheck_row(c, f, p, 8);
	if (n > 0) {
		colname = ts_reader_colname(r, p[0].column);
		*col = colname;
		*why = p[0].reason;
	}
	ts_recordcheck_free(c);
	/* The column name lives in the reader: keep a copy. */
	{
		static char keep[64];
		snprintf(keep, sizeof(keep), "%s", *col);
		*col = keep;
	}
	ts_reader_free(r);
	return n;
}

/* One problem, in column WANT. */
static void
bad(const char *row, const char *want, const char *name)
{
	const char *col, *why;
	size_t n = check(row, &col, &why);

	ok(n == 1 && strcmp(col, want) == 0, name);
	if (n != 1 || strcmp(col, want) != 0)
		printf("#   %zu problems, first in \"%s\": %s\n", n, col, why);
}

static void
good(const char *row, const char *name)
{
	const char *col, *why;
	size_t n = check(row, &col, &why);

	ok(n == 0, name);
	if (n != 0)
		printf("#   %zu problems, first in \"%s\": %s\n", n, col, why);
}

int
main(void)
{
	tax = ts_taxonomy_load(NULL, NULL);
	regions = ts_regiondb_load();
	ok(regions != NULL, "region tables load");

	good("2025-03-01\t2025\t03\tPE-LIM\tF\t40\t" PSEUDO "\tN\t1\t\t\t"
	    "teleconsulta\tcovid19\tyes\tfree text", "a full record");
	good("\t\t\t\t\t\t\t\t\t\t\t\t\t\t", "all empty: all unknown");
	good("\t2021\t\tMX-CHP\t\t\t\t\t71567\t412\t9000\ttelecapacitacion\t\tno\t",
	    "a pre-aggregated record without a date");
	good("2024-02-29\t2024\t2\tLima\tM\t0\t\tC\t0\t\t\tunclassified\t\t\t",
	    "leap day, one-digit month, a region as exported, unclassified");

	bad("2025-02-29\t2025\t02\t\t\t\t\t\t\t\t\t\t\t\t", "date",
	    "no 29 February in 2025");
	bad("25-03-01\t\t\t\t\t\t\t\t\t\t\t\t\t\t", "date", "a two-digit year");
	bad("2025-03-01\t2024\t03\t\t\t\t\t\t\t\t\t\t\t\t", "year",
	    "year disagrees with the date");
	bad("2025-03-01\t2025\t04\t\t\t\t\t\t\t\t\t\t\t\t", "month",
	    "month disagrees with the date");
	bad("\t1899\t\t\t\t\t\t\t\t\t\t\t\t\t", "year", "year before 1900");
	bad("\t\t13\t\t\t\t\t\t\t\t\t\t\t\t", "month", "month 13");
	bad("\t\t\tPE-XYZ\t\t\t\t\t\t\t\t\t\t\t", "region",
	    "an ISO-looking code nobody has");
	bad("\t\t\t\tf\t\t\t\t\t\t\t\t\t\t", "sex", "sex is F or M");
	bad("\t\t\t\t\t151\t\t\t\t\t\t\t\t\t", "age", "age 151");
	bad("\t\t\t\t\t4.5\t\t\t\t\t\t\t\t\t", "age", "age in whole years");
	bad("\t\t\t\t\t\t40123456\t\t\t\t\t\t\t\t", "patient",
	    "a DNI where a pseudonym belongs");
	bad("\t\t\t\t\t\t" "0123456789ABCDEF0123456789ABCDEF" "\t\t\t\t\t\t\t\t",
	    "patient", "pseudonyms are lower-case");
	bad("\t\t\t\t\t\t\tX\t\t\t\t\t\t\t", "condition", "condition X");
	bad("\t\t\t\t\t\t\t\t-1\t\t\t\t\t\t", "count", "negative count");
	bad("\t\t\t\t\t\t\t\t18446744073709551616\t\t\t\t\t\t", "count",
	    "count past 2^64 - 1");
	good("\t\t\t\t\t\t\t\t9223372036854775807\t\t\t\t\t\t",
	    "count 2^63 - 1");
	bad("\t\t\t\t\t\t\t\t9223372036854775808\t\t\t\t\t\t",
	    "count", "count past 2^63 - 1");
	bad("\t\t\t\t\t\t\t\t\t1.5\t\t\t\t\t", "sessions", "sessions 1.5");
	bad("\t\t\t\t\t\t\t\t\t\tmany\t\t\t\t", "attendees", "attendees many");
	bad("\t\t\t\t\t\t\t\t\t\t\tteleconsult\t\t\t", "category",
	    "a category the taxonomy lacks");
	bad("\t\t\t\t\t\t\t\t\t\t\tteleconsulta\tnope\tyes\t", "subcategory",
	    "a subcategory the category lacks");
	bad("\t\t\t\t\t\t\t\t\t\t\ttelecapacitacion\t\tyes\t", "with_patient",
	    "telecapacitacion is without patient");
	bad("\t\t\t\t\t\t\t\t\t\t\t\t\tmaybe\t", "with_patient",
	    "with_patient is yes or no");
	bad("\t\t\t\t\t\t\t\t\t\t\t\t\t\t\xc3\x28", "note",
	    "other columns: UTF-8 only");
	good("\t\t\t\t\t\t\t\t\t\t\t\t\t\tTELE\\tCONSULTA \xc3\xa1",
	    "escapes and accents are fine");
	{
		const char *col, *why;
		ok(check("2025-13-01\t2024\t\tPE-XYZ\tx\t\t\t\t\t\t\t\t\t\t",
		    &col, &why) == 3, "every problem of a record is counted");
	}
	ts_regiondb_free(regions);
	ts_taxonomy_free(tax);
	return done_testing();
}
