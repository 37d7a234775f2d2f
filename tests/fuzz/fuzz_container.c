// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for common/container.c and common/ctstate.c: every
 * input is read as a /proc/PID/cgroup text, as one cgroup path, and as
 * each kind of runtime state file (ctstate_parse()). Inputs are not
 * NUL-terminated, which is the point: the parsers are bounded by the
 * length they are given.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "ctstate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Things a caller may rely on after any call, successful or not. */
static void check_info(const struct container_info *ci, int r)
{
	if (strnlen(ci->id, sizeof(ci->id)) == sizeof(ci->id) ||
	    strnlen(ci->name, sizeof(ci->name)) == sizeof(ci->name) ||
	    strnlen(ci->pod_uid, sizeof(ci->pod_uid)) == sizeof(ci->pod_uid) ||
	    strnlen(ci->pod_name, sizeof(ci->pod_name)) == sizeof(ci->pod_name) ||
	    strnlen(ci->short_id, sizeof(ci->short_id)) == sizeof(ci->short_id))
		abort();
	if (r == 0 && (unsigned int)ci->runtime >= CT_NRUNTIMES)
		abort();
	(void)strlen(container_label(ci));
	(void)strlen(container_runtime_name(ci->runtime));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum ct_runtime runtimes[] = {
		CT_DOCKER, CT_CONTAINERD, CT_CRIO, CT_PODMAN, CT_LXC,
	};
	const char *buf = (const char *)data;
	struct container_info ci;
	char *path;
	int r;

	r = container_from_proc_cgroup(buf, size, &ci);
	if (r != 0 && r != -ENOENT && r != -EINVAL)
		abort();
	if (r != 0 && ci.runtime != CT_NONE)
		abort();
	check_info(&ci, r);

	/* A C string for the path API: the input up to its first NUL. */
	path = malloc(size + 1);
	if (!path)
		return 0;
	memcpy(path, data, size);
	path[size] = '\0';
	r = container_from_cgroup_path(path, &ci);
	check_info(&ci, r);
	free(path);

	for (int kind = 0; kind < CTF_NFILES; kind++) {
		for (size_t i = 0; i < sizeof(runtimes) / sizeof(runtimes[0]); i++) {
			struct ct_record rec;

			memset(&rec, 0, sizeof(rec));
			rec.info.runtime = runtimes[i];
			strcpy(rec.info.id, "3f4e9a1b2c7d8e0f11223344556677889900aabbccddeeff0011223344556677");
			r = ctstate_parse((enum ct_file)kind, buf, size, &rec);
			if (r != 0 && r != -ENOENT && r != -EINVAL)
				abort();
			check_info(&rec.info, r);
			for (int t = 0; t < NS_NTYPES; t++)
				if (strnlen(rec.joined[t], sizeof(rec.joined[t])) == sizeof(rec.joined[t]))
					abort();
			if (rec.pid < 0 || rec.pid > 4194304)
				abort();
		}
	}
	return 0;
}
