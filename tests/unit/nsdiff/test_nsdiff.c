// SPDX-License-Identifier: GPL-2.0-or-later
/* tools/nsdiff/compare: the comparison of two sides' facts, and the isolation matrix. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

static void add(struct inspect_facts *f, enum inspect_cat cat, unsigned int kind, const char *key,
		const char *value, const char *list)
{
	assert_int_equal(inspect_list_add(&f->cat[cat][kind], key, value, list), 0);
}

static void assert_kind(const struct nsdiff_entry *e, enum inspect_cat cat, unsigned int kind)
{
	assert_int_equal(e->cat, cat);
	assert_int_equal(e->kind, kind);
}

static void test_identical(void **state)
{
	struct inspect_facts a = { 0 }, b = { 0 };
	struct nsdiff_result r;

	(void)state;
	add(&a, INSPECT_UTS, INSPECT_UTS_HOSTNAME, "", "web1", NULL);
	add(&b, INSPECT_UTS, INSPECT_UTS_HOSTNAME, "", "web1", NULL);
	add(&a, INSPECT_MNT, INSPECT_MNT_MOUNT, "/", "ext4 /dev/vda1", "rw,relatime");
	/* lists are sets: another order is the same */
	add(&b, INSPECT_MNT, INSPECT_MNT_MOUNT, "/", "ext4 /dev/vda1", "relatime,rw");
	assert_int_equal(nsdiff_compare(&a, &b, NS_MASK_ALL, &r), 0);
	assert_int_equal(r.n, 0);
	nsdiff_result_release(&r);
	/* nothing against nothing */
	inspect_facts_release(&a);
	inspect_facts_release(&b);
	assert_int_equal(nsdiff_compare(&a, &b, NS_MASK_ALL, &r), 0);
	assert_int_equal(r.n, 0);
	nsdiff_result_release(&r);
}

static void test_changes(void **state)
{
	struct inspect_facts a = { 0 }, b = { 0 };
	struct nsdiff_result r;
	const struct nsdiff_entry *e;

	(void)state;
	add(&a, INSPECT_UTS, INSPECT_UTS_HOSTNAME, "", "web1", NULL);
	add(&b, INSPECT_UTS, INSPECT_UTS_HOSTNAME, "", "debian", NULL);
	/* unsorted on purpose: the comparison sorts */
	add(&a, INSPECT_NET, INSPECT_NET_ADDR, "10.0.0.2/24 dev eth0", NULL, NULL);
	add(&a, INSPECT_NET, INSPECT_NET_ADDR, "127.0.0.1/8 dev lo", NULL, NULL);
	add(&b, INSPECT_NET, INSPECT_NET_ADDR, "192.168.1.5/24 dev enp1s0", NULL, NULL);
	add(&b, INSPECT_NET, INSPECT_NET_ADDR, "127.0.0.1/8 dev lo", NULL, NULL);
	add(&a, INSPECT_MNT, INSPECT_MNT_MOUNT, "/tmp", "tmpfs tmpfs", "rw,nosuid,size=64k");
	add(&b, INSPECT_MNT, INSPECT_MNT_MOUNT, "/tmp", "tmpfs tmpfs", "ro,nosuid,size=64k,noexec");
	assert_int_equal(nsdiff_compare(&a, &b, NS_MASK_ALL, &r), 0);
	assert_int_equal(r.n, 4);

	/* by type in nstype order: mnt, net, ..., uts */
	e = &r.v[0];
	assert_kind(e, INSPECT_MNT, INSPECT_MNT_MOUNT);
	assert_int_equal(e->change, NSDIFF_CHANGED);
	assert_string_equal(e->a->key, "/tmp");
	assert_string_equal(e->a_only, "rw");
	assert_string_equal(e->b_only, "ro,noexec");

	/* then by key within a category */
	e = &r.v[1];
	assert_kind(e, INSPECT_NET, INSPECT_NET_ADDR);
	assert_int_equal(e->change, NSDIFF_A_ONLY);
	assert_string_equal(e->a->key, "10.0.0.2/24 dev eth0");
	assert_null(e->b);
	assert_null(e->a_only);
	e = &r.v[2];
	assert_int_equal(e->change, NSDIFF_B_ONLY);
	assert_null(e->a);
	assert_string_equal(e->b->key, "192.168.1.5/24 dev enp1s0");

	e = &r.v[3];
	assert_kind(e, INSPECT_UTS, INSPECT_UTS_HOSTNAME);
	assert_int_equal(e->change, NSDIFF_CHANGED);
	assert_string_equal(e->a->value, "web1");
	assert_string_equal(e->b->value, "debian");
	/* no lists, no detail */
	assert_null(e->a_only);
	assert_null(e->b_only);

	assert_int_equal(nsdiff_count(&r, NS_NET), 2);
	assert_int_equal(nsdiff_count(&r, NS_MNT), 1);
	assert_int_equal(nsdiff_count(&r, NS_PID), 0);
	nsdiff_result_release(&r);

	/* only the types asked for */
	assert_int_equal(nsdiff_compare(&a, &b, NS_MASK(NS_UTS), &r), 0);
	assert_int_equal(r.n, 1);
	assert_kind(&r.v[0], INSPECT_UTS, INSPECT_UTS_HOSTNAME);
	nsdiff_result_release(&r);
	assert_int_equal(nsdiff_compare(&a, &b, 0, &r), 0);
	assert_int_equal(r.n, 0);
	nsdiff_result_release(&r);
	inspect_facts_release(&a);
	inspect_facts_release(&b);
}

static void test_values_and_lists(void **state)
{
	struct inspect_facts a = { 0 }, b = { 0 };
	struct nsdiff_result r;

	(void)state;
	/* the same options, but another filesystem on the point */
	add(&a, INSPECT_MNT, INSPECT_MNT_MOUNT, "/data", "ext4 /dev/vdb", "rw");
	add(&b, INSPECT_MNT, INSPECT_MNT_MOUNT, "/data", "xfs /dev/vdc", "rw");
	/* a list on one side only */
	add(&a, INSPECT_USER, INSPECT_USER_CAPS, "", "0000000000000001", "cap_chown");
	add(&b, INSPECT_USER, INSPECT_USER_CAPS, "", "0000000000000001", NULL);
	assert_int_equal(nsdiff_compare(&a, &b, NS_MASK_ALL, &r), 0);
	assert_int_equal(r.n, 2);
	assert_kind(&r.v[0], INSPECT_MNT, INSPECT_MNT_MOUNT);
	assert_string_equal(r.v[0].a_only, "");
	assert_string_equal(r.v[0].b_only, "");
	assert_kind(&r.v[1], INSPECT_USER, INSPECT_USER_CAPS);
	assert_string_equal(r.v[1].a_only, "cap_chown");
	assert_string_equal(r.v[1].b_only, "");
	nsdiff_result_release(&r);
	inspect_facts_release(&a);
	inspect_facts_release(&b);
}

static void test_duplicate_keys(void **state)
{
	struct inspect_facts a = { 0 }, b = { 0 };
	struct nsdiff_result r;

	(void)state;
	/* not what inspect makes, but nothing may break on it: paired in order */
	add(&a, INSPECT_IPC, INSPECT_IPC_SHM, "k", "1", NULL);
	add(&a, INSPECT_IPC, INSPECT_IPC_SHM, "k", "2", NULL);
	add(&a, INSPECT_IPC, INSPECT_IPC_SHM, "k", "3", NULL);
	add(&b, INSPECT_IPC, INSPECT_IPC_SHM, "k", "1", NULL);
	add(&b, INSPECT_IPC, INSPECT_IPC_SHM, "k", "x", NULL);
	assert_int_equal(nsdiff_compare(&a, &b, NS_MASK_ALL, &r), 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.v[0].change, NSDIFF_CHANGED);
	assert_string_equal(r.v[0].a->value, "2");
	assert_string_equal(r.v[0].b->value, "x");
	assert_int_equal(r.v[1].change, NSDIFF_A_ONLY);
	assert_string_equal(r.v[1].a->value, "3");
	nsdiff_result_release(&r);
	inspect_facts_release(&a);
	inspect_facts_release(&b);
}

static void test_list_minus(void **state)
{
	char *s;

	(void)state;
	s = nsdiff_list_minus("rw,nosuid,nodev", "rw,nodev");
	assert_string_equal(s, "nosuid");
	free(s);
	/* repeats and empty elements are not reported */
	s = nsdiff_list_minus("a,,b,a,b,c", "c");
	assert_string_equal(s, "a,b");
	free(s);
	s = nsdiff_list_minus("", "a");
	assert_string_equal(s, "");
	free(s);
	s = nsdiff_list_minus("a", "");
	assert_string_equal(s, "a");
	free(s);
	/* whole elements only: "size=1" is not in "size=10" */
	s = nsdiff_list_minus("size=1,mode=755", "size=10,mode=755");
	assert_string_equal(s, "size=1");
	free(s);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(nsdiff_change_name(NSDIFF_A_ONLY), "a-only");
	assert_string_equal(nsdiff_change_name(NSDIFF_B_ONLY), "b-only");
	assert_string_equal(nsdiff_change_name(NSDIFF_CHANGED), "changed");
	assert_string_equal(nsdiff_change_name(99), "unknown");
	assert_string_equal(nsdiff_share_name(NSDIFF_HOST), "host");
	assert_string_equal(nsdiff_share_name(NSDIFF_PRIVATE), "private");
	assert_string_equal(nsdiff_share_name(NSDIFF_SHARED), "shared");
	assert_string_equal(nsdiff_share_name(NSDIFF_UNKNOWN), "unknown");
	assert_string_equal(nsdiff_share_name(-1), "unknown");
}

/* The rows of a cell's group other than row itself, as a bit set. */
static unsigned int others(const struct nsdiff_matrix *m, size_t row, int t)
{
	const struct nsdiff_group *g = &m->groups[m->cells[row][t].group];
	unsigned int set = 0;

	assert_int_equal((int)g->type, t);
	for (size_t i = 0; i < g->n; i++)
		if (g->rows[i] != row)
			set |= 1u << g->rows[i];
	return set;
}

static void test_matrix(void **state)
{
	enum { MNT = NS_MNT, NET = NS_NET, PID = NS_PID, UTS = NS_UTS, IPC = NS_IPC,
	       USER = NS_USER, CG = NS_CGROUP, TIME = NS_TIME };
	const uint64_t host[NS_NTYPES] = {
		[MNT] = 1, [NET] = 2, [PID] = 3, [UTS] = 4, [IPC] = 5, [USER] = 6, [CG] = 7, [TIME] = 8,
	};
	/*
	 * row 0: Docker's defaults (user, cgroup... shared with the host)
	 * row 1: --pid=host --net=host
	 * row 2: --ipc=container:row 0, and time unknown
	 * row 3: --ipc=container:row 0 as well, everything else its own
	 */
	const uint64_t ino[4][NS_NTYPES] = {
		{ [MNT] = 10, [NET] = 11, [PID] = 12, [UTS] = 13, [IPC] = 14, [USER] = 6, [CG] = 15, [TIME] = 8 },
		{ [MNT] = 20, [NET] = 2, [PID] = 3, [UTS] = 23, [IPC] = 24, [USER] = 6, [CG] = 25, [TIME] = 8 },
		{ [MNT] = 30, [NET] = 31, [PID] = 32, [UTS] = 33, [IPC] = 14, [USER] = 6, [CG] = 35, [TIME] = 0 },
		{ [MNT] = 40, [NET] = 41, [PID] = 42, [UTS] = 43, [IPC] = 14, [USER] = 46, [CG] = 45, [TIME] = 48 },
	};
	struct nsdiff_matrix m;

	(void)state;
	assert_int_equal(nsdiff_matrix_build(&m, ino, 4, host), 0);
	assert_int_equal(m.n, 4);

	assert_int_equal(m.cells[0][MNT].share, NSDIFF_PRIVATE);
	assert_int_equal(m.cells[0][USER].share, NSDIFF_HOST);
	/* sharing the host's namespace with other rows too: host wins, the group says who */
	assert_int_equal(others(&m, 0, USER), (1u << 1) | (1u << 2));
	assert_int_equal(m.cells[0][IPC].share, NSDIFF_SHARED);
	assert_int_equal(others(&m, 0, IPC), (1u << 2) | (1u << 3));
	assert_int_equal(others(&m, 3, IPC), (1u << 0) | (1u << 2));
	assert_int_equal(others(&m, 0, MNT), 0);
	assert_int_equal(m.groups[m.cells[0][MNT].group].n, 1);

	assert_int_equal(m.cells[1][NET].share, NSDIFF_HOST);
	assert_int_equal(m.cells[1][PID].share, NSDIFF_HOST);
	assert_int_equal(m.cells[2][TIME].share, NSDIFF_UNKNOWN);
	assert_int_equal(m.cells[3][USER].share, NSDIFF_PRIVATE);
	assert_int_equal(m.cells[3][TIME].share, NSDIFF_PRIVATE);

	/* the risks: pid, net, ipc, mnt, user shared with the host */
	assert_int_equal(nsdiff_matrix_risks(&m, 0), NS_MASK(USER));
	assert_int_equal(nsdiff_matrix_risks(&m, 1), NS_MASK(USER) | NS_MASK(NET) | NS_MASK(PID));
	assert_int_equal(nsdiff_matrix_risks(&m, 3), 0);
	assert_int_equal(nsdiff_matrix_risks(&m, 4), 0);
	/* uts, cgroup and time shared with the host are not flagged */
	assert_int_equal(m.cells[0][TIME].share, NSDIFF_HOST);
	assert_false(NSDIFF_RISKY & NS_MASK(TIME));
	assert_false(NSDIFF_RISKY & NS_MASK(UTS));
	assert_false(NSDIFF_RISKY & NS_MASK(CG));
	nsdiff_matrix_release(&m);

	/* no rows */
	assert_int_equal(nsdiff_matrix_build(&m, NULL, 0, host), 0);
	assert_int_equal(m.n, 0);
	nsdiff_matrix_release(&m);
}

static void test_matrix_unknown_host(void **state)
{
	/* the host's namespaces could not be read: nothing is "host" */
	const uint64_t host[NS_NTYPES] = { 0 };
	const uint64_t ino[2][NS_NTYPES] = { { 5, 6, 7, 8, 9, 10, 11, 12 },
					      { 5, 16, 17, 18, 19, 20, 21, 22 } };
	struct nsdiff_matrix m;

	(void)state;
	assert_int_equal(nsdiff_matrix_build(&m, ino, 2, host), 0);
	assert_int_equal(m.cells[0][NS_MNT].share, NSDIFF_SHARED);
	assert_int_equal(m.cells[1][NS_NET].share, NSDIFF_PRIVATE);
	assert_int_equal(nsdiff_matrix_risks(&m, 0), 0);
	nsdiff_matrix_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical),
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_values_and_lists),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_list_minus),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_matrix_unknown_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
