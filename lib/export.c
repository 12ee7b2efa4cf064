/*
 * export.c - the export verb's run: every input table read into one
 * DHIS2/ADX data value set or streamed as SQL, then written, or nothing.
 */
#include <stdint.h>

#include "export.h"
#include "export_dhis2.h"
#include "export_sql.h"
#include "out.h"
#include "records.h"
#include "util.h"

static int
worse(int a, int b)
{
	return a > b ? a : b;
}

/*
 * Reads the inputs into SQL (streamed) or DVS (held until all are read);
 * returns the worst status and counts in *FAILED the tables left out.
 */
static int
read_tables(const struct ts_inputs *in, ts_sqlx *sql, ts_dvs *dvs,
    uint64_t *failed, ts_progress *progress)
{
	int rv = TS_EXIT_OK, st;
	uint64_t unusable;
	size_t i;

	for (i = 0; i < in->n; i++) {
		ts_reader *r = ts_reader_open(in->paths[i]);

		if (r == NULL) {
			rv = worse(rv, TS_EXIT_IO);
			(*failed)++;
			continue;
		}
		ts_reader_progress(r, progress);
		unusable = dvs ? ts_dvs_stats_get(dvs)->unusable : 0;
		st = sql ? ts_sqlx_read(sql, r) : ts_dvs_read(dvs, r);
		ts_reader_free(r);
		/* A missing column leaves the whole table out. */
		if (dvs && ts_dvs_stats_get(dvs)->unusable > unusable) {
			rv = worse(rv, st);
			(*failed)++;
			continue;
		}
		if (st == TS_EXIT_USAGE || st == TS_EXIT_IO) {
			rv = worse(rv, st);
			(*failed)++;
			if (st == TS_EXIT_USAGE)
				break;
			continue;
		}
		rv = worse(rv, st);
	}
	return rv;
}

static void
sql_summary(const ts_sqlx_stats *s, uint64_t suppress)
{
	if (s->rejected > 0)
		ts_warn("%llu rows read, %llu written, %llu rejected",
		    (unsigned long long)s->rows,
		    (unsigned long long)s->written,
		    (unsigned long long)s->rejected);
	if (s->suppressed > 0)
		ts_warn("%llu cells from 1 to %llu written as NULL "
		    "(--suppress %llu)",
		    (unsigned long long)s->suppressed,
		    (unsigned long long)suppress - 1,
		    (unsigned long long)suppress);
}

static void
dvs_summary(const ts_dvs_stats *s)
{
	if (s->unmapped + s->skipped + s->rejected + s->suppressed > 0)
		ts_warn("%llu rows read: %llu exported, %llu unmapped, "
		    "%llu skipped by the mapping, %llu rejected; "
		    "%llu data values written, %llu suppressed",
		    (unsigned long long)s->rows,
		    (unsigned long long)s->exported,
		    (unsigned long long)s->unmapped,
		    (unsigned long long)s->skipped,
		    (unsigned long long)s->rejected,
		    (unsigned long long)s->values,
		    (unsigned long long)s->suppressed);
}

int
ts_export_run(const struct ts_export_opts *o, const struct ts_inputs *in)
{
	ts_sqlx *sql = NULL;
	ts_dvs *dvs = NULL;
	ts_out *out = NULL;
	uint64_t failed = 0;
	ts_error e;
	int rv, st;

	if (o->format == TS_EXPORT_SQL) {
		/* SQL streams: the output opens first, COMMIT comes last. */
		if ((out = ts_out_open(o->output, &e)) == NULL)
			return ts_error_warn(&e);
		sql = ts_sqlx_new(o->table ? o->table : "telestat",
		    o->suppress, out);
	} else
		dvs = ts_dvs_new(o->map, o->suppress);
	rv = read_tables(in, sql, dvs, &failed, o->progress);
	/* The data set may go to the terminal: not after the line. */
	ts_progress_clear(o->progress);
	if (failed > 0) {
		ts_warn("nothing written: %llu input%s could not be exported",
		    (unsigned long long)failed, failed == 1 ? "" : "s");
		if (out != NULL)
			ts_out_abandon(out);
		if (sql != NULL)
			ts_sqlx_free(sql);
		if (dvs != NULL)
			ts_dvs_free(dvs);
		return rv;
	}
	if (sql != NULL) {
		ts_sqlx_finish(sql);
		sql_summary(ts_sqlx_stats_get(sql), o->suppress);
		ts_sqlx_free(sql);
	} else {
		/* Nothing is written when ADX refuses the set. */
		if ((out = ts_out_open(o->output, &e)) == NULL) {
			ts_dvs_free(dvs);
			return worse(rv, ts_error_warn(&e));
		}
		if ((st = ts_dvs_write(dvs, o->format, o->exported, out)) !=
		    TS_EXIT_OK) {
			ts_out_abandon(out);
			ts_dvs_free(dvs);
			return worse(rv, st);
		}
		dvs_summary(ts_dvs_stats_get(dvs));
		ts_dvs_free(dvs);
	}
	if (ts_out_close(out, &e) < 0)
		return e.status == TS_EXIT_OK ? TS_EXIT_OK :
		    worse(rv, ts_error_warn(&e));
	return rv;
}
