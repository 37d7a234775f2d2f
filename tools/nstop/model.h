/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nstop's model: what one sample of the system holds, the rates between
 * two samples, and the rows the dashboard shows (per namespace, per
 * container, or the processes of one of them), filtered, searched, sorted,
 * nested as a tree, with a selection that survives rows coming and going.
 *
 * Pure: nothing here reads /proc, the clock or the terminal. The sampler
 * (sampler.h) fills samples from the system, through the snapshots of
 * common/snapshot; unit tests fill them by hand. The view (view.h) turns
 * rows into text.
 */
#ifndef NSKIT_NSTOP_MODEL_H
#define NSKIT_NSTOP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cgroup.h"
#include "container.h"
#include "filter.h"
#include "hashmap.h"
#include "nstype.h"
#include "snapshot.h"

#define NSTOP_COMM_MAX	64	/* /proc/PID/stat names kernel workers up to 63 bytes */
#define NSTOP_MAX_DEPTH	32	/* pid and user namespaces nest at most 32 deep */
#define NSTOP_SEARCH_MAX 128

/*
 * A process is a struct task of the sample's snapshot, with TASK_STAT
 * loaded and its container (TASK_CONTAINER) known; the model reads these
 * of it, and writes its cpu.
 */
static inline unsigned long long nstop_ticks(const struct task *p)
{
	return p->stat.utime + p->stat.stime;
}

static inline bool nstop_kthread(const struct task *p)
{
	return (p->stat.flags & PROC_PF_KTHREAD) != 0;
}

static inline unsigned int nstop_nthreads(const struct task *p)
{
	return p->stat.nthreads > 0 ? (unsigned int)p->stat.nthreads : 1;
}

/* The identity of a container across refreshes (the index's key). */
static inline uint64_t nstop_ct_key(const struct container_info *ct)
{
	return snapshot_ct_of(ct)->key;
}

/* The traffic counters of one link, and of one network namespace. */
struct nstop_link {
	int ifindex;
	uint64_t rx_bytes;
	uint64_t tx_bytes;
};

struct nstop_net {
	uint64_t ino;
	int err;			/* 0, or why the counters are unknown (-EPERM) */
	struct nstop_link *links;	/* owned; ascending ifindex, loopback left out */
	size_t nlinks;
	bool have_rate;			/* set by nstop_model_deltas() */
	double rx_rate;			/* bytes per second */
	double tx_rate;
	/*
	 * The rate its links are held to: the lowest of the token buckets at
	 * their roots, bytes per second (NSTOP_SAMPLE_NETLIM); 0 for none.
	 */
	uint64_t rate_limit;
};

/*
 * A container's cgroup figures in one sample, read once per container
 * (NSTOP_SAMPLE_CGROUP): what docker stats shows.
 */
struct nstop_cgstat {
	uint64_t key;			/* the container's, nstop_ct_key() */
	struct cgroup_stats st;		/* what could be read: st.have */
	/* set by nstop_model_deltas(), against the previous sample */
	bool have_rate;
	double io_rrate, io_wrate;	/* block I/O, bytes per second */
	uint64_t throttled;		/* CPU periods throttled in between */
};

/* A process's block I/O (/proc/PID/io), read for the drill-down only. */
struct nstop_pio {
	pid_t pid;
	unsigned long long start;	/* its start time: a reused pid is another */
	uint64_t rbytes, wbytes;	/* read_bytes, write_bytes */
	bool have_rate;			/* set by nstop_model_deltas() */
	double rrate, wrate;		/* bytes per second */
};

/* Where a pid or user namespace sits: its ancestors, nearest first. */
struct nstop_nsrel {
	uint64_t key;			/* nstop_ns_key(type, ino) */
	int nup;
	uint64_t up[NSTOP_MAX_DEPTH];
};

struct nstop_sample {
	/* the processes (ascending pid), what they are in, the host's
	 * namespaces (host_ns, 0 when unknown) and how many could not be
	 * read (ndenied); owned */
	struct snapshot snap;
	double time;			/* seconds on CLOCK_BOOTTIME (starttime's clock) */
	long hz;			/* clock ticks per second */
	long page_size;			/* bytes per page of RSS */
	struct nstop_net *nets;		/* ascending inode; owned */
	size_t nnets, net_cap;
	struct nstop_nsrel *rels;	/* ascending key; owned (for the tree) */
	size_t nrels, rel_cap;
	size_t nnet_denied;		/* net namespaces whose counters were unreadable */
	bool have_cpu;			/* cpu fields are rates (there was a previous sample) */
	struct nstop_cgstat *cgs;	/* ascending key; owned */
	size_t ncgs, cg_cap;
	struct nstop_pio *pios;		/* ascending pid; owned */
	size_t npios, pio_cap;
	uint64_t mem_total;		/* the host's memory, bytes (MEM% without a limit) */
};

static inline uint64_t nstop_ns_key(enum ns_type type, uint64_t ino)
{
	return (ino << 3) | (uint64_t)type;
}

/*
 * CPU% of every process, the rates of every network namespace, container
 * cgroup (block I/O, CPU periods throttled) and process read for its
 * block I/O of cur,
 * against prev (NULL: none, so no rates). CPU% is the utime+stime delta over
 * the real time between the samples, per core as top shows it (100 = one
 * core busy). A process that prev does not have (or had with another start
 * time: a reused pid) counts all its ticks if it started after prev was
 * taken, and nothing otherwise. Link counters that went backwards, and
 * links that were not there before, count nothing.
 */
void nstop_model_deltas(const struct nstop_sample *prev, struct nstop_sample *cur);

/* Sample helpers (for the sampler and for tests). */
void nstop_sample_init(struct nstop_sample *s);
/* Frees what the sample owns, its snapshot included. */
void nstop_sample_free(struct nstop_sample *s);
/* Room for nprocs tasks in s->snap.tasks (tests fill them by hand). */
int nstop_sample_reserve(struct nstop_sample *s, size_t nprocs);
const struct nstop_net *nstop_sample_net(const struct nstop_sample *s, uint64_t ino);
const struct nstop_nsrel *nstop_sample_rel(const struct nstop_sample *s, uint64_t key);
const struct nstop_cgstat *nstop_sample_cg(const struct nstop_sample *s, uint64_t key);
const struct nstop_pio *nstop_sample_pio(const struct nstop_sample *s, pid_t pid);
struct task *nstop_sample_proc(const struct nstop_sample *s, pid_t pid);
/* The resident memory of p, bytes. */
uint64_t nstop_rss(const struct nstop_sample *s, const struct task *p);

/* ------------------------------------------------------------------ rows */

enum nstop_view_kind {
	NSTOP_VIEW_NS,			/* one row per namespace */
	NSTOP_VIEW_CT,			/* one row per container */
	NSTOP_VIEW_PROC,		/* the processes of one namespace or container */
	NSTOP_NVIEWS,
};

enum nstop_col {
	NSTOP_COL_TYPE,
	NSTOP_COL_NS,
	NSTOP_COL_CONTAINER,
	NSTOP_COL_RUNTIME,
	NSTOP_COL_NAMESPACES,
	NSTOP_COL_NPROCS,
	NSTOP_COL_THREADS,
	NSTOP_COL_PID,
	NSTOP_COL_NSPID,
	NSTOP_COL_USER,
	NSTOP_COL_STATE,
	NSTOP_COL_CPU,
	NSTOP_COL_MEM,
	NSTOP_COL_RX,
	NSTOP_COL_TX,
	NSTOP_COL_MEMCG,
	NSTOP_COL_MEMLIM,
	NSTOP_COL_MEMPCT,
	NSTOP_COL_PIDS,
	NSTOP_COL_PIDLIM,
	NSTOP_COL_BLKR,
	NSTOP_COL_BLKW,
	NSTOP_COL_THROTTLED,
	NSTOP_COL_NETLIM,
	NSTOP_COL_COMMAND,
	NSTOP_NCOLS,
};

/*
 * What a column needs read besides each process's stat: its row of
 * nstop_cols[] says, so that nothing else is read (as nsls's col_needs).
 */
enum {
	NSTOP_NEED_NET		= 1 << 0,	/* link counters of net namespaces */
	NSTOP_NEED_NETLIM	= 1 << 1,	/* their root qdiscs */
	NSTOP_NEED_PROC_IO	= 1 << 2,	/* /proc/PID/io of the drill-down */
	/* a container's cgroup: CGROUP_STAT_* shifted by NSTOP_NEED_CG_SHIFT */
	NSTOP_NEED_CG_SHIFT	= 8,
};
#define NSTOP_NEED_CG(stat)	((unsigned int)(stat) << NSTOP_NEED_CG_SHIFT)

struct nstop_coldef {
	const char *name;		/* header; the name -s, -Q and JSON use */
	int width;			/* on screen (COMMAND: the least it gets) */
	bool right;			/* right-aligned */
	bool numeric;			/* sorts biggest first, compares as numbers */
	char key;			/* the key that sorts by it */
	int drop;			/* on a narrow screen, higher drops first (0: never) */
	const char *help;
	unsigned int needs;		/* NSTOP_NEED_* */
};

extern const struct nstop_coldef nstop_cols[NSTOP_NCOLS];

/* The columns each view shows by default, in order, ending with -1. */
extern const int nstop_view_cols[NSTOP_NVIEWS][NSTOP_NCOLS + 1];
/* Is col one of view v's (shown by default)? */
bool nstop_view_has_col(enum nstop_view_kind v, int col);

/* Column by name, case-insensitive ("cpu%"), or -1. */
int nstop_col_lookup(const char *name, size_t len);

struct nstop_row {
	uint64_t key;			/* identity across refreshes (selection) */
	enum ns_type type;		/* namespace rows */
	uint64_t ino;
	bool host;			/* one of the initial namespaces */
	const struct container_info *ct; /* the container (of the lowest PID for ns rows) */
	ns_mask_t own_types;		/* container rows: namespaces not the host's */
	unsigned int nprocs;
	unsigned int nthreads;
	double cpu;			/* summed CPU% */
	uint64_t rss;			/* summed RSS, bytes */
	bool have_net;			/* rx and tx are known */
	double rx, tx;			/* bytes per second */
	uint64_t net_limit;		/* its network's rate limit, bytes per second; 0: none */
	/*
	 * The cgroup figures of its container: container rows, and namespace
	 * rows whose processes are all of one container; NULL otherwise.
	 * Points into the sample.
	 */
	const struct nstop_cgstat *cg;
	bool mixed;			/* namespace rows: processes of several containers */
	const struct nstop_pio *pio;	/* process rows: its block I/O, or NULL */
	struct task *top;		/* the busiest process (lowest PID on a tie) */
	struct task *first;		/* the lowest PID: who represents the row */
	bool matched;			/* search: the row or one of its processes matches */
	int depth;			/* tree: 0 for a root */
	uint32_t last_mask;		/* tree: bit d set when the ancestor at depth d
					 * (or the row itself at its depth) is a last child */
	int parent;			/* tree: index of the parent in rows, or -1 */
};

struct nstop_sort {
	int col;			/* enum nstop_col */
	bool reverse;			/* against the column's natural order */
};

struct nstop_totals {
	size_t nprocs;
	size_t nthreads;
	double cpu;
	uint64_t rss;
	size_t nns[NS_NTYPES];		/* distinct namespaces per type */
	size_t nns_all;
	size_t ncontainers;
	size_t ndenied;
	size_t nmalformed;		/* processes whose links are not namespace links */
	size_t nnet_denied;
};

/* Names of users for the USER column: the tool resolves them (NSS is I/O). */
typedef const char *(*nstop_user_fn)(void *data, uid_t uid);

struct nstop_model {
	/* settings, changed by the keys and options */
	enum nstop_view_kind top_view;	/* NSTOP_VIEW_NS or NSTOP_VIEW_CT */
	int cols[NSTOP_NVIEWS][NSTOP_NCOLS + 1];	/* each view's columns (-o), ending with -1 */
	ns_mask_t types;		/* namespace types shown (NS_MASK_ALL, or one) */
	bool tree;			/* pid and user namespaces as a tree */
	struct nstop_sort sort[NSTOP_NVIEWS];
	char search[NSTOP_SEARCH_MAX];	/* "" for none */
	const struct filter *filter;	/* -Q, not owned; NULL for none */

	/* the drill-down (view PROC) */
	bool drill;
	enum nstop_view_kind drill_from;
	uint64_t drill_key;		/* the row it came from */
	enum ns_type drill_type;	/* ... a namespace */
	uint64_t drill_ino;
	uint64_t drill_ct;		/* ... or a container (its key; 1 for none) */
	char drill_label[96];
	char drill_search[NSTOP_SEARCH_MAX];	/* the search of the view it came from */

	nstop_user_fn user_name;
	void *user_data;

	/* results of nstop_model_build() */
	struct nstop_row *rows;		/* owned */
	size_t nrows, row_cap;
	struct nstop_totals totals;
	bool have_cpu;
	bool have_host;			/* the sample knew the host's namespaces */
	uint64_t mem_total;		/* the host's memory (MEM% without a limit) */

	/* the selection: the row with sel_key, else the row at sel */
	size_t sel;
	uint64_t sel_key;
	bool have_sel;
	size_t scroll;			/* first row on screen (the view keeps it) */

	/* scratch, reused so that memory stays flat */
	struct hashmap index;
	struct nstop_row *scratch;
	size_t scratch_cap;
	bool *proc_match;
	size_t proc_match_cap;
	char fbuf[NSTOP_NCOLS][64];	/* values handed to the -Q filter */
};

void nstop_model_init(struct nstop_model *m);
void nstop_model_release(struct nstop_model *m);

/* The view the rows are of. */
enum nstop_view_kind nstop_model_view(const struct nstop_model *m);

/* Does view v show column col? Which column sorts by key in view v (-1: none)? */
bool nstop_model_has_col(const struct nstop_model *m, enum nstop_view_kind v, int col);
int nstop_model_col_by_key(const struct nstop_model *m, enum nstop_view_kind v, int key);
/*
 * The columns of view v from a list as -o gives it: names separated by
 * commas, or "+" and names to add to the defaults. -EINVAL with the
 * unknown name in *bad (*badlen bytes), -E2BIG for more columns than
 * there are.
 */
int nstop_model_set_cols(struct nstop_model *m, enum nstop_view_kind v, const char *list,
			 const char **bad, size_t *badlen);
/* What the columns of the views shown (and the filter's) need read: NSTOP_NEED_* bits. */
unsigned int nstop_model_needs(const struct nstop_model *m);

/*
 * Rebuild the rows of the current view from sample s (whose cpu fields
 * nstop_model_deltas() filled): aggregate, search, filter, sort, nest, and
 * find the selection again. Row pointers into s stay valid until s changes.
 */
int nstop_model_build(struct nstop_model *m, struct nstop_sample *s);

/* Move the selection by delta rows (clamped); select a row by index. */
void nstop_model_move(struct nstop_model *m, long delta);
void nstop_model_select(struct nstop_model *m, size_t idx);
const struct nstop_row *nstop_model_selected(const struct nstop_model *m);

/* Is p one of the processes the drill-down shows? */
bool nstop_model_drilled(const struct nstop_model *m, const struct task *p);

/* Enter the selected row (its processes), or go back. false if nothing to enter. */
bool nstop_model_drill(struct nstop_model *m);
void nstop_model_back(struct nstop_model *m);

/* The next type in the cycle all, mnt, net, pid, uts, ipc, user, cgroup, time. */
ns_mask_t nstop_next_types(ns_mask_t types);

/* Sort: by col (toggling direction when it already is), move to the
 * previous or next column of the view, reverse. */
void nstop_model_sort_by(struct nstop_model *m, int col);
void nstop_model_sort_step(struct nstop_model *m, int step);
void nstop_model_sort_reverse(struct nstop_model *m);

/*
 * The text of a cell. Raw values are what -Q and JSON see (bytes, bytes per
 * second, plain numbers); otherwise sizes are scaled (12.3M) for people.
 * Returns NULL for an empty cell. buf holds at least 64 bytes.
 */
const char *nstop_cell(const struct nstop_model *m, const struct nstop_row *r, int col,
		       bool raw, char *buf, size_t size);

/* 1536 -> "1.5K", 3 -> "3", as top scales its columns. */
void nstop_scale(double v, char *buf, size_t size);

/* For filter_parse(): column names of every view. */
int nstop_filter_colfn(void *data, const char *name, size_t len);
/* For filter_match(): data is the model, row a struct nstop_row. */
const char *nstop_filter_valfn(void *data, void *row, int col);

/* Does s contain needle, ignoring ASCII case? An empty needle matches. */
bool nstop_contains(const char *s, const char *needle);

#endif
