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

/* Fills P from the parsed document; returns NULL or a message in ERR. */
static const char *
fill(ts_profile *p, const cJSON *doc, char *err, size_t errlen)
{
	const cJSON *item, *v;

	if (!cJSON_IsObject(doc))
		return "the profile must be a JSON object";
	cJSON_ArrayForEach(item, doc) {
		const char *key = item->string, *s;
		if (strcmp(key, "name") == 0 || strcmp(key, "description") == 0 ||
		    strcmp(key, "comment") == 0) {
			if ((s = str_value(item)) == NULL)
				goto bad_string;
			if (strcmp(key, "description") == 0) {
				free(p->description);
				p->description = xstrdup(s);
			}
		} else if (strcmp(key, "format") == 0) {
			size_t i;
			if ((s = str_value(item)) == NULL)
				goto bad_string;
			for (i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++)
				if (strcmp(s, format_names[i]) == 0)
					break;
			if (i == sizeof(format_names) / sizeof(format_names[0]))
				return "\"format\" must be csv, json, ndjson or fhir";
			p->format = (int)i;
		} else if (strcmp(key, "delimiter") == 0) {
			if ((s = str_value(item)) == NULL || (p->delim = parse_delim(s)) < 0)
				return "\"delimiter\" must be one ASCII character, \"\\t\" or \"auto\"";
		} else if (strcmp(key, "encoding") == 0) {
			if ((s = str_value(item)) == NULL ||
			    (p->encoding = ts_encoding_parse(s)) < 0)
				return "\"encoding\" must be utf-8, latin1 or cp1252";
		} else if (strcmp(key, "country") == 0) {
			if ((s = str_value(item)) == NULL ||
			    (p->country = ts_country_parse(s)) < 0)
				return "\"country\" must be PE or MX";
		} else if (strcmp(key, "date_format") == 0 ||
		    strcmp(key, "date_formats") == 0) {
			/* One format, or a list tried in order. */
			const char *why;
			const cJSON *e;
			if (p->ndate_formats > 0)
				return "\"date_format\" and \"date_formats\" both given";
			if (str_value(item) == NULL && (!cJSON_IsArray(item) ||
			    cJSON_GetArraySize(item) == 0)) {
				snprintf(err, errlen, "\"%s\" must be a format or a non-empty"
				    " list of formats", key);
				return err;
			}
			for (e = cJSON_IsArray(item) ? item->child : item; e != NULL;
			    e = cJSON_IsArray(item) ? e->next : NULL) {
				if ((s = str_value(e)) == NULL) {
					snprintf(err, errlen, "\"%s\": formats must be strings",
					    key);
					return err;
				}
				if ((why = ts_date_format_check(s)) != NULL) {
					snprintf(err, errlen, "\"%s\" \"%s\": %s", key, s, why);
					return err;
				}
				p->date_formats = xreallocarray(p->date_formats,
				    p->ndate_formats + 1, sizeof(char *));
				p->date_formats[p->ndate_formats++] = xstrdup(s);
			}
		} else if (strcmp(key, "pre_aggregated") == 0) {
			if (!cJSON_IsBool(item))
				return "\"pre_aggregated\" must be true or false";
			p->pre_aggregated = cJSON_IsTrue(item);
		} else if (strcmp(key, "key") == 0) {
			if (role_list(item, p->key, &p->nkey) != 0)
				return "\"key\" must be a list of records(5) columns";
		} else if (strcmp(key, "id_key") == 0) {
			if (role_list(item, p->id_key, &p->nid_key) != 0)
				return "\"id_key\" must be a list of records(5) columns";
		} else if (strcmp(key, "columns") == 0) {
			if (!cJSON_IsObject(item))
				return "\"columns\" must be an object";
			cJSON_ArrayForEach(v, item) {
				int role = ts_role_parse(v->string);
				const cJSON *e;
				if (role < 0)
					goto bad_role;
				if (p->columns[role].n > 0)
					goto dup_role;
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
		} else if (strcmp(key, "lookups") == 0) {
			if (!cJSON_IsObject(item))
				return "\"lookups\" must be an object";
			cJSON_ArrayForEach(v, item) {
				int role = ts_role_parse(v->string);
				const char *k, *val;
				size_t i;
				if (role < 0 || role >= TS_NCANON)
					goto bad_role;
				for (i = 0; i < p->nlookups; i++)
					if (p->lookups[i].role == role)
						goto dup_role;
				k = str_value(cJSON_GetObjectItemCaseSensitive(v, "key"));
				val = str_value(cJSON_GetObjectItemCaseSensitive(v, "value"));
				const cJSON *wk = cJSON_GetObjectItemCaseSensitive(v, "with_key");
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
		} else if (strcmp(key, "row_kinds") == 0) {
			if (!cJSON_IsObject(item))
				return "\"row_kinds\" must be an object";
			cJSON_ArrayForEach(v, item) {
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
			}
		} else if (strcmp(key, "normalize") == 0) {
			if (!cJSON_IsObject(item))
				return "\"normalize\" must be an object";
			cJSON_ArrayForEach(v, item) {
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
		} else if (strcmp(key, "identifying") == 0) {
			const cJSON *e;
			if (!cJSON_IsArray(item))
				return "\"identifying\" must be a list of header names";
			cJSON_ArrayForEach(e, item)
				if ((s = str_value(e)) == NULL ||
				    add_name(&p->identifying, s) < 0)
					return "\"identifying\" must be a list of header names";
		} else if (strcmp(key, "constants") == 0) {
			if (!cJSON_IsObject(item))
				return "\"constants\" must be an object";
			cJSON_ArrayForEach(v, item) {
				int role = ts_role_parse(v->string);
				if (role < 0 || role >= TS_NCANON)
					goto bad_role;
				if (p->constants[role] != NULL)
					goto dup_role;
				if ((s = str_value(v)) == NULL) {
					snprintf(err, errlen, "\"constants\": \"%s\" must be a string",
					    v->string);
					return err;
				}
				p->constants[role] = xstrdup(s);
			}
		} else if (strcmp(key, "codes") == 0) {
			if (!cJSON_IsObject(item))
				return "\"codes\" must be an object";
			cJSON_ArrayForEach(v, item) {
				int role = ts_role_parse(v->string);
				const cJSON *e;
				if (role < 0)
					goto bad_role;
				if (p->codes[role] != NULL)
					goto dup_role;
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
			}
		} else {
			snprintf(err, errlen, "unknown key \"%s\"", key);
			return err;
		}
		continue;
bad_string:
		snprintf(err, errlen, "\"%s\" must be a string", key);
		return err;
bad_role:
		snprintf(err, errlen, "\"%s\": unknown column \"%s\"", key, v->string);
		return err;
dup_role:
		snprintf(err, errlen, "\"%s\": \"%s\" appears twice", key, v->string);
		return err;
bad_column:
		snprintf(err, errlen, "\"columns\": \"%s\" must be a non-empty header"
		    " name or a list of them", v->string);
		return err;
bad_kind:
		snprintf(err, errlen, "\"row_kinds\": \"%s\": \"column\" must be a"
		    " non-empty header name or a list of them", v->string);
		return err;
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
