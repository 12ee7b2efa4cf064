/*
 * Unit tests: small-cell suppression. Besides fixed cases, random tables
 * (with row, column and grand totals, and hierarchical subtotals) are
 * suppressed and then attacked with an independent solver: for every
 * masked cell, floating-point Gaussian elimination decides whether the
 * published cells and the totals pin it down. None may be recoverable.
 */
#include <math.h>
#include <stdlib.h>

#include "../tap.h"
#include "suppress.h"

#define MAXC 64
#define MAXS 32

/* The sums of a test table, kept on the side for the attacker. */
struct eq {
	int total, members[MAXC], n;
};
static struct eq eqs[MAXS];
static int neqs;

static void
add_sum(ts_supp *s, int total, const int *members, int n)
{
	uint32_t m[MAXC] = {0};
	int i;

	for (i = 0; i < n; i++)
		m[i] = (uint32_t)members[i];
	ts_supp_sum(s, (uint32_t)total, m, (size_t)n);
	eqs[neqs].total = total;
	eqs[neqs].n = n;
	for (i = 0; i < n; i++)
		eqs[neqs].members[i] = members[i];
	neqs++;
}

/* Rank of an R x C matrix (row-major, modified in place). */
static int
rank_of(double *a, int r, int c)
{
	int rank = 0, j, i, k;

	for (j = 0; j < c && rank < r; j++) {
		int p = rank;
		for (i = rank + 1; i < r; i++)
			if (fabs(a[i * c + j]) > fabs(a[p * c + j]))
				p = i;
		if (fabs(a[p * c + j]) < 1e-9)
			continue;
		for (k = 0; k < c; k++) {
			double t = a[p * c + k];
			a[p * c + k] = a[rank * c + k];
			a[rank * c + k] = t;
		}
		for (i = 0; i < r; i++) {
			double f;
			if (i == rank)
				continue;
			f = a[i * c + j] / a[rank * c + j];
			for (k = 0; k < c; k++)
				a[i * c + k] -= f * a[rank * c + k];
		}
		rank++;
	}
	return rank;
}

/*
 * Masked cell CELL is recoverable iff adding the row e_CELL to the
 * equations (restricted to masked cells) does not raise their rank.
 */
static int
attacker_recovers(const ts_supp *s, int cell)
{
	static double a[(MAXS + 1) * MAXC], b[(MAXS + 1) * MAXC];
	int var[MAXC], nv = 0, i, k, r1, r2;
	int n = (int)ts_supp_ncells(s);

	for (i = 0; i < n; i++)
		var[i] = ts_supp_state(s, (uint32_t)i) ? nv++ : -1;
	memset(a, 0, sizeof(a));
	for (i = 0; i < neqs; i++) {
		if (var[eqs[i].total] >= 0)
			a[i * nv + var[eqs[i].total]] -= 1;
		for (k = 0; k < eqs[i].n; k++)
			if (var[eqs[i].members[k]] >= 0)
				a[i * nv + var[eqs[i].members[k]]] += 1;
	}
	memcpy(b, a, sizeof(a));
	r1 = rank_of(a, neqs, nv);
	b[neqs * nv + var[cell]] = 1;
	r2 = rank_of(b, neqs + 1, nv);
	return r1 == r2;
}

/* Every cell below the threshold is masked and no masked cell recoverable. */
static int
safe(const ts_supp *s, int64_t threshold, int *primaries)
{
	int i, n = (int)ts_supp_ncells(s), ok_ = 1;

	for (i = 0; i < n; i++) {
		int64_t v = ts_supp_value(s, (uint32_t)i);
		int st = ts_supp_state(s, (uint32_t)i);
		if (v > 0 && v < threshold) {
			(*primaries)++;
			if (st != TS_SUPP_PRIMARY)
				ok_ = 0;
		}
		if (st != TS_SUPP_SHOWN && attacker_recovers(s, i)) {
			printf("#   cell %d (value %lld) is recoverable\n", i,
			    (long long)v);
			ok_ = 0;
		}
	}
	return ok_;
}

static unsigned long rng = 12345;
static int
rnd(int n)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (int)((rng >> 33) % (unsigned long)n);
}

/* A random R x C table with row totals, column totals and a grand total. */
static ts_supp *
random_table(int r, int c)
{
	ts_supp *s = ts_supp_new();
	int cell[8][8], rowt[8], colt[8], grand, i, j, m[MAXC];
	int64_t rs[8] = {0}, cs[8] = {0}, g = 0;

	neqs = 0;
	for (i = 0; i < r; i++)
		for (j = 0; j < c; j++) {
			/* Mostly small values, some zeros, some large. */
			int k = rnd(10), v = k < 2 ? 0 : k < 6 ? 1 + rnd(6) : rnd(60);
			cell[i][j] = (int)ts_supp_cell(s, v);
			rs[i] += v;
			cs[j] += v;
			g += v;
		}
	for (i = 0; i < r; i++)
		rowt[i] = (int)ts_supp_cell(s, rs[i]);
	for (j = 0; j < c; j++)
		colt[j] = (int)ts_supp_cell(s, cs[j]);
	grand = (int)ts_supp_cell(s, g);
	for (i = 0; i < r; i++) {
		for (j = 0; j < c; j++)
			m[j] = cell[i][j];
		add_sum(s, rowt[i], m, c);
	}
	for (j = 0; j < c; j++) {
		for (i = 0; i < r; i++)
			m[i] = cell[i][j];
		add_sum(s, colt[j], m, r);
	}
	add_sum(s, grand, rowt, r);
	add_sum(s, grand, colt, c);
	return s;
}

/* Groups of members under subtotals under a total, like the category table. */
static ts_supp *
random_tree(void)
{
	ts_supp *s = ts_supp_new();
	int groups = 1 + rnd(3), sub[4], g, total, k;
	int64_t gs = 0;
	int64_t sums[4] = {0};
	int members[4][8], nm[4];

	neqs = 0;
	for (g = 0; g < groups; g++) {
		nm[g] = 1 + rnd(5);
		for (k = 0; k < nm[g]; k++) {
			int v = rnd(3) == 0 ? 1 + rnd(5) : rnd(40);
			members[g][k] = (int)ts_supp_cell(s, v);
			sums[g] += v;
		}
	}
	for (g = 0; g < groups; g++) {
		sub[g] = (int)ts_supp_cell(s, sums[g]);
		gs += sums[g];
		add_sum(s, sub[g], members[g], nm[g]);
	}
	total = (int)ts_supp_cell(s, gs);
	add_sum(s, total, sub, groups);
	return s;
}

int
main(void)
{
	ts_supp *s;
	int prim, i, all_safe, total_primaries, compl_, disagree = 0, leaks, ok_lib = 0;
	uint32_t ids[4];

	/* A list with its total: 3 is masked, 10 (next smallest) protects it. */
	{
		int c[4], t;
		s = ts_supp_new();
		neqs = 0;
		c[0] = (int)ts_supp_cell(s, 40);
		c[1] = (int)ts_supp_cell(s, 3);
		c[2] = (int)ts_supp_cell(s, 10);
		c[3] = (int)ts_supp_cell(s, 20);
		t = (int)ts_supp_cell(s, 73);
		add_sum(s, t, c, 4);
		ts_supp_run(s, 5);
		is_int(ts_supp_state(s, 1), TS_SUPP_PRIMARY, "3 < 5 is primary");
		is_int(ts_supp_state(s, 2), TS_SUPP_COMPLEMENT, "10 complements it");
		is_int(ts_supp_state(s, 0), TS_SUPP_SHOWN, "40 shown");
		is_int(ts_supp_state(s, 3), TS_SUPP_SHOWN, "20 shown");
		is_int(ts_supp_state(s, 4), TS_SUPP_SHOWN, "total shown");
		prim = 0;
		ok(safe(s, 5, &prim), "list: nothing recoverable");
		ts_supp_free(s);
	}

	/* Zeros are shown and only used as complements as a last resort. */
	{
		int c[3], t;
		s = ts_supp_new();
		neqs = 0;
		c[0] = (int)ts_supp_cell(s, 0);
		c[1] = (int)ts_supp_cell(s, 2);
		c[2] = (int)ts_supp_cell(s, 50);
		t = (int)ts_supp_cell(s, 52);
		add_sum(s, t, c, 3);
		ts_supp_run(s, 5);
		is_int(ts_supp_state(s, 0), TS_SUPP_SHOWN, "zero not masked");
		is_int(ts_supp_state(s, 2), TS_SUPP_COMPLEMENT, "non-zero preferred");
		ts_supp_free(s);
	}

	/* A single member under a total: the total is masked with it. */
	{
		int c[1], t;
		s = ts_supp_new();
		neqs = 0;
		c[0] = (int)ts_supp_cell(s, 3);
		t = (int)ts_supp_cell(s, 3);
		add_sum(s, t, c, 1);
		ts_supp_run(s, 5);
		ok(ts_supp_state(s, 1) != TS_SUPP_SHOWN, "lone member: total masked");
		ts_supp_free(s);
	}

	/* Nothing below the threshold: nothing masked. */
	{
		int c[2], t;
		s = ts_supp_new();
		neqs = 0;
		c[0] = (int)ts_supp_cell(s, 7);
		c[1] = (int)ts_supp_cell(s, 9);
		t = (int)ts_supp_cell(s, 16);
		add_sum(s, t, c, 2);
		ts_supp_run(s, 5);
		is_int(ts_supp_count(s, TS_SUPP_PRIMARY) +
		    ts_supp_count(s, TS_SUPP_COMPLEMENT), 0, "nothing masked");
		is_int(ts_supp_recoverable(s, ids, 4), 0, "nothing to recover");
		ts_supp_free(s);
	}

	/*
	 * Two 2x2 blocks of masked cells joined by one cell: every row and
	 * column holds two or three masked cells, yet the joining cell is a
	 * bridge and can be solved for (rows 2-3 against columns 2-3). The
	 * exact check must find it, and the run must protect it.
	 */
	{
		int cell[4][4], rowt[4], colt[4], g, i2, j2, m[4];
		static const int mk[4][4] = {
			{ 1, 1, 0, 0 }, { 1, 1, 1, 0 }, { 0, 0, 1, 1 }, { 0, 0, 1, 1 } };
		int64_t rs[4] = {0}, cs[4] = {0}, gs = 0;
		s = ts_supp_new();
		neqs = 0;
		for (i2 = 0; i2 < 4; i2++)
			for (j2 = 0; j2 < 4; j2++) {
				int v = 10 + 3 * i2 + j2;
				cell[i2][j2] = (int)ts_supp_cell(s, v);
				rs[i2] += v;
				cs[j2] += v;
				gs += v;
			}
		for (i2 = 0; i2 < 4; i2++)
			rowt[i2] = (int)ts_supp_cell(s, rs[i2]);
		for (j2 = 0; j2 < 4; j2++)
			colt[j2] = (int)ts_supp_cell(s, cs[j2]);
		g = (int)ts_supp_cell(s, gs);
		for (i2 = 0; i2 < 4; i2++) {
			for (j2 = 0; j2 < 4; j2++)
				m[j2] = cell[i2][j2];
			add_sum(s, rowt[i2], m, 4);
		}
		for (j2 = 0; j2 < 4; j2++) {
			for (i2 = 0; i2 < 4; i2++)
				m[i2] = cell[i2][j2];
			add_sum(s, colt[j2], m, 4);
		}
		add_sum(s, g, rowt, 4);
		add_sum(s, g, colt, 4);
		for (i2 = 0; i2 < 4; i2++)
			for (j2 = 0; j2 < 4; j2++)
				if (mk[i2][j2])
					ts_supp_mask(s, (uint32_t)cell[i2][j2]);
		is_int(ts_supp_recoverable(s, ids, 4), 1, "bridge: one cell recoverable");
		is_int(ids[0], cell[1][2], "bridge: it is the joining cell");
		ok(attacker_recovers(s, cell[1][2]), "bridge: attacker agrees");
		ok(!attacker_recovers(s, cell[0][0]), "bridge: block cells are safe");
		ts_supp_run(s, 0);
		prim = 0;
		ok(safe(s, 0, &prim), "bridge: protected after the run");
		ok(ts_supp_count(s, TS_SUPP_COMPLEMENT) > 9, "bridge: one more cell masked");
		ts_supp_free(s);
	}

	/* Random two-way tables. */
	all_safe = 1;
	total_primaries = 0;
	compl_ = 0;
	for (i = 0; i < 400; i++) {
		s = random_table(2 + rnd(4), 2 + rnd(4));
		ts_supp_run(s, 5);
		prim = 0;
		if (!safe(s, 5, &prim)) {
			all_safe = 0;
			printf("#   two-way table %d unsafe\n", i);
		}
		total_primaries += prim;
		compl_ += (int)ts_supp_count(s, TS_SUPP_COMPLEMENT);
		disagree += ts_supp_recoverable(s, NULL, 0) != 0;
		ts_supp_free(s);
	}
	ok(all_safe, "400 random two-way tables: no masked cell recoverable");
	ok(total_primaries > 400, "random tables had small cells to mask");
	ok(compl_ > 0, "complementary suppression happened");
	is_int(disagree, 0, "the library's own check agrees");

	/* The attacker is not toothless: primary masks alone leak. */
	leaks = 0;
	for (i = 0; i < 200; i++) {
		int n2, c2, leaked = 0;
		s = random_table(2 + rnd(4), 2 + rnd(4));
		n2 = (int)ts_supp_ncells(s);
		for (c2 = 0; c2 < n2; c2++) {
			int64_t v = ts_supp_value(s, (uint32_t)c2);
			if (v > 0 && v < 5)
				ts_supp_mask(s, (uint32_t)c2);
		}
		for (c2 = 0; c2 < n2; c2++)
			if (ts_supp_state(s, (uint32_t)c2) && attacker_recovers(s, c2))
				leaked = 1;
		leaks += leaked;
		if (leaked)
			ok_lib += ts_supp_recoverable(s, NULL, 0) > 0;
		ts_supp_free(s);
	}
	ok(leaks > 100, "without complements most tables leak a cell");
	is_int(ok_lib, leaks, "the library's check finds every leak");

	/* Random hierarchies (members, subtotals, total). */
	all_safe = 1;
	for (i = 0; i < 400; i++) {
		s = random_tree();
		ts_supp_run(s, 5);
		prim = 0;
		if (!safe(s, 5, &prim))
			all_safe = 0;
		ts_supp_free(s);
	}
	ok(all_safe, "400 random hierarchies: no masked cell recoverable");
	return done_testing();
}
