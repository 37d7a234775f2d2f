// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Entering namespaces. See nsenter.h for the order of the steps and why.
 *
 * Everything that is opened is opened before anything changes, and
 * relative to a directory fd of /proc/PID taken once: a process that dies
 * while we work cannot be replaced by another one under the same PID
 * without the next lookup in that directory failing, and the pidfd's
 * liveness is checked last, so every fd we hold belongs to the process
 * the pidfd pins.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/nsfs.h>
#include <linux/sockios.h>

#include "nsenter.h"
#include "nsfs.h"
#include "sys.h"

#ifndef SIOCGSKNS
#define SIOCGSKNS 0x894C
#endif
#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL	/* Linux 6.9: a pidfd of one thread */
#endif
#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_RAISE 2
#endif

/* Collected output of nsenter_run_in() is bounded. */
#define RUN_IN_MAX (16u << 20)
/* The target's environment is bounded as the kernel bounds argv+envp. */
#define ENVIRON_MAX (4u << 20)

/*
 * nsenter's order for the per-file path: the user namespace first or last
 * (see nsenter.h), the others in between in this order.
 */
static const enum ns_type file_order[] = {
	NS_CGROUP, NS_IPC, NS_UTS, NS_NET, NS_PID, NS_MNT, NS_TIME,
};

extern char **environ;

void nsenter_opts_init(struct nsenter_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->pidfd = -1;
	for (int t = 0; t < NS_NTYPES; t++)
		o->fd[t] = -1;
}

static int clone_flags(ns_mask_t mask)
{
	int flags = 0;

	for (int t = 0; t < NS_NTYPES; t++)
		if (mask & NS_MASK(t))
			flags |= nstype_table[t].clone_flag;
	return flags;
}

/* --- messages ----------------------------------------------------------- */

/*
 * One format per stage, with at most two arguments, each named by a letter:
 * t the type's name, p the path, w who ("PID 42", or "the target"). plain:
 * the line says it all, the errno text would only repeat it.
 */
static const struct {
	const char *fmt;
	char a1, a2;
	bool plain;
} stage_msg[] = {
	[NSENTER_OK]		= { "no error", 0, 0 },
	[NSENTER_E_TARGET]	= { "cannot use the target process (%s)", 'w', 0 },
	[NSENTER_E_NOTARGET]	= { "no target process to take the %s namespace from", 't', 0, true },
	[NSENTER_E_UNSUPPORTED]	= { "the kernel has no %s namespaces", 't', 0, true },
	[NSENTER_E_OPEN]	= { "cannot open '%s'", 'p', 0 },
	[NSENTER_E_NOTNS]	= { "'%s' is not a %s namespace", 'p', 't', true },
	[NSENTER_E_SAMEUSER]	= { "already in the user namespace of %s", 'w', 0, true },
	[NSENTER_E_SOCKET]	= { "cannot get the network namespace of socket %s", 'p', 0 },
	[NSENTER_E_USERPARENT]	= { "cannot get the parent user namespace of %s", 'w', 0 },
	[NSENTER_E_ROOTDIR]	= { "cannot open root directory '%s'", 'p', 0 },
	[NSENTER_E_WORKDIR]	= { "cannot open working directory '%s'", 'p', 0 },
	[NSENTER_E_ENVIRON]	= { "cannot read the environment of %s", 'w', 0 },
	[NSENTER_E_CGROUP]	= { "cannot join the cgroup of %s (%s)", 'w', 'p' },
	[NSENTER_E_SETNS]	= { "cannot enter the %s namespace of %s", 't', 'w' },
	[NSENTER_E_CHROOT]	= { "cannot change root directory", 0, 0 },
	[NSENTER_E_CHDIR]	= { "cannot change working directory", 0, 0 },
	[NSENTER_E_SETENV]	= { "cannot set the environment", 0, 0 },
	[NSENTER_E_MOUNTPROC]	= { "cannot mount a new /proc (%s)", 'p', 0 },
	[NSENTER_E_SETGROUPS]	= { "setgroups failed", 0, 0 },
	[NSENTER_E_SETGID]	= { "setgid failed", 0, 0 },
	[NSENTER_E_SETUID]	= { "setuid failed", 0, 0 },
	[NSENTER_E_CAPS]	= { "cannot keep capabilities", 0, 0 },
	[NSENTER_E_FORK]	= { "fork failed", 0, 0 },
	[NSENTER_E_EXEC]	= { "failed to execute '%s'", 'p', 0 },
	[NSENTER_E_PIPE]	= { "cannot talk to the child process", 0, 0 },
	[NSENTER_E_NOPROCESS]	= { "no target process to take the %s from", 'p', 0, true },
	[NSENTER_E_PREEXEC]	= { "cannot %s", 'p', 0 },
};

bool nsenter_error_has_errno(const struct nsenter_error *e)
{
	if ((size_t)e->stage >= sizeof(stage_msg) / sizeof(stage_msg[0]))
		return e->err != 0;
	return e->err != 0 && !stage_msg[e->stage].plain;
}

static const char *msg_arg(char which, const struct nsenter_error *e, const char *who)
{
	switch (which) {
	case 't':
		return e->type == NS_UNKNOWN ? "unknown" : nstype_name(e->type);
	case 'p':
		return e->path;
	case 'w':
		return who;
	}
	return "";
}

const char *nsenter_strerror(const struct nsenter_error *e, char *buf, size_t size)
{
	char who[48];

	if (e->pid > 0)
		snprintf(who, sizeof(who), "PID %d", (int)e->pid);
	else
		snprintf(who, sizeof(who), "the target");
	if ((size_t)e->stage >= sizeof(stage_msg) / sizeof(stage_msg[0]) ||
	    !stage_msg[e->stage].fmt) {
		snprintf(buf, size, "unknown error");
		return buf;
	}
	/* several at once through a pidfd: "cannot enter the namespaces of PID 42" */
	if (e->stage == NSENTER_E_SETNS && e->type == NS_UNKNOWN) {
		snprintf(buf, size, "cannot enter the namespaces of %s", who);
		return buf;
	}
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(buf, size, stage_msg[e->stage].fmt, msg_arg(stage_msg[e->stage].a1, e, who),
		 msg_arg(stage_msg[e->stage].a2, e, who));
#pragma GCC diagnostic pop
	return buf;
}

/* A message's path, cut to fit: long paths are still recognisable by their start. */
static void copy_trunc(char *dst, size_t size, const char *src)
{
	size_t len = 0;

	/* a loop, not strnlen: src is often a literal shorter than the bound */
	while (len + 1 < size && src[len]) {
		dst[len] = src[len];
		len++;
	}
	dst[len] = '\0';
}

static int fail(struct nsenter *ctx, enum nsenter_stage stage, int err, enum ns_type type,
		const char *path)
{
	ctx->err.stage = stage;
	ctx->err.err = err < 0 ? err : -err;
	ctx->err.type = type;
	ctx->err.pid = ctx->o.pid;
	copy_trunc(ctx->err.path, sizeof(ctx->err.path), path ? path : "");
	return ctx->err.err;
}

/* --- small helpers -------------------------------------------------------- */

/* The inode of a namespace link under dirfd ("ns/net"), 0 and -errno if unreadable. */
static int link_ino(int dirfd, const char *rel, enum ns_type want, uint64_t *ino)
{
	char buf[64];
	enum ns_type t;
	ssize_t n = readlinkat(dirfd, rel, buf, sizeof(buf));
	int rc;

	*ino = 0;
	if (n < 0)
		return -errno;
	if ((size_t)n >= sizeof(buf))
		return -EINVAL;
	rc = nstype_parse_link(buf, (size_t)n, &t, ino);
	if (rc)
		return rc;
	return t == want ? 0 : -EINVAL;
}

bool nsenter_proc_is_ours(const struct procfs *pfs)
{
	char buf[32], want[32];
	ssize_t n;

	if (!pfs)
		return true;
	n = readlinkat(pfs->rootfd, "self", buf, sizeof(buf) - 1);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	snprintf(want, sizeof(want), "%d", (int)getpid());
	return strcmp(buf, want) == 0;
}

int nsenter_pidfd_open(pid_t pid)
{
	int fd = sys_pidfd_open(pid, 0);

	if (fd >= 0)
		return fd;
	/*
	 * A thread that is not its group's leader: EINVAL before Linux 6.9,
	 * ENOENT since, when a thread pidfd must be asked for by name. A
	 * kernel that has none refuses the flag (EINVAL).
	 */
	if (errno == EINVAL || errno == ENOENT) {
		fd = sys_pidfd_open(pid, PIDFD_THREAD);
		if (fd >= 0)
			return fd;
		if (errno == EINVAL)
			return -ENOSYS;
	}
	return -errno;
}

int nsenter_kernel_types(const struct procfs *pfs, ns_mask_t *mask)
{
	int dirfd = pfs ? pfs->rootfd : AT_FDCWD;
	const char *base = pfs ? "self/ns/" : "/proc/self/ns/";
	ns_mask_t m = 0;

	for (int t = 0; t < NS_NTYPES; t++) {
		char rel[64];
		struct stat st;

		snprintf(rel, sizeof(rel), "%s%s", base, nstype_table[t].file);
		/* a dangling link in a fixture still says the type exists */
		if (fstatat(dirfd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0)
			m |= NS_MASK(t);
		else if (errno != ENOENT)
			return -errno;
	}
	*mask = m;
	return 0;
}

/* Is fd a namespace of type want? -ENOTTY when not a namespace at all. */
static int check_nsfd(int fd, enum ns_type want)
{
	enum ns_type t;
	int rc = nsfs_get_nstype(fd, &t);

	if (rc == -ENOTTY || rc == -EINVAL || rc == -ENOSYS)
		return -ENOTTY;
	if (rc)
		return rc;
	return t == want ? 0 : -ENOTTY;
}

int nsenter_socket_netns(int pidfd, int sockfd)
{
	int sk = sockfd, nsfd, rc = 0;

	if (sockfd < 0)
		return -EBADF;
	if (pidfd >= 0) {
		/* the target's descriptor, duplicated into this process */
		sk = sys_pidfd_getfd(pidfd, sockfd, 0);
		if (sk < 0)
			return -errno;
	}
	nsfd = ioctl(sk, SIOCGSKNS);
	if (nsfd < 0)
		rc = -errno;
	if (sk != sockfd)
		close(sk);
	if (rc == -ENOTTY || rc == -EINVAL)
		rc = -ENOTSOCK;
	return rc ? rc : nsfd;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* --- cgroups -------------------------------------------------------------- */

/* Is every comma-separated item of list (len) a whole item of super? */
static bool controllers_in(const char *list, size_t len, const char *super, size_t slen)
{
	const char *p = list, *end = list + len;

	if (len == 0)
		return false;
	while (p < end) {
		const char *c = memchr(p, ',', (size_t)(end - p));
		size_t il = (size_t)((c ? c : end) - p);
		bool found = false;
		const char *s = super, *send = super + slen;

		while (s < send && !found) {
			const char *sc = memchr(s, ',', (size_t)(send - s));
			size_t sl = (size_t)((sc ? sc : send) - s);

			found = sl == il && memcmp(s, p, il) == 0;
			s += sl + 1;
		}
		if (!found)
			return false;
		p += il + 1;
	}
	return true;
}

/* Has the path a ".." component (a cgroup outside the reader's cgroup namespace)? */
static bool path_escapes(const char *p, size_t len)
{
	const char *end = p + len;

	while (p < end) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		size_t cl = (size_t)((slash ? slash : end) - p);

		if (cl == 2 && p[0] == '.' && p[1] == '.')
			return true;
		p += cl + 1;
	}
	return false;
}

static int push_path(char ***paths, size_t *n, const struct mountinfo_line *m, const char *rel,
		     size_t rlen)
{
	char target[PATH_MAX], *s, **nv;
	int len;

	if (m->target_len >= sizeof(target))
		return -ENAMETOOLONG;
	memcpy(target, m->target, m->target_len);
	target[m->target_len] = '\0';
	mountinfo_unescape(target);
	/* "/" + "" + "/cgroup.procs"; avoid "//" when rel is empty or the target is "/" */
	len = asprintf(&s, "%s%.*s/cgroup.procs", strcmp(target, "/") ? target : "", (int)rlen,
		       rel);
	if (len < 0)
		return -ENOMEM;
	nv = realloc(*paths, (*n + 1) * sizeof(*nv));
	if (!nv) {
		free(s);
		return -ENOMEM;
	}
	nv[(*n)++] = s;
	*paths = nv;
	return 0;
}

int nsenter_cgroup_paths(const char *mountinfo, size_t milen, const char *cgroup, size_t cglen,
			 char ***paths, size_t *n)
{
	const char *p = cgroup, *end = cgroup + cglen;
	bool any = false;
	int rc = 0;

	*paths = NULL;
	*n = 0;
	while (p < end && !rc) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *c1, *c2, *ctl, *path;
		size_t ctl_len, path_len;
		bool v2;

		if (!eol)
			eol = end;
		c1 = memchr(p, ':', (size_t)(eol - p));
		c2 = c1 ? memchr(c1 + 1, ':', (size_t)(eol - c1 - 1)) : NULL;
		if (!c1 || !c2 || c2 + 1 >= eol || c2[1] != '/') {
			p = eol + 1;
			continue;
		}
		any = true;
		ctl = c1 + 1;
		ctl_len = (size_t)(c2 - ctl);
		path = c2 + 1;
		path_len = (size_t)(eol - path);
		v2 = ctl_len == 0;
		if (path_escapes(path, path_len)) {
			rc = -EXDEV;
			break;
		}
		for (const char *q = mountinfo, *mend = mountinfo + milen; q < mend;) {
			const char *meol = memchr(q, '\n', (size_t)(mend - q));
			struct mountinfo_line m;

			if (!meol)
				meol = mend;
			if (mountinfo_split(q, meol, &m)) {
				bool type_ok = v2 ? (m.fstype_len == 7 && !memcmp(m.fstype, "cgroup2", 7))
						  : (m.fstype_len == 6 && !memcmp(m.fstype, "cgroup", 6) &&
						     controllers_in(ctl, ctl_len, m.super, m.super_len));
				size_t rl = m.root_len;

				/* the mount shows the subtree at root: the path must lie below it */
				if (rl == 1 && m.root[0] == '/')
					rl = 0;
				if (type_ok && path_len >= rl && !memcmp(path, m.root, rl) &&
				    (path_len == rl || path[rl] == '/')) {
					const char *rel = path + rl;
					size_t rlen = path_len - rl;

					/* "/" itself: nothing to append */
					if (rlen == 1 && rel[0] == '/')
						rlen = 0;
					if (*n >= NSENTER_MAX_CGROUPS)
						rc = -E2BIG;
					else
						rc = push_path(paths, n, &m, rel, rlen);
					break;
				}
			}
			q = meol + 1;
		}
		p = eol + 1;
	}
	if (!rc && !any)
		rc = -EINVAL;
	if (rc) {
		for (size_t i = 0; i < *n; i++)
			free((*paths)[i]);
		free(*paths);
		*paths = NULL;
		*n = 0;
	}
	return rc;
}

static int open_cgroups(struct nsenter *ctx)
{
	char *mi = NULL, *cg = NULL, **paths = NULL;
	size_t milen, cglen, n = 0;
	int rc;

	rc = procfs_read_at(AT_FDCWD, "/proc/self/mountinfo", 16u << 20, &mi, &milen);
	if (rc)
		return fail(ctx, NSENTER_E_CGROUP, rc, NS_UNKNOWN, "/proc/self/mountinfo");
	rc = procfs_read_at(ctx->piddir, "cgroup", 1u << 20, &cg, &cglen);
	if (rc) {
		rc = fail(ctx, NSENTER_E_CGROUP, rc, NS_UNKNOWN, "its cgroup file");
		goto out_free;
	}
	rc = nsenter_cgroup_paths(mi, milen, cg, cglen, &paths, &n);
	if (rc) {
		rc = fail(ctx, NSENTER_E_CGROUP, rc, NS_UNKNOWN,
			  rc == -EXDEV ? "outside our cgroup namespace" : "its cgroup file");
		goto out_free;
	}
	if (n == 0) {
		rc = fail(ctx, NSENTER_E_CGROUP, -ENOENT, NS_UNKNOWN,
			  "none of its hierarchies is mounted here");
		goto out_free;
	}
	for (size_t i = 0; i < n; i++) {
		int fd = open(paths[i], O_WRONLY | O_CLOEXEC | O_NOFOLLOW);

		if (fd < 0) {
			rc = fail(ctx, NSENTER_E_CGROUP, -errno, NS_UNKNOWN, paths[i]);
			break;
		}
		ctx->cgroup_fd[ctx->ncgroups++] = fd;
	}
out_free:
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(cg);
	free(mi);
	return rc;
}

/* --- prepare -------------------------------------------------------------- */

static void ctx_init(struct nsenter *ctx, const struct nsenter_opts *o)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->o = *o;
	ctx->pidfd = -1;
	ctx->piddir = -1;
	ctx->root_fd = -1;
	ctx->wd_fd = -1;
	for (int t = 0; t < NS_NTYPES; t++)
		ctx->nsfd[t] = -1;
	for (size_t i = 0; i < NSENTER_MAX_CGROUPS; i++)
		ctx->cgroup_fd[i] = -1;
	ctx->err.type = NS_UNKNOWN;
	ctx->err.pid = o->pid;
}

/*
 * The caller's namespaces of the types asked about, from its own links; a
 * missing link is a type the kernel lacks. Only those: one readlink for
 * nsjoin -n, not eight.
 */
static ns_mask_t read_self(struct nsenter *ctx, ns_mask_t types)
{
	ns_mask_t have = 0;

	for (int t = 0; t < NS_NTYPES; t++) {
		char rel[32];
		int rc;

		if (!(types & NS_MASK(t)))
			continue;
		snprintf(rel, sizeof(rel), "/proc/self/ns/%s", nstype_table[t].file);
		rc = link_ino(AT_FDCWD, rel, t, &ctx->self_ino[t]);
		if (rc != -ENOENT)
			have |= NS_MASK(t);
	}
	return have;
}

static int open_target(struct nsenter *ctx)
{
	const struct nsenter_opts *o = &ctx->o;
	char rel[32];
	int dirfd, rc;

	if (o->pfs) {
		snprintf(rel, sizeof(rel), "%d", (int)o->pid);
		dirfd = o->pfs->rootfd;
	} else {
		snprintf(rel, sizeof(rel), "/proc/%d", (int)o->pid);
		dirfd = AT_FDCWD;
	}
	ctx->piddir = openat(dirfd, rel, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (ctx->piddir < 0)
		return fail(ctx, NSENTER_E_TARGET, errno == ENOENT ? -ESRCH : -errno, NS_UNKNOWN,
			    NULL);
	/* PIDs of another pid namespace's /proc mean nothing to pidfd_open() */
	if (!nsenter_proc_is_ours(o->pfs))
		return 0;
	if (o->pidfd >= 0) {
		ctx->pidfd = o->pidfd;
		return 0;
	}
	rc = nsenter_pidfd_open(o->pid);
	if (rc >= 0) {
		ctx->pidfd = rc;
		ctx->own_pidfd = true;
		return 0;
	}
	/* no pidfd to be had (old kernel, or a thread): the /proc/PID directory fd pins alone */
	if (rc == -ENOSYS)
		return 0;
	return fail(ctx, NSENTER_E_TARGET, rc, NS_UNKNOWN, NULL);
}

/* Where type t comes from; opens an fd unless the pidfd will serve. */
static int open_source(struct nsenter *ctx, enum ns_type t, bool via_pidfd)
{
	const struct nsenter_opts *o = &ctx->o;
	char path[PATH_MAX];
	int fd, rc;

	if (ctx->nsfd[t] >= 0)		/* already there (the parent user namespace) */
		return 0;
	if (o->fd[t] >= 0) {
		snprintf(path, sizeof(path), "fd %d", o->fd[t]);
		rc = check_nsfd(o->fd[t], t);
		if (rc)
			return fail(ctx, NSENTER_E_NOTNS, rc == -ENOTTY ? -EINVAL : rc, t, path);
		ctx->nsfd[t] = o->fd[t];
		return nsfs_fd_ino(o->fd[t], &ctx->target_ino[t]);
	}
	if (o->file[t]) {
		struct stat st;

		/* nsfs files are regular files: a device or a FIFO is not even opened */
		if (stat(o->file[t], &st) < 0)
			return fail(ctx, NSENTER_E_OPEN, -errno, t, o->file[t]);
		if (!S_ISREG(st.st_mode))
			return fail(ctx, NSENTER_E_NOTNS, -EINVAL, t, o->file[t]);
		fd = open(o->file[t], O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		if (fd < 0)
			return fail(ctx, NSENTER_E_OPEN, -errno, t, o->file[t]);
		ctx->nsfd[t] = fd;
		ctx->own_nsfd[t] = true;
		rc = check_nsfd(fd, t);
		if (rc)
			return fail(ctx, NSENTER_E_NOTNS, rc == -ENOTTY ? -EINVAL : rc, t, o->file[t]);
		return nsfs_fd_ino(fd, &ctx->target_ino[t]);
	}
	if (ctx->piddir < 0)
		return fail(ctx, NSENTER_E_NOTARGET, -EINVAL, t, NULL);
	snprintf(path, sizeof(path), "ns/%s", nstype_table[t].file);
	if (via_pidfd) {
		rc = link_ino(ctx->piddir, path, t, &ctx->target_ino[t]);
		if (rc == -ENOENT)
			return fail(ctx, NSENTER_E_TARGET, -ESRCH, NS_UNKNOWN, NULL);
		/* unreadable links do not stop setns(pidfd), which asks the kernel itself */
		return 0;
	}
	fd = openat(ctx->piddir, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		snprintf(path, sizeof(path), "%s/%d/ns/%s", o->pfs ? o->pfs->root : "/proc",
			 (int)o->pid, nstype_table[t].file);
		return fail(ctx, NSENTER_E_OPEN, rc == -ENOENT ? -ESRCH : rc, t, path);
	}
	ctx->nsfd[t] = fd;
	ctx->own_nsfd[t] = true;
	return nsfs_fd_ino(fd, &ctx->target_ino[t]);
}

/* The user namespace that owns the target's: NS_GET_USERNS of it. */
static int open_user_parent(struct nsenter *ctx)
{
	const struct nsenter_opts *o = &ctx->o;
	int fd = -1, parent;
	bool own = false;

	if (o->fd[NS_USER] >= 0) {
		fd = o->fd[NS_USER];
	} else if (o->file[NS_USER]) {
		fd = open(o->file[NS_USER], O_RDONLY | O_CLOEXEC);
		own = true;
	} else if (ctx->piddir >= 0) {
		fd = openat(ctx->piddir, "ns/user", O_RDONLY | O_CLOEXEC);
		own = true;
	} else {
		return fail(ctx, NSENTER_E_NOTARGET, -EINVAL, NS_USER, NULL);
	}
	if (fd < 0)
		return fail(ctx, NSENTER_E_USERPARENT, -errno, NS_USER, NULL);
	parent = nsfs_get_userns(fd);
	if (own)
		close(fd);
	if (parent < 0)
		return fail(ctx, NSENTER_E_USERPARENT, parent, NS_USER, NULL);
	ctx->nsfd[NS_USER] = parent;
	ctx->own_nsfd[NS_USER] = true;
	return nsfs_fd_ino(parent, &ctx->target_ino[NS_USER]);
}

static int open_dir(struct nsenter *ctx, const char *given, const char *rel, int *out,
		    enum nsenter_stage stage)
{
	char path[PATH_MAX];
	int fd;

	if (given) {
		fd = open(given, O_PATH | O_DIRECTORY | O_CLOEXEC);
		snprintf(path, sizeof(path), "%s", given);
	} else if (ctx->piddir >= 0) {
		fd = openat(ctx->piddir, rel, O_PATH | O_DIRECTORY | O_CLOEXEC);
		snprintf(path, sizeof(path), "%s/%d/%s", ctx->o.pfs ? ctx->o.pfs->root : "/proc",
			 (int)ctx->o.pid, rel);
	} else {
		return fail(ctx, NSENTER_E_NOPROCESS, -ESRCH, NS_UNKNOWN,
			    stage == NSENTER_E_ROOTDIR ? "root directory" : "working directory");
	}
	if (fd < 0)
		return fail(ctx, stage, -errno, NS_UNKNOWN, path);
	*out = fd;
	return 0;
}

int nsenter_prepare(struct nsenter *ctx, const struct nsenter_opts *o)
{
	ns_mask_t kernel = 0, want, all;
	bool via_pidfd;
	int rc;

	ctx_init(ctx, o);
	kernel = read_self(ctx, o->mask | o->all |
				((o->flags & NSENTER_USER_PARENT) ? NS_MASK(NS_USER) : 0));

	if (o->pid > 0) {
		rc = open_target(ctx);
		if (rc)
			return rc;
	}
	/*
	 * setns(pidfd) serves the types taken from the target process, when
	 * there is a pidfd, it is not turned off, and no type comes from a
	 * file (those are entered one by one, and then so is everything, in
	 * nsenter's order). NSENTER_USER_PARENT makes the user type a file.
	 */
	via_pidfd = ctx->pidfd >= 0 && !(o->flags & NSENTER_NO_PIDFD) &&
		    !(o->flags & NSENTER_USER_PARENT);
	for (int t = 0; t < NS_NTYPES && via_pidfd; t++)
		if (((o->mask | o->all) & NS_MASK(t)) && (o->fd[t] >= 0 || o->file[t]))
			via_pidfd = false;

	want = o->mask;
	if (o->flags & NSENTER_USER_PARENT) {
		rc = open_user_parent(ctx);
		if (rc)
			return rc;
		want |= NS_MASK(NS_USER);
	}
	for (int t = 0; t < NS_NTYPES; t++) {
		if (!(want & NS_MASK(t)))
			continue;
		if (!(kernel & NS_MASK(t)))
			return fail(ctx, NSENTER_E_UNSUPPORTED, -EOPNOTSUPP, t, NULL);
		rc = open_source(ctx, t, via_pidfd);
		if (rc)
			return rc;
		/* setns(2) refuses the user namespace one is in: say so clearly */
		if (t == NS_USER && ctx->target_ino[t] && ctx->target_ino[t] == ctx->self_ino[t])
			return fail(ctx, NSENTER_E_SAMEUSER, -EALREADY, t, NULL);
	}

	/* -a and --differing: every type the kernel has, less what cannot or need not be */
	all = o->all & kernel & ~want;
	for (int t = 0; t < NS_NTYPES; t++) {
		if (!(all & NS_MASK(t)))
			continue;
		rc = open_source(ctx, t, via_pidfd);
		if (rc)
			return rc;
		if (ctx->target_ino[t] && ctx->target_ino[t] == ctx->self_ino[t] &&
		    (t == NS_USER || (o->flags & NSENTER_DIFFERING))) {
			if (ctx->own_nsfd[t])
				close(ctx->nsfd[t]);
			ctx->nsfd[t] = -1;
			ctx->own_nsfd[t] = false;
			continue;
		}
		want |= NS_MASK(t);
	}
	ctx->mask = want;
	/* from -a, and the caller's already: entered as nsenter does, dropped if refused */
	for (int t = 0; t < NS_NTYPES; t++)
		if ((all & want & NS_MASK(t)) && ctx->target_ino[t] &&
		    ctx->target_ino[t] == ctx->self_ino[t])
			ctx->shared_all |= NS_MASK(t);

	if (o->flags & NSENTER_ROOT) {
		rc = open_dir(ctx, o->root, "root", &ctx->root_fd, NSENTER_E_ROOTDIR);
		if (rc)
			return rc;
	}
	if ((o->flags & NSENTER_WD) && !o->wdns) {
		rc = open_dir(ctx, o->wd, "cwd", &ctx->wd_fd, NSENTER_E_WORKDIR);
		if (rc)
			return rc;
	}
	if (o->flags & NSENTER_ENV) {
		if (ctx->piddir < 0)
			return fail(ctx, NSENTER_E_NOPROCESS, -ESRCH, NS_UNKNOWN, "environment");
		/* one byte more than allowed: a longer one is refused, not cut */
		rc = procfs_read_at(ctx->piddir, "environ", ENVIRON_MAX + 1, &ctx->environ,
				    &ctx->environ_len);
		if (rc == 0 && ctx->environ_len > ENVIRON_MAX) {
			free(ctx->environ);
			ctx->environ = NULL;
			rc = -EFBIG;
		}
		if (rc)
			return fail(ctx, NSENTER_E_ENVIRON, rc, NS_UNKNOWN, NULL);
	}
	if (o->flags & NSENTER_JOIN_CGROUP) {
		if (ctx->piddir < 0)
			return fail(ctx, NSENTER_E_NOPROCESS, -ESRCH, NS_UNKNOWN, "cgroups");
		rc = open_cgroups(ctx);
		if (rc)
			return rc;
	}
	if ((o->flags & (NSENTER_UID_FOLLOW | NSENTER_GID_FOLLOW)) && ctx->piddir < 0)
		return fail(ctx, NSENTER_E_NOPROCESS, -ESRCH, NS_UNKNOWN, "uid or gid to follow");

	/*
	 * Credentials: a user namespace entered without --preserve-credentials
	 * means uid and gid 0 inside unless -S/-G say otherwise (nsenter).
	 */
	ctx->uid = (o->flags & NSENTER_SETUID) ? o->uid : 0;
	ctx->gid = (o->flags & NSENTER_SETGID) ? o->gid : 0;
	ctx->set_uid = o->flags & (NSENTER_SETUID | NSENTER_UID_FOLLOW);
	ctx->set_gid = o->flags & (NSENTER_SETGID | NSENTER_GID_FOLLOW);
	if ((want & NS_MASK(NS_USER)) && !(o->flags & NSENTER_PRESERVE_CRED))
		ctx->set_uid = ctx->set_gid = true;

	/*
	 * Last: is the target still the process the pidfd pins? Everything
	 * above was opened through /proc/PID; had the process died and its
	 * PID been reused, the pidfd would now say so.
	 */
	if (ctx->pidfd >= 0 && sys_pidfd_send_signal(ctx->pidfd, 0, NULL, 0) < 0 &&
	    errno == ESRCH)
		return fail(ctx, NSENTER_E_TARGET, -ESRCH, NS_UNKNOWN, NULL);
	if (!via_pidfd && ctx->own_pidfd) {
		close(ctx->pidfd);
		ctx->pidfd = -1;
		ctx->own_pidfd = false;
	} else if (!via_pidfd) {
		ctx->pidfd = -1;	/* borrowed: not ours to close, not to be used */
	}
	return 0;
}

/* --- enter ---------------------------------------------------------------- */

static int do_setns(struct nsenter *ctx, int fd, ns_mask_t mask)
{
	if (sys_setns(fd, clone_flags(mask)) < 0)
		return -errno;
	ctx->entered |= mask;
	ctx->changed = true;
	return 0;
}

/*
 * Which type stopped an atomic setns(pidfd)? Found in a throwaway child
 * that enters them one at a time (the user namespace first), so that the
 * message can name it. Only on the error path.
 */
static enum ns_type diagnose(int pidfd, ns_mask_t mask)
{
	enum ns_type order[NS_NTYPES];
	int n = 0, status;
	pid_t pid;

	if (mask & NS_MASK(NS_USER))
		order[n++] = NS_USER;
	for (size_t i = 0; i < sizeof(file_order) / sizeof(file_order[0]); i++)
		if (mask & NS_MASK(file_order[i]))
			order[n++] = file_order[i];
	pid = fork();
	if (pid < 0)
		return NS_UNKNOWN;
	if (pid == 0) {
		for (int i = 0; i < n; i++)
			if (sys_setns(pidfd, nstype_table[order[i]].clone_flag) < 0)
				_exit(1 + order[i]);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return NS_UNKNOWN;
	if (WIFEXITED(status) && WEXITSTATUS(status) >= 1 && WEXITSTATUS(status) <= NS_NTYPES)
		return (enum ns_type)(WEXITSTATUS(status) - 1);
	return NS_UNKNOWN;
}

static int enter_pidfd(struct nsenter *ctx, ns_mask_t group, bool *unsupported)
{
	ns_mask_t rest = group & ~NS_MASK(NS_USER);
	int rc, rc2;

	*unsupported = false;
	rc = do_setns(ctx, ctx->pidfd, group);
	if (rc == 0)
		return 0;
	/* Before Linux 5.8 setns() takes only namespace files: EINVAL. */
	if (rc == -EINVAL && !ctx->entered) {
		*unsupported = true;
		return rc;
	}
	/* Refused all at once: the privileged order, user namespace last. */
	if (rc == -EPERM && (group & NS_MASK(NS_USER)) && rest) {
		rc2 = do_setns(ctx, ctx->pidfd, rest);
		if (rc2 == 0) {
			rc2 = do_setns(ctx, ctx->pidfd, NS_MASK(NS_USER));
			if (rc2 == 0)
				return 0;
			return fail(ctx, NSENTER_E_SETNS, rc2, NS_USER, NULL);
		}
	}
	return rc;
}

/* nsenter's two passes over namespace files. */
static int enter_files(struct nsenter *ctx)
{
	ns_mask_t left = ctx->mask;
	int rc;

	/* Pass 1: all but the user namespace, errors ignored. */
	for (size_t i = 0; i < sizeof(file_order) / sizeof(file_order[0]); i++) {
		enum ns_type t = file_order[i];

		if ((left & NS_MASK(t)) && do_setns(ctx, ctx->nsfd[t], NS_MASK(t)) == 0)
			left &= ~NS_MASK(t);
	}
	/* Pass 2: the user namespace first, then what pass 1 could not enter. */
	if (left & NS_MASK(NS_USER)) {
		rc = do_setns(ctx, ctx->nsfd[NS_USER], NS_MASK(NS_USER));
		if (rc)
			return fail(ctx, NSENTER_E_SETNS, rc, NS_USER, NULL);
		left &= ~NS_MASK(NS_USER);
	}
	for (size_t i = 0; i < sizeof(file_order) / sizeof(file_order[0]); i++) {
		enum ns_type t = file_order[i];

		if (!(left & NS_MASK(t)))
			continue;
		rc = do_setns(ctx, ctx->nsfd[t], NS_MASK(t));
		if (rc == -EPERM && (ctx->shared_all & NS_MASK(t))) {
			/* the caller's own already: staying is the same as entering */
			ctx->mask &= ~NS_MASK(t);
			continue;
		}
		if (rc)
			return fail(ctx, NSENTER_E_SETNS, rc, t, NULL);
	}
	return 0;
}

/* The per-file path after all: open what the pidfd was to serve. */
static int open_remaining(struct nsenter *ctx)
{
	for (int t = 0; t < NS_NTYPES; t++) {
		int rc;

		if (!(ctx->mask & NS_MASK(t)) || ctx->nsfd[t] >= 0)
			continue;
		rc = open_source(ctx, t, false);
		if (rc)
			return rc;
	}
	if (ctx->pidfd >= 0 && sys_pidfd_send_signal(ctx->pidfd, 0, NULL, 0) < 0 &&
	    errno == ESRCH)
		return fail(ctx, NSENTER_E_TARGET, -ESRCH, NS_UNKNOWN, NULL);
	return 0;
}

static int apply_environ(struct nsenter *ctx)
{
	const char *p = ctx->environ, *end = ctx->environ + ctx->environ_len;

	if (clearenv() != 0)
		return fail(ctx, NSENTER_E_SETENV, -ENOMEM, NS_UNKNOWN, NULL);
	while (p < end) {
		size_t len = strnlen(p, (size_t)(end - p));
		const char *eq = memchr(p, '=', len);

		if (eq && eq != p) {
			char *name = strndup(p, (size_t)(eq - p));
			char *val = strndup(eq + 1, len - (size_t)(eq - p) - 1);
			int rc = name && val ? setenv(name, val, 1) : -1;

			free(name);
			free(val);
			if (rc < 0)
				return fail(ctx, NSENTER_E_SETENV, -errno, NS_UNKNOWN, NULL);
		}
		p += len + 1;
	}
	return 0;
}

int nsenter_enter(struct nsenter *ctx)
{
	ns_mask_t group = 0;
	bool unsupported;
	int rc;

	/*
	 * setgroups is refused inside a user namespace whose setgroups file
	 * says "deny", and may be refused outside to an unprivileged caller:
	 * try both before and after entering; only both failing is an error.
	 */
	if ((ctx->mask & NS_MASK(NS_USER)) && !(ctx->o.flags & NSENTER_PRESERVE_CRED) &&
	    setgroups(0, NULL) != 0)
		ctx->setgroups_failed = true;

	/*
	 * The cgroup is joined before the namespaces: the cgroup namespace
	 * (if entered) then shows it as its root, and the write is made while
	 * the caller still has its own credentials. "0" is the writer itself.
	 */
	for (size_t i = 0; i < ctx->ncgroups; i++) {
		ssize_t n = write(ctx->cgroup_fd[i], "0", 1);

		if (n != 1)
			return fail(ctx, NSENTER_E_CGROUP, n < 0 ? -errno : -EIO, NS_UNKNOWN,
				    "cgroup.procs");
		ctx->changed = true;
	}

	for (int t = 0; t < NS_NTYPES; t++)
		if ((ctx->mask & NS_MASK(t)) && ctx->nsfd[t] < 0)
			group |= NS_MASK(t);
	if (group && ctx->pidfd >= 0) {
		rc = enter_pidfd(ctx, group, &unsupported);
		if (rc == -EPERM && !ctx->entered && (group & ctx->shared_all) &&
		    (group & ~ctx->shared_all)) {
			/* what the caller shares already need not be entered */
			group &= ~ctx->shared_all;
			ctx->mask &= ~ctx->shared_all;
			rc = enter_pidfd(ctx, group, &unsupported);
		}
		if (rc && unsupported) {
			rc = open_remaining(ctx);
			if (!rc)
				rc = enter_files(ctx);
		} else if (rc && ctx->err.stage == NSENTER_OK) {
			/* name the type that stopped the atomic call, if one did */
			rc = fail(ctx, NSENTER_E_SETNS, rc,
				  group & (group - 1) ? diagnose(ctx->pidfd, group)
						      : (enum ns_type)__builtin_ctz(group), NULL);
		}
	} else {
		rc = enter_files(ctx);
	}
	if (rc)
		return rc;

	/* Only a pid namespace other than ours needs the fork. */
	ctx->pidns = (ctx->mask & NS_MASK(NS_PID)) &&
		     (!ctx->target_ino[NS_PID] || ctx->target_ino[NS_PID] != ctx->self_ino[NS_PID]);

	/* -S follow / -G follow: the target's ids, as the user namespace we are now in maps them */
	if (ctx->o.flags & (NSENTER_UID_FOLLOW | NSENTER_GID_FOLLOW)) {
		struct stat st;

		if (fstat(ctx->piddir, &st) < 0)
			return fail(ctx, NSENTER_E_TARGET, -errno, NS_UNKNOWN, NULL);
		if (ctx->o.flags & NSENTER_UID_FOLLOW)
			ctx->uid = st.st_uid;
		if (ctx->o.flags & NSENTER_GID_FOLLOW)
			ctx->gid = st.st_gid;
	}

	/* nsenter: without a new working directory, keep the current one across chroot */
	if (ctx->root_fd >= 0 && ctx->wd_fd < 0 && !ctx->o.wdns) {
		ctx->wd_fd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (ctx->wd_fd < 0)
			return fail(ctx, NSENTER_E_WORKDIR, -errno, NS_UNKNOWN, ".");
	}
	if (ctx->root_fd >= 0) {
		if (fchdir(ctx->root_fd) < 0 || chroot(".") < 0 || chdir("/") < 0)
			return fail(ctx, NSENTER_E_CHROOT, -errno, NS_UNKNOWN, NULL);
		ctx->changed = true;
	}
	if (ctx->o.wdns) {
		ctx->wd_fd = open(ctx->o.wdns, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (ctx->wd_fd < 0)
			return fail(ctx, NSENTER_E_WORKDIR, -errno, NS_UNKNOWN, ctx->o.wdns);
	}
	if (ctx->wd_fd >= 0) {
		if (fchdir(ctx->wd_fd) < 0)
			return fail(ctx, NSENTER_E_CHDIR, -errno, NS_UNKNOWN, NULL);
		ctx->changed = true;
	}
	if (ctx->environ) {
		ctx->changed = true;
		rc = apply_environ(ctx);
		if (rc)
			return rc;
	}
	return 0;
}

/* --- finish --------------------------------------------------------------- */

static int mount_proc(struct nsenter *ctx)
{
	/*
	 * A private copy of the mount namespace we are in, so that the new
	 * /proc is ours alone: the target's mounts are not touched. Slave,
	 * not private: mounts the target makes later still show here, but
	 * nothing we mount travels back to it.
	 */
	if (sys_unshare(CLONE_NEWNS) < 0)
		return fail(ctx, NSENTER_E_MOUNTPROC, -errno, NS_UNKNOWN, "unshare");
	if (mount("none", "/", "none", MS_REC | MS_SLAVE, NULL) < 0)
		return fail(ctx, NSENTER_E_MOUNTPROC, -errno, NS_UNKNOWN, "/");
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return fail(ctx, NSENTER_E_MOUNTPROC, -errno, NS_UNKNOWN, "/proc");
	return 0;
}

/* --keep-caps: what a user namespace granted survives exec as ambient capabilities. */
static int keep_caps(struct nsenter *ctx)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];
	uint64_t perm;

	if (syscall(SYS_capget, &hdr, data) < 0)
		return fail(ctx, NSENTER_E_CAPS, -errno, NS_UNKNOWN, NULL);
	data[0].inheritable = data[0].permitted;
	data[1].inheritable = data[1].permitted;
	if (syscall(SYS_capset, &hdr, data) < 0)
		return fail(ctx, NSENTER_E_CAPS, -errno, NS_UNKNOWN, NULL);
	perm = ((uint64_t)data[1].permitted << 32) | data[0].permitted;
	for (unsigned int cap = 0; cap < 64; cap++) {
		if (!(perm & (1ULL << cap)))
			continue;
		/* EINVAL: a capability this kernel does not know */
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0 && errno != EINVAL)
			return fail(ctx, NSENTER_E_CAPS, -errno, NS_UNKNOWN, NULL);
	}
	return 0;
}

/* Does our user namespace forbid setgroups(2) ("deny" in /proc/self/setgroups)? */
static bool setgroups_denied(void)
{
	char *buf;
	size_t n;
	bool deny;

	if (procfs_read_at(AT_FDCWD, "/proc/self/setgroups", 16, &buf, &n) < 0)
		return false;
	deny = n >= 4 && !memcmp(buf, "deny", 4);
	free(buf);
	return deny;
}

int nsenter_finish(struct nsenter *ctx)
{
	int rc;

	if (ctx->o.flags & NSENTER_MOUNT_PROC) {
		rc = mount_proc(ctx);
		if (rc)
			return rc;
	}
	if (ctx->set_gid) {
		/*
		 * Supplementary groups go with a new gid; see nsenter_enter()
		 * for when failing is fine. A user namespace whose setgroups
		 * is "deny" forbids dropping them, by design (a group may
		 * deny access): they stay, as they must, and that is no error.
		 */
		if (setgroups(0, NULL) != 0 && ctx->setgroups_failed &&
		    !(errno == EPERM && setgroups_denied()))
			return fail(ctx, NSENTER_E_SETGROUPS, -errno, NS_UNKNOWN, NULL);
		if (setgid(ctx->gid) < 0)
			return fail(ctx, NSENTER_E_SETGID, -errno, NS_UNKNOWN, NULL);
	}
	if (ctx->set_uid && setuid(ctx->uid) < 0)
		return fail(ctx, NSENTER_E_SETUID, -errno, NS_UNKNOWN, NULL);
	if ((ctx->o.flags & NSENTER_KEEP_CAPS) && (ctx->mask & NS_MASK(NS_USER))) {
		rc = keep_caps(ctx);
		if (rc)
			return rc;
	}
	return 0;
}

void nsenter_release(struct nsenter *ctx)
{
	for (int t = 0; t < NS_NTYPES; t++) {
		if (ctx->own_nsfd[t] && ctx->nsfd[t] >= 0)
			close(ctx->nsfd[t]);
		ctx->nsfd[t] = -1;
		ctx->own_nsfd[t] = false;
	}
	if (ctx->own_pidfd && ctx->pidfd >= 0)
		close(ctx->pidfd);
	ctx->pidfd = -1;
	ctx->own_pidfd = false;
	if (ctx->piddir >= 0)
		close(ctx->piddir);
	ctx->piddir = -1;
	if (ctx->root_fd >= 0)
		close(ctx->root_fd);
	if (ctx->wd_fd >= 0)
		close(ctx->wd_fd);
	ctx->root_fd = ctx->wd_fd = -1;
	for (size_t i = 0; i < ctx->ncgroups; i++)
		close(ctx->cgroup_fd[i]);
	ctx->ncgroups = 0;
	free(ctx->environ);
	ctx->environ = NULL;
}

/* --- the default shell ------------------------------------------------------ */

static bool executable_in(int rootfd, const char *path)
{
	struct stat st;

	if (!path || path[0] != '/')
		return false;
	/* relative to root: "/bin/sh" under rootfd is "bin/sh" */
	if (fstatat(rootfd, path + 1, &st, 0) < 0 || !S_ISREG(st.st_mode))
		return false;
	return faccessat(rootfd, path + 1, X_OK, AT_EACCESS) == 0;
}

int nsenter_default_shell(const char *root, uid_t uid, const char *env_shell, char *buf,
			  size_t size)
{
	const char *pick = "/bin/sh";
	char pwbuf[4096], shell[PATH_MAX] = "", *text = NULL;
	struct passwd pw, *res;
	size_t len;
	FILE *f = NULL;
	int rootfd;

	rootfd = open(root && *root ? root : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return -errno;
	/*
	 * The target's file, which may be anything: read as procfs reads,
	 * never waiting on a FIFO, only a regular file.
	 */
	if (procfs_read_at(rootfd, "etc/passwd", 0, &text, &len) == 0 && len)
		f = fmemopen(text, len, "r");
	if (f) {
		/* fgetpwent_r parses the file itself: no NSS modules are loaded */
		while (fgetpwent_r(f, &pw, pwbuf, sizeof(pwbuf), &res) == 0) {
			if (pw.pw_uid == uid && pw.pw_shell && pw.pw_shell[0]) {
				snprintf(shell, sizeof(shell), "%s", pw.pw_shell);
				break;
			}
		}
		fclose(f);
	}
	free(text);
	if (shell[0] && executable_in(rootfd, shell))
		pick = shell;
	else if (executable_in(rootfd, env_shell))
		pick = env_shell;
	close(rootfd);
	if (strlen(pick) >= size)
		return -ENAMETOOLONG;
	strcpy(buf, pick);
	return 0;
}

/* --- forking and waiting -------------------------------------------------- */

/* Signals a waiting parent relays to its child when another process sends them. */
static const int relayed[] = { SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH };

static void relay_set(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGCHLD);
	for (size_t i = 0; i < sizeof(relayed) / sizeof(relayed[0]); i++)
		sigaddset(set, relayed[i]);
}

static void default_signals(void)
{
	/* The command starts as any command would: default signals, the caller's mask. */
	static const int deflt[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGPIPE,
				     SIGCHLD, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH };

	for (size_t i = 0; i < sizeof(deflt) / sizeof(deflt[0]); i++)
		signal(deflt[i], SIG_DFL);
}

int nsenter_fork(struct nsenter_child *c)
{
	struct sigaction sa;
	sigset_t set;
	pid_t pid;

	/* wait() must see the child: a caller ignoring SIGCHLD would have it reaped */
	if (sigaction(SIGCHLD, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
		signal(SIGCHLD, SIG_DFL);
	relay_set(&set);
	if (sigprocmask(SIG_BLOCK, &set, &c->saved) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		int rc = -errno;

		sigprocmask(SIG_SETMASK, &c->saved, NULL);
		return rc;
	}
	if (pid == 0) {
		default_signals();
		sigprocmask(SIG_SETMASK, &c->saved, NULL);
		c->pid = 0;
		return 0;
	}
	c->pid = pid;
	return 1;
}

/* What the child of nsenter_spawn() starts with. */
struct spawn_arg {
	int (*fn)(void *arg);
	void *arg;
	const sigset_t *mask;
};

static int spawn_child(void *p)
{
	struct spawn_arg *a = p;

	default_signals();
	sigprocmask(SIG_SETMASK, a->mask, NULL);
	_exit(a->fn(a->arg) & 0xff);
}

#if defined(__SANITIZE_ADDRESS__)
#define SPAWN_FORKS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SPAWN_FORKS 1
#endif
#endif

int nsenter_spawn(struct nsenter_child *c, int (*fn)(void *arg), void *arg)
{
	struct spawn_arg a = { fn, arg, &c->saved };
	const size_t stack_size = 256 << 10;
	struct sigaction sa;
	sigset_t set;
	char *stack;
	pid_t pid;
	int rc = 0;

#ifdef SPAWN_FORKS
	rc = nsenter_fork(c);
	if (rc == 0)
		_exit(fn(arg) & 0xff);
	return rc < 0 ? rc : 0;
#endif
	if (sigaction(SIGCHLD, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
		signal(SIGCHLD, SIG_DFL);
	stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		return -errno;
	relay_set(&set);
	if (sigprocmask(SIG_BLOCK, &set, &c->saved) < 0) {
		rc = -errno;
		goto out_unmap;
	}
	/* the stack grows down: the child starts at the top */
	pid = clone(spawn_child, stack + stack_size, CLONE_VM | CLONE_VFORK | SIGCHLD, &a);
	if (pid < 0) {
		rc = -errno;
		sigprocmask(SIG_SETMASK, &c->saved, NULL);
		goto out_unmap;
	}
	c->pid = pid;
out_unmap:
	/* the child has executed or exited: its stack is ours again */
	munmap(stack, stack_size);
	return rc;
}

int nsenter_wait(struct nsenter_child *c, int *status)
{
	struct timespec zero = { 0, 0 };
	bool winch = false;
	siginfo_t si;
	sigset_t set;
	int rc = 0;

	relay_set(&set);
	for (;;) {
		int st;
		pid_t r = waitpid(c->pid, &st, WNOHANG | WUNTRACED);

		if (r == c->pid) {
			if (WIFSTOPPED(st)) {
				/* One job for the shell: stop with the child, wake it with us. */
				kill(getpid(), SIGSTOP);
				kill(c->pid, SIGCONT);
				continue;
			}
			*status = st;
			break;
		}
		if (r < 0 && errno != EINTR) {
			rc = -errno;
			break;
		}
		if (r > 0 || (r < 0 && errno == EINTR))
			continue;
		if (sigwaitinfo(&set, &si) < 0)
			continue;
		if (si.si_signo == SIGCHLD)
			continue;
		if (si.si_signo == SIGWINCH)
			winch = true;
		/*
		 * si_code <= 0: sent by a process (kill, sigqueue, tgkill);
		 * > 0 (SI_KERNEL): the terminal, which signalled the child too.
		 */
		if (si.si_code <= 0)
			kill(c->pid, si.si_signo);
	}
	/* Drain what arrived meanwhile, so that restoring the mask does not act on it. */
	while (sigtimedwait(&set, &si, &zero) > 0)
		if (si.si_signo == SIGWINCH)
			winch = true;
	sigprocmask(SIG_SETMASK, &c->saved, NULL);
	/* the terminal changed size meanwhile: a full-screen caller wants to know */
	if (winch)
		raise(SIGWINCH);
	return rc;
}

void nsenter_reraise(int status)
{
	int sig;
	struct rlimit nocore = { 0, 0 };
	sigset_t set;

	if (!WIFSIGNALED(status))
		return;
	sig = WTERMSIG(status);
	/* the command dumped its core, if it was going to; ours would be a misleading second */
	setrlimit(RLIMIT_CORE, &nocore);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
}

/* A forked helper dies as its child did, so that the status travels up. */
static void __attribute__((noreturn)) die_like(int status)
{
	nsenter_reraise(status);
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ?
	      128 + WTERMSIG(status) : 1);
}

/* --- nsenter_exec and nsenter_run_in ------------------------------------------ */

typedef int (*body_fn)(struct nsenter *ctx, void *arg, int errfd);

static void __attribute__((noreturn)) child_fail(int errfd, const struct nsenter_error *e,
						 int code)
{
	write_all(errfd, e, sizeof(*e));
	_exit(code);
}

/* In the first child: enter, fork once more into a pid namespace, run body. */
static void __attribute__((noreturn)) child_main(const struct nsenter_opts *o, body_fn body,
						 void *arg, int errfd)
{
	struct nsenter ctx;
	int rc, status;

	rc = nsenter_prepare(&ctx, o);
	if (!rc)
		rc = nsenter_enter(&ctx);
	if (rc)
		child_fail(errfd, &ctx.err, 1);
	if (nsenter_needs_fork(&ctx) && !(o->flags & NSENTER_NO_FORK)) {
		struct nsenter_child gc;

		rc = nsenter_fork(&gc);
		if (rc < 0) {
			fail(&ctx, NSENTER_E_FORK, rc, NS_UNKNOWN, NULL);
			child_fail(errfd, &ctx.err, 1);
		}
		if (rc == 1) {
			close(errfd);
			nsenter_release(&ctx);
			if (nsenter_wait(&gc, &status) < 0)
				_exit(1);
			die_like(status);
		}
	}
	rc = nsenter_finish(&ctx);
	if (rc)
		child_fail(errfd, &ctx.err, 1);
	nsenter_release(&ctx);
	rc = body(&ctx, arg, errfd);
	_exit(rc & 0xff);
}

static int spawn(const struct nsenter_opts *o, body_fn body, void *arg, int outfd_parent,
		 int outfd_child, char **out, size_t *outlen, int *status, struct nsenter_error *err)
{
	struct nsenter_child c;
	struct nsenter_error e;
	int errpipe[2], rc;
	size_t got = 0;

	memset(err, 0, sizeof(*err));
	err->type = NS_UNKNOWN;
	err->pid = o->pid;
	if (pipe2(errpipe, O_CLOEXEC) < 0) {
		err->stage = NSENTER_E_PIPE;
		return err->err = -errno;
	}
	rc = nsenter_fork(&c);
	if (rc < 0) {
		close(errpipe[0]);
		close(errpipe[1]);
		err->stage = NSENTER_E_FORK;
		return err->err = rc;
	}
	if (rc == 0) {
		close(errpipe[0]);
		if (outfd_parent >= 0)
			close(outfd_parent);
		child_main(o, body, arg, errpipe[1]);
	}
	close(errpipe[1]);
	if (outfd_child >= 0)
		close(outfd_child);	/* or the read below never sees the end */

	rc = 0;
	if (out) {
		/*
		 * The output first: a child blocked on a full pipe would never
		 * exit. One byte more than allowed tells a longer output from
		 * one that fits.
		 */
		char *buf;
		size_t len;

		rc = procfs_read_fd(outfd_parent, RUN_IN_MAX + 1, &buf, &len);
		if (rc == 0 && len > RUN_IN_MAX) {
			free(buf);
			rc = -EFBIG;
		}
		if (rc) {
			kill(c.pid, SIGKILL);
		} else {
			*out = buf;
			*outlen = len;
		}
	}
	/* EOF on the error pipe: the command was executed (close-on-exec) or the body is done */
	while (got < sizeof(e)) {
		ssize_t n = read(errpipe[0], (char *)&e + got, sizeof(e) - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(errpipe[0]);
	if (nsenter_wait(&c, status) < 0 && !rc)
		rc = -ECHILD;
	if (got == sizeof(e)) {
		e.path[sizeof(e.path) - 1] = '\0';
		*err = e;
		rc = e.err ? e.err : -EIO;
	} else if (rc) {
		err->stage = NSENTER_E_PIPE;
		err->err = rc;
	}
	if (rc && out && *out) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

struct exec_arg {
	char *const *argv;
};

static int exec_body(struct nsenter *ctx, void *arg, int errfd)
{
	struct exec_arg *a = arg;
	char shell[PATH_MAX], login[PATH_MAX + 1];
	const char *slash, *what = "prepare the command";
	int rc;

	if (ctx->o.before_exec) {
		rc = ctx->o.before_exec(ctx->o.before_exec_data, &what);
		if (rc < 0) {
			fail(ctx, NSENTER_E_PREEXEC, rc, NS_UNKNOWN, what);
			child_fail(errfd, &ctx->err, 1);
		}
	}
	if (a->argv && a->argv[0]) {
		execvp(a->argv[0], a->argv);
		rc = -errno;
		fail(ctx, NSENTER_E_EXEC, rc, NS_UNKNOWN, a->argv[0]);
		child_fail(errfd, &ctx->err, rc == -ENOENT ? 127 : 126);
	}
	rc = nsenter_default_shell(NULL, getuid(), getenv("SHELL"), shell, sizeof(shell));
	if (rc) {
		fail(ctx, NSENTER_E_EXEC, rc, NS_UNKNOWN, "/bin/sh");
		child_fail(errfd, &ctx->err, 126);
	}
	/* a login shell, as nsenter and su run it: "-sh" */
	slash = strrchr(shell, '/');
	snprintf(login, sizeof(login), "-%s", slash ? slash + 1 : shell);
	execl(shell, login, (char *)NULL);
	rc = -errno;
	fail(ctx, NSENTER_E_EXEC, rc, NS_UNKNOWN, shell);
	child_fail(errfd, &ctx->err, rc == -ENOENT ? 127 : 126);
}

int nsenter_exec(const struct nsenter_opts *o, char *const argv[], int *status,
		 struct nsenter_error *err)
{
	struct exec_arg a = { argv };

	return spawn(o, exec_body, &a, -1, -1, NULL, NULL, status, err);
}

struct run_arg {
	nsenter_fn fn;
	void *data;
	int outfd;
};

static int run_body(struct nsenter *ctx, void *arg, int errfd)
{
	struct run_arg *a = arg;
	int rc;

	(void)ctx;
	close(errfd);
	rc = a->fn(a->data, a->outfd);
	close(a->outfd);
	return rc;
}

int nsenter_run_in(const struct nsenter_opts *o, nsenter_fn fn, void *data, char **out,
		   size_t *outlen, int *status, struct nsenter_error *err)
{
	struct run_arg a = { fn, data, -1 };
	int outpipe[2], rc;

	*out = NULL;
	*outlen = 0;
	if (pipe2(outpipe, O_CLOEXEC) < 0) {
		memset(err, 0, sizeof(*err));
		err->stage = NSENTER_E_PIPE;
		err->type = NS_UNKNOWN;
		return err->err = -errno;
	}
	a.outfd = outpipe[1];
	/* spawn() closes the write end in this process once the child has it */
	rc = spawn(o, run_body, &a, outpipe[0], outpipe[1], out, outlen, status, err);
	close(outpipe[0]);
	return rc;
}
