/*
 * pseudonym.h - keyed pseudonyms for patient identifiers.
 *
 * A pseudonym is the keyed BLAKE2b hash (libsodium crypto_generichash) of
 * the identifier's bytes, 16 bytes written as 32 lower-case hex digits.
 * The same key gives the same pseudonym for the same identifier in every
 * file and every run, so distinct patients can be counted across sources;
 * without the key the identifier cannot be recovered or confirmed.
 *
 * Key file: its bytes are the key, less one trailing newline (LF or CRLF);
 * 16 to 64 bytes. "head -c 32 /dev/urandom > key" or
 * "openssl rand -hex 32 > key" make good ones.
 */
#ifndef TS_PSEUDONYM_H
#define TS_PSEUDONYM_H

#include <stddef.h>

#define TS_PSEUDONYM_HEX 32     /* length of a pseudonym */
#define TS_KEY_MIN 16
#define TS_KEY_MAX 64

typedef struct ts_pseudonym ts_pseudonym;

/*
 * Reads a key file. Returns NULL after printing "PROG: key file PATH:
 * reason" (missing, not a regular file, group or others have access to
 * it, empty, too short, too long); *why_io is set to 1 when the reason is
 * an I/O error (a failed read, libsodium that cannot start) rather than a
 * bad key file.
 */
ts_pseudonym *ts_pseudonym_load(const char *path, int *why_io);
/*
 * From KEY[0..n) (TS_KEY_MIN..TS_KEY_MAX bytes); NULL if out of range, or
 * if libsodium cannot be initialised.
 */
ts_pseudonym *ts_pseudonym_new(const unsigned char *key, size_t n);
void ts_pseudonym_free(ts_pseudonym *ps);

/* Writes the TS_PSEUDONYM_HEX hex digits of ID[0..n) into OUT (no NUL). */
void ts_pseudonym_hex(const ts_pseudonym *ps, const char *id, size_t n,
    char *out);

#endif
