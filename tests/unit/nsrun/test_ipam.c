// SPDX-License-Identifier: GPL-2.0-or-later
/* tools/nsrun/ipam.c: addresses, subnets, allocation, interface names, hosts files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "ipam.h"

static void test_addr(void **state)
{
	static const char *bad[] = { "", "10.1", "10.0.0", "1.2.3.4.5", "256.0.0.1", "010.0.0.1",
				     " 1.2.3.4", "1.2.3.4 ", "1..2.3", "a.b.c.d", "1.2.3.-4",
				     "1234.1.1.1" };
	char buf[IPAM_ADDR_MAX];
	uint32_t a;

	(void)state;
	assert_int_equal(ipam_parse_addr("10.88.0.7", &a), 0);
	assert_int_equal(a, 0x0a580007u);
	assert_int_equal(ipam_parse_addr("0.0.0.0", &a), 0);
	assert_int_equal(a, 0);
	assert_int_equal(ipam_parse_addr("255.255.255.255", &a), 0);
	assert_int_equal(a, 0xffffffffu);
	ipam_format_addr(0xc0a80101u, buf);
	assert_string_equal(buf, "192.168.1.1");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(ipam_parse_addr(bad[i], &a), -EINVAL);
	assert_int_equal(ipam_parse_addr(NULL, &a), -EINVAL);
}

static void test_cidr(void **state)
{
	static const char *bad[] = { "10.0.0.0", "10.0.0.0/", "10.0.0.0/024", "10.0.0.0/24x",
				     "10.0.0/24", "/24", "10.0.0.0/ 24", "10.0.0.0/-1" };
	struct ipam_subnet sn;
	char buf[IPAM_CIDR_MAX];

	(void)state;
	assert_int_equal(ipam_parse_cidr("10.88.0.0/24", &sn), 0);
	assert_int_equal(sn.net, 0x0a580000u);
	assert_int_equal(sn.prefix, 24);
	ipam_format_cidr(&sn, buf);
	assert_string_equal(buf, "10.88.0.0/24");
	assert_int_equal(ipam_parse_cidr("172.16.0.0/12", &sn), 0);
	assert_int_equal(ipam_parse_cidr("10.0.0.0/8", &sn), 0);
	assert_int_equal(ipam_parse_cidr("192.168.7.4/30", &sn), 0);
	/* host bits: the caller may suggest the subnet meant */
	assert_int_equal(ipam_parse_cidr("10.88.0.1/24", &sn), -EDOM);
	/* prefixes that cannot hold a bridge and two containers, or are too wide */
	assert_int_equal(ipam_parse_cidr("10.0.0.0/7", &sn), -ERANGE);
	assert_int_equal(ipam_parse_cidr("10.0.0.0/31", &sn), -ERANGE);
	assert_int_equal(ipam_parse_cidr("10.0.0.0/32", &sn), -ERANGE);
	assert_int_equal(ipam_parse_cidr("0.0.0.0/0", &sn), -ERANGE);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(ipam_parse_cidr(bad[i], &sn), -EINVAL);
}

static void test_arith(void **state)
{
	struct ipam_subnet a = { 0x0a580000u, 24 }, b = { 0x0a580100u, 24 }, c = { 0x0a000000u, 8 };

	(void)state;
	assert_int_equal(ipam_mask(24), 0xffffff00u);
	assert_int_equal(ipam_mask(0), 0);
	assert_int_equal(ipam_mask(32), 0xffffffffu);
	assert_int_equal(ipam_broadcast(&a), 0x0a5800ffu);
	assert_int_equal(ipam_gateway(&a), 0x0a580001u);
	assert_true(ipam_contains(&a, 0x0a580042u));
	assert_false(ipam_contains(&a, 0x0a580142u));
	assert_false(ipam_overlap(&a, &b));
	assert_true(ipam_overlap(&a, &c));
	assert_true(ipam_overlap(&c, &b));
	assert_true(ipam_overlap(&a, &a));
}

static void test_alloc(void **state)
{
	struct ipam_subnet sn = { 0x0a580000u, 24 }, tiny = { 0xc0a80004u, 30 };
	uint32_t used[] = { 0x0a580002u, 0x0a580004u }, a;

	(void)state;
	assert_int_equal(ipam_alloc(&sn, NULL, 0, &a), 0);
	assert_int_equal(a, 0x0a580002u);	/* .1 is the gateway */
	assert_int_equal(ipam_alloc(&sn, used, 1, &a), 0);
	assert_int_equal(a, 0x0a580003u);
	assert_int_equal(ipam_alloc(&sn, used, 2, &a), 0);
	assert_int_equal(a, 0x0a580003u);
	/* a /30: network, gateway, one container, broadcast */
	assert_int_equal(ipam_alloc(&tiny, NULL, 0, &a), 0);
	assert_int_equal(a, 0xc0a80006u);
	assert_int_equal(ipam_alloc(&tiny, &a, 1, &a), -ENOSPC);
	{
		/* a full /24: 253 containers */
		uint32_t all[253];

		for (uint32_t i = 0; i < 253; i++)
			all[i] = 0x0a580002u + i;
		assert_int_equal(ipam_alloc(&sn, all, 253, &a), -ENOSPC);
		all[100] = 0;
		assert_int_equal(ipam_alloc(&sn, all, 253, &a), 0);
		assert_int_equal(a, 0x0a580002u + 100);
	}
}

static void test_pick(void **state)
{
	struct ipam_subnet taken[3], out;

	(void)state;
	assert_int_equal(ipam_pick_subnet(NULL, 0, &out), 0);
	assert_int_equal(out.net, 0x0a580000u);
	assert_int_equal(out.prefix, 24);
	taken[0] = (struct ipam_subnet){ 0x0a580000u, 23 };	/* 10.88.0.0-10.88.1.255 */
	taken[1] = (struct ipam_subnet){ 0x0a580300u, 24 };
	assert_int_equal(ipam_pick_subnet(taken, 2, &out), 0);
	assert_int_equal(out.net, 0x0a580200u);
	taken[2] = (struct ipam_subnet){ 0x0a000000u, 8 };	/* the host's 10/8 covers it all */
	assert_int_equal(ipam_pick_subnet(taken, 3, &out), -ENOSPC);
}

static bool all_hex(const char *s)
{
	for (; *s; s++)
		if (!strchr("0123456789abcdef", *s))
			return false;
	return true;
}

static void test_ifname(void **state)
{
	char a[IPAM_IFNAME_MAX], b[IPAM_IFNAME_MAX];

	(void)state;
	ipam_ifname("nsk-", "/run/nskit", "web1", 0, a);
	assert_int_equal(strlen(a), 15);
	assert_memory_equal(a, "nsk-", 4);
	assert_true(all_hex(a + 4));
	/* stable: the same name gives the same interface in every process */
	ipam_ifname("nsk-", "/run/nskit", "web1", 0, b);
	assert_string_equal(a, b);
	/* another state directory, another attempt, another name: another interface */
	ipam_ifname("nsk-", "/tmp/state", "web1", 0, b);
	assert_string_not_equal(a, b);
	ipam_ifname("nsk-", "/run/nskit", "web1", 1, b);
	assert_string_not_equal(a, b);
	ipam_ifname("nsk-", "/run/nskit", "web2", 0, b);
	assert_string_not_equal(a, b);
	/* the parts are kept apart: ("/run/nskit", "x1") is not ("/run/nskitx", "1") */
	ipam_ifname("nsv-", "/run/nskit", "x1", 0, a);
	ipam_ifname("nsv-", "/run/nskitx", "1", 0, b);
	assert_string_not_equal(a, b);
	/*
	 * Never the name itself: under the old rule "c52e52c49eb" kept its
	 * name, which the hash of "rtvictim-long-name-0001" also gave.
	 */
	ipam_ifname("nsv-", "/run/nskit", "c52e52c49eb", 0, a);
	ipam_ifname("nsv-", "/run/nskit", "rtvictim-long-name-0001", 0, b);
	assert_string_not_equal(a, "nsv-c52e52c49eb");
	assert_string_not_equal(a, b);
	/* a prefix longer than 8 bytes is cut, leaving room for 7 digits */
	ipam_ifname("123456789", "s", "n", 0, a);
	assert_int_equal(strlen(a), 15);
	assert_memory_equal(a, "12345678", 8);
	assert_true(all_hex(a + 8));
}

static void test_link_mark(void **state)
{
	char a[IPAM_MARK_MAX], b[IPAM_MARK_MAX], small[20];
	char longest[64];

	(void)state;
	assert_int_equal(ipam_link_mark("/run/nskit", "web1", a, sizeof(a)), 0);
	assert_int_equal(strlen(a), 6 + 16 + 1 + 4);
	assert_memory_equal(a, "nskit:", 6);
	assert_string_equal(a + 22, ":web1");
	a[22] = '\0';
	assert_true(all_hex(a + 6));
	/* the state directory's hash is the same for its every name, not another's */
	assert_int_equal(ipam_link_mark("/run/nskit", "db", b, sizeof(b)), 0);
	assert_memory_equal(a, b, 22);
	assert_int_equal(ipam_link_mark("/tmp/state", "web1", b, sizeof(b)), 0);
	assert_memory_not_equal(a, b, 22);
	/* the longest name fits; a buffer too small is said */
	memset(longest, 'n', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	assert_int_equal(ipam_link_mark("/run/nskit", longest, a, sizeof(a)), 0);
	assert_int_equal(ipam_link_mark("/run/nskit", "web1", small, sizeof(small)), -ENOSPC);
}

static void test_link_hwaddr(void **state)
{
	unsigned char a[6], b[6], c[6];

	(void)state;
	ipam_link_hwaddr("nskit:0123456789abcdef:web1", a);
	ipam_link_hwaddr("nskit:0123456789abcdef:web1", b);
	ipam_link_hwaddr("nskit:0123456789abcdef:web2", c);
	/* the same mark, the same address; another mark, another */
	assert_memory_equal(a, b, 6);
	assert_memory_not_equal(a, c, 6);
	/* locally administered, unicast */
	assert_int_equal(a[0] & 0x03, 0x02);
	assert_int_equal(c[0] & 0x03, 0x02);
}

static void test_reserved(void **state)
{
	static const struct {
		const char *cidr, *block, *what;
	} cases[] = {
		{ "0.0.0.0/8", "0.0.0.0/8", "this network" },
		{ "127.0.0.0/8", "127.0.0.0/8", "loopback" },
		{ "127.1.0.0/16", "127.0.0.0/8", "loopback" },
		{ "169.254.0.0/16", "169.254.0.0/16", "link-local" },
		{ "169.254.7.0/24", "169.254.0.0/16", "link-local" },
		{ "169.0.0.0/8", "169.254.0.0/16", "link-local" },
		{ "224.0.0.0/24", "224.0.0.0/4", "multicast" },
		{ "239.255.255.0/24", "224.0.0.0/4", "multicast" },
		{ "240.0.0.0/24", "240.0.0.0/4", "reserved" },
		{ "255.255.255.0/24", "240.0.0.0/4", "reserved" },
		{ "255.255.255.252/30", "240.0.0.0/4", "reserved" },
	};
	static const char *const usable[] = {
		"1.0.0.0/8",	  "10.88.0.0/24",   "126.0.0.0/8",    "128.0.0.0/8",
		"169.253.0.0/16", "169.255.0.0/16", "172.16.0.0/12",  "192.168.0.0/16",
		"223.255.255.0/24",
	};
	struct ipam_subnet sn, block;
	char buf[IPAM_CIDR_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(ipam_parse_cidr(cases[i].cidr, &sn), 0);
		assert_string_equal(ipam_reserved(&sn, &block), cases[i].what);
		ipam_format_cidr(&block, buf);
		assert_string_equal(buf, cases[i].block);
	}
	for (size_t i = 0; i < sizeof(usable) / sizeof(usable[0]); i++) {
		assert_int_equal(ipam_parse_cidr(usable[i], &sn), 0);
		assert_null(ipam_reserved(&sn, &block));
	}
}

static void test_hosts(void **state)
{
	struct ipam_host h[] = {
		{ "web1", NULL, 0x0a580002u },
		{ "web2", "www", 0x0a580003u },
		{ "db", "", 0x0a580004u },
	};
	char buf[512];
	int n;

	(void)state;
	n = ipam_render_hosts(h, 3, 1, "front", buf, sizeof(buf));
	assert_true(n > 0);
	assert_int_equal((size_t)n, strlen(buf));
	assert_string_equal(buf, "# written by nsrun for the containers of network front\n"
				 "127.0.0.1\tlocalhost\n"
				 "::1\tlocalhost ip6-localhost ip6-loopback\n"
				 "10.88.0.3\twww web2\n"
				 "10.88.0.2\tweb1\n"
				 "10.88.0.4\tdb\n");
	n = ipam_render_hosts(h, 3, 0, "front", buf, sizeof(buf));
	assert_non_null(strstr(buf, "10.88.0.3\tweb2 www\n"));
	/* too small, self out of range, names that would forge lines */
	assert_int_equal(ipam_render_hosts(h, 3, 0, "front", buf, 60), -ENOSPC);
	assert_int_equal(ipam_render_hosts(h, 3, 3, "front", buf, sizeof(buf)), -EINVAL);
	h[2].name = "db\n10.0.0.1 evil";
	assert_int_equal(ipam_render_hosts(h, 3, 0, "front", buf, sizeof(buf)), -EINVAL);
	h[2].name = "db";
	h[2].hostname = "a b";
	assert_int_equal(ipam_render_hosts(h, 3, 0, "front", buf, sizeof(buf)), -EINVAL);
	h[2].hostname = "x#y";
	assert_int_equal(ipam_render_hosts(h, 3, 0, "front", buf, sizeof(buf)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addr),	cmocka_unit_test(test_cidr),
		cmocka_unit_test(test_arith),	cmocka_unit_test(test_alloc),
		cmocka_unit_test(test_pick),	cmocka_unit_test(test_ifname),
		cmocka_unit_test(test_hosts),	cmocka_unit_test(test_link_mark),
		cmocka_unit_test(test_reserved),	cmocka_unit_test(test_link_hwaddr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
