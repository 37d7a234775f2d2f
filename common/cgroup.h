/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading a container's cgroup, on cgroup v2, on v1 controllers, and on
 * the hybrid of the two (v1 controllers beside a v2 tree that has none of
 * them, as on the development machine): where the hierarchies are
 * mounted, which one manages each controller, the paths of a cgroup and
 * of its files, its limits (memory, swap, CPU, cpuset, pids, block I/O)
 * as the kernel holds them, whoever wrote them, and its statistics
 * (memory charged, processes, bytes read and written, CPU throttling,
 * OOM kills) as docker stats shows them.
 *
 * A cgroup is named by its path below the roots, the same in every
 * hierarchy ("/nskit/web1", which common/container recognises as the nsrun
 * container web1, or "/system.slice/docker-ID.scope"). The hierarchies
 * used are the v2 one (if mounted) and the v1 ones that carry memory, cpu,
 * pids, blkio or cpuset.
 *
 * Used by nsrun: `nsrun inspect` reads its containers' limits here, and
 * tools/nsrun/cgroup_write.c creates, limits and removes their cgroups on
 * these layouts. nstop reads each container's statistics and limits once
 * per refresh (cgroup_read_stats), nsdiff the limits that bind a process
 * (cgroup_effective_limits).
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
	CGROUP_IO,		/* "blkio" on v1, "io" on v2 */
	CGROUP_CPUSET,
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

/* The kernel's name of controller c: "memory", "cpu", "pids", "blkio", "cpuset". */
const char *cgroup_ctrl_name(enum cgroup_ctrl c);
/* Its name in a hierarchy of that version: "io" for CGROUP_IO on v2. */
const char *cgroup_ctrl_name_in(const struct cgroup_hier *h, enum cgroup_ctrl c);

/*
 * The file of controller c's limit in a hierarchy of that version:
 * "memory.max" (v2) or "memory.limit_in_bytes" (v1), and so on; v2's
 * "cpu.max" holds the quota and the period, v1's "cpu.cfs_quota_us" the
 * quota alone; I/O: "io.max" (every device and direction) or v1's
 * "blkio.throttle.read_bps_device"; "cpuset.cpus".
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

/* Devices whose I/O one cgroup's limits name, at most. */
#define CGROUP_IO_DEVS_MAX 8
/* memory_swap: memory and swap without a limit (Docker's --memory-swap -1). */
#define CGROUP_UNLIMITED   UINT64_MAX

/* The I/O limits of one block device: 0 for no limit. */
struct cgroup_io_dev {
	unsigned int major, minor;
	uint64_t rbps, wbps;	/* bytes per second */
	uint64_t riops, wiops;	/* operations per second */
};

/*
 * A container's limits, as nsrun writes them and as the kernel holds
 * them; 0 is "no limit" (or "not set", for writing) throughout. Plain
 * data: copy it freely.
 */
struct cgroup_limits {
	uint64_t memory;	/* bytes */
	/*
	 * Memory and swap together, bytes (Docker's --memory-swap): v1's
	 * memsw limit, v2's memory.max plus memory.swap.max. Written: 0 is
	 * as much as memory (no swap), CGROUP_UNLIMITED swap without limit.
	 * Read: CGROUP_UNLIMITED when memory is limited and swap is not.
	 */
	uint64_t memory_swap;
	uint64_t memory_reservation;	/* bytes: v1's soft limit, v2's memory.low */
	uint64_t cpu_quota;	/* microseconds per CGROUP_CPU_PERIOD */
	/*
	 * The CPU weight on v1's scale, 2 to 262144 (1024 the default):
	 * v1's cpu.shares; v2's cpu.weight (1 to 10000) converted as runc
	 * converts, so a value read back from v2 may differ by rounding.
	 */
	uint64_t cpu_shares;
	char cpuset_cpus[64];	/* the CPUs it may run on, "0-3,6"; "" for all */
	uint64_t pids;
	/* The I/O weight on v1's scale, 10 to 1000 (BFQ's, or io.cost's converted). */
	uint64_t io_weight;
	struct cgroup_io_dev io[CGROUP_IO_DEVS_MAX];
	size_t nio;
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

/* ------------------------------------------------- a process's cgroups */

/*
 * Where the process whose /proc/PID/cgroup reads text (len bytes) is in
 * hierarchy h of l: the path after the line's second colon, pointing into
 * text (*plen bytes). The v2 line ("0::") for the v2 hierarchy, the line
 * that names the hierarchy's controllers for a v1 one. -ENOENT when no
 * line does.
 */
int cgroup_proc_path(const struct cgroup_layout *l, size_t h, const char *text, size_t len,
		     const char **path, size_t *plen);

/*
 * A cgroup in each hierarchy of a layout: where one container (or
 * process) is. rel[h] is a path in hierarchy h of the layout it was made
 * for, or NULL where it has no cgroup of its own (there, nothing is read:
 * the figures would be of a cgroup shared with others, the root's say).
 */
struct cgroup_where {
	const char *rel[CGROUP_HIER_MAX];	/* not owned */
};

/*
 * The limits that bind a process whose /proc/PID/cgroup reads text: for
 * each controller, the tightest along the path from its cgroup up to the
 * hierarchy's root (a limit of a parent binds its children: Podman's and
 * Kubernetes' limits are on a cgroup above the processes'), in the
 * hierarchy of the controller. Paths are those of the reader's cgroup
 * namespace. 0 (with no limits) when nothing could be read.
 */
int cgroup_effective_limits(const struct cgroup_layout *l, const char *text, size_t len,
			    struct cgroup_limits *lim);

/* --------------------------------------------------------- statistics */

/* What cgroup_read_stats() reads, and what it found. */
enum {
	CGROUP_STAT_MEMORY	= 1 << 0,	/* mem_usage, mem_limit */
	CGROUP_STAT_PIDS	= 1 << 1,	/* pids, pids_limit */
	CGROUP_STAT_IO		= 1 << 2,	/* io_rbytes, io_wbytes */
	CGROUP_STAT_CPU		= 1 << 3,	/* cpu_periods, cpu_throttled, cpu_throttled_us */
	CGROUP_STAT_OOM		= 1 << 4,	/* with MEMORY: oom_kills too */
};

/* A cgroup's figures; counters count since it was made. */
struct cgroup_stats {
	unsigned int have;		/* CGROUP_STAT_* read */
	/*
	 * The memory charged to it (v2 memory.current, v1
	 * memory.usage_in_bytes): what its limit is compared with, page
	 * cache included.
	 */
	uint64_t mem_usage;
	uint64_t mem_limit;		/* bytes, 0 for none */
	uint64_t oom_kills;		/* processes the OOM killer killed in it */
	uint64_t pids;			/* processes and threads in it */
	uint64_t pids_limit;		/* 0 for none */
	uint64_t io_rbytes;		/* bytes read from and written to block devices */
	uint64_t io_wbytes;
	uint64_t cpu_periods;		/* enforcement periods, and those it was throttled in */
	uint64_t cpu_throttled;
	uint64_t cpu_throttled_us;	/* time throttled */
};

/*
 * The statistics files of one cgroup kept open between reads, so that a
 * refresh reads each with one pread() at offset 0 (the kernel makes the
 * text anew) instead of walking its path again: for nstop, which reads
 * every container's at each refresh. -1: not open (yet).
 */
enum {
	CGROUP_FILE_MEM_USAGE,
	CGROUP_FILE_MEM_LIMIT,
	CGROUP_FILE_PIDS,
	CGROUP_FILE_PIDS_LIMIT,
	CGROUP_FILE_IO,
	CGROUP_FILE_CPU,
	CGROUP_NFILES,
};
struct cgroup_files {
	int fd[CGROUP_NFILES];
};

void cgroup_files_init(struct cgroup_files *f);
void cgroup_files_close(struct cgroup_files *f);

/*
 * Read what is asked (CGROUP_STAT_*) of the cgroup at w, each from the
 * hierarchy of its controller; what cannot be read (a controller w has
 * no cgroup in, a file the kernel lacks) is left out of st->have. One
 * small read per file: for nstop, once per container and refresh. With
 * files (NULL: none), the files stay open there for the next read of the
 * same cgroup, while the process has descriptors to spare (half of its
 * RLIMIT_NOFILE); a file that can no longer be read is opened again.
 */
void cgroup_read_stats(const struct cgroup_layout *l, const struct cgroup_where *w,
		       unsigned int what, struct cgroup_stats *st, struct cgroup_files *files);

/* --------------------------------------------------------------- parsers */

/*
 * The pure parsers of interface files (text of len bytes, no NUL needed),
 * for tests and fuzzing. 0, or -ENOENT / -EINVAL.
 */

/* The value of key in a flat keyed file: cpu.stat, memory.events, memory.oom_control. */
int cgroup_parse_keyed(const char *text, size_t len, const char *key, uint64_t *v);
/*
 * Bytes read and written, summed over devices: v2 io.stat ("8:0 rbytes=N
 * wbytes=N ..."), v1 blkio.throttle.io_service_bytes ("8:0 Read N").
 */
int cgroup_parse_io_stat(const char *text, size_t len, bool v2, uint64_t *rbytes,
			 uint64_t *wbytes);
/*
 * The per-device I/O limits of v2 io.max ("8:0 rbps=N wbps=max ...") or,
 * for v1, of one blkio.throttle.*_device file ("8:0 N" per line) into
 * the field field (0 rbps, 1 wbps, 2 riops, 3 wiops): merged into lim's
 * io[] by device. -E2BIG past CGROUP_IO_DEVS_MAX devices.
 */
int cgroup_parse_io_max(const char *text, size_t len, struct cgroup_limits *lim);
int cgroup_parse_io_v1(const char *text, size_t len, int field, struct cgroup_limits *lim);

/* v2 cpu.weight (1..10000) to v1 cpu.shares (2..262144) and back, as runc converts. */
uint64_t cgroup_shares_to_weight(uint64_t shares);
uint64_t cgroup_weight_to_shares(uint64_t weight);
/* blkio weight (10..1000) to v2 io.weight (1..10000) and back. */
uint64_t cgroup_blkio_to_io_weight(uint64_t w);
uint64_t cgroup_io_to_blkio_weight(uint64_t w);

#endif
