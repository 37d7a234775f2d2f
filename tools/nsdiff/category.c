// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The deep-diff categories: the table inspect_cats[], one row per
 * category, and the functions its rows name. A row says what a category's
 * kinds of fact are called and how they are shown, which files of /proc
 * show them, and what is read besides, from outside (outside()) or by the
 * child inside the namespaces (inside()); parse() turns what was read into
 * items. inspect.c runs the rows; compare.c and render.c follow the kinds.
 * Adding a category is a row here and its functions.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/if.h>
#include <linux/rtnetlink.h>

#include "category.h"
#include "cgroup.h"
#include "netlink.h"
#include "snapshot.h"

/* ---------------------------------------------------------------- mnt */

static int mnt_parse(struct inspect_gather *g, unsigned int part, const char *buf, size_t len)
{
	struct inspect_mount *m;
	size_t n;
	int rc;

	(void)part;
	rc = inspect_parse_mountinfo(buf, len, &m, &n);
	if (!rc && n == 0)
		rc = -ENODATA;	/* a mount namespace always has its root */
	if (!rc)
		rc = inspect_add_mounts(g->f, m, n);
	if (!rc && !g->f->cat[INSPECT_MNT][INSPECT_MNT_ROOT].n)
		rc = -ENODATA;
	inspect_mounts_free(m, n);
	return rc ? inspect_fail(g, INSPECT_MNT_MOUNT, rc) : 0;
}

/* ---------------------------------------------------------------- net */

/* What is known of a network namespace: "host", "container web1", "netns blue". */
static void netns_label(struct snapshot *snap, struct nsent *ns, char *buf, size_t size)
{
	if (ns->host) {
		snprintf(buf, size, "host");
		return;
	}
	for (size_t i = 0; i < ns->nprocs; i++) {
		struct task *t = snapshot_member(snap, ns, i);

		if (snapshot_task_load(snap, t, TASK_CONTAINER) == 0 && t->ct && !t->ct->monitor) {
			snprintf(buf, size, "container %s", container_label(t->ct));
			return;
		}
	}
	if (ns->nsfs) {
		size_t len = strcspn(ns->nsfs, "\n");

		if (len > 11 && strncmp(ns->nsfs, "/run/netns/", 11) == 0)
			snprintf(buf, size, "netns %.*s", (int)(len - 11), ns->nsfs + 11);
		else
			snprintf(buf, size, "%.*s", (int)len, ns->nsfs);
		return;
	}
	if (ns->nprocs)
		snprintf(buf, size, "PID %d", (int)snapshot_member(snap, ns, 0)->pid);
	else
		snprintf(buf, size, "net:[%" PRIu64 "]", ns->ino);
}

/* Which known network namespace has id nsid in the one nl is in. */
static struct nsent *netns_by_nsid(struct snapshot *snap, struct netlink *nl, int nsid)
{
	for (size_t i = 0; snap && i < snap->nns; i++) {
		struct nsent *ns = snap->ns[i];
		int fd, id;

		if (ns->type != NS_NET)
			continue;
		fd = snapshot_ns_fd(snap, ns);
		if (fd < 0)
			continue;
		if (netlink_get_nsid(nl, fd, &id) == 0 && id == nsid)
			return ns;
	}
	return NULL;
}

/* The name of link ifindex in the namespace of ns, or "" when it cannot be read. */
static void peer_name(struct snapshot *snap, struct nsent *ns, int ifindex, char *buf,
		      size_t size)
{
	struct netlink_link l;
	struct netlink nl;
	int fd = snapshot_ns_fd(snap, ns);

	buf[0] = '\0';
	if (fd < 0 || netlink_open_in(&nl, fd) < 0)
		return;
	if (netlink_get_link(&nl, ifindex, &l) == 0)
		snprintf(buf, size, "%s", l.name);
	netlink_close(&nl);
}

static const char *link_name(const struct netlink_link *links, size_t n, int ifindex)
{
	for (size_t i = 0; i < n; i++)
		if (links[i].ifindex == ifindex)
			return links[i].name;
	return NULL;
}

static int add_links(struct snapshot *snap, struct inspect_facts *f, struct netlink *nl,
		     const struct netlink_link *links, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct netlink_link *l = &links[i];
		char value[512], peer[160] = "";
		size_t off;
		int rc;

		off = (size_t)snprintf(value, sizeof(value), "%s, %s, mtu %u",
				       l->kind[0] ? l->kind :
				       (l->flags & IFF_LOOPBACK) ? "loopback" : "device",
				       (l->flags & IFF_UP) ? "up" : "down", l->mtu);
		if (l->master) {
			const char *m = link_name(links, n, l->master);

			if (m)
				off += (size_t)snprintf(value + off, sizeof(value) - off,
							", master %s", m);
		}
		if (l->link > 0 && l->link_netnsid < 0) {
			const char *p = link_name(links, n, l->link);

			if (p)
				snprintf(peer, sizeof(peer), ", peer %s", p);
		} else if (l->link > 0) {
			struct nsent *ns = netns_by_nsid(snap, nl, l->link_netnsid);
			char label[96], name[NETLINK_NAME_MAX];

			if (ns) {
				netns_label(snap, ns, label, sizeof(label));
				peer_name(snap, ns, l->link, name, sizeof(name));
				snprintf(peer, sizeof(peer), ", peer %s%sin %s", name,
					 name[0] ? " " : "", label);
			} else {
				snprintf(peer, sizeof(peer), ", peer in netnsid %d",
					 l->link_netnsid);
			}
		}
		snprintf(value + off, sizeof(value) - off, "%s", peer);
		rc = inspect_list_add(&f->cat[INSPECT_NET][INSPECT_NET_IFACE], l->name, value,
				      NULL);
		if (rc)
			return rc;
	}
	return 0;
}

static int add_addrs(struct inspect_facts *f, const struct netlink_addr *a, size_t n,
		     const struct netlink_link *links, size_t nlinks)
{
	for (size_t i = 0; i < n; i++) {
		const char *dev = link_name(links, nlinks, a[i].ifindex);
		char key[128];
		int rc;

		if (dev)
			snprintf(key, sizeof(key), "%s/%u dev %s", a[i].addr, a[i].prefixlen, dev);
		else
			snprintf(key, sizeof(key), "%s/%u dev %d", a[i].addr, a[i].prefixlen,
				 a[i].ifindex);
		rc = inspect_list_add(&f->cat[INSPECT_NET][INSPECT_NET_ADDR], key, NULL, NULL);
		if (rc)
			return rc;
	}
	return 0;
}

static int add_routes(struct inspect_facts *f, const struct netlink_route *r, size_t n,
		      const struct netlink_link *links, size_t nlinks)
{
	for (size_t i = 0; i < n; i++) {
		const char *type = netlink_rtype_name(r[i].type);
		const char *proto = netlink_proto_name(r[i].protocol);
		const char *scope = netlink_scope_name(r[i].scope);
		char key[512];
		size_t off = 0;
		int rc;

#define ADD(...) (off += (size_t)snprintf(key + off, off < sizeof(key) ? sizeof(key) - off : 0, \
					  __VA_ARGS__))
		/* as ip-route(8) prints it */
		if (r[i].type != RTN_UNICAST)
			ADD("%s ", type ? type : "?");
		if (r[i].dst[0])
			ADD("%s/%u", r[i].dst, r[i].dst_len);
		else
			ADD("default");
		if (r[i].gateway[0])
			ADD(" via %s", r[i].gateway);
		if (r[i].oif) {
			const char *dev = link_name(links, nlinks, r[i].oif);

			if (dev)
				ADD(" dev %s", dev);
			else
				ADD(" dev %d", r[i].oif);
		}
		if (r[i].protocol != RTPROT_BOOT) {
			if (proto)
				ADD(" proto %s", proto);
			else
				ADD(" proto %u", r[i].protocol);
		}
		if (r[i].scope != RT_SCOPE_UNIVERSE) {
			if (scope)
				ADD(" scope %s", scope);
			else
				ADD(" scope %u", r[i].scope);
		}
		if (r[i].prefsrc[0])
			ADD(" src %s", r[i].prefsrc);
		if (r[i].priority)
			ADD(" metric %u", r[i].priority);
#undef ADD
		rc = inspect_list_add(&f->cat[INSPECT_NET][INSPECT_NET_ROUTE], key, NULL, NULL);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Interfaces, addresses and routes of the network namespace the calling
 * process is in (the child's, which entered it: this works for a rootless
 * caller too, who could not enter the namespace without its user
 * namespace). 0, or -errno with *kind saying which kind failed.
 */
static int netlink_facts(struct snapshot *snap, struct inspect_facts *f, unsigned int *kind)
{
	struct netlink_link *links = NULL;
	struct netlink_addr *addrs = NULL;
	struct netlink_route *routes = NULL;
	size_t nlinks = 0, naddrs = 0, nroutes = 0;
	struct netlink nl;
	int rc;

	*kind = INSPECT_NET_IFACE;
	rc = netlink_open(&nl);
	if (rc)
		return rc;
	rc = netlink_list_links(&nl, &links, &nlinks);
	if (!rc) {
		*kind = INSPECT_NET_ADDR;
		rc = netlink_list_addrs(&nl, AF_UNSPEC, 0, &addrs, &naddrs);
	}
	if (!rc) {
		*kind = INSPECT_NET_ROUTE;
		rc = netlink_list_routes(&nl, AF_UNSPEC, RT_TABLE_MAIN, &routes, &nroutes);
	}
	if (!rc) {
		*kind = INSPECT_NET_IFACE;
		rc = add_links(snap, f, &nl, links, nlinks);
	}
	if (!rc) {
		*kind = INSPECT_NET_ADDR;
		rc = add_addrs(f, addrs, naddrs, links, nlinks);
	}
	if (!rc) {
		*kind = INSPECT_NET_ROUTE;
		rc = add_routes(f, routes, nroutes, links, nlinks);
	}
	netlink_links_free(links);
	netlink_addrs_free(addrs);
	netlink_routes_free(routes);
	netlink_close(&nl);
	return rc;
}
/* The network facts, made here inside the namespace, sent as items. */
static int net_inside(const struct inspect_inside *in, int fd)
{
	struct inspect_facts f = { 0 };
	unsigned int kind;
	int rc;

	rc = netlink_facts(in->snap, &f, &kind);
	if (rc) {
		rc = inspect_send_error(in, fd, kind, rc);
		goto out_release;
	}
	for (kind = 0; !rc && kind < inspect_nkinds(INSPECT_NET); kind++) {
		const struct inspect_list *l = &f.cat[INSPECT_NET][kind];

		for (size_t i = 0; !rc && i < l->n; i++)
			rc = inspect_send_item(in, fd, kind, &l->items[i]);
	}
out_release:
	inspect_facts_release(&f);
	return rc;
}

/* net's files, in its row */
enum { NET_TCP, NET_TCP6, NET_UDP, NET_UDP6 };

/* The listening sockets of one of its files. */
static int net_parse(struct inspect_gather *g, unsigned int part, const char *buf, size_t len)
{
	bool v6 = part == NET_TCP6 || part == NET_UDP6;
	bool udp = part == NET_UDP || part == NET_UDP6;
	struct inspect_sock *s = NULL;
	size_t n;
	int rc = -EINVAL;

	if (part <= NET_UDP6)
		rc = inspect_parse_sockets(buf, len, v6 ? AF_INET6 : AF_INET, &s, &n);
	if (!rc)
		rc = inspect_add_sockets(g->f, s, n, udp);
	free(s);
	return rc ? inspect_fail(g, INSPECT_NET_SOCKET, rc) : 0;
}

/* ---------------------------------------------------------------- pid */

/* How many processes the pid namespace sees: from the snapshot's pid namespaces. */
static int pid_nprocs(struct inspect_gather *g)
{
	struct snapshot *snap = g->o->snap;
	struct inspect_pidns *v;
	unsigned long count;
	char buf[24];
	size_t n = 0;
	int rc;

	if (!snap || !g->t->ino[NS_PID])
		return inspect_fail(g, INSPECT_PID_NPROCS, -ENODATA);
	v = calloc(snap->nns ? snap->nns : 1, sizeof(*v));
	if (!v)
		return inspect_fail(g, INSPECT_PID_NPROCS, -ENOMEM);
	for (size_t i = 0; i < snap->nns; i++) {
		struct nsent *ns = snap->ns[i];

		if (ns->type != NS_PID)
			continue;
		/* NS_GET_PARENT: how the namespaces nest */
		snapshot_ns_query(snap, ns, NSQ_PARENT);
		v[n].ino = ns->ino;
		v[n].parent = ns->parent;
		v[n].nprocs = ns->nprocs;
		n++;
	}
	count = inspect_count_visible(v, n, g->t->ino[NS_PID]);
	free(v);
	snprintf(buf, sizeof(buf), "%lu", count);
	rc = inspect_list_add(&g->f->cat[INSPECT_PID][INSPECT_PID_NPROCS], "", buf, NULL);
	return rc ? inspect_fail(g, INSPECT_PID_NPROCS, rc) : 0;
}

/* The NSpid chain of the process (none without one), and the process count. */
static int pid_outside(struct inspect_gather *g)
{
	const struct proc_status *st;
	int rc;

	if (g->t->pid > 0) {
		rc = inspect_status(g, &st);
		if (!rc && !st->nspid_len)
			rc = -ENODATA;
		if (!rc)
			rc = inspect_add_pidchain(g->f, st->nspid, st->nspid_len);
		if (rc)
			return inspect_fail(g, INSPECT_PID_CHAIN, rc);
	}
	return pid_nprocs(g);
}

/* ---------------------------------------------------------------- uts */

/* what uts_inside() sends */
enum { UTS_UNAME };

static int uts_inside(const struct inspect_inside *in, int fd)
{
	struct utsname u;
	char buf[sizeof(u.nodename) + sizeof(u.domainname) + 2];
	int n;

	if (uname(&u) < 0)
		return inspect_send_error(in, fd, INSPECT_UTS_HOSTNAME, -errno);
	n = snprintf(buf, sizeof(buf), "%s%c%s", u.nodename, 0, u.domainname);
	return inspect_send_data(in, fd, UTS_UNAME, buf, (size_t)n + 1);
}

/* hostname NUL domainname NUL */
static int uts_parse(struct inspect_gather *g, unsigned int part, const char *buf, size_t len)
{
	const char *nul = memchr(buf, '\0', len);
	const char *dom = nul ? nul + 1 : NULL;
	struct inspect_list *l = g->f->cat[INSPECT_UTS];
	int rc;

	if (part != UTS_UNAME || !nul || !memchr(dom, '\0', len - (size_t)(dom - buf)))
		return inspect_fail(g, INSPECT_UTS_HOSTNAME, -EINVAL);
	rc = inspect_list_add(&l[INSPECT_UTS_HOSTNAME], "", buf, NULL);
	if (!rc)
		rc = inspect_list_add(&l[INSPECT_UTS_DOMAINNAME], "", dom, NULL);
	return rc ? inspect_fail(g, INSPECT_UTS_HOSTNAME, rc) : 0;
}

/* ---------------------------------------------------------------- ipc */

/*
 * A frame per queue of the mqueue filesystem open at dfd (which it
 * closes): its name NUL "mode uid" NUL.
 */
static int send_queues(const struct inspect_inside *in, int fd, int dfd)
{
	struct dirent *de;
	DIR *dir;
	int rc = 0, err = 0;

	dir = fdopendir(dfd);
	if (!dir) {
		err = -errno;
		close(dfd);
		return inspect_send_error(in, fd, INSPECT_IPC_MQUEUE, err);
	}
	for (;;) {
		char rec[NAME_MAX + 64];
		struct stat sb;
		int n;

		errno = 0;
		de = readdir(dir);
		if (!de) {
			err = -errno;
			break;
		}
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(dir), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno == ENOENT)
				continue;	/* unlinked meanwhile */
			err = -errno;
			break;
		}
		n = snprintf(rec, sizeof(rec), "%s%c%o %u", de->d_name, 0,
			     (unsigned int)(sb.st_mode & 07777), (unsigned int)sb.st_uid);
		rc = inspect_send_data(in, fd, INSPECT_IPC_MQUEUE, rec, (size_t)n + 1);
		if (rc)
			break;
	}
	closedir(dir);
	if (!rc && err)
		rc = inspect_send_error(in, fd, INSPECT_IPC_MQUEUE, err);
	return rc;
}

/*
 * The new mount API: fsopen() takes the ipc namespace of the calling
 * process (the target's, entered), and fsmount() gives an fd of a mount
 * that is attached nowhere. No mount namespace is created or changed,
 * nothing is visible to anyone else, and closing the fd is the clean-up.
 */
static int mqueue_detached(void)
{
	int fs, mnt, dfd;

	fs = fsopen("mqueue", FSOPEN_CLOEXEC);
	if (fs < 0)
		return -errno;
	if (fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0) {
		dfd = -errno;
		goto out_close_fs;
	}
	mnt = fsmount(fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
		      MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
	if (mnt < 0) {
		dfd = -errno;
		goto out_close_fs;
	}
	dfd = openat(mnt, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		dfd = -errno;
	close(mnt);
out_close_fs:
	close(fs);
	return dfd;
}

/*
 * Where the new mount API is missing (before Linux 5.2) or filtered out
 * (seccomp profiles, valgrind): a mount namespace of this child's own,
 * private so that nothing propagates anywhere, with mqueue mounted over a
 * directory that exists. It goes away with the child.
 */
static int mqueue_mounted(void)
{
	static const char *const dirs[] = { "/tmp", "/mnt", "/dev", "/run" };
	int dfd;

	if (unshare(CLONE_NEWNS) < 0)
		return -errno;
	/* (the type is ignored here, but checkers want an address) */
	if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0)
		return -errno;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		struct stat sb;

		if (stat(dirs[i], &sb) < 0 || !S_ISDIR(sb.st_mode))
			continue;
		if (mount("mqueue", dirs[i], "mqueue", MS_RDONLY | MS_NOSUID | MS_NODEV |
			  MS_NOEXEC, NULL) < 0)
			return -errno;
		dfd = open(dirs[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		return dfd < 0 ? -errno : dfd;
	}
	return -ENOENT;
}

/*
 * POSIX message queues live in the ipc namespace's mqueue filesystem, so it
 * is mounted here, inside the target's ipc namespace, rather than read from
 * the target's /dev/mqueue through /proc/PID/root: the container may not
 * have mounted one, or may have one of another ipc namespace.
 */
static int ipc_inside(const struct inspect_inside *in, int fd)
{
	int dfd;

	dfd = mqueue_detached();
	if (dfd == -ENOSYS || dfd == -EPERM) {
		int first = dfd;

		dfd = mqueue_mounted();
		/* a refusal of both is about permission, not about the API */
		if (dfd < 0 && first == -EPERM)
			dfd = -EPERM;
	}
	/* a kernel without POSIX message queues: none to compare */
	if (dfd == -ENODEV)
		return 0;
	if (dfd < 0)
		return inspect_send_error(in, fd, INSPECT_IPC_MQUEUE, dfd);
	return send_queues(in, fd, dfd);
}

/* A queue that ipc_inside() sent: its name NUL "mode uid" NUL. */
static int add_mqueue(struct inspect_facts *f, const char *buf, size_t len)
{
	const char *nul = memchr(buf, '\0', len);
	unsigned int mode, uid;
	char key[NAME_MAX + 2], value[48], extra;

	if (!nul || buf[len - 1] != '\0' || nul == buf || (size_t)(nul - buf) > NAME_MAX ||
	    sscanf(nul + 1, "%o %u%c", &mode, &uid, &extra) != 2)
		return -EINVAL;
	/* queues are named with a leading slash in mq_open(3) */
	snprintf(key, sizeof(key), "/%s", buf);
	snprintf(value, sizeof(value), "perms %03o, uid %u", mode, uid);
	return inspect_list_add(&f->cat[INSPECT_IPC][INSPECT_IPC_MQUEUE], key, value, NULL);
}

/* Its files (parts SHM, SEM and MSG, as their kinds), and the queues (part MQUEUE). */
static int ipc_parse(struct inspect_gather *g, unsigned int part, const char *buf, size_t len)
{
	struct inspect_ipc *v = NULL;
	size_t n;
	int rc;

	if (part == INSPECT_IPC_MQUEUE) {
		rc = add_mqueue(g->f, buf, len);
		return rc ? inspect_fail(g, INSPECT_IPC_MQUEUE, rc) : 0;
	}
	if (part > INSPECT_IPC_MQUEUE)
		return inspect_fail(g, INSPECT_IPC_MQUEUE, -EINVAL);
	rc = inspect_parse_sysvipc(buf, len, part, &v, &n);
	if (!rc)
		rc = inspect_add_sysvipc(g->f, part, v, n);
	free(v);
	return rc ? inspect_fail(g, part, rc) : 0;
}

/* --------------------------------------------------------------- user */

/* The process's effective capabilities (none without a process). */
static int user_outside(struct inspect_gather *g)
{
	const struct proc_status *st;
	int rc;

	if (g->t->pid <= 0)
		return 0;
	rc = inspect_status(g, &st);
	if (!rc && !st->have_caps)
		rc = -ENODATA;
	if (!rc)
		rc = inspect_add_caps(g->f, st->cap_eff);
	return rc ? inspect_fail(g, INSPECT_USER_CAPS, rc) : 0;
}

static int add_setgroups(struct inspect_facts *f, const char *buf, size_t len)
{
	size_t l = len;

	while (l && (buf[l - 1] == '\n' || buf[l - 1] == ' '))
		l--;
	if ((l != 5 || memcmp(buf, "allow", 5) != 0) && (l != 4 || memcmp(buf, "deny", 4) != 0))
		return -EINVAL;
	return inspect_list_add(&f->cat[INSPECT_USER][INSPECT_USER_SETGROUPS], "",
				l == 5 ? "allow" : "deny", NULL);
}

static int add_idmap(struct inspect_facts *f, unsigned int kind, const char *buf, size_t len)
{
	struct inspect_idmap *m;
	size_t n;
	int rc;

	rc = inspect_parse_idmap(buf, len, &m, &n);
	if (!rc)
		rc = inspect_add_idmap(f, kind, m, n);
	free(m);
	return rc;
}

/* Its files: uid_map, gid_map and setgroups (parts as their kinds). */
static int user_parse(struct inspect_gather *g, unsigned int part, const char *buf, size_t len)
{
	int rc;

	if (part == INSPECT_USER_UIDMAP || part == INSPECT_USER_GIDMAP)
		rc = add_idmap(g->f, part, buf, len);
	else if (part == INSPECT_USER_SETGROUPS)
		rc = add_setgroups(g->f, buf, len);
	else
		return inspect_fail(g, INSPECT_USER_UIDMAP, -EINVAL);
	return rc ? inspect_fail(g, part, rc) : 0;
}

/* ------------------------------------------------------------- cgroup */

/*
 * The process's cgroup paths seen from outside, kept for cgroup_parse():
 * the namespace's root is what they have more than the paths seen inside.
 */
static int cgroup_outside(struct inspect_gather *g)
{
	static struct cgroup_layout cg;
	static int have = -1;
	struct cgroup_limits lim;
	char list[2048];
	int rc;

	rc = inspect_read_proc(g, "cgroup", &g->kept[INSPECT_CGROUP].buf,
			       &g->kept[INSPECT_CGROUP].len);
	if (rc)
		return inspect_fail(g, INSPECT_CGROUP_ROOT, rc);
	/*
	 * The limits that bind the process, from its cgroups as this process
	 * sees them, in the hierarchies mounted here: only a live system's,
	 * whose cgroups these are.
	 */
	if (!g->o->pfs->live)
		return 0;
	if (have < 0)
		have = cgroup_layout_detect(&cg) == 0;
	if (!have)
		return 0;
	rc = cgroup_effective_limits(&cg, g->kept[INSPECT_CGROUP].buf, g->kept[INSPECT_CGROUP].len,
				     &lim);
	if (!rc)
		rc = inspect_limits_list(&lim, list, sizeof(list));
	if (!rc)
		rc = inspect_list_add(&g->f->cat[INSPECT_CGROUP][INSPECT_CGROUP_LIMITS], "", "",
				      list);
	return rc ? inspect_fail(g, INSPECT_CGROUP_LIMITS, rc) : 0;
}

/* The cgroup namespace's root per hierarchy, from the paths outside and inside. */
static int cgroup_parse(struct inspect_gather *g, unsigned int part, const char *inside,
			size_t ilen)
{
	struct inspect_cgroup *out = NULL, *in = NULL;
	size_t nout = 0, nin = 0;
	int rc = -EINVAL;

	if (part == 0 && g->kept[INSPECT_CGROUP].buf)
		rc = inspect_parse_cgroup(g->kept[INSPECT_CGROUP].buf, g->kept[INSPECT_CGROUP].len,
					  &out, &nout);
	if (!rc)
		rc = inspect_parse_cgroup(inside, ilen, &in, &nin);
	for (size_t i = 0; !rc && i < nout; i++) {
		const char *key = out[i].controllers[0] ? out[i].controllers : "cgroup2";
		char root[4096], value[4200];
		size_t j;

		for (j = 0; j < nin; j++)
			if (in[j].hid == out[i].hid &&
			    strcmp(in[j].controllers, out[i].controllers) == 0)
				break;
		if (j == nin) {
			rc = -EINVAL;
			break;
		}
		rc = inspect_cgroup_root(out[i].path, in[j].path, root, sizeof(root));
		if (rc == -ENODATA) {
			/* above its namespace's root: say where it is, not a guess */
			snprintf(value, sizeof(value), "unknown (the process is at %s, above it)",
				 in[j].path);
			rc = 0;
		} else if (rc == -EINVAL) {
			rc = -EAGAIN;	/* it moved between the two reads */
			break;
		} else if (!rc) {
			snprintf(value, sizeof(value), "%s", root);
		}
		if (!rc)
			rc = inspect_list_add(&g->f->cat[INSPECT_CGROUP][INSPECT_CGROUP_ROOT], key,
					      value, NULL);
	}
	inspect_cgroups_free(out, nout);
	inspect_cgroups_free(in, nin);
	return rc ? inspect_fail(g, INSPECT_CGROUP_ROOT, rc) : 0;
}

/* --------------------------------------------------------------- time */

/*
 * Is /proc/PID/timens_offsets about the namespace described? The file
 * shows the offsets of the namespace the process's children get
 * (time_for_children), which is its own unless it unshared without
 * exec'ing since.
 */
static bool time_outside_ok(struct inspect_gather *g)
{
	char rel[48], link[64];
	enum ns_type type;
	uint64_t ino;
	ssize_t n;

	snprintf(rel, sizeof(rel), "%d/ns/time_for_children", (int)g->t->pid);
	n = readlinkat(g->o->pfs->rootfd, rel, link, sizeof(link) - 1);
	if (n <= 0)
		return false;
	return nstype_parse_link(link, (size_t)n, &type, &ino) == 0 && type == NS_TIME &&
	       ino == g->t->ino[NS_TIME];
}

static int time_parse(struct inspect_gather *g, unsigned int part, const char *buf, size_t len)
{
	struct inspect_timens o;
	int rc;

	(void)part;
	rc = inspect_parse_timens(buf, len, &o);
	if (!rc)
		rc = inspect_add_timens(g->f, &o);
	return rc ? inspect_fail(g, INSPECT_TIME_OFFSET, rc) : 0;
}

/* -------------------------------------------------------------- table */

/* /proc/sysvipc/...: of the reader's ipc namespace; absent without SysV IPC */
#define SYSVIPC_FILE (INSPECT_FILE_ROOT | INSPECT_FILE_INSIDE | INSPECT_FILE_OPTIONAL)

const struct inspect_cat_info inspect_cats[INSPECT_NCATS] = {
	/* mountinfo shows the process's mount namespace to anyone who may look. */
	[INSPECT_MNT] = {
		.name = "mnt",
		.type = NS_MNT,
		.kinds = {
			/* the last mount on "/": the one the namespace sees */
			[INSPECT_MNT_ROOT] = { .name = "root", .what = "root filesystem" },
			[INSPECT_MNT_MOUNT] = { .name = "mount", .what = "mounts",
						.list_name = "options" },
		},
		.files = {
			{ .name = "mountinfo", .kind = INSPECT_MNT_MOUNT },
		},
		.parse = mnt_parse,
	},
	/*
	 * Sockets from /proc/PID/net, which shows the process's namespace;
	 * the rest through netlink, which answers about the namespace of the
	 * socket's opener: the child's, inside.
	 */
	[INSPECT_NET] = {
		.name = "net",
		.type = NS_NET,
		.kinds = {
			[INSPECT_NET_IFACE] = { .name = "interface", .what = "network interfaces" },
			[INSPECT_NET_ADDR] = { .name = "address", .what = "addresses" },
			[INSPECT_NET_ROUTE] = { .name = "route", .what = "routes" },
			[INSPECT_NET_SOCKET] = { .name = "listening", .what = "listening sockets" },
		},
		/* IPv6 may be missing from the kernel */
		.files = {
			[NET_TCP] = { .name = "net/tcp", .kind = INSPECT_NET_SOCKET },
			[NET_TCP6] = { .name = "net/tcp6", .kind = INSPECT_NET_SOCKET,
				       .flags = INSPECT_FILE_OPTIONAL },
			[NET_UDP] = { .name = "net/udp", .kind = INSPECT_NET_SOCKET },
			[NET_UDP6] = { .name = "net/udp6", .kind = INSPECT_NET_SOCKET,
				       .flags = INSPECT_FILE_OPTIONAL },
		},
		.snapshot = true,	/* what a veth's peer namespace is */
		.inside = net_inside,
		.parse = net_parse,
	},
	/* The process's NSpid (status), and the snapshot's pid namespaces. */
	[INSPECT_PID] = {
		.name = "pid",
		.type = NS_PID,
		.kinds = {
			[INSPECT_PID_CHAIN] = { .name = "nspid", .what = "pid chain (NSpid)" },
			[INSPECT_PID_NPROCS] = { .name = "processes", .what = "process count" },
		},
		.snapshot = true,	/* the pid namespaces below this one */
		.outside = pid_outside,
	},
	/* uname(2) answers for the caller's namespace only. */
	[INSPECT_UTS] = {
		.name = "uts",
		.type = NS_UTS,
		.kinds = {
			[INSPECT_UTS_HOSTNAME] = { .name = "hostname", .what = "hostname" },
			[INSPECT_UTS_DOMAINNAME] = { .name = "domainname", .what = "domainname" },
		},
		.inside = uts_inside,
		.parse = uts_parse,
	},
	/*
	 * /proc/sysvipc shows the reader's ipc namespace, and the queues are
	 * on an mqueue filesystem of the namespace: all read inside.
	 */
	[INSPECT_IPC] = {
		.name = "ipc",
		.type = NS_IPC,
		.kinds = {
			[INSPECT_IPC_SHM] = { .name = "shm", .what = "SysV shared memory" },
			[INSPECT_IPC_SEM] = { .name = "sem", .what = "SysV semaphores" },
			[INSPECT_IPC_MSG] = { .name = "msg", .what = "SysV message queues" },
			[INSPECT_IPC_MQUEUE] = { .name = "mqueue", .what = "POSIX message queues" },
		},
		.files = {
			[INSPECT_IPC_SHM] = { .name = "sysvipc/shm", .kind = INSPECT_IPC_SHM,
					      .flags = SYSVIPC_FILE },
			[INSPECT_IPC_SEM] = { .name = "sysvipc/sem", .kind = INSPECT_IPC_SEM,
					      .flags = SYSVIPC_FILE },
			[INSPECT_IPC_MSG] = { .name = "sysvipc/msg", .kind = INSPECT_IPC_MSG,
					      .flags = SYSVIPC_FILE },
		},
		.inside = ipc_inside,
		.parse = ipc_parse,
	},
	/* The maps show the process's user namespace; the capabilities are its own. */
	[INSPECT_USER] = {
		.name = "user",
		.type = NS_USER,
		.kinds = {
			[INSPECT_USER_UIDMAP] = { .name = "uid_map", .what = "uid_map" },
			[INSPECT_USER_GIDMAP] = { .name = "gid_map", .what = "gid_map" },
			[INSPECT_USER_SETGROUPS] = { .name = "setgroups",
						     .what = "setgroups setting" },
			/* a mask and its size: the names of a full set fill no line */
			[INSPECT_USER_CAPS] = { .name = "capabilities", .what = "capabilities",
						.list_name = "capabilities", .list_count = true },
		},
		.files = {
			[INSPECT_USER_UIDMAP] = { .name = "uid_map", .kind = INSPECT_USER_UIDMAP },
			[INSPECT_USER_GIDMAP] = { .name = "gid_map", .kind = INSPECT_USER_GIDMAP },
			[INSPECT_USER_SETGROUPS] = { .name = "setgroups",
						     .kind = INSPECT_USER_SETGROUPS },
		},
		.outside = user_outside,
		.parse = user_parse,
	},
	/*
	 * Cgroup paths are shown relative to the reader's cgroup namespace
	 * root: read from outside and from inside, the difference is the root.
	 */
	[INSPECT_CGROUP] = {
		.name = "cgroup",
		.type = NS_CGROUP,
		.kinds = {
			[INSPECT_CGROUP_ROOT] = { .name = "cgroup root",
						  .what = "cgroup namespace root" },
			/* each side's, all of them, and which differ */
			[INSPECT_CGROUP_LIMITS] = { .name = "limits", .what = "cgroup limits",
						    .list_name = "limits" },
		},
		.files = {
			{ .name = "cgroup", .kind = INSPECT_CGROUP_ROOT,
			  .flags = INSPECT_FILE_INSIDE },
		},
		.outside = cgroup_outside,
		.parse = cgroup_parse,
	},
	/* From outside only where the file is about the process's own namespace. */
	[INSPECT_TIME] = {
		.name = "time",
		.type = NS_TIME,
		.kinds = {
			[INSPECT_TIME_OFFSET] = { .name = "offset", .what = "time offsets" },
		},
		.files = {
			{ .name = "timens_offsets", .kind = INSPECT_TIME_OFFSET },
		},
		.outside_ok = time_outside_ok,
		.parse = time_parse,
	},
};

unsigned int inspect_nkinds(enum inspect_cat cat)
{
	unsigned int n = 0;

	if ((unsigned int)cat >= INSPECT_NCATS)
		return 0;
	while (n < INSPECT_KINDS_MAX && inspect_cats[cat].kinds[n].name)
		n++;
	return n;
}

ns_mask_t inspect_snapshot_types(ns_mask_t types)
{
	ns_mask_t m = 0;

	for (int c = 0; c < INSPECT_NCATS; c++)
		if (inspect_cats[c].snapshot)
			m |= NS_MASK(inspect_cats[c].type);
	return m & types;
}
