// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The pure half of inspect: item lists, the parsers of what /proc shows
 * about a namespace and of the frames the inside child sends, and the
 * formats of the items made from them. Nothing here does I/O, so all of
 * it is unit-tested and fuzzed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "array.h"
#include "cgroup.h"
#include "hashmap.h"
#include "inspect.h"
#include "nsfs.h"

/* ------------------------------------------------------------ item lists */

int inspect_list_add(struct inspect_list *l, const char *key, const char *value,
		     const char *list)
{
	struct inspect_item *it;

	if (array_grow((void **)&l->items, &l->cap, l->n + 1, sizeof(*l->items)) < 0)
		return -ENOMEM;
	it = &l->items[l->n];
	it->key = strdup(key ? key : "");
	it->value = strdup(value ? value : "");
	it->list = list ? strdup(list) : NULL;
	if (!it->key || !it->value || (list && !it->list)) {
		free(it->key);
		free(it->value);
		free(it->list);
		return -ENOMEM;
	}
	l->n++;
	return 0;
}

static void item_release(struct inspect_item *it)
{
	free(it->key);
	free(it->value);
	free(it->list);
}

/* Sorting must keep the first of equal keys first: a stable order by index. */
struct sort_ent {
	struct inspect_item item;
	size_t index;
};

static int cmp_sort_ent(const void *a, const void *b)
{
	const struct sort_ent *x = a, *y = b;
	int c = strcmp(x->item.key, y->item.key);

	if (c)
		return c;
	return (x->index > y->index) - (x->index < y->index);
}

void inspect_list_sort(struct inspect_list *l)
{
	struct sort_ent *v;
	size_t w = 0;

	if (l->n < 2)
		return;
	v = malloc(l->n * sizeof(*v));
	if (v) {
		for (size_t i = 0; i < l->n; i++) {
			v[i].item = l->items[i];
			v[i].index = i;
		}
		qsort(v, l->n, sizeof(*v), cmp_sort_ent);
		for (size_t i = 0; i < l->n; i++)
			l->items[i] = v[i].item;
		free(v);
	} else {
		/* no memory for stability: still sorted, duplicates in any order */
		qsort(l->items, l->n, sizeof(*l->items), cmp_sort_ent);
	}
	for (size_t i = 0; i < l->n; i++) {
		if (w && strcmp(l->items[w - 1].key, l->items[i].key) == 0) {
			item_release(&l->items[i]);
			continue;
		}
		l->items[w++] = l->items[i];
	}
	l->n = w;
}

void inspect_list_release(struct inspect_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		item_release(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

void inspect_facts_sort(struct inspect_facts *f)
{
	for (int c = 0; c < INSPECT_NCATS; c++)
		for (int k = 0; k < INSPECT_KINDS_MAX; k++)
			inspect_list_sort(&f->cat[c][k]);
}

void inspect_facts_release(struct inspect_facts *f)
{
	for (int c = 0; c < INSPECT_NCATS; c++)
		for (int k = 0; k < INSPECT_KINDS_MAX; k++)
			inspect_list_release(&f->cat[c][k]);
	f->types = 0;
}

/* ----------------------------------------------------------- text helpers */

/* The end of the line that starts at p (the '\n', or end). */
static const char *line_end(const char *p, const char *end)
{
	const char *eol = memchr(p, '\n', (size_t)(end - p));

	return eol ? eol : end;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The next whitespace-separated token of [*p, end): 0, or -1 at the end. */
static int next_token(const char **p, const char *end, const char **tok, size_t *len)
{
	const char *s = *p;

	while (s < end && is_blank(*s))
		s++;
	if (s == end)
		return -1;
	*tok = s;
	while (s < end && !is_blank(*s))
		s++;
	*len = (size_t)(s - *tok);
	*p = s;
	return 0;
}

/* A number of exactly len characters in base (8, 10 or 16), unsigned. */
static int parse_unum(const char *s, size_t len, int base, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!len || len > 24)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		int d;
		char c = s[i];

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -EINVAL;
		if (d >= base)
			return -EINVAL;
		if (v > (max - (uint64_t)d) / (uint64_t)base)
			return -ERANGE;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = v;
	return 0;
}

/* A signed decimal number of exactly len characters within [-max-1, max]. */
static int parse_snum(const char *s, size_t len, int64_t max, int64_t *out)
{
	bool neg = len && s[0] == '-';
	uint64_t v;
	int rc;

	rc = parse_unum(s + neg, len - neg, 10, (uint64_t)max + neg, &v);
	if (rc)
		return rc;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

/* ---------------------------------------------------------------- sockets */

/* "0100007F:0035": address words as the kernel prints them (%08X of each u32). */
static int parse_sock_addr(const char *tok, size_t len, int family, struct inspect_sock *s)
{
	size_t alen = family == AF_INET ? 8 : 32;
	unsigned char bytes[16];
	uint64_t v;

	if (len != alen + 5 || tok[alen] != ':')
		return -EINVAL;
	for (size_t w = 0; w < alen / 8; w++) {
		uint32_t word;

		if (parse_unum(tok + w * 8, 8, 16, UINT32_MAX, &v))
			return -EINVAL;
		/*
		 * Each word is the native-order value of four bytes in network
		 * order: storing it back natively gives those bytes again.
		 */
		word = (uint32_t)v;
		memcpy(bytes + w * 4, &word, 4);
	}
	if (parse_unum(tok + alen + 1, 4, 16, 0xffff, &v))
		return -EINVAL;
	s->port = (unsigned int)v;
	if (!inet_ntop(family, bytes, s->addr, sizeof(s->addr)))
		return -EINVAL;
	return 0;
}

int inspect_parse_sockets(const char *buf, size_t len, int family, struct inspect_sock **out,
			  size_t *n)
{
	const char *p = buf, *end = buf + len;
	struct inspect_sock *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc = -EINVAL;

	*out = NULL;
	*n = 0;
	if (family != AF_INET && family != AF_INET6)
		return -EINVAL;
	while (p < end) {
		const char *eol = line_end(p, end), *q = p, *tok;
		struct inspect_sock s = { .family = family };
		size_t tlen;
		uint64_t v64;
		int field = 0;

		if (memmem(p, (size_t)(eol - p), "local_address", 13))
			goto next;	/* the header */
		/* sl local rem st tx:rx tr:when retrnsmt uid timeout inode */
		for (; field < 10 && next_token(&q, eol, &tok, &tlen) == 0; field++) {
			switch (field) {
			case 0:
				if (tok[tlen - 1] != ':')
					goto out_free;
				break;
			case 1:
				if (parse_sock_addr(tok, tlen, family, &s))
					goto out_free;
				break;
			case 3:
				if (parse_unum(tok, tlen, 16, 0xff, &v64))
					goto out_free;
				s.state = (unsigned int)v64;
				break;
			case 7:
				if (parse_unum(tok, tlen, 10, UINT32_MAX, &v64))
					goto out_free;
				s.uid = (uid_t)v64;
				break;
			case 9:
				if (parse_unum(tok, tlen, 10, UINT64_MAX, &v64))
					goto out_free;
				s.inode = v64;
				break;
			}
		}
		if (field == 0)
			goto next;	/* an empty line */
		if (field < 10)
			goto out_free;
		if (array_grow((void **)&v, &cap, cnt + 1, sizeof(*v)) < 0) {
			rc = -ENOMEM;
			goto out_free;
		}
		v[cnt++] = s;
next:
		p = eol + 1;
	}
	*out = v;
	*n = cnt;
	return 0;
out_free:
	free(v);
	return rc;
}

/* ------------------------------------------------------------ id maps */

int inspect_parse_idmap(const char *buf, size_t len, struct inspect_idmap **out, size_t *n)
{
	const char *p = buf, *end = buf + len;
	struct inspect_idmap *v;
	size_t cnt = 0;

	*out = NULL;
	*n = 0;
	v = calloc(INSPECT_IDMAP_MAX, sizeof(*v));
	if (!v)
		return -ENOMEM;
	while (p < end) {
		const char *eol = line_end(p, end), *q = p, *tok;
		uint64_t num[3];
		size_t tlen;
		int i = 0;

		for (; next_token(&q, eol, &tok, &tlen) == 0; i++)
			if (i >= 3 || parse_unum(tok, tlen, 10, UINT32_MAX, &num[i]))
				goto out_free;
		if (i == 0)
			goto next;
		if (i != 3 || cnt == INSPECT_IDMAP_MAX)
			goto out_free;
		v[cnt].inside = (uint32_t)num[0];
		v[cnt].outside = (uint32_t)num[1];
		v[cnt].count = (uint32_t)num[2];
		cnt++;
next:
		p = eol + 1;
	}
	*out = v;
	*n = cnt;
	return 0;
out_free:
	free(v);
	return -EINVAL;
}

/* ------------------------------------------------------------ mountinfo */

void inspect_mounts_free(struct inspect_mount *m, size_t n)
{
	for (size_t i = 0; m && i < n; i++)
		free(m[i].buf);
	free(m);
}

/* A field of a line of our own copy, cut off in place: a space or the end follows it. */
static char *cut(const char *f, size_t len)
{
	char *s = (char *)f;

	s[len] = '\0';
	return s;
}

/* One line, copied and cut into NUL-terminated fields (see mountinfo_split()). */
static int parse_mount_line(const char *line, size_t len, struct inspect_mount *m)
{
	struct mountinfo_line f;
	int64_t v;

	memset(m, 0, sizeof(*m));
	m->buf = strndup(line, len);
	if (!m->buf)
		return -ENOMEM;
	/* a NUL would cut a field short */
	if (strlen(m->buf) != len || !mountinfo_split(m->buf, m->buf + len, &f))
		goto out_free;
	if (parse_snum(f.id, f.id_len, INT32_MAX, &v) || v < 0)
		goto out_free;
	m->id = (int)v;
	if (parse_snum(f.parent, f.parent_len, INT32_MAX, &v) || v < 0)
		goto out_free;
	m->parent = (int)v;
	if (!memchr(f.dev, ':', f.dev_len))
		goto out_free;
	m->root = cut(f.root, f.root_len);
	m->mountpoint = cut(f.target, f.target_len);
	m->options = cut(f.options, f.options_len);
	m->fstype = cut(f.fstype, f.fstype_len);
	m->source = cut(f.source, f.source_len);
	m->super_options = cut(f.super, f.super_len);
	mountinfo_unescape(m->root);
	mountinfo_unescape(m->mountpoint);
	mountinfo_unescape(m->source);
	return 0;
out_free:
	free(m->buf);
	m->buf = NULL;
	return -EINVAL;
}

int inspect_parse_mountinfo(const char *buf, size_t len, struct inspect_mount **out, size_t *n)
{
	const char *p = buf, *end = buf + len;
	struct inspect_mount *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	while (p < end) {
		const char *eol = line_end(p, end);

		if (eol == p)
			goto next;
		if (array_grow((void **)&v, &cap, cnt + 1, sizeof(*v)) < 0) {
			rc = -ENOMEM;
			goto out_free;
		}
		rc = parse_mount_line(p, (size_t)(eol - p), &v[cnt]);
		if (rc)
			goto out_free;
		cnt++;
next:
		p = eol + 1;
	}
	*out = v;
	*n = cnt;
	return 0;
out_free:
	inspect_mounts_free(v, cnt);
	return rc;
}

/* ------------------------------------------------------------- sysvipc */

static const struct {
	const char *id;		/* the id column's name */
	const char *size;	/* the size column's, or NULL */
} ipc_columns[] = {
	[INSPECT_IPC_SHM] = { "shmid", "size" },
	[INSPECT_IPC_SEM] = { "semid", "nsems" },
	[INSPECT_IPC_MSG] = { "msqid", NULL },
};

enum { IPC_KEY, IPC_ID, IPC_PERMS, IPC_SIZE, IPC_UID, IPC_NCOLS };

static bool tok_is(const char *tok, size_t len, const char *name)
{
	return name && strlen(name) == len && memcmp(tok, name, len) == 0;
}

int inspect_parse_sysvipc(const char *buf, size_t len, enum inspect_ipc_kind kind,
			  struct inspect_ipc **out, size_t *n)
{
	const char *p = buf, *end = buf + len, *q, *tok;
	int col[IPC_NCOLS], maxcol = 0, i;
	struct inspect_ipc *v = NULL;
	size_t cnt = 0, cap = 0, tlen;
	const char *eol;
	int rc = -EINVAL;

	*out = NULL;
	*n = 0;
	if ((unsigned int)kind > INSPECT_IPC_MSG)
		return -EINVAL;
	for (i = 0; i < IPC_NCOLS; i++)
		col[i] = -1;
	/* the header names the columns */
	eol = line_end(p, end);
	q = p;
	for (i = 0; next_token(&q, eol, &tok, &tlen) == 0; i++) {
		int which = tok_is(tok, tlen, "key")		     ? IPC_KEY :
			    tok_is(tok, tlen, ipc_columns[kind].id)   ? IPC_ID :
			    tok_is(tok, tlen, "perms")		     ? IPC_PERMS :
			    tok_is(tok, tlen, ipc_columns[kind].size) ? IPC_SIZE :
			    tok_is(tok, tlen, "uid")		     ? IPC_UID : -1;

		if (which >= 0 && col[which] < 0) {
			col[which] = i;
			if (i > maxcol)
				maxcol = i;
		}
	}
	if (col[IPC_KEY] < 0 || col[IPC_ID] < 0 || col[IPC_PERMS] < 0 || col[IPC_UID] < 0 ||
	    (ipc_columns[kind].size && col[IPC_SIZE] < 0))
		return -EINVAL;
	p = eol + 1;
	while (p < end) {
		struct inspect_ipc r = { 0 };
		uint64_t u;
		int64_t s;

		eol = line_end(p, end);
		q = p;
		for (i = 0; i <= maxcol && next_token(&q, eol, &tok, &tlen) == 0; i++) {
			if (i == col[IPC_KEY]) {
				if (parse_snum(tok, tlen, INT32_MAX, &s))
					goto out_free;
				r.key = (int32_t)s;
			} else if (i == col[IPC_ID]) {
				if (parse_snum(tok, tlen, INT32_MAX, &s) || s < 0)
					goto out_free;
				r.id = (int)s;
			} else if (i == col[IPC_PERMS]) {
				if (parse_unum(tok, tlen, 8, 07777, &u))
					goto out_free;
				r.perms = (unsigned int)u;
			} else if (i == col[IPC_SIZE]) {
				if (parse_unum(tok, tlen, 10, UINT64_MAX, &u))
					goto out_free;
				r.size = u;
			} else if (i == col[IPC_UID]) {
				if (parse_unum(tok, tlen, 10, UINT32_MAX, &u))
					goto out_free;
				r.uid = (uid_t)u;
			}
		}
		if (i == 0)
			goto next;
		if (i <= maxcol)
			goto out_free;
		if (array_grow((void **)&v, &cap, cnt + 1, sizeof(*v)) < 0) {
			rc = -ENOMEM;
			goto out_free;
		}
		v[cnt++] = r;
next:
		p = eol + 1;
	}
	*out = v;
	*n = cnt;
	return 0;
out_free:
	free(v);
	return rc;
}

/* --------------------------------------------------------- time offsets */

int inspect_parse_timens(const char *buf, size_t len, struct inspect_timens *o)
{
	const char *p = buf, *end = buf + len;
	bool mono = false, boot = false;

	memset(o, 0, sizeof(*o));
	while (p < end) {
		const char *eol = line_end(p, end), *q = p, *tok[4];
		size_t tlen[4];
		int64_t sec, nsec;
		int i;

		for (i = 0; i < 4 && next_token(&q, eol, &tok[i], &tlen[i]) == 0; i++)
			;
		if (i == 0)
			goto next;
		if (i != 3)
			return -EINVAL;
		if (parse_snum(tok[1], tlen[1], INT64_MAX, &sec) ||
		    parse_snum(tok[2], tlen[2], 999999999, &nsec) || nsec < 0)
			return -EINVAL;
		/* names as the kernel writes them; clock ids as it accepts them */
		if (tok_is(tok[0], tlen[0], "monotonic") || tok_is(tok[0], tlen[0], "1")) {
			if (mono)
				return -EINVAL;
			o->monotonic_sec = sec;
			o->monotonic_nsec = (long)nsec;
			mono = true;
		} else if (tok_is(tok[0], tlen[0], "boottime") || tok_is(tok[0], tlen[0], "7")) {
			if (boot)
				return -EINVAL;
			o->boottime_sec = sec;
			o->boottime_nsec = (long)nsec;
			boot = true;
		} else {
			return -EINVAL;
		}
next:
		p = eol + 1;
	}
	return mono && boot ? 0 : -EINVAL;
}

/* --------------------------------------------------------------- cgroups */

void inspect_cgroups_free(struct inspect_cgroup *c, size_t n)
{
	/* controllers and path share one allocation per line */
	for (size_t i = 0; c && i < n; i++)
		free(c[i].controllers);
	free(c);
}

int inspect_parse_cgroup(const char *buf, size_t len, struct inspect_cgroup **out, size_t *n)
{
	const char *p = buf, *end = buf + len;
	struct inspect_cgroup *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc = -EINVAL;

	*out = NULL;
	*n = 0;
	while (p < end) {
		const char *eol = line_end(p, end), *c1, *c2;
		uint64_t hid;
		char *copy;

		if (eol == p)
			goto next;
		c1 = memchr(p, ':', (size_t)(eol - p));
		c2 = c1 ? memchr(c1 + 1, ':', (size_t)(eol - c1 - 1)) : NULL;
		if (!c2 || c2 + 1 == eol || c2[1] != '/' ||
		    parse_unum(p, (size_t)(c1 - p), 10, UINT32_MAX, &hid) ||
		    memchr(p, '\0', (size_t)(eol - p))) {
			rc = -EINVAL;
			goto out_free;
		}
		if (array_grow((void **)&v, &cap, cnt + 1, sizeof(*v)) < 0) {
			rc = -ENOMEM;
			goto out_free;
		}
		copy = strndup(c1 + 1, (size_t)(eol - c1 - 1));
		if (!copy) {
			rc = -ENOMEM;
			goto out_free;
		}
		copy[c2 - c1 - 1] = '\0';
		v[cnt].hid = (unsigned int)hid;
		v[cnt].controllers = copy;
		v[cnt].path = copy + (c2 - c1);
		cnt++;
next:
		p = eol + 1;
	}
	if (!cnt) {
		rc = -EINVAL;
		goto out_free;
	}
	*out = v;
	*n = cnt;
	return 0;
out_free:
	inspect_cgroups_free(v, cnt);
	return rc;
}

int inspect_cgroup_root(const char *outside, const char *inside, char *buf, size_t size)
{
	size_t olen = strlen(outside), ilen;
	const char *x = inside;

	if (outside[0] != '/' || inside[0] != '/')
		return -EINVAL;
	/* "/..", "/../..": the process is above its namespace's root */
	if (strncmp(inside, "/..", 3) == 0 && (inside[3] == '/' || !inside[3]))
		return -ENODATA;
	/* the root plus the inside path is the outside path */
	if (strcmp(x, "/") == 0) {
		ilen = 0;
	} else {
		ilen = strlen(x);
		if (ilen > olen || strcmp(outside + olen - ilen, x) != 0)
			return -EINVAL;
		if (ilen < olen && outside[olen - ilen - 1] == '/')
			return -EINVAL;	/* "/a/" + "/b" is not how paths join */
	}
	if (olen - ilen == 0) {
		if (size < 2)
			return -ENAMETOOLONG;
		strcpy(buf, "/");
		return 0;
	}
	if (olen - ilen + 1 > size)
		return -ENAMETOOLONG;
	memcpy(buf, outside, olen - ilen);
	buf[olen - ilen] = '\0';
	return 0;
}

/* -------------------------------------------------------- capabilities */

static const char *const cap_names[] = {
	"cap_chown", "cap_dac_override", "cap_dac_read_search", "cap_fowner",
	"cap_fsetid", "cap_kill", "cap_setgid", "cap_setuid",
	"cap_setpcap", "cap_linux_immutable", "cap_net_bind_service", "cap_net_broadcast",
	"cap_net_admin", "cap_net_raw", "cap_ipc_lock", "cap_ipc_owner",
	"cap_sys_module", "cap_sys_rawio", "cap_sys_chroot", "cap_sys_ptrace",
	"cap_sys_pacct", "cap_sys_admin", "cap_sys_boot", "cap_sys_nice",
	"cap_sys_resource", "cap_sys_time", "cap_sys_tty_config", "cap_mknod",
	"cap_lease", "cap_audit_write", "cap_audit_control", "cap_setfcap",
	"cap_mac_override", "cap_mac_admin", "cap_syslog", "cap_wake_alarm",
	"cap_block_suspend", "cap_audit_read", "cap_perfmon", "cap_bpf",
	"cap_checkpoint_restore",
};

const char *inspect_cap_name(unsigned int bit)
{
	return bit < sizeof(cap_names) / sizeof(cap_names[0]) ? cap_names[bit] : NULL;
}

int inspect_caps_list(uint64_t mask, char *buf, size_t size)
{
	size_t off = 0;

	if (!size)
		return -ENOSPC;
	buf[0] = '\0';
	for (unsigned int bit = 0; bit < 64; bit++) {
		const char *name = inspect_cap_name(bit);
		char tmp[16];
		int w;

		if (!(mask & (1ULL << bit)))
			continue;
		if (!name) {
			snprintf(tmp, sizeof(tmp), "cap_%u", bit);
			name = tmp;
		}
		w = snprintf(buf + off, size - off, "%s%s", off ? "," : "", name);
		if (w < 0 || (size_t)w >= size - off)
			return -ENOSPC;
		off += (size_t)w;
	}
	return 0;
}

/* --------------------------------------------------------------- limits */

/* A size as people write it: the largest unit that divides it (64M, 1536K). */
static void size_text(uint64_t v, char *buf, size_t size)
{
	static const char units[] = "KMGT";
	int u = -1;

	while (u < 3 && v && v % 1024 == 0) {
		v /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, size, "%" PRIu64, v);
	else
		snprintf(buf, size, "%" PRIu64 "%c", v, units[u]);
}

/* Append "name=value" (or the element as it is, name NULL) to a set. */
static int put_elem(char *buf, size_t size, size_t *off, const char *name, const char *value)
{
	int w = snprintf(buf + *off, size - *off, "%s%s%s%s", *off ? "," : "", name ? name : "",
			 name ? "=" : "", value);

	if (w < 0 || (size_t)w >= size - *off)
		return -ENOSPC;
	*off += (size_t)w;
	return 0;
}

/* A size limit's value: "none" for 0. */
static const char *limit_text(uint64_t v, char *buf, size_t size)
{
	if (!v)
		return "none";
	size_text(v, buf, size);
	return buf;
}

int inspect_limits_list(const struct cgroup_limits *lim, char *buf, size_t size)
{
	static const char *const fields[4] = { "rbps", "wbps", "riops", "wiops" };
	char v[64], io[160];
	size_t off = 0;
	int rc;

	if (!size)
		return -ENOSPC;
	buf[0] = '\0';
	rc = put_elem(buf, size, &off, "memory", limit_text(lim->memory, v, sizeof(v)));
	if (!rc && lim->memory_swap)
		rc = put_elem(buf, size, &off, "memory+swap", lim->memory_swap == CGROUP_UNLIMITED ?
			      "unlimited" : limit_text(lim->memory_swap, v, sizeof(v)));
	if (!rc && lim->memory_reservation)
		rc = put_elem(buf, size, &off, "reservation",
			      limit_text(lim->memory_reservation, v, sizeof(v)));
	/* the quota in CPUs, as --cpus gives it */
	if (lim->cpu_quota) {
		uint64_t milli = lim->cpu_quota * 1000 / CGROUP_CPU_PERIOD;

		snprintf(v, sizeof(v), "%" PRIu64 ".%03" PRIu64, milli / 1000, milli % 1000);
		/* "0.500" as "0.5", "2.000" as "2" */
		for (size_t n = strlen(v); v[n - 1] == '0'; n--)
			v[n - 1] = '\0';
		if (v[strlen(v) - 1] == '.')
			v[strlen(v) - 1] = '\0';
	}
	if (!rc)
		rc = put_elem(buf, size, &off, "cpus", lim->cpu_quota ? v : "none");
	if (!rc && lim->cpu_shares) {
		snprintf(v, sizeof(v), "%" PRIu64, lim->cpu_shares);
		rc = put_elem(buf, size, &off, "cpu-shares", v);
	}
	if (!rc && lim->cpuset_cpus[0]) {
		/* its commas would split the set: spaces */
		snprintf(v, sizeof(v), "%s", lim->cpuset_cpus);
		for (char *c = v; *c; c++)
			if (*c == ',')
				*c = ' ';
		rc = put_elem(buf, size, &off, "cpuset", v);
	}
	if (!rc) {
		if (lim->pids)
			snprintf(v, sizeof(v), "%" PRIu64, lim->pids);
		rc = put_elem(buf, size, &off, "pids", lim->pids ? v : "none");
	}
	if (!rc && lim->io_weight) {
		snprintf(v, sizeof(v), "%" PRIu64, lim->io_weight);
		rc = put_elem(buf, size, &off, "blkio-weight", v);
	}
	if (!rc && !lim->nio)
		rc = put_elem(buf, size, &off, "io", "none");
	for (size_t i = 0; !rc && i < lim->nio; i++) {
		const struct cgroup_io_dev *d = &lim->io[i];
		const uint64_t f[4] = { d->rbps, d->wbps, d->riops, d->wiops };
		size_t n = (size_t)snprintf(io, sizeof(io), "io %u:%u", d->major, d->minor);

		for (int k = 0; k < 4; k++) {
			if (!f[k])
				continue;
			if (k < 2)
				size_text(f[k], v, sizeof(v));
			else
				snprintf(v, sizeof(v), "%" PRIu64, f[k]);
			n += (size_t)snprintf(io + n, sizeof(io) - n, " %s=%s", fields[k], v);
		}
		rc = put_elem(buf, size, &off, NULL, io);
	}
	return rc;
}

/* ---------------------------------------------------------------- frames */

int inspect_parse_frames(const char *buf, size_t len, inspect_frame_fn fn, void *data)
{
	size_t off = 0;

	while (off < len) {
		uint32_t flen;
		int rc;

		if (len - off < 5)
			return -EINVAL;
		memcpy(&flen, buf + off + 1, 4);
		if (flen > len - off - 5)
			return -EINVAL;
		rc = fn(data, (unsigned char)buf[off], buf + off + 5, flen);
		if (rc)
			return rc;
		off += 5 + (size_t)flen;
	}
	return 0;
}

int inspect_parse_data_frame(const char *buf, size_t len, enum inspect_cat *cat,
			     unsigned int *part, const char **data, size_t *dlen)
{
	if (len < 2 || (unsigned char)buf[0] >= INSPECT_NCATS)
		return -EINVAL;
	*cat = (enum inspect_cat)(unsigned char)buf[0];
	*part = (unsigned char)buf[1];
	*data = buf + 2;
	*dlen = len - 2;
	return 0;
}

int inspect_parse_item_frame(const char *buf, size_t len, enum inspect_cat *cat,
			     unsigned int *kind, const char **key, const char **value,
			     const char **list)
{
	const char *end = buf + len, *p, *nul;

	if (len < 4 || (unsigned char)buf[0] >= INSPECT_NCATS ||
	    (unsigned char)buf[1] >= inspect_nkinds((unsigned char)buf[0]))
		return -EINVAL;
	*cat = (enum inspect_cat)(unsigned char)buf[0];
	*kind = (unsigned char)buf[1];
	p = buf + 2;
	*key = p;
	nul = memchr(p, '\0', (size_t)(end - p));
	if (!nul)
		return -EINVAL;
	p = nul + 1;
	*value = p;
	nul = memchr(p, '\0', (size_t)(end - p));
	if (!nul)
		return -EINVAL;
	p = nul + 1;
	*list = NULL;
	if (p == end)
		return 0;
	*list = p;
	/* the list is the last string, and ends the frame */
	nul = memchr(p, '\0', (size_t)(end - p));
	return nul && nul + 1 == end ? 0 : -EINVAL;
}

/* ----------------------------------------------- items from the records */

int inspect_add_sockets(struct inspect_facts *f, const struct inspect_sock *s, size_t n,
			bool udp)
{
	for (size_t i = 0; i < n; i++) {
		char key[96];
		bool v6 = s[i].family == AF_INET6;
		int rc;

		if (s[i].state != (udp ? INSPECT_UDP_UNCONN : INSPECT_TCP_LISTEN))
			continue;
		snprintf(key, sizeof(key), "%s%s %s%s%s:%u", udp ? "udp" : "tcp", v6 ? "6" : "",
			 v6 ? "[" : "", s[i].addr, v6 ? "]" : "", s[i].port);
		rc = inspect_list_add(&f->cat[INSPECT_NET][INSPECT_NET_SOCKET], key, NULL, NULL);
		if (rc)
			return rc;
	}
	return 0;
}

int inspect_add_idmap(struct inspect_facts *f, unsigned int kind,
		      const struct inspect_idmap *m, size_t n)
{
	if (kind != INSPECT_USER_UIDMAP && kind != INSPECT_USER_GIDMAP)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		char key[48];
		int rc;

		snprintf(key, sizeof(key), "%" PRIu32 " %" PRIu32 " %" PRIu32, m[i].inside,
			 m[i].outside, m[i].count);
		rc = inspect_list_add(&f->cat[INSPECT_USER][kind], key, NULL, NULL);
		if (rc)
			return rc;
	}
	return 0;
}

/* findmnt's SOURCE: the device, and the root within it when not "/". */
static char *mount_what(const struct inspect_mount *m)
{
	char *s;

	if (strcmp(m->root, "/") == 0)
		return asprintf(&s, "%s %s", m->fstype, m->source) < 0 ? NULL : s;
	return asprintf(&s, "%s %s[%s]", m->fstype, m->source, m->root) < 0 ? NULL : s;
}

/*
 * Options as findmnt shows them: the mount's, then the superblock's not
 * already there. The superblock's "rw" is left out: whether the mount point
 * is writable is the mount's "rw" or "ro"; a read-only superblock ("ro")
 * stays, as it makes even a "rw" mount read-only.
 */
static char *mount_options(const struct inspect_mount *m)
{
	size_t olen = strlen(m->options), cap = olen + strlen(m->super_options) + 2;
	char *s = malloc(cap), *copy, *tok, *save = NULL;
	size_t off = olen;

	if (!s)
		return NULL;
	memcpy(s, m->options, olen + 1);
	copy = strdup(m->super_options);
	if (!copy) {
		free(s);
		return NULL;
	}
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		const char *p = s;
		size_t tl = strlen(tok);
		bool dup = strcmp(tok, "rw") == 0;

		/* a whole comma-separated element equal to tok */
		while (!dup && (p = strstr(p, tok))) {
			if ((p == s || p[-1] == ',') && (p[tl] == ',' || !p[tl])) {
				dup = true;
				break;
			}
			p++;
		}
		if (dup)
			continue;
		off += (size_t)snprintf(s + off, cap - off, "%s%s", off ? "," : "", tok);
	}
	free(copy);
	return s;
}

int inspect_add_mounts(struct inspect_facts *f, const struct inspect_mount *m, size_t n)
{
	struct inspect_list *mounts = &f->cat[INSPECT_MNT][INSPECT_MNT_MOUNT];
	struct inspect_list *root = &f->cat[INSPECT_MNT][INSPECT_MNT_ROOT];
	bool have_root = false;

	/*
	 * From the last line up: where mounts are stacked on one point, the
	 * later one is on top and is what the namespace sees; the lists keep
	 * the first item of a key.
	 */
	for (size_t i = n; i-- > 0;) {
		char *what = mount_what(&m[i]), *opts = mount_options(&m[i]);
		int rc = -ENOMEM;

		if (what && opts)
			rc = inspect_list_add(mounts, m[i].mountpoint, what, opts);
		if (!rc && !have_root && strcmp(m[i].mountpoint, "/") == 0) {
			rc = inspect_list_add(root, "", what, NULL);
			have_root = true;
		}
		free(what);
		free(opts);
		if (rc)
			return rc;
	}
	return 0;
}

int inspect_add_sysvipc(struct inspect_facts *f, enum inspect_ipc_kind kind,
			const struct inspect_ipc *v, size_t n)
{
	if ((unsigned int)kind > INSPECT_IPC_MSG)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		char key[48], value[96];
		int rc;

		/* ipcs(1) shows keys as 32-bit hex */
		snprintf(key, sizeof(key), "key 0x%08" PRIx32 " id %d", (uint32_t)v[i].key, v[i].id);
		if (kind == INSPECT_IPC_SHM)
			snprintf(value, sizeof(value), "%" PRIu64 " bytes, perms %03o, uid %u",
				 v[i].size, v[i].perms, (unsigned int)v[i].uid);
		else if (kind == INSPECT_IPC_SEM)
			snprintf(value, sizeof(value), "%" PRIu64 " semaphores, perms %03o, uid %u",
				 v[i].size, v[i].perms, (unsigned int)v[i].uid);
		else
			snprintf(value, sizeof(value), "perms %03o, uid %u", v[i].perms,
				 (unsigned int)v[i].uid);
		rc = inspect_list_add(&f->cat[INSPECT_IPC][kind], key, value, NULL);
		if (rc)
			return rc;
	}
	return 0;
}

static void format_offset(char *buf, size_t size, int64_t sec, long nsec)
{
	if (nsec)
		snprintf(buf, size, "%" PRId64 "s %ldns", sec, nsec);
	else
		snprintf(buf, size, "%" PRId64 "s", sec);
}

int inspect_add_timens(struct inspect_facts *f, const struct inspect_timens *o)
{
	char v[64];
	int rc;

	format_offset(v, sizeof(v), o->monotonic_sec, o->monotonic_nsec);
	rc = inspect_list_add(&f->cat[INSPECT_TIME][INSPECT_TIME_OFFSET], "monotonic", v, NULL);
	if (rc)
		return rc;
	format_offset(v, sizeof(v), o->boottime_sec, o->boottime_nsec);
	return inspect_list_add(&f->cat[INSPECT_TIME][INSPECT_TIME_OFFSET], "boottime", v, NULL);
}

int inspect_add_caps(struct inspect_facts *f, uint64_t cap_eff)
{
	char value[24], list[1024];
	int rc;

	snprintf(value, sizeof(value), "%016" PRIx64, cap_eff);
	rc = inspect_caps_list(cap_eff, list, sizeof(list));
	if (rc)
		return rc;
	return inspect_list_add(&f->cat[INSPECT_USER][INSPECT_USER_CAPS], "", value, list);
}

int inspect_add_pidchain(struct inspect_facts *f, const pid_t *nspid, int len)
{
	char value[PROC_MAX_NSPID * 12] = "";
	size_t off = 0;

	for (int i = 0; i < len && i < PROC_MAX_NSPID; i++)
		off += (size_t)snprintf(value + off, sizeof(value) - off, "%s%d", i ? " " : "",
					(int)nspid[i]);
	return inspect_list_add(&f->cat[INSPECT_PID][INSPECT_PID_CHAIN], "", value, NULL);
}

/* ----------------------------------------------------- process counts */

unsigned long inspect_count_visible(const struct inspect_pidns *v, size_t n, uint64_t root)
{
	struct hashmap idx;
	unsigned long total = 0;

	hashmap_init(&idx);
	for (size_t i = 0; i < n; i++)
		if (v[i].ino && hashmap_put(&idx, v[i].ino, (void *)(uintptr_t)(i + 1)) < 0)
			goto out_clear;
	for (size_t i = 0; i < n; i++) {
		uint64_t ino = v[i].ino;

		/* pid namespaces nest at most 32 deep: a longer walk is a loop */
		for (int depth = 0; ino && depth <= 33; depth++) {
			uintptr_t j;

			if (ino == root) {
				total += v[i].nprocs;
				break;
			}
			j = (uintptr_t)hashmap_get(&idx, ino);
			ino = j ? v[j - 1].parent : 0;
		}
	}
out_clear:
	hashmap_clear(&idx);
	return total;
}
