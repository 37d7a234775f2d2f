// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsrun's container records: one file per container,
 * $STATE/containers/NAME, of "key=value" lines. A text format of our own
 * keeps the reader small and safe (no JSON parser for a file that may be
 * left behind by a crashed writer) and readable with cat.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runstate.h"

const char *runstate_dir(void)
{
	const char *d = getenv("NSKIT_STATE_DIR");

	return d && *d ? d : RUNSTATE_DEFAULT_DIR;
}

int runstate_valid_name(const char *name)
{
	size_t len = name ? strlen(name) : 0;

	if (len == 0 || len >= RUNSTATE_NAME_MAX || name[0] == '.' || name[0] == '-')
		return -EINVAL;
	for (const char *p = name; *p; p++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '-'))
			return -EINVAL;
	}
	return 0;
}

static int record_path(const char *name, char *buf, size_t size)
{
	int n;

	if (runstate_valid_name(name) < 0)
		return -EINVAL;
	n = snprintf(buf, size, "%s/containers/%s", runstate_dir(), name);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* Copy a value into a fixed field; a value that does not fit is an error. */
static int set_str(char *dst, size_t size, const char *v)
{
	size_t len = strlen(v);

	if (len >= size)
		return -EINVAL;
	memcpy(dst, v, len + 1);
	return 0;
}

static int set_ll(long long *dst, const char *v)
{
	char *end;
	long long x;

	errno = 0;
	x = strtoll(v, &end, 10);
	if (errno || end == v || *end)
		return -EINVAL;
	*dst = x;
	return 0;
}

static int parse_line(struct runstate *st, char *line)
{
	char *eq = strchr(line, '=');
	const char *k, *v;
	long long x;
	int rc;

	if (!eq)
		return -EINVAL;
	*eq = '\0';
	k = line;
	v = eq + 1;
#define STR(key, field) \
	if (strcmp(k, key) == 0) \
		return set_str(st->field, sizeof(st->field), v)
	STR("name", name);
	STR("network", network);
	STR("address", address);
	STR("host_veth", host_veth);
	STR("cgroup", cgroup);
	STR("hostname", hostname);
	STR("rootfs", rootfs);
	STR("command", command);
#undef STR
	rc = set_ll(&x, v);
	if (rc)
		return rc;
	if (strcmp(k, "pid") == 0 && x > 0 && x <= 0x7fffffff)
		st->pid = (pid_t)x;
	else if (strcmp(k, "starttime") == 0 && x >= 0)
		st->starttime = (unsigned long long)x;
	else if (strcmp(k, "launcher") == 0 && x >= 0 && x <= 0x7fffffff)
		st->launcher = (pid_t)x;
	else if (strcmp(k, "created") == 0)
		st->created = x;
	else if (strcmp(k, "created_ns") == 0 && x >= 0 && x <= (long long)NS_MASK_ALL)
		st->created_ns = (ns_mask_t)x;
	/* unknown keys are from a newer nsrun: ignored */
	return 0;
}

int runstate_load(const char *name, struct runstate *st)
{
	char path[PATH_MAX], line[PATH_MAX + 64];
	FILE *f;
	int rc = 0;

	rc = record_path(name, path, sizeof(path));
	if (rc)
		return rc;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	memset(st, 0, sizeof(*st));
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);

		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		else if (!feof(f)) {
			rc = -EINVAL;	/* a line longer than any field */
			break;
		}
		if (!len || line[0] == '#')
			continue;
		rc = parse_line(st, line);
		if (rc)
			break;
	}
	fclose(f);
	if (!rc && (strcmp(st->name, name) != 0 || st->pid <= 0))
		rc = -EINVAL;
	return rc;
}

/* Values are written on one line each: a newline inside one would forge keys. */
static int put(FILE *f, const char *key, const char *v)
{
	if (strchr(v, '\n'))
		return -EINVAL;
	return fprintf(f, "%s=%s\n", key, v) < 0 ? -EIO : 0;
}

static int mkdirs(void)
{
	char path[PATH_MAX];

	if (mkdir(runstate_dir(), 0755) < 0 && errno != EEXIST)
		return -errno;
	snprintf(path, sizeof(path), "%s/containers", runstate_dir());
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

int runstate_save(const struct runstate *st)
{
	char path[PATH_MAX], tmp[PATH_MAX + 32];
	FILE *f;
	int fd, rc;

	rc = record_path(st->name, path, sizeof(path));
	if (rc)
		return rc;
	rc = mkdirs();
	if (rc)
		return rc;
	/* ".NAME.PID": a dot file, which no valid name can be */
	snprintf(tmp, sizeof(tmp), "%s/containers/.%s.%d", runstate_dir(), st->name, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		rc = -errno;
		close(fd);
		goto out_unlink;
	}
	fprintf(f, "# nsrun container record\n");
	rc = put(f, "name", st->name);
	if (!rc)
		rc = fprintf(f, "pid=%d\nstarttime=%llu\nlauncher=%d\ncreated=%lld\ncreated_ns=%u\n",
			     (int)st->pid, st->starttime, (int)st->launcher, st->created,
			     (unsigned int)st->created_ns) < 0 ? -EIO : 0;
	if (!rc)
		rc = put(f, "network", st->network);
	if (!rc)
		rc = put(f, "address", st->address);
	if (!rc)
		rc = put(f, "host_veth", st->host_veth);
	if (!rc)
		rc = put(f, "cgroup", st->cgroup);
	if (!rc)
		rc = put(f, "hostname", st->hostname);
	if (!rc)
		rc = put(f, "rootfs", st->rootfs);
	if (!rc)
		rc = put(f, "command", st->command);
	if (!rc && (fflush(f) != 0 || fsync(fileno(f)) != 0))
		rc = -errno;
	if (fclose(f) != 0 && !rc)
		rc = -errno;
	if (rc)
		goto out_unlink;
	if (rename(tmp, path) < 0) {
		rc = -errno;
		goto out_unlink;
	}
	return 0;
out_unlink:
	unlink(tmp);
	return rc;
}

int runstate_remove(const char *name)
{
	char path[PATH_MAX];
	int rc = record_path(name, path, sizeof(path));

	if (rc)
		return rc;
	return unlink(path) < 0 ? -errno : 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void runstate_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int runstate_list(char ***names, size_t *n)
{
	char path[PATH_MAX];
	char **v = NULL;
	size_t len = 0, cap = 0;
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/containers", runstate_dir());
	*names = NULL;
	*n = 0;
	dir = opendir(path);
	if (!dir)
		return errno == ENOENT ? 0 : -errno;
	while ((d = readdir(dir))) {
		char *name;

		/* temporary files of a writer start with '.': not valid names */
		if (runstate_valid_name(d->d_name) < 0)
			continue;
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char **nv = realloc(v, ncap * sizeof(*nv));

			if (!nv)
				goto nomem;
			v = nv;
			cap = ncap;
		}
		name = strdup(d->d_name);
		if (!name)
			goto nomem;
		v[len++] = name;
	}
	closedir(dir);
	if (len)
		qsort(v, len, sizeof(*v), cmp_names);
	*names = v;
	*n = len;
	return 0;
nomem:
	closedir(dir);
	runstate_names_free(v, len);
	return -ENOMEM;
}

bool runstate_alive(const struct runstate *st, const struct procfs *pfs)
{
	struct proc_stat ps;

	if (st->pid <= 0 || procfs_read_stat(pfs, st->pid, &ps) < 0)
		return false;
	/* a zombie init is a container that has ended */
	return ps.starttime == st->starttime && ps.state != 'Z' && ps.state != 'X';
}
