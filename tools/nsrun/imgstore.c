// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The image store (see image.h): where it is, its trust, its names, and
 * `nsrun images`, `rmi` and `tag`.
 *
 * Everything in it is reached through descriptors of the store and its
 * subdirectories, opened once and checked, and never through a symbolic
 * link (fsutil_open_beneath): an image's root holds whatever links its
 * layers made, which are for the container, not for nsrun to follow.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "fsutil.h"
#include "image.h"
#include "jsonw.h"
#include "nsrun.h"
#include "output.h"
#include "procfs.h"

/* The refs file: a line per name, bounded as the JSON is. */
#define REFS_MAX (4u << 20)

static struct {
	char path[PATH_MAX];
	int fd;			/* the store, -1 */
	int images, tmp;	/* its subdirectories, -1 */
} store = { .fd = -1, .images = -1, .tmp = -1 };

const char *nsrun_store_dir(void)
{
	const char *d = getenv("NSKIT_IMAGE_DIR"), *x;

	if (store.path[0])
		return store.path;
	if (d && *d) {
		char cwd[PATH_MAX];

		/* a relative one against the directory nsrun starts in, as NSKIT_STATE_DIR */
		if (d[0] != '/' && getcwd(cwd, sizeof(cwd)) &&
		    snprintf(store.path, sizeof(store.path), "%s/%s", cwd, d) < (int)sizeof(store.path))
			return store.path;
		snprintf(store.path, sizeof(store.path), "%s", d);
	} else if (geteuid() == 0) {
		snprintf(store.path, sizeof(store.path), "%s", NSRUN_IMAGE_DEFAULT_DIR);
	} else if ((x = getenv("XDG_DATA_HOME")) && x[0] == '/') {
		snprintf(store.path, sizeof(store.path), "%s/nskit/images", x);
	} else if ((x = getenv("HOME")) && x[0] == '/') {
		snprintf(store.path, sizeof(store.path), "%s/.local/share/nskit/images", x);
	} else {
		snprintf(store.path, sizeof(store.path), "/tmp/nskit-images-%u",
			 (unsigned int)geteuid());
	}
	return store.path;
}

int nsrun_store_try(char *msg, size_t size)
{
	struct runstate_check why;
	int fd;

	if (store.fd >= 0)
		return store.fd;
	fd = runstate_open_trusted(nsrun_store_dir(), false, "image store", &why);
	if (fd == -ENOENT)
		return fd;
	if (fd < 0) {
		runstate_check_str(&why, msg, size);
		return fd == -EPERM ? -EPERM : fd;
	}
	store.fd = fd;
	return fd;
}

int nsrun_store_open(bool create)
{
	struct runstate_check why;
	char msg[PATH_MAX + 128];
	int fd;

	if (store.fd >= 0)
		return store.fd;
	/*
	 * Security: images are run as root's containers, their files the
	 * lower layer of every container's root: a store that someone else
	 * could write to would let them put what root runs.
	 */
	fd = runstate_open_trusted(nsrun_store_dir(), create, "image store", &why);
	if (fd == -ENOENT && !create)
		return fd;
	if (fd < 0) {
		runstate_check_str(&why, msg, sizeof(msg));
		nsrun_die("%s", msg);
	}
	store.fd = fd;
	return fd;
}

int nsrun_store_sub(const char *name, bool create)
{
	bool tmp = strcmp(name, "tmp") == 0;
	int *slot = tmp ? &store.tmp : &store.images;
	struct runstate_check why;
	char msg[PATH_MAX + 128];
	int fd, top;

	if (*slot >= 0)
		return *slot;
	top = nsrun_store_open(create);
	if (top < 0)
		return top;
	/* tmp/ holds the lock and half-loaded images: the owner's alone */
	fd = runstate_open_trusted_at(top, nsrun_store_dir(), name, create, tmp ? 0700 : 0755,
				      tmp ? 077 : 022, "image store", &why);
	if (fd == -ENOENT && !create)
		return fd;
	if (fd < 0) {
		runstate_check_str(&why, msg, sizeof(msg));
		nsrun_die("%s", msg);
	}
	*slot = fd;
	return fd;
}

int nsrun_store_lock(void)
{
	int dfd = nsrun_store_sub("tmp", true), fd;

	fd = fsutil_open_beneath(dfd, "lock", O_RDWR | O_CREAT, 0600);
	if (fd < 0)
		nsrun_die_errno(fd, "cannot open the lock of image store '%s'", nsrun_store_dir());
	while (flock(fd, LOCK_EX) < 0)
		if (errno != EINTR)
			nsrun_die_errno(-errno, "cannot lock image store '%s'", nsrun_store_dir());
	return fd;
}

void nsrun_store_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

/* ------------------------------------------------------------------ refs */

struct ref_entry {
	char repo[IMGSPEC_REF_MAX];
	char tag[129];
	char id[IMGSPEC_HEX_LEN + 1];
};

static bool valid_hex(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* The names of the store's images; lines that are not names are skipped. */
static int refs_load(struct ref_entry **out, size_t *n)
{
	struct ref_entry *v = NULL;
	size_t len, count = 0, cap = 0;
	char *buf, *line, *save = NULL;
	int fd, rc;

	*out = NULL;
	*n = 0;
	fd = nsrun_store_open(false);
	if (fd < 0)
		return fd == -ENOENT ? 0 : fd;
	fd = fsutil_open_beneath(fd, "refs", O_RDONLY | O_NONBLOCK, 0);
	if (fd == -ENOENT)
		return 0;
	if (fd < 0)
		return fd;
	rc = procfs_read_fd(fd, REFS_MAX, &buf, &len);
	close(fd);
	if (rc < 0)
		return rc;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct imgspec_ref r;
		char repo[IMGSPEC_REF_MAX], tag[129], id[IMGSPEC_HEX_LEN + 2], full[400];

		if (line[0] == '#' ||
		    sscanf(line, "%255s %128s %65s", repo, tag, id) != 3 ||
		    strlen(id) != IMGSPEC_HEX_LEN || !valid_hex(id, IMGSPEC_HEX_LEN))
			continue;
		snprintf(full, sizeof(full), "%s:%s", repo, tag);
		if (imgspec_parse_ref(full, &r) < 0 || strcmp(r.repo, repo) != 0 ||
		    strcmp(r.tag, tag) != 0)
			continue;
		if (count == cap) {
			struct ref_entry *nv;

			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof(*nv));
			if (!nv) {
				free(v);
				free(buf);
				return -ENOMEM;
			}
			v = nv;
		}
		snprintf(v[count].repo, sizeof(v[count].repo), "%s", repo);
		snprintf(v[count].tag, sizeof(v[count].tag), "%s", tag);
		memcpy(v[count].id, id, IMGSPEC_HEX_LEN + 1);
		count++;
	}
	free(buf);
	*out = v;
	*n = count;
	return 0;
}

/* Replace the refs file (under the lock): a new file in tmp/, renamed over it. */
static int refs_save(const struct ref_entry *v, size_t n)
{
	int tmp = nsrun_store_sub("tmp", true), top = nsrun_store_open(true), fd, rc = 0;
	char name[64];
	FILE *f;

	snprintf(name, sizeof(name), "refs.%d", (int)getpid());
	unlinkat(tmp, name, 0);
	fd = fsutil_open_beneath(tmp, name, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0)
		return fd;
	f = fdopen(fd, "w");
	if (!f) {
		rc = -errno;
		close(fd);
		goto out;
	}
	fprintf(f, "# nsrun image names: REPOSITORY TAG ID\n");
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s %s %s\n", v[i].repo, v[i].tag, v[i].id);
	if (fflush(f) != 0 || ferror(f))
		rc = -EIO;
	if (fclose(f) != 0 && !rc)
		rc = -EIO;
	if (!rc && renameat(tmp, name, top, "refs") < 0)
		rc = -errno;
out:
	if (rc)
		unlinkat(tmp, name, 0);
	return rc;
}

/* Do two repositories name the same, Docker's short names against their long forms? */
static bool same_repo(const char *a, const char *b)
{
	return strcmp(a, b) == 0 || strcmp(imgspec_familiar(a), imgspec_familiar(b)) == 0;
}

int nsrun_refs_tag(const char *repo, const char *tag, const char *id)
{
	struct ref_entry *v, *nv;
	size_t n;
	int rc = refs_load(&v, &n);

	if (rc < 0)
		return rc;
	/* a name is one image's: it moves to the new one, as with docker tag and load */
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].repo, repo) == 0 && strcmp(v[i].tag, tag) == 0) {
			memcpy(v[i].id, id, IMGSPEC_HEX_LEN + 1);
			rc = refs_save(v, n);
			free(v);
			return rc;
		}
	nv = realloc(v, (n + 1) * sizeof(*nv));
	if (!nv) {
		free(v);
		return -ENOMEM;
	}
	v = nv;
	snprintf(v[n].repo, sizeof(v[n].repo), "%s", repo);
	snprintf(v[n].tag, sizeof(v[n].tag), "%s", tag);
	memcpy(v[n].id, id, IMGSPEC_HEX_LEN + 1);
	rc = refs_save(v, n + 1);
	free(v);
	return rc;
}

/* -------------------------------------------------------------- lookups */

/* The ids of the store's images (names of images/), malloc'ed. */
static int list_ids(char ***ids, size_t *n)
{
	char **v = NULL;
	size_t count = 0, cap = 0;
	struct dirent *d;
	DIR *dir;
	int dfd = nsrun_store_sub("images", false), fd;

	*ids = NULL;
	*n = 0;
	if (dfd < 0)
		return dfd == -ENOENT ? 0 : dfd;
	fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	dir = fd < 0 ? NULL : fdopendir(fd);
	if (!dir) {
		if (fd >= 0)
			close(fd);
		return -errno;
	}
	while ((d = readdir(dir))) {
		if (strlen(d->d_name) != IMGSPEC_HEX_LEN || !valid_hex(d->d_name, IMGSPEC_HEX_LEN))
			continue;
		if (count == cap) {
			char **nv;

			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof(*nv));
			if (!nv)
				break;
			v = nv;
		}
		if (!(v[count] = strdup(d->d_name)))
			break;
		count++;
	}
	closedir(dir);
	*ids = v;
	*n = count;
	return 0;
}

static void free_ids(char **ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

/* Read a small file of an image's directory whole; NULL with rc. */
static char *read_image_file(const char *id, const char *file, size_t max, size_t *len, int *rc)
{
	char path[IMGSPEC_HEX_LEN + 32], *buf;
	int dfd = nsrun_store_sub("images", false), fd;

	if (dfd < 0) {
		*rc = dfd;
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/%s", id, file);
	fd = fsutil_open_beneath(dfd, path, O_RDONLY | O_NONBLOCK, 0);
	if (fd < 0) {
		*rc = fd;
		return NULL;
	}
	*rc = procfs_read_fd(fd, max, &buf, len);
	close(fd);
	return *rc < 0 ? NULL : buf;
}

static int load_image(const char *id, struct nsrun_image *img)
{
	const char *why;
	size_t len;
	char *json;
	int rc;

	snprintf(img->id, sizeof(img->id), "%s", id);
	snprintf(img->rootfs, sizeof(img->rootfs), "%s/images/%s/rootfs", nsrun_store_dir(), id);
	json = read_image_file(id, "config.json", IMGSPEC_JSON_MAX, &len, &rc);
	if (!json)
		return rc == -ENOENT ? -ENOENT : rc;
	rc = imgspec_parse_config(json, len, &img->config, &why);
	free(json);
	return rc < 0 ? -EINVAL : 0;
}

int nsrun_image_find(const char *arg, size_t min_prefix, struct nsrun_image *img)
{
	struct imgspec_ref r;
	struct ref_entry *v;
	const char *hex = arg;
	size_t n, hl;
	int rc;

	memset(img, 0, sizeof(*img));
	if (nsrun_store_open(false) < 0)
		return -ENOENT;
	if (imgspec_parse_ref(arg, &r) == 0) {
		rc = refs_load(&v, &n);
		if (rc < 0)
			return rc;
		for (size_t i = 0; i < n; i++)
			if (same_repo(v[i].repo, r.repo) && strcmp(v[i].tag, r.tag) == 0) {
				snprintf(img->name, sizeof(img->name), "%s:%s", v[i].repo, v[i].tag);
				rc = load_image(v[i].id, img);
				free(v);
				return rc;
			}
		free(v);
	}
	/* an id, or a prefix of one */
	if (strncmp(hex, "sha256:", 7) == 0)
		hex += 7;
	hl = strlen(hex);
	if (hl >= min_prefix && hl <= IMGSPEC_HEX_LEN && hl >= 1 && valid_hex(hex, hl)) {
		char **ids, *found = NULL;
		size_t nids;
		bool several = false;

		rc = list_ids(&ids, &nids);
		if (rc < 0)
			return rc;
		for (size_t i = 0; i < nids; i++)
			if (strncmp(ids[i], hex, hl) == 0) {
				several = found != NULL;
				found = ids[i];
			}
		rc = several ? -ENOTUNIQ : found ? load_image(found, img) : -ENOENT;
		free_ids(ids, nids);
		return rc;
	}
	return -ENOENT;
}

void nsrun_image_release(struct nsrun_image *img)
{
	imgspec_config_free(&img->config);
}

/* -------------------------------------------------------------- removal */

struct tree_args {
	int dfd;
	const char *name;
};

static int remove_fn(void *arg)
{
	const struct tree_args *a = arg;
	int rc = fsutil_remove_tree(a->dfd, a->name);

	return rc < 0 ? -rc : 0;
}

/*
 * Remove an entry of tmp/ with everything below: for a rootless store,
 * as root of a user namespace mapped as the containers' (the image's
 * files belong to the ids of its owners there).
 */
static int remove_tmp_tree(const char *name)
{
	struct tree_args a = { .dfd = nsrun_store_sub("tmp", true), .name = name };
	int rc = nsrun_userns_run(remove_fn, &a);

	return rc > 0 ? -rc : rc;
}

/* Remove an image's directory: out of images/ at once (never seen half-removed), then its files. */
static int remove_image(const char *id)
{
	char name[IMGSPEC_HEX_LEN + 32];
	int images = nsrun_store_sub("images", false), tmp = nsrun_store_sub("tmp", true);

	if (images < 0)
		return images;
	snprintf(name, sizeof(name), "rm.%d.%.12s", (int)getpid(), id);
	if (renameat(images, id, tmp, name) < 0)
		return -errno;
	return remove_tmp_tree(name);
}

/* What is in tmp/ of a process that is gone: "load.PID.X", "rm.PID.X", "refs.PID". */
static pid_t tmp_owner(const char *name)
{
	const char *dot = strchr(name, '.');
	char *end;
	long pid;

	if (!dot || (strncmp(name, "load.", 5) != 0 && strncmp(name, "rm.", 3) != 0 &&
		     strncmp(name, "refs.", 5) != 0))
		return 0;
	pid = strtol(dot + 1, &end, 10);
	if (pid <= 0 || pid > 0x7fffffff || (*end && *end != '.'))
		return 0;
	return (pid_t)pid;
}

int nsrun_store_sweep(bool quiet)
{
	struct dirent *d;
	DIR *dir;
	int dfd, fd, removed = 0;

	if (nsrun_store_open(false) < 0 || (dfd = nsrun_store_sub("tmp", false)) < 0)
		return 0;
	fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	dir = fd < 0 ? NULL : fdopendir(fd);
	if (!dir) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while ((d = readdir(dir))) {
		pid_t pid = tmp_owner(d->d_name);

		if (!pid || pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH)
			continue;
		if (remove_tmp_tree(d->d_name) == 0) {
			removed++;
			if (!quiet)
				printf("removed '%s' of the image store\n", d->d_name);
		}
	}
	closedir(dir);
	return removed;
}

/* The containers of this state directory that run (or were kept with) image id: "a, b". */
static bool image_in_use(const char *id, char *who, size_t size)
{
	char **names;
	size_t n, len = 0;
	bool used = false;

	who[0] = '\0';
	if (runstate_open(NULL) < 0 || runstate_list(&names, &n) < 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		struct runstate st;

		if (runstate_load(names[i], &st) < 0 || strcmp(st.image_id, id) != 0)
			continue;
		used = true;
		if (len + strlen(st.name) + 3 < size)
			len += (size_t)snprintf(who + len, size - len, "%s%s", len ? ", " : "",
						st.name);
	}
	runstate_names_free(names, n);
	return used;
}

/* ---------------------------------------------------------- subcommands */

enum { ICOL_REPO, ICOL_TAG, ICOL_ID, ICOL_CREATED, ICOL_SIZE, NICOLS };

static const struct out_column image_columns[NICOLS] = {
	[ICOL_REPO]	= { "REPOSITORY", 0, 0, SCOLS_JSON_STRING, "its name, <none> for none" },
	[ICOL_TAG]	= { "TAG", 0, 0, SCOLS_JSON_STRING, "its tag" },
	[ICOL_ID]	= { "ID", 0, 0, SCOLS_JSON_STRING, "the sha256 of its config" },
	[ICOL_CREATED]	= { "CREATED", 0, 0, SCOLS_JSON_STRING, "when it was built" },
	[ICOL_SIZE]	= { "SIZE", 0, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "the size of its files" },
};

/* Docker's sizes: decimal units, three figures ("4.27MB"). */
static void human_size(unsigned long long b, char *buf, size_t size)
{
	static const char *const units[] = { "B", "kB", "MB", "GB", "TB" };
	double v = (double)b;
	size_t u = 0;

	while (v >= 1000 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1000;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%lluB", b);
	else
		snprintf(buf, size, "%.*f%s", v < 10 ? 2 : v < 100 ? 1 : 0, v, units[u]);
}

/* "3 days ago", as docker images says it. */
static void human_age(long long t, char *buf, size_t size)
{
	static const struct {
		long long secs;
		const char *unit;
	} units[] = { { 365LL * 86400, "year" }, { 30LL * 86400, "month" }, { 7 * 86400, "week" },
		      { 86400, "day" }, { 3600, "hour" }, { 60, "minute" }, { 1, "second" } };
	long long age = (long long)time(NULL) - t;

	if (!t) {
		snprintf(buf, size, "N/A");
		return;
	}
	if (age < 1) {
		snprintf(buf, size, "Less than a second ago");
		return;
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (age >= units[i].secs) {
			long long n = age / units[i].secs;

			snprintf(buf, size, "%lld %s%s ago", n, units[i].unit, n == 1 ? "" : "s");
			return;
		}
}

/* An image's size and created time, from its info and config. */
static void image_facts(const char *id, unsigned long long *bytes, long long *created)
{
	struct nsrun_image img;
	size_t len;
	char *info;
	int rc;

	*bytes = 0;
	*created = 0;
	info = read_image_file(id, "info", 65536, &len, &rc);
	if (info) {
		const char *p = strstr(info, "size=");

		if (p == info || (p && p[-1] == '\n'))
			*bytes = strtoull(p + 5, NULL, 10);
		free(info);
	}
	if (load_image(id, &img) == 0)
		*created = img.config.created;
	nsrun_image_release(&img);
}

static void image_row(struct libscols_table *tb, const struct out_opts *oo, const char *repo,
		      const char *tag, const char *id, bool no_trunc)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	unsigned long long bytes;
	long long created;
	char size[32], age[64], idtext[80];

	image_facts(id, &bytes, &created);
	if (oo->format == OUT_JSON) {
		snprintf(size, sizeof(size), "%llu", bytes);
		if (created)
			jsonw_rfc3339(created, age, sizeof(age));
		else
			age[0] = '\0';
	} else {
		human_size(bytes, size, sizeof(size));
		human_age(created, age, sizeof(age));
	}
	snprintf(idtext, sizeof(idtext), "%s%.*s", no_trunc ? "sha256:" : "",
		 no_trunc ? IMGSPEC_HEX_LEN : 12, id);
	if (!ln || out_cell(oo, ln, ICOL_REPO, repo) || out_cell(oo, ln, ICOL_TAG, tag) ||
	    out_cell(oo, ln, ICOL_ID, idtext) || out_cell(oo, ln, ICOL_CREATED, age[0] ? age : NULL) ||
	    out_cell(oo, ln, ICOL_SIZE, size))
		nsrun_die("out of memory");
}

int nsrun_cmd_images(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "json", no_argument, NULL, 'J' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "no-trunc", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct out_opts oo = { .json_name = "images" };
	bool quiet = false, no_trunc = false;
	struct libscols_table *tb;
	struct ref_entry *v;
	char **ids;
	size_t n, nids;
	int c, rc;

	while ((c = getopt_long(argc, argv, "qJnh", longopts, NULL)) != -1) {
		switch (c) {
		case 'q':
			quiet = true;
			break;
		case 'J':
			oo.format = OUT_JSON;
			break;
		case 'n':
			oo.noheadings = true;
			break;
		case 'T':
			no_trunc = true;
			break;
		case 'h':
			printf("Usage: %s images [options]\n\nList the images of the store (%s): a "
			       "line per name, <none> for an image\nwithout one.\n\nOptions:\n"
			       " -q, --quiet           their ids alone\n"
			       " -J, --json            JSON output\n"
			       " -n, --noheadings      no header\n"
			       "     --no-trunc        whole ids\n"
			       " -h, --help            display this help\n", cli_name,
			       nsrun_store_dir());
			return EXIT_SUCCESS;
		default:
			cli_try_help();
		}
	}
	if (optind < argc)
		nsrun_die("images: unexpected argument '%s'", argv[optind]);
	rc = refs_load(&v, &n);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot read the names of image store '%s'", nsrun_store_dir());
	rc = list_ids(&ids, &nids);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot read image store '%s'", nsrun_store_dir());
	if (quiet) {
		for (size_t i = 0; i < nids; i++)
			printf("%.*s\n", no_trunc ? IMGSPEC_HEX_LEN : 12, ids[i]);
		free_ids(ids, nids);
		free(v);
		cli_check_stdout();
		return EXIT_SUCCESS;
	}
	tb = nsrun_table_new(&oo, image_columns, NULL, NICOLS);
	for (size_t i = 0; i < n; i++) {
		/* a name whose image is gone (removed by hand) is no image */
		bool there = false;

		for (size_t j = 0; j < nids && !there; j++)
			there = strcmp(ids[j], v[i].id) == 0;
		if (there)
			image_row(tb, &oo, v[i].repo, v[i].tag, v[i].id, no_trunc);
	}
	for (size_t j = 0; j < nids; j++) {
		bool named = false;

		for (size_t i = 0; i < n && !named; i++)
			named = strcmp(ids[j], v[i].id) == 0;
		if (!named)
			image_row(tb, &oo, "<none>", "<none>", ids[j], no_trunc);
	}
	free_ids(ids, nids);
	free(v);
	return nsrun_table_print(tb);
}

/* rmi of one name or id; 0, or 1 after a warning. */
static int rmi_one(const char *arg, bool force)
{
	struct nsrun_image img;
	struct imgspec_ref r;
	struct ref_entry *v;
	char who[256];
	size_t n, kept = 0, names = 0;
	bool by_name;
	int rc, lock;

	rc = nsrun_image_find(arg, 1, &img);
	if (rc == -ENOTUNIQ) {
		nsrun_warn("'%s' is the prefix of several images' ids", arg);
		return 1;
	}
	if (rc < 0) {
		nsrun_warn("no such image: '%s'", arg);
		return 1;
	}
	by_name = img.name[0] != '\0';
	nsrun_image_release(&img);
	lock = nsrun_store_lock();
	rc = refs_load(&v, &n);
	if (rc < 0) {
		nsrun_store_unlock(lock);
		nsrun_warn_errno(rc, "cannot read the names of image store '%s'", nsrun_store_dir());
		return 1;
	}
	for (size_t i = 0; i < n; i++)
		names += strcmp(v[i].id, img.id) == 0;
	if (!by_name && names > 1 && !force) {
		free(v);
		nsrun_store_unlock(lock);
		nsrun_warn("image %.12s has several names: remove them by name, or with -f", img.id);
		return 1;
	}
	/* the last name of an image goes with its files: refused while a container uses them */
	if ((!by_name || names <= 1) && image_in_use(img.id, who, sizeof(who))) {
		free(v);
		nsrun_store_unlock(lock);
		nsrun_warn("image '%s' is used by container%s %s: remove %s first", arg,
			   strchr(who, ',') ? "s" : "", who, strchr(who, ',') ? "them" : "it");
		return 1;
	}
	imgspec_parse_ref(img.name, &r);
	for (size_t i = 0; i < n; i++) {
		bool drop = by_name ? strcmp(v[i].repo, r.repo) == 0 && strcmp(v[i].tag, r.tag) == 0 :
				      strcmp(v[i].id, img.id) == 0;

		if (drop)
			printf("Untagged: %s:%s\n", imgspec_familiar(v[i].repo), v[i].tag);
		else
			v[kept++] = v[i];
	}
	rc = refs_save(v, kept);
	if (rc < 0) {
		free(v);
		nsrun_store_unlock(lock);
		nsrun_warn_errno(rc, "cannot write the names of image store '%s'",
				 nsrun_store_dir());
		return 1;
	}
	names = 0;
	for (size_t i = 0; i < kept; i++)
		names += strcmp(v[i].id, img.id) == 0;
	free(v);
	if (!names) {
		rc = remove_image(img.id);
		if (rc < 0) {
			nsrun_store_unlock(lock);
			nsrun_warn_errno(rc, "cannot remove image %.12s", img.id);
			return 1;
		}
		printf("Deleted: sha256:%s\n", img.id);
	}
	nsrun_store_unlock(lock);
	return 0;
}

int nsrun_cmd_rmi(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool force = false;
	int c, failed = 0;

	while ((c = getopt_long(argc, argv, "fh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			force = true;
			break;
		case 'h':
			printf("Usage: %s rmi [options] <image>...\n\nRemove a name of an image, and "
			       "the image with its last name; by id, every\nname. An image that a "
			       "container uses stays.\n\nOptions:\n"
			       " -f, --force           by id, an image of several names\n"
			       " -h, --help            display this help\n", cli_name);
			return EXIT_SUCCESS;
		default:
			cli_try_help();
		}
	}
	if (optind == argc)
		nsrun_die("rmi: an image is needed");
	nsrun_state_open();
	for (int i = optind; i < argc; i++)
		failed += rmi_one(argv[i], force);
	cli_check_stdout();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

int nsrun_cmd_tag(int argc, char **argv)
{
	struct nsrun_image img;
	struct imgspec_ref r;
	int rc, lock;

	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		printf("Usage: %s tag <image> <name>[:<tag>]\n\nGive an image another name.\n\n"
		       "Options:\n -h, --help            display this help\n", cli_name);
		return EXIT_SUCCESS;
	}
	if (argc != 3)
		nsrun_die("tag: expected an image and a new name");
	if (imgspec_parse_ref(argv[2], &r) < 0)
		nsrun_die("invalid image name '%s'", argv[2]);
	rc = nsrun_image_find(argv[1], 1, &img);
	if (rc == -ENOTUNIQ)
		nsrun_die("'%s' is the prefix of several images' ids", argv[1]);
	if (rc < 0)
		nsrun_die("no such image: '%s'", argv[1]);
	nsrun_image_release(&img);
	lock = nsrun_store_lock();
	rc = nsrun_refs_tag(r.repo, r.tag, img.id);
	nsrun_store_unlock(lock);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot write the names of image store '%s'", nsrun_store_dir());
	return EXIT_SUCCESS;
}

/*
 * image load: nsrun-load (tools/nsrun-load.c), a program of its own so
 * that libarchive's libraries load only for it. Beside nsrun's binary (a
 * build tree), else where `make install` puts it.
 */
int nsrun_cmd_load(int argc, char **argv)
{
	/* as nsrun-init is found (run.c): beside nsrun, below its prefix, or where installed */
	static const char *const paths[] = { "nsrun-load", "../libexec/nskit/nsrun-load" };
	char dir[PATH_MAX], path[PATH_MAX + 64];

	(void)argc;
	fflush(NULL);
	if (cli_exe_dir(dir, sizeof(dir)) == 0)
		for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
			snprintf(path, sizeof(path), "%s/%s", dir, paths[i]);
			if (access(path, X_OK) == 0)
				execv(path, argv);
		}
	snprintf(path, sizeof(path), "%s/nsrun-load", NSKIT_LIBEXECDIR);
	execv(path, argv);
	nsrun_die_errno(-errno, "cannot run 'nsrun-load', which loads images: not beside nsrun, "
			"nor in '%s'", NSKIT_LIBEXECDIR);
}

int nsrun_cmd_image(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} cmds[] = {
		{ "load", nsrun_cmd_load }, { "ls", nsrun_cmd_images }, { "list", nsrun_cmd_images },
		{ "rm", nsrun_cmd_rmi },    { "tag", nsrun_cmd_tag },
	};

	if (argc < 2)
		nsrun_die("image: expected load, ls, rm or tag");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0) {
			argv[1] = argv[0];
			return cmds[i].fn(argc - 1, argv + 1);
		}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		printf("Usage:\n %s image load [-q] [-i] <file>\n %s image ls [-q] [-J]\n"
		       " %s image rm [-f] <image>...\n %s image tag <image> <name>\n", cli_name,
		       cli_name, cli_name, cli_name);
		return EXIT_SUCCESS;
	}
	nsrun_die("image: unknown subcommand '%s' (expected load, ls, rm or tag)", argv[1]);
}
