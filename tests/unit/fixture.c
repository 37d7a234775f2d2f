// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"

/*
 * The source tree: NSKIT_SRCDIR when set, else the one the tests were
 * built from (the Makefile passes its absolute path), so that a test
 * binary finds its fixtures whatever the working directory.
 */
const char *fixture_srcdir(void)
{
	const char *src = getenv("NSKIT_SRCDIR");

	return src && *src ? src : NSKIT_TEST_SRCDIR;
}

/* rm -rf of a directory this file made; anything else is left alone. */
static void remove_tree(const char *dir)
{
	char cmd[4096];

	if (strncmp(dir, "/tmp/nskit-fixture.", 19) != 0)
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

char *fixture_make(void)
{
	return fixture_make_with("");
}

char *fixture_make_with(const char *extra)
{
	char tmpl[] = "/tmp/nskit-fixture.XXXXXX";
	char cmd[4096];
	char *dir;

	dir = mkdtemp(tmpl);
	if (!dir)
		return NULL;
	snprintf(cmd, sizeof(cmd), "sh '%s/tests/fixtures/mkproc.sh' '%s' %s", fixture_srcdir(), dir,
		 extra);
	if (system(cmd) != 0) {
		fprintf(stderr, "fixture: '%s' failed\n", cmd);
		remove_tree(dir);
		return NULL;
	}
	return strdup(dir);
}

void fixture_remove(char *dir)
{
	if (!dir)
		return;
	remove_tree(dir);
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

	if (!fx)
		return 0;	/* the setup failed, and said why */
	procfs_close(&fx->pfs);
	fixture_remove(fx->dir);
	free(fx);
	return 0;
}

int fixture_write_stat(const char *proc, pid_t pid, const char *comm, char state,
		       unsigned long long start, unsigned long long utime)
{
	char path[4300];
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/%d/stat", proc, (int)pid);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "%d (%s) %c 1 %d %d 0 -1 4194560 100 0 0 0 %llu 10 0 0 20 0 3 0 %llu "
		"12345678 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 "
		"0 0 0 0\n", (int)pid, comm, state, (int)pid, (int)pid, utime, start);
	rc = ferror(f) ? -1 : 0;
	return fclose(f) == 0 ? rc : -1;
}

int fixture_relink(const char *proc, pid_t pid, const char *type, unsigned long long ino)
{
	char path[4300], target[64];

	snprintf(path, sizeof(path), "%s/%d/ns/%s", proc, (int)pid, type);
	snprintf(target, sizeof(target), "%s:[%llu]", type, ino);
	if (unlink(path) < 0)
		return -1;
	return symlink(target, path);
}
