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
	ok(ts_date_format_check("%Y %b") != NULL, "unsupported %b");
	ok(ts_date_format_check("%Y%") != NULL, "lone %");
	ok(ts_date_format_check("%Y %Y") != NULL, "two %Y");

	ts_date_iso(&dt, iso);
	is_mem(iso, 10, "2024-03-05", 10, "ISO output");
	is_int(ts_days_in_month(2024, 2), 29, "leap February");
	is_int(ts_days_in_month(2100, 2), 28, "2100 is not leap");
	is_str(ts_date_strerror(TS_DATE_INVALID), "invalid date", "strerror");
	return done_testing();
}
