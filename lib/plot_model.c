/* plot_model.c - the chart model, what is drawn; see plot.h. */
#include "plot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot_int.h"
#include "util.h"

#define MAX_LABEL 40
#define MAX_TITLE 160

ts_chart *
ts_chart_new(int kind, int lang)
{
	ts_chart *c = xcalloc(1, sizeof(*c));

	c->kind = kind;
	c->lang = lang;
	return c;
}

void
ts_chart_free(ts_chart *c)
{
	size_t i;

	if (c == NULL)
		return;
	free(c->title);
	free(c->xlabel);
	free(c->ylabel);
	for (i = 0; i < c->nx; i++)
		free(c->x[i]);
	free(c->x);
	for (i = 0; i < c->ns; i++) {
		free(c->s[i].name);
		free(c->s[i].v);
	}
	free(c->s);
	free(c);
}

static void
set_str(char **dst, const char *s, size_t max)
{
	free(*dst);
	*dst = s ? ts_plot_clean_label(s, strlen(s), max) : NULL;
}

void
ts_chart_set_title(ts_chart *c, const char *title)
{
	set_str(&c->title, title, MAX_TITLE);
}

void
ts_chart_set_axes(ts_chart *c, const char *xlabel, const char *ylabel)
{
	set_str(&c->xlabel, xlabel, MAX_TITLE);
	set_str(&c->ylabel, ylabel, MAX_TITLE);
}

size_t
ts_chart_add_x(ts_chart *c, const char *label)
{
	size_t i;

	if (c->nx == c->xcap) {
		c->xcap = c->xcap ? c->xcap * 2 : 16;
		c->x = xreallocarray(c->x, c->xcap, sizeof(*c->x));
		for (i = 0; i < c->ns; i++)
			c->s[i].v = xreallocarray(c->s[i].v, c->xcap,
			    sizeof(double));
	}
	c->x[c->nx] = ts_plot_clean_label(label, strlen(label), MAX_LABEL);
	for (i = 0; i < c->ns; i++)
		c->s[i].v[c->nx] = NAN;
	return c->nx++;
}

size_t
ts_chart_add_series(ts_chart *c, const char *name, const double *values,
    int flags)
{
	struct ts_chart_series *s;

	if (c->ns == c->scap) {
		c->scap = c->scap ? c->scap * 2 : 8;
		c->s = xreallocarray(c->s, c->scap, sizeof(*c->s));
	}
	s = &c->s[c->ns];
	s->name = ts_plot_clean_label(name, strlen(name), MAX_LABEL);
	s->flags = flags;
	s->v = xreallocarray(NULL, c->xcap ? c->xcap : 1, sizeof(double));
	if (c->nx > 0)
		memcpy(s->v, values, c->nx * sizeof(double));
	return c->ns++;
}

size_t ts_chart_nx(const ts_chart *c) { return c->nx; }
size_t ts_chart_nseries(const ts_chart *c) { return c->ns; }
int ts_chart_kind(const ts_chart *c) { return c->kind; }
const char *ts_chart_title(const ts_chart *c) { return c->title ? c->title : ""; }
const char *ts_chart_xlabel(const ts_chart *c) { return c->xlabel ? c->xlabel : ""; }
const char *ts_chart_ylabel(const ts_chart *c) { return c->ylabel ? c->ylabel : ""; }
const char *ts_chart_x(const ts_chart *c, size_t i) { return c->x[i]; }
const char *ts_chart_series_name(const ts_chart *c, size_t s) { return c->s[s].name; }
int ts_chart_series_flags(const ts_chart *c, size_t s) { return c->s[s].flags; }
double ts_chart_value(const ts_chart *c, size_t s, size_t i) { return c->s[s].v[i]; }

