/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The runtimes' own state on disk: which containers exist, their names,
 * pods, init processes and whose namespaces they joined. Read without a
 * daemon and without writing anything, under a host root ("/" normally,
 * the host's root mounted elsewhere in a privileged pod), and never
 * required: a file that is missing, unreadable, too large or malformed
 * leaves the cgroup path's answer (container.h) as it is.
 *
 * What is read, per runtime (each a row of ct_runtimes[] in container.c,
 * whose .scan lists the runtime's containers):
 *
 *   docker      var/lib/docker/containers/ID/config.v2.json (name, State:
 *               Pid, Running, StartedAt; Kubernetes labels of dockershim)
 *               and hostconfig.json (NetworkMode, PidMode, IpcMode,
 *               UTSMode "container:ID"); the start time of the init from
 *               runc's state, run/docker/runtime-runc/moby/ID/state.json
 *   podman      var/lib/containers/storage/overlay-containers/containers.json
 *   (and CRI-O) (ids, names), ID/userdata/config.json (the OCI config:
 *               annotations, the pod's cgroup, the namespaces it joined, the
 *               host name), the pid file in run/containers/storage/...,
 *               runc's state in run/runc/ID/state.json
 *   containerd  run/containerd/io.containerd.runtime.v2.task/NS/ID/init.pid
 *               and config.json (CRI annotations: pod, namespace, container
 *               name, sandbox), runc's state in run/containerd/runc/NS/ID
 *   lxc         var/lib/lxc/NAME/config (containers that exist)
 *   nspawn      run/systemd/machines/NAME (systemd-machined's registry:
 *               LEADER, CLASS, TIMESTAMP)
 *   nsrun       nsrun's records (runstate.h), from its state directory
 *
 * A process belongs to a container when it is its init (PID and start
 * time), when its cgroup is the init's or below it and that cgroup is
 * named after the container (the runtimes name it so: "/X/ID",
 * "/NS/NAME"), or when it is in the init's pid namespace and that
 * namespace is no other container's nor the host's.
 *
 * As root, state is taken only from directories that root owns and that
 * neither others nor a group but root's may write: whoever could write them could make
 * nskit enter other processes under a container's name.
 */
#ifndef NSKIT_CTSTATE_H
#define NSKIT_CTSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "container.h"
#include "hashmap.h"
#include "nstype.h"
#include "procfs.h"

struct ct_anchor;

/* One container as its runtime's state describes it. Owned by the index. */
struct ct_record {
	struct container_info info;	/* runtime, id, name, pod */
	pid_t pid;			/* its init, host PIDs; 0 when it does not run */
	/* The init's start: exact, clock ticks after boot (stat field 22)... */
	unsigned long long start;
	/* ... or, where only that is known, seconds since the epoch; 0 unknown. */
	long long started;
	bool stopped;			/* the runtime says it does not run */
	bool sandbox;			/* a pod's infra or pause container */
	bool defer;			/* nsrun --cgroup-path: the cgroup path says who it is */
	char pod_id[CT_ID_MAX];		/* Podman: the pod's id; "" */
	char sandbox_id[CT_ID_MAX];	/* the sandbox of its pod (Podman, CRI); "" */
	/*
	 * Per namespace type, the container whose namespace this one joined,
	 * as the runtime recorded it: an id, a name, or "pid:N" (Podman
	 * writes the path of the other's /proc/PID/ns file); "" when none.
	 */
	char joined[NS_NTYPES][CT_ID_MAX];

	/* the index's own */
	struct timespec mtime;		/* of the directory whose change means "read again" */
	unsigned int scan;		/* the scan that last found it */
	bool ignored;			/* read, and found to say nothing: matches nothing */
	enum ct_runtime lister;		/* the row whose lister found it */
	bool bound;			/* its init checked against the proc root */
	bool live;			/* ... and found there */
	uint64_t pidns;			/* the init's pid namespace, 0 unknown */
};

/* What a state file is: each kind has its parser (ctstate_parse()). */
enum ct_file {
	CTF_DOCKER_CONFIG,		/* Docker's config.v2.json */
	CTF_DOCKER_HOSTCONFIG,		/* Docker's hostconfig.json */
	CTF_OCI_STATE,			/* runc's state.json */
	CTF_OCI_CONFIG,			/* a bundle's config.json (containerd, Podman, CRI-O) */
	CTF_STORAGE_CONTAINERS,		/* containers/storage's containers.json: the entry of info.id */
	CTF_PIDFILE,			/* a decimal PID */
	CTF_MACHINE,			/* systemd-machined's run/systemd/machines/NAME */
	CTF_NFILES,
};

/*
 * Parse the content of one state file of kind into rec (len bytes, no NUL
 * needed), adding what it says: rec->info.runtime says whose it is where
 * that matters (annotations differ). 0; -EINVAL when malformed (rec may
 * have been partly filled), -ENOENT when it has nothing for rec,
 * -EINVAL for bad arguments.
 */
int ctstate_parse(enum ct_file kind, const char *buf, size_t len, struct ct_record *rec);

/* What an index has read, for tests and benchmarks. */
struct ct_index_stats {
	unsigned long scans;		/* listings of the state directories */
	unsigned long files;		/* state files read */
};

/*
 * Every container the runtimes' state names, read once and kept: a rescan
 * lists the directories again but reads the files of a container only when
 * it is new or its directory changed. Records live as long as the index
 * (one that goes is marked ignored), so pointers to them stay valid.
 */
struct ct_index {
	char *sysroot;			/* owned; without trailing slashes ("" for "/") */
	struct ct_record **v;		/* owned, each owned */
	size_t n, cap;
	struct hashmap by_pid;		/* init PID -> record */
	struct hashmap by_cgroup;	/* hash of an init's cgroup path -> record */
	struct hashmap by_pidns;	/* an init's pid namespace -> record, when it is its alone */
	struct ct_anchor *anchors;	/* owned: the cgroup paths of by_cgroup */
	unsigned int nscans;
	bool scanned;
	bool bound;			/* every record was bound since the last scan */
	bool changed;			/* the last scan found something new, changed or gone */
	bool trust_root_only;		/* as root: only root's directories */
	unsigned long long btime;	/* boot time, seconds since the epoch; 0 unknown */
	long hz;
	uint64_t host_pidns;
	struct ct_index_stats stats;
};

void ct_index_init(struct ct_index *ix, const char *sysroot);
void ct_index_release(struct ct_index *ix);

/*
 * List the runtimes' state (again): new containers are read, changed ones
 * read again, gone ones dropped. Records stay where they are in memory
 * until they are dropped. 0 or -ENOMEM; unreadable state is no error.
 */
int ct_index_scan(struct ct_index *ix);

/*
 * Check the inits the records name against the proc root pfs: which still
 * run, their cgroups and pid namespaces (three small reads per running
 * container, once per scan).
 */
int ct_index_bind(struct ct_index *ix, const struct procfs *pfs);

/* The record of runtime rt (CT_NONE: any) and id; NULL when none. */
struct ct_record *ct_index_find(const struct ct_index *ix, enum ct_runtime rt, const char *id);

/*
 * The record of the container a cgroup path named (ci: runtime and id).
 * For a bare id below a cgroupfs-driver pod, which the path cannot tell
 * containerd's from Docker's (dockershim, cri-dockerd), Docker's record
 * where containerd has none.
 */
struct ct_record *ct_index_of(const struct ct_index *ix, const struct container_info *ci);

/* What a record adds to ci: runtime, names, pod, sandbox. */
void ct_record_apply(const struct ct_record *r, struct container_info *ci);

/*
 * The running container a process is in, from what the walk knows of it:
 * its PID and start time (0: unknown, then a PID match is not enough),
 * the content of its /proc/PID/cgroup, and its pid namespace (0: unknown).
 * The index must be bound. NULL when none.
 */
struct ct_record *ct_index_match(const struct ct_index *ix, pid_t pid,
				 unsigned long long start, const char *cgroup, size_t cglen,
				 uint64_t pidns);

/* Does a record with this PID exist (a start time to check)? */
bool ct_index_has_pid(const struct ct_index *ix, pid_t pid);

/*
 * Is rec's init running as the process with this start time? Exact where
 * the runtime recorded the start in clock ticks, within a few seconds
 * where only a wall-clock time is known.
 */
bool ct_record_is_init(const struct ct_index *ix, const struct ct_record *rec,
		       unsigned long long start);

/* The listers of the runtimes' rows (container.c), one per layout of state. */
int ctstate_scan_docker(struct ct_scan *s);
int ctstate_scan_storage(struct ct_scan *s);	/* Podman and CRI-O */
int ctstate_scan_containerd(struct ct_scan *s);
int ctstate_scan_lxc(struct ct_scan *s);
int ctstate_scan_machines(struct ct_scan *s);	/* systemd-nspawn */
int ctstate_scan_nsrun(struct ct_scan *s);

#endif
