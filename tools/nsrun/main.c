// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsrun: start throwaway test containers without Docker. This file holds
 * the subcommand table, messages and shared helpers; run.c is the launcher.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "nsrun.h"
#include "output.h"
#include "procfs.h"

int nsrun_fail_code = EXIT_FAILURE;

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
	exit(nsrun_fail_code);
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
	return rc ? EXIT_FAILURE : EXIT_SUCCESS;
}

void nsrun_try_help(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", cli_name);
	exit(nsrun_fail_code);
}

unsigned long long nsrun_starttime(pid_t pid)
{
	struct proc_stat ps;
	char path[64], buf[1024];
	ssize_t n;
	int fd;

	/* one open and one read: the launcher asks on every start */
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return procfs_parse_stat(buf, (size_t)n, &ps) < 0 ? 0 : ps.starttime;
}

void nsrun_load_or_die(const char *name, struct runstate *st)
{
	int rc;

	if (runstate_valid_name(name) < 0)
		nsrun_die("invalid container name '%s'", name);
	rc = runstate_load(name, st);
	if (rc == -ENOENT)
		nsrun_die("no such container: '%s'", name);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot read the record of container '%s'", name);
}

/*
 * Subcommands as data; anything else is a command to run. tables: prints
 * libsmartcols tables, which draw with the locale's characters; the
 * others skip setlocale(), whose 13 locale files (some 60 system calls
 * and 13 mappings) would be a good part of a container's launch.
 */
static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	int fail_code;
	bool tables;
} subcommands[] = {
	{ "run",	nsrun_cmd_run,		NSRUN_EXIT_FAILED,	false },
	{ "exec",	nsrun_cmd_exec,		NSRUN_EXIT_FAILED,	false },
	{ "ls",		nsrun_cmd_ls,		EXIT_FAILURE,		true },
	{ "ps",		nsrun_cmd_ls,		EXIT_FAILURE,		true },
	{ "inspect",	nsrun_cmd_inspect,	EXIT_FAILURE,		false },
	{ "stop",	nsrun_cmd_stop,		EXIT_FAILURE,		false },
	{ "kill",	nsrun_cmd_kill,		EXIT_FAILURE,		false },
	{ "rm",		nsrun_cmd_rm,		EXIT_FAILURE,		false },
	{ "gc",		nsrun_cmd_gc,		EXIT_FAILURE,		false },
	{ "network",	nsrun_cmd_network,	EXIT_FAILURE,		true },
	{ "rootfs",	nsrun_cmd_rootfs,	EXIT_FAILURE,		false },
};

int main(int argc, char **argv)
{
	const char *slash = argv[0] ? strrchr(argv[0], '/') : NULL;
	int rc;

	/*
	 * cli_init()'s name, without its setlocale() (see above), also for
	 * getopt's messages ("nsrun: unrecognized option"): only the pointer
	 * changes, not what ps shows of a launcher.
	 */
	if (argc > 0 && argv[0]) {
		cli_name = slash ? slash + 1 : argv[0];
		argv[0] = (char *)cli_name;
	}
	if (argc > 1) {
		for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++) {
			char **sub;

			if (strcmp(argv[1], subcommands[i].name) != 0)
				continue;
			if (subcommands[i].tables)
				cli_init(argc, argv);
			nsrun_fail_code = subcommands[i].fail_code;
			/*
			 * The subcommand's options from sub[1] on, and our own
			 * name in sub[0] for getopt's messages; argv itself stays
			 * as it is, being what ps shows of a launcher.
			 */
			sub = calloc((size_t)argc, sizeof(*sub));
			if (!sub)
				nsrun_die("out of memory");
			sub[0] = argv[0];
			for (int j = 2; j < argc; j++)
				sub[j - 1] = argv[j];
			rc = subcommands[i].fn(argc - 1, sub);
			free(sub);
			return rc;
		}
	}
	nsrun_fail_code = NSRUN_EXIT_FAILED;
	return nsrun_cmd_run(argc, argv);
}
