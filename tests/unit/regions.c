/* Unit tests: region tables (share/regions) and resolution. */
#include <string.h>

#include "../tap.h"
#include "regions.h"

static ts_regiondb *R;

static void
res(const char *s, int country, int want, const char *want_iso)
{
	const char *iso = NULL;
	int rc = ts_regiondb_resolve(R, s, strlen(s), country, &iso);
	char name[160];

	strcpy(name, "resolve ");
	strncat(name, s, 100);
	if (country)
		strcat(name, country == TS_COUNTRY_PE ? " (PE)" : " (MX)");
	is_int(rc, want, name);
	if (want == TS_REGION_OK && rc == TS_REGION_OK)
		is_str(iso, want_iso, "  iso");
}

int
main(void)
{
	const char *pe[] = { "PE-AMA", "PE-ANC", "PE-APU", "PE-ARE", "PE-AYA",
	    "PE-CAJ", "PE-CAL", "PE-CUS", "PE-HUV", "PE-HUC", "PE-ICA", "PE-JUN",
	    "PE-LAL", "PE-LAM", "PE-LIM", "PE-LMA", "PE-LOR", "PE-MDD", "PE-MOQ",
	    "PE-PAS", "PE-PIU", "PE-PUN", "PE-SAM", "PE-TAC", "PE-TUM", "PE-UCA" };
	size_t i;
	ts_regiondb *bad;

	R = ts_regiondb_load();
	ok(R != NULL, "tables load");
	if (R == NULL)
		return done_testing();
	is_int(ts_regiondb_count(R, TS_COUNTRY_PE), 26, "26 Peruvian regions");
	is_int(ts_regiondb_count(R, TS_COUNTRY_MX), 32, "32 Mexican states");
	for (i = 0; i < 26; i++)
		ok(ts_regiondb_name(R, pe[i], "es") != NULL, pe[i]);

	/* Names: accents, case, spaces, prefixes. */
	res("JUNIN", 0, TS_REGION_OK, "PE-JUN");
	res("Jun\xc3\xadn", 0, TS_REGION_OK, "PE-JUN");
	res("  la libertad", 0, TS_REGION_OK, "PE-LAL");
	res("LALIBERTAD", 0, TS_REGION_OK, "PE-LAL");
	res("SAN MARTIN", 0, TS_REGION_OK, "PE-SAM");
	res("Departamento de Cusco", 0, TS_REGION_OK, "PE-CUS");
	res("DIRESA PIURA", 0, TS_REGION_OK, "PE-PIU");
	res("Regi\xc3\xb3n Callao", 0, TS_REGION_OK, "PE-CAL");
	res("15 - LIMA", 0, TS_REGION_OK, "PE-LIM");
	res("LIMA", 0, TS_REGION_OK, "PE-LIM");
	res("Lima Metropolitana", 0, TS_REGION_OK, "PE-LMA");
	res("DIRIS LIMA NORTE", 0, TS_REGION_OK, "PE-LMA");
	res("Lima Provincias", 0, TS_REGION_OK, "PE-LIM");
	res("CALLAO", 0, TS_REGION_OK, "PE-CAL");
	res("CDMX", 0, TS_REGION_OK, "MX-CMX");
	res("Distrito Federal", 0, TS_REGION_OK, "MX-CMX");
	res("D.F.", 0, TS_REGION_OK, "MX-CMX");
	res("Ciudad de M\xc3\xa9xico", 0, TS_REGION_OK, "MX-CMX");
	res("Estado de M\xc3\xa9xico", 0, TS_REGION_OK, "MX-MEX");
	res("M\xc3\xa9xico", 0, TS_REGION_OK, "MX-MEX");
	res("Estado de Jalisco", 0, TS_REGION_OK, "MX-JAL");
	res("Michoac\xc3\xa1n de Ocampo", 0, TS_REGION_OK, "MX-MIC");
	res("VERACRUZ DE IGNACIO DE LA LLAVE", 0, TS_REGION_OK, "MX-VER");
	res("Coahuila de Zaragoza", 0, TS_REGION_OK, "MX-COA");
	res("NUEVO LEON", 0, TS_REGION_OK, "MX-NLE");
	res("Chiapas", 0, TS_REGION_OK, "MX-CHP");
	/* ISO codes. */
	res("PE-LIM", 0, TS_REGION_OK, "PE-LIM");
	res("mx-cmx", 0, TS_REGION_OK, "MX-CMX");
	res("PE-XXX", 0, TS_REGION_UNKNOWN, NULL);
	res("LIM", TS_COUNTRY_PE, TS_REGION_OK, "PE-LIM");
	res("LIM", 0, TS_REGION_UNKNOWN, NULL);
	/* Numeric codes need a country. */
	res("01", 0, TS_REGION_AMBIGUOUS, NULL);
	res("01", TS_COUNTRY_PE, TS_REGION_OK, "PE-AMA");
	res("01", TS_COUNTRY_MX, TS_REGION_OK, "MX-AGU");
	res("1", TS_COUNTRY_MX, TS_REGION_OK, "MX-AGU");
	res("09", TS_COUNTRY_MX, TS_REGION_OK, "MX-CMX");
	res("09015", TS_COUNTRY_MX, TS_REGION_OK, "MX-CMX");
	res("9015", TS_COUNTRY_MX, TS_REGION_OK, "MX-CMX");
	res("07", TS_COUNTRY_MX, TS_REGION_OK, "MX-CHP");
	res("07", TS_COUNTRY_PE, TS_REGION_OK, "PE-CAL");
	res("15", TS_COUNTRY_PE, TS_REGION_OK, "PE-LIM");
	res("150101", TS_COUNTRY_PE, TS_REGION_OK, "PE-LMA");
	res("150132", TS_COUNTRY_PE, TS_REGION_OK, "PE-LMA");
	res("1501", TS_COUNTRY_PE, TS_REGION_OK, "PE-LMA");
	res("150201", TS_COUNTRY_PE, TS_REGION_OK, "PE-LIM");
	res("10101", TS_COUNTRY_PE, TS_REGION_OK, "PE-AMA");
	res("250101", TS_COUNTRY_PE, TS_REGION_OK, "PE-UCA");
	res("26", TS_COUNTRY_PE, TS_REGION_UNKNOWN, NULL);
	res("33", TS_COUNTRY_MX, TS_REGION_UNKNOWN, NULL);
	res("1234567", TS_COUNTRY_PE, TS_REGION_UNKNOWN, NULL);
	/* Unknown names stay unknown. */
	res("Atlantis", 0, TS_REGION_UNKNOWN, NULL);
	res("", 0, TS_REGION_UNKNOWN, NULL);

	is_str(ts_regiondb_name(R, "MX-CMX", "en"), "Mexico City", "English name");
	is_str(ts_regiondb_name(R, "MX-CMX", "es"), "Ciudad de M\xc3\xa9xico", "Spanish name");
	is_str(ts_regiondb_name(R, "PE-LMA", "en"), "Metropolitan Lima", "Lima Metropolitana in English");
	ok(ts_regiondb_name(R, "XX-YYY", "es") == NULL, "unknown ISO has no name");
	is_str(ts_regiondb_iso(R, TS_COUNTRY_MX, 0), "MX-AGU", "first Mexican state");
	is_int(ts_country_parse("pe"), TS_COUNTRY_PE, "country pe");
	is_int(ts_country_parse("BR"), -1, "country BR unknown");

	bad = ts_regiondb_new();
	{
		const char *t = "iso\tcodes\tname_es\tname_en\taliases\n"
		    "PE-AAA\t01\tA\tA\t\nPE-BBB\t01\tB\tB\t\n";
		ok(ts_regiondb_add(bad, TS_COUNTRY_PE, t, strlen(t), "t") < 0,
		    "duplicate code rejected");
	}
	ts_regiondb_free(bad);
	bad = ts_regiondb_new();
	{
		const char *t = "iso\tcodes\tname_es\tname_en\taliases\nPE-AAA\t01\tA\n";
		ok(ts_regiondb_add(bad, TS_COUNTRY_PE, t, strlen(t), "t") < 0,
		    "short line rejected");
	}
	ts_regiondb_free(bad);
	bad = ts_regiondb_new();
	ok(ts_regiondb_add(bad, TS_COUNTRY_PE, "PE-AAA\t01\tA\tA\t\n", 16, "t") < 0,
	    "table without its header rejected");
	ts_regiondb_free(bad);
	ts_regiondb_free(R);
	return done_testing();
}
