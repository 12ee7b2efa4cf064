/*
 * synth.c - synthetic exports; see synth.h and telestat-synth(1).
 *
 * Every text that can appear in a row (labels, names, codes) is escaped
 * for its shape once, at start-up, into a table of ready-made byte
 * strings; the per-row path only draws random numbers, copies those
 * strings and formats small integers into a row buffer, which goes to
 * ts_out in one call.
 */
#include "synth.h"
#include "sidetable.h"
#include "paths.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "util.h"
#include "values.h"

/* ------------------------------------------------------------------ */
/* Source tables                                                      */

/* Peruvian departments in UBIGEO order (01 Amazonas .. 25 Ucayali). */
static const struct {
	const char *name;       /* as written, with accents */
	uint32_t weight;        /* share of attentions; Lima heavy */
	const char *networks;   /* EsSalud networks, '|'-separated */
} pe_depts[] = {
	{ "Amazonas", 2, "RED ASISTENCIAL AMAZONAS" },
	{ "Áncash", 4, "RED ASISTENCIAL ANCASH|RED ASISTENCIAL HUARAZ" },
	{ "Apurímac", 2, "RED ASISTENCIAL APURIMAC" },
	{ "Arequipa", 5, "RED ASISTENCIAL AREQUIPA" },
	{ "Ayacucho", 3, "RED ASISTENCIAL AYACUCHO" },
	{ "Cajamarca", 4, "RED ASISTENCIAL CAJAMARCA|RED ASISTENCIAL JAEN" },
	{ "Callao", 4, "RED PRESTACIONAL SABOGAL" },
	{ "Cusco", 5, "RED ASISTENCIAL CUSCO" },
	{ "Huancavelica", 2, "RED ASISTENCIAL HUANCAVELICA" },
	{ "Huánuco", 3, "RED ASISTENCIAL HUANUCO" },
	{ "Ica", 3, "RED ASISTENCIAL ICA" },
	{ "Junín", 5, "RED ASISTENCIAL JUNIN" },
	{ "La Libertad", 6, "RED ASISTENCIAL LA LIBERTAD" },
	{ "Lambayeque", 5, "RED ASISTENCIAL LAMBAYEQUE" },
	{ "Lima", 30, "RED PRESTACIONAL REBAGLIATI|RED PRESTACIONAL ALMENARA|"
	    "RED PRESTACIONAL SABOGAL|CENATE" },
	{ "Loreto", 4, "RED ASISTENCIAL LORETO" },
	{ "Madre de Dios", 1, "RED ASISTENCIAL MADRE DE DIOS" },
	{ "Moquegua", 1, "RED ASISTENCIAL MOQUEGUA" },
	{ "Pasco", 1, "RED ASISTENCIAL PASCO" },
	{ "Piura", 6, "RED ASISTENCIAL PIURA" },
	{ "Puno", 5, "RED ASISTENCIAL PUNO|RED ASISTENCIAL JULIACA" },
	{ "San Martín", 3, "RED ASISTENCIAL MOYOBAMBA|RED ASISTENCIAL TARAPOTO" },
	{ "Tacna", 2, "RED ASISTENCIAL TACNA" },
	{ "Tumbes", 1, "RED ASISTENCIAL TUMBES" },
	{ "Ucayali", 2, "RED ASISTENCIAL UCAYALI" },
};
#define NDEPT (sizeof(pe_depts) / sizeof(pe_depts[0]))
#define DEPT_LIMA 14
#define DEPT_CALLAO 6

/* Mexican states in INEGI order (01 .. 32); weight = population / 100k. */
static const struct {
	const char *name;
	uint32_t pop;
} mx_states[] = {
	{ "Aguascalientes", 14 }, { "Baja California", 38 },
	{ "Baja California Sur", 8 }, { "Campeche", 9 }, { "Coahuila", 31 },
	{ "Colima", 7 }, { "Chiapas", 55 }, { "Chihuahua", 37 },
	{ "Ciudad de México", 92 }, { "Durango", 18 }, { "Guanajuato", 62 },
	{ "Guerrero", 35 }, { "Hidalgo", 31 }, { "Jalisco", 83 },
	{ "México", 170 }, { "Michoacán", 47 }, { "Morelos", 20 },
	{ "Nayarit", 12 }, { "Nuevo León", 58 }, { "Oaxaca", 41 },
	{ "Puebla", 66 }, { "Querétaro", 24 }, { "Quintana Roo", 19 },
	{ "San Luis Potosí", 28 }, { "Sinaloa", 30 }, { "Sonora", 29 },
	{ "Tabasco", 24 }, { "Tamaulipas", 35 }, { "Tlaxcala", 13 },
	{ "Veracruz", 81 }, { "Yucatán", 23 }, { "Zacatecas", 16 },
};
#define NSTATE (sizeof(mx_states) / sizeof(mx_states[0]))

/* Specialties as exported, in upper case and mixed case alike. */
static const struct {
	const char *name;
	uint32_t weight;    /* 0: only reached through a label's override */
} pe_specs[] = {
	{ "MEDICINA GENERAL", 30 }, { "Medicina General", 5 },
	{ "MEDICINA INTERNA", 10 }, { "PEDIATRIA", 7 }, { "Pediatría", 2 },
	{ "PSIQUIATRIA", 5 }, { "CARDIOLOGIA", 5 }, { "DERMATOLOGIA", 4 },
	{ "ENDOCRINOLOGIA", 4 }, { "GINECO-OBSTETRICIA", 5 },
	{ "NEUROLOGIA", 3 }, { "RADIOLOGIA", 4 }, { "NUTRICION", 4 },
	{ "PSICOLOGIA", 8 }, { "Psicología", 2 }, { "MEDICINA FAMILIAR", 3 },
	{ "NEUMOLOGIA", 2 }, { "GERIATRIA", 2 }, { "", 2 },
	{ "MEDICINA DE EMERGENCIAS", 0 },
	{ "MEDICINA FISICA Y REHABILITACION", 0 },
};
#define NSPEC (sizeof(pe_specs) / sizeof(pe_specs[0]))

/*
 * A service label as exported. spec: NULL draws a specialty, otherwise
 * the label's own (e.g. Tele EKG is read by cardiology). patient: 0 for
 * activities without a patient (no patient, sex or age). amb: in-person.
 */
struct label {
	const char *text;
	uint32_t weight;
	const char *spec;
	int patient;
	int amb;
};

/* MINSA-style labels (generic and fhir shapes). */
static const struct label minsa_labels[] = {
	{ "TELECONSULTA", 240, NULL, 1, 0 },
	{ "Teleconsulta", 80, NULL, 1, 0 },
	{ "Tele-consulta médica", 40, NULL, 1, 0 },
	{ "TELCONSULTA", 20, NULL, 1, 0 },
	{ "TELECONSULTA EN LINEA", 30, NULL, 1, 0 },
	{ "TELEINTERCONSULTA", 60, NULL, 1, 0 },
	{ "Teleinterconsulta síncrona", 20, NULL, 1, 0 },
	{ "TELINTERC", 10, NULL, 1, 0 },
	{ "TELEORIENTACION", 60, NULL, 1, 0 },
	{ "Teleorientación síncrona", 50, NULL, 1, 0 },
	{ "Teleorientación asíncrona", 20, NULL, 1, 0 },
	{ "ORIENT-TEL", 10, NULL, 1, 0 },
	{ "ASESORIA MEDICA A DISTANCIA COVID-19", 30, "MEDICINA GENERAL", 1, 0 },
	{ "TELEMONITOREO", 70, NULL, 1, 0 },
	{ "Telemonitoreo", 20, NULL, 1, 0 },
	{ "TELMONIT", 10, NULL, 1, 0 },
	{ "Telecron", 20, "MEDICINA INTERNA", 1, 0 },
	{ "TELETRIAJE COVID-19", 30, "MEDICINA GENERAL", 1, 0 },
	{ "TELETRIAJE", 20, "MEDICINA GENERAL", 1, 0 },
	{ "TELEURGENCIA", 10, "MEDICINA DE EMERGENCIAS", 1, 0 },
	{ "TELEAPOYO AL DIAGNOSTICO", 40, "RADIOLOGIA", 1, 0 },
	{ "TELEAPOYO AL DIAGNOSTICO, RADIOLOGIA", 10, "RADIOLOGIA", 1, 0 },
	{ "TELERRADIOLOGIA", 20, "RADIOLOGIA", 1, 0 },
	{ "Telemamografía", 20, "RADIOLOGIA", 1, 0 },
	{ "Tele EKG", 20, "CARDIOLOGIA", 1, 0 },
	{ "TELECAPACITACION", 10, "", 0, 0 },
	{ "Telecapacitación", 5, "", 0, 0 },
	{ "TELEGESTION", 10, "", 0, 0 },
	{ "CONSULTA EXTERNA", 20, NULL, 1, 1 },
	{ "Triaje presencial", 10, "MEDICINA GENERAL", 1, 1 },
	{ "", 10, NULL, 1, 0 },
};

/*
 * EsSalud CENATE labels, weighted after the 2025 year summary:
 * teleconsultas about half (teletriaje and teleurgencias inside them),
 * teleapoyo al diagnóstico 38 %, the rest mostly Telecron programs.
 */
static const struct label essalud_labels[] = {
	{ "TELECONSULTA", 120, NULL, 1, 0 },
	{ "Teleconsulta", 40, NULL, 1, 0 },
	{ "TELECONSULTA MEDICA", 25, NULL, 1, 0 },
	{ "TELCONSULTA", 10, NULL, 1, 0 },
	{ "TELETRIAJE", 150, "MEDICINA GENERAL", 1, 0 },
	{ "TELETRIAJE COVID-19", 55, "MEDICINA GENERAL", 1, 0 },
	{ "TELEURGENCIA", 110, "MEDICINA DE EMERGENCIAS", 1, 0 },
	{ "TELEAPOYO AL DIAGNOSTICO", 200, "RADIOLOGIA", 1, 0 },
	{ "Telerradiología", 80, "RADIOLOGIA", 1, 0 },
	{ "Telemamografía", 40, "RADIOLOGIA", 1, 0 },
	{ "Tele EKG", 39, "CARDIOLOGIA", 1, 0 },
	{ "TELEAPOYO AL DIAGNOSTICO, TOMOGRAFIA", 20, "RADIOLOGIA", 1, 0 },
	{ "Telecron", 45, "ENDOCRINOLOGIA", 1, 0 },
	{ "Telecrónicos", 25, "MEDICINA INTERNA", 1, 0 },
	{ "TELEMONITOREO", 20, NULL, 1, 0 },
	{ "TELEINTERCONSULTA", 15, NULL, 1, 0 },
	{ "Teleorientación síncrona", 8, NULL, 1, 0 },
	{ "Telecertificación de Discapacidad", 4,
	    "MEDICINA FISICA Y REHABILITACION", 1, 0 },
	{ "CONSULTA EXTERNA", 3, NULL, 1, 1 },
	{ "", 1, NULL, 1, 0 },
};

/* HIS-MINSA procedure codes with their item descriptions. */
static const struct {
	const char *code, *desc;
	uint32_t weight;
} his_items[] = {
	{ "99499.01", "Teleconsulta en línea", 30 },
	{ "99499.08", "Teleorientación síncrona", 30 },
	{ "99499.09", "Teleorientación asíncrona", 10 },
	{ "99499.10", "Telemonitoreo", 15 },
	{ "99499.11", "Teleinterconsulta síncrona", 8 },
	{ "99203", "Consulta externa", 4 },
	{ "", "", 1 },
};
#define NHIS (sizeof(his_items) / sizeof(his_items[0]))

/*
 * CENETEC actions with their national 2021 figures (state health
 * services): count for actions with a patient, sessions and attendees
 * per session for those without.
 */
static const struct {
	const char *name;
	uint64_t national;      /* actions, or sessions */
	uint32_t per_session;   /* attendees per session; 0: with patient */
	int covid;              /* only from 2020, fading after 2021 */
} cenetec_actions[] = {
	{ "Teleconsulta", 71567, 0, 0 },
	{ "Teleinterconsulta", 8807, 0, 0 },
	{ "Asesoría médica a distancia COVID-19", 1300000, 0, 1 },
	{ "Asesoría médica a distancia", 1200000, 0, 0 },
	{ "Monitoreo remoto de pacientes", 1100000, 0, 0 },
	{ "Triaje a distancia COVID-19", 952000, 0, 1 },
	{ "Tele-educación", 19231, 35, 0 },
	{ "Coordinación de servicios", 18235, 15, 0 },
};
#define NACTION (sizeof(cenetec_actions) / sizeof(cenetec_actions[0]))

/* Facility name parts (RENIPRESS-style establishments). */
static const struct {
	const char *text;
	uint32_t weight;
} fac_prefixes[] = {
	{ "C.S.", 30 }, { "P.S.", 25 }, { "CENTRO DE SALUD", 10 },
	{ "PUESTO DE SALUD", 10 }, { "Centro de Salud", 5 },
	{ "HOSPITAL", 6 }, { "HOSPITAL REGIONAL", 3 }, { "Posta Médica", 3 },
	{ "CLINICA", 2 },
};
static const char *const fac_places[] = {
	"SAN JUAN", "SANTA ROSA", "VIRGEN DE FATIMA", "LOS OLIVOS",
	"EL PORVENIR", "SAN MARTIN DE PORRES", "MICAELA BASTIDAS",
	"JOSE OLAYA", "TUPAC AMARU", "SEÑOR DE LOS MILAGROS",
	"NUESTRA SEÑORA DE LAS MERCEDES", "VILLA EL SALVADOR", "SAN SEBASTIAN",
	"MARIA AUXILIADORA", "DANIEL ALCIDES CARRION", "SAN JOSE",
	"LA VICTORIA", "CIUDAD NUEVA", "BELLAVISTA", "PUEBLO LIBRE",
	"SANTA ANA", "CRUZ DE MAYO", "VILLA MARIA", "HUAYCAN", "PACHACUTEC",
	"LAS MORAS", "EL MILAGRO", "SAN ANTONIO", "Santa Rosa de Lima",
	"San Juan Bautista",
};
#define NPLACE (sizeof(fac_places) / sizeof(fac_places[0]))

/* Age bands of patients at the start of the year range. */
static const struct {
	int lo, hi;
	uint32_t weight;
} age_bands[] = {
	{ 0, 0, 3 }, { 1, 4, 6 }, { 5, 17, 10 }, { 18, 29, 15 },
	{ 30, 44, 20 }, { 45, 59, 22 }, { 60, 79, 19 }, { 80, 99, 5 },
};
#define NBAND (sizeof(age_bands) / sizeof(age_bands[0]))

#define NFACILITY 2260     /* MINSA's connected establishments */
#define PRIOR_PATIENTS 100 /* patients seen before the first row */
#define MAX_FIELD 256      /* longest escaped text a table may hold */
#define ROW_MAX 4096       /* longest row: well above the sum of fields */

/* ------------------------------------------------------------------ */
/* Escaping, done once per text                                        */

/* A byte string owned by the generator. */
struct bstr {
	char *p;
	size_t n;
};

static struct bstr
bstr_take(char *p, size_t n)
{
	struct bstr b;

	/* Every text comes from the tables above: a longer one is a bug. */
	assert(n <= MAX_FIELD);
	b.p = p;
	b.n = n;
	return b;
}

/* RFC 4180: quoted only when it holds the delimiter, a quote or a newline. */
static struct bstr
csv_field(const char *s, char delim)
{
	size_t n = strlen(s), i, k = 0;
	char *p;

	if (strpbrk(s, "\"\r\n") == NULL && memchr(s, delim, n) == NULL)
		return bstr_take(xstrndup(s, n), n);
	p = xmalloc(2 * n + 3);
	p[k++] = '"';
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			p[k++] = '"';
		p[k++] = s[i];
	}
	p[k++] = '"';
	return bstr_take(p, k);
}

/* A JSON string literal, quotes included. */
static struct bstr
json_string(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = strlen(s), i, k = 0;
	char *p = xmalloc(6 * n + 3);

	p[k++] = '"';
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			p[k++] = '\\';
			p[k++] = (char)c;
		} else if (c < 0x20) {
			memcpy(p + k, "\\u00", 4);
			k += 4;
			p[k++] = hex[c >> 4];
			p[k++] = hex[c & 15];
		} else {
			p[k++] = (char)c;
		}
	}
	p[k++] = '"';
	return bstr_take(p, k);
}

/*
 * UTF-8 to Latin-1 (the encoding of HIS-MINSA exports). The tables only
 * hold characters of Latin-1, so every two-byte sequence maps to a byte.
 */
static char *
to_latin1(const char *s)
{
	size_t n = strlen(s), k = 0, i;
	char *p = xmalloc(n + 1);

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c == 0xc2 || c == 0xc3) && i + 1 < n) {
			p[k++] = (char)(((c & 0x03) << 6) |
			    ((unsigned char)s[i + 1] & 0x3f));
			i++;
		} else {
			p[k++] = (char)c;
		}
	}
	p[k] = '\0';
	return p;
}

/*
 * Upper case, for the Latin-1 range of UTF-8. With fold, accents are
 * dropped too ("San Martín" -> "SAN MARTIN"), as many exports do.
 */
static char *
upper(const char *s, int fold)
{
	/* Folded base letters for U+00C0..U+00DF (upper case forms). */
	static const char base[] = "AAAAAAECEEEEIIIIDNOOOOO*OUUUUYTs";
	size_t n = strlen(s), k = 0, i;
	char *p = xmalloc(n + 1);

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0xc3 && i + 1 < n) {
			unsigned char d = (unsigned char)s[++i];
			if (d >= 0xa0 && d != 0xb7)
				d -= 0x20;      /* à..þ -> À..Þ, not ÷ */
			if (fold && d >= 0x80 && d <= 0x9f && base[d - 0x80] != '*') {
				p[k++] = base[d - 0x80];
			} else {
				p[k++] = (char)c;
				p[k++] = (char)d;
			}
		} else {
			p[k++] = (c >= 'a' && c <= 'z') ? (char)(c - 32) : (char)c;
		}
	}
	p[k] = '\0';
	return p;
}

/* ------------------------------------------------------------------ */
/* The generator                                                       */

struct facility {
	char code[9];           /* RENIPRESS, 8 digits */
	char *plain;            /* the name, unescaped */
	char ubigeo[7];
	int dept;
	struct bstr name;       /* escaped for the shape */
};

struct labelx {
	struct bstr text;       /* escaped for the shape */
	int spec;               /* index in pe_specs, or -1 to draw */
	int patient, amb;
};

struct gen {
	ts_synth_opts o;
	ts_rng rng;
	uint64_t salt;          /* keys patient attributes and DNIs */
	uint64_t npatients;     /* patient numbers handed out so far */
	ts_wtab years, depts, specs, labels, bands;
	struct labelx *lab;
	size_t nlab;
	struct bstr spec[NSPEC];
	struct bstr dept_name[NDEPT][3];   /* UPPER, Title, ÚPPER */
	struct bstr networks[NDEPT][4];
	int nnetworks[NDEPT];
	struct facility *fac;
	int fac_first[NDEPT], fac_count[NDEPT];
	/* minsa-his */
	ts_wtab items;
	struct bstr item_desc[NHIS];
	/* cenetec-summary */
	struct bstr state_name[NSTATE][2]; /* as written, UPPER folded */
	struct bstr action[NACTION];
	uint32_t pop_total;
	int cy, ce, ca;          /* next (year, entity, action) */
};

/* A row being built; flushed to ts_out in one write. */
struct row {
	char b[ROW_MAX];
	size_t n;
};

static inline void
put(struct row *r, const char *p, size_t n)
{
	memcpy(r->b + r->n, p, n);
	r->n += n;
}

static inline void
put_b(struct row *r, struct bstr s)
{
	put(r, s.p, s.n);
}

static inline void
put_c(struct row *r, char c)
{
	r->b[r->n++] = c;
}

#define put_lit(r, lit) put((r), (lit), sizeof(lit) - 1)

static inline void
put_u(struct row *r, uint64_t v)
{
	r->n += ts_fmt_u64(r->b + r->n, v);
}

/* Zero-padded to WIDTH digits (v must fit). */
static inline void
put_pad(struct row *r, uint64_t v, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		r->b[r->n + (size_t)i] = (char)('0' + v % 10);
		v /= 10;
	}
	r->n += (size_t)width;
}

static int
days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

struct date {
	int y, m, d;
};

static struct date
draw_date(struct gen *g)
{
	struct date t;

	t.y = g->o.year_from + (int)ts_wtab_pick(&g->years, &g->rng);
	t.m = ts_rng_range(&g->rng, 1, 12);
	t.d = ts_rng_range(&g->rng, 1, days_in_month(t.y, t.m));
	return t;
}

struct patient {
	uint64_t id;
	char dni[9];
	char sex;               /* 'F' or 'M' */
	int age0;               /* age in years at the start of the range */
};

/*
 * About one visit in three is a patient's first; the others return to a
 * patient already seen, chosen uniformly, so early patients gather more
 * visits, as chronic ones do. Attributes hash from the patient number.
 */
static void
draw_patient(struct gen *g, struct patient *p)
{
	uint64_t h, dni;
	size_t band;

	if (g->npatients == 0 || ts_rng_below(&g->rng, 100) < 35)
		p->id = g->npatients++;
	else if (g->npatients <= UINT32_MAX)
		p->id = ts_rng_below(&g->rng, (uint32_t)g->npatients);
	else
		p->id = ts_rng_next(&g->rng) % g->npatients;
	h = ts_mix64(g->salt ^ ts_mix64(p->id));
	/*
	 * DNI: an affine bijection of [0, 10^8) (the multiplier is prime to
	 * 10^8), so distinct patients get distinct 8-digit numbers, with
	 * leading zeros as often as real ones.
	 */
	dni = (p->id * 54435761u + g->salt % 100000000u) % 100000000u;
	for (int i = 7; i >= 0; i--) {
		p->dni[i] = (char)('0' + dni % 10);
		dni /= 10;
	}
	p->dni[8] = '\0';
	p->sex = (h % 1000) < 570 ? 'F' : 'M';
	band = g->bands.slot[(h >> 12) % g->bands.total];
	p->age0 = age_bands[band].lo +
	    (int)((h >> 40) % (uint64_t)(age_bands[band].hi - age_bands[band].lo + 1));
}

/*
 * Whether establishment K reports in YEAR. With a network seed (one
 * network over yearly exports, as the demo makes), the network changes as
 * real ones do: most establishments report every year, some open in a
 * later year, some stop, and a few never report, so that the report's
 * new, stopped and did-not-report figures have something to show. The
 * history is in calendar years (opening in 2022 to 2025, stopping after
 * 2021 to 2024), the same whichever years one export covers. Without a
 * network seed every establishment reports (exports stay as they were).
 */
static int
fac_reports(const struct gen *g, int k, int year)
{
	uint64_t h;
	int u, at;

	if (!g->o.has_network_seed)
		return 1;
	h = ts_mix64(g->o.network_seed ^ ts_mix64((uint64_t)k + 1));
	u = (int)(h % 100);
	at = (int)((h >> 8) % 4);
	if (u < 2)
		return 0;                               /* never reports */
	if (u < 8)
		return year >= 2022 + at;               /* opens */
	if (u < 12)
		return year <= 2021 + at;               /* stops */
	return 1;
}

/*
 * An establishment of a department drawn by weight, one that reports in
 * YEAR: a draw that falls on one that does not goes to the next one of
 * its department that does, so the rows' random stream, and every other
 * field and count, stay as they are.
 */
static const struct facility *
draw_facility(struct gen *g, int year)
{
	int d = (int)ts_wtab_pick(&g->depts, &g->rng);
	int n = g->fac_count[d], i = (int)ts_rng_below(&g->rng, (uint32_t)n);
	int j;

	for (j = 0; j < n; j++) {
		int k = g->fac_first[d] + (i + j) % n;
		if (fac_reports(g, k, year))
			return &g->fac[k];
	}
	return &g->fac[g->fac_first[d] + i];
}

static const struct labelx *
draw_label(struct gen *g, int *spec)
{
	const struct labelx *l = &g->lab[ts_wtab_pick(&g->labels, &g->rng)];

	*spec = l->spec >= 0 ? l->spec : (int)ts_wtab_pick(&g->specs, &g->rng);
	return l;
}

/* Department name as a generic export spells it: mostly UPPER. */
static struct bstr
dept_variant(struct gen *g, int d)
{
	uint32_t u = ts_rng_below(&g->rng, 20);

	return g->dept_name[d][u < 17 ? 0 : u < 19 ? 1 : 2];
}

/* ------------------------------------------------------------------ */
/* Set-up                                                              */

static int
find_spec(const char *name)
{
	size_t i;

	for (i = 0; i < NSPEC; i++)
		if (strcmp(pe_specs[i].name, name) == 0)
			return (int)i;
	/* The label tables name only specialties of pe_specs. */
	assert(!"a label names an unknown specialty");
	return -1;
}

static struct bstr
escape(const struct gen *g, const char *s, char delim)
{
	if (g->o.shape == TS_SYNTH_FHIR)
		return json_string(s);
	return csv_field(s, delim);
}

static void
init_labels(struct gen *g, const struct label *tab, size_t n, char delim)
{
	uint32_t *w = xreallocarray(NULL, n, sizeof(*w));
	size_t i;

	g->lab = xreallocarray(NULL, n, sizeof(*g->lab));
	g->nlab = n;
	for (i = 0; i < n; i++) {
		g->lab[i].text = escape(g, tab[i].text, delim);
		g->lab[i].spec = tab[i].spec ? find_spec(tab[i].spec) : -1;
		g->lab[i].patient = tab[i].patient;
		g->lab[i].amb = tab[i].amb;
		/* A FHIR Encounter always has a patient. */
		w[i] = (g->o.shape == TS_SYNTH_FHIR && !tab[i].patient) ? 0 : tab[i].weight;
	}
	ts_wtab_init(&g->labels, w, n);
	free(w);
}

/*
 * The facility pool: NFACILITY establishments shared out among the
 * departments by weight, each with a RENIPRESS code (unique, increasing,
 * leading zeros), a UBIGEO inside its department, and a name; one in
 * ten names ends with ", DEPARTMENT" and one in forty quotes a place's
 * name, so CSV quoting is exercised.
 */
static void
init_facilities(struct gen *g, char delim)
{
	uint32_t w[sizeof(fac_prefixes) / sizeof(fac_prefixes[0])];
	ts_wtab prefixes;
	uint32_t wsum = 0, code = 1000;
	size_t d, i, k = 0, count[NDEPT], assigned = 0;
	char name[MAX_FIELD];
	ts_rng network, *rng = &g->rng;

	/*
	 * With a network seed the pool comes from a stream of its own, so
	 * exports made with different --seed values (one per year, say)
	 * share one network; without one it is drawn from the rows' stream,
	 * as it always was, and every export stays byte for byte the same.
	 */
	if (g->o.has_network_seed) {
		ts_rng_seed(&network, g->o.network_seed);
		rng = &network;
	}

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		w[i] = fac_prefixes[i].weight;
	ts_wtab_init(&prefixes, w, sizeof(w) / sizeof(w[0]));

	for (d = 0; d < NDEPT; d++)
		wsum += pe_depts[d].weight;
	for (d = 0; d < NDEPT; d++) {
		count[d] = NFACILITY * pe_depts[d].weight / wsum;
		assigned += count[d];
	}
	count[DEPT_LIMA] += NFACILITY - assigned;     /* rounding remainder */
	g->fac = xcalloc(NFACILITY, sizeof(*g->fac));
	for (d = 0; d < NDEPT; d++) {
		g->fac_first[d] = (int)k;
		g->fac_count[d] = (int)count[d];
		for (i = 0; i < count[d]; i++, k++) {
			struct facility *f = &g->fac[k];
			const char *pre = fac_prefixes[ts_wtab_pick(&prefixes, rng)].text;
			const char *place = fac_places[ts_rng_below(rng, NPLACE)];
			uint32_t style = ts_rng_below(rng, 40);
			int prov, dist;

			code += 1 + ts_rng_below(rng, 12);
			for (int j = 7, c = (int)code; j >= 0; j--, c /= 10)
				f->code[j] = (char)('0' + c % 10);
			f->code[8] = '\0';
			f->dept = (int)d;
			/* Lima Metropolitana (1501xx) holds most of Lima's. */
			if (d == DEPT_LIMA && ts_rng_below(rng, 10) < 7) {
				prov = 1;
				dist = ts_rng_range(rng, 1, 43);
			} else if (d == DEPT_CALLAO) {
				prov = 1;
				dist = ts_rng_range(rng, 1, 7);
			} else {
				prov = ts_rng_range(rng, d == DEPT_LIMA ? 2 : 1, 8);
				dist = ts_rng_range(rng, 1, 10);
			}
			f->ubigeo[0] = (char)('0' + (d + 1) / 10);
			f->ubigeo[1] = (char)('0' + (d + 1) % 10);
			f->ubigeo[2] = (char)('0' + prov / 10);
			f->ubigeo[3] = (char)('0' + prov % 10);
			f->ubigeo[4] = (char)('0' + dist / 10);
			f->ubigeo[5] = (char)('0' + dist % 10);
			f->ubigeo[6] = '\0';
			if (style == 0) {
				snprintf(name, sizeof(name), "%s \"%s\"", pre, place);
			} else if (style < 5) {
				char *up = upper(pe_depts[d].name, 1);
				snprintf(name, sizeof(name), "%s %s, %s", pre, place, up);
				free(up);
			} else if (style < 15) {
				snprintf(name, sizeof(name), "%s %s %u", pre, place,
				    (unsigned)ts_rng_range(rng, 1, 9));
			} else {
				snprintf(name, sizeof(name), "%s %s", pre, place);
			}
			f->name = escape(g, name, delim);
			f->plain = xstrdup(name);
		}
	}
	ts_wtab_free(&prefixes);
}

static void
init_common(struct gen *g, char delim)
{
	uint32_t w[256];
	size_t i, n;

	n = (size_t)(g->o.year_to - g->o.year_from + 1);
	{
		/* Telehealth grows: each year weighs a little more. */
		uint32_t *yw = xreallocarray(NULL, n, sizeof(*yw));
		for (i = 0; i < n; i++)
			yw[i] = 5 + (uint32_t)i;
		ts_wtab_init(&g->years, yw, n);
		free(yw);
	}
	for (i = 0; i < NDEPT; i++)
		w[i] = pe_depts[i].weight;
	ts_wtab_init(&g->depts, w, NDEPT);
	for (i = 0; i < NSPEC; i++) {
		w[i] = pe_specs[i].weight;
		g->spec[i] = csv_field(pe_specs[i].name, delim);
	}
	ts_wtab_init(&g->specs, w, NSPEC);
	for (i = 0; i < NBAND; i++)
		w[i] = age_bands[i].weight;
	ts_wtab_init(&g->bands, w, NBAND);
	for (i = 0; i < NDEPT; i++) {
		char *a = upper(pe_depts[i].name, 1), *b = upper(pe_depts[i].name, 0);
		char *nets = xstrdup(pe_depts[i].networks), *tok, *save = NULL;

		g->dept_name[i][0] = csv_field(a, delim);
		g->dept_name[i][1] = csv_field(pe_depts[i].name, delim);
		g->dept_name[i][2] = csv_field(b, delim);
		free(a);
		free(b);
		for (tok = strtok_r(nets, "|", &save); tok != NULL && g->nnetworks[i] < 4;
		    tok = strtok_r(NULL, "|", &save))
			g->networks[i][g->nnetworks[i]++] = csv_field(tok, delim);
		free(nets);
	}
}

static void
gen_init(struct gen *g, const ts_synth_opts *o)
{
	uint64_t st;
	size_t i;

	memset(g, 0, sizeof(*g));
	g->o = *o;
	ts_rng_seed(&g->rng, o->seed);
	st = o->seed ^ 0x74656c6573746174ULL;
	g->salt = ts_splitmix64(&st);
	/*
	 * An export window opens on a population already in care: the first
	 * rows return to earlier patients as well as later ones do.
	 */
	g->npatients = PRIOR_PATIENTS;
	switch (o->shape) {
	case TS_SYNTH_GENERIC:
	case TS_SYNTH_FHIR:
		init_common(g, ',');
		init_labels(g, minsa_labels,
		    sizeof(minsa_labels) / sizeof(minsa_labels[0]), ',');
		init_facilities(g, ',');
		break;
	case TS_SYNTH_ESSALUD_CENATE:
		init_common(g, ',');
		init_labels(g, essalud_labels,
		    sizeof(essalud_labels) / sizeof(essalud_labels[0]), ',');
		break;
	case TS_SYNTH_MINSA_HIS: {
		uint32_t w[NHIS];
		init_common(g, ';');
		init_facilities(g, ';');
		for (i = 0; i < NHIS; i++) {
			char *l1 = to_latin1(his_items[i].desc);
			g->item_desc[i] = csv_field(l1, ';');
			free(l1);
			w[i] = his_items[i].weight;
		}
		ts_wtab_init(&g->items, w, NHIS);
		break;
	}
	case TS_SYNTH_CENETEC_SUMMARY:
		for (i = 0; i < NSTATE; i++) {
			char *up = upper(mx_states[i].name, 1);
			g->state_name[i][0] = csv_field(mx_states[i].name, ',');
			g->state_name[i][1] = csv_field(up, ',');
			free(up);
			g->pop_total += mx_states[i].pop;
		}
		for (i = 0; i < NACTION; i++)
			g->action[i] = csv_field(cenetec_actions[i].name, ',');
		break;
	}
}

static void
bstr_free(struct bstr *b)
{
	free(b->p);
	b->p = NULL;
}

static void
gen_free(struct gen *g)
{
	size_t i, j;

	ts_wtab_free(&g->years);
	ts_wtab_free(&g->depts);
	ts_wtab_free(&g->specs);
	ts_wtab_free(&g->labels);
	ts_wtab_free(&g->bands);
	ts_wtab_free(&g->items);
	for (i = 0; i < g->nlab; i++)
		bstr_free(&g->lab[i].text);
	free(g->lab);
	for (i = 0; i < NSPEC; i++)
		bstr_free(&g->spec[i]);
	for (i = 0; i < NDEPT; i++) {
		for (j = 0; j < 3; j++)
			bstr_free(&g->dept_name[i][j]);
		for (j = 0; j < (size_t)g->nnetworks[i]; j++)
			bstr_free(&g->networks[i][j]);
	}
	if (g->fac != NULL)
		for (i = 0; i < NFACILITY; i++) {
			bstr_free(&g->fac[i].name);
			free(g->fac[i].plain);
		}
	free(g->fac);
	for (i = 0; i < NHIS; i++)
		bstr_free(&g->item_desc[i]);
	for (i = 0; i < NSTATE; i++)
		for (j = 0; j < 2; j++)
			bstr_free(&g->state_name[i][j]);
	for (i = 0; i < NACTION; i++)
		bstr_free(&g->action[i]);
}

/* ------------------------------------------------------------------ */
/* Rows, one writer per shape                                          */

static void
row_generic(struct gen *g, struct row *r, uint64_t i)
{
	struct date t = draw_date(g);
	const struct facility *f = draw_facility(g, t.y);
	int spec;
	const struct labelx *l = draw_label(g, &spec);

	put_u(r, i + 1);
	put_c(r, ',');
	put_pad(r, (uint64_t)t.d, 2);
	put_c(r, '/');
	put_pad(r, (uint64_t)t.m, 2);
	put_c(r, '/');
	put_pad(r, (uint64_t)t.y, 4);
	put_c(r, ',');
	put_b(r, dept_variant(g, f->dept));
	put_c(r, ',');
	put(r, f->code, 8);
	put_c(r, ',');
	put_b(r, f->name);
	put_c(r, ',');
	put_b(r, l->text);
	put_c(r, ',');
	put_b(r, g->spec[spec]);
	if (l->patient) {
		struct patient p;
		draw_patient(g, &p);
		put_c(r, ',');
		put_c(r, p.sex);
		put_c(r, ',');
		put_u(r, (uint64_t)(p.age0 + t.y - g->o.year_from));
		put_c(r, ',');
		put(r, p.dni, 8);
		put_c(r, '\n');
	} else {
		put_lit(r, ",,,\n");
	}
}

static void
row_minsa_his(struct gen *g, struct row *r, uint64_t i)
{
	struct date t = draw_date(g);
	const struct facility *f = draw_facility(g, t.y);
	size_t item = ts_wtab_pick(&g->items, &g->rng);
	uint32_t cond = ts_rng_below(&g->rng, 10);
	struct patient p;
	int age;

	draw_patient(g, &p);
	age = p.age0 + t.y - g->o.year_from;
	put_u(r, i + 1);
	put_c(r, ';');
	put_u(r, (uint64_t)t.y);
	put_c(r, ';');
	put_u(r, (uint64_t)t.m);
	put_c(r, ';');
	put_u(r, (uint64_t)t.d);
	put_c(r, ';');
	put_pad(r, (uint64_t)t.y, 4);
	put_c(r, '-');
	put_pad(r, (uint64_t)t.m, 2);
	put_c(r, '-');
	put_pad(r, (uint64_t)t.d, 2);
	put_c(r, ';');
	put(r, f->code, 8);
	put_c(r, ';');
	put(r, f->ubigeo, 6);
	put_c(r, ';');
	put(r, p.dni, 8);
	put_c(r, ';');
	put_c(r, cond < 3 ? 'N' : cond < 9 ? 'C' : 'R');
	put_c(r, ';');
	put(r, his_items[item].code, strlen(his_items[item].code));
	put_c(r, ';');
	/* Infants are registered in months, newborns in days. */
	if (age > 0) {
		put_u(r, (uint64_t)age);
		put_lit(r, ";A;");
	} else if (t.m > 1) {
		put_u(r, (uint64_t)(t.m - 1));
		put_lit(r, ";M;");
	} else {
		put_u(r, (uint64_t)(t.d - 1));
		put_lit(r, ";D;");
	}
	put_c(r, p.sex);
	put_c(r, ';');
	put_b(r, g->item_desc[item]);
	put_c(r, '\n');
}

static void
row_essalud(struct gen *g, struct row *r, uint64_t i)
{
	struct date t = draw_date(g);
	int d = (int)ts_wtab_pick(&g->depts, &g->rng);
	uint32_t net = ts_rng_below(&g->rng, (uint32_t)g->nnetworks[d]);
	int spec;
	const struct labelx *l = draw_label(g, &spec);
	struct patient p;

	(void)i;
	draw_patient(g, &p);
	put_pad(r, (uint64_t)t.y, 4);
	put_pad(r, (uint64_t)t.m, 2);
	put_pad(r, (uint64_t)t.d, 2);
	put_c(r, ',');
	put_b(r, g->networks[d][net]);
	put_c(r, ',');
	put_b(r, g->dept_name[d][0]);
	put_c(r, ',');
	put_b(r, l->text);
	put_c(r, ',');
	put_b(r, g->spec[spec]);
	put_c(r, ',');
	put(r, p.dni, 8);
	put_c(r, ',');
	put_c(r, p.sex);
	put_c(r, ',');
	put_u(r, (uint64_t)(p.age0 + t.y - g->o.year_from));
	put_c(r, '\n');
}

/* Two states per year send no report (coverage is never complete). */
static int
state_reports(const struct gen *g, int year, int e)
{
	uint64_t h = ts_mix64(g->salt ^ (uint64_t)year);
	int a = (int)(h % NSTATE), b = (int)((h >> 20) % (NSTATE - 1));

	if (b >= a)
		b++;
	return e != a && e != b;
}

/* Per mille of the 2021 volume an action had in YEAR (0: none). */
static uint32_t
action_factor(int covid, int year)
{
	if (covid) {
		if (year < 2020)
			return 0;
		return year == 2020 ? 800 : year == 2021 ? 1000 :
		    year == 2022 ? 400 : 100;
	}
	if (year <= 2015)
		return 400;
	return (uint32_t)(1000 + 100 * (year - 2021));
}

/*
 * Rows enumerate year x reporting state x action, in that order, each
 * (state, year, action) once; past the last combination the enumeration
 * starts again, as when the same reports are delivered twice.
 */
static void
next_combo(struct gen *g, int *year, int *e, int *a)
{
	for (;;) {
		int y = g->o.year_from + g->cy, ok;
		*year = y;
		*e = g->ce;
		*a = g->ca;
		ok = state_reports(g, y, g->ce) &&
		    action_factor(cenetec_actions[g->ca].covid, y) > 0;
		if (++g->ca == (int)NACTION) {
			g->ca = 0;
			if (++g->ce == (int)NSTATE) {
				g->ce = 0;
				if (++g->cy > g->o.year_to - g->o.year_from)
					g->cy = 0;
			}
		}
		if (ok)
			return;
	}
}

static void
row_cenetec(struct gen *g, struct row *r, uint64_t i)
{
	int y, e, a;
	uint32_t u, style;
	uint64_t total;

	(void)i;
	next_combo(g, &y, &e, &a);
	u = ts_rng_below(&g->rng, 801);
	style = ts_rng_below(&g->rng, 20);
	/* The state's share of the national figure, +-40 %. */
	total = cenetec_actions[a].national * mx_states[e].pop / g->pop_total;
	total = total * action_factor(cenetec_actions[a].covid, y) / 1000;
	total = total * (600 + u) / 1000;
	put_u(r, (uint64_t)y);
	put_c(r, ',');
	/* INEGI code (leading zero), the name as written, or UPPER. */
	if (style < 9)
		put_pad(r, (uint64_t)e + 1, 2);
	else
		put_b(r, g->state_name[e][style < 17 ? 0 : 1]);
	put_c(r, ',');
	put_b(r, g->action[a]);
	put_c(r, ',');
	put_u(r, total);
	if (cenetec_actions[a].per_session != 0) {
		uint32_t per = cenetec_actions[a].per_session;
		put_c(r, ',');
		put_u(r, total);
		put_c(r, ',');
		put_u(r, total * (per / 2 + ts_rng_below(&g->rng, per + 1)));
		put_c(r, '\n');
	} else {
		put_lit(r, ",,\n");
	}
}

static void
row_fhir(struct gen *g, struct row *r, uint64_t i)
{
	struct date t = draw_date(g);
	const struct facility *f = draw_facility(g, t.y);
	int spec, h, mi, len;
	const struct labelx *l = draw_label(g, &spec);
	struct patient p;

	draw_patient(g, &p);
	h = ts_rng_range(&g->rng, 7, 18);
	mi = ts_rng_range(&g->rng, 0, 59);
	len = ts_rng_range(&g->rng, 10, 45);
	if (g->o.bundle)
		put_lit(r, "{\"resource\":");
	put_lit(r, "{\"resourceType\":\"Encounter\",\"id\":\"");
	put_u(r, i + 1);
	put_lit(r, "\",\"status\":\"finished\",\"class\":{\"system\":"
	    "\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":");
	if (l->amb)
		put_lit(r, "\"AMB\",\"display\":\"ambulatory\"}");
	else
		put_lit(r, "\"VR\",\"display\":\"virtual\"}");
	if (l->text.n > 2) {
		put_lit(r, ",\"type\":[{\"text\":");
		put_b(r, l->text);
		put_lit(r, "}]");
	}
	put_lit(r, ",\"subject\":{\"reference\":\"Patient/");
	put(r, p.dni, 8);
	put_lit(r, "\"},\"period\":{\"start\":\"");
	put_pad(r, (uint64_t)t.y, 4);
	put_c(r, '-');
	put_pad(r, (uint64_t)t.m, 2);
	put_c(r, '-');
	put_pad(r, (uint64_t)t.d, 2);
	put_c(r, 'T');
	put_pad(r, (uint64_t)h, 2);
	put_c(r, ':');
	put_pad(r, (uint64_t)mi, 2);
	put_lit(r, ":00-05:00\",\"end\":\"");
	mi += len;
	put_pad(r, (uint64_t)t.y, 4);
	put_c(r, '-');
	put_pad(r, (uint64_t)t.m, 2);
	put_c(r, '-');
	put_pad(r, (uint64_t)t.d, 2);
	put_c(r, 'T');
	put_pad(r, (uint64_t)(h + mi / 60), 2);
	put_c(r, ':');
	put_pad(r, (uint64_t)(mi % 60), 2);
	put_lit(r, ":00-05:00\"},\"serviceProvider\":{\"reference\":\"Organization/");
	put(r, f->code, 8);
	put_lit(r, "\",\"display\":");
	put_b(r, f->name);
	put_lit(r, "}}");
	if (g->o.bundle)
		put_c(r, '}');
}

/* ------------------------------------------------------------------ */
/* Public interface                                                    */

static const char *const shape_names[TS_SYNTH_NSHAPES] = {
	"generic", "minsa-his", "essalud-cenate", "cenetec-summary", "fhir",
};

static const char *const headers[TS_SYNTH_NSHAPES] = {
	"id_atencion,fecha_atencion,departamento,renipress,ipress,servicio,"
	    "especialidad,sexo,edad,dni_paciente\n",
	"Id_Cita;Anio;Mes;Dia;Fecha_Atencion;Id_Establecimiento;Ubigeo;"
	    "Id_Paciente;Id_Condicion_Establecimiento;Codigo_Item;Edad_Reg;"
	    "Tipo_Edad;Sexo;Descripcion_Item\n",
	"fecha,red_asistencial,departamento,servicio,especialidad,id_paciente,"
	    "sexo,edad\n",
	"anio,entidad,accion,total,sesiones,asistentes\n",
	"",
};

void
ts_synth_defaults(ts_synth_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->shape = TS_SYNTH_GENERIC;
	o->rows = 1000;
	o->seed = 1;
	o->year_from = 2021;
	o->year_to = 2025;
}

int
ts_synth_shape_find(const char *name)
{
	int i;

	for (i = 0; i < TS_SYNTH_NSHAPES; i++)
		if (strcmp(shape_names[i], name) == 0)
			return i;
	return -1;
}

const char *
ts_synth_shape_name(int shape)
{
	if (shape < 0 || shape >= TS_SYNTH_NSHAPES)
		return "?";
	return shape_names[shape];
}

static int
parse_year(const char *s, size_t n)
{
	uint64_t y;

	return n == 4 && ts_num_parse(s, n, TS_SYNTH_YEAR_MIN,
	    TS_SYNTH_YEAR_MAX, &y) == NULL ? (int)y : -1;
}

int
ts_synth_parse_years(const char *s, int *from, int *to)
{
	const char *dash = strchr(s, '-');
	int a, b;

	if (dash == NULL) {
		a = b = parse_year(s, strlen(s));
	} else {
		a = parse_year(s, (size_t)(dash - s));
		b = parse_year(dash + 1, strlen(dash + 1));
	}
	if (a < 0 || b < 0 || a > b)
		return -1;
	*from = a;
	*to = b;
	return 0;
}

void
ts_synth_write(ts_out *o, const ts_synth_opts *opts)
{
	static void (*const writers[TS_SYNTH_NSHAPES])(struct gen *,
	    struct row *, uint64_t) = {
		row_generic, row_minsa_his, row_essalud, row_cenetec, row_fhir,
	};
	struct gen *g = xmalloc(sizeof(*g));
	struct row *r = xmalloc(sizeof(*r));
	void (*writer)(struct gen *, struct row *, uint64_t);
	uint64_t i;
	int bundle;

	/* The shape comes from ts_synth_shape_find. */
	assert(opts->shape >= 0 && opts->shape < TS_SYNTH_NSHAPES);
	gen_init(g, opts);
	writer = writers[opts->shape];
	bundle = opts->shape == TS_SYNTH_FHIR && opts->bundle;
	if (bundle)
		ts_out_puts(o, "{\"resourceType\":\"Bundle\",\"type\":\"collection\","
		    "\"entry\":[");
	else
		ts_out_puts(o, headers[opts->shape]);
	for (i = 0; i < opts->rows; i++) {
		r->n = 0;
		if (bundle && i > 0)
			put_c(r, ',');
		if (bundle)
			put_c(r, '\n');
		writer(g, r, i);
		if (opts->shape == TS_SYNTH_FHIR && !bundle)
			put_c(r, '\n');
		ts_out_write(o, r->b, r->n);
	}
	if (bundle)
		ts_out_puts(o, "\n]}\n");
	gen_free(g);
	free(g);
	free(r);
}

/* ISO 3166-2 codes of pe_depts, in its order. */
static const char *const pe_iso[NDEPT] = {
	"PE-AMA", "PE-ANC", "PE-APU", "PE-ARE", "PE-AYA", "PE-CAJ", "PE-CAL",
	"PE-CUS", "PE-HUV", "PE-HUC", "PE-ICA", "PE-JUN", "PE-LAL", "PE-LAM",
	"PE-LIM", "PE-LOR", "PE-MDD", "PE-MOQ", "PE-PAS", "PE-PIU", "PE-PUN",
	"PE-SAM", "PE-TAC", "PE-TUM", "PE-UCA"
};

/* Coordinates of region CODE's capital from TAB (NULL: none). */
static int
capital(const ts_side *tab, const char *code, double *lat, double *lon)
{
	static const char *const iso[] = { "iso", NULL };
	static const char *const la[] = { "lat", NULL };
	static const char *const lo[] = { "lon", NULL };
	size_t i;

	if (tab == NULL)
		return -1;
	for (i = 0; i < ts_side_rows(tab); i++)
		if (strcmp(ts_side_get(tab, i, ts_side_col(tab, iso)), code) == 0)
			return ts_side_real(ts_side_get(tab, i, ts_side_col(tab, la)),
			    lat) | ts_side_real(ts_side_get(tab, i,
			    ts_side_col(tab, lo)), lon);
	return -1;
}

int
ts_synth_write_facilities(ts_out *o, const ts_synth_opts *opts)
{
	struct gen *g = xcalloc(1, sizeof(*g));
	char *path = ts_share_path("regions/capitals-pe.tsv");
	ts_side *caps = NULL;
	ts_rng jitter;
	size_t i;

	gen_init(g, opts);
	if (g->fac == NULL) {
		gen_free(g);
		free(g);
		free(path);
		return -1;
	}
	/* Without the capitals (not installed, unreadable) the lat and lon
	 * columns are left empty, as before. */
	if (path != NULL)
		caps = ts_side_load(path, NULL);
	free(path);
	/* Its own stream: the export's bytes do not depend on this table. */
	ts_rng_seed(&jitter, (opts->has_network_seed ? opts->network_seed :
	    opts->seed) ^ 0x66616369ULL);
	ts_out_puts(o, "facility\tname\tregion\tlat\tlon\n");
	for (i = 0; i < NFACILITY; i++) {
		const struct facility *f = &g->fac[i];
		/* Records from HIS exports place UBIGEO 1501xx in Lima
		 * Metropolitana; the other shapes name the department. */
		int metro = f->dept == DEPT_LIMA && memcmp(f->ubigeo, "1501", 4) == 0;
		const char *region = metro && opts->shape == TS_SYNTH_MINSA_HIS ?
		    "PE-LMA" : pe_iso[f->dept];
		double lat, lon;
		char *name = xstrdup(f->plain), *p;

		for (p = name; *p; p++)
			if (*p == '\t' || *p == '\n' || *p == '\r')
				*p = ' ';
		ts_out_printf(o, "%s\t%s\t%s", f->code, name, region);
		free(name);
		if (capital(caps, metro ? "PE-LMA" : pe_iso[f->dept], &lat,
		    &lon) == 0) {
			/* Within about 30 km of the capital. */
			lat += ((double)ts_rng_below(&jitter, 5401) - 2700) / 10000;
			lon += ((double)ts_rng_below(&jitter, 5401) - 2700) / 10000;
			ts_out_printf(o, "\t%.4f\t%.4f\n", lat, lon);
		} else {
			ts_out_puts(o, "\t\t\n");
		}
	}
	ts_side_free(caps);
	gen_free(g);
	free(g);
	return 0;
}
