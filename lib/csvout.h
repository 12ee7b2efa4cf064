/*
 * csvout.h - a records stream (telestat-records(5)) written as CSV for
 * spreadsheet programs and CSV readers: the --csv of the verbs that
 * write tables.
 *
 * ts_out_csv() turns an output into a converter: the writer goes on
 * writing records, and every finished line is rewritten on its way out
 * as one CSV row (RFC 4180): fields unescaped (\t \n \r \\ become the
 * bytes), separated by commas, quoted when they hold a comma, a double
 * quote, CR or LF, formula-safe (csvcell.h), and ended by CRLF. The
 * bytes stay UTF-8, as records are; with BOM, the file starts with the
 * UTF-8 byte-order mark that some spreadsheet programs need to read
 * UTF-8 at all (an output with no bytes at all stays empty). The cost is paid at each flush of the buffer, never on
 * the writer's per-row path.
 */
#ifndef TS_CSVOUT_H
#define TS_CSVOUT_H

#include <stddef.h>

#include "out.h"

/* From now on, O writes CSV (with the BOM first when BOM is 1). */
void ts_out_csv(ts_out *o, int bom);

/*
 * Converts the records lines in P[0..n) into CSV rows written to O
 * (through ts_out_write_through); with LAST 0 an unfinished last line
 * is left unconverted. Returns the bytes consumed. ts_out_csv installs
 * it; exposed for the fuzzing target.
 */
size_t ts_csv_rewrite(ts_out *o, const char *p, size_t n, int last);

#endif
