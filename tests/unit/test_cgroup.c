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
#include <fcntl.h>
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
						  CGROUP_CTRL(CGROUP_PIDS) | CGROUP_CTRL(CGROUP_IO) |
						  CGROUP_CTRL(CGROUP_CPUSET));

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

/* Where a process is, per hierarchy, from its /proc/PID/cgroup. */
static void test_proc_path(void **state)
{
	static const char text[] =
		"12:pids:/docker/abc\n"
		"9:blkio:/docker/abc/sub\n"
		"5:cpu,cpuacct:/docker/abc\n"
		"4:memory:/\n"
		"1:name=systemd:/docker/abc\n"
		"0::/system.slice/docker.service";
	struct cgroup_layout l;
	const char *p;
	size_t n;

	(void)state;
	assert_int_equal(cgroup_layout_parse(fake_cgroup_hybrid, strlen(fake_cgroup_hybrid), &l),
			 0);
	assert_int_equal(cgroup_proc_path(&l, 0, text, strlen(text), &p, &n), 0);
	assert_int_equal(n, strlen("/system.slice/docker.service"));
	assert_memory_equal(p, "/system.slice/docker.service", n);
	/* cpu+cpuacct: the line that names cpu */
	assert_int_equal(cgroup_proc_path(&l, 1, text, strlen(text), &p, &n), 0);
	assert_memory_equal(p, "/docker/abc\n", n + 1);
	assert_int_equal(cgroup_proc_path(&l, 2, text, strlen(text), &p, &n), 0);
	assert_memory_equal(p, "/\n", n + 1);
	assert_int_equal(cgroup_proc_path(&l, 3, text, strlen(text), &p, &n), 0);
	assert_memory_equal(p, "/docker/abc\n", n + 1);
	assert_int_equal(cgroup_proc_path(&l, 9, text, strlen(text), &p, &n), -EINVAL);
	/* v2 only: the v1 hierarchies find nothing */
	assert_int_equal(cgroup_proc_path(&l, 2, "0::/x\n", 6, &p, &n), -ENOENT);
	assert_int_equal(cgroup_proc_path(&l, 0, "garbage\n4:memory\n", 17, &p, &n), -ENOENT);
}

/* A container's figures, v2: memory charged, pids, bytes read and written, throttling. */
static void test_stats_v2(void **state)
{
	struct cgroup_layout l;
	struct cgroup_stats st;
	struct cgroup_where w = { { "/nskit/web" } };
	char d[512];

	(void)state;
	fake_cgroup_v2(&l, "cpu io memory pids\n");
	snprintf(d, sizeof(d), "%s/v2/nskit", fake_cgroup_dir);
	mkdir(d, 0755);
	snprintf(d, sizeof(d), "%s/v2/nskit/web", fake_cgroup_dir);
	put_file_at(d, "memory.current", "67043328\n");
	put_file_at(d, "memory.max", "67108864\n");
	put_file_at(d, "memory.events", "low 0\nhigh 0\nmax 1043\noom 3\noom_kill 2\n"
					"oom_group_kill 0\n");
	put_file_at(d, "pids.current", "7\n");
	put_file_at(d, "pids.max", "max\n");
	put_file_at(d, "io.stat", "254:0 rbytes=4096 wbytes=3145728 rios=1 wios=768 dbytes=0 "
				  "dios=0\n7:0 rbytes=512 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n");
	put_file_at(d, "cpu.stat", "usage_usec 9000\nuser_usec 8000\nsystem_usec 1000\n"
				   "nr_periods 50\nnr_throttled 41\nthrottled_usec 3500000\n");
	cgroup_read_stats(&l, &w, CGROUP_STAT_MEMORY | CGROUP_STAT_OOM | CGROUP_STAT_PIDS |
				  CGROUP_STAT_IO | CGROUP_STAT_CPU, &st, NULL);
	assert_int_equal(st.have, CGROUP_STAT_MEMORY | CGROUP_STAT_PIDS | CGROUP_STAT_IO |
				  CGROUP_STAT_CPU);
	assert_int_equal(st.mem_usage, 67043328);
	assert_int_equal(st.mem_limit, 67108864);
	assert_int_equal(st.oom_kills, 2);
	assert_int_equal(st.pids, 7);
	assert_int_equal(st.pids_limit, 0);
	assert_int_equal(st.io_rbytes, 4608);
	assert_int_equal(st.io_wbytes, 3145728);
	assert_int_equal(st.cpu_periods, 50);
	assert_int_equal(st.cpu_throttled, 41);
	assert_int_equal(st.cpu_throttled_us, 3500000);
	/* only what is asked */
	cgroup_read_stats(&l, &w, CGROUP_STAT_PIDS, &st, NULL);
	assert_int_equal(st.have, CGROUP_STAT_PIDS);
	assert_int_equal(st.mem_usage, 0);
	/* no cgroup of its own there: nothing, not the root's figures */
	w.rel[0] = NULL;
	cgroup_read_stats(&l, &w, CGROUP_STAT_MEMORY, &st, NULL);
	assert_int_equal(st.have, 0);
	/* gone */
	w.rel[0] = "/nskit/gone";
	cgroup_read_stats(&l, &w, CGROUP_STAT_MEMORY | CGROUP_STAT_CPU, &st, NULL);
	assert_int_equal(st.have, 0);
}

/*
 * nstop's reads: the files kept open, read again from their start (new
 * figures, no second open), opened anew once the cgroup is gone and made
 * again, and closed with the container.
 */
static void test_stats_files_kept(void **state)
{
	struct cgroup_layout l;
	struct cgroup_stats st;
	struct cgroup_files f;
	struct cgroup_where w = { { "/nskit/db" } };
	char d[512], path[600];
	int fd;

	(void)state;
	fake_cgroup_v2(&l, "memory pids\n");
	snprintf(d, sizeof(d), "%s/v2/nskit", fake_cgroup_dir);
	mkdir(d, 0755);
	snprintf(d, sizeof(d), "%s/v2/nskit/db", fake_cgroup_dir);
	mkdir(d, 0755);
	put_file_at(d, "memory.current", "1000\n");
	put_file_at(d, "memory.max", "max\n");
	put_file_at(d, "pids.current", "3\n");
	put_file_at(d, "pids.max", "100\n");
	cgroup_files_init(&f);
	cgroup_read_stats(&l, &w, CGROUP_STAT_MEMORY | CGROUP_STAT_PIDS, &st, &f);
	assert_int_equal(st.have, CGROUP_STAT_MEMORY | CGROUP_STAT_PIDS);
	assert_int_equal(st.mem_usage, 1000);
	assert_int_equal(st.pids_limit, 100);
	for (int i = CGROUP_FILE_MEM_USAGE; i <= CGROUP_FILE_PIDS_LIMIT; i++)
		assert_true(f.fd[i] >= 0);
	assert_int_equal(f.fd[CGROUP_FILE_IO], -1);
	/* the same descriptor, read from its start: a longer text, then a shorter one */
	fd = f.fd[CGROUP_FILE_MEM_USAGE];
	snprintf(path, sizeof(path), "%s/memory.current", d);
	put_file_at(d, "memory.current", "123456789\n");
	cgroup_read_stats(&l, &w, CGROUP_STAT_MEMORY, &st, &f);
	assert_int_equal(st.mem_usage, 123456789);
	assert_int_equal(f.fd[CGROUP_FILE_MEM_USAGE], fd);
	put_file_at(d, "memory.current", "7\n");
	cgroup_read_stats(&l, &w, CGROUP_STAT_MEMORY, &st, &f);
	assert_int_equal(st.mem_usage, 7);
	/*
	 * gone: nothing read, and no descriptor kept (a descriptor that
	 * cannot be read stands for the kernel's ENODEV of a removed cgroup)
	 */
	assert_int_equal(unlink(path), 0);
	close(f.fd[CGROUP_FILE_MEM_USAGE]);
	f.fd[CGROUP_FILE_MEM_USAGE] = open("/dev/null", O_WRONLY | O_CLOEXEC);
	cgroup_read_stats(&l, &w, CGROUP_STAT_MEMORY, &st, &f);
	assert_int_equal(st.have, 0);
	assert_int_equal(f.fd[CGROUP_FILE_MEM_USAGE], -1);
	/* made again: opened anew */
	put_file_at(d, "memory.current", "42\n");
	cgroup_read_stats(&l, &w, CGROUP_STAT_MEMORY, &st, &f);
	assert_int_equal(st.mem_usage, 42);
	assert_true(f.fd[CGROUP_FILE_MEM_USAGE] >= 0);
	fd = f.fd[CGROUP_FILE_PIDS];
	cgroup_files_close(&f);
	for (int i = 0; i < CGROUP_NFILES; i++)
		assert_int_equal(f.fd[i], -1);
	assert_int_equal(fcntl(fd, F_GETFD), -1);
}

/* v1: each controller in its own hierarchy, and the limits that bind from above. */
static void test_stats_v1_and_effective(void **state)
{
	struct cgroup_layout l;
	struct cgroup_stats st;
	struct cgroup_limits lim;
	struct cgroup_where w = { { NULL } };
	char mi[1024], d[512];
	static const char proc[] = "6:blkio:/pod/ctr\n5:pids:/pod/ctr\n4:memory:/pod/ctr\n"
				   "3:cpu:/pod/ctr\n0::/pod/ctr\n";

	(void)state;
	snprintf(mi, sizeof(mi),
		 "33 30 0:29 / %s/vc rw - cgroup cgroup rw,cpu\n"
		 "35 30 0:31 / %s/vm rw - cgroup cgroup rw,memory\n"
		 "36 30 0:32 / %s/vp rw - cgroup cgroup rw,pids\n"
		 "38 30 0:35 / %s/vb rw - cgroup cgroup rw,blkio\n",
		 fake_cgroup_dir, fake_cgroup_dir, fake_cgroup_dir, fake_cgroup_dir);
	assert_int_equal(cgroup_layout_load(&l, mi, strlen(mi), true), 0);
	assert_int_equal(l.n, 4);
	for (size_t h = 0; h < l.n; h++) {
		snprintf(d, sizeof(d), "%s/pod", l.hier[h].mount);
		mkdir(l.hier[h].mount, 0755);
		mkdir(d, 0755);
		snprintf(d, sizeof(d), "%s/pod/ctr", l.hier[h].mount);
		mkdir(d, 0755);
		w.rel[h] = "/pod/ctr";
	}
	snprintf(d, sizeof(d), "%s/vm/pod/ctr", fake_cgroup_dir);
	put_file_at(d, "memory.usage_in_bytes", "1048576\n");
	put_file_at(d, "memory.limit_in_bytes", "9223372036854771712\n");
	put_file_at(d, "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
	snprintf(d, sizeof(d), "%s/vm/pod", fake_cgroup_dir);
	put_file_at(d, "memory.limit_in_bytes", "67108864\n");
	snprintf(d, sizeof(d), "%s/vb/pod/ctr", fake_cgroup_dir);
	put_file_at(d, "blkio.throttle.io_service_bytes_recursive",
		    "254:0 Read 8192\n254:0 Write 1048576\n254:0 Sync 0\n254:0 Async 0\n"
		    "254:0 Discard 0\n254:0 Total 1056768\nTotal 1056768\n");
	put_file_at(d, "blkio.throttle.write_bps_device", "254:0 2097152\n");
	snprintf(d, sizeof(d), "%s/vb/pod", fake_cgroup_dir);
	put_file_at(d, "blkio.throttle.write_bps_device", "254:0 1048576\n");
	put_file_at(d, "blkio.throttle.read_iops_device", "254:0 30\n");
	snprintf(d, sizeof(d), "%s/vc/pod/ctr", fake_cgroup_dir);
	put_file_at(d, "cpu.stat", "nr_periods 10\nnr_throttled 4\nthrottled_time 2000000000\n");
	put_file_at(d, "cpu.cfs_quota_us", "-1\n");
	put_file_at(d, "cpu.shares", "1024\n");
	snprintf(d, sizeof(d), "%s/vc/pod", fake_cgroup_dir);
	put_file_at(d, "cpu.cfs_quota_us", "50000\n");
	put_file_at(d, "cpu.cfs_period_us", "100000\n");
	put_file_at(d, "cpu.shares", "512\n");
	snprintf(d, sizeof(d), "%s/vp/pod/ctr", fake_cgroup_dir);
	put_file_at(d, "pids.current", "3\n");
	put_file_at(d, "pids.max", "20\n");

	cgroup_read_stats(&l, &w, CGROUP_STAT_MEMORY | CGROUP_STAT_OOM | CGROUP_STAT_PIDS |
				  CGROUP_STAT_IO | CGROUP_STAT_CPU, &st, NULL);
	assert_int_equal(st.have, CGROUP_STAT_MEMORY | CGROUP_STAT_PIDS | CGROUP_STAT_IO |
				  CGROUP_STAT_CPU);
	assert_int_equal(st.mem_usage, 1048576);
	assert_int_equal(st.mem_limit, 0);	/* its own: none (the parent's binds it) */
	assert_int_equal(st.oom_kills, 1);
	assert_int_equal(st.pids, 3);
	assert_int_equal(st.pids_limit, 20);
	assert_int_equal(st.io_rbytes, 8192);
	assert_int_equal(st.io_wbytes, 1048576);
	assert_int_equal(st.cpu_throttled, 4);
	assert_int_equal(st.cpu_throttled_us, 2000000);

	/* the tightest from the process's cgroup up */
	assert_int_equal(cgroup_effective_limits(&l, proc, strlen(proc), &lim), 0);
	assert_int_equal(lim.memory, 67108864);
	assert_int_equal(lim.cpu_quota, 50000);
	assert_int_equal(lim.cpu_shares, 512);
	assert_int_equal(lim.pids, 20);
	assert_int_equal(lim.nio, 1);
	assert_int_equal(lim.io[0].major, 254);
	assert_int_equal(lim.io[0].wbps, 1048576);
	assert_int_equal(lim.io[0].riops, 30);
	assert_int_equal(lim.io[0].rbps, 0);
	/* in the root: nothing binds */
	assert_int_equal(cgroup_effective_limits(&l, "4:memory:/\n", 11, &lim), 0);
	assert_int_equal(lim.memory, 0);
}

static void test_parsers(void **state)
{
	struct cgroup_limits lim = { 0 };
	uint64_t r, w, v;

	(void)state;
	assert_int_equal(cgroup_parse_keyed("a 1\nnr_periods 12\n", 18, "nr_periods", &v), 0);
	assert_int_equal(v, 12);
	assert_int_equal(cgroup_parse_keyed("nr_periods_x 3\n", 15, "nr_periods", &v), -ENOENT);
	assert_int_equal(cgroup_parse_keyed("oom_kill 1x\n", 12, "oom_kill", &v), -ENOENT);
	assert_int_equal(cgroup_parse_keyed("oom_kill 99999999999999999999", 29, "oom_kill", &v),
			 -ENOENT);
	assert_int_equal(cgroup_parse_io_stat("", 0, true, &r, &w), 0);
	assert_int_equal(r + w, 0);
	assert_int_equal(cgroup_parse_io_stat("Total 0\n", 8, false, &r, &w), 0);
	assert_int_equal(cgroup_parse_io_stat("8:0 rbytes=18446744073709551615\n8:1 rbytes=1\n",
					      45, true, &r, &w), -ERANGE);
	assert_int_equal(cgroup_parse_io_max("8:0 rbps=max wbps=max riops=max wiops=max\n", 42,
					     &lim), 0);
	assert_int_equal(lim.nio, 0);
	for (unsigned int i = 0; i < CGROUP_IO_DEVS_MAX; i++) {
		char line[64];

		snprintf(line, sizeof(line), "8:%u 1\n", i * 16);
		assert_int_equal(cgroup_parse_io_v1(line, strlen(line), 0, &lim), 0);
	}
	assert_int_equal(cgroup_parse_io_v1("9:0 1\n", 6, 1, &lim), -E2BIG);
	assert_int_equal(cgroup_parse_io_v1("9:0 1\n", 6, 4, &lim), -EINVAL);
	/* runc's conversions, and back within rounding */
	assert_int_equal(cgroup_shares_to_weight(1024), 39);
	assert_int_equal(cgroup_shares_to_weight(2), 1);
	assert_int_equal(cgroup_shares_to_weight(262144), 10000);
	assert_int_equal(cgroup_weight_to_shares(10000), 262144);
	assert_int_equal(cgroup_weight_to_shares(1), 2);
	assert_int_equal(cgroup_blkio_to_io_weight(10), 1);
	assert_int_equal(cgroup_blkio_to_io_weight(1000), 10000);
	assert_int_equal(cgroup_io_to_blkio_weight(cgroup_blkio_to_io_weight(500)), 500);
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
		cmocka_unit_test(test_proc_path),
		cmocka_unit_test(test_stats_v2),
		cmocka_unit_test(test_stats_files_kept),
		cmocka_unit_test(test_stats_v1_and_effective),
		cmocka_unit_test(test_parsers),
	};

	return cmocka_run_group_tests(tests, fake_cgroup_setup, fake_cgroup_teardown);
}
