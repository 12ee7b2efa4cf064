/*
 * ingest_int.h - internals shared by the ingest modules (not a public
 * interface):
 *
 *   ingest.c       set-up, header mapping, row normalisation, rejects,
 *                  duplicates, the CSV loop (ts_ingest_file)
 *   ingest_json.c  JSON, NDJSON and FHIR input: paths to roles, FHIR
 *                  checks, masking in rejected records
 *   ingest_run.c   the verb over its inputs
 */
#ifndef TS_INGEST_INT_H
#define TS_INGEST_INT_H

#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "dupes.h"
#include "idnorm.h"
#include "ingest.h"
#include "jsonin.h"
#include "lookup.h"
#include "regions.h"
#include "strmap.h"

/* Memoized decision on a distinct raw label. */
struct memo {
	ts_map *map;
	signed char *code;      /* per id: a small code, see users */
	ts_str *iso;            /* regions only: the ISO code, with its length */
	uint64_t *file_rows;    /* regions only: rows this file */
	size_t cap;
};

struct date_slot;
struct region_slot;

struct ts_ingest {
	struct date_slot *dcache;
	struct region_slot *rcache;
	struct ts_ingest_opts o;
	int delim, encoding, country, format;
	const char *const *date_formats;
	size_t ndate_formats;
	ts_regiondb *regions;
	struct memo region, sex, cond, unit, month;
	uint64_t messages;
	int warned_key, stopped;
	int file_failed;        /* the last file had more than rejected rows */
	ts_dupes *dupes;        /* ids, keys or rows seen in the run */
	struct ts_ingest_stats total;
	/* Lookups by role (NULL: none), and the profile's without a file. */
	ts_lookup *lookup[TS_NCANON];
	const char *lookup_key[TS_NCANON];
	int lookup_with_key[TS_NCANON];
	char *lk_buf[TS_NCANON];        /* "KEY VALUE" of the current row */
	size_t lk_cap[TS_NCANON];
	const char *lookup_hint[TS_NCANON];
	int hinted;
	/* Row kinds: compiled patterns, and a memo of each one's verdicts. */
	size_t nkinds;
	pcre2_code **kind_re;
	pcre2_match_data *kind_md;
	struct memo *kind_memo;
	char *rej_header;       /* last header copied to the rejects file */
	size_t rej_header_len;
	uint64_t progress_at;   /* rows read at which to tick o.progress */
};

/* What one input file's columns mean. */
struct filemap {
	const char *name;
	size_t ncols;
	char **names;               /* trimmed header names */
	int src[TS_NROLES];         /* column index or -1 */
	const char *konst[TS_NROLES];
	size_t konst_len[TS_NROLES];
	/*
	 * Per role, how a row's value is found (enum value_from), settled
	 * once the columns and constants are known: the common cases then
	 * cost one test a row instead of three.
	 */
	unsigned char from[TS_NROLES];
	size_t *keep;               /* column index of each --keep */
	/*
	 * Per column, 1 when it identifies a person (the patient column and
	 * the profile's "identifying" ones): its values are never quoted.
	 */
	char *ident;
	int any_ident;
	/* Header look-ups (CSV): exact names and folded names, to columns. */
	ts_map *exact, *folded;
	size_t *exact_col, *fold_col, *fold_count;
	int64_t *fold_id;           /* per column, its folded name's id or -1 */
	int delim;                  /* CSV delimiter; 0 for JSON */
	char *header_raw;
	size_t header_raw_len;
	int rej_header_done;
	uint64_t unknown;           /* rows with an unknown region */
	int rows_only;              /* its status comes from rejected rows only */
	int dup_by;                 /* enum dup_by */
	uint64_t dup_found, dup_rejected;
	/*
	 * Output columns (bit i) written without escaping: always (values
	 * ingest composes), or when the record is clean (text from it).
	 */
	uint64_t raw_always, raw_clean;
	struct ts_ingest_stats st;
	/* Lookups: the key column per role (-1: none), misses this file. */
	int lk_col[TS_NCANON];
	int any_lookup;
	uint64_t lk_miss[TS_NCANON];
	char lk_example[TS_NCANON][64];
	/* Row kinds: the column each is read from (-1: not in this file). */
	long *kind_col;
	uint64_t *kind_rows;
	int any_kind;
};

/* The values of one output row, and room for the ones ingest composes. */
struct row {
	ts_str v[TS_NCANON];
	char date[10], year[4], month[2], age[24], patient[TS_PSEUDONYM_HEX];
	char count[24], sessions[24], attendees[24];
	char facility[TS_IDNORM_MAX];   /* a facility code with its zeros back */
	int64_t unknown_region;     /* memo id of an unknown region, or -1 */
};

/* Where a role's value comes from (filemap.from). */
enum value_from {
	FROM_NONE,              /* no column, no constant: empty */
	FROM_COLUMN,            /* a column, as it is (trimmed) */
	FROM_OTHER              /* a constant, or a column with codes */
};

/* How this file's duplicates are recognised. */
enum dup_by { DUP_NONE, DUP_ROW, DUP_ID, DUP_KEY };

/* Why a row is rejected. */
struct why {
	int role;               /* -1: not about a column */
	const char *reason;
	ts_str value;
};

/* ASCII white space: space, TAB, LF, VT, FF, CR. */
static inline int
is_blank(char c)
{
	return (unsigned char)c <= ' ' && (c == ' ' || (c >= '\t' && c <= '\r'));
}

static inline ts_str
trim(ts_str s)
{
	/* Most values have neither end blank: two byte tests, no loop. */
	if (s.n == 0 || ((unsigned char)s.p[0] > ' ' &&
	    (unsigned char)s.p[s.n - 1] > ' '))
		return s;
	while (s.n > 0 && is_blank(s.p[0]))
		s.p++, s.n--;
	while (s.n > 0 && is_blank(s.p[s.n - 1]))
		s.n--;
	return s;
}

/*
 * The roles whose values are text of the source (names, labels), which a
 * master may give (--lookup) and which are escaped when written; the
 * others are values ingest composes.
 */
static inline int
ts_ig_text_role(int role)
{
	return role == TS_COL_SOURCE || role == TS_COL_INSTITUTION ||
	    role == TS_COL_REGION || role == TS_COL_FACILITY ||
	    role == TS_COL_SERVICE || role == TS_COL_SPECIALTY;
}

/* Appends S to DST (room for CAP), quoted for a one-line message. */
void ts_ig_quote_value(char *dst, size_t cap, ts_str s);

/* Column name for messages: the source header, or the role. */
const char *ts_ig_column_label(const struct filemap *fm, int role, long field);

/* Whether a message about FIELD (or ROLE) must withhold VALUE. */
int ts_ig_withheld(const struct filemap *fm, int role, long field,
    ts_str value, int delim);

/* Prints a row message (FILE:LINE[:COLUMN]), or only counts it past
 * the limit. */
void ts_ig_row_message(ts_ingest *g, const struct filemap *fm, uint64_t line,
    const char *colname, long field, const char *reason, ts_str value,
    int show_value);

/*
 * The file's status once the run is stopped: TS_EXIT_IO when the
 * duplicates' temporary file failed, else TS_EXIT_DATA (--max-errors),
 * after a message.
 */
int ts_ig_stop_status(ts_ingest *g, const struct filemap *fm);

/* Counts a rejected record and copies RAW to the rejects file. */
void ts_ig_reject(ts_ingest *g, struct filemap *fm, ts_str raw,
    int well_formed);

/* Whether KEY[0..n) is one of LIST (NULL-terminated), byte for byte. */
int ts_ig_in_list(const char *key, size_t n, const char *const *list);

/*
 * The constant of each role: an option's overrides everything, the
 * profile's fills a role no column gives.
 */
void ts_ig_constants(ts_ingest *g, struct filemap *fm);

/* Marks the columns that identify a person (never quoted). */
void ts_ig_mark_identifying(struct filemap *fm, const ts_profile *p);

/* Says why a --keep NAME is refused. */
void ts_ig_keep_refused(const struct filemap *fm, const char *name,
    int patient);

/* Normalises one record into R; -1 with W filled when it is rejected. */
int ts_ig_map_row(ts_ingest *g, struct filemap *fm, const ts_str *f,
    struct row *r, struct why *w);

/* Writes R (with the --keep columns of F) to OUT. */
void ts_ig_write_row(ts_ingest *g, const struct filemap *fm, const ts_str *f,
    const struct row *r, int clean, ts_out *out);

/* How this file's rows are told apart, once its columns are known. */
void ts_ig_dup_setup(ts_ingest *g, struct filemap *fm);

/* -1 (reported and counted) when the row repeats an earlier one. */
int ts_ig_dup_check(ts_ingest *g, struct filemap *fm, const ts_str *f,
    size_t nf, const struct row *r, uint64_t line);

/* The row's date for the summary's range: the day, or year and month. */
void ts_ig_summary_date(ts_runsum *s, const struct row *r);

/*
 * Reads IN as JSON (an array or NDJSON; FHIR Encounters or Bundles with
 * -p fhir) into FM's counts, writing rows to OUT (NULL: check only).
 * *JP gets the reader, which the caller frees after the summary.
 * Returns the file's status.
 */
int ts_ig_json(ts_ingest *g, ts_input *in, ts_out *out, struct filemap *fm,
    ts_jsonin **jp);

#endif
