/*
 * report_specialty.h - display labels of specialties: exports write
 * "RADIOLOGIA", the report shows "Radiología" ("Radiology" in English).
 *
 * Tables: --specialty-labels FILE first, then share/specialties/pe.tsv
 * and mx.tsv; columns specialty, label_es, label_en (telestat-sidetable
 * format: tabs, '#' comments). A specialty is matched by its normalized
 * form (case, accents and punctuation folded, as the report groups
 * specialties); the first table that has it wins.
 */
#ifndef TS_REPORT_SPECIALTY_H
#define TS_REPORT_SPECIALTY_H

#include <stddef.h>

#include "util.h"

typedef struct ts_spec_labels ts_spec_labels;

/*
 * Loads the tables, FILE (may be NULL) first. Returns NULL with E filled
 * (TS_EXIT_IO, TS_EXIT_DATA) when FILE, or an installed table, cannot be
 * read or is not valid. A table that is not installed is skipped.
 */
ts_spec_labels *ts_spec_labels_load(const char *file, ts_error *e);
void ts_spec_labels_free(ts_spec_labels *s);

/*
 * The label in LANG (enum ts_lang) of the specialty whose normalized
 * form is NORM[0..n), or NULL when no table has it; owned by S.
 */
const char *ts_spec_labels_get(const ts_spec_labels *s, const char *norm,
    size_t n, int lang);

#endif
