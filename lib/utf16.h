/*
 * utf16.h - UTF-16 exports (spreadsheets' "Unicode text", some Windows
 * tools) decoded to UTF-8 through iconv(3), a buffer at a time.
 *
 * Recognising the encoding: a byte order mark (FF FE little-endian,
 * FE FF big-endian), or, without one, text whose first code units all
 * have a zero high byte and a non-zero low byte: UTF-8 text never holds
 * NUL bytes, so "I\0d\0_\0" can only be UTF-16LE.
 *
 * Invalid input is never dropped nor replaced silently: a code unit that
 * cannot be decoded (an unpaired surrogate, or the odd last byte of a
 * file cut in the middle of a code unit) becomes a mark in the output:
 * the byte 0xFF (never part of UTF-8, so every UTF-8 check stops there)
 * followed by six ASCII bytes that describe it, "S+D83D" (surrogate
 * 0xD83D with no partner) or "T+00C3" (a single byte 0xC3 left at the
 * end). Readers reject the record holding the mark and name its line
 * and character column with ts_utf16_mark_reason().
 */
#ifndef TS_UTF16_H
#define TS_UTF16_H

#include <stddef.h>
#include <stdint.h>

enum ts_utf16_order {
	TS_UTF16_NONE = 0,    /* not UTF-16 */
	TS_UTF16_LE = 1,
	TS_UTF16_BE = 2
};

/* First byte of a mark, and its length (0xFF and six ASCII bytes). */
#define TS_UTF16_MARK 0xFF
#define TS_UTF16_MARK_LEN 7

/*
 * Output room ts_utf16_decode needs to make progress: the longest UTF-8
 * sequence or mark.
 */
#define TS_UTF16_MIN_OUT 8

/*
 * Looks at the first N bytes of an input (N >= 4, or all of a shorter
 * input) and returns its byte order, or TS_UTF16_NONE; *bom gets the
 * length of the byte order mark to skip (2, or 0 when there is none).
 */
int ts_utf16_detect(const unsigned char *p, size_t n, size_t *bom);

/* "utf-16le" or "utf-16be" (static storage). */
const char *ts_utf16_name(int order);

typedef struct ts_utf16 ts_utf16;

/*
 * A decoder for ORDER (TS_UTF16_LE or TS_UTF16_BE), or NULL when iconv
 * has no UTF-16 converter (errno set; a C library without its gconv
 * modules).
 */
ts_utf16 *ts_utf16_new(int order);
void ts_utf16_free(ts_utf16 *d);

/*
 * Decodes from *SRC (*SRCLEN bytes) into DST (CAP >= TS_UTF16_MIN_OUT
 * bytes), advancing *SRC and *SRCLEN past what it consumed; returns the
 * bytes written. Stops when DST is full or the input is used up, except
 * for the bytes of a code unit or surrogate pair that may continue in
 * the next buffer: those stay in *SRC unless AT_END says there is no
 * next buffer (they are then marks). Returns 0 only when nothing can be
 * written before more input comes.
 */
size_t ts_utf16_decode(ts_utf16 *d, const char **src, size_t *srclen,
    char *dst, size_t cap, int at_end);

/*
 * When LINE[OFF] (LINE is N bytes of decoded text) starts a mark:
 * writes its reason ("unpaired surrogate 0xD83D", "truncated code unit
 * (a single byte 0xC3 at the end of the input)") to BUF, *COLUMN gets the
 * 1-based character position of the mark in LINE, and returns 1.
 * Returns 0 otherwise.
 */
int ts_utf16_mark_reason(const char *line, size_t n, size_t off,
    uint64_t *column, char *buf, size_t cap);

#endif
