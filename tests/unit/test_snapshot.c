// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The walk of the proc root on the fixture tree (tests/fixtures/mkproc.sh):
 * one-shot snapshots, and refreshes that carry what a process is in from
 * the snapshot before.
 *
 * WRAP: hashmap_str_key
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Every container id hashes alike while set: one chain holds them all. */
static bool same_hash;
uint64_t __real_hashmap_str_key(const char *s);
uint64_t __wrap_hashmap_str_key(const char *s);
uint64_t __wrap_hashmap_str_key(const char *s)
{
	return same_hash ? 12345 : __real_hashmap_str_key(s);
}

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
	assert_int_equal(t->nspid_levels, 2);
	assert_int_equal(t->nspid, 7);
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

/* ------------------------------------------------------------- refreshes */

struct refresher {
	char *dir;
	struct procfs pfs;
	struct snapshot_cts cts;
	struct snapshot_stats stats;
	struct snapshot snaps[2];
	int cur;
	int threads;
};

static void refresher_init(struct refresher *r, int threads)
{
	char proc[4200], root[4200];

	memset(r, 0, sizeof(*r));
	r->dir = fixture_make();
	assert_non_null(r->dir);
	snprintf(proc, sizeof(proc), "%s/proc", r->dir);
	snprintf(root, sizeof(root), "%s/root", r->dir);
	assert_int_equal(procfs_open(&r->pfs, proc), 0);
	/* the index keeps a pointer to the root it reads names under */
	snapshot_cts_init(&r->cts, strdup(root));
	snapshot_init(&r->snaps[0]);
	snapshot_init(&r->snaps[1]);
	r->cur = 1;
	r->threads = threads;
}

static void refresher_release(struct refresher *r)
{
	char *root = (char *)r->cts.sysroot;

	snapshot_release(&r->snaps[0]);
	snapshot_release(&r->snaps[1]);
	snapshot_cts_release(&r->cts);
	free(root);
	procfs_close(&r->pfs);
	fixture_remove(r->dir);
}

/* The next snapshot, as nstop takes it; returns it. */
static struct snapshot *refresh(struct refresher *r)
{
	struct snapshot *prev = &r->snaps[r->cur], *next = &r->snaps[!r->cur];
	struct snapshot_opts o = {
		.host = true, .threads = r->threads,
		.load = TASK_STAT | TASK_CONTAINER,
		.prev = prev->ntasks ? prev : NULL,
		.cts = &r->cts, .stats = &r->stats,
	};

	assert_int_equal(snapshot_refresh(next, &r->pfs, &o), 0);
	r->cur = !r->cur;
	return next;
}

static void rewrite_stat(struct refresher *r, pid_t pid, const char *comm, char state,
			 unsigned long long start)
{
	assert_int_equal(fixture_write_stat(r->pfs.root, pid, comm, state, start, 7), 0);
}

static void relink_net(struct refresher *r, pid_t pid, unsigned long long ino)
{
	assert_int_equal(fixture_relink(r->pfs.root, pid, "net", ino), 0);
}

static void test_refresh_carries(void **state)
{
	struct refresher r;
	struct snapshot *s;
	struct task *t;
	char *cmdline;
	unsigned long reads;

	(void)state;
	refresher_init(&r, 1);
	s = refresh(&r);
	/* every process but 800, whose stat is garbage, with stat and container */
	assert_int_equal(s->ntasks, 13);
	assert_null(snapshot_find_task(s, 800));
	t = snapshot_find_task(s, 201);
	assert_true((t->loaded & (TASK_STAT | TASK_CONTAINER)) == (TASK_STAT | TASK_CONTAINER));
	assert_string_equal(t->ct->name, "web-nginx");
	assert_ptr_equal(snapshot_find_task(s, 200)->ct, t->ct);
	assert_int_equal(s->host_ns[NS_NET], H_NET);
	/* a refresh without its own index finds no namespaces by inode */
	assert_int_equal(r.stats.ns_reads, 13);
	assert_int_equal(r.stats.cgroup_reads, 13);
	assert_int_equal(snapshot_task_load(s, t, TASK_CMDLINE), 0);
	cmdline = t->cmdline;

	/* the same processes: links, containers and command lines carried */
	relink_net(&r, 201, 4026539999ULL);
	reads = r.stats.ns_reads;
	s = refresh(&r);
	assert_int_equal(r.stats.ns_reads, reads);
	assert_int_equal(r.stats.cgroup_reads, 13);
	t = snapshot_find_task(s, 201);
	assert_int_equal(t->ns[NS_NET], D_NET);
	assert_ptr_equal(t->cmdline, cmdline);
	assert_null(snapshot_find_task(&r.snaps[!r.cur], 201)->cmdline);

	/* exec'ed (a new name): read again, command line dropped */
	rewrite_stat(&r, 201, "worker", 'S', 1201);
	s = refresh(&r);
	t = snapshot_find_task(s, 201);
	assert_int_equal(r.stats.ns_reads, reads + 1);
	assert_int_equal(t->ns[NS_NET], 4026539999ULL);
	assert_null(t->cmdline);

	/* a reused pid (another start time): read again */
	relink_net(&r, 201, D_NET);
	rewrite_stat(&r, 201, "worker", 'S', 99999);
	s = refresh(&r);
	assert_int_equal(r.stats.ns_reads, reads + 2);
	assert_int_equal(snapshot_find_task(s, 201)->ns[NS_NET], D_NET);

	/* a zombie is only in its pid and user namespaces, carried or not */
	rewrite_stat(&r, 201, "worker", 'Z', 99999);
	s = refresh(&r);
	t = snapshot_find_task(s, 201);
	assert_int_equal(t->ns[NS_NET], 0);
	assert_int_not_equal(t->ns[NS_PID], 0);
	assert_int_not_equal(t->ns[NS_USER], 0);
	refresher_release(&r);
}

/* Is there a container of this id in the index? */
static bool indexed(const struct snapshot_cts *c, const char *id)
{
	size_t it = 0;
	void *v;

	while (hashmap_next(&c->by_hash, &it, NULL, &v))
		for (const struct snapshot_ct *e = v; e; e = e->next)
			if (strcmp(e->info.id, id) == 0)
				return true;
	return false;
}

static void test_refresh_containers_leave(void **state)
{
	const char *pause = "aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233";
	struct refresher r;
	struct snapshot *s;
	char cmd[4400];
	size_t n, cap;

	(void)state;
	refresher_init(&r, 1);
	refresh(&r);
	n = r.cts.n;
	assert_true(indexed(&r.cts, pause));
	/* the pause container's only process exits */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s/proc/300'", r.dir);
	assert_int_equal(system(cmd), 0);
	refresh(&r);
	/* the previous snapshot still has it */
	assert_true(indexed(&r.cts, pause));
	s = refresh(&r);
	assert_false(indexed(&r.cts, pause));
	assert_int_equal(r.cts.n, n - 1);
	/* the rest stay, and memory stays flat however long it runs */
	assert_string_equal(snapshot_find_task(s, 200)->ct->name, "web-nginx");
	cap = s->task_cap;
	for (int i = 0; i < 200; i++)
		s = refresh(&r);
	assert_int_equal(s->task_cap, cap);
	assert_int_equal(r.cts.n, n - 1);
	/* every process is read again once every SNAPSHOT_REVALIDATE refreshes */
	assert_true(r.stats.ns_reads >= 13 + 12 * (202 / SNAPSHOT_REVALIDATE));
	assert_true(r.stats.ns_reads <= 13 + 12 * (202 / SNAPSHOT_REVALIDATE + 1));
	refresher_release(&r);
}

/* Containers whose identities hash alike are still each their own. */
static void test_container_hash_collisions(void **state)
{
	struct fixture *fx = *state;
	struct refresher r;
	struct snapshot s, *rs;
	const struct container_info *web, *k8s;
	char cmd[4400];
	size_t n;

	/* how many containers the fixture has, hashed as they are */
	take(fx, &s, 0, 1);
	for (size_t i = 0; i < s.ntasks; i++)
		assert_int_equal(snapshot_task_load(&s, &s.tasks[i], TASK_CONTAINER), 0);
	n = s.cts->n;
	assert_true(n >= 3);
	snapshot_release(&s);

	same_hash = true;
	take(fx, &s, 0, 1);
	for (size_t i = 0; i < s.ntasks; i++)
		assert_int_equal(snapshot_task_load(&s, &s.tasks[i], TASK_CONTAINER), 0);
	web = snapshot_find_task(&s, 200)->ct;
	k8s = snapshot_find_task(&s, 300)->ct;
	assert_non_null(web);
	assert_non_null(k8s);
	assert_ptr_not_equal(web, k8s);
	assert_string_equal(web->name, "web-nginx");
	assert_ptr_equal(snapshot_find_task(&s, 201)->ct, web);
	assert_string_equal(snapshot_find_task(&s, 700)->ct->name, "web1");
	assert_int_equal(s.cts->n, n);
	snapshot_release(&s);

	/* and a container leaving the chain leaves the others reachable */
	refresher_init(&r, 2);
	refresh(&r);
	rs = refresh(&r);
	web = snapshot_find_task(rs, 200)->ct;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s/proc/300'", r.dir);
	assert_int_equal(system(cmd), 0);
	refresh(&r);
	rs = refresh(&r);
	assert_ptr_equal(snapshot_find_task(rs, 200)->ct, web);
	assert_string_equal(snapshot_find_task(rs, 700)->ct->name, "web1");
	refresher_release(&r);
	same_hash = false;
}

/*
 * Links that are not namespace links are counted apart from links that
 * could not be read (permission): the tools say which it is.
 */
static void test_malformed_links(void **state)
{
	struct fixture *fx = *state;
	char path[PATH_MAX + 32];
	struct snapshot s;

	snprintf(path, sizeof(path), "%s/201/ns/net", fx->proc);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink("garbage", path), 0);
	/* a pid namespace's inode in the user link: not a user namespace link */
	snprintf(path, sizeof(path), "%s/400/ns/user", fx->proc);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink("pid:[4026531836]", path), 0);
	take(fx, &s, 0, 1);
	assert_int_equal(s.nmalformed, 2);
	assert_int_equal(s.malformed_pids[0], 201);
	assert_int_equal(s.malformed_pids[1], 400);
	assert_int_equal(s.ndenied, 0);
	assert_int_equal(snapshot_find_task(&s, 201)->malformed, NS_MASK(NS_NET));
	assert_false(snapshot_find_task(&s, 201)->denied);
	assert_int_equal(snapshot_find_task(&s, 400)->malformed, NS_MASK(NS_USER));
	assert_int_equal(snapshot_find_task(&s, 200)->malformed, 0);
	snapshot_release(&s);
	assert_int_equal(fixture_relink(fx->proc, 201, "net", D_NET), 0);
	assert_int_equal(fixture_relink(fx->proc, 400, "user", 4026532400ULL), 0);
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
		cmocka_unit_test(test_refresh_carries),
		cmocka_unit_test(test_refresh_containers_leave),
		cmocka_unit_test(test_container_hash_collisions),
		cmocka_unit_test(test_malformed_links),
	};

	return cmocka_run_group_tests_name("snapshot", tests, fixture_setup, fixture_teardown);
}
