/*
 * Unit tests: every synth shape is well-formed for the parser it targets
 * (libcsv for the CSV shapes, cJSON for FHIR), keeps its invariants, and
 * is a pure function of its options.
 */
#include <csv.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "synth.h"

/* Runs the generator into a temporary file; returns its bytes (caller frees). */
static char *
run(const ts_synth_opts *o, size_t *len)
{
	char path[] = "/tmp/telestat-synth-unit.XXXXXX";
	int fd = mkstemp(path);
	ts_out *out;
	FILE *f;
	char *buf;
	long n;

	close(fd);
	out = ts_out_open_atomic(path, NULL);
	ts_synth_write(out, o);
	ts_out_close(out, NULL);
	f = fopen(path, "rb");
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	buf[n] = '\0';
	fclose(f);
	unlink(path);
	*len = (size_t)n;
	return buf;
}

/* CSV rows as collected by libcsv's callbacks. */
#define MAXF 16
struct table {
	size_t rows, bad_rows;
	size_t nf;
	char f[MAXF][300];
	size_t ncols;               /* the header's */
	/* per-shape checks, filled by check_row */
	int shape;
	int year_from, year_to;
	size_t bad_date, bad_dni, bad_sex, bad_code, in_person, empty_service,
	    no_patient, quoted, latin1, bad_sessions, seen_tipo[3];
};

static void
on_field(void *s, size_t len, void *data)
{
	struct table *t = data;

	if (t->nf < MAXF) {
		if (len >= sizeof(t->f[0]))
			len = sizeof(t->f[0]) - 1;
		memcpy(t->f[t->nf], s, len);
		t->f[t->nf][len] = '\0';
	}
	t->nf++;
}

static int
digits(const char *s, size_t n)
{
	size_t i;

	if (strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
year_ok(const struct table *t, const char *s)
{
	int y = atoi(s);

	return digits(s, 4) && y >= t->year_from && y <= t->year_to;
}

static void
check_row(struct table *t)
{
	char (*f)[300] = t->f;

	switch (t->shape) {
	case TS_SYNTH_GENERIC:
		/* id,fecha,departamento,renipress,ipress,servicio,especialidad,sexo,edad,dni */
		if (strlen(f[1]) != 10 || f[1][2] != '/' || f[1][5] != '/' ||
		    !year_ok(t, f[1] + 6))
			t->bad_date++;
		if (!digits(f[3], 8))
			t->bad_code++;
		if (f[9][0] != '\0' && !digits(f[9], 8))
			t->bad_dni++;
		if (strcmp(f[7], "F") != 0 && strcmp(f[7], "M") != 0 && f[7][0] != '\0')
			t->bad_sex++;
		if (f[9][0] == '\0')
			t->no_patient++;
		if (strcmp(f[5], "CONSULTA EXTERNA") == 0)
			t->in_person++;
		if (f[5][0] == '\0')
			t->empty_service++;
		if (strchr(f[4], ',') != NULL || strchr(f[4], '"') != NULL)
			t->quoted++;
		break;
	case TS_SYNTH_MINSA_HIS:
		/* Id_Cita;Anio;Mes;Dia;Fecha;Id_Est;Ubigeo;Id_Pac;Cond;Item;Edad;Tipo;Sexo;Desc */
		if (!year_ok(t, f[1]) || strncmp(f[4], f[1], 4) != 0 ||
		    atoi(f[2]) < 1 || atoi(f[2]) > 12 || atoi(f[3]) < 1 || atoi(f[3]) > 31)
			t->bad_date++;
		if (!digits(f[5], 8) || !digits(f[6], 6))
			t->bad_code++;
		if (!digits(f[7], 8))
			t->bad_dni++;
		if (strcmp(f[12], "F") != 0 && strcmp(f[12], "M") != 0)
			t->bad_sex++;
		if (strlen(f[8]) != 1 || strchr("NCR", f[8][0]) == NULL)
			t->bad_code++;
		if (strcmp(f[11], "A") == 0)
			t->seen_tipo[0]++;
		else if (strcmp(f[11], "M") == 0)
			t->seen_tipo[1]++;
		else if (strcmp(f[11], "D") == 0)
			t->seen_tipo[2]++;
		else
			t->bad_code++;
		if (strchr(f[13], '\xed') != NULL || strchr(f[13], '\xf3') != NULL)
			t->latin1++;
		break;
	case TS_SYNTH_ESSALUD_CENATE:
		/* fecha,red,departamento,servicio,especialidad,id_paciente,sexo,edad */
		if (!digits(f[0], 8) || atoi(f[0]) / 10000 < t->year_from ||
		    atoi(f[0]) / 10000 > t->year_to)
			t->bad_date++;
		if (!digits(f[5], 8))
			t->bad_dni++;
		if (strcmp(f[6], "F") != 0 && strcmp(f[6], "M") != 0)
			t->bad_sex++;
		if (strcmp(f[3], "Telecron") == 0)
			t->in_person++;     /* counted as "Telecron seen" */
		if (strchr(f[3], ',') != NULL)
			t->quoted++;
		break;
	case TS_SYNTH_CENETEC_SUMMARY:
		/* anio,entidad,accion,total,sesiones,asistentes */
		if (!year_ok(t, f[0]))
			t->bad_date++;
		if (digits(f[1], 2) && (atoi(f[1]) < 1 || atoi(f[1]) > 32))
			t->bad_code++;
		if (strcmp(f[2], "Tele-educación") == 0 ||
		    strcmp(f[2], "Coordinación de servicios") == 0) {
			t->no_patient++;
			if (strcmp(f[3], f[4]) != 0 || atoll(f[5]) < atoll(f[4]))
				t->bad_sessions++;
		} else if (f[4][0] != '\0' || f[5][0] != '\0') {
			t->bad_sessions++;
		}
		break;
	}
}

static void
on_row(int c, void *data)
{
	struct table *t = data;

	(void)c;
	if (t->rows == 0)
		t->ncols = t->nf;
	else if (t->nf != t->ncols)
		t->bad_rows++;
	else
		check_row(t);
	t->rows++;
	t->nf = 0;
}

static void
parse_csv(const char *buf, size_t len, char delim, struct table *t)
{
	struct csv_parser p;

	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_delim(&p, (unsigned char)delim);
	if (csv_parse(&p, buf, len, on_field, on_row, t) != len)
		t->bad_rows += 1000000;
	if (csv_fini(&p, on_field, on_row, t) != 0)
		t->bad_rows += 1000000;
	csv_free(&p);
}

static struct table *
csv_shape(int shape, char delim, size_t rows, uint64_t seed)
{
	ts_synth_opts o;
	struct table *t = calloc(1, sizeof(*t));
	char *buf;
	size_t len;

	ts_synth_defaults(&o);
	o.shape = shape;
	o.rows = rows;
	o.seed = seed;
	t->shape = shape;
	t->year_from = o.year_from;
	t->year_to = o.year_to;
	buf = run(&o, &len);
	parse_csv(buf, len, delim, t);
	free(buf);
	return t;
}

static void
test_fhir(void)
{
	ts_synth_opts o;
	char *buf, *line, *save = NULL;
	size_t len, n = 0, bad = 0, amb = 0, vr = 0, untyped = 0;
	cJSON *j, *e;

	ts_synth_defaults(&o);
	o.shape = TS_SYNTH_FHIR;
	o.rows = 3000;
	buf = run(&o, &len);
	ok(len > 0 && buf[len - 1] == '\n', "fhir NDJSON ends with a newline");
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *cls;
		n++;
		j = cJSON_Parse(line);
		if (j == NULL || !cJSON_IsString(cJSON_GetObjectItem(j, "resourceType")) ||
		    strcmp(cJSON_GetObjectItem(j, "resourceType")->valuestring, "Encounter") != 0 ||
		    cJSON_GetObjectItem(j, "period") == NULL ||
		    cJSON_GetObjectItem(j, "subject") == NULL) {
			bad++;
			cJSON_Delete(j);
			continue;
		}
		e = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "class"), "code");
		cls = cJSON_IsString(e) ? e->valuestring : "";
		amb += strcmp(cls, "AMB") == 0;
		vr += strcmp(cls, "VR") == 0;
		untyped += cJSON_GetObjectItem(j, "type") == NULL;
		cJSON_Delete(j);
	}
	is_int(n, 3000, "fhir: one Encounter per line");
	is_int(bad, 0, "fhir: every line is a JSON Encounter with period and subject");
	ok(amb > 0 && vr > 20 * amb, "fhir: mostly virtual, some ambulatory encounters");
	ok(untyped > 0 && untyped < n / 20, "fhir: a few encounters lack a type");
	free(buf);

	o.bundle = 1;
	o.rows = 500;
	buf = run(&o, &len);
	j = cJSON_ParseWithLength(buf, len);
	ok(j != NULL, "fhir --bundle parses as one JSON document");
	is_str(j ? cJSON_GetObjectItem(j, "resourceType")->valuestring : NULL, "Bundle",
	    "bundle resourceType");
	is_int(j ? cJSON_GetArraySize(cJSON_GetObjectItem(j, "entry")) : -1, 500,
	    "bundle holds one entry per row");
	e = j ? cJSON_GetArrayItem(cJSON_GetObjectItem(j, "entry"), 499) : NULL;
	e = e ? cJSON_GetObjectItem(cJSON_GetObjectItem(e, "resource"), "id") : NULL;
	is_str(e ? e->valuestring : NULL, "500", "last entry is Encounter 500");
	cJSON_Delete(j);
	free(buf);

	o.rows = 0;
	buf = run(&o, &len);
	j = cJSON_ParseWithLength(buf, len);
	is_int(j ? cJSON_GetArraySize(cJSON_GetObjectItem(j, "entry")) : -1, 0,
	    "empty bundle is valid JSON with no entries");
	cJSON_Delete(j);
	free(buf);
}

static void
test_determinism(void)
{
	ts_synth_opts o;
	char *a, *b;
	size_t la, lb;
	int s;

	for (s = 0; s < TS_SYNTH_NSHAPES; s++) {
		char name[80];
		ts_synth_defaults(&o);
		o.shape = s;
		o.rows = 400;
		o.seed = 77;
		a = run(&o, &la);
		b = run(&o, &lb);
		snprintf(name, sizeof(name), "%s: same seed, same bytes", ts_synth_shape_name(s));
		ok(la == lb && memcmp(a, b, la) == 0, name);
		free(b);
		o.seed = 78;
		b = run(&o, &lb);
		snprintf(name, sizeof(name), "%s: other seed, other bytes", ts_synth_shape_name(s));
		ok(la != lb || memcmp(a, b, la) != 0, name);
		free(a);
		free(b);
	}
}

static void
test_years(void)
{
	int a = 0, b = 0;
	ts_synth_opts o;
	struct table *t;
	char *buf;
	size_t len;

	ok(ts_synth_parse_years("2021-2025", &a, &b) == 0 && a == 2021 && b == 2025,
	    "years FROM-TO");
	ok(ts_synth_parse_years("2024", &a, &b) == 0 && a == 2024 && b == 2024,
	    "single year");
	ok(ts_synth_parse_years("2025-2021", &a, &b) < 0, "reversed range refused");
	ok(ts_synth_parse_years("21-25", &a, &b) < 0, "two-digit years refused");
	ok(ts_synth_parse_years("2021-", &a, &b) < 0, "open range refused");
	ok(ts_synth_parse_years("1899", &a, &b) < 0, "year before 1900 refused");
	ok(ts_synth_parse_years("", &a, &b) < 0, "empty refused");
	ok(ts_synth_parse_years("2021-2025x", &a, &b) < 0, "trailing junk refused");

	/* A single year: every date within it, and a leap day is possible. */
	ts_synth_defaults(&o);
	o.rows = 20000;
	o.year_from = o.year_to = 2024;
	buf = run(&o, &len);
	ok(strstr(buf, ",29/02/2024,") != NULL, "leap day drawn in a leap year");
	t = calloc(1, sizeof(*t));
	t->shape = TS_SYNTH_GENERIC;
	t->year_from = t->year_to = 2024;
	parse_csv(buf, len, ',', t);
	is_int(t->bad_date, 0, "every date within --years 2024");
	free(t);
	free(buf);
	o.year_from = o.year_to = 2023;
	buf = run(&o, &len);
	ok(strstr(buf, "/02/2023,") != NULL && strstr(buf, ",29/02/2023,") == NULL,
	    "no 29 February in 2023");
	free(buf);
}

int
main(void)
{
	struct table *t;

	is_int(ts_synth_shape_find("generic"), TS_SYNTH_GENERIC, "shape generic");
	is_int(ts_synth_shape_find("fhir"), TS_SYNTH_FHIR, "shape fhir");
	is_int(ts_synth_shape_find("FHIR"), -1, "shape names are exact");
	is_str(ts_synth_shape_name(TS_SYNTH_CENETEC_SUMMARY), "cenetec-summary",
	    "shape name");

	t = csv_shape(TS_SYNTH_GENERIC, ',', 20000, 3);
	is_int(t->rows, 20001, "generic: header and 20000 rows (strict CSV)");
	is_int(t->ncols, 10, "generic: ten columns");
	is_int(t->bad_rows, 0, "generic: no ragged row");
	is_int(t->bad_date, 0, "generic: DD/MM/YYYY dates within the years");
	is_int(t->bad_code, 0, "generic: RENIPRESS codes are 8 digits");
	is_int(t->bad_dni, 0, "generic: DNI are 8 digits");
	is_int(t->bad_sex, 0, "generic: sex F, M or empty");
	ok(t->in_person > 0 && t->in_person < 1000, "generic: a few in-person labels");
	ok(t->empty_service > 0 && t->empty_service < 500, "generic: a few empty labels");
	ok(t->no_patient > 0 && t->no_patient < 1000,
	    "generic: a few activities without patient");
	ok(t->quoted > 1000, "generic: quoted facility names");
	free(t);

	t = csv_shape(TS_SYNTH_MINSA_HIS, ';', 20000, 3);
	is_int(t->rows, 20001, "minsa-his: header and 20000 rows");
	is_int(t->ncols, 14, "minsa-his: fourteen columns");
	is_int(t->bad_rows, 0, "minsa-his: no ragged row");
	is_int(t->bad_date, 0, "minsa-his: Anio/Mes/Dia agree with Fecha_Atencion");
	is_int(t->bad_code, 0, "minsa-his: codes, UBIGEO, condition and age type well-formed");
	is_int(t->bad_dni, 0, "minsa-his: patient ids are 8 digits");
	is_int(t->bad_sex, 0, "minsa-his: sex F or M");
	ok(t->seen_tipo[0] > 0 && t->seen_tipo[1] > 0 && t->seen_tipo[2] > 0,
	    "minsa-his: ages in years, months and days");
	ok(t->latin1 > 1000, "minsa-his: descriptions in Latin-1");
	free(t);

	t = csv_shape(TS_SYNTH_ESSALUD_CENATE, ',', 20000, 3);
	is_int(t->rows, 20001, "essalud-cenate: header and 20000 rows");
	is_int(t->ncols, 8, "essalud-cenate: eight columns");
	is_int(t->bad_rows, 0, "essalud-cenate: no ragged row");
	is_int(t->bad_date, 0, "essalud-cenate: YYYYMMDD dates");
	is_int(t->bad_dni, 0, "essalud-cenate: patient ids are 8 digits");
	is_int(t->bad_sex, 0, "essalud-cenate: sex F or M");
	ok(t->in_person > 0, "essalud-cenate: Telecron program rows");
	ok(t->quoted > 0, "essalud-cenate: labels with commas");
	free(t);

	t = csv_shape(TS_SYNTH_CENETEC_SUMMARY, ',', 2000, 3);
	is_int(t->rows, 2001, "cenetec-summary: header and 2000 rows");
	is_int(t->ncols, 6, "cenetec-summary: six columns");
	is_int(t->bad_rows, 0, "cenetec-summary: no ragged row");
	is_int(t->bad_date, 0, "cenetec-summary: years within the range");
	is_int(t->bad_code, 0, "cenetec-summary: INEGI codes 01-32");
	ok(t->no_patient > 0, "cenetec-summary: activities without patient");
	is_int(t->bad_sessions, 0,
	    "cenetec-summary: sessions only without patient, total = sessions");
	free(t);

	test_fhir();
	test_determinism();
	test_years();
	return done_testing();
}
