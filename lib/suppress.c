/* suppress.c - primary and complementary cell suppression; see suppress.h. */
#include "suppress.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Arithmetic modulo a prime: sums have coefficients +-1, so the rank over
 * this field equals the rank over the rationals for any real report. */
#define PRIME 2147483647u

struct sum {
	uint32_t total;
	size_t off, n;       /* members in s->members[off..off+n) */
};

struct ts_supp {
	int64_t *value;
	unsigned char *state;
	size_t ncells, capcells;
	struct sum *sums;
	size_t nsums, capsums;
	uint32_t *members;
	size_t nmembers, capmembers;
};

ts_supp *
ts_supp_new(void)
{
	return xcalloc(1, sizeof(ts_supp));
}

void
ts_supp_free(ts_supp *s)
{
	if (s == NULL)
		return;
	free(s->value);
	free(s->state);
	free(s->sums);
	free(s->members);
	free(s);
}

uint32_t
ts_supp_cell(ts_supp *s, int64_t value)
{
	if (s->ncells == s->capcells) {
		s->capcells = s->capcells ? s->capcells * 2 : 64;
		s->value = xreallocarray(s->value, s->capcells, sizeof(*s->value));
		s->state = xreallocarray(s->state, s->capcells, 1);
	}
	s->value[s->ncells] = value;
	s->state[s->ncells] = TS_SUPP_SHOWN;
	return (uint32_t)s->ncells++;
}

int64_t
ts_supp_value(const ts_supp *s, uint32_t id)
{
	return id < s->ncells ? s->value[id] : 0;
}

size_t
ts_supp_ncells(const ts_supp *s)
{
	return s->ncells;
}

void
ts_supp_sum(ts_supp *s, uint32_t total, const uint32_t *members, size_t n)
{
	struct sum *sm;

	if (s->nsums == s->capsums) {
		s->capsums = s->capsums ? s->capsums * 2 : 32;
		s->sums = xreallocarray(s->sums, s->capsums, sizeof(*s->sums));
	}
	while (s->capmembers - s->nmembers < n) {
		s->capmembers = s->capmembers ? s->capmembers * 2 : 256;
		s->members = xreallocarray(s->members, s->capmembers,
		    sizeof(*s->members));
	}
	sm = &s->sums[s->nsums++];
	sm->total = total;
	sm->off = s->nmembers;
	sm->n = n;
	if (n > 0)
		memcpy(s->members + s->nmembers, members, n * sizeof(*members));
	s->nmembers += n;
}

void
ts_supp_mask(ts_supp *s, uint32_t id)
{
	if (id < s->ncells && s->state[id] == TS_SUPP_SHOWN)
		s->state[id] = TS_SUPP_COMPLEMENT;
}

int
ts_supp_state(const ts_supp *s, uint32_t id)
{
	return id < s->ncells ? s->state[id] : TS_SUPP_SHOWN;
}

size_t
ts_supp_count(const ts_supp *s, int state)
{
	size_t i, n = 0;

	for (i = 0; i < s->ncells; i++)
		n += s->state[i] == state;
	return n;
}

static size_t
masked_in(const ts_supp *s, const struct sum *sm)
{
	size_t i, n = s->state[sm->total] != TS_SUPP_SHOWN;

	for (i = 0; i < sm->n; i++)
		n += s->state[s->members[sm->off + i]] != TS_SUPP_SHOWN;
	return n;
}

/*
 * The cell to mask next in sum SM: the smallest unmasked non-zero member
 * (lowest id on ties, so results are stable), else an unmasked zero
 * member, else the total when unmasked. Returns -1 when all are masked.
 */
static int64_t
pick(const ts_supp *s, const struct sum *sm)
{
	int64_t best = -1, zero = -1;
	size_t i;

	for (i = 0; i < sm->n; i++) {
		uint32_t c = s->members[sm->off + i];
		if (s->state[c] != TS_SUPP_SHOWN)
			continue;
		if (s->value[c] == 0) {
			if (zero < 0 || c < (uint32_t)zero)
				zero = c;
		} else if (best < 0 || s->value[c] < s->value[best] ||
		    (s->value[c] == s->value[best] && c < (uint32_t)best)) {
			best = c;
		}
	}
	if (best >= 0)
		return best;
	if (zero >= 0)
		return zero;
	return s->state[sm->total] == TS_SUPP_SHOWN ? (int64_t)sm->total : -1;
}

static uint32_t
mulmod(uint32_t a, uint32_t b)
{
	return (uint32_t)((uint64_t)a * b % PRIME);
}

static uint32_t
invmod(uint32_t a)
{
	uint32_t r = 1, e = PRIME - 2;

	while (e) {
		if (e & 1)
			r = mulmod(r, a);
		a = mulmod(a, a);
		e >>= 1;
	}
	return r;
}

static uint32_t
addcoef(uint32_t a, int sign)
{
	return sign > 0 ? (a + 1) % PRIME : (a + PRIME - 1) % PRIME;
}

size_t
ts_supp_recoverable(const ts_supp *s, uint32_t *ids, size_t max)
{
	uint32_t *var, *col, *m;
	size_t nv = 0, nr = 0, i, j, k, r, rank = 0, found = 0;

	/* Columns: the masked cells. Rows: sums touching a masked cell. */
	var = xmalloc((s->ncells ? s->ncells : 1) * sizeof(*var));
	col = xmalloc((s->ncells ? s->ncells : 1) * sizeof(*col));
	for (i = 0; i < s->ncells; i++) {
		var[i] = UINT32_MAX;
		if (s->state[i] != TS_SUPP_SHOWN) {
			var[i] = (uint32_t)nv;
			col[nv++] = (uint32_t)i;
		}
	}
	if (nv == 0) {
		free(var);
		free(col);
		return 0;
	}
	for (i = 0; i < s->nsums; i++)
		nr += masked_in(s, &s->sums[i]) > 0;
	m = xcalloc(nr ? nr * nv : 1, sizeof(*m));
	for (i = 0, r = 0; i < s->nsums; i++) {
		const struct sum *sm = &s->sums[i];
		uint32_t *row;
		if (masked_in(s, sm) == 0)
			continue;
		row = m + r++ * nv;
		if (var[sm->total] != UINT32_MAX)
			row[var[sm->total]] = addcoef(row[var[sm->total]], -1);
		for (k = 0; k < sm->n; k++) {
			uint32_t c = s->members[sm->off + k];
			if (var[c] != UINT32_MAX)
				row[var[c]] = addcoef(row[var[c]], +1);
		}
	}
	/* Reduced row echelon form. */
	for (j = 0; j < nv && rank < nr; j++) {
		size_t p = rank;
		uint32_t inv;
		while (p < nr && m[p * nv + j] == 0)
			p++;
		if (p == nr)
			continue;
		if (p != rank)
			for (k = 0; k < nv; k++) {
				uint32_t t = m[p * nv + k];
				m[p * nv + k] = m[rank * nv + k];
				m[rank * nv + k] = t;
			}
		inv = invmod(m[rank * nv + j]);
		for (k = 0; k < nv; k++)
			m[rank * nv + k] = mulmod(m[rank * nv + k], inv);
		for (i = 0; i < nr; i++) {
			uint32_t f = m[i * nv + j];
			if (i == rank || f == 0)
				continue;
			for (k = 0; k < nv; k++)
				m[i * nv + k] = (m[i * nv + k] + PRIME -
				    mulmod(f, m[rank * nv + k])) % PRIME;
		}
		rank++;
	}
	/* A row with a single non-zero entry pins that cell down. */
	for (i = 0; i < rank; i++) {
		size_t nz = 0, at = 0;
		for (k = 0; k < nv; k++)
			if (m[i * nv + k] != 0) {
				nz++;
				at = k;
			}
		if (nz == 1) {
			if (ids != NULL && found < max)
				ids[found] = col[at];
			found++;
		}
	}
	free(m);
	free(var);
	free(col);
	return found;
}

/* Step 1 of the header: one masked cell in a sum gets a companion. */
static void
complete_sums(ts_supp *s)
{
	int changed = 1;
	size_t i;

	while (changed) {
		changed = 0;
		for (i = 0; i < s->nsums; i++) {
			int64_t c;
			if (masked_in(s, &s->sums[i]) != 1)
				continue;
			c = pick(s, &s->sums[i]);
			if (c >= 0) {
				s->state[c] = TS_SUPP_COMPLEMENT;
				changed = 1;
			}
		}
	}
}

static int
contains(const ts_supp *s, const struct sum *sm, uint32_t c)
{
	size_t k;

	if (sm->total == c)
		return 1;
	for (k = 0; k < sm->n; k++)
		if (s->members[sm->off + k] == c)
			return 1;
	return 0;
}

/* One more complement for recoverable cell C; 0 when none can be added. */
static int
protect(ts_supp *s, uint32_t c)
{
	const struct sum *best = NULL;
	size_t i, bestn = 0;

	/* The sum around C with the fewest masked cells that can take one. */
	for (i = 0; i < s->nsums; i++) {
		const struct sum *sm = &s->sums[i];
		size_t n;
		if (!contains(s, sm, c) || pick(s, sm) < 0)
			continue;
		n = masked_in(s, sm);
		if (best == NULL || n < bestn) {
			best = sm;
			bestn = n;
		}
	}
	if (best == NULL)
		return 0;
	s->state[pick(s, best)] = TS_SUPP_COMPLEMENT;
	return 1;
}

void
ts_supp_run(ts_supp *s, int64_t threshold)
{
	uint32_t *rec;
	size_t i;

	for (i = 0; i < s->ncells; i++)
		if (s->value[i] > 0 && s->value[i] < threshold)
			s->state[i] = TS_SUPP_PRIMARY;
	if (ts_supp_count(s, TS_SUPP_PRIMARY) == 0 &&
	    ts_supp_count(s, TS_SUPP_COMPLEMENT) == 0)
		return;
	rec = xmalloc(s->ncells * sizeof(*rec));
	for (;;) {
		size_t n, added = 0;
		complete_sums(s);
		n = ts_supp_recoverable(s, rec, s->ncells);
		for (i = 0; i < n && added == 0; i++)
			added += (size_t)protect(s, rec[i]);
		if (added == 0)
			break;
	}
	free(rec);
}
