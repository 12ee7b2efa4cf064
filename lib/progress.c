/*
 * progress.c - the progress line of long runs (see progress.h).
 */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/* Redraws at most this often, and not before the run is this old. */
#define DRAW_EVERY 0.25
#define FIRST_DRAW 1.0
/* Rows between two looks at the clock: about 20 looks a second, within
 * these bounds. */
#define STEP_MIN 1024
#define STEP_MAX (1u << 20)
#define LOOKS_PER_SECOND 20

struct ts_progress {
	int fd;                 /* the current input's file, or -1 */
	off_t size;             /* its size when a regular file, else -1 */
	uint64_t base;          /* rows of the inputs before it */
	uint64_t rows;          /* rows of the current input */
	uint64_t step;
	double start, last_draw;
	double after;           /* seconds before the first draw */
	int drawn;              /* the line is on the screen */
};

/* The line on the screen, cleared before a warning is printed. */
static ts_progress *shown;

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
clear_line(void)
{
	if (shown != NULL && shown->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		shown->drawn = 0;
	}
}

ts_progress *
ts_progress_new(int quiet)
{
	ts_progress *p;
	const char *env;

	if (quiet || !isatty(STDERR_FILENO))
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->fd = -1;
	p->size = -1;
	p->step = STEP_MIN;
	p->start = now();
	/* Tests draw at once: TELESTAT_PROGRESS_AFTER=0. */
	p->after = FIRST_DRAW;
	if ((env = getenv("TELESTAT_PROGRESS_AFTER")) != NULL && *env != '\0')
		p->after = atof(env);
	shown = p;
	ts_set_warn_hook(clear_line);
	return p;
}

uint64_t
ts_progress_input(ts_progress *p, const ts_input *in)
{
	struct stat st;

	if (p == NULL)
		return TS_PROGRESS_OFF;
	p->base += p->rows;
	p->rows = 0;
	p->fd = in != NULL ? ts_input_fd(in) : -1;
	p->size = -1;
	if (p->fd >= 0 && fstat(p->fd, &st) == 0 && S_ISREG(st.st_mode))
		p->size = st.st_size;
	return p->step;
}

/* "12.3 MB" of N bytes into BUF. */
static const char *
megabytes(char *buf, size_t n, double bytes)
{
	snprintf(buf, n, "%.1f MB", bytes / 1e6);
	return buf;
}

static void
draw(ts_progress *p, double elapsed)
{
	uint64_t rows = p->base + p->rows;
	char done[32], total[32];
	off_t pos;

	fprintf(stderr, "\r%s: %llu rows, %.0f rows/s", ts_progname(),
	    (unsigned long long)rows, (double)rows / elapsed);
	/* The file's offset: the bytes read so far (compressed ones, for a
	 * .gz, as its size is), read a few times a second only. */
	if (p->size > 0 && (pos = lseek(p->fd, 0, SEEK_CUR)) >= 0)
		fprintf(stderr, ", %s of %s (%.0f %%)",
		    megabytes(done, sizeof(done), (double)pos),
		    megabytes(total, sizeof(total), (double)p->size),
		    100.0 * (double)pos / (double)p->size);
	fputs("\033[K", stderr);
	fflush(stderr);
	p->drawn = 1;
}

uint64_t
ts_progress_tick(ts_progress *p, uint64_t rows)
{
	double t, elapsed;
	uint64_t step;

	if (p == NULL)
		return TS_PROGRESS_OFF;
	p->rows = rows;
	t = now();
	elapsed = t - p->start;
	if (elapsed >= p->after && t - p->last_draw >= DRAW_EVERY) {
		draw(p, elapsed);
		p->last_draw = t;
	}
	if (elapsed > 0) {
		step = (uint64_t)((double)(p->base + rows) / elapsed /
		    LOOKS_PER_SECOND);
		p->step = step < STEP_MIN ? STEP_MIN : step > STEP_MAX ?
		    STEP_MAX : step;
	}
	return rows + p->step;
}

void
ts_progress_clear(ts_progress *p)
{
	if (p != NULL && p == shown)
		clear_line();
}

void
ts_progress_end(ts_progress *p)
{
	if (p == NULL)
		return;
	clear_line();
	ts_set_warn_hook(NULL);
	shown = NULL;
	free(p);
}
