// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * User namespaces as nsrun maps them: root's (ids 0-65535 onto
 * themselves) and a rootless caller's (root inside is the caller, and
 * with subordinate ids, 1 and up are those), for containers and for the
 * work on files that containers own: a rootless image's layers, written
 * with their owners, and a rootless container's overlay, whose files
 * belong to ids the caller cannot remove outside the namespace.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsrun.h"
#include "procfs.h"

/* Write a file of /proc/PID/: uid_map, gid_map, setgroups. */
static int write_proc(pid_t pid, const char *file, const char *text)
{
	char path[64];
	ssize_t n;
	int fd, e;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	e = n < 0 ? -errno : 0;
	close(fd);
	return e;
}

/* Read a small file whole (/etc/subuid); NULL when it cannot be read. */
static char *slurp(const char *path, size_t *len)
{
	char *buf;

	if (procfs_read_at(AT_FDCWD, path, 1 << 20, &buf, len) < 0)
		return NULL;
	return buf;
}

/* The first range of a user in /etc/subuid (or subgid). */
static bool subid_range(const char *file, const char *user, uint32_t id, uint32_t *start,
			uint32_t *count)
{
	size_t len;
	char *buf = slurp(file, &len);
	bool ok;

	if (!buf)
		return false;
	ok = runspec_subid_lookup(buf, len, user, id, start, count) == 0;
	free(buf);
	return ok;
}

/* newuidmap or newgidmap, the setuid helpers of shadow's uidmap package. */
static int run_idmap(const char *helper, pid_t pid, uint32_t id, uint32_t start, uint32_t count)
{
	char a[5][16];
	pid_t h;
	int status;

	snprintf(a[0], sizeof(a[0]), "%d", (int)pid);
	snprintf(a[1], sizeof(a[1]), "%u", id);
	snprintf(a[2], sizeof(a[2]), "%u", start);
	snprintf(a[3], sizeof(a[3]), "%u", count);
	h = fork();
	if (h < 0)
		return -errno;
	if (h == 0) {
		execlp(helper, helper, a[0], "0", a[1], "1", "1", a[2], a[3], (char *)NULL);
		_exit(127);
	}
	while (waitpid(h, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -EPERM;
}

static bool in_path(const char *cmd)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];

	if (!path)
		path = "/usr/bin:/bin";
	for (const char *p = path; *p;) {
		size_t len = strcspn(p, ":");

		if (len && snprintf(buf, sizeof(buf), "%.*s/%s", (int)len, p, cmd) < (int)sizeof(buf) &&
		    access(buf, X_OK) == 0)
			return true;
		p += len;
		p += *p == ':';
	}
	return false;
}

/*
 * Root maps 0-65535 onto itself, so that the container's root is the
 * caller and -u works for ordinary ids. Another user maps root onto
 * itself; with newuidmap installed and ranges in /etc/subuid and
 * /etc/subgid, ids 1.. map onto the user's subordinate ids too (the
 * setuid helper checks that they are the user's: we could not write such
 * a map ourselves). Without, only root exists inside, and setgroups(2)
 * must be denied before an unprivileged gid_map is written.
 */
int nsrun_userns_map(pid_t pid, bool rootless, uid_t uid, gid_t gid)
{
	char map[64];
	int rc;

	if (!rootless) {
		rc = write_proc(pid, "uid_map", "0 0 65536\n");
		if (!rc)
			rc = write_proc(pid, "gid_map", "0 0 65536\n");
		return rc;
	}
	{
		struct passwd *pw = getpwuid(uid);
		uint32_t us, uc, gs, gc;

		/* both files name the user who may use the ranges, by name or uid (subgid(5)) */
		if (pw && in_path("newuidmap") && in_path("newgidmap") &&
		    subid_range("/etc/subuid", pw->pw_name, uid, &us, &uc) &&
		    subid_range("/etc/subgid", pw->pw_name, uid, &gs, &gc) &&
		    run_idmap("newuidmap", pid, uid, us, uc) == 0 &&
		    run_idmap("newgidmap", pid, gid, gs, gc) == 0)
			return 0;
	}
	rc = write_proc(pid, "setgroups", "deny\n");
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned int)uid);
	if (!rc)
		rc = write_proc(pid, "uid_map", map);
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned int)gid);
	if (!rc)
		rc = write_proc(pid, "gid_map", map);
	return rc;
}

int nsrun_userns_run(int (*fn)(void *arg), void *arg)
{
	int go[2], ready[2], status, rc = 0;
	char c = 0;
	pid_t pid;

	if (geteuid() == 0)
		return fn(arg);
	if (pipe2(go, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(ready, O_CLOEXEC) < 0) {
		rc = -errno;
		goto out_go;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		goto out_ready;
	}
	if (pid == 0) {
		close(go[1]);
		close(ready[0]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		c = unshare(CLONE_NEWUSER) < 0 ? 'F' : 'U';
		if (write(ready[1], &c, 1) != 1 || c != 'U')
			_exit(125);
		/* the maps, written by the parent: then root here is the caller */
		if (read(go[0], &c, 1) != 1 || c != 'G')
			_exit(125);
		if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
			_exit(125);
		c = (char)(fn(arg) & 0xff);
		fflush(NULL);
		_exit((unsigned char)c);
	}
	close(go[0]);
	close(ready[1]);
	go[0] = ready[1] = -1;
	if (read(ready[0], &c, 1) != 1 || c != 'U')
		rc = -EPERM;
	else
		rc = nsrun_userns_map(pid, true, geteuid(), getegid());
	c = rc ? 'F' : 'G';
	if (write(go[1], &c, 1) != 1 && !rc)
		rc = -EPIPE;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = 0;
			break;
		}
	if (!rc)
		rc = WIFEXITED(status) ? WEXITSTATUS(status) : -EINTR;
out_ready:
	if (ready[0] >= 0)
		close(ready[0]);
	if (ready[1] >= 0)
		close(ready[1]);
out_go:
	if (go[0] >= 0)
		close(go[0]);
	if (go[1] >= 0)
		close(go[1]);
	return rc;
}
