/* report_labels.c - Spanish and English words of the report. */
#include "report_labels.h"

#include "numfmt.h"

static const char *const labels[RL_COUNT_][2] = {
	[RL_TITLE] = { "Informe anual de telesalud %d", "Annual telehealth report %d" },
	[RL_COMPARED] = { "Comparación con %d", "Compared with %d" },
	[RL_NO_COMPARE] = { "Sin año de comparación", "No comparison year" },
	[RL_SOURCE] = { "Fuente: %s", "Source: %s" },
	[RL_ROLLUP] = { "Agrupación: %s", "Roll-up: %s" },
	[RL_HEADLINE] = { "Total de acciones de telesalud en %s: %s",
	    "Total telehealth actions in %s: %s" },
	[RL_HEADLINE_CHANGE] = { " (%s respecto de %s)", " (%s on %s)" },
	[RL_HEADLINE_CUT] = { "Total de acciones de telesalud en %s frente a %s: %s",
	    "Total telehealth actions in %s against %s: %s" },
	[RL_THROUGH] = { "Datos hasta %s", "Data through %s" },
	[RL_THROUGH_ARTICLE] = { "el ", "" },
	[RL_YEAR_TO_DATE] = { "Comparación de %s con %s", "%s compared with %s" },
	[RL_NOTE_CUT] = {
	    "Los datos de %d llegan hasta %s: se comparan los mismos meses de "
	    "ambos años (%s frente a %s); --full-year compara años completos.",
	    "The %d data end in %s: the same months of both years are compared "
	    "(%s against %s); --full-year compares whole years." },
	[RL_NOTE_CUT_NO_MONTH] = {
	    "La fuente %s da filas sin mes (%s): no pueden cortarse a %s y "
	    "quedan fuera de la comparación, en lugar de comparar una parte con "
	    "un todo.",
	    "Source %s gives rows without a month (%s): they cannot be cut to "
	    "%s and are left out of the comparison rather than compare a part "
	    "with a whole." },
	[RL_NOTE_THROUGH] = {
	    "Corte de %d en %s (--through): se comparan los mismos meses de "
	    "ambos años (%s frente a %s).",
	    "The %d data are cut at %s (--through): the same months of both "
	    "years are compared (%s against %s)." },
	[RL_NOTE_FULL_YEAR] = {
	    "Años completos (--full-year): los datos de %d llegan solo hasta %s.",
	    "Whole years (--full-year): the %d data end in %s." },
	[RL_MONTHS_WITH_DATA] = { "Último mes con datos en %d",
	    "Last month with data in %d" },
	[RL_NOTE_PARTIAL] = {
	    "Año incompleto: los datos de %d llegan hasta %s y los de %d hasta %s.",
	    "Incomplete year: the %d data end in %s, the %d data in %s." },
	[RL_NA] = { "n.d.", "n/a" },
	[RL_NOT_REACHED] = { "\xe2\x80\x94", "\xe2\x80\x94" },
	[RL_NOTE_NO_PATIENTS] = {
	    "n.d.: no disponible, los datos no traen seudónimos de paciente.",
	    "n/a: not available, the data carry no patient pseudonyms." },
	[RL_SUMMARY] = { "Resumen", "Summary" },
	[RL_ACTS_WITH] = { "Atenciones con paciente", "Acts with a patient" },
	[RL_SESSIONS_WITHOUT] = { "Sesiones sin paciente", "Sessions without a patient" },
	[RL_TOTAL_ACTIONS] = { "Total de acciones de telesalud", "Total telehealth actions" },
	[RL_YEARS] = { "Acciones por año y categoría",
	    "Actions by year and category" },
	[RL_CATEGORIES] = { "Acciones por categoría", "Actions by category" },
	[RL_CATEGORY] = { "Categoría", "Category" },
	[RL_WITH_PATIENT] = { "Con paciente", "With a patient" },
	[RL_WITHOUT_PATIENT] = { "Sin paciente", "Without a patient" },
	[RL_TOTAL] = { "Total", "Total" },
	[RL_NO_SUBCATEGORY] = { "(sin subcategoría)", "(no subcategory)" },
	[RL_SHARE] = { "% del total", "Share" },
	[RL_CHANGE] = { "Var. %", "Change" },
	[RL_PATIENTS] = { "Atenciones y atendidos", "Acts and patients" },
	[RL_CONCEPT] = { "Concepto", "Item" },
	[RL_ATENCIONES] = { "Atenciones", "Acts" },
	[RL_ATENDIDOS] = { "Atendidos (pacientes distintos)", "Patients (distinct)" },
	[RL_PATIENTS_SEX] = { "Atendidos por sexo", "Patients by sex" },
	[RL_SEX] = { "Sexo", "Sex" },
	[RL_FEMALE] = { "Mujeres", "Women" },
	[RL_MALE] = { "Hombres", "Men" },
	[RL_SEX_UNKNOWN] = { "Sin dato de sexo", "Sex not recorded" },
	[RL_PATIENTS_AGE] = { "Atendidos por grupo de edad",
	    "Patients by age group" },
	[RL_AGE_GROUP] = { "Grupo de edad", "Age group" },
	[RL_AGE_0] = { "Niños (0 a 11 años)", "Children (0 to 11 years)" },
	[RL_AGE_12] = { "Adolescentes (12 a 17 años)",
	    "Adolescents (12 to 17 years)" },
	[RL_AGE_18] = { "Jóvenes (18 a 29 años)", "Young people (18 to 29 years)" },
	[RL_AGE_30] = { "Adultos (30 a 59 años)", "Adults (30 to 59 years)" },
	[RL_AGE_60] = { "Adultos mayores (60 años y más)",
	    "Older adults (60 years and over)" },
	[RL_AGE_UNKNOWN] = { "Sin dato de edad", "Age not recorded" },
	[RL_TOTAL_PATIENTS] = { "Total de atendidos", "Total patients" },
	[RL_NOTE_NO_SEX] = {
	    "Sin columna sex: el sexo de los atendidos no está disponible.",
	    "No sex column: the patients' sex is not available." },
	[RL_NOTE_NO_AGE] = {
	    "Sin columna age: la edad de los atendidos no está disponible.",
	    "No age column: the patients' age is not available." },
	[RL_NOTE_PEOPLE_OVERLAP] = {
	    "Un atendido con datos distintos en sus atenciones (%s) cuenta en "
	    "cada grupo: las filas suman más que el total.",
	    "A patient recorded differently in their acts (%s) counts in each "
	    "group: the rows add up to more than the total." },
	[RL_NOTE_AGE_GROUPS] = {
	    "Grupos de edad: las etapas de vida del Ministerio de Salud del Perú "
	    "(curso de vida); edad en años cumplidos en cada atención.",
	    "Age groups: the life stages of Peru's Ministry of Health; age in "
	    "whole years at each act." },
	[RL_PER_PATIENT] = { "Atenciones por atendido", "Acts per patient" },
	[RL_REGIONS] = { "Acciones por región", "Actions by region" },
	[RL_CODE] = { "Código", "Code" },
	[RL_REGION] = { "Región", "Region" },
	[RL_NO_REGION] = { "(sin región)", "(no region)" },
	[RL_INSTITUTIONS] = { "Acciones por institución", "Actions by institution" },
	[RL_INSTITUTION] = { "Institución", "Institution" },
	[RL_NO_INSTITUTION] = { "(sin institución)", "(no institution)" },
	[RL_SPECIALTIES] = { "Especialidades (%d principales)", "Top %d specialties" },
	[RL_SPECIALTY] = { "Especialidad", "Specialty" },
	[RL_OTHER_SPECIALTIES] = { "Otras especialidades", "Other specialties" },
	[RL_NO_SPECIALTY] = { "(sin especialidad)", "(no specialty)" },
	[RL_MONTHS] = { "Tendencia mensual", "Monthly trend" },
	[RL_MONTH] = { "Mes", "Month" },
	[RL_NO_MONTH] = { "(sin mes)", "(no month)" },
	[RL_JAN] = { "enero", "January" },
	[RL_FEB] = { "febrero", "February" },
	[RL_MAR] = { "marzo", "March" },
	[RL_APR] = { "abril", "April" },
	[RL_MAY] = { "mayo", "May" },
	[RL_JUN] = { "junio", "June" },
	[RL_JUL] = { "julio", "July" },
	[RL_AUG] = { "agosto", "August" },
	[RL_SEP] = { "septiembre", "September" },
	[RL_OCT] = { "octubre", "October" },
	[RL_NOV] = { "noviembre", "November" },
	[RL_DEC] = { "diciembre", "December" },
	[RL_ACTIVITIES] = { "Sesiones y asistentes de actividades sin paciente",
	    "Sessions and attendees of activities without a patient" },
	[RL_ACTIVITY] = { "Actividad", "Activity" },
	[RL_SESSIONS] = { "Sesiones %d", "Sessions %d" },
	[RL_ATTENDEES] = { "Asistentes %d", "Attendees %d" },
	[RL_COVERAGE] = { "Cobertura del reporte", "Reporting coverage" },
	[RL_ENTITY] = { "Entidad", "Entity" },
	[RL_STATUS] = { "Situación", "Status" },
	[RL_EXPECTED] = { "Entidades esperadas", "Expected entities" },
	[RL_ACTIVE] = { "Con actividad en %d", "With activity in %d" },
	[RL_INACTIVE] = { "Sin actividad", "Without activity" },
	[RL_NOT_REPORTED] = { "No informaron", "Did not report" },
	[RL_NO_ACTIVITY] = { "Informaron sin actividad", "Reported no activity" },
	[RL_STOPPED] = { "Dejaron de informar (activas en %d)",
	    "Stopped reporting (active in %d)" },
	[RL_ST_NOT_REPORTED] = { "No informó", "Did not report" },
	[RL_ST_NO_ACTIVITY] = { "Informó sin actividad", "Reported no activity" },
	[RL_ST_STOPPED] = { "Dejó de informar (activa en %d)",
	    "Stopped reporting (active in %d)" },
	[RL_QUALITY] = { "Calidad de los datos", "Data quality" },
	[RL_ITEM] = { "Concepto", "Item" },
	[RL_VALUE] = { "Valor", "Value" },
	[RL_ROWS_READ] = { "Filas leídas", "Rows read" },
	[RL_ROWS_REJECTED] = { "Filas rechazadas al leer", "Rows rejected on reading" },
	[RL_ROWS_YEAR] = { "Filas de %d", "Rows of %d" },
	[RL_RECORDS_AGG] = { "Registros agregados", "Records aggregated" },
	[RL_INGEST_READ] = { "Filas leídas por ingest", "Rows read by ingest" },
	[RL_INGEST_REJECTED] = { "Filas rechazadas por ingest", "Rows rejected by ingest" },
	[RL_INGEST_SKIPPED] = { "Filas fuera de alcance omitidas por ingest",
	    "Out-of-scope rows skipped by ingest" },
	[RL_DUPLICATES_FOUND] = { "Duplicados encontrados por ingest",
	    "Duplicates found by ingest" },
	[RL_DUPLICATES_REJECTED] = { "Duplicados rechazados por ingest",
	    "Duplicates rejected by ingest" },
	[RL_DUPLICATES_KEPT] = { "Duplicados conservados (contados, no eliminados)",
	    "Duplicates kept (counted, not removed)" },
	[RL_VALIDATE_DUP_ROWS] = {
	    "Filas repetidas encontradas por validate; no se quitaron",
	    "Repeated rows found by validate; not removed" },
	[RL_VALIDATE_DUPS] = { "Duplicados encontrados por validate",
	    "Duplicates found by validate" },
	[RL_UNCLASSIFIED] = { "Acciones sin clasificar en %d", "Unclassified actions in %d" },
	[RL_UNCLASSIFIED_PCT] = { "Sin clasificar, % de todas las acciones",
	    "Unclassified, % of all actions" },
	[RL_UNCLASSIFIED_LABELS] = { "Servicios sin clasificar más frecuentes",
	    "Most frequent unclassified services" },
	[RL_LABEL] = { "Servicio", "Service" },
	[RL_NO_LABEL] = { "(sin servicio)", "(no service)" },
	[RL_NOTES] = { "Notas", "Notes" },
	[RL_NOTE_TOTAL] = {
	    "El total de acciones suma las atenciones con paciente y las sesiones "
	    "de las actividades sin paciente (no sus asistentes); no incluye "
	    "lo no clasificado.",
	    "Total actions add acts with a patient and sessions of activities "
	    "without a patient (not their attendees); unclassified actions are "
	    "not included." },
	[RL_NOTE_ROLLUP] = { "%s se cuenta dentro de %s.", "%s is counted within %s." },
	[RL_NOTE_REGION_FOLD] = {
	    "%s (%s) se cuenta dentro de %s (%s): no todas las fuentes la "
	    "informan aparte.",
	    "%s (%s) is counted within %s (%s): not every source reports it "
	    "apart." },
	[RL_NOTE_SUPPRESS] = {
	    "Supresión de celdas pequeñas: los valores menores que %lld se muestran "
	    "como <%lld (%zu); otros %zu valores, y los porcentajes que dependen "
	    "de valores ocultos, se muestran como x para que no puedan deducirse "
	    "de los totales.",
	    "Small-cell suppression: values below %lld are shown as <%lld (%zu); "
	    "%zu other values, and percentages that depend on hidden values, are "
	    "shown as x so that they cannot be worked out from the totals." },
	[RL_NOTE_NO_COLUMN] = { "Sin columna %s: se omite %s.",
	    "No %s column: %s left out." },
	[RL_NOTE_HIS] = {
	    "Atendidos según la regla HIS: pacientes distintos con condición N "
	    "o R en el año.",
	    "Patients by the HIS rule: distinct patients with condition N or R "
	    "in the year." },
	[RL_NOTE_PATIENTS_AGG] = {
	    "Los pacientes distintos de una tabla agregada no se pueden sumar "
	    "entre grupos: para los atendidos, use los registros.",
	    "Distinct patients of an aggregate table cannot be added across "
	    "groups: report on the records for patients." },
	[RL_NOTE_UNTYPED] = { "Categorías de tipo desconocido, fuera del total: %s.",
	    "Categories of unknown kind, left out of the total: %s." },
	[RL_NOTE_NO_PSEUDONYM] = { "%s atenciones de %d sin seudónimo de paciente.",
	    "%s acts of %d without a patient pseudonym." },
	[RL_NOTE_REGIONS_TABLE] = {
	    "Sin tabla de regiones: las entidades esperadas son las que aparecen "
	    "en los datos.",
	    "No region table: the expected entities are those in the data." },
	[RL_NOTE_UNKNOWN_REGIONS] = { "Valores de región fuera de la tabla (%zu): %s.",
	    "Region values not in the table (%zu): %s." },
	[RL_NOTE_NO_INGEST_LOG] = {
	    "Filas rechazadas por ingest: no disponible (use --summary).",
	    "Rows rejected by ingest: not available (use --summary)." },
	[RL_NOTE_UNCL_SHARE] = {
	    "El porcentaje se calcula sobre el total de acciones más las no "
	    "clasificadas.",
	    "The share is of total actions plus unclassified actions." },
	[RL_SEC_REGIONS] = { "la sección por región y la cobertura",
	    "the region and coverage sections are" },
	[RL_SEC_INSTITUTIONS] = { "la sección por institución",
	    "the institution section is" },
	[RL_SEC_SPECIALTIES] = { "la sección de especialidades",
	    "the specialty section is" },
	[RL_SEC_MONTHS] = { "la tendencia mensual", "the monthly trend is" },
	[RL_SEC_ACTIVITIES] = { "la sección de sesiones y asistentes",
	    "the sessions and attendees section is" },
	[RL_SEC_PATIENTS] = { "la sección de atendidos", "the patients section is" },
	[RL_SEC_LABELS] = { "la lista de servicios sin clasificar",
	    "the list of unclassified services is" },
	[RL_NOTE_EMPTY_COLUMN] = { "Columna %s vacía: se omite %s.",
	    "Empty %s column: %s left out." },
	[RL_NOTE_NO_SESSIONS] = {
	    "Los datos no dan sesiones: cada acción sin paciente cuenta como "
	    "una sesión.",
	    "The data give no sessions: each action without a patient counts "
	    "as one session." },
	[RL_NOTE_NO_ATTENDEES] = {
	    "Los datos no dan asistentes.",
	    "The data give no attendees." },
	[RL_NOTE_ATTENDEES] = {
	    "Asistentes: suma de los que dan los registros (un registro sin "
	    "asistentes no suma); n.d. si ningún registro de la actividad los "
	    "da.",
	    "Attendees: the sum of those the records give (a record without "
	    "attendees adds nothing); n/a when no record of the activity gives "
	    "any." },
	[RL_CHART_TREND] = { "Acciones de telesalud por año y categoría, %s",
	    "Telehealth actions by year and category, %s" },
	[RL_CHART_MONTHS] = { "Acciones de telesalud por mes, %d",
	    "Telehealth actions by month, %d" },
	[RL_CHART_MONTHS_CMP] = { "Acciones de telesalud por mes, %d y %d",
	    "Telehealth actions by month, %d and %d" },
	[RL_CHART_REGIONS] = { "Acciones de telesalud por región, %d",
	    "Telehealth actions by region, %d" },
	[RL_AXIS_YEAR] = { "Año", "Year" },
	[RL_AXIS_MONTH] = { "Mes", "Month" },
	[RL_AXIS_ACTIONS] = { "Acciones de telesalud", "Telehealth actions" },
	[RL_OTHERS] = { "Otros", "Others" },
	[RL_CHART_ONE_YEAR] = {
	    "Sin gráfico de evolución anual: no hay datos de años anteriores "
	    "a %d.",
	    "No yearly trend chart: there are no data before %d." },
	[RL_CHART_PARTIAL] = { "%d: solo %s (año incompleto).",
	    "%d: %s only (incomplete year)." },
	[RL_CHART_MASKED] = {
	    "Los valores ocultos por la supresión de celdas pequeñas no se "
	    "dibujan.",
	    "Values hidden by small-cell suppression are not drawn." },
	[RL_CHART_REGIONS_MASKED] = {
	    "%zu regiones con valores ocultos por la supresión de celdas "
	    "pequeñas no se dibujan.",
	    "%zu regions with values hidden by small-cell suppression are not "
	    "drawn." },
	[RL_CHARTS_MISSING] = {
	    "Gráficos no incluidos: gnuplot no está disponible (instale "
	    "gnuplot-nox o indique su ruta en TELESTAT_GNUPLOT).",
	    "Charts not included: gnuplot is not available (install "
	    "gnuplot-nox or set TELESTAT_GNUPLOT to its path)." },
};

const char *
ts_rl(int lang, int id)
{
	if (id < 0 || id >= RL_COUNT_)
		return "";
	return labels[id][lang == TS_LANG_EN ? 1 : 0];
}
