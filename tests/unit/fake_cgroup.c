// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fake_cgroup.h"

const char fake_cgroup_hybrid[] =
	"25 1 252:0 / / rw,relatime - ext4 /dev/vda rw\n"
	"30 25 0:26 / /sys/fs/cgroup ro,nosuid,nodev,noexec - tmpfs tmpfs ro,mode=755\n"
	"31 30 0:27 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 "
	"cgroup2 rw,nsdelegate\n"
	"32 30 0:28 / /sys/fs/cgroup/systemd rw,nosuid - cgroup cgroup rw,xattr,name=systemd\n"
	"33 30 0:29 / /sys/fs/cgroup/cpu rw,nosuid - cgroup cgroup rw,cpu\n"
	"34 30 0:30 / /sys/fs/cgroup/cpuacct rw,nosuid - cgroup cgroup rw,cpuacct\n"
	"35 30 0:31 / /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory\n"
	"36 30 0:32 / /sys/fs/cgroup/pids rw,nosuid - cgroup cgroup rw,pids\n"
	"37 30 0:33 / /sys/fs/cgroup/freezer rw,nosuid - cgroup cgroup rw,freezer\n";

char fake_cgroup_dir[] = "/tmp/nskit-cgroup.XXXXXX";

int fake_cgroup_setup(void **state)
{
	(void)state;
	return mkdtemp(fake_cgroup_dir) ? 0 : -1;
}

int fake_cgroup_teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fake_cgroup_dir);
	return system(cmd) == 0 ? 0 : -1;
}

void fake_cgroup_put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

void fake_cgroup_v2(struct cgroup_layout *l, const char *controllers)
{
	char dir[256], mi[512];

	snprintf(dir, sizeof(dir), "%s/v2", fake_cgroup_dir);
	mkdir(dir, 0755);
	snprintf(mi, sizeof(mi), "%s/cgroup.controllers", dir);
	fake_cgroup_put(mi, controllers);
	snprintf(mi, sizeof(mi), "31 30 0:27 / %s rw,nosuid - cgroup2 cgroup2 rw\n", dir);
	assert_int_equal(cgroup_layout_load(l, mi, strlen(mi), true), 0);
	assert_int_equal(l->n, 1);
	assert_true(l->fake);
}
