/* Unit tests: JSON record framing (NDJSON, arrays, FHIR Bundles). */
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "jsonin.h"

static ts_jsonin *
mem(const char *s)
{
	return ts_jsonin_new(ts_input_memory((const uint8_t *)s, strlen(s), "t.json"));
}

/* Reads every record; returns the count of OK records, writes statuses. */
static int
drain(const char *s, char *trace, size_t cap, const char *path)
{
	ts_jsonin *j = mem(s);
	cJSON *o;
	int rc, n = 0;
	size_t t = 0;
	char buf[64];

	trace[0] = '\0';
	while ((rc = ts_jsonin_next(j, &o)) != TS_JSON_EOF) {
		if (rc == TS_JSON_OK) {
			n++;
			if (path && ts_json_path_text(ts_json_resource(o), path, buf, sizeof(buf)))
				t += (size_t)snprintf(trace + t, cap - t, "[%s]", buf);
			else
				t += (size_t)snprintf(trace + t, cap - t, "[ok]");
			cJSON_Delete(o);
		} else {
			t += (size_t)snprintf(trace + t, cap - t, "{%s}", ts_jsonin_error(j));
			if (rc == TS_JSON_FAIL)
				break;
		}
	}
	ts_jsonin_free(j);
	return n;
}

int
main(void)
{
	char tr[1024];

	is_int(drain("{\"a\":1}\n{\"a\":2}\n", tr, sizeof(tr), "a"), 2, "ndjson: two records");
	is_str(tr, "[1][2]", "ndjson values");
	is_int(drain("[{\"a\":\"x\"}, {\"a\":\"y,}\\\"]\"}]", tr, sizeof(tr), "a"), 2, "array: two records");
	is_str(tr, "[x][y,}\"]]", "array values with brackets inside strings");
	drain("{\"a\":1}\n{\"a\":}\n{\"a\":3}\n", tr, sizeof(tr), "a");
	is_str(tr, "[1]{line 2, byte offset 13: malformed JSON}[3]",
	    "ndjson: malformed record reported with line and offset, reading goes on");
	drain("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[\n"
	    "{\"resource\":{\"resourceType\":\"Encounter\",\"period\":{\"start\":\"2024-03-01\"}}},\n"
	    "{\"resource\":{\"resourceType\":\"Encounter\",\"period\":{\"start\":\"2024-03-02\"}}}\n"
	    "],\"total\":2}\n", tr, sizeof(tr), "period.start");
	is_str(tr, "[2024-03-01][2024-03-02]", "bundle entries streamed");
	drain("[{\"a\":1},", tr, sizeof(tr), "a");
	is_str(tr, "[1]{line 1, byte offset 9: unexpected end of input inside an array}",
	    "truncated array");
	drain("{\"a\":\"unterminated", tr, sizeof(tr), "a");
	is_str(tr, "{line 1, byte offset 18: unterminated string at end of input}",
	    "unterminated string");
	drain("[1,2]", tr, sizeof(tr), "a");
	is_str(tr, "{line 1, byte offset 1: array element is not an object}", "scalar element");
	drain("[{\"a\":1}] x", tr, sizeof(tr), "a");
	is_str(tr, "[1]{line 1, byte offset 10: unexpected data after the end of the JSON value}",
	    "trailing garbage");
	drain("\xef\xbb\xbf{\"a\":\"bom\"}", tr, sizeof(tr), "a");
	is_str(tr, "[bom]", "BOM skipped");
	drain("{\"type\":[{\"coding\":[{\"code\":\"VR\"}]}], \"n\": 3.5, \"b\": true, \"z\": null}",
	    tr, sizeof(tr), "type.0.coding.0.code");
	is_str(tr, "[VR]", "path through arrays");
	{
		char buf[32];
		cJSON *o = cJSON_Parse("{\"n\": 3.5, \"i\": 42, \"b\": true, \"z\": null, \"o\": {}}");
		ok(ts_json_path_text(o, "n", buf, sizeof(buf)) && strcmp(buf, "3.5") == 0, "number");
		ok(ts_json_path_text(o, "i", buf, sizeof(buf)) && strcmp(buf, "42") == 0, "integer");
		ok(ts_json_path_text(o, "b", buf, sizeof(buf)) && strcmp(buf, "true") == 0, "bool");
		ok(ts_json_path_text(o, "z", buf, sizeof(buf)) && buf[0] == '\0', "null is empty");
		ok(!ts_json_path_text(o, "o", buf, sizeof(buf)), "object is not a scalar");
		ok(!ts_json_path_text(o, "missing.x", buf, sizeof(buf)), "missing path");
		cJSON_Delete(o);
	}
	{
		/* Deep nesting is refused without recursion blow-up. */
		size_t n = 100000, i;
		char *deep = malloc(n + 1);
		for (i = 0; i < n; i++)
			deep[i] = i < n / 2 ? '[' : ']';
		deep[0] = '{';
		deep[n] = '\0';
		drain(deep, tr, sizeof(tr), NULL);
		ok(strstr(tr, "nesting deeper") != NULL, "deep nesting refused");
		free(deep);
	}
	return done_testing();
}
