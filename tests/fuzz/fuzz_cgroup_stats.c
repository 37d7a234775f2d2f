// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the parsers of common/cgroup.c that read what
 * nstop, nsdiff and nsrun inspect read of a cgroup: keyed files
 * (cpu.stat, memory.events), block I/O statistics of both versions, the
 * per-device I/O limits of both versions, and a process's place in a
 * layout from its /proc/PID/cgroup; and nstop's reader of /proc/PID/io
 * and its cutting of a path to a container's own cgroup.
 *
 * The first byte picks the parser, the rest is its input. Traps when a
 * parser breaks its word: more devices than there is room for, a device
 * entry with no limit, a limit field that is not a number the text had,
 * a path that does not point into the text, a cut that is not a prefix
 * ending at a component.
 *
 * TOOL: nstop (scripts/fuzz.sh links its modules)
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "container.h"
#include "sampler.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_io_limits(const struct cgroup_limits *lim)
{
	if (lim->nio > CGROUP_IO_DEVS_MAX)
		__builtin_trap();
	for (size_t i = 0; i < lim->nio; i++) {
		const struct cgroup_io_dev *d = &lim->io[i];

		if (!d->rbps && !d->wbps && !d->riops && !d->wiops)
			__builtin_trap();
		/* one entry per device */
		for (size_t j = 0; j < i; j++)
			if (lim->io[j].major == d->major && lim->io[j].minor == d->minor)
				__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char hybrid[] = "1 0 0:1 / /u rw - cgroup2 cgroup2 rw\n"
				     "2 0 0:2 / /m rw - cgroup cgroup rw,memory\n"
				     "3 0 0:3 / /c rw - cgroup cgroup rw,cpu,cpuacct\n"
				     "4 0 0:4 / /b rw - cgroup cgroup rw,blkio\n";
	const char *text = (const char *)data + 1;
	size_t len = size ? size - 1 : 0;
	struct cgroup_limits lim = { 0 };
	struct cgroup_layout l;
	uint64_t a, b;
	int rc;

	if (size < 1)
		return 0;
	switch (data[0] % 6) {
	case 0:
		rc = cgroup_parse_keyed(text, len, "nr_throttled", &a);
		if (rc && rc != -ENOENT)
			__builtin_trap();
		break;
	case 1:
		rc = cgroup_parse_io_stat(text, len, data[0] & 0x80, &a, &b);
		if (rc && rc != -ERANGE)
			__builtin_trap();
		break;
	case 2:
		rc = cgroup_parse_io_max(text, len, &lim);
		if (rc && rc != -E2BIG)
			__builtin_trap();
		check_io_limits(&lim);
		break;
	case 3:
		for (int f = 0; f < 4; f++) {
			rc = cgroup_parse_io_v1(text, len, f, &lim);
			if (rc && rc != -E2BIG)
				__builtin_trap();
		}
		check_io_limits(&lim);
		break;
	case 4:
		if (cgroup_layout_parse(hybrid, sizeof(hybrid) - 1, &l) < 0 || l.n != 4)
			__builtin_trap();
		for (size_t h = 0; h < l.n; h++) {
			const char *p;
			size_t plen;

			if (cgroup_proc_path(&l, h, text, len, &p, &plen) == 0 &&
			    (p < text || p + plen > text + len || p[0] != '/' ||
			     memchr(p, '\n', plen)))
				__builtin_trap();
		}
		break;
	case 5: {
		struct container_info ct;
		char *s = malloc(len + 1), *cut;

		if (!s)
			return 0;
		memcpy(s, text, len);
		s[len] = '\0';
		rc = nstop_parse_io(text, len, &a, &b);
		if (rc && rc != -EINVAL)
			__builtin_trap();
		/* the shortest prefix, at a component's end, naming the same container */
		if (container_from_cgroup_path(s, &ct) == 0) {
			cut = nstop_ct_cgroup(text, len, &ct);
			if (cut) {
				size_t n = strlen(cut);

				if (n > len || memcmp(cut, text, n) != 0 ||
				    (n < len && text[n] != '/'))
					__builtin_trap();
				free(cut);
			}
		}
		free(s);
		break;
	}
	}
	return 0;
}
