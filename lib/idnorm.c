/* idnorm.c - leading zeros of identifiers put back; see idnorm.h. */
#include "idnorm.h"

#include <string.h>

#include "encoding.h"

/* Digits of the DNI (Peru's RENIEC): always 8. */
#define DNI_DIGITS 8
/*
 * Width of a Peruvian facility code. SUSALUD's RENIPRESS and the IPRESS
 * codes of EsSalud's sheets write 8 digits ("00004120"); MINSA's HIS
 * establishment master writes its RENAES Codigo_Unico with one zero more
 * ("000004120"). Any width makes the spellings of one code agree; 8 is
 * the one most exports use.
 */
#define IPRESS_DIGITS 8

int
ts_idnorm_parse(const char *name)
{
	if (strcmp(name, "dni") == 0)
		return TS_IDNORM_DNI;
	if (strcmp(name, "ipress") == 0 || strcmp(name, "renipress") == 0 ||
	    strcmp(name, "renaes") == 0)
		return TS_IDNORM_IPRESS;
	return -1;
}

const char *
ts_idnorm_name(int kind)
{
	switch (kind) {
	case TS_IDNORM_DNI: return "dni";
	case TS_IDNORM_IPRESS: return "ipress";
	default: return "none";
	}
}

int
ts_doctype_of(const char *p, size_t n)
{
	char k[64];
	size_t kn;

	if (n == 0)
		return TS_DOC_UNKNOWN;
	if (n > sizeof(k) / 2)
		return TS_DOC_OTHER;
	kn = ts_fold(p, n, k, TS_FOLD_NOSPACE);
	if (kn == 0)
		return TS_DOC_UNKNOWN;
	/*
	 * "DNI", "D.N.I.", "L.E./DNI" (the old libreta electoral's number is
	 * the DNI's), the spelled-out name, and "1": the DNI's code in
	 * RENIEC's and SUNAT's tables of document types (HIS writes it so).
	 */
	if ((kn == 3 && memcmp(k, "dni", 3) == 0) ||
	    (kn == 5 && memcmp(k, "ledni", 5) == 0) ||
	    (kn == 1 && k[0] == '1') || (kn == 2 && memcmp(k, "01", 2) == 0) ||
	    (kn == 28 && memcmp(k, "documentonacionaldeidentidad", 28) == 0))
		return TS_DOC_DNI;
	return TS_DOC_OTHER;
}

/*
 * Digits only: V without its leading zeros, written with at least WIDTH
 * digits into BUF. V itself when it is not digits only, or already so.
 */
static ts_str
pad_digits(ts_str v, size_t width, size_t max_significant, char *buf)
{
	size_t i, lead = 0, sig;
	ts_str out;

	if (v.n == 0 || v.n > TS_IDNORM_MAX)
		return v;
	for (i = 0; i < v.n; i++)
		if (v.p[i] < '0' || v.p[i] > '9')
			return v;
	while (lead < v.n && v.p[lead] == '0')
		lead++;
	sig = v.n - lead;
	if (sig > max_significant)
		return v;               /* not this kind of identifier */
	if (sig >= width) {
		out.p = v.p + lead;     /* all significant digits */
		out.n = sig;
		return out;
	}
	if (v.n == width)
		return v;
	memset(buf, '0', width - sig);
	memcpy(buf + width - sig, v.p + lead, sig);
	out.p = buf;
	out.n = width;
	return out;
}

ts_str
ts_idnorm(int kind, int doctype, ts_str v, char *buf)
{
	switch (kind) {
	case TS_IDNORM_DNI:
		if (doctype == TS_DOC_OTHER)
			return v;
		return pad_digits(v, DNI_DIGITS, DNI_DIGITS, buf);
	case TS_IDNORM_IPRESS:
		return pad_digits(v, IPRESS_DIGITS, TS_IDNORM_MAX, buf);
	default:
		return v;
	}
}
