// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nstop's sampler on the fixture proc tree (tests/fixtures/mkproc.sh):
 * what a process is in is read once per (pid, start time) and carried (by
 * the snapshot's refresh walk, tests/unit/test_snapshot.c tests it alone);
 * a new start time (a reused pid) or a new command name (an exec after
 * unshare or setns) reads it again; processes that vanish are dropped and
 * what they owned released, containers with them; memory does not grow
 * with samples.
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
#include "sampler.h"

#define H_NET 4026531833ULL
#define H_PID 4026531836ULL
#define D_NET 4026532204ULL
#define N_NET 4026532504ULL

struct fx {
	char *dir;
	char proc[4200];
	char sysroot[4200];
	struct procfs pfs;
	struct nstop_sampler s;
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	*state = NULL;
	if (!fx)
		return -1;
	fx->dir = fixture_make();
	if (!fx->dir)
		goto out_free;
	snprintf(fx->proc, sizeof(fx->proc), "%s/proc", fx->dir);
	snprintf(fx->sysroot, sizeof(fx->sysroot), "%s/root", fx->dir);
	if (procfs_open(&fx->pfs, fx->proc) < 0)
		goto out_remove;
	if (nstop_sampler_init(&fx->s, &fx->pfs, fx->sysroot) < 0)
		goto out_close;
	*state = fx;
	return 0;

out_close:
	procfs_close(&fx->pfs);
out_remove:
	fixture_remove(fx->dir);
out_free:
	free(fx);
	return -1;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	if (!fx)
		return 0;	/* the setup failed, and said why */
	nstop_sampler_release(&fx->s);
	procfs_close(&fx->pfs);
	fixture_remove(fx->dir);
	free(fx);
	return 0;
}

static void write_stat(struct fx *fx, pid_t pid, const char *comm, char state,
		       unsigned long long start, unsigned long long utime)
{
	assert_int_equal(fixture_write_stat(fx->proc, pid, comm, state, start, utime), 0);
}

static void relink(struct fx *fx, pid_t pid, const char *type, unsigned long long ino)
{
	assert_int_equal(fixture_relink(fx->proc, pid, type, ino), 0);
}

/*
 * The samples' clock, in seconds since boot: the tests choose it, so that
 * they pass at any uptime. The fixture's processes started 12 to 1,000 s
 * after boot; every sample is taken 20 s after the one before.
 */
static double sample_time = 2000.0;

static int take(struct fx *fx, unsigned int flags)
{
	sample_time += 20.0;
	return nstop_sampler_take(&fx->s, flags, sample_time);
}

static struct task *proc(struct fx *fx, pid_t pid)
{
	return nstop_sample_proc(nstop_sampler_cur(&fx->s), pid);
}

/* How many processes of the current sample are in container ct. */
static unsigned int ct_users(struct fx *fx, const struct container_info *ct)
{
	const struct nstop_sample *cur = nstop_sampler_cur(&fx->s);
	unsigned int n = 0;

	for (size_t i = 0; i < cur->snap.ntasks; i++)
		n += cur->snap.tasks[i].ct == ct;
	return n;
}

/* Is a container of this id in the sampler's index? */
static bool ct_indexed(struct fx *fx, const char *id)
{
	size_t it = 0;
	void *v;

	while (hashmap_next(&fx->s.cts.by_hash, &it, NULL, &v))
		for (const struct snapshot_ct *e = v; e; e = e->next)
			if (strcmp(e->info.id, id) == 0)
				return true;
	return false;
}

static void test_first_sample(void **state)
{
	struct fx *fx = *state;
	struct nstop_sample *cur;
	struct task *p;

	assert_int_equal(take(fx, 0), 0);
	assert_null(nstop_sampler_prev(&fx->s));
	cur = nstop_sampler_cur(&fx->s);
	assert_int_equal(cur->snap.host_ns[NS_NET], H_NET);
	/* every process but 800, whose stat is garbage */
	assert_int_equal(cur->snap.ntasks, 13);
	assert_null(proc(fx, 800));
	for (size_t i = 1; i < cur->snap.ntasks; i++)
		assert_true(cur->snap.tasks[i - 1].pid < cur->snap.tasks[i].pid);
	assert_int_equal(fx->s.stats.procs.ns_reads, 13);
	assert_int_equal(fx->s.stats.procs.cgroup_reads, 13);

	p = proc(fx, 200);
	assert_int_equal(p->ns[NS_NET], D_NET);
	assert_int_equal(p->stat.starttime, 1200);
	assert_int_equal(nstop_ticks(p), 35);		/* utime 25 + stime 10 */
	assert_int_equal(nstop_rss(cur, p), 300 * (uint64_t)sysconf(_SC_PAGESIZE));
	assert_string_equal(p->stat.comm, "nginx");
	assert_non_null(p->ct);
	assert_string_equal(p->ct->name, "web-nginx");
	/* one shared entry per container */
	assert_ptr_equal(proc(fx, 201)->ct, p->ct);
	assert_int_equal(ct_users(fx, p->ct), 2);
	assert_null(proc(fx, 1)->ct);
	assert_true(nstop_kthread(proc(fx, 2)));
	assert_string_equal(proc(fx, 700)->ct->name, "web1");

	/* command lines and status only when asked */
	assert_null(p->cmdline);
	nstop_sampler_load_cmdline(&fx->s, p);
	assert_string_equal(p->cmdline, "nginx: master process nginx -g daemon off;");
	nstop_sampler_load_cmdline(&fx->s, p);
	assert_int_equal(fx->s.stats.procs.cmdline_reads, 1);
	/* a kernel thread has none: its name is shown */
	nstop_sampler_load_cmdline(&fx->s, proc(fx, 2));
	assert_null(proc(fx, 2)->cmdline);
	p = proc(fx, 201);
	assert_int_equal(nstop_sampler_load_status(&fx->s, p), 0);
	assert_int_equal(p->uid, 65534);
	assert_int_equal(p->nspid, 7);
}

static void test_cached_per_pid_and_start(void **state)
{
	struct fx *fx = *state;
	struct task *p;
	unsigned long reads;

	assert_int_equal(take(fx, 0), 0);
	assert_non_null(nstop_sampler_prev(&fx->s));
	reads = fx->s.stats.procs.ns_reads;
	/* the command line moves along with the process */
	assert_non_null(proc(fx, 200)->cmdline);

	/* a link changed under a process of the same start: not read again */
	relink(fx, 700, "net", 4026539999ULL);
	assert_int_equal(take(fx, 0), 0);
	assert_int_equal(fx->s.stats.procs.ns_reads, reads);
	assert_int_equal(proc(fx, 700)->ns[NS_NET], N_NET);

	/* the same process exec'ed something else (new name): read again */
	write_stat(fx, 700, "busybox", 'S', 1700, 0);
	assert_int_equal(take(fx, 0), 0);
	assert_int_equal(fx->s.stats.procs.ns_reads, reads + 1);
	assert_int_equal(proc(fx, 700)->ns[NS_NET], 4026539999ULL);

	/* a reused pid (another start time): read again, a new container ref */
	write_stat(fx, 201, "nginx", 'S', 99999, 0);
	relink(fx, 201, "net", H_NET);
	assert_int_equal(take(fx, 0), 0);
	assert_int_equal(fx->s.stats.procs.ns_reads, reads + 2);
	p = proc(fx, 201);
	assert_int_equal(p->ns[NS_NET], H_NET);
	assert_int_equal(ct_users(fx, p->ct), 2);
	assert_null(p->cmdline);
	/* the CPU% model sees a new process: start after the previous sample? no */
	nstop_model_deltas(nstop_sampler_prev(&fx->s), nstop_sampler_cur(&fx->s));
	assert_true(p->cpu == 0);
}

static void test_vanished_and_zombies(void **state)
{
	struct fx *fx = *state;
	const char *pause_id = "aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233";
	char cmd[4400];
	const struct container_info *ct;

	ct = proc(fx, 300)->ct;
	assert_non_null(ct);
	assert_string_equal(ct->id, pause_id);
	assert_int_equal(ct_users(fx, ct), 1);
	/* the pause container's only process exits */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s/300'", fx->proc);
	assert_int_equal(system(cmd), 0);
	/* a process dies and is a zombie until reaped */
	write_stat(fx, 400, "sh", 'Z', 1400, 0);
	assert_int_equal(take(fx, 0), 0);
	assert_null(proc(fx, 300));
	assert_int_equal(nstop_sampler_cur(&fx->s)->snap.ntasks, 12);
	/* a zombie counts only in its pid and user namespaces */
	assert_int_equal(proc(fx, 400)->ns[NS_NET], 0);
	assert_int_equal(proc(fx, 400)->ns[NS_MNT], 0);
	assert_int_equal(proc(fx, 400)->ns[NS_PID], H_PID);
	assert_int_not_equal(proc(fx, 400)->ns[NS_USER], 0);
	/* the previous sample still has the pause container; one more
	 * sample, and its entry is gone with it */
	assert_true(ct_indexed(fx, pause_id));
	assert_int_equal(take(fx, 0), 0);
	assert_false(ct_indexed(fx, pause_id));
}

static void test_memory_flat(void **state)
{
	struct fx *fx = *state;
	size_t cap[2], ncts = fx->s.cts.n;

	assert_int_equal(take(fx, NSTOP_SAMPLE_TREE), 0);
	assert_int_equal(take(fx, NSTOP_SAMPLE_TREE), 0);
	cap[0] = fx->s.samples[0].snap.task_cap;
	cap[1] = fx->s.samples[1].snap.task_cap;
	for (int i = 0; i < 300; i++)
		assert_int_equal(take(fx, NSTOP_SAMPLE_TREE), 0);
	assert_int_equal(fx->s.samples[0].snap.task_cap, cap[0]);
	assert_int_equal(fx->s.samples[1].snap.task_cap, cap[1]);
	assert_int_equal(fx->s.cts.n, ncts);
	/* every pid and user namespace has its (empty: a fixture) ancestry */
	assert_true(nstop_sampler_cur(&fx->s)->nrels > 0);
	/* each process once every SNAPSHOT_REVALIDATE samples: 4 or 5 times in 302 */
	assert_true(fx->s.stats.procs.ns_reads >= 15 + 12 * (302 / SNAPSHOT_REVALIDATE));
	assert_true(fx->s.stats.procs.ns_reads <= 15 + 12 * (302 / SNAPSHOT_REVALIDATE + 1));
}

static void test_net_counters_unreadable(void **state)
{
	struct fx *fx = *state;
	struct nstop_sample *cur;

	/* a fixture's namespaces cannot be entered: unknown, said so, no crash */
	assert_int_equal(take(fx, NSTOP_SAMPLE_NET), 0);
	cur = nstop_sampler_cur(&fx->s);
	assert_true(cur->nnets >= 3);
	assert_int_equal(cur->nnet_denied, cur->nnets);
	for (size_t i = 0; i < cur->nnets; i++)
		assert_int_not_equal(cur->nets[i].err, 0);
	/* without NET, no counters and no socket stays open */
	assert_int_equal(take(fx, 0), 0);
	assert_int_equal(nstop_sampler_cur(&fx->s)->nnets, 0);
	assert_int_equal(fx->s.nsocks, 0);
}

/* /proc/PID/io: the bytes that reached the block layer, read and written. */
static void test_parse_io(void **state)
{
	static const char io[] = "rchar: 5000\nwchar: 9000\nsyscr: 4\nsyscw: 2\n"
				 "read_bytes: 4096\nwrite_bytes: 8192\ncancelled_write_bytes: 0\n";
	uint64_t r = 1, w = 1;

	(void)state;
	assert_int_equal(nstop_parse_io(io, strlen(io), &r, &w), 0);
	assert_int_equal(r, 4096);
	assert_int_equal(w, 8192);
	assert_int_equal(nstop_parse_io("read_bytes: 1\n", 14, &r, &w), -EINVAL);
	assert_int_equal(nstop_parse_io("read_bytes: 1x\nwrite_bytes: 2\n", 31, &r, &w), -EINVAL);
	assert_int_equal(nstop_parse_io("read_bytes: 99999999999999999999\nwrite_bytes: 2\n", 49,
					&r, &w), -EINVAL);
	assert_int_equal(nstop_parse_io("", 0, &r, &w), -EINVAL);
}

/* A container's own cgroup from where one of its processes is. */
static void test_ct_cgroup(void **state)
{
	static const char *id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	struct container_info ct;
	char path[256], *rel;

	(void)state;
	/* Podman: processes in "container" below the scope, which is the container's */
	snprintf(path, sizeof(path), "/machine.slice/libpod-%s.scope/container", id);
	assert_int_equal(container_from_cgroup_path(path, &ct), 0);
	rel = nstop_ct_cgroup(path, strlen(path), &ct);
	assert_non_null(rel);
	assert_int_equal(strlen(rel), strlen(path) - strlen("/container"));
	free(rel);
	/* nsrun and Docker: the process's own */
	assert_int_equal(container_from_cgroup_path("/nskit/web1", &ct), 0);
	rel = nstop_ct_cgroup("/nskit/web1\n", 11, &ct);
	assert_string_equal(rel, "/nskit/web1");
	free(rel);
	/* LXC: its processes anywhere in its tree */
	assert_int_equal(container_from_cgroup_path("/lxc.payload.box/system.slice/x.service",
						    &ct), 0);
	rel = nstop_ct_cgroup("/lxc.payload.box/init.scope", 27, &ct);
	assert_string_equal(rel, "/lxc.payload.box");
	free(rel);
	/* in a hierarchy's root (a v1 controller it did not join), or another's: none */
	assert_null(nstop_ct_cgroup("/", 1, &ct));
	assert_null(nstop_ct_cgroup("/nskit/other", 12, &ct));
	assert_null(nstop_ct_cgroup("", 0, &ct));
	assert_null(nstop_ct_cgroup("relative", 8, &ct));
}

int main(void)
{
	/* in order: each test goes on from the state the one before left */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_sample),
		cmocka_unit_test(test_cached_per_pid_and_start),
		cmocka_unit_test(test_vanished_and_zombies),
		cmocka_unit_test(test_memory_flat),
		cmocka_unit_test(test_net_counters_unreadable),
		cmocka_unit_test(test_parse_io),
		cmocka_unit_test(test_ct_cgroup),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
