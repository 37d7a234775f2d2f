// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the parsers of common/cgroup.c and of nsrun's
 * tools/nsrun/cgroup_write.c: the input as a mountinfo text (the layout
 * must be consistent: at most one v2 tree and first, each controller in
 * one hierarchy, strings terminated), as a cgroup path to validate, as
 * the text of a limit file, and as the text of a record's cgroup_made.
 *
 * TOOL: nsrun (scripts/fuzz.sh links its modules)
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup_write.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char fixed[] = "1 0 0:1 / /u rw - cgroup2 cgroup2 rw\n"
				    "2 0 0:2 / /m rw - cgroup cgroup rw,memory\n"
				    "3 0 0:3 / /c rw - cgroup cgroup rw,cpu,cpuacct\n";
	struct cgroup_layout l;
	struct cgroup_made made;
	unsigned int seen = 0;
	char *s;
	int rc;

	rc = cgroup_layout_parse((const char *)data, size, &l);
	if (rc == 0) {
		if (l.n == 0 || l.n > CGROUP_HIER_MAX)
			__builtin_trap();
		for (size_t i = 0; i < l.n; i++) {
			if (!memchr(l.hier[i].mount, '\0', sizeof(l.hier[i].mount)) ||
			    !memchr(l.hier[i].name, '\0', sizeof(l.hier[i].name)))
				__builtin_trap();
			if (l.hier[i].v2 && i != 0)
				__builtin_trap();
			if (l.hier[i].ctrls & seen)
				__builtin_trap();
			seen |= l.hier[i].ctrls;
			if (strchr(l.hier[i].name, ','))
				__builtin_trap();
		}
		cgroup_layout_set_v2_ctrls(&l, "memory cpu pids io");
	} else if (rc != -ENOENT) {
		__builtin_trap();
	}

	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (cgroup_valid_path(s) == 0 && (s[0] != '/' || strstr(s, "//") || strstr(s, "/../")))
		__builtin_trap();
	/* a limit file's text: a number, or none, or refused with nothing set */
	{
		uint64_t v = 1;

		rc = cgroup_parse_limit(s, &v);
		if ((rc != 0 && rc != -EINVAL) || (rc < 0 && v != 0) ||
		    (rc == 0 && v && (s[0] < '1' || s[0] > '9') && s[0] != '0'))
			__builtin_trap();
	}
	if (cgroup_layout_parse(fixed, sizeof(fixed) - 1, &l) < 0 || l.n != 3)
		__builtin_trap();
	if (cgroup_made_parse(&l, s, &made) == 0) {
		char text[256];
		struct cgroup_made back;

		/* what it prints parses back to the same levels */
		if (cgroup_made_format(&l, &made, text, sizeof(text)) < 0 ||
		    cgroup_made_parse(&l, text, &back) < 0 ||
		    memcmp(made.levels, back.levels, l.n) != 0)
			__builtin_trap();
	}
	free(s);
	return 0;
}
