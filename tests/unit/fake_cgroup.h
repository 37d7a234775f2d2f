/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test helpers for cgroups: mountinfo texts, and fake hierarchies of
 * plain directories in a temporary directory, for the tests of
 * common/cgroup.c and of nsrun's tools/nsrun/cgroup_write.c.
 */
#ifndef NSKIT_TEST_FAKE_CGROUP_H
#define NSKIT_TEST_FAKE_CGROUP_H

#include "cgroup.h"

/* The development machine's mountinfo: v1 controllers, and a v2 tree with none of them. */
extern const char fake_cgroup_hybrid[];

/* The temporary directory of a group, between setup and teardown. */
extern char fake_cgroup_dir[];

/* cmocka group setup and teardown: make fake_cgroup_dir, and remove it with all in it. */
int fake_cgroup_setup(void **state);
int fake_cgroup_teardown(void **state);

/* Write text to path, which must then exist. */
void fake_cgroup_put(const char *path, const char *text);

/* A fake v2 hierarchy at fake_cgroup_dir/v2 with controllers, as its mountinfo line says. */
void fake_cgroup_v2(struct cgroup_layout *l, const char *controllers);

#endif
