// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "runstate.h"

const char *cli_name = "nskit";
int cli_exit_failure = EXIT_FAILURE;

/* common/runstate's word that it ignores a state directory it may not trust */
static void cli_notice(const char *msg)
{
	warnx("%s", msg);
}

/*
 * Why a write to stdout failed, from the first flush that said so: stdio
 * drops the buffer it could not write, so a later flush has nothing left
 * to fail on and only ferror() remembers that something was lost.
 */
static int stdout_errno;

void cli_init(int argc, char **argv)
{
	const char *slash;

	(void)argc;
	atexit(cli_close_stdout);
	/* libsmartcols draws trees with UTF-8 lines when the locale allows */
	setlocale(LC_ALL, "");
	if (argv && argv[0]) {
		slash = strrchr(argv[0], '/');
		cli_name = slash ? slash + 1 : argv[0];
	}
	runstate_notice = cli_notice;
}

void cli_try_help(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", cli_name);
	exit(cli_exit_failure);
}

void cli_version(void)
{
	printf("%s from nskit %s\n", cli_name, NSKIT_VERSION);
	exit(EXIT_SUCCESS);
}

int cli_parse_u64(const char *s, uint64_t *v)
{
	unsigned long long x;
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno || *end)
		return -EINVAL;
	*v = x;
	return 0;
}

int cli_parse_pid(const char *s, pid_t *pid)
{
	uint64_t v;

	if (cli_parse_u64(s, &v) < 0 || v == 0 || v > 0x7fffffff)
		return -EINVAL;
	*pid = (pid_t)v;
	return 0;
}

/* The name of an option for a message: "--json" or "-J". */
static void opt_name(int c, const struct option *lo, char *buf, size_t size)
{
	for (; lo && lo->name; lo++)
		if (lo->val == c) {
			snprintf(buf, size, "--%s", lo->name);
			return;
		}
	snprintf(buf, size, "-%c", c);
}

void cli_exclusive(int c, const struct option *longopts, const struct cli_excl *excl,
		   int *status)
{
	for (int row = 0; excl[row].opts[0]; row++) {
		const int *o = excl[row].opts;

		for (int i = 0; i < CLI_EXCL_MAX && o[i]; i++) {
			if (o[i] != c)
				continue;
			if (status[row] && status[row] != c) {
				char a[64], b[64];

				opt_name(status[row], longopts, a, sizeof(a));
				opt_name(c, longopts, b, sizeof(b));
				errx(cli_exit_failure, "%s and %s are mutually exclusive", a, b);
			}
			status[row] = c;
		}
	}
}

void cli_stdout_failed(int err)
{
	if (!stdout_errno && err > 0)
		stdout_errno = err;
}

int cli_flush_stdout(void)
{
	errno = 0;
	if (fflush(stdout) == 0)
		return 0;
	cli_stdout_failed(errno ? errno : EIO);
	return -stdout_errno;
}

/*
 * Flush f and tell whether everything written to it got through:
 * closestream.h's flush_standard_stream(). At the end the descriptor is
 * closed once (a duplicate of it) because some file systems (NFS) report
 * a failed write only then. 0, or -1 with *why the errno (0: unknown).
 */
static int flush_stream(FILE *f, bool at_exit, int *why)
{
	int fd;

	errno = 0;
	*why = 0;
	if (fflush(f) != 0 || ferror(f))
		goto out_error;
	if (!at_exit)
		return 0;
	fd = fileno(f);
	if (fd < 0 || (fd = dup(fd)) < 0 || close(fd) != 0)
		goto out_error;
	return 0;
out_error:
	*why = errno;
	return -1;
}

/* Report a failed write of stdout once and leave; return if there was none. */
static void check_stdout(bool at_exit)
{
	int why;

	if (flush_stream(stdout, at_exit, &why) == 0)
		return;
	if (stdout_errno)
		why = stdout_errno;
	/* a closed stdout (EBADF) was not meant to be written */
	if (why == EBADF)
		return;
	if (why == EPIPE) {
		/* nobody reads any more: not worth a word, and not an error at the end */
		if (at_exit)
			return;
		_exit(cli_exit_failure);
	}
	if (why)
		fprintf(stderr, "%s: write error: %s\n", cli_name, strerror(why));
	else
		fprintf(stderr, "%s: write error\n", cli_name);
	/* _exit: this may run inside exit(), and nothing else is to be flushed */
	_exit(cli_exit_failure);
}

void cli_check_stdout(void)
{
	check_stdout(false);
}

void cli_close_stdout(void)
{
	int why;

	check_stdout(true);
	if (flush_stream(stderr, true, &why) != 0 && why != EBADF)
		_exit(cli_exit_failure);
}

void cli_die_errno(int rc, const char *fmt, ...)
{
	va_list ap;

	/* what was printed comes first */
	cli_flush_stdout();
	fprintf(stderr, "%s: ", cli_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(rc < 0 ? -rc : rc));
	exit(cli_exit_failure);
}
