// SPDX-License-Identifier: GPL-2.0-or-later
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

#include "fixture.h"
#include "procfs.h"

static const char STAT_LINE[] =
	"4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 100 0 0 0 25 10 0 0 20 0 3 0 "
	"987654 12345678 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n";

static void test_parse_stat(void **state)
{
	struct proc_stat st;

	(void)state;
	assert_int_equal(procfs_parse_stat(STAT_LINE, strlen(STAT_LINE), &st), 0);
	assert_int_equal(st.pid, 4242);
	/* the command ends at the last ')' */
	assert_string_equal(st.comm, "my (odd) cmd");
	assert_int_equal(st.state, 'S');
	assert_int_equal(st.ppid, 1);
	assert_int_equal(st.pgrp, 4242);
	assert_int_equal(st.flags, 4194560);
	assert_int_equal(st.utime, 25);
	assert_int_equal(st.stime, 10);
	assert_int_equal(st.nthreads, 3);
	assert_int_equal(st.starttime, 987654);
	assert_int_equal(st.vsize, 12345678);
	assert_int_equal(st.rss, 300);
}

static void test_parse_stat_kthread(void **state)
{
	static const char l[] = "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 1 0 0 20 0 1 0 1 0 0 "
				"18446744073709551615 0 0 0 0 0 0 0 2147483647 0 0 0 0 17 1\n";
	struct proc_stat st;

	(void)state;
	assert_int_equal(procfs_parse_stat(l, strlen(l), &st), 0);
	assert_true(st.flags & PROC_PF_KTHREAD);
	assert_int_equal(st.ppid, 0);
}

static void test_parse_stat_malformed(void **state)
{
	static const char *bad[] = {
		"", "not a stat line\n", "12 (x S 1 2 3\n", "12 x) S 1 2 3\n", "(x) S 1\n",
		"12 (x) S 1 2 3\n",	/* truncated */
		"12 (x) S a b c d e f g h i j k l m n o p q r s t u v\n",
		"12 (x) 1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22\n",
		"-5 (x) S 1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22\n",
		"99999999999 (x) S 1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21\n",
	};
	struct proc_stat st;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(procfs_parse_stat(bad[i], strlen(bad[i]), &st), -EINVAL);
}

static void test_parse_status(void **state)
{
	static const char s[] = "Name:\tnginx\nUmask:\t0022\nState:\tS (sleeping)\n"
				"Uid:\t1000\t1001\t1002\t1003\nGid:\t5\t6\t7\t8\n"
				"NSpid:\t4242\t17\t1\nCapPrm:\t0000000000000000\n"
				"CapEff:\t000001ffffffffff\nCapBnd:\t00000000a80425fb\n";
	struct proc_status st;

	(void)state;
	assert_int_equal(procfs_parse_status(s, strlen(s), &st), 0);
	assert_int_equal(st.uid[0], 1000);
	assert_int_equal(st.uid[1], 1001);
	assert_int_equal(st.uid[3], 1003);
	assert_int_equal(st.gid[2], 7);
	assert_int_equal(st.nspid_len, 3);
	assert_int_equal(st.nspid[0], 4242);
	assert_int_equal(st.nspid[2], 1);
	assert_true(st.cap_eff == 0x000001ffffffffffULL);
	assert_true(st.cap_bnd == 0xa80425fbULL);
	assert_true(st.have_caps);
}

static void test_parse_status_malformed(void **state)
{
	static const char *bad[] = {
		"", "Name:\tx\n", "Uid:\t1\t2\n", "Uid:\tx\ty\tz\tw\n",
		"Uid:\t0\t0\t0\t0\nCapEff:\tzz\n", "Uid:\t0\t0\t0\t0\nNSpid:\t\n",
	};
	struct proc_status st;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(procfs_parse_status(bad[i], strlen(bad[i]), &st), -EINVAL);
}

static void test_cmdline_to_line(void **state)
{
	char b1[] = "sleep\0inf\0";
	char b2[] = "a\tb\nc\0\0\0";
	char b3[] = "\0";
	char b4[] = "sh\0-c\0sleep 3000; :\0\0\0";
	char b5[] = "nginx: title";

	(void)state;
	assert_int_equal(procfs_cmdline_to_line(b1, sizeof(b1) - 1), 9);
	assert_string_equal(b1, "sleep inf");
	/* control characters stay, for the output to escape */
	procfs_cmdline_to_line(b2, sizeof(b2) - 1);
	assert_string_equal(b2, "a\tb\nc  ");
	assert_int_equal(procfs_cmdline_to_line(b3, sizeof(b3) - 1), 0);
	/* empty arguments are kept: lsns shows "sh -c sleep 3000; :  " */
	assert_int_equal(procfs_cmdline_to_line(b4, sizeof(b4) - 1), 21);
	assert_string_equal(b4, "sh -c sleep 3000; :  ");
	/* a title without its NUL (setproctitle) loses its last byte, as in lsns */
	procfs_cmdline_to_line(b5, sizeof(b5) - 1);
	assert_string_equal(b5, "nginx: titl");
}

static void test_socket_link(void **state)
{
	uint64_t ino;

	(void)state;
	assert_int_equal(procfs_parse_socket_link("socket:[77777]", 14, &ino), 0);
	assert_int_equal(ino, 77777);
	assert_int_not_equal(procfs_parse_socket_link("pipe:[1]", 8, &ino), 0);
	assert_int_not_equal(procfs_parse_socket_link("socket:[]", 9, &ino), 0);
	assert_int_not_equal(procfs_parse_socket_link("socket:[1a]", 11, &ino), 0);
}

static void test_open_missing(void **state)
{
	struct procfs pfs;

	(void)state;
	assert_int_equal(procfs_open(&pfs, "/nonexistent/nskit"), -ENOENT);
	assert_int_equal(procfs_open(&pfs, "/etc/hostname"), -ENOTDIR);
}

static void test_list_pids(void **state)
{
	struct fixture *fx = *state;
	pid_t *pids;
	size_t n;

	assert_false(fx->pfs.live);
	assert_int_equal(procfs_list_pids(&fx->pfs, &pids, &n), 0);
	/* "self" is not a pid; the list is sorted */
	assert_int_equal(n, 14);
	assert_int_equal(pids[0], 1);
	assert_int_equal(pids[1], 2);
	assert_int_equal(pids[2], 25);
	for (size_t i = 1; i < n; i++)
		assert_true(pids[i - 1] < pids[i]);
	free(pids);
	assert_true(procfs_pid_exists(&fx->pfs, 700));
	assert_false(procfs_pid_exists(&fx->pfs, 701));
}

static void test_read_ns(void **state)
{
	struct fixture *fx = *state;
	uint64_t ino;

	assert_int_equal(procfs_read_ns(&fx->pfs, 200, NS_NET, &ino), 0);
	assert_true(ino == 4026532204ULL);
	assert_int_equal(procfs_read_ns(&fx->pfs, 1, NS_TIME, &ino), 0);
	assert_true(ino == 4026531834ULL);
	assert_int_equal(procfs_read_ns(&fx->pfs, 9999, NS_NET, &ino), -ENOENT);
}

/* A link that is not one of a namespace of its type: -EBADMSG, not a denial. */
static void test_read_ns_malformed(void **state)
{
	struct fixture *fx = *state;
	char path[PATH_MAX + 32];
	uint64_t ino;

	snprintf(path, sizeof(path), "%s/201/ns/net", fx->proc);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink("garbage", path), 0);
	assert_int_equal(procfs_read_ns(&fx->pfs, 201, NS_NET, &ino), -EBADMSG);
	assert_int_equal(fixture_relink(fx->proc, 201, "net", 4026532202ULL), 0);
	assert_int_equal(unlink(path), 0);
	/* the inode of another type */
	assert_int_equal(symlink("pid:[4026532202]", path), 0);
	assert_int_equal(procfs_read_ns(&fx->pfs, 201, NS_NET, &ino), -EBADMSG);
	assert_int_equal(fixture_relink(fx->proc, 201, "net", 4026532204ULL), 0);
	assert_int_equal(procfs_read_ns(&fx->pfs, 201, NS_NET, &ino), 0);
}

static void test_read_stat_status_cmdline(void **state)
{
	struct fixture *fx = *state;
	struct proc_stat st;
	struct proc_status ss;
	char *cmd, comm[64];

	assert_int_equal(procfs_read_stat(&fx->pfs, 201, &st), 0);
	assert_int_equal(st.ppid, 200);
	assert_string_equal(st.comm, "nginx");
	assert_int_equal(procfs_read_stat(&fx->pfs, 800, &st), -EINVAL);
	assert_int_equal(procfs_read_status(&fx->pfs, 201, &ss), 0);
	assert_int_equal(ss.uid[1], 65534);
	assert_int_equal(ss.nspid_len, 2);
	assert_int_equal(ss.nspid[1], 7);
	assert_int_equal(procfs_read_cmdline(&fx->pfs, 200, 0, &cmd), 0);
	assert_string_equal(cmd, "nginx: master process nginx -g daemon off;");
	free(cmd);
	/* a tab inside an argument stays */
	assert_int_equal(procfs_read_cmdline(&fx->pfs, 500, 0, &cmd), 0);
	assert_string_equal(cmd, "printf a\tb c");
	free(cmd);
	assert_int_equal(procfs_read_cmdline(&fx->pfs, 2, 0, &cmd), -ENODATA);
	/* a command line is cut at max, with nothing more taken off */
	assert_int_equal(procfs_read_cmdline(&fx->pfs, 200, 6, &cmd), 0);
	assert_string_equal(cmd, "nginx:");
	free(cmd);
	assert_int_equal(procfs_read_comm(&fx->pfs, 2, comm, sizeof(comm)), 0);
	assert_string_equal(comm, "kthreadd");
}

struct seen {
	int n;
	int fds[16];
	char links[16][64];
};

static int collect(void *data, pid_t pid, int fd, const char *link, size_t len)
{
	struct seen *s = data;

	assert_int_equal(pid, 600);
	assert_int_equal(strlen(link), len);
	if (s->n < 16) {
		s->fds[s->n] = fd;
		snprintf(s->links[s->n], sizeof(s->links[0]), "%s", link);
		s->n++;
	}
	return 0;
}

static void test_scan_fds(void **state)
{
	struct fixture *fx = *state;
	struct seen s = { 0 };
	bool net3 = false, sock1 = false;

	assert_int_equal(procfs_scan_fds(&fx->pfs, 600, collect, &s), 0);
	/* /dev/null (a path) is not reported; the others are */
	assert_int_equal(s.n, 4);
	for (int i = 0; i < s.n; i++) {
		assert_int_not_equal(s.fds[i], 0);
		if (s.fds[i] == 3)
			net3 = strcmp(s.links[i], "net:[4026532999]") == 0;
		if (s.fds[i] == 1)
			sock1 = strcmp(s.links[i], "socket:[77777]") == 0;
	}
	assert_true(net3);
	assert_true(sock1);
	assert_int_equal(procfs_scan_fds(&fx->pfs, 9999, collect, &s), -ENOENT);
}

static void test_read_file(void **state)
{
	struct fixture *fx = *state;
	char *buf, small[8];
	size_t len;

	assert_int_equal(procfs_read_file(&fx->pfs, "self/mountinfo", 0, &buf, &len), 0);
	assert_true(len > 100);
	assert_int_equal(strlen(buf), len);
	free(buf);
	assert_int_equal(procfs_read_file(&fx->pfs, "self/mountinfo", 10, &buf, &len), 0);
	assert_true(len <= 10);
	free(buf);
	assert_int_equal(procfs_read_small(&fx->pfs, "200/comm", small, sizeof(small)), 6);
	assert_string_equal(small, "nginx\n");
	assert_int_equal(procfs_read_small(&fx->pfs, "nope", small, sizeof(small)), -ENOENT);
}

/* odd/NAME under the fixture's proc root, absolute. */
static const char *odd(const struct fixture *fx, const char *name)
{
	static char path[PATH_MAX + 16];

	snprintf(path, sizeof(path), "%s/odd/%s", fx->proc, name);
	return path;
}

/*
 * What is not a regular file is not read, and nothing waits: a FIFO with
 * no writer, one with a writer and data, a device, a directory. Before,
 * a FIFO blocked the reader until something wrote to it.
 */
static void test_read_special(void **state)
{
	struct fixture *fx = *state;
	static const char *names[] = { "fifo", "busy", "zero", "dir" };
	char small[64], *buf;
	size_t len;
	int wfd;

	/* a reader that waits fails the test instead of hanging it */
	alarm(10);
	assert_int_equal(mkdir(odd(fx, ""), 0755), 0);
	assert_int_equal(mkfifo(odd(fx, "fifo"), 0600), 0);
	assert_int_equal(mkfifo(odd(fx, "busy"), 0600), 0);
	wfd = open(odd(fx, "busy"), O_RDWR | O_NONBLOCK | O_CLOEXEC);
	assert_true(wfd >= 0);
	assert_int_equal(write(wfd, "1 (x) S", 7), 7);
	assert_int_equal(symlink("/dev/zero", odd(fx, "zero")), 0);
	assert_int_equal(mkdir(odd(fx, "dir"), 0755), 0);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char rel[32];

		snprintf(rel, sizeof(rel), "odd/%s", names[i]);
		assert_int_equal(procfs_read_small(&fx->pfs, rel, small, sizeof(small)), -EINVAL);
		assert_int_equal(procfs_read_file(&fx->pfs, rel, 0, &buf, &len), -EINVAL);
		assert_int_equal(procfs_read_at(AT_FDCWD, odd(fx, names[i]), 0, &buf, &len),
				 -EINVAL);
	}
	close(wfd);

	/* the readers of host files: no symlinks, no file beyond max */
	assert_int_equal(symlink("../200/comm", odd(fx, "link")), 0);
	assert_int_equal(procfs_read_at(AT_FDCWD, odd(fx, "link"), 0, &buf, &len), 0);
	assert_string_equal(buf, "nginx\n");
	free(buf);
	assert_int_equal(procfs_read_at_flags(AT_FDCWD, odd(fx, "link"), PROCFS_NOFOLLOW, 0,
					      &buf, &len), -ELOOP);
	assert_int_equal(procfs_read_at_flags(AT_FDCWD, odd(fx, "busy"), 0, 0, &buf, &len),
			 -EINVAL);
	assert_int_equal(procfs_read_at_flags(fx->pfs.rootfd, "200/comm", PROCFS_WHOLE, 5, &buf,
					      &len), -EFBIG);
	assert_int_equal(procfs_read_at_flags(fx->pfs.rootfd, "200/comm", PROCFS_WHOLE, 6, &buf,
					      &len), 0);
	assert_int_equal(len, 6);
	free(buf);
	/* without PROCFS_WHOLE, a file is cut at max */
	assert_int_equal(procfs_read_at_flags(fx->pfs.rootfd, "200/comm", 0, 5, &buf, &len), 0);
	assert_string_equal(buf, "nginx");
	free(buf);
	alarm(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_stat),
		cmocka_unit_test(test_parse_stat_kthread),
		cmocka_unit_test(test_parse_stat_malformed),
		cmocka_unit_test(test_parse_status),
		cmocka_unit_test(test_parse_status_malformed),
		cmocka_unit_test(test_cmdline_to_line),
		cmocka_unit_test(test_socket_link),
		cmocka_unit_test(test_open_missing),
	};
	const struct CMUnitTest fixture_tests[] = {
		cmocka_unit_test(test_list_pids),
		cmocka_unit_test(test_read_ns),
		cmocka_unit_test(test_read_ns_malformed),
		cmocka_unit_test(test_read_stat_status_cmdline),
		cmocka_unit_test(test_scan_fds),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_read_special),
	};
	int rc = cmocka_run_group_tests_name("procfs", tests, NULL, NULL);

	return rc + cmocka_run_group_tests_name("procfs-fixture", fixture_tests, fixture_setup,
						 fixture_teardown);
}
