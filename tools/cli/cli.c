// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "runstate.h"

const char *cli_name = "nskit";
int cli_exit_failure = EXIT_FAILURE;

/* common/runstate's word that it ignores a state directory it may not trust */
static void cli_notice(const char *msg)
{
	warnx("%s", msg);
}

void cli_init(int argc, char **argv)
{
	const char *slash;

	(void)argc;
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

void cli_die_errno(int rc, const char *fmt, ...)
{
	va_list ap;

	/* what was printed comes first */
	fflush(stdout);
	fprintf(stderr, "%s: ", cli_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(rc < 0 ? -rc : rc));
	exit(cli_exit_failure);
}
