// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The namespace walk done through libproc2, for comparison with nskit's own
 * /proc reader (common/procfs.c): libproc2 reads each namespace with stat(2)
 * under a hard-coded /proc and reads stat/status for every process.
 * Prints the number of processes and of distinct namespaces it saw.
 *
 *   build/bench/libproc2_walk
 */
#include <stdio.h>
#include <stdlib.h>

#include <libproc2/pids.h>

static int cmp(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return (x > y) - (x < y);
}

int main(void)
{
	enum pids_item items[] = {
		PIDS_ID_PID, PIDS_NS_MNT, PIDS_NS_NET, PIDS_NS_PID, PIDS_NS_UTS,
		PIDS_NS_IPC, PIDS_NS_USER, PIDS_NS_CGROUP, PIDS_NS_TIME,
	};
	const int nitems = sizeof(items) / sizeof(items[0]);
	struct pids_info *info = NULL;
	struct pids_fetch *f;
	unsigned long *all;
	size_t n = 0, distinct = 0;

	if (procps_pids_new(&info, items, nitems) < 0) {
		fprintf(stderr, "libproc2_walk: procps_pids_new failed\n");
		return 1;
	}
	f = procps_pids_reap(info, PIDS_FETCH_TASKS_ONLY);
	if (!f) {
		fprintf(stderr, "libproc2_walk: procps_pids_reap failed\n");
		return 1;
	}
	all = malloc((size_t)f->counts->total * (nitems - 1) * sizeof(*all));
	if (!all)
		return 1;
	for (int i = 0; i < f->counts->total; i++)
		for (int j = 1; j < nitems; j++) {
			unsigned long ino = f->stacks[i]->head[j].result.ul_int;

			if (ino)
				all[n++] = ino;
		}
	qsort(all, n, sizeof(*all), cmp);
	for (size_t i = 0; i < n; i++)
		if (!i || all[i] != all[i - 1])
			distinct++;
	printf("%d processes, %zu namespaces\n", f->counts->total, distinct);
	free(all);
	procps_pids_unref(&info);
	return 0;
}
