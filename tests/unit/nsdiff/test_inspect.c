// SPDX-License-Identifier: GPL-2.0-or-later
/* The parsers and item formats of tools/nsdiff/inspect (inspect_parse.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cgroup.h"
#include "inspect.h"

/* The item of kind of category cat with key, or NULL. */
static const struct inspect_item *find(const struct inspect_facts *f, enum inspect_cat cat,
				       unsigned int kind, const char *key)
{
	const struct inspect_list *l = &f->cat[cat][kind];

	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].key, key) == 0)
			return &l->items[i];
	return NULL;
}

/* ---------------------------------------------------------------- lists */

static void test_list_sort_dedup(void **state)
{
	struct inspect_list l = { 0 };

	(void)state;
	assert_int_equal(inspect_list_add(&l, "b", "1", NULL), 0);
	assert_int_equal(inspect_list_add(&l, "a", NULL, "x,y"), 0);
	assert_int_equal(inspect_list_add(&l, "b", "2", NULL), 0);
	assert_int_equal(inspect_list_add(&l, NULL, "empty key", NULL), 0);
	inspect_list_sort(&l);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.items[0].key, "");
	assert_string_equal(l.items[1].key, "a");
	assert_string_equal(l.items[1].value, "");
	assert_string_equal(l.items[1].list, "x,y");
	/* the first of equal keys stays */
	assert_string_equal(l.items[2].key, "b");
	assert_string_equal(l.items[2].value, "1");
	assert_null(l.items[2].list);
	inspect_list_release(&l);
	assert_int_equal(l.n, 0);
	/* many items with equal keys keep their order: the first wins */
	for (int i = 0; i < 100; i++) {
		char v[8];

		snprintf(v, sizeof(v), "%d", i);
		assert_int_equal(inspect_list_add(&l, i % 2 ? "odd" : "even", v, NULL), 0);
	}
	inspect_list_sort(&l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].value, "0");
	assert_string_equal(l.items[1].value, "1");
	inspect_list_release(&l);
}

/* -------------------------------------------------------------- sockets */

/* A /proc/net/tcp line's address as this machine's kernel would print it. */
static void v4_word(const char *addr, char out[9])
{
	struct in_addr a;
	uint32_t w;

	assert_int_equal(inet_pton(AF_INET, addr, &a), 1);
	memcpy(&w, &a, 4);
	snprintf(out, 9, "%08X", w);
}

static void test_sockets_v4(void **state)
{
	char lo[9], any[9], ten[9], buf[2048];
	struct inspect_sock *s;
	size_t n;

	(void)state;
	v4_word("127.0.0.1", lo);
	v4_word("0.0.0.0", any);
	v4_word("10.1.2.3", ten);
	snprintf(buf, sizeof(buf),
		 "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
		 "   0: %s:0035 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 1 0000000000000000 100 0 0 10 0\n"
		 "   1: %s:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 222 1 0000000000000000 100 0 0 10 0\n"
		 "   2: %s:D431 %s:0016 01 00000000:00000000 02:000AFC2B 00000000     0        0 333 2 0000000000000000 20 4 30 10 -1\n",
		 lo, any, ten, ten);
	assert_int_equal(inspect_parse_sockets(buf, strlen(buf), AF_INET, &s, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(s[0].addr, "127.0.0.1");
	assert_int_equal(s[0].port, 53);
	assert_int_equal(s[0].state, INSPECT_TCP_LISTEN);
	assert_int_equal(s[0].inode, 12345);
	assert_string_equal(s[1].addr, "0.0.0.0");
	assert_int_equal(s[1].port, 22);
	assert_int_equal(s[1].uid, 1000);
	assert_string_equal(s[2].addr, "10.1.2.3");
	assert_int_equal(s[2].port, 0xD431);
	assert_int_equal(s[2].state, 1);

	/* items: listening TCP only, established ones are not facts of the namespace */
	{
		struct inspect_facts f = { 0 };

		assert_int_equal(inspect_add_sockets(&f, s, n, false), 0);
		assert_int_equal(f.cat[INSPECT_NET][INSPECT_NET_SOCKET].n, 2);
		assert_non_null(find(&f, INSPECT_NET, INSPECT_NET_SOCKET, "tcp 127.0.0.1:53"));
		assert_non_null(find(&f, INSPECT_NET, INSPECT_NET_SOCKET, "tcp 0.0.0.0:22"));
		inspect_facts_release(&f);
	}
	free(s);

	/* only the header: no sockets */
	assert_int_equal(inspect_parse_sockets(buf, strcspn(buf, "\n") + 1, AF_INET, &s, &n), 0);
	assert_int_equal(n, 0);
	free(s);
}

static void test_sockets_v6(void **state)
{
	static const char buf[] =
		"  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
		"   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0\n"
		"   1: 00000000000000000000000001000000:0277 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4243 2 0000000000000000 0\n";
	struct inspect_sock *s;
	struct inspect_facts f = { 0 };
	size_t n;

	(void)state;
	assert_int_equal(inspect_parse_sockets(buf, sizeof(buf) - 1, AF_INET6, &s, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(s[0].addr, "::");
	assert_int_equal(s[0].port, 8080);
	/* ::1 is three zero words and a word whose first byte in memory is 0, last 1 */
	{
		struct in6_addr want;
		char txt[64];
		uint32_t w[4];

		assert_int_equal(inet_pton(AF_INET6, "::1", &want), 1);
		memcpy(w, &want, 16);
		snprintf(txt, sizeof(txt), "%08X", w[3]);
		if (strcmp(txt, "01000000") == 0)	/* little-endian, as the fixture line */
			assert_string_equal(s[1].addr, "::1");
	}
	/* UDP: unconnected sockets are the listening ones */
	assert_int_equal(inspect_add_sockets(&f, s, n, true), 0);
	assert_int_equal(f.cat[INSPECT_NET][INSPECT_NET_SOCKET].n, 1);
	assert_string_equal(f.cat[INSPECT_NET][INSPECT_NET_SOCKET].items[0].key, "udp6 [::1]:631");
	inspect_facts_release(&f);
	free(s);
}

static void test_sockets_bad(void **state)
{
	static const char *const bad[] = {
		/* too few fields */
		"   0: 0100007F:0035 00000000:0000 0A\n",
		/* an address of the wrong width */
		"   0: 0100007:0035 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n",
		/* not hex */
		"   0: 0100007G:0035 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n",
		/* a port too wide */
		"   0: 0100007F:10035 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n",
		/* the slot without its colon */
		"   0 0100007F:0035 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n",
		/* a uid that does not fit */
		"   0: 0100007F:0035 00000000:0000 0A 00000000:00000000 00:00000000 00000000 99999999999 0 1\n",
	};
	struct inspect_sock *s;
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(inspect_parse_sockets(bad[i], strlen(bad[i]), AF_INET, &s, &n),
				 -EINVAL);
		assert_null(s);
		assert_int_equal(n, 0);
	}
	assert_int_equal(inspect_parse_sockets("", 0, AF_UNIX, &s, &n), -EINVAL);
	/* empty text and blank lines: no sockets */
	assert_int_equal(inspect_parse_sockets("\n\n", 2, AF_INET, &s, &n), 0);
	assert_int_equal(n, 0);
	free(s);
}

/* ---------------------------------------------------------------- idmap */

static void test_idmap(void **state)
{
	static const char map[] = "         0     100000      65536\n"
				  "     65536       1000          1\n";
	struct inspect_idmap *m;
	struct inspect_facts f = { 0 };
	size_t n;

	(void)state;
	assert_int_equal(inspect_parse_idmap(map, sizeof(map) - 1, &m, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(m[0].inside, 0);
	assert_int_equal(m[0].outside, 100000);
	assert_int_equal(m[0].count, 65536);
	assert_int_equal(m[1].outside, 1000);
	assert_int_equal(inspect_add_idmap(&f, INSPECT_USER_UIDMAP, m, n), 0);
	/* only the maps are maps */
	assert_int_equal(inspect_add_idmap(&f, INSPECT_USER_CAPS, m, n), -EINVAL);
	assert_non_null(find(&f, INSPECT_USER, INSPECT_USER_UIDMAP, "0 100000 65536"));
	assert_non_null(find(&f, INSPECT_USER, INSPECT_USER_UIDMAP, "65536 1000 1"));
	inspect_facts_release(&f);
	free(m);

	/* the initial namespace's map */
	assert_int_equal(inspect_parse_idmap("0 0 4294967295\n", 15, &m, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(m[0].count, 4294967295u);
	free(m);
	/* no map written yet */
	assert_int_equal(inspect_parse_idmap("", 0, &m, &n), 0);
	assert_int_equal(n, 0);
	free(m);

	assert_int_equal(inspect_parse_idmap("0 0\n", 4, &m, &n), -EINVAL);
	assert_int_equal(inspect_parse_idmap("0 0 1 2\n", 8, &m, &n), -EINVAL);
	assert_int_equal(inspect_parse_idmap("0 0 4294967296\n", 15, &m, &n), -EINVAL);
	assert_int_equal(inspect_parse_idmap("-1 0 1\n", 7, &m, &n), -EINVAL);
	assert_null(m);
}

static void test_idmap_limit(void **state)
{
	size_t cap = (INSPECT_IDMAP_MAX + 1) * 16, off = 0;
	char *buf = malloc(cap);
	struct inspect_idmap *m;
	size_t n;

	(void)state;
	assert_non_null(buf);
	for (int i = 0; i < INSPECT_IDMAP_MAX; i++)
		off += (size_t)snprintf(buf + off, cap - off, "%d %d 1\n", i, i + 1000);
	assert_int_equal(inspect_parse_idmap(buf, off, &m, &n), 0);
	assert_int_equal(n, INSPECT_IDMAP_MAX);
	free(m);
	/* one line more than the kernel allows */
	off += (size_t)snprintf(buf + off, cap - off, "999 9999 1\n");
	assert_int_equal(inspect_parse_idmap(buf, off, &m, &n), -EINVAL);
	free(buf);
}

/* ------------------------------------------------------------ mountinfo */

static void test_mountinfo(void **state)
{
	static const char mi[] =
		"22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw,errors=remount-ro\n"
		"23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
		"24 22 0:22 / /mnt/a\\040b rw,nosuid master:3 shared:4 - tmpfs my\\040src rw,size=1024k\n"
		"25 22 254:1 /srv/data /data ro,relatime - ext4 /dev/vda1 rw\n"
		"26 22 0:23 / /empty rw - tmpfs  rw\n"
		"27 22 0:24 / /proc ro - tmpfs tmpfs ro,size=4k\n";
	struct inspect_mount *m;
	struct inspect_facts f = { 0 };
	const struct inspect_item *it;
	size_t n;

	(void)state;
	assert_int_equal(inspect_parse_mountinfo(mi, sizeof(mi) - 1, &m, &n), 0);
	assert_int_equal(n, 6);
	assert_int_equal(m[0].id, 22);
	assert_int_equal(m[0].parent, 1);
	assert_string_equal(m[0].mountpoint, "/");
	assert_string_equal(m[0].fstype, "ext4");
	assert_string_equal(m[0].source, "/dev/vda1");
	assert_string_equal(m[0].super_options, "rw,errors=remount-ro");
	/* escapes, and optional fields before the separator */
	assert_string_equal(m[2].mountpoint, "/mnt/a b");
	assert_string_equal(m[2].source, "my src");
	assert_string_equal(m[2].options, "rw,nosuid");
	assert_string_equal(m[3].root, "/srv/data");
	/* an empty source is a field of its own */
	assert_string_equal(m[4].source, "");
	assert_string_equal(m[4].super_options, "rw");

	assert_int_equal(inspect_add_mounts(&f, m, n), 0);
	inspect_facts_sort(&f);
	/* the root filesystem */
	assert_int_equal(f.cat[INSPECT_MNT][INSPECT_MNT_ROOT].n, 1);
	assert_string_equal(f.cat[INSPECT_MNT][INSPECT_MNT_ROOT].items[0].value, "ext4 /dev/vda1");
	/* findmnt's options: the mount's, then the superblock's not already there */
	it = find(&f, INSPECT_MNT, INSPECT_MNT_MOUNT, "/");
	assert_non_null(it);
	assert_string_equal(it->list, "rw,relatime,errors=remount-ro");
	it = find(&f, INSPECT_MNT, INSPECT_MNT_MOUNT, "/data");
	assert_string_equal(it->value, "ext4 /dev/vda1[/srv/data]");
	/* the superblock's rw is not the mount's */
	assert_string_equal(it->list, "ro,relatime");
	it = find(&f, INSPECT_MNT, INSPECT_MNT_MOUNT, "/mnt/a b");
	assert_string_equal(it->value, "tmpfs my src");
	assert_string_equal(it->list, "rw,nosuid,size=1024k");
	/* stacked on /proc: the later mount is on top, and is the one seen */
	it = find(&f, INSPECT_MNT, INSPECT_MNT_MOUNT, "/proc");
	assert_string_equal(it->value, "tmpfs tmpfs");
	assert_string_equal(it->list, "ro,size=4k");
	assert_int_equal(f.cat[INSPECT_MNT][INSPECT_MNT_MOUNT].n, 5);
	inspect_facts_release(&f);
	inspect_mounts_free(m, n);
}

static void test_mountinfo_bad(void **state)
{
	static const char *const bad[] = {
		"22 1 254:1 / / rw shared:1 ext4 /dev/vda1 rw\n",	/* no separator */
		"22 1 254:1 / / rw - ext4 /dev/vda1\n",			/* no super options */
		"22 1 254:1 / / rw - ext4 /dev/vda1 rw extra\n",	/* one field too many */
		"x 1 254:1 / / rw - ext4 /dev/vda1 rw\n",		/* id not a number */
		"22 1 2541 / / rw - ext4 /dev/vda1 rw\n",		/* no major:minor */
		"22 1 254:1 / /\n",
		"garbage\n",
	};
	struct inspect_mount *m;
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(inspect_parse_mountinfo(bad[i], strlen(bad[i]), &m, &n), -EINVAL);
		assert_null(m);
	}
	/* a NUL inside a line */
	assert_int_equal(inspect_parse_mountinfo("22 1 254:1 / /\0 rw - a b c\n", 27, &m, &n),
			 -EINVAL);
	/* the separator is the first "-" from the seventh field: a type may be "-" */
	assert_int_equal(inspect_parse_mountinfo("1 0 0:1 / / rw - - x y\n", 23, &m, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].fstype, "-");
	assert_string_equal(m[0].source, "x");
	inspect_mounts_free(m, n);
	assert_int_equal(inspect_parse_mountinfo("", 0, &m, &n), 0);
	assert_int_equal(n, 0);
	inspect_mounts_free(m, n);
}

/* -------------------------------------------------------------- sysvipc */

static void test_sysvipc(void **state)
{
	static const char shm[] =
		"       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n"
		"  12345678          3   644                  1024  4242     0      0     0     0     0     0          0          0 1700000000                     0                     0\n"
		"         0      32769  1600                 65536  4243  4243      1  1000  1000  1000  1000 1700000001          0 1700000000                  4096                     0\n";
	static const char sem[] =
		"       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n"
		" -12345678          0   600          3     0     0     0     0          0 1700000000\n";
	static const char msg[] =
		"       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n"
		"       100          1   666          10          2     0     0    33    33    33    33          0          0 1700000000\n";
	struct inspect_facts f = { 0 };
	struct inspect_ipc *v;
	size_t n;

	(void)state;
	assert_int_equal(inspect_parse_sysvipc(shm, sizeof(shm) - 1, INSPECT_IPC_SHM, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].key, 12345678);
	assert_int_equal(v[0].id, 3);
	assert_int_equal(v[0].perms, 0644);
	assert_int_equal(v[0].size, 1024);
	assert_int_equal(v[1].id, 32769);
	assert_int_equal(v[1].perms, 01600);
	assert_int_equal(v[1].uid, 1000);
	assert_int_equal(inspect_add_sysvipc(&f, INSPECT_IPC_SHM, v, n), 0);
	free(v);
	assert_non_null(find(&f, INSPECT_IPC, INSPECT_IPC_SHM, "key 0x00bc614e id 3"));
	assert_string_equal(find(&f, INSPECT_IPC, INSPECT_IPC_SHM, "key 0x00bc614e id 3")->value,
			    "1024 bytes, perms 644, uid 0");
	assert_string_equal(
		find(&f, INSPECT_IPC, INSPECT_IPC_SHM, "key 0x00000000 id 32769")->value,
		"65536 bytes, perms 1600, uid 1000");

	assert_int_equal(inspect_parse_sysvipc(sem, sizeof(sem) - 1, INSPECT_IPC_SEM, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].key, -12345678);
	assert_int_equal(v[0].size, 3);
	assert_int_equal(inspect_add_sysvipc(&f, INSPECT_IPC_SEM, v, n), 0);
	free(v);
	/* negative keys are 32-bit values, as ipcs shows them */
	assert_string_equal(find(&f, INSPECT_IPC, INSPECT_IPC_SEM, "key 0xff439eb2 id 0")->value,
			    "3 semaphores, perms 600, uid 0");

	assert_int_equal(inspect_parse_sysvipc(msg, sizeof(msg) - 1, INSPECT_IPC_MSG, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].uid, 33);
	assert_int_equal(inspect_add_sysvipc(&f, INSPECT_IPC_MSG, v, n), 0);
	free(v);
	/* the message count changes all the time: not a fact to compare */
	assert_string_equal(find(&f, INSPECT_IPC, INSPECT_IPC_MSG, "key 0x00000064 id 1")->value,
			    "perms 666, uid 33");
	inspect_facts_release(&f);

	/* the wrong table for the kind: its id column is missing */
	assert_int_equal(inspect_parse_sysvipc(sem, sizeof(sem) - 1, INSPECT_IPC_SHM, &v, &n),
			 -EINVAL);
	/* a short row */
	{
		static const char shortrow[] = "key shmid perms size uid\n1 2 644\n";

		assert_int_equal(inspect_parse_sysvipc(shortrow, sizeof(shortrow) - 1,
						       INSPECT_IPC_SHM, &v, &n), -EINVAL);
	}
	/* perms that are not octal */
	{
		static const char badperm[] = "key shmid perms size uid\n1 2 649 3 0\n";

		assert_int_equal(inspect_parse_sysvipc(badperm, sizeof(badperm) - 1,
						       INSPECT_IPC_SHM, &v, &n), -EINVAL);
	}
	/* the header only: nothing */
	assert_int_equal(inspect_parse_sysvipc(shm, strcspn(shm, "\n") + 1, INSPECT_IPC_SHM, &v, &n),
			 0);
	assert_int_equal(n, 0);
	free(v);
	assert_int_equal(inspect_parse_sysvipc("", 0, INSPECT_IPC_SHM, &v, &n), -EINVAL);
	assert_int_equal(inspect_parse_sysvipc(shm, sizeof(shm) - 1, 7, &v, &n), -EINVAL);
}

/* ----------------------------------------------------------- time offsets */

static void test_timens(void **state)
{
	static const char t[] = "monotonic           3600         0\nboottime            7200         0\n";
	static const char neg[] = "monotonic -2 500000000\nboottime 0 0\n";
	static const char ids[] = "1 5 0\n7 6 1\n";
	struct inspect_timens o;
	struct inspect_facts f = { 0 };

	(void)state;
	assert_int_equal(inspect_parse_timens(t, sizeof(t) - 1, &o), 0);
	assert_int_equal(o.monotonic_sec, 3600);
	assert_int_equal(o.boottime_sec, 7200);
	assert_int_equal(inspect_add_timens(&f, &o), 0);
	assert_string_equal(find(&f, INSPECT_TIME, INSPECT_TIME_OFFSET, "monotonic")->value,
			    "3600s");
	assert_string_equal(find(&f, INSPECT_TIME, INSPECT_TIME_OFFSET, "boottime")->value,
			    "7200s");
	inspect_facts_release(&f);

	assert_int_equal(inspect_parse_timens(neg, sizeof(neg) - 1, &o), 0);
	assert_int_equal(o.monotonic_sec, -2);
	assert_int_equal(o.monotonic_nsec, 500000000);
	assert_int_equal(inspect_add_timens(&f, &o), 0);
	assert_string_equal(find(&f, INSPECT_TIME, INSPECT_TIME_OFFSET, "monotonic")->value,
			    "-2s 500000000ns");
	inspect_facts_release(&f);

	/* clock ids, as the file accepts them on write */
	assert_int_equal(inspect_parse_timens(ids, sizeof(ids) - 1, &o), 0);
	assert_int_equal(o.monotonic_sec, 5);
	assert_int_equal(o.boottime_nsec, 1);

	assert_int_equal(inspect_parse_timens("monotonic 1 0\n", 14, &o), -EINVAL);
	assert_int_equal(inspect_parse_timens("monotonic 1 0\nmonotonic 1 0\nboottime 0 0\n", 42, &o),
			 -EINVAL);
	assert_int_equal(inspect_parse_timens("monotonic 1 1000000000\nboottime 0 0\n", 36, &o),
			 -EINVAL);
	assert_int_equal(inspect_parse_timens("realtime 1 0\nboottime 0 0\n", 26, &o), -EINVAL);
	assert_int_equal(inspect_parse_timens("monotonic 1 0 9\nboottime 0 0\n", 29, &o), -EINVAL);
	assert_int_equal(inspect_parse_timens("", 0, &o), -EINVAL);
}

/* ---------------------------------------------------------------- cgroups */

static void test_cgroup_parse(void **state)
{
	static const char v1[] = "9:name=systemd:/user.slice\n"
				 "4:memory:/process_api/00937d07\n"
				 "1:cpu,cpuacct:/\n"
				 "0::/nskit/web1:odd\n";
	struct inspect_cgroup *c;
	size_t n;

	(void)state;
	assert_int_equal(inspect_parse_cgroup(v1, sizeof(v1) - 1, &c, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(c[0].hid, 9);
	assert_string_equal(c[0].controllers, "name=systemd");
	assert_string_equal(c[0].path, "/user.slice");
	assert_string_equal(c[2].controllers, "cpu,cpuacct");
	/* v2: no controllers, and a path may hold colons */
	assert_int_equal(c[3].hid, 0);
	assert_string_equal(c[3].controllers, "");
	assert_string_equal(c[3].path, "/nskit/web1:odd");
	inspect_cgroups_free(c, n);

	assert_int_equal(inspect_parse_cgroup("0::/\n", 5, &c, &n), 0);
	assert_int_equal(n, 1);
	inspect_cgroups_free(c, n);

	assert_int_equal(inspect_parse_cgroup("", 0, &c, &n), -EINVAL);
	assert_int_equal(inspect_parse_cgroup("0:/\n", 4, &c, &n), -EINVAL);
	assert_int_equal(inspect_parse_cgroup("x::/\n", 5, &c, &n), -EINVAL);
	assert_int_equal(inspect_parse_cgroup("0::relative\n", 12, &c, &n), -EINVAL);
	assert_int_equal(inspect_parse_cgroup("0::\n", 4, &c, &n), -EINVAL);
	assert_null(c);
}

static void test_cgroup_root(void **state)
{
	char b[64];

	(void)state;
	/* at the root of its namespace */
	assert_int_equal(inspect_cgroup_root("/nskit/web1", "/", b, sizeof(b)), 0);
	assert_string_equal(b, "/nskit/web1");
	/* below it */
	assert_int_equal(inspect_cgroup_root("/nskit/web1/sub/x", "/sub/x", b, sizeof(b)), 0);
	assert_string_equal(b, "/nskit/web1");
	/* the host: the namespace root is the hierarchy's */
	assert_int_equal(inspect_cgroup_root("/", "/", b, sizeof(b)), 0);
	assert_string_equal(b, "/");
	assert_int_equal(inspect_cgroup_root("/a/b", "/a/b", b, sizeof(b)), 0);
	assert_string_equal(b, "/");
	/* above its root: the root's last components are not known */
	assert_int_equal(inspect_cgroup_root("/nskit/other", "/../other", b, sizeof(b)), -ENODATA);
	assert_int_equal(inspect_cgroup_root("/nskit", "/..", b, sizeof(b)), -ENODATA);
	/* "/..x" is a name, not a step up */
	assert_int_equal(inspect_cgroup_root("/a/..x", "/..x", b, sizeof(b)), 0);
	assert_string_equal(b, "/a");
	/* paths that do not agree (the process moved between the reads) */
	assert_int_equal(inspect_cgroup_root("/nskit/web1", "/sub", b, sizeof(b)), -EINVAL);
	assert_int_equal(inspect_cgroup_root("/nskit/xsub", "/sub", b, sizeof(b)), -EINVAL);
	assert_int_equal(inspect_cgroup_root("/s", "/sub", b, sizeof(b)), -EINVAL);
	assert_int_equal(inspect_cgroup_root("relative", "/", b, sizeof(b)), -EINVAL);
	assert_int_equal(inspect_cgroup_root("/a", "", b, sizeof(b)), -EINVAL);
	assert_int_equal(inspect_cgroup_root("/a/b/c", "/c", b, 3), -ENAMETOOLONG);
	assert_int_equal(inspect_cgroup_root("/c", "/c", b, 1), -ENAMETOOLONG);
}

/* ----------------------------------------------------------- capabilities */

static void test_caps(void **state)
{
	struct inspect_facts f = { 0 };
	char buf[1024];

	(void)state;
	assert_string_equal(inspect_cap_name(0), "cap_chown");
	assert_string_equal(inspect_cap_name(21), "cap_sys_admin");
	assert_string_equal(inspect_cap_name(40), "cap_checkpoint_restore");
	assert_null(inspect_cap_name(41));
	assert_int_equal(inspect_caps_list(0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(inspect_caps_list((1ULL << 21) | (1ULL << 12) | (1ULL << 45), buf,
					   sizeof(buf)), 0);
	assert_string_equal(buf, "cap_net_admin,cap_sys_admin,cap_45");
	assert_int_equal(inspect_caps_list(~0ULL, buf, 16), -ENOSPC);

	assert_int_equal(inspect_add_caps(&f, 0x00000000a80425fbULL), 0);
	assert_string_equal(f.cat[INSPECT_USER][INSPECT_USER_CAPS].items[0].value,
			    "00000000a80425fb");
	/* Docker's default set */
	assert_string_equal(f.cat[INSPECT_USER][INSPECT_USER_CAPS].items[0].list,
			    "cap_chown,cap_dac_override,cap_fowner,cap_fsetid,cap_kill,"
			    "cap_setgid,cap_setuid,cap_setpcap,cap_net_bind_service,cap_net_raw,"
			    "cap_sys_chroot,cap_mknod,cap_audit_write,cap_setfcap");
	inspect_facts_release(&f);
	/* every bit set still fits an item */
	assert_int_equal(inspect_add_caps(&f, ~0ULL), 0);
	inspect_facts_release(&f);
}

/* ---------------------------------------------------------------- frames */

struct seen {
	int tags[8];
	size_t lens[8];
	int n;
};

static int collect(void *data, int tag, const char *buf, size_t len)
{
	struct seen *s = data;

	(void)buf;
	if (s->n == 8)
		return -E2BIG;
	s->tags[s->n] = tag;
	s->lens[s->n++] = len;
	return 0;
}

static size_t put_frame(char *buf, int tag, const char *data, uint32_t len)
{
	buf[0] = (char)tag;
	memcpy(buf + 1, &len, 4);
	memcpy(buf + 5, data, len);
	return 5 + len;
}

static void test_frames(void **state)
{
	char buf[256];
	struct seen s = { 0 };
	size_t off = 0;

	(void)state;
	off += put_frame(buf + off, INSPECT_FRAME_DATA, "\x03\x00web1\0(none)", 14);
	off += put_frame(buf + off, INSPECT_FRAME_ERROR, "", 0);
	off += put_frame(buf + off, INSPECT_FRAME_END, "", 0);
	assert_int_equal(inspect_parse_frames(buf, off, collect, &s), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.tags[0], INSPECT_FRAME_DATA);
	assert_int_equal(s.lens[0], 14);
	assert_int_equal(s.tags[2], INSPECT_FRAME_END);
	/* a truncated frame */
	memset(&s, 0, sizeof(s));
	assert_int_equal(inspect_parse_frames(buf, off - 1, collect, &s), -EINVAL);
	assert_int_equal(inspect_parse_frames(buf, 3, collect, &s), -EINVAL);
	/* what fn returns stops the walk */
	memset(&s, 0, sizeof(s));
	s.n = 7;
	assert_int_equal(inspect_parse_frames(buf, off, collect, &s), -E2BIG);
	assert_int_equal(inspect_parse_frames(buf, 0, collect, &s), 0);
}

static void test_data_frame(void **state)
{
	enum inspect_cat cat;
	unsigned int part;
	const char *data;
	size_t len;

	(void)state;
	assert_int_equal(inspect_parse_data_frame("\x03\x00web1\0(none)", 14, &cat, &part, &data,
						  &len), 0);
	assert_int_equal(cat, INSPECT_UTS);
	assert_int_equal(part, 0);
	assert_int_equal(len, 12);
	assert_string_equal(data, "web1");
	/* nothing but the category and the part */
	assert_int_equal(inspect_parse_data_frame("\x04\x03", 2, &cat, &part, &data, &len), 0);
	assert_int_equal(cat, INSPECT_IPC);
	assert_int_equal(part, INSPECT_IPC_MQUEUE);
	assert_int_equal(len, 0);
	/* no such category, too short */
	assert_int_equal(inspect_parse_data_frame("\x08\x00x", 3, &cat, &part, &data, &len),
			 -EINVAL);
	assert_int_equal(inspect_parse_data_frame("\x00", 1, &cat, &part, &data, &len), -EINVAL);
}

static void test_item_frame(void **state)
{
	static const char with_list[] = "\x00\x01/tmp\0tmpfs tmpfs\0rw,nosuid";
	static const char without[] = "\x01\x00" "eth0\0veth, up\0";
	const char *key, *value, *list;
	enum inspect_cat cat;
	unsigned int kind;

	(void)state;
	/* sizeof includes the last NUL: the list's */
	assert_int_equal(inspect_parse_item_frame(with_list, sizeof(with_list), &cat, &kind, &key,
						  &value, &list), 0);
	assert_int_equal(cat, INSPECT_MNT);
	assert_int_equal(kind, INSPECT_MNT_MOUNT);
	assert_string_equal(key, "/tmp");
	assert_string_equal(value, "tmpfs tmpfs");
	assert_string_equal(list, "rw,nosuid");
	assert_int_equal(inspect_parse_item_frame(without, sizeof(without) - 1, &cat, &kind, &key,
						  &value, &list), 0);
	assert_int_equal(cat, INSPECT_NET);
	assert_int_equal(kind, INSPECT_NET_IFACE);
	assert_string_equal(value, "veth, up");
	assert_null(list);
	/* a value without its NUL, a list without one, junk after the list */
	assert_int_equal(inspect_parse_item_frame(without, sizeof(without) - 2, &cat, &kind, &key,
						  &value, &list), -EINVAL);
	assert_int_equal(inspect_parse_item_frame(with_list, sizeof(with_list) - 1, &cat, &kind,
						  &key, &value, &list), -EINVAL);
	assert_int_equal(inspect_parse_item_frame("\x00\x01" "a\0b\0c\0d", 10, &cat, &kind, &key,
						  &value, &list), -EINVAL);
	/* no such category, no such kind of one (uts has two) */
	assert_int_equal(inspect_parse_item_frame("\x7f\x00" "a\0b\0", 6, &cat, &kind, &key,
						  &value, &list), -EINVAL);
	assert_int_equal(inspect_parse_item_frame("\x03\x02" "a\0b\0", 6, &cat, &kind, &key,
						  &value, &list), -EINVAL);
	assert_int_equal(inspect_parse_item_frame("", 0, &cat, &kind, &key, &value, &list),
			 -EINVAL);
}

/* ------------------------------------------------------------ pid counts */

static void test_count_visible(void **state)
{
	/* init (1) > a (2) > b (3); init > c (4); d (5) has an unknown parent */
	static const struct inspect_pidns v[] = {
		{ 1, 0, 100 }, { 2, 1, 3 }, { 3, 2, 2 }, { 4, 1, 7 }, { 5, 0, 11 },
	};
	/* a loop must not hang */
	static const struct inspect_pidns loop[] = { { 10, 11, 1 }, { 11, 10, 1 } };

	(void)state;
	assert_int_equal(inspect_count_visible(v, 5, 1), 112);
	assert_int_equal(inspect_count_visible(v, 5, 2), 5);
	assert_int_equal(inspect_count_visible(v, 5, 3), 2);
	assert_int_equal(inspect_count_visible(v, 5, 4), 7);
	assert_int_equal(inspect_count_visible(v, 5, 5), 11);
	assert_int_equal(inspect_count_visible(v, 5, 99), 0);
	assert_int_equal(inspect_count_visible(loop, 2, 12), 0);
	assert_int_equal(inspect_count_visible(loop, 2, 10), 2);
	assert_int_equal(inspect_count_visible(NULL, 0, 1), 0);
}

static void test_pidchain(void **state)
{
	static const pid_t chain[] = { 4242, 17, 1 };
	struct inspect_facts f = { 0 };

	(void)state;
	assert_int_equal(inspect_add_pidchain(&f, chain, 3), 0);
	assert_string_equal(f.cat[INSPECT_PID][INSPECT_PID_CHAIN].items[0].value, "4242 17 1");
	inspect_facts_release(&f);
}

/* A cgroup's limits as a set: one element per limit, never a comma inside one. */
static void test_limits_list(void **state)
{
	struct cgroup_limits lim = { 0 };
	char buf[512];

	(void)state;
	assert_int_equal(inspect_limits_list(&lim, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "memory=none,cpus=none,pids=none,io=none");
	lim = (struct cgroup_limits){
		.memory = 64 << 20, .memory_swap = CGROUP_UNLIMITED, .memory_reservation = 1536 << 10,
		.cpu_quota = 150000, .cpu_shares = 512, .cpuset_cpus = "0-1,3", .pids = 30,
		.io_weight = 300, .nio = 2,
		.io = { { .major = 254, .minor = 0, .wbps = 1 << 20, .riops = 100 },
			{ .major = 8, .minor = 16, .rbps = 1000 } },
	};
	assert_int_equal(inspect_limits_list(&lim, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "memory=64M,memory+swap=unlimited,reservation=1536K,cpus=1.5,"
				 "cpu-shares=512,cpuset=0-1 3,pids=30,blkio-weight=300,"
				 "io 254:0 wbps=1M riops=100,io 8:16 rbps=1000");
	lim = (struct cgroup_limits){ .cpu_quota = 200000, .memory = 2ull << 30 };
	assert_int_equal(inspect_limits_list(&lim, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "memory=2G,cpus=2,pids=none,io=none");
	lim.cpu_quota = 1000;
	assert_int_equal(inspect_limits_list(&lim, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "memory=2G,cpus=0.01,pids=none,io=none");
	assert_int_equal(inspect_limits_list(&lim, buf, 12), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_sort_dedup),
		cmocka_unit_test(test_sockets_v4),
		cmocka_unit_test(test_sockets_v6),
		cmocka_unit_test(test_sockets_bad),
		cmocka_unit_test(test_idmap),
		cmocka_unit_test(test_idmap_limit),
		cmocka_unit_test(test_mountinfo),
		cmocka_unit_test(test_mountinfo_bad),
		cmocka_unit_test(test_sysvipc),
		cmocka_unit_test(test_timens),
		cmocka_unit_test(test_cgroup_parse),
		cmocka_unit_test(test_cgroup_root),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_frames),
		cmocka_unit_test(test_data_frame),
		cmocka_unit_test(test_item_frame),
		cmocka_unit_test(test_count_visible),
		cmocka_unit_test(test_pidchain),
		cmocka_unit_test(test_limits_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
