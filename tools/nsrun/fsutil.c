// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Files beneath a directory descriptor, never through a symbolic link
 * (see fsutil.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "fsutil.h"
#include "sys.h"

/* Deeper than PATH_MAX allows to make with one path: nothing nsrun made, nor a layer. */
#define TREE_DEPTH_MAX 2048

int fsutil_open_beneath(int dirfd, const char *path, int flags, mode_t mode)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		.mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	int fd = sys_openat2(dirfd, path, &how, sizeof(how));

	return fd < 0 ? -errno : fd;
}

static int remove_in(int dfd, const char *name, int depth)
{
	struct dirent *d;
	DIR *dir;
	int fd, rc = 0;

	if (unlinkat(dfd, name, 0) == 0)
		return 0;
	if (errno != EISDIR)
		return -errno;
	if (depth > TREE_DEPTH_MAX)
		return -ELOOP;
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == EACCES) {
		/* a directory of mode 000 (overlayfs' work/work): ours to open */
		if (fchmodat(dfd, name, 0700, 0) == 0)
			fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	}
	if (fd < 0)
		return -errno;
	dir = fdopendir(fd);
	if (!dir) {
		rc = -errno;
		close(fd);
		return rc;
	}
	while ((d = readdir(dir))) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		rc = remove_in(dirfd(dir), d->d_name, depth + 1);
		if (rc < 0 && rc != -ENOENT)
			break;
		rc = 0;
	}
	closedir(dir);
	if (rc < 0)
		return rc;
	return unlinkat(dfd, name, AT_REMOVEDIR) < 0 ? -errno : 0;
}

int fsutil_remove_tree(int dirfd, const char *name)
{
	if (!*name || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return -EINVAL;
	return remove_in(dirfd, name, 0);
}

int fsutil_mkdir_open(int dirfd, const char *name, mode_t mode, bool exist_ok)
{
	if (mkdirat(dirfd, name, mode) < 0 && (errno != EEXIST || !exist_ok))
		return -errno;
	return fsutil_open_beneath(dirfd, name, O_RDONLY | O_DIRECTORY, 0);
}
