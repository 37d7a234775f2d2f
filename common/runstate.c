// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsrun's records: one file per container, $STATE/containers/NAME, and
 * per network, $STATE/networks/NAME, of "key=value" lines. A text format
 * of our own keeps the reader small and safe (no JSON parser for a file
 * that may be left behind by a crashed writer) and readable with cat.
 * Hosts files live in $STATE/hosts/NAME, the lock in $STATE/lock.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runstate.h"

const char *runstate_dir(void)
{
	static char own[PATH_MAX];
	const char *d = getenv("NSKIT_STATE_DIR"), *xdg;

	if (d && *d)
		return d;
	if (geteuid() == 0)
		return RUNSTATE_DEFAULT_DIR;
	/* an unprivileged user's containers: where podman keeps them too */
	xdg = getenv("XDG_RUNTIME_DIR");
	if (xdg && xdg[0] == '/' && snprintf(own, sizeof(own), "%s/nskit", xdg) < (int)sizeof(own))
		return own;
	snprintf(own, sizeof(own), "/tmp/nskit-%u", (unsigned int)geteuid());
	return own;
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

#define KIND_CONTAINERS "containers"
#define KIND_NETWORKS	"networks"
#define KIND_HOSTS	"hosts"

/* $STATE/KIND/NAME */
static int kind_path(const char *kind, const char *name, char *buf, size_t size)
{
	int n;

	if (runstate_valid_name(name) < 0)
		return -EINVAL;
	n = snprintf(buf, size, "%s/%s/%s", runstate_dir(), kind, name);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

static int record_path(const char *name, char *buf, size_t size)
{
	return kind_path(KIND_CONTAINERS, name, buf, size);
}

int runstate_hosts_path(const char *name, char *buf, size_t size)
{
	return kind_path(KIND_HOSTS, name, buf, size);
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
	STR("state", state);
	STR("cgroup_made", cgroup_made);
	STR("workdir", workdir);
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
	else if (strcmp(k, "launcher_start") == 0 && x >= 0)
		st->launcher_start = (unsigned long long)x;
	else if (strcmp(k, "host_veth_ifindex") == 0 && x >= 0 && x <= 0x7fffffff)
		st->host_veth_ifindex = (int)x;
	else if (strcmp(k, "exit_code") == 0 && x >= 0 && x <= 255)
		st->exit_code = (int)x;
	else if (strcmp(k, "finished") == 0)
		st->finished = x;
	/* unknown keys are from a newer nsrun: ignored */
	return 0;
}

/* Read the key=value lines of a record through parse(data, line). */
static int read_record(const char *path, int (*parse)(void *data, char *line), void *data)
{
	char line[PATH_MAX + 64];
	FILE *f;
	int rc = 0;

	f = fopen(path, "re");
	if (!f)
		return -errno;
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
		rc = parse(data, line);
		if (rc)
			break;
	}
	fclose(f);
	return rc;
}

static int parse_container_line(void *data, char *line)
{
	return parse_line(data, line);
}

int runstate_load(const char *name, struct runstate *st)
{
	char path[PATH_MAX];
	int rc;

	rc = record_path(name, path, sizeof(path));
	if (rc)
		return rc;
	memset(st, 0, sizeof(*st));
	rc = read_record(path, parse_container_line, st);
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

/*
 * The state directory and one of its subdirectories. 0755: what is in
 * there (names, pids, addresses) is what ps and ip show anyone anyway,
 * and the completions of unprivileged users read it; only root writes.
 */
static int mkdirs(const char *kind)
{
	/* what was checked already in this process: the launcher writes four times */
	static char done[PATH_MAX + 32];
	char path[PATH_MAX];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/%s", runstate_dir(), kind);
	if (strcmp(done, path) == 0)
		return 0;
	if (mkdir(runstate_dir(), 0755) < 0 && errno != EEXIST)
		return -errno;
	/*
	 * Security: a state directory that is a symlink, or someone else's
	 * (another user's /tmp/nskit-UID made in advance), would let its owner
	 * plant records that make us signal or remove what they name.
	 */
	if (lstat(runstate_dir(), &sb) < 0)
		return -errno;
	if (!S_ISDIR(sb.st_mode) || sb.st_uid != geteuid())
		return -EPERM;
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return -errno;
	snprintf(done, sizeof(done), "%s", path);
	return 0;
}

static int write_container(FILE *f, const void *data)
{
	const struct runstate *st = data;
	int rc;

	fprintf(f, "# nsrun container record\n");
	rc = put(f, "name", st->name);
	if (!rc)
		rc = fprintf(f, "pid=%d\nstarttime=%llu\nlauncher=%d\nlauncher_start=%llu\n"
			     "created=%lld\ncreated_ns=%u\n",
			     (int)st->pid, st->starttime, (int)st->launcher, st->launcher_start,
			     st->created, (unsigned int)st->created_ns) < 0 ? -EIO : 0;
	if (!rc)
		rc = put(f, "state", st->state);
	if (!rc)
		rc = put(f, "network", st->network);
	if (!rc)
		rc = put(f, "address", st->address);
	if (!rc)
		rc = put(f, "host_veth", st->host_veth);
	if (!rc && st->host_veth_ifindex)
		rc = fprintf(f, "host_veth_ifindex=%d\n", st->host_veth_ifindex) < 0 ? -EIO : 0;
	if (!rc)
		rc = put(f, "cgroup", st->cgroup);
	if (!rc)
		rc = put(f, "cgroup_made", st->cgroup_made);
	if (!rc)
		rc = put(f, "hostname", st->hostname);
	if (!rc)
		rc = put(f, "rootfs", st->rootfs);
	if (!rc)
		rc = put(f, "command", st->command);
	if (!rc && st->workdir[0])
		rc = put(f, "workdir", st->workdir);
	if (!rc && st->finished)
		rc = fprintf(f, "exit_code=%d\nfinished=%lld\n", st->exit_code, st->finished) < 0 ?
			     -EIO : 0;
	return rc;
}

/*
 * Write $STATE/KIND/NAME atomically: a temporary file, then swapped in to
 * replace an old record, or link() to create one only if there is none
 * (link never replaces: two writers cannot both succeed). A reader sees
 * the old record or the new one, never half of one.
 *
 * No fsync: a record describes processes, which do not survive a crash
 * of the machine either (and /run is a tmpfs on most systems); after a
 * reboot every record is stale, whatever is on the disk, and gc's to
 * remove. Where /run is on a disk, fsync made each of the launcher's
 * four writes wait for the journal, a third of `nsrun -- true`.
 */
static int write_record(const char *kind, const char *name, bool exclusive,
			int (*writer)(FILE *f, const void *data), const void *data)
{
	char path[PATH_MAX], tmp[PATH_MAX + 32];
	/* a record is at most its fields, about 6 KiB: formatted here, written at once */
	char text[16384];
	size_t len;
	ssize_t n;
	FILE *f;
	int fd, rc;

	rc = kind_path(kind, name, path, sizeof(path));
	if (rc)
		return rc;
	rc = mkdirs(kind);
	if (rc)
		return rc;
	f = fmemopen(text, sizeof(text), "w");
	if (!f)
		return -errno;
	rc = writer(f, data);
	if (!rc && (fflush(f) != 0 || ferror(f)))
		rc = -EIO;
	len = (size_t)ftell(f);
	fclose(f);
	if (rc)
		return rc;
	if (len >= sizeof(text) - 1)
		return -EFBIG;
	/* ".NAME.PID": a dot file, which no valid name can be */
	snprintf(tmp, sizeof(tmp), "%s/%s/.%s.%d", runstate_dir(), kind, name, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	if (n < 0 || (size_t)n != len)
		rc = n < 0 ? -errno : -EIO;
	if (close(fd) < 0 && !rc)
		rc = -errno;
	if (rc)
		goto out_unlink;
	if (exclusive) {
		if (link(tmp, path) < 0)
			rc = -errno;
		goto out_unlink;
	}
	/*
	 * Swapped in with RENAME_EXCHANGE and the old one unlinked, rather than
	 * renamed over: ext4 flushes a file renamed over another (its
	 * auto_da_alloc), ten times the cost of the swap. A first record, or a
	 * filesystem without the swap, gets a plain rename.
	 */
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_EXCHANGE) == 0)
		goto out_unlink;
	if (errno != ENOENT && errno != EINVAL && errno != ENOSYS) {
		rc = -errno;
		goto out_unlink;
	}
	if (rename(tmp, path) < 0) {
		rc = -errno;
		goto out_unlink;
	}
	return 0;
out_unlink:
	unlink(tmp);
	return rc;
}

int runstate_save(const struct runstate *st)
{
	return write_record(KIND_CONTAINERS, st->name, false, write_container, st);
}

int runstate_create(const struct runstate *st)
{
	return write_record(KIND_CONTAINERS, st->name, true, write_container, st);
}

int runstate_remove(const char *name)
{
	char path[PATH_MAX];
	int rc = runstate_hosts_path(name, path, sizeof(path));

	if (rc)
		return rc;
	/* the hosts file first: the record is what tells gc there is more to remove */
	if (unlink(path) < 0 && errno != ENOENT)
		return -errno;
	rc = record_path(name, path, sizeof(path));
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

static int list_kind(const char *kind, char ***names, size_t *n)
{
	char path[PATH_MAX];
	char **v = NULL;
	size_t len = 0, cap = 0;
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/%s", runstate_dir(), kind);
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

int runstate_list(char ***names, size_t *n)
{
	return list_kind(KIND_CONTAINERS, names, n);
}

bool runstate_alive(const struct runstate *st, const struct procfs *pfs)
{
	struct proc_stat ps;

	if (st->pid <= 0 || procfs_read_stat(pfs, st->pid, &ps) < 0)
		return false;
	/* a zombie init is a container that has ended */
	return ps.starttime == st->starttime && ps.state != 'Z' && ps.state != 'X';
}

bool runstate_launcher_alive(const struct runstate *st, const struct procfs *pfs)
{
	struct proc_stat ps;

	if (st->launcher <= 0 || procfs_read_stat(pfs, st->launcher, &ps) < 0)
		return false;
	/* records written before launcher_start existed: trust the pid alone */
	if (st->launcher_start && ps.starttime != st->launcher_start)
		return false;
	return ps.state != 'Z' && ps.state != 'X';
}

int runstate_lock(void)
{
	char path[PATH_MAX];
	int fd, rc;

	rc = mkdirs(KIND_CONTAINERS);
	if (rc < 0)
		return rc;
	snprintf(path, sizeof(path), "%s/lock", runstate_dir());
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -errno;
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			int e = -errno;

			close(fd);
			return e;
		}
	}
	return fd;
}

void runstate_unlock(int fd)
{
	if (fd >= 0)
		close(fd);	/* closing the last fd of the open file drops the lock */
}

/* ---------------------------------------------------------------- networks */

static int parse_net_line(void *data, char *line)
{
	struct runstate_net *net = data;
	char *eq = strchr(line, '=');
	const char *k, *v;
	long long x;

	if (!eq)
		return -EINVAL;
	*eq = '\0';
	k = line;
	v = eq + 1;
	if (strcmp(k, "name") == 0)
		return set_str(net->name, sizeof(net->name), v);
	if (strcmp(k, "bridge") == 0)
		return set_str(net->bridge, sizeof(net->bridge), v);
	if (strcmp(k, "subnet") == 0)
		return set_str(net->subnet, sizeof(net->subnet), v);
	if (strcmp(k, "gateway") == 0)
		return set_str(net->gateway, sizeof(net->gateway), v);
	if (set_ll(&x, v) < 0)
		return -EINVAL;
	if (strcmp(k, "explicit") == 0)
		net->created_explicitly = x != 0;
	else if (strcmp(k, "created") == 0)
		net->created = x;
	else if (strcmp(k, "bridge_ifindex") == 0 && x >= 0 && x <= 0x7fffffff)
		net->bridge_ifindex = (int)x;
	return 0;
}

static int write_net(FILE *f, const void *data)
{
	const struct runstate_net *net = data;
	int rc;

	fprintf(f, "# nsrun network record\n");
	rc = put(f, "name", net->name);
	if (!rc)
		rc = put(f, "bridge", net->bridge);
	if (!rc)
		rc = put(f, "subnet", net->subnet);
	if (!rc)
		rc = put(f, "gateway", net->gateway);
	if (!rc)
		rc = fprintf(f, "explicit=%d\ncreated=%lld\n", net->created_explicitly ? 1 : 0,
			     net->created) < 0 ? -EIO : 0;
	if (!rc && net->bridge_ifindex)
		rc = fprintf(f, "bridge_ifindex=%d\n", net->bridge_ifindex) < 0 ? -EIO : 0;
	return rc;
}

int runstate_net_load(const char *name, struct runstate_net *net)
{
	char path[PATH_MAX];
	int rc;

	rc = kind_path(KIND_NETWORKS, name, path, sizeof(path));
	if (rc)
		return rc;
	memset(net, 0, sizeof(*net));
	rc = read_record(path, parse_net_line, net);
	if (!rc && (strcmp(net->name, name) != 0 || !net->bridge[0] || !net->subnet[0]))
		rc = -EINVAL;
	return rc;
}

int runstate_net_save(const struct runstate_net *net)
{
	return write_record(KIND_NETWORKS, net->name, false, write_net, net);
}

int runstate_net_create(const struct runstate_net *net)
{
	return write_record(KIND_NETWORKS, net->name, true, write_net, net);
}

int runstate_net_remove(const char *name)
{
	char path[PATH_MAX];
	int rc = kind_path(KIND_NETWORKS, name, path, sizeof(path));

	if (rc)
		return rc;
	return unlink(path) < 0 ? -errno : 0;
}

int runstate_net_list(char ***names, size_t *n)
{
	return list_kind(KIND_NETWORKS, names, n);
}
