/*
 * labels.h - names and labels beside codes in tables (aggregate --labels).
 *
 * A table keyed by codes gets, right after a key column that has names,
 * a column with the name in Spanish or English:
 *
 *   region       region_name        share/regions/{pe,mx}.tsv
 *   institution  institution_name   share/institutions.tsv
 *   category     category_label     share/taxonomy.tsv
 *   subcategory  subcategory_label  share/subcategories.tsv
 *
 * A code the tables do not know (a raw region text, an institution
 * without a name) gets an empty name: the code beside it says what it
 * is. Readers of tables (report, plot, export) recognise these columns
 * by ts_labels_is_label_column and leave them aside.
 */
#ifndef TS_LABELS_H
#define TS_LABELS_H

#include <stddef.h>

#include "records.h"
#include "util.h"

typedef struct ts_labels ts_labels;

/*
 * Loads the name tables for LANG ("es" or "en"). NULL with E set when
 * one cannot be read (TS_EXIT_IO) or is malformed (TS_EXIT_DATA, or the
 * taxonomy's status); E's message is empty when it was printed already.
 */
ts_labels *ts_labels_load(const char *lang, ts_error *e);
void ts_labels_free(ts_labels *l);

/* The label column written beside key column KEY, or NULL if none. */
const char *ts_labels_column(const char *key);
/*
 * The name of VALUE (unescaped, NUL-terminated) in key column KEY, or ""
 * when the tables do not know it. CATEGORY is the category of the same
 * row when the table has one (a subcategory's label depends on it), else
 * NULL: then a subcategory gets the label all its categories agree on.
 * The string is owned by L.
 */
const char *ts_labels_get(const ts_labels *l, const char *key,
    const char *value, const char *category);

/*
 * 1 when column I of R is a label column beside its key column
 * ("region_name" in a table that also has "region").
 */
int ts_labels_is_label_column(const ts_reader *r, size_t i);

#endif
