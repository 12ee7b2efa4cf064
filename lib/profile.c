/* profile.c - JSON source profiles; see profile.h. */
#include "profile.h"

#include <errno.h>
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

static const char *
key_format(ts_profile *p, const cJSON *key, char *err, size_t errlen)
{
	const char *s;
	size_t i;

	if ((s = str_value(key)) == NULL)
		return bad_string(key, err, errlen);
	for (i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++)
		if (strcmp(s, format_names[i]) == 0)
			break;
	if (i == sizeof(format_names) / sizeof(format_names[0]))
		return "\"format\" must be csv, json, ndjson or fhir";
	p->format = (int)i;
	return NULL;
}

static const char *
key_delimiter(ts_profile *p, const cJSON *key, char *err, size_t errlen)
{
	const char *s;

	if ((s = str_value(key)) == NULL || (p->delim = parse_delim(s)) < 0)
		return "\"delimiter\" must be one ASCII character, \"\\t\" or \"auto\"";
	return NULL;
}

static const char *
key_encoding(ts_profile *p, const cJSON *key, char *err, size_t errlen)
{
	const char *s;

	if ((s = str_value(key)) == NULL ||
	    (p->encoding = ts_encoding_parse(s)) < 0)
		return "\"encoding\" must be utf-8, latin1 or cp1252";
	return NULL;
}

static const char *
key_country(ts_profile *p, const cJSON *key, char *err, size_t errlen)
{
	const char *s;

	if ((s = str_value(key)) == NULL ||
	    (p->country = ts_country_parse(s)) < 0)
		return "\"country\" must be PE or MX";
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

static const char *
key_key(ts_profile *p, const cJSON *key, char *err, size_t errlen)
{
	if (role_list(key, p->key, &p->nkey) != 0)
		return "\"key\" must be a list of records(5) columns";
	return NULL;
}

static const char *
key_id_key(ts_profile *p, const cJSON *key, char *err, size_t errlen)
{
	if (role_list(key, p->id_key, &p->nid_key) != 0)
		return "\"id_key\" must be a list of records(5) columns";
	return NULL;
}

static const char *
key_columns(ts_profile *p, const cJSON *key, char *err, size_t errlen)
{
	const cJSON *v, *e;
	const char *s;

	if (!cJSON_IsObject(key))
		return "\"columns\" must be an object";
	cJSON_ArrayForEach(v, key) {
		int role = ts_role_parse(v->string);
		if (role < 0)
			return bad_role(key, v, err, errlen);
		if (p->columns[role].n > 0)
			return dup_role(key, v, err, errlen);
		if ((s = str_value(v)) != NULL) {
			if (add_name(&p->columns[role], s) < 0)
				goto bad_column;
			continue;
		}
		if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0)
			goto bad_column;
		cJSON_ArrayForEach(e, v)
			if ((s = str_value(e)) == NULL ||
			    add_name(&p->columns[role], s) < 0)
				goto bad_column;
	}
	return NULL;
bad_column:
	snprintf(err, errlen, "\"columns\": \"%s\" must be a non-empty header"
	    " name or a list of them", v->string);
	return err;
}

static const char *
key_lookups(ts_profile *p, const cJSON *key, char *err, size_t errlen)
{
	const cJSON *v;

	if (!cJSON_IsObject(key))
		return "\"lookups\" must be an object";
	cJSON_ArrayForEach(v, key) {
		int role = ts_role_parse(v->string);
		const char *k, *val;
		const cJSON *wk;
		size_t i;
		if (role < 0 || role >= TS_NCANON)
			return bad_role(key, v, err, errlen);
		for (i = 0; i < p->nlookups; i++)
			if (p->lookups[i].role == role)
				return dup_role(key, v, err, errlen);
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
	}
	return NULL;
}

/* One row kind, V: "column" (one name or a list) and a "pattern". */
static const char *
row_kind(ts_profile *p, const cJSON *v, char *err, size_t errlen)
{
	const cJSON *col = cJSON_GetObjectItemCaseSensitive(v, "column");
	const char *pat = str_value(
	    cJSON_GetObjectItemCaseSensitive(v, "pattern"));
	struct ts_row_kind *rk;
	const cJSON *e;
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
	if (str_value(col) != NULL) {
		if (add_name(&rk->columns, str_value(col)) < 0)
			goto bad_kind;
	} else if (cJSON_IsArray(col) && cJSON_GetArraySize(col) > 0) {
		cJSON_ArrayForEach(e, col)
			if (str_value(e) == NULL ||
			    add_name(&rk->columns, str_value(e)) < 0)
				goto bad_kind;
	} else {
		goto bad_kind;
	}
	return NULL;
bad_kind:
	snprintf(err, errlen, "\"row_kinds\": \"%s\": \"column\" must be a"
	    " non-empty header name or a list of them", v->string);
	return err;
}

static const char *
key_row_kinds(ts_profile *p, const cJSON *key, char *err, size_t errlen)
{
	const cJSON *v;
	const char *why;

	if (!cJSON_IsObject(key))
		return "\"row_kinds\" must be an object";
	cJSON_ArrayForEach(v, key)
		if ((why = row_kind(p, v, err, errlen)) != NULL)
			return why;
	return NULL;
}

static const char *
key_normalize(ts_profile *p, const cJSON *key, char *err, size_t errlen)
{
	const cJSON *v;
	const char *s;

	if (!cJSON_IsObject(key))
		return "\"normalize\" must be an object";
	cJSON_ArrayForEach(v, key) {
		int role = ts_role_parse(v->string), kind;
		if (role != TS_COL_PATIENT && role != TS_COL_FACILITY)
			return "\"normalize\": only \"patient\" and"
			    " \"facility\" have normalisers";
		if ((s = str_value(v)) == NULL ||
		    (kind = ts_idnorm_parse(s)) < 0)
			return "\"normalize\": the normaliser is"
			    " \"dni\" or \"ipress\"";
		p->normalize[role] = kind;
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

static const char *
key_constants(ts_profile *p, const cJSON *key, char *err, size_t errlen)
{
	const cJSON *v;
	const char *s;

	if (!cJSON_IsObject(key))
		return "\"constants\" must be an object";
	cJSON_ArrayForEach(v, key) {
		int role = ts_role_parse(v->string);
		if (role < 0 || role >= TS_NCANON)
			return bad_role(key, v, err, errlen);
		if (p->constants[role] != NULL)
			return dup_role(key, v, err, errlen);
		if ((s = str_value(v)) == NULL) {
			snprintf(err, errlen, "\"constants\": \"%s\" must be a string",
			    v->string);
			return err;
		}
		p->constants[role] = xstrdup(s);
	}
	return NULL;
}

/* The codes of one role, V: an object of raw value -> value. */
static const char *
role_codes(ts_profile *p, int role, const cJSON *v, char *err, size_t errlen)
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

static const char *
key_codes(ts_profile *p, const cJSON *key, char *err, size_t errlen)
{
	const cJSON *v;
	const char *why;

	if (!cJSON_IsObject(key))
		return "\"codes\" must be an object";
	cJSON_ArrayForEach(v, key) {
		int role = ts_role_parse(v->string);
		if (role < 0)
			return bad_role(key, v, err, errlen);
		if (p->codes[role] != NULL)
			return dup_role(key, v, err, errlen);
		if ((why = role_codes(p, role, v, err, errlen)) != NULL)
			return why;
	}
	return NULL;
}

static const struct {
	const char *name;
	key_fn *fn;
} profile_keys[] = {
	{ "name", key_text },
	{ "description", key_text },
	{ "comment", key_text },
	{ "format", key_format },
	{ "delimiter", key_delimiter },
	{ "encoding", key_encoding },
	{ "country", key_country },
	{ "date_format", key_date_formats },
	{ "date_formats", key_date_formats },
	{ "pre_aggregated", key_pre_aggregated },
	{ "key", key_key },
	{ "id_key", key_id_key },
	{ "columns", key_columns },
	{ "lookups", key_lookups },
	{ "row_kinds", key_row_kinds },
	{ "normalize", key_normalize },
	{ "identifying", key_identifying },
	{ "constants", key_constants },
	{ "codes", key_codes },
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
		if ((why = profile_keys[i].fn(p, item, err, errlen)) != NULL)
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
