/* Unit tests: identifiers with their leading zeros put back (idnorm.h). */
#include <string.h>

#include "../tap.h"
#include "idnorm.h"

static void
norm(int kind, const char *doctype, const char *in, const char *want)
{
	char buf[TS_IDNORM_MAX], name[128];
	ts_str v = { in, strlen(in) }, got;
	int dt = ts_doctype_of(doctype, strlen(doctype));

	got = ts_idnorm(kind, dt, v, buf);
	snprintf(name, sizeof(name), "%s %s \"%s\" -> \"%s\"",
	    ts_idnorm_name(kind), *doctype ? doctype : "(no type)", in, want);
	is_mem(got.p, got.n, want, strlen(want), name);
}

int
main(void)
{
	/* A DNI has 8 digits, whatever a spreadsheet made of it. */
	norm(TS_IDNORM_DNI, "", "40000001", "40000001");
	norm(TS_IDNORM_DNI, "", "4000002", "04000002");
	norm(TS_IDNORM_DNI, "DNI", "004000002", "04000002");
	norm(TS_IDNORM_DNI, "D.N.I.", "123", "00000123");
	norm(TS_IDNORM_DNI, "1", "4000002", "04000002");
	norm(TS_IDNORM_DNI, "Documento Nacional de Identidad", "4000002",
	    "04000002");
	/* Not a DNI: more than 8 significant digits, or not only digits. */
	norm(TS_IDNORM_DNI, "", "123456789", "123456789");
	norm(TS_IDNORM_DNI, "", "4000002A", "4000002A");
	norm(TS_IDNORM_DNI, "", "", "");
	/* Other documents are kept as written. */
	norm(TS_IDNORM_DNI, "CE", "000123456", "000123456");
	norm(TS_IDNORM_DNI, "CARNET DE EXTRANJERIA", "123456", "123456");
	norm(TS_IDNORM_DNI, "Pasaporte", "0123456", "0123456");
	/* Facility codes: 8 digits, or every significant digit. */
	norm(TS_IDNORM_IPRESS, "", "000004120", "00004120");
	norm(TS_IDNORM_IPRESS, "", "00004120", "00004120");
	norm(TS_IDNORM_IPRESS, "", "4120", "00004120");
	norm(TS_IDNORM_IPRESS, "", "0000123456789", "123456789");
	norm(TS_IDNORM_IPRESS, "", "0", "00000000");
	/* CLUES (Mexico) and other codes with letters: as written. */
	norm(TS_IDNORM_IPRESS, "", "DFSSA001234", "DFSSA001234");
	norm(TS_IDNORM_IPRESS, "", "00 4120", "00 4120");

	is_int(ts_idnorm_parse("dni"), TS_IDNORM_DNI, "dni");
	is_int(ts_idnorm_parse("renaes"), TS_IDNORM_IPRESS, "renaes is ipress");
	is_int(ts_idnorm_parse("renipress"), TS_IDNORM_IPRESS, "renipress too");
	is_int(ts_idnorm_parse("curp"), -1, "unknown normaliser");
	is_int(ts_doctype_of("", 0), TS_DOC_UNKNOWN, "empty type");
	is_int(ts_doctype_of("dni", 3), TS_DOC_DNI, "dni in lower case");
	is_int(ts_doctype_of("C.E.", 4), TS_DOC_OTHER, "CE");
	return done_testing();
}
