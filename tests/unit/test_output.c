// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

enum { C_NS, C_TYPE, C_NPROCS, C_HOST, C_NSFS, NC };
static const struct out_column cols[NC] = {
	[C_NS]     = { "NS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "namespace" },
	[C_TYPE]   = { "TYPE", 5, 0, SCOLS_JSON_STRING, "kind" },
	[C_NPROCS] = { "NPROCS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "count" },
	[C_HOST]   = { "HOST", 0, 0, SCOLS_JSON_BOOLEAN, "host's" },
	[C_NSFS]   = { "NSFS", 0, SCOLS_FL_WRAP, SCOLS_JSON_STRING, "mounts" },
};

static void test_lookup(void **state)
{
	(void)state;
	assert_int_equal(out_column_lookup(cols, NC, "TYPE", 4), C_TYPE);
	assert_int_equal(out_column_lookup(cols, NC, "nprocs", 6), C_NPROCS);
	assert_int_equal(out_column_lookup(cols, NC, "NPROC", 5), -1);
	assert_int_equal(out_column_lookup(cols, NC, "NSX", 2), C_NS);
}

static void test_parse_list(void **state)
{
	int ids[4] = { C_NS, C_TYPE };
	size_t n = 2, badlen;
	const char *bad;

	(void)state;
	/* +LIST appends to the defaults */
	assert_int_equal(out_parse_list("+nprocs", cols, NC, ids, &n, 4, &bad, &badlen), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ids[2], C_NPROCS);
	/* LIST replaces them */
	assert_int_equal(out_parse_list("HOST,NS", cols, NC, ids, &n, 4, &bad, &badlen), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], C_HOST);
	assert_int_equal(ids[1], C_NS);
	const char *arg = "NS,FOO,TYPE";
	assert_int_equal(out_parse_list(arg, cols, NC, ids, &n, 4, &bad, &badlen), -EINVAL);
	assert_ptr_equal(bad, arg + 3);
	assert_int_equal(badlen, 3);
	assert_int_equal(out_parse_list("NS,", cols, NC, ids, &n, 4, &bad, &badlen), -EINVAL);
	assert_int_equal(out_parse_list("", cols, NC, ids, &n, 4, &bad, &badlen), -EINVAL);
	assert_int_equal(out_parse_list("NS,NS,NS,NS,NS", cols, NC, ids, &n, 4, &bad, &badlen),
			 -E2BIG);
}

/*
 * Render a table in a format into a string through out_print_table(): two
 * rows, or none.
 */
static char *render_rows(enum out_format fmt, bool noheadings, bool rows)
{
	struct out_opts o = { .format = fmt, .noheadings = noheadings, .json_name = "namespaces" };
	struct libscols_table *tb = out_table_new(&o);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(tb);
	assert_non_null(f);
	for (int i = 0; i < NC; i++)
		assert_non_null(out_table_add(tb, &o, &cols[i], 0));
	if (rows) {
		struct libscols_line *a = scols_table_new_line(tb, NULL);
		struct libscols_line *b = scols_table_new_line(tb, NULL);
		/* a command line may hold any byte: an escape, and bytes that are not UTF-8 */
		struct libscols_line *c = scols_table_new_line(tb, NULL);

		out_cell_printf(&o, a, C_NS, "%llu", 4026531840ULL);
		out_cell(&o, a, C_TYPE, "net");
		out_cell(&o, a, C_NPROCS, "12");
		out_cell(&o, a, C_HOST, "yes");
		out_cell(&o, a, C_NSFS, "/run/netns/a\n/run/netns/b");
		out_cell(&o, b, C_NS, "4026532000");
		out_cell(&o, b, C_TYPE, "pid");
		out_cell(&o, b, C_NPROCS, "0");
		out_cell(&o, b, C_HOST, "no");
		out_cell(&o, b, C_NSFS, NULL);
		out_cell(&o, c, C_NS, "4026532001");
		out_cell(&o, c, C_TYPE, "x\033[31my\xff\xfe\tz");
	}
	scols_table_set_stream(tb, f);
	assert_int_equal(out_print_table(tb), 0);
	/* without rows, the line it laid the headings out over is gone again */
	assert_int_equal(scols_table_get_nlines(tb), rows ? 3 : 0);
	fclose(f);
	scols_unref_table(tb);
	return buf;
}

static char *render(enum out_format fmt, bool noheadings)
{
	return render_rows(fmt, noheadings, true);
}

static void test_json(void **state)
{
	char *s = render(OUT_JSON, false);

	(void)state;
	assert_non_null(strstr(s, "\"namespaces\": ["));
	/* numbers and booleans are typed, strings quoted, empty is null */
	assert_non_null(strstr(s, "\"ns\": 4026531840,"));
	assert_non_null(strstr(s, "\"nprocs\": 12,"));
	assert_non_null(strstr(s, "\"host\": true,"));
	assert_non_null(strstr(s, "\"host\": false,"));
	assert_non_null(strstr(s, "\"type\": \"net\","));
	assert_non_null(strstr(s, "\"nsfs\": \"/run/netns/a\\n/run/netns/b\""));
	assert_non_null(strstr(s, "\"nsfs\": null"));
	/* control characters escaped, bytes that are not UTF-8 as U+FFFD */
	assert_non_null(strstr(s, "\"type\": \"x\\u001b[31my\xef\xbf\xbd\xef\xbf\xbd\\tz\""));
	free(s);
}

static void test_raw_and_pairs(void **state)
{
	char *s = render(OUT_RAW, true);

	(void)state;
	/* raw: space separated, no padding, newline escaped */
	/* ... and the bytes of the third row kept, escaped as lsns shows them */
	assert_string_equal(s, "4026531840 net 12 yes /run/netns/a\\x0a/run/netns/b\n"
			       "4026532000 pid 0 no \n"
			       "4026532001 x\\x1b[31my\\xff\\xfe\\x09z   \n");
	free(s);
	s = render(OUT_PAIRS, false);
	assert_non_null(strstr(s, "NS=\"4026531840\" TYPE=\"net\" NPROCS=\"12\" HOST=\"yes\""));
	assert_non_null(strstr(s, "NS=\"4026532000\" TYPE=\"pid\" NPROCS=\"0\" HOST=\"no\" NSFS=\"\""));
	assert_non_null(strstr(s, "TYPE=\"x\\x1b[31my\\xff\\xfe\\x09z\""));
	free(s);
}

/* Nothing to list: the headings still say what would have been. */
static void test_print_empty(void **state)
{
	char *s;

	(void)state;
	/* no rows: nothing, as lsns prints nothing; JSON an empty array */
	s = render_rows(OUT_TABLE, false, false);
	assert_string_equal(s, "");
	free(s);
	s = render_rows(OUT_RAW, false, false);
	assert_string_equal(s, "");
	free(s);
	s = render_rows(OUT_TABLE, true, false);
	assert_string_equal(s, "");
	free(s);
	s = render_rows(OUT_PAIRS, false, false);
	assert_string_equal(s, "");
	free(s);
	s = render_rows(OUT_JSON, false, false);
	assert_non_null(strstr(s, "\"namespaces\": ["));
	free(s);
}

/* Multi-line cells of a table are cut: whole lines while they fit, then "...". */
static void test_wrap_cut(void **state)
{
	char big[OUT_WRAP_BYTES * 2], *s;

	(void)state;
	assert_null(out_wrap_cut(""));
	assert_null(out_wrap_cut("/run/netns/a\n/run/netns/b"));
	/* OUT_WRAP_LINES lines fit, one more does not */
	memset(big, 0, sizeof(big));
	for (int i = 0; i < OUT_WRAP_LINES; i++)
		strcat(big, i ? "\na" : "a");
	assert_null(out_wrap_cut(big));
	strcat(big, "\nb");
	s = out_wrap_cut(big);
	assert_non_null(s);
	assert_int_equal(strlen(s), OUT_WRAP_LINES * 2 + 3);
	assert_string_equal(s + OUT_WRAP_LINES * 2, "...");
	free(s);
	/* one line beyond the bytes: what fits of it */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	s = out_wrap_cut(big);
	assert_int_equal(strlen(s), OUT_WRAP_BYTES + 3);
	assert_string_equal(s + OUT_WRAP_BYTES, "...");
	free(s);
	/* never in the middle of a UTF-8 sequence */
	memset(big, 'x', sizeof(big) - 1);
	memcpy(big + OUT_WRAP_BYTES - 1, "\xc3\xa9", 2);
	s = out_wrap_cut(big);
	assert_int_equal(strlen(s), OUT_WRAP_BYTES - 1 + 3);
	free(s);
}

static void test_list_columns(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_int_equal(out_list_columns(f, "nsls-columns", cols, NC, false, true), 0);
	fclose(f);
	assert_non_null(strstr(buf, "\"nsls-columns\": ["));
	assert_non_null(strstr(buf, "\"holder\": \"NPROCS\""));
	assert_non_null(strstr(buf, "\"type\": \"<integer>\""));
	assert_non_null(strstr(buf, "\"type\": \"<boolean>\""));
	free(buf);
}

static void test_colors(void **state)
{
	(void)state;
	assert_int_equal(out_color_parse("auto"), OUT_COLOR_AUTO);
	assert_int_equal(out_color_parse("always"), OUT_COLOR_ALWAYS);
	assert_int_equal(out_color_parse(NULL), OUT_COLOR_ALWAYS);
	assert_int_equal(out_color_parse("never"), OUT_COLOR_NEVER);
	assert_int_equal(out_color_parse("sometimes"), -1);
	assert_true(out_color_enabled(OUT_COLOR_ALWAYS, -1));
	assert_false(out_color_enabled(OUT_COLOR_NEVER, 1));
	setenv("NO_COLOR", "1", 1);
	assert_false(out_color_enabled(OUT_COLOR_AUTO, 1));
	unsetenv("NO_COLOR");
	/* not a terminal */
	assert_false(out_color_enabled(OUT_COLOR_AUTO, -1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_parse_list),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_raw_and_pairs),
		cmocka_unit_test(test_list_columns),
		cmocka_unit_test(test_print_empty),
		cmocka_unit_test(test_wrap_cut),
		cmocka_unit_test(test_colors),
	};

	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
