// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One walk of the proc root, then everything from memory.
 *
 * The walk is the only part whose cost grows with the number of processes,
 * so it does the least it can: a readlinkat per (process, type) and, when
 * namespaces held by descriptors are wanted, one directory read plus a
 * readlinkat per descriptor. On large hosts the process list is split
 * between threads; each thread writes only its own slice of the task array
 * and its own list of descriptor references, so there is no locking.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/sockios.h>

#include "array.h"
#include "nsfs.h"
#include "snapshot.h"
#include "sys.h"

#ifndef SIOCGSKNS
#define SIOCGSKNS 0x894C
#endif

/* Below this many processes a second thread costs more than it saves. */
#define THREAD_MIN_TASKS 2048
#define THREAD_MAX 4

/* A descriptor that refers to a namespace or a socket. */
struct fdref {
	pid_t pid;
	int fd;
	enum ns_type type;	/* NS_UNKNOWN for a socket */
	uint64_t ino;		/* namespace or socket inode */
};

struct fdrefs {
	struct fdref *v;
	size_t len, cap;
};

struct walk_part {
	struct snapshot *snap;
	size_t from, to;
	struct fdrefs refs;
	size_t prev_at;			/* refresh: where this part is in the previous snapshot */
	struct snapshot_stats stats;
	int err;
};

static int fdrefs_push(struct fdrefs *r, const struct fdref *ref)
{
	if (array_grow((void **)&r->v, &r->cap, r->len + 1, sizeof(*r->v)) < 0)
		return -ENOMEM;
	r->v[r->len++] = *ref;
	return 0;
}

/*
 * A descriptor whose link is the bare "/": a namespace file kept open after
 * its bind mount went (its link showed the mount's path before) reads so,
 * and so does the root of any detached mount. One fstatat tells them apart
 * by the device (nsfs's), and only a namespace costs an open for its type.
 */
static int detached_ns(const struct snapshot *snap, pid_t pid, int fd, struct fdref *ref)
{
	char path[48];
	struct stat st;
	int nsfd, rc;

	if (!snap->nsfs_dev)
		return -ENOENT;
	snprintf(path, sizeof(path), "%d/fd/%d", (int)pid, fd);
	if (fstatat(snap->pfs->rootfd, path, &st, 0) < 0 || st.st_dev != snap->nsfs_dev)
		return -ENOENT;
	nsfd = procfs_openat(snap->pfs, path, O_RDONLY);
	if (nsfd < 0)
		return nsfd;
	rc = nsfs_get_nstype(nsfd, &ref->type);
	close(nsfd);
	if (rc < 0)
		return rc;
	ref->ino = st.st_ino;
	return 0;
}

static int fd_cb(void *data, pid_t pid, int fd, const char *link, size_t len)
{
	struct walk_part *part = data;
	const struct snapshot_opts *o = &part->snap->opts;
	struct fdref ref = { .pid = pid, .fd = fd };

	if (len == 1 && link[0] == '/') {
		if (detached_ns(part->snap, pid, fd, &ref) < 0 || !(o->types & NS_MASK(ref.type)))
			return 0;
		return fdrefs_push(&part->refs, &ref);
	}

	if (nstype_parse_link(link, len, &ref.type, &ref.ino) == 0) {
		if (!(o->types & NS_MASK(ref.type)))
			return 0;
		return fdrefs_push(&part->refs, &ref);
	}
	if (o->sockets && (o->types & NS_MASK(NS_NET)) &&
	    procfs_parse_socket_link(link, len, &ref.ino) == 0) {
		ref.type = NS_UNKNOWN;
		return fdrefs_push(&part->refs, &ref);
	}
	return 0;
}

/* Read the namespace links of t; false when the process is gone. */
static bool read_links(struct walk_part *part, struct task *t)
{
	struct snapshot *snap = part->snap;
	ns_mask_t types = snap->opts.types;
	bool any = false, vanished = false;

	part->stats.ns_reads++;
	t->denied = false;
	t->malformed = 0;
	for (int i = 0; i < NS_NTYPES; i++) {
		int rc;

		if (!(types & NS_MASK(i)))
			continue;
		rc = procfs_read_ns(snap->pfs, t->pid, i, &t->ns[i]);
		if (rc == 0) {
			any = true;
			continue;
		}
		t->ns[i] = 0;
		/*
		 * A zombie has lost the namespaces of its nsproxy (mnt, net,
		 * uts, ipc, cgroup, time: ENOENT) but is still in its pid and
		 * user namespaces; it counts there, as lsns counts it. A
		 * process that is gone has no links at all.
		 */
		if (rc == -ENOENT || rc == -ESRCH)
			vanished = true;
		else if (rc == -EBADMSG)
			t->malformed |= NS_MASK(i);
		else
			t->denied = true;
	}
	return any || !vanished;
}

/* The task of the previous snapshot with t's pid and start time, or NULL. */
static struct task *prev_same(struct walk_part *part, const struct task *t)
{
	const struct snapshot *prev = part->snap->opts.prev;
	struct task *o;

	while (part->prev_at < prev->ntasks && prev->tasks[part->prev_at].pid < t->pid)
		part->prev_at++;
	if (part->prev_at == prev->ntasks)
		return NULL;
	o = &prev->tasks[part->prev_at];
	if (o->pid != t->pid || !(o->loaded & TASK_STAT) ||
	    o->stat.starttime != t->stat.starttime)
		return NULL;
	return o;
}

/*
 * A refresh: stat first, then what the same process had in the previous
 * snapshot. Returns true when the links are still to be read.
 */
static bool refresh_task(struct walk_part *part, struct task *t, size_t idx)
{
	struct snapshot *snap = part->snap;
	struct task *o;
	bool same_name;

	part->stats.stat_reads++;
	if (procfs_read_stat(snap->pfs, t->pid, &t->stat) < 0 || t->stat.pid != t->pid) {
		t->gone = true;		/* gone since the directory was read */
		return false;
	}
	t->loaded |= TASK_STAT;
	o = snap->opts.prev ? prev_same(part, t) : NULL;
	if (!o)
		return true;
	/* Exec'ed (a new name): unshare, nsenter and runtimes switch
	 * namespaces or cgroups and then exec; read it all again. */
	same_name = strcmp(o->stat.comm, t->stat.comm) == 0;
	if (!same_name)
		return true;
	t->loaded |= o->loaded & (TASK_UID | TASK_STATUS | TASK_CMDLINE);
	t->uid = o->uid;
	t->nspid = o->nspid;
	t->nspid_levels = o->nspid_levels;
	t->cmdline = o->cmdline;	/* moves */
	o->cmdline = NULL;
	o->loaded &= ~TASK_CMDLINE;
	/* a slice of the processes is read again each time */
	if ((idx + snap->gen) % SNAPSHOT_REVALIDATE == 0)
		return true;
	memcpy(t->ns, o->ns, sizeof(t->ns));
	t->denied = o->denied;
	t->malformed = o->malformed;
	if (o->loaded & TASK_CONTAINER) {
		t->ct = o->ct;
		t->loaded |= TASK_CONTAINER;
	}
	return false;
}

static void walk_task(struct walk_part *part, struct task *t, size_t idx)
{
	struct snapshot *snap = part->snap;
	bool links = true;

	if (snap->opts.load & TASK_STAT) {
		links = refresh_task(part, t, idx);
		if (t->gone)
			return;
	}
	if (links && !read_links(part, t)) {
		t->gone = true;
		return;
	}
	/*
	 * A zombie has left every namespace but its pid and user ones (their
	 * links read ENOENT): it counts only there, even if it was seen
	 * alive before.
	 */
	if ((t->loaded & TASK_STAT) && (t->stat.state == 'Z' || t->stat.state == 'X'))
		for (int i = 0; i < NS_NTYPES; i++)
			if (i != NS_PID && i != NS_USER)
				t->ns[i] = 0;
	if (snap->opts.fds) {
		int rc = procfs_scan_fds(snap->pfs, t->pid, fd_cb, part);

		if (rc == -ENOMEM)
			part->err = rc;
	}
}

static void *walk_thread(void *arg)
{
	struct walk_part *part = arg;

	for (size_t i = part->from; i < part->to && !part->err; i++)
		walk_task(part, &part->snap->tasks[i], i);
	return NULL;
}

static int auto_threads(size_t ntasks)
{
	long cpus;

	if (ntasks < THREAD_MIN_TASKS)
		return 1;
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (cpus < 1)
		cpus = 1;
	return cpus > THREAD_MAX ? THREAD_MAX : (int)cpus;
}

/* The first task of snap with a pid of at least pid. */
static size_t task_lower_bound(const struct snapshot *snap, pid_t pid)
{
	size_t lo = 0, hi = snap->ntasks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (snap->tasks[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void stats_add(struct snapshot_stats *to, const struct snapshot_stats *s)
{
	to->stat_reads += s->stat_reads;
	to->ns_reads += s->ns_reads;
	to->cgroup_reads += s->cgroup_reads;
	to->cmdline_reads += s->cmdline_reads;
	to->status_reads += s->status_reads;
}

/* Walk every task; the descriptor references of all parts end up in *refs. */
static int walk(struct snapshot *snap, struct fdrefs *refs)
{
	struct walk_part parts[THREAD_MAX];
	pthread_t tids[THREAD_MAX];
	int n = snap->opts.threads > 0 ? snap->opts.threads : auto_threads(snap->ntasks);
	int started = 1, rc = 0;

	if (n > THREAD_MAX)
		n = THREAD_MAX;
	if ((size_t)n > snap->ntasks)
		n = snap->ntasks ? (int)snap->ntasks : 1;
	for (int i = 0; i < n; i++) {
		parts[i] = (struct walk_part){
			.snap = snap,
			.from = snap->ntasks * (size_t)i / (size_t)n,
			.to = snap->ntasks * (size_t)(i + 1) / (size_t)n,
		};
		if (snap->opts.prev && parts[i].from < snap->ntasks)
			parts[i].prev_at = task_lower_bound(snap->opts.prev,
							    snap->tasks[parts[i].from].pid);
	}
	/* Part 0 runs on this thread; a thread that cannot start is done here. */
	for (int i = 1; i < n; i++) {
		if (pthread_create(&tids[i], NULL, walk_thread, &parts[i]) != 0)
			break;
		started++;
	}
	walk_thread(&parts[0]);
	for (int i = started; i < n; i++)
		walk_thread(&parts[i]);
	for (int i = 1; i < started; i++)
		pthread_join(tids[i], NULL);

	for (int i = 0; i < n; i++) {
		if (parts[i].err)
			rc = parts[i].err;
		if (snap->opts.stats)
			stats_add(snap->opts.stats, &parts[i].stats);
		for (size_t j = 0; j < parts[i].refs.len && !rc; j++)
			rc = fdrefs_push(refs, &parts[i].refs.v[j]);
		free(parts[i].refs.v);
	}
	return rc;
}

static struct nsent *ns_new(struct snapshot *snap, enum ns_type type, uint64_t ino,
			    unsigned int src)
{
	struct nsent *ns;

	if (array_grow((void **)&snap->ns, &snap->ns_cap, snap->nns + 1, sizeof(*snap->ns)) < 0)
		return NULL;
	ns = calloc(1, sizeof(*ns));
	if (!ns)
		return NULL;
	ns->type = type;
	ns->ino = ino;
	ns->src = src;
	ns->fd = -1;
	ns->holder_fd = -1;
	ns->netnsid = NETNSID_UNKNOWN;
	if (hashmap_put(&snap->ns_by_key, snapshot_ns_key(type, ino), ns) < 0) {
		free(ns);
		return NULL;
	}
	snap->ns[snap->nns++] = ns;
	return ns;
}

struct nsent *snapshot_find_ns(const struct snapshot *snap, enum ns_type type, uint64_t ino)
{
	if (type < 0 || type >= NS_NTYPES || !ino)
		return NULL;
	return hashmap_get(&snap->ns_by_key, snapshot_ns_key(type, ino));
}

struct task *snapshot_find_task(const struct snapshot *snap, pid_t pid)
{
	size_t i = task_lower_bound(snap, pid);

	return pid > 0 && i < snap->ntasks && snap->tasks[i].pid == pid ? &snap->tasks[i] : NULL;
}

/* Drop vanished tasks; the rest keep their pid order. */
static void compact_tasks(struct snapshot *snap)
{
	size_t w = 0;

	for (size_t r = 0; r < snap->ntasks; r++) {
		if (snap->tasks[r].gone) {
			snap->nvanished++;
			continue;
		}
		if (snap->tasks[r].denied) {
			if (snap->ndenied < sizeof(snap->denied_pids) / sizeof(snap->denied_pids[0]))
				snap->denied_pids[snap->ndenied] = snap->tasks[r].pid;
			snap->ndenied++;
		}
		if (snap->tasks[r].malformed) {
			if (snap->nmalformed <
			    sizeof(snap->malformed_pids) / sizeof(snap->malformed_pids[0]))
				snap->malformed_pids[snap->nmalformed] = snap->tasks[r].pid;
			snap->nmalformed++;
		}
		if (w != r)
			snap->tasks[w] = snap->tasks[r];
		w++;
	}
	snap->ntasks = w;
}

/* The namespaces the tasks are in, each with its members. */
static int index_namespaces(struct snapshot *snap)
{
	size_t total = 0, pos = 0;

	for (size_t i = 0; i < snap->ntasks; i++) {
		struct task *t = &snap->tasks[i];

		for (int type = 0; type < NS_NTYPES; type++) {
			struct nsent *ns;

			if (!t->ns[type])
				continue;
			ns = snapshot_find_ns(snap, type, t->ns[type]);
			if (!ns) {
				ns = ns_new(snap, type, t->ns[type], NSSRC_PROC);
				if (!ns)
					return -ENOMEM;
			}
			ns->nprocs++;
			total++;
		}
	}

	/* Members: tasks are visited in pid order, so each list comes out sorted. */
	snap->members = malloc((total ? total : 1) * sizeof(*snap->members));
	if (!snap->members)
		return -ENOMEM;
	snap->nmembers = total;
	for (size_t i = 0; i < snap->nns; i++) {
		snap->ns[i]->members = pos;
		pos += snap->ns[i]->nprocs;
		snap->ns[i]->nprocs = 0;
	}
	for (size_t i = 0; i < snap->ntasks; i++) {
		struct task *t = &snap->tasks[i];

		for (int type = 0; type < NS_NTYPES; type++) {
			struct nsent *ns;

			if (!t->ns[type])
				continue;
			ns = snapshot_find_ns(snap, type, t->ns[type]);
			snap->members[ns->members + ns->nprocs++] = t;
		}
	}
	return 0;
}

/* The network namespace of a socket another process holds. */
static int socket_netns(int *pidfd, pid_t *pidfd_pid, const struct fdref *ref, uint64_t *ino)
{
	int sk, nsfd, rc;

	if (*pidfd_pid != ref->pid) {
		if (*pidfd >= 0)
			close(*pidfd);
		*pidfd = sys_pidfd_open(ref->pid, 0);
		*pidfd_pid = ref->pid;
		if (*pidfd < 0)
			return -errno;
	}
	if (*pidfd < 0)
		return -ESRCH;
	sk = sys_pidfd_getfd(*pidfd, ref->fd, 0);
	if (sk < 0)
		return -errno;
	nsfd = ioctl(sk, SIOCGSKNS);
	rc = nsfd < 0 ? -errno : 0;
	close(sk);
	if (rc)
		return rc;
	rc = nsfs_fd_ino(nsfd, ino);
	if (rc) {
		close(nsfd);
		return rc;
	}
	return nsfd;
}

/* Namespaces held by descriptors, and by sockets, that no process is in. */
static int add_fd_namespaces(struct snapshot *snap, const struct fdrefs *refs)
{
	struct hashmap seen_sockets;
	int pidfd = -1, rc = 0;
	pid_t pidfd_pid = 0;

	hashmap_init(&seen_sockets);
	for (size_t i = 0; i < refs->len && !rc; i++) {
		const struct fdref *ref = &refs->v[i];
		struct nsent *ns;
		uint64_t ino;
		int nsfd = -1;

		if (ref->type != NS_UNKNOWN) {
			ns = snapshot_find_ns(snap, ref->type, ref->ino);
			if (ns) {
				ns->src |= NSSRC_FD;
				if (ns->holder_pid == 0 && !ns->nprocs) {
					ns->holder_pid = ref->pid;
					ns->holder_fd = ref->fd;
				}
				continue;
			}
			ns = ns_new(snap, ref->type, ref->ino, NSSRC_FD);
			if (!ns) {
				rc = -ENOMEM;
				break;
			}
			ns->holder_pid = ref->pid;
			ns->holder_fd = ref->fd;
			continue;
		}

		/* A socket shared by many processes is asked about once. */
		if (hashmap_get(&seen_sockets, ref->ino))
			continue;
		if (hashmap_put(&seen_sockets, ref->ino, (void *)1) < 0) {
			rc = -ENOMEM;
			break;
		}
		nsfd = socket_netns(&pidfd, &pidfd_pid, ref, &ino);
		if (nsfd < 0)
			continue;	/* gone, or not ours to look at */
		ns = snapshot_find_ns(snap, NS_NET, ino);
		if (ns) {
			ns->src |= NSSRC_SOCKET;
			close(nsfd);
			continue;
		}
		ns = ns_new(snap, NS_NET, ino, NSSRC_SOCKET);
		if (!ns) {
			close(nsfd);
			rc = -ENOMEM;
			break;
		}
		ns->holder_pid = ref->pid;
		ns->holder_fd = ref->fd;
		ns->fd = nsfd;	/* the socket's fd in the holder cannot be reopened */
	}
	if (pidfd >= 0)
		close(pidfd);
	hashmap_clear(&seen_sockets);
	return rc;
}

/* Append path to a '\n'-separated list unless it is there already. */
static int nsfs_append(char **list, const char *path)
{
	size_t plen = strlen(path), olen;
	char *n;

	if (*list) {
		for (const char *p = *list; *p;) {
			size_t l = strcspn(p, "\n");

			if (l == plen && memcmp(p, path, l) == 0)
				return 0;
			p += l;
			if (*p)
				p++;
		}
	}
	olen = *list ? strlen(*list) : 0;
	n = realloc(*list, olen + plen + 2);
	if (!n)
		return -ENOMEM;
	if (olen)
		n[olen++] = '\n';
	memcpy(n + olen, path, plen + 1);
	*list = n;
	return 0;
}

static int add_mounted_namespaces(struct snapshot *snap)
{
	struct nsfs_mount *m = NULL;
	size_t n = 0, len;
	char *buf;
	int rc;

	/* The reader's own mount table, as lsns reads it. A missing file
	 * (a fixture without one) just means no bind mounts. */
	if (procfs_read_file(snap->pfs, "self/mountinfo", 0, &buf, &len) < 0)
		return 0;
	rc = nsfs_parse_mountinfo(buf, len, &m, &n);
	free(buf);
	if (rc)
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		struct nsent *ns;

		if (!(snap->opts.types & NS_MASK(m[i].type)))
			continue;
		ns = snapshot_find_ns(snap, m[i].type, m[i].ino);
		if (!ns) {
			ns = ns_new(snap, m[i].type, m[i].ino, NSSRC_MOUNT);
			if (!ns) {
				rc = -ENOMEM;
				break;
			}
		}
		ns->src |= NSSRC_MOUNT;
		rc = nsfs_append(&ns->nsfs, m[i].target);
	}
	nsfs_mounts_free(m, n);
	return rc;
}

/*
 * The host's namespaces. PID 1's links may be unreadable even for root in
 * some sandboxes, and PID 1 may itself be containerised; kernel threads
 * always live in the initial namespaces, so kthreadd (PID 2) is asked first.
 */
static void find_host(struct snapshot *snap)
{
	static const pid_t candidates[] = { 2, 1 };

	for (size_t c = 0; c < sizeof(candidates) / sizeof(candidates[0]); c++) {
		pid_t pid = candidates[c];
		struct proc_stat st;
		bool kthread, any = false;
		uint64_t ino[NS_NTYPES] = { 0 };

		if (procfs_read_stat(snap->pfs, pid, &st) < 0)
			continue;
		kthread = (st.flags & PROC_PF_KTHREAD) != 0;
		if (pid == 2 && !kthread)
			continue;
		for (int t = 0; t < NS_NTYPES; t++)
			if (procfs_read_ns(snap->pfs, pid, t, &ino[t]) == 0)
				any = true;
		if (!any)
			continue;
		memcpy(snap->host_ns, ino, sizeof(ino));
		snap->host_ref = pid;
		snap->host_is_kthread = kthread;
		break;
	}
	for (size_t i = 0; i < snap->nns; i++) {
		struct nsent *ns = snap->ns[i];

		ns->host = snap->host_ns[ns->type] == ns->ino;
	}
}

static int cmp_ns(const void *a, const void *b)
{
	const struct nsent *x = *(struct nsent *const *)a, *y = *(struct nsent *const *)b;

	return (x->ino > y->ino) - (x->ino < y->ino);
}

static void sort_ns(struct snapshot *snap)
{
	if (snap->nns > 1)
		qsort(snap->ns, snap->nns, sizeof(*snap->ns), cmp_ns);
}

/* ------------------------------------------------------------ containers */

void snapshot_cts_init(struct snapshot_cts *c, const char *sysroot)
{
	memset(c, 0, sizeof(*c));
	hashmap_init(&c->by_hash);
	/* 0, 1 and 2 are free for callers: "no container" rows and the like */
	c->next_key = 3;
	c->sysroot = sysroot && *sysroot ? sysroot : "/";
	ct_index_init(&c->index, c->sysroot);
}

void snapshot_cts_release(struct snapshot_cts *c)
{
	size_t it = 0;
	void *v;

	while (hashmap_next(&c->by_hash, &it, NULL, &v)) {
		struct snapshot_ct *e = v;

		while (e) {
			struct snapshot_ct *next = e->next;

			free(e);
			e = next;
		}
	}
	hashmap_clear(&c->by_hash);
	ct_index_release(&c->index);
	memset(c, 0, sizeof(*c));
}

static uint64_t ct_hash(const struct container_info *ci)
{
	return hashmap_str_key(ci->id) ^ ((uint64_t)ci->runtime << 56) ^ (ci->monitor ? 0x5a5a : 0);
}

static bool ct_same(const struct container_info *a, const struct container_info *b)
{
	return a->runtime == b->runtime && a->monitor == b->monitor && strcmp(a->id, b->id) == 0;
}

/*
 * The index of runtime state, listed on first need; with fresh, listed
 * again if the last listing was for an earlier snapshot (something new
 * may have started since). NULL when it cannot be had (no memory).
 */
static struct ct_index *cts_index(struct snapshot *snap, bool fresh)
{
	struct snapshot_cts *c = snap->cts;

	if (!c->index.scanned || (fresh && c->index_gen != c->gen)) {
		c->index_gen = c->gen;
		if (ct_index_scan(&c->index) < 0)
			return NULL;
	}
	if (ct_index_bind(&c->index, snap->pfs) < 0)
		return NULL;
	return &c->index;
}

/* The runtime's record of a container that its cgroup path named. */
static const struct ct_record *state_of(struct snapshot *snap, const struct container_info *ci)
{
	struct ct_record *r = NULL;
	struct ct_index *ix;

	if (container_runtime_ids(ci->runtime) != CT_IDS_HEX && ci->runtime != CT_LXC &&
	    ci->runtime != CT_NSPAWN)
		return NULL;
	for (int pass = 0; pass < 2 && !r; pass++) {
		ix = cts_index(snap, pass == 1);
		if (!ix)
			return NULL;
		r = ct_index_of(ix, ci);
		/* listed for this snapshot already: nothing new to find */
		if (snap->cts->index_gen == snap->cts->gen)
			break;
	}
	return r;
}

/* The entry of ci's container, added when new (with rec, or what the state says of it). */
static struct snapshot_ct *cts_get(struct snapshot *snap, struct container_info *ci,
				   const struct ct_record *rec)
{
	struct snapshot_cts *c = snap->cts;
	struct snapshot_ct *head, *e;
	uint64_t hash;

	for (int pass = 0; pass < 2; pass++) {
		hash = ct_hash(ci);
		head = hashmap_get(&c->by_hash, hash);
		for (e = head; e; e = e->next)
			if (ct_same(&e->info, ci))
				return e;
		if (pass)
			break;
		/*
		 * Names come from runtime state: read once per container.
		 * The state may say another runtime than the path did (a bare
		 * id below a pod): then the entry is under that one's identity.
		 */
		if (!rec && !ci->monitor)
			rec = state_of(snap, ci);
		if (!rec)
			break;
		ct_record_apply(rec, ci);
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->rec = rec;
	e->info = *ci;
	e->key = c->next_key++;
	e->next = head;
	if (hashmap_put(&c->by_hash, hash, e) < 0) {
		free(e);
		return NULL;
	}
	c->n++;
	return e;
}

/*
 * Forget the containers that no task of the snapshots since keep_gen is in.
 * The map is built anew when something left it: removing from an open
 * addressing table leaves tombstones, which would pile up over a long run.
 */
static int cts_sweep(struct snapshot_cts *c, unsigned int keep_gen)
{
	struct hashmap fresh;
	size_t it = 0, removed = 0;
	uint64_t hash;
	void *v;

	hashmap_init(&fresh);
	while (hashmap_next(&c->by_hash, &it, &hash, &v)) {
		struct snapshot_ct *keep = NULL, *e = v;

		while (e) {
			struct snapshot_ct *next = e->next;

			if (e->gen >= keep_gen) {
				e->next = keep;
				keep = e;
			} else {
				free(e);
				removed++;
			}
			e = next;
		}
		if (keep && hashmap_put(&fresh, hash, keep) < 0) {
			/* keep the old map, now holding the survivors */
			hashmap_put(&c->by_hash, hash, keep);
			hashmap_clear(&fresh);
			c->n -= removed;
			return -ENOMEM;
		}
		if (!keep)
			hashmap_put(&c->by_hash, hash, NULL);
	}
	c->n -= removed;
	if (!removed) {
		hashmap_clear(&fresh);
		return 0;
	}
	hashmap_clear(&c->by_hash);
	c->by_hash = fresh;
	return 0;
}

/*
 * The container of a process whose cgroup path names none, from the
 * runtimes' state: its init, its cgroup, its pid namespace (ctstate.h).
 */
static const struct ct_record *match_state(struct snapshot *snap, struct task *t,
					   const char *cg, size_t len)
{
	const struct ct_record *r = NULL;

	for (int pass = 0; pass < 2 && !r; pass++) {
		struct ct_index *ix = cts_index(snap, pass == 1);
		unsigned long long start = 0;

		if (!ix)
			return NULL;
		if (ct_index_has_pid(ix, t->pid) && snapshot_task_load(snap, t, TASK_STAT) == 0)
			start = t->stat.starttime;
		r = ct_index_match(ix, t->pid, start, cg, len, t->ns[NS_PID]);
		/* listed for this snapshot already: nothing new to find */
		if (snap->cts->index_gen == snap->cts->gen)
			break;
	}
	return r;
}

/*
 * When the cgroup path and a real runtime's state both name a process, the
 * state wins: it is the runtime's own word, the path only a convention
 * (nsrun --cgroup-path imitates other runtimes' paths, and defers).
 */
static const struct ct_record *state_wins(struct snapshot *snap, struct task *t,
					  const struct container_info *ci)
{
	struct ct_index *ix = cts_index(snap, false);
	const struct ct_record *r;

	if (!ix || !ct_index_has_pid(ix, t->pid) || snapshot_task_load(snap, t, TASK_STAT) < 0)
		return NULL;
	r = ct_index_match(ix, t->pid, t->stat.starttime, NULL, 0, 0);
	if (!r || r->defer || (r->info.runtime == ci->runtime && !strcmp(r->info.id, ci->id)))
		return NULL;
	return r;
}

/* The container of t, from its cgroup and the runtimes' state: one shared entry per container. */
static int load_container(struct snapshot *snap, struct task *t)
{
	const struct ct_record *rec = NULL;
	struct container_info ci;
	struct snapshot_ct *e;
	char path[32];
	char *buf;
	size_t len;
	int rc;

	if (snap->opts.stats)
		snap->opts.stats->cgroup_reads++;
	snprintf(path, sizeof(path), "%d/cgroup", (int)t->pid);
	rc = procfs_read_file(snap->pfs, path, 1 << 20, &buf, &len);
	if (rc < 0)
		return rc;
	rc = container_from_proc_cgroup(buf, len, &ci);
	if (rc < 0)
		rec = match_state(snap, t, buf, len);
	else if (!ci.monitor)
		rec = state_wins(snap, t, &ci);
	free(buf);
	if (rec) {
		ci = rec->info;
		ci.monitor = false;
	} else if (rc < 0) {
		t->ct = NULL;
		return 0;
	}
	e = cts_get(snap, &ci, rec);
	if (!e)
		return -ENOMEM;
	e->gen = snap->cts->gen;
	t->ct = &e->info;
	return 0;
}

/* ------------------------------------------------------------------ walks */

void snapshot_init(struct snapshot *snap)
{
	memset(snap, 0, sizeof(*snap));
	hashmap_init(&snap->ns_by_key);
}

/* Empty snap, keeping its task array for the next walk. */
static void snapshot_clear(struct snapshot *snap)
{
	for (size_t i = 0; i < snap->ntasks; i++)
		free(snap->tasks[i].cmdline);
	snap->ntasks = 0;
	for (size_t i = 0; i < snap->nns; i++) {
		if (snap->ns[i]->fd >= 0)
			close(snap->ns[i]->fd);
		free(snap->ns[i]->nsfs);
		free(snap->ns[i]);
	}
	snap->nns = 0;
	free(snap->members);
	snap->members = NULL;
	snap->nmembers = 0;
	hashmap_clear(&snap->ns_by_key);
	snap->ndenied = 0;
	snap->nmalformed = 0;
	snap->nvanished = 0;
	snap->host_ref = 0;
	snap->host_is_kthread = false;
	memset(snap->host_ns, 0, sizeof(snap->host_ns));
	if (snap->nl_open)
		netlink_close(&snap->nl);
	snap->nl_open = false;
	snap->nl_err = 0;
}

/* The processes to walk: one, or every numeric entry of the proc root. */
static int list_tasks(struct snapshot *snap)
{
	pid_t *pids = NULL, one = snap->opts.only_pid;
	size_t npids = 0;
	int rc;

	if (one > 0) {
		if (!procfs_pid_exists(snap->pfs, one))
			return -ESRCH;
		pids = &one;
		npids = 1;
	} else {
		rc = procfs_list_pids(snap->pfs, &pids, &npids);
		if (rc)
			return rc;
	}
	rc = array_grow((void **)&snap->tasks, &snap->task_cap, npids ? npids : 1,
			sizeof(*snap->tasks));
	if (rc == 0) {
		memset(snap->tasks, 0, npids * sizeof(*snap->tasks));
		for (size_t i = 0; i < npids; i++)
			snap->tasks[i].pid = pids[i];
		snap->ntasks = npids;
	}
	if (pids != &one)
		free(pids);
	return rc;
}

/*
 * What every task of a refresh gets that the walk itself does not read,
 * and the mark on the containers this snapshot has (carried ones too).
 */
static int load_all(struct snapshot *snap)
{
	unsigned int what = snap->opts.load & ~TASK_STAT;

	for (size_t i = 0; i < snap->ntasks; i++) {
		struct task *t = &snap->tasks[i];
		int rc;

		if (t->ct)
			((struct snapshot_ct *)snapshot_ct_of(t->ct))->gen = snap->cts->gen;
		if (!what)
			continue;
		rc = snapshot_task_load(snap, t, what);
		if (rc == -ENOMEM)
			return rc;
	}
	return 0;
}

/* The device of nsfs, where namespace files live; 0 when unknown (a fixture). */
static dev_t nsfs_dev(const struct procfs *pfs)
{
	struct stat st;

	if (!pfs->live || fstatat(pfs->rootfd, "self/ns/user", &st, 0) < 0)
		return 0;
	return st.st_dev;
}

static int fill(struct snapshot *snap)
{
	struct fdrefs refs = { 0 };
	int rc;

	if (!snap->opts.types)
		snap->opts.types = NS_MASK_ALL;
	if (snap->opts.fds)
		snap->nsfs_dev = nsfs_dev(snap->pfs);
	rc = list_tasks(snap);
	if (rc)
		return rc;
	rc = walk(snap, &refs);
	if (rc)
		goto out_free_refs;
	compact_tasks(snap);
	if (snap->opts.only_pid > 0 && snap->ntasks == 0) {
		rc = -ESRCH;
		goto out_free_refs;
	}
	if (!snap->opts.no_index) {
		rc = index_namespaces(snap);
		if (!rc && refs.len)
			rc = add_fd_namespaces(snap, &refs);
		if (!rc && snap->opts.mounts)
			rc = add_mounted_namespaces(snap);
		if (rc)
			goto out_free_refs;
	}
	if (snap->opts.load) {
		rc = load_all(snap);
		if (rc)
			goto out_free_refs;
	}
	if (snap->opts.host)
		find_host(snap);
	sort_ns(snap);
out_free_refs:
	free(refs.v);
	return rc;
}

int snapshot_take(struct snapshot *snap, struct procfs *pfs, const struct snapshot_opts *opts)
{
	int rc;

	snapshot_init(snap);
	snap->pfs = pfs;
	snap->opts = *opts;
	snap->opts.prev = NULL;
	snapshot_cts_init(&snap->own_cts, opts->sysroot);
	snap->cts = opts->cts ? opts->cts : &snap->own_cts;
	snap->cts->gen++;
	rc = fill(snap);
	if (rc)
		snapshot_release(snap);
	return rc;
}

int snapshot_refresh(struct snapshot *snap, struct procfs *pfs, const struct snapshot_opts *opts)
{
	const struct snapshot *prev = opts->prev;
	int rc;

	snapshot_clear(snap);
	if (!snap->cts)
		snapshot_cts_init(&snap->own_cts, opts->sysroot);
	snap->pfs = pfs;
	snap->opts = *opts;
	snap->cts = opts->cts ? opts->cts : &snap->own_cts;
	snap->gen = prev ? prev->gen + 1 : 0;
	snap->cts->gen++;
	rc = fill(snap);
	if (rc)
		return rc;
	/* The previous snapshot still points at the containers it had. */
	return cts_sweep(snap->cts, snap->cts->gen - (prev ? 1 : 0));
}

void snapshot_release(struct snapshot *snap)
{
	snapshot_clear(snap);
	free(snap->tasks);
	free(snap->ns);
	snapshot_cts_release(&snap->own_cts);
	memset(snap, 0, sizeof(*snap));
}

/* A process that is gone is marked so: -ESRCH; other errors as they are. */
static int task_error(struct task *t, int rc)
{
	if (rc == -ENOENT || rc == -ESRCH) {
		t->gone = true;
		return -ESRCH;
	}
	return rc;
}

int snapshot_task_load(struct snapshot *snap, struct task *t, unsigned int what)
{
	unsigned int need = what & ~t->loaded;
	struct snapshot_stats *stats = snap->opts.stats;
	int rc;

	if (t->gone)
		return -ESRCH;
	if (!need)
		return 0;
	if (need & TASK_STAT) {
		rc = procfs_read_stat(snap->pfs, t->pid, &t->stat);
		if (rc < 0)
			return task_error(t, rc);
		t->loaded |= TASK_STAT;
	}
	if (need & TASK_STATUS) {
		struct proc_status st;

		if (stats)
			stats->status_reads++;
		rc = procfs_read_status(snap->pfs, t->pid, &st);
		if (rc < 0)
			return task_error(t, rc);
		t->uid = st.uid[1];
		t->nspid_levels = st.nspid_len;
		t->nspid = st.nspid_len > 0 ? st.nspid[st.nspid_len - 1] : t->pid;
		t->loaded |= TASK_STATUS | TASK_UID;
	}
	if (need & TASK_UID && !(t->loaded & TASK_UID)) {
		rc = procfs_read_uid(snap->pfs, t->pid, &t->uid);
		if (rc < 0)
			return task_error(t, rc);
		t->loaded |= TASK_UID;
	}
	if (need & TASK_CMDLINE) {
		if (stats)
			stats->cmdline_reads++;
		rc = procfs_read_cmdline(snap->pfs, t->pid, snap->opts.cmdline_max, &t->cmdline);
		/*
		 * Kernel threads and zombies (no command line), and a command
		 * line that cannot be read (not a file, in a tree that is not
		 * a live /proc): their name, as lsns shows.
		 */
		if (rc < 0 && rc != -ENOENT && rc != -ESRCH && rc != -ENOMEM) {
			char comm[64];

			if (t->loaded & TASK_STAT)
				snprintf(comm, sizeof(comm), "%s", t->stat.comm);
			else if ((rc = procfs_read_comm(snap->pfs, t->pid, comm, sizeof(comm))) < 0)
				return task_error(t, rc);
			t->cmdline = strdup(comm);
			rc = t->cmdline ? 0 : -ENOMEM;
		}
		if (rc < 0)
			return task_error(t, rc);
		t->loaded |= TASK_CMDLINE;
	}
	if (need & TASK_CONTAINER) {
		rc = load_container(snap, t);
		if (rc < 0)
			return task_error(t, rc);
		t->loaded |= TASK_CONTAINER;
	}
	return 0;
}

struct task *snapshot_ns_task(struct snapshot *snap, struct nsent *ns, unsigned int what)
{
	for (size_t i = 0; i < ns->nprocs; i++) {
		struct task *t = snapshot_member(snap, ns, i);

		if (snapshot_task_load(snap, t, what) == 0)
			return t;
	}
	return NULL;
}

/* Is fd the namespace we mean (a pid may have been reused meanwhile)? */
static int verified(int fd, const struct nsent *ns)
{
	uint64_t ino;

	if (fd < 0)
		return fd;
	if (nsfs_fd_ino(fd, &ino) < 0 || ino != ns->ino) {
		close(fd);
		return -ESTALE;
	}
	return fd;
}

struct task *snapshot_container_init(struct snapshot *snap, const struct container_info *ct)
{
	struct task *first = NULL;

	for (size_t i = 0; i < snap->ntasks; i++) {
		struct task *tk = &snap->tasks[i], *parent;

		if (tk->ct != ct || tk->gone || snapshot_task_load(snap, tk, TASK_STAT) < 0)
			continue;
		if (!first)
			first = tk;
		parent = snapshot_find_task(snap, tk->stat.ppid);
		if (!parent || parent->ct != ct)
			return tk;
	}
	return first;
}

int snapshot_ns_fd(struct snapshot *snap, struct nsent *ns)
{
	int fd = -ENOENT;

	if (ns->fd >= 0)
		return ns->fd;
	for (size_t i = 0; i < ns->nprocs && fd < 0; i++) {
		struct task *t = snapshot_member(snap, ns, i);

		if (!t->gone)
			fd = verified(procfs_open_ns(snap->pfs, t->pid, ns->type), ns);
	}
	if (fd < 0 && ns->holder_pid && (ns->src & NSSRC_FD)) {
		char path[48];

		snprintf(path, sizeof(path), "%d/fd/%d", (int)ns->holder_pid, ns->holder_fd);
		fd = verified(procfs_openat(snap->pfs, path, O_RDONLY | O_NOCTTY | O_NONBLOCK), ns);
	}
	if (fd < 0 && ns->nsfs) {
		char *path = strndup(ns->nsfs, strcspn(ns->nsfs, "\n"));

		if (path) {
			/* from a mount table, which a tree other than /proc may fill with anything */
			int r = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

			fd = verified(r < 0 ? -errno : r, ns);
			free(path);
		}
	}
	if (fd >= 0)
		ns->fd = fd;
	return fd;
}

/* One relation as an inode, and as an fd when the caller wants it. */
static int query_rel(int fd, unsigned int rel, uint64_t *ino, int *keep)
{
	int rfd = rel == NSQ_PARENT ? nsfs_get_parent(fd) : nsfs_get_userns(fd);
	int rc;

	*ino = 0;
	if (rfd < 0)
		return rfd;
	rc = nsfs_fd_ino(rfd, ino);
	if (rc == 0 && keep) {
		*keep = rfd;
		return 0;
	}
	close(rfd);
	return rc;
}

static void query_uid(struct nsent *ns, int fd)
{
	int ufd;

	if (ns->type == NS_USER) {
		ns->have_owner_uid = nsfs_get_owner_uid(fd, &ns->owner_uid) == 0;
		return;
	}
	/* Other types have no creator uid of their own: take the owner's. */
	ufd = nsfs_get_userns(fd);
	if (ufd < 0)
		return;
	ns->have_owner_uid = nsfs_get_owner_uid(ufd, &ns->owner_uid) == 0;
	close(ufd);
}

static void query_netnsid(struct snapshot *snap, struct nsent *ns, int fd)
{
	int id;

	if (ns->type != NS_NET)
		return;
	if (!snap->nl_open && !snap->nl_err) {
		snap->nl_err = netlink_open(&snap->nl);
		snap->nl_open = snap->nl_err == 0;
	}
	if (snap->nl_open && netlink_get_nsid(&snap->nl, fd, &id) == 0)
		ns->netnsid = id < 0 ? NETNSID_NONE : id;
}

void snapshot_ns_query(struct snapshot *snap, struct nsent *ns, unsigned int what)
{
	unsigned int need = what & ~ns->queried;
	int fd;

	if (!need)
		return;
	ns->queried |= need;
	fd = snapshot_ns_fd(snap, ns);
	if (fd < 0)
		return;
	if ((need & NSQ_PARENT) && (ns->type == NS_PID || ns->type == NS_USER))
		query_rel(fd, NSQ_PARENT, &ns->parent, NULL);
	if (need & NSQ_OWNER)
		query_rel(fd, NSQ_OWNER, &ns->owner, NULL);
	if (need & NSQ_UID)
		query_uid(ns, fd);
	if (need & NSQ_NETNSID)
		query_netnsid(snap, ns, fd);
}

int snapshot_add_related(struct snapshot *snap)
{
	/* The array grows while it is walked: new entries get their own turn. */
	for (size_t i = 0; i < snap->nns; i++) {
		struct nsent *ns = snap->ns[i];
		static const unsigned int rels[] = { NSQ_PARENT, NSQ_OWNER };
		int fd;

		fd = snapshot_ns_fd(snap, ns);
		ns->queried |= NSQ_PARENT | NSQ_OWNER;
		if (fd < 0)
			continue;
		for (size_t r = 0; r < 2; r++) {
			uint64_t ino;
			int rfd = -1;
			enum ns_type rtype = rels[r] == NSQ_PARENT ? ns->type : NS_USER;
			struct nsent *rel;

			if (rels[r] == NSQ_PARENT && ns->type != NS_PID && ns->type != NS_USER)
				continue;
			if (query_rel(fd, rels[r], &ino, &rfd) < 0)
				continue;
			if (rels[r] == NSQ_PARENT)
				ns->parent = ino;
			else
				ns->owner = ino;
			rel = snapshot_find_ns(snap, rtype, ino);
			if (rel || !(snap->opts.types & NS_MASK(rtype)) || ino == ns->ino) {
				close(rfd);
				continue;
			}
			rel = ns_new(snap, rtype, ino, NSSRC_RELATED);
			if (!rel) {
				close(rfd);
				return -ENOMEM;
			}
			rel->fd = rfd;
			rel->host = snap->host_ns[rtype] == ino;
		}
	}
	sort_ns(snap);
	return 0;
}
