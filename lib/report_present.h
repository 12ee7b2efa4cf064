/*
 * report_present.h - how the report presents itself: its title (given,
 * or naming the one institution or region the data hold), the line under
 * it, the date it was generated, and which sections it shows, in which
 * order (--sections).
 */
#ifndef TS_REPORT_PRESENT_H
#define TS_REPORT_PRESENT_H

#include <stddef.h>

#include "report.h"

/*
 * Section names of --sections, in the report's own order, as one
 * comma-separated string ("summary, categories, ...") for messages.
 */
const char *ts_report_section_names(void);

/*
 * Checks LIST ("summary,regions"): 0, or -1 with E filled
 * (TS_EXIT_USAGE) naming the unknown section and the known ones.
 */
int ts_report_sections_check(const char *list, ts_error *e);

/*
 * The tables of R that LIST selects, in LIST's order (each section's
 * tables in the report's order); *N gets their number. The array is the
 * caller's to free; the tables stay R's. LIST must have passed
 * ts_report_sections_check.
 */
ts_rtable **ts_report_sections_pick(const ts_report *r, const char *list,
    size_t *n);

/*
 * Sets R's title (O->title, or the default, which names the institution
 * or region when the report's tables hold only one), its lead line
 * (O->subtitle) and its generation date (O->generated).
 */
void ts_report_present(ts_report *r, const ts_report_opts *o);

/* "Generado el 30/06/2026" / "Generated on 30 Jun 2026"; caller frees. */
char *ts_report_generated_str(const ts_report *r);

#endif
