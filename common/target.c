// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The target resolver: a word from the command line to a process and
 * namespaces. See target.h for the forms and their order.
 *
 * The cheap forms come first and touch little: a PID reads one stat file
 * and eight links, an nsrun name one state record. Only names that need the
 * whole picture (container names and ids, pods, inodes) take a snapshot,
 * once.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nsenter.h"
#include "nsfs.h"
#include "runstate.h"
#include "snapshot.h"
#include "target.h"

static const char *const kind_names[TARGET_NKINDS] = {
	[TARGET_PID]		= "pid",
	[TARGET_NSINODE]	= "namespace",
	[TARGET_NSFILE]		= "namespace file",
	[TARGET_NSRUN]		= "nsrun container",
	[TARGET_CONTAINER]	= "container",
	[TARGET_POD]		= "pod",
	[TARGET_NETNS]		= "netns",
	[TARGET_NAME]		= "name",
};

const char *target_kind_name(enum target_kind kind)
{
	return (unsigned int)kind < TARGET_NKINDS ? kind_names[kind] : "unknown";
}

/* The explicit prefixes: "kind:" forces one form. */
static const struct {
	const char *prefix;
	enum target_kind kind;
} prefixes[] = {
	{ "pid:",	TARGET_PID },
	{ "nsrun:",	TARGET_NSRUN },
	{ "container:",	TARGET_CONTAINER },
	{ "pod:",	TARGET_POD },
	{ "netns:",	TARGET_NETNS },
	{ "ns:",	TARGET_NSFILE },
};

/* --- parsing ------------------------------------------------------------- */

/* Decimal digits only, no sign, no leading zero, fits 64 bits. */
static int parse_u64(const char *s, size_t len, uint64_t *v)
{
	uint64_t x = 0;

	if (len == 0 || (s[0] == '0' && len > 1))
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		if (x > (UINT64_MAX - 9) / 10)
			return -EINVAL;
		x = x * 10 + (uint64_t)(s[i] - '0');
	}
	if (x == 0)
		return -EINVAL;
	*v = x;
	return 0;
}

/* A number: a PID up to TARGET_PID_MAX, an inode above it. */
static int parse_number(const char *s, size_t len, struct target_spec *spec)
{
	uint64_t v;

	if (parse_u64(s, len, &v) < 0)
		return -EINVAL;
	if (v <= TARGET_PID_MAX) {
		spec->kind = TARGET_PID;
		spec->pid = (pid_t)v;
	} else {
		spec->kind = TARGET_NSINODE;
		spec->ino = v;
	}
	return 0;
}

/* "net:[4026532205]" or "net:4026532205"; *matched says whether the text had that shape. */
static int parse_typed_inode(const char *arg, struct target_spec *spec, bool *matched)
{
	const char *colon = strchr(arg, ':'), *num;
	enum ns_type t;
	size_t len;
	uint64_t v;

	*matched = false;
	if (!colon)
		return 0;
	t = nstype_from_name_n(arg, (size_t)(colon - arg));
	if (t == NS_UNKNOWN)
		return 0;
	num = colon + 1;
	len = strlen(num);
	if (len && num[0] == '[') {
		*matched = true;
		if (len < 3 || num[len - 1] != ']')
			return -EINVAL;
		num++;
		len -= 2;
	} else if (len && num[0] >= '0' && num[0] <= '9') {
		/* "pid:1234" is a PID, "pid:4026531836" a pid namespace */
		if (t == NS_PID && parse_u64(num, len, &v) == 0 && v <= TARGET_PID_MAX)
			return 0;
		*matched = true;
	} else {
		return 0;
	}
	if (parse_u64(num, len, &v) < 0)
		return -EINVAL;
	spec->kind = TARGET_NSINODE;
	spec->type = t;
	spec->ino = v;
	return 0;
}

int target_parse(const char *arg, struct target_spec *spec)
{
	bool matched;
	size_t len;
	int rc;

	memset(spec, 0, sizeof(*spec));
	spec->type = NS_UNKNOWN;
	spec->kind = TARGET_NAME;
	if (!arg || !*arg)
		return -EINVAL;
	for (const unsigned char *p = (const unsigned char *)arg; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return -EINVAL;
	len = strlen(arg);
	spec->word = arg;

	/* digits only: a number; "3f4e" and pod UIDs start with digits too, and are words */
	if (strspn(arg, "0123456789") == len)
		return parse_number(arg, len, spec);
	if (arg[0] == '/') {
		spec->kind = TARGET_NSFILE;
		return 0;
	}
	rc = parse_typed_inode(arg, spec, &matched);
	if (rc || matched) {
		spec->prefixed = matched;
		return rc;
	}
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t plen = strlen(prefixes[i].prefix);
		const char *rest = arg + plen;

		if (strncmp(arg, prefixes[i].prefix, plen) != 0)
			continue;
		spec->prefixed = true;
		spec->kind = prefixes[i].kind;
		spec->word = rest;
		if (!*rest)
			return -EINVAL;
		switch (spec->kind) {
		case TARGET_PID:
			rc = parse_number(rest, strlen(rest), spec);
			/* "pid:" is for PIDs; a pid namespace is "pid:[N]" */
			return rc || spec->kind != TARGET_PID ? -EINVAL : 0;
		case TARGET_NETNS:
			return strchr(rest, '/') || !strcmp(rest, ".") || !strcmp(rest, "..") ?
			       -EINVAL : 0;
		default:
			return 0;
		}
	}
	return 0;
}

/* --- results ------------------------------------------------------------- */

void target_init(struct target *t)
{
	memset(t, 0, sizeof(*t));
	t->pidfd = -1;
	for (int i = 0; i < NS_NTYPES; i++)
		t->fd[i] = -1;
	t->spec.type = NS_UNKNOWN;
}

void target_release(struct target *t)
{
	for (int i = 0; i < NS_NTYPES; i++) {
		free(t->path[i]);
		if (t->fd[i] >= 0)
			close(t->fd[i]);
	}
	if (t->pidfd >= 0)
		close(t->pidfd);
	free(t->candidates);
	target_init(t);
}

/* Forget what an attempt of one kind left, keeping what was asked. */
static void reset_result(struct target *t)
{
	struct target_spec spec = t->spec;

	target_release(t);
	t->spec = spec;
}

void target_candidate_line(const struct target_candidate *c, char *buf, size_t size)
{
	const struct container_info *ct = &c->ct;
	const char *pod = ct->pod_name[0] ? ct->pod_name : ct->pod_uid;

	const char *id = ct->short_id[0] ? ct->short_id : ct->id;

	snprintf(buf, size, "%-12.12s  %-20s  %-10s  PID %d%s%s", id, ct->name[0] ? ct->name : "-",
		 container_runtime_name(ct->runtime), (int)c->pid, pod[0] ? "  pod " : "", pod);
}

/* --- PIDs ---------------------------------------------------------------- */

/*
 * The types the kernel has: the links of the reader itself ("self/ns"). A
 * proc root without them (a fixture tree) says nothing: all types then.
 */
static ns_mask_t kernel_types(const struct procfs *pfs)
{
	ns_mask_t m = 0;

	for (int t = 0; t < NS_NTYPES; t++) {
		char rel[32];
		struct stat st;

		snprintf(rel, sizeof(rel), "self/ns/%s", nstype_table[t].file);
		if (fstatat(pfs->rootfd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0)
			m |= NS_MASK(t);
	}
	return m ? m : NS_MASK_ALL;
}

/* Resolution failed with rc on PID/rel of the proc root: say which file. */
static int failed_on(const struct target_opts *opts, struct target *t, pid_t pid,
		     const char *rel, int rc)
{
	snprintf(t->failed, sizeof(t->failed), "%s/%d/%s", opts->pfs->root, (int)pid, rel);
	return rc;
}

static int resolve_pid(const struct target_opts *opts, struct target *t, pid_t pid)
{
	struct proc_stat st;
	char rel[32];
	int rc;

	rc = procfs_read_stat(opts->pfs, pid, &st);
	if (rc == -ENOENT || rc == -ESRCH)
		return -ESRCH;
	if (rc)
		return failed_on(opts, t, pid, "stat", rc);
	/* a zombie has left every namespace but its pid and user ones */
	if (st.state == 'Z' || st.state == 'X')
		return -ESRCH;
	t->pid = pid;
	t->starttime = st.starttime;
	for (int type = 0; type < NS_NTYPES; type++) {
		rc = procfs_read_ns(opts->pfs, pid, type, &t->ino[type]);
		if (rc == 0) {
			t->types |= NS_MASK(type);
		} else if (rc == -EACCES || rc == -EPERM) {
			/* ptrace rules hide the link, not the namespace: setns may still work */
			t->types |= NS_MASK(type);
			t->denied |= NS_MASK(type);
		} else if (rc != -ENOENT) {
			snprintf(rel, sizeof(rel), "ns/%s", nstype_table[type].file);
			return failed_on(opts, t, pid, rel, rc);
		}
	}
	/*
	 * An exiting process loses its links (all but pid and user) before it
	 * turns into a zombie: a type the kernel has but the process lacks
	 * means it is on its way out, not that it has no such namespace.
	 */
	if (t->types != NS_MASK_ALL && (kernel_types(opts->pfs) & ~t->types))
		return -ESRCH;
	return t->types ? 0 : -ESRCH;
}

/* --- namespace files ----------------------------------------------------- */

/*
 * The type and inode of a namespace file: from the link text when it is a
 * /proc link ("net:[N]"), else from the kernel (a bind mount on nsfs). *fd
 * gets the fd opened for that, or -1.
 */
static int identify_file(const char *path, enum ns_type *type, uint64_t *ino, int *fd)
{
	char buf[64];
	ssize_t n = readlink(path, buf, sizeof(buf));
	int rc;

	struct stat st;

	*fd = -1;
	if (n > 0 && (size_t)n < sizeof(buf) && nstype_parse_link(buf, (size_t)n, type, ino) == 0)
		return 0;
	/* nsfs files are regular files: a device or a FIFO is not opened at all */
	if (stat(path, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -ENOTTY;
	*fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (*fd < 0)
		return -errno;
	rc = nsfs_get_nstype(*fd, type);
	if (rc == 0)
		rc = nsfs_fd_ino(*fd, ino);
	if (rc) {
		close(*fd);
		*fd = -1;
		/* ENOTTY: an ordinary file; EINVAL: an fd NS_GET_NSTYPE does not know */
		return rc == -EINVAL ? -ENOTTY : rc;
	}
	return 0;
}

static int resolve_file(struct target *t, const char *path, enum target_kind kind)
{
	enum ns_type type;
	uint64_t ino;
	int fd, rc;

	t->kind = kind;
	rc = identify_file(path, &type, &ino, &fd);
	if (rc)
		return rc;
	if (kind == TARGET_NETNS && type != NS_NET) {
		if (fd >= 0)
			close(fd);
		return -ENOTTY;
	}
	t->path[type] = strdup(path);
	if (!t->path[type]) {
		if (fd >= 0)
			close(fd);
		return -ENOMEM;
	}
	t->types = NS_MASK(type);
	t->ino[type] = ino;
	t->fd[type] = fd;
	if (kind == TARGET_NETNS)
		snprintf(t->label, sizeof(t->label), "netns %s", path);
	else
		snprintf(t->label, sizeof(t->label), "%s", path);
	return 0;
}

static int resolve_netns(const struct target_opts *opts, struct target *t, const char *name)
{
	const char *root = opts->sysroot && *opts->sysroot ? opts->sysroot : "";
	char path[PATH_MAX];
	int rc;

	if (strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return -ENOENT;
	if (snprintf(path, sizeof(path), "%s/run/netns/%s", strcmp(root, "/") ? root : "",
		     name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	rc = resolve_file(t, path, TARGET_NETNS);
	if (rc == 0)
		snprintf(t->label, sizeof(t->label), "netns %s", name);
	return rc;
}

/* --- nsrun containers ---------------------------------------------------- */

static void set_ct_label(struct target *t)
{
	const struct container_info *ct = &t->ct;

	if (t->kind == TARGET_POD)
		snprintf(t->label, sizeof(t->label), "pod %s (PID %d)",
			 ct->pod_name[0] ? ct->pod_name : ct->pod_uid, (int)t->pid);
	else
		snprintf(t->label, sizeof(t->label), "container %s (%s, PID %d)",
			 container_label(ct), container_runtime_name(ct->runtime), (int)t->pid);
}

/*
 * The oldest child of pid (its first, lowest start time), from the kernel's
 * list of children when it has one (CONFIG_PROC_CHILDREN), else from the
 * parents of every process. 0 when it has none.
 */
static pid_t oldest_child(const struct procfs *pfs, pid_t pid)
{
	char rel[64], buf[4096];
	unsigned long long best_start = 0;
	pid_t best = 0, *pids = NULL;
	size_t n = 0;
	ssize_t len;

	snprintf(rel, sizeof(rel), "%d/task/%d/children", (int)pid, (int)pid);
	len = procfs_read_small(pfs, rel, buf, sizeof(buf));
	if (len >= 0) {
		for (char *p = buf, *end; *p;) {
			long v = strtol(p, &end, 10);
			struct proc_stat st;

			if (end == p)
				break;
			p = end;
			if (v > 0 && v <= TARGET_PID_MAX &&
			    procfs_read_stat(pfs, (pid_t)v, &st) == 0 && st.ppid == pid &&
			    (!best || st.starttime < best_start)) {
				best = (pid_t)v;
				best_start = st.starttime;
			}
		}
		/* a full buffer may have cut the list: the walk below then decides */
		if ((size_t)len < sizeof(buf) - 1)
			return best;
	}
	if (procfs_list_pids(pfs, &pids, &n) < 0)
		return best;
	for (size_t i = 0; i < n; i++) {
		struct proc_stat st;

		if (procfs_read_stat(pfs, pids[i], &st) == 0 && st.ppid == pid &&
		    (!best || st.starttime < best_start)) {
			best = pids[i];
			best_start = st.starttime;
		}
	}
	free(pids);
	return best;
}

/*
 * An nsrun container's record names its init. When that is nsrun's own
 * init (PID 1 of the container's pid namespace, forked by the launcher),
 * it is a reaper: it keeps the launcher's environment (the host's), runs
 * as root whatever the container's uid, and sits in /. The command it
 * started (its oldest child) is what the container runs, as the process
 * docker inspect names is: -e, -S follow, -w and -r are meant of it. It
 * is taken when it is in the very same namespaces, so that nothing about
 * what is entered changes.
 */
static void nsrun_workload(const struct target_opts *opts, struct target *t)
{
	struct proc_status ps;
	struct target w;
	pid_t child;

	if (procfs_read_status(opts->pfs, t->pid, &ps) < 0 || ps.nspid_len < 2 ||
	    ps.nspid[ps.nspid_len - 1] != 1)
		return;
	child = oldest_child(opts->pfs, t->pid);
	if (!child)
		return;
	target_init(&w);
	if (resolve_pid(opts, &w, child) == 0 && w.types == t->types && w.denied == t->denied &&
	    !memcmp(w.ino, t->ino, sizeof(w.ino))) {
		t->pid = w.pid;
		t->starttime = w.starttime;
	}
	target_release(&w);
}

static int resolve_nsrun(const struct target_opts *opts, struct target *t, const char *name)
{
	struct runstate st;
	int rc;

	/*
	 * Security: records only from a state directory that nobody but its
	 * owner (root, for root) could have written; otherwise a planted one
	 * would steer us into a process of the planter's choice.
	 */
	if (runstate_open_read(NULL) != 1)
		return -ENOENT;
	rc = runstate_load(name, &st);
	if (rc)
		return rc == -EINVAL ? -ENOENT : rc;
	t->kind = TARGET_NSRUN;
	if (!runstate_alive(&st, opts->pfs))
		return -ESRCH;
	rc = resolve_pid(opts, t, st.pid);
	if (rc)
		return rc;
	nsrun_workload(opts, t);
	t->have_ct = true;
	t->ct.runtime = CT_NSRUN;
	snprintf(t->ct.id, sizeof(t->ct.id), "%s", st.name);
	snprintf(t->ct.name, sizeof(t->ct.name), "%s", st.name);
	snprintf(t->ct.short_id, sizeof(t->ct.short_id), "%.*s", CT_SHORT_ID_LEN, st.name);
	set_ct_label(t);
	return 0;
}

/* --- containers and pods, from a snapshot -------------------------------- */

enum match {
	MATCH_NONE,
	MATCH_PREFIX,		/* a prefix of a hex id */
	MATCH_POD,		/* the pod's namespace/name or UID */
	MATCH_EXACT,		/* name, id, or namespace/pod/container */
};

static bool all_hex(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

/* "ns/pod/ctr": the pod part and the container part of a word. */
static bool split_pod_ctr(const char *w, size_t *podlen, const char **ctr)
{
	const char *s1 = strchr(w, '/'), *s2;

	if (!s1)
		return false;
	s2 = strchr(s1 + 1, '/');
	if (!s2 || strchr(s2 + 1, '/') || !s2[1])
		return false;
	*podlen = (size_t)(s2 - w);
	*ctr = s2 + 1;
	return true;
}

static enum match match_ct(const struct container_info *ct, const char *w, enum target_kind kind)
{
	size_t wlen = strlen(w), podlen;
	const char *ctr;

	if (kind != TARGET_POD && container_runtime_ids(ct->runtime) != CT_IDS_POD) {
		if (!strcmp(ct->id, w) || (ct->name[0] && !strcmp(ct->name, w)))
			return MATCH_EXACT;
		if (ct->pod_name[0] && ct->name[0] && split_pod_ctr(w, &podlen, &ctr) &&
		    strlen(ct->pod_name) == podlen && !strncmp(ct->pod_name, w, podlen) &&
		    !strcmp(ct->name, ctr))
			return MATCH_EXACT;
	}
	if (kind != TARGET_CONTAINER &&
	    ((ct->pod_name[0] && !strcmp(ct->pod_name, w)) ||
	     (ct->pod_uid[0] && !strcmp(ct->pod_uid, w))))
		return MATCH_POD;
	/* prefixes of hex ids only: where ids are names (lxc, nsrun) "cafe" is a name too */
	if (kind != TARGET_POD && container_runtime_ids(ct->runtime) == CT_IDS_HEX &&
	    all_hex(ct->id) && all_hex(w) && wlen < strlen(ct->id) && !strncmp(ct->id, w, wlen))
		return MATCH_PREFIX;
	return MATCH_NONE;
}

struct found {
	const struct container_info *ct;
	struct task *init;
	enum match how;
};

static int found_push(struct found **v, size_t *n, const struct found *f)
{
	struct found *nv = realloc(*v, (*n + 1) * sizeof(*nv));

	if (!nv)
		return -ENOMEM;
	nv[(*n)++] = *f;
	*v = nv;
	return 0;
}

/* Fill t from the init task of a container. */
static void take_task(struct target *t, struct task *tk, const struct container_info *ct)
{
	t->pid = tk->pid;
	t->starttime = tk->stat.starttime;
	for (int type = 0; type < NS_NTYPES; type++) {
		t->ino[type] = tk->ns[type];
		if (tk->ns[type])
			t->types |= NS_MASK(type);
	}
	if (tk->denied) {
		t->denied = NS_MASK_ALL & ~t->types;
		t->types = NS_MASK_ALL;
	}
	t->have_ct = true;
	t->ct = *ct;
	set_ct_label(t);
}

/* The sandbox of a pod: the one its runtime's state calls so, or the container
 * without a name ("POD" for dockershim), else the one started first. */
static struct found *pod_sandbox(struct found *v, size_t n)
{
	struct found *best = NULL, *unnamed = NULL;
	size_t nunnamed = 0;

	for (size_t i = 0; i < n; i++) {
		if (v[i].how != MATCH_POD)
			continue;
		if (v[i].ct->sandbox || !v[i].ct->name[0] || !strcmp(v[i].ct->name, "POD")) {
			unnamed = &v[i];
			nunnamed++;
		}
		if (!best || v[i].init->stat.starttime < best->init->stat.starttime ||
		    (v[i].init->stat.starttime == best->init->stat.starttime &&
		     v[i].init->pid < best->init->pid))
			best = &v[i];
	}
	return nunnamed == 1 ? unnamed : best;
}

static int set_candidates(struct target_match *m, const struct found *v, size_t n,
			  enum match how)
{
	size_t k = 0;

	m->candidates = calloc(n, sizeof(*m->candidates));
	if (!m->candidates)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (v[i].how != how)
			continue;
		m->candidates[k].pid = v[i].init->pid;
		m->candidates[k].ct = *v[i].ct;
		k++;
	}
	m->ncandidates = k;
	return -ENOTUNIQ;
}

/* The one match of kind how. */
static const struct found *only(const struct found *v, size_t n, enum match how)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].how == how)
			return &v[i];
	return NULL;
}

/*
 * Nothing running matched: a container that the runtimes' state names but
 * that does not run (created, stopped, or its init gone) is -ESRCH, so
 * that the tool can say so, as the runtime would.
 */
static int match_stopped(struct snapshot *snap, const char *w, struct target_match *m)
{
	const struct ct_index *ix = &snap->cts->index;
	const struct ct_record *hit = NULL;
	size_t nhit = 0;

	for (size_t i = 0; i < ix->n; i++) {
		const struct ct_record *r = ix->v[i];
		enum match how;

		/* (nsrun's records are resolve_nsrun()'s to judge) */
		if (r->ignored || r->live || r->info.runtime == CT_NSRUN)
			continue;
		how = match_ct(&r->info, w, TARGET_CONTAINER);
		if (how == MATCH_EXACT) {
			hit = r;
			nhit = 1;
			break;
		}
		if (how == MATCH_PREFIX) {
			hit = r;
			nhit++;
		}
	}
	if (nhit != 1)
		return -ENOENT;
	m->ct = &hit->info;
	m->stopped = true;
	return -ESRCH;
}

int target_match_container(struct snapshot *snap, const char *w, enum target_kind kind,
			   struct target_match *m)
{
	const struct found *pick = NULL;
	struct found *v = NULL;
	size_t n = 0, nexact = 0, nprefix = 0, npod = 0;
	int rc;

	memset(m, 0, sizeof(*m));
	if (!*w)
		return -EINVAL;
	for (size_t i = 0; i < snap->ntasks; i++) {
		struct task *tk = &snap->tasks[i];
		struct found f;
		bool seen = false;

		if (snapshot_task_load(snap, tk, TASK_CONTAINER) < 0 || !tk->ct ||
		    tk->ct->monitor)
			continue;
		/* the snapshot shares one record per container: look at each once */
		for (size_t j = 0; j < n && !seen; j++)
			seen = v[j].ct == tk->ct;
		if (seen)
			continue;
		f.how = match_ct(tk->ct, w, kind);
		if (f.how == MATCH_NONE)
			continue;
		f.ct = tk->ct;
		f.init = snapshot_container_init(snap, tk->ct);
		if (!f.init)
			continue;
		rc = found_push(&v, &n, &f);
		if (rc)
			goto out_free;
		nexact += f.how == MATCH_EXACT;
		nprefix += f.how == MATCH_PREFIX;
		npod += f.how == MATCH_POD;
	}
	rc = -ENOENT;
	if (nexact > 1) {
		rc = set_candidates(m, v, n, MATCH_EXACT);
	} else if (nexact == 1) {
		pick = only(v, n, MATCH_EXACT);
	} else if (npod) {
		pick = pod_sandbox(v, n);
		m->pod = true;
	} else if (nprefix > 1) {
		rc = set_candidates(m, v, n, MATCH_PREFIX);
	} else if (nprefix == 1) {
		pick = only(v, n, MATCH_PREFIX);
	}
	if (pick) {
		m->ct = pick->ct;
		m->init = pick->init;
		rc = 0;
	} else if (rc == -ENOENT && kind != TARGET_POD) {
		rc = match_stopped(snap, w, m);
	}
out_free:
	free(v);
	return rc;
}

static int resolve_ct(const struct target_opts *opts, struct target *t, const char *w,
		      enum target_kind kind)
{
	struct snapshot_opts so = { .types = NS_MASK_ALL, .sysroot = opts->sysroot };
	struct target_match m;
	struct snapshot snap;
	int rc;

	rc = snapshot_take(&snap, (struct procfs *)opts->pfs, &so);
	if (rc)
		return rc;
	rc = target_match_container(&snap, w, kind, &m);
	t->kind = (kind == TARGET_POD || m.pod) ? TARGET_POD : TARGET_CONTAINER;
	if (rc == -ESRCH && m.stopped) {
		t->have_ct = true;
		t->ct = *m.ct;
	}
	if (rc == 0 && m.init->malformed) {
		/* its init's links are not namespace links: nothing to tell the types by */
		char rel[32];

		snprintf(rel, sizeof(rel), "ns/%s",
			 nstype_table[nstype_first(m.init->malformed)].file);
		rc = failed_on(opts, t, m.init->pid, rel, -EBADMSG);
	} else if (rc == 0) {
		take_task(t, m.init, m.ct);
		/* one of nsrun's found by its cgroup (another state directory) */
		if (t->ct.runtime == CT_NSRUN) {
			nsrun_workload(opts, t);
			set_ct_label(t);
		}
	}
	t->candidates = m.candidates;
	t->ncandidates = m.ncandidates;
	snapshot_release(&snap);
	return rc;
}

/* --- inodes -------------------------------------------------------------- */

static int resolve_inode(const struct target_opts *opts, struct target *t, enum ns_type type,
			 uint64_t ino)
{
	struct snapshot_opts so = {
		.types = NS_MASK_ALL,
		.fds = true,
		.sockets = true,
		.mounts = true,
	};
	struct snapshot snap;
	struct nsent *ns = NULL;
	struct task *tk;
	char path[PATH_MAX];
	int rc;

	t->kind = TARGET_NSINODE;
	rc = snapshot_take(&snap, (struct procfs *)opts->pfs, &so);
	if (rc)
		return rc;
	if (type != NS_UNKNOWN) {
		ns = snapshot_find_ns(&snap, type, ino);
	} else {
		/* inodes are unique across types; the wanted types are only tried first */
		for (int pass = 0; pass < 2 && !ns; pass++)
			for (int ty = 0; ty < NS_NTYPES && !ns; ty++)
				if (!!(opts->types & NS_MASK(ty)) == !pass)
					ns = snapshot_find_ns(&snap, ty, ino);
	}
	rc = -ENOENT;
	if (!ns)
		goto out_release;
	type = ns->type;
	t->types = NS_MASK(type);
	t->ino[type] = ino;
	snprintf(t->label, sizeof(t->label), "%s:[%llu]", nstype_name(type),
		 (unsigned long long)ino);
	tk = ns->nprocs ? snapshot_ns_task(&snap, ns, TASK_STAT) : NULL;
	if (tk) {
		t->pid = tk->pid;
		t->starttime = tk->stat.starttime;
		rc = 0;
	} else if ((ns->src & NSSRC_MOUNT) && ns->nsfs) {
		t->path[type] = strndup(ns->nsfs, strcspn(ns->nsfs, "\n"));
		rc = t->path[type] ? 0 : -ENOMEM;
	} else if ((ns->src & NSSRC_FD) && ns->holder_pid) {
		snprintf(path, sizeof(path), "%s/%d/fd/%d", opts->pfs->root, (int)ns->holder_pid,
			 ns->holder_fd);
		t->path[type] = strdup(path);
		rc = t->path[type] ? 0 : -ENOMEM;
	} else if ((ns->src & NSSRC_SOCKET) && ns->fd >= 0) {
		/* only a socket holds it: the fd the snapshot got is the only way in */
		t->fd[type] = fcntl(ns->fd, F_DUPFD_CLOEXEC, 3);
		rc = t->fd[type] >= 0 ? 0 : -errno;
	}
out_release:
	snapshot_release(&snap);
	return rc;
}

/* --- the resolver --------------------------------------------------------- */

int target_resolve(const char *arg, const struct target_opts *opts, struct target *t)
{
	const struct target_spec *s = &t->spec;
	int rc;

	target_release(t);
	rc = target_parse(arg, &t->spec);
	t->kind = s->kind == TARGET_NAME ? TARGET_CONTAINER : s->kind;
	if (rc)
		return rc;

	switch (s->kind) {
	case TARGET_PID:
		rc = resolve_pid(opts, t, s->pid);
		if (!rc)
			snprintf(t->label, sizeof(t->label), "PID %d", (int)s->pid);
		return rc;
	case TARGET_NSINODE:
		return resolve_inode(opts, t, s->type, s->ino);
	case TARGET_NSFILE:
		return resolve_file(t, s->word, TARGET_NSFILE);
	case TARGET_NSRUN:
		return resolve_nsrun(opts, t, s->word);
	case TARGET_CONTAINER:
	case TARGET_POD:
		return resolve_ct(opts, t, s->word, s->kind);
	case TARGET_NETNS:
		return resolve_netns(opts, t, s->word);
	case TARGET_NAME:
	case TARGET_NKINDS:
		break;
	}

	/* A word: nsrun, then containers and pods, then a netns name. */
	rc = resolve_nsrun(opts, t, s->word);
	if (rc != -ENOENT) {
		int nsrun_rc = rc;

		if (rc != -ESRCH)
			return rc;
		/* a record of a stopped container: something running may have the name */
		reset_result(t);
		rc = resolve_ct(opts, t, s->word, TARGET_NAME);
		if (rc == -ENOENT) {
			reset_result(t);
			t->kind = TARGET_NSRUN;
			return nsrun_rc;
		}
		return rc;
	}
	reset_result(t);
	rc = resolve_ct(opts, t, s->word, TARGET_NAME);
	if (rc != -ENOENT)
		return rc;
	reset_result(t);
	rc = resolve_netns(opts, t, s->word);
	if (rc == -ENOENT || rc == -ENOTDIR) {
		reset_result(t);
		t->kind = TARGET_CONTAINER;
		return -ENOENT;
	}
	return rc;
}

int target_resolve_host(const struct target_opts *opts, struct target *t)
{
	struct proc_stat st;
	pid_t pid = 1;
	int rc;

	target_release(t);
	t->spec.kind = TARGET_PID;
	t->kind = TARGET_PID;
	/* kernel threads live in the initial namespaces; PID 1 may not, or be unreadable */
	if (procfs_read_stat(opts->pfs, 2, &st) == 0 && (st.flags & PROC_PF_KTHREAD))
		pid = 2;
	t->spec.pid = pid;
	rc = resolve_pid(opts, t, pid);
	if (!rc)
		snprintf(t->label, sizeof(t->label), "the host (PID %d)", (int)pid);
	return rc;
}

/* --- pinning --------------------------------------------------------------- */

int target_open(struct target *t, const struct procfs *pfs, ns_mask_t want,
		enum ns_type *failed_type)
{
	enum ns_type dummy;
	int rc;

	if (!failed_type)
		failed_type = &dummy;
	*failed_type = NS_UNKNOWN;
	if (!want)
		want = t->types;
	if (t->pid > 0 && t->pidfd < 0) {
		struct proc_stat st;

		/*
		 * A PID read under another pid namespace's /proc (a host's,
		 * mounted in a pod) names some other process here: no pidfd
		 * then, the namespaces are entered through that /proc's files.
		 */
		if (nsenter_proc_is_ours(pfs)) {
			rc = nsenter_pidfd_open(t->pid);
			/* -ENOSYS: no pidfd to be had, the /proc/PID files serve */
			if (rc < 0 && rc != -ENOSYS)
				return rc;
			t->pidfd = rc < 0 ? -1 : rc;
		}
		/*
		 * The pidfd names whoever has the PID now. It is the process
		 * we resolved only if that one is still there: same start time,
		 * read after the pidfd was taken.
		 */
		rc = procfs_read_stat(pfs, t->pid, &st);
		if (rc || (t->starttime && st.starttime != t->starttime) || st.state == 'Z' ||
		    st.state == 'X') {
			if (t->pidfd >= 0)
				close(t->pidfd);
			t->pidfd = -1;
			return -ESRCH;
		}
	}
	for (int type = 0; type < NS_NTYPES; type++) {
		enum ns_type got;
		uint64_t ino;
		int fd;

		if (!(want & t->types & NS_MASK(type)) || !t->path[type] || t->fd[type] >= 0)
			continue;
		*failed_type = type;
		fd = open(t->path[type], O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		if (fd < 0)
			return -errno;
		t->fd[type] = fd;
		rc = nsfs_get_nstype(fd, &got);
		if (rc)
			return rc == -EINVAL ? -ENOTTY : rc;
		if (got != type)
			return -ENOTTY;
		rc = nsfs_fd_ino(fd, &ino);
		if (rc)
			return rc;
		/* replaced since it was resolved (a netns deleted and made again) */
		if (t->ino[type] && ino != t->ino[type])
			return -ESTALE;
		t->ino[type] = ino;
	}
	*failed_type = NS_UNKNOWN;
	return 0;
}
