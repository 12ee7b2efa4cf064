/*
 * Unit test: the default rules decide a remote label by its remote marker
 * and its stem, whatever the pair. testdata/grammar/markers.tsv lists
 * remote markers of Spanish, Portuguese and English (where each goes:
 * after the stem, before it, or glued to it as a prefix; after-f and
 * after-m agree with the stem's gender; and its channel: p telephone,
 * v video, w virtual or digital, r any remote wording).
 * testdata/grammar/stems.tsv lists stems with their gender, the channels
 * they are read with, and the category the pair belongs to. Every pair of
 * one language is built and must land in the stem's category; every stem
 * alone is its in-person twin and must stay unclassified. Diagnostic
 * readings are paired with generic remote markers only: "virtual" and
 * "digital" beside an examination name an imaging method, and a video
 * beside one a recording (the false friends of telestat-rules(5)).
 *
 * Each pair whose category has a COVID-19 subcategory is also read with
 * " COVID-19" after it, and must land in that subcategory.
 * testdata/grammar/exams.tsv lists examinations, and falsefriends.tsv the
 * forms in which "virtual", "digital" or "video" beside one names an
 * imaging method or a recording ("{} virtual", "video{}", "{} with
 * video"): each examination in each form of its language must stay
 * unclassified. (A video call about one is a consultation, not a false
 * friend.)
 *
 * The corpus test measures the rules on labels found in public material;
 * this one checks that they generalise by construction: a marker learnt
 * with one stem works with every other.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "decision.h"
#include "paths.h"
#include "records.h"
#include "rules.h"
#include "taxonomy.h"

#define MAX_ROWS 256
#define FIELD 128

struct marker {
	char lang[8], text[FIELD], place[16], channel[4];
};

struct stem {
	char lang[8], text[FIELD], gender[4], channels[8], expected[FIELD];
};

/* An examination, or a false-friend form ("{} virtual"), of a language. */
struct entry {
	char lang[8], text[FIELD];
};

/* Copies field F into BUF (CAP bytes) as a C string. */
static void
field(char *buf, size_t cap, ts_str f)
{
	snprintf(buf, cap, "%.*s", (int)f.n, f.p);
}

/*
 * Reads the rows of testdata/grammar/NAME, whose columns are COLS (NCOLS),
 * calling ROW for each with the fields in column order. Returns the
 * number of rows, -1 when the file cannot be read whole.
 */
static int
read_table(const char *name, const char *const *cols, int ncols,
    void (*row)(void *, int, char (*)[FIELD]), void *arg)
{
	const char *top = getenv("TELESTAT_TOP");
	char path[4096], what[160], vals[8][FIELD];
	int idx[8], i, n = 0, rc;
	ts_reader *rd;
	ts_str *f;

	snprintf(path, sizeof(path), "%s/testdata/grammar/%s",
	    top ? top : ".", name);
	rd = ts_reader_open(path);
	snprintf(what, sizeof(what), "%s opens", name);
	ok(rd != NULL, what);
	if (rd == NULL)
		return -1;
	for (i = 0; i < ncols; i++)
		if ((idx[i] = ts_reader_find(rd, cols[i])) < 0) {
			snprintf(what, sizeof(what), "%s: column %s", name,
			    cols[i]);
			ok(0, what);
			ts_reader_free(rd);
			return -1;
		}
	while ((rc = ts_reader_next(rd, &f)) == TS_ROW_OK && n < MAX_ROWS) {
		for (i = 0; i < ncols; i++)
			field(vals[i], FIELD, f[idx[i]]);
		row(arg, n++, vals);
	}
	snprintf(what, sizeof(what), "%s read to the end", name);
	is_int(rc, TS_ROW_EOF, what);
	ts_reader_free(rd);
	return rc == TS_ROW_EOF ? n : -1;
}

static struct marker markers[MAX_ROWS];
static struct stem stems[MAX_ROWS];
static struct entry exams[MAX_ROWS], forms[MAX_ROWS];

static void
marker_row(void *arg, int i, char (*v)[FIELD])
{
	struct marker *m = &markers[i];

	snprintf(m->lang, sizeof(m->lang), "%s", v[0]);
	snprintf(m->text, sizeof(m->text), "%s", v[1]);
	snprintf(m->place, sizeof(m->place), "%s", v[2]);
	snprintf(m->channel, sizeof(m->channel), "%s", v[3]);
}

static void
stem_row(void *arg, int i, char (*v)[FIELD])
{
	struct stem *s = &stems[i];

	snprintf(s->lang, sizeof(s->lang), "%s", v[0]);
	snprintf(s->text, sizeof(s->text), "%s", v[1]);
	snprintf(s->gender, sizeof(s->gender), "%s", v[2]);
	snprintf(s->channels, sizeof(s->channels), "%s", v[3]);
	snprintf(s->expected, sizeof(s->expected), "%s", v[4]);
}

/* Row I of a two-column table into the entries ARG points to. */
static void
entry_row(void *arg, int i, char (*v)[FIELD])
{
	struct entry *e = (struct entry *)arg + i;

	snprintf(e->lang, sizeof(e->lang), "%s", v[0]);
	snprintf(e->text, sizeof(e->text), "%s", v[1]);
}

/*
 * The label FORM makes of examination E ("{}" stands for it) into BUF
 * (CAP bytes); 0 when they are of different languages.
 */
static int
make_false_friend(char *buf, size_t cap, const struct entry *e,
    const struct entry *f)
{
	const char *at = strstr(f->text, "{}");

	if (strcmp(e->lang, f->lang) != 0 || at == NULL)
		return 0;
	snprintf(buf, cap, "%.*s%s%s", (int)(at - f->text), f->text, e->text,
	    at + 2);
	return 1;
}

/*
 * The label stem S and marker M make into BUF (CAP bytes); 0 when the
 * two do not go together (another language, gender or channel).
 */
static int
make_label(char *buf, size_t cap, const struct stem *s,
    const struct marker *m)
{
	if (strcmp(s->lang, m->lang) != 0 ||
	    strchr(s->channels, m->channel[0]) == NULL)
		return 0;
	if (strncmp(m->place, "after-", 6) == 0 &&
	    strcmp(m->place + 6, s->gender) != 0)
		return 0;
	if (strncmp(m->place, "after", 5) == 0)
		snprintf(buf, cap, "%s %s", s->text, m->text);
	else if (strcmp(m->place, "before") == 0)
		snprintf(buf, cap, "%s %s", m->text, s->text);
	else                    /* prefix: glued to the first word */
		snprintf(buf, cap, "%s%s", m->text, s->text);
	return 1;
}

/* The category the rules give LABEL, as "category[/sub]". */
static void
decide(ts_rules *r, const char *label, char *got, size_t cap)
{
	decision(r, label, strlen(label), got, cap);
}

int
main(void)
{
	static const char *const mcols[] = { "lang", "marker", "place",
		"channel" };
	static const char *const scols[] = { "lang", "stem", "gender",
		"channels", "expected" };
	static const char *const ecols[] = { "lang", "exam" };
	static const char *const fcols[] = { "lang", "form" };
	ts_taxonomy *tax = ts_taxonomy_load(NULL, NULL);
	char *rules_path = ts_share_path("rules");
	ts_rules *r = NULL;
	ts_error te;
	int nm, ns, ne, nf, i, j, pairs = 0, friends = 0, friends_right = 0, right = 0, twins = 0, covid = 0,
	    covid_right = 0;

	if (rules_path != NULL)
		r = ts_rules_load(rules_path, tax, &te);
	ok(r != NULL, "default rules load");
	nm = read_table("markers.tsv", mcols, 4, marker_row, NULL);
	ns = read_table("stems.tsv", scols, 5, stem_row, NULL);
	ne = read_table("exams.tsv", ecols, 2, entry_row, exams);
	nf = read_table("falsefriends.tsv", fcols, 2, entry_row, forms);
	if (r == NULL || nm <= 0 || ns <= 0 || ne <= 0 || nf <= 0)
		goto out;
	for (i = 0; i < ne; i++)
		for (j = 0; j < nf; j++) {
			char label[2 * FIELD + 16], got[FIELD + 16];
			if (!make_false_friend(label, sizeof(label), &exams[i],
			    &forms[j]))
				continue;
			decide(r, label, got, sizeof(got));
			friends++;
			if (strcmp(got, "unclassified") == 0)
				friends_right++;
			else
				printf("# \"%s\" -> %s, want unclassified\n",
				    label, got);
		}
	for (i = 0; i < ns; i++) {
		char got[FIELD + 16], what[FIELD + 64];

		decide(r, stems[i].text, got, sizeof(got));
		snprintf(what, sizeof(what), "\"%s\" alone stays unclassified",
		    stems[i].text);
		is_str(got, "unclassified", what);
		twins += strcmp(got, "unclassified") == 0;
		for (j = 0; j < nm; j++) {
			char label[2 * FIELD + 16];
			if (!make_label(label, sizeof(label), &stems[i],
			    &markers[j]))
				continue;
			decide(r, label, got, sizeof(got));
			pairs++;
			if (strcmp(got, stems[i].expected) == 0)
				right++;
			else
				printf("# \"%s\" -> %s, want %s\n", label, got,
				    stems[i].expected);
			if (strchr(stems[i].expected, '/') == NULL &&
			    ts_taxonomy_find_sub(tax, stems[i].expected,
			    "covid19", 7) != NULL) {
				char want[FIELD + 16];
				snprintf(want, sizeof(want), "%s/covid19",
				    stems[i].expected);
				strcat(label, " COVID-19");
				decide(r, label, got, sizeof(got));
				covid++;
				if (strcmp(got, want) == 0)
					covid_right++;
				else
					printf("# \"%s\" -> %s, want %s\n",
					    label, got, want);
			}
		}
	}
	printf("# %d marker and stem pairs, %d right; %d of %d stems alone "
	    "unclassified; %d pairs with COVID-19, %d right\n", pairs, right,
	    twins, ns, covid, covid_right);
	ok(pairs > 0 && right == pairs,
	    "every marker and stem pair lands in the stem's category");
	ok(covid > 0 && covid_right == covid,
	    "with COVID-19, in its COVID-19 subcategory");
	printf("# %d examinations named with virtual, digital or video, %d "
	    "unclassified\n", friends, friends_right);
	ok(friends > 0 && friends_right == friends,
	    "an examination named with virtual, digital or video stays "
	    "unclassified");
out:
	ts_rules_free(r);
	free(rules_path);
	ts_taxonomy_free(tax);
	return done_testing();
}
