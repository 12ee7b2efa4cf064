/* Unit tests: date parsing (automatic forms and formats), calendar checks. */
#include <string.h>

#include "../tap.h"
#include "dates.h"

static void
good(const char *s, int y, int m, int d)
{
	ts_date dt;
	int rc = ts_date_parse(s, strlen(s), &dt);

	is_int(rc, TS_DATE_OK, s);
	if (rc == TS_DATE_OK)
		ok(dt.y == y && dt.m == m && dt.d == d, "  fields");
}

static void
bad(const char *s, int want)
{
	ts_date dt;
	char name[128];

	strcpy(name, "rejects ");
	strncat(name, s, 100);
	is_int(ts_date_parse(s, strlen(s), &dt), want, name);
}

static void
fmt_good(const char *fmt, const char *s, int y, int m, int d)
{
	ts_date dt;
	int rc = ts_date_parse_fmt(fmt, s, strlen(s), &dt);

	is_int(rc, TS_DATE_OK, s);
	if (rc == TS_DATE_OK)
		ok(dt.y == y && dt.m == m && dt.d == d, "  fields");
}

static void
fmt_bad(const char *fmt, const char *s, int want)
{
	ts_date dt;

	is_int(ts_date_parse_fmt(fmt, s, strlen(s), &dt), want, s);
}

int
main(void)
{
	char iso[10];
	ts_date dt = { 2024, 3, 5 };

	good("2024-03-05", 2024, 3, 5);
	good("2024/3/5", 2024, 3, 5);
	good("2024.12.31", 2024, 12, 31);
	good("05/03/2024", 2024, 3, 5);
	good("5/3/2024", 2024, 3, 5);
	good("05-03-2024", 2024, 3, 5);
	good("05.03.2024", 2024, 3, 5);
	good("20240305", 2024, 3, 5);
	good("2024-03-05 14:30:00", 2024, 3, 5);
	good("2024-03-05T14:30:00Z", 2024, 3, 5);
	good("05/03/2024 08:15", 2024, 3, 5);
	good("2024-03", 2024, 3, 0);
	good("2024-3", 2024, 3, 0);
	good("29/02/2024", 2024, 2, 29);
	good("29/02/2000", 2000, 2, 29);
	good("31/12/1900", 1900, 12, 31);
	bad("31/02/2024", TS_DATE_INVALID);
	bad("29/02/2023", TS_DATE_INVALID);
	bad("29/02/1900", TS_DATE_INVALID);
	bad("31/04/2024", TS_DATE_INVALID);
	bad("00/03/2024", TS_DATE_INVALID);
	bad("05/00/2024", TS_DATE_INVALID);
	bad("05/13/2024", TS_DATE_INVALID);
	bad("2024-00", TS_DATE_INVALID);
	bad("2024-13-01", TS_DATE_INVALID);
	bad("20241301", TS_DATE_INVALID);
	bad("05/03/1899", TS_DATE_RANGE);
	bad("2101-01-01", TS_DATE_RANGE);
	bad("", TS_DATE_FORMAT);
	bad("ayer", TS_DATE_FORMAT);
	bad("05/03/24", TS_DATE_FORMAT);
	bad("05/03-2024", TS_DATE_FORMAT);
	bad("2024-03/05", TS_DATE_FORMAT);
	bad("2024-03-05x", TS_DATE_FORMAT);
	bad("2024-03-05 ", TS_DATE_FORMAT);
	bad("2024030", TS_DATE_FORMAT);
	bad("202403051", TS_DATE_FORMAT);
	bad("123/03/2024", TS_DATE_FORMAT);
	bad("05/03/20245", TS_DATE_FORMAT);

	/* Spelled-out months, Spanish, Portuguese and English. */
	good("30 dic 2025, 9:20", 2025, 12, 30);
	good("30 dic. 2025 09:20", 2025, 12, 30);
	good("3 de marzo de 2025", 2025, 3, 3);
	good("3 de março de 2025", 2025, 3, 3);
	good("3 DE MARZO DEL 2025", 2025, 3, 3);
	good("03/mar/2025", 2025, 3, 3);
	good("3-Mar-2025", 2025, 3, 3);
	good("15 setiembre 2024", 2024, 9, 15);
	good("1 de dezembro de 2024 08:00", 2024, 12, 1);
	good("12 Sept 2024", 2024, 9, 12);
	good("March 3, 2025", 2025, 3, 3);
	good("30 Diciembre 2025", 2025, 12, 30);
	good("5 outubro 2024", 2024, 10, 5);
	good("2025-10-07 09:20:00", 2025, 10, 7);
	good("2025-10-07T09:20:00-05:00", 2025, 10, 7);
	good("07/10/2025, 09:20", 2025, 10, 7);
	bad("31 de febrero de 2025", TS_DATE_INVALID);
	bad("30 dicc 2025", TS_DATE_FORMAT);
	bad("30 dic 25", TS_DATE_FORMAT);
	bad("de marzo de 2025", TS_DATE_FORMAT);
	bad("3 marzo", TS_DATE_FORMAT);
	bad("30 dic 2025,9:20", TS_DATE_FORMAT);
	bad("45937", TS_DATE_FORMAT);   /* a serial only where declared */

	/* Spreadsheet serials (1900 system). */
	{
		static const struct { const char *s; int y, m, d, rc; } ex[] = {
			{ "45937", 2025, 10, 7, TS_DATE_OK },
			{ "45937.375", 2025, 10, 7, TS_DATE_OK },
			{ "1", 1900, 1, 1, TS_DATE_OK },
			{ "59", 1900, 2, 28, TS_DATE_OK },
			{ "61", 1900, 3, 1, TS_DATE_OK },
			{ "45658", 2025, 1, 1, TS_DATE_OK },
			{ "73415", 2100, 12, 31, TS_DATE_OK },
			{ "60", 0, 0, 0, TS_DATE_INVALID },
			{ "0", 0, 0, 0, TS_DATE_INVALID },
			{ "73416", 0, 0, 0, TS_DATE_RANGE },
			{ "9999999", 0, 0, 0, TS_DATE_RANGE },
			{ "45937.", 0, 0, 0, TS_DATE_FORMAT },
			{ "4593x", 0, 0, 0, TS_DATE_FORMAT },
			{ "", 0, 0, 0, TS_DATE_FORMAT },
		};
		size_t k;
		ts_date e;
		for (k = 0; k < sizeof(ex) / sizeof(ex[0]); k++) {
			int rc = ts_date_excel(ex[k].s, strlen(ex[k].s), &e);
			is_int(rc, ex[k].rc, ex[k].s);
			if (rc == TS_DATE_OK)
				ok(e.y == ex[k].y && e.m == ex[k].m && e.d == ex[k].d,
				    "  serial fields");
		}
		is_int(ts_date_excel_guess("45937", 5, &e), TS_DATE_OK, "guess 45937");
		is_int(ts_date_excel_guess("12345", 5, &e), TS_DATE_FORMAT,
		    "no guess below 1950");
		is_int(ts_date_excel_guess("123456", 6, &e), TS_DATE_FORMAT,
		    "no guess for six digits");
		is_int(ts_date_excel_guess("4593", 4, &e), TS_DATE_FORMAT,
		    "no guess for four digits");
	}

	/* Lists of formats, tried in order. */
	{
		const char *l1[] = { "%d/%m/%Y", "excel" };
		const char *l2[] = { "%Y-%m-%d", "%d %b %Y" };
		ts_date e;
		is_int(ts_date_parse_list(l1, 2, "07/10/2025", 10, &e), TS_DATE_OK,
		    "list: first format");
		is_int(ts_date_parse_list(l1, 2, "45937", 5, &e), TS_DATE_OK,
		    "list: second format");
		ok(e.y == 2025 && e.m == 10 && e.d == 7, "  list: serial fields");
		is_int(ts_date_parse_list(l1, 2, "31/02/2025", 10, &e), TS_DATE_INVALID,
		    "list: the calendar's verdict is kept");
		is_int(ts_date_parse_list(l2, 2, "2025 oct 7", 10, &e), TS_DATE_FORMAT,
		    "list: no format matches");
		is_int(ts_date_parse_list(l2, 2, "7 oct. 2025", 11, &e), TS_DATE_OK,
		    "list: %b with a dot");
		is_int(ts_date_parse_list(NULL, 0, "45937", 5, &e), TS_DATE_OK,
		    "no list: plausible serial");
		is_int(ts_date_parse_list(NULL, 0, "30 dic 2025, 9:20", 17, &e),
		    TS_DATE_OK, "no list: spelled out");
		is_int(ts_date_parse_list(NULL, 0, "1234", 4, &e), TS_DATE_FORMAT,
		    "no list: not a serial");
	}
	fmt_good("%d de %b de %Y", "3 de marzo de 2025", 2025, 3, 3);
	fmt_good("%d/%b/%Y", "03/MAR/2025", 2025, 3, 3);
	fmt_good("%d %b %Y", "30  dic  2025, 9:20", 2025, 12, 30);
	fmt_good("%m/%d/%Y", "03/31/2024 10:00", 2024, 3, 31);
	fmt_good("excel", "45937", 2025, 10, 7);
	fmt_good("auto", "2025-10-07", 2025, 10, 7);
	fmt_bad("%d %b %Y", "30 xyz 2025", TS_DATE_FORMAT);
	fmt_good("%m/%d/%Y", "03/31/2024", 2024, 3, 31);
	fmt_good("%d%m%Y", "05032024", 2024, 3, 5);
	fmt_good("%Y%m", "202403", 2024, 3, 0);
	fmt_good("%Y", "2021", 2021, 0, 0);
	fmt_good("%d/%m/%Y %H:%M", "5/3/2024 9:05", 2024, 3, 5);
	fmt_good("%Y-%m-%d 100%%", "2024-03-05 100%", 2024, 3, 5);
	fmt_bad("%m/%d/%Y", "31/03/2024", TS_DATE_INVALID);
	fmt_bad("%m/%d/%Y", "03/31/2024 x", TS_DATE_FORMAT);
	fmt_bad("%Y-%m-%d", "2024-02-30", TS_DATE_INVALID);
	fmt_bad("%Y-%m-%d", "2024-00-10", TS_DATE_INVALID);
	fmt_bad("%Y%m", "24-03", TS_DATE_FORMAT);

	ok(ts_date_format_check("%d/%m/%Y") == NULL, "format ok");
	ok(ts_date_format_check("%Y%m") == NULL, "year-month format ok");
	ok(ts_date_format_check("%d/%m") != NULL, "format without %Y");
	ok(ts_date_format_check("%Y %d") != NULL, "%d without %m");
	ok(ts_date_format_check("%Y %q") != NULL, "unsupported %q");
	ok(ts_date_format_check("%d %b %Y") == NULL, "%b format ok");
	ok(ts_date_format_check("%d %b %m %Y") != NULL, "%b and %m");
	ok(ts_date_format_check("excel") == NULL, "excel format ok");
	ok(ts_date_format_check("auto") == NULL, "auto format ok");
	ok(ts_date_format_check("%Y%") != NULL, "lone %");
	ok(ts_date_format_check("%Y %Y") != NULL, "two %Y");

	ts_date_iso(&dt, iso);
	is_mem(iso, 10, "2024-03-05", 10, "ISO output");
	is_int(ts_days_in_month(2024, 2), 29, "leap February");
	is_int(ts_days_in_month(2100, 2), 28, "2100 is not leap");
	is_str(ts_date_strerror(TS_DATE_INVALID), "invalid date", "strerror");
	return done_testing();
}
