/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The /proc walk: one directory fd for the proc root (default /proc, or a
 * --proc-root such as a host's /proc mounted in a pod, or a fixture tree of
 * plain files and symlinks), and every read relative to it.
 *
 * Readers return 0 or -errno. -ENOENT and -ESRCH mean the process is gone,
 * which is normal during a walk. Nothing here allocates behind the caller's
 * back except where a function says so, and everything is thread-safe.
 *
 * Used by every tool, through the snapshot and directly.
 */
#ifndef NSKIT_PROCFS_H
#define NSKIT_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nstype.h"

struct procfs {
	int rootfd;		/* O_DIRECTORY fd of the proc root; owned */
	char *root;		/* the path given (for messages and paths); owned */
	bool live;		/* a real procfs mount, not a fixture tree */
};

/* Open ROOT (NULL: "/proc"). -ENOTDIR/-ENOENT/-EACCES as the kernel says. */
int procfs_open(struct procfs *pfs, const char *root);
void procfs_close(struct procfs *pfs);

/* The numeric entries of the root, ascending, in a malloc'ed array. */
int procfs_list_pids(const struct procfs *pfs, pid_t **pids, size_t *n);

/* Is PID present (a directory PID under the root)? */
bool procfs_pid_exists(const struct procfs *pfs, pid_t pid);

/*
 * /proc/PID/ns/TYPE through readlinkat: the namespace's inode. -EBADMSG
 * when the link is not one of a namespace of that type ("net:[N]"), as a
 * broken tree that is not a live /proc may have.
 */
int procfs_read_ns(const struct procfs *pfs, pid_t pid, enum ns_type type, uint64_t *ino);

/* Open /proc/PID/ns/TYPE (O_RDONLY, without waiting): a namespace fd, or -errno. */
int procfs_open_ns(const struct procfs *pfs, pid_t pid, enum ns_type type);

/* Open any path relative to the root: "self/mountinfo", "42/fd/3". */
int procfs_openat(const struct procfs *pfs, const char *rel, int flags);

/*
 * Read a whole file relative to the root into a malloc'ed, NUL-terminated
 * buffer (*buf, *len without the NUL). Files in /proc report size 0, so the
 * buffer grows as needed up to max bytes (0: 16 MiB).
 *
 * Every reader here opens with O_NONBLOCK and reads only regular files:
 * anything else (a FIFO, a device, a directory) is -EINVAL, and nothing
 * waits for a writer. Relative to a live proc root, whose files are the
 * kernel's, the check costs nothing; elsewhere (a tree that is not a live
 * /proc, procfs_read_at's paths) it is one fstat(2) per file.
 */
int procfs_read_file(const struct procfs *pfs, const char *rel, size_t max, char **buf,
		     size_t *len);
/* The same from an open fd (a file, a pipe: until end of file), which stays open. */
int procfs_read_fd(int fd, size_t max, char **buf, size_t *len);
/* The same for a path relative to dirfd (AT_FDCWD: the working directory, or absolute). */
int procfs_read_at(int dirfd, const char *path, size_t max, char **buf, size_t *len);

/* Flags of procfs_read_at_flags(). */
enum {
	PROCFS_NOFOLLOW	= 1 << 0,	/* a symbolic link is not followed: -ELOOP */
	PROCFS_WHOLE	= 1 << 1,	/* a file of more than max bytes is -EFBIG, not cut */
};
/* procfs_read_at() for files of the host (runtime state under --host-root). */
int procfs_read_at_flags(int dirfd, const char *path, unsigned int flags, size_t max,
			 char **buf, size_t *len);

/* The same into a caller's buffer; returns the length read or -errno.
 * The result is NUL-terminated and truncated to size - 1. */
ssize_t procfs_read_small(const struct procfs *pfs, const char *rel, char *buf, size_t size);

/* /proc/PID/stat, the fields the tools use. */
struct proc_stat {
	pid_t pid;
	char comm[64];			/* without the parentheses */
	char state;
	pid_t ppid;
	pid_t pgrp;
	pid_t session;
	unsigned int flags;		/* PF_*: PF_KTHREAD is 0x00200000 */
	unsigned long long utime;	/* clock ticks */
	unsigned long long stime;
	long nice;
	long nthreads;
	unsigned long long starttime;	/* clock ticks after boot */
	unsigned long long vsize;	/* bytes */
	long long rss;			/* pages */
};

#define PROC_PF_KTHREAD 0x00200000u

int procfs_parse_stat(const char *buf, size_t len, struct proc_stat *st);
int procfs_read_stat(const struct procfs *pfs, pid_t pid, struct proc_stat *st);

/* /proc/PID/status, the fields the tools use. */
#define PROC_MAX_NSPID 32
struct proc_status {
	uid_t uid[4];			/* real, effective, saved, filesystem */
	gid_t gid[4];
	pid_t nspid[PROC_MAX_NSPID];	/* outermost first, as the kernel lists */
	int nspid_len;
	uint64_t cap_eff;
	uint64_t cap_prm;
	uint64_t cap_bnd;
	bool have_uid, have_gid, have_caps;
};

int procfs_parse_status(const char *buf, size_t len, struct proc_status *st);
int procfs_read_status(const struct procfs *pfs, pid_t pid, struct proc_status *st);

/*
 * The user of a process as lsns and ps show it: the owner of /proc/PID,
 * which is its effective uid (root for a process that is not dumpable).
 * One fstatat(2) on a live /proc; a fixture tree, whose files belong to
 * whoever made it, gives the effective uid of its status file instead.
 */
int procfs_read_uid(const struct procfs *pfs, pid_t pid, uid_t *uid);

/*
 * /proc/PID/cmdline as lsns shows it (procfs_cmdline_to_line()), malloc'ed
 * in *out. -ENODATA when empty (kernel threads, zombies). A command line is
 * cut at max bytes (0: 64 KiB).
 */
int procfs_read_cmdline(const struct procfs *pfs, pid_t pid, size_t max, char **out);
/*
 * Turn a raw cmdline buffer (NUL separated, len > 0 bytes, room for one
 * more) into one line, in place, as lsns does: NULs become spaces and the
 * last byte (the terminating NUL) goes; nothing else changes. Returns the
 * new length.
 */
size_t procfs_cmdline_to_line(char *buf, size_t len);

/* /proc/PID/comm without the newline. */
int procfs_read_comm(const struct procfs *pfs, pid_t pid, char *buf, size_t size);

/*
 * Call fn for every open descriptor of PID whose link is not an ordinary
 * path (nsfs "net:[N]", "socket:[N]", "pipe:[N]", "anon_inode:..."):
 * these are what a namespace or socket fd looks like. Also for a link that
 * is the bare "/": it says nothing, and it is what a namespace file opened
 * through a bind mount reads as once the mount is gone (ip netns delete).
 * One readlinkat per descriptor. fn returns 0 to go on.
 */
typedef int (*procfs_fd_fn)(void *data, pid_t pid, int fd, const char *link, size_t len);
int procfs_scan_fds(const struct procfs *pfs, pid_t pid, procfs_fd_fn fn, void *data);

/* Parse "socket:[12345]": 0 and *ino, or -EINVAL. */
int procfs_parse_socket_link(const char *buf, size_t len, uint64_t *ino);

#endif
