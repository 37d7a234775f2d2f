// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The live half of inspect: reading the facts of one side, category by
 * category, as the rows of inspect_cats[] (category.c) say.
 *
 * Two sources, in order of preference:
 *  1. From outside: a category's files under /proc/PID, where the side
 *     has a process and the kernel shows there the fact of the process's
 *     namespace to any reader with the right to look (mountinfo, uid_map,
 *     net/tcp...), and what its outside() reads besides (status, the
 *     snapshot).
 *  2. A child that enters the namespaces (nsenter_run_in) for what the
 *     kernel shows only to a process inside: the files that show the
 *     reader's namespace, and what a category's inside() reads (uname(2),
 *     the mqueue filesystem, netlink). Without a process (a namespace
 *     file), the child also reads through /proc/self the files that 1.
 *     would have read through /proc/PID. Namespaces the caller is in
 *     already are not entered.
 *
 * The child sends what it read back as frames, which are handed here to
 * the same parse() of the category as the files read outside; only the
 * network facts are made in the child (from netlink's structures) and sent
 * as items.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "category.h"

void inspect_target_init(struct inspect_target *t)
{
	memset(t, 0, sizeof(*t));
	t->pidfd = -1;
	for (int i = 0; i < NS_NTYPES; i++)
		t->nsfd[i] = -1;
}

/* What could not be had: kind of cat, or (cat INSPECT_NCATS) the side as a whole. */
static int fail_at(struct inspect_gather *g, enum inspect_cat cat, unsigned int kind, int err)
{
	g->e->cat = cat;
	g->e->kind = kind;
	g->e->type = cat < INSPECT_NCATS ? inspect_cats[cat].type : NS_UNKNOWN;
	g->e->err = err;
	return err;
}

int inspect_fail(struct inspect_gather *g, unsigned int kind, int err)
{
	return fail_at(g, g->cat, kind, err);
}

static int fail_side(struct inspect_gather *g, int err)
{
	return fail_at(g, INSPECT_NCATS, 0, err);
}

int inspect_read_proc(struct inspect_gather *g, const char *name, char **buf, size_t *len)
{
	char rel[64];
	int rc;

	if (g->t->pid > 0)
		snprintf(rel, sizeof(rel), "%d/%s", (int)g->t->pid, name);
	else
		snprintf(rel, sizeof(rel), "self/%s", name);
	rc = procfs_read_file(g->o->pfs, rel, 0, buf, len);
	if (rc == -ENOENT && g->t->pid > 0 && !procfs_pid_exists(g->o->pfs, g->t->pid))
		rc = -ESRCH;
	return rc;
}

int inspect_status(struct inspect_gather *g, const struct proc_status **st)
{
	if (!g->have_status) {
		g->status_rc = procfs_read_status(g->o->pfs, g->t->pid, &g->status);
		if (g->status_rc == -ENOENT)
			g->status_rc = -ESRCH;
		g->have_status = true;
	}
	*st = &g->status;
	return g->status_rc;
}

static bool cat_asked(const struct inspect_gather *g, enum inspect_cat cat)
{
	return g->types & NS_MASK(inspect_cats[cat].type);
}

/* ------------------------------------------------------------ outside */

/* Are the files of category ci read from outside for this side? */
static bool files_outside(struct inspect_gather *g, const struct inspect_cat_info *ci)
{
	return g->t->pid > 0 && (!ci->outside_ok || ci->outside_ok(g));
}

/* The category's files that show the process's namespace, through /proc/PID. */
static int read_files(struct inspect_gather *g, const struct inspect_cat_info *ci)
{
	for (unsigned int i = 0; i < INSPECT_FILES_MAX && ci->files[i].name; i++) {
		const struct inspect_file *fl = &ci->files[i];
		char *buf;
		size_t len;
		int rc;

		if (fl->flags & INSPECT_FILE_INSIDE)
			continue;
		rc = inspect_read_proc(g, fl->name, &buf, &len);
		if (rc == -ENOENT && (fl->flags & INSPECT_FILE_OPTIONAL))
			continue;
		if (rc)
			return inspect_fail(g, fl->kind, rc);
		rc = ci->parse(g, i, buf, len);
		free(buf);
		if (rc)
			return rc;
	}
	return 0;
}

/* *outside: a bit (1 << cat) per category whose files were read here. */
static int gather_outside(struct inspect_gather *g, unsigned int *outside)
{
	for (int c = 0; c < INSPECT_NCATS; c++) {
		const struct inspect_cat_info *ci = &inspect_cats[c];
		int rc;

		if (!cat_asked(g, c))
			continue;
		g->cat = c;
		if (files_outside(g, ci)) {
			*outside |= 1u << c;
			rc = read_files(g, ci);
			if (rc)
				return rc;
		}
		if (ci->outside) {
			rc = ci->outside(g);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* ------------------------------------------------------------- inside */

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A frame: its tag, its length, the few bytes of head (at most 8), then buf. */
static int send_frame(int fd, int tag, const void *head, size_t hlen, const void *buf,
		      size_t len)
{
	char start[5 + 8];
	uint32_t l = (uint32_t)(hlen + len);
	int rc;

	start[0] = (char)tag;
	memcpy(start + 1, &l, 4);
	if (hlen)
		memcpy(start + 5, head, hlen);
	rc = write_all(fd, start, 5 + hlen);
	return rc ? rc : write_all(fd, buf, len);
}

int inspect_send_data(const struct inspect_inside *in, int fd, unsigned int part,
		      const void *buf, size_t len)
{
	const unsigned char head[2] = { (unsigned char)in->cat, (unsigned char)part };

	return send_frame(fd, INSPECT_FRAME_DATA, head, sizeof(head), buf, len);
}

int inspect_send_error(const struct inspect_inside *in, int fd, unsigned int kind, int err)
{
	uint32_t v[3] = { (uint32_t)in->cat, kind, (uint32_t)(err < 0 ? -err : err) };

	return send_frame(fd, INSPECT_FRAME_ERROR, NULL, 0, v, sizeof(v));
}

int inspect_send_item(const struct inspect_inside *in, int fd, unsigned int kind,
		      const struct inspect_item *it)
{
	const unsigned char head[2] = { (unsigned char)in->cat, (unsigned char)kind };
	size_t kl = strlen(it->key) + 1, vl = strlen(it->value) + 1;
	size_t ll = it->list ? strlen(it->list) + 1 : 0;
	char *buf = malloc(kl + vl + ll);
	int rc;

	if (!buf)
		return inspect_send_error(in, fd, kind, -ENOMEM);
	memcpy(buf, it->key, kl);
	memcpy(buf + kl, it->value, vl);
	if (ll)
		memcpy(buf + kl + vl, it->list, ll);
	rc = send_frame(fd, INSPECT_FRAME_ITEM, head, sizeof(head), buf, kl + vl + ll);
	free(buf);
	return rc;
}

/*
 * The files of the category at work that are read inside: those that
 * show the reader's namespace (of the process, or under the proc root),
 * and, where they could not be read from outside, the others, through
 * /proc/self: the child is in the namespaces now.
 */
static int send_files(const struct inspect_inside *in, int fd)
{
	const struct inspect_cat_info *ci = &inspect_cats[in->cat];

	for (unsigned int i = 0; i < INSPECT_FILES_MAX && ci->files[i].name; i++) {
		const struct inspect_file *fl = &ci->files[i];
		char rel[64], *buf;
		size_t len;
		int rc;

		if ((fl->flags & INSPECT_FILE_INSIDE) && (fl->flags & INSPECT_FILE_ROOT))
			snprintf(rel, sizeof(rel), "%s", fl->name);
		else if ((fl->flags & INSPECT_FILE_INSIDE) && in->pid > 0)
			snprintf(rel, sizeof(rel), "%d/%s", (int)in->pid, fl->name);
		else if ((fl->flags & INSPECT_FILE_INSIDE) || (in->self_files & (1u << in->cat)))
			snprintf(rel, sizeof(rel), "self/%s", fl->name);
		else
			continue;
		rc = procfs_read_file(in->pfs, rel, 0, &buf, &len);
		if (rc == -ENOENT && (fl->flags & INSPECT_FILE_OPTIONAL))
			continue;
		if (rc) {
			rc = inspect_send_error(in, fd, fl->kind, rc);
		} else {
			rc = inspect_send_data(in, fd, i, buf, len);
			free(buf);
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* Runs in the child, inside the namespaces: read, send, never parse. */
static int inside_fn(void *data, int fd)
{
	struct inspect_inside in = *(const struct inspect_inside *)data;
	int rc = 0;

	for (int c = 0; !rc && c < INSPECT_NCATS; c++) {
		if (!(in.cats & (1u << c)))
			continue;
		in.cat = c;
		rc = send_files(&in, fd);
		if (!rc && inspect_cats[c].inside)
			rc = inspect_cats[c].inside(&in, fd);
	}
	if (!rc)
		rc = send_frame(fd, INSPECT_FRAME_END, NULL, 0, "", 0);
	return rc ? 1 : 0;
}

static int data_frame(struct inspect_gather *g, const char *buf, size_t len)
{
	enum inspect_cat cat;
	unsigned int part;
	const char *data;
	size_t dlen;

	if (inspect_parse_data_frame(buf, len, &cat, &part, &data, &dlen) || !cat_asked(g, cat) ||
	    !inspect_cats[cat].parse)
		return fail_side(g, -EINVAL);
	g->cat = cat;
	return inspect_cats[cat].parse(g, part, data, dlen);
}

static int item_frame(struct inspect_gather *g, const char *buf, size_t len)
{
	const char *key, *value, *list;
	enum inspect_cat cat;
	unsigned int kind;
	int rc;

	if (inspect_parse_item_frame(buf, len, &cat, &kind, &key, &value, &list) ||
	    !cat_asked(g, cat))
		return fail_side(g, -EINVAL);
	rc = inspect_list_add(&g->f->cat[cat][kind], key, value, list);
	return rc ? fail_at(g, cat, kind, rc) : 0;
}

static int error_frame(struct inspect_gather *g, const char *buf, size_t len)
{
	uint32_t v[3];

	if (len != sizeof(v))
		return fail_side(g, -EINVAL);
	memcpy(v, buf, sizeof(v));
	if (v[0] >= INSPECT_NCATS || v[1] >= inspect_nkinds(v[0])) {
		v[0] = INSPECT_NCATS;
		v[1] = 0;
	}
	return fail_at(g, v[0], v[1], v[2] && v[2] < 4096 ? -(int)v[2] : -EIO);
}

/* Parse one frame from the child. */
static int frame_fn(void *data, int tag, const char *buf, size_t len)
{
	struct inspect_gather *g = data;

	switch (tag) {
	case INSPECT_FRAME_DATA:
		return data_frame(g, buf, len);
	case INSPECT_FRAME_ITEM:
		return item_frame(g, buf, len);
	case INSPECT_FRAME_ERROR:
		return error_frame(g, buf, len);
	case INSPECT_FRAME_END:
		return 0;
	}
	return fail_side(g, -EINVAL);
}

static int check_end(void *data, int tag, const char *buf, size_t len)
{
	(void)buf;
	(void)len;
	*(bool *)data = tag == INSPECT_FRAME_END;
	return 0;
}

/* The inode of the caller's own namespace of type t, 0 when unknown. */
static uint64_t self_ino(const struct procfs *pfs, enum ns_type t)
{
	char rel[32], link[64];
	enum ns_type type;
	uint64_t ino;
	ssize_t n;

	snprintf(rel, sizeof(rel), "self/ns/%s", nstype_table[t].file);
	n = readlinkat(pfs->rootfd, rel, link, sizeof(link) - 1);
	if (n <= 0 || nstype_parse_link(link, (size_t)n, &type, &ino) || type != t)
		return 0;
	return ino;
}

/*
 * What the child has to do: the categories with files to read inside, or
 * an inside() of their own; *mask: the types to enter for them.
 */
static void inside_work(struct inspect_gather *g, unsigned int outside, struct inspect_inside *in,
			ns_mask_t *mask)
{
	for (int c = 0; c < INSPECT_NCATS; c++) {
		const struct inspect_cat_info *ci = &inspect_cats[c];
		bool work = ci->inside;

		if (!cat_asked(g, c))
			continue;
		for (unsigned int i = 0; i < INSPECT_FILES_MAX && ci->files[i].name; i++) {
			if (ci->files[i].flags & INSPECT_FILE_INSIDE) {
				work = true;
			} else if (!(outside & (1u << c))) {
				work = true;
				in->self_files |= 1u << c;
			}
		}
		if (!work)
			continue;
		in->cats |= 1u << c;
		*mask |= NS_MASK(ci->type);
	}
}

static int gather_inside(struct inspect_gather *g, unsigned int outside)
{
	struct inspect_inside in = { .pfs = g->o->pfs, .pid = g->t->pid, .snap = g->o->snap };
	struct nsenter_opts o;
	ns_mask_t mask = 0;
	char *out = NULL;
	size_t outlen = 0;
	bool ended = false;
	int rc, status;

	inside_work(g, outside, &in, &mask);
	if (!in.cats)
		return 0;
	/*
	 * Namespaces we are in already are not entered: setns(2) wants
	 * CAP_SYS_ADMIN over a namespace even when one is in it, which an
	 * unprivileged caller has not over its own (the host's).
	 */
	for (int t = 0; t < NS_NTYPES; t++)
		if ((mask & NS_MASK(t)) && g->t->ino[t] && g->t->ino[t] == self_ino(g->o->pfs, t))
			mask &= ~NS_MASK(t);
	/* with an empty mask the child enters nothing and only reads */
	nsenter_opts_init(&o);
	o.pid = g->t->pid;
	o.pidfd = g->t->pidfd;
	o.pfs = g->o->pfs;
	o.mask = mask;
	/*
	 * Unprivileged, a namespace owned by another user namespace can only
	 * be entered from inside that one: enter it too (first, as nsenter
	 * orders it; as -a does, it is left out when it is ours already).
	 * Root enters the others directly and keeps its own view of uids.
	 */
	if (geteuid() != 0 && mask && !(mask & NS_MASK(NS_USER)))
		o.all = NS_MASK(NS_USER);
	/* only reading: credentials stay what they are */
	o.flags = NSENTER_PRESERVE_CRED;
	for (int t = 0; t < NS_NTYPES; t++) {
		o.fd[t] = g->t->nsfd[t];
		o.file[t] = g->t->nsfile[t];
	}
	rc = nsenter_run_in(&o, inside_fn, &in, &out, &outlen, &status, &g->e->enter);
	if (rc) {
		g->e->entering = true;
		fail_side(g, rc);
		g->e->type = g->e->enter.type;
		return rc;
	}
	rc = inspect_parse_frames(out, outlen, frame_fn, g);
	if (rc && !g->e->err)
		rc = fail_side(g, rc);
	/* all or nothing: the child must have said everything and ended well */
	if (!rc && inspect_parse_frames(out, outlen, check_end, &ended) == 0 &&
	    (!ended || !WIFEXITED(status) || WEXITSTATUS(status) != 0))
		rc = fail_side(g, -EPIPE);
	free(out);
	return rc;
}

/* ------------------------------------------------------------- gather */

int inspect_gather(const struct inspect_opts *o, const struct inspect_target *t,
		   ns_mask_t types, struct inspect_facts *f, struct inspect_error *e)
{
	struct inspect_gather g = { .o = o, .t = t, .types = types, .f = f, .e = e };
	unsigned int outside = 0;
	int rc;

	memset(e, 0, sizeof(*e));
	e->cat = INSPECT_NCATS;
	e->type = NS_UNKNOWN;
	memset(f, 0, sizeof(*f));
	f->types = types;
	if (!o->pfs->live)
		return fail_side(&g, -EOPNOTSUPP);

	rc = gather_outside(&g, &outside);
	if (!rc)
		rc = gather_inside(&g, outside);
	for (int c = 0; c < INSPECT_NCATS; c++)
		free(g.kept[c].buf);
	if (!rc)
		inspect_facts_sort(f);
	return rc;
}
