/* rules.c - rules file parser and matcher; see rules.h. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules.h"

#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "prefilter.h"
#include "util.h"

/* Bounds for pathological patterns: a label is short, so these are generous. */
#define MATCH_LIMIT   1000000u
#define DEPTH_LIMIT   10000u
#define JIT_STACK_MAX (1024 * 1024)

/*
 * The prefilter (ts_rules_set_prefilter) costs about as much to build as
 * a few labels cost to classify without it; by default it is built once
 * the rules have run PREFILTER_AFTER patterns per rule, so that a stream
 * of a few distinct labels never pays for it (J1) and one of thousands
 * (a HIS master) has it after its first few unplaced labels.
 */
#define PREFILTER_AFTER 48
enum filter_mode { FILTER_AUTO, FILTER_ON, FILTER_OFF };

/* Compile options: see rules.h and telestat-rules(5). */
#define COMPILE_OPTIONS (PCRE2_UTF | PCRE2_CASELESS | PCRE2_NEVER_BACKSLASH_C)

struct cond {
	size_t col;          /* index in r->columns */
	int negate;          /* COLUMN!=PATTERN */
	pcre2_code *re;
};

struct rule {
	ts_rule pub;
	pcre2_code *re;
	struct cond *conds;
	size_t nconds;
	char *text;          /* the pattern as compiled, for the prefilter */
	size_t textn;
	size_t need;         /* its prefilter formula, once built */
	size_t cat;          /* index of the category in the taxonomy */
	size_t target;       /* index of the (category, subcategory) pair */
	int bare;            /* no subcategory named */
	int unclassified;    /* assigns the "unclassified" category */
};

struct def {
	char *name;
	char *text;          /* expanded, not folded */
	size_t len;
	pcre2_code *re;      /* compiled on its own, for ts_rules_def_search */
};

/* Normalised words, with their lengths compared before their bytes. */
struct words {
	char **w;
	size_t *len;
	size_t n;
};

struct ts_rules {
	char *name;
	const ts_taxonomy *tax;
	struct def *defs;
	size_t ndefs;
	struct rule *rules;
	size_t nrules;
	char **columns;
	size_t ncolumns;
	struct words typos;  /* "~" words, normalised: one edit is mended */
	struct words keeps;  /* "~" words written "=WORD": kept, never mended to */
	/*
	 * The words the patterns spell out, sorted, a stem ending in "*",
	 * for restoring letters an export lost to "?" (see restore_lost);
	 * built when the first label with such a letter comes. RESTORED
	 * holds the label restored, ISRESTORED says it is the form read.
	 */
	char **spelt;
	size_t nspelt;
	int spelt_built;
	char *restored;
	size_t restoredcap;
	int isrestored;
	size_t ncats, ntargets;
	unsigned char *blocked_cat, *blocked_target;  /* scratch for eval */
	char *norm;                                    /* scratch for eval */
	size_t normcap;
	int read_how;        /* enum ts_rules_reading of the last eval */
	char *read;          /* the form it decided on, when not the label */
	size_t readn, readcap;
	/*
	 * A label whose split marker words were joined reads "joined" only
	 * if the rules decide otherwise on it as written: told when asked
	 * (ts_rules_reading), as only --explain asks. SPLIT is the label as
	 * written, normalised, and SPLIT_K the decision on it joined.
	 */
	int split_check;
	ts_str split;
	long split_k;
	ts_str *normcols;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	ts_prefilter *pf;    /* what each rule's pattern needs; NULL: not built */
	int filter;          /* enum filter_mode */
	unsigned long searches;  /* patterns run so far */
};

static void
set_err(ts_error *e, const char *name, unsigned long line,
    const char *fmt, ...) TS_PRINTF(4, 5);

/* Fills E (may be NULL) with "NAME:LINE: message" and TS_EXIT_DATA. */
static void
set_err(ts_error *e, const char *name, unsigned long line,
    const char *fmt, ...)
{
	va_list ap;
	int k;

	if (e == NULL)
		return;
	e->status = TS_EXIT_DATA;
	e->usage = 0;
	k = snprintf(e->msg, sizeof(e->msg), "%s:%lu: ", name, line);
	if (k < 0 || (size_t)k >= sizeof(e->msg))
		return;
	va_start(ap, fmt);
	vsnprintf(e->msg + k, sizeof(e->msg) - (size_t)k, fmt, ap);
	va_end(ap);
}

static int valid_name(const char *p, size_t n);
static int parse_typos(ts_rules *r, const char *rest, size_t rn,
    unsigned long line, ts_error *e);

static const struct def *
find_def(const ts_rules *r, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < r->ndefs; i++)
		if (strlen(r->defs[i].name) == n &&
		    memcmp(r->defs[i].name, p, n) == 0)
			return &r->defs[i];
	return NULL;
}

/*
 * Replaces each {@NAME} in P (n bytes) by (?:DEFINITION). Returns the
 * expanded text (caller frees) with its length in *outn and, in *mapp, the
 * offset in P that each expanded byte comes from (n + 1 entries more than
 * the text, the last for its end); NULL with ERR set on an unknown name.
 */
static char *
expand(const ts_rules *r, const char *p, size_t n, size_t *outn,
    size_t **mapp, unsigned long line, ts_error *e)
{
	size_t cap = n + 1, o = 0, i = 0, *map;
	char *out = xmalloc(cap);

	map = xmalloc(cap * sizeof(size_t));
	while (i < n) {
		const char *close;
		const struct def *d;
		size_t need, j;

		if (!(p[i] == '{' && i + 1 < n && p[i + 1] == '@') ||
		    (close = memchr(p + i, '}', n - i)) == NULL) {
			if (o + 1 >= cap) {
				cap *= 2;
				out = xrealloc(out, cap);
				map = xreallocarray(map, cap, sizeof(size_t));
			}
			map[o] = i;
			out[o++] = p[i++];
			continue;
		}
		d = find_def(r, p + i + 2, (size_t)(close - p - i - 2));
		if (d == NULL) {
			set_err(e, r->name, line,
			    "undefined name \"%.*s\" at offset %zu",
			    (int)(close - p - i + 1), p + i, i);
			free(out);
			free(map);
			return NULL;
		}
		need = o + d->len + 5;
		if (need >= cap) {
			cap = need * 2;
			out = xrealloc(out, cap);
			map = xreallocarray(map, cap, sizeof(size_t));
		}
		memcpy(out + o, "(?:", 3);
		memcpy(out + o + 3, d->text, d->len);
		out[o + 3 + d->len] = ')';
		for (j = 0; j < d->len + 4; j++)
			map[o + j] = i;
		o += d->len + 4;
		i = (size_t)(close - p) + 1;
	}
	map[o] = n;
	out[o] = '\0';
	*outn = o;
	*mapp = map;
	return out;
}

/*
 * Compiles pattern P (n bytes) after expanding definitions and folding
 * accented letters; on error describes it with the offset mapped back to
 * the pattern as written. Returns NULL on error. When TEXT is not NULL,
 * *TEXT (caller frees) and *TEXTN are the very text PCRE2 compiled, for
 * the prefilter.
 */
static pcre2_code *
compile(const ts_rules *r, const char *p, size_t n, const char *what,
    unsigned long line, ts_error *e, char **text, size_t *textn)
{
	size_t en, i = 0, o = 0, off, *emap, *map;
	char *ex = expand(r, p, n, &en, &emap, line, e), *folded;
	int code;
	pcre2_code *re;

	if (ex == NULL)
		return NULL;
	folded = xmalloc(TS_NORMALIZE_CAP(en));
	map = xmalloc((TS_NORMALIZE_CAP(en)) * sizeof(size_t));
	while (i < en) {
		size_t len = ts_utf8_seqlen((unsigned char)ex[i]), k, j;
		if (len > en - i)
			len = en - i;
		k = ts_fold_letters(ex + i, len, folded + o);
		for (j = 0; j < k; j++)
			map[o + j] = emap[i];
		o += k;
		i += len;
	}
	map[o] = n;
	re = pcre2_compile((PCRE2_SPTR)folded, o, COMPILE_OPTIONS, &code, &off,
	    NULL);
	if (re == NULL) {
		PCRE2_UCHAR msg[256];
		if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0)
			strcpy((char *)msg, "unknown error");
		set_err(e, r->name, line,
		    "invalid pattern%s \"%.*s\": %s at offset %zu", what,
		    (int)n, p, (char *)msg, off <= o ? map[off] : n);
	} else {
		/* Without JIT support PCRE2 interprets: slower, still right. */
		(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
		if (text != NULL) {
			*text = xstrndup(folded, o);
			*textn = o;
		}
	}
	free(ex);
	free(emap);
	free(folded);
	free(map);
	return re;
}

/* Parses "@NAME <TAB> PATTERN"; returns 0 or -1 with ERR set. */
static int
parse_def(ts_rules *r, const char *name, size_t nn, const char *rest,
    size_t rn, unsigned long line, ts_error *e)
{
	size_t en, *emap;
	char *ex;
	pcre2_code *re;

	while (rn > 0 && rest[0] == '\t') {
		rest++;
		rn--;
	}
	if (!valid_name(name, nn)) {
		set_err(e, r->name, line,
		    "invalid definition name \"@%.*s\" (use a-z, 0-9, _)",
		    (int)nn, name);
		return -1;
	}
	if (find_def(r, name, nn) != NULL) {
		set_err(e, r->name, line, "\"@%.*s\" defined twice",
		    (int)nn, name);
		return -1;
	}
	if (rn == 0) {
		set_err(e, r->name, line, "empty pattern");
		return -1;
	}
	/* Compiled on its own, so that errors point at this line. */
	if ((re = compile(r, rest, rn, "", line, e, NULL, NULL)) == NULL)
		return -1;
	ex = expand(r, rest, rn, &en, &emap, line, e);
	free(emap);
	r->defs = xreallocarray(r->defs, r->ndefs + 1, sizeof(*r->defs));
	r->defs[r->ndefs].name = xstrndup(name, nn);
	r->defs[r->ndefs].text = ex;
	r->defs[r->ndefs].len = en;
	r->defs[r->ndefs].re = re;
	r->ndefs++;
	return 0;
}

/* Appends the N bytes at S to L as a word of its own. */
static void
words_add(struct words *l, const char *s, size_t n)
{
	l->w = xreallocarray(l->w, l->n + 1, sizeof(char *));
	l->len = xreallocarray(l->len, l->n + 1, sizeof(size_t));
	l->len[l->n] = n;
	l->w[l->n++] = xstrndup(s, n);
}

/* Whether the word S[0..n) is one of L's. */
static int
words_has(const struct words *l, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->len[i] == n && memcmp(l->w[i], s, n) == 0)
			return 1;
	return 0;
}

static void
words_free(struct words *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->w[i]);
	free(l->w);
	free(l->len);
}

/*
 * "~ <TAB> WORD WORD ...": words whose misspellings by one edit are mended
 * when no rule places a label (see run_mended). Each word is normalised
 * and must then be TS_RULES_TYPO_MIN to 64 letters a-z. A word written
 * "=WORD" (two letters or more) is a real word kept as written and never
 * a word to mend to: "=medio" keeps the Spanish "medio" from being read
 * as a misspelt "medico", which a five-letter word could not be listed
 * beside as a mended word.
 */
static int
parse_typos(ts_rules *r, const char *rest, size_t rn, unsigned long line,
    ts_error *e)
{
	const char *p = rest, *end = rest + rn;
	int any = 0;

	while (p < end) {
		const char *w;
		char buf[TS_NORMALIZE_CAP(64)];
		size_t wn, nn, i;
		int keep, min;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			break;
		w = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		wn = (size_t)(p - w);
		keep = wn > 0 && *w == '=';
		min = keep ? 2 : TS_RULES_TYPO_MIN;
		nn = wn - keep <= 64 ? ts_normalize(w + keep, wn - keep, buf) : 0;
		for (i = 0; i < nn && buf[i] >= 'a' && buf[i] <= 'z'; i++)
			;
		if (nn < (size_t)min || nn > 64 || i < nn) {
			set_err(e, r->name, line,
			    "typo word \"%.*s\": expected %d to 64 letters",
			    (int)(wn > 80 ? 80 : wn), w, min);
			return -1;
		}
		words_add(keep ? &r->keeps : &r->typos, buf, nn);
		any = 1;
	}
	if (!any) {
		set_err(e, r->name, line, "no typo words after \"~\"");
		return -1;
	}
	return 0;
}

static int
valid_name(const char *p, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') ||
		    p[i] == '_'))
			return 0;
	return 1;
}

static size_t
column_index(ts_rules *r, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < r->ncolumns; i++)
		if (strlen(r->columns[i]) == n && memcmp(r->columns[i], p, n) == 0)
			return i;
	r->columns = xreallocarray(r->columns, r->ncolumns + 1, sizeof(char *));
	r->columns[r->ncolumns] = xstrndup(p, n);
	return r->ncolumns++;
}

/* Trims spaces and tabs at both ends of *p..*n. */
static void
trim(const char **p, size_t *n)
{
	while (*n > 0 && ((*p)[0] == ' ' || (*p)[0] == '\t')) {
		(*p)++;
		(*n)--;
	}
	while (*n > 0 && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t'))
		(*n)--;
}

static void
free_rule(struct rule *ru)
{
	size_t i;

	pcre2_code_free(ru->re);
	for (i = 0; i < ru->nconds; i++)
		pcre2_code_free(ru->conds[i].re);
	free(ru->conds);
	free(ru->text);
	free((char *)ru->pub.category);
	free((char *)ru->pub.subcategory);
	free((char *)ru->pub.where);
}

/*
 * Parses one rule line (no newline); returns 0, or -1 with ERR set.
 * TARGETS/NTARGETS collect distinct (category, subcategory) pairs.
 */
static int
parse_line(ts_rules *r, const ts_taxonomy *tax, const char *line, size_t n,
    unsigned long lineno, char ***targets, ts_error *e)
{
	const char *end = line + n, *tab, *p, *slash;
	const ts_category *cat;
	struct rule ru;
	size_t tn, i, field = 0;
	char where[64];

	tab = memchr(line, '\t', n);
	if (tab == NULL) {
		set_err(e, r->name, lineno,
		    "missing TAB between category and pattern");
		return -1;
	}
	memset(&ru, 0, sizeof(ru));
	ru.pub.line = lineno;

	/* The target: category[/subcategory], or @NAME for a definition. */
	p = line;
	tn = (size_t)(tab - line);
	trim(&p, &tn);
	if (tn > 0 && p[0] == '@')
		return parse_def(r, p + 1, tn - 1, tab, (size_t)(end - tab),
		    lineno, e);
	if (tn == 1 && p[0] == '~')
		return parse_typos(r, tab, (size_t)(end - tab), lineno, e);
	slash = memchr(p, '/', tn);
	{
		size_t cn = slash ? (size_t)(slash - p) : tn;
		cat = valid_name(p, cn) ? ts_taxonomy_find(tax, p, cn) : NULL;
		if (cat == NULL) {
			set_err(e, r->name, lineno,
			    "unknown category \"%.*s\"", (int)cn, p);
			return -1;
		}
		for (i = 0; ts_taxonomy_at(tax, i) != cat; i++)
			;
		ru.cat = i;
		if (slash != NULL) {
			const char *s = slash + 1;
			size_t sn = tn - cn - 1;
			if (!valid_name(s, sn) ||
			    ts_taxonomy_find_sub(tax, cat->name, s, sn) == NULL) {
				set_err(e, r->name, lineno,
				    "unknown subcategory \"%.*s\" of %s "
				    "(see telestat-taxonomy(7))",
				    (int)sn, s, cat->name);
				return -1;
			}
			ru.pub.subcategory = xstrndup(s, sn);
		} else {
			ru.pub.subcategory = xstrdup("");
			ru.bare = 1;
		}
	}
	ru.pub.category = xstrdup(cat->name);
	ru.unclassified = strcmp(cat->name, "unclassified") == 0;
	ru.pub.with_patient = cat->with_patient;
	snprintf(where, sizeof(where), "%lu", lineno);
	{
		size_t k = strlen(r->name) + strlen(where) + 2;
		char *w = xmalloc(k);
		snprintf(w, k, "%s:%s", r->name, where);
		ru.pub.where = w;
	}
	for (i = 0; i < r->ntargets; i++) {
		const char *t = (*targets)[i];
		size_t cl = strlen(cat->name);
		if (strncmp(t, cat->name, cl) == 0 && t[cl] == '/' &&
		    strcmp(t + cl + 1, ru.pub.subcategory) == 0)
			break;
	}
	if (i == r->ntargets) {
		size_t k = strlen(cat->name) + strlen(ru.pub.subcategory) + 2;
		*targets = xreallocarray(*targets, r->ntargets + 1, sizeof(char *));
		(*targets)[i] = xmalloc(k);
		snprintf((*targets)[i], k, "%s/%s", cat->name, ru.pub.subcategory);
		r->ntargets++;
	}
	ru.target = i;

	/* The pattern, then conditions; runs of TABs separate fields. */
	p = tab;
	while (p < end) {
		const char *f, *fe;
		while (p < end && *p == '\t')
			p++;
		if (p == end)
			break;
		f = p;
		fe = memchr(p, '\t', (size_t)(end - p));
		if (fe == NULL)
			fe = end;
		p = fe;
		if (field++ == 0) {
			if (*f == '!') {
				ru.pub.exclude = 1;
				f++;
			}
			if (f == fe) {
				set_err(e, r->name, lineno,
				    "empty pattern");
				goto fail;
			}
			ru.re = compile(r, f, (size_t)(fe - f), "", lineno,
			    e, &ru.text, &ru.textn);
			if (ru.re == NULL)
				goto fail;
		} else {
			const char *eq = memchr(f, '=', (size_t)(fe - f));
			const char *ce;
			struct cond c;
			char what[96];
			if (eq == NULL) {
				set_err(e, r->name, lineno,
				    "condition \"%.*s\": expected COLUMN=PATTERN "
				    "or COLUMN!=PATTERN", (int)(fe - f), f);
				goto fail;
			}
			memset(&c, 0, sizeof(c));
			ce = eq;
			if (ce > f && ce[-1] == '!') {
				c.negate = 1;
				ce--;
			}
			{
				const char *cn = f;
				size_t cl = (size_t)(ce - f);
				trim(&cn, &cl);
				if (cl == 0 || cl > 64 || memchr(cn, ' ', cl)) {
					set_err(e, r->name, lineno,
					    "condition \"%.*s\": expected "
					    "COLUMN=PATTERN or COLUMN!=PATTERN",
					    (int)(fe - f), f);
					goto fail;
				}
				c.col = column_index(r, cn, cl);
			}
			if (eq + 1 == fe) {
				set_err(e, r->name, lineno,
				    "empty pattern for column %s",
				    r->columns[c.col]);
				goto fail;
			}
			snprintf(what, sizeof(what), " for column %s",
			    r->columns[c.col]);
			c.re = compile(r, eq + 1, (size_t)(fe - eq - 1), what,
			    lineno, e, NULL, NULL);
			if (c.re == NULL)
				goto fail;
			ru.conds = xreallocarray(ru.conds, ru.nconds + 1,
			    sizeof(*ru.conds));
			ru.conds[ru.nconds++] = c;
		}
	}
	if (field == 0) {
		set_err(e, r->name, lineno, "empty pattern");
		goto fail;
	}
	r->rules = xreallocarray(r->rules, r->nrules + 1, sizeof(*r->rules));
	r->rules[r->nrules++] = ru;
	return 0;
fail:
	free_rule(&ru);
	return -1;
}

ts_rules *
ts_rules_parse(const char *text, size_t n, const char *name,
    const ts_taxonomy *tax, ts_error *e)
{
	ts_rules *r = xcalloc(1, sizeof(*r));
	const char *p = text, *end = text + n;
	unsigned long lineno = 0;
	char **targets = NULL;
	size_t i;

	r->name = xstrdup(name);
	r->tax = tax;
	r->ncats = ts_taxonomy_count(tax);
	r->filter = FILTER_AUTO;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *le, *q;

		lineno++;
		if (len > 0 && p[len - 1] == '\r')
			len--;              /* CRLF files from spreadsheets */
		le = p + len;
		if (memchr(p, '\0', len) != NULL) {
			set_err(e, name, lineno, "NUL byte in line");
			goto fail;
		}
		for (q = p; q < le && (*q == ' ' || *q == '\t'); q++)
			;
		if (q < le && *q != '#' &&
		    parse_line(r, tax, p, len, lineno, &targets, e) < 0)
			goto fail;
		p = nl ? nl + 1 : end;
	}
	for (i = 0; i < r->ntargets; i++)
		free(targets[i]);
	free(targets);
	r->blocked_cat = xcalloc(r->ncats ? r->ncats : 1, 1);
	r->blocked_target = xcalloc(r->ntargets ? r->ntargets : 1, 1);
	r->normcols = xcalloc(r->ncolumns ? r->ncolumns : 1, sizeof(ts_str));
	r->md = pcre2_match_data_create(1, NULL);
	r->mctx = pcre2_match_context_create(NULL);
	r->jit = pcre2_jit_stack_create(32 * 1024, JIT_STACK_MAX, NULL);
	if (r->md == NULL || r->mctx == NULL)
		ts_out_of_memory("out of memory creating PCRE2 contexts");
	pcre2_set_match_limit(r->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(r->mctx, DEPTH_LIMIT);
	if (r->jit != NULL)
		pcre2_jit_stack_assign(r->mctx, NULL, r->jit);
	return r;
fail:
	for (i = 0; i < r->ntargets; i++)
		free(targets[i]);
	free(targets);
	ts_rules_free(r);
	return NULL;
}

ts_rules *
ts_rules_load(const char *path, const ts_taxonomy *tax, ts_error *e)
{
	ts_input *in = ts_input_open(path);
	char *buf;
	size_t len = 0, cap = 64 * 1024;
	ssize_t k;
	ts_rules *r;

	if (in == NULL) {
		/* ts_input_open has printed why; a wrong name is a usage error. */
		ts_error_set(e, ts_open_status(errno), "%s", "");
		ts_status_raise(e != NULL ? e->status : TS_EXIT_IO);
		return NULL;
	}
	buf = xmalloc(cap);
	for (;;) {
		if (cap - len < 64 * 1024) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		k = ts_input_read(in, buf + len, cap - len);
		if (k < 0) {
			/* ts_input_read has printed why. */
			ts_status_raise(TS_EXIT_IO);
			ts_error_set(e, TS_EXIT_IO, "%s", "");
			free(buf);
			ts_input_close(in);
			return NULL;
		}
		if (k == 0)
			break;
		len += (size_t)k;
	}
	ts_input_close(in);
	r = ts_rules_parse(buf, len, path, tax, e);
	free(buf);
	return r;
}

void
ts_rules_free(ts_rules *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nrules; i++)
		free_rule(&r->rules[i]);
	for (i = 0; i < r->ncolumns; i++)
		free(r->columns[i]);
	free(r->columns);
	for (i = 0; i < r->ndefs; i++) {
		free(r->defs[i].name);
		free(r->defs[i].text);
		pcre2_code_free(r->defs[i].re);
	}
	free(r->defs);
	words_free(&r->typos);
	words_free(&r->keeps);
	for (i = 0; i < r->nspelt; i++)
		free(r->spelt[i]);
	free(r->spelt);
	free(r->restored);
	free(r->rules);
	free(r->blocked_cat);
	free(r->blocked_target);
	free(r->norm);
	free(r->read);
	free(r->normcols);
	pcre2_match_data_free(r->md);
	pcre2_match_context_free(r->mctx);
	pcre2_jit_stack_free(r->jit);
	ts_prefilter_free(r->pf);
	free(r->name);
	free(r);
}

const char *
ts_rules_name(const ts_rules *r)
{
	return r->name;
}

const ts_taxonomy *
ts_rules_taxonomy(const ts_rules *r)
{
	return r->tax;
}

size_t
ts_rules_count(const ts_rules *r)
{
	return r->nrules;
}

const ts_rule *
ts_rules_at(const ts_rules *r, size_t i)
{
	return i < r->nrules ? &r->rules[i].pub : NULL;
}

size_t
ts_rules_ncolumns(const ts_rules *r)
{
	return r->ncolumns;
}

const char *
ts_rules_column(const ts_rules *r, size_t i)
{
	return i < r->ncolumns ? r->columns[i] : NULL;
}

size_t
ts_rules_def_count(const ts_rules *r)
{
	return r->ndefs;
}

const char *
ts_rules_def_name(const ts_rules *r, size_t i)
{
	return i < r->ndefs ? r->defs[i].name : NULL;
}

long
ts_rules_def_find(const ts_rules *r, const char *name)
{
	const struct def *d = find_def(r, name, strlen(name));

	return d ? (long)(d - r->defs) : -1;
}

int
ts_rules_def_search(ts_rules *r, size_t i, ts_str s, size_t from,
    size_t *mstart, size_t *mend)
{
	PCRE2_SIZE *ov;
	int rc;

	if (i >= r->ndefs || from > s.n)
		return 0;
	rc = pcre2_match(r->defs[i].re, (PCRE2_SPTR)s.p, s.n, from,
	    PCRE2_NO_UTF_CHECK, r->md, r->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return -1;
	ov = pcre2_get_ovector_pointer(r->md);
	*mstart = ov[0];
	*mend = ov[1];
	return 1;
}

/* 1 on a match, 0 on none, -1 on a PCRE2 error (ERR set). */
static int
search(ts_rules *r, const struct rule *ru, pcre2_code *re, ts_str s,
    ts_error *e)
{
	int rc = pcre2_match(re, (PCRE2_SPTR)s.p, s.n, 0, PCRE2_NO_UTF_CHECK,
	    r->md, r->mctx);

	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	{
		PCRE2_UCHAR msg[256];
		if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
			strcpy((char *)msg, "unknown error");
		set_err(e, r->name, ru->pub.line,
		    "matching \"%.*s\": %s", (int)(s.n > 200 ? 200 : s.n), s.p,
		    (char *)msg);
	}
	return -1;
}

/* Reads every rule's pattern into the prefilter. */
static void
build_prefilter(ts_rules *r)
{
	size_t i;

	r->pf = ts_prefilter_new();
	for (i = 0; i < r->nrules; i++)
		r->rules[i].need = ts_prefilter_add(r->pf, r->rules[i].text,
		    r->rules[i].textn);
}

/*
 * Runs the rules before index LIMIT on the normalised label NORM; returns
 * the index of the rule that fired, -1 when none did, -2 on a PCRE2 error
 * (ERR set).
 */
static long
run(ts_rules *r, ts_str norm, size_t limit, ts_error *e)
{
	int filter;
	size_t i;

	if (r->pf == NULL && r->filter == FILTER_AUTO &&
	    r->searches >= PREFILTER_AFTER * r->nrules)
		build_prefilter(r);
	filter = r->pf != NULL && r->filter != FILTER_OFF &&
	    ts_prefilter_scan(r->pf, norm.p, norm.n);

	memset(r->blocked_cat, 0, r->ncats ? r->ncats : 1);
	memset(r->blocked_target, 0, r->ntargets ? r->ntargets : 1);
	for (i = 0; i < limit && i < r->nrules; i++) {
		struct rule *ru = &r->rules[i];
		size_t c;
		int m;

		if (r->blocked_cat[ru->cat] || r->blocked_target[ru->target])
			continue;
		/* A pattern that lacks text it needs would not match. */
		if (filter && !ts_prefilter_may_match(r->pf, ru->need))
			continue;
		r->searches++;
		m = search(r, ru, ru->re, norm, e);
		for (c = 0; m == 1 && c < ru->nconds; c++) {
			m = search(r, ru, ru->conds[c].re,
			    r->normcols[ru->conds[c].col], e);
			if (m >= 0 && ru->conds[c].negate)
				m = !m;
		}
		if (m < 0)
			return -2;
		if (m == 0)
			continue;
		if (!ru->pub.exclude)
			return (long)i;
		if (ru->bare)
			r->blocked_cat[ru->cat] = 1;
		else
			r->blocked_target[ru->target] = 1;
	}
	return -1;
}

/* Keeps FORM as the one the last decision was read on, HOW so. */
static void
keep_reading(ts_rules *r, int how, const char *form, size_t n)
{
	if (n + 1 > r->readcap) {
		r->readcap = n + 1;
		r->read = xrealloc(r->read, r->readcap);
	}
	memcpy(r->read, form, n);
	r->read[n] = '\0';
	r->readn = n;
	r->read_how = how;
	r->split_check = 0;
}

/*
 * Length of the leading code of the normalised label S ("99499 01 ",
 * "12345 ", "c1234 "): its first word when it holds a digit, with the
 * space after it; 0 when it has none or is nothing else.
 */
static size_t
leading_code(ts_str s)
{
	size_t i;
	int digit = 0;

	for (i = 0; i < s.n && s.p[i] != ' '; i++)
		if (s.p[i] >= '0' && s.p[i] <= '9')
			digit = 1;
	return digit && i + 1 < s.n ? i + 1 : 0;
}

/*
 * Runs the rules on the normalised label NORM as run() does, reading a
 * label that starts with a code ("12345 - ED TELEPSYCHIATRY", "A09 -
 * CARD TELEHEALTH APPT", "12345 - 93296 PM/ICD REMOTE") also without it,
 * one code word at a time up to TS_RULES_MAX_CODES, as one label: the
 * first rule, in file order, that fires on any of these readings decides.
 * Rules that look at the start of the description ("^card",
 * "^(?:tele)?phone", a bare CPT code) then see it there, and rules on the
 * code itself (HIS 99499.xx) still see the code. *SKIP is set to the
 * number of leading bytes of NORM the decision's reading left out.
 */
static long
run_read(ts_rules *r, ts_str norm, size_t *skip, ts_error *e)
{
	long k = run(r, norm, r->nrules, e), k2;
	ts_str t = norm;
	int codes;

	*skip = 0;
	for (codes = 0; codes < TS_RULES_MAX_CODES && k != -2; codes++) {
		size_t c = leading_code(t);
		if (c == 0)
			break;
		t.p += c;
		t.n -= c;
		/* A rule after K cannot take its place. */
		k2 = run(r, t, k >= 0 ? (size_t)k : r->nrules, e);
		if (k2 == -2)
			return -2;
		if (k2 >= 0 && (k < 0 || k2 < k)) {
			k = k2;
			*skip = (size_t)(t.p - norm.p);
		}
	}
	return k;
}

/*
 * The two words of S on either side of its space AT: the first starts at
 * *B, the second ends at *E (both end at a space or at S's end).
 */
static void
words_around(ts_str s, size_t at, size_t *b, size_t *e)
{
	for (*b = at; *b > 0 && s.p[*b - 1] != ' '; (*b)--)
		;
	for (*e = at + 1; *e < s.n && s.p[*e] != ' '; (*e)++)
		;
}

/*
 * Prepositions, articles and conjunctions that a space follows on
 * purpose ("con telemedicina" is two words, not a split
 * "contelemedicina"; "in patient's home" is not "inpatient"; "linea 2 de
 * tratamiento" is no "detratamiento", which an exclusion would not see).
 * Of the words of one or two letters only prepositions and articles are
 * among them: the others are as often the head of a split word ("e
 * consulta", "te leconsulta").
 */
static const char *const function_words[] = { "and", "at", "by", "com",
	"con", "da", "das", "de", "del", "do", "dos", "el", "em", "en", "for",
	"in", "la", "las", "los", "of", "on", "para", "pela", "pelo", "por",
	"sin", "the", "to", "via", "with", NULL };

/*
 * Words a space before is also kept: the Spanish and Portuguese function
 * words, which a space precedes on purpose: "prestador de referencia" is
 * no "prestadorde referencia", which an exclusion ("prestador de") would
 * not see; the Spanish conjunction "y", which no split word ends with
 * ("lenguaje y aprendizaje" is no "lenguajey"); and the English words of
 * five letters or fewer no split word's half is ("teleconferences for
 * doctors" is no "teleconferencesfor doctors"). The other English ones
 * are left out: "on", "to" and "in" end the halves of split words
 * ("consultati on", "monitor in g").
 */
static const char *const kept_after_space[] = { "com", "con", "da", "das",
	"de", "del", "do", "dos", "el", "em", "en", "la", "las", "los", "para",
	"pela", "pelo", "por", "y", "and", "for", "the", "via", "with", NULL };

/* Whether the word S[B..E) is one of WORDS (NULL-terminated). */
static int
word_listed(const char *const *words, ts_str s, size_t b, size_t e)
{
	for (; *words != NULL; words++)
		if (strlen(*words) == e - b && memcmp(*words, s.p + b, e - b) == 0)
			return 1;
	return 0;
}

/*
 * Whether S[B..E), the two words around a space, holds a digit: codes
 * and quantities ("12345 alloderm", "covid 19", "30 min") are words of
 * their own, never halves of a split word.
 */
static int
holds_digit(ts_str s, size_t b, size_t e)
{
	for (; b < e; b++)
		if (s.p[b] >= '0' && s.p[b] <= '9')
			return 1;
	return 0;
}

/*
 * Whether the space of S at AT separates words of their own, which the
 * split-word repair leaves apart: after a function word or before a
 * Spanish or Portuguese one, beside a word with a digit, or between two
 * words both long enough to be words ("second opinions", "home visit").
 * Joining those would more often hide a word an exclusion names
 * ("secondopinions") than mend a split one, whose halves are seldom both
 * this long ("TELECON SULTA" is a split marker word, joined earlier).
 */
static int
space_kept(ts_str s, size_t at)
{
	size_t b, e;

	words_around(s, at, &b, &e);
	return word_listed(function_words, s, b, at) ||
	    word_listed(kept_after_space, s, at + 1, e) ||
	    holds_digit(s, b, e) ||
	    (at - b >= TS_RULES_WORD_ALONE &&
	    e - at - 1 >= TS_RULES_WORD_ALONE);
}

/*
 * Whether joining S at its space AT makes a "~" marker word ("TEL
 * ECONSULTA", "teleph one", "larga distan cia").
 */
static int
joins_marker(const ts_rules *r, ts_str s, size_t at)
{
	size_t b, e, i;

	words_around(s, at, &b, &e);
	for (i = 0; i < r->typos.n; i++) {
		size_t tn = r->typos.len[i];
		const char *t = r->typos.w[i];
		if (tn == e - b - 1 && memcmp(t, s.p + b, at - b) == 0 &&
		    memcmp(t + (at - b), s.p + at + 1, e - at - 1) == 0)
			return 1;
	}
	return 0;
}

const char *
ts_rules_marker(const ts_rules *r, size_t i)
{
	return i < r->typos.n ? r->typos.w[i] : NULL;
}

/*
 * A "~" marker word split by one stray space is joined before any rule
 * runs: "TEL ECONSULTA" is a teleconsulta even though "econsulta" alone
 * would be read as another category, and "larga distan cia" is the
 * long-distance call an exclusion names. Only a join that makes a marker
 * word exactly, so that two words are never merged into a word that is
 * not one. Every space is looked at: no rule runs for it.
 */
size_t
ts_rules_join_markers(const ts_rules *r, ts_str norm, char *dst)
{
	size_t i, o = 0;

	for (i = 0; i < norm.n; i++) {
		if (norm.p[i] == ' ' && joins_marker(r, norm, i))
			continue;
		dst[o++] = norm.p[i];
	}
	dst[o] = '\0';
	return o;
}

/*
 * A word split by one stray space ("TELECON SULTA", "teleorien tacion"):
 * when no rule fired, on the label nor on it mended ("telehone scatologia"
 * is "telephone scatologia", not "telehonescatologia"), the label is
 * tried again with one space removed, for each of its first
 * TS_RULES_MAX_JOINS spaces from the left; the first form on which a
 * rule fires decides. One join per try, so two
 * words are never merged into a third, nor a function word or a word
 * with a digit with the next. (A split "~" marker word was joined
 * before any rule ran: see ts_rules_join_markers.) K is the decision so
 * far; returns the one to keep.
 */
static long
run_joined(ts_rules *r, ts_str norm, long k, ts_error *e)
{
	size_t i, tries = 0, skip;
	char *j = r->norm + r->normcap - norm.n - 1;  /* room after the label */

	if (k != -1)
		return k;
	for (i = 0; i < norm.n && tries < TS_RULES_MAX_JOINS; i++) {
		ts_str t;
		long k2;
		if (norm.p[i] != ' ')
			continue;
		tries++;
		if (space_kept(norm, i))
			continue;
		memcpy(j, norm.p, i);
		memcpy(j + i, norm.p + i + 1, norm.n - i - 1);
		j[norm.n - 1] = '\0';
		t.p = j;
		t.n = norm.n - 1;
		k2 = run_read(r, t, &skip, e);
		if (k2 == -2)
			return -2;
		if (k2 < 0)
			continue;
		keep_reading(r, TS_READ_JOINED, t.p + skip, t.n - skip);
		return k2;
	}
	return k;
}

/*
 * 1 when A[0..an) becomes B[0..bn) by exactly one edit: a letter
 * changed, dropped or added, or two neighbours swapped.
 */
static int
one_edit(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0;

	if (an == bn) {
		while (i < an && a[i] == b[i])
			i++;
		if (i == an)
			return 0;                       /* the same word */
		if (memcmp(a + i + 1, b + i + 1, an - i - 1) == 0)
			return 1;                       /* one changed */
		return i + 1 < an && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		    memcmp(a + i + 2, b + i + 2, an - i - 2) == 0;
	}
	if (an + 1 == bn || bn + 1 == an) {
		const char *l = an > bn ? a : b, *s = an > bn ? b : a;
		size_t sn = an > bn ? bn : an;
		while (i < sn && l[i] == s[i])
			i++;
		return memcmp(l + i + 1, s + i, sn - i) == 0;
	}
	return 0;
}

/*
 * The "~" word W[0..wn) is one edit away from, or -1 when none is or
 * when two are (a guess between two words is no guess), or when W is one
 * of them already or a word kept as written ("=WORD").
 */
static long
typo_of(const ts_rules *r, const char *w, size_t wn)
{
	long hit = -1;
	size_t i;

	if (wn + 1 < TS_RULES_TYPO_MIN)
		return -1;
	if (words_has(&r->keeps, w, wn))
		return -1;
	for (i = 0; i < r->typos.n; i++) {
		size_t tn = r->typos.len[i];
		if (tn == wn && memcmp(r->typos.w[i], w, wn) == 0)
			return -1;
		if (tn + 1 < wn || wn + 1 < tn ||
		    !one_edit(w, wn, r->typos.w[i], tn))
			continue;
		if (hit >= 0 && strcmp(r->typos.w[hit], r->typos.w[i]) != 0)
			return -1;
		hit = (long)i;
	}
	return hit;
}

/*
 * A marker or stem word misspelt by one edit ("telefonca", "virutal",
 * "orienacion"): each word one edit away from exactly one "~" word is
 * replaced by it and the rules run again. The new decision is taken when
 * it is a category, even over a category the misspelt label fell into
 * ("orienacion medica telefonica" is advice, not the consultation
 * "medica telefonica" alone would make); otherwise K stands. *FIRED is
 * set when some rule fired on the mended form, so that a word is not
 * then joined with the next to make another (see run_joined). K is the
 * decision so far; returns the one to keep.
 */
static long
run_mended(ts_rules *r, ts_str norm, long k, int *fired, ts_error *e)
{
	char *m = r->norm + r->normcap - 2 * norm.n - 2;  /* room after */
	size_t i = 0, o = 0, skip;
	int mended = 0;
	long k2;

	*fired = 0;
	if (r->typos.n == 0)
		return k;
	while (i < norm.n) {
		size_t s = i;
		long t;
		while (i < norm.n && norm.p[i] != ' ')
			i++;
		t = typo_of(r, norm.p + s, i - s);
		if (t >= 0) {
			size_t tn = r->typos.len[t];
			memcpy(m + o, r->typos.w[t], tn);
			o += tn;
			mended = 1;
		} else {
			memcpy(m + o, norm.p + s, i - s);
			o += i - s;
		}
		if (i < norm.n)
			m[o++] = norm.p[i++];
	}
	if (!mended)
		return k;
	m[o] = '\0';
	k2 = run_read(r, (ts_str){ m, o }, &skip, e);
	if (k2 == -2)
		return -2;
	*fired = k2 >= 0;
	/* The same rule either way: the label reads as it is. */
	if (k2 < 0 || r->rules[k2].unclassified || k2 == k)
		return k;
	keep_reading(r, TS_READ_MENDED, m + skip, o - skip);
	return k2;
}

static int
letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
compare_words(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the word S (owned from now on) to the list *W of *N, room *CAP. */
static void
spelt_push(char ***w, size_t *n, size_t *cap, char *s)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 1024;
		*w = xreallocarray(*w, *cap, sizeof(**w));
	}
	(*w)[(*n)++] = s;
}

/*
 * The words the rules' patterns spell out: each run of
 * TS_RULES_LOST_MIN letters or more in a pattern as compiled, which an
 * escape ("\b", "\s") ends; a run before "\w", a group or a class is a
 * stem ("telefon\w*", "telemati(?:c|q)", "medic[oa]") that a longer word
 * may begin, kept with a "*" after it; and the "~" words. The
 * exclusions' words count as much as the markers': a label whose
 * "CIR?RGICO" stays unread is a false friend lost.
 */
static void
spelt_build(ts_rules *r)
{
	size_t i, j, n = 0, cap = 0, u;
	char **w = NULL;

	for (i = 0; i < r->nrules; i++) {
		const char *t = r->rules[i].text;
		size_t tn = r->rules[i].textn;
		for (j = 0; j < tn; ) {
			size_t b, k;
			char *word;
			int stem;
			if (t[j] == '\\') {
				j += 2;
				continue;
			}
			if (!letter(t[j])) {
				j++;
				continue;
			}
			for (b = j; j < tn && letter(t[j]); j++)
				;
			if (j - b < TS_RULES_LOST_MIN)
				continue;
			stem = j < tn && (t[j] == '(' || t[j] == '[' ||
			    (j + 1 < tn && t[j] == '\\' && t[j + 1] == 'w'));
			word = xmalloc(j - b + 2);
			for (k = 0; k < j - b; k++)
				word[k] = (char)(t[b + k] | 0x20);
			if (stem)
				word[k++] = '*';
			word[k] = '\0';
			spelt_push(&w, &n, &cap, word);
		}
	}
	for (i = 0; i < r->typos.n; i++)
		spelt_push(&w, &n, &cap, xstrndup(r->typos.w[i], r->typos.len[i]));
	for (i = 0; i < r->keeps.n; i++)
		spelt_push(&w, &n, &cap, xstrndup(r->keeps.w[i], r->keeps.len[i]));
	if (n > 0)
		qsort(w, n, sizeof(*w), compare_words);
	for (i = u = 0; i < n; i++) {
		if (u > 0 && strcmp(w[u - 1], w[i]) == 0)
			free(w[i]);
		else
			w[u++] = w[i];
	}
	r->spelt = w;
	r->nspelt = u;
	r->spelt_built = 1;
}

/*
 * Whether the letters of W[0..n) are those of S[0..n), a "?" in W
 * standing for any one letter.
 */
static int
fits(const char *w, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] != '?' && w[i] != s[i])
			return 0;
	return 1;
}

/*
 * Restores in place the word W[0..n), which holds letters lost to "?",
 * to the one word the rules spell out that it fits (each "?" one
 * letter), or when no whole word fits, to the one stem's letters and
 * its own after them: 1 when there is exactly one, else 0 and W
 * unchanged. Two words that fit are no guess, nor is a word of more
 * "?" than letters.
 */
static int
restore_word(const ts_rules *r, char *w, size_t n)
{
	char found[TS_RULES_LOST_MAX];
	size_t i, lost = 0, k;
	int have = 0, stems;

	if (n > sizeof(found))
		return 0;
	for (i = 0; i < n; i++)
		lost += w[i] == '?';
	if (lost == 0 || 2 * lost > n)
		return 0;
	/* A whole word spelt out first: only then the stems. */
	for (stems = 0; stems < 2 && !have; stems++) {
		for (i = 0; i < r->nspelt; i++) {
			const char *s = r->spelt[i];
			size_t sn = strlen(s);
			if ((s[sn - 1] == '*') != stems)
				continue;
			if (stems) {
				sn--;
				if (sn > n || memchr(w + sn, '?', n - sn) != NULL)
					continue;
			} else if (sn != n)
				continue;
			if (!fits(w, s, sn))
				continue;
			if (have) {
				for (k = 0; k < sn; k++)
					if (found[k] != s[k])
						return 0;
				continue;
			}
			memcpy(found, s, sn);
			memcpy(found + sn, w + sn, n - sn);
			have = 1;
		}
	}
	if (have)
		memcpy(w, found, n);
	return have;
}

/*
 * An export that wrote labels to Latin-1 or ASCII lost their accented
 * letters to "?" ("L?NEA TELEF?NICA", "CIR?RGICO"). The normaliser drops
 * such a "?", so that a word one letter short is mended; a word short of
 * two letters, or of one that no "~" word names, would stay unread.
 * Each word with a lost letter that exactly one word the rules spell
 * out fits is restored to it (see spelt_build), and the others lose
 * their "?" as before. Returns the restored form of LABEL (valid until
 * the next call), or NULL when no word was restored: the rules then
 * read the label as normalised.
 */
static const char *
restore_lost(ts_rules *r, ts_str label, size_t *outn)
{
	size_t cap = TS_NORMALIZE_CAP(label.n), i = 0, o = 0, n;
	char *k;
	int any = 0;

	/* No "?" nor 0xEF, the lead byte of U+FFFD: no letter was lost. */
	if (memchr(label.p, '?', label.n) == NULL &&
	    memchr(label.p, 0xEF, label.n) == NULL)
		return NULL;
	if (2 * cap > r->restoredcap) {
		r->restoredcap = 2 * cap;
		r->restored = xrealloc(r->restored, r->restoredcap);
	}
	k = r->restored + cap;
	n = ts_normalize_kept(label.p, label.n, k);
	if (memchr(k, '?', n) == NULL)
		return NULL;
	if (!r->spelt_built)
		spelt_build(r);
	while (i < n) {
		size_t b = i;
		while (i < n && k[i] != ' ')
			i++;
		if (restore_word(r, k + b, i - b))
			any = 1;
		for (; b < i; b++)
			if (k[b] != '?')
				r->restored[o++] = k[b];
		if (i < n)
			r->restored[o++] = k[i++];
	}
	if (!any)
		return NULL;
	r->restored[o] = '\0';
	*outn = o;
	return r->restored;
}

/*
 * An export that lost its accented letters to "?" lost its no-break
 * spaces too ("TELEDISPOSITIVOS?MONITOR?DE?SIGNOS?VITALES"): the
 * normaliser, which reads a "?" between letters as a lost letter, then
 * runs the words together. When no rule fired on any other reading,
 * LABEL is read once more with each such "?" as a space, normalised into
 * DST (room for TS_NORMALIZE_CAP(label.n), clear of the mending's and
 * the joins' room at the end of the buffer), unless it reads as PLAIN,
 * the label's ordinary normalised form; a rule that fires there
 * decides. Returns the decision, -1 for none.
 */
static long
run_spaced(ts_rules *r, ts_str label, ts_str plain, char *dst, ts_error *e)
{
	ts_str spaced;
	size_t skip;
	long k;

	spaced.p = dst;
	spaced.n = ts_normalize_spaced(label.p, label.n, dst);
	/* No lost letter: the rules have read this form already. */
	if (spaced.n == plain.n && memcmp(spaced.p, plain.p, plain.n) == 0)
		return -1;
	k = run_read(r, spaced, &skip, e);
	if (k >= 0)
		keep_reading(r, TS_READ_SPACED, spaced.p + skip,
		    spaced.n - skip);
	return k;
}

long
ts_rules_eval(ts_rules *r, ts_str label, const ts_str *cols, ts_error *e)
{
	size_t need = TS_NORMALIZE_CAP(label.n), i, off, skip, n;
	ts_str norm, plain;
	const char *restored;
	long k;
	int fired = 0;

	for (i = 0; i < r->ncolumns; i++)
		need += TS_NORMALIZE_CAP(cols[i].n);
	need += TS_NORMALIZE_CAP(label.n);     /* its split markers joined */
	need += TS_NORMALIZE_CAP(label.n);     /* a joined copy of the label */
	need += 2 * TS_NORMALIZE_CAP(label.n); /* and a mended one */
	need += TS_NORMALIZE_CAP(label.n);     /* "?" read as spaces */
	if (need > r->normcap) {
		r->normcap = need;
		r->norm = xrealloc(r->norm, need);
	}
	norm.p = r->norm;
	norm.n = ts_normalize(label.p, label.n, r->norm);
	plain = norm;
	r->isrestored = 0;
	if ((restored = restore_lost(r, label, &n)) != NULL) {
		norm.p = restored;
		norm.n = n;
		r->isrestored = 1;
	}
	off = TS_NORMALIZE_CAP(label.n);
	for (i = 0; i < r->ncolumns; i++) {
		r->normcols[i].p = r->norm + off;
		r->normcols[i].n = ts_normalize(cols[i].p, cols[i].n, r->norm + off);
		off += TS_NORMALIZE_CAP(cols[i].n);
	}
	r->read_how = TS_READ_LABEL;
	r->split_check = 0;
	if (r->isrestored)
		keep_reading(r, TS_READ_RESTORED, norm.p, norm.n);
	if ((n = ts_rules_join_markers(r, norm, r->norm + off)) < norm.n) {
		ts_str split = norm;
		norm.p = r->norm + off;
		norm.n = n;
		k = run_read(r, norm, &skip, e);
		if (k != -2) {
			keep_reading(r, TS_READ_JOINED, norm.p, norm.n);
			r->split_check = 1;
			r->split = split;
			r->split_k = k;
		}
	} else
		k = run_read(r, norm, &skip, e);
	if (skip > 0)
		keep_reading(r, TS_READ_UNCODED, norm.p + skip, norm.n - skip);
	if (k != -2)
		k = run_mended(r, norm, k, &fired, e);
	if (k == -1 && !fired)
		k = run_joined(r, norm, k, e);
	if (k == -1)
		k = run_spaced(r, label, plain,
		    r->norm + off + TS_NORMALIZE_CAP(label.n), e);
	return k;
}

void
ts_rules_set_prefilter(ts_rules *r, int on)
{
	r->filter = on ? FILTER_ON : FILTER_OFF;
	if (on && r->pf == NULL)
		build_prefilter(r);
}

int
ts_rules_reading(ts_rules *r, ts_str *form)
{
	if (r->split_check) {
		/*
		 * Said only when the join changed the decision: "Tele-consulta"
		 * is read alike either way, "TEL ECONSULTA" is not.
		 */
		ts_error e;
		size_t skip;
		r->split_check = 0;
		if (run_read(r, r->split, &skip, &e) == r->split_k) {
			r->read_how = TS_READ_LABEL;
			if (r->isrestored)
				keep_reading(r, TS_READ_RESTORED, r->split.p,
				    r->split.n);
		}
	}
	if (r->read_how != TS_READ_LABEL && form != NULL) {
		form->p = r->read;
		form->n = r->readn;
	}
	return r->read_how;
}
