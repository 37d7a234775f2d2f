// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/nsrun/cgroup_write.c: containers' cgroups made, limited, joined
 * and removed in fake hierarchies (plain directories in a temporary
 * directory), for v2 and for v1 controllers, and the record's text of
 * what was made.
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

#include "cgroup_write.h"
#include "fake_cgroup.h"
#include "procfs.h"

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

/* A path made of a format, in a static buffer. */
static const char *get_path(const char *fmt, ...)
{
	static char path[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return path;
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

static void test_v2_create_limits_remove(void **state)
{
	struct cgroup_limits lim = { .memory = 64 << 20, .cpu_quota = 50000, .pids = 20 }, back;
	struct cgroup_layout l;
	struct cgroup_made made;
	char failed[512] = "", text[64], limit[64];

	(void)state;
	/* the controllers the limits need: all three here, none without limits */
	assert_int_equal(cgroup_limits_ctrls(&lim), CGROUP_CTRL(CGROUP_MEMORY) |
						     CGROUP_CTRL(CGROUP_CPU) |
						     CGROUP_CTRL(CGROUP_PIDS));
	assert_int_equal(cgroup_limits_ctrls(NULL), 0);
	fake_cgroup_v2(&l, "cpuset cpu io memory pids\n");
	assert_int_equal(cgroup_create(&l, "/nskit/web1", 2, &lim, &made, failed, sizeof(failed)),
			 0);
	assert_true(exists("%s/v2/nskit/web1", fake_cgroup_dir));
	/* the limits where a v2 kernel reads them; swap none */
	assert_string_equal(get_file("%s/v2/nskit/web1/memory.max", fake_cgroup_dir), "67108864");
	assert_string_equal(get_file("%s/v2/nskit/web1/memory.swap.max", fake_cgroup_dir), "0");
	assert_string_equal(get_file("%s/v2/nskit/web1/cpu.max", fake_cgroup_dir), "50000 100000");
	assert_string_equal(get_file("%s/v2/nskit/web1/pids.max", fake_cgroup_dir), "20");
	/* controllers enabled from the root down to the parent, not in the leaf */
	assert_string_equal(get_file("%s/v2/cgroup.subtree_control", fake_cgroup_dir), "+memory");
	assert_string_equal(get_file("%s/v2/nskit/cgroup.subtree_control", fake_cgroup_dir),
			    "+memory");
	assert_false(exists("%s/v2/nskit/web1/cgroup.subtree_control", fake_cgroup_dir));
	assert_int_equal(cgroup_read_limit(&l, "/nskit/web1", CGROUP_CPU, limit, sizeof(limit)), 0);
	assert_string_equal(limit, "50000 100000");
	/* read back as numbers, as inspect shows them: memory and swap no more than memory */
	assert_int_equal(cgroup_read_limits(&l, "/nskit/web1", &back), 0);
	lim.memory_swap = lim.memory;
	assert_memory_equal(&back, &lim, sizeof(lim));
	assert_int_equal(cgroup_read_limits(&l, "/nskit/none", &back), -ENOENT);

	assert_int_equal(made.levels[0], 2);
	assert_int_equal(cgroup_made_format(&l, &made, text, sizeof(text)), 0);
	assert_string_equal(text, "unified=2");
	assert_true(cgroup_exists(&l, "/nskit/web1"));

	assert_int_equal(cgroup_attach(&l, "/nskit/web1", &made, 4242, false, failed,
				       sizeof(failed)), 0);
	assert_string_equal(get_file("%s/v2/nskit/web1/cgroup.procs", fake_cgroup_dir), "4242");

	/* a second container of the same name: refused, the first untouched */
	assert_int_equal(cgroup_create(&l, "/nskit/web1", 2, NULL, &made, failed, sizeof(failed)),
			 -EEXIST);
	assert_true(exists("%s/v2/nskit/web1/memory.max", fake_cgroup_dir));

	assert_int_equal(cgroup_made_parse(&l, "unified=2", &made), 0);
	assert_int_equal(cgroup_kill(&l, "/nskit/web1", 1), 0);
	assert_int_equal(cgroup_remove(&l, "/nskit/web1", &made, 1), 0);
	/* the shared parent went with its last container */
	assert_false(exists("%s/v2/nskit", fake_cgroup_dir));
	assert_false(cgroup_exists(&l, "/nskit/web1"));
	/* idempotent */
	assert_int_equal(cgroup_remove(&l, "/nskit/web1", &made, 1), 0);
}

static void test_v2_parent_kept(void **state)
{
	struct cgroup_layout l;
	struct cgroup_made made;
	char dir[512];

	(void)state;
	fake_cgroup_v2(&l, "memory pids\n");
	/* --cgroup-path below an existing slice: only what was made goes */
	snprintf(dir, sizeof(dir), "%s/v2/system.slice", fake_cgroup_dir);
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(cgroup_create(&l, "/system.slice/docker-0123456789ab.scope", 1, NULL,
				       &made, NULL, 0), 0);
	assert_int_equal(made.levels[0], 1);
	assert_int_equal(cgroup_remove(&l, "/system.slice/docker-0123456789ab.scope", &made, 1), 0);
	assert_true(exists("%s/v2/system.slice", fake_cgroup_dir));
	assert_false(exists("%s/v2/system.slice/docker-0123456789ab.scope", fake_cgroup_dir));

	/* a new parent made on the way is removed with it */
	assert_int_equal(cgroup_create(&l, "/kubepods/pod1/ctr", 1, NULL, &made, NULL, 0), 0);
	assert_int_equal(made.levels[0], 3);
	assert_int_equal(cgroup_remove(&l, "/kubepods/pod1/ctr", &made, 1), 0);
	assert_false(exists("%s/v2/kubepods", fake_cgroup_dir));

	/* a parent that is not empty stays */
	assert_int_equal(cgroup_create(&l, "/nskit/a", 2, NULL, &made, NULL, 0), 0);
	assert_int_equal(cgroup_create(&l, "/nskit/b", 2, NULL, &made, NULL, 0), 0);
	assert_int_equal(cgroup_remove(&l, "/nskit/a", &made, 1), 0);
	assert_true(exists("%s/v2/nskit/b", fake_cgroup_dir));
	assert_int_equal(cgroup_remove(&l, "/nskit/b", &made, 1), 0);
	assert_false(exists("%s/v2/nskit", fake_cgroup_dir));
	/* the fake tree's enabling of controllers there is a file a kernel would not leave */
	snprintf(dir, sizeof(dir), "%s/v2/system.slice/cgroup.subtree_control", fake_cgroup_dir);
	unlink(dir);
	snprintf(dir, sizeof(dir), "%s/v2/system.slice", fake_cgroup_dir);
	assert_int_equal(rmdir(dir), 0);
}

static void test_v2_failure_leaves_nothing(void **state)
{
	struct cgroup_limits lim = { .memory = 64 << 20 };
	struct cgroup_layout l;
	struct cgroup_made made;
	char dir[512], failed[512] = "";

	(void)state;
	fake_cgroup_v2(&l, "memory pids\n");
	/* the root refuses to enable memory (a directory where the file should be) */
	snprintf(dir, sizeof(dir), "%s/v2/cgroup.subtree_control", fake_cgroup_dir);
	unlink(dir);
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(cgroup_create(&l, "/nskit/web1", 2, &lim, &made, failed, sizeof(failed)),
			 -EISDIR);
	assert_string_equal(failed, dir);
	assert_false(exists("%s/v2/nskit", fake_cgroup_dir));
	/* without a limit that needs it, a controller that cannot be enabled is no error */
	assert_int_equal(cgroup_create(&l, "/nskit/web1", 2, NULL, &made, NULL, 0), 0);
	assert_int_equal(cgroup_remove(&l, "/nskit/web1", &made, 1), 0);
	assert_int_equal(rmdir(dir), 0);

	/* a limit no hierarchy can hold */
	fake_cgroup_v2(&l, "memory\n");
	lim = (struct cgroup_limits){ .pids = 10 };
	assert_int_equal(cgroup_create(&l, "/nskit/web1", 2, &lim, &made, failed, sizeof(failed)),
			 -EOPNOTSUPP);
	assert_string_equal(failed, "pids");
	assert_false(exists("%s/v2/nskit", fake_cgroup_dir));
}

/*
 * Fake v1 hierarchies: memory, cpu+cpuacct and pids, and an empty v2
 * beside them, in fake_cgroup_dir/PREFIXuni, PREFIXmem, PREFIXcpu, PREFIXpids.
 */
static void fake_hybrid(struct cgroup_layout *l, const char *prefix)
{
	static const char *const dirs[] = { "uni", "mem", "cpu", "pids" };
	const char *d = fake_cgroup_dir;
	char mi[2048], path[512];

	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/%s%s", d, prefix, dirs[i]);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	snprintf(path, sizeof(path), "%s/%suni/cgroup.controllers", d, prefix);
	fake_cgroup_put(path, "hugetlb\n");
	snprintf(mi, sizeof(mi),
		 "31 30 0:27 / %s/%suni rw - cgroup2 cgroup2 rw\n"
		 "33 30 0:29 / %s/%scpu rw - cgroup cgroup rw,cpu,cpuacct\n"
		 "35 30 0:31 / %s/%smem rw - cgroup cgroup rw,memory\n"
		 "36 30 0:32 / %s/%spids rw - cgroup cgroup rw,pids\n",
		 d, prefix, d, prefix, d, prefix, d, prefix);
	assert_int_equal(cgroup_layout_load(l, mi, strlen(mi), true), 0);
}

static void test_v1_hybrid(void **state)
{
	struct cgroup_limits lim = { .memory = 128 << 20, .cpu_quota = 150000, .pids = 64 }, rd;
	struct cgroup_layout l;
	struct cgroup_made made, back;
	char text[128];
	static const char *const dirs[] = { "uni", "mem", "cpu", "pids" };

	(void)state;
	fake_hybrid(&l, "");
	assert_int_equal(l.n, 4);
	assert_int_equal(l.hier[0].ctrls, 0);
	assert_int_equal(cgroup_create(&l, "/nskit/db", 2, &lim, &made, NULL, 0), 0);
	/* v1 files: the period before the quota, memsw equal to memory */
	assert_string_equal(get_file("%s/mem/nskit/db/memory.limit_in_bytes", fake_cgroup_dir),
			    "134217728");
	assert_string_equal(get_file("%s/mem/nskit/db/memory.memsw.limit_in_bytes",
				     fake_cgroup_dir), "134217728");
	assert_string_equal(get_file("%s/cpu/nskit/db/cpu.cfs_period_us", fake_cgroup_dir),
			    "100000");
	assert_string_equal(get_file("%s/cpu/nskit/db/cpu.cfs_quota_us", fake_cgroup_dir),
			    "150000");
	assert_string_equal(get_file("%s/pids/nskit/db/pids.max", fake_cgroup_dir), "64");
	assert_int_equal(cgroup_read_limits(&l, "/nskit/db", &rd), 0);
	lim.memory_swap = lim.memory;
	assert_memory_equal(&rd, &lim, sizeof(lim));
	/* the container lives in the v2 tree too (what nsls reads first), with no limits */
	assert_true(exists("%s/uni/nskit/db", fake_cgroup_dir));
	assert_false(exists("%s/uni/nskit/db/memory.max", fake_cgroup_dir));
	/* v1 has no subtree_control */
	assert_false(exists("%s/mem/cgroup.subtree_control", fake_cgroup_dir));

	assert_int_equal(cgroup_attach(&l, "/nskit/db", &made, 77, false, NULL, 0), 0);
	assert_string_equal(get_file("%s/pids/nskit/db/cgroup.procs", fake_cgroup_dir), "77");
	assert_string_equal(get_file("%s/uni/nskit/db/cgroup.procs", fake_cgroup_dir), "77");
	/* born in the v2 cgroup already: v1 only */
	assert_int_equal(cgroup_attach(&l, "/nskit/db", &made, 78, true, NULL, 0), 0);
	assert_string_equal(get_file("%s/uni/nskit/db/cgroup.procs", fake_cgroup_dir), "77");

	assert_int_equal(cgroup_made_format(&l, &made, text, sizeof(text)), 0);
	assert_string_equal(text, "unified=2,cpu+cpuacct=2,memory=2,pids=2");
	assert_int_equal(cgroup_made_parse(&l, text, &back), 0);
	assert_memory_equal(back.levels, made.levels, l.n);
	assert_int_equal(cgroup_remove(&l, "/nskit/db", &back, 1), 0);
	for (size_t i = 0; i < 4; i++)
		assert_false(exists("%s/%s/nskit", fake_cgroup_dir, dirs[i]));

	/* without limits: the first hierarchy only, which names the container */
	assert_int_equal(cgroup_create(&l, "/nskit/web", 2, NULL, &made, NULL, 0), 0);
	assert_int_equal(cgroup_made_format(&l, &made, text, sizeof(text)), 0);
	assert_string_equal(text, "unified=2,cpu+cpuacct=0,memory=0,pids=0");
	assert_true(exists("%s/uni/nskit/web", fake_cgroup_dir));
	assert_false(exists("%s/mem/nskit", fake_cgroup_dir));
	/* a memory limit: v1 memory too, not cpu nor pids */
	lim = (struct cgroup_limits){ .memory = 64 << 20 };
	assert_int_equal(cgroup_create(&l, "/nskit/web2", 2, &lim, &made, NULL, 0), 0);
	assert_int_equal(cgroup_made_format(&l, &made, text, sizeof(text)), 0);
	assert_string_equal(text, "unified=2,cpu+cpuacct=0,memory=2,pids=0");
	assert_int_equal(cgroup_attach(&l, "/nskit/web2", &made, 79, false, NULL, 0), 0);
	assert_false(exists("%s/pids/nskit/web2", fake_cgroup_dir));
	assert_int_equal(cgroup_made_parse(&l, text, &back), 0);
	assert_int_equal(cgroup_remove(&l, "/nskit/web2", &back, 1), 0);
	assert_int_equal(cgroup_made_parse(&l, "unified=2,cpu+cpuacct=0,memory=0,pids=0", &back), 0);
	assert_int_equal(cgroup_remove(&l, "/nskit/web", &back, 1), 0);
	for (size_t i = 0; i < 4; i++)
		assert_false(exists("%s/%s/nskit", fake_cgroup_dir, dirs[i]));
}

/* Docker's other limits on v2: swap, reservation, weight, CPUs, device throttles. */
static void test_v2_docker_limits(void **state)
{
	struct cgroup_limits lim = {
		.memory = 64 << 20, .memory_swap = 96 << 20, .memory_reservation = 32 << 20,
		.cpu_shares = 512, .cpuset_cpus = "0-1,3", .io_weight = 500, .nio = 2,
		.io = { { .major = 8, .minor = 0, .rbps = 1048576, .wiops = 100 },
			{ .major = 254, .minor = 16, .wbps = 2097152 } },
	}, back;
	struct cgroup_layout l;
	struct cgroup_made made;
	char failed[512] = "";

	(void)state;
	fake_cgroup_v2(&l, "cpuset cpu io memory pids\n");
	assert_int_equal(cgroup_limits_ctrls(&lim), CGROUP_CTRL(CGROUP_MEMORY) |
						     CGROUP_CTRL(CGROUP_CPU) |
						     CGROUP_CTRL(CGROUP_IO) |
						     CGROUP_CTRL(CGROUP_CPUSET));
	assert_int_equal(cgroup_create(&l, "/nskit/db", 2, &lim, &made, failed, sizeof(failed)), 0);
	/* swap beside memory: the difference; the reservation is memory.low */
	assert_string_equal(get_file("%s/v2/nskit/db/memory.swap.max", fake_cgroup_dir), "33554432");
	assert_string_equal(get_file("%s/v2/nskit/db/memory.low", fake_cgroup_dir), "33554432");
	/* shares on v2's weight scale, as runc converts them */
	assert_string_equal(get_file("%s/v2/nskit/db/cpu.weight", fake_cgroup_dir), "20");
	assert_string_equal(get_file("%s/v2/nskit/db/cpuset.cpus", fake_cgroup_dir), "0-1,3");
	/* one io.max line per device, with what is limited */
	assert_string_equal(get_file("%s/v2/nskit/db/io.max", fake_cgroup_dir),
			    "8:0 rbps=1048576 wiops=100");
	assert_string_equal(get_file("%s/v2/nskit/db/io.weight", fake_cgroup_dir), "default 4950");
	/* read back: the io.max the kernel shows has every field, "max" where none */
	fake_cgroup_put(get_path("%s/v2/nskit/db/io.max", fake_cgroup_dir),
			"8:0 rbps=1048576 wbps=max riops=max wiops=100\n"
			"254:16 rbps=max wbps=2097152 riops=max wiops=max\n");
	assert_int_equal(cgroup_read_limits(&l, "/nskit/db", &back), 0);
	assert_int_equal(back.memory, lim.memory);
	assert_int_equal(back.memory_swap, lim.memory_swap);
	assert_int_equal(back.memory_reservation, lim.memory_reservation);
	/* weight 20 is shares 513 back: rounding */
	assert_int_equal(back.cpu_shares, cgroup_weight_to_shares(20));
	assert_string_equal(back.cpuset_cpus, "0-1,3");
	assert_int_equal(back.io_weight, 500);
	assert_int_equal(back.nio, 2);
	assert_memory_equal(back.io, lim.io, sizeof(lim.io[0]) * 2);

	/* unlimited swap: "max" */
	lim = (struct cgroup_limits){ .memory = 64 << 20, .memory_swap = CGROUP_UNLIMITED };
	assert_int_equal(cgroup_update(&l, "/nskit/db", &lim, failed, sizeof(failed)), 0);
	fake_cgroup_put(get_path("%s/v2/nskit/db/memory.swap.max", fake_cgroup_dir), "max\n");
	assert_int_equal(cgroup_read_limits(&l, "/nskit/db", &back), 0);
	assert_int_equal(back.memory_swap, CGROUP_UNLIMITED);
	/* a cgroup that is not there cannot be updated */
	assert_int_equal(cgroup_update(&l, "/nskit/none", &lim, failed, sizeof(failed)), -ENOENT);
	assert_string_equal(failed, "unified");
	assert_int_equal(cgroup_remove(&l, "/nskit/db", &made, 1), 0);
	assert_false(exists("%s/v2/nskit", fake_cgroup_dir));
}

/* v1: cpuset levels filled from their parents, the throttle files, memsw, update. */
static void test_v1_docker_limits(void **state)
{
	struct cgroup_limits lim = {
		.memory = 64 << 20, .memory_swap = CGROUP_UNLIMITED, .memory_reservation = 16 << 20,
		.cpu_shares = 2048, .cpuset_cpus = "1", .nio = 1,
		.io = { { .major = 254, .minor = 0, .wbps = 1048576, .riops = 50 } },
	}, back;
	static const char *const dirs[] = { "u1", "m1", "c1", "b1", "s1" };
	struct cgroup_layout l;
	struct cgroup_made made;
	char mi[2048], d[512], failed[512] = "";

	(void)state;
	for (size_t i = 0; i < 5; i++) {
		snprintf(d, sizeof(d), "%s/%s", fake_cgroup_dir, dirs[i]);
		assert_int_equal(mkdir(d, 0755), 0);
	}
	fake_cgroup_put(get_path("%s/u1/cgroup.controllers", fake_cgroup_dir), "\n");
	fake_cgroup_put(get_path("%s/s1/cpuset.cpus", fake_cgroup_dir), "0-3\n");
	fake_cgroup_put(get_path("%s/s1/cpuset.mems", fake_cgroup_dir), "0\n");
	snprintf(mi, sizeof(mi),
		 "31 30 0:27 / %s/u1 rw - cgroup2 cgroup2 rw\n"
		 "33 30 0:29 / %s/c1 rw - cgroup cgroup rw,cpu\n"
		 "34 30 0:30 / %s/s1 rw - cgroup cgroup rw,cpuset\n"
		 "35 30 0:31 / %s/m1 rw - cgroup cgroup rw,memory\n"
		 "38 30 0:35 / %s/b1 rw - cgroup cgroup rw,blkio\n",
		 fake_cgroup_dir, fake_cgroup_dir, fake_cgroup_dir, fake_cgroup_dir,
		 fake_cgroup_dir);
	assert_int_equal(cgroup_layout_load(&l, mi, strlen(mi), true), 0);
	assert_int_equal(l.n, 5);
	assert_int_equal(cgroup_ctrl_hier(&l, CGROUP_IO), 4);
	assert_string_equal(cgroup_ctrl_name(CGROUP_IO), "blkio");
	assert_string_equal(cgroup_ctrl_name_in(&l.hier[0], CGROUP_IO), "io");
	assert_int_equal(cgroup_create(&l, "/nskit/db", 2, &lim, &made, failed, sizeof(failed)), 0);
	assert_string_equal(get_file("%s/m1/nskit/db/memory.memsw.limit_in_bytes",
				     fake_cgroup_dir), "-1");
	assert_string_equal(get_file("%s/m1/nskit/db/memory.soft_limit_in_bytes",
				     fake_cgroup_dir), "16777216");
	assert_string_equal(get_file("%s/c1/nskit/db/cpu.shares", fake_cgroup_dir), "2048");
	/* the shared parent got the root's CPUs and nodes, the container its own CPUs */
	assert_string_equal(get_file("%s/s1/nskit/cpuset.cpus", fake_cgroup_dir), "0-3");
	assert_string_equal(get_file("%s/s1/nskit/cpuset.mems", fake_cgroup_dir), "0");
	assert_string_equal(get_file("%s/s1/nskit/db/cpuset.mems", fake_cgroup_dir), "0");
	assert_string_equal(get_file("%s/s1/nskit/db/cpuset.cpus", fake_cgroup_dir), "1");
	assert_string_equal(get_file("%s/b1/nskit/db/blkio.throttle.write_bps_device",
				     fake_cgroup_dir), "254:0 1048576");
	assert_string_equal(get_file("%s/b1/nskit/db/blkio.throttle.read_iops_device",
				     fake_cgroup_dir), "254:0 50");
	assert_false(exists("%s/b1/nskit/db/blkio.throttle.read_bps_device", fake_cgroup_dir));
	/* read back as the kernel leaves them */
	fake_cgroup_put(get_path("%s/m1/nskit/db/memory.memsw.limit_in_bytes", fake_cgroup_dir),
			"9223372036854771712\n");
	assert_int_equal(cgroup_read_limits(&l, "/nskit/db", &back), 0);
	assert_int_equal(back.memory, 64 << 20);
	assert_int_equal(back.memory_swap, CGROUP_UNLIMITED);
	assert_int_equal(back.memory_reservation, 16 << 20);
	assert_int_equal(back.cpu_shares, 2048);
	assert_string_equal(back.cpuset_cpus, "1");
	assert_int_equal(back.nio, 1);
	assert_memory_equal(&back.io[0], &lim.io[0], sizeof(lim.io[0]));

	/* update: a limit where the container has a cgroup; pids it has none of */
	lim = (struct cgroup_limits){ .memory = 128 << 20 };
	assert_int_equal(cgroup_update(&l, "/nskit/db", &lim, failed, sizeof(failed)), 0);
	fake_cgroup_put(get_path("%s/m1/nskit/db/memory.limit_in_bytes", fake_cgroup_dir),
			"134217728\n");
	assert_int_equal(cgroup_read_limits(&l, "/nskit/db", &back), 0);
	assert_int_equal(back.memory, 128 << 20);
	lim = (struct cgroup_limits){ .pids = 5 };
	assert_int_equal(cgroup_update(&l, "/nskit/db", &lim, failed, sizeof(failed)), -EOPNOTSUPP);
	assert_string_equal(failed, "pids");
	assert_int_equal(cgroup_remove(&l, "/nskit/db", &made, 1), 0);
	/* without a cpuset cgroup of its own, none to update */
	lim = (struct cgroup_limits){ .memory = 64 << 20 };
	assert_int_equal(cgroup_create(&l, "/nskit/web", 2, &lim, &made, failed, sizeof(failed)), 0);
	lim = (struct cgroup_limits){ .cpuset_cpus = "0" };
	assert_int_equal(cgroup_update(&l, "/nskit/web", &lim, failed, sizeof(failed)), -ENOENT);
	assert_string_equal(failed, "cpuset");
	assert_int_equal(cgroup_remove(&l, "/nskit/web", &made, 1), 0);
	for (size_t i = 0; i < 5; i++)
		assert_false(exists("%s/%s/nskit", fake_cgroup_dir, dirs[i]));
	snprintf(d, sizeof(d), "rm -rf %s/u1 %s/m1 %s/c1 %s/b1 %s/s1", fake_cgroup_dir,
		 fake_cgroup_dir, fake_cgroup_dir, fake_cgroup_dir, fake_cgroup_dir);
	assert_int_equal(system(d), 0);
}

/* --blkio-weight: only where BFQ schedules a device, or io.cost is on. */
static void test_io_weight_check(void **state)
{
	struct cgroup_layout l;
	char why[256], d[512], mi[512];

	(void)state;
	snprintf(d, sizeof(d), "mkdir -p %s/sys/vda/queue %s/sys/loop0/queue %s/blk",
		 fake_cgroup_dir, fake_cgroup_dir, fake_cgroup_dir);
	assert_int_equal(system(d), 0);
	fake_cgroup_put(get_path("%s/sys/vda/queue/scheduler", fake_cgroup_dir),
			"none [mq-deadline] kyber\n");
	fake_cgroup_put(get_path("%s/sys/loop0/queue/scheduler", fake_cgroup_dir),
			"[none] mq-deadline kyber\n");
	snprintf(mi, sizeof(mi), "38 30 0:35 / %s/blk rw - cgroup cgroup rw,blkio\n",
		 fake_cgroup_dir);
	assert_int_equal(cgroup_layout_load(&l, mi, strlen(mi), true), 0);
	snprintf(d, sizeof(d), "%s/sys", fake_cgroup_dir);
	assert_int_equal(cgroup_io_weight_check(&l, d, why, sizeof(why)), -EOPNOTSUPP);
	assert_non_null(strstr(why, "BFQ or io.cost"));
	assert_non_null(strstr(why, "mq-deadline"));
	assert_non_null(strstr(why, "none"));
	fake_cgroup_put(get_path("%s/sys/vda/queue/scheduler", fake_cgroup_dir),
			"mq-deadline kyber [bfq] none\n");
	assert_int_equal(cgroup_io_weight_check(&l, d, why, sizeof(why)), 0);

	/* v2: io.cost enabled on a device is enough */
	fake_cgroup_v2(&l, "io memory\n");
	fake_cgroup_put(get_path("%s/sys/vda/queue/scheduler", fake_cgroup_dir),
			"none [mq-deadline]\n");
	assert_int_equal(cgroup_io_weight_check(&l, d, why, sizeof(why)), -EOPNOTSUPP);
	assert_non_null(strstr(why, "io.cost not enabled"));
	fake_cgroup_put(get_path("%s/v2/io.cost.qos", fake_cgroup_dir),
			"254:0 enable=1 ctrl=auto rpct=0.00 rlat=250000\n");
	assert_int_equal(cgroup_io_weight_check(&l, d, why, sizeof(why)), 0);
	/* no I/O controller at all */
	fake_cgroup_v2(&l, "memory\n");
	assert_int_equal(cgroup_io_weight_check(&l, d, why, sizeof(why)), -EOPNOTSUPP);
	assert_string_equal(why, "no hierarchy has the io controller");
	snprintf(d, sizeof(d), "rm -rf %s/sys %s/blk %s/v2/io.cost.qos", fake_cgroup_dir,
		 fake_cgroup_dir, fake_cgroup_dir);
	assert_int_equal(system(d), 0);
}

/* The start time of this process (stat field 22). */
static unsigned long long my_start(void)
{
	struct procfs pfs;
	struct proc_stat ps;

	assert_int_equal(procfs_open(&pfs, NULL), 0);
	assert_int_equal(procfs_read_stat(&pfs, getpid(), &ps), 0);
	procfs_close(&pfs);
	return ps.starttime;
}

static void test_kill_only_the_containers(void **state)
{
	struct cgroup_layout l;
	struct cgroup_made made;
	unsigned long long start = my_start();
	char procs[512], pid[32];

	(void)state;
	fake_cgroup_v2(&l, "memory pids\n");
	assert_int_equal(cgroup_create(&l, "/nskit/k", 2, NULL, &made, NULL, 0), 0);
	snprintf(procs, sizeof(procs), "%s/v2/nskit/k/cgroup.procs", fake_cgroup_dir);
	snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	fake_cgroup_put(procs, pid);
	/* a process older than the launcher that made the cgroup: moved in, not ours */
	assert_int_equal(cgroup_kill(&l, "/nskit/k", start + 1), -EPERM);
	/* a launcher not known: nothing is killed */
	assert_int_equal(cgroup_kill(&l, "/nskit/k", 0), -EPERM);
	/* one that started with or after it is the container's (a fake tree kills nothing) */
	assert_int_equal(cgroup_kill(&l, "/nskit/k", start), 0);
	/* a pid that is gone is nobody's */
	fake_cgroup_put(procs, "4194303\n");
	assert_int_equal(cgroup_kill(&l, "/nskit/k", start + 1), 0);
	fake_cgroup_put(procs, "");
	assert_int_equal(cgroup_remove(&l, "/nskit/k", &made, start), 0);
	assert_false(exists("%s/v2/nskit", fake_cgroup_dir));
}

struct swept {
	char names[8][64];
	int n;
};

static bool keep_kept(const char *rel, void *data)
{
	(void)data;
	return strcmp(rel, "/nskit/kept") == 0;
}

static void note_removed(const char *rel, void *data)
{
	struct swept *w = data;

	assert_true(w->n < 8);
	snprintf(w->names[w->n++], sizeof(w->names[0]), "%s", rel);
}

static void test_sweep(void **state)
{
	static const char *const dirs[] = { "suni", "smem" };
	struct cgroup_layout l;
	struct cgroup_made made;
	struct cgroup_limits lim = { .memory = 64 << 20 };
	struct swept w = { .n = 0 };
	char path[512];

	(void)state;
	/* the v2 tree and v1 memory, cpu and pids */
	fake_hybrid(&l, "s");
	assert_int_equal(l.n, 4);
	/* empty, in the v2 tree and v1 memory: removed, and said once */
	assert_int_equal(cgroup_create(&l, "/nskit/orphan", 2, &lim, &made, NULL, 0), 0);
	/* a record names it: kept */
	assert_int_equal(cgroup_create(&l, "/nskit/kept", 2, NULL, &made, NULL, 0), 0);
	/* holds a process: kept, and nothing killed */
	assert_int_equal(cgroup_create(&l, "/nskit/busy", 2, NULL, &made, NULL, 0), 0);
	snprintf(path, sizeof(path), "%s/suni/nskit/busy/cgroup.procs", fake_cgroup_dir);
	fake_cgroup_put(path, "4242\n");

	assert_int_equal(cgroup_sweep(&l, "/nskit", keep_kept, note_removed, &w), 0);
	assert_int_equal(w.n, 1);
	assert_string_equal(w.names[0], "/nskit/orphan");
	for (size_t i = 0; i < 2; i++)
		assert_false(exists("%s/%s/nskit/orphan", fake_cgroup_dir, dirs[i]));
	assert_true(exists("%s/suni/nskit/kept", fake_cgroup_dir));
	assert_true(exists("%s/suni/nskit/busy", fake_cgroup_dir));
	/* the parent in v1 memory held only the orphan: gone with it */
	assert_false(exists("%s/smem/nskit", fake_cgroup_dir));

	/* nothing left to claim them: the parent goes with the last */
	fake_cgroup_put(path, "");
	w.n = 0;
	assert_int_equal(cgroup_sweep(&l, "/nskit", NULL, note_removed, &w), 0);
	assert_int_equal(w.n, 2);
	assert_false(exists("%s/suni/nskit", fake_cgroup_dir));
	assert_int_equal(cgroup_sweep(&l, "/nskit/../x", NULL, NULL, NULL), -EINVAL);
}

static void test_made_text(void **state)
{
	struct cgroup_layout l;
	struct cgroup_made m;

	(void)state;
	assert_int_equal(cgroup_layout_parse(fake_cgroup_hybrid, strlen(fake_cgroup_hybrid), &l),
			 0);
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
		cmocka_unit_test(test_v2_create_limits_remove),
		cmocka_unit_test(test_v2_parent_kept),
		cmocka_unit_test(test_v2_failure_leaves_nothing),
		cmocka_unit_test(test_v1_hybrid),
		cmocka_unit_test(test_made_text),
		cmocka_unit_test(test_kill_only_the_containers),
		cmocka_unit_test(test_sweep),
		cmocka_unit_test(test_v2_docker_limits),
		cmocka_unit_test(test_v1_docker_limits),
		cmocka_unit_test(test_io_weight_check),
	};

	return cmocka_run_group_tests(tests, fake_cgroup_setup, fake_cgroup_teardown);
}
