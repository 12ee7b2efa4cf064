/*
 * Unit test: the prefilter (lib/prefilter.h) never says "cannot match"
 * of a pattern PCRE2 matches, on hand-picked syntax (classes, escapes,
 * lookarounds, quantifiers, options, what it must give up on) and on
 * thousands of random patterns and subjects; and it does filter: a rule
 * whose words are missing from a label is passed over.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "prefilter.h"

/* What rules.c compiles with. */
#define OPTIONS (PCRE2_UTF | PCRE2_CASELESS | PCRE2_NEVER_BACKSLASH_C)

static pcre2_match_data *md;

/* 1 match, 0 none, -1 the pattern does not compile or the match fails. */
static int
pcre_matches(const char *pat, const char *s)
{
	int code, rc;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, strlen(pat), OPTIONS,
	    &code, &off, NULL);

	if (re == NULL)
		return -1;
	rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
	pcre2_code_free(re);
	return rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

/* The prefilter's answer for PAT on S: 1 may match, 0 cannot. */
static int
may_match(const char *pat, const char *s)
{
	ts_prefilter *pf = ts_prefilter_new();
	size_t id = ts_prefilter_add(pf, pat, strlen(pat));
	int v = ts_prefilter_scan(pf, s, strlen(s)) ?
	    ts_prefilter_may_match(pf, id) : 1;

	ts_prefilter_free(pf);
	return v;
}

static const char *const patterns[] = {
	"\\btele? ?consulta", "^(?=.*\\bvirtual\\b)(?=.*consulta)",
	"^(?!.*presencial).*\\bconsulta", "[abc]x", "[^a]bc", "[]a]b", "[a-c]z",
	"[A-C]z", "[\\]a]q", "[[:alpha:]]x", "[a\\-z]y", "\\x41bc", "\\x{41}bc",
	"\\101bc", "a\\.b", "a\\ b", "ab{2}c", "ab{0}c", "ab{,2}c", "a{1}b",
	"x{ 2}y", "a|b|", "(?i)TeLe", "(?-i)TELE", "(?i:TE)le", "x\\d+y",
	"video\\w*|audio( ?only)?\\b", "(a|as)?s+incron\\w*", "(?<=te)le",
	"(?<!x)le", "(?>tele)x", "(?|(a)|(b))c", "(?<n>te)le", "(?'n'te)le",
	"(?P<n>te)le", "(te)\\1", "(?<n>te)\\k<n>", "\\Qa.b\\E", "\\Qab",
	"(?x) t e l e # c", "(*UTF)tele", "a(*ACCEPT)b", "(?(1)a|b)c",
	"(?:a(?R)?b)", "(a)(?1)", "(?#comment)tele", "\\N{U+61}b", "\\p{L}x",
	"\\pLx", "[\\p{L}]x", "[\\x{61}-\\x{63}]x", "\\o{141}b", "tele\\K?x",
	"^$", "", "\\bab\\b", "a.c", "a\\sc", "(ab)+c", "(ab)*c", "(ab)?c",
	"(ab){2,}c", "(?:ab)??c", "a++b", "a*?b", "caf\xc3\xa9", "\xc3\xa9t\xc3\xa9",
	"[\xc3\xa9" "e]t", "a\\Eb", "(?s).x", "(?m)^b", "(?J)(?<n>a)(?<n>b)",
	"{2}ab", "a{2,1", "a}b", "]ab",
};

static const char *const subjects[] = {
	"", "teleconsulta", "tele consulta", "tel consulta", "consulta virtual",
	"consulta presencial", "ax", "bx", "bbc", "abc", "]b", "az", "cz", "]q",
	"qx", "-y", "a.b", "a b", "abbc", "ac", "abc", "ab", "xy", "xxy", "a",
	"b", "tele", "x12y", "videox", "audio only", "sincron", "assincron",
	"tele x", "telex", "ac", "bc", "tete", "a.b", "ab", "tele", "telle",
	"telc", "cafe", "etet", "et", "a b c", "ab c", "ababc", "c", "aab",
	"b", "ba", "a{2,1", "a}b", "]ab", "{2}ab", "aab", "x",
	"k\xe2\x84\xaa", "\xe2\x84\xaa" "ab", "TELE",
};

/* A random pattern of depth at most D from a small grammar. */
static unsigned long long rng = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void
gen(char *out, size_t cap, int d)
{
	static const char *const atoms[] = {
		"a", "b", "c", " ", "A", "[ab]", "[^a]", ".", "\\b", "\\w",
		"\\x61", "\\.", "[a-c]", "^", "$", "\\s", "(?i)", "(?-i)", "\\1",
		"ab", "ba", "[[:alpha:]]", "\\d", "\\Qa\\E",
	};
	static const char *const quants[] = {
		"", "", "", "?", "*", "+", "{2}", "{0,2}", "{1,}", "??", "+?",
		"{,2}",
	};
	size_t n = strlen(out);
	int k = 1 + (int)rnd(4), i;

	for (i = 0; i < k && n + 40 < cap; i++) {
		int what = d > 0 ? (int)rnd(10) : 0;
		if (what < 6) {
			snprintf(out + n, cap - n, "%s", atoms[rnd(sizeof(atoms) /
			    sizeof(atoms[0]))]);
		} else {
			static const char *const opens[] = {
				"(", "(?:", "(?=", "(?!", "(?<=a)(", "(?>",
			};
			snprintf(out + n, cap - n, "%s", opens[rnd(6)]);
			gen(out, cap, d - 1);
			n = strlen(out);
			if (rnd(3) == 0 && n + 40 < cap) {
				snprintf(out + n, cap - n, "|");
				gen(out, cap, d - 1);
			}
			n = strlen(out);
			snprintf(out + n, cap - n, ")");
		}
		n = strlen(out);
		snprintf(out + n, cap - n, "%s", quants[rnd(sizeof(quants) /
		    sizeof(quants[0]))]);
		n = strlen(out);
	}
}

static void
test_syntax(void)
{
	size_t i, j;
	int unsound = 0, pairs = 0;

	for (i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++)
		for (j = 0; j < sizeof(subjects) / sizeof(subjects[0]); j++) {
			int m = pcre_matches(patterns[i], subjects[j]);
			if (m < 0)
				continue;
			pairs++;
			if (m == 1 && !may_match(patterns[i], subjects[j])) {
				unsound++;
				printf("# /%s/ matches \"%s\" but was filtered\n",
				    patterns[i], subjects[j]);
			}
		}
	ok(pairs > 3000, "hand-picked patterns compiled and tried");
	is_int(unsound, 0, "no hand-picked pattern filtered on a subject it "
	    "matches");
}

static void
test_random(void)
{
	int i, j, unsound = 0, tried = 0, filtered = 0;

	for (i = 0; i < 4000; i++) {
		char pat[512] = "";
		gen(pat, sizeof(pat), 3);
		for (j = 0; j < 25; j++) {
			char s[16];
			int k, n = (int)rnd(9), m, v;
			for (k = 0; k < n; k++)
				s[k] = "abc  "[rnd(5)];
			s[n] = '\0';
			if ((m = pcre_matches(pat, s)) < 0)
				break;
			tried++;
			v = may_match(pat, s);
			filtered += !v;
			if (m == 1 && !v) {
				unsound++;
				if (unsound < 10)
					printf("# /%s/ matches \"%s\" but was "
					    "filtered\n", pat, s);
			}
		}
	}
	ok(tried > 20000, "random patterns compiled and tried");
	ok(filtered > tried / 20, "random patterns filtered on some subjects");
	is_int(unsound, 0, "no random pattern filtered on a subject it matches");
}

/* It filters, and what it cannot follow it lets through. */
static void
test_filters(void)
{
	ts_prefilter *pf = ts_prefilter_new();
	const char *p1 = "^(?=.*\\b(virtual|remot[oa])\\b)(?=.*\\bconsult)";
	size_t a = ts_prefilter_add(pf, p1, strlen(p1));
	size_t b = ts_prefilter_add(pf, "(te)\\1", 6);
	size_t c = ts_prefilter_add(pf, "\\btele? ?consulta", 17);

	ok(ts_prefilter_literals(pf) >= 4, "literals read from the patterns");
	ok(ts_prefilter_scan(pf, "hemograma completo", 18), "scan a label");
	is_int(ts_prefilter_may_match(pf, a), 0, "marker and stem missing");
	is_int(ts_prefilter_may_match(pf, b), 1, "a backreference: no formula");
	is_int(ts_prefilter_may_match(pf, c), 0, "no \"tel\"");
	ok(ts_prefilter_scan(pf, "consulta remota", 15), "scan another");
	is_int(ts_prefilter_may_match(pf, a), 1, "both there");
	is_int(ts_prefilter_may_match(pf, c), 0, "still no \"tel\"");
	ok(ts_prefilter_scan(pf, "tel consulta", 12), "scan a third");
	is_int(ts_prefilter_may_match(pf, a), 0, "no marker");
	is_int(ts_prefilter_may_match(pf, c), 1, "\"tel consulta\"");
	is_int(ts_prefilter_scan(pf, "consulta \xe2\x84\xaa", 12), 0,
	    "a non-ASCII subject is not filtered (U+212A matches k)");
	is_int(ts_prefilter_scan(pf, "Consulta", 8), 0,
	    "nor one in upper case");
	ts_prefilter_free(pf);
}

int
main(void)
{
	md = pcre2_match_data_create(1, NULL);
	test_filters();
	test_syntax();
	test_random();
	pcre2_match_data_free(md);
	return done_testing();
}
