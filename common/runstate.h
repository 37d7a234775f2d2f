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
 * root, else $XDG_RUNTIME_DIR/nskit or /tmp/nskit-UID. Writers refuse one
 * that is a symlink or not owned by the caller (-EPERM).
 */
const char *runstate_dir(void);

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
	 * A detached container that the kernel's OOM killer ended keeps its
	 * record, in state "oom-killed": its exit status and when it ended
	 * (seconds since the epoch; 0 for every other record).
	 */
	int exit_code;
	long long finished;
};

#define RUNSTATE_CREATING	"creating"
#define RUNSTATE_RUNNING	"running"
#define RUNSTATE_OOM_KILLED	"oom-killed"

/* Read the record of a container; -ENOENT when there is none. */
int runstate_load(const char *name, struct runstate *st);
/* Write it atomically. */
int runstate_save(const struct runstate *st);
/*
 * Write it atomically, but only if there is no record of that name yet:
 * -EEXIST otherwise. Two launchers given the same name cannot both win.
 */
int runstate_create(const struct runstate *st);
/* Remove it (and anything else nsrun keeps for the container: its hosts file). */
int runstate_remove(const char *name);
/* The path of the /etc/hosts file nsrun keeps for a container: $STATE/hosts/NAME. */
int runstate_hosts_path(const char *name, char *buf, size_t size);
/* The names of all containers, sorted; free with runstate_names_free. */
int runstate_list(char ***names, size_t *n);
void runstate_names_free(char **names, size_t n);

/* Is the container's init still the process the record names? */
bool runstate_alive(const struct runstate *st, const struct procfs *pfs);
/* Is the launcher that supervises it still running? */
bool runstate_launcher_alive(const struct runstate *st, const struct procfs *pfs);

/*
 * The lock that serialises changes to networks, addresses and hosts files
 * ($STATE/lock, flock(2)): returns an fd to pass to runstate_unlock(), or
 * -errno. The kernel drops it if the holder dies, so it is never stale.
 */
int runstate_lock(void);
void runstate_unlock(int fd);

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
