/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which container a process belongs to, from its cgroup path alone: no
 * daemon, no runtime CLI. Every runtime is one row of ct_runtimes[] in
 * container.c (its name, its ids, its state-file reader) and its cgroup
 * shapes rows of ct_patterns[]. Human names are added from runtime state
 * files when they are readable, and never required.
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

#define CT_ID_MAX       128
#define CT_NAME_MAX     128
#define CT_SHORT_ID_LEN 12

/*
 * Plain data, no pointers: copy it freely. Filled by container_from_*();
 * container_resolve_name() adds name and pod_name.
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
	char pod_uid[64];		/* Kubernetes pod UID (dashes, not underscores), or "" */
	char pod_name[CT_NAME_MAX];	/* "namespace/name" when known, or "" */
	bool monitor;			/* a runtime's monitor (conmon, lxc.monitor), not the payload */
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
 * Fill ci->name (and pod_name) from the state file that the row of
 * ci->runtime reads under sysroot ("/" normally): Docker's config.v2.json,
 * containerd's and CRI-O's config.json annotations, rootful Podman's
 * containers.json; where the id is the name (CT_IDS_NAME) nothing is read.
 * Returns 0 when a name was found, -ENOENT otherwise; never fails hard.
 * A NULL or empty sysroot means "/". Also fills an empty pod_uid from the
 * annotations, and for the one layout where the cgroup path cannot tell
 * containerd from Docker (a bare id below a cgroupfs-driver pod) sets
 * runtime to CT_DOCKER when only Docker's state file names the id.
 */
int container_resolve_name(const char *sysroot, struct container_info *ci);

/*
 * The pure half of container_resolve_name(): the content of the state file
 * that runtime rt keeps, read by its row (Docker: config.v2.json; containerd
 * and CRI-O: the OCI config.json; Podman: containers.json, searched for
 * ci->id). Fills ci->name, ci->pod_name and an empty ci->pod_uid. 0 when a
 * name or pod name was found, -ENOENT otherwise (malformed input included;
 * *ci is then left as it was), -EINVAL for NULL arguments.
 */
int container_parse_state(enum ct_runtime rt, const char *buf, size_t len,
			  struct container_info *ci);

/*
 * A small, bounded JSON lookup: the string value of key in the top-level
 * object of json (len bytes, no NUL needed), or failing that, in its
 * top-level "annotations" object. Escapes are decoded into out
 * (NUL-terminated). 0; -ENOENT when absent or not a string; -EINVAL when the
 * text is malformed before the key is found, or for bad arguments;
 * -ENAMETOOLONG when the value does not fit. On any error out is "".
 */
int container_json_string(const char *json, size_t len, const char *key, char *out,
			  size_t outsz);

/*
 * What a table shows: the name if known, else the first 12 chars of the id
 * (ci->short_id; the whole id when short_id was not filled). Points into *ci.
 */
const char *container_label(const struct container_info *ci);

#endif
