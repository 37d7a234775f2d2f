// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sampler behind nstop; see sampler.h for what it reads and why.
 *
 * Two samples alternate: the next one is built from the previous one by a
 * merge of two ascending PID lists (no search), carrying what is cached and
 * moving owned pointers (command line, container reference) across. What
 * the previous sample still owns afterwards belongs to processes that are
 * gone, and is released.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "array.h"
#include "nsfs.h"
#include "sampler.h"

/* Container keys 0, 1, 2 and ~0 are taken (hashmap, "no container", pids). */
#define CT_KEY_MIN 3

int nstop_sampler_init(struct nstop_sampler *s, struct procfs *pfs, const char *sysroot)
{
	static const pid_t host_refs[] = { 2, 1 };
	long hz = sysconf(_SC_CLK_TCK);

	memset(s, 0, sizeof(*s));
	s->pfs = pfs;
	s->sysroot = sysroot && *sysroot ? sysroot : "/";
	nstop_sample_init(&s->samples[0]);
	nstop_sample_init(&s->samples[1]);
	s->samples[0].hz = s->samples[1].hz = hz > 0 ? hz : 100;
	s->page_size = sysconf(_SC_PAGESIZE);
	if (s->page_size <= 0)
		s->page_size = 4096;
	hashmap_init(&s->ct_index);
	hashmap_init(&s->seen);

	if (pfs->live)
		procfs_read_ns(pfs, getpid(), NS_NET, &s->self_net);
	/*
	 * The host's namespaces: kernel threads always live in the initial
	 * ones, PID 1 may not (or be unreadable): kthreadd first, as
	 * snapshot.c does.
	 */
	for (size_t c = 0; c < sizeof(host_refs) / sizeof(host_refs[0]); c++) {
		struct proc_stat st;
		uint64_t ino[NS_NTYPES] = { 0 };
		bool any = false;

		if (procfs_read_stat(pfs, host_refs[c], &st) < 0)
			continue;
		if (host_refs[c] == 2 && !(st.flags & PROC_PF_KTHREAD))
			continue;
		for (int t = 0; t < NS_NTYPES; t++)
			any |= procfs_read_ns(pfs, host_refs[c], t, &ino[t]) == 0;
		if (any) {
			memcpy(s->host_ns, ino, sizeof(ino));
			break;
		}
	}
	return 0;
}

static void ct_unref(struct nstop_sampler *s, struct nstop_ct *ct)
{
	if (!ct || --ct->refs)
		return;
	/* Remove by swapping with the last; the index is rebuilt rather than
	 * deleted from (tombstones would pile up over a long run). */
	for (size_t i = 0; i < s->ncts; i++) {
		if (s->cts[i] != ct)
			continue;
		s->cts[i] = s->cts[--s->ncts];
		break;
	}
	free(ct);
	hashmap_clear(&s->ct_index);
	for (size_t i = 0; i < s->ncts; i++)
		hashmap_put(&s->ct_index, s->cts[i]->key, s->cts[i]);
}

/* Release what processes of a sample still own. */
static void release_procs(struct nstop_sampler *s, struct nstop_sample *smp)
{
	for (size_t i = 0; i < smp->nprocs; i++) {
		struct nstop_proc *p = &smp->procs[i];

		free(p->cmdline);
		p->cmdline = NULL;
		ct_unref(s, p->ct);
		p->ct = NULL;
	}
}

void nstop_sampler_release(struct nstop_sampler *s)
{
	for (int i = 0; i < 2; i++) {
		release_procs(s, &s->samples[i]);
		nstop_sample_free(&s->samples[i]);
	}
	for (size_t i = 0; i < s->ncts; i++)
		free(s->cts[i]);
	free(s->cts);
	hashmap_clear(&s->ct_index);
	for (size_t i = 0; i < s->nsocks; i++)
		if (s->socks[i].open)
			netlink_close(&s->socks[i].nl);
	free(s->socks);
	hashmap_clear(&s->seen);
	memset(s, 0, sizeof(*s));
}

struct nstop_sample *nstop_sampler_cur(struct nstop_sampler *s)
{
	return &s->samples[s->cur];
}

struct nstop_sample *nstop_sampler_prev(struct nstop_sampler *s)
{
	return s->gen >= 2 ? &s->samples[!s->cur] : NULL;
}

/* ------------------------------------------------------------ containers */

static uint64_t ct_hash(const struct container_info *ci)
{
	uint64_t k = hashmap_str_key(ci->id) ^ ((uint64_t)ci->runtime << 56) ^
		     (ci->monitor ? 0x5a5aull : 0);

	return k < CT_KEY_MIN || k == UINT64_MAX ? CT_KEY_MIN : k;
}

/* The shared entry of the container of pid (a new reference), or NULL. */
static struct nstop_ct *read_container(struct nstop_sampler *s, pid_t pid)
{
	struct container_info ci;
	struct nstop_ct *ct;
	char path[32];
	char *buf;
	size_t len;
	uint64_t key;
	int rc;

	s->stats.cgroup_reads++;
	snprintf(path, sizeof(path), "%d/cgroup", (int)pid);
	if (procfs_read_file(s->pfs, path, 1 << 16, &buf, &len) < 0)
		return NULL;
	rc = container_from_proc_cgroup(buf, len, &ci);
	free(buf);
	if (rc < 0)
		return NULL;
	/* Equal keys of different containers (a hash collision) probe on. */
	for (key = ct_hash(&ci);; key = key + 1 < UINT64_MAX ? key + 1 : CT_KEY_MIN) {
		ct = hashmap_get(&s->ct_index, key);
		if (!ct)
			break;
		if (ct->info.runtime == ci.runtime && ct->info.monitor == ci.monitor &&
		    strcmp(ct->info.id, ci.id) == 0) {
			ct->refs++;
			return ct;
		}
	}
	if (array_grow((void **)&s->cts, &s->ct_cap, s->ncts + 1, sizeof(*s->cts)) < 0)
		return NULL;
	ct = calloc(1, sizeof(*ct));
	if (!ct)
		return NULL;
	/* Names come from runtime state files: read once per container. */
	container_resolve_name(s->sysroot, &ci);
	ct->info = ci;
	ct->key = key;
	ct->refs = 1;
	if (hashmap_put(&s->ct_index, key, ct) < 0) {
		free(ct);
		return NULL;
	}
	s->cts[s->ncts++] = ct;
	return ct;
}

/* -------------------------------------------------------------- processes */

static void read_links(struct nstop_sampler *s, struct nstop_proc *p)
{
	s->stats.ns_reads++;
	p->ns_denied = false;
	for (int t = 0; t < NS_NTYPES; t++) {
		int rc = procfs_read_ns(s->pfs, p->pid, t, &p->ns[t]);

		if (rc == 0)
			continue;
		p->ns[t] = 0;
		/* ENOENT: a zombie's nsproxy is gone, or the process is.
		 * EACCES: another user's process (ptrace access mode). */
		if (rc != -ENOENT && rc != -ESRCH)
			p->ns_denied = true;
	}
}

/* Read what a process is in: its namespaces and its container. */
static void read_identity(struct nstop_sampler *s, struct nstop_proc *p)
{
	read_links(s, p);
	ct_unref(s, p->ct);
	p->ct = read_container(s, p->pid);
}

static void fill_stat(struct nstop_sampler *s, struct nstop_proc *p, const struct proc_stat *st)
{
	p->pid = st->pid;
	p->ppid = st->ppid;
	p->state = st->state;
	p->kthread = (st->flags & PROC_PF_KTHREAD) != 0;
	p->nthreads = st->nthreads > 0 ? (unsigned int)st->nthreads : 1;
	p->start = st->starttime;
	p->ticks = st->utime + st->stime;
	p->rss = st->rss > 0 ? (uint64_t)st->rss * (uint64_t)s->page_size : 0;
	p->cpu = 0;
}

static int sample_procs(struct nstop_sampler *s, struct nstop_sample *old,
			struct nstop_sample *cur, double now)
{
	pid_t *pids = NULL;
	size_t npids = 0, n = 0, j = 0;
	int rc;

	rc = procfs_list_pids(s->pfs, &pids, &npids);
	if (rc)
		return rc;
	rc = nstop_sample_reserve(cur, npids);
	if (rc)
		goto out_free;
	cur->time = now;
	cur->ndenied = 0;
	memcpy(cur->host_ns, s->host_ns, sizeof(cur->host_ns));

	for (size_t i = 0; i < npids; i++) {
		struct nstop_proc *p = &cur->procs[n];
		struct nstop_proc *o = NULL;
		struct proc_stat st;

		s->stats.stat_reads++;
		if (procfs_read_stat(s->pfs, pids[i], &st) < 0 || st.pid != pids[i])
			continue;	/* gone since the directory was read */
		while (j < old->nprocs && old->procs[j].pid < pids[i])
			j++;
		if (j < old->nprocs && old->procs[j].pid == pids[i] &&
		    old->procs[j].start == st.starttime)
			o = &old->procs[j];

		memset(p, 0, sizeof(*p));
		fill_stat(s, p, &st);
		snprintf(p->comm, sizeof(p->comm), "%s", st.comm);
		if (o) {
			/* the same process: carry what it is in, move what it owns */
			memcpy(p->ns, o->ns, sizeof(p->ns));
			p->ns_denied = o->ns_denied;
			p->ct = o->ct;
			p->uid = o->uid;
			p->have_uid = o->have_uid;
			p->nspid = o->nspid;
			o->ct = NULL;
			if (strcmp(o->comm, p->comm) == 0) {
				p->cmdline = o->cmdline;
				p->cmdline_tried = o->cmdline_tried;
				o->cmdline = NULL;
				/* a slice of the processes is checked again each time */
				if ((i + s->gen) % NSTOP_REVALIDATE == 0)
					read_identity(s, p);
			} else {
				/* exec'ed: unshare, nsenter and runtimes switch
				 * namespaces (or cgroups) and then exec */
				read_identity(s, p);
			}
		} else {
			read_identity(s, p);
		}
		/*
		 * A zombie has left every namespace but its pid and user ones
		 * (their links read ENOENT): count it only there, as lsns and
		 * nsls do, even if it was seen alive before.
		 */
		if (p->state == 'Z' || p->state == 'X')
			for (int t = 0; t < NS_NTYPES; t++)
				if (t != NS_PID && t != NS_USER)
					p->ns[t] = 0;
		if (p->ns_denied)
			cur->ndenied++;
		n++;
	}
	cur->nprocs = n;
	rc = 0;
out_free:
	free(pids);
	return rc;
}

/* --------------------------------------------------------------- networks */

static struct nstop_netsock *find_sock(struct nstop_sampler *s, uint64_t ino, size_t *pos)
{
	size_t lo = 0, hi = s->nsocks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->socks[mid].ino == ino)
			return &s->socks[mid];
		if (s->socks[mid].ino < ino)
			lo = mid + 1;
		else
			hi = mid;
	}
	*pos = lo;
	return NULL;
}

/*
 * Open a socket in the network namespace ino that pid is in. Entering the
 * namespace needs CAP_SYS_ADMIN over it; nothing else happens while this
 * thread is there, and netlink_open_in() comes back before returning.
 */
static int open_sock(struct nstop_sampler *s, struct nstop_netsock *ns, pid_t pid)
{
	uint64_t ino;
	int fd, rc;

	s->stats.netns_opens++;
	if (ns->ino == s->self_net)
		return netlink_open(&ns->nl);
	fd = procfs_open_ns(s->pfs, pid, NS_NET);
	if (fd < 0)
		return fd;
	/* The pid may have been reused since its link was read. */
	rc = nsfs_fd_ino(fd, &ino);
	if (rc == 0 && ino != ns->ino)
		rc = -ESTALE;
	if (rc == 0)
		rc = netlink_open_in(&ns->nl, fd);
	close(fd);
	return rc;
}

static int cmp_link(const void *a, const void *b)
{
	const struct nstop_link *x = a, *y = b;

	return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
}

static int read_counters(struct nstop_sampler *s, struct nstop_netsock *ns, struct nstop_net *net)
{
	struct netlink_link *links = NULL;
	size_t n = 0, k = 0;
	int rc;

	s->stats.link_dumps++;
	rc = netlink_list_links(&ns->nl, &links, &n);
	if (rc)
		return rc;
	net->links = malloc((n ? n : 1) * sizeof(*net->links));
	if (!net->links) {
		netlink_links_free(links);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		/* Loopback traffic never leaves the namespace: not network use. */
		if ((links[i].flags & IFF_LOOPBACK) || !links[i].has_stats)
			continue;
		net->links[k].ifindex = links[i].ifindex;
		net->links[k].rx_bytes = links[i].stats.rx_bytes;
		net->links[k].tx_bytes = links[i].stats.tx_bytes;
		k++;
	}
	net->nlinks = k;
	qsort(net->links, k, sizeof(*net->links), cmp_link);
	netlink_links_free(links);
	return 0;
}

static int cmp_net(const void *a, const void *b)
{
	const struct nstop_net *x = a, *y = b;

	return (x->ino > y->ino) - (x->ino < y->ino);
}

static int sample_nets(struct nstop_sampler *s, struct nstop_sample *cur)
{
	size_t w = 0;
	int rc;

	for (size_t i = 0; i < cur->nnets; i++)
		free(cur->nets[i].links);
	cur->nnets = 0;
	cur->nnet_denied = 0;

	/* The network namespaces of this sample, each with a process in it. */
	hashmap_clear(&s->seen);
	for (size_t i = 0; i < cur->nprocs; i++) {
		const struct nstop_proc *p = &cur->procs[i];

		if (!p->ns[NS_NET] || hashmap_get(&s->seen, p->ns[NS_NET]))
			continue;
		if (hashmap_put(&s->seen, p->ns[NS_NET], (void *)(uintptr_t)p->pid) < 0)
			return -ENOMEM;
		if (array_grow((void **)&cur->nets, &cur->net_cap, cur->nnets + 1, sizeof(*cur->nets)) < 0)
			return -ENOMEM;
		memset(&cur->nets[cur->nnets], 0, sizeof(cur->nets[0]));
		cur->nets[cur->nnets++].ino = p->ns[NS_NET];
	}
	qsort(cur->nets, cur->nnets, sizeof(*cur->nets), cmp_net);

	for (size_t i = 0; i < cur->nnets; i++) {
		struct nstop_net *net = &cur->nets[i];
		struct nstop_netsock *ns;
		size_t pos = 0;

		ns = find_sock(s, net->ino, &pos);
		if (!ns) {
			if (array_grow((void **)&s->socks, &s->sock_cap, s->nsocks + 1, sizeof(*s->socks)) < 0)
				return -ENOMEM;
			memmove(&s->socks[pos + 1], &s->socks[pos],
				(s->nsocks - pos) * sizeof(*s->socks));
			s->nsocks++;
			ns = &s->socks[pos];
			memset(ns, 0, sizeof(*ns));
			ns->ino = net->ino;
			rc = open_sock(s, ns, (pid_t)(uintptr_t)hashmap_get(&s->seen, net->ino));
			if (rc == -ENOTRECOVERABLE)
				return rc;
			ns->open = rc == 0;
			ns->err = rc;
		}
		ns->seen = s->gen;
		if (!ns->open) {
			net->err = ns->err;
		} else {
			rc = read_counters(s, ns, net);
			if (rc == -ENOMEM)
				return rc;
			net->err = rc;
		}
		if (net->err)
			cur->nnet_denied++;
	}

	/* Close what no process is in any more: it would keep the namespace. */
	for (size_t i = 0; i < s->nsocks; i++) {
		if (s->socks[i].seen == s->gen) {
			s->socks[w++] = s->socks[i];
			continue;
		}
		if (s->socks[i].open)
			netlink_close(&s->socks[i].nl);
	}
	s->nsocks = w;
	return 0;
}

/* ------------------------------------------------------------------ trees */

static int cmp_rel(const void *a, const void *b)
{
	const struct nstop_nsrel *x = a, *y = b;

	return (x->key > y->key) - (x->key < y->key);
}

/* The ancestors of a pid or user namespace, nearest first (NS_GET_PARENT). */
static void read_ancestors(struct nstop_sampler *s, pid_t pid, enum ns_type t, uint64_t ino,
			   struct nstop_nsrel *rel)
{
	uint64_t got;
	int fd;

	rel->nup = 0;
	fd = procfs_open_ns(s->pfs, pid, t);
	if (fd < 0)
		return;
	if (nsfs_fd_ino(fd, &got) < 0 || got != ino) {
		close(fd);
		return;
	}
	while (rel->nup < NSTOP_MAX_DEPTH) {
		/* EPERM at the top of what this process may see */
		int up = nsfs_get_parent(fd);

		close(fd);
		fd = up;
		if (fd < 0 || nsfs_fd_ino(fd, &got) < 0)
			break;
		rel->up[rel->nup++] = got;
	}
	if (fd >= 0)
		close(fd);
}

static int sample_rels(struct nstop_sampler *s, const struct nstop_sample *old,
		       struct nstop_sample *cur)
{
	cur->nrels = 0;
	hashmap_clear(&s->seen);
	for (size_t i = 0; i < cur->nprocs; i++) {
		const struct nstop_proc *p = &cur->procs[i];
		static const enum ns_type types[] = { NS_PID, NS_USER };

		for (size_t k = 0; k < 2; k++) {
			enum ns_type t = types[k];
			uint64_t key = nstop_ns_key(t, p->ns[t]);
			const struct nstop_nsrel *o;
			struct nstop_nsrel *rel;

			if (!p->ns[t] || hashmap_get(&s->seen, key))
				continue;
			if (hashmap_put(&s->seen, key, (void *)1) < 0)
				return -ENOMEM;
			if (array_grow((void **)&cur->rels, &cur->rel_cap, cur->nrels + 1, sizeof(*cur->rels)) < 0)
				return -ENOMEM;
			rel = &cur->rels[cur->nrels++];
			/* A namespace's ancestors never change: asked once. */
			o = nstop_sample_rel(old, key);
			if (o) {
				*rel = *o;
				continue;
			}
			rel->key = key;
			read_ancestors(s, p->pid, t, p->ns[t], rel);
		}
	}
	qsort(cur->rels, cur->nrels, sizeof(*cur->rels), cmp_rel);
	return 0;
}

/* ----------------------------------------------------------------- sample */

int nstop_sampler_take(struct nstop_sampler *s, unsigned int flags, double now)
{
	struct nstop_sample *old = &s->samples[s->cur];
	struct nstop_sample *cur = &s->samples[!s->cur];
	int rc;

	/* cur is the sample before old: its processes were released already.
	 * Nothing moves out of old unless the walk itself succeeds. */
	cur->nprocs = 0;
	rc = sample_procs(s, old, cur, now);
	if (rc)
		return rc;
	/* What the old sample still owns belongs to processes that are gone;
	 * it stays as the previous sample (pids, start times, ticks). */
	release_procs(s, old);
	s->cur = !s->cur;
	s->gen++;

	if (flags & NSTOP_SAMPLE_NET) {
		rc = sample_nets(s, cur);
	} else {
		/* not asked for: no counters, and no socket left open */
		for (size_t i = 0; i < cur->nnets; i++)
			free(cur->nets[i].links);
		cur->nnets = 0;
		cur->nnet_denied = 0;
		for (size_t i = 0; i < s->nsocks; i++)
			if (s->socks[i].open)
				netlink_close(&s->socks[i].nl);
		s->nsocks = 0;
	}
	if (!rc && (flags & NSTOP_SAMPLE_TREE))
		rc = sample_rels(s, old, cur);
	else
		cur->nrels = 0;
	return rc;
}

void nstop_sampler_load_cmdline(struct nstop_sampler *s, struct nstop_proc *p)
{
	if (p->cmdline_tried || p->kthread)
		return;
	p->cmdline_tried = true;
	s->stats.cmdline_reads++;
	/* Long enough for any screen; -ENODATA (a zombie) leaves the name. */
	if (procfs_read_cmdline(s->pfs, p->pid, 4096, &p->cmdline) < 0)
		p->cmdline = NULL;
}

int nstop_sampler_load_status(struct nstop_sampler *s, struct nstop_proc *p)
{
	struct proc_status st;
	int rc;

	s->stats.status_reads++;
	rc = procfs_read_status(s->pfs, p->pid, &st);
	if (rc < 0)
		return rc;
	p->uid = st.uid[1];
	p->have_uid = true;
	p->nspid = st.nspid_len > 0 ? st.nspid[st.nspid_len - 1] : p->pid;
	return 0;
}
