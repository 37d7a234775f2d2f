// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nsfs.h"

static void test_mountinfo(void **state)
{
	static const char mi[] =
		"22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
		"24 22 0:4 net:[4026533000] /run/netns/blue rw shared:20 - nsfs nsfs rw\n"
		"25 22 0:4 net:[4026533000] /run/netns/a\\040b\\011c rw - nsfs nsfs rw\n"
		/* optional fields before the separator */
		"26 22 0:4 ipc:[4026532100] /x rw shared:3 master:4 - nsfs nsfs rw\n"
		/* an nsfs mount whose root is not a namespace link */
		"27 22 0:4 / /weird rw - nsfs nsfs rw\n"
		/* not nsfs, root looks like one */
		"28 22 0:5 net:[1] /fake rw - tmpfs tmpfs rw\n"
		"garbage\n"
		"29 22 0:4 time:[4026531834] /last rw - nsfs nsfs rw";
	struct nsfs_mount *m;
	size_t n;

	(void)state;
	assert_int_equal(nsfs_parse_mountinfo(mi, strlen(mi), &m, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(m[0].type, NS_NET);
	assert_true(m[0].ino == 4026533000ULL);
	assert_string_equal(m[0].target, "/run/netns/blue");
	assert_string_equal(m[1].target, "/run/netns/a b\tc");
	assert_int_equal(m[2].type, NS_IPC);
	assert_string_equal(m[2].target, "/x");
	/* the last line has no newline */
	assert_int_equal(m[3].type, NS_TIME);
	assert_string_equal(m[3].target, "/last");
	nsfs_mounts_free(m, n);

	assert_int_equal(nsfs_parse_mountinfo("", 0, &m, &n), 0);
	assert_int_equal(n, 0);
	nsfs_mounts_free(m, n);
}

static bool split(const char *line, struct mountinfo_line *m)
{
	return mountinfo_split(line, line + strlen(line), m);
}

#define assert_span(p, len, want) \
	do { \
		assert_int_equal(len, strlen(want)); \
		assert_memory_equal(p, want, strlen(want)); \
	} while (0)

static void test_mountinfo_split(void **state)
{
	struct mountinfo_line m;

	(void)state;
	/* optional fields, an escaped space, every field where it belongs */
	assert_true(split("36 35 98:0 /mnt1 /mnt\\040x rw,noatime master:1 shared:2 - ext3 "
			  "/dev/root rw,errors=continue", &m));
	assert_span(m.id, m.id_len, "36");
	assert_span(m.parent, m.parent_len, "35");
	assert_span(m.dev, m.dev_len, "98:0");
	assert_span(m.root, m.root_len, "/mnt1");
	assert_span(m.target, m.target_len, "/mnt\\040x");
	assert_span(m.options, m.options_len, "rw,noatime");
	assert_span(m.fstype, m.fstype_len, "ext3");
	assert_span(m.source, m.source_len, "/dev/root");
	assert_span(m.super, m.super_len, "rw,errors=continue");
	/* no optional field, and an empty source */
	assert_true(split("22 1 0:21 / /dev/shm rw - tmpfs  rw,size=65536k", &m));
	assert_span(m.fstype, m.fstype_len, "tmpfs");
	assert_int_equal(m.source_len, 0);
	assert_span(m.super, m.super_len, "rw,size=65536k");
	/* not lines: no separator, too few fields after it, a space in the last one */
	assert_false(split("22 1 0:21 / /dev/shm rw tmpfs tmpfs rw", &m));
	assert_false(split("22 1 0:21 / /dev/shm rw - tmpfs", &m));
	assert_false(split("22 1 0:21 / /dev/shm rw - tmpfs tmpfs rw extra", &m));
	assert_false(split("", &m));
}

static void test_unescape(void **state)
{
	char a[] = "/a\\040b", b[] = "\\134x", c[] = "\\9 \\04", d[] = "plain";

	(void)state;
	mountinfo_unescape(a);
	assert_string_equal(a, "/a b");
	mountinfo_unescape(b);
	assert_string_equal(b, "\\x");
	/* not octal escapes: left alone */
	mountinfo_unescape(c);
	assert_string_equal(c, "\\9 \\04");
	mountinfo_unescape(d);
	assert_string_equal(d, "plain");
}

static void test_live_ioctls(void **state)
{
	enum ns_type t;
	uint64_t ino, uino;
	uid_t uid;
	int fd, ufd;

	(void)state;
	/* Every process may query its own namespaces. */
	fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		skip();
	assert_int_equal(nsfs_get_nstype(fd, &t), 0);
	assert_int_equal(t, NS_NET);
	assert_int_equal(nsfs_fd_ino(fd, &ino), 0);
	assert_true(ino != 0);
	ufd = nsfs_get_userns(fd);
	assert_true(ufd >= 0);
	assert_int_equal(nsfs_get_nstype(ufd, &t), 0);
	assert_int_equal(t, NS_USER);
	assert_int_equal(nsfs_fd_ino(ufd, &uino), 0);
	assert_int_equal(nsfs_get_owner_uid(ufd, &uid), 0);
	/* a net namespace has no parent, and is not a user namespace */
	assert_int_equal(nsfs_get_parent(fd), -EINVAL);
	assert_int_equal(nsfs_get_owner_uid(fd, &uid), -EINVAL);
	close(ufd);
	close(fd);
	/* not a namespace at all */
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_true(nsfs_get_nstype(fd, &t) < 0);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mountinfo),
		cmocka_unit_test(test_mountinfo_split),
		cmocka_unit_test(test_unescape),
		cmocka_unit_test(test_live_ioctls),
	};

	return cmocka_run_group_tests_name("nsfs", tests, NULL, NULL);
}
