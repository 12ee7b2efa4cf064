/*
 * profile.h - source profiles, telestat-profile(5).
 *
 * A profile is a JSON file (read with cJSON) describing one source's
 * export: its format, delimiter, encoding, country, which source columns
 * feed which records(5) columns, the date format, code maps (raw value ->
 * canonical value, per column), constant columns and whether rows are
 * pre-aggregated. Built-in profiles live in share/profiles/NAME.json.
 *
 * Column roles are the canonical records(5) columns, in output order,
 * followed by input-only roles that help build them (day: a day-of-month
 * column combined with year and month; age_unit: the unit of age, as the
 * HIS "Tipo_Edad" A/M/D; id: the attention id; document_type: the type
 * of the patient's document, which decides how it is normalised).
 */
#ifndef TS_PROFILE_H
#define TS_PROFILE_H

#include <stddef.h>

#include "strmap.h"

enum ts_role {
	TS_COL_DATE, TS_COL_YEAR, TS_COL_MONTH, TS_COL_SOURCE,
	TS_COL_INSTITUTION, TS_COL_REGION, TS_COL_FACILITY, TS_COL_SERVICE,
	TS_COL_SPECIALTY, TS_COL_SEX, TS_COL_AGE, TS_COL_PATIENT,
	TS_COL_CONDITION, TS_COL_COUNT, TS_COL_SESSIONS, TS_COL_ATTENDEES,
	TS_NCANON,                      /* number of canonical output columns */
	TS_COL_DAY = TS_NCANON,         /* input only */
	TS_COL_AGE_UNIT,                /* input only */
	TS_COL_ID,                      /* input only: the attention id, for
	                                   duplicates; never written */
	TS_COL_DOCTYPE,                 /* input only: the patient's document
	                                   type (DNI, CE, ...), for "normalize" */
	TS_NROLES
};

/* Name of ROLE ("date", ..., "age_unit"); static. */
const char *ts_role_name(int role);
/* Role named NAME, or -1. */
int ts_role_parse(const char *name);
/* The TS_NCANON canonical column names in output order (static). */
extern const char *const ts_canon_columns[TS_NCANON];

enum ts_format {
	TS_FORMAT_CSV = 0,
	TS_FORMAT_JSON,
	TS_FORMAT_NDJSON,
	TS_FORMAT_FHIR
};
const char *ts_format_name(int format);
/* --format: "csv", "json" or "ndjson" to enum ts_format; -1 otherwise. */
int ts_format_option(const char *s);

/* Header names a role is looked for under, best first. */
typedef struct ts_namelist {
	char **v;
	size_t n;
} ts_namelist;

/*
 * A lookup (key "lookups"): ROLE's value comes from a master file, the
 * row's KEY column looked up in the master's KEY column, its VALUE
 * column giving the value. The file itself is named at run time
 * (ingest --lookup ROLE=FILE). With "with_key": true the value written
 * is the row's key, a space and the master's value ("99499.07
 * TELEMAMOGRAFIA FUERA DE LINEA"), so that a code still decides.
 */
struct ts_profile_lookup {
	int role;
	char *key, *value;
	int with_key;       /* write "KEY VALUE": the code, then its name */
};

/*
 * A kind of row that is not an action (key "row_kinds"), skipped and
 * counted under NAME ("diagnosis rows"): rows whose COLUMN (the first of
 * the header names found) matches the PCRE2 PATTERN.
 */
struct ts_row_kind {
	char *name;
	ts_namelist columns;
	char *pattern;
};

typedef struct ts_profile {
	char *name;                 /* "generic" or the file name */
	char *description;          /* may be NULL */
	int format;                 /* enum ts_format */
	int delim;                  /* byte, or 0: sniff */
	int encoding;               /* enum ts_encoding */
	int country;                /* enum ts_country (0: none) */
	char **date_formats;        /* tried in order; none: automatic */
	size_t ndate_formats;
	int pre_aggregated;         /* rows carry a count column */
	/* A pre-aggregated row's key: the roles whose values, together, one
	 * delivery gives once (a repeat is a duplicate delivery). */
	int key[TS_NCANON];
	size_t nkey;
	/* The roles that, with the attention id, name one record: a source
	 * whose id names an attention of several rows (HIS's Id_Cita, one
	 * row per procedure item) repeats an id without repeating a row. */
	int id_key[TS_NCANON];
	size_t nid_key;
	ts_namelist columns[TS_NROLES];
	/*
	 * Header names (or JSON paths) of the columns that identify a person:
	 * names, phones, e-mails, addresses, birth dates, document numbers.
	 * Never kept without --keep-identifiers, never quoted in a message.
	 * The column feeding patient is one whether listed or not.
	 */
	ts_namelist identifying;
	char *constants[TS_NROLES]; /* NULL when none */
	struct ts_profile_lookup *lookups;
	size_t nlookups;
	struct ts_row_kind *row_kinds;
	size_t nrow_kinds;
	/* enum ts_idnorm of patient and facility (key "normalize"). */
	int normalize[TS_NCANON];
	ts_map *codes[TS_NROLES];   /* raw value -> index in code_values */
	char **code_values[TS_NROLES];
} ts_profile;

/*
 * Loads a profile: ARG is a file when it contains '/' or ends in ".json",
 * else the name of a built-in (share/profiles/ARG.json). Returns NULL
 * after printing a message (missing file, invalid JSON, bad key or value).
 */
ts_profile *ts_profile_load(const char *arg);

/*
 * Parses profile JSON TEXT[0..n) named NAME (for messages). Returns NULL
 * after printing "NAME: reason" (with a line number for JSON syntax).
 */
ts_profile *ts_profile_parse(const char *text, size_t n, const char *name);

void ts_profile_free(ts_profile *p);

/*
 * Code map look-up: the canonical value for raw P[0..n) of ROLE, or NULL
 * when the profile has no entry (use the raw value). Owned by the profile.
 */
static inline const char *
ts_profile_code(const ts_profile *p, int role, const char *s, size_t n)
{
	int64_t id;

	if (p->codes[role] == NULL || (id = ts_map_find(p->codes[role], s, n)) < 0)
		return NULL;
	return p->code_values[role][id];
}

#endif
