/*
 * Unit tests: the CSV reader. Fixed cases for RFC 4180, encodings, line
 * numbers and recovery; and a property test that the memchr/SSE2 fast
 * path and libcsv (every line through libcsv) read identical records
 * from a wide variety of random inputs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "csvin.h"
#include "encoding.h"

/* All records of TEXT as one string: "L<line>[f1|f2|...]" or "L<line>!error". */
static char *
dump(const char *text, size_t n, const struct ts_csv_opts *o)
{
	ts_csv *c = ts_csv_new(ts_input_memory((const uint8_t *)text, n, "t"), o);
	ts_csv_rec rec;
	size_t cap = 4096, len = 0;
	char *out = malloc(cap);
	int rc;

	out[0] = '\0';
	while ((rc = ts_csv_next(c, &rec)) != TS_ROW_EOF && rc != TS_ROW_FAIL) {
		char head[200];
		size_t i, need;
		if (rc == TS_ROW_BAD)
			snprintf(head, sizeof(head), "L%llu-%llu!%s@%llu/%ld/%.*s/raw%zu\n",
			    (unsigned long long)rec.line,
			    (unsigned long long)rec.last_line, rec.error,
			    (unsigned long long)rec.err_line, rec.err_field,
			    (int)rec.err_value.n, rec.err_value.p, rec.raw.n);
		else
			snprintf(head, sizeof(head), "L%llu-%llu%s[",
			    (unsigned long long)rec.line,
			    (unsigned long long)rec.last_line, rec.clean ? "c" : "");
		need = strlen(head) + 8;
		if (rc == TS_ROW_OK)
			for (i = 0; i < rec.nfields; i++)
				need += 2 * rec.fields[i].n + 1;
		need += 2 * rec.raw.n + 4;
		while (len + need >= cap) {
			cap *= 2;
			out = realloc(out, cap);
		}
		memcpy(out + len, head, strlen(head));
		len += strlen(head);
		if (rc == TS_ROW_OK) {
			for (i = 0; i < rec.nfields; i++) {
				size_t k;
				if (i > 0)
					out[len++] = '|';
				for (k = 0; k < rec.fields[i].n; k++) {
					char ch = rec.fields[i].p[k];
					if (ch == '\n' || ch == '\r') {
						out[len++] = '\\';
						ch = ch == '\n' ? 'n' : 'r';
					}
					out[len++] = ch;
				}
			}
			out[len++] = ']';
			/* The raw bytes must be exactly the record's lines. */
			out[len++] = '{';
			for (i = 0; i < rec.raw.n; i++) {
				char ch = rec.raw.p[i];
				if (ch == '\n' || ch == '\r') {
					out[len++] = '\\';
					ch = ch == '\n' ? 'n' : 'r';
				}
				out[len++] = ch;
			}
			out[len++] = '}';
			out[len++] = '\n';
		}
		out[len] = '\0';
	}
	if (rc == TS_ROW_FAIL) {
		strcpy(out + len, "FAIL");
		len += 4;
	}
	ts_csv_free(c);
	return out;
}

static void
check(const char *text, int delim, int lenient, const char *want, const char *name)
{
	struct ts_csv_opts o = { delim, TS_ENC_UTF8, lenient, 0, 0, NULL, NULL };
	char *got = dump(text, strlen(text), &o);
	char *slow;

	is_str(got, want, name);
	o.no_fast_path = 1;
	slow = dump(text, strlen(text), &o);
	is_str(slow, got, "  same through libcsv only");
	free(got);
	free(slow);
}

static void
test_fixed(void)
{
	check("a,b\n1,2\n", ',', 0, "L1-1c[a|b]{a,b\\n}\nL2-2c[1|2]{1,2\\n}\n", "plain");
	check("a,b\r\n1,2\r\n", ',', 0, "L1-1c[a|b]{a,b\\r\\n}\nL2-2c[1|2]{1,2\\r\\n}\n",
	    "CRLF");
	check("a,b\n1,2", ',', 0, "L1-1c[a|b]{a,b\\n}\nL2-2c[1|2]{1,2}\n",
	    "no final newline");
	check("\xEF\xBB\xBF" "a,b\n1,2\n", ',', 0, "L1-1c[a|b]{a,b\\n}\nL2-2c[1|2]{1,2\\n}\n",
	    "BOM skipped");
	check("a,b\n\n1,2\n\r\n", ',', 0, "L1-1c[a|b]{a,b\\n}\nL3-3c[1|2]{1,2\\n}\n",
	    "empty lines skipped, line numbers kept");
	check("a,b\n\"x,y\",\"q\"\"q\"\n", ',', 0,
	    "L1-1c[a|b]{a,b\\n}\nL2-2c[x,y|q\"q]{\"x,y\",\"q\"\"q\"\\n}\n",
	    "quoted delimiter and doubled quote");
	/* A quoted part repeated on several lines (read once by libcsv, then
	 * from the cache of quoted parts) gives the same fields each time,
	 * whatever literal fields follow it. */
	check("a,b,c\n\"x,y\",1,2\n\"x,y\",3,4\n\"x\"\"y\",5,6\n\"x,y\",7,8\n"
	    "p,\"x,y\",9\n", ',', 0,
	    "L1-1c[a|b|c]{a,b,c\\n}\nL2-2c[x,y|1|2]{\"x,y\",1,2\\n}\n"
	    "L3-3c[x,y|3|4]{\"x,y\",3,4\\n}\nL4-4c[x\"y|5|6]{\"x\"\"y\",5,6\\n}\n"
	    "L5-5c[x,y|7|8]{\"x,y\",7,8\\n}\nL6-6c[p|x,y|9]{p,\"x,y\",9\\n}\n",
	    "a repeated quoted part");
	check("a,b\n\"x\ny\",2\n3,4\n", ',', 0,
	    "L1-1c[a|b]{a,b\\n}\nL2-3[x\\ny|2]{\"x\\ny\",2\\n}\nL4-4c[3|4]{3,4\\n}\n",
	    "newline inside quotes");
	check("a,b\n\"x\r\ny\",2\r\n", ',', 0,
	    "L1-1c[a|b]{a,b\\n}\nL2-3[x\\ny|2]{\"x\\r\\ny\",2\\r\\n}\n",
	    "CRLF inside quotes read as LF (the raw bytes keep it)");
	check("a,b\n 1 , 2 \n", ',', 0, "L1-1c[a|b]{a,b\\n}\nL2-2c[ 1 | 2 ]{ 1 , 2 \\n}\n",
	    "spaces are data");
	check("a,b\n,\n", ',', 0, "L1-1c[a|b]{a,b\\n}\nL2-2c[|]{,\\n}\n", "empty fields");
	check("a;b\n1;2,5\n", ';', 0, "L1-1c[a|b]{a;b\\n}\nL2-2c[1|2,5]{1;2,5\\n}\n",
	    "semicolon");
	check("a\tb\n1\t2\n", '\t', 0, "L1-1c[a|b]{a\tb\\n}\nL2-2c[1|2]{1\t2\\n}\n", "TAB");
	check("a,b\n1\t,\\\n", ',', 0, "L1-1c[a|b]{a,b\\n}\nL2-2[1\t|\\]{1\t,\\\\n}\n",
	    "TAB and backslash: not clean");
	check("a,b\nx\"y,2\n3,4\n", ',', 0,
	    "L1-1c[a|b]{a,b\\n}\n"
	    "L2-2!stray quote in unquoted field (--lenient accepts it)@2/0/x/raw6\n"
	    "L3-3c[3|4]{3,4\\n}\n", "stray quote, strict");
	check("a,b\nx\"y,2\n3,4\n", ',', 1,
	    "L1-1c[a|b]{a,b\\n}\nL2-2c[x\"y|2]{x\"y,2\\n}\nL3-3c[3|4]{3,4\\n}\n",
	    "stray quote, lenient");
	check("a,b\n\"x\"y,2\n", ',', 0,
	    "L1-1c[a|b]{a,b\\n}\n"
	    "L2-2!text after closing quote (--lenient accepts it)@2/0/x/raw7\n",
	    "text after closing quote");
	check("a,b\n1,\"open\n3,4\n5,6\n", ',', 0,
	    "L1-1c[a|b]{a,b\\n}\nL2-2!unterminated quoted field@2/1/open/raw8\n"
	    "L3-3c[3|4]{3,4\\n}\nL4-4c[5|6]{5,6\\n}\n",
	    "unterminated quote resyncs on the next line");
	check("a,b\n1,\"open\n3,\"x\"\n", ',', 0,
	    "L1-1c[a|b]{a,b\\n}\nL2-2!unterminated quoted field@2/1/open/raw8\n"
	    "L3-3c[3|x]{3,\"x\"\\n}\n",
	    "quote error on a later line resyncs after the first");
	check("a,b\n1,2\r3\n", ',', 0,
	    "L1-1c[a|b]{a,b\\n}\nL2-2!carriage return inside an unquoted field@2/1//raw6\n",
	    "bare CR");
	check("a,b\n1,\"2\r3\"\n", ',', 0,
	    "L1-1c[a|b]{a,b\\n}\nL2-2[1|2\\r3]{1,\"2\\r3\"\\n}\n", "CR inside quotes");
	check("a,b\n1,J\xc3\xbani\xff\n4,5\n", ',', 0,
	    "L1-1c[a|b]{a,b\\n}\n"
	    "L2-2!invalid UTF-8 at byte offset 7; try --encoding latin1 or cp1252@2/-1//raw9\n"
	    "L3-3c[4|5]{4,5\\n}\n", "invalid UTF-8 rejects the record only");
	check("", ',', 0, "", "empty input");
	{
		struct ts_csv_opts o = { 0, TS_ENC_UTF8, 0, 0, 0, NULL, NULL };
		const char *in = "sep=;\r\na;b\r\n1;2,5\r\n";
		char *got = dump(in, strlen(in), &o);
		is_str(got, "L2-2c[a|b]{a;b\\r\\n}\nL3-3c[1|2,5]{1;2,5\\r\\n}\n",
		    "sep= line gives the delimiter and counts as a line");
		free(got);
	}
}

static void
test_encoding(void)
{
	struct ts_csv_opts o = { ';', TS_ENC_LATIN1, 0, 0, 0, NULL, NULL };
	const char *in = "a;b\nJun\xedn;\"\xc1ncash\"\n";
	char *got = dump(in, strlen(in), &o);

	is_str(got, "L1-1c[a|b]{a;b\\n}\nL2-2c[Jun\xc3\xadn|\xc3\x81ncash]{Jun\xedn;\"\xc1ncash\"\\n}\n",
	    "latin1 converted, raw kept");
	free(got);
	o.encoding = TS_ENC_CP1252;
	in = "a\n\x93x\x94\n";
	got = dump(in, strlen(in), &o);
	is_str(got, "L1-1c[a]{a\\n}\nL2-2c[\xe2\x80\x9cx\xe2\x80\x9d]{\x93x\x94\\n}\n",
	    "cp1252 quotes");
	free(got);
}

static void
test_sniff(void)
{
	struct ts_csv_opts o = { 0, TS_ENC_UTF8, 0, 0, 0, NULL, NULL };
	struct { const char *text; int want; } cases[] = {
		{ "a,b,c\n1,2,3\n", ',' },
		{ "a;b;c\n1;2,5;3\n", ';' },
		{ "a\tb\n1\t2\n", '\t' },
		{ "a|b|c\n1|2|3\n", '|' },
		{ "fecha;monto,total;x\n1;2;3\n", ';' },
		{ "\"a,b\";c\n\"1,2\";3\n", ';' },
		{ "one\n1\n", ',' },
		{ "", ',' },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ts_csv *c = ts_csv_new(ts_input_memory((const uint8_t *)cases[i].text,
		    strlen(cases[i].text), "t"), &o);
		char name[64];
		snprintf(name, sizeof(name), "sniff case %zu", i + 1);
		is_int(ts_csv_delim(c), cases[i].want, name);
		ok(ts_csv_sniffed(c), "  reported as sniffed");
		ts_csv_free(c);
	}
}

static void
test_limits(void)
{
	struct ts_csv_opts o = { ',', TS_ENC_UTF8, 0, 0, 64, NULL, NULL };
	char in[400];
	char *got;

	/* A line longer than the limit is skipped up to its end. */
	strcpy(in, "a,b\n");
	memset(in + 4, 'x', 100);
	strcpy(in + 104, ",1\n3,4\n");
	got = dump(in, strlen(in), &o);
	is_str(got, "L1-1c[a|b]{a,b\\n}\nL2-2!line longer than 64 bytes@2/-1//raw0\n"
	    "L3-3c[3|4]{3,4\\n}\n",
	    "long line skipped");
	free(got);
	/* An open quote is given up after the limit, then reading resyncs. */
	strcpy(in, "a,b\n1,\"x\n");
	for (int i = 0; i < 10; i++)
		strcat(in, "2,aaaaaaaaaa\n");
	got = dump(in, strlen(in), &o);
	{
		const char *want = "L1-1c[a|b]{a,b\\n}\nL2-2!unterminated quoted field"
		    " (no closing quote within the record size limit)@2/1/x/raw5\n"
		    "L3-3c[2|aaaaaaaaaa]";
		ok(strncmp(got, want, strlen(want)) == 0, "open quote given up at the limit");
		if (strncmp(got, want, strlen(want)) != 0)
			printf("# got %s\n", got);
	}
	free(got);
}

/* Random input from an alphabet rich in CSV syntax. */
static size_t
random_text(unsigned long *seed, char *buf, size_t cap)
{
	static const char *const atoms[] = {
		"a", "b", "xy", ",", ",", ";", "\"", "\"\"", "\n", "\n", "\r\n",
		"\r", " ", "\t", "\\", "J\xc3\xba", "\xff", "12", "\"q,\"", ",\"\"",
	};
	size_t n = 0, len;
	*seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
	len = (*seed >> 33) % 120;
	while (len-- > 0) {
		const char *a;
		*seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
		a = atoms[(*seed >> 33) % (sizeof(atoms) / sizeof(atoms[0]))];
		if (n + strlen(a) >= cap)
			break;
		memcpy(buf + n, a, strlen(a));
		n += strlen(a);
	}
	return n;
}

static void
test_property(void)
{
	unsigned long seed = 42;
	char buf[1024];
	int i, same = 0, trials = 20000;

	for (i = 0; i < trials; i++) {
		size_t n = random_text(&seed, buf, sizeof(buf));
		int lenient = i & 1, d = (i & 2) ? ';' : ',';
		struct ts_csv_opts o = { d, TS_ENC_UTF8, lenient, 0, (i & 4) ? 48 : 0, NULL, NULL };
		char *fast = dump(buf, n, &o), *slow;
		o.no_fast_path = 1;
		slow = dump(buf, n, &o);
		if (strcmp(fast, slow) == 0) {
			same++;
		} else if (i - same < 3) {
			printf("# differs on input (%zu bytes): ", n);
			for (size_t k = 0; k < n; k++)
				printf(buf[k] >= 32 && buf[k] < 127 ? "%c" : "\\x%02x",
				    (unsigned char)buf[k]);
			printf("\n# fast: %s\n# slow: %s\n", fast, slow);
		}
		free(fast);
		free(slow);
	}
	is_int(same, trials, "fast path and libcsv read identical records from random inputs");
}

int
main(void)
{
	test_fixed();
	test_encoding();
	test_sniff();
	test_limits();
	test_property();
	return done_testing();
}
