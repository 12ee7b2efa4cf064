/*
 * csvcell.h - CSV cells for spreadsheets and CSV readers (RFC 4180).
 *
 * A field is quoted when it holds a comma, a double quote, CR or LF
 * (quotes doubled). A spreadsheet program runs a cell that starts with
 * '=', '+', '-' or '@' as a formula, so such a cell is prefixed with a
 * single quote (') inside quotes, as OWASP's CSV injection advice says,
 * unless the rest of it is a number: "-16.0" stays a number,
 * "=HYPERLINK(...)" or "-x" become text. A cell that starts with TAB or
 * CR (which some programs skip before looking for '=') is prefixed too. telestat's own values
 * never start that way except negative numbers; labels from exports can.
 */
#ifndef TS_CSVCELL_H
#define TS_CSVCELL_H

#include <stddef.h>

#include "out.h"

/* 1 when P[0..n) would be read as a formula by a spreadsheet program. */
int ts_csv_is_formula(const char *p, size_t n);
/* Writes P[0..n) as one CSV field, quoted and formula-safe. */
void ts_csv_field(ts_out *o, const char *p, size_t n);
static inline void
ts_csv_field_str(ts_out *o, const char *s)
{
	ts_csv_field(o, s, strlen(s));
}
/* The UTF-8 byte-order mark some spreadsheet programs need. */
#define TS_CSV_BOM "\xef\xbb\xbf"

#endif
