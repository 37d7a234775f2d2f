// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading cgroups, v1 and v2: the layout of the hierarchies from
 * mountinfo, paths, and limits from one table of interface files per
 * controller. Nothing here writes to a hierarchy (tools/nsrun/cgroup_write.c
 * does, for nsrun's containers).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

const char *cgroup_ctrl_name(enum cgroup_ctrl c)
{
	return c >= 0 && c < CGROUP_NCTRLS ? ctrl_names[c] : NULL;
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

/* Where each limit goes, per version. */
static const struct {
	const char *v1;
	const char *v2;
} limit_files[CGROUP_NCTRLS] = {
	[CGROUP_MEMORY] = { "memory.limit_in_bytes", "memory.max" },
	[CGROUP_CPU] = { "cpu.cfs_quota_us", "cpu.max" },
	[CGROUP_PIDS] = { "pids.max", "pids.max" },
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
