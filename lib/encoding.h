/*
 * encoding.h - input text encodings for ingest: UTF-8 validation,
 * Latin-1 and Windows-1252 conversion to UTF-8, and the folding used to
 * compare header names and region names regardless of case and accents.
 *
 * Nothing here allocates or consults the locale: these functions run once
 * per input line and must cost about as much as a memchr.
 */
#ifndef TS_ENCODING_H
#define TS_ENCODING_H

#include <stddef.h>

enum ts_encoding {
	TS_ENC_UTF8 = 0,
	TS_ENC_LATIN1 = 1,    /* ISO-8859-1 */
	TS_ENC_CP1252 = 2     /* Windows-1252 */
};

/*
 * Encoding named S ("utf-8", "utf8", "latin1", "iso-8859-1", "cp1252",
 * "windows-1252"; case-insensitive), or -1.
 */
int ts_encoding_parse(const char *s);
/* Canonical name ("utf-8", "latin1", "cp1252"); static storage. */
const char *ts_encoding_name(int enc);

/* Returned by ts_utf8_check when P[0..n) is valid UTF-8. */
#define TS_UTF8_VALID ((size_t)-1)

/*
 * Offset of the first byte of P[0..n) that does not start a valid UTF-8
 * sequence (overlong forms, surrogates and code points above U+10FFFF are
 * invalid; so is a sequence cut short by the end of the buffer), or
 * TS_UTF8_VALID.
 */
size_t ts_utf8_check(const char *p, size_t n);

/* 1 when every byte of P[0..n) is ASCII (below 0x80). */
int ts_is_ascii(const char *p, size_t n);

/*
 * Converts N bytes of ENC (TS_ENC_LATIN1 or TS_ENC_CP1252) to UTF-8 in
 * DST, which needs room for 3 * n bytes; returns the length written.
 * Every byte converts: the five bytes Windows-1252 leaves undefined (0x81,
 * 0x8D, 0x8F, 0x90, 0x9D) become the C1 controls of the same value, as
 * the WHATWG encoding standard does.
 */
size_t ts_to_utf8(int enc, const char *src, size_t n, char *dst);

/* ts_fold flags. */
#define TS_FOLD_NOSPACE 1   /* drop separators instead of keeping one space */

/*
 * Folds UTF-8 text into a comparison key: ASCII letters lower-cased,
 * Latin-1 letters with diacritics reduced to their base letter (á→a,
 * Ñ→n, ç→c, ß→ss), combining marks dropped, every other ASCII byte and
 * Latin-1 symbol a separator; runs of separators become one space (none
 * at either end), or vanish with TS_FOLD_NOSPACE. Other bytes are copied
 * unchanged. DST needs room for 2 * n bytes; returns the length (DST is
 * not NUL-terminated).
 *
 *   "Fecha de Atención" -> "fecha de atencion", or "fechadeatencion"
 */
size_t ts_fold(const char *src, size_t n, char *dst, int flags);

#endif
