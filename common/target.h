/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one resolver for what a user names as a target: nsjoin -t, nsdiff's
 * A and B, nstop's "enter". It turns a word into a process (maybe none)
 * plus, per namespace type, where that namespace can be entered from.
 *
 * The forms, tried in this order for a word without a prefix:
 *
 *   1234                a PID (1 .. 4194304, the kernel's PID_MAX_LIMIT)
 *   net:[4026532205]    a namespace inode with its type (also "net:4026532205")
 *   4026532205          a namespace inode: numbers above PID_MAX_LIMIT cannot
 *                       be PIDs (nsfs inodes start near 0xF0000000), and nsfs
 *                       inodes are unique across types, so the type is found
 *   /run/netns/blue     a namespace file: an nsfs bind mount, /proc/PID/ns/net
 *   web1                an nsrun container (a record in runstate_dir())
 *   web-nginx, 3f4e1a   a container's name, full id or unique id prefix, as
 *                       common/container recognises it from cgroup paths
 *                       (any runtime of its table; a prefix only of hex ids)
 *   default/shop        a Kubernetes pod, NAMESPACE/NAME: its sandbox (pause)
 *                       container, which holds the pod's net, ipc and uts
 *   default/shop/app    one container of a pod
 *   1b2c3d4e-5f60-...   a pod UID
 *   blue                a named network namespace, /run/netns/blue
 *
 * A prefix forces one form and nothing else is tried: "pid:1234",
 * "nsrun:web1", "container:3f4e", "pod:default/shop", "netns:blue",
 * "ns:/path" (for a container whose name is all digits, say).
 *
 * A container is entered through its init: the lowest PID whose parent is
 * not in the same container (the root of its process tree), which is the
 * process runtimes start first and the one whose namespaces the others
 * share. An id prefix or a name that matches several containers is an
 * error (-ENOTUNIQ) that returns the candidates for the tool to list.
 *
 * Resolution reads the proc root it is given (a live /proc, a --proc-root,
 * or a fixture tree) and opens no namespace, except a namespace file whose
 * type only the kernel can tell (a bind mount: NS_GET_NSTYPE) and one that
 * only a socket holds (it has no path); target_open() then pins
 * what was found on a live system: a pidfd for the process, checked
 * against the start time seen while resolving (a PID recycled in between is
 * -ESRCH, never entered), and an fd for each namespace file, checked
 * against the inode seen while resolving.
 */
#ifndef NSKIT_TARGET_H
#define NSKIT_TARGET_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "container.h"
#include "nstype.h"
#include "procfs.h"

/* PIDs never exceed this (PID_MAX_LIMIT on 64-bit kernels); larger numbers are inodes. */
#define TARGET_PID_MAX		4194304
#define TARGET_LABEL_MAX	(CT_NAME_MAX + 96)

enum target_kind {
	TARGET_PID,		/* a process by PID */
	TARGET_NSINODE,		/* a namespace by inode */
	TARGET_NSFILE,		/* a namespace file given by path */
	TARGET_NSRUN,		/* an nsrun container, by its state record */
	TARGET_CONTAINER,	/* a container found from cgroup paths */
	TARGET_POD,		/* a Kubernetes pod (its sandbox container) */
	TARGET_NETNS,		/* a named network namespace under /run/netns */
	TARGET_NAME,		/* target_parse() only: a word, any of the four above */
	TARGET_NKINDS,
};

/* "pid", "namespace", "namespace file", "nsrun container", "container",
 * "pod", "netns", "name". */
const char *target_kind_name(enum target_kind kind);

/* The form of a target argument, before anything is looked up. */
struct target_spec {
	enum target_kind kind;
	bool prefixed;		/* "kind:" was given: only that kind is tried */
	pid_t pid;		/* TARGET_PID */
	enum ns_type type;	/* TARGET_NSINODE: NS_UNKNOWN for a bare number */
	uint64_t ino;		/* TARGET_NSINODE */
	const char *word;	/* the rest (name, id, path, pod): points into the argument */
};

/*
 * Parse a target argument (pure: no I/O). Returns 0, or -EINVAL for text
 * that is no target at all: empty, "0", a number that overflows, a
 * malformed "type:[inode]", a prefix with nothing after it, a netns name
 * with a '/', or anything with a control character.
 */
int target_parse(const char *arg, struct target_spec *spec);

/* One of several containers a word matched (-ENOTUNIQ). */
struct target_candidate {
	pid_t pid;				/* its init */
	struct container_info ct;
};

struct target {
	struct target_spec spec;	/* what was asked */
	enum target_kind kind;		/* what it turned out to be (never TARGET_NAME) */
	pid_t pid;			/* the process to enter from; 0 when none */
	unsigned long long starttime;	/* of pid (stat field 22): tells a reused PID apart */
	ns_mask_t types;		/* the types this target offers a namespace of */
	ns_mask_t denied;		/* ... of which the link could not be read (EACCES) */
	uint64_t ino[NS_NTYPES];	/* inode per type, 0 when unknown */
	/*
	 * Per type, a file to enter instead of /proc/PID/ns/TYPE (namespace
	 * files, inodes held by a descriptor or a bind mount); owned. NULL
	 * where the namespace is pid's own.
	 */
	char *path[NS_NTYPES];
	/* Per type, an open namespace fd (target_open(), or a namespace only
	 * a socket holds, which has no path); owned; -1 when none. */
	int fd[NS_NTYPES];
	int pidfd;			/* target_open(): pins pid; owned; -1 */
	bool have_ct;
	struct container_info ct;	/* TARGET_CONTAINER, TARGET_POD, TARGET_NSRUN */
	char label[TARGET_LABEL_MAX];	/* for messages: "container web1 (nsrun, PID 4242)" */
	/*
	 * When resolution failed on a file of the proc root (its stat, a
	 * namespace link): that file, "/proc/201/ns/net", for the message;
	 * "" otherwise.
	 */
	char failed[PATH_MAX];

	struct target_candidate *candidates;	/* -ENOTUNIQ: what matched; owned */
	size_t ncandidates;
};

struct target_opts {
	const struct procfs *pfs;	/* the proc root to read (required) */
	const char *sysroot;		/* runtime state files and /run/netns under it ("/": NULL) */
	/*
	 * The types the caller means to use. A bare inode is looked up among
	 * these first; 0 means any. Nothing else depends on it.
	 */
	ns_mask_t types;
};

/* Make t empty (fds -1): required before target_resolve() or target_release(). */
void target_init(struct target *t);

/*
 * Resolve arg. Returns 0 with *t filled, or:
 *   -EINVAL     arg is not a target (see target_parse)
 *   -ESRCH      the PID does not exist, or the container (nsrun's, or one
 *               that its runtime's state names: t->have_ct) is not running
 *   -ENOENT     no container, pod, netns or namespace matches
 *   -ENOTUNIQ   several containers match: t->candidates lists them
 *   -ENOTTY     a namespace file that is not a namespace (TARGET_NSFILE, TARGET_NETNS)
 *   -EBADMSG    a link of the process is not a namespace link: t->failed names it
 *   other -errno from reading the proc root (t->failed names the file, where one failed)
 * t->spec and t->kind are set whatever the result, for messages.
 */
int target_resolve(const char *arg, const struct target_opts *opts, struct target *t);

/* Resolve the host: the initial namespaces, from kthreadd (PID 2) when it is
 * a kernel thread, else PID 1. TARGET_PID, label "host". */
int target_resolve_host(const struct target_opts *opts, struct target *t);

/*
 * Pin a resolved target on a live system: open a pidfd for t->pid and check
 * that the process still has the start time it had while resolving, and
 * open t->path[type] for the types in want (0: all of t->types), checking
 * each is the namespace (type and inode) seen while resolving.
 * -ESRCH when the process is gone or was replaced; -ENOSYS is not an error
 * (no pidfds before Linux 5.3): t->pidfd stays -1 and callers fall back to
 * /proc/PID/ns files. No pidfd either when pfs is not the caller's own
 * /proc (see nsenter_proc_is_ours()). On error *failed_type (if not NULL) names the
 * namespace type at fault, NS_UNKNOWN when it is the process.
 */
int target_open(struct target *t, const struct procfs *pfs, ns_mask_t want,
		enum ns_type *failed_type);

/* Close and free what t owns; t can be reused after target_init(). */
void target_release(struct target *t);

/* "3f4e1a2b5c6d  web-nginx  docker  PID 200": one line for a candidate. */
void target_candidate_line(const struct target_candidate *c, char *buf, size_t size);

struct snapshot;
struct task;

/* A container that target_match_container() found. */
struct target_match {
	const struct container_info *ct;	/* the snapshot's record, which its tasks share */
	struct task *init;			/* its init */
	bool pod;				/* word named a pod: ct is the pod's sandbox */
	bool stopped;				/* -ESRCH: ct names a container that does not run */
	struct target_candidate *candidates;	/* -ENOTUNIQ: what matched; owned */
	size_t ncandidates;
};

/*
 * The container word names among the processes of snap, found as
 * target_resolve() finds one. kind TARGET_CONTAINER takes a name, a full
 * id, "namespace/pod/container" or a unique prefix of a hex id;
 * TARGET_POD a pod's namespace/name or UID, which gives its sandbox;
 * TARGET_NAME either. An exact name or id wins over pods and prefixes, and
 * a monitor (conmon) is never taken. 0 with m->ct and m->init, -ENOENT,
 * -ESRCH with m->ct and m->stopped when only a container that does not run
 * (as its runtime's state says) has that name or id, -ENOTUNIQ with
 * m->candidates (the caller frees them), -EINVAL for an empty word (the
 * prefix of every id), or -ENOMEM.
 */
int target_match_container(struct snapshot *snap, const char *word, enum target_kind kind,
			   struct target_match *m);

#endif
