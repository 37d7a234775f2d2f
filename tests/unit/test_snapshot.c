// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "snapshot.h"

/* The fixture's namespaces (tests/fixtures/mkproc.sh). */
#define H_MNT	 4026531832ULL
#define H_NET	 4026531833ULL
#define D_MNT	 4026532201ULL
#define D_NET	 4026532204ULL
#define FD_NET	 4026532999ULL
#define BIND_NET 4026533000ULL
#define R_MNT	 4026532501ULL

static void take(struct fixture *fx, struct snapshot *s, ns_mask_t types, int threads)
{
	struct snapshot_opts o = {
		.types = types, .fds = true, .sockets = true, .mounts = true, .host = true,
		.threads = threads, .sysroot = fx->sysroot,
	};

	assert_int_equal(snapshot_take(s, &fx->pfs, &o), 0);
}

static void test_counts(void **state)
{
	struct fixture *fx = *state;
	struct snapshot s;
	struct nsent *ns;

	take(fx, &s, 0, 1);
	assert_int_equal(s.ntasks, 14);
	assert_int_equal(s.nns, 32);
	/* sorted by inode */
	for (size_t i = 1; i < s.nns; i++)
		assert_true(s.ns[i - 1]->ino < s.ns[i]->ino);
	ns = snapshot_find_ns(&s, NS_NET, H_NET);
	assert_non_null(ns);
	assert_int_equal(ns->nprocs, 8);
	/* a type mismatch is not found */
	assert_null(snapshot_find_ns(&s, NS_MNT, H_NET));
	ns = snapshot_find_ns(&s, NS_MNT, D_MNT);
	assert_int_equal(ns->nprocs, 2);
	assert_int_equal(snapshot_member(&s, ns, 0)->pid, 200);
	assert_int_equal(snapshot_member(&s, ns, 1)->pid, 201);
	assert_int_equal(snapshot_find_task(&s, 201)->ns[NS_MNT], D_MNT);
	assert_null(snapshot_find_task(&s, 202));
	snapshot_release(&s);
}

static void test_fd_and_mount_namespaces(void **state)
{
	struct fixture *fx = *state;
	struct snapshot s;
	struct nsent *ns;

	take(fx, &s, 0, 1);
	ns = snapshot_find_ns(&s, NS_NET, FD_NET);
	assert_non_null(ns);
	assert_int_equal(ns->nprocs, 0);
	assert_int_equal(ns->src, NSSRC_FD);
	assert_int_equal(ns->holder_pid, 600);
	assert_int_equal(ns->holder_fd, 3);

	ns = snapshot_find_ns(&s, NS_NET, BIND_NET);
	assert_non_null(ns);
	assert_int_equal(ns->src, NSSRC_MOUNT);
	/* two mount points, the octal escape decoded */
	assert_string_equal(ns->nsfs, "/run/netns/blue\n/run/netns/blue two");

	ns = snapshot_find_ns(&s, NS_NET, D_NET);
	assert_int_equal(ns->src, NSSRC_PROC | NSSRC_MOUNT);
	assert_string_equal(ns->nsfs, "/run/docker/netns/3f4e1a2b5c6d");

	/* a descriptor of a namespace with processes only marks it */
	ns = snapshot_find_ns(&s, NS_NET, H_NET);
	assert_int_equal(ns->src, NSSRC_PROC | NSSRC_FD);
	snapshot_release(&s);
}

static void test_host(void **state)
{
	struct fixture *fx = *state;
	struct snapshot s;

	take(fx, &s, 0, 1);
	/* kthreadd, a kernel thread, gives the initial namespaces */
	assert_int_equal(s.host_ref, 2);
	assert_true(s.host_is_kthread);
	assert_true(snapshot_find_ns(&s, NS_MNT, H_MNT)->host);
	assert_false(snapshot_find_ns(&s, NS_MNT, D_MNT)->host);
	assert_false(snapshot_find_ns(&s, NS_MNT, 4026531860ULL)->host);
	snapshot_release(&s);
}

static void test_types_and_threads(void **state)
{
	struct fixture *fx = *state;
	struct snapshot a, b;

	take(fx, &a, NS_MASK(NS_NET), 1);
	assert_int_equal(a.nns, 7);
	for (size_t i = 0; i < a.nns; i++)
		assert_int_equal(a.ns[i]->type, NS_NET);
	/* the same walk split over threads finds the same */
	take(fx, &b, NS_MASK(NS_NET), 4);
	assert_int_equal(b.nns, a.nns);
	for (size_t i = 0; i < a.nns; i++) {
		assert_true(a.ns[i]->ino == b.ns[i]->ino);
		assert_int_equal(a.ns[i]->nprocs, b.ns[i]->nprocs);
		assert_int_equal(a.ns[i]->src, b.ns[i]->src);
	}
	snapshot_release(&a);
	snapshot_release(&b);
}

static void test_only_pid(void **state)
{
	struct fixture *fx = *state;
	struct snapshot s;
	struct snapshot_opts o = { .only_pid = 700 };

	assert_int_equal(snapshot_take(&s, &fx->pfs, &o), 0);
	assert_int_equal(s.ntasks, 1);
	assert_int_equal(s.nns, 8);
	assert_int_equal(snapshot_find_ns(&s, NS_MNT, R_MNT)->nprocs, 1);
	snapshot_release(&s);
	o.only_pid = 4242;
	assert_int_equal(snapshot_take(&s, &fx->pfs, &o), -ESRCH);
}

static void test_lazy_loads(void **state)
{
	struct fixture *fx = *state;
	struct snapshot s;
	struct task *t;

	take(fx, &s, 0, 1);
	t = snapshot_find_task(&s, 501);
	assert_int_equal(snapshot_task_load(&s, t, TASK_CMDLINE), 0);
	/* no command line: the process's name stands in, as lsns shows it */
	assert_string_equal(t->cmdline, "defunct");

	t = snapshot_find_task(&s, 201);
	assert_int_equal(snapshot_task_load(&s, t, TASK_STAT | TASK_STATUS | TASK_CONTAINER), 0);
	assert_int_equal(t->stat.ppid, 200);
	assert_int_equal(t->uid, 65534);
	assert_int_equal(t->nspid_len, 2);
	assert_non_null(t->ct);
	assert_int_equal(t->ct->runtime, CT_DOCKER);
	assert_string_equal(t->ct->name, "web-nginx");
	/* tasks of one container share its record */
	assert_int_equal(snapshot_task_load(&s, snapshot_find_task(&s, 200), TASK_CONTAINER), 0);
	assert_ptr_equal(snapshot_find_task(&s, 200)->ct, t->ct);

	/* a garbage stat file is an error, not a vanished process */
	t = snapshot_find_task(&s, 800);
	assert_int_equal(snapshot_task_load(&s, t, TASK_STAT), -EINVAL);
	assert_false(t->gone);

	/* no container for a host process */
	t = snapshot_find_task(&s, 100);
	assert_int_equal(snapshot_task_load(&s, t, TASK_CONTAINER), 0);
	assert_null(t->ct);
	snapshot_release(&s);
}

static void test_vanished_representative(void **state)
{
	struct fixture *fx = *state;
	struct snapshot s;
	struct nsent *ns;
	char cmd[4300];

	take(fx, &s, 0, 1);
	ns = snapshot_find_ns(&s, NS_MNT, D_MNT);
	/* pid 200 exits after the walk: 201 represents the namespace */
	snprintf(cmd, sizeof(cmd), "mv '%s/proc/200' '%s/proc/.200'", fx->dir, fx->dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(snapshot_ns_task(&s, ns, TASK_CMDLINE)->pid, 201);
	assert_true(snapshot_find_task(&s, 200)->gone);
	snprintf(cmd, sizeof(cmd), "mv '%s/proc/201' '%s/proc/.201'", fx->dir, fx->dir);
	assert_int_equal(system(cmd), 0);
	assert_null(snapshot_ns_task(&s, ns, TASK_STAT));
	snprintf(cmd, sizeof(cmd), "mv '%s/proc/.200' '%s/proc/200' && mv '%s/proc/.201' '%s/proc/201'",
		 fx->dir, fx->dir, fx->dir, fx->dir);
	assert_int_equal(system(cmd), 0);
	snapshot_release(&s);
}

static void test_queries_on_a_fixture_fail_softly(void **state)
{
	struct fixture *fx = *state;
	struct snapshot s;
	struct nsent *ns;

	take(fx, &s, 0, 1);
	ns = snapshot_find_ns(&s, NS_NET, D_NET);
	/* symlinks cannot be opened: the facts stay unknown, nothing fails */
	snapshot_ns_query(&s, ns, NSQ_PARENT | NSQ_OWNER | NSQ_UID | NSQ_NETNSID);
	assert_true(ns->owner == 0);
	assert_int_equal(ns->netnsid, NETNSID_UNKNOWN);
	assert_false(ns->have_owner_uid);
	assert_int_equal(snapshot_add_related(&s), 0);
	assert_int_equal(s.nns, 32);
	snapshot_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_fd_and_mount_namespaces),
		cmocka_unit_test(test_host),
		cmocka_unit_test(test_types_and_threads),
		cmocka_unit_test(test_only_pid),
		cmocka_unit_test(test_lazy_loads),
		cmocka_unit_test(test_vanished_representative),
		cmocka_unit_test(test_queries_on_a_fixture_fail_softly),
	};

	return cmocka_run_group_tests_name("snapshot", tests, fixture_setup, fixture_teardown);
}
