// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading cgroups, v1 and v2: the layout of the hierarchies from
 * mountinfo, paths, and limits from one table of interface files per
 * controller. Nothing here writes to a hierarchy (tools/nsrun/cgroup_write.c
 * does, for nsrun's containers).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "nsfs.h"
#include "procfs.h"

/* Each controller's name, per version: only the I/O controller changed its. */
static const struct {
	const char *v1;
	const char *v2;
} ctrl_names[CGROUP_NCTRLS] = {
	[CGROUP_MEMORY] = { "memory", "memory" },
	[CGROUP_CPU] = { "cpu", "cpu" },
	[CGROUP_PIDS] = { "pids", "pids" },
	[CGROUP_IO] = { "blkio", "io" },
	[CGROUP_CPUSET] = { "cpuset", "cpuset" },
};

static int ctrl_from_name(const char *s, size_t len, bool v2)
{
	for (int c = 0; c < CGROUP_NCTRLS; c++) {
		const char *name = v2 ? ctrl_names[c].v2 : ctrl_names[c].v1;

		if (strlen(name) == len && memcmp(name, s, len) == 0)
			return c;
	}
	return -1;
}

const char *cgroup_ctrl_name(enum cgroup_ctrl c)
{
	return c >= 0 && c < CGROUP_NCTRLS ? ctrl_names[c].v1 : NULL;
}

const char *cgroup_ctrl_name_in(const struct cgroup_hier *h, enum cgroup_ctrl c)
{
	if (c < 0 || c >= CGROUP_NCTRLS)
		return NULL;
	return h->v2 ? ctrl_names[c].v2 : ctrl_names[c].v1;
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

/* The controllers of enum cgroup_ctrl among a v1 mount's super options, and its name. */
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
		ctl = ctrl_from_name(o, len, false);
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
		int c = ctrl_from_name(p, len, true);

		/* a controller bound to v1 is not available in v2: trust neither for both */
		if (c >= 0 && !(v1 & CGROUP_CTRL(c)))
			v2->ctrls |= CGROUP_CTRL(c);
		p += len;
		p += strspn(p, " \t\n");
	}
}

/*
 * A small interface file whole, read from its start on the open fd: at
 * most size - 1 bytes, NUL-terminated, its length in *len (may be NULL).
 * An interface file is generated by one show() at a read from offset 0,
 * which a buffer big enough gets whole: a read that returns less than
 * asked is the end, and no read(2) is spent to see it (nstop reads a few
 * of these per container and refresh). Files of a hierarchy are the
 * kernel's, as those of a live /proc are: nothing can be planted there,
 * and no fstat(2) asks what they are; O_NONBLOCK all the same, for a fake
 * tree's (read_stat() opens them).
 */
static int pread_text(int fd, char *buf, size_t size, size_t *len)
{
	size_t have = 0;
	int e = 0;

	while (have < size - 1) {
		ssize_t n = pread(fd, buf + have, size - 1 - have, (off_t)have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			e = -errno;
		if (n <= 0)
			break;
		have += (size_t)n;
		if ((size_t)n < size - 1 - (have - (size_t)n))
			break;
	}
	buf[have] = '\0';
	if (len)
		*len = have;
	return e;
}

/* The first line of a small file, at most size - 1 bytes, without its newline. */
static int read_line(const char *path, char *buf, size_t size)
{
	char *text;
	size_t len;
	int rc = procfs_read_at(AT_FDCWD, path, size - 1, &text, &len);

	if (rc)
		return rc;
	len = strcspn(text, "\n");
	memcpy(buf, text, len);
	buf[len] = '\0';
	free(text);
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

/* ----------------------------------------------------------------- limits */

/* Where each limit goes, per version (I/O and cpuset: the first of their files). */
static const struct {
	const char *v1;
	const char *v2;
} limit_files[CGROUP_NCTRLS] = {
	[CGROUP_MEMORY] = { "memory.limit_in_bytes", "memory.max" },
	[CGROUP_CPU] = { "cpu.cfs_quota_us", "cpu.max" },
	[CGROUP_PIDS] = { "pids.max", "pids.max" },
	[CGROUP_IO] = { "blkio.throttle.read_bps_device", "io.max" },
	[CGROUP_CPUSET] = { "cpuset.cpus", "cpuset.cpus" },
};

const char *cgroup_limit_file(const struct cgroup_hier *h, enum cgroup_ctrl c)
{
	if (c < 0 || c >= CGROUP_NCTRLS)
		return NULL;
	return h->v2 ? limit_files[c].v2 : limit_files[c].v1;
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

bool cgroup_proc_in(const char *text, size_t len, const char *rel)
{
	size_t rlen = strlen(rel);
	const char *end = text + len, *line, *nl;

	/* "/" holds everything: every path continues it */
	while (rlen && rel[rlen - 1] == '/')
		rlen--;
	for (line = text; line < end; line = nl + 1) {
		const char *c1, *c2, *path;
		size_t plen;

		nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			nl = end;
		c1 = memchr(line, ':', (size_t)(nl - line));
		c2 = c1 ? memchr(c1 + 1, ':', (size_t)(nl - c1 - 1)) : NULL;
		if (!c2)
			continue;
		path = c2 + 1;
		plen = (size_t)(nl - path);
		if (plen >= rlen && memcmp(path, rel, rlen) == 0 &&
		    (plen == rlen || path[rlen] == '/'))
			return true;
	}
	return false;
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
	rc = cgroup_path(l, (size_t)h, rel, cgroup_limit_file(&l->hier[h], c), path, sizeof(path));
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

/* The text of file of rel in hierarchy h. */
/* The descriptors below which files may stay open: half of RLIMIT_NOFILE. */
static int files_budget(void)
{
	static int budget;
	struct rlimit r;

	if (!budget)
		budget = getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur != RLIM_INFINITY &&
				 r.rlim_cur < 2 * (rlim_t)INT_MAX ?
			 (int)(r.rlim_cur / 2) :
			 512;
	return budget;
}

/*
 * The text of file in cgroup rel of hierarchy h; with f, the file kept
 * open in f's slot i (see struct cgroup_files).
 */
static int read_stat(const struct cgroup_layout *l, size_t h, const char *rel, const char *file,
		     struct cgroup_files *f, int i, char *buf, size_t size, size_t *len)
{
	char path[PATH_MAX];
	int fd, rc;

	if (f && f->fd[i] >= 0) {
		rc = pread_text(f->fd[i], buf, size, len);
		if (!rc)
			return 0;
		/* removed, or made again at the same path: open it anew */
		close(f->fd[i]);
		f->fd[i] = -1;
	}
	rc = cgroup_path(l, h, rel, file, path, sizeof(path));
	if (rc)
		return rc;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	rc = pread_text(fd, buf, size, len);
	if (f && !rc && fd < files_budget())
		f->fd[i] = fd;
	else
		close(fd);
	return rc;
}

/* A file of one number (or "max") as a limit: 0 for none. */
static int read_num_stat(const struct cgroup_layout *l, size_t h, const char *rel,
			 const char *file, struct cgroup_files *f, int i, uint64_t *v)
{
	char buf[64];
	int rc = read_stat(l, h, rel, file, f, i, buf, sizeof(buf), NULL);

	*v = 0;
	if (rc)
		return rc;
	buf[strcspn(buf, "\n")] = '\0';
	return cgroup_parse_limit(buf, v);
}

static int read_in(const struct cgroup_layout *l, size_t h, const char *rel, const char *file,
		   char *buf, size_t size, size_t *len)
{
	return read_stat(l, h, rel, file, NULL, 0, buf, size, len);
}

static int read_num_in(const struct cgroup_layout *l, size_t h, const char *rel, const char *file,
		       uint64_t *v)
{
	return read_num_stat(l, h, rel, file, NULL, 0, v);
}

/* v1's "no limit" is the page counter's maximum, rounded to pages: ~2^63 */
#define V1_NO_LIMIT (1ull << 62)

/*
 * The limits of one controller of rel in hierarchy h, into lim: a table
 * of these, one per controller, reads them all; cgroup_effective_limits()
 * reads them level by level.
 */
typedef void (*limits_fn)(const struct cgroup_layout *l, size_t h, const char *rel,
			  struct cgroup_limits *lim);

static void limits_memory(const struct cgroup_layout *l, size_t h, const char *rel,
			  struct cgroup_limits *lim)
{
	bool v2 = l->hier[h].v2;
	uint64_t v;

	if (read_num_in(l, h, rel, v2 ? "memory.max" : "memory.limit_in_bytes", &v) == 0 &&
	    v < V1_NO_LIMIT)
		lim->memory = v;
	/*
	 * Swap beside it: v2 counts swap alone ("max" for no limit, which
	 * read_num_in() makes 0 as it does "0"), v1 memory and swap together.
	 */
	if (v2 && lim->memory) {
		char buf[64];

		if (read_in(l, h, rel, "memory.swap.max", buf, sizeof(buf), NULL) == 0) {
			buf[strcspn(buf, "\n")] = '\0';
			if (strcmp(buf, "max") == 0)
				lim->memory_swap = CGROUP_UNLIMITED;
			else if (cgroup_parse_limit(buf, &v) == 0)
				lim->memory_swap = lim->memory + v;
		}
	} else if (lim->memory && read_num_in(l, h, rel, "memory.memsw.limit_in_bytes", &v) == 0) {
		lim->memory_swap = v && v < V1_NO_LIMIT ? v : CGROUP_UNLIMITED;
	}
	if (read_num_in(l, h, rel, v2 ? "memory.low" : "memory.soft_limit_in_bytes", &v) == 0 &&
	    v < V1_NO_LIMIT)
		lim->memory_reservation = v;
}

static void limits_cpu(const struct cgroup_layout *l, size_t h, const char *rel,
		       struct cgroup_limits *lim)
{
	bool v2 = l->hier[h].v2;
	uint64_t quota = 0, period = CGROUP_CPU_PERIOD, v;
	char buf[64];

	/* v2: "QUOTA PERIOD" in one file; v1: two files */
	if (read_in(l, h, rel, v2 ? "cpu.max" : "cpu.cfs_quota_us", buf, sizeof(buf), NULL) == 0) {
		buf[strcspn(buf, "\n")] = '\0';
		if (cgroup_parse_limit(buf, &quota) == 0 && quota) {
			const char *sp = strchr(buf, ' ');

			if (sp)
				cgroup_parse_limit(sp + 1, &period);
			else
				read_num_in(l, h, rel, "cpu.cfs_period_us", &period);
			if (period)
				lim->cpu_quota = quota * CGROUP_CPU_PERIOD / period;
		}
	}
	/* the default weight is no limit */
	if (v2 && read_num_in(l, h, rel, "cpu.weight", &v) == 0 && v && v != 100)
		lim->cpu_shares = cgroup_weight_to_shares(v);
	else if (!v2 && read_num_in(l, h, rel, "cpu.shares", &v) == 0 && v && v != 1024)
		lim->cpu_shares = v;
}

static void limits_pids(const struct cgroup_layout *l, size_t h, const char *rel,
			struct cgroup_limits *lim)
{
	read_num_in(l, h, rel, "pids.max", &lim->pids);
}

/* v1's throttle files, in the order of cgroup_parse_io_v1()'s fields. */
static const char *const v1_throttle_files[4] = {
	"blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
	"blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device",
};

static void limits_io(const struct cgroup_layout *l, size_t h, const char *rel,
		      struct cgroup_limits *lim)
{
	char buf[4096];
	size_t len;
	uint64_t v;

	if (l->hier[h].v2) {
		if (read_in(l, h, rel, "io.max", buf, sizeof(buf), &len) == 0)
			cgroup_parse_io_max(buf, len, lim);
		/* io.cost's weight ("default 100"), else BFQ's, on its own scale */
		if (read_in(l, h, rel, "io.weight", buf, sizeof(buf), &len) == 0 &&
		    cgroup_parse_keyed(buf, len, "default", &v) == 0 && v != 100)
			lim->io_weight = cgroup_io_to_blkio_weight(v);
		else if (read_in(l, h, rel, "io.bfq.weight", buf, sizeof(buf), &len) == 0 &&
			 cgroup_parse_keyed(buf, len, "default", &v) == 0 && v != 100)
			lim->io_weight = v;
		return;
	}
	for (int f = 0; f < 4; f++)
		if (read_in(l, h, rel, v1_throttle_files[f], buf, sizeof(buf), &len) == 0)
			cgroup_parse_io_v1(buf, len, f, lim);
	if (read_num_in(l, h, rel, "blkio.bfq.weight", &v) == 0 && v && v != 100)
		lim->io_weight = v;
}

static void limits_cpuset(const struct cgroup_layout *l, size_t h, const char *rel,
			  struct cgroup_limits *lim)
{
	char buf[sizeof(lim->cpuset_cpus)], root[sizeof(lim->cpuset_cpus)];

	if (read_in(l, h, rel, "cpuset.cpus", buf, sizeof(buf), NULL) < 0)
		return;
	buf[strcspn(buf, "\n")] = '\0';
	/* v1 has every cgroup name its CPUs: those of the root are no limit */
	if (!l->hier[h].v2 && read_in(l, h, "", "cpuset.cpus", root, sizeof(root), NULL) == 0) {
		root[strcspn(root, "\n")] = '\0';
		if (strcmp(root, buf) == 0)
			return;
	}
	snprintf(lim->cpuset_cpus, sizeof(lim->cpuset_cpus), "%s", buf);
}

static const limits_fn limits_of[CGROUP_NCTRLS] = {
	[CGROUP_MEMORY] = limits_memory,
	[CGROUP_CPU] = limits_cpu,
	[CGROUP_PIDS] = limits_pids,
	[CGROUP_IO] = limits_io,
	[CGROUP_CPUSET] = limits_cpuset,
};

int cgroup_read_limits(const struct cgroup_layout *l, const char *rel, struct cgroup_limits *lim)
{
	memset(lim, 0, sizeof(*lim));
	if (cgroup_valid_path(rel) < 0)
		return -EINVAL;
	if (!cgroup_exists(l, rel))
		return -ENOENT;
	for (int c = 0; c < CGROUP_NCTRLS; c++) {
		int h = cgroup_ctrl_hier(l, c);

		if (h >= 0)
			limits_of[c](l, (size_t)h, rel, lim);
	}
	return 0;
}

/* ------------------------------------------------- a process's cgroups */

/* Does a v1 line's controller list ("cpu,cpuacct") name a controller of ctrls? */
static bool names_ctrl(const char *list, size_t len, unsigned int ctrls)
{
	const char *p = list, *end = list + len;

	while (p < end) {
		const char *c = memchr(p, ',', (size_t)(end - p));
		int ctl;

		if (!c)
			c = end;
		ctl = ctrl_from_name(p, (size_t)(c - p), false);
		if (ctl >= 0 && (ctrls & CGROUP_CTRL(ctl)))
			return true;
		p = c + 1;
	}
	return false;
}

int cgroup_proc_path(const struct cgroup_layout *l, size_t h, const char *text, size_t len,
		     const char **path, size_t *plen)
{
	const char *p = text, *end = text + len;

	if (h >= l->n)
		return -EINVAL;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *c1, *c2;

		if (!eol)
			eol = end;
		c1 = memchr(p, ':', (size_t)(eol - p));
		c2 = c1 ? memchr(c1 + 1, ':', (size_t)(eol - c1 - 1)) : NULL;
		if (c2 && c2 + 1 < eol && c2[1] == '/') {
			bool v2line = c1 - p == 1 && p[0] == '0' && c2 == c1 + 1;

			if (l->hier[h].v2 ? v2line :
			    !v2line && names_ctrl(c1 + 1, (size_t)(c2 - c1 - 1), l->hier[h].ctrls)) {
				*path = c2 + 1;
				*plen = (size_t)(eol - c2 - 1);
				return 0;
			}
		}
		p = eol + 1;
	}
	return -ENOENT;
}

static void min_limit(uint64_t *into, uint64_t v)
{
	if (v && (!*into || v < *into))
		*into = v;
}

/* What a parent's limits (from) add to its children's (into). */
static void merge_limits(struct cgroup_limits *into, const struct cgroup_limits *from)
{
	min_limit(&into->memory, from->memory);
	min_limit(&into->memory_swap, from->memory_swap);
	min_limit(&into->memory_reservation, from->memory_reservation);
	min_limit(&into->cpu_quota, from->cpu_quota);
	min_limit(&into->pids, from->pids);
	/* weights and CPU sets: the nearest that says one */
	if (!into->cpu_shares)
		into->cpu_shares = from->cpu_shares;
	if (!into->io_weight)
		into->io_weight = from->io_weight;
	if (!into->cpuset_cpus[0])
		memcpy(into->cpuset_cpus, from->cpuset_cpus, sizeof(into->cpuset_cpus));
	for (size_t i = 0; i < from->nio; i++) {
		const struct cgroup_io_dev *d = &from->io[i];
		struct cgroup_io_dev *t = NULL;

		for (size_t j = 0; j < into->nio && !t; j++)
			if (into->io[j].major == d->major && into->io[j].minor == d->minor)
				t = &into->io[j];
		if (!t && into->nio < CGROUP_IO_DEVS_MAX) {
			t = &into->io[into->nio++];
			memset(t, 0, sizeof(*t));
			t->major = d->major;
			t->minor = d->minor;
		}
		if (!t)
			continue;
		min_limit(&t->rbps, d->rbps);
		min_limit(&t->wbps, d->wbps);
		min_limit(&t->riops, d->riops);
		min_limit(&t->wiops, d->wiops);
	}
}

int cgroup_effective_limits(const struct cgroup_layout *l, const char *text, size_t len,
			    struct cgroup_limits *lim)
{
	memset(lim, 0, sizeof(*lim));
	for (int c = 0; c < CGROUP_NCTRLS; c++) {
		int h = cgroup_ctrl_hier(l, c);
		char rel[PATH_MAX / 2];
		const char *p;
		size_t plen;

		if (h < 0 || cgroup_proc_path(l, (size_t)h, text, len, &p, &plen) < 0 ||
		    plen >= sizeof(rel))
			continue;
		memcpy(rel, p, plen);
		rel[plen] = '\0';
		/* from its own cgroup up, the root (which has no limits) left out */
		while (cgroup_valid_path(rel) == 0) {
			struct cgroup_limits one = { 0 };
			char *slash;

			limits_of[c](l, (size_t)h, rel, &one);
			merge_limits(lim, &one);
			slash = strrchr(rel, '/');
			*slash = '\0';
		}
	}
	return 0;
}

/* --------------------------------------------------------- statistics */

/* The hierarchy of controller c, if w has a cgroup there. */
static int stat_hier(const struct cgroup_layout *l, const struct cgroup_where *w,
		     enum cgroup_ctrl c, const char **rel)
{
	int h = cgroup_ctrl_hier(l, c);

	if (h < 0 || !w->rel[h])
		return -1;
	*rel = w->rel[h];
	return h;
}

void cgroup_files_init(struct cgroup_files *f)
{
	for (int i = 0; i < CGROUP_NFILES; i++)
		f->fd[i] = -1;
}

void cgroup_files_close(struct cgroup_files *f)
{
	for (int i = 0; i < CGROUP_NFILES; i++)
		if (f->fd[i] >= 0)
			close(f->fd[i]);
	cgroup_files_init(f);
}

void cgroup_read_stats(const struct cgroup_layout *l, const struct cgroup_where *w,
		       unsigned int what, struct cgroup_stats *st, struct cgroup_files *files)
{
	char buf[16384];
	const char *rel;
	size_t len;
	uint64_t v;
	int h;

	memset(st, 0, sizeof(*st));
	if ((what & CGROUP_STAT_MEMORY) && (h = stat_hier(l, w, CGROUP_MEMORY, &rel)) >= 0) {
		bool v2 = l->hier[h].v2;

		if (read_num_stat(l, (size_t)h, rel, v2 ? "memory.current" : "memory.usage_in_bytes",
				  files, CGROUP_FILE_MEM_USAGE, &st->mem_usage) == 0) {
			st->have |= CGROUP_STAT_MEMORY;
			if (read_num_stat(l, (size_t)h, rel, v2 ? "memory.max" : "memory.limit_in_bytes",
					  files, CGROUP_FILE_MEM_LIMIT, &v) == 0 && v < V1_NO_LIMIT)
				st->mem_limit = v;
			if ((what & CGROUP_STAT_OOM) &&
			    read_in(l, (size_t)h, rel, v2 ? "memory.events" : "memory.oom_control", buf,
				    sizeof(buf), &len) == 0)
				cgroup_parse_keyed(buf, len, "oom_kill", &st->oom_kills);
		}
	}
	if ((what & CGROUP_STAT_PIDS) && (h = stat_hier(l, w, CGROUP_PIDS, &rel)) >= 0 &&
	    read_num_stat(l, (size_t)h, rel, "pids.current", files, CGROUP_FILE_PIDS, &st->pids) == 0) {
		st->have |= CGROUP_STAT_PIDS;
		read_num_stat(l, (size_t)h, rel, "pids.max", files, CGROUP_FILE_PIDS_LIMIT,
			      &st->pids_limit);
	}
	if ((what & CGROUP_STAT_IO) && (h = stat_hier(l, w, CGROUP_IO, &rel)) >= 0) {
		bool v2 = l->hier[h].v2;
		int rc;

		/* v1: the cgroup's own counts leave out its children's */
		rc = read_stat(l, (size_t)h, rel,
			       v2 ? "io.stat" : "blkio.throttle.io_service_bytes_recursive", files,
			       CGROUP_FILE_IO, buf, sizeof(buf), &len);
		if (rc && !v2)
			rc = read_stat(l, (size_t)h, rel, "blkio.throttle.io_service_bytes", files,
				       CGROUP_FILE_IO, buf, sizeof(buf), &len);
		if (!rc && cgroup_parse_io_stat(buf, len, v2, &st->io_rbytes, &st->io_wbytes) == 0)
			st->have |= CGROUP_STAT_IO;
	}
	if ((what & CGROUP_STAT_CPU) && (h = stat_hier(l, w, CGROUP_CPU, &rel)) >= 0 &&
	    read_stat(l, (size_t)h, rel, "cpu.stat", files, CGROUP_FILE_CPU, buf, sizeof(buf),
		      &len) == 0 &&
	    cgroup_parse_keyed(buf, len, "nr_periods", &st->cpu_periods) == 0) {
		st->have |= CGROUP_STAT_CPU;
		cgroup_parse_keyed(buf, len, "nr_throttled", &st->cpu_throttled);
		if (cgroup_parse_keyed(buf, len, "throttled_usec", &v) == 0)
			st->cpu_throttled_us = v;
		else if (cgroup_parse_keyed(buf, len, "throttled_time", &v) == 0)
			st->cpu_throttled_us = v / 1000;	/* v1 counts nanoseconds */
	}
}

/* --------------------------------------------------------------- parsers */

/* Decimal digits from p (before end) into *v, overflow checked; *next after them. */
static int parse_u64(const char *p, const char *end, uint64_t *v, const char **next)
{
	uint64_t x = 0;
	const char *q = p;

	for (; q < end && *q >= '0' && *q <= '9'; q++) {
		unsigned int d = (unsigned int)(*q - '0');

		if (x > (UINT64_MAX - d) / 10)
			return -ERANGE;
		x = x * 10 + d;
	}
	if (q == p)
		return -EINVAL;
	*v = x;
	*next = q;
	return 0;
}

int cgroup_parse_keyed(const char *text, size_t len, const char *key, uint64_t *v)
{
	size_t klen = strlen(key);
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *next;

		if (!eol)
			eol = end;
		if ((size_t)(eol - p) > klen && memcmp(p, key, klen) == 0 && p[klen] == ' ' &&
		    parse_u64(p + klen + 1, eol, v, &next) == 0 && next == eol)
			return 0;
		p = eol + 1;
	}
	return -ENOENT;
}

/* "MAJ:MIN" at p: the numbers and where they end. */
static int parse_dev(const char *p, const char *end, unsigned int *major, unsigned int *minor,
		     const char **next)
{
	uint64_t a, b;

	if (parse_u64(p, end, &a, &p) < 0 || p >= end || *p != ':' ||
	    parse_u64(p + 1, end, &b, next) < 0 || a > 0xfff || b > 0xfffff)
		return -EINVAL;
	*major = (unsigned int)a;
	*minor = (unsigned int)b;
	return 0;
}

static bool add_u64(uint64_t *sum, uint64_t v)
{
	if (*sum > UINT64_MAX - v)
		return false;
	*sum += v;
	return true;
}

int cgroup_parse_io_stat(const char *text, size_t len, bool v2, uint64_t *rbytes,
			 uint64_t *wbytes)
{
	const char *p = text, *end = text + len;

	*rbytes = *wbytes = 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q;
		unsigned int major, minor;

		if (!eol)
			eol = end;
		/* "Total N" and lines of other shapes are left out */
		if (parse_dev(p, eol, &major, &minor, &q) == 0) {
			while (q < eol) {
				const char *tok = q + 1, *te;
				uint64_t v;

				if (*q != ' ')
					break;
				te = memchr(tok, ' ', (size_t)(eol - tok));
				if (!te)
					te = eol;
				if (v2) {
					const char *eq = memchr(tok, '=', (size_t)(te - tok));
					const char *vend;

					if (eq && parse_u64(eq + 1, te, &v, &vend) == 0 && vend == te) {
						if (eq - tok == 6 && memcmp(tok, "rbytes", 6) == 0 &&
						    !add_u64(rbytes, v))
							return -ERANGE;
						if (eq - tok == 6 && memcmp(tok, "wbytes", 6) == 0 &&
						    !add_u64(wbytes, v))
							return -ERANGE;
					}
				} else if (te < eol) {
					/* v1: "8:0 Read 4096" */
					const char *vend;
					bool r = te - tok == 4 && memcmp(tok, "Read", 4) == 0;
					bool w = te - tok == 5 && memcmp(tok, "Write", 5) == 0;

					if ((r || w) && parse_u64(te + 1, eol, &v, &vend) == 0 &&
					    vend == eol && !add_u64(r ? rbytes : wbytes, v))
						return -ERANGE;
					break;
				}
				q = te;
			}
		}
		p = eol + 1;
	}
	return 0;
}

/* The entry of device major:minor in lim->io, added when missing. */
static struct cgroup_io_dev *io_dev(struct cgroup_limits *lim, unsigned int major,
				    unsigned int minor)
{
	struct cgroup_io_dev *d;

	for (size_t i = 0; i < lim->nio; i++)
		if (lim->io[i].major == major && lim->io[i].minor == minor)
			return &lim->io[i];
	if (lim->nio >= CGROUP_IO_DEVS_MAX)
		return NULL;
	d = &lim->io[lim->nio++];
	memset(d, 0, sizeof(*d));
	d->major = major;
	d->minor = minor;
	return d;
}

/* A field of struct cgroup_io_dev by index: rbps, wbps, riops, wiops. */
static uint64_t *io_field(struct cgroup_io_dev *d, int field)
{
	uint64_t *const f[4] = { &d->rbps, &d->wbps, &d->riops, &d->wiops };

	return field >= 0 && field < 4 ? f[field] : NULL;
}

int cgroup_parse_io_max(const char *text, size_t len, struct cgroup_limits *lim)
{
	static const char *const keys[4] = { "rbps", "wbps", "riops", "wiops" };
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q;
		struct cgroup_io_dev one = { 0 }, *d;
		unsigned int major, minor;
		bool any = false;

		if (!eol)
			eol = end;
		if (parse_dev(p, eol, &major, &minor, &q) < 0) {
			p = eol + 1;
			continue;
		}
		/* " rbps=N wbps=max ...": what is not a number is no limit */
		while (q < eol && *q == ' ') {
			const char *tok = q + 1, *te = memchr(tok, ' ', (size_t)(eol - tok));
			const char *eq, *vend;
			uint64_t v;

			if (!te)
				te = eol;
			eq = memchr(tok, '=', (size_t)(te - tok));
			for (int f = 0; eq && f < 4; f++)
				if ((size_t)(eq - tok) == strlen(keys[f]) &&
				    memcmp(tok, keys[f], (size_t)(eq - tok)) == 0 &&
				    parse_u64(eq + 1, te, &v, &vend) == 0 && vend == te && v) {
					*io_field(&one, f) = v;
					any = true;
				}
			q = te;
		}
		if (any) {
			d = io_dev(lim, major, minor);
			if (!d)
				return -E2BIG;
			for (int f = 0; f < 4; f++)
				if (*io_field(&one, f))
					*io_field(d, f) = *io_field(&one, f);
		}
		p = eol + 1;
	}
	return 0;
}

int cgroup_parse_io_v1(const char *text, size_t len, int field, struct cgroup_limits *lim)
{
	const char *p = text, *end = text + len;

	if (field < 0 || field > 3)
		return -EINVAL;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q, *vend;
		unsigned int major, minor;
		struct cgroup_io_dev *d;
		uint64_t v;

		if (!eol)
			eol = end;
		if (parse_dev(p, eol, &major, &minor, &q) == 0 && q < eol && *q == ' ' &&
		    parse_u64(q + 1, eol, &v, &vend) == 0 && vend == eol && v) {
			d = io_dev(lim, major, minor);
			if (!d)
				return -E2BIG;
			*io_field(d, field) = v;
		}
		p = eol + 1;
	}
	return 0;
}

uint64_t cgroup_shares_to_weight(uint64_t shares)
{
	if (shares < 2)
		return shares ? 1 : 0;
	if (shares > 262144)
		shares = 262144;
	return 1 + ((shares - 2) * 9999) / 262142;
}

uint64_t cgroup_weight_to_shares(uint64_t weight)
{
	if (!weight)
		return 0;
	if (weight > 10000)
		weight = 10000;
	return 2 + ((weight - 1) * 262142 + 9998) / 9999;
}

uint64_t cgroup_blkio_to_io_weight(uint64_t w)
{
	if (!w)
		return 0;
	if (w < 10)
		w = 10;
	if (w > 1000)
		w = 1000;
	return 1 + ((w - 10) * 9999) / 990;
}

uint64_t cgroup_io_to_blkio_weight(uint64_t w)
{
	if (!w)
		return 0;
	if (w > 10000)
		w = 10000;
	return 10 + ((w - 1) * 990 + 9998) / 9999;
}
