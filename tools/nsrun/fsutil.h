/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Files below a directory that nsrun owns (the image store, a container's
 * overlay) and whose contents it does not trust: an image's layers, what a
 * container wrote. Every path is resolved beneath a directory descriptor,
 * and no symbolic link is ever followed, not even one in the middle of a
 * path: what a link points at is the container's business, never a place
 * for nsrun to write or remove.
 */
#ifndef NSKIT_NSRUN_FSUTIL_H
#define NSKIT_NSRUN_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * openat2() of path beneath dirfd (O_CLOEXEC added): RESOLVE_BENEATH,
 * RESOLVE_NO_SYMLINKS and RESOLVE_NO_MAGICLINKS, so that ".." cannot climb
 * out and a symbolic link anywhere in path is -ELOOP. The fd, or -errno.
 */
int fsutil_open_beneath(int dirfd, const char *path, int flags, mode_t mode);

/*
 * Remove name in dirfd, and everything below it when it is a directory,
 * without following a symbolic link; a directory that its owner made
 * unreadable (mode 000, as overlayfs' work directory) is opened after a
 * chmod. 0, -ENOENT when there is nothing of that name, or -errno (-ELOOP
 * for a tree deeper than a directory could be made by a path).
 */
int fsutil_remove_tree(int dirfd, const char *name);

/*
 * mkdir name in dirfd with mode (an existing directory is fine: exist_ok),
 * and return an O_RDONLY | O_DIRECTORY descriptor of it, opened beneath.
 */
int fsutil_mkdir_open(int dirfd, const char *name, mode_t mode, bool exist_ok);

#endif
