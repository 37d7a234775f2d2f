// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsrun: start throwaway test containers without Docker. This file holds
 * the subcommand table; run.c is the launcher, msg.c what nsrun says.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "image.h"
#include "nsrun.h"

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
	{ "logs",	nsrun_cmd_logs,		EXIT_FAILURE,		false },
	{ "update",	nsrun_cmd_update,	EXIT_FAILURE,		false },
	{ "stop",	nsrun_cmd_stop,		EXIT_FAILURE,		false },
	{ "kill",	nsrun_cmd_kill,		EXIT_FAILURE,		false },
	{ "rm",		nsrun_cmd_rm,		EXIT_FAILURE,		false },
	{ "gc",		nsrun_cmd_gc,		EXIT_FAILURE,		false },
	{ "network",	nsrun_cmd_network,	EXIT_FAILURE,		true },
	{ "rootfs",	nsrun_cmd_rootfs,	EXIT_FAILURE,		false },
	{ "image",	nsrun_cmd_image,	EXIT_FAILURE,		true },
	{ "images",	nsrun_cmd_images,	EXIT_FAILURE,		true },
	{ "load",	nsrun_cmd_load,		EXIT_FAILURE,		false },
	{ "rmi",	nsrun_cmd_rmi,		EXIT_FAILURE,		false },
	{ "tag",	nsrun_cmd_tag,		EXIT_FAILURE,		false },
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
			cli_exit_failure = subcommands[i].fail_code;
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
	cli_exit_failure = NSRUN_EXIT_FAILED;
	return nsrun_cmd_run(argc, argv);
}
