// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests for common/filter.c over a fake table. Its value callback
 * counts calls (for short-circuit tests) and returns every value in one
 * scratch buffer that the next call overwrites: the least filter.h lets a
 * tool promise, so that comparing two columns must copy the first.
 *
 * Allocation failures are injected through the linker:
// WRAP: malloc calloc reallocarray
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"

/* ---- allocation failures ---- */

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_reallocarray(void *p, size_t n, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_reallocarray(void *p, size_t n, size_t size);

/* The allocation that finds this at 0 fails; -1: none does. */
static int alloc_countdown = -1;

static bool alloc_fails(void)
{
	if (alloc_countdown < 0)
		return false;
	return alloc_countdown-- == 0;
}

void *__wrap_malloc(size_t size)
{
	return alloc_fails() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return alloc_fails() ? NULL : __real_calloc(n, size);
}

void *__wrap_reallocarray(void *p, size_t n, size_t size)
{
	return alloc_fails() ? NULL : __real_reallocarray(p, n, size);
}

/* ---- the fake table ---- */

enum {
	COL_NS,
	COL_TYPE,
	COL_NPROCS,
	COL_PID,
	COL_CONTAINER,
	COL_NETNSID,
	COL_USER,
	COL_CPU,
	COL_NOTES,
	NCOLS
};

static const char *const colnames[NCOLS] = {
	[COL_NS] = "NS",	     [COL_TYPE] = "TYPE",	[COL_NPROCS] = "NPROCS",
	[COL_PID] = "PID",	     [COL_CONTAINER] = "CONTAINER", [COL_NETNSID] = "NETNSID",
	[COL_USER] = "USER",	     [COL_CPU] = "CPU%",	[COL_NOTES] = "NOTES",
};

struct row {
	const char *v[NCOLS];	/* NULL: the tool has no value */
};

static const struct row net_row = { .v = {
	[COL_NS] = "4026531840",
	[COL_TYPE] = "net",
	[COL_NPROCS] = "12",
	[COL_PID] = "100",
	[COL_CONTAINER] = "web.1",
	[COL_NETNSID] = "",
	[COL_USER] = "root",
	[COL_CPU] = "51.5",
	[COL_NOTES] = NULL,
} };

static const struct row other_row = { .v = {
	[COL_NS] = "4026532000",
	[COL_TYPE] = "pid",
	[COL_NPROCS] = "0012",
	[COL_PID] = "-0",
	[COL_CONTAINER] = "webx1",
	[COL_NETNSID] = "0",
	[COL_USER] = "alice",
	[COL_CPU] = "0.0",
	[COL_NOTES] = "",
} };

struct fake {
	unsigned int calls[NCOLS];
	unsigned int total;
	char scratch[1024];
};

static int fake_column(void *data, const char *name, size_t len)
{
	(void)data;
	for (int i = 0; i < NCOLS; i++)
		if (filter_name_eq(colnames[i], name, len))
			return i;
	return -1;
}

static const char *fake_value(void *data, void *row, int col)
{
	struct fake *fk = data;
	const struct row *r = row;

	assert_in_range(col, 0, NCOLS - 1);
	fk->calls[col]++;
	fk->total++;
	if (!r->v[col])
		return NULL;
	snprintf(fk->scratch, sizeof(fk->scratch), "%s", r->v[col]);
	return fk->scratch;
}

/* ---- helpers that report the caller's line ---- */

static struct filter *parse_ok(const char *expr, const char *file, int line)
{
	struct filter_error err;
	struct filter *f = NULL;
	int rc;

	rc = filter_parse(expr, fake_column, NULL, &f, &err);
	if (rc != 0 || !f) {
		print_error("filter_parse(\"%s\") = %d: %s at %zu\n", expr, rc, err.msg, err.pos);
		_fail(file, line);
	}
	return f;
}

static void check_match(const char *expr, const struct row *row, bool want, struct fake *fk,
			const char *file, int line)
{
	struct filter *f = parse_ok(expr, file, line);
	struct fake local;
	bool got;

	if (!fk) {
		memset(&local, 0, sizeof(local));
		fk = &local;
	}
	got = filter_match(f, fake_value, fk, (void *)row);
	filter_free(f);
	if (got != want) {
		print_error("\"%s\" is %s, expected %s\n", expr, got ? "true" : "false",
			    want ? "true" : "false");
		_fail(file, line);
	}
}

#define T(expr)		check_match(expr, &net_row, true, NULL, __FILE__, __LINE__)
#define F(expr)		check_match(expr, &net_row, false, NULL, __FILE__, __LINE__)
#define T2(expr)	check_match(expr, &other_row, true, NULL, __FILE__, __LINE__)
#define F2(expr)	check_match(expr, &other_row, false, NULL, __FILE__, __LINE__)

/* msg ending in '*' is a prefix. */
static void check_error(const char *expr, size_t pos, size_t len, const char *msg,
			const char *file, int line)
{
	struct filter_error err;
	struct filter *f = NULL;
	size_t mlen = strlen(msg);
	bool prefix = mlen > 0 && msg[mlen - 1] == '*';
	bool msg_ok;
	int rc;

	memset(&err, 0x55, sizeof(err));
	rc = filter_parse(expr, fake_column, NULL, &f, &err);
	msg_ok = prefix ? strlen(err.msg) > mlen - 1 && strncmp(err.msg, msg, mlen - 1) == 0
			: strcmp(err.msg, msg) == 0;
	if (rc != -EINVAL || f || err.pos != pos || err.len != len || !msg_ok) {
		print_error("\"%.80s\": rc %d, pos %zu len %zu msg \"%s\"; expected "
			    "-EINVAL, pos %zu len %zu msg \"%s\"\n",
			    expr, rc, err.pos, err.len, err.msg, pos, len, msg);
		filter_free(f);
		_fail(file, line);
	}
}

#define ERR(expr, pos, len, msg) check_error(expr, pos, len, msg, __FILE__, __LINE__)

/* A string of n copies of s, then tail; freed by the caller. */
static char *repeat(const char *head, size_t n, const char *s, const char *tail)
{
	size_t hl = strlen(head), sl = strlen(s), tl = strlen(tail);
	char *buf = malloc(hl + n * sl + tl + 1), *p;

	assert_non_null(buf);
	p = buf;
	memcpy(p, head, hl);
	p += hl;
	for (size_t i = 0; i < n; i++, p += sl)
		memcpy(p, s, sl);
	memcpy(p, tail, tl + 1);
	return buf;
}

/* ---- tests ---- */

static void test_compare_symbols(void **state)
{
	(void)state;
	T("NPROCS == 12");
	F("NPROCS == 13");
	T("NPROCS != 13");
	F("NPROCS != 12");
	T("NPROCS < 13");
	F("NPROCS < 12");
	T("NPROCS <= 12");
	F("NPROCS <= 11");
	T("NPROCS > 11");
	F("NPROCS > 12");
	T("NPROCS >= 12");
	F("NPROCS >= 13");
	T("TYPE == \"net\"");
	F("TYPE != \"net\"");
	T("TYPE < \"pid\"");
	T("TYPE > \"mnt\"");
}

static void test_compare_words(void **state)
{
	(void)state;
	T("NPROCS eq 12");
	F("NPROCS ne 12");
	T("NPROCS lt 13");
	T("NPROCS le 12");
	F("NPROCS le 11");
	T("NPROCS gt 11");
	T("NPROCS ge 12");
	F("NPROCS ge 13");
	/* any case, like column names */
	T("NPROCS EQ 12");
	T("NPROCS Gt 11");
	T("TYPE NE 'pid'");
	/* a keyword only when it is the whole word */
	F("NOTES");
	T2("NOTES eq ''");
}

static void test_logic(void **state)
{
	(void)state;
	T("1 && 1");
	F("1 && 0");
	F("0 && 1");
	T("1 || 0");
	T("0 || 1");
	F("0 || 0");
	T("1 and 1");
	F("1 and 0");
	T("0 or 1");
	F("0 or 0");
	T("1 AND 1 OR 0");
	T("!0");
	F("!1");
	T("not 0");
	F("NOT 1");
	T("!!1");
	T("not not 1");
	T("! ! ! 0");
	T("NPROCS > 10 && TYPE == \"net\"");
	F("USER != \"root\" and NPROCS > 1");
	T("!(USER == \"root\") || CONTAINER =~ \"^web\"");
}

static void test_precedence(void **state)
{
	(void)state;
	/* && binds tighter than || on either side */
	T("TYPE == \"pid\" && NPROCS > 1 || PID == 100");
	T("PID == 100 || TYPE == \"pid\" && NPROCS > 100");
	F("(PID == 100 || TYPE == \"pid\") && NPROCS > 100");
	T("0 && 0 || 1 && 1");
	T("1 || 0 && 0");
	F("(1 || 0) && 0");
	F("0 and 1 or 0");
	/* ! is looser than a comparison and tighter than && */
	T("!TYPE == \"pid\"");
	T("not PID == 1 && TYPE");
	T("! PID == 100 || 1");
	F("!(PID == 100 || 1)");
	F("!1 && 1");
	T("!(1 && 0)");
	T("((((1))))");
	T("(1) && ((0) || (1))");
}

static void test_numbers(void **state)
{
	(void)state;
	/* both numbers: by value */
	T("NPROCS > 9");
	T("NPROCS == 12.0");
	T("NPROCS == 012");
	T("CPU% > 51.49");
	F("CPU% < 51.5");
	T("CPU% == 51.50");
	T("NS == 4026531840");
	T("NS > 4026531839");
	T("NS < 18446744073709551616");
	T("-1 < 0");
	T("-0 == 0");
	T("-2 < -1");
	T("-1.5 < -1.25");
	T("0.5 > 0.25");
	T("100 > 99.999");
	T("0.1 < 0.10001");
	F("2 > 10");
	T("123456789012345678901234567890 > 123456789012345678901234567889");
	T("-123456789012345678901234567890 < -123456789012345678901234567889");
	/* values written like numbers are numbers too */
	T2("NPROCS == 12");
	T2("PID == 0");
	T2("PID >= 0 && PID <= 0");
	T2("CPU% == 0");
	/* a quoted string never is: bytes */
	F("NPROCS > \"9\"");
	T("NPROCS == \"12\"");
	F2("NPROCS == \"12\"");
	T("\"2\" > \"10\"");
	F("\"10\" > 9");
	F("\"012\" == 12");
	F("12 == \"012\"");
	T("1 == \"1\"");
	F("1 == \"1.0\"");
	/* a number against a word: bytes */
	T("USER > 5");
	F("TYPE == 0");
	T("TYPE != 0");
}

static void test_columns_compared(void **state)
{
	char big[301], big2[301];
	struct row r = net_row;

	(void)state;
	/* both from the one scratch buffer: the first must have been copied */
	T("PID > NPROCS");
	F("NPROCS > PID");
	F("USER == TYPE");
	T("USER != TYPE");
	T("TYPE < USER");
	T("NPROCS == NPROCS");

	/* longer than the copy on the stack */
	memset(big, 'a', 300);
	big[300] = '\0';
	memcpy(big2, big, sizeof(big2));
	r.v[COL_CONTAINER] = big;
	r.v[COL_USER] = big2;
	check_match("CONTAINER == USER", &r, true, NULL, __FILE__, __LINE__);
	big2[299] = 'b';
	check_match("CONTAINER == USER", &r, false, NULL, __FILE__, __LINE__);
	check_match("CONTAINER < USER", &r, true, NULL, __FILE__, __LINE__);
}

static void test_empty(void **state)
{
	(void)state;
	/* "" (NETNSID) and NULL (NOTES) are the same */
	F("NETNSID == 0");
	T("NETNSID != 0");
	F("NETNSID < 1");
	F("NETNSID > -1");
	F("NETNSID <= 0");
	F("NETNSID >= 0");
	F("0 == NETNSID");
	T("0 != NETNSID");
	F("NOTES == 0");
	T("NOTES != 0");
	F("NOTES lt 1");
	F("NETNSID == NPROCS");
	T("NETNSID != NPROCS");
	/* against strings, empty is just the shortest text */
	T("NETNSID == \"\"");
	F("NETNSID != ''");
	T("NOTES == ''");
	T("NETNSID < \"a\"");
	T("NETNSID == NOTES");
	/* a bare operand is true when non-empty and not "0" */
	T("TYPE");
	F("NETNSID");
	F("NOTES");
	F2("NETNSID");
	T2("CPU%");
	F("0");
	T("1");
	T("0.0");
	F("\"0\"");
	F("\"\"");
	T("\"x\"");
	T("!NETNSID");
	F("not TYPE");
}

static void test_regex(void **state)
{
	(void)state;
	T("CONTAINER =~ \"^web\"");
	F("CONTAINER !~ \"^web\"");
	T("CONTAINER =~ 'b\\.1'");	/* unanchored, backslash kept */
	T("CONTAINER =~ \"^web\\.1$\"");
	F2("CONTAINER =~ \"^web\\.1$\"");
	T2("CONTAINER =~ \"^web.1$\"");
	F("CONTAINER =~ \"WEB\"");	/* case-sensitive */
	T("CONTAINER !~ \"WEB\"");
	T("CONTAINER =~ \"^(web|db)\\.[0-9]+$\"");
	T("NETNSID =~ \"^$\"");
	T("NOTES !~ \".\"");
	T("NPROCS =~ 2");
	T("USER =~ \"[[:lower:]]{4}\"");
	T("\"abc\" =~ \"b\"");
	/* the same compiled pattern, row after row */
	T("TYPE =~ \"^(net|pid)$\" && TYPE !~ \"^mnt$\"");
	/* what real patterns look like is not too complex */
	F("CONTAINER =~ '^(docker|k8s)-[0-9a-f]{64}$' || CONTAINER =~ '^.{1,255}:[0-9]{1,5}$'");
	T("CONTAINER =~ \"a{30}{30}\" || 1");
	T("CONTAINER =~ \"x*{1,300}\" || 1");
	T2("TYPE =~ \"^(net|pid)$\" && TYPE !~ \"^mnt$\"");
}

static void test_tokens(void **state)
{
	(void)state;
	T("NPROCS>10&&TYPE==\"net\"");
	T("NPROCS\t>\n10\r\n&&  TYPE=='net'");
	T("(NPROCS>10)&&!(TYPE!=\"net\")");
	T("PID==100||0");
	T("NPROCS>-1");
	T("CONTAINER == 'web.1'");
	T("'a\"b' == 'a\"b'");
	T("\"it's\" == \"it's\"");
	F("'a' == \"A\"");
	/* column names: any case, and the characters of CPU% */
	T("nprocs == 12");
	T("NProcs == 12 && type == 'net'");
	T("cpu% > 50");
}

static void test_name_eq(void **state)
{
	(void)state;
	assert_true(filter_name_eq("NPROCS", "nprocs", 6));
	assert_true(filter_name_eq("NPROCS", "NPROCS", 6));
	assert_true(filter_name_eq("CPU%", "cpu%", 4));
	assert_false(filter_name_eq("NPROCS", "nproc", 5));
	assert_false(filter_name_eq("NS", "NSX", 3));
	assert_false(filter_name_eq("TYPE", "TYPF", 4));
	assert_false(filter_name_eq("NS", "", 0));
	/* name need not be NUL-terminated */
	assert_true(filter_name_eq("PID", "PIDX", 3));
}

static void test_short_circuit(void **state)
{
	struct fake fk;

	(void)state;
	memset(&fk, 0, sizeof(fk));
	check_match("TYPE == \"pid\" && NPROCS > 1", &net_row, false, &fk, __FILE__, __LINE__);
	assert_int_equal(fk.calls[COL_TYPE], 1);
	assert_int_equal(fk.calls[COL_NPROCS], 0);
	assert_int_equal(fk.total, 1);

	memset(&fk, 0, sizeof(fk));
	check_match("TYPE == \"net\" || NPROCS > 1", &net_row, true, &fk, __FILE__, __LINE__);
	assert_int_equal(fk.total, 1);

	memset(&fk, 0, sizeof(fk));
	check_match("TYPE == 'pid' and (NPROCS > 1 or PID > 1)", &net_row, false, &fk,
		    __FILE__, __LINE__);
	assert_int_equal(fk.calls[COL_TYPE], 1);
	assert_int_equal(fk.total, 1);

	memset(&fk, 0, sizeof(fk));
	check_match("not TYPE == 'net' && PID", &net_row, false, &fk, __FILE__, __LINE__);
	assert_int_equal(fk.calls[COL_PID], 0);

	memset(&fk, 0, sizeof(fk));
	check_match("TYPE =~ '^n' || PID", &net_row, true, &fk, __FILE__, __LINE__);
	assert_int_equal(fk.calls[COL_PID], 0);

	/* when every operand is needed, each is fetched once */
	memset(&fk, 0, sizeof(fk));
	check_match("TYPE == 'pid' || NPROCS < 1 || PID == 100", &net_row, true, &fk,
		    __FILE__, __LINE__);
	assert_int_equal(fk.calls[COL_TYPE], 1);
	assert_int_equal(fk.calls[COL_NPROCS], 1);
	assert_int_equal(fk.calls[COL_PID], 1);
	assert_int_equal(fk.total, 3);

	/* literals need no fetching at all */
	memset(&fk, 0, sizeof(fk));
	check_match("1 == 1 || TYPE", &net_row, true, &fk, __FILE__, __LINE__);
	assert_int_equal(fk.total, 0);
}

static void test_long_chain(void **state)
{
	struct fake fk;
	struct filter *f;
	size_t len = 0, cap = FILTER_MAX_LEN;
	char *expr = malloc(cap);
	int i;

	(void)state;
	assert_non_null(expr);
	/* thousands of operands: n-ary nodes, no deep recursion */
	for (i = 0; i < 4000; i++)
		len += (size_t)snprintf(expr + len, cap - len, "%sPID == %d", i ? " || " : "", i);
	assert_true(len < cap);
	f = parse_ok(expr, __FILE__, __LINE__);
	memset(&fk, 0, sizeof(fk));
	assert_true(filter_match(f, fake_value, &fk, (void *)&net_row));
	assert_int_equal(fk.calls[COL_PID], 101);	/* PID == 0 ... PID == 100 */
	memset(&fk, 0, sizeof(fk));
	assert_true(filter_match(f, fake_value, &fk, (void *)&other_row));	/* -0 == 0 */
	assert_int_equal(fk.calls[COL_PID], 1);
	filter_free(f);

	len = 0;
	for (i = 0; i < 4000; i++)
		len += (size_t)snprintf(expr + len, cap - len, "%sPID > %d", i ? " and " : "", -i);
	f = parse_ok(expr, __FILE__, __LINE__);
	assert_true(filter_match(f, fake_value, &fk, (void *)&net_row));
	filter_free(f);
	free(expr);
}

static void test_columns(void **state)
{
	struct filter *f;
	int cols[8];

	(void)state;
	f = parse_ok("NPROCS > 1 && TYPE == 'net' || nprocs < 5 && PID || TYPE =~ 'x'",
		     __FILE__, __LINE__);
	assert_int_equal(filter_columns(f, NULL, 0), 3);
	memset(cols, 0xff, sizeof(cols));
	assert_int_equal(filter_columns(f, cols, 8), 3);
	assert_int_equal(cols[0], COL_NPROCS);
	assert_int_equal(cols[1], COL_TYPE);
	assert_int_equal(cols[2], COL_PID);
	assert_int_equal(cols[3], -1);
	/* at most max stored, all counted */
	memset(cols, 0xff, sizeof(cols));
	assert_int_equal(filter_columns(f, cols, 2), 3);
	assert_int_equal(cols[0], COL_NPROCS);
	assert_int_equal(cols[1], COL_TYPE);
	assert_int_equal(cols[2], -1);
	filter_free(f);

	f = parse_ok("PID == USER", __FILE__, __LINE__);
	assert_int_equal(filter_columns(f, cols, 8), 2);
	assert_int_equal(cols[0], COL_PID);
	assert_int_equal(cols[1], COL_USER);
	filter_free(f);

	f = parse_ok("1 == 1", __FILE__, __LINE__);
	assert_int_equal(filter_columns(f, cols, 8), 0);
	filter_free(f);
	assert_int_equal(filter_columns(NULL, cols, 8), 0);
}

static void test_errors(void **state)
{
	(void)state;
	ERR("FOO == 1", 0, 3, "unknown column 'FOO'");
	ERR("NPROCS > 1 && BAR", 14, 3, "unknown column 'BAR'");
	ERR("MAJ:MIN > 1", 0, 7, "unknown column 'MAJ:MIN'");
	ERR("_x", 0, 2, "unknown column '_x'");
	ERR("(NPROCS > 1", 11, 0, "expected ')' to close '(' at 1");
	ERR("TYPE == \"net\" && (PID || (NS)", 29, 0, "expected ')' to close '(' at 18");
	ERR("(PID x)", 5, 1, "expected ')' to close '(' at 1");
	ERR("NPROCS > 1)", 10, 1, "unexpected ')'");
	ERR(")", 0, 1, "unexpected ')'");
	ERR("&& PID", 0, 2, "unexpected '&&'");
	ERR("== 1", 0, 2, "unexpected '=='");
	ERR("NPROCS > 1 &&", 13, 0, "expected an operand after '&&'");
	ERR("NPROCS > 1 ||  ", 15, 0, "expected an operand after '||'");
	ERR("NPROCS > 1 and )", 15, 1, "expected an operand after 'and'");
	ERR("PID OR && 1", 7, 2, "expected an operand after 'OR'");
	ERR("!", 1, 0, "expected an operand after '!'");
	ERR("NOT", 3, 0, "expected an operand after 'NOT'");
	ERR("()", 1, 1, "expected an operand after '('");
	ERR("NPROCS ==", 9, 0, "expected a value after '=='");
	ERR("NPROCS eq (1)", 10, 1, "expected a value after 'eq'");
	ERR("NPROCS < !1", 9, 1, "expected a value after '<'");
	ERR("TYPE =~ NS", 8, 2, "expected a string after '=~'");
	ERR("TYPE !~", 7, 0, "expected a string after '!~'");
	ERR("TYPE == \"net", 8, 4, "unterminated string");
	ERR("TYPE == 'net\"", 8, 5, "unterminated string");
	ERR("'", 0, 1, "unterminated string");
	ERR("", 0, 0, "empty expression");
	ERR("  \t\n", 4, 0, "empty expression");
	ERR("NPROCS > 1 x", 11, 1, "trailing garbage 'x'");
	ERR("PID NPROCS", 4, 6, "trailing garbage 'NPROCS'");
	ERR("PID 'x'", 4, 3, "trailing garbage ''x''");
	ERR("PID (1)", 4, 1, "trailing garbage '('");
	ERR("NPROCS > 1 @", 11, 1, "trailing garbage '@'");
	ERR("NPROCS > 1 \xc3\xa9", 11, 2, "trailing garbage '\xc3\xa9'");
	ERR("NPROCS > 1 \x01", 11, 1, "trailing garbage '?'");
	ERR("@", 0, 1, "unexpected '@'");
	ERR("(1) == 1", 4, 2, "unexpected '=='");
	ERR("PID !", 4, 1, "unexpected '!'");
	/* comparisons don't chain */
	ERR("NPROCS == 1 == 2", 12, 2, "unexpected '=='");
	ERR("1 < PID < 3", 8, 1, "unexpected '<'");
	ERR("NPROCS = 1", 7, 1, "unexpected '=', did you mean '=='?");
	ERR("PID & NPROCS", 4, 1, "unexpected '&', did you mean '&&'?");
	ERR("PID | NPROCS", 4, 1, "unexpected '|', did you mean '||'?");
	ERR("NPROCS > 1x", 9, 2, "invalid number '1x'");
	ERR("NPROCS > 1.", 9, 2, "invalid number '1.'");
	ERR("NPROCS > 1.2.3", 9, 5, "invalid number '1.2.3'");
	ERR("NPROCS > -1-", 9, 3, "invalid number '-1-'");
	ERR("NPROCS > -x", 9, 1, "expected a value after '>'");
	ERR("TYPE =~ \"(\"", 8, 3, "bad regular expression: *");
	ERR("TYPE =~ 'a{2,1}' && 1", 8, 8, "bad regular expression: *");
	ERR("TYPE =~ \"(a)\\1\"", 8, 7, "back-references are not supported");
	ERR("TYPE =~ \"a{1000}{1000}\"", 8, 15, "regular expression too complex");
	ERR("TYPE =~ \"x{1,32767}y\"", 8, 13, "regular expression too complex");
	ERR("TYPE =~ \"(x?){2500}\"", 8, 12, "regular expression too complex");
	/* a repetition of a repetition multiplies, whatever is in between */
	ERR("TYPE =~ \"x{1,40}?{40}?{40}\"", 8, 19, "regular expression too complex");
	ERR("TYPE =~ \"(x{1,40})*{60}\"", 8, 16, "regular expression too complex");
	/* the budget is for the whole filter */
	ERR("TYPE =~ \"a{30}{30}\" || TYPE !~ \"b{30}{30}\"", 31, 11,
	    "regular expression too complex");
	/* optional inside optional */
	ERR("TYPE =~ \"x**{1,200}\"", 8, 12, "regular expression too complex");
	ERR("TYPE =~ \"x{,}{,}{,}{,}{1,200}\"", 8, 22, "regular expression too complex");
	ERR("TYPE =~ \"((x+)?)*{1,200}\"", 8, 17, "regular expression too complex");
}

static void test_error_limits(void **state)
{
	struct filter *f;
	char *s, *t;

	(void)state;
	/* FILTER_MAX_DEPTH of "(" or "!" (or both) is fine, one more is not */
	s = malloc(2 * FILTER_MAX_DEPTH + 4);
	assert_non_null(s);
	memset(s, '(', FILTER_MAX_DEPTH);
	memcpy(s + FILTER_MAX_DEPTH, "PID", 3);
	memset(s + FILTER_MAX_DEPTH + 3, ')', FILTER_MAX_DEPTH);
	s[2 * FILTER_MAX_DEPTH + 3] = '\0';
	f = parse_ok(s, __FILE__, __LINE__);
	assert_true(filter_match(f, fake_value, &(struct fake){ 0 }, (void *)&net_row));
	filter_free(f);
	free(s);

	s = repeat("", FILTER_MAX_DEPTH + 1, "(", "PID");
	ERR(s, FILTER_MAX_DEPTH, 1, "expression nested too deeply");
	free(s);
	s = repeat("", 10000, "(", "");
	ERR(s, FILTER_MAX_DEPTH, 1, "expression nested too deeply");
	free(s);
	s = repeat("", FILTER_MAX_DEPTH, "!", "1");
	f = parse_ok(s, __FILE__, __LINE__);
	filter_free(f);
	free(s);
	s = repeat("", FILTER_MAX_DEPTH + 1, "!", "1");
	ERR(s, FILTER_MAX_DEPTH, 1, "expression nested too deeply");
	free(s);
	s = repeat("", FILTER_MAX_DEPTH / 2 + 1, "(!", "1");
	ERR(s, FILTER_MAX_DEPTH, 1, "expression nested too deeply");
	free(s);
	s = repeat("", FILTER_MAX_DEPTH, "not ", "PID");
	f = parse_ok(s, __FILE__, __LINE__);
	/* an even number of nots */
	assert_true(filter_match(f, fake_value, &(struct fake){ 0 }, (void *)&net_row));
	filter_free(f);
	free(s);

	/* deeply nested groups inside a pattern: glibc's regcomp recurses */
	s = repeat("TYPE =~ '", FILTER_MAX_DEPTH + 1, "(", "a'");
	ERR(s, 8, FILTER_MAX_DEPTH + 4, "regular expression too complex");
	free(s);

	/* FILTER_MAX_LEN bytes are fine, one more is not */
	s = repeat("", FILTER_MAX_LEN - 3, " ", "PID");
	f = parse_ok(s, __FILE__, __LINE__);
	filter_free(f);
	free(s);
	s = repeat("", FILTER_MAX_LEN - 2, " ", "PID");
	ERR(s, FILTER_MAX_LEN, 1, "expression too long");
	free(s);

	/* nested repetitions multiply: ((((a+)+)+)+) is exponential in glibc */
	s = repeat("TYPE =~ '", 16, "(", "a");
	t = repeat(s, 16, "+)", "'");
	ERR(t, 8, 16 + 1 + 32 + 2, "regular expression too complex");
	free(t);
	free(s);

	/* long tokens are cut in messages, at 36 bytes */
	s = repeat("", 100, "X", "");
	t = repeat("unknown column '", 36, "X", "...'");
	ERR(s, 0, 100, t);
	free(t);
	free(s);

	/* and not inside a UTF-8 sequence: bytes 35 and 36 are an e acute */
	s = repeat("PID '", 34, "x", "\xc3\xa9yyy'");
	t = repeat("trailing garbage ''", 34, "x", "...'");
	ERR(s, 4, 41, t);
	free(t);
	free(s);
}

static void test_api_edges(void **state)
{
	struct filter_error err;
	struct filter *f = (struct filter *)&err;

	(void)state;
	/* err may be NULL */
	assert_int_equal(filter_parse("FOO", fake_column, NULL, &f, NULL), -EINVAL);
	assert_null(f);
	assert_int_equal(filter_parse("1", fake_column, NULL, &f, NULL), 0);
	filter_free(f);
	/* no column callback: every name is unknown */
	assert_int_equal(filter_parse("PID", NULL, NULL, &f, &err), -EINVAL);
	assert_string_equal(err.msg, "unknown column 'PID'");
	/* success leaves err cleared */
	memset(&err, 0x55, sizeof(err));
	assert_int_equal(filter_parse("PID", fake_column, NULL, &f, &err), 0);
	assert_int_equal(err.pos, 0);
	assert_string_equal(err.msg, "");
	filter_free(f);
	assert_int_equal(filter_parse(NULL, fake_column, NULL, &f, &err), -EINVAL);
	assert_string_equal(err.msg, "empty expression");
	/* no filter: everything matches */
	assert_true(filter_match(NULL, fake_value, NULL, NULL));
	filter_free(NULL);
}

static void test_enomem(void **state)
{
	struct filter_error err;
	struct filter *f;
	const char *expr = "TYPE =~ '^n' && (NPROCS > 1 || PID || USER || NS || CPU% || "
			   "CONTAINER !~ 'x' || NETNSID || NOTES || 1 || 2 || 3 || 4 || 5 || 6 "
			   "|| 7 || 8 || 9 || 10 || 11 || 12 || 13 || 14 || 15 || 16 || 17)";
	int i, rc;

	(void)state;
	for (i = 0;; i++) {
		f = NULL;
		alloc_countdown = i;
		rc = filter_parse(expr, fake_column, NULL, &f, &err);
		alloc_countdown = -1;
		if (rc == 0)
			break;
		assert_int_equal(rc, -ENOMEM);
		assert_null(f);
		assert_string_equal(err.msg, "cannot allocate memory");
		assert_true(i < 1000);
	}
	/* filter, text, nodes (twice), columns (twice), two patterns */
	assert_true(i >= 8);
	assert_true(filter_match(f, fake_value, &(struct fake){ 0 }, (void *)&net_row));
	filter_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compare_symbols),
		cmocka_unit_test(test_compare_words),
		cmocka_unit_test(test_logic),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_columns_compared),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_regex),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_name_eq),
		cmocka_unit_test(test_short_circuit),
		cmocka_unit_test(test_long_chain),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_error_limits),
		cmocka_unit_test(test_api_edges),
		cmocka_unit_test(test_enomem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
