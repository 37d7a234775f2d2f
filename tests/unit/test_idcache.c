// SPDX-License-Identifier: GPL-2.0-or-later
/* common/idcache.c: user and group names, asked once per id. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "idcache.h"

/* A uid and gid that no passwd or group file of a test machine names. */
#define NOBODY_KNOWS 3999999999u

static void test_names_once(void **state)
{
	struct idcache c;
	const char *root;

	(void)state;
	idcache_init(&c);
	root = idcache_user(&c, 0);
	assert_non_null(root);
	assert_string_equal(root, "root");
	/* the same string again: it was not asked a second time */
	assert_ptr_equal(idcache_user(&c, 0), root);
	assert_string_equal(idcache_group(&c, 0), "root");
	assert_ptr_equal(idcache_group(&c, 0), idcache_group(&c, 0));
	/* users and groups are apart */
	assert_ptr_not_equal(idcache_group(&c, 0), root);
	idcache_release(&c);
}

static void test_unknown_ids(void **state)
{
	struct idcache c;

	(void)state;
	idcache_init(&c);
	assert_null(idcache_user(&c, NOBODY_KNOWS));
	/* remembered as nameless */
	assert_int_equal(c.users.len, 1);
	assert_null(idcache_user(&c, NOBODY_KNOWS));
	assert_int_equal(c.users.len, 1);
	assert_null(idcache_group(&c, NOBODY_KNOWS));
	/* the largest ids are keys like the others */
	assert_null(idcache_user(&c, (uid_t)-2));
	idcache_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_once),
		cmocka_unit_test(test_unknown_ids),
	};

	return cmocka_run_group_tests_name("idcache", tests, NULL, NULL);
}
