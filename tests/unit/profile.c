/* Unit tests: JSON profiles, the generic profile and its documentation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "encoding.h"
#include "profile.h"
#include "regions.h"

static ts_profile *
parse(const char *json)
{
	return ts_profile_parse(json, strlen(json), "test");
}

static void
bad(const char *json, const char *name)
{
	ts_profile *p = parse(json);

	ok(p == NULL, name);
	ts_profile_free(p);
}

/* The man page's source, with its accent escapes turned into UTF-8. */
static char *
man_text(void)
{
	static const char *const esc[][2] = {
		{ "\\(~n", "\xc3\xb1" }, { "\\(,c", "\xc3\xa7" }, { "\\(~o", "\xc3\xb5" },
	};
	FILE *f = fopen(TS_SHAREDIR "/../man/telestat-profile.5", "r");
	char *buf = calloc(1, 1 << 20), *out = calloc(1, 1 << 20);
	size_t n, i, o = 0, k;

	if (f == NULL)
		return out;
	n = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	for (i = 0; i < n;) {
		for (k = 0; k < 3; k++) {
			size_t l = strlen(esc[k][0]);
			if (strncmp(buf + i, esc[k][0], l) == 0) {
				memcpy(out + o, esc[k][1], strlen(esc[k][1]));
				o += strlen(esc[k][1]);
				i += l;
				break;
			}
		}
		if (k == 3)
			out[o++] = buf[i++];
	}
	free(buf);
	return out;
}

int
main(void)
{
	ts_profile *p;
	char *man;
	int r;
	size_t i, missing = 0;

	p = parse("{ \"name\": \"x\", \"format\": \"csv\", \"delimiter\": \";\","
	    " \"encoding\": \"latin1\", \"country\": \"MX\", \"date_format\": \"%d.%m.%Y\","
	    " \"pre_aggregated\": true,"
	    " \"columns\": { \"count\": \"Total\", \"region\": [\"Clave\", \"Entidad\"] },"
	    " \"codes\": { \"sex\": { \"1\": \"M\", \"2\": \"F\" } },"
	    " \"constants\": { \"source\": \"cenetec\" } }");
	ok(p != NULL, "full profile parses");
	if (p != NULL) {
		is_int(p->delim, ';', "delimiter");
		is_int(p->encoding, TS_ENC_LATIN1, "encoding");
		is_int(p->country, TS_COUNTRY_MX, "country");
		ok(p->ndate_formats == 1, "one date format");
		is_str(p->date_formats[0], "%d.%m.%Y", "date format");
		ok(p->pre_aggregated, "pre-aggregated");
		is_int(p->columns[TS_COL_REGION].n, 2, "two region names");
		is_str(p->columns[TS_COL_REGION].v[1], "Entidad", "in order");
		is_str(ts_profile_code(p, TS_COL_SEX, "2", 1), "F", "code map");
		ok(ts_profile_code(p, TS_COL_SEX, "3", 1) == NULL, "code not in map");
		ok(ts_profile_code(p, TS_COL_REGION, "2", 1) == NULL, "no map for region");
		is_str(p->constants[TS_COL_SOURCE], "cenetec", "constant");
	}
	ts_profile_free(p);
	p = parse("{ \"delimiter\": \"\\t\" }");
	ok(p != NULL && p->delim == '\t', "TAB delimiter");
	ts_profile_free(p);
	p = parse("{ \"delimiter\": \"auto\" }");
	ok(p != NULL && p->delim == 0, "auto delimiter");
	ts_profile_free(p);
	p = parse("{}");
	ok(p != NULL && p->format == TS_FORMAT_CSV && p->encoding == TS_ENC_UTF8 &&
	    p->country == TS_COUNTRY_NONE, "defaults");
	ts_profile_free(p);
	p = parse("{ \"format\": \"fhir\" }");
	ok(p != NULL && p->format == TS_FORMAT_FHIR, "fhir format parses (refused by ingest)");
	ts_profile_free(p);

	bad("", "empty text");
	bad("[]", "not an object");
	bad("{ \"columns\": { \"date\": \"x\" }", "unterminated object");
	bad("{ \"colums\": {} }", "unknown key");
	bad("{ \"format\": \"xml\" }", "unknown format");
	bad("{ \"delimiter\": \",,\" }", "two-character delimiter");
	bad("{ \"delimiter\": \"\\\"\" }", "quote as delimiter");
	bad("{ \"encoding\": \"ebcdic\" }", "unknown encoding");
	bad("{ \"country\": \"BR\" }", "unknown country");
	bad("{ \"date_format\": \"%d/%m\" }", "date format without %Y");
	bad("{ \"lookups\": { \"region\": { \"key\": \"a\" } } }",
	    "lookup without a value");
	bad("{ \"lookups\": { \"day\": { \"key\": \"a\", \"value\": \"b\" } } }",
	    "lookup of an input-only role");
	bad("{ \"row_kinds\": { \"x\": { \"column\": \"a\", \"pattern\": \"(\" } } }",
	    "row kind with a bad pattern");
	bad("{ \"row_kinds\": { \"x\": { \"pattern\": \"a\" } } }",
	    "row kind without a column");
	bad("{ \"date_formats\": [] }", "empty list of date formats");
	bad("{ \"pre_aggregated\": \"yes\" }", "pre_aggregated not a boolean");
	bad("{ \"pre_aggregated\": true }", "pre-aggregated without count");
	bad("{ \"columns\": { \"fecha\": \"x\" } }", "unknown column");
	bad("{ \"columns\": { \"date\": \"\" } }", "empty header name");
	bad("{ \"columns\": { \"date\": [] } }", "empty list");
	bad("{ \"columns\": { \"date\": [1] } }", "number in list");
	bad("{ \"columns\": { \"date\": \"a\", \"date\": \"b\" } }", "column twice");
	bad("{ \"codes\": { \"sex\": { \"1\": \"M\", \"1\": \"F\" } } }", "code twice");
	bad("{ \"codes\": { \"sex\": [] } }", "codes not an object");
	bad("{ \"constants\": { \"day\": \"1\" } }", "constant for an input-only column");
	bad("{ \"normalize\": { \"region\": \"dni\" } }", "normaliser for a role without one");
	bad("{ \"normalize\": { \"patient\": \"curp\" } }", "unknown normaliser");
	bad("{ \"normalize\": [] }", "normalize not an object");
	bad("{ \"name\": \"J\\u00fa\\u00ff\", \"description\": 3 }", "description not a string");

	is_str(ts_role_name(TS_COL_DATE), "date", "role name");
	is_int(ts_role_parse("age_unit"), TS_COL_AGE_UNIT, "input-only role");
	is_int(ts_role_parse("category"), -1, "classify's columns are not roles");

	p = ts_profile_load("generic");
	ok(p != NULL, "generic profile loads");
	if (p == NULL)
		return done_testing();
	is_str(p->name, "generic", "named generic");
	/* Every role has names but two: the document type, which only
	 * matters to a profile that normalises the patient's document
	 * (generic does not), and the attention id, which --map asks for
	 * (looking for repeats costs a key per row). A mapped id names one
	 * record with the service (id_key). */
	for (r = 0; r < TS_NROLES; r++)
		if (r == TS_COL_DOCTYPE)
			ok(p->columns[r].n == 0, "document_type left unmapped");
		else if (r == TS_COL_ID)
			ok(p->columns[r].n == 0, "id left unmapped");
		else
			ok(p->columns[r].n > 0, ts_role_name(r));
	ok(p->nid_key == 1 && p->id_key[0] == TS_COL_SERVICE,
	    "generic: id and service name one record");
	/* The synonyms of the bench kit's export. */
	{
		const char *want[][2] = { { "date", "fecha_atencion" },
		    { "region", "departamento" }, { "facility", "renipress" },
		    { "service", "servicio" }, { "specialty", "especialidad" },
		    { "sex", "sexo" }, { "age", "edad" }, { "patient", "dni_paciente" } };
		for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
			int role = ts_role_parse(want[i][0]), found = 0;
			size_t k;
			for (k = 0; k < p->columns[role].n; k++)
				found |= strcmp(p->columns[role].v[k], want[i][1]) == 0;
			ok(found, want[i][1]);
		}
	}
	/* telestat-profile(5) lists every name of the generic profile. */
	man = man_text();
	for (r = 0; r < TS_NROLES; r++) {
		for (i = 0; i < p->columns[r].n; i++) {
			if (strstr(man, p->columns[r].v[i]) == NULL) {
				printf("# not in telestat-profile(5): %s\n", p->columns[r].v[i]);
				missing++;
			}
		}
	}
	is_int(missing, 0, "telestat-profile(5) documents every generic name");
	free(man);
	ts_profile_free(p);
	ok(ts_profile_load("no-such-profile") == NULL, "unknown built-in");
	ok(ts_profile_load("/nonexistent/x.json") == NULL, "missing file");
	return done_testing();
}
