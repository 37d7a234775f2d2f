// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * common/target.c: the parser as a table, and the resolver against the
 * fixture tree (tests/fixtures/mkproc.sh: a Docker container, a Kubernetes
 * pod of two containers, an nsrun container, a descriptor-held and a
 * bind-mounted netns), plus what only a live system can show (pinning a
 * process by pidfd, a namespace file). No privileges needed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fixture.h"
#include "runstate.h"
#include "snapshot.h"
#include "sys.h"
#include "target.h"

#define DOCKER_ID "3f4e1a2b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012a3b4c5d6e7f8"
#define OTHER_ID  "3f4e99990000000000000000000000000000000000000000000000000000abcd"
#define POD_UID   "1b2c3d4e-5f60-4718-93a4-b5c6d7e8f901"

struct fx {
	char *dir;
	char state[PATH_MAX];
	char root[PATH_MAX];
	struct procfs pfs;
	struct target_opts opts;
	struct target t;
};

static int sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	char proc[PATH_MAX];

	if (!f)
		return -1;
	f->dir = fixture_make();
	if (!f->dir)
		goto out_free;
	snprintf(f->state, sizeof(f->state), "%s/state", f->dir);
	snprintf(f->root, sizeof(f->root), "%s/root", f->dir);
	setenv("NSKIT_STATE_DIR", f->state, 1);
	snprintf(proc, sizeof(proc), "%s/proc", f->dir);
	if (procfs_open(&f->pfs, proc) < 0)
		goto out_remove;
	f->opts.pfs = &f->pfs;
	f->opts.sysroot = f->root;
	target_init(&f->t);
	*state = f;
	return 0;

out_remove:
	fixture_remove(f->dir);
out_free:
	free(f);
	return -1;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	target_release(&f->t);
	procfs_close(&f->pfs);
	fixture_remove(f->dir);
	free(f);
	return 0;
}

/* A second Docker container whose id shares "3f4e" with the first: PID 900. */
static void add_second_docker(struct fx *f)
{
	assert_int_equal(sh("set -e; d='%s/proc'; cp -a \"$d/200\" \"$d/900\"; "
			    "sed -i 's/^200 /900 /; s/ 1200 / 1900 /' \"$d/900/stat\"; "
			    "printf '0::/system.slice/docker-%s.scope\\n' >\"$d/900/cgroup\"",
			    f->dir, OTHER_ID), 0);
}

static int resolve(struct fx *f, const char *arg)
{
	return target_resolve(arg, &f->opts, &f->t);
}

/* --- parsing ---------------------------------------------------------------- */

static void test_parse_table(void **state)
{
	static const struct {
		const char *arg;
		int rc;
		enum target_kind kind;
		bool prefixed;
		pid_t pid;
		enum ns_type type;
		uint64_t ino;
		const char *word;
	} cases[] = {
		{ "1", 0, TARGET_PID, false, 1, NS_UNKNOWN, 0, NULL },
		{ "4194304", 0, TARGET_PID, false, 4194304, NS_UNKNOWN, 0, NULL },
		{ "4194305", 0, TARGET_NSINODE, false, 0, NS_UNKNOWN, 4194305, NULL },
		{ "4026532205", 0, TARGET_NSINODE, false, 0, NS_UNKNOWN, 4026532205ULL, NULL },
		{ "net:[4026532205]", 0, TARGET_NSINODE, true, 0, NS_NET, 4026532205ULL, NULL },
		{ "uts:4026532205", 0, TARGET_NSINODE, true, 0, NS_UTS, 4026532205ULL, NULL },
		{ "pid:[4026531836]", 0, TARGET_NSINODE, true, 0, NS_PID, 4026531836ULL, NULL },
		{ "pid:4026531836", 0, TARGET_NSINODE, true, 0, NS_PID, 4026531836ULL, NULL },
		{ "pid:42", 0, TARGET_PID, true, 42, NS_UNKNOWN, 0, NULL },
		{ "/run/netns/blue", 0, TARGET_NSFILE, false, 0, NS_UNKNOWN, 0, "/run/netns/blue" },
		{ "ns:/run/netns/x", 0, TARGET_NSFILE, true, 0, NS_UNKNOWN, 0, "/run/netns/x" },
		{ "web1", 0, TARGET_NAME, false, 0, NS_UNKNOWN, 0, "web1" },
		{ "nsrun:web1", 0, TARGET_NSRUN, true, 0, NS_UNKNOWN, 0, "web1" },
		{ "container:123", 0, TARGET_CONTAINER, true, 0, NS_UNKNOWN, 0, "123" },
		{ "pod:default/shop", 0, TARGET_POD, true, 0, NS_UNKNOWN, 0, "default/shop" },
		{ "netns:blue", 0, TARGET_NETNS, true, 0, NS_UNKNOWN, 0, "blue" },
		{ "default/shop/app", 0, TARGET_NAME, false, 0, NS_UNKNOWN, 0, "default/shop/app" },
		{ "web:1", 0, TARGET_NAME, false, 0, NS_UNKNOWN, 0, "web:1" },
		{ "", -EINVAL, TARGET_NAME, false, 0, NS_UNKNOWN, 0, NULL },
		{ "0", -EINVAL, TARGET_PID, false, 0, NS_UNKNOWN, 0, NULL },
		{ "012", -EINVAL, TARGET_PID, false, 0, NS_UNKNOWN, 0, NULL },
		{ "12a", 0, TARGET_NAME, false, 0, NS_UNKNOWN, 0, "12a" },
		{ "3f4e", 0, TARGET_NAME, false, 0, NS_UNKNOWN, 0, "3f4e" },
		{ "99999999999999999999999", -EINVAL, TARGET_PID, false, 0, NS_UNKNOWN, 0, NULL },
		{ "net:[]", -EINVAL, TARGET_NAME, true, 0, NS_UNKNOWN, 0, NULL },
		{ "net:[12", -EINVAL, TARGET_NAME, true, 0, NS_UNKNOWN, 0, NULL },
		{ "net:[1x]", -EINVAL, TARGET_NAME, true, 0, NS_UNKNOWN, 0, NULL },
		{ "pid:", -EINVAL, TARGET_PID, true, 0, NS_UNKNOWN, 0, NULL },
		{ "pid:abc", -EINVAL, TARGET_PID, true, 0, NS_UNKNOWN, 0, NULL },
		{ "nsrun:", -EINVAL, TARGET_NSRUN, true, 0, NS_UNKNOWN, 0, NULL },
		{ "netns:a/b", -EINVAL, TARGET_NETNS, true, 0, NS_UNKNOWN, 0, NULL },
		{ "netns:..", -EINVAL, TARGET_NETNS, true, 0, NS_UNKNOWN, 0, NULL },
		{ "web\n1", -EINVAL, TARGET_NAME, false, 0, NS_UNKNOWN, 0, NULL },
		{ "web\x7f", -EINVAL, TARGET_NAME, false, 0, NS_UNKNOWN, 0, NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct target_spec s;
		int rc = target_parse(cases[i].arg, &s);

		if (rc != cases[i].rc)
			fail_msg("'%s': rc %d, expected %d", cases[i].arg, rc, cases[i].rc);
		if (rc)
			continue;
		if (s.kind != cases[i].kind || s.prefixed != cases[i].prefixed ||
		    s.pid != cases[i].pid || s.type != cases[i].type || s.ino != cases[i].ino)
			fail_msg("'%s': kind %d prefixed %d pid %d type %d ino %llu", cases[i].arg,
				 s.kind, s.prefixed, (int)s.pid, s.type, (unsigned long long)s.ino);
		if (cases[i].word)
			assert_string_equal(s.word, cases[i].word);
	}
	assert_int_equal(target_parse(NULL, &(struct target_spec){ 0 }), -EINVAL);
	assert_string_equal(target_kind_name(TARGET_POD), "pod");
	assert_string_equal(target_kind_name(TARGET_NKINDS), "unknown");
}

/* --- resolution against the fixture ------------------------------------------ */

static void test_pid(void **state)
{
	struct fx *f = *state;

	assert_int_equal(resolve(f, "200"), 0);
	assert_int_equal(f->t.kind, TARGET_PID);
	assert_int_equal(f->t.pid, 200);
	assert_int_equal(f->t.starttime, 1200);
	assert_int_equal(f->t.types, NS_MASK_ALL);
	assert_int_equal(f->t.ino[NS_NET], 4026532204ULL);
	assert_int_equal(f->t.ino[NS_USER], 4026531837ULL);
	assert_null(f->t.path[NS_NET]);
	assert_string_equal(f->t.label, "PID 200");
	assert_int_equal(resolve(f, "pid:201"), 0);
	assert_int_equal(f->t.pid, 201);

	assert_int_equal(resolve(f, "99999"), -ESRCH);
	assert_int_equal(f->t.kind, TARGET_PID);
	assert_int_equal(f->t.spec.pid, 99999);
	/* a stat file that does not parse is no process to enter: the file is named */
	assert_int_equal(resolve(f, "800"), -EINVAL);
	assert_string_equal(f->t.failed + strlen(f->t.failed) - 9, "/800/stat");
	assert_int_equal(resolve(f, "0"), -EINVAL);
	assert_string_equal(f->t.failed, "");
}

/* A namespace link that is not one: -EBADMSG, with the link named. */
static void test_malformed_link(void **state)
{
	struct fx *f = *state;

	assert_int_equal(sh("ln -sfn garbage '%s/proc/201/ns/net'", f->dir), 0);
	assert_int_equal(resolve(f, "201"), -EBADMSG);
	assert_string_equal(f->t.failed + strlen(f->t.failed) - 11, "/201/ns/net");
	assert_int_equal(resolve(f, "200"), 0);
	assert_string_equal(f->t.failed, "");
	/* in a container's init: the container cannot be told by its namespaces */
	assert_int_equal(sh("ln -sfn 'pid:[1]' '%s/proc/200/ns/uts'", f->dir), 0);
	assert_int_equal(resolve(f, "web-nginx"), -EBADMSG);
	assert_string_equal(f->t.failed + strlen(f->t.failed) - 11, "/200/ns/uts");
}

static void test_docker_by_name_id_prefix(void **state)
{
	struct fx *f = *state;

	assert_int_equal(resolve(f, "web-nginx"), 0);
	assert_int_equal(f->t.kind, TARGET_CONTAINER);
	/* the init (200), not its worker (201) */
	assert_int_equal(f->t.pid, 200);
	assert_int_equal(f->t.starttime, 1200);
	assert_true(f->t.have_ct);
	assert_int_equal(f->t.ct.runtime, CT_DOCKER);
	assert_string_equal(f->t.ct.id, DOCKER_ID);
	assert_int_equal(f->t.ino[NS_MNT], 4026532201ULL);
	assert_string_equal(f->t.label, "container web-nginx (docker, PID 200)");

	assert_int_equal(resolve(f, DOCKER_ID), 0);
	assert_int_equal(f->t.pid, 200);
	assert_int_equal(resolve(f, "3f4e"), 0);
	assert_int_equal(f->t.pid, 200);
	assert_int_equal(resolve(f, "container:3f4e1a2b5c6d"), 0);
	assert_int_equal(f->t.pid, 200);
	/* a prefix of a name is not a match */
	assert_int_equal(resolve(f, "web-ng"), -ENOENT);
	assert_int_equal(resolve(f, "container:nosuch"), -ENOENT);
	assert_int_equal(f->t.kind, TARGET_CONTAINER);
}

static void test_ambiguous_prefix(void **state)
{
	struct fx *f = *state;
	char line[512];

	add_second_docker(f);
	assert_int_equal(resolve(f, "3f4e"), -ENOTUNIQ);
	assert_int_equal(f->t.ncandidates, 2);
	assert_int_equal(f->t.candidates[0].pid, 200);
	assert_int_equal(f->t.candidates[1].pid, 900);
	assert_string_equal(f->t.candidates[1].ct.id, OTHER_ID);
	target_candidate_line(&f->t.candidates[0], line, sizeof(line));
	assert_non_null(strstr(line, "3f4e1a2b5c6d"));
	assert_non_null(strstr(line, "web-nginx"));
	assert_non_null(strstr(line, "docker"));
	assert_non_null(strstr(line, "PID 200"));
	/* one more digit decides */
	assert_int_equal(resolve(f, "3f4e1"), 0);
	assert_int_equal(f->t.pid, 200);
	assert_null(f->t.candidates);
	assert_int_equal(resolve(f, "3f4e9"), 0);
	assert_int_equal(f->t.pid, 900);
	/* an exact name wins over prefixes of other ids */
	assert_int_equal(resolve(f, "web-nginx"), 0);
	assert_int_equal(f->t.pid, 200);
}

static void test_pod_and_containers(void **state)
{
	struct fx *f = *state;

	/* a pod is entered through its sandbox: pause (300) holds net, ipc, uts */
	assert_int_equal(resolve(f, "default/shop-7d4f"), 0);
	assert_int_equal(f->t.kind, TARGET_POD);
	assert_int_equal(f->t.pid, 300);
	assert_int_equal(f->t.ino[NS_NET], 4026532304ULL);
	assert_string_equal(f->t.label, "pod default/shop-7d4f (PID 300)");
	assert_int_equal(resolve(f, POD_UID), 0);
	assert_int_equal(f->t.pid, 300);
	assert_int_equal(resolve(f, "pod:" POD_UID), 0);
	assert_int_equal(f->t.kind, TARGET_POD);
	assert_int_equal(resolve(f, "pod:default/nosuch"), -ENOENT);
	assert_int_equal(f->t.kind, TARGET_POD);
	/* one container of the pod, by namespace/pod/name or by name */
	assert_int_equal(resolve(f, "default/shop-7d4f/app"), 0);
	assert_int_equal(f->t.kind, TARGET_CONTAINER);
	assert_int_equal(f->t.pid, 310);
	assert_int_equal(f->t.ino[NS_MNT], 4026532311ULL);
	assert_int_equal(f->t.ino[NS_NET], 4026532304ULL);
	assert_int_equal(resolve(f, "app"), 0);
	assert_int_equal(f->t.pid, 310);
	assert_int_equal(resolve(f, "default/shop-7d4f/nosuch"), -ENOENT);
	/* "container:" never means a pod */
	assert_int_equal(resolve(f, "container:default/shop-7d4f"), -ENOENT);
}

/* The matcher alone, on a snapshot of the caller's (nsls --container). */
static void test_match_container(void **state)
{
	struct fx *f = *state;
	struct snapshot_opts so = { .types = NS_MASK_ALL, .sysroot = f->root };
	struct target_match m;
	struct snapshot snap;

	add_second_docker(f);
	assert_int_equal(snapshot_take(&snap, &f->pfs, &so), 0);

	/* the snapshot's own record: its tasks share it */
	assert_int_equal(target_match_container(&snap, "web-nginx", TARGET_CONTAINER, &m), 0);
	assert_int_equal(m.init->pid, 200);
	assert_ptr_equal(m.ct, snapshot_find_task(&snap, 201)->ct);
	assert_false(m.pod);
	assert_null(m.candidates);

	assert_int_equal(target_match_container(&snap, "3f4e", TARGET_CONTAINER, &m), -ENOTUNIQ);
	assert_int_equal(m.ncandidates, 2);
	assert_int_equal(m.candidates[1].pid, 900);
	free(m.candidates);
	assert_int_equal(target_match_container(&snap, "3f4e9", TARGET_CONTAINER, &m), 0);
	assert_int_equal(m.init->pid, 900);

	assert_int_equal(target_match_container(&snap, "default/shop-7d4f/app", TARGET_CONTAINER,
						&m), 0);
	assert_int_equal(m.init->pid, 310);
	/* a pod is no container, but a name may be either */
	assert_int_equal(target_match_container(&snap, "default/shop-7d4f", TARGET_CONTAINER, &m),
			 -ENOENT);
	assert_int_equal(target_match_container(&snap, "default/shop-7d4f", TARGET_NAME, &m), 0);
	assert_true(m.pod);
	assert_int_equal(m.init->pid, 300);

	/* where ids are names, a prefix of one is not a match */
	assert_int_equal(target_match_container(&snap, "web1", TARGET_CONTAINER, &m), 0);
	assert_int_equal(m.ct->runtime, CT_NSRUN);
	assert_int_equal(target_match_container(&snap, "web", TARGET_CONTAINER, &m), -ENOENT);
	/* the prefix of every id is no name of one */
	assert_int_equal(target_match_container(&snap, "", TARGET_CONTAINER, &m), -EINVAL);
	snapshot_release(&snap);
}

static void write_record(const char *name, pid_t pid, unsigned long long start)
{
	struct runstate st = { .pid = pid, .starttime = start, .launcher = 1 };

	snprintf(st.name, sizeof(st.name), "%s", name);
	snprintf(st.cgroup, sizeof(st.cgroup), "/nskit/%s", name);
	assert_int_equal(runstate_save(&st), 0);
}

static void test_nsrun(void **state)
{
	struct fx *f = *state;

	/* no record: still found from its cgroup, /nskit/web1 */
	assert_int_equal(resolve(f, "web1"), 0);
	assert_int_equal(f->t.kind, TARGET_CONTAINER);
	assert_int_equal(f->t.ct.runtime, CT_NSRUN);
	assert_int_equal(f->t.pid, 700);

	write_record("web1", 700, 1700);
	assert_int_equal(resolve(f, "web1"), 0);
	assert_int_equal(f->t.kind, TARGET_NSRUN);
	assert_int_equal(f->t.pid, 700);
	assert_int_equal(f->t.ino[NS_CGROUP], 4026532506ULL);
	assert_string_equal(f->t.ct.name, "web1");
	assert_string_equal(f->t.label, "container web1 (nsrun, PID 700)");
	assert_int_equal(resolve(f, "nsrun:web1"), 0);
	assert_int_equal(f->t.pid, 700);

	/*
	 * nsrun's own init (PID 1 inside) and the command it started: the
	 * command is the target, in the very same namespaces
	 */
	assert_int_equal(sh("set -e; d='%s/proc'; cp -a \"$d/700\" \"$d/705\"; "
			    "sed -i 's/^700 (sleep) S 1 /705 (sleep) S 700 /; s/ 1700 / 1705 /' "
			    "\"$d/705/stat\"", f->dir), 0);
	assert_int_equal(resolve(f, "web1"), 0);
	assert_int_equal(f->t.kind, TARGET_NSRUN);
	assert_int_equal(f->t.pid, 705);
	assert_int_equal(f->t.starttime, 1705);
	assert_string_equal(f->t.label, "container web1 (nsrun, PID 705)");
	/* found by its cgroup instead (a record in another state directory) */
	assert_int_equal(resolve(f, "container:web1"), 0);
	assert_int_equal(f->t.kind, TARGET_CONTAINER);
	assert_int_equal(f->t.pid, 705);
	assert_string_equal(f->t.label, "container web1 (nsrun, PID 705)");
	/* the kernel's list of children says the same */
	assert_int_equal(sh("set -e; d='%s/proc/700/task/700'; mkdir -p \"$d\"; "
			    "printf '705 ' >\"$d/children\"", f->dir), 0);
	assert_int_equal(resolve(f, "web1"), 0);
	assert_int_equal(f->t.pid, 705);
	/* an older child elsewhere (a namespace of its own): the init it stays */
	assert_int_equal(sh("set -e; d='%s/proc'; cp -a \"$d/705\" \"$d/703\"; "
			    "sed -i 's/^705 /703 /; s/ 1705 / 1703 /' \"$d/703/stat\"; "
			    "ln -sfn 'net:[4026532777]' \"$d/703/ns/net\"; "
			    "printf '703 705 ' >\"$d/700/task/700/children\"", f->dir), 0);
	assert_int_equal(resolve(f, "web1"), 0);
	assert_int_equal(f->t.pid, 700);
	/* a record naming no init of a pid namespace (nsrun --pid=host): itself */
	assert_int_equal(sh("set -e; d='%s/proc'; rm -rf \"$d/703\" \"$d/700/task\"; "
			    "cp \"$d/700/status\" \"$d/700/status.orig\"; "
			    "sed -i 's/^NSpid:.*/NSpid:\t700/' \"$d/700/status\"", f->dir), 0);
	assert_int_equal(resolve(f, "web1"), 0);
	assert_int_equal(f->t.pid, 700);
	assert_int_equal(sh("set -e; d='%s/proc'; rm -rf \"$d/705\"; "
			    "mv \"$d/700/status.orig\" \"$d/700/status\"", f->dir), 0);

	/* a record whose init is gone (another start time): not running */
	write_record("web1", 700, 42);
	assert_int_equal(resolve(f, "nsrun:web1"), -ESRCH);
	assert_int_equal(f->t.kind, TARGET_NSRUN);
	/* ... but a word still finds what runs under the name */
	assert_int_equal(resolve(f, "web1"), 0);
	assert_int_equal(f->t.kind, TARGET_CONTAINER);
	write_record("db", 999, 1);
	assert_int_equal(resolve(f, "db"), -ESRCH);
	assert_int_equal(f->t.kind, TARGET_NSRUN);
	assert_int_equal(resolve(f, "nsrun:ghost"), -ENOENT);
	assert_int_equal(runstate_remove("web1"), 0);
	assert_int_equal(runstate_remove("db"), 0);

	/* an nsrun name that happens to be hex is a name, not an id to take prefixes of */
	assert_int_equal(sh("set -e; d='%s/proc'; cp -a \"$d/700\" \"$d/950\"; "
			    "sed -i 's/^700 /950 /; s/ 1700 / 1950 /' \"$d/950/stat\"; "
			    "printf '0::/nskit/cafe\\n' >\"$d/950/cgroup\"", f->dir), 0);
	assert_int_equal(resolve(f, "cafe"), 0);
	assert_int_equal(f->t.pid, 950);
	assert_int_equal(resolve(f, "caf"), -ENOENT);
}

static void test_inodes(void **state)
{
	struct fx *f = *state;
	char path[PATH_MAX + 32];

	/* a namespace processes are in: its lowest PID, that type only */
	assert_int_equal(resolve(f, "net:[4026532204]"), 0);
	assert_int_equal(f->t.kind, TARGET_NSINODE);
	assert_int_equal(f->t.pid, 200);
	assert_int_equal(f->t.types, NS_MASK(NS_NET));
	assert_string_equal(f->t.label, "net:[4026532204]");
	/* the bare number: its type is found */
	assert_int_equal(resolve(f, "4026532204"), 0);
	assert_int_equal(f->t.types, NS_MASK(NS_NET));
	assert_int_equal(f->t.pid, 200);
	assert_int_equal(resolve(f, "4026532311"), 0);
	assert_int_equal(f->t.types, NS_MASK(NS_MNT));
	assert_int_equal(f->t.pid, 310);
	/* held by a descriptor only: entered through that descriptor */
	assert_int_equal(resolve(f, "net:[4026532999]"), 0);
	assert_int_equal(f->t.pid, 0);
	snprintf(path, sizeof(path), "%s/proc/600/fd/3", f->dir);
	assert_string_equal(f->t.path[NS_NET], path);
	/* bind-mounted only */
	assert_int_equal(resolve(f, "4026533000"), 0);
	assert_int_equal(f->t.pid, 0);
	assert_string_equal(f->t.path[NS_NET], "/run/netns/blue");
	/* the wrong type, or nothing */
	assert_int_equal(resolve(f, "uts:[4026532204]"), -ENOENT);
	assert_int_equal(f->t.kind, TARGET_NSINODE);
	assert_int_equal(resolve(f, "net:[4026539999]"), -ENOENT);
}

static void test_netns_and_files(void **state)
{
	struct fx *f = *state;
	char path[PATH_MAX + 32];
	struct stat st;
	struct procfs live;

	assert_int_equal(sh("mkdir -p '%s/run/netns' && ln -s /proc/self/ns/net '%s/run/netns/blue'"
			    " && ln -s /proc/self/ns/uts '%s/run/netns/notnet'"
			    " && : >'%s/run/netns/plain'", f->root, f->root, f->root, f->root), 0);
	assert_int_equal(stat("/proc/self/ns/net", &st), 0);

	assert_int_equal(resolve(f, "blue"), 0);
	assert_int_equal(f->t.kind, TARGET_NETNS);
	assert_int_equal(f->t.pid, 0);
	assert_int_equal(f->t.types, NS_MASK(NS_NET));
	assert_int_equal(f->t.ino[NS_NET], st.st_ino);
	snprintf(path, sizeof(path), "%s/run/netns/blue", f->root);
	assert_string_equal(f->t.path[NS_NET], path);
	assert_string_equal(f->t.label, "netns blue");
	/* pinned: the file is opened and checked */
	assert_int_equal(procfs_open(&live, NULL), 0);
	assert_int_equal(target_open(&f->t, &live, 0, NULL), 0);
	assert_true(f->t.fd[NS_NET] >= 0);

	assert_int_equal(resolve(f, "netns:blue"), 0);
	/* a netns name that names no net namespace */
	assert_int_equal(resolve(f, "netns:notnet"), -ENOTTY);
	assert_int_equal(resolve(f, "netns:plain"), -ENOTTY);
	assert_int_equal(resolve(f, "netns:nosuch"), -ENOENT);
	assert_int_equal(f->t.kind, TARGET_NETNS);
	/* nothing by that name anywhere */
	assert_int_equal(resolve(f, "nosuch"), -ENOENT);

	/* namespace files by path */
	assert_int_equal(resolve(f, "/proc/self/ns/net"), 0);
	assert_int_equal(f->t.kind, TARGET_NSFILE);
	assert_int_equal(f->t.types, NS_MASK(NS_NET));
	assert_int_equal(f->t.ino[NS_NET], st.st_ino);
	assert_int_equal(target_open(&f->t, &live, 0, NULL), 0);
	assert_int_equal(resolve(f, "ns:/proc/self/ns/uts"), 0);
	assert_int_equal(f->t.types, NS_MASK(NS_UTS));
	assert_int_equal(resolve(f, "/etc/passwd"), -ENOTTY);
	assert_int_equal(resolve(f, "/nonexistent/x"), -ENOENT);
	assert_int_equal(f->t.kind, TARGET_NSFILE);
	procfs_close(&live);
}

static void test_host(void **state)
{
	struct fx *f = *state;

	/* kthreadd (PID 2) carries PF_KTHREAD in the fixture: the host is taken from it */
	assert_int_equal(target_resolve_host(&f->opts, &f->t), 0);
	assert_int_equal(f->t.pid, 2);
	assert_int_equal(f->t.ino[NS_NET], 4026531833ULL);
	assert_string_equal(f->t.label, "the host (PID 2)");
}

/* --- live: pinning --------------------------------------------------------- */

static void test_open_live(void **state)
{
	struct procfs live;
	struct target_opts o = { 0 };
	struct target t;
	char self[16];
	enum ns_type bad;

	(void)state;
	assert_int_equal(procfs_open(&live, NULL), 0);
	o.pfs = &live;
	target_init(&t);
	snprintf(self, sizeof(self), "%d", (int)getpid());
	assert_int_equal(target_resolve(self, &o, &t), 0);
	assert_int_equal(t.pid, getpid());
	assert_true(t.starttime > 0);
	assert_int_equal(target_open(&t, &live, 0, &bad), 0);
	/* no pidfds (before Linux 5.3, or under valgrind 3.19): not an error */
	if (t.pidfd < 0)
		assert_int_equal(sys_pidfd_open(getpid(), 0) < 0 ? errno : 0, ENOSYS);
	assert_int_equal(bad, NS_UNKNOWN);

	/* the same PID with another start time is another process: refused */
	if (t.pidfd >= 0)
		close(t.pidfd);
	t.pidfd = -1;
	t.starttime++;
	assert_int_equal(target_open(&t, &live, 0, NULL), -ESRCH);
	assert_int_equal(t.pidfd, -1);

	/* a namespace file replaced since it was resolved */
	assert_int_equal(target_resolve("/proc/self/ns/net", &o, &t), 0);
	t.ino[NS_NET]++;
	assert_int_equal(target_open(&t, &live, 0, &bad), -ESTALE);
	assert_int_equal(bad, NS_NET);
	target_release(&t);
	assert_int_equal(t.pidfd, -1);
	assert_int_equal(t.fd[NS_NET], -1);
	procfs_close(&live);
}

struct thread_arg {
	int ready[2], release[2];
	pid_t tid;
};

static void *thread_main(void *p)
{
	struct thread_arg *a = p;
	char c = 'x';

	a->tid = (pid_t)syscall(SYS_gettid);
	if (write(a->ready[1], &c, 1) != 1)
		return NULL;
	if (read(a->release[0], &c, 1) < 0)
		return NULL;
	return NULL;
}

/* A thread's id, as nsenter -t takes one: resolved and pinned like a process. */
static void test_open_thread(void **state)
{
	struct thread_arg a = { .tid = 0 };
	struct procfs live;
	struct target_opts o = { 0 };
	struct target t;
	char arg[16], c = 'x';
	pthread_t th;

	(void)state;
	assert_int_equal(procfs_open(&live, NULL), 0);
	o.pfs = &live;
	assert_int_equal(pipe2(a.ready, O_CLOEXEC), 0);
	assert_int_equal(pipe2(a.release, O_CLOEXEC), 0);
	assert_int_equal(pthread_create(&th, NULL, thread_main, &a), 0);
	assert_int_equal(read(a.ready[0], &c, 1), 1);
	assert_true(a.tid > 0 && a.tid != getpid());
	target_init(&t);
	snprintf(arg, sizeof(arg), "%d", (int)a.tid);
	assert_int_equal(target_resolve(arg, &o, &t), 0);
	assert_int_equal(t.kind, TARGET_PID);
	assert_int_equal(t.pid, a.tid);
	assert_int_equal(target_open(&t, &live, 0, NULL), 0);
	/* a thread pidfd (Linux 6.9), or none where there is none: never an error */
	if (t.pidfd < 0)
		assert_int_equal(sys_pidfd_open(a.tid, 0), -1);
	target_release(&t);
	assert_int_equal(write(a.release[1], &c, 1), 1);
	assert_int_equal(pthread_join(th, NULL), 0);
	for (int i = 0; i < 2; i++) {
		close(a.ready[i]);
		close(a.release[i]);
	}
	procfs_close(&live);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test_setup_teardown(test_pid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_docker_by_name_id_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ambiguous_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pod_and_containers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_match_container, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nsrun, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inodes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_netns_and_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_host, setup, teardown),
		cmocka_unit_test(test_open_live),
		cmocka_unit_test(test_open_thread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
