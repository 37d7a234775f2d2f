// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsdiff: how a container is isolated from the host, or from another
 * container, and what differs inside the namespaces they do not share.
 *
 *   nsdiff A [B]     per type: shared or separate, both inodes, who else
 *                    is in each namespace; -d: what differs inside
 *   nsdiff --all     every container against the host, risky shares flagged
 *
 * The exit status is diff(1)'s: 0 the same, 1 different, 2 trouble. Bad
 * usage is trouble too, as in diff, so that a script can always tell
 * "different" from "could not compare".
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cli.h"
#include "tool.h"

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fputs("\nUsage:\n", out);
	fprintf(out, " %s [options] <A> [<B>]\n", cli_name);
	fprintf(out, " %s --all [options]\n", cli_name);
	fputs("\nCompare the namespaces of two targets: which are shared, which are separate,\n"
	      "and with --deep what differs inside the separate ones. B is the host (the\n"
	      "initial namespaces) unless given. --all shows every container against the host.\n",
	      out);
	fputs("\nTargets:\n", out);
	fputs(" a PID, a container name or id prefix, an nsrun name, a pod (ns/name,\n"
	      " ns/name/container, UID), a netns name, a namespace file or inode\n", out);
	fputs("\nOptions:\n", out);
	fputs(" -d, --deep             what differs inside each separate namespace\n", out);
	fputs(" -a, --all              the isolation matrix of every container\n", out);
	fputs(" -t, --type <list>      only these types (mnt,net,pid,uts,ipc,user,cgroup,time)\n",
	      out);
	fputs(" -J, --json             use JSON output format\n", out);
	fputs(" -q, --quiet            print nothing; the exit status tells\n", out);
	fputs(" -o, --output <list>    the columns to print (--all)\n", out);
	fputs(" -n, --noheadings       don't print headings (--all)\n", out);
	fputs(" -r, --raw              use the raw output format (--all)\n", out);
	fputs("     --color[=<when>]   colorize: auto (default), always or never\n", out);
	fputs("     --proc-root <dir>  read processes from <dir> instead of /proc\n", out);
	fputs("     --host-root <dir>  read container runtime state under <dir> (default /)\n",
	      out);
	fputs("\n", out);
	fputs(" -H, --list-columns     list the columns of --all\n", out);
	fputs(" -h, --help             display this help\n", out);
	fputs(" -V, --version          display version\n", out);
	fputs("\nExit status: 0 the same (--all: no risky share), 1 different (--all: a risky\n"
	      "share), 2 trouble.\n", out);
	fprintf(out, "\nFor more details see nsdiff(1).\n");
	exit(EXIT_SUCCESS);
}

/* -o for --all: the default columns first, for "+LIST" */
static void parse_columns(struct nsdiff_ctx *c, const char *arg)
{
	const char *bad;
	size_t badlen;
	int rc;

	if (!c->all)
		trouble("--output is only for --all");
	for (c->ncols = 0; c->ncols < matrix_ncols; c->ncols++)
		c->cols[c->ncols] = (int)c->ncols;
	c->ncols_default = arg[0] == '+' ? c->ncols : 0;
	rc = out_parse_list(arg, matrix_columns, matrix_ncols, c->cols, &c->ncols,
			    NSDIFF_MAX_COLS, &bad, &badlen);
	if (rc == -EINVAL)
		trouble("unknown column '%.*s'", (int)badlen, bad);
	if (rc < 0)
		trouble("too many columns specified");
}

static void parse_types(struct nsdiff_ctx *c, const char *arg)
{
	const char *bad;
	size_t badlen;
	ns_mask_t m;

	if (nstype_parse_list(arg, &m, &bad, &badlen) < 0)
		trouble("unknown namespace type '%.*s'", (int)badlen, bad);
	if (!c->types_given)
		c->types = 0;
	c->types |= m;
	c->types_given = true;
}

/*
 * A namespace fd per type of two sides, plus the peers' and the pid
 * namespaces' while inspecting: more than the usual 1024 on a host with
 * many containers. The hard limit is ours to take.
 */
static void raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int main(int argc, char **argv)
{
	enum {
		OPT_COLOR = CHAR_MAX + 1,
		OPT_PROC_ROOT,
		OPT_HOST_ROOT,
	};
	static const struct option longopts[] = {
		{ "deep",	no_argument,		NULL, 'd' },
		{ "all",	no_argument,		NULL, 'a' },
		{ "type",	required_argument,	NULL, 't' },
		{ "json",	no_argument,		NULL, 'J' },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "output",	required_argument,	NULL, 'o' },
		{ "noheadings",	no_argument,		NULL, 'n' },
		{ "raw",	no_argument,		NULL, 'r' },
		{ "color",	optional_argument,	NULL, OPT_COLOR },
		{ "proc-root",	required_argument,	NULL, OPT_PROC_ROOT },
		{ "host-root",	required_argument,	NULL, OPT_HOST_ROOT },
		{ "list-columns", no_argument,		NULL, 'H' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct cli_excl excl[] = {
		{ { 'a', 'd' } },
		{ { 'J', 'q', 'r' } },
		{ { 0 } },
	};
	int excl_st[sizeof(excl) / sizeof(excl[0])] = { 0 };
	struct nsdiff_ctx c = { .types = NS_MASK_ALL };
	const char *outarg = NULL;
	bool list_columns = false;
	int color_mode = OUT_COLOR_AUTO, opt, rc, status;

	cli_init(argc, argv);
	cli_exit_failure = NSDIFF_EXIT_TROUBLE;
	while ((opt = getopt_long(argc, argv, "dat:Jqo:nrHhV", longopts, NULL)) != -1) {
		cli_exclusive(opt, longopts, excl, excl_st);
		switch (opt) {
		case 'd':
			c.deep = true;
			break;
		case 'a':
			c.all = true;
			break;
		case 't':
			parse_types(&c, optarg);
			break;
		case 'J':
			c.out.format = OUT_JSON;
			break;
		case 'q':
			c.quiet = true;
			break;
		case 'o':
			outarg = optarg;
			break;
		case 'n':
			c.out.noheadings = true;
			break;
		case 'r':
			c.out.format = OUT_RAW;
			break;
		case OPT_COLOR:
			color_mode = out_color_parse(optarg);
			if (color_mode < 0)
				trouble("invalid color mode '%s'", optarg);
			break;
		case OPT_PROC_ROOT:
			c.proc_root = optarg;
			break;
		case OPT_HOST_ROOT:
			c.host_root = optarg;
			break;
		case 'H':
			list_columns = true;
			break;
		case 'h':
			usage();
		case 'V':
			cli_version();
		default:
			cli_try_help();
		}
	}
	if (list_columns) {
		rc = out_list_columns(stdout, "nsdiff-columns", matrix_columns, matrix_ncols,
				      c.out.format == OUT_RAW, c.out.format == OUT_JSON);
		cli_check_stdout();
		exit(rc ? NSDIFF_EXIT_TROUBLE : EXIT_SUCCESS);
	}
	if (outarg)
		parse_columns(&c, outarg);
	if (c.all) {
		if (optind < argc)
			trouble("--all takes no targets, got '%s'", argv[optind]);
	} else {
		if (optind >= argc) {
			note("no target given");
			cli_try_help();
		}
		if (optind + 2 < argc)
			trouble("unexpected argument '%s'", argv[optind + 2]);
		if (c.out.format == OUT_RAW || c.out.noheadings)
			trouble("%s is only for --all", c.out.format == OUT_RAW ? "--raw" :
				"--noheadings");
		c.a.arg = argv[optind];
		c.b.arg = optind + 1 < argc ? argv[optind + 1] : NULL;
	}
	c.out.color = out_color_enabled(color_mode, STDOUT_FILENO);
	raise_nofile();

	rc = procfs_open(&c.pfs, c.proc_root);
	if (rc < 0)
		cli_die_errno(rc, "cannot open '%s'", c.proc_root ? c.proc_root : "/proc");

	if (c.all) {
		status = matrix_run(&c);
	} else {
		pair_run(&c);
		rc = 0;
		if (!c.quiet)
			rc = c.out.format == OUT_JSON ? render_json(&c, stdout) :
							 render_text(&c, stdout);
		/* a failed write first: "write error", not what it made fail */
		cli_check_stdout();
		if (rc)
			cli_die_errno(rc, "cannot write the output");
		status = c.separate ? NSDIFF_EXIT_DIFFERENT : NSDIFF_EXIT_SAME;
		pair_release(&c);
	}
	procfs_close(&c.pfs);
	return status;
}
