// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * common/container.c: one test per runtime layout, with cgroup lines shaped
 * like the ones the runtimes really write, in the v1 and v2 forms where both
 * exist; malformed input. Names from runtime state: test_ctstate.c.
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

#define ID1 "3f4e9a1b2c7d8e0f11223344556677889900aabbccddeeff0011223344556677"
#define ID2 "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
#define ID3 "00000000000000000000000000000000000000000000000000000000deadbeef"
#define UID_DASH "8d2b6f3e-1c4a-4b5d-9e7f-0a1b2c3d4e5f"
#define UID_US "8d2b6f3e_1c4a_4b5d_9e7f_0a1b2c3d4e5f"

/* Parse one cgroup path and check the result in one place. */
static void check_path(const char *path, enum ct_runtime rt, const char *id, bool monitor,
		       const char *pod_uid)
{
	struct container_info ci;

	assert_int_equal(container_from_cgroup_path(path, &ci), 0);
	assert_int_equal(ci.runtime, rt);
	assert_string_equal(ci.id, id);
	assert_int_equal(ci.monitor, monitor);
	assert_string_equal(ci.pod_uid, pod_uid ? pod_uid : "");
}

static void check_none(const char *path)
{
	struct container_info ci;

	memset(&ci, 0xa5, sizeof(ci));
	assert_int_equal(container_from_cgroup_path(path, &ci), -ENOENT);
	assert_int_equal(ci.runtime, CT_NONE);
	assert_string_equal(ci.id, "");
}

/* The same through a whole /proc/PID/cgroup text. */
static void check_file(const char *text, enum ct_runtime rt, const char *id, bool monitor)
{
	struct container_info ci;

	assert_int_equal(container_from_proc_cgroup(text, strlen(text), &ci), 0);
	assert_int_equal(ci.runtime, rt);
	assert_string_equal(ci.id, id);
	assert_int_equal(ci.monitor, monitor);
}

static void test_runtime_names(void **state)
{
	(void)state;
	assert_string_equal(container_runtime_name(CT_DOCKER), "docker");
	assert_string_equal(container_runtime_name(CT_PODMAN), "podman");
	assert_string_equal(container_runtime_name(CT_CONTAINERD), "containerd");
	assert_string_equal(container_runtime_name(CT_CRIO), "cri-o");
	assert_string_equal(container_runtime_name(CT_LXC), "lxc");
	assert_string_equal(container_runtime_name(CT_NSPAWN), "nspawn");
	assert_string_equal(container_runtime_name(CT_NSRUN), "nsrun");
	assert_string_equal(container_runtime_name(CT_KUBERNETES), "kubernetes");
	assert_string_equal(container_runtime_name(CT_NONE), "");
	assert_string_equal(container_runtime_name(CT_NRUNTIMES), "unknown");
	assert_string_equal(container_runtime_name((enum ct_runtime)-1), "unknown");
}

/* Every runtime has a row: a name, and what its ids are. */
static void test_runtime_rows(void **state)
{
	(void)state;
	for (int rt = CT_NONE + 1; rt < CT_NRUNTIMES; rt++) {
		assert_true(container_runtime_name((enum ct_runtime)rt)[0] != '\0');
		assert_int_not_equal(container_runtime_ids((enum ct_runtime)rt), CT_IDS_NONE);
	}
	assert_int_equal(container_runtime_ids(CT_DOCKER), CT_IDS_HEX);
	assert_int_equal(container_runtime_ids(CT_CRIO), CT_IDS_HEX);
	assert_int_equal(container_runtime_ids(CT_LXC), CT_IDS_NAME);
	assert_int_equal(container_runtime_ids(CT_NSRUN), CT_IDS_NAME);
	assert_int_equal(container_runtime_ids(CT_KUBERNETES), CT_IDS_POD);
	assert_int_equal(container_runtime_ids(CT_NONE), CT_IDS_NONE);
	assert_int_equal(container_runtime_ids(CT_NRUNTIMES), CT_IDS_NONE);
	assert_int_equal(container_runtime_ids((enum ct_runtime)-1), CT_IDS_NONE);
}

static void test_docker_systemd(void **state)
{
	(void)state;
	check_path("/system.slice/docker-" ID1 ".scope", CT_DOCKER, ID1, false, NULL);
	check_file("0::/system.slice/docker-" ID1 ".scope\n", CT_DOCKER, ID1, false);
	/* v1 with the systemd driver: every controller says the same. */
	check_file("12:pids:/system.slice/docker-" ID1 ".scope\n"
		   "11:memory:/system.slice/docker-" ID1 ".scope\n"
		   "1:name=systemd:/system.slice/docker-" ID1 ".scope\n"
		   "0::/system.slice/docker-" ID1 ".scope\n",
		   CT_DOCKER, ID1, false);
	/* Rootless Docker with systemd. */
	check_path("/user.slice/user-1000.slice/user@1000.service/docker-" ID1 ".scope", CT_DOCKER,
		   ID1, false, NULL);
}

static void test_docker_cgroupfs(void **state)
{
	(void)state;
	check_path("/docker/" ID1, CT_DOCKER, ID1, false, NULL);
	check_file("12:pids:/docker/" ID1 "\n11:memory:/docker/" ID1 "\n"
		   "10:cpu,cpuacct:/docker/" ID1 "\n1:name=systemd:/docker/" ID1 "\n",
		   CT_DOCKER, ID1, false);
	check_file("0::/docker/" ID1 "\n", CT_DOCKER, ID1, false);
	/* Bare components are anchored by their parent only, so they want 64 digits. */
	check_none("/docker/3f4e9a1b2c7d");
	check_none("/docker/" ID1 "0");
	check_none("/docker/not-a-container");
	check_none("/docker");
}

static void test_docker_in_docker(void **state)
{
	(void)state;
	check_path("/docker/" ID1 "/docker/" ID2, CT_DOCKER, ID2, false, NULL);
	check_path("/system.slice/docker-" ID1 ".scope/docker/" ID2, CT_DOCKER, ID2, false, NULL);
	check_path("/system.slice/docker-" ID1 ".scope/system.slice/docker-" ID2 ".scope",
		   CT_DOCKER, ID2, false, NULL);
	check_file("4:memory:/docker/" ID1 "/docker/" ID2 "\n", CT_DOCKER, ID2, false);
	/* The outer daemon's own cgroup inside the outer container is the outer one. */
	check_path("/docker/" ID1 "/init", CT_DOCKER, ID1, false, NULL);
}

static void test_podman(void **state)
{
	(void)state;
	check_path("/machine.slice/libpod-" ID1 ".scope", CT_PODMAN, ID1, false, NULL);
	check_path("/machine.slice/libpod-" ID1 ".scope/container", CT_PODMAN, ID1, false, NULL);
	check_file("0::/machine.slice/libpod-" ID1 ".scope/container\n", CT_PODMAN, ID1, false);
	check_file("10:memory:/machine.slice/libpod-" ID1 ".scope\n"
		   "1:name=systemd:/machine.slice/libpod-" ID1 ".scope\n",
		   CT_PODMAN, ID1, false);
	/* Rootless. */
	check_path("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID1
		   ".scope/container",
		   CT_PODMAN, ID1, false, NULL);
	/* In a pod: the pod is a slice, the container a scope inside it. */
	check_path("/machine.slice/machine-libpod_pod_" ID2 ".slice/libpod-" ID1 ".scope/container",
		   CT_PODMAN, ID1, false, NULL);
	/* cgroupfs manager. */
	check_path("/libpod_parent/libpod-" ID1, CT_PODMAN, ID1, false, NULL);
	/* conmon, the monitor: same id. */
	check_path("/machine.slice/libpod-conmon-" ID1 ".scope", CT_PODMAN, ID1, true, NULL);
	check_file("0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-conmon-" ID1
		   ".scope\n",
		   CT_PODMAN, ID1, true);
	check_none("/machine.slice/libpod-nothex.scope");
	check_none("/machine.slice/machine-libpod_pod_" ID2 ".slice");
}

static void test_containerd_nerdctl(void **state)
{
	(void)state;
	check_path("/system.slice/nerdctl-" ID1 ".scope", CT_CONTAINERD, ID1, false, NULL);
	check_file("0::/system.slice/nerdctl-" ID1 ".scope\n", CT_CONTAINERD, ID1, false);
	check_path("/default/" ID1, CT_CONTAINERD, ID1, false, NULL);
	check_path("/k8s.io/" ID1, CT_CONTAINERD, ID1, false, NULL);
	check_file("9:pids:/default/" ID1 "\n4:memory:/default/" ID1 "\n", CT_CONTAINERD, ID1,
		   false);
	/* containerd outside Kubernetes with the CRI plugin's systemd naming. */
	check_path("/system.slice/cri-containerd-" ID1 ".scope", CT_CONTAINERD, ID1, false, NULL);
	/* Only the well-known namespaces: anything can make "/<word>/<64hex>". */
	check_none("/myapp/" ID1);
	check_none("/default/abc");
	check_none("/default/" ID1 "x");
}

static void test_kubernetes_systemd(void **state)
{
	(void)state;
	check_path("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_US
		   ".slice/cri-containerd-" ID1 ".scope",
		   CT_CONTAINERD, ID1, false, UID_DASH);
	check_path("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_US
		   ".slice/crio-" ID1 ".scope",
		   CT_CRIO, ID1, false, UID_DASH);
	/* Guaranteed QoS: no QoS slice. */
	check_path("/kubepods.slice/kubepods-pod" UID_US ".slice/docker-" ID1 ".scope", CT_DOCKER,
		   ID1, false, UID_DASH);
	/* CRI-O's conmon in the pod, and the container's own child cgroup. */
	check_path("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_US
		   ".slice/crio-conmon-" ID1 ".scope",
		   CT_CRIO, ID1, true, UID_DASH);
	check_path("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_US
		   ".slice/crio-" ID1 ".scope/container",
		   CT_CRIO, ID1, false, UID_DASH);
	/* kind: a kubelet in a container, with its cgroup root "/kubelet". */
	check_path("/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/"
		   "kubelet-kubepods-besteffort-pod" UID_US ".slice/cri-containerd-" ID1 ".scope",
		   CT_CONTAINERD, ID1, false, UID_DASH);
	/* Static pods have a 32-digit hash for a UID. */
	check_path("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
		   "0123456789abcdef0123456789abcdef.slice/cri-containerd-" ID1 ".scope",
		   CT_CONTAINERD, ID1, false, "0123456789abcdef0123456789abcdef");
	check_file("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_US
		   ".slice/cri-containerd-" ID1 ".scope\n",
		   CT_CONTAINERD, ID1, false);
	check_file("11:memory:/kubepods.slice/kubepods-burstable.slice/"
		   "kubepods-burstable-pod" UID_US ".slice/cri-containerd-" ID1 ".scope\n",
		   CT_CONTAINERD, ID1, false);
}

static void test_kubernetes_cgroupfs(void **state)
{
	(void)state;
	check_path("/kubepods/burstable/pod" UID_DASH "/" ID1, CT_CONTAINERD, ID1, false, UID_DASH);
	check_path("/kubepods/besteffort/pod" UID_DASH "/" ID1, CT_CONTAINERD, ID1, false,
		   UID_DASH);
	check_path("/kubepods/pod" UID_DASH "/" ID1, CT_CONTAINERD, ID1, false, UID_DASH);
	check_path("/kubepods/burstable/pod" UID_DASH "/crio-" ID1, CT_CRIO, ID1, false, UID_DASH);
	check_path("/kubepods/burstable/pod" UID_DASH "/crio-conmon-" ID1, CT_CRIO, ID1, true,
		   UID_DASH);
	check_file("12:pids:/kubepods/burstable/pod" UID_DASH "/" ID1 "\n"
		   "1:name=systemd:/kubepods/burstable/pod" UID_DASH "/" ID1 "\n",
		   CT_CONTAINERD, ID1, false);
	/* A bare id needs a pod above it; a pod dir needs a kubepods parent. */
	check_none("/burstable/" ID1);
	check_none("/somewhere/pod" UID_DASH);
}

static void test_kubernetes_colon_form(void **state)
{
	(void)state;
	check_path("/kubepods-burstable-pod" UID_US ".slice:cri-containerd:" ID1, CT_CONTAINERD,
		   ID1, false, UID_DASH);
	check_path("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" UID_US
		   ".slice:cri-containerd:" ID1,
		   CT_CONTAINERD, ID1, false, UID_DASH);
	check_path("/kubepods-pod" UID_US ".slice:crio:" ID1, CT_CRIO, ID1, false, UID_DASH);
	/* The path of a v1 line keeps its colons. */
	check_file("5:memory:/kubepods-burstable-pod" UID_US ".slice:cri-containerd:" ID1 "\n",
		   CT_CONTAINERD, ID1, false);
	check_none("/kubepods-burstable-pod" UID_US ".slice:runc:" ID1);
}

static void test_kubernetes_pod_only(void **state)
{
	struct container_info ci;

	(void)state;
	check_path("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_US
		   ".slice",
		   CT_KUBERNETES, UID_DASH, false, UID_DASH);
	check_path("/kubepods/burstable/pod" UID_DASH, CT_KUBERNETES, UID_DASH, false, UID_DASH);
	/* Something unrecognised below the pod is still in the pod. */
	check_path("/kubepods/burstable/pod" UID_DASH "/not-a-container", CT_KUBERNETES, UID_DASH,
		   false, UID_DASH);
	assert_int_equal(container_from_cgroup_path("/kubepods/pod" UID_DASH, &ci), 0);
	assert_string_equal(container_label(&ci), "8d2b6f3e-1c4");
	/* The QoS slices and kubepods itself are not pods. */
	check_none("/kubepods.slice");
	check_none("/kubepods.slice/kubepods-burstable.slice");
	check_none("/kubepods/besteffort");
	check_none("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podxyz.slice");
	/* A UID has 32 hex digits, no more and no fewer. */
	check_none("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234.slice");
	check_none("/kubepods/burstable/pod8d2b6f3e-1c4a-4b5d-9e7f-0a1b2c3d4e5");
	check_none("/kubepods/burstable/pod8d2b6f3e-1c4a-4b5d-9e7f-0a1b2c3d4e5f0");
	check_none("/kubepods/burstable/pod----8d2b6f3e-1c4a-4b5d-9e7f-0a1b2c3d4e5f");
	check_none("/kubepods/burstable/pod0123456789abcdef0123456789abcdef0");
}

static void test_crio(void **state)
{
	(void)state;
	check_path("/system.slice/crio-" ID1 ".scope", CT_CRIO, ID1, false, NULL);
	check_path("/system.slice/crio-conmon-" ID1 ".scope", CT_CRIO, ID1, true, NULL);
	check_file("0::/system.slice/crio-" ID1 ".scope\n", CT_CRIO, ID1, false);
	check_file("7:pids:/system.slice/crio-conmon-" ID1 ".scope\n", CT_CRIO, ID1, true);
	/* Outside a pod, a cgroupfs-style "crio-<id>" is not claimed. */
	check_none("/crio-" ID1);
}

static void test_lxc(void **state)
{
	struct container_info ci;

	(void)state;
	check_path("/lxc.payload.web", CT_LXC, "web", false, NULL);
	check_path("/lxc.payload/web", CT_LXC, "web", false, NULL);
	check_path("/lxc/web", CT_LXC, "web", false, NULL);
	check_path("/lxc.monitor.web", CT_LXC, "web", true, NULL);
	check_path("/lxc.monitor/web", CT_LXC, "web", true, NULL);
	/* A system container runs its own systemd below the payload cgroup. */
	check_path("/lxc.payload.web/system.slice/sshd.service", CT_LXC, "web", false, NULL);
	check_path("/lxc.payload.web/init.scope", CT_LXC, "web", false, NULL);
	check_file("0::/lxc.payload.web-01\n", CT_LXC, "web-01", false);
	check_file("6:memory:/lxc/web\n1:name=systemd:/lxc/web\n", CT_LXC, "web", false);
	/* Docker inside LXD: the innermost wins. */
	check_path("/lxc.payload.web/system.slice/docker-" ID1 ".scope", CT_DOCKER, ID1, false,
		   NULL);

	assert_int_equal(container_from_cgroup_path("/lxc.payload.a-rather-long-name", &ci), 0);
	assert_string_equal(ci.name, "a-rather-long-name");
	assert_string_equal(container_label(&ci), "a-rather-long-name");
	check_none("/lxc.payload.");
	check_none("/lxc");
	check_none("/lxc/..");
	check_none("/lxc.payload.we\x1b[2Jb");
}

static void test_nspawn(void **state)
{
	(void)state;
	check_path("/machine.slice/machine-deb12.scope/payload", CT_NSPAWN, "deb12", false, NULL);
	check_path("/machine.slice/machine-deb12.scope", CT_NSPAWN, "deb12", false, NULL);
	check_path("/machine.slice/machine-deb12.scope/supervisor", CT_NSPAWN, "deb12", true, NULL);
	check_path("/machine.slice/systemd-nspawn@deb12.service/payload", CT_NSPAWN, "deb12", false,
		   NULL);
	check_path("/machine.slice/systemd-nspawn@deb12.service/supervisor", CT_NSPAWN, "deb12",
		   true, NULL);
	check_path("/machine.slice/systemd-nspawn@deb12.service", CT_NSPAWN, "deb12", false, NULL);
	check_file("0::/machine.slice/machine-deb12.scope/payload/system.slice/cron.service\n",
		   CT_NSPAWN, "deb12", false);
	check_file("1:name=systemd:/machine.slice/machine-deb12.scope\n", CT_NSPAWN, "deb12",
		   false);

	/* libvirt's QEMU machines register with machined too, but are VMs. */
	check_none("/machine.slice/machine-qemu\\x2d1\\x2dubuntu.scope/libvirt/emulator");
	check_none("/machine.slice/machine-.scope");
}

static void test_systemd_escapes(void **state)
{
	(void)state;
	check_path("/machine.slice/machine-my\\x2dbox.scope/payload", CT_NSPAWN, "my-box", false,
		   NULL);
	check_path("/machine.slice/systemd-nspawn@fedora\\x2d40.service/payload", CT_NSPAWN,
		   "fedora-40", false, NULL);
	check_path("/machine.slice/machine-a\\x2db\\x2dc.scope", CT_NSPAWN, "a-b-c", false, NULL);
	check_path("/machine.slice/machine-X\\x41.scope", CT_NSPAWN, "XA", false, NULL);
	/* Malformed escapes, or escapes for NUL and '/', stay as they are. */
	check_path("/machine.slice/machine-a\\x2.scope", CT_NSPAWN, "a\\x2", false, NULL);
	check_path("/machine.slice/machine-a\\x2f.scope", CT_NSPAWN, "a\\x2f", false, NULL);
	check_path("/machine.slice/machine-a\\x00.scope", CT_NSPAWN, "a\\x00", false, NULL);
	check_path("/machine.slice/machine-a\\xzz.scope", CT_NSPAWN, "a\\xzz", false, NULL);
	/* An escape that decodes to a control character is refused. */
	check_none("/machine.slice/machine-a\\x1b.scope");
}

static void test_nsrun(void **state)
{
	struct container_info ci;

	(void)state;
	check_path("/nskit/web", CT_NSRUN, "web", false, NULL);
	check_path("/nskit/web/payload", CT_NSRUN, "web", false, NULL);
	check_path("/user.slice/user-1000.slice/user@1000.service/app.slice/nskit/web", CT_NSRUN,
		   "web", false, NULL);
	check_file("0::/system.slice/nsrun.service/nskit/db\n", CT_NSRUN, "db", false);
	check_file("4:memory:/nskit/db\n3:pids:/nskit/db\n", CT_NSRUN, "db", false);
	assert_int_equal(container_from_cgroup_path("/nskit/web", &ci), 0);
	assert_string_equal(ci.name, "web");
	check_none("/nskit");
	check_none("/nskit/");
}

static void test_not_containers(void **state)
{
	(void)state;
	check_none("/");
	check_none("");
	check_none("//");
	check_none("/user.slice/user-1000.slice/session-3.scope");
	check_none("/user.slice/user-1000.slice/user@1000.service/app.slice/dbus.service");
	check_none("/system.slice/sshd.service");
	check_none("/system.slice/docker.service");
	check_none("/system.slice/containerd.service");
	check_none("/init.scope");
	check_none("/machine.slice");
	check_none("/system.slice/docker-.scope");
	check_none("/system.slice/docker-xyz.scope");
	check_none("/system.slice/docker-" ID1 ".service");
	check_none("/process_api/9a39ad81284fa587ede73abdcbdfe68a");

	struct container_info ci;

	assert_int_equal(container_from_proc_cgroup("0::/\n", 5, &ci), -ENOENT);
	assert_int_equal(container_from_proc_cgroup("0::/init.scope\n", 15, &ci), -ENOENT);
	assert_int_equal(container_from_cgroup_path(NULL, &ci), -EINVAL);
	assert_int_equal(container_from_cgroup_path("/", NULL), -EINVAL);
	assert_int_equal(container_from_proc_cgroup(NULL, 0, &ci), -EINVAL);
}

static void test_hybrid(void **state)
{
	(void)state;
	/* systemd's hybrid layout: an empty unified tree and the v1 controllers. */
	check_file("0::/\n"
		   "12:pids:/docker/" ID1 "\n"
		   "11:memory:/docker/" ID1 "\n"
		   "1:name=systemd:/docker/" ID1 "\n",
		   CT_DOCKER, ID1, false);
	/* The unified line wins, even when it comes last. */
	check_file("4:memory:/docker/" ID2 "\n0::/system.slice/docker-" ID1 ".scope\n", CT_DOCKER,
		   ID1, false);
	/* Then v1 lines in order. */
	check_file("0::/init.scope\n5:pids:/lxc/first\n4:memory:/lxc/second\n", CT_LXC, "first",
		   false);
	/* A v1 line that names nothing does not stop the search. */
	check_file("5:pids:/\n4:memory:/docker/" ID1 "\n", CT_DOCKER, ID1, false);
	/* Named v1 hierarchies count as v1 lines. */
	check_file("0::/\n1:name=systemd:/machine.slice/machine-deb12.scope/payload\n", CT_NSPAWN,
		   "deb12", false);
}

static void test_proc_cgroup_details(void **state)
{
	struct container_info ci;
	const char *t;

	(void)state;
	/* No trailing newline. */
	t = "0::/system.slice/docker-" ID1 ".scope";
	assert_int_equal(container_from_proc_cgroup(t, strlen(t), &ci), 0);
	assert_string_equal(ci.id, ID1);
	/* The length counts, not a NUL: the text is cut before the id. */
	assert_int_equal(container_from_proc_cgroup(t, 20, &ci), -ENOENT);
	/* The cgroup of a zombie whose cgroup was removed. */
	check_file("0::/system.slice/docker-" ID1 ".scope (deleted)\n", CT_DOCKER, ID1, false);
	/* Malformed lines are skipped, good ones still count. */
	check_file("garbage\n\n:::\nx:y:/docker/" ID2 "\n0::/docker/" ID1 "\n", CT_DOCKER, ID1,
		   false);
	/* A NUL inside a line makes it malformed. */
	static const char nul[] = "0::/docker/" ID2 "\0junk\n4:memory:/docker/" ID1 "\n";

	assert_int_equal(container_from_proc_cgroup(nul, sizeof(nul) - 1, &ci), 0);
	assert_string_equal(ci.id, ID1);
	/* Not "we", which is what a C string would see. */
	assert_int_equal(container_from_proc_cgroup("0::/lxc/we\0b\n", 13, &ci), -EINVAL);
	/* Paths must be absolute. */
	t = "0::docker/" ID1 "\n";
	assert_int_equal(container_from_proc_cgroup(t, strlen(t), &ci), -EINVAL);
}

static void test_malformed(void **state)
{
	struct container_info ci;
	static const char *const bad[] = {
		"", "no colons here", "\n\n\n", "::", "0:", "0::",
		"a:b:/docker/x", ":memory:/docker", "0:memory", "12:pids:", "12:pids:relative",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&ci, 0x5a, sizeof(ci));
		assert_int_equal(container_from_proc_cgroup(bad[i], strlen(bad[i]), &ci), -EINVAL);
		assert_int_equal(ci.runtime, CT_NONE);
	}
	/* Length 0 with a valid pointer. */
	assert_int_equal(container_from_proc_cgroup("0::/docker", 0, &ci), -EINVAL);
}

static void test_binary_garbage(void **state)
{
	unsigned char buf[4096];
	struct container_info ci;
	unsigned int seed = 12345;

	(void)state;
	for (int round = 0; round < 2000; round++) {
		size_t len = (size_t)(rand_r(&seed) % (int)sizeof(buf));

		for (size_t i = 0; i < len; i++) {
			int r = rand_r(&seed);

			/* Enough separators to make lines and components. */
			buf[i] = (r & 7) == 0 ? "\n:/"[(r >> 3) % 3] : (unsigned char)(r >> 8);
		}
		int rc = container_from_proc_cgroup((const char *)buf, len, &ci);

		assert_true(rc == 0 || rc == -ENOENT || rc == -EINVAL);
		if (rc != 0)
			assert_int_equal(ci.runtime, CT_NONE);
		else
			assert_true(strlen(ci.id) < sizeof(ci.id));
	}
}

static void test_long_lines(void **state)
{
	size_t big = 1 << 20;
	char *buf = malloc(big + 200);
	struct container_info ci;
	size_t n;

	(void)state;
	assert_non_null(buf);
	/* One huge component. */
	memcpy(buf, "0::/", 4);
	memset(buf + 4, 'a', big);
	assert_int_equal(container_from_proc_cgroup(buf, big + 4, &ci), -ENOENT);
	/* A huge id in an otherwise right shape. */
	memcpy(buf, "0::/docker-", 11);
	memset(buf + 11, 'f', big);
	memcpy(buf + 11 + big, ".scope", 6);
	assert_int_equal(container_from_proc_cgroup(buf, big + 17, &ci), -ENOENT);
	/* A huge LXC name does not fit the id and is not truncated into a wrong one. */
	memcpy(buf, "0::/lxc/", 8);
	memset(buf + 8, 'n', big);
	assert_int_equal(container_from_proc_cgroup(buf, big + 8, &ci), -ENOENT);
	/* Deep nesting with the container at the bottom. */
	memcpy(buf, "0::", 3);
	for (n = 3; n + 2 < big; n += 2)
		memcpy(buf + n, "/x", 2);
	n += (size_t)sprintf(buf + n, "/docker/%s", ID1);
	assert_int_equal(container_from_proc_cgroup(buf, n, &ci), 0);
	assert_string_equal(ci.id, ID1);
	/* Nothing but slashes. */
	memcpy(buf, "0::", 3);
	memset(buf + 3, '/', big);
	assert_int_equal(container_from_proc_cgroup(buf, big + 3, &ci), -ENOENT);
	free(buf);
}

static void test_label(void **state)
{
	struct container_info ci;

	(void)state;
	assert_int_equal(container_from_cgroup_path("/docker/" ID1, &ci), 0);
	assert_string_equal(ci.name, "");
	assert_string_equal(ci.short_id, "3f4e9a1b2c7d");
	assert_string_equal(container_label(&ci), "3f4e9a1b2c7d");
	strcpy(ci.name, "web1");
	assert_string_equal(container_label(&ci), "web1");

	/* Filled by hand, without short_id: the whole id. */
	memset(&ci, 0, sizeof(ci));
	strcpy(ci.id, "abc");
	assert_string_equal(container_label(&ci), "abc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runtime_names),
		cmocka_unit_test(test_runtime_rows),
		cmocka_unit_test(test_docker_systemd),
		cmocka_unit_test(test_docker_cgroupfs),
		cmocka_unit_test(test_docker_in_docker),
		cmocka_unit_test(test_podman),
		cmocka_unit_test(test_containerd_nerdctl),
		cmocka_unit_test(test_kubernetes_systemd),
		cmocka_unit_test(test_kubernetes_cgroupfs),
		cmocka_unit_test(test_kubernetes_colon_form),
		cmocka_unit_test(test_kubernetes_pod_only),
		cmocka_unit_test(test_crio),
		cmocka_unit_test(test_lxc),
		cmocka_unit_test(test_nspawn),
		cmocka_unit_test(test_systemd_escapes),
		cmocka_unit_test(test_nsrun),
		cmocka_unit_test(test_not_containers),
		cmocka_unit_test(test_hybrid),
		cmocka_unit_test(test_proc_cgroup_details),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_binary_garbage),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_label),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
