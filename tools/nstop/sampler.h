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
 */
#ifndef NSKIT_NSTOP_SAMPLE_H
#define NSKIT_NSTOP_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hashmap.h"
#include "netlink.h"
#include "model.h"
#include "procfs.h"

enum {
	NSTOP_SAMPLE_NET	= 1 << 0,	/* interface counters of net namespaces */
	NSTOP_SAMPLE_TREE	= 1 << 1,	/* ancestors of pid and user namespaces */
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

#endif
