/*
 * report_html.c - the report as one self-contained HTML page: inline CSS,
 * no scripts, no external resources (it opens offline and can be mailed),
 * every piece of text escaped.
 */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "report_labels.h"
#include "report_present.h"

/*
 * The page reads on a phone as on a desktop: wide tables scroll inside
 * their own box (the page itself never scrolls sideways), charts come in
 * a wide and a phone-sized drawing so their text keeps its size, and
 * print gives pages without scroll boxes, with tables and charts kept
 * whole where they fit.
 */
static const char css[] =
    "body{font-family:system-ui,-apple-system,\"Segoe UI\",sans-serif;"
    "max-width:64em;margin:2em auto;padding:0 1em;color:#1a1a1a;"
    "line-height:1.4;overflow-wrap:break-word}\n"
    "h1{font-size:1.6em;margin-bottom:.2em}\n"
    "h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}\n"
    "p.sub{color:#555;margin-top:0}\n"
    "p.lead{font-size:1.15em;margin-top:0}\n"
    "p.generated{color:#555;font-size:.9em}\n"
    "p.headline{font-size:1.25em;font-weight:600}\n"
    "div.scroll{overflow-x:auto;max-width:100%;margin:.6em 0}\n"
    "table{border-collapse:collapse;margin:0}\n"
    "th,td{padding:.2em .7em;border-bottom:1px solid #e2e2e2;"
    "text-align:left;vertical-align:top}\n"
    "th{border-bottom:2px solid #999}\n"
    ".n{text-align:right;white-space:nowrap;"
    "font-variant-numeric:tabular-nums}\n"
    "tr.subtotal td{font-weight:600}\n"
    "tr.total td{font-weight:700;border-top:2px solid #999}\n"
    "td.l1{padding-left:1.8em}\n"
    "td.l2{padding-left:3.2em}\n"
    "td.m{color:#777}\n"
    "ul.notes{color:#444;font-size:.92em}\n"
    "@media (max-width:40em){body{margin:1em auto;padding:0 .6em}"
    "th,td{padding:.2em .4em}}\n"
    "@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}"
    "div.scroll{overflow:visible}"
    "table,figure{break-inside:avoid}"
    "h2{break-after:avoid}}\n";

/* Only pages with charts (or a word on their absence) carry these rules. */
static const char css_charts[] =
    "figure.chart{margin:1.2em 0}\n"
    "figure.chart svg{display:block}\n"
    "figure.chart .narrow{display:none}\n"
    "@media (max-width:40em){figure.chart .wide{display:none}"
    "figure.chart .narrow{display:block}}\n"
    "@media print{figure.chart .wide{display:block}"
    "figure.chart .narrow{display:none}}\n"
    "figure.map svg{max-width:34em}\n"
    "ul.legend{list-style:none;padding:0;margin:.4em 0;display:flex;"
    "flex-wrap:wrap;gap:.2em 1.2em}\n"
    "ul.legend .sw{display:inline-block;width:1.1em;height:.9em;"
    "margin-right:.4em;vertical-align:-.1em;border:1px solid #666}\n"
    "ul.legend .nodata{background:repeating-linear-gradient(45deg,"
    "#f6f6f6 0 2px,#9a9a9a 2px 3.5px)}\n"
    "ul.legend .masked{background:repeating-linear-gradient(45deg,"
    "#fdf3e7 0 2px,#c08a4a 2px 3.5px)}\n"
    "figure.map figcaption{color:#444;font-size:.92em}\n"
    "p.chartnote{color:#444;font-size:.92em}\n"
    "p.warn{border-left:4px solid #c9302c;background:#fbeeed;"
    "padding:.5em .8em}\n";

static void
put_html(ts_out *o, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			ts_out_puts(o, "&amp;");
			break;
		case '<':
			ts_out_puts(o, "&lt;");
			break;
		case '>':
			ts_out_puts(o, "&gt;");
			break;
		case '"':
			ts_out_puts(o, "&quot;");
			break;
		case '\'':
			ts_out_puts(o, "&#39;");
			break;
		default:
			ts_out_putc(o, (unsigned char)*s < 0x20 ||
			    *s == 0x7f ? ' ' : *s);
		}
	}
}

static void
notes(ts_out *o, char *const *n, size_t count)
{
	size_t i;

	if (count == 0)
		return;
	ts_out_puts(o, "<ul class=\"notes\">\n");
	for (i = 0; i < count; i++) {
		ts_out_puts(o, "<li>");
		put_html(o, n[i]);
		ts_out_puts(o, "</li>\n");
	}
	ts_out_puts(o, "</ul>\n");
}

static void
write_table(const ts_report *r, const ts_rtable *t, ts_out *o)
{
	static const char *const rowclass[] = { "", " class=\"subtotal\"",
		" class=\"total\"" };
	char buf[TS_REPORT_CELL_MAX];
	size_t i, j;

	if (t->title != NULL) {
		ts_out_printf(o, "<h2 id=\"%s\">", t->id);
		put_html(o, t->title);
		ts_out_puts(o, "</h2>\n");
	}
	/* A wide table scrolls in its own box, not the page. */
	ts_out_printf(o, "<div class=\"scroll\">\n<table class=\"%s\">\n"
	    "<thead><tr>", t->id);
	if (t->key_label) {
		ts_out_puts(o, "<th>");
		put_html(o, t->key_label);
		ts_out_puts(o, "</th>");
	}
	ts_out_puts(o, "<th>");
	put_html(o, t->label_label);
	ts_out_puts(o, "</th>");
	for (j = 0; j < t->ncols; j++) {
		ts_out_puts(o, t->cols[j].kind == TS_RK_TEXT ? "<th>" :
		    "<th class=\"n\">");
		put_html(o, t->cols[j].label);
		ts_out_puts(o, "</th>");
	}
	ts_out_puts(o, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < t->nrows; i++) {
		const ts_rrow *rw = &t->rows[i];
		ts_out_printf(o, "<tr%s>", rowclass[rw->type]);
		if (t->key_label) {
			ts_out_puts(o, "<td>");
			if (rw->type == TS_RR_ITEM)
				put_html(o, rw->key);
			ts_out_puts(o, "</td>");
		}
		if (rw->level > 0)
			ts_out_printf(o, "<td class=\"l%d\">", rw->level > 2 ? 2 :
			    rw->level);
		else
			ts_out_puts(o, "<td>");
		put_html(o, rw->label);
		ts_out_puts(o, "</td>");
		for (j = 0; j < t->ncols; j++) {
			const ts_rcell *c = &rw->cells[j];
			ts_out_puts(o, c->kind == TS_RK_TEXT ? "<td>" : c->masked ?
			    "<td class=\"n m\">" : "<td class=\"n\">");
			put_html(o, ts_report_cell_str(r, c, buf));
			ts_out_puts(o, "</td>");
		}
		ts_out_puts(o, "</tr>\n");
	}
	ts_out_puts(o, "</tbody>\n</table>\n</div>\n");
	notes(o, t->notes, t->nnotes);
}

/* The charts that go under table ID. */
static void
write_charts(const ts_report *r, const char *id, ts_out *o)
{
	size_t i;

	for (i = 0; i < r->ncharts; i++) {
		const ts_rchart *c = &r->charts[i];
		if (strcmp(c->after, id) != 0)
			continue;
		if (c->svg != NULL) {
			/* The SVG comes from gnuplot through ts_plot_svg_inline,
			 * which escapes every string of the data. */
			if (c->kind == TS_RCHART_MAP)
				ts_out_printf(o, "<figure class=\"chart map\" "
				    "id=\"map-%s\">\n", id);
			else
				ts_out_printf(o, "<figure class=\"chart\" "
				    "id=\"chart-%s\">\n", id);
			if (c->svg_narrow != NULL)
				ts_out_puts(o, "<div class=\"wide\">\n");
			ts_out_write(o, c->svg, c->len);
			if (c->svg_narrow != NULL) {
				ts_out_puts(o, "\n</div>\n<div class=\"narrow\">\n");
				ts_out_write(o, c->svg_narrow, c->len_narrow);
				ts_out_puts(o, "\n</div>");
			}
			if (c->html != NULL) {
				ts_out_puts(o, "\n");
				ts_out_puts(o, c->html);
			}
			ts_out_puts(o, "\n</figure>\n");
		}
		if (c->note != NULL) {
			ts_out_puts(o, "<p class=\"chartnote\">");
			put_html(o, c->note);
			ts_out_puts(o, "</p>\n");
		}
	}
}

void
ts_report_write_html(const ts_report *r, ts_out *o)
{
	char *h = ts_report_headline(r), *g = ts_report_generated_str(r);
	size_t i;

	ts_out_printf(o, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"telestat %s\">\n<title>",
	    r->lang == TS_LANG_EN ? "en" : "es", TS_VERSION);
	put_html(o, r->title);
	ts_out_puts(o, "</title>\n<style>\n");
	ts_out_puts(o, css);
	if (r->ncharts > 0)
		ts_out_puts(o, css_charts);
	ts_out_puts(o, "</style>\n</head>\n<body>\n<h1>");
	put_html(o, r->title);
	ts_out_puts(o, "</h1>\n");
	if (r->lead != NULL) {
		ts_out_puts(o, "<p class=\"lead\">");
		put_html(o, r->lead);
		ts_out_puts(o, "</p>\n");
	}
	ts_out_puts(o, "<p class=\"sub\">");
	put_html(o, r->subtitle);
	ts_out_puts(o, "</p>\n");
	if (g != NULL) {
		char d[16];
		ts_out_printf(o, "<p class=\"generated\"><time datetime=\"%s\">",
		    ts_report_iso_date(r->generated, d));
		put_html(o, g);
		ts_out_puts(o, ".</time></p>\n");
		free(g);
	}
	if (h != NULL) {
		ts_out_puts(o, "<p class=\"headline\">");
		put_html(o, h);
		ts_out_puts(o, "</p>\n");
		free(h);
	}
	for (i = 0; i < r->ntables; i++) {
		write_table(r, r->tables[i], o);
		write_charts(r, r->tables[i]->id, o);
	}
	if (r->nnotes > 0) {
		ts_out_puts(o, "<h2 id=\"notes\">");
		put_html(o, ts_rl(r->lang, RL_NOTES));
		ts_out_puts(o, "</h2>\n");
		notes(o, r->notes, r->nnotes);
	}
	ts_out_puts(o, "</body>\n</html>\n");
}
