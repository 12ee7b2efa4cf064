/*
 * normalize.h - label normalisation for rule matching, telestat-rules(5).
 *
 * Service labels arrive written a hundred ways ("TELE-CONSULTA Médica ",
 * "Teleconsulta medica", "TELECONSULTA  MÉDICA"). Rules match one
 * canonical form instead of every spelling:
 *
 *   - ASCII letters are lower-cased; digits are kept;
 *   - Latin letters with diacritics (U+00C0..U+017F, plus s/t with comma
 *     below) lose them: á→a, ñ→n, ç→c, ã→a, õ→o, ü→u; ligatures expand
 *     (ß→ss, æ→ae, œ→oe); ª and º become a and o; combining marks
 *     (U+0300..U+036F, decomposed input) are dropped;
 *   - fullwidth ASCII (U+FF01..U+FF5E) is treated as ASCII;
 *   - every other ASCII character, Latin-1 symbol, general punctuation
 *     (U+2000..U+206F, dashes, quotes, NBSP) and U+3000 is a separator;
 *     soft hyphen, zero-width spaces and joiners and U+FEFF vanish;
 *   - runs of separators become one space, none at either end; but the
 *     hyphen of the prefix "e-" before a letter vanishes ("e-consulta" is
 *     "econsulta"), to tell it from the conjunction "e", and a "?" or
 *     U+FFFD between two letters, a letter an export lost
 *     ("TELEORIENTACI?N"), vanishes, leaving one word for the rules'
 *     mending, and "??" before a word's last "o" or "es" is the "ca" or
 *     "co" of Portuguese "ção", "ções"; U+FFFD elsewhere is a separator;
 *   - UTF-8 that was read as Latin-1 or Windows-1252 and written back
 *     ("TELEORIENTACIÃ“N", "teleorientaciÃ³n") is read as the letter it
 *     was: a lead U+00C2..U+00C5 followed by a character standing for a
 *     continuation byte is one letter.
 *
 * Other valid UTF-8 (Greek, CJK...) is copied unchanged. Bytes that are not
 * valid UTF-8 are read as Windows-1252, so a label that escaped conversion
 * ("M\xe9dica") still normalises to "medica". The output is therefore
 * always valid UTF-8. No locale is consulted: the result is the same on
 * every machine.
 */
#ifndef TS_NORMALIZE_H
#define TS_NORMALIZE_H

#include <stddef.h>

/* Bytes DST must have room for when normalising N bytes. */
#define TS_NORMALIZE_CAP(n) (2 * (n) + 1)

/*
 * Normalises SRC[0..n) into DST (room for TS_NORMALIZE_CAP(n) bytes);
 * returns the length and NUL-terminates DST.
 */
size_t ts_normalize(const char *src, size_t n, char *dst);

/*
 * As ts_normalize, but a "?" or U+FFFD that stood for a lost letter
 * separates words instead of vanishing: an export that lost its accents
 * to "?" lost its no-break spaces too ("TELEDISPOSITIVOS?MONITOR?DE?
 * SIGNOS"), and the rules read that form when they read the other not.
 */
size_t ts_normalize_spaced(const char *src, size_t n, char *dst);

/*
 * As ts_normalize, but a "?" or U+FFFD that stood for a lost letter stays
 * a "?" ("TELEF?NICA" is "telef?nica"): the rules restore such a word
 * from the words they spell out (telestat-rules(5)). No other "?" is
 * left in the result, as in ts_normalize's.
 */
size_t ts_normalize_kept(const char *src, size_t n, char *dst);

/*
 * Folds the accented Latin letters of a rules pattern the way
 * ts_normalize does (é→e, Ñ→n), leaving every other byte, including
 * regular-expression syntax, unchanged. DST needs TS_NORMALIZE_CAP(n)
 * bytes; returns the length and NUL-terminates DST.
 */
size_t ts_fold_letters(const char *src, size_t n, char *dst);

/*
 * Bytes of the UTF-8 sequence lead byte C announces (1 for ASCII and for
 * a byte that cannot lead one): how patterns are stepped through. Inline:
 * rules.c calls it for every byte of every pattern it compiles.
 */
static inline size_t
ts_utf8_seqlen(unsigned char c)
{
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 1;
}

#endif
