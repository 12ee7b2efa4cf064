/*
 * Unit tests: rules proposed for unmatched labels (suggest.h), with a
 * small rules file whose definitions follow the default rules' naming.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "records.h"
#include "rules.h"
#include "suggest.h"
#include "taxonomy.h"

static ts_taxonomy *tax;
static ts_rules *rules;

static const char text[] =
    "@remote\t\\ba distancia\\b|\\bvirtual\\b|\\btelef(o|on)\\w*\n"
    "@teleinterconsulta\t\\binterconsultas?\\b\n"
    "@telemonitoreo\t\\bseguimiento\\b|\\bmonit\\w*\n"
    "@teleconsulta\t\\bconsultas?\\b|\\batencion\\b\n"
    "teleconsulta\t^(?=.*{@remote})(?=.*{@teleconsulta})\n"
    "unclassified\t\\bconsulta\\b\n";

/* "kind category pattern | marker | stem" for compact checks. */
static const char *
suggest(const char *label)
{
	static char buf[1024];
	ts_suggestion s;
	ts_str l = { label, strlen(label) };

	if (ts_suggest(rules, l, &s) < 0)
		return "error";
	snprintf(buf, sizeof(buf), "%d %s %s | %s | %s", (int)s.kind,
	    s.category, s.pattern, s.marker, s.stem);
	ts_suggestion_free(&s);
	return buf;
}

/* The rule line suggested for LABEL must classify LABEL as suggested. */
static void
pastes(const char *label)
{
	ts_suggestion s;
	ts_str l = { label, strlen(label) };
	char line[1024], name[1200];
	ts_error te;
	ts_rules *r;
	long k;

	if (ts_suggest(rules, l, &s) < 0) {
		ok(0, "suggestion made");
		return;
	}
	snprintf(line, sizeof(line), "%s\t%s\n", s.category, s.pattern);
	r = ts_rules_parse(line, strlen(line), "s.rules", tax, &te);
	snprintf(name, sizeof(name), "suggested rule for \"%s\" parses and "
	    "matches it", label);
	k = r ? ts_rules_eval(r, l, NULL, &te) : -2;
	ok(r != NULL && k == 0, name);
	ts_rules_free(r);
	ts_suggestion_free(&s);
}

int
main(void)
{
	ts_error te;

	tax = ts_taxonomy_load(NULL, NULL);
	rules = ts_rules_parse(text, strlen(text), "t.rules", tax, &te);
	ok(rules != NULL, "rules parse");
	if (rules == NULL) {
		printf("# %s\n", te.msg);
		return done_testing();
	}
	is_int(ts_rules_def_count(rules), 4, "four definitions");
	is_int(ts_rules_def_find(rules, "telemonitoreo"), 2,
	    "definitions are found by name");
	is_int(ts_rules_def_find(rules, "nope"), -1, "unknown name: -1");

	is_str(suggest("Seguimiento telefónico"),
	    "0 telemonitoreo ^(?=.*\\btelefonico\\b)(?=.*\\bseguimiento\\b) "
	    "| telefonico | seguimiento",
	    "marker and stem: the stem's category, both words");
	is_str(suggest("Interconsulta de seguimiento virtual"),
	    "0 teleinterconsulta ^(?=.*\\bvirtual\\b)(?=.*\\binterconsulta\\b) "
	    "| virtual | interconsulta",
	    "the first stem defined wins (most specific first)");
	is_str(suggest("Seguimiento por WhatsApp"),
	    "1 telemonitoreo ^(?=.*\\bseguimiento\\b)(?=.*\\bwhatsapp\\b) "
	    "|  | seguimiento",
	    "stem without a marker: the word after \"por\" is the medium");
	is_str(suggest("Seguimiento de gestantes"),
	    "2 telemonitoreo ^(?=.*\\bseguimiento\\b)(?=.*\\bgestantes\\b) "
	    "|  | seguimiento",
	    "stem without a marker: else the first other content word");
	is_str(suggest("TELEFARMACIA"),
	    "3 teleconsulta \\btele ?farmacia\\b | telefarmacia | ",
	    "a word with the tele prefix is a marker; no stem: teleconsulta");
	is_str(suggest("Telemonitoreo glucosa"),
	    "0 telemonitoreo \\btele ?monitoreo\\b | telemonitoreo | "
	    "telemonitoreo",
	    "the stem is found after the tele prefix");
	is_str(suggest("Nutrición a distancia"),
	    "3 teleconsulta ^(?=.*\\ba distancia\\b)(?=.*\\bnutricion\\b) "
	    "| a distancia | ",
	    "a marker phrase is quoted whole");
	is_str(suggest("Monitoreo"), "4 telemonitoreo \\bmonitoreo\\b |  | "
	    "monitoreo", "a stem alone");
	is_str(suggest("Farmacia central"),
	    "5 unclassified ^farmacia central$ |  | ",
	    "nothing points anywhere: the whole label, unclassified");
	is_str(suggest(""), "5 unclassified ^$ |  | ", "empty label");

	pastes("Seguimiento telefónico");
	pastes("Seguimiento por WhatsApp");
	pastes("TELEFARMACIA");
	pastes("Nutrición a distancia");
	pastes("Farmacia central");
	pastes("");

	ts_rules_free(rules);
	ts_taxonomy_free(tax);
	return done_testing();
}
