// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The container's side of a launch, from clone3() to exec: it waits for
 * the launcher's "go" (its user namespace is mapped, its cgroup and veth
 * are ready by then), joins the namespaces it shares, makes its cgroup
 * namespace, sets its hostname, configures its network, mounts its file
 * system and pivots into its root. Then, with a pid namespace of its own,
 * it becomes that namespace's init and runs the command as its child;
 * otherwise it execs the command itself.
 *
 * Failures are printed here, on the caller's stderr, and reported to the
 * launcher as one message with the exit code; this process never returns
 * into the launcher's code, and never runs its exit handlers (_exit).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "netlink.h"
#include "nsrun.h"
#include "sys.h"

static struct nsrun_launch *child_launch;
/* -t: the slave of the command's pty, made by the child; -1 */
static int child_pty = -1;
/*
 * In the command's process under an init of ours, which it shares memory
 * with (vfork) until its exec: where its exit code goes on failure, for
 * the init to report to the launcher; NULL elsewhere.
 */
static volatile int *cmd_fail_code;

static void __attribute__((noreturn, format(printf, 3, 4)))
child_fail(int code, int rc, const char *fmt, ...)
{
	struct nsrun_launch *l = child_launch;
	char msg[1024], m[2];
	va_list ap;
	int fd = l->errfd >= 0 ? l->errfd : STDERR_FILENO;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (rc)
		dprintf(fd, "nsrun: %s: %s\n", msg, strerror(rc < 0 ? -rc : rc));
	else
		dprintf(fd, "nsrun: %s\n", msg);
	m[0] = NSRUN_MSG_FAIL;
	m[1] = (char)code;
	if (cmd_fail_code)
		*cmd_fail_code = code;
	else if (l->child_sock >= 0)
		send(l->child_sock, m, sizeof(m), MSG_NOSIGNAL);
	_exit(code);
}

#define FAIL(rc, ...) child_fail(NSRUN_EXIT_FAILED, (rc), __VA_ARGS__)

/* --------------------------------------------------------- namespaces */

static void join_namespaces(struct nsrun_launch *l)
{
	/*
	 * The user namespace is never joined (validate() refuses it) and the
	 * pid namespace was joined by the launcher for us. The mount namespace
	 * goes last: after it, paths are the other container's.
	 */
	static const enum ns_type order[] = { NS_IPC, NS_UTS, NS_NET, NS_CGROUP, NS_TIME, NS_MNT };

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		enum ns_type t = order[i];

		if (l->ns_fd[t] < 0)
			continue;
		if (sys_setns(l->ns_fd[t], nstype_table[t].clone_flag) < 0)
			FAIL(-errno, "cannot join the %s namespace of '%s'", nstype_name(t),
			     l->o->share[t].arg);
		/* in this process's fd table; l is read-only here (see clone_child() in run.c) */
		close(l->ns_fd[t]);
	}
}

static void setup_network(struct nsrun_launch *l)
{
	struct netlink nl;
	char gw[IPAM_ADDR_MAX], addr[IPAM_ADDR_MAX];
	int lo, eth, rc;

	if (!(l->create & NS_MASK(NS_NET)))
		return;
	rc = netlink_open(&nl);
	if (rc < 0)
		FAIL(rc, "cannot open a netlink socket");
	/* a new network namespace registers its loopback first: ifindex 1 */
	lo = 1;
	rc = netlink_set_link_up(&nl, lo, true);
	if (rc < 0)
		FAIL(rc, "cannot bring the loopback interface up");
	if (l->bridge) {
		ipam_format_addr(l->addr, addr);
		ipam_format_addr(l->gateway, gw);
		rc = netlink_ifindex(&nl, NSRUN_CTR_IFNAME, &eth);
		if (!rc)
			rc = netlink_add_addr(&nl, eth, addr, l->prefix, 0);
		if (!rc)
			rc = netlink_set_link_up(&nl, eth, true);
		if (!rc)
			rc = netlink_add_default_route(&nl, gw, eth);
		if (rc < 0)
			FAIL(rc, "cannot configure %s (%s/%u via %s)", NSRUN_CTR_IFNAME, addr,
			     l->prefix, gw);
	}
	netlink_close(&nl);
}

/* ------------------------------------------------------------- mounts */

/*
 * Open path inside the root rootfd without leaving it: symlinks and ".."
 * resolve as if rootfd were "/" (RESOLVE_IN_ROOT), so a rootfs whose
 * /etc is a link to the host's /etc cannot make us mount over the host.
 * Missing components are made (directories; the last one as type says:
 * S_IFDIR, S_IFREG, or 0 to make nothing). An O_PATH fd, or -errno.
 */
static int open_in_root(int rootfd, const char *path, mode_t type)
{
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	char parent[PATH_MAX];
	const char *base;
	int fd, pfd;

	fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
	if (fd >= 0 || errno != ENOENT || !type)
		return fd >= 0 ? fd : -errno;
	base = strrchr(path, '/');
	if (!base || snprintf(parent, sizeof(parent), "%.*s", (int)(base - path), path) >=
			     (int)sizeof(parent))
		return -ENAMETOOLONG;
	base++;
	if (!*base)
		return -EINVAL;
	pfd = open_in_root(rootfd, parent[0] ? parent : "/", S_IFDIR);
	if (pfd < 0)
		return pfd;
	{
		/* an O_PATH fd cannot be written through: reopen the directory */
		char proc[64];
		int dfd;

		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
		dfd = open(proc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		close(pfd);
		if (dfd < 0)
			return -errno;
		if (type == S_IFDIR) {
			if (mkdirat(dfd, base, 0755) < 0 && errno != EEXIST) {
				int e = -errno;

				close(dfd);
				return e;
			}
		} else {
			int f = openat(dfd, base, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);

			if (f < 0 && errno != EEXIST) {
				int e = -errno;

				close(dfd);
				return e;
			}
			if (f >= 0)
				close(f);
		}
		close(dfd);
	}
	fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
	return fd >= 0 ? fd : -errno;
}

/* mount(2) onto what an fd names, through its /proc/self/fd link. */
static int mount_on_fd(int fd, const char *src, const char *fstype, unsigned long flags,
		       const char *data)
{
	char target[64];

	snprintf(target, sizeof(target), "/proc/self/fd/%d", fd);
	return mount(src, target, fstype, flags, data) < 0 ? -errno : 0;
}

/*
 * A detached copy of src's tree (the new mount API), made read-only as a
 * whole (mount_setattr with AT_RECURSIVE: a remount would leave submounts
 * writable) before it is attached anywhere, so it is never writable inside
 * the container, not even for a moment. An fd, or -errno.
 */
static int clone_tree(int dirfd, const char *src, bool ro)
{
	int tree;

	/* src "": dirfd's own file */
	tree = open_tree(dirfd, src, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE |
			 (src[0] ? 0 : AT_EMPTY_PATH));
	if (tree < 0)
		return -errno;
	if (ro) {
		struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };

		if (mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr)) < 0) {
			int e = -errno;

			close(tree);
			return e;
		}
	}
	return tree;
}

/* Attach a tree of clone_tree() onto what the fd target names. */
static int attach_tree(int tree, int target)
{
	if (move_mount(tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		return -errno;
	return 0;
}

/* Bind src onto the fd target. */
static int bind_on_fd(int target, const char *src, bool ro)
{
	int tree = clone_tree(AT_FDCWD, src, ro), rc;

	if (tree < 0)
		return tree;
	rc = attach_tree(tree, target);
	close(tree);
	return rc;
}

/*
 * The hosts file, read-only. The launcher opened it beneath its state
 * directory (l->hosts_fd), but a tree of the launcher's mount namespace
 * cannot be cloned in this one: it is opened again by its path here,
 * refusing any symbolic link, and must be the very file the launcher
 * opened (a path can be turned elsewhere; an inode cannot).
 */
static int clone_hosts(const struct nsrun_launch *l)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_NO_SYMLINKS };
	struct stat here, there;
	int fd, tree;

	fd = (int)syscall(SYS_openat2, AT_FDCWD, l->hosts_path, &how, sizeof(how));
	if (fd < 0)
		return -errno;
	if (fstat(fd, &here) < 0 || fstat(l->hosts_fd, &there) < 0 ||
	    here.st_dev != there.st_dev || here.st_ino != there.st_ino) {
		close(fd);
		return -ESTALE;
	}
	tree = clone_tree(fd, "", true);
	close(fd);
	return tree;
}

/*
 * What the container binds from the host (its hosts file, its volumes),
 * cloned before anything is mounted: a new /proc or /dev/shm would hide a
 * source below it (a state directory in /dev/shm, -v /dev/shm/data:/x).
 */
struct sources {
	int hosts;		/* the tree of the hosts file, or -1 */
	int *vols;		/* one per volume; malloc'ed */
};

static void clone_sources(struct nsrun_launch *l, struct sources *src)
{
	struct nsrun_opts *o = l->o;

	src->hosts = -1;
	if (l->hosts_fd >= 0) {
		/* read-only: nsrun rewrites it as containers come and go; it is not the container's */
		src->hosts = clone_hosts(l);
		if (src->hosts < 0)
			FAIL(src->hosts, "cannot bind '%s'", l->hosts_path);
	}
	src->vols = calloc(o->nvols + 1, sizeof(*src->vols));
	if (!src->vols)
		FAIL(-ENOMEM, "cannot bind the volumes");
	for (size_t i = 0; i < o->nvols; i++) {
		src->vols[i] = clone_tree(AT_FDCWD, o->vols[i].host, o->vols[i].ro);
		if (src->vols[i] < 0)
			FAIL(src->vols[i], "cannot bind '%s'", o->vols[i].host);
	}
}

/* A filesystem at path inside the root (made if missing). */
static void mount_in(int rootfd, const char *path, const char *fstype, unsigned long flags,
		     const char *data)
{
	int fd = open_in_root(rootfd, path, S_IFDIR), rc;

	if (fd < 0)
		FAIL(fd, "cannot create the mount point '%s'", path);
	rc = mount_on_fd(fd, fstype, fstype, flags, data);
	close(fd);
	if (rc < 0)
		FAIL(rc, "cannot mount %s on '%s'", fstype, path);
}

/* Attach tree (of what is at src, for messages) at path inside the root, made if missing. */
static void attach_in(int rootfd, const char *path, int tree, const char *src)
{
	struct stat sb;
	int fd, rc;

	if (fstat(tree, &sb) < 0)
		FAIL(-errno, "cannot bind '%s'", src);
	fd = open_in_root(rootfd, path, S_ISDIR(sb.st_mode) ? S_IFDIR : S_IFREG);
	if (fd < 0)
		FAIL(fd, "cannot create the mount point '%s'", path);
	rc = attach_tree(tree, fd);
	close(fd);
	close(tree);
	if (rc < 0)
		FAIL(rc, "cannot bind '%s' on '%s'", src, path);
}

static void bind_in(int rootfd, const char *path, const char *src, bool ro)
{
	struct stat sb;
	int fd, rc;

	if (stat(src, &sb) < 0)
		FAIL(-errno, "cannot bind '%s'", src);
	fd = open_in_root(rootfd, path, S_ISDIR(sb.st_mode) ? S_IFDIR : S_IFREG);
	if (fd < 0)
		FAIL(fd, "cannot create the mount point '%s'", path);
	rc = bind_on_fd(fd, src, ro);
	close(fd);
	if (rc < 0)
		FAIL(rc, "cannot bind '%s' on '%s'", src, path);
}

/*
 * /dev: a tmpfs with the harmless devices bound from the host (a user
 * namespace may not mknod), a devpts of its own, a /dev/shm of its own.
 */
static void setup_dev(int rootfd, bool own_tty)
{
	static const char *const devs[] = { "null", "zero", "full", "random", "urandom", "tty" };
	static const struct {
		const char *target;
		const char *name;
	} links[] = {
		{ "/proc/self/fd", "fd" },	 { "/proc/self/fd/0", "stdin" },
		{ "/proc/self/fd/1", "stdout" }, { "/proc/self/fd/2", "stderr" },
		{ "pts/ptmx", "ptmx" },
	};
	char path[64];
	int dev;

	mount_in(rootfd, "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755,size=65536k");
	dev = open_in_root(rootfd, "/dev", 0);
	if (dev < 0)
		FAIL(dev, "cannot open '/dev'");
	for (size_t i = 0; i < sizeof(devs) / sizeof(devs[0]); i++) {
		snprintf(path, sizeof(path), "/dev/%s", devs[i]);
		bind_in(rootfd, path, path, false);
	}
	{
		char proc[64];
		int dfd;

		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", dev);
		dfd = open(proc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0)
			FAIL(-errno, "cannot open '/dev'");
		for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
			if (symlinkat(links[i].target, dfd, links[i].name) < 0 && errno != EEXIST)
				FAIL(-errno, "cannot create '/dev/%s'", links[i].name);
		close(dfd);
	}
	close(dev);
	mount_in(rootfd, "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
		 "newinstance,ptmxmode=0666,mode=0620");
	mount_in(rootfd, "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=65536k");
	/*
	 * The caller's terminal, when the container runs on it, as its
	 * console (bubblewrap does the same): its pty lives in the host's
	 * devpts, not in the container's new one, so without a name in the
	 * container's /dev tty(1) and ttyname(3) would find none. With -t the
	 * container has a terminal of its own (make_pty()), and none of the
	 * caller's.
	 */
	if (!own_tty && isatty(STDIN_FILENO)) {
		char tty[PATH_MAX];

		if (ttyname_r(STDIN_FILENO, tty, sizeof(tty)) == 0)
			bind_in(rootfd, "/dev/console", tty, false);
	}
}

static void pivot(int rootfd, const char *rootfs)
{
	if (fchdir(rootfd) < 0)
		FAIL(-errno, "cannot change directory to '%s'", rootfs);
	/*
	 * pivot_root(".", "."): the old root is stacked under the new one at
	 * "/", whence it is detached; no directory for it is needed in the
	 * container's root (and none is left there).
	 */
	if (sys_pivot_root(".", ".") < 0)
		FAIL(-errno, "cannot pivot_root into '%s'", rootfs);
	if (umount2(".", MNT_DETACH) < 0)
		FAIL(-errno, "cannot detach the host's root");
	if (chdir("/") < 0)
		FAIL(-errno, "cannot change directory to '/'");
}

static void setup_rootfs(struct nsrun_launch *l, struct sources *src)
{
	struct nsrun_opts *o = l->o;
	int rootfd, rc;

	/* pivot_root wants a mount point; a bind of the directory onto itself is one */
	if (mount(o->rootfs, o->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		FAIL(-errno, "cannot bind '%s'", o->rootfs);
	rootfd = open(o->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		FAIL(-errno, "cannot open '%s'", o->rootfs);
	if (l->new_proc) {
		mount_in(rootfd, "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	} else {
		/*
		 * --pid=host with a root of its own: a /proc of the host's pid
		 * namespace, as Docker mounts one (ps shows the host's
		 * processes); the host's own, bound, where a user namespace
		 * may not mount one of a pid namespace it does not own.
		 */
		int fd = open_in_root(rootfd, "/proc", S_IFDIR);

		if (fd < 0)
			FAIL(fd, "cannot create the mount point '/proc'");
		rc = mount_on_fd(fd, "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
		if (rc == -EPERM)
			rc = bind_on_fd(fd, "/proc", false);
		close(fd);
		if (rc < 0)
			FAIL(rc, "cannot mount proc on '/proc'");
	}
	setup_dev(rootfd, o->tty);
	/*
	 * A sysfs of its own shows its own network devices; the kernel allows
	 * it only with a network namespace of the container's user namespace.
	 * Otherwise the host's /sys, read-only.
	 */
	{
		int fd = open_in_root(rootfd, "/sys", S_IFDIR);

		if (fd < 0)
			FAIL(fd, "cannot create the mount point '/sys'");
		rc = mount_on_fd(fd, "sysfs", "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
				 NULL);
		if (rc == -EPERM || rc == -EBUSY)
			rc = bind_on_fd(fd, "/sys", true);
		close(fd);
		if (rc < 0)
			FAIL(rc, "cannot mount sysfs on '/sys'");
	}
	if (src->hosts >= 0)
		attach_in(rootfd, "/etc/hosts", src->hosts, l->hosts_path);
	for (size_t i = 0; i < o->nvols; i++)
		attach_in(rootfd, o->vols[i].ctr, src->vols[i], o->vols[i].host);
	pivot(rootfd, o->rootfs);
	close(rootfd);
}

/* Without a root of its own: the host's, with what must be the container's over it. */
static void setup_hostroot(struct nsrun_launch *l, struct sources *src)
{
	struct nsrun_opts *o = l->o;
	struct stat sb;
	int fd, rc;

	if (l->new_proc && mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
				 NULL) < 0)
		FAIL(-errno, "cannot mount proc on '/proc'");
	/* POSIX shared memory lives in /dev/shm, which the ipc namespace does not cover */
	if ((l->create & NS_MASK(NS_IPC)) && stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) &&
	    mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=65536k") < 0)
		FAIL(-errno, "cannot mount tmpfs on '/dev/shm'");
	if (src->hosts >= 0) {
		fd = open("/etc/hosts", O_PATH | O_CLOEXEC);
		if (fd < 0)
			FAIL(-errno, "cannot open '/etc/hosts'");
		rc = attach_tree(src->hosts, fd);
		close(fd);
		if (rc < 0)
			FAIL(rc, "cannot bind '%s' on '/etc/hosts'", l->hosts_path);
		close(src->hosts);
	}
	/* the host's own tree is not ours to add mount points to: they must exist */
	for (size_t i = 0; i < o->nvols; i++) {
		fd = open(o->vols[i].ctr, O_PATH | O_CLOEXEC);
		if (fd < 0)
			FAIL(-errno, "cannot use '%s' as a mount point", o->vols[i].ctr);
		rc = attach_tree(src->vols[i], fd);
		close(fd);
		if (rc < 0)
			FAIL(rc, "cannot bind '%s' on '%s'", o->vols[i].host, o->vols[i].ctr);
		close(src->vols[i]);
	}
}

static void setup_mounts(struct nsrun_launch *l)
{
	struct sources src;

	if (!(l->create & NS_MASK(NS_MNT)))
		return;
	/*
	 * Private, recursively: nothing mounted in here propagates to the
	 * host (and the host's later mounts do not appear in here), so the
	 * container's mounts go with its namespace and leave nothing behind.
	 */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		FAIL(-errno, "cannot make the mounts private");
	clone_sources(l, &src);
	if (l->ov_dir[0]) {
		/* an image's container: its root, the image below a layer of its own */
		int rc = nsrun_overlay_mount(l);

		if (rc < 0)
			FAIL(rc, "cannot mount the overlay of image '%s' on '%s'", l->o->image,
			     l->o->rootfs);
	}
	if (l->o->rootfs)
		setup_rootfs(l, &src);
	else
		setup_hostroot(l, &src);
	free(src.vols);
}

/* ------------------------------------------------------------ terminal */

/*
 * -t: the command's pty, made here, inside (see tty.c): from the
 * container's /dev/ptmx, sized as the caller's terminal (80x24 without
 * one), bound as its /dev/console when it has a /dev of its own; the
 * master goes to the launcher, the slave stays for the command.
 */
static void make_pty(struct nsrun_launch *l)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	int master, slave, rc;

	if (!l->o->tty)
		return;
	/*
	 * Out of the caller's session: the caller's terminal is not the
	 * container's, and its ^C must not reach this process, the init, as
	 * well as the launcher's copy (a signal sent twice is pending once,
	 * and the init ignores the terminal's).
	 */
	if (setsid() < 0)
		FAIL(-errno, "cannot make a session of its own");
	rc = nsrun_pty_open(&master, &slave);
	if (rc < 0)
		FAIL(rc, "cannot make a pseudo-terminal ('/dev/ptmx')");
	if (isatty(STDIN_FILENO))
		nsrun_tty_winsize(STDIN_FILENO, master);
	else
		ioctl(master, TIOCSWINSZ, &ws);
	if (l->o->rootfs) {
		/* as runc's console; without it (no /proc to name the slave by) tty(1) still works */
		int fd = open("/dev/console", O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
		char src[64];

		snprintf(src, sizeof(src), "/proc/self/fd/%d", slave);
		if (fd >= 0) {
			close(fd);
			if (mount(src, "/dev/console", NULL, MS_BIND, NULL) < 0)
				unlink("/dev/console");
		}
	}
	rc = nsrun_fd_send(l->child_sock, NSRUN_MSG_PTY, master);
	close(master);
	if (rc < 0)
		FAIL(rc, "cannot pass the pseudo-terminal on");
	child_pty = slave;
}

/* ------------------------------------------------------------- command */

static char *read_small(const char *path, size_t *len)
{
	char *buf = NULL;
	size_t cap = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*len = 0;
	if (fd < 0)
		return NULL;
	for (;;) {
		ssize_t n;

		if (cap - *len < 4096) {
			char *nb;

			if (cap >= (1u << 22))
				break;	/* 4 MiB of passwd: enough of it */
			nb = realloc(buf, cap + 65536);
			if (!nb)
				break;
			buf = nb;
			cap += 65536;
		}
		n = read(fd, buf + *len, cap - *len);
		if (n <= 0)
			break;
		*len += (size_t)n;
	}
	close(fd);
	return buf;
}

/* -u: numbers as given, names from the container's own /etc/passwd and /etc/group. */
static void resolve_user(const struct runspec_user *u, uid_t *uid, gid_t *gid, char *home,
			 size_t hs)
{
	uint32_t id = 0, g = 0;
	size_t len;
	char *pw = read_small("/etc/passwd", &len);
	bool found;

	if (u->has_uid) {
		id = u->uid;
		found = pw && runspec_passwd_lookup(pw, len, NULL, &id, &g, home, hs) == 0;
	} else if (u->user[0]) {
		found = pw && runspec_passwd_lookup(pw, len, u->user, &id, &g, home, hs) == 0;
		if (!found)
			FAIL(0, "no user '%s' in the container's /etc/passwd", u->user);
	} else {
		id = 0;
		found = pw && runspec_passwd_lookup(pw, len, NULL, &id, &g, home, hs) == 0;
	}
	free(pw);
	if (!found) {
		/* an id without an entry: group 0 as Docker does, and / as home */
		g = 0;
		snprintf(home, hs, "%s", id == 0 ? "/root" : "/");
	}
	if (u->has_gid) {
		g = u->gid;
	} else if (u->group[0]) {
		char *gr = read_small("/etc/group", &len);

		found = gr && runspec_group_lookup(gr, len, u->group, &g) == 0;
		free(gr);
		if (!found)
			FAIL(0, "no group '%s' in the container's /etc/group", u->group);
	}
	*uid = id;
	*gid = g;
}

/*
 * Security: a container's root is the host's root unless it has a user
 * namespace, so it gets Docker's default set of capabilities and no more
 * (no CAP_SYS_ADMIN to remount or escape with, no CAP_NET_ADMIN, no
 * CAP_SYS_PTRACE...), or what --cap-add and --cap-drop make of it: the
 * others leave the bounding set, which limits every exec that follows,
 * setuid binaries included. --privileged keeps all. The init drops them
 * from its own sets too: it needs none but those once the container is set
 * up (CAP_KILL, in the default set, covers a command run under another
 * uid), and a PID 1 more privileged than the command would make /proc/1
 * unreadable to it. What is kept was worked out by the launcher
 * (nsrun_caps_prepare): here are system calls only.
 */
static void drop_caps(const struct nsrun_launch *l, bool own_sets)
{
	int cap, rc;

	if (!l->drop_caps)
		return;
	rc = nsrun_caps_apply(l, own_sets, &cap);
	if (rc < 0 && cap >= 0)
		FAIL(rc, "cannot drop capability %d from the bounding set", cap);
	if (rc < 0)
		FAIL(rc, "cannot set the capabilities");
}

/* no_new_privs for the command and all that it runs (see nsrun_caps_prepare()). */
static void set_no_new_privs(const struct nsrun_launch *l)
{
	if (l->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		FAIL(-errno, "cannot set no_new_privs");
}

static bool env_has(char **env, const char *key)
{
	size_t len = strlen(key);

	for (; env && *env; env++)
		if (strncmp(*env, key, len) == 0 && (*env)[len] == '=')
			return true;
	return false;
}

static void __attribute__((noreturn)) unmapped(struct nsrun_launch *l, const char *what,
					       unsigned int id)
{
	/* a rootless container without subordinate ids has one user: root, the caller */
	FAIL(0, "%s id %u is not mapped in the container's user namespace%s", what, id,
	     l->rootless ? " (rootless: only root is, without ranges in /etc/subuid)" : "");
}

/* What the command's process needs, worked out before it is forked. */
struct cmd_plan {
	uid_t uid;
	gid_t gid;
	char **env;		/* the container's environment, with HOME */
};

/*
 * Everything that reads files or allocates: the user from the container's
 * own /etc/passwd (so after pivot_root), and HOME. Done before the command
 * is forked, so that the command's process only makes system calls and
 * can be forked with vfork(): no copy of the page tables, no copy-on-write
 * faults, which cost a launch more than anything else in a VM.
 */
static void plan_command(struct nsrun_launch *l, struct cmd_plan *p)
{
	const struct nsrun_opts *o = l->o;
	const struct runspec_user *u = &o->user;
	/* no user namespace and no root: the caller's own ids, the only ones it may have */
	const struct runspec_user caller = { .has_uid = true, .uid = l->caller_uid,
					     .has_gid = true, .gid = l->caller_gid };
	char home[PATH_MAX];
	size_t n = 0;

	if (l->rootless && o->share[NS_USER].kind == SHARE_HOST && !o->have_user)
		u = &caller;
	resolve_user(u, &p->uid, &p->gid, home, sizeof(home));
	p->env = o->env;
	if (env_has(o->env, "HOME"))
		return;
	/* a copy: the options may be the launcher's own memory (l->shared_vm) */
	while (o->env[n])
		n++;
	p->env = calloc(n + 2, sizeof(*p->env));
	if (!p->env || asprintf(&p->env[n], "HOME=%s", home) < 0)
		FAIL(-ENOMEM, "cannot set HOME");
	memcpy(p->env, o->env, n * sizeof(*p->env));
}

/*
 * execvp() with the container's PATH (the one in env, where execvp would
 * take the caller's environ, which this process must leave alone: it may
 * be the launcher's). Like Docker, and unlike execvp, a file that is
 * neither a binary nor a script with #! is not handed to /bin/sh.
 * Returns with errno set when nothing could be run.
 */
static void exec_in_path(const char *file, char *const argv[], char *const env[])
{
	const char *path = "/usr/local/bin:/usr/bin:/bin", *dir, *end;
	char buf[PATH_MAX];
	bool denied = false;

	if (!*file || strchr(file, '/')) {
		execve(file, argv, env);
		return;
	}
	for (char *const *e = env; *e; e++)
		if (strncmp(*e, "PATH=", 5) == 0)
			path = *e + 5;
	for (dir = path;; dir = end + 1) {
		int len;

		end = strchrnul(dir, ':');
		len = (int)(end - dir);
		/* an empty entry is the working directory, as for execvp */
		if (snprintf(buf, sizeof(buf), "%.*s/%s", len ? len : 1, len ? dir : ".", file) <
		    (int)sizeof(buf)) {
			execve(buf, argv, env);
			if (errno == EACCES)
				denied = true;
			else if (errno != ENOENT && errno != ENOTDIR && errno != ESTALE &&
				 errno != ENODEV && errno != ETIMEDOUT)
				return;
		}
		if (!*end)
			break;
	}
	errno = denied ? EACCES : ENOENT;
}

/*
 * SIG_DFL for a signal that glibc keeps for itself and refuses to set (32
 * and 33): the kernel's own call, with its struct sigaction.
 */
static void default_action(int sig)
{
	struct {
		void (*handler)(int);
		unsigned long flags;
		void (*restorer)(void);
		uint64_t mask;
	} k = { .handler = SIG_DFL };

	/* best effort, as for the others: a signal left ignored is no reason not to run */
	(void)syscall(SYS_rt_sigaction, sig, &k, NULL, sizeof(k.mask));
}

/* mkdir -p, system calls only (the command's process may borrow its init's memory). */
static void mkdir_p(const char *path)
{
	char p[PATH_MAX];
	size_t len = strlen(path);

	if (len >= sizeof(p))
		return;
	memcpy(p, path, len + 1);
	for (size_t i = 1; i <= len; i++)
		if (p[i] == '/' || p[i] == '\0') {
			char c = p[i];

			p[i] = '\0';
			mkdir(p, 0755);
			p[i] = c;
		}
}

/*
 * The command's last steps: signals as a fresh process has them, user,
 * capabilities, directory, standard streams, exec. System calls only (see
 * plan_command). fail_code: where an init of ours, whose memory this
 * process borrows, learns the exit code of a failure (NULL: tell the
 * launcher).
 */
static void __attribute__((noreturn)) exec_command(struct nsrun_launch *l,
						   const struct cmd_plan *p,
						   volatile int *fail_code)
{
	struct nsrun_opts *o = l->o;
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t none;
	int code, e;

	cmd_fail_code = fail_code;
	/*
	 * Inherited SIG_IGN (a `cmd &` of a script ignores SIGINT) would follow
	 * exec; handlers do not (and nsrun sets none).
	 */
	for (int s = 1; s < NSIG && s <= 64; s++)
		if ((l->ignored & (1ull << (s - 1))) && sigaction(s, &dfl, NULL) < 0)
			default_action(s);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* under an init of ours, which did both for itself and the command */
	if (!fail_code) {
		drop_caps(l, false);
		set_no_new_privs(l);
	}
	/*
	 * Groups before ids: after setresuid the right to change them is
	 * gone. setgroups is denied in a user namespace of an unprivileged
	 * caller without newgidmap, where there is only one group anyway.
	 */
	if (setgroups(1, &p->gid) < 0 && errno != EPERM && errno != EINVAL)
		FAIL(-errno, "cannot set the groups of user %u", (unsigned int)p->uid);
	/* EINVAL: an id that the user namespace does not map */
	if (setresgid(p->gid, p->gid, p->gid) < 0) {
		if (errno == EINVAL)
			unmapped(l, "group", p->gid);
		FAIL(-errno, "cannot set group id %u", (unsigned int)p->gid);
	}
	if (setresuid(p->uid, p->uid, p->uid) < 0) {
		if (errno == EINVAL)
			unmapped(l, "user", p->uid);
		FAIL(-errno, "cannot set user id %u", (unsigned int)p->uid);
	}
	/*
	 * A change of uid makes the memory dumpable again where
	 * fs.suid_dumpable says so; until its exec, this process's memory
	 * may be the launcher's (clone_child() in run.c): not for others to ptrace.
	 */
	if (l->shared_vm)
		prctl(PR_SET_DUMPABLE, 0);
	/* an image's WORKDIR, or -w, that the image has not: made, as Docker makes it */
	if (o->image && o->workdir && chdir(o->workdir) < 0 && errno == ENOENT)
		mkdir_p(o->workdir);
	if (o->workdir ? chdir(o->workdir) < 0 : o->rootfs && chdir("/") < 0)
		FAIL(-errno, "cannot change directory to '%s'", o->workdir ? o->workdir : "/");
	if (child_pty >= 0) {
		/* a session of its own, its pty the controlling terminal and all three streams */
		int rc = nsrun_pty_take(child_pty);

		if (rc < 0)
			FAIL(rc, "cannot give the command its pseudo-terminal");
	} else {
		/* a detached container's: its logs, and /dev/null or -i's pipe */
		for (int fd = 0; fd < 3; fd++)
			if (l->io[fd] >= 0 && dup2(l->io[fd], fd) < 0)
				FAIL(-errno, "cannot set up the command's standard streams");
	}
	if (!fail_code) {
		/*
		 * The command is the container's first process: the launcher's
		 * death must end it (set last: changes of credentials clear
		 * it), and if the launcher died already, nobody would clean up.
		 */
		struct pollfd pf = { .fd = l->child_sock, .events = POLLIN };

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (poll(&pf, 1, 0) > 0 && (pf.revents & (POLLHUP | POLLERR)))
			_exit(NSRUN_EXIT_FAILED);
	}
	exec_in_path(o->argv[0], o->argv, p->env);
	e = errno;
	code = e == ENOENT ? NSRUN_EXIT_NOT_FOUND : NSRUN_EXIT_CANNOT_EXEC;
	child_fail(code, -e, "cannot run '%s'", o->argv[0]);
}

/* ---------------------------------------------------------------- init */

/*
 * PID 1 of the container's pid namespace: start the command, then become
 * nsrun-init (tools/nsrun-init.c), which forwards signals to it, reaps,
 * and exits with its status. Until that exec this process may run in the
 * launcher's memory (l->shared_vm), which the exec leaves: its end, and
 * the command's exec before it, close the socket, which is the
 * launcher's word that the container runs.
 */
static void __attribute__((noreturn)) run_init(struct nsrun_launch *l)
{
	const struct nsrun_opts *o = l->o;
	struct cmd_plan plan;
	sigset_t all;
	/* the command's process writes here, in our memory, if its exec fails */
	volatile int failed = -1;
	char **argv, child_env[32];
	char *envp[] = { child_env, NULL };
	size_t n = 0;
	pid_t cmd;
	int e;

	plan_command(l, &plan);
	/* "nsrun-init -- CMD ARG...": what ps and nsls show of the init */
	while (o->argv[n])
		n++;
	argv = calloc(n + 3, sizeof(*argv));
	if (!argv)
		FAIL(-ENOMEM, "cannot start the init");
	argv[0] = (char *)"nsrun-init";
	argv[1] = (char *)"--";
	memcpy(argv + 2, o->argv, n * sizeof(*argv));
	sigfillset(&all);
	/* faults are synchronous: blocked, they would kill without a core or a word */
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGILL);
	sigdelset(&all, SIGTRAP);
	sigdelset(&all, SIGSYS);
	/* blocked from here on: queued for nsrun-init, which the mask survives into */
	sigprocmask(SIG_SETMASK, &all, NULL);
	/* an ignored SIGCHLD (the caller's) would have the kernel reap the command for us */
	signal(SIGCHLD, SIG_DFL);
	/* the init needs none of its capabilities any more; the command inherits the sets */
	drop_caps(l, true);
	set_no_new_privs(l);
	/*
	 * vfork: the command's process borrows this one's memory until it
	 * execs or exits, during which this one waits; exec_command makes
	 * system calls only, and writes nothing here but failed. So when
	 * vfork returns, the exec has happened or failed, and failed says
	 * which: no pipe to wait on (a wake-up across CPUs costs a launch
	 * as much as a page of work).
	 */
	cmd = vfork();
	if (cmd < 0)
		FAIL(-errno, "cannot fork the command");
	if (cmd == 0)
		exec_command(l, &plan, &failed);
	cmd_fail_code = NULL;
	if (failed >= 0) {
		char msg[2] = { NSRUN_MSG_FAIL, (char)failed };

		send(l->child_sock, msg, sizeof(msg), MSG_NOSIGNAL);
		while (waitpid(cmd, NULL, 0) < 0 && errno == EINTR)
			;
		_exit(failed);
	}
	if (l->shared_vm)
		/* the command's change of uid may have made the launcher's memory dumpable */
		prctl(PR_SET_DUMPABLE, 0);
	/*
	 * The init holds neither the caller's terminal (-t: the container has
	 * its own, and its processes could reach ours through /proc/1/fd)
	 * nor the ends of the logs' pipes, which must end with the command's
	 * processes.
	 */
	if (o->detach || o->tty)
		for (int fd = 0; fd < 3; fd++)
			dup2(l->devnull, fd);
	snprintf(child_env, sizeof(child_env), "NSRUN_INIT_CHILD=%d", (int)cmd);
	syscall(SYS_execveat, l->init_fd, "", argv, envp, AT_EMPTY_PATH);
	/* the command must not run without its init: it goes, and the launcher is told why */
	e = errno;
	kill(cmd, SIGKILL);
	while (waitpid(cmd, NULL, 0) < 0 && errno == EINTR)
		;
	FAIL(-e, "cannot run nsrun-init");
}

void nsrun_child(struct nsrun_launch *l)
{
	char go;
	ssize_t n;

	child_launch = l;
	/*
	 * The launcher's death kills this process (and, as the init of a pid
	 * namespace, everything in it): nothing outlives the launcher that
	 * would clean up after it. If it died before this line, the socket
	 * says so below.
	 */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (l->need_go) {
		do
			n = recv(l->child_sock, &go, 1, 0);
		while (n < 0 && errno == EINTR);
		if (n != 1 || go != NSRUN_MSG_GO)
			_exit(NSRUN_EXIT_FAILED);
	} else {
		struct pollfd p = { .fd = l->child_sock, .events = POLLIN };

		if (poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR)))
			_exit(NSRUN_EXIT_FAILED);
	}

	join_namespaces(l);
	if ((l->create & NS_MASK(NS_CGROUP)) && unshare(CLONE_NEWCGROUP) < 0)
		FAIL(-errno, "cannot create a cgroup namespace");
	if ((l->create & NS_MASK(NS_UTS)) && sethostname(l->st.hostname, strlen(l->st.hostname)) < 0)
		FAIL(-errno, "cannot set the hostname '%s'", l->st.hostname);
	setup_network(l);
	setup_mounts(l);
	make_pty(l);
	if (l->create & NS_MASK(NS_PID))
		run_init(l);
	{
		struct cmd_plan plan;

		plan_command(l, &plan);
		exec_command(l, &plan, NULL);
	}
}
