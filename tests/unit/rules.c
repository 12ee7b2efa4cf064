/*
 * Unit tests: rules parsing, error messages, matching semantics, the
 * taxonomy's subcategories, and the default rules on the labelled corpus
 * testdata/labels.tsv (one test point per label; mismatches are printed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "decision.h"
#include "paths.h"
#include "records.h"
#include "rules.h"
#include "strmap.h"
#include "taxonomy.h"

static ts_taxonomy *tax;

/* Parses TEXT; returns the rules or NULL with the message in ERR. */
static ts_rules *
parse(const char *text, ts_error *e)
{
	e->msg[0] = '\0';
	return ts_rules_parse(text, strlen(text), "t.rules", tax, e);
}

static void
error_is(const char *text, const char *want, const char *name)
{
	ts_error te;
	ts_rules *r = parse(text, &te);

	ok(r == NULL, name);
	is_str(te.msg, want, name);
	ts_rules_free(r);
}

/*
 * Evaluates LABEL and checks that the rules read it HOW (WHAT names the
 * check); returns the form they read, empty when read as written.
 */
static ts_str
reading_of(ts_rules *r, ts_str label, int how, const char *what)
{
	ts_str form = TS_STR("");
	ts_error te;

	ts_rules_eval(r, label, NULL, &te);
	is_int(ts_rules_reading(r, &form), how, what);
	return form;
}

/* Checks that FORM, a form read, is WANT. */
static void
form_is(ts_str form, const char *want, const char *what)
{
	ok(form.n == strlen(want) && memcmp(form.p, want, form.n) == 0, what);
}

/* "category[/sub]@line" for LABEL, or "none", for compact checks. */
static const char *
classify(ts_rules *r, const char *label, const char *const *cols)
{
	static char buf[sizeof(((ts_error *)0)->msg) + 16];
	ts_str c[4], l = { label, strlen(label) };
	ts_error te;
	size_t i;
	long k;

	for (i = 0; i < ts_rules_ncolumns(r) && i < 4; i++) {
		c[i].p = cols ? cols[i] : "";
		c[i].n = strlen(c[i].p);
	}
	k = ts_rules_eval(r, l, c, &te);
	if (k == -2) {
		snprintf(buf, sizeof(buf), "error: %s", te.msg);
	} else if (k < 0) {
		snprintf(buf, sizeof(buf), "none");
	} else {
		const ts_rule *ru = ts_rules_at(r, (size_t)k);
		snprintf(buf, sizeof(buf), "%s%s%s@%lu", ru->category,
		    ru->subcategory[0] ? "/" : "", ru->subcategory, ru->line);
	}
	return buf;
}

static void
test_errors(void)
{
	error_is("teleconsulta tele\n",
	    "t.rules:1: missing TAB between category and pattern",
	    "missing TAB");
	error_is("# c\n\nteleconsulta\ttele\ntelconsulta\ttel\n",
	    "t.rules:4: unknown category \"telconsulta\"",
	    "unknown category, with line number");
	error_is("Teleconsulta\ttele\n",
	    "t.rules:1: unknown category \"Teleconsulta\"",
	    "category names are lower case");
	error_is("teletriaje/covi19\ttriaje\n",
	    "t.rules:1: unknown subcategory \"covi19\" of teletriaje "
	    "(see telestat-taxonomy(7))", "unknown subcategory");
	error_is("teleconsulta/covid19/x\tx\n",
	    "t.rules:1: unknown subcategory \"covid19/x\" of teleconsulta "
	    "(see telestat-taxonomy(7))", "two slashes");
	error_is("teleconsulta\ttele(consulta\n",
	    "t.rules:1: invalid pattern \"tele(consulta\": missing closing "
	    "parenthesis at offset 13", "PCRE2 message and offset");
	error_is("teleconsulta\ttelé(x\n",
	    "t.rules:1: invalid pattern \"telé(x\": missing closing "
	    "parenthesis at offset 7", "offset counts bytes as written");
	error_is("teleconsulta\tab[c\n",
	    "t.rules:1: invalid pattern \"ab[c\": missing terminating ] for "
	    "character class at offset 4", "unterminated class");
	error_is("teleconsulta\ta**\n",
	    "t.rules:1: invalid pattern \"a**\": quantifier does not follow a "
	    "repeatable item at offset 2", "bad quantifier");
	error_is("teleconsulta\t!\n", "t.rules:1: empty pattern",
	    "! alone is an empty pattern");
	error_is("teleconsulta\t\t\n", "t.rules:1: empty pattern",
	    "TABs only");
	error_is("teleconsulta\tx\tspecialty\n",
	    "t.rules:1: condition \"specialty\": expected COLUMN=PATTERN or "
	    "COLUMN!=PATTERN", "condition without =");
	error_is("teleconsulta\tx\tspecialty=\n",
	    "t.rules:1: empty pattern for column specialty",
	    "condition with empty pattern");
	error_is("teleconsulta\tx\tspecialty=(\n",
	    "t.rules:1: invalid pattern for column specialty \"(\": missing "
	    "closing parenthesis at offset 1", "bad condition pattern");
	error_is("teleconsulta\ta{@nope}\n",
	    "t.rules:1: undefined name \"{@nope}\" at offset 1",
	    "undefined definition");
	error_is("@x\ta\n@x\tb\n", "t.rules:2: \"@x\" defined twice",
	    "definition twice");
	error_is("@X\ta\n", "t.rules:1: invalid definition name \"@X\" "
	    "(use a-z, 0-9, _)", "bad definition name");
	error_is("@x\t(a\n", "t.rules:1: invalid pattern \"(a\": missing "
	    "closing parenthesis at offset 2", "bad definition pattern");
	error_is("@x\tb)\nteleconsulta\ta{@x}\n",
	    "t.rules:1: invalid pattern \"b)\": unmatched closing parenthesis "
	    "at offset 1", "definitions are checked where they are defined");
	error_is("teleconsulta\t\xff\n",
	    "t.rules:1: invalid pattern \"\xff\": UTF-8 error: illegal byte "
	    "(0xfe or 0xff) at offset 0", "invalid UTF-8 in a pattern");
	{
		static const char nul[] = "teleconsulta\tx\0y\n";
		ts_error te;
		ts_rules *r = ts_rules_parse(nul, sizeof(nul) - 1, "t.rules", tax,
		    &te);
		ok(r == NULL, "NUL byte rejected");
		is_str(te.msg, "t.rules:1: NUL byte in line", "NUL byte message");
	}
}

static void
test_matching(void)
{
	ts_error te;
	ts_rules *r;
	static const char *const psy[] = { "PSIQUIATRIA" };
	static const char *const ped[] = { "Pediatría" };

	r = parse("# comment\n"
	    "\n"
	    "   # indented comment\n"
	    "teleinterconsulta\t\t\\btele ?interc\r\n"
	    "teleconsulta\t!\\bpresencial\\b\n"
	    "teleconsulta\tconsulta\n"
	    "unclassified\tconsulta\n"
	    "teletriaje/covid19\t!sin covid\n"
	    "teletriaje/covid19\ttriaje.*covid\n"
	    "teletriaje\ttriaje\n"
	    "@med\tmedicina|medico\n"
	    "teleconsulta\t^tele{@med}$\tspecialty=^psiqui\n"
	    "teleorientacion\t^tele{@med}$\tspecialty!=psiqui\n"
	    " teleorientacion \tORIENTACIÓN\n", &te);
	ok(r != NULL, "rules parse");
	if (r == NULL) {
		printf("# %s\n", te.msg);
		return;
	}
	is_int(ts_rules_count(r), 10, "ten rules (definitions and comments "
	    "are not rules)");
	is_int(ts_rules_ncolumns(r), 1, "one condition column");
	is_str(ts_rules_column(r, 0), "specialty", "it is specialty");
	is_str(ts_rules_at(r, 0)->where, "t.rules:4", "where names file:line");
	is_int(ts_rules_at(r, 1)->exclude, 1, "! marks an exclusion");
	is_str(classify(r, "TELE-INTERCONSULTA", NULL), "teleinterconsulta@4",
	    "CRLF and a run of TABs are accepted");
	is_str(classify(r, "Teleconsulta médica", NULL), "teleconsulta@6",
	    "first match wins");
	is_str(classify(r, "CONSULTA PRESENCIAL", NULL), "unclassified@7",
	    "an exclusion skips the category's later rules");
	is_str(classify(r, "Triaje remoto COVID-19", NULL),
	    "teletriaje/covid19@9", "subcategory rule");
	is_str(classify(r, "Triaje remoto sin COVID", NULL), "teletriaje@10",
	    "a subcategory exclusion leaves the bare category");
	is_str(classify(r, "TELEMEDICINA", psy), "teleconsulta@12",
	    "condition on another column");
	is_str(classify(r, "TELEMEDICINA", ped), "teleorientacion@13",
	    "negated condition");
	is_str(classify(r, "Telemedicina", NULL), "teleorientacion@13",
	    "a missing column is an empty value");
	is_str(classify(r, "Orientación telefónica", NULL),
	    "teleorientacion@14",
	    "caseless, accents folded in patterns, target trimmed");
	is_str(classify(r, "Laboratorio", NULL), "none", "no rule: none");
	is_str(classify(r, "", NULL), "none", "empty label: none");
	ts_rules_free(r);

	r = parse("teleconsulta\t\\bteleconsulta\\b\n"
	    "unclassified\t\\bconsulta externa\\b\n"
	    "teleorientacion\t^tele orientacion$\n"
	    "unclassified\t\\binpatient\\b\n"
	    "teleorientacion\t\\blinea \\d+(?! de tratamiento)\n"
	    "teleapoyo_diagnostico\t^(?!.*\\bsecond opinions\\b).*\\bforward\\b\n"
	    "telegestion\t(?<!prestador de )\\breferencia\\b\n"
	    "telecapacitacion\t(?<!lenguaje y )\\baprendizaje\\b\n"
	    "unclassified\t\\bconferencesfor\\b\n",
	    &te);
	ok(r != NULL, "join rules parse");
	if (r != NULL) {
		is_str(classify(r, "TELECON SULTA", NULL), "teleconsulta@1",
		    "a word split by one space is joined when nothing fired");
		is_str(classify(r, "medica telecon sulta", NULL),
		    "teleconsulta@1", "the join is tried at every space");
		is_str(classify(r, "CONSULTA EXTER NA", NULL), "unclassified@2",
		    "a joined form may fire an unclassified rule");
		is_str(classify(r, "control con sulta", NULL), "none",
		    "a function word is not joined with the next word");
		is_str(classify(r, "telehealth in patient s home", NULL),
		    "none", "nor a two-letter preposition (not \"inpatient\")");
		is_str(classify(r, "linea 2 de tratamiento", NULL), "none",
		    "nor an article or \"de\", which would hide an exclusion");
		is_str(classify(r, "forward second opinions", NULL), "none",
		    "nor two words each long enough to be one");
		is_str(classify(r, "prestador de referencia", NULL), "none",
		    "nor a word with a Spanish preposition after it");
		is_str(classify(r, "lenguaje y aprendizaje", NULL), "none",
		    "nor a word with the Spanish conjunction y after it");
		is_str(classify(r, "conferences for doctors", NULL), "none",
		    "nor a word with English \"for\" after it");
		is_str(classify(r, "CONSULTA?EXTERNA", NULL), "unclassified@2",
		    "a lost letter's ? is read as a space when nothing fired");
		is_str(classify(r, "TELECONSUL?TA", NULL), "teleconsulta@1",
		    "and only then: the lost letter's reading comes first");
		is_str(classify(r, "tele orientacion", NULL), "teleorientacion@3",
		    "no join when a rule fires on the label");
		is_str(classify(r, "te le con sulta", NULL), "none",
		    "one space is removed, never two");
		{
			ts_str form;

			form = reading_of(r, TS_STR("medica telecon sulta"),
			    TS_READ_JOINED, "a joined label is read joined");
			is_int((int)form.n, 19, "the joined form's length");
			form_is(form, "medica teleconsulta",
			    "the joined form is what the rules read");
			reading_of(r, TS_STR("tele orientacion"), TS_READ_LABEL,
			    "a label a rule fired on is read as it is");
		}
		is_str(classify(r, "a b c d e f g h i j k l m n o p q teleconsu lta",
		    NULL), "none", "at most TS_RULES_MAX_JOINS spaces are tried");
		ts_rules_free(r);
	}

	r = parse("~\ttelefonica telefonico videollamada virtual\n"
	    "~\ttelemedicina telemedicine\n"
	    "teleconsulta\t\\bconsulta\\b.*\\b(telefonica|videollamada|virtual)\\b\n"
	    "telemonitoreo\t\\bseguimiento telefonico\\b\n"
	    "unclassified\t\\bconsulta\\b\n"
	    "unclassified\t\\btelemedicina\\b\n", &te);
	ok(r != NULL, "typo rules parse");
	if (r != NULL) {
		is_str(classify(r, "Consulta telefnica", NULL), "teleconsulta@3",
		    "a dropped letter is mended after an unclassified rule");
		is_str(classify(r, "consulta telefonixa", NULL),
		    "teleconsulta@3", "a changed letter is mended");
		is_str(classify(r, "consulta videolllamada", NULL),
		    "teleconsulta@3", "an added letter is mended");
		is_str(classify(r, "consulta virutal", NULL), "teleconsulta@3",
		    "two swapped neighbours are mended");
		{
			ts_str form;

			form = reading_of(r, TS_STR("Consulta virutal"),
			    TS_READ_MENDED, "a mended label is read mended");
			form_is(form, "consulta virtual",
			    "the mended form is what the rules read");
			reading_of(r, TS_STR("consulta telefnocia"), TS_READ_LABEL,
			    "a mending not taken leaves the label as read");
		}
		is_str(classify(r, "SEGUIMIENTO TELEFONIOC", NULL),
		    "telemonitoreo@4", "the stem, not the mended word, decides");
		is_str(classify(r, "consulta telefonicx", NULL), "unclassified@5",
		    "a word one edit from two listed words is left alone");
		is_str(classify(r, "consulta telefnocia", NULL), "unclassified@5",
		    "two edits are not mended");
		is_str(classify(r, "telemedicinas", NULL), "none",
		    "a mended form that places nothing changes nothing");
		is_str(classify(r, "consulta telemedicne", NULL), "unclassified@5",
		    "a mended form only unclassified keeps the first decision");
		ts_rules_free(r);
	}
	r = parse("~\tdistancia\n"
	    "unclassified\t\\bcirurg\\w*\n"
	    "teleorientacion\t\\blinea telefonica\\b\n"
	    "teleconsulta\t\\bconsulta (?:telefonica|a distancia)\\b\n"
	    "teleconsulta\t\\bvideo\\b\n"
	    "telemonitoreo\t\\btelemetri\\w*|\\btelemonitoreo\\b\n"
	    "teleconsulta\t\\btelematica\\b\n", &te);
	ok(r != NULL, "restoring rules parse");
	if (r != NULL) {
		ts_str form;

		is_str(classify(r, "L?NEA TELEF?NICA 171", NULL),
		    "teleorientacion@3", "words short of a lost letter each are "
		    "restored to the words the rules spell out");
		form = reading_of(r, TS_STR("L?NEA TELEF?NICA"),
		    TS_READ_RESTORED, "a restored label is read restored");
		form_is(form, "linea telefonica",
		    "the restored form is what the rules read");
		is_str(classify(r, "consulta ? dist?ncia", NULL),
		    "teleconsulta@4", "a \"~\" word is one the rules spell out");
		is_str(classify(r, "tratamento cir?rgico por v?deo", NULL),
		    "unclassified@2", "a stem restores an exclusion's word");
		is_str(classify(r, "T?LEM?TRIE", NULL), "telemonitoreo@6",
		    "two letters lost from one word are restored");
		is_str(classify(r, "atenci?n telem?tica", NULL), "teleconsulta@7",
		    "a whole word spelt out goes before a stem that fits too");
		is_str(classify(r, "consulta telef?nica", NULL), "teleconsulta@4",
		    "a word the rules spell only in a longer pattern is found");
		is_str(classify(r, "l??nea", NULL), "none",
		    "a word of more lost letters than letters is not guessed");
	}
	ts_rules_free(r);
	r = parse("teleconsulta\t\\bmedicas\\b\n"
	    "teleinterconsulta\t\\bmedicos\\b\n", &te);
	ok(r != NULL, "ambiguous restoring rules parse");
	if (r != NULL) {
		is_str(classify(r, "M?DIC?S", NULL), "none",
		    "a word two words fit is left alone");
		is_str(classify(r, "M?DICAS", NULL), "teleconsulta@1",
		    "and restored when the letters left tell them apart");
	}
	ts_rules_free(r);
	r = parse("~\torientacion telephone\n"
	    "teleorientacion\t\\borientacion\\b.*\\btelefonica\\b\n"
	    "teleconsulta\t\\btelefonica\\b\n"
	    "unclassified\t\\btelephone scatologia\\b\n"
	    "teleconsulta\t\\btele\\w*logia\\b\n", &te);
	ok(r != NULL, "mending over a category parses");
	if (r != NULL) {
		is_str(classify(r, "orienacion telefonica", NULL),
		    "teleorientacion@2", "a category found mended is kept over "
		    "the one the misspelt label fell into");
		is_str(classify(r, "telehone scatologia", NULL), "none",
		    "no word is joined once a rule fired on the mended label");
		ts_rules_free(r);
	}

	r = parse("~\tmedico =medio =Mexico\n"
	    "teleconsulta\t\\bmedico a distancia\\b\n", &te);
	ok(r != NULL, "kept words parse");
	if (r != NULL) {
		is_str(classify(r, "medco a distancia", NULL), "teleconsulta@2",
		    "a misspelt listed word is mended");
		is_str(classify(r, "medio a distancia", NULL), "none",
		    "a word listed =WORD is kept as written");
		is_str(classify(r, "MEXICO a distancia", NULL), "none",
		    "kept words are normalised like the others");
		ts_rules_free(r);
	}

	r = parse("~\tteleconsulta distancia\n"
	    "teleinterconsulta\t\\be ?consulta\\b\n"
	    "unclassified\t\\blarga distancia\\b\n"
	    "teleconsulta\t\\bteleconsulta\\b|\\bllamada\\b\n"
	    "unclassified\t\\bconsulta\\b\n", &te);
	ok(r != NULL, "marker join rules parse");
	if (r != NULL) {
		ts_str form = TS_STR("");
		ts_error e2;

		is_str(classify(r, "TEL ECONSULTA", NULL), "teleconsulta@4",
		    "a split marker word is joined before any rule runs");
		is_str(classify(r, "Llamada de larga distan cia", NULL),
		    "unclassified@3", "and so an exclusion on it still fires");
		ts_rules_eval(r, TS_STR("tele consulta"), NULL, &e2);
		is_int(ts_rules_reading(r, &form), TS_READ_JOINED,
		    "a label whose marker was joined is read joined");
		ok(form.n == 12 && memcmp(form.p, "teleconsulta", 12) == 0,
		    "the marker joined is what the rules read");
		is_str(classify(r, "e consulta", NULL), "teleinterconsulta@2",
		    "two words that make no marker stay apart");
		is_str(classify(r, "12345 cons ulta", NULL), "unclassified@5",
		    "a word with a digit is not joined with the next");
		ts_rules_free(r);
	}

	r = parse("teleconsulta\t^99441\\b\n"
	    "teleinterconsulta\t\\b99499 11\\b\n"
	    "unclassified\t^card\\b\n"
	    "teleconsulta\t\\btelehealth\\b\n"
	    "unclassified\t\\batencion\\b\n", &te);
	ok(r != NULL, "leading code rules parse");
	if (r != NULL) {
		ts_str form = TS_STR("");
		ts_error e2;

		is_str(classify(r, "A09 - CARD TELEHEALTH APPT", NULL),
		    "unclassified@3", "a rule on the start of the description "
		    "sees it after a leading code");
		is_str(classify(r, "12345 - 99441", NULL), "teleconsulta@1",
		    "codes are set aside one word at a time");
		is_str(classify(r, "99499.11 Atención", NULL),
		    "teleinterconsulta@2", "a rule on the code still sees it");
		is_str(classify(r, "12345 telehealth", NULL), "teleconsulta@4",
		    "a label with a code reads as one label");
		is_str(classify(r, "1 2 3 4 card", NULL), "none",
		    "at most TS_RULES_MAX_CODES code words are set aside");
		ts_rules_eval(r, TS_STR("A09 - CARD TELEHEALTH APPT"), NULL, &e2);
		is_int(ts_rules_reading(r, &form), TS_READ_UNCODED,
		    "a label decided without its code is read uncoded");
		ok(form.n == 20 && memcmp(form.p, "card telehealth appt", 20)
		    == 0, "the reading without the code is what decided");
		ts_rules_eval(r, TS_STR("12345 telehealth"), NULL, &e2);
		is_int(ts_rules_reading(r, NULL), TS_READ_LABEL,
		    "a label the same rule decides either way is read as is");
		ts_rules_free(r);
	}

	error_is("~\tvideo\n", "t.rules:1: typo word \"video\": expected 6 to "
	    "64 letters", "a typo word shorter than six letters");
	error_is("~\ttele-consulta\n", "t.rules:1: typo word \"tele-consulta\": "
	    "expected 6 to 64 letters", "a typo word of more than letters");
	error_is("~\t=a\n", "t.rules:1: typo word \"=a\": expected 2 to "
	    "64 letters", "a kept word of one letter");
	error_is("~\t=\n", "t.rules:1: typo word \"=\": expected 2 to "
	    "64 letters", "a kept word with no letters");
	error_is("~\t \n", "t.rules:1: no typo words after \"~\"",
	    "a typo line with no words");

	r = parse("teleconsulta\t(a+)+$\n", &te);
	ok(r != NULL, "catastrophic pattern parses");
	if (r != NULL) {
		char big[200];
		memset(big, 'a', sizeof(big) - 2);
		big[sizeof(big) - 2] = 'b';
		big[sizeof(big) - 1] = '\0';
		ok(strncmp(classify(r, big, NULL), "error: t.rules:1: matching",
		    26) == 0, "a runaway match is an error, not a hang");
		ts_rules_free(r);
	}

	r = parse("", &te);
	ok(r != NULL && ts_rules_count(r) == 0, "an empty rules file is valid");
	if (r != NULL)
		is_str(classify(r, "TELECONSULTA", NULL), "none",
		    "and classifies nothing");
	ts_rules_free(r);
}

static void
test_taxonomy(void)
{
	const ts_subcategory *s;

	ok(ts_taxonomy_subcount(tax) >= 11, "subcategories are declared");
	s = ts_taxonomy_find_sub(tax, "teletriaje", "covid19", 7);
	ok(s != NULL, "teletriaje/covid19 exists");
	s = ts_taxonomy_find_sub(tax, "teleapoyo_diagnostico", "mamografia", 10);
	is_str(s ? s->label_es : NULL, "Telemamografía", "its Spanish label");
	ok(ts_taxonomy_find_sub(tax, "telegestion", "covid19", 7) == NULL,
	    "telegestion has no covid19 subcategory");
}

/* The default rules on every label of the corpus. */
static void
test_corpus(void)
{
	char *rules_path = ts_share_path("rules");
	const char *top = getenv("TELESTAT_TOP");
	char path[4096];
	ts_error te;
	ts_rules *r;
	ts_reader *rd;
	ts_str *f;
	int c_svc, c_exp, rc, n = 0, bad = 0, dup = 0;
	ts_map *seen = ts_map_new();

	ok(rules_path != NULL, "default rules installed");
	if (rules_path == NULL)
		return;
	r = ts_rules_load(rules_path, tax, &te);
	ok(r != NULL, "default rules load");
	if (r == NULL) {
		printf("# %s\n", te.msg);
		free(rules_path);
		return;
	}
	is_int(ts_rules_ncolumns(r), 0,
	    "default rules look at the label only (memo on the label)");
	snprintf(path, sizeof(path), "%s/testdata/labels.tsv", top ? top : ".");
	rd = ts_reader_open(path);
	ok(rd != NULL, "corpus opens");
	if (rd == NULL) {
		ts_map_free(seen);
		goto out;
	}
	c_svc = ts_reader_find(rd, "service");
	c_exp = ts_reader_find(rd, "expected");
	while ((rc = ts_reader_next(rd, &f)) == TS_ROW_OK) {
		char label[1024], want[128], got[160], name[1400];
		size_t ln = f[c_svc].n < sizeof(label) ? f[c_svc].n : 0;
		long k;
		int k_ins;

		ts_map_intern(seen, f[c_svc].p, f[c_svc].n, &k_ins);
		dup += !k_ins;
		ln = ts_unescape((ts_str){ f[c_svc].p, ln }, label);
		label[ln] = '\0';
		snprintf(want, sizeof(want), "%.*s", (int)f[c_exp].n, f[c_exp].p);
		k = decision(r, label, ln, got, sizeof(got));
		snprintf(name, sizeof(name), "corpus: \"%s\" -> %s", label, want);
		n++;
		if (strcmp(got, want) != 0) {
			bad++;
			ok(0, name);
			printf("#   got %s (%s)\n", got,
			    k >= 0 ? ts_rules_at(r, (size_t)k)->where : "no rule");
		} else
			ok(1, name);
	}
	is_int(rc, TS_ROW_EOF, "corpus read to the end");
	ok(n >= 300, "corpus has at least 300 labels");
	is_int(dup, 0, "corpus labels are distinct");
	ts_map_free(seen);
	printf("# corpus: %d labels, %d mismatches\n", n, bad);
	ts_reader_free(rd);
out:
	ts_rules_free(r);
	free(rules_path);
}

int
main(void)
{
	tax = ts_taxonomy_load(NULL, NULL);
	test_errors();
	test_matching();
	test_taxonomy();
	test_corpus();
	ts_taxonomy_free(tax);
	return done_testing();
}
