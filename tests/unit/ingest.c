/*
 * Unit tests: ingest's header mapping and row normalisation, through
 * ts_ingest_file on in-memory inputs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "ingest.h"
#include "regions.h"

static ts_profile *generic;
static struct ts_ingest_stats last;
static int last_status;

static struct ts_ingest_opts
defaults(void)
{
	struct ts_ingest_opts o;

	memset(&o, 0, sizeof(o));
	o.profile = generic;
	o.delim = o.encoding = o.country = -1;
	o.max_errors = UINT64_MAX;
	o.quiet = 1;
	return o;
}

/*
 * Ingests TEXT with O; returns the data rows written (header dropped),
 * selected columns COLS (1-based, comma-separated as for cut -f).
 */
static char *
run(const char *text, struct ts_ingest_opts o, const char *cols)
{
	char path[] = "/tmp/telestat-unit-ingest.XXXXXX";
	int fd = mkstemp(path);
	ts_out *out = ts_out_open_atomic(path, NULL);
	ts_ingest *g = ts_ingest_new(&o);
	char *res = calloc(1, 65536), line[4096];
	FILE *f;
	int first = 1;

	close(fd);
	ts_ingest_header(g, out);
	last_status = ts_ingest_file(g, ts_input_memory((const uint8_t *)text,
	    strlen(text), "t"), out);
	ts_ingest_totals(g, &last);
	ts_ingest_free(g);
	ts_out_close(out, NULL);
	f = fopen(path, "r");
	while (fgets(line, sizeof(line), f) != NULL) {
		char *s = line, want[16], list[4096];
		int col = 0, nout = 0;
		if (first) {
			first = 0;
			continue;
		}
		line[strcspn(line, "\n")] = '\0';
		snprintf(list, sizeof(list), ",%s,", cols);
		/* Split at TABs, keeping empty fields; keep the listed ones. */
		for (;;) {
			char *t = strchr(s, '\t');
			col++;
			if (t)
				*t = '\0';
			snprintf(want, sizeof(want), ",%d,", col);
			if (strstr(list, want) != NULL) {
				if (nout++)
					strcat(res, "|");
				strcat(res, s);
			}
			if (!t)
				break;
			s = t + 1;
		}
		strcat(res, "\n");
	}
	fclose(f);
	unlink(path);
	return res;
}

static void
is_run(const char *text, struct ts_ingest_opts o, const char *cols,
    const char *want, const char *name)
{
	char *got = run(text, o, cols);

	is_str(got, want, name);
	ok(last.read == last.written + last.rejected, "  rows balance");
	free(got);
}

int
main(void)
{
	struct ts_ingest_opts o;

	generic = ts_profile_load("generic");
	ok(generic != NULL, "generic profile");
	if (generic == NULL)
		return done_testing();

	/* Header names compared ignoring case, accents and punctuation. */
	o = defaults();
	is_run("Fecha de Atenci\xc3\xb3n;DEPARTAMENTO;Tipo de Atenci\xc3\xb3n\n"
	    "05/03/2024;Jun\xc3\xadn;TELECONSULTA\n", o, "1,6,8",
	    "2024-03-05|PE-JUN|TELECONSULTA\n", "headers match ignoring case and accents");
	/* The best synonym wins, whatever the column order. */
	is_run("fecha,fecha_atencion,region\n01/01/2024,02/02/2024,Ica\n", o, "1",
	    "2024-01-01\n", "first synonym in the profile wins");
	is_run("fecha_cita,fecha_atencion,region\n01/01/2024,02/02/2024,Ica\n", o, "1",
	    "2024-02-02\n", "fecha_atencion before fecha_cita");
	/* --map overrides, and takes its column away from the synonyms. */
	o.map[TS_COL_DATE] = "fecha_cita";
	is_run("fecha_cita,fecha_atencion,region\n01/01/2024,02/02/2024,Ica\n", o, "1",
	    "2024-01-01\n", "--map chooses the column");
	o = defaults();
	o.map[TS_COL_REGION] = "";
	is_run("fecha,region\n01/01/2024,Ica\n", o, "1,6", "2024-01-01|\n",
	    "--map with an empty header unmaps");
	o = defaults();
	o.map[TS_COL_REGION] = "DEPTO DE ORIGEN";
	is_run("fecha,depto_de_origen\n01/01/2024,Ica\n", o, "6", "PE-ICA\n",
	    "--map compares ignoring case and punctuation");
	o.map[TS_COL_REGION] = "nope";
	free(run("fecha,region\n01/01/2024,Ica\n", o, "6"));
	is_int(last_status, TS_EXIT_USAGE, "--map of a missing column is a usage error");

	/* Constants. */
	o = defaults();
	o.constants[TS_COL_SOURCE] = "minsa";
	is_run("fecha,fuente\n01/01/2024,otra\n", o, "4", "minsa\n",
	    "--source overrides a source column");

	/* Sex, condition, age units, months (rows need a date: a year). */
	o = defaults();
	o.constants[TS_COL_YEAR] = "2024";
	is_run("sexo\nF\nM\nfemenino\nMASCULINO\nMujer\nhombre\nH\nND\n-\nNo especificado\n",
	    o, "10", "F\nM\nF\nM\nF\nM\nM\n\n\n\n", "sex values");
	is_run("sexo\nZ\n", o, "10", "", "unknown sex rejected");
	is_int(last.rejected, 1, "  counted");
	is_run("condicion,x\nN,\nc,\nReingresante,\nNUEVO,\n,1\n", o, "13", "N\nC\nR\nN\n\n",
	    "condition values");
	is_run("edad,tipo_edad\n7,M\n30,D\n500,D\n45,A\n45,\n45.5,A\n", o, "11",
	    "0\n0\n1\n45\n45\n45\n", "ages with units");
	is_run("edad\n151\n-1\nabc\n", o, "11", "", "bad ages rejected");
	is_int(last.rejected, 3, "  all three");
	o = defaults();
	is_run("anio,mes\n2024,Marzo\n2024,dic\n2024,03\n2024,\n", o, "2,3",
	    "2024|03\n2024|12\n2024|03\n2024|\n", "month names and numbers");
	is_run("fecha,anio\n05/03/2024,2023\n", o, "1", "", "year contradicting the date");
	is_run("fecha,mes\n05/03/2024,3\n", o, "1,3", "2024-03-05|03\n", "agreeing month");

	/* Counts. */
	o.constants[TS_COL_YEAR] = "2024";
	is_run("cantidad\n5\n\"71,567\"\n1.200.000\n8 102 465\n0\n", o, "14",
	    "5\n71567\n1200000\n8102465\n0\n", "counts, grouped digits");
	is_run("cantidad,x\n\"1,5\",\n\"12,34,567\",\n-3,\n,1\n", o, "14", "",
	    "bad and empty counts rejected");
	is_int(last.rejected, 4, "  all four");
	is_run("sesiones,asistentes\n12,\n,300\n", o, "14,15,16", "1|12|\n1||300\n",
	    "sessions and attendees; count defaults to 1");

	/* Regions. */
	is_run("region\nAtlantis\nAtlantis\n01\n", o, "6", "Atlantis\nAtlantis\n",
	    "unknown kept, ambiguous code rejected");
	is_int(last.unknown_region, 2, "  unknown counted per row");
	o.country = TS_COUNTRY_MX;
	is_run("region\n01\n09015\nCDMX\n", o, "6", "MX-AGU\nMX-CMX\nMX-CMX\n",
	    "codes with a country");

	/* Text keeps its bytes, escaped for records(5). */
	o = defaults();
	o.constants[TS_COL_YEAR] = "2024";
	o.keep = (const char *const[]){ "nota" };
	o.nkeep = 1;
	is_run("servicio,nota\n\"TELE\tCONSULTA\",\"dos\nl\xc3\xadneas\"\n  x  ,\"a\\\\b\"\n", o, "8,17",
	    "TELE\\tCONSULTA|dos\\nl\xc3\xadneas\nx|a\\\\\\\\b\n",
	    "TAB, newline and backslash escaped; values trimmed, kept columns not");

	/* Empty rows and limits. */
	o = defaults();
	is_run("fecha,region\n,\n01/01/2024,Ica\n", o, "6", "PE-ICA\n", "empty row rejected");
	o.max_errors = 0;
	is_run("fecha,region\n31/02/2024,Ica\n01/01/2024,Ica\n", o, "6", "",
	    "--max-errors 0 stops at the first bad row");
	is_int(last.read, 1, "  after reading one row");

	/* Patients. */
	o = defaults();
	o.constants[TS_COL_YEAR] = "2024";
	{
		ts_pseudonym *k = ts_pseudonym_new((const unsigned char *)"0123456789abcdef", 16);
		char *a, *b;
		o.key = k;
		a = run("dni\n40123456\n40123456\n 40123456 \n40123457\n", o, "12");
		ok(strstr(a, "40123456") == NULL, "raw identifier not in output");
		ok(strlen(a) == 4 * 33, "four 32-digit pseudonyms");
		ok(strncmp(a, a + 33, 32) == 0 && strncmp(a, a + 66, 32) == 0,
		    "same identifier, same pseudonym (spaces trimmed)");
		ok(strncmp(a, a + 99, 32) != 0, "another identifier, another pseudonym");
		ts_pseudonym_free(k);
		k = ts_pseudonym_new((const unsigned char *)"another key here", 16);
		o.key = k;
		b = run("dni\n40123456\n", o, "12");
		ok(strncmp(a, b, 32) != 0, "another key, another pseudonym");
		ts_pseudonym_free(k);
		free(a);
		free(b);
		o.key = NULL;
		is_run("dni\n40123456\n", o, "12", "\n", "without a key the column is empty");
	}
	ts_profile_free(generic);
	return done_testing();
}
