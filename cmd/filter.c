/*
 * telestat-filter - keep the records that match every test given (or,
 * with -v, those that do not); see telestat-filter(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "out.h"
#include "records.h"
#include "taxonomy.h"
#include "util.h"

static void
usage(FILE *f)
{
	fprintf(f, "usage: telestat filter [-x] [--year LIST] [--from DATE] "
	    "[--to DATE]\n"
	    "                       [--category LIST [--rollup NAME]] "
	    "[--region LIST]\n"
	    "                       [--institution LIST] [--with-patient yes|no]\n"
	    "                       [-e COLUMN=VALUE]... [--stats] [-o FILE] "
	    "[FILE...]\n");
}

static void
help(void)
{
	usage(stdout);
	printf("\nKeeps the records (telestat-records(5)) that pass every test.\n\n"
	    "  --year LIST          years: 2024, 2021-2023, 2019,2021-2023\n"
	    "  --from DATE          on or after DATE (YYYY-MM-DD, YYYY-MM, YYYY)\n"
	    "  --to DATE            on or before DATE\n"
	    "  --category LIST      categories or CATEGORY/SUBCATEGORY items\n"
	    "  --rollup NAME        a category also selects its children under\n"
	    "                       roll-up NAME (essalud)\n"
	    "  --region LIST        regions; a country code (PE) selects PE-*\n"
	    "  --institution LIST   institutions (ASCII case ignored)\n"
	    "  --with-patient yes|no\n"
	    "  -e COLUMN=VALUE      exact value of any column (COLUMN!=VALUE too)\n"
	    "  -x, --invert         keep the records that do not match\n"
	    "      --stats          report kept and dropped records on stderr\n"
	    "  -o, --output FILE    write to FILE (atomically) instead of stdout\n"
	    "  -h, --help, --version\n\n"
	    "See telestat-filter(1).\n");
}

struct optlist {
	const char **v;
	size_t n;
};

static void
push(struct optlist *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(char *));
	l->v[l->n++] = s;
}

int
main(int argc, char **argv)
{
	enum { OPT_YEAR = 256, OPT_FROM, OPT_TO, OPT_CATEGORY, OPT_ROLLUP,
	    OPT_REGION, OPT_INSTITUTION, OPT_WITH_PATIENT, OPT_STATS, OPT_HELP,
	    OPT_VERSION };
	static const struct option longopts[] = {
		{ "year", required_argument, NULL, OPT_YEAR },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "category", required_argument, NULL, OPT_CATEGORY },
		{ "rollup", required_argument, NULL, OPT_ROLLUP },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "institution", required_argument, NULL, OPT_INSTITUTION },
		{ "with-patient", required_argument, NULL, OPT_WITH_PATIENT },
		{ "invert", no_argument, NULL, 'x' },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	struct optlist years = { 0 }, cats = { 0 }, regions = { 0 },
	    insts = { 0 }, exprs = { 0 };
	const char *from = NULL, *to = NULL, *rollup = NULL, *wp = NULL;
	const char *out_path = "-";
	int invert = 0, stats = 0, ch, i, nfiles, bad;
	uint64_t nin = 0, nkept = 0, ndropped = 0, nrejected = 0, ninvalid = 0;
	char err[512];
	ts_taxonomy *tax = NULL;
	ts_filter *f;
	ts_out *out;
	static char *stdin_only[] = { "-", NULL };
	char **files;
	size_t k;
	int rc = 0, header_written = 0;

	ts_set_progname(argv[0]);
	while ((ch = getopt_long(argc, argv, "e:o:xh", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_YEAR: push(&years, optarg); break;
		case OPT_FROM: from = optarg; break;
		case OPT_TO: to = optarg; break;
		case OPT_CATEGORY: push(&cats, optarg); break;
		case OPT_ROLLUP: rollup = optarg; break;
		case OPT_REGION: push(&regions, optarg); break;
		case OPT_INSTITUTION: push(&insts, optarg); break;
		case OPT_WITH_PATIENT: wp = optarg; break;
		case 'e': push(&exprs, optarg); break;
		case 'x': invert = 1; break;
		case OPT_STATS: stats = 1; break;
		case 'o': out_path = optarg; break;
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
	if (rollup != NULL && cats.n == 0) {
		ts_warn("--rollup needs --category");
		usage(stderr);
		return TS_EXIT_USAGE;
	}
	/* The taxonomy is read only when categories are named. */
	if (cats.n > 0)
		tax = ts_taxonomy_load(NULL);
	f = ts_filter_new(tax);
	for (k = 0; rc == 0 && k < years.n; k++)
		rc = ts_filter_years(f, years.v[k], err, sizeof(err));
	if (rc == 0 && from != NULL)
		rc = ts_filter_from(f, from, err, sizeof(err));
	if (rc == 0 && to != NULL)
		rc = ts_filter_to(f, to, err, sizeof(err));
	for (k = 0; rc == 0 && k < cats.n; k++)
		rc = ts_filter_categories(f, cats.v[k], err, sizeof(err));
	if (rc == 0 && rollup != NULL)
		rc = ts_filter_rollup(f, rollup, err, sizeof(err));
	for (k = 0; rc == 0 && k < regions.n; k++)
		rc = ts_filter_regions(f, regions.v[k], err, sizeof(err));
	for (k = 0; rc == 0 && k < insts.n; k++)
		rc = ts_filter_institutions(f, insts.v[k], err, sizeof(err));
	if (rc == 0 && wp != NULL)
		rc = ts_filter_with_patient(f, wp, err, sizeof(err));
	for (k = 0; rc == 0 && k < exprs.n; k++)
		rc = ts_filter_expr(f, exprs.v[k], err, sizeof(err));
	if (rc != 0) {
		ts_warn("%s", err);
		usage(stderr);
		ts_exit(TS_EXIT_USAGE);
	}
	ts_filter_invert(f, invert);

	nfiles = argc - optind;
	files = nfiles > 0 ? argv + optind : stdin_only;
	if (nfiles == 0)
		nfiles = 1;
	if (ts_out_names_input("-o", out_path, files, nfiles)) {
		usage(stderr);
		ts_exit(TS_EXIT_USAGE);
	}
	out = ts_out_open(out_path);
	for (i = 0; i < nfiles; i++) {
		ts_input *in = ts_input_open(files[i]);
		ts_reader *r;
		ts_str *fields;

		if (in == NULL) {
			ts_status_raise(TS_EXIT_IO);
			continue;
		}
		if ((r = ts_reader_new(in)) == NULL) {
			ts_status_raise(TS_EXIT_DATA);
			continue;
		}
		if (ts_filter_begin(f, r, err, sizeof(err)) < 0) {
			ts_warn("%s", err);
			if (!header_written) {
				/*
				 * A test names a column the input lacks: nothing
				 * is published (-o is removed).
				 */
				ts_exit(TS_EXIT_MISSING_COLUMN);
			}
			ts_status_raise(TS_EXIT_DATA);
			ts_reader_free(r);
			continue;
		}
		if (!header_written) {
			size_t c, n = ts_reader_ncols(r);
			for (c = 0; c < n; c++) {
				if (c > 0)
					ts_out_putc(out, '\t');
				ts_out_field_str(out, ts_reader_colname(r, c));
			}
			ts_out_putc(out, '\n');
			header_written = 1;
		}
		while ((rc = ts_reader_next(r, &fields)) != TS_ROW_EOF) {
			ts_str raw;
			if (rc == TS_ROW_FAIL) {
				ts_status_raise(TS_EXIT_IO);
				break;
			}
			nin++;
			if (rc == TS_ROW_BAD) {
				ts_reader_warn(r, ts_reader_error(r));
				nrejected++;
				ts_status_raise(TS_EXIT_DATA);
				continue;
			}
			if (ts_filter_row(f, fields, &bad, err, sizeof(err))) {
				raw = ts_reader_raw(r);
				ts_out_write(out, raw.p, raw.n);
				ts_out_putc(out, '\n');
				nkept++;
			} else
				ndropped++;
			if (bad) {
				ts_reader_warn(r, err);
				ninvalid++;
				ts_status_raise(TS_EXIT_DATA);
			}
		}
		ts_reader_free(r);
	}
	ts_out_finish(out, ts_status());

	if (ts_filter_straddling(f) > 0)
		ts_warn("records known only by month or year that cross "
		    "--from/--to: %llu, counted as outside the range",
		    (unsigned long long)ts_filter_straddling(f));
	if (stats || nrejected > 0 || ninvalid > 0)
		ts_warn("records: %llu in, %llu kept, %llu dropped, %llu rejected",
		    (unsigned long long)nin, (unsigned long long)nkept,
		    (unsigned long long)ndropped, (unsigned long long)nrejected);
	ts_filter_free(f);
	ts_taxonomy_free(tax);
	free(years.v);
	free(cats.v);
	free(regions.v);
	free(insts.v);
	free(exprs.v);
	if (fflush(stderr) != 0)
		ts_status_raise(TS_EXIT_IO);
	return ts_status();
}
