// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What some keys set off outside the dashboard: a shell inside a row's
 * namespaces (e), nsdiff in a pane (d), a signal (k). Each one pins its
 * process before acting: a PID seen a refresh ago may have been reused.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "nsenter.h"
#include "nstop.h"
#include "sys.h"

/* nsdiff's output is kept up to this much. */
#define DIFF_MAX (1u << 20)

/* ------------------------------------------------------------------ users */

const char *nstop_user_name(void *data, uid_t uid)
{
	struct nstop *t = data;

	return idcache_user(&t->ids, uid);
}

/* ------------------------------------------------------------------- pane */

void nstop_pane_clear(struct nstop *t)
{
	for (size_t i = 0; i < t->npane; i++)
		free(t->pane[i]);
	t->npane = 0;
	t->ui.pane_lines = t->pane;
	t->ui.pane_nlines = 0;
}

/* Add a line: tabs expanded, terminal escapes and control characters dropped. */
int nstop_pane_add(struct nstop *t, const char *line, size_t len)
{
	char *out;
	size_t n = 0;

	if (t->npane == t->pane_cap) {
		size_t ncap = t->pane_cap ? t->pane_cap * 2 : 64;
		char **nv = realloc(t->pane, ncap * sizeof(*nv));

		if (!nv)
			return -1;
		t->pane = nv;
		t->pane_cap = ncap;
	}
	out = malloc(len * 8 + 1);
	if (!out)
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];

		if (c == '\t') {
			do
				out[n++] = ' ';
			while (n % 8);
		} else if (c == 0x1b) {
			/* CSI ... final byte: a color nsdiff should not have sent */
			if (i + 1 < len && line[i + 1] == '[')
				for (i += 2; i < len && !(line[i] >= 0x40 && line[i] <= 0x7e); i++)
					;
		} else if (c >= 0x20 && c != 0x7f) {
			out[n++] = (char)c;
		}
	}
	out[n] = '\0';
	t->pane[t->npane++] = out;
	t->ui.pane_lines = t->pane;
	t->ui.pane_nlines = t->npane;
	return 0;
}

static void pane_open(struct nstop *t, const char *title)
{
	nstop_pane_clear(t);
	snprintf(t->ui.pane_title, sizeof(t->ui.pane_title), "%s", title);
	t->ui.mode = NSTOP_MODE_PANE;
	t->ui.pane_full = false;
	t->ui.pane_scroll = 0;
	t->ui.pane_busy = false;
}

static void message(struct nstop *t, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void message(struct nstop *t, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->ui.message, sizeof(t->ui.message), fmt, ap);
	va_end(ap);
	t->ui.message_error = error;
}

/* --------------------------------------------------------------- pinning */

/* The process a row stands for when acting on it: the selected process in
 * a drill-down, else the row's lowest PID (a namespace's or container's
 * first process, whose namespaces are the set). */
static const struct task *row_process(struct nstop *t, bool busiest)
{
	const struct nstop_row *r = nstop_model_selected(&t->model);

	if (!r)
		return NULL;
	return busiest || nstop_model_view(&t->model) == NSTOP_VIEW_PROC ? r->top : r->first;
}

/*
 * A pidfd of pid, checked to be the process that started at start: opened
 * first, then the start time read, so that the pidfd is of that process
 * whatever happens afterwards. -ESRCH when it is gone or was replaced.
 */
static int pin(struct nstop *t, pid_t pid, unsigned long long start)
{
	struct proc_stat st;
	int fd = sys_pidfd_open(pid, 0);

	if (fd < 0)
		return -errno;
	if (procfs_read_stat(&t->pfs, pid, &st) < 0 || st.starttime != start) {
		close(fd);
		return -ESRCH;
	}
	return fd;
}

/* ------------------------------------------------------------------ shell */

void nstop_shell(struct nstop *t)
{
	const struct task *p = row_process(t, false);
	struct nsenter_opts o;
	struct nsenter_error err;
	char why[256];
	pid_t pid;
	int status = 0, rc, fd;

	if (!p)
		return;
	pid = p->pid;
	fd = pin(t, pid, p->stat.starttime);
	if (fd < 0) {
		message(t, true, "PID %d has exited: no shell", (int)pid);
		return;
	}
	nsenter_opts_init(&o);
	o.pid = pid;
	o.pidfd = fd;
	o.pfs = &t->pfs;
	/* nsenter -a -r -w: every namespace, and the process's root and cwd */
	o.all = NS_MASK_ALL;
	o.flags = NSENTER_ROOT | NSENTER_WD;

	tty_suspend();
	printf("nstop: a shell in the namespaces of PID %d (%s); exit to return to nstop\n",
	       (int)pid, p->stat.comm);
	fflush(stdout);
	rc = nsenter_exec(&o, NULL, &status, &err);
	close(fd);
	if (rc < 0) {
		/* shown on the terminal too: the dashboard may hide it at once */
		nsenter_strerror(&err, why, sizeof(why));
		fprintf(stderr, "nstop: %s: %s\n", why, strerror(-rc));
	}
	tty_resume();
	if (rc < 0)
		message(t, true, "%s: %s", why, strerror(-rc));
	else if (WIFSIGNALED(status))
		message(t, false, "the shell in PID %d's namespaces was killed by SIG%s", (int)pid,
			sigabbrev_np(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) : "?");
	else
		message(t, false, "back from the shell in PID %d's namespaces (exit status %d)",
			(int)pid, WEXITSTATUS(status));
}

/* ----------------------------------------------------------------- nsdiff */

void nstop_find_nsdiff(struct nstop *t)
{
	char dir[sizeof(t->nsdiff_path) - 8];

	t->nsdiff_path[0] = '\0';
	/* the sibling binary: the nsdiff installed (or built) with this nstop */
	if (cli_exe_dir(dir, sizeof(dir)) == 0)
		snprintf(t->nsdiff_path, sizeof(t->nsdiff_path), "%s/nsdiff", dir);
}

void nstop_diff_start(struct nstop *t)
{
	const struct task *p = row_process(t, false);
	char title[128], pidarg[16], line[4200];
	int pfd[2], devnull;
	pid_t pid;

	if (!p)
		return;
	nstop_diff_stop(t);
	snprintf(title, sizeof(title), "nsdiff %d (%s) against the host", (int)p->pid, p->stat.comm);
	pane_open(t, title);
	if (!t->nsdiff_path[0] || access(t->nsdiff_path, X_OK) < 0) {
		snprintf(line, sizeof(line), "nsdiff is not installed next to nstop (no %s).",
			 t->nsdiff_path[0] ? t->nsdiff_path : "nsdiff");
		nstop_pane_add(t, line, strlen(line));
		snprintf(line, sizeof(line), "It is part of nskit: build it with make, or install it.");
		nstop_pane_add(t, line, strlen(line));
		return;
	}
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		snprintf(line, sizeof(line), "cannot run nsdiff: %s", strerror(errno));
		nstop_pane_add(t, line, strlen(line));
		return;
	}
	snprintf(pidarg, sizeof(pidarg), "%d", (int)p->pid);
	pid = fork();
	if (pid < 0) {
		snprintf(line, sizeof(line), "cannot run nsdiff: %s", strerror(errno));
		nstop_pane_add(t, line, strlen(line));
		close(pfd[0]);
		close(pfd[1]);
		return;
	}
	if (pid == 0) {
		/* the child: output and errors into the pane, no terminal input */
		devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (devnull < 0 || dup2(devnull, STDIN_FILENO) < 0 ||
		    dup2(pfd[1], STDOUT_FILENO) < 0 || dup2(pfd[1], STDERR_FILENO) < 0)
			_exit(127);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		execl(t->nsdiff_path, "nsdiff", "--color=never", pidarg, (char *)NULL);
		dprintf(STDERR_FILENO, "cannot run '%s': %s\n", t->nsdiff_path, strerror(errno));
		_exit(127);
	}
	close(pfd[1]);
	fcntl(pfd[0], F_SETFL, O_NONBLOCK);
	t->diff.pid = pid;
	t->diff.fd = pfd[0];
	t->diff.len = 0;
	t->ui.pane_busy = true;
}

/* Split what nsdiff wrote into pane lines (the last, unfinished, too). */
static void diff_lines(struct nstop *t, bool done)
{
	const char *p = t->diff.buf, *end = p + t->diff.len;

	nstop_pane_clear(t);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl && !done)
			nl = end;
		if (!nl)
			nl = end;
		nstop_pane_add(t, p, (size_t)(nl - p));
		p = nl + 1;
	}
}

bool nstop_diff_read(struct nstop *t)
{
	struct nstop_diff *d = &t->diff;
	bool eof = false;
	char line[128];

	if (d->fd < 0)
		return false;
	for (;;) {
		ssize_t n;

		if (d->len + 4096 > d->cap) {
			size_t ncap = d->cap ? d->cap * 2 : 16384;
			char *nb = d->cap >= DIFF_MAX ? NULL : realloc(d->buf, ncap);

			if (!nb) {
				eof = true;	/* enough: stop reading */
				break;
			}
			d->buf = nb;
			d->cap = ncap;
		}
		n = read(d->fd, d->buf + d->len, d->cap - d->len);
		if (n > 0) {
			d->len += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			eof = true;
		break;	/* EAGAIN: more later */
	}
	diff_lines(t, eof);
	if (eof) {
		int status = 0;

		close(d->fd);
		d->fd = -1;
		if (d->pid > 0) {
			if (d->len >= DIFF_MAX)
				kill(d->pid, SIGKILL);
			while (waitpid(d->pid, &status, 0) < 0 && errno == EINTR)
				;
		}
		d->pid = 0;
		t->ui.pane_busy = false;
		/* diff(1)'s convention: 0 the same, 1 different, 2 trouble */
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			snprintf(line, sizeof(line), "(nsdiff could not run)");
		else if (WIFEXITED(status) && WEXITSTATUS(status) >= 2)
			snprintf(line, sizeof(line), "(nsdiff failed: exit status %d)",
				 WEXITSTATUS(status));
		else if (WIFSIGNALED(status))
			snprintf(line, sizeof(line), "(nsdiff was killed by SIG%s)",
				 sigabbrev_np(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) : "?");
		else
			line[0] = '\0';
		if (line[0])
			nstop_pane_add(t, line, strlen(line));
	}
	return true;
}

void nstop_diff_stop(struct nstop *t)
{
	struct nstop_diff *d = &t->diff;

	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	if (d->pid > 0) {
		kill(d->pid, SIGKILL);
		while (waitpid(d->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	d->pid = 0;
	free(d->buf);
	d->buf = NULL;
	d->len = d->cap = 0;
	t->ui.pane_busy = false;
}

/* ---------------------------------------------------------------- signals */

int nstop_parse_signal(const char *s)
{
	const char *name = s;
	char *end;
	long v;

	if (*s >= '0' && *s <= '9') {
		v = strtol(s, &end, 10);
		return *end || v <= 0 || v >= NSIG ? -1 : (int)v;
	}
	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	for (int sig = 1; sig < NSIG; sig++) {
		const char *abbrev = sigabbrev_np(sig);

		if (abbrev && strcasecmp(abbrev, name) == 0)
			return sig;
	}
	return -1;
}

void nstop_kill_begin(struct nstop *t)
{
	const struct task *p = row_process(t, true);
	struct nstop_kill *k = &t->kill;
	int fd;

	if (!p)
		return;
	nstop_kill_cancel(t, NULL);
	fd = pin(t, p->pid, p->stat.starttime);
	if (fd < 0) {
		message(t, true, "PID %d has exited: nothing to signal", (int)p->pid);
		return;
	}
	k->step = 1;
	k->pid = p->pid;
	k->start = p->stat.starttime;
	k->pidfd = fd;
	snprintf(k->comm, sizeof(k->comm), "%s", p->stat.comm);
	t->ui.mode = NSTOP_MODE_PROMPT;
	t->ui.input[0] = '\0';
	snprintf(t->ui.prompt, sizeof(t->ui.prompt), "signal to send to PID %d (%s) [TERM]: ",
		 (int)p->pid, p->stat.comm);
}

void nstop_kill_cancel(struct nstop *t, const char *why)
{
	struct nstop_kill *k = &t->kill;

	if (k->pidfd >= 0)
		close(k->pidfd);
	k->pidfd = -1;
	k->step = 0;
	if (t->ui.mode == NSTOP_MODE_PROMPT)
		t->ui.mode = NSTOP_MODE_BROWSE;
	t->ui.input[0] = '\0';
	if (why)
		message(t, false, "%s", why);
}

void nstop_kill_send(struct nstop *t)
{
	struct nstop_kill *k = &t->kill;
	const char *name = sigabbrev_np(k->sig) ? sigabbrev_np(k->sig) : "?";

	if (k->pidfd < 0)
		return;
	/* Through the pidfd taken when k was pressed: never a reused PID. */
	if (sys_pidfd_send_signal(k->pidfd, k->sig, NULL, 0) < 0)
		message(t, true, "cannot send SIG%s to PID %d: %s", name, (int)k->pid,
			strerror(errno));
	else
		message(t, false, "sent SIG%s to PID %d (%s)", name, (int)k->pid, k->comm);
	close(k->pidfd);
	k->pidfd = -1;
	k->step = 0;
	t->ui.mode = NSTOP_MODE_BROWSE;
	t->ui.input[0] = '\0';
}
