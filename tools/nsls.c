// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsls: list namespaces. Command-line compatible with util-linux lsns(8):
 * the same options, columns, default output and JSON shape, so that scripts
 * written for lsns work unchanged. Beyond lsns: container, runtime, pod and
 * host columns, --container, --pairs, -Q expressions on bookworm, and
 * namespaces held only by descriptors, sockets or bind mounts.
 *
 * Collect first (common/snapshot), render second (libsmartcols).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_target.h"
#include "filter.h"
#include "hashmap.h"
#include "idcache.h"
#include "output.h"
#include "snapshot.h"
#include "target.h"

enum {
	COL_NS,
	COL_TYPE,
	COL_PATH,
	COL_NPROCS,
	COL_PID,
	COL_PPID,
	COL_COMMAND,
	COL_UID,
	COL_USER,
	COL_NETNSID,
	COL_NSFS,
	COL_PNS,
	COL_ONS,
	/* beyond lsns */
	COL_CONTAINER,
	COL_RUNTIME,
	COL_POD,
	COL_HOST,
	COL_HOLDER,
	NCOLS
};

/* RUNTIME's help names every runtime of common/container's table: runtime_help_init(). */
static char runtime_help[160];

static const struct out_column columns[NCOLS] = {
	[COL_NS]	= { "NS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			    "namespace identifier (inode number)" },
	[COL_TYPE]	= { "TYPE", 5, 0, SCOLS_JSON_STRING, "kind of namespace" },
	[COL_PATH]	= { "PATH", 0, 0, SCOLS_JSON_STRING, "path to the namespace" },
	[COL_NPROCS]	= { "NPROCS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			    "number of processes in the namespace" },
	[COL_PID]	= { "PID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			    "lowest PID in the namespace" },
	[COL_PPID]	= { "PPID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "PPID of the PID" },
	[COL_COMMAND]	= { "COMMAND", 0, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			    "command line of the PID" },
	[COL_UID]	= { "UID", 0, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "UID of the PID" },
	[COL_USER]	= { "USER", 0, 0, SCOLS_JSON_STRING, "username of the PID" },
	[COL_NETNSID]	= { "NETNSID", 0, SCOLS_FL_RIGHT, SCOLS_JSON_STRING,
			    "namespace ID as used by network subsystem" },
	[COL_NSFS]	= { "NSFS", 0, SCOLS_FL_WRAP, SCOLS_JSON_STRING,
			    "nsfs mountpoint (usually used network subsystem)" },
	[COL_PNS]	= { "PNS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			    "parent namespace identifier (inode number)" },
	[COL_ONS]	= { "ONS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			    "owner namespace identifier (inode number)" },
	[COL_CONTAINER]	= { "CONTAINER", 0, 0, SCOLS_JSON_STRING,
			    "container of the PID: name, or short id" },
	[COL_RUNTIME]	= { "RUNTIME", 0, 0, SCOLS_JSON_STRING, runtime_help },
	[COL_POD]	= { "POD", 0, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			    "Kubernetes pod: namespace/name, or UID" },
	[COL_HOST]	= { "HOST", 0, 0, SCOLS_JSON_BOOLEAN,
			    "whether it is one of the host's (initial) namespaces" },
	[COL_HOLDER]	= { "HOLDER", 0, 0, SCOLS_JSON_STRING,
			    "what keeps a namespace without processes alive" },
};

/* What a column needs loaded for the process of a row, and from the kernel. */
static const struct {
	unsigned int task;
	unsigned int query;
	bool population;	/* depends on the other processes of the namespace */
} col_needs[NCOLS] = {
	[COL_PATH]	= { 0, 0, true },
	[COL_NPROCS]	= { 0, 0, true },
	[COL_PID]	= { 0, 0, true },
	[COL_PPID]	= { TASK_STAT, 0, true },
	[COL_COMMAND]	= { TASK_CMDLINE, 0, true },
	[COL_UID]	= { TASK_UID, NSQ_UID, true },
	[COL_USER]	= { TASK_UID, NSQ_UID, true },
	[COL_NETNSID]	= { 0, NSQ_NETNSID, false },
	[COL_PNS]	= { 0, NSQ_PARENT, false },
	[COL_ONS]	= { 0, NSQ_OWNER, false },
	[COL_CONTAINER]	= { TASK_CONTAINER, 0, true },
	[COL_RUNTIME]	= { TASK_CONTAINER, 0, true },
	[COL_POD]	= { TASK_CONTAINER, 0, true },
	[COL_HOLDER]	= { 0, 0, true },
};

enum tree_mode {
	TREE_NONE,
	TREE_PROCESS,
	TREE_OWNER,
	TREE_PARENT,
};

struct nsls {
	/* options */
	struct out_opts out;
	int cols[NCOLS * 2];
	size_t ncols;
	ns_mask_t types;
	pid_t task_pid;			/* -p */
	bool have_ns_arg;		/* positional namespace */
	uint64_t ns_arg;
	enum tree_mode tree;
	bool list;			/* -l */
	bool persistent;		/* -P */
	const char *container;		/* --container */
	const char *proc_root;
	const char *host_root;
	struct filter *filter;		/* -Q; owned */

	/* state */
	struct procfs pfs;
	struct snapshot snap;
	unsigned int need_task;
	unsigned int need_query;
	struct libscols_table *tb;
	struct hashmap outline_by_pid;	/* pid -> the last line it represents */
	struct hashmap ns_line;		/* ns key -> its line (owner/parent trees) */
	struct hashmap visited;		/* ns key -> 1 once considered (trees) */
	struct hashmap selected;	/* ns key -> 1 (--container) */
	struct idcache ids;		/* user names */
	bool warn_unreadable;		/* --warn-unreadable */
};

/* One row being rendered: values live as long as the row. */
struct row {
	struct nsent *ns;
	struct task *task;
	char buf[NCOLS][64];
	char *heap;			/* one allocated value (NSFS with -W); owned */
};

/* "container runtime (docker, podman, ... or kubernetes)" */
static void runtime_help_init(void)
{
	size_t off = 0;

	for (int rt = CT_NONE + 1; rt < CT_NRUNTIMES && off < sizeof(runtime_help); rt++) {
		const char *sep = rt == CT_NONE + 1 ? "container runtime (" :
				  rt + 1 < CT_NRUNTIMES ? ", " : " or ";

		off += (size_t)snprintf(runtime_help + off, sizeof(runtime_help) - off, "%s%s", sep,
					container_runtime_name((enum ct_runtime)rt));
	}
	if (off < sizeof(runtime_help))
		snprintf(runtime_help + off, sizeof(runtime_help) - off, ")");
}

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;

	fputs("\nUsage:\n", out);
	fprintf(out, " %s [options] [<namespace>]\n", cli_name);
	fputs("\nList system namespaces.\n", out);
	fputs("\nOptions:\n", out);
	fputs(" -J, --json             use JSON output format\n", out);
	fputs(" -l, --list             use list format output\n", out);
	fputs(" -n, --noheadings       don't print headings\n", out);
	fputs(" -o, --output <list>    define which output columns to use\n", out);
	fputs("     --output-all       output all columns\n", out);
	fputs(" -P, --persistent       namespaces without processes\n", out);
	fputs(" -p, --task <pid>       print process namespaces\n", out);
	fputs(" -Q, --filter <expr>    print only the rows for which expr is true\n", out);
	fputs(" -r, --raw              use the raw output format\n", out);
	fputs("     --pairs            use key=\"value\" output format\n", out);
	fputs(" -u, --notruncate       don't truncate text in columns\n", out);
	fputs(" -W, --nowrap           don't use multi-line representation\n", out);
	fputs(" -t, --type <name>      namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)\n",
	      out);
	fputs(" -T, --tree[=<rel>]     use tree format (parent, owner, or process)\n", out);
	fputs("     --container <name> only namespaces of this container (name or id prefix)\n",
	      out);
	fputs("     --proc-root <dir>  read processes from <dir> instead of /proc\n", out);
	fputs("     --host-root <dir>  read container runtime state under <dir> (default /)\n",
	      out);
	fputs("     --warn-unreadable  say which processes could not be read, on stderr\n", out);
	fputs("     --color[=<when>]   colorize: auto (default), always or never\n", out);
	fputs("\n", out);
	fputs(" -H, --list-columns     list the available columns\n", out);
	fputs(" -h, --help             display this help\n", out);
	fputs(" -V, --version          display version\n", out);
	fputs("\nAvailable output columns:\n", out);
	for (size_t i = 0; i < NCOLS; i++)
		fprintf(out, " %11s  %s\n", columns[i].name, columns[i].help);
	fprintf(out, "\nFor more details see nsls(1).\n");
	exit(EXIT_SUCCESS);
}

static bool has_column(const struct nsls *ls, int col)
{
	for (size_t i = 0; i < ls->ncols; i++)
		if (ls->cols[i] == col)
			return true;
	return false;
}

static void add_column(struct nsls *ls, int col)
{
	if (ls->ncols >= sizeof(ls->cols) / sizeof(ls->cols[0]))
		errx(EXIT_FAILURE, "too many columns specified, the limit is %zu columns",
		     sizeof(ls->cols) / sizeof(ls->cols[0]));
	ls->cols[ls->ncols++] = col;
}

static const char *user_name(struct nsls *ls, uid_t uid, char *buf, size_t size)
{
	const char *name = idcache_user(&ls->ids, uid);

	if (name)
		return name;
	snprintf(buf, size, "%u", (unsigned int)uid);
	return buf;
}

/* The path of the namespace: a process's link, else an fd or a bind mount. */
static const char *ns_path(struct nsls *ls, struct row *r, char *buf, size_t size)
{
	const char *root = ls->pfs.root;
	struct nsent *ns = r->ns;

	/* A namespace without a process has no PATH, as in lsns: NSFS
	 * names its mount, HOLDER the descriptor that keeps it. */
	if (!r->task)
		return NULL;
	snprintf(buf, size, "%s/%d/ns/%s", root, (int)r->task->pid, nstype_table[ns->type].file);
	return buf;
}

static const char *holder(struct nsent *ns, char *buf, size_t size)
{
	if (ns->nprocs)
		return NULL;
	if (ns->src & NSSRC_MOUNT)
		return "bind mount";
	if (ns->src & NSSRC_FD)
		snprintf(buf, size, "fd %d of pid %d", ns->holder_fd, (int)ns->holder_pid);
	else if (ns->src & NSSRC_SOCKET)
		snprintf(buf, size, "socket fd %d of pid %d", ns->holder_fd, (int)ns->holder_pid);
	else if (ns->src & NSSRC_RELATED)
		return "owner or parent of another";
	else
		return NULL;
	return buf;
}

/* The text of column col for row r; NULL when empty. */
static const char *cell(struct nsls *ls, struct row *r, int col)
{
	struct nsent *ns = r->ns;
	struct task *t = r->task;
	char *buf = r->buf[col];
	size_t size = sizeof(r->buf[col]);

	switch (col) {
	case COL_NS:
		snprintf(buf, size, "%llu", (unsigned long long)ns->ino);
		return buf;
	case COL_TYPE:
		return nstype_name(ns->type);
	case COL_PATH:
		return ns_path(ls, r, buf, size);
	case COL_NPROCS:
		snprintf(buf, size, "%u", ns->nprocs);
		return buf;
	case COL_PID:
		if (!t)
			return NULL;
		snprintf(buf, size, "%d", (int)t->pid);
		return buf;
	case COL_PPID:
		if (!t || !(t->loaded & TASK_STAT))
			return NULL;
		snprintf(buf, size, "%d", (int)t->stat.ppid);
		return buf;
	case COL_COMMAND:
		return t ? t->cmdline : NULL;
	case COL_UID:
	case COL_USER: {
		uid_t uid;

		if (t && (t->loaded & TASK_UID))
			uid = t->uid;
		else if (!t && ns->have_owner_uid)
			uid = ns->owner_uid;
		else
			return NULL;
		if (col == COL_USER)
			return user_name(ls, uid, buf, size);
		snprintf(buf, size, "%u", (unsigned int)uid);
		return buf;
	}
	case COL_NETNSID:
		if (ns->type != NS_NET || ns->netnsid == NETNSID_UNKNOWN)
			return NULL;
		if (ns->netnsid == NETNSID_NONE)
			return "unassigned";
		snprintf(buf, size, "%d", ns->netnsid);
		return buf;
	case COL_NSFS:
		if (!ns->nsfs || !ls->out.nowrap)
			return ns->nsfs;
		if (!r->heap) {
			r->heap = strdup(ns->nsfs);
			if (!r->heap)
				return NULL;
			for (char *p = r->heap; *p; p++)
				if (*p == '\n')
					*p = ',';
		}
		return r->heap;
	case COL_PNS:
		snprintf(buf, size, "%llu", (unsigned long long)ns->parent);
		return buf;
	case COL_ONS:
		snprintf(buf, size, "%llu", (unsigned long long)ns->owner);
		return buf;
	case COL_CONTAINER:
		return t && t->ct ? container_label(t->ct) : NULL;
	case COL_RUNTIME:
		return t && t->ct ? container_runtime_name(t->ct->runtime) : NULL;
	case COL_POD:
		if (!t || !t->ct)
			return NULL;
		return t->ct->pod_name[0] ? t->ct->pod_name :
		       t->ct->pod_uid[0]  ? t->ct->pod_uid : NULL;
	case COL_HOST:
		if (!ls->snap.host_ref)
			return NULL;
		return ns->host ? "yes" : "no";
	case COL_HOLDER:
		return holder(ns, buf, size);
	}
	return NULL;
}

static int filter_colfn(void *data, const char *name, size_t len)
{
	(void)data;
	return out_column_lookup(columns, NCOLS, name, len);
}

static const char *filter_valfn(void *data, void *row, int col)
{
	return cell(data, row, col);
}

/* Fill a row: its process (lazily loaded) and the kernel facts it needs. */
static bool row_init(struct nsls *ls, struct row *r, struct nsent *ns, struct task *t)
{
	memset(r, 0, sizeof(*r));
	r->ns = ns;
	if (t) {
		if (snapshot_task_load(&ls->snap, t, ls->need_task) < 0)
			return false;
		r->task = t;
	} else if (ns->nprocs) {
		r->task = snapshot_ns_task(&ls->snap, ns, ls->need_task);
		/* Every process left since the walk: the namespace is gone too,
		 * unless something else holds it. No half rows. */
		if (!r->task && !(ns->src & (NSSRC_FD | NSSRC_SOCKET | NSSRC_MOUNT)))
			return false;
	}
	/* A creator's uid stands in for the user of a row without a process. */
	if (ls->need_query & ~(r->task ? NSQ_UID : 0u))
		snapshot_ns_query(&ls->snap, ns, ls->need_query & ~(r->task ? NSQ_UID : 0u));
	return true;
}

static void row_release(struct row *r)
{
	free(r->heap);
	r->heap = NULL;
}

static struct libscols_line *add_line(struct nsls *ls, struct row *r, struct libscols_line *parent)
{
	struct libscols_line *ln;

	if (ls->filter && !filter_match(ls->filter, filter_valfn, ls, r))
		return NULL;
	ln = scols_table_new_line(ls->tb, parent);
	if (!ln)
		err(EXIT_FAILURE, "failed to add a line to the output");
	for (size_t i = 0; i < ls->ncols; i++) {
		const char *v = cell(ls, r, ls->cols[i]);

		if (out_cell(&ls->out, ln, i, v) < 0)
			err(EXIT_FAILURE, "failed to add output data");
		if (ls->out.color && v && ls->cols[i] == COL_CONTAINER)
			scols_cell_set_color(scols_line_get_cell(ln, i), "cyan");
	}
	return ln;
}

static struct libscols_line *ns_line_of(struct nsls *ls, enum ns_type type, uint64_t ino)
{
	return ino ? hashmap_get(&ls->ns_line, snapshot_ns_key(type, ino)) : NULL;
}

/*
 * The namespace a tree shows before ns: its owner (-T owner), or its parent
 * (-T parent, pid and user namespaces), else its owner. *hang says whether
 * ns's row goes under that one's: lsns hangs rows under parents only in a
 * tree of parents, and merely shows the owner first for the other types.
 */
static struct nsent *tree_up(struct nsls *ls, struct nsent *ns, bool *hang)
{
	struct nsent *up = NULL;

	*hang = true;
	if (ls->tree == TREE_PARENT && (ns->type == NS_PID || ns->type == NS_USER))
		up = snapshot_find_ns(&ls->snap, ns->type, ns->parent);
	if (!up && (ls->tree == TREE_OWNER || ls->tree == TREE_PARENT)) {
		up = snapshot_find_ns(&ls->snap, NS_USER, ns->owner);
		*hang = ls->tree == TREE_OWNER;
	}
	return up == ns ? NULL : up;
}

static void show_ns(struct nsls *ls, struct nsent *ns)
{
	uint64_t key = snapshot_ns_key(ns->type, ns->ino);
	struct libscols_line *parent = NULL, *ln;
	struct row r;

	if (hashmap_get(&ls->visited, key))
		return;
	if (hashmap_put(&ls->visited, key, (void *)1) < 0)
		err(EXIT_FAILURE, "out of memory");

	if (ls->tree == TREE_OWNER || ls->tree == TREE_PARENT) {
		bool hang;
		struct nsent *up = tree_up(ls, ns, &hang);

		/* Owners and parents first, whatever the selection (as lsns). */
		if (up) {
			show_ns(ls, up);
			if (hang)
				parent = ns_line_of(ls, up->type, up->ino);
		}
	}
	if (!row_init(ls, &r, ns, NULL))
		return;
	if (ls->tree == TREE_PROCESS && r.task && (r.task->loaded & TASK_STAT))
		parent = hashmap_get(&ls->outline_by_pid, (uint64_t)r.task->stat.ppid);
	ln = add_line(ls, &r, parent);
	row_release(&r);
	if (!ln)
		return;
	if (ls->tree == TREE_OWNER || ls->tree == TREE_PARENT)
		hashmap_put(&ls->ns_line, key, ln);
	else if (r.task)
		hashmap_put(&ls->outline_by_pid, (uint64_t)r.task->pid, ln);
}

static bool ns_selected(struct nsls *ls, struct nsent *ns)
{
	if (ls->persistent && ns->nprocs)
		return false;
	if (ls->task_pid) {
		struct task *t = snapshot_find_task(&ls->snap, ls->task_pid);

		if (!t || t->ns[ns->type] != ns->ino)
			return false;
	}
	if (ls->container && !hashmap_get(&ls->selected, snapshot_ns_key(ns->type, ns->ino)))
		return false;
	return true;
}

/* Processes of one namespace (the positional argument), lsns's tree of them. */
static void show_process(struct nsls *ls, struct nsent *ns, struct task *t)
{
	struct libscols_line *parent = NULL, *ln;
	struct task *pt = NULL;
	struct row r;

	if (hashmap_get(&ls->visited, (uint64_t)t->pid))
		return;
	hashmap_put(&ls->visited, (uint64_t)t->pid, (void *)1);
	if (!row_init(ls, &r, ns, t))
		return;
	if (ls->tree == TREE_PROCESS && (t->loaded & TASK_STAT)) {
		pt = snapshot_find_task(&ls->snap, t->stat.ppid);
		/* a parent in the same namespace is shown first */
		if (pt && pt->ns[ns->type] == ns->ino)
			show_process(ls, ns, pt);
		parent = hashmap_get(&ls->outline_by_pid, (uint64_t)t->stat.ppid);
	}
	ln = add_line(ls, &r, parent);
	row_release(&r);
	if (ln)
		hashmap_put(&ls->outline_by_pid, (uint64_t)t->pid, ln);
}

/* --container: the container is found as nsjoin -t container:NAME finds it. */
static void select_container(struct nsls *ls)
{
	const char *want = ls->container;
	struct target_match m;
	int rc;

	rc = target_match_container(&ls->snap, want, TARGET_CONTAINER, &m);
	/* as nsdiff and nsjoin say of an empty target */
	if (rc == -EINVAL)
		errx(EXIT_FAILURE, "invalid container '%s'", want);
	if (rc == -ENOENT)
		errx(EXIT_FAILURE, "no container matches '%s'", want);
	if (rc == -ENOTUNIQ)
		cli_die_candidates(want, m.candidates, m.ncandidates);
	free(m.candidates);
	if (rc == -ESRCH && m.stopped)
		cli_die_stopped(m.ct);
	if (rc)
		cli_die_errno(rc, "cannot look for container '%s'", want);
	for (size_t i = 0; i < ls->snap.ntasks; i++) {
		struct task *t = &ls->snap.tasks[i];

		if (t->ct != m.ct)
			continue;
		for (int type = 0; type < NS_NTYPES; type++)
			if (t->ns[type])
				hashmap_put(&ls->selected, snapshot_ns_key(type, t->ns[type]),
					    (void *)1);
	}
}

static void report_filter_error(const char *expr, const struct filter_error *fe)
{
	size_t len = strlen(expr), pos = fe->pos > len ? len : fe->pos;
	size_t tlen = fe->len;

	if (pos + tlen > len)
		tlen = len - pos;
	fprintf(stderr, "%s: bad filter: %s at position %zu\n", cli_name, fe->msg, pos + 1);
	if (isatty(STDERR_FILENO)) {
		fprintf(stderr, "  %s\n  %*s", expr, (int)pos, "");
		for (size_t i = 0; i < (tlen ? tlen : 1); i++)
			fputc('^', stderr);
		fputc('\n', stderr);
	}
	exit(EXIT_FAILURE);
}

static void parse_filter(struct nsls *ls, const char *expr)
{
	struct filter_error fe;
	int rc;

	if (ls->filter)
		filter_free(ls->filter);
	rc = filter_parse(expr, filter_colfn, ls, &ls->filter, &fe);
	if (rc == -EINVAL)
		report_filter_error(expr, &fe);
	if (rc < 0)
		cli_die_errno(rc, "cannot parse filter");
}

/* Compute what the selected columns and the filter need to have read. */
static bool compute_needs(struct nsls *ls)
{
	int fcols[NCOLS];
	size_t nf = ls->filter ? filter_columns(ls->filter, fcols, NCOLS) : 0;
	bool population = false;

	ls->need_task = 0;
	ls->need_query = 0;
	for (size_t i = 0; i < ls->ncols + nf; i++) {
		int c = i < ls->ncols ? ls->cols[i] : fcols[i - ls->ncols];

		ls->need_task |= col_needs[c].task;
		ls->need_query |= col_needs[c].query;
		population |= col_needs[c].population;
	}
	/*
	 * A tree of processes hangs rows by their process's parent; it is
	 * drawn in COMMAND and without that column there is nothing to draw.
	 */
	if (ls->tree == TREE_PROCESS && has_column(ls, COL_COMMAND)) {
		ls->need_task |= TASK_STAT;
		population = true;
	}
	/* Owners and parents come from the kernel; a row's place in their
	 * tree needs no other process. */
	return population;
}

static void take_snapshot(struct nsls *ls)
{
	struct snapshot_opts o = {
		.types = ls->types,
		.fds = true,
		.sockets = true,
		.mounts = true,
		.host = true,
		.sysroot = ls->host_root,
	};
	bool population = compute_needs(ls);
	int rc;

	if (ls->task_pid) {
		/*
		 * -p reads only that process unless a column describes the
		 * namespace's population (NPROCS, the lowest PID, ...): then
		 * only the namespace links of the others, nothing else.
		 */
		o.fds = o.sockets = false;
		o.mounts = has_column(ls, COL_NSFS);
		if (!population)
			o.only_pid = ls->task_pid;
	}
	rc = snapshot_take(&ls->snap, &ls->pfs, &o);
	if (rc == -ESRCH && ls->task_pid)
		errx(EXIT_FAILURE, "no process with PID %d", (int)ls->task_pid);
	if (rc < 0)
		cli_die_errno(rc, "cannot read processes under '%s'", ls->pfs.root);
	if (ls->task_pid && !snapshot_find_task(&ls->snap, ls->task_pid))
		errx(EXIT_FAILURE, "no process with PID %d", (int)ls->task_pid);
	if (ls->tree == TREE_OWNER || ls->tree == TREE_PARENT) {
		rc = snapshot_add_related(&ls->snap);
		if (rc < 0)
			cli_die_errno(rc, "cannot read namespace relations");
	}
}

/* " PID 1, 2, ..." on stderr: the first n of pids, of total. */
static void list_pids(const pid_t *pids, size_t n, size_t total)
{
	fputs(" PID", stderr);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s %d", i ? "," : "", (int)pids[i]);
	fprintf(stderr, "%s\n", total > n ? ", ..." : "");
}

/*
 * What could not be read, said once. Processes whose namespaces could not
 * be read (another user's, or PID 1 in many sandboxes) are left out, as
 * lsns leaves them out silently: people are told, on a terminal or when
 * they ask, and scripts that read stderr, or check that it is empty, see
 * what lsns gives them. Links that are not namespace links (a broken proc
 * tree) are always said.
 */
static void warn_unreadable(const struct nsls *ls)
{
	const struct snapshot *s = &ls->snap;
	size_t shown = s->ndenied < 8 ? s->ndenied : 8;

	if (s->ndenied && (ls->warn_unreadable || isatty(STDERR_FILENO))) {
		fprintf(stderr, "%s: the namespaces of %zu process%s could not be read "
			"(permission denied):", cli_name, s->ndenied, s->ndenied == 1 ? "" : "es");
		list_pids(s->denied_pids, shown, s->ndenied);
	}
	if (s->nmalformed) {
		const struct task *t = snapshot_find_task(s, s->malformed_pids[0]);

		/* the first link at fault by its path, the other processes by PID */
		fprintf(stderr, "%s: malformed namespace link '%s/%d/ns/%s'", cli_name, ls->pfs.root,
			(int)t->pid, nstype_table[nstype_first(t->malformed)].file);
		shown = s->nmalformed < 8 ? s->nmalformed : 8;
		if (s->nmalformed == 1) {
			fputc('\n', stderr);
			return;
		}
		fprintf(stderr, ", and in %zu more process%s:", s->nmalformed - 1,
			s->nmalformed == 2 ? "" : "es");
		list_pids(s->malformed_pids + 1, shown - 1, s->nmalformed - 1);
	}
}

static void init_table(struct nsls *ls)
{
	ls->tb = out_table_new(&ls->out);
	if (!ls->tb)
		err(EXIT_FAILURE, "failed to allocate output table");
	for (size_t i = 0; i < ls->ncols; i++) {
		int c = ls->cols[i], extra = 0;
		struct out_column col = columns[c];

		if (ls->tree == TREE_PROCESS && c == COL_COMMAND)
			extra |= SCOLS_FL_TREE;
		if ((ls->tree == TREE_OWNER || ls->tree == TREE_PARENT) && c == COL_NS) {
			extra |= SCOLS_FL_TREE;
			col.flags &= ~SCOLS_FL_RIGHT;
		}
		if (!out_table_add(ls->tb, &ls->out, &col, extra))
			err(EXIT_FAILURE, "failed to allocate output column");
	}
}

static void parse_type(struct nsls *ls, const char *arg)
{
	enum ns_type t = nstype_from_name(arg);

	if (t == NS_UNKNOWN)
		errx(EXIT_FAILURE, "unknown namespace type '%s'", arg);
	ls->types |= NS_MASK(t);
}

/* A namespace argument: "4026531840" or "net:[4026531840]". */
static void parse_ns_arg(struct nsls *ls, const char *arg)
{
	enum ns_type t;

	if (cli_parse_u64(arg, &ls->ns_arg) == 0 && ls->ns_arg)
		;
	else if (nstype_parse_link(arg, strlen(arg), &t, &ls->ns_arg) < 0)
		errx(EXIT_FAILURE, "invalid namespace argument '%s'", arg);
	ls->have_ns_arg = true;
}

static int show_namespace_processes(struct nsls *ls)
{
	struct nsent *ns = NULL;

	for (int t = 0; t < NS_NTYPES && !ns; t++)
		ns = snapshot_find_ns(&ls->snap, t, ls->ns_arg);
	if (!ns)
		errx(EXIT_FAILURE, "not found namespace: %llu", (unsigned long long)ls->ns_arg);
	for (size_t i = 0; i < ns->nprocs; i++)
		show_process(ls, ns, snapshot_member(&ls->snap, ns, i));
	return 0;
}

int main(int argc, char **argv)
{
	enum {
		OPT_OUTPUT_ALL = CHAR_MAX + 1,
		OPT_PAIRS,
		OPT_CONTAINER,
		OPT_PROC_ROOT,
		OPT_HOST_ROOT,
		OPT_COLOR,
		OPT_WARN_UNREADABLE,
	};
	static const struct option longopts[] = {
		{ "json",		no_argument,		NULL, 'J' },
		{ "list",		no_argument,		NULL, 'l' },
		{ "noheadings",		no_argument,		NULL, 'n' },
		{ "output",		required_argument,	NULL, 'o' },
		{ "output-all",		no_argument,		NULL, OPT_OUTPUT_ALL },
		{ "persistent",		no_argument,		NULL, 'P' },
		{ "task",		required_argument,	NULL, 'p' },
		{ "filter",		required_argument,	NULL, 'Q' },
		{ "raw",		no_argument,		NULL, 'r' },
		{ "pairs",		no_argument,		NULL, OPT_PAIRS },
		{ "notruncate",		no_argument,		NULL, 'u' },
		{ "nowrap",		no_argument,		NULL, 'W' },
		{ "type",		required_argument,	NULL, 't' },
		{ "tree",		optional_argument,	NULL, 'T' },
		{ "container",		required_argument,	NULL, OPT_CONTAINER },
		{ "proc-root",		required_argument,	NULL, OPT_PROC_ROOT },
		{ "host-root",		required_argument,	NULL, OPT_HOST_ROOT },
		{ "color",		optional_argument,	NULL, OPT_COLOR },
		{ "warn-unreadable",	no_argument,		NULL, OPT_WARN_UNREADABLE },
		{ "list-columns",	no_argument,		NULL, 'H' },
		{ "help",		no_argument,		NULL, 'h' },
		{ "version",		no_argument,		NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct cli_excl excl[] = {
		{ { 'J', 'r', OPT_PAIRS } },
		{ { 'P', 'p' } },
		{ { 'T', 'l' } },
		{ { 0 } },
	};
	int excl_st[sizeof(excl) / sizeof(excl[0])] = { 0 };
	struct nsls ls = { .out.json_name = "namespaces" };
	const char *outarg = NULL, *filter_arg = NULL;
	bool list_columns = false;
	int color_mode = OUT_COLOR_AUTO, c, rc;
	bool types_given;

	cli_init(argc, argv);
	runtime_help_init();
	while ((c = getopt_long(argc, argv, "JlnPp:o:Q:ruWt:T::HhV", longopts, NULL)) != -1) {
		cli_exclusive(c, longopts, excl, excl_st);
		switch (c) {
		case 'J':
			ls.out.format = OUT_JSON;
			break;
		case 'l':
			ls.list = true;
			break;
		case 'n':
			ls.out.noheadings = true;
			break;
		case 'o':
			outarg = optarg;
			break;
		case OPT_OUTPUT_ALL:
			ls.ncols = 0;
			for (int i = 0; i < NCOLS; i++)
				add_column(&ls, i);
			break;
		case 'P':
			ls.persistent = true;
			break;
		case 'p':
			if (cli_parse_pid(optarg, &ls.task_pid) < 0)
				errx(EXIT_FAILURE, "invalid PID argument '%s'", optarg);
			break;
		case 'Q':
			filter_arg = optarg;
			break;
		case 'r':
			ls.out.format = OUT_RAW;
			ls.out.nowrap = true;
			break;
		case OPT_PAIRS:
			ls.out.format = OUT_PAIRS;
			ls.out.nowrap = true;
			break;
		case 'u':
			ls.out.notruncate = true;
			break;
		case 'W':
			ls.out.nowrap = true;
			break;
		case 't':
			parse_type(&ls, optarg);
			break;
		case 'T':
			ls.tree = TREE_OWNER;
			if (optarg) {
				const char *a = optarg[0] == '=' ? optarg + 1 : optarg;

				if (strcmp(a, "parent") == 0)
					ls.tree = TREE_PARENT;
				else if (strcmp(a, "process") == 0)
					ls.tree = TREE_PROCESS;
				else if (strcmp(a, "owner") != 0)
					errx(EXIT_FAILURE, "unknown tree type '%s'", a);
			}
			break;
		case OPT_CONTAINER:
			ls.container = optarg;
			break;
		case OPT_PROC_ROOT:
			ls.proc_root = optarg;
			break;
		case OPT_HOST_ROOT:
			ls.host_root = optarg;
			break;
		case OPT_COLOR:
			color_mode = out_color_parse(optarg);
			if (color_mode < 0)
				errx(EXIT_FAILURE, "invalid color mode '%s'", optarg);
			break;
		case OPT_WARN_UNREADABLE:
			ls.warn_unreadable = true;
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
		rc = out_list_columns(stdout, "nsls-columns", columns, NCOLS,
				      ls.out.format == OUT_RAW, ls.out.format == OUT_JSON);
		return rc ? EXIT_FAILURE : EXIT_SUCCESS;
	}
	types_given = ls.types != 0;
	if (!ls.types)
		ls.types = NS_MASK_ALL;
	if (optind < argc) {
		if (ls.task_pid)
			errx(EXIT_FAILURE, "--task is mutually exclusive with <namespace>");
		if (optind + 1 < argc)
			errx(EXIT_FAILURE, "unexpected argument '%s'", argv[optind + 1]);
		parse_ns_arg(&ls, argv[optind]);
		if (!ls.tree && !ls.list)
			ls.tree = TREE_PROCESS;
		if (!ls.ncols) {
			add_column(&ls, COL_PID);
			add_column(&ls, COL_PPID);
			add_column(&ls, COL_USER);
			add_column(&ls, COL_COMMAND);
		}
	}
	if (!ls.ncols) {
		add_column(&ls, COL_NS);
		add_column(&ls, COL_TYPE);
		add_column(&ls, COL_NPROCS);
		add_column(&ls, COL_PID);
		add_column(&ls, COL_USER);
		/* as lsns: whenever -t net is among the types asked for */
		if (types_given && (ls.types & NS_MASK(NS_NET))) {
			add_column(&ls, COL_NETNSID);
			add_column(&ls, COL_NSFS);
		}
		add_column(&ls, COL_COMMAND);
		if (!ls.tree && !ls.list)
			ls.tree = TREE_PROCESS;
	}
	if (outarg) {
		const char *bad;
		size_t badlen;

		rc = out_parse_list(outarg, columns, NCOLS, ls.cols, &ls.ncols,
				    sizeof(ls.cols) / sizeof(ls.cols[0]), &bad, &badlen);
		if (rc == -EINVAL)
			errx(EXIT_FAILURE, "unknown column '%.*s'", (int)badlen, bad);
		if (rc < 0)
			errx(EXIT_FAILURE, "too many columns specified");
	}
	/* key="value" lines have no room for tree drawing */
	if (ls.out.format == OUT_PAIRS)
		ls.tree = TREE_NONE;
	if (filter_arg)
		parse_filter(&ls, filter_arg);
	ls.out.color = out_color_enabled(color_mode, STDOUT_FILENO);

	rc = procfs_open(&ls.pfs, ls.proc_root);
	if (rc < 0)
		cli_die_errno(rc, "cannot open '%s'", ls.proc_root ? ls.proc_root : "/proc");

	take_snapshot(&ls);
	if (ls.container)
		select_container(&ls);

	init_table(&ls);
	if (ls.have_ns_arg) {
		show_namespace_processes(&ls);
	} else {
		for (size_t i = 0; i < ls.snap.nns; i++)
			if (ns_selected(&ls, ls.snap.ns[i]))
				show_ns(&ls, ls.snap.ns[i]);
	}
	rc = out_print_table(ls.tb);
	warn_unreadable(&ls);

	scols_unref_table(ls.tb);
	filter_free(ls.filter);
	idcache_release(&ls.ids);
	hashmap_clear(&ls.outline_by_pid);
	hashmap_clear(&ls.ns_line);
	hashmap_clear(&ls.visited);
	hashmap_clear(&ls.selected);
	snapshot_release(&ls.snap);
	procfs_close(&ls.pfs);
	/* a failed write is said at exit (cli_close_stdout) */
	return rc ? EXIT_FAILURE : EXIT_SUCCESS;
}
