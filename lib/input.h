/*
 * input.h - byte source for every reader: a file, standard input ("-") or
 * a memory buffer (for fuzzing), transparently gunzipped when it starts
 * with the gzip magic bytes (files and pipes alike), and decoded from
 * UTF-16 when the reader asks for it (ts_input_want_utf16).
 *
 * Reads are large (1 MiB) and go straight to read(2).
 */
#ifndef TS_INPUT_H
#define TS_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct ts_input ts_input;

/*
 * Opens PATH ("-" or NULL for standard input). On failure prints
 * "PROG: PATH: reason" and returns NULL, so callers can go on with the
 * next file. The name used in messages is PATH, or "<stdin>".
 */
ts_input *ts_input_open(const char *path);
/* Reads from a caller-owned buffer that must outlive the input. */
ts_input *ts_input_memory(const uint8_t *data, size_t len, const char *name);

/*
 * Reads up to cap bytes of (decompressed) data. Returns the number of
 * bytes, 0 at end of input, or -1 after printing an error (I/O error,
 * corrupt or truncated gzip data).
 */
ssize_t ts_input_read(ts_input *in, char *buf, size_t cap);

/*
 * Pushes BUF[0..n) back: the next reads return it first (copied). Lets a
 * caller look at the start of an input (to tell JSON from CSV) before
 * handing it to a reader.
 */
void ts_input_unread(ts_input *in, const char *buf, size_t n);

/*
 * Raw exports only (not records streams): recognise UTF-16 text (see
 * utf16.h) on the first read and decode it to UTF-8 from then on, its
 * byte order mark removed. Call before the first read.
 */
void ts_input_want_utf16(ts_input *in);
/* "utf-16le" or "utf-16be" when the input is being decoded, else NULL. */
const char *ts_input_utf16(const ts_input *in);

const char *ts_input_name(const ts_input *in);
/* The file descriptor read (a file, standard input), or -1 (memory). */
int ts_input_fd(const ts_input *in);

/*
 * The files a verb reads, in order: its operands, or standard input
 * ("-") when there are none. Borrowed from argv.
 */
struct ts_inputs {
	char *const *paths;
	size_t n;
};
/* The inputs named by ARGV[0..ARGC), or standard input when ARGC is 0. */
struct ts_inputs ts_inputs_args(int argc, char *const *argv);
int ts_input_is_gzip(const ts_input *in);
void ts_input_close(ts_input *in);

#endif
