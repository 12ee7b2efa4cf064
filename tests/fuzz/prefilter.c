/*
 * libFuzzer target: the prefilter's reader of patterns (lib/prefilter.h)
 * on arbitrary bytes. The input is a pattern, a NUL, then subjects
 * separated by NULs; when PCRE2 compiles the pattern (with the options
 * rules.c uses) and matches a subject, the prefilter must not have said
 * that it cannot. PCRE2 runs under a match limit, as in rules.c: an
 * arbitrary pattern can backtrack for minutes on one subject (the fuzzer
 * saw such a hang), and a subject it gives up on decides nothing.
 * Only the first FUZZ_MAX_SUBJECTS subjects are matched: an input of
 * thousands of short subjects, each run to the match limit, outlasted
 * libFuzzer's 10-second timeout on a loaded machine, and a rule is only
 * ever matched against one label at a time.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "prefilter.h"

/* Limits of the order of rules.c's, small enough for a fuzzing run. */
#define FUZZ_MATCH_LIMIT 100000
#define FUZZ_DEPTH_LIMIT 10000
#define FUZZ_MAX_SUBJECTS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *s;
	size_t pn = strnlen(p, size), id;
	ts_prefilter *pf;
	pcre2_code *re;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	int code, nsubjects = 0;
	PCRE2_SIZE off;

	pf = ts_prefilter_new();
	id = ts_prefilter_add(pf, p, pn);    /* any bytes: it must not crash */
	re = pcre2_compile((PCRE2_SPTR)p, pn, PCRE2_UTF | PCRE2_CASELESS |
	    PCRE2_NEVER_BACKSLASH_C, &code, &off, NULL);
	if (re == NULL) {
		ts_prefilter_free(pf);
		return 0;
	}
	md = pcre2_match_data_create(1, NULL);
	mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(mctx, FUZZ_MATCH_LIMIT);
	pcre2_set_depth_limit(mctx, FUZZ_DEPTH_LIMIT);
	for (s = p + pn; s < end && nsubjects < FUZZ_MAX_SUBJECTS;
	    nsubjects++) {
		size_t sn;
		int rc;
		s++;                                 /* the NUL */
		sn = strnlen(s, (size_t)(end - s));
		rc = pcre2_match(re, (PCRE2_SPTR)s, sn, 0, 0, md, mctx);
		if (rc >= 0 && ts_prefilter_scan(pf, s, sn) &&
		    !ts_prefilter_may_match(pf, id))
			abort();
		s += sn;
	}
	pcre2_match_context_free(mctx);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	ts_prefilter_free(pf);
	return 0;
}
