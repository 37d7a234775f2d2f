// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the /proc record parsers: stat, status, namespace
 * links, socket links, mountinfo and command lines. What the kernel writes
 * is trusted less than it seems: --proc-root may point at any tree.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nsfs.h"
#include "nstype.h"
#include "procfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	struct proc_stat st;
	struct proc_status ss;
	struct nsfs_mount *m;
	enum ns_type t;
	uint64_t ino;
	size_t n;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';

	procfs_parse_stat(buf, size, &st);
	procfs_parse_status(buf, size, &ss);
	nstype_parse_link(buf, size, &t, &ino);
	procfs_parse_socket_link(buf, size, &ino);
	if (nsfs_parse_mountinfo(buf, size, &m, &n) == 0)
		nsfs_mounts_free(m, n);
	procfs_cmdline_to_line(buf, size);
	mountinfo_unescape(buf);
	free(buf);
	return 0;
}
