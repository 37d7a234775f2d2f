// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * common/cgroup.c: layouts from mountinfo texts (v2, v1, the hybrid of
 * both), and containers' cgroups made, limited, joined and removed in
 * fake hierarchies (plain directories in a temporary directory), for v2
 * and for v1 controllers.
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

/* The development machine: v1 controllers, and a v2 tree with none of them. */
static const char hybrid[] =
	"25 1 252:0 / / rw,relatime - ext4 /dev/vda rw\n"
	"30 25 0:26 / /sys/fs/cgroup ro,nosuid,nodev,noexec - tmpfs tmpfs ro,mode=755\n"
	"31 30 0:27 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 "
	"cgroup2 rw,nsdelegate\n"
	"32 30 0:28 / /sys/fs/cgroup/systemd rw,nosuid - cgroup cgroup rw,xattr,name=systemd\n"
	"33 30 0:29 / /sys/fs/cgroup/cpu rw,nosuid - cgroup cgroup rw,cpu\n"
	"34 30 0:30 / /sys/fs/cgroup/cpuacct rw,nosuid - cgroup cgroup rw,cpuacct\n"
	"35 30 0:31 / /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory\n"
	"36 30 0:32 / /sys/fs/cgroup/pids rw,nosuid - cgroup cgroup rw,pids\n"
	"37 30 0:33 / /sys/fs/cgroup/freezer rw,nosuid - cgroup cgroup rw,freezer\n";

static void test_parse_hybrid(void **state)
{
	struct cgroup_layout l;

	(void)state;
	assert_int_equal(cgroup_layout_parse(hybrid, strlen(hybrid), &l), 0);
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

/* ---------------------------------------------------------- fake trees */

static char tmp[] = "/tmp/nskit-cgroup.XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

static void put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The first line of a file, or "" when it is missing. */
static const char *get_file(const char *fmt, ...)
{
	static char buf[256];
	char path[512];
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	buf[0] = '\0';
	f = fopen(path, "r");
	if (!f)
		return buf;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
	return buf;
}

static bool exists(const char *fmt, ...)
{
	char path[512];
	struct stat sb;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return stat(path, &sb) == 0;
}

/* A fake v2 hierarchy at tmp/v2 with controllers, as its mountinfo line says. */
static void fake_v2(struct cgroup_layout *l, const char *controllers)
{
	char dir[256], mi[512];

	snprintf(dir, sizeof(dir), "%s/v2", tmp);
	mkdir(dir, 0755);
	snprintf(mi, sizeof(mi), "%s/cgroup.controllers", dir);
	put_file(mi, controllers);
	snprintf(mi, sizeof(mi), "31 30 0:27 / %s rw,nosuid - cgroup2 cgroup2 rw\n", dir);
	assert_int_equal(cgroup_layout_load(l, mi, strlen(mi), true), 0);
	assert_int_equal(l->n, 1);
	assert_true(l->fake);
}

static void test_v2_create_limits_remove(void **state)
{
	struct cgroup_limits lim = { .memory = 64 << 20, .cpu_quota = 50000, .pids = 20 }, back;
	struct cgroup_layout l;
	struct cgroup_made made;
	char failed[512] = "", text[64], limit[64];

	(void)state;
	fake_v2(&l, "cpuset cpu io memory pids\n");
	assert_int_equal(cgroup_create(&l, "/nskit/web1", 2, &lim, &made, failed, sizeof(failed)),
			 0);
	assert_true(exists("%s/v2/nskit/web1", tmp));
	/* the limits where a v2 kernel reads them; swap none */
	assert_string_equal(get_file("%s/v2/nskit/web1/memory.max", tmp), "67108864");
	assert_string_equal(get_file("%s/v2/nskit/web1/memory.swap.max", tmp), "0");
	assert_string_equal(get_file("%s/v2/nskit/web1/cpu.max", tmp), "50000 100000");
	assert_string_equal(get_file("%s/v2/nskit/web1/pids.max", tmp), "20");
	/* controllers enabled from the root down to the parent, not in the leaf */
	assert_string_equal(get_file("%s/v2/cgroup.subtree_control", tmp), "+memory");
	assert_string_equal(get_file("%s/v2/nskit/cgroup.subtree_control", tmp), "+memory");
	assert_false(exists("%s/v2/nskit/web1/cgroup.subtree_control", tmp));
	assert_int_equal(cgroup_read_limit(&l, "/nskit/web1", CGROUP_CPU, limit, sizeof(limit)), 0);
	assert_string_equal(limit, "50000 100000");
	/* read back as numbers, as inspect shows them */
	assert_int_equal(cgroup_read_limits(&l, "/nskit/web1", &back), 0);
	assert_memory_equal(&back, &lim, sizeof(lim));
	assert_int_equal(cgroup_read_limits(&l, "/nskit/none", &back), -ENOENT);

	assert_int_equal(made.levels[0], 2);
	assert_int_equal(cgroup_made_format(&l, &made, text, sizeof(text)), 0);
	assert_string_equal(text, "unified=2");
	assert_true(cgroup_exists(&l, "/nskit/web1"));

	assert_int_equal(cgroup_attach(&l, "/nskit/web1", &made, 4242, false, failed,
				       sizeof(failed)), 0);
	assert_string_equal(get_file("%s/v2/nskit/web1/cgroup.procs", tmp), "4242");

	/* a second container of the same name: refused, the first untouched */
	assert_int_equal(cgroup_create(&l, "/nskit/web1", 2, NULL, &made, failed, sizeof(failed)),
			 -EEXIST);
	assert_true(exists("%s/v2/nskit/web1/memory.max", tmp));

	assert_int_equal(cgroup_made_parse(&l, "unified=2", &made), 0);
	assert_int_equal(cgroup_kill(&l, "/nskit/web1"), 0);
	assert_int_equal(cgroup_remove(&l, "/nskit/web1", &made), 0);
	/* the shared parent went with its last container */
	assert_false(exists("%s/v2/nskit", tmp));
	assert_false(cgroup_exists(&l, "/nskit/web1"));
	/* idempotent */
	assert_int_equal(cgroup_remove(&l, "/nskit/web1", &made), 0);
}

static void test_v2_parent_kept(void **state)
{
	struct cgroup_layout l;
	struct cgroup_made made;
	char dir[512];

	(void)state;
	fake_v2(&l, "memory pids\n");
	/* --cgroup-path below an existing slice: only what was made goes */
	snprintf(dir, sizeof(dir), "%s/v2/system.slice", tmp);
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(cgroup_create(&l, "/system.slice/docker-0123456789ab.scope", 1, NULL,
				       &made, NULL, 0), 0);
	assert_int_equal(made.levels[0], 1);
	assert_int_equal(cgroup_remove(&l, "/system.slice/docker-0123456789ab.scope", &made), 0);
	assert_true(exists("%s/v2/system.slice", tmp));
	assert_false(exists("%s/v2/system.slice/docker-0123456789ab.scope", tmp));

	/* a new parent made on the way is removed with it */
	assert_int_equal(cgroup_create(&l, "/kubepods/pod1/ctr", 1, NULL, &made, NULL, 0), 0);
	assert_int_equal(made.levels[0], 3);
	assert_int_equal(cgroup_remove(&l, "/kubepods/pod1/ctr", &made), 0);
	assert_false(exists("%s/v2/kubepods", tmp));

	/* a parent that is not empty stays */
	assert_int_equal(cgroup_create(&l, "/nskit/a", 2, NULL, &made, NULL, 0), 0);
	assert_int_equal(cgroup_create(&l, "/nskit/b", 2, NULL, &made, NULL, 0), 0);
	assert_int_equal(cgroup_remove(&l, "/nskit/a", &made), 0);
	assert_true(exists("%s/v2/nskit/b", tmp));
	assert_int_equal(cgroup_remove(&l, "/nskit/b", &made), 0);
	assert_false(exists("%s/v2/nskit", tmp));
	/* the fake tree's enabling of controllers there is a file a kernel would not leave */
	snprintf(dir, sizeof(dir), "%s/v2/system.slice/cgroup.subtree_control", tmp);
	unlink(dir);
	snprintf(dir, sizeof(dir), "%s/v2/system.slice", tmp);
	assert_int_equal(rmdir(dir), 0);
}

static void test_v2_failure_leaves_nothing(void **state)
{
	struct cgroup_limits lim = { .memory = 64 << 20 };
	struct cgroup_layout l;
	struct cgroup_made made;
	char dir[512], failed[512] = "";

	(void)state;
	fake_v2(&l, "memory pids\n");
	/* the root refuses to enable memory (a directory where the file should be) */
	snprintf(dir, sizeof(dir), "%s/v2/cgroup.subtree_control", tmp);
	unlink(dir);
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(cgroup_create(&l, "/nskit/web1", 2, &lim, &made, failed, sizeof(failed)),
			 -EISDIR);
	assert_string_equal(failed, dir);
	assert_false(exists("%s/v2/nskit", tmp));
	/* without a limit that needs it, a controller that cannot be enabled is no error */
	assert_int_equal(cgroup_create(&l, "/nskit/web1", 2, NULL, &made, NULL, 0), 0);
	assert_int_equal(cgroup_remove(&l, "/nskit/web1", &made), 0);
	assert_int_equal(rmdir(dir), 0);

	/* a limit no hierarchy can hold */
	fake_v2(&l, "memory\n");
	lim = (struct cgroup_limits){ .pids = 10 };
	assert_int_equal(cgroup_create(&l, "/nskit/web1", 2, &lim, &made, failed, sizeof(failed)),
			 -EOPNOTSUPP);
	assert_string_equal(failed, "pids");
	assert_false(exists("%s/v2/nskit", tmp));
}

/* Fake v1 hierarchies: memory, cpu+cpuacct and pids, and an empty v2 beside them. */
static void test_v1_hybrid(void **state)
{
	struct cgroup_limits lim = { .memory = 128 << 20, .cpu_quota = 150000, .pids = 64 }, rd;
	struct cgroup_layout l;
	struct cgroup_made made, back;
	char mi[2048], text[128];
	static const char *const dirs[] = { "uni", "mem", "cpu", "pids" };

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		char d[512];

		snprintf(d, sizeof(d), "%s/%s", tmp, dirs[i]);
		assert_int_equal(mkdir(d, 0755), 0);
	}
	snprintf(text, sizeof(text), "%s/uni/cgroup.controllers", tmp);
	put_file(text, "hugetlb\n");
	snprintf(mi, sizeof(mi),
		 "31 30 0:27 / %s/uni rw - cgroup2 cgroup2 rw\n"
		 "33 30 0:29 / %s/cpu rw - cgroup cgroup rw,cpu,cpuacct\n"
		 "35 30 0:31 / %s/mem rw - cgroup cgroup rw,memory\n"
		 "36 30 0:32 / %s/pids rw - cgroup cgroup rw,pids\n",
		 tmp, tmp, tmp, tmp);
	assert_int_equal(cgroup_layout_load(&l, mi, strlen(mi), true), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.hier[0].ctrls, 0);
	assert_int_equal(cgroup_create(&l, "/nskit/db", 2, &lim, &made, NULL, 0), 0);
	/* v1 files: the period before the quota, memsw equal to memory */
	assert_string_equal(get_file("%s/mem/nskit/db/memory.limit_in_bytes", tmp), "134217728");
	assert_string_equal(get_file("%s/mem/nskit/db/memory.memsw.limit_in_bytes", tmp),
			    "134217728");
	assert_string_equal(get_file("%s/cpu/nskit/db/cpu.cfs_period_us", tmp), "100000");
	assert_string_equal(get_file("%s/cpu/nskit/db/cpu.cfs_quota_us", tmp), "150000");
	assert_string_equal(get_file("%s/pids/nskit/db/pids.max", tmp), "64");
	assert_int_equal(cgroup_read_limits(&l, "/nskit/db", &rd), 0);
	assert_memory_equal(&rd, &lim, sizeof(lim));
	/* the container lives in the v2 tree too (what nsls reads first), with no limits */
	assert_true(exists("%s/uni/nskit/db", tmp));
	assert_false(exists("%s/uni/nskit/db/memory.max", tmp));
	/* v1 has no subtree_control */
	assert_false(exists("%s/mem/cgroup.subtree_control", tmp));

	assert_int_equal(cgroup_attach(&l, "/nskit/db", &made, 77, false, NULL, 0), 0);
	assert_string_equal(get_file("%s/pids/nskit/db/cgroup.procs", tmp), "77");
	assert_string_equal(get_file("%s/uni/nskit/db/cgroup.procs", tmp), "77");
	/* born in the v2 cgroup already: v1 only */
	assert_int_equal(cgroup_attach(&l, "/nskit/db", &made, 78, true, NULL, 0), 0);
	assert_string_equal(get_file("%s/uni/nskit/db/cgroup.procs", tmp), "77");

	assert_int_equal(cgroup_made_format(&l, &made, text, sizeof(text)), 0);
	assert_string_equal(text, "unified=2,cpu+cpuacct=2,memory=2,pids=2");
	assert_int_equal(cgroup_made_parse(&l, text, &back), 0);
	assert_memory_equal(back.levels, made.levels, l.n);
	assert_int_equal(cgroup_remove(&l, "/nskit/db", &back), 0);
	for (size_t i = 0; i < 4; i++)
		assert_false(exists("%s/%s/nskit", tmp, dirs[i]));

	/* without limits: the first hierarchy only, which names the container */
	assert_int_equal(cgroup_create(&l, "/nskit/web", 2, NULL, &made, NULL, 0), 0);
	assert_int_equal(cgroup_made_format(&l, &made, text, sizeof(text)), 0);
	assert_string_equal(text, "unified=2,cpu+cpuacct=0,memory=0,pids=0");
	assert_true(exists("%s/uni/nskit/web", tmp));
	assert_false(exists("%s/mem/nskit", tmp));
	/* a memory limit: v1 memory too, not cpu nor pids */
	lim = (struct cgroup_limits){ .memory = 64 << 20 };
	assert_int_equal(cgroup_create(&l, "/nskit/web2", 2, &lim, &made, NULL, 0), 0);
	assert_int_equal(cgroup_made_format(&l, &made, text, sizeof(text)), 0);
	assert_string_equal(text, "unified=2,cpu+cpuacct=0,memory=2,pids=0");
	assert_int_equal(cgroup_attach(&l, "/nskit/web2", &made, 79, false, NULL, 0), 0);
	assert_false(exists("%s/pids/nskit/web2", tmp));
	assert_int_equal(cgroup_made_parse(&l, text, &back), 0);
	assert_int_equal(cgroup_remove(&l, "/nskit/web2", &back), 0);
	assert_int_equal(cgroup_made_parse(&l, "unified=2,cpu+cpuacct=0,memory=0,pids=0", &back), 0);
	assert_int_equal(cgroup_remove(&l, "/nskit/web", &back), 0);
	for (size_t i = 0; i < 4; i++)
		assert_false(exists("%s/%s/nskit", tmp, dirs[i]));
}

/* dir/name with text, dir made if missing. */
static void put_file_at(const char *dir, const char *name, const char *text)
{
	char path[1024];

	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	put_file(path, text);
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
	char mi[1024], d[512];

	(void)state;
	fake_v2(&l, "cpu memory pids\n");
	snprintf(d, sizeof(d), "%s/v2/pod", tmp);
	put_file_at(d, "memory.max", "max\n");
	put_file_at(d, "cpu.max", "25000 50000\n");
	put_file_at(d, "pids.max", "max\n");
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
		 "36 30 0:32 / %s/p1 rw - cgroup cgroup rw,pids\n", tmp, tmp, tmp);
	snprintf(d, sizeof(d), "%s/m1", tmp);
	mkdir(d, 0755);
	snprintf(d, sizeof(d), "%s/c1", tmp);
	mkdir(d, 0755);
	snprintf(d, sizeof(d), "%s/p1", tmp);
	mkdir(d, 0755);
	assert_int_equal(cgroup_layout_load(&l, mi, strlen(mi), true), 0);
	snprintf(d, sizeof(d), "%s/m1/ctr", tmp);
	put_file_at(d, "memory.limit_in_bytes", "9223372036854771712\n");
	snprintf(d, sizeof(d), "%s/c1/ctr", tmp);
	put_file_at(d, "cpu.cfs_quota_us", "-1\n");
	put_file_at(d, "cpu.cfs_period_us", "100000\n");
	snprintf(d, sizeof(d), "%s/p1/ctr", tmp);
	put_file_at(d, "pids.max", "512\n");
	assert_int_equal(cgroup_read_limits(&l, "/ctr", &lim), 0);
	assert_int_equal(lim.memory, 0);
	assert_int_equal(lim.cpu_quota, 0);
	assert_int_equal(lim.pids, 512);
	snprintf(d, sizeof(d), "%s/c1/ctr", tmp);
	put_file_at(d, "cpu.cfs_quota_us", "300000\n");
	put_file_at(d, "cpu.cfs_period_us", "200000\n");
	snprintf(d, sizeof(d), "%s/m1/ctr", tmp);
	put_file_at(d, "memory.limit_in_bytes", "1048576\n");
	assert_int_equal(cgroup_read_limits(&l, "/ctr", &lim), 0);
	assert_int_equal(lim.cpu_quota, 150000);
	assert_int_equal(lim.memory, 1048576);
	assert_int_equal(cgroup_read_limits(&l, "/none", &lim), -ENOENT);
	assert_int_equal(cgroup_read_limits(&l, "rel", &lim), -EINVAL);
}

static void test_made_text(void **state)
{
	struct cgroup_layout l;
	struct cgroup_made m;

	(void)state;
	assert_int_equal(cgroup_layout_parse(hybrid, strlen(hybrid), &l), 0);
	/* unnamed hierarchies: the cgroup itself only */
	assert_int_equal(cgroup_made_parse(&l, "", &m), 0);
	for (size_t i = 0; i < l.n; i++)
		assert_int_equal(m.levels[i], 1);
	assert_int_equal(cgroup_made_parse(&l, "memory=3,unknown=2", &m), 0);
	assert_int_equal(m.levels[2], 3);
	assert_int_equal(m.levels[0], 1);
	assert_int_equal(cgroup_made_parse(&l, "memory", &m), -EINVAL);
	assert_int_equal(cgroup_made_parse(&l, "memory=", &m), -EINVAL);
	assert_int_equal(cgroup_made_parse(&l, "=2", &m), -EINVAL);
	assert_int_equal(cgroup_made_parse(&l, "memory=256", &m), -EINVAL);
	assert_int_equal(cgroup_made_parse(&l, "memory=x", &m), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_hybrid),
		cmocka_unit_test(test_parse_v2_v1_and_odd_lines),
		cmocka_unit_test(test_valid_path),
		cmocka_unit_test(test_v2_create_limits_remove),
		cmocka_unit_test(test_v2_parent_kept),
		cmocka_unit_test(test_v2_failure_leaves_nothing),
		cmocka_unit_test(test_v1_hybrid),
		cmocka_unit_test(test_parse_limit),
		cmocka_unit_test(test_read_limits),
		cmocka_unit_test(test_made_text),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
