// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for what nsdiff --deep parses: /proc/net/{tcp,udp}[6],
 * uid_map and gid_map, mountinfo, /proc/sysvipc/{shm,sem,msg},
 * timens_offsets, cgroup files and the cgroup namespace root, the frames an
 * inside child sends and the data and items in them, and the comparison and
 * JSON escaping of the facts made from them. None of it may crash, hang or
 * leak on any input.
 *
 * TOOL: nsdiff (scripts/fuzz.sh links its modules)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "inspect.h"
#include "jsonw.h"
#include "compare.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int frame_count(void *data, int tag, const char *buf, size_t len)
{
	(void)tag;
	(void)buf;
	*(size_t *)data += len;
	return 0;
}

/* Parse everything into f, as the gathering would. */
static void parse_all(const char *buf, size_t size, struct inspect_facts *f)
{
	struct inspect_sock *s;
	struct inspect_idmap *m;
	struct inspect_mount *mi;
	struct inspect_ipc *ipc;
	struct inspect_cgroup *cg;
	struct inspect_timens t;
	size_t n;

	for (int fam = 0; fam < 2; fam++)
		if (inspect_parse_sockets(buf, size, fam ? AF_INET6 : AF_INET, &s, &n) == 0) {
			inspect_add_sockets(f, s, n, fam);
			free(s);
		}
	if (inspect_parse_idmap(buf, size, &m, &n) == 0) {
		inspect_add_idmap(f, INSPECT_USER_UIDMAP, m, n);
		free(m);
	}
	if (inspect_parse_mountinfo(buf, size, &mi, &n) == 0) {
		inspect_add_mounts(f, mi, n);
		inspect_mounts_free(mi, n);
	}
	for (int k = INSPECT_IPC_SHM; k <= INSPECT_IPC_MSG; k++)
		if (inspect_parse_sysvipc(buf, size, k, &ipc, &n) == 0) {
			inspect_add_sysvipc(f, k, ipc, n);
			free(ipc);
		}
	if (inspect_parse_timens(buf, size, &t) == 0)
		inspect_add_timens(f, &t);
	if (inspect_parse_cgroup(buf, size, &cg, &n) == 0)
		inspect_cgroups_free(cg, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inspect_facts a = { 0 }, b = { 0 };
	struct nsdiff_result r;
	char *buf = malloc(size + 1), root[256];
	const char *nul;
	size_t total = 0;
	FILE *devnull;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';

	parse_all(buf, size, &a);
	inspect_parse_frames(buf, size, frame_count, &total);
	{
		const char *key, *value, *list, *data;
		enum inspect_cat cat;
		unsigned int kind, part;
		size_t dlen;

		if (inspect_parse_item_frame(buf, size, &cat, &kind, &key, &value, &list) == 0)
			inspect_list_add(&a.cat[cat][kind], key, value, list);
		if (inspect_parse_data_frame(buf, size, &cat, &part, &data, &dlen) == 0)
			total += dlen + part;
	}

	/* two paths for the cgroup root, split at the first NUL */
	nul = memchr(buf, '\0', size);
	if (nul && nul + 1 <= buf + size)
		inspect_cgroup_root(buf, nul + 1, root, sizeof(root));

	/* the second half against the first: the comparison of arbitrary facts */
	parse_all(buf + size / 2, size - size / 2, &b);
	if (nsdiff_compare(&a, &b, NS_MASK_ALL, &r) == 0) {
		devnull = fopen("/dev/null", "w");
		for (size_t i = 0; devnull && i < r.n; i++) {
			if (r.v[i].a)
				jsonw_escape(devnull, r.v[i].a->key);
			if (r.v[i].b)
				jsonw_escape(devnull, r.v[i].b->value);
		}
		if (devnull)
			fclose(devnull);
		nsdiff_result_release(&r);
	}
	free(nsdiff_list_minus(buf, buf + size / 2));
	inspect_facts_release(&a);
	inspect_facts_release(&b);
	free(buf);
	return 0;
}
