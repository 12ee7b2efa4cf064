/*
 * Unit test: the default rules on service labels found verbatim in public
 * catalogues, each with its source: testdata/labels-public.tsv,
 * testdata/labels-public-tuning*.tsv and testdata/labels-public-heldout*.tsv.
 *
 * labels-public.tsv was split by a hash of the raw label (FNV-1a, lowest
 * bit) into a tuning half and a held-out half. That held-out half scored
 * 1127 of 1146 (98.3 %) unread; it was then read (2026-12-02) to fix the
 * families it missed, so all of labels-public.tsv is tuning material now.
 * labels-public-tuning.tsv, and every labels-public-tuning-NAME.tsv beside
 * it (one per gathering of material, so that gatherings never edit one
 * file), hold material gathered to tune the rules on vocabulary families
 * the first file lacked; all of it is tuning too.
 * labels-public-heldout.tsv, and every labels-public-heldout-NAME.tsv
 * beside it (each gathered later by someone who tuned no rule, and
 * scored on its own as well), is the held-out set, held out whole and by
 * source: its labels come from sources that neither tuning file draws
 * on, so that near-identical spellings of one catalogue cannot sit on
 * both sides (a split by label let them, and scored higher than the
 * rules generalise: 98.3 % against 93.6 % on the first new sources).
 * The four held-out files gathered up to 2026-12-02 scored 1022 of 1106
 * (92.4 %) unread, and then held no family the tuning files lacked that
 * more tuning material could show: they were read (2026-12-03) and
 * moved, whole, to labels-public-tuning-read-*.tsv; the held-out files
 * now are those gathered after that. Each was scored unread when it came
 * (that first score is in the commit that adds it); these were read
 * after it and moved whole to labels-public-tuning-read-NAME.tsv:
 *   fresh5   English and Brazilian code descriptors   125 of 143  87.4 %
 *   fresh6   other systems' catalogues                103 of 134  76.8 %
 *   fresh7   insurers' and telehealth apps' catalogues 140 of 149 93.9 %
 *   fresh8   open-data exports                        105 of 120  87.5 %
 *   fresh9   Ibero-American catalogues                129 of 145  88.9 %
 *   fresh10  international terminologies, non-Iberian  98 of 144  68.0 %
 *   fresh11  non-Iberian catalogues, own languages     92 of 143  64.3 %
 *   fresh12  export-style labels                      107 of 119  89.9 %
 *   fresh13  Peru's and Mexico's public material       88 of 109  80.7 %
 *   fresh14  other systems' catalogues                101 of 117  86.3 %
 *   fresh15  export-style labels                       89 of 109  81.6 %
 *   fresh16  Peru's and Mexico's public material       73 of  94  77.6 %
 *   fresh17  Peru's and Mexico's public material      115 of 128  89.8 %
 *   fresh18  data exports                              92 of 106  86.8 %
 *   fresh19  other systems, own languages             102 of 145  70.3 %
 *   fresh20  Peru's and Mexico's public material      133 of 153  86.9 %
 *   fresh21  data exports and information systems     106 of 121  87.6 %
 *   fresh22  Peru's and Mexico's public material       92 of 102  90.2 %
 *   fresh23  other systems' catalogues                113 of 126  89.7 %
 *   fresh26  other systems' catalogues                101 of 115  87.8 %
 *   fresh27  exports, Peru's and Mexico's material    140 of 157  89.1 %
 *   fresh28  Peru's and Mexico's public material       89 of  96  92.7 %
 *   fresh29  Latin American and Iberian catalogues    103 of 127  81.1 %
 *   fresh30  exports and information systems           77 of  97  79.3 %
 *   fresh31  system exports and catalogues             83 of  97  85.5 %
 *   fresh32  Ibero-American and English codes          85 of 101  84.1 %
 *   fresh33  telehealth service and appointment types  85 of  93  91.3 %
 *   fresh34  Peru's and Mexico's public material       56 of  66  84.8 %
 *   fresh35  exports of PE/MX/BR and English systems   80 of 101  79.2 %
 *   fresh36  other systems and international codes     43 of  62  69.3 %
 *   fresh40  Mexico's public material                  73 of  85  85.9 %
 *   fresh41  Latin American and Iberian catalogues      74 of  88  84.1 %
 *   fresh44  Brazilian and Colombian system material    44 of  59  74.6 %
 *   fresh46  Spain's and Portugal's material            73 of  88  83.0 %
 *   fresh47  English-language systems outside the US   62 of  82  75.6 %
 *   fresh48  Peru's and Mexico's web pages              37 of  48  77.1 %
 *   fresh49  Andean, Central American, Caribbean        31 of  40  77.5 %
 *   fresh52  Brazil's public pages                      28 of  35  80.0 %
 *   fresh56  Chile's, Argentina's, Colombia's systems   33 of  44  75.0 %
 *   fresh58  Peru's system exports and code masters     36 of  45  80.0 %
 *   fresh59  Mexico's catalogues and pages             91 of 106  85.8 %
 *   fresh60  Brazil's SIGTAP, e-SUS and TUSS tables     87 of  92  94.5 %
 *   fresh61  EsSalud, CENATE and DIRESA material        82 of  92  89.1 %
 *   fresh62  English-language codes and VA exports    109 of 130  83.8 %
 *   fresh64  health-system software repositories        51 of  59  86.4 %
 *   fresh66  Mexico's public material and CENETEC      92 of 108  85.1 %
 *   fresh67  English-language systems outside the US   83 of 105  79.0 %
 *   fresh68  Ibero-American public catalogues         100 of 113  88.4 %
 *   fresh69  US chargemasters and EHR visit types      78 of  86  90.6 %
 *   fresh70  Brazil's states and telehealth centres   103 of 111  92.7 %
 *   fresh71  Colombia's health-system catalogues       54 of  59  91.5 %
 *   fresh72  Chile's and Argentina's systems           96 of 104  92.3 %
 *   fresh79  Canada's, Australia's and NZ fee codes   115 of 143  80.4 %
 *   fresh81  international codes, Asia and Africa      95 of 119  79.8 %
 *   fresh78  the UK's and Ireland's vocabularies      101 of 119  84.8 %
 *   fresh80  Bolivia's SNIS, Spain's regions, Portugal 29 of  32  90.6 %
 *   fresh75  Mexico's SIS/SINBA, CENETEC and DGMoSS    96 of 104  92.3 %
 *   fresh85  US VA VistA clinic stops, IHS, TRICARE    89 of 123  72.3 %
 *   fresh83  Africa's systems, three languages         88 of 106  83.0 %
 *   fresh84  French-language and Swiss fee schedules   93 of 110  84.5 %
 *   fresh82  South Asia's systems                     138 of 159  86.7 %
 *   fresh86  Southeast Asia's and Oceania's systems   130 of 146  89.0 %
 *   fresh88  Portuguese-language catalogues           126 of 139  90.6 %
 *   fresh94  behavioral and public health, US, Canada 122 of 150  81.3 %
 *   fresh89  the Caribbean and Central America        133 of 157  84.7 %
 *   fresh91  the Middle East, South and East Europe    89 of 102  87.2 %
 *   fresh90  Northern and Central Europe's fee codes  102 of 115  88.6 %
 *   fresh99  HCPCS groups, eCQM value sets, VA VistA  105 of 127  82.6 %
 *   fresh97  Bolivia's SNIS export and SAFCI files    101 of 122  82.7 %
 *   fresh104 Latin America's and Spain's catalogues    73 of  85  85.8 %
 *   fresh102 Brazil's TUSS, SIGTAP and e-SUS material  93 of 107  86.9 %
 *   fresh103 US payers' telehealth code descriptors   115 of 129  89.1 %
 *   fresh106 international codes and value sets        72 of  83  86.7 %
 *   fresh109 Portuguese-language health systems        92 of 116  79.3 %
 *   fresh110 English-language data dictionaries        61 of  77  79.2 %
 *   fresh113 trial arms and programmes' service lists 112 of 140  80.0 %
 *   fresh112 nursing, psychology, allied professions   97 of 103  94.1 %
 *   fresh107 Peru's and Mexico's activity tables       17 of  22  77.2 %
 *   fresh116 Peru's and Mexico's press releases        45 of  54  83.3 %
 *   fresh117 advice, support and counselling lines    102 of 135  75.5 %
 *   fresh115 English-language hospitals' menus        109 of 124  87.9 %
 *   fresh114 Spanish-language systems' service names   64 of  79  81.0 %
 *   fresh118 remote monitoring and follow-up           84 of 101  83.1 %
 *   fresh119 remote diagnostic support, false friends  66 of  90  73.3 %
 *   fresh122 maternal, child and school health         76 of 100  76.0 %
 *   fresh123 emergency and critical care at a distance 68 of 107  63.5 %
 *   fresh124 tele-education, TeleIEC and telegestion   79 of 107  73.8 %
 *   fresh125 Asian, African and Pacific systems        96 of 135  71.1 %
 *   fresh126 remote specialty reads and their twins    90 of 131  68.7 %
 *   fresh127 remote mental health and addiction care  101 of 129  78.2 %
 *   fresh128 oncology, palliative and transplant care  99 of 128  77.3 %
 *   fresh130 public health services at a distance     107 of 144  74.3 %
 *   fresh131 hard-to-reach settings                    96 of 134  71.6 %
 *   fresh133 hospital at home and remote chronic care  86 of 128  67.1 %
 *   fresh136 nutrition, diabetes and lifestyle care   101 of 123  82.1 %
 *   fresh137 occupational, travel and insurance care   89 of 120  74.1 %
 *   fresh140 Catalan, Galician and Basque services     95 of 123  77.2 %
 *   fresh141 Uruguay to the Dominican Republic         64 of  81  79.0 %
 *   fresh142 Argentina's provinces and obras sociales  72 of  96  75.0 %
 *   fresh143 terminologies' display strings            19 of  28  67.8 %
 *   fresh148 community health workers, primary care   100 of 134  74.6 %
 *   fresh150 elderly and long-term care at a distance  76 of 108  70.3 %
 *   fresh151 disability, hearing and speech services  102 of 133  76.6 %
 *   fresh152 Chile's and Peru's statistics registers   10 of  16  62.5 %
 *   fresh154 kidney, dialysis and TB follow-up         83 of  98  84.6 %
 *   fresh155 neurology, EEG, sleep, neurodevelopment  107 of 126  84.9 %
 *   fresh156 Central American institutes               38 of  48  79.1 %
 *   fresh157 appointment types and care modes          21 of  30  70.0 %
 *   fresh159 paediatrics and neonatology               99 of 137  72.2 %
 *   fresh160 dermatology, wound and ostomy care        96 of 125  76.8 %
 *   fresh161 respiratory care at a distance           111 of 133  83.4 %
 *   fresh162 US health services in Spanish             83 of 103  80.5 %
 *   fresh168 pathology, laboratory and endoscopy reads 85 of 118  72.0 %
 *   fresh163 eye care at a distance                    95 of 125  76.0 %
 *   fresh166 infectious diseases, HIV and vaccines     80 of 102  78.4 %
 *   fresh165 oral health and teledentistry             95 of 113  84.0 %
 *   fresh170 care between professionals at a distance  62 of  83  74.6 %
 *   fresh169 primary care and general practice         71 of  86  82.5 %
 *   fresh171 triage and symptom assessment             92 of 111  82.8 %
 *   fresh173 urgent and emergency care at a distance   88 of 107  82.2 %
 *   fresh174 COVID-19 services at a distance           99 of 136  72.7 %
 *   fresh176 Brazil's secretariats and hospitals       73 of  94  77.6 %
 *   fresh177 virtual care, Canada to Ireland          126 of 152  82.8 %
 *   fresh180 pregnancy, birth and newborn care        102 of 134  76.1 %
 *   fresh179 psychology and psychiatry, ES and PT     129 of 157  82.1 %
 *   fresh182 management and coordination at a distance 55 of  80  68.7 %
 *   fresh184 training of health workers and TeleIEC    75 of 103  72.8 %
 *   fresh120 telepharmacy and remote medication        96 of 122  78.6 %
 *   fresh121 remote rehabilitation and its twins      120 of 153  78.4 %
 *   fresh129 tele-dentistry, eye and hearing care     135 of 167  80.8 %
 *   fresh149 sexual and reproductive health           104 of 131  79.3 %
 *   fresh153 perioperative care                       135 of 154  87.6 %
 * An unread file's first score is recorded in the commit that adds it.
 * No held-out label may read as a tuning label once normalised (the
 * same words in another case, accent or punctuation); the test names
 * the file and line of any that does, and that line leaves the file.
 * Rules are adjusted by looking at the tuning half only: its mismatches
 * are printed. The held-out half is only scored (set
 * TELESTAT_SHOW_HELDOUT=1 to list its mismatches, and then move what was
 * read into a tuning file) and must reach 99 % or more.
 *
 * Every tuning label is also read with noise real exports carry (a code
 * before it, upper case, UTF-8 read as Latin-1, accented letters lost to
 * "?", its first marker word split by a space or missing a letter), and
 * the decision must not change (see noise_min_permille).
 *
 * Each label also names its family, scored apart because the rules meet
 * each in different exports: a, labels as Peruvian, Mexican, Brazilian
 * and English-language exports write them; b, labels of public material
 * of Peru and Mexico; c, other health systems' catalogues (other Latin
 * American and Iberian countries, English code descriptors, international
 * classifications).
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "decision.h"
#include "normalize.h"
#include "paths.h"
#include "records.h"
#include "rules.h"
#include "strmap.h"
#include "taxonomy.h"

/* Held-out share that must be right, in per mille (99 %). */
#define HELDOUT_MIN_PERMILLE 990
/*
 * While the held-out half is below the goal, the reason; the point is then
 * a TAP TODO. Remove once the held-out half reaches 99 %.
 */
#define HELDOUT_TODO "held-out vocabulary not yet covered; grow the tuning half"

struct score {
	int n, right;
};

#define NFAMILIES 3
static const char *const family_names[NFAMILIES] = {
	"a, exports of PE/MX/BR and English", "b, public material of PE/MX",
	"c, other systems' catalogues"
};

/* The family index of a label ("a", "b" or "c"), -1 when it names none. */
static int
family_of(ts_str f)
{
	if (f.n != 1 || f.p[0] < 'a' || f.p[0] >= 'a' + NFAMILIES)
		return -1;
	return f.p[0] - 'a';
}

/* Prints "# NAME: N labels, R WHAT (x.y %)" for S. */
static void
print_share(const char *name, const struct score *s, const char *what)
{
	printf("# %s: %d labels, %d %s (%d.%d %%)\n", name, s->n, s->right,
	    what, s->n ? s->right * 100 / s->n : 0,
	    s->n ? s->right * 1000 / s->n % 10 : 0);
}

static void
print_score(const char *name, const struct score *s)
{
	print_share(name, s, "right");
}

/*
 * Noise the rules must read through, applied to every tuning label: the
 * decision on the noisy copy must be the decision on the label (right or
 * not, so that the check does not depend on the rules' accuracy).
 */
enum noise {
	NOISE_CODE,     /* "12345 - " before the label */
	NOISE_UPPER,    /* ASCII letters upper-cased */
	NOISE_LATIN1,   /* UTF-8 read as Latin-1 and written back */
	NOISE_LOST,     /* each accented letter lost to a "?" */
	NOISE_SPLIT,    /* first marker word split in its middle by a space */
	NOISE_TYPO,     /* first marker word without its middle letter */
	NNOISE
};
static const char *const noise_names[NNOISE] = {
	"a code before the label", "upper case", "UTF-8 read as Latin-1",
	"accented letters lost to \"?\"",
	"a marker word split by a space", "a marker word missing a letter"
};
/*
 * The share of copies that must read alike, per mille: all of them but
 * for a missing letter, which can leave a word one edit from two listed
 * words (left alone) or make another real word, and for accents lost to
 * "?", which leave unread a word that the rules do not spell out or that
 * two of their words fit.
 */
static const int noise_min_permille[NNOISE] = {
	1000, 1000, 1000, 985, 1000, 990
};

/* What the corpus files add up to. */
struct tally {
	struct score noise[NNOISE];
	struct score half[2];
	struct score fam[2][NFAMILIES];
	/*
	 * Telehealth labels and negatives apart: catalogues hold mostly
	 * in-person services, which are easy to leave unclassified, so a
	 * half's score alone could hide a weak telehealth score.
	 */
	struct score pos[2], neg[2];
	/*
	 * Telehealth labels missed because no rule matched them at all, as
	 * against those a rule placed in a wrong category or set apart:
	 * the first are what an analyst would map by hand, and they say
	 * whether a miss is vocabulary the rules lack or a convention.
	 */
	int unmatched[2];
	int negatives, nosource, nofamily, dup;
	/*
	 * The normalised text of every tuning label (labels.tsv's too), and
	 * the held-out labels whose normalised text is one of them: such a
	 * label reads exactly like one the rules were tuned on, whatever its
	 * case, accents or punctuation, so it is not held out.
	 */
	ts_map *tuning_norm;
	int leaked;
	/* Held-out labels read again, blind: see settle_readings(). */
	struct score readings;	/* n: read twice; right: the two agree */
	struct score settled, settled_fam[NFAMILIES];
	int unsettled, bad_reading;
};

/* Which half the labels of a file go to: the index of tally.half. */
enum half_rule { ALL_TUNING = 0, ALL_HELDOUT = 1 };

/*
 * Whether the letters of U[0..n) beyond ASCII all have a UTF-8 lead byte
 * up to LAST_LEAD (0xC3: Latin-1, up to U+00FF; 0xC9: Latin, up to
 * U+024F) or are general punctuation (U+2000 to U+206F, curly quotes).
 * UTF-8 read as Latin-1 damages any Latin label and leaves it readable;
 * accents are lost to "?" by an export to Latin-1 or ASCII, which holds
 * Latin-1 letters only (a Czech label never went through one). A Chinese
 * or Japanese label lost to "?" is lost to any reader.
 */
static int
latin_script(const unsigned char *u, size_t n, unsigned char last_lead)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (u[i] < 0x80 || (u[i] & 0xC0) == 0x80)
			continue;
		if (u[i] >= 0xC2 && u[i] <= last_lead)
			continue;
		if (u[i] == 0xE2 && i + 1 < n && (u[i + 1] == 0x80 ||
		    u[i + 1] == 0x81))
			continue;
		return 0;
	}
	return 1;
}

/*
 * The noisy copy of LABEL[0..n) KIND makes, in BUF (room for 4 * n + 64
 * bytes); its length, or 0 when KIND does not apply to the label.
 */
static size_t
make_noise(ts_rules *r, enum noise kind, const char *label, size_t n,
    char *buf)
{
	char norm[TS_NORMALIZE_CAP(1024)];
	const unsigned char *u = (const unsigned char *)label;
	size_t i, o = 0, nn, b, e, k;
	const char *m;

	switch (kind) {
	case NOISE_CODE:
		return (size_t)sprintf(buf, "12345 - %.*s", (int)n, label);
	case NOISE_UPPER:
		for (i = 0; i < n; i++)
			buf[i] = (char)(u[i] >= 'a' && u[i] <= 'z' ?
			    u[i] - ('a' - 'A') : u[i]);
		return memcmp(buf, label, n) != 0 ? n : 0;
	case NOISE_LATIN1:
		if (!latin_script(u, n, 0xC9))
			return 0;
		for (i = 0; i < n; i++) {
			if (u[i] < 0x80) {
				buf[o++] = (char)u[i];
				continue;
			}
			buf[o++] = (char)(0xC0 | u[i] >> 6);
			buf[o++] = (char)(0x80 | (u[i] & 0x3F));
		}
		return o > n ? o : 0;
	case NOISE_LOST:
		if (!latin_script(u, n, 0xC3))
			return 0;
		for (i = 0; i < n; i++) {
			buf[o++] = (char)(u[i] < 0x80 ? u[i] : '?');
			while (u[i] >= 0xC0 && i + 1 < n &&
			    (u[i + 1] & 0xC0) == 0x80)
				i++;
		}
		return o < n ? o : 0;
	default:
		break;
	}
	/* A marker word: on the normalised label, as the mending sees it. */
	nn = ts_normalize(label, n, norm);
	for (b = 0; b < nn; b = e + 1) {
		for (e = b; e < nn && norm[e] != ' '; e++)
			;
		for (k = 0; (m = ts_rules_marker(r, k)) != NULL; k++)
			if (strlen(m) == e - b && memcmp(m, norm + b, e - b) == 0)
				break;
		if (m != NULL)
			break;
	}
	if (b >= nn)
		return 0;
	k = b + (e - b) / 2;
	memcpy(buf, norm, k);
	if (kind == NOISE_SPLIT) {
		buf[k] = ' ';
		memcpy(buf + k + 1, norm + k, nn - k);
		return nn + 1;
	}
	memcpy(buf + k, norm + k + 1, nn - k - 1);
	return nn - 1;
}

/*
 * Scores the noisy copies of LABEL[0..n) against GOT, the decision on the
 * label itself; prints those read otherwise.
 */
static void
score_noise(ts_rules *r, const char *label, size_t n, const char *got,
    struct tally *t)
{
	char buf[4 * 1024 + 64];
	int kind;

	for (kind = 0; kind < NNOISE; kind++) {
		size_t bn = make_noise(r, (enum noise)kind, label, n, buf);
		char noisy[160];

		if (bn == 0)
			continue;
		decision(r, buf, bn, noisy, sizeof(noisy));
		t->noise[kind].n++;
		if (strcmp(noisy, got) == 0)
			t->noise[kind].right++;
		else
			printf("# %s: \"%.*s\" -> %s, as written %s\n",
			    noise_names[kind], (int)bn, buf, noisy, got);
	}
}

/* The directory testdata/ sits in: $TELESTAT_TOP, or the current one. */
static const char *
source_top(void)
{
	const char *top = getenv("TELESTAT_TOP");

	return top ? top : ".";
}

/*
 * Records the normalised LABEL[0..n) (unescaped, at most 1024 bytes) of a
 * tuning file (H 0) in T, or checks that of a held-out one (H 1) against
 * them: 0 when a held-out label reads as a tuning label.
 */
static int
note_normalised(struct tally *t, const char *label, size_t n, int h)
{
	char norm[TS_NORMALIZE_CAP(1024)];
	size_t nn;
	int ins;

	nn = ts_normalize(label, n, norm);
	if (h == 0) {
		ts_map_intern(t->tuning_norm, norm, nn, &ins);
		return 1;
	}
	if (ts_map_find(t->tuning_norm, norm, nn) < 0)
		return 1;
	t->leaked++;
	return 0;
}

/*
 * The project's own labels (testdata/labels.tsv, scored by the classify
 * test) are tuning material too: their normalised text goes into T.
 */
static void
note_own_labels(struct tally *t)
{
	char path[4096], label[1024];
	ts_reader *rd;
	ts_str *f;
	int c;

	snprintf(path, sizeof(path), "%s/testdata/labels.tsv", source_top());
	rd = ts_reader_open(path);
	ok(rd != NULL, "labels.tsv opens");
	if (rd == NULL)
		return;
	c = ts_reader_find(rd, "service");
	ok(c >= 0, "labels.tsv: column service");
	while (c >= 0 && ts_reader_next(rd, &f) == TS_ROW_OK) {
		size_t ln = f[c].n < sizeof(label) ? f[c].n : 0;

		ln = ts_unescape((ts_str){ f[c].p, ln }, label);
		note_normalised(t, label, ln, 0);
	}
	ts_reader_free(rd);
}

/*
 * A label annotated with a category alone is right when the rules put it
 * in that category, whatever subcategory they add: the subcategory is a
 * detail its curator did not judge. One annotated "category/subcategory"
 * must match both.
 */
static int
same_decision(const char *got, const char *want)
{
	size_t n = strcspn(got, "/");

	if (strchr(want, '/') == NULL)
		return strlen(want) == n && strncmp(got, want, n) == 0;
	return strcmp(got, want) == 0;
}

/* The category of a decision or reading, without its subcategory. */
static ts_str
category_of(ts_str d)
{
	size_t n = 0;

	while (n < d.n && d.p[n] != '/')
		n++;
	return (ts_str){ d.p, n };
}

static int
same_category(ts_str a, ts_str b)
{
	a = category_of(a);
	b = category_of(b);
	return a.n == b.n && memcmp(a.p, b.p, a.n) == 0;
}

/*
 * Whether a reading names a category of the taxonomy ("unclassified" is
 * one) and, after a "/", one of its subcategories.
 */
static int
known_reading(const ts_taxonomy *tax, ts_str d)
{
	ts_str c = category_of(d);
	const ts_category *cat = ts_taxonomy_find(tax, c.p, c.n);

	if (cat == NULL)
		return 0;
	return c.n == d.n || ts_taxonomy_find_sub(tax, cat->name,
	    d.p + c.n + 1, d.n - c.n - 1) != NULL;
}

/*
 * A held-out label's category is one curator's judgement, and two careful
 * people reading taxonomy(7) do not always agree (a "virtual renal clinic"
 * may be a consultation or, where the curator saw that GPs refer to it,
 * between professionals). So held-out labels may carry more readings, each
 * made blind (no rules, no other reading): "second", a second labeller's
 * category, and "third", a third labeller's where the first two differ.
 * The category settled is the one two readings give (subcategories
 * aside); the share of labels whose first two readings agree measures
 * that judgement, and the rules' score on settled labels sets it apart
 * from what the rules miss. FIRST, SECOND and THIRD are the readings
 * (SECOND and THIRD empty when the label has none); GOT the rules'
 * decision.
 */
static void
settle_readings(const ts_taxonomy *tax, ts_str first, ts_str second,
    ts_str third, const char *got, int fi, struct tally *t)
{
	ts_str settled;
	int right;

	if (second.n == 0)
		return;
	t->bad_reading += !known_reading(tax, second) ||
	    (third.n > 0 && !known_reading(tax, third));
	t->readings.n++;
	if (same_category(first, second)) {
		t->readings.right++;
		settled = first;
	} else if (third.n > 0 && same_category(third, first))
		settled = first;
	else if (third.n > 0 && same_category(third, second))
		settled = second;
	else {
		t->unsettled++;
		return;
	}
	right = same_category(settled, (ts_str){ got, strlen(got) });
	t->settled.n++;
	t->settled.right += right;
	if (fi >= 0) {
		t->settled_fam[fi].n++;
		t->settled_fam[fi].right += right;
	}
}

/*
 * Scores the labels of testdata/NAME into T, each in the half HOW says.
 * Returns 0 when the file could not be read whole (the failing points are
 * printed).
 */
static int
score_file(ts_rules *r, const ts_taxonomy *tax, const char *name,
    enum half_rule how, ts_map *seen, struct tally *t)
{
	int show_heldout = getenv("TELESTAT_SHOW_HELDOUT") != NULL;
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	char path[4096], what[160];
	int c_svc, c_exp, c_src, c_fam, c_second, c_third, rc;
	ts_reader *rd;
	ts_str *f;

	if (strchr(name, '/') != NULL)	/* a path already */
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "%s/testdata/%s", source_top(),
		    name);
	rd = ts_reader_open(path);
	snprintf(what, sizeof(what), "%s opens", base);
	ok(rd != NULL, what);
	if (rd == NULL)
		return 0;
	c_svc = ts_reader_find(rd, "service");
	c_exp = ts_reader_find(rd, "expected");
	c_src = ts_reader_find(rd, "source");
	c_fam = ts_reader_find(rd, "family");
	c_second = ts_reader_find(rd, "second");	/* optional */
	c_third = ts_reader_find(rd, "third");	/* optional */
	snprintf(what, sizeof(what),
	    "%s: columns service, expected, family and source", base);
	ok(c_svc >= 0 && c_exp >= 0 && c_src >= 0 && c_fam >= 0, what);
	if (c_svc < 0 || c_exp < 0 || c_src < 0 || c_fam < 0) {
		ts_reader_free(rd);
		return 0;
	}
	while ((rc = ts_reader_next(rd, &f)) == TS_ROW_OK) {
		char label[1024], want[128], got[160];
		size_t ln = f[c_svc].n < sizeof(label) ? f[c_svc].n : 0;
		int h, ins, fi, neg;
		long k;
		struct score *kind;

		ts_map_intern(seen, f[c_svc].p, f[c_svc].n, &ins);
		t->dup += !ins;
		t->nosource += f[c_src].n == 0;
		h = (int)how;
		fi = family_of(f[c_fam]);
		t->nofamily += fi < 0;
		ln = ts_unescape((ts_str){ f[c_svc].p, ln }, label);
		label[ln] = '\0';
		if (!note_normalised(t, label, ln, h))
			printf("# %s line %llu reads as a tuning label\n", base,
			    (unsigned long long)ts_reader_line(rd));
		snprintf(want, sizeof(want), "%.*s", (int)f[c_exp].n, f[c_exp].p);
		neg = strcmp(want, "unclassified") == 0;
		t->negatives += neg;
		k = decision(r, label, ln, got, sizeof(got));
		if (h == 0)
			score_noise(r, label, ln, got, t);
		else if (c_second >= 0)
			settle_readings(tax, f[c_exp], f[c_second],
			    c_third >= 0 ? f[c_third] : (ts_str){ "", 0 }, got,
			    fi, t);
		kind = neg ? &t->neg[h] : &t->pos[h];
		t->half[h].n++;
		kind->n++;
		if (fi >= 0)
			t->fam[h][fi].n++;
		if (same_decision(got, want)) {
			t->half[h].right++;
			kind->right++;
			if (fi >= 0)
				t->fam[h][fi].right++;
			continue;
		}
		if (!neg && k < 0)
			t->unmatched[h]++;
		if (h == 0 || show_heldout)
			printf("# %s mismatch: \"%s\" -> %s, want %s (%s)\n",
			    h ? "held-out" : "tuning", label, got, want,
			    k >= 0 ? ts_rules_at(r, (size_t)k)->where : "no rule");
	}
	snprintf(what, sizeof(what), "%s read to the end", base);
	is_int(rc, TS_ROW_EOF, what);
	ts_reader_free(rd);
	return rc == TS_ROW_EOF;
}

/*
 * Scores every testdata/NAME*.tsv, in name order, into the half HOW
 * says; a held-out file's own score is printed too, since each was
 * gathered apart (and the first has been exposed more: see the header).
 * Returns 0 when one could not be read whole.
 */
static int
score_files(ts_rules *r, const ts_taxonomy *tax, const char *name,
    enum half_rule how, ts_map *seen, struct tally *t)
{
	char pattern[4096], what[160];
	glob_t g;
	size_t i;
	int okay = 1;

	snprintf(pattern, sizeof(pattern), "%s/testdata/%s*.tsv",
	    source_top(), name);
	memset(&g, 0, sizeof(g));
	snprintf(what, sizeof(what), "%s files found", name);
	ok(glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc > 0, what);
	for (i = 0; okay && i < g.gl_pathc; i++) {
		struct score before = t->half[how];
		const char *base = strrchr(g.gl_pathv[i], '/') + 1;

		okay = score_file(r, tax, g.gl_pathv[i], how, seen, t);
		if (okay && how == ALL_HELDOUT) {
			struct score own = t->half[1];
			own.n -= before.n;
			own.right -= before.right;
			snprintf(what, sizeof(what), "held-out file %s", base);
			print_score(what, &own);
		}
	}
	globfree(&g);
	return okay;
}

int
main(void)
{
	ts_taxonomy *tax = ts_taxonomy_load(NULL, NULL);
	char *rules_path = ts_share_path("rules");
	ts_error te;
	struct tally t;
	int heldout_ok, total, i;
	ts_map *seen = ts_map_new();
	ts_rules *r = NULL;

	memset(&t, 0, sizeof(t));
	t.tuning_norm = ts_map_new();
	note_own_labels(&t);
	ok(rules_path != NULL, "default rules installed");
	if (rules_path != NULL)
		r = ts_rules_load(rules_path, tax, &te);
	ok(r != NULL, "default rules load");
	if (r == NULL)
		goto out;
	if (!score_file(r, tax, "labels-public.tsv", ALL_TUNING, seen, &t) ||
	    !score_files(r, tax, "labels-public-tuning", ALL_TUNING, seen,
	    &t) ||
	    !score_files(r, tax, "labels-public-heldout", ALL_HELDOUT, seen,
	    &t))
		goto out;
	total = t.half[0].n + t.half[1].n;
	is_int(t.dup, 0, "corpus labels are distinct, across both files");
	is_int(t.leaked, 0, "no held-out label reads as a tuning label "
	    "once normalised");
	is_int(t.nosource, 0, "every label names its source");
	is_int(t.nofamily, 0, "every label names its family (a, b or c)");
	ok(total >= 150, "public corpus has at least 150 labels");
	ok(t.negatives * 4 >= total,
	    "negatives (unclassified) are at least a quarter");
	ok(t.half[0].n > 0 && t.half[1].n > 0, "both halves are populated");
	print_score("tuning half", &t.half[0]);
	print_score("held-out half", &t.half[1]);
	print_score("tuning, telehealth labels", &t.pos[0]);
	print_score("held-out, telehealth labels", &t.pos[1]);
	for (i = 0; i < 2; i++)
		printf("# %s, telehealth labels missed: %d, no rule matched: %d\n",
		    i ? "held-out" : "tuning", t.pos[i].n - t.pos[i].right,
		    t.unmatched[i]);
	print_share("held-out labels read twice", &t.readings,
	    "on which the two readings agree");
	printf("# held-out labels no two readings agree on: %d\n",
	    t.unsettled);
	print_score("held-out, labels two readings settle", &t.settled);
	is_int(t.bad_reading, 0, "every second and third reading names a "
	    "category of the taxonomy or unclassified");
	print_score("tuning, negatives (unclassified)", &t.neg[0]);
	print_score("held-out, negatives (unclassified)", &t.neg[1]);
	for (i = 0; i < NFAMILIES; i++) {
		char name[96];

		snprintf(name, sizeof(name), "tuning, family %s", family_names[i]);
		print_score(name, &t.fam[0][i]);
		snprintf(name, sizeof(name), "held-out, family %s",
		    family_names[i]);
		print_score(name, &t.fam[1][i]);
		snprintf(name, sizeof(name), "held-out settled, family %s",
		    family_names[i]);
		print_score(name, &t.settled_fam[i]);
	}
	for (i = 0; i < NNOISE; i++) {
		char name[96], what[160];
		int need = noise_min_permille[i];

		snprintf(name, sizeof(name), "tuning labels with %s",
		    noise_names[i]);
		print_score(name, &t.noise[i]);
		if (need == 1000)
			snprintf(what, sizeof(what), "%s: all read alike", name);
		else
			snprintf(what, sizeof(what), "%s: %d %% or more read "
			    "alike", name, need / 10);
		ok(t.noise[i].n > 0 && (long)t.noise[i].right * 1000 >=
		    (long)t.noise[i].n * need, what);
	}
	heldout_ok = t.half[1].n > 0 && (long)t.half[1].right * 1000 >=
	    (long)t.half[1].n * HELDOUT_MIN_PERMILLE;
#ifdef HELDOUT_TODO
	/*
	 * Known shortfall, reported as a TAP TODO so that it stays visible
	 * (prove lists it, and reports it "unexpectedly succeeded" once the
	 * rules reach the goal) without hiding the score.
	 */
	tap_n++;
	printf("%sok %d - held-out half scores at least 99 %% # TODO %s\n",
	    heldout_ok ? "" : "not ", tap_n, HELDOUT_TODO);
#else
	ok(heldout_ok, "held-out half scores at least 99 %");
#endif
out:
	ts_map_free(seen);
	ts_map_free(t.tuning_norm);
	ts_rules_free(r);
	free(rules_path);
	ts_taxonomy_free(tax);
	return done_testing();
}
