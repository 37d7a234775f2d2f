// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * common/runstate.c, what nsrun added: exclusive creation, network records,
 * hosts files, the lock, the launcher's liveness, the state directory's
 * owner check. (test_runstate.c covers the container records themselves.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "procfs.h"
#include "runstate.h"

static char dir[] = "/tmp/nskit-runstate-net.XXXXXX";

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	setenv("NSKIT_STATE_DIR", dir, 1);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_create_exclusive(void **state)
{
	struct runstate a = { .name = "web1", .pid = 10, .launcher = 9, .state = "creating",
			      .launcher_start = 77, .cgroup = "/nskit/web1",
			      .cgroup_made = "unified=2,cpu+cpuacct=2" },
			b;

	(void)state;
	assert_int_equal(runstate_create(&a), 0);
	assert_int_equal(runstate_create(&a), -EEXIST);
	assert_int_equal(runstate_load("web1", &b), 0);
	assert_string_equal(b.state, "creating");
	assert_int_equal(b.launcher_start, 77);
	assert_string_equal(b.cgroup_made, "unified=2,cpu+cpuacct=2");
	/* save replaces */
	strcpy(a.state, RUNSTATE_RUNNING);
	assert_int_equal(runstate_save(&a), 0);
	assert_int_equal(runstate_load("web1", &b), 0);
	assert_string_equal(b.state, "running");
	/* no temporary files are left behind */
	{
		char **names;
		size_t n;

		assert_int_equal(runstate_list(&names, &n), 0);
		assert_int_equal(n, 1);
		runstate_names_free(names, n);
	}
	assert_int_equal(runstate_remove("web1"), 0);
}

static void test_hosts_file_goes_with_record(void **state)
{
	struct runstate a = { .name = "db", .pid = 10 };
	char path[512], hdir[512];
	FILE *f;

	(void)state;
	assert_int_equal(runstate_hosts_path("db", path, sizeof(path)), 0);
	snprintf(hdir, sizeof(hdir), "%s/hosts/db", dir);
	assert_string_equal(path, hdir);
	assert_int_equal(runstate_hosts_path("../x", path, sizeof(path)), -EINVAL);
	assert_int_equal(runstate_save(&a), 0);
	snprintf(hdir, sizeof(hdir), "%s/hosts", dir);
	mkdir(hdir, 0755);
	runstate_hosts_path("db", path, sizeof(path));
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(runstate_remove("db"), 0);
	assert_int_equal(access(path, F_OK), -1);
}

/* Field by field: the padding of a struct is not part of what was saved. */
static void assert_net_equal(const struct runstate_net *a, const struct runstate_net *b)
{
	assert_string_equal(a->name, b->name);
	assert_string_equal(a->bridge, b->bridge);
	assert_string_equal(a->subnet, b->subnet);
	assert_string_equal(a->gateway, b->gateway);
	assert_int_equal(a->created_explicitly, b->created_explicitly);
	assert_int_equal(a->created, b->created);
}

static void test_networks(void **state)
{
	struct runstate_net n = { .name = "front", .bridge = "nsk-front", .subnet = "10.88.0.0/24",
				  .gateway = "10.88.0.1", .created_explicitly = true,
				  .created = 1790000000 },
			    m;
	char **names;
	size_t cnt;

	(void)state;
	assert_int_equal(runstate_net_load("front", &m), -ENOENT);
	assert_int_equal(runstate_net_create(&n), 0);
	assert_int_equal(runstate_net_create(&n), -EEXIST);
	assert_int_equal(runstate_net_load("front", &m), 0);
	assert_net_equal(&n, &m);
	strcpy(n.name, "back");
	n.created_explicitly = false;
	assert_int_equal(runstate_net_save(&n), 0);
	assert_int_equal(runstate_net_list(&names, &cnt), 0);
	assert_int_equal(cnt, 2);
	assert_string_equal(names[0], "back");
	assert_string_equal(names[1], "front");
	runstate_names_free(names, cnt);
	assert_int_equal(runstate_net_load("back", &m), 0);
	assert_false(m.created_explicitly);
	assert_int_equal(runstate_net_remove("back"), 0);
	assert_int_equal(runstate_net_remove("front"), 0);
	assert_int_equal(runstate_net_remove("front"), -ENOENT);
	assert_int_equal(runstate_net_load("a/b", &m), -EINVAL);

	/* a record without its bridge or subnet is not a network */
	{
		char path[512];
		FILE *f;

		snprintf(path, sizeof(path), "%s/networks/odd", dir);
		f = fopen(path, "w");
		assert_non_null(f);
		fputs("name=odd\nsubnet=10.0.0.0/24\n", f);
		fclose(f);
		assert_int_equal(runstate_net_load("odd", &m), -EINVAL);
		unlink(path);
	}
}

static void test_lock(void **state)
{
	char path[512];
	int fd, status;
	pid_t pid;

	(void)state;
	fd = runstate_lock();
	assert_true(fd >= 0);
	snprintf(path, sizeof(path), "%s/private/lock", dir);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int f;

		/* the inherited fd shares the parent's lock: not ours to hold */
		close(fd);
		f = open(path, O_RDWR | O_CLOEXEC);
		/* held by the parent: taken only after it lets go */
		if (f < 0 || flock(f, LOCK_EX | LOCK_NB) == 0 || errno != EWOULDBLOCK)
			_exit(1);
		if (flock(f, LOCK_EX) < 0)
			_exit(2);
		_exit(0);
	}
	usleep(100000);
	runstate_unlock(fd);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_launcher_alive(void **state)
{
	struct runstate st = { .name = "x", .pid = 1 };
	struct procfs pfs;
	struct proc_stat ps;

	(void)state;
	assert_int_equal(procfs_open(&pfs, NULL), 0);
	assert_int_equal(procfs_read_stat(&pfs, getpid(), &ps), 0);
	st.launcher = getpid();
	st.launcher_start = ps.starttime;
	assert_true(runstate_launcher_alive(&st, &pfs));
	/* the same pid, another start: a recycled pid */
	st.launcher_start = ps.starttime + 1;
	assert_false(runstate_launcher_alive(&st, &pfs));
	/* an old record without a start time trusts the pid */
	st.launcher_start = 0;
	assert_true(runstate_launcher_alive(&st, &pfs));
	st.launcher = 0;
	assert_false(runstate_launcher_alive(&st, &pfs));
	procfs_close(&pfs);
}

static void test_dir_must_be_ours(void **state)
{
	struct runstate a = { .name = "evil", .pid = 5 };
	char link[512];

	(void)state;
	/* a state directory that is a symlink is refused by writers */
	snprintf(link, sizeof(link), "%s/link", dir);
	assert_int_equal(symlink(dir, link), 0);
	setenv("NSKIT_STATE_DIR", link, 1);
	assert_int_equal(runstate_save(&a), -EPERM);
	assert_int_equal(runstate_lock(), -EPERM);
	setenv("NSKIT_STATE_DIR", dir, 1);
	unlink(link);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_exclusive),
		cmocka_unit_test(test_hosts_file_goes_with_record),
		cmocka_unit_test(test_networks),
		cmocka_unit_test(test_lock),
		cmocka_unit_test(test_launcher_alive),
		cmocka_unit_test(test_dir_must_be_ours),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
