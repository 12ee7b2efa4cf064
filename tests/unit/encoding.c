/* Unit tests: UTF-8 validation, Latin-1/Windows-1252 conversion, folding. */
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "encoding.h"

#define CHECK(lit) ts_utf8_check((lit), sizeof(lit) - 1)

static void
test_utf8(void)
{
	is_int(CHECK(""), TS_UTF8_VALID, "empty is valid");
	is_int(CHECK("plain ascii, long enough to use the word loop"),
	    TS_UTF8_VALID, "ASCII is valid");
	is_int(CHECK("Telemamograf\xc3\xad" "a"), TS_UTF8_VALID, "2-byte");
	is_int(CHECK("\xe2\x82\xac 10"), TS_UTF8_VALID, "3-byte (euro)");
	is_int(CHECK("\xf0\x9f\x98\x80"), TS_UTF8_VALID, "4-byte (emoji)");
	is_int(CHECK("Jun\xedn"), 3, "Latin-1 byte: offset of the bad byte");
	is_int(CHECK("abcdefghijklmnop\xff"), 16, "offset after the word loop");
	is_int(CHECK("\xc0\xaf"), 0, "overlong 2-byte");
	is_int(CHECK("\xe0\x80\xaf"), 0, "overlong 3-byte");
	is_int(CHECK("\xf0\x80\x80\xaf"), 0, "overlong 4-byte");
	is_int(CHECK("ab\xed\xa0\x80"), 2, "surrogate");
	is_int(CHECK("\xf4\x90\x80\x80"), 0, "above U+10FFFF");
	is_int(CHECK("\xf5\x80\x80\x80"), 0, "F5 lead byte");
	is_int(CHECK("x\xc3"), 1, "truncated sequence at the end");
	is_int(CHECK("x\xe2\x82"), 1, "truncated 3-byte at the end");
	is_int(CHECK("\xc3\x28"), 0, "bad continuation");
	is_int(CHECK("\x80"), 0, "lone continuation");
	ok(ts_is_ascii("hello world, twelve+", 20), "ts_is_ascii yes");
	ok(!ts_is_ascii("hello world, twelve\xc3", 20), "ts_is_ascii no");
}

static void
conv(int enc, const char *src, const char *want, const char *name)
{
	char buf[256];
	size_t n = ts_to_utf8(enc, src, strlen(src), buf);

	is_mem(buf, n, want, strlen(want), name);
	is_int(ts_utf8_check(buf, n), TS_UTF8_VALID, "conversion output is valid UTF-8");
}

static void
test_convert(void)
{
	char all[256], out[768];
	size_t n;
	int i;

	conv(TS_ENC_LATIN1, "Jun\xedn", "Jun\xc3\xadn", "latin1 i-acute");
	conv(TS_ENC_LATIN1, "Espa\xf1" "a \xc1" "ncash", "Espa\xc3\xb1" "a \xc3\x81ncash",
	    "latin1 n-tilde, A-acute");
	conv(TS_ENC_LATIN1, "\x80", "\xc2\x80", "latin1 0x80 is U+0080");
	conv(TS_ENC_CP1252, "\x80 5", "\xe2\x82\xac 5", "cp1252 euro");
	conv(TS_ENC_CP1252, "\x93x\x94", "\xe2\x80\x9cx\xe2\x80\x9d", "cp1252 curly quotes");
	conv(TS_ENC_CP1252, "\x81", "\xc2\x81", "cp1252 undefined byte as C1");
	conv(TS_ENC_CP1252, "Jun\xedn", "Jun\xc3\xadn", "cp1252 Latin-1 range");
	for (i = 0; i < 256; i++)
		all[i] = (char)i;
	n = ts_to_utf8(TS_ENC_CP1252, all, 256, out);
	is_int(ts_utf8_check(out, n), TS_UTF8_VALID, "every cp1252 byte converts to valid UTF-8");
	n = ts_to_utf8(TS_ENC_LATIN1, all, 256, out);
	is_int(ts_utf8_check(out, n), TS_UTF8_VALID, "every latin1 byte converts to valid UTF-8");
	is_int(n, 128 + 2 * 128, "latin1 high bytes take two bytes");
	is_int(ts_encoding_parse("LATIN1"), TS_ENC_LATIN1, "parse LATIN1");
	is_int(ts_encoding_parse("windows-1252"), TS_ENC_CP1252, "parse windows-1252");
	is_int(ts_encoding_parse("utf8"), TS_ENC_UTF8, "parse utf8");
	is_int(ts_encoding_parse("ebcdic"), -1, "unknown encoding");
}

static void
fold(const char *src, int flags, const char *want)
{
	char buf[256];
	size_t n = ts_fold(src, strlen(src), buf, flags);

	is_mem(buf, n, want, strlen(want), src);
}

static void
test_fold(void)
{
	fold("Fecha de Atenci\xc3\xb3n", 0, "fecha de atencion");
	fold("Fecha de Atenci\xc3\xb3n", TS_FOLD_NOSPACE, "fechadeatencion");
	fold("  fecha_atencion  ", TS_FOLD_NOSPACE, "fechaatencion");
	fold("A\xc3\x91O", 0, "ano");
	fold("Jun\xc3\xad" "n", 0, "junin");
	fold("JUNI\xcc\x81N", 0, "junin");       /* decomposed accent */
	fold("D.F.", TS_FOLD_NOSPACE, "df");
	fold("--Lima--Norte--", 0, "lima norte");
	fold("N\xc2\xba 5", 0, "no 5");
	fold("Stra\xc3\x9f" "e", 0, "strasse");
	fold("\xce\xb1\xce\xb2 x", 0, "\xce\xb1\xce\xb2 x"); /* Greek kept */
	fold("", 0, "");
	fold("...", 0, "");
}

int
main(void)
{
	test_utf8();
	test_convert();
	test_fold();
	return done_testing();
}
