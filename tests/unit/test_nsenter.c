// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * common/nsenter.c without privileges.
 *
 * setns(2) is replaced through the linker (--wrap) by a recorder that
 * answers from a script: an unprivileged caller, a privileged one, a kernel
 * without setns(pidfd), a namespace that refuses. The tests check what is
 * entered, in which order, and what is said when it fails. The target is a
 * real process in user, net and uts namespaces of its own, which an
 * unprivileged user may create; with the recorder switched to the real
 * call, nsenter_run_in() and nsenter_exec() enter it for real.
 *
 * WRAP: sys_setns sys_pidfd_open
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"
#include "nsenter.h"
#include "sys.h"

/* --- the setns recorder ------------------------------------------------------ */

int __real_sys_setns(int fd, int nstype);
int __wrap_sys_setns(int fd, int nstype);
int __real_sys_pidfd_open(pid_t pid, unsigned int flags);
int __wrap_sys_pidfd_open(pid_t pid, unsigned int flags);

enum script {
	REAL,		/* the real setns */
	PRIV,		/* everything works */
	UNPRIV,		/* nothing but the user namespace until it is entered */
	MIXED,		/* all at once refused, user namespace last works */
	OLD_KERNEL,	/* setns(pidfd) is EINVAL, files work (privileged) */
	NET_DENIED,	/* the net namespace always refused */
	ROOTLESS,	/* UNPRIV, and what the target shares with us always refused */
};

static enum script script = REAL;
static bool pidfd_enosys;
static int npidfd_open;
static int rec_pidfd = -1;		/* which fd is the pidfd, to tell calls apart */
static struct {
	bool pidfd;
	int flags;
} calls[64];
static int ncalls;
static bool user_in;

int __wrap_sys_pidfd_open(pid_t pid, unsigned int flags)
{
	int fd;

	npidfd_open++;
	if (pidfd_enosys) {
		errno = ENOSYS;
		return -1;
	}
	fd = __real_sys_pidfd_open(pid, flags);
	rec_pidfd = fd;
	return fd;
}

int __wrap_sys_setns(int fd, int nstype)
{
	int rc = 0;

	if (script == REAL)
		return __real_sys_setns(fd, nstype);
	if (ncalls < 64) {
		calls[ncalls].pidfd = fd == rec_pidfd;
		calls[ncalls].flags = nstype;
		ncalls++;
	}
	switch (script) {
	case REAL:
	case PRIV:
		break;
	case UNPRIV:
		/* the kernel enters the user namespace first within one call */
		if (!user_in && !(nstype & CLONE_NEWUSER))
			rc = EPERM;
		break;
	case MIXED:
		if ((nstype & CLONE_NEWUSER) && nstype != CLONE_NEWUSER)
			rc = EPERM;
		break;
	case OLD_KERNEL:
		if (fd == rec_pidfd)
			rc = EINVAL;
		break;
	case NET_DENIED:
		if (nstype & CLONE_NEWNET)
			rc = EPERM;
		break;
	case ROOTLESS:
		if ((nstype & ~(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWUTS)) ||
		    (!user_in && !(nstype & CLONE_NEWUSER)))
			rc = EPERM;
		break;
	}
	if (rc) {
		errno = rc;
		return -1;
	}
	if (nstype & CLONE_NEWUSER)
		user_in = true;
	return 0;
}

static void record(enum script s)
{
	script = s;
	ncalls = 0;
	user_in = false;
	rec_pidfd = -1;
	pidfd_enosys = false;
}

/* --- a target in namespaces of its own --------------------------------------- */

static pid_t target = -1;

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int start_target(void **state)
{
	char path[64], map[64];
	int p[2];
	char c;

	(void)state;
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	target = fork();
	if (target < 0)
		return -1;
	if (target == 0) {
		char e1[] = "NSKIT_MARK=42", e2[] = "PATH=/usr/bin:/bin";
		char *const env[] = { e1, e2, NULL };

		close(p[0]);
		c = unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWUTS) == 0 ? 'y' : 'n';
		if (c == 'y' && sethostname("nskit-test", 10) < 0)
			c = 'n';
		if (write(p[1], &c, 1) != 1 || c != 'y')
			_exit(1);
		close(p[1]);
		execle("/bin/sleep", "sleep", "600", (char *)NULL, env);
		_exit(127);
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1 || c != 'y') {
		close(p[0]);
		waitpid(target, NULL, 0);
		target = -1;
		return 0;	/* no user namespaces here: the tests that need one skip */
	}
	close(p[0]);
	/* root inside is us outside, so that setuid(0) works in there */
	snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)target);
	write_file(path, "deny");
	snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)target);
	snprintf(map, sizeof(map), "0 %d 1", (int)getuid());
	if (write_file(path, map) < 0)
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)target);
	snprintf(map, sizeof(map), "0 %d 1", (int)getgid());
	if (write_file(path, map) < 0)
		return -1;
	/* wait for the exec: its environment is what -e reads */
	for (int i = 0; i < 200; i++) {
		char env[256] = "";
		int fd;
		ssize_t n;

		snprintf(path, sizeof(path), "/proc/%d/environ", (int)target);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		n = fd >= 0 ? read(fd, env, sizeof(env) - 1) : -1;
		if (fd >= 0)
			close(fd);
		if (n > 0 && memmem(env, (size_t)n, "NSKIT_MARK=42", 13))
			return 0;
		usleep(10000);
	}
	return -1;
}

static int stop_target(void **state)
{
	(void)state;
	if (target > 0) {
		kill(target, SIGKILL);
		waitpid(target, NULL, 0);
	}
	return 0;
}

#define NEED_TARGET() \
	do { \
		if (target <= 0) \
			skip(); \
	} while (0)

/* pidfds: Linux 5.3; valgrind 3.19 does not know the call (ENOSYS) */
static bool have_pidfd(void)
{
	int fd = __real_sys_pidfd_open(getpid(), 0);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

#define NEED_PIDFD() \
	do { \
		NEED_TARGET(); \
		if (!have_pidfd()) \
			skip(); \
	} while (0)

static uint64_t ino_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_ino;
}

static uint64_t target_ino(const char *type)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)target, type);
	return ino_of(path);
}

static void opts_for_target(struct nsenter_opts *o, ns_mask_t mask)
{
	nsenter_opts_init(o);
	o->pid = target;
	o->mask = mask;
}

#define UNU (NS_MASK(NS_USER) | NS_MASK(NS_NET) | NS_MASK(NS_UTS))

/* --- options, messages, kernel types ---------------------------------------- */

static void test_opts_and_messages(void **state)
{
	struct nsenter_opts o;
	struct nsenter_error e = { .stage = NSENTER_E_SETNS, .type = NS_NET, .pid = 42 };
	char buf[256];

	(void)state;
	nsenter_opts_init(&o);
	assert_int_equal(o.pidfd, -1);
	for (int t = 0; t < NS_NTYPES; t++)
		assert_int_equal(o.fd[t], -1);
	assert_string_equal(nsenter_strerror(&e, buf, sizeof(buf)),
			    "cannot enter the net namespace of PID 42");
	e.type = NS_UNKNOWN;
	assert_string_equal(nsenter_strerror(&e, buf, sizeof(buf)),
			    "cannot enter the namespaces of PID 42");
	e = (struct nsenter_error){ .stage = NSENTER_E_NOTNS, .type = NS_UTS };
	strcpy(e.path, "/etc/passwd");
	assert_string_equal(nsenter_strerror(&e, buf, sizeof(buf)),
			    "'/etc/passwd' is not a uts namespace");
	e = (struct nsenter_error){ .stage = NSENTER_E_SAMEUSER, .type = NS_USER, .pid = 7 };
	assert_string_equal(nsenter_strerror(&e, buf, sizeof(buf)),
			    "already in the user namespace of PID 7");
	e = (struct nsenter_error){ .stage = NSENTER_E_UNSUPPORTED, .type = NS_TIME };
	assert_string_equal(nsenter_strerror(&e, buf, sizeof(buf)),
			    "the kernel has no time namespaces");
	e = (struct nsenter_error){ .stage = NSENTER_E_EXEC };
	strcpy(e.path, "frob");
	assert_string_equal(nsenter_strerror(&e, buf, sizeof(buf)), "failed to execute 'frob'");
	e.stage = 999;
	assert_string_equal(nsenter_strerror(&e, buf, sizeof(buf)), "unknown error");
}

static void test_foreign_proc_root(void **state)
{
	char *dir = fixture_make(), path[PATH_MAX];
	struct procfs pfs, live;
	struct nsenter_opts o;
	struct nsenter ctx;

	(void)state;
	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/proc", dir);
	assert_int_equal(procfs_open(&pfs, path), 0);
	assert_int_equal(procfs_open(&live, NULL), 0);
	assert_true(nsenter_proc_is_ours(NULL));
	assert_true(nsenter_proc_is_ours(&live));
	/* another /proc (here a fixture; a host's in a pod): its PIDs are not ours */
	assert_false(nsenter_proc_is_ours(&pfs));
	record(PRIV);
	npidfd_open = 0;
	nsenter_opts_init(&o);
	o.pid = 200;
	o.pfs = &pfs;
	o.mask = NS_MASK(NS_NET);
	/* no pidfd: the files under that root (dangling links in the fixture) */
	assert_int_equal(nsenter_prepare(&ctx, &o), -ESRCH);
	assert_int_equal(npidfd_open, 0);
	assert_int_equal(ctx.pidfd, -1);
	assert_int_equal(ctx.err.stage, NSENTER_E_OPEN);
	snprintf(path, sizeof(path), "%s/proc/200/ns/net", dir);
	assert_string_equal(ctx.err.path, path);
	nsenter_release(&ctx);
	procfs_close(&live);
	procfs_close(&pfs);
	fixture_remove(dir);
}

static void test_kernel_types(void **state)
{
	char *dir = fixture_make(), path[PATH_MAX];
	struct procfs pfs;
	ns_mask_t m;

	(void)state;
	assert_non_null(dir);
	/* a kernel without time namespaces: no self/ns/time */
	snprintf(path, sizeof(path), "cd '%s/proc' && mkdir -p self/ns && for t in mnt net pid uts "
		 "ipc user cgroup; do ln -s \"$t:[1]\" self/ns/$t; done", dir);
	assert_int_equal(system(path), 0);
	snprintf(path, sizeof(path), "%s/proc", dir);
	assert_int_equal(procfs_open(&pfs, path), 0);
	assert_int_equal(nsenter_kernel_types(&pfs, &m), 0);
	assert_int_equal(m, NS_MASK_ALL & ~NS_MASK(NS_TIME));
	procfs_close(&pfs);
	fixture_remove(dir);
	/* this kernel has at least these */
	assert_int_equal(nsenter_kernel_types(NULL, &m), 0);
	assert_true((m & (NS_MASK(NS_MNT) | NS_MASK(NS_NET) | NS_MASK(NS_USER))) ==
		    (NS_MASK(NS_MNT) | NS_MASK(NS_NET) | NS_MASK(NS_USER)));
}

/* --- what is refused before anything changes ---------------------------------- */

static void expect_prepare(struct nsenter_opts *o, int rc, enum nsenter_stage stage,
			   enum ns_type type)
{
	struct nsenter ctx;

	assert_int_equal(nsenter_prepare(&ctx, o), rc);
	assert_int_equal(ctx.err.stage, stage);
	assert_int_equal(ctx.err.type, type);
	assert_false(ctx.changed);
	nsenter_release(&ctx);
}

static void test_bad_arguments(void **state)
{
	struct nsenter_opts o;
	struct nsenter ctx;
	pid_t gone;

	(void)state;
	record(PRIV);
	nsenter_opts_init(&o);
	o.mask = NS_MASK(NS_NET);
	o.file[NS_NET] = "/etc/passwd";
	expect_prepare(&o, -EINVAL, NSENTER_E_NOTNS, NS_NET);
	o.file[NS_NET] = "/proc/self/ns/uts";
	expect_prepare(&o, -EINVAL, NSENTER_E_NOTNS, NS_NET);
	o.file[NS_NET] = "/nonexistent";
	expect_prepare(&o, -ENOENT, NSENTER_E_OPEN, NS_NET);
	/* a device is not even opened */
	o.file[NS_NET] = "/dev/null";
	expect_prepare(&o, -EINVAL, NSENTER_E_NOTNS, NS_NET);
	o.file[NS_NET] = NULL;
	expect_prepare(&o, -EINVAL, NSENTER_E_NOTARGET, NS_NET);
	/* nothing to enter is nothing to do, as with nsenter */
	o.mask = 0;
	assert_int_equal(nsenter_prepare(&ctx, &o), 0);
	assert_int_equal(ctx.mask, 0);
	assert_int_equal(nsenter_enter(&ctx), 0);
	assert_false(ctx.changed);
	nsenter_release(&ctx);

	/* our own user namespace cannot be entered: said, not tried */
	o.pid = getpid();
	o.mask = NS_MASK(NS_USER);
	expect_prepare(&o, -EALREADY, NSENTER_E_SAMEUSER, NS_USER);
	/* -a leaves it out instead; --differing leaves out everything we share */
	o.mask = 0;
	o.all = NS_MASK_ALL;
	assert_int_equal(nsenter_prepare(&ctx, &o), 0);
	assert_false(ctx.mask & NS_MASK(NS_USER));
	assert_true(ctx.mask & NS_MASK(NS_NET));
	assert_int_equal(ctx.shared_all, ctx.mask);
	nsenter_release(&ctx);
	o.flags = NSENTER_DIFFERING;
	assert_int_equal(nsenter_prepare(&ctx, &o), 0);
	assert_int_equal(ctx.mask, 0);
	nsenter_release(&ctx);
	o.flags = 0;
	o.all = 0;

	/* a target that is gone */
	gone = fork();
	if (gone == 0)
		_exit(0);
	waitpid(gone, NULL, 0);
	o.pid = gone;
	o.mask = NS_MASK(NS_NET);
	expect_prepare(&o, -ESRCH, NSENTER_E_TARGET, NS_UNKNOWN);
	assert_int_equal(ncalls, 0);
}

/* What only a process has, asked without one: said before anything is opened. */
static void test_no_process(void **state)
{
	static const struct {
		unsigned int flags;
		const char *what;
	} cases[] = {
		{ NSENTER_ROOT,		"root directory" },
		{ NSENTER_WD,		"working directory" },
		{ NSENTER_ENV,		"environment" },
		{ NSENTER_JOIN_CGROUP,	"cgroups" },
		{ NSENTER_UID_FOLLOW,	"uid or gid to follow" },
		{ NSENTER_GID_FOLLOW,	"uid or gid to follow" },
	};
	struct nsenter_opts o;
	struct nsenter ctx;
	char buf[256];

	(void)state;
	record(PRIV);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		nsenter_opts_init(&o);
		o.mask = NS_MASK(NS_NET);
		o.file[NS_NET] = "/proc/self/ns/net";
		o.flags = cases[i].flags;
		assert_int_equal(nsenter_prepare(&ctx, &o), -ESRCH);
		assert_int_equal(ctx.err.stage, NSENTER_E_NOPROCESS);
		assert_string_equal(ctx.err.path, cases[i].what);
		assert_false(nsenter_error_has_errno(&ctx.err));
		snprintf(buf, sizeof(buf), "no target process to take the %s from", cases[i].what);
		assert_string_equal(nsenter_strerror(&ctx.err, buf + 128, 128), buf);
		assert_false(ctx.changed);
		nsenter_release(&ctx);
	}
	/* a directory given needs no process */
	nsenter_opts_init(&o);
	o.flags = NSENTER_ROOT | NSENTER_WD;
	o.root = "/";
	o.wd = "/tmp";
	assert_int_equal(nsenter_prepare(&ctx, &o), 0);
	nsenter_release(&ctx);
	assert_int_equal(ncalls, 0);
}

/* Lines that say it all get no errno text; the others do. */
static void test_error_has_errno(void **state)
{
	struct nsenter_error e = { .err = -EINVAL, .type = NS_NET };

	(void)state;
	e.stage = NSENTER_E_NOTNS;
	assert_false(nsenter_error_has_errno(&e));
	e.stage = NSENTER_E_SAMEUSER;
	assert_false(nsenter_error_has_errno(&e));
	e.stage = NSENTER_E_UNSUPPORTED;
	assert_false(nsenter_error_has_errno(&e));
	e.stage = NSENTER_E_OPEN;
	assert_true(nsenter_error_has_errno(&e));
	e.stage = NSENTER_E_SETNS;
	assert_true(nsenter_error_has_errno(&e));
	e.err = 0;
	assert_false(nsenter_error_has_errno(&e));
	e.stage = 999;
	e.err = -EIO;
	assert_true(nsenter_error_has_errno(&e));
}

/* --- pidfds of processes and threads --------------------------------------------- */

struct thread_arg {
	int ready[2], release[2];
	pid_t tid;
};

static void *thread_main(void *p)
{
	struct thread_arg *a = p;
	char c = 'x';

	a->tid = (pid_t)syscall(SYS_gettid);
	if (write(a->ready[1], &c, 1) != 1)
		return NULL;
	if (read(a->release[0], &c, 1) < 0)
		return NULL;
	return NULL;
}

/* The "Pid:" line of a pidfd's fdinfo: the process or thread it pins. */
static pid_t pidfd_pid(int fd)
{
	char path[64], buf[1024];
	const char *p;
	ssize_t n;
	int f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(f >= 0);
	n = read(f, buf, sizeof(buf) - 1);
	close(f);
	assert_true(n > 0);
	buf[n] = '\0';
	p = strstr(buf, "\nPid:");
	assert_non_null(p);
	return (pid_t)atoi(p + 5);
}

static void test_pidfd_open_thread(void **state)
{
	struct thread_arg a = { .tid = 0 };
	pthread_t th;
	pid_t gone;
	char c = 'x';
	int fd;

	(void)state;
	record(REAL);
	if (!have_pidfd())
		skip();
	fd = nsenter_pidfd_open(getpid());
	assert_true(fd >= 0);
	assert_int_equal(pidfd_pid(fd), getpid());
	close(fd);

	/* a thread, as nsenter -t takes one: a thread pidfd (6.9), or none at all */
	assert_int_equal(pipe2(a.ready, O_CLOEXEC), 0);
	assert_int_equal(pipe2(a.release, O_CLOEXEC), 0);
	assert_int_equal(pthread_create(&th, NULL, thread_main, &a), 0);
	assert_int_equal(read(a.ready[0], &c, 1), 1);
	assert_true(a.tid != getpid());
	fd = nsenter_pidfd_open(a.tid);
	if (fd == -ENOSYS) {
		/* a kernel without thread pidfds: the caller goes per file */
		assert_int_equal(__real_sys_pidfd_open(a.tid, 0), -1);
	} else {
		assert_true(fd >= 0);
		assert_int_equal(pidfd_pid(fd), a.tid);
		close(fd);
	}
	assert_int_equal(write(a.release[1], &c, 1), 1);
	assert_int_equal(pthread_join(th, NULL), 0);
	for (int i = 0; i < 2; i++) {
		close(a.ready[i]);
		close(a.release[i]);
	}

	/* no such process */
	gone = fork();
	if (gone == 0)
		_exit(0);
	waitpid(gone, NULL, 0);
	assert_int_equal(nsenter_pidfd_open(gone), -ESRCH);
	/* no pidfds at all */
	pidfd_enosys = true;
	assert_int_equal(nsenter_pidfd_open(getpid()), -ENOSYS);
	pidfd_enosys = false;
}

/* --- the order of entering ------------------------------------------------------ */

static struct nsenter ctx;

static int prepare_enter(enum script s, unsigned int flags, ns_mask_t mask)
{
	struct nsenter_opts o;
	int rc;

	record(s);
	opts_for_target(&o, mask);
	o.flags = flags | NSENTER_PRESERVE_CRED;
	assert_int_equal(nsenter_prepare(&ctx, &o), 0);
	rc = nsenter_enter(&ctx);
	return rc;
}

static void test_pidfd_atomic(void **state)
{
	(void)state;
	NEED_PIDFD();
	/* one call, all at once: privileged or not, the kernel orders it */
	assert_int_equal(prepare_enter(UNPRIV, 0, UNU), 0);
	assert_int_equal(ncalls, 1);
	assert_true(calls[0].pidfd);
	assert_int_equal(calls[0].flags, CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWUTS);
	assert_int_equal(ctx.entered, UNU);
	assert_true(ctx.changed);
	assert_false(nsenter_needs_fork(&ctx));
	nsenter_release(&ctx);
}

static void test_pidfd_privileged_order(void **state)
{
	(void)state;
	NEED_PIDFD();
	/* refused at once: all but the user namespace, then the user namespace */
	assert_int_equal(prepare_enter(MIXED, 0, UNU), 0);
	assert_int_equal(ncalls, 3);
	assert_int_equal(calls[0].flags, CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWUTS);
	assert_int_equal(calls[1].flags, CLONE_NEWNET | CLONE_NEWUTS);
	assert_int_equal(calls[2].flags, CLONE_NEWUSER);
	assert_true(calls[1].pidfd && calls[2].pidfd);
	assert_int_equal(ctx.entered, UNU);
	nsenter_release(&ctx);
}

static void test_pidfd_refused_names_type(void **state)
{
	(void)state;
	NEED_PIDFD();
	/* nothing entered, and the message names the namespace at fault */
	assert_int_equal(prepare_enter(NET_DENIED, 0, UNU), -EPERM);
	assert_int_equal(ctx.err.stage, NSENTER_E_SETNS);
	assert_int_equal(ctx.err.type, NS_NET);
	assert_int_equal(ctx.entered, 0);
	assert_false(ctx.changed);
	nsenter_release(&ctx);
}

static void test_old_kernel_falls_back(void **state)
{
	(void)state;
	NEED_PIDFD();
	/* setns(pidfd) is EINVAL before 5.8: the files, privileged order, user last */
	assert_int_equal(prepare_enter(OLD_KERNEL, 0, UNU), 0);
	assert_int_equal(ncalls, 4);
	assert_true(calls[0].pidfd);
	assert_false(calls[1].pidfd);
	assert_int_equal(calls[1].flags, CLONE_NEWUTS);
	assert_int_equal(calls[2].flags, CLONE_NEWNET);
	assert_int_equal(calls[3].flags, CLONE_NEWUSER);
	assert_int_equal(ctx.entered, UNU);
	nsenter_release(&ctx);

	/* no pidfds at all (before 5.3) */
	record(PRIV);
	pidfd_enosys = true;
	{
		struct nsenter_opts o;

		opts_for_target(&o, UNU);
		o.flags = NSENTER_PRESERVE_CRED;
		assert_int_equal(nsenter_prepare(&ctx, &o), 0);
		assert_int_equal(ctx.pidfd, -1);
		assert_int_equal(nsenter_enter(&ctx), 0);
		assert_int_equal(ncalls, 3);
		assert_int_equal(calls[2].flags, CLONE_NEWUSER);
		nsenter_release(&ctx);
	}
}

static void test_files_unprivileged_order(void **state)
{
	(void)state;
	NEED_TARGET();
	/* forced per-file: pass 1 refused, then the user namespace first */
	assert_int_equal(prepare_enter(UNPRIV, NSENTER_NO_PIDFD, UNU), 0);
	assert_int_equal(ncalls, 5);
	for (int i = 0; i < 5; i++)
		assert_false(calls[i].pidfd);
	assert_int_equal(calls[0].flags, CLONE_NEWUTS);
	assert_int_equal(calls[1].flags, CLONE_NEWNET);
	assert_int_equal(calls[2].flags, CLONE_NEWUSER);
	assert_int_equal(calls[3].flags, CLONE_NEWUTS);
	assert_int_equal(calls[4].flags, CLONE_NEWNET);
	assert_int_equal(ctx.entered, UNU);
	nsenter_release(&ctx);

	/* privileged: one pass, user namespace last */
	assert_int_equal(prepare_enter(PRIV, NSENTER_NO_PIDFD, UNU), 0);
	assert_int_equal(ncalls, 3);
	assert_int_equal(calls[2].flags, CLONE_NEWUSER);
	nsenter_release(&ctx);
}

static void test_files_half_entered(void **state)
{
	(void)state;
	NEED_TARGET();
	/* per file, a refusal after others succeeded: said, and marked as changed */
	assert_int_equal(prepare_enter(NET_DENIED, NSENTER_NO_PIDFD, UNU), -EPERM);
	assert_int_equal(ctx.err.stage, NSENTER_E_SETNS);
	assert_int_equal(ctx.err.type, NS_NET);
	assert_int_equal(ctx.entered, NS_MASK(NS_UTS) | NS_MASK(NS_USER));
	assert_true(ctx.changed);
	nsenter_release(&ctx);
}

static void test_all_shared_dropped(void **state)
{
	struct nsenter_opts o;

	(void)state;
	NEED_PIDFD();
	/*
	 * -a as a rootless caller: the namespaces it shares with the target
	 * (mnt, pid, ipc...) belong to the host and are refused; staying in
	 * them is the same as entering them, so they are left out.
	 */
	record(ROOTLESS);
	opts_for_target(&o, 0);
	o.all = NS_MASK_ALL;
	o.flags = NSENTER_PRESERVE_CRED;
	assert_int_equal(nsenter_prepare(&ctx, &o), 0);
	assert_true(ctx.shared_all & NS_MASK(NS_MNT));
	assert_false(ctx.shared_all & UNU);
	assert_int_equal(nsenter_enter(&ctx), 0);
	assert_int_equal(ncalls, 3);
	assert_int_equal(calls[2].flags, CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWUTS);
	assert_int_equal(ctx.entered, UNU);
	assert_int_equal(ctx.mask, UNU);
	nsenter_release(&ctx);

	/* the same through files: the shared ones refused in pass 2 are skipped */
	record(ROOTLESS);
	o.flags |= NSENTER_NO_PIDFD;
	assert_int_equal(nsenter_prepare(&ctx, &o), 0);
	assert_int_equal(nsenter_enter(&ctx), 0);
	assert_int_equal(ctx.entered, UNU);
	nsenter_release(&ctx);

	/* but a type asked for by name is an error */
	record(ROOTLESS);
	opts_for_target(&o, UNU | NS_MASK(NS_IPC));
	o.flags = NSENTER_PRESERVE_CRED;
	assert_int_equal(nsenter_prepare(&ctx, &o), 0);
	assert_int_equal(nsenter_enter(&ctx), -EPERM);
	assert_int_equal(ctx.err.type, NS_IPC);
	assert_false(ctx.changed);
	nsenter_release(&ctx);
}

/* --- for real: run_in and exec ------------------------------------------------ */

static int probe_fn(void *data, int outfd)
{
	char host[64] = "";
	const char *mark = getenv("NSKIT_MARK");

	(void)data;
	gethostname(host, sizeof(host));
	dprintf(outfd, "%llu %llu %llu %s %s %d\n",
		(unsigned long long)ino_of("/proc/self/ns/user"),
		(unsigned long long)ino_of("/proc/self/ns/net"),
		(unsigned long long)ino_of("/proc/self/ns/uts"), host, mark ? mark : "-",
		(int)getuid());
	return 5;
}

static void check_probe(const char *out, bool env)
{
	char want[256];

	snprintf(want, sizeof(want), "%llu %llu %llu nskit-test %s 0\n",
		 (unsigned long long)target_ino("user"), (unsigned long long)target_ino("net"),
		 (unsigned long long)target_ino("uts"), env ? "42" : "-");
	assert_string_equal(out, want);
}

static void test_run_in(void **state)
{
	struct nsenter_opts o;
	struct nsenter_error err;
	char *out;
	size_t len;
	int status;
	char *mark = getenv("NSKIT_MARK");

	(void)state;
	NEED_TARGET();
	assert_null(mark);
	record(REAL);
	opts_for_target(&o, UNU);
	assert_int_equal(nsenter_run_in(&o, probe_fn, NULL, &out, &len, &status, &err), 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 5);
	check_probe(out, false);
	assert_int_equal(len, strlen(out));
	free(out);

	/* the same through files, and with the target's environment */
	o.flags = NSENTER_NO_PIDFD | NSENTER_ENV;
	assert_int_equal(nsenter_run_in(&o, probe_fn, NULL, &out, &len, &status, &err), 0);
	check_probe(out, true);
	free(out);
	/* the caller is untouched */
	assert_true(ino_of("/proc/self/ns/net") != target_ino("net"));
	assert_null(getenv("NSKIT_MARK"));

	/* a failure inside is reported, with what failed */
	o.flags = 0;
	o.file[NS_UTS] = "/etc/passwd";
	assert_int_equal(nsenter_run_in(&o, probe_fn, NULL, &out, &len, &status, &err), -EINVAL);
	assert_int_equal(err.stage, NSENTER_E_NOTNS);
	assert_int_equal(err.type, NS_UTS);
	assert_string_equal(err.path, "/etc/passwd");
	assert_null(out);
}

static void test_exec(void **state)
{
	char sh[] = "sh", c[] = "-c", e3[] = "exit 3", k[] = "kill -USR1 $$";
	char nx[] = "/nonexistent/command";
	char *const exit3[] = { sh, c, e3, NULL };
	char *const killed[] = { sh, c, k, NULL };
	char *const missing[] = { nx, NULL };
	struct nsenter_opts o;
	struct nsenter_error err;
	int status;

	(void)state;
	NEED_TARGET();
	record(REAL);
	opts_for_target(&o, UNU);
	assert_int_equal(nsenter_exec(&o, exit3, &status, &err), 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 3);
	assert_int_equal(nsenter_exec(&o, killed, &status, &err), 0);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGUSR1);
	assert_int_equal(nsenter_exec(&o, missing, &status, &err), -ENOENT);
	assert_int_equal(err.stage, NSENTER_E_EXEC);
	assert_string_equal(err.path, "/nonexistent/command");
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 127);
}

/* --- forking and relaying ------------------------------------------------------- */

static void test_fork_wait_relay(void **state)
{
	struct nsenter_child c;
	int status, rc;

	(void)state;
	rc = nsenter_fork(&c);
	if (rc == 0)
		_exit(6);
	assert_int_equal(rc, 1);
	assert_int_equal(nsenter_wait(&c, &status), 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 6);

	/* a signal another process sends us goes on to the child */
	if (nsenter_fork(&c) == 0) {
		for (;;)
			pause();
	}
	kill(getpid(), SIGUSR2);
	assert_int_equal(nsenter_wait(&c, &status), 0);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGUSR2);
}

/* --- sockets ---------------------------------------------------------------- */

static void test_socket_netns(void **state)
{
	int sk = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), fd, pidfd;
	struct stat st;

	(void)state;
	assert_true(sk >= 0);
	fd = nsenter_socket_netns(-1, sk);
	if (fd == -EPERM && geteuid() != 0) {
		/* SIOCGSKNS needs CAP_NET_ADMIN over the socket's namespace */
		close(sk);
		skip();
	}
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_ino, ino_of("/proc/self/ns/net"));
	close(fd);
	/* through a pidfd, as for a target's descriptor */
	pidfd = __real_sys_pidfd_open(getpid(), 0);
	if (pidfd < 0) {
		close(sk);
		skip();
	}
	fd = nsenter_socket_netns(pidfd, sk);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(nsenter_socket_netns(pidfd, 999), -EBADF);
	close(pidfd);
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_int_equal(nsenter_socket_netns(-1, fd), -ENOTSOCK);
	close(fd);
	close(sk);
}

/* --- cgroups ---------------------------------------------------------------- */

static void free_paths(char **p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i]);
	free(p);
}

static const char hybrid_mi[] =
	"30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	"31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct\n"
	"34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
	"39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd\n"
	"40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate\n";

static void test_cgroup_paths(void **state)
{
	static const char v2_mi[] =
		"22 1 254:0 / / rw - ext4 /dev/vda rw\n"
		"35 22 0:30 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n";
	static const char ns_mi[] =
		"35 22 0:30 /docker/abc /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";
	static const char cg_v2[] = "0::/system.slice/docker-ab.scope\n";
	static const char cg_hybrid[] =
		"9:name=systemd:/user.slice\n"
		"8:pids:/\n"
		"4:memory:/kubepods/pod1\n"
		"1:cpu,cpuacct:/a b\n"
		"0::/\n";
	char **p;
	size_t n;

	(void)state;
	assert_int_equal(nsenter_cgroup_paths(v2_mi, strlen(v2_mi), cg_v2, strlen(cg_v2), &p, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(p[0], "/sys/fs/cgroup/system.slice/docker-ab.scope/cgroup.procs");
	free_paths(p, n);

	/* hybrid: every mounted hierarchy, v1 by its controllers; pids is not mounted */
	assert_int_equal(nsenter_cgroup_paths(hybrid_mi, strlen(hybrid_mi), cg_hybrid,
					      strlen(cg_hybrid), &p, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(p[0], "/sys/fs/cgroup/systemd/user.slice/cgroup.procs");
	assert_string_equal(p[1], "/sys/fs/cgroup/memory/kubepods/pod1/cgroup.procs");
	assert_string_equal(p[2], "/sys/fs/cgroup/cpu,cpuacct/a b/cgroup.procs");
	assert_string_equal(p[3], "/sys/fs/cgroup/unified/cgroup.procs");
	free_paths(p, n);

	/* a mount of a subtree (inside a cgroup namespace of a container) */
	{
		static const char cg[] = "0::/docker/abc/sub\n";
		static const char out[] = "0::/other\n";

		assert_int_equal(nsenter_cgroup_paths(ns_mi, strlen(ns_mi), cg, strlen(cg), &p, &n),
				 0);
		assert_int_equal(n, 1);
		assert_string_equal(p[0], "/sys/fs/cgroup/sub/cgroup.procs");
		free_paths(p, n);
		/* outside the mounted subtree: not reachable here */
		assert_int_equal(nsenter_cgroup_paths(ns_mi, strlen(ns_mi), out, strlen(out), &p,
						      &n), 0);
		assert_int_equal(n, 0);
	}
	/* outside the reader's cgroup namespace */
	{
		static const char esc[] = "0::/../../x\n";

		assert_int_equal(nsenter_cgroup_paths(v2_mi, strlen(v2_mi), esc, strlen(esc), &p, &n),
				 -EXDEV);
	}
	/* nothing that parses */
	assert_int_equal(nsenter_cgroup_paths(v2_mi, strlen(v2_mi), "junk\n", 5, &p, &n), -EINVAL);
	assert_int_equal(nsenter_cgroup_paths(v2_mi, strlen(v2_mi), "", 0, &p, &n), -EINVAL);
	/* escaped mount points */
	{
		static const char mi[] = "35 22 0:30 / /mnt/cg\\040two rw - cgroup2 cgroup2 rw\n";

		assert_int_equal(nsenter_cgroup_paths(mi, strlen(mi), cg_v2, strlen(cg_v2), &p, &n),
				 0);
		assert_string_equal(p[0], "/mnt/cg two/system.slice/docker-ab.scope/cgroup.procs");
		free_paths(p, n);
	}
}

/* The paths land on the files of a cgroup tree: a fake one, v2 and v1. */
static void test_cgroup_fake_tree(void **state)
{
	char tmpl[] = "/tmp/nskit-cgroup.XXXXXX", mi[2048], cmd[PATH_MAX * 2];
	static const char cg[] =
		"4:memory:/kubepods/pod1\n"
		"0::/kubepods.slice/kubepods-pod1.slice/cri-containerd-aa.scope\n";
	char *dir = mkdtemp(tmpl), **p;
	size_t n;

	(void)state;
	assert_non_null(dir);
	snprintf(cmd, sizeof(cmd), "set -e; cd '%s'; "
		 "mkdir -p unified/kubepods.slice/kubepods-pod1.slice/cri-containerd-aa.scope "
		 "memory/kubepods/pod1; "
		 "touch unified/kubepods.slice/kubepods-pod1.slice/cri-containerd-aa.scope/cgroup.procs "
		 "memory/kubepods/pod1/cgroup.procs", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(mi, sizeof(mi),
		 "34 30 0:31 / %s/memory rw - cgroup cgroup rw,memory\n"
		 "40 30 0:37 / %s/unified rw - cgroup2 cgroup2 rw\n", dir, dir);
	assert_int_equal(nsenter_cgroup_paths(mi, strlen(mi), cg, strlen(cg), &p, &n), 0);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		int fd = open(p[i], O_WRONLY | O_CLOEXEC);
		char back[8] = "";

		assert_true(fd >= 0);
		assert_int_equal(write(fd, "0", 1), 1);
		close(fd);
		fd = open(p[i], O_RDONLY | O_CLOEXEC);
		assert_int_equal(read(fd, back, sizeof(back)), 1);
		close(fd);
		assert_string_equal(back, "0");
	}
	free_paths(p, n);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* --- the default shell ------------------------------------------------------- */

static void test_default_shell(void **state)
{
	char tmpl[] = "/tmp/nskit-shell.XXXXXX", cmd[PATH_MAX], buf[PATH_MAX];
	char *root = mkdtemp(tmpl);

	(void)state;
	assert_non_null(root);
	snprintf(cmd, sizeof(cmd), "set -e; cd '%s'; mkdir -p etc bin usr/bin; "
		 "printf 'root:x:0:0:root:/root:/bin/bash\\nsvc:x:42:42::/:/usr/sbin/nologin\\n"
		 "bad line\\nweb:x:1000:1000::/home/web:/bin/zsh\\n' >etc/passwd; "
		 "printf '#!/bin/sh\\n' >bin/bash; chmod 755 bin/bash; : >bin/zsh; "
		 "printf '#!/bin/sh\\n' >usr/bin/fish; chmod 755 usr/bin/fish", root);
	assert_int_equal(system(cmd), 0);
	/* the passwd entry's shell, when it exists in that root */
	assert_int_equal(nsenter_default_shell(root, 0, "/usr/bin/fish", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/bin/bash");
	/* not executable there (zsh), or absent (nologin): $SHELL if it is there */
	assert_int_equal(nsenter_default_shell(root, 1000, "/usr/bin/fish", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/usr/bin/fish");
	assert_int_equal(nsenter_default_shell(root, 42, "/usr/bin/fish", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/usr/bin/fish");
	/* else /bin/sh */
	assert_int_equal(nsenter_default_shell(root, 7, "/bin/nosuch", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/bin/sh");
	assert_int_equal(nsenter_default_shell(root, 7, NULL, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/bin/sh");
	assert_int_equal(nsenter_default_shell(root, 7, "relative/sh", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/bin/sh");
	assert_int_equal(nsenter_default_shell(root, 0, NULL, buf, 4), -ENAMETOOLONG);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(nsenter_default_shell("/nonexistent", 0, NULL, buf, sizeof(buf)), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_opts_and_messages),
		cmocka_unit_test(test_kernel_types),
		cmocka_unit_test(test_foreign_proc_root),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_no_process),
		cmocka_unit_test(test_error_has_errno),
		cmocka_unit_test(test_pidfd_open_thread),
		cmocka_unit_test(test_pidfd_atomic),
		cmocka_unit_test(test_pidfd_privileged_order),
		cmocka_unit_test(test_pidfd_refused_names_type),
		cmocka_unit_test(test_old_kernel_falls_back),
		cmocka_unit_test(test_files_unprivileged_order),
		cmocka_unit_test(test_files_half_entered),
		cmocka_unit_test(test_all_shared_dropped),
		cmocka_unit_test(test_run_in),
		cmocka_unit_test(test_exec),
		cmocka_unit_test(test_fork_wait_relay),
		cmocka_unit_test(test_socket_netns),
		cmocka_unit_test(test_cgroup_paths),
		cmocka_unit_test(test_cgroup_fake_tree),
		cmocka_unit_test(test_default_shell),
	};

	return cmocka_run_group_tests(tests, start_target, stop_target);
}
