// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The launcher: `nsrun [run] [OPTIONS] [--] CMD [ARG...]`.
 *
 * Everything that can be checked is checked before anything is made
 * (names, specs, paths, limits, namespaces to share), so that bad input
 * costs nothing. Then, in an order that lets `nsrun gc` find whatever a
 * killed launcher leaves: the record (which reserves the name), the
 * network address, the cgroup, the container's first process (clone3
 * with the new namespaces), its uid map, cgroup and veth from outside,
 * and a "go" to the child, which does the rest from inside (child.c).
 * The launcher then supervises: signals are forwarded, the exit status
 * passed on, and everything is removed when the container ends.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/openat2.h>
#include <linux/sched.h>

#include "cli.h"
#include "image.h"
#include "nsfs.h"
#include "nsrun.h"
#include "procfs.h"
#include "sys.h"

/* The signals a launcher forwards to its container; SIGCHLD is its own. */
static const int forwarded[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH };

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fputs("\nUsage:\n", out);
	fprintf(out, " %s [run] [options] [--] [<command> [<argument>...]]\n", cli_name);
	fprintf(out, " %s [run] [options] <image> [<command> [<argument>...]]\n", cli_name);
	fprintf(out, " %s ls|inspect|logs|update|exec|stop|kill|rm|gc ...\n", cli_name);
	fprintf(out, " %s network create|ls|rm ...\n", cli_name);
	fprintf(out, " %s image load|ls|rm|tag ...\n", cli_name);
	fprintf(out, " %s rootfs [--busybox <path>] <directory>\n", cli_name);
	fputs("\nRun a command in a throwaway container: new namespaces, an optional root\n"
	      "file system or image, bridge networks and cgroup limits.\n", out);
	fputs("\nOptions:\n", out);
	fputs(" -d, --detach               run in the background; print the container's name\n", out);
	fputs("     --rm                   remove the container when it ends (a detached one\n"
	      "                              is otherwise kept, ended, until 'nsrun rm')\n", out);
	fputs("     --init                 accepted: nsrun-init is always PID 1\n", out);
	fputs(" -i, --interactive          keep its stdin open (relayed, with -t)\n", out);
	fputs(" -t, --tty                  a pseudo-terminal of its own (-it: the caller's\n"
	      "                              terminal raw, every key the container's)\n", out);
	fputs("     --name <name>          name the container (default: a random id)\n", out);
	fputs("     --hostname <name>      its hostname (default: its name)\n", out);
	fputs("     --rootfs <dir>         its root file system (pivot_root); see 'nsrun rootfs'\n",
	      out);
	fputs("     --image <image>        run an image of the store (or name it first,\n"
	      "                              without --)\n", out);
	fputs("     --entrypoint <cmd>     instead of the image's Entrypoint (and Cmd)\n", out);
	fputs("     --log-opt max-size=<size>  rotate a detached container's logs (1m)\n", out);
	fputs(" -v, --volume <src>:<dst>[:ro]  bind mount <src> at <dst>, read-only with :ro\n", out);
	fputs(" -e, --env <key>[=<value>]  set a variable (without a value: the caller's)\n", out);
	fputs(" -w, --workdir <dir>        the command's working directory\n", out);
	fputs(" -u, --uid <user>[:<group>] the command's user and group (numbers or names)\n", out);
	fputs("     --privileged           keep every capability (default: Docker's set) and\n"
	      "                              let programs gain privileges (no no_new_privs)\n", out);
	fputs("     --cap-add <cap>        add a capability (NET_ADMIN, cap_net_admin; ALL)\n", out);
	fputs("     --cap-drop <cap>       drop a capability (ALL: keep only those added)\n", out);
	fputs("     --security-opt no-new-privileges=false\n"
	      "                            let setuid programs gain privileges\n", out);
	fputs("\nNamespaces: private (new, the default), host, container:<name> or ns:<path>\n", out);
	fputs("     --pid <mode>           process ids\n", out);
	fputs("     --ipc <mode>           System V IPC and POSIX message queues\n", out);
	fputs("     --uts <mode>           hostname\n", out);
	fputs("     --net, --network <mode>\n"
	      "                            network; also none, bridge[:<network>], or the\n"
	      "                              name of a network made with 'network create'\n", out);
	fputs("     --cgroup, --cgroupns <mode>\n"
	      "                            cgroup root\n", out);
	fputs("     --mnt <mode>           mounts\n", out);
	fputs("     --user[=<mode>], --userns <mode>\n"
	      "                            user ids (default: host for root, private for\n"
	      "                              other users)\n", out);
	fputs("     --time[=<mode>], --timens <mode>\n"
	      "                            clocks (default: host)\n", out);
	fputs("\nLimits:\n", out);
	nsrun_limits_usage(out, true);
	fputs("     --cgroup-path <path>   the container's cgroup (default /nskit/<name>)\n", out);
	fputs("\n -h, --help                 display this help\n", out);
	fputs(" -V, --version              display version\n", out);
	fputs("\nSubcommands:\n", out);
	fputs(" ls [-J|-r] [-n] [-o <list>] [-a] [-q]\n"
	      "                            list containers (ps: the same); -q: names only\n", out);
	fputs(" inspect [-f <template>] <name>...\n"
	      "                            a container's details, as JSON, or Docker's fields\n"
	      "                              through a template ('{{.State.Pid}}')\n", out);
	fputs(" update [options] <name>... change the limits of running containers\n", out);
	fputs(" logs [-f] [-n|--tail <lines>] [-t] <name>\n"
	      "                            what a detached container wrote\n", out);
	fputs(" exec [-i] [-t] [-e <key>=<value>] [-w <dir>] [-u <uid>[:<gid>]] <name> "
	      "[<command>...]\n"
	      "                            run a command in a container's namespaces\n", out);
	fputs(" stop [-t <secs>] [-s <signal>] <name>...\n"
	      "                            SIGTERM, then SIGKILL after a timeout (10 s)\n", out);
	fputs(" kill <name> [<signal>]     send a signal (default KILL)\n", out);
	fputs(" rm [-f] <name>...          remove containers that ended (-f: kill first)\n", out);
	fputs(" gc [-q]                    remove ended containers and what killed launchers\n"
	      "                              left\n", out);
	fputs(" network create [--subnet <cidr>] [-d|--driver bridge] <name> | ls [-J|-r] [-n]\n"
	      "  | rm <name>...            bridge networks\n", out);
	fputs(" rootfs [--busybox <path>] <dir>\n"
	      "                            make a minimal busybox root file system\n", out);
	fputs(" image load [-q] [-i] <file>\n"
	      "                            load an OCI layout or a docker save archive (load)\n",
	      out);
	fputs(" images [-q] [-J] [-n] [--no-trunc]\n"
	      "                            list the images (image ls)\n", out);
	fputs(" rmi [-f] <image>...        remove images (image rm)\n", out);
	fputs(" tag <image> <name>         name an image (image tag)\n", out);
	fputs("\nEvery subcommand takes -h, --help.\n", out);
	fprintf(out, "\nState: %s (NSKIT_STATE_DIR). Images: %s (NSKIT_IMAGE_DIR).\n"
		"For more details see nsrun(1).\n", RUNSTATE_DEFAULT_DIR, NSRUN_IMAGE_DEFAULT_DIR);
	exit(EXIT_SUCCESS);
}

/* ------------------------------------------------------------- options */

static void add_env(struct nsrun_opts *o, const char *entry)
{
	size_t keylen = strcspn(entry, "=");
	char **nv;

	/* a later -e replaces an earlier one, or a default, of the same name */
	for (size_t i = 0; i < o->nenv; i++)
		if (strncmp(o->env[i], entry, keylen) == 0 && o->env[i][keylen] == '=') {
			free(o->env[i]);
			o->env[i] = strdup(entry);
			if (!o->env[i])
				nsrun_die("out of memory");
			return;
		}
	nv = realloc(o->env, (o->nenv + 2) * sizeof(*nv));
	if (!nv)
		nsrun_die("out of memory");
	o->env = nv;
	o->env[o->nenv] = strdup(entry);
	if (!o->env[o->nenv])
		nsrun_die("out of memory");
	o->env[++o->nenv] = NULL;
}

static void add_env_kv(struct nsrun_opts *o, const char *k, const char *v)
{
	char *e;

	if (asprintf(&e, "%s=%s", k, v) < 0)
		nsrun_die("out of memory");
	add_env(o, e);
	free(e);
}

static void parse_env_arg(struct nsrun_opts *o, const char *arg)
{
	size_t keylen;
	bool has_value;
	char key[256];
	const char *v;

	if (runspec_parse_env(arg, &keylen, &has_value) < 0 || keylen >= sizeof(key))
		nsrun_die("invalid environment variable '%s'", arg);
	if (has_value) {
		add_env(o, arg);
		return;
	}
	/* -e KEY: the caller's value, and nothing when the caller has none (Docker's way) */
	memcpy(key, arg, keylen);
	key[keylen] = '\0';
	v = getenv(key);
	if (v)
		add_env_kv(o, key, v);
}

static void parse_volume(struct nsrun_opts *o, const char *arg)
{
	struct runspec_volume v;
	struct nsrun_volume *nv;
	char buf[2 * PATH_MAX], *host;
	const char *why;

	if (runspec_parse_volume(arg, buf, sizeof(buf), &v, &why) < 0) {
		if (v.bad)
			nsrun_die("invalid volume '%s': '%s' %s", arg, v.bad, why);
		nsrun_die("invalid volume '%s': %s", arg, why);
	}
	host = realpath(v.host, NULL);
	if (!host)
		nsrun_die_errno(-errno, "cannot use '%s' as a volume", v.host);
	nv = realloc(o->vols, (o->nvols + 1) * sizeof(*nv));
	if (!nv)
		nsrun_die("out of memory");
	o->vols = nv;
	nv[o->nvols].host = host;
	nv[o->nvols].ctr = strdup(v.ctr);
	nv[o->nvols].ro = v.ro;
	if (!nv[o->nvols].ctr)
		nsrun_die("out of memory");
	o->nvols++;
}

static void parse_share(struct nsrun_opts *o, enum ns_type t, const char *opt, const char *arg)
{
	const char *why;

	if (runspec_parse_share(arg, t == NS_NET, &o->share[t], &why) < 0)
		nsrun_die("invalid --%s value '%s': %s", opt, arg, why);
}

/*
 * The mode of --user and --time, whose argument is optional: "--user" alone
 * is "private". getopt takes an optional argument only as "--user=MODE";
 * "--user container:web1", the way the other options are written, would
 * run a command "container:web1". A next word that can only be a mode
 * (container:, ns:) is taken as one; "host" and "private" need the "=",
 * as host(1) is a command.
 */
static const char *optional_mode(int argc, char **argv)
{
	if (optarg)
		return optarg;
	if (optind < argc && (strncmp(argv[optind], "container:", 10) == 0 ||
			      strncmp(argv[optind], "ns:", 3) == 0))
		return argv[optind++];
	return "private";
}

static bool valid_hostname(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > 64 || s[0] == '-' || s[0] == '.')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '.' || *s == '_'))
			return false;
	return true;
}

static void parse_options(struct nsrun_opts *o, int argc, char **argv)
{
	enum {
		OPT_NAME = CHAR_MAX + 1,
		OPT_HOSTNAME,
		OPT_ROOTFS,
		OPT_PRIVILEGED,
		OPT_CAP_ADD,
		OPT_CAP_DROP,
		OPT_SECURITY_OPT,
		OPT_PID,
		OPT_IPC,
		OPT_UTS,
		OPT_NET,
		OPT_CGROUP,
		OPT_MNT,
		OPT_USERNS,
		OPT_TIME,
		OPT_CGROUP_PATH,
		OPT_RM,
		OPT_INIT,
		OPT_LOG_OPT,
		OPT_IMAGE,
		OPT_ENTRYPOINT,
	};
	static const struct option own_longopts[] = {
		{ "detach",		no_argument,		NULL, 'd' },
		{ "name",		required_argument,	NULL, OPT_NAME },
		{ "hostname",		required_argument,	NULL, OPT_HOSTNAME },
		{ "rootfs",		required_argument,	NULL, OPT_ROOTFS },
		{ "volume",		required_argument,	NULL, 'v' },
		{ "env",		required_argument,	NULL, 'e' },
		{ "workdir",		required_argument,	NULL, 'w' },
		{ "uid",		required_argument,	NULL, 'u' },
		{ "privileged",		no_argument,		NULL, OPT_PRIVILEGED },
		{ "cap-add",		required_argument,	NULL, OPT_CAP_ADD },
		{ "cap-drop",		required_argument,	NULL, OPT_CAP_DROP },
		{ "security-opt",	required_argument,	NULL, OPT_SECURITY_OPT },
		{ "pid",		required_argument,	NULL, OPT_PID },
		{ "ipc",		required_argument,	NULL, OPT_IPC },
		{ "uts",		required_argument,	NULL, OPT_UTS },
		{ "net",		required_argument,	NULL, OPT_NET },
		{ "network",		required_argument,	NULL, OPT_NET },
		{ "cgroup",		required_argument,	NULL, OPT_CGROUP },
		{ "cgroupns",		required_argument,	NULL, OPT_CGROUP },
		{ "mnt",		required_argument,	NULL, OPT_MNT },
		{ "user",		optional_argument,	NULL, OPT_USERNS },
		{ "userns",		required_argument,	NULL, OPT_USERNS },
		{ "time",		optional_argument,	NULL, OPT_TIME },
		{ "timens",		required_argument,	NULL, OPT_TIME },
		{ "cgroup-path",	required_argument,	NULL, OPT_CGROUP_PATH },
		{ "rm",			no_argument,		NULL, OPT_RM },
		{ "interactive",	no_argument,		NULL, 'i' },
		{ "tty",		no_argument,		NULL, 't' },
		{ "log-opt",		required_argument,	NULL, OPT_LOG_OPT },
		{ "image",		required_argument,	NULL, OPT_IMAGE },
		{ "entrypoint",		required_argument,	NULL, OPT_ENTRYPOINT },
		{ "init",		no_argument,		NULL, OPT_INIT },
		{ "help",		no_argument,		NULL, 'h' },
		{ "version",		no_argument,		NULL, 'V' },
	};
	/* ours, then the limits' (limits.c), which `nsrun update` takes too */
	static struct option longopts[sizeof(own_longopts) / sizeof(own_longopts[0]) + 32];
	size_t nown = sizeof(own_longopts) / sizeof(own_longopts[0]), nlim = 0;
	int c;

	while (nsrun_limit_longopts[nlim].name)
		nlim++;
	if (nown + nlim + 1 > sizeof(longopts) / sizeof(longopts[0]))
		nsrun_die("too many options");
	memcpy(longopts, own_longopts, sizeof(own_longopts));
	memcpy(longopts + nown, nsrun_limit_longopts, (nlim + 1) * sizeof(longopts[0]));

	/* the defaults: Docker's set of new namespaces */
	for (int t = 0; t < NS_NTYPES; t++)
		o->share[t].kind = SHARE_PRIVATE;
	o->share[NS_TIME].kind = SHARE_HOST;
	o->share[NS_USER].kind = geteuid() == 0 ? SHARE_HOST : SHARE_PRIVATE;

	/* "+": the command's own options are not ours */
	while ((c = getopt_long(argc, argv, "+dv:e:w:u:m:ithV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->detach = true;
			break;
		case 'i':
			o->interactive = true;
			break;
		case 't':
			o->tty = true;
			break;
		case OPT_IMAGE:
			o->image = optarg;
			break;
		case OPT_ENTRYPOINT:
			o->entrypoint = optarg;
			break;
		case OPT_LOG_OPT:
			/* Docker's json-file option; its others (max-file...) nsrun has as fixed */
			if (strncmp(optarg, "max-size=", 9) != 0 ||
			    runspec_parse_size(optarg + 9, &o->log_max) < 0 || o->log_max < 4096)
				nsrun_die("invalid --log-opt '%s': expected max-size=SIZE (at least "
					  "4k)", optarg);
			break;
		case OPT_NAME:
			if (runstate_valid_name(optarg) < 0)
				nsrun_die("invalid container name '%s': use 1 to %d letters, digits "
					  "and . _ -, not starting with . or -", optarg,
					  RUNSTATE_NAME_MAX - 1);
			snprintf(o->name, sizeof(o->name), "%s", optarg);
			break;
		case OPT_HOSTNAME:
			if (!valid_hostname(optarg))
				nsrun_die("invalid hostname '%s'", optarg);
			o->hostname = optarg;
			break;
		case OPT_ROOTFS: {
			struct stat sb;

			free(o->rootfs);
			o->rootfs = realpath(optarg, NULL);
			if (!o->rootfs)
				nsrun_die_errno(-errno, "cannot use '%s' as a root file system",
						optarg);
			if (stat(o->rootfs, &sb) < 0 || !S_ISDIR(sb.st_mode))
				nsrun_die("cannot use '%s' as a root file system: not a directory",
					  optarg);
			if (strcmp(o->rootfs, "/") == 0)
				nsrun_die("--rootfs '/' is the host's root: leave --rootfs out");
			break;
		}
		case 'v':
			parse_volume(o, optarg);
			break;
		case 'e':
			parse_env_arg(o, optarg);
			break;
		case 'w':
			if (optarg[0] != '/')
				nsrun_die("invalid --workdir '%s': not an absolute path", optarg);
			o->workdir = optarg;
			break;
		case 'u':
			if (runspec_parse_user(optarg, &o->user) < 0)
				nsrun_die("invalid --uid '%s': expected USER[:GROUP], numbers or names",
					  optarg);
			o->have_user = true;
			break;
		case OPT_PRIVILEGED:
			o->privileged = true;
			break;
		case OPT_CAP_ADD:
		case OPT_CAP_DROP:
			if (runspec_caps_set(&o->caps, optarg, c == OPT_CAP_ADD) < 0)
				nsrun_die("invalid --%s '%s': unknown capability", c == OPT_CAP_ADD ?
					  "cap-add" : "cap-drop", optarg);
			break;
		case OPT_SECURITY_OPT: {
			const char *why;
			bool nnp;

			if (runspec_parse_security_opt(optarg, &nnp, &why) < 0)
				nsrun_die("invalid --security-opt '%s': %s", optarg, why);
			o->new_privs = !nnp;
			break;
		}
		case OPT_PID:
			parse_share(o, NS_PID, "pid", optarg);
			break;
		case OPT_IPC:
			parse_share(o, NS_IPC, "ipc", optarg);
			break;
		case OPT_UTS:
			parse_share(o, NS_UTS, "uts", optarg);
			break;
		case OPT_NET:
			parse_share(o, NS_NET, "net", optarg);
			break;
		case OPT_CGROUP:
			parse_share(o, NS_CGROUP, "cgroup", optarg);
			break;
		case OPT_MNT:
			parse_share(o, NS_MNT, "mnt", optarg);
			break;
		case OPT_USERNS:
			parse_share(o, NS_USER, "user", optional_mode(argc, argv));
			break;
		case OPT_TIME:
			parse_share(o, NS_TIME, "time", optional_mode(argc, argv));
			break;
		case 'm':
			nsrun_limit_option(&o->limits, NSRUN_LIMIT_MEMORY, optarg);
			break;
		case NSRUN_LIMIT_OPT_BASE ... NSRUN_LIMIT_OPT_BASE + 31:
			nsrun_limit_option(&o->limits, c - NSRUN_LIMIT_OPT_BASE, optarg);
			break;
		case OPT_CGROUP_PATH:
			if (cgroup_valid_path(optarg) < 0)
				nsrun_die("invalid --cgroup-path '%s': expected an absolute path "
					  "without . or .. components", optarg);
			o->cgroup_path = optarg;
			break;
		case OPT_RM:
			o->rm = true;
			break;
		case OPT_INIT:
			/* Docker's tini: nsrun-init is every container's PID 1 (but with --pid shared) */
			break;
		case 'h':
			usage();
		case 'V':
			cli_version();
		default:
			cli_try_help();
		}
	}
	o->argv = argv + optind;
	/* what follows "--" is a command of the host's, whatever it is named */
	o->dashdash = optind > 1 && strcmp(argv[optind - 1], "--") == 0;
}

/* ---------------------------------------------------------- validation */

/*
 * The namespaces of another container, or behind a path, for sharing:
 * opened now, while the caller's view is the host's, and checked to be of
 * the right type (ns:/etc/passwd must not be taken for a namespace).
 */
static int open_shared_ns(struct nsrun_launch *l, enum ns_type t)
{
	const struct runspec_share *sh = &l->o->share[t];
	enum ns_type got;
	int fd, rc;

	if (sh->kind == SHARE_CONTAINER) {
		struct runstate st;
		struct procfs pfs;

		nsrun_load_or_die(sh->arg, &st);
		rc = procfs_open(&pfs, NULL);
		if (rc < 0)
			nsrun_die_errno(rc, "cannot open '/proc'");
		if (!runstate_alive(&st, &pfs) || strcmp(st.state, RUNSTATE_CREATING) == 0) {
			procfs_close(&pfs);
			nsrun_die("container '%s' is not running", sh->arg);
		}
		/* Security: the record names the process; its cgroup says it is the container's */
		if (!nsrun_in_its_cgroup(&st)) {
			procfs_close(&pfs);
			nsrun_die("process %d of container '%s' is not in its cgroup '%s'",
				  (int)st.pid, sh->arg, st.cgroup);
		}
		fd = procfs_open_ns(&pfs, st.pid, t);
		procfs_close(&pfs);
		if (fd < 0)
			nsrun_die_errno(fd, "cannot open the %s namespace of container '%s'",
					nstype_name(t), sh->arg);
		/*
		 * Its network, its names: Docker's --net=container: shares
		 * /etc/hosts too, the file nsrun keeps current for that network.
		 */
		if (t == NS_NET && st.network[0] && l->o->share[NS_MNT].kind == SHARE_PRIVATE &&
		    runstate_hosts_path(st.name, l->hosts_path, sizeof(l->hosts_path)) == 0)
			l->hosts_fd = runstate_hosts_open(st.name);
		return fd;
	}
	fd = open(sh->arg, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		nsrun_die_errno(-errno, "cannot open '%s'", sh->arg);
	rc = nsfs_get_nstype(fd, &got);
	if (rc < 0 || got != t) {
		close(fd);
		nsrun_die("'%s' is not a %s namespace", sh->arg, nstype_name(t));
	}
	return fd;
}

static void random_name(char *buf, size_t size)
{
	unsigned char r[6];

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		/* no entropy yet: the clock and pid are unique enough for a name */
		unsigned long long x = (unsigned long long)time(NULL) ^
				       ((unsigned long long)getpid() << 20);

		memcpy(r, &x, sizeof(r));
	}
	snprintf(buf, size, "%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3], r[4], r[5]);
}

static void validate(struct nsrun_launch *l)
{
	struct nsrun_opts *o = l->o;
	enum runspec_share_kind net = o->share[NS_NET].kind;

	l->rootless = geteuid() != 0;
	l->caller_uid = getuid();
	l->caller_gid = getgid();
	if (o->hostname && o->share[NS_UTS].kind != SHARE_PRIVATE)
		nsrun_die("--hostname needs a uts namespace of the container's own (--uts private)");
	if (o->share[NS_MNT].kind != SHARE_PRIVATE) {
		if (o->rootfs)
			nsrun_die("--rootfs needs a mount namespace of the container's own");
		if (o->image)
			nsrun_die("an image needs a mount namespace of the container's own, for its "
				  "root");
		if (o->nvols)
			nsrun_die("--volume needs a mount namespace of the container's own");
		if (net == SHARE_BRIDGE)
			nsrun_die("--net bridge needs a mount namespace of the container's own, for "
				  "its /etc/hosts");
	}
	if (net == SHARE_BRIDGE && l->rootless)
		nsrun_die("--net bridge needs root: its veth and bridge live in the host's "
			  "network namespace");
	if (net == SHARE_BRIDGE && o->share[NS_NET].named) {
		struct runstate_net rn;
		const char *name = o->share[NS_NET].arg;

		/* Docker's --network NAME: one made with network create (checked again when joined) */
		if (runstate_net_load(name, &rn) == -ENOENT)
			nsrun_die("network '%s' not found: create it with 'nsrun network create %s' (or "
				  "write --net bridge:%s to have it made for the container)", name, name,
				  name);
	}
	if (o->cgroup_path && l->rootless)
		nsrun_die("--cgroup-path needs root");
	if (cgroup_limits_ctrls(&o->limits.cg) && l->rootless)
		nsrun_die("--memory, --cpus and the other cgroup limits need root (a cgroup of the "
			  "container's own)");
	nsrun_limits_check(&o->limits, net == SHARE_BRIDGE);
	if (o->detach && !o->argv[0] && !o->tty && !o->interactive)
		nsrun_die("--detach needs a command, or -i or -t: a shell without a terminal or "
			  "input ends at once");
	if (!o->name[0])
		random_name(o->name, sizeof(o->name));
	for (int t = 0; t < NS_NTYPES; t++) {
		enum runspec_share_kind k = o->share[t].kind;

		l->ns_fd[t] = -1;
		if (k == SHARE_PRIVATE || k == SHARE_NONE || k == SHARE_BRIDGE)
			l->create |= NS_MASK(t);
		else if (k == SHARE_CONTAINER || k == SHARE_PATH)
			l->ns_fd[t] = open_shared_ns(l, t);
	}
	/*
	 * Security: without root, namespaces can be made only by an owner
	 * of a user namespace, made for the container or joined (the kernel
	 * would say EPERM, which reads like unprivileged user namespaces
	 * being disabled).
	 */
	if (l->rootless && o->share[NS_USER].kind == SHARE_HOST && l->create)
		nsrun_die("--user=host needs root to make namespaces: a rootless container has a "
			  "user namespace of its own (the default) or another's (--user=container:)");
	/* the cgroup namespace is made by the child, once it is in its cgroup */
	l->new_proc = o->share[NS_PID].kind != SHARE_HOST && o->share[NS_MNT].kind == SHARE_PRIVATE;
}

/*
 * The signals this process ignores, from /proc/self/status (SigIgn): the
 * command resets only those, in one system call each, instead of all 64
 * (its launch waits for that). All ones when it cannot be read.
 */
static uint64_t ignored_signals(void)
{
	unsigned long long mask;
	char *buf, *p;
	size_t len;

	if (procfs_read_at(AT_FDCWD, "/proc/self/status", 1 << 16, &buf, &len) < 0)
		return ~0ull;
	p = strstr(buf, "\nSigIgn:");
	if (!p || sscanf(p + 8, "%llx", &mask) != 1)
		mask = ~0ull;
	free(buf);
	return mask;
}

/* The container's environment: Docker's defaults, then -e in order. */
static void default_env(struct nsrun_opts *o, const char *hostname, char **image_env)
{
	char **given = o->env;
	size_t ngiven = o->nenv;
	const char *term = getenv("TERM");

	o->env = NULL;
	o->nenv = 0;
	add_env(o, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
	add_env_kv(o, "HOSTNAME", hostname);
	/* systemd's convention for "you are in a container", as podman sets it */
	add_env(o, "container=nsrun");
	if (term)
		add_env_kv(o, "TERM", term);
	else if (o->tty)
		add_env(o, "TERM=xterm");	/* Docker's, for a terminal of its own */
	/* the image's Env over the defaults, -e over both, as Docker */
	for (size_t i = 0; image_env && image_env[i]; i++)
		add_env(o, image_env[i]);
	for (size_t i = 0; i < ngiven; i++) {
		add_env(o, given[i]);
		free(given[i]);
	}
	free(given);
}

/*
 * The image, if the container runs one: named by --image, or by the first
 * word without "--" (Docker's `run IMAGE [CMD]`) when that is an image of
 * the store, else it is a command of the host's. Its config applies
 * (Entrypoint and Cmd, WorkingDir, User; its Env in default_env()),
 * --entrypoint, -w, -u and a command given override them, as Docker's do.
 */
static struct nsrun_image image;

static void resolve_image(struct nsrun_opts *o)
{
	const struct imgspec_config *c = &image.config;
	size_t n = 0, ne = 0, nc = 0;
	char **cmd, **argv;
	int rc;

	if (o->image) {
		rc = nsrun_image_find(o->image, 4, &image);
	} else {
		char why[PATH_MAX + 128];

		if (o->dashdash || !o->argv[0] || o->rootfs)
			return;
		/* a store that may not be used holds no image, and the word is a command */
		rc = nsrun_store_try(why, sizeof(why));
		if (rc == -ENOENT)
			return;
		if (rc < 0) {
			nsrun_warn("ignoring the images: %s", why);
			return;
		}
		/* an id by a prefix of Docker's short length: "dd" is a command, not an image */
		rc = nsrun_image_find(o->argv[0], 12, &image);
		if (rc == -ENOENT || rc == -ENOTUNIQ)
			return;
		o->image = *o->argv++;
	}
	if (rc == -ENOENT)
		nsrun_die("no such image: '%s' (nsrun images lists them; nsrun image load FILE adds "
			  "one)", o->image);
	if (rc == -ENOTUNIQ)
		nsrun_die("'%s' is the prefix of several images' ids", o->image);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot read image '%s' of image store '%s'", o->image,
				nsrun_store_dir());
	if (o->rootfs)
		nsrun_die("--rootfs and an image exclude each other: the image is the root");
	o->image_id = image.id;
	o->image_root = image.rootfs;
	/* Entrypoint, then the command given or Cmd; --entrypoint drops Cmd, as Docker's does */
	cmd = o->argv[0] ? o->argv : o->entrypoint ? NULL : c->cmd;
	if (o->entrypoint)
		ne = o->entrypoint[0] ? 1 : 0;
	else
		while (c->entrypoint && c->entrypoint[ne])
			ne++;
	while (cmd && cmd[nc])
		nc++;
	if (!ne && !nc)
		nsrun_die("image '%s' has no command (neither Entrypoint nor Cmd): give one",
			  o->image);
	argv = calloc(ne + nc + 1, sizeof(*argv));
	if (!argv)
		nsrun_die("out of memory");
	if (o->entrypoint && ne)
		argv[n++] = (char *)o->entrypoint;
	else
		for (size_t i = 0; i < ne; i++)
			argv[n++] = c->entrypoint[i];
	for (size_t i = 0; i < nc; i++)
		argv[n++] = cmd[i];
	o->argv = argv;
	if (!o->workdir && c->workdir)
		o->workdir = c->workdir;
	if (!o->have_user && c->user) {
		if (runspec_parse_user(c->user, &o->user) < 0)
			nsrun_die("image '%s' has a User that is not one: '%s'", o->image, c->user);
		o->have_user = true;
	}
}

/* The value of PATH in the container's environment, or the default's. */
static const char *env_path(const struct nsrun_opts *o)
{
	for (size_t i = 0; i < o->nenv; i++)
		if (strncmp(o->env[i], "PATH=", 5) == 0)
			return o->env[i] + 5;
	return "/usr/local/bin:/usr/bin:/bin";
}

/* Is there an executable file cmd in a directory of path, under rootfd (as its root)? */
static bool command_exists(int rootfd, const char *path, const char *cmd)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT };

	for (const char *dir = path, *end;; dir = end + 1) {
		char file[PATH_MAX];
		struct stat sb;
		int len, fd;

		end = strchrnul(dir, ':');
		len = (int)(end - dir);
		if (len && snprintf(file, sizeof(file), "%.*s/%s", len, dir, cmd) < (int)sizeof(file)) {
			fd = sys_openat2(rootfd, file, &how, sizeof(how));
			if (fd >= 0) {
				bool ok = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
					  (sb.st_mode & 0111);

				close(fd);
				if (ok)
					return true;
			}
		}
		if (!*end)
			return false;
	}
}

/*
 * Without "--", a first word that is neither a subcommand (main.c), nor
 * an image, nor a command that the container can run, is most likely a
 * subcommand mistyped, or one of Docker's that nsrun lacks: said so,
 * rather than run and reported as a command not found. A path ("./x")
 * is a command, whatever there is.
 */
static void check_command(const struct nsrun_opts *o)
{
	const char *cmd = o->argv[0];
	int rootfd;
	bool found;

	if (o->dashdash || o->image || !cmd || !*cmd || strchr(cmd, '/'))
		return;
	rootfd = open(o->rootfs ? o->rootfs : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return;
	found = command_exists(rootfd, env_path(o), cmd);
	close(rootfd);
	if (found)
		return;
	cli_exit_failure = NSRUN_EXIT_NOT_FOUND;
	nsrun_die("'%s' is not an nsrun command, an image or a command", cmd);
}

/*
 * nsrun-init (tools/nsrun-init.c), which the container's first process
 * becomes once the command runs: opened now, while the host's files are
 * in reach (the container may pivot into a root of its own). Found from
 * where nsrun itself is, so that an installed tree works wherever it was
 * installed or copied (PREFIX and DESTDIR given only to `make install`, a
 * package, an image), else where the build said it would be installed.
 */
static const char *const init_paths[] = {
	"nsrun-init",			/* beside nsrun: a build tree */
	"../libexec/nskit/nsrun-init",	/* below a prefix: bin/nsrun, libexec/nskit/ */
};

static void open_init(struct nsrun_launch *l)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];
	struct stat sb;

	l->init_fd = -1;
	if (!(l->create & NS_MASK(NS_PID)))
		return;
	if (cli_exe_dir(dir, sizeof(dir)) < 0)
		dir[0] = '\0';
	for (size_t i = 0; dir[0] && i < sizeof(init_paths) / sizeof(init_paths[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, init_paths[i]);
		l->init_fd = open(path, O_PATH | O_CLOEXEC);
		if (l->init_fd >= 0)
			break;
	}
	if (l->init_fd < 0)
		l->init_fd = open(NSKIT_LIBEXECDIR "/nsrun-init", O_PATH | O_CLOEXEC);
	if (l->init_fd < 0)
		nsrun_die("cannot find 'nsrun-init', the init of its containers: not beside "
			  "'%s', nor in '%s/../libexec/nskit' or '%s'", dir, dir, NSKIT_LIBEXECDIR);
	if (fstat(l->init_fd, &sb) < 0 || !S_ISREG(sb.st_mode))
		nsrun_die("nsrun-init, the init of its containers, is not a file");
}

/* ----------------------------------------------------------- teardown */

/* nsrun_die()'s hook: undo a half-made container, whatever stage it got to. */
static void launch_abort(void *data)
{
	struct nsrun_launch *l = data;

	nsrun_tty_restore(&l->term);
	if (l->child > 0 && !l->child_reaped) {
		if (l->child_pidfd >= 0)
			sys_pidfd_send_signal(l->child_pidfd, SIGKILL, NULL, 0);
		else
			kill(l->child, SIGKILL);
		while (waitpid(l->child, NULL, 0) < 0 && errno == EINTR)
			;
		l->child_reaped = true;
	}
	if (l->record_made) {
		int rc = nsrun_teardown(&l->st, false, l->have_cg ? &l->cg : NULL, NULL);

		if (rc < 0)
			nsrun_warn_errno(rc, "cannot remove all of container '%s' (try 'nsrun gc')",
					 l->st.name);
		l->record_made = false;
	}
}

/* ------------------------------------------------------------- launch */

static void fill_command(struct runstate *st, char **argv)
{
	size_t len = 0;

	st->command[0] = '\0';
	for (size_t i = 0; argv[i]; i++) {
		/* newlines would forge lines of the record: shown as spaces */
		for (const char *p = argv[i]; *p && len + 2 < sizeof(st->command); p++)
			st->command[len++] = (*p == '\n' || *p == '\r') ? ' ' : *p;
		if (argv[i + 1] && len + 2 < sizeof(st->command))
			st->command[len++] = ' ';
	}
	st->command[len] = '\0';
}

/* The record that reserves the name; pid is the launcher's until the child runs. */
static void reserve(struct nsrun_launch *l)
{
	struct runstate *st = &l->st;
	int rc;

	/* st is zero already (static storage): a memset would fault in its every page */
	snprintf(st->name, sizeof(st->name), "%s", l->o->name);
	st->pid = getpid();
	st->starttime = nsrun_starttime(st->pid);
	st->launcher = st->pid;
	st->launcher_start = st->starttime;
	snprintf(st->state, sizeof(st->state), "%s", RUNSTATE_CREATING);
	st->created = (long long)time(NULL);
	st->created_ns = l->create;
	for (int t = 0; t < NS_NTYPES; t++) {
		const struct runspec_share *sh = &l->o->share[t];
		size_t n = strlen(st->joined);

		if (sh->kind == SHARE_CONTAINER)
			snprintf(st->joined + n, sizeof(st->joined) - n, "%s%s=%s", n ? "," : "",
				 nstype_name(t), sh->arg);
		if (sh->kind == SHARE_HOST)
			st->host_ns |= NS_MASK(t);
	}
	st->auto_remove = l->o->rm;
	st->tty = l->o->tty;
	st->open_stdin = l->o->interactive;
	/* a detached container's output is kept; a foreground one's goes to its caller */
	st->logs = l->o->detach;
	if (l->o->image) {
		snprintf(st->image, sizeof(st->image), "%s", l->o->image);
		snprintf(st->image_id, sizeof(st->image_id), "%s", l->o->image_id);
	}
	snprintf(st->hostname, sizeof(st->hostname), "%s",
		 l->o->hostname ? l->o->hostname : l->o->name);
	if (l->o->rootfs)
		snprintf(st->rootfs, sizeof(st->rootfs), "%s", l->o->rootfs);
	if (l->o->workdir)
		snprintf(st->workdir, sizeof(st->workdir), "%s", l->o->workdir);
	/*
	 * The cgroup it is to have, named before it is made: whenever this
	 * launcher is killed, gc knows of it (with nothing made yet, said by
	 * an empty cgroup_made: see cgroup_ours() in lifecycle.c). Only the
	 * default one: a --cgroup-path may exist before, and then is not ours.
	 */
	if (!l->rootless && !l->o->cgroup_path)
		snprintf(st->cgroup, sizeof(st->cgroup), "%s/%s", NSRUN_CGROUP_PARENT, st->name);
	fill_command(st, l->o->argv);
	rc = runstate_create(st);
	if (rc == -EEXIST) {
		struct runstate old;
		struct procfs pfs;
		bool alive = false;

		if (runstate_load(st->name, &old) == 0 && procfs_open(&pfs, NULL) == 0) {
			alive = runstate_alive(&old, &pfs) || runstate_launcher_alive(&old, &pfs);
			procfs_close(&pfs);
		}
		if (alive)
			nsrun_die("the container name '%s' is already in use", st->name);
		nsrun_die("the container name '%s' is taken by a container that has ended: run "
			  "'nsrun rm %s' or 'nsrun gc'", st->name, st->name);
	}
	if (rc < 0)
		nsrun_die_errno(rc, "cannot write the record of container '%s' in '%s'", st->name,
				runstate_dir());
	l->record_made = true;
}

static void save(struct nsrun_launch *l)
{
	int rc = runstate_save(&l->st);

	if (rc < 0)
		nsrun_die_errno(rc, "cannot write the record of container '%s'", l->st.name);
}

/*
 * The container's own cgroup. Root always gets one (that is how nsls and
 * nstop tell containers apart); an unprivileged caller can neither make
 * one nor ask for limits (validate() refused those).
 */
static void make_cgroup(struct nsrun_launch *l)
{
	struct nsrun_opts *o = l->o;
	char rel[PATH_MAX], failed[PATH_MAX];
	int rc;

	if (l->rootless)
		return;
	rc = cgroup_layout_detect(&l->cg);
	if (rc == -ENOENT && !cgroup_limits_ctrls(&o->limits.cg) && !o->cgroup_path) {
		l->st.cgroup[0] = '\0';	/* none to have: the next save says so */
		return;
	}
	if (rc < 0)
		nsrun_die_errno(rc, "cannot find the cgroup hierarchies");
	if (o->cgroup_path)
		snprintf(rel, sizeof(rel), "%s", o->cgroup_path);
	else
		snprintf(rel, sizeof(rel), "%s/%s", NSRUN_CGROUP_PARENT, o->name);
	failed[0] = '\0';
	/* "/nskit" is nsrun's: it goes with the last container, so own 2 levels */
	rc = cgroup_create(&l->cg, rel, o->cgroup_path ? 1 : 2, &o->limits.cg, &l->cg_made, failed,
			   sizeof(failed));
	/*
	 * The name is ours in this state directory (the record says so), so
	 * a /nskit/NAME that exists is another state directory's container
	 * (NSKIT_STATE_DIR), or a leftover that gc removes if it is empty.
	 * Either way not ours: the clean-up on the way out leaves it alone.
	 */
	if (rc == -EEXIST) {
		l->st.cgroup[0] = '\0';
		nsrun_die("cgroup '%s' exists already%s", rel,
			  o->cgroup_path ? "" : " (a container of that name in another state "
						"directory, or a leftover: 'nsrun gc' removes it if "
						"empty)");
	}
	if (rc == -EOPNOTSUPP && strchr(failed, '.'))
		nsrun_die("--memory-swap needs the kernel's swap accounting: '%s' is missing",
			  failed);
	if (rc == -EOPNOTSUPP)
		nsrun_die("no cgroup hierarchy has the %s controller", failed);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot set up cgroup '%s' ('%s')", rel, failed);
	/* recorded at once: from here on, gc must know to remove it */
	snprintf(l->st.cgroup, sizeof(l->st.cgroup), "%s", rel);
	cgroup_made_format(&l->cg, &l->cg_made, l->st.cgroup_made, sizeof(l->st.cgroup_made));
	l->have_cg = true;
	save(l);
}

static long clone3_raw(struct clone_args *args)
{
	return syscall(SYS_clone3, args, sizeof(*args));
}

/* What the helper of spawn_in_userns() tells the launcher. */
struct spawn_report {
	pid_t pid;		/* the container's first process; 0 on failure */
	int err;		/* -errno of the failure */
	int type;		/* the namespace type that could not be joined, or -1 */
};

/* The order in which the helper joins shared namespaces: the mount namespace last. */
static const enum ns_type join_order[] = { NS_PID, NS_IPC, NS_UTS, NS_NET, NS_CGROUP, NS_TIME,
					   NS_MNT };

static void __attribute__((noreturn)) helper_report(int fd, pid_t pid, int err, int type)
{
	struct spawn_report r = { .pid = pid, .err = err, .type = type };

	/* the launcher reads a short report as a failure: nothing else to do about it */
	if (write(fd, &r, sizeof(r)) != (ssize_t)sizeof(r))
		_exit(NSRUN_EXIT_FAILED);
	_exit(0);
}

/*
 * The helper of spawn_in_userns(): join, clone the container's first
 * process as the launcher's child, report its pid, exit. It never returns
 * into the launcher's code, nor runs its exit handlers.
 */
static void __attribute__((noreturn)) userns_helper(struct nsrun_launch *l, uint64_t flags,
						     int fd)
{
	struct clone_args args = { 0 };
	ns_mask_t later = 0;
	long pid;

	/* the launcher's end of the socket: the child must see it close when the launcher dies */
	close(l->sock);
	l->sock = -1;
	/*
	 * First what root may join from the host's user namespace, and could
	 * not from inside the other (a namespace of the host's, --net=ns:...);
	 * EPERM is for an unprivileged caller, who may join its own user
	 * namespace's namespaces once inside it.
	 */
	for (size_t i = 0; i < sizeof(join_order) / sizeof(join_order[0]); i++) {
		enum ns_type t = join_order[i];

		if (l->ns_fd[t] < 0)
			continue;
		if (sys_setns(l->ns_fd[t], nstype_table[t].clone_flag) == 0)
			continue;
		if (errno != EPERM)
			helper_report(fd, 0, -errno, t);
		later |= NS_MASK(t);
	}
	if (sys_setns(l->ns_fd[NS_USER], CLONE_NEWUSER) < 0)
		helper_report(fd, 0, -errno, NS_USER);
	for (size_t i = 0; i < sizeof(join_order) / sizeof(join_order[0]); i++) {
		enum ns_type t = join_order[i];

		if ((later & NS_MASK(t)) && sys_setns(l->ns_fd[t], nstype_table[t].clone_flag) < 0)
			helper_report(fd, 0, -errno, t);
	}
	/* joined: the child has nothing left to join (it runs on a copy of this l) */
	for (int t = 0; t < NS_NTYPES; t++) {
		if (l->ns_fd[t] >= 0)
			close(l->ns_fd[t]);
		l->ns_fd[t] = -1;
	}
	/*
	 * CLONE_PARENT: the launcher's child, which it waits for, reaps and
	 * whose death it sees; its parent-death signal follows the launcher.
	 * The exit signal is the helper's own, SIGCHLD: clone3 wants none given.
	 */
	args.flags = flags | CLONE_PARENT;
	pid = clone3_raw(&args);
	if (pid == 0) {
		close(fd);
		nsrun_child(l);
	}
	helper_report(fd, pid > 0 ? (pid_t)pid : 0, pid > 0 ? 0 : -errno, -1);
}

/*
 * --user=container:NAME or ns:PATH: the namespaces made for the container
 * must belong to that user namespace, so they must be made by a process
 * inside it. Joining it costs a process its privileges in the host's user
 * namespace, which the launcher still needs (cgroups, veths, records), so
 * a helper process joins and clones the container's first process, which
 * the launcher then looks after as if it had cloned it itself.
 */
static void spawn_in_userns(struct nsrun_launch *l, uint64_t flags)
{
	struct spawn_report r = { 0, -EIO, -1 };
	int p[2], status;
	pid_t helper;
	ssize_t n;

	if (pipe2(p, O_CLOEXEC) < 0)
		nsrun_die_errno(-errno, "cannot create a pipe");
	helper = fork();
	if (helper < 0)
		nsrun_die_errno(-errno, "cannot fork");
	if (helper == 0) {
		close(p[0]);
		userns_helper(l, flags, p[1]);
	}
	close(p[1]);
	do
		n = read(p[0], &r, sizeof(r));
	while (n < 0 && errno == EINTR);
	close(p[0]);
	while (waitpid(helper, &status, 0) < 0 && errno == EINTR)
		;
	if (n != (ssize_t)sizeof(r))
		r = (struct spawn_report){ 0, -EIO, -1 };
	if (r.pid > 0) {
		l->child = r.pid;
		/* our child (CLONE_PARENT), so its pid cannot be reused before we reap it */
		l->child_pidfd = sys_pidfd_open(r.pid, 0);
		if (l->child_pidfd < 0)
			nsrun_die_errno(-errno, "cannot open a pidfd of the container");
		return;
	}
	if (r.type == NS_USER)
		nsrun_die_errno(r.err, "cannot join the user namespace of '%s'",
				l->o->share[NS_USER].arg);
	if (r.type >= 0 && r.type < NS_NTYPES)
		nsrun_die_errno(r.err, "cannot join the %s namespace of '%s'", nstype_name(r.type),
				l->o->share[r.type].arg);
	nsrun_die_errno(r.err, "cannot create the container's namespaces in the user namespace "
			"of '%s'", l->o->share[NS_USER].arg);
}

/* The first steps of a child that shares the launcher's memory. */
static int shared_vm_child(void *arg)
{
	struct nsrun_launch *l = arg;

	/* the launcher's end, in the child's own fd table (l->sock is the launcher's to keep) */
	close(l->sock);
	nsrun_child(l);
}

/*
 * The stack of a child that shares the launcher's memory: reserved as
 * large as a main thread's usual limit and filled in only as it is used,
 * with a page at the bottom that faults instead of letting an overflow
 * write into the launcher's memory. Never unmapped: the container's init
 * runs on it for as long as the launcher lives.
 */
static void *shared_vm_stack(size_t size)
{
	long page = sysconf(_SC_PAGESIZE);
	char *stack;

	stack = mmap(NULL, size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		nsrun_die_errno(-errno, "cannot map a stack for the container's first process");
	if (mprotect(stack, (size_t)page, PROT_NONE) < 0)
		nsrun_die_errno(-errno, "cannot protect the stack of the container's first process");
	return stack;
}

/*
 * clone3 with the container's flags. Where it can, the child shares the
 * launcher's memory instead of getting a copy of it. A copy is the
 * dearest part of a launch: every page that either side writes after the
 * clone faults and is copied, the child faults in the code of every
 * library function it calls first, and its copy is torn down again when
 * it ends. Sharing takes about a quarter off `nsrun -- true`
 * (docs/BENCHMARKS.md), and costs a discipline that nsrun_child() and
 * the launcher keep between them:
 *   - until the child's word, the two never run at once: the child runs
 *     while the launcher waits on the socket, and the launcher does its
 *     part (uid map, cgroups, veth) while the child waits for the go;
 *   - the child's word is a failure, its death, or the end of the socket
 *     at its exec (of the command when there is no init, else of
 *     nsrun-init once it has started the command), which gives it memory
 *     of its own: after it, nothing is shared;
 *   - the child writes nothing of the launcher's that the launcher reads
 *     later (it keeps what it needs in locals, closes fds in its own
 *     table, and leaves environ alone), and nsrun is linked with
 *     -z now, so that no lazy binding writes the GOT behind either.
 * Not with a time namespace, made or joined: the kernel switches a
 * process's clocks (its vDSO data) with its memory, which must then be
 * its own. Nor where clone3 cannot call a function on a new stack (see
 * sys_clone3_fn): the child then works on a copy, as it may.
 *
 * Security: from the command's exec to the init's, the command runs
 * beside a process whose memory is the launcher's; whoever could write
 * it (ptrace, /proc/PID/mem, process_vm_writev) would run code as the
 * launcher, outside the container. Those need the memory to be dumpable
 * or CAP_SYS_PTRACE in the host's user namespace: it is non-dumpable
 * until the child's word (dumpability belongs to the memory, so the
 * launcher's too, and the command's process says so again after its
 * change of uid, which may reset it). An unprivileged caller keeps a copy:
 * newuidmap, which maps its user namespace, refuses a process whose
 * /proc files are root's, as a non-dumpable process's are.
 */
static long clone_child(struct nsrun_launch *l, struct clone_args *args)
{
	static const size_t stack_size = 8 << 20;
	long pid;
	int e;

	l->shared_vm = !l->rootless && !(l->create & NS_MASK(NS_TIME)) && l->ns_fd[NS_TIME] < 0;
	if (l->shared_vm) {
		struct clone_args vm = *args;
		char *stack = shared_vm_stack(stack_size);

		l->dumpable = prctl(PR_GET_DUMPABLE);
		if (prctl(PR_SET_DUMPABLE, 0) < 0)
			nsrun_die_errno(-errno, "cannot make nsrun's memory non-dumpable");

		vm.flags |= CLONE_VM;
		vm.stack = (uint64_t)(uintptr_t)stack;
		vm.stack_size = stack_size;
		pid = sys_clone3_fn(&vm, sizeof(vm), shared_vm_child, l);
		if (pid >= 0)
			return pid;
		e = errno;
		munmap(stack, stack_size);
		prctl(PR_SET_DUMPABLE, l->dumpable);
		errno = e;
		if (e != ENOSYS)
			return -1;
		l->shared_vm = false;
	}
	pid = clone3_raw(args);
	if (pid == 0) {
		close(l->sock);
		l->sock = -1;
		nsrun_child(l);
	}
	return pid;
}

/*
 * The container's first process, born in its new namespaces. Its pid
 * namespace, when shared, is entered here: setns() on a pid namespace
 * moves only the children to come, so the launcher takes the namespace
 * for its child and goes back to its own right after.
 */
static void spawn(struct nsrun_launch *l)
{
	struct clone_args args = { 0 };
	int self_pid = -1, pidfd = -1, cgfd;
	uint64_t flags = CLONE_PIDFD;
	int sv[2];
	long pid;

	for (int t = 0; t < NS_NTYPES; t++) {
		/* the child makes its cgroup namespace itself, once it is in its cgroup */
		if (!(l->create & NS_MASK(t)) || t == NS_CGROUP)
			continue;
		flags |= (uint64_t)nstype_table[t].clone_flag;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		nsrun_die_errno(-errno, "cannot create a socket pair");
	l->sock = sv[0];
	l->child_sock = sv[1];
	if (l->ns_fd[NS_PID] >= 0 && l->ns_fd[NS_USER] < 0) {
		self_pid = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
		if (self_pid < 0)
			nsrun_die_errno(-errno, "cannot open '/proc/self/ns/pid'");
		if (sys_setns(l->ns_fd[NS_PID], CLONE_NEWPID) < 0)
			nsrun_die_errno(-errno, "cannot join the pid namespace of '%s'",
					l->o->share[NS_PID].arg);
	}
	/*
	 * Does the child wait for the launcher's go? Only if the launcher has
	 * something to do for it first: its uid map, a v1 cgroup to move it
	 * into, a veth. Otherwise it goes on at once (its copy of this flag
	 * says so), and a launch costs one round trip less.
	 */
	l->need_go = (l->create & NS_MASK(NS_USER)) || l->bridge;
	for (size_t h = 0; l->have_cg && h < l->cg.n; h++)
		if (l->cg_made.levels[h] && !l->cg.hier[h].v2)
			l->need_go = true;
	if (l->ns_fd[NS_USER] >= 0) {
		/* the launcher moves it into its cgroups, and must before it goes on */
		l->need_go = true;
		spawn_in_userns(l, flags & ~(uint64_t)CLONE_PIDFD);
		close(l->child_sock);
		l->child_sock = -1;
		return;
	}
	args.flags = flags;
	args.pidfd = (uint64_t)(uintptr_t)&pidfd;
	args.exit_signal = SIGCHLD;
	/*
	 * Born in its v2 cgroup (Linux 5.7): moving a process in later makes
	 * the kernel wait for a grace period, the dearest step of a launch.
	 */
	cgfd = l->have_cg ? cgroup_open_v2(&l->cg, l->st.cgroup) : -1;
	/*
	 * Made a moment ago, gone now (the gc of another state directory took
	 * it for a leftover): the container must not start outside it.
	 */
	if (cgfd == -ENOENT && l->cg.n && l->cg.hier[0].v2 && !l->cg.fake && l->cg_made.levels[0])
		nsrun_die("cgroup '%s' vanished before the container could start in it",
			  l->st.cgroup);
	if (cgfd >= 0) {
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)cgfd;
	}
	pid = clone_child(l, &args);
	if (pid < 0 && cgfd >= 0 && (errno == EINVAL || errno == E2BIG || errno == EOPNOTSUPP)) {
		/* an older kernel: born outside, moved in by attach_cgroup() before go */
		l->need_go = true;
		args.flags &= ~(uint64_t)CLONE_INTO_CGROUP;
		args.cgroup = 0;
		close(cgfd);
		cgfd = -1;
		pid = clone_child(l, &args);
	}
	if (pid > 0 && cgfd >= 0)
		l->born_in_cgroup = true;
	if (self_pid >= 0) {
		/*
		 * Going back cannot fail for a namespace that is the caller's
		 * own; if it did, later children would be born in the wrong one.
		 */
		if (sys_setns(self_pid, CLONE_NEWPID) < 0)
			nsrun_die_errno(-errno, "cannot return to its own pid namespace");
		close(self_pid);
	}
	if (pid < 0) {
		int e = -errno;

		if (e == -EPERM && l->rootless)
			nsrun_die_errno(e, "cannot create namespaces (are unprivileged user "
					   "namespaces disabled?)");
		nsrun_die_errno(e, "cannot create the container's namespaces");
	}
	if (cgfd >= 0)
		close(cgfd);
	l->child = (pid_t)pid;
	l->child_pidfd = pidfd;
	close(l->child_sock);
	if (!l->shared_vm)
		l->child_sock = -1;
}

/* The user namespace's maps (userns.c): root's, or a rootless container's. */
static void write_maps(struct nsrun_launch *l)
{
	int rc;

	if (!(l->create & NS_MASK(NS_USER)))
		return;
	rc = nsrun_userns_map(l->child, l->rootless, l->caller_uid, l->caller_gid);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot write the user namespace's id maps");
}

static void attach_cgroup(struct nsrun_launch *l)
{
	char failed[PATH_MAX];
	int rc;

	if (!l->have_cg)
		return;
	rc = cgroup_attach(&l->cg, l->st.cgroup, &l->cg_made, l->child, l->born_in_cgroup, failed,
			   sizeof(failed));
	if (rc < 0)
		nsrun_die_errno(rc, "cannot move the container into its cgroup ('%s')", failed);
}

static void attach_network(struct nsrun_launch *l)
{
	char path[64];
	int fd, rc, lock;

	if (!l->bridge)
		return;
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)l->child);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		nsrun_die_errno(-errno, "cannot open '%s'", path);
	rc = nsrun_net_attach(l, fd);
	close(fd);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot connect container '%s' to network '%s'", l->st.name,
				l->net.name);
	/* its hosts file before it starts, and its name into everyone else's */
	lock = nsrun_lock();
	rc = nsrun_net_refresh_hosts(l->net.name);
	runstate_unlock(lock);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot write the hosts files of network '%s'", l->net.name);
}

static void send_byte(struct nsrun_launch *l, char c)
{
	while (send(l->sock, &c, 1, MSG_NOSIGNAL) < 0) {
		if (errno == EINTR)
			continue;
		/* the child died: its status tells what happened */
		return;
	}
}

/*
 * Wait for the child's word: failed (it printed why), or the end of the
 * socket at its exec, of the command when there is no init of ours, else
 * of nsrun-init once the command runs (or at its death, which the
 * supervision sees).
 */
static void wait_ready(struct nsrun_launch *l)
{
	char msg[2];
	ssize_t n;
	int fd;

	for (;;) {
		n = nsrun_fd_recv(l->sock, msg, sizeof(msg), &fd);
		/* -t: the master of the pty the child made, before it goes on to the command */
		if (n >= 1 && msg[0] == NSRUN_MSG_PTY && fd >= 0 && l->pty < 0) {
			l->pty = fd;
			continue;
		}
		if (fd >= 0)
			close(fd);
		break;
	}
	if (n >= 1 && msg[0] == NSRUN_MSG_FAIL) {
		int code = n == 2 ? (unsigned char)msg[1] : NSRUN_EXIT_FAILED;
		int status;

		while (waitpid(l->child, &status, 0) < 0 && errno == EINTR)
			;
		l->child_reaped = true;
		launch_abort(l);
		exit(code);
	}
	if (l->o->tty && l->pty < 0 && !l->child_reaped)
		nsrun_die("container '%s' gave no pseudo-terminal", l->st.name);
}

/*
 * The command's standard streams (see struct nsrun_launch): made before
 * the clone, the child's ends given to the command by the child.
 */
static void setup_io(struct nsrun_launch *l)
{
	struct nsrun_opts *o = l->o;
	int out[2], err[2], in[2], rc;

	for (int i = 0; i < 3; i++)
		l->io[i] = -1;
	if (!o->detach)
		return;
	rc = nsrun_log_open(&l->log, l->st.name, o->log_max);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot make the logs of container '%s'", l->st.name);
	l->logs = true;
	if (o->tty)
		return;	/* its pty is all three */
	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0)
		nsrun_die_errno(-errno, "cannot make the pipes of container '%s'", l->st.name);
	l->out_r = out[0];
	l->err_r = err[0];
	l->io[1] = out[1];
	l->io[2] = err[1];
	l->io[0] = l->devnull;
	if (o->interactive) {
		/* stdin open, with nothing to read yet: as docker run -di keeps it */
		if (pipe2(in, O_CLOEXEC) < 0)
			nsrun_die_errno(-errno, "cannot make a pipe");
		l->io[0] = in[0];
		l->stdin_w = in[1];
	}
}

/* After the clone: the child has its ends, the launcher needs them no more. */
static void close_child_io(struct nsrun_launch *l)
{
	for (int i = 0; i < 3; i++)
		if (l->io[i] >= 0 && l->io[i] != l->devnull)
			close(l->io[i]);
}

static void mark_running(struct nsrun_launch *l)
{
	unsigned long long start = nsrun_starttime(l->child);

	l->st.pid = l->child;
	/* a command as quick as `true` may be gone already: its record is then dead at once */
	l->st.starttime = start;
	snprintf(l->st.state, sizeof(l->st.state), "%s", RUNSTATE_RUNNING);
	save(l);
}

/* ---------------------------------------------------------- supervision */

static int exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return NSRUN_EXIT_FAILED;
}

/*
 * Until the container ends: forward signals, reap. A signal the kernel
 * sent (si_code SI_KERNEL: ^C or a hangup from the terminal) reached the
 * whole foreground process group, the container's processes included, and
 * is not sent twice.
 */
static int supervise(struct nsrun_launch *l, const sigset_t *set)
{
	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(set, &si), status;
		pid_t p;

		if (sig < 0) {
			if (errno == EINTR)
				continue;
			nsrun_die_errno(-errno, "cannot wait for signals");
		}
		if (sig == SIGCHLD) {
			while ((p = waitpid(-1, &status, WNOHANG)) > 0)
				if (p == l->child) {
					l->child_reaped = true;
					return exit_code(status);
				}
			continue;
		}
		if (si.si_code == SI_KERNEL)
			continue;
		sys_pidfd_send_signal(l->child_pidfd, sig, NULL, 0);
	}
}

/* What one relay of supervise_io() reads from, and where it goes. */
struct relay {
	int fd;			/* -1 once it ended */
	int to;			/* copied there (a foreground pty's output: stdout), or -1 */
	int stream;		/* or logged as this stream: 1 stdout, 2 stderr */
};

/* Read what fd has: copied or logged. 1, 0 at its end, -EAGAIN when there is nothing yet. */
static int relay_once(struct nsrun_launch *l, struct relay *r)
{
	char buf[65536];
	ssize_t n;

	if (r->to >= 0) {
		n = nsrun_copy(r->fd, r->to);
		return n > 0 ? 1 : n == -EAGAIN ? -EAGAIN : 0;
	}
	do
		n = read(r->fd, buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	if (n > 0) {
		nsrun_log_write(&l->log, r->stream, buf, (size_t)n);
		return 1;
	}
	return n < 0 && errno == EAGAIN ? -EAGAIN : 0;
}

/*
 * supervise() for a container with streams to look after: its logs, its
 * pty. Signals come through a signalfd, beside the streams. With -t, the
 * container's terminal is its pty, not the caller's: the caller's ^C (a
 * terminal without -i is not raw) reached only us, and is passed on; a
 * change of the caller's window size goes to the pty, whose kernel side
 * tells the command.
 */
static int supervise_io(struct nsrun_launch *l, const sigset_t *set)
{
	struct relay rel[3];
	int nrel = 0, sfd, status = -1, in = -1;

	sfd = signalfd(-1, set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0)
		nsrun_die_errno(-errno, "cannot wait for signals");
	if (l->pty >= 0)
		rel[nrel++] = (struct relay){ l->pty, l->o->detach ? -1 : STDOUT_FILENO, 1 };
	if (l->out_r >= 0)
		rel[nrel++] = (struct relay){ l->out_r, -1, 1 };
	if (l->err_r >= 0)
		rel[nrel++] = (struct relay){ l->err_r, -1, 2 };
	if (l->pty >= 0 && l->o->interactive && !l->o->detach)
		in = STDIN_FILENO;
	while (status < 0) {
		struct pollfd p[5];
		int np = 0, ipoll = -1, rpoll[3];

		p[np++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		if (in >= 0) {
			ipoll = np;
			p[np++] = (struct pollfd){ .fd = in, .events = POLLIN };
		}
		for (int i = 0; i < nrel; i++) {
			rpoll[i] = -1;
			if (rel[i].fd < 0)
				continue;
			rpoll[i] = np;
			p[np++] = (struct pollfd){ .fd = rel[i].fd, .events = POLLIN };
		}
		if (poll(p, (nfds_t)np, -1) < 0) {
			if (errno == EINTR)
				continue;
			nsrun_die_errno(-errno, "cannot wait for container '%s'", l->st.name);
		}
		for (int i = 0; i < nrel; i++)
			if (rpoll[i] >= 0 && p[rpoll[i]].revents && relay_once(l, &rel[i]) == 0) {
				/* its end; a pty's master stays open, for the command's slave */
				if (rel[i].fd != l->pty)
					close(rel[i].fd);
				rel[i].fd = -1;
			}
		if (ipoll >= 0 && p[ipoll].revents) {
			char buf[4096];
			ssize_t n = read(in, buf, sizeof(buf));

			if (n > 0) {
				if (write(l->pty, buf, (size_t)n) < 0 && errno != EAGAIN)
					in = -1;
			} else if (n == 0 || errno != EINTR) {
				/* the caller's input ended: an end of file for the command's terminal */
				if (write(l->pty, "\x04", 1) < 0)
					in = -1;
				in = -1;
			}
		}
		if (!(p[0].revents & POLLIN))
			continue;
		for (;;) {
			struct signalfd_siginfo si;
			int st;
			pid_t pid;

			if (read(sfd, &si, sizeof(si)) != (ssize_t)sizeof(si))
				break;
			if (si.ssi_signo == SIGCHLD) {
				while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
					if (pid == l->child) {
						l->child_reaped = true;
						status = exit_code(st);
					}
				continue;
			}
			if (si.ssi_signo == SIGWINCH && l->pty >= 0 && !l->o->detach) {
				nsrun_tty_winsize(STDIN_FILENO, l->pty);
				continue;
			}
			/* the terminal's signals reached the container too, unless it has a pty */
			if (si.ssi_code == SI_KERNEL && l->pty < 0)
				continue;
			sys_pidfd_send_signal(l->child_pidfd, (int)si.ssi_signo, NULL, 0);
		}
	}
	/* what is left in the streams, written before the end: read, without waiting */
	for (int i = 0; i < nrel; i++) {
		if (rel[i].fd < 0)
			continue;
		fcntl(rel[i].fd, F_SETFL, fcntl(rel[i].fd, F_GETFL) | O_NONBLOCK);
		while (relay_once(l, &rel[i]) > 0)
			;
		close(rel[i].fd);
	}
	l->pty = l->out_r = l->err_r = -1;
	close(sfd);
	return status;
}

/*
 * --detach: the launcher goes on in a new session, and this process, the
 * front, waits for its word that the container runs, then prints the name
 * and exits (like `docker run -d` with the id). The launcher must be the
 * container's parent, which is why it is the one that stays.
 */
static int detach(struct nsrun_launch *l)
{
	int p[2], status;
	pid_t pid;
	char c;
	ssize_t n;

	if (pipe2(p, O_CLOEXEC) < 0)
		nsrun_die_errno(-errno, "cannot create a pipe");
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		nsrun_die_errno(-errno, "cannot fork");
	if (pid == 0) {
		close(p[0]);
		/* a session of its own: no terminal, no ^C from the caller's shell */
		setsid();
		/*
		 * The front may die at any time (^C, a kill, a timeout): writing
		 * to its pipe, or to a stderr it was reading, must fail with
		 * EPIPE rather than kill the launcher half-way, which would leave
		 * everything it made. The command gets SIGPIPE back (child.c
		 * resets what is in ignored).
		 */
		signal(SIGPIPE, SIG_IGN);
		l->ignored |= 1ull << (SIGPIPE - 1);
		return p[1];
	}
	close(p[1]);
	do
		n = read(p[0], &c, 1);
	while (n < 0 && errno == EINTR);
	if (n == 1 && c == NSRUN_MSG_READY) {
		printf("%s\n", l->o->name);
		return -1;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			exit(NSRUN_EXIT_FAILED);
	exit(WIFEXITED(status) ? WEXITSTATUS(status) : NSRUN_EXIT_FAILED);
}

int nsrun_cmd_run(int argc, char **argv)
{
	static struct nsrun_opts opts;
	static struct nsrun_launch launch;
	struct nsrun_launch *l = &launch;
	struct nsrun_ended ended;
	sigset_t set, old;
	bool oom;
	int rc;

	l->o = &opts;
	l->child_pidfd = -1;
	l->sock = l->child_sock = -1;
	l->report_fd = -1;
	l->hosts_fd = -1;
	l->out_r = l->err_r = l->stdin_w = l->pty = -1;
	l->term.fd = -1;
	parse_options(&opts, argc, argv);
	resolve_image(&opts);
	/* before anything reads a record (validate(): container:NAME) or the front goes */
	nsrun_state_open();
	validate(l);
	nsrun_caps_prepare(l);
	default_env(&opts, opts.hostname ? opts.hostname : opts.name, image.config.env);
	check_command(&opts);
	if (!opts.argv[0]) {
		/* like unshare(1): the caller's shell, or the container's */
		static char *shell[2];
		const char *sh = getenv("SHELL");

		shell[0] = (char *)(opts.rootfs || !sh || !*sh ? "/bin/sh" : sh);
		opts.argv = shell;
	}
	l->ignored = ignored_signals();
	l->devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (l->devnull < 0)
		nsrun_die_errno(-errno, "cannot open '/dev/null'");
	open_init(l);

	if (opts.detach) {
		l->report_fd = detach(l);
		if (l->report_fd < 0)
			exit(EXIT_SUCCESS);	/* the front, after the launcher's word */
		/* stdout and stdin are the caller's: a $(nsrun -d) must not wait for us */
		dup2(l->devnull, STDIN_FILENO);
		dup2(l->devnull, STDOUT_FILENO);
	}

	/* an ignored SIGCHLD (the caller's) would have the kernel reap the container for us */
	signal(SIGCHLD, SIG_DFL);
	/* Signals wait in line from here; the child unblocks them for the command. */
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaddset(&set, forwarded[i]);
	if (sigprocmask(SIG_BLOCK, &set, &old) < 0)
		nsrun_die_errno(-errno, "cannot block signals");
	l->errfd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);

	nsrun_on_die(launch_abort, l);
	reserve(l);
	if (opts.share[NS_NET].kind == SHARE_BRIDGE) {
		l->bridge = true;
		rc = nsrun_net_prepare(l);
		if (rc < 0)
			nsrun_die_errno(rc, "cannot prepare network '%s'",
					opts.share[NS_NET].arg[0] ? opts.share[NS_NET].arg :
								    NSRUN_DEFAULT_NETWORK);
	}
	if (opts.image) {
		nsrun_overlay_prepare(l);
		save(l);
	}
	setup_io(l);
	make_cgroup(l);
	spawn(l);
	close_child_io(l);
	if (l->need_go) {
		/* the launcher's part, while the child waits for it (nothing to do otherwise) */
		write_maps(l);
		attach_cgroup(l);
		attach_network(l);
		send_byte(l, NSRUN_MSG_GO);
	}
	/*
	 * A detached launch reports success only once the command runs, and
	 * a launcher whose memory the child shares must leave it alone until
	 * then. A foreground launch with a child of its own learns of a
	 * failure from the exit status (125, 126, 127: the child printed
	 * why), and need not wait for the word.
	 */
	if (opts.detach || l->shared_vm || opts.tty)
		wait_ready(l);
	l->child_sock = -1;
	/* nothing is shared any more (see clone_child) */
	if (l->shared_vm && l->dumpable > 0)
		prctl(PR_SET_DUMPABLE, l->dumpable);
	mark_running(l);

	if (l->report_fd >= 0) {
		char c = NSRUN_MSG_READY;

		/*
		 * The front died before it learnt that the container runs
		 * (EPIPE): nobody was told its name, and the start is undone as
		 * a failed one would be. Once the word is out, the container is
		 * detached: nothing that happens to the front concerns it.
		 */
		if (write(l->report_fd, &c, 1) != 1)
			nsrun_die_errno(-errno, "the waiting nsrun went away before container '%s' "
					"ran: removed", l->st.name);
		close(l->report_fd);
		l->report_fd = -1;
		/*
		 * From now on no terminal of the caller's is kept open, nor its
		 * directory busy (a daemon's manners: the container has its own).
		 */
		if (chdir("/") < 0)
			nsrun_warn_errno(-errno, "cannot change directory to '/'");
		dup2(l->devnull, STDERR_FILENO);
	}
	if (l->errfd >= 0)
		close(l->errfd);
	l->errfd = -1;

	/* docker run -it: every key the caller types goes to the container as typed */
	if (opts.tty && opts.interactive && !opts.detach)
		nsrun_tty_raw(&l->term, STDIN_FILENO);
	if (l->pty >= 0 || l->logs)
		l->exit_status = supervise_io(l, &set);
	else
		l->exit_status = supervise(l, &set);
	nsrun_tty_restore(&l->term);
	nsrun_log_close(&l->log);
	nsrun_on_die(NULL, NULL);
	oom = nsrun_oom_verdict(l, l->exit_status);
	/*
	 * A detached container is kept once it has ended, its exit status
	 * and logs with it, until `nsrun rm` or gc (as Docker keeps one),
	 * unless --rm; a foreground one's caller has seen its end.
	 */
	ended.state = oom ? RUNSTATE_OOM_KILLED : RUNSTATE_EXITED;
	ended.exit_code = l->exit_status;
	rc = nsrun_teardown(&l->st, false, l->have_cg ? &l->cg : NULL,
			    opts.detach && !opts.rm ? &ended : NULL);
	if (rc < 0)
		nsrun_warn_errno(rc, "cannot remove all of container '%s' (try 'nsrun gc')",
				 l->st.name);
	l->record_made = false;
	exit(l->exit_status);
}
