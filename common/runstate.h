/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The state nsrun keeps of its containers and networks, under /run/nskit/
 * for root and $XDG_RUNTIME_DIR/nskit (else /tmp/nskit-UID) for other
 * users; NSKIT_STATE_DIR overrides both (tests). nsrun writes
 * it; nsjoin, nsdiff, nstop and the completions read it to find containers
 * by name. Every file is replaced atomically (write a temporary file,
 * rename), so a reader never sees half a record.
 *
 * Names: 1..RUNSTATE_NAME_MAX-1 bytes of [A-Za-z0-9_.-], not starting with
 * '.' or '-' (so no "/", no "..", nothing a path or an option could misread).
 */
#ifndef NSKIT_RUNSTATE_H
#define NSKIT_RUNSTATE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nstype.h"
#include "procfs.h"

#define RUNSTATE_DEFAULT_DIR	"/run/nskit"
#define RUNSTATE_NAME_MAX	64

/*
 * The state directory: $NSKIT_STATE_DIR, else RUNSTATE_DEFAULT_DIR for
 * root, else $XDG_RUNTIME_DIR/nskit or /tmp/nskit-UID. A relative
 * $NSKIT_STATE_DIR is taken against the working directory of the first
 * call, and stays that directory when the process moves (nsrun's
 * detached launcher goes to /).
 */
const char *runstate_dir(void);

/*
 * Trust. Records name processes that nsrun signals, cgroups it removes and
 * links it deletes, and the processes that `nsjoin -t NAME` and `nsdiff
 * NAME` enter: whoever can write them can steer root. So a state
 * directory, and each of its subdirectories, is used only when
 *   - no component of its path is a symbolic link,
 *   - it is a directory,
 *   - it belongs to the caller (nsrun), or, for the tools that only read
 *     records, to root (root's tools) or to root or the caller (anyone
 *     else's: root's records are information to them, nothing more),
 *   - neither its group nor others may write to it; private/ (the lock)
 *     they may not even enter.
 * What is in it is opened beneath it, never through a symbolic link.
 */
enum runstate_fault {
	RUNSTATE_FAULT_NONE,
	RUNSTATE_FAULT_SYMLINK,		/* it, or a component of its path, is a symbolic link */
	RUNSTATE_FAULT_NOTDIR,
	RUNSTATE_FAULT_OWNER,		/* it belongs to someone else */
	RUNSTATE_FAULT_WRITABLE,	/* its group or others may write to it */
	RUNSTATE_FAULT_OPEN,		/* private/: its group or others may enter it */
	RUNSTATE_FAULT_ERRNO,		/* it cannot be opened or made: err */
};

/* What is wrong with a state directory, for a message (runstate_check_str()). */
struct runstate_check {
	enum runstate_fault fault;
	char path[PATH_MAX + 16];	/* the directory at fault */
	uid_t uid;			/* its owner */
	uid_t want_uid;			/* the owner it may have (RUNSTATE_FAULT_OWNER) */
	bool root_or_caller;		/* ... or root too (a reader's rule) */
	mode_t mode;			/* its mode */
	int err;			/* -errno of RUNSTATE_FAULT_ERRNO */
	const char *what;		/* what it is, for messages; NULL: "state directory" */
};

/*
 * nsrun's own use, to read and write: open the state directory (made,
 * 0755, when missing) and check it and every subdirectory there is. 0, or
 * -EPERM when one of them may not be trusted, -errno when it cannot be
 * opened; why (if not NULL) says which and what is wrong. Once per process
 * and directory: the record functions below open it on first use if the
 * caller did not.
 */
int runstate_open(struct runstate_check *why);

/*
 * The other tools, which only read records to name containers and
 * resolve targets: open the state directory for reading. 1 when its
 * records may be used, 0 when they may not (why says why; the first time,
 * runstate_notice hears of it too), -errno when it cannot be opened
 * (-ENOENT: there is none, so no containers either). Until it returns 1,
 * runstate_load() and runstate_list() give -EPERM.
 */
int runstate_open_read(struct runstate_check *why);

/*
 * Another directory that nsrun keeps state in, under the same rules (the
 * image store): path, absolute, opened without a symbolic link anywhere
 * on it, made (0755, with its missing parents) when create, and trusted
 * only if it is the caller's and neither its group nor others may write
 * to it. An fd (O_DIRECTORY), or -EPERM or -errno with why filled, whose
 * messages call it what ("image store").
 */
int runstate_open_trusted(const char *path, bool create, const char *what,
			  struct runstate_check *why);
/*
 * A subdirectory name of dirfd (which is at path) under the same rules,
 * made with mode when create; forbidden: the mode bits it must not have
 * (022, or 077 for one that others may not even enter).
 */
int runstate_open_trusted_at(int dirfd, const char *path, const char *name, bool create,
			     mode_t mode, mode_t forbidden, const char *what,
			     struct runstate_check *why);

/* One line for a message: "state directory '/x' is writable by others (mode 1777)". */
void runstate_check_str(const struct runstate_check *c, char *buf, size_t size);

/*
 * Who hears, once per process, that a state directory's records are
 * ignored (runstate_open_read()): common/ prints nothing itself, so the
 * tools set this (tools/cli does, in cli_init()). NULL: nobody.
 */
extern void (*runstate_notice)(const char *msg);

/* 0 when name is a valid container or network name, -EINVAL otherwise. */
int runstate_valid_name(const char *name);

struct runstate {
	char name[RUNSTATE_NAME_MAX];
	pid_t pid;			/* the container's init, in the host's pid namespace */
	unsigned long long starttime;	/* of pid (stat field 22): tells a reused pid apart */
	pid_t launcher;			/* the nsrun process that supervises it */
	char network[RUNSTATE_NAME_MAX];/* "" when not on a bridge network */
	char address[64];		/* its address on that network, "10.88.0.2/24", or "" */
	char host_veth[16];		/* the host end of its veth pair, or "" */
	int host_veth_ifindex;		/* its ifindex, once made; 0 before, or unknown */
	char cgroup[PATH_MAX];		/* its cgroup, relative to the hierarchy root */
	char hostname[RUNSTATE_NAME_MAX];
	char rootfs[PATH_MAX];		/* "" when it shares the host's root */
	char command[1024];		/* the command line, space-separated */
	long long created;		/* seconds since the epoch */
	ns_mask_t created_ns;		/* namespaces made for it (others are shared) */
	/*
	 * Added by nsrun's launcher (older records read as zeros and ""):
	 * state is "creating" while the launcher sets the container up (pid
	 * and starttime are then the launcher's own, so that a record whose
	 * launcher died is seen as dead), "running" afterwards.
	 */
	char state[16];
	unsigned long long launcher_start;	/* starttime of launcher */
	/*
	 * The cgroup directories the launcher made, per hierarchy, that go
	 * when the container does: "unified=2,memory=2" (see tools/nsrun/cgroup_write.h).
	 */
	char cgroup_made[128];
	/* The command's working directory (-w), where `nsrun exec` starts too; "" for none. */
	char workdir[PATH_MAX];
	/*
	 * The namespaces it joined of other containers (--net=container:db):
	 * "net=db,ipc=db", for who joined whom (nsdiff); "" for none.
	 */
	char joined[256];
	/*
	 * A detached container that the kernel's OOM killer ended keeps its
	 * record, in state "oom-killed": its exit status and when it ended
	 * (seconds since the epoch; 0 for every other record).
	 */
	int exit_code;
	long long finished;
	/* The namespaces it shares with the host (--pid=host): NS_MASK() bits. */
	ns_mask_t host_ns;
	/*
	 * The image it runs, as named on the command line ("busybox:1"), and
	 * its id (the digest of its config, 64 hex digits); "" for none.
	 */
	char image[256];
	char image_id[72];
	/* Docker's -t, -i and --rm; logs: its output is kept (logs/NAME). */
	bool tty, open_stdin, auto_remove, logs;
};

#define RUNSTATE_CREATING	"creating"
#define RUNSTATE_RUNNING	"running"
#define RUNSTATE_OOM_KILLED	"oom-killed"
/* A detached container that ended, kept (without --rm) until rm or gc, as Docker keeps it. */
#define RUNSTATE_EXITED		"exited"

/* Read the record of a container; -ENOENT when there is none. */
int runstate_load(const char *name, struct runstate *st);
/* Write it atomically. */
int runstate_save(const struct runstate *st);
/*
 * Write it atomically, but only if there is no record of that name yet:
 * -EEXIST otherwise. Two launchers given the same name cannot both win.
 */
int runstate_create(const struct runstate *st);
/*
 * Remove it, and the files nsrun keeps for the container: its hosts file
 * and logs (its root file system's directory is nsrun's to remove first).
 */
int runstate_remove(const char *name);

/*
 * Subdirectories that nsrun keeps files of its containers in, checked as
 * the others: logs/ (a detached container's output: NAME, and NAME~
 * before it, which no valid name can be) and rootfs/ (NAME/: the upper
 * and work directories of a container's overlay, and its mount point).
 * Both are the owner's alone (0700), as what a container writes may be
 * private. runstate_subdir() returns the directory's descriptor, opened
 * and checked (made, with create), which stays runstate's: do not close
 * it. -ENOENT when it is missing and not to be made, -EPERM when it may
 * not be trusted.
 */
enum runstate_subdir { RUNSTATE_LOGS, RUNSTATE_ROOTFS };
int runstate_subdir(enum runstate_subdir which, bool create);
/* The names in one of them that are valid container names, sorted. */
int runstate_subdir_list(enum runstate_subdir which, char ***names, size_t *n);
/* The path of the /etc/hosts file nsrun keeps for a container: $STATE/hosts/NAME. */
int runstate_hosts_path(const char *name, char *buf, size_t size);
/*
 * Write a container's hosts file in place (it is bind-mounted: its inode
 * must stay), made if missing. Only a plain file of the caller's with one
 * link is written: -EPERM otherwise.
 */
int runstate_hosts_write(const char *name, const char *text, size_t len);
/*
 * An O_PATH descriptor of a container's hosts file, to bind-mount it by
 * (never by its path, which a link could turn elsewhere later): only a
 * plain file of the state directory's owner. -ENOENT when there is none.
 */
int runstate_hosts_open(const char *name);
/* The names of the hosts files, sorted; and the removal of one. */
int runstate_hosts_list(char ***names, size_t *n);
int runstate_hosts_remove(const char *name);
/* The names of all containers, sorted; free with runstate_names_free. */
int runstate_list(char ***names, size_t *n);
void runstate_names_free(char **names, size_t n);

/*
 * Remove the temporary files of writers that died half-way (".NAME.PID"
 * whose PID is gone); the number removed, or -errno.
 */
int runstate_sweep_temp(void);

/* Is the container's init still the process the record names? */
bool runstate_alive(const struct runstate *st, const struct procfs *pfs);
/* Is the launcher that supervises it still running? */
bool runstate_launcher_alive(const struct runstate *st, const struct procfs *pfs);

/*
 * The lock that serialises changes to networks, addresses and hosts files
 * ($STATE/private/lock, flock(2)): returns an fd to pass to
 * runstate_unlock(), or -errno. The kernel drops it if the holder dies, so
 * it is never stale. flock(2) works on any descriptor, a read-only one
 * too, so the file is 0600 in a directory that only its owner may enter:
 * nobody else can open it, let alone hold it.
 *
 * Waiting is bounded: NSKIT_LOCK_TIMEOUT seconds (a decimal number; 0: do
 * not wait), RUNSTATE_LOCK_TIMEOUT by default, then -ETIMEDOUT and
 * runstate_lock_holder() names the process that held it, if /proc/locks
 * says.
 */
#define RUNSTATE_LOCK_TIMEOUT	10
int runstate_lock(void);
void runstate_unlock(int fd);
/* The holder of the lock when runstate_lock() last timed out; 0 when unknown. */
pid_t runstate_lock_holder(void);

/*
 * Networks: $STATE/networks/NAME, the same key=value format. A network
 * made by `nsrun network create` is explicit and stays until `network rm`;
 * one made on demand by `--net bridge:NAME` goes with its last container.
 */
struct runstate_net {
	char name[RUNSTATE_NAME_MAX];
	char bridge[16];		/* the Linux bridge's interface name */
	int bridge_ifindex;		/* its ifindex, once made; 0 before, or unknown */
	char subnet[32];		/* "10.88.0.0/24" */
	char gateway[16];		/* the bridge's address, "10.88.0.1" */
	bool created_explicitly;	/* by `network create` */
	long long created;
};

int runstate_net_load(const char *name, struct runstate_net *net);
int runstate_net_save(const struct runstate_net *net);
/* Like runstate_create(): -EEXIST when the network exists. */
int runstate_net_create(const struct runstate_net *net);
int runstate_net_remove(const char *name);
int runstate_net_list(char ***names, size_t *n);

#endif
