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

int nstop_sampler_init(struct nstop_sampler *s, struct procfs *pfs, const char *sysroot)
{
	long hz = sysconf(_SC_CLK_TCK), page_size = sysconf(_SC_PAGESIZE);

	memset(s, 0, sizeof(*s));
	s->pfs = pfs;
	for (int i = 0; i < 2; i++) {
		nstop_sample_init(&s->samples[i]);
		s->samples[i].hz = hz > 0 ? hz : 100;
		s->samples[i].page_size = page_size > 0 ? page_size : 4096;
	}
	snapshot_cts_init(&s->cts, sysroot);
	hashmap_init(&s->seen);
	if (pfs->live)
		procfs_read_ns(pfs, getpid(), NS_NET, &s->self_net);
	return 0;
}

void nstop_sampler_release(struct nstop_sampler *s)
{
	for (int i = 0; i < 2; i++)
		nstop_sample_free(&s->samples[i]);
	snapshot_cts_release(&s->cts);
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

/* -------------------------------------------------------------- processes */

static int sample_procs(struct nstop_sampler *s, struct nstop_sample *old,
			struct nstop_sample *cur, double now)
{
	struct snapshot_opts o = {
		.types = NS_MASK_ALL,
		.host = true,
		/* nstop's cost is CPU time: one thread does it with the least */
		.threads = 1,
		.cmdline_max = 4096,	/* long enough for any screen */
		.load = TASK_STAT | TASK_CONTAINER,
		.prev = s->gen ? &old->snap : NULL,
		.cts = &s->cts,
		.stats = &s->stats.procs,
		.no_index = true,	/* the model aggregates namespaces itself */
	};
	int rc;

	rc = snapshot_refresh(&cur->snap, s->pfs, &o);
	if (rc)
		return rc;
	cur->time = now;
	return 0;
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
	/* qsort() of nothing may be given no array at all: not called */
	if (k > 1)
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
	for (size_t i = 0; i < cur->snap.ntasks; i++) {
		const struct task *p = &cur->snap.tasks[i];

		if (!p->ns[NS_NET] || hashmap_get(&s->seen, p->ns[NS_NET]))
			continue;
		if (hashmap_put(&s->seen, p->ns[NS_NET], (void *)(uintptr_t)p->pid) < 0)
			return -ENOMEM;
		if (array_grow((void **)&cur->nets, &cur->net_cap, cur->nnets + 1, sizeof(*cur->nets)) < 0)
			return -ENOMEM;
		memset(&cur->nets[cur->nnets], 0, sizeof(cur->nets[0]));
		cur->nets[cur->nnets++].ino = p->ns[NS_NET];
	}
	if (cur->nnets > 1)
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
	for (size_t i = 0; i < cur->snap.ntasks; i++) {
		const struct task *p = &cur->snap.tasks[i];
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
	if (cur->nrels > 1)
		qsort(cur->rels, cur->nrels, sizeof(*cur->rels), cmp_rel);
	return 0;
}

/* ----------------------------------------------------------------- sample */

int nstop_sampler_take(struct nstop_sampler *s, unsigned int flags, double now)
{
	struct nstop_sample *old = &s->samples[s->cur];
	struct nstop_sample *cur = &s->samples[!s->cur];
	int rc;

	/* cur held the sample before old, whose memory the walk reuses; old
	 * stays as the previous sample (pids, start times, ticks). */
	rc = sample_procs(s, old, cur, now);
	if (rc)
		return rc;
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

void nstop_sampler_load_cmdline(struct nstop_sampler *s, struct task *p)
{
	/* A kernel thread has none: the view shows its name. -ESRCH (gone)
	 * and the like leave the name too. */
	if (!nstop_kthread(p))
		snapshot_task_load(&nstop_sampler_cur(s)->snap, p, TASK_CMDLINE);
}

int nstop_sampler_load_status(struct nstop_sampler *s, struct task *p)
{
	/* read now: a process may change its user without an exec */
	p->loaded &= ~(TASK_STATUS | TASK_UID);
	return snapshot_task_load(&nstop_sampler_cur(s)->snap, p, TASK_STATUS);
}
