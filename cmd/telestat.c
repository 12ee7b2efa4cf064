/*
 * telestat - dispatcher: "telestat VERB ARGS" runs "telestat-VERB ARGS",
 * looked up beside this executable, then in $TELESTAT_LIBEXEC, then on
 * PATH, the way git finds its subcommands.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"
#include "util.h"

static const struct {
	const char *verb, *what;
} verbs[] = {
	{ "ingest", "turn raw exports (CSV, JSON, FHIR) into records" },
	{ "classify", "fill category, subcategory and with_patient" },
	{ "filter", "keep records by year, date, category, region..." },
	{ "aggregate", "count records per group" },
	{ "merge", "combine partial aggregates" },
	{ "export", "write DHIS2, ADX or SQL from a table" },
	{ "report", "write the annual report" },
	{ "plot", "draw trend charts with gnuplot" },
	{ "validate", "check input files without writing data" },
	{ "synth", "write synthetic exports for demos and tests" },
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: telestat [--help | --version] COMMAND [ARGS...]\n"
	    "       telestat help COMMAND\n\ncommands:\n");
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		fprintf(f, "  %-10s %s\n", verbs[i].verb, verbs[i].what);
	fprintf(f, "\nSee telestat(1) and telestat-COMMAND(1).\n");
}

static int
known_verb(const char *v)
{
	size_t i;

	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(verbs[i].verb, v) == 0)
			return 1;
	return 0;
}

/* Tries DIR/telestat-VERB; returns only if it could not be executed. */
static void
try_exec(const char *dir, const char *verb, char **argv)
{
	size_t n = strlen(dir) + strlen(verb) + 11;
	char *path = xmalloc(n);

	snprintf(path, n, "%s/telestat-%s", dir, verb);
	execv(path, argv);
	free(path);
}

int
main(int argc, char **argv)
{
	const char *verb, *env;
	char *dir, *name;
	size_t n;

	ts_set_progname("telestat");
	if (argc < 2) {
		usage(stderr);
		return TS_EXIT_USAGE;
	}
	verb = argv[1];
	if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0) {
		usage(stdout);
		return ts_stdout_status();
	}
	if (strcmp(verb, "--version") == 0) {
		ts_print_version();
		return ts_stdout_status();
	}
	if (strcmp(verb, "help") == 0) {
		if (argc < 3) {
			usage(stdout);
			return ts_stdout_status();
		}
		verb = argv[2];
		argv[1] = (char *)verb;
		argv[2] = (char *)"--help";
		argv[3] = NULL;
		argv++;
	} else {
		argv++;
	}
	if (verb[0] == '-' || !known_verb(verb)) {
		fprintf(stderr, "telestat: unknown command '%s'\n", verb);
		usage(stderr);
		return TS_EXIT_USAGE;
	}
	n = strlen(verb) + 10;
	name = xmalloc(n);
	snprintf(name, n, "telestat-%s", verb);
	argv[0] = name;
	if ((dir = ts_exe_dir()) != NULL) {
		try_exec(dir, verb, argv);
		free(dir);
	}
	if ((env = getenv("TELESTAT_LIBEXEC")) != NULL && *env != '\0')
		try_exec(env, verb, argv);
	execvp(name, argv);
	fprintf(stderr, "telestat: cannot run %s: %s\n", name, strerror(errno));
	return errno == ENOENT ? TS_EXIT_DEP : TS_EXIT_IO;
}
