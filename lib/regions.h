/*
 * regions.h - Peruvian departments and Mexican states: resolution of the
 * names and codes exports use to ISO 3166-2 codes, and display names.
 *
 * The tables live in share/regions/pe.tsv and share/regions/mx.tsv, one
 * per country. Each is a records(5) stream (so that report, awk and
 * friends read it too) with the header
 *
 *   iso  codes  name_es  name_en  aliases
 *
 * iso: the ISO 3166-2 code; codes: numeric codes, |-separated (UBIGEO
 * prefixes for Peru, INEGI codes for Mexico; the longest matching prefix
 * wins, so 1501xx is Lima Metropolitana and the rest of 15 is Lima
 * region); name_es, name_en: display names; aliases: other names,
 * |-separated, matched like the names.
 *
 * A value resolves as follows:
 *
 *   - an ISO 3166-2 code ("PE-LIM", "mx-cmx") resolves to itself;
 *   - a name or alias, ignoring case, accents, spaces and punctuation
 *     ("JUNIN", "Junín", "Ciudad de México", "CDMX"), optionally after a
 *     prefix such as "Departamento de", "Región", "DIRESA", "Estado de";
 *   - digits are UBIGEO (Peru: 2-digit department, 4-digit province,
 *     6-digit district; a leading zero lost by a spreadsheet is restored)
 *     or INEGI (Mexico: 2-digit state, 5-digit municipality) codes. They
 *     are ambiguous between the countries ("01" is Amazonas and
 *     Aguascalientes), so they need a country: without one the result is
 *     TS_REGION_AMBIGUOUS, never a guess;
 *   - with a country, a bare ISO suffix ("LIM", "CMX") also resolves.
 *
 * Anything else is TS_REGION_UNKNOWN (callers keep the raw text).
 * Resolution costs a few folds and hash look-ups: callers memoize it per
 * distinct raw value.
 */
#ifndef TS_REGIONS_H
#define TS_REGIONS_H

#include <stddef.h>

enum ts_country {
	TS_COUNTRY_NONE = 0,
	TS_COUNTRY_PE = 1,
	TS_COUNTRY_MX = 2
};
#define TS_NCOUNTRIES 3

/* "PE" / "MX" (case-insensitive) -> country; -1 if unknown. */
int ts_country_parse(const char *s);
/* "PE", "MX", or "" for TS_COUNTRY_NONE (static). */
const char *ts_country_code(int country);

enum ts_region_status {
	TS_REGION_OK = 0,
	TS_REGION_UNKNOWN,
	TS_REGION_AMBIGUOUS     /* a numeric code and no country */
};

typedef struct ts_regiondb ts_regiondb;

/*
 * Loads share/regions/pe.tsv and mx.tsv. Returns NULL after printing a
 * message when a table is missing or malformed.
 */
ts_regiondb *ts_regiondb_load(void);
/*
 * An empty set, and adding one country's table from TSV text (tests,
 * fuzzing): ts_regiondb_add is called once per country and returns 0, or
 * -1 after printing "NAME:LINE: reason".
 */
ts_regiondb *ts_regiondb_new(void);
int ts_regiondb_add(ts_regiondb *r, int country, const char *tsv, size_t n,
    const char *name);
void ts_regiondb_free(ts_regiondb *r);

/*
 * Resolves P[0..n) (already trimmed) for COUNTRY (TS_COUNTRY_NONE when
 * unknown). On TS_REGION_OK, *iso is the ISO 3166-2 code (owned by R).
 */
int ts_regiondb_resolve(const ts_regiondb *r, const char *p, size_t n,
    int country, const char **iso);

/*
 * Display name of ISO in LANG ("es" or "en"; anything else is "es"), or
 * NULL when ISO is not in the tables. Owned by R.
 */
const char *ts_regiondb_name(const ts_regiondb *r, const char *iso,
    const char *lang);

/* Regions of COUNTRY in table order (for coverage: who did not report). */
size_t ts_regiondb_count(const ts_regiondb *r, int country);
const char *ts_regiondb_iso(const ts_regiondb *r, int country, size_t i);

#endif
