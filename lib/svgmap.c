/*
 * svgmap.c - choropleth maps as SVG from simplified region outlines
 * (see svgmap.h for the outline format and the drawing).
 */
#include "svgmap.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "paths.h"
#include "util.h"

/* Outlines past these are refused: share/ holds a few thousand points. */
#define MAX_POINTS 1000000
#define MAX_REGIONS 1000
#define MAX_CODE 32

struct ring {
	size_t region;          /* index in regions */
	size_t first, n;        /* points pts[first .. first + n) */
};

struct region {
	char code[MAX_CODE + 1];
	char parent[MAX_CODE + 1];   /* "" unless named by %inside */
};

struct ts_outlines {
	struct region *regions;
	size_t nregions;
	struct ring *rings;
	size_t nrings;
	int32_t (*pts)[2];
	size_t npts;
};

static long
find_region(const ts_outlines *o, const char *code, size_t n)
{
	size_t i;

	for (i = 0; i < o->nregions; i++)
		if (strlen(o->regions[i].code) == n &&
		    memcmp(o->regions[i].code, code, n) == 0)
			return (long)i;
	return -1;
}

static int
valid_code(const char *p, size_t n)
{
	size_t i;

	if (n == 0 || n > MAX_CODE)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)p[i]) && p[i] != '-' && p[i] != '_')
			return 0;
	return 1;
}

/* Reads a signed integer of at most 7 digits from [*pp, end). */
static int
read_int(const char **pp, const char *end, int32_t *v)
{
	const char *p = *pp;
	int neg = 0, digits = 0;
	int32_t x = 0;

	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	while (p < end && *p >= '0' && *p <= '9' && digits < 7) {
		x = x * 10 + (*p++ - '0');
		digits++;
	}
	if (digits == 0 || (p < end && *p >= '0' && *p <= '9'))
		return -1;
	*v = neg ? -x : x;
	*pp = p;
	return 0;
}

static size_t
add_region(ts_outlines *o, const char *code, size_t n)
{
	long i = find_region(o, code, n);

	if (i >= 0)
		return (size_t)i;
	o->regions = xreallocarray(o->regions, o->nregions + 1,
	    sizeof(*o->regions));
	memcpy(o->regions[o->nregions].code, code, n);
	o->regions[o->nregions].code[n] = '\0';
	o->regions[o->nregions].parent[0] = '\0';
	return o->nregions++;
}

/* "%inside CHILD PARENT": kept aside until every ring is read, so that
 * the line does not change the drawing order (that of first rings). */
struct inside {
	char child[MAX_CODE + 1], parent[MAX_CODE + 1];
};

static const char *
parse_inside(struct inside **in, size_t *nin, const char *p, const char *end)
{
	const char *c, *q;
	size_t cn, qn;

	p += 7;
	while (p < end && *p == ' ')
		p++;
	c = p;
	while (p < end && *p != ' ')
		p++;
	cn = (size_t)(p - c);
	while (p < end && *p == ' ')
		p++;
	q = p;
	while (p < end && *p != ' ')
		p++;
	qn = (size_t)(p - q);
	while (p < end && *p == ' ')
		p++;
	if (p != end || !valid_code(c, cn) || !valid_code(q, qn))
		return "expected \"%inside CHILD PARENT\"";
	if (*nin >= MAX_REGIONS)
		return "too many %inside lines";
	*in = xreallocarray(*in, *nin + 1, sizeof(**in));
	memcpy((*in)[*nin].child, c, cn);
	(*in)[*nin].child[cn] = '\0';
	memcpy((*in)[*nin].parent, q, qn);
	(*in)[*nin].parent[qn] = '\0';
	(*nin)++;
	return NULL;
}

static const char *
parse_ring(ts_outlines *o, const char *p, const char *end)
{
	const char *tab = memchr(p, '\t', (size_t)(end - p));
	size_t first = o->npts, ri;

	if (tab == NULL)
		return "expected CODE<TAB>X,Y X,Y ...";
	if (!valid_code(p, (size_t)(tab - p)))
		return "bad region code (letters, digits, '-' and '_', at most "
		    "32)";
	if (o->nregions >= MAX_REGIONS && find_region(o, p,
	    (size_t)(tab - p)) < 0)
		return "too many regions";
	ri = add_region(o, p, (size_t)(tab - p));
	p = tab + 1;
	while (p < end) {
		int32_t x, y;
		if (read_int(&p, end, &x) != 0 || p >= end || *p++ != ',' ||
		    read_int(&p, end, &y) != 0)
			return "expected a point X,Y (integers, thousandths of a "
			    "degree)";
		if (x < -180000 || x > 180000 || y < -90000 || y > 90000)
			return "point outside -180..180, -90..90 degrees";
		if (o->npts >= MAX_POINTS)
			return "too many points";
		if ((o->npts & (o->npts - 1)) == 0 || o->npts == 0)
			o->pts = xreallocarray(o->pts, o->npts ? o->npts * 2 : 64,
			    sizeof(*o->pts));
		o->pts[o->npts][0] = x;
		o->pts[o->npts][1] = y;
		o->npts++;
		if (p < end && *p != ' ')
			return "expected a space between points";
		while (p < end && *p == ' ')
			p++;
	}
	if (o->npts - first < 3)
		return "a ring needs 3 points or more";
	o->rings = xreallocarray(o->rings, o->nrings + 1, sizeof(*o->rings));
	o->rings[o->nrings].region = ri;
	o->rings[o->nrings].first = first;
	o->rings[o->nrings].n = o->npts - first;
	o->nrings++;
	return NULL;
}

ts_outlines *
ts_outlines_parse(const uint8_t *buf, size_t n, const char *name,
    ts_error *e)
{
	ts_outlines *o = xcalloc(1, sizeof(*o));
	const char *p = (const char *)buf, *end = p + n;
	struct inside *in = NULL;
	size_t line = 0, i, nin = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *why = NULL;
		line++;
		if (le > p && le[-1] == '\r')
			le--;
		if (le == p || *p == '#')
			;
		else if ((size_t)(le - p) >= 7 && memcmp(p, "%inside", 7) == 0)
			why = parse_inside(&in, &nin, p, le);
		else
			why = parse_ring(o, p, le);
		if (why != NULL) {
			ts_error_set(e, TS_EXIT_DATA, "%s:%zu: %s", name, line,
			    why);
			ts_outlines_free(o);
			free(in);
			return NULL;
		}
		p = nl ? nl + 1 : end;
	}
	for (i = 0; i < nin; i++) {
		long c = find_region(o, in[i].child, strlen(in[i].child));
		if (c < 0) {
			ts_error_set(e, TS_EXIT_DATA, "%s: region %s has no "
			    "outline", name, in[i].child);
			ts_outlines_free(o);
			free(in);
			return NULL;
		}
		memcpy(o->regions[c].parent, in[i].parent,
		    sizeof(o->regions[c].parent));
	}
	free(in);
	if (o->nrings == 0) {
		ts_error_set(e, TS_EXIT_DATA, "%s: no outline", name);
		ts_outlines_free(o);
		return NULL;
	}
	return o;
}

ts_outlines *
ts_outlines_load(const char *cc, ts_error *e)
{
	char rel[32], *path, *buf = NULL;
	size_t n = 0, cap = 0, got;
	FILE *f;
	ts_outlines *o;

	/* No outlines for the country: no error (status TS_EXIT_OK). */
	ts_error_set(e, TS_EXIT_OK, "%s", "");
	if (cc == NULL || strlen(cc) != 2 || !isalpha((unsigned char)cc[0]) ||
	    !isalpha((unsigned char)cc[1]))
		return NULL;
	snprintf(rel, sizeof(rel), "regions/%c%c.outline",
	    tolower((unsigned char)cc[0]), tolower((unsigned char)cc[1]));
	if ((path = ts_share_path(rel)) == NULL)
		return NULL;
	if ((f = fopen(path, "rb")) == NULL) {
		ts_error_set(e, TS_EXIT_IO, "%s: %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	do {
		if (cap - n < 65536)
			buf = xrealloc(buf, cap = cap ? cap * 2 : 65536);
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		ts_error_set(e, TS_EXIT_IO, "%s: %s", path, strerror(errno));
		fclose(f);
		free(buf);
		free(path);
		return NULL;
	}
	fclose(f);
	o = ts_outlines_parse((const uint8_t *)buf, n, path, e);
	free(buf);
	free(path);
	return o;
}

void
ts_outlines_free(ts_outlines *o)
{
	if (o == NULL)
		return;
	free(o->regions);
	free(o->rings);
	free(o->pts);
	free(o);
}

size_t
ts_outlines_count(const ts_outlines *o)
{
	return o->nregions;
}

const char *
ts_outlines_code(const ts_outlines *o, size_t i)
{
	return o->regions[i].code;
}

const char *
ts_outlines_parent(const ts_outlines *o, const char *code)
{
	long i = find_region(o, code, strlen(code));

	return i < 0 || o->regions[i].parent[0] == '\0' ? NULL :
	    o->regions[i].parent;
}

/* ---- classes ---------------------------------------------------------- */

/* Regions whose value is 0: drawn apart from the classes. */
#define ZERO_FILL TS_MAP_ZERO_FILL

static const char *const blues[TS_MAP_MAXCLASSES] = {
	"#dbe8f5", "#a7c9e3", "#6aa6d3", "#3479b8", "#0b4a8f"
};

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* V rounded to two significant digits, up (UP) or down. */
static double
round2(double v, int up)
{
	double m;

	if (v <= 0)
		return 0;
	m = pow(10, floor(log10(v)) - 1);
	if (m < 1)
		m = 1;
	return (up ? ceil(v / m - 1e-9) : floor(v / m + 1e-9)) * m;
}

void
ts_map_breaks(const double *v, size_t n, ts_map_classes *c)
{
	double *s;
	size_t i, nd = 0, k, cls = 0;

	memset(c, 0, sizeof(*c));
	s = xmalloc((n ? n : 1) * sizeof(*s));
	/* Zeros are a class of their own (ZERO_FILL), not the lowest one. */
	for (i = 0, k = 0; i < n; i++)
		if (v[i] > 0)
			s[k++] = v[i];
	n = k;
	if (n == 0) {
		free(s);
		return;
	}
	qsort(s, n, sizeof(*s), cmp_double);
	for (i = 0; i < n; i++)
		if (i == 0 || s[i] != s[i - 1])
			nd++;
	k = nd < TS_MAP_MAXCLASSES ? nd : TS_MAP_MAXCLASSES;
	for (i = 1; i <= k; i++) {
		double hi = i == k ? s[n - 1] : round2(s[(n * i + k - 1) / k - 1], 1);
		double lo = cls == 0 ? round2(s[0], 0) : c->hi[cls - 1];
		if (hi > s[n - 1])
			hi = s[n - 1];
		if (cls > 0 && hi <= c->hi[cls - 1])
			continue;
		c->lo[cls] = lo;
		c->hi[cls] = hi;
		cls++;
	}
	c->n = cls;
	/* Colours spread over the ramp: two classes are light and dark. */
	for (i = 0; i < cls; i++)
		c->color[i] = blues[cls == 1 ? 2 : i * (TS_MAP_MAXCLASSES - 1) /
		    (cls - 1)];
	free(s);
}

int
ts_map_class(const ts_map_classes *c, double v)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (v <= c->hi[i] && (i == 0 ? v >= c->lo[i] : v > c->lo[i]))
			return (int)i;
	return -1;
}

char *
ts_map_class_label(const ts_map_classes *c, size_t i, int lang, char *buf)
{
	char a[TS_NUMFMT_MAX], b[TS_NUMFMT_MAX];
	double lo = i == 0 ? c->lo[0] : c->hi[i - 1] + 1;

	if (lo > c->hi[i])
		lo = c->hi[i];
	if (c->tenths) {
		ts_numfmt_dec1(a, (int64_t)llround(lo), lang, 0);
		ts_numfmt_dec1(b, (int64_t)llround(c->hi[i]), lang, 0);
	} else {
		ts_numfmt_int(a, (int64_t)llround(lo), lang);
		ts_numfmt_int(b, (int64_t)llround(c->hi[i]), lang);
	}
	if (strcmp(a, b) == 0)
		snprintf(buf, 2 * TS_NUMFMT_MAX + 8, "%s", a);
	else
		snprintf(buf, 2 * TS_NUMFMT_MAX + 8, "%s – %s", a, b);
	return buf;
}

const char *
ts_map_word_nodata(int lang)
{
	return lang == TS_LANG_EN ? "No data" : "Sin datos";
}

const char *
ts_map_word_masked(int lang)
{
	return lang == TS_LANG_EN ? "Hidden (small count)" :
	    "Oculto (cifra pequeña)";
}

/* ---- drawing ---------------------------------------------------------- */

struct sbuf {
	char *p;
	size_t n, cap;
};

static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->cap - b->n < n + 1) {
		while (b->cap - b->n < n + 1)
			b->cap = b->cap ? b->cap * 2 : 4096;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void
sb_puts(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void TS_PRINTF(2, 3)
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(tmp)) {
		sb_add(b, tmp, (size_t)n);
		return;
	}
	if (n >= 0) {
		char *big = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		sb_add(b, big, (size_t)n);
		free(big);
	}
}

/* XML text: markup escaped, control characters as spaces. */
static void
sb_xml(struct sbuf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': sb_puts(b, "&amp;"); break;
		case '<': sb_puts(b, "&lt;"); break;
		case '>': sb_puts(b, "&gt;"); break;
		case '"': sb_puts(b, "&quot;"); break;
		case '\'': sb_puts(b, "&#39;"); break;
		default:
			if ((unsigned char)*s < 0x20 || *s == 0x7f)
				sb_add(b, " ", 1);
			else
				sb_add(b, s, 1);
		}
	}
}

static void
fmt_value(char *buf, double v, int lang)
{
	ts_numfmt_int(buf, (int64_t)llround(v), lang);
}

static const ts_map_region *
lookup(const ts_map_region *r, size_t nr, const char *code)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (r[i].code != NULL && strcmp(r[i].code, code) == 0)
			return &r[i];
	return NULL;
}

/* Map width in SVG units; the height follows the country's shape. */
#define MAP_W 600.0
#define PAD 4.0
#define LEG_ROW 22.0
#define LEG_FONT 14

static void
legend_row(struct sbuf *b, double y, const char *fill, const char *text)
{
	sb_printf(b, "<rect x=\"%.0f\" y=\"%.1f\" width=\"18\" height=\"14\" "
	    "fill=\"%s\" stroke=\"#666\" stroke-width=\"0.6\"/>", PAD, y, fill);
	sb_printf(b, "<text x=\"%.0f\" y=\"%.1f\">", PAD + 26, y + 12);
	sb_xml(b, text);
	sb_puts(b, "</text>\n");
}

/* Where the drawn outlines fall: their bounds, the scale, the height. */
struct frame {
	int32_t minx, maxx, miny, maxy;
	double kx, scale, h;
};

/* The frame of the regions DRAWN: bounds, longitude shrink, scale. */
static void
map_frame(const ts_outlines *o, const unsigned char *drawn, struct frame *fr)
{
	size_t i, j;

	fr->minx = fr->miny = INT32_MAX;
	fr->maxx = fr->maxy = INT32_MIN;
	for (i = 0; i < o->nrings; i++) {
		const struct ring *g = &o->rings[i];
		if (!drawn[g->region])
			continue;
		for (j = g->first; j < g->first + g->n; j++) {
			if (o->pts[j][0] < fr->minx) fr->minx = o->pts[j][0];
			if (o->pts[j][0] > fr->maxx) fr->maxx = o->pts[j][0];
			if (o->pts[j][1] < fr->miny) fr->miny = o->pts[j][1];
			if (o->pts[j][1] > fr->maxy) fr->maxy = o->pts[j][1];
		}
	}
	if (fr->maxx <= fr->minx)
		fr->maxx = fr->minx + 1;
	if (fr->maxy <= fr->miny)
		fr->maxy = fr->miny + 1;
	fr->kx = cos((fr->miny + fr->maxy) / 2000.0 * M_PI / 180.0);
	fr->scale = (MAP_W - 2 * PAD) / ((fr->maxx - fr->minx) * fr->kx);
	fr->h = (fr->maxy - fr->miny) * fr->scale + 2 * PAD;
}

/* Which kinds of shading the drawn regions use (the legend's rows). */
struct marks {
	int nodata, masked, zero;
};

static void
map_marks(const ts_outlines *o, const ts_map_region *r, size_t nr,
    const unsigned char *drawn, struct marks *mk)
{
	size_t i;

	memset(mk, 0, sizeof(*mk));
	for (i = 0; i < o->nregions; i++) {
		const ts_map_region *v;
		if (!drawn[i])
			continue;
		v = lookup(r, nr, o->regions[i].code);
		if (v == NULL || v->state == TS_MAP_NODATA)
			mk->nodata = 1;
		else if (v->state == TS_MAP_MASKED)
			mk->masked = 1;
		else if (v->value == 0)
			mk->zero = 1;
	}
}

/* The <svg> element of HEIGHT, its title and the hatch patterns. */
static void
svg_open(struct sbuf *b, const ts_svgmap_opts *opt, const char *pre,
    double height)
{
	if (opt->standalone)
		sb_printf(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" "
		    "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\"",
		    MAP_W, ceil(height), MAP_W, ceil(height));
	else
		sb_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		    "class=\"map\" viewBox=\"0 0 %.0f %.0f\" "
		    "style=\"width:100%%;height:auto\"", MAP_W,
		    ceil(height));
	sb_puts(b, " role=\"img\"");
	if (opt->title) {
		sb_puts(b, " aria-label=\"");
		sb_xml(b, opt->title);
		sb_puts(b, "\"");
	}
	sb_printf(b, " font-family=\"sans-serif\" font-size=\"%d\">\n",
	    LEG_FONT);
	if (opt->title) {
		sb_puts(b, "<title>");
		sb_xml(b, opt->title);
		sb_puts(b, "</title>\n");
	}
	/* Hatches: diagonal for no data, crossed for hidden values. */
	sb_printf(b, "<defs><pattern id=\"%snodata\" width=\"6\" height=\"6\" "
	    "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	    "<rect width=\"6\" height=\"6\" fill=\"#f6f6f6\"/>"
	    "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#9a9a9a\" "
	    "stroke-width=\"1.6\"/></pattern>"
	    "<pattern id=\"%smasked\" width=\"6\" height=\"6\" "
	    "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	    "<rect width=\"6\" height=\"6\" fill=\"#fdf3e7\"/>"
	    "<path d=\"M0 0V6M0 3H6\" stroke=\"#c08a4a\" stroke-width=\"1.2\"/>"
	    "</pattern></defs>\n", pre, pre);
}

/* The fill of a region with value V (NULL: none) into FILL. */
static void
region_fill(char fill[64], const ts_map_region *v, const ts_map_classes *cl,
    const char *pre)
{
	int k;

	if (v == NULL || v->state == TS_MAP_NODATA)
		snprintf(fill, 64, "url(#%snodata)", pre);
	else if (v->state == TS_MAP_MASKED)
		snprintf(fill, 64, "url(#%smasked)", pre);
	else if (v->value == 0)
		snprintf(fill, 64, "%s", ZERO_FILL);
	else if ((k = ts_map_class(cl, v->value)) >= 0)
		snprintf(fill, 64, "%s", cl->color[k]);
	else
		snprintf(fill, 64, "url(#%snodata)", pre);
}

/* Region I of O as one <path>, with its name and value as its title. */
static void
region_path(struct sbuf *b, const ts_outlines *o, size_t i,
    const ts_map_region *v, const char *fill, const struct frame *fr,
    int lang)
{
	char num[TS_NUMFMT_MAX];
	size_t j, q;

	/* Hatched shapes get a grey edge: white would hide them. */
	sb_printf(b, "<path data-region=\"%s\" fill=\"%s\"%s d=\"",
	    o->regions[i].code, fill, fill[0] == 'u' ?
	    " stroke=\"#9a9a9a\"" : "");
	for (j = 0; j < o->nrings; j++) {
		const struct ring *g = &o->rings[j];
		if (g->region != i)
			continue;
		for (q = 0; q < g->n; q++) {
			const int32_t *pt = o->pts[g->first + q];
			sb_printf(b, "%s%.1f %.1f", q == 0 ? "M" : "L",
			    PAD + (pt[0] - fr->minx) * fr->kx * fr->scale,
			    PAD + (fr->maxy - pt[1]) * fr->scale);
		}
		sb_puts(b, "Z");
	}
	sb_puts(b, "\"><title>");
	sb_xml(b, v != NULL && v->name != NULL ? v->name : o->regions[i].code);
	sb_puts(b, ": ");
	if (v == NULL || v->state == TS_MAP_NODATA)
		sb_xml(b, ts_map_word_nodata(lang));
	else if (v->shown != NULL)
		sb_xml(b, v->shown);
	else {
		fmt_value(num, v->value, lang);
		sb_xml(b, num);
	}
	sb_puts(b, "</title></path>\n");
}

/* The legend below the map, from Y: title, zero, classes, hatches. */
static void
map_legend(struct sbuf *b, double y, const ts_map_classes *cl,
    const ts_svgmap_opts *opt, const char *pre, const struct marks *mk)
{
	char fill[64];
	size_t i;

	sb_puts(b, "<g class=\"legend\" fill=\"#222\">\n");
	if (opt->title) {
		sb_printf(b, "<text x=\"%.0f\" y=\"%.1f\" "
		    "font-weight=\"bold\">", PAD, y + 14);
		sb_xml(b, opt->title);
		sb_puts(b, "</text>\n");
		y += LEG_ROW + 4;
	}
	if (mk->zero) {
		legend_row(b, y, ZERO_FILL, "0");
		y += LEG_ROW;
	}
	for (i = 0; i < cl->n; i++, y += LEG_ROW) {
		char text[2 * TS_NUMFMT_MAX + 8];
		legend_row(b, y, cl->color[i],
		    ts_map_class_label(cl, i, opt->lang, text));
	}
	if (mk->nodata) {
		snprintf(fill, sizeof(fill), "url(#%snodata)", pre);
		legend_row(b, y, fill, ts_map_word_nodata(opt->lang));
		y += LEG_ROW;
	}
	if (mk->masked) {
		snprintf(fill, sizeof(fill), "url(#%smasked)", pre);
		legend_row(b, y, fill, ts_map_word_masked(opt->lang));
	}
	sb_puts(b, "</g>\n");
}

char *
ts_svgmap(const ts_outlines *o, const ts_map_region *r, size_t nr,
    const ts_map_classes *cl, const ts_svgmap_opts *opt, size_t *len)
{
	struct sbuf b = { NULL, 0, 0 };
	const char *pre = opt->id_prefix ? opt->id_prefix : "map-";
	unsigned char *drawn = xcalloc(o->nregions ? o->nregions : 1, 1);
	struct frame fr;
	struct marks mk;
	double legh = 0;
	size_t i;

	for (i = 0; i < o->nregions; i++)
		drawn[i] = o->regions[i].parent[0] == '\0' ||
		    lookup(r, nr, o->regions[i].code) != NULL;
	map_frame(o, drawn, &fr);
	map_marks(o, r, nr, drawn, &mk);
	if (opt->legend)
		legh = 12 + (opt->title ? LEG_ROW + 4 : 0) +
		    LEG_ROW * (double)(cl->n + mk.zero + mk.nodata + mk.masked);
	svg_open(&b, opt, pre, fr.h + legh);
	sb_puts(&b, "<g stroke=\"#ffffff\" stroke-width=\"0.8\" "
	    "stroke-linejoin=\"round\" fill-rule=\"evenodd\">\n");
	for (i = 0; i < o->nregions; i++) {
		const ts_map_region *v;
		char fill[64];
		if (!drawn[i])
			continue;
		v = lookup(r, nr, o->regions[i].code);
		region_fill(fill, v, cl, pre);
		region_path(&b, o, i, v, fill, &fr, opt->lang);
	}
	sb_puts(&b, "</g>\n");
	if (opt->legend)
		map_legend(&b, fr.h + 8, cl, opt, pre, &mk);
	sb_puts(&b, "</svg>\n");
	free(drawn);
	*len = b.n;
	return b.p;
}
