// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsjoin: run a program in the namespaces of a process, a container, a pod,
 * a named netns or a namespace inode. Command-line compatible with
 * util-linux nsenter(1): the same options do the same thing against the
 * same target. Beyond nsenter: targets by name (common/target), an atomic
 * join through a pidfd, --differing, --mount-proc, signals relayed and the
 * command's death re-raised.
 *
 * Parse, resolve the target, then common/nsenter does the work in the order
 * nsenter.h explains; this file only turns its results into messages and
 * the exit status.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "cli_target.h"
#include "nsenter.h"
#include "procfs.h"
#include "target.h"

/* nsenter's exit codes when the program cannot be run (util-linux's EX_EXEC_*). */
#define EXIT_EXEC_FAILED 126
#define EXIT_EXEC_ENOENT 127

struct nsjoin {
	const char *target_arg;		/* -t */
	ns_mask_t mask;			/* -m -u -i -n -p -U -C -T */
	const char *file[NS_NTYPES];	/* their =FILE arguments */
	bool all;			/* -a */
	bool differing;			/* --differing */
	int sock_fd;			/* -N, or -1 */
	bool no_fork;			/* -F */
	bool follow_context;		/* -Z */
	const char *proc_root;
	const char *host_root;
	struct nsenter_opts o;
	int sock_nsfd;			/* the netns of -N; owned */
};

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fputs("\nUsage:\n", out);
	fprintf(out, " %s [options] [<program> [<argument>...]]\n", cli_name);
	fputs("\nRun a program in the namespaces of a process, a container, a pod, a named\n"
	      "network namespace or a namespace inode.\n", out);
	fputs("\nTarget:\n", out);
	fputs(" -t, --target <target>  PID, container name or id prefix, nsrun name,\n"
	      "                          pod (ns/name, ns/name/container, UID), netns name,\n"
	      "                          namespace (net:[4026532205] or the inode), or file\n", out);
	fputs("\nOptions:\n", out);
	fputs(" -a, --all              enter all namespaces of the target\n", out);
	fputs("     --differing        enter the namespaces in which the target differs\n", out);
	fputs(" -m, --mount[=<file>]   enter mount namespace\n", out);
	fputs(" -u, --uts[=<file>]     enter UTS namespace (hostname etc)\n", out);
	fputs(" -i, --ipc[=<file>]     enter System V IPC namespace\n", out);
	fputs(" -n, --net[=<file>]     enter network namespace\n", out);
	fputs(" -N, --net-socket <fd>  enter the network namespace of a socket (the\n"
	      "                          target's fd with -t, else the caller's own)\n", out);
	fputs(" -p, --pid[=<file>]     enter pid namespace\n", out);
	fputs(" -C, --cgroup[=<file>]  enter cgroup namespace\n", out);
	fputs(" -U, --user[=<file>]    enter user namespace\n", out);
	fputs("     --user-parent      enter the parent user namespace\n", out);
	fputs(" -T, --time[=<file>]    enter time namespace\n", out);
	fputs(" -S, --setuid <uid>     set uid in entered namespace ('follow': the target's)\n",
	      out);
	fputs(" -G, --setgid <gid>     set gid in entered namespace ('follow': the target's)\n",
	      out);
	fputs("     --preserve-credentials do not touch uids or gids\n", out);
	fputs("     --keep-caps        retain capabilities granted in user namespaces\n", out);
	fputs(" -r, --root[=<dir>]     set the root directory\n", out);
	fputs(" -w, --wd[=<dir>]       set the working directory\n", out);
	fputs(" -W, --wdns <dir>       set the working directory in namespace\n", out);
	fputs(" -e, --env              inherit environment variables from target process\n", out);
	fputs(" -F, --no-fork          do not fork before exec'ing <program>\n", out);
	fputs(" -c, --join-cgroup      join the cgroups of the target process\n", out);
	fputs("     --mount-proc       mount a /proc of the entered pid namespace\n", out);
	fputs("     --no-pidfd         enter namespace files one by one, not through a pidfd\n",
	      out);
	fputs("     --proc-root <dir>  find processes under <dir> instead of /proc\n", out);
	fputs("     --host-root <dir>  read container runtime state and /run/netns under <dir>\n",
	      out);
	fputs(" -Z, --follow-context   accepted for nsenter compatibility (no SELinux support)\n",
	      out);
	fputs("\n", out);
	fputs(" -h, --help             display this help\n", out);
	fputs(" -V, --version          display version\n", out);
	fprintf(out, "\nFor more details see nsjoin(1).\n");
	exit(EXIT_SUCCESS);
}

/* "=FILE" from a short option ("-n=/x"), "FILE" from a long one: nsenter strips the '='. */
static const char *opt_file(const char *arg)
{
	if (!arg)
		return NULL;
	return arg[0] == '=' ? arg + 1 : arg;
}

static void set_type(struct nsjoin *nj, char opt, const char *arg)
{
	enum ns_type t = nstype_from_opt(opt);

	nj->mask |= NS_MASK(t);
	nj->file[t] = opt_file(arg);
	if (nj->file[t] && !*nj->file[t])
		errx(EXIT_FAILURE, "empty file name for --%s", nstype_table[t].long_opt);
}

/* -S/-G: a number, or "follow". */
static bool parse_id(const char *arg, const char *what, unsigned int *id)
{
	uint64_t v;

	if (strcmp(arg, "follow") == 0)
		return true;
	if (cli_parse_u64(arg, &v) < 0 || v >= (uint64_t)(unsigned int)-1)
		errx(EXIT_FAILURE, "failed to parse %s '%s'", what, arg);
	*id = (unsigned int)v;
	return false;
}

/*
 * Once a pid namespace is entered, the children of this process are born in
 * it: an atexit handler that forks (LeakSanitizer's, in sanitizer builds)
 * would start its helper there, where it cannot find us, and wait for ever.
 * From then on this process leaves with _exit, stdio flushed and checked
 * as at any exit.
 */
static bool in_pidns;

static void __attribute__((noreturn)) leave(int code)
{
	cli_close_stdout();
	if (in_pidns)
		_exit(code);
	exit(code);
}

/* "nsjoin: <what>: <strerror>", for failures after entering. */
static void __attribute__((noreturn, format(printf, 2, 3))) die_errno(int err, const char *fmt,
									...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err < 0 ? -err : err));
	fputc('\n', stderr);
	leave(EXIT_FAILURE);
}

/* The command died of a signal: so do we, so that our caller sees the same. */
static void __attribute__((noreturn)) die_like(int status)
{
	nsenter_reraise(status);
	/* an exit, or a signal whose default is not to terminate */
	leave(WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ?
	      128 + WTERMSIG(status) : EXIT_FAILURE);
}

static void __attribute__((noreturn)) die_nsenter(const struct nsenter *ctx,
						   const struct target *t)
{
	const struct nsenter_error *e = &ctx->err;
	char msg[768];

	/* what only a process has, asked of a netns or an inode: name the target */
	if (t->label[0] && e->stage == NSENTER_E_NOPROCESS)
		errx(EXIT_FAILURE, "%s has no process to take the %s from", t->label, e->path);
	if (t->label[0] && e->stage == NSENTER_E_NOTARGET)
		errx(EXIT_FAILURE, "%s has no process to take the %s namespace from", t->label,
		     nstype_name(e->type));
	nsenter_strerror(e, msg, sizeof(msg));
	die_errno(nsenter_error_has_errno(e) ? e->err : 0, "%s", msg);
}

static void resolve(struct nsjoin *nj, struct procfs *pfs, struct target *t)
{
	struct target_opts to = {
		.pfs = pfs,
		.sysroot = nj->host_root,
		.types = nj->mask,
	};
	enum ns_type bad;
	ns_mask_t need = 0, kernel;
	int rc;

	rc = target_resolve(nj->target_arg, &to, t);
	if (rc)
		cli_die_target(t, nj->target_arg, rc);
	/* a type asked for without a file must be one the target has */
	for (int type = 0; type < NS_NTYPES; type++) {
		if (!(nj->mask & NS_MASK(type)) || nj->file[type])
			continue;
		if (type == NS_NET && nj->sock_fd >= 0)
			continue;
		if (!(t->types & NS_MASK(type))) {
			/*
			 * An older kernel, or a target without it? The types
			 * the kernel has, from the proc root read (a /proc of
			 * another pid namespace has no "self" for us: then
			 * from our own).
			 */
			if (nsenter_kernel_types(pfs, &kernel) < 0 || !kernel)
				if (nsenter_kernel_types(NULL, &kernel) < 0)
					kernel = NS_MASK_ALL;
			if (!(kernel & NS_MASK(type)))
				errx(EXIT_FAILURE, "the kernel has no %s namespaces",
				     nstype_name(type));
			errx(EXIT_FAILURE, "%s has no %s namespace", t->label, nstype_name(type));
		}
		need |= NS_MASK(type);
	}
	need |= nj->all ? t->types : 0;
	rc = target_open(t, pfs, need, &bad);
	if (rc == -ESRCH)
		errx(EXIT_FAILURE, "%s is gone", t->label);
	if (rc == -ESTALE)
		errx(EXIT_FAILURE, "the %s namespace of %s changed while nsjoin started",
		     nstype_name(bad), t->label);
	if (rc == -ENOTTY)
		errx(EXIT_FAILURE, "'%s' is not a %s namespace", t->path[bad], nstype_name(bad));
	if (rc)
		cli_die_errno(rc, "cannot open '%s'", bad == NS_UNKNOWN ? t->label : t->path[bad]);
}

/* SELinux: nothing to follow when it is off, which we can tell without libselinux. */
static void check_follow_context(void)
{
	struct stat st;

	if (stat("/sys/fs/selinux/enforce", &st) == 0)
		errx(EXIT_FAILURE, "--follow-context: this nsjoin has no SELinux support");
}

/* The program to run: argv, or the default shell as a login shell ("-sh"). */
struct command {
	char *const *argv;
	char shell[PATH_MAX];
	char login[PATH_MAX + 1];
	char *shell_argv[2];
};

/* With no program: the target's shell if its root has one for uid, else $SHELL, else /bin/sh. */
static void find_command(struct command *cmd, char **argv, uid_t uid)
{
	const char *slash;
	int rc;

	cmd->argv = argv;
	if (argv[0])
		return;
	rc = nsenter_default_shell(NULL, uid, getenv("SHELL"), cmd->shell, sizeof(cmd->shell));
	if (rc)
		die_errno(rc, "cannot find a shell");
	/* a login shell, as nsenter runs it */
	slash = strrchr(cmd->shell, '/');
	snprintf(cmd->login, sizeof(cmd->login), "-%s", slash ? slash + 1 : cmd->shell);
	cmd->shell_argv[0] = cmd->login;
	cmd->shell_argv[1] = NULL;
	cmd->argv = cmd->shell_argv;
}

/*
 * One message line with write(2): the child of nsenter_spawn() shares our
 * memory and must not touch stdio's buffers or the heap. An argument
 * longer than any path (a program name of 100 KB) is cut with "...": the
 * line is always said.
 */
static void say(const char *what, const char *arg, int err)
{
	char buf[2 * PATH_MAX];
	size_t alen = arg ? strlen(arg) : 0;
	bool cut = alen > PATH_MAX;
	int n = snprintf(buf, sizeof(buf), "%s: %s%s%.*s%s%s%s%s", cli_name, what,
			 arg ? " '" : "", (int)(cut ? PATH_MAX : alen), arg ? arg : "",
			 cut ? "..." : "", arg ? "'" : "", err ? ": " : "", err ? strerror(err) : "");

	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf) - 1)
		n = (int)sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(STDERR_FILENO, buf, (size_t)n) < 0)
		return;
}

/* Execute it; returns only the exit status of a failure (nsenter's 126 and 127). */
static int exec_command(const struct command *cmd)
{
	const char *path = cmd->argv == cmd->shell_argv ? cmd->shell : cmd->argv[0];
	int rc;

	if (cmd->argv == cmd->shell_argv)
		execv(path, cmd->argv);
	else
		execvp(path, cmd->argv);
	rc = errno;
	say("failed to execute", path, rc);
	return rc == ENOENT ? EXIT_EXEC_ENOENT : EXIT_EXEC_FAILED;
}

struct child {
	struct nsenter *ctx;
	const struct command *cmd;
};

/* In the pid namespace: /proc, credentials, then the program. */
static int run_child(void *p)
{
	struct child *c = p;
	char msg[768];

	if (nsenter_finish(c->ctx)) {
		nsenter_strerror(&c->ctx->err, msg, sizeof(msg));
		say(msg, NULL, nsenter_error_has_errno(&c->ctx->err) ? -c->ctx->err.err : 0);
		return EXIT_FAILURE;
	}
	return exec_command(c->cmd);
}

int main(int argc, char **argv)
{
	enum {
		OPT_PRESERVE_CRED = CHAR_MAX + 1,
		OPT_KEEP_CAPS,
		OPT_USER_PARENT,
		OPT_DIFFERING,
		OPT_MOUNT_PROC,
		OPT_NO_PIDFD,
		OPT_PROC_ROOT,
		OPT_HOST_ROOT,
	};
	static const struct option longopts[] = {
		{ "all",			no_argument,		NULL, 'a' },
		{ "target",			required_argument,	NULL, 't' },
		{ "mount",			optional_argument,	NULL, 'm' },
		{ "uts",			optional_argument,	NULL, 'u' },
		{ "ipc",			optional_argument,	NULL, 'i' },
		{ "net",			optional_argument,	NULL, 'n' },
		{ "net-socket",			required_argument,	NULL, 'N' },
		{ "pid",			optional_argument,	NULL, 'p' },
		{ "cgroup",			optional_argument,	NULL, 'C' },
		{ "user",			optional_argument,	NULL, 'U' },
		{ "time",			optional_argument,	NULL, 'T' },
		{ "user-parent",		no_argument,		NULL, OPT_USER_PARENT },
		{ "setuid",			required_argument,	NULL, 'S' },
		{ "setgid",			required_argument,	NULL, 'G' },
		{ "preserve-credentials",	no_argument,		NULL, OPT_PRESERVE_CRED },
		{ "keep-caps",			no_argument,		NULL, OPT_KEEP_CAPS },
		{ "root",			optional_argument,	NULL, 'r' },
		{ "wd",				optional_argument,	NULL, 'w' },
		{ "wdns",			required_argument,	NULL, 'W' },
		{ "env",			no_argument,		NULL, 'e' },
		{ "no-fork",			no_argument,		NULL, 'F' },
		{ "join-cgroup",		no_argument,		NULL, 'c' },
		{ "follow-context",		no_argument,		NULL, 'Z' },
		{ "differing",			no_argument,		NULL, OPT_DIFFERING },
		{ "mount-proc",			no_argument,		NULL, OPT_MOUNT_PROC },
		{ "no-pidfd",			no_argument,		NULL, OPT_NO_PIDFD },
		{ "proc-root",			required_argument,	NULL, OPT_PROC_ROOT },
		{ "host-root",			required_argument,	NULL, OPT_HOST_ROOT },
		{ "help",			no_argument,		NULL, 'h' },
		{ "version",			no_argument,		NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct cli_excl excl[] = {
		{ { 'W', 'w' } },
		{ { 'a', OPT_DIFFERING } },
		{ { 'F', OPT_MOUNT_PROC } },
		{ { 0 } },
	};
	int excl_st[sizeof(excl) / sizeof(excl[0])] = { 0 };
	struct nsjoin nj = { .sock_fd = -1, .sock_nsfd = -1 };
	struct nsenter_opts *o = &nj.o;
	struct target t;
	struct procfs pfs;
	struct nsenter ctx;
	struct nsenter_child child;
	struct command cmd;
	int c, rc, status;

	cli_init(argc, argv);
	nsenter_opts_init(o);
	target_init(&t);
	/* '+': options end at the program, whose own options are its own */
	while ((c = getopt_long(argc, argv, "+ahVt:m::u::i::n::N:p::C::U::T::S:G:r::w::W:ecFZ",
				longopts, NULL)) != -1) {
		cli_exclusive(c, longopts, excl, excl_st);
		switch (c) {
		case 'a':
			nj.all = true;
			break;
		case 't':
			if (nj.target_arg)
				errx(EXIT_FAILURE, "option --target may be given only once");
			nj.target_arg = optarg;
			break;
		case 'm': case 'u': case 'i': case 'n': case 'p': case 'C': case 'U': case 'T':
			set_type(&nj, (char)c, optarg);
			break;
		case 'N': {
			uint64_t v;

			if (cli_parse_u64(optarg, &v) < 0 || v > INT_MAX)
				errx(EXIT_FAILURE, "failed to parse file descriptor '%s'", optarg);
			nj.sock_fd = (int)v;
			break;
		}
		case OPT_USER_PARENT:
			o->flags |= NSENTER_USER_PARENT;
			break;
		case 'S':
			o->flags |= parse_id(optarg, "uid", &o->uid) ? NSENTER_UID_FOLLOW :
				    NSENTER_SETUID;
			break;
		case 'G':
			o->flags |= parse_id(optarg, "gid", &o->gid) ? NSENTER_GID_FOLLOW :
				    NSENTER_SETGID;
			break;
		case OPT_PRESERVE_CRED:
			o->flags |= NSENTER_PRESERVE_CRED;
			break;
		case OPT_KEEP_CAPS:
			o->flags |= NSENTER_KEEP_CAPS;
			break;
		case 'r':
			o->flags |= NSENTER_ROOT;
			o->root = opt_file(optarg);
			break;
		case 'w':
			o->flags |= NSENTER_WD;
			o->wd = opt_file(optarg);
			break;
		case 'W':
			o->wdns = opt_file(optarg);
			break;
		case 'e':
			o->flags |= NSENTER_ENV;
			break;
		case 'F':
			nj.no_fork = true;
			break;
		case 'c':
			o->flags |= NSENTER_JOIN_CGROUP;
			break;
		case 'Z':
			nj.follow_context = true;
			break;
		case OPT_DIFFERING:
			nj.differing = true;
			o->flags |= NSENTER_DIFFERING;
			break;
		case OPT_MOUNT_PROC:
			o->flags |= NSENTER_MOUNT_PROC;
			break;
		case OPT_NO_PIDFD:
			o->flags |= NSENTER_NO_PIDFD;
			break;
		case OPT_PROC_ROOT:
			nj.proc_root = optarg;
			break;
		case OPT_HOST_ROOT:
			nj.host_root = optarg;
			break;
		case 'h':
			usage();
		case 'V':
			cli_version();
		default:
			cli_try_help();
		}
	}
	if (nj.follow_context)
		check_follow_context();
	if ((nj.all || nj.differing) && !nj.target_arg)
		errx(EXIT_FAILURE, "no target specified for --%s", nj.all ? "all" : "differing");
	if (nj.sock_fd >= 0 && nj.file[NS_NET])
		errx(EXIT_FAILURE, "--net=<file> and --net-socket are mutually exclusive");

	rc = procfs_open(&pfs, nj.proc_root);
	if (rc < 0)
		cli_die_errno(rc, "cannot open '%s'", nj.proc_root ? nj.proc_root : "/proc");

	if (nj.target_arg) {
		resolve(&nj, &pfs, &t);
		o->pid = t.pid;
		o->pidfd = t.pidfd;
		/* namespaces the target gives as files or fds (netns names, inodes) */
		for (int type = 0; type < NS_NTYPES; type++)
			if (t.fd[type] >= 0 && !nj.file[type])
				o->fd[type] = t.fd[type];
		if (nj.all || nj.differing)
			o->all = t.types;
	} else {
		for (int type = 0; type < NS_NTYPES; type++)
			if ((nj.mask & NS_MASK(type)) && !nj.file[type] &&
			    !(type == NS_NET && nj.sock_fd >= 0))
				errx(EXIT_FAILURE, "neither a file nor a target for the %s namespace",
				     nstype_name(type));
		if (o->flags & (NSENTER_ROOT | NSENTER_WD)) {
			if ((o->flags & NSENTER_ROOT) && !o->root)
				errx(EXIT_FAILURE, "--root needs a directory or a target");
			if ((o->flags & NSENTER_WD) && !o->wd)
				errx(EXIT_FAILURE, "--wd needs a directory or a target");
		}
		if (o->flags & (NSENTER_ENV | NSENTER_JOIN_CGROUP | NSENTER_UID_FOLLOW |
				NSENTER_GID_FOLLOW | NSENTER_USER_PARENT))
			errx(EXIT_FAILURE, "no target specified");
	}
	if (nj.sock_fd >= 0) {
		/* with a target, its descriptor: never ours by mistake */
		if (nj.target_arg && !t.pid)
			errx(EXIT_FAILURE, "%s has no process to take socket %d from", t.label,
			     nj.sock_fd);
		/* the target's descriptor needs its pidfd (pidfd_getfd) */
		if (t.pid && t.pidfd < 0)
			errx(EXIT_FAILURE, "--net-socket: no pidfd for %s, its descriptors are "
			     "out of reach", t.label);
		nj.sock_nsfd = nsenter_socket_netns(t.pid ? t.pidfd : -1, nj.sock_fd);
		if (nj.sock_nsfd < 0)
			cli_die_errno(nj.sock_nsfd, "cannot get the network namespace of socket %d%s%s",
				      nj.sock_fd, t.pid ? " of " : "", t.pid ? t.label : "");
		o->fd[NS_NET] = nj.sock_nsfd;
		nj.mask |= NS_MASK(NS_NET);
	}
	for (int type = 0; type < NS_NTYPES; type++)
		o->file[type] = nj.file[type];
	o->mask = nj.mask;
	o->pfs = &pfs;
	if (!nj.mask && !o->all && !nj.differing && !(o->flags & NSENTER_USER_PARENT)) {
		if (nj.target_arg && t.kind != TARGET_PID) {
			/*
			 * A target by name or a namespace, and no namespace
			 * option: "nsjoin -t web1" means into web1, which
			 * nsenter, knowing only PIDs, never had to decide. What
			 * differs is entered, as with --differing.
			 */
			o->all = t.types;
			o->flags |= NSENTER_DIFFERING;
		} else {
			/* As nsenter since util-linux 2.41: nothing to enter is
			 * an error, whatever else was asked (-r, -w, -S...). */
			errx(EXIT_FAILURE, "no namespace specified");
		}
	}
	rc = nsenter_prepare(&ctx, o);
	if (rc)
		die_nsenter(&ctx, &t);
	if ((o->flags & NSENTER_MOUNT_PROC) && !(ctx.mask & NS_MASK(NS_PID)))
		errx(EXIT_FAILURE, "--mount-proc needs a pid namespace to enter (-p)");
	rc = nsenter_enter(&ctx);
	in_pidns = ctx.entered & NS_MASK(NS_PID);
	if (rc)
		die_nsenter(&ctx, &t);	/* half-entered or not, this process goes no further */

	/* the program and the shell are found here, in the root we are in now */
	find_command(&cmd, argv + optind, ctx.set_uid ? ctx.uid : getuid());
	if (nsenter_needs_fork(&ctx) && !nj.no_fork) {
		struct child ch = { &ctx, &cmd };

		rc = nsenter_spawn(&child, run_child, &ch);
		if (rc < 0)
			die_errno(rc, "fork failed");
		nsenter_release(&ctx);
		target_release(&t);
		if (nj.sock_nsfd >= 0)
			close(nj.sock_nsfd);
		procfs_close(&pfs);
		rc = nsenter_wait(&child, &status);
		if (rc)
			die_errno(rc, "waiting for the program failed");
		die_like(status);
	}
	rc = nsenter_finish(&ctx);
	if (rc)
		die_nsenter(&ctx, &t);
	nsenter_release(&ctx);
	target_release(&t);
	if (nj.sock_nsfd >= 0)
		close(nj.sock_nsfd);
	procfs_close(&pfs);
	cli_flush_stdout();
	leave(exec_command(&cmd));
}
