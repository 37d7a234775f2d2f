// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The root file system of a container that runs an image: an overlay
 * whose lower layer is the image's root in the store (read-only, shared
 * by every container of the image) and whose upper layer is the
 * container's own, $STATE/rootfs/NAME/upper (with overlayfs' work
 * directory beside it, and the mount point, root). The overlay is mounted
 * in the container's mount namespace only, and goes with it; the
 * directories go with the container: with its launcher's clean-up, rm,
 * or gc for one whose launcher was killed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "fsutil.h"
#include "nsrun.h"
#include "sys.h"

struct remove_args {
	int dfd;
	const char *name;
};

static int remove_fn(void *arg)
{
	const struct remove_args *a = arg;
	int rc = fsutil_remove_tree(a->dfd, a->name);

	return rc < 0 ? -rc : 0;
}

int nsrun_rootfs_remove(const char *name)
{
	struct remove_args a = { .name = name };
	struct stat sb;
	int rc;

	if (runstate_valid_name(name) < 0)
		return -EINVAL;
	a.dfd = runstate_subdir(RUNSTATE_ROOTFS, false);
	if (a.dfd < 0)
		return a.dfd;
	if (fstatat(a.dfd, name, &sb, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	/*
	 * A rootless container's files belong to the ids of its user
	 * namespace (its subordinate ids), and its directories may be
	 * theirs: only root of such a namespace may remove them all.
	 */
	rc = nsrun_userns_run(remove_fn, &a);
	return rc > 0 ? -rc : rc;
}

void nsrun_overlay_prepare(struct nsrun_launch *l)
{
	static const char *const dirs[] = { "upper", "work", "root" };
	char path[PATH_MAX];
	int dfd, cfd, rc;

	dfd = runstate_subdir(RUNSTATE_ROOTFS, true);
	if (dfd < 0)
		nsrun_die_errno(dfd, "cannot make '%s/rootfs'", runstate_dir());
	/* the name is this container's (its record says so): what is there is a leftover */
	rc = nsrun_rootfs_remove(l->st.name);
	if (rc < 0 && rc != -ENOENT)
		nsrun_die_errno(rc, "cannot remove what is left in '%s/rootfs/%s'", runstate_dir(),
				l->st.name);
	cfd = fsutil_mkdir_open(dfd, l->st.name, 0700, false);
	if (cfd < 0)
		nsrun_die_errno(cfd, "cannot make '%s/rootfs/%s'", runstate_dir(), l->st.name);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		rc = fsutil_mkdir_open(cfd, dirs[i], 0755, false);
		if (rc < 0)
			nsrun_die_errno(rc, "cannot make '%s/rootfs/%s/%s'", runstate_dir(),
					l->st.name, dirs[i]);
		close(rc);
	}
	close(cfd);
	snprintf(l->ov_dir, sizeof(l->ov_dir), "%s/rootfs/%s", runstate_dir(), l->st.name);
	if (snprintf(path, sizeof(path), "%s/root", l->ov_dir) >= (int)sizeof(path))
		nsrun_die("state directory '%s' has too long a path", runstate_dir());
	free(l->o->rootfs);
	l->o->rootfs = strdup(path);
	if (!l->o->rootfs)
		nsrun_die("out of memory");
	snprintf(l->st.rootfs, sizeof(l->st.rootfs), "%s", path);
}

/* A directory by its absolute path, no symbolic link on the way (the store's, the state's). */
static int open_dir(const char *dir, const char *name)
{
	struct open_how how = {
		.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	char path[PATH_MAX];
	int fd;

	if (snprintf(path, sizeof(path), "%s%s%s", dir, name ? "/" : "", name ? name : "") >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = sys_openat2(AT_FDCWD, path, &how, sizeof(how));
	return fd < 0 ? -errno : fd;
}

int nsrun_overlay_mount(const struct nsrun_launch *l)
{
	char opts[256], target[64];
	int fd[4], rc = 0;

	/*
	 * Opened here, in the container's mount namespace, where overlayfs
	 * must find its layers' mounts, and mounted by /proc/self/fd: no
	 * path is resolved again, and none can hold the ',' or ':' that
	 * overlayfs' options would misread. A user namespace's overlay keeps
	 * its own attributes as user.overlay.* (userxattr).
	 */
	fd[0] = open_dir(l->o->image_root, NULL);
	fd[1] = open_dir(l->ov_dir, "upper");
	fd[2] = open_dir(l->ov_dir, "work");
	fd[3] = open_dir(l->ov_dir, "root");
	for (int i = 0; i < 4; i++)
		if (fd[i] < 0 && !rc)
			rc = fd[i];
	if (!rc) {
		snprintf(opts, sizeof(opts), "lowerdir=/proc/self/fd/%d,upperdir=/proc/self/fd/%d,"
			 "workdir=/proc/self/fd/%d%s", fd[0], fd[1], fd[2],
			 l->rootless ? ",userxattr" : "");
		snprintf(target, sizeof(target), "/proc/self/fd/%d", fd[3]);
		if (mount("overlay", target, "overlay", MS_NOSUID | MS_NODEV, opts) < 0)
			rc = -errno;
	}
	for (int i = 0; i < 4; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	return rc;
}
