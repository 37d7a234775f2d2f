/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The processes and namespaces of one moment.
 *
 * snapshot_take() walks the proc root once: for every process it reads the
 * namespace links of the requested types (one readlinkat each) and, when
 * asked, the descriptors that hold namespaces or sockets. Everything else
 * about a process (stat, status, command line, cgroup) is read lazily, only
 * for the processes a tool prints, through snapshot_task_load(). Kernel
 * queries about a namespace (owner, parent, netnsid) are done once per
 * namespace through snapshot_ns_query().
 *
 * pid -> task and (type, inode) -> namespace are hash maps: nothing in here
 * searches a list, so the cost of a walk is linear in the process count.
 */
#ifndef NSKIT_SNAPSHOT_H
#define NSKIT_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "container.h"
#include "hashmap.h"
#include "netlink.h"
#include "nstype.h"
#include "procfs.h"

/* What snapshot_task_load() has read. */
enum {
	TASK_STAT	= 1 << 0,	/* struct proc_stat */
	TASK_STATUS	= 1 << 1,	/* NSpid (and uid) from the status file */
	TASK_CMDLINE	= 1 << 2,	/* cmdline (or the comm of a kernel thread) */
	TASK_CONTAINER	= 1 << 3,	/* ct from the cgroup file, name resolved */
	TASK_UID	= 1 << 4,	/* uid: the owner of /proc/PID, cheaply */
};

struct task {
	pid_t pid;
	bool gone;			/* vanished after the walk */
	bool denied;			/* some namespace links could not be read */
	unsigned int loaded;		/* TASK_* */
	uint64_t ns[NS_NTYPES];		/* inode per type; 0 when not read */

	/* lazily loaded */
	struct proc_stat stat;		/* TASK_STAT */
	uid_t uid;			/* TASK_UID or TASK_STATUS: effective uid */
	pid_t nspid[PROC_MAX_NSPID];	/* TASK_STATUS: outermost first */
	int nspid_len;
	char *cmdline;			/* TASK_CMDLINE; owned; NULL if unreadable */
	struct container_info *ct;	/* TASK_CONTAINER; owned by the snapshot; NULL if none */
};

/* How a namespace was found; more than one may apply. */
enum {
	NSSRC_PROC	= 1 << 0,	/* some process is in it */
	NSSRC_FD	= 1 << 1,	/* a process holds an fd of it */
	NSSRC_SOCKET	= 1 << 2,	/* a socket lives in it (net only) */
	NSSRC_MOUNT	= 1 << 3,	/* bind-mounted on nsfs */
	NSSRC_RELATED	= 1 << 4,	/* only known as an owner or parent */
};

/* What snapshot_ns_query() has asked the kernel. */
enum {
	NSQ_PARENT	= 1 << 0,
	NSQ_OWNER	= 1 << 1,
	NSQ_UID		= 1 << 2,
	NSQ_NETNSID	= 1 << 3,
};

#define NETNSID_UNKNOWN	-2	/* not asked, or the kernel would not say */
#define NETNSID_NONE	-1	/* the kernel says: not assigned */

struct nsent {
	enum ns_type type;
	uint64_t ino;
	unsigned int src;		/* NSSRC_* */
	unsigned int nprocs;
	size_t members;			/* offset of its tasks in snapshot.members */
	bool host;			/* one of the initial (host) namespaces */

	pid_t holder_pid;		/* NSSRC_FD, NSSRC_SOCKET: who holds it */
	int holder_fd;
	char *nsfs;			/* nsfs mount points, '\n'-separated; owned */

	int fd;				/* an open fd of it once needed, or -1; owned */
	unsigned int queried;		/* NSQ_* */
	uint64_t parent;		/* inode, 0 when none or unknown */
	uint64_t owner;
	uid_t owner_uid;		/* creator of the owning user namespace */
	bool have_owner_uid;
	int netnsid;
};

struct snapshot_opts {
	ns_mask_t types;	/* types to read (0: all) */
	pid_t only_pid;		/* read only this process (0: every process) */
	bool fds;		/* find namespaces held by fds */
	bool sockets;		/* ... and by sockets (SIOCGSKNS, costly) */
	bool mounts;		/* read nsfs bind mounts from mountinfo */
	bool host;		/* find the initial namespaces */
	int threads;		/* walker threads (0: automatic) */
	const char *sysroot;	/* for runtime state files ("/" when NULL) */
};

struct snapshot {
	struct procfs *pfs;		/* not owned */
	struct snapshot_opts opts;

	struct task *tasks;		/* ascending pid; owned */
	size_t ntasks;
	struct nsent **ns;		/* ascending inode; entries owned */
	size_t nns;
	size_t ns_cap;
	struct task **members;		/* per namespace, ascending pid; owned */
	size_t nmembers;

	struct hashmap task_by_pid;
	struct hashmap ns_by_key;
	struct hashmap ct_names;	/* container id hash -> resolved info */

	size_t ndenied;			/* processes with unreadable links */
	pid_t denied_pids[8];		/* the first few of them */
	size_t nvanished;		/* processes gone during the walk */

	pid_t host_ref;			/* what "host" was taken from (0: unknown) */
	bool host_is_kthread;		/* ... a kernel thread, i.e. the initial namespaces */
	uint64_t host_ns[NS_NTYPES];

	struct netlink nl;		/* opened on the first NETNSID query */
	bool nl_open;
	int nl_err;
};

int snapshot_take(struct snapshot *snap, struct procfs *pfs, const struct snapshot_opts *opts);
void snapshot_release(struct snapshot *snap);

struct task *snapshot_find_task(const struct snapshot *snap, pid_t pid);
struct nsent *snapshot_find_ns(const struct snapshot *snap, enum ns_type type, uint64_t ino);

/* The tasks of a namespace, ascending pid: snap->members[ns->members + i]. */
static inline struct task *snapshot_member(const struct snapshot *snap, const struct nsent *ns,
					   size_t i)
{
	return snap->members[ns->members + i];
}

/* Read the TASK_* fields not yet loaded. -ESRCH when the process is gone. */
int snapshot_task_load(struct snapshot *snap, struct task *t, unsigned int what);

/*
 * The process that represents a namespace: its lowest PID that is still
 * there with the TASK_* fields in what loaded. NULL when none is left (or
 * the namespace has no process).
 */
struct task *snapshot_ns_task(struct snapshot *snap, struct nsent *ns, unsigned int what);

/*
 * A container's init: its lowest PID whose parent is outside the container
 * (the process a runtime started; nsrun's init, a shim's child), else its
 * lowest PID. Needs TASK_CONTAINER loaded; loads TASK_STAT. NULL when no
 * process of it is left.
 */
struct container_info;
struct task *snapshot_container_init(struct snapshot *snap, const struct container_info *ct);

/* An fd of the namespace (kept in ns->fd), or -errno. */
int snapshot_ns_fd(struct snapshot *snap, struct nsent *ns);

/* Ask the kernel for the NSQ_* facts not yet known. Failures leave them 0
 * or unknown: these are additions to a row, never reasons to drop it. */
void snapshot_ns_query(struct snapshot *snap, struct nsent *ns, unsigned int what);

/*
 * Complete the owner/parent relations of every namespace, adding those
 * that are known only as an owner or parent (NSSRC_RELATED) when their type
 * is among the snapshot's types. Needed for trees of owners and parents.
 */
int snapshot_add_related(struct snapshot *snap);

/* The key of (type, inode) in ns_by_key. */
static inline uint64_t snapshot_ns_key(enum ns_type type, uint64_t ino)
{
	return (ino << 3) | (uint64_t)type;
}

#endif
