/* runsum.c - machine-readable run summaries; see runsum.h. */
#include "runsum.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "input.h"
#include "out.h"
#include "util.h"

/* Distinct keys kept per group of a section; more go under "other". */
#define RUNSUM_MAX_KEYS 32
/* Longest key kept (a reason with its column); longer ones are cut. */
#define RUNSUM_KEY_MAX 160
/* Largest summary report reads: files times reasons stay small. */
#define RUNSUM_MAX_BYTES (16u * 1024 * 1024)

struct kv {
	char *key;
	uint64_t n;
};

struct group {
	struct kv *v;
	size_t n;
	uint64_t other;
};

/* One file's counts, or the total's. */
struct section {
	char *name, *format, *encoding;
	struct ts_runsum_rows rows;
	struct group g[TS_RS_NGROUPS];
	struct ts_runsum_dups dups;
	int have_dups;
	char first[11], last[11];       /* date range, "" when none */
	int status;
};

struct ts_runsum {
	char *command, *profile;
	struct section cur, total;
	struct section *files;
	size_t nfiles;
};

ts_runsum *
ts_runsum_new(const char *command, const char *profile)
{
	ts_runsum *s = xcalloc(1, sizeof(*s));

	s->command = xstrdup(command);
	s->profile = profile != NULL ? xstrdup(profile) : NULL;
	return s;
}

static void
section_free(struct section *sec)
{
	size_t i, k;

	free(sec->name);
	free(sec->format);
	free(sec->encoding);
	for (k = 0; k < TS_RS_NGROUPS; k++) {
		for (i = 0; i < sec->g[k].n; i++)
			free(sec->g[k].v[i].key);
		free(sec->g[k].v);
	}
	memset(sec, 0, sizeof(*sec));
}

void
ts_runsum_free(ts_runsum *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nfiles; i++)
		section_free(&s->files[i]);
	free(s->files);
	section_free(&s->cur);
	section_free(&s->total);
	free(s->command);
	free(s->profile);
	free(s);
}

static void
group_add(struct group *g, const char *key, uint64_t n)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (strcmp(g->v[i].key, key) == 0) {
			g->v[i].n += n;
			return;
		}
	if (g->n == RUNSUM_MAX_KEYS) {
		g->other += n;
		return;
	}
	g->v = xreallocarray(g->v, g->n + 1, sizeof(*g->v));
	g->v[g->n].key = xstrdup(key);
	g->v[g->n].n = n;
	g->n++;
}

void
ts_runsum_add(ts_runsum *s, int group, const char *key, uint64_t n)
{
	group_add(&s->cur.g[group], key, n);
}

void
ts_runsum_count(ts_runsum *s, int group, const char *column,
    const char *reason)
{
	char key[RUNSUM_KEY_MAX];
	size_t o = 0;
	const char *p;

	if (column != NULL)
		o = (size_t)snprintf(key, sizeof(key), "column %s: ", column);
	if (o >= sizeof(key))
		o = sizeof(key) - 1;
	/* "expected 5 fields, found 7" -> "expected N fields, found N" */
	for (p = reason; *p != '\0' && o + 1 < sizeof(key); p++) {
		if (*p >= '0' && *p <= '9' && (p == reason || p[-1] == ' ')) {
			const char *q = p;
			while (*q >= '0' && *q <= '9')
				q++;
			if (*q == '\0' || *q == ' ' || *q == ',' || *q == ')' ||
			    *q == ';') {
				key[o++] = 'N';
				p = q - 1;
				continue;
			}
		}
		key[o++] = *p;
	}
	key[o] = '\0';
	group_add(&s->cur.g[group], key, 1);
}

/* Compares dates of different precision: "2024" < "2024-03" < "2024-03-05". */
static int
date_cmp(const char *a, const char *b, size_t bn)
{
	size_t an = strlen(a);
	int c = memcmp(a, b, an < bn ? an : bn);

	if (c != 0)
		return c;
	return an < bn ? -1 : an > bn;
}

void
ts_runsum_date(ts_runsum *s, const char *p, size_t n)
{
	struct section *c = &s->cur;

	if (n == 0 || n > 10)
		return;
	if (c->first[0] == '\0' || date_cmp(c->first, p, n) > 0) {
		memcpy(c->first, p, n);
		c->first[n] = '\0';
	}
	if (c->last[0] == '\0' || date_cmp(c->last, p, n) < 0) {
		memcpy(c->last, p, n);
		c->last[n] = '\0';
	}
}

void
ts_runsum_dups(ts_runsum *s, const struct ts_runsum_dups *d)
{
	s->cur.dups = *d;
	s->cur.have_dups = d->by != NULL;
}

static void
merge_into(struct section *t, const struct section *f)
{
	size_t k, i;

	t->rows.read += f->rows.read;
	t->rows.written += f->rows.written;
	t->rows.rejected += f->rows.rejected;
	t->rows.skipped += f->rows.skipped;
	for (k = 0; k < TS_RS_NGROUPS; k++) {
		for (i = 0; i < f->g[k].n; i++)
			group_add(&t->g[k], f->g[k].v[i].key, f->g[k].v[i].n);
		t->g[k].other += f->g[k].other;
	}
	if (f->have_dups) {
		/* Files found their duplicates in different ways: "mixed". */
		t->dups.by = !t->have_dups || strcmp(t->dups.by, f->dups.by) == 0 ?
		    f->dups.by : "mixed";
		t->dups.policy = !t->have_dups || t->dups.policy == NULL ||
		    f->dups.policy == NULL || strcmp(t->dups.policy,
		    f->dups.policy) == 0 ? f->dups.policy : "mixed";
		t->dups.found += f->dups.found;
		t->dups.rejected += f->dups.rejected;
		t->have_dups = 1;
	}
	if (f->first[0] != '\0') {
		if (t->first[0] == '\0' || date_cmp(t->first, f->first,
		    strlen(f->first)) > 0)
			memcpy(t->first, f->first, sizeof(t->first));
		if (t->last[0] == '\0' || date_cmp(t->last, f->last,
		    strlen(f->last)) < 0)
			memcpy(t->last, f->last, sizeof(t->last));
	}
	if (f->status > t->status)
		t->status = f->status;
}

void
ts_runsum_end_file(ts_runsum *s, const char *name, const char *format,
    const char *encoding, const struct ts_runsum_rows *rows, int status)
{
	struct section *f;

	s->files = xreallocarray(s->files, s->nfiles + 1, sizeof(*s->files));
	f = &s->files[s->nfiles++];
	*f = s->cur;
	memset(&s->cur, 0, sizeof(s->cur));
	f->name = xstrdup(name);
	f->format = format != NULL ? xstrdup(format) : NULL;
	f->encoding = encoding != NULL ? xstrdup(encoding) : NULL;
	f->rows = *rows;
	f->status = status;
	merge_into(&s->total, f);
}

void
ts_runsum_unreadable(ts_runsum *s, const char *name)
{
	struct ts_runsum_rows none = { 0, 0, 0, 0 };

	ts_runsum_end_file(s, strcmp(name, "-") == 0 ? "<stdin>" : name, NULL,
	    NULL, &none, TS_EXIT_IO);
}

/* ------------------------------------------------------------------ */
/* Writing */

static void
json_string(ts_out *o, const char *s)
{
	const unsigned char *p;

	ts_out_putc(o, '"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\') {
			ts_out_putc(o, '\\');
			ts_out_putc(o, (char)*p);
		} else if (*p < 0x20 || *p == 0x7f) {
			ts_out_printf(o, "\\u%04x", *p);
		} else {
			ts_out_putc(o, (char)*p);
		}
	}
	ts_out_putc(o, '"');
}

static void
json_str_or_null(ts_out *o, const char *s)
{
	if (s == NULL)
		ts_out_puts(o, "null");
	else
		json_string(o, s);
}

static void
json_group(ts_out *o, const char *ind, const char *name, const struct group *g)
{
	size_t i;

	ts_out_printf(o, ",\n%s\"%s\": {", ind, name);
	for (i = 0; i < g->n; i++) {
		ts_out_printf(o, "%s\n%s  ", i ? "," : "", ind);
		json_string(o, g->v[i].key);
		ts_out_puts(o, ": ");
		ts_out_u64(o, g->v[i].n);
	}
	if (g->other > 0) {
		ts_out_printf(o, "%s\n%s  \"other\": ", g->n ? "," : "", ind);
		ts_out_u64(o, g->other);
	}
	if (g->n || g->other)
		ts_out_printf(o, "\n%s}", ind);
	else
		ts_out_puts(o, "}");
}

static int
by_key(const void *a, const void *b)
{
	return strcmp(((const struct kv *)a)->key, ((const struct kv *)b)->key);
}

static void
json_section(ts_out *o, struct section *f, const char *ind, int total,
    uint64_t nfiles, int with_categories)
{
	static const char *const names[TS_RS_NGROUPS] = {
		"rejected", "skipped", "categories"
	};
	int k;

	ts_out_printf(o, "{\n%s", ind);
	if (total) {
		ts_out_puts(o, "\"files\": ");
		ts_out_u64(o, nfiles);
	} else {
		ts_out_puts(o, "\"name\": ");
		json_string(o, f->name);
		ts_out_printf(o, ",\n%s\"format\": ", ind);
		json_str_or_null(o, f->format);
		ts_out_printf(o, ",\n%s\"encoding\": ", ind);
		json_str_or_null(o, f->encoding);
	}
	ts_out_printf(o, ",\n%s\"status\": %d", ind, f->status);
	ts_out_printf(o, ",\n%s\"rows\": {\"read\": ", ind);
	ts_out_u64(o, f->rows.read);
	ts_out_puts(o, ", \"written\": ");
	ts_out_u64(o, f->rows.written);
	ts_out_puts(o, ", \"rejected\": ");
	ts_out_u64(o, f->rows.rejected);
	ts_out_puts(o, ", \"skipped\": ");
	ts_out_u64(o, f->rows.skipped);
	ts_out_puts(o, "}");
	/* Categories by name, whatever the order of the rules; reasons in
	 * the order first met, as the messages were. */
	if (f->g[TS_RS_CATEGORIES].n > 1)
		qsort(f->g[TS_RS_CATEGORIES].v, f->g[TS_RS_CATEGORIES].n,
		    sizeof(struct kv), by_key);
	for (k = 0; k < TS_RS_NGROUPS; k++)
		if (k != TS_RS_CATEGORIES || with_categories)
			json_group(o, ind, names[k], &f->g[k]);
	ts_out_printf(o, ",\n%s\"duplicates\": ", ind);
	if (f->have_dups) {
		ts_out_puts(o, "{\"by\": ");
		json_string(o, f->dups.by);
		ts_out_puts(o, ", \"policy\": ");
		json_str_or_null(o, f->dups.policy);
		ts_out_puts(o, ", \"found\": ");
		ts_out_u64(o, f->dups.found);
		ts_out_puts(o, ", \"rejected\": ");
		ts_out_u64(o, f->dups.rejected);
		ts_out_puts(o, "}");
	} else {
		ts_out_puts(o, "null");
	}
	ts_out_printf(o, ",\n%s\"dates\": ", ind);
	if (f->first[0] != '\0') {
		ts_out_puts(o, "{\"first\": ");
		json_string(o, f->first);
		ts_out_puts(o, ", \"last\": ");
		json_string(o, f->last);
		ts_out_puts(o, "}");
	} else {
		ts_out_puts(o, "null");
	}
	ts_out_printf(o, "\n%.*s}", (int)strlen(ind) - 2, ind);
}

ts_out *
ts_runsum_write(ts_runsum *s, const char *path, int status, ts_error *e)
{
	ts_out *o = ts_out_open_atomic(path, e);
	int cats = strcmp(s->command, "classify") == 0;
	size_t i;

	if (o == NULL)
		return NULL;
	ts_out_puts(o, "{\n  \"schema\": \"" TS_RUNSUM_SCHEMA "\",\n"
	    "  \"command\": ");
	json_string(o, s->command);
	ts_out_puts(o, ",\n  \"version\": \"" TS_VERSION "\",\n  \"profile\": ");
	json_str_or_null(o, s->profile);
	ts_out_printf(o, ",\n  \"status\": %d,\n  \"files\": [", status);
	for (i = 0; i < s->nfiles; i++) {
		ts_out_puts(o, i ? ", " : "");
		json_section(o, &s->files[i], "      ", 0, 0, cats);
	}
	ts_out_puts(o, "],\n  \"total\": ");
	json_section(o, &s->total, "    ", 1, s->nfiles, cats);
	ts_out_puts(o, "\n}\n");
	if (ts_out_sync(o, e) < 0) {
		ts_out_abandon(o);
		return NULL;
	}
	return o;
}

/* ------------------------------------------------------------------ */
/* Reading */

/* A whole number in [0, 2^53) at KEY of OBJ, added to *V; -1 if not. */
static int
add_count(const cJSON *obj, const char *key, uint64_t *v)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (n == NULL || cJSON_IsNull(n))
		return 0;
	if (!cJSON_IsNumber(n) || n->valuedouble < 0 ||
	    n->valuedouble >= 9007199254740992.0 ||
	    n->valuedouble != floor(n->valuedouble))
		return -1;
	*v += (uint64_t)n->valuedouble;
	return 0;
}

/*
 * Validate's duplicates, file by file (the total says "mixed" when the
 * files differ): rows repeated exactly into A->validate_dup_rows,
 * repeated ids and keys into A->validate_dup_ids. -1 if a count is bad.
 */
static int
validate_dups(const cJSON *files, struct ts_runsum_totals *a)
{
	const cJSON *f, *d, *by;

	cJSON_ArrayForEach(f, files) {
		d = cJSON_GetObjectItemCaseSensitive(f, "duplicates");
		by = cJSON_GetObjectItemCaseSensitive(d, "by");
		if (!cJSON_IsObject(d) || !cJSON_IsString(by))
			continue;
		if (strcmp(by->valuestring, "row") == 0) {
			a->have_validate_rows = 1;
			if (add_count(d, "found", &a->validate_dup_rows) < 0)
				return -1;
		} else {
			a->have_validate_ids = 1;
			if (add_count(d, "found", &a->validate_dup_ids) < 0)
				return -1;
		}
	}
	return 0;
}

/* An ingest summary's files (name, read, rejected) into A->files. */
static int
ingest_files(const cJSON *files, struct ts_runsum_totals *a)
{
	const cJSON *f, *name, *rows;

	cJSON_ArrayForEach(f, files) {
		struct ts_runsum_file e;
		name = cJSON_GetObjectItemCaseSensitive(f, "name");
		rows = cJSON_GetObjectItemCaseSensitive(f, "rows");
		if (!cJSON_IsString(name) || !cJSON_IsObject(rows))
			continue;
		memset(&e, 0, sizeof(e));
		if (add_count(rows, "read", &e.read) < 0 ||
		    add_count(rows, "rejected", &e.rejected) < 0)
			return -1;
		e.name = xstrdup(name->valuestring);
		a->files = xreallocarray(a->files, a->nfiles + 1,
		    sizeof(*a->files));
		a->files[a->nfiles++] = e;
	}
	return 0;
}

void
ts_runsum_totals_free(struct ts_runsum_totals *t)
{
	size_t i;

	for (i = 0; i < t->nfiles; i++)
		free(t->files[i].name);
	free(t->files);
	t->files = NULL;
	t->nfiles = 0;
}

int
ts_runsum_read(const char *path, struct ts_runsum_totals *t)
{
	ts_input *in = ts_input_open(path);
	char *buf;
	size_t len = 0, cap = 65536;
	ssize_t n;
	int rc;

	if (in == NULL)
		return TS_EXIT_IO;      /* said by ts_input_open */
	buf = xmalloc(cap + 1);
	for (;;) {
		if (len == cap) {
			if (cap >= RUNSUM_MAX_BYTES) {
				ts_warn("%s: larger than %u bytes: not a run summary",
				    path, RUNSUM_MAX_BYTES);
				free(buf);
				ts_input_close(in);
				return TS_EXIT_DATA;
			}
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
		if ((n = ts_input_read(in, buf + len, cap - len)) < 0) {
			free(buf);
			ts_input_close(in);
			return TS_EXIT_IO;      /* said by ts_input_read */
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	ts_input_close(in);
	rc = ts_runsum_parse(buf, len, path, t);
	free(buf);
	return rc < 0 ? TS_EXIT_DATA : TS_EXIT_OK;
}

int
ts_runsum_parse(const char *buf, size_t len, const char *path,
    struct ts_runsum_totals *t)
{
	cJSON *doc;
	const cJSON *total, *rows, *dups, *schema, *cmd, *cats, *files;
	const char *why = NULL;
	size_t i;
	int rc = 0;

	doc = cJSON_ParseWithLength(buf, len);
	schema = cJSON_GetObjectItemCaseSensitive(doc, "schema");
	cmd = cJSON_GetObjectItemCaseSensitive(doc, "command");
	total = cJSON_GetObjectItemCaseSensitive(doc, "total");
	files = cJSON_GetObjectItemCaseSensitive(doc, "files");
	rows = cJSON_GetObjectItemCaseSensitive(total, "rows");
	if (doc == NULL)
		why = "not JSON";
	else if (!cJSON_IsString(schema) ||
	    strcmp(schema->valuestring, TS_RUNSUM_SCHEMA) != 0)
		why = "not a run summary (schema \"" TS_RUNSUM_SCHEMA "\")";
	else if (!cJSON_IsString(cmd) || !cJSON_IsObject(rows))
		why = "no command or total rows";
	if (why == NULL) {
		struct ts_runsum_totals a;
		memset(&a, 0, sizeof(a));
		dups = cJSON_GetObjectItemCaseSensitive(total, "duplicates");
		if (strcmp(cmd->valuestring, "classify") == 0) {
			a.have_classify = 1;
			cats = cJSON_GetObjectItemCaseSensitive(total, "categories");
			if (add_count(rows, "read", &a.classify_read) < 0 ||
			    add_count(cats, "unclassified", &a.unclassified) < 0)
				why = "a count is not a whole number";
		} else if (strcmp(cmd->valuestring, "ingest") == 0) {
			a.have_ingest = 1;
			if (add_count(rows, "read", &a.ingest_read) < 0 ||
			    add_count(rows, "written", &a.ingest_written) < 0 ||
			    add_count(rows, "rejected", &a.ingest_rejected) < 0 ||
			    add_count(rows, "skipped", &a.ingest_skipped) < 0 ||
			    ingest_files(files, &a) < 0)
				why = "a count is not a whole number";
		} else if (strcmp(cmd->valuestring, "validate") == 0) {
			/* Only its duplicates: its rows are the rows ingest
			 * reads, and would be counted twice. */
			if (validate_dups(files, &a) < 0)
				why = "a count is not a whole number";
		}
		if (why == NULL && a.have_ingest && cJSON_IsObject(dups)) {
			a.have_dups = 1;
			if (add_count(dups, "found", &a.dup_found) < 0 ||
			    add_count(dups, "rejected", &a.dup_rejected) < 0)
				why = "a count is not a whole number";
		}
		if (why == NULL) {
			t->summaries++;
			t->ingest_read += a.ingest_read;
			t->ingest_written += a.ingest_written;
			t->ingest_rejected += a.ingest_rejected;
			t->ingest_skipped += a.ingest_skipped;
			t->dup_found += a.dup_found;
			t->dup_rejected += a.dup_rejected;
			t->validate_dup_rows += a.validate_dup_rows;
			t->validate_dup_ids += a.validate_dup_ids;
			t->classify_read += a.classify_read;
			t->unclassified += a.unclassified;
			t->have_ingest |= a.have_ingest;
			t->have_dups |= a.have_dups;
			t->have_classify |= a.have_classify;
			t->have_validate_rows |= a.have_validate_rows;
			t->have_validate_ids |= a.have_validate_ids;
			t->files = xreallocarray(t->files, t->nfiles + a.nfiles + 1,
			    sizeof(*t->files));
			for (i = 0; i < a.nfiles; i++)
				t->files[t->nfiles++] = a.files[i];
			free(a.files);
		} else {
			ts_runsum_totals_free(&a);
		}
	}
	if (why != NULL) {
		ts_warn("%s: %s", path, why);
		rc = -1;
	}
	cJSON_Delete(doc);
	return rc;
}

/* ------------------------------------------------------------------ */
/* --max-reject-rate */

int
ts_runsum_path_option(const char *arg, ts_error *e)
{
	if (strcmp(arg, "-") != 0)
		return 0;
	ts_error_set(e, TS_EXIT_USAGE, "--summary %s: name a file", arg);
	e->usage = 1;
	return -1;
}

double
ts_runsum_rate_option(const char *s)
{
	char *end;
	double v;

	if (*s == '\0' || *s == '-' || *s == '+' || (*s < '0' || *s > '9'))
		return -1;
	v = strtod(s, &end);
	if (*end == '%')
		end++;
	if (*end != '\0' || !(v >= 0 && v <= 100))
		return -1;
	return v;
}

int
ts_runsum_rate_exceeded(uint64_t rejected, uint64_t written, double pct)
{
	uint64_t rows = rejected + written;
	double rate;

	if (rejected == 0)
		return 0;
	rate = 100.0 * (double)rejected / (double)rows;
	if (rate <= pct)
		return 0;
	ts_warn("%llu of %llu rows rejected (%.2f %%), more than"
	    " --max-reject-rate %g %%", (unsigned long long)rejected,
	    (unsigned long long)rows, rate, pct);
	return 1;
}
