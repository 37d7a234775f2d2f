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
	int err;
};

static int fdrefs_push(struct fdrefs *r, const struct fdref *ref)
{
	if (array_grow((void **)&r->v, &r->cap, r->len + 1, sizeof(*r->v)) < 0)
		return -ENOMEM;
	r->v[r->len++] = *ref;
	return 0;
}

static int fd_cb(void *data, pid_t pid, int fd, const char *link, size_t len)
{
	struct walk_part *part = data;
	const struct snapshot_opts *o = &part->snap->opts;
	struct fdref ref = { .pid = pid, .fd = fd };

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

static void walk_task(struct walk_part *part, struct task *t)
{
	struct snapshot *snap = part->snap;
	ns_mask_t types = snap->opts.types;
	bool any = false, vanished = false;

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
		else
			t->denied = true;
	}
	if (!any && vanished) {
		t->gone = true;
		return;
	}
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
		walk_task(part, &part->snap->tasks[i]);
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
	return pid > 0 ? hashmap_get(&snap->task_by_pid, (uint64_t)pid) : NULL;
}

/* Drop vanished tasks, index the rest, and build the namespaces they are in. */
static int index_tasks(struct snapshot *snap)
{
	size_t w = 0, total = 0, pos = 0;
	int rc;

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
		if (w != r)
			snap->tasks[w] = snap->tasks[r];
		w++;
	}
	snap->ntasks = w;

	rc = hashmap_reserve(&snap->task_by_pid, snap->ntasks);
	if (rc)
		return rc;
	for (size_t i = 0; i < snap->ntasks; i++) {
		struct task *t = &snap->tasks[i];

		rc = hashmap_put(&snap->task_by_pid, (uint64_t)t->pid, t);
		if (rc)
			return rc;
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
	qsort(snap->ns, snap->nns, sizeof(*snap->ns), cmp_ns);
}

int snapshot_take(struct snapshot *snap, struct procfs *pfs, const struct snapshot_opts *opts)
{
	struct fdrefs refs = { 0 };
	pid_t *pids = NULL;
	size_t npids = 0;
	int rc;

	memset(snap, 0, sizeof(*snap));
	snap->pfs = pfs;
	snap->opts = *opts;
	if (!snap->opts.types)
		snap->opts.types = NS_MASK_ALL;
	hashmap_init(&snap->task_by_pid);
	hashmap_init(&snap->ns_by_key);
	hashmap_init(&snap->ct_names);

	if (opts->only_pid > 0) {
		if (!procfs_pid_exists(pfs, opts->only_pid))
			return -ESRCH;
		pids = malloc(sizeof(*pids));
		if (!pids)
			return -ENOMEM;
		pids[0] = opts->only_pid;
		npids = 1;
	} else {
		rc = procfs_list_pids(pfs, &pids, &npids);
		if (rc)
			return rc;
	}
	snap->tasks = calloc(npids ? npids : 1, sizeof(*snap->tasks));
	if (!snap->tasks) {
		free(pids);
		return -ENOMEM;
	}
	for (size_t i = 0; i < npids; i++)
		snap->tasks[i].pid = pids[i];
	snap->ntasks = npids;
	free(pids);

	rc = walk(snap, &refs);
	if (!rc)
		rc = index_tasks(snap);
	if (!rc && opts->only_pid > 0 && snap->ntasks == 0)
		rc = -ESRCH;
	if (!rc && refs.len)
		rc = add_fd_namespaces(snap, &refs);
	free(refs.v);
	if (!rc && opts->mounts)
		rc = add_mounted_namespaces(snap);
	if (rc) {
		snapshot_release(snap);
		return rc;
	}
	if (opts->host)
		find_host(snap);
	sort_ns(snap);
	return 0;
}

static void free_container(void *p)
{
	free(p);
}

void snapshot_release(struct snapshot *snap)
{
	size_t it = 0;
	void *v;

	for (size_t i = 0; i < snap->ntasks; i++)
		free(snap->tasks[i].cmdline);
	free(snap->tasks);
	for (size_t i = 0; i < snap->nns; i++) {
		if (snap->ns[i]->fd >= 0)
			close(snap->ns[i]->fd);
		free(snap->ns[i]->nsfs);
		free(snap->ns[i]);
	}
	free(snap->ns);
	free(snap->members);
	while (hashmap_next(&snap->ct_names, &it, NULL, &v))
		free_container(v);
	hashmap_clear(&snap->ct_names);
	hashmap_clear(&snap->task_by_pid);
	hashmap_clear(&snap->ns_by_key);
	if (snap->nl_open)
		netlink_close(&snap->nl);
	memset(snap, 0, sizeof(*snap));
}

/* Containers are shared by all the tasks in them: one entry per id. */
static int load_container(struct snapshot *snap, struct task *t)
{
	struct container_info ci, *shared;
	char path[32];
	char *buf;
	size_t len;
	uint64_t key;
	int rc;

	snprintf(path, sizeof(path), "%d/cgroup", (int)t->pid);
	rc = procfs_read_file(snap->pfs, path, 1 << 20, &buf, &len);
	if (rc < 0)
		return rc;
	rc = container_from_proc_cgroup(buf, len, &ci);
	free(buf);
	if (rc < 0) {
		t->ct = NULL;
		return 0;
	}
	key = hashmap_str_key(ci.id) ^ (uint64_t)ci.runtime ^ (ci.monitor ? 0x5a5a : 0);
	shared = hashmap_get(&snap->ct_names, key);
	if (shared && strcmp(shared->id, ci.id) == 0 && shared->runtime == ci.runtime &&
	    shared->monitor == ci.monitor) {
		t->ct = shared;
		return 0;
	}
	container_resolve_name(snap->opts.sysroot ? snap->opts.sysroot : "/", &ci);
	shared = malloc(sizeof(*shared));
	if (!shared)
		return -ENOMEM;
	*shared = ci;
	/* On the (unlikely) collision of two ids the older entry is leaked
	 * into nobody's hands; keep it owned by chaining the key instead. */
	while (hashmap_get(&snap->ct_names, key))
		key++;
	if (hashmap_put(&snap->ct_names, key, shared) < 0) {
		free(shared);
		return -ENOMEM;
	}
	t->ct = shared;
	return 0;
}

int snapshot_task_load(struct snapshot *snap, struct task *t, unsigned int what)
{
	unsigned int need = what & ~t->loaded;
	int rc;

	if (t->gone)
		return -ESRCH;
	if (!need)
		return 0;
	if (need & TASK_STAT) {
		rc = procfs_read_stat(snap->pfs, t->pid, &t->stat);
		if (rc < 0)
			goto fail;
		t->loaded |= TASK_STAT;
	}
	if (need & TASK_STATUS) {
		struct proc_status st;

		rc = procfs_read_status(snap->pfs, t->pid, &st);
		if (rc < 0)
			goto fail;
		t->uid = st.uid[1];
		t->nspid_len = st.nspid_len;
		memcpy(t->nspid, st.nspid, sizeof(t->nspid));
		t->loaded |= TASK_STATUS | TASK_UID;
	}
	if (need & TASK_UID && !(t->loaded & TASK_UID)) {
		rc = procfs_read_uid(snap->pfs, t->pid, &t->uid);
		if (rc < 0)
			goto fail;
		t->loaded |= TASK_UID;
	}
	if (need & TASK_CMDLINE) {
		rc = procfs_read_cmdline(snap->pfs, t->pid, 0, &t->cmdline);
		if (rc == -ENODATA) {
			/* Kernel threads and zombies: their name, as lsns shows. */
			char comm[64];

			if (t->loaded & TASK_STAT)
				snprintf(comm, sizeof(comm), "%s", t->stat.comm);
			else if ((rc = procfs_read_comm(snap->pfs, t->pid, comm, sizeof(comm))) < 0)
				goto fail;
			t->cmdline = strdup(comm);
			rc = t->cmdline ? 0 : -ENOMEM;
		}
		if (rc < 0)
			goto fail;
		t->loaded |= TASK_CMDLINE;
	}
	if (need & TASK_CONTAINER) {
		rc = load_container(snap, t);
		if (rc < 0)
			goto fail;
		t->loaded |= TASK_CONTAINER;
	}
	return 0;
fail:
	if (rc == -ENOENT || rc == -ESRCH) {
		t->gone = true;
		return -ESRCH;
	}
	return rc;
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
		fd = verified(procfs_openat(snap->pfs, path, O_RDONLY), ns);
	}
	if (fd < 0 && ns->nsfs) {
		char *path = strndup(ns->nsfs, strcspn(ns->nsfs, "\n"));

		if (path) {
			int r = open(path, O_RDONLY | O_CLOEXEC);

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
