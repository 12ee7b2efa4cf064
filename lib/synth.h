/*
 * synth.h - deterministic synthetic exports, telestat-synth(1).
 *
 * Writes N rows shaped like the exports that telestat ingests (a generic
 * ministry CSV, HIS-MINSA, EsSalud CENATE, CENETEC state summaries, FHIR
 * R4 Encounters), with the messiness of real ones: accented and
 * abbreviated service labels, quoted fields holding commas, in-person and
 * empty labels, repeat patients, leading zeros in identifiers.
 *
 * The output is a pure function of the options: the same options give the
 * same bytes on every platform (see rng.h). Memory does not depend on the
 * number of rows: patients are numbered as they first appear, and a
 * patient's sex and age derive from a hash of that number, so repeat
 * visits agree without remembering anyone.
 */
#ifndef TS_SYNTH_H
#define TS_SYNTH_H

#include <stdint.h>

#include "out.h"

enum ts_synth_shape {
	TS_SYNTH_GENERIC,
	TS_SYNTH_MINSA_HIS,
	TS_SYNTH_ESSALUD_CENATE,
	TS_SYNTH_CENETEC_SUMMARY,
	TS_SYNTH_FHIR,
	TS_SYNTH_NSHAPES
};

#define TS_SYNTH_YEAR_MIN 1900
#define TS_SYNTH_YEAR_MAX 2100

typedef struct ts_synth_opts {
	int shape;           /* enum ts_synth_shape */
	uint64_t rows;       /* data rows (FHIR: resources) */
	uint64_t seed;
	/* The facility pool's own seed when has_network_seed, else seed's. */
	uint64_t network_seed;
	int has_network_seed;
	int year_from, year_to;
	int bundle;          /* FHIR only: one Bundle instead of NDJSON */
} ts_synth_opts;

/* Defaults: generic, 1000 rows, seed 1, years 2021-2025, NDJSON. */
void ts_synth_defaults(ts_synth_opts *o);

/* Shape named NAME ("generic", "minsa-his", ...), or -1. */
int ts_synth_shape_find(const char *name);
/* Name of SHAPE (static storage). */
const char *ts_synth_shape_name(int shape);

/*
 * Parses "YYYY" or "YYYY-YYYY" (from <= to, both within
 * TS_SYNTH_YEAR_MIN..MAX). Returns 0 and sets *from, *to, or -1.
 */
int ts_synth_parse_years(const char *s, int *from, int *to);

/* Writes the whole export described by OPTS to O (O is not closed). */
void ts_synth_write(ts_out *o, const ts_synth_opts *opts);
/*
 * Writes the facility table of the export OPTS describes (the network its
 * rows draw from): facility, name, region (ISO 3166-2, as the records of
 * that export give it), lat, lon (near the region's capital, from
 * share/regions/capitals-pe.tsv; empty without it), tab-separated, for
 * report --facilities. Returns -1 when the shape has no facilities.
 */
int ts_synth_write_facilities(ts_out *o, const ts_synth_opts *opts);

#endif
