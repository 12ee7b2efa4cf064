/*
 * spellings.h - one value written several ways ("RADIOLOGIA",
 * "Radiología", "radiologia") counted as one. Each spelling maps to its
 * normalized form (normalize.h: case, accents and punctuation folded),
 * and the spelling shown for a form is the one most rows use, the first
 * seen among equals. The report's specialties and plot's series by
 * specialty both use it, so that they merge and name specialties alike.
 *
 * Memory grows with the distinct spellings, not with the rows; a spelling
 * is normalized once.
 */
#ifndef TS_SPELLINGS_H
#define TS_SPELLINGS_H

#include "str.h"

typedef struct ts_spellings ts_spellings;

ts_spellings *ts_spellings_new(void);
void ts_spellings_free(ts_spellings *s);

/*
 * Counts one row that wrote ESCAPED (a records field, escaped as
 * telestat-records(5) writes it). Returns its normalized form, owned by
 * S and valid as long as S is.
 */
ts_str ts_spellings_add(ts_spellings *s, ts_str escaped);

/*
 * The spelling most rows used for normalized form NORM, unescaped, or
 * NULL when no row had that form. Caller frees.
 */
char *ts_spellings_shown(const ts_spellings *s, ts_str norm);

#endif
