/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helpers: a fake proc tree made by tests/fixtures/mkproc.sh. */
#ifndef NSKIT_TEST_FIXTURE_H
#define NSKIT_TEST_FIXTURE_H

/* Create a temporary directory holding proc/ and root/; returns its path
 * (malloc'ed) or NULL. NSKIT_SRCDIR names the source tree (default "."). */
char *fixture_make(void);
/* Remove what fixture_make created and free the path. */
void fixture_remove(char *dir);

#endif
