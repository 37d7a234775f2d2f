// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reads under the proc root. The hot path of every listing is
 * procfs_read_ns(): one readlinkat(2) per (process, type), which is about
 * twice as fast as the stat(2) that lsns uses and works on fixture trees of
 * plain symlinks.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "array.h"
#include "procfs.h"

#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0
#endif

int procfs_open(struct procfs *pfs, const char *root)
{
	struct statfs sfs;
	int fd;

	if (!root)
		root = "/proc";
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	pfs->root = strdup(root);
	if (!pfs->root) {
		close(fd);
		return -ENOMEM;
	}
	pfs->rootfd = fd;
	pfs->live = fstatfs(fd, &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC;
	return 0;
}

void procfs_close(struct procfs *pfs)
{
	if (pfs->rootfd >= 0)
		close(pfs->rootfd);
	pfs->rootfd = -1;
	free(pfs->root);
	pfs->root = NULL;
}

/* "1234" -> 1234; 0 for anything that is not a positive decimal pid. */
static pid_t parse_pid_name(const char *s)
{
	long v = 0;

	if (*s < '1' || *s > '9')
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
		if (v > 0x7fffffff)
			return 0;
	}
	return (pid_t)v;
}

/* "PID/suffix" into buf without the cost of a printf. */
static void pid_path(char *buf, size_t size, pid_t pid, const char *suffix)
{
	char tmp[12];
	size_t n = 0, len;

	do {
		tmp[n++] = (char)('0' + pid % 10);
		pid /= 10;
	} while (pid && n < sizeof(tmp));
	len = 0;
	while (n && len + 1 < size)
		buf[len++] = tmp[--n];
	if (suffix && len + 1 < size) {
		buf[len++] = '/';
		size_t sl = strlen(suffix);
		if (sl > size - len - 1)
			sl = size - len - 1;
		memcpy(buf + len, suffix, sl);
		len += sl;
	}
	buf[len] = '\0';
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

int procfs_list_pids(const struct procfs *pfs, pid_t **pids, size_t *n)
{
	char buf[32768];
	pid_t *v = NULL;
	size_t len = 0, cap = 0;
	long nread;
	int fd, rc = 0;
	bool sorted = true;

	/* A descriptor of its own: getdents moves the file position. */
	fd = openat(pfs->rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;

	while ((nread = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < nread;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);
			pid_t pid;

			off += d->d_reclen;
			pid = parse_pid_name(d->d_name);
			if (!pid)
				continue;
			if (array_grow((void **)&v, &cap, len + 1, sizeof(*v)) < 0) {
				rc = -ENOMEM;
				goto out_close;
			}
			if (len && v[len - 1] > pid)
				sorted = false;
			v[len++] = pid;
		}
	}
	if (nread < 0) {
		rc = -errno;
		goto out_close;
	}
	if (!sorted)
		qsort(v, len, sizeof(*v), cmp_pid);
	*pids = v;
	*n = len;
	v = NULL;
out_close:
	free(v);
	close(fd);
	return rc;
}

bool procfs_pid_exists(const struct procfs *pfs, pid_t pid)
{
	char path[16];
	struct stat st;

	pid_path(path, sizeof(path), pid, NULL);
	return fstatat(pfs->rootfd, path, &st, 0) == 0 && S_ISDIR(st.st_mode);
}

int procfs_read_ns(const struct procfs *pfs, pid_t pid, enum ns_type type, uint64_t *ino)
{
	char path[40], link[64];
	enum ns_type t;
	ssize_t n;

	pid_path(path, sizeof(path), pid, "ns/");
	strcat(path, nstype_table[type].file);
	n = readlinkat(pfs->rootfd, path, link, sizeof(link));
	if (n < 0)
		return -errno;
	if (n == sizeof(link))
		return -EBADMSG;
	if (nstype_parse_link(link, (size_t)n, &t, ino) < 0 || t != type)
		return -EBADMSG;
	return 0;
}

int procfs_open_ns(const struct procfs *pfs, pid_t pid, enum ns_type type)
{
	char path[40];
	int fd;

	pid_path(path, sizeof(path), pid, "ns/");
	strcat(path, nstype_table[type].file);
	/* O_NONBLOCK: what a tree that is not a live /proc has there may be a FIFO */
	fd = openat(pfs->rootfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	return fd < 0 ? -errno : fd;
}

int procfs_openat(const struct procfs *pfs, const char *rel, int flags)
{
	int fd = openat(pfs->rootfd, rel, flags | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int procfs_read_fd(int fd, size_t max, char **buf, size_t *len)
{
	size_t cap, n = 0;
	char *b;

	if (!max)
		max = 16u << 20;
	cap = max < 4096 ? max + 1 : 4096;
	b = malloc(cap);
	if (!b)
		return -ENOMEM;
	while (n < max) {
		ssize_t r;

		if (n + 1 >= cap) {
			size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			char *nb = realloc(b, ncap);

			if (!nb) {
				free(b);
				return -ENOMEM;
			}
			b = nb;
			cap = ncap;
		}
		r = read(fd, b + n, cap - n - 1);
		if (r < 0) {
			int e = -errno;

			if (e == -EINTR)
				continue;
			free(b);
			return e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

/*
 * Open a file to read it. O_NONBLOCK: a FIFO planted where a file belongs
 * answers at once (end of file, or EAGAIN while something holds it open
 * to write) instead of waiting for a writer. Then only a regular file is
 * read (-EINVAL for anything else), so that neither a FIFO with a writer
 * nor a device is taken for a file. A live /proc holds only the kernel's
 * files, all regular (of size 0): there (trusted) the fstat(2) is left
 * out, as it would cost every walk a system call per process and file.
 * *size (if not NULL) gets the size fstat(2) gave, 0 when it was left out.
 */
static int open_file(int dirfd, const char *path, int flags, bool trusted, off_t *size)
{
	struct stat st;
	int fd, rc;

	if (size)
		*size = 0;
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | flags);
	if (fd < 0)
		return -errno;
	if (trusted)
		return fd;
	if (fstat(fd, &st) < 0) {
		rc = -errno;
		goto out_close;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = -EINVAL;
		goto out_close;
	}
	if (size)
		*size = st.st_size;
	return fd;
out_close:
	close(fd);
	return rc;
}

static int read_at(int dirfd, const char *path, unsigned int flags, bool trusted, size_t max,
		   char **buf, size_t *len)
{
	bool whole = flags & PROCFS_WHOLE;
	off_t size;
	int fd, rc;

	if (!max)
		max = 16u << 20;
	fd = open_file(dirfd, path, flags & PROCFS_NOFOLLOW ? O_NOFOLLOW : 0, trusted, &size);
	if (fd < 0)
		return fd;
	/* too big for a whole read: said before reading any of it, where the size is known */
	if (whole && size > (off_t)max) {
		close(fd);
		return -EFBIG;
	}
	/* one byte more than max tells a file that is too big from one that fits */
	rc = procfs_read_fd(fd, whole ? max + 1 : max, buf, len);
	close(fd);
	if (rc == 0 && whole && *len > max) {
		free(*buf);
		*buf = NULL;
		rc = -EFBIG;
	}
	return rc;
}

int procfs_read_at_flags(int dirfd, const char *path, unsigned int flags, size_t max,
			 char **buf, size_t *len)
{
	return read_at(dirfd, path, flags, false, max, buf, len);
}

int procfs_read_at(int dirfd, const char *path, size_t max, char **buf, size_t *len)
{
	return read_at(dirfd, path, 0, false, max, buf, len);
}

int procfs_read_file(const struct procfs *pfs, const char *rel, size_t max, char **buf,
		     size_t *len)
{
	return read_at(pfs->rootfd, rel, 0, pfs->live, max, buf, len);
}

ssize_t procfs_read_small(const struct procfs *pfs, const char *rel, char *buf, size_t size)
{
	size_t n = 0;
	int fd = open_file(pfs->rootfd, rel, 0, pfs->live, NULL);

	if (fd < 0)
		return fd;
	while (n + 1 < size) {
		ssize_t r = read(fd, buf + n, size - n - 1);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = -errno;
			close(fd);
			return e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		/*
		 * A reply shorter than asked for was the whole file: procfs
		 * answers a record in one read when the buffer can hold it
		 * (and a regular file, as a fixture tree has, is short only
		 * at its end). Asking again would cost every refresh of
		 * nstop a read per process to learn nothing.
		 */
		if ((size_t)r < size - (n - (size_t)r) - 1)
			break;
	}
	buf[n] = '\0';
	close(fd);
	return (ssize_t)n;
}

/* Next space-separated field of a stat line as an unsigned number. */
static int stat_next_u(const char **p, const char *end, unsigned long long *v)
{
	const char *s = *p;
	unsigned long long x = 0;
	bool neg = false, any = false;

	while (s < end && *s == ' ')
		s++;
	if (s < end && *s == '-') {
		neg = true;
		s++;
	}
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		x = x * 10 + (unsigned long long)(*s - '0');
		any = true;
	}
	if (!any || (s < end && *s != ' ' && *s != '\n'))
		return -EINVAL;
	*v = neg ? (unsigned long long)(-(long long)x) : x;
	*p = s;
	return 0;
}

int procfs_parse_stat(const char *buf, size_t len, struct proc_stat *st)
{
	const char *end = buf + len, *open, *close_p, *p;
	unsigned long long f[22];
	size_t clen;
	char *e;
	long pid;

	memset(st, 0, sizeof(*st));
	open = memchr(buf, '(', len);
	if (!open)
		return -EINVAL;
	/* The command may itself contain ')': the last one ends it. */
	close_p = NULL;
	for (p = end; p > open; p--)
		if (p[-1] == ')') {
			close_p = p - 1;
			break;
		}
	if (!close_p)
		return -EINVAL;
	errno = 0;
	pid = strtol(buf, &e, 10);
	if (e == buf || pid <= 0 || pid > 0x7fffffff || errno)
		return -EINVAL;
	st->pid = (pid_t)pid;
	clen = (size_t)(close_p - open - 1);
	if (clen >= sizeof(st->comm))
		clen = sizeof(st->comm) - 1;
	memcpy(st->comm, open + 1, clen);
	st->comm[clen] = '\0';

	p = close_p + 1;
	while (p < end && *p == ' ')
		p++;
	if (p >= end || *p < 'A' || *p > 'z')
		return -EINVAL;
	st->state = *p++;
	/* fields 4 (ppid) .. 24 (rss) */
	for (int i = 0; i < 21; i++)
		if (stat_next_u(&p, end, &f[i]) < 0)
			return -EINVAL;
	st->ppid = (pid_t)f[0];
	st->pgrp = (pid_t)f[1];
	st->session = (pid_t)f[2];
	st->flags = (unsigned int)f[5];
	st->utime = f[10];
	st->stime = f[11];
	st->nice = (long)f[15];
	st->nthreads = (long)f[16];
	st->starttime = f[18];
	st->vsize = f[19];
	st->rss = (long long)f[20];
	if (st->ppid < 0)
		return -EINVAL;
	return 0;
}

int procfs_read_stat(const struct procfs *pfs, pid_t pid, struct proc_stat *st)
{
	char path[24], buf[1024];
	ssize_t n;

	pid_path(path, sizeof(path), pid, "stat");
	n = procfs_read_small(pfs, path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	if (n == 0)
		return -ESRCH;
	return procfs_parse_stat(buf, (size_t)n, st);
}

/* Parse up to max unsigned decimal numbers separated by blanks. */
static int parse_uints(const char *s, const char *end, unsigned long long *v, int max)
{
	int n = 0;

	while (s < end && n < max) {
		unsigned long long x = 0;
		bool any = false;

		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		for (; s < end && *s >= '0' && *s <= '9'; s++) {
			x = x * 10 + (unsigned long long)(*s - '0');
			any = true;
		}
		if (!any)
			break;
		v[n++] = x;
	}
	return n;
}

static int parse_hex64(const char *s, const char *end, uint64_t *v)
{
	uint64_t x = 0;
	bool any = false;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	for (; s < end; s++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		if (x >> 60)
			return -ERANGE;
		x = (x << 4) | (uint64_t)d;
		any = true;
	}
	if (!any)
		return -EINVAL;
	*v = x;
	return 0;
}

int procfs_parse_status(const char *buf, size_t len, struct proc_status *st)
{
	const char *p = buf, *end = buf + len;

	memset(st, 0, sizeof(*st));
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *colon;
		unsigned long long v[PROC_MAX_NSPID];
		int n;

		if (!eol)
			eol = end;
		colon = memchr(p, ':', (size_t)(eol - p));
		if (!colon)
			goto next;
#define KEY(k) ((size_t)(colon - p) == sizeof(k) - 1 && memcmp(p, k, sizeof(k) - 1) == 0)
		if (KEY("Uid")) {
			if (parse_uints(colon + 1, eol, v, 4) != 4)
				return -EINVAL;
			for (int i = 0; i < 4; i++)
				st->uid[i] = (uid_t)v[i];
			st->have_uid = true;
		} else if (KEY("Gid")) {
			if (parse_uints(colon + 1, eol, v, 4) != 4)
				return -EINVAL;
			for (int i = 0; i < 4; i++)
				st->gid[i] = (gid_t)v[i];
			st->have_gid = true;
		} else if (KEY("NSpid")) {
			n = parse_uints(colon + 1, eol, v, PROC_MAX_NSPID);
			if (n <= 0)
				return -EINVAL;
			for (int i = 0; i < n; i++)
				st->nspid[i] = (pid_t)v[i];
			st->nspid_len = n;
		} else if (KEY("CapEff")) {
			if (parse_hex64(colon + 1, eol, &st->cap_eff) < 0)
				return -EINVAL;
			st->have_caps = true;
		} else if (KEY("CapPrm")) {
			if (parse_hex64(colon + 1, eol, &st->cap_prm) < 0)
				return -EINVAL;
		} else if (KEY("CapBnd")) {
			if (parse_hex64(colon + 1, eol, &st->cap_bnd) < 0)
				return -EINVAL;
		}
#undef KEY
next:
		p = eol + 1;
	}
	return st->have_uid ? 0 : -EINVAL;
}

int procfs_read_status(const struct procfs *pfs, pid_t pid, struct proc_status *st)
{
	char path[24], buf[4096];
	ssize_t n;

	pid_path(path, sizeof(path), pid, "status");
	n = procfs_read_small(pfs, path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	if (n == 0)
		return -ESRCH;
	return procfs_parse_status(buf, (size_t)n, st);
}

int procfs_read_uid(const struct procfs *pfs, pid_t pid, uid_t *uid)
{
	struct proc_status st;
	struct stat sb;
	char path[16];
	int rc;

	if (pfs->live) {
		pid_path(path, sizeof(path), pid, NULL);
		if (fstatat(pfs->rootfd, path, &sb, 0) < 0)
			return -errno;
		*uid = sb.st_uid;
		return 0;
	}
	rc = procfs_read_status(pfs, pid, &st);
	if (rc == 0)
		*uid = st.uid[1];
	return rc;
}

static void nuls_to_spaces(char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
}

size_t procfs_cmdline_to_line(char *buf, size_t len)
{
	/*
	 * As lsns shows it, byte for byte: the arguments' NULs become
	 * spaces, empty arguments included ("sh -c cmd '' ''" keeps its two
	 * trailing spaces), and the last byte, the kernel's terminating NUL,
	 * goes. Other bytes stay as they are: control characters and bytes
	 * that are not UTF-8 are for the output to escape (libsmartcols's
	 * \x1b in a table, \u001b in JSON), not to lose here.
	 */
	if (!len) {
		buf[0] = '\0';
		return 0;
	}
	nuls_to_spaces(buf, len);
	buf[--len] = '\0';
	return len;
}

int procfs_read_cmdline(const struct procfs *pfs, pid_t pid, size_t max, char **out)
{
	char path[24];
	char *buf;
	size_t len;
	int rc;

	if (!max)
		max = 65536;
	pid_path(path, sizeof(path), pid, "cmdline");
	rc = procfs_read_file(pfs, path, max, &buf, &len);
	if (rc < 0)
		return rc;
	if (len < max) {
		len = procfs_cmdline_to_line(buf, len);
	} else {
		/* cut: the last byte read is an argument's, not the end */
		nuls_to_spaces(buf, len);
	}
	if (!len) {
		free(buf);
		return -ENODATA;
	}
	*out = buf;
	return 0;
}

int procfs_read_comm(const struct procfs *pfs, pid_t pid, char *buf, size_t size)
{
	char path[24];
	ssize_t n;

	pid_path(path, sizeof(path), pid, "comm");
	n = procfs_read_small(pfs, path, buf, size);
	if (n < 0)
		return (int)n;
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return 0;
}

int procfs_parse_socket_link(const char *buf, size_t len, uint64_t *ino)
{
	static const char pfx[] = "socket:[";
	uint64_t v = 0;
	size_t i;

	if (len < sizeof(pfx) + 1 || memcmp(buf, pfx, sizeof(pfx) - 1) != 0 ||
	    buf[len - 1] != ']')
		return -EINVAL;
	for (i = sizeof(pfx) - 1; i < len - 1; i++) {
		if (buf[i] < '0' || buf[i] > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(buf[i] - '0');
	}
	*ino = v;
	return 0;
}

int procfs_scan_fds(const struct procfs *pfs, pid_t pid, procfs_fd_fn fn, void *data)
{
	char path[24], buf[8192], link[128];
	long nread;
	int dfd, rc = 0;

	pid_path(path, sizeof(path), pid, "fd");
	dfd = openat(pfs->rootfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	for (;;) {
		nread = syscall(SYS_getdents64, dfd, buf, sizeof(buf));
		if (nread < 0) {
			rc = -errno;
			break;
		}
		if (nread == 0)
			break;
		for (long off = 0; off < nread && rc == 0;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);
			pid_t fd;
			ssize_t n;

			off += d->d_reclen;
			/* fd 0 has the name "0", which parse_pid_name rejects */
			fd = d->d_name[0] == '0' && !d->d_name[1] ? 0 : parse_pid_name(d->d_name);
			if (!fd && strcmp(d->d_name, "0") != 0)
				continue;
			n = readlinkat(dfd, d->d_name, link, sizeof(link) - 1);
			/* a path names a file, unless it is only "/" */
			if (n <= 0 || (link[0] == '/' && n > 1))
				continue;
			link[n] = '\0';
			rc = fn(data, pid, fd, link, (size_t)n);
		}
		if (rc)
			break;
		/*
		 * procfs fills the buffer until the next entry does not fit, so
		 * a reply with room to spare for a long entry was the last one:
		 * this saves a getdents per process.
		 */
		if (pfs->live && (size_t)nread + 512 < sizeof(buf))
			break;
	}
	close(dfd);
	return rc;
}
