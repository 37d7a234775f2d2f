/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Containers' cgroups, on cgroup v2, on v1 controllers, and on the hybrid
 * of the two (v1 controllers beside a v2 tree that has none of them, as on
 * the development machine): where the hierarchies are mounted, a cgroup of
 * the container's own in each of them, memory/cpu/pids limits written
 * where the kernel reads them, processes moved in, killed and the cgroup
 * removed.
 *
 * A cgroup is named by its path below the roots, the same in every
 * hierarchy ("/nskit/web1", which common/container recognises as the nsrun
 * container web1, or any path a caller chooses). The hierarchies used are
 * the v2 one (if mounted) and the v1 ones that carry memory, cpu or pids.
 *
 * A layout can also be a fake tree of plain directories (unit tests): its
 * interface files are then created when written, and removed with it.
 * Every function returns 0 or -errno; where a path is named as having
 * failed, it is the file the kernel refused.
 */
#ifndef NSKIT_CGROUP_H
#define NSKIT_CGROUP_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum cgroup_ctrl {
	CGROUP_MEMORY,
	CGROUP_CPU,
	CGROUP_PIDS,
	CGROUP_NCTRLS,
};

#define CGROUP_CTRL(c)	  (1u << (c))
#define CGROUP_HIER_MAX	  8
/* The period nsrun gives --cpus quotas: the kernel's default, 100 ms. */
#define CGROUP_CPU_PERIOD 100000

struct cgroup_hier {
	char mount[PATH_MAX];	/* where it is mounted (or the fake tree's directory) */
	char name[64];		/* "unified" for v2; v1: its controllers, "cpu,cpuacct" */
	bool v2;
	unsigned int ctrls;	/* CGROUP_CTRL() bits of the controllers nsrun uses here */
};

struct cgroup_layout {
	struct cgroup_hier hier[CGROUP_HIER_MAX];
	size_t n;
	bool fake;
};

/*
 * The layout from a mountinfo text: the first cgroup2 mount and the first
 * v1 mount of each of memory, cpu and pids, counting only mounts of a
 * hierarchy's root. The controllers of the v2 tree are read from its
 * cgroup.controllers (less those that v1 holds). fake: a test tree.
 * -ENOENT when no usable hierarchy is mounted.
 */
int cgroup_layout_load(struct cgroup_layout *l, const char *mountinfo, size_t len, bool fake);
/* The same from /proc/self/mountinfo. */
int cgroup_layout_detect(struct cgroup_layout *l);

/* The pure half of cgroup_layout_load(): cgroup.controllers is not read. */
int cgroup_layout_parse(const char *mountinfo, size_t len, struct cgroup_layout *l);
/* Give the v2 hierarchy the controllers of a cgroup.controllers text that v1 does not hold. */
void cgroup_layout_set_v2_ctrls(struct cgroup_layout *l, const char *controllers);

/* Which hierarchy manages controller c: an index into hier[], or -1. */
int cgroup_ctrl_hier(const struct cgroup_layout *l, enum cgroup_ctrl c);

/*
 * A cgroup path as callers may give it: absolute, components other than
 * "", "." and "..", no control characters, shorter than PATH_MAX / 2.
 */
int cgroup_valid_path(const char *rel);

/* path into buf: the hierarchy's mount, rel, and file (NULL: the directory). */
int cgroup_path(const struct cgroup_layout *l, size_t h, const char *rel, const char *file,
		char *buf, size_t size);

struct cgroup_limits {
	uint64_t memory;	/* bytes, 0 for no limit; swap is limited to none */
	uint64_t cpu_quota;	/* microseconds per CGROUP_CPU_PERIOD, 0 for no limit */
	uint64_t pids;		/* 0 for no limit */
};

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
 * hierarchy not used.
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

/* Does rel exist in any hierarchy? */
bool cgroup_exists(const struct cgroup_layout *l, const char *rel);

/*
 * SIGKILL every process in rel (cgroup.kill on v2, one by one on v1) and
 * wait, up to about two seconds, until none is left. -EBUSY if some remain.
 */
int cgroup_kill(const struct cgroup_layout *l, const char *rel);

/*
 * Remove rel and, above it, the components made counts, in every
 * hierarchy; a parent that is not empty stays. Processes still in rel are
 * killed first (cgroup_kill), but only when the kernel refuses the removal
 * because of them: a container whose pid namespace ended has none left,
 * and costs no reading of cgroup.procs. Missing directories are fine
 * (removal is idempotent). -EBUSY if rel still holds processes.
 */
int cgroup_remove(const struct cgroup_layout *l, const char *rel, const struct cgroup_made *made);

/* made as text for a record, "unified=2,memory=1,pids=0", keyed by hierarchy name. */
int cgroup_made_format(const struct cgroup_layout *l, const struct cgroup_made *made, char *buf,
		       size_t size);
/* Back again; hierarchies not named get 1 (the cgroup itself). -EINVAL on bad text. */
int cgroup_made_parse(const struct cgroup_layout *l, const char *text, struct cgroup_made *made);

/*
 * The value of a limit as the kernel holds it, for tests and inspect: the
 * file's first line, in buf. -ENOENT when rel or the controller is missing.
 */
int cgroup_read_limit(const struct cgroup_layout *l, const char *rel, enum cgroup_ctrl c,
		      char *buf, size_t size);

/*
 * The first number of a limit file's text ("512", "25000 100000"): "max"
 * (v2) and negative numbers (v1's -1) are no limit, 0. -EINVAL for text
 * that is neither, with *v 0.
 */
int cgroup_parse_limit(const char *s, uint64_t *v);

/*
 * The limits of rel as the kernel holds them, whoever wrote them: 0 for
 * none (v2's "max", v1's -1 or its page-counter maximum), cpu_quota scaled
 * to CGROUP_CPU_PERIOD whatever period is in force. A controller whose
 * hierarchy rel is not in has none. -ENOENT when rel is in no hierarchy.
 */
int cgroup_read_limits(const struct cgroup_layout *l, const char *rel, struct cgroup_limits *lim);

#endif
