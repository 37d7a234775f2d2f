// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A detached container's output, kept in its state directory as Docker's
 * json-file driver keeps it, and `nsrun logs [-f] [--tail N] [-t] NAME`.
 *
 * The launcher reads the container's stdout and stderr (two pipes, or its
 * pty with -t) and appends them to $STATE/logs/NAME, a record per line:
 *
 *   o 2026-01-02T03:04:05.123456789Z GET / HTTP/1.1
 *   e 2026-01-02T03:04:05.200000000Z sh: no such file
 *   O 2026-01-02T03:04:06.000000000Z $ (a piece without its end of line)
 *
 * o and e for stdout and stderr, a capital letter for a piece of a line
 * that had not ended when it was read (a prompt), the time it was read,
 * and the bytes themselves: nothing but the newline is changed, so a
 * record's data is any bytes but '\n'. Readable with cat; --tail counts
 * lines, -t shows the times.
 *
 * Bounded: past its maximum size (--log-opt max-size, 1 MiB by default)
 * the file becomes NAME~ (replacing the one before) and a new NAME
 * begins, as Docker's max-file=2: at most twice the size per container.
 * The files go with the container.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "fsutil.h"
#include "nsrun.h"
#include "procfs.h"
#include "sys.h"

/* More than any record file can hold between two rotations (max-size is at most this). */
#define LOG_READ_MAX (1ull << 30)

static void old_name(const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s~", name);
}

int nsrun_log_open(struct nsrun_log *lg, const char *name, uint64_t max)
{
	memset(lg, 0, sizeof(*lg));
	lg->fd = -1;
	snprintf(lg->name, sizeof(lg->name), "%s", name);
	lg->max = max ? max : NSRUN_LOG_MAX;
	lg->dfd = runstate_subdir(RUNSTATE_LOGS, true);
	if (lg->dfd < 0)
		return lg->dfd;
	/* what an ended container of that name left is gone with its record: a fresh file */
	lg->fd = fsutil_open_beneath(lg->dfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
	return lg->fd < 0 ? lg->fd : 0;
}

void nsrun_log_close(struct nsrun_log *lg)
{
	if (lg->fd >= 0)
		close(lg->fd);
	lg->fd = -1;
}

/* NAME becomes NAME~, and NAME begins anew. */
static void rotate(struct nsrun_log *lg)
{
	char old[RUNSTATE_NAME_MAX + 1];
	int fd;

	old_name(lg->name, old, sizeof(old));
	if (renameat(lg->dfd, lg->name, lg->dfd, old) < 0)
		return;	/* then this one grows on: better than losing output */
	fd = fsutil_open_beneath(lg->dfd, lg->name, O_WRONLY | O_CREAT | O_EXCL | O_APPEND, 0600);
	if (fd < 0)
		return;
	close(lg->fd);
	lg->fd = fd;
	lg->size = 0;
}

static void flush(struct nsrun_log *lg, const char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(lg->fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;	/* a full disk loses output, not the container */
		done += (size_t)n;
	}
	lg->size += len;
}

void nsrun_log_write(struct nsrun_log *lg, int stream, const char *data, size_t len)
{
	char stamp[48], out[16384];
	struct timespec ts;
	struct tm tm;
	size_t n = 0, stamplen;

	if (lg->fd < 0 || !len)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	stamplen = strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	stamplen += (size_t)snprintf(stamp + stamplen, sizeof(stamp) - stamplen, ".%09ldZ",
				     ts.tv_nsec);
	while (len) {
		const char *nl = memchr(data, '\n', len);
		size_t piece = nl ? (size_t)(nl - data) : len;
		char tag = stream == 2 ? (nl ? 'e' : 'E') : (nl ? 'o' : 'O');

		/* a record's head, its data, its newline: flushed first when it would not fit */
		if (n + 3 + stamplen + piece + 1 > sizeof(out)) {
			flush(lg, out, n);
			n = 0;
		}
		if (3 + stamplen + piece + 1 > sizeof(out)) {
			/* a line longer than the buffer: its head, then its data at once */
			n = (size_t)snprintf(out, sizeof(out), "%c %s ", tag, stamp);
			flush(lg, out, n);
			flush(lg, data, piece);
			flush(lg, "\n", 1);
			n = 0;
		} else {
			n += (size_t)snprintf(out + n, sizeof(out) - n, "%c %s ", tag, stamp);
			memcpy(out + n, data, piece);
			n += piece;
			out[n++] = '\n';
		}
		data += piece + (nl ? 1 : 0);
		len -= piece + (nl ? 1 : 0);
	}
	flush(lg, out, n);
	if (lg->size >= lg->max)
		rotate(lg);
}

/* ------------------------------------------------------------------ logs */

struct logs_opts {
	bool follow, timestamps;
	long long tail;			/* lines from the end; -1: all */
};

/* One record of a log: where its data is, which stream, whether its line ends. */
struct record {
	const char *stamp;
	size_t stamplen;
	const char *data;
	size_t len;
	int stream;			/* 1 or 2 */
	bool eol;
};

/*
 * Parse the record at p (up to end, a '\n' found): false for what is not
 * a record (a file of another program: skipped, line by line).
 */
static bool parse_record(const char *p, const char *nl, struct record *r)
{
	const char *stamp = p + 2, *sp;

	if (nl - p < 4 || p[1] != ' ' || !strchr("oOeE", p[0]))
		return false;
	sp = memchr(stamp, ' ', (size_t)(nl - stamp));
	if (!sp)
		return false;
	r->stream = p[0] == 'e' || p[0] == 'E' ? 2 : 1;
	r->eol = p[0] == 'o' || p[0] == 'e';
	r->stamp = stamp;
	r->stamplen = (size_t)(sp - stamp);
	r->data = sp + 1;
	r->len = (size_t)(nl - r->data);
	return true;
}

/* The state of a line being printed, across records and reads. */
struct printer {
	const struct logs_opts *o;
	bool mid[3];			/* a line of the stream was begun and not ended */
};

static void print_record(struct printer *pr, const struct record *r)
{
	FILE *f = r->stream == 2 ? stderr : stdout;

	if (pr->o->timestamps && !pr->mid[r->stream])
		fprintf(f, "%.*s ", (int)r->stamplen, r->stamp);
	fwrite(r->data, 1, r->len, f);
	if (r->eol)
		fputc('\n', f);
	pr->mid[r->stream] = !r->eol;
}

/* Print the records of buf (complete records only); returns the bytes used. */
static size_t print_buf(struct printer *pr, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct record r;

		if (!nl)
			break;
		if (parse_record(p, nl, &r))
			print_record(pr, &r);
		p = nl + 1;
	}
	return (size_t)(p - buf);
}

/*
 * Print the last tail lines of buf's records (all with tail < 0), and
 * return the bytes used. A line is the records of one stream up to one
 * that ends it; lines of the two streams interleave, a line being the
 * later for its last record.
 */
static size_t print_tail(struct printer *pr, const char *buf, size_t len, long long tail)
{
	const char *p = buf, *end = buf + len;
	struct record *v = NULL;
	size_t n = 0, cap = 0, *start = NULL;
	bool *sel = NULL;
	long long pending[3] = { -1, -1, -1 }, lines = 0;

	if (tail < 0)
		return print_buf(pr, buf, len);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			break;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 1024;
			struct record *nv = realloc(v, ncap * sizeof(*nv));
			size_t *ns;

			if (!nv)
				nsrun_die("out of memory");
			v = nv;
			ns = realloc(start, ncap * sizeof(*ns));
			if (!ns)
				nsrun_die("out of memory");
			start = ns;
			cap = ncap;
		}
		if (parse_record(p, nl, &v[n])) {
			int s = v[n].stream;

			if (pending[s] < 0)
				pending[s] = (long long)n;
			start[n] = (size_t)pending[s];
			if (v[n].eol)
				pending[s] = -1;
			n++;
		}
		p = nl + 1;
	}
	sel = calloc(n + 1, sizeof(*sel));
	if (!sel)
		nsrun_die("out of memory");
	/* from the end: each line is met first at its last record */
	for (size_t i = n; i-- > 0 && lines < tail;)
		if (!sel[start[i]]) {
			sel[start[i]] = true;
			lines++;
		}
	for (size_t i = 0; i < n; i++)
		if (sel[start[i]])
			print_record(pr, &v[i]);
	free(sel);
	free(start);
	free(v);
	return (size_t)(p - buf);
}

/* Read the rest of fd, appending to *buf (*len bytes so far). */
static int read_more(int fd, char **buf, size_t *len, size_t *cap)
{
	for (;;) {
		ssize_t n;

		if (*cap - *len < 65536) {
			size_t ncap = *cap ? *cap * 2 : 262144;
			char *nb;

			if (ncap > LOG_READ_MAX * 2)
				return -EFBIG;
			nb = realloc(*buf, ncap);
			if (!nb)
				return -ENOMEM;
			*buf = nb;
			*cap = ncap;
		}
		n = read(fd, *buf + *len, *cap - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		*len += (size_t)n;
	}
}

/* Is the container still writing its logs: its launcher alive? A pidfd of it, or -1. */
static int launcher_pidfd(const struct runstate *st)
{
	struct procfs pfs;
	bool alive = false;
	int fd;

	if (strcmp(st->state, RUNSTATE_RUNNING) != 0 && strcmp(st->state, RUNSTATE_CREATING) != 0)
		return -1;
	fd = sys_pidfd_open(st->launcher, 0);
	if (fd < 0)
		return -1;
	/* checked after the open: the fd holds the process checked */
	if (procfs_open(&pfs, NULL) == 0) {
		alive = runstate_launcher_alive(st, &pfs);
		procfs_close(&pfs);
	}
	if (!alive) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * -f: what is appended, until the launcher is gone (the container ended
 * and its output is all there). Rotation: NAME is another file than the
 * one being read; the old one is read to its end first.
 */
static int follow(struct printer *pr, int dfd, const char *name, int fd, int pidfd)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int in, rc = 0;
	bool ending = false;

	in = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (in < 0)
		return -errno;
	/* the directory: a rotation makes a new file, which a watch of the old would miss */
	{
		char self[64];

		snprintf(self, sizeof(self), "/proc/self/fd/%d", dfd);
		if (inotify_add_watch(in, self, IN_MODIFY | IN_CREATE | IN_MOVED_TO |
				      IN_CLOSE_WRITE) < 0) {
			rc = -errno;
			goto out;
		}
	}
	for (;;) {
		struct pollfd p[2] = { { .fd = in, .events = POLLIN },
				       { .fd = pidfd, .events = POLLIN } };
		struct stat a, b;
		char ev[4096];
		size_t used;

		rc = read_more(fd, &buf, &len, &cap);
		if (rc < 0)
			break;
		used = print_buf(pr, buf, len);
		memmove(buf, buf + used, len - used);
		len -= used;
		fflush(stdout);
		fflush(stderr);
		if (ferror(stdout)) {
			rc = -EPIPE;
			break;
		}
		/* rotated: on to the new file, the old one being read to its end */
		if (fstat(fd, &a) == 0 && fstatat(dfd, name, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
		    (a.st_ino != b.st_ino || a.st_dev != b.st_dev) && S_ISREG(b.st_mode)) {
			int nfd = fsutil_open_beneath(dfd, name, O_RDONLY | O_NONBLOCK, 0);

			if (nfd >= 0) {
				close(fd);
				fd = nfd;
				continue;
			}
		}
		if (ending)
			break;
		if (poll(p, pidfd >= 0 ? 2 : 1, -1) < 0 && errno != EINTR) {
			rc = -errno;
			break;
		}
		while (read(in, ev, sizeof(ev)) > 0)
			;
		/* the launcher is gone: one more read, of what it wrote last */
		if (pidfd >= 0 && (p[1].revents & POLLIN))
			ending = true;
	}
out:
	free(buf);
	close(in);
	close(fd);
	return rc;
}

int nsrun_cmd_logs(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "follow", no_argument, NULL, 'f' },
		{ "tail", required_argument, NULL, 'n' },
		{ "timestamps", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct logs_opts o = { .tail = -1 };
	struct printer pr = { .o = &o };
	char old[RUNSTATE_NAME_MAX + 1], *buf = NULL;
	size_t len = 0, cap = 0, used;
	struct runstate st;
	int c, dfd, fd, rc, pidfd;

	while ((c = getopt_long(argc, argv, "fn:th", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			o.follow = true;
			break;
		case 'n': {
			uint64_t n;

			if (strcmp(optarg, "all") == 0)
				o.tail = -1;
			else if (strcmp(optarg, "0") == 0)
				o.tail = 0;
			else if (runspec_parse_count(optarg, &n) == 0)
				o.tail = (long long)n;
			else
				nsrun_die("invalid --tail '%s': expected a number of lines, or all",
					  optarg);
			break;
		}
		case 't':
			o.timestamps = true;
			break;
		case 'h':
			printf("Usage: %s logs [options] <name>\n\nShow what a detached container wrote "
			       "to its stdout and stderr.\n\nOptions:\n"
			       " -f, --follow          go on with what comes, until the container ends\n"
			       " -n, --tail <lines>    the last lines only (all: every one)\n"
			       " -t, --timestamps      when each line came\n"
			       " -h, --help            display this help\n", cli_name);
			return EXIT_SUCCESS;
		default:
			cli_try_help();
		}
	}
	if (optind + 1 != argc)
		nsrun_die(optind == argc ? "logs: a container name is needed" :
					   "logs: one container name only");
	nsrun_state_open();
	nsrun_load_or_die(argv[optind], &st);
	if (!st.logs)
		nsrun_die("container '%s' keeps no logs: it runs in the foreground, its output on the "
			  "terminal that started it (-d keeps a container's output)", st.name);
	/* before the files are read: whatever is written after, -f shows */
	pidfd = o.follow ? launcher_pidfd(&st) : -1;
	dfd = runstate_subdir(RUNSTATE_LOGS, false);
	if (dfd < 0)
		nsrun_die_errno(dfd, "cannot open the logs of container '%s'", st.name);
	old_name(st.name, old, sizeof(old));
	fd = fsutil_open_beneath(dfd, old, O_RDONLY | O_NONBLOCK, 0);
	if (fd >= 0) {
		rc = read_more(fd, &buf, &len, &cap);
		close(fd);
		if (rc < 0)
			nsrun_die_errno(rc, "cannot read the logs of container '%s'", st.name);
	}
	fd = fsutil_open_beneath(dfd, st.name, O_RDONLY | O_NONBLOCK, 0);
	if (fd < 0 && fd != -ENOENT)
		nsrun_die_errno(fd, "cannot read the logs of container '%s'", st.name);
	if (fd >= 0) {
		rc = read_more(fd, &buf, &len, &cap);
		if (rc < 0)
			nsrun_die_errno(rc, "cannot read the logs of container '%s'", st.name);
	}
	used = print_tail(&pr, buf, len, o.tail);
	free(buf);
	cli_check_stdout();
	if (o.follow && fd >= 0 && pidfd >= 0) {
		/* a record cut short by the read: read again from its start */
		lseek(fd, (off_t)(used - len), SEEK_CUR);
		rc = follow(&pr, dfd, st.name, fd, pidfd);
		fd = -1;
		if (rc < 0 && rc != -EPIPE)
			nsrun_die_errno(rc, "cannot follow the logs of container '%s'", st.name);
	}
	if (fd >= 0)
		close(fd);
	if (pidfd >= 0)
		close(pidfd);
	cli_check_stdout();
	return EXIT_SUCCESS;
}
