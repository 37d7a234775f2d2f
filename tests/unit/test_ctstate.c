// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * common/ctstate.c: the runtimes' state on disk, in a temporary host root
 * of files shaped like the ones Docker 20.10, Podman 4.3, containerd 1.6
 * (ctr and the CRI plugin), CRI-O, LXC 5 and systemd-machined write; the
 * parsers one by one; hostile files.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "container.h"
#include "ctstate.h"
#include "fixture.h"
#include "snapshot.h"

#define ID1 "3f4e9a1b2c7d8e0f11223344556677889900aabbccddeeff0011223344556677"
#define ID2 "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
#define ID3 "00000000000000000000000000000000000000000000000000000000deadbeef"
#define ID4 "4444444444444444444444444444444444444444444444444444444444444444"
#define UID_DASH "8d2b6f3e-1c4a-4b5d-9e7f-0a1b2c3d4e5f"
#define UID_US "8d2b6f3e_1c4a_4b5d_9e7f_0a1b2c3d4e5f"

/* ---- State files ---- */

/* Short, so that every path built from it fits PATH_MAX. */
static char sysroot[64];

static void mkdir_p(const char *dir)
{
	char tmp[PATH_MAX];

	assert_true(strlen(dir) < sizeof(tmp));
	strcpy(tmp, dir);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		assert_true(mkdir(tmp, 0755) == 0 || errno == EEXIST);
		*p = '/';
	}
	assert_true(mkdir(tmp, 0755) == 0 || errno == EEXIST);
}

static void put_file(const char *rel, const char *content, size_t len)
{
	char path[PATH_MAX], dir[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", sysroot, rel);
	strcpy(dir, path);
	*strrchr(dir, '/') = '\0';
	mkdir_p(dir);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void put(const char *rel, const char *content)
{
	put_file(rel, content, strlen(content));
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup_sysroot(void **state)
{
	(void)state;
	strcpy(sysroot, "/tmp/nskit-test-container.XXXXXX");
	if (!mkdtemp(sysroot))
		return -1;
	return 0;
}

static int teardown_sysroot(void **state)
{
	(void)state;
	return nftw(sysroot, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* A container_info as the cgroup matcher would give it. */
static struct container_info from(const char *path)
{
	struct container_info ci;

	assert_int_equal(container_from_cgroup_path(path, &ci), 0);
	return ci;
}

/*
 * What the snapshot does for a container its cgroup path named: list the
 * state (anew each time: the files change between checks here) and apply
 * the record. 0, or -ENOENT when no record names it.
 */
static int resolve(const char *root, struct container_info *ci)
{
	struct ct_index ix;
	struct ct_record *r;
	int rc = -ENOENT;

	if (!ci)
		return -ENOENT;
	ct_index_init(&ix, root);
	assert_int_equal(ct_index_scan(&ix), 0);
	r = ct_index_of(&ix, ci);
	if (r) {
		ct_record_apply(r, ci);
		rc = 0;
	}
	ct_index_release(&ix);
	return rc;
}

static void test_resolve_docker(void **state)
{
	struct container_info ci;

	(void)state;
	put("var/lib/docker/containers/" ID1 "/config.v2.json",
	    "{\"StreamConfig\":{},\"State\":{\"Running\":true,\"Pid\":4242},\"ID\":\"" ID1 "\","
	    "\"Config\":{\"Hostname\":\"3f4e9a1b2c7d\",\"Labels\":{\"Name\":\"label\"}},"
	    "\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"no\",\"MaximumRetryCount\":0}},"
	    "\"Name\":\"/web1\",\"Driver\":\"overlay2\"}\n");
	ci = from("/system.slice/docker-" ID1 ".scope");
	assert_int_equal(resolve(sysroot, &ci), 0);
	assert_string_equal(ci.name, "web1");
	assert_string_equal(container_label(&ci), "web1");
	assert_int_equal(ci.runtime, CT_DOCKER);

	/* A sysroot with trailing slashes works the same. */
	char root2[PATH_MAX];

	snprintf(root2, sizeof(root2), "%s//", sysroot);
	ci = from("/docker/" ID1);
	assert_int_equal(resolve(root2, &ci), 0);
	assert_string_equal(ci.name, "web1");

	/* No state file for this one. */
	ci = from("/docker/" ID2);
	assert_int_equal(resolve(sysroot, &ci), -ENOENT);
	assert_string_equal(ci.name, "");
	assert_string_equal(container_label(&ci), "a1b2c3d4e5f6");
}

static void test_resolve_docker_k8s(void **state)
{
	struct container_info ci;

	(void)state;
	/* dockershim / cri-dockerd naming, in the cgroupfs layout that cannot tell Docker. */
	put("var/lib/docker/containers/" ID2 "/config.v2.json",
	    "{\"Name\":\"/k8s_nginx_web-7d9f_shop_" UID_DASH "_0\"}");
	ci = from("/kubepods/burstable/pod" UID_DASH "/" ID2);
	assert_int_equal(ci.runtime, CT_CONTAINERD);
	assert_int_equal(resolve(sysroot, &ci), 0);
	assert_int_equal(ci.runtime, CT_DOCKER);
	assert_string_equal(ci.name, "nginx");
	assert_string_equal(ci.pod_name, "shop/web-7d9f");
	assert_string_equal(ci.pod_uid, UID_DASH);

	/* The UID from the cgroup path is kept over the one in the name. */
	put("var/lib/docker/containers/" ID3 "/config.v2.json",
	    "{\"Name\":\"/k8s_POD_web-7d9f_shop_00000000-0000-0000-0000-000000000000_1\"}");
	ci = from("/kubepods/besteffort/pod" UID_DASH "/" ID3);
	assert_int_equal(resolve(sysroot, &ci), 0);
	assert_string_equal(ci.name, "POD");
	assert_string_equal(ci.pod_uid, UID_DASH);
}

static void test_resolve_containerd(void **state)
{
	struct container_info ci;

	(void)state;
	/* Kubernetes on containerd: namespace k8s.io. */
	put("run/containerd/io.containerd.runtime.v2.task/k8s.io/" ID1 "/config.json",
	    "{\"ociVersion\":\"1.1.0\",\"process\":{\"user\":{\"uid\":0},\"args\":[\"nginx\"]},"
	    "\"annotations\":{\"io.kubernetes.cri.container-name\":\"nginx\","
	    "\"io.kubernetes.cri.container-type\":\"container\","
	    "\"io.kubernetes.cri.sandbox-id\":\"" ID2 "\","
	    "\"io.kubernetes.cri.sandbox-name\":\"web-7d9f\","
	    "\"io.kubernetes.cri.sandbox-namespace\":\"shop\","
	    "\"io.kubernetes.cri.sandbox-uid\":\"" UID_DASH "\"}}");
	/* A second namespace, to show every one is searched. */
	put("run/containerd/io.containerd.runtime.v2.task/default/" ID2 "/config.json",
	    "{\"annotations\":{\"nerdctl/name\":\"redis\",\"nerdctl/platform\":\"linux/amd64\"}}");

	ci = from("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_US
		  ".slice/cri-containerd-" ID1 ".scope");
	assert_int_equal(resolve(sysroot, &ci), 0);
	assert_string_equal(ci.name, "nginx");
	assert_string_equal(ci.pod_name, "shop/web-7d9f");
	assert_string_equal(ci.pod_uid, UID_DASH);

	/* Without the pod in the path, the annotation gives the UID. */
	ci = from("/k8s.io/" ID1);
	assert_string_equal(ci.pod_uid, "");
	assert_int_equal(resolve(sysroot, &ci), 0);
	assert_string_equal(ci.pod_uid, UID_DASH);

	ci = from("/system.slice/nerdctl-" ID2 ".scope");
	assert_int_equal(resolve(sysroot, &ci), 0);
	assert_string_equal(ci.name, "redis");
	assert_string_equal(ci.pod_name, "");
}

static void test_resolve_crio(void **state)
{
	struct container_info ci;

	(void)state;
	put("run/containers/storage/overlay-containers/" ID1 "/userdata/config.json",
	    "{\"ociVersion\":\"1.0.2-dev\",\"annotations\":{"
	    "\"io.kubernetes.container.name\":\"coredns\","
	    "\"io.kubernetes.pod.name\":\"coredns-5d78c9869d-abcde\","
	    "\"io.kubernetes.pod.namespace\":\"kube-system\","
	    "\"io.kubernetes.pod.uid\":\"" UID_DASH "\"}}");
	ci = from("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_US
		  ".slice/crio-" ID1 ".scope");
	assert_int_equal(resolve(sysroot, &ci), 0);
	assert_string_equal(ci.name, "coredns");
	assert_string_equal(ci.pod_name, "kube-system/coredns-5d78c9869d-abcde");

	/* The monitor resolves to the same container. */
	ci = from("/system.slice/crio-conmon-" ID1 ".scope");
	assert_int_equal(resolve(sysroot, &ci), 0);
	assert_string_equal(ci.name, "coredns");
	assert_true(ci.monitor);
}

static void test_resolve_podman(void **state)
{
	struct container_info ci;

	(void)state;
	/* (ID1 is CRI-O's, from the test before: the storage is shared) */
	put("var/lib/containers/storage/overlay-containers/containers.json",
	    "[{\"id\":\"" ID2 "\",\"names\":[\"other\"],\"image\":\"x\",\"layer\":\"y\","
	    "\"metadata\":\"{\\\"image-name\\\":\\\"docker.io/library/alpine:latest\\\"}\"},"
	    "{\"id\":\"" ID4 "\",\"names\":[\"podweb\",\"alias\"],\"created\":\"2024-01-01\"}]");
	/* each container has its directory; the names are in containers.json */
	put("var/lib/containers/storage/overlay-containers/" ID4 "/userdata/ctl", "");
	put("var/lib/containers/storage/overlay-containers/" ID2 "/userdata/ctl", "");
	put("var/lib/containers/storage/overlay-containers/" ID3 "/userdata/ctl", "");
	ci = from("/machine.slice/libpod-" ID4 ".scope/container");
	assert_int_equal(resolve(sysroot, &ci), 0);
	assert_string_equal(ci.name, "podweb");
	ci = from("/machine.slice/libpod-" ID2 ".scope");
	assert_int_equal(resolve(sysroot, &ci), 0);
	assert_string_equal(ci.name, "other");
	/* An id containers.json does not list. */
	ci = from("/machine.slice/libpod-conmon-" ID3 ".scope");
	assert_int_equal(resolve(sysroot, &ci), -ENOENT);
	assert_string_equal(ci.name, "");
}

static void test_resolve_hostile(void **state)
{
#define DOCKER_DIR "var/lib/docker/containers/" ID2
#define DOCKER_CFG DOCKER_DIR "/config.v2.json"
	struct container_info ci;
	char cfg[PATH_MAX], real[PATH_MAX], longname[CT_NAME_MAX + 20];
	int fd;

	(void)state;
	snprintf(cfg, sizeof(cfg), "%s/" DOCKER_CFG, sysroot);
	snprintf(real, sizeof(real), "%s/" DOCKER_DIR "/real.json", sysroot);
	ci = from("/docker/" ID2);

	/* Truncated and malformed state files give -ENOENT, not a crash or a half name. */
	put(DOCKER_CFG, "{\"State\":{\"Pid\":1},\"Na");
	assert_int_equal(resolve(sysroot, &ci), -ENOENT);
	assert_string_equal(ci.name, "");
	put(DOCKER_CFG, "{\"Name\":\"/web");
	assert_int_equal(resolve(sysroot, &ci), -ENOENT);
	put(DOCKER_CFG, "");
	assert_int_equal(resolve(sysroot, &ci), -ENOENT);
	put_file(DOCKER_CFG, "{\"Name\":\"/w\0b\"}", 15);
	assert_int_equal(resolve(sysroot, &ci), -ENOENT);
	put(DOCKER_CFG, "\xff\xfe{\"Name\":\"/x\"}");
	assert_int_equal(resolve(sysroot, &ci), -ENOENT);
	/* A name with a terminal escape in it is refused. */
	put(DOCKER_CFG, "{\"Name\":\"/a\\u001b[2J\"}");
	assert_int_equal(resolve(sysroot, &ci), -ENOENT);
	assert_string_equal(ci.name, "");
	/* A name longer than CT_NAME_MAX is not cut into a wrong one. */
	memset(longname, 'n', sizeof(longname));
	memcpy(longname, "{\"Name\":\"/", 10);
	memcpy(longname + sizeof(longname) - 3, "\"}", 3);
	put(DOCKER_CFG, longname);
	assert_int_equal(resolve(sysroot, &ci), -ENOENT);
	assert_string_equal(ci.name, "");

	/* Too big (a sparse 5 MiB file): skipped. Exactly 4 MiB is still read. */
	put(DOCKER_CFG, "{\"Name\":\"/big\"}");
	fd = open(cfg, O_WRONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 5 << 20), 0);
	assert_int_equal(resolve(sysroot, &ci), -ENOENT);
	assert_int_equal(ftruncate(fd, 4 << 20), 0);
	close(fd);
	assert_int_equal(resolve(sysroot, &ci), 0);
	assert_string_equal(ci.name, "big");
	ci = from("/docker/" ID2);

	/* A FIFO must not hang us. */
	assert_int_equal(unlink(cfg), 0);
	assert_int_equal(mkfifo(cfg, 0600), 0);
	assert_int_equal(resolve(sysroot, &ci), -ENOENT);
	assert_int_equal(unlink(cfg), 0);
	/* A symlink is not followed. */
	put(DOCKER_DIR "/real.json", "{\"Name\":\"/linked\"}");
	assert_int_equal(symlink(real, cfg), 0);
	assert_int_equal(resolve(sysroot, &ci), -ENOENT);
	assert_int_equal(unlink(cfg), 0);
	/* A directory where the file should be. */
	assert_int_equal(mkdir(cfg, 0755), 0);
	assert_int_equal(resolve(sysroot, &ci), -ENOENT);
	assert_int_equal(rmdir(cfg), 0);
	assert_string_equal(ci.name, "");

	assert_int_equal(resolve(sysroot, NULL), -ENOENT);
	/* Kinds that have no state file. */
	ci = from("/kubepods/pod" UID_DASH);
	assert_int_equal(resolve(sysroot, &ci), -ENOENT);
	/* Missing sysroot altogether. */
	ci = from("/docker/" ID1);
	assert_int_equal(resolve("/nonexistent/sysroot", &ci), -ENOENT);
#undef DOCKER_CFG
#undef DOCKER_DIR
}

/* ---- The real runtimes' state of tests/fixtures/mkproc.sh, and its processes ---- */

#define DK_WEB "9766b74ef4ad2f831c2d65a51fcec2033dfce4faf469be6422e4407f730b9bd5"
#define DK_SIDE "528aac4164275d7c0416b2c7a886ba14778d56c579e5edfbaf1a6811f2b510cb"
#define PM_POD "25209ec7f5a0f92d522dbd92e319a5a336d7f5da40d1ba13883f0daa42910831"
#define PM_INFRA "399a6f0c8569fa0b7f79c38802d89f9a5a3ab97c143fcf4ecc2cd2174a010f90"
#define K8S_SB "c0ffee00000000000000000000000000000000000000000000000000000000aa"

struct rt_fixture {
	char *dir;
	char proc[PATH_MAX], root[PATH_MAX];
	struct procfs pfs;
	struct snapshot snap;
};

static struct rt_fixture *rtfx;

static int setup_all(void **state)
{
	if (setup_sysroot(state) < 0)
		return -1;
	rtfx = calloc(1, sizeof(*rtfx));
	if (!rtfx || !(rtfx->dir = fixture_make_with("runtimes")))
		return -1;
	snprintf(rtfx->proc, sizeof(rtfx->proc), "%s/proc", rtfx->dir);
	snprintf(rtfx->root, sizeof(rtfx->root), "%s/root", rtfx->dir);
	return procfs_open(&rtfx->pfs, rtfx->proc);
}

static int teardown_all(void **state)
{
	procfs_close(&rtfx->pfs);
	fixture_remove(rtfx->dir);
	free(rtfx);
	return teardown_sysroot(state);
}

static struct ct_index *scanned(struct ct_index *ix)
{
	ct_index_init(ix, rtfx->root);
	assert_int_equal(ct_index_scan(ix), 0);
	assert_int_equal(ct_index_bind(ix, &rtfx->pfs), 0);
	return ix;
}

static void test_records(void **state)
{
	struct ct_index ix;
	struct ct_record *r;

	(void)state;
	scanned(&ix);
	/* Docker: a running container, its init and exact start from runc's state */
	r = ct_index_find(&ix, CT_DOCKER, DK_WEB);
	assert_non_null(r);
	assert_string_equal(r->info.name, "web");
	assert_int_equal(r->pid, 900);
	assert_int_equal(r->start, 1900);
	assert_true(r->live);
	assert_false(r->stopped);
	/* who joined whom: hostconfig.json's container: modes */
	r = ct_index_find(&ix, CT_DOCKER, DK_SIDE);
	assert_non_null(r);
	assert_int_equal(strlen(r->info.name), 150);
	assert_string_equal(r->joined[NS_NET], DK_WEB);
	assert_string_equal(r->joined[NS_PID], DK_WEB);
	assert_string_equal(r->joined[NS_IPC], DK_WEB);
	assert_string_equal(r->joined[NS_UTS], "");
	/* created, never started */
	r = ct_index_find(&ix, CT_DOCKER, "e84721b26b7edb9389354e7a390253f9733068f3ae902516347247ca06be3107");
	assert_non_null(r);
	assert_string_equal(r->info.name, "stopped");
	assert_true(r->stopped);
	assert_false(r->live);
	/* Podman: the pod's name from its infra container, which is the sandbox */
	r = ct_index_find(&ix, CT_PODMAN, PM_INFRA);
	assert_non_null(r);
	assert_true(r->info.sandbox);
	assert_string_equal(r->info.name, "25209ec7f5a0-infra");
	assert_string_equal(r->info.pod_name, "shop");
	assert_string_equal(r->info.pod_uid, PM_POD);
	assert_int_equal(r->pid, 920);
	r = ct_index_find(&ix, CT_PODMAN, "97d0718d1df393ddf3064874e4c67f1cc6bf2d8f19affbe778d2159c7391ccd5");
	assert_non_null(r);
	assert_false(r->info.sandbox);
	assert_string_equal(r->info.name, "app");
	assert_string_equal(r->info.pod_name, "shop");
	assert_string_equal(r->sandbox_id, PM_INFRA);
	/* the path of the infra's /proc/PID/ns file, turned into its id */
	assert_string_equal(r->joined[NS_NET], PM_INFRA);
	assert_string_equal(r->joined[NS_PID], "");
	/* containerd: ctr's id is the name */
	r = ct_index_find(&ix, CT_CONTAINERD, "mybox");
	assert_non_null(r);
	assert_string_equal(r->info.name, "mybox");
	assert_int_equal(r->pid, 940);
	assert_int_equal(r->start, 1940);
	/* CRI: the pod's name and namespace; the sandbox has no container name */
	r = ct_index_find(&ix, CT_CONTAINERD, K8S_SB);
	assert_non_null(r);
	assert_true(r->info.sandbox);
	assert_string_equal(r->info.name, "");
	assert_string_equal(r->info.pod_name, "prod/shop-7d9");
	assert_string_equal(r->info.pod_uid, "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d");
	/* machined's registry: the container, not the unit link */
	r = ct_index_find(&ix, CT_NSPAWN, "deb12");
	assert_non_null(r);
	assert_int_equal(r->pid, 970);
	assert_null(ct_index_find(&ix, CT_NSPAWN, "unit:machine-deb12.scope"));
	/* LXC: it exists, and nothing says it runs */
	r = ct_index_find(&ix, CT_LXC, "lbox");
	assert_non_null(r);
	assert_true(r->stopped);
	ct_index_release(&ix);
}

/* The container of pid as the snapshot says, or NULL. */
static const struct container_info *ct_of(pid_t pid)
{
	struct task *t = snapshot_find_task(&rtfx->snap, pid);

	assert_non_null(t);
	assert_int_equal(snapshot_task_load(&rtfx->snap, t, TASK_CONTAINER), 0);
	return t->ct;
}

/* The container of pid, which must be runtime's and named name. */
static const struct container_info *ct_is(pid_t pid, enum ct_runtime runtime, const char *name)
{
	const struct container_info *ci = ct_of(pid);

	assert_non_null(ci);
	assert_int_equal(ci->runtime, runtime);
	assert_string_equal(ci->name, name);
	return ci;
}

static void test_snapshot_matches(void **state)
{
	struct snapshot_opts so = { .types = NS_MASK_ALL, .sysroot = rtfx->root };
	const struct container_info *ci;

	(void)state;
	assert_int_equal(snapshot_take(&rtfx->snap, &rtfx->pfs, &so), 0);
	/* --cgroup-parent: the init by its PID and start, its child by the cgroup */
	ci = ct_is(900, CT_DOCKER, "web");
	assert_ptr_equal(ct_of(901), ci);
	/* named by its path, and by its state: the name of 150 characters */
	ci = ct_of(910);
	assert_non_null(ci);
	assert_int_equal(strlen(ci->name), 150);
	/* Podman's pod */
	ci = ct_of(920);
	assert_non_null(ci);
	assert_true(ci->sandbox);
	assert_string_equal(ci->pod_name, "shop");
	ci = ct_of(930);
	assert_string_equal(ci->name, "app");
	assert_string_equal(ci->pod_name, "shop");
	assert_string_equal(ci->pod_uid, PM_POD);
	/* conmon is nobody's */
	assert_null(ct_of(919));
	/* ctr in a namespace of its own: the init, and a child by the cgroup */
	ci = ct_is(940, CT_CONTAINERD, "mybox");
	assert_ptr_equal(ct_of(941), ci);
	/* CRI */
	ci = ct_of(961);
	assert_string_equal(ci->name, "app");
	assert_string_equal(ci->pod_name, "prod/shop-7d9");
	assert_true(ct_of(960)->sandbox);
	/* nspawn without a scope: the leader, and the rest of its pid namespace */
	ci = ct_is(970, CT_NSPAWN, "deb12");
	assert_ptr_equal(ct_of(971), ci);
	/* the host is nobody's, and the earlier containers are as they were */
	assert_null(ct_of(1));
	assert_null(ct_of(400));
	assert_string_equal(ct_of(200)->name, "web-nginx");
	assert_string_equal(ct_of(700)->name, "web1");
	snapshot_release(&rtfx->snap);
}

/* A refresh reads no state file of containers it has seen. */
static void test_refresh_reads_nothing(void **state)
{
	struct snapshot_opts so = { .types = NS_MASK_ALL, .sysroot = rtfx->root };
	struct snapshot_stats stats = { 0 };
	struct snapshot a, b;
	struct snapshot_cts cts;
	unsigned long files;

	(void)state;
	snapshot_cts_init(&cts, rtfx->root);
	so.cts = &cts;
	so.stats = &stats;
	so.load = TASK_STAT | TASK_CONTAINER;
	snapshot_init(&a);
	snapshot_init(&b);
	assert_int_equal(snapshot_refresh(&a, &rtfx->pfs, &so), 0);
	files = cts.index.stats.files;
	assert_true(files > 0);
	for (int i = 0; i < 3; i++) {
		so.prev = i % 2 ? &b : &a;
		assert_int_equal(snapshot_refresh(i % 2 ? &a : &b, &rtfx->pfs, &so), 0);
	}
	assert_int_equal(cts.index.stats.files, files);
	snapshot_release(&a);
	snapshot_release(&b);
	snapshot_cts_release(&cts);
}

/* ---- The parsers alone ---- */

static void test_parsers(void **state)
{
	struct ct_record r;
	const char *t;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(ctstate_parse(CTF_PIDFILE, "4242\n", 5, &r), 0);
	assert_int_equal(r.pid, 4242);
	assert_int_equal(ctstate_parse(CTF_PIDFILE, "", 0, &r), -EINVAL);
	assert_int_equal(ctstate_parse(CTF_PIDFILE, "0", 1, &r), -EINVAL);
	assert_int_equal(ctstate_parse(CTF_PIDFILE, "99999999999", 11, &r), -EINVAL);
	assert_int_equal(ctstate_parse(CTF_PIDFILE, "12x", 3, &r), -EINVAL);
	/* runc's state must agree with a pid file that said which */
	r.pid = 7;
	t = "{\"id\":\"x\",\"init_process_pid\":8,\"init_process_start\":99}";
	assert_int_equal(ctstate_parse(CTF_OCI_STATE, t, strlen(t), &r), -ENOENT);
	r.pid = 8;
	assert_int_equal(ctstate_parse(CTF_OCI_STATE, t, strlen(t), &r), 0);
	assert_int_equal(r.start, 99);
	/* Docker: a name without the slash, a k8s_ name of six parts, others as they are */
	memset(&r, 0, sizeof(r));
	t = "{\"Name\":\"web\"}";
	assert_int_equal(ctstate_parse(CTF_DOCKER_CONFIG, t, strlen(t), &r), 0);
	assert_string_equal(r.info.name, "web");
	assert_true(r.stopped);
	t = "{\"Name\":\"/k8s_a_b_c_d_e_f_g\"}";
	assert_int_equal(ctstate_parse(CTF_DOCKER_CONFIG, t, strlen(t), &r), 0);
	assert_string_equal(r.info.name, "k8s_a_b_c_d_e_f_g");
	t = "{\"Name\":\"/x\",\"State\":{\"Running\":true,\"Pid\":12,"
	    "\"StartedAt\":\"2026-12-04T18:35:26.774809171Z\"}}";
	assert_int_equal(ctstate_parse(CTF_DOCKER_CONFIG, t, strlen(t), &r), 0);
	assert_int_equal(r.pid, 12);
	assert_int_equal(r.started, 1796409326);
	/* hostconfig: only container: modes, and valid ids */
	memset(&r, 0, sizeof(r));
	t = "{\"NetworkMode\":\"host\",\"PidMode\":\"container:\",\"IpcMode\":\"container:abc\"}";
	assert_int_equal(ctstate_parse(CTF_DOCKER_HOSTCONFIG, t, strlen(t), &r), 0);
	assert_string_equal(r.joined[NS_NET], "");
	assert_string_equal(r.joined[NS_PID], "");
	assert_string_equal(r.joined[NS_IPC], "abc");
	/* CRI-O and Podman share a format: the annotations tell */
	memset(&r, 0, sizeof(r));
	r.info.runtime = CT_PODMAN;
	t = "{\"annotations\":{\"io.kubernetes.pod.name\":\"p\",\"io.kubernetes.pod.namespace\":"
	    "\"n\",\"io.kubernetes.container.name\":\"c\"}}";
	assert_int_equal(ctstate_parse(CTF_OCI_CONFIG, t, strlen(t), &r), 0);
	assert_int_equal(r.info.runtime, CT_CRIO);
	assert_string_equal(r.info.pod_name, "n/p");
	/* "namespace/name" that does not fit is left out, not cut */
	memset(&r, 0, sizeof(r));
	r.info.runtime = CT_CONTAINERD;
	{
		char big[2 * CT_POD_MAX];
		char doc[3 * CT_POD_MAX];

		memset(big, 'p', CT_POD_MAX - 10);
		big[CT_POD_MAX - 10] = '\0';
		snprintf(doc, sizeof(doc), "{\"annotations\":{\"io.kubernetes.cri.sandbox-name\":"
			 "\"%s\",\"io.kubernetes.cri.sandbox-namespace\":\"nnnnnnnnnnnn\"}}", big);
		assert_int_equal(ctstate_parse(CTF_OCI_CONFIG, doc, strlen(doc), &r), 0);
		assert_string_equal(r.info.pod_name, "");
	}
	/* machined: only containers */
	memset(&r, 0, sizeof(r));
	t = "NAME=vm1\nLEADER=5\nCLASS=vm\n";
	assert_int_equal(ctstate_parse(CTF_MACHINE, t, strlen(t), &r), -ENOENT);
	/* bad arguments */
	assert_int_equal(ctstate_parse(CTF_NFILES, "{}", 2, &r), -EINVAL);
	assert_int_equal(ctstate_parse(CTF_OCI_CONFIG, NULL, 0, &r), -EINVAL);
	/* JSON nested deeper than any runtime writes */
	{
		static char deep[4096];
		size_t n = 0;

		for (int i = 0; i < 1000; i++)
			deep[n++] = '[';
		assert_int_equal(ctstate_parse(CTF_OCI_CONFIG, deep, n, &r), -EINVAL);
	}
}

/* As root, state in a directory others may write is not taken. */
static void test_trust(void **state)
{
	char dir[PATH_MAX];
	struct ct_index ix;

	(void)state;
	put("var/lib/docker/containers/" ID3 "/config.v2.json", "{\"Name\":\"/trusted\"}");
	ct_index_init(&ix, sysroot);
	ix.trust_root_only = true;
	assert_int_equal(ct_index_scan(&ix), 0);
	if (geteuid() == 0)
		assert_non_null(ct_index_find(&ix, CT_DOCKER, ID3));
	snprintf(dir, sizeof(dir), "%s/var/lib/docker/containers/" ID3, sysroot);
	assert_int_equal(chmod(dir, 0777), 0);
	assert_int_equal(ct_index_scan(&ix), 0);
	assert_null(ct_index_find(&ix, CT_DOCKER, ID3));
	assert_int_equal(chmod(dir, 0755), 0);
	ct_index_release(&ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve_docker),
		cmocka_unit_test(test_resolve_docker_k8s),
		cmocka_unit_test(test_resolve_containerd),
		cmocka_unit_test(test_resolve_crio),
		cmocka_unit_test(test_resolve_podman),
		cmocka_unit_test(test_resolve_hostile),
		cmocka_unit_test(test_parsers),
		cmocka_unit_test(test_trust),
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_snapshot_matches),
		cmocka_unit_test(test_refresh_reads_nothing),
	};

	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
