/*
 * report_acc.h - the accumulator shared by report.c (reading) and
 * report_build.c (sections). Private to the report modules.
 */
#ifndef TS_REPORT_ACC_H
#define TS_REPORT_ACC_H

#include "report_int.h"
#include "distinct.h"
#include "spellings.h"
#include "strmap.h"
#include "report_figures.h"

/*
 * Group tables: one ts_map keyed by dimension byte, year (2 bytes),
 * month (1 byte, 0 unknown; TS_RYEAR_BOUNDS for the whole year's
 * overflow bounds) and value; see ts_rkey.
 */
enum ts_rdim {
	D_YEAR = 1,   /* "" : every row of the year */
	D_CAT,        /* folded category */
	D_SUB,        /* folded category \x1f subkey (subcategory or child) */
	D_REGION,     /* region as in the data (escaped) */
	D_INST,       /* institution */
	D_SPEC,       /* specialty normalized (case, accents, punctuation
	                 folded: spellings.h), acts with a patient only */
	D_MONTH,      /* "1".."12", "" unknown */
	D_UNCL,       /* service label of excluded rows */
	D_SRC,        /* source */
	D_PAT,        /* "" : patients column of an aggregate table */
	D_SRCREG      /* source \x1f region, month 0: which regions each
	                 source has (report_levels.c) */
};

/* What a group holds for one year. */
struct ts_racc {
	int64_t actions;    /* acts, or sessions for activities without patient */
	int64_t count;      /* sum of count */
	int64_t sessions;   /* sum of sessions */
	int64_t attendees;  /* sum of attendees */
	int64_t rows;       /* input rows */
	int64_t records;    /* D_YEAR: sum of an aggregate's records column */
	int64_t nopseudo;   /* D_YEAR: acts with a patient but no pseudonym */
	int64_t sess_rows;  /* D_CAT: rows that gave sessions */
	int64_t att_rows;   /* D_CAT: rows that gave attendees */
	/*
	 * D_YEAR: sums of count, sessions, attendees and actions over every
	 * row of the year, excluded ones too. Every other sum of the year
	 * is a part of one of these, so checking them against TS_COUNT_MAX
	 * checks all: a row that would overflow is rejected whole.
	 */
	int64_t all[4];
	int32_t last;       /* D_YEAR, D_SRC: latest date with data, as
	                       YYYYMMDD (DD 00 when only the month is known,
	                       MMDD 0000 when only the year is) */
};

/* Bytes of a group key before the value. */
#define TS_RKEY 4
/* Month byte of the D_YEAR and D_PAT groups that bound a whole year's
 * sums (struct ts_racc.all): never summed into a figure. */
#define TS_RYEAR_BOUNDS 13

static inline void
ts_rkey(char *k, int dim, int year, int month)
{
	k[0] = (char)dim;
	k[1] = (char)(year >> 8);
	k[2] = (char)(year & 0xff);
	k[3] = (char)month;
}

/* Adds group V into SUM (every counter but the bounds; the latest date). */
void ts_racc_add(struct ts_racc *sum, const struct ts_racc *v);
/*
 * The group (DIM, YEAR, NAME) summed over the months 1..UPTO, or over
 * every month, unknown included, when UPTO is 0. Returns 1 when some
 * such group exists, else 0 with *OUT zeroed.
 */
int ts_racc_sum(const ts_report_acc *a, int dim, int year, int upto,
    const char *name, size_t n, struct ts_racc *out);

/* How a folded category counts. */
enum ts_rckind { CK_WITH = 1, CK_WITHOUT = 2, CK_EXCLUDED = 3 };

/* Column presence, over every file read (bit per column). */
enum ts_rhave {
	H_REGION = 1 << 0, H_INST = 1 << 1, H_SPEC = 1 << 2, H_MONTH = 1 << 3,
	H_SESSIONS = 1 << 4, H_ATTENDEES = 1 << 5, H_PATIENT = 1 << 6,
	H_PATIENTS = 1 << 7, H_SERVICE = 1 << 8, H_RECORDS = 1 << 9,
	H_SOURCE = 1 << 10, H_SEX = 1 << 11, H_AGE = 1 << 12
};

/*
 * Groups of the patients by sex and age (struct ts_rpyear.people): group
 * id = bucket * 13 + month. Age groups are the life stages of Peru's
 * health ministry (curso de vida): 0-11, 12-17, 18-29, 30-59, 60 and over.
 */
enum ts_rpeople {
	PB_FEMALE, PB_MALE, PB_SEX_UNKNOWN,
	PB_AGE_0, PB_AGE_12, PB_AGE_18, PB_AGE_30, PB_AGE_60, PB_AGE_UNKNOWN,
	PB_COUNT_
};
#define TS_RPEOPLE_GROUP(bucket, month) ((uint32_t)(bucket) * 13u + \
	(uint32_t)(month))

/*
 * Distinct patients of one tracked year (at most three years are
 * tracked: the report's, its comparison and the one before), each set
 * in bounded memory: it spills to disk past REPORT_PATIENTS_MEMORY.
 */
#define REPORT_PATIENTS_MEMORY (4u * 1024 * 1024)
struct ts_rpyear {
	int year;
	ts_distinct *set;
	ts_distinct *people;  /* by sex and age group (ts_rpeople), or NULL */
};

struct ts_report_acc {
	ts_report_opts opts;
	const ts_taxonomy *tax;

	ts_map *groups;
	struct ts_racc *g;
	size_t gcap;
	char *kbuf;
	size_t kcap;

	ts_map *pairs;        /* raw "category\x1fsubcategory" -> pair */
	uint32_t *pair_cat;   /* -> index in cats */
	uint32_t *pair_sub;   /* -> index in subs */
	ts_map *cats;         /* folded category name (unescaped) */
	int *cat_kind;        /* enum ts_rckind */
	ts_map *subs;         /* subkeys (escaped as in the data) */
	ts_map *parents;      /* categories that children fold into */

	/* Specialties are written many ways ("MEDICINA GENERAL", "Medicina
	 * General"); they are counted by normalized form and shown as the
	 * spelling most rows use (spellings.h). */
	ts_spellings *specs;

	struct ts_rpyear *pyears;
	size_t npyears;
	int maxyear;

	int ymin, ymax;       /* range of valid years read (0: none yet) */
	unsigned have;        /* columns present in every file (enum ts_rhave) */
	int64_t rows_read, rows_rejected, messages;
	ts_rfig *fig;         /* per day, per facility, travel, targets */
	/* Regions folded into their parents, set while building. */
	const struct ts_report_levels *levels;
};

#endif
