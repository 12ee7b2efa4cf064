/*
 * dates.h - calendar dates as exports write them.
 *
 * Hand-written parsers (no strptime, no locale, no allocation): ingest
 * parses one date per row of multi-gigabyte files.
 *
 * Without a format, ts_date_parse() recognises
 *   YYYY-MM-DD  YYYY/MM/DD  YYYY.MM.DD     (ISO order)
 *   DD/MM/YYYY  DD-MM-YYYY  DD.MM.YYYY     (day first, as in Latin America)
 *   YYYYMMDD
 *   YYYY-MM     YYYY/MM                    (month only: d = 0)
 *   D MON YYYY  D de MES de YYYY  DD/mon/YYYY  MON D, YYYY
 *                                          (spelled-out months)
 * where DD and MM may have one digit, optionally followed by a time of day
 * after a space or 'T', or a comma and a space ("2024-03-05 14:30",
 * "2024-03-05T14:30:00Z", "30 dic 2025, 9:20"), which is ignored.
 * Month names and abbreviations are Spanish, Portuguese or English, any
 * case, with or without accents or an abbreviation's dot ("dic", "Dic.",
 * "março", "setiembre", "Sept"). Month-first numeric dates (03/31/2024)
 * need a format.
 *
 * A format (--date-format, a profile's date_formats) is a strptime-like
 * subset: %Y four-digit year, %m month and %d day (one or two digits),
 * %b a month name or abbreviation as above, %H %M %S (one or two digits,
 * checked and ignored), %% a percent sign; a space matches one or more
 * spaces and any other character matches itself; a time of day may
 * follow, as in the automatic forms. %Y is required; without %d only
 * year and month are known, without %m only the year. Two formats are
 * names: "auto" (the automatic forms) and "excel" (a spreadsheet serial
 * day number, 1900 system: 45937 is 2025-10-07; a fraction, the time of
 * day, is ignored).
 *
 * Every date is calendar-checked (31/02/2024 is invalid; 29/02/2024 is
 * fine) and years must lie in 1900..2100.
 */
#ifndef TS_DATES_H
#define TS_DATES_H

#include <stddef.h>

typedef struct ts_date {
	int y;          /* 1900..2100 */
	int m;          /* 1..12, or 0 when unknown */
	int d;          /* 1..31, or 0 when unknown */
} ts_date;

enum ts_date_status {
	TS_DATE_OK = 0,
	TS_DATE_FORMAT,     /* not a date in a recognised form */
	TS_DATE_INVALID,    /* well formed but not in the calendar */
	TS_DATE_RANGE       /* year outside 1900..2100 */
};

#define TS_DATE_MIN_YEAR 1900
#define TS_DATE_MAX_YEAR 2100

/* Parses P[0..n) in any of the automatic forms. */
int ts_date_parse(const char *p, size_t n, ts_date *out);

/* Parses P[0..n) with FMT (checked by ts_date_format_check). */
int ts_date_parse_fmt(const char *fmt, const char *p, size_t n, ts_date *out);

/*
 * Tries the NFMT formats FMTS in order; the status is the first success,
 * else the first failure that was more than a mismatch of form (invalid
 * date, year out of range). With no formats: the automatic forms, then a
 * plausible spreadsheet serial (ts_date_excel_guess): callers use it on
 * a column declared as the date only, never on other columns.
 */
int ts_date_parse_list(const char *const *fmts, size_t nfmt, const char *p,
    size_t n, ts_date *out);

/* Spreadsheet serial day number (1900 system), with optional fraction. */
int ts_date_excel(const char *p, size_t n, ts_date *out);

/*
 * A serial only where a guess is safe: exactly five digits (and an
 * optional fraction) between 18264 (1950-01-01) and 73050 (2099-12-31);
 * TS_DATE_FORMAT otherwise.
 */
int ts_date_excel_guess(const char *p, size_t n, ts_date *out);

/* Month named P[0..n) (Spanish, Portuguese, English; folded): 1..12, or 0. */
int ts_month_name(const char *p, size_t n);

/*
 * Checks a format; returns NULL if usable, else a reason (static string)
 * such as "no %Y" or "unsupported directive".
 */
const char *ts_date_format_check(const char *fmt);

/* Reason for a status, for messages: "invalid date"... (static). */
const char *ts_date_strerror(int status);

/* Checks Y/M/D against the calendar; returns a status. */
int ts_date_check(const ts_date *d);

int ts_days_in_month(int y, int m);

/* Writes "YYYY-MM-DD" (10 bytes, no NUL) into BUF; unknown parts are 00. */
void ts_date_iso(const ts_date *d, char *buf);

#endif
