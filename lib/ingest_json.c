/*
 * ingest_json.c - JSON, NDJSON and FHIR input of ingest; see
 * ingest_int.h. The header mapping, the row normalisation and the
 * rejects are ingest.c's, as for CSV.
 */
#include "ingest_int.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "util.h"

/*
 * JSON values are looked up by dotted path: a role reads the --map path,
 * or the first of the profile's names that gives a non-empty value in
 * each record (FHIR encounters differ in which codings they carry).
 * Each role's value goes to its own slot of one scratch buffer per file,
 * so a record allocates nothing besides cJSON's tree.
 */
#define JSON_VALUE_MAX 4096

static const char *json_reason(const ts_jsonin *j);

struct jsonmap {
	const char *const *paths[TS_NROLES];
	size_t npaths[TS_NROLES];
	const char *one[TS_NROLES];     /* storage for a --map path */
	char *buf;                      /* (TS_NROLES + nkeep) slots */
	ts_str *f;
};

/* Reference "Patient/123" -> "123": ids stay comparable across sources. */
static ts_str
ref_id(ts_str v)
{
	size_t i;

	for (i = v.n; i > 0; i--)
		if (v.p[i - 1] == '/') {
			v.p += i;
			v.n -= i;
			break;
		}
	return v;
}

/*
 * Encounter classes of the v3-ActCode value set other than VR: in-person
 * care that a normal bulk export holds beside the virtual encounters.
 */
static const char *const in_person_classes[] = {
	"AMB", "EMER", "FLD", "HH", "IMP", "ACUTE", "NONAC", "OBSENC", "PRENC",
	"SS", NULL
};

/*
 * The encounter's class codes, in either version: R4 writes one Coding
 * ("class": {"code": "VR"}), R5 a list of CodeableConcepts ("class":
 * [{"coding": [{"code": "VR"}]}], possibly several). Returns 1 when one
 * of them is VR; otherwise copies the first code found to V (empty when
 * there is none) and returns 0.
 */
static int
fhir_class(const cJSON *res, char *v, size_t cap)
{
	const cJSON *cls = cJSON_GetObjectItemCaseSensitive(res, "class"), *c;

	v[0] = '\0';
	if (cJSON_IsObject(cls)) {
		c = cJSON_GetObjectItemCaseSensitive(cls, "code");
		if (cJSON_IsString(c)) {
			snprintf(v, cap, "%s", c->valuestring);
			return strcmp(v, "VR") == 0;
		}
		return 0;
	}
	if (!cJSON_IsArray(cls))
		return 0;
	cJSON_ArrayForEach(c, cls) {
		const cJSON *codings = cJSON_GetObjectItemCaseSensitive(c, "coding");
		const cJSON *k;
		if (!cJSON_IsArray(codings))
			continue;
		cJSON_ArrayForEach(k, codings) {
			const cJSON *code = cJSON_GetObjectItemCaseSensitive(k, "code");
			if (!cJSON_IsString(code))
				continue;
			if (strcmp(code->valuestring, "VR") == 0)
				return 1;
			if (v[0] == '\0')
				snprintf(v, cap, "%s", code->valuestring);
		}
	}
	return 0;
}

/* R5's virtualService: the details of the virtual service it took place on. */
static int
fhir_virtual_service(const cJSON *res)
{
	const cJSON *vs = cJSON_GetObjectItemCaseSensitive(res, "virtualService");

	return (cJSON_IsArray(vs) && cJSON_GetArraySize(vs) > 0) ||
	    (cJSON_IsObject(vs) && vs->child != NULL);
}

/*
 * FHIR checks on the resource: an Encounter that is virtual, by its
 * class (the v3-ActCode VR, R4's Coding or among R5's CodeableConcepts)
 * or by R5's virtualService. Returns NULL, or the reason for a rejection
 * formatted in BUF; *out_of_scope is set instead for an in-person
 * encounter, which is skipped and counted, not rejected: it is not
 * telehealth, and nothing is wrong with it.
 */
static const char *
fhir_check(const cJSON *res, char *buf, size_t cap, int *out_of_scope)
{
	char v[128], q[160];
	ts_str s;

	*out_of_scope = 0;
	if (!ts_json_path_text(res, "resourceType", v, sizeof(v)))
		return "not a FHIR resource: no resourceType";
	if (strcmp(v, "Encounter") != 0) {
		s.p = v;
		s.n = strlen(v);
		ts_ig_quote_value(q, sizeof(q), s);
		snprintf(buf, cap, "not an Encounter: resourceType \"%s\"", q);
		return buf;
	}
	if (fhir_class(res, v, sizeof(v)) || fhir_virtual_service(res))
		return NULL;
	if (v[0] == '\0')
		return cJSON_GetObjectItemCaseSensitive(res, "class") != NULL ?
		    "encounter class without a code: not known to be virtual" :
		    "encounter without class: not known to be virtual";
	if (ts_ig_in_list(v, strlen(v), in_person_classes)) {
		*out_of_scope = 1;
		return NULL;
	}
	s.p = v;
	s.n = strlen(v);
	ts_ig_quote_value(q, sizeof(q), s);
	snprintf(buf, cap, "unknown encounter class \"%s\" (want VR)", q);
	return buf;
}

static int
json_setup(ts_ingest *g, struct filemap *fm, struct jsonmap *jm)
{
	const ts_profile *p = g->o.profile;
	size_t i, nslots = TS_NROLES + g->o.nkeep;
	int role, any = 0;

	fm->ncols = nslots;
	fm->names = xcalloc(nslots, sizeof(char *));
	for (role = 0; role < TS_NROLES; role++) {
		fm->src[role] = -1;
		if (g->o.map[role] != NULL) {
			if (*g->o.map[role] == '\0')
				continue;
			jm->one[role] = g->o.map[role];
			jm->paths[role] = &jm->one[role];
			jm->npaths[role] = 1;
		} else if (p->columns[role].n > 0) {
			jm->paths[role] = (const char *const *)p->columns[role].v;
			jm->npaths[role] = p->columns[role].n;
		} else {
			continue;
		}
		fm->src[role] = role;
		fm->names[role] = xstrdup(jm->paths[role][0]);
		any = 1;
	}
	for (i = 0; i < g->o.nkeep; i++)
		fm->names[TS_NROLES + i] = xstrdup(g->o.keep[i]);
	for (i = 0; i < nslots; i++)
		if (fm->names[i] == NULL)
			fm->names[i] = xstrdup("");
	ts_ig_constants(g, fm);
	if (!any) {
		ts_warn("%s: no column is mapped: use --map or a profile", fm->name);
		return TS_EXIT_DATA;
	}
	if (p->pre_aggregated && fm->src[TS_COL_COUNT] < 0 &&
	    fm->konst[TS_COL_COUNT] == NULL) {
		ts_warn("%s: profile %s is pre-aggregated but maps no count",
		    fm->name, p->name);
		return TS_EXIT_DATA;
	}
	ts_ig_mark_identifying(fm, p);
	fm->keep = xcalloc(g->o.nkeep ? g->o.nkeep : 1, sizeof(size_t));
	for (i = 0; i < g->o.nkeep; i++) {
		size_t k;
		int patient = 0;
		for (k = 0; k < jm->npaths[TS_COL_PATIENT] && fm->src[TS_COL_PATIENT] >= 0; k++)
			patient |= strcmp(jm->paths[TS_COL_PATIENT][k], g->o.keep[i]) == 0;
		if ((patient || fm->ident[TS_NROLES + i]) && !g->o.keep_identifiers) {
			ts_ig_keep_refused(fm, g->o.keep[i], patient);
			return TS_EXIT_USAGE;
		}
		fm->keep[i] = TS_NROLES + i;
	}
	fm->header_raw = xstrdup("");
	for (role = 0; role < TS_NCANON; role++)
		if (!ts_ig_text_role(role))
			fm->raw_always |= (uint64_t)1 << role;
	if (g->o.verbose) {
		ts_warn("%s: profile %s, format %s", fm->name, p->name,
		    ts_format_name(g->format));
		for (role = 0; role < TS_NROLES; role++) {
			if (fm->konst[role] != NULL && role < TS_NCANON)
				ts_warn("%s: %s = \"%s\" (constant)", fm->name,
				    ts_role_name(role), fm->konst[role]);
			else if (fm->src[role] >= 0)
				ts_warn("%s: %s <- %s%s", fm->name, ts_role_name(role),
				    jm->paths[role][0], jm->npaths[role] > 1 ? ", ..." : "");
		}
	}
	jm->buf = xmalloc(nslots * JSON_VALUE_MAX);
	jm->f = xcalloc(nslots, sizeof(ts_str));
	return TS_EXIT_OK;
}

/*
 * JSON objects are sparse: a record may lack a key its neighbours have,
 * so whether a profile's column is present is decided per record, not
 * by the first one. A record without any of the role's paths reads as
 * a file without that column: the profile's constant if it has one,
 * else a count of 1 (one act per record), except in a pre-aggregated
 * profile, where a row without its count is rejected, not counted once.
 * A --map path is explicit: its absence is an empty value.
 */
static void
json_absent(const ts_profile *p, int role, char *b)
{
	const char *k = role < TS_NCANON ? p->constants[role] : NULL;

	if (k == NULL && role == TS_COL_COUNT && !p->pre_aggregated)
		k = "1";
	if (k != NULL && strlen(k) < JSON_VALUE_MAX)
		memcpy(b, k, strlen(k) + 1);
}

/*
 * Fills jm->f from OBJ. Returns -1 with *bad set to the slot whose value
 * is not UTF-8, -2 when it is too long for its slot (a value is never
 * cut short in silence), -3 when the record has none of the mapped paths.
 */
static int
json_fields(ts_ingest *g, struct filemap *fm, struct jsonmap *jm,
    const cJSON *obj, long *bad)
{
	size_t i, j;
	int any = 0;    /* a mapped path is in the record */

	for (i = 0; i < fm->ncols; i++) {
		char *b = jm->buf + i * JSON_VALUE_MAX;
		jm->f[i].p = b;
		jm->f[i].n = 0;
		if (i < TS_NROLES) {
			if (fm->src[i] < 0)
				continue;
			int present = 0;
			for (j = 0; j < jm->npaths[i]; j++) {
				int got = ts_json_path_text(obj, jm->paths[i][j], b,
				    JSON_VALUE_MAX);
				if (got == 0)
					continue;
				if (got == 2) {
					*bad = (long)i;
					return -2;
				}
				present = any = 1;
				if (trim((ts_str){ b, strlen(b) }).n > 0)
					break;
			}
			if (j == jm->npaths[i])
				b[0] = '\0';
			if (!present && g->o.map[i] == NULL)
				json_absent(g->o.profile, (int)i, b);
		} else {
			int got = ts_json_path_text(obj, g->o.keep[i - TS_NROLES], b,
			    JSON_VALUE_MAX);
			if (got == 0)
				b[0] = '\0';
			if (got == 2) {
				*bad = (long)i;
				return -2;
			}
		}
		jm->f[i].n = strlen(b);
		if (g->format == TS_FORMAT_FHIR &&
		    (i == TS_COL_PATIENT || i == TS_COL_FACILITY))
			jm->f[i] = ref_id(jm->f[i]);
		/* Warn about the key once a record has a patient. */
		if (i == TS_COL_PATIENT && jm->f[i].n > 0 && g->o.key == NULL &&
		    fm->konst[i] == NULL && !g->warned_key) {
			g->warned_key = 1;
			ts_warn("no key file (--key-file or TELESTAT_KEY_FILE): column"
			    " patient left empty");
		}
		if (ts_utf8_check(jm->f[i].p, jm->f[i].n) != TS_UTF8_VALID) {
			*bad = (long)i;
			return -1;
		}
	}
	/* As an empty CSV row: a record this file's mapping says nothing of. */
	return any ? 0 : -3;
}

/* Rejects a parsed record: message, the record as JSON in the rejects. */
/* Whether dotted PATH is NAME or ends in ".NAME". */
static int
path_is(const char *path, size_t n, const char *name)
{
	size_t k = strlen(name);

	return n >= k && memcmp(path + n - k, name, k) == 0 &&
	    (n == k || path[n - k - 1] == '.');
}

/*
 * --mask-rejects on JSON: every value at a patient path or an identifying
 * path (the profile's names, matched as whole trailing steps, so inside a
 * Bundle entry too) becomes '*' characters, in place (the record is
 * rejected and freed next). PATH holds the dotted path of NODE.
 */
static void
json_mask(const struct filemap *fm, const struct jsonmap *jm,
    const ts_profile *p, cJSON *node, char *path, size_t n)
{
	cJSON *c;
	size_t idx = 0;

	cJSON_ArrayForEach(c, node) {
		char step[32];
		const char *name = c->string;
		size_t k, m;
		int mask = 0;
		if (name == NULL) {
			snprintf(step, sizeof(step), "%zu", idx);
			name = step;
		}
		idx++;
		m = n + (n > 0) + strlen(name);
		if (m >= 512)
			continue;
		if (n > 0)
			path[n] = '.';
		memcpy(path + n + (n > 0), name, strlen(name) + 1);
		for (k = 0; k < p->identifying.n && !mask; k++)
			mask = path_is(path, m, p->identifying.v[k]);
		for (k = 0; fm->src[TS_COL_PATIENT] >= 0 &&
		    k < jm->npaths[TS_COL_PATIENT] && !mask; k++)
			mask = path_is(path, m, jm->paths[TS_COL_PATIENT][k]);
		if (mask && cJSON_IsString(c)) {
			char *t = c->valuestring;
			size_t i, o = 0;
			for (i = 0; t[i] != '\0'; i++)
				if (((unsigned char)t[i] & 0xC0) != 0x80)
					t[o++] = '*';
			t[o] = '\0';
		} else if (mask && cJSON_IsNumber(c)) {
			char digits[64], *d;
			cJSON *star;
			snprintf(digits, sizeof(digits), "%.17g", c->valuedouble);
			for (d = digits; *d != '\0'; d++)
				*d = '*';
			if ((star = cJSON_CreateString(digits)) != NULL &&
			    cJSON_ReplaceItemViaPointer(node, c, star))
				c = star;
		} else if (cJSON_IsObject(c) || cJSON_IsArray(c)) {
			json_mask(fm, jm, p, c, path, m);
		}
		path[n] = '\0';
	}
}

static void
json_reject(ts_ingest *g, struct filemap *fm, const struct jsonmap *jm,
    cJSON *obj)
{
	char path[512] = "", *text = NULL;
	ts_str raw;

	if (g->o.rejects != NULL && obj != NULL) {
		if (g->o.mask_rejects)
			json_mask(fm, jm, g->o.profile, obj, path, 0);
		text = cJSON_PrintUnformatted(obj);
	}
	raw.p = text ? text : "";
	raw.n = text ? strlen(text) : 0;

	ts_ig_reject(g, fm, raw, 1);
	cJSON_free(text);
}

/* A FHIR Encounter, or a Bundle entry holding one. */
static int
looks_like_fhir(const cJSON *obj)
{
	const cJSON *res = ts_json_resource(obj);
	char v[32];

	return res != NULL &&
	    ts_json_path_text(res, "resourceType", v, sizeof(v)) == 1 &&
	    strcmp(v, "Encounter") == 0;
}

int
ts_ig_json(ts_ingest *g, ts_input *in, ts_out *out, struct filemap *fm,
    ts_jsonin **jp)
{
	struct jsonmap jm;
	ts_jsonin *j;
	cJSON *obj;
	struct row r;
	struct why w;
	ts_str none = { "", 0 };
	int rc, status;

	memset(&jm, 0, sizeof(jm));
	j = *jp = ts_jsonin_new(in);
	fm->name = ts_jsonin_name(j);
	if ((status = json_setup(g, fm, &jm)) != TS_EXIT_OK)
		goto done;
	ts_ig_dup_setup(g, fm);
	/* A failed output (a full disk, a reader gone) ends the reading. */
	while (!g->stopped && !ts_out_failed(out)) {
		const cJSON *rec;
		const char *why;
		char reason[256];
		long bad = -1;

		rc = ts_jsonin_next(j, &obj);
		if (rc == TS_JSON_EOF)
			break;
		if (rc == TS_JSON_FAIL) {
			ts_warn("%s:%llu: %s", fm->name,
			    (unsigned long long)ts_jsonin_line(j), json_reason(j));
			status = TS_EXIT_DATA;
			break;
		}
		/* One compare per row; the clock is read by the tick only. */
		if (++fm->st.read >= g->progress_at)
			g->progress_at = ts_progress_tick(g->o.progress,
			    fm->st.read);
		if (rc == TS_JSON_BAD) {
			ts_ig_row_message(g, fm, ts_jsonin_line(j), NULL, -1, json_reason(j),
			    none, 0);
			ts_ig_reject(g, fm, none, 1);
			continue;
		}
		rec = obj;
		if (g->format == TS_FORMAT_FHIR) {
			int skip = 0;
			rec = ts_json_resource(obj);
			if (rec == NULL)
				rec = obj;
			why = fhir_check(rec, reason, sizeof(reason), &skip);
			if (skip) {
				fm->st.skipped++;
				if (g->o.summary != NULL)
					ts_runsum_count(g->o.summary, TS_RS_SKIPPED, NULL,
					    "in-person encounter");
				cJSON_Delete(obj);
				continue;
			}
			if (why != NULL) {
				ts_ig_row_message(g, fm, ts_jsonin_line(j), NULL, -1, why, none, 0);
				json_reject(g, fm, &jm, obj);
				cJSON_Delete(obj);
				continue;
			}
		} else if (fm->st.read == 1 &&
		    g->o.profile->format == TS_FORMAT_CSV && looks_like_fhir(obj)) {
			/*
			 * A header-name profile maps nothing in a FHIR resource:
			 * say so now rather than reject every record, as for a
			 * CSV header with no known column.
			 */
			ts_warn("%s:%llu: looks like FHIR Encounters: use -p fhir",
			    fm->name, (unsigned long long)ts_jsonin_line(j));
			cJSON_Delete(obj);
			fm->st.read = 0;
			status = TS_EXIT_DATA;
			goto done;
		} else if (!cJSON_IsObject(rec)) {
			ts_ig_row_message(g, fm, ts_jsonin_line(j), NULL, -1,
			    "not a JSON object", none, 0);
			json_reject(g, fm, &jm, obj);
			cJSON_Delete(obj);
			continue;
		}
		rc = json_fields(g, fm, &jm, rec, &bad);
		if (rc < 0) {
			if (rc == -3)
				ts_ig_row_message(g, fm, ts_jsonin_line(j), NULL, -1,
				    "none of the mapped fields in this record", none, 0);
			else
				ts_ig_row_message(g, fm, ts_jsonin_line(j),
				    ts_ig_column_label(fm, (int)bad, -1), -1, rc == -2 ?
				    "value longer than 4095 bytes" : "invalid UTF-8",
				    none, 0);
			json_reject(g, fm, &jm, obj);
			cJSON_Delete(obj);
			continue;
		}
		if (ts_ig_map_row(g, fm, jm.f, &r, &w) < 0) {
			ts_ig_row_message(g, fm, ts_jsonin_line(j), ts_ig_column_label(fm, w.role, -1),
			    -1, w.reason, w.value, w.value.p == NULL ? 0 :
			    ts_ig_withheld(fm, w.role, -1, w.value, '\n') ? 2 : 1);
			json_reject(g, fm, &jm, obj);
			cJSON_Delete(obj);
			continue;
		}
		if (ts_ig_dup_check(g, fm, jm.f, fm->ncols, &r, ts_jsonin_line(j)) < 0) {
			json_reject(g, fm, &jm, obj);
			cJSON_Delete(obj);
			continue;
		}
		cJSON_Delete(obj);
		if (r.unknown_region >= 0) {
			fm->unknown++;
			g->region.file_rows[r.unknown_region]++;
		}
		if (out != NULL)
			ts_ig_write_row(g, fm, jm.f, &r, 0, out);
		if (g->o.summary != NULL)
			ts_ig_summary_date(g->o.summary, &r);
		fm->st.written++;
	}
	if (g->stopped)
		status = ts_ig_stop_status(g, fm);
	if (fm->st.rejected > 0 && status == TS_EXIT_OK) {
		status = TS_EXIT_DATA;
		fm->rows_only = 1;
	}
done:
	free(jm.buf);
	free(jm.f);
	return status;
}

/* "byte offset N: reason" from jsonin's "line L, byte offset N: reason". */
static const char *
json_reason(const ts_jsonin *j)
{
	const char *e = ts_jsonin_error(j), *c = strstr(e, ", ");

	return strncmp(e, "line ", 5) == 0 && c != NULL ? c + 2 : e;
}

