/*
 * Unit tests: formula-safe CSV cells (csvcell) and records rewritten as
 * CSV on their way out (csvout), including lines cut by buffer flushes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "csvcell.h"
#include "csvout.h"
#include "out.h"
#include "util.h"

static char tmpdir[] = "/tmp/telestat-csvout.XXXXXX";

/* Writes TEXT (n bytes, in pieces of PIECE bytes) through a CSV output
 * to a file, and returns the file's bytes (*len). */
static char *
through_csv(const char *text, size_t n, size_t piece, int bom, size_t *len)
{
	char path[128];
	ts_out *o;
	FILE *f;
	char *buf;
	size_t i;
	long sz;

	snprintf(path, sizeof(path), "%s/out.csv", tmpdir);
	o = ts_out_open(path, NULL);
	ts_out_csv(o, bom);
	for (i = 0; i < n; i += piece) {
		ts_out_write(o, text + i, n - i < piece ? n - i : piece);
		/* Flush at odd places, as a full buffer would. */
		if ((i / piece) % 3 == 1)
			ts_out_flush(o);
	}
	ts_out_close(o, NULL);
	f = fopen(path, "rb");
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	rewind(f);
	buf = xmalloc((size_t)sz + 1);
	*len = fread(buf, 1, (size_t)sz, f);
	buf[*len] = '\0';
	fclose(f);
	unlink(path);
	return buf;
}

static void
check(const char *text, const char *want, const char *name)
{
	size_t piece, len;

	for (piece = 1; piece <= 64; piece *= 4) {
		char *got = through_csv(text, strlen(text), piece, 0, &len);
		char nm[200];

		snprintf(nm, sizeof(nm), "%s (pieces of %zu)", name, piece);
		is_str(got, want, nm);
		free(got);
	}
}

int
main(void)
{
	size_t len, i, n;
	char *got, *big, *p;

	if (mkdtemp(tmpdir) == NULL)
		return 1;

	ok(ts_csv_is_formula("=1+1", 4), "= starts a formula");
	ok(ts_csv_is_formula("+51 999", 7), "+ and text: a formula");
	ok(ts_csv_is_formula("-x", 2), "- and text: a formula");
	ok(ts_csv_is_formula("@SUM(A1)", 8), "@ starts a formula");
	ok(ts_csv_is_formula("\tX", 2), "a leading TAB is neutralised");
	ok(ts_csv_is_formula("\rX", 2), "a leading CR is neutralised");
	ok(!ts_csv_is_formula("-5", 2), "-5 is a number");
	ok(!ts_csv_is_formula("+16.0", 5), "+16.0 is a number");
	ok(!ts_csv_is_formula("", 0), "an empty cell is no formula");
	ok(!ts_csv_is_formula("a=b", 3), "= inside text is no formula");

	check("a\tb\n1\t2\n", "a,b\r\n1,2\r\n", "plain fields");
	check("x\ty\n=1+1\t-5\n", "x,y\r\n\"'=1+1\",-5\r\n", "formula and number");
	check("x\n\\tTAB\n", "x\r\n\"'\tTAB\"\r\n", "an escaped leading TAB");
	check("x\na,b \"c\"\n", "x\r\n\"a,b \"\"c\"\"\"\r\n", "comma and quotes");
	check("x\nl1\\nl2\\\\\n", "x\r\n\"l1\nl2\\\"\r\n",
	    "escaped LF and backslash");
	check("x\t\t\n", "x,,\r\n", "empty fields");
	check("a\nno newline at the end", "a\r\nno newline at the end\r\n",
	    "a last line without LF");
	check("", "", "nothing written");

	got = through_csv("a\n", 2, 2, 1, &len);
	is_mem(got, len, "\xef\xbb\xbf" "a\r\n", 6, "the BOM comes first");
	free(got);
	got = through_csv("", 0, 1, 1, &len);
	is_int(len, 0, "an output with no bytes stays empty, even with the BOM");
	free(got);

	/* Many lines, past the 256 KiB buffer: none lost or cut. */
	n = 100000;
	big = xmalloc(n * 16 + 1);
	for (p = big, i = 0; i < n; i++)
		p += sprintf(p, "%zu\t-%zu\n", i, i);
	got = through_csv(big, (size_t)(p - big), 4093, 0, &len);
	{
		size_t lines = 0, bad = 0;
		char *q = got, *e;

		for (i = 0; i < n; i++) {
			char want[48];
			size_t wl = (size_t)sprintf(want, "%zu,-%zu\r\n", i, i);

			e = q + wl;
			if (e > got + len || memcmp(q, want, wl) != 0) {
				bad++;
				break;
			}
			q = e;
			lines++;
		}
		is_int(lines, n, "100000 lines through several flushes");
		is_int(bad + (size_t)(got + len - q), 0, "and nothing else");
	}
	free(got);
	free(big);
	rmdir(tmpdir);
	return done_testing();
}
