/* agg.c - group tables and partial tables; see agg.h. */
#include "agg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "distinct.h"
#include "hll.h"
#include "strmap.h"
#include "taxonomy.h"
#include "util.h"
#include "values.h"

#define PARTIAL_MARK "#telestat-partial-1"
/* Front cache of the group lookup: at least this many slots, at most MAX. */
#define CACHE_MIN 4096
#define CACHE_MAX (1u << 16)
#define KEY_PREFIX "key:"

struct acc {
	uint64_t count, sessions, attendees, records, patients;
	/* Some record of the group gave its attendees: else they are
	 * unknown, not 0 (telestat-records(5), "Attendees"). */
	unsigned char att_given;
};

struct ts_agg {
	/* The spec, owned. */
	ts_agg_spec spec;
	char **keys;
	int metrics[TS_METRIC_N];
	unsigned want;            /* bit per requested metric */

	ts_map *groups;           /* joined key bytes -> group id */
	struct acc *acc;          /* by group id */
	size_t cap;               /* allocated entries of acc (and hll...) */
	ts_distinct *distinct;    /* exact patients */
	ts_hll **hll;             /* approx patients, by group; lazily */
	uint64_t *pclaim, *pseen; /* partial reading: patients announced/seen */

	/* Binding to the current reader's columns (-1 = absent). */
	int *keycol;
	int col_count, col_sessions, col_attendees, col_patient, col_condition;
	int col_category, col_with_patient;   /* for the sessions rule */
	const ts_taxonomy *tax;   /* kinds of categories, or NULL */

	char *kbuf;               /* joined key of the current row */
	size_t kcap;
	uint64_t *cache;          /* hash tag << 32 | (group id + 1), 0 = free */
	size_t cmask;

	uint32_t *sorted;
	size_t nsorted;           /* groups covered by sorted */

	char *origin;             /* first partial input read, for messages */
	int settle_failed;        /* ts_agg_settle failed (said once) */
};

static const char *const metric_names[TS_METRIC_N] = {
	"count", "patients", "sessions", "attendees", "records"
};

const char *
ts_metric_name(int metric)
{
	return metric >= 0 && metric < TS_METRIC_N ? metric_names[metric] : NULL;
}

int
ts_metric_find(const char *name, size_t n)
{
	int i;

	for (i = 0; i < TS_METRIC_N; i++)
		if (strlen(metric_names[i]) == n && memcmp(metric_names[i], name, n) == 0)
			return i;
	return -1;
}

int
ts_agg_spec_check(const ts_agg_spec *s, ts_error *e)
{
	unsigned seen = 0;
	size_t i, j;

	if (s->nkeys > TS_AGG_MAX_KEYS)
		return ts_error_set(e, TS_EXIT_USAGE,
		    "too many key columns (at most %d)", TS_AGG_MAX_KEYS);
	if (s->nmetrics == 0)
		return ts_error_set(e, TS_EXIT_USAGE, "no metric");
	for (i = 0; i < s->nmetrics; i++) {
		int m = s->metrics[i];
		if (m < 0 || m >= TS_METRIC_N)
			return ts_error_set(e, TS_EXIT_USAGE,
			    "unknown metric %d", m);
		if (seen & 1u << m)
			return ts_error_set(e, TS_EXIT_USAGE,
			    "metric %s given twice", metric_names[m]);
		seen |= 1u << m;
	}
	for (i = 0; i < s->nkeys; i++) {
		int m;
		if (s->keys[i][0] == '\0')
			return ts_error_set(e, TS_EXIT_USAGE,
			    "empty key column name");
		for (j = 0; j < i; j++)
			if (strcmp(s->keys[i], s->keys[j]) == 0)
				return ts_error_set(e, TS_EXIT_USAGE,
				    "key column \"%s\" given twice", s->keys[i]);
		m = ts_metric_find(s->keys[i], strlen(s->keys[i]));
		if (m >= 0 && (seen & 1u << m))
			return ts_error_set(e, TS_EXIT_USAGE, "key column \"%s\" "
			    "has the name of a requested metric", s->keys[i]);
	}
	if (!(seen & 1u << TS_METRIC_PATIENTS)) {
		if (s->approx)
			return ts_error_set(e, TS_EXIT_USAGE,
			    "--approx needs the patients metric");
		if (s->patients_rule != TS_PATIENTS_ALL)
			return ts_error_set(e, TS_EXIT_USAGE,
			    "--patients-rule needs the patients metric");
	}
	return 0;
}

/*
 * Memory for exact patients before they spill to disk: 8 MiB, so that
 * aggregate stays within 32 MB whatever the number of patients; the
 * environment variable TELESTAT_PATIENTS_MEMORY (bytes) changes it, to
 * trade memory for temporary disk space, or for testing.
 */
static int
patients_budget(size_t *budget, ts_error *err)
{
	const char *e = getenv("TELESTAT_PATIENTS_MEMORY");
	uint64_t v;

	*budget = 0;
	if (e == NULL || *e == '\0')
		return 0;
	if (ts_num_parse(e, strlen(e), 1, SIZE_MAX, &v) != NULL)
		return ts_error_set(err, TS_EXIT_USAGE, "TELESTAT_PATIENTS_MEMORY=%s:"
		    " want a number of bytes", e);
	*budget = v < 65536 ? 65536 : (size_t)v;
	return 0;
}

ts_agg *
ts_agg_new(const ts_agg_spec *spec, ts_error *e)
{
	ts_agg *a;
	size_t i, budget = 0;
	int exact = 0;

	if (ts_agg_spec_check(spec, e) != 0)
		return NULL;
	for (i = 0; i < spec->nmetrics; i++)
		if (spec->metrics[i] == TS_METRIC_PATIENTS && !spec->approx)
			exact = 1;
	if (exact && patients_budget(&budget, e) != 0)
		return NULL;
	a = xcalloc(1, sizeof(*a));
	a->keys = xcalloc(spec->nkeys ? spec->nkeys : 1, sizeof(char *));
	for (i = 0; i < spec->nkeys; i++)
		a->keys[i] = xstrdup(spec->keys[i]);
	for (i = 0; i < spec->nmetrics; i++) {
		a->metrics[i] = spec->metrics[i];
		a->want |= 1u << spec->metrics[i];
	}
	a->spec = *spec;
	a->spec.keys = (const char *const *)a->keys;
	a->spec.metrics = a->metrics;
	a->keycol = xcalloc(spec->nkeys ? spec->nkeys : 1, sizeof(int));
	a->groups = ts_map_new();
	if ((a->want & 1u << TS_METRIC_PATIENTS) && !spec->approx)
		a->distinct = ts_distinct_new(budget);
	a->kcap = 256;
	a->kbuf = xmalloc(a->kcap);
	a->cmask = CACHE_MIN - 1;
	a->cache = xcalloc(CACHE_MIN, sizeof(uint64_t));
	return a;
}

void
ts_agg_free(ts_agg *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->spec.nkeys; i++)
		free(a->keys[i]);
	free(a->keys);
	free(a->keycol);
	if (a->hll != NULL)
		for (i = 0; i < ts_agg_ngroups(a); i++)
			ts_hll_free(a->hll[i]);
	free(a->hll);
	ts_map_free(a->groups);
	free(a->acc);
	ts_distinct_free(a->distinct);
	free(a->pclaim);
	free(a->pseen);
	free(a->kbuf);
	free(a->cache);
	free(a->sorted);
	free(a->origin);
	free(a);
}

const ts_agg_spec *
ts_agg_get_spec(const ts_agg *a)
{
	return &a->spec;
}

size_t
ts_agg_ngroups(const ts_agg *a)
{
	return ts_map_size(a->groups);
}

static int
wants(const ts_agg *a, int metric)
{
	return (a->want & 1u << metric) != 0;
}

void
ts_agg_set_taxonomy(ts_agg *a, const ts_taxonomy *tax)
{
	a->tax = tax;
}

int
ts_agg_wants(const ts_agg *a, int metric)
{
	return wants(a, metric);
}

int
ts_agg_bind(ts_agg *a, const ts_reader *r)
{
	size_t i;

	for (i = 0; i < a->spec.nkeys; i++)
		if ((a->keycol[i] = ts_reader_require(r, a->keys[i], "-g")) < 0)
			return -1;
	/* The sessions of a row that gives none are its acts. */
	a->col_count = wants(a, TS_METRIC_COUNT) ||
	    wants(a, TS_METRIC_SESSIONS) ? ts_reader_find(r, "count") : -1;
	a->col_sessions = a->col_attendees = a->col_patient = a->col_condition = -1;
	a->col_category = a->col_with_patient = -1;
	if (wants(a, TS_METRIC_SESSIONS)) {
		if ((a->col_sessions = ts_reader_require(r, "sessions",
		    "metric sessions")) < 0)
			return -1;
		/* Whether a row without sessions stands for its acts. */
		a->col_category = ts_reader_find(r, "category");
		a->col_with_patient = ts_reader_find(r, "with_patient");
	}
	if (wants(a, TS_METRIC_ATTENDEES) && (a->col_attendees =
	    ts_reader_require(r, "attendees", "metric attendees")) < 0)
		return -1;
	if (wants(a, TS_METRIC_PATIENTS)) {
		if ((a->col_patient = ts_reader_require(r, "patient",
		    "metric patients")) < 0)
			return -1;
		if (a->spec.patients_rule == TS_PATIENTS_HIS &&
		    (a->col_condition = ts_reader_require(r, "condition",
		    "--patients-rule his")) < 0)
			return -1;
	}
	/* Keys are compared as bytes, so the cache survives files. */
	return 0;
}

static void
grow_groups(ts_agg *a, size_t need)
{
	size_t ncap = a->cap ? a->cap : 64, old = a->cap;

	while (ncap < need)
		ncap *= 2;
	a->acc = xreallocarray(a->acc, ncap, sizeof(struct acc));
	memset(a->acc + old, 0, (ncap - old) * sizeof(struct acc));
	if (a->hll != NULL) {
		a->hll = xreallocarray(a->hll, ncap, sizeof(ts_hll *));
		memset(a->hll + old, 0, (ncap - old) * sizeof(ts_hll *));
	}
	if (a->pclaim != NULL) {
		a->pclaim = xreallocarray(a->pclaim, ncap, sizeof(uint64_t));
		a->pseen = xreallocarray(a->pseen, ncap, sizeof(uint64_t));
		memset(a->pclaim + old, 0, (ncap - old) * sizeof(uint64_t));
		memset(a->pseen + old, 0, (ncap - old) * sizeof(uint64_t));
	}
	a->cap = ncap;
}

static void
kbuf_reserve(ts_agg *a, size_t n)
{
	if (n > a->kcap) {
		while (a->kcap < n)
			a->kcap *= 2;
		a->kbuf = xrealloc(a->kbuf, a->kcap);
	}
}

/*
 * The per-row path: join the key fields (TAB cannot occur inside an
 * escaped field), hash the joined bytes cheaply and look the group up
 * in a small two-way cache before the group map. Most rows fall in a
 * group seen before, and a cache hit costs one comparison of the key
 * bytes; a miss goes to ts_map_intern. Hits are verified byte for byte,
 * so the cache makes lookups faster, never wrong.
 */
#define FIELD(f, cols, i) ((cols) != NULL ? (f)[(cols)[i]] : (f)[i])

static inline uint64_t
load64(const char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return w;
}

static inline uint32_t
load32(const char *p)
{
	uint32_t w;

	memcpy(&w, p, 4);
	return w;
}

/*
 * The n <= 8 bytes at p as one word, read with overlapping loads that
 * never leave p[0..n). For equal n, equal words mean equal bytes.
 */
static inline uint64_t
small_word(const char *p, size_t n)
{
	if (n >= 4)
		return load32(p) | (uint64_t)load32(p + n - 4) << 32;
	if (n > 0)
		return (uint64_t)(unsigned char)p[0] << 16 |
		    (uint64_t)(unsigned char)p[n / 2] << 8 | (unsigned char)p[n - 1];
	return 0;
}

static inline int
bytes_eq(const char *a, const char *b, size_t n)
{
	if (n >= 8) {
		for (; n > 8; a += 8, b += 8, n -= 8)
			if (load64(a) != load64(b))
				return 0;
		return load64(a + n - 8) == load64(b + n - 8);
	}
	return small_word(a, n) == small_word(b, n);
}

static inline uint64_t
fast_hash(const char *p, size_t n)
{
	const uint64_t k = 0x9e3779b97f4a7c15ULL;
	uint64_t h = n * k;

	for (; n > 8; p += 8, n -= 8) {
		h = (h ^ load64(p)) * k;
		h ^= h >> 32;
	}
	h = (h ^ (n == 8 ? load64(p) : small_word(p, n))) * k;
	h ^= h >> 29;
	return h * k;
}

static void
grow_cache(ts_agg *a)
{
	size_t n = (a->cmask + 1) * 2;

	free(a->cache);
	a->cache = xcalloc(n, sizeof(uint64_t));
	a->cmask = n - 1;
}

/* Inlined in its two callers, with COLS constant in each. */
static inline uint32_t
group_of(ts_agg *a, const ts_str *f, const int *cols)
{
	uint64_t *c, hash, tag;
	uint32_t id;
	size_t i, n = 0, h, nk = a->spec.nkeys;
	ts_str k;

	for (i = 0; i < nk; i++) {
		ts_str s = FIELD(f, cols, i);
		if (a->kcap - n <= s.n)
			kbuf_reserve(a, n + s.n + 1);
		ts_copy_small(a->kbuf + n, s.p, s.n);
		n += s.n;
		a->kbuf[n++] = '\t';
	}
	n -= n > 0;   /* no TAB after the last key */
	c = a->cache;
	/*
	 * Sets of two slots chosen by the top bits of the hash (the mixed
	 * ones); the low 32 bits are kept as a tag, so a slot holding
	 * another group is passed over without touching its key.
	 */
	hash = fast_hash(a->kbuf, n);
	h = (size_t)(hash >> 40) & a->cmask & ~(size_t)1;
	tag = hash << 32;
	for (i = h; i <= h + 1; i++) {
		if ((c[i] & ~(uint64_t)UINT32_MAX) != tag || (uint32_t)c[i] == 0)
			continue;
		k = ts_map_key(a->groups, (uint32_t)c[i] - 1);
		if (k.n == n && bytes_eq(k.p, a->kbuf, n))
			return (uint32_t)c[i] - 1;
	}
	id = ts_map_intern(a->groups, a->kbuf, n, NULL);
	if (id >= a->cap)
		grow_groups(a, (size_t)id + 1);
	c[h + 1] = c[h];
	c[h] = tag | ((uint64_t)id + 1);
	/* Keep the cache at least 8 times the groups, up to CACHE_MAX. */
	if (ts_agg_ngroups(a) * 8 > a->cmask + 1 && a->cmask + 1 < CACHE_MAX)
		grow_cache(a);
	return id;
}

uint32_t
ts_agg_group(ts_agg *a, const ts_str *keys)
{
	return group_of(a, keys, NULL);
}

static void
add_patient(ts_agg *a, uint32_t g, const char *p, size_t n)
{
	if (a->distinct != NULL) {
		/* -1 once spilled: ts_agg_settle counts them then. */
		if (ts_distinct_add(a->distinct, g, p, n) == 1)
			a->acc[g].patients++;
		return;
	}
	if (a->hll == NULL) {
		a->hll = xcalloc(a->cap, sizeof(ts_hll *));
	}
	if (a->hll[g] == NULL)
		a->hll[g] = ts_hll_new();
	ts_hll_add(a->hll[g], ts_hash(p, n));
}

static int
sum_overflows(const struct acc *c, const ts_agg_values *v)
{
	return v->count > TS_COUNT_MAX - c->count ||
	    v->sessions > TS_COUNT_MAX - c->sessions ||
	    v->attendees > TS_COUNT_MAX - c->attendees ||
	    v->records > TS_COUNT_MAX - c->records;
}

int
ts_agg_add(ts_agg *a, uint32_t g, const ts_agg_values *v)
{
	struct acc *c = &a->acc[g];
	ts_agg_values w = *v;

	/* Only the requested metrics are summed (and can overflow). */
	if (!wants(a, TS_METRIC_COUNT))
		w.count = 0;
	if (!wants(a, TS_METRIC_SESSIONS))
		w.sessions = 0;
	if (!wants(a, TS_METRIC_ATTENDEES))
		w.attendees = 0;
	if (!wants(a, TS_METRIC_RECORDS))
		w.records = 0;
	if (sum_overflows(c, &w))
		return -1;
	c->count += w.count;
	c->sessions += w.sessions;
	c->attendees += w.attendees;
	c->att_given |= wants(a, TS_METRIC_ATTENDEES) && v->attendees_given;
	c->records += w.records;
	if (v->patient.n > 0 && wants(a, TS_METRIC_PATIENTS))
		add_patient(a, g, v->patient.p, v->patient.n);
	return 0;
}

static int
reject(ts_agg_reject *why, const char *column, const char *reason, ts_str value)
{
	why->column = column;
	why->reason = reason;
	why->value = value;
	return 0;
}

int
ts_agg_add_record(ts_agg *a, const ts_str *f, ts_agg_reject *why)
{
	ts_agg_values v;
	const char *bad;
	struct acc *c;
	uint32_t g;

	v.count = 1;
	v.sessions = v.attendees = 0;
	v.records = 1;
	v.patient.p = "";
	v.patient.n = 0;
	v.attendees_given = 0;
	if (a->col_count >= 0 && f[a->col_count].n > 0 &&
	    (bad = ts_count_parse(f[a->col_count], &v.count)) != NULL)
		return reject(why, "count", bad, f[a->col_count]);
	if (a->col_sessions >= 0) {
		ts_str s = f[a->col_sessions], none = { "", 0 };
		int given = s.n > 0;

		if (given && (bad = ts_count_parse(s, &v.sessions)) != NULL)
			return reject(why, "sessions", bad, s);
		/* The sessions the record stands for, as the report counts
		 * them: looked up only for a row that gives none. */
		v.sessions = ts_record_sessions(given, v.sessions, v.count,
		    !given && ts_without_patient(a->tax,
		    a->col_category >= 0 ? f[a->col_category] : none,
		    a->col_with_patient >= 0 ? f[a->col_with_patient] : none));
		/* Not summed unseen when only the sessions needed it. */
		if (!wants(a, TS_METRIC_COUNT))
			v.count = 1;
	}
	if (a->col_attendees >= 0 && f[a->col_attendees].n > 0) {
		if ((bad = ts_count_parse(f[a->col_attendees],
		    &v.attendees)) != NULL)
			return reject(why, "attendees", bad, f[a->col_attendees]);
		v.attendees_given = 1;
	}
	if (a->col_patient >= 0) {
		v.patient = f[a->col_patient];
		if (a->col_condition >= 0) {
			ts_str cond = f[a->col_condition];
			if (cond.n != 1 || (cond.p[0] != 'N' && cond.p[0] != 'R'))
				v.patient.n = 0;
		}
	}
	g = group_of(a, f, a->keycol);
	/*
	 * As ts_agg_add, without masking: the values of metrics not
	 * requested are 0 or 1 here, summed unseen.
	 */
	c = &a->acc[g];
	if (sum_overflows(c, &v))
		return reject(why, a->col_count >= 0 ? "count" : "records",
		    "group " TS_COUNT_OVERFLOW,
		    a->col_count >= 0 ? f[a->col_count] : TS_STR(""));
	c->count += v.count;
	c->sessions += v.sessions;
	c->attendees += v.attendees;
	c->att_given |= (unsigned char)v.attendees_given;
	c->records += v.records;
	if (v.patient.n > 0)
		add_patient(a, g, v.patient.p, v.patient.n);
	return 1;
}

void
ts_agg_warn_reject(const ts_reader *r, const ts_agg_reject *why)
{
	int n = why->value.n > 80 ? 80 : (int)why->value.n;

	ts_warn("%s:%llu: column %s: %s \"%.*s%s\"", ts_reader_name(r),
	    (unsigned long long)ts_reader_line(r), why->column, why->reason,
	    n, why->value.p, why->value.n > 80 ? "..." : "");
}

/*
 * Compares joined keys field by field (C collation, key by key). Both
 * have the same number of fields, so at the first differing byte a TAB
 * (the end of a field) means that field is a prefix of the other: it
 * sorts first, whatever the other byte is (even one below TAB). A key
 * that ends first is likewise a prefix within its last field.
 */
static int
cmp_joined(ts_str a, ts_str b)
{
	size_t n = a.n < b.n ? a.n : b.n, i = 0;
	int x, y;

	for (; i + 8 <= n; i += 8) {
		uint64_t d = load64(a.p + i) ^ load64(b.p + i);
		if (d != 0) {
			/* Byte order of the first difference, on any endianness. */
			while (a.p[i] == b.p[i])
				i++;
			goto differ;
		}
	}
	for (; i < n; i++)
		if (a.p[i] != b.p[i])
			goto differ;
	return a.n < b.n ? -1 : a.n > b.n;
differ:
	x = a.p[i] == '\t' ? -1 : (unsigned char)a.p[i];
	y = b.p[i] == '\t' ? -1 : (unsigned char)b.p[i];
	return x < y ? -1 : 1;
}

struct keyed {
	ts_str key;
	uint32_t id;
};

static int
cmp_keyed(const void *x, const void *y)
{
	return cmp_joined(((const struct keyed *)x)->key,
	    ((const struct keyed *)y)->key);
}

const uint32_t *
ts_agg_sorted(ts_agg *a)
{
	size_t n = ts_agg_ngroups(a), i;
	struct keyed *k;

	if (a->sorted != NULL && a->nsorted == n)
		return a->sorted;
	k = xreallocarray(NULL, n ? n : 1, sizeof(*k));
	for (i = 0; i < n; i++) {
		k[i].key = ts_map_key(a->groups, (uint32_t)i);
		k[i].id = (uint32_t)i;
	}
	qsort(k, n, sizeof(*k), cmp_keyed);
	free(a->sorted);
	a->sorted = xreallocarray(NULL, n ? n : 1, sizeof(uint32_t));
	for (i = 0; i < n; i++)
		a->sorted[i] = k[i].id;
	a->nsorted = n;
	free(k);
	return a->sorted;
}

ts_str
ts_agg_key(const ts_agg *a, uint32_t g, size_t i)
{
	ts_str k = ts_map_key(a->groups, g);
	const char *p = k.p, *end = k.p + k.n, *t;

	for (; i > 0; i--) {
		t = memchr(p, '\t', (size_t)(end - p));
		if (t == NULL)
			return TS_STR("");
		p = t + 1;
	}
	t = memchr(p, '\t', (size_t)(end - p));
	k.p = p;
	k.n = (size_t)((t ? t : end) - p);
	return k;
}

uint64_t
ts_agg_value(const ts_agg *a, uint32_t g, int metric)
{
	const struct acc *c = &a->acc[g];

	if (!wants(a, metric))
		return 0;
	switch (metric) {
	case TS_METRIC_COUNT: return c->count;
	case TS_METRIC_SESSIONS: return c->sessions;
	case TS_METRIC_ATTENDEES: return c->attendees;
	case TS_METRIC_RECORDS: return c->records;
	case TS_METRIC_PATIENTS:
		if (a->distinct != NULL)
			return c->patients;
		return a->hll != NULL && a->hll[g] != NULL ?
		    ts_hll_count(a->hll[g]) : 0;
	default: return 0;
	}
}

int
ts_agg_known(const ts_agg *a, uint32_t g, int metric)
{
	return metric != TS_METRIC_ATTENDEES || !wants(a, metric) ||
	    a->acc[g].att_given;
}

void
ts_agg_write_value(const ts_agg *a, ts_out *o, uint32_t g, int metric)
{
	if (ts_agg_known(a, g, metric))
		ts_out_u64(o, ts_agg_value(a, g, metric));
}

/* Writes "[\tkey]" for group g: the joined key is already a TSV row. */
static void
write_key(ts_agg *a, ts_out *o, uint32_t g, int lead_tab)
{
	ts_str k;

	if (a->spec.nkeys == 0)
		return;
	k = ts_map_key(a->groups, g);
	if (lead_tab)
		ts_out_putc(o, '\t');
	ts_out_write(o, k.p, k.n);
}

/*
 * With exact patients, counts grow as pairs are added, until the set
 * spills to disk: from then on they are known only once every pair is
 * in. Called before a table is written.
 */
int
ts_agg_settle(ts_agg *a)
{
	const uint64_t *c;
	size_t n, g;

	if (a->distinct == NULL || !ts_distinct_spilled(a->distinct))
		return TS_EXIT_OK;
	if (a->settle_failed)
		return TS_EXIT_IO;
	if ((c = ts_distinct_finish(a->distinct, &n)) == NULL) {
		a->settle_failed = 1;
		return ts_error_warn(ts_distinct_error(a->distinct));
	}
	for (g = 0; g < ts_agg_ngroups(a); g++)
		a->acc[g].patients = g < n ? c[g] : 0;
	return TS_EXIT_OK;
}

int
ts_agg_write(ts_agg *a, ts_out *o)
{
	const uint32_t *s;

	if (ts_agg_settle(a) != TS_EXIT_OK)
		return TS_EXIT_IO;
	s = ts_agg_sorted(a);
	size_t i, j, n = ts_agg_ngroups(a);

	for (i = 0; i < a->spec.nkeys; i++) {
		if (i > 0)
			ts_out_putc(o, '\t');
		ts_out_field_str(o, a->keys[i]);
	}
	for (j = 0; j < a->spec.nmetrics; j++) {
		if (j > 0 || a->spec.nkeys > 0)
			ts_out_putc(o, '\t');
		ts_out_puts(o, metric_names[a->metrics[j]]);
	}
	ts_out_putc(o, '\n');
	for (i = 0; i < n; i++) {
		write_key(a, o, s[i], 0);
		for (j = 0; j < a->spec.nmetrics; j++) {
			if (j > 0 || a->spec.nkeys > 0)
				ts_out_putc(o, '\t');
			ts_agg_write_value(a, o, s[i], a->metrics[j]);
		}
		ts_out_putc(o, '\n');
	}
	return TS_EXIT_OK;
}

/* The partial-table column name of the patients metric. */
static const char *
patients_column(const ts_agg *a)
{
	if (a->spec.approx)
		return a->spec.patients_rule == TS_PATIENTS_HIS ?
		    "patients:hll14:his" : "patients:hll14";
	return a->spec.patients_rule == TS_PATIENTS_HIS ?
	    "patients:exact:his" : "patients:exact";
}

static const char *
partial_metric_name(const ts_agg *a, int m)
{
	return m == TS_METRIC_PATIENTS ? patients_column(a) : metric_names[m];
}

/* One P row: the group's key, the pseudonym in the patients field. */
static void
write_patient_row(ts_agg *a, ts_out *o, uint32_t g, ts_str v)
{
	size_t j;

	ts_out_putc(o, 'P');
	write_key(a, o, g, 1);
	for (j = 0; j < a->spec.nmetrics; j++) {
		ts_out_putc(o, '\t');
		if (a->metrics[j] == TS_METRIC_PATIENTS)
			ts_out_write(o, v.p, v.n);
	}
	ts_out_putc(o, '\n');
}

struct patient_rows {
	ts_agg *a;
	ts_out *o;
};

static void
write_patient_batch(void *arg, const ts_distinct *set,
    const ts_distinct_pair *pairs, size_t n)
{
	struct patient_rows *pr = arg;
	size_t i;

	for (i = 0; i < n; i++)
		write_patient_row(pr->a, pr->o, pairs[i].group,
		    ts_distinct_value(set, pairs[i].value));
}

int
ts_agg_write_partial(ts_agg *a, ts_out *o)
{
	const uint32_t *s;
	size_t i, j, n, np = 0, pi = 0;
	ts_distinct_pair *pairs = NULL;
	uint32_t *rank = NULL;
	int spilled, status = TS_EXIT_OK;

	if (ts_agg_settle(a) != TS_EXIT_OK)
		return TS_EXIT_IO;
	s = ts_agg_sorted(a);
	n = ts_agg_ngroups(a);
	spilled = a->distinct != NULL && ts_distinct_spilled(a->distinct);

	ts_out_puts(o, PARTIAL_MARK);
	for (i = 0; i < a->spec.nkeys; i++) {
		ts_out_puts(o, "\t" KEY_PREFIX);
		ts_out_field_str(o, a->keys[i]);
	}
	for (j = 0; j < a->spec.nmetrics; j++) {
		ts_out_putc(o, '\t');
		ts_out_puts(o, partial_metric_name(a, a->metrics[j]));
	}
	ts_out_putc(o, '\n');
	if (a->distinct != NULL) {
		rank = xreallocarray(NULL, n ? n : 1, sizeof(uint32_t));
		for (i = 0; i < n; i++)
			rank[s[i]] = (uint32_t)i;
		if (!spilled) {
			pairs = ts_distinct_sorted(a->distinct, rank);
			np = ts_distinct_size(a->distinct);
		}
	}
	for (i = 0; i < n; i++) {
		uint32_t g = s[i];
		ts_out_putc(o, 'G');
		write_key(a, o, g, 1);
		for (j = 0; j < a->spec.nmetrics; j++) {
			int m = a->metrics[j];
			ts_out_putc(o, '\t');
			if (m == TS_METRIC_PATIENTS && a->spec.approx) {
				if (a->hll != NULL && a->hll[g] != NULL)
					ts_hll_write(a->hll[g], o);
				else
					ts_out_putc(o, 's');
			} else {
				ts_agg_write_value(a, o, g, m);
			}
		}
		ts_out_putc(o, '\n');
		/* Then one P row per distinct patient of the group. */
		for (; pi < np && pairs[pi].group == g; pi++)
			write_patient_row(a, o, g,
			    ts_distinct_value(a->distinct, pairs[pi].value));
	}
	/*
	 * Spilled to disk: the patient rows after all group rows, a batch
	 * per temporary file (readers do not depend on the order).
	 */
	if (spilled) {
		struct patient_rows pr = { a, o };
		if (ts_distinct_batches(a->distinct, rank, write_patient_batch,
		    &pr) != 0)
			status = ts_error_warn(ts_distinct_error(a->distinct));
	}
	free(rank);
	free(pairs);
	return status;
}

/*
 * Reading partial tables.
 */

/* Parses the header of a partial table into a new agg; NULL + message. */
static ts_agg *
spec_from_header(const ts_reader *r)
{
	size_t n = ts_reader_ncols(r), i, nk = 0, nm = 0;
	const char *keys[TS_AGG_MAX_KEYS];
	int metrics[TS_METRIC_N];
	ts_agg_spec spec = { 0 };
	ts_agg *a;
	ts_error e;

	if (strcmp(ts_reader_colname(r, 0), PARTIAL_MARK) != 0) {
		ts_warn("%s: not a partial table (made by telestat aggregate "
		    "--partial): its first column is not " PARTIAL_MARK,
		    ts_reader_name(r));
		return NULL;
	}
	for (i = 1; i < n; i++) {
		const char *c = ts_reader_colname(r, i);
		if (strncmp(c, KEY_PREFIX, strlen(KEY_PREFIX)) != 0)
			break;
		if (nm > 0 || nk == TS_AGG_MAX_KEYS) {
			ts_warn("%s:1: column %zu: bad partial table header \"%s\"",
			    ts_reader_name(r), i + 1, c);
			return NULL;
		}
		keys[nk++] = c + strlen(KEY_PREFIX);
	}
	for (; i < n; i++) {
		const char *c = ts_reader_colname(r, i);
		int m = ts_metric_find(c, strlen(c));
		if (m < 0 && strncmp(c, "patients:", 9) == 0) {
			m = TS_METRIC_PATIENTS;
			if (strcmp(c, "patients:exact") == 0)
				;
			else if (strcmp(c, "patients:exact:his") == 0)
				spec.patients_rule = TS_PATIENTS_HIS;
			else if (strcmp(c, "patients:hll14") == 0)
				spec.approx = 1;
			else if (strcmp(c, "patients:hll14:his") == 0) {
				spec.approx = 1;
				spec.patients_rule = TS_PATIENTS_HIS;
			} else
				m = -1;
		} else if (m == TS_METRIC_PATIENTS) {
			m = -1;   /* partials always say exact or hll14 */
		}
		if (m < 0 || nm == TS_METRIC_N) {
			ts_warn("%s:1: column %zu: bad partial table header \"%s\"",
			    ts_reader_name(r), i + 1, c);
			return NULL;
		}
		metrics[nm++] = m;
	}
	spec.keys = keys;
	spec.nkeys = nk;
	spec.metrics = metrics;
	spec.nmetrics = nm;
	if (ts_agg_spec_check(&spec, &e) != 0) {
		ts_warn("%s:1: bad partial table header: %s", ts_reader_name(r),
		    e.msg);
		return NULL;
	}
	if ((a = ts_agg_new(&spec, &e)) == NULL)
		ts_error_warn(&e);
	return a;
}

static int
same_spec(const ts_agg *a, const ts_agg *b)
{
	size_t i;

	if (a->spec.nkeys != b->spec.nkeys || a->spec.nmetrics != b->spec.nmetrics ||
	    a->spec.approx != b->spec.approx ||
	    a->spec.patients_rule != b->spec.patients_rule)
		return 0;
	for (i = 0; i < a->spec.nkeys; i++)
		if (strcmp(a->keys[i], b->keys[i]) != 0)
			return 0;
	for (i = 0; i < a->spec.nmetrics; i++)
		if (a->metrics[i] != b->metrics[i])
			return 0;
	return 1;
}

/* "keys year,region; metrics count,patients:exact" for messages. */
static char *
describe(const ts_agg *a)
{
	size_t len = 32, i;
	char *s;

	for (i = 0; i < a->spec.nkeys; i++)
		len += strlen(a->keys[i]) + 1;
	for (i = 0; i < a->spec.nmetrics; i++)
		len += strlen(partial_metric_name(a, a->metrics[i])) + 1;
	s = xmalloc(len);
	strcpy(s, "keys ");
	for (i = 0; i < a->spec.nkeys; i++) {
		if (i > 0)
			strcat(s, ",");
		strcat(s, a->keys[i]);
	}
	if (a->spec.nkeys == 0)
		strcat(s, "(none)");
	strcat(s, "; metrics ");
	for (i = 0; i < a->spec.nmetrics; i++) {
		if (i > 0)
			strcat(s, ",");
		strcat(s, partial_metric_name(a, a->metrics[i]));
	}
	return s;
}

/* 1 if the row repeats the header of R exactly. */
static int
is_header_row(const ts_reader *r, const ts_str *f)
{
	size_t i, n = ts_reader_ncols(r);

	for (i = 0; i < n; i++) {
		const char *c = ts_reader_colname(r, i);
		size_t cl = strlen(c);
		if (ts_has_escape(f[i])) {
			/* Compare unescaped: names were unescaped too. */
			char *u = xmalloc(f[i].n);
			int same = ts_unescape(f[i], u) == cl && memcmp(u, c, cl) == 0;
			free(u);
			if (!same)
				return 0;
		} else if (f[i].n != cl || memcmp(f[i].p, c, cl) != 0) {
			return 0;
		}
	}
	return 1;
}

static void
row_warn(const ts_reader *r, const char *fmt, ts_str v)
{
	int n = v.n > 80 ? 80 : (int)v.n;

	ts_warn("%s:%llu: %s \"%.*s%s\"", ts_reader_name(r),
	    (unsigned long long)ts_reader_line(r), fmt, n, v.p,
	    v.n > 80 ? "..." : "");
}

#define NO_GROUP UINT32_MAX

/* The group whose key fields are KEYS, if there is one; never creates it. */
static uint32_t
find_group(ts_agg *a, const ts_str *keys)
{
	size_t i, n = 0;
	int64_t id;

	for (i = 0; i < a->spec.nkeys; i++) {
		if (a->kcap - n <= keys[i].n)
			kbuf_reserve(a, n + keys[i].n + 1);
		memcpy(a->kbuf + n, keys[i].p, keys[i].n);
		n += keys[i].n;
		a->kbuf[n++] = '\t';
	}
	n -= n > 0;
	id = ts_map_find(a->groups, a->kbuf, n);
	return id < 0 ? NO_GROUP : (uint32_t)id;
}

/*
 * Merges one G or P row; returns 1 if merged, 0 if rejected (reported).
 * Every check comes before a group is created or touched: a rejected
 * row leaves no trace (no group with zeros) in the table.
 */
static int
merge_row(ts_agg *a, const ts_reader *r, const ts_str *f)
{
	const ts_str *vals = f + 1 + a->spec.nkeys;
	ts_agg_values v;
	const ts_str *sketch = NULL;
	ts_hll *tmp = NULL;
	uint64_t claim = 0;
	char what[64];
	size_t j;
	uint32_t g;

	if (f[0].n != 1 || (f[0].p[0] != 'G' && f[0].p[0] != 'P')) {
		row_warn(r, "column 1: unknown row kind (want G or P)", f[0]);
		return 0;
	}
	memset(&v, 0, sizeof(v));
	if (f[0].p[0] == 'P') {
		ts_str p = { "", 0 };
		if (a->distinct == NULL) {
			row_warn(r, "patient row in a table without exact patients",
			    f[0]);
			return 0;
		}
		for (j = 0; j < a->spec.nmetrics; j++) {
			if (a->metrics[j] == TS_METRIC_PATIENTS) {
				p = vals[j];
			} else if (vals[j].n != 0) {
				snprintf(what, sizeof(what), "column %s: patient row "
				    "with a value", metric_names[a->metrics[j]]);
				row_warn(r, what, vals[j]);
				return 0;
			}
		}
		if (p.n == 0) {
			row_warn(r, "column patients: empty patient", p);
			return 0;
		}
		/*
		 * Patient rows come after their group's G row (see the
		 * writer), and only G rows create groups.
		 */
		if ((g = find_group(a, f + 1)) == NO_GROUP) {
			row_warn(r, "patient row without its group row before it",
			    f[1]);
			return 0;
		}
		add_patient(a, g, p.p, p.n);
		a->pseen[g]++;
		return 1;
	}
	for (j = 0; j < a->spec.nmetrics; j++) {
		int m = a->metrics[j];
		uint64_t x = 0;
		const char *bad;
		if (m == TS_METRIC_PATIENTS && a->spec.approx) {
			sketch = &vals[j];
			continue;
		}
		/* Attendees the group's records did not give: unknown. */
		if (m == TS_METRIC_ATTENDEES && vals[j].n == 0)
			continue;
		if ((bad = ts_count_parse(vals[j], &x)) != NULL) {
			snprintf(what, sizeof(what), "column %s: %s",
			    metric_names[m], bad);
			row_warn(r, what, vals[j]);
			return 0;
		}
		switch (m) {
		case TS_METRIC_COUNT: v.count = x; break;
		case TS_METRIC_SESSIONS: v.sessions = x; break;
		case TS_METRIC_ATTENDEES:
			v.attendees = x;
			v.attendees_given = 1;
			break;
		case TS_METRIC_RECORDS: v.records = x; break;
		case TS_METRIC_PATIENTS: claim = x; break;
		default: break;
		}
	}
	if (sketch != NULL) {
		tmp = ts_hll_new();
		if (ts_hll_merge_text(tmp, sketch->p, sketch->n) != 0) {
			ts_hll_free(tmp);
			row_warn(r, "column patients: invalid HyperLogLog sketch",
			    *sketch);
			return 0;
		}
	}
	/* A new group holds zeros: only an existing one can overflow. */
	g = ts_agg_group(a, f + 1);
	for (j = 0; j < a->spec.nmetrics; j++) {
		int m = a->metrics[j];
		const struct acc *c = &a->acc[g];
		uint64_t have = m == TS_METRIC_COUNT ? c->count :
		    m == TS_METRIC_SESSIONS ? c->sessions :
		    m == TS_METRIC_ATTENDEES ? c->attendees :
		    m == TS_METRIC_RECORDS ? c->records :
		    a->pclaim != NULL ? a->pclaim[g] : 0;
		uint64_t add = m == TS_METRIC_COUNT ? v.count :
		    m == TS_METRIC_SESSIONS ? v.sessions :
		    m == TS_METRIC_ATTENDEES ? v.attendees :
		    m == TS_METRIC_RECORDS ? v.records : claim;
		if (add > TS_COUNT_MAX - have) {
			snprintf(what, sizeof(what), "column %s: group "
			    TS_COUNT_OVERFLOW, metric_names[m]);
			row_warn(r, what, vals[j]);
			ts_hll_free(tmp);
			return 0;
		}
	}
	if (tmp != NULL) {
		if (a->hll == NULL)
			a->hll = xcalloc(a->cap, sizeof(ts_hll *));
		if (a->hll[g] == NULL)
			a->hll[g] = ts_hll_new();
		ts_hll_merge(a->hll[g], tmp);
		ts_hll_free(tmp);
	}
	ts_agg_add(a, g, &v);
	if (a->pclaim != NULL)
		a->pclaim[g] += claim;
	return 1;
}

int
ts_agg_read_partial(ts_agg **ap, ts_input *in, ts_agg_stats *st,
    ts_progress *p)
{
	ts_reader *r;
	ts_agg *a, *fresh;
	ts_str *f;
	int rc, status = TS_EXIT_OK;

	if (in == NULL) {
		st->unusable++;
		return TS_EXIT_IO;
	}
	if ((r = ts_reader_new(in)) == NULL) {
		st->unusable++;
		return TS_EXIT_DATA;
	}
	if ((fresh = spec_from_header(r)) == NULL) {
		ts_reader_free(r);
		return TS_EXIT_USAGE;
	}
	if (*ap == NULL) {
		fresh->origin = xstrdup(ts_reader_name(r));
		*ap = fresh;
	} else if (!same_spec(*ap, fresh)) {
		char *want = describe(*ap), *got = describe(fresh);
		ts_warn("%s: partial table with %s cannot merge with %s (%s)",
		    ts_reader_name(r), got, (*ap)->origin, want);
		free(want);
		free(got);
		ts_agg_free(fresh);
		ts_reader_free(r);
		return TS_EXIT_USAGE;
	} else {
		ts_agg_free(fresh);
	}
	a = *ap;
	if (a->distinct != NULL && a->pclaim == NULL) {
		a->pclaim = xcalloc(a->cap ? a->cap : 1, sizeof(uint64_t));
		a->pseen = xcalloc(a->cap ? a->cap : 1, sizeof(uint64_t));
		if (a->cap == 0)
			grow_groups(a, 1);
	}
	ts_reader_progress(r, p);
	while ((rc = ts_reader_next(r, &f)) != TS_ROW_EOF) {
		if (rc == TS_ROW_FAIL) {
			st->unusable++;
			status = TS_EXIT_IO;
			break;
		}
		if (rc == TS_ROW_BAD) {
			ts_str raw = ts_reader_raw(r);
			size_t ml = strlen(PARTIAL_MARK);
			if (raw.n >= ml && memcmp(raw.p, PARTIAL_MARK, ml) == 0 &&
			    (raw.n == ml || raw.p[ml] == '\t')) {
				ts_warn("%s:%llu: partial table header differs from "
				    "line 1", ts_reader_name(r),
				    (unsigned long long)ts_reader_line(r));
				status = TS_EXIT_USAGE;
				break;
			}
			st->read++;
			st->rejected++;
			ts_reader_warn(r, ts_reader_error(r));
			status = TS_EXIT_DATA;
			continue;
		}
		if (ts_str_eq(f[0], PARTIAL_MARK)) {
			if (is_header_row(r, f))
				continue;
			ts_warn("%s:%llu: partial table header differs from line 1",
			    ts_reader_name(r), (unsigned long long)ts_reader_line(r));
			status = TS_EXIT_USAGE;
			break;
		}
		st->read++;
		if (merge_row(a, r, f)) {
			st->counted++;
		} else {
			st->rejected++;
			status = TS_EXIT_DATA;
		}
	}
	ts_reader_free(r);
	return status;
}

int
ts_agg_check_partial(ts_agg *a)
{
	const uint32_t *s;
	size_t i, n;
	int status = TS_EXIT_OK;

	if (a == NULL || a->pclaim == NULL)
		return TS_EXIT_OK;
	s = ts_agg_sorted(a);
	n = ts_agg_ngroups(a);
	for (i = 0; i < n; i++) {
		uint32_t g = s[i];
		ts_str k;
		char *d;
		size_t j;
		if (a->pclaim[g] == a->pseen[g])
			continue;
		k = ts_map_key(a->groups, g);
		d = xstrndup(k.p, k.n);
		for (j = 0; j < k.n; j++)
			if (d[j] == '\t')
				d[j] = ',';
		ts_warn("group %s: the partial tables announce %llu patient "
		    "rows but hold %llu (truncated input?)", d,
		    (unsigned long long)a->pclaim[g],
		    (unsigned long long)a->pseen[g]);
		free(d);
		status = TS_EXIT_DATA;
	}
	return status;
}
