// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * common/cgroup.c: layouts from mountinfo texts (v2, v1, the hybrid of
 * both), cgroup paths, and limits read back as other writers leave them,
 * in fake hierarchies (plain directories in a temporary directory).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "fake_cgroup.h"

static void test_parse_hybrid(void **state)
{
	struct cgroup_layout l;

	(void)state;
	assert_int_equal(cgroup_layout_parse(fake_cgroup_hybrid, strlen(fake_cgroup_hybrid), &l),
			 0);
	/* v2 first, then the v1 hierarchies of memory, cpu and pids, in mount order */
	assert_int_equal(l.n, 4);
	assert_true(l.hier[0].v2);
	assert_string_equal(l.hier[0].mount, "/sys/fs/cgroup/unified");
	assert_string_equal(l.hier[0].name, "unified");
	assert_string_equal(l.hier[1].mount, "/sys/fs/cgroup/cpu");
	assert_int_equal(l.hier[1].ctrls, CGROUP_CTRL(CGROUP_CPU));
	assert_string_equal(l.hier[2].name, "memory");
	assert_string_equal(l.hier[3].name, "pids");
	assert_int_equal(cgroup_ctrl_hier(&l, CGROUP_MEMORY), 2);
	assert_int_equal(cgroup_ctrl_hier(&l, CGROUP_PIDS), 3);
	/* the v2 tree offers memory too, but v1 holds it: v1 wins, v2 gets hugetlb only */
	cgroup_layout_set_v2_ctrls(&l, "memory hugetlb\n");
	assert_int_equal(l.hier[0].ctrls, 0);
	assert_int_equal(cgroup_ctrl_hier(&l, CGROUP_MEMORY), 2);
}

static void test_parse_v2_v1_and_odd_lines(void **state)
{
	static const char v2[] =
		"29 1 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 "
		"cgroup2 rw,nsdelegate,memory_recursiveprot\n"
		"40 29 0:26 / /mnt/other\\040cg rw - cgroup2 cgroup2 rw\n";
	static const char v1[] =
		/* a subtree bind (root not "/") is skipped: its paths would be wrong */
		"50 1 0:40 /docker/abc /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
		"51 1 0:41 / /cg/cpu\\040acct rw - cgroup cgroup rw,cpu,cpuacct\n"
		"52 1 0:42 / /cg/memory rw - cgroup cgroup rw,memory\n"
		"53 1 0:42 / /cg/memory2 rw - cgroup cgroup rw,memory\n"
		"garbage without fields\n"
		"54 1 0:43 / /cg/pids rw shared:1 master:2 - cgroup cgroup rw,pids";
	struct cgroup_layout l;

	(void)state;
	assert_int_equal(cgroup_layout_parse(v2, strlen(v2), &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.hier[0].mount, "/sys/fs/cgroup");
	cgroup_layout_set_v2_ctrls(&l, "cpuset cpu io memory hugetlb pids rdma misc");
	assert_int_equal(l.hier[0].ctrls, CGROUP_CTRL(CGROUP_MEMORY) | CGROUP_CTRL(CGROUP_CPU) |
						  CGROUP_CTRL(CGROUP_PIDS));

	assert_int_equal(cgroup_layout_parse(v1, strlen(v1), &l), 0);
	assert_int_equal(l.n, 3);
	assert_false(l.hier[0].v2);
	/* escapes decoded; "cpu,cpuacct" named with '+' for comma-separated records */
	assert_string_equal(l.hier[0].mount, "/cg/cpu acct");
	assert_string_equal(l.hier[0].name, "cpu+cpuacct");
	assert_string_equal(l.hier[1].mount, "/cg/memory");
	assert_string_equal(l.hier[2].mount, "/cg/pids");

	assert_int_equal(cgroup_layout_parse("", 0, &l), -ENOENT);
	assert_int_equal(cgroup_layout_parse("1 2 3 / /x - ext4 a rw\n", 23, &l), -ENOENT);
}

static void test_valid_path(void **state)
{
	static const char *good[] = { "/nskit/web1", "/a", "/system.slice/docker-1.scope",
				      "/a/b/c/d", "/a b" };
	static const char *bad[] = { "", "/", "nskit/x", "/a//b", "/a/", "/a/./b", "/a/../b",
				     "/..", "/a\nb", NULL };

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(cgroup_valid_path(good[i]), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(cgroup_valid_path(bad[i]), -EINVAL);
}

static void test_proc_in(void **state)
{
	static const char hybrid[] = "9:name=systemd:/\n4:memory:/nskit/web1/sub\n0::/nskit/web1\n";
	static const char other[] = "4:memory:/nskit/web10\n0::/nskit/web10";

	(void)state;
	assert_true(cgroup_proc_in(hybrid, strlen(hybrid), "/nskit/web1"));
	assert_true(cgroup_proc_in(hybrid, strlen(hybrid), "/nskit/web1/sub"));
	assert_true(cgroup_proc_in(hybrid, strlen(hybrid), "/nskit"));
	assert_true(cgroup_proc_in(hybrid, strlen(hybrid), "/"));
	/* a name that only begins like it, and a last line without its newline */
	assert_false(cgroup_proc_in(other, strlen(other), "/nskit/web1"));
	assert_true(cgroup_proc_in(other, strlen(other), "/nskit/web10"));
	/* the text's length, not its NUL, ends it; lines without two colons say nothing */
	assert_false(cgroup_proc_in(hybrid, 4, "/"));
	assert_false(cgroup_proc_in("/nskit/web1\n", 12, "/nskit/web1"));
}

static void test_limit_files(void **state)
{
	struct cgroup_layout l;

	(void)state;
	assert_int_equal(cgroup_layout_parse(fake_cgroup_hybrid, strlen(fake_cgroup_hybrid), &l),
			 0);
	assert_string_equal(cgroup_ctrl_name(CGROUP_MEMORY), "memory");
	assert_string_equal(cgroup_ctrl_name(CGROUP_PIDS), "pids");
	assert_null(cgroup_ctrl_name(CGROUP_NCTRLS));
	/* the v1 memory hierarchy, and the v2 tree */
	assert_string_equal(cgroup_limit_file(&l.hier[2], CGROUP_MEMORY), "memory.limit_in_bytes");
	assert_string_equal(cgroup_limit_file(&l.hier[1], CGROUP_CPU), "cpu.cfs_quota_us");
	assert_string_equal(cgroup_limit_file(&l.hier[0], CGROUP_MEMORY), "memory.max");
	assert_string_equal(cgroup_limit_file(&l.hier[0], CGROUP_CPU), "cpu.max");
	assert_string_equal(cgroup_limit_file(&l.hier[0], CGROUP_PIDS), "pids.max");
	assert_null(cgroup_limit_file(&l.hier[0], CGROUP_NCTRLS));
}

/* dir/name with text, dir made if missing. */
static void put_file_at(const char *dir, const char *name, const char *text)
{
	char path[1024];

	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fake_cgroup_put(path, text);
}

static void test_parse_limit(void **state)
{
	static const struct {
		const char *s;
		int rc;
		uint64_t v;
	} cases[] = {
		{ "512", 0, 512 },		{ "25000 100000", 0, 25000 },
		{ "max", 0, 0 },		{ "max 100000", 0, 0 },
		{ "-1", 0, 0 },			{ "9223372036854771712", 0, 9223372036854771712ull },
		{ "", -EINVAL, 0 },		{ "maximum", -EINVAL, 0 },
		{ " 5", -EINVAL, 0 },		{ "+5", -EINVAL, 0 },
		{ "5x", -EINVAL, 0 },		{ "-", -EINVAL, 0 },
		{ "-x", -EINVAL, 0 },		{ "99999999999999999999", -EINVAL, 0 },
	};
	uint64_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = 7;
		assert_int_equal(cgroup_parse_limit(cases[i].s, &v), cases[i].rc);
		assert_int_equal(v, cases[i].v);
	}
}

/* Limits as other writers leave them: "max", -1, v1's maximum, another period. */
static void test_read_limits(void **state)
{
	struct cgroup_layout l;
	struct cgroup_limits lim;
	char mi[1024], d[512], limit[64];

	(void)state;
	fake_cgroup_v2(&l, "cpu memory pids\n");
	snprintf(d, sizeof(d), "%s/v2/pod", fake_cgroup_dir);
	put_file_at(d, "memory.max", "max\n");
	put_file_at(d, "cpu.max", "25000 50000\n");
	put_file_at(d, "pids.max", "max\n");
	assert_true(cgroup_exists(&l, "/pod"));
	assert_false(cgroup_exists(&l, "/pod/none"));
	/* the file's first line, as it is */
	assert_int_equal(cgroup_read_limit(&l, "/pod", CGROUP_CPU, limit, sizeof(limit)), 0);
	assert_string_equal(limit, "25000 50000");
	assert_int_equal(cgroup_read_limit(&l, "/none", CGROUP_CPU, limit, sizeof(limit)), -ENOENT);
	assert_int_equal(cgroup_read_limits(&l, "/pod", &lim), 0);
	assert_int_equal(lim.memory, 0);
	assert_int_equal(lim.cpu_quota, 50000);	/* half a CPU, per 100 ms */
	assert_int_equal(lim.pids, 0);
	put_file_at(d, "cpu.max", "max 100000\n");
	put_file_at(d, "pids.max", "bogus\n");
	assert_int_equal(cgroup_read_limits(&l, "/pod", &lim), 0);
	assert_int_equal(lim.cpu_quota, 0);
	assert_int_equal(lim.pids, 0);

	/* v1: -1 and the page counter's maximum are no limit */
	snprintf(mi, sizeof(mi),
		 "33 30 0:29 / %s/c1 rw - cgroup cgroup rw,cpu,cpuacct\n"
		 "35 30 0:31 / %s/m1 rw - cgroup cgroup rw,memory\n"
		 "36 30 0:32 / %s/p1 rw - cgroup cgroup rw,pids\n",
		 fake_cgroup_dir, fake_cgroup_dir, fake_cgroup_dir);
	snprintf(d, sizeof(d), "%s/m1", fake_cgroup_dir);
	mkdir(d, 0755);
	snprintf(d, sizeof(d), "%s/c1", fake_cgroup_dir);
	mkdir(d, 0755);
	snprintf(d, sizeof(d), "%s/p1", fake_cgroup_dir);
	mkdir(d, 0755);
	assert_int_equal(cgroup_layout_load(&l, mi, strlen(mi), true), 0);
	snprintf(d, sizeof(d), "%s/m1/ctr", fake_cgroup_dir);
	put_file_at(d, "memory.limit_in_bytes", "9223372036854771712\n");
	snprintf(d, sizeof(d), "%s/c1/ctr", fake_cgroup_dir);
	put_file_at(d, "cpu.cfs_quota_us", "-1\n");
	put_file_at(d, "cpu.cfs_period_us", "100000\n");
	snprintf(d, sizeof(d), "%s/p1/ctr", fake_cgroup_dir);
	put_file_at(d, "pids.max", "512\n");
	assert_int_equal(cgroup_read_limits(&l, "/ctr", &lim), 0);
	assert_int_equal(lim.memory, 0);
	assert_int_equal(lim.cpu_quota, 0);
	assert_int_equal(lim.pids, 512);
	snprintf(d, sizeof(d), "%s/c1/ctr", fake_cgroup_dir);
	put_file_at(d, "cpu.cfs_quota_us", "300000\n");
	put_file_at(d, "cpu.cfs_period_us", "200000\n");
	snprintf(d, sizeof(d), "%s/m1/ctr", fake_cgroup_dir);
	put_file_at(d, "memory.limit_in_bytes", "1048576\n");
	assert_int_equal(cgroup_read_limits(&l, "/ctr", &lim), 0);
	assert_int_equal(lim.cpu_quota, 150000);
	assert_int_equal(lim.memory, 1048576);
	assert_int_equal(cgroup_read_limits(&l, "/none", &lim), -ENOENT);
	assert_int_equal(cgroup_read_limits(&l, "rel", &lim), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_hybrid),
		cmocka_unit_test(test_parse_v2_v1_and_odd_lines),
		cmocka_unit_test(test_valid_path),
		cmocka_unit_test(test_limit_files),
		cmocka_unit_test(test_proc_in),
		cmocka_unit_test(test_parse_limit),
		cmocka_unit_test(test_read_limits),
	};

	return cmocka_run_group_tests(tests, fake_cgroup_setup, fake_cgroup_teardown);
}
