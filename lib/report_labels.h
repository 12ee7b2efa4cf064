/*
 * report_labels.h - every word the report prints, in Spanish and English.
 * Strings are static; "%d" marks where a year goes, "%s" a name.
 */
#ifndef TS_REPORT_LABELS_H
#define TS_REPORT_LABELS_H

enum ts_rlabel {
	RL_TITLE,            /* "Informe anual de telesalud %d" */
	RL_COMPARED,         /* "Comparación con %d" */
	RL_NO_COMPARE,
	RL_SOURCE,           /* "Fuente: %s" */
	RL_ROLLUP,           /* "Agrupación: %s" */
	RL_HEADLINE,         /* "Total de acciones de telesalud en %s: %s" */
	RL_HEADLINE_CHANGE,  /* " (%s respecto de %s)" */
	RL_HEADLINE_CUT,     /* "... en %s frente a %s: %s" (year to date) */
	RL_THROUGH,          /* "Datos hasta %s" */
	RL_THROUGH_ARTICLE,  /* "el " before a day's date, "" in English */
	RL_YEAR_TO_DATE,     /* "%s: %s frente a %s" (subtitle, cut) */
	RL_NOTE_CUT,
	RL_NOTE_CUT_NO_MONTH,
	RL_NOTE_THROUGH,
	RL_NOTE_FULL_YEAR,
	RL_MONTHS_WITH_DATA, /* "Meses con datos en %d" */
	RL_NOTE_PARTIAL,
	RL_NA,               /* "n.d." / "n/a" */
	RL_NOT_REACHED,      /* "—" */
	RL_NOTE_NO_PATIENTS,
	RL_SUMMARY,
	RL_ACTS_WITH,
	RL_SESSIONS_WITHOUT,
	RL_TOTAL_ACTIONS,
	RL_CATEGORIES,
	RL_YEARS,            /* "Acciones por año y categoría" */
	RL_CATEGORY,
	RL_WITH_PATIENT,
	RL_WITHOUT_PATIENT,
	RL_TOTAL,
	RL_NO_SUBCATEGORY,
	RL_SHARE,
	RL_CHANGE,
	RL_PATIENTS,
	RL_CONCEPT,
	RL_ATENCIONES,
	RL_ATENDIDOS,
	RL_PER_PATIENT,
	RL_PATIENTS_SEX,     /* "Atendidos por sexo" */
	RL_SEX,
	RL_FEMALE,
	RL_MALE,
	RL_SEX_UNKNOWN,
	RL_PATIENTS_AGE,     /* "Atendidos por grupo de edad" */
	RL_AGE_GROUP,
	RL_AGE_0, RL_AGE_12, RL_AGE_18, RL_AGE_30, RL_AGE_60,
	RL_AGE_UNKNOWN,
	RL_TOTAL_PATIENTS,
	RL_NOTE_NO_SEX,
	RL_NOTE_NO_AGE,
	RL_NOTE_PEOPLE_OVERLAP,
	RL_NOTE_AGE_GROUPS,
	RL_REGIONS,
	RL_CODE,
	RL_REGION,
	RL_NO_REGION,
	RL_INSTITUTIONS,
	RL_INSTITUTION,
	RL_NO_INSTITUTION,
	RL_SPECIALTIES,      /* "Especialidades (%d principales)" */
	RL_SPECIALTY,
	RL_OTHER_SPECIALTIES,
	RL_NO_SPECIALTY,
	RL_MONTHS,
	RL_MONTH,
	RL_NO_MONTH,
	RL_JAN, RL_FEB, RL_MAR, RL_APR, RL_MAY, RL_JUN,
	RL_JUL, RL_AUG, RL_SEP, RL_OCT, RL_NOV, RL_DEC,
	RL_ACTIVITIES,
	RL_ACTIVITY,
	RL_SESSIONS,         /* "Sesiones %d" */
	RL_ATTENDEES,        /* "Asistentes %d" */
	RL_COVERAGE,
	RL_ENTITY,
	RL_STATUS,
	RL_EXPECTED,
	RL_ACTIVE,           /* "Con actividad en %d" */
	RL_INACTIVE,
	RL_NOT_REPORTED,
	RL_NO_ACTIVITY,
	RL_STOPPED,          /* "Dejaron de informar (activas en %d)" */
	RL_ST_NOT_REPORTED,
	RL_ST_NO_ACTIVITY,
	RL_ST_STOPPED,       /* "Dejó de informar (activa en %d)" */
	RL_QUALITY,
	RL_ITEM,
	RL_VALUE,
	RL_ROWS_READ,
	RL_ROWS_REJECTED,
	RL_ROWS_YEAR,        /* "Filas de %d" */
	RL_RECORDS_AGG,
	RL_INGEST_READ,
	RL_INGEST_REJECTED,
	RL_INGEST_SKIPPED,
	RL_DUPLICATES_FOUND,
	RL_DUPLICATES_REJECTED,
	RL_DUPLICATES_KEPT,
	RL_VALIDATE_DUP_ROWS,
	RL_VALIDATE_DUPS,
	RL_UNCLASSIFIED,     /* "Acciones sin clasificar en %d" */
	RL_UNCLASSIFIED_PCT,
	RL_UNCLASSIFIED_LABELS,
	RL_LABEL,
	RL_NO_LABEL,
	RL_NOTES,
	RL_NOTE_TOTAL,
	RL_NOTE_ROLLUP,
	RL_NOTE_REGION_FOLD, /* child name, code, parent name, code */      /* "%s se cuenta dentro de %s." */
	RL_NOTE_SUPPRESS,    /* args: N, N, primary, complementary */
	RL_NOTE_NO_COLUMN,   /* "Sin columna %s: %s." */
	RL_NOTE_HIS,
	RL_NOTE_PATIENTS_AGG,
	RL_NOTE_UNTYPED,     /* "Categorías de tipo desconocido...: %s." */
	RL_NOTE_NO_PSEUDONYM, /* "%s atenciones de %d sin seudónimo de paciente." */
	RL_NOTE_REGIONS_TABLE,
	RL_NOTE_UNKNOWN_REGIONS, /* "Valores de región fuera de la tabla (%s): %s." */
	RL_NOTE_NO_INGEST_LOG,
	RL_NOTE_UNCL_SHARE,
	RL_SEC_REGIONS,      /* names of sections, for RL_NOTE_NO_COLUMN */
	RL_SEC_INSTITUTIONS,
	RL_SEC_SPECIALTIES,
	RL_SEC_MONTHS,
	RL_SEC_ACTIVITIES,
	RL_SEC_PATIENTS,
	RL_SEC_LABELS,
	RL_NOTE_EMPTY_COLUMN, /* "Columna %s vacía: se omite %s." */
	RL_NOTE_NO_SESSIONS,
	RL_NOTE_NO_ATTENDEES,
	RL_NOTE_ATTENDEES,   /* what the attendees figures are */
	RL_CHART_TREND,      /* "Acciones de telesalud por año y categoría, %s" */
	RL_CHART_MONTHS,     /* "Acciones de telesalud por mes, %d" */
	RL_CHART_MONTHS_CMP, /* "Acciones de telesalud por mes, %d y %d" */
	RL_CHART_REGIONS,    /* "Acciones de telesalud por región, %d" */
	RL_AXIS_YEAR,
	RL_AXIS_MONTH,
	RL_AXIS_ACTIONS,
	RL_OTHERS,
	RL_CHART_ONE_YEAR,   /* "Sin gráfico ...: no hay datos de años anteriores a %d." */
	RL_CHART_MASKED,
	RL_CHART_PARTIAL,    /* "%d: solo %s (año incompleto)." */
	RL_CHART_REGIONS_MASKED, /* "%zu regiones ... no se dibujan." */
	RL_CHARTS_MISSING,
	RL_COUNT_
};

/* The label ID in LANG (enum ts_lang). */
const char *ts_rl(int lang, int id);

#endif
