/* jsonin.c - framing JSON records for cJSON; see jsonin.h. */
#include "jsonin.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define JSON_BUFSIZE (64 * 1024)
#define JSON_MAX_DEPTH 512

enum mode {
	MODE_START,     /* before the first top-level value */
	MODE_ARRAY,     /* records are the elements of a top-level array */
	MODE_OBJECTS,   /* records are top-level objects (NDJSON) */
	MODE_DONE       /* top-level array closed: only whitespace may follow */
};

struct ts_jsonin {
	ts_input *in;
	char *buf;                /* raw input window */
	size_t pos, len;
	int eof;
	uint64_t offset;          /* input offset of buf[pos] */
	uint64_t line;            /* line of buf[pos] */
	enum mode mode;
	int bundle;
	int bundle_open;          /* inside the Bundle object, after "entry" */
	char *rec;                /* bytes of the record being framed */
	size_t reclen, reccap;
	uint64_t recline, recoffset;
	char error[256];
};

/*
 * cJSON allocates every node and every string with malloc: some forty
 * calls for a 400-byte FHIR Encounter, and as many frees, a third of
 * the time of reading it. Records are parsed and freed one at a time, so
 * their allocations come from a bump arena that is rewound as soon as
 * everything in it has been freed; what does not fit (a record larger
 * than the arena, or a tree still alive) falls back to malloc. The
 * hooks are cJSON's global ones, installed by the first reader; readers
 * run on one thread. Under AddressSanitizer the arena is left out, so
 * that each node is still checked.
 */
#if defined(__SANITIZE_ADDRESS__)
#define JSON_ARENA 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JSON_ARENA 0
#endif
#endif
#ifndef JSON_ARENA
#define JSON_ARENA (1024 * 1024)
#endif

#if JSON_ARENA > 0
static struct {
	char *base;
	size_t used;            /* bytes handed out since the last rewind */
	size_t live;            /* allocations not freed yet */
} arena;

static void *
arena_alloc(size_t n)
{
	size_t need = (n + 15) & ~(size_t)15;
	void *p;

	if (need < n || JSON_ARENA - arena.used < need)
		return malloc(n);
	p = arena.base + arena.used;
	arena.used += need;
	arena.live++;
	return p;
}

static void
arena_free(void *p)
{
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)arena.base;

	if (p != NULL && a >= b && a - b < JSON_ARENA) {
		if (--arena.live == 0)
			arena.used = 0;
		return;
	}
	free(p);
}
#endif

static void
install_arena(void)
{
#if JSON_ARENA > 0
	cJSON_Hooks hooks;

	if (arena.base != NULL)
		return;
	arena.base = xmalloc(JSON_ARENA);
	hooks.malloc_fn = arena_alloc;
	hooks.free_fn = arena_free;
	cJSON_InitHooks(&hooks);
#endif
}

ts_jsonin *
ts_jsonin_new(ts_input *in)
{
	ts_jsonin *j;

	if (in == NULL)
		return NULL;
	install_arena();
	j = xcalloc(1, sizeof(*j));
	j->in = in;
	j->buf = xmalloc(JSON_BUFSIZE);
	j->line = 1;
	return j;
}

void
ts_jsonin_free(ts_jsonin *j)
{
	if (j == NULL)
		return;
	ts_input_close(j->in);
	free(j->buf);
	free(j->rec);
	free(j);
}

uint64_t
ts_jsonin_line(const ts_jsonin *j)
{
	return j->recline;
}

const char *
ts_jsonin_error(const ts_jsonin *j)
{
	return j->error;
}

const char *
ts_jsonin_name(const ts_jsonin *j)
{
	return ts_input_name(j->in);
}

int
ts_jsonin_is_bundle(const ts_jsonin *j)
{
	return j->bundle;
}

/* Next byte, or -1 at end of input, -2 on read error. */
static int refill(ts_jsonin *j);

static int
getbyte(ts_jsonin *j)
{
	int c = refill(j);

	if (c < 0)
		return c;
	c = (unsigned char)j->buf[j->pos++];
	j->offset++;
	if (c == '\n')
		j->line++;
	return c;
}

static void
unget(ts_jsonin *j, int c)
{
	/* Only ever called right after getbyte returned c >= 0. */
	j->pos--;
	j->offset--;
	if (c == '\n')
		j->line--;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
set_error(ts_jsonin *j, uint64_t line, uint64_t offset, const char *why)
{
	snprintf(j->error, sizeof(j->error), "line %llu, byte offset %llu: %s",
	    (unsigned long long)line, (unsigned long long)offset, why);
}

/* Skips whitespace (and a UTF-8 BOM at the very start). */
static int
skip_space(ts_jsonin *j)
{
	int c;

	do
		c = getbyte(j);
	while (c >= 0 && is_space(c));
	if (c == 0xEF && j->offset == 1) {
		if (getbyte(j) == 0xBB && getbyte(j) == 0xBF)
			return skip_space(j);
		set_error(j, j->line, 0, "invalid byte order mark");
		return -3;
	}
	return c;
}

/* Fills the window when it is used up: 0, -1 at end of input, -2. */
static int
refill(ts_jsonin *j)
{
	ssize_t n;

	if (j->pos < j->len)
		return 0;
	if (j->eof)
		return -1;
	n = ts_input_read(j->in, j->buf, JSON_BUFSIZE);
	if (n < 0) {
		snprintf(j->error, sizeof(j->error), "read error");
		return -2;
	}
	if (n == 0) {
		j->eof = 1;
		return -1;
	}
	j->pos = 0;
	j->len = (size_t)n;
	return 0;
}

/*
 * Consumes the first N bytes of the window, which hold LINES newlines,
 * appending them to the record. -1 when the record would pass 16 MiB.
 */
static int
take_span(ts_jsonin *j, size_t n, uint64_t lines)
{
	if (j->reclen + n > TS_JSON_MAX_RECORD)
		return -1;
	if (j->reccap - j->reclen < n) {
		while (j->reccap - j->reclen < n)
			j->reccap = j->reccap ? j->reccap * 2 : 4096;
		j->rec = xrealloc(j->rec, j->reccap);
	}
	memcpy(j->rec + j->reclen, j->buf + j->pos, n);
	j->reclen += n;
	j->pos += n;
	j->offset += n;
	j->line += lines;
	return 0;
}

/*
 * Frames one value starting with byte FIRST ('{' or '[', already
 * consumed) into j->rec. With WATCH_ENTRY (a top-level object that may
 * be a Bundle), stops as soon as the key "entry" at depth 1 is followed
 * by '[' and returns 2: the caller then streams the entry elements.
 * Returns 1 when the value is complete, or a negative status with
 * j->error set.
 *
 * The bytes are scanned in place, a window at a time, and copied to the
 * record in one piece per window; the text of strings other than keys
 * at depth 1 is skipped without looking at its bytes one by one.
 */
static int
frame_value(ts_jsonin *j, int first, int watch_entry)
{
	int depth = 1, in_string = 0, escape = 0;
	size_t nvalues = 1;     /* bounds what cJSON will allocate */
	char key[16];
	size_t keylen = 0;
	int key_done = 0;   /* a depth-1 string just closed: maybe a key */
	int is_key = 0;

	j->reclen = 0;
	if (j->reccap == 0) {
		j->reccap = 4096;
		j->rec = xmalloc(j->reccap);
	}
	j->rec[j->reclen++] = (char)first;
	for (;;) {
		const unsigned char *b;
		size_t i, n;
		uint64_t lines = 0;
		int rc = refill(j);

		if (rc == -2)
			return TS_JSON_FAIL;
		if (rc == -1) {
			set_error(j, j->line, j->offset,
			    in_string ? "unterminated string at end of input" :
			    "unexpected end of input inside a value");
			return TS_JSON_FAIL;
		}
		b = (const unsigned char *)j->buf + j->pos;
		n = j->len - j->pos;
		for (i = 0; i < n; i++) {
			int c = b[i];

			if (c == '\n')
				lines++;
			if (in_string) {
				if (escape) {
					escape = 0;
				} else if (c == '\\') {
					escape = 1;
				} else if (c == '"') {
					in_string = 0;
					key_done = (depth == 1);
					continue;
				} else if (is_key) {
					if (keylen < sizeof(key) - 1)
						key[keylen++] = (char)c;
				} else {
					/* Plain string text: on to what matters. */
					while (i + 1 < n && b[i + 1] != '"' &&
					    b[i + 1] != '\\' && b[i + 1] != '\n')
						i++;
				}
				key_done = 0;
				continue;
			}
			if (c == '"') {
				in_string = 1;
				is_key = (depth == 1);
				keylen = 0;
				key_done = 0;
				continue;
			}
			if (c == ',') {
				nvalues++;
			} else if (c == '{' || c == '[') {
				nvalues++;
				if (++depth > JSON_MAX_DEPTH) {
					(void)take_span(j, i + 1, lines);
					set_error(j, j->line, j->offset - 1,
					    "nesting deeper than 512 levels");
					return TS_JSON_FAIL;
				}
			} else if (c == '}' || c == ']') {
				if (--depth == 0) {
					if (take_span(j, i + 1, lines) < 0)
						goto too_large;
					if (nvalues > TS_JSON_MAX_VALUES) {
						set_error(j, j->recline, j->recoffset,
						    "record with more than 100000 values");
						return TS_JSON_BAD;
					}
					return 1;
				}
			} else if (c == ':' && key_done && watch_entry) {
				key[keylen] = '\0';
				if (strcmp(key, "entry") == 0) {
					int d;
					if (take_span(j, i + 1, lines) < 0)
						goto too_large;
					if ((d = skip_space(j)) == '[')
						return 2;
					if (d >= 0)
						unget(j, d);
					break;  /* a fresh window from here */
				}
			}
			if (!is_space(c) && c != ':')
				key_done = 0;
		}
		if (i == n && take_span(j, n, lines) < 0)
			goto too_large;
	}
too_large:
	set_error(j, j->recline, j->recoffset, "record larger than 16 MiB");
	return TS_JSON_FAIL;
}

/* Parses j->rec with cJSON; on failure, locates the error. */
static int
parse_record(ts_jsonin *j, cJSON **obj)
{
	const char *end = NULL;
	cJSON *v = cJSON_ParseWithLengthOpts(j->rec, j->reclen, &end, 0);

	if (v == NULL) {
		uint64_t line = j->recline, off = j->recoffset;
		const char *p;
		if (end == NULL || end < j->rec || end > j->rec + j->reclen)
			end = j->rec;
		for (p = j->rec; p < end; p++)
			if (*p == '\n')
				line++;
		off += (uint64_t)(end - j->rec);
		set_error(j, line, off, "malformed JSON");
		return TS_JSON_BAD;
	}
	if (!cJSON_IsObject(v)) {
		set_error(j, j->recline, j->recoffset, "record is not a JSON object");
		cJSON_Delete(v);
		return TS_JSON_BAD;
	}
	*obj = v;
	return TS_JSON_OK;
}

/* Skips to the start of the next line (NDJSON resynchronisation). */
static void
skip_line(ts_jsonin *j)
{
	int c;

	do
		c = getbyte(j);
	while (c >= 0 && c != '\n');
}

/*
 * Skips the members of an object up to its closing brace, the opening
 * brace having been consumed (depth 1).
 */
static int
skip_rest_of_object(ts_jsonin *j)
{
	int depth = 1, in_string = 0, escape = 0, c;

	while (depth > 0) {
		c = getbyte(j);
		if (c == -2)
			return TS_JSON_FAIL;
		if (c == -1) {
			set_error(j, j->line, j->offset,
			    "unexpected end of input inside the Bundle");
			return TS_JSON_FAIL;
		}
		if (in_string) {
			if (escape)
				escape = 0;
			else if (c == '\\')
				escape = 1;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '{' || c == '[') {
			if (++depth > JSON_MAX_DEPTH) {
				set_error(j, j->line, j->offset - 1,
				    "nesting deeper than 512 levels");
				return TS_JSON_FAIL;
			}
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return 0;
}

/* Next element of an array whose '[' was consumed. */
static int
next_in_array(ts_jsonin *j, cJSON **obj)
{
	int c = skip_space(j);

	if (c == ',')
		c = skip_space(j);
	if (c == ']') {
		j->mode = MODE_DONE;
		return 0;
	}
	if (c < 0) {
		if (c != -2 && c != -3)
			set_error(j, j->line, j->offset, "unexpected end of input inside an array");
		return TS_JSON_FAIL;
	}
	j->recline = j->line;
	j->recoffset = j->offset - 1;
	if (c != '{') {
		set_error(j, j->recline, j->recoffset, "array element is not an object");
		return TS_JSON_FAIL;
	}
	c = frame_value(j, c, 0);
	if (c < 0)
		return c;
	return parse_record(j, obj);
}

int
ts_jsonin_next(ts_jsonin *j, cJSON **obj)
{
	int c, rc;

	for (;;) {
		switch (j->mode) {
		case MODE_ARRAY:
			rc = next_in_array(j, obj);
			if (rc == 0)
				continue;
			return rc;
		case MODE_DONE:
			if (j->bundle_open) {
				/* Members after "entry" ("total", "link"...). */
				rc = skip_rest_of_object(j);
				if (rc < 0)
					return rc;
				j->bundle_open = 0;
				j->mode = MODE_OBJECTS;
				continue;
			}
			c = skip_space(j);
			if (c == -1)
				return TS_JSON_EOF;
			if (c >= 0)
				set_error(j, j->line, j->offset - 1,
				    "unexpected data after the end of the JSON value");
			return TS_JSON_FAIL;
		case MODE_START:
		case MODE_OBJECTS:
			c = skip_space(j);
			if (c == -1)
				return TS_JSON_EOF;
			if (c < -1)
				return TS_JSON_FAIL;
			j->recline = j->line;
			j->recoffset = j->offset - 1;
			if (c == '[' && j->mode == MODE_START) {
				j->mode = MODE_ARRAY;
				continue;
			}
			if (c != '{') {
				set_error(j, j->recline, j->recoffset,
				    "expected a JSON object or array");
				if (j->mode == MODE_START)
					return TS_JSON_FAIL;
				skip_line(j);
				return TS_JSON_BAD;
			}
			rc = frame_value(j, c, j->mode == MODE_START);
			if (rc == 2) {
				/* A Bundle: stream its entries, ignore the rest. */
				j->bundle = 1;
				j->bundle_open = 1;
				j->mode = MODE_ARRAY;
				continue;
			}
			j->mode = MODE_OBJECTS;
			if (rc < 0)
				return rc;
			return parse_record(j, obj);
		}
	}
}

int
ts_json_path_text(const cJSON *obj, const char *path, char *buf, size_t cap)
{
	const cJSON *v = obj;
	const char *p = path;

	while (*p != '\0' && v != NULL) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		char name[128];

		if (n >= sizeof(name))
			return 0;
		memcpy(name, p, n);
		name[n] = '\0';
		if (cJSON_IsArray(v)) {
			char *endp;
			long idx = strtol(name, &endp, 10);
			if (*endp != '\0' || idx < 0)
				return 0;
			v = cJSON_GetArrayItem(v, (int)idx);
		} else if (cJSON_IsObject(v)) {
			v = cJSON_GetObjectItemCaseSensitive(v, name);
		} else {
			return 0;
		}
		p += n;
		if (*p == '.')
			p++;
	}
	if (v == NULL || cap == 0)
		return 0;
	if (cJSON_IsString(v)) {
		/* As snprintf "%s" would, without its cost per value. */
		size_t n = strlen(v->valuestring);
		int cut = n >= cap;
		if (cut)
			n = cap - 1;
		memcpy(buf, v->valuestring, n);
		buf[n] = '\0';
		return cut ? 2 : 1;
	} else if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		/* In range first: casting a larger double is undefined. */
		if (d < 9e15 && d > -9e15 && d == (double)(long long)d)
			snprintf(buf, cap, "%lld", (long long)d);
		else
			snprintf(buf, cap, "%.17g", d);
	} else if (cJSON_IsBool(v))
		snprintf(buf, cap, "%s", cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsNull(v))
		buf[0] = '\0';
	else
		return 0;
	return 1;
}

const cJSON *
ts_json_resource(const cJSON *obj)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(obj, "resource");

	return cJSON_IsObject(r) ? r : obj;
}

size_t
ts_jsonin_fuzz(const uint8_t *data, size_t len)
{
	ts_jsonin *j = ts_jsonin_new(ts_input_memory(data, len, "fuzz"));
	size_t n = 0;
	cJSON *obj;
	int rc;

	if (j == NULL)
		return 0;
	while ((rc = ts_jsonin_next(j, &obj)) != TS_JSON_EOF && rc != TS_JSON_FAIL) {
		if (rc == TS_JSON_OK) {
			char buf[64];
			(void)ts_json_path_text(ts_json_resource(obj), "period.start",
			    buf, sizeof(buf));
			cJSON_Delete(obj);
			n++;
		}
	}
	ts_jsonin_free(j);
	return n;
}
