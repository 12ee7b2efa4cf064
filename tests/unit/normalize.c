/* Unit tests: label normalisation and pattern letter folding. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "normalize.h"

static void
norm_is(const char *in, size_t n, const char *want, const char *name)
{
	char *out = malloc(TS_NORMALIZE_CAP(n));
	size_t k = ts_normalize(in, n, out);

	is_mem(out, k, want, strlen(want), name);
	free(out);
}

#define NORM(in, want, name) norm_is((in), sizeof(in) - 1, (want), (name))

static void
fold_is(const char *in, const char *want, const char *name)
{
	size_t n = strlen(in);
	char *out = malloc(TS_NORMALIZE_CAP(n));
	size_t k = ts_fold_letters(in, n, out);

	is_mem(out, k, want, strlen(want), name);
	free(out);
}

/* Strict UTF-8 check, independent of the code under test. */
static int
valid_utf8(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = p[i];
		size_t len, j;
		uint32_t cp;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			cp = c & 0x07;
		} else
			return 0;
		if (i + len > n)
			return 0;
		for (j = 1; j < len; j++) {
			if ((p[i + j] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i + j] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			return 0;
		i += len;
	}
	return 1;
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint32_t
next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

/* Random bytes biased towards UTF-8 Latin letters and punctuation. */
static size_t
random_label(unsigned char *buf, size_t cap)
{
	static const char *const pieces[] = {
		"Tele", "CONSULTA", "é", "Ñ", "ç", "ã", "õ", "ü", "ß", "Œ", "-",
		" ", "\t", ".", "99499.10", "\xc2\xa0", "\xe2\x80\x94", "\xcc\x81",
		"\xc2\xad", "\xe2\x80\x8b", "Ｔ", "Ω", "日", "\xf0\x9f\x98\x80",
		"\xe9", "\x80", "\xc3", "\xe2\x82", "\xff", "\xed\xa0\x80", "ª"
	};
	size_t n = 0, parts = next_rand() % 12, i;

	for (i = 0; i < parts; i++) {
		if (next_rand() % 4 == 0) {
			if (n < cap)
				buf[n++] = (unsigned char)next_rand();
		} else {
			const char *s = pieces[next_rand() %
			    (sizeof(pieces) / sizeof(pieces[0]))];
			size_t k = strlen(s);
			if (n + k <= cap) {
				memcpy(buf + n, s, k);
				n += k;
			}
		}
	}
	return n;
}

static void
properties(void)
{
	unsigned char in[128];
	char *a = malloc(TS_NORMALIZE_CAP(sizeof(in)));
	char *b = malloc(TS_NORMALIZE_CAP(TS_NORMALIZE_CAP(sizeof(in))));
	int i, valid = 1, idem = 1, spaces = 1, bounded = 1;

	for (i = 0; i < 20000; i++) {
		size_t n = random_label(in, sizeof(in)), ka, kb;
		ka = ts_normalize((const char *)in, n, a);
		if (ka > 2 * n)
			bounded = 0;
		if (!valid_utf8((unsigned char *)a, ka))
			valid = 0;
		if (ka > 0 && (a[0] == ' ' || a[ka - 1] == ' ' ||
		    strstr(a, "  ") != NULL))
			spaces = 0;
		kb = ts_normalize(a, ka, b);
		if (kb != ka || memcmp(a, b, ka) != 0)
			idem = 0;
	}
	ok(bounded, "output never exceeds twice the input");
	ok(valid, "output is always valid UTF-8");
	ok(spaces, "no leading, trailing or doubled spaces");
	ok(idem, "normalising twice changes nothing");
	free(a);
	free(b);
}

int
main(void)
{
	NORM("TELE-CONSULTA Médica ", "tele consulta medica", "the design example");
	NORM("", "", "empty label");
	NORM("E-Interconsulta", "einterconsulta", "the prefix e- is glued");
	NORM("solicitud de e-consulta", "solicitud de econsulta",
	    "the prefix e- is glued inside a label");
	NORM("Consulta e interconsulta", "consulta e interconsulta",
	    "the conjunction e stays a word");
	NORM("vitamina e - dosis", "vitamina e dosis",
	    "a spaced hyphen after e separates");
	NORM("tipo e-2", "tipo e 2", "e- before a digit separates");
	NORM("be-consulta", "be consulta", "only a word of the one letter e");
	NORM("TELEORIENTACI?N", "teleorientacin",
	    "a ? between letters is a lost letter: the word stays whole");
	NORM("Telef\xef\xbf\xbdnica", "telefnica",
	    "so is U+FFFD between letters");
	NORM("consulta? si", "consulta si", "a ? after a word separates");
	NORM("a \xef\xbf\xbd b", "a b", "U+FFFD elsewhere separates");
	NORM("1?2", "1 2", "a ? between digits separates");
	NORM("ORIENTA??O", "orientacao",
	    "a Portuguese -cao that lost its two accented letters");
	NORM("INFORMA??ES EM SA?DE", "informacoes em sade",
	    "and -coes; a single lost letter still just vanishes");
	NORM("RADIOLOG?A TELECONSULTOR?AS D?A", "radiologia teleconsultorias dia",
	    "a letter lost in a Spanish -ia or -ias after a consonant is the i");
	NORM("CAMPA?A GU?A RADIOLOG?AL", "campaa gua radiologal",
	    "not after a vowel, nor before more letters");
	NORM("PRESEN?A", "presenia",
	    "a Portuguese -ca becomes a word one letter from its own");
	NORM("a??b", "a b", "two lost letters elsewhere separate");
	NORM("X??OS", "x os", "only before the end of a word");
	NORM("T?L?CONSULTATION t?l?expertise", "teleconsultation teleexpertise",
	    "French t?l? at a word's start is the tele of a lost télé");
	NORM("st?l?x", "stlx", "only at the start of a word");
	NORM("t?l?", "tl", "and only before a letter");
	NORM("T?L? CONSULTATION t?l?-expertise", "tele consultation tele expertise",
	    "or before a space or hyphen and a letter");
	NORM("ATENDIMENTO ? DIST?NCIA", "atendimento a distncia",
	    "a lost letter standing alone is the \"a\" of \"à\"");
	NORM("? distance", "a distance", "also at the start");
	NORM("Que es? Nada ? ", "que es nada", "not after a word, nor at the end");
	{
		const char in[] = "TELEDISPOSITIVOS?MONITOR DE?SIGNOS ATENCI\xef\xbf\xbdN "
		    "ORIENTA??O";
		char out[TS_NORMALIZE_CAP(sizeof(in) - 1)];
		size_t k = ts_normalize_spaced(in, sizeof(in) - 1, out);
		is_str(out, "teledispositivos monitor de signos atenci n "
		    "orientacao", "spaced: a lost letter's ? or U+FFFD separates "
		    "words, the -cao ending stays whole");
		is_int((long)k, (long)strlen(out), "spaced: length returned");
	}
	{
		const char in[] = "L?NEA TELEF\xef\xbf\xbdNICA ORIENTA??O ? DIST?NCIA "
		    "es? T?L?CONSULTATION";
		char out[TS_NORMALIZE_CAP(sizeof(in) - 1)];
		size_t k = ts_normalize_kept(in, sizeof(in) - 1, out);
		is_str(out, "l?nea telef?nica orientacao a dist?ncia es "
		    "teleconsultation", "kept: a lost letter's ? or U+FFFD stays "
		    "a ?, the endings the normaliser knows are whole, no other ? "
		    "is left");
		is_int((long)k, (long)strlen(out), "kept: length returned");
	}
	NORM(" -- / . ", "", "punctuation only");
	NORM("TELECONSULTA", "teleconsulta", "ASCII upper case folds");
	NORM("ÁÉÍÓÚÜáéíóúü", "aeiouuaeiouu", "Spanish vowels lose accents");
	NORM("Ñandú ñu", "nandu nu", "ñ and Ñ become n");
	NORM("Açaí Ç", "acai c", "ç and Ç become c");
	NORM("Telemonitoração São João", "telemonitoracao sao joao",
	    "ã and õ-words fold (Portuguese)");
	NORM("Consultório às três", "consultorio as tres", "ó, à, ê fold");
	NORM("Pingüino", "pinguino", "ü folds");
	NORM("Straße Æsir œuvre Øst łódź", "strasse aesir oeuvre ost lodz",
	    "letters without decompositions expand");
	NORM("Ménière ÿ Ž š ť", "meniere y z s t", "Latin Extended-A");
	NORM("Ș ț", "s t", "Romanian comma below");
	NORM("1ª consulta 2º", "1a consulta 2o", "ordinal indicators");
	NORM("99499.10", "99499 10", "procedure code: dot is a separator");
	NORM("99499,01", "99499 01", "decimal comma is a separator");
	NORM("a.b,c;d:e/f-g_h(i)j[k]l{m}n'o\"p", "a b c d e f g h i j k l m n o p",
	    "ASCII punctuation separates");
	NORM("  a \t\n\r b  ", "a b", "whitespace collapses and trims");
	NORM("tele\xc2\xa0" "consulta", "tele consulta", "NBSP separates");
	NORM("tele\xe2\x80\x94" "consulta", "tele consulta", "em dash separates");
	NORM("\xe2\x80\x9cTele\xe2\x80\x9d", "tele", "curly quotes separate");
	NORM("\xc2\xbfTele? \xc2\xa1S\xc3\xad!", "tele si",
	    "inverted question and exclamation marks separate");
	NORM("tele\xc2\xad" "consulta", "teleconsulta", "soft hyphen vanishes");
	NORM("tele\xe2\x80\x8b" "consulta", "teleconsulta",
	    "zero-width space vanishes");
	NORM("\xef\xbb\xbfTele", "tele", "BOM vanishes");
	NORM("Me\xcc\x81" "dica", "medica", "decomposed accents (NFD) vanish");
	NORM("M\xe9" "dica", "medica", "Latin-1 byte read as Windows-1252");
	NORM("CAMPA\xd1" "A", "campana", "Latin-1 Ñ");
	NORM("\x93Tele\x94", "tele", "Windows-1252 quotes separate");
	NORM("\x8c" "uvre", "oeuvre", "Windows-1252 Œ");
	NORM("\xc3", "a", "truncated sequence read as Latin-1");
	NORM("\xef\xbc\xb4\xef\xbc\xa5\xef\xbc\xac\xef\xbc\xa5", "tele",
	    "fullwidth letters fold to ASCII");
	NORM("\xce\x91\xce\xb2 \xe6\x97\xa5", "\xce\x91\xce\xb2 \xe6\x97\xa5",
	    "Greek and CJK are kept as they are");
	NORM("a\x00" "b", "a b", "NUL separates");
	NORM("a\xe3\x80\x80" "b", "a b", "ideographic space separates");
	NORM("\xed\xa0\x80", "i", "a UTF-16 surrogate is not UTF-8");
	NORM("teleorientaci\xc3\x83\xc2\xb3n", "teleorientacion",
	    "mojibake: UTF-8 read as Latin-1 and written back");
	NORM("TELEORIENTACI\xc3\x83\xe2\x80\x9cN", "teleorientacion",
	    "mojibake through Windows-1252 (Ó as Ã + left quote)");
	NORM("S\xc3\x83\xc2\x8dNCRONA", "sincrona",
	    "mojibake with a C1 control (Í)");
	NORM("Telemonitora\xc3\x83\xc2\xa7\xc3\x83\xc2\xa3o", "telemonitoracao",
	    "mojibake in Portuguese (ç, ã)");
	NORM("\xc3\x83 \xc2\xb3", "a 3", "a separated pair is not mojibake");
	NORM("\xc3\x83" "x", "ax", "Ã before ASCII stays a letter");
	NORM("COVID \xc3\xa2\xc2\x80\xc2\x98virtual wards\xc3\xa2\xc2\x80\xc2\x99",
	    "covid virtual wards", "a curly quote's three bytes read as Latin-1");
	NORM("Consulta \xc3\xa2\xe2\x82\xac\xe2\x80\x9c tele", "consulta tele",
	    "a dash's three bytes read as Windows-1252");
	NORM("\xc3\xa2" "vila", "avila", "\xc3\xa2 before ASCII stays a letter");
	NORM("Consulta\xc3\x82 no\xc3\x82 presencial", "consulta no presencial",
	    "mojibake no-break space whose NBSP became a space (Â + space)");
	NORM("Consulta\xc3\x82\xc2\xa0no", "consulta no",
	    "mojibake no-break space (Â + NBSP)");
	NORM("\xc3\x82mbito", "ambito", "Â before a letter stays a letter");
	NORM("\xc3\x86\xc2\xb3", "ae3", "only the leads of Latin letters repair");

	fold_is("teleorientación", "teleorientacion", "pattern accents fold");
	fold_is("TELEORIENTACIÓN", "TELEORIENTACIoN",
	    "pattern folding leaves ASCII case to PCRE2");
	fold_is("^(?:ñ|\\w+)\\b[éè]$", "^(?:n|\\w+)\\b[ee]$",
	    "regex syntax is kept");
	fold_is("¿teleconsulta?", "¿teleconsulta?", "punctuation is not folded");
	fold_is("\xe9", "\xe9", "invalid bytes are copied");
	fold_is("e\xcc\x81", "e", "combining marks vanish in patterns");

	properties();
	return done_testing();
}
