// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsrun's cgroups, v1 and v2: made, limited, joined, killed and removed
 * on a layout of common/cgroup. Both versions are driven from one table
 * of interface files per controller (cgroup_limit_file()); the
 * differences that a table cannot hold (v2's subtree_control, v1's memsw
 * after memory) are spelled out where they happen.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup_write.h"
#include "procfs.h"
#include "sys.h"

/* ------------------------------------------------------------------ files */

static void set_failed(char *failed, size_t size, const char *path)
{
	if (failed && size)
		snprintf(failed, size, "%s", path);
}

/*
 * Write a value to an interface file. Interface files exist already in a
 * real hierarchy, and must not be created by mistake (a typo would make a
 * plain file nobody reads); a fake tree has none, so there they are made.
 */
static int write_file(const struct cgroup_layout *l, const char *path, const char *value)
{
	size_t len = strlen(value);
	ssize_t n;
	int fd, e;

	fd = open(path, O_WRONLY | O_CLOEXEC | (l->fake ? O_CREAT | O_APPEND : 0), 0644);
	if (fd < 0)
		return -errno;
	n = write(fd, value, len);
	e = n < 0 ? -errno : (size_t)n != len ? -EIO : 0;
	if (l->fake && !e && write(fd, "\n", 1) != 1)
		e = -EIO;
	if (close(fd) < 0 && !e)
		e = -errno;
	return e;
}

/* The start of a small file (at most size - 1 bytes), NUL-terminated. */
static int read_text_file(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), e = 0;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0)
		e = -errno;
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return e;
}

static int write_in(const struct cgroup_layout *l, size_t h, const char *rel, const char *file,
		    const char *value, char *failed, size_t failedsz)
{
	char path[PATH_MAX];
	int rc = cgroup_path(l, h, rel, file, path, sizeof(path));

	if (!rc)
		rc = write_file(l, path, value);
	if (rc)
		set_failed(failed, failedsz, path);
	return rc;
}

static bool file_exists(const struct cgroup_layout *l, size_t h, const char *rel, const char *file)
{
	char path[PATH_MAX];

	if (cgroup_path(l, h, rel, file, path, sizeof(path)) < 0)
		return false;
	/* a fake tree has only what was written, so ask the way a real one would answer */
	return l->fake || access(path, F_OK) == 0;
}

unsigned int cgroup_limits_ctrls(const struct cgroup_limits *lim)
{
	unsigned int c = 0;

	if (!lim)
		return 0;
	if (lim->memory || lim->memory_swap || lim->memory_reservation)
		c |= CGROUP_CTRL(CGROUP_MEMORY);
	if (lim->cpu_quota || lim->cpu_shares)
		c |= CGROUP_CTRL(CGROUP_CPU);
	if (lim->pids)
		c |= CGROUP_CTRL(CGROUP_PIDS);
	if (lim->nio || lim->io_weight)
		c |= CGROUP_CTRL(CGROUP_IO);
	if (lim->cpuset_cpus[0])
		c |= CGROUP_CTRL(CGROUP_CPUSET);
	return c;
}

static int write_u64(const struct cgroup_layout *l, size_t h, const char *rel, const char *file,
		     uint64_t v, char *failed, size_t failedsz)
{
	char text[24];

	snprintf(text, sizeof(text), "%llu", (unsigned long long)v);
	return write_in(l, h, rel, file, text, failed, failedsz);
}

/* What goes in the swap file beside a memory limit, per version. */
static void swap_value(const struct cgroup_limits *lim, bool v2, char *buf, size_t size)
{
	if (lim->memory_swap == CGROUP_UNLIMITED)
		snprintf(buf, size, v2 ? "max" : "-1");
	else if (!lim->memory_swap || lim->memory_swap <= lim->memory)
		snprintf(buf, size, "%llu", v2 ? 0ull : (unsigned long long)lim->memory);
	else
		snprintf(buf, size, "%llu", (unsigned long long)(v2 ? lim->memory_swap - lim->memory :
								     lim->memory_swap));
}

static int write_memory(const struct cgroup_layout *l, size_t h, const char *rel,
			const struct cgroup_limits *lim, char *failed, size_t failedsz)
{
	bool v2 = l->hier[h].v2;
	const char *swapfile = v2 ? "memory.swap.max" : "memory.memsw.limit_in_bytes";
	bool have_swap = file_exists(l, h, rel, swapfile);
	char swap[24];
	int rc = 0;

	/*
	 * Swap accounting off: a --memory-swap cannot be held. Without it,
	 * a memory limit allows no swap beside it (as with Docker's
	 * --memory-swap equal to --memory): a limit that swap can get round
	 * is no limit, the process would slow down instead of being killed.
	 * The swap files are missing when the kernel has no swap
	 * accounting; then there is nothing to get round it with either.
	 */
	if (lim->memory_swap && !have_swap) {
		set_failed(failed, failedsz, swapfile);
		return -EOPNOTSUPP;
	}
	if (lim->memory) {
		swap_value(lim, v2, swap, sizeof(swap));
		rc = write_u64(l, h, rel, cgroup_limit_file(&l->hier[h], CGROUP_MEMORY), lim->memory,
			       failed, failedsz);
		/*
		 * v1's memsw counts memory and swap together and may not be
		 * below the memory limit: a memory limit raised past it (nsrun
		 * update) needs memsw raised first.
		 */
		if (rc == -EINVAL && !v2 && have_swap) {
			rc = write_in(l, h, rel, swapfile, swap, failed, failedsz);
			if (!rc)
				rc = write_u64(l, h, rel, "memory.limit_in_bytes", lim->memory, failed,
					       failedsz);
		}
		if (!rc && have_swap)
			rc = write_in(l, h, rel, swapfile, swap, failed, failedsz);
		if (rc)
			return rc;
	}
	if (lim->memory_reservation)
		rc = write_u64(l, h, rel, v2 ? "memory.low" : "memory.soft_limit_in_bytes",
			       lim->memory_reservation, failed, failedsz);
	return rc;
}

static int write_cpu(const struct cgroup_layout *l, size_t h, const char *rel,
		     const struct cgroup_limits *lim, char *failed, size_t failedsz)
{
	char v[64];
	int rc = 0;

	if (lim->cpu_quota && l->hier[h].v2) {
		snprintf(v, sizeof(v), "%llu %u", (unsigned long long)lim->cpu_quota,
			 CGROUP_CPU_PERIOD);
		rc = write_in(l, h, rel, cgroup_limit_file(&l->hier[h], CGROUP_CPU), v, failed,
			      failedsz);
	} else if (lim->cpu_quota) {
		/* the period first: a quota is read against the period in force */
		rc = write_u64(l, h, rel, "cpu.cfs_period_us", CGROUP_CPU_PERIOD, failed, failedsz);
		if (!rc)
			rc = write_u64(l, h, rel, cgroup_limit_file(&l->hier[h], CGROUP_CPU),
				       lim->cpu_quota, failed, failedsz);
	}
	if (!rc && lim->cpu_shares)
		rc = l->hier[h].v2 ? write_u64(l, h, rel, "cpu.weight",
					       cgroup_shares_to_weight(lim->cpu_shares), failed,
					       failedsz) :
				     write_u64(l, h, rel, "cpu.shares", lim->cpu_shares, failed,
					       failedsz);
	return rc;
}

static int write_pids(const struct cgroup_layout *l, size_t h, const char *rel,
		      const struct cgroup_limits *lim, char *failed, size_t failedsz)
{
	return lim->pids ? write_u64(l, h, rel, cgroup_limit_file(&l->hier[h], CGROUP_PIDS),
				     lim->pids, failed, failedsz) : 0;
}

/* v1's throttle files, by field: rbps, wbps, riops, wiops. */
static const char *const v1_throttle[4] = {
	"blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
	"blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device",
};

static int write_io(const struct cgroup_layout *l, size_t h, const char *rel,
		    const struct cgroup_limits *lim, char *failed, size_t failedsz)
{
	static const char *const keys[4] = { "rbps", "wbps", "riops", "wiops" };
	bool v2 = l->hier[h].v2;
	int rc = 0;

	for (size_t i = 0; i < lim->nio && !rc; i++) {
		const struct cgroup_io_dev *d = &lim->io[i];
		const uint64_t v[4] = { d->rbps, d->wbps, d->riops, d->wiops };
		char line[160];
		size_t len;

		/* v2: one line per device with what is set; v1: one file per direction */
		len = (size_t)snprintf(line, sizeof(line), "%u:%u", d->major, d->minor);
		for (int f = 0; f < 4 && !rc; f++) {
			if (!v[f])
				continue;
			if (v2) {
				len += (size_t)snprintf(line + len, sizeof(line) - len, " %s=%llu",
							keys[f], (unsigned long long)v[f]);
				continue;
			}
			snprintf(line + len, sizeof(line) - len, " %llu", (unsigned long long)v[f]);
			rc = write_in(l, h, rel, v1_throttle[f], line, failed, failedsz);
			line[len] = '\0';
		}
		if (v2 && !rc)
			rc = write_in(l, h, rel, "io.max", line, failed, failedsz);
	}
	if (rc || !lim->io_weight)
		return rc;
	/* the file of the weigher there is (cgroup_io_weight_check() said there is one) */
	if (!v2)
		return write_u64(l, h, rel, file_exists(l, h, "", "blkio.bfq.weight") ?
				 "blkio.bfq.weight" : "blkio.weight", lim->io_weight, failed,
				 failedsz);
	if (file_exists(l, h, rel, "io.bfq.weight") && !l->fake)
		return write_u64(l, h, rel, "io.bfq.weight", lim->io_weight, failed, failedsz);
	{
		char v[32];

		snprintf(v, sizeof(v), "default %llu",
			 (unsigned long long)cgroup_blkio_to_io_weight(lim->io_weight));
		return write_in(l, h, rel, "io.weight", v, failed, failedsz);
	}
}

/*
 * v1's cpuset: a cgroup starts with no CPUs and no memory nodes (unless
 * its parent has cgroup.clone_children), and takes no process so. Every
 * level of rel that has none gets its parent's, then rel its own CPUs.
 */
static int write_cpuset(const struct cgroup_layout *l, size_t h, const char *rel,
			const struct cgroup_limits *lim, char *failed, size_t failedsz)
{
	static const char *const files[2] = { "cpuset.mems", "cpuset.cpus" };
	char dir[PATH_MAX], parent[PATH_MAX] = "";
	size_t len = strlen(rel);

	if (!lim->cpuset_cpus[0])
		return 0;
	for (size_t i = 1; !l->hier[h].v2 && i <= len; i++) {
		if (i < len && rel[i] != '/')
			continue;
		memcpy(dir, rel, i);
		dir[i] = '\0';
		for (int f = 0; f < 2; f++) {
			char have[256], path[PATH_MAX];
			int rc;

			if (cgroup_path(l, h, dir, files[f], path, sizeof(path)) < 0)
				return -ENAMETOOLONG;
			/* a fake tree's files are missing where a kernel's would be empty */
			if (read_text_file(path, have, sizeof(have)) == 0 && have[0] && have[0] != '\n')
				continue;
			if (f == 1 && i == len)
				break;	/* rel's own CPUs: below */
			if (cgroup_path(l, h, parent, files[f], path, sizeof(path)) < 0 ||
			    read_text_file(path, have, sizeof(have)) < 0) {
				set_failed(failed, failedsz, path);
				return -ENOENT;
			}
			have[strcspn(have, "\n")] = '\0';
			rc = write_in(l, h, dir, files[f], have, failed, failedsz);
			if (rc)
				return rc;
		}
		memcpy(parent, dir, i + 1);
	}
	return write_in(l, h, rel, "cpuset.cpus", lim->cpuset_cpus, failed, failedsz);
}

/* How each controller's limits are written: a row per controller. */
static int (*const writers[CGROUP_NCTRLS])(const struct cgroup_layout *l, size_t h,
					   const char *rel, const struct cgroup_limits *lim,
					   char *failed, size_t failedsz) = {
	[CGROUP_MEMORY] = write_memory,
	[CGROUP_CPU] = write_cpu,
	[CGROUP_PIDS] = write_pids,
	[CGROUP_IO] = write_io,
	[CGROUP_CPUSET] = write_cpuset,
};

static int write_limits(const struct cgroup_layout *l, const char *rel,
			const struct cgroup_limits *lim, char *failed, size_t failedsz)
{
	unsigned int needed = cgroup_limits_ctrls(lim);

	for (int c = 0; c < CGROUP_NCTRLS; c++) {
		int h = cgroup_ctrl_hier(l, c), rc;

		if (!(needed & CGROUP_CTRL(c)) || h < 0)
			continue;
		rc = writers[c](l, (size_t)h, rel, lim, failed, failedsz);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * v2: a controller works in a cgroup only if every ancestor enabled it in
 * cgroup.subtree_control. Enable the ones nsrun uses from the root down to
 * rel's parent. A failure matters only for a controller a limit needs
 * (the kernel refuses with EBUSY where an ancestor holds processes itself);
 * the others are for accounting, nice to have.
 */
static int enable_ctrls(const struct cgroup_layout *l, size_t h, const char *rel,
			unsigned int needed, char *failed, size_t failedsz)
{
	char dir[PATH_MAX], one[32];
	size_t len = strlen(rel);

	for (size_t i = 0; i <= len; i++) {
		if (i < len && rel[i] != '/')
			continue;
		/* each prefix of rel that is a parent: "", "/nskit" (not rel itself) */
		if (i == len)
			break;
		memcpy(dir, rel, i);
		dir[i] = '\0';
		for (int c = 0; c < CGROUP_NCTRLS; c++) {
			int rc;

			if (!(l->hier[h].ctrls & CGROUP_CTRL(c)))
				continue;
			snprintf(one, sizeof(one), "+%s", cgroup_ctrl_name(c));
			rc = write_in(l, h, dir, "cgroup.subtree_control", one, failed, failedsz);
			if (rc && (needed & CGROUP_CTRL(c)))
				return rc;
		}
	}
	return 0;
}

/* Remove a directory of a hierarchy (and, in a fake tree, the files in it). */
static int remove_dir(const struct cgroup_layout *l, const char *path)
{
	DIR *dp = l->fake ? opendir(path) : NULL;
	struct dirent *d;

	/* a real hierarchy's interface files go with the directory */
	while (dp && (d = readdir(dp))) {
		char file[PATH_MAX + 256];

		if (d->d_type != DT_REG)
			continue;
		snprintf(file, sizeof(file), "%s/%s", path, d->d_name);
		unlink(file);
	}
	if (dp)
		closedir(dp);
	return rmdir(path) < 0 ? -errno : 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * Remove the last levels components of rel in hierarchy h, deepest first.
 * A cgroup that still holds processes (rmdir says EBUSY) has them killed
 * once (*killed), then is retried.
 */
static int remove_levels(const struct cgroup_layout *l, size_t h, const char *rel,
			 unsigned int levels, unsigned long long since, bool *killed)
{
	char path[PATH_MAX], *slash;
	int rc, first = 0;

	if (cgroup_path(l, h, rel, NULL, path, sizeof(path)) < 0)
		return -ENAMETOOLONG;
	for (unsigned int i = 0; i < levels; i++) {
		/*
		 * The cgroup itself: a v1 memory cgroup whose last process has
		 * just exited may be busy for a moment while the kernel takes
		 * it offline, so retry for about two seconds.
		 */
		for (int tries = 0;; tries++) {
			rc = remove_dir(l, path);
			if (rc != -EBUSY || i > 0 || tries >= 200)
				break;
			if (killed && !*killed) {
				*killed = true;
				/* what is not the container's stays, and so does the cgroup */
				if (cgroup_kill(l, rel, since) == -EPERM)
					return -EPERM;
				continue;
			}
			sleep_ms(10);
		}
		if (i == 0 && rc && rc != -ENOENT)
			first = rc;
		/* a parent that is not empty, or gone, is somebody else's now */
		if (i > 0 && rc && rc != -ENOENT)
			break;
		slash = strrchr(path, '/');
		if (!slash || (size_t)(slash - path) <= strlen(l->hier[h].mount))
			break;
		*slash = '\0';
	}
	return first;
}

/* ---------------------------------------------------------------- create */

/*
 * mkdir -p rel below hierarchy h: *created counts the components made.
 * -EEXIST when rel itself exists; -EAGAIN when a parent vanished between
 * our mkdir calls (another container's removal of the shared parent).
 */
static int make_path(const struct cgroup_layout *l, size_t h, const char *rel,
		     unsigned int *created, char *failed, size_t failedsz)
{
	char path[PATH_MAX];
	size_t base = strlen(l->hier[h].mount), len;
	int rc = cgroup_path(l, h, rel, NULL, path, sizeof(path));

	*created = 0;
	if (rc)
		return rc;
	len = strlen(path);
	for (size_t i = base + 1; i <= len; i++) {
		if (i < len && path[i] != '/')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0755) == 0) {
			(*created)++;
		} else if (errno == EEXIST && i < len) {
			/* a parent that exists */
		} else {
			rc = errno == ENOENT ? -EAGAIN : -errno;
			set_failed(failed, failedsz, path);
			path[i] = i < len ? '/' : '\0';
			return rc;
		}
		if (i < len)
			path[i] = '/';
	}
	return 0;
}

static unsigned int count_components(const char *rel)
{
	unsigned int n = 0;

	for (const char *p = rel; *p; p++)
		n += *p == '/';
	return n;
}

int cgroup_create(const struct cgroup_layout *l, const char *rel, unsigned int own_levels,
		  const struct cgroup_limits *lim, struct cgroup_made *made, char *failed,
		  size_t failedsz)
{
	unsigned int needed = cgroup_limits_ctrls(lim), depth;
	size_t h;
	int rc = 0;

	memset(made, 0, sizeof(*made));
	if (cgroup_valid_path(rel) < 0)
		return -EINVAL;
	for (int c = 0; c < CGROUP_NCTRLS; c++)
		if ((needed & CGROUP_CTRL(c)) && cgroup_ctrl_hier(l, c) < 0) {
			set_failed(failed, failedsz, cgroup_ctrl_name(c));
			return -EOPNOTSUPP;
		}
	depth = count_components(rel);
	if (own_levels > depth)
		own_levels = depth;
	for (h = 0; h < l->n; h++) {
		unsigned int created = 0;

		/* the first hierarchy names the container; the others only for a limit */
		if (h > 0 && !(l->hier[h].ctrls & needed))
			continue;
		for (int tries = 0; tries < 10; tries++) {
			rc = make_path(l, h, rel, &created, failed, failedsz);
			if (rc != -EAGAIN)
				break;
		}
		if (rc == -EAGAIN)
			rc = -ENOENT;
		if (rc) {
			/* make_path made nothing that stays on -EEXIST: rel existed */
			made->levels[h] = (unsigned char)created;
			goto out_rmdir;
		}
		made->levels[h] = (unsigned char)(created > own_levels ? created : own_levels);
		if (l->hier[h].v2) {
			rc = enable_ctrls(l, h, rel, needed, failed, failedsz);
			if (rc) {
				h++;
				goto out_rmdir;
			}
		}
	}
	if (lim) {
		rc = write_limits(l, rel, lim, failed, failedsz);
		if (rc)
			goto out_rmdir;
	}
	return 0;

out_rmdir:
	/* the hierarchies done, and the one that failed half-way */
	for (size_t i = 0; i < l->n && i <= h; i++)
		if (made->levels[i] && !(rc == -EEXIST && i == h))
			remove_levels(l, i, rel, made->levels[i], 0, NULL);
	memset(made, 0, sizeof(*made));
	return rc;
}

int cgroup_attach(const struct cgroup_layout *l, const char *rel, const struct cgroup_made *made,
		  pid_t pid, bool except_v2, char *failed, size_t failedsz)
{
	char v[24];

	snprintf(v, sizeof(v), "%d", (int)pid);
	for (size_t h = 0; h < l->n; h++) {
		int rc;

		if (!made->levels[h] || (except_v2 && l->hier[h].v2))
			continue;
		rc = write_in(l, h, rel, "cgroup.procs", v, failed, failedsz);
		if (rc)
			return rc;
	}
	return 0;
}

int cgroup_open_v2(const struct cgroup_layout *l, const char *rel)
{
	char path[PATH_MAX];
	int fd;

	if (l->n == 0 || !l->hier[0].v2 || l->fake)
		return -ENOENT;
	if (cgroup_path(l, 0, rel, NULL, path, sizeof(path)) < 0)
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/*
 * fn(pid, data) for every process that cgroup.procs of rel in hierarchy h
 * lists, until fn returns non-zero (which is returned). 0 when there is
 * no such file.
 */
static int each_listed(const struct cgroup_layout *l, size_t h, const char *rel,
		       int (*fn)(pid_t pid, void *data), void *data)
{
	char path[PATH_MAX], buf[4096];
	int fd, rc = 0;
	size_t have = 0;

	if (cgroup_path(l, h, rel, "cgroup.procs", path, sizeof(path)) < 0)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	while (!rc) {
		ssize_t n = read(fd, buf + have, sizeof(buf) - 1 - have);
		char *p, *nl;

		if (n <= 0)
			break;
		have += (size_t)n;
		buf[have] = '\0';
		for (p = buf; !rc && (nl = strchr(p, '\n')); p = nl + 1) {
			long pid = strtol(p, NULL, 10);

			*nl = '\0';
			/* never 0 or negative: kill() would hit a process group */
			if (pid > 0 && pid <= 0x7fffffff)
				rc = fn((pid_t)pid, data);
		}
		have = strlen(p);
		memmove(buf, p, have);
	}
	close(fd);
	return rc;
}

/* What cgroup_kill() knows while it goes through the lists. */
struct killing {
	const struct cgroup_layout *l;
	const char *rel;
	unsigned long long since;
	struct procfs pfs;
	int seen;		/* processes listed in this round */
};

/*
 * Security: a process that started before the launcher that made the
 * cgroup (since) cannot be the container's: someone moved it in, and it
 * is not ours to kill. since 0 (not known) makes every process such.
 */
static int find_foreign(pid_t pid, void *data)
{
	struct killing *k = data;
	struct proc_stat ps;

	if (procfs_read_stat(&k->pfs, pid, &ps) < 0)
		return 0;	/* gone */
	return !k->since || ps.starttime < k->since ? -EPERM : 0;
}

/*
 * SIGKILL one listed process, through a pidfd: once it is open, the pid
 * cannot name another process, so the checks made after it (started
 * after since, still in rel: not a pid reused by a process elsewhere)
 * hold for the process signalled.
 */
static int kill_one(pid_t pid, void *data)
{
	struct killing *k = data;
	struct proc_stat ps;
	char rel[32], *text;
	size_t len;
	bool ours;
	int fd;

	if (k->l->fake)
		return 0;
	k->seen++;
	fd = sys_pidfd_open(pid, 0);
	if (fd < 0)
		return 0;	/* gone: it leaves the list */
	snprintf(rel, sizeof(rel), "%d/cgroup", (int)pid);
	ours = procfs_read_stat(&k->pfs, pid, &ps) == 0 && k->since && ps.starttime >= k->since &&
	       procfs_read_file(&k->pfs, rel, 1 << 16, &text, &len) == 0;
	if (ours) {
		ours = cgroup_proc_in(text, len, k->rel);
		free(text);
	}
	if (ours)
		sys_pidfd_send_signal(fd, SIGKILL, NULL, 0);
	close(fd);
	return 0;
}

int cgroup_kill(const struct cgroup_layout *l, const char *rel, unsigned long long since)
{
	struct killing k = { .l = l, .rel = rel, .since = since };
	int rc = 0;

	if (cgroup_valid_path(rel) < 0)
		return -EINVAL;
	rc = procfs_open(&k.pfs, NULL);
	if (rc < 0)
		return rc;
	/* first, is everything in there the container's? Otherwise nothing is killed */
	for (size_t h = 0; h < l->n && !rc; h++)
		rc = each_listed(l, h, rel, find_foreign, &k);
	if (rc)
		goto out_close;
	/* cgroup.kill (v2, Linux 5.14) kills everything, forks in flight included */
	for (size_t h = 0; h < l->n && !l->fake; h++)
		if (l->hier[h].v2 && file_exists(l, h, rel, "cgroup.kill") &&
		    write_in(l, h, rel, "cgroup.kill", "1", NULL, 0) < 0)
			break;	/* the one-by-one loop below does it anyway */
	/*
	 * Otherwise one by one, again and again: a process may fork between
	 * our reading of the list and our signal. SIGKILL'ed processes leave
	 * the list only once they have exited, so the loop also waits for that.
	 */
	rc = -EBUSY;
	for (int round = 0; round < 200; round++) {
		k.seen = 0;
		for (size_t h = 0; h < l->n; h++)
			each_listed(l, h, rel, kill_one, &k);
		if (k.seen == 0) {
			rc = 0;
			break;
		}
		sleep_ms(10);
	}
out_close:
	procfs_close(&k.pfs);
	return rc;
}

int cgroup_remove(const struct cgroup_layout *l, const char *rel, const struct cgroup_made *made,
		  unsigned long long since)
{
	bool killed = false;
	int first = 0;

	if (cgroup_valid_path(rel) < 0)
		return -EINVAL;
	for (size_t h = 0; h < l->n; h++) {
		unsigned int levels = made ? made->levels[h] : 1;
		int rc;

		/* a hierarchy the cgroup was not made in */
		if (!levels)
			continue;
		rc = remove_levels(l, h, rel, levels, since, &killed);
		/* not the container's alone: left as it is, in every hierarchy */
		if (rc == -EPERM)
			return rc;
		if (rc && rc != -ENOENT && !first)
			first = rc;
	}
	return first;
}

/* Remove the directory rel of hierarchy h if it holds nothing: no process, no cgroup. */
static int remove_idle(const struct cgroup_layout *l, size_t h, const char *rel)
{
	char path[PATH_MAX], procs[PATH_MAX];
	struct stat sb;
	int rc = cgroup_path(l, h, rel, NULL, path, sizeof(path));

	if (rc)
		return rc;
	/* a fake tree's cgroup.procs is a plain file, which rmdir would not mind */
	if (l->fake && cgroup_path(l, h, rel, "cgroup.procs", procs, sizeof(procs)) == 0 &&
	    stat(procs, &sb) == 0 && sb.st_size > 0)
		return -EBUSY;
	/* the kernel refuses (EBUSY) a cgroup with processes or children: never a kill here */
	return remove_dir(l, path);
}

int cgroup_sweep(const struct cgroup_layout *l, const char *parent,
		 bool (*keep)(const char *rel, void *data),
		 void (*removed)(const char *rel, void *data), void *data)
{
	char **done = NULL;
	size_t ndone = 0;
	int rc = 0;

	if (cgroup_valid_path(parent) < 0)
		return -EINVAL;
	for (size_t h = 0; h < l->n && !rc; h++) {
		char dir[PATH_MAX], rel[PATH_MAX];
		struct dirent *d;
		DIR *dp;

		if (cgroup_path(l, h, parent, NULL, dir, sizeof(dir)) < 0 || !(dp = opendir(dir)))
			continue;
		while (!rc && (d = readdir(dp))) {
			bool seen = false;
			char **nd;

			if ((d->d_type != DT_DIR && d->d_type != DT_UNKNOWN) || d->d_name[0] == '.' ||
			    snprintf(rel, sizeof(rel), "%s/%s", parent, d->d_name) >= (int)sizeof(rel) ||
			    cgroup_valid_path(rel) < 0 || (keep && keep(rel, data)))
				continue;
			if (remove_idle(l, h, rel) < 0)
				continue;
			/* said once, whichever hierarchies it was in */
			for (size_t i = 0; i < ndone && !seen; i++)
				seen = strcmp(done[i], d->d_name) == 0;
			if (seen)
				continue;
			nd = realloc(done, (ndone + 1) * sizeof(*nd));
			if (!nd || !(nd[ndone] = strdup(d->d_name))) {
				done = nd ? nd : done;
				rc = -ENOMEM;
				break;
			}
			done = nd;
			ndone++;
			if (removed)
				removed(rel, data);
		}
		closedir(dp);
		/*
		 * The parent too, if that left it empty: nothing waits for it,
		 * as a launcher whose parent vanishes makes it again (make_path).
		 */
		remove_idle(l, h, parent);
	}
	for (size_t i = 0; i < ndone; i++)
		free(done[i]);
	free(done);
	return rc;
}

int cgroup_made_format(const struct cgroup_layout *l, const struct cgroup_made *made, char *buf,
		       size_t size)
{
	size_t len = 0;

	if (size == 0)
		return -ENOSPC;
	buf[0] = '\0';
	for (size_t h = 0; h < l->n; h++) {
		int n = snprintf(buf + len, size - len, "%s%s=%u", len ? "," : "", l->hier[h].name,
				 made->levels[h]);

		if (n < 0 || (size_t)n >= size - len)
			return -ENOSPC;
		len += (size_t)n;
	}
	return 0;
}

int cgroup_made_parse(const struct cgroup_layout *l, const char *text, struct cgroup_made *made)
{
	const char *p = text;

	for (size_t h = 0; h < CGROUP_HIER_MAX; h++)
		made->levels[h] = 1;
	while (p && *p) {
		const char *comma = strchr(p, ','), *eq;
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		unsigned long v = 0;
		size_t nlen;

		eq = memchr(p, '=', len);
		if (!eq || eq == p || eq + 1 == p + len)
			return -EINVAL;
		nlen = (size_t)(eq - p);
		for (const char *d = eq + 1; d < p + len; d++) {
			if (*d < '0' || *d > '9')
				return -EINVAL;
			v = v * 10 + (unsigned long)(*d - '0');
			if (v > 255)
				return -EINVAL;
		}
		/* the name of a hierarchy, which has ',' itself ("cpu,cpuacct=2"): match whole */
		for (size_t h = 0; h < l->n; h++)
			if (strlen(l->hier[h].name) == nlen && memcmp(l->hier[h].name, p, nlen) == 0)
				made->levels[h] = (unsigned char)v;
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

/* ----------------------------------------------------------------- update */

int cgroup_update(const struct cgroup_layout *l, const char *rel, const struct cgroup_limits *lim,
		  char *failed, size_t failedsz)
{
	unsigned int needed = cgroup_limits_ctrls(lim);
	char path[PATH_MAX];
	struct stat sb;

	if (cgroup_valid_path(rel) < 0)
		return -EINVAL;
	for (int c = 0; c < CGROUP_NCTRLS; c++) {
		int h = cgroup_ctrl_hier(l, c);

		if (!(needed & CGROUP_CTRL(c)))
			continue;
		if (h < 0) {
			set_failed(failed, failedsz, cgroup_ctrl_name(c));
			return -EOPNOTSUPP;
		}
		/*
		 * Only where the container has a cgroup of its own: on v1 it
		 * joined a controller's hierarchy only for a limit given at its
		 * start, and elsewhere sits in the root, which is not to be
		 * limited.
		 */
		if (cgroup_path(l, (size_t)h, rel, NULL, path, sizeof(path)) < 0 ||
		    stat(path, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
			set_failed(failed, failedsz, l->hier[h].name);
			return -ENOENT;
		}
	}
	return write_limits(l, rel, lim, failed, failedsz);
}

/* ----------------------------------------------------------- I/O weight */

/* The scheduler in use of one device: the bracketed word of its scheduler file. */
static void active_scheduler(const char *text, char *buf, size_t size)
{
	const char *open = strchr(text, '['), *close = open ? strchr(open, ']') : NULL;

	buf[0] = '\0';
	if (close && (size_t)(close - open - 1) < size)
		snprintf(buf, size, "%.*s", (int)(close - open - 1), open + 1);
	else if (!open)
		snprintf(buf, size, "%.*s", (int)strcspn(text, " \n"), text);
}

int cgroup_io_weight_check(const struct cgroup_layout *l, const char *sys_block, char *why,
			   size_t whysz)
{
	char seen[128] = "", text[512];
	int h = cgroup_ctrl_hier(l, CGROUP_IO);
	bool weighs = false, iocost = false;
	struct dirent *d;
	size_t nseen = 0;
	DIR *dp;

	if (h < 0) {
		snprintf(why, whysz, "no hierarchy has the %s controller",
			 l->n && l->hier[0].v2 ? "io" : "blkio");
		return -EOPNOTSUPP;
	}
	/* v2: io.cost enabled on some device ("8:0 enable=1 ...") */
	if (l->hier[h].v2) {
		char path[PATH_MAX];

		if (cgroup_path(l, (size_t)h, "", "io.cost.qos", path, sizeof(path)) == 0 &&
		    read_text_file(path, text, sizeof(text)) == 0 && strstr(text, "enable=1"))
			iocost = true;
	}
	dp = opendir(sys_block);
	while (dp && (d = readdir(dp))) {
		char path[PATH_MAX], sched[32];

		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/queue/scheduler", sys_block, d->d_name);
		if (read_text_file(path, text, sizeof(text)) < 0)
			continue;
		active_scheduler(text, sched, sizeof(sched));
		if (!sched[0])
			continue;
		if (strcmp(sched, "bfq") == 0 || strcmp(sched, "cfq") == 0)
			weighs = true;
		/* the schedulers in use, for the message: each once */
		if (!strstr(seen, sched) && nseen + strlen(sched) + 3 < sizeof(seen))
			nseen += (size_t)snprintf(seen + nseen, sizeof(seen) - nseen, "%s%s",
						  nseen ? ", " : "", sched);
	}
	if (dp)
		closedir(dp);
	if (weighs || iocost)
		return 0;
	snprintf(why, whysz, "the kernel cannot weigh block I/O here: it needs BFQ or io.cost, "
		 "and the block devices are scheduled by %s%s", seen[0] ? seen : "nothing known",
		 l->hier[h].v2 ? ", with io.cost not enabled" : "");
	return -EOPNOTSUPP;
}
