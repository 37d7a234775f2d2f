// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nstop's model. Every refresh aggregates every process of the sample into
 * rows once (one hash lookup per process and namespace type), then keeps
 * the rows the view asks for. Arrays and maps are reused between refreshes
 * and only ever grow, so that memory stays flat however long nstop runs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "model.h"

/* What the cgroup columns read of a container's cgroup. */
#define CG_MEMORY	NSTOP_NEED_CG(CGROUP_STAT_MEMORY)
#define CG_PIDS		NSTOP_NEED_CG(CGROUP_STAT_PIDS)
#define CG_IO		NSTOP_NEED_CG(CGROUP_STAT_IO)
#define CG_CPU		NSTOP_NEED_CG(CGROUP_STAT_CPU)

const struct nstop_coldef nstop_cols[NSTOP_NCOLS] = {
	[NSTOP_COL_TYPE]	= { "TYPE", 6, false, false, 'Y', 0,
				    "namespace type" },
	[NSTOP_COL_NS]		= { "NS", 10, true, true, 'I', 0,
				    "namespace identifier (inode number)" },
	[NSTOP_COL_CONTAINER]	= { "CONTAINER", 12, false, false, 'C', 3,
				    "container: name, or short id" },
	[NSTOP_COL_RUNTIME]	= { "RUNTIME", 10, false, false, 'E', 8,
				    "container runtime" },
	[NSTOP_COL_NAMESPACES]	= { "NAMESPACES", 20, false, false, 'A', 9,
				    "the container's namespaces that are not the host's" },
	[NSTOP_COL_NPROCS]	= { "NPROCS", 6, true, true, 'N', 5,
				    "number of processes" },
	[NSTOP_COL_THREADS]	= { "THREADS", 7, true, true, 'H', 7,
				    "number of threads" },
	[NSTOP_COL_PID]		= { "PID", 7, true, true, 'D', 6,
				    "process ID (of rows: the busiest process)" },
	[NSTOP_COL_NSPID]	= { "NSPID", 7, true, true, 'J', 5,
				    "process ID inside its own pid namespace" },
	[NSTOP_COL_USER]	= { "USER", 9, false, false, 'U', 3,
				    "effective user of the process" },
	[NSTOP_COL_STATE]	= { "S", 1, false, false, 'S', 4,
				    "process state (R running, S sleeping, D disk, Z zombie...)" },
	[NSTOP_COL_CPU]		= { "CPU%", 6, true, true, 'P', 0,
				    "CPU use over the last interval, 100 = one core" },
	[NSTOP_COL_MEM]		= { "MEM", 6, true, true, 'M', 1,
				    "resident memory (summed RSS)" },
	[NSTOP_COL_RX]		= { "RX/s", 6, true, true, 'R', 4,
				    "bytes received per second by the net namespace's interfaces",
				    NSTOP_NEED_NET },
	[NSTOP_COL_TX]		= { "TX/s", 6, true, true, 'X', 4,
				    "bytes sent per second by the net namespace's interfaces",
				    NSTOP_NEED_NET },
	[NSTOP_COL_MEMCG]	= { "MEMCG", 6, true, true, 'G', 2,
				    "memory charged to the container's cgroup (docker stats' "
				    "MEM USAGE)", CG_MEMORY },
	[NSTOP_COL_MEMLIM]	= { "MEMLIM", 6, true, true, 'L', 10,
				    "the container's memory limit", CG_MEMORY },
	[NSTOP_COL_MEMPCT]	= { "MEM%", 5, true, true, 'Z', 10,
				    "MEMCG of MEMLIM (of the host's memory without a limit)",
				    CG_MEMORY },
	[NSTOP_COL_PIDS]	= { "PIDS", 5, true, true, 'K', 11,
				    "processes and threads in the container's cgroup", CG_PIDS },
	[NSTOP_COL_PIDLIM]	= { "PIDLIM", 6, true, true, 'F', 12,
				    "the container's limit of processes and threads", CG_PIDS },
	[NSTOP_COL_BLKR]	= { "BLKR/s", 6, true, true, 'B', 11,
				    "bytes read per second from block devices (processes: "
				    "/proc/PID/io)", CG_IO | NSTOP_NEED_PROC_IO },
	[NSTOP_COL_BLKW]	= { "BLKW/s", 6, true, true, 'W', 11,
				    "bytes written per second to block devices", CG_IO |
				    NSTOP_NEED_PROC_IO },
	[NSTOP_COL_THROTTLED]	= { "THROTTLED", 9, true, true, 'V', 12,
				    "CPU periods in which the container was throttled, over "
				    "the last interval", CG_CPU },
	[NSTOP_COL_NETLIM]	= { "NETLIM", 6, true, true, 'Q', 13,
				    "the rate its network is held to (token bucket), bytes per "
				    "second", NSTOP_NEED_NETLIM },
	[NSTOP_COL_COMMAND]	= { "COMMAND", 12, false, false, 'O', 0,
				    "command line (of rows: the busiest process)" },
};

const int nstop_view_cols[NSTOP_NVIEWS][NSTOP_NCOLS + 1] = {
	[NSTOP_VIEW_NS] = { NSTOP_COL_TYPE, NSTOP_COL_NS, NSTOP_COL_CONTAINER, NSTOP_COL_NPROCS,
			    NSTOP_COL_THREADS, NSTOP_COL_CPU, NSTOP_COL_MEM, NSTOP_COL_RX,
			    NSTOP_COL_TX, NSTOP_COL_PID, NSTOP_COL_COMMAND, -1 },
	/* what docker stats shows joins the container view */
	[NSTOP_VIEW_CT] = { NSTOP_COL_CONTAINER, NSTOP_COL_RUNTIME, NSTOP_COL_NAMESPACES,
			    NSTOP_COL_NPROCS, NSTOP_COL_THREADS, NSTOP_COL_CPU, NSTOP_COL_MEM,
			    NSTOP_COL_MEMCG, NSTOP_COL_MEMLIM, NSTOP_COL_MEMPCT, NSTOP_COL_PIDS,
			    NSTOP_COL_PIDLIM, NSTOP_COL_RX, NSTOP_COL_TX, NSTOP_COL_BLKR, NSTOP_COL_BLKW,
			    NSTOP_COL_THROTTLED, NSTOP_COL_PID, NSTOP_COL_COMMAND, -1 },
	[NSTOP_VIEW_PROC] = { NSTOP_COL_PID, NSTOP_COL_NSPID, NSTOP_COL_USER, NSTOP_COL_STATE,
			      NSTOP_COL_THREADS, NSTOP_COL_CPU, NSTOP_COL_MEM, NSTOP_COL_BLKR,
			      NSTOP_COL_BLKW, NSTOP_COL_COMMAND, -1 },
};

/* The key of the container row of processes in no container. */
#define CT_NONE_KEY 1

bool nstop_view_has_col(enum nstop_view_kind v, int col)
{
	for (const int *c = nstop_view_cols[v]; *c >= 0; c++)
		if (*c == col)
			return true;
	return false;
}

static bool name_eq(const char *a, const char *b, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char x = a[i], y = b[i];

		if (!x)
			return false;
		if (x >= 'a' && x <= 'z')
			x = (char)(x - 32);
		if (y >= 'a' && y <= 'z')
			y = (char)(y - 32);
		if (x != y)
			return false;
	}
	return a[len] == '\0';
}

int nstop_col_lookup(const char *name, size_t len)
{
	for (int i = 0; i < NSTOP_NCOLS; i++)
		if (name_eq(nstop_cols[i].name, name, len))
			return i;
	return -1;
}

/* ---------------------------------------------------------------- samples */

void nstop_sample_init(struct nstop_sample *s)
{
	memset(s, 0, sizeof(*s));
	snapshot_init(&s->snap);
	s->hz = 100;
	s->page_size = 4096;
}

void nstop_sample_free(struct nstop_sample *s)
{
	for (size_t i = 0; i < s->nnets; i++)
		free(s->nets[i].links);
	free(s->nets);
	free(s->rels);
	free(s->cgs);
	free(s->pios);
	snapshot_release(&s->snap);
	nstop_sample_init(s);
}

int nstop_sample_reserve(struct nstop_sample *s, size_t nprocs)
{
	return array_grow((void **)&s->snap.tasks, &s->snap.task_cap, nprocs,
			  sizeof(*s->snap.tasks));
}

uint64_t nstop_rss(const struct nstop_sample *s, const struct task *p)
{
	return p->stat.rss > 0 ? (uint64_t)p->stat.rss * (uint64_t)s->page_size : 0;
}

const struct nstop_net *nstop_sample_net(const struct nstop_sample *s, uint64_t ino)
{
	size_t lo = 0, hi = s->nnets;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->nets[mid].ino == ino)
			return &s->nets[mid];
		if (s->nets[mid].ino < ino)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct nstop_nsrel *nstop_sample_rel(const struct nstop_sample *s, uint64_t key)
{
	size_t lo = 0, hi = s->nrels;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->rels[mid].key == key)
			return &s->rels[mid];
		if (s->rels[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct nstop_cgstat *nstop_sample_cg(const struct nstop_sample *s, uint64_t key)
{
	size_t lo = 0, hi = s->ncgs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->cgs[mid].key == key)
			return &s->cgs[mid];
		if (s->cgs[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct nstop_pio *nstop_sample_pio(const struct nstop_sample *s, pid_t pid)
{
	size_t lo = 0, hi = s->npios;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->pios[mid].pid == pid)
			return &s->pios[mid];
		if (s->pios[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct task *nstop_sample_proc(const struct nstop_sample *s, pid_t pid)
{
	return snapshot_find_task(&s->snap, pid);
}

/* ----------------------------------------------------------------- deltas */

static void net_rate(const struct nstop_net *old, struct nstop_net *cur, double dt)
{
	uint64_t rx = 0, tx = 0;
	size_t j = 0;

	/* Both link lists ascend by ifindex: a merge, not a search. */
	for (size_t i = 0; i < cur->nlinks; i++) {
		const struct nstop_link *l = &cur->links[i];

		while (j < old->nlinks && old->links[j].ifindex < l->ifindex)
			j++;
		if (j == old->nlinks || old->links[j].ifindex != l->ifindex)
			continue;
		/* A link deleted and re-created under the same index restarts
		 * from zero: that interval counts nothing. */
		if (l->rx_bytes >= old->links[j].rx_bytes)
			rx += l->rx_bytes - old->links[j].rx_bytes;
		if (l->tx_bytes >= old->links[j].tx_bytes)
			tx += l->tx_bytes - old->links[j].tx_bytes;
	}
	cur->rx_rate = (double)rx / dt;
	cur->tx_rate = (double)tx / dt;
	cur->have_rate = true;
}

/* A counter's growth over dt as a rate; false when it went backwards (a new cgroup). */
static bool counter_rate(uint64_t old, uint64_t now, double dt, double *rate)
{
	if (now < old)
		return false;
	*rate = (double)(now - old) / dt;
	return true;
}

/* A container's block I/O and throttling between two samples of its cgroup. */
static void cg_rates(const struct nstop_cgstat *old, struct nstop_cgstat *cur, double dt)
{
	unsigned int both = old->st.have & cur->st.have;

	if ((both & CGROUP_STAT_IO) &&
	    counter_rate(old->st.io_rbytes, cur->st.io_rbytes, dt, &cur->io_rrate) &&
	    counter_rate(old->st.io_wbytes, cur->st.io_wbytes, dt, &cur->io_wrate))
		cur->have_rate = true;
	if ((both & CGROUP_STAT_CPU) && cur->st.cpu_throttled >= old->st.cpu_throttled) {
		cur->throttled = cur->st.cpu_throttled - old->st.cpu_throttled;
		cur->have_rate = true;
	}
}

/* The block I/O rates of the processes read in both samples (the same process: start time). */
static void pio_rates(const struct nstop_sample *prev, struct nstop_sample *cur, double dt)
{
	size_t j = 0;

	for (size_t i = 0; i < cur->npios; i++) {
		struct nstop_pio *p = &cur->pios[i];

		p->have_rate = false;
		while (j < prev->npios && prev->pios[j].pid < p->pid)
			j++;
		if (j == prev->npios || prev->pios[j].pid != p->pid ||
		    prev->pios[j].start != p->start)
			continue;
		p->have_rate = counter_rate(prev->pios[j].rbytes, p->rbytes, dt, &p->rrate) &&
			       counter_rate(prev->pios[j].wbytes, p->wbytes, dt, &p->wrate);
	}
}

void nstop_model_deltas(const struct nstop_sample *prev, struct nstop_sample *cur)
{
	double dt = prev ? cur->time - prev->time : 0;
	double scale;
	unsigned long long since;
	size_t j = 0;

	cur->have_cpu = prev && dt > 0;
	for (size_t i = 0; i < cur->snap.ntasks; i++)
		cur->snap.tasks[i].cpu = 0;
	for (size_t i = 0; i < cur->nnets; i++)
		cur->nets[i].have_rate = false;
	for (size_t i = 0; i < cur->ncgs; i++)
		cur->cgs[i].have_rate = false;
	for (size_t i = 0; i < cur->npios; i++)
		cur->pios[i].have_rate = false;
	if (!cur->have_cpu)
		return;

	scale = 100.0 / ((double)cur->hz * dt);
	/* In ticks after boot: when the previous sample was taken. */
	since = (unsigned long long)(prev->time * (double)cur->hz);
	for (size_t i = 0; i < cur->snap.ntasks; i++) {
		struct task *p = &cur->snap.tasks[i];
		const struct task *o;

		while (j < prev->snap.ntasks && prev->snap.tasks[j].pid < p->pid)
			j++;
		o = j < prev->snap.ntasks ? &prev->snap.tasks[j] : NULL;
		if (o && o->pid == p->pid && o->stat.starttime == p->stat.starttime) {
			p->cpu = nstop_ticks(p) >= nstop_ticks(o) ?
					 (double)(nstop_ticks(p) - nstop_ticks(o)) * scale : 0;
		} else if (p->stat.starttime >= since) {
			/* born during the interval: everything it used is new */
			p->cpu = (double)nstop_ticks(p) * scale;
		}
	}

	j = 0;
	for (size_t i = 0; i < cur->nnets; i++) {
		struct nstop_net *n = &cur->nets[i];

		while (j < prev->nnets && prev->nets[j].ino < n->ino)
			j++;
		if (n->err || j == prev->nnets || prev->nets[j].ino != n->ino || prev->nets[j].err)
			continue;
		net_rate(&prev->nets[j], n, dt);
	}

	j = 0;
	for (size_t i = 0; i < cur->ncgs; i++) {
		struct nstop_cgstat *c = &cur->cgs[i];

		while (j < prev->ncgs && prev->cgs[j].key < c->key)
			j++;
		if (j < prev->ncgs && prev->cgs[j].key == c->key)
			cg_rates(&prev->cgs[j], c, dt);
	}
	pio_rates(prev, cur, dt);
}

/* ------------------------------------------------------------------- rows */

void nstop_model_init(struct nstop_model *m)
{
	memset(m, 0, sizeof(*m));
	memcpy(m->cols, nstop_view_cols, sizeof(m->cols));
	m->top_view = NSTOP_VIEW_NS;
	m->types = NS_MASK_ALL;
	for (int v = 0; v < NSTOP_NVIEWS; v++)
		m->sort[v].col = NSTOP_COL_CPU;
	hashmap_init(&m->index);
}

void nstop_model_release(struct nstop_model *m)
{
	free(m->rows);
	free(m->scratch);
	free(m->proc_match);
	hashmap_clear(&m->index);
	memset(m, 0, sizeof(*m));
}

enum nstop_view_kind nstop_model_view(const struct nstop_model *m)
{
	return m->drill ? NSTOP_VIEW_PROC : m->top_view;
}

bool nstop_model_has_col(const struct nstop_model *m, enum nstop_view_kind v, int col)
{
	for (const int *c = m->cols[v]; *c >= 0; c++)
		if (*c == col)
			return true;
	return false;
}

int nstop_model_col_by_key(const struct nstop_model *m, enum nstop_view_kind v, int key)
{
	for (const int *c = m->cols[v]; *c >= 0; c++)
		if (nstop_cols[*c].key == key)
			return *c;
	return -1;
}

int nstop_model_set_cols(struct nstop_model *m, enum nstop_view_kind v, const char *list,
			 const char **bad, size_t *badlen)
{
	int cols[NSTOP_NCOLS + 1];
	size_t n = 0;
	const char *p = list;

	/* "+LIST": the defaults, then the list */
	if (*p == '+') {
		p++;
		for (const int *c = nstop_view_cols[v]; *c >= 0; c++)
			cols[n++] = *c;
	}
	for (;;) {
		size_t len = strcspn(p, ",");
		int col = nstop_col_lookup(p, len);
		bool dup = false;

		if (col < 0) {
			*bad = p;
			*badlen = len;
			return -EINVAL;
		}
		/* a column given twice is shown once */
		for (size_t i = 0; i < n; i++)
			dup |= cols[i] == col;
		if (!dup) {
			if (n >= NSTOP_NCOLS)
				return -E2BIG;
			cols[n++] = col;
		}
		if (!p[len])
			break;
		p += len + 1;
	}
	cols[n] = -1;
	memcpy(m->cols[v], cols, (n + 1) * sizeof(cols[0]));
	return 0;
}

unsigned int nstop_model_needs(const struct nstop_model *m)
{
	unsigned int needs = 0;

	for (const int *c = m->cols[m->top_view]; *c >= 0; c++)
		needs |= nstop_cols[*c].needs;
	if (m->drill)
		for (const int *c = m->cols[NSTOP_VIEW_PROC]; *c >= 0; c++)
			needs |= nstop_cols[*c].needs;
	/* the rows may be sorted by a column not shown (-s) */
	needs |= nstop_cols[m->sort[m->top_view].col].needs;
	if (m->drill)
		needs |= nstop_cols[m->sort[NSTOP_VIEW_PROC].col].needs;
	/* a filter may name any column */
	if (m->filter)
		for (int c = 0; c < NSTOP_NCOLS; c++)
			needs |= nstop_cols[c].needs;
	return needs;
}

bool nstop_contains(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	if (!n)
		return true;
	if (!s)
		return false;
	for (; *s; s++) {
		size_t i;

		for (i = 0; i < n && s[i]; i++) {
			char a = s[i], b = needle[i];

			if (a >= 'A' && a <= 'Z')
				a = (char)(a + 32);
			if (b >= 'A' && b <= 'Z')
				b = (char)(b + 32);
			if (a != b)
				break;
		}
		if (i == n)
			return true;
	}
	return false;
}

static bool proc_matches(const struct task *p, const char *needle)
{
	char pid[16];

	snprintf(pid, sizeof(pid), "%d", (int)p->pid);
	return nstop_contains(p->stat.comm, needle) || nstop_contains(p->cmdline, needle) ||
	       strcmp(pid, needle) == 0;
}

static bool ct_matches(const struct container_info *ct, const char *needle)
{
	return ct && (nstop_contains(ct->name, needle) || nstop_contains(ct->id, needle) ||
		      nstop_contains(ct->pod_name, needle));
}

static bool row_matches(const struct nstop_row *r, const char *needle, enum nstop_view_kind v)
{
	char ino[24];

	if (!needle[0] || r->matched)
		return true;
	if (ct_matches(r->ct, needle))
		return true;
	if (v == NSTOP_VIEW_NS) {
		snprintf(ino, sizeof(ino), "%llu", (unsigned long long)r->ino);
		if (nstop_contains(ino, needle))
			return true;
	}
	return false;
}

static void row_add(struct nstop_row *r, const struct nstop_sample *s, struct task *p,
		    bool match)
{
	if (!r->first) {
		r->first = p;
		r->top = p;
	} else if (r->first->denied && !p->denied) {
		/* the representative must be a process whose namespaces are known */
		r->first = p;
	}
	r->nprocs++;
	r->nthreads += nstop_nthreads(p);
	r->cpu += p->cpu;
	r->rss += nstop_rss(s, p);
	/* Processes come in ascending PID order: the lowest wins a tie. */
	if (p->cpu > r->top->cpu)
		r->top = p;
	r->matched |= match;
}

/* The container a process counts for: none for a runtime's monitor. */
static const struct container_info *proc_ct(const struct task *p)
{
	return p->ct && !p->ct->monitor ? p->ct : NULL;
}

static uint64_t ct_key(const struct task *p)
{
	return proc_ct(p) ? nstop_ct_key(p->ct) : CT_NONE_KEY;
}

/* Find or add the scratch row of key; the index holds position + 1. */
static struct nstop_row *scratch_row(struct nstop_model *m, size_t *n, uint64_t key, bool *added)
{
	void *v = hashmap_get(&m->index, key);

	*added = false;
	if (v)
		return &m->scratch[(uintptr_t)v - 1];
	if (array_grow((void **)&m->scratch, &m->scratch_cap, *n + 1, sizeof(*m->scratch)) < 0)
		return NULL;
	if (hashmap_put(&m->index, key, (void *)(uintptr_t)(*n + 1)) < 0)
		return NULL;
	memset(&m->scratch[*n], 0, sizeof(m->scratch[*n]));
	m->scratch[*n].key = key;
	m->scratch[*n].parent = -1;
	*added = true;
	return &m->scratch[(*n)++];
}

/* Every namespace of every type, and the totals. */
static int aggregate_ns(struct nstop_model *m, struct nstop_sample *s, size_t *n)
{
	for (size_t i = 0; i < s->snap.ntasks; i++) {
		struct task *p = &s->snap.tasks[i];

		for (int t = 0; t < NS_NTYPES; t++) {
			struct nstop_row *r;
			bool added;

			if (!p->ns[t])
				continue;
			r = scratch_row(m, n, nstop_ns_key(t, p->ns[t]), &added);
			if (!r)
				return -ENOMEM;
			if (added) {
				r->type = t;
				r->ino = p->ns[t];
				r->host = s->snap.host_ns[t] == p->ns[t];
				r->ct = proc_ct(p);
				m->totals.nns[t]++;
				m->totals.nns_all++;
			} else if (proc_ct(p) != r->ct) {
				r->mixed = true;
			}
			row_add(r, s, p, m->proc_match[i]);
		}
	}
	for (size_t i = 0; i < *n; i++) {
		struct nstop_row *r = &m->scratch[i];
		const struct nstop_net *net;

		/* one container's namespace shows its container's figures */
		if (r->ct && !r->mixed)
			r->cg = nstop_sample_cg(s, nstop_ct_key(r->ct));
		if (r->type != NS_NET)
			continue;
		net = nstop_sample_net(s, r->ino);
		if (net && net->have_rate) {
			r->have_net = true;
			r->rx = net->rx_rate;
			r->tx = net->tx_rate;
		}
		if (net)
			r->net_limit = net->rate_limit;
	}
	return 0;
}

static int aggregate_ct(struct nstop_model *m, struct nstop_sample *s, size_t *n)
{
	const uint64_t *host_ns = s->snap.host_ns;

	for (size_t i = 0; i < s->snap.ntasks; i++) {
		struct task *p = &s->snap.tasks[i];
		struct nstop_row *r;
		bool added;

		r = scratch_row(m, n, ct_key(p), &added);
		if (!r)
			return -ENOMEM;
		if (added)
			r->ct = proc_ct(p);
		row_add(r, s, p, m->proc_match[i]);
		/* the container's namespaces: those of any of its processes */
		for (int t = 0; t < NS_NTYPES; t++)
			if (p->ns[t] && host_ns[t] && p->ns[t] != host_ns[t])
				r->own_types |= NS_MASK(t);
	}
	for (size_t i = 0; i < *n; i++) {
		struct nstop_row *r = &m->scratch[i];
		const struct task *f = r->first;
		const struct nstop_net *net;

		if (r->ct) {
			m->totals.ncontainers++;
			r->cg = nstop_sample_cg(s, nstop_ct_key(r->ct));
		}
		r->type = NS_NET;
		r->ino = f->ns[NS_NET];
		r->host = r->ino && r->ino == host_ns[NS_NET];
		/* A container on the host's network would show the host's
		 * traffic as its own: leave it blank instead. */
		if (r->ct && r->host)
			continue;
		net = r->ino ? nstop_sample_net(s, r->ino) : NULL;
		if (net && net->have_rate) {
			r->have_net = true;
			r->rx = net->rx_rate;
			r->tx = net->tx_rate;
		}
		if (net)
			r->net_limit = net->rate_limit;
	}
	return 0;
}

bool nstop_model_drilled(const struct nstop_model *m, const struct task *p)
{
	if (!m->drill)
		return false;
	if (m->drill_from == NSTOP_VIEW_CT)
		return ct_key(p) == m->drill_ct;
	return p->ns[m->drill_type] == m->drill_ino;
}

static int aggregate_proc(struct nstop_model *m, struct nstop_sample *s, size_t *n)
{
	for (size_t i = 0; i < s->snap.ntasks; i++) {
		struct task *p = &s->snap.tasks[i];
		struct nstop_row *r;

		if (!nstop_model_drilled(m, p))
			continue;
		if (array_grow((void **)&m->scratch, &m->scratch_cap, *n + 1, sizeof(*m->scratch)) < 0)
			return -ENOMEM;
		r = &m->scratch[(*n)++];
		memset(r, 0, sizeof(*r));
		/* pid and start time: a reused pid is another row */
		r->key = ((uint64_t)p->stat.starttime << 23 ^ (uint64_t)p->pid) + 2;
		r->parent = -1;
		r->ct = proc_ct(p);
		r->type = m->drill_type;
		r->ino = p->ns[m->drill_type];
		r->pio = nstop_sample_pio(s, p->pid);
		if (r->pio && r->pio->start != p->stat.starttime)
			r->pio = NULL;
		row_add(r, s, p, m->proc_match[i]);
	}
	return 0;
}

/* --------------------------------------------------------------- sorting */

/*
 * The figures of the cgroup and I/O columns as numbers (what JSON and -Q
 * see, and the sort); false when the row has none.
 */
static bool cg_number(const struct nstop_model *m, const struct nstop_row *r, int col,
		      double *x)
{
	const struct cgroup_stats *st = r->cg ? &r->cg->st : NULL;
	unsigned int have = st ? st->have : 0;

	switch (col) {
	case NSTOP_COL_MEMCG:
		*x = have & CGROUP_STAT_MEMORY ? (double)st->mem_usage : 0;
		return have & CGROUP_STAT_MEMORY;
	case NSTOP_COL_MEMLIM:
		*x = have & CGROUP_STAT_MEMORY ? (double)st->mem_limit : 0;
		return (have & CGROUP_STAT_MEMORY) && st->mem_limit;
	case NSTOP_COL_MEMPCT: {
		uint64_t of;

		if (!(have & CGROUP_STAT_MEMORY))
			return false;
		of = st->mem_limit ? st->mem_limit : m->mem_total;
		*x = of ? (double)st->mem_usage * 100.0 / (double)of : 0;
		return of != 0;
	}
	case NSTOP_COL_PIDS:
		*x = have & CGROUP_STAT_PIDS ? (double)st->pids : 0;
		return have & CGROUP_STAT_PIDS;
	case NSTOP_COL_PIDLIM:
		*x = have & CGROUP_STAT_PIDS ? (double)st->pids_limit : 0;
		return (have & CGROUP_STAT_PIDS) && st->pids_limit;
	case NSTOP_COL_BLKR:
	case NSTOP_COL_BLKW:
		/* a process's own, else its container's */
		if (r->pio) {
			*x = col == NSTOP_COL_BLKR ? r->pio->rrate : r->pio->wrate;
			return r->pio->have_rate;
		}
		*x = !r->cg ? 0 : col == NSTOP_COL_BLKR ? r->cg->io_rrate : r->cg->io_wrate;
		return r->cg && r->cg->have_rate && (have & CGROUP_STAT_IO);
	case NSTOP_COL_THROTTLED:
		*x = r->cg ? (double)r->cg->throttled : 0;
		return r->cg && r->cg->have_rate && (have & CGROUP_STAT_CPU);
	case NSTOP_COL_NETLIM:
		*x = (double)r->net_limit;
		return r->net_limit != 0;
	}
	return false;
}

/* The number a numeric column sorts by; false when the row has none. */
static bool sort_number(const struct nstop_model *m, const struct nstop_row *r, int col,
			enum nstop_view_kind v, double *x)
{
	switch (col) {
	case NSTOP_COL_NS:
		*x = (double)r->ino;
		return r->ino != 0;
	case NSTOP_COL_NPROCS:
		*x = r->nprocs;
		return true;
	case NSTOP_COL_THREADS:
		*x = r->nthreads;
		return true;
	case NSTOP_COL_PID:
		*x = r->top ? r->top->pid : 0;
		return r->top != NULL;
	case NSTOP_COL_NSPID:
		*x = r->top ? r->top->nspid : 0;
		return r->top && r->top->nspid;
	case NSTOP_COL_CPU:
		*x = r->cpu;
		return true;
	case NSTOP_COL_MEM:
		*x = (double)r->rss;
		return true;
	case NSTOP_COL_RX:
		*x = r->rx;
		return r->have_net;
	case NSTOP_COL_TX:
		*x = r->tx;
		return r->have_net;
	default:
		break;
	}
	(void)v;
	return cg_number(m, r, col, x);
}

struct sort_ctx {
	const struct nstop_model *m;
	enum nstop_view_kind view;
	int col;
	bool reverse;
};

static int cmp_rows(const void *a, const void *b, void *ctx)
{
	const struct nstop_row *x = a, *y = b;
	const struct sort_ctx *c = ctx;
	int r = 0;

	if (nstop_cols[c->col].numeric) {
		double vx, vy;
		bool hx = sort_number(c->m, x, c->col, c->view, &vx);
		bool hy = sort_number(c->m, y, c->col, c->view, &vy);

		/* rows without a value go last, whichever the direction */
		if (hx != hy)
			return hx ? -1 : 1;
		if (hx)
			r = (vx < vy) - (vx > vy);	/* biggest first */
	} else {
		char bx[96], by[96];
		/* as shown: user names, not uids */
		const char *sx = nstop_cell(c->m, x, c->col, false, bx, sizeof(bx));
		const char *sy = nstop_cell(c->m, y, c->col, false, by, sizeof(by));

		if (!sx != !sy)
			return sx ? -1 : 1;
		if (sx)
			r = strcmp(sx, sy);
	}
	if (c->reverse)
		r = -r;
	if (r)
		return r;
	/* Stable across refreshes: equal rows keep their identity order. */
	return (x->key > y->key) - (x->key < y->key);
}

static void sort_rows(const struct nstop_model *m, struct nstop_row *rows, size_t n)
{
	enum nstop_view_kind v = nstop_model_view(m);
	struct sort_ctx ctx = { m, v, m->sort[v].col, m->sort[v].reverse };

	if (!nstop_model_has_col(m, v, ctx.col))
		ctx.col = NSTOP_COL_CPU;
	if (n > 1)
		qsort_r(rows, n, sizeof(*rows), cmp_rows, &ctx);
}

/* ------------------------------------------------------------------ tree */

/*
 * Pid and user namespaces hang under their nearest ancestor that is a
 * row; the rest are roots. Siblings keep the order of the sort.
 * scratch[0..n) is sorted; the result goes to m->rows in depth-first order.
 */
static int build_tree(struct nstop_model *m, const struct nstop_sample *s, size_t n)
{
	int *first_child, *last_child, *next, *stack, *pos;
	size_t out = 0;
	int sp = 0, rc = -ENOMEM;

	first_child = malloc((n + 1) * sizeof(int));
	last_child = malloc((n + 1) * sizeof(int));
	next = malloc((n + 1) * sizeof(int));
	stack = malloc((n + 1) * sizeof(int));
	pos = malloc((n + 1) * sizeof(int));
	if (!first_child || !last_child || !next || !stack || !pos)
		goto out_free;

	hashmap_clear(&m->index);
	for (size_t i = 0; i < n; i++)
		if (hashmap_put(&m->index, m->scratch[i].key, (void *)(uintptr_t)(i + 1)) < 0)
			goto out_free;
	for (size_t i = 0; i <= n; i++)
		first_child[i] = last_child[i] = next[i] = -1;
	/* Slot n is the invisible root of the roots. */
	for (size_t i = 0; i < n; i++) {
		struct nstop_row *r = &m->scratch[i];
		const struct nstop_nsrel *rel = nstop_sample_rel(s, r->key);
		size_t parent = n;

		for (int u = 0; rel && u < rel->nup; u++) {
			void *v = hashmap_get(&m->index, nstop_ns_key(r->type, rel->up[u]));

			if (v) {
				parent = (uintptr_t)v - 1;
				break;
			}
		}
		if (parent == i)
			parent = n;
		r->parent = parent == n ? -1 : (int)parent;
		if (last_child[parent] < 0)
			first_child[parent] = (int)i;
		else
			next[last_child[parent]] = (int)i;
		last_child[parent] = (int)i;
	}

	/* Depth-first from the invisible root; the stack holds next siblings. */
	if (first_child[n] >= 0)
		stack[sp++] = first_child[n];
	while (sp > 0 && out < n) {
		int i = stack[--sp];
		struct nstop_row *r = &m->scratch[i];
		int depth = 0;
		uint32_t last = 0;

		if (r->parent >= 0) {
			/* the parent was emitted before: its depth and mask are final */
			const struct nstop_row *p = &m->scratch[r->parent];

			depth = p->depth + 1;
			last = p->last_mask;
		}
		if (depth >= NSTOP_MAX_DEPTH)
			depth = NSTOP_MAX_DEPTH - 1;
		if (next[i] < 0)
			last |= 1u << depth;
		else
			last &= ~(1u << depth);
		r->depth = depth;
		r->last_mask = last;
		if (next[i] >= 0)
			stack[sp++] = next[i];
		if (first_child[i] >= 0)
			stack[sp++] = first_child[i];
		pos[i] = (int)out;
		m->rows[out] = *r;
		/* in the output, parents are rows of m->rows */
		m->rows[out].parent = r->parent >= 0 ? pos[r->parent] : -1;
		out++;
	}
	/* A cycle (which the kernel never makes) leaves rows out: add them flat. */
	m->nrows = out;
	rc = 0;
out_free:
	free(first_child);
	free(last_child);
	free(next);
	free(stack);
	free(pos);
	return rc;
}

/* ------------------------------------------------------------- selection */

static void restore_selection(struct nstop_model *m)
{
	if (!m->nrows) {
		m->sel = 0;
		return;
	}
	if (m->have_sel) {
		for (size_t i = 0; i < m->nrows; i++)
			if (m->rows[i].key == m->sel_key) {
				m->sel = i;
				return;
			}
	}
	/* The row is gone: keep the place, as a list does when a line goes. */
	if (m->sel >= m->nrows)
		m->sel = m->nrows - 1;
	m->sel_key = m->rows[m->sel].key;
	m->have_sel = true;
}

void nstop_model_select(struct nstop_model *m, size_t idx)
{
	if (!m->nrows)
		return;
	if (idx >= m->nrows)
		idx = m->nrows - 1;
	m->sel = idx;
	m->sel_key = m->rows[idx].key;
	m->have_sel = true;
}

void nstop_model_move(struct nstop_model *m, long delta)
{
	long idx = (long)m->sel + delta;

	if (idx < 0)
		idx = 0;
	nstop_model_select(m, (size_t)idx);
}

const struct nstop_row *nstop_model_selected(const struct nstop_model *m)
{
	return m->nrows && m->sel < m->nrows ? &m->rows[m->sel] : NULL;
}

/* ------------------------------------------------------------------ build */

int nstop_model_build(struct nstop_model *m, struct nstop_sample *s)
{
	enum nstop_view_kind v = nstop_model_view(m);
	size_t nprocs = s->snap.ntasks, n = 0, keep = 0;
	int rc;

	memset(&m->totals, 0, sizeof(m->totals));
	m->have_cpu = s->have_cpu;
	m->mem_total = s->mem_total;
	m->have_host = false;
	for (int t = 0; t < NS_NTYPES; t++)
		m->have_host |= s->snap.host_ns[t] != 0;
	m->totals.nprocs = nprocs;
	m->totals.ndenied = s->snap.ndenied;
	m->totals.nmalformed = s->snap.nmalformed;
	m->totals.nnet_denied = s->nnet_denied;
	for (size_t i = 0; i < nprocs; i++) {
		m->totals.nthreads += nstop_nthreads(&s->snap.tasks[i]);
		m->totals.cpu += s->snap.tasks[i].cpu;
		m->totals.rss += nstop_rss(s, &s->snap.tasks[i]);
	}

	rc = array_grow((void **)&m->proc_match, &m->proc_match_cap, nprocs + 1, sizeof(bool));
	if (rc)
		return rc;
	for (size_t i = 0; i < nprocs; i++)
		m->proc_match[i] = m->search[0] && proc_matches(&s->snap.tasks[i], m->search);

	/* The index is rebuilt, never deleted from: its tombstones would pile up. */
	hashmap_clear(&m->index);
	rc = hashmap_reserve(&m->index, nprocs / 4 + 64);
	if (rc)
		return rc;
	/* Namespaces are always counted, for the header, whatever the view. */
	rc = aggregate_ns(m, s, &n);
	if (rc)
		return rc;
	if (v != NSTOP_VIEW_NS) {
		size_t nns[NS_NTYPES], all = m->totals.nns_all;

		memcpy(nns, m->totals.nns, sizeof(nns));
		hashmap_clear(&m->index);
		n = 0;
		rc = aggregate_ct(m, s, &n);
		if (rc)
			return rc;
		if (v == NSTOP_VIEW_PROC) {
			size_t nct = m->totals.ncontainers;

			n = 0;
			rc = aggregate_proc(m, s, &n);
			m->totals.ncontainers = nct;
			if (rc)
				return rc;
		}
		memcpy(m->totals.nns, nns, sizeof(nns));
		m->totals.nns_all = all;
	} else {
		/* container count without a second pass over the rows */
		size_t nn = n;

		hashmap_clear(&m->index);
		for (size_t i = 0; i < nprocs; i++) {
			uint64_t k = ct_key(&s->snap.tasks[i]);

			if (k != CT_NONE_KEY && !hashmap_get(&m->index, k)) {
				if (hashmap_put(&m->index, k, (void *)1) < 0)
					return -ENOMEM;
				m->totals.ncontainers++;
			}
		}
		n = nn;
	}

	/* Keep the rows of the view: type, search, filter (in place). */
	for (size_t i = 0; i < n; i++) {
		struct nstop_row *r = &m->scratch[i];

		if (v == NSTOP_VIEW_NS) {
			ns_mask_t types = m->types;

			if (m->tree)
				types &= NS_MASK(NS_PID) | NS_MASK(NS_USER);
			if (!(types & NS_MASK(r->type)))
				continue;
		}
		if (!row_matches(r, m->search, v))
			continue;
		if (v != NSTOP_VIEW_PROC && m->filter &&
		    !filter_match(m->filter, nstop_filter_valfn, m, r))
			continue;
		m->scratch[keep++] = *r;
	}
	n = keep;

	rc = array_grow((void **)&m->rows, &m->row_cap, n + 1, sizeof(*m->rows));
	if (rc)
		return rc;
	sort_rows(m, m->scratch, n);
	if (v == NSTOP_VIEW_NS && m->tree) {
		rc = build_tree(m, s, n);
		if (rc)
			return rc;
	} else {
		if (n)
			memcpy(m->rows, m->scratch, n * sizeof(*m->rows));
		m->nrows = n;
	}
	restore_selection(m);
	return 0;
}

/* ---------------------------------------------------------------- actions */

bool nstop_model_drill(struct nstop_model *m)
{
	const struct nstop_row *r = nstop_model_selected(m);

	if (m->drill || !r)
		return false;
	m->drill = true;
	m->drill_from = m->top_view;
	m->drill_key = r->key;
	m->drill_type = r->type;
	m->drill_ino = r->ino;
	m->drill_ct = r->ct ? nstop_ct_key(r->ct) : CT_NONE_KEY;
	if (m->top_view == NSTOP_VIEW_CT)
		snprintf(m->drill_label, sizeof(m->drill_label), "container %s",
			 r->ct ? container_label(r->ct) : "(none)");
	else if (r->ct)
		snprintf(m->drill_label, sizeof(m->drill_label), "%s %llu (%s)",
			 nstype_name(r->type), (unsigned long long)r->ino, container_label(r->ct));
	else
		snprintf(m->drill_label, sizeof(m->drill_label), "%s %llu", nstype_name(r->type),
			 (unsigned long long)r->ino);
	/* the drill-down starts unsearched; back restores the search */
	memcpy(m->drill_search, m->search, sizeof(m->search));
	m->search[0] = '\0';
	m->have_sel = false;
	m->sel = 0;
	m->scroll = 0;
	return true;
}

void nstop_model_back(struct nstop_model *m)
{
	if (!m->drill)
		return;
	m->drill = false;
	memcpy(m->search, m->drill_search, sizeof(m->search));
	m->sel_key = m->drill_key;
	m->have_sel = true;
	m->scroll = 0;
}

ns_mask_t nstop_next_types(ns_mask_t types)
{
	/* all -> mnt -> net -> ... -> time -> all, in the table's order */
	for (int t = 0; t < NS_NTYPES; t++)
		if (types == NS_MASK(t))
			return t + 1 < NS_NTYPES ? NS_MASK(t + 1) : NS_MASK_ALL;
	return NS_MASK(0);
}

void nstop_model_sort_by(struct nstop_model *m, int col)
{
	enum nstop_view_kind v = nstop_model_view(m);

	if (!nstop_model_has_col(m, v, col))
		return;
	if (m->sort[v].col == col) {
		m->sort[v].reverse = !m->sort[v].reverse;
		return;
	}
	m->sort[v].col = col;
	m->sort[v].reverse = false;
}

void nstop_model_sort_step(struct nstop_model *m, int step)
{
	enum nstop_view_kind v = nstop_model_view(m);
	const int *cols = m->cols[v];
	int n = 0, at = 0;

	while (cols[n] >= 0) {
		if (cols[n] == m->sort[v].col)
			at = n;
		n++;
	}
	at = (at + step % n + n) % n;
	m->sort[v].col = cols[at];
}

void nstop_model_sort_reverse(struct nstop_model *m)
{
	enum nstop_view_kind v = nstop_model_view(m);

	m->sort[v].reverse = !m->sort[v].reverse;
}

/* ------------------------------------------------------------------ cells */

void nstop_scale(double v, char *buf, size_t size)
{
	static const char units[] = "KMGTPE";
	int u = -1;

	if (v < 0)
		v = 0;
	if (v < 1024) {
		snprintf(buf, size, "%.0f", v);
		return;
	}
	while (v >= 1024 && u < (int)sizeof(units) - 2) {
		v /= 1024;
		u++;
	}
	/* one decimal while it fits in four characters and says something */
	if (v < 9.95)
		snprintf(buf, size, "%.1f%c", v, units[u]);
	else
		snprintf(buf, size, "%.0f%c", v, units[u]);
}

static const char *number(char *buf, size_t size, unsigned long long v)
{
	snprintf(buf, size, "%llu", v);
	return buf;
}

static const char *own_types(ns_mask_t mask, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int t = 0; t < NS_NTYPES; t++) {
		if (!(mask & NS_MASK(t)))
			continue;
		len += (size_t)snprintf(buf + len, size > len ? size - len : 0, "%s%s",
					len ? "," : "", nstype_name(t));
		if (len >= size)
			break;
	}
	return buf;
}

static const char *command(const struct task *p, char *buf, size_t size)
{
	if (!p)
		return NULL;
	/* Kernel threads have no command line: ps shows their name in brackets. */
	if (nstop_kthread(p)) {
		snprintf(buf, size, "[%s]", p->stat.comm);
		return buf;
	}
	if (p->cmdline)
		return p->cmdline;
	return p->stat.comm;
}

/* The cgroup and I/O columns: bytes and rates scaled for people, plain in raw. */
static const char *cg_cell(const struct nstop_model *m, const struct nstop_row *r, int col,
			   bool raw, char *buf, size_t size)
{
	double x;

	if (!cg_number(m, r, col, &x))
		return NULL;
	switch (col) {
	case NSTOP_COL_MEMPCT:
		snprintf(buf, size, "%.1f", x);
		return buf;
	case NSTOP_COL_PIDS:
	case NSTOP_COL_PIDLIM:
	case NSTOP_COL_THROTTLED:
		return number(buf, size, (unsigned long long)x);
	}
	if (raw)
		snprintf(buf, size, "%.0f", x);
	else
		nstop_scale(x, buf, size);
	return buf;
}

const char *nstop_cell(const struct nstop_model *m, const struct nstop_row *r, int col,
		       bool raw, char *buf, size_t size)
{
	enum nstop_view_kind v = nstop_model_view(m);
	const struct task *p = r->top;

	switch (col) {
	case NSTOP_COL_TYPE:
		return v == NSTOP_VIEW_NS ? nstype_name(r->type) : NULL;
	case NSTOP_COL_NS:
		return r->ino ? number(buf, size, r->ino) : NULL;
	case NSTOP_COL_CONTAINER:
		if (r->ct)
			return container_label(r->ct);
		return v == NSTOP_VIEW_CT ? "(none)" : NULL;
	case NSTOP_COL_RUNTIME:
		return r->ct ? container_runtime_name(r->ct->runtime) : NULL;
	case NSTOP_COL_NAMESPACES:
		if (!r->ct || !m->have_host)
			return NULL;
		return r->own_types ? own_types(r->own_types, buf, size) : "none";
	case NSTOP_COL_NPROCS:
		return number(buf, size, r->nprocs);
	case NSTOP_COL_THREADS:
		return number(buf, size, r->nthreads);
	case NSTOP_COL_PID:
		return p ? number(buf, size, (unsigned long long)p->pid) : NULL;
	case NSTOP_COL_NSPID:
		return p && p->nspid ? number(buf, size, (unsigned long long)p->nspid) : NULL;
	case NSTOP_COL_USER:
		if (!p || !(p->loaded & TASK_UID))
			return NULL;
		if (!raw && m->user_name) {
			const char *name = m->user_name(m->user_data, p->uid);

			if (name)
				return name;
		}
		return number(buf, size, p->uid);
	case NSTOP_COL_STATE:
		if (!p || !p->stat.state)
			return NULL;
		snprintf(buf, size, "%c", p->stat.state);
		return buf;
	case NSTOP_COL_CPU:
		if (!m->have_cpu)
			return NULL;
		snprintf(buf, size, r->cpu >= 999.95 ? "%.0f" : "%.1f", r->cpu);
		return buf;
	case NSTOP_COL_MEM:
		if (raw)
			return number(buf, size, r->rss);
		nstop_scale((double)r->rss, buf, size);
		return buf;
	case NSTOP_COL_RX:
	case NSTOP_COL_TX: {
		double x = col == NSTOP_COL_RX ? r->rx : r->tx;

		if (!r->have_net)
			return NULL;
		if (raw)
			snprintf(buf, size, "%.0f", x);
		else
			nstop_scale(x, buf, size);
		return buf;
	}
	case NSTOP_COL_COMMAND:
		return command(p, buf, size);
	default:
		return cg_cell(m, r, col, raw, buf, size);
	}
	return NULL;
}

int nstop_filter_colfn(void *data, const char *name, size_t len)
{
	(void)data;
	return nstop_col_lookup(name, len);
}

const char *nstop_filter_valfn(void *data, void *row, int col)
{
	struct nstop_model *m = data;

	if (col < 0 || col >= NSTOP_NCOLS)
		return NULL;
	return nstop_cell(m, row, col, true, m->fbuf[col], sizeof(m->fbuf[col]));
}
