// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Docker's -t and -i: a pseudo-terminal for the container's command, and
 * the caller's terminal relayed to it.
 *
 * The pty is made inside the container, from its own /dev/ptmx (the
 * devpts instance of its /dev, or the host's for a container on the
 * host's root), as runc makes a console: so tty(1) in there names a
 * /dev/pts/N that exists in there. The command is the leader of a session
 * of its own on it, with it as its controlling terminal: a shell in there
 * has job control (^Z, fg, ^C reach its jobs through the pty's line
 * discipline), and its window size is the caller's, kept current on
 * SIGWINCH. The master goes to nsrun over a socket (SCM_RIGHTS), which
 * copies between it and the caller: with -i, the caller's terminal in raw
 * mode, so that every key reaches the container as typed, as docker run
 * -it does; its modes are restored however nsrun ends.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "nsrun.h"

int nsrun_pty_open(int *master, int *slave)
{
	int unlock = 0, m, s;

	m = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (m < 0)
		return -errno;
	if (ioctl(m, TIOCSPTLCK, &unlock) < 0)
		goto fail;
	/* the slave of this very master, not a path that could name another (Linux 4.13) */
	s = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s < 0)
		goto fail;
	*master = m;
	*slave = s;
	return 0;
fail:
	s = -errno;
	close(m);
	return s;
}

int nsrun_pty_take(int slave)
{
	/* a session of its own (unless it leads one already), on the pty: its controlling terminal */
	if (getsid(0) != getpid() && setsid() < 0)
		return -errno;
	if (ioctl(slave, TIOCSCTTY, 0) < 0)
		return -errno;
	for (int fd = 0; fd < 3; fd++)
		if (dup2(slave, fd) < 0)
			return -errno;
	if (slave > 2)
		close(slave);
	return 0;
}

void nsrun_tty_winsize(int from, int to)
{
	struct winsize ws;

	if (from >= 0 && to >= 0 && ioctl(from, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
		ioctl(to, TIOCSWINSZ, &ws);
}

int nsrun_fd_send(int sock, char tag, int fd)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct iovec iov = { .iov_base = &tag, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	memset(&u, 0, sizeof(u));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	while (sendmsg(sock, &msg, MSG_NOSIGNAL) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

ssize_t nsrun_fd_recv(int sock, char *buf, size_t size, int *fd)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct iovec iov = { .iov_base = buf, .iov_len = size };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	ssize_t n;

	*fd = -1;
	do
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
		    c->cmsg_len == CMSG_LEN(sizeof(int)))
			memcpy(fd, CMSG_DATA(c), sizeof(int));
	return n;
}

void nsrun_tty_raw(struct nsrun_term *t, int fd)
{
	struct termios raw;

	t->fd = -1;
	if (!isatty(fd) || tcgetattr(fd, &t->saved) < 0)
		return;
	raw = t->saved;
	cfmakeraw(&raw);
	/* output as the container's pty writes it: its own \r\n, no second translation */
	if (tcsetattr(fd, TCSADRAIN, &raw) == 0)
		t->fd = fd;
}

void nsrun_tty_restore(struct nsrun_term *t)
{
	if (t->fd < 0)
		return;
	tcsetattr(t->fd, TCSADRAIN, &t->saved);
	t->fd = -1;
}

int nsrun_copy(int from, int to)
{
	char buf[65536];
	ssize_t n, w, done = 0;

	do
		n = read(from, buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		/* EIO: a pty whose slave every process has closed, the end of it */
		return errno == EIO ? 0 : -errno;
	if (n == 0)
		return 0;
	while (done < n) {
		w = write(to, buf + done, (size_t)(n - done));
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = to, .events = POLLOUT };

			poll(&p, 1, -1);
			continue;
		}
		if (w < 0)
			/* whoever reads is gone: what was read is dropped, the reading goes on */
			return errno == EPIPE || errno == EIO ? (int)n : -errno;
		done += w;
	}
	return (int)n;
}

/*
 * `nsrun exec -t`: the caller's side, while child (the process that waits
 * for the command, inside) lives: the master of the command's pty to
 * stdout, stdin to it with interactive (the terminal raw), the window
 * size kept; the signals that nsrun would get are passed to child, which
 * passes them on (a ^C from a terminal that is not raw too: the command,
 * on a terminal of its own, did not get it). The child's wait status.
 */
int nsrun_pty_relay(pid_t child, int master, bool interactive)
{
	static const int sigs[] = { SIGCHLD, SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGQUIT,
				    SIGUSR1, SIGUSR2 };
	struct nsrun_term term = { .fd = -1 };
	sigset_t set, old;
	int sfd, status = -1, in = interactive ? STDIN_FILENO : -1, out = master;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&set, sigs[i]);
	sigprocmask(SIG_BLOCK, &set, &old);
	sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (interactive)
		nsrun_tty_raw(&term, STDIN_FILENO);
	nsrun_tty_winsize(STDIN_FILENO, master);
	while (status < 0 && sfd >= 0) {
		struct pollfd p[3] = { { .fd = sfd, .events = POLLIN },
				       { .fd = out, .events = POLLIN },
				       { .fd = in, .events = POLLIN } };

		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents && nsrun_copy(out, STDOUT_FILENO) <= 0)
			out = -1;
		if (p[2].revents) {
			char buf[4096];
			ssize_t n = read(in, buf, sizeof(buf));

			if (n > 0 && write(master, buf, (size_t)n) < 0 && errno != EAGAIN)
				in = -1;
			if (n == 0) {
				/* the caller's input ended: an end of file for the command's terminal */
				if (write(master, "\x04", 1) < 0)
					in = -1;
				in = -1;
			}
		}
		if (!(p[0].revents & POLLIN))
			continue;
		for (;;) {
			struct signalfd_siginfo si;
			int st;

			if (read(sfd, &si, sizeof(si)) != (ssize_t)sizeof(si))
				break;
			if (si.ssi_signo == SIGCHLD) {
				if (waitpid(child, &st, WNOHANG) == child)
					status = st;
			} else if (si.ssi_signo == SIGWINCH) {
				nsrun_tty_winsize(STDIN_FILENO, master);
			} else {
				kill(child, (int)si.ssi_signo);
			}
		}
	}
	if (status < 0)
		while (waitpid(child, &status, 0) < 0 && errno == EINTR)
			;
	/* what the command wrote last */
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	while (out >= 0 && nsrun_copy(master, STDOUT_FILENO) > 0)
		;
	nsrun_tty_restore(&term);
	if (sfd >= 0)
		close(sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return status;
}
