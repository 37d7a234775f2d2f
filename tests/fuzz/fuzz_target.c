// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the parsers of what nsjoin is given and reads
 * before entering: target_parse() (a -t argument) and
 * nsenter_cgroup_paths() (the caller's mountinfo against the target's
 * /proc/PID/cgroup, for --join-cgroup). The input is split at its first
 * NUL: mountinfo before, cgroup after; the whole input, up to that NUL, is
 * also a target argument.
 *
 *   clang -g -fsanitize=fuzzer,address,undefined -std=gnu11 -D_GNU_SOURCE -Icommon \
 *	tests/fuzz/fuzz_target.c common/[a-z]*.c $(pkg-config --libs smartcols libmnl) -o fuzz_target
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nsenter.h"
#include "target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_spec(const char *arg, const struct target_spec *s, int rc)
{
	if (rc != 0 && rc != -EINVAL)
		abort();
	if (rc)
		return;
	if ((unsigned int)s->kind >= TARGET_NKINDS)
		abort();
	switch (s->kind) {
	case TARGET_PID:
		if (s->pid <= 0 || s->pid > TARGET_PID_MAX)
			abort();
		break;
	case TARGET_NSINODE:
		if (s->ino == 0 || (s->type != NS_UNKNOWN && (unsigned int)s->type >= NS_NTYPES))
			abort();
		if (s->type == NS_UNKNOWN && s->ino <= TARGET_PID_MAX)
			abort();
		break;
	default:
		/* a word points into the argument, and is never empty */
		if (!s->word || s->word < arg || s->word >= arg + strlen(arg) || !*s->word)
			abort();
		break;
	}
	(void)strlen(target_kind_name(s->kind));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	const char *nul = memchr(buf, '\0', size);
	size_t milen = nul ? (size_t)(nul - buf) : size;
	struct target_spec spec;
	char *arg, **paths = NULL;
	size_t n = 0;
	int rc;

	arg = malloc(milen + 1);
	if (!arg)
		return 0;
	memcpy(arg, buf, milen);
	arg[milen] = '\0';
	rc = target_parse(arg, &spec);
	check_spec(arg, &spec, rc);
	free(arg);

	if (!nul)
		return 0;
	rc = nsenter_cgroup_paths(buf, milen, nul + 1, size - milen - 1, &paths, &n);
	if (rc != 0 && rc != -EINVAL && rc != -EXDEV && rc != -E2BIG && rc != -ENAMETOOLONG &&
	    rc != -ENOMEM)
		abort();
	if (rc != 0 && (paths || n))
		abort();
	if (n > NSENTER_MAX_CGROUPS)
		abort();
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(paths[i]);

		/* every result names a cgroup.procs file */
		if (len < 13 || strcmp(paths[i] + len - 13, "/cgroup.procs") != 0)
			abort();
		free(paths[i]);
	}
	free(paths);
	return 0;
}
