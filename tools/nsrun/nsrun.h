/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nsrun's internal interfaces: what main.c (the subcommands), msg.c
 * (messages and tables), run.c (the launcher), child.c (the container's
 * side of the launch, and its init), network.c, lifecycle.c and rootfs.c
 * share, caps.c (capabilities) and limits.c (limits, update, OOM). Its other modules have headers of
 * their own: runspec.h (the command line's parsers), ipam.h (addresses)
 * and cgroup_write.h.
 *
 * Processes of one container, as nsrun runs it:
 *
 *   launcher (nsrun itself, or its detached copy): sets up, supervises,
 *     cleans up; record field "launcher"
 *     └── init: PID 1 of the container's new pid namespace, nsrun code
 *         that forwards signals and reaps orphans; record field "pid"
 *         └── the command
 *
 * When the pid namespace is shared (--pid=host, container:, ns:) there is
 * no init of ours: the launcher's child execs the command, and that is pid.
 */
#ifndef NSKIT_NSRUN_H
#define NSKIT_NSRUN_H

#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/capability.h>
#include <sys/types.h>
#include <termios.h>

#include "cgroup_write.h"
#include "ipam.h"
#include "nstype.h"
#include "runspec.h"
#include "runstate.h"

/* Exit codes of `nsrun [run]` and `nsrun exec`, as docker run, env and chroot use them. */
#define NSRUN_EXIT_FAILED	125	/* nsrun itself failed: nothing ran */
#define NSRUN_EXIT_CANNOT_EXEC	126	/* the command exists but cannot be run */
#define NSRUN_EXIT_NOT_FOUND	127	/* no such command */

/* The network --net=bridge means, made on first use like Docker's. */
#define NSRUN_DEFAULT_NETWORK	"bridge"
/* Interface name prefixes (ipam_ifname): a network's bridge, a container's host-side veth. */
#define NSRUN_BRIDGE_PREFIX	"nsk-"
#define NSRUN_VETH_PREFIX	"nsv-"
/*
 * The priority of the "iif BRIDGE prohibit" rules that keep a network's
 * traffic on its bridge: before the main table's (32766), after local's (0).
 */
#define NSRUN_RULE_PRIO		1000
/*
 * The parent of containers' default cgroups, NSRUN_CGROUP_PARENT/NAME,
 * which common/container recognises as nsrun's; it goes with the last.
 */
#define NSRUN_CGROUP_PARENT	"/nskit"
/* The container side of its veth pair. */
#define NSRUN_CTR_IFNAME	"eth0"
/* `nsrun stop`'s default grace period, Docker's. */
#define NSRUN_STOP_TIMEOUT	10

/* ------------------------------------------------------ messages (msg.c) */

/*
 * A failure exits with tools/cli's cli_exit_failure, as bad usage does
 * (cli_try_help()): main() makes it NSRUN_EXIT_FAILED for run and exec,
 * and leaves 1 for the other subcommands.
 */
void nsrun_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* "nsrun: <fmt>: <strerror(-rc)>" and exit. */
void nsrun_die_errno(int rc, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
void nsrun_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void nsrun_warn_errno(int rc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct out_column;
struct out_opts;
struct libscols_table;
/*
 * A table of the listing subcommands (ls, network ls): columns cols[ids[i]]
 * for i < n (ids NULL: the first n of cols); dies when out of memory.
 */
struct libscols_table *nsrun_table_new(const struct out_opts *oo, const struct out_column *cols,
				       const int *ids, size_t n);
/* Print it, free it; the subcommand's exit status. */
int nsrun_table_print(struct libscols_table *tb);

/*
 * What nsrun_die() undoes before exiting: the launcher registers its
 * half-made container, so that bad input or a failure leaves nothing
 * behind. Runs only in the process that registered it (never in a child).
 */
void nsrun_on_die(void (*fn)(void *), void *data);

/* -------------------------------------------------------------- options */

struct nsrun_volume {
	char *host;		/* resolved, absolute; owned */
	char *ctr;		/* absolute, inside the container; owned */
	bool ro;
};

/*
 * A container's limits as its options give them (limits.c): its cgroup's,
 * and the rate of its network (a token bucket on each end of its veth).
 */
struct nsrun_limits {
	struct cgroup_limits cg;
	uint64_t net_rate;		/* bytes per second, 0: none */
	uint64_t net_burst;		/* bytes, 0: limits.c's default */
	unsigned int given;		/* NSRUN_LIMIT_OPT(i) bits of the options given */
};

struct nsrun_opts {
	char name[RUNSTATE_NAME_MAX];
	bool detach;
	bool privileged;
	struct runspec_caps caps;	/* --cap-add, --cap-drop */
	bool new_privs;			/* --security-opt no-new-privileges=false */
	const char *hostname;
	char *rootfs;		/* resolved; owned */
	struct nsrun_volume *vols; /* owned */
	size_t nvols;
	char **env;		/* the command's environment, "K=V", NULL-terminated; owned */
	size_t nenv;
	const char *workdir;
	bool have_user;
	struct runspec_user user;
	/* how each namespace type is had; SHARE_PRIVATE creates one */
	struct runspec_share share[NS_NTYPES];
	struct nsrun_limits limits;
	const char *cgroup_path;
	bool rm;		/* --rm: removed when it ends, also with -d */
	bool tty;		/* -t: a pseudo-terminal for the command */
	bool interactive;	/* -i: its stdin kept open (and relayed, with -t) */
	uint64_t log_max;	/* --log-opt max-size: bytes, 0: the default */
	const char *image;	/* the image as named (--image, or the first word) */
	const char *image_id;	/* its id, once found */
	const char *image_root;	/* its root in the store: the overlay's lower layer */
	const char *entrypoint;	/* --entrypoint, "" for none; NULL: the image's */
	char **argv;		/* the command */
	bool dashdash;		/* "--" came before it: a command of the host's, never an image */
};

/* ----------------------------------------------------------- launching */

/* A log file's size past which it is rotated (--log-opt max-size; logs.c) */
#define NSRUN_LOG_MAX	(1ull << 20)

/* The launcher's writer of a detached container's output: $STATE/logs/NAME (logs.c). */
struct nsrun_log {
	char name[RUNSTATE_NAME_MAX];
	int dfd;		/* logs/, runstate's */
	int fd;			/* logs/NAME, -1 */
	uint64_t size, max;
};

/* The caller's terminal while it is raw: its modes before, to restore (tty.c). */
struct nsrun_term {
	int fd;			/* the terminal made raw, -1: none */
	struct termios saved;
};


/* Everything the launcher holds for one container; one owner, the launcher. */
struct nsrun_launch {
	struct nsrun_opts *o;
	struct runstate st;		/* its record, as saved */
	bool record_made;
	bool rootless;			/* run by an unprivileged user */
	uid_t caller_uid;
	gid_t caller_gid;

	int ns_fd[NS_NTYPES];		/* namespaces joined: open fds, -1 otherwise */
	ns_mask_t create;		/* namespaces made: NS_MASK() bits */
	bool new_proc;			/* mount a /proc of the container's pid namespace */

	/* Capabilities and no_new_privs, worked out by nsrun_caps_prepare() (caps.c). */
	bool drop_caps;			/* the child drops capabilities: caps_keep, caps */
	uint64_t caps_keep;		/* the bounding set: bit n is capability n */
	cap_t caps;			/* the init's own sets (no init: not used) */
	bool no_new_privs;		/* PR_SET_NO_NEW_PRIVS before the exec */

	struct cgroup_layout cg;
	bool have_cg;			/* the container has a cgroup of its own */
	bool born_in_cgroup;		/* clone3 put it in its v2 cgroup (CLONE_INTO_CGROUP) */
	struct cgroup_made cg_made;

	bool bridge;			/* on a bridge network */
	struct runstate_net net;
	uint32_t addr;			/* its address there */
	unsigned int prefix;
	uint32_t gateway;
	char hosts_path[PATH_MAX];	/* its /etc/hosts, on the host (for messages) */
	int hosts_fd;			/* ... opened before the clone, to bind it by; -1 */

	/*
	 * nsrun-init, which the child becomes once the command runs: an
	 * O_PATH fd opened while the host's files are in reach; -1 when the
	 * container has no pid namespace of its own, and so no init.
	 */
	int init_fd;
	bool need_go;			/* the child waits for NSRUN_MSG_GO */
	/*
	 * The child runs in the launcher's memory (CLONE_VM), not in a copy:
	 * then the two take turns until the child's word, and the child
	 * writes nothing here (see clone_child() in run.c).
	 */
	bool shared_vm;
	int dumpable;			/* PR_GET_DUMPABLE before the clone, when shared_vm */
	pid_t child;			/* the container's first process, 0 before clone */
	int child_pidfd;
	bool child_reaped;
	int sock;			/* the launcher's end of the socket pair with child */
	/*
	 * The child's end: closed in the launcher's fd table right after
	 * clone, and its number left here for the child until its word.
	 */
	int child_sock;
	int errfd;			/* the original stderr, for the child's messages */
	int devnull;
	int report_fd;			/* detached: the pipe to the waiting front, else -1 */
	/*
	 * The command's standard streams as the child gives them to it (-1:
	 * inherited, the launcher's own): a detached container's stdout and
	 * stderr are pipes to its logs, its stdin /dev/null or, with -i, a
	 * pipe that the launcher holds open. With -t the child makes a pty
	 * instead, and sends its master (pty).
	 */
	int io[3];
	int out_r, err_r;		/* the launcher's ends of those pipes, -1 */
	int stdin_w;			/* the end of -i's pipe held open, -1 */
	int pty;			/* -t: the pty's master, -1 */
	struct nsrun_log log;		/* a detached container's logs */
	bool logs;
	struct nsrun_term term;		/* the caller's terminal, raw with -it */
	/*
	 * An image's container: $STATE/rootfs/NAME, where the launcher made
	 * the overlay's directories for the child to mount its root with
	 * (overlay.c); "" for none.
	 */
	char ov_dir[PATH_MAX];
	int exit_status;
	/*
	 * The signals the caller left ignored (bit n-1 for signal n), which
	 * exec would pass on to the command; all ones when unknown.
	 */
	uint64_t ignored;
};

/* run.c: `nsrun [run] [OPTIONS] [--] CMD...`; never returns. */
int nsrun_cmd_run(int argc, char **argv) __attribute__((noreturn));

/* child.c: the container's side, right after clone; never returns. */
void nsrun_child(struct nsrun_launch *l) __attribute__((noreturn));

/* Messages on the socket pair: the child to the launcher, and back. */
#define NSRUN_MSG_GO	'G'	/* launcher: the child may go on (maps, cgroup, veth done) */
#define NSRUN_MSG_READY 'R'	/* a detached launcher to its front: the command is running */
#define NSRUN_MSG_FAIL	'F'	/* child: failed (message printed); then one byte: exit code */
#define NSRUN_MSG_PTY	'P'	/* child: the master of the command's pty, attached */

/* -------------------------------------------------------- capabilities */

/*
 * Docker's default capabilities (moby's oci/caps/defaults.go), in libcap's
 * text form: what a container's root keeps without --privileged,
 * --cap-add or --cap-drop.
 */
#define NSRUN_DEFAULT_CAPS                                                                        \
	"cap_chown,cap_dac_override,cap_fowner,cap_fsetid,cap_kill,cap_setgid,cap_setuid,"         \
	"cap_setpcap,cap_net_bind_service,cap_net_raw,cap_sys_chroot,cap_mknod,cap_audit_write,"  \
	"cap_setfcap=ep"

/*
 * The launcher, before the clone: the capabilities and no_new_privs of
 * the container from its options (dies on one it cannot give).
 */
void nsrun_caps_prepare(struct nsrun_launch *l);
/*
 * The child, system calls only: drop what is not kept from the bounding
 * set, and with own_sets from its own sets too (the init, whose command
 * inherits them). 0 or -errno, with *cap the capability that could not go.
 */
int nsrun_caps_apply(const struct nsrun_launch *l, bool own_sets, int *cap);

struct jsonw;
/*
 * inspect: "capabilities" (effective and bounding, by name) and
 * "no_new_privs" of the process pid as the kernel has them, null when
 * it cannot be read (it ended).
 */
void nsrun_caps_json(struct jsonw *w, pid_t pid);

/* ------------------------------------------------------------- networks */

/*
 * Under the lock: make sure the network named in the options exists
 * (creating it implicitly), give the container an address, and save it
 * in the record.
 */
int nsrun_net_prepare(struct nsrun_launch *l);
/* Create the container's veth pair into its network namespace (netns_fd). */
int nsrun_net_attach(struct nsrun_launch *l, int netns_fd);
/* Under the lock: rewrite the hosts file of every container of network. */
int nsrun_net_refresh_hosts(const char *network);
/* Under the lock: remove an implicit network that no container uses any more. */
void nsrun_net_release(const char *network);
/* `nsrun network ...` */
int nsrun_cmd_network(int argc, char **argv);

/* The records of the containers on network (alive or not): *out, sorted by name. */
int nsrun_net_members(const char *network, struct runstate **out, size_t *n);

struct netlink;
/*
 * Is the host's link ifname the one nsrun made for owner (a container's
 * veth, a network's bridge, owner being its name)? Asked before anything
 * deletes a link a record names: the link with the recorded ifindex (0:
 * unknown, a record of an older nsrun; then the link named ifname) must
 * have that name and the mark of this state directory and owner
 * (IFLA_IFALIAS "nskit:<hash of the state directory>:<owner>").
 * 1 when it is, 0 when it is not (someone else's: leave it), -ENODEV
 * when there is no such link any more, or another -errno.
 */
int nsrun_link_is_ours(struct netlink *nl, const char *ifname, int ifindex, const char *owner);
/*
 * Delete that link if nsrun_link_is_ours() says it is ours: 0 when
 * deleted, -EPERM when it is not ours (left as it is), -ENODEV when gone.
 */
int nsrun_link_delete(struct netlink *nl, const char *ifname, int ifindex, const char *owner);

/* ------------------------------------------------------ limits (limits.c) */

/*
 * The options of limits, which `nsrun run` and `nsrun update` share:
 * getopt_long() rows whose values are NSRUN_LIMIT_OPT_BASE + the index of
 * the option in the table of limits.c, ending with a row of zeros. -m is
 * --memory's index NSRUN_LIMIT_MEMORY.
 */
#define NSRUN_LIMIT_OPT_BASE	0x1000
#define NSRUN_LIMIT_MEMORY	0
#define NSRUN_LIMIT_OPT(i)	(1u << (i))
extern const struct option nsrun_limit_longopts[];
/* Parse one (index i of the table) into lim; dies with one line on a bad value. */
void nsrun_limit_option(struct nsrun_limits *lim, int i, const char *arg);
/* The usage lines of the limits: `nsrun --help`'s, and without the devices' update's. */
void nsrun_limits_usage(FILE *out, bool devices);

/*
 * Before anything is made: what the options ask must hold together
 * (--memory-swap not below --memory, a reservation below it, --net-rate on
 * a bridge) and the kernel must be able to do it (--blkio-weight); dies
 * with one line otherwise. bridge: the container is on a bridge network.
 */
void nsrun_limits_check(const struct nsrun_limits *lim, bool bridge);
/*
 * The network rate of a container on a bridge: a token bucket on the
 * host's end of its veth (what it receives) and on its eth0 (what it
 * sends), in the namespace of netns_fd. Nothing without --net-rate.
 */
int nsrun_net_rate_apply(const struct nsrun_limits *lim, int host_ifindex, int netns_fd);
/*
 * After the container ended, before its cgroup goes: did the kernel's OOM
 * killer end a process of it? Then say so (on a terminal); a detached
 * container's record is kept in state "oom-killed" (as Docker keeps
 * OOMKilled). Returns true when it did.
 */
bool nsrun_oom_verdict(struct nsrun_launch *l, int exit_status);

struct jsonw;
/* inspect: "limits", read back from the cgroup and the qdiscs; null for none. */
void nsrun_limits_json(struct jsonw *w, const struct runstate *st, bool running);

/* `nsrun update [OPTIONS] NAME...` */
int nsrun_cmd_update(int argc, char **argv);

/* ----------------------------------------------------------- lifecycle */

/*
 * How a detached container without --rm ended, for its record, which is
 * kept (as Docker keeps a container that exited) until `nsrun rm` or gc:
 * state RUNSTATE_EXITED or RUNSTATE_OOM_KILLED, and the exit status.
 */
struct nsrun_ended {
	const char *state;
	int exit_code;
};

/*
 * Remove what nsrun made for a container whose processes are gone (or
 * are to be killed: whatever is left in its cgroup is): its veth, cgroup,
 * hosts file, logs and record; then refresh its network's hosts files and
 * drop an implicit network left empty. locked: the caller holds the state
 * lock. cg: the cgroup layout if the caller has it (NULL: detected).
 * ended: not NULL when the record is to be kept, saying how it ended: then
 * its logs stay too, and the record, rewritten, names nothing left to
 * remove but them.
 */
int nsrun_teardown(const struct runstate *st, bool locked, const struct cgroup_layout *cg,
		   const struct nsrun_ended *ended);

/* What `nsrun ls` shows as STATE: "running", "creating" or "exited". */
const char *nsrun_state_of(const struct runstate *st);

struct json_object;
/*
 * Docker's view of a container (docker.c): the part of docker inspect's
 * document that nsrun knows, with Docker's names (State.Pid,
 * NetworkSettings.Networks.NAME.IPAddress, HostConfig.PidMode...), for
 * `inspect --format`. A json-c object for the caller to put.
 */
struct json_object *nsrun_docker_view(const struct runstate *st);

int nsrun_cmd_ls(int argc, char **argv);
int nsrun_cmd_inspect(int argc, char **argv);
int nsrun_cmd_exec(int argc, char **argv);
int nsrun_cmd_stop(int argc, char **argv);
int nsrun_cmd_kill(int argc, char **argv);
int nsrun_cmd_rm(int argc, char **argv);
int nsrun_cmd_gc(int argc, char **argv);

/*
 * The state directory, opened and checked for this command (runstate_open):
 * every subcommand that reads or writes state calls it first, and dies
 * with one line saying what is wrong with a directory it may not trust.
 */
void nsrun_state_open(void);
/*
 * runstate_lock(), or die naming the process that held it too long; and
 * the message of a failure for those that cannot die (a teardown).
 */
int nsrun_lock(void);
void nsrun_lock_warn(int rc);

/*
 * Is the process a record names in the container's own cgroup? (true when
 * the record names none: a rootless container lives in its caller's.) A
 * record alone does not make a process a container's: asked before one is
 * signalled or entered.
 */
bool nsrun_in_its_cgroup(const struct runstate *st);

/* The starttime (stat field 22) of pid, or 0 when it is gone. */
unsigned long long nsrun_starttime(pid_t pid);
/* Load a container's record by name, dying with a clear message if there is none. */
void nsrun_load_or_die(const char *name, struct runstate *st);

/* ------------------------------------------------------- user namespaces */

/*
 * Write the id maps of the user namespace of pid (userns.c): root's
 * (0-65535 onto themselves), or with rootless a rootless container's,
 * whose root is uid:gid and, where newuidmap and /etc/subuid allow, whose
 * ids 1 and up are the caller's subordinate ids. 0 or -errno.
 */
int nsrun_userns_map(pid_t pid, bool rootless, uid_t uid, gid_t gid);
/*
 * Run fn(arg) as root of a new user namespace mapped as a rootless
 * container's, in a child, and return what it returns (0..255), or
 * -errno when that cannot be made. Root runs fn itself, at once. For the
 * files of a rootless user's containers and images: in there, their
 * owners are what they are to the containers, and root may remove them.
 */
int nsrun_userns_run(int (*fn)(void *arg), void *arg);

/* ------------------------------------------------- terminals (tty.c) */

/*
 * A pseudo-terminal from /dev/ptmx of the current mount namespace: the
 * master and its slave (both O_CLOEXEC). 0 or -errno.
 */
int nsrun_pty_open(int *master, int *slave);
/*
 * In the process that will run the command: a session of its own with
 * slave as its controlling terminal and standard streams. 0 or -errno.
 */
int nsrun_pty_take(int slave);
/* The window size of the terminal from, given to the pty (master or slave) to. */
void nsrun_tty_winsize(int from, int to);
/* One byte, tag, with fd attached (SCM_RIGHTS). 0 or -errno. */
int nsrun_fd_send(int sock, char tag, int fd);
/*
 * A message into buf, and the fd it carries, if any, in *fd (else -1;
 * O_CLOEXEC): its length, 0 at the end, or -errno.
 */
ssize_t nsrun_fd_recv(int sock, char *buf, size_t size, int *fd);

/* Make fd raw, if it is a terminal (Docker's -it); t->fd says whether it was. */
void nsrun_tty_raw(struct nsrun_term *t, int fd);
void nsrun_tty_restore(struct nsrun_term *t);
/*
 * Copy what one read(2) of from gives to to (whole): the bytes read, 0 at
 * its end (EIO from a pty master whose slave is closed, too), -errno. A
 * reader that went away (EPIPE) drops the data, not the copying.
 */
int nsrun_copy(int from, int to);
/*
 * exec -t, the caller's side: relay between the caller's terminal and the
 * master of the command's pty (stdin too with interactive) while child
 * lives, the signals nsrun gets passed to child. child's wait status.
 */
int nsrun_pty_relay(pid_t child, int master, bool interactive);

/* ------------------------------------------------------ logs (logs.c) */

/* Make logs/NAME afresh; max 0: NSRUN_LOG_MAX. 0 or -errno. */
int nsrun_log_open(struct nsrun_log *lg, const char *name, uint64_t max);
/* Append what the container wrote to stream 1 (stdout) or 2 (stderr). */
void nsrun_log_write(struct nsrun_log *lg, int stream, const char *data, size_t len);
void nsrun_log_close(struct nsrun_log *lg);
/* `nsrun logs [-f] [--tail N] [-t] NAME` */
int nsrun_cmd_logs(int argc, char **argv);

/* ------------------------------------------------------------ overlay.c */

/*
 * Remove $STATE/rootfs/NAME, the upper and work directories of an image
 * container's overlay: 0, -ENOENT when there is none, or -errno.
 */
int nsrun_rootfs_remove(const char *name);
/*
 * The launcher, once the container's name is its own: make
 * $STATE/rootfs/NAME/{upper,work,root} (what was left there by a
 * container of the name goes first) and make root the container's
 * --rootfs. Dies on failure.
 */
void nsrun_overlay_prepare(struct nsrun_launch *l);
/*
 * The child, in its mount namespace: the overlay of the image's root and
 * upper onto root. 0 or -errno.
 */
int nsrun_overlay_mount(const struct nsrun_launch *l);

/* rootfs.c: `nsrun rootfs DIR` */
int nsrun_cmd_rootfs(int argc, char **argv);

#endif
