/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which container a process belongs to, from its cgroup path: no daemon,
 * no runtime CLI. Every runtime is one row of ct_runtimes[] in container.c
 * (its name, its ids, the reader of its state on disk) and its cgroup
 * shapes rows of ct_patterns[]. The runtimes' own state (ctstate.h) adds
 * names, pods, and the containers whose cgroup path does not tell; it is
 * never required.
 *
 * Used by the snapshot (every tool's CONTAINER, RUNTIME and POD, nstop's
 * container view), the target resolver (nsjoin, nsdiff) and nsls's
 * --container.
 */
#ifndef NSKIT_CONTAINER_H
#define NSKIT_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The runtimes we recognise: each indexes one row of the runtime table in
 * container.c (its name, what its ids are, where its state is and how it
 * reads), which the cgroup patterns there refer to.
 */
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

/* What container_info.id holds for a runtime: container_runtime_ids(). */
enum ct_ids {
	CT_IDS_NONE = 0,	/* CT_NONE, and anything out of range */
	CT_IDS_HEX,		/* a hex id, which a unique prefix names too */
	CT_IDS_NAME,		/* the container's name (LXC, nspawn, nsrun) */
	CT_IDS_POD,		/* a pod UID: the record is a pod, not a container */
};

/*
 * Ids are hex (64 digits), names of LXC containers (a path component, at
 * most 255 bytes) or containerd ids (76). Names have no limit in Docker
 * and Podman: one that does not fit is left out whole, never cut.
 */
#define CT_ID_MAX       256
#define CT_NAME_MAX     1024
#define CT_POD_MAX      512
#define CT_SHORT_ID_LEN 12

/*
 * Plain data, no pointers: copy it freely. Filled by container_from_*();
 * the runtime state index (ctstate.h) adds name and pod_name.
 */
struct container_info {
	enum ct_runtime runtime;
	/*
	 * As container_runtime_ids() says: the full hex id (64 digits for
	 * every runtime we know), the name (then copied to name as well),
	 * or the pod UID.
	 */
	char id[CT_ID_MAX];
	char name[CT_NAME_MAX];		/* human name when known, "" otherwise */
	/* Kubernetes: the pod UID (dashes, not underscores); Podman: the pod id; "" */
	char pod_uid[CT_ID_MAX];
	/*
	 * Kubernetes: "namespace/name"; Podman: the pod's name, else its
	 * short id; "" when not in a pod or not known.
	 */
	char pod_name[CT_POD_MAX];
	bool monitor;			/* a runtime's monitor (conmon, lxc.monitor), not the payload */
	bool sandbox;			/* a pod's infra or pause container (from runtime state) */
	char short_id[CT_SHORT_ID_LEN + 1]; /* first 12 chars of id, what container_label shows */
};

/*
 * The runtime's name from its row ("docker", "cri-o"): what RUNTIME columns
 * show. "" for CT_NONE and "unknown" for anything out of range, never NULL.
 * Every runtime, for a list: rt from CT_NONE + 1 to CT_NRUNTIMES - 1.
 */
const char *container_runtime_name(enum ct_runtime rt);

/* What the ids of runtime rt are; CT_IDS_NONE for CT_NONE and out of range. */
enum ct_ids container_runtime_ids(enum ct_runtime rt);

/* The lister of runtime rt's state on disk (ctstate.h); NULL when it has none. */
struct ct_scan;
typedef int (*ct_scan_fn)(struct ct_scan *s);
ct_scan_fn container_runtime_scan(enum ct_runtime rt);

/*
 * A name as we show and match it: not empty, not "." or "..", no control
 * characters. No runtime we recognise allows them (machined and LXD want
 * host names, nsrun checks its own), so a name with them is something
 * else, and refusing them keeps terminal escapes out of our output.
 */
bool container_valid_name(const char *s);

/* Copy src whole or not at all (dst ""): a cut name or id would be a wrong one. */
bool container_str_copy(char *dst, size_t dstsz, const char *src);

/*
 * One cgroup path, as in /proc/PID/cgroup after the second colon:
 * "/system.slice/docker-<64hex>.scope". Returns 0 and fills *ci when the
 * path belongs to a container, -ENOENT when it does not.
 * Nested containers (Docker in Docker) give the innermost one. On -ENOENT
 * *ci is cleared (runtime CT_NONE). -EINVAL for NULL arguments.
 */
int container_from_cgroup_path(const char *path, struct container_info *ci);

/*
 * The content of /proc/PID/cgroup (v2 "0::/path", v1 "N:ctrl:/path", or
 * both). The unified line is tried first, then the v1 lines in order; the
 * first that names a container wins. 0, -ENOENT, or -EINVAL when no line
 * parses at all (malformed lines are skipped). *ci is cleared unless 0.
 */
int container_from_proc_cgroup(const char *buf, size_t len, struct container_info *ci);

/*
 * What a table shows: the name if known, else the first 12 chars of the id
 * (ci->short_id; the whole id when short_id was not filled). Points into *ci.
 */
const char *container_label(const struct container_info *ci);

#endif
