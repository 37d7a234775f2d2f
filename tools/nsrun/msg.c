// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What nsrun says: errors and warnings on stderr in the house format
 * ("nsrun: cannot open '/x': No such file or directory"), the clean-up
 * of a half-made container before a failure exits, and the tables of the
 * listing subcommands. A failure exits with cli_exit_failure, which
 * main() sets per subcommand (NSRUN_EXIT_FAILED for run and exec).
 *
 * The container's side of a launch (child.c) has messages of its own:
 * it reports to the launcher and never exits through here.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "nsrun.h"
#include "output.h"

static void (*die_fn)(void *);
static void *die_data;
static pid_t die_pid;

void nsrun_on_die(void (*fn)(void *), void *data)
{
	die_fn = fn;
	die_data = data;
	die_pid = getpid();
}

static void vmsg(int rc, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", cli_name);
	vfprintf(stderr, fmt, ap);
	if (rc)
		fprintf(stderr, ": %s", strerror(rc < 0 ? -rc : rc));
	fputc('\n', stderr);
}

static void __attribute__((noreturn)) die_now(void)
{
	/* the clean-up of a half-made container, in the process that made it only */
	if (die_fn && getpid() == die_pid) {
		void (*fn)(void *) = die_fn;

		die_fn = NULL;
		fn(die_data);
	}
	exit(cli_exit_failure);
}

void nsrun_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
	die_now();
}

void nsrun_die_errno(int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(rc ? rc : -EIO, fmt, ap);
	va_end(ap);
	die_now();
}

void nsrun_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
}

void nsrun_warn_errno(int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(rc ? rc : -EIO, fmt, ap);
	va_end(ap);
}

struct libscols_table *nsrun_table_new(const struct out_opts *oo, const struct out_column *cols,
				       const int *ids, size_t n)
{
	struct libscols_table *tb = out_table_new(oo);

	if (!tb)
		nsrun_die("out of memory");
	for (size_t i = 0; i < n; i++)
		if (!out_table_add(tb, oo, &cols[ids ? ids[i] : (int)i], 0))
			nsrun_die("out of memory");
	return tb;
}

int nsrun_table_print(struct libscols_table *tb)
{
	int rc = scols_print_table(tb);

	scols_unref_table(tb);
	/* a failed write is said as every tool says it */
	cli_check_stdout();
	return rc ? EXIT_FAILURE : EXIT_SUCCESS;
}
