// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tools/nsdiff/render: A against B with every kind of fact differing, as
 * text (plain and colored) and as JSON, against the expected files in
 * tests/fixtures/expected/nsdiff/ (deep-*). --deep needs a live /proc, so
 * the integration tests cannot pin its bytes on a fixture tree; this does.
 * NSKIT_UPDATE_EXPECTED=1 rewrites the expected files (review the diff).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "tool.h"

static void add(struct inspect_facts *f, enum inspect_cat cat, unsigned int kind,
		const char *key, const char *value, const char *list)
{
	assert_int_equal(inspect_list_add(&f->cat[cat][kind], key, value, list), 0);
}

/* A's facts: a container's. */
static void facts_a(struct inspect_facts *f)
{
	add(f, INSPECT_UTS, INSPECT_UTS_HOSTNAME, "", "web1", NULL);
	add(f, INSPECT_UTS, INSPECT_UTS_DOMAINNAME, "", "(none)", NULL);
	add(f, INSPECT_NET, INSPECT_NET_IFACE, "lo", "loopback, up, mtu 65536", NULL);
	add(f, INSPECT_NET, INSPECT_NET_IFACE, "eth0", "veth, up, mtu 1500, peer veth1a2b in host",
	    NULL);
	add(f, INSPECT_NET, INSPECT_NET_ADDR, "127.0.0.1/8 dev lo", NULL, NULL);
	add(f, INSPECT_NET, INSPECT_NET_ADDR, "10.88.0.2/16 dev eth0", NULL, NULL);
	add(f, INSPECT_NET, INSPECT_NET_ROUTE, "default via 10.88.0.1 dev eth0", NULL, NULL);
	add(f, INSPECT_NET, INSPECT_NET_SOCKET, "tcp 0.0.0.0:80", NULL, NULL);
	add(f, INSPECT_MNT, INSPECT_MNT_ROOT, "", "overlay overlay", NULL);
	add(f, INSPECT_MNT, INSPECT_MNT_MOUNT, "/", "overlay overlay", "rw,relatime,lowerdir=/l");
	add(f, INSPECT_MNT, INSPECT_MNT_MOUNT, "/proc", "proc proc",
	    "rw,nosuid,nodev,noexec,relatime");
	add(f, INSPECT_MNT, INSPECT_MNT_MOUNT, "/tmp", "tmpfs tmpfs", "ro,nosuid,size=65536k");
	/* bytes a terminal must not get raw, and a key longer than the column */
	add(f, INSPECT_MNT, INSPECT_MNT_MOUNT, "/srv/\x1b[31mred\xff", "ext4 /dev/vdb", "rw");
	add(f, INSPECT_MNT, INSPECT_MNT_MOUNT, "/var/lib/a/very/long/mount/point/that/goes/on",
	    "ext4 /dev/vdc", "rw");
	add(f, INSPECT_PID, INSPECT_PID_CHAIN, "", "4242 1", NULL);
	add(f, INSPECT_PID, INSPECT_PID_NPROCS, "", "3", NULL);
	add(f, INSPECT_USER, INSPECT_USER_UIDMAP, "0 100000 65536", NULL, NULL);
	add(f, INSPECT_USER, INSPECT_USER_CAPS, "", "00000000a80425fb",
	    "cap_chown,cap_dac_override,cap_fowner,cap_fsetid,cap_kill");
	add(f, INSPECT_IPC, INSPECT_IPC_SHM, "key 0x00000000 id 3", "4096 bytes, perms 640, uid 0",
	    NULL);
	add(f, INSPECT_IPC, INSPECT_IPC_SEM, "key 0x0000abcd id 0",
	    "3 semaphores, perms 644, uid 0", NULL);
	add(f, INSPECT_IPC, INSPECT_IPC_MQUEUE, "/q1", "perms 644, uid 0", NULL);
	add(f, INSPECT_CGROUP, INSPECT_CGROUP_ROOT, "cgroup2", "/nskit/web1", NULL);
	add(f, INSPECT_CGROUP, INSPECT_CGROUP_LIMITS, "", "",
	    "memory=64M,memory+swap=64M,cpus=0.5,pids=none,io 254:0 wbps=1M");
	add(f, INSPECT_TIME, INSPECT_TIME_OFFSET, "monotonic", "3600s", NULL);
	add(f, INSPECT_TIME, INSPECT_TIME_OFFSET, "boottime", "0s", NULL);
	inspect_facts_sort(f);
}

/* B's facts: the host's; same_uts: A's hostname and domainname. */
static void facts_b(struct inspect_facts *f, bool same_uts)
{
	add(f, INSPECT_UTS, INSPECT_UTS_HOSTNAME, "", same_uts ? "web1" : "debian", NULL);
	add(f, INSPECT_UTS, INSPECT_UTS_DOMAINNAME, "", same_uts ? "(none)" : "lan", NULL);
	add(f, INSPECT_NET, INSPECT_NET_IFACE, "lo", "loopback, up, mtu 65536", NULL);
	add(f, INSPECT_NET, INSPECT_NET_IFACE, "enp1s0", "device, up, mtu 1500", NULL);
	add(f, INSPECT_NET, INSPECT_NET_ADDR, "127.0.0.1/8 dev lo", NULL, NULL);
	add(f, INSPECT_NET, INSPECT_NET_ADDR, "192.168.1.5/24 dev enp1s0", NULL, NULL);
	add(f, INSPECT_NET, INSPECT_NET_ROUTE, "default via 192.168.1.1 dev enp1s0 proto dhcp",
	    NULL, NULL);
	add(f, INSPECT_NET, INSPECT_NET_SOCKET, "udp6 [::]:5353", NULL, NULL);
	add(f, INSPECT_MNT, INSPECT_MNT_ROOT, "", "ext4 /dev/vda1", NULL);
	add(f, INSPECT_MNT, INSPECT_MNT_MOUNT, "/", "ext4 /dev/vda1", "rw,relatime");
	add(f, INSPECT_MNT, INSPECT_MNT_MOUNT, "/proc", "proc proc",
	    "rw,nosuid,nodev,noexec,relatime");
	add(f, INSPECT_MNT, INSPECT_MNT_MOUNT, "/tmp", "tmpfs tmpfs",
	    "rw,nosuid,size=65536k,noexec");
	add(f, INSPECT_PID, INSPECT_PID_CHAIN, "", "4242", NULL);
	add(f, INSPECT_PID, INSPECT_PID_NPROCS, "", "211", NULL);
	add(f, INSPECT_USER, INSPECT_USER_UIDMAP, "0 0 4294967295", NULL, NULL);
	add(f, INSPECT_USER, INSPECT_USER_GIDMAP, "0 0 4294967295", NULL, NULL);
	add(f, INSPECT_USER, INSPECT_USER_SETGROUPS, "", "allow", NULL);
	add(f, INSPECT_USER, INSPECT_USER_CAPS, "", "000001ffffffffff",
	    "cap_chown,cap_dac_override,cap_fowner,cap_fsetid,cap_kill,cap_sys_admin");
	add(f, INSPECT_IPC, INSPECT_IPC_MSG, "key 0x00001234 id 1", "perms 600, uid 1000", NULL);
	add(f, INSPECT_CGROUP, INSPECT_CGROUP_ROOT, "cgroup2", "/", NULL);
	add(f, INSPECT_CGROUP, INSPECT_CGROUP_LIMITS, "", "", "memory=none,cpus=none,pids=none,io=none");
	add(f, INSPECT_TIME, INSPECT_TIME_OFFSET, "monotonic", "0s", NULL);
	add(f, INSPECT_TIME, INSPECT_TIME_OFFSET, "boottime", "0s", NULL);
	inspect_facts_sort(f);
}

/* Who else is in a namespace, owned by the side as pair.c makes it. */
static void with(struct sharers *w, const char *a, const char *b)
{
	w->n = b ? 2 : 1;
	w->v = calloc(w->n, sizeof(*w->v));
	assert_non_null(w->v);
	w->v[0] = strdup(a);
	assert_non_null(w->v[0]);
	if (b) {
		w->v[1] = strdup(b);
		assert_non_null(w->v[1]);
	}
}

/*
 * A (a container) against B (the host), every type compared, those of
 * shared in one namespace. Every kind of fact differs, but the uts ones
 * where some type is shared.
 */
static void ctx_init(struct nsdiff_ctx *c, struct container_info *ct, ns_mask_t shared)
{
	memset(c, 0, sizeof(*c));
	memset(ct, 0, sizeof(*ct));
	ct->runtime = CT_NSRUN;
	snprintf(ct->id, sizeof(ct->id), "web1");
	snprintf(ct->name, sizeof(ct->name), "web1");
	snprintf(ct->short_id, sizeof(ct->short_id), "web1");

	c->types = NS_MASK_ALL;
	c->deep = true;
	target_init(&c->a.t);
	target_init(&c->b.t);
	c->compared = NS_MASK_ALL;
	c->separate = NS_MASK_ALL & ~shared;
	c->a.arg = "web1";
	c->a.ct = ct;
	c->a.t.pid = 4242;
	snprintf(c->a.label, sizeof(c->a.label), "container web1 (nsrun, PID 4242)");
	c->b.host = true;
	c->b.t.pid = 1;
	snprintf(c->b.label, sizeof(c->b.label), "the host (PID 1)");
	for (int t = 0; t < NS_NTYPES; t++) {
		c->b.t.ino[t] = 4026531834u + (unsigned int)t;
		c->a.t.ino[t] = (shared & NS_MASK(t)) ? c->b.t.ino[t] :
							 4026532400u + (unsigned int)t;
		if (shared & NS_MASK(t))
			with(&c->a.with[t], "host", NULL);
	}
	with(&c->a.with[NS_NET], "api", "db");
	facts_a(&c->a.facts);
	facts_b(&c->b.facts, shared != 0);
	assert_int_equal(nsdiff_compare(&c->a.facts, &c->b.facts, c->separate, &c->diff), 0);
}

/* (pair.c's: linking it must need nothing of main.c) */
static void ctx_release(struct nsdiff_ctx *c)
{
	pair_release(c);
}

/* got against the expected file name, or the file rewritten. */
static void golden(const char *name, const char *got, size_t len)
{
	const char *update = getenv("NSKIT_UPDATE_EXPECTED");
	char path[4096], *want = NULL;
	size_t wlen = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/fixtures/expected/nsdiff/%s", fixture_srcdir(),
		 name);
	if (update && strcmp(update, "1") == 0) {
		f = fopen(path, "w");
		assert_non_null(f);
		assert_int_equal(fwrite(got, 1, len, f), len);
		assert_int_equal(fclose(f), 0);
	}
	f = fopen(path, "r");
	assert_non_null(f);
	want = malloc(len + 2);
	assert_non_null(want);
	wlen = fread(want, 1, len + 1, f);
	fclose(f);
	want[wlen] = '\0';
	assert_int_equal(wlen, len);
	assert_memory_equal(want, got, len);
	free(want);
}

typedef int (*render_fn)(struct nsdiff_ctx *c, FILE *f);

static void check(struct nsdiff_ctx *c, render_fn fn, const char *name)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(fn(c, f), 0);
	assert_int_equal(fclose(f), 0);
	golden(name, buf, len);
	free(buf);
}

/* One rendering of A against B, and the expected file it must equal. */
static const struct render_case {
	const char *expected;	/* its name in tests/fixtures/expected/nsdiff/ */
	ns_mask_t shared;	/* the types A and B share */
	bool color;
	bool json;
	bool b_container;	/* B another container, not the host */
} cases[] = {
	/* every type separate, every kind of fact differs */
	{ .expected = "deep-text" },
	{ .expected = "deep-json", .json = true },
	/* colors: a risky share with the host (user), a harmless one (time) */
	{ .expected = "deep-color", .shared = NS_MASK(NS_USER) | NS_MASK(NS_TIME), .color = true },
	/* the host's user namespace shared (a risk); uts separate with nothing differing */
	{ .expected = "deep-shared-text", .shared = NS_MASK(NS_USER) },
	{ .expected = "deep-shared-json", .shared = NS_MASK(NS_USER), .json = true },
	/* B another container: who shares with B is said too */
	{ .expected = "deep-two-text", .shared = NS_MASK(NS_USER), .b_container = true },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

static void test_render(void **state)
{
	const struct render_case *rc = *state;
	struct container_info ct;
	struct nsdiff_ctx c;

	ctx_init(&c, &ct, rc->shared);
	c.out.color = rc->color;
	if (rc->json)
		c.out.format = OUT_JSON;
	if (rc->b_container) {
		c.b.host = false;
		c.b.arg = "api";
		snprintf(c.b.label, sizeof(c.b.label), "container api (docker, PID 77)");
		with(&c.b.with[NS_NET], "host", NULL);
	}
	check(&c, rc->json ? render_json : render_text, rc->expected);
	ctx_release(&c);
}

int main(void)
{
	struct CMUnitTest tests[NCASES];

	for (size_t i = 0; i < NCASES; i++) {
		tests[i] = (struct CMUnitTest)cmocka_unit_test_prestate(test_render,
									 (void *)&cases[i]);
		tests[i].name = cases[i].expected;
	}
	/* the summary table's width, whatever the terminal */
	setenv("COLUMNS", "200", 1);
	unsetenv("NO_COLOR");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
