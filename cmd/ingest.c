/*
 * telestat-ingest - raw CSV exports to records(5). See telestat-ingest(1).
 *
 * Options and the per-file loop only; the work is in lib/ingest.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ingest.h"
#include "input.h"
#include "out.h"
#include "profile.h"
#include "pseudonym.h"
#include "readopts.h"
#include "runsum.h"
#include "util.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: telestat ingest [-qv] [-p PROFILE] [-d DELIM] [--encoding ENC]\n"
	    "                       [--country PE|MX] [--map COLUMN=HEADER,...]\n"
	    "                       [--keep HEADER,...] [--date-format FMT]\n"
	    "                       [--source NAME] [--institution NAME]\n"
	    "                       [--key-file FILE] [--rejects FILE]\n"
	    "                       [--max-errors N] [--max-reject-rate P]\n"
	    "                       [--lenient] [--format FMT] [--summary FILE]\n"
	    "                       [--duplicates keep|reject]\n"
	    "                       [-o FILE] [FILE ...]\n");
}

/* Dies with a message, the usage lines and status 2. */
#define usage_error(fmt, arg) ts_usage_error(usage, (fmt), (arg))

static void
help(void)
{
	usage(stdout);
	printf("\nTurn raw CSV, JSON, NDJSON or FHIR exports into telestat records (telestat-records(5)).\n\n"
	    "  -p, --profile NAME|FILE  source profile (default: generic)\n"
	    "  -d, --delimiter C        field delimiter (default: sniffed among , ; TAB |)\n"
	    "      --encoding ENC       utf-8 (checked), latin1 or cp1252 (converted)\n"
	    "      --country PE|MX      country of numeric region codes\n"
	    "      --map COL=HEADER,... take canonical COL from source column HEADER\n"
	    "      --keep HEADER,...    pass these source columns through\n"
	    "      --lookup ROLE=FILE[:KEY:VALUE]\n"
	    "                           ROLE from master FILE: the row's KEY column\n"
	    "                           looked up, VALUE the value (the profile's\n"
	    "                           KEY and VALUE when not given)\n"
	    "      --keep-identifiers   let --keep pass identifying columns (raw)\n"
	    "      --date-format FMT    dates like FMT (%%Y %%m %%b %%d %%H %%M %%S %%%%),\n"
	    "                           excel (serial days) or auto; repeat to try\n"
	    "                           several formats in order\n"
	    "      --source NAME        set the source column\n"
	    "      --institution NAME   set the institution column\n"
	    "      --key-file FILE      key for patient pseudonyms ($TELESTAT_KEY_FILE)\n"
	    "      --rejects FILE       copy rejected rows to FILE, verbatim (mode 0600)\n"
	    "      --mask-rejects       identifying values in FILE as '*' characters\n"
	    "      --max-errors N       stop after more than N rejected rows\n"
	    "      --max-reject-rate P  exit 1 only when more than P %% of the rows\n"
	    "                           are rejected (default: any rejected row)\n"
	    "      --duplicates keep|reject\n"
	    "                           a repeated attention id (or summary key):\n"
	    "                           reject the repeat (default) or keep it\n"
	    "      --summary FILE       write a JSON run summary to FILE\n"
	    "                           (telestat-summary(5))\n"
	    "      --lenient            accept stray quotes\n"
	    "      --format FMT         csv, json or ndjson (default: JSON when the\n"
	    "                           input starts with [ or {, else CSV)\n"
	    "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
	    "  -q, --quiet              no summary line, no progress line\n"
	    "  -v, --verbose            report delimiter, column mapping, unknown regions\n"
	    "  -h, --help, --version\n\n"
	    "See telestat-ingest(1) and telestat-profile(5).\n");
}

/* --keep HEADER,...: the source columns to pass through, appended to KEEP. */
static const char **
add_keep(char *arg, const char **keep, size_t *n)
{
	char *save = NULL, *item;

	for (item = strtok_r(arg, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		if (ts_role_parse(item) >= 0 && ts_role_parse(item) < TS_NCANON)
			usage_error("--keep %s: already an output column", item);
		keep = xreallocarray(keep, *n + 1, sizeof(char *));
		keep[(*n)++] = item;
	}
	return keep;
}

/* What the command line says, besides the reading options. */
struct ingest_cmd {
	struct ts_ingest_run_opts ro;
	struct ts_readopts r;
	const char *key_file, *output;
	const char **keep;
};

enum { OPT_KEEP = 256, OPT_SOURCE, OPT_INSTITUTION, OPT_KEY_FILE,
	OPT_REJECTS, OPT_MAX_ERRORS, OPT_HELP, OPT_VERSION, OPT_SUMMARY,
	OPT_MAX_REJECT_RATE, OPT_KEEP_IDENTIFIERS, OPT_MASK_REJECTS };

/* Besides these, the reading options of readopts.h. */
static const struct option own_longopts[] = {
	{ "keep", required_argument, NULL, OPT_KEEP },
	{ "keep-identifiers", no_argument, NULL, OPT_KEEP_IDENTIFIERS },
	{ "mask-rejects", no_argument, NULL, OPT_MASK_REJECTS },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "institution", required_argument, NULL, OPT_INSTITUTION },
	{ "key-file", required_argument, NULL, OPT_KEY_FILE },
	{ "rejects", required_argument, NULL, OPT_REJECTS },
	{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS },
	{ "max-reject-rate", required_argument, NULL, OPT_MAX_REJECT_RATE },
	{ "summary", required_argument, NULL, OPT_SUMMARY },
	{ "output", required_argument, NULL, 'o' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* One of ingest's own options; exits on --help, --version or a bad one. */
static void
take_option(struct ingest_cmd *c, int ch, char *arg)
{
	struct ts_ingest_opts *o = &c->ro.ingest;
	ts_error e;

	switch (ch) {
	case OPT_KEEP: c->keep = add_keep(arg, c->keep, &o->nkeep); break;
	case OPT_KEEP_IDENTIFIERS: o->keep_identifiers = 1; break;
	case OPT_MASK_REJECTS: o->mask_rejects = 1; break;
	case OPT_SOURCE: o->constants[TS_COL_SOURCE] = arg; break;
	case OPT_INSTITUTION: o->constants[TS_COL_INSTITUTION] = arg; break;
	case OPT_KEY_FILE: c->key_file = arg; break;
	case OPT_REJECTS:
		if (strcmp(arg, "-") == 0)
			usage_error("--rejects %s: name a file", arg);
		c->ro.rejects = arg;
		break;
	case OPT_MAX_ERRORS:
		o->max_errors = (uint64_t)ts_parse_count_option("--max-errors",
		    arg);
		break;
	case OPT_MAX_REJECT_RATE:
		if ((c->ro.max_rate = ts_runsum_rate_option(arg)) < 0)
			usage_error("--max-reject-rate %s: want a percentage from 0"
			    " to 100", arg);
		break;
	case OPT_SUMMARY:
		if (ts_runsum_path_option(arg, &e) < 0)
			ts_error_exit(&e, usage);
		c->ro.summary = arg;
		break;
	case 'o': c->output = arg; break;
	case 'q': o->quiet = 1; break;
	case 'v': o->verbose = 1; break;
	default:
		ts_option_end(ch, OPT_HELP, OPT_VERSION, help, usage);
	}
}

static void
parse_options(struct ingest_cmd *c, int argc, char **argv)
{
	struct option *longopts = ts_readopts_longopts(own_longopts);
	ts_error e;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, TS_READOPTS_SHORT "o:qvh",
	    longopts, NULL)) != -1) {
		if ((rc = ts_readopts_take(&c->r, ch, optarg, &e)) < 0)
			ts_error_exit(&e, usage);
		if (rc == 0)
			take_option(c, ch, optarg);
	}
	free(longopts);
}

/* The pseudonym key: --key-file, else $TELESTAT_KEY_FILE, else none. */
static ts_pseudonym *
load_key(const char *key_file)
{
	ts_pseudonym *key;
	int why_io;

	if (key_file == NULL && (key_file = getenv("TELESTAT_KEY_FILE")) != NULL &&
	    *key_file == '\0')
		key_file = NULL;
	if (key_file == NULL)
		return NULL;
	if ((key = ts_pseudonym_load(key_file, &why_io)) == NULL)
		ts_exit(why_io ? TS_EXIT_IO : TS_EXIT_USAGE);
	return key;
}

int
main(int argc, char **argv)
{
	struct ingest_cmd c = { .ro = { .max_rate = -1, .usage = usage },
	    .output = "-" };
	struct ts_ingest_opts *o = &c.ro.ingest;
	struct ts_inputs in;
	ts_profile *profile;
	ts_pseudonym *key;
	ts_out *out;
	ts_error e;
	int status;

	ts_set_progname(argv[0]);
	ts_readopts_init(&c.r, o);
	o->max_errors = UINT64_MAX;
	parse_options(&c, argc, argv);
	argc -= optind;
	argv += optind;
	if (o->mask_rejects && c.ro.rejects == NULL)
		usage_error("--mask-rejects: give --rejects FILE%s", "");

	if ((profile = ts_profile_load(c.r.profile)) == NULL)
		ts_exit_at_least(TS_EXIT_USAGE);   /* 3 after a read error */
	o->key = key = load_key(c.key_file);
	if (ts_out_names_input("-o", c.output, argv, argc) ||
	    ts_out_names_input("--rejects", c.ro.rejects, argv, argc)) {
		usage(stderr);
		ts_exit(TS_EXIT_USAGE);
	}
	if (c.ro.rejects != NULL && ts_same_file(c.ro.rejects, c.output))
		usage_error("--rejects %s: names the -o file; write to another file",
		    c.ro.rejects);
	o->profile = profile;
	o->keep = c.keep;
	in = ts_inputs_args(argc, argv);
	o->progress = ts_progress_new(o->quiet);
	if ((out = ts_out_open(c.output, &e)) == NULL)
		ts_error_exit(&e, NULL);
	status = ts_ingest_run(&c.ro, &in, out);
	ts_progress_end(o->progress);
	ts_profile_free(profile);
	ts_pseudonym_free(key);
	free(c.keep);
	ts_readopts_free(&c.r);
	return status;
}
