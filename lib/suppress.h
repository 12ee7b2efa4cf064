/*
 * suppress.h - small-cell suppression with complementary suppression.
 *
 * A report publishes cells (counts) and the sums that tie them together:
 * a table's total row is the sum of its rows, a subtotal the sum of its
 * members, and the same quantity may appear in several tables. Cells whose
 * value is below the threshold (and not zero: a zero reveals nobody) are
 * masked ("primary"). Then, so that no masked cell can be recovered by
 * subtracting the published cells from a published total, more cells are
 * masked ("complementary"):
 *
 *  1. while some sum has exactly one masked cell among its total and
 *     members, mask the smallest unmasked non-zero member of that sum
 *     (else a zero member, else the total);
 *  2. then every masked cell is checked exactly: it is recoverable when the
 *     unit vector of that cell lies in the row space of the sums restricted
 *     to the masked cells (Gaussian elimination modulo a prime). A
 *     recoverable cell gets one more complement in one of its sums, and
 *     step 1 runs again, until no masked cell is recoverable.
 *
 * Protection is against exact recovery through the declared sums; bounds
 * ("<5" means 1 to 4) can still narrow a masked cell to an interval.
 */
#ifndef TS_SUPPRESS_H
#define TS_SUPPRESS_H

#include <stddef.h>
#include <stdint.h>

enum ts_supp_state {
	TS_SUPP_SHOWN = 0,
	TS_SUPP_PRIMARY = 1,     /* below the threshold */
	TS_SUPP_COMPLEMENT = 2   /* masked to protect a primary cell */
};

typedef struct ts_supp ts_supp;

ts_supp *ts_supp_new(void);
void ts_supp_free(ts_supp *s);

/* Adds a cell holding VALUE; returns its id (0, 1, 2, ...). */
uint32_t ts_supp_cell(ts_supp *s, int64_t value);
int64_t ts_supp_value(const ts_supp *s, uint32_t id);
size_t ts_supp_ncells(const ts_supp *s);

/* Declares that the cells MEMBERS[0..n) add up to cell TOTAL (copied). */
void ts_supp_sum(ts_supp *s, uint32_t total, const uint32_t *members, size_t n);

/* Applies suppression for THRESHOLD (cells with 0 < value < THRESHOLD). */
void ts_supp_run(ts_supp *s, int64_t threshold);

/*
 * Masks cell ID as a complement before ts_supp_run(), for cells that must
 * be hidden for another reason; the run then protects them too.
 */
void ts_supp_mask(ts_supp *s, uint32_t id);

/* enum ts_supp_state of cell ID. */
int ts_supp_state(const ts_supp *s, uint32_t id);
/* Number of cells in STATE. */
size_t ts_supp_count(const ts_supp *s, int state);

/*
 * Masked cells that the published cells and the sums determine exactly;
 * writes up to MAX ids to IDS (may be NULL) and returns how many there
 * are. Zero after ts_supp_run(), except when every cell around a
 * recoverable one is already masked.
 */
size_t ts_supp_recoverable(const ts_supp *s, uint32_t *ids, size_t max);

#endif
