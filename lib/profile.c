/* profile.c - JSON source profiles; see profile.h. */
#include "profile.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "dates.h"
#include "encoding.h"
#include "idnorm.h"
#include "paths.h"
#include "regions.h"
#include "util.h"

const char *const ts_canon_columns[TS_NCANON] = {
	"date", "year", "month", "source", "institution", "region", "facility",
	"service", "specialty", "sex", "age", "patient", "condition", "count",
	"sessions", "attendees",
};

static const char *const extra_roles[TS_NROLES - TS_NCANON] = {
	"day", "age_unit", "id", "document_type",
};

const char *
ts_role_name(int role)
{
	if (role >= 0 && role < TS_NCANON)
		return ts_canon_columns[role];
	if (role >= TS_NCANON && role < TS_NROLES)
		return extra_roles[role - TS_NCANON];
	return "?";
}

int
ts_role_parse(const char *name)
{
	int r;

	for (r = 0; r < TS_NROLES; r++)
		if (strcmp(ts_role_name(r), name) == 0)
			return r;
	return -1;
}

static const char *const format_names[] = { "csv", "json", "ndjson", "fhir" };

const char *
ts_format_name(int format)
{
	if (format >= 0 && format < (int)(sizeof(format_names) / sizeof(format_names[0])))
		return format_names[format];
	return "?";
}

int
ts_format_option(const char *s)
{
	int f;

	/* "fhir" is a profile's format, chosen with -p fhir. */
	for (f = TS_FORMAT_CSV; f <= TS_FORMAT_NDJSON; f++)
		if (strcmp(s, format_names[f]) == 0)
			return f;
	return -1;
}

void
ts_profile_free(ts_profile *p)
{
	int r;
	size_t i;

	if (p == NULL)
		return;
	free(p->name);
	free(p->description);
	for (i = 0; i < p->ndate_formats; i++)
		free(p->date_formats[i]);
	free(p->date_formats);
	for (i = 0; i < p->nlookups; i++) {
		free(p->lookups[i].key);
		free(p->lookups[i].value);
	}
	free(p->lookups);
	for (i = 0; i < p->nrow_kinds; i++) {
		size_t k;
		free(p->row_kinds[i].name);
		free(p->row_kinds[i].pattern);
		for (k = 0; k < p->row_kinds[i].columns.n; k++)
			free(p->row_kinds[i].columns.v[k]);
		free(p->row_kinds[i].columns.v);
	}
	free(p->row_kinds);
	for (i = 0; i < p->identifying.n; i++)
		free(p->identifying.v[i]);
	free(p->identifying.v);
	for (r = 0; r < TS_NROLES; r++) {
		for (i = 0; i < p->columns[r].n; i++)
			free(p->columns[r].v[i]);
		free(p->columns[r].v);
		free(p->constants[r]);
		if (p->codes[r] != NULL) {
			for (i = 0; i < ts_map_size(p->codes[r]); i++)
				free(p->code_values[r][i]);
			ts_map_free(p->codes[r]);
			free(p->code_values[r]);
		}
	}
	free(p);
}

/* A JSON string that is valid UTF-8, or NULL. */
static const char *
str_value(const cJSON *v)
{
	const char *s = cJSON_GetStringValue(v);

	if (s == NULL || ts_utf8_check(s, strlen(s)) != TS_UTF8_VALID)
		return NULL;
	return s;
}

/* A non-empty JSON list of records(5) column names into ROLES: 0, or -1. */
static int
role_list(const cJSON *item, int *roles, size_t *n)
{
	const cJSON *v;
	const char *s;
	int role;

	if (!cJSON_IsArray(item) || cJSON_GetArraySize(item) == 0 ||
	    cJSON_GetArraySize(item) > TS_NCANON)
		return -1;
	*n = 0;
	cJSON_ArrayForEach(v, item) {
		if ((s = str_value(v)) == NULL ||
		    (role = ts_role_parse(s)) < 0 || role >= TS_NCANON)
			return -1;
		roles[(*n)++] = role;
	}
	return 0;
}

static int
parse_delim(const char *s)
{
	if (strcmp(s, "auto") == 0 || *s == '\0')
		return 0;
	if (strcmp(s, "\\t") == 0 || strcmp(s, "tab") == 0 || strcmp(s, "TAB") == 0)
		return '\t';
	if (s[1] != '\0' || (unsigned char)s[0] >= 0x80 || s[0] == '"' ||
	    s[0] == '\r' || s[0] == '\n')
		return -1;
	return (unsigned char)s[0];
}

static int
add_name(ts_namelist *l, const char *s)
{
	if (*s == '\0')
		return -1;
	l->v = xreallocarray(l->v, l->n + 1, sizeof(char *));
	l->v[l->n++] = xstrdup(s);
	return 0;
}

/*
 * The profile's keys, one function each: KEY is the member of the
 * document (its name in key->string). Each returns NULL, or a message
 * (static, or written in ERR).
 */
typedef const char *key_fn(ts_profile *p, const cJSON *key, char *err,
    size_t errlen);

static const char *
bad_string(const cJSON *key, char *err, size_t errlen)
{
	snprintf(err, errlen, "\"%s\" must be a string", key->string);
	return err;
}

static const char *
bad_role(const cJSON *key, const cJSON *v, char *err, size_t errlen)
{
	snprintf(err, errlen, "\"%s\": unknown column \"%s\"", key->string,
	    v->string);
	return err;
}

static const char *
dup_role(const cJSON *key, const cJSON *v, char *err, size_t errlen)
{
	snprintf(err, errlen, "\"%s\": \"%s\" appears twice", key->string,
	    v->string);
	return err;
}

/* "name", "description", "comment": strings; only the description kept. */
static const char *
key_text(ts_profile *p, const cJSON *key, char *err, size_t errlen)
{
	const char *s;

	if ((s = str_value(key)) == NULL)
		return bad_string(key, err, errlen);
	if (strcmp(key->string, "description") == 0) {
		free(p->description);
		p->description = xstrdup(s);
	}
	return NULL;
}

static int
parse_format(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++)
		if (strcmp(s, format_names[i]) == 0)
			return (int)i;
	return -1;
}

/*
 * The keys that are one word from a short list, each read by its parser
 * into an int of the profile; the message when the parser refuses it.
 */
static const struct {
	const char *name;
	int (*parse)(const char *s);
	size_t at;              /* offsetof the int in ts_profile */
	const char *want;
} word_keys[] = {
	{ "format", parse_format, offsetof(ts_profile, format),
	  "\"format\" must be csv, json, ndjson or fhir" },
	{ "delimiter", parse_delim, offsetof(ts_profile, delim),
	  "\"delimiter\" must be one ASCII character, \"\\t\" or \"auto\"" },
	{ "encoding", ts_encoding_parse, offsetof(ts_profile, encoding),
	  "\"encoding\" must be utf-8, latin1 or cp1252" },
	{ "country", ts_country_parse, offsetof(ts_profile, country),
	  "\"country\" must be PE or MX" },
};

/* "format", "delimiter", "encoding", "country": see word_keys. */
static const char *
key_word(ts_profile *p, const cJSON *key, char *err, size_t errlen)
{
	const char *s = str_value(key);
	size_t i;
	int v;

	for (i = 0; strcmp(word_keys[i].name, key->string) != 0; i++)
		;
	/* A format that is not a string says so; the others say what they want. */
	if (s == NULL && i == 0)
		return bad_string(key, err, errlen);
	if (s == NULL || (v = word_keys[i].parse(s)) < 0)
		return word_keys[i].want;
	*(int *)(void *)((char *)p + word_keys[i].at) = v;
	return NULL;
}

/* "date_format", "date_formats": one format, or a list tried in order. */
static const char *
key_date_formats(ts_profile *p, const cJSON *key, char *err, size_t errlen)
{
	const char *why, *s;
	const cJSON *e;

	if (p->ndate_formats > 0)
		return "\"date_format\" and \"date_formats\" both given";
	if (str_value(key) == NULL && (!cJSON_IsArray(key) ||
	    cJSON_GetArraySize(key) == 0)) {
		snprintf(err, errlen, "\"%s\" must be a format or a non-empty"
		    " list of formats", key->string);
		return err;
	}
	for (e = cJSON_IsArray(key) ? key->child : key; e != NULL;
	    e = cJSON_IsArray(key) ? e->next : NULL) {
		if ((s = str_value(e)) == NULL) {
			snprintf(err, errlen, "\"%s\": formats must be strings",
			    key->string);
			return err;
		}
		if ((why = ts_date_format_check(s)) != NULL) {
			snprintf(err, errlen, "\"%s\" \"%s\": %s", key->string, s, why);
			return err;
		}
		p->date_formats = xreallocarray(p->date_formats,
		    p->ndate_formats + 1, sizeof(char *));
		p->date_formats[p->ndate_formats++] = xstrdup(s);
	}
	return NULL;
}

static const char *
key_pre_aggregated(ts_profile *p, const cJSON *key, char *err, size_t errlen)
{
	if (!cJSON_IsBool(key))
		return "\"pre_aggregated\" must be true or false";
	p->pre_aggregated = cJSON_IsTrue(key);
	return NULL;
}

/* "key", "id_key": lists of records(5) columns. */
static const char *
key_roles(ts_profile *p, const cJSON *key, char *err, size_t errlen)
{
	int id = strcmp(key->string, "id_key") == 0;

	if (role_list(key, id ? p->id_key : p->key, id ? &p->nid_key : &p->nkey)
	    != 0) {
		snprintf(err, errlen, "\"%s\" must be a list of records(5) columns",
		    key->string);
		return err;
	}
	return NULL;
}

/*
 * The keys that are objects ("columns", "lookups", "constants", "codes"
 * by records(5) column, "row_kinds", "normalize"): each member's value
 * is read by a function of its own, which returns NULL or a message.
 */
typedef const char *member_fn(ts_profile *p, int role, const cJSON *v,
    char *err, size_t errlen);

/* A non-empty header name, or a non-empty list of them, into L: 0 or -1. */
static int
add_names(ts_namelist *l, const cJSON *v)
{
	const cJSON *e;

	if (str_value(v) != NULL)
		return add_name(l, str_value(v));
	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0)
		return -1;
	cJSON_ArrayForEach(e, v)
		if (str_value(e) == NULL || add_name(l, str_value(e)) < 0)
			return -1;
	return 0;
}

/* "columns": a header name, or a non-empty list of them. */
static const char *
column_names(ts_profile *p, int role, const cJSON *v, char *err,
    size_t errlen)
{
	if (add_names(&p->columns[role], v) < 0) {
		snprintf(err, errlen, "\"columns\": \"%s\" must be a non-empty"
		    " header name or a list of them", v->string);
		return err;
	}
	return NULL;
}

/* "lookups": { "key": COLUMN, "value": COLUMN [, "with_key": BOOL] }. */
static const char *
lookup_member(ts_profile *p, int role, const cJSON *v, char *err,
    size_t errlen)
{
	const char *k, *val;
	const cJSON *wk;

	k = str_value(cJSON_GetObjectItemCaseSensitive(v, "key"));
	val = str_value(cJSON_GetObjectItemCaseSensitive(v, "value"));
	wk = cJSON_GetObjectItemCaseSensitive(v, "with_key");
	if (!cJSON_IsObject(v) || k == NULL || val == NULL ||
	    *k == '\0' || *val == '\0' || (wk != NULL &&
	    !cJSON_IsBool(wk)) ||
	    cJSON_GetArraySize(v) != 2 + (wk != NULL)) {
		snprintf(err, errlen, "\"lookups\": \"%s\" must be an"
		    " object with a \"key\" and a \"value\" column (and"
		    " \"with_key\": true or false)",
		    v->string);
		return err;
	}
	p->lookups = xreallocarray(p->lookups, p->nlookups + 1,
	    sizeof(*p->lookups));
	p->lookups[p->nlookups].role = role;
	p->lookups[p->nlookups].with_key = cJSON_IsTrue(wk);
	p->lookups[p->nlookups].key = xstrdup(k);
	p->lookups[p->nlookups++].value = xstrdup(val);
	return NULL;
}

/* "constants": a string. */
static const char *
constant_member(ts_profile *p, int role, const cJSON *v, char *err,
    size_t errlen)
{
	const char *s;

	if ((s = str_value(v)) == NULL) {
		snprintf(err, errlen, "\"constants\": \"%s\" must be a string",
		    v->string);
		return err;
	}
	p->constants[role] = xstrdup(s);
	return NULL;
}

/* "codes": an object of raw value -> value. */
static const char *
codes_member(ts_profile *p, int role, const cJSON *v, char *err,
    size_t errlen)
{
	const cJSON *e;
	const char *s;

	if (!cJSON_IsObject(v)) {
		snprintf(err, errlen, "\"codes\": \"%s\" must be an object"
		    " mapping raw values to values", v->string);
		return err;
	}
	p->codes[role] = ts_map_new();
	cJSON_ArrayForEach(e, v) {
		int ins;
		uint32_t id;
		if ((s = str_value(e)) == NULL ||
		    ts_utf8_check(e->string, strlen(e->string)) != TS_UTF8_VALID) {
			snprintf(err, errlen, "\"codes\": \"%s\": values must be"
			    " strings", v->string);
			return err;
		}
		id = ts_map_intern(p->codes[role], e->string,
		    strlen(e->string), &ins);
		if (!ins) {
			snprintf(err, errlen, "\"codes\": \"%s\": \"%s\" appears"
			    " twice", v->string, e->string);
			return err;
		}
		p->code_values[role] = xreallocarray(p->code_values[role],
		    (size_t)id + 1, sizeof(char *));
		p->code_values[role][id] = xstrdup(s);
	}
	return NULL;
}

/* "normalize": "dni" or "ipress", for the patient or the facility. */
static const char *
normalizer(ts_profile *p, int role, const cJSON *v, char *err, size_t errlen)
{
	const char *s;
	int kind;

	if (role != TS_COL_PATIENT && role != TS_COL_FACILITY)
		return "\"normalize\": only \"patient\" and"
		    " \"facility\" have normalisers";
	if ((s = str_value(v)) == NULL || (kind = ts_idnorm_parse(s)) < 0)
		return "\"normalize\": the normaliser is \"dni\" or \"ipress\"";
	p->normalize[role] = kind;
	return NULL;
}

/* Whether ROLE was given already under KEY (one of the keys above). */
static int
role_taken(const ts_profile *p, const char *key, int role)
{
	size_t i;

	if (strcmp(key, "columns") == 0)
		return p->columns[role].n > 0;
	if (strcmp(key, "constants") == 0)
		return p->constants[role] != NULL;
	if (strcmp(key, "codes") == 0)
		return p->codes[role] != NULL;
	for (i = 0; i < p->nlookups; i++)
		if (p->lookups[i].role == role)
			return 1;
	return 0;
}

/* How the members of an object key are named. */
enum member_names {
	ANY_NAME,       /* FN checks the name itself */
	ROLE,           /* a records(5) column, once */
	CANONICAL       /* a column ingest reads (not one it computes), once */
};

/* Reads object KEY member by member with FN. */
static const char *
each_member(ts_profile *p, const cJSON *key, enum member_names names,
    member_fn *fn, char *err, size_t errlen)
{
	const cJSON *v;
	const char *why;

	if (!cJSON_IsObject(key)) {
		snprintf(err, errlen, "\"%s\" must be an object", key->string);
		return err;
	}
	cJSON_ArrayForEach(v, key) {
		int role = ts_role_parse(v->string);
		if (names != ANY_NAME &&
		    (role < 0 || (names == CANONICAL && role >= TS_NCANON)))
			return bad_role(key, v, err, errlen);
		if (names != ANY_NAME && role_taken(p, key->string, role))
			return dup_role(key, v, err, errlen);
		if ((why = fn(p, role, v, err, errlen)) != NULL)
			return why;
	}
	return NULL;
}

/* "row_kinds": NAME: { "column": one name or a list, "pattern": RE }. */
static const char *
row_kind(ts_profile *p, int role, const cJSON *v, char *err, size_t errlen)
{
	const cJSON *col = cJSON_GetObjectItemCaseSensitive(v, "column");
	const char *pat = str_value(
	    cJSON_GetObjectItemCaseSensitive(v, "pattern"));
	struct ts_row_kind *rk;
	pcre2_code *re;
	int ec;
	PCRE2_SIZE eo;

	if (!cJSON_IsObject(v) || col == NULL || pat == NULL ||
	    cJSON_GetArraySize(v) != 2 ||
	    ts_utf8_check(v->string, strlen(v->string)) != TS_UTF8_VALID) {
		snprintf(err, errlen, "\"row_kinds\": \"%s\" must be an"
		    " object with a \"column\" and a \"pattern\"", v->string);
		return err;
	}
	re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF, &ec, &eo, NULL);
	if (re == NULL) {
		PCRE2_UCHAR msg[120];
		pcre2_get_error_message(ec, msg, sizeof(msg));
		snprintf(err, errlen, "\"row_kinds\": \"%s\": pattern at"
		    " offset %zu: %s", v->string, (size_t)eo, (char *)msg);
		return err;
	}
	pcre2_code_free(re);
	p->row_kinds = xreallocarray(p->row_kinds, p->nrow_kinds + 1,
	    sizeof(*p->row_kinds));
	rk = &p->row_kinds[p->nrow_kinds++];
	memset(rk, 0, sizeof(*rk));
	rk->name = xstrdup(v->string);
	rk->pattern = xstrdup(pat);
	if (add_names(&rk->columns, col) < 0) {
		snprintf(err, errlen, "\"row_kinds\": \"%s\": \"column\" must be"
		    " a non-empty header name or a list of them", v->string);
		return err;
	}
	return NULL;
}

static const char *
key_identifying(ts_profile *p, const cJSON *key, char *err, size_t errlen)
{
	const cJSON *e;
	const char *s;

	if (!cJSON_IsArray(key))
		return "\"identifying\" must be a list of header names";
	cJSON_ArrayForEach(e, key)
		if ((s = str_value(e)) == NULL ||
		    add_name(&p->identifying, s) < 0)
			return "\"identifying\" must be a list of header names";
	return NULL;
}

/* Every key: its function, or the function of each member (each_member). */
static const struct {
	const char *name;
	key_fn *fn;
	member_fn *member;
	enum member_names names;
} profile_keys[] = {
	{ "name", key_text, NULL, ANY_NAME },
	{ "description", key_text, NULL, ANY_NAME },
	{ "comment", key_text, NULL, ANY_NAME },
	{ "format", key_word, NULL, ANY_NAME },
	{ "delimiter", key_word, NULL, ANY_NAME },
	{ "encoding", key_word, NULL, ANY_NAME },
	{ "country", key_word, NULL, ANY_NAME },
	{ "date_format", key_date_formats, NULL, ANY_NAME },
	{ "date_formats", key_date_formats, NULL, ANY_NAME },
	{ "pre_aggregated", key_pre_aggregated, NULL, ANY_NAME },
	{ "key", key_roles, NULL, ANY_NAME },
	{ "id_key", key_roles, NULL, ANY_NAME },
	{ "columns", NULL, column_names, ROLE },
	{ "lookups", NULL, lookup_member, CANONICAL },
	{ "row_kinds", NULL, row_kind, ANY_NAME },
	{ "normalize", NULL, normalizer, ANY_NAME },
	{ "identifying", key_identifying, NULL, ANY_NAME },
	{ "constants", NULL, constant_member, CANONICAL },
	{ "codes", NULL, codes_member, ROLE },
};

/* Fills P from the parsed document; returns NULL or a message in ERR. */
static const char *
fill(ts_profile *p, const cJSON *doc, char *err, size_t errlen)
{
	const cJSON *item;
	const char *why;
	size_t i;

	if (!cJSON_IsObject(doc))
		return "the profile must be a JSON object";
	cJSON_ArrayForEach(item, doc) {
		for (i = 0; i < sizeof(profile_keys) / sizeof(profile_keys[0]); i++)
			if (strcmp(item->string, profile_keys[i].name) == 0)
				break;
		if (i == sizeof(profile_keys) / sizeof(profile_keys[0])) {
			snprintf(err, errlen, "unknown key \"%s\"", item->string);
			return err;
		}
		why = profile_keys[i].member != NULL ?
		    each_member(p, item, profile_keys[i].names,
		    profile_keys[i].member, err, errlen) :
		    profile_keys[i].fn(p, item, err, errlen);
		if (why != NULL)
			return why;
	}
	if (p->pre_aggregated && p->columns[TS_COL_COUNT].n == 0 &&
	    p->constants[TS_COL_COUNT] == NULL)
		return "\"pre_aggregated\" profiles must map the \"count\" column";
	return NULL;
}

ts_profile *
ts_profile_parse(const char *text, size_t n, const char *name)
{
	cJSON *doc = cJSON_ParseWithLength(text, n);
	ts_profile *p;
	const char *why;
	char err[512];

	if (doc == NULL) {
		const char *at = cJSON_GetErrorPtr();
		unsigned long line = 1;
		if (at != NULL && at >= text && at <= text + n) {
			const char *q;
			for (q = text; q < at; q++)
				line += *q == '\n';
		}
		ts_warn("%s:%lu: invalid JSON", name, line);
		return NULL;
	}
	p = xcalloc(1, sizeof(*p));
	p->name = xstrdup(name);
	why = fill(p, doc, err, sizeof(err));
	cJSON_Delete(doc);
	if (why != NULL) {
		ts_warn("%s: %s", name, why);
		ts_profile_free(p);
		return NULL;
	}
	return p;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t n = 0, cap = 0;

	if (f == NULL)
		return NULL;
	for (;;) {
		size_t got;
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 16384;
			if (cap > 16u * 1024 * 1024) {
				errno = EFBIG;
				goto fail;
			}
			buf = xrealloc(buf, cap);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		goto fail;
	fclose(f);
	*len = n;
	return buf;
fail:
	{
		int e = errno;
		fclose(f);
		free(buf);
		errno = e;
		return NULL;
	}
}

ts_profile *
ts_profile_load(const char *arg)
{
	size_t len = strlen(arg), n;
	char *path, *text, *name;
	ts_profile *p;
	int builtin = strchr(arg, '/') == NULL &&
	    !(len > 5 && strcmp(arg + len - 5, ".json") == 0);

	if (builtin) {
		char rel[300];
		if (len == 0 || len > 200) {
			ts_warn("%s: no such profile", arg);
			return NULL;
		}
		snprintf(rel, sizeof(rel), "profiles/%s.json", arg);
		if ((path = ts_share_path(rel)) == NULL) {
			ts_warn("%s: no such built-in profile (looked for share/%s)",
			    arg, rel);
			return NULL;
		}
	} else {
		path = xstrdup(arg);
	}
	if ((text = slurp(path, &n)) == NULL) {
		ts_warn_errno("%s", path);
		/* A wrong name is a usage error, a failing disk is not. */
		ts_status_raise(ts_open_status(errno));
		free(path);
		return NULL;
	}
	p = ts_profile_parse(text, n, path);
	free(text);
	free(path);
	if (p != NULL && builtin) {
		name = xstrdup(arg);
		free(p->name);
		p->name = name;
	}
	return p;
}
