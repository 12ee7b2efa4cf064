/*
 * readopts.c - the options that say how a raw export is read (see
 * readopts.h).
 */
#include "readopts.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "encoding.h"
#include "profile.h"
#include "regions.h"
#include "util.h"

enum {
	OPT_ENCODING = TS_READOPT_FIRST, OPT_COUNTRY, OPT_MAP, OPT_DATE_FORMAT,
	OPT_LOOKUP, OPT_FORMAT, OPT_LENIENT, OPT_DUPLICATES
};

static const struct option readopts[] = {
	{ "profile", required_argument, NULL, 'p' },
	{ "delimiter", required_argument, NULL, 'd' },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "country", required_argument, NULL, OPT_COUNTRY },
	{ "map", required_argument, NULL, OPT_MAP },
	{ "date-format", required_argument, NULL, OPT_DATE_FORMAT },
	{ "lookup", required_argument, NULL, OPT_LOOKUP },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "lenient", no_argument, NULL, OPT_LENIENT },
	{ "duplicates", required_argument, NULL, OPT_DUPLICATES },
};
#define NREADOPTS (sizeof(readopts) / sizeof(readopts[0]))

void
ts_readopts_init(struct ts_readopts *r, struct ts_ingest_opts *o)
{
	memset(r, 0, sizeof(*r));
	r->o = o;
	r->profile = "generic";
	o->delim = o->encoding = o->country = o->format = -1;
}

void
ts_readopts_free(struct ts_readopts *r)
{
	free(r->date_formats);
	free(r->lookups);
	r->date_formats = NULL;
	r->lookups = NULL;
}

struct option *
ts_readopts_longopts(const struct option *own)
{
	struct option *all;
	size_t n = 0;

	while (own[n].name != NULL)
		n++;
	all = xcalloc(n + NREADOPTS + 1, sizeof(*all));
	memcpy(all, own, n * sizeof(*all));
	memcpy(all + n, readopts, sizeof(readopts));
	return all;
}

static int
fail(char *err, size_t errlen, const char *fmt, ...) TS_PRINTF(3, 4);

/* Writes the reason into ERR; returns -1. */
static int
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int
take_delim(struct ts_readopts *r, const char *s, char *err, size_t errlen)
{
	if (strcmp(s, "\\t") == 0 || strcmp(s, "tab") == 0 ||
	    strcmp(s, "TAB") == 0 || strcmp(s, "\t") == 0) {
		r->o->delim = '\t';
		return 1;
	}
	if (s[0] == '\0' || s[1] != '\0' || (unsigned char)s[0] >= 0x80 ||
	    s[0] == '"' || s[0] == '\n' || s[0] == '\r')
		return fail(err, errlen, "-d %s: the delimiter must be one ASCII"
		    " character other than a quote or newline", s);
	r->o->delim = (unsigned char)s[0];
	return 1;
}

/* --map date=fecha,region=dep: fills map[role]; "" unmaps a column. */
static int
take_map(struct ts_readopts *r, char *arg, char *err, size_t errlen)
{
	char *save = NULL, *item, *eq;
	int role;

	for (item = strtok_r(arg, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		if ((eq = strchr(item, '=')) == NULL)
			return fail(err, errlen, "--map %s: expected COLUMN=HEADER",
			    item);
		*eq = '\0';
		if ((role = ts_role_parse(item)) < 0)
			return fail(err, errlen, "--map: unknown column \"%s\" (see"
			    " telestat-records(5))", item);
		if (r->o->map[role] != NULL)
			return fail(err, errlen, "--map: column \"%s\" is mapped"
			    " twice", item);
		r->o->map[role] = eq + 1;
	}
	return 1;
}

/* --lookup ROLE=FILE, or ROLE=FILE:KEY:VALUE (the last two colons). */
static int
take_lookup(struct ts_readopts *r, char *arg, char *err, size_t errlen)
{
	struct ts_ingest_lookup l = { -1, NULL, NULL, NULL };
	char *eq = strchr(arg, '='), *c2, *c1;

	if (eq == NULL || eq[1] == '\0')
		return fail(err, errlen, "--lookup %s: want ROLE=FILE[:KEY:VALUE]",
		    arg);
	*eq = '\0';
	if ((l.role = ts_role_parse(arg)) < 0 || l.role >= TS_NCANON)
		return fail(err, errlen, "--lookup %s: not an output column", arg);
	l.file = eq + 1;
	if ((c2 = strrchr(l.file, ':')) != NULL) {
		*c2 = '\0';
		if ((c1 = strrchr(l.file, ':')) == NULL || c1[1] == '\0' ||
		    c2[1] == '\0' || c1 == l.file)
			return fail(err, errlen, "--lookup %s: want"
			    " ROLE=FILE[:KEY:VALUE]", arg);
		*c1 = '\0';
		l.key = c1 + 1;
		l.value = c2 + 1;
	}
	r->lookups = xreallocarray(r->lookups, r->o->nlookups + 1,
	    sizeof(*r->lookups));
	r->lookups[r->o->nlookups++] = l;
	r->o->lookups = r->lookups;
	return 1;
}

/* --date-format FMT, checked, appended to the formats tried in order. */
static int
take_date_format(struct ts_readopts *r, const char *arg, char *err,
    size_t errlen)
{
	const char *why = ts_date_format_check(arg);

	if (why != NULL)
		return fail(err, errlen, "--date-format %s: %s", arg, why);
	r->date_formats = xreallocarray(r->date_formats,
	    r->o->ndate_formats + 1, sizeof(char *));
	r->date_formats[r->o->ndate_formats++] = arg;
	r->o->date_formats = r->date_formats;
	return 1;
}

/* The options whose value is one word of a short list. */
static int
take_choice(struct ts_readopts *r, int ch, const char *arg, char *err,
    size_t errlen)
{
	struct ts_ingest_opts *o = r->o;

	switch (ch) {
	case OPT_ENCODING:
		if ((o->encoding = ts_encoding_parse(arg)) < 0)
			return fail(err, errlen, "--encoding %s: use utf-8, latin1"
			    " or cp1252", arg);
		return 1;
	case OPT_COUNTRY:
		if ((o->country = ts_country_parse(arg)) < 0)
			return fail(err, errlen, "--country %s: use PE or MX", arg);
		return 1;
	case OPT_FORMAT:
		if ((o->format = ts_format_option(arg)) < 0)
			return fail(err, errlen, "--format %s: want csv, json or"
			    " ndjson", arg);
		return 1;
	case OPT_DUPLICATES:
		if ((o->duplicates = ts_ingest_dupes_option(arg)) < 0)
			return fail(err, errlen, "--duplicates %s: want keep or"
			    " reject", arg);
		return 1;
	}
	return 0;
}

int
ts_readopts_take(struct ts_readopts *r, int ch, char *arg, char *err,
    size_t errlen)
{
	if (ch == 'p') {
		r->profile = arg;
		r->profile_given = 1;
		return 1;
	}
	if (ch != 'd' && (ch < TS_READOPT_FIRST || ch > OPT_DUPLICATES))
		return 0;
	r->other_given = 1;
	switch (ch) {
	case 'd':
		return take_delim(r, arg, err, errlen);
	case OPT_MAP:
		return take_map(r, arg, err, errlen);
	case OPT_LOOKUP:
		return take_lookup(r, arg, err, errlen);
	case OPT_DATE_FORMAT:
		return take_date_format(r, arg, err, errlen);
	case OPT_LENIENT:
		r->o->lenient = 1;
		return 1;
	default:
		return take_choice(r, ch, arg, err, errlen);
	}
}
