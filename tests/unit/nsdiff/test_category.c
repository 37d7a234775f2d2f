// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/nsdiff/category: the table of the deep-diff categories itself.
 * Every category has a complete row; names are unique; the names of the
 * kinds are those nsdiff prints and the man page, the integration tests
 * and the expected files (tests/fixtures/expected/nsdiff/deep-json) know.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "inspect.h"

/* What the output calls each kind, and which kinds have lists. */
static const struct {
	const char *kinds[INSPECT_KINDS_MAX];
	const char *list_name[INSPECT_KINDS_MAX];
} expected[INSPECT_NCATS] = {
	[INSPECT_MNT]	 = { { "root", "mount" }, { NULL, "options" } },
	[INSPECT_NET]	 = { { "interface", "address", "route", "listening" } },
	[INSPECT_PID]	 = { { "nspid", "processes" } },
	[INSPECT_UTS]	 = { { "hostname", "domainname" } },
	[INSPECT_IPC]	 = { { "shm", "sem", "msg", "mqueue" } },
	[INSPECT_USER]	 = { { "uid_map", "gid_map", "setgroups", "capabilities" },
			     { NULL, NULL, NULL, "capabilities" } },
	[INSPECT_CGROUP] = { { "cgroup root", "limits" }, { NULL, "limits" } },
	[INSPECT_TIME]	 = { { "offset" } },
};

static void test_rows(void **state)
{
	ns_mask_t types = 0;

	(void)state;
	for (int c = 0; c < INSPECT_NCATS; c++) {
		const struct inspect_cat_info *ci = &inspect_cats[c];

		/* a name, which is its type's: the text's and JSON's "type" */
		assert_non_null(ci->name);
		assert_true(ci->type >= 0 && ci->type < NS_NTYPES);
		assert_string_equal(ci->name, nstype_name(ci->type));
		/* one category per type (the names are then unique too) */
		assert_false(types & NS_MASK(ci->type));
		types |= NS_MASK(ci->type);
		/* its facts come from somewhere, and what is read is parsed */
		assert_true(ci->files[0].name || ci->outside || ci->inside);
		if (ci->files[0].name || ci->inside)
			assert_non_null(ci->parse);
		/* only what outside() reads can depend on the snapshot */
		if (ci->snapshot)
			assert_true(ci->outside || ci->inside);
	}
	/* every type has its category: --deep looks inside each of them */
	assert_int_equal(types, NS_MASK_ALL);
}

static void test_kinds(void **state)
{
	(void)state;
	for (int c = 0; c < INSPECT_NCATS; c++) {
		const struct inspect_cat_info *ci = &inspect_cats[c];
		unsigned int n = inspect_nkinds(c);

		assert_true(n >= 1);
		for (unsigned int k = 0; k < INSPECT_KINDS_MAX; k++) {
			const struct inspect_kind *kd = &ci->kinds[k];

			if (k >= n) {
				/* no holes: unused ones only at the end */
				assert_null(kd->name);
				assert_null(expected[c].kinds[k]);
				continue;
			}
			assert_non_null(expected[c].kinds[k]);
			assert_string_equal(kd->name, expected[c].kinds[k]);
			assert_non_null(kd->what);
			if (expected[c].list_name[k])
				assert_string_equal(kd->list_name, expected[c].list_name[k]);
			else
				assert_null(kd->list_name);
			/* only a list can be shown as its size */
			assert_true(!kd->list_count || kd->list_name);
			/* names are unique across categories: the output names a kind alone */
			for (int c2 = 0; c2 < INSPECT_NCATS; c2++)
				for (unsigned int k2 = 0; k2 < inspect_nkinds(c2); k2++)
					if (c2 != c || k2 != k)
						assert_string_not_equal(
							kd->name, inspect_cats[c2].kinds[k2].name);
		}
	}
	assert_int_equal(inspect_nkinds(INSPECT_NCATS), 0);
	/* a capability set is shown as its size */
	assert_true(inspect_cats[INSPECT_USER].kinds[INSPECT_USER_CAPS].list_count);
	assert_false(inspect_cats[INSPECT_MNT].kinds[INSPECT_MNT_MOUNT].list_count);
}

static void test_files(void **state)
{
	(void)state;
	for (int c = 0; c < INSPECT_NCATS; c++) {
		const struct inspect_cat_info *ci = &inspect_cats[c];
		bool end = false;

		for (unsigned int i = 0; i < INSPECT_FILES_MAX; i++) {
			const struct inspect_file *fl = &ci->files[i];

			if (!fl->name) {
				end = true;
				continue;
			}
			assert_false(end);
			/* a relative path under /proc: "PID/" or "self/" goes before it */
			assert_true(fl->name[0] && fl->name[0] != '/');
			assert_true(strlen(fl->name) < 40);
			assert_true(fl->kind < inspect_nkinds(c));
			/* a file under the proc root is the reader's: read inside */
			if (fl->flags & INSPECT_FILE_ROOT)
				assert_true(fl->flags & INSPECT_FILE_INSIDE);
		}
		/* which files are read outside is said only where there are some */
		if (ci->outside_ok) {
			bool any = false;

			for (unsigned int i = 0; i < INSPECT_FILES_MAX && ci->files[i].name; i++)
				any |= !(ci->files[i].flags & INSPECT_FILE_INSIDE);
			assert_true(any);
		}
	}
}

/* The types whose categories look in the snapshot: process counts and veth peers. */
static void test_snapshot_types(void **state)
{
	(void)state;
	assert_int_equal(inspect_snapshot_types(NS_MASK_ALL), NS_MASK(NS_PID) | NS_MASK(NS_NET));
	assert_int_equal(inspect_snapshot_types(NS_MASK(NS_PID) | NS_MASK(NS_UTS)),
			 NS_MASK(NS_PID));
	assert_int_equal(inspect_snapshot_types(0), 0);
}

/*
 * The expected JSON of render's test has a difference of every kind: each
 * "category" in it is a kind of the category of the enclosing "type", in
 * the table's order, and every kind is there.
 */
static void test_expected_json(void **state)
{
	bool seen[INSPECT_NCATS][INSPECT_KINDS_MAX] = { { false } };
	char path[4096], line[1024], name[64];
	int cat = -1, last = -1;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/fixtures/expected/nsdiff/deep-json",
		 fixture_srcdir());
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, " \"type\": \"%63[^\"]\"", name) == 1) {
			cat = -1;
			for (int c = 0; c < INSPECT_NCATS; c++)
				if (strcmp(inspect_cats[c].name, name) == 0)
					cat = c;
			assert_true(cat >= 0);
			last = -1;
		} else if (sscanf(line, " \"category\": \"%63[^\"]\"", name) == 1) {
			int kind = -1;

			assert_true(cat >= 0);
			for (unsigned int k = 0; k < inspect_nkinds(cat); k++)
				if (strcmp(inspect_cats[cat].kinds[k].name, name) == 0)
					kind = (int)k;
			assert_true(kind >= 0);
			assert_true(kind >= last);
			last = kind;
			seen[cat][kind] = true;
		}
	}
	fclose(f);
	for (int c = 0; c < INSPECT_NCATS; c++)
		for (unsigned int k = 0; k < inspect_nkinds(c); k++)
			assert_true(seen[c][k]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_snapshot_types),
		cmocka_unit_test(test_expected_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
