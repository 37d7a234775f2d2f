// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nstop's model from synthetic samples: CPU% and traffic rates between two
 * samples, rows per namespace and per container, sort, filter, search,
 * tree, drill-down and a selection that survives rows coming and going.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "model.h"

#define H_MNT 4026531832ULL
#define H_NET 4026531833ULL
#define H_PID 4026531836ULL
#define H_USER 4026531837ULL
#define C_NET 4026532204ULL
#define C_PID 4026532202ULL
#define C_MNT 4026532201ULL
#define D_NET 4026532304ULL
#define D_PID 4026532302ULL
#define E_PID 4026532402ULL	/* nested in C_PID */

/* ---------------------------------------------------------------- helpers */

/* Containers as the container index holds them: tasks point at info. */
static struct snapshot_ct web = { .key = 1000 };
static struct snapshot_ct db = { .key = 2000 };
static struct snapshot_ct conmon = { .key = 3000 };

static void cts_init(void)
{
	memset(&web.info, 0, sizeof(web.info));
	web.info.runtime = CT_DOCKER;
	snprintf(web.info.id, sizeof(web.info.id), "3f4e1a2b5c6d7e8f");
	snprintf(web.info.name, sizeof(web.info.name), "web");
	memset(&db.info, 0, sizeof(db.info));
	db.info.runtime = CT_NSRUN;
	snprintf(db.info.id, sizeof(db.info.id), "db");
	snprintf(db.info.name, sizeof(db.info.name), "db");
	memset(&conmon.info, 0, sizeof(conmon.info));
	conmon.info.runtime = CT_PODMAN;
	conmon.info.monitor = true;
	snprintf(conmon.info.id, sizeof(conmon.info.id), "aabbccdd");
}

static void sample_init(struct nstop_sample *s, double time)
{
	nstop_sample_init(s);
	s->time = time;
	s->hz = 100;
	s->page_size = 4096;
	s->snap.host_ns[NS_MNT] = H_MNT;
	s->snap.host_ns[NS_NET] = H_NET;
	s->snap.host_ns[NS_PID] = H_PID;
	s->snap.host_ns[NS_USER] = H_USER;
}

/* A process as the sampler leaves it: stat loaded, container known. */
static struct task *add_proc(struct nstop_sample *s, pid_t pid, unsigned long long start,
			     unsigned long long ticks, uint64_t rss, const char *comm,
			     uint64_t mnt, uint64_t net, uint64_t pidns, struct snapshot_ct *ct)
{
	struct task *p;

	assert_int_equal(nstop_sample_reserve(s, s->snap.ntasks + 1), 0);
	p = &s->snap.tasks[s->snap.ntasks++];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	p->loaded = TASK_STAT | TASK_CONTAINER;
	p->stat.pid = pid;
	p->stat.starttime = start;
	p->stat.utime = ticks;
	p->stat.rss = (long long)(rss / 4096);
	p->stat.nthreads = 1;
	p->stat.state = 'S';
	snprintf(p->stat.comm, sizeof(p->stat.comm), "%s", comm);
	p->ns[NS_MNT] = mnt;
	p->ns[NS_NET] = net;
	p->ns[NS_PID] = pidns;
	p->ns[NS_USER] = H_USER;
	p->ct = ct ? &ct->info : NULL;
	return p;
}

static struct nstop_net *add_net(struct nstop_sample *s, uint64_t ino, int err, size_t nlinks, ...)
{
	struct nstop_net *n;
	va_list ap;

	s->nets = realloc(s->nets, (s->nnets + 1) * sizeof(*s->nets));
	assert_non_null(s->nets);
	n = &s->nets[s->nnets++];
	memset(n, 0, sizeof(*n));
	n->ino = ino;
	n->err = err;
	n->links = calloc(nlinks + 1, sizeof(*n->links));
	n->nlinks = nlinks;
	va_start(ap, nlinks);
	for (size_t i = 0; i < nlinks; i++) {
		n->links[i].ifindex = va_arg(ap, int);
		n->links[i].rx_bytes = va_arg(ap, uint64_t);
		n->links[i].tx_bytes = va_arg(ap, uint64_t);
	}
	va_end(ap);
	return n;
}

/*
 * Two samples two seconds apart:
 *   host:  1 init (1% cpu), 50 busy (100%), 60 new since prev (ticks 30: 15%)
 *   web:   200, 201 in C_* namespaces (200: 50%, 201: 25%), in container web
 *   db:    300 in D_* namespaces (0%), container db, on the host's network
 *   conmon 400 a monitor in host namespaces (0%)
 *   nest:  500 in E_PID (nested in C_PID), web
 */
struct two {
	struct nstop_sample prev, cur;
};

static void two_samples(struct two *w)
{
	struct nstop_sample *p = &w->prev, *c = &w->cur;
	uint64_t MB = 1 << 20;

	cts_init();
	sample_init(p, 100.0);
	add_proc(p, 1, 1, 1000, 10 * MB, "init", H_MNT, H_NET, H_PID, NULL);
	add_proc(p, 50, 500, 5000, 1 * MB, "busy", H_MNT, H_NET, H_PID, NULL);
	add_proc(p, 200, 2000, 100, 20 * MB, "nginx", C_MNT, C_NET, C_PID, &web);
	add_proc(p, 201, 2010, 100, 30 * MB, "nginx", C_MNT, C_NET, C_PID, &web);
	add_proc(p, 300, 3000, 7, 5 * MB, "postgres", H_MNT, H_NET, D_PID, &db);
	add_proc(p, 400, 4000, 3, 1 * MB, "conmon", H_MNT, H_NET, H_PID, &conmon);
	add_proc(p, 500, 5000, 0, 2 * MB, "worker", C_MNT, C_NET, E_PID, &web);
	add_net(p, H_NET, 0, 2, 2, (uint64_t)1000, (uint64_t)500, 3, (uint64_t)0, (uint64_t)0);
	add_net(p, C_NET, 0, 1, 4, (uint64_t)100000, (uint64_t)200000);

	sample_init(c, 102.0);
	add_proc(c, 1, 1, 1002, 10 * MB, "init", H_MNT, H_NET, H_PID, NULL);
	add_proc(c, 50, 500, 5200, 1 * MB, "busy", H_MNT, H_NET, H_PID, NULL);
	/* started at tick 10100 = 101 s: after prev was taken */
	add_proc(c, 60, 10100, 30, 1 * MB, "new", H_MNT, H_NET, H_PID, NULL);
	add_proc(c, 200, 2000, 200, 20 * MB, "nginx", C_MNT, C_NET, C_PID, &web);
	add_proc(c, 201, 2010, 150, 30 * MB, "nginx", C_MNT, C_NET, C_PID, &web);
	add_proc(c, 300, 3000, 7, 5 * MB, "postgres", H_MNT, H_NET, D_PID, &db);
	add_proc(c, 400, 4000, 3, 1 * MB, "conmon", H_MNT, H_NET, H_PID, &conmon);
	add_proc(c, 500, 5000, 0, 2 * MB, "worker", C_MNT, C_NET, E_PID, &web);
	/* host: link 2 +2000 rx +1000 tx; link 3 went away; link 5 is new */
	add_net(c, H_NET, 0, 2, 2, (uint64_t)3000, (uint64_t)1500, 5, (uint64_t)9999, (uint64_t)9999);
	add_net(c, C_NET, 0, 1, 4, (uint64_t)120000, (uint64_t)260000);

	c->rels = calloc(4, sizeof(*c->rels));
	c->nrels = 3;
	/* ascending keys: C_PID < D_PID < E_PID */
	c->rels[0] = (struct nstop_nsrel){ nstop_ns_key(NS_PID, C_PID), 1, { H_PID } };
	c->rels[1] = (struct nstop_nsrel){ nstop_ns_key(NS_PID, D_PID), 1, { H_PID } };
	c->rels[2] = (struct nstop_nsrel){ nstop_ns_key(NS_PID, E_PID), 2, { C_PID, H_PID } };
	nstop_model_deltas(p, c);
}

static void two_free(struct two *w)
{
	nstop_sample_free(&w->prev);
	nstop_sample_free(&w->cur);
}

static const struct nstop_row *find_row(const struct nstop_model *m, enum ns_type t, uint64_t ino)
{
	for (size_t i = 0; i < m->nrows; i++)
		if (m->rows[i].type == t && m->rows[i].ino == ino)
			return &m->rows[i];
	return NULL;
}

static const struct nstop_row *find_ct(const struct nstop_model *m, const char *name)
{
	for (size_t i = 0; i < m->nrows; i++) {
		const struct nstop_row *r = &m->rows[i];

		if (name ? r->ct && strcmp(r->ct->name, name) == 0 : !r->ct)
			return r;
	}
	return NULL;
}

static const char *cell(const struct nstop_model *m, const struct nstop_row *r, int col, bool raw)
{
	static char buf[96];
	const char *s = nstop_cell(m, r, col, raw, buf, sizeof(buf));

	return s ? s : "";
}

/* ----------------------------------------------------------------- deltas */

static void test_cpu_from_two_samples(void **state)
{
	struct two w;
	const struct task *p;

	(void)state;
	two_samples(&w);
	assert_true(w.cur.have_cpu);
	/* 2 ticks over 2 s at 100 Hz: 1% of a core */
	p = nstop_sample_proc(&w.cur, 1);
	assert_true(fabs(p->cpu - 1.0) < 1e-9);
	/* 200 ticks in 2 s: one core busy, 100% as top shows it */
	p = nstop_sample_proc(&w.cur, 50);
	assert_true(fabs(p->cpu - 100.0) < 1e-9);
	/* born after the previous sample: all its ticks are new */
	p = nstop_sample_proc(&w.cur, 60);
	assert_true(fabs(p->cpu - 15.0) < 1e-9);
	assert_true(fabs(nstop_sample_proc(&w.cur, 200)->cpu - 50.0) < 1e-9);
	assert_true(fabs(nstop_sample_proc(&w.cur, 201)->cpu - 25.0) < 1e-9);
	assert_true(nstop_sample_proc(&w.cur, 300)->cpu == 0);
	two_free(&w);
}

static void test_cpu_odd_cases(void **state)
{
	struct nstop_sample p, c;

	(void)state;
	sample_init(&p, 50.0);
	sample_init(&c, 50.5);
	/* a reused pid (another start time) that started before prev: unknown, 0 */
	add_proc(&p, 10, 100, 500, 0, "old", H_MNT, H_NET, H_PID, NULL);
	add_proc(&c, 10, 200, 400, 0, "reused", H_MNT, H_NET, H_PID, NULL);
	/* counters that went backwards (never happens, never garbage) */
	add_proc(&p, 11, 100, 500, 0, "x", H_MNT, H_NET, H_PID, NULL);
	add_proc(&c, 11, 100, 400, 0, "x", H_MNT, H_NET, H_PID, NULL);
	/* a reused pid born in the interval: counted, over the real interval */
	add_proc(&p, 12, 100, 500, 0, "y", H_MNT, H_NET, H_PID, NULL);
	add_proc(&c, 12, 5010, 25, 0, "y2", H_MNT, H_NET, H_PID, NULL);
	nstop_model_deltas(&p, &c);
	assert_true(c.snap.tasks[0].cpu == 0);
	assert_true(c.snap.tasks[1].cpu == 0);
	assert_true(fabs(c.snap.tasks[2].cpu - 50.0) < 1e-9);

	/* no previous sample, or no time between: no rates at all */
	nstop_model_deltas(NULL, &c);
	assert_false(c.have_cpu);
	c.time = p.time;
	nstop_model_deltas(&p, &c);
	assert_false(c.have_cpu);
	nstop_sample_free(&p);
	nstop_sample_free(&c);
}

static void test_net_rates(void **state)
{
	struct two w;
	const struct nstop_net *n;

	(void)state;
	two_samples(&w);
	/* only link 2 counts: 3 went away, 5 is new */
	n = nstop_sample_net(&w.cur, H_NET);
	assert_true(n->have_rate);
	assert_true(fabs(n->rx_rate - 1000.0) < 1e-9);
	assert_true(fabs(n->tx_rate - 500.0) < 1e-9);
	n = nstop_sample_net(&w.cur, C_NET);
	assert_true(fabs(n->rx_rate - 10000.0) < 1e-9);
	assert_true(fabs(n->tx_rate - 30000.0) < 1e-9);
	two_free(&w);
}

static void test_net_rates_odd_cases(void **state)
{
	struct nstop_sample p, c;

	(void)state;
	sample_init(&p, 10.0);
	sample_init(&c, 11.0);
	/* a counter reset (link re-created under the same index) counts nothing */
	add_net(&p, 1000, 0, 1, 2, (uint64_t)5000, (uint64_t)5000);
	add_net(&c, 1000, 0, 1, 2, (uint64_t)100, (uint64_t)6000);
	/* unreadable now, or before, or new: no rate */
	add_net(&p, 1001, -1, 0);
	add_net(&c, 1001, 0, 1, 2, (uint64_t)1, (uint64_t)1);
	add_net(&p, 1002, 0, 0);
	add_net(&c, 1002, -13, 0);
	add_net(&c, 1003, 0, 1, 2, (uint64_t)1, (uint64_t)1);
	nstop_model_deltas(&p, &c);
	assert_true(c.nets[0].have_rate);
	assert_true(c.nets[0].rx_rate == 0);
	assert_true(fabs(c.nets[0].tx_rate - 1000.0) < 1e-9);
	assert_false(c.nets[1].have_rate);
	assert_false(c.nets[2].have_rate);
	assert_false(c.nets[3].have_rate);
	nstop_sample_free(&p);
	nstop_sample_free(&c);
}

/* ------------------------------------------------------------------- rows */

static void test_namespace_rows(void **state)
{
	struct nstop_model m;
	struct two w;
	const struct nstop_row *r;

	(void)state;
	two_samples(&w);
	nstop_model_init(&m);
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);

	/* 8 processes, one row per namespace of every type they are in */
	assert_int_equal(m.totals.nprocs, 8);
	assert_int_equal(m.totals.nns[NS_PID], 4);
	assert_int_equal(m.totals.nns[NS_NET], 2);
	assert_int_equal(m.totals.nns[NS_MNT], 2);
	assert_int_equal(m.totals.nns[NS_USER], 1);
	assert_int_equal(m.totals.ncontainers, 2);	/* web, db; not the monitor */
	assert_true(fabs(m.totals.cpu - 191.0) < 1e-9);

	r = find_row(&m, NS_NET, C_NET);
	assert_non_null(r);
	assert_int_equal(r->nprocs, 3);
	assert_int_equal(r->nthreads, 3);
	assert_true(fabs(r->cpu - 75.0) < 1e-9);
	assert_int_equal(r->rss, 52 << 20);
	assert_int_equal(r->top->pid, 200);
	assert_int_equal(r->first->pid, 200);
	assert_false(r->host);
	assert_string_equal(cell(&m, r, NSTOP_COL_CONTAINER, false), "web");
	assert_string_equal(cell(&m, r, NSTOP_COL_CPU, false), "75.0");
	assert_string_equal(cell(&m, r, NSTOP_COL_MEM, false), "52M");
	assert_string_equal(cell(&m, r, NSTOP_COL_MEM, true), "54525952");
	assert_string_equal(cell(&m, r, NSTOP_COL_RX, false), "9.8K");
	assert_string_equal(cell(&m, r, NSTOP_COL_RX, true), "10000");
	assert_string_equal(cell(&m, r, NSTOP_COL_TX, true), "30000");
	assert_string_equal(cell(&m, r, NSTOP_COL_PID, false), "200");
	assert_string_equal(cell(&m, r, NSTOP_COL_COMMAND, false), "nginx");

	r = find_row(&m, NS_NET, H_NET);
	assert_true(r->host);
	assert_int_equal(r->nprocs, 5);
	assert_int_equal(r->top->pid, 50);
	/* the host's own namespaces say so on the screen, and are null in JSON */
	assert_string_equal(cell(&m, r, NSTOP_COL_CONTAINER, false), "(host)");
	assert_null(nstop_cell(&m, r, NSTOP_COL_CONTAINER, true, (char[96]){ 0 }, 96));
	/* a namespace of no container that is not the host's: blank */
	r = find_row(&m, NS_PID, D_PID);
	assert_string_equal(cell(&m, r, NSTOP_COL_CONTAINER, false), "db");

	/* traffic only for net rows */
	r = find_row(&m, NS_PID, C_PID);
	assert_string_equal(cell(&m, r, NSTOP_COL_RX, false), "");
	assert_int_equal(r->nprocs, 2);

	/* default: by CPU%, busiest first; equal rows in identity order */
	assert_int_equal(m.sort[NSTOP_VIEW_NS].col, NSTOP_COL_CPU);
	for (size_t i = 1; i < m.nrows; i++)
		assert_true(m.rows[i - 1].cpu >= m.rows[i].cpu);
	nstop_model_release(&m);
	two_free(&w);
}

/* s: the host's own namespaces left out, or the processes in no container. */
static void test_hide_host(void **state)
{
	struct nstop_model m;
	struct two w;

	(void)state;
	two_samples(&w);
	nstop_model_init(&m);
	/* shown unless asked: batch output depends on flags alone */
	assert_false(m.hide_host[NSTOP_VIEW_NS]);
	assert_false(m.hide_host[NSTOP_VIEW_CT]);
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.nrows, 9);

	m.hide_host[NSTOP_VIEW_NS] = true;
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	/* C_MNT, C_NET, C_PID, D_PID, E_PID: nothing of the host's */
	assert_int_equal(m.nrows, 5);
	for (size_t i = 0; i < m.nrows; i++)
		assert_false(m.rows[i].host);
	assert_null(find_row(&m, NS_USER, H_USER));
	/* the header still counts every namespace */
	assert_int_equal(m.totals.nns_all, 9);
	/* the selection follows its row when the host comes back */
	nstop_model_select(&m, 2);
	{
		uint64_t key = nstop_model_selected(&m)->key;

		m.hide_host[NSTOP_VIEW_NS] = false;
		assert_int_equal(nstop_model_build(&m, &w.cur), 0);
		assert_int_equal(nstop_model_selected(&m)->key, key);
	}

	/* the tree keeps the host's pid and user namespaces: they are its roots */
	m.hide_host[NSTOP_VIEW_NS] = true;
	m.tree = true;
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_non_null(find_row(&m, NS_PID, H_PID));
	assert_int_equal(m.nhidden, 0);
	m.tree = false;
	m.hide_host[NSTOP_VIEW_NS] = false;

	/* the container view: the row of processes in no container */
	m.top_view = NSTOP_VIEW_CT;
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_non_null(find_ct(&m, NULL));
	assert_string_equal(cell(&m, find_ct(&m, NULL), NSTOP_COL_CONTAINER, false), "(none)");
	m.hide_host[NSTOP_VIEW_CT] = true;
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_null(find_ct(&m, NULL));
	assert_int_equal(m.nrows, 2);
	assert_int_equal(m.totals.ncontainers, 2);
	nstop_model_release(&m);
	two_free(&w);
}

static void test_first_sample_has_no_cpu(void **state)
{
	struct nstop_model m;
	struct two w;

	(void)state;
	two_samples(&w);
	nstop_model_deltas(NULL, &w.cur);
	nstop_model_init(&m);
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_false(m.have_cpu);
	assert_string_equal(cell(&m, &m.rows[0], NSTOP_COL_CPU, false), "");
	assert_string_equal(cell(&m, &m.rows[0], NSTOP_COL_RX, false), "");
	nstop_model_release(&m);
	two_free(&w);
}

static void test_types(void **state)
{
	struct nstop_model m;
	struct two w;
	ns_mask_t t = NS_MASK_ALL;

	(void)state;
	two_samples(&w);
	nstop_model_init(&m);
	m.types = NS_MASK(NS_NET);
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.nrows, 2);
	for (size_t i = 0; i < m.nrows; i++)
		assert_int_equal(m.rows[i].type, NS_NET);
	/* the header counts every type whatever is shown */
	assert_int_equal(m.totals.nns[NS_PID], 4);

	/* t cycles all -> mnt -> net -> ... -> time -> all */
	t = nstop_next_types(t);
	assert_int_equal(t, NS_MASK(NS_MNT));
	t = nstop_next_types(t);
	assert_int_equal(t, NS_MASK(NS_NET));
	for (int i = 0; i < 6; i++)
		t = nstop_next_types(t);
	assert_int_equal(t, NS_MASK(NS_TIME));
	assert_int_equal(nstop_next_types(t), NS_MASK_ALL);
	nstop_model_release(&m);
	two_free(&w);
}

static void test_sort(void **state)
{
	struct nstop_model m;
	struct two w;

	(void)state;
	two_samples(&w);
	nstop_model_init(&m);
	m.types = NS_MASK(NS_PID);

	nstop_model_sort_by(&m, NSTOP_COL_MEM);
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.rows[0].ino, C_PID);		/* 50M */
	assert_int_equal(m.rows[3].ino, E_PID);		/* 2M */
	/* the same key again reverses */
	nstop_model_sort_by(&m, NSTOP_COL_MEM);
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.rows[0].ino, E_PID);
	assert_int_equal(m.rows[3].ino, C_PID);
	nstop_model_sort_reverse(&m);
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.rows[0].ino, C_PID);

	/* text columns sort A to Z; rows without a value go last */
	nstop_model_sort_by(&m, NSTOP_COL_CONTAINER);
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_string_equal(cell(&m, &m.rows[0], NSTOP_COL_CONTAINER, false), "(host)");
	assert_string_equal(cell(&m, &m.rows[1], NSTOP_COL_CONTAINER, false), "db");
	assert_string_equal(cell(&m, &m.rows[2], NSTOP_COL_CONTAINER, false), "web");
	nstop_model_sort_reverse(&m);
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_string_equal(cell(&m, &m.rows[0], NSTOP_COL_CONTAINER, false), "web");
	assert_string_equal(cell(&m, &m.rows[3], NSTOP_COL_CONTAINER, false), "(host)");
	/* a row without a value still goes last */
	m.top_view = NSTOP_VIEW_CT;
	m.sort[NSTOP_VIEW_CT].col = NSTOP_COL_RUNTIME;
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_string_equal(cell(&m, &m.rows[0], NSTOP_COL_RUNTIME, false), "docker");
	assert_string_equal(cell(&m, &m.rows[2], NSTOP_COL_RUNTIME, false), "");
	m.sort[NSTOP_VIEW_CT].reverse = true;
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_string_equal(cell(&m, &m.rows[0], NSTOP_COL_RUNTIME, false), "nsrun");
	assert_string_equal(cell(&m, &m.rows[2], NSTOP_COL_RUNTIME, false), "");
	m.top_view = NSTOP_VIEW_NS;

	/* < and > walk the view's columns, around the ends */
	m.sort[NSTOP_VIEW_NS].col = NSTOP_COL_TYPE;
	nstop_model_sort_step(&m, -1);
	assert_int_equal(m.sort[NSTOP_VIEW_NS].col, NSTOP_COL_COMMAND);
	nstop_model_sort_step(&m, 1);
	nstop_model_sort_step(&m, 1);
	assert_int_equal(m.sort[NSTOP_VIEW_NS].col, NSTOP_COL_NS);

	/* a column the view lacks is not taken */
	nstop_model_sort_by(&m, NSTOP_COL_NSPID);
	assert_int_equal(m.sort[NSTOP_VIEW_NS].col, NSTOP_COL_NS);
	/* keys */
	assert_int_equal(nstop_model_col_by_key(&m, NSTOP_VIEW_NS, 'P'), NSTOP_COL_CPU);
	assert_int_equal(nstop_model_col_by_key(&m, NSTOP_VIEW_NS, 'U'), -1);
	assert_int_equal(nstop_model_col_by_key(&m, NSTOP_VIEW_PROC, 'U'), NSTOP_COL_USER);
	assert_int_equal(nstop_col_lookup("cpu%", 4), NSTOP_COL_CPU);
	assert_int_equal(nstop_col_lookup("rx/S", 4), NSTOP_COL_RX);
	assert_int_equal(nstop_col_lookup("nope", 4), -1);
	nstop_model_release(&m);
	two_free(&w);
}

static void test_rows_without_traffic_sort_last(void **state)
{
	struct nstop_model m;
	struct two w;

	(void)state;
	two_samples(&w);
	nstop_model_init(&m);
	nstop_model_sort_by(&m, NSTOP_COL_RX);
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.rows[0].ino, C_NET);
	assert_int_equal(m.rows[1].ino, H_NET);
	assert_false(m.rows[2].have_net);
	nstop_model_sort_reverse(&m);
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.rows[0].ino, H_NET);
	assert_int_equal(m.rows[1].ino, C_NET);
	assert_false(m.rows[m.nrows - 1].have_net);
	nstop_model_release(&m);
	two_free(&w);
}

static void test_filter(void **state)
{
	struct nstop_model m;
	struct filter *f = NULL;
	struct two w;

	(void)state;
	two_samples(&w);
	nstop_model_init(&m);
	/* raw values: CPU% as a number, MEM in bytes, RX/s in bytes per second */
	assert_int_equal(filter_parse("TYPE == \"net\" && RX/s > 5000 && MEM > 1000000",
				      nstop_filter_colfn, NULL, &f, NULL), 0);
	m.filter = f;
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.nrows, 1);
	assert_int_equal(m.rows[0].ino, C_NET);
	filter_free(f);

	assert_int_equal(filter_parse("CPU% >= 100", nstop_filter_colfn, NULL, &f, NULL), 0);
	m.filter = f;
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	/* the host's pid, mnt, net and user namespaces (191%) */
	assert_int_equal(m.nrows, 4);
	filter_free(f);
	assert_int_equal(filter_parse("CONTAINER =~ \"^w\"", nstop_filter_colfn, NULL, &f, NULL),
			 0);
	m.filter = f;
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	for (size_t i = 0; i < m.nrows; i++)
		assert_ptr_equal(m.rows[i].ct, &web.info);
	filter_free(f);
	nstop_model_release(&m);
	two_free(&w);
}

/* The rows in which text shows (the filter's or the search's), their count. */
static size_t count_found(const struct nstop_model *m)
{
	size_t n = 0;

	for (size_t i = 0; i < m->nrows; i++)
		n += m->rows[i].found;
	return n;
}

/* F4, /: only the rows that show the text, in the cells the view shows. */
static void test_filter_text(void **state)
{
	struct nstop_model m;
	struct two w;
	const struct nstop_row *r;

	(void)state;
	two_samples(&w);
	nstop_model_init(&m);

	/*
	 * A command, ignoring case: the rows whose busiest process runs it,
	 * and those that hold it among others, which then show it in PID and
	 * COMMAND in place of their busiest: the row says what matched.
	 */
	snprintf(m.filter_text, sizeof(m.filter_text), "POSTGRES");
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_non_null(find_row(&m, NS_PID, D_PID));
	r = find_row(&m, NS_NET, H_NET);
	assert_non_null(r);
	assert_int_equal(r->top->pid, 300);
	assert_string_equal(cell(&m, r, NSTOP_COL_COMMAND, false), "postgres");
	assert_string_equal(cell(&m, r, NSTOP_COL_PID, false), "300");
	/* the sums stay the namespace's */
	assert_int_equal(r->nprocs, 5);
	assert_null(find_row(&m, NS_NET, C_NET));
	assert_null(find_row(&m, NS_PID, H_PID));
	for (size_t i = 0; i < m.nrows; i++)
		assert_non_null(strstr(cell(&m, &m.rows[i], NSTOP_COL_COMMAND, false), "postgres"));

	/*
	 * Without COMMAND among the columns, a command is not shown and does not
	 * match: a row is kept only for what it shows.
	 */
	assert_int_equal(nstop_model_set_cols(&m, NSTOP_VIEW_NS, "TYPE,NS,CONTAINER,CPU%", NULL,
					      NULL), 0);
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.nrows, 0);
	memcpy(m.cols, nstop_view_cols, sizeof(m.cols));

	/* a container's name, as shown: its namespaces */
	snprintf(m.filter_text, sizeof(m.filter_text), "web");
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_non_null(find_row(&m, NS_NET, C_NET));
	assert_null(find_row(&m, NS_PID, D_PID));
	/* its id is not shown (it has a name): no match */
	snprintf(m.filter_text, sizeof(m.filter_text), "3f4e1a");
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.nrows, 0);

	/* the host's label */
	snprintf(m.filter_text, sizeof(m.filter_text), "(HOST)");
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.nrows, 4);
	for (size_t i = 0; i < m.nrows; i++)
		assert_true(m.rows[i].host);

	/* part of an inode */
	snprintf(m.filter_text, sizeof(m.filter_text), "2302");
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.nrows, 1);
	assert_int_equal(m.rows[0].ino, D_PID);

	/* a PID, whole: the rows it is in, each showing it */
	snprintf(m.filter_text, sizeof(m.filter_text), "300");
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.nrows, 4);
	for (size_t i = 0; i < m.nrows; i++)
		assert_int_equal(m.rows[i].top->pid, 300);
	snprintf(m.filter_text, sizeof(m.filter_text), "30");
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	for (size_t i = 0; i < m.nrows; i++)
		assert_non_null(strstr(cell(&m, &m.rows[i], NSTOP_COL_NS, false), "30"));

	/* in the processes: their commands and PIDs */
	m.filter_text[0] = '\0';
	m.top_view = NSTOP_VIEW_CT;
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	nstop_model_select(&m, 0);
	assert_null(nstop_model_selected(&m)->ct);	/* (none): 116% */
	assert_true(nstop_model_drill(&m));
	snprintf(m.filter_text, sizeof(m.filter_text), "busy");
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.nrows, 1);
	assert_int_equal(m.rows[0].top->pid, 50);
	snprintf(m.filter_text, sizeof(m.filter_text), "400");
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.nrows, 1);
	assert_int_equal(m.rows[0].top->pid, 400);
	nstop_model_back(&m);
	m.top_view = NSTOP_VIEW_NS;

	snprintf(m.filter_text, sizeof(m.filter_text), "no such thing");
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.nrows, 0);
	assert_null(nstop_model_selected(&m));
	nstop_model_release(&m);
	two_free(&w);

	assert_true(nstop_contains("Hello", "hell"));
	assert_true(nstop_contains("x", ""));
	assert_false(nstop_contains(NULL, "a"));
	assert_false(nstop_contains("ab", "abc"));
}

/* F3: every row stays; the selection goes to the next that shows the text. */
static void test_search(void **state)
{
	struct nstop_model m;
	struct two w;
	uint64_t first;

	(void)state;
	two_samples(&w);
	nstop_model_init(&m);
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.nrows, 9);

	snprintf(m.find_text, sizeof(m.find_text), "postgres");
	m.find_step = NSTOP_FIND_HERE;
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.nrows, 9);
	assert_false(m.find_failed);
	assert_int_equal(m.find_step, NSTOP_FIND_NONE);
	/* its pid namespace and the host's mnt, net and user namespaces */
	assert_int_equal(count_found(&m), 4);
	assert_true(nstop_model_selected(&m)->found);
	assert_int_equal(nstop_model_selected(&m)->top->pid, 300);
	first = nstop_model_selected(&m)->key;
	/* the selected row while it shows the text: typing more keeps it */
	snprintf(m.find_text, sizeof(m.find_text), "postgre");
	m.find_step = NSTOP_FIND_HERE;
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(nstop_model_selected(&m)->key, first);
	/* F3 again: the next, and around the end back to the first */
	for (int i = 0; i < 3; i++) {
		assert_true(nstop_model_find(&m, true));
		assert_true(nstop_model_selected(&m)->found);
		assert_true(nstop_model_selected(&m)->key != first);
	}
	assert_true(nstop_model_find(&m, true));
	assert_int_equal(nstop_model_selected(&m)->key, first);
	/* a refresh keeps the selection and finds nothing new */
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(nstop_model_selected(&m)->key, first);

	/* nothing shows it: the selection stays, the model says so */
	snprintf(m.find_text, sizeof(m.find_text), "zzz");
	m.find_step = NSTOP_FIND_HERE;
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_true(m.find_failed);
	assert_int_equal(count_found(&m), 0);
	assert_int_equal(nstop_model_selected(&m)->key, first);
	assert_int_equal(m.nrows, 9);
	assert_false(nstop_model_find(&m, true));

	/* with a filter too: found among the rows kept */
	snprintf(m.filter_text, sizeof(m.filter_text), "(host)");
	snprintf(m.find_text, sizeof(m.find_text), "busy");
	m.find_step = NSTOP_FIND_HERE;
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.nrows, 4);
	assert_int_equal(count_found(&m), 4);
	nstop_model_release(&m);
	two_free(&w);
}

static void test_containers(void **state)
{
	struct nstop_model m;
	struct two w;
	const struct nstop_row *r;

	(void)state;
	two_samples(&w);
	nstop_model_init(&m);
	m.top_view = NSTOP_VIEW_CT;
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	/* web, db, and processes in no container (the monitor among them) */
	assert_int_equal(m.nrows, 3);
	r = find_ct(&m, "web");
	assert_int_equal(r->nprocs, 3);
	assert_true(fabs(r->cpu - 75.0) < 1e-9);
	assert_true(r->have_net);
	assert_true(fabs(r->rx - 10000.0) < 1e-9);
	/* one letter per type in eight places on the screen, the names in JSON */
	assert_string_equal(cell(&m, r, NSTOP_COL_NAMESPACES, false), "mnp-----");
	assert_string_equal(cell(&m, r, NSTOP_COL_NAMESPACES, true), "mnt,net,pid");
	assert_string_equal(cell(&m, r, NSTOP_COL_RUNTIME, false), "docker");

	/* db shares the host's network: its traffic would be the host's */
	r = find_ct(&m, "db");
	assert_false(r->have_net);
	assert_string_equal(cell(&m, r, NSTOP_COL_NAMESPACES, false), "--p-----");
	assert_string_equal(cell(&m, r, NSTOP_COL_NAMESPACES, true), "pid");
	{
		/* every type its own: each letter, nsenter's; none of its own */
		struct nstop_row x = *r;

		x.own_types = NS_MASK_ALL;
		assert_string_equal(cell(&m, &x, NSTOP_COL_NAMESPACES, false), "mnpuiUCT");
		x.own_types = 0;
		assert_string_equal(cell(&m, &x, NSTOP_COL_NAMESPACES, false), "--------");
		assert_string_equal(cell(&m, &x, NSTOP_COL_NAMESPACES, true), "none");
	}

	r = find_ct(&m, NULL);
	assert_int_equal(r->nprocs, 4);
	assert_string_equal(cell(&m, r, NSTOP_COL_CONTAINER, false), "(none)");
	assert_true(r->have_net);
	assert_int_equal(m.rows[0].ct, NULL);	/* busiest first: 116% */
	nstop_model_release(&m);
	two_free(&w);
}

static void test_drill_down_and_back(void **state)
{
	struct nstop_model m;
	struct two w;
	const struct nstop_row *r;
	size_t i;

	(void)state;
	two_samples(&w);
	nstop_model_init(&m);
	m.types = NS_MASK(NS_NET);
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	for (i = 0; i < m.nrows && m.rows[i].ino != C_NET; i++)
		;
	nstop_model_select(&m, i);
	/* the filter of the rows does not follow into the processes, and comes back */
	snprintf(m.filter_text, sizeof(m.filter_text), "4026532204");
	assert_true(nstop_model_drill(&m));
	assert_string_equal(m.filter_text, "");
	assert_int_equal(nstop_model_view(&m), NSTOP_VIEW_PROC);
	assert_false(nstop_model_drill(&m));
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.nrows, 3);
	assert_int_equal(m.rows[0].top->pid, 200);	/* 50% */
	assert_int_equal(m.rows[1].top->pid, 201);
	assert_int_equal(m.rows[2].top->pid, 500);
	assert_string_equal(m.drill_label, "net 4026532204 (web)");
	assert_true(nstop_model_drilled(&m, nstop_sample_proc(&w.cur, 500)));
	assert_false(nstop_model_drilled(&m, nstop_sample_proc(&w.cur, 300)));

	/* process columns */
	w.cur.snap.tasks[3].nspid = 1;
	w.cur.snap.tasks[3].uid = 33;
	w.cur.snap.tasks[3].loaded |= TASK_UID | TASK_STATUS;
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	r = &m.rows[0];
	assert_string_equal(cell(&m, r, NSTOP_COL_NSPID, false), "1");
	assert_string_equal(cell(&m, r, NSTOP_COL_USER, false), "33");
	assert_string_equal(cell(&m, r, NSTOP_COL_STATE, false), "S");
	assert_string_equal(cell(&m, r, NSTOP_COL_CPU, false), "50.0");

	nstop_model_move(&m, 2);
	assert_int_equal(nstop_model_selected(&m)->top->pid, 500);
	/* back: the row we came from is selected again */
	nstop_model_back(&m);
	assert_string_equal(m.filter_text, "4026532204");
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(nstop_model_selected(&m)->ino, C_NET);
	m.filter_text[0] = '\0';

	/* into a container */
	m.top_view = NSTOP_VIEW_CT;
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	for (i = 0; i < m.nrows && !(m.rows[i].ct == &db.info); i++)
		;
	nstop_model_select(&m, i);
	assert_true(nstop_model_drill(&m));
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.nrows, 1);
	assert_int_equal(m.rows[0].top->pid, 300);
	assert_string_equal(m.drill_label, "container db");
	nstop_model_release(&m);
	two_free(&w);
}

static void test_selection_survives(void **state)
{
	struct nstop_model m;
	struct two w;
	struct nstop_sample next;
	uint64_t key;

	(void)state;
	two_samples(&w);
	nstop_model_init(&m);
	m.types = NS_MASK(NS_PID);
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	/* rows: host (116%), C_PID (75%), D_PID, E_PID (0%, by key) */
	assert_int_equal(m.rows[1].ino, C_PID);
	nstop_model_select(&m, 1);
	key = m.sel_key;

	/* the order changes: the selection follows its row */
	w.cur.snap.tasks[5].cpu = 500;	/* postgres, D_PID: now first */
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.rows[0].ino, D_PID);
	assert_int_equal(nstop_model_selected(&m)->ino, C_PID);
	assert_int_equal(m.sel_key, key);
	assert_int_equal(m.sel, 2);

	/* the selected row vanishes (its processes exited): the place is kept */
	sample_init(&next, 104.0);
	add_proc(&next, 1, 1, 1002, 0, "init", H_MNT, H_NET, H_PID, NULL);
	add_proc(&next, 300, 3000, 7, 0, "postgres", H_MNT, H_NET, D_PID, &db);
	add_proc(&next, 301, 3001, 7, 0, "postgres", H_MNT, H_NET, D_PID, &db);
	nstop_model_select(&m, 1);
	m.sel_key = nstop_ns_key(NS_PID, C_PID);
	assert_int_equal(nstop_model_build(&m, &next), 0);
	assert_int_equal(m.nrows, 2);
	assert_int_equal(m.sel, 1);
	assert_int_equal(nstop_model_selected(&m)->ino, D_PID);
	/* ... and the new row is what stays selected from now on */
	assert_int_equal(m.sel_key, nstop_ns_key(NS_PID, D_PID));

	/* everything but one row vanishes: clamped to the last row */
	next.snap.ntasks = 1;
	nstop_model_select(&m, 1);
	assert_int_equal(nstop_model_build(&m, &next), 0);
	assert_int_equal(m.nrows, 1);
	assert_int_equal(m.sel, 0);
	/* moving never leaves the rows */
	nstop_model_move(&m, -5);
	assert_int_equal(m.sel, 0);
	nstop_model_move(&m, 5);
	assert_int_equal(m.sel, 0);
	/* no rows at all */
	next.snap.ntasks = 0;
	assert_int_equal(nstop_model_build(&m, &next), 0);
	assert_null(nstop_model_selected(&m));
	nstop_sample_free(&next);
	nstop_model_release(&m);
	two_free(&w);
}

static void test_tree(void **state)
{
	struct nstop_model m;
	struct two w;

	(void)state;
	two_samples(&w);
	nstop_model_init(&m);
	m.tree = true;
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	/*
	 * pid H (116%)        user H (191%) first: busier root
	 *   +- C (75%)
	 *   |    `- E (0%)
	 *   `- D (0%)
	 */
	assert_int_equal(m.nrows, 5);
	assert_int_equal(m.rows[0].type, NS_USER);
	assert_int_equal(m.rows[0].depth, 0);
	assert_int_equal(m.rows[1].ino, H_PID);
	assert_int_equal(m.rows[1].depth, 0);
	assert_int_equal(m.rows[1].parent, -1);
	assert_int_equal(m.rows[2].ino, C_PID);
	assert_int_equal(m.rows[2].depth, 1);
	assert_int_equal(m.rows[2].parent, 1);
	assert_false(m.rows[2].last_mask & (1u << 1));	/* D follows */
	assert_int_equal(m.rows[3].ino, E_PID);
	assert_int_equal(m.rows[3].depth, 2);
	assert_int_equal(m.rows[3].parent, 2);
	assert_true(m.rows[3].last_mask & (1u << 2));
	assert_int_equal(m.rows[4].ino, D_PID);
	assert_int_equal(m.rows[4].depth, 1);
	assert_true(m.rows[4].last_mask & (1u << 1));

	/* the nearest ancestor that is a row: without C, E hangs under H */
	m.types = NS_MASK(NS_PID);
	snprintf(m.filter_text, sizeof(m.filter_text), "o");	/* init, postgres, worker */
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_null(find_row(&m, NS_PID, C_PID));
	assert_int_equal(find_row(&m, NS_PID, E_PID)->depth, 1);
	nstop_model_release(&m);
	two_free(&w);
}

static void test_memory_stays_flat(void **state)
{
	struct nstop_model m;
	struct two w;
	size_t cap;

	(void)state;
	two_samples(&w);
	nstop_model_init(&m);
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	cap = m.row_cap;
	for (int i = 0; i < 2000; i++)
		assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_int_equal(m.row_cap, cap);
	nstop_model_release(&m);
	two_free(&w);
}

/* Cgroup figures of two samples for the two containers, as the sampler leaves them. */
static void add_cg(struct nstop_sample *s, uint64_t key, uint64_t usage, uint64_t limit,
		   uint64_t pids, uint64_t rbytes, uint64_t wbytes, uint64_t throttled)
{
	struct nstop_cgstat *c;

	s->cgs = realloc(s->cgs, (s->ncgs + 1) * sizeof(*s->cgs));
	assert_non_null(s->cgs);
	c = &s->cgs[s->ncgs++];
	memset(c, 0, sizeof(*c));
	c->key = key;
	c->st.have = CGROUP_STAT_MEMORY | CGROUP_STAT_PIDS | CGROUP_STAT_IO | CGROUP_STAT_CPU;
	c->st.mem_usage = usage;
	c->st.mem_limit = limit;
	c->st.pids = pids;
	c->st.pids_limit = limit ? 100 : 0;	/* a limited container's pids too */
	c->st.io_rbytes = rbytes;
	c->st.io_wbytes = wbytes;
	c->st.cpu_throttled = throttled;
}

/* docker stats' figures: usage against the limit, block I/O rates, throttling. */
static void test_cgroup_columns(void **state)
{
	struct nstop_model m;
	struct two w;
	const struct nstop_row *r;
	uint64_t MB = 1 << 20;

	(void)state;
	two_samples(&w);
	/* web: 48 MiB of 64; db: no limit (MEM% of the host's 1 GiB) */
	add_cg(&w.prev, web.key, 40 * MB, 64 * MB, 3, 1000, 0, 10);
	add_cg(&w.prev, db.key, 5 * MB, 0, 1, 0, 0, 0);
	add_cg(&w.cur, web.key, 48 * MB, 64 * MB, 3, 5000, 1048576, 25);
	add_cg(&w.cur, db.key, 6 * MB, 0, 1, 0, 0, 0);
	w.cur.mem_total = 1024 * MB;
	nstop_model_deltas(&w.prev, &w.cur);
	assert_true(w.cur.cgs[0].have_rate);
	assert_true(fabs(w.cur.cgs[0].io_rrate - 2000.0) < 1e-9);	/* 4000 bytes in 2 s */
	assert_int_equal(w.cur.cgs[0].throttled, 15);

	nstop_model_init(&m);
	m.top_view = NSTOP_VIEW_CT;
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	r = find_ct(&m, "web");
	assert_non_null(r);
	assert_string_equal(cell(&m, r, NSTOP_COL_MEMCG, true), "50331648");
	assert_string_equal(cell(&m, r, NSTOP_COL_MEMCG, false), "48M");
	assert_string_equal(cell(&m, r, NSTOP_COL_MEMLIM, false), "64M");
	assert_string_equal(cell(&m, r, NSTOP_COL_MEMPCT, false), "75.0");
	assert_string_equal(cell(&m, r, NSTOP_COL_PIDS, false), "3");
	assert_string_equal(cell(&m, r, NSTOP_COL_PIDLIM, false), "100");
	assert_string_equal(cell(&m, r, NSTOP_COL_BLKR, true), "2000");
	assert_string_equal(cell(&m, r, NSTOP_COL_BLKW, false), "512K");
	assert_string_equal(cell(&m, r, NSTOP_COL_THROTTLED, false), "15");
	r = find_ct(&m, "db");
	assert_string_equal(cell(&m, r, NSTOP_COL_MEMLIM, false), "");
	assert_string_equal(cell(&m, r, NSTOP_COL_MEMPCT, false), "0.6");
	assert_string_equal(cell(&m, r, NSTOP_COL_PIDLIM, false), "");
	/* processes in no container have none of it */
	r = find_ct(&m, NULL);
	assert_string_equal(cell(&m, r, NSTOP_COL_MEMCG, false), "");
	/* sorted by usage, biggest first: web, db, then the rest */
	nstop_model_sort_by(&m, NSTOP_COL_MEMCG);
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_string_equal(m.rows[0].ct->name, "web");
	assert_string_equal(m.rows[1].ct->name, "db");

	/* a namespace of one container shows its figures; the host's, shared, none */
	m.top_view = NSTOP_VIEW_NS;
	assert_true(nstop_model_set_cols(&m, NSTOP_VIEW_NS, "+MEMCG,memlim", NULL, NULL) == 0);
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_string_equal(cell(&m, find_row(&m, NS_PID, C_PID), NSTOP_COL_MEMCG, false), "48M");
	assert_string_equal(cell(&m, find_row(&m, NS_PID, D_PID), NSTOP_COL_MEMCG, false), "6.0M");
	assert_true(find_row(&m, NS_NET, H_NET)->mixed);
	assert_string_equal(cell(&m, find_row(&m, NS_NET, H_NET), NSTOP_COL_MEMCG, false), "");
	nstop_model_release(&m);
	two_free(&w);
}

/* The drill-down's block I/O per process, and the network's rate limit. */
static void test_process_io_and_net_limit(void **state)
{
	struct nstop_model m;
	struct two w;
	const struct nstop_row *r;

	(void)state;
	two_samples(&w);
	w.prev.pios = calloc(2, sizeof(*w.prev.pios));
	w.prev.pios[0] = (struct nstop_pio){ .pid = 200, .start = 2000, .rbytes = 0, .wbytes = 0 };
	w.prev.pios[1] = (struct nstop_pio){ .pid = 201, .start = 1, .rbytes = 0, .wbytes = 0 };
	w.prev.npios = 2;
	w.cur.pios = calloc(2, sizeof(*w.cur.pios));
	w.cur.pios[0] = (struct nstop_pio){ .pid = 200, .start = 2000, .rbytes = 4096,
					    .wbytes = 2097152 };
	/* another process under the same pid: no rate */
	w.cur.pios[1] = (struct nstop_pio){ .pid = 201, .start = 2010, .rbytes = 9, .wbytes = 9 };
	w.cur.npios = 2;
	w.cur.nets[1].rate_limit = 125000;
	nstop_model_deltas(&w.prev, &w.cur);

	nstop_model_init(&m);
	m.top_view = NSTOP_VIEW_CT;
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_string_equal(cell(&m, find_ct(&m, "web"), NSTOP_COL_NETLIM, true), "125000");
	m.sel = 0;
	while (m.rows[m.sel].ct != &web.info)
		m.sel++;
	m.sel_key = m.rows[m.sel].key;
	assert_true(nstop_model_drill(&m));
	assert_int_equal(nstop_model_build(&m, &w.cur), 0);
	assert_true(nstop_model_has_col(&m, NSTOP_VIEW_PROC, NSTOP_COL_BLKW));
	for (size_t i = 0; i < m.nrows; i++) {
		r = &m.rows[i];
		if (r->top->pid == 200) {
			assert_string_equal(cell(&m, r, NSTOP_COL_BLKR, true), "2048");
			assert_string_equal(cell(&m, r, NSTOP_COL_BLKW, false), "1.0M");
		} else {
			assert_string_equal(cell(&m, r, NSTOP_COL_BLKR, true), "");
		}
	}
	nstop_model_release(&m);
	two_free(&w);
}

/* -o: columns by name, "+" to add to the defaults; what they need read. */
static void test_output_columns(void **state)
{
	struct nstop_model m;
	const char *bad = NULL;
	size_t badlen = 0;

	(void)state;
	nstop_model_init(&m);
	assert_int_equal(nstop_model_needs(&m) & ~(unsigned int)NSTOP_NEED_NET, 0);
	m.top_view = NSTOP_VIEW_CT;
	assert_int_equal(nstop_model_needs(&m),
			 NSTOP_NEED_NET | NSTOP_NEED_PROC_IO |
			 NSTOP_NEED_CG(CGROUP_STAT_MEMORY | CGROUP_STAT_PIDS | CGROUP_STAT_IO |
				       CGROUP_STAT_CPU));
	assert_int_equal(nstop_model_set_cols(&m, NSTOP_VIEW_CT, "container,MEMCG,memcg,netlim",
					      &bad, &badlen), 0);
	assert_int_equal(m.cols[NSTOP_VIEW_CT][0], NSTOP_COL_CONTAINER);
	assert_int_equal(m.cols[NSTOP_VIEW_CT][1], NSTOP_COL_MEMCG);
	assert_int_equal(m.cols[NSTOP_VIEW_CT][2], NSTOP_COL_NETLIM);
	assert_int_equal(m.cols[NSTOP_VIEW_CT][3], -1);
	assert_int_equal(nstop_model_needs(&m), NSTOP_NEED_NETLIM |
						NSTOP_NEED_CG(CGROUP_STAT_MEMORY));
	assert_int_equal(nstop_model_col_by_key(&m, NSTOP_VIEW_CT, 'P'), -1);
	assert_int_equal(nstop_model_col_by_key(&m, NSTOP_VIEW_CT, 'G'), NSTOP_COL_MEMCG);
	assert_int_equal(nstop_model_set_cols(&m, NSTOP_VIEW_NS, "+PIDS", &bad, &badlen), 0);
	assert_true(nstop_model_has_col(&m, NSTOP_VIEW_NS, NSTOP_COL_COMMAND));
	assert_true(nstop_model_has_col(&m, NSTOP_VIEW_NS, NSTOP_COL_PIDS));
	assert_int_equal(nstop_model_set_cols(&m, NSTOP_VIEW_NS, "TYPE,BOGUS,NS", &bad, &badlen),
			 -EINVAL);
	assert_int_equal(badlen, 5);
	assert_memory_equal(bad, "BOGUS", 5);
	assert_int_equal(nstop_model_set_cols(&m, NSTOP_VIEW_NS, "TYPE,", &bad, &badlen), -EINVAL);
	assert_int_equal(badlen, 0);
	/* unchanged by a list that failed */
	assert_true(nstop_model_has_col(&m, NSTOP_VIEW_NS, NSTOP_COL_PIDS));
	nstop_model_release(&m);
}

static void test_scale(void **state)
{
	char buf[32];

	(void)state;
	nstop_scale(0, buf, sizeof(buf));
	assert_string_equal(buf, "0");
	nstop_scale(1023, buf, sizeof(buf));
	assert_string_equal(buf, "1023");
	nstop_scale(1536, buf, sizeof(buf));
	assert_string_equal(buf, "1.5K");
	nstop_scale(52.0 * 1024 * 1024, buf, sizeof(buf));
	assert_string_equal(buf, "52M");
	nstop_scale(3.0 * 1024 * 1024 * 1024 * 1024, buf, sizeof(buf));
	assert_string_equal(buf, "3.0T");
	nstop_scale(-5, buf, sizeof(buf));
	assert_string_equal(buf, "0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpu_from_two_samples),
		cmocka_unit_test(test_cpu_odd_cases),
		cmocka_unit_test(test_net_rates),
		cmocka_unit_test(test_net_rates_odd_cases),
		cmocka_unit_test(test_namespace_rows),
		cmocka_unit_test(test_hide_host),
		cmocka_unit_test(test_first_sample_has_no_cpu),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_rows_without_traffic_sort_last),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_filter_text),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_containers),
		cmocka_unit_test(test_drill_down_and_back),
		cmocka_unit_test(test_selection_survives),
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_memory_stays_flat),
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_cgroup_columns),
		cmocka_unit_test(test_process_io_and_net_limit),
		cmocka_unit_test(test_output_columns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
