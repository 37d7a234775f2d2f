/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The processes and namespaces of one moment: the one walk of the proc root
 * that every tool uses (nsls, nsdiff, nsjoin's and nsdiff's targets, and
 * nstop's refreshes).
 *
 * snapshot_take() walks the proc root once: for every process it reads the
 * namespace links of the requested types (one readlinkat each) and, when
 * asked, the descriptors that hold namespaces or sockets. Everything else
 * about a process (stat, status, command line, cgroup) is read lazily, only
 * for the processes a tool prints, through snapshot_task_load(). Kernel
 * queries about a namespace (owner, parent, netnsid) are done once per
 * namespace through snapshot_ns_query().
 *
 * snapshot_refresh() is the same walk for a tool that takes snapshots over
 * and over (nstop). What a process is in never changes while it lives
 * (nearly: see below), so its namespace links and its container are read
 * once per (pid, start time) and carried from the previous snapshot. A
 * steady refresh then costs one directory read of the proc root and one
 * read of /proc/PID/stat per process: stat alone gives the CPU ticks, the
 * RSS, the thread count, the state and the start time that proves the pid
 * was not reused. A process can change namespaces without a new pid
 * (unshare(2), setns(2)) or move to another cgroup; tools that do so
 * (unshare, nsenter, ip netns exec, container runtimes) exec right after,
 * which changes the command name in stat: a changed name reads them again.
 * The rest is caught by reading every process again once every
 * SNAPSHOT_REVALIDATE refreshes, a slice of them each time.
 *
 * Tasks are in ascending pid order (pid -> task is a binary search);
 * (type, inode) -> namespace is a hash map. Nothing searches a list, so the
 * cost of a walk is linear in the process count. Containers are entries of
 * a container index (struct snapshot_cts), read once per container: a
 * snapshot has its own, or shares its caller's across refreshes.
 */
#ifndef NSKIT_SNAPSHOT_H
#define NSKIT_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "container.h"
#include "ctstate.h"
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
	ns_mask_t malformed;		/* the types whose links are not namespace links */
	unsigned int loaded;		/* TASK_* */
	uint64_t ns[NS_NTYPES];		/* inode per type; 0 when not read */

	/* lazily loaded */
	struct proc_stat stat;		/* TASK_STAT */
	uid_t uid;			/* TASK_UID or TASK_STATUS: effective uid */
	pid_t nspid;			/* TASK_STATUS: the pid inside its own pid namespace */
	int nspid_levels;		/* TASK_STATUS: how many pid namespaces it is seen in */
	char *cmdline;			/* TASK_CMDLINE; owned; NULL if unreadable */
	/* TASK_CONTAINER: the info of an entry of the container index
	 * (snapshot_ct_of()), shared by the tasks in it; NULL if none */
	struct container_info *ct;

	/* set by a tool that compares two snapshots (nstop's model) */
	double cpu;			/* % of one core since the previous snapshot */
};

/*
 * A container, shared by the tasks in it: its cgroup identity, with names
 * from the runtime's state files read once. Owned by the container index.
 */
struct snapshot_ct {
	struct container_info info;	/* what tasks point at */
	/* what the runtime's state says of it (the index's), or NULL */
	const struct ct_record *rec;
	uint64_t key;			/* unique while it lives: 3, 4, ... (rows, selections) */
	unsigned int gen;		/* the last snapshot that had a task in it */
	struct snapshot_ct *next;	/* another container of the same hash */
};

/* The container index: containers by (runtime, id, monitor). */
struct snapshot_cts {
	struct hashmap by_hash;		/* identity hash -> chain of struct snapshot_ct */
	size_t n;
	uint64_t next_key;
	unsigned int gen;		/* the snapshot being taken */
	const char *sysroot;		/* runtime state files ("/"); not owned */
	/*
	 * The runtimes' state, listed the first time a snapshot needs it (a
	 * container to name, a process whose cgroup path names none), and
	 * again at most once per snapshot after, when something is not found
	 * in it: what was read stays read.
	 */
	struct ct_index index;
	unsigned int index_gen;		/* the snapshot that last listed it */
};

void snapshot_cts_init(struct snapshot_cts *c, const char *sysroot);
void snapshot_cts_release(struct snapshot_cts *c);

/* The entry whose info ci is (every task's ct is one). */
static inline const struct snapshot_ct *snapshot_ct_of(const struct container_info *ci)
{
	return (const struct snapshot_ct *)((const char *)ci - offsetof(struct snapshot_ct, info));
}

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

/* Every process is read again once every this many refreshes. */
#define SNAPSHOT_REVALIDATE 64

/* What a walk read, counted across the snapshots of a caller. */
struct snapshot_stats {
	unsigned long stat_reads;
	unsigned long ns_reads;		/* processes whose links were read */
	unsigned long cgroup_reads;
	unsigned long cmdline_reads;
	unsigned long status_reads;
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
	size_t cmdline_max;	/* longest command line read (0: 64 KiB) */

	/*
	 * Refreshes (snapshot_refresh()): load is what every process gets
	 * (TASK_STAT and TASK_CONTAINER); prev the snapshot to carry from
	 * (NULL: none yet); cts the caller's container index; stats counts
	 * what was read. A refresh with no_index builds no namespace index
	 * (snapshot_find_ns() finds nothing): for a caller that aggregates
	 * namespaces its own way.
	 */
	unsigned int load;
	struct snapshot *prev;
	struct snapshot_cts *cts;
	struct snapshot_stats *stats;
	bool no_index;
};

struct snapshot {
	struct procfs *pfs;		/* not owned */
	struct snapshot_opts opts;
	unsigned int gen;		/* refreshes before this one */

	struct task *tasks;		/* ascending pid; owned */
	size_t ntasks;
	size_t task_cap;		/* kept across refreshes */
	struct nsent **ns;		/* ascending inode; entries owned */
	size_t nns;
	size_t ns_cap;
	struct task **members;		/* per namespace, ascending pid; owned */
	size_t nmembers;

	struct hashmap ns_by_key;
	dev_t nsfs_dev;			/* namespace files' device, 0 when unknown */
	struct snapshot_cts own_cts;	/* the index, unless opts.cts names the caller's */
	struct snapshot_cts *cts;	/* the index in use */

	size_t ndenied;			/* processes with unreadable links */
	pid_t denied_pids[8];		/* the first few of them */
	size_t nmalformed;		/* processes with malformed links (task.malformed) */
	pid_t malformed_pids[8];	/* the first few of them */
	size_t nvanished;		/* processes gone during the walk */

	pid_t host_ref;			/* what "host" was taken from (0: unknown) */
	bool host_is_kthread;		/* ... a kernel thread, i.e. the initial namespaces */
	uint64_t host_ns[NS_NTYPES];

	struct netlink nl;		/* opened on the first NETNSID query */
	bool nl_open;
	int nl_err;
};

/* One snapshot: snap need not be initialised; snapshot_release() it after. */
int snapshot_take(struct snapshot *snap, struct procfs *pfs, const struct snapshot_opts *opts);
void snapshot_release(struct snapshot *snap);

/*
 * A snapshot taken over and over: snap was zeroed (snapshot_init()) or holds
 * an older snapshot, whose memory is reused. opts->prev (the snapshot taken
 * just before, with the same opts->cts) gives what is carried; what moves
 * out of it (command lines) is taken from it, the rest stays for
 * comparisons. Containers no task of this or the previous snapshot is in
 * leave the index. -ESRCH, -ENOMEM, or errors of reading the proc root.
 */
void snapshot_init(struct snapshot *snap);
int snapshot_refresh(struct snapshot *snap, struct procfs *pfs, const struct snapshot_opts *opts);

struct task *snapshot_find_task(const struct snapshot *snap, pid_t pid);
struct nsent *snapshot_find_ns(const struct snapshot *snap, enum ns_type type, uint64_t ino);

/* The tasks of a namespace, ascending pid: snap->members[ns->members + i]. */
static inline struct task *snapshot_member(const struct snapshot *snap, const struct nsent *ns,
					   size_t i)
{
	return snap->members[ns->members + i];
}

/* Read the TASK_* fields not yet loaded. -ESRCH when the process is gone.
 * A task whose command line is empty (a kernel thread, a zombie) gets its
 * name, as lsns shows it. */
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
