// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>

#include "hashmap.h"

static void test_put_get_del(void **state)
{
	struct hashmap m;
	int a = 1, b = 2;

	(void)state;
	hashmap_init(&m);
	assert_null(hashmap_get(&m, 42));
	assert_int_equal(hashmap_put(&m, 42, &a), 0);
	assert_int_equal(hashmap_put(&m, 43, &b), 0);
	assert_ptr_equal(hashmap_get(&m, 42), &a);
	assert_ptr_equal(hashmap_get(&m, 43), &b);
	assert_int_equal(m.len, 2);
	/* replace keeps the count */
	assert_int_equal(hashmap_put(&m, 42, &b), 0);
	assert_ptr_equal(hashmap_get(&m, 42), &b);
	assert_int_equal(m.len, 2);
	assert_ptr_equal(hashmap_del(&m, 42), &b);
	assert_null(hashmap_get(&m, 42));
	assert_null(hashmap_del(&m, 42));
	assert_int_equal(m.len, 1);
	/* reserved keys */
	assert_int_equal(hashmap_put(&m, 0, &a), -EINVAL);
	assert_int_equal(hashmap_put(&m, UINT64_MAX, &a), -EINVAL);
	hashmap_clear(&m);
	assert_null(hashmap_get(&m, 43));
}

static void test_many_keys_and_tombstones(void **state)
{
	struct hashmap m;
	size_t it = 0, n = 0;
	uint64_t k;
	void *v;

	(void)state;
	hashmap_init(&m);
	assert_int_equal(hashmap_reserve(&m, 1000), 0);
	/* namespace keys are dense: (ino << 3) | type */
	for (uint64_t i = 1; i <= 50000; i++)
		assert_int_equal(hashmap_put(&m, (4026531840ULL + i) << 3, (void *)(uintptr_t)i), 0);
	for (uint64_t i = 1; i <= 50000; i += 2)
		assert_non_null(hashmap_del(&m, (4026531840ULL + i) << 3));
	for (uint64_t i = 1; i <= 50000; i++) {
		void *got = hashmap_get(&m, (4026531840ULL + i) << 3);

		if (i % 2)
			assert_null(got);
		else
			assert_int_equal((uintptr_t)got, i);
	}
	while (hashmap_next(&m, &it, &k, &v)) {
		assert_int_equal(((k >> 3) - 4026531840ULL), (uintptr_t)v);
		n++;
	}
	assert_int_equal(n, 25000);
	assert_int_equal(m.len, 25000);
	/* reinsert into tombstones */
	for (uint64_t i = 1; i <= 50000; i += 2)
		assert_int_equal(hashmap_put(&m, (4026531840ULL + i) << 3, (void *)(uintptr_t)i), 0);
	assert_int_equal(m.len, 50000);
	hashmap_clear(&m);
}

static void test_str_key(void **state)
{
	(void)state;
	assert_true(hashmap_str_key("abc") == hashmap_str_key("abc"));
	assert_true(hashmap_str_key("abc") != hashmap_str_key("abd"));
	assert_true(hashmap_str_key("") != 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_get_del),
		cmocka_unit_test(test_many_keys_and_tombstones),
		cmocka_unit_test(test_str_key),
	};

	return cmocka_run_group_tests_name("hashmap", tests, NULL, NULL);
}
