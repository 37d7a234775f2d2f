// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

char *fixture_make(void)
{
	const char *src = getenv("NSKIT_SRCDIR");
	char tmpl[] = "/tmp/nskit-fixture.XXXXXX";
	char cmd[4096];
	char *dir;

	if (!src)
		src = ".";
	dir = mkdtemp(tmpl);
	if (!dir)
		return NULL;
	snprintf(cmd, sizeof(cmd), "sh '%s/tests/fixtures/mkproc.sh' '%s'", src, dir);
	if (system(cmd) != 0)
		return NULL;
	return strdup(dir);
}

void fixture_remove(char *dir)
{
	char cmd[4096];

	if (!dir)
		return;
	if (strncmp(dir, "/tmp/nskit-fixture.", 19) == 0) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", dir);
	}
	free(dir);
}

int fixture_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (!fx || !(fx->dir = fixture_make())) {
		free(fx);
		return -1;
	}
	snprintf(fx->proc, sizeof(fx->proc), "%s/proc", fx->dir);
	snprintf(fx->sysroot, sizeof(fx->sysroot), "%s/root", fx->dir);
	if (procfs_open(&fx->pfs, fx->proc) < 0) {
		fixture_remove(fx->dir);
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

int fixture_teardown(void **state)
{
	struct fixture *fx = *state;

	procfs_close(&fx->pfs);
	fixture_remove(fx->dir);
	free(fx);
	return 0;
}
