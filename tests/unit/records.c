/* Unit tests: records escaping round-trip, reader, string map. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "records.h"
#include "strmap.h"

/* Writes fields through ts_out_field into a pipe-free memory check. */
static void
roundtrip(const char *bytes, size_t n, const char *name)
{
	char path[] = "/tmp/telestat-unit.XXXXXX";
	int fd = mkstemp(path);
	ts_out *o;
	ts_reader *r;
	ts_str *f;
	char *back;
	size_t m;

	o = ts_out_open_atomic(path, NULL);
	close(fd);
	ts_out_puts(o, "a\tb\n");
	ts_out_field(o, bytes, n);
	ts_out_putc(o, '\t');
	ts_out_field_str(o, "x");
	ts_out_putc(o, '\n');
	ts_out_close(o, NULL);
	r = ts_reader_open(path);
	ok(r != NULL, "reader opens");
	if (r == NULL)
		return;
	is_int(ts_reader_next(r, &f), TS_ROW_OK, "one record");
	back = malloc(f[0].n + 1);
	m = ts_unescape(f[0], back);
	is_mem(back, m, bytes, n, name);
	is_int(ts_reader_next(r, &f), TS_ROW_EOF, "then end of input");
	free(back);
	ts_reader_free(r);
	unlink(path);
}

static void
test_roundtrip(void)
{
	unsigned char all[256];
	int i;

	roundtrip("plain", 5, "plain text round-trips");
	roundtrip("", 0, "empty field round-trips");
	roundtrip("a\tb\nc\rd\\e", 9, "tab, newline, CR, backslash round-trip");
	roundtrip("\\t literal", 10, "literal backslash-t round-trips");
	roundtrip("Telemamograf\xc3\xad" "a", 15, "UTF-8 round-trips");
	for (i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	roundtrip((const char *)all, 256, "every byte value round-trips");
}

static void
test_reader(void)
{
	static const char data[] =
	    "date\tregion\tcount\n"
	    "2024-01-02\tPE-LIM\t1\n"
	    "2024-01-03\tPE-CUS\n"
	    "2024-01-04\tMX-CHP\t3";
	ts_input *in = ts_input_memory((const uint8_t *)data, sizeof(data) - 1, "mem");
	ts_reader *r = ts_reader_new(in);
	ts_str *f;

	ok(r != NULL, "memory reader opens");
	is_int(ts_reader_ncols(r), 3, "three columns");
	is_int(ts_reader_find(r, "count"), 2, "find count");
	is_int(ts_reader_find(r, "nope"), -1, "absent column is -1");
	is_int(ts_reader_next(r, &f), TS_ROW_OK, "row 1");
	ok(ts_str_eq(f[1], "PE-LIM"), "row 1 region");
	is_int(ts_reader_next(r, &f), TS_ROW_BAD, "ragged row is bad");
	is_int(ts_reader_line(r), 3, "bad row on line 3");
	is_str(ts_reader_error(r), "expected 3 fields, found 2", "ragged reason");
	is_int(ts_reader_next(r, &f), TS_ROW_OK, "reading resumes");
	ok(ts_str_eq(f[2], "3"), "last line without newline");
	is_int(ts_reader_next(r, &f), TS_ROW_EOF, "eof");
	ts_reader_free(r);

	in = ts_input_memory((const uint8_t *)"a\tb\ta\n", 6, "dup");
	ok(ts_reader_new(in) == NULL, "duplicate header rejected");
	in = ts_input_memory((const uint8_t *)"", 0, "empty");
	ok(ts_reader_new(in) == NULL, "empty input rejected");
}

static void
test_map(void)
{
	ts_map *m = ts_map_new();
	int ins;
	uint32_t id;
	char key[32];
	int i, good = 1;

	id = ts_map_intern(m, "TELECONSULTA", 12, &ins);
	is_int(id, 0, "first key gets id 0");
	is_int(ins, 1, "first key inserted");
	id = ts_map_intern(m, "TELECONSULTA", 12, &ins);
	is_int(ins, 0, "second intern finds it");
	for (i = 0; i < 10000; i++) {
		int n = snprintf(key, sizeof(key), "k%d", i);
		ts_map_intern(m, key, (size_t)n, NULL);
	}
	is_int(ts_map_size(m), 10001, "10001 distinct keys");
	for (i = 0; i < 10000; i++) {
		int n = snprintf(key, sizeof(key), "k%d", i);
		int64_t f = ts_map_find(m, key, (size_t)n);
		if (f != i + 1 || !ts_str_eq(ts_map_key(m, (uint32_t)f), key))
			good = 0;
	}
	ok(good, "every key found with its id after growth");
	is_int(ts_map_find(m, "missing", 7), -1, "missing key");
	ts_map_free(m);
}

/* A record longer than the reader's initial buffer, split across reads. */
static void
test_long_line(void)
{
	size_t big = 3 * 1024 * 1024, i;
	char *data = malloc(big + 64);
	size_t n = 0;
	ts_reader *r;
	ts_str *f;

	memcpy(data, "a\tb\n", 4);
	n = 4;
	for (i = 0; i < big; i++)
		data[n++] = (char)('a' + i % 26);
	memcpy(data + n, "\tz\nq\tr\n", 7);
	n += 7;
	r = ts_reader_new(ts_input_memory((const uint8_t *)data, n, "long"));
	is_int(ts_reader_next(r, &f), TS_ROW_OK, "3 MiB record read");
	is_int(f[0].n, big, "3 MiB field intact");
	ok(ts_str_eq(f[1], "z"), "field after the long one");
	is_int(ts_reader_next(r, &f), TS_ROW_OK, "next record");
	ok(ts_str_eq(f[0], "q") && ts_str_eq(f[1], "r"), "next record intact");
	is_int(ts_reader_next(r, &f), TS_ROW_EOF, "eof after long line");
	ts_reader_free(r);
	free(data);
}

/*
 * ts_reader_need: only the leading fields are split out, yet every
 * record's field count is still checked, across 16-byte blocks.
 */
static void
test_need(void)
{
	static const char data[] =
	    "a\tb\tc\td\n"
	    "first\tsecond field, long enough\tthird, also longer\tfourth\n"
	    "x\ty\tz\n"
	    "1\t2\t3\t4\t5\n"
	    "p\tq\t\t\n";
	ts_reader *r = ts_reader_new(ts_input_memory((const uint8_t *)data,
	    sizeof(data) - 1, "need"));
	ts_str *f;

	ok(r != NULL, "need: reader opens");
	if (r == NULL)
		return;
	ts_reader_need(r, 2);
	is_int(ts_reader_next(r, &f), TS_ROW_OK, "need: a whole record");
	is_mem(f[0].p, f[0].n, "first", 5, "need: field 1");
	is_mem(f[1].p, f[1].n, "second field, long enough", 25, "need: field 2");
	is_int(ts_reader_next(r, &f), TS_ROW_BAD, "need: 3 fields still a short record");
	is_str(ts_reader_error(r), "expected 4 fields, found 3", "need: counted");
	is_int(ts_reader_next(r, &f), TS_ROW_BAD, "need: 5 fields still a long record");
	is_str(ts_reader_error(r), "expected 4 fields, found 5", "need: counted past");
	is_int(ts_reader_next(r, &f), TS_ROW_OK, "need: empty trailing fields");
	is_mem(f[1].p, f[1].n, "q", 1, "need: field 2 of the last record");
	is_int(ts_reader_next(r, &f), TS_ROW_EOF, "need: end");
	ts_reader_free(r);
}

int
main(void)
{
	test_need();
	test_long_line();
	test_roundtrip();
	test_reader();
	test_map();
	return done_testing();
}
