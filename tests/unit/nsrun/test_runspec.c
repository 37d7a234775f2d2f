// SPDX-License-Identifier: GPL-2.0-or-later
/* tools/nsrun/runspec.c: nsrun's command-line parsers and account file lookups. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <signal.h>
#include <string.h>

#include "runspec.h"

static void test_size(void **state)
{
	static const struct {
		const char *s;
		uint64_t v;
	} good[] = {
		{ "512", 512 },
		{ "512b", 512 },
		{ "64k", 65536 },
		{ "64K", 65536 },
		{ "64KiB", 65536 },
		{ "1m", 1048576 },
		{ "512MB", 536870912 },
		{ "1g", 1073741824 },
		{ "1.5g", 1610612736 },
		{ "0.5m", 524288 },
		{ "2t", 2199023255552ull },
	};
	static const char *bad[] = { "", "0", "0m", "-1", "1e3", " 1m", "1m ", "1.", ".5m",
				     "1.2345m", "1x", "m", "1 m", "0x10", "1mm", "0.0001k" };
	uint64_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(runspec_parse_size(good[i].s, &v), 0);
		assert_int_equal(v, good[i].v);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(runspec_parse_size(bad[i], &v), -EINVAL);
	assert_int_equal(runspec_parse_size("99999999999999999999", &v), -ERANGE);
	assert_int_equal(runspec_parse_size("16777216t", &v), -ERANGE);	/* 2^64 */
	assert_int_equal(runspec_parse_size(NULL, &v), -EINVAL);
}

static void test_cpus(void **state)
{
	uint64_t q;

	(void)state;
	assert_int_equal(runspec_parse_cpus("1", 100000, &q), 0);
	assert_int_equal(q, 100000);
	assert_int_equal(runspec_parse_cpus("0.5", 100000, &q), 0);
	assert_int_equal(q, 50000);
	assert_int_equal(runspec_parse_cpus("1.25", 100000, &q), 0);
	assert_int_equal(q, 125000);
	assert_int_equal(runspec_parse_cpus("0.01", 100000, &q), 0);
	assert_int_equal(q, 1000);
	assert_int_equal(runspec_parse_cpus("4096", 100000, &q), 0);
	/* below the kernel's 1 ms, above 4096 CPUs */
	assert_int_equal(runspec_parse_cpus("0.009", 100000, &q), -ERANGE);
	assert_int_equal(runspec_parse_cpus("4097", 100000, &q), -ERANGE);
	assert_int_equal(runspec_parse_cpus("0", 100000, &q), -EINVAL);
	assert_int_equal(runspec_parse_cpus("0.000", 100000, &q), -EINVAL);
	assert_int_equal(runspec_parse_cpus("1.2345", 100000, &q), -EINVAL);
	assert_int_equal(runspec_parse_cpus("abc", 100000, &q), -EINVAL);
	assert_int_equal(runspec_parse_cpus("-1", 100000, &q), -EINVAL);
	assert_int_equal(runspec_parse_cpus("1.5x", 100000, &q), -EINVAL);
	assert_int_equal(runspec_parse_cpus("1", 0, &q), -EINVAL);
}

static void test_count(void **state)
{
	uint64_t n;

	(void)state;
	assert_int_equal(runspec_parse_count("20", &n), 0);
	assert_int_equal(n, 20);
	assert_int_equal(runspec_parse_count("4294967295", &n), 0);
	assert_int_equal(runspec_parse_count("4294967296", &n), -ERANGE);
	assert_int_equal(runspec_parse_count("0", &n), -ERANGE);
	assert_int_equal(runspec_parse_count("-5", &n), -EINVAL);
	assert_int_equal(runspec_parse_count("5k", &n), -EINVAL);
	assert_int_equal(runspec_parse_count("", &n), -EINVAL);
}

static void test_volume(void **state)
{
	struct runspec_volume v;
	const char *why;
	char buf[64];

	(void)state;
	assert_int_equal(runspec_parse_volume("/srv/data:/data", buf, sizeof(buf), &v, &why), 0);
	assert_string_equal(v.host, "/srv/data");
	assert_string_equal(v.ctr, "/data");
	assert_false(v.ro);
	assert_int_equal(runspec_parse_volume("/a:/b:ro", buf, sizeof(buf), &v, &why), 0);
	assert_true(v.ro);
	assert_int_equal(runspec_parse_volume("/a:/b:rw", buf, sizeof(buf), &v, &why), 0);
	assert_false(v.ro);
	assert_int_equal(runspec_parse_volume("rel/dir:/b", buf, sizeof(buf), &v, &why), 0);
	assert_string_equal(v.host, "rel/dir");
	assert_int_equal(runspec_parse_volume("/a:/b/..x", buf, sizeof(buf), &v, &why), 0);

	static const char *bad[] = { "/a", "/a:b", ":/b", "/a:/b:xx", "/a:/b:ro:x", "/a:/b/../c",
				     "/a:/..", "/a:" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		assert_int_equal(runspec_parse_volume(bad[i], buf, sizeof(buf), &v, &why), -EINVAL);
		assert_non_null(why);
	}
	/* what is wrong is said of the part at fault */
	assert_int_equal(runspec_parse_volume("/a:b:/mnt", buf, sizeof(buf), &v, &why), -EINVAL);
	assert_string_equal(v.bad, "b");
	assert_string_equal(why, "is not an absolute container path (HOST:CONTAINER[:ro|rw])");
	assert_int_equal(runspec_parse_volume("/a:/b:/mnt", buf, sizeof(buf), &v, &why), -EINVAL);
	assert_string_equal(v.bad, "/mnt");
	assert_int_equal(runspec_parse_volume("/a", buf, sizeof(buf), &v, &why), -EINVAL);
	assert_null(v.bad);
	assert_int_equal(runspec_parse_volume("/a:/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
					      "bbbbbbbbbbbbbbbb", buf, sizeof(buf), &v, &why),
			 -EINVAL);
}

static void test_share(void **state)
{
	static struct runspec_share sh;
	const char *why;

	(void)state;
	assert_int_equal(runspec_parse_share("private", false, &sh, &why), 0);
	assert_int_equal(sh.kind, SHARE_PRIVATE);
	assert_int_equal(runspec_parse_share("host", false, &sh, &why), 0);
	assert_int_equal(sh.kind, SHARE_HOST);
	assert_int_equal(runspec_parse_share("container:web1", false, &sh, &why), 0);
	assert_int_equal(sh.kind, SHARE_CONTAINER);
	assert_string_equal(sh.arg, "web1");
	assert_int_equal(runspec_parse_share("ns:/run/netns/blue", true, &sh, &why), 0);
	assert_int_equal(sh.kind, SHARE_PATH);
	assert_string_equal(sh.arg, "/run/netns/blue");
	assert_int_equal(runspec_parse_share("none", true, &sh, &why), 0);
	assert_int_equal(sh.kind, SHARE_NONE);
	assert_int_equal(runspec_parse_share("bridge", true, &sh, &why), 0);
	assert_int_equal(sh.kind, SHARE_BRIDGE);
	assert_string_equal(sh.arg, "");
	assert_int_equal(runspec_parse_share("bridge:front", true, &sh, &why), 0);
	assert_string_equal(sh.arg, "front");
	assert_false(sh.named);
	/* Docker's --network NAME: a network that must exist */
	assert_int_equal(runspec_parse_share("mynetwork", true, &sh, &why), 0);
	assert_int_equal(sh.kind, SHARE_BRIDGE);
	assert_string_equal(sh.arg, "mynetwork");
	assert_true(sh.named);
	assert_int_equal(runspec_parse_share("bridgefoo", true, &sh, &why), 0);
	assert_true(sh.named);
	/* the words stay what they were */
	assert_int_equal(runspec_parse_share("host", true, &sh, &why), 0);
	assert_int_equal(sh.kind, SHARE_HOST);
	assert_false(sh.named);

	static const struct {
		const char *s;
		bool net;
	} bad[] = {
		{ "none", false },	   { "bridge", false },	       { "bridge:", true },
		{ "bridge:a/b", true },	   { "container:", false },    { "container:../x", false },
		{ "ns:", true },	   { "Private", false },       { "", false },
		{ "bridgefoo", false },	   { "container:-x", false },  { "my/net", true },
		{ "-net", true },	   { ".net", true },	       { "a:b", true },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		assert_int_equal(runspec_parse_share(bad[i].s, bad[i].net, &sh, &why), -EINVAL);
		assert_non_null(why);
	}
}

static void test_signal(void **state)
{
	int s;

	(void)state;
	assert_int_equal(runspec_parse_signal("TERM", &s), 0);
	assert_int_equal(s, SIGTERM);
	assert_int_equal(runspec_parse_signal("SIGKILL", &s), 0);
	assert_int_equal(s, SIGKILL);
	assert_int_equal(runspec_parse_signal("sighup", &s), 0);
	assert_int_equal(s, SIGHUP);
	assert_int_equal(runspec_parse_signal("usr1", &s), 0);
	assert_int_equal(s, SIGUSR1);
	assert_int_equal(runspec_parse_signal("9", &s), 0);
	assert_int_equal(s, 9);
	assert_int_equal(runspec_parse_signal("RTMIN", &s), 0);
	assert_int_equal(s, SIGRTMIN);
	assert_int_equal(runspec_parse_signal("RTMIN+2", &s), 0);
	assert_int_equal(s, SIGRTMIN + 2);
	assert_int_equal(runspec_parse_signal("SIGRTMAX-1", &s), 0);
	assert_int_equal(s, SIGRTMAX - 1);
	static const char *bad[] = { "", "0", "65", "FOO", "SIG", "RTMIN-1", "RTMAX+1", "9x",
				     "RTMIN+99", "-9", " TERM" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(runspec_parse_signal(bad[i], &s), -EINVAL);
	assert_string_equal(runspec_signal_name(SIGTERM), "TERM");
	assert_string_equal(runspec_signal_name(SIGABRT), "ABRT");
	assert_null(runspec_signal_name(SIGRTMIN + 1));
}

static void test_user(void **state)
{
	struct runspec_user u;

	(void)state;
	assert_int_equal(runspec_parse_user("1000", &u), 0);
	assert_true(u.has_uid);
	assert_false(u.has_gid);
	assert_int_equal(u.uid, 1000);
	assert_int_equal(runspec_parse_user("1000:100", &u), 0);
	assert_true(u.has_gid);
	assert_int_equal(u.gid, 100);
	assert_int_equal(runspec_parse_user("nobody:nogroup", &u), 0);
	assert_false(u.has_uid);
	assert_string_equal(u.user, "nobody");
	assert_string_equal(u.group, "nogroup");
	assert_int_equal(runspec_parse_user("0:wheel", &u), 0);
	assert_true(u.has_uid);
	assert_string_equal(u.group, "wheel");
	assert_int_equal(runspec_parse_user("4294967295", &u), -ERANGE);
	static const char *bad[] = { "", ":", "1000:", ":100", "a b", "-x", "a/b", "x:y:z" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(runspec_parse_user(bad[i], &u), -EINVAL);
}

static void test_env(void **state)
{
	size_t k;
	bool v;

	(void)state;
	assert_int_equal(runspec_parse_env("A=1", &k, &v), 0);
	assert_int_equal(k, 1);
	assert_true(v);
	assert_int_equal(runspec_parse_env("HOME", &k, &v), 0);
	assert_int_equal(k, 4);
	assert_false(v);
	assert_int_equal(runspec_parse_env("_X.y-z=", &k, &v), 0);
	assert_true(v);
	static const char *bad[] = { "", "=x", "1A=2", "A B=1", "A\n=1", "Ä=1" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(runspec_parse_env(bad[i], &k, &v), -EINVAL);
}

static void test_accounts(void **state)
{
	static const char passwd[] = "root:x:0:0:root:/root:/bin/sh\n"
				     "# a comment\n"
				     "broken line\n"
				     "bad:x:notanumber:1:::\n"
				     "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"
				     "app:x:1000:1001::/home/app:/bin/sh\n"
				     "short:x:7:8";
	static const char group[] = "root:x:0:\nnogroup:x:65534:\napp:x:1001:app\n";
	static const char subuid[] = "alice:100000:65536\n"
				     "1001:200000:0\n"
				     "1001:300000:1000\n";
	uint32_t id, gid, start, count;
	char home[64];

	(void)state;
	assert_int_equal(runspec_passwd_lookup(passwd, strlen(passwd), "app", &id, &gid, home,
					       sizeof(home)), 0);
	assert_int_equal(id, 1000);
	assert_int_equal(gid, 1001);
	assert_string_equal(home, "/home/app");
	id = 65534;
	assert_int_equal(runspec_passwd_lookup(passwd, strlen(passwd), NULL, &id, &gid, home,
					       sizeof(home)), 0);
	assert_string_equal(home, "/nonexistent");
	/* a line without home or shell still gives ids; home falls back to / */
	assert_int_equal(runspec_passwd_lookup(passwd, strlen(passwd), "short", &id, &gid, home,
					       sizeof(home)), 0);
	assert_int_equal(gid, 8);
	assert_string_equal(home, "/");
	assert_int_equal(runspec_passwd_lookup(passwd, strlen(passwd), "bad", &id, &gid, NULL, 0),
			 -ENOENT);
	assert_int_equal(runspec_passwd_lookup(passwd, strlen(passwd), "ghost", &id, &gid, NULL, 0),
			 -ENOENT);
	assert_int_equal(runspec_group_lookup(group, strlen(group), "nogroup", &id), 0);
	assert_int_equal(id, 65534);
	id = 1001;
	assert_int_equal(runspec_group_lookup(group, strlen(group), NULL, &id), 0);
	assert_int_equal(runspec_group_lookup(group, strlen(group), "wheel", &id), -ENOENT);

	assert_int_equal(runspec_subid_lookup(subuid, strlen(subuid), "alice", 1000, &start,
					      &count), 0);
	assert_int_equal(start, 100000);
	assert_int_equal(count, 65536);
	/* by uid; a range of 0 ids is skipped */
	assert_int_equal(runspec_subid_lookup(subuid, strlen(subuid), "bob", 1001, &start, &count),
			 0);
	assert_int_equal(start, 300000);
	assert_int_equal(runspec_subid_lookup(subuid, strlen(subuid), NULL, 5, &start, &count),
			 -ENOENT);
}

static void test_cap(void **state)
{
	static const char *const net_admin[] = {
		"NET_ADMIN", "net_admin", "Net_Admin", "CAP_NET_ADMIN", "cap_net_admin", "Cap_Net_Admin",
	};
	static const char *const bad[] = {
		"", "FOO", "CAP_", "CAP_FOO", "12", "CAP_12", "cap_12", "NET_ADMIN ", " NET_ADMIN",
		"CHOWN,KILL", "chown=ep", "NET-ADMIN", "ALLL", "CAP_ALL",
		"A_NAME_FAR_TOO_LONG_FOR_ANY_CAPABILITY_AT_ALL_AND_THEN_SOME",
	};
	int cap;

	(void)state;
	for (size_t i = 0; i < sizeof(net_admin) / sizeof(net_admin[0]); i++) {
		cap = -2;
		assert_int_equal(runspec_parse_cap(net_admin[i], &cap), 0);
		assert_int_equal(cap, 12);
	}
	assert_int_equal(runspec_parse_cap("CHOWN", &cap), 0);
	assert_int_equal(cap, 0);
	assert_int_equal(runspec_parse_cap("checkpoint_restore", &cap), 0);
	assert_int_equal(cap, 40);
	assert_int_equal(runspec_parse_cap("ALL", &cap), 0);
	assert_int_equal(cap, RUNSPEC_CAP_ALL);
	assert_int_equal(runspec_parse_cap("all", &cap), 0);
	assert_int_equal(cap, RUNSPEC_CAP_ALL);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(runspec_parse_cap(bad[i], &cap), -EINVAL);
	assert_int_equal(runspec_parse_cap(NULL, &cap), -EINVAL);
}

static void test_caps_resolve(void **state)
{
	const uint64_t defaults = 0xa80425fbull, all = (1ull << 41) - 1;
	struct runspec_caps c = { 0 };

	(void)state;
	/* nothing asked: the defaults, within what the kernel has */
	assert_true(runspec_caps_resolve(&c, defaults, all) == defaults);
	assert_true(runspec_caps_resolve(&c, defaults, 0xff) == (defaults & 0xff));
	/* added and dropped */
	assert_int_equal(runspec_caps_set(&c, "NET_ADMIN", true), 0);
	assert_int_equal(runspec_caps_set(&c, "net_raw", false), 0);
	assert_true(runspec_caps_resolve(&c, defaults, all) ==
		    ((defaults | 1ull << 12) & ~(1ull << 13)));
	/* both added and dropped: kept, as Docker drops first, then adds */
	c = (struct runspec_caps){ 0 };
	assert_int_equal(runspec_caps_set(&c, "KILL", false), 0);
	assert_int_equal(runspec_caps_set(&c, "KILL", true), 0);
	assert_true(runspec_caps_resolve(&c, defaults, all) == defaults);
	/* ALL dropped: those added alone */
	c = (struct runspec_caps){ 0 };
	assert_int_equal(runspec_caps_set(&c, "ALL", false), 0);
	assert_int_equal(runspec_caps_set(&c, "CHOWN", true), 0);
	assert_true(runspec_caps_resolve(&c, defaults, all) == 1);
	/* ALL added: every one but those dropped, whatever else is dropped */
	c = (struct runspec_caps){ 0 };
	assert_int_equal(runspec_caps_set(&c, "ALL", true), 0);
	assert_int_equal(runspec_caps_set(&c, "NET_RAW", false), 0);
	assert_true(runspec_caps_resolve(&c, defaults, all) == (all & ~(1ull << 13)));
	assert_int_equal(runspec_caps_set(&c, "ALL", false), 0);
	assert_true(runspec_caps_resolve(&c, defaults, all) == (all & ~(1ull << 13)));
	/* a bad name changes nothing */
	c = (struct runspec_caps){ 0 };
	assert_int_equal(runspec_caps_set(&c, "BOGUS", true), -EINVAL);
	assert_true(c.add == 0 && !c.add_all && c.drop == 0 && !c.drop_all);
}

static void test_security_opt(void **state)
{
	static const char *const on[] = { "no-new-privileges", "no-new-privileges=true",
					   "no-new-privileges:true", "no-new-privileges=1",
					   "no-new-privileges=TRUE" };
	static const char *const off[] = { "no-new-privileges=false", "no-new-privileges:false",
					    "no-new-privileges=0", "no-new-privileges=False" };
	static const char *const bad[] = {
		"",
		"seccomp=unconfined",
		"apparmor=unconfined",
		"label=disable",
		"no-new-privileges=",
		"no-new-privileges=maybe",
		"no-new-privileges=yes",
		"no-new-privilegesx",
		"no-new-privileges =true",
		"No-New-Privileges",
	};
	const char *why;
	bool nnp;

	(void)state;
	for (size_t i = 0; i < sizeof(on) / sizeof(on[0]); i++) {
		nnp = false;
		assert_int_equal(runspec_parse_security_opt(on[i], &nnp, &why), 0);
		assert_true(nnp);
	}
	for (size_t i = 0; i < sizeof(off) / sizeof(off[0]); i++) {
		nnp = true;
		assert_int_equal(runspec_parse_security_opt(off[i], &nnp, &why), 0);
		assert_false(nnp);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		assert_int_equal(runspec_parse_security_opt(bad[i], &nnp, &why), -EINVAL);
		assert_non_null(why);
	}
	assert_int_equal(runspec_parse_security_opt("no-new-privileges=maybe", &nnp, &why),
			 -EINVAL);
	assert_string_equal(why, "no-new-privileges takes true or false");
}

/* --device-read-bps /dev/sda:1mb and --device-write-iops /dev/sda:100, as Docker takes them. */
static void test_device_limit(void **state)
{
	char path[64];
	const char *why;
	uint64_t v;

	(void)state;
	assert_int_equal(runspec_parse_device_limit("/dev/vda:1mb", false, path, sizeof(path), &v,
						    &why), 0);
	assert_string_equal(path, "/dev/vda");
	assert_int_equal(v, 1048576);
	assert_int_equal(runspec_parse_device_limit("/dev/disk/by-id/x:y:512k", false, path,
						    sizeof(path), &v, &why), 0);
	assert_string_equal(path, "/dev/disk/by-id/x:y");
	assert_int_equal(v, 524288);
	assert_int_equal(runspec_parse_device_limit("/dev/vda:100", true, path, sizeof(path), &v,
						    &why), 0);
	assert_int_equal(v, 100);
	/* zero, no unit for a count, a unit unknown, a relative path, no rate */
	assert_int_equal(runspec_parse_device_limit("/dev/vda:0", false, path, sizeof(path), &v,
						    &why), -EINVAL);
	assert_non_null(strstr(why, "positive"));
	assert_int_equal(runspec_parse_device_limit("/dev/vda:0", true, path, sizeof(path), &v,
						    &why), -EINVAL);
	assert_int_equal(runspec_parse_device_limit("/dev/vda:1mb", true, path, sizeof(path), &v,
						    &why), -EINVAL);
	assert_int_equal(runspec_parse_device_limit("/dev/vda:1xb", false, path, sizeof(path), &v,
						    &why), -EINVAL);
	assert_int_equal(runspec_parse_device_limit("vda:1mb", false, path, sizeof(path), &v,
						    &why), -EINVAL);
	assert_non_null(strstr(why, "absolute"));
	assert_int_equal(runspec_parse_device_limit("/dev/vda", false, path, sizeof(path), &v,
						    &why), -EINVAL);
	assert_int_equal(runspec_parse_device_limit(":1mb", false, path, sizeof(path), &v, &why),
			 -EINVAL);
	assert_int_equal(runspec_parse_device_limit("/dev/vda:99999999999999999999", false, path,
						    sizeof(path), &v, &why), -ERANGE);
	assert_int_equal(runspec_parse_device_limit("/dev/a-very-long-device-path-indeed-it-is-"
						    "longer-than-sixty-four:1m", false, path,
						    sizeof(path), &v, &why), -EINVAL);
}

/* tc's rates: bits by default, SI and IEC prefixes, bytes with bps. */
static void test_net_rate(void **state)
{
	static const struct {
		const char *s;
		uint64_t v;
	} good[] = {
		{ "1mbit", 125000 },	{ "1Mbit", 125000 },	{ "100kbit", 12500 },
		{ "1.5mbit", 187500 },	{ "8", 1 },		{ "8000", 1000 },
		{ "1gbit", 125000000 },	{ "1mibit", 131072 },	{ "1mbps", 1000000 },
		{ "1kibps", 1024 },	{ "10bit", 1 },		{ "2tbit", 250000000000ull },
	};
	static const char *bad[] = { "", "0", "0mbit", "7", "7bit", "1 mbit", "1mb", "1m", "x",
				     "-1mbit", "1.2345mbit", "mbit" };
	uint64_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(runspec_parse_net_rate(good[i].s, &v), 0);
		assert_int_equal(v, good[i].v);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(runspec_parse_net_rate(bad[i], &v), -EINVAL);
	assert_int_equal(runspec_parse_net_rate("99999999999999999999", &v), -ERANGE);
	assert_int_equal(runspec_parse_net_rate("999999999999tibps", &v), -ERANGE);
	assert_int_equal(runspec_parse_net_rate(NULL, &v), -EINVAL);
}

static void test_cpuset(void **state)
{
	static const char *good[] = { "0", "0-3", "0,2", "0-1,3,5-7", "8191" };
	static const char *bad[] = { "", "-1", "3-1", "0,", ",0", "0-", "a", "0 1", "8192",
				     "0-8192", "1--2", "0x1" };
	char out[16];

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(runspec_parse_cpuset(good[i], out, sizeof(out)), 0);
		assert_string_equal(out, good[i]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(runspec_parse_cpuset(bad[i], out, sizeof(out)), -EINVAL);
	assert_int_equal(runspec_parse_cpuset("0,1,2,3,4,5,6,7,8", out, sizeof(out)),
			 -ENAMETOOLONG);
	assert_int_equal(runspec_parse_cpuset(NULL, out, sizeof(out)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size),   cmocka_unit_test(test_cpus),
		cmocka_unit_test(test_count),  cmocka_unit_test(test_volume),
		cmocka_unit_test(test_share),  cmocka_unit_test(test_signal),
		cmocka_unit_test(test_user),   cmocka_unit_test(test_env),
		cmocka_unit_test(test_accounts), cmocka_unit_test(test_cap),
		cmocka_unit_test(test_caps_resolve), cmocka_unit_test(test_security_opt),
		cmocka_unit_test(test_device_limit), cmocka_unit_test(test_net_rate),
		cmocka_unit_test(test_cpuset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
