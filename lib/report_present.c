/*
 * report_present.c - title, lead line, generation date and --sections
 * (see report_present.h).
 */
#include "report_present.h"

#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "paths.h"
#include "records.h"
#include "report_int.h"
#include "report_labels.h"

/*
 * The sections by the names --sections takes, in the report's order,
 * with the tables each one holds (ts_rtable.id).
 */
static const struct section {
	const char *name;
	const char *tables[4];
} sections[] = {
	{ "summary", { "summary" } },
	{ "categories", { "categories" } },
	{ "years", { "years" } },
	{ "patients", { "patients", "patients_sex", "patients_age" } },
	{ "regions", { "regions" } },
	{ "institutions", { "institutions" } },
	{ "specialties", { "specialties" } },
	{ "months", { "months" } },
	{ "activities", { "activities" } },
	{ "coverage", { "coverage", "coverage_entities" } },
	{ "targets", { "targets" } },
	{ "rates", { "rates" } },
	{ "days", { "days" } },
	{ "facilities", { "facilities", "facilities_inactive",
	    "facilities_top" } },
	{ "travel", { "travel", "travel_categories" } },
	{ "quality", { "quality", "unclassified_labels" } },
};
#define NSECTIONS (sizeof(sections) / sizeof(sections[0]))

static const char *const words[][2] = {
#define W_TITLE_OF 0
	{ "Informe anual de telesalud %d: %s", "Annual telehealth report %d: %s" },
#define W_GENERATED 1
	{ "Generado el %s", "Generated on %s" },
};

static const char *
W(int lang, int id)
{
	return words[id][lang == TS_LANG_EN ? 1 : 0];
}

const char *
ts_report_section_names(void)
{
	return "summary, categories, years, patients, regions, institutions, "
	    "specialties, months, activities, coverage, targets, rates, days, "
	    "facilities, travel, quality";
}

/* The section named by the N bytes at S, or NULL. */
static const struct section *
find_section(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < NSECTIONS; i++)
		if (strlen(sections[i].name) == n &&
		    memcmp(sections[i].name, s, n) == 0)
			return &sections[i];
	return NULL;
}

int
ts_report_sections_check(const char *list, ts_error *e)
{
	const char *p = list;

	for (;;) {
		size_t n = strcspn(p, ",");
		if (find_section(p, n) == NULL)
			return n == 0 ? ts_error_set(e, TS_EXIT_USAGE,
			    "empty section name in \"%s\" (known: %s)", list,
			    ts_report_section_names()) :
			    ts_error_set(e, TS_EXIT_USAGE,
			    "unknown section \"%.*s\" (known: %s)", (int)n, p,
			    ts_report_section_names());
		if (p[n] == '\0')
			return 0;
		p += n + 1;
	}
}

ts_rtable **
ts_report_sections_pick(const ts_report *r, const char *list, size_t *np)
{
	ts_rtable **out = xcalloc(r->ntables ? r->ntables : 1, sizeof(*out));
	char *taken = xcalloc(r->ntables ? r->ntables : 1, 1);
	const char *p = list;
	size_t n = 0, i, k;

	for (;;) {
		size_t len = strcspn(p, ",");
		const struct section *s = find_section(p, len);
		/* A table follows the others of its section in the report's
		 * order; a section named twice shows once. */
		for (i = 0; s != NULL && i < r->ntables; i++)
			for (k = 0; k < 4 && s->tables[k] != NULL; k++)
				if (!taken[i] &&
				    strcmp(r->tables[i]->id, s->tables[k]) == 0) {
					taken[i] = 1;
					out[n++] = r->tables[i];
				}
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	free(taken);
	*np = n;
	return out;
}

/* The only item row of table ID in R, or NULL (none, several, unknown). */
static const ts_rrow *
only_item(const ts_report *r, const char *id)
{
	const ts_rrow *one = NULL;
	size_t i, j;

	for (i = 0; i < r->ntables; i++) {
		const ts_rtable *t = r->tables[i];
		if (strcmp(t->id, id) != 0)
			continue;
		for (j = 0; j < t->nrows; j++) {
			if (t->rows[j].type != TS_RR_ITEM)
				continue;
			/* A row of unknown values is no institution. */
			if (one != NULL || t->rows[j].key[0] == '\0')
				return NULL;
			one = &t->rows[j];
		}
	}
	return one;
}

/*
 * The short name of institution CODE from share/institutions.tsv
 * (column "short"), or NULL when the table does not have it. Caller
 * frees.
 */
static char *
institution_short(const char *code)
{
	char *path = ts_share_path("institutions.tsv"), *name = NULL;
	ts_reader *rd;
	ts_str *f;
	int c, s, rc;

	if (path == NULL)
		return NULL;
	rd = ts_reader_open(path);
	free(path);
	if (rd == NULL)
		return NULL;
	c = ts_reader_find(rd, "institution");
	s = ts_reader_find(rd, "short");
	while (c >= 0 && s >= 0 && (rc = ts_reader_next(rd, &f)) == TS_ROW_OK) {
		if (f[c].n == strlen(code) && memcmp(f[c].p, code, f[c].n) == 0 &&
		    f[s].n > 0) {
			name = xmalloc(f[s].n + 1);
			name[ts_unescape(f[s], name)] = '\0';
			break;
		}
	}
	ts_reader_free(rd);
	return name;
}

void
ts_report_present(ts_report *r, const ts_report_opts *o)
{
	const ts_rrow *inst = only_item(r, "institutions");
	const ts_rrow *reg = only_item(r, "regions");

	r->generated = o->generated;
	if (o->subtitle != NULL)
		r->lead = xstrdup(o->subtitle);
	if (o->title != NULL) {
		free(r->title);
		r->title = xstrdup(o->title);
	} else if (inst != NULL || reg != NULL) {
		char *iname = inst ? institution_short(inst->key) : NULL;
		char *who = inst && reg ? xasprintf("%s, %s", iname ? iname :
		    inst->label, reg->label) : xstrdup(inst ? (iname ? iname :
		    inst->label) : reg->label);

		free(r->title);
		r->title = xasprintf(W(r->lang, W_TITLE_OF), r->year, who);
		free(who);
		free(iname);
	}
}

char *
ts_report_generated_str(const ts_report *r)
{
	static const char *const mon[12] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int32_t d = r->generated;
	int y = d / 10000, m = d / 100 % 100, day = d % 100;
	char *date, *s;

	if (d <= 0 || m < 1 || m > 12)
		return NULL;
	date = r->lang == TS_LANG_EN ? xasprintf("%d %s %d", day, mon[m - 1], y) :
	    xasprintf("%02d/%02d/%d", day, m, y);
	s = xasprintf(W(r->lang, W_GENERATED), date);
	free(date);
	return s;
}
