/* classify.c - memoised classification of records; see classify.h. */
#include "classify.h"

#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "shortkey.h"
#include "strmap.h"
#include "suggest.h"
#include "taxonomy.h"
#include "util.h"

/* Output columns classify owns, in the order they are appended. */
enum { OC_CATEGORY, OC_SUBCATEGORY, OC_WITH_PATIENT, OC_RULE, OC_MAX };
static const char *const out_names[OC_MAX] = {
	"category", "subcategory", "with_patient", "rule"
};

/* What a decision writes: one per rule, plus "no rule matched". */
struct decision {
	const char *val[OC_MAX];     /* escaped as records fields */
	size_t len[OC_MAX];
	char *where;                 /* owned escaped copy of the rule's place */
	char *suffix;        /* "\tVAL..." for the appended columns */
	size_t suffixlen;
};

/*
 * A direct-mapped cache of the memo's ids for labels of up to 32 bytes
 * (nearly every label of a real export): a hit compares four words
 * instead of hashing the label and probing the memo, which was a sixth
 * of classify's instructions per record.
 */
#define LABEL_CACHE_BITS 10
#define LABEL_CACHE_SLOTS (1u << LABEL_CACHE_BITS)
struct label_slot {
	uint64_t k[4];
	uint32_t n1;            /* label length + 1; 0: empty */
	uint32_t id;            /* memo id */
};

struct ts_classifier {
	ts_rules *rules;
	int explain, stats;
	int quiet;                   /* write no records (--suggest) */
	size_t nout;                 /* OC_RULE + 1 with explain, else OC_RULE */
	struct decision *dec;        /* nrules + 1; last = none */
	size_t ndec;

	/* Bound header. */
	int bound;
	char **colnames;
	size_t ncols;
	int svc;
	int *condcol;                /* per rules column: index or -1 */
	int outcol[OC_MAX];          /* input index of each owned column or -1 */
	int *replace;                /* per input column: OC_* or -1 */
	int append_only;             /* no owned column in the input */
	size_t need;                 /* leading fields a record needs split */

	/* Memo: key id -> decision index. */
	ts_map *memo;
	struct label_slot *lcache;   /* in front of memo; LABEL_CACHE_SLOTS */
	uint32_t *memo_dec;
	/*
	 * With explain, per key: the rule column of a label the rules read
	 * mended ("share/rules:12 (read as ...)"), else NULL.
	 */
	char **memo_rule;
	size_t memo_rule_cap;
	uint64_t *memo_rows;         /* with stats */
	size_t memo_cap;
	uint64_t *dec_rows;          /* with stats, per decision */
	uint64_t *dec_summarized;    /* dec_rows at the last ts_classifier_summary */

	/* Scratch. */
	char *key, *unesc;
	size_t keycap, unesccap;
	ts_str *colvals;
};

static char *
escape(const char *s)
{
	size_t n = strlen(s), o = 0, i;
	char *e = xmalloc(2 * n + 1);

	for (i = 0; i < n; i++) {
		char c = s[i];
		switch (c) {
		case '\t': e[o++] = '\\'; c = 't'; break;
		case '\n': e[o++] = '\\'; c = 'n'; break;
		case '\r': e[o++] = '\\'; c = 'r'; break;
		case '\\': e[o++] = '\\'; break;
		default: break;
		}
		e[o++] = c;
	}
	e[o] = '\0';
	return e;
}

static void
set_val(struct decision *d, int oc, const char *s)
{
	d->val[oc] = s;
	d->len[oc] = strlen(s);
}

ts_classifier *
ts_classifier_new(ts_rules *rules, int explain, int stats)
{
	ts_classifier *c = xcalloc(1, sizeof(*c));
	size_t i, n = ts_rules_count(rules);

	c->rules = rules;
	c->explain = explain;
	c->stats = stats;
	c->nout = explain ? OC_MAX : OC_RULE;
	c->ndec = n + 1;
	c->dec = xcalloc(c->ndec, sizeof(*c->dec));
	for (i = 0; i < c->ndec; i++) {
		struct decision *d = &c->dec[i];
		const ts_rule *ru = ts_rules_at(rules, i);
		if (ru != NULL) {
			set_val(d, OC_CATEGORY, ru->category);
			set_val(d, OC_SUBCATEGORY, ru->subcategory);
			set_val(d, OC_WITH_PATIENT,
			    ru->with_patient == TS_WP_YES ? "yes" :
			    ru->with_patient == TS_WP_NO ? "no" : "");
			/* A rules path may hold a TAB: escape it like a field. */
			d->where = escape(ru->where);
			set_val(d, OC_RULE, d->where);
		} else {
			set_val(d, OC_CATEGORY, "unclassified");
			set_val(d, OC_SUBCATEGORY, "");
			set_val(d, OC_WITH_PATIENT, "");
			set_val(d, OC_RULE, "");
		}
	}
	c->memo = ts_map_new();
	c->lcache = xcalloc(LABEL_CACHE_SLOTS, sizeof(struct label_slot));
	if (stats)
		c->dec_rows = xcalloc(c->ndec, sizeof(uint64_t));
	c->colvals = xcalloc(ts_rules_ncolumns(rules) + 1, sizeof(ts_str));
	c->condcol = xcalloc(ts_rules_ncolumns(rules) + 1, sizeof(int));
	return c;
}

void
ts_classifier_free(ts_classifier *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->ndec; i++) {
		free(c->dec[i].suffix);
		free(c->dec[i].where);
	}
	for (i = 0; i < c->ncols; i++)
		free(c->colnames[i]);
	free(c->colnames);
	free(c->dec);
	free(c->condcol);
	free(c->replace);
	ts_map_free(c->memo);
	free(c->lcache);
	for (i = 0; i < c->memo_rule_cap; i++)
		free(c->memo_rule[i]);
	free(c->memo_rule);
	free(c->memo_dec);
	free(c->memo_rows);
	free(c->dec_rows);
	free(c->dec_summarized);
	free(c->key);
	free(c->unesc);
	free(c->colvals);
	free(c);
}

/* Builds each decision's suffix for the columns the input lacks. */
static void
build_suffixes(ts_classifier *c)
{
	size_t i;
	int oc;

	for (i = 0; i < c->ndec; i++) {
		struct decision *d = &c->dec[i];
		size_t n = 0;
		for (oc = 0; oc < (int)c->nout; oc++)
			if (c->outcol[oc] < 0)
				n += 1 + d->len[oc];
		d->suffix = xmalloc(n + 1);
		d->suffixlen = 0;
		for (oc = 0; oc < (int)c->nout; oc++) {
			if (c->outcol[oc] >= 0)
				continue;
			d->suffix[d->suffixlen++] = '\t';
			memcpy(d->suffix + d->suffixlen, d->val[oc], d->len[oc]);
			d->suffixlen += d->len[oc];
		}
		d->suffix[d->suffixlen] = '\0';
	}
}

int
ts_classifier_begin(ts_classifier *c, ts_reader *r, ts_out *o)
{
	size_t i, n = ts_reader_ncols(r);
	int oc;

	if (c->bound) {
		int same = n == c->ncols;
		for (i = 0; same && i < n; i++)
			same = strcmp(ts_reader_colname(r, i), c->colnames[i]) == 0;
		if (!same) {
			ts_warn("%s: columns differ from the first input's; "
			    "file skipped", ts_reader_name(r));
			return -1;
		}
		ts_reader_need(r, c->need);
		return 0;
	}
	/* The file is skipped; the others are classified. */
	if ((c->svc = ts_reader_require(r, "service", NULL)) < 0)
		return -1;
	for (i = 0; i < ts_rules_ncolumns(c->rules); i++) {
		const char *name = ts_rules_column(c->rules, i);
		c->condcol[i] = ts_reader_find(r, name);
		if (c->condcol[i] < 0)
			ts_warn("%s: no \"%s\" column: rule conditions on it "
			    "see an empty value", ts_reader_name(r), name);
	}
	c->ncols = n;
	c->colnames = xcalloc(n, sizeof(char *));
	c->replace = xcalloc(n, sizeof(int));
	for (i = 0; i < n; i++) {
		c->colnames[i] = xstrdup(ts_reader_colname(r, i));
		c->replace[i] = -1;
	}
	c->append_only = 1;
	for (oc = 0; oc < OC_MAX; oc++) {
		c->outcol[oc] = oc < (int)c->nout ?
		    ts_reader_find(r, out_names[oc]) : -1;
		if (c->outcol[oc] >= 0) {
			c->replace[c->outcol[oc]] = oc;
			c->append_only = 0;
		}
	}
	build_suffixes(c);
	/*
	 * Appending, a record is copied whole from its raw line: only the
	 * service column and those rule conditions read are split out.
	 */
	c->need = n;
	if (c->append_only) {
		c->need = (size_t)c->svc + 1;
		for (i = 0; i < ts_rules_ncolumns(c->rules); i++)
			if (c->condcol[i] >= 0 && (size_t)c->condcol[i] + 1 > c->need)
				c->need = (size_t)c->condcol[i] + 1;
	}
	ts_reader_need(r, c->need);
	c->bound = 1;
	if (c->quiet)
		return 0;
	for (i = 0; i < n; i++) {
		if (i > 0)
			ts_out_putc(o, '\t');
		ts_out_field_str(o, c->colnames[i]);
	}
	for (oc = 0; oc < (int)c->nout; oc++) {
		if (c->outcol[oc] >= 0)
			continue;
		if (n > 0)
			ts_out_putc(o, '\t');
		ts_out_puts(o, out_names[oc]);
		n++;
	}
	ts_out_putc(o, '\n');
	c->bound = 1;
	return 0;
}

/* Unescapes S into scratch space at offset *used; returns the slice. */
static ts_str
unescaped(ts_classifier *c, ts_str s, size_t *used)
{
	ts_str u;

	if (!ts_has_escape(s))
		return s;
	u.p = c->unesc + *used;
	u.n = ts_unescape(s, c->unesc + *used);
	*used += s.n;
	return u;
}

/* What --explain says of each way of reading (enum ts_rules_reading). */
static const char *const reading_names[] = {
	[TS_READ_LABEL] = "as written",
	[TS_READ_JOINED] = "split word joined",
	[TS_READ_MENDED] = "one typo mended",
	[TS_READ_UNCODED] = "leading code set aside",
	[TS_READ_SPACED] = "\"?\" read as a space",
	[TS_READ_RESTORED] = "lost letters restored",
};

/*
 * The rule column of D for a label the rules did not read as it is (a
 * split word joined, a misspelt marker mended): the rule, then what the
 * label was read as, so that --explain shows the mending. NULL when the
 * label was read as it is. Escaped like a field; the caller frees it.
 */
static char *
mended_rule(ts_classifier *c, const struct decision *d)
{
	ts_str form;
	int how = ts_rules_reading(c->rules, &form);
	char *s, *e;

	if (how == TS_READ_LABEL)
		return NULL;
	s = xasprintf("%s (read as \"%.*s\": %s)", d->where, (int)form.n,
	    form.p, reading_names[how]);
	e = escape(s);
	free(s);
	return e;
}

/*
 * Writes a record whose rule column is RULE instead of its decision's
 * (a label read mended); the other columns are D's.
 */
static void
write_mended(const ts_classifier *c, const struct decision *d,
    const char *rule, const ts_str *fields, ts_str raw, ts_out *o)
{
	size_t i;
	int oc;

	if (c->append_only)
		ts_out_write(o, raw.p, raw.n);
	else
		for (i = 0; i < c->ncols; i++) {
			oc = c->replace[i];
			if (i > 0)
				ts_out_putc(o, '\t');
			if (oc == OC_RULE)
				ts_out_puts(o, rule);
			else if (oc >= 0)
				ts_out_write(o, d->val[oc], d->len[oc]);
			else
				ts_out_write(o, fields[i].p, fields[i].n);
		}
	for (oc = 0; oc < (int)c->nout; oc++) {
		if (c->outcol[oc] >= 0)
			continue;
		ts_out_putc(o, '\t');
		if (oc == OC_RULE)
			ts_out_puts(o, rule);
		else
			ts_out_write(o, d->val[oc], d->len[oc]);
	}
	ts_out_putc(o, '\n');
}

/*
 * Runs the rules on a new key; returns the decision index. With explain,
 * *RULE is set to the rule column of a label read mended (or NULL).
 */
static uint32_t
decide(ts_classifier *c, ts_str *fields, int *failed, char **rule)
{
	size_t nc = ts_rules_ncolumns(c->rules), i, need, used = 0;
	ts_str label;
	ts_error e;
	long d;

	need = fields[c->svc].n;
	for (i = 0; i < nc; i++)
		if (c->condcol[i] >= 0)
			need += fields[c->condcol[i]].n;
	if (need > c->unesccap) {
		c->unesccap = need;
		c->unesc = xrealloc(c->unesc, need);
	}
	label = unescaped(c, fields[c->svc], &used);
	for (i = 0; i < nc; i++)
		c->colvals[i] = c->condcol[i] >= 0 ?
		    unescaped(c, fields[c->condcol[i]], &used) : TS_STR("");
	d = ts_rules_eval(c->rules, label, c->colvals, &e);
	if (d == -2) {
		ts_warn("%s", e.msg);
		*failed = 1;
		d = -1;
	}
	if (d >= 0 && rule != NULL)
		*rule = mended_rule(c, &c->dec[d]);
	return d < 0 ? (uint32_t)(c->ndec - 1) : (uint32_t)d;
}

/* The memo id of KEY, through the label cache when KEY is short. */
static inline uint32_t
memo_id(ts_classifier *c, ts_str key, int *inserted)
{
	struct label_slot *slot;
	uint64_t k[4];
	uint32_t id;

	if (key.n > TS_SHORTKEY32_MAX)
		return ts_map_intern(c->memo, key.p, key.n, inserted);
	ts_shortkey32(key, k);
	slot = &c->lcache[ts_shortkey_slot(k, 4, key.n, LABEL_CACHE_BITS)];
	if (slot->n1 == key.n + 1 && slot->k[0] == k[0] &&
	    slot->k[1] == k[1] && slot->k[2] == k[2] && slot->k[3] == k[3]) {
		*inserted = 0;
		return slot->id;
	}
	id = ts_map_intern(c->memo, key.p, key.n, inserted);
	memcpy(slot->k, k, sizeof(k));
	slot->n1 = (uint32_t)key.n + 1;
	slot->id = id;
	return id;
}

int
ts_classifier_row(ts_classifier *c, ts_str *fields, ts_str raw, ts_out *o)
{
	size_t nc = ts_rules_ncolumns(c->rules), i;
	const struct decision *d;
	ts_str key = fields[c->svc];
	uint32_t id, di;
	int inserted, failed = 0;

	if (nc > 0) {
		/* Raw fields hold no TAB, so TAB separates them unambiguously. */
		size_t need = key.n + nc;
		for (i = 0; i < nc; i++)
			if (c->condcol[i] >= 0)
				need += fields[c->condcol[i]].n;
		if (need > c->keycap) {
			c->keycap = need * 2;
			c->key = xrealloc(c->key, c->keycap);
		}
		memcpy(c->key, key.p, key.n);
		need = key.n;
		for (i = 0; i < nc; i++) {
			c->key[need++] = '\t';
			if (c->condcol[i] >= 0) {
				ts_str v = fields[c->condcol[i]];
				memcpy(c->key + need, v.p, v.n);
				need += v.n;
			}
		}
		key.p = c->key;
		key.n = need;
	}
	id = memo_id(c, key, &inserted);
	if (inserted) {
		if (id >= c->memo_cap) {
			c->memo_cap = c->memo_cap ? c->memo_cap * 2 : 1024;
			c->memo_dec = xreallocarray(c->memo_dec, c->memo_cap,
			    sizeof(uint32_t));
			if (c->stats) {
				c->memo_rows = xreallocarray(c->memo_rows,
				    c->memo_cap, sizeof(uint64_t));
				memset(c->memo_rows + id, 0,
				    (c->memo_cap - id) * sizeof(uint64_t));
			}
		}
		if (c->explain) {
			/* memo_cap grew above, or not: keep memo_rule alike. */
			if (c->memo_rule == NULL || id >= c->memo_rule_cap) {
				c->memo_rule = xreallocarray(c->memo_rule,
				    c->memo_cap, sizeof(char *));
				memset(c->memo_rule + c->memo_rule_cap, 0,
				    (c->memo_cap - c->memo_rule_cap) *
				    sizeof(char *));
				c->memo_rule_cap = c->memo_cap;
			}
		}
		c->memo_dec[id] = decide(c, fields, &failed,
		    c->explain ? &c->memo_rule[id] : NULL);
	}
	di = c->memo_dec[id];
	d = &c->dec[di];
	if (c->stats) {
		c->memo_rows[id]++;
		c->dec_rows[di]++;
	}
	if (c->quiet)
		return failed ? -1 : 0;
	if (c->memo_rule != NULL && c->memo_rule[id] != NULL) {
		write_mended(c, d, c->memo_rule[id], fields, raw, o);
		return failed ? -1 : 0;
	}
	if (c->append_only) {
		ts_out_write(o, raw.p, raw.n);
	} else {
		for (i = 0; i < c->ncols; i++) {
			int oc = c->replace[i];
			if (i > 0)
				ts_out_putc(o, '\t');
			if (oc >= 0)
				ts_out_write(o, d->val[oc], d->len[oc]);
			else
				ts_out_write(o, fields[i].p, fields[i].n);
		}
	}
	ts_out_write(o, d->suffix, d->suffixlen);
	ts_out_putc(o, '\n');
	return failed ? -1 : 0;
}

void
ts_classifier_set_quiet(ts_classifier *c)
{
	c->quiet = 1;
}

size_t
ts_classifier_labels(const ts_classifier *c)
{
	return ts_map_size(c->memo);
}

static const ts_classifier *sort_c;

static int
by_rows_desc(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint64_t rx = sort_c->memo_rows[x], ry = sort_c->memo_rows[y];
	ts_str kx, ky;
	size_t n;
	int cmp;

	if (rx != ry)
		return rx > ry ? -1 : 1;
	kx = ts_map_key(sort_c->memo, x);
	ky = ts_map_key(sort_c->memo, y);
	n = kx.n < ky.n ? kx.n : ky.n;
	cmp = memcmp(kx.p, ky.p, n);
	if (cmp != 0)
		return cmp;
	return kx.n < ky.n ? -1 : kx.n > ky.n;
}

/* Prints a memo key: the label, then NAME="value" for condition columns. */
static void
print_key(const ts_classifier *c, FILE *f, ts_str k)
{
	const char *p = k.p, *end = k.p + k.n;
	size_t i = 0, nc = ts_rules_ncolumns(c->rules);

	for (;;) {
		const char *tab = nc > 0 ? memchr(p, '\t', (size_t)(end - p)) : NULL;
		const char *fe = tab ? tab : end;
		if (i == 0)
			fprintf(f, "\"%.*s\"", (int)(fe - p), p);
		else
			fprintf(f, " %s=\"%.*s\"", ts_rules_column(c->rules, i - 1),
			    (int)(fe - p), p);
		if (tab == NULL)
			break;
		p = tab + 1;
		i++;
	}
}

/*
 * The memo keys no rule matched (with BY_RULE, also those an unclassified
 * rule decided), most frequent first (ties by key); the caller frees the
 * array. Needs the per-label counts of stats.
 */
static uint32_t *
unmatched(const ts_classifier *c, int by_rule, size_t *n)
{
	size_t nr = ts_rules_count(c->rules), nlab = ts_map_size(c->memo), i;
	uint32_t *ids = xcalloc(nlab ? nlab : 1, sizeof(uint32_t));

	*n = 0;
	for (i = 0; i < nlab; i++)
		if (c->memo_dec[i] == nr || (by_rule && strcmp(
		    c->dec[c->memo_dec[i]].val[OC_CATEGORY], "unclassified") == 0))
			ids[(*n)++] = (uint32_t)i;
	sort_c = c;
	qsort(ids, *n, sizeof(uint32_t), by_rows_desc);
	return ids;
}

int
ts_classifier_suggest(const ts_classifier *c, ts_out *o, size_t top)
{
	size_t n, i, nc = ts_rules_ncolumns(c->rules), shown = 0, left = 0;
	size_t nr = ts_rules_count(c->rules);
	uint32_t *ids;
	int rc = 0;

	if (!c->stats)
		return 0;
	ids = unmatched(c, 1, &n);
	ts_out_puts(o, "# telestat classify --suggest: rules for the "
	    "unclassified labels, most frequent\n# first. Check each one "
	    "before adding it to a rules file, in its category's place\n"
	    "# (telestat-rules(5)).\n");
	for (i = 0; i < n; i++) {
		ts_str k = ts_map_key(c->memo, ids[i]);
		const char *tab = nc > 0 ? memchr(k.p, '\t', k.n) : NULL;
		uint32_t di = c->memo_dec[ids[i]];
		const char *note = NULL;
		char *unesc = NULL;
		ts_suggestion s;

		if (tab != NULL)
			k.n = (size_t)(tab - k.p);
		/* Memo keys are raw fields: suggest from the label itself. */
		if (ts_has_escape(k)) {
			char *u = xmalloc(k.n + 1);
			k.n = ts_unescape(k, u);
			k.p = u;
			unesc = u;
		}
		if (ts_suggest(c->rules, k, &s) < 0) {
			ts_warn("%s: a definition failed to match \"%.*s\"",
			    ts_rules_name(c->rules), (int)(k.n > 200 ? 200 : k.n),
			    k.p);
			rc = -1;
			free(unesc);
			continue;
		}
		/*
		 * A label an unclassified rule decided (an in-person service)
		 * is shown only when a remote marker, or a medium named after
		 * "por", "via", "by"..., points to a category.
		 */
		if (di != nr) {
			note = c->dec[di].where;
			if (s.kind == TS_SUGGEST_STEM_OTHER ||
			    s.kind == TS_SUGGEST_STEM ||
			    s.kind == TS_SUGGEST_NONE) {
				ts_suggestion_free(&s);
				free(unesc);
				continue;
			}
		}
		if (top == 0 || shown < top) {
			char buf[600];
			if (note != NULL) {
				snprintf(buf, sizeof(buf), "now unclassified by %s",
				    note);
				note = buf;
			}
			ts_suggestion_write(&s, o, k, c->memo_rows[ids[i]], note);
			shown++;
		} else
			left++;
		ts_suggestion_free(&s);
		free(unesc);
	}
	if (left > 0)
		ts_out_printf(o, "# ... %zu more label%s\n", left,
		    left == 1 ? "" : "s");
	free(ids);
	return rc;
}

void
ts_classifier_report(const ts_classifier *c, FILE *f, size_t top)
{
	const ts_taxonomy *tax = ts_rules_taxonomy(c->rules);
	size_t nr = ts_rules_count(c->rules), i, j;
	uint64_t unc_rule = 0;
	uint32_t *ids;
	size_t nids = 0;

	if (!c->stats)
		return;
	fprintf(f, "  records  category\n");
	/* Totals per category[/subcategory], in taxonomy order. */
	for (i = 0; i < ts_taxonomy_count(tax); i++) {
		const char *cat = ts_taxonomy_at(tax, i)->name;
		size_t s;
		for (s = 0; s <= ts_taxonomy_subcount(tax); s++) {
			const ts_subcategory *sc = s == 0 ? NULL :
			    ts_taxonomy_sub_at(tax, s - 1);
			const char *sub = sc ? sc->name : "";
			uint64_t sum = 0;
			if (sc != NULL && strcmp(sc->category, cat) != 0)
				continue;
			for (j = 0; j < nr; j++) {
				const ts_rule *rj = ts_rules_at(c->rules, j);
				if (strcmp(rj->category, cat) == 0 &&
				    strcmp(rj->subcategory, sub) == 0)
					sum += c->dec_rows[j];
			}
			if (strcmp(cat, "unclassified") == 0)
				unc_rule += sum;
			else if (sum > 0)
				fprintf(f, "%9llu  %s%s%s\n",
				    (unsigned long long)sum, cat, sc ? "/" : "", sub);
		}
	}
	if (unc_rule > 0)
		fprintf(f, "%9llu  unclassified (by rule)\n",
		    (unsigned long long)unc_rule);
	if (c->dec_rows[nr] > 0)
		fprintf(f, "%9llu  unclassified (no rule matched)\n",
		    (unsigned long long)c->dec_rows[nr]);
	ids = unmatched(c, 0, &nids);
	if (nids > 0 && top > 0) {
		fprintf(f, "  records  labels no rule matched%s\n",
		    nids > top ? " (most frequent)" : "");
		for (i = 0; i < nids && i < top; i++) {
			fprintf(f, "%9llu  ", (unsigned long long)c->memo_rows[ids[i]]);
			print_key(c, f, ts_map_key(c->memo, ids[i]));
			fputc('\n', f);
		}
		if (nids > top)
			fprintf(f, "           ... %zu more distinct labels\n",
			    nids - top);
	}
	free(ids);
}

void
ts_classifier_summary(ts_classifier *c, ts_runsum *s)
{
	size_t nr = ts_rules_count(c->rules), j;

	if (!c->stats)
		return;
	if (c->dec_summarized == NULL)
		c->dec_summarized = xcalloc(c->ndec, sizeof(uint64_t));
	/* Rows per category since the last call: one file's. */
	for (j = 0; j < c->ndec; j++) {
		uint64_t n = c->dec_rows[j] - c->dec_summarized[j];
		if (n == 0)
			continue;
		ts_runsum_add(s, TS_RS_CATEGORIES, j < nr ?
		    ts_rules_at(c->rules, j)->category : "unclassified", n);
		c->dec_summarized[j] = c->dec_rows[j];
	}
}

struct ts_classify {
	struct ts_classify_opts o;
	ts_taxonomy *tax;
	ts_rules *rules;
	ts_classifier *cl;
	ts_runsum *sum;                 /* --summary, or NULL */
	uint64_t in, out, bad;          /* records over all inputs */
};

ts_classify *
ts_classify_open(const struct ts_classify_opts *o, ts_error *e)
{
	ts_classify *c = xcalloc(1, sizeof(*c));
	char *default_rules = NULL;
	const char *path = o->rules;

	c->o = *o;
	/* Every rules problem ends the run before any record is read. */
	if ((c->tax = ts_taxonomy_load(NULL, e)) == NULL) {
		ts_classify_free(c);
		return NULL;
	}
	if (path == NULL && (path = default_rules = ts_share_path("rules")) ==
	    NULL) {
		ts_error_set(e, TS_EXIT_USAGE, "cannot find the default rules in"
		    " the share directory (set TELESTAT_SHARE or use -r)");
		ts_classify_free(c);
		return NULL;
	}
	c->rules = ts_rules_load(path, c->tax, e);
	free(default_rules);
	if (c->rules == NULL) {
		/* A rules file that is not valid stays a usage error. */
		e->status = TS_EXIT_USAGE;
		/* A rules file the system failed to read raised the status to 3
		 * (ts_rules_load): not the usage error of a wrong name. */
		if (ts_status() > e->status)
			e->status = ts_status();
		ts_classify_free(c);
		return NULL;
	}
	if (o->summary != NULL)
		c->sum = ts_runsum_new("classify", NULL);
	/* --suggest needs the per-label counts that --stats keeps. */
	c->cl = ts_classifier_new(c->rules, o->explain,
	    o->stats || o->suggest || c->sum != NULL);
	if (o->suggest)
		ts_classifier_set_quiet(c->cl);
	return c;
}

void
ts_classify_free(ts_classify *c)
{
	if (c == NULL)
		return;
	ts_runsum_free(c->sum);
	ts_classifier_free(c->cl);
	ts_rules_free(c->rules);
	ts_taxonomy_free(c->tax);
	free(c);
}

/* A file's section of the --summary (none without --summary). */
static void
file_summary(ts_runsum *sum, const char *path, uint64_t read,
    uint64_t written, uint64_t rejected, int status)
{
	struct ts_runsum_rows rows = { read, written, rejected, 0 };

	if (sum != NULL)
		ts_runsum_end_file(sum, strcmp(path, "-") == 0 ? "<stdin>" : path,
		    "records", "utf-8", &rows, status);
}

/*
 * The records of R, classified to OUT. Returns the file's own status,
 * for its --summary section; the run's is ts_status().
 */
static int
classify_records(ts_classify *c, ts_reader *r, ts_out *out)
{
	ts_str *fields;
	int rc, status = TS_EXIT_OK;

	/* A failed output (a full disk, a reader gone) ends the reading. */
	while (!ts_out_failed(out) &&
	    (rc = ts_reader_next(r, &fields)) != TS_ROW_EOF) {
		if (rc == TS_ROW_FAIL) {
			status = TS_EXIT_IO;
			break;
		}
		c->in++;
		if (rc == TS_ROW_BAD) {
			/* A ragged record cannot be classified: rejected. */
			ts_reader_warn(r, ts_reader_error(r));
			if (c->sum != NULL)
				ts_runsum_count(c->sum, TS_RS_REJECTED, NULL,
				    ts_reader_error(r));
			c->bad++;
			if (status < TS_EXIT_DATA)
				status = TS_EXIT_DATA;
			continue;
		}
		if (ts_classifier_row(c->cl, fields, ts_reader_raw(r), out) < 0 &&
		    status < TS_EXIT_DATA)
			status = TS_EXIT_DATA;
		c->out++;
	}
	return status;
}

/* One input, to OUT, with its --summary section. */
static void
classify_input(ts_classify *c, const char *path, ts_out *out)
{
	uint64_t in0 = c->in, out0 = c->out, bad0 = c->bad;
	ts_reader *r;
	int status;

	if ((r = ts_reader_open_input(path, &status)) == NULL) {
		ts_status_raise(status);
		if (c->sum != NULL && status == TS_EXIT_IO)
			ts_runsum_unreadable(c->sum, path);
		else
			file_summary(c->sum, path, 0, 0, 0, status);
		return;
	}
	ts_reader_progress(r, c->o.progress);
	if (ts_classifier_begin(c->cl, r, out) < 0) {
		ts_status_raise(TS_EXIT_DATA);
		file_summary(c->sum, path, 0, 0, 0, TS_EXIT_DATA);
		ts_reader_free(r);
		return;
	}
	status = classify_records(c, r, out);
	if (c->sum != NULL)
		ts_classifier_summary(c->cl, c->sum);
	file_summary(c->sum, path, c->in - in0, c->out - out0, c->bad - bad0,
	    status);
	ts_status_raise(status);
	ts_reader_free(r);
}

int
ts_classify_run(ts_classify *c, const struct ts_inputs *in, ts_out *out)
{
	ts_out *sum_out = NULL;
	ts_error e;
	size_t i;

	for (i = 0; i < in->n && !ts_out_failed(out); i++)
		classify_input(c, in->paths[i], out);
	if (c->o.suggest && !ts_out_failed(out) &&
	    ts_classifier_suggest(c->cl, out, c->o.suggest_top) < 0)
		ts_status_raise(TS_EXIT_DATA);
	/* The records complete on disk before the summary says so; records
	 * that did not all go out have no statistics and no summary. */
	if ((ts_status() < TS_EXIT_IO || ts_out_failed(out)) &&
	    ts_out_sync(out, &e) < 0) {
		ts_out_abandon(out);
		return ts_out_failure_status(&e);
	}

	if (c->o.stats || c->bad > 0)
		ts_warn("records: %llu in, %llu out, %llu rejected; "
		    "%zu distinct labels", (unsigned long long)c->in,
		    (unsigned long long)c->out, (unsigned long long)c->bad,
		    ts_classifier_labels(c->cl));
	if (c->o.stats)
		ts_classifier_report(c->cl, stderr, c->o.top);
	if (c->sum != NULL && (sum_out = ts_runsum_write(c->sum, c->o.summary,
	    ts_status(), &e)) == NULL) {
		ts_out_abandon(out);
		return ts_out_failure_status(&e);
	}
	if (ts_out_finish(out, ts_status(), &e) < 0) {
		ts_out_abandon(sum_out);
		return ts_out_failure_status(&e);
	}
	if (sum_out != NULL && ts_out_close(sum_out, &e) < 0)
		return ts_out_failure_status(&e);
	return ts_status();
}
