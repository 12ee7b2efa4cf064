/*
 * numfmt.h - numbers as the report prints them, per language.
 *
 * Spanish (es): thousands grouped by a plain space (U+0020), decimal
 * comma, a space before the percent sign: "1 609 073", "+18,9 %".
 * English (en): thousands grouped by a comma, decimal point, no space:
 * "1,609,073", "+18.9%". Every integer of four or more digits is grouped,
 * so columns line up. Negative numbers take an ASCII hyphen-minus.
 *
 * Percentages and ratios are carried as integer tenths, rounded once from
 * exact integer inputs (half away from zero), so every output format
 * prints the same digits. No locale, no stdio: these run per report cell.
 */
#ifndef TS_NUMFMT_H
#define TS_NUMFMT_H

#include <stddef.h>
#include <stdint.h>

enum ts_lang { TS_LANG_ES = 0, TS_LANG_EN = 1 };

/* Longest formatted number, with sign, groups, decimals and " %", + NUL. */
#define TS_NUMFMT_MAX 48

/* TS_LANG_ES or TS_LANG_EN for "es" / "en", else -1. */
int ts_lang_parse(const char *s);

/* Integer with thousands groups; returns the length (BUF is NUL-terminated). */
size_t ts_numfmt_int(char *buf, int64_t v, int lang);
/* TENTHS / 10 with one decimal ("18,9" / "18.9"); PLUS puts '+' on
 * positive values. Returns the length. */
size_t ts_numfmt_dec1(char *buf, int64_t tenths, int lang, int plus);
/* A percentage given in tenths: "+18,9 %" / "+18.9%". */
size_t ts_numfmt_pct(char *buf, int64_t tenths, int lang, int plus);
/* The same number for machines (CSV): "18.9", "-4.0"; no groups. */
size_t ts_numfmt_dec1_c(char *buf, int64_t tenths);

/* round(10 * NUM / DEN), half away from zero; DEN must be positive. */
int64_t ts_ratio_tenths(int64_t num, int64_t den);
/* Share of NUM in DEN as tenths of a percent: round(1000 * NUM / DEN). */
int64_t ts_pct_tenths(int64_t num, int64_t den);
/* Change from BEFORE to NOW as tenths of a percent; BEFORE must be > 0. */
int64_t ts_change_tenths(int64_t now, int64_t before);

#endif
