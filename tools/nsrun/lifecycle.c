// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Containers after their launch: ls, inspect, exec, stop, kill, rm, gc,
 * the teardown that the launcher, stop, rm and gc share, and the reading
 * of records and start times that the launcher uses too.
 *
 * Who cleans up: the launcher, when its container ends (however it ends:
 * the command exits, stop, kill, its init crashes). Only when the
 * launcher itself was killed (SIGKILL: no chance to clean up) does a
 * record outlive it; its container died with it (PR_SET_PDEATHSIG), and
 * `nsrun gc` or `nsrun rm` remove what is left.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "image.h"
#include "jsonw.h"
#include "netlink.h"
#include "nsenter.h"
#include "nsfs.h"
#include "nsrun.h"
#include "output.h"
#include "procfs.h"
#include "sys.h"
#include "template.h"

#include <json-c/json.h>

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

void nsrun_state_open(void)
{
	struct runstate_check why;
	char msg[PATH_MAX + 128];

	if (runstate_open(&why) == 0)
		return;
	runstate_check_str(&why, msg, sizeof(msg));
	nsrun_die("%s", msg);
}

/* "'/run/nskit' is locked by process 4242 (gave up after 10 s; ...)", or the error. */
static void lock_message(int rc, char *buf, size_t size)
{
	const char *t = getenv("NSKIT_LOCK_TIMEOUT");
	pid_t holder = runstate_lock_holder();
	char secs[32], who[64];

	if (rc != -ETIMEDOUT) {
		snprintf(buf, size, "cannot lock '%s': %s", runstate_dir(), strerror(-rc));
		return;
	}
	if (t && *t)
		snprintf(secs, sizeof(secs), "%.20s", t);
	else
		snprintf(secs, sizeof(secs), "%d", RUNSTATE_LOCK_TIMEOUT);
	if (holder > 0)
		snprintf(who, sizeof(who), "process %d", (int)holder);
	else
		snprintf(who, sizeof(who), "another process");
	snprintf(buf, size, "'%s' is locked by %s (gave up after %s s; NSKIT_LOCK_TIMEOUT sets "
		 "how long to wait)", runstate_dir(), who, secs);
}

int nsrun_lock(void)
{
	char msg[PATH_MAX + 160];
	int lock = runstate_lock();

	if (lock >= 0)
		return lock;
	lock_message(lock, msg, sizeof(msg));
	nsrun_die("%s", msg);
}

void nsrun_lock_warn(int rc)
{
	char msg[PATH_MAX + 160];

	lock_message(rc, msg, sizeof(msg));
	nsrun_warn("%s", msg);
}

void nsrun_load_or_die(const char *name, struct runstate *st)
{
	int rc;

	if (runstate_valid_name(name) < 0)
		nsrun_die("invalid container name '%s'", name);
	/* a subcommand that did not check the state directory first has it checked here */
	nsrun_state_open();
	rc = runstate_load(name, st);
	if (rc == -ENOENT)
		nsrun_die("no such container: '%s'", name);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot read the record of container '%s'", name);
}

const char *nsrun_state_of(const struct runstate *st)
{
	struct procfs pfs;
	const char *s = "exited";

	if (strcmp(st->state, RUNSTATE_OOM_KILLED) == 0 || strcmp(st->state, RUNSTATE_EXITED) == 0)
		return st->state;
	if (procfs_open(&pfs, NULL) < 0)
		return "unknown";
	if (strcmp(st->state, RUNSTATE_CREATING) == 0) {
		if (runstate_launcher_alive(st, &pfs))
			s = "creating";
	} else if (runstate_alive(st, &pfs)) {
		s = "running";
	}
	procfs_close(&pfs);
	return s;
}

/* Is pid in the cgroup rel (or below it), as its /proc/PID/cgroup says? */
static bool in_cgroup(pid_t pid, const char *rel)
{
	char path[64], *text;
	size_t len;
	bool in;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	if (procfs_read_at(AT_FDCWD, path, 1 << 16, &text, &len) < 0)
		return false;
	in = cgroup_proc_in(text, len, rel);
	free(text);
	return in;
}

bool nsrun_in_its_cgroup(const struct runstate *st)
{
	return !st->cgroup[0] || in_cgroup(st->pid, st->cgroup);
}

/*
 * A pidfd for a record's process, checked: its start time is the
 * record's (a pid recycled since is never signalled), and, when the
 * record names a cgroup of the container's own, it is in there (a record
 * alone does not make a process a container's). -ESRCH when it is not.
 */
static int open_checked(pid_t pid, unsigned long long start, const char *cgroup)
{
	int fd;

	if (pid <= 0)
		return -ESRCH;
	fd = sys_pidfd_open(pid, 0);
	if (fd < 0)
		return -errno;
	/* checked after the open: from here on the fd holds the process we checked */
	if (!start || nsrun_starttime(pid) != start || (cgroup && cgroup[0] && !in_cgroup(pid, cgroup))) {
		close(fd);
		return -ESRCH;
	}
	return fd;
}

/* Wait until the process of pidfd ends, up to ms (-1: for ever). 1 ended, 0 not yet. */
static int wait_exit(int pidfd, int ms)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	int rc;

	do
		rc = poll(&p, 1, ms);
	while (rc < 0 && errno == EINTR);
	return rc > 0;
}

/*
 * Is the cgroup of a record nsrun's to remove, and how: made, the levels
 * to remove per hierarchy; since, the start of the launcher that made it
 * (cgroup_remove() kills nothing older, and nothing at all for 0).
 *
 * Security: a record alone does not make a cgroup nsrun's. The default
 * one, NSRUN_CGROUP_PARENT/NAME, is by its place; another (--cgroup-path)
 * only if the record says the launcher made it, which it does only for
 * one that did not exist (cgroup_create() refuses one that does): the
 * caller's own cgroup stays.
 */
static bool cgroup_ours(const struct cgroup_layout *cg, const struct runstate *st,
			struct cgroup_made *made, unsigned long long *since)
{
	char def[PATH_MAX];
	bool any = false;

	snprintf(def, sizeof(def), "%s/%s", NSRUN_CGROUP_PARENT, st->name);
	if (!st->cgroup_made[0]) {
		/*
		 * Named by a launcher that was killed before it said what it
		 * made (reserve() names it first): the default one, if it is
		 * there and empty, with nsrun's parent. Nothing is killed.
		 */
		if (strcmp(st->cgroup, def) != 0)
			return false;
		for (size_t h = 0; h < CGROUP_HIER_MAX; h++)
			made->levels[h] = 2;
		*since = 0;
		return true;
	}
	if (cgroup_made_parse(cg, st->cgroup_made, made) < 0)
		return false;
	for (size_t h = 0; h < cg->n; h++)
		any |= made->levels[h] != 0;
	*since = st->launcher_start;
	return any;
}

static int teardown_cgroup(const struct runstate *st, const struct cgroup_layout *layout)
{
	static struct cgroup_layout detected;
	const struct cgroup_layout *cg = layout;
	struct cgroup_made made;
	unsigned long long since;
	int r = 0;

	if (!cg) {
		r = cgroup_layout_detect(&detected);
		cg = &detected;
	}
	if (r < 0)
		return r == -ENOENT ? 0 : r;
	if (!cgroup_ours(cg, st, &made, &since)) {
		nsrun_warn("cgroup '%s' of container '%s' is not one nsrun made: left in place",
			   st->cgroup, st->name);
		return 0;
	}
	/* what the container forked and left (--pid=host) is killed on the way */
	r = cgroup_remove(cg, st->cgroup, &made, since);
	if (r == -EPERM && since)
		nsrun_warn("cgroup '%s' of container '%s' holds processes that are not the "
			   "container's: left in place", st->cgroup, st->name);
	else if (r < 0 && r != -ENOENT && r != -EPERM)
		nsrun_warn_errno(r, "cannot remove cgroup '%s'", st->cgroup);
	/* a cgroup the launcher never got to fill, and someone else uses now: not ours */
	return r == -ENOENT || r == -EPERM ? 0 : r;
}

int nsrun_teardown(const struct runstate *st, bool locked, const struct cgroup_layout *layout,
		   const struct nsrun_ended *ended)
{
	int rc = 0, r, lock = -1;

	/*
	 * A container whose launcher died but whose init did not (it exec'd
	 * a setuid program, which clears the parent-death signal): ended here.
	 */
	if (strcmp(st->state, RUNSTATE_RUNNING) == 0 && st->pid != st->launcher) {
		int fd = open_checked(st->pid, st->starttime, st->cgroup);

		if (fd >= 0) {
			sys_pidfd_send_signal(fd, SIGKILL, NULL, 0);
			wait_exit(fd, 5000);
			close(fd);
		}
	}
	if (st->cgroup[0]) {
		r = teardown_cgroup(st, layout);
		if (r < 0)
			rc = r;
	}
	if (st->host_veth[0]) {
		struct netlink nl;

		/* gone with the container's network namespace, usually; not always at once */
		r = netlink_open(&nl);
		if (!r) {
			r = nsrun_link_delete(&nl, st->host_veth, st->host_veth_ifindex, st->name);
			netlink_close(&nl);
		}
		if (r == -EPERM)
			nsrun_warn("veth '%s' of container '%s' is not one nsrun made: left in place",
				   st->host_veth, st->name);
		else if (r < 0 && r != -ENODEV) {
			nsrun_warn_errno(r, "cannot remove veth '%s'", st->host_veth);
			rc = r;
		}
	}
	/* the lock guards networks, addresses and hosts files: a container without is no matter */
	if (!locked && st->network[0]) {
		lock = runstate_lock();
		if (lock < 0) {
			nsrun_lock_warn(lock);
			return lock;
		}
	}
	if (ended) {
		/*
		 * What stays is a record of the ended container, its logs and
		 * its root's changes: nothing it names (cgroup, veth, network
		 * address, hosts file) is left to remove, so rm and gc delete
		 * only those.
		 */
		struct runstate kept = *st;

		snprintf(kept.state, sizeof(kept.state), "%s", ended->state);
		kept.exit_code = ended->exit_code;
		kept.finished = (long long)time(NULL);
		kept.network[0] = kept.address[0] = kept.host_veth[0] = '\0';
		kept.host_veth_ifindex = 0;
		kept.cgroup[0] = kept.cgroup_made[0] = '\0';
		r = runstate_hosts_remove(st->name);
		if (r < 0 && r != -ENOENT)
			nsrun_warn_errno(r, "cannot remove the hosts file of container '%s'", st->name);
		r = runstate_save(&kept);
	} else {
		/* an image's container only (the record names its image from the first) */
		r = st->image[0] ? nsrun_rootfs_remove(st->name) : -ENOENT;
		if (r < 0 && r != -ENOENT)
			nsrun_warn_errno(r, "cannot remove the root file system of container '%s'",
					 st->name);
		r = runstate_remove(st->name);
	}
	if (r < 0 && r != -ENOENT) {
		nsrun_warn_errno(r, "cannot %s the record of container '%s'", ended ? "write" :
				 "remove", st->name);
		rc = r;
	}
	if (st->network[0]) {
		r = nsrun_net_refresh_hosts(st->network);
		if (r < 0)
			nsrun_warn_errno(r, "cannot update the hosts files of network '%s'",
					 st->network);
		nsrun_net_release(st->network);
	}
	runstate_unlock(lock);
	return rc;
}

/* -------------------------------------------------------------------- ls */

enum {
	COL_NAME,
	COL_PID,
	COL_STATE,
	COL_EXIT,
	COL_NETWORK,
	COL_ADDRESS,
	COL_COMMAND,
	COL_HOSTNAME,
	COL_CGROUP,
	COL_ROOTFS,
	COL_LAUNCHER,
	COL_CREATED,
	COL_NAMESPACES,
	NCOLS
};

static const struct out_column columns[NCOLS] = {
	[COL_NAME]	= { "NAME", 0, 0, SCOLS_JSON_STRING, "container name" },
	[COL_PID]	= { "PID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			    "its init, in the host's pid namespace" },
	[COL_STATE]	= { "STATE", 0, 0, SCOLS_JSON_STRING,
			    "running, creating, exited or oom-killed" },
	[COL_EXIT]	= { "EXIT", 4, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			    "the exit status of a container that ended and is kept" },
	[COL_NETWORK]	= { "NETWORK", 0, 0, SCOLS_JSON_STRING, "its bridge network" },
	[COL_ADDRESS]	= { "ADDRESS", 0, 0, SCOLS_JSON_STRING, "its address there" },
	[COL_COMMAND]	= { "COMMAND", 0, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "its command" },
	[COL_HOSTNAME]	= { "HOSTNAME", 0, 0, SCOLS_JSON_STRING, "its hostname" },
	[COL_CGROUP]	= { "CGROUP", 0, 0, SCOLS_JSON_STRING, "its cgroup" },
	[COL_ROOTFS]	= { "ROOTFS", 0, 0, SCOLS_JSON_STRING, "its root file system" },
	[COL_LAUNCHER]	= { "LAUNCHER", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			    "the nsrun process that supervises it" },
	[COL_CREATED]	= { "CREATED", 0, 0, SCOLS_JSON_STRING, "when it started (RFC 3339, UTC)" },
	[COL_NAMESPACES] = { "NAMESPACES", 0, 0, SCOLS_JSON_STRING,
			     "the namespaces made for it (the others are shared)" },
};

static void ns_list(ns_mask_t mask, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int t = 0; t < NS_NTYPES; t++)
		if (mask & NS_MASK(t)) {
			int n = snprintf(buf + len, size - len, "%s%s", len ? "," : "",
					 nstype_name(t));

			if (n < 0 || (size_t)n >= size - len)
				break;
			len += (size_t)n;
		}
}

static const char *ls_cell(const struct runstate *st, int col, char *buf, size_t size)
{
	switch (col) {
	case COL_NAME:
		return st->name;
	case COL_PID:
		snprintf(buf, size, "%d", (int)st->pid);
		return buf;
	case COL_STATE:
		return nsrun_state_of(st);
	case COL_EXIT:
		if (!st->finished)
			return NULL;
		snprintf(buf, size, "%d", st->exit_code);
		return buf;
	case COL_NETWORK:
		return st->network;
	case COL_ADDRESS:
		return st->address;
	case COL_COMMAND:
		return st->command;
	case COL_HOSTNAME:
		return st->hostname;
	case COL_CGROUP:
		return st->cgroup;
	case COL_ROOTFS:
		return st->rootfs;
	case COL_LAUNCHER:
		snprintf(buf, size, "%d", (int)st->launcher);
		return buf;
	case COL_CREATED:
		jsonw_rfc3339(st->created, buf, size);
		return buf;
	case COL_NAMESPACES:
		ns_list(st->created_ns, buf, size);
		return buf;
	}
	return NULL;
}

int nsrun_cmd_ls(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "raw", no_argument, NULL, 'r' },
		{ "output", required_argument, NULL, 'o' },
		{ "all", no_argument, NULL, 'a' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct out_opts oo = { .json_name = "containers" };
	int cols[NCOLS * 2], c, rc;
	size_t ncols = 0, n;
	struct libscols_table *tb;
	bool quiet = false;
	char **names;

	for (int i = COL_NAME; i <= COL_COMMAND; i++)
		cols[ncols++] = i;
	while ((c = getopt_long(argc, argv, "Jnro:aqh", longopts, NULL)) != -1) {
		switch (c) {
		case 'q':
			/* Docker's ps -q: ids, which nsrun's names are */
			quiet = true;
			break;
		case 'J':
			oo.format = OUT_JSON;
			break;
		case 'n':
			oo.noheadings = true;
			break;
		case 'r':
			oo.format = OUT_RAW;
			break;
		case 'a':
			ncols = 0;
			for (int i = 0; i < NCOLS; i++)
				cols[ncols++] = i;
			break;
		case 'o': {
			const char *bad;
			size_t badlen;

			rc = out_parse_list(optarg, columns, NCOLS, cols, &ncols,
					    sizeof(cols) / sizeof(cols[0]), &bad, &badlen);
			if (rc == -EINVAL)
				nsrun_die("unknown column '%.*s'", (int)badlen, bad);
			if (rc < 0)
				nsrun_die("too many columns specified");
			break;
		}
		case 'h':
			printf("Usage: %s ls [-J|-r] [-n] [-o <list>] [-a] [-q]\n\nColumns:\n", cli_name);
			for (int i = 0; i < NCOLS; i++)
				printf(" %11s  %s\n", columns[i].name, columns[i].help);
			return EXIT_SUCCESS;
		default:
			cli_try_help();
		}
	}
	if (optind < argc)
		nsrun_die("ls: unexpected argument '%s'", argv[optind]);
	nsrun_state_open();
	rc = runstate_list(&names, &n);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot read '%s'", runstate_dir());
	if (quiet) {
		for (size_t i = 0; i < n; i++) {
			struct runstate st;

			if (runstate_load(names[i], &st) == 0)
				printf("%s\n", st.name);
		}
		runstate_names_free(names, n);
		cli_check_stdout();
		return EXIT_SUCCESS;
	}
	tb = nsrun_table_new(&oo, columns, cols, ncols);
	for (size_t i = 0; i < n; i++) {
		struct libscols_line *ln;
		struct runstate st;

		/* a record removed since the listing: its container is gone, not an error */
		if (runstate_load(names[i], &st) < 0)
			continue;
		ln = scols_table_new_line(tb, NULL);
		if (!ln)
			nsrun_die("out of memory");
		for (size_t j = 0; j < ncols; j++) {
			char buf[128];

			if (out_cell(&oo, ln, j, ls_cell(&st, cols[j], buf, sizeof(buf))) < 0)
				nsrun_die("out of memory");
		}
	}
	runstate_names_free(names, n);
	return nsrun_table_print(tb);
}

/* --------------------------------------------------------------- inspect */

/* A string member, null when empty (no rootfs, no network...). */
static void json_str(struct jsonw *w, const char *key, const char *s)
{
	jsonw_string(w, key, s && *s ? s : NULL);
}

/*
 * The container's addresses as its own network namespace has them (what
 * `ip addr` inside would show, link-local ones left out). Entering its
 * namespace needs privilege; without, the record's address.
 */
static void json_addresses(struct jsonw *w, const struct runstate *st, bool running)
{
	struct netlink_addr *addrs = NULL;
	struct netlink nl;
	bool asked = false;
	size_t n = 0;
	char path[64];
	int fd = -1;

	jsonw_array(w, "addresses");
	if (running) {
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)st->pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd >= 0 && netlink_open_in(&nl, fd) == 0) {
		asked = netlink_list_addrs(&nl, 0, 0, &addrs, &n) == 0;
		for (size_t i = 0; asked && i < n; i++) {
			char a[96];

			if (addrs[i].scope == 253 /* RT_SCOPE_LINK */)
				continue;
			snprintf(a, sizeof(a), "%s/%u", addrs[i].addr, addrs[i].prefixlen);
			jsonw_string(w, NULL, a);
		}
		netlink_addrs_free(addrs);
		netlink_close(&nl);
	}
	if (fd >= 0)
		close(fd);
	if (!asked && st->address[0])
		jsonw_string(w, NULL, st->address);
	jsonw_end(w);
}

static void inspect_one(struct jsonw *w, const struct runstate *st)
{
	const char *state = nsrun_state_of(st);
	bool running = strcmp(state, "running") == 0;
	struct runstate_net net;
	struct procfs pfs;
	char created[64];
	uint64_t ino[NS_NTYPES] = { 0 };

	jsonw_rfc3339(st->created, created, sizeof(created));
	/* every namespace's inode, as /proc/PID/ns shows it: the kernel's word */
	if (running && procfs_open(&pfs, NULL) == 0) {
		for (int t = 0; t < NS_NTYPES; t++)
			if (procfs_read_ns(&pfs, st->pid, t, &ino[t]) < 0)
				ino[t] = 0;
		procfs_close(&pfs);
	}
	jsonw_object(w, NULL);
	jsonw_string(w, "name", st->name);
	jsonw_string(w, "state", state);
	/* as Docker's State.OOMKilled and ExitCode: known of a record kept after the end */
	jsonw_bool(w, "oom_killed", strcmp(st->state, RUNSTATE_OOM_KILLED) == 0);
	if (st->finished)
		jsonw_int(w, "exit_code", st->exit_code);
	else
		jsonw_null(w, "exit_code");
	jsonw_int(w, "pid", st->pid);
	jsonw_int(w, "launcher", st->launcher);
	json_str(w, "hostname", st->hostname);
	json_str(w, "command", st->command);
	json_str(w, "rootfs", st->rootfs);
	json_str(w, "image", st->image);
	json_str(w, "image_id", st->image_id);
	jsonw_bool(w, "tty", st->tty);
	jsonw_bool(w, "open_stdin", st->open_stdin);
	jsonw_bool(w, "auto_remove", st->auto_remove);
	json_str(w, "workdir", st->workdir);
	json_str(w, "created", created);
	jsonw_rfc3339(st->finished, created, sizeof(created));
	json_str(w, "finished", st->finished ? created : NULL);
	json_str(w, "cgroup", st->cgroup);
	json_str(w, "network", st->network);
	json_str(w, "address", st->address);
	json_str(w, "gateway", st->network[0] && runstate_net_load(st->network, &net) == 0 ?
			   net.gateway : NULL);
	json_str(w, "host_veth", st->host_veth);
	json_addresses(w, st, running);
	jsonw_array(w, "new_namespaces");
	for (int t = 0; t < NS_NTYPES; t++)
		if (st->created_ns & NS_MASK(t))
			jsonw_string(w, NULL, nstype_name(t));
	jsonw_end(w);
	/* "mntns", "netns"...: what /proc/PID/ns/TYPE says, as a number; null when it ended */
	for (int t = 0; t < NS_NTYPES; t++) {
		char key[32];

		snprintf(key, sizeof(key), "%sns", nstype_name(t));
		if (ino[t])
			jsonw_uint(w, key, ino[t]);
		else
			jsonw_null(w, key);
	}
	nsrun_limits_json(w, st, running);
	nsrun_caps_json(w, running ? st->pid : 0);
	jsonw_end(w);
}

/* inspect --format: the template over Docker's view of each container, a line each. */
static int inspect_format(const char *tmpl, char **names, int n)
{
	int status = EXIT_SUCCESS;

	for (int i = 0; i < n; i++) {
		struct json_object *doc;
		struct runstate st;
		char err[512], *out;
		size_t len;
		int rc;

		if (runstate_valid_name(names[i]) < 0 || runstate_load(names[i], &st) < 0) {
			nsrun_warn("no such container: '%s'", names[i]);
			status = EXIT_FAILURE;
			continue;
		}
		doc = nsrun_docker_view(&st);
		rc = template_render(tmpl, doc, &out, &len, err, sizeof(err));
		json_object_put(doc);
		if (rc == -EINVAL)
			nsrun_die("invalid --format '%s': %s", tmpl, err);
		if (rc < 0)
			nsrun_die("out of memory");
		fwrite(out, 1, len, stdout);
		putchar('\n');
		free(out);
	}
	cli_check_stdout();
	return status;
}

int nsrun_cmd_inspect(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = NULL;
	struct jsonw w;
	int c, rc, status = EXIT_SUCCESS;

	while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'h':
			printf("Usage: %s inspect [-f <template>] <name>...\n\nA container's details "
			       "as JSON; with --format, Docker's fields through a template\n"
			       "('{{.State.Pid}}', '{{.NetworkSettings.IPAddress}}', '{{json .}}').\n",
			       cli_name);
			return EXIT_SUCCESS;
		default:
			cli_try_help();
		}
	}
	if (optind == argc)
		nsrun_die("inspect: a container name is needed");
	nsrun_state_open();
	if (format)
		return inspect_format(format, argv + optind, argc - optind);
	/* the records first: an unknown name is said once, before any output */
	jsonw_init(&w, stdout);
	jsonw_object(&w, NULL);
	jsonw_array(&w, "containers");
	for (int i = optind; i < argc; i++) {
		struct runstate st;

		if (runstate_valid_name(argv[i]) < 0 || runstate_load(argv[i], &st) < 0) {
			nsrun_warn("no such container: '%s'", argv[i]);
			status = EXIT_FAILURE;
			continue;
		}
		inspect_one(&w, &st);
	}
	jsonw_end(&w);
	jsonw_end(&w);
	rc = jsonw_finish(&w);
	/* a failed write is said as every tool says it */
	cli_check_stdout();
	if (rc < 0)
		nsrun_die("cannot write the output");
	return status;
}

/* ------------------------------------------------------------------ exec */

/*
 * exec -t, inside, right before the command runs: its pty, from the
 * container's /dev/ptmx, which the caller gets the master of over *data
 * (a socket).
 */
static int exec_pty(void *data, const char **what)
{
	int sock = *(int *)data, master, slave, rc;

	*what = "make a pseudo-terminal";
	rc = nsrun_pty_open(&master, &slave);
	if (rc < 0)
		return rc;
	if (isatty(STDIN_FILENO))
		nsrun_tty_winsize(STDIN_FILENO, master);
	rc = nsrun_pty_take(slave);
	if (!rc)
		rc = nsrun_fd_send(sock, NSRUN_MSG_PTY, master);
	close(master);
	close(sock);
	return rc;
}

int nsrun_cmd_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "env", required_argument, NULL, 'e' },
		{ "workdir", required_argument, NULL, 'w' },
		{ "uid", required_argument, NULL, 'u' },
		{ "interactive", no_argument, NULL, 'i' },
		{ "tty", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool tty = false, interactive = false;
	int sv[2] = { -1, -1 };
	struct nsenter_opts o;
	struct nsenter_error err;
	struct runstate st;
	struct procfs pfs;
	struct runspec_user user = { 0 };
	char **env = NULL, msg[256];
	size_t nenv = 0;
	int c, rc, status;

	nsenter_opts_init(&o);
	while ((c = getopt_long(argc, argv, "+e:w:u:ith", longopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			/* the command's stdin is the caller's already; with -t it is relayed */
			interactive = true;
			break;
		case 't':
			tty = true;
			break;
		case 'e': {
			size_t keylen;
			bool has_value;

			if (runspec_parse_env(optarg, &keylen, &has_value) < 0 || !has_value)
				nsrun_die("invalid environment variable '%s' (KEY=VALUE)", optarg);
			env = realloc(env, (nenv + 1) * sizeof(*env));
			if (!env)
				nsrun_die("out of memory");
			env[nenv++] = optarg;
			break;
		}
		case 'w':
			if (optarg[0] != '/')
				nsrun_die("invalid --workdir '%s': not an absolute path", optarg);
			o.flags |= NSENTER_WD;
			o.wdns = optarg;
			break;
		case 'u':
			if (runspec_parse_user(optarg, &user) < 0 || user.user[0] || user.group[0])
				nsrun_die("invalid --uid '%s': expected UID[:GID] as numbers", optarg);
			o.flags |= NSENTER_SETUID | NSENTER_SETGID;
			o.uid = user.uid;
			o.gid = user.has_gid ? user.gid : user.uid;
			break;
		case 'h':
			printf("Usage: %s exec [-i] [-t] [-e KEY=VALUE] [-w DIR] [-u UID[:GID]] <name> "
			       "[<command> [<argument>...]]\n\nRun a command in every namespace of "
			       "a container, in its cgroup and root; -t on a pseudo-terminal of\n"
			       "its own, -i with the caller's input.\n", cli_name);
			return EXIT_SUCCESS;
		default:
			cli_try_help();
		}
	}
	if (optind == argc)
		nsrun_die("exec: a container name is needed");
	nsrun_state_open();
	nsrun_load_or_die(argv[optind], &st);
	rc = procfs_open(&pfs, NULL);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot open '/proc'");
	if (strcmp(st.state, RUNSTATE_RUNNING) != 0 || !runstate_alive(&st, &pfs))
		nsrun_die("container '%s' is not running", st.name);
	/* Security: its record names the process; its cgroup says it is the container's */
	if (!nsrun_in_its_cgroup(&st))
		nsrun_die("process %d of container '%s' is not in its cgroup '%s'", (int)st.pid,
			  st.name, st.cgroup);

	/*
	 * Every namespace of its init (nsenter -a), its cgroup (so the
	 * command is limited, counted and, at the end, killed with it), its
	 * root and working directory.
	 */
	o.pid = st.pid;
	o.pfs = &pfs;
	o.all = NS_MASK_ALL;
	o.flags |= NSENTER_ROOT;
	/*
	 * Its cgroup only when it has one of its own: a rootless container
	 * lives in its caller's, which the caller may not write to (and is
	 * in already), and one whose cgroup was shared has nothing to join.
	 */
	if (st.cgroup[0])
		o.flags |= NSENTER_JOIN_CGROUP;
	/*
	 * The container's -w, as docker exec starts in the image's WORKDIR;
	 * else the init's directory (the root of a --rootfs container).
	 */
	o.flags |= NSENTER_WD;
	if (!o.wdns && st.workdir[0])
		o.wdns = st.workdir;
	/*
	 * The environment of `nsrun run`'s defaults plus -e; not the init's,
	 * which is the launcher's (the host's), nor the caller's.
	 */
	clearenv();
	setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1);
	setenv("HOSTNAME", st.hostname, 1);
	setenv("container", "nsrun", 1);
	for (size_t i = 0; i < nenv; i++)
		putenv(env[i]);
	if (tty) {
		/*
		 * A process of ours runs the command (nsenter_exec) and exits
		 * with its status, while this one relays the terminal: the
		 * command's pty, made inside, comes over the socket.
		 */
		pid_t pid;
		char tag;
		int master;

		if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
			nsrun_die_errno(-errno, "cannot create a socket pair");
		fflush(NULL);
		pid = fork();
		if (pid < 0)
			nsrun_die_errno(-errno, "cannot fork");
		if (pid > 0) {
			/* the child enters; this one only relays */
			procfs_close(&pfs);
			free(env);
			close(sv[1]);
			if (nsrun_fd_recv(sv[0], &tag, 1, &master) < 1 || master < 0) {
				/* it failed before the command ran, and said why */
				while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
					;
				return WIFEXITED(status) ? WEXITSTATUS(status) : NSRUN_EXIT_FAILED;
			}
			close(sv[0]);
			status = nsrun_pty_relay(pid, master, interactive);
			if (WIFSIGNALED(status))
				return 128 + WTERMSIG(status);
			return WIFEXITED(status) ? WEXITSTATUS(status) : NSRUN_EXIT_FAILED;
		}
		close(sv[0]);
		o.before_exec = exec_pty;
		o.before_exec_data = &sv[1];
	}
	rc = nsenter_exec(&o, argv[optind + 1] ? argv + optind + 1 : NULL, &status, &err);
	procfs_close(&pfs);
	free(env);
	if (rc < 0) {
		nsenter_strerror(&err, msg, sizeof(msg));
		if (err.stage == NSENTER_E_EXEC)
			cli_exit_failure = err.err == -ENOENT ? NSRUN_EXIT_NOT_FOUND :
							      NSRUN_EXIT_CANNOT_EXEC;
		nsrun_die_errno(err.err ? err.err : rc, "%s", msg);
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WIFEXITED(status) ? WEXITSTATUS(status) : NSRUN_EXIT_FAILED;
}

/* ------------------------------------------------------ stop, kill and rm */

/*
 * After its container ended, the launcher cleans up and exits: wait for
 * that (up to ms), so that stop returns when everything is gone. A
 * launcher that is gone already without having done it (SIGKILL) leaves
 * the work to us.
 */
static void wait_cleanup(const struct runstate *st, int ms)
{
	struct runstate now;
	/* only waited for, never signalled: the launcher is in no cgroup of the container's */
	int fd = open_checked(st->launcher, st->launcher_start, NULL);

	if (fd >= 0) {
		wait_exit(fd, ms);
		close(fd);
	}
	if (runstate_load(st->name, &now) == 0 && now.launcher == st->launcher) {
		struct procfs pfs;
		bool launcher = false;

		if (procfs_open(&pfs, NULL) == 0) {
			launcher = runstate_launcher_alive(&now, &pfs);
			procfs_close(&pfs);
		}
		if (!launcher)
			nsrun_teardown(&now, false, NULL, NULL);
	}
}

/* Signal a container's init (which forwards to the command). -ESRCH when it is not running. */
static int signal_container(const struct runstate *st, int sig, int *pidfd)
{
	int fd, rc = 0;

	if (strcmp(st->state, RUNSTATE_RUNNING) != 0)
		return -ESRCH;
	fd = open_checked(st->pid, st->starttime, st->cgroup);
	if (fd < 0)
		return fd;
	if (sys_pidfd_send_signal(fd, sig, NULL, 0) < 0)
		rc = -errno;
	if (pidfd && !rc)
		*pidfd = fd;
	else
		close(fd);
	return rc;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A container being stopped. */
struct stopping {
	struct runstate st;
	int fd;			/* a pidfd of its init while it runs, else -1 */
	bool ok;		/* found, and signalled or ended already */
};

/*
 * SIGTERM (or sig) to every container first, SIGKILL to those still
 * running after timeout seconds, then wait for each launcher's clean-up:
 * stopping many costs the longest of them, not the sum, as with
 * `docker stop`. Each one stopped is named on stdout once it is gone, as
 * docker names them. Returns the number of containers that could not be.
 */
static int stop_many(char **names, int n, int sig, int timeout)
{
	struct stopping *v = calloc((size_t)n, sizeof(*v));
	long long deadline;
	int failed = 0, rc;

	if (!v)
		nsrun_die("out of memory");
	for (int i = 0; i < n; i++) {
		v[i].fd = -1;
		if (runstate_valid_name(names[i]) < 0) {
			nsrun_warn("invalid container name '%s'", names[i]);
			failed++;
			continue;
		}
		rc = runstate_load(names[i], &v[i].st);
		if (rc < 0) {
			if (rc == -ENOENT)
				nsrun_warn("no such container: '%s'", names[i]);
			else
				nsrun_warn_errno(rc, "cannot read the record of container '%s'",
						 names[i]);
			failed++;
			continue;
		}
		if (strcmp(nsrun_state_of(&v[i].st), "creating") == 0) {
			nsrun_warn("container '%s' is still being created", names[i]);
			failed++;
			continue;
		}
		/* -ESRCH: ended already; only the clean-up is left, if even that */
		rc = signal_container(&v[i].st, sig, &v[i].fd);
		if (rc < 0 && rc != -ESRCH) {
			nsrun_warn_errno(rc, "cannot signal container '%s'", names[i]);
			failed++;
			continue;
		}
		v[i].ok = true;
	}
	deadline = now_ms() + (long long)timeout * 1000;
	for (int i = 0; i < n; i++) {
		long long left = deadline - now_ms();

		if (v[i].fd < 0)
			continue;
		if (sig != SIGKILL && !wait_exit(v[i].fd, left > 0 ? (int)left : 0))
			sys_pidfd_send_signal(v[i].fd, SIGKILL, NULL, 0);
		wait_exit(v[i].fd, 10000);
		close(v[i].fd);
	}
	for (int i = 0; i < n; i++) {
		if (!v[i].ok)
			continue;
		wait_cleanup(&v[i].st, 10000);
		printf("%s\n", names[i]);
	}
	free(v);
	return failed;
}

int nsrun_cmd_stop(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "time", required_argument, NULL, 't' },
		{ "signal", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, timeout = NSRUN_STOP_TIMEOUT, sig = SIGTERM, status = EXIT_SUCCESS;

	while ((c = getopt_long(argc, argv, "t:s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't': {
			uint64_t n;

			/* 0 is allowed: SIGKILL at once */
			if (strcmp(optarg, "0") == 0)
				n = 0;
			else if (runspec_parse_count(optarg, &n) < 0 || n > 3600)
				nsrun_die("invalid --time '%s': expected seconds (0 to 3600)", optarg);
			timeout = (int)n;
			break;
		}
		case 's':
			if (runspec_parse_signal(optarg, &sig) < 0)
				nsrun_die("invalid signal '%s'", optarg);
			break;
		case 'h':
			printf("Usage: %s stop [-t <seconds>] [-s <signal>] <name>...\n\n"
			       "Send SIGTERM, then SIGKILL after %d seconds, and wait until "
			       "everything is removed.\n", cli_name, NSRUN_STOP_TIMEOUT);
			return EXIT_SUCCESS;
		default:
			cli_try_help();
		}
	}
	if (optind == argc)
		nsrun_die("stop: a container name is needed");
	nsrun_state_open();
	if (stop_many(argv + optind, argc - optind, timeout ? sig : SIGKILL, timeout))
		status = EXIT_FAILURE;
	return status;
}

int nsrun_cmd_kill(int argc, char **argv)
{
	struct runstate st;
	int sig = SIGKILL, fd = -1, rc;

	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		printf("Usage: %s kill <name> [<signal>]\n\nSend a signal (default KILL) to a "
		       "container.\n", cli_name);
		return EXIT_SUCCESS;
	}
	if (argc < 2 || argc > 3)
		nsrun_die("kill: expected a container name and, optionally, a signal");
	nsrun_state_open();
	if (argc == 3) {
		/* "kill web1 TERM", and kill(1)'s "-TERM" too */
		const char *s = argv[2][0] == '-' ? argv[2] + 1 : argv[2];

		if (runspec_parse_signal(s, &sig) < 0)
			nsrun_die("invalid signal '%s'", argv[2]);
	}
	nsrun_load_or_die(argv[1], &st);
	rc = signal_container(&st, sig, &fd);
	if (rc == -ESRCH)
		nsrun_die("container '%s' is not running", argv[1]);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot signal container '%s'", argv[1]);
	/* a KILL ends it for sure: return when everything is gone, as stop does */
	if (sig == SIGKILL) {
		wait_exit(fd, 10000);
		wait_cleanup(&st, 10000);
	}
	close(fd);
	/* the name of what was signalled, as docker kill prints it */
	printf("%s\n", argv[1]);
	return EXIT_SUCCESS;
}

int nsrun_cmd_rm(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool force = false;
	int c, status = EXIT_SUCCESS;

	while ((c = getopt_long(argc, argv, "fh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			force = true;
			break;
		case 'h':
			printf("Usage: %s rm [-f] <name>...\n\nRemove containers that have ended "
			       "(kept once they exited, or whose launcher was\nkilled); -f kills a "
			       "running one first.\n", cli_name);
			return EXIT_SUCCESS;
		default:
			cli_try_help();
		}
	}
	if (optind == argc)
		nsrun_die("rm: a container name is needed");
	nsrun_state_open();
	for (int i = optind; i < argc; i++) {
		const char *state;
		struct runstate st;

		nsrun_load_or_die(argv[i], &st);
		state = nsrun_state_of(&st);
		if (strcmp(state, "exited") == 0 || strcmp(state, RUNSTATE_OOM_KILLED) == 0) {
			if (nsrun_teardown(&st, false, NULL, NULL) < 0)
				status = EXIT_FAILURE;
			else
				printf("%s\n", argv[i]);
			continue;
		}
		if (!force) {
			nsrun_warn("container '%s' is %s: stop it first, or use 'rm -f'", argv[i],
				   state);
			status = EXIT_FAILURE;
			continue;
		}
		if (stop_many(&argv[i], 1, SIGKILL, 0))
			status = EXIT_FAILURE;
	}
	return status;
}

/* -------------------------------------------------------------------- gc */

/* Hosts files that no record names (a record goes last, so these are rare). */
static void gc_hosts(bool quiet)
{
	char **names;
	size_t n;

	if (runstate_hosts_list(&names, &n) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		struct runstate st;

		if (runstate_load(names[i], &st) == 0)
			continue;
		if (runstate_hosts_remove(names[i]) == 0 && !quiet)
			printf("removed the hosts file of '%s'\n", names[i]);
	}
	runstate_names_free(names, n);
}

/*
 * Logs and root file systems that no record names: a launcher killed
 * between removing them and the record never leaves these (the record
 * goes last), but one killed while making them, before its record said
 * so, may.
 */
static void gc_files(bool quiet)
{
	static const struct {
		enum runstate_subdir which;
		const char *what;
	} kinds[] = {
		{ RUNSTATE_LOGS, "logs" },
		{ RUNSTATE_ROOTFS, "root file system" },
	};

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		char **names;
		size_t n;

		if (runstate_subdir_list(kinds[k].which, &names, &n) < 0)
			continue;
		for (size_t i = 0; i < n; i++) {
			struct runstate st;
			int rc;

			if (runstate_load(names[i], &st) == 0)
				continue;
			if (kinds[k].which == RUNSTATE_ROOTFS) {
				rc = nsrun_rootfs_remove(names[i]);
			} else {
				char old[RUNSTATE_NAME_MAX + 1];
				int dfd = runstate_subdir(RUNSTATE_LOGS, false);

				snprintf(old, sizeof(old), "%s~", names[i]);
				rc = dfd < 0 ? dfd : unlinkat(dfd, names[i], 0) < 0 ? -errno : 0;
				if (dfd >= 0)
					unlinkat(dfd, old, 0);
			}
			if (rc < 0 && rc != -ENOENT)
				nsrun_warn_errno(rc, "cannot remove the %s of '%s'", kinds[k].what,
						 names[i]);
			else if (rc == 0 && !quiet)
				printf("removed the %s of '%s'\n", kinds[k].what, names[i]);
		}
		runstate_names_free(names, n);
	}
}

/* The cgroups that records of this state directory name. */
struct gc_cgroups {
	char **paths;
	size_t n;
	bool quiet;
};

static bool gc_keep(const char *rel, void *data)
{
	const struct gc_cgroups *g = data;

	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->paths[i], rel) == 0)
			return true;
	return false;
}

static void gc_removed(const char *rel, void *data)
{
	const struct gc_cgroups *g = data;

	if (!g->quiet)
		printf("removed cgroup '%s'\n", rel);
}

/*
 * Empty cgroups below NSRUN_CGROUP_PARENT that no record names: a
 * launcher killed between making its cgroup and saying so in its record
 * (or a record lost), whose name they would otherwise keep taken. Only
 * empty ones: the kernel refuses to remove a cgroup with processes, and
 * nothing is killed, as one without a record here may be a container of
 * another state directory (NSKIT_STATE_DIR). Such a container's launch
 * can lose its cgroup to this in the instant between making it and
 * starting its first process in it, and then fails (never runs without).
 */
static void gc_cgroups(bool quiet)
{
	struct gc_cgroups g = { .quiet = quiet };
	struct cgroup_layout cg;
	char **names;
	size_t n;

	if (geteuid() != 0 || cgroup_layout_detect(&cg) < 0 || runstate_list(&names, &n) < 0)
		return;
	g.paths = calloc(n + 1, sizeof(*g.paths));
	for (size_t i = 0; g.paths && i < n; i++) {
		struct runstate st;

		if (runstate_load(names[i], &st) == 0 && st.cgroup[0])
			g.paths[g.n] = strdup(st.cgroup);
		if (g.paths[g.n])
			g.n++;
	}
	if (g.paths) {
		cgroup_sweep(&cg, NSRUN_CGROUP_PARENT, gc_keep, gc_removed, &g);
		runstate_names_free(g.paths, g.n);
	}
	runstate_names_free(names, n);
}

int nsrun_cmd_gc(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct procfs pfs;
	bool quiet = false;
	char **names;
	size_t n;
	int c, rc, status = EXIT_SUCCESS;

	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'q':
			quiet = true;
			break;
		case 'h':
			printf("Usage: %s gc [-q]\n\nRemove containers that have ended: those "
			       "kept after they exited, and what killed launchers left (records, "
			       "cgroups, veths, hosts files, logs, root file systems); and networks "
			       "made on demand that no container uses.\n", cli_name);
			return EXIT_SUCCESS;
		default:
			cli_try_help();
		}
	}
	if (optind < argc)
		nsrun_die("gc: unexpected argument '%s'", argv[optind]);
	nsrun_state_open();
	rc = procfs_open(&pfs, NULL);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot open '/proc'");
	rc = runstate_list(&names, &n);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot read '%s'", runstate_dir());
	for (size_t i = 0; i < n; i++) {
		struct runstate st;

		if (runstate_load(names[i], &st) < 0)
			continue;
		/* a launcher that lives looks after its container, running or ending */
		if (runstate_launcher_alive(&st, &pfs))
			continue;
		if (nsrun_teardown(&st, false, NULL, NULL) < 0)
			status = EXIT_FAILURE;
		else if (!quiet)
			printf("removed container '%s'\n", st.name);
	}
	runstate_names_free(names, n);
	procfs_close(&pfs);

	/* networks made on demand whose last container's launcher died */
	rc = runstate_net_list(&names, &n);
	if (rc == 0 && n) {
		int lock = nsrun_lock();

		for (size_t i = 0; i < n; i++) {
			struct runstate_net net;

			if (runstate_net_load(names[i], &net) < 0 || net.created_explicitly)
				continue;
			nsrun_net_release(names[i]);
			if (runstate_net_load(names[i], &net) == -ENOENT && !quiet)
				printf("removed network '%s'\n", names[i]);
		}
		runstate_unlock(lock);
		runstate_names_free(names, n);
	}
	gc_hosts(quiet);
	gc_files(quiet);
	gc_cgroups(quiet);
	/* what a writer killed between making its temporary file and renaming it left */
	runstate_sweep_temp();
	/* and a load of an image that was killed */
	nsrun_store_sweep(quiet);
	return status;
}
