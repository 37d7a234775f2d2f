// SPDX-License-Identifier: GPL-2.0-or-later
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
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"
#include "runstate.h"

static char dir[] = "/tmp/nskit-runstate.XXXXXX";

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

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(runstate_valid_name("web1"), 0);
	assert_int_equal(runstate_valid_name("a.b-c_D9"), 0);
	static const char *bad[] = { "", ".", "..", ".hidden", "-opt", "a/b", "a b", "a\nb",
				     "../etc", "x\x01" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(runstate_valid_name(bad[i]), -EINVAL);
	char longname[RUNSTATE_NAME_MAX + 1];
	memset(longname, 'a', RUNSTATE_NAME_MAX);
	longname[RUNSTATE_NAME_MAX] = '\0';
	assert_int_equal(runstate_valid_name(longname), -EINVAL);
	longname[RUNSTATE_NAME_MAX - 1] = '\0';
	assert_int_equal(runstate_valid_name(longname), 0);
	assert_string_equal(runstate_dir(), dir);
}

static void test_roundtrip_and_list(void **state)
{
	struct runstate a = {
		.name = "web1", .pid = 4242, .starttime = 123456, .launcher = 4241,
		.network = "front", .address = "10.88.0.2/24", .host_veth = "nsk0a1b2c",
		.cgroup = "/nskit/web1", .hostname = "web1", .rootfs = "/srv/rootfs",
		.command = "sleep inf", .created = 1790000000, .created_ns = NS_MASK(NS_NET),
		.state = "running", .launcher_start = 123400, .cgroup_made = "unified=2,memory=2",
		.workdir = "/srv/app", .host_ns = NS_MASK(NS_PID) | NS_MASK(NS_TIME),
		.image = "localhost/busybox:1", .image_id = "0123456789abcdef0123456789abcdef"
		"0123456789abcdef0123456789abcdef", .tty = true, .open_stdin = true,
		.auto_remove = true, .logs = true,
	}, b;
	char **names;
	size_t n;

	(void)state;
	assert_int_equal(runstate_save(&a), 0);
	assert_int_equal(runstate_load("web1", &b), 0);
	assert_memory_equal(&a, &b, sizeof(a));
	strcpy(a.name, "db");
	a.pid = 77;
	assert_int_equal(runstate_save(&a), 0);
	assert_int_equal(runstate_list(&names, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "db");
	assert_string_equal(names[1], "web1");
	runstate_names_free(names, n);
	assert_int_equal(runstate_remove("db"), 0);
	assert_int_equal(runstate_load("db", &b), -ENOENT);
	assert_int_equal(runstate_remove("db"), -ENOENT);
	assert_int_equal(runstate_load("../x", &b), -EINVAL);
}

/* A container's logs go with its record; its logs/ and rootfs/ are the owner's alone. */
static void test_subdirs(void **state)
{
	struct runstate a = { .name = "lg", .pid = 5, .state = "exited" }, b;
	struct stat sb;
	char **names;
	size_t n;
	int dfd, fd;

	(void)state;
	assert_int_equal(runstate_save(&a), 0);
	assert_int_equal(runstate_subdir(RUNSTATE_LOGS, false), -ENOENT);
	dfd = runstate_subdir(RUNSTATE_LOGS, true);
	assert_true(dfd >= 0);
	assert_int_equal(fstat(dfd, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0700);
	fd = openat(dfd, "lg", O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	fd = openat(dfd, "lg~", O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	/* "lg~" is no valid name, so no container's */
	assert_int_equal(runstate_subdir_list(RUNSTATE_LOGS, &names, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(names[0], "lg");
	runstate_names_free(names, n);
	assert_true(runstate_subdir(RUNSTATE_ROOTFS, true) >= 0);
	assert_int_equal(runstate_remove("lg"), 0);
	assert_int_equal(runstate_load("lg", &b), -ENOENT);
	assert_int_equal(faccessat(dfd, "lg", F_OK, 0), -1);
	assert_int_equal(faccessat(dfd, "lg~", F_OK, 0), -1);
}

/* Another directory of nsrun's (the image store), under the state directory's rules. */
static void test_trusted_other(void **state)
{
	struct runstate_check why;
	char path[256], link[300], msg[512];
	int fd, sub;

	(void)state;
	snprintf(path, sizeof(path), "%s/store/deep/images", dir);
	assert_int_equal(runstate_open_trusted(path, false, "image store", &why), -ENOENT);
	fd = runstate_open_trusted(path, true, "image store", &why);
	assert_true(fd >= 0);
	sub = runstate_open_trusted_at(fd, path, "tmp", true, 0700, 077, "image store", &why);
	assert_true(sub >= 0);
	close(sub);
	close(fd);
	/* writable by others: refused, and said so as the image store */
	assert_int_equal(chmod(path, 0777), 0);
	assert_int_equal(runstate_open_trusted(path, false, "image store", &why), -EPERM);
	runstate_check_str(&why, msg, sizeof(msg));
	assert_non_null(strstr(msg, "image store '"));
	assert_non_null(strstr(msg, "is writable by its group and others (mode 0777)"));
	assert_int_equal(chmod(path, 0755), 0);
	/* tmp/ open to others */
	fd = runstate_open_trusted(path, false, "image store", &why);
	assert_true(fd >= 0);
	snprintf(link, sizeof(link), "%s/tmp", path);
	assert_int_equal(chmod(link, 0750), 0);
	assert_int_equal(runstate_open_trusted_at(fd, path, "tmp", false, 0700, 077, "image store",
						  &why), -EPERM);
	assert_int_equal(why.fault, RUNSTATE_FAULT_OPEN);
	close(fd);
	/* reached through a symbolic link */
	snprintf(link, sizeof(link), "%s/store-link", dir);
	snprintf(path, sizeof(path), "%s/store", dir);
	assert_int_equal(symlink(path, link), 0);
	snprintf(path, sizeof(path), "%s/store-link/deep/images", dir);
	assert_int_equal(runstate_open_trusted(path, false, "image store", &why), -EPERM);
	assert_int_equal(why.fault, RUNSTATE_FAULT_SYMLINK);
	/* a relative path is no store */
	assert_int_equal(runstate_open_trusted("rel/images", true, "image store", &why), -EINVAL);
}

static void test_no_forged_keys(void **state)
{
	struct runstate a = { .name = "evil", .pid = 5 }, b;

	(void)state;
	strcpy(a.command, "sh\npid=1");
	assert_int_equal(runstate_save(&a), -EINVAL);
	assert_int_equal(runstate_load("evil", &b), -ENOENT);
}

static void write_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/containers/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_malformed(void **state)
{
	struct runstate b;

	(void)state;
	write_file("m1", "name=m1\npid=abc\n");
	assert_int_equal(runstate_load("m1", &b), -EINVAL);
	write_file("m2", "name=other\npid=5\n");
	assert_int_equal(runstate_load("m2", &b), -EINVAL);
	write_file("m3", "name=m3\n");
	assert_int_equal(runstate_load("m3", &b), -EINVAL);
	write_file("m4", "garbage\n");
	assert_int_equal(runstate_load("m4", &b), -EINVAL);
	write_file("m5", "name=m5\npid=9\nfuture_key=1\n# comment\n\n");
	assert_int_equal(runstate_load("m5", &b), 0);
	assert_int_equal(b.pid, 9);
	/* a value longer than its field */
	char big[400];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	char text[600];
	snprintf(text, sizeof(text), "name=m6\npid=3\nhost_veth=%s\n", big);
	write_file("m6", text);
	assert_int_equal(runstate_load("m6", &b), -EINVAL);
	/* a temporary file of a writer is not listed */
	write_file(".web1.123", "name=web1\npid=1\n");
	char **names;
	size_t n;
	assert_int_equal(runstate_list(&names, &n), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(names[i][0], '.');
	runstate_names_free(names, n);
}

static void test_alive(void **state)
{
	char *fx = fixture_make(), path[4200];
	struct procfs pfs;
	struct runstate st = { .name = "web1", .pid = 700, .starttime = 1700 };

	(void)state;
	assert_non_null(fx);
	snprintf(path, sizeof(path), "%s/proc", fx);
	assert_int_equal(procfs_open(&pfs, path), 0);
	/* the fixture's pid 700 started at 1000 + pid */
	assert_true(runstate_alive(&st, &pfs));
	st.starttime = 1;
	assert_false(runstate_alive(&st, &pfs));
	st.pid = 9999;
	assert_false(runstate_alive(&st, &pfs));
	procfs_close(&pfs);
	fixture_remove(fx);
}


/* A state directory of its own for a test: dir/NAME, made with mode (0: not made). */
static const char *use_dir(const char *name, mode_t mode)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (mode) {
		assert_int_equal(mkdir(path, 0700), 0);
		assert_int_equal(chmod(path, mode), 0);
	}
	setenv("NSKIT_STATE_DIR", path, 1);
	return path;
}

static void sub(const char *base, const char *name, mode_t mode)
{
	char path[600];

	snprintf(path, sizeof(path), "%s/%s", base, name);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(chmod(path, mode), 0);
}

/* runstate_open()'s verdict, in words */
static const char *verdict(void)
{
	static char msg[PATH_MAX + 128];
	struct runstate_check why;

	if (runstate_open(&why) == 0)
		return "ok";
	runstate_check_str(&why, msg, sizeof(msg));
	return msg;
}

/* The verdict is "state directory 'D" and the rest. */
static void assert_verdict(const char *d, const char *rest)
{
	char want[PATH_MAX + 128];

	snprintf(want, sizeof(want), "state directory '%s%s", d, rest);
	assert_string_equal(verdict(), want);
}

static void test_trust_own(void **state)
{
	struct runstate st = { .name = "x", .pid = 5 };
	char link[600];
	const char *d;

	(void)state;
	/* made when missing, and then fine */
	d = use_dir("fresh", 0);
	assert_string_equal(verdict(), "ok");
	assert_int_equal(runstate_save(&st), 0);

	/* others may write to it: planted records would be acted on */
	d = use_dir("sticky", 01777);
	assert_verdict(d, "' is writable by its group and others (mode 1777)");
	assert_int_equal(runstate_save(&st), -EPERM);
	assert_int_equal(runstate_lock(), -EPERM);

	/* ... or a subdirectory is */
	d = use_dir("subgrp", 0755);
	sub(d, "containers", 0775);
	assert_verdict(d, "/containers' is writable by its group (mode 0775)");

	/* a subdirectory that is a symbolic link: what it points to would be written */
	d = use_dir("sublink", 0755);
	snprintf(link, sizeof(link), "%s/hosts", d);
	assert_int_equal(symlink("/tmp", link), 0);
	assert_verdict(d, "/hosts' is, or is reached through, a symbolic link");

	/* private/ is the owner's alone */
	d = use_dir("private", 0755);
	sub(d, "private", 0711);
	assert_verdict(d, "/private' is open by its group and others (mode 0711)");

	/* the directory itself a symbolic link, or reached through one */
	d = use_dir("real", 0755);
	snprintf(link, sizeof(link), "%s/link", dir);
	assert_int_equal(symlink(d, link), 0);
	setenv("NSKIT_STATE_DIR", link, 1);
	assert_int_equal(runstate_open(NULL), -EPERM);
	snprintf(link, sizeof(link), "%s/link/below", dir);
	setenv("NSKIT_STATE_DIR", link, 1);
	assert_int_equal(runstate_open(NULL), -EPERM);
	assert_int_equal(runstate_save(&st), -EPERM);

	/* someone else's */
	if (geteuid() == 0) {
		d = use_dir("nobodys", 0755);
		assert_int_equal(chown(d, 65534, 65534), 0);
		assert_verdict(d, "' belongs to uid 65534, not to uid 0");
	}
	use_dir("", 0);
}

static int notices;

static void count_notice(const char *msg)
{
	notices++;
	assert_non_null(strstr(msg, "ignoring nsrun's records: state directory"));
}

static void test_trust_read(void **state)
{
	struct runstate st = { .name = "web1", .pid = 5 }, b;
	struct runstate_check why;
	char **names;
	size_t n;
	const char *d;

	(void)state;
	runstate_notice = count_notice;
	/* none at all: no containers, nothing to say */
	use_dir("absent", 0);
	assert_int_equal(runstate_open_read(&why), -ENOENT);
	assert_int_equal(runstate_list(&names, &n), 0);
	assert_int_equal(n, 0);

	d = use_dir("readable", 0755);
	assert_int_equal(runstate_save(&st), 0);
	/* another directory, then back: read this time */
	use_dir("absent", 0);
	assert_int_equal(runstate_open_read(NULL), -ENOENT);
	use_dir("readable", 0);
	assert_int_equal(runstate_open_read(&why), 1);
	assert_int_equal(runstate_load("web1", &b), 0);

	/* the same records in a directory others may write to: ignored, said once */
	d = use_dir("planted", 0755);
	assert_int_equal(runstate_save(&st), 0);
	assert_int_equal(chmod(d, 0777), 0);
	use_dir("absent", 0);
	assert_int_equal(runstate_open_read(NULL), -ENOENT);
	use_dir("planted", 0);
	assert_int_equal(runstate_open_read(&why), 0);
	assert_int_equal(why.fault, RUNSTATE_FAULT_WRITABLE);
	assert_int_equal(runstate_open_read(&why), 0);
	assert_int_equal(runstate_load("web1", &b), -EPERM);
	assert_int_equal(runstate_list(&names, &n), -EPERM);
	assert_int_equal(notices, 1);
	assert_int_equal(chmod(d, 0755), 0);

	if (geteuid() == 0) {
		/* root's tools trust root's records only */
		d = use_dir("others", 0755);
		assert_int_equal(chown(d, 65534, 65534), 0);
		assert_int_equal(runstate_open_read(&why), 0);
		assert_int_equal(why.fault, RUNSTATE_FAULT_OWNER);
		assert_int_equal(why.uid, 65534);
	}
	runstate_notice = NULL;
	use_dir("", 0);
}

static void test_relative_dir(void **state)
{
	struct runstate st = { .name = "rel", .pid = 5 };
	char cwd[PATH_MAX], want[PATH_MAX + 64];
	struct stat sb;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	setenv("NSKIT_STATE_DIR", "relstate", 1);
	snprintf(want, sizeof(want), "%s/relstate", dir);
	assert_string_equal(runstate_dir(), want);
	/* a launcher that moves on keeps its directory */
	assert_int_equal(chdir("/"), 0);
	assert_string_equal(runstate_dir(), want);
	assert_int_equal(runstate_save(&st), 0);
	snprintf(want, sizeof(want), "%s/relstate/containers/rel", dir);
	assert_int_equal(stat(want, &sb), 0);
	assert_int_equal(chdir(cwd), 0);
	use_dir("", 0);
}

static void put_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_no_link_followed(void **state)
{
	struct runstate st = { .name = "web1", .pid = 5 }, b;
	char victim[600], path[600];
	const char *d;
	struct stat sb;
	int fd;

	(void)state;
	d = use_dir("links", 0755);
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	put_text(victim, "name=web1\npid=1\n");
	assert_int_equal(runstate_save(&st), 0);

	/* a record that is a symbolic link is not read, and a save replaces the link */
	snprintf(path, sizeof(path), "%s/containers/web1", d);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink(victim, path), 0);
	assert_int_equal(runstate_load("web1", &b), -ELOOP);
	assert_int_equal(runstate_save(&st), 0);
	assert_int_equal(lstat(path, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));

	/* a hosts file that is a link to another file: not written, not bound */
	assert_int_equal(runstate_hosts_write("web1", "127.0.0.1 web1\n", 15), 0);
	fd = runstate_hosts_open("web1");
	assert_true(fd >= 0);
	close(fd);
	snprintf(path, sizeof(path), "%s/hosts/web1", d);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(link(victim, path), 0);
	assert_int_equal(runstate_hosts_write("web1", "x\n", 2), -EPERM);
	assert_int_equal(runstate_hosts_open("web1"), -EPERM);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink(victim, path), 0);
	assert_int_equal(runstate_hosts_write("web1", "x\n", 2), -ELOOP);
	assert_true(runstate_hosts_open("web1") < 0);
	/* and its removal removes the link, not what it points to */
	assert_int_equal(runstate_remove("web1"), 0);
	assert_int_equal(lstat(path, &sb), -1);
	assert_int_equal(stat(victim, &sb), 0);
	assert_int_equal(sb.st_size, 16);
	use_dir("", 0);
}

static void test_sweep_temp(void **state)
{
	struct runstate st = { .name = "web1", .pid = 5 };
	char dead[600], mine[600], odd[600];
	const char *d;
	pid_t child;

	(void)state;
	d = use_dir("temp", 0755);
	assert_int_equal(runstate_save(&st), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0)
		_exit(0);
	assert_int_equal(waitpid(child, NULL, 0), child);
	/* a writer that died half-way, one that lives, and a dot file of no writer */
	snprintf(dead, sizeof(dead), "%s/containers/.web1.%d", d, (int)child);
	snprintf(mine, sizeof(mine), "%s/containers/.web1.%d", d, (int)getpid());
	snprintf(odd, sizeof(odd), "%s/containers/.web1.x", d);
	put_text(dead, "name=web1\n");
	put_text(mine, "name=web1\n");
	put_text(odd, "name=web1\n");
	assert_int_equal(runstate_sweep_temp(), 1);
	assert_int_equal(access(dead, F_OK), -1);
	assert_int_equal(access(mine, F_OK), 0);
	assert_int_equal(access(odd, F_OK), 0);
	use_dir("", 0);
}

static void test_lock_bounded(void **state)
{
	struct timespec t0, t1;
	char path[600];
	struct stat sb;
	int fd, status, p[2], hold[2];
	pid_t child;
	char c;
	double took;

	(void)state;
	use_dir("lock", 0755);
	assert_int_equal(pipe(p), 0);
	assert_int_equal(pipe(hold), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		int held = runstate_lock();

		/* held: say so, then hold it until the parent closes its end of hold */
		close(hold[1]);
		if (held < 0 || write(p[1], "h", 1) != 1)
			_exit(1);
		(void)!read(hold[0], &c, 1);
		_exit(0);
	}
	close(p[1]);
	close(hold[0]);
	assert_int_equal(read(p[0], &c, 1), 1);
	/* nobody else may open it, let alone hold it */
	snprintf(path, sizeof(path), "%s/lock/private", dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	snprintf(path, sizeof(path), "%s/lock/private/lock", dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);

	setenv("NSKIT_LOCK_TIMEOUT", "0.3", 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fd = runstate_lock();
	clock_gettime(CLOCK_MONOTONIC, &t1);
	took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_int_equal(fd, -ETIMEDOUT);
	assert_true(took >= 0.29 && took < 2);
	assert_int_equal(runstate_lock_holder(), child);
	/* 0: do not wait at all */
	setenv("NSKIT_LOCK_TIMEOUT", "0", 1);
	assert_int_equal(runstate_lock(), -ETIMEDOUT);
	unsetenv("NSKIT_LOCK_TIMEOUT");

	close(p[0]);
	close(hold[1]);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	fd = runstate_lock();
	assert_true(fd >= 0);
	assert_int_equal(runstate_lock_holder(), 0);
	runstate_unlock(fd);
	use_dir("", 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_roundtrip_and_list),
		cmocka_unit_test(test_subdirs),
		cmocka_unit_test(test_trusted_other),
		cmocka_unit_test(test_no_forged_keys),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_alive),
		cmocka_unit_test(test_trust_own),
		cmocka_unit_test(test_trust_read),
		cmocka_unit_test(test_relative_dir),
		cmocka_unit_test(test_no_link_followed),
		cmocka_unit_test(test_sweep_temp),
		cmocka_unit_test(test_lock_bounded),
	};

	return cmocka_run_group_tests_name("runstate", tests, setup, teardown);
}
