/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nstop's sampler: fills nstop_model samples from the proc root, cheaply.
 *
 * The processes come from common/snapshot's refresh walk, which carries
 * what a process is in (namespaces, container) from the previous sample
 * for as long as the same (pid, start time) runs the same command: a
 * steady sample costs a directory read of the proc root and one read of
 * /proc/PID/stat per process. Containers live in one index across samples
 * and leave it with their last process.
 *
 * What the sampler adds is nstop's own. For network namespaces, one
 * rtnetlink socket per namespace is opened once (entering it for that
 * moment only) and kept: a dump of its links' counters per sample, with no
 * setns(2) after the first. A socket holds a reference on its namespace,
 * so sockets of namespaces without processes are closed at once: nstop
 * must never be what keeps a namespace alive. For the tree view, the
 * ancestors of every pid and user namespace, asked once per namespace.
 *
 * For the columns of docker stats, the cgroup figures of every container
 * (common/cgroup): where its cgroup is, in each hierarchy, is found once
 * per container from the /proc/PID/cgroup of one of its processes, cut
 * to the container's own level (a Podman container's processes sit in a
 * "container" cgroup below it, an LXC one's all over its tree); then a
 * sample reads a few small files per container, not per process. The
 * processes of the drill-down have their /proc/PID/io read as well.
 */
#ifndef NSKIT_NSTOP_SAMPLE_H
#define NSKIT_NSTOP_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cgroup.h"
#include "hashmap.h"
#include "netlink.h"
#include "model.h"
#include "procfs.h"

enum {
	NSTOP_SAMPLE_NET	= 1 << 0,	/* interface counters of net namespaces */
	NSTOP_SAMPLE_TREE	= 1 << 1,	/* ancestors of pid and user namespaces */
	NSTOP_SAMPLE_NETLIM	= 1 << 2,	/* ... and the token buckets at their links' roots */
};
/* The cgroup figures of containers: CGROUP_STAT_* bits, in the flags. */
#define NSTOP_SAMPLE_CG(stat)	((unsigned int)(stat) << 8)
#define NSTOP_SAMPLE_CG_OF(flags) (((flags) >> 8) & 0xffu)

/* Where a container's cgroup is, found once: paths per hierarchy (NULL: none of its own). */
struct nstop_ctcg {
	uint64_t key;			/* the container's */
	char *rel[CGROUP_HIER_MAX];	/* owned */
	struct cgroup_files files;	/* its statistics files, kept open */
	unsigned int seen;		/* sample generation it was last in */
};

struct nstop_netsock {
	uint64_t ino;
	struct netlink nl;
	bool open;
	int err;			/* why it could not be opened (kept: no retry) */
	unsigned int seen;		/* sample generation it was last used in */
};

/* What the sampler read, for tests and benchmarks (cumulative). */
struct nstop_sampler_stats {
	struct snapshot_stats procs;	/* the walks */
	unsigned long link_dumps;
	unsigned long netns_opens;
	unsigned long qdisc_dumps;
	unsigned long cgroup_finds;	/* containers whose cgroup was looked for */
	unsigned long cgroup_reads;	/* containers whose figures were read */
	unsigned long io_reads;		/* /proc/PID/io */
};

struct nstop_sampler {
	struct procfs *pfs;		/* not owned */
	struct nstop_sample samples[2];
	int cur;			/* the latest; the other is the previous */
	unsigned int gen;		/* samples taken */
	uint64_t self_net;		/* nstop's own network namespace */
	struct snapshot_cts cts;	/* the containers of both samples */

	struct nstop_netsock *socks;	/* owned; ascending inode */
	size_t nsocks, sock_cap;

	struct cgroup_layout cg;	/* the hierarchies, when the proc root is live */
	bool have_cg;
	struct nstop_ctcg *ctcgs;	/* owned; ascending key */
	size_t nctcgs, ctcg_cap;

	struct hashmap seen;		/* scratch */
	struct nstop_sampler_stats stats;
};

int nstop_sampler_init(struct nstop_sampler *s, struct procfs *pfs, const char *sysroot);
void nstop_sampler_release(struct nstop_sampler *s);

/*
 * Take the next sample (NSTOP_SAMPLE_* flags), which becomes the current
 * one; the one before is kept as the previous. now is the time of the
 * sample in seconds on the clock of the processes' start times
 * (CLOCK_BOOTTIME for a live proc root): the caller's, so that tests
 * choose it whatever the machine's uptime. Processes that vanish
 * during the walk are left out. -ENOTRECOVERABLE when entering a network
 * namespace left the thread unable to come back (it must not go on);
 * -ENOMEM; other errors of reading the proc root itself.
 */
int nstop_sampler_take(struct nstop_sampler *s, unsigned int flags, double now);

struct nstop_sample *nstop_sampler_cur(struct nstop_sampler *s);
/* NULL before the second sample. */
struct nstop_sample *nstop_sampler_prev(struct nstop_sampler *s);

/* The command line of p, once per process (kept until its name changes). */
void nstop_sampler_load_cmdline(struct nstop_sampler *s, struct task *p);
/* The user and namespaced PID of p, once per process (/proc/PID/status). */
int nstop_sampler_load_status(struct nstop_sampler *s, struct task *p);
/*
 * The block I/O of p (/proc/PID/io) into the current sample, for the
 * drill-down: called once per sample, in ascending pid order.
 */
int nstop_sampler_load_io(struct nstop_sampler *s, const struct task *p);

/* read_bytes and write_bytes of a /proc/PID/io text: 0, or -EINVAL. */
int nstop_parse_io(const char *text, size_t len, uint64_t *rbytes, uint64_t *wbytes);
/*
 * A container's own cgroup from the path of one of its processes: the
 * shortest prefix of path (len bytes) in which common/container finds
 * that container. malloc'ed; NULL when there is none (the process sits in
 * a hierarchy's root, or in no cgroup of its container there).
 */
char *nstop_ct_cgroup(const char *path, size_t len, const struct container_info *ct);

#endif
