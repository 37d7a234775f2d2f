// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * common/netlink: argument checks and the open_in failure paths run
 * anywhere; everything else needs root and works only inside network
 * namespaces the test creates (kept as fds, gone when the fds close).
 * Nothing is done to the machine's own namespace beyond opening a socket
 * in it, and the only traffic is between two test namespaces.
 *
 * The setns wrapper lets a test make the way back fail:
 * WRAP: sys_setns
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>

#include "netlink.h"

/* ------------------------------------------------------- the setns wrapper */

int __real_sys_setns(int fd, int nstype);
int __wrap_sys_setns(int fd, int nstype);

/*
 * Off (fail_at 0), calls pass through. On, the fail_at-th call fails with
 * fail_errno, and the others pretend to succeed without moving the thread,
 * so that these tests need no privilege and cannot strand the thread.
 */
static struct {
	int fail_at;
	int fail_errno;
	int calls;
} setns_mock;

int __wrap_sys_setns(int fd, int nstype)
{
	if (!setns_mock.fail_at)
		return __real_sys_setns(fd, nstype);
	if (++setns_mock.calls == setns_mock.fail_at) {
		errno = setns_mock.fail_errno;
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ helpers */

/* The thread's network namespace when the tests started. */
static ino_t home_ino;

static ino_t fd_ino(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return 0;
	return st.st_ino;
}

static ino_t thread_netns_ino(void)
{
	struct stat st;

	if (stat("/proc/thread-self/ns/net", &st) < 0)
		return 0;
	return st.st_ino;
}

/* A test that goes on in the wrong namespace could touch the host: stop everything. */
static void die_if_moved(void)
{
	if (thread_netns_ino() != home_ino) {
		fprintf(stderr, "test_netlink: thread left in a foreign network namespace\n");
		abort();
	}
}

/* A fresh network namespace as an fd; the thread stays where it is. */
static int new_netns(void)
{
	int self, fd;

	self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return -1;
	if (unshare(CLONE_NEWNET) < 0) {
		close(self);
		return -1;
	}
	fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (setns(self, CLONE_NEWNET) < 0)
		abort();
	close(self);
	die_if_moved();
	return fd;
}

/* A socket created inside the namespace of nsfd. */
static int socket_in(int nsfd, int family, int type)
{
	int self, fd, e;

	self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return -1;
	if (setns(nsfd, CLONE_NEWNET) < 0) {
		close(self);
		return -1;
	}
	fd = socket(family, type | SOCK_CLOEXEC, 0);
	e = errno;
	if (setns(self, CLONE_NEWNET) < 0)
		abort();
	close(self);
	die_if_moved();
	errno = e;
	return fd;
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};

	nanosleep(&ts, NULL);
}

#define NNS   3
#define NSOCK 2

/* Per test: namespaces, a netlink context in each, plain sockets; teardown closes all. */
struct fixture {
	int ns[NNS];
	struct netlink nl[NNS];
	int sock[NSOCK];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	int i;

	if (!f)
		return -1;
	for (i = 0; i < NNS; i++)
		f->ns[i] = -1;
	for (i = 0; i < NSOCK; i++)
		f->sock[i] = -1;
	*state = f;
	if (geteuid() != 0)
		return 0; /* the test skips itself */
	for (i = 0; i < NNS; i++) {
		f->ns[i] = new_netns();
		if (f->ns[i] < 0 || netlink_open_in(&f->nl[i], f->ns[i]) < 0)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int i;

	for (i = 0; i < NSOCK; i++)
		if (f->sock[i] >= 0)
			close(f->sock[i]);
	for (i = 0; i < NNS; i++) {
		netlink_close(&f->nl[i]);
		if (f->ns[i] >= 0)
			close(f->ns[i]);
	}
	free(f);
	setns_mock.fail_at = 0;
	die_if_moved();
	return 0;
}

static void need_root(void)
{
	if (geteuid() != 0)
		skip();
}

static const struct netlink_link *find_link(const struct netlink_link *l, size_t n,
					    const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(l[i].name, name))
			return &l[i];
	return NULL;
}

static const struct netlink_addr *find_addr(const struct netlink_addr *a, size_t n,
					    const char *addr)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(a[i].addr, addr))
			return &a[i];
	return NULL;
}

static const struct netlink_route *find_route(const struct netlink_route *r, size_t n, int family,
					      const char *dst, unsigned int dst_len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (r[i].family == family && !strcmp(r[i].dst, dst) && r[i].dst_len == dst_len)
			return &r[i];
	return NULL;
}

static int ifindex_of(struct netlink *nl, const char *name)
{
	int ifindex = 0;

	assert_int_equal(netlink_ifindex(nl, name, &ifindex), 0);
	assert_true(ifindex > 0);
	return ifindex;
}

/* A veth pair with both ends up; peer in peer_ns (-1: the same namespace). */
static void veth_up(struct netlink *nl, const char *name, struct netlink *peer_nl, const char *peer,
		    int peer_ns)
{
	assert_int_equal(netlink_create_veth(nl, name, peer, peer_ns, NULL), 0);
	assert_int_equal(netlink_set_link_up(nl, ifindex_of(nl, name), true), 0);
	assert_int_equal(netlink_set_link_up(peer_nl, ifindex_of(peer_nl, peer), true), 0);
}

/* ------------------------------------------------------ no privilege needed */

static void test_open_close(void **state)
{
	struct netlink nl;
	struct netlink_link *links = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(netlink_open(&nl), 0);
	assert_non_null(nl.nl);
	assert_int_not_equal(nl.portid, 0);
	netlink_close(&nl);
	assert_null(nl.nl);
	/* Twice is harmless, and a closed context refuses requests. */
	netlink_close(&nl);
	assert_int_equal(netlink_list_links(&nl, &links, &n), -EBADF);
	assert_null(links);
}

/* Arguments are checked before anything is sent: a closed context proves it (-EBADF otherwise). */
static void test_bad_arguments(void **state)
{
	struct netlink nl = {0};
	struct netlink_link link;
	int ifindex;

	(void)state;
	assert_int_equal(netlink_create_veth(&nl, "0123456789abcdef", "p", -1, NULL), -EINVAL);
	assert_int_equal(netlink_create_veth(&nl, "v", "0123456789abcdef", -1, NULL), -EINVAL);
	assert_int_equal(netlink_create_veth(&nl, "", "p", -1, NULL), -EINVAL);
	assert_int_equal(netlink_create_veth(&nl, NULL, "p", -1, NULL), -EINVAL);
	assert_int_equal(netlink_create_bridge(&nl, "a-name-far-too-long", NULL), -EINVAL);
	assert_int_equal(netlink_set_link_name(&nl, 2, "0123456789abcdef"), -EINVAL);
	assert_int_equal(netlink_delete_link_by_name(&nl, "0123456789abcdef"), -EINVAL);
	assert_int_equal(netlink_get_link_by_name(&nl, "", &link), -EINVAL);
	assert_int_equal(netlink_ifindex(&nl, "0123456789abcdef", &ifindex), -EINVAL);
	assert_int_equal(netlink_get_link(&nl, 0, &link), -EINVAL);
	assert_int_equal(netlink_delete_link(&nl, -1), -EINVAL);
	assert_int_equal(netlink_set_link_up(&nl, 0, true), -EINVAL);
	assert_int_equal(netlink_set_link_master(&nl, 2, -1), -EINVAL);
	assert_int_equal(netlink_set_link_netns(&nl, 2, -1), -EBADF);

	assert_int_equal(netlink_add_addr(&nl, 2, "10.0.0.300", 24, 0), -EINVAL);
	assert_int_equal(netlink_add_addr(&nl, 2, "10.0.0.1", 33, 0), -EINVAL);
	assert_int_equal(netlink_add_addr(&nl, 2, "fd00::1", 129, 0), -EINVAL);
	assert_int_equal(netlink_add_addr(&nl, 2, "fd00::1/64", 64, 0), -EINVAL);
	assert_int_equal(netlink_add_addr(&nl, 0, "10.0.0.1", 24, 0), -EINVAL);
	assert_int_equal(netlink_del_addr(&nl, 2, NULL, 24), -EINVAL);

	assert_int_equal(netlink_add_default_route(&nl, NULL, 2), -EINVAL);
	assert_int_equal(netlink_add_default_route(&nl, "gw", 0), -EINVAL);
	assert_int_equal(netlink_add_route(&nl, "10.0.0.0", 24, "fd00::1", 0), -EINVAL);
	assert_int_equal(netlink_add_route(&nl, "10.0.0.0", 24, NULL, 0), -EINVAL);
	assert_int_equal(netlink_add_route(&nl, "10.0.0.0", 40, "10.0.0.1", 0), -EINVAL);
	assert_int_equal(netlink_add_route(&nl, NULL, 8, "10.0.0.1", 0), -EINVAL);

	assert_int_equal(netlink_set_nsid(&nl, 3, -2), -EINVAL);
	assert_int_equal(netlink_get_nsid(&nl, -1, &ifindex), -EBADF);
}

static void test_names(void **state)
{
	const unsigned char mac[6] = {0x02, 0x00, 0x5e, 0xab, 0xcd, 0xef};
	char buf[18];

	(void)state;
	assert_string_equal(netlink_operstate_name(IF_OPER_UP), "UP");
	assert_string_equal(netlink_operstate_name(IF_OPER_LOWERLAYERDOWN), "LOWERLAYERDOWN");
	assert_null(netlink_operstate_name(7));
	assert_string_equal(netlink_scope_name(RT_SCOPE_UNIVERSE), "global");
	assert_string_equal(netlink_scope_name(RT_SCOPE_LINK), "link");
	assert_null(netlink_scope_name(17));
	assert_null(netlink_scope_name(1000));
	assert_string_equal(netlink_proto_name(RTPROT_KERNEL), "kernel");
	assert_string_equal(netlink_proto_name(RTPROT_BOOT), "boot");
	assert_null(netlink_proto_name(250));
	assert_string_equal(netlink_rtype_name(RTN_LOCAL), "local");
	assert_null(netlink_rtype_name(RTN_MAX + 1));

	assert_int_equal(netlink_format_hwaddr(mac, sizeof(mac), buf, sizeof(buf)), 0);
	assert_string_equal(buf, "02:00:5e:ab:cd:ef");
	assert_int_equal(netlink_format_hwaddr(mac, sizeof(mac), buf, sizeof(buf) - 1), -ENOSPC);
	assert_int_equal(netlink_format_hwaddr(mac, 0, buf, 1), 0);
	assert_string_equal(buf, "");
}

/* The thread cannot get back: the context is closed and the caller told plainly. */
static void test_open_in_no_way_back(void **state)
{
	struct netlink nl;
	int fds = count_fds();

	(void)state;
	setns_mock.calls = 0;
	setns_mock.fail_at = 2;
	setns_mock.fail_errno = EPERM;
	assert_int_equal(netlink_open_in(&nl, 0), -ENOTRECOVERABLE);
	assert_int_equal(setns_mock.calls, 2);
	assert_null(nl.nl);
	assert_int_equal(count_fds(), fds);
	setns_mock.fail_at = 0;
}

/* Refused entry: the errno of setns, nothing opened, nothing leaked. */
static void test_open_in_refused(void **state)
{
	struct netlink nl;
	int fds = count_fds();

	(void)state;
	setns_mock.calls = 0;
	setns_mock.fail_at = 1;
	setns_mock.fail_errno = EPERM;
	assert_int_equal(netlink_open_in(&nl, 0), -EPERM);
	assert_int_equal(setns_mock.calls, 1);
	assert_null(nl.nl);
	assert_int_equal(count_fds(), fds);
	setns_mock.fail_at = 0;
}

/* ----------------------------------------------------------------- as root */

static void test_open_in(void **state)
{
	struct fixture *f = *state;
	struct netlink nl;
	ino_t before;
	int skns;

	need_root();
	before = thread_netns_ino();
	assert_int_equal(netlink_open_in(&nl, f->ns[0]), 0);
	assert_true(thread_netns_ino() == before);
	/* The socket is in the namespace asked for: ask the socket itself. */
	skns = ioctl(mnl_socket_get_fd(nl.nl), SIOCGSKNS);
	netlink_close(&nl);
	assert_true(skns >= 0);
	assert_true(fd_ino(skns) == fd_ino(f->ns[0]));
	assert_true(fd_ino(skns) != before);
	close(skns);
}

static void test_open_in_bad_fd(void **state)
{
	struct fixture *f = *state;
	struct netlink nl;
	ino_t before;
	int uts;

	(void)f;
	need_root();
	before = thread_netns_ino();
	assert_int_equal(netlink_open_in(&nl, -1), -EBADF);
	assert_null(nl.nl);
	uts = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	assert_true(uts >= 0);
	/* Not a network namespace: setns refuses it as such. */
	assert_int_equal(netlink_open_in(&nl, uts), -EINVAL);
	close(uts);
	assert_null(nl.nl);
	assert_true(thread_netns_ino() == before);
}

static void test_links_fresh_netns(void **state)
{
	struct fixture *f = *state;
	struct netlink_link *l;
	size_t n;

	need_root();
	assert_int_equal(netlink_list_links(&f->nl[0], &l, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].ifindex, 1);
	assert_string_equal(l[0].name, "lo");
	assert_string_equal(l[0].kind, "");
	assert_true(l[0].flags & IFF_LOOPBACK);
	assert_false(l[0].flags & IFF_UP);
	assert_int_equal(l[0].mtu, 65536);
	assert_int_equal(l[0].master, 0);
	assert_int_equal(l[0].link, 0);
	assert_int_equal(l[0].link_netnsid, -1);
	assert_int_equal(l[0].hwaddr_len, 6);
	assert_true(l[0].has_stats);
	assert_true(l[0].stats.rx_packets == 0);
	netlink_links_free(l);
}

static void test_veth_addresses(void **state)
{
	struct fixture *f = *state;
	struct netlink *nl = &f->nl[0];
	const struct netlink_link *va, *vb;
	const struct netlink_addr *a4, *a6;
	struct netlink_link *l, link;
	struct netlink_addr *a;
	size_t n;
	int i, ia, ib;

	need_root();
	assert_int_equal(netlink_create_veth(nl, "va", "vb", -1, NULL), 0);
	ia = ifindex_of(nl, "va");
	ib = ifindex_of(nl, "vb");

	assert_int_equal(netlink_get_link(nl, ia, &link), 0);
	assert_false(link.flags & IFF_UP);
	assert_int_equal(netlink_set_link_up(nl, ia, true), 0);
	assert_int_equal(netlink_set_link_up(nl, ib, true), 0);

	assert_int_equal(netlink_list_links(nl, &l, &n), 0);
	assert_int_equal(n, 3);
	va = find_link(l, n, "va");
	vb = find_link(l, n, "vb");
	assert_non_null(va);
	assert_non_null(vb);
	assert_int_equal(va->ifindex, ia);
	assert_string_equal(va->kind, "veth");
	assert_string_equal(vb->kind, "veth");
	/* Carrier follows the peer at once; operstate may lag (link watch). */
	assert_true(va->flags & IFF_UP);
	assert_true(va->flags & IFF_LOWER_UP);
	assert_int_equal(va->mtu, 1500);
	assert_int_equal(va->hwaddr_len, 6);
	assert_int_equal(va->link, ib);
	assert_int_equal(vb->link, ia);
	assert_int_equal(va->link_netnsid, -1);
	assert_int_equal(va->master, 0);
	assert_true(va->has_stats);
	netlink_links_free(l);

	for (i = 0; i < 50; i++) {
		assert_int_equal(netlink_get_link(nl, ia, &link), 0);
		if (link.operstate == IF_OPER_UP)
			break;
		sleep_ms(100);
	}
	assert_int_equal(link.operstate, IF_OPER_UP);
	assert_string_equal(link.name, "va");

	assert_int_equal(netlink_add_addr(nl, ia, "10.1.2.3", 24, 0), 0);
	assert_int_equal(netlink_add_addr(nl, ia, "fd00:1::3", 64, IFA_F_NODAD), 0);
	assert_int_equal(netlink_add_addr(nl, ib, "10.1.2.4", 24, 0), 0);

	assert_int_equal(netlink_list_addrs(nl, AF_UNSPEC, ia, &a, &n), 0);
	a4 = find_addr(a, n, "10.1.2.3");
	a6 = find_addr(a, n, "fd00:1::3");
	assert_non_null(a4);
	assert_non_null(a6);
	assert_null(find_addr(a, n, "10.1.2.4")); /* vb's, filtered out */
	assert_int_equal(a4->family, AF_INET);
	assert_int_equal(a4->prefixlen, 24);
	assert_int_equal(a4->scope, RT_SCOPE_UNIVERSE);
	assert_int_equal(a4->ifindex, ia);
	assert_string_equal(a4->label, "va");
	assert_int_equal(a6->family, AF_INET6);
	assert_int_equal(a6->prefixlen, 64);
	assert_int_equal(a6->scope, RT_SCOPE_UNIVERSE);
	assert_true(a6->flags & IFA_F_NODAD);
	assert_false(a6->flags & IFA_F_TENTATIVE);
	netlink_addrs_free(a);

	/* Family filter, every link. */
	assert_int_equal(netlink_list_addrs(nl, AF_INET, 0, &a, &n), 0);
	assert_non_null(find_addr(a, n, "10.1.2.3"));
	assert_non_null(find_addr(a, n, "10.1.2.4"));
	for (size_t k = 0; k < n; k++)
		assert_int_equal(a[k].family, AF_INET);
	netlink_addrs_free(a);

	assert_int_equal(netlink_add_addr(nl, ia, "10.1.2.3", 24, 0), -EEXIST);
	assert_int_equal(netlink_del_addr(nl, ia, "10.1.2.3", 24), 0);
	assert_int_equal(netlink_del_addr(nl, ia, "10.1.2.3", 24), -EADDRNOTAVAIL);
	assert_int_equal(netlink_list_addrs(nl, AF_INET, ia, &a, &n), 0);
	assert_null(find_addr(a, n, "10.1.2.3"));
	netlink_addrs_free(a);
}

static void test_bridge_master(void **state)
{
	struct fixture *f = *state;
	struct netlink *nl = &f->nl[0];
	struct netlink_link br, port;
	int ibr, ip0;

	need_root();
	assert_int_equal(netlink_create_bridge(nl, "br0", NULL), 0);
	assert_int_equal(netlink_create_veth(nl, "p0", "p1", -1, NULL), 0);
	ibr = ifindex_of(nl, "br0");
	ip0 = ifindex_of(nl, "p0");
	assert_int_equal(netlink_get_link(nl, ibr, &br), 0);
	assert_string_equal(br.kind, "bridge");
	assert_int_equal(br.hwaddr_len, 6);

	assert_int_equal(netlink_set_link_master(nl, ip0, ibr), 0);
	assert_int_equal(netlink_get_link_by_name(nl, "p0", &port), 0);
	assert_int_equal(port.master, ibr);
	assert_string_equal(port.kind, "veth");
	assert_string_equal(port.slave_kind, "bridge");

	assert_int_equal(netlink_set_link_master(nl, ip0, 0), 0);
	assert_int_equal(netlink_get_link(nl, ip0, &port), 0);
	assert_int_equal(port.master, 0);
	assert_string_equal(port.slave_kind, "");
}

/*
 * Made as asked in one call: up, on its bridge, with an alias, and its
 * ifindex told; an alias the kernel refuses leaves no link behind.
 */
static void test_newlink_opts(void **state)
{
	struct fixture *f = *state;
	struct netlink *nl = &f->nl[0];
	struct netlink_newlink bw = { .up = true, .alias = "nskit:test:br" }, vw = { 0 };
	struct netlink_link link;
	char long_alias[NETLINK_ALIAS_MAX + 1];

	need_root();
	assert_int_equal(netlink_create_bridge(nl, "nbr", &bw), 0);
	assert_int_equal(bw.ifindex, ifindex_of(nl, "nbr"));
	assert_int_equal(netlink_get_link(nl, bw.ifindex, &link), 0);
	assert_true(link.flags & IFF_UP);
	assert_string_equal(link.alias, "nskit:test:br");

	vw.master = bw.ifindex;
	vw.up = true;
	vw.alias = "nskit:test:veth";
	assert_int_equal(netlink_create_veth(nl, "nv0", "nv1", f->ns[1], &vw), 0);
	assert_int_equal(vw.ifindex, ifindex_of(nl, "nv0"));
	assert_int_equal(netlink_get_link(nl, vw.ifindex, &link), 0);
	assert_int_equal(link.master, bw.ifindex);
	assert_true(link.flags & IFF_UP);
	assert_string_equal(link.alias, "nskit:test:veth");
	/* the peer is as the kernel makes it: down, no alias */
	assert_int_equal(netlink_get_link_by_name(&f->nl[1], "nv1", &link), 0);
	assert_false(link.flags & IFF_UP);
	assert_string_equal(link.alias, "");

	/* an alias is changed and cleared */
	assert_int_equal(netlink_set_link_alias(nl, vw.ifindex, "other"), 0);
	assert_int_equal(netlink_get_link(nl, vw.ifindex, &link), 0);
	assert_string_equal(link.alias, "other");
	assert_int_equal(netlink_set_link_alias(nl, vw.ifindex, ""), 0);
	assert_int_equal(netlink_get_link(nl, vw.ifindex, &link), 0);
	assert_string_equal(link.alias, "");

	/* a name taken: -EEXIST, and what has the name is left as it was */
	vw.alias = "nskit:test:again";
	assert_int_equal(netlink_create_veth(nl, "nbr", "nv2", -1, &vw), -EEXIST);
	assert_int_equal(vw.ifindex, 0);
	assert_int_equal(netlink_get_link_by_name(nl, "nbr", &link), 0);
	assert_string_equal(link.alias, "nskit:test:br");

	/* an alias too long: checked before anything is made */
	memset(long_alias, 'a', sizeof(long_alias) - 1);
	long_alias[sizeof(long_alias) - 1] = '\0';
	assert_int_equal(netlink_set_link_alias(nl, bw.ifindex, long_alias), -EINVAL);
	vw.alias = long_alias;
	assert_int_equal(netlink_create_veth(nl, "nv3", "nv4", -1, &vw), -EINVAL);
	assert_int_equal(netlink_get_link_by_name(nl, "nv3", &link), -ENODEV);
	assert_int_equal(netlink_get_link_by_name(nl, "nv4", &link), -ENODEV);
}

/* A peer created straight in another namespace that has an nsid here. */
static void test_veth_peer_in_other_netns(void **state)
{
	struct fixture *f = *state;
	const struct netlink_link *va, *vb;
	struct netlink_link *la, *lb;
	size_t na, nb;
	int nsid = -5;

	need_root();
	assert_int_equal(netlink_get_nsid(&f->nl[0], f->ns[1], &nsid), 0);
	assert_int_equal(nsid, -1);
	assert_int_equal(netlink_set_nsid(&f->nl[0], f->ns[1], 7), 0);
	assert_int_equal(netlink_get_nsid(&f->nl[0], f->ns[1], &nsid), 0);
	assert_int_equal(nsid, 7);

	assert_int_equal(netlink_create_veth(&f->nl[0], "va", "vb", f->ns[1], NULL), 0);

	assert_int_equal(netlink_list_links(&f->nl[0], &la, &na), 0);
	assert_int_equal(netlink_list_links(&f->nl[1], &lb, &nb), 0);
	va = find_link(la, na, "va");
	vb = find_link(lb, nb, "vb");
	assert_non_null(va);
	assert_non_null(vb);
	assert_null(find_link(la, na, "vb"));
	assert_null(find_link(lb, nb, "va"));
	assert_int_equal(va->link_netnsid, 7);
	assert_int_equal(va->link, vb->ifindex);
	/* The other way round, the id is whatever B gave A: its own one. */
	assert_int_equal(netlink_get_nsid(&f->nl[1], f->ns[0], &nsid), 0);
	assert_true(nsid >= 0);
	assert_int_equal(vb->link_netnsid, nsid);
	assert_int_equal(vb->link, va->ifindex);
	netlink_links_free(la);
	netlink_links_free(lb);
}

/*
 * No nsid assigned beforehand: the kernel assigns one when it first has to
 * name the peer's namespace, and reports that one.
 */
static void test_nsid_assigned_by_kernel(void **state)
{
	struct fixture *f = *state;
	struct netlink_link va;
	int nsid = -5;

	need_root();
	assert_int_equal(netlink_create_veth(&f->nl[0], "va", "vb", f->ns[1], NULL), 0);
	assert_int_equal(netlink_get_link_by_name(&f->nl[0], "va", &va), 0);
	assert_true(va.link_netnsid >= 0);
	assert_int_equal(netlink_get_nsid(&f->nl[0], f->ns[1], &nsid), 0);
	assert_int_equal(va.link_netnsid, nsid);
}

static void test_nsid_set(void **state)
{
	struct fixture *f = *state;
	int nsid = -5, other = -5;

	need_root();
	assert_int_equal(netlink_set_nsid(&f->nl[0], f->ns[1], 42), 0);
	assert_int_equal(netlink_get_nsid(&f->nl[0], f->ns[1], &nsid), 0);
	assert_int_equal(nsid, 42);
	/* Once assigned, an id stays for the namespace's life. */
	assert_int_equal(netlink_set_nsid(&f->nl[0], f->ns[1], 43), -EEXIST);
	assert_true(f->nl[0].ext_msg[0] != '\0');
	/* Taken by another namespace. */
	assert_int_equal(netlink_set_nsid(&f->nl[0], f->ns[2], 42), -EEXIST);
	/* -1: any free id. */
	assert_int_equal(netlink_set_nsid(&f->nl[0], f->ns[2], -1), 0);
	assert_int_equal(netlink_get_nsid(&f->nl[0], f->ns[2], &other), 0);
	assert_true(other >= 0);
	assert_int_not_equal(other, 42);
	/* Its own namespace has no id unless asked for. */
	assert_int_equal(netlink_get_nsid(&f->nl[0], f->ns[0], &nsid), 0);
	assert_int_equal(nsid, -1);
}

static void test_move_link(void **state)
{
	struct fixture *f = *state;
	struct netlink_link m0, m1;
	int nsid = -5;

	need_root();
	assert_int_equal(netlink_create_veth(&f->nl[0], "m0", "m1", -1, NULL), 0);
	assert_int_equal(netlink_set_link_netns(&f->nl[0], ifindex_of(&f->nl[0], "m1"), f->ns[1]),
			 0);
	assert_int_equal(netlink_get_link_by_name(&f->nl[0], "m1", &m1), -ENODEV);
	assert_int_equal(netlink_get_link_by_name(&f->nl[1], "m1", &m1), 0);
	assert_string_equal(m1.kind, "veth");
	assert_int_equal(netlink_get_link_by_name(&f->nl[0], "m0", &m0), 0);
	assert_int_equal(m0.link, m1.ifindex);
	assert_true(m0.link_netnsid >= 0);
	assert_int_equal(netlink_get_nsid(&f->nl[0], f->ns[1], &nsid), 0);
	assert_int_equal(m0.link_netnsid, nsid);
	assert_int_equal(m1.link, m0.ifindex);
	assert_true(m1.link_netnsid >= 0);

	/* And back, under the same name. */
	assert_int_equal(netlink_set_link_netns(&f->nl[1], m1.ifindex, f->ns[0]), 0);
	assert_int_equal(netlink_get_link_by_name(&f->nl[0], "m1", &m1), 0);
	assert_int_equal(m1.link_netnsid, -1);
	assert_int_equal(netlink_get_link_by_name(&f->nl[1], "m1", &m1), -ENODEV);
}

static void test_routes(void **state)
{
	struct fixture *f = *state;
	struct netlink *nl = &f->nl[0];
	const struct netlink_route *r;
	struct netlink_route *rt;
	size_t n, i;
	int ia;

	need_root();
	veth_up(nl, "va", &f->nl[1], "vb", f->ns[1]);
	ia = ifindex_of(nl, "va");
	assert_int_equal(netlink_add_addr(nl, ia, "10.99.0.1", 24, 0), 0);
	assert_int_equal(netlink_add_addr(nl, ia, "fd00:99::1", 64, IFA_F_NODAD), 0);

	assert_int_equal(netlink_add_default_route(nl, "10.99.0.254", 0), 0);
	assert_int_equal(netlink_add_default_route(nl, "10.99.0.254", 0), -EEXIST);
	assert_int_equal(netlink_add_route(nl, "192.168.77.0", 24, "10.99.0.2", ia), 0);
	assert_int_equal(netlink_add_route(nl, "172.16.0.0", 16, NULL, ia), 0);
	assert_int_equal(netlink_add_default_route(nl, "fd00:99::fe", ia), 0);

	assert_int_equal(netlink_list_routes(nl, AF_UNSPEC, RT_TABLE_MAIN, &rt, &n), 0);
	r = find_route(rt, n, AF_INET, "", 0);
	assert_non_null(r);
	assert_string_equal(r->gateway, "10.99.0.254");
	assert_int_equal(r->oif, ia);
	assert_int_equal(r->table, RT_TABLE_MAIN);
	assert_int_equal(r->protocol, RTPROT_BOOT);
	assert_int_equal(r->scope, RT_SCOPE_UNIVERSE);
	assert_int_equal(r->type, RTN_UNICAST);

	r = find_route(rt, n, AF_INET, "192.168.77.0", 24);
	assert_non_null(r);
	assert_string_equal(r->gateway, "10.99.0.2");
	assert_int_equal(r->oif, ia);

	r = find_route(rt, n, AF_INET, "172.16.0.0", 16);
	assert_non_null(r);
	assert_string_equal(r->gateway, "");
	assert_int_equal(r->scope, RT_SCOPE_LINK);

	/* The kernel's own route for the address's subnet. */
	r = find_route(rt, n, AF_INET, "10.99.0.0", 24);
	assert_non_null(r);
	assert_int_equal(r->protocol, RTPROT_KERNEL);
	assert_int_equal(r->scope, RT_SCOPE_LINK);
	assert_string_equal(r->prefsrc, "10.99.0.1");

	r = find_route(rt, n, AF_INET6, "", 0);
	assert_non_null(r);
	assert_string_equal(r->gateway, "fd00:99::fe");
	assert_int_equal(r->oif, ia);
	assert_non_null(find_route(rt, n, AF_INET6, "fd00:99::", 64));

	for (i = 0; i < n; i++) {
		assert_int_equal(rt[i].table, RT_TABLE_MAIN);
		assert_int_not_equal(rt[i].type, RTN_LOCAL);
	}
	netlink_routes_free(rt);

	/* Every table brings the local one; a family filter only that family. */
	assert_int_equal(netlink_list_routes(nl, AF_INET, 0, &rt, &n), 0);
	r = find_route(rt, n, AF_INET, "10.99.0.1", 32);
	assert_non_null(r);
	assert_int_equal(r->table, RT_TABLE_LOCAL);
	assert_int_equal(r->type, RTN_LOCAL);
	for (i = 0; i < n; i++)
		assert_int_equal(rt[i].family, AF_INET);
	netlink_routes_free(rt);

	assert_int_equal(netlink_del_route(nl, NULL, 0, "10.99.0.254", 0), 0);
	assert_int_equal(netlink_del_route(nl, NULL, 0, "10.99.0.254", 0), -ESRCH);
	assert_int_equal(netlink_list_routes(nl, AF_INET, RT_TABLE_MAIN, &rt, &n), 0);
	assert_null(find_route(rt, n, AF_INET, "", 0));
	assert_non_null(find_route(rt, n, AF_INET, "192.168.77.0", 24));
	netlink_routes_free(rt);

	/* The kernel's own routes can go too, as with ip route del. */
	assert_int_equal(netlink_del_route(nl, "10.99.0.0", 24, NULL, ia), 0);
	assert_int_equal(netlink_del_route(nl, "fd00:99::", 64, NULL, ia), 0);
	assert_int_equal(netlink_list_routes(nl, AF_UNSPEC, RT_TABLE_MAIN, &rt, &n), 0);
	assert_null(find_route(rt, n, AF_INET, "10.99.0.0", 24));
	assert_null(find_route(rt, n, AF_INET6, "fd00:99::", 64));
	netlink_routes_free(rt);
}

static int wait_readable(int fd, int ms)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};

	return poll(&p, 1, ms);
}

/* UDP from one test namespace to the other: the veth counters move by at least that much. */
static void test_counters(void **state)
{
	struct fixture *f = *state;
	struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(9999)};
	struct netlink_link a0, b0, a1, b1;
	char payload[100], got[200];
	int ia, ib, i, tx, rx;

	need_root();
	veth_up(&f->nl[0], "va", &f->nl[1], "vb", f->ns[1]);
	ia = ifindex_of(&f->nl[0], "va");
	ib = ifindex_of(&f->nl[1], "vb");
	assert_int_equal(netlink_add_addr(&f->nl[0], ia, "10.98.0.1", 24, 0), 0);
	assert_int_equal(netlink_add_addr(&f->nl[1], ib, "10.98.0.2", 24, 0), 0);

	rx = f->sock[0] = socket_in(f->ns[1], AF_INET, SOCK_DGRAM);
	tx = f->sock[1] = socket_in(f->ns[0], AF_INET, SOCK_DGRAM);
	assert_true(rx >= 0 && tx >= 0);
	assert_int_equal(inet_pton(AF_INET, "10.98.0.2", &to.sin_addr), 1);
	assert_int_equal(bind(rx, (struct sockaddr *)&to, sizeof(to)), 0);

	assert_int_equal(netlink_get_link(&f->nl[0], ia, &a0), 0);
	assert_int_equal(netlink_get_link(&f->nl[1], ib, &b0), 0);
	assert_true(a0.has_stats && b0.has_stats);

	memset(payload, 'x', sizeof(payload));
	for (i = 0; i < 3; i++)
		assert_int_equal(
			sendto(tx, payload, sizeof(payload), 0, (struct sockaddr *)&to, sizeof(to)),
			sizeof(payload));
	/* The datagrams arrived: the counters are then up to date (veth counts synchronously). */
	for (i = 0; i < 3; i++) {
		assert_int_equal(wait_readable(rx, 5000), 1);
		assert_int_equal(recv(rx, got, sizeof(got), 0), sizeof(payload));
	}

	assert_int_equal(netlink_get_link(&f->nl[0], ia, &a1), 0);
	assert_int_equal(netlink_get_link(&f->nl[1], ib, &b1), 0);
	/* 100 bytes of data, 8 of UDP, 20 of IP each; plus ARP and IPv6 chatter. */
	assert_true(a1.stats.tx_packets >= a0.stats.tx_packets + 3);
	assert_true(a1.stats.tx_bytes >= a0.stats.tx_bytes + 3 * 128);
	assert_true(b1.stats.rx_packets >= b0.stats.rx_packets + 3);
	assert_true(b1.stats.rx_bytes >= b0.stats.rx_bytes + 3 * 128);
}

static void test_delete(void **state)
{
	struct fixture *f = *state;
	struct netlink *nl = &f->nl[0];
	struct netlink_link *l, link;
	size_t n;
	int ibr;

	need_root();
	assert_int_equal(netlink_create_veth(nl, "d0", "d1", -1, NULL), 0);
	assert_int_equal(netlink_create_bridge(nl, "dbr", NULL), 0);
	ibr = ifindex_of(nl, "dbr");

	/* One end takes the other with it. */
	assert_int_equal(netlink_delete_link_by_name(nl, "d0"), 0);
	assert_int_equal(netlink_get_link_by_name(nl, "d1", &link), -ENODEV);
	assert_int_equal(netlink_delete_link(nl, ibr), 0);
	assert_int_equal(netlink_get_link(nl, ibr, &link), -ENODEV);

	assert_int_equal(netlink_list_links(nl, &l, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(l[0].name, "lo");
	netlink_links_free(l);

	assert_int_equal(netlink_delete_link_by_name(nl, "d0"), -ENODEV);
	assert_int_equal(netlink_delete_link(nl, ibr), -ENODEV);
	assert_int_equal(netlink_delete_link(nl, 4242), -ENODEV);
}

static void test_errors(void **state)
{
	struct fixture *f = *state;
	struct netlink *nl = &f->nl[0];
	int ia, ifindex;

	need_root();
	assert_int_equal(netlink_create_veth(nl, "e0", "e1", -1, NULL), 0);
	ia = ifindex_of(nl, "e0");
	assert_int_equal(netlink_create_veth(nl, "e0", "e2", -1, NULL), -EEXIST);
	assert_int_equal(netlink_create_veth(nl, "e3", "e1", -1, NULL), -EEXIST);
	assert_int_equal(netlink_create_bridge(nl, "e1", NULL), -EEXIST);
	/* A name the kernel refuses although its length is fine. */
	assert_int_equal(netlink_create_bridge(nl, "a/b", NULL), -EINVAL);
	assert_int_equal(netlink_ifindex(nl, "nosuch", &ifindex), -ENODEV);
	assert_int_equal(netlink_set_link_up(nl, 4242, true), -ENODEV);
	assert_int_equal(netlink_set_link_master(nl, ia, 4242), -EINVAL);
	assert_int_equal(netlink_set_link_name(nl, ia, "e1"), -EEXIST);

	/* The kernel explains some errors, and the explanation is kept. */
	assert_int_equal(netlink_set_link_up(nl, ia, true), 0);
	assert_int_equal(netlink_add_addr(nl, ia, "10.97.0.1", 24, 0), 0);
	assert_int_equal(netlink_add_route(nl, "10.97.5.1", 16, NULL, ia), -EINVAL);
	assert_string_not_equal(nl->ext_msg, "");
	/* ... and cleared by the next request. */
	assert_int_equal(netlink_ifindex(nl, "e0", &ifindex), 0);
	assert_string_equal(nl->ext_msg, "");
	/* A gateway the kernel cannot reach. */
	assert_int_equal(netlink_add_default_route(nl, "192.0.2.1", ia), -ENETUNREACH);
}

static void test_rename_mtu_down(void **state)
{
	struct fixture *f = *state;
	struct netlink *nl = &f->nl[0];
	struct netlink_link link;
	int ia, rc;

	need_root();
	assert_int_equal(netlink_create_veth(nl, "r0", "r1", -1, NULL), 0);
	ia = ifindex_of(nl, "r0");
	assert_int_equal(netlink_set_link_name(nl, ia, "renamed0"), 0);
	assert_int_equal(netlink_get_link(nl, ia, &link), 0);
	assert_string_equal(link.name, "renamed0");
	assert_int_equal(netlink_ifindex(nl, "r0", &ia), -ENODEV);
	assert_int_equal(netlink_ifindex(nl, "renamed0", &ia), 0);

	assert_int_equal(netlink_set_link_mtu(nl, ia, 1400), 0);
	assert_int_equal(netlink_get_link(nl, ia, &link), 0);
	assert_int_equal(link.mtu, 1400);

	assert_int_equal(netlink_set_link_up(nl, ia, true), 0);
	assert_int_equal(netlink_get_link(nl, ia, &link), 0);
	assert_true(link.flags & IFF_UP);
	/* Kernels before 6.2 rename only links that are down; later ones any link. */
	rc = netlink_set_link_name(nl, ia, "other0");
	assert_true(rc == 0 || rc == -EBUSY);
	assert_int_equal(netlink_set_link_up(nl, ia, false), 0);
	assert_int_equal(netlink_get_link(nl, ia, &link), 0);
	assert_false(link.flags & IFF_UP);
	assert_int_equal(netlink_set_link_name(nl, ia, "other1"), 0);
	assert_int_equal(netlink_get_link(nl, ia, &link), 0);
	assert_string_equal(link.name, "other1");
}

/* Many links: a dump that spans several messages, all collected. */
static void test_many_links(void **state)
{
	struct fixture *f = *state;
	struct netlink *nl = &f->nl[0];
	struct netlink_link *l;
	char a[16], b[16];
	size_t n;
	int i;

	need_root();
	for (i = 0; i < 100; i++) {
		snprintf(a, sizeof(a), "m%da", i);
		snprintf(b, sizeof(b), "m%db", i);
		assert_int_equal(netlink_create_veth(nl, a, b, -1, NULL), 0);
	}
	assert_int_equal(netlink_list_links(nl, &l, &n), 0);
	assert_int_equal(n, 201);
	assert_non_null(find_link(l, n, "m0a"));
	assert_non_null(find_link(l, n, "m99b"));
	netlink_links_free(l);
}

/* A token bucket at the root of a veth's end, read back, replaced, and gone with the link. */
static void test_tbf(void **state)
{
	struct fixture *f = *state;
	struct netlink *nl = &f->nl[0];
	struct netlink_tbf t = { .rate = 125000, .burst = 15140, .limit = 21390 }, back, *v;
	struct netlink_tbf big = { .rate = 6250000000ull, .burst = 1 << 20, .limit = 2 << 20 };
	size_t n;
	int ia, ib;

	need_root();
	/* what is refused before anything is sent */
	assert_int_equal(netlink_set_tbf(nl, 1, NULL), -EINVAL);
	back = t;
	back.rate = 0;
	assert_int_equal(netlink_set_tbf(nl, 1, &back), -EINVAL);
	back = t;
	back.limit = back.burst - 1;
	assert_int_equal(netlink_set_tbf(nl, 1, &back), -EINVAL);

	veth_up(nl, "q0", nl, "q1", -1);
	ia = ifindex_of(nl, "q0");
	ib = ifindex_of(nl, "q1");
	/* a veth has no qdisc of its own to begin with (noqueue) */
	assert_int_equal(netlink_get_tbf(nl, ia, &back), -ENOENT);
	assert_int_equal(netlink_set_tbf(nl, ia, &t), 0);
	assert_int_equal(netlink_get_tbf(nl, ia, &back), 0);
	assert_int_equal(back.ifindex, ia);
	assert_int_equal(back.rate, t.rate);
	assert_int_equal(back.limit, t.limit);
	assert_true(back.burst >= t.burst - 1 && back.burst <= t.burst + 1);
	/* past 32 bits (50 gbit), on the other end: both listed */
	assert_int_equal(netlink_set_tbf(nl, ib, &big), 0);
	assert_int_equal(netlink_list_tbf(nl, &v, &n), 0);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(v[i].rate, v[i].ifindex == ib ? big.rate : t.rate);
	netlink_tbfs_free(v);
	/* replaced in place */
	t.rate = 250000;
	assert_int_equal(netlink_set_tbf(nl, ia, &t), 0);
	assert_int_equal(netlink_get_tbf(nl, ia, &back), 0);
	assert_int_equal(back.rate, 250000);
	/* gone with the link */
	assert_int_equal(netlink_delete_link(nl, ia), 0);
	assert_int_equal(netlink_list_tbf(nl, &v, &n), 0);
	assert_int_equal(n, 0);
	netlink_tbfs_free(v);
	assert_int_equal(netlink_set_tbf(nl, ia, &t), -ENODEV);
}

static int reset_mock(void **state)
{
	(void)state;
	setns_mock.fail_at = 0;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_close),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_names),
		cmocka_unit_test_teardown(test_open_in_no_way_back, reset_mock),
		cmocka_unit_test_teardown(test_open_in_refused, reset_mock),
		cmocka_unit_test_setup_teardown(test_open_in, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_in_bad_fd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_links_fresh_netns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_veth_addresses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bridge_master, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newlink_opts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_veth_peer_in_other_netns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nsid_assigned_by_kernel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nsid_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_move_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_routes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename_mtu_down, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tbf, setup, teardown),
	};

	home_ino = thread_netns_ino();
	if (!home_ino) {
		fprintf(stderr, "test_netlink: cannot read /proc/thread-self/ns/net\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
