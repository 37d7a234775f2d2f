// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsrun's records: one file per container, $STATE/containers/NAME, and
 * per network, $STATE/networks/NAME, of "key=value" lines. A text format
 * of our own keeps the reader small and safe (no JSON parser for a file
 * that may be left behind by a crashed writer) and readable with cat.
 * Hosts files live in $STATE/hosts/NAME, the lock in $STATE/private/lock.
 *
 * Everything goes through descriptors of the state directory and its
 * subdirectories, opened once per process and checked (see "Trust" in
 * runstate.h): a path is never resolved again after its check, and no
 * file is reached through a symbolic link.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "procfs.h"
#include "runstate.h"
#include "sys.h"

void (*runstate_notice)(const char *msg);

const char *runstate_dir(void)
{
	/* NSKIT_STATE_DIR as given, and as made absolute */
	static char given[PATH_MAX], abs_dir[PATH_MAX];
	static char own[PATH_MAX];
	const char *d = getenv("NSKIT_STATE_DIR"), *xdg;

	if (d && *d) {
		char cwd[PATH_MAX];

		if (abs_dir[0] && strcmp(given, d) == 0)
			return abs_dir;
		/*
		 * A relative one against the directory we start in: a
		 * launcher that moves to / later must still find its records
		 * (and the hosts file it bind-mounts) where it made them.
		 */
		if (d[0] == '/' || !getcwd(cwd, sizeof(cwd)) ||
		    snprintf(abs_dir, sizeof(abs_dir), "%s/%s", cwd, d) >= (int)sizeof(abs_dir))
			snprintf(abs_dir, sizeof(abs_dir), "%s", d);
		snprintf(given, sizeof(given), "%s", d);
		return abs_dir;
	}
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

/* ------------------------------------------------------ the directory */

enum kind { KIND_CONTAINERS, KIND_NETWORKS, KIND_HOSTS, KIND_PRIVATE, KIND_LOGS, KIND_ROOTFS,
	    KIND_N };

/*
 * The subdirectories. 0755: what is in the records (names, pids,
 * addresses) is what ps and ip show anyone anyway, and the completions of
 * unprivileged users read it; only the owner writes. private/ is the
 * owner's alone (see runstate_lock()).
 */
static const struct {
	const char *name;
	mode_t mode;		/* made with this mode */
	mode_t forbidden;	/* mode bits with which it is not trusted */
	enum runstate_fault fault;	/* ... and what they make wrong */
} kinds[KIND_N] = {
	[KIND_CONTAINERS] = { "containers", 0755, 022, RUNSTATE_FAULT_WRITABLE },
	[KIND_NETWORKS]	  = { "networks", 0755, 022, RUNSTATE_FAULT_WRITABLE },
	[KIND_HOSTS]	  = { "hosts", 0755, 022, RUNSTATE_FAULT_WRITABLE },
	[KIND_PRIVATE]	  = { "private", 0700, 077, RUNSTATE_FAULT_OPEN },
	[KIND_LOGS]	  = { "logs", 0700, 077, RUNSTATE_FAULT_OPEN },
	[KIND_ROOTFS]	  = { "rootfs", 0700, 077, RUNSTATE_FAULT_OPEN },
};

enum use { USE_NONE, USE_READ, USE_OWN };

/* The state directory of this process, as opened and checked; one owner: this file. */
static struct {
	char path[PATH_MAX];	/* runstate_dir() when it was opened */
	enum use use;		/* USE_OWN: nsrun's (runstate_open) */
	int fd;			/* the directory; -1 */
	int sub[KIND_N];	/* its subdirectories, opened on first use; -1 */
	int trusted;		/* USE_READ: 1, or 0 with why */
	struct runstate_check why;
	bool noticed;		/* runstate_notice was told */
} sd = { .fd = -1, .sub = { [0 ... KIND_N - 1] = -1 } };

static void close_fds(void)
{
	if (sd.fd >= 0)
		close(sd.fd);
	sd.fd = -1;
	for (int k = 0; k < KIND_N; k++) {
		if (sd.sub[k] >= 0)
			close(sd.sub[k]);
		sd.sub[k] = -1;
	}
}

static void state_close(void)
{
	close_fds();
	sd.use = USE_NONE;
	sd.trusted = 0;
	sd.noticed = false;
}

/* NSKIT_STATE_DIR changed since (tests do): what was opened is another directory's. */
static void state_follow_env(void)
{
	const char *dir = runstate_dir();

	if (sd.use != USE_NONE && strcmp(sd.path, dir) != 0)
		state_close();
	if (sd.use == USE_NONE)
		snprintf(sd.path, sizeof(sd.path), "%s", dir);
}

static int fault(struct runstate_check *why, enum runstate_fault f, const char *path, int err)
{
	memset(why, 0, sizeof(*why));
	why->fault = f;
	why->err = err;
	snprintf(why->path, sizeof(why->path), "%s", path);
	return f == RUNSTATE_FAULT_ERRNO ? err : -EPERM;
}

/*
 * Open name in dirfd, never through a symbolic link: openat2's
 * RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS where the kernel has it (5.6),
 * O_NOFOLLOW otherwise, which for the one component that our names are
 * (runstate_valid_name() allows no '/') refuses the same. Its own path
 * (dirfd AT_FDCWD, name absolute) has no RESOLVE_BENEATH: then every
 * component is refused as a symbolic link where openat2 exists, the last
 * one only where it does not.
 */
static int open_nofollow(int dirfd, const char *name, int flags, mode_t mode)
{
	static bool no_openat2;
	struct open_how how = {
		.flags = (uint64_t)(flags | O_NOFOLLOW | O_CLOEXEC),
		.mode = (flags & O_CREAT) ? mode : 0,
		.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS |
			   (dirfd == AT_FDCWD ? 0 : RESOLVE_BENEATH),
	};
	int fd;

	if (!no_openat2) {
		fd = sys_openat2(dirfd, name, &how, sizeof(how));
		if (fd >= 0)
			return fd;
		if (errno != ENOSYS && errno != EPERM)
			return -errno;
		/* no openat2 here (EPERM: a seccomp filter that knows nothing of it) */
		no_openat2 = true;
	}
	fd = openat(dirfd, name, flags | O_NOFOLLOW | O_CLOEXEC, mode);
	return fd < 0 ? -errno : fd;
}

/*
 * Is the directory of fd (at path, for messages) one to trust? forbidden:
 * the mode bits that must be clear. A reader (use USE_READ) also trusts
 * root's; root trusts only root's.
 */
static int check_dir(int fd, const char *path, mode_t forbidden, enum runstate_fault bad_mode,
		     enum use use, struct runstate_check *why)
{
	uid_t me = geteuid();
	struct stat sb;
	bool owner;

	if (fstat(fd, &sb) < 0)
		return fault(why, RUNSTATE_FAULT_ERRNO, path, -errno);
	if (!S_ISDIR(sb.st_mode))
		return fault(why, RUNSTATE_FAULT_NOTDIR, path, 0);
	owner = sb.st_uid == me || (use == USE_READ && sb.st_uid == 0);
	if (!owner) {
		fault(why, RUNSTATE_FAULT_OWNER, path, 0);
		why->uid = sb.st_uid;
		why->want_uid = me;
		why->root_or_caller = use == USE_READ && me != 0;
		return -EPERM;
	}
	if (sb.st_mode & forbidden) {
		fault(why, bad_mode, path, 0);
		why->mode = sb.st_mode & 07777;
		return -EPERM;
	}
	return 0;
}

static void sub_path(enum kind k, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", sd.path, kinds[k].name);
}

/*
 * A symbolic link where a directory was expected is a fault, and so is
 * anything else that is not a directory (O_DIRECTORY says ENOTDIR of a
 * link too: told apart for the message); other errors are errors.
 */
static int open_failed(int rc, const char *path, struct runstate_check *why)
{
	struct stat sb;

	if (rc == -ELOOP || (rc == -ENOTDIR && lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)))
		return fault(why, RUNSTATE_FAULT_SYMLINK, path, 0);
	if (rc == -ENOTDIR)
		return fault(why, RUNSTATE_FAULT_NOTDIR, path, 0);
	return fault(why, RUNSTATE_FAULT_ERRNO, path, rc);
}

/*
 * A subdirectory's fd, opened and checked on first use; create: made if
 * missing (nsrun only). -ENOENT when it is missing and not to be made.
 */
static int sub_fd(enum kind k, bool create)
{
	char path[PATH_MAX + 16];
	int fd, rc;

	if (sd.sub[k] >= 0)
		return sd.sub[k];
	if (sd.fd < 0)
		return -EBADF;
	sub_path(k, path, sizeof(path));
	/* never more than its mode: a umask only takes bits away */
	if (create && mkdirat(sd.fd, kinds[k].name, kinds[k].mode) < 0 && errno != EEXIST)
		return fault(&sd.why, RUNSTATE_FAULT_ERRNO, path, -errno);
	fd = open_nofollow(sd.fd, kinds[k].name, O_RDONLY | O_DIRECTORY, 0);
	if (fd < 0)
		return fd == -ENOENT ? fd : open_failed(fd, path, &sd.why);
	rc = check_dir(fd, path, kinds[k].forbidden, kinds[k].fault, sd.use, &sd.why);
	if (rc) {
		close(fd);
		return rc;
	}
	sd.sub[k] = fd;
	return fd;
}

/* The state directory itself, whose path is ours to resolve, checked. */
static int open_top(enum use use, bool create, struct runstate_check *why)
{
	int fd, rc;

	fd = open_nofollow(AT_FDCWD, sd.path, O_RDONLY | O_DIRECTORY, 0);
	if (fd == -ENOENT && create) {
		if (mkdir(sd.path, 0755) < 0 && errno != EEXIST)
			return fault(why, RUNSTATE_FAULT_ERRNO, sd.path, -errno);
		fd = open_nofollow(AT_FDCWD, sd.path, O_RDONLY | O_DIRECTORY, 0);
	}
	if (fd < 0)
		return open_failed(fd, sd.path, why);
	/*
	 * Security: one that is someone else's (another user's /tmp/nskit-UID
	 * made in advance, a NSKIT_STATE_DIR they own), or one others may
	 * write to (a 1777 directory), would let them plant records that make
	 * us signal, remove or enter what they name.
	 */
	rc = check_dir(fd, sd.path, 022, RUNSTATE_FAULT_WRITABLE, use, why);
	if (rc) {
		close(fd);
		return rc;
	}
	return fd;
}

#define KIND_BIT(k)	(1u << (k))
#define KINDS_ALL	(KIND_BIT(KIND_N) - 1)

/*
 * Open the state directory for use, and check it with the subdirectories
 * in want (KIND_BIT()s; those in make are made when missing, the others
 * need not exist). 0, or -errno with why filled.
 */
static int state_open(enum use use, unsigned int want, unsigned int make,
		      struct runstate_check *why)
{
	int fd = open_top(use, make != 0, why), rc = 0;

	if (fd < 0)
		return fd;
	sd.fd = fd;
	sd.use = use;
	for (int k = 0; k < KIND_N && rc >= 0; k++) {
		if (!(want & KIND_BIT(k)))
			continue;
		rc = sub_fd(k, make & KIND_BIT(k));
		if (rc == -ENOENT)
			rc = 0;
		else if (rc < 0)
			*why = sd.why;
	}
	return rc < 0 ? rc : 0;
}

int runstate_open(struct runstate_check *why)
{
	struct runstate_check ignored;
	int rc;

	state_follow_env();
	if (sd.use == USE_OWN)
		return 0;
	state_close();
	/*
	 * Every subdirectory there is, checked before anything is read or
	 * written; containers/ made, as every command reads or writes it.
	 */
	rc = state_open(USE_OWN, KINDS_ALL, KIND_BIT(KIND_CONTAINERS), why ? why : &ignored);
	if (rc < 0)
		state_close();
	return rc;
}

int runstate_open_read(struct runstate_check *why)
{
	struct runstate_check ignored;
	int rc;

	if (!why)
		why = &ignored;
	state_follow_env();
	if (sd.use == USE_OWN)
		return 1;
	if (sd.use == USE_READ) {
		*why = sd.why;
		return sd.trusted;
	}
	rc = state_open(USE_READ, KIND_BIT(KIND_CONTAINERS), 0, why);
	if (rc < 0 && why->fault == RUNSTATE_FAULT_ERRNO) {
		/* not a matter of trust (ENOENT: none yet; EACCES: a 0700 one of root's) */
		state_close();
		return rc;
	}
	sd.use = USE_READ;
	sd.trusted = rc == 0;
	if (!sd.trusted) {
		/* records from there are never used: nothing is left open to read them by */
		sd.why = *why;
		close_fds();
		if (runstate_notice && !sd.noticed) {
			char msg[PATH_MAX + 128], line[PATH_MAX + 96];

			runstate_check_str(why, line, sizeof(line));
			snprintf(msg, sizeof(msg), "ignoring nsrun's records: %s", line);
			sd.noticed = true;
			runstate_notice(msg);
		}
	}
	return sd.trusted;
}

int runstate_open_trusted(const char *path, bool create, const char *what,
			  struct runstate_check *why)
{
	struct runstate_check ignored;
	int fd, rc;

	if (!why)
		why = &ignored;
	if (path[0] != '/') {
		fault(why, RUNSTATE_FAULT_ERRNO, path, -EINVAL);
		why->what = what;
		return -EINVAL;
	}
	fd = open_nofollow(AT_FDCWD, path, O_RDONLY | O_DIRECTORY, 0);
	if (fd == -ENOENT && create) {
		char p[PATH_MAX];
		size_t len = strlen(path);

		if (len >= sizeof(p)) {
			fault(why, RUNSTATE_FAULT_ERRNO, path, -ENAMETOOLONG);
			why->what = what;
			return -ENAMETOOLONG;
		}
		/* its missing parents, 0755: what is there already is left as it is */
		memcpy(p, path, len + 1);
		for (size_t i = 1; i <= len; i++) {
			if (p[i] != '/' && p[i] != '\0')
				continue;
			p[i] = '\0';
			if (mkdir(p, 0755) < 0 && errno != EEXIST) {
				fault(why, RUNSTATE_FAULT_ERRNO, p, -errno);
				why->what = what;
				return why->err;
			}
			if (i < len)
				p[i] = '/';
		}
		fd = open_nofollow(AT_FDCWD, path, O_RDONLY | O_DIRECTORY, 0);
	}
	if (fd < 0) {
		rc = open_failed(fd, path, why);
		why->what = what;
		return rc;
	}
	rc = check_dir(fd, path, 022, RUNSTATE_FAULT_WRITABLE, USE_OWN, why);
	if (rc) {
		why->what = what;
		close(fd);
		return rc;
	}
	return fd;
}

int runstate_open_trusted_at(int dirfd, const char *path, const char *name, bool create,
			     mode_t mode, mode_t forbidden, const char *what,
			     struct runstate_check *why)
{
	struct runstate_check ignored;
	char sub[PATH_MAX + 16];
	int fd, rc;

	if (!why)
		why = &ignored;
	if (snprintf(sub, sizeof(sub), "%s/%s", path, name) >= (int)sizeof(sub))
		return -ENAMETOOLONG;
	if (create && mkdirat(dirfd, name, mode) < 0 && errno != EEXIST) {
		fault(why, RUNSTATE_FAULT_ERRNO, sub, -errno);
		why->what = what;
		return why->err;
	}
	fd = open_nofollow(dirfd, name, O_RDONLY | O_DIRECTORY, 0);
	if (fd < 0) {
		rc = fd == -ENOENT ? fd : open_failed(fd, sub, why);
		why->what = what;
		return rc;
	}
	rc = check_dir(fd, sub, forbidden, forbidden & 070 ? RUNSTATE_FAULT_OPEN :
		       RUNSTATE_FAULT_WRITABLE, USE_OWN, why);
	if (rc) {
		why->what = what;
		close(fd);
		return rc;
	}
	return fd;
}

void runstate_check_str(const struct runstate_check *c, char *buf, size_t size)
{
	const char *what = c->what ? c->what : "state directory";

	switch (c->fault) {
	case RUNSTATE_FAULT_NONE:
		snprintf(buf, size, "%s '%s' is fine", what, c->path);
		return;
	case RUNSTATE_FAULT_SYMLINK:
		snprintf(buf, size, "%s '%s' is, or is reached through, a symbolic link",
			 what, c->path);
		return;
	case RUNSTATE_FAULT_NOTDIR:
		snprintf(buf, size, "%s '%s' is not a directory", what, c->path);
		return;
	case RUNSTATE_FAULT_OWNER:
		if (c->root_or_caller)
			snprintf(buf, size, "%s '%s' belongs to uid %u, not to uid %u or "
				 "root", what, c->path, (unsigned int)c->uid, (unsigned int)c->want_uid);
		else
			snprintf(buf, size, "%s '%s' belongs to uid %u, not to uid %u",
				 what, c->path, (unsigned int)c->uid, (unsigned int)c->want_uid);
		return;
	case RUNSTATE_FAULT_WRITABLE:
	case RUNSTATE_FAULT_OPEN: {
		bool open = c->fault == RUNSTATE_FAULT_OPEN;
		bool group = c->mode & (open ? 070 : 020), others = c->mode & (open ? 007 : 002);

		snprintf(buf, size, "%s '%s' is %s by %s (mode %04o)", what, c->path,
			 open ? "open" : "writable",
			 group && others ? "its group and others" : group ? "its group" : "others",
			 (unsigned int)c->mode);
		return;
	}
	case RUNSTATE_FAULT_ERRNO:
		snprintf(buf, size, "cannot open %s '%s': %s", what, c->path,
			 strerror(-c->err));
		return;
	}
	snprintf(buf, size, "%s '%s' cannot be used", what, c->path);
}

/* The directory of kind, for what the caller means to do: -EPERM from an untrusted one. */
static int state_sub(enum kind k, enum use use, bool create)
{
	int rc;

	if (use == USE_OWN) {
		rc = runstate_open(NULL);
		if (rc < 0)
			return rc;
	} else {
		rc = runstate_open_read(NULL);
		if (rc <= 0)
			return rc < 0 ? rc : -EPERM;
	}
	return sub_fd(k, create);
}

/* The directory of a file of kind named name (a valid name: one component), for use. */
static int name_dir(enum kind k, const char *name, enum use use, bool create)
{
	if (runstate_valid_name(name) < 0)
		return -EINVAL;
	return state_sub(k, use, create);
}

/* Open the file of kind named name, for use (flags and mode as open(2)'s). */
static int open_named(enum kind k, const char *name, enum use use, int flags, mode_t mode)
{
	int dfd = name_dir(k, name, use, flags & O_CREAT);

	return dfd < 0 ? dfd : open_nofollow(dfd, name, flags, mode);
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
	STR("joined", joined);
	STR("image", image);
	STR("image_id", image_id);
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
	else if (strcmp(k, "host_ns") == 0 && x >= 0 && x <= (long long)NS_MASK_ALL)
		st->host_ns = (ns_mask_t)x;
	else if (strcmp(k, "tty") == 0)
		st->tty = x != 0;
	else if (strcmp(k, "stdin") == 0)
		st->open_stdin = x != 0;
	else if (strcmp(k, "rm") == 0)
		st->auto_remove = x != 0;
	else if (strcmp(k, "logs") == 0)
		st->logs = x != 0;
	/* unknown keys are from a newer nsrun: ignored */
	return 0;
}

/* Longer than any line of a record: the longest field is a path. */
#define LINE_MAX_LEN	(PATH_MAX + 64)
/* More than any record: its fields, about 6 KiB, formatted at once. */
#define RECORD_MAX	16384

/* Read the key=value lines of $STATE/KIND/NAME through parse(data, line). */
static int read_record(enum kind k, const char *name, int (*parse)(void *data, char *line),
		       void *data)
{
	char *buf, *line, *nl;
	size_t len;
	int fd, rc;

	/* O_NONBLOCK: a FIFO in its place is read as empty, not waited on */
	fd = open_named(k, name, USE_READ, O_RDONLY | O_NONBLOCK, 0);
	if (fd < 0)
		return fd;
	rc = procfs_read_fd(fd, RECORD_MAX, &buf, &len);
	close(fd);
	if (rc < 0)
		return rc;
	for (line = buf; !rc && line < buf + len; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(buf + len - line));
		if (!nl)
			nl = buf + len;	/* the last line, without its newline */
		if (nl - line > LINE_MAX_LEN) {
			rc = -EINVAL;	/* a line longer than any field */
			break;
		}
		*nl = '\0';
		if (!*line || line[0] == '#')
			continue;
		rc = parse(data, line);
	}
	free(buf);
	return rc;
}

static int parse_container_line(void *data, char *line)
{
	return parse_line(data, line);
}

int runstate_load(const char *name, struct runstate *st)
{
	int rc;

	memset(st, 0, sizeof(*st));
	rc = read_record(KIND_CONTAINERS, name, parse_container_line, st);
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
	if (!rc && st->joined[0])
		rc = put(f, "joined", st->joined);
	if (!rc && st->finished)
		rc = fprintf(f, "exit_code=%d\nfinished=%lld\n", st->exit_code, st->finished) < 0 ?
			     -EIO : 0;
	if (!rc && st->host_ns)
		rc = fprintf(f, "host_ns=%u\n", (unsigned int)st->host_ns) < 0 ? -EIO : 0;
	if (!rc && st->image[0])
		rc = put(f, "image", st->image);
	if (!rc && st->image_id[0])
		rc = put(f, "image_id", st->image_id);
	if (!rc && (st->tty || st->open_stdin || st->auto_remove || st->logs))
		rc = fprintf(f, "tty=%d\nstdin=%d\nrm=%d\nlogs=%d\n", st->tty, st->open_stdin,
			     st->auto_remove, st->logs) < 0 ? -EIO : 0;
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
static int write_record(enum kind k, const char *name, bool exclusive,
			int (*writer)(FILE *f, const void *data), const void *data)
{
	char tmp[RUNSTATE_NAME_MAX + 16];
	char text[RECORD_MAX];
	size_t len;
	ssize_t n;
	FILE *f;
	int dfd, fd, rc;

	dfd = name_dir(k, name, USE_OWN, true);
	if (dfd < 0)
		return dfd;
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
	/*
	 * ".NAME.PID": a dot file, which no valid name can be. O_EXCL: made
	 * here and now, not a file that was there (a writer with our pid that
	 * died half-way left it: removed, then made afresh).
	 */
	snprintf(tmp, sizeof(tmp), ".%s.%d", name, (int)getpid());
	fd = open_nofollow(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd == -EEXIST && unlinkat(dfd, tmp, 0) == 0)
		fd = open_nofollow(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0)
		return fd;
	n = write(fd, text, len);
	if (n < 0 || (size_t)n != len)
		rc = n < 0 ? -errno : -EIO;
	if (close(fd) < 0 && !rc)
		rc = -errno;
	if (rc)
		goto out_unlink;
	if (exclusive) {
		if (linkat(dfd, tmp, dfd, name, 0) < 0)
			rc = -errno;
		goto out_unlink;
	}
	/*
	 * Swapped in with RENAME_EXCHANGE and the old one unlinked, rather than
	 * renamed over: ext4 flushes a file renamed over another (its
	 * auto_da_alloc), ten times the cost of the swap. A first record, or a
	 * filesystem without the swap, gets a plain rename.
	 */
	if (renameat2(dfd, tmp, dfd, name, RENAME_EXCHANGE) == 0)
		goto out_unlink;
	if (errno != ENOENT && errno != EINVAL && errno != ENOSYS) {
		rc = -errno;
		goto out_unlink;
	}
	if (renameat(dfd, tmp, dfd, name) < 0) {
		rc = -errno;
		goto out_unlink;
	}
	return 0;
out_unlink:
	unlinkat(dfd, tmp, 0);
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

/* Remove $STATE/KIND/NAME: -ENOENT when it, or its directory, is missing. */
static int remove_file(enum kind k, const char *name)
{
	int dfd = name_dir(k, name, USE_OWN, false);

	if (dfd < 0)
		return dfd;
	return unlinkat(dfd, name, 0) < 0 ? -errno : 0;
}

/* Remove a container's logs: logs/NAME and logs/NAME~. */
static int remove_logs(const char *name)
{
	char old[RUNSTATE_NAME_MAX + 1];
	int dfd = name_dir(KIND_LOGS, name, USE_OWN, false);

	if (dfd == -ENOENT)
		return 0;
	if (dfd < 0)
		return dfd;
	snprintf(old, sizeof(old), "%s~", name);
	if (unlinkat(dfd, old, 0) < 0 && errno != ENOENT)
		return -errno;
	if (unlinkat(dfd, name, 0) < 0 && errno != ENOENT)
		return -errno;
	return 0;
}

int runstate_remove(const char *name)
{
	int rc;

	/* the hosts file first: the record is what tells gc there is more to remove */
	rc = remove_file(KIND_HOSTS, name);
	if (rc < 0 && rc != -ENOENT)
		return rc;
	rc = remove_logs(name);
	if (rc < 0)
		return rc;
	return remove_file(KIND_CONTAINERS, name);
}

static const enum kind subdir_kinds[] = {
	[RUNSTATE_LOGS] = KIND_LOGS,
	[RUNSTATE_ROOTFS] = KIND_ROOTFS,
};

int runstate_subdir(enum runstate_subdir which, bool create)
{
	if ((size_t)which >= sizeof(subdir_kinds) / sizeof(subdir_kinds[0]))
		return -EINVAL;
	return state_sub(subdir_kinds[which], USE_OWN, create);
}

int runstate_hosts_path(const char *name, char *buf, size_t size)
{
	int n;

	if (runstate_valid_name(name) < 0)
		return -EINVAL;
	n = snprintf(buf, size, "%s/%s/%s", runstate_dir(), kinds[KIND_HOSTS].name, name);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int runstate_hosts_write(const char *name, const char *text, size_t len)
{
	struct stat sb;
	int fd, rc = 0;
	ssize_t n;

	fd = open_named(KIND_HOSTS, name, USE_OWN, O_WRONLY | O_CREAT, 0644);
	if (fd < 0)
		return fd;
	/*
	 * Security: written in place, so it must be the file we made: a
	 * hard link to another file (/etc/shadow) would have us write that.
	 */
	if (fstat(fd, &sb) < 0) {
		rc = -errno;
		goto out_close;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_nlink != 1 || sb.st_uid != geteuid()) {
		rc = -EPERM;
		goto out_close;
	}
	/*
	 * New text over the old, then cut to length: a reader never sees an
	 * empty file, at worst for an instant the tail of the old one.
	 */
	n = pwrite(fd, text, len, 0);
	if (n < 0 || (size_t)n != len)
		rc = n < 0 ? -errno : -EIO;
	if (!rc && ftruncate(fd, (off_t)len) < 0)
		rc = -errno;
out_close:
	if (close(fd) < 0 && !rc)
		rc = -errno;
	return rc;
}

int runstate_hosts_open(const char *name)
{
	struct stat sb;
	int fd, e;

	/* O_PATH and O_NOFOLLOW would open a link itself: refused below like any other */
	fd = open_named(KIND_HOSTS, name, USE_READ, O_PATH, 0);
	if (fd < 0)
		return fd;
	if (fstat(fd, &sb) < 0) {
		e = -errno;
		close(fd);
		return e;
	}
	/* as runstate_hosts_write(): a hard link would bind another file into the container */
	if (!S_ISREG(sb.st_mode) || sb.st_nlink != 1 || (sb.st_uid != geteuid() && sb.st_uid != 0)) {
		close(fd);
		return -EPERM;
	}
	return fd;
}

int runstate_hosts_remove(const char *name)
{
	return remove_file(KIND_HOSTS, name);
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

/* A directory stream of dirfd's directory, on a descriptor of its own (a stream moves its offset). */
static DIR *open_stream(int dirfd)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir = fd < 0 ? NULL : fdopendir(fd);

	if (!dir && fd >= 0) {
		int e = errno;

		close(fd);
		errno = e;
	}
	return dir;
}

static int list_kind(enum kind k, enum use use, char ***names, size_t *n)
{
	char **v = NULL;
	size_t len = 0, cap = 0;
	struct dirent *d;
	DIR *dir;
	int dfd;

	*names = NULL;
	*n = 0;
	dfd = state_sub(k, use, false);
	if (dfd < 0)
		return dfd == -ENOENT ? 0 : dfd;
	dir = open_stream(dfd);
	if (!dir)
		return -errno;
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
	return list_kind(KIND_CONTAINERS, USE_READ, names, n);
}

int runstate_hosts_list(char ***names, size_t *n)
{
	return list_kind(KIND_HOSTS, USE_OWN, names, n);
}

int runstate_subdir_list(enum runstate_subdir which, char ***names, size_t *n)
{
	if ((size_t)which >= sizeof(subdir_kinds) / sizeof(subdir_kinds[0]))
		return -EINVAL;
	return list_kind(subdir_kinds[which], USE_OWN, names, n);
}

/* A writer's temporary file, ".NAME.PID" (write_record()): its PID, or 0. */
static pid_t temp_writer(const char *file)
{
	const char *dot = strrchr(file, '.');
	char name[RUNSTATE_NAME_MAX];
	char *end;
	long pid;

	if (file[0] != '.' || !dot || dot == file || (size_t)(dot - file - 1) >= sizeof(name))
		return 0;
	memcpy(name, file + 1, (size_t)(dot - file - 1));
	name[dot - file - 1] = '\0';
	errno = 0;
	pid = strtol(dot + 1, &end, 10);
	if (errno || *end || pid <= 0 || pid > 0x7fffffff || runstate_valid_name(name) < 0)
		return 0;
	return (pid_t)pid;
}

int runstate_sweep_temp(void)
{
	static const enum kind swept[] = { KIND_CONTAINERS, KIND_NETWORKS };
	int removed = 0;

	for (size_t i = 0; i < sizeof(swept) / sizeof(swept[0]); i++) {
		struct dirent *d;
		DIR *dir;
		int dfd = state_sub(swept[i], USE_OWN, false);

		if (dfd == -ENOENT)
			continue;
		if (dfd < 0)
			return dfd;
		dir = open_stream(dfd);
		if (!dir)
			return -errno;
		while ((d = readdir(dir))) {
			pid_t pid = temp_writer(d->d_name);

			/* a writer that lives (or a pid reused since) keeps it: it is tiny */
			if (pid && kill(pid, 0) < 0 && errno == ESRCH && unlinkat(dfd, d->d_name, 0) == 0)
				removed++;
		}
		closedir(dir);
	}
	return removed;
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

/* ------------------------------------------------------------------ lock */

static pid_t lock_holder;

pid_t runstate_lock_holder(void)
{
	return lock_holder;
}

/* NSKIT_LOCK_TIMEOUT in milliseconds; the default for anything that is not a number >= 0. */
static long long lock_timeout_ms(void)
{
	const char *v = getenv("NSKIT_LOCK_TIMEOUT");
	char *end;
	double s;

	if (!v || !*v)
		return RUNSTATE_LOCK_TIMEOUT * 1000LL;
	errno = 0;
	s = strtod(v, &end);
	if (errno || *end || !(s >= 0) || s > 86400)
		return RUNSTATE_LOCK_TIMEOUT * 1000LL;
	return (long long)(s * 1000);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Who holds the flock(2) of fd's file, from /proc/locks: "1: FLOCK
 * ADVISORY WRITE 4242 00:1a:1234 0 EOF" (device in hex); lines of
 * waiters ("1: -> FLOCK ...") are not holders. 0 when it does not say.
 */
static pid_t find_holder(int fd)
{
	struct stat sb;
	char *buf, *line, *nl;
	size_t len;
	pid_t pid = 0;

	if (fstat(fd, &sb) < 0 || procfs_read_at(AT_FDCWD, "/proc/locks", 1u << 22, &buf, &len) < 0)
		return 0;
	for (line = buf; !pid && line < buf + len; line = nl + 1) {
		unsigned int maj, min;
		unsigned long long ino;
		int p;

		nl = strchr(line, '\n');
		if (!nl)
			nl = buf + len;
		*nl = '\0';
		if (strstr(line, "->") ||
		    sscanf(line, "%*d: FLOCK %*s %*s %d %x:%x:%llu", &p, &maj, &min, &ino) != 4)
			continue;
		if (maj == major(sb.st_dev) && min == minor(sb.st_dev) && ino == sb.st_ino && p > 0)
			pid = (pid_t)p;
	}
	free(buf);
	return pid;
}

/*
 * flock(fd) within the timeout. Polled (1 ms, doubling to 20 ms): a
 * blocking flock(2) would need a signal to be cut short, and a library
 * has no business with the caller's signals.
 */
static int lock_wait(int fd)
{
	long long deadline = -1, delay = 1;

	for (;;) {
		long long left;

		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return -errno;
		if (deadline < 0)
			deadline = now_ms() + lock_timeout_ms();
		left = deadline - now_ms();
		if (left <= 0) {
			lock_holder = find_holder(fd);
			return -ETIMEDOUT;
		}
		if (delay > left)
			delay = left;
		nanosleep(&(struct timespec){ .tv_sec = delay / 1000,
					      .tv_nsec = (delay % 1000) * 1000000L }, NULL);
		if (delay < 20)
			delay *= 2;
	}
}

int runstate_lock(void)
{
	int dfd, fd, rc;

	lock_holder = 0;
	dfd = state_sub(KIND_PRIVATE, USE_OWN, true);
	if (dfd < 0)
		return dfd;
	/* private/ is the owner's alone (checked when opened): nothing else can be in there */
	fd = open_nofollow(dfd, "lock", O_RDWR | O_CREAT, 0600);
	if (fd < 0)
		return fd;
	rc = lock_wait(fd);
	if (rc < 0) {
		close(fd);
		return rc;
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
	int rc;

	memset(net, 0, sizeof(*net));
	rc = read_record(KIND_NETWORKS, name, parse_net_line, net);
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
	return remove_file(KIND_NETWORKS, name);
}

int runstate_net_list(char ***names, size_t *n)
{
	return list_kind(KIND_NETWORKS, USE_READ, names, n);
}
