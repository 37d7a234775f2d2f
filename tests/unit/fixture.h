/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helpers: a fake proc tree made by tests/fixtures/mkproc.sh. */
#ifndef NSKIT_TEST_FIXTURE_H
#define NSKIT_TEST_FIXTURE_H

#include <limits.h>
#include <sys/types.h>

#include "procfs.h"

/* The source tree: $NSKIT_SRCDIR, else the tree the tests were built in. */
const char *fixture_srcdir(void);

/* Create a temporary directory holding proc/ and root/; returns its path
 * (malloc'ed) or NULL, having removed what it made. */
char *fixture_make(void);
/* The same with mkproc.sh's extra argument ("runtimes": real runtimes' state too). */
char *fixture_make_with(const char *extra);
/* Remove what fixture_make created and free the path. */
void fixture_remove(char *dir);

/* Rewrite PROC/PID/stat as mkproc.sh does, with another name, state,
 * start time and utime. 0 or -1. */
int fixture_write_stat(const char *proc, pid_t pid, const char *comm, char state,
		       unsigned long long start, unsigned long long utime);
/* Point PROC/PID/ns/TYPE at another inode. 0 or -1. */
int fixture_relink(const char *proc, pid_t pid, const char *type, unsigned long long ino);

/* A fixture with its proc root open, for a cmocka group. */
struct fixture {
	char *dir;			/* the temporary directory; owned */
	char proc[PATH_MAX];		/* dir/proc */
	char sysroot[PATH_MAX];		/* dir/root: runtime state files */
	struct procfs pfs;		/* open on proc */
};

/* cmocka group setup and teardown: *state becomes a struct fixture. */
int fixture_setup(void **state);
int fixture_teardown(void **state);

#endif
