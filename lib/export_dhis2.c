/*
 * export_dhis2.c - DHIS2 data value sets and ADX messages from an
 * aggregate table (export_dhis2.h).
 */
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "export_dhis2.h"
#include "labels.h"
#include "strmap.h"
#include "table.h"
#include "util.h"

/* One data value: its key is "dataElement\tperiod\torgUnit\tcoc". */
struct ts_dvs {
	const ts_xmap *map;
	uint64_t suppress;
	ts_map *keys;          /* data value key -> id */
	uint64_t *value;       /* by id */
	size_t cap;
	ts_map *reported;      /* "role\tvalue" already reported unmapped */
	ts_dvs_stats st;
};

ts_dvs *
ts_dvs_new(const ts_xmap *map, uint64_t suppress)
{
	ts_dvs *d = xcalloc(1, sizeof(*d));

	d->map = map;
	d->suppress = suppress;
	d->keys = ts_map_new();
	d->reported = ts_map_new();
	return d;
}

void
ts_dvs_free(ts_dvs *d)
{
	if (d == NULL)
		return;
	ts_map_free(d->keys);
	ts_map_free(d->reported);
	free(d->value);
	free(d);
}

const ts_dvs_stats *
ts_dvs_stats_get(const ts_dvs *d)
{
	return &d->st;
}

/* Where the table's columns are. */
typedef struct binding {
	int year, month;
	int role[TS_XROLE_N];
	int metric[TS_METRIC_N];
} binding;

/*
 * Binds the table's columns. Returns 0, TS_EXIT_MISSING_COLUMN (a
 * column is missing, said as every verb says it) or TS_EXIT_USAGE (a
 * column the mapping does not name).
 */
static int
bind(ts_dvs *d, const ts_reader *r, binding *b)
{
	const char *name = ts_reader_name(r);
	size_t i;
	int role;

	if (ts_table_refuse_wide(r, "export") != 0)
		return TS_EXIT_MISSING_COLUMN;
	b->month = ts_reader_find(r, "month");
	if ((b->year = ts_reader_require(r, "year",
	    "the DHIS2 period")) < 0)
		return TS_EXIT_MISSING_COLUMN;
	for (role = 0; role < TS_XROLE_N; role++) {
		const char *col = ts_xmap_column(d->map, role);
		char *what;

		b->role[role] = -1;
		if (col == NULL)
			continue;
		what = xasprintf("the %s of the mapping %s", ts_xrole_name(role),
		    ts_xmap_name(d->map));
		b->role[role] = ts_reader_require(r, col, what);
		free(what);
		if (b->role[role] < 0)
			return TS_EXIT_MISSING_COLUMN;
	}
	for (i = 0; i < TS_METRIC_N; i++)
		b->metric[i] = ts_reader_find(r, ts_metric_name((int)i));
	for (i = 0; i < ts_reader_ncols(r); i++) {
		const char *c = ts_reader_colname(r, i);
		int used = (int)i == b->year || (int)i == b->month ||
		    ts_metric_find(c, strlen(c)) >= 0 ||
		    ts_labels_is_label_column(r, i);

		for (role = 0; role < TS_XROLE_N; role++)
			used |= (int)i == b->role[role];
		if (!used) {
			ts_warn("%s: column \"%s\" is not in the mapping %s: "
			    "its values would be summed together (aggregate "
			    "without it, or map it)", name, c,
			    ts_xmap_name(d->map));
			return TS_EXIT_USAGE;
		}
	}
	return 0;
}

/* An unescaped copy of F into BUF (cap bytes), or NULL if too long. */
static const char *
field(ts_str f, char *buf, size_t cap, size_t *n)
{
	if (f.n + 1 > cap)
		return NULL;
	*n = ts_unescape(f, buf);
	buf[*n] = '\0';
	return buf;
}

static int
parse_u64(ts_str s, uint64_t *v)
{
	uint64_t x = 0;
	size_t i;

	if (s.n == 0 || s.n > 20)
		return -1;
	for (i = 0; i < s.n; i++) {
		unsigned dgt = (unsigned char)s.p[i] - '0';

		if (dgt > 9 || x > (UINT64_MAX - dgt) / 10)
			return -1;
		x = x * 10 + dgt;
	}
	*v = x;
	return 0;
}

static void
reject(const ts_reader *r, const char *col, const char *why, ts_str v)
{
	char msg[200];
	size_t n = v.n > 60 ? 60 : v.n;

	snprintf(msg, sizeof(msg), "column %s: %s \"%.*s%s\"", col, why,
	    (int)n, v.p, v.n > n ? "..." : "");
	ts_reader_warn(r, msg);
}

/* Reports an unmapped value the first time it is seen. */
static void
unmapped(ts_dvs *d, const ts_reader *r, int role, const char *col,
    const char *v, size_t n)
{
	char key[600];
	int fresh;
	size_t kn;

	kn = (size_t)snprintf(key, sizeof(key), "%d\t%.*s", role,
	    (int)(n > 500 ? 500 : n), v);
	ts_map_intern(d->reported, key, kn, &fresh);
	if (fresh) {
		char msg[700];

		snprintf(msg, sizeof(msg), "column %s: \"%.*s\" has no %s in "
		    "the mapping %s", col, (int)(n > 500 ? 500 : n), v,
		    ts_xrole_name(role), ts_xmap_name(d->map));
		ts_reader_warn(r, msg);
	}
}

static void
add_value(ts_dvs *d, const char *key, size_t kn, uint64_t v, int *overflow)
{
	int fresh;
	uint32_t id = ts_map_intern(d->keys, key, kn, &fresh);

	if (id >= d->cap) {
		size_t ncap = d->cap ? d->cap * 2 : 256;

		d->value = xreallocarray(d->value, ncap, sizeof(*d->value));
		memset(d->value + d->cap, 0, (ncap - d->cap) * sizeof(*d->value));
		d->cap = ncap;
	}
	if (d->value[id] > UINT64_MAX - v) {
		*overflow = 1;
		return;
	}
	d->value[id] += v;
}

#define MAXF 4096

/*
 * An empty attendees cell: attendees no record of the group gave, unknown
 * (telestat-records(5), "Attendees"). It sends no data value, not a 0.
 */
static int
unknown_value(const binding *b, const ts_str *f, int metric)
{
	return metric == TS_METRIC_ATTENDEES && f[b->metric[metric]].n == 0;
}

/* One row: returns 1 exported, 0 skipped, -1 unmapped, -2 rejected. */
static int
row(ts_dvs *d, const ts_reader *r, const binding *b, const ts_str *f,
    int *usage)
{
	char period[8], buf[TS_XROLE_N][MAXF], key[3 * MAXF + 32];
	const char *code[TS_XROLE_N];
	const ts_xcode *de = NULL;
	ts_xcode de_default;
	size_t nde = 0, i, n;
	uint64_t year, month = 0;
	int role, missing = 0, skip = 0, any = 0;

	if (f[b->year].n != 4 || parse_u64(f[b->year], &year) != 0 ||
	    year < 1000) {
		reject(r, "year", "not a four-digit year", f[b->year]);
		return -2;
	}
	memcpy(period, f[b->year].p, 4);
	period[4] = '\0';
	if (b->month >= 0) {
		ts_str m = f[b->month];

		if (m.n == 0 || m.n > 2 || parse_u64(m, &month) != 0 ||
		    month < 1 || month > 12) {
			reject(r, "month", m.n == 0 ? "empty month (a monthly "
			    "period needs one)" : "not a month 1-12", m);
			return -2;
		}
		period[4] = (char)('0' + month / 10);
		period[5] = (char)('0' + month % 10);
		period[6] = '\0';
	}
	for (role = 0; role < TS_XROLE_N; role++) {
		const char *v;
		const ts_xcode *c;
		size_t cn;

		code[role] = ts_xmap_default(d->map, role);
		if (b->role[role] < 0) {
			if (role == TS_XROLE_DE) {
				de_default.code = code[role];
				de_default.metric = ts_xmap_metric(d->map);
				de = &de_default;
				nde = 1;
			}
			continue;
		}
		v = field(f[b->role[role]], buf[role], MAXF, &n);
		c = v ? ts_xmap_lookup(d->map, role, v, n, &cn) : NULL;
		if (c == NULL) {
			unmapped(d, r, role, ts_reader_colname(r,
			    (size_t)b->role[role]), v ? v : f[b->role[role]].p,
			    v ? n : f[b->role[role]].n);
			missing = 1;
			continue;
		}
		if (role == TS_XROLE_DE) {
			de = c;
			nde = cn;
		} else if ((code[role] = c->code) == NULL)
			skip = 1;
	}
	if (missing)
		return -1;
	if (skip)
		return 0;
	/* Check every number first, so that a bad row adds nothing. */
	for (i = 0; i < nde; i++) {
		uint64_t v;

		if (de[i].code == NULL)
			continue;
		if (b->metric[de[i].metric] < 0) {
			char *what = xasprintf("data element %s of the mapping %s",
			    de[i].code, ts_xmap_name(d->map));

			(void)ts_reader_require(r, ts_metric_name(de[i].metric),
			    what);
			free(what);
			*usage = 1;
			return -2;
		}
		if (unknown_value(b, f, de[i].metric))
			continue;
		if (parse_u64(f[b->metric[de[i].metric]], &v) != 0) {
			reject(r, ts_metric_name(de[i].metric),
			    "not a count", f[b->metric[de[i].metric]]);
			return -2;
		}
	}
	for (i = 0; i < nde; i++) {
		uint64_t v = 0;
		int overflow = 0;
		size_t kn;

		if (de[i].code == NULL || unknown_value(b, f, de[i].metric))
			continue;
		(void)parse_u64(f[b->metric[de[i].metric]], &v);
		kn = (size_t)snprintf(key, sizeof(key), "%s\t%s\t%s\t%s",
		    de[i].code, period, code[TS_XROLE_OU],
		    code[TS_XROLE_COC] ? code[TS_XROLE_COC] : "");
		if (kn >= sizeof(key))
			kn = sizeof(key) - 1;
		add_value(d, key, kn, v, &overflow);
		if (overflow) {
			reject(r, ts_metric_name(de[i].metric),
			    "sum exceeds 2^64-1", f[b->metric[de[i].metric]]);
			return -2;
		}
		any = 1;
	}
	return any ? 1 : 0;
}

int
ts_dvs_read(ts_dvs *d, ts_reader *r)
{
	binding b;
	ts_str *f;
	int rc, rv = TS_EXIT_OK, usage = 0;

	if ((rc = bind(d, r, &b)) != 0) {
		if (rc == TS_EXIT_MISSING_COLUMN)
			d->st.unusable++;
		return rc;
	}
	while ((rc = ts_reader_next(r, &f)) != TS_ROW_EOF) {
		if (rc == TS_ROW_FAIL)
			return TS_EXIT_IO;
		d->st.rows++;
		if (rc == TS_ROW_BAD) {
			ts_reader_warn(r, ts_reader_error(r));
			d->st.rejected++;
			rv = TS_EXIT_DATA;
			continue;
		}
		switch (row(d, r, &b, f, &usage)) {
		case 1: d->st.exported++; break;
		case 0: d->st.skipped++; break;
		case -1: d->st.unmapped++; rv = TS_EXIT_DATA; break;
		default:
			if (usage) {
				/* A data element's metric column is missing. */
				d->st.unusable++;
				return TS_EXIT_MISSING_COLUMN;
			}
			d->st.rejected++;
			rv = TS_EXIT_DATA;
		}
	}
	return rv;
}

/* The four parts of data value ID's key (pointers into a copy in BUF). */
static void
split_key(const ts_dvs *d, uint32_t id, char *buf, size_t cap,
    const char *part[4])
{
	ts_str k = ts_map_key(d->keys, id);
	size_t i;
	char *p;

	if (k.n + 1 > cap)
		k.n = cap - 1;
	memcpy(buf, k.p, k.n);
	buf[k.n] = '\0';
	p = buf;
	for (i = 0; i < 4; i++) {
		part[i] = p;
		if (i < 3 && (p = strchr(p, '\t')) != NULL)
			*p++ = '\0';
		else if (p == NULL)
			p = buf + k.n;
	}
}

static void
csv_field(ts_out *o, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL)
		ts_out_puts(o, s);
	else
		ts_out_quoted(o, s, strlen(s), '"');
}

/* A JSON string; codes hold no control characters, but escape them all. */
static void
json_str(ts_out *o, const char *s)
{
	ts_out_putc(o, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			ts_out_putc(o, '\\');
			ts_out_putc(o, (char)c);
		} else if (c < 0x20)
			ts_out_printf(o, "\\u%04x", c);
		else
			ts_out_putc(o, (char)c);
	}
	ts_out_putc(o, '"');
}

static void
xml_attr(ts_out *o, const char *name, const char *v)
{
	ts_out_putc(o, ' ');
	ts_out_puts(o, name);
	ts_out_puts(o, "=\"");
	for (; *v; v++)
		switch (*v) {
		case '&': ts_out_puts(o, "&amp;"); break;
		case '<': ts_out_puts(o, "&lt;"); break;
		case '>': ts_out_puts(o, "&gt;"); break;
		case '"': ts_out_puts(o, "&quot;"); break;
		default: ts_out_putc(o, *v);
		}
	ts_out_putc(o, '"');
}

/* "2025" -> "2025-01-01/P1Y", "202503" -> "2025-03-01/P1M". */
static void
adx_period(const char *p, char *out, size_t cap)
{
	if (strlen(p) == 6)
		snprintf(out, cap, "%.4s-%.2s-01/P1M", p, p + 4);
	else
		snprintf(out, cap, "%.4s-01-01/P1Y", p);
}

static const ts_dvs *sort_dvs;

/* ADX groups data values by org unit and period. */
static int
cmp_group(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	char bx[3 * MAXF + 32], by[3 * MAXF + 32];
	const char *px[4], *py[4];
	int c;

	split_key(sort_dvs, x, bx, sizeof(bx), px);
	split_key(sort_dvs, y, by, sizeof(by), py);
	if ((c = strcmp(px[2], py[2])) != 0)
		return c;
	if ((c = strcmp(px[1], py[1])) != 0)
		return c;
	return x < y ? -1 : x > y;
}

int
ts_dvs_write(ts_dvs *d, int format, const char *exported, ts_out *o)
{
	static char kb[3 * MAXF + 32], gou[MAXF];
	size_t n = ts_map_size(d->keys), i, nshow = 0;
	uint32_t *ids = xreallocarray(NULL, n ? n : 1, sizeof(*ids));
	const char *k[4], *dataset = ts_xmap_dataset(d->map);
	char num[24];

	d->st.values = 0;
	d->st.suppressed = 0;
	for (i = 0; i < n; i++) {
		uint64_t v = d->value[i];

		if (d->suppress > 1 && v > 0 && v < d->suppress) {
			d->st.suppressed++;
			continue;
		}
		ids[nshow++] = (uint32_t)i;
	}
	d->st.values = nshow;
	if (format == TS_DVS_ADX) {
		const char *attr = ts_xmap_adx_category(d->map);
		char gper[8];
		int open = 0;

		if (dataset == NULL) {
			ts_warn("%s: no dataSet line (an ADX group must name "
			    "its data set)", ts_xmap_name(d->map));
			free(ids);
			return TS_EXIT_USAGE;
		}
		if (nshow == 0) {
			ts_warn("no data value to export (an ADX message "
			    "needs one at least): nothing written");
			free(ids);
			return TS_EXIT_DATA;
		}
		if (attr == NULL)
			attr = "categoryOptionCombo";
		sort_dvs = d;
		qsort(ids, nshow, sizeof(*ids), cmp_group);
		ts_out_puts(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<adx xmlns=\"urn:ihe:qrph:adx:2015\"");
		xml_attr(o, "exported", exported);
		ts_out_puts(o, ">\n");
		for (i = 0; i < nshow; i++) {
			char per[32];

			split_key(d, ids[i], kb, sizeof(kb), k);
			if (!open || strcmp(gou, k[2]) != 0 ||
			    strcmp(gper, k[1]) != 0) {
				if (open)
					ts_out_puts(o, "  </group>\n");
				adx_period(k[1], per, sizeof(per));
				ts_out_puts(o, "  <group");
				xml_attr(o, "orgUnit", k[2]);
				xml_attr(o, "period", per);
				xml_attr(o, "dataSet", dataset);
				ts_out_puts(o, ">\n");
				snprintf(gou, sizeof(gou), "%s", k[2]);
				snprintf(gper, sizeof(gper), "%s", k[1]);
				open = 1;
			}
			ts_out_puts(o, "    <dataValue");
			xml_attr(o, "dataElement", k[0]);
			if (*k[3] != '\0')
				xml_attr(o, attr, k[3]);
			num[ts_fmt_u64(num, d->value[ids[i]])] = '\0';
			xml_attr(o, "value", num);
			ts_out_puts(o, "/>\n");
		}
		ts_out_puts(o, "  </group>\n</adx>\n");
	} else if (format == TS_DVS_CSV) {
		ts_out_puts(o, "dataelement,period,orgunit,catoptcombo,"
		    "attroptcombo,value\r\n");
		for (i = 0; i < nshow; i++) {
			split_key(d, ids[i], kb, sizeof(kb), k);
			csv_field(o, k[0]);
			ts_out_putc(o, ',');
			csv_field(o, k[1]);
			ts_out_putc(o, ',');
			csv_field(o, k[2]);
			ts_out_putc(o, ',');
			csv_field(o, k[3]);
			ts_out_puts(o, ",,");
			ts_out_u64(o, d->value[ids[i]]);
			ts_out_puts(o, "\r\n");
		}
	} else {
		ts_out_puts(o, "{\n");
		if (dataset != NULL) {
			ts_out_puts(o, "  \"dataSet\": ");
			json_str(o, dataset);
			ts_out_puts(o, ",\n");
		}
		ts_out_puts(o, "  \"dataValues\": [");
		for (i = 0; i < nshow; i++) {
			split_key(d, ids[i], kb, sizeof(kb), k);
			ts_out_puts(o, i ? ",\n    " : "\n    ");
			ts_out_puts(o, "{\"dataElement\": ");
			json_str(o, k[0]);
			ts_out_puts(o, ", \"period\": ");
			json_str(o, k[1]);
			ts_out_puts(o, ", \"orgUnit\": ");
			json_str(o, k[2]);
			if (*k[3] != '\0') {
				ts_out_puts(o, ", \"categoryOptionCombo\": ");
				json_str(o, k[3]);
			}
			/* DHIS2 carries every value as a string. */
			ts_out_puts(o, ", \"value\": \"");
			ts_out_u64(o, d->value[ids[i]]);
			ts_out_puts(o, "\"}");
		}
		ts_out_puts(o, nshow ? "\n  ]\n}\n" : "]\n}\n");
	}
	free(ids);
	return TS_EXIT_OK;
}
