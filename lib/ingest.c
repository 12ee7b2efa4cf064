/*
 * ingest.c - header mapping and row normalisation, and the CSV input;
 * see ingest.h (JSON input: ingest_json.c).
 */
#include "ingest.h"
#include "ingest_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "dates.h"
#include "encoding.h"
#include "records.h"
#include "shortkey.h"
#include "util.h"
#include "values.h"

/*
 * Caches in front of the date parser and the region memo, keyed by
 * values of up to 16 bytes (most dates and region names): a hit costs
 * two loads and a multiply instead of a parse or a hash-table probe. A
 * miss falls through to the real work. The region cache is direct-mapped
 * (a file has a few dozen spellings); the date cache has two ways per
 * set, since five years of days (some 1 800 values) in one way per set
 * missed one row in five.
 */
#define CACHE_BITS 12
struct date_slot {
	uint64_t k0, k1;
	uint8_t n;              /* key length; 0: empty */
	int8_t rc;              /* ts_date_parse status */
	ts_date dt;
	char iso[10];
};
struct region_slot {
	uint64_t k0, k1;
	uint32_t n;             /* key length; 0: empty */
	uint32_t id;            /* region memo id */
};

/* The cache slot of S (at most 16 bytes), its words in K. */
static inline size_t
cache_key(ts_str s, uint64_t k[2])
{
	ts_shortkey16(s, k);
	return ts_shortkey_slot(k, 2, s.n, CACHE_BITS);
}

/* enum dup_by (ingest_int.h) as the summary names it. */
static const char *const dup_by_names[] = { NULL, "row", "id", "key" };

/* --------------------------------------------------------------------- */

static void
memo_init(struct memo *m)
{
	m->map = ts_map_new();
}

static void
memo_free(struct memo *m)
{
	ts_map_free(m->map);
	free(m->code);
	free(m->iso);
	free(m->file_rows);
}

/* Id of S in M; *fresh set when it was not there (its code must be set). */
static uint32_t
memo_id(struct memo *m, ts_str s, int *fresh)
{
	uint32_t id = ts_map_intern(m->map, s.p, s.n, fresh);

	if (*fresh && id >= m->cap) {
		size_t old = m->cap;
		m->cap = m->cap ? m->cap * 2 : 64;
		m->code = xreallocarray(m->code, m->cap, 1);
		m->iso = xreallocarray(m->iso, m->cap, sizeof(*m->iso));
		m->file_rows = xreallocarray(m->file_rows, m->cap, sizeof(uint64_t));
		memset(m->file_rows + old, 0, (m->cap - old) * sizeof(uint64_t));
	}
	return id;
}

/* TELESTAT_LOOKUP_MEMORY bytes for a master's keys and values, or 0. */
static size_t
lookup_memory(void)
{
	const char *s = getenv("TELESTAT_LOOKUP_MEMORY");
	uint64_t v;

	if (s == NULL || *s == '\0')
		return 0;
	return ts_num_parse(s, strlen(s), 1, TS_LOOKUP_MAX_BYTES * 8ULL,
	    &v) == NULL ? (size_t)v : 0;
}

/* Loads the masters of --lookup and compiles the row kinds; -1 if not. */
static int
setup_tables(ts_ingest *g, int *status)
{
	const ts_profile *p = g->o.profile;
	size_t i, k;

	for (i = 0; i < g->o.nlookups; i++) {
		const struct ts_ingest_lookup *l = &g->o.lookups[i];
		const char *key = l->key, *val = l->value;
		if (key == NULL) {
			for (k = 0; k < p->nlookups; k++)
				if (p->lookups[k].role == l->role)
					break;
			if (k == p->nlookups) {
				ts_warn("--lookup %s=%s: profile %s has no lookup for %s:"
				    " give FILE:KEY:VALUE", ts_role_name(l->role), l->file,
				    p->name, ts_role_name(l->role));
				*status = TS_EXIT_USAGE;
				return -1;
			}
			key = p->lookups[k].key;
			val = p->lookups[k].value;
			g->lookup_with_key[l->role] = p->lookups[k].with_key;
		}
		if (!ts_ig_text_role(l->role)) {
			ts_warn("--lookup %s: only source, institution, region, facility,"
			    " service and specialty come from a master",
			    ts_role_name(l->role));
			*status = TS_EXIT_USAGE;
			return -1;
		}
		if (g->lookup[l->role] != NULL) {
			ts_warn("--lookup %s: given twice", ts_role_name(l->role));
			*status = TS_EXIT_USAGE;
			return -1;
		}
		g->lookup[l->role] = ts_lookup_load(l->file, key, val,
		    lookup_memory(), status);
		if (g->lookup[l->role] == NULL)
			return -1;
		g->lookup_key[l->role] = key;
		if (g->o.verbose)
			ts_warn("%s: %zu keys (%s -> %s) for %s", l->file,
			    ts_lookup_size(g->lookup[l->role]), key, val,
			    ts_role_name(l->role));
		if (ts_lookup_conflicts(g->lookup[l->role]) > 0)
			ts_warn("%s: %llu rows repeat a %s with another %s: the first"
			    " kept", l->file, ts_lookup_conflicts(g->lookup[l->role]),
			    key, val);
	}
	for (k = 0; k < p->nlookups; k++)
		if (g->lookup[p->lookups[k].role] == NULL)
			g->lookup_hint[p->lookups[k].role] = p->lookups[k].key;
	g->nkinds = p->nrow_kinds;
	if (g->nkinds > 0) {
		g->kind_re = xcalloc(g->nkinds, sizeof(*g->kind_re));
		g->kind_memo = xcalloc(g->nkinds, sizeof(*g->kind_memo));
		for (k = 0; k < g->nkinds; k++) {
			int ec;
			PCRE2_SIZE eo;
			g->kind_re[k] = pcre2_compile(
			    (PCRE2_SPTR)p->row_kinds[k].pattern, PCRE2_ZERO_TERMINATED,
			    PCRE2_UTF, &ec, &eo, NULL);
			if (g->kind_re[k] == NULL) { /* checked when the profile loaded */
				ts_warn("row kind %s: bad pattern", p->row_kinds[k].name);
				*status = TS_EXIT_USAGE;
				return -1;
			}
			memo_init(&g->kind_memo[k]);
		}
		g->kind_md = pcre2_match_data_create(4, NULL);
	}
	return 0;
}

ts_ingest *
ts_ingest_open(const struct ts_ingest_opts *o, int *status)
{
	ts_ingest *g = xcalloc(1, sizeof(*g));
	const ts_profile *p = o->profile;
	ts_error e;

	*status = TS_EXIT_OK;
	g->o = *o;
	g->warned_key = o->check_only;
	g->delim = o->delim >= 0 ? o->delim : p->delim;
	g->encoding = o->encoding >= 0 ? o->encoding : p->encoding;
	g->country = o->country >= 0 ? o->country : p->country;
	if (o->ndate_formats > 0) {
		g->date_formats = o->date_formats;
		g->ndate_formats = o->ndate_formats;
	} else {
		g->date_formats = (const char *const *)p->date_formats;
		g->ndate_formats = p->ndate_formats;
	}
	g->format = o->format >= 0 ? o->format : -1;
	if (p->format != TS_FORMAT_CSV && o->format < 0)
		g->format = p->format;
	if (p->format == TS_FORMAT_FHIR && o->format >= 0 &&
	    o->format != TS_FORMAT_CSV)
		g->format = TS_FORMAT_FHIR;     /* --format ndjson: still FHIR */
	if ((g->regions = ts_regiondb_load()) == NULL) {
		free(g);
		*status = TS_EXIT_IO;
		return NULL;
	}
	g->dcache = xcalloc((size_t)2 << CACHE_BITS, sizeof(*g->dcache));
	g->rcache = xcalloc((size_t)1 << CACHE_BITS, sizeof(*g->rcache));
	memo_init(&g->region);
	memo_init(&g->sex);
	memo_init(&g->cond);
	memo_init(&g->unit);
	memo_init(&g->month);
	if ((g->dupes = ts_dupes_new(0, &e)) == NULL) {
		*status = ts_error_warn(&e);
		ts_ingest_free(g);
		return NULL;
	}
	if (setup_tables(g, status) < 0) {
		ts_ingest_free(g);
		return NULL;
	}
	return g;
}

ts_ingest *
ts_ingest_new(const struct ts_ingest_opts *o)
{
	int status;

	return ts_ingest_open(o, &status);
}

void
ts_ingest_free(ts_ingest *g)
{
	size_t k;

	if (g == NULL)
		return;
	ts_regiondb_free(g->regions);
	ts_dupes_free(g->dupes);
	free(g->dcache);
	free(g->rcache);
	memo_free(&g->region);
	memo_free(&g->sex);
	memo_free(&g->cond);
	memo_free(&g->unit);
	memo_free(&g->month);
	for (k = 0; k < TS_NCANON; k++) {
		ts_lookup_free(g->lookup[k]);
		free(g->lk_buf[k]);
	}
	for (k = 0; k < g->nkinds; k++) {
		pcre2_code_free(g->kind_re[k]);
		if (g->kind_memo[k].map != NULL)
			memo_free(&g->kind_memo[k]);
	}
	free(g->kind_re);
	free(g->kind_memo);
	pcre2_match_data_free(g->kind_md);
	free(g->rej_header);
	free(g);
}

int
ts_ingest_file_failed(const ts_ingest *g)
{
	return g->file_failed;
}

int
ts_ingest_stopped(const ts_ingest *g)
{
	return g->stopped;
}

void
ts_ingest_totals(const ts_ingest *g, struct ts_ingest_stats *s)
{
	*s = g->total;
}

void
ts_ingest_header(ts_ingest *g, ts_out *out)
{
	const char **names = xcalloc(TS_NCANON + g->o.nkeep, sizeof(char *));
	size_t i;

	for (i = 0; i < TS_NCANON; i++)
		names[i] = ts_canon_columns[i];
	for (i = 0; i < g->o.nkeep; i++)
		names[TS_NCANON + i] = g->o.keep[i];
	ts_out_header(out, names, TS_NCANON + g->o.nkeep);
	free(names);
}

/* --------------------------------------------------------------------- */
/* Messages */

/*
 * Appends S to DST (room for CAP) for a one-line message: control
 * characters, backslash and bytes that are not UTF-8 are escaped.
 */
void
ts_ig_quote_value(char *dst, size_t cap, ts_str s)
{
	size_t o = 0, i = 0;

	while (i < s.n && o + 8 < cap) {
		unsigned char c = (unsigned char)s.p[i];
		if (c >= 0x80) {
			size_t bad = ts_utf8_check(s.p + i, s.n - i);
			size_t ok = bad == TS_UTF8_VALID ? s.n - i : bad;
			if (ok > 0) {
				/* copy whole sequences only */
				size_t k = 0;
				while (k < ok && o + 8 < cap) {
					size_t len = (unsigned char)s.p[i + k] >= 0xF0 ? 4 :
					    (unsigned char)s.p[i + k] >= 0xE0 ? 3 :
					    (unsigned char)s.p[i + k] >= 0xC0 ? 2 : 1;
					if (o + len + 8 >= cap)
						break;
					memcpy(dst + o, s.p + i + k, len);
					o += len;
					k += len;
				}
				if (k < ok)
					break;
				i += k;
				continue;
			}
			o += (size_t)snprintf(dst + o, cap - o, "\\x%02X", c);
		} else if (c == '\\') {
			dst[o++] = '\\';
			dst[o++] = '\\';
		} else if (c == '\t') {
			dst[o++] = '\\';
			dst[o++] = 't';
		} else if (c == '\n') {
			dst[o++] = '\\';
			dst[o++] = 'n';
		} else if (c == '\r') {
			dst[o++] = '\\';
			dst[o++] = 'r';
		} else if (c < 0x20 || c == 0x7F) {
			o += (size_t)snprintf(dst + o, cap - o, "\\x%02X", c);
		} else {
			dst[o++] = (char)c;
		}
		i++;
	}
	if (i < s.n && o + 4 <= cap) {
		memcpy(dst + o, "...", 3);
		o += 3;
	}
	dst[o] = '\0';
}

/* Column name for messages: the source header, or the role. */
const char *
ts_ig_column_label(const struct filemap *fm, int role, long field)
{
	if (role >= 0 && fm->src[role] >= 0 && fm->konst[role] == NULL)
		return fm->names[fm->src[role]];
	if (role >= 0)
		return ts_role_name(role);
	if (field >= 0 && (size_t)field < fm->ncols && fm->names[field][0] != '\0')
		return fm->names[field];
	return NULL;
}

/*
 * The shape of a value that must not be shown: "8 digits", "13
 * characters", "empty".
 */
static void
value_shape(char *dst, size_t cap, ts_str s)
{
	size_t i, chars = 0, digits = 0;

	for (i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if ((c & 0xC0) != 0x80)
			chars++;
		if (c >= '0' && c <= '9')
			digits++;
	}
	if (s.n == 0)
		snprintf(dst, cap, "empty");
	else if (digits == s.n)
		snprintf(dst, cap, "%zu digit%s", digits, digits == 1 ? "" : "s");
	else
		snprintf(dst, cap, "%zu character%s", chars, chars == 1 ? "" : "s");
}

/*
 * Whether a message about FIELD (or ROLE) must withhold VALUE: the field
 * identifies a person, or VALUE spans a delimiter or a line break (a
 * quoted field that swallowed its neighbours) in a row that holds an
 * identifying column.
 */
int
ts_ig_withheld(const struct filemap *fm, int role, long field, ts_str value,
    int delim)
{
	if (role == TS_COL_PATIENT)
		return 1;
	if (role >= 0 && role < TS_NROLES && fm->src[role] >= 0)
		field = fm->src[role];
	if (fm->ident != NULL && field >= 0 && (size_t)field < fm->ncols &&
	    fm->ident[field])
		return 1;
	return fm->any_ident && value.n > 0 &&
	    (memchr(value.p, delim, value.n) != NULL ||
	    memchr(value.p, '\n', value.n) != NULL ||
	    memchr(value.p, '\r', value.n) != NULL);
}

/*
 * Where a row message points: "LINE", or "LINE:COLUMN" when the problem
 * has a character column (a code unit UTF-16 could not decode).
 */
static const char *
line_spec(char *buf, size_t cap, uint64_t line, uint64_t column)
{
	if (column > 0)
		snprintf(buf, cap, "%llu:%llu", (unsigned long long)line,
		    (unsigned long long)column);
	else
		snprintf(buf, cap, "%llu", (unsigned long long)line);
	return buf;
}

/*
 * Prints a row message, or only counts it past the limit; the summary
 * counts the row under KEY (the reason without what varies). SHOW_VALUE:
 * 0 no value, 1 the value quoted, 2 only its shape (an identifier).
 * COLUMN: the character column, or 0.
 */
static void
row_message_at(ts_ingest *g, const struct filemap *fm, uint64_t line,
    uint64_t column, const char *colname, long field, const char *reason,
    ts_str value, int show_value, const char *key)
{
	char q[256], col[320], where[48];
	uint64_t cap = g->o.max_messages ? g->o.max_messages :
	    TS_INGEST_MAX_MESSAGES;

	/* Every rejected row passes here once: count it by reason. */
	if (g->o.summary != NULL)
		ts_runsum_count(g->o.summary, TS_RS_REJECTED, colname, key);
	g->messages++;
	if (g->messages > cap) {
		if (g->messages == cap + 1)
			ts_warn("more than %llu bad rows: only counting them from here",
			    (unsigned long long)cap);
		return;
	}
	col[0] = '\0';
	if (colname != NULL) {
		ts_str c = { colname, strlen(colname) };
		ts_ig_quote_value(q, 200, c);
		snprintf(col, sizeof(col), "column %s: ", q);
	} else if (field >= 0) {
		snprintf(col, sizeof(col), "field %ld: ", field + 1);
	}
	line_spec(where, sizeof(where), line, column);
	if (show_value == 2) {
		value_shape(q, sizeof(q), value);
		ts_warn("%s:%s: %s%s (value withheld: %s)", fm->name, where, col,
		    reason, q);
	} else if (show_value) {
		ts_ig_quote_value(q, sizeof(q), value);
		ts_warn("%s:%s: %s%s \"%s\"", fm->name, where, col, reason, q);
	} else {
		ts_warn("%s:%s: %s%s", fm->name, where, col, reason);
	}
}

static void
row_message_keyed(ts_ingest *g, const struct filemap *fm, uint64_t line,
    const char *colname, long field, const char *reason, ts_str value,
    int show_value, const char *key)
{
	row_message_at(g, fm, line, 0, colname, field, reason, value,
	    show_value, key);
}

void
ts_ig_row_message(ts_ingest *g, const struct filemap *fm, uint64_t line,
    const char *colname, long field, const char *reason, ts_str value,
    int show_value)
{
	row_message_keyed(g, fm, line, colname, field, reason, value, show_value,
	    reason);
}

/*
 * Writes RAW, a CSV record, with the characters of its identifying
 * fields as '*' (delimiters, quotes and line breaks kept, so the row's
 * shape shows). When the record did not parse into its columns (WHOLE),
 * field boundaries cannot be trusted: every field is masked.
 */
static void
write_masked(ts_out *r, const struct filemap *fm, ts_str raw, int whole)
{
	size_t i, field = 0;
	int quoted = 0;

	for (i = 0; i < raw.n; i++) {
		unsigned char c = (unsigned char)raw.p[i];
		if (c == '"') {
			quoted = !quoted;
			ts_out_putc(r, '"');
		} else if (!quoted && (int)c == fm->delim) {
			field++;
			ts_out_putc(r, (char)c);
		} else if (c == '\n' || c == '\r') {
			ts_out_putc(r, (char)c);
		} else if (whole || (field < fm->ncols && fm->ident[field])) {
			if ((c & 0xC0) != 0x80)
				ts_out_putc(r, '*');
		} else {
			ts_out_putc(r, (char)c);
		}
	}
}

/*
 * Copies a rejected record verbatim to the rejects file (identifying
 * values masked with --mask-rejects; WELL_FORMED: the record parsed
 * into the header's columns).
 */
static void
rejects_header(ts_ingest *g, struct filemap *fm)
{
	ts_out *r = g->o.rejects;

	if (!fm->rej_header_done) {
		/* Each file's header once, unless it repeats the last one. */
		fm->rej_header_done = 1;
		if (g->rej_header == NULL || g->rej_header_len != fm->header_raw_len ||
		    memcmp(g->rej_header, fm->header_raw, fm->header_raw_len) != 0) {
			ts_out_write(r, fm->header_raw, fm->header_raw_len);
			free(g->rej_header);
			g->rej_header = xstrndup(fm->header_raw, fm->header_raw_len);
			g->rej_header_len = fm->header_raw_len;
		}
	}
}

static void
write_reject(ts_ingest *g, struct filemap *fm, ts_str raw, int well_formed)
{
	ts_out *r = g->o.rejects;

	if (r == NULL || raw.n == 0)
		return;
	rejects_header(g, fm);
	if (g->o.mask_rejects && fm->any_ident && fm->delim != 0)
		write_masked(r, fm, raw, !well_formed);
	else
		ts_out_write(r, raw.p, raw.n);
	if (raw.p[raw.n - 1] != '\n')
		ts_out_putc(r, '\n');
}

/*
 * A line too long to hold in memory reaches the rejects file in pieces
 * as the reader skips it, so that it is kept verbatim like any other.
 */
struct long_line {
	ts_ingest *g;
	struct filemap *fm;
	int open;               /* pieces written, line not yet ended */
	char last;              /* last byte written */
};

static void
long_line_piece(void *arg, const char *p, size_t n)
{
	struct long_line *l = arg;
	ts_out *r = l->g->o.rejects;

	if (r == NULL || n == 0 || l->fm->header_raw == NULL)
		return;
	rejects_header(l->g, l->fm);
	if (l->g->o.mask_rejects && l->fm->any_ident)
		write_masked(r, l->fm, (ts_str){ p, n }, 1);
	else
		ts_out_write(r, p, n);
	l->open = 1;
	l->last = p[n - 1];
}

/* Ends the long line's copy with a line break if it had none (EOF). */
static void
long_line_end(struct long_line *l)
{
	if (l->open && l->last != '\n')
		ts_out_putc(l->g->o.rejects, '\n');
	l->open = 0;
}

int
ts_ig_stop_status(ts_ingest *g, const struct filemap *fm)
{
	const ts_error *e = ts_dupes_error(g->dupes);

	if (e != NULL)
		return ts_error_warn(e);
	ts_warn("%s: stopping after more than %llu rejected rows"
	    " (--max-errors)", fm->name, (unsigned long long)g->o.max_errors);
	return TS_EXIT_DATA;
}

void
ts_ig_reject(ts_ingest *g, struct filemap *fm, ts_str raw,
    int well_formed)
{
	fm->st.rejected++;
	write_reject(g, fm, raw, well_formed);
	if (fm->st.rejected + g->total.rejected > g->o.max_errors)
		g->stopped = 1;
}

/* --------------------------------------------------------------------- */
/* Value normalisation */

/* A count (values.h: digits only, at most TS_COUNT_MAX); -1 if not one. */
static int64_t
parse_uint(ts_str s)
{
	uint64_t v;

	return ts_count_parse(s, &v) == NULL ? (int64_t)v : -1;
}

/*
 * A count: plain digits, or digits in groups of three with one kind of
 * separator ("71,567", "1.200.000", "8 102 465") as spreadsheets write
 * large numbers. -1 if not a count.
 */
static int64_t
parse_count(ts_str s)
{
	int64_t v = parse_uint(s);
	size_t i, lead;
	char sep;

	char digits[32];
	size_t nd = 0;
	ts_str plain;

	/* 2^63 - 1 is 19 digits: with separators, 25 bytes. */
	if (v >= 0 || s.n < 5 || s.n > 25)
		return v;
	for (lead = 0; lead < s.n && lead < 4 && s.p[lead] >= '0' && s.p[lead] <= '9'; lead++)
		;
	if (lead == 0 || lead > 3)
		return -1;
	sep = s.p[lead];
	if (sep != ',' && sep != '.' && sep != ' ' && sep != '\'')
		return -1;
	if ((s.n - lead) % 4 != 0)
		return -1;
	for (i = 0; i < s.n; i++) {
		if (i >= lead && (i - lead) % 4 == 0) {
			if (s.p[i] != sep)
				return -1;
			continue;
		}
		digits[nd++] = s.p[i];
	}
	plain.p = digits;
	plain.n = nd;
	return parse_uint(plain);
}

/* Folds S into BUF (room 2 * 64) for label tables; 0 if too long. */
static size_t
fold_label(ts_str s, char *buf)
{
	if (s.n > 64)
		return 0;
	return ts_fold(s.p, s.n, buf, TS_FOLD_NOSPACE);
}

int
ts_ig_in_list(const char *key, size_t n, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == n && memcmp(*list, key, n) == 0)
			return 1;
	return 0;
}

/* Values that say "not known": they become an empty field. */
static const char *const unknown_words[] = {
	"na", "nd", "ns", "nr", "ne", "sd", "noespecificado", "noespecifica",
	"desconocido", "desconocida", "unknown", "sindato", "sindatos",
	"sininformacion", "ignorado", "ignorada", "noregistrado", "null", NULL
};

enum { CODE_EMPTY = 0, CODE_BAD = -1 };

static int
sex_code(ts_str s)
{
	static const char *const f[] = { "f", "fem", "femenino", "femenina",
	    "female", "mujer", "feminino", "woman", "w", NULL };
	static const char *const m[] = { "m", "masc", "masculino", "masculina",
	    "male", "hombre", "h", "man", "varon", NULL };
	static const char *const other[] = { "x", "otro", "otra", "other",
	    "indeterminado", "intersexual", "nobinario", NULL };
	char k[128];
	size_t n;

	if (s.n > 64)
		return CODE_BAD;
	if ((n = fold_label(s, k)) == 0)
		return CODE_EMPTY;      /* "-", "?" */
	if (ts_ig_in_list(k, n, f))
		return 'F';
	if (ts_ig_in_list(k, n, m))
		return 'M';
	if (ts_ig_in_list(k, n, other) || ts_ig_in_list(k, n, unknown_words))
		return CODE_EMPTY;
	return CODE_BAD;
}

static int
condition_code(ts_str s)
{
	static const char *const nw[] = { "n", "nuevo", "nueva", "new", NULL };
	static const char *const co[] = { "c", "continuador", "continuadora",
	    "continuing", "continuante", NULL };
	static const char *const re[] = { "r", "reingresante", "reingreso",
	    "reingresado", "reentering", "reentry", NULL };
	char k[128];
	size_t n = fold_label(s, k);

	if (n == 0)
		return s.n > 64 ? CODE_BAD : CODE_EMPTY;
	if (ts_ig_in_list(k, n, nw))
		return 'N';
	if (ts_ig_in_list(k, n, co))
		return 'C';
	if (ts_ig_in_list(k, n, re))
		return 'R';
	if (ts_ig_in_list(k, n, unknown_words))
		return CODE_EMPTY;
	return CODE_BAD;
}

/* Age units: 'Y' years, 'M' months, 'D' days. */
static int
unit_code(ts_str s)
{
	static const char *const y[] = { "a", "y", "anos", "ano", "years", "year",
	    "anios", "anio", NULL };
	static const char *const m[] = { "m", "meses", "mes", "months", "month", NULL };
	static const char *const d[] = { "d", "dias", "dia", "days", "day", NULL };
	char k[128];
	size_t n = fold_label(s, k);

	if (n == 0)
		return s.n > 64 ? CODE_BAD : 'Y';
	if (ts_ig_in_list(k, n, y))
		return 'Y';
	if (ts_ig_in_list(k, n, m))
		return 'M';
	if (ts_ig_in_list(k, n, d))
		return 'D';
	return CODE_BAD;
}

/* Month numbers and names (es, pt, en; see dates.h); 0 if not a month. */
static int
month_code(ts_str s)
{
	int64_t v = parse_uint(s);

	if (v >= 1 && v <= 12)
		return (int)v;
	if (v >= 0)
		return 0;
	return ts_month_name(s.p, s.n);
}

/* Memoized small-code decision on S. */
static int
memo_code(struct memo *m, ts_str s, int (*decide)(ts_str))
{
	int fresh;
	uint32_t id = memo_id(m, s, &fresh);

	if (fresh)
		m->code[id] = (signed char)decide(s);
	return m->code[id];
}

/* --------------------------------------------------------------------- */
/* Header mapping */

static void
fold_name(const char *s, char *buf, size_t *n)
{
	size_t len = strlen(s);

	if (len > 200)
		len = 200;
	*n = ts_fold(s, len, buf, TS_FOLD_NOSPACE);
}

/*
 * Folded names of the columns (case, accents, punctuation ignored) in a
 * map, so that a look-up costs the same for 10 or 100 000 columns.
 */
static void
fold_columns(struct filemap *fm)
{
	char key[400];
	size_t i, kn;

	fm->folded = ts_map_new();
	fm->fold_id = xcalloc(fm->ncols ? fm->ncols : 1, sizeof(int64_t));
	fm->fold_col = xcalloc(fm->ncols ? fm->ncols : 1, sizeof(size_t));
	fm->fold_count = xcalloc(fm->ncols ? fm->ncols : 1, sizeof(size_t));
	for (i = 0; i < fm->ncols; i++) {
		uint32_t id;
		int ins;
		fold_name(fm->names[i], key, &kn);
		fm->fold_id[i] = -1;
		if (kn == 0)
			continue;
		id = ts_map_intern(fm->folded, key, kn, &ins);
		fm->fold_id[i] = id;
		if (ins)
			fm->fold_col[id] = i;
		fm->fold_count[id]++;
	}
}

/*
 * Column matching NAME among unclaimed columns: exact first, then folded
 * (case, accents, punctuation ignored) when exactly one column matches.
 * Returns the index, -1 when none, -2 when the folded match is ambiguous.
 */
static int
find_column(const struct filemap *fm, const char *name, const char *claimed)
{
	char key[400];
	size_t kn, i;
	int64_t id;
	int found = -1;

	if ((id = ts_map_find(fm->exact, name, strlen(name))) >= 0 &&
	    (claimed == NULL || !claimed[fm->exact_col[id]]))
		return (int)fm->exact_col[id];
	fold_name(name, key, &kn);
	if (kn == 0 || (id = ts_map_find(fm->folded, key, kn)) < 0)
		return -1;
	if (fm->fold_count[id] == 1) {
		i = fm->fold_col[id];
		return claimed != NULL && claimed[i] ? -1 : (int)i;
	}
	for (i = fm->fold_col[id]; i < fm->ncols; i++) {
		if (fm->fold_id[i] != id || (claimed != NULL && claimed[i]))
			continue;
		if (found >= 0)
			return -2;
		found = (int)i;
	}
	return found;
}

static void
filemap_free(struct filemap *fm)
{
	size_t i;

	for (i = 0; i < fm->ncols; i++)
		free(fm->names[i]);
	free(fm->names);
	free(fm->keep);
	free(fm->ident);
	ts_map_free(fm->exact);
	ts_map_free(fm->folded);
	free(fm->exact_col);
	free(fm->fold_id);
	free(fm->fold_col);
	free(fm->fold_count);
	free(fm->header_raw);
	free(fm->kind_col);
	free(fm->kind_rows);
}

static const char *
delim_name(int d)
{
	static char buf[8];

	switch (d) {
	case '\t': return "TAB";
	case ',': return "','";
	case ';': return "';'";
	case '|': return "'|'";
	default:
		snprintf(buf, sizeof(buf), "'%c'", d);
		return buf;
	}
}

/*
 * Marks the columns that identify a person: the one feeding patient and
 * every column the profile lists as identifying (names compared as for
 * the profile's columns).
 */
void
ts_ig_mark_identifying(struct filemap *fm, const ts_profile *p)
{
	char key[400], other[400];
	size_t i, j, kn, on;

	fm->ident = xcalloc(fm->ncols ? fm->ncols : 1, 1);
	if (fm->src[TS_COL_PATIENT] >= 0)
		fm->ident[fm->src[TS_COL_PATIENT]] = 1;
	for (j = 0; j < p->identifying.n; j++) {
		const char *name = p->identifying.v[j];
		int64_t id;
		fold_name(name, key, &kn);
		if (fm->exact == NULL) {
			/* JSON: a handful of paths. */
			for (i = 0; i < fm->ncols; i++) {
				fold_name(fm->names[i], other, &on);
				if (strcmp(fm->names[i], name) == 0 ||
				    (kn > 0 && on == kn && memcmp(key, other, kn) == 0))
					fm->ident[i] = 1;
			}
			continue;
		}
		if ((id = ts_map_find(fm->exact, name, strlen(name))) >= 0)
			fm->ident[fm->exact_col[id]] = 1;
		if (kn > 0 && (id = ts_map_find(fm->folded, key, kn)) >= 0) {
			fm->ident[fm->fold_col[id]] = 1;
			for (i = fm->fold_col[id] + 1; fm->fold_count[id] > 1 &&
			    i < fm->ncols; i++)
				if (fm->fold_id[i] == id)
					fm->ident[i] = 1;
		}
	}
	for (i = 0; i < fm->ncols; i++)
		fm->any_ident |= fm->ident[i];
}

void
ts_ig_keep_refused(const struct filemap *fm, const char *name, int patient)
{
	ts_warn("--keep %s: in %s, this column identifies %s: its raw values "
	    "are kept only with --keep-identifiers", name, fm->name,
	    patient ? "the patient" : "a person");
}

/*
 * The header's names, trimmed, and their exact look-up; a NUL byte or a
 * name given twice is a data problem.
 */
static int
header_names(struct filemap *fm, const ts_csv_rec *rec)
{
	size_t i;

	fm->ncols = rec->nfields;
	fm->names = xcalloc(fm->ncols, sizeof(char *));
	for (i = 0; i < fm->ncols; i++) {
		ts_str s = trim(rec->fields[i]);
		fm->names[i] = xstrndup(s.p, s.n);
		if (strlen(fm->names[i]) != s.n) {
			ts_warn("%s:%llu: column %zu: NUL byte in the header",
			    fm->name, (unsigned long long)rec->line, i + 1);
			return TS_EXIT_DATA;
		}
	}
	fm->header_raw = xstrndup(rec->raw.p, rec->raw.n);
	fm->header_raw_len = rec->raw.n;
	/* A hash set: time linear in the number of columns. */
	fm->exact = ts_map_new();
	fm->exact_col = xcalloc(fm->ncols ? fm->ncols : 1, sizeof(size_t));
	for (i = 0; i < fm->ncols; i++) {
		int ins;
		uint32_t id;
		if (fm->names[i][0] == '\0')
			continue;
		id = ts_map_intern(fm->exact, fm->names[i], strlen(fm->names[i]), &ins);
		if (!ins) {
			char q[256];
			ts_str s = { fm->names[i], strlen(fm->names[i]) };
			ts_ig_quote_value(q, sizeof(q), s);
			ts_warn("%s:%llu: duplicate column name \"%s\""
			    " (columns %zu and %zu)", fm->name,
			    (unsigned long long)rec->line, q, fm->exact_col[id] + 1,
			    i + 1);
			return TS_EXIT_DATA;
		}
		fm->exact_col[id] = i;
	}
	return TS_EXIT_OK;
}

/*
 * The column of each role: --map first, as it names columns explicitly,
 * then the profile's names, best first. CLAIMED marks the columns taken.
 */
static int
claim_columns(ts_ingest *g, struct filemap *fm, char *claimed)
{
	const ts_profile *p = g->o.profile;
	size_t i;
	int role;

	for (role = 0; role < TS_NROLES; role++)
		fm->src[role] = -1;
	for (role = 0; role < TS_NROLES; role++) {
		const char *m = g->o.map[role];
		int c;
		if (m == NULL || *m == '\0')
			continue;
		c = find_column(fm, m, NULL);
		if (c < 0) {
			ts_warn("--map %s=%s: %s column \"%s\" in %s", ts_role_name(role),
			    m, c == -2 ? "more than one" : "no", m, fm->name);
			return TS_EXIT_USAGE;
		}
		if (claimed[c]) {
			ts_warn("--map %s=%s: column \"%s\" is mapped twice",
			    ts_role_name(role), m, fm->names[c]);
			return TS_EXIT_USAGE;
		}
		fm->src[role] = c;
		claimed[c] = 1;
	}
	for (role = 0; role < TS_NROLES; role++) {
		if (g->o.map[role] != NULL)
			continue;
		for (i = 0; i < p->columns[role].n && fm->src[role] < 0; i++) {
			int c = find_column(fm, p->columns[role].v[i], claimed);
			if (c >= 0) {
				fm->src[role] = c;
				claimed[c] = 1;
			}
		}
	}
	return TS_EXIT_OK;
}

void
ts_ig_constants(ts_ingest *g, struct filemap *fm)
{
	const ts_profile *p = g->o.profile;
	int role;

	for (role = 0; role < TS_NCANON; role++) {
		const char *k = g->o.constants[role];
		if (k == NULL && fm->src[role] < 0 && g->o.map[role] == NULL)
			k = p->constants[role];
		if (k != NULL) {
			fm->konst[role] = k;
			fm->konst_len[role] = strlen(k);
		}
	}
	for (role = 0; role < TS_NROLES; role++)
		fm->from[role] = fm->konst[role] == NULL && fm->src[role] < 0 ?
		    FROM_NONE : fm->konst[role] == NULL && p->codes[role] == NULL ?
		    FROM_COLUMN : FROM_OTHER;
}

/*
 * Constants, then the header must give some known column, and a date or
 * a year.
 */
static int
constants_and_dates(ts_ingest *g, struct filemap *fm, const ts_csv *csv)
{
	int role;

	ts_ig_constants(g, fm);
	for (role = 0; role < TS_NROLES && fm->src[role] < 0; role++)
		;
	if (role == TS_NROLES) {
		ts_warn("%s: no column of the header is known (delimiter %s): use"
		    " -d, --map or a profile", fm->name, delim_name(ts_csv_delim(csv)));
		return TS_EXIT_DATA;
	}
	if (fm->src[TS_COL_DATE] < 0 && fm->src[TS_COL_YEAR] < 0 &&
	    fm->konst[TS_COL_DATE] == NULL && fm->konst[TS_COL_YEAR] == NULL) {
		ts_warn("%s: no date column (nor a year) in the header: use --map"
		    " date=HEADER or a profile", fm->name);
		return TS_EXIT_DATA;
	}
	return TS_EXIT_OK;
}

/*
 * The --keep columns; one that identifies a person needs
 * --keep-identifiers.
 */
static int
keep_columns(ts_ingest *g, struct filemap *fm)
{
	size_t i;

	fm->keep = xcalloc(g->o.nkeep ? g->o.nkeep : 1, sizeof(size_t));
	for (i = 0; i < g->o.nkeep; i++) {
		int c = find_column(fm, g->o.keep[i], NULL);
		if (c < 0) {
			ts_warn("--keep %s: %s column \"%s\" in %s", g->o.keep[i],
			    c == -2 ? "more than one" : "no", g->o.keep[i], fm->name);
			return TS_EXIT_USAGE;
		}
		if (fm->ident[c] && !g->o.keep_identifiers) {
			ts_ig_keep_refused(fm, g->o.keep[i], fm->src[TS_COL_PATIENT] == c);
			return TS_EXIT_USAGE;
		}
		fm->keep[i] = (size_t)c;
	}
	return TS_EXIT_OK;
}

/*
 * Lookups: the row's key column, by the master key's name; a hint, once
 * a run, when a profile's master was not given but its key is here.
 */
static int
lookup_columns(ts_ingest *g, struct filemap *fm)
{
	int role;

	for (role = 0; role < TS_NCANON; role++) {
		int c;
		fm->lk_col[role] = -1;
		if (g->lookup[role] != NULL) {
			c = find_column(fm, g->lookup_key[role], NULL);
			if (c < 0) {
				ts_warn("--lookup %s: %s column \"%s\" in %s",
				    ts_role_name(role), c == -2 ? "more than one" : "no",
				    g->lookup_key[role], fm->name);
				return TS_EXIT_USAGE;
			}
			fm->lk_col[role] = c;
			fm->any_lookup = 1;
		} else if (g->lookup_hint[role] != NULL && fm->src[role] < 0 &&
		    fm->konst[role] == NULL && !(g->hinted & 1 << role) &&
		    find_column(fm, g->lookup_hint[role], NULL) >= 0) {
			g->hinted |= 1 << role;
			ts_warn("%s: %s comes from a master keyed by %s: give it with"
			    " --lookup %s=FILE", fm->name, ts_role_name(role),
			    g->lookup_hint[role], ts_role_name(role));
		}
	}
	return TS_EXIT_OK;
}

/*
 * Row kinds, each from the first of its columns in this file; then a
 * pre-aggregated profile needs its count column.
 */
static int
kinds_and_count(ts_ingest *g, struct filemap *fm)
{
	const ts_profile *p = g->o.profile;
	size_t i, k;

	if (g->nkinds > 0) {
		fm->kind_col = xcalloc(g->nkinds, sizeof(long));
		fm->kind_rows = xcalloc(g->nkinds, sizeof(uint64_t));
		for (k = 0; k < g->nkinds; k++) {
			const struct ts_row_kind *rk = &p->row_kinds[k];
			int c = -1;
			for (i = 0; i < rk->columns.n && c < 0; i++)
				c = find_column(fm, rk->columns.v[i], NULL);
			fm->kind_col[k] = c < 0 ? -1 : c;
			fm->any_kind |= c >= 0;
		}
	}
	if (p->pre_aggregated && fm->src[TS_COL_COUNT] < 0 &&
	    fm->konst[TS_COL_COUNT] == NULL) {
		ts_warn("%s: profile %s is pre-aggregated but no count column was"
		    " found", fm->name, p->name);
		return TS_EXIT_DATA;
	}
	return TS_EXIT_OK;
}

/* -v: how the file is read, and where each role comes from. */
static void
say_mapping(ts_ingest *g, const struct filemap *fm, const ts_csv *csv,
    const char *claimed)
{
	const ts_profile *p = g->o.profile;
	const char *origin = ts_csv_delim_origin(csv);
	size_t i, j;
	int role;

	ts_warn("%s: profile %s, delimiter %s%s%s%s, encoding %s%s%s", fm->name,
	    p->name, delim_name(ts_csv_delim(csv)), origin ? " (" : "",
	    origin ? origin : "", origin ? ")" : "",
	    ts_csv_utf16(csv) != NULL ? ts_csv_utf16(csv) :
	    ts_encoding_name(g->encoding),
	    g->country ? ", country " : "", ts_country_code(g->country));
	for (role = 0; role < TS_NROLES; role++) {
		if (fm->konst[role] != NULL && role < TS_NCANON)
			ts_warn("%s: %s = \"%s\" (constant)", fm->name,
			    ts_role_name(role), fm->konst[role]);
		else if (fm->src[role] >= 0)
			ts_warn("%s: %s <- column \"%s\"", fm->name,
			    ts_role_name(role), fm->names[fm->src[role]]);
	}
	for (i = 0; i < fm->ncols; i++) {
		int kept = 0;
		for (j = 0; j < g->o.nkeep; j++)
			kept |= fm->keep[j] == i;
		if (!claimed[i] && !kept)
			ts_warn("%s: column \"%s\" not used", fm->name, fm->names[i]);
		else if (kept)
			ts_warn("%s: column \"%s\" kept", fm->name, fm->names[i]);
	}
}

/*
 * Which output columns need no escaping: those ingest composes always,
 * text read from the record when the record is clean.
 */
static void
raw_columns(ts_ingest *g, struct filemap *fm)
{
	const ts_profile *p = g->o.profile;
	size_t i;
	int role;

	for (role = 0; role < TS_NCANON; role++) {
		int text = ts_ig_text_role(role);
		if (!text)
			fm->raw_always |= (uint64_t)1 << role;
		if (!text || (fm->konst[role] == NULL && p->codes[role] == NULL &&
		    fm->lk_col[role] < 0))
			fm->raw_clean |= (uint64_t)1 << role;
	}
	for (i = 0; i < g->o.nkeep && TS_NCANON + i < 64; i++)
		fm->raw_clean |= (uint64_t)1 << (TS_NCANON + i);
}

/*
 * Maps the header in REC. Returns TS_EXIT_OK, or the status of the
 * problem after a message. The steps run in this order, so that of two
 * problems the same one is always reported.
 */
static int
map_header(ts_ingest *g, struct filemap *fm, const ts_csv_rec *rec,
    const ts_csv *csv)
{
	char *claimed;
	int status;

	if ((status = header_names(fm, rec)) != TS_EXIT_OK)
		return status;
	fold_columns(fm);
	claimed = xcalloc(fm->ncols ? fm->ncols : 1, 1);
	status = claim_columns(g, fm, claimed);
	if (status == TS_EXIT_OK)
		status = constants_and_dates(g, fm, csv);
	if (status == TS_EXIT_OK) {
		ts_ig_mark_identifying(fm, g->o.profile);
		status = keep_columns(g, fm);
	}
	if (status == TS_EXIT_OK)
		status = lookup_columns(g, fm);
	if (status == TS_EXIT_OK)
		status = kinds_and_count(g, fm);
	if (status == TS_EXIT_OK) {
		if (g->o.verbose)
			say_mapping(g, fm, csv, claimed);
		raw_columns(g, fm);
		if (fm->src[TS_COL_PATIENT] >= 0 &&
		    fm->konst[TS_COL_PATIENT] == NULL && g->o.key == NULL &&
		    !g->warned_key) {
			g->warned_key = 1;
			ts_warn("no key file (--key-file or TELESTAT_KEY_FILE): column"
			    " patient left empty");
		}
	}
	free(claimed);
	return status;
}

/* --------------------------------------------------------------------- */
/* Rows */

/* value() past its common cases: a constant, or a column with codes. */
static ts_str
value_other(const struct filemap *fm, const ts_profile *p, const ts_str *f,
    int role)
{
	ts_str v;
	const char *code;

	if (fm->konst[role] != NULL) {
		v.p = fm->konst[role];
		v.n = fm->konst_len[role];
	} else {
		v = trim(f[fm->src[role]]);
	}
	if (p->codes[role] != NULL &&
	    (code = ts_profile_code(p, role, v.p, v.n)) != NULL) {
		v.p = code;
		v.n = strlen(code);
	}
	return v;
}

static inline ts_str
value(const struct filemap *fm, const ts_profile *p, const ts_str *f, int role)
{
	ts_str none = { "", 0 };

	if (fm->from[role] == FROM_COLUMN)
		return trim(f[fm->src[role]]);
	if (fm->from[role] == FROM_NONE)
		return none;
	return value_other(fm, p, f, role);
}

static int
fail(struct why *w, int role, const char *reason, ts_str v)
{
	w->role = role;
	w->reason = reason;
	w->value = v;
	return -1;
}

static ts_str
put_uint(char *buf, uint64_t v)
{
	ts_str s = { buf, ts_fmt_u64(buf, v) };
	return s;
}

static int
date_part(ts_ingest *g, const struct filemap *fm, const ts_str *f,
    struct row *r, struct why *w)
{
	const ts_profile *p = g->o.profile;
	ts_str d = value(fm, p, f, TS_COL_DATE);
	ts_str ys = value(fm, p, f, TS_COL_YEAR);
	ts_str ms = value(fm, p, f, TS_COL_MONTH);
	ts_str ds = value(fm, p, f, TS_COL_DAY);
	ts_date dt = { 0, 0, 0 };
	int rc, have = 0;

	r->v[TS_COL_DATE].n = r->v[TS_COL_YEAR].n = r->v[TS_COL_MONTH].n = 0;
	if (d.n > 0) {
		struct date_slot *slot = NULL;
		if (d.n <= 16) {
			uint64_t k[2];
			slot = &g->dcache[2 * cache_key(d, k)];
			if (slot->n == d.n && slot->k0 == k[0] && slot->k1 == k[1])
				;
			else if (slot[1].n == d.n && slot[1].k0 == k[0] &&
			    slot[1].k1 == k[1])
				slot++;
			else {
				/* The newest first, the one before it second. */
				slot[1] = slot[0];
				slot->n = (uint8_t)d.n;
				slot->k0 = k[0];
				slot->k1 = k[1];
				slot->rc = (int8_t)ts_date_parse_list(g->date_formats,
				    g->ndate_formats, d.p, d.n, &slot->dt);
				/* "YYYY-MM-DD", with 00 for what is unknown. */
				if (slot->rc == TS_DATE_OK)
					ts_date_iso(&slot->dt, slot->iso);
			}
			rc = slot->rc;
			dt = slot->dt;
		} else {
			rc = ts_date_parse_list(g->date_formats, g->ndate_formats,
			    d.p, d.n, &dt);
		}
		if (rc != TS_DATE_OK)
			return fail(w, TS_COL_DATE, ts_date_strerror(rc), d);
		have = 1;
		if (slot != NULL && ys.n == 0 && ms.n == 0 && ds.n == 0) {
			/* The common case: everything from the cached date. */
			if (dt.d != 0) {
				r->v[TS_COL_DATE].p = slot->iso;
				r->v[TS_COL_DATE].n = 10;
			}
			r->v[TS_COL_YEAR].p = slot->iso;
			r->v[TS_COL_YEAR].n = 4;
			if (dt.m != 0) {
				r->v[TS_COL_MONTH].p = slot->iso + 5;
				r->v[TS_COL_MONTH].n = 2;
			}
			return 0;
		}
	}
	if (ys.n > 0) {
		int64_t y = parse_uint(ys);
		if (y < TS_DATE_MIN_YEAR || y > TS_DATE_MAX_YEAR)
			return fail(w, TS_COL_YEAR, "invalid year", ys);
		if (have && y != dt.y)
			return fail(w, TS_COL_YEAR, "year does not match the date", ys);
		dt.y = (int)y;
	}
	if (ms.n > 0) {
		int m = memo_code(&g->month, ms, month_code);
		if (m == 0 || dt.y == 0)
			return fail(w, TS_COL_MONTH, m ? "month without a year" :
			    "invalid month", ms);
		if (have && dt.m != 0 && m != dt.m)
			return fail(w, TS_COL_MONTH, "month does not match the date", ms);
		dt.m = m;
	}
	if (ds.n > 0) {
		int64_t day = parse_uint(ds);
		if (day < 1 || day > 31)
			return fail(w, TS_COL_DAY, "invalid day", ds);
		if (have && dt.d != 0 && day != dt.d)
			return fail(w, TS_COL_DAY, "day does not match the date", ds);
		if (dt.m == 0)
			return fail(w, TS_COL_DAY, "day without a month", ds);
		dt.d = (int)day;
		if (ts_date_check(&dt) != TS_DATE_OK)
			return fail(w, TS_COL_DAY, "day not in the month", ds);
	}
	if (dt.y == 0) {
		/* A record without its date cannot be counted in any period. */
		ts_str none = { NULL, 0 };
		return fail(w, fm->src[TS_COL_DATE] >= 0 || fm->konst[TS_COL_DATE] ?
		    TS_COL_DATE : TS_COL_YEAR, "no date", none);
	}
	if (dt.d != 0) {
		ts_date_iso(&dt, r->date);
		r->v[TS_COL_DATE].p = r->date;
		r->v[TS_COL_DATE].n = 10;
	}
	r->year[0] = (char)('0' + dt.y / 1000);
	r->year[1] = (char)('0' + dt.y / 100 % 10);
	r->year[2] = (char)('0' + dt.y / 10 % 10);
	r->year[3] = (char)('0' + dt.y % 10);
	r->v[TS_COL_YEAR].p = r->year;
	r->v[TS_COL_YEAR].n = 4;
	if (dt.m != 0) {
		/* Two digits, so that months sort as text too (C collation). */
		r->month[0] = (char)('0' + dt.m / 10);
		r->month[1] = (char)('0' + dt.m % 10);
		r->v[TS_COL_MONTH].p = r->month;
		r->v[TS_COL_MONTH].n = 2;
	}
	return 0;
}

/*
 * ROLE's value through its lookup: the master's value for the row's key,
 * else (a miss, counted) V, what the row gives without the master.
 */
static ts_str
looked_up(ts_ingest *g, struct filemap *fm, const ts_str *f, int role,
    ts_str v)
{
	ts_str k = trim(f[fm->lk_col[role]]), got;

	if (k.n == 0)
		return v;
	got = ts_lookup_find(g->lookup[role], k.p, k.n);
	if (got.p != NULL && g->lookup_with_key[role]) {
		size_t need = k.n + 1 + got.n;
		if (g->lk_cap[role] < need) {
			g->lk_cap[role] = need * 2;
			g->lk_buf[role] = xrealloc(g->lk_buf[role], g->lk_cap[role]);
		}
		memcpy(g->lk_buf[role], k.p, k.n);
		g->lk_buf[role][k.n] = ' ';
		memcpy(g->lk_buf[role] + k.n + 1, got.p, got.n);
		got.p = g->lk_buf[role];
		got.n = need;
	}
	if (got.p != NULL)
		return got;
	if (fm->lk_miss[role]++ == 0)
		ts_ig_quote_value(fm->lk_example[role], sizeof(fm->lk_example[role]), k);
	return v;
}

/*
 * The patient's document number as it is pseudonymised: normalised when
 * the profile says so, by the row's document type when a column gives it.
 */
static ts_str
patient_id(const ts_profile *p, const struct filemap *fm, const ts_str *f,
    ts_str v, char *buf)
{
	int doctype = TS_DOC_UNKNOWN;

	if (p->normalize[TS_COL_PATIENT] == TS_IDNORM_NONE)
		return v;
	if (fm->src[TS_COL_DOCTYPE] >= 0) {
		ts_str t = value(fm, p, f, TS_COL_DOCTYPE);
		doctype = ts_doctype_of(t.p, t.n);
	}
	return ts_idnorm(p->normalize[TS_COL_PATIENT], doctype, v, buf);
}

/* A text role's value: the profile's mapping, then its lookup. */
static inline ts_str
text_value(ts_ingest *g, struct filemap *fm, const ts_str *f, int role)
{
	ts_str v = value(fm, g->o.profile, f, role);

	if (fm->any_lookup && fm->lk_col[role] >= 0)
		v = looked_up(g, fm, f, role, v);
	return v;
}

/*
 * The facility: the profile's mapping, then its lookup, then the
 * profile's normaliser (idnorm.h). When the profile takes the facility
 * code from a master, only the master's codes are normalised: without
 * the master (or for a key it does not know) the row's value is the
 * source's own establishment id, kept exactly as the row gives it.
 */
static ts_str
facility_value(ts_ingest *g, struct filemap *fm, const ts_str *f,
    struct row *r)
{
	const ts_profile *p = g->o.profile;
	ts_str raw, v;
	size_t i;

	if (p->normalize[TS_COL_FACILITY] == TS_IDNORM_NONE)
		return text_value(g, fm, f, TS_COL_FACILITY);
	raw = v = value(fm, p, f, TS_COL_FACILITY);
	if (fm->any_lookup && fm->lk_col[TS_COL_FACILITY] >= 0) {
		v = looked_up(g, fm, f, TS_COL_FACILITY, raw);
		if (v.p == raw.p)
			return v;
	} else {
		for (i = 0; i < p->nlookups; i++)
			if (p->lookups[i].role == TS_COL_FACILITY)
				return v;
	}
	return ts_idnorm(p->normalize[TS_COL_FACILITY], TS_DOC_UNKNOWN, v,
	    r->facility);
}

static int
region_part(ts_ingest *g, struct filemap *fm, const ts_str *f, struct row *r,
    struct why *w)
{
	ts_str v = text_value(g, fm, f, TS_COL_REGION);
	int fresh;
	uint32_t id;

	r->v[TS_COL_REGION] = v;
	r->unknown_region = -1;
	if (v.n == 0)
		return 0;
	if (v.n <= 16) {
		uint64_t k[2];
		struct region_slot *slot = &g->rcache[cache_key(v, k)];
		if (slot->n == v.n && slot->k0 == k[0] && slot->k1 == k[1]) {
			id = slot->id;
			fresh = 0;
		} else {
			id = memo_id(&g->region, v, &fresh);
			slot->n = (uint32_t)v.n;
			slot->k0 = k[0];
			slot->k1 = k[1];
			slot->id = id;
		}
	} else {
		id = memo_id(&g->region, v, &fresh);
	}
	if (fresh) {
		const char *iso = NULL;
		int rc = ts_regiondb_resolve(g->regions, v.p, v.n, g->country, &iso);
		g->region.code[id] = (signed char)rc;
		g->region.iso[id].p = iso;
		g->region.iso[id].n = iso != NULL ? strlen(iso) : 0;
	}
	switch (g->region.code[id]) {
	case TS_REGION_OK:
		r->v[TS_COL_REGION] = g->region.iso[id];
		return 0;
	case TS_REGION_AMBIGUOUS:
		return fail(w, TS_COL_REGION, "numeric region code needs a country"
		    " (--country PE or MX)", v);
	default:
		/* Kept verbatim; counted once the row is accepted. */
		r->unknown_region = id;
		return 0;
	}
}

static inline int
count_part(const struct filemap *fm, const ts_profile *p, const ts_str *f,
    int role, char *buf, struct row *r, struct why *w)
{
	ts_str v;
	int64_t n;

	/* Most files have no sessions or attendees, many no count column. */
	if (fm->from[role] == FROM_NONE) {
		r->v[role].p = "1";
		r->v[role].n = role == TS_COL_COUNT;
		return 0;
	}
	v = value(fm, p, f, role);
	r->v[role].n = 0;
	if (v.n == 0) {
		if (role == TS_COL_COUNT) {
			if (fm->src[role] >= 0 || fm->konst[role] != NULL)
				return fail(w, role, "missing count", v);
			r->v[role].p = "1";
			r->v[role].n = 1;
		}
		return 0;
	}
	if ((n = parse_count(v)) < 0)
		return fail(w, role, "not a non-negative integer", v);
	r->v[role] = put_uint(buf, (uint64_t)n);
	return 0;
}

static int
age_part(ts_ingest *g, const struct filemap *fm, const ts_str *f,
    struct row *r, struct why *w)
{
	const ts_profile *p = g->o.profile;
	ts_str v = value(fm, p, f, TS_COL_AGE);
	int64_t a;
	size_t dot;
	int unit = 'Y';

	r->v[TS_COL_AGE].n = 0;
	if (v.n == 0)
		return 0;
	/* "45" or "45.0": whole years; decimals are truncated. */
	if (v.n <= 3 && (unsigned)(v.p[0] - '0') <= 9 &&
	    (v.n < 2 || (unsigned)(v.p[1] - '0') <= 9) &&
	    (v.n < 3 || (unsigned)(v.p[2] - '0') <= 9)) {
		/* The common case, one to three digits, without a call. */
		a = v.p[0] - '0';
		if (v.n >= 2)
			a = a * 10 + (v.p[1] - '0');
		if (v.n == 3)
			a = a * 10 + (v.p[2] - '0');
		dot = v.n;
	} else {
		ts_str ip = { v.p, 0 };
		size_t k;
		for (dot = 0; dot < v.n && v.p[dot] != '.' && v.p[dot] != ',';
		    dot++)
			;
		ip.n = dot;
		a = parse_uint(ip);
		for (k = dot + 1; k < v.n; k++)
			if (v.p[k] < '0' || v.p[k] > '9')
				a = -1;
		if (dot + 1 == v.n)
			a = -1;
	}
	if (a < 0)
		return fail(w, TS_COL_AGE, "invalid age", v);
	if (fm->src[TS_COL_AGE_UNIT] >= 0) {
		ts_str u = value(fm, p, f, TS_COL_AGE_UNIT);
		unit = memo_code(&g->unit, u, unit_code);
		if (unit == CODE_BAD)
			return fail(w, TS_COL_AGE_UNIT, "unknown age unit", u);
	}
	if (unit == 'M')
		a /= 12;
	else if (unit == 'D')
		a /= 365;
	if (a > TS_AGE_MAX)
		return fail(w, TS_COL_AGE, "age out of range", v);
	if (unit == 'Y' && dot == v.n && (v.n == 1 || v.p[0] != '0'))
		r->v[TS_COL_AGE] = v;   /* already canonical */
	else
		r->v[TS_COL_AGE] = put_uint(r->age, (uint64_t)a);
	return 0;
}

/*
 * The kind of a row that is not an action (the profile's row_kinds: a
 * HIS diagnosis row), counted; -1 for an action. Verdicts are memoized
 * per distinct value, so a pattern runs once per code, not per row.
 */
static long
row_kind(ts_ingest *g, struct filemap *fm, const ts_str *f)
{
	size_t k;

	for (k = 0; k < g->nkinds; k++) {
		ts_str v;
		int fresh;
		uint32_t id;
		if (fm->kind_col[k] < 0)
			continue;
		v = trim(f[fm->kind_col[k]]);
		id = memo_id(&g->kind_memo[k], v, &fresh);
		if (fresh)
			g->kind_memo[k].code[id] = (signed char)(pcre2_match(
			    g->kind_re[k], (PCRE2_SPTR)v.p, v.n, 0, 0, g->kind_md,
			    NULL) >= 0);
		if (g->kind_memo[k].code[id]) {
			fm->kind_rows[k]++;
			return (long)k;
		}
	}
	return -1;
}

/* Normalises one record into R; -1 with W filled when it is rejected. */
int
ts_ig_map_row(ts_ingest *g, struct filemap *fm, const ts_str *f,
    struct row *r, struct why *w)
{
	const ts_profile *p = g->o.profile;
	ts_str v;
	int c;

	if (date_part(g, fm, f, r, w) < 0)
		return -1;
	r->v[TS_COL_SOURCE] = text_value(g, fm, f, TS_COL_SOURCE);
	r->v[TS_COL_INSTITUTION] = text_value(g, fm, f, TS_COL_INSTITUTION);
	if (region_part(g, fm, f, r, w) < 0)
		return -1;
	r->v[TS_COL_FACILITY] = facility_value(g, fm, f, r);
	r->v[TS_COL_SERVICE] = text_value(g, fm, f, TS_COL_SERVICE);
	r->v[TS_COL_SPECIALTY] = text_value(g, fm, f, TS_COL_SPECIALTY);

	v = value(fm, p, f, TS_COL_SEX);
	r->v[TS_COL_SEX].n = 0;
	if (v.n == 1 && (v.p[0] == 'F' || v.p[0] == 'M')) {
		r->v[TS_COL_SEX] = v;
	} else if (v.n > 0) {
		if ((c = memo_code(&g->sex, v, sex_code)) == CODE_BAD)
			return fail(w, TS_COL_SEX, "unknown sex", v);
		if (c != CODE_EMPTY) {
			r->v[TS_COL_SEX].p = c == 'F' ? "F" : "M";
			r->v[TS_COL_SEX].n = 1;
		}
	}
	if (age_part(g, fm, f, r, w) < 0)
		return -1;

	v = value(fm, p, f, TS_COL_PATIENT);
	r->v[TS_COL_PATIENT].n = 0;
	if (v.n > 0 && g->o.key != NULL) {
		char idbuf[TS_IDNORM_MAX];
		v = patient_id(p, fm, f, v, idbuf);
		ts_pseudonym_hex(g->o.key, v.p, v.n, r->patient);
		r->v[TS_COL_PATIENT].p = r->patient;
		r->v[TS_COL_PATIENT].n = TS_PSEUDONYM_HEX;
	}

	v = value(fm, p, f, TS_COL_CONDITION);
	r->v[TS_COL_CONDITION].n = 0;
	if (v.n > 0) {
		if ((c = memo_code(&g->cond, v, condition_code)) == CODE_BAD)
			return fail(w, TS_COL_CONDITION, "unknown condition (want N, C"
			    " or R)", v);
		if (c != CODE_EMPTY) {
			r->v[TS_COL_CONDITION].p = c == 'N' ? "N" : c == 'C' ? "C" : "R";
			r->v[TS_COL_CONDITION].n = 1;
		}
	}
	if (count_part(fm, p, f, TS_COL_COUNT, r->count, r, w) < 0 ||
	    count_part(fm, p, f, TS_COL_SESSIONS, r->sessions, r, w) < 0 ||
	    count_part(fm, p, f, TS_COL_ATTENDEES, r->attendees, r, w) < 0)
		return -1;
	return 0;
}

/*
 * Values ingest composes (dates, codes, numbers, pseudonyms, ISO region
 * codes) never need escaping; text copied from a clean record (see
 * ts_csv_rec) neither. Anything else goes through ts_out_field.
 * (ts_out's buffer fields are public for such inline writers.)
 */
/*
 * Writes V at D, escaped by ts_out_field (which may grow the buffer);
 * returns where the row goes on, with room for NEED bytes again.
 */
static char *
put_escaped(ts_out *out, char *d, ts_str v, size_t need)
{
	out->len = (size_t)(d - out->buf);
	ts_out_field(out, v.p, v.n);
	if (out->cap - out->len < need)
		ts_out_grow(out, need);
	return out->buf + out->len;
}

void
ts_ig_write_row(ts_ingest *g, const struct filemap *fm, const ts_str *f,
    const struct row *r, int clean, ts_out *out)
{
	size_t i, nkeep = g->o.nkeep, need = TS_NCANON + nkeep;
	uint64_t raw = clean ? fm->raw_clean : fm->raw_always;
	char *d;

	if (r->unknown_region < 0)
		raw |= 1u << TS_COL_REGION;     /* an ISO code */
	/* Reserve room for the whole row once; copy without checks. */
#pragma GCC unroll 16
	for (i = 0; i < TS_NCANON; i++)
		need += r->v[i].n;
	for (i = 0; i < nkeep; i++)
		need += f[fm->keep[i]].n;
	if (out->cap - out->len < need)
		ts_out_grow(out, need);
	d = out->buf + out->len;
	/*
	 * Each value and a TAB after it; the last TAB becomes the newline.
	 * Unrolled, each column has tests of its own, which the processor
	 * predicts from that column's values (a date has always 10 bytes).
	 */
#pragma GCC unroll 16
	for (i = 0; i < TS_NCANON; i++) {
		if (raw >> i & 1) {
			ts_copy_small(d, r->v[i].p, r->v[i].n);
			d += r->v[i].n;
		} else {
			d = put_escaped(out, d, r->v[i], need);
		}
		*d++ = '\t';
	}
	for (i = 0; i < nkeep; i++) {
		ts_str v = f[fm->keep[i]];
		if (TS_NCANON + i < 64 ? (int)(raw >> (TS_NCANON + i) & 1) : clean) {
			ts_copy_small(d, v.p, v.n);
			d += v.n;
		} else {
			d = put_escaped(out, d, v, need);
		}
		*d++ = '\t';
	}
	d[-1] = '\n';
	out->len = (size_t)(d - out->buf);
}

/* --------------------------------------------------------------------- */
/* Duplicates */

/* How this file's rows are told apart, once its columns are known. */
void
ts_ig_dup_setup(ts_ingest *g, struct filemap *fm)
{
	if (fm->src[TS_COL_ID] >= 0)
		fm->dup_by = DUP_ID;
	else if (g->o.profile->nkey > 0)
		fm->dup_by = DUP_KEY;
	else if (g->o.check_only)
		fm->dup_by = DUP_ROW;   /* counted, never removed */
	else
		/*
		 * Rows repeated exactly are counted by validate, not by
		 * ingest: with neither an id nor a key every whole row is a
		 * key, and holding millions of them (a spill to TMPDIR past
		 * 16 MiB) made ingest of a 10 M-row export three times slower
		 * on files that have no repeats at all.
		 */
		fm->dup_by = DUP_NONE;
	ts_dupes_file(g->dupes, fm->name);
}

/*
 * Whether the row (raw fields F of NF, normalised R) repeats an earlier
 * one of the run: by its attention id, by the profile's key, or, with
 * neither, as a whole row (counted only). Returns -1 after a message
 * when it is to be rejected.
 */
int
ts_ig_dup_check(ts_ingest *g, struct filemap *fm, const ts_str *f,
    size_t nf, const struct row *r, uint64_t line)
{
	const ts_profile *p = g->o.profile;
	struct ts_dupes_first first;
	ts_str key[TS_NCANON + 1];     /* the id and its id_key roles */
	char reason[320], same[160];
	const char *what;
	size_t i, n, o = 0;
	int rc;

	switch (fm->dup_by) {
	case DUP_NONE:
		return 0;
	case DUP_ID:
		key[0] = trim(f[fm->src[TS_COL_ID]]);
		if (key[0].n == 0)
			return 0;       /* no id: nothing to compare */
		n = 1;
		for (i = 0; i < p->nid_key; i++)
			key[n++] = r->v[p->id_key[i]];
		break;
	case DUP_KEY:
		for (i = 0; i < p->nkey; i++)
			key[i] = r->v[p->key[i]];
		n = p->nkey;
		break;
	case DUP_ROW:
	default:
		rc = ts_dupes_add(g->dupes, f, nf, line, &first);
		if (rc == 0)
			fm->dup_found++;
		g->stopped |= rc < 0;   /* the spill file failed: end the run */
		return 0;
	}
	if ((rc = ts_dupes_add(g->dupes, key, n, line, &first)) != 0) {
		g->stopped |= rc < 0;
		return 0;
	}
	fm->dup_found++;
	if (g->o.duplicates == TS_DUPES_KEEP)
		return 0;
	fm->dup_rejected++;
	what = fm->dup_by == DUP_ID ? "duplicate id" : "duplicate key";
	same[0] = '\0';
	/* A delivery repeated: say which columns make the key. */
	for (i = 0; fm->dup_by == DUP_KEY && i < p->nkey && o < 100; i++)
		o += (size_t)snprintf(same + o, sizeof(same) - o, "%s%s",
		    i ? ", " : " (same ", ts_role_name(p->key[i]));
	if (o > 0)
		snprintf(same + o, sizeof(same) - o, ")");
	if (first.file != NULL)
		snprintf(reason, sizeof(reason), "duplicate of %s:%llu%s",
		    first.file, (unsigned long long)first.line, same);
	else
		snprintf(reason, sizeof(reason), "duplicate of an earlier row%s",
		    same);
	row_message_keyed(g, fm, line, fm->dup_by == DUP_ID ?
	    ts_ig_column_label(fm, TS_COL_ID, -1) : NULL, -1, reason, key[0], 0, what);
	return -1;
}

int
ts_ingest_dupes_option(const char *arg)
{
	if (strcmp(arg, "keep") == 0)
		return TS_DUPES_KEEP;
	if (strcmp(arg, "reject") == 0)
		return TS_DUPES_REJECT;
	return -1;
}

/* The row's date for the summary's range: the day, or year and month. */
void
ts_ig_summary_date(ts_runsum *s, const struct row *r)
{
	char ym[8];

	if (r->v[TS_COL_DATE].n == 10) {
		ts_runsum_date(s, r->v[TS_COL_DATE].p, 10);
	} else if (r->v[TS_COL_YEAR].n == 4) {
		memcpy(ym, r->v[TS_COL_YEAR].p, 4);
		if (r->v[TS_COL_MONTH].n == 2) {
			ym[4] = '-';
			memcpy(ym + 5, r->v[TS_COL_MONTH].p, 2);
		}
		ts_runsum_date(s, ym, r->v[TS_COL_MONTH].n == 2 ? 7 : 4);
	}
}

static int
all_empty(const ts_str *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (trim(f[i]).n != 0)
			return 0;
	return 1;
}

static void
summary(ts_ingest *g, struct filemap *fm)
{
	char extra[320] = "";

	if (g->o.verbose) {
		size_t i, n = ts_map_size(g->region.map);
		for (i = 0; i < n; i++) {
			if (g->region.file_rows[i] == 0)
				continue;
			ts_str k = ts_map_key(g->region.map, (uint32_t)i);
			char q[256];
			ts_ig_quote_value(q, sizeof(q), k);
			ts_warn("%s: unknown region \"%s\" kept as it is (%llu rows)",
			    fm->name, q, (unsigned long long)g->region.file_rows[i]);
			g->region.file_rows[i] = 0;
		}
	}
	if (g->o.quiet)
		return;
	if (fm->unknown > 0)
		snprintf(extra, sizeof(extra), ", %llu with unknown region",
		    (unsigned long long)fm->unknown);
	if (fm->dup_found > 0)
		snprintf(extra + strlen(extra), sizeof(extra) - strlen(extra),
		    fm->dup_by == DUP_ROW ? ", %llu repeated rows (counted, not"
		    " removed)" : fm->dup_rejected > 0 ? ", %llu duplicates"
		    " (rejected)" : ", %llu duplicates (kept)",
		    (unsigned long long)fm->dup_found);
	if (fm->st.skipped > 0 && fm->any_kind) {
		size_t k, o = strlen(extra);
		for (k = 0; k < g->nkinds; k++)
			if (fm->kind_rows[k] > 0 && o < sizeof(extra))
				o += (size_t)snprintf(extra + o, sizeof(extra) - o,
				    ", %llu skipped (%s)",
				    (unsigned long long)fm->kind_rows[k],
				    g->o.profile->row_kinds[k].name);
	} else if (fm->st.skipped > 0) {
		snprintf(extra + strlen(extra), sizeof(extra) - strlen(extra),
		    ", %llu skipped (in-person encounters)",
		    (unsigned long long)fm->st.skipped);
	}
	ts_warn("%s: %llu rows read, %llu written, %llu rejected%s", fm->name,
	    (unsigned long long)fm->st.read, (unsigned long long)fm->st.written,
	    (unsigned long long)fm->st.rejected, extra);
	if (fm->any_lookup) {
		int role;
		for (role = 0; role < TS_NCANON; role++)
			if (fm->lk_miss[role] > 0)
				ts_warn("%s: %llu rows with a %s not in %s (first \"%s\"):"
				    " %s %s", fm->name,
				    (unsigned long long)fm->lk_miss[role],
				    g->lookup_key[role], ts_lookup_path(g->lookup[role]),
				    fm->lk_example[role], ts_role_name(role),
				    fm->src[role] >= 0 || fm->konst[role] != NULL ?
				    "kept as the row gives it" : "left empty");
	}
}

/*
 * JSON or CSV: the --format or the profile's, else JSON when the first
 * byte past white space and a BOM is '[' or '{'.
 */
static int
detect_format(ts_ingest *g, ts_input *in)
{
	char buf[4096];
	ssize_t n;
	size_t i = 0;

	if (g->format >= 0)
		return g->format;
	n = ts_input_read(in, buf, sizeof(buf));
	if (n <= 0)
		return TS_FORMAT_CSV;   /* the CSV reader reports it */
	ts_input_unread(in, buf, (size_t)n);
	if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < (size_t)n && is_blank(buf[i]))
		i++;
	if (i < (size_t)n && (buf[i] == '[' || buf[i] == '{'))
		return TS_FORMAT_JSON;
	return TS_FORMAT_CSV;
}

int
ts_ingest_file(ts_ingest *g, ts_input *in, ts_out *out)
{
	struct ts_csv_opts co;
	struct long_line longl = { 0 };
	struct filemap fm;
	ts_jsonin *jin = NULL;
	ts_csv *csv = NULL;
	ts_csv_rec rec;
	struct row r;
	struct why w;
	const char *format_name, *utf16;
	int rc, fmt_csv, status = TS_EXIT_OK;
	uint64_t progress_at;

	if (in == NULL)
		return TS_EXIT_IO;
	memset(&fm, 0, sizeof(fm));
	g->progress_at = progress_at = ts_progress_input(g->o.progress, in);
	ts_input_want_utf16(in);
	fmt_csv = detect_format(g, in) == TS_FORMAT_CSV;
	utf16 = ts_input_utf16(in);     /* known once the first bytes are read */
	if (!fmt_csv) {
		int fmt = g->format, st;
		if (fmt < 0)
			g->format = TS_FORMAT_JSON;
		format_name = ts_format_name(g->format);
		st = ts_ig_json(g, in, out, &fm, &jin);
		g->format = fmt;
		status = st;
		goto json_done;
	}
	format_name = "csv";
	memset(&co, 0, sizeof(co));
	co.delim = g->delim;
	co.encoding = g->encoding;
	co.lenient = g->o.lenient;
	co.max_record = g->o.max_record;
	co.no_fast_path = g->o.no_fast_path;
	co.long_line = long_line_piece;
	co.long_line_arg = &longl;
	longl.g = g;
	longl.fm = &fm;
	csv = ts_csv_new(in, &co);
	fm.name = ts_csv_name(csv);
	fm.delim = ts_csv_delim(csv);

	rc = ts_csv_next(csv, &rec);
	if (rc == TS_ROW_FAIL) {
		status = ts_csv_fail_status(csv);
		goto done;
	}
	if (rc == TS_ROW_EOF) {
		ts_warn("%s: empty input: no header line", fm.name);
		status = TS_EXIT_DATA;
		goto done;
	}
	if (rc == TS_ROW_BAD) {
		char q[256], where[48];
		ts_ig_quote_value(q, sizeof(q), rec.err_value);
		ts_warn("%s:%s: bad header: %s%s%s%s", fm.name,
		    line_spec(where, sizeof(where), rec.err_line, rec.err_column),
		    rec.error,
		    rec.err_value.n ? " \"" : "", q, rec.err_value.n ? "\"" : "");
		status = TS_EXIT_DATA;
		goto done;
	}
	if ((status = map_header(g, &fm, &rec, csv)) != TS_EXIT_OK)
		goto done;
	ts_ig_dup_setup(g, &fm);

	/* A failed output (a full disk, a reader gone) ends the reading. */
	while (!g->stopped && !ts_out_failed(out)) {
		rc = ts_csv_next(csv, &rec);
		if (rc == TS_ROW_EOF)
			break;
		if (rc == TS_ROW_FAIL) {
			status = ts_csv_fail_status(csv);
			break;
		}
		/* One compare per row; the clock is read by the tick only. */
		if (++fm.st.read >= progress_at)
			progress_at = ts_progress_tick(g->o.progress, fm.st.read);
		if (rc == TS_ROW_BAD) {
			const char *col = rec.err_field >= 0 ?
			    ts_ig_column_label(&fm, -1, rec.err_field) : NULL;
			row_message_at(g, &fm, rec.err_line, rec.err_column, col,
			    rec.err_field, rec.error, rec.err_value,
			    rec.err_field < 0 ? 0 : ts_ig_withheld(&fm, -1, rec.err_field,
			    rec.err_value, ts_csv_delim(csv)) ? 2 : 1,
			    rec.err_column > 0 ? "invalid UTF-16" : rec.error);
			ts_ig_reject(g, &fm, rec.raw, 0);
			long_line_end(&longl);
			continue;
		}
		if (rec.nfields != fm.ncols) {
			char reason[80];
			ts_str none = { "", 0 };
			snprintf(reason, sizeof(reason), "expected %zu fields, found %zu",
			    fm.ncols, rec.nfields);
			ts_ig_row_message(g, &fm, rec.line, NULL, -1, reason, none, 0);
			ts_ig_reject(g, &fm, rec.raw, 0);
			continue;
		}
		if (all_empty(rec.fields, rec.nfields)) {
			ts_str none = { "", 0 };
			ts_ig_row_message(g, &fm, rec.line, NULL, -1, "empty row", none, 0);
			ts_ig_reject(g, &fm, rec.raw, 1);
			continue;
		}
		if (fm.any_kind && row_kind(g, &fm, rec.fields) >= 0) {
			fm.st.skipped++;
			continue;
		}
		if (ts_ig_map_row(g, &fm, rec.fields, &r, &w) < 0) {
			ts_ig_row_message(g, &fm, rec.line, ts_ig_column_label(&fm, w.role, -1), -1,
			    w.reason, w.value, w.value.p == NULL ? 0 :
			    ts_ig_withheld(&fm, w.role, -1, w.value, ts_csv_delim(csv)) ? 2 : 1);
			ts_ig_reject(g, &fm, rec.raw, 1);
			continue;
		}
		if (fm.dup_by != DUP_NONE &&
		    ts_ig_dup_check(g, &fm, rec.fields, rec.nfields, &r, rec.line) < 0) {
			ts_ig_reject(g, &fm, rec.raw, 1);
			continue;
		}
		if (r.unknown_region >= 0) {
			fm.unknown++;
			g->region.file_rows[r.unknown_region]++;
		}
		if (out != NULL)
			ts_ig_write_row(g, &fm, rec.fields, &r, rec.clean, out);
		if (g->o.summary != NULL)
			ts_ig_summary_date(g->o.summary, &r);
		fm.st.written++;
	}
	if (g->stopped)
		status = ts_ig_stop_status(g, &fm);
	if (fm.st.rejected > 0 && status == TS_EXIT_OK) {
		status = TS_EXIT_DATA;
		fm.rows_only = 1;
	}
done:
json_done:
	g->file_failed = status != TS_EXIT_OK && !fm.rows_only;
	/* Counts of a file cut short by a failed output would mislead. */
	if (status != TS_EXIT_USAGE && !ts_out_failed(out))
		summary(g, &fm);
	if (status != TS_EXIT_USAGE && g->o.summary != NULL) {
		struct ts_runsum_rows rows = { fm.st.read, fm.st.written,
		    fm.st.rejected, fm.st.skipped };
		struct ts_runsum_dups dups = { dup_by_names[fm.dup_by],
		    fm.dup_by == DUP_ROW ? "count" : g->o.duplicates ==
		    TS_DUPES_KEEP ? "keep" : "reject", fm.dup_found,
		    fm.dup_rejected };
		ts_runsum_dups(g->o.summary, &dups);
		ts_runsum_end_file(g->o.summary, fm.name, format_name,
		    utf16 != NULL ? utf16 : jin != NULL ?
		    "utf-8" : ts_encoding_name(g->encoding), &rows,
		    status);
	}
	g->total.read += fm.st.read;
	g->total.written += fm.st.written;
	g->total.rejected += fm.st.rejected;
	g->total.skipped += fm.st.skipped;
	g->total.unknown_region += fm.unknown;
	if (fm.dup_by == DUP_ROW)
		g->total.repeated += fm.dup_found;
	filemap_free(&fm);
	ts_jsonin_free(jin);
	ts_csv_free(csv);
	return status;
}
