/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nsrun's side of cgroups: a cgroup of the container's own in the
 * hierarchies of a layout (common/cgroup.h, which reads them), its
 * limits (memory, swap, CPU, cpuset, pids, block I/O) written where the
 * kernel reads them, changed while it runs (nsrun update), processes
 * moved in, killed, and the cgroup removed again.
 *
 * On a fake tree of plain directories (unit tests), interface files are
 * created when written, and removed with their cgroup.
 * Every function returns 0 or -errno; where a path is named as having
 * failed, it is the file the kernel refused.
 */
#ifndef NSKIT_CGROUP_WRITE_H
#define NSKIT_CGROUP_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "cgroup.h"

/* The controllers the limits need. */
unsigned int cgroup_limits_ctrls(const struct cgroup_limits *lim);

/*
 * How many trailing components of the path, per hierarchy, the creator
 * removes again; 0 for a hierarchy the cgroup is not in.
 */
struct cgroup_made {
	unsigned char levels[CGROUP_HIER_MAX];
};

/*
 * Create rel and write the limits: in the first hierarchy (the v2 tree
 * where there is one), which names the container for common/container,
 * and in the hierarchies of the controllers that a limit needs. Joining
 * a hierarchy costs the kernel a synchronisation (a grace period) per
 * process moved, so the others are left alone. made->levels is 0 for a
 * hierarchy not used. A memory limit allows no swap beside it.
 *
 * own_levels trailing components belong to the caller and are removed
 * when empty even if they existed before (nsrun's shared "/nskit"); any
 * other component it had to create is counted in *made as well. The last
 * component must not exist yet: -EEXIST. -EOPNOTSUPP when a limit needs a
 * controller that no hierarchy has. On error nothing is left, and the
 * failing file is in failed (if not NULL).
 */
int cgroup_create(const struct cgroup_layout *l, const char *rel, unsigned int own_levels,
		  const struct cgroup_limits *lim, struct cgroup_made *made, char *failed,
		  size_t failedsz);

/*
 * Change the limits of the existing cgroup rel (nsrun update): those lim
 * sets, the others as they are. -ENOENT, with the hierarchy's name in
 * failed, when a limit needs a hierarchy rel was not made in (a v1
 * controller the container was started without); -EOPNOTSUPP when no
 * hierarchy has its controller.
 */
int cgroup_update(const struct cgroup_layout *l, const char *rel, const struct cgroup_limits *lim,
		  char *failed, size_t failedsz);

/*
 * Can the kernel weigh a cgroup's block I/O against others' (--blkio-weight)?
 * Only BFQ (or CFQ, before Linux 5.0) does, on the devices it schedules,
 * or io.cost (v2) on the devices it is enabled for. sys_block is the
 * directory of the block devices ("/sys/block"), whose schedulers are
 * read. 0 when some device is weighed; -EOPNOTSUPP with why (one phrase:
 * "the schedulers of the block devices are mq-deadline and none, not BFQ,
 * and io.cost is not enabled") otherwise.
 */
int cgroup_io_weight_check(const struct cgroup_layout *l, const char *sys_block, char *why,
			   size_t whysz);

/*
 * Move pid into rel in the hierarchies made uses; except_v2: not the v2
 * one (the process was born there, clone3's CLONE_INTO_CGROUP).
 */
int cgroup_attach(const struct cgroup_layout *l, const char *rel, const struct cgroup_made *made,
		  pid_t pid, bool except_v2, char *failed, size_t failedsz);

/*
 * An fd of rel in the v2 hierarchy, for clone3's CLONE_INTO_CGROUP (the
 * child is born in the cgroup: no migration). -ENOENT without a v2
 * hierarchy (or in a fake tree).
 */
int cgroup_open_v2(const struct cgroup_layout *l, const char *rel);

/*
 * SIGKILL every process in rel (cgroup.kill on v2, one by one on v1) and
 * wait, up to about two seconds, until none is left. -EBUSY if some remain.
 *
 * Security: only the container's processes. since is the start time (stat
 * field 22) of the launcher that made rel: a process that started before
 * it was moved in by someone else, and then nothing is killed (-EPERM).
 * since 0 (not known) kills nothing: -EPERM when any process is there.
 * Each process is signalled through a pidfd, after checking that it is
 * still in rel: never a pid that was reused by a process elsewhere.
 */
int cgroup_kill(const struct cgroup_layout *l, const char *rel, unsigned long long since);

/*
 * Remove rel and, above it, the components made counts, in every
 * hierarchy; a parent that is not empty stays. Processes still in rel are
 * killed first (cgroup_kill(), with since), but only when the kernel
 * refuses the removal because of them: a container whose pid namespace
 * ended has none left, and costs no reading of cgroup.procs. Missing
 * directories are fine (removal is idempotent). -EBUSY if rel still holds
 * processes; -EPERM, and nothing removed, when some are not the
 * container's.
 */
int cgroup_remove(const struct cgroup_layout *l, const char *rel, const struct cgroup_made *made,
		  unsigned long long since);

/*
 * nsrun gc's sweep: remove every child of parent (in each hierarchy of l)
 * that keep() does not claim and that holds neither a process nor a
 * cgroup of its own (the kernel refuses to remove those: nothing is ever
 * killed here); removed() hears of each, once. Then parent itself, if
 * that left it empty.
 */
int cgroup_sweep(const struct cgroup_layout *l, const char *parent,
		 bool (*keep)(const char *rel, void *data),
		 void (*removed)(const char *rel, void *data), void *data);

/* made as text for a record, "unified=2,memory=1,pids=0", keyed by hierarchy name. */
int cgroup_made_format(const struct cgroup_layout *l, const struct cgroup_made *made, char *buf,
		       size_t size);
/* Back again; hierarchies not named get 1 (the cgroup itself). -EINVAL on bad text. */
int cgroup_made_parse(const struct cgroup_layout *l, const char *text, struct cgroup_made *made);

#endif
