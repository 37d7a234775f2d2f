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
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>

#include "array.h"
#include "nsfs.h"
#include "sampler.h"

int nstop_sampler_init(struct nstop_sampler *s, struct procfs *pfs, const char *sysroot)
{
	long hz = sysconf(_SC_CLK_TCK), page_size = sysconf(_SC_PAGESIZE);
	struct sysinfo si;

	memset(s, 0, sizeof(*s));
	s->pfs = pfs;
	for (int i = 0; i < 2; i++) {
		nstop_sample_init(&s->samples[i]);
		s->samples[i].hz = hz > 0 ? hz : 100;
		s->samples[i].page_size = page_size > 0 ? page_size : 4096;
		if (sysinfo(&si) == 0)
			s->samples[i].mem_total = (uint64_t)si.totalram * si.mem_unit;
	}
	snapshot_cts_init(&s->cts, sysroot);
	hashmap_init(&s->seen);
	if (pfs->live) {
		procfs_read_ns(pfs, getpid(), NS_NET, &s->self_net);
		/* the cgroups of a proc root that is not the live one are not here to read */
		s->have_cg = cgroup_layout_detect(&s->cg) == 0;
	}
	return 0;
}

static void ctcg_free(struct nstop_ctcg *c)
{
	for (size_t h = 0; h < CGROUP_HIER_MAX; h++)
		free(c->rel[h]);
	cgroup_files_close(&c->files);
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
	for (size_t i = 0; i < s->nctcgs; i++)
		ctcg_free(&s->ctcgs[i]);
	free(s->ctcgs);
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

/* The lowest rate of the token buckets at the roots of the namespace's links. */
static int read_limits(struct nstop_sampler *s, struct nstop_netsock *ns, struct nstop_net *net)
{
	struct netlink_tbf *t;
	size_t n;
	int rc;

	s->stats.qdisc_dumps++;
	rc = netlink_list_tbf(&ns->nl, &t, &n);
	if (rc)
		return rc;
	net->rate_limit = 0;
	for (size_t i = 0; i < n; i++)
		if (!net->rate_limit || t[i].rate < net->rate_limit)
			net->rate_limit = t[i].rate;
	netlink_tbfs_free(t);
	return 0;
}

static int cmp_net(const void *a, const void *b)
{
	const struct nstop_net *x = a, *y = b;

	return (x->ino > y->ino) - (x->ino < y->ino);
}

static int sample_nets(struct nstop_sampler *s, struct nstop_sample *cur, unsigned int flags)
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
			if (!rc && (flags & NSTOP_SAMPLE_NETLIM))
				rc = read_limits(s, ns, net);
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

/* -------------------------------------------------------------- cgroups */

char *nstop_ct_cgroup(const char *path, size_t len, const struct container_info *ct)
{
	enum ct_ids ids = container_runtime_ids(ct->runtime);
	char buf[PATH_MAX];

	if (!len || len >= sizeof(buf) || path[0] != '/' || memchr(path, '\0', len))
		return NULL;
	memcpy(buf, path, len);
	buf[len] = '\0';
	for (size_t i = 1; i <= len; i++) {
		struct container_info ci;
		char c = buf[i];
		bool same;

		if (i < len && c != '/')
			continue;
		buf[i] = '\0';
		/*
		 * The same container: its id (a state file may have made a
		 * bare id Docker's rather than containerd's, so the kind of
		 * ids, not the runtime, is compared), not its monitor.
		 */
		same = container_from_cgroup_path(buf, &ci) == 0 && !ci.monitor &&
		       container_runtime_ids(ci.runtime) == ids && strcmp(ci.id, ct->id) == 0;
		if (same)
			return strdup(buf);
		buf[i] = c;
	}
	return NULL;
}

static struct nstop_ctcg *find_ctcg(struct nstop_sampler *s, uint64_t key, size_t *pos)
{
	size_t lo = 0, hi = s->nctcgs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->ctcgs[mid].key == key)
			return &s->ctcgs[mid];
		if (s->ctcgs[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	*pos = lo;
	return NULL;
}

/* Where the container of p has cgroups, from p's /proc/PID/cgroup. */
static int find_cgroup(struct nstop_sampler *s, const struct task *p, struct nstop_ctcg *c)
{
	char rel[32], *text;
	size_t len;
	int rc;

	s->stats.cgroup_finds++;
	snprintf(rel, sizeof(rel), "%d/cgroup", (int)p->pid);
	rc = procfs_read_file(s->pfs, rel, 1 << 16, &text, &len);
	if (rc)
		return rc;
	for (size_t h = 0; h < s->cg.n; h++) {
		const char *path;
		size_t plen;

		if (cgroup_proc_path(&s->cg, h, text, len, &path, &plen) == 0)
			c->rel[h] = nstop_ct_cgroup(path, plen, p->ct);
	}
	free(text);
	return 0;
}

static int cmp_cg(const void *a, const void *b)
{
	const struct nstop_cgstat *x = a, *y = b;

	return (x->key > y->key) - (x->key < y->key);
}

/* The figures what of every container of cur, read once per container. */
static int sample_cgroups(struct nstop_sampler *s, struct nstop_sample *cur, unsigned int what)
{
	size_t w = 0;

	if (!s->have_cg)
		return 0;
	hashmap_clear(&s->seen);
	for (size_t i = 0; i < cur->snap.ntasks; i++) {
		const struct task *p = &cur->snap.tasks[i];
		struct cgroup_where where = { { NULL } };
		struct nstop_cgstat *st;
		struct nstop_ctcg *c;
		uint64_t key;
		size_t pos = 0;

		if (!p->ct || p->ct->monitor)
			continue;
		key = nstop_ct_key(p->ct);
		if (hashmap_get(&s->seen, key))
			continue;
		if (hashmap_put(&s->seen, key, (void *)1) < 0)
			return -ENOMEM;
		c = find_ctcg(s, key, &pos);
		if (!c) {
			struct nstop_ctcg fresh = { .key = key };

			cgroup_files_init(&fresh.files);

			/* a process gone already: another of it, or the next sample */
			if (find_cgroup(s, p, &fresh) < 0) {
				hashmap_put(&s->seen, key, NULL);
				continue;
			}
			if (array_grow((void **)&s->ctcgs, &s->ctcg_cap, s->nctcgs + 1,
				       sizeof(*s->ctcgs)) < 0) {
				ctcg_free(&fresh);
				return -ENOMEM;
			}
			memmove(&s->ctcgs[pos + 1], &s->ctcgs[pos],
				(s->nctcgs - pos) * sizeof(*s->ctcgs));
			s->ctcgs[pos] = fresh;
			s->nctcgs++;
			c = &s->ctcgs[pos];
		}
		c->seen = s->gen;
		if (array_grow((void **)&cur->cgs, &cur->cg_cap, cur->ncgs + 1, sizeof(*cur->cgs)) < 0)
			return -ENOMEM;
		st = &cur->cgs[cur->ncgs++];
		memset(st, 0, sizeof(*st));
		st->key = key;
		for (size_t h = 0; h < s->cg.n; h++)
			where.rel[h] = c->rel[h];
		s->stats.cgroup_reads++;
		cgroup_read_stats(&s->cg, &where, what, &st->st, &c->files);
	}
	/* none yet is no array at all, which qsort may not be given */
	if (cur->ncgs > 1)
		qsort(cur->cgs, cur->ncgs, sizeof(*cur->cgs), cmp_cg);
	/* containers gone: their paths go with them */
	for (size_t i = 0; i < s->nctcgs; i++) {
		if (s->ctcgs[i].seen == s->gen) {
			s->ctcgs[w++] = s->ctcgs[i];
			continue;
		}
		ctcg_free(&s->ctcgs[i]);
	}
	s->nctcgs = w;
	return 0;
}

int nstop_parse_io(const char *text, size_t len, uint64_t *rbytes, uint64_t *wbytes)
{
	static const char *const keys[2] = { "read_bytes: ", "write_bytes: " };
	uint64_t *out[2] = { rbytes, wbytes };
	bool found[2] = { false, false };
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (!eol)
			eol = end;
		for (int k = 0; k < 2; k++) {
			size_t klen = strlen(keys[k]);
			const char *d = p + klen;
			uint64_t v = 0;

			if ((size_t)(eol - p) <= klen || memcmp(p, keys[k], klen) != 0)
				continue;
			for (; d < eol && *d >= '0' && *d <= '9'; d++) {
				if (v > (UINT64_MAX - 9) / 10)
					return -EINVAL;
				v = v * 10 + (uint64_t)(*d - '0');
			}
			if (d != eol)
				return -EINVAL;
			*out[k] = v;
			found[k] = true;
		}
		p = eol + 1;
	}
	return found[0] && found[1] ? 0 : -EINVAL;
}

int nstop_sampler_load_io(struct nstop_sampler *s, const struct task *p)
{
	struct nstop_sample *cur = nstop_sampler_cur(s);
	struct nstop_pio *io;
	char rel[32], *text;
	size_t len;
	int rc;

	/* once per sample, in pid order: the model finds it by a binary search */
	if (cur->npios && cur->pios[cur->npios - 1].pid >= p->pid)
		return 0;
	s->stats.io_reads++;
	snprintf(rel, sizeof(rel), "%d/io", (int)p->pid);
	/* another user's process: EACCES, and no figures */
	rc = procfs_read_file(s->pfs, rel, 4096, &text, &len);
	if (rc)
		return rc;
	if (array_grow((void **)&cur->pios, &cur->pio_cap, cur->npios + 1, sizeof(*cur->pios)) < 0) {
		free(text);
		return -ENOMEM;
	}
	io = &cur->pios[cur->npios];
	memset(io, 0, sizeof(*io));
	io->pid = p->pid;
	io->start = p->stat.starttime;
	rc = nstop_parse_io(text, len, &io->rbytes, &io->wbytes);
	free(text);
	if (!rc)
		cur->npios++;
	return rc;
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
		rc = sample_nets(s, cur, flags);
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
	cur->ncgs = 0;
	cur->npios = 0;
	if (!rc && NSTOP_SAMPLE_CG_OF(flags))
		rc = sample_cgroups(s, cur, NSTOP_SAMPLE_CG_OF(flags));
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
