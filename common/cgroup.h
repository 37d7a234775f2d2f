/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading a container's cgroup, on cgroup v2, on v1 controllers, and on
 * the hybrid of the two (v1 controllers beside a v2 tree that has none of
 * them, as on the development machine): where the hierarchies are
 * mounted, which one manages each controller, the paths of a cgroup and
 * of its files, and its memory/cpu/pids limits as the kernel holds them,
 * whoever wrote them.
 *
 * A cgroup is named by its path below the roots, the same in every
 * hierarchy ("/nskit/web1", which common/container recognises as the nsrun
 * container web1, or "/system.slice/docker-ID.scope"). The hierarchies
 * used are the v2 one (if mounted) and the v1 ones that carry memory, cpu
 * or pids.
 *
 * Used by nsrun: `nsrun inspect` reads its containers' limits here, and
 * tools/nsrun/cgroup_write.c creates, limits and removes their cgroups on
 * these layouts. nstop and nsdiff are to read the limits and usage of
 * containers through it.
 *
 * A layout can also be a fake tree of plain directories (unit tests).
 * Every function returns 0 or -errno.
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
/*
 * The period that CPU quotas are given in (the kernel's default, 100 ms):
 * nsrun writes --cpus for it, and limits read are scaled to it.
 */
#define CGROUP_CPU_PERIOD 100000

struct cgroup_hier {
	char mount[PATH_MAX];	/* where it is mounted (or the fake tree's directory) */
	char name[64];		/* "unified" for v2; v1: its controllers, "cpu,cpuacct" */
	bool v2;
	unsigned int ctrls;	/* CGROUP_CTRL() bits of the controllers it carries */
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

/* The kernel's name of controller c: "memory", "cpu", "pids". */
const char *cgroup_ctrl_name(enum cgroup_ctrl c);

/*
 * The file of controller c's limit in a hierarchy of that version:
 * "memory.max" (v2) or "memory.limit_in_bytes" (v1), and so on; v2's
 * "cpu.max" holds the quota and the period, v1's "cpu.cfs_quota_us" the
 * quota alone.
 */
const char *cgroup_limit_file(const struct cgroup_hier *h, enum cgroup_ctrl c);

/*
 * A cgroup path as callers may give it: absolute, components other than
 * "", "." and "..", no control characters, shorter than PATH_MAX / 2.
 */
int cgroup_valid_path(const char *rel);

/* path into buf: the hierarchy's mount, rel, and file (NULL: the directory). */
int cgroup_path(const struct cgroup_layout *l, size_t h, const char *rel, const char *file,
		char *buf, size_t size);

struct cgroup_limits {
	uint64_t memory;	/* bytes, 0 for no limit */
	uint64_t cpu_quota;	/* microseconds per CGROUP_CPU_PERIOD, 0 for no limit */
	uint64_t pids;		/* 0 for no limit */
};

/* Does rel exist in any hierarchy? */
bool cgroup_exists(const struct cgroup_layout *l, const char *rel);

/*
 * Is a process whose /proc/PID/cgroup reads text in rel, or below it, in
 * any hierarchy? ("0::/nskit/web1" and "4:memory:/nskit/web1/x" are in
 * "/nskit/web1"; "/nskit/web10" is not.) Paths are as the reader's
 * cgroup namespace shows them.
 */
bool cgroup_proc_in(const char *text, size_t len, const char *rel);

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
