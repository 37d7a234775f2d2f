// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <linux/nsfs.h>

#include "array.h"
#include "nsfs.h"
#include "sys.h"

int nsfs_get_userns(int nsfd)
{
	int fd = sys_ns_ioctl(nsfd, NS_GET_USERNS);

	return fd < 0 ? -errno : fd;
}

int nsfs_get_parent(int nsfd)
{
	int fd = sys_ns_ioctl(nsfd, NS_GET_PARENT);

	return fd < 0 ? -errno : fd;
}

int nsfs_get_nstype(int nsfd, enum ns_type *type)
{
	int flag = sys_ns_ioctl(nsfd, NS_GET_NSTYPE);
	enum ns_type t;

	if (flag < 0)
		return -errno;
	t = nstype_from_clone(flag);
	if (t == NS_UNKNOWN)
		return -EINVAL;
	*type = t;
	return 0;
}

int nsfs_get_owner_uid(int nsfd, uid_t *uid)
{
	return sys_ns_ioctl_arg(nsfd, NS_GET_OWNER_UID, uid) < 0 ? -errno : 0;
}

int nsfs_fd_ino(int fd, uint64_t *ino)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	*ino = st.st_ino;
	return 0;
}

/* The field at *p up to the next space (or eol); *p moves past that space. */
static bool next_field(const char **p, const char *eol, const char **f, size_t *len)
{
	const char *sp;

	if (*p > eol)
		return false;
	sp = memchr(*p, ' ', (size_t)(eol - *p));
	*f = *p;
	*len = (size_t)((sp ? sp : eol) - *p);
	*p = sp ? sp + 1 : eol + 1;
	return true;
}

bool mountinfo_split(const char *p, const char *eol, struct mountinfo_line *m)
{
	const char *f;
	size_t len;

	if (!next_field(&p, eol, &m->id, &m->id_len) ||
	    !next_field(&p, eol, &m->parent, &m->parent_len) ||
	    !next_field(&p, eol, &m->dev, &m->dev_len) ||
	    !next_field(&p, eol, &m->root, &m->root_len) ||
	    !next_field(&p, eol, &m->target, &m->target_len) ||
	    !next_field(&p, eol, &m->options, &m->options_len))
		return false;
	/* optional fields ("shared:1"), up to the separator */
	do
		if (!next_field(&p, eol, &f, &len))
			return false;
	while (!(len == 1 && f[0] == '-'));
	if (!next_field(&p, eol, &m->fstype, &m->fstype_len) ||
	    !next_field(&p, eol, &m->source, &m->source_len) ||
	    !next_field(&p, eol, &m->super, &m->super_len))
		return false;
	/* the super options are the last field, and a number of fields is not */
	return p > eol && m->id_len && m->parent_len && m->fstype_len;
}

void mountinfo_unescape(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)(((r[1] - '0') << 6) | ((r[2] - '0') << 3) | (r[3] - '0'));
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

void nsfs_mounts_free(struct nsfs_mount *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(m[i].target);
	free(m);
}

/*
 * mountinfo(5): "ID PARENT MAJ:MIN ROOT TARGET OPTIONS [OPTIONAL...] - FSTYPE
 * SOURCE SUPER". For nsfs, ROOT is the namespace link text: "net:[4026532]".
 */
int nsfs_parse_mountinfo(const char *buf, size_t len, struct nsfs_mount **out, size_t *n)
{
	struct nsfs_mount *v = NULL;
	size_t cnt = 0, cap = 0;
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		struct mountinfo_line m;
		enum ns_type t;
		uint64_t ino;

		if (!eol)
			eol = end;
		if (mountinfo_split(p, eol, &m) && m.fstype_len == 4 &&
		    memcmp(m.fstype, "nsfs", 4) == 0 &&
		    nstype_parse_link(m.root, m.root_len, &t, &ino) == 0) {
			char *target;

			if (array_grow((void **)&v, &cap, cnt + 1, sizeof(*v)) < 0)
				goto nomem;
			target = strndup(m.target, m.target_len);
			if (!target)
				goto nomem;
			mountinfo_unescape(target);
			v[cnt].type = t;
			v[cnt].ino = ino;
			v[cnt].target = target;
			cnt++;
		}
		p = eol + 1;
	}
	*out = v;
	*n = cnt;
	return 0;
nomem:
	nsfs_mounts_free(v, cnt);
	return -ENOMEM;
}
