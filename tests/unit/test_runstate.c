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
#include <unistd.h>

#include "fixture.h"
#include "runstate.h"

static char dir[] = "/tmp/nskit-runstate.XXXXXX";

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	setenv("NSKIT_STATE_DIR", dir, 1);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(runstate_valid_name("web1"), 0);
	assert_int_equal(runstate_valid_name("a.b-c_D9"), 0);
	static const char *bad[] = { "", ".", "..", ".hidden", "-opt", "a/b", "a b", "a\nb",
				     "../etc", "x\x01" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(runstate_valid_name(bad[i]), -EINVAL);
	char longname[RUNSTATE_NAME_MAX + 1];
	memset(longname, 'a', RUNSTATE_NAME_MAX);
	longname[RUNSTATE_NAME_MAX] = '\0';
	assert_int_equal(runstate_valid_name(longname), -EINVAL);
	longname[RUNSTATE_NAME_MAX - 1] = '\0';
	assert_int_equal(runstate_valid_name(longname), 0);
	assert_string_equal(runstate_dir(), dir);
}

static void test_roundtrip_and_list(void **state)
{
	struct runstate a = {
		.name = "web1", .pid = 4242, .starttime = 123456, .launcher = 4241,
		.network = "front", .address = "10.88.0.2/24", .host_veth = "nsk0a1b2c",
		.cgroup = "/nskit/web1", .hostname = "web1", .rootfs = "/srv/rootfs",
		.command = "sleep inf", .created = 1790000000, .created_ns = NS_MASK(NS_NET),
		.state = "running", .launcher_start = 123400, .cgroup_made = "unified=2,memory=2",
		.workdir = "/srv/app",
	}, b;
	char **names;
	size_t n;

	(void)state;
	assert_int_equal(runstate_save(&a), 0);
	assert_int_equal(runstate_load("web1", &b), 0);
	assert_memory_equal(&a, &b, sizeof(a));
	strcpy(a.name, "db");
	a.pid = 77;
	assert_int_equal(runstate_save(&a), 0);
	assert_int_equal(runstate_list(&names, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "db");
	assert_string_equal(names[1], "web1");
	runstate_names_free(names, n);
	assert_int_equal(runstate_remove("db"), 0);
	assert_int_equal(runstate_load("db", &b), -ENOENT);
	assert_int_equal(runstate_remove("db"), -ENOENT);
	assert_int_equal(runstate_load("../x", &b), -EINVAL);
}

static void test_no_forged_keys(void **state)
{
	struct runstate a = { .name = "evil", .pid = 5 }, b;

	(void)state;
	strcpy(a.command, "sh\npid=1");
	assert_int_equal(runstate_save(&a), -EINVAL);
	assert_int_equal(runstate_load("evil", &b), -ENOENT);
}

static void write_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/containers/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_malformed(void **state)
{
	struct runstate b;

	(void)state;
	write_file("m1", "name=m1\npid=abc\n");
	assert_int_equal(runstate_load("m1", &b), -EINVAL);
	write_file("m2", "name=other\npid=5\n");
	assert_int_equal(runstate_load("m2", &b), -EINVAL);
	write_file("m3", "name=m3\n");
	assert_int_equal(runstate_load("m3", &b), -EINVAL);
	write_file("m4", "garbage\n");
	assert_int_equal(runstate_load("m4", &b), -EINVAL);
	write_file("m5", "name=m5\npid=9\nfuture_key=1\n# comment\n\n");
	assert_int_equal(runstate_load("m5", &b), 0);
	assert_int_equal(b.pid, 9);
	/* a value longer than its field */
	char big[400];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	char text[600];
	snprintf(text, sizeof(text), "name=m6\npid=3\nhost_veth=%s\n", big);
	write_file("m6", text);
	assert_int_equal(runstate_load("m6", &b), -EINVAL);
	/* a temporary file of a writer is not listed */
	write_file(".web1.123", "name=web1\npid=1\n");
	char **names;
	size_t n;
	assert_int_equal(runstate_list(&names, &n), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(names[i][0], '.');
	runstate_names_free(names, n);
}

static void test_alive(void **state)
{
	char *fx = fixture_make(), path[4200];
	struct procfs pfs;
	struct runstate st = { .name = "web1", .pid = 700, .starttime = 1700 };

	(void)state;
	assert_non_null(fx);
	snprintf(path, sizeof(path), "%s/proc", fx);
	assert_int_equal(procfs_open(&pfs, path), 0);
	/* the fixture's pid 700 started at 1000 + pid */
	assert_true(runstate_alive(&st, &pfs));
	st.starttime = 1;
	assert_false(runstate_alive(&st, &pfs));
	st.pid = 9999;
	assert_false(runstate_alive(&st, &pfs));
	procfs_close(&pfs);
	fixture_remove(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_roundtrip_and_list),
		cmocka_unit_test(test_no_forged_keys),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_alive),
	};

	return cmocka_run_group_tests_name("runstate", tests, setup, teardown);
}
