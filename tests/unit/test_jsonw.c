// SPDX-License-Identifier: GPL-2.0-or-later
/* common/jsonw: structure, escaping, and errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"

/* What jsonw_escape writes for s. */
static char *escaped(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(jsonw_escape(f, s), 0);
	fclose(f);
	return buf;
}

static void check_escape(const char *in, const char *want)
{
	char *got = escaped(in);

	assert_string_equal(got, want);
	free(got);
}

static void test_escape(void **state)
{
	(void)state;
	check_escape("", "\"\"");
	check_escape("plain /path", "\"plain /path\"");
	check_escape("a\"b\\c", "\"a\\\"b\\\\c\"");
	check_escape("l1\nl2\tx\r\b\f", "\"l1\\nl2\\tx\\r\\b\\f\"");
	/* other control characters, and DEL */
	check_escape("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	/* valid UTF-8 passes through */
	check_escape("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7\"");
	/* invalid bytes become U+FFFD, one per byte */
	check_escape("a\xff" "b", "\"a\\ufffdb\"");
	check_escape("\xc3", "\"\\ufffd\"");			/* truncated at the end */
	check_escape("\xc3(", "\"\\ufffd(\"");			/* bad continuation */
	check_escape("\xc0\xaf", "\"\\ufffd\\ufffd\"");		/* overlong '/' */
	check_escape("\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"");	/* overlong */
	check_escape("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");	/* a UTF-16 surrogate */
	check_escape("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");	/* > U+10FFFF */
}

static void test_document(void **state)
{
	static const char want[] =
		"{\n"
		"   \"name\": \"web1\",\n"
		"   \"pid\": 4242,\n"
		"   \"offset\": -5,\n"
		"   \"shared\": false,\n"
		"   \"nothing\": null,\n"
		"   \"absent\": null,\n"
		"   \"empty\": [],\n"
		"   \"obj\": {},\n"
		"   \"list\": [\n"
		"      \"a\",\n"
		"      {\n"
		"         \"k\": true\n"
		"      },\n"
		"      18446744073709551615\n"
		"   ]\n"
		"}\n";
	struct jsonw w;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	jsonw_init(&w, f);
	jsonw_object(&w, NULL);
	jsonw_string(&w, "name", "web1");
	jsonw_uint(&w, "pid", 4242);
	jsonw_int(&w, "offset", -5);
	jsonw_bool(&w, "shared", false);
	jsonw_null(&w, "nothing");
	jsonw_string(&w, "absent", NULL);
	jsonw_array(&w, "empty");
	jsonw_end(&w);
	jsonw_object(&w, "obj");
	jsonw_end(&w);
	jsonw_array(&w, "list");
	jsonw_string(&w, NULL, "a");
	jsonw_object(&w, NULL);
	jsonw_bool(&w, "k", true);
	jsonw_end(&w);
	jsonw_uint(&w, NULL, UINT64_MAX);
	jsonw_end(&w);
	jsonw_end(&w);
	assert_int_equal(jsonw_finish(&w), 0);
	fclose(f);
	assert_string_equal(buf, want);
	free(buf);
}

static int misuse(int which)
{
	struct jsonw w;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc;

	jsonw_init(&w, f);
	switch (which) {
	case 0:	/* a member without a key */
		jsonw_object(&w, NULL);
		jsonw_uint(&w, NULL, 1);
		jsonw_end(&w);
		break;
	case 1:	/* an array element with a key */
		jsonw_array(&w, NULL);
		jsonw_uint(&w, "k", 1);
		jsonw_end(&w);
		break;
	case 2:	/* left open */
		jsonw_object(&w, NULL);
		break;
	case 3:	/* closed once too often */
		jsonw_object(&w, NULL);
		jsonw_end(&w);
		jsonw_end(&w);
		break;
	case 4:	/* two documents */
		jsonw_object(&w, NULL);
		jsonw_end(&w);
		jsonw_object(&w, NULL);
		jsonw_end(&w);
		break;
	case 5:	/* nothing */
		break;
	case 6:	/* too deep */
		for (int i = 0; i < JSONW_MAX_DEPTH + 2; i++)
			jsonw_array(&w, NULL);
		for (int i = 0; i < JSONW_MAX_DEPTH + 2; i++)
			jsonw_end(&w);
		break;
	}
	rc = jsonw_finish(&w);
	fclose(f);
	free(buf);
	return rc;
}

static void test_misuse(void **state)
{
	(void)state;
	for (int i = 0; i <= 5; i++)
		assert_int_equal(misuse(i), -EINVAL);
	assert_int_equal(misuse(6), -E2BIG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_misuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
