/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Entering namespaces: what nsjoin, `nsrun exec`, nstop's "enter" and
 * nsdiff --deep share. nsenter(1)'s semantics, with an atomic join.
 *
 * Three ways in:
 *
 *  1. The calling process itself moves (nsjoin):
 *
 *	nsenter_opts_init(&o); o.pid = ...; o.mask = ...;
 *	nsenter_prepare(&ctx, &o);	opens everything; nothing changes yet
 *	nsenter_enter(&ctx);		setns, cgroup, root, cwd, environment
 *	if (nsenter_needs_fork(&ctx))	a pid namespace was entered:
 *		nsenter_fork(&child);	only children are in it
 *	nsenter_finish(&ctx);		in the process that will run the
 *					command: /proc mount, setgroups,
 *					setgid, setuid, capabilities
 *	execvp(...);			or nsenter_default_shell()
 *
 *  2. Run a command inside and wait for it, the caller untouched (nsrun exec,
 *     nstop): nsenter_exec().
 *
 *  3. Run a function inside and collect what it writes, the caller untouched
 *     (nsdiff --deep: hostname, /proc/sysvipc, mqueues...): nsenter_run_in().
 *
 * The order, and why (nsenter's, kept so that the same command line does
 * the same thing):
 *  - Everything is opened first, while the caller still sees its own /proc
 *    and mounts: the namespace fds, a pidfd, /proc/PID/root and cwd, the
 *    target's environment, its cgroup.procs files. A bad file argument or a
 *    vanished target is found before anything changes.
 *  - With a pidfd (Linux 5.8), every namespace taken from the target process
 *    is entered in one setns(pidfd, flags) call: all or nothing, and the
 *    pidfd pins the process, so a recycled PID is never entered. The kernel
 *    installs the user namespace first and checks the rest against the
 *    credentials it grants, so one call serves both a privileged caller and
 *    a rootless one entering its own container. If it is refused (EPERM)
 *    the privileged order is tried: all but the user namespace, then the
 *    user namespace.
 *  - Without a pidfd (old kernels, NSENTER_NO_PIDFD, or namespaces given as
 *    files), nsenter's two passes: every namespace but the user one, errors
 *    ignored (a privileged caller gets in before dropping privileges by
 *    entering the user namespace last); then the user namespace first and
 *    the rest, errors fatal (an unprivileged caller gains in the user
 *    namespace the rights to enter the rest).
 *  - A pid namespace applies to children only: the caller forks after it.
 *  - Credentials change last, in the process that runs the command: with a
 *    user namespace entered and no --preserve-credentials, uid and gid 0 (or
 *    -S/-G) and no supplementary groups (setgroups is tried before and after
 *    entering: a user namespace whose setgroups is "deny" refuses it inside).
 *
 * Never half-entered: nsenter_enter() returns -errno with ctx->changed set
 * when it failed after changing something (a namespace, the cgroup, the
 * root). The process is then in some of the namespaces and not in others,
 * and must not go on as if it had entered, nor as if it had not: it must
 * exit (the tools exit 1 after printing the error). Callers that must
 * survive failures use nsenter_exec() or nsenter_run_in(), which enter in a
 * child. With a pidfd, the only way to fail after a change is the second
 * half of the privileged order (the user namespace refused after the rest
 * was entered), or a later step (chroot, chdir, environment).
 */
#ifndef NSKIT_NSENTER_H
#define NSKIT_NSENTER_H

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nstype.h"
#include "procfs.h"

enum {
	NSENTER_NO_PIDFD	= 1 << 0,	/* the per-file path even where setns(pidfd) works */
	NSENTER_ROOT		= 1 << 1,	/* chroot to opts.root, or the target's root */
	NSENTER_WD		= 1 << 2,	/* chdir to opts.wd, or the target's cwd */
	NSENTER_SETUID		= 1 << 3,	/* setuid(opts.uid) (-S) */
	NSENTER_SETGID		= 1 << 4,	/* setgid(opts.gid) (-G) */
	NSENTER_UID_FOLLOW	= 1 << 5,	/* -S follow: the target's uid, as seen inside */
	NSENTER_GID_FOLLOW	= 1 << 6,	/* -G follow */
	NSENTER_PRESERVE_CRED	= 1 << 7,	/* keep uid, gid and groups */
	NSENTER_KEEP_CAPS	= 1 << 8,	/* permitted capabilities made ambient */
	NSENTER_ENV		= 1 << 9,	/* the target's environment replaces ours */
	NSENTER_JOIN_CGROUP	= 1 << 10,	/* join the target's cgroups (v2 and v1) */
	NSENTER_MOUNT_PROC	= 1 << 11,	/* a /proc of the joined pid namespace */
	NSENTER_USER_PARENT	= 1 << 12,	/* the parent of the target's user namespace */
	/*
	 * For the types in opts.all: leave out those whose namespace the
	 * caller is in already (nsjoin --differing).
	 */
	NSENTER_DIFFERING	= 1 << 13,
	/* nsenter_exec/run_in: do not fork for a pid namespace (-F). */
	NSENTER_NO_FORK		= 1 << 14,
};

struct nsenter_opts {
	pid_t pid;			/* the target process; 0 when every type has a file or fd */
	int pidfd;			/* a pidfd of pid to use (borrowed), or -1: opened here */
	const struct procfs *pfs;	/* where /proc/PID is (NULL: "/proc") */
	/* Types to enter, as asked for one by one: an error for each that cannot be. */
	ns_mask_t mask;
	/*
	 * Types to enter as nsenter -a does: those the kernel has, except the
	 * user namespace when the caller is in it already (setns refuses it),
	 * and with NSENTER_DIFFERING only those that differ from the caller's.
	 */
	ns_mask_t all;
	const char *file[NS_NTYPES];	/* per type: a file to enter instead of pid's (-n=FILE) */
	int fd[NS_NTYPES];		/* per type: an open namespace fd instead (borrowed), -1 */
	unsigned int flags;		/* NSENTER_* */
	const char *root;		/* NSENTER_ROOT: a directory; NULL: the target's root */
	const char *wd;			/* NSENTER_WD: a directory; NULL: the target's cwd */
	const char *wdns;		/* a working directory opened inside (-W), or NULL */
	uid_t uid;			/* NSENTER_SETUID */
	gid_t gid;			/* NSENTER_SETGID */
	/*
	 * nsenter_exec(): called in the process that runs the command, inside,
	 * after everything above and right before the exec (nsrun exec -t makes
	 * the command's pty there). 0, or -errno with *what saying what could
	 * not be done ("make a pseudo-terminal"): NSENTER_E_PREEXEC.
	 */
	int (*before_exec)(void *data, const char **what);
	void *before_exec_data;
};

/* Zero everything, fds and pidfd -1. */
void nsenter_opts_init(struct nsenter_opts *o);

/* What failed, for one line of message (nsenter_strerror). */
enum nsenter_stage {
	NSENTER_OK = 0,
	NSENTER_E_TARGET,	/* the target process: gone (-ESRCH), or not ours */
	NSENTER_E_NOTARGET,	/* a type with neither a file nor a target process */
	NSENTER_E_UNSUPPORTED,	/* the kernel has no namespaces of this type */
	NSENTER_E_OPEN,		/* opening a namespace file (path) */
	NSENTER_E_NOTNS,	/* path is not a namespace of the type */
	NSENTER_E_SAMEUSER,	/* already in that user namespace (-EALREADY) */
	NSENTER_E_SOCKET,	/* the network namespace of a socket */
	NSENTER_E_USERPARENT,	/* the parent user namespace */
	NSENTER_E_ROOTDIR,	/* opening the root directory (path) */
	NSENTER_E_WORKDIR,	/* opening the working directory (path) */
	NSENTER_E_ENVIRON,	/* reading the target's environment */
	NSENTER_E_CGROUP,	/* the target's cgroup (path: cgroup.procs) */
	NSENTER_E_SETNS,	/* entering type (NS_UNKNOWN: several at once) */
	NSENTER_E_CHROOT,
	NSENTER_E_CHDIR,
	NSENTER_E_SETENV,
	NSENTER_E_MOUNTPROC,	/* a private mount namespace and proc on /proc */
	NSENTER_E_SETGROUPS,
	NSENTER_E_SETGID,
	NSENTER_E_SETUID,
	NSENTER_E_CAPS,
	NSENTER_E_FORK,
	NSENTER_E_EXEC,		/* path: the command */
	NSENTER_E_PIPE,
	/*
	 * What only a process has (root, cwd, environment, cgroups, ids) was
	 * asked of a target that has none (a netns, an inode); path names it.
	 */
	NSENTER_E_NOPROCESS,
	NSENTER_E_PREEXEC,	/* opts.before_exec: path says what */
};

struct nsenter_error {
	enum nsenter_stage stage;
	int err;			/* -errno */
	enum ns_type type;		/* NS_UNKNOWN when no single type */
	pid_t pid;			/* the target, for messages */
	char path[512];			/* the file at fault, or "" */
};

/*
 * One line saying what failed, without the errno text, for a tool to print
 * as "nsjoin: <line>: <strerror>": "cannot enter the net namespace of
 * PID 42", "'/etc/passwd' is not a net namespace".
 */
const char *nsenter_strerror(const struct nsenter_error *e, char *buf, size_t size);

/*
 * Does the errno text add to nsenter_strerror()'s line? Not where the line
 * says it all ("'/etc/passwd' is not a net namespace", "already in the user
 * namespace of PID 42"): a tool then prints the line alone.
 */
bool nsenter_error_has_errno(const struct nsenter_error *e);

#define NSENTER_MAX_CGROUPS 16

struct nsenter {
	struct nsenter_opts o;		/* a copy; borrowed fds stay the caller's */
	ns_mask_t mask;			/* what will be entered */
	ns_mask_t entered;		/* what has been entered so far */
	/*
	 * Types from opts.all whose namespace the caller shares already:
	 * entered as nsenter does, and left out when the kernel refuses them
	 * (a rootless caller cannot re-enter the host's), which ends in the
	 * same namespaces.
	 */
	ns_mask_t shared_all;
	bool changed;			/* the process was changed: see "never half-entered" */
	bool pidns;			/* a pid namespace was entered: fork before running */
	int pidfd;			/* -1 when entering per file */
	bool own_pidfd;
	int piddir;			/* /proc/PID (O_PATH), -1 without a target; owned */
	int nsfd[NS_NTYPES];		/* per type: the fd to enter, -1: through the pidfd */
	bool own_nsfd[NS_NTYPES];
	uint64_t target_ino[NS_NTYPES];	/* what is entered, 0 when unknown */
	uint64_t self_ino[NS_NTYPES];	/* the caller's, 0 when unknown */
	int root_fd, wd_fd;		/* owned, -1 */
	char *environ;			/* the target's, NUL-separated; owned */
	size_t environ_len;
	int cgroup_fd[NSENTER_MAX_CGROUPS];	/* cgroup.procs of the target's cgroups; owned */
	size_t ncgroups;
	bool setgroups_failed;		/* before entering; only both failing is an error */
	uid_t uid;
	gid_t gid;
	bool set_uid, set_gid;
	struct nsenter_error err;
};

/*
 * Open and check everything; change nothing. 0, or -errno with ctx->err
 * saying what. Call nsenter_release() in either case. Nothing to enter
 * (opts.all all shared with --differing, say) is no error: as nsenter does,
 * the rest (root, cwd, credentials) still applies.
 */
int nsenter_prepare(struct nsenter *ctx, const struct nsenter_opts *o);

/*
 * Enter: the cgroup, the namespaces, then root, cwd and environment (the
 * order above). 0, or -errno with ctx->err; ctx->changed tells whether the
 * process is now half-entered (and must exit).
 */
int nsenter_enter(struct nsenter *ctx);

/* Must the caller fork before running anything (a pid namespace entered)? */
static inline bool nsenter_needs_fork(const struct nsenter *ctx)
{
	return ctx->pidns;
}

/*
 * In the process that will run the command, after the fork if any: mount
 * /proc (NSENTER_MOUNT_PROC), set groups, gid and uid, raise capabilities.
 * 0 or -errno with ctx->err.
 */
int nsenter_finish(struct nsenter *ctx);

void nsenter_release(struct nsenter *ctx);

/*
 * Is pfs the caller's own /proc (NULL is)? A PID read under another proc
 * root (a host's /proc mounted in a pod without hostPID) is not one that
 * pidfd_open() or kill() understand: then no pidfd is used, and every
 * namespace is entered through its file under that root.
 */
bool nsenter_proc_is_ours(const struct procfs *pfs);

/*
 * A pidfd for pid (O_CLOEXEC, as pidfds always are), or -errno: -ESRCH when
 * there is no such process. pid may name a thread, as nsenter's -t may
 * (threads can have namespaces of their own): pidfd_open() refuses those
 * unless asked for a thread pidfd (Linux 6.9), which is tried then.
 * -ENOSYS when no pidfd can be had (before Linux 5.3, or a thread before
 * 6.9): callers then enter through the /proc/PID/ns files.
 */
int nsenter_pidfd_open(pid_t pid);

/*
 * The types the running kernel has namespaces of: those under pfs's
 * "self/ns/" (pfs NULL: /proc). Types whose file is missing are left out.
 */
int nsenter_kernel_types(const struct procfs *pfs, ns_mask_t *mask);

/*
 * The network namespace of a socket: fd sockfd of the process behind pidfd
 * (nsenter -N with a target), or the caller's own sockfd when pidfd is -1.
 * Returns a namespace fd (the caller owns it) or -errno.
 */
int nsenter_socket_netns(int pidfd, int sockfd);

/*
 * The shell to run when no command is given, looked up in the current root
 * (call it after entering) or under root (tests): the login shell of uid in
 * root's /etc/passwd if that file exists and is executable, else env_shell
 * ($SHELL) if executable there, else "/bin/sh". /etc/passwd is parsed, not
 * asked through NSS: NSS would load the target's libraries into this process.
 */
int nsenter_default_shell(const char *root, uid_t uid, const char *env_shell, char *buf,
			  size_t size);

/*
 * Forking with signals handled for a waiting parent. nsenter_fork() blocks
 * the signals the parent will relay, forks, and restores the mask in the
 * child. Returns 0 in the child, 1 in the parent, -errno.
 * nsenter_wait() then waits as nsenter does and more:
 *  - a child stopped (Ctrl-Z, SIGSTOP) stops the caller too, and the child
 *    is continued when the caller is, so job control sees one job;
 *  - SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2 and SIGWINCH sent
 *    to the caller by another process are passed on to the child; those the
 *    terminal sends are not, since the child, in the same process group,
 *    gets its own copy (and a shell that ignores SIGINT must not be killed
 *    through us).
 * *status is the child's wait status. The signal mask is restored, and a
 * SIGWINCH the terminal sent meanwhile is raised again for the caller.
 * A caller that ignores SIGCHLD has it set back to the default, or its
 * children would be reaped before they could be waited for.
 */
struct nsenter_child {
	pid_t pid;
	sigset_t saved;
};

int nsenter_fork(struct nsenter_child *c);
int nsenter_wait(struct nsenter_child *c, int *status);

/*
 * nsenter_fork() for a child that only prepares and executes a program:
 * fn(arg) runs in a child that shares the caller's memory until it execs
 * or exits (clone with CLONE_VM | CLONE_VFORK on a stack of its own, as
 * posix_spawn does), so that no page table is copied, which is most of
 * what a fork costs. fn must end in exec or _exit (a return is _exit with
 * its value), must not allocate, and may write only what the caller reads
 * afterwards (an error report). Returns 0 in the caller once the child has
 * executed or exited, c->pid set for nsenter_wait(), or -errno. Sanitizer
 * builds, which do not follow such children, fork instead.
 */
int nsenter_spawn(struct nsenter_child *c, int (*fn)(void *arg), void *arg);

/*
 * Run argv (NULL: the default shell, as a login shell) inside the
 * namespaces o describes, in a child, and wait for it: the caller is not
 * changed. With a pid namespace the child forks once more so that the
 * command runs inside it; a command killed by a signal is reported as
 * killed by it (WIFSIGNALED(*status)), and the tool re-raises it.
 * 0 with *status, or -errno with *err (failures before the command ran,
 * reported by the child through a pipe: NSENTER_E_EXEC for exec itself).
 */
int nsenter_exec(const struct nsenter_opts *o, char *const argv[], int *status,
		 struct nsenter_error *err);

/*
 * When a wait status says "killed by a signal", die of that signal too
 * (without a core dump: the command made its own), so that whoever waits
 * for the caller sees what the command did. Returns if the status is an
 * exit, or if the signal does not end a process by default (the caller
 * then exits 128 + signal).
 */
void nsenter_reraise(int status);

/*
 * Run fn inside the namespaces o describes, in a child (and a grandchild,
 * inside a pid namespace), the caller untouched. fn writes its results to
 * outfd and returns an exit status (0..255). The output is collected in
 * *out (malloc'ed, NUL-terminated, at most 16 MiB: -EFBIG beyond) and
 * *outlen. 0 with *status (fn's result as a wait status), or -errno with *err.
 */
typedef int (*nsenter_fn)(void *data, int outfd);
int nsenter_run_in(const struct nsenter_opts *o, nsenter_fn fn, void *data, char **out,
		   size_t *outlen, int *status, struct nsenter_error *err);

/*
 * The cgroups of /proc/PID/cgroup as files in this mount namespace, for
 * --join-cgroup: pure, for tests and the fuzzer. mountinfo is the caller's
 * (/proc/self/mountinfo), cgroup the target's. For every line of cgroup
 * whose hierarchy is mounted (cgroup2 for "0::", a cgroup mount with exactly
 * those controllers for v1 "N:cpu,cpuacct:"), the path of its cgroup.procs
 * goes to paths[] (malloc'ed; free each and the array). Paths that leave
 * the mount (a target outside the caller's cgroup namespace: "/../x") are
 * -EXDEV. 0 with *n (0 when nothing is mounted), -EINVAL for a cgroup text
 * with no valid line, -ENOMEM.
 */
int nsenter_cgroup_paths(const char *mountinfo, size_t milen, const char *cgroup, size_t cglen,
			 char ***paths, size_t *n);

#endif
