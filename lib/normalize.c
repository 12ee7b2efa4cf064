/* normalize.c - label normalisation; see normalize.h. */
#include "normalize.h"

#include <stdint.h>
#include <string.h>

/*
 * What U+00A0..U+017F become: ASCII letters or digits, " " for a
 * separator, "" for a character that vanishes (soft hyphen). Built from
 * the Unicode compatibility decompositions with the combining marks
 * removed, plus the letters that have none (ß, æ, ø, ð, þ, đ, ł, œ...).
 */
static const char *const latin[0x180 - 0xA0] = {
	/* U+00A0 */ " ", " ", " ", " ", " ", " ", " ", " ",
	/* U+00A8 */ " ", " ", "a", " ", " ", "", " ", " ",
	/* U+00B0 */ " ", " ", "2", "3", " ", "u", " ", " ",
	/* U+00B8 */ " ", "1", "o", " ", " ", " ", " ", " ",
	/* U+00C0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* U+00C8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00D0 */ "d", "n", "o", "o", "o", "o", "o", " ",
	/* U+00D8 */ "o", "u", "u", "u", "u", "y", "th", "ss",
	/* U+00E0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* U+00E8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* U+00F0 */ "d", "n", "o", "o", "o", "o", "o", " ",
	/* U+00F8 */ "o", "u", "u", "u", "u", "y", "th", "y",
	/* U+0100 */ "a", "a", "a", "a", "a", "a", "c", "c",
	/* U+0108 */ "c", "c", "c", "c", "c", "c", "d", "d",
	/* U+0110 */ "d", "d", "e", "e", "e", "e", "e", "e",
	/* U+0118 */ "e", "e", "e", "e", "g", "g", "g", "g",
	/* U+0120 */ "g", "g", "g", "g", "h", "h", "h", "h",
	/* U+0128 */ "i", "i", "i", "i", "i", "i", "i", "i",
	/* U+0130 */ "i", "i", "ij", "ij", "j", "j", "k", "k",
	/* U+0138 */ "k", "l", "l", "l", "l", "l", "l", "l",
	/* U+0140 */ "l", "l", "l", "n", "n", "n", "n", "n",
	/* U+0148 */ "n", "n", "n", "n", "o", "o", "o", "o",
	/* U+0150 */ "o", "o", "oe", "oe", "r", "r", "r", "r",
	/* U+0158 */ "r", "r", "s", "s", "s", "s", "s", "s",
	/* U+0160 */ "s", "s", "t", "t", "t", "t", "t", "t",
	/* U+0168 */ "u", "u", "u", "u", "u", "u", "u", "u",
	/* U+0170 */ "u", "u", "u", "u", "w", "w", "y", "y",
	/* U+0178 */ "y", "z", "z", "z", "z", "z", "z", "s",
};

/* Windows-1252 0x80..0x9F, for bytes that are not valid UTF-8. */
static const char *const cp1252[0x20] = {
	/* 0x80 */ " ", " ", " ", "f", " ", " ", " ", " ",
	/* 0x88 */ " ", " ", "s", " ", "oe", " ", "z", " ",
	/* 0x90 */ " ", " ", " ", " ", " ", " ", " ", " ",
	/* 0x98 */ " ", " ", "s", " ", "oe", " ", "z", "y",
};

/* What a code point becomes: a replacement string, or KEEP (copy it). */
static const char KEEP[] = "keep";

static const char *
map_cp(uint32_t cp)
{
	if (cp >= 0xA0 && cp < 0x180)
		return latin[cp - 0xA0];
	if (cp >= 0x300 && cp <= 0x36F)
		return "";                      /* combining marks */
	switch (cp) {
	case 0x218: case 0x219: return "s"; /* Romanian s, t with comma */
	case 0x21A: case 0x21B: return "t";
	case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
		return "";                      /* zero-width */
	case 0x3000:
		return " ";
	default:
		break;
	}
	if (cp < 0xA0)                          /* C1 controls */
		return " ";
	if (cp >= 0x2000 && cp <= 0x206F)
		return " ";                     /* general punctuation */
	return KEEP;
}

/*
 * Length of the valid UTF-8 sequence at P (at most N bytes) with its code
 * point in *cp, or 0 when the bytes are not valid UTF-8 (overlong forms,
 * surrogates, truncation, stray continuation bytes).
 */
static size_t
decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	unsigned char c = p[0];

	if (c >= 0xC2 && c <= 0xDF) {
		if (n < 2 || (p[1] & 0xC0) != 0x80)
			return 0;
		*cp = (uint32_t)(c & 0x1F) << 6 | (p[1] & 0x3F);
		return 2;
	}
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F))
			return 0;
		*cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 |
		    (p[2] & 0x3F);
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F))
			return 0;
		*cp = (uint32_t)(c & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
		    (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
		return 4;
	}
	return 0;
}

/*
 * The Windows-1252 byte (0x80..0x9F) that code point CP stands for, or 0.
 * Needed to undo UTF-8 that was read as Windows-1252 and written back.
 */
static unsigned
cp1252_byte(uint32_t cp)
{
	static const uint16_t from[0x20] = {
		0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
		0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
		0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
	};
	unsigned b;

	for (b = 0; b < 0x20; b++)
		if (from[b] != 0 && from[b] == cp)
			return 0x80 + b;
	return 0;
}

/*
 * The continuation byte (0x80..0xBF) that the character at P stands for
 * in mojibake, read as Latin-1 (U+0080..U+00BF) or Windows-1252; puts the
 * bytes the character takes in *len, and returns 0 when it stands for
 * none.
 */
static unsigned
continuation_at(const unsigned char *p, size_t n, size_t *len)
{
	uint32_t next;

	if (n == 0 || p[0] < 0x80 || (*len = decode(p, n, &next)) == 0)
		return 0;
	return next >= 0x80 && next <= 0xBF ? next : cp1252_byte(next);
}

/*
 * Mojibake: a label whose UTF-8 was read as Latin-1 or Windows-1252 and
 * written back as UTF-8 shows "Ã³" for "ó", and "â€œ" or "â\u0080\u009C"
 * for a curly quote (three bytes). When the code point CP at P is such a
 * lead (U+00C2..U+00C5, the leads of U+0080..U+017F, with one
 * continuation; or U+00E2, the lead of U+2000..U+2FFF, punctuation such
 * as quotes and dashes, with two) and the next characters stand for its
 * continuation bytes, returns the number of bytes those characters take
 * and puts the code point the bytes decode to in *cp; otherwise
 * returns 0.
 */
static size_t
repair_mojibake(const unsigned char *p, size_t n, uint32_t *cp)
{
	unsigned char utf8[3];
	size_t len, used = 0;
	int k, continuations;

	if (*cp >= 0xC2 && *cp <= 0xC5)
		continuations = 1;
	else if (*cp == 0xE2)
		continuations = 2;
	else
		return 0;
	utf8[0] = (unsigned char)*cp;
	for (k = 1; k <= continuations; k++) {
		utf8[k] = (unsigned char)continuation_at(p + used, n - used,
		    &len);
		if (utf8[k] == 0)
			return 0;
		used += len;
	}
	return decode(utf8, (size_t)continuations + 1, cp) != 0 ? used : 0;
}

/* Appends word bytes, preceded by one space if a separator is pending. */
static size_t
emit(char *dst, size_t o, int *pending, const char *s, size_t n)
{
	if (n == 0)
		return o;
	if (*pending && o > 0)
		dst[o++] = ' ';
	*pending = 0;
	memcpy(dst + o, s, n);
	return o + n;
}

static size_t
emit_map(char *dst, size_t o, int *pending, const char *m)
{
	if (m[0] == ' ') {
		*pending = 1;
		return o;
	}
	return emit(dst, o, pending, m, strlen(m));
}

static int
ascii_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * Whether the byte P[I] is the hyphen of the prefix "e-" ("e-consulta",
 * "E-Interconsulta", "e-mail"): right after a word of the one letter "e"
 * written to DST[0..o), with a letter next. The prefix is glued to its
 * word ("econsulta"), so that rules tell it from the conjunction "e" of
 * Portuguese, and of Spanish before an i ("Consulta e interconsulta" is
 * two services in person).
 */
static int
e_prefix(const char *dst, size_t o, int pending, const unsigned char *p,
    size_t n, size_t i)
{
	unsigned char next = i + 1 < n ? p[i + 1] : 0;

	return p[i] == '-' && !pending && o > 0 && dst[o - 1] == 'e' &&
	    (o == 1 || dst[o - 2] == ' ') && ascii_letter(next);
}

/*
 * Whether a "?" or U+FFFD that ends before P[NEXT] stands for a letter
 * an export lost (a Latin-1 letter written to an ASCII or UTF-8 file:
 * "TELEORIENTACI?N", "telef\uFFFDnica"): right after a letter written to
 * DST[0..o), with a letter next. It then vanishes, so that the word stays
 * one word one edit from the right one ("teleorientacin"), which the
 * rules' mending reads (telestat-rules(5)); elsewhere it separates.
 */
static int
lost_letter(const char *dst, size_t o, int pending, const unsigned char *p,
    size_t n, size_t next)
{
	unsigned char c = next < n ? p[next] : 0;

	return !pending && o > 0 && ascii_letter((unsigned char)dst[o - 1]) &&
	    (ascii_letter(c) || c >= 0xC3);
}

/*
 * Whether the two "?" at P[I] end a Portuguese word as "ção" or "ções"
 * whose two accented letters an export lost ("ORIENTA??O", "INFORMA??ES",
 * before "o" or "es" and the end of the word):
 * "ca" or "co" then, for the letters they stood for, else NULL. Two lost
 * letters are too many to mend; this ending is the one that has them.
 */
static const char *
lost_cao(const char *dst, size_t o, int pending, const unsigned char *p,
    size_t n, size_t i)
{
	size_t t = i + 2;

	if (t >= n || p[i + 1] != '?' || !lost_letter(dst, o, pending, p, n, t))
		return NULL;
	if ((p[t] | 0x20) == 'o' && (t + 1 == n || !ascii_letter(p[t + 1])))
		return "ca";
	if (t + 2 <= n && (p[t] | 0x20) == 'e' && (p[t + 1] | 0x20) == 's' &&
	    (t + 2 == n || !ascii_letter(p[t + 2])))
		return "co";
	return NULL;
}

/*
 * Whether the "?" at P[I], a letter an export lost, is the "í" of a
 * Spanish word ending in "-ía" or "-ías" ("RADIOLOG?A", "TELECONSULTOR?AS",
 * "D?A"): after a consonant written to DST[0..o), before "a" or "as" and
 * the end of the word. That ending, the most frequent place of a lost
 * letter in Spanish, is then whole ("radiologia"), and no mending has to
 * guess it; "ñ", the other letter lost before a final "a", follows a
 * vowel ("campa?a"), and the Portuguese "-ça" ("presen?a") becomes a word
 * one letter from its own, as before.
 */
static int
lost_ia(const char *dst, size_t o, int pending, const unsigned char *p,
    size_t n, size_t i)
{
	size_t t = i + 1;
	unsigned char prev;

	if (pending || o == 0 || t >= n || (p[t] | 0x20) != 'a')
		return 0;
	prev = (unsigned char)dst[o - 1];
	if (!ascii_letter(prev) || strchr("aeiou", prev) != NULL)
		return 0;
	t++;
	if (t < n && (p[t] | 0x20) == 's')
		t++;
	return t == n || !(ascii_letter(p[t]) || p[t] >= 0x80 || p[t] == '?');
}

/*
 * Whether the "?" at P[I] begins French "t?l?" at the start of a word, the
 * "télé" of "téléconsultation" and "téléexpertise" whose two accented
 * letters an export lost ("T?L?CONSULTATION", "t?l?-expertise", "T?L?
 * CONSULTATION"): the "t" is the last letter written to DST[0..o), and a
 * letter follows, or a space or hyphen and a letter. Two lost letters are
 * too many to mend; this prefix, the most frequent word start of French
 * telehealth, is the one that has them.
 */
static int
lost_tele(const char *dst, size_t o, int pending, const unsigned char *p,
    size_t n, size_t i)
{
	size_t t = i + 3;

	if (t < n && (p[t] == ' ' || p[t] == '-'))
		t++;
	return t < n && !pending && o > 0 && dst[o - 1] == 't' &&
	    (o == 1 || dst[o - 2] == ' ') && (p[i + 1] | 0x20) == 'l' &&
	    p[i + 2] == '?' && ascii_letter(p[t]);
}

/*
 * Whether the "?" at P[I] is a word of its own that an export lost, the
 * "à" of Portuguese and French ("ATENDIMENTO ? DIST?NCIA", "suivi ?
 * distance"): at the start of the label or after a space, with a space
 * and a letter next. It is read as "a", so that "a distancia" stays the
 * marker it was; a "?" after a word (a question) is not one.
 */
static int
lost_a(const unsigned char *p, size_t n, size_t i)
{
	return (i == 0 || p[i - 1] == ' ') && i + 2 < n && p[i + 1] == ' ' &&
	    ascii_letter(p[i + 2]);
}

/*
 * What the normaliser makes of a "?" or U+FFFD that stood for a lost
 * letter: it vanishes (ts_normalize), separates words
 * (ts_normalize_spaced) or stays a "?" (ts_normalize_kept).
 */
enum lost_as { LOST_VANISH, LOST_SPACE, LOST_KEEP };

/* The normaliser; LOST says what a lost letter's "?" becomes. */
static size_t
normalize(const char *src, size_t n, char *dst, enum lost_as lost)
{
	const unsigned char *p = (const unsigned char *)src;
	size_t i = 0, o = 0;
	int pending = 0;

	while (i < n) {
		unsigned char c = p[i];
		uint32_t cp;
		size_t len;
		const char *m;

		if (c < 0x80) {
			if (c >= 'A' && c <= 'Z') {
				char lc = (char)(c + ('a' - 'A'));
				o = emit(dst, o, &pending, &lc, 1);
			} else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				o = emit(dst, o, &pending, (const char *)p + i, 1);
			else if (c == '?' && (m = lost_cao(dst, o, pending, p, n,
			    i)) != NULL) {
				o = emit(dst, o, &pending, m, 2);
				i += 2;
				continue;
			} else if (c == '?' && lost_ia(dst, o, pending, p, n,
			    i)) {
				o = emit(dst, o, &pending, "i", 1);
			} else if (c == '?' && lost_tele(dst, o, pending, p, n,
			    i)) {
				o = emit(dst, o, &pending, "ele", 3);
				i += 3;
				continue;
			} else if (c == '?' && lost_a(p, n, i)) {
				o = emit(dst, o, &pending, "a", 1);
			} else if (c == '?' && lost != LOST_SPACE &&
			    lost_letter(dst, o, pending, p, n, i + 1)) {
				if (lost == LOST_KEEP)
					o = emit(dst, o, &pending, "?", 1);
			} else if (!e_prefix(dst, o, pending, p, n, i))
				pending = 1;
			i++;
			continue;
		}
		len = decode(p + i, n - i, &cp);
		if (len == 0) {
			/* Not UTF-8: read the byte as Windows-1252. */
			o = emit_map(dst, o, &pending,
			    c < 0xA0 ? cp1252[c - 0x80] : latin[c - 0xA0]);
			i++;
			continue;
		}
		if (cp >= 0xFF01 && cp <= 0xFF5E) {
			/* Fullwidth ASCII: handle as the ASCII character. */
			char a = (char)(cp - 0xFEE0);
			if (a >= 'A' && a <= 'Z')
				a = (char)(a + ('a' - 'A'));
			if ((a >= 'a' && a <= 'z') || (a >= '0' && a <= '9'))
				o = emit(dst, o, &pending, &a, 1);
			else
				pending = 1;
			i += len;
			continue;
		}
		if (cp == 0xC2 && i + len < n && p[i + len] == ' ') {
			/*
			 * "Â" before a plain space: a no-break space whose UTF-8
			 * (C2 A0) was read as Latin-1 ("Â" + NBSP), and whose NBSP
			 * a spreadsheet then turned into a space ("ConsultaÂ no
			 * presencial"). Portuguese and French words do not end in
			 * "â" written as a capital, so it is read as the space.
			 */
			pending = 1;
			i += len;
			continue;
		}
		if (cp == 0xFFFD) {
			if (lost == LOST_SPACE ||
			    !lost_letter(dst, o, pending, p, n, i + len))
				pending = 1;
			else if (lost == LOST_KEEP)
				o = emit(dst, o, &pending, "?", 1);
			i += len;
			continue;
		}
		len += repair_mojibake(p + i + len, n - i - len, &cp);
		m = map_cp(cp);
		if (m == KEEP)
			o = emit(dst, o, &pending, (const char *)p + i, len);
		else
			o = emit_map(dst, o, &pending, m);
		i += len;
	}
	dst[o] = '\0';
	return o;
}

size_t
ts_normalize(const char *src, size_t n, char *dst)
{
	return normalize(src, n, dst, LOST_VANISH);
}

size_t
ts_normalize_spaced(const char *src, size_t n, char *dst)
{
	return normalize(src, n, dst, LOST_SPACE);
}

size_t
ts_normalize_kept(const char *src, size_t n, char *dst)
{
	return normalize(src, n, dst, LOST_KEEP);
}

size_t
ts_fold_letters(const char *src, size_t n, char *dst)
{
	const unsigned char *p = (const unsigned char *)src;
	size_t i = 0, o = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = p[i] < 0x80 ? 0 : decode(p + i, n - i, &cp);
		const char *m;

		if (len == 0) {
			dst[o++] = (char)p[i++];
			continue;
		}
		m = map_cp(cp);
		if (m != KEEP && m[0] != ' ' && (cp >= 0xC0 || m[0] == '\0' ||
		    cp == 0xAA || cp == 0xBA)) {
			/* A letter (or a vanishing mark): fold it. */
			size_t k = strlen(m);
			memcpy(dst + o, m, k);
			o += k;
		} else {
			memcpy(dst + o, p + i, len);
			o += len;
		}
		i += len;
	}
	dst[o] = '\0';
	return o;
}
