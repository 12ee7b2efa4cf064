/* suggest.c - rules proposed for unmatched labels; see suggest.h. */
#include "suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "taxonomy.h"
#include "util.h"

/* The "tele" prefix that makes a word a remote marker ("telefarmacia"). */
#define PREFIX "tele"
#define PREFIX_LEN 4

struct word {
	size_t b, e;         /* bytes of the word in the normalised label */
	int marker;          /* a remote marker */
	int prefix;          /* starts with the tele prefix */
	long cat;            /* definition index of the stem it holds, or -1 */
	size_t phrase_b, phrase_e;  /* the @remote match it is part of */
};

/* Words that never point anywhere (articles, prepositions). */
static int
stopword(const char *p, size_t n)
{
	static const char *const stop[] = {
		"a", "al", "and", "by", "con", "da", "de", "del", "do", "e",
		"el", "em", "en", "for", "in", "la", "las", "los", "na", "no",
		"of", "on", "or", "para", "pela", "pelo", "por", "the", "to",
		"via", "with", "y", NULL
	};
	size_t i;

	if (n < 3)
		return 1;
	for (i = 0; stop[i] != NULL; i++)
		if (strlen(stop[i]) == n && memcmp(stop[i], p, n) == 0)
			return 1;
	return 0;
}

/* Matches of @remote kept to quote the marker phrase ("a distancia"). */
#define MAX_SPANS 8
struct spans {
	size_t b[MAX_SPANS], e[MAX_SPANS], n;
};

/*
 * Marks the words overlapping a match of definition D in NORM: as remote
 * markers (IS_MARKER, the matches kept in SP) or as holding stem CAT.
 */
static int
mark(ts_rules *r, long d, ts_str norm, struct word *w, size_t nw,
    int is_marker, long cat, struct spans *sp)
{
	size_t from = 0, ms, me, i;
	int rc;

	while ((rc = ts_rules_def_search(r, (size_t)d, norm, from, &ms, &me))
	    == 1) {
		if (is_marker && sp->n < MAX_SPANS && me > ms) {
			sp->b[sp->n] = ms;
			sp->e[sp->n++] = me;
		}
		for (i = 0; i < nw; i++) {
			if (w[i].b >= me + (me == ms) || w[i].e <= ms)
				continue;
			if (is_marker)
				w[i].marker = 1;
			else if (w[i].cat < 0)
				w[i].cat = cat;
		}
		from = me > ms ? me : me + 1;
		if (from > norm.n)
			break;
	}
	return rc < 0 ? -1 : 0;
}

/* Appends the words of W with FLAG set, space separated, to a new string. */
static char *
join(const char *norm, const struct word *w, size_t nw, int which, long cat)
{
	size_t i, n = 0;
	char *s;

	for (i = 0; i < nw; i++)
		n += w[i].e - w[i].b + 1;
	s = xmalloc(n + 1);
	n = 0;
	for (i = 0; i < nw; i++) {
		if (which ? !w[i].marker : w[i].cat != cat || cat < 0)
			continue;
		if (n > 0)
			s[n++] = ' ';
		memcpy(s + n, norm + w[i].b, w[i].e - w[i].b);
		n += w[i].e - w[i].b;
	}
	s[n] = '\0';
	return s;
}

/*
 * "\bWORD\b", or "\btele ?REST\b" for a word with the tele prefix, or the
 * phrase a marker was found as ("\ba distancia\b").
 */
static int
word_pattern(char *buf, size_t cap, const char *norm, const struct word *w)
{
	if (w->phrase_e > w->phrase_b) {
		const char *p = norm + w->phrase_b;
		size_t n = w->phrase_e - w->phrase_b;
		/*
		 * A marker that is one tele word ("telefarmacia") is written
		 * as the prefix form, so that "TELE FARMACIA" matches too; the
		 * telephone words are words of their own.
		 */
		if (n > PREFIX_LEN + 1 && memcmp(p, "tele", PREFIX_LEN) == 0 &&
		    memchr(p, ' ', n) == NULL &&
		    memcmp(p + PREFIX_LEN, "fon", n > PREFIX_LEN + 3 ? 3 : 0) != 0 &&
		    memcmp(p + PREFIX_LEN, "pho", n > PREFIX_LEN + 3 ? 3 : 0) != 0)
			return snprintf(buf, cap, "\\btele ?%.*s\\b",
			    (int)(n - PREFIX_LEN), p + PREFIX_LEN);
		return snprintf(buf, cap, "\\b%.*s\\b", (int)n, p);
	}
	if (w->prefix)
		return snprintf(buf, cap, "\\btele ?%.*s\\b",
		    (int)(w->e - w->b - PREFIX_LEN), norm + w->b + PREFIX_LEN);
	return snprintf(buf, cap, "\\b%.*s\\b", (int)(w->e - w->b),
	    norm + w->b);
}

/* "^(?=.*A)(?=.*B)": both words, in any order. */
static char *
both(const char *norm, const struct word *a, const struct word *b)
{
	size_t cap = 2 * (a->e - a->b + b->e - b->b + a->phrase_e -
	    a->phrase_b + b->phrase_e - b->phrase_b) + 64;
	char *s = xmalloc(cap), pa[512], pb[512];

	word_pattern(pa, sizeof(pa), norm, a);
	word_pattern(pb, sizeof(pb), norm, b);
	snprintf(s, cap, "^(?=.*%s)(?=.*%s)", pa, pb);
	return s;
}

static char *
one(const char *norm, const struct word *a)
{
	size_t cap = a->e - a->b + a->phrase_e - a->phrase_b + 32;
	char *s = xmalloc(cap);

	word_pattern(s, cap, norm, a);
	return s;
}

/* Words that introduce the medium of a service: "por celular", "by fax". */
static int
medium_word(const char *p, size_t n)
{
	static const char *const med[] = {
		"by", "mediante", "over", "pela", "pelo", "por", "through",
		"using", "via", NULL
	};
	size_t i;

	for (i = 0; med[i] != NULL; i++)
		if (strlen(med[i]) == n && memcmp(med[i], p, n) == 0)
			return 1;
	return 0;
}

/*
 * The content word most likely to name the medium: the one after "por",
 * "via", "by"... (*MEDIUM set), else the first content word that is
 * neither a marker nor a stem; NULL when there is none.
 */
static const struct word *
other_word(const char *norm, const struct word *w, size_t nw, int *medium)
{
	size_t i;

	*medium = 0;
	for (i = 0; i + 1 < nw; i++)
		if (medium_word(norm + w[i].b, w[i].e - w[i].b) &&
		    !w[i + 1].marker && w[i + 1].cat < 0 &&
		    !stopword(norm + w[i + 1].b, w[i + 1].e - w[i + 1].b)) {
			*medium = 1;
			return &w[i + 1];
		}
	for (i = 0; i < nw; i++)
		if (!w[i].marker && w[i].cat < 0 &&
		    !stopword(norm + w[i].b, w[i].e - w[i].b))
			return &w[i];
	return NULL;
}

int
ts_suggest(ts_rules *r, ts_str label, ts_suggestion *s)
{
	const ts_taxonomy *tax = ts_rules_taxonomy(r);
	char *norm = xmalloc(TS_NORMALIZE_CAP(label.n));
	char *split = xmalloc(TS_NORMALIZE_CAP(label.n));
	ts_str n;
	struct word *w;
	size_t nw = 0, i, d;
	long remote = ts_rules_def_find(r, "remote"), best = -1;
	struct spans sp;
	const struct word *m = NULL, *st = NULL, *o;
	int medium;

	memset(s, 0, sizeof(*s));
	n.p = norm;
	n.n = ts_normalize(label.p, label.n, split);
	/* Words as the rules read them: a split marker joined. */
	n.n = ts_rules_join_markers(r, (ts_str){ split, n.n }, norm);
	free(split);
	w = xcalloc(n.n / 2 + 1, sizeof(*w));
	for (i = 0; i < n.n; ) {
		size_t e = i;
		while (e < n.n && norm[e] != ' ')
			e++;
		w[nw].b = i;
		w[nw].e = e;
		w[nw].cat = -1;
		w[nw].prefix = e - i > PREFIX_LEN &&
		    memcmp(norm + i, PREFIX, PREFIX_LEN) == 0;
		w[nw].marker = w[nw].prefix;
		nw++;
		i = e + 1;
	}
	sp.n = 0;
	if (remote >= 0 && mark(r, remote, n, w, nw, 1, -1, &sp) < 0)
		goto fail;
	/* A word inside a marker phrase is quoted as the whole phrase. */
	for (i = 0; i < nw; i++) {
		size_t k;
		for (k = 0; k < sp.n; k++)
			if (w[i].b < sp.e[k] && w[i].e > sp.b[k] &&
			    sp.e[k] - sp.b[k] >= w[i].e - w[i].b) {
				w[i].phrase_b = sp.b[k];
				w[i].phrase_e = sp.e[k];
				break;
			}
	}
	/* Stems in definition order: the first category found wins. */
	for (d = 0; d < ts_rules_def_count(r); d++) {
		const char *name = ts_rules_def_name(r, d);
		const ts_category *c = ts_taxonomy_find(tax, name, strlen(name));
		if (c == NULL || strcmp(c->name, "unclassified") == 0)
			continue;
		if (mark(r, (long)d, n, w, nw, 0, (long)d, &sp) < 0)
			goto fail;
		for (i = 0; i < nw; i++) {
			ts_str rest;
			size_t ms, me;
			int rc;
			if (!w[i].prefix || w[i].cat >= 0)
				continue;
			rest.p = norm + w[i].b + PREFIX_LEN;
			rest.n = w[i].e - w[i].b - PREFIX_LEN;
			rc = ts_rules_def_search(r, d, rest, 0, &ms, &me);
			if (rc < 0)
				goto fail;
			if (rc == 1)
				w[i].cat = (long)d;
		}
	}
	for (i = 0; i < nw; i++) {
		if (w[i].cat >= 0 && (best < 0 || w[i].cat < best))
			best = w[i].cat;
		if (w[i].marker && m == NULL)
			m = &w[i];
	}
	for (i = 0; best >= 0 && i < nw; i++)
		if (w[i].cat == best) {
			st = &w[i];
			break;
		}
	/* A marker other than the stem word, not a stop word, if any. */
	for (i = 0; m != NULL && i < nw; i++)
		if (w[i].marker && &w[i] != st &&
		    (w[i].phrase_e > w[i].phrase_b ||
		    !stopword(norm + w[i].b, w[i].e - w[i].b))) {
			m = &w[i];
			break;
		}
	s->marker = join(norm, w, nw, 1, -1);
	s->stem = join(norm, w, nw, 0, best);
	if (st != NULL && m != NULL) {
		s->category = ts_rules_def_name(r, (size_t)best);
		s->kind = TS_SUGGEST_MARKER_STEM;
		s->why = "remote marker and stem";
		s->pattern = m == st ? one(norm, st) : both(norm, m, st);
	} else if (st != NULL) {
		s->category = ts_rules_def_name(r, (size_t)best);
		o = other_word(norm, w, nw, &medium);
		if (o != NULL) {
			s->kind = medium ? TS_SUGGEST_STEM_MEDIUM :
			    TS_SUGGEST_STEM_OTHER;
			s->why = "stem without a known remote marker: check that "
			    "the other word says the service was remote";
			s->pattern = both(norm, st, o);
		} else {
			s->kind = TS_SUGGEST_STEM;
			s->why = "stem without a remote marker: if the service "
			    "was not remote, make it unclassified";
			s->pattern = one(norm, st);
		}
	} else if (m != NULL) {
		const ts_category *c = ts_taxonomy_find(tax, "teleconsulta", 12);
		s->category = c ? c->name : ts_taxonomy_at(tax, 0)->name;
		s->kind = TS_SUGGEST_MARKER;
		s->why = "remote marker without a stem: teleconsulta is the "
		    "most general category, choose a narrower one if the "
		    "words say so";
		o = m->prefix ? NULL : other_word(norm, w, nw, &medium);
		s->pattern = o != NULL ? both(norm, m, o) : one(norm, m);
	} else {
		size_t cap = n.n + 8;
		s->category = "unclassified";
		s->kind = TS_SUGGEST_NONE;
		s->why = "neither a remote marker nor a stem: an in-person "
		    "service, or no service named";
		s->pattern = xmalloc(cap);
		snprintf(s->pattern, cap, "^%s$", norm);
	}
	free(w);
	free(norm);
	return 0;
fail:
	free(w);
	free(norm);
	ts_suggestion_free(s);
	return -1;
}

void
ts_suggestion_free(ts_suggestion *s)
{
	free(s->marker);
	free(s->stem);
	free(s->pattern);
	memset(s, 0, sizeof(*s));
}

/* Writes LABEL quoted, control characters and quotes escaped. */
static void
put_quoted(ts_out *o, ts_str label)
{
	size_t i;

	ts_out_putc(o, '"');
	for (i = 0; i < label.n; i++) {
		unsigned char c = (unsigned char)label.p[i];
		switch (c) {
		case '\t': ts_out_puts(o, "\\t"); break;
		case '\n': ts_out_puts(o, "\\n"); break;
		case '\r': ts_out_puts(o, "\\r"); break;
		case '\\': ts_out_puts(o, "\\\\"); break;
		case '"': ts_out_puts(o, "\\\""); break;
		default:
			if (c < 0x20 || c == 0x7f)
				ts_out_printf(o, "\\x%02x", c);
			else
				ts_out_putc(o, (char)c);
		}
	}
	ts_out_putc(o, '"');
}

void
ts_suggestion_write(const ts_suggestion *s, ts_out *o, ts_str label,
    uint64_t count, const char *note)
{
	ts_out_printf(o, "# %llu record%s, ", (unsigned long long)count,
	    count == 1 ? "" : "s");
	put_quoted(o, label);
	if (note != NULL)
		ts_out_printf(o, " (%s)", note);
	ts_out_printf(o, ": %s", s->why);
	if (s->marker[0] != '\0')
		ts_out_printf(o, "; remote: %s", s->marker);
	if (s->stem[0] != '\0')
		ts_out_printf(o, "; stem: %s", s->stem);
	ts_out_printf(o, "\n%s\t%s\n", s->category, s->pattern);
}
