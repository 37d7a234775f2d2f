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
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "nsrun.h"

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
