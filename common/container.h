/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which container a process belongs to, from its cgroup path alone: no
 * daemon, no runtime CLI. The layouts of every runtime are one table in
 * container.c. Human names are added from runtime state files when they are
 * readable, and never required.
 */
#ifndef NSKIT_CONTAINER_H
#define NSKIT_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>

enum ct_runtime {
	CT_NONE = 0,
	CT_DOCKER,
	CT_PODMAN,
	CT_CONTAINERD,		/* containerd, nerdctl, and Kubernetes on containerd */
	CT_CRIO,
	CT_LXC,			/* LXC, LXD, Incus */
	CT_NSPAWN,		/* systemd-nspawn */
	CT_NSRUN,		/* nskit's own launcher */
	CT_KUBERNETES,		/* a pod's cgroup without a recognisable container below it */
	CT_NRUNTIMES,
};

#define CT_ID_MAX   128
#define CT_NAME_MAX 128

struct container_info {
	enum ct_runtime runtime;
	char id[CT_ID_MAX];		/* full id (64 hex) or, for lxc/nspawn/nsrun, the name */
	char name[CT_NAME_MAX];		/* human name when known, "" otherwise */
	char pod_uid[64];		/* Kubernetes pod UID (dashes, not underscores), or "" */
	char pod_name[CT_NAME_MAX];	/* "namespace/name" when known, or "" */
	bool monitor;			/* a runtime's monitor (conmon, lxc.monitor), not the payload */
};

/* "docker", "podman", "containerd", "cri-o", "lxc", "nspawn", "nsrun", "kubernetes". */
const char *container_runtime_name(enum ct_runtime rt);

/*
 * One cgroup path, as in /proc/PID/cgroup after the second colon:
 * "/system.slice/docker-<64hex>.scope". Returns 0 and fills *ci when the
 * path belongs to a container, -ENOENT when it does not.
 * Nested containers (Docker in Docker) give the innermost one.
 */
int container_from_cgroup_path(const char *path, struct container_info *ci);

/*
 * The content of /proc/PID/cgroup (v2 "0::/path", v1 "N:ctrl:/path", or
 * both). The unified line is tried first, then the v1 lines in order; the
 * first that names a container wins. 0, -ENOENT, or -EINVAL when malformed.
 */
int container_from_proc_cgroup(const char *buf, size_t len, struct container_info *ci);

/*
 * Fill ci->name (and pod_name) from runtime state files under sysroot
 * ("/" normally): Docker's config.v2.json, containerd's and CRI-O's
 * config.json annotations, Podman's containers.json, nsrun's state dir.
 * Returns 0 when a name was found, -ENOENT otherwise; never fails hard.
 */
int container_resolve_name(const char *sysroot, struct container_info *ci);

/* What a table shows: the name if known, else the first 12 chars of the id. */
const char *container_label(const struct container_info *ci);

#endif
