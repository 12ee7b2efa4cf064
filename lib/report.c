/*
 * report.c - reading records (or an aggregate table) into the report's
 * group tables; see report.h. The sections are built in report_build.c.
 *
 * Per row: the year, then one memoized lookup of the (category,
 * subcategory) pair, the numbers, and one ts_map lookup per section the
 * row feeds. No allocation per row, no stdio on the row path.
 */
#include "report_acc.h"

#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "numfmt.h"
#include "table.h"
#include "values.h"

/* Rejected rows are all counted; only the first ones are described. */
#define MAX_MESSAGES 20

ts_report_acc *
ts_report_acc_new(const ts_report_opts *opts, const ts_taxonomy *tax)
{
	ts_report_acc *a = xcalloc(1, sizeof(*a));
	size_t i;

	a->opts = *opts;
	a->tax = tax;
	a->groups = ts_map_new();
	a->pairs = ts_map_new();
	a->cats = ts_map_new();
	a->subs = ts_map_new();
	a->parents = ts_map_new();
	a->specs = ts_spellings_new();
	a->kcap = 256;
	a->kbuf = xmalloc(a->kcap);
	a->fig = ts_rfig_new(opts);
	/* A section needs its column in every file read. */
	a->have = ~0u;
	/* Categories that receive children under the roll-up keep their
	 * children apart as sub-rows. */
	if (opts->rollup != NULL)
		for (i = 0; i < ts_taxonomy_count(tax); i++) {
			const char *c = ts_taxonomy_at(tax, i)->name;
			const char *p = ts_taxonomy_parent(tax, opts->rollup, c);
			if (strcmp(p, c) != 0)
				ts_map_intern(a->parents, p, strlen(p), NULL);
		}
	return a;
}

void
ts_report_acc_free(ts_report_acc *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->npyears; i++) {
		ts_distinct_free(a->pyears[i].set);
		ts_distinct_free(a->pyears[i].people);
	}
	free(a->pyears);
	ts_map_free(a->groups);
	ts_map_free(a->pairs);
	ts_map_free(a->cats);
	ts_map_free(a->subs);
	ts_map_free(a->parents);
	ts_spellings_free(a->specs);
	free(a->g);
	free(a->kbuf);
	free(a->pair_cat);
	free(a->pair_sub);
	free(a->cat_kind);
	ts_rfig_free(a->fig);
	free(a);
}

/*
 * The index of group (DIM, YEAR, MONTH, P1 [\x1f P2]) in a->g, created
 * empty when new. A new group may move a->g: hold indexes, not pointers,
 * across calls. Every group is kept per month (0: unknown), so that a
 * partial year can be compared with the same months of another
 * (ts_racc_sum); TS_RYEAR_BOUNDS is the whole year, for overflow checks.
 */
static uint32_t
group_id(ts_report_acc *a, int dim, int year, int month, const char *p1,
    size_t n1, const char *p2, size_t n2)
{
	size_t n = TS_RKEY + n1 + (p2 ? 1 + n2 : 0);
	uint32_t id;
	int ins;

	if (n > a->kcap) {
		a->kcap = n * 2;
		a->kbuf = xrealloc(a->kbuf, a->kcap);
	}
	ts_rkey(a->kbuf, dim, year, month);
	memcpy(a->kbuf + TS_RKEY, p1, n1);
	if (p2 != NULL) {
		a->kbuf[TS_RKEY + n1] = '\x1f';
		memcpy(a->kbuf + TS_RKEY + 1 + n1, p2, n2);
	}
	id = ts_map_intern(a->groups, a->kbuf, n, &ins);
	if (id >= a->gcap) {
		size_t old = a->gcap;
		a->gcap = a->gcap ? a->gcap * 2 : 256;
		a->g = xreallocarray(a->g, a->gcap, sizeof(*a->g));
		memset(a->g + old, 0, (a->gcap - old) * sizeof(*a->g));
	}
	return id;
}

/* The group itself, valid until the next group_id() or group() call. */
static struct ts_racc *
group(ts_report_acc *a, int dim, int year, int month, const char *p1,
    size_t n1, const char *p2, size_t n2)
{
	uint32_t id = group_id(a, dim, year, month, p1, n1, p2, n2);

	return &a->g[id];
}

static void
add(struct ts_racc *g, int64_t actions, int64_t count, int64_t sessions,
    int64_t attendees)
{
	g->actions += actions;
	g->count += count;
	g->sessions += sessions;
	g->attendees += attendees;
	g->rows++;
}

/* Unescaped copy of a field (for names kept beyond the row). */
static char *
unesc(ts_str s)
{
	char *p = xmalloc(s.n + 1);

	p[ts_unescape(s, p)] = '\0';
	return p;
}

/*
 * How folded category CAT counts, by the rule aggregate's sessions and
 * plot follow too (ts_patient_kind): a kind nobody gave is no action.
 */
static int
kind_of(ts_report_acc *a, const char *cat, ts_str wp)
{
	switch (ts_patient_kind(a->tax, (ts_str){ cat, strlen(cat) }, wp)) {
	case TS_WP_YES: return CK_WITH;
	case TS_WP_NO: return CK_WITHOUT;
	default: return CK_EXCLUDED;
	}
}

/* Index of the memoized (category, subcategory) pair of this row. */
static uint32_t
pair_of(ts_report_acc *a, ts_str cat, ts_str sub, ts_str wp)
{
	size_t n = cat.n + 1 + sub.n;
	uint32_t id, cid;
	int ins;
	char *raw, *folded_sub;
	const char *folded;

	if (n > a->kcap) {
		a->kcap = n * 2;
		a->kbuf = xrealloc(a->kbuf, a->kcap);
	}
	memcpy(a->kbuf, cat.p, cat.n);
	a->kbuf[cat.n] = '\x1f';
	memcpy(a->kbuf + cat.n + 1, sub.p, sub.n);
	id = ts_map_intern(a->pairs, a->kbuf, n, &ins);
	if (!ins)
		return id;
	raw = unesc(cat);
	if (*raw == '\0') {
		free(raw);
		raw = xstrdup("unclassified");
	}
	folded = ts_taxonomy_parent(a->tax, a->opts.rollup, raw);
	cid = ts_map_intern(a->cats, folded, strlen(folded), &ins);
	if (ins) {
		a->cat_kind = xreallocarray(a->cat_kind, cid + 1, sizeof(int));
		a->cat_kind[cid] = kind_of(a, folded, wp);
	}
	/* Under a roll-up, a parent's sub-rows are the categories folded
	 * into it (its own rows included); elsewhere, the subcategories. */
	if (ts_map_find(a->parents, folded, strlen(folded)) >= 0)
		folded_sub = xstrdup(raw);
	else
		folded_sub = unesc(sub);
	a->pair_cat = xreallocarray(a->pair_cat, id + 1, sizeof(uint32_t));
	a->pair_sub = xreallocarray(a->pair_sub, id + 1, sizeof(uint32_t));
	a->pair_cat[id] = cid;
	a->pair_sub[id] = ts_map_intern(a->subs, folded_sub, strlen(folded_sub), NULL);
	free(folded_sub);
	free(raw);
	return id;
}

static void
reject(ts_report_acc *a, ts_reader *r, const char *col, const char *why,
    ts_str value)
{
	a->rows_rejected++;
	if (a->messages++ < MAX_MESSAGES) {
		if (col != NULL)
			ts_warn("%s:%llu: column %s: %s \"%.*s\"", ts_reader_name(r),
			    (unsigned long long)ts_reader_line(r), col, why,
			    (int)(value.n > 80 ? 80 : value.n), value.p);
		else
			ts_reader_warn(r, why);
	} else if (a->messages == MAX_MESSAGES + 1) {
		ts_warn("%s: further rejected rows are counted, not shown",
		    ts_reader_name(r));
	}
}

/* The patient set of YEAR when that year may be reported, else NULL. */
static ts_distinct *
patient_set(ts_report_acc *a, int year)
{
	const ts_report_opts *o = &a->opts;
	size_t i;
	int keep;

	for (i = 0; i < a->npyears; i++)
		if (a->pyears[i].year == year)
			return a->pyears[i].set;
	if (o->year != 0) {
		int cmp = o->compare > 0 ? o->compare : o->year - 1;
		keep = year == o->year || (o->compare >= 0 && year == cmp);
	} else {
		/* The report year is the latest one: keep the two latest seen
		 * (and an explicit comparison year), drop older sets. */
		if (year > a->maxyear) {
			size_t j = 0;
			a->maxyear = year;
			for (i = 0; i < a->npyears; i++) {
				int y = a->pyears[i].year;
				if (y >= year - 1 || y == o->compare)
					a->pyears[j++] = a->pyears[i];
				else {
					ts_distinct_free(a->pyears[i].set);
					ts_distinct_free(a->pyears[i].people);
				}
			}
			a->npyears = j;
		}
		keep = year >= a->maxyear - 1 || year == o->compare;
	}
	if (!keep)
		return NULL;
	a->pyears = xreallocarray(a->pyears, a->npyears + 1, sizeof(*a->pyears));
	a->pyears[a->npyears].year = year;
	a->pyears[a->npyears].set = ts_distinct_new(REPORT_PATIENTS_MEMORY);
	a->pyears[a->npyears].people = NULL;
	return a->pyears[a->npyears++].set;
}

/* The sex-and-age set of tracked YEAR (created on first use), or NULL. */
static ts_distinct *
people_set(ts_report_acc *a, int year)
{
	size_t i;

	for (i = 0; i < a->npyears; i++)
		if (a->pyears[i].year == year) {
			if (a->pyears[i].people == NULL)
				a->pyears[i].people =
				    ts_distinct_new(REPORT_PATIENTS_MEMORY);
			return a->pyears[i].people;
		}
	return NULL;
}

/* The sex bucket of field S: "F", "M" (either case), else unknown. */
static int
sex_bucket(ts_str s)
{
	if (s.n == 1 && (s.p[0] == 'F' || s.p[0] == 'f'))
		return PB_FEMALE;
	if (s.n == 1 && (s.p[0] == 'M' || s.p[0] == 'm'))
		return PB_MALE;
	return PB_SEX_UNKNOWN;
}

/* The age group of field S (whole years, 0 to 130), else unknown. */
static int
age_bucket(ts_str s)
{
	int age = 0;
	size_t i;

	if (s.n == 0 || s.n > 3)
		return PB_AGE_UNKNOWN;
	for (i = 0; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return PB_AGE_UNKNOWN;
		age = age * 10 + (s.p[i] - '0');
	}
	return age > 130 ? PB_AGE_UNKNOWN : age < 12 ? PB_AGE_0 :
	    age < 18 ? PB_AGE_12 : age < 30 ? PB_AGE_18 : age < 60 ? PB_AGE_30 :
	    PB_AGE_60;
}

/*
 * Adds the row's figures to its year's bounds (struct ts_racc.all):
 * 0, or -1 with nothing added when a sum would pass TS_COUNT_MAX.
 */
static int
within_bounds(struct ts_racc *yg, const int64_t v[4])
{
	int64_t t[4];
	int i;

	for (i = 0; i < 4; i++) {
		t[i] = yg->all[i];
		if (ts_count_add_signed(&t[i], v[i]) != 0)
			return -1;
	}
	memcpy(yg->all, t, sizeof(t));
	return 0;
}

/* Parses a count column of the row into *V (left as is when empty). */
static int
count_field(ts_report_acc *a, ts_reader *r, ts_str *f, int c,
    const char *name, int64_t *v)
{
	uint64_t u;
	const char *why;

	if (c < 0 || f[c].n == 0)
		return 0;
	if ((why = ts_count_parse(f[c], &u)) != NULL) {
		reject(a, r, name, why, f[c]);
		return -1;
	}
	*v = (int64_t)u;
	return 0;
}

static const ts_str empty_str = { "", 0 };

static ts_str
fld(ts_str *f, int c)
{
	return c >= 0 ? f[c] : empty_str;
}

/* The columns a report reads, by index; -1 when absent. */
struct acc_cols {
	int year, date, month, cat, sub, wp, region, inst, spec, patient,
	    patients, cond, count, sess, att, service, source, records, fac,
	    sex, age;
};

static void
find_cols(ts_reader *r, struct acc_cols *c)
{
	c->year = ts_reader_find(r, "year");
	c->date = ts_reader_find(r, "date");
	c->month = ts_reader_find(r, "month");
	c->cat = ts_reader_find(r, "category");
	c->sub = ts_reader_find(r, "subcategory");
	c->wp = ts_reader_find(r, "with_patient");
	c->region = ts_reader_find(r, "region");
	c->inst = ts_reader_find(r, "institution");
	c->spec = ts_reader_find(r, "specialty");
	c->patient = ts_reader_find(r, "patient");
	c->patients = ts_reader_find(r, "patients");
	c->cond = ts_reader_find(r, "condition");
	c->count = ts_reader_find(r, "count");
	c->sess = ts_reader_find(r, "sessions");
	c->att = ts_reader_find(r, "attendees");
	c->service = ts_reader_find(r, "service");
	c->source = ts_reader_find(r, "source");
	c->records = ts_reader_find(r, "records");
	c->fac = ts_reader_find(r, "facility");
	c->sex = ts_reader_find(r, "sex");
	c->age = ts_reader_find(r, "age");
}

/*
 * -1 when R can be read with columns C; else the status to stop with
 * (said): a wide table, or a column the report needs is missing.
 */
static int
cols_refused(const ts_report_acc *a, ts_reader *r, const struct acc_cols *c)
{
	/* A wide table's cells are no records: its rows would count 1. */
	if (ts_table_refuse_wide(r, "report") != 0)
		return TS_EXIT_MISSING_COLUMN;
	if (c->cat < 0)
		return ts_reader_require(r, "category", NULL) < 0 ?
		    TS_EXIT_MISSING_COLUMN : TS_EXIT_OK;
	if (c->year < 0 && c->date < 0) {
		char *msg = ts_reader_missing(r, "\"year\" or \"date\"", NULL);
		ts_warn("%s", msg);
		free(msg);
		return TS_EXIT_MISSING_COLUMN;
	}
	if (a->opts.patients_rule == TS_PATIENTS_HIS && c->patient >= 0 &&
	    c->cond < 0)
		return ts_reader_require(r, "condition", "--patients-rule his") < 0 ?
		    TS_EXIT_MISSING_COLUMN : TS_EXIT_OK;
	return -1;
}

/* What the tables can show with columns C (the H_* bits). */
static unsigned
cols_have(const struct acc_cols *c)
{
	return (c->region >= 0 ? H_REGION : 0) | (c->inst >= 0 ? H_INST : 0) |
	    (c->spec >= 0 ? H_SPEC : 0) |
	    (c->month >= 0 || c->date >= 0 ? H_MONTH : 0) |
	    (c->sess >= 0 ? H_SESSIONS : 0) | (c->att >= 0 ? H_ATTENDEES : 0) |
	    (c->patient >= 0 ? H_PATIENT : 0) |
	    (c->patient < 0 && c->patients >= 0 ? H_PATIENTS : 0) |
	    (c->service >= 0 ? H_SERVICE : 0) | (c->records >= 0 ? H_RECORDS : 0) |
	    (c->source >= 0 ? H_SOURCE : 0) | (c->sex >= 0 ? H_SEX : 0) |
	    (c->age >= 0 ? H_AGE : 0);
}

/* One record's values, as the report counts them. */
struct acc_row {
	int year, month, kind;
	int32_t date;
	ts_date when;
	int64_t count, sessions, attendees, actions, patients, records;
	ts_str catname, sub;
	uint32_t yid;                   /* the year's group */
	struct ts_racc *pg;             /* the year's patients, or NULL */
};

/*
 * Reads record F's date, counts and category into W. Returns 0, or -1
 * when the record is rejected (said).
 */
static int
row_read(ts_report_acc *a, ts_reader *r, ts_str *f, const struct acc_cols *c,
    struct acc_row *w)
{
	const char *why;
	uint32_t pair, cid;
	int field;

	if (ts_when_read(fld(f, c->date), fld(f, c->year), fld(f, c->month),
	    &w->when, &field, &why) != 0) {
		int col = field == TS_WHEN_DATE ? c->date :
		    field == TS_WHEN_YEAR ? c->year : c->month;
		reject(a, r, ts_when_column(field), why, f[col]);
		return -1;
	}
	if (w->when.y == 0) {
		reject(a, r, c->date >= 0 ? "date" : "year",
		    "no year", fld(f, c->date >= 0 ? c->date : c->year));
		return -1;
	}
	w->year = w->when.y;
	w->month = w->when.m;
	w->date = w->year * 10000 + w->month * 100 +
	    (w->month > 0 ? w->when.d : 0);
	w->count = 1;
	w->sessions = w->attendees = w->patients = w->records = 0;
	if (count_field(a, r, f, c->count, "count", &w->count) != 0 ||
	    count_field(a, r, f, c->sess, "sessions", &w->sessions) != 0 ||
	    count_field(a, r, f, c->att, "attendees", &w->attendees) != 0 ||
	    (c->patient < 0 && count_field(a, r, f, c->patients,
	    "patients", &w->patients) != 0) ||
	    (c->records >= 0 && count_field(a, r, f, c->records,
	    "records", &w->records) != 0))
		return -1;

	pair = pair_of(a, f[c->cat], fld(f, c->sub), fld(f, c->wp));
	cid = a->pair_cat[pair];
	w->kind = a->cat_kind[cid];
	w->catname = ts_map_key(a->cats, cid);
	w->sub = ts_map_key(a->subs, a->pair_sub[pair]);
	/* Activities without a patient count sessions, not attendees,
	 * by the rule aggregate's sessions metric follows too. */
	w->sessions = (int64_t)ts_record_sessions(c->sess >= 0 &&
	    f[c->sess].n > 0, (uint64_t)w->sessions, (uint64_t)w->count,
	    w->kind == CK_WITHOUT);
	w->actions = w->kind == CK_WITHOUT ? w->sessions : w->count;
	return 0;
}

/*
 * Every check comes before the first group is touched: a rejected row
 * leaves no trace in the tables. Returns 0 when W's counts fit in its
 * year's totals, or -1 when the record is rejected (said).
 */
static int
row_fits(ts_report_acc *a, ts_reader *r, ts_str *f, const struct acc_cols *c,
    struct acc_row *w)
{
	int64_t bound[4];
	int over;

	w->yid = group_id(a, D_YEAR, w->year, TS_RYEAR_BOUNDS, "", 0, NULL, 0);
	w->pg = NULL;
	if (c->patients >= 0 && c->patient < 0 && w->patients > 0) {
		w->pg = group(a, D_PAT, w->year, TS_RYEAR_BOUNDS, "", 0, NULL, 0);
		if (w->patients > INT64_MAX - w->pg->actions) {
			reject(a, r, "patients", "year " TS_COUNT_OVERFLOW,
			    f[c->patients]);
			return -1;
		}
	}
	bound[0] = w->count;
	bound[1] = w->sessions;
	bound[2] = w->attendees;
	bound[3] = w->actions;
	over = w->records > INT64_MAX - a->g[w->yid].records;
	if (over || within_bounds(&a->g[w->yid], bound) != 0) {
		reject(a, r, over ? "records" : c->count >= 0 ? "count" :
		    "sessions", "year " TS_COUNT_OVERFLOW, over ?
		    f[c->records] : fld(f, c->count >= 0 ? c->count : c->sess));
		return -1;
	}
	return 0;
}

/* The pseudonym of a record with a patient, into the year's distinct
 * patients (and by sex and age group, when the records have them). */
static void
add_patient(ts_report_acc *a, ts_str *f, const struct acc_cols *c,
    const struct acc_row *w, uint32_t ymid)
{
	int his = a->opts.patients_rule == TS_PATIENTS_HIS;
	ts_distinct *set;

	if (f[c->patient].n == 0) {
		a->g[ymid].nopseudo += w->count;
		return;
	}
	if ((his && (f[c->cond].n != 1 ||
	    (f[c->cond].p[0] != 'N' && f[c->cond].p[0] != 'R'))) ||
	    (set = patient_set(a, w->year)) == NULL)
		return;
	(void)ts_distinct_add(set, (uint32_t)w->month, f[c->patient].p,
	    f[c->patient].n);
	if ((c->sex < 0 && c->age < 0) ||
	    (set = people_set(a, w->year)) == NULL)
		return;
	if (c->sex >= 0)
		(void)ts_distinct_add(set, TS_RPEOPLE_GROUP(sex_bucket(f[c->sex]),
		    w->month), f[c->patient].p, f[c->patient].n);
	if (c->age >= 0)
		(void)ts_distinct_add(set, TS_RPEOPLE_GROUP(age_bucket(f[c->age]),
		    w->month), f[c->patient].p, f[c->patient].n);
}

/* Adds W's counts to the groups of every dimension. */
static void
add_row(ts_report_acc *a, ts_str *f, const struct acc_cols *c,
    const struct acc_row *w)
{
	int year = w->year, month = w->month;
	int64_t actions = w->actions, count = w->count;
	int64_t sessions = w->sessions, attendees = w->attendees;
	struct ts_racc *cg;
	uint32_t ymid;

	if (w->pg != NULL) {
		add(w->pg, w->patients, 0, 0, 0);
		add(group(a, D_PAT, year, month, "", 0, NULL, 0), w->patients,
		    0, 0, 0);
	}
	if (a->ymin == 0 || year < a->ymin)
		a->ymin = year;
	if (year > a->ymax)
		a->ymax = year;
	a->g[w->yid].records += w->records;
	/* The year's figures, per month (yid's bounds above stay whole). */
	ymid = group_id(a, D_YEAR, year, month, "", 0, NULL, 0);
	a->g[ymid].rows++;
	a->g[ymid].records += w->records;
	if (w->date > a->g[ymid].last)
		a->g[ymid].last = w->date;
	cg = group(a, D_CAT, year, month, w->catname.p, w->catname.n, NULL, 0);
	add(cg, actions, count, sessions, attendees);
	cg->sess_rows += c->sess >= 0 && f[c->sess].n > 0;
	cg->att_rows += c->att >= 0 && f[c->att].n > 0;
	add(group(a, D_SUB, year, month, w->catname.p, w->catname.n, w->sub.p,
	    w->sub.n), actions, count, sessions, attendees);
	if (c->source >= 0) {
		struct ts_racc *sg = group(a, D_SRC, year, month,
		    f[c->source].p, f[c->source].n, NULL, 0);
		sg->rows++;
		if (w->date > sg->last)
			sg->last = w->date;
	}
	if (c->region >= 0)
		group_id(a, D_SRCREG, year, 0,
		    c->source >= 0 ? f[c->source].p : "",
		    c->source >= 0 ? f[c->source].n : 0, f[c->region].p,
		    f[c->region].n);
	if (w->kind == CK_EXCLUDED) {
		if (c->region >= 0)
			group(a, D_REGION, year, month, f[c->region].p,
			    f[c->region].n, NULL, 0)->rows++;
		if (c->service >= 0)
			add(group(a, D_UNCL, year, month, f[c->service].p,
			    f[c->service].n, NULL, 0), count, count, 0, 0);
		return;
	}
	a->g[w->yid].actions += actions;
	a->g[ymid].actions += actions;
	ts_rfig_row(a->fig, year, month, w->when.d, fld(f, c->region),
	    fld(f, c->fac), fld(f, c->inst), fld(f, c->source), w->catname,
	    fld(f, c->patient), actions);
	if (c->region >= 0)
		add(group(a, D_REGION, year, month, f[c->region].p,
		    f[c->region].n, NULL, 0), actions, count, sessions,
		    attendees);
	if (c->inst >= 0)
		add(group(a, D_INST, year, month, f[c->inst].p,
		    f[c->inst].n, NULL, 0), actions, count, sessions,
		    attendees);
	if (c->month >= 0 || c->date >= 0) {
		char m[3];
		size_t mn = 0;
		if (month >= 10)
			m[mn++] = '1';
		if (month > 0)
			m[mn++] = (char)('0' + month % 10);
		add(group(a, D_MONTH, year, month, m, mn, NULL, 0), actions,
		    count, sessions, attendees);
	}
	if (w->kind != CK_WITH)
		return;
	if (c->spec >= 0) {
		ts_str sk = ts_spellings_add(a->specs, f[c->spec]);
		add(group(a, D_SPEC, year, month, sk.p, sk.n, NULL, 0),
		    actions, count, sessions, attendees);
	}
	if (c->patient >= 0)
		add_patient(a, f, c, w, ymid);
}

int
ts_report_acc_read(ts_report_acc *a, ts_reader *r)
{
	struct acc_cols c;
	struct acc_row w;
	int status = TS_EXIT_OK, rc;
	ts_str *f;

	find_cols(r, &c);
	if ((rc = cols_refused(a, r, &c)) >= 0)
		return rc;
	a->have &= cols_have(&c);
	while ((rc = ts_reader_next(r, &f)) != TS_ROW_EOF) {
		if (rc == TS_ROW_FAIL)
			return TS_EXIT_IO;
		a->rows_read++;
		if (rc == TS_ROW_BAD) {
			reject(a, r, NULL, ts_reader_error(r), empty_str);
			status = TS_EXIT_DATA;
			continue;
		}
		if (row_read(a, r, f, &c, &w) != 0 ||
		    row_fits(a, r, f, &c, &w) != 0) {
			status = TS_EXIT_DATA;
			continue;
		}
		add_row(a, f, &c, &w);
	}
	return status;
}

void
ts_racc_add(struct ts_racc *sum, const struct ts_racc *v)
{
	sum->actions += v->actions;
	sum->count += v->count;
	sum->sessions += v->sessions;
	sum->attendees += v->attendees;
	sum->rows += v->rows;
	sum->records += v->records;
	sum->nopseudo += v->nopseudo;
	sum->sess_rows += v->sess_rows;
	sum->att_rows += v->att_rows;
	if (v->last > sum->last)
		sum->last = v->last;
}

int
ts_racc_sum(const ts_report_acc *a, int dim, int year, int upto,
    const char *name, size_t n, struct ts_racc *out)
{
	char buf[256];
	char *k = n + TS_RKEY <= sizeof(buf) ? buf : xmalloc(n + TS_RKEY);
	int m, found = 0;

	memset(out, 0, sizeof(*out));
	memcpy(k + TS_RKEY, name, n);
	for (m = upto > 0 ? 1 : 0; m <= (upto > 0 ? upto : 12); m++) {
		int64_t id;
		ts_rkey(k, dim, year, m);
		if ((id = ts_map_find(a->groups, k, n + TS_RKEY)) >= 0) {
			ts_racc_add(out, &a->g[id]);
			found = 1;
		}
	}
	if (k != buf)
		free(k);
	return found;
}
