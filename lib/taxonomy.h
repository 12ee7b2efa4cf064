/*
 * taxonomy.h - the category taxonomy, telestat-taxonomy(7).
 *
 * share/taxonomy.tsv (records format) lists every category with whether it
 * involves a patient, its WHO Classification of Digital Health
 * Interventions code, its FHIR Encounter.class, and its Spanish and
 * English labels. share/rollups.tsv names roll-up schemes: sets of
 * child -> parent foldings, such as "essalud", where teletriaje and
 * teleurgencia count inside teleconsulta. share/subcategories.tsv lists the
 * subcategories a rule may name ("teletriaje/covid19"), with their labels.
 */
#ifndef TS_TAXONOMY_H
#define TS_TAXONOMY_H

#include "str.h"
#include "util.h"

#include <stddef.h>

enum ts_with_patient { TS_WP_UNKNOWN = 0, TS_WP_YES, TS_WP_NO };

typedef struct ts_category {
	const char *name;       /* "teleconsulta" */
	int with_patient;       /* enum ts_with_patient */
	const char *who_dhi;    /* "2.4.1" or "" */
	const char *fhir_class; /* "VR" or "" */
	const char *label_es, *label_en;
} ts_category;

typedef struct ts_subcategory {
	const char *category;   /* parent category name: "teletriaje" */
	const char *name;       /* "covid19" */
	const char *label_es, *label_en;
} ts_subcategory;

typedef struct ts_taxonomy ts_taxonomy;

/*
 * Loads the taxonomy, roll-ups and subcategories from the share directory
 * (or from TAXONOMY_PATH when not NULL, with rollups.tsv and, if it
 * exists, subcategories.tsv beside it). Returns NULL with E set:
 * TS_EXIT_USAGE for a malformed file, TS_EXIT_IO when one cannot be read.
 */
ts_taxonomy *ts_taxonomy_load(const char *taxonomy_path, ts_error *e);
void ts_taxonomy_free(ts_taxonomy *t);

size_t ts_taxonomy_count(const ts_taxonomy *t);
const ts_category *ts_taxonomy_at(const ts_taxonomy *t, size_t i);
/* The category named NAME (n bytes), or NULL. */
const ts_category *ts_taxonomy_find(const ts_taxonomy *t, const char *name, size_t n);

size_t ts_taxonomy_subcount(const ts_taxonomy *t);
const ts_subcategory *ts_taxonomy_sub_at(const ts_taxonomy *t, size_t i);
/*
 * Subcategory NAME (n bytes) of CATEGORY, or NULL when the taxonomy does
 * not declare it.
 */
const ts_subcategory *ts_taxonomy_find_sub(const ts_taxonomy *t,
    const char *category, const char *name, size_t n);

/* 1 when roll-up scheme NAME exists. */
int ts_taxonomy_has_rollup(const ts_taxonomy *t, const char *rollup);
/*
 * The parent CATEGORY folds into under roll-up ROLLUP, or CATEGORY itself
 * when it has none (returned pointers are owned by the taxonomy or are
 * CATEGORY).
 */
const char *ts_taxonomy_parent(const ts_taxonomy *t, const char *rollup,
    const char *category);
/* Names of the roll-up schemes, for messages; count in *n. */
const char *const *ts_taxonomy_rollups(const ts_taxonomy *t, size_t *n);

/*
 * Whether a record of category CAT (escaped field, may be empty) has a
 * patient: TS_WP_YES, TS_WP_NO (an activity without a patient:
 * telecapacitacion, telegestion) or TS_WP_UNKNOWN (unclassified, or a
 * kind nobody gave): by the category's kind in T (may be NULL), else by
 * classify's with_patient field WP ("yes", "no"). The one rule that
 * aggregate, report and plot tell activities by.
 */
int ts_patient_kind(const ts_taxonomy *t, ts_str cat, ts_str wp);

/* ts_patient_kind is TS_WP_NO: an activity without a patient. */
int ts_without_patient(const ts_taxonomy *t, ts_str cat, ts_str wp);

/*
 * The sessions a record stands for, the rule of telestat-records(5)
 * ("Sessions"), shared by aggregate's sessions metric, report and plot:
 * its SESSIONS when the field is GIVEN (not empty); else, for an
 * activity without a patient, one session per act (its COUNT); else 0.
 */
static inline uint64_t
ts_record_sessions(int given, uint64_t sessions, uint64_t count,
    int without_patient)
{
	return given ? sessions : without_patient ? count : 0;
}

#endif
