// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <sched.h>
#include <string.h>

#include "nstype.h"

static void test_table_is_complete(void **state)
{
	(void)state;
	for (int t = 0; t < NS_NTYPES; t++) {
		assert_non_null(nstype_table[t].name);
		assert_non_null(nstype_table[t].file);
		assert_non_null(nstype_table[t].desc);
		assert_int_not_equal(nstype_table[t].clone_flag, 0);
		/* every type is one distinct clone flag, letter and name */
		for (int u = 0; u < t; u++) {
			assert_int_not_equal(nstype_table[t].clone_flag, nstype_table[u].clone_flag);
			assert_int_not_equal(nstype_table[t].opt, nstype_table[u].opt);
			assert_string_not_equal(nstype_table[t].name, nstype_table[u].name);
		}
	}
}

static void test_nsenter_letters(void **state)
{
	(void)state;
	/* nsenter(1): -m -u -i -n -p -U -C -T */
	assert_int_equal(nstype_from_opt('m'), NS_MNT);
	assert_int_equal(nstype_from_opt('u'), NS_UTS);
	assert_int_equal(nstype_from_opt('i'), NS_IPC);
	assert_int_equal(nstype_from_opt('n'), NS_NET);
	assert_int_equal(nstype_from_opt('p'), NS_PID);
	assert_int_equal(nstype_from_opt('U'), NS_USER);
	assert_int_equal(nstype_from_opt('C'), NS_CGROUP);
	assert_int_equal(nstype_from_opt('T'), NS_TIME);
	assert_int_equal(nstype_from_opt('x'), NS_UNKNOWN);
}

static void test_names_and_clone_flags(void **state)
{
	(void)state;
	assert_int_equal(nstype_from_name("net"), NS_NET);
	assert_int_equal(nstype_from_name("cgroup"), NS_CGROUP);
	assert_int_equal(nstype_from_name("time"), NS_TIME);
	assert_int_equal(nstype_from_name("Net"), NS_UNKNOWN);
	assert_int_equal(nstype_from_name(""), NS_UNKNOWN);
	assert_int_equal(nstype_from_name("network"), NS_UNKNOWN);
	assert_int_equal(nstype_from_name_n("netfoo", 3), NS_NET);
	assert_int_equal(nstype_from_clone(CLONE_NEWNET), NS_NET);
	assert_int_equal(nstype_from_clone(CLONE_NEWNS), NS_MNT);
	assert_int_equal(nstype_from_clone(CLONE_NEWNET | CLONE_NEWPID), NS_UNKNOWN);
	assert_string_equal(nstype_name(NS_USER), "user");
	assert_string_equal(nstype_name(NS_UNKNOWN), "unknown");
	/* lsns's order */
	assert_string_equal(nstype_table[0].name, "mnt");
	assert_string_equal(nstype_table[7].name, "time");
}

static void test_parse_link(void **state)
{
	enum ns_type t;
	uint64_t ino;

	(void)state;
	assert_int_equal(nstype_parse_link("net:[4026531840]", 16, &t, &ino), 0);
	assert_int_equal(t, NS_NET);
	assert_true(ino == 4026531840ULL);
	assert_int_equal(nstype_parse_link("cgroup:[1]", 10, &t, &ino), 0);
	assert_int_equal(t, NS_CGROUP);

	static const char *bad[] = {
		"net:[]", "net:[12", "net:12]", "net[12]", "foo:[12]", ":[12]", "net:[1x2]",
		"net:[0]", "net:[99999999999999999999999]", "socket:[123]", "", "/dev/null",
		"net:[-1]",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_not_equal(nstype_parse_link(bad[i], strlen(bad[i]), &t, &ino), 0);
}

static void test_parse_list(void **state)
{
	ns_mask_t m = 0;
	const char *bad = NULL;
	size_t badlen = 0;

	(void)state;
	assert_int_equal(nstype_parse_list("net,pid", &m, &bad, &badlen), 0);
	assert_int_equal(m, NS_MASK(NS_NET) | NS_MASK(NS_PID));
	assert_int_equal(nstype_parse_list("net", &m, NULL, NULL), 0);
	assert_int_equal(m, NS_MASK(NS_NET));
	const char *in = "net,bogus,pid";
	assert_int_equal(nstype_parse_list(in, &m, &bad, &badlen), -EINVAL);
	assert_ptr_equal(bad, in + 4);
	assert_int_equal(badlen, 5);
	assert_int_equal(nstype_parse_list("net,", &m, &bad, &badlen), -EINVAL);
	assert_int_equal(badlen, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_is_complete),
		cmocka_unit_test(test_nsenter_letters),
		cmocka_unit_test(test_names_and_clone_flags),
		cmocka_unit_test(test_parse_link),
		cmocka_unit_test(test_parse_list),
	};

	return cmocka_run_group_tests_name("nstype", tests, NULL, NULL);
}
