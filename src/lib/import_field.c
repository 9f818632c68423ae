/*
 * The import's columns: which field each holds (by its heading and its
 * common synonyms, Snipe-IT's among them, or --map), the columns left
 * out, the fields missing, --set and --value, the order of each date
 * column (from all its cells), the file's encoding, and the problems,
 * each naming the row, the column as headed, the cell as typed and what
 * would be right.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"

static const lend__ifield device_fields[] = {
	{ "tag", "tag assettag asset assetno assetnumber assetid", 0 },
	{ "kind", "kind type devicetype category", F_REQUIRED },
	{ "make", "make manufacturer brand", F_REQUIRED },
	{ "model", "model modelname", F_REQUIRED },
	{ "serial", "serial serialno serialnumber sn", 0 },
	{ "imei", "imei", 0 },
	{ "iccid", "iccid simserial", 0 },
	{ "number", "number phonenumber mobilenumber msisdn", 0 },
	{ "network", "network carrier operator", 0 },
	{ "allowance", "allowance dataallowance data", 0 },
	{ "plan_expires", "planexpires planexpiry planend contractend", F_DATE },
	{ "member", "member owner organisation organization org company",
	  F_REQUIRED },
	{ "site", "site location homesite defaultlocation", F_REQUIRED },
	{ "grant", "grant fundedby funding", 0 },
	{ "purchased", "purchased purchasedate purchasedon dateofpurchase",
	  F_DATE },
	{ "cost", "cost price value costpence purchasecost purchaseprice "
	          "unitcost", 0 },
	{ "condition", "condition", 0 },
	{ "notes", "notes comments assetnotes note", 0 },
	{ "added", "added addedon dateadded addedat inpoolsince createdat",
	  F_DATE },
	{ "status", "status statuslabel state", 0 },
	{ "checked_out_to", "checkedoutto assignedto assignee lentto "
	                    "borrower", 0 },
	{ "out_at", "outat lastcheckout checkoutdate checkedoutat dateout",
	  F_DATE },
	{ "due_on", "dueon expectedcheckin duedate due", F_DATE },
	{ "quantity", "quantity qty", 0 },
	{ NULL, NULL, 0 }
};

static const lend__ifield borrower_fields[] = {
	{ "ref", "ref borrowerref borrowerid", 0 },
	{ "name", "name fullname borrower borrowername", 0 },
	{ "first_name", "firstname forename givenname", 0 },
	{ "last_name", "lastname surname familyname", 0 },
	{ "phone", "phone telephone tel mobile phonenumber", 0 },
	{ "email", "email emailaddress", 0 },
	{ "postcode", "postcode postalcode district postcodedistrict",
	  F_REQUIRED },
	{ "member", "member referredby referrer referringmember "
	            "referringorganisation organisation company", F_REQUIRED },
	{ "language", "language preferredlanguage lang", 0 },
	{ "consent_at", "consentat consentdate consent consentgiven", F_DATE },
	{ "consent_terms", "consentterms termsversion terms", 0 },
	{ "notes", "notes comments", 0 },
	{ NULL, NULL, 0 }
};

static const lend__ifield champion_fields[] = {
	{ "ref", "ref championref championid", 0 },
	{ "name", "name fullname champion championname", 0 },
	{ "first_name", "firstname forename givenname", 0 },
	{ "last_name", "lastname surname familyname", 0 },
	{ "member", "member organisation organization employer company",
	  F_REQUIRED },
	{ "phone", "phone telephone tel mobile phonenumber", 0 },
	{ "email", "email emailaddress", 0 },
	{ "languages", "languages language langs", 0 },
	{ NULL, NULL, 0 }
};

static const lend__ifield loan_fields[] = {
	{ "loan", "loan loanref loanid", 0 },
	{ "borrower", "borrower borrowerref", F_REQUIRED },
	{ "tag", "tag assettag device devicetag", F_REQUIRED },
	{ "site", "site location", 0 },
	{ "issued_by", "issuedby staff user", 0 },
	{ "champion", "champion championref", 0 },
	{ "out_at", "outat out dateout lent lenton", F_DATE | F_REQUIRED },
	{ "due_on", "dueon due duedate", F_DATE },
	{ "returned_at", "returnedat returned datereturned", F_DATE },
	{ "outcome", "outcome", 0 },
	{ "condition_out", "conditionout", 0 },
	{ "condition_in", "conditionin", 0 },
	{ NULL, NULL, 0 }
};

int lend__import_fields(lend__import *j)
{
	static const struct { const char *what; const lend__ifield *f; } t[] = {
		{ "devices", device_fields }, { "borrowers", borrower_fields },
		{ "champions", champion_fields }, { "loans", loan_fields } };
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].what, j->spec->what) == 0) {
			j->fields = t[i].f;
			return 0;
		}
	return lend__fail(j->db, LEND_EINVAL, "import.kind", "kind",
	                  lend__is_text(j->spec->what) ? j->spec->what : "?",
	                  NULL);
}

int lend__import_field(const lend__import *j, const char *name)
{
	lend__import *m = (lend__import *)j; /* the memo is a cache */
	int i, k;

	/* Names are asked for as literals, row after row: by address first,
	 * and the memo checked, as an address may be used again. */
	for (k = 0; k < 40 && j->memo[k] && j->memo[k] != name; k++)
		;
	if (k < 40 && j->memo[k] && (i = j->memo_field[k]) >= 0 &&
	    strcmp(j->fields[i].name, name) == 0)
		return i;
	for (i = 0; j->fields[i].name; i++)
		if (strcmp(j->fields[i].name, name) == 0)
			break;
	if (!j->fields[i].name)
		i = -1;
	if (k < 40 && i >= 0) {
		m->memo[k] = name;
		m->memo_field[k] = i;
	}
	return i;
}

const char *lend__import_val(lend__import *j, const char *name)
{
	int f = lend__import_field(j, name);

	return f >= 0 && j->v[f][0] ? j->v[f] : NULL;
}

/* ---- Problems -------------------------------------------------------- */

const char *lend__import_num(char *buf, size_t n)
{
	snprintf(buf, IMPORT_NUM, "%zu", n);
	return buf;
}

/* The notice of a problem INFO (whose English is WHAT) at J's row and
 * field F's column: the problem within its place. */
static void tell(lend__import *j, int f, lend_info *info, const char *what)
{
	char row[IMPORT_NUM];
	const char *names[] = { "row", "column", "problem", "problem_key" };
	const char *values[4];
	size_t i;

	values[0] = lend__import_num(row, j->row);
	values[1] = f < 0 ? "" : j->head[f];
	values[2] = what;
	values[3] = info->key;
	for (i = 0; i < 4 && info->n < LEND_INFO_MAX; i++, info->n++) {
		info->names[info->n] = names[i];
		info->values[info->n] = values[i];
	}
	info->key = f < 0 ? "import.problem_row" : j->row <= 1
	            ? "import.problem_column" : "import.problem_cell";
	lend__note_info(j->db, info);
}

void lend__import_problem(lend__import *j, int f, const char *key, ...)
{
	lend_info info = { 0 };
	const char *name;
	char what[768];
	va_list ap;

	info.key = key;
	va_start(ap, key);
	while (info.n < LEND_INFO_MAX - 4 &&
	       (name = va_arg(ap, const char *)) != NULL) {
		info.names[info.n] = name;
		info.values[info.n++] = va_arg(ap, const char *);
	}
	va_end(ap);
	lend_info_text(what, sizeof(what), &info, "en");
	if (j->problems++ < IMPORT_SHOWN)
		tell(j, f, &info, what);
	j->row_bad = 1;
	if (!j->spec->errors_path)
		return;
	if (j->errors.len == 0)
		lend__buf_str(&j->errors, "row,column,value,problem\r\n");
	lend__buf_printf(&j->errors, "%zu,", j->row);
	lend__csv_cell(&j->errors, f < 0 ? "" : j->head[f]);
	lend__buf_str(&j->errors, ",");
	lend__csv_cell(&j->errors, f < 0 || !j->raw[f] ? "" : j->raw[f]);
	lend__buf_str(&j->errors, ",");
	lend__csv_cell(&j->errors, what);
	lend__buf_str(&j->errors, "\r\n");
}

int lend__import_failed(lend__import *j, int f, int rc)
{
	const char *msg, *colon;

	if (rc == 0 || rc == LEND_ENOMEM || rc == LEND_EDB)
		return rc;
	msg = lend_errmsg(j->db);
	colon = strstr(msg, ": ");
	/* The refusal's line without its concern: the import's own. */
	if (f >= 0 && j->raw[f])
		lend__import_problem(j, f, "import.refused_cell", "value",
		                     j->raw[f], "message",
		                     colon ? colon + 2 : msg, NULL);
	else
		lend__import_problem(j, f, "import.refused", "message",
		                     colon ? colon + 2 : msg, NULL);
	lend__error_clear(j->db);
	return 0;
}

int lend__import_end(lend__import *j)
{
	char n[24], shown[24];
	int rc;

	if (!j->problems)
		return 0;
	if (j->spec->errors_path &&
	    (rc = lend__write_file(j->db, j->spec->errors_path, j->errors.s,
	                           j->errors.len)))
		return rc;
	snprintf(n, sizeof(n), "%zu", j->problems);
	snprintf(shown, sizeof(shown), "%d", IMPORT_SHOWN);
	return lend__fail(j->db, LEND_EINVAL, j->problems <= IMPORT_SHOWN
	                  ? "import.problems" : j->spec->errors_path
	                  ? "import.problems_in_file" : "import.problems_shown",
	                  "n", n, "path", j->spec->path, "shown", shown, NULL);
}

/* ---- The file's text -------------------------------------------------- */

static int convert(lend__import *j, const char *e, char **data,
                   size_t *len)
{
	static const char *const names[][2] = {
		{ "windows-1252", "WINDOWS-1252" }, { "cp1252", "WINDOWS-1252" },
		{ "mac-roman", "MACINTOSH" }, { "macroman", "MACINTOSH" },
		{ "latin1", "ISO-8859-1" }, { "iso-8859-1", "ISO-8859-1" } };
	const char *from = NULL;
	char *out, *in = *data, *o;
	size_t i, left = *len, room = *len * 3 + 1;
	iconv_t cd;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i][0], e) == 0)
			from = names[i][1];
	if (!from)
		return lend__fail(j->db, LEND_EINVAL, "import.encoding",
		                  "encoding", lend__is_text(e) ? e : "?", NULL);
	if (!(out = malloc(room)))
		return lend__fail(j->db, LEND_ENOMEM,
		                  "lend.out_of_memory", NULL);
	o = out;
	if ((cd = iconv_open("UTF-8", from)) == (iconv_t)-1 ||
	    iconv(cd, &in, &left, &o, &room) == (size_t)-1) {
		if (cd != (iconv_t)-1)
			iconv_close(cd);
		free(out);
		return lend__fail(j->db, LEND_EINVAL, "import.unreadable_as",
		                  "path", j->spec->path, "encoding", e, NULL);
	}
	iconv_close(cd);
	*o = '\0';
	free(*data);
	*data = out;
	*len = (size_t)(o - out);
	return 0;
}

/* The row (as a spreadsheet counts) that holds byte AT. */
static size_t row_of(const lend__import *j, const char *data, size_t len,
                     size_t at)
{
	lend__csv c;
	size_t row = 0;

	lend__csv_start(&c, data, len, j->spec->sep);
	while (lend__csv_next(&c) > 0 && (row++, (size_t)(c.p - data) <= at))
		;
	lend__csv_free(&c);
	return row ? row : 1;
}

/* The encoding a file that is not UTF-8 is most likely in: Mac Roman
 * when its lines end in CR alone (Excel's "CSV (Macintosh)"). */
static const char *guess(const char *data, size_t len)
{
	const char *cr = memchr(data, '\r', len);

	return cr && !memchr(data, '\n', len) ? "mac-roman" : "windows-1252";
}

int lend__import_text(lend__import *j, char **data, size_t *len)
{
	const char *e = j->spec->encoding;
	char row[24], byte[8];
	size_t bad;
	int rc;

	if (e && strcmp(e, "utf-8") && strcmp(e, "UTF-8") &&
	    (rc = convert(j, e, data, len)))
		return rc;
	if ((bad = lend__csv_bad_utf8(*data, *len)) == *len)
		return 0;
	snprintf(row, sizeof(row), "%zu", row_of(j, *data, *len, bad));
	snprintf(byte, sizeof(byte), "0x%02X", (unsigned char)(*data)[bad]);
	if ((*data)[bad] == '\0')
		return lend__fail(j->db, LEND_EINVAL, "import.nul_byte", "path",
		                  j->spec->path, "row", row, NULL);
	if (e)
		return lend__fail(j->db, LEND_EINVAL, "import.not_utf8", "row",
		                  row, "path", j->spec->path, "encoding", e,
		                  "byte", byte, NULL);
	/* Said once; the rest is read as the likely encoding, so that one
	 * dry run finds every problem. */
	e = guess(*data, *len);
	j->row = row_of(j, *data, *len, bad);
	lend__import_problem(j, -1, "import.guess_encoding", "byte", byte,
	                     "encoding", e, NULL);
	return convert(j, e, data, len);
}

/* ---- Options ----------------------------------------------------------- */

static int option_field(lend__import *j, const char *opt, const char *o,
                        size_t n)
{
	char name[32];
	int f;

	snprintf(name, sizeof(name), "%.*s", (int)(n < 31 ? n : 31), o);
	if (n < 32 && (f = lend__import_field(j, name)) >= 0)
		return f;
	lend__fail(j->db, LEND_EINVAL, "import.no_such_field", "option", opt,
	           "value", lend__is_text(o) ? o : "?", "what", j->spec->what,
	           NULL);
	return -1;
}

int lend__import_options(lend__import *j)
{
	const lend_import_spec *s = j->spec;
	const char *d = s->dates;
	size_t k;
	int f;

	if (d && strcmp(d, "dmy") && strcmp(d, "mdy") && strcmp(d, "ymd"))
		return lend__fail(j->db, LEND_EINVAL, "import.dates", "dates",
		                  lend__is_text(d) ? d : "?", NULL);
	for (k = 0; k < s->nset; k++) {
		const char *eq = strchr(s->set[k], '=');

		if (!eq || (f = option_field(j, "--set", s->set[k],
		                             (size_t)(eq - s->set[k]))) < 0)
			return eq ? LEND_EINVAL : lend__fail(j->db, LEND_EINVAL,
			       "import.set_form", "set",
			       lend__is_text(s->set[k])
			       ? s->set[k] : "?", NULL);
		j->set[f] = eq + 1;
	}
	if (s->nvalues && !(j->values = calloc(s->nvalues, sizeof(*j->values))))
		return lend__fail(j->db, LEND_ENOMEM,
		                  "lend.out_of_memory", NULL);
	for (k = 0; k < s->nvalues; k++) {
		const char *v = s->values[k], *colon = strchr(v, ':'),
		           *eq = colon ? strchr(colon, '=') : NULL;

		if (!eq)
			return lend__fail(j->db, LEND_EINVAL,
			                  "import.value_form",
			                  "value", lend__is_text(v) ? v : "?",
			                  NULL);
		if ((f = option_field(j, "--value", v, (size_t)(colon - v))) < 0)
			return LEND_EINVAL;
		j->values[k] = (lend__ivalue){ f, colon + 1, eq + 1,
		                               (size_t)(eq - colon - 1) };
	}
	return 0;
}

/* ---- The header -------------------------------------------------------- */

static void normalise(char *out, size_t size, const char *header)
{
	size_t n = 0;

	for (; *header && n + 1 < size; header++)
		if (isalnum((unsigned char)*header))
			out[n++] = (char)tolower((unsigned char)*header);
	out[n] = '\0';
}

static int is_synonym(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	if (n == 0)  /* an empty heading is no field's */
		return 0;
	while ((p = strstr(p, name))) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

static int map_option(lend__import *j, const lend__csv *c, const char *m)
{
	char norm[64], want[64];
	const char *eq = strchr(m, '=');
	size_t i;
	int f;

	if (!eq || (f = lend__import_field(j, eq + 1)) < 0)
		return lend__fail(j->db, LEND_EINVAL, "import.map_form", "map",
		                  lend__is_text(m) ? m : "?", "what",
		                  j->spec->what, NULL);
	snprintf(norm, sizeof(norm), "%.*s", (int)(eq - m), m);
	normalise(want, sizeof(want), norm);
	for (i = 0; i < c->nfields && j->col[f] < 0; i++) {
		normalise(norm, sizeof(norm), lend__csv_field(c, i));
		if (*want && strcmp(norm, want) == 0)
			j->col[f] = (int)i;
	}
	if (j->col[f] < 0)
		return lend__fail(j->db, LEND_EINVAL, "import.map_no_column",
		                  "map", m, NULL);
	return 0;
}

/* The columns no field takes, in one notice, before anything else. */
static void left_out(lend__import *j, const lend__csv *c)
{
	lend__buf b = { 0 };
	size_t i, n = 0;
	int f, used;

	for (i = 0; i < c->nfields; i++) {
		const char *h = lend__csv_field(c, i);

		for (f = 0, used = 0; j->fields[f].name; f++)
			used |= j->col[f] == (int)i;
		if (used || !*h)
			continue;
		if (n++ < 20)
			lend__buf_printf(&b, "%s'%.40s'", n > 1 ? ", " : "", h);
	}
	if (n)
		lend__note(j->db, n > 20 ? "import.columns_left_more"
		           : "import.columns_left", "columns", b.oom ? "" : b.s,
		           "what", j->spec->what, NULL);
	lend__buf_free(&b);
}

static void missing(lend__import *j)
{
	char list[256];
	size_t k;
	int f;

	for (f = 0; j->fields[f].name; f++) {
		if (!(j->fields[f].flags & F_REQUIRED) || j->col[f] >= 0 ||
		    j->set[f])
			continue;
		snprintf(list, sizeof(list), "%s", j->fields[f].synonyms);
		for (k = 0; list[k]; k++)
			if (list[k] == ' ')
				list[k] = '/';
		j->missing++;
		lend__import_problem(j, -1, "import.no_column", "field",
		                     j->fields[f].name, "headings", list, NULL);
	}
}

int lend__import_header(lend__import *j, const lend__csv *c)
{
	char norm[64];
	size_t i, k;
	int f, rc;

	for (f = 0; f < IMPORT_FIELDS; f++)
		j->col[f] = -1;
	for (k = 0; k < j->spec->nmap; k++)
		if ((rc = map_option(j, c, j->spec->map[k])))
			return rc;
	for (i = 0; i < c->nfields; i++) {
		normalise(norm, sizeof(norm), lend__csv_field(c, i));
		for (f = 0; j->fields[f].name; f++)
			if (j->col[f] < 0 && is_synonym(j->fields[f].synonyms, norm)) {
				j->col[f] = (int)i;
				break;
			}
	}
	for (f = 0; j->fields[f].name; f++) {
		if (j->col[f] >= 0)
			snprintf(j->head[f], sizeof(j->head[f]), "%s",
			         lend__csv_field(c, (size_t)j->col[f]));
		else
			snprintf(j->head[f], sizeof(j->head[f]), "--set %s",
			         j->fields[f].name);
	}
	left_out(j, c);
	missing(j);
	return 0;
}

/* ---- Dates ------------------------------------------------------------- */

typedef struct seen {
	size_t row;
	char cell[48];
} seen;

/* Column F's order from the cells seen each way: refused when it reads
 * both ways. */
static void decide(lend__import *j, int f, const seen *d, const seen *m)
{
	char a[IMPORT_NUM], b[IMPORT_NUM];
	j->order[f] = m->row ? 'm' : 'd';
	if (!d->row || !m->row)
		return;
	j->order[f] = 0; /* its cells are not read */
	j->row = 1;
	lend__import_problem(j, f, "import.dates_both_ways", "day", d->cell,
	                     "day_row", lend__import_num(a, d->row), "month",
	                     m->cell, "month_row", lend__import_num(b, m->row),
	                     NULL);
}

int lend__import_dates(lend__import *j, const char *data, size_t len)
{
	seen d[IMPORT_FIELDS], m[IMPORT_FIELDS];
	lend__csv c;
	size_t row = 0;
	int f, any = 0;

	for (f = 0; j->fields[f].name; f++) {
		any |= (j->fields[f].flags & F_DATE) && j->col[f] >= 0;
		j->order[f] = j->spec->dates ? j->spec->dates[0] : 'd';
	}
	if (!any || j->spec->dates)
		return 0;
	memset(d, 0, sizeof(d));
	memset(m, 0, sizeof(m));
	lend__csv_start(&c, data, len, j->spec->sep);
	while (lend__csv_next(&c) > 0) {
		if (row++ == 0)
			continue;
		for (f = 0; j->fields[f].name; f++) {
			const char *cell;
			seen *s;
			char o;

			if (!(j->fields[f].flags & F_DATE) || j->col[f] < 0 ||
			    (size_t)j->col[f] >= c.nfields)
				continue;
			cell = lend__csv_field(&c, (size_t)j->col[f]);
			while (*cell == ' ')
				cell++;
			o = lend__date_order(cell);
			s = o == 'd' ? &d[f] : o == 'm' ? &m[f] : NULL;
			if (s && !s->row) {
				s->row = row;
				snprintf(s->cell, sizeof(s->cell), "%s", cell);
			}
		}
	}
	lend__csv_free(&c);
	for (f = 0; j->fields[f].name; f++)
		if (j->fields[f].flags & F_DATE)
			decide(j, f, &d[f], &m[f]);
	return 0;
}

/* ---- A row ------------------------------------------------------------- */

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

static int same_letters(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return 1;
}

/* V after --value's mappings of field F. */
static void map_value(lend__import *j, int f, char *v)
{
	size_t k;

	for (k = 0; k < j->spec->nvalues; k++) {
		const lend__ivalue *m = &j->values[k];

		if (m->field == f && strlen(v) == m->from_len &&
		    same_letters(v, m->from, m->from_len)) {
			snprintf(v, IMPORT_CELL, "%s", m->to);
			return;
		}
	}
}

static void take_cell(lend__import *j, int f, const char *raw)
{
	char *v = j->v[f], *t, start[24], n[IMPORT_NUM], most[IMPORT_NUM];
	const char *key;

	j->raw[f] = raw;
	if (strlen(raw) >= IMPORT_CELL) {
		j->v[f][0] = '\0';
		snprintf(start, sizeof(start), "%.20s", raw);
		lend__import_problem(j, f, "import.cell_too_long", "start",
		                     start, "bytes", lend__import_num(n,
		                     strlen(raw)), "max", lend__import_num(most,
		                     IMPORT_CELL - 1), NULL);
		return;
	}
	/* A ' before a formula's first character is lend's own export's. */
	if (raw[0] == '\'' && raw[1] && strchr("=+-@\t\r", raw[1]))
		raw++;
	memcpy(v, raw, strlen(raw) + 1);
	t = trim(v);
	memmove(v, t, strlen(t) + 1);
	if (j->values)
		map_value(j, f, v);
	if (!*v && j->set[f]) {
		snprintf(v, IMPORT_CELL, "%s", j->set[f]);
		j->raw[f] = j->set[f];
	}
	if ((j->fields[f].flags & F_DATE) && !j->order[f])
		v[0] = '\0'; /* a column that reads both ways, refused */
	else if ((j->fields[f].flags & F_DATE) && lend__date_order(v) &&
	         lend__date_read(v, IMPORT_CELL, j->v[f], j->order[f])) {
		key = j->order[f] == 'm' ? "import.not_date_mdy"
		      : j->order[f] == 'y' ? "import.not_date_ymd"
		      : "import.not_date_dmy";
		lend__import_problem(j, f, key, "value", raw, NULL);
		v[0] = '\0';
	}
}

void lend__import_take(lend__import *j, const lend__csv *c)
{
	int f;

	for (f = 0; j->fields[f].name; f++) {
		if (j->col[f] >= 0 && (size_t)j->col[f] < c->nfields)
			take_cell(j, f, lend__csv_field(c, (size_t)j->col[f]));
		else if (j->set[f])
			take_cell(j, f, j->set[f]);
		else {
			j->raw[f] = "";
			j->v[f][0] = '\0';
		}
	}
}
