/*
 * telestat-ingest - raw CSV exports to records(5). See telestat-ingest(1).
 *
 * Options and the per-file loop only; the work is in lib/ingest.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "encoding.h"
#include "ingest.h"
#include "input.h"
#include "out.h"
#include "profile.h"
#include "pseudonym.h"
#include "regions.h"
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
	    "  -q, --quiet              no summary line\n"
	    "  -v, --verbose            report delimiter, column mapping, unknown regions\n"
	    "  -h, --help, --version\n\n"
	    "See telestat-ingest(1) and telestat-profile(5).\n");
}

static int
parse_delim(const char *s)
{
	if (strcmp(s, "\\t") == 0 || strcmp(s, "tab") == 0 ||
	    strcmp(s, "TAB") == 0 || strcmp(s, "\t") == 0)
		return '\t';
	if (s[0] == '\0' || s[1] != '\0' || (unsigned char)s[0] >= 0x80 ||
	    s[0] == '"' || s[0] == '\n' || s[0] == '\r')
		usage_error("-d %s: the delimiter must be one ASCII character"
		    " other than a quote or newline", s);
	return (unsigned char)s[0];
}

/* --map date=fecha,region=dep: fills map[role]; "" unmaps a column. */
static void
parse_map(char *arg, const char **map)
{
	char *save = NULL, *item;

	for (item = strtok_r(arg, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		int role;
		if (eq == NULL)
			usage_error("--map %s: expected COLUMN=HEADER", item);
		*eq = '\0';
		if ((role = ts_role_parse(item)) < 0)
			usage_error("--map: unknown column \"%s\" (see telestat-records(5))",
			    item);
		if (map[role] != NULL)
			usage_error("--map: column \"%s\" is mapped twice", item);
		map[role] = eq + 1;
	}
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

/* --lookup ROLE=FILE, or ROLE=FILE:KEY:VALUE (the last two colons). */
static struct ts_ingest_lookup *
add_lookup(char *arg, struct ts_ingest_lookup *lookups, size_t *n)
{
	struct ts_ingest_lookup l = { -1, NULL, NULL, NULL };
	char *eq = strchr(arg, '='), *c2, *c1;

	if (eq == NULL || eq[1] == '\0')
		usage_error("--lookup %s: want ROLE=FILE[:KEY:VALUE]", arg);
	*eq = '\0';
	if ((l.role = ts_role_parse(arg)) < 0 || l.role >= TS_NCANON)
		usage_error("--lookup %s: not an output column", arg);
	l.file = eq + 1;
	if ((c2 = strrchr(l.file, ':')) != NULL) {
		*c2 = '\0';
		if ((c1 = strrchr(l.file, ':')) == NULL || c1[1] == '\0' ||
		    c2[1] == '\0' || c1 == l.file)
			usage_error("--lookup %s: want ROLE=FILE[:KEY:VALUE]", arg);
		*c1 = '\0';
		l.key = c1 + 1;
		l.value = c2 + 1;
	}
	lookups = xreallocarray(lookups, *n + 1, sizeof(*lookups));
	lookups[(*n)++] = l;
	return lookups;
}

/* --date-format FMT, checked, appended to the formats tried in order. */
static const char **
add_date_format(const char *arg, const char **formats, size_t *n)
{
	const char *why = ts_date_format_check(arg);

	if (why != NULL) {
		fprintf(stderr, "%s: --date-format %s: %s\n", ts_progname(), arg,
		    why);
		usage(stderr);
		ts_exit(TS_EXIT_USAGE);
	}
	formats = xreallocarray(formats, *n + 1, sizeof(char *));
	formats[(*n)++] = arg;
	return formats;
}

int
main(int argc, char **argv)
{
	enum { OPT_ENCODING = 256, OPT_COUNTRY, OPT_MAP, OPT_KEEP,
		OPT_DATE_FORMAT, OPT_SOURCE, OPT_INSTITUTION, OPT_KEY_FILE,
		OPT_REJECTS, OPT_MAX_ERRORS, OPT_LOOKUP, OPT_LENIENT, OPT_FORMAT,
		OPT_HELP, OPT_VERSION, OPT_SUMMARY, OPT_MAX_REJECT_RATE,
		OPT_DUPLICATES, OPT_KEEP_IDENTIFIERS, OPT_MASK_REJECTS };
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "encoding", required_argument, NULL, OPT_ENCODING },
		{ "country", required_argument, NULL, OPT_COUNTRY },
		{ "map", required_argument, NULL, OPT_MAP },
		{ "keep", required_argument, NULL, OPT_KEEP },
		{ "lookup", required_argument, NULL, OPT_LOOKUP },
		{ "keep-identifiers", no_argument, NULL, OPT_KEEP_IDENTIFIERS },
		{ "mask-rejects", no_argument, NULL, OPT_MASK_REJECTS },
		{ "date-format", required_argument, NULL, OPT_DATE_FORMAT },
		{ "source", required_argument, NULL, OPT_SOURCE },
		{ "institution", required_argument, NULL, OPT_INSTITUTION },
		{ "key-file", required_argument, NULL, OPT_KEY_FILE },
		{ "rejects", required_argument, NULL, OPT_REJECTS },
		{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS },
		{ "max-reject-rate", required_argument, NULL, OPT_MAX_REJECT_RATE },
		{ "duplicates", required_argument, NULL, OPT_DUPLICATES },
		{ "summary", required_argument, NULL, OPT_SUMMARY },
		{ "lenient", no_argument, NULL, OPT_LENIENT },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	struct ts_ingest_run_opts ro = { .max_rate = -1, .usage = usage };
	struct ts_ingest_opts *op = &ro.ingest;
	const char *profile_arg = "generic", *key_file = NULL, *output = "-";
	const char **keep = NULL, **date_formats = NULL;
	struct ts_ingest_lookup *lookups = NULL;
	struct ts_inputs in;
	ts_profile *profile;
	ts_pseudonym *key = NULL;
	int ch, status;

	ts_set_progname(argv[0]);
	op->delim = op->encoding = op->country = op->format = -1;
	op->max_errors = UINT64_MAX;
	while ((ch = getopt_long(argc, argv, "p:d:o:qvh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			profile_arg = optarg;
			break;
		case 'd':
			op->delim = parse_delim(optarg);
			break;
		case OPT_ENCODING:
			if ((op->encoding = ts_encoding_parse(optarg)) < 0)
				usage_error("--encoding %s: use utf-8, latin1 or cp1252", optarg);
			break;
		case OPT_COUNTRY:
			if ((op->country = ts_country_parse(optarg)) < 0)
				usage_error("--country %s: use PE or MX", optarg);
			break;
		case OPT_MAP:
			parse_map(optarg, op->map);
			break;
		case OPT_KEEP:
			keep = add_keep(optarg, keep, &op->nkeep);
			break;
		case OPT_LOOKUP:
			op->lookups = lookups = add_lookup(optarg, lookups,
			    &op->nlookups);
			break;
		case OPT_KEEP_IDENTIFIERS:
			op->keep_identifiers = 1;
			break;
		case OPT_MASK_REJECTS:
			op->mask_rejects = 1;
			break;
		case OPT_DATE_FORMAT:
			op->date_formats = date_formats = add_date_format(optarg,
			    date_formats, &op->ndate_formats);
			break;
		case OPT_SOURCE:
			op->constants[TS_COL_SOURCE] = optarg;
			break;
		case OPT_INSTITUTION:
			op->constants[TS_COL_INSTITUTION] = optarg;
			break;
		case OPT_KEY_FILE:
			key_file = optarg;
			break;
		case OPT_REJECTS:
			if (strcmp(optarg, "-") == 0)
				usage_error("--rejects %s: name a file", optarg);
			ro.rejects = optarg;
			break;
		case OPT_MAX_ERRORS:
			op->max_errors = (uint64_t)ts_parse_count_option("--max-errors", optarg);
			break;
		case OPT_MAX_REJECT_RATE:
			if ((ro.max_rate = ts_runsum_rate_option(optarg)) < 0)
				usage_error("--max-reject-rate %s: want a percentage from 0"
				    " to 100", optarg);
			break;
		case OPT_DUPLICATES:
			if ((op->duplicates = ts_ingest_dupes_option(optarg)) < 0)
				usage_error("--duplicates %s: want keep or reject", optarg);
			break;
		case OPT_SUMMARY:
			if (strcmp(optarg, "-") == 0)
				usage_error("--summary %s: name a file", optarg);
			ro.summary = optarg;
			break;
		case OPT_LENIENT:
			op->lenient = 1;
			break;
		case OPT_FORMAT:
			if ((op->format = ts_format_option(optarg)) < 0)
				usage_error("--format %s: want csv, json or ndjson", optarg);
			break;
		case 'o':
			output = optarg;
			break;
		case 'q':
			op->quiet = 1;
			break;
		case 'v':
			op->verbose = 1;
			break;
		case 'h':
		case OPT_HELP:
			help();
			return ts_stdout_status();
		case OPT_VERSION:
			ts_print_version();
			return ts_stdout_status();
		default:
			usage(stderr);
			return TS_EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (op->mask_rejects && ro.rejects == NULL)
		usage_error("--mask-rejects: give --rejects FILE%s", "");

	if ((profile = ts_profile_load(profile_arg)) == NULL)
		ts_exit(TS_EXIT_USAGE);
	if (key_file == NULL && (key_file = getenv("TELESTAT_KEY_FILE")) != NULL &&
	    *key_file == '\0')
		key_file = NULL;
	if (key_file != NULL) {
		int why_io;
		if ((key = ts_pseudonym_load(key_file, &why_io)) == NULL)
			ts_exit(why_io ? TS_EXIT_IO : TS_EXIT_USAGE);
	}
	if (ts_out_names_input("-o", output, argv, argc) ||
	    ts_out_names_input("--rejects", ro.rejects, argv, argc)) {
		usage(stderr);
		ts_exit(TS_EXIT_USAGE);
	}
	if (ro.rejects != NULL && ts_same_file(ro.rejects, output))
		usage_error("--rejects %s: names the -o file; write to another file",
		    ro.rejects);
	op->profile = profile;
	op->keep = keep;
	op->key = key;
	in = ts_inputs_args(argc, argv);
	status = ts_ingest_run(&ro, &in, ts_out_open(output));
	ts_profile_free(profile);
	ts_pseudonym_free(key);
	free(keep);
	free(date_formats);
	free(lookups);
	return status;
}
