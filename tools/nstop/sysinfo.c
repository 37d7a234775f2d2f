// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The header's system figures through libproc2 (procps 4): load average,
 * uptime, memory and swap and the CPU count, as top shows them, and for
 * the dashboard's meters each CPU's use since the last refresh (the
 * deltas of /proc/stat that libproc2 keeps). These are a few small files
 * per refresh, off the per-process hot path, so the library made for the
 * job is used rather than another parser of ours. libproc2 reads /proc
 * itself: with --proc-root these still describe the machine nstop runs on
 * (which, in a pod with hostPID, is the host).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libproc2/meminfo.h>
#include <libproc2/misc.h>
#include <libproc2/stat.h>

#include "nstop.h"

static enum stat_item cpu_items[] = {
	STAT_TIC_DELTA_USER,	STAT_TIC_DELTA_NICE,	STAT_TIC_DELTA_SYSTEM,
	STAT_TIC_DELTA_IDLE,	STAT_TIC_DELTA_IOWAIT,	STAT_TIC_DELTA_IRQ,
	STAT_TIC_DELTA_SOFTIRQ,	STAT_TIC_DELTA_STOLEN,	STAT_TIC_DELTA_GUEST,
	STAT_TIC_DELTA_GUEST_NICE,
};

enum { C_USER, C_NICE, C_SYSTEM, C_IDLE, C_IOWAIT, C_IRQ, C_SOFTIRQ, C_STOLEN, C_GUEST, C_GNICE };

/*
 * One CPU's ticks since the last refresh as htop splits them: guest time
 * is counted in user time by the kernel and shown apart, with stolen time;
 * I/O wait is idle.
 */
static void cpu_use(const struct stat_stack *st, struct nstop_cpu_use *u)
{
	long v[C_GNICE + 1];
	double total;

	for (int i = 0; i <= C_GNICE; i++) {
		v[i] = st->head[i].result.sl_int;
		if (v[i] < 0)
			v[i] = 0;
	}
	v[C_USER] = v[C_USER] > v[C_GUEST] ? v[C_USER] - v[C_GUEST] : 0;
	v[C_NICE] = v[C_NICE] > v[C_GNICE] ? v[C_NICE] - v[C_GNICE] : 0;
	total = (double)(v[C_USER] + v[C_NICE] + v[C_SYSTEM] + v[C_IDLE] + v[C_IOWAIT] + v[C_IRQ] +
			 v[C_SOFTIRQ] + v[C_STOLEN] + v[C_GUEST] + v[C_GNICE]);
	memset(u, 0, sizeof(*u));
	if (total <= 0)
		return;
	u->user = (double)v[C_USER] * 100 / total;
	u->nice = (double)v[C_NICE] * 100 / total;
	u->sys = (double)(v[C_SYSTEM] + v[C_IRQ] + v[C_SOFTIRQ]) * 100 / total;
	u->virt = (double)(v[C_STOLEN] + v[C_GUEST] + v[C_GNICE]) * 100 / total;
}

/* Each CPU's use for the meters; they go unknown when /proc/stat cannot be read. */
static void cpu_meters(struct nstop *t)
{
	struct nstop_header *h = &t->hdr;
	struct stat_info *info = t->stat;
	struct stat_reaped *r;
	size_t n;

	h->have_cpus = false;
	if (!info && procps_stat_new(&info) >= 0)
		t->stat = info;
	if (!info)
		return;
	r = procps_stat_reap(info, STAT_REAP_CPUS_ONLY, cpu_items,
			     (int)(sizeof(cpu_items) / sizeof(cpu_items[0])));
	if (!r || !r->cpus || r->cpus->total <= 0)
		return;
	n = (size_t)r->cpus->total;
	if (n > t->cpu_cap) {
		struct nstop_cpu_use *c = realloc(t->cpus, n * sizeof(*c));

		if (!c)
			return;
		t->cpus = c;
		t->cpu_cap = n;
	}
	for (size_t i = 0; i < n; i++)
		cpu_use(r->cpus->stacks[i], &t->cpus[i]);
	cpu_use(r->summary, &h->cpu_all);
	h->cpus = t->cpus;
	h->ncpus = n;
	h->have_cpus = true;
}

void nstop_sysinfo(struct nstop *t)
{
	struct nstop_header *h = &t->hdr;
	struct meminfo_info *mi = t->meminfo;
	double idle;
	time_t now = time(NULL);
	struct tm tm;

	if (localtime_r(&now, &tm))
		strftime(h->clock, sizeof(h->clock), "%H:%M:%S", &tm);
	/* the host name of nstop's own uts namespace */
	if (gethostname(h->host, sizeof(h->host) - 1) < 0)
		h->host[0] = '\0';
	h->host[sizeof(h->host) - 1] = '\0';
	if (procps_uptime(&h->uptime, &idle) < 0)
		h->uptime = -1;
	h->have_load = procps_loadavg(&h->load[0], &h->load[1], &h->load[2]) >= 0;
	h->ncpu = procps_cpu_count();
	if (h->ncpu < 1)
		h->ncpu = 1;

	if (!mi && procps_meminfo_new(&mi) >= 0)
		t->meminfo = mi;
	h->mem_total = h->mem_used = h->mem_cache = h->swap_total = h->swap_used = 0;
	if (mi) {
		/* kibibytes; "used" is total less available, as free(1) and top */
		unsigned long total = MEMINFO_GET(mi, MEMINFO_MEM_TOTAL, ul_int);
		unsigned long used = MEMINFO_GET(mi, MEMINFO_MEM_USED, ul_int);
		unsigned long avail = MEMINFO_GET(mi, MEMINFO_MEM_AVAILABLE, ul_int);
		unsigned long avail_free = MEMINFO_GET(mi, MEMINFO_MEM_FREE, ul_int);

		h->mem_total = (uint64_t)total * 1024;
		h->mem_used = (uint64_t)used * 1024;
		/* what of the available is not free: caches the kernel takes back */
		h->mem_cache = avail > avail_free ? (uint64_t)(avail - avail_free) * 1024 : 0;
		h->swap_total = (uint64_t)MEMINFO_GET(mi, MEMINFO_SWAP_TOTAL, ul_int) * 1024;
		h->swap_used = (uint64_t)MEMINFO_GET(mi, MEMINFO_SWAP_USED, ul_int) * 1024;
	}
	/* the meters are the dashboard's: batch output reads no /proc/stat */
	if (t->interactive)
		cpu_meters(t);
}

void nstop_sysinfo_release(struct nstop *t)
{
	struct meminfo_info *mi = t->meminfo;

	struct stat_info *info = t->stat;

	if (mi)
		procps_meminfo_unref(&mi);
	t->meminfo = NULL;
	if (info)
		procps_stat_unref(&info);
	t->stat = NULL;
	free(t->cpus);
	t->cpus = NULL;
	t->cpu_cap = 0;
}
