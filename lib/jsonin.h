/*
 * jsonin.h - streaming reader of JSON records: NDJSON (one object per
 * line, or any sequence of top-level objects), a top-level array of
 * objects, or a FHIR Bundle (the elements of its "entry" array).
 *
 * The reader frames one record at a time (tracking strings, escapes and
 * nesting in the bytes) and hands each record to cJSON, so memory is
 * bounded by the largest record (TS_JSON_MAX_RECORD), never by the file:
 * a 2 GB Bundle streams like an NDJSON file.
 *
 * Errors carry the file, line and byte offset (0-based from the start of
 * the decompressed input) of the offending byte.
 */
#ifndef TS_JSONIN_H
#define TS_JSONIN_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "input.h"

#define TS_JSON_MAX_RECORD (16u * 1024 * 1024)
/*
 * A record with more values (elements and members) than this is
 * rejected before cJSON sees it: cJSON allocates about 64 bytes per
 * value, so this bounds a record's tree to a few megabytes where a
 * 16 MiB record of "0," would take half a gigabyte.
 */
#define TS_JSON_MAX_VALUES 100000

typedef struct ts_jsonin ts_jsonin;

enum ts_json_status {
	TS_JSON_OK = 1,     /* *obj holds a record */
	TS_JSON_EOF = 0,
	TS_JSON_BAD = -1,   /* one record is malformed: ts_jsonin_error();
	                       reading continues with the next record */
	TS_JSON_FAIL = -2   /* the file cannot be read further (I/O error,
	                       broken structure outside records); the
	                       message is in ts_jsonin_error() */
};

/* Takes ownership of IN (NULL is passed through as NULL). */
ts_jsonin *ts_jsonin_new(ts_input *in);
void ts_jsonin_free(ts_jsonin *j);

/*
 * Next record. On TS_JSON_OK, *obj is a cJSON tree the caller must free
 * with cJSON_Delete. For a Bundle, the record is the entry element
 * ({"fullUrl":..., "resource": {...}}); see ts_json_resource().
 */
int ts_jsonin_next(ts_jsonin *j, cJSON **obj);

/* Line (1-based) where the last record (or error) starts. */
uint64_t ts_jsonin_line(const ts_jsonin *j);
/* "line L, byte offset N: reason" for the last BAD or FAIL. */
const char *ts_jsonin_error(const ts_jsonin *j);
const char *ts_jsonin_name(const ts_jsonin *j);
/* 1 once the input was recognised as a FHIR Bundle. */
int ts_jsonin_is_bundle(const ts_jsonin *j);

/*
 * The value at a dotted PATH in OBJ ("period.start", "class.code",
 * "type.0.coding.0.display"; digits index arrays), as text: strings
 * as they are, numbers in shortest form, true/false, "" for null.
 * Returns 1 and fills buf (NUL-terminated) when the path leads to a
 * scalar, 2 when it does but a string had to be cut to fit cap, else 0.
 */
int ts_json_path_text(const cJSON *obj, const char *path, char *buf, size_t cap);

/* The FHIR resource in a Bundle entry, or OBJ itself when it is one. */
const cJSON *ts_json_resource(const cJSON *obj);

/*
 * Fuzzing entry point: frames and parses every record of DATA; returns
 * the number of records parsed.
 */
size_t ts_jsonin_fuzz(const uint8_t *data, size_t len);

#endif
