/* plot_render.c - charts drawn by gnuplot, and SVG for HTML pages; see plot.h. */
#include "plot.h"

#include <stdlib.h>
#include <string.h>

#include "gnuplot.h"
#include "plot_int.h"
#include "util.h"

/* Dumb output: no trailing spaces, no blank lines around, final newline. */
static size_t
tidy_text(char *p, size_t n)
{
	size_t i = 0, o = 0, line_start;

	/* Skip leading blank lines. */
	for (;;) {
		size_t j = i;
		while (j < n && (p[j] == ' ' || p[j] == '\f' || p[j] == '\r'))
			j++;
		if (j < n && p[j] == '\n')
			i = j + 1;
		else
			break;
	}
	while (i < n) {
		size_t end;
		line_start = i;
		while (i < n && p[i] != '\n')
			i++;
		end = i;
		while (end > line_start && (p[end - 1] == ' ' ||
		    p[end - 1] == '\r' || p[end - 1] == '\f'))
			end--;
		memmove(p + o, p + line_start, end - line_start);
		o += end - line_start;
		p[o++] = '\n';
		if (i < n)
			i++;
	}
	while (o > 1 && p[o - 1] == '\n' && p[o - 2] == '\n')
		o--;
	return o;
}

int
ts_plot_render(const ts_chart *c, int term, int width, int height,
    char **img, size_t *len, char **err)
{
	size_t slen;
	char *script = ts_plot_script(c, term, width, height, &slen);
	int rc;

	rc = ts_gnuplot_run(script, slen, img, len, err);
	free(script);
	if (rc != 0)
		return rc;
	if (term == TS_TERM_DUMB) {
		*img = xrealloc(*img, *len + 2);
		*len = tidy_text(*img, *len);
		(*img)[*len] = '\0';
	}
	if (*len == 0) {
		free(*img);
		*img = NULL;
		free(*err);
		*err = xstrdup("gnuplot wrote no image");
		return TS_EXIT_IO;
	}
	return 0;
}

int
ts_plot_svg(const ts_chart *c, char **svg, size_t *len, char **err)
{
	return ts_plot_render(c, TS_TERM_SVG, 0, 0, svg, len, err);
}

static void
sb_xml(ts_pbuf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': ts_pb_puts(b, "&amp;"); break;
		case '<': ts_pb_puts(b, "&lt;"); break;
		case '>': ts_pb_puts(b, "&gt;"); break;
		case '"': ts_pb_puts(b, "&quot;"); break;
		case '\'': ts_pb_puts(b, "&apos;"); break;
		default: ts_pb_add(b, s, 1); break;
		}
	}
}

static int
starts(const char *p, const char *end, const char *lit)
{
	size_t n = strlen(lit);

	return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

int
ts_plot_svg_inline(const ts_chart *c, const char *id_prefix, char **svg,
    size_t *len, char **err)
{
	return ts_plot_svg_inline_size(c, id_prefix, 0, 0, TS_PLOT_WIDTH, svg,
	    len, err);
}

int
ts_plot_svg_inline_size(const ts_chart *c, const char *id_prefix, int width,
    int height, int max_width, char **svg, size_t *len, char **err)
{
	char *doc, *p, *end;
	size_t n;
	ts_pbuf b = { 0 };
	int rc, in_tag = 0, root_done = 0;
	const char *title = ts_chart_title(c);

	rc = ts_plot_render(c, TS_TERM_SVG, width, height, &doc, &n, err);
	if (rc != 0) {
		*svg = NULL;
		*len = 0;
		return rc;
	}
	end = doc + n;
	p = doc;
	/* Drop the XML declaration and anything else before the root. */
	while (p < end && !starts(p, end, "<svg"))
		p++;
	ts_pb_add(&b, "", 0);
	while (p < end) {
		if (!in_tag && *p == '<') {
			if (starts(p, end, "<title>") || starts(p, end, "<desc>")) {
				int is_title = p[1] == 't';
				char *close = strstr(p, is_title ? "</title>" :
				    "</desc>");
				if (close != NULL) {
					if (is_title) {
						ts_pb_puts(&b, "<title>");
						sb_xml(&b, title);
						ts_pb_puts(&b, "</title>");
					}
					p = close + (is_title ? 8 : 7);
					if (!is_title && p < end && *p == '\n')
						p++;
					continue;
				}
			}
			in_tag = 1;
		} else if (in_tag && *p == '>') {
			in_tag = 0;
			if (!root_done) {
				/* End of <svg ...>: scale with the page. */
				root_done = 1;
				if (max_width > 0)
					ts_pb_printf(&b, " style=\"max-width:%dpx;",
					    max_width);
				else
					ts_pb_puts(&b, " style=\"");
				ts_pb_puts(&b, "width:100%;height:auto\" role=\"img\" "
				    "aria-label=\"");
				sb_xml(&b, title);
				ts_pb_puts(&b, "\"");
			}
		} else if (in_tag && !root_done &&
		    (starts(p, end, "width=\"") || starts(p, end, "height=\""))) {
			/* The fixed size of the root element goes. */
			size_t m = p[0] == 'w' ? 7 : 8;
			char *q = memchr(p + m, '"', (size_t)(end - p) - m);
			if (q != NULL && (p[-1] == ' ' || p[-1] == '\n')) {
				p = q + 1;
				continue;
			}
		} else if (in_tag) {
			static const char *const refs[] = { "id='", "id=\"",
				"href='#", "href=\"#", "url(#" };
			size_t i;
			int hit = 0;
			for (i = 0; i < 5; i++) {
				size_t m = strlen(refs[i]);
				if (starts(p, end, refs[i]) && (i >= 2 ||
				    p == doc || p[-1] == ' ' || p[-1] == '\t' ||
				    p[-1] == '\n')) {
					ts_pb_add(&b, p, m);
					ts_pb_puts(&b, id_prefix);
					p += m;
					hit = 1;
					break;
				}
			}
			if (hit)
				continue;
		}
		ts_pb_add(&b, p, 1);
		p++;
	}
	free(doc);
	*svg = b.p;
	*len = b.n;
	return 0;
}

