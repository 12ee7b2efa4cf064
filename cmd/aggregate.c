/*
 * telestat-aggregate - group records by key columns and sum metrics;
 * with --partial, write a table that telestat-merge combines.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "cli.h"
#include "input.h"
#include "labels.h"
#include "out.h"
#include "records.h"
#include "table.h"
#include "util.h"

static const char usage_text[] =
    "usage: telestat aggregate -g KEYS [-m METRICS] [--patients-rule all|his]\n"
    "                          [--partial] [--approx] [--labels es|en]\n"
    "                          [--wide KEY [--totals]] [--csv [--bom]]\n"
    "                          [-q] [-o FILE] [FILE...]\n";

static void
usage(void)
{
	fputs(usage_text, stderr);
	exit(TS_EXIT_USAGE);
}

static void
help(void)
{
	fputs(usage_text, stdout);
	fputs("\n"
	    "  -g, --group KEYS         group by these columns (comma-separated)\n"
	    "  -m, --metrics METRICS    count, patients, sessions, attendees, records\n"
	    "                           (comma-separated; default count)\n"
	    "      --patients-rule RULE all (default) or his: patients counts only\n"
	    "                           records with condition N or R\n"
	    "      --partial            write a partial table for telestat-merge\n"
	    "      --approx             count patients with HyperLogLog sketches\n"
	    "      --labels es|en       names beside the codes: region_name,\n"
	    "                           institution_name, category_label,\n"
	    "                           subcategory_label\n"
	    "      --wide KEY           one column per value of KEY (one metric)\n"
	    "      --totals             with --wide: a totals row and column\n"
	    "      --csv                write CSV (RFC 4180, formula-safe cells)\n"
	    "      --bom                with --csv: start with the UTF-8 BOM\n"
	    "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
	    "  -q, --quiet              no progress line on a terminal\n"
	    "  -h, --help, --version\n"
	    "\nSee telestat-aggregate(1).\n", stdout);
	exit(ts_stdout_status());
}

/* Splits a comma list in place; dies on an empty item. */
static size_t
split_list(char *s, const char *opt, char **items, size_t max)
{
	size_t n = 0;
	char *p = s;

	for (;;) {
		char *c = strchr(p, ',');
		if (c != NULL)
			*c = '\0';
		if (*p == '\0') {
			ts_warn("option %s: empty name in list", opt);
			usage();
		}
		if (n == max) {
			ts_warn("option %s: more than %zu names", opt, max);
			usage();
		}
		items[n++] = p;
		if (c == NULL)
			return n;
		p = c + 1;
	}
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "group", required_argument, NULL, 'g' },
		{ "metrics", required_argument, NULL, 'm' },
		{ "patients-rule", required_argument, NULL, 'R' },
		{ "partial", no_argument, NULL, 'P' },
		{ "approx", no_argument, NULL, 'A' },
		TS_TABLE_LONGOPTS,
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 }
	};
	char *keys[TS_AGG_MAX_KEYS], *mnames[TS_METRIC_N + 1];
	int metrics[TS_METRIC_N + 1];
	char *glist = NULL, *mlist = NULL;
	int ch, rv, quiet = 0;
	ts_error e;
	struct ts_table_cli tc = { 0 };
	ts_table_opts *t = &tc.t;
	size_t nkeys = 0, nmetrics = 0, i;
	struct ts_aggregate_opts o = { .output = "-" };
	struct ts_inputs in;

	ts_set_progname(argv[0]);
	while ((ch = getopt_long(argc, argv, "g:m:o:qh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'g': glist = optarg; break;
		case 'm': mlist = optarg; break;
		case 'R':
			if (strcmp(optarg, "all") == 0)
				o.spec.patients_rule = TS_PATIENTS_ALL;
			else if (strcmp(optarg, "his") == 0)
				o.spec.patients_rule = TS_PATIENTS_HIS;
			else {
				ts_warn("--patients-rule: unknown rule \"%s\" "
				    "(choose all or his)", optarg);
				usage();
			}
			break;
		case 'P': o.partial = 1; break;
		case 'A': o.spec.approx = 1; break;
		case 'L': case 'W': case 'T': case 'C': case 'B':
			if (ts_table_option(&tc, ch, optarg, &e) < 0) {
				ts_error_warn(&e);
				usage();
			}
			break;
		case 'o': o.output = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': help(); break;
		case 'V': ts_print_version(); return ts_stdout_status();
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	o.csv = tc.csv;
	o.bom = tc.bom;
	if (glist == NULL) {
		ts_warn("-g KEYS is required");
		usage();
	}
	nkeys = split_list(xstrdup(glist), "-g", keys, TS_AGG_MAX_KEYS);
	if (mlist == NULL)
		mlist = "count";
	nmetrics = split_list(xstrdup(mlist), "-m", mnames, TS_METRIC_N + 1);
	for (i = 0; i < nmetrics; i++) {
		metrics[i] = ts_metric_find(mnames[i], strlen(mnames[i]));
		if (metrics[i] < 0) {
			ts_warn("-m: unknown metric \"%s\" (choose from count, "
			    "patients, sessions, attendees, records)", mnames[i]);
			usage();
		}
	}
	o.spec.keys = (const char *const *)keys;
	o.spec.nkeys = nkeys;
	o.spec.metrics = metrics;
	o.spec.nmetrics = nmetrics;
	if (ts_agg_spec_check(&o.spec, &e) != 0 ||
	    ts_table_opts_check(&o.spec, t, &e) != 0) {
		ts_error_warn(&e);
		usage();
	}
	if (o.partial && (tc.lang || t->wide || o.csv)) {
		ts_warn("--partial writes the table merge reads: --labels, "
		    "--wide and --csv are for the final table (give them to "
		    "telestat merge)");
		usage();
	}
	if (o.bom && !o.csv) {
		ts_warn("--bom needs --csv");
		usage();
	}
	if (ts_out_names_input("-o", o.output, argv, argc))
		usage();
	if (tc.lang != NULL &&
	    (t->labels = ts_labels_load(tc.lang, &e)) == NULL)
		ts_error_exit(&e, NULL);
	if (tc.lang != NULL || t->wide != NULL)
		o.table = t;
	in = ts_inputs_args(argc, argv);
	o.progress = ts_progress_new(quiet);
	rv = ts_aggregate_run(&o, &in);
	ts_progress_end(o.progress);
	ts_labels_free((ts_labels *)t->labels);
	free(keys[0]);
	free(mnames[0]);
	return rv;
}
