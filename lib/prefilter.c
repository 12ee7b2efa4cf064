/* prefilter.c - necessary literals of a regular expression; see prefilter.h. */
#include "prefilter.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "util.h"

/*
 * While a pattern is read, a piece of it is described either EXACTLY, by
 * the few strings it can match (at most MAXSET, of at most MAXLEN bytes:
 * "tele", "tele " and "tel" for "tele? ?"), so that neighbours can be
 * joined into longer literals, or by a formula that any text it matches
 * satisfies.
 */
#define MAXSET   16
#define MAXLEN   24
#define MAXDEPTH 64   /* nested groups followed; deeper: no formula */

enum { F_TRUE, F_LIT, F_AND, F_OR };

struct fnode {
	int op;
	size_t lit;          /* F_LIT */
	size_t *kids;        /* F_AND, F_OR */
	size_t nkids, kidcap;
};

struct lit {
	uint32_t seen;       /* == scan generation when present */
	size_t node;         /* its dag node, or NONE */
};

#define NONE ((size_t)-1)

/*
 * The literals in a trie, walked from every byte of the subject: a
 * node's children are a list of siblings, indexed by byte as well once
 * there are DENSE_MIN of them ("tel" is followed by many letters); the
 * root's are always indexed.
 */
struct tnode {
	size_t child, sibling;   /* NONE for none */
	size_t lit;              /* the literal ending here, or NONE */
	size_t nchildren;
	size_t dense;            /* its table in ts_prefilter.dense, or NONE */
	unsigned char c;
};

#define DENSE_MIN 4

/*
 * A formula as kept: the same subformula (the remote markers every rule
 * asks for) is one node, worked out once per scan, from the literals up.
 */
struct dnode {
	int op;
	size_t lit;
	size_t *kids;        /* sorted, distinct */
	size_t nkids;
	size_t *parents;     /* the nodes that have this one as a kid */
	size_t nparents, parentcap;
	uint64_t hash;
	uint32_t gen;        /* the scan val and count are for */
	int val;             /* holds on the subject scanned */
	size_t count;        /* of an AND: kids found to hold */
};

struct ts_prefilter {
	struct fnode *nodes; /* the formula being built; reset per pattern */
	size_t nnodes, nodecap;
	struct dnode *dag;   /* the formulas kept; 0 is "true" */
	size_t ndag, dagcap;
	size_t *table;       /* hash table of dag nodes (NONE: empty) */
	size_t tablecap;
	struct lit *lits;
	size_t nlits, litcap;
	struct tnode *trie;
	size_t ntrie, triecap;
	size_t root[128];          /* the trie's first level */
	size_t (*dense)[128];      /* children by byte, of nodes with many */
	size_t ndense;
	int indexed;               /* the tables are up to date */
	uint32_t gen;
};

struct exact {
	size_t ns;
	unsigned char len[MAXSET];
	char s[MAXSET][MAXLEN];
};

/* A piece of a pattern: its strings (exact) or a formula (node). */
struct info {
	int exact;
	struct exact e;
	size_t f;
};

struct reader {
	ts_prefilter *pf;
	const unsigned char *p;
	size_t n, i;
	int bad;             /* something not followed: the formula is "true" */
	int depth;
};

static size_t
new_node(ts_prefilter *pf, int op)
{
	struct fnode *nd;

	if (pf->nnodes == pf->nodecap) {
		pf->nodecap = pf->nodecap ? pf->nodecap * 2 : 64;
		pf->nodes = xreallocarray(pf->nodes, pf->nodecap, sizeof(*pf->nodes));
	}
	nd = &pf->nodes[pf->nnodes];
	memset(nd, 0, sizeof(*nd));
	nd->op = op;
	return pf->nnodes++;
}

static void
add_kid(ts_prefilter *pf, size_t parent, size_t kid)
{
	struct fnode *nd = &pf->nodes[parent];

	if (nd->nkids == nd->kidcap) {
		nd->kidcap = nd->kidcap ? nd->kidcap * 2 : 4;
		nd->kids = xreallocarray(nd->kids, nd->kidcap, sizeof(size_t));
	}
	nd->kids[nd->nkids++] = kid;
}

/*
 * A AND B (OP F_AND) or A OR B (F_OR). "True" is node 0. Every node has
 * one parent (the formula is a tree), so a node of the same operator is
 * extended in place instead of nesting, keeping formulas shallow.
 */
static size_t
combine(ts_prefilter *pf, int op, size_t a, size_t b)
{
	size_t k;

	if (a == 0 || b == 0)
		return op == F_AND ? (a == 0 ? b : a) : 0;
	if (pf->nodes[a].op != op) {
		if (pf->nodes[b].op == op) {
			k = a;
			a = b;
			b = k;
		} else {
			k = new_node(pf, op);
			add_kid(pf, k, a);
			a = k;
		}
	}
	if (pf->nodes[b].op == op) {
		for (k = 0; k < pf->nodes[b].nkids; k++)
			add_kid(pf, a, pf->nodes[b].kids[k]);
		pf->nodes[b].nkids = 0;   /* now unused */
	} else {
		add_kid(pf, a, b);
	}
	return a;
}

static size_t
new_tnode(ts_prefilter *pf, unsigned char c)
{
	struct tnode *t;

	if (pf->ntrie == pf->triecap) {
		pf->triecap = pf->triecap ? pf->triecap * 2 : 256;
		pf->trie = xreallocarray(pf->trie, pf->triecap, sizeof(*pf->trie));
	}
	t = &pf->trie[pf->ntrie];
	t->child = t->sibling = t->lit = t->dense = NONE;
	t->nchildren = 0;
	t->c = c;
	pf->indexed = 0;
	return pf->ntrie++;
}

/* The literal S[0..n) (n >= 1, ASCII), added to the trie when new. */
static size_t
intern(ts_prefilter *pf, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t t, k, i;

	if ((t = pf->root[u[0]]) == NONE)
		t = pf->root[u[0]] = new_tnode(pf, u[0]);
	for (i = 1; i < n; i++) {
		for (k = pf->trie[t].child; k != NONE && pf->trie[k].c != u[i];
		    k = pf->trie[k].sibling)
			;
		if (k == NONE) {
			k = new_tnode(pf, u[i]);
			pf->trie[k].sibling = pf->trie[t].child;
			pf->trie[t].child = k;
			pf->trie[t].nchildren++;
		}
		t = k;
	}
	if (pf->trie[t].lit != NONE)
		return pf->trie[t].lit;
	if (pf->nlits == pf->litcap) {
		pf->litcap = pf->litcap ? pf->litcap * 2 : 64;
		pf->lits = xreallocarray(pf->lits, pf->litcap, sizeof(*pf->lits));
	}
	pf->lits[pf->nlits].seen = 0;
	pf->lits[pf->nlits].node = NONE;
	pf->trie[t].lit = pf->nlits;
	return pf->nlits++;
}

static int
contains(const char *h, size_t hn, const char *s, size_t sn)
{
	size_t i;

	for (i = 0; i + sn <= hn; i++)
		if (memcmp(h + i, s, sn) == 0)
			return 1;
	return 0;
}

/*
 * The formula of exact strings: one of them occurs. A string that
 * contains another of the set adds nothing ("tel" or "tele" is "tel");
 * the empty string makes it "true".
 */
static size_t
formula_of(ts_prefilter *pf, const struct info *in)
{
	size_t i, j, f = NONE;

	if (!in->exact)
		return in->f;
	for (i = 0; i < in->e.ns; i++)
		if (in->e.len[i] == 0)
			return 0;
	for (i = 0; i < in->e.ns; i++) {
		size_t lit;
		for (j = 0; j < in->e.ns; j++)
			if (j != i && contains(in->e.s[i], in->e.len[i],
			    in->e.s[j], in->e.len[j]) &&
			    (in->e.len[j] < in->e.len[i] || j < i))
				break;
		if (j < in->e.ns)
			continue;
		lit = new_node(pf, F_LIT);
		pf->nodes[lit].lit = intern(pf, in->e.s[i], in->e.len[i]);
		f = f == NONE ? lit : combine(pf, F_OR, f, lit);
	}
	return f == NONE ? 0 : f;
}

/* *DST = *SRC, copying only the strings in use. */
static void
copy_info(struct info *dst, const struct info *src)
{
	size_t i;

	dst->exact = src->exact;
	dst->f = src->f;
	if (!src->exact)
		return;
	dst->e.ns = src->e.ns;
	for (i = 0; i < src->e.ns; i++) {
		dst->e.len[i] = src->e.len[i];
		memcpy(dst->e.s[i], src->e.s[i], src->e.len[i]);
	}
}

static void
set_empty(struct info *in)
{
	in->f = 0;
	in->exact = 1;
	in->e.ns = 1;
	in->e.len[0] = 0;
}

static void
set_any(struct info *in)
{
	in->exact = 0;
	in->f = 0;
}

static void
set_char(struct info *in, unsigned char c)
{
	in->f = 0;
	in->exact = 1;
	in->e.ns = 1;
	in->e.len[0] = 1;
	in->e.s[0][0] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

/* IN becomes a formula (no longer exact). */
static void
to_formula(ts_prefilter *pf, struct info *in)
{
	in->f = formula_of(pf, in);
	in->exact = 0;
}

/* Whether A followed by B can still be told by its strings. */
static int
fits(const struct info *a, const struct info *b)
{
	size_t i, j;

	if (!a->exact || !b->exact || a->e.ns * b->e.ns > MAXSET)
		return 0;
	for (i = 0; i < a->e.ns; i++)
		for (j = 0; j < b->e.ns; j++)
			if ((size_t)a->e.len[i] + b->e.len[j] > MAXLEN)
				return 0;
	return 1;
}

/* A = A followed by B, both exact (fits). */
static void
concat(struct info *a, const struct info *b)
{
	struct exact out;
	size_t i, j;

	if (b->e.ns == 1) {              /* most often one letter */
		for (i = 0; i < a->e.ns; i++) {
			memcpy(a->e.s[i] + a->e.len[i], b->e.s[0], b->e.len[0]);
			a->e.len[i] = (unsigned char)(a->e.len[i] + b->e.len[0]);
		}
		return;
	}
	out.ns = 0;
	for (i = 0; i < a->e.ns; i++)
		for (j = 0; j < b->e.ns; j++) {
			memcpy(out.s[out.ns], a->e.s[i], a->e.len[i]);
			memcpy(out.s[out.ns] + a->e.len[i], b->e.s[j], b->e.len[j]);
			out.len[out.ns++] = (unsigned char)(a->e.len[i] + b->e.len[j]);
		}
	a->e = out;
}

/* A = A or B. */
static void
alternate(ts_prefilter *pf, struct info *a, struct info *b)
{
	if (a->exact && b->exact && a->e.ns + b->e.ns <= MAXSET) {
		size_t j;
		for (j = 0; j < b->e.ns; j++) {
			memcpy(a->e.s[a->e.ns], b->e.s[j], b->e.len[j]);
			a->e.len[a->e.ns++] = b->e.len[j];
		}
		return;
	}
	a->f = combine(pf, F_OR, formula_of(pf, a), formula_of(pf, b));
	a->exact = 0;
}

static void read_alt(struct reader *rd, struct info *out);

static int
at(const struct reader *rd, size_t k)
{
	return rd->i + k < rd->n ? rd->p[rd->i + k] : -1;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alnum(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Skips "{...}" at the reader; 0 when there is none. */
static int
skip_braces(struct reader *rd)
{
	if (at(rd, 0) != '{')
		return 0;
	while (rd->i < rd->n && rd->p[rd->i] != '}')
		rd->i++;
	if (rd->i == rd->n)
		return 0;
	rd->i++;
	return 1;
}

/*
 * An escape outside a class, the reader on its backslash. Anything that
 * refers to groups (\1, \g, \k), quotes (\Q) or is not a plain character
 * or class sets BAD.
 */
static void
read_escape(struct reader *rd, struct info *out)
{
	int e = at(rd, 1);

	set_any(out);
	if (e < 0 || e >= 0x80) {
		rd->bad = 1;
		return;
	}
	rd->i += 2;
	if (strchr("dDwWsShHvVRXaefnrt", e) != NULL)
		return;                          /* a character of a class */
	if (strchr("bBAzZGK", e) != NULL) {
		set_empty(out);                  /* an assertion: no text */
		return;
	}
	if (e == 'p' || e == 'P') {
		if (at(rd, 0) == '{')
			rd->bad |= !skip_braces(rd);
		else
			rd->i++;
		return;
	}
	if (e == 'x') {
		int k;
		if (at(rd, 0) == '{') {
			rd->bad |= !skip_braces(rd);
			return;
		}
		for (k = 0; k < 2 && at(rd, 0) >= 0 && strchr("0123456789abcdefABCDEF",
		    at(rd, 0)) != NULL && at(rd, 0) != 0; k++)
			rd->i++;             /* \xhh: up to two hex digits */
		return;
	}
	if (e == 'o') {
		rd->bad |= !skip_braces(rd);
		return;
	}
	if (is_alnum(e)) {
		rd->bad = 1;
		return;
	}
	set_char(out, (unsigned char)e);         /* \. \- \  and the like */
}

/*
 * A class, the reader on its "[": the few characters it lists, or any
 * character when it is negated, large, or holds escapes or POSIX names.
 */
static void
read_class(struct reader *rd, struct info *out)
{
	unsigned char member[128];
	int neg = 0, any = 0, first = 1;
	size_t count = 0, c;

	memset(member, 0, sizeof(member));
	rd->i++;
	if (at(rd, 0) == '^') {
		neg = 1;
		rd->i++;
	}
	for (;;) {
		int ch = at(rd, 0);
		if (ch < 0) {
			rd->bad = 1;
			return;
		}
		if (ch == ']' && !first)
			break;
		first = 0;
		if (ch == '[' && (at(rd, 1) == ':' || at(rd, 1) == '.' ||
		    at(rd, 1) == '=')) {
			/* Only [:name:] and [:^name:] are followed. */
			size_t j = rd->i + 2;
			if (at(rd, 1) != ':') {
				rd->bad = 1;
				return;
			}
			if (j < rd->n && rd->p[j] == '^')
				j++;
			while (j < rd->n && rd->p[j] >= 'a' && rd->p[j] <= 'z')
				j++;
			if (j + 1 >= rd->n || rd->p[j] != ':' || rd->p[j + 1] != ']') {
				rd->bad = 1;
				return;
			}
			rd->i = j + 2;
			any = 1;
			continue;
		}
		if (ch == '\\') {
			int e = at(rd, 1);
			if (e < 0 || e >= 0x80 || strchr("QENc", e) != NULL) {
				rd->bad = 1;
				return;
			}
			rd->i += 2;
			if (is_alnum(e)) {
				any = 1;
				if ((e == 'p' || e == 'P' || e == 'x' || e == 'o') &&
				    at(rd, 0) == '{' && !skip_braces(rd)) {
					rd->bad = 1;
					return;
				}
				else if ((e == 'p' || e == 'P') && at(rd, 0) != '{')
					rd->i++;     /* \pL */
			} else {
				member[e] = 1;
			}
			continue;
		}
		if (ch >= 0x80) {
			any = 1;
			rd->i += ts_utf8_seqlen((unsigned char)ch);
			continue;
		}
		if (at(rd, 1) == '-' && at(rd, 2) >= 0 && at(rd, 2) != ']') {
			int hi = at(rd, 2);
			if (hi == '\\' || hi == '[' || hi >= 0x80 || hi < ch) {
				any = 1;             /* read "-" and the rest apart */
				member[ch] = 1;
				rd->i++;
				continue;
			}
			for (c = (size_t)ch; c <= (size_t)hi; c++)
				member[c] = 1;
			rd->i += 3;
			continue;
		}
		member[ch] = 1;
		rd->i++;
	}
	rd->i++;                                  /* the "]" */
	set_any(out);
	if (neg || any)
		return;
	for (c = 'A'; c <= 'Z'; c++)
		if (member[c])
			member[c - 'A' + 'a'] = 1;    /* caseless */
	for (c = 0; c < 128; c++)
		if (member[c] && !(c >= 'A' && c <= 'Z'))
			count++;
	if (count == 0 || count > 8)
		return;
	out->exact = 1;
	out->e.ns = 0;
	for (c = 0; c < 128; c++)
		if (member[c] && !(c >= 'A' && c <= 'Z')) {
			out->e.s[out->e.ns][0] = (char)c;
			out->e.len[out->e.ns++] = 1;
		}
}

/*
 * A group, the reader on its "(". Lookaheads and lookbehinds add what
 * they need (it is in the subject) but no text to their neighbours;
 * negative ones add nothing. Group references, conditions, verbs,
 * callouts and extended mode set BAD.
 */
static void
read_group(struct reader *rd, struct info *out)
{
	int look = 0;   /* 1 positive lookaround, -1 negative */
	int c1 = at(rd, 1), c2 = at(rd, 2);

	if (c1 == '*') {
		rd->bad = 1;
		return;
	}
	if (c1 != '?') {
		rd->i++;
	} else if (c2 == '#') {
		while (rd->i < rd->n && rd->p[rd->i] != ')')
			rd->i++;
		if (rd->i == rd->n)
			rd->bad = 1;
		rd->i++;
		set_empty(out);
		return;
	} else if (c2 == ':' || c2 == '>' || c2 == '|') {
		rd->i += 3;
	} else if (c2 == '=' || c2 == '!') {
		look = c2 == '=' ? 1 : -1;
		rd->i += 3;
	} else if (c2 == '<' && (at(rd, 3) == '=' || at(rd, 3) == '!')) {
		look = at(rd, 3) == '=' ? 1 : -1;
		rd->i += 4;
	} else if (c2 == '<' || c2 == '\'' || (c2 == 'P' && at(rd, 3) == '<')) {
		int close = c2 == '\'' ? '\'' : '>';
		rd->i += c2 == 'P' ? 4 : 3;
		while (rd->i < rd->n && (is_alnum(rd->p[rd->i]) ||
		    rd->p[rd->i] == '_'))
			rd->i++;
		if (at(rd, 0) != close) {
			rd->bad = 1;
			return;
		}
		rd->i++;
	} else {
		/* Option letters: (?i) (?-i) (?s:...); not x. */
		size_t j = rd->i + 2;
		while (j < rd->n && strchr("imnsJU^-", rd->p[j]) != NULL &&
		    rd->p[j] != '\0')
			j++;
		if (j == rd->n || (rd->p[j] != ')' && rd->p[j] != ':')) {
			rd->bad = 1;
			return;
		}
		rd->i = j + 1;
		if (rd->p[j] == ')') {
			set_empty(out);
			return;
		}
	}
	if (++rd->depth > MAXDEPTH) {
		rd->bad = 1;
		return;
	}
	read_alt(rd, out);
	rd->depth--;
	if (rd->bad || at(rd, 0) != ')') {
		rd->bad = 1;
		return;
	}
	rd->i++;
	if (look < 0) {
		set_empty(out);
	} else if (look > 0) {
		to_formula(rd->pf, out);
	}
}

/* A quantifier after a piece, if one follows: applied to IN. */
static int
read_quantifier(struct reader *rd, struct info *in)
{
	int c = at(rd, 0);
	size_t min, max = 2;

	if (c == '*' || c == '?') {
		min = 0;
		max = c == '?' ? 1 : 2;
		rd->i++;
	} else if (c == '+') {
		min = 1;
		rd->i++;
	} else if (c == '{') {
		/*
		 * {n}, {n,}, {n,m}; a brace of digits, commas and spaces
		 * PCRE2 may read as text instead is taken as a quantifier too:
		 * requiring less than the pattern is always safe.
		 */
		size_t j = rd->i + 1, k;
		int digits = 0;
		while (j < rd->n && (is_digit(rd->p[j]) || rd->p[j] == ',' ||
		    rd->p[j] == ' ')) {
			digits |= is_digit(rd->p[j]);
			j++;
		}
		if (j == rd->n || rd->p[j] != '}' || !digits)
			return 0;
		k = rd->i + 1;
		while (rd->p[k] == ' ')
			k++;
		min = 0;
		while (is_digit(rd->p[k]) && min < 1000)
			min = min * 10 + (size_t)(rd->p[k++] - '0');
		while (rd->p[k] == ' ')
			k++;
		max = rd->p[k] == '}' && min == 1 ? 1 : 2;
		rd->i = j + 1;
	} else {
		return 0;
	}
	if (at(rd, 0) == '+' || at(rd, 0) == '?')
		rd->i++;                         /* possessive, lazy */
	if (min == 0) {
		if (in->exact && max == 1 && in->e.ns < MAXSET) {
			in->e.len[in->e.ns++] = 0;   /* or nothing */
		} else {
			set_any(in);
		}
	} else if (max > 1) {
		to_formula(rd->pf, in);   /* at least once: needed, not exact */
	}
	return 1;
}

/* One piece of a branch: an atom and its quantifiers. */
static void
read_piece(struct reader *rd, struct info *out)
{
	int c = at(rd, 0);

	switch (c) {
	case '(':
		read_group(rd, out);
		break;
	case '[':
		read_class(rd, out);
		break;
	case '\\':
		read_escape(rd, out);
		break;
	case '.':
		set_any(out);
		rd->i++;
		break;
	case '^':
	case '$':
		set_empty(out);
		rd->i++;
		break;
	case '*':
	case '+':
	case '?':
		rd->bad = 1;     /* PCRE2 refuses a quantifier of nothing */
		return;
	default:
		if (c >= 0x80) {
			set_any(out);
			rd->i += ts_utf8_seqlen((unsigned char)c);
		} else {
			set_char(out, (unsigned char)c);
			rd->i++;
		}
	}
	while (!rd->bad && read_quantifier(rd, out))
		;
}

/*
 * A branch: the exact strings of the run of pieces since the last one
 * that was not exact, and the formula of what came before.
 */
static void
read_branch(struct reader *rd, struct info *out)
{
	struct info run, piece;
	size_t done = 0;
	int inexact = 0;

	set_empty(&run);
	while (!rd->bad && rd->i < rd->n && rd->p[rd->i] != '|' &&
	    rd->p[rd->i] != ')') {
		read_piece(rd, &piece);
		if (rd->bad)
			break;
		if (fits(&run, &piece)) {
			concat(&run, &piece);
			continue;
		}
		done = combine(rd->pf, F_AND, done, formula_of(rd->pf, &run));
		inexact = 1;
		if (piece.exact) {
			copy_info(&run, &piece);   /* too many strings: a new run */
			continue;
		}
		done = combine(rd->pf, F_AND, done, formula_of(rd->pf, &piece));
		set_empty(&run);
	}
	if (!inexact) {
		copy_info(out, &run);
		return;
	}
	out->exact = 0;
	out->f = combine(rd->pf, F_AND, done, formula_of(rd->pf, &run));
}

static void
read_alt(struct reader *rd, struct info *out)
{
	struct info b;

	read_branch(rd, out);
	while (!rd->bad && at(rd, 0) == '|') {
		rd->i++;
		read_branch(rd, &b);
		alternate(rd->pf, out, &b);
	}
}

static uint64_t
hash_node(int op, size_t lit, const size_t *kids, size_t nkids)
{
	uint64_t h = 1469598103934665603u ^ (uint64_t)op;
	size_t i;

	h = (h ^ lit) * 1099511628211u;
	for (i = 0; i < nkids; i++)
		h = (h ^ kids[i]) * 1099511628211u;
	return h ^ (h >> 29);
}

static void
table_put(ts_prefilter *pf, size_t id)
{
	size_t k = (size_t)pf->dag[id].hash & (pf->tablecap - 1);

	while (pf->table[k] != NONE)
		k = (k + 1) & (pf->tablecap - 1);
	pf->table[k] = id;
}

/* The dag node (OP, LIT, KIDS), made once; KIDS is copied. */
static size_t
dag_node(ts_prefilter *pf, int op, size_t lit, const size_t *kids,
    size_t nkids)
{
	uint64_t h = hash_node(op, lit, kids, nkids);
	struct dnode *d;
	size_t k, i;

	if (2 * (pf->ndag + 1) > pf->tablecap) {
		pf->tablecap = pf->tablecap ? pf->tablecap * 2 : 256;
		free(pf->table);
		pf->table = xreallocarray(NULL, pf->tablecap, sizeof(size_t));
		for (i = 0; i < pf->tablecap; i++)
			pf->table[i] = NONE;
		for (i = 1; i < pf->ndag; i++)
			table_put(pf, i);
	}
	for (k = (size_t)h & (pf->tablecap - 1); pf->table[k] != NONE;
	    k = (k + 1) & (pf->tablecap - 1)) {
		d = &pf->dag[pf->table[k]];
		if (d->hash == h && d->op == op && d->lit == lit &&
		    d->nkids == nkids &&
		    (nkids == 0 || memcmp(d->kids, kids, nkids * sizeof(size_t)) == 0))
			return pf->table[k];
	}
	if (pf->ndag == pf->dagcap) {
		pf->dagcap = pf->dagcap ? pf->dagcap * 2 : 64;
		pf->dag = xreallocarray(pf->dag, pf->dagcap, sizeof(*pf->dag));
	}
	d = &pf->dag[pf->ndag];
	memset(d, 0, sizeof(*d));
	d->op = op;
	d->lit = lit;
	d->hash = h;
	if (nkids > 0) {
		d->kids = xreallocarray(NULL, nkids, sizeof(size_t));
		memcpy(d->kids, kids, nkids * sizeof(size_t));
	}
	d->nkids = nkids;
	table_put(pf, pf->ndag);
	for (i = 0; i < nkids; i++) {
		struct dnode *kd = &pf->dag[kids[i]];
		if (kd->nparents == kd->parentcap) {
			kd->parentcap = kd->parentcap ? kd->parentcap * 2 : 4;
			kd->parents = xreallocarray(kd->parents, kd->parentcap,
			    sizeof(size_t));
		}
		kd->parents[kd->nparents++] = pf->ndag;
	}
	if (op == F_LIT)
		pf->lits[lit].node = pf->ndag;
	return pf->ndag++;
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Node ID of the formula being built, as a dag node: "true" kids of an
 * AND and duplicate kids dropped, an OR with a "true" kid is "true".
 */
static size_t
keep(ts_prefilter *pf, size_t id)
{
	struct fnode *nd = &pf->nodes[id];
	size_t *kids, n = 0, i, k, out;

	if (nd->op == F_TRUE)
		return 0;
	if (nd->op == F_LIT)
		return dag_node(pf, F_LIT, nd->lit, NULL, 0);
	kids = xreallocarray(NULL, nd->nkids ? nd->nkids : 1, sizeof(size_t));
	for (i = 0; i < pf->nodes[id].nkids; i++) {
		k = keep(pf, pf->nodes[id].kids[i]);
		if (k == 0 && pf->nodes[id].op == F_OR) {
			free(kids);
			return 0;
		}
		if (k != 0)
			kids[n++] = k;
	}
	qsort(kids, n, sizeof(size_t), cmp_size);
	for (i = k = 0; i < n; i++)
		if (k == 0 || kids[k - 1] != kids[i])
			kids[k++] = kids[i];
	n = k;
	if (n == 0)
		out = 0;
	else if (n == 1)
		out = kids[0];
	else
		out = dag_node(pf, pf->nodes[id].op, 0, kids, n);
	free(kids);
	return out;
}

ts_prefilter *
ts_prefilter_new(void)
{
	ts_prefilter *pf = xcalloc(1, sizeof(*pf));
	size_t i;

	for (i = 0; i < 128; i++)
		pf->root[i] = NONE;
	new_node(pf, F_TRUE);            /* node 0 */
	dag_node(pf, F_TRUE, 0, NULL, 0);
	return pf;
}

void
ts_prefilter_free(ts_prefilter *pf)
{
	size_t i;

	if (pf == NULL)
		return;
	for (i = 0; i < pf->nnodes; i++)
		free(pf->nodes[i].kids);
	free(pf->nodes);
	for (i = 0; i < pf->ndag; i++) {
		free(pf->dag[i].kids);
		free(pf->dag[i].parents);
	}
	free(pf->dag);
	free(pf->table);
	free(pf->lits);
	free(pf->trie);
	free(pf->dense);
	free(pf);
}

size_t
ts_prefilter_add(ts_prefilter *pf, const char *p, size_t n)
{
	struct reader rd;
	struct info in;
	size_t f, i;

	memset(&rd, 0, sizeof(rd));
	rd.pf = pf;
	rd.p = (const unsigned char *)p;
	rd.n = n;
	read_alt(&rd, &in);
	f = rd.bad || rd.i != rd.n ? 0 : keep(pf, formula_of(pf, &in));
	/* The formula being built is not needed any more. */
	for (i = 1; i < pf->nnodes; i++)
		free(pf->nodes[i].kids);
	pf->nnodes = 1;
	return f;
}

/*
 * Node ID holds on the subject being scanned: so may its parents. An OR
 * holds with one kid, an AND once all its kids have come in.
 */
static void
holds(ts_prefilter *pf, size_t id)
{
	struct dnode *d = &pf->dag[id];
	size_t i;

	if (d->gen == pf->gen && d->val)
		return;
	d->gen = pf->gen;
	d->val = 1;
	for (i = 0; i < d->nparents; i++) {
		struct dnode *p = &pf->dag[d->parents[i]];
		if (p->op == F_AND) {
			if (p->gen != pf->gen) {
				p->gen = pf->gen;
				p->val = 0;
				p->count = 0;
			}
			if (++p->count < p->nkids)
				continue;
		}
		holds(pf, d->parents[i]);
	}
}

static void
found(ts_prefilter *pf, size_t k)
{
	struct lit *l = &pf->lits[k];

	if (l->seen == pf->gen)
		return;
	l->seen = pf->gen;
	if (l->node != NONE)
		holds(pf, l->node);
}

/* Tables of children by byte for the nodes that have many. */
static void
index_trie(ts_prefilter *pf)
{
	size_t t, k, c, nd = 0;

	for (t = 0; t < pf->ntrie; t++)
		nd += pf->trie[t].nchildren >= DENSE_MIN;
	free(pf->dense);
	pf->dense = nd ? xreallocarray(NULL, nd, sizeof(*pf->dense)) : NULL;
	pf->ndense = 0;
	for (t = 0; t < pf->ntrie; t++) {
		if (pf->trie[t].nchildren < DENSE_MIN) {
			pf->trie[t].dense = NONE;
			continue;
		}
		for (c = 0; c < 128; c++)
			pf->dense[pf->ndense][c] = NONE;
		for (k = pf->trie[t].child; k != NONE; k = pf->trie[k].sibling)
			pf->dense[pf->ndense][pf->trie[k].c & 0x7F] = k;
		pf->trie[t].dense = pf->ndense++;
	}
	pf->indexed = 1;
}

int
ts_prefilter_scan(ts_prefilter *pf, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < n; i++)
		if (u[i] >= 0x80 || (u[i] >= 'A' && u[i] <= 'Z'))
			return 0;
	if (++pf->gen == 0) {
		for (i = 0; i < pf->nlits; i++)
			pf->lits[i].seen = 0;
		for (i = 0; i < pf->ndag; i++)
			pf->dag[i].gen = 0;
		pf->gen = 1;
	}
	if (!pf->indexed)
		index_trie(pf);
	for (i = 0; i < n; i++) {
		size_t t = pf->root[u[i]], j = i;
		while (t != NONE) {
			const struct tnode *tn = &pf->trie[t];
			if (tn->lit != NONE)
				found(pf, tn->lit);
			if (++j == n)
				break;
			if (tn->dense != NONE) {
				t = pf->dense[tn->dense][u[j]];
				continue;
			}
			for (t = tn->child; t != NONE && pf->trie[t].c != u[j];
			    t = pf->trie[t].sibling)
				;
		}
	}
	return 1;
}

int
ts_prefilter_may_match(const ts_prefilter *pf, size_t id)
{
	const struct dnode *d = &pf->dag[id];

	return d->op == F_TRUE || (d->gen == pf->gen && d->val);
}

size_t
ts_prefilter_literals(const ts_prefilter *pf)
{
	return pf->nlits;
}
