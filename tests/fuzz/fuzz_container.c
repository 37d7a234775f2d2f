// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for common/container.c: every input is read as a
 * /proc/PID/cgroup text, as one cgroup path, and as each runtime's state
 * file. Inputs are not NUL-terminated, which is the point: the parsers are
 * bounded by the length they are given.
 *
 *   clang -g -fsanitize=fuzzer,address,undefined -std=gnu11 -D_GNU_SOURCE -Icommon \
 *	tests/fuzz/fuzz_container.c common/container.c -o fuzz_container
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"

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
	static const char *const keys[] = {
		"Name", "nerdctl/name", "io.kubernetes.cri.container-name", "annotations", "k",
	};
	static const enum ct_runtime runtimes[] = {
		CT_DOCKER, CT_CONTAINERD, CT_CRIO, CT_PODMAN, CT_LXC,
	};
	const char *buf = (const char *)data;
	struct container_info ci;
	char out[32], *path;
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

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		r = container_json_string(buf, size, keys[i], out, sizeof(out));
		if (strnlen(out, sizeof(out)) == sizeof(out) || (r != 0 && out[0]))
			abort();
	}

	for (size_t i = 0; i < sizeof(runtimes) / sizeof(runtimes[0]); i++) {
		memset(&ci, 0, sizeof(ci));
		ci.runtime = runtimes[i];
		strcpy(ci.id, "3f4e9a1b2c7d8e0f11223344556677889900aabbccddeeff0011223344556677");
		r = container_parse_state(runtimes[i], buf, size, &ci);
		check_info(&ci, r);
	}
	return 0;
}
