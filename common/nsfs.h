/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Live-only kernel queries on namespace file descriptors (ioctl_ns(2)) and
 * the nsfs bind mounts listed in mountinfo. These cost syscalls, so callers
 * ask once per namespace and only for what a column or view needs.
 *
 * Used by the library itself, nsdiff, nstop and nsrun.
 */
#ifndef NSKIT_NSFS_H
#define NSKIT_NSFS_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "nstype.h"

/* NS_GET_USERNS: a new fd for the owning user namespace, or -errno
 * (-EPERM when it lies outside the caller's user namespace). */
int nsfs_get_userns(int nsfd);
/* NS_GET_PARENT (pid and user namespaces): a new fd, or -errno
 * (-EPERM at the top of the caller's view, -EINVAL for other types). */
int nsfs_get_parent(int nsfd);
/* NS_GET_NSTYPE. */
int nsfs_get_nstype(int nsfd, enum ns_type *type);
/* NS_GET_OWNER_UID (user namespaces only): the uid that created it. */
int nsfs_get_owner_uid(int nsfd, uid_t *uid);
/* The namespace identity of an fd: fstat's st_ino. */
int nsfs_fd_ino(int fd, uint64_t *ino);

/* One nsfs bind mount from mountinfo ("/run/netns/a" of "net:[4026532]"). */
struct nsfs_mount {
	enum ns_type type;
	uint64_t ino;
	char *target;		/* unescaped mount point; owned */
};

/*
 * Pick the nsfs mounts out of a mountinfo text. *out is malloc'ed (free
 * with nsfs_mounts_free); lines that are not nsfs or that are malformed
 * are skipped, as a mount table may change while it is read.
 */
int nsfs_parse_mountinfo(const char *buf, size_t len, struct nsfs_mount **out, size_t *n);
void nsfs_mounts_free(struct nsfs_mount *m, size_t n);

/*
 * One line of a mountinfo text cut into its fields, which point into the
 * text (not NUL-terminated, still escaped): "ID PARENT MAJ:MIN ROOT TARGET
 * OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER", one space between fields
 * (the kernel escapes those inside them; a field may be empty: a source).
 */
struct mountinfo_line {
	const char *id, *parent, *dev, *root, *target, *options;
	const char *fstype, *source, *super;
	size_t id_len, parent_len, dev_len, root_len, target_len, options_len;
	size_t fstype_len, source_len, super_len;
};

/* Split the line [p, eol) (no newline); false when it is not one. */
bool mountinfo_split(const char *p, const char *eol, struct mountinfo_line *m);

/* Decode mountinfo's octal escapes (\040 for a space) in place. */
void mountinfo_unescape(char *s);

#endif
