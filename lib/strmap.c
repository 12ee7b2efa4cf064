/* strmap.c - open-addressing interning map; see strmap.h. */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define ARENA_CHUNK (64 * 1024)

struct slot {
	uint64_t hash;
	uint32_t id;      /* id + 1; 0 marks an empty slot */
};

struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
};

struct ts_map {
	struct slot *slots;
	size_t mask;      /* slot count - 1 (a power of two) */
	ts_str *keys;     /* by id */
	size_t nkeys, keycap;
	struct chunk *arena;
};

uint64_t
ts_hash(const void *data, size_t n)
{
	/* FNV-1a over 8-byte words with a final avalanche (splitmix64). */
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)n;

	while (n >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * 0x100000001b3ULL;
		h ^= h >> 29;
		p += 8;
		n -= 8;
	}
	while (n--)
		h = (h ^ *p++) * 0x100000001b3ULL;
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

/*
 * The map's own hash, cheaper than ts_hash on short keys (labels, region
 * names, group keys): whole words, the tail as one overlapping load,
 * then an avalanche so that the low bits index the slots. ts_hash stays
 * as it is: HyperLogLog sketches in partial tables are built on it.
 */
static inline uint64_t
map_hash(const char *p, size_t n)
{
	const uint64_t k = 0x9e3779b97f4a7c15ULL;
	uint64_t h = (uint64_t)n * k, w;
	uint32_t a, b;

	for (; n > 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * k;
		h ^= h >> 32;
	}
	if (n == 8) {
		memcpy(&w, p, 8);
	} else if (n >= 4) {
		memcpy(&a, p, 4);
		memcpy(&b, p + n - 4, 4);
		w = a | (uint64_t)b << 32;
	} else if (n > 0) {
		w = (uint64_t)(unsigned char)p[0] << 16 |
		    (uint64_t)(unsigned char)p[n / 2] << 8 | (unsigned char)p[n - 1];
	} else {
		w = 0;
	}
	h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 31;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 29;
	return h;
}

ts_map *
ts_map_new(void)
{
	ts_map *m = xcalloc(1, sizeof(*m));

	m->mask = 63;
	m->slots = xcalloc(m->mask + 1, sizeof(struct slot));
	return m;
}

void
ts_map_free(ts_map *m)
{
	struct chunk *c, *next;

	if (m == NULL)
		return;
	for (c = m->arena; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(m->slots);
	free(m->keys);
	free(m);
}

static char *
arena_copy(ts_map *m, const char *p, size_t n)
{
	struct chunk *c = m->arena;
	char *dst;

	if (c == NULL || c->cap - c->used < n + 1) {
		size_t cap = n + 1 > ARENA_CHUNK ? n + 1 : ARENA_CHUNK;
		c = xmalloc(sizeof(*c) + cap);
		c->cap = cap;
		c->used = 0;
		c->next = m->arena;
		m->arena = c;
	}
	dst = c->data + c->used;
	memcpy(dst, p, n);
	dst[n] = '\0';
	c->used += n + 1;
	return dst;
}

static void
grow(ts_map *m)
{
	size_t ncap = (m->mask + 1) * 2, i;
	struct slot *ns = xcalloc(ncap, sizeof(struct slot));

	for (i = 0; i <= m->mask; i++) {
		size_t j;
		if (m->slots[i].id == 0)
			continue;
		for (j = m->slots[i].hash & (ncap - 1); ns[j].id != 0;
		    j = (j + 1) & (ncap - 1))
			;
		ns[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = ns;
	m->mask = ncap - 1;
}

static size_t
lookup(const ts_map *m, const char *p, size_t n, uint64_t h)
{
	size_t j;

	for (j = h & m->mask; m->slots[j].id != 0; j = (j + 1) & m->mask) {
		if (m->slots[j].hash == h) {
			ts_str k = m->keys[m->slots[j].id - 1];
			if (k.n == n && memcmp(k.p, p, n) == 0)
				return j;
		}
	}
	return j;
}

uint32_t
ts_map_intern(ts_map *m, const char *p, size_t n, int *inserted)
{
	uint64_t h = map_hash(p, n);
	size_t j = lookup(m, p, n, h);

	if (m->slots[j].id != 0) {
		if (inserted)
			*inserted = 0;
		return m->slots[j].id - 1;
	}
	if (m->nkeys == UINT32_MAX - 1)
		ts_out_of_memory("too many distinct keys");
	if (m->nkeys == m->keycap) {
		m->keycap = m->keycap ? m->keycap * 2 : 64;
		m->keys = xreallocarray(m->keys, m->keycap, sizeof(ts_str));
	}
	m->keys[m->nkeys].p = arena_copy(m, p, n);
	m->keys[m->nkeys].n = n;
	m->slots[j].hash = h;
	m->slots[j].id = (uint32_t)++m->nkeys;
	if (inserted)
		*inserted = 1;
	/* Keep the load factor under 1/2. */
	if (m->nkeys * 2 > m->mask + 1)
		grow(m);
	return (uint32_t)(m->nkeys - 1);
}

int64_t
ts_map_find(const ts_map *m, const char *p, size_t n)
{
	size_t j = lookup(m, p, n, map_hash(p, n));

	return m->slots[j].id ? (int64_t)m->slots[j].id - 1 : -1;
}

ts_str
ts_map_key(const ts_map *m, uint32_t id)
{
	return m->keys[id];
}

size_t
ts_map_size(const ts_map *m)
{
	return m->nkeys;
}
