// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cgroup v1 and v2 management for nsrun. Both versions are driven from one
 * table of interface files per controller; the differences that a table
 * cannot hold (v2's subtree_control, v1's memsw after memory) are spelled
 * out where they happen.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "nsfs.h"
#include "procfs.h"

static const char *const ctrl_names[CGROUP_NCTRLS] = {
	[CGROUP_MEMORY] = "memory",
	[CGROUP_CPU] = "cpu",
	[CGROUP_PIDS] = "pids",
};

static int ctrl_from_name(const char *s, size_t len)
{
	for (int c = 0; c < CGROUP_NCTRLS; c++)
		if (strlen(ctrl_names[c]) == len && memcmp(ctrl_names[c], s, len) == 0)
			return c;
	return -1;
}

/* ----------------------------------------------------------------- layout */

/* One hierarchy: its mount point (escaped as in mountinfo) and its name. */
static int set_hier(struct cgroup_hier *h, const char *mnt, size_t mlen, const char *name,
		    size_t nlen, bool v2, unsigned int ctrls)
{
	if (mlen >= sizeof(h->mount) || nlen >= sizeof(h->name))
		return -E2BIG;
	/* strings terminated, not the whole 4 KiB zeroed: the launcher's every page counts */
	memcpy(h->mount, mnt, mlen);
	h->mount[mlen] = '\0';
	mountinfo_unescape(h->mount);
	/* "cpu,cpuacct" as "cpu+cpuacct": names go in comma-separated records */
	for (size_t i = 0; i < nlen; i++)
		h->name[i] = name[i] == ',' ? '+' : name[i];
	h->name[nlen] = '\0';
	h->v2 = v2;
	h->ctrls = ctrls;
	return 0;
}

/* The controllers nsrun uses among a v1 mount's super options, and its name. */
static unsigned int v1_ctrls(const char *opts, size_t olen, const char **name, size_t *nlen)
{
	const char *o = opts, *oe = opts + olen;
	unsigned int ctrls = 0;

	*name = NULL;
	*nlen = 0;
	while (o < oe) {
		const char *c = memchr(o, ',', (size_t)(oe - o));
		size_t len;
		int ctl;

		if (!c)
			c = oe;
		len = (size_t)(c - o);
		ctl = ctrl_from_name(o, len);
		if (ctl >= 0)
			ctrls |= CGROUP_CTRL(ctl);
		/* the name: the options after "rw" or "ro" ("cpu,cpuacct") */
		if (!(len == 2 && (memcmp(o, "rw", 2) == 0 || memcmp(o, "ro", 2) == 0))) {
			if (!*name)
				*name = o;
			*nlen = (size_t)(c - *name);
		}
		o = c + 1;
	}
	return ctrls;
}

int cgroup_layout_parse(const char *buf, size_t len, struct cgroup_layout *l)
{
	const char *p = buf, *end = buf + len;
	struct cgroup_hier v2;
	unsigned int taken = 0;
	bool have_v2 = false;

	l->n = 0;
	l->fake = false;
	/* slot 0 is kept for the v2 hierarchy, which goes first */
	l->n = 1;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *name;
		struct mountinfo_line m;
		unsigned int ctrls;
		size_t nlen;

		if (!eol)
			eol = end;
		/* only mounts of a hierarchy's root: a subtree's paths would all be wrong */
		if (!mountinfo_split(p, eol, &m) || m.root_len != 1 || m.root[0] != '/')
			goto next;
		if (m.fstype_len == 7 && memcmp(m.fstype, "cgroup2", 7) == 0) {
			if (!have_v2 &&
			    set_hier(&v2, m.target, m.target_len, "unified", 7, true, 0) == 0)
				have_v2 = true;
		} else if (m.fstype_len == 6 && memcmp(m.fstype, "cgroup", 6) == 0) {
			ctrls = v1_ctrls(m.super, m.super_len, &name, &nlen);
			/* the first mount of a controller; a second one is a bind of the same */
			if (ctrls && !(ctrls & taken) && l->n < CGROUP_HIER_MAX &&
			    set_hier(&l->hier[l->n], m.target, m.target_len, name, nlen, false,
				     ctrls) == 0) {
				l->n++;
				taken |= ctrls;
			}
		}
next:
		p = eol + 1;
	}
	if (have_v2) {
		l->hier[0] = v2;
	} else {
		memmove(&l->hier[0], &l->hier[1], (l->n - 1) * sizeof(l->hier[0]));
		l->n--;
	}
	return l->n ? 0 : -ENOENT;
}

void cgroup_layout_set_v2_ctrls(struct cgroup_layout *l, const char *text)
{
	unsigned int v1 = 0;
	struct cgroup_hier *v2 = NULL;

	for (size_t i = 0; i < l->n; i++) {
		if (l->hier[i].v2)
			v2 = &l->hier[i];
		else
			v1 |= l->hier[i].ctrls;
	}
	if (!v2)
		return;
	v2->ctrls = 0;
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, " \t\n");
		int c = ctrl_from_name(p, len);

		/* a controller bound to v1 is not available in v2: trust neither for both */
		if (c >= 0 && !(v1 & CGROUP_CTRL(c)))
			v2->ctrls |= CGROUP_CTRL(c);
		p += len;
		p += strspn(p, " \t\n");
	}
}

/* The first line of a small file, at most size - 1 bytes, without its newline. */
static int read_line(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	close(fd);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int cgroup_layout_load(struct cgroup_layout *l, const char *mountinfo, size_t len, bool fake)
{
	char path[PATH_MAX + 32], line[512];
	int rc = cgroup_layout_parse(mountinfo, len, l);

	if (rc)
		return rc;
	l->fake = fake;
	for (size_t i = 0; i < l->n; i++) {
		if (!l->hier[i].v2)
			continue;
		snprintf(path, sizeof(path), "%s/cgroup.controllers", l->hier[i].mount);
		if (read_line(path, line, sizeof(line)) == 0)
			cgroup_layout_set_v2_ctrls(l, line);
	}
	return 0;
}

int cgroup_layout_detect(struct cgroup_layout *l)
{
	char *buf;
	size_t len;
	int rc = procfs_read_at(AT_FDCWD, "/proc/self/mountinfo", 0, &buf, &len);

	if (rc)
		return rc;
	rc = cgroup_layout_load(l, buf, len, false);
	free(buf);
	return rc;
}

int cgroup_ctrl_hier(const struct cgroup_layout *l, enum cgroup_ctrl c)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->hier[i].ctrls & CGROUP_CTRL(c))
			return (int)i;
	return -1;
}

int cgroup_valid_path(const char *rel)
{
	const char *p;

	if (!rel || rel[0] != '/' || strlen(rel) >= PATH_MAX / 2 || strcmp(rel, "/") == 0)
		return -EINVAL;
	for (p = rel; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return -EINVAL;
	/* every component: not empty, not "." nor ".." */
	for (p = rel + 1;;) {
		size_t len = strcspn(p, "/");

		if (len == 0 || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
			return -EINVAL;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

int cgroup_path(const struct cgroup_layout *l, size_t h, const char *rel, const char *file,
		char *buf, size_t size)
{
	int n;

	if (h >= l->n)
		return -EINVAL;
	n = snprintf(buf, size, "%s%s%s%s", l->hier[h].mount, rel ? rel : "", file ? "/" : "",
		     file ? file : "");
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

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

	if (lim && lim->memory)
		c |= CGROUP_CTRL(CGROUP_MEMORY);
	if (lim && lim->cpu_quota)
		c |= CGROUP_CTRL(CGROUP_CPU);
	if (lim && lim->pids)
		c |= CGROUP_CTRL(CGROUP_PIDS);
	return c;
}

/* Where each limit goes, per version. */
static const struct {
	const char *v1;
	const char *v2;
} limit_files[CGROUP_NCTRLS] = {
	[CGROUP_MEMORY] = { "memory.limit_in_bytes", "memory.max" },
	[CGROUP_CPU] = { "cpu.cfs_quota_us", "cpu.max" },
	[CGROUP_PIDS] = { "pids.max", "pids.max" },
};

static int write_limits(const struct cgroup_layout *l, const char *rel,
			const struct cgroup_limits *lim, char *failed, size_t failedsz)
{
	char v[64];
	int h, rc;

	if (lim->memory && (h = cgroup_ctrl_hier(l, CGROUP_MEMORY)) >= 0) {
		bool v2 = l->hier[h].v2;

		snprintf(v, sizeof(v), "%llu", (unsigned long long)lim->memory);
		rc = write_in(l, (size_t)h, rel, v2 ? limit_files[CGROUP_MEMORY].v2 :
			      limit_files[CGROUP_MEMORY].v1, v, failed, failedsz);
		if (rc)
			return rc;
		/*
		 * A limit that swap can get round is no limit: the process
		 * would slow down instead of being killed. No swap at all, as
		 * with Docker's --memory-swap equal to --memory. The swap files
		 * are missing when the kernel has no swap accounting; then
		 * there is nothing to get round the limit with either. v1's
		 * memsw counts memory and swap together, and must not be
		 * below the memory limit: written second.
		 */
		if (v2 && file_exists(l, (size_t)h, rel, "memory.swap.max"))
			rc = write_in(l, (size_t)h, rel, "memory.swap.max", "0", failed, failedsz);
		else if (!v2 && file_exists(l, (size_t)h, rel, "memory.memsw.limit_in_bytes"))
			rc = write_in(l, (size_t)h, rel, "memory.memsw.limit_in_bytes", v, failed,
				      failedsz);
		if (rc)
			return rc;
	}
	if (lim->cpu_quota && (h = cgroup_ctrl_hier(l, CGROUP_CPU)) >= 0) {
		if (l->hier[h].v2) {
			snprintf(v, sizeof(v), "%llu %u", (unsigned long long)lim->cpu_quota,
				 CGROUP_CPU_PERIOD);
			rc = write_in(l, (size_t)h, rel, "cpu.max", v, failed, failedsz);
		} else {
			/* the period first: a quota is read against the period in force */
			snprintf(v, sizeof(v), "%u", CGROUP_CPU_PERIOD);
			rc = write_in(l, (size_t)h, rel, "cpu.cfs_period_us", v, failed, failedsz);
			snprintf(v, sizeof(v), "%llu", (unsigned long long)lim->cpu_quota);
			if (!rc)
				rc = write_in(l, (size_t)h, rel, "cpu.cfs_quota_us", v, failed,
					      failedsz);
		}
		if (rc)
			return rc;
	}
	if (lim->pids && (h = cgroup_ctrl_hier(l, CGROUP_PIDS)) >= 0) {
		snprintf(v, sizeof(v), "%llu", (unsigned long long)lim->pids);
		rc = write_in(l, (size_t)h, rel, "pids.max", v, failed, failedsz);
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
			snprintf(one, sizeof(one), "+%s", ctrl_names[c]);
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
	if (l->fake) {
		char file[PATH_MAX + 64];
		static const char *const files[] = {
			"cgroup.procs", "cgroup.subtree_control", "cgroup.kill",
			"memory.max", "memory.swap.max", "memory.limit_in_bytes",
			"memory.memsw.limit_in_bytes", "cpu.max", "cpu.cfs_period_us",
			"cpu.cfs_quota_us", "pids.max",
		};

		for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
			snprintf(file, sizeof(file), "%s/%s", path, files[i]);
			unlink(file);
		}
	}
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
			 unsigned int levels, bool *killed)
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
				cgroup_kill(l, rel);
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
			set_failed(failed, failedsz, ctrl_names[c]);
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
			break;
		}
		made->levels[h] = (unsigned char)(created > own_levels ? created : own_levels);
		if (l->hier[h].v2) {
			rc = enable_ctrls(l, h, rel, needed, failed, failedsz);
			if (rc) {
				h++;
				break;
			}
		}
	}
	if (!rc && lim)
		rc = write_limits(l, rel, lim, failed, failedsz);
	if (rc) {
		/* undo: the hierarchies done, and the one that failed half-way */
		for (size_t i = 0; i < l->n && i <= h; i++)
			if (made->levels[i] && !(rc == -EEXIST && i == h))
				remove_levels(l, i, rel, made->levels[i], NULL);
		memset(made, 0, sizeof(*made));
	}
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

bool cgroup_exists(const struct cgroup_layout *l, const char *rel)
{
	char path[PATH_MAX];
	struct stat sb;

	for (size_t h = 0; h < l->n; h++)
		if (cgroup_path(l, h, rel, NULL, path, sizeof(path)) == 0 && stat(path, &sb) == 0 &&
		    S_ISDIR(sb.st_mode))
			return true;
	return false;
}

/* SIGKILL what cgroup.procs of rel in hierarchy h lists; the number of processes seen. */
static int kill_listed(const struct cgroup_layout *l, size_t h, const char *rel)
{
	char path[PATH_MAX], buf[4096];
	int fd, seen = 0;
	size_t have = 0;

	if (cgroup_path(l, h, rel, "cgroup.procs", path, sizeof(path)) < 0)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	for (;;) {
		ssize_t n = read(fd, buf + have, sizeof(buf) - 1 - have);
		char *p, *nl;

		if (n <= 0)
			break;
		have += (size_t)n;
		buf[have] = '\0';
		for (p = buf; (nl = strchr(p, '\n')); p = nl + 1) {
			long pid = strtol(p, NULL, 10);

			*nl = '\0';
			/* never 0 or negative: kill() would hit a process group */
			if (pid > 0 && !l->fake) {
				kill((pid_t)pid, SIGKILL);
				seen++;
			}
		}
		have = strlen(p);
		memmove(buf, p, have);
	}
	close(fd);
	return seen;
}

int cgroup_kill(const struct cgroup_layout *l, const char *rel)
{
	if (cgroup_valid_path(rel) < 0)
		return -EINVAL;
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
	for (int round = 0; round < 200; round++) {
		int seen = 0;

		for (size_t h = 0; h < l->n; h++) {
			int n = kill_listed(l, h, rel);

			if (n > 0)
				seen += n;
		}
		if (seen == 0)
			return 0;
		sleep_ms(10);
	}
	return -EBUSY;
}

int cgroup_remove(const struct cgroup_layout *l, const char *rel, const struct cgroup_made *made)
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
		rc = remove_levels(l, h, rel, levels, &killed);

		if (rc && rc != -ENOENT && !first)
			first = rc;
	}
	return first;
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

int cgroup_read_limit(const struct cgroup_layout *l, const char *rel, enum cgroup_ctrl c,
		      char *buf, size_t size)
{
	char path[PATH_MAX];
	int h, rc;

	if (c < 0 || c >= CGROUP_NCTRLS || size == 0)
		return -EINVAL;
	h = cgroup_ctrl_hier(l, c);
	if (h < 0)
		return -ENOENT;
	rc = cgroup_path(l, (size_t)h, rel, l->hier[h].v2 ? limit_files[c].v2 : limit_files[c].v1,
			 path, sizeof(path));
	if (rc)
		return rc;
	return read_line(path, buf, size);
}

int cgroup_parse_limit(const char *s, uint64_t *v)
{
	unsigned long long x;
	const char *d = s[0] == '-' ? s + 1 : s;
	char *end;

	*v = 0;
	if (strncmp(s, "max", 3) == 0 && (s[3] == '\0' || s[3] == ' '))
		return 0;
	/* digits only: strtoull() would take blanks and a sign */
	if (*d < '0' || *d > '9')
		return -EINVAL;
	errno = 0;
	x = strtoull(d, &end, 10);
	if (errno || (*end && *end != ' '))
		return -EINVAL;
	if (d == s)
		*v = x;
	return 0;
}

/* The first line of limit file file of rel in the hierarchy of c, or -ENOENT. */
static int read_ctrl_file(const struct cgroup_layout *l, const char *rel, enum cgroup_ctrl c,
			  const char *v1, const char *v2, char *buf, size_t size)
{
	char path[PATH_MAX];
	int h = cgroup_ctrl_hier(l, c), rc;

	if (h < 0)
		return -ENOENT;
	rc = cgroup_path(l, (size_t)h, rel, l->hier[h].v2 ? v2 : v1, path, sizeof(path));
	return rc ? rc : read_line(path, buf, size);
}

int cgroup_read_limits(const struct cgroup_layout *l, const char *rel, struct cgroup_limits *lim)
{
	char buf[64];
	uint64_t quota = 0, period = CGROUP_CPU_PERIOD;

	memset(lim, 0, sizeof(*lim));
	if (cgroup_valid_path(rel) < 0)
		return -EINVAL;
	if (!cgroup_exists(l, rel))
		return -ENOENT;
	/* v1's "no limit" is the page counter's maximum, rounded to pages: ~2^63 */
	if (read_ctrl_file(l, rel, CGROUP_MEMORY, "memory.limit_in_bytes", "memory.max", buf,
			   sizeof(buf)) == 0 &&
	    cgroup_parse_limit(buf, &lim->memory) == 0 && lim->memory >= (1ull << 62))
		lim->memory = 0;
	if (read_ctrl_file(l, rel, CGROUP_PIDS, "pids.max", "pids.max", buf, sizeof(buf)) == 0)
		cgroup_parse_limit(buf, &lim->pids);
	/* v2: "QUOTA PERIOD" in one file; v1: two files */
	if (read_ctrl_file(l, rel, CGROUP_CPU, "cpu.cfs_quota_us", "cpu.max", buf,
			   sizeof(buf)) == 0 && cgroup_parse_limit(buf, &quota) == 0 && quota) {
		const char *sp = strchr(buf, ' ');

		if (sp)
			cgroup_parse_limit(sp + 1, &period);
		else if (read_ctrl_file(l, rel, CGROUP_CPU, "cpu.cfs_period_us", NULL, buf,
					sizeof(buf)) == 0)
			cgroup_parse_limit(buf, &period);
		if (period)
			lim->cpu_quota = quota * CGROUP_CPU_PERIOD / period;
	}
	return 0;
}
