/*
 * readopts.c - the options that say how a raw export is read (see
 * readopts.h).
 */
#include "readopts.h"

#include <stddef.h>
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

/* A usage error on E; returns -1. */
#define fail(e, ...) (ts_error_set((e), TS_EXIT_USAGE, __VA_ARGS__), \
	(e)->usage = 1, -1)

static int
take_delim(struct ts_readopts *r, const char *s, ts_error *e)
{
	if (strcmp(s, "\\t") == 0 || strcmp(s, "tab") == 0 ||
	    strcmp(s, "TAB") == 0 || strcmp(s, "\t") == 0) {
		r->o->delim = '\t';
		return 1;
	}
	if (s[0] == '\0' || s[1] != '\0' || (unsigned char)s[0] >= 0x80 ||
	    s[0] == '"' || s[0] == '\n' || s[0] == '\r')
		return fail(e, "-d %s: the delimiter must be one ASCII"
		    " character other than a quote or newline", s);
	r->o->delim = (unsigned char)s[0];
	return 1;
}

/* --map date=fecha,region=dep: fills map[role]; "" unmaps a column. */
static int
take_map(struct ts_readopts *r, char *arg, ts_error *e)
{
	char *save = NULL, *item, *eq;
	int role;

	for (item = strtok_r(arg, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		if ((eq = strchr(item, '=')) == NULL)
			return fail(e, "--map %s: expected COLUMN=HEADER",
			    item);
		*eq = '\0';
		if ((role = ts_role_parse(item)) < 0)
			return fail(e, "--map: unknown column \"%s\" (see"
			    " telestat-records(5))", item);
		if (r->o->map[role] != NULL)
			return fail(e, "--map: column \"%s\" is mapped"
			    " twice", item);
		r->o->map[role] = eq + 1;
	}
	return 1;
}

/* --lookup ROLE=FILE, or ROLE=FILE:KEY:VALUE (the last two colons). */
static int
take_lookup(struct ts_readopts *r, char *arg, ts_error *e)
{
	struct ts_ingest_lookup l = { -1, NULL, NULL, NULL };
	char *eq = strchr(arg, '='), *c2, *c1;

	if (eq == NULL || eq[1] == '\0')
		return fail(e, "--lookup %s: want ROLE=FILE[:KEY:VALUE]",
		    arg);
	*eq = '\0';
	if ((l.role = ts_role_parse(arg)) < 0 || l.role >= TS_NCANON)
		return fail(e, "--lookup %s: not an output column", arg);
	l.file = eq + 1;
	if ((c2 = strrchr(l.file, ':')) != NULL) {
		*c2 = '\0';
		if ((c1 = strrchr(l.file, ':')) == NULL || c1[1] == '\0' ||
		    c2[1] == '\0' || c1 == l.file)
			return fail(e, "--lookup %s: want"
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
take_date_format(struct ts_readopts *r, const char *arg, ts_error *e)
{
	const char *why = ts_date_format_check(arg);

	if (why != NULL)
		return fail(e, "--date-format %s: %s", arg, why);
	r->date_formats = xreallocarray(r->date_formats,
	    r->o->ndate_formats + 1, sizeof(char *));
	r->date_formats[r->o->ndate_formats++] = arg;
	r->o->date_formats = r->date_formats;
	return 1;
}

/* The options whose value is one word of a short list. */
static const struct choice {
	int code;
	const char *opt;
	int (*parse)(const char *);
	size_t field;                   /* offset of the int in ts_ingest_opts */
	const char *want;
} choices[] = {
	{ OPT_ENCODING, "--encoding", ts_encoding_parse,
	    offsetof(struct ts_ingest_opts, encoding), "use utf-8, latin1 or cp1252" },
	{ OPT_COUNTRY, "--country", ts_country_parse,
	    offsetof(struct ts_ingest_opts, country), "use PE or MX" },
	{ OPT_FORMAT, "--format", ts_format_option,
	    offsetof(struct ts_ingest_opts, format), "want csv, json or ndjson" },
	{ OPT_DUPLICATES, "--duplicates", ts_ingest_dupes_option,
	    offsetof(struct ts_ingest_opts, duplicates), "want keep or reject" },
};

static int
take_choice(struct ts_readopts *r, int ch, const char *arg, ts_error *e)
{
	size_t i;
	int v;

	for (i = 0; i < sizeof(choices) / sizeof(choices[0]); i++) {
		if (choices[i].code != ch)
			continue;
		if ((v = choices[i].parse(arg)) < 0)
			return fail(e, "%s %s: %s", choices[i].opt, arg,
			    choices[i].want);
		*(int *)(void *)((char *)r->o + choices[i].field) = v;
		return 1;
	}
	return 0;
}

int
ts_readopts_take(struct ts_readopts *r, int ch, char *arg, ts_error *e)
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
		return take_delim(r, arg, e);
	case OPT_MAP:
		return take_map(r, arg, e);
	case OPT_LOOKUP:
		return take_lookup(r, arg, e);
	case OPT_DATE_FORMAT:
		return take_date_format(r, arg, e);
	case OPT_LENIENT:
		r->o->lenient = 1;
		return 1;
	default:
		return take_choice(r, ch, arg, e);
	}
}
