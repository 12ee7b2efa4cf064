/*
 * idnorm.h - identifiers that lost their leading zeros, put back in one
 * form before they are pseudonymised or grouped.
 *
 * Spreadsheets read document numbers and facility codes as numbers: the
 * DNI 04000002 comes out as 4000002, the facility 00004120 as 4120. Two
 * spellings of one person would be two pseudonyms (atendidos counted
 * twice), two spellings of one facility two facilities. A profile names
 * the normaliser of its patient and facility columns (telestat-profile(5),
 * key "normalize"); this is the one place that applies them.
 *
 *   dni     Peru's national identity document: 8 digits. A value of
 *           digits only, at most 8 of them once its leading zeros are
 *           dropped, is written with 8 ("4000002" -> "04000002",
 *           "004000002" -> "04000002"). When the profile maps a document
 *           type column (role document_type), only rows whose type is a
 *           DNI (or empty) are normalised: a carné de extranjería, a
 *           passport or any other document is kept as written.
 *   ipress  Peru's facility codes (RENIPRESS/IPRESS, and RENAES, which
 *           MINSA's masters write with 9 characters): digits only are
 *           written with 8 digits, or with all their significant digits
 *           when there are more ("000004120", "00004120", "4120" ->
 *           "00004120"). Codes with letters, as Mexico's CLUES
 *           ("CSSSA001234"), are kept as written.
 *
 * A value the rule does not recognise is never changed.
 */
#ifndef TS_IDNORM_H
#define TS_IDNORM_H

#include <stddef.h>

#include "str.h"

enum ts_idnorm {
	TS_IDNORM_NONE = 0,
	TS_IDNORM_DNI,
	TS_IDNORM_IPRESS
};

/* Room a normalised value may need (the longest value normalised). */
#define TS_IDNORM_MAX 32

/* "dni", "ipress" (or its synonyms "renipress", "renaes") to the enum; -1. */
int ts_idnorm_parse(const char *name);
/* Canonical name ("dni", "ipress"); static. */
const char *ts_idnorm_name(int kind);

/* What a document type value says. */
enum ts_doctype {
	TS_DOC_UNKNOWN = 0,   /* empty, or no document type column */
	TS_DOC_DNI,           /* "DNI", "D.N.I.", "1" (RENIEC's code), ... */
	TS_DOC_OTHER          /* CE, passport, birth certificate, ... */
};

/* The document type written as P[0..n) (case and accents ignored). */
int ts_doctype_of(const char *p, size_t n);

/*
 * V normalised by KIND for a document of type DOCTYPE (TS_DOC_UNKNOWN
 * for facilities): either V itself, when it is already in its form or
 * the rule does not apply, or a slice of BUF (TS_IDNORM_MAX bytes).
 */
ts_str ts_idnorm(int kind, int doctype, ts_str v, char *buf);

#endif
