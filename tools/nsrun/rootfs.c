// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `nsrun rootfs DIR`: a minimal root file system for --rootfs, from
 * Debian's busybox-static: the binary, a link per applet at the path
 * busybox itself gives (--list-full), the directories a container mounts
 * on, and /etc/passwd, group and hosts. It must be static: the container
 * has no libraries.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "nsrun.h"

#define DEFAULT_BUSYBOX "/bin/busybox"

/*
 * Is the ELF file at fd statically linked? A dynamic executable has a
 * PT_INTERP program header naming its loader; a static one has none.
 */
static int is_static_elf(int fd)
{
	Elf64_Ehdr eh;

	if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0)
		return -ENOEXEC;
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_phentsize != sizeof(Elf64_Phdr) ||
	    eh.e_phnum > 256)
		return -ENOEXEC;
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + i * sizeof(ph))) !=
		    (ssize_t)sizeof(ph))
			return -ENOEXEC;
		if (ph.p_type == PT_INTERP)
			return 0;
	}
	return 1;
}

/* Copy the file at src (an open fd) to dirfd/name, mode 0755. */
static int copy_file(int src, int dirfd, const char *name)
{
	char buf[65536];
	off_t off = 0;
	int dst, rc = 0;

	dst = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0755);
	if (dst < 0)
		return -errno;
	for (;;) {
		ssize_t n = pread(src, buf, sizeof(buf), off), w = 0;

		if (n < 0) {
			rc = -errno;
			break;
		}
		if (n == 0)
			break;
		while (w < n) {
			ssize_t k = write(dst, buf + w, (size_t)(n - w));

			if (k < 0) {
				rc = -errno;
				break;
			}
			w += k;
		}
		if (rc)
			break;
		off += n;
	}
	if (fchmod(dst, 0755) < 0 && !rc)
		rc = -errno;
	if (close(dst) < 0 && !rc)
		rc = -errno;
	return rc;
}

/* Write a small file dirfd/name. */
static int write_text(int dirfd, const char *name, const char *text, mode_t mode)
{
	size_t len = strlen(text);
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	if (close(fd) < 0 || n != (ssize_t)len)
		return n < 0 ? -errno : -EIO;
	return 0;
}

/* mkdir -p of a relative path under dirfd. */
static int mkdirs_at(int dirfd, const char *rel, mode_t mode)
{
	char path[PATH_MAX];
	size_t len = strlen(rel);

	if (len >= sizeof(path))
		return -ENAMETOOLONG;
	memcpy(path, rel, len + 1);
	for (size_t i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdirat(dirfd, path, mode) < 0 && errno != EEXIST)
			return -errno;
		if (i < len)
			path[i] = '/';
	}
	return 0;
}

/* busybox --list-full: "bin/ls\nsbin/ifconfig\n...", malloc'ed. */
static char *list_applets(const char *busybox)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int p[2], status;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return NULL;
	pid = fork();
	if (pid < 0)
		return NULL;
	if (pid == 0) {
		dup2(p[1], STDOUT_FILENO);
		execl(busybox, "busybox", "--list-full", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	for (;;) {
		ssize_t n;

		if (cap - len < 4096) {
			char *nb = realloc(buf, cap + 65536);

			if (!nb)
				break;
			buf = nb;
			cap += 65536;
		}
		n = read(p[0], buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!buf || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

int nsrun_cmd_rootfs(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "busybox", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct {
		const char *path;
		mode_t mode;
	} dirs[] = {
		{ "bin", 0755 },     { "sbin", 0755 },	  { "usr/bin", 0755 }, { "usr/sbin", 0755 },
		{ "etc", 0755 },     { "proc", 0555 },	  { "sys", 0555 },     { "dev", 0755 },
		{ "tmp", 01777 },    { "root", 0700 },	  { "home", 0755 },    { "var/tmp", 01777 },
		{ "run", 0755 },     { "mnt", 0755 },
	};
	static const struct {
		const char *name;
		const char *text;
	} files[] = {
		{ "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"
				"nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n" },
		{ "etc/group", "root:x:0:\nnogroup:x:65534:\n" },
		{ "etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n" },
		{ "etc/hostname", "nsrun\n" },
	};
	const char *busybox = DEFAULT_BUSYBOX, *dir;
	char *applets, *line, *save = NULL;
	int c, rc, bb, dfd;
	size_t nlinks = 0;
	struct stat sb;

	while ((c = getopt_long(argc, argv, "b:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			busybox = optarg;
			break;
		case 'h':
			printf("Usage: %s rootfs [--busybox <path>] <dir>\n\nMake a minimal root "
			       "file system in <dir> (new, or empty) from a static busybox\n"
			       "(default %s, from Debian's busybox-static).\n", cli_name,
			       DEFAULT_BUSYBOX);
			return EXIT_SUCCESS;
		default:
			cli_try_help();
		}
	}
	if (optind + 1 != argc)
		nsrun_die("rootfs: expected one directory");
	dir = argv[optind];

	bb = open(busybox, O_RDONLY | O_CLOEXEC);
	if (bb < 0)
		nsrun_die_errno(-errno, "cannot open '%s' (install busybox-static)", busybox);
	rc = is_static_elf(bb);
	if (rc < 0)
		nsrun_die("'%s' is not an ELF executable", busybox);
	if (rc == 0)
		nsrun_die("'%s' is dynamically linked: a container root has no libraries "
			  "(install busybox-static)", busybox);

	/* a new directory, or an empty one: never mix into someone's tree */
	if (mkdir(dir, 0755) < 0) {
		if (errno != EEXIST)
			nsrun_die_errno(-errno, "cannot create '%s'", dir);
		if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode))
			nsrun_die("'%s' exists and is not a directory", dir);
		if (rmdir(dir) == 0) {
			if (mkdir(dir, 0755) < 0)
				nsrun_die_errno(-errno, "cannot create '%s'", dir);
		} else if (errno == ENOTEMPTY || errno == EEXIST) {
			nsrun_die("'%s' is not empty", dir);
		}
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		nsrun_die_errno(-errno, "cannot open '%s'", dir);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		rc = mkdirs_at(dfd, dirs[i].path, 0755);
		if (!rc && fchmodat(dfd, dirs[i].path, dirs[i].mode, 0) < 0)
			rc = -errno;
		if (rc < 0)
			nsrun_die_errno(rc, "cannot create '%s/%s'", dir, dirs[i].path);
	}
	rc = copy_file(bb, dfd, "bin/busybox");
	close(bb);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot copy '%s' to '%s/bin/busybox'", busybox, dir);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		rc = write_text(dfd, files[i].name, files[i].text, 0644);
		if (rc < 0)
			nsrun_die_errno(rc, "cannot write '%s/%s'", dir, files[i].name);
	}

	applets = list_applets(busybox);
	if (!applets)
		nsrun_die("cannot list the applets of '%s'", busybox);
	for (line = strtok_r(applets, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char parent[PATH_MAX];
		const char *slash = strrchr(line, '/');

		/* "usr/bin/wget": relative, without "..": anything else is not an applet path */
		if (line[0] == '/' || strstr(line, "..") || !slash || strcmp(line, "bin/busybox") == 0)
			continue;
		snprintf(parent, sizeof(parent), "%.*s", (int)(slash - line), line);
		rc = mkdirs_at(dfd, parent, 0755);
		if (rc < 0)
			nsrun_die_errno(rc, "cannot create '%s/%s'", dir, parent);
		if (symlinkat("/bin/busybox", dfd, line) < 0 && errno != EEXIST)
			nsrun_die_errno(-errno, "cannot create '%s/%s'", dir, line);
		nlinks++;
	}
	free(applets);
	close(dfd);
	printf("%s: busybox with %zu applets\n", dir, nlinks);
	return EXIT_SUCCESS;
}
