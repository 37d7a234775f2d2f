// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The header's system figures through libproc2 (procps 4): load average,
 * uptime, memory and the CPU count, as top shows them. These are three
 * small files per refresh, off the per-process hot path, so the library
 * made for the job is used rather than another parser of ours. libproc2
 * reads /proc itself: with --proc-root these still describe the machine
 * nstop runs on (which, in a pod with hostPID, is the host).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libproc2/meminfo.h>
#include <libproc2/misc.h>

#include "nstop.h"

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
	h->mem_total = h->mem_used = 0;
	if (mi) {
		/* kibibytes; "used" is total less available, as free(1) and top */
		unsigned long total = MEMINFO_GET(mi, MEMINFO_MEM_TOTAL, ul_int);
		unsigned long used = MEMINFO_GET(mi, MEMINFO_MEM_USED, ul_int);

		h->mem_total = (uint64_t)total * 1024;
		h->mem_used = (uint64_t)used * 1024;
	}
}

void nstop_sysinfo_release(struct nstop *t)
{
	struct meminfo_info *mi = t->meminfo;

	if (mi)
		procps_meminfo_unref(&mi);
	t->meminfo = NULL;
}
