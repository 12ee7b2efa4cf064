/* Unit tests: es/en number, percentage and ratio formatting. */
#include "../tap.h"
#include "numfmt.h"

static char buf[TS_NUMFMT_MAX];

static const char *
fint(int64_t v, int lang)
{
	ts_numfmt_int(buf, v, lang);
	return buf;
}

static const char *
fpct(int64_t t, int lang, int plus)
{
	ts_numfmt_pct(buf, t, lang, plus);
	return buf;
}

int
main(void)
{
	is_int(ts_lang_parse("es"), TS_LANG_ES, "es parses");
	is_int(ts_lang_parse("en"), TS_LANG_EN, "en parses");
	is_int(ts_lang_parse("fr"), -1, "fr is unknown");

	is_str(fint(1609073, TS_LANG_ES), "1 609 073", "es thousands by space");
	is_str(fint(1609073, TS_LANG_EN), "1,609,073", "en thousands by comma");
	is_str(fint(8102465, TS_LANG_ES), "8 102 465", "CENETEC total es");
	is_str(fint(8807, TS_LANG_ES), "8 807", "four digits grouped");
	is_str(fint(963, TS_LANG_EN), "963", "three digits alone");
	is_str(fint(0, TS_LANG_ES), "0", "zero");
	is_str(fint(-1234567, TS_LANG_EN), "-1,234,567", "negative");
	is_str(fint(1000, TS_LANG_ES), "1 000", "exact thousand");
	is_str(fint(INT64_MIN, TS_LANG_EN), "-9,223,372,036,854,775,808",
	    "INT64_MIN does not overflow");

	/* The EsSalud headline: (1609073 - 1353532) / 1353532 = 18.879...%. */
	is_int(ts_change_tenths(1609073, 1353532), 189, "EsSalud change rounds to 18.9");
	is_str(fpct(189, TS_LANG_ES, 1), "+18,9 %", "es change");
	is_str(fpct(189, TS_LANG_EN, 1), "+18.9%", "en change");
	is_str(fpct(-43, TS_LANG_ES, 1), "-4,3 %", "negative change");
	is_str(fpct(0, TS_LANG_ES, 1), "0,0 %", "no sign on zero");
	is_str(fpct(1000, TS_LANG_EN, 0), "100.0%", "share 100%");
	is_str(fpct(123456, TS_LANG_ES, 1), "+12 345,6 %", "big change grouped");
	is_str(fpct(5, TS_LANG_EN, 0), "0.5%", "below one");

	is_int(ts_pct_tenths(1, 3), 333, "1/3 = 33.3%");
	is_int(ts_pct_tenths(2, 3), 667, "2/3 = 66.7%");
	is_int(ts_pct_tenths(1, 8), 125, "half rounds away from zero (12.5)");
	is_int(ts_pct_tenths(1, 16), 63, "6.25 -> 6.3");
	is_int(ts_change_tenths(90, 100), -100, "-10%");
	is_int(ts_change_tenths(99999, 1000000), -900, "-90.0001% -> -90.0");
	is_int(ts_change_tenths(1, 16), -938, "-93.75 -> -93.8 (away from zero)");
	is_int(ts_ratio_tenths(7, 3), 23, "7/3 = 2.3");
	is_int(ts_ratio_tenths(5, 2), 25, "5/2 = 2.5");

	ts_numfmt_dec1(buf, 23, TS_LANG_ES, 0);
	is_str(buf, "2,3", "es decimal comma");
	ts_numfmt_dec1(buf, 23, TS_LANG_EN, 0);
	is_str(buf, "2.3", "en decimal point");
	ts_numfmt_dec1_c(buf, -1234567);
	is_str(buf, "-123456.7", "machine decimal ungrouped");
	ts_numfmt_dec1_c(buf, 9);
	is_str(buf, "0.9", "machine decimal below one");
	return done_testing();
}
