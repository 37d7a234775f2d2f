// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsrun-load: `nsrun image load FILE`, an image file into the store,
 * offline. A program of its own, which nsrun execs: libarchive and the
 * libraries it loads (libxml2, ICU, libstdc++...) would cost every start
 * of nsrun, a container's launch among them, a good part of its time.
 *
 * FILE is an OCI image layout (a directory, or a tar archive of one:
 * podman save --format oci-archive, skopeo copy oci-archive:) or what
 * `docker save` writes (manifest.json, a config and layer tars; podman
 * save --format docker-archive), compressed or not: libarchive reads
 * tar, gzip, zstd, xz. An archive's members are first copied into a
 * directory of the load's own in the store (the blobs must be read in
 * the manifest's order, not the archive's), by number, never by their
 * names, which are looked up in a table instead.
 *
 * Each blob is checked against its digest (a layout's descriptors; a
 * docker save layer against its diff_id) as it is read: a damaged,
 * truncated or altered file is refused, as is one whose JSON is not what
 * it must be. The layers are applied in order onto one directory, the
 * image's root: modes, owners, device nodes, extended attributes and
 * times kept, ".wh.NAME" removing NAME of the layers below, ".wh..wh..opq"
 * emptying a directory of what the layers below had in it.
 *
 * Security: a layer is someone else's tar. Its entries are written
 * beneath the image's root only: every path is resolved with openat2's
 * RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS, so an entry below a symbolic
 * link that an earlier entry made is refused, never written through it;
 * an entry with "..", an absolute one, a link to outside the root, and a
 * hard link to outside are refused. The first refusal ends the load with
 * one line, and what was written goes with the load's directory: nothing
 * is left outside the store, nor half an image in it.
 *
 * Rootless: the load runs as root of a user namespace mapped as the
 * user's containers are, so that the files belong to the ids they name
 * (those it does not map belong to root, the user, with a note); device
 * nodes cannot be made there and are left out, with a note.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <nettle/sha2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "fsutil.h"
#include "hashmap.h"
#include "image.h"
#include "nsrun.h"
#include "procfs.h"

/* ------------------------------------------------------------- the file */

/* A member of an archive: a file copied into the load's directory, or a link to another. */
struct member {
	char *path;		/* cleaned */
	char *link;		/* cleaned: another member's path, or NULL */
	int idx;		/* the copy, "m<idx>" in the load's src/ */
};

/* What is loaded: a layout directory, or an archive's members. */
struct source {
	int dirfd;		/* the layout, or the load's src/ */
	bool archive;
	struct member *m;
	size_t n;
	const char *what;	/* the file, for messages */
};

/* The load in progress. */
struct load {
	struct source src;
	int tmp;		/* the store's tmp/ */
	char dir[64];		/* "load.PID.N" in tmp/ */
	int dirfd;		/* it */
	bool quiet;
	bool rootless;		/* run by an unprivileged user (in a user namespace of its own) */
	const char *file;
	/* notes, said once at the end of each image */
	unsigned long devices, owners, xattrs;
	int loaded;
};

static struct load *current;

/* nsrun_die()'s hook: what the load wrote goes (never half an image in the store). */
static void load_abort(void *data)
{
	struct load *ld = data;

	if (ld->dirfd >= 0) {
		close(ld->dirfd);
		ld->dirfd = -1;
		fsutil_remove_tree(ld->tmp, ld->dir);
	}
}

static void __attribute__((noreturn, format(printf, 1, 2))) refuse(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nsrun_die("cannot load '%s': %s", current ? current->file : "?", msg);
}

/* A name of a file, printable whatever it holds (control characters as '?'). */
static const char *shown(const char *s, char *buf, size_t size)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < size; i++)
		buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	buf[i] = '\0';
	return buf;
}

static int cmp_member(const void *a, const void *b)
{
	return strcmp(((const struct member *)a)->path, ((const struct member *)b)->path);
}

static struct member *find_member(struct source *s, const char *path)
{
	struct member key = { .path = (char *)path };

	return s->n ? bsearch(&key, s->m, s->n, sizeof(*s->m), cmp_member) : NULL;
}

/* The archive's members, copied into src/ (files) or noted (links): no name is made on disk. */
static void read_archive(struct load *ld, int fd)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	size_t cap = 0;
	int srcfd, r, count = 0;

	if (!a)
		nsrun_die("out of memory");
	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	if (archive_read_open_fd(a, fd, 65536) != ARCHIVE_OK)
		refuse("not a tar archive: %s", archive_error_string(a));
	srcfd = fsutil_mkdir_open(ld->dirfd, "src", 0700, false);
	if (srcfd < 0)
		nsrun_die_errno(srcfd, "cannot make the load's directory");
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e), *link;
		char path[PATH_MAX], buf[PATH_MAX];
		struct member *m;
		mode_t type = archive_entry_filetype(e);

		if (!name || imgspec_entry_path(name, path, sizeof(path)) < 0)
			refuse("its member '%s' lies outside it", name ? shown(name, buf, sizeof(buf)) :
									   "");
		if (type == AE_IFDIR || !path[0])
			continue;
		if (type != AE_IFREG && type != AE_IFLNK)
			continue;
		if (ld->src.n == cap) {
			cap = cap ? cap * 2 : 64;
			ld->src.m = realloc(ld->src.m, cap * sizeof(*ld->src.m));
			if (!ld->src.m)
				nsrun_die("out of memory");
		}
		m = &ld->src.m[ld->src.n];
		memset(m, 0, sizeof(*m));
		m->path = strdup(path);
		if (!m->path)
			nsrun_die("out of memory");
		link = archive_entry_hardlink(e);
		if (!link && type == AE_IFLNK) {
			/* docker save's "ID/layer.tar -> ../ID2.tar": relative to its directory */
			const char *t = archive_entry_symlink(e);

			if (imgspec_link_resolve(path, t, buf, sizeof(buf)) < 0)
				refuse("its member '%s' is a link out of it",
				       shown(path, buf, sizeof(buf)));
			link = t;
			m->link = strdup(buf);
		} else if (link) {
			if (imgspec_entry_path(link, buf, sizeof(buf)) < 0)
				refuse("its member '%s' is a link out of it", shown(path, buf, sizeof(buf)));
			m->link = strdup(buf);
		}
		if (link && !m->link)
			nsrun_die("out of memory");
		if (!link) {
			char copy[32];
			int out;

			m->idx = count++;
			snprintf(copy, sizeof(copy), "m%d", m->idx);
			out = fsutil_open_beneath(srcfd, copy, O_WRONLY | O_CREAT | O_EXCL, 0600);
			if (out < 0)
				nsrun_die_errno(out, "cannot copy a member of '%s'", ld->file);
			r = archive_read_data_into_fd(a, out);
			if (close(out) < 0 || r != ARCHIVE_OK)
				refuse("its member '%s' cannot be read (truncated or damaged?): %s",
				       shown(path, buf, sizeof(buf)), archive_error_string(a) ?
				       archive_error_string(a) : strerror(errno));
		}
		ld->src.n++;
	}
	if (r != ARCHIVE_EOF)
		refuse("it cannot be read (truncated or damaged?): %s", archive_error_string(a));
	archive_read_free(a);
	qsort(ld->src.m, ld->src.n, sizeof(*ld->src.m), cmp_member);
	for (size_t i = 1; i < ld->src.n; i++)
		if (strcmp(ld->src.m[i - 1].path, ld->src.m[i].path) == 0)
			refuse("it holds '%s' twice", ld->src.m[i].path);
	ld->src.dirfd = srcfd;
	ld->src.archive = true;
}

/* Open a file of the image (a path of the layout), read-only; its size in *size. */
static int src_open(struct source *s, const char *path, uint64_t *size)
{
	char clean[PATH_MAX];
	struct stat sb;
	int fd;

	if (imgspec_entry_path(path, clean, sizeof(clean)) < 0 || !clean[0])
		return -EINVAL;
	if (s->archive) {
		struct member *m = NULL;
		char copy[32];

		/* a chain of links, each to another member, and short */
		for (int hops = 0; hops < 8; hops++) {
			m = find_member(s, clean);
			if (!m || !m->link)
				break;
			snprintf(clean, sizeof(clean), "%s", m->link);
		}
		if (!m)
			return -ENOENT;
		if (m->link)
			return -ELOOP;
		snprintf(copy, sizeof(copy), "m%d", m->idx);
		fd = fsutil_open_beneath(s->dirfd, copy, O_RDONLY, 0);
	} else {
		/* the user's own layout: beneath it, and no link followed */
		fd = fsutil_open_beneath(s->dirfd, clean, O_RDONLY | O_NONBLOCK, 0);
	}
	if (fd < 0)
		return fd;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	*size = (uint64_t)sb.st_size;
	return fd;
}

/* A small file of the image whole, NULL when there is none; refused when it cannot be read. */
static char *src_read(struct source *s, const char *path, size_t *len, bool must)
{
	uint64_t size;
	char *buf;
	int fd = src_open(s, path, &size), rc;

	if (fd == -ENOENT && !must)
		return NULL;
	if (fd < 0)
		refuse("'%s' %s", path, fd == -ENOENT ? "is missing" : "cannot be read");
	if (size > IMGSPEC_JSON_MAX)
		refuse("'%s' is larger than any image's JSON", path);
	rc = procfs_read_fd(fd, IMGSPEC_JSON_MAX + 1, &buf, len);
	close(fd);
	if (rc < 0)
		refuse("'%s' cannot be read: %s", path, strerror(-rc));
	return buf;
}

static void hex_of(const uint8_t *d, char *hex)
{
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		sprintf(hex + 2 * i, "%02x", d[i]);
}

static void sha256_hex(const void *data, size_t len, char *hex)
{
	struct sha256_ctx c;
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_init(&c);
	sha256_update(&c, len, data);
	sha256_digest(&c, sizeof(d), d);
	hex_of(d, hex);
}

/* A JSON blob of a layout, checked against its descriptor. */
static char *read_blob(struct source *s, const struct imgspec_desc *d, size_t *len)
{
	char path[128], hex[IMGSPEC_HEX_LEN + 1], *buf;

	snprintf(path, sizeof(path), "blobs/sha256/%s", d->digest);
	buf = src_read(s, path, len, true);
	sha256_hex(buf, *len, hex);
	if (strcmp(hex, d->digest) != 0 || *len != d->size)
		refuse("blob %.12s is not what its descriptor says (damaged or altered)", d->digest);
	return buf;
}

/* ---------------------------------------------------------------- layers */

/* libarchive's reading of a layer, hashed on the way (the blob's digest) */
struct layer_in {
	int fd;
	struct sha256_ctx h;
	uint64_t n;
	char buf[65536];
};

static la_ssize_t layer_read(struct archive *a, void *data, const void **out)
{
	struct layer_in *in = data;
	ssize_t n;

	do
		n = read(in->fd, in->buf, sizeof(in->buf));
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		archive_set_error(a, errno, "%s", strerror(errno));
		return -1;
	}
	sha256_update(&in->h, (size_t)n, (const uint8_t *)in->buf);
	in->n += (uint64_t)n;
	*out = in->buf;
	return n;
}

/* One layer being applied. */
struct apply {
	struct load *ld;
	int rootfd;
	int layer;			/* 1.. */
	int fd;				/* its blob */
	const char *digest;		/* what the blob's sha256 must be, or NULL */
	uint64_t size;			/* and its size */
	struct hashmap added;		/* the paths this layer made (for its whiteouts) */
	bool rootless;
};

static bool was_added(struct apply *ap, const char *path)
{
	const char *v = hashmap_get(&ap->added, hashmap_str_key(path));

	return v && strcmp(v, path) == 0;
}

static void mark_added(struct apply *ap, const char *path)
{
	uint64_t k = hashmap_str_key(path);
	char *old = hashmap_get(&ap->added, k), *v;

	if (old && strcmp(old, path) == 0)
		return;
	v = strdup(path);
	if (!v || hashmap_put(&ap->added, k, v) < 0)
		nsrun_die("out of memory");
	free(old);
}

static void __attribute__((noreturn, format(printf, 2, 3))) layer_refuse(struct apply *ap,
									   const char *fmt, ...)
{
	char msg[900];
	va_list ap_;

	va_start(ap_, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap_);
	va_end(ap_);
	refuse("layer %d: %s", ap->layer, msg);
}

static void check_blob(int layer, int fd, const char *digest, uint64_t size);

/*
 * Before a layer is said to be unreadable: a blob whose bytes are not
 * those its descriptor names is said to be that, the cause, rather than
 * what its decompressor or tar reader tripped over first (a damaged gzip
 * stream fails long before its end, where its digest is known).
 */
static void blame_blob(int layer, int fd, const char *digest, uint64_t size)
{
	if (digest && lseek(fd, 0, SEEK_SET) == 0)
		check_blob(layer, fd, digest, size);
}

/*
 * The directory of path's parent, beneath the root, made (0755) where
 * missing: a component that is a symbolic link or not a directory is
 * refused, never followed. An fd, and the last component in *base.
 */
static int open_parent(struct apply *ap, const char *path, const char **base)
{
	char parent[PATH_MAX], buf[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd;

	*base = slash ? slash + 1 : path;
	if (!slash)
		return fcntl(ap->rootfd, F_DUPFD_CLOEXEC, 3);
	snprintf(parent, sizeof(parent), "%.*s", (int)(slash - path), path);
	fd = fsutil_open_beneath(ap->rootfd, parent, O_RDONLY | O_DIRECTORY, 0);
	if (fd == -ENOENT) {
		/* made one component at a time, each checked as it is reached */
		for (char *p = parent;; p++) {
			if (*p != '/' && *p)
				continue;
			{
				char c = *p;

				*p = '\0';
				if (mkdirat(ap->rootfd, parent, 0755) < 0 && errno != EEXIST)
					fd = -errno;
				else
					fd = 0;
				*p = c;
			}
			if (fd < 0 || !*p)
				break;
		}
		fd = fd < 0 ? fd : fsutil_open_beneath(ap->rootfd, parent, O_RDONLY | O_DIRECTORY, 0);
	}
	if (fd == -ELOOP || fd == -EXDEV)
		layer_refuse(ap, "entry '%s' lies below a symbolic link, which nsrun does not follow",
			     shown(path, buf, sizeof(buf)));
	if (fd == -ENOTDIR)
		layer_refuse(ap, "entry '%s' lies below something that is not a directory",
			     shown(path, buf, sizeof(buf)));
	if (fd < 0)
		nsrun_die_errno(fd, "cannot load '%s': layer %d: cannot make the directory of '%s'",
				ap->ld->file, ap->layer, shown(path, buf, sizeof(buf)));
	return fd;
}

/* What the layers below have at base in dfd goes (not a directory that stays one). */
static void clear_place(struct apply *ap, int dfd, const char *base, bool keep_dir,
			const char *path)
{
	struct stat sb;
	char buf[PATH_MAX];
	int rc;

	if (fstatat(dfd, base, &sb, AT_SYMLINK_NOFOLLOW) < 0)
		return;
	if (keep_dir && S_ISDIR(sb.st_mode))
		return;
	rc = fsutil_remove_tree(dfd, base);
	if (rc < 0 && rc != -ENOENT)
		nsrun_die_errno(rc, "cannot load '%s': layer %d: cannot replace '%s'", ap->ld->file,
				ap->layer, shown(path, buf, sizeof(buf)));
}

/* ".wh.NAME": NAME of the layers below goes. */
static void whiteout_file(struct apply *ap, const char *target)
{
	const char *base;
	int dfd;

	if (was_added(ap, target))
		return;	/* this layer's own: a whiteout is of what is below */
	dfd = open_parent(ap, target, &base);
	clear_place(ap, dfd, base, false, target);
	close(dfd);
}

/* ".wh..wh..opq": what the layers below have in dir goes, what this layer put there stays. */
static void whiteout_opaque(struct apply *ap, const char *dir)
{
	char child[PATH_MAX], buf[PATH_MAX];
	struct dirent *d;
	DIR *ds;
	int fd, rc;

	fd = dir[0] ? fsutil_open_beneath(ap->rootfd, dir, O_RDONLY | O_DIRECTORY, 0) :
		      fcntl(ap->rootfd, F_DUPFD_CLOEXEC, 3);
	if (fd == -ENOENT)
		return;
	if (fd == -ELOOP || fd == -EXDEV || fd == -ENOTDIR)
		layer_refuse(ap, "opaque directory '%s' is not a directory of the image",
			     shown(dir, buf, sizeof(buf)));
	if (fd < 0)
		nsrun_die_errno(fd, "cannot load '%s': layer %d", ap->ld->file, ap->layer);
	ds = fdopendir(fd);
	if (!ds)
		nsrun_die_errno(-errno, "cannot load '%s': layer %d", ap->ld->file, ap->layer);
	while ((d = readdir(ds))) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		/* a path too long for an entry is none of this layer's */
		if (snprintf(child, sizeof(child), "%s%s%s", dir, dir[0] ? "/" : "", d->d_name) <
			    (int)sizeof(child) && was_added(ap, child))
			continue;
		rc = fsutil_remove_tree(dirfd(ds), d->d_name);
		if (rc < 0 && rc != -ENOENT)
			nsrun_die_errno(rc, "cannot load '%s': layer %d: cannot empty '%s'",
					ap->ld->file, ap->layer, shown(dir, buf, sizeof(buf)));
	}
	closedir(ds);
}

/* Its owner: the entry's, or, where the user namespace of a rootless load has not that id, root. */
static void set_owner(struct apply *ap, int fd, int dfd, const char *base, struct archive_entry *e)
{
	uid_t uid = (uid_t)archive_entry_uid(e);
	gid_t gid = (gid_t)archive_entry_gid(e);
	int rc;

	rc = fd >= 0 ? fchown(fd, uid, gid) : fchownat(dfd, base, uid, gid, AT_SYMLINK_NOFOLLOW);
	if (rc < 0 && ap->rootless && (errno == EINVAL || errno == EPERM)) {
		ap->ld->owners++;
		rc = fd >= 0 ? fchown(fd, 0, 0) : fchownat(dfd, base, 0, 0, AT_SYMLINK_NOFOLLOW);
	}
	if (rc < 0)
		nsrun_die_errno(-errno, "cannot load '%s': layer %d: cannot give '%s' its owner",
				ap->ld->file, ap->layer, base);
}

/* Its extended attributes, but overlayfs' own, which only the kernel's overlay writes. */
static void set_xattrs(struct apply *ap, int fd, struct archive_entry *e)
{
	const char *name;
	const void *value;
	size_t size;

	archive_entry_xattr_reset(e);
	while (archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK) {
		if (!name || strncmp(name, "trusted.overlay.", 16) == 0 ||
		    strncmp(name, "user.overlay.", 13) == 0) {
			ap->ld->xattrs++;
			continue;
		}
		if (fsetxattr(fd, name, value, size, 0) < 0)
			ap->ld->xattrs++;
	}
}

static void set_times(int fd, int dfd, const char *base, struct archive_entry *e)
{
	struct timespec ts[2] = {
		{ .tv_sec = archive_entry_mtime(e), .tv_nsec = archive_entry_mtime_nsec(e) },
		{ .tv_sec = archive_entry_mtime(e), .tv_nsec = archive_entry_mtime_nsec(e) },
	};

	if (archive_entry_atime_is_set(e)) {
		ts[0].tv_sec = archive_entry_atime(e);
		ts[0].tv_nsec = archive_entry_atime_nsec(e);
	}
	if (fd >= 0)
		futimens(fd, ts);
	else
		utimensat(dfd, base, ts, AT_SYMLINK_NOFOLLOW);
}

/* Owner, mode (after the owner, which clears set-user-ID), xattrs, times of what fd is. */
static void set_meta(struct apply *ap, int fd, struct archive_entry *e)
{
	set_owner(ap, fd, -1, NULL, e);
	if (fchmod(fd, archive_entry_perm(e) & 07777) < 0)
		nsrun_die_errno(-errno, "cannot load '%s': layer %d: chmod", ap->ld->file, ap->layer);
	set_xattrs(ap, fd, e);
	set_times(fd, -1, NULL, e);
}

static void write_data(struct apply *ap, struct archive *a, int fd, const char *path)
{
	char buf[PATH_MAX];

	for (;;) {
		const void *block;
		size_t size;
		la_int64_t offset;
		int r = archive_read_data_block(a, &block, &size, &offset);

		if (r == ARCHIVE_EOF)
			return;
		if (r != ARCHIVE_OK) {
			blame_blob(ap->layer, ap->fd, ap->digest, ap->size);
			layer_refuse(ap, "'%s' cannot be read (truncated or damaged?): %s",
				     shown(path, buf, sizeof(buf)), archive_error_string(a));
		}
		for (size_t done = 0; done < size;) {
			ssize_t n = pwrite(fd, (const char *)block + done, size - done,
					   (off_t)offset + (off_t)done);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				nsrun_die_errno(n < 0 ? -errno : -EIO, "cannot load '%s': cannot write '%s'",
						ap->ld->file, shown(path, buf, sizeof(buf)));
			done += (size_t)n;
		}
	}
}

static void apply_entry(struct apply *ap, struct archive *a, struct archive_entry *e)
{
	const char *name = archive_entry_pathname(e), *base, *link;
	char path[PATH_MAX], target[PATH_MAX], buf[PATH_MAX];
	enum imgspec_whiteout wh;
	mode_t type = archive_entry_filetype(e);
	int dfd, fd;

	if (!name || !*name)
		layer_refuse(ap, "an entry has no name");
	if (imgspec_entry_path(name, path, sizeof(path)) < 0)
		layer_refuse(ap, "entry '%s' lies outside the image's root",
			     shown(name, buf, sizeof(buf)));
	if (!path[0])
		return;	/* the root itself: the image's root is the store's */
	if (imgspec_whiteout(path, target, sizeof(target), &wh) < 0)
		layer_refuse(ap, "entry '%s' is a whiteout of nothing", shown(path, buf, sizeof(buf)));
	if (wh == IMGSPEC_WH_FILE) {
		whiteout_file(ap, target);
		return;
	}
	if (wh == IMGSPEC_WH_OPAQUE) {
		whiteout_opaque(ap, target);
		return;
	}
	mark_added(ap, path);
	dfd = open_parent(ap, path, &base);
	link = archive_entry_hardlink(e);
	if (link) {
		const char *tbase;
		int tfd;

		if (imgspec_entry_path(link, target, sizeof(target)) < 0 || !target[0])
			layer_refuse(ap, "entry '%s' is a hard link to '%s', outside the image's root",
				     shown(path, buf, sizeof(buf)), shown(link, target, sizeof(target)));
		tfd = open_parent(ap, target, &tbase);
		clear_place(ap, dfd, base, false, path);
		if (linkat(tfd, tbase, dfd, base, 0) < 0)
			layer_refuse(ap, "entry '%s' is a hard link to '%s', which it has not: %s",
				     shown(path, buf, sizeof(buf)), target, strerror(errno));
		close(tfd);
		close(dfd);
		return;
	}
	switch (type) {
	case AE_IFDIR:
		clear_place(ap, dfd, base, true, path);
		if (mkdirat(dfd, base, 0700) < 0 && errno != EEXIST)
			nsrun_die_errno(-errno, "cannot load '%s': cannot make '%s'", ap->ld->file,
					shown(path, buf, sizeof(buf)));
		fd = fsutil_open_beneath(dfd, base, O_RDONLY | O_DIRECTORY, 0);
		if (fd < 0)
			nsrun_die_errno(fd, "cannot load '%s': cannot open '%s'", ap->ld->file,
					shown(path, buf, sizeof(buf)));
		set_meta(ap, fd, e);
		close(fd);
		break;
	case AE_IFREG:
		clear_place(ap, dfd, base, false, path);
		fd = fsutil_open_beneath(dfd, base, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd < 0)
			nsrun_die_errno(fd, "cannot load '%s': cannot make '%s'", ap->ld->file,
					shown(path, buf, sizeof(buf)));
		write_data(ap, a, fd, path);
		if (ftruncate(fd, (off_t)archive_entry_size(e)) < 0)
			nsrun_die_errno(-errno, "cannot load '%s': cannot write '%s'", ap->ld->file,
					shown(path, buf, sizeof(buf)));
		set_meta(ap, fd, e);
		close(fd);
		break;
	case AE_IFLNK: {
		const char *to = archive_entry_symlink(e);

		if (!to || !*to || !imgspec_link_inside(path, to))
			layer_refuse(ap, "entry '%s' is a symbolic link to '%s', outside the image's "
				     "root", shown(path, buf, sizeof(buf)),
				     to ? shown(to, target, sizeof(target)) : "");
		clear_place(ap, dfd, base, false, path);
		if (symlinkat(to, dfd, base) < 0)
			nsrun_die_errno(-errno, "cannot load '%s': cannot make '%s'", ap->ld->file,
					shown(path, buf, sizeof(buf)));
		set_owner(ap, -1, dfd, base, e);
		set_times(-1, dfd, base, e);
		break;
	}
	case AE_IFCHR:
	case AE_IFBLK:
	case AE_IFIFO:
		clear_place(ap, dfd, base, false, path);
		if (mknodat(dfd, base, type | (archive_entry_perm(e) & 0777),
			    type == AE_IFIFO ? 0 : makedev(archive_entry_rdevmajor(e),
							   archive_entry_rdevminor(e))) < 0) {
			/* a user namespace may make none but whiteouts: left out, with a note */
			if (ap->rootless && errno == EPERM && type != AE_IFIFO) {
				ap->ld->devices++;
				break;
			}
			nsrun_die_errno(-errno, "cannot load '%s': cannot make '%s'", ap->ld->file,
					shown(path, buf, sizeof(buf)));
		}
		set_owner(ap, -1, dfd, base, e);
		if (fchmodat(dfd, base, archive_entry_perm(e) & 07777, 0) < 0)
			nsrun_die_errno(-errno, "cannot load '%s': chmod '%s'", ap->ld->file,
					shown(path, buf, sizeof(buf)));
		set_times(-1, dfd, base, e);
		break;
	default:
		/* sockets: nothing a container could use from an image */
		break;
	}
	close(dfd);
}

static void free_added(struct apply *ap)
{
	uint64_t k;
	void *v;

	for (size_t i = 0; hashmap_next(&ap->added, &i, &k, &v);)
		free(v);
	hashmap_clear(&ap->added);
}

/* The sha256 of the layer's tar, uncompressed (its diff_id): its bytes again, through libarchive's filters. */
static void check_diff_id(int layer, int fd, const char *diff_id)
{
	struct archive *raw = archive_read_new();
	struct archive_entry *e;
	struct sha256_ctx h;
	uint8_t d[SHA256_DIGEST_SIZE];
	char hex[IMGSPEC_HEX_LEN + 1];
	int r = ARCHIVE_FATAL;

	if (!raw || lseek(fd, 0, SEEK_SET) < 0)
		nsrun_die("cannot read layer %d again", layer);
	sha256_init(&h);
	archive_read_support_filter_all(raw);
	archive_read_support_format_raw(raw);
	if (archive_read_open_fd(raw, fd, 65536) == ARCHIVE_OK &&
	    archive_read_next_header(raw, &e) == ARCHIVE_OK) {
		const void *block;
		size_t bs;
		la_int64_t off;

		while ((r = archive_read_data_block(raw, &block, &bs, &off)) == ARCHIVE_OK)
			sha256_update(&h, bs, block);
	}
	if (r != ARCHIVE_EOF)
		refuse("layer %d cannot be read (truncated or damaged?): %s", layer,
		       archive_error_string(raw) ? archive_error_string(raw) : "unexpected end");
	archive_read_free(raw);
	sha256_digest(&h, sizeof(d), d);
	hex_of(d, hex);
	if (strcmp(hex, diff_id) != 0)
		refuse("layer %d is not what the image's config says (sha256:%.12s, where "
		       "sha256:%.12s was expected): damaged or altered", layer, hex, diff_id);
}

/* A layout's blob against its descriptor, read whole: an image that the store has is checked too. */
static void check_blob(int layer, int fd, const char *digest, uint64_t size)
{
	struct sha256_ctx h;
	uint8_t d[SHA256_DIGEST_SIZE], buf[65536];
	char hex[IMGSPEC_HEX_LEN + 1];
	uint64_t n = 0;

	sha256_init(&h);
	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			nsrun_die_errno(-errno, "cannot read layer %d", layer);
		if (r == 0)
			break;
		sha256_update(&h, (size_t)r, buf);
		n += (uint64_t)r;
	}
	sha256_digest(&h, sizeof(d), d);
	hex_of(d, hex);
	if (strcmp(hex, digest) != 0 || n != size)
		refuse("layer %d is not what its descriptor says (sha256:%.12s, %llu bytes, where "
		       "sha256:%.12s, %llu bytes were expected): damaged or altered", layer, hex,
		       (unsigned long long)n, digest, (unsigned long long)size);
}

/*
 * Apply the layer in fd onto the root. digest: what the blob's sha256
 * must be (a layout's descriptor), or NULL; diff_id: what the sha256 of
 * its tar, uncompressed, must be (docker save), or NULL.
 */
static void apply_layer(struct load *ld, int rootfd, int layer, int fd, const char *digest,
			uint64_t size, const char *diff_id)
{
	struct layer_in *in = calloc(1, sizeof(*in));
	struct apply ap = { .ld = ld, .rootfd = rootfd, .layer = layer, .fd = fd,
			    .digest = digest, .size = size, .rootless = ld->rootless };
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	uint8_t d[SHA256_DIGEST_SIZE];
	char hex[IMGSPEC_HEX_LEN + 1];
	int r;

	if (!in || !a)
		nsrun_die("out of memory");
	hashmap_init(&ap.added);
	in->fd = fd;
	sha256_init(&in->h);
	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	/* a layer of no files at all (an empty blob) is allowed, as Docker allows it */
	archive_read_support_format_empty(a);
	if (archive_read_open(a, in, NULL, layer_read, NULL) != ARCHIVE_OK) {
		blame_blob(layer, fd, digest, size);
		refuse("layer %d is not a tar archive: %s", layer, archive_error_string(a));
	}
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK)
		apply_entry(&ap, a, e);
	if (r != ARCHIVE_EOF) {
		blame_blob(layer, fd, digest, size);
		refuse("layer %d cannot be read (truncated or damaged?): %s", layer,
		       archive_error_string(a) ? archive_error_string(a) : "unexpected end");
	}
	archive_read_free(a);
	free_added(&ap);
	/* what follows the tar's end is of the blob too */
	for (;;) {
		ssize_t n = read(fd, in->buf, sizeof(in->buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		sha256_update(&in->h, (size_t)n, (const uint8_t *)in->buf);
		in->n += (uint64_t)n;
	}
	sha256_digest(&in->h, sizeof(d), d);
	hex_of(d, hex);
	if (digest && (strcmp(hex, digest) != 0 || in->n != size))
		refuse("layer %d is not what its descriptor says (sha256:%.12s, %llu bytes, where "
		       "sha256:%.12s, %llu bytes were expected): damaged or altered", layer, hex,
		       (unsigned long long)in->n, digest, (unsigned long long)size);
	free(in);
	if (diff_id)
		check_diff_id(layer, fd, diff_id);
}

/* ----------------------------------------------------------------- images */

/* The architecture of this machine, as images name it. */
static const char *host_arch(void)
{
	static const struct {
		const char *machine, *arch;
	} archs[] = {
		{ "x86_64", "amd64" }, { "aarch64", "arm64" }, { "armv7l", "arm" },
		{ "armv6l", "arm" },   { "i686", "386" },      { "i386", "386" },
		{ "ppc64le", "ppc64le" }, { "s390x", "s390x" }, { "riscv64", "riscv64" },
	};
	static struct utsname u;

	if (uname(&u) < 0)
		return "amd64";
	for (size_t i = 0; i < sizeof(archs) / sizeof(archs[0]); i++)
		if (strcmp(u.machine, archs[i].machine) == 0)
			return archs[i].arch;
	return u.machine;
}

/* Does a descriptor's platform fit this machine (none given: it does)? */
static bool platform_fits(const struct imgspec_desc *d)
{
	return (!d->os[0] || strcmp(d->os, "linux") == 0) &&
	       (!d->arch[0] || strcmp(d->arch, host_arch()) == 0);
}

/* Sum of the sizes of the files below dfd. */
static unsigned long long tree_size(int dfd, int depth)
{
	unsigned long long sum = 0;
	struct dirent *d;
	DIR *dir;
	int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 || depth > 256 || !(dir = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while ((d = readdir(dir))) {
		struct stat sb;

		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0 ||
		    fstatat(dirfd(dir), d->d_name, &sb, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			int sub = openat(dirfd(dir), d->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					 O_CLOEXEC);

			if (sub >= 0) {
				sum += tree_size(sub, depth + 1);
				close(sub);
			}
		} else if (S_ISREG(sb.st_mode) || S_ISLNK(sb.st_mode)) {
			sum += (unsigned long long)sb.st_size;
		}
	}
	closedir(dir);
	return sum;
}

static void write_file(int dfd, const char *name, const char *data, size_t len)
{
	int fd = fsutil_open_beneath(dfd, name, O_WRONLY | O_CREAT | O_EXCL, 0644);
	ssize_t n;

	if (fd < 0)
		nsrun_die_errno(fd, "cannot write the image's '%s'", name);
	n = write(fd, data, len);
	if (close(fd) < 0 || n != (ssize_t)len)
		nsrun_die_errno(-EIO, "cannot write the image's '%s'", name);
}

/* Name an image: the names it came with (those that are names), under the store's lock. */
static void name_image(struct load *ld, const char *id, char **names, size_t n)
{
	int lock = nsrun_store_lock(), named = 0;

	for (size_t i = 0; i < n; i++) {
		struct imgspec_ref r;
		int rc;

		if (imgspec_parse_ref(names[i], &r) < 0) {
			nsrun_warn("'%s' is not an image name: left out", names[i]);
			continue;
		}
		rc = nsrun_refs_tag(r.repo, r.tag, id);
		if (rc < 0)
			nsrun_die_errno(rc, "cannot write the names of image store '%s'",
					nsrun_store_dir());
		if (!ld->quiet)
			printf("Loaded image: %s:%s\n", imgspec_familiar(r.repo), r.tag);
		named++;
	}
	nsrun_store_unlock(lock);
	if (!named && !ld->quiet)
		printf("Loaded image ID: sha256:%s (it has no name: 'nsrun tag %.12s NAME' gives "
		       "it one)\n", id, id);
}

/* Layer i of an image, open: one missing or unreadable is refused. */
static int layer_open(struct load *ld, char **layers, size_t i)
{
	uint64_t size;
	int fd = src_open(&ld->src, layers[i], &size);

	if (fd < 0)
		refuse("layer %zu ('%s') %s", i + 1, layers[i],
		       fd == -ENOENT ? "is missing" : "cannot be read");
	return fd;
}

/*
 * One image: its config (whose digest is its id), then, if the store has
 * not the image yet, its layers onto a root of the load's directory,
 * which becomes images/ID whole. layers[i]: the path of layer i in the
 * file; digests/sizes: a layout's descriptors (NULL for docker save, whose
 * layers are checked against the config's diff_ids instead).
 */
static void load_image(struct load *ld, const char *config_json, size_t config_len,
		       const char *config_digest, char **layers, const struct imgspec_desc *descs,
		       size_t nlayers, char **names, size_t nnames)
{
	struct imgspec_config cfg;
	char id[IMGSPEC_HEX_LEN + 1], info[128];
	const char *why;
	int images, imgfd, rootfd, rc;
	struct stat sb;

	sha256_hex(config_json, config_len, id);
	if (config_digest && strcmp(id, config_digest) != 0)
		refuse("its config is not what its manifest says (damaged or altered)");
	if (imgspec_parse_config(config_json, config_len, &cfg, &why) < 0)
		refuse("its config is not an image config: %s", why);
	if (cfg.os[0] && strcmp(cfg.os, "linux") != 0)
		refuse("it is an image for %s, not for Linux", cfg.os);
	if (cfg.ndiff_ids != nlayers)
		refuse("its config names %zu layers, its manifest %zu", cfg.ndiff_ids, nlayers);
	images = nsrun_store_sub("images", true);
	if (fstatat(images, id, &sb, AT_SYMLINK_NOFOLLOW) == 0) {
		/*
		 * The store has it: its names are all there is to add, once its
		 * layers are checked (a damaged file is refused, whatever the
		 * store holds).
		 */
		for (size_t i = 0; i < nlayers; i++) {
			int fd = layer_open(ld, layers, i);

			if (descs)
				check_blob((int)i + 1, fd, descs[i].digest, descs[i].size);
			else
				check_diff_id((int)i + 1, fd, cfg.diff_ids[i]);
			close(fd);
		}
		imgspec_config_free(&cfg);
		name_image(ld, id, names, nnames);
		ld->loaded++;
		return;
	}
	imgfd = fsutil_mkdir_open(ld->dirfd, "img", 0755, false);
	if (imgfd < 0)
		nsrun_die_errno(imgfd, "cannot make the load's directory");
	rootfd = fsutil_mkdir_open(imgfd, "rootfs", 0755, false);
	if (rootfd < 0)
		nsrun_die_errno(rootfd, "cannot make the load's directory");
	ld->devices = ld->owners = ld->xattrs = 0;
	for (size_t i = 0; i < nlayers; i++) {
		int fd = layer_open(ld, layers, i);

		apply_layer(ld, rootfd, (int)i + 1, fd, descs ? descs[i].digest : NULL,
			    descs ? descs[i].size : 0, descs ? NULL : cfg.diff_ids[i]);
		close(fd);
	}
	write_file(imgfd, "config.json", config_json, config_len);
	snprintf(info, sizeof(info), "size=%llu\nloaded=%lld\n", tree_size(rootfd, 0),
		 (long long)time(NULL));
	write_file(imgfd, "info", info, strlen(info));
	close(rootfd);
	close(imgfd);
	/* whole: into the store at once; a load of the same image meanwhile has won */
	if (renameat(ld->dirfd, "img", images, id) < 0) {
		rc = -errno;
		if (rc != -EEXIST && rc != -ENOTEMPTY)
			nsrun_die_errno(rc, "cannot put image %.12s into the store", id);
		fsutil_remove_tree(ld->dirfd, "img");
	}
	if (ld->devices)
		nsrun_warn("note: %lu device node%s of the image left out (a rootless user cannot make "
			   "them)", ld->devices, ld->devices == 1 ? "" : "s");
	if (ld->owners)
		nsrun_warn("note: %lu file%s of the image belong%s to ids that the user namespace "
			   "does not map: given to root (the user)", ld->owners,
			   ld->owners == 1 ? "" : "s", ld->owners == 1 ? "s" : "");
	if (ld->xattrs)
		nsrun_warn("note: %lu extended attribute%s of the image could not be kept",
			   ld->xattrs, ld->xattrs == 1 ? "" : "s");
	imgspec_config_free(&cfg);
	name_image(ld, id, names, nnames);
	ld->loaded++;
}

/* An image of a layout, by its manifest's descriptor; names from the annotations. */
static void load_manifest(struct load *ld, const struct imgspec_desc *d, const char *name)
{
	struct imgspec_manifest m;
	const char *why;
	char *json, *cfg, **layers, *names[1] = { (char *)name };
	size_t len, cfglen;

	json = read_blob(&ld->src, d, &len);
	if (imgspec_parse_manifest(json, len, &m, &why) < 0)
		refuse("manifest %.12s is not an image manifest: %s", d->digest, why);
	free(json);
	cfg = read_blob(&ld->src, &m.config, &cfglen);
	layers = calloc(m.nlayers + 1, sizeof(*layers));
	if (!layers)
		nsrun_die("out of memory");
	for (size_t i = 0; i < m.nlayers; i++)
		if (asprintf(&layers[i], "blobs/sha256/%s", m.layers[i].digest) < 0)
			nsrun_die("out of memory");
	load_image(ld, cfg, cfglen, m.config.digest, layers, m.layers, m.nlayers, names,
		   name && *name ? 1 : 0);
	for (size_t i = 0; i < m.nlayers; i++)
		free(layers[i]);
	free(layers);
	free(cfg);
	imgspec_manifest_free(&m);
}

/* A name from a layout's annotations: a full reference, or none (a tag alone names nothing). */
static const char *desc_name(const struct imgspec_desc *d)
{
	struct imgspec_ref r;

	if (d->image_name[0] && imgspec_parse_ref(d->image_name, &r) == 0)
		return d->image_name;
	if (d->ref_name[0] && (strchr(d->ref_name, '/') || strchr(d->ref_name, ':')) &&
	    imgspec_parse_ref(d->ref_name, &r) == 0)
		return d->ref_name;
	return NULL;
}

static void load_layout(struct load *ld)
{
	struct imgspec_desc *v;
	const char *why;
	size_t n, len;
	char *json = src_read(&ld->src, "index.json", &len, true);

	if (imgspec_parse_index(json, len, &v, &n, &why) < 0)
		refuse("its index.json is not an image index: %s", why);
	free(json);
	for (size_t i = 0; i < n; i++) {
		const char *name = desc_name(&v[i]);

		switch (imgspec_kind(v[i].media_type)) {
		case IMGSPEC_MANIFEST:
			if (platform_fits(&v[i]))
				load_manifest(ld, &v[i], name);
			break;
		case IMGSPEC_INDEX: {
			/* an image for several platforms: this machine's */
			struct imgspec_desc *sub;
			size_t nsub, sublen;
			char *subjson = read_blob(&ld->src, &v[i], &sublen), have[256] = "";
			bool done = false;

			if (imgspec_parse_index(subjson, sublen, &sub, &nsub, &why) < 0)
				refuse("index %.12s is not an image index: %s", v[i].digest, why);
			free(subjson);
			for (size_t j = 0; j < nsub && !done; j++) {
				if (imgspec_kind(sub[j].media_type) != IMGSPEC_MANIFEST)
					continue;
				if (platform_fits(&sub[j])) {
					load_manifest(ld, &sub[j], name);
					done = true;
				} else if (strlen(have) + 40 < sizeof(have)) {
					snprintf(have + strlen(have), sizeof(have) - strlen(have),
						 "%s%s/%s", have[0] ? ", " : "", sub[j].os, sub[j].arch);
				}
			}
			free(sub);
			if (!done)
				refuse("it has no image for linux/%s (it has %s)", host_arch(),
				       have[0] ? have : "none");
			break;
		}
		case IMGSPEC_OTHER:
			break;
		}
	}
	free(v);
}

static void load_docker(struct load *ld)
{
	struct imgspec_docker_image *v;
	const char *why;
	size_t n, len;
	char *json = src_read(&ld->src, "manifest.json", &len, true);

	if (imgspec_parse_docker_manifest(json, len, &v, &n, &why) < 0)
		refuse("its manifest.json is not what docker save writes: %s", why);
	free(json);
	for (size_t i = 0; i < n; i++) {
		size_t cfglen, ntags = 0;
		char *cfg = src_read(&ld->src, v[i].config, &cfglen, true);

		while (v[i].tags && v[i].tags[ntags])
			ntags++;
		load_image(ld, cfg, cfglen, NULL, v[i].layers, NULL, v[i].nlayers, v[i].tags, ntags);
		free(cfg);
	}
	imgspec_docker_free(v, n);
}

/* The load, as root, or as root of a user namespace for a rootless user. */
static int load_main(void *arg)
{
	struct load *ld = arg;
	struct stat sb;
	uint64_t size;
	int fd;

	current = ld;
	nsrun_on_die(load_abort, ld);
	ld->dirfd = fsutil_mkdir_open(ld->tmp, ld->dir, 0700, false);
	if (ld->dirfd < 0)
		nsrun_die_errno(ld->dirfd, "cannot make the load's directory in '%s/tmp'",
				nsrun_store_dir());
	if (strcmp(ld->file, "-") == 0) {
		/* docker load < FILE: the input, copied first (it is read in the manifest's order) */
		int out = fsutil_open_beneath(ld->dirfd, "input", O_RDWR | O_CREAT | O_EXCL, 0600);

		if (out < 0)
			nsrun_die_errno(out, "cannot copy the input");
		while (nsrun_copy(STDIN_FILENO, out) > 0)
			;
		lseek(out, 0, SEEK_SET);
		fd = out;
	} else {
		fd = open(ld->file, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0)
			nsrun_die_errno(-errno, "cannot open '%s'", ld->file);
	}
	if (fstat(fd, &sb) < 0)
		nsrun_die_errno(-errno, "cannot open '%s'", ld->file);
	if (S_ISDIR(sb.st_mode)) {
		ld->src.dirfd = fd;
	} else {
		read_archive(ld, fd);
		close(fd);
	}
	/* docker save writes manifest.json (and, since Docker 25, an OCI layout beside it) */
	if ((fd = src_open(&ld->src, "manifest.json", &size)) >= 0) {
		close(fd);
		load_docker(ld);
	} else if ((fd = src_open(&ld->src, "index.json", &size)) >= 0) {
		close(fd);
		load_layout(ld);
	} else {
		refuse("it is neither an OCI image layout (index.json) nor what docker save writes "
		       "(manifest.json)");
	}
	if (!ld->loaded)
		refuse("it has no image for linux/%s", host_arch());
	nsrun_on_die(NULL, NULL);
	load_abort(ld);
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct load ld = { .dirfd = -1, .src = { .dirfd = -1 } };
	static unsigned int seq;
	int c, rc;

	/* nsrun's messages, as nsrun's own: "nsrun: cannot load ..." */
	cli_name = "nsrun";
	if (argc > 0)
		argv[0] = (char *)cli_name;
	ld.rootless = geteuid() != 0;
	while ((c = getopt_long(argc, argv, "i:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			ld.file = optarg;
			break;
		case 'q':
			ld.quiet = true;
			break;
		case 'h':
			printf("Usage: %s image load [options] [<file>]\n\nLoad an image into the "
			       "store (%s): an OCI image layout (a directory,\nor a tar archive of "
			       "one) or what docker save writes, compressed or not; '-', or\nno file, "
			       "reads it from standard input.\n\nOptions:\n"
			       " -i, --input <file>    the file\n"
			       " -q, --quiet           print nothing\n"
			       " -h, --help            display this help\n", cli_name,
			       nsrun_store_dir());
			return EXIT_SUCCESS;
		default:
			cli_try_help();
		}
	}
	if (!ld.file && optind < argc)
		ld.file = argv[optind++];
	if (optind < argc)
		nsrun_die("load: one file only");
	if (!ld.file) {
		if (isatty(STDIN_FILENO))
			nsrun_die("load: a file is needed (or its contents on standard input)");
		ld.file = "-";
	}
	/* the store first, checked as the user: the load may run in a user namespace */
	cli_exit_failure = EXIT_FAILURE;
	nsrun_state_open();
	ld.tmp = nsrun_store_sub("tmp", true);
	nsrun_store_sub("images", true);
	nsrun_store_sweep(true);
	snprintf(ld.dir, sizeof(ld.dir), "load.%d.%u", (int)getpid(), seq++);
	rc = nsrun_userns_run(load_main, &ld);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot make a user namespace to load '%s' in", ld.file);
	return rc ? EXIT_FAILURE : EXIT_SUCCESS;
}
