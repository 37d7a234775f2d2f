// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The live half of inspect: reading the facts of one side.
 *
 * Two sources, in order of preference:
 *  1. /proc/PID/... read from outside, where the kernel shows the fact
 *     of the process's namespace to any reader with the right to look:
 *     mountinfo, uid_map, gid_map, setgroups, status (NSpid, CapEff),
 *     timens_offsets, cgroup, net/{tcp,tcp6,udp,udp6}.
 *  2. A child that enters the namespaces (nsenter_run_in) for what the
 *     kernel shows only to a process inside: uname(2) for uts,
 *     /proc/sysvipc/{shm,sem,msg} for ipc (they show the reader's
 *     namespace), the mqueue filesystem, the cgroup path relative to the
 *     namespace's root, and interfaces, addresses and routes through a
 *     netlink socket of the network namespace (opened by the child, which
 *     may have entered a user namespace to get there: a rootless caller
 *     could not open it from outside). Without a process (a namespace
 *     file), the child also reads through /proc/self what 1. would have
 *     read through /proc/PID. Namespaces the caller is in already are not
 *     entered.
 *
 * The child sends raw texts back as frames, which are parsed here by the
 * tested parsers of inspect_parse.c; only the network facts are made in
 * the child (from netlink's structures) and sent as items.
 */
#include <dirent.h>
#include <sched.h>
#include <signal.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/if.h>
#include <linux/rtnetlink.h>

#include "inspect.h"
#include "netlink.h"
#include "snapshot.h"

void inspect_target_init(struct inspect_target *t)
{
	memset(t, 0, sizeof(*t));
	t->pidfd = -1;
	for (int i = 0; i < NS_NTYPES; i++)
		t->nsfd[i] = -1;
}

/* What a side's gathering works with. */
struct gather {
	const struct inspect_opts *o;
	const struct inspect_target *t;
	ns_mask_t types;
	struct inspect_facts *f;
	struct inspect_error *e;
	char *outside_cgroup;		/* PID/cgroup (or self/cgroup) from outside; owned */
	size_t outside_cgroup_len;
};

static int fail(struct gather *g, enum inspect_cat cat, enum ns_type type, int err)
{
	g->e->cat = cat;
	g->e->type = type != NS_UNKNOWN ? type :
		     cat < INSPECT_NCATS ? inspect_cat_table[cat].type : NS_UNKNOWN;
	g->e->err = err;
	return err;
}

/*
 * Read PID/name (or self/name without a process). A file that is gone
 * with its process means the process exited: -ESRCH.
 */
static int read_proc(struct gather *g, const char *name, char **buf, size_t *len)
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

/* ------------------------------------------------------------ outside */

static int add_mountinfo(struct gather *g, const char *buf, size_t len)
{
	struct inspect_mount *m;
	size_t n;
	int rc;

	rc = inspect_parse_mountinfo(buf, len, &m, &n);
	if (!rc && n == 0)
		rc = -ENODATA;	/* a mount namespace always has its root */
	if (!rc)
		rc = inspect_add_mounts(g->f, m, n);
	if (!rc && !g->f->cat[INSPECT_ROOTFS].n)
		rc = -ENODATA;
	inspect_mounts_free(m, n);
	return rc ? fail(g, INSPECT_MOUNT, NS_MNT, rc) : 0;
}

static int add_idmap(struct gather *g, enum inspect_cat cat, const char *buf, size_t len)
{
	struct inspect_idmap *m;
	size_t n;
	int rc;

	rc = inspect_parse_idmap(buf, len, &m, &n);
	if (!rc)
		rc = inspect_add_idmap(g->f, cat, m, n);
	free(m);
	return rc ? fail(g, cat, NS_USER, rc) : 0;
}

static int add_setgroups(struct gather *g, const char *buf, size_t len)
{
	size_t l = len;

	while (l && (buf[l - 1] == '\n' || buf[l - 1] == ' '))
		l--;
	if ((l != 5 || memcmp(buf, "allow", 5) != 0) && (l != 4 || memcmp(buf, "deny", 4) != 0))
		return fail(g, INSPECT_SETGROUPS, NS_USER, -EINVAL);
	return inspect_list_add(&g->f->cat[INSPECT_SETGROUPS], "", l == 5 ? "allow" : "deny",
				NULL);
}

static int add_timens(struct gather *g, const char *buf, size_t len)
{
	struct inspect_timens o;
	int rc;

	rc = inspect_parse_timens(buf, len, &o);
	if (!rc)
		rc = inspect_add_timens(g->f, &o);
	return rc ? fail(g, INSPECT_TIME, NS_TIME, rc) : 0;
}

static int add_sockets(struct gather *g, int tag, const char *buf, size_t len)
{
	bool v6 = tag == INSPECT_FRAME_TCP6 || tag == INSPECT_FRAME_UDP6;
	bool udp = tag == INSPECT_FRAME_UDP || tag == INSPECT_FRAME_UDP6;
	struct inspect_sock *s;
	size_t n;
	int rc;

	rc = inspect_parse_sockets(buf, len, v6 ? AF_INET6 : AF_INET, &s, &n);
	if (!rc)
		rc = inspect_add_sockets(g->f, s, n, udp);
	free(s);
	return rc ? fail(g, INSPECT_SOCKET, NS_NET, rc) : 0;
}

/* A file read from outside, handed to the same code as a frame from inside. */
static int frame_fn(void *data, int tag, const char *buf, size_t len);

static const struct {
	int tag;
	const char *name;		/* under /proc/PID */
	enum ns_type type;
	bool optional;			/* missing: the kernel lacks the feature (IPv6) */
} outside_files[] = {
	{ INSPECT_FRAME_MOUNTINFO,	"mountinfo",		NS_MNT,  false },
	{ INSPECT_FRAME_UIDMAP,		"uid_map",		NS_USER, false },
	{ INSPECT_FRAME_GIDMAP,		"gid_map",		NS_USER, false },
	{ INSPECT_FRAME_SETGROUPS,	"setgroups",		NS_USER, false },
	{ INSPECT_FRAME_TCP,		"net/tcp",		NS_NET,  false },
	{ INSPECT_FRAME_TCP6,		"net/tcp6",		NS_NET,  true },
	{ INSPECT_FRAME_UDP,		"net/udp",		NS_NET,  false },
	{ INSPECT_FRAME_UDP6,		"net/udp6",		NS_NET,  true },
	{ INSPECT_FRAME_TIMENS,		"timens_offsets",	NS_TIME, false },
};

static enum inspect_cat tag_cat(int tag)
{
	switch (tag) {
	case INSPECT_FRAME_UNAME:	return INSPECT_HOSTNAME;
	case INSPECT_FRAME_SHM:		return INSPECT_SHM;
	case INSPECT_FRAME_SEM:		return INSPECT_SEM;
	case INSPECT_FRAME_MSG:		return INSPECT_MSG;
	case INSPECT_FRAME_MQUEUE:	return INSPECT_MQUEUE;
	case INSPECT_FRAME_CGROUP:	return INSPECT_CGROUP;
	case INSPECT_FRAME_TCP:
	case INSPECT_FRAME_TCP6:
	case INSPECT_FRAME_UDP:
	case INSPECT_FRAME_UDP6:	return INSPECT_SOCKET;
	case INSPECT_FRAME_MOUNTINFO:	return INSPECT_MOUNT;
	case INSPECT_FRAME_UIDMAP:	return INSPECT_UIDMAP;
	case INSPECT_FRAME_GIDMAP:	return INSPECT_GIDMAP;
	case INSPECT_FRAME_SETGROUPS:	return INSPECT_SETGROUPS;
	case INSPECT_FRAME_TIMENS:	return INSPECT_TIME;
	}
	return INSPECT_NCATS;
}

/*
 * Is /proc/PID/timens_offsets about the namespace described? The file
 * shows the offsets of the namespace the process's children get
 * (time_for_children), which is its own unless it unshared without
 * exec'ing since.
 */
static bool timens_outside_ok(struct gather *g)
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

/* Which outside files are read from outside: those of the types asked, with a process. */
static ns_mask_t outside_types(struct gather *g)
{
	ns_mask_t m = g->t->pid > 0 ? g->types : 0;

	if ((m & NS_MASK(NS_TIME)) && !timens_outside_ok(g))
		m &= ~NS_MASK(NS_TIME);
	return m & (NS_MASK(NS_MNT) | NS_MASK(NS_USER) | NS_MASK(NS_NET) | NS_MASK(NS_TIME));
}

static int gather_outside(struct gather *g, ns_mask_t types)
{
	for (size_t i = 0; i < sizeof(outside_files) / sizeof(outside_files[0]); i++) {
		char *buf;
		size_t len;
		int rc;

		if (!(types & NS_MASK(outside_files[i].type)))
			continue;
		rc = read_proc(g, outside_files[i].name, &buf, &len);
		if (rc == -ENOENT && outside_files[i].optional)
			continue;
		if (rc)
			return fail(g, tag_cat(outside_files[i].tag), outside_files[i].type, rc);
		rc = frame_fn(g, outside_files[i].tag, buf, len);
		free(buf);
		if (rc)
			return rc;
	}
	return 0;
}

/* The process facts: the pid chain, the capabilities. */
static int gather_status(struct gather *g)
{
	struct proc_status st;
	int rc;

	if (g->t->pid <= 0 || !(g->types & (NS_MASK(NS_PID) | NS_MASK(NS_USER))))
		return 0;
	rc = procfs_read_status(g->o->pfs, g->t->pid, &st);
	if (rc == -ENOENT)
		rc = -ESRCH;
	if (rc)
		return fail(g, g->types & NS_MASK(NS_PID) ? INSPECT_PIDCHAIN : INSPECT_CAPS,
			    NS_UNKNOWN, rc);
	if (g->types & NS_MASK(NS_PID)) {
		if (!st.nspid_len)
			return fail(g, INSPECT_PIDCHAIN, NS_PID, -ENODATA);
		rc = inspect_add_pidchain(g->f, st.nspid, st.nspid_len);
		if (rc)
			return fail(g, INSPECT_PIDCHAIN, NS_PID, rc);
	}
	if (g->types & NS_MASK(NS_USER)) {
		if (!st.have_caps)
			return fail(g, INSPECT_CAPS, NS_USER, -ENODATA);
		rc = inspect_add_caps(g->f, st.cap_eff);
		if (rc)
			return fail(g, INSPECT_CAPS, NS_USER, rc);
	}
	return 0;
}

/* How many processes the pid namespace sees: from the snapshot's pid namespaces. */
static int gather_nprocs(struct gather *g)
{
	struct snapshot *snap = g->o->snap;
	struct inspect_pidns *v;
	unsigned long count;
	char buf[24];
	size_t n = 0;
	int rc;

	if (!(g->types & NS_MASK(NS_PID)))
		return 0;
	if (!snap || !g->t->ino[NS_PID])
		return fail(g, INSPECT_NPROCS, NS_PID, -ENODATA);
	v = calloc(snap->nns ? snap->nns : 1, sizeof(*v));
	if (!v)
		return fail(g, INSPECT_NPROCS, NS_PID, -ENOMEM);
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
	rc = inspect_list_add(&g->f->cat[INSPECT_NPROCS], "", buf, NULL);
	return rc ? fail(g, INSPECT_NPROCS, NS_PID, rc) : 0;
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
		rc = inspect_list_add(&f->cat[INSPECT_IFACE], l->name, value, NULL);
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
		rc = inspect_list_add(&f->cat[INSPECT_ADDR], key, NULL, NULL);
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
		rc = inspect_list_add(&f->cat[INSPECT_ROUTE], key, NULL, NULL);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Interfaces, addresses and routes of the network namespace the calling
 * process is in (the child's, which entered it: this works for a rootless
 * caller too, who could not enter the namespace without its user
 * namespace). 0, or -errno with *cat saying which category failed.
 */
static int netlink_facts(struct snapshot *snap, struct inspect_facts *f, enum inspect_cat *cat)
{
	struct netlink_link *links = NULL;
	struct netlink_addr *addrs = NULL;
	struct netlink_route *routes = NULL;
	size_t nlinks = 0, naddrs = 0, nroutes = 0;
	struct netlink nl;
	int rc;

	*cat = INSPECT_IFACE;
	rc = netlink_open(&nl);
	if (rc)
		return rc;
	rc = netlink_list_links(&nl, &links, &nlinks);
	if (!rc) {
		*cat = INSPECT_ADDR;
		rc = netlink_list_addrs(&nl, AF_UNSPEC, 0, &addrs, &naddrs);
	}
	if (!rc) {
		*cat = INSPECT_ROUTE;
		rc = netlink_list_routes(&nl, AF_UNSPEC, RT_TABLE_MAIN, &routes, &nroutes);
	}
	if (!rc) {
		*cat = INSPECT_IFACE;
		rc = add_links(snap, f, &nl, links, nlinks);
	}
	if (!rc) {
		*cat = INSPECT_ADDR;
		rc = add_addrs(f, addrs, naddrs, links, nlinks);
	}
	if (!rc) {
		*cat = INSPECT_ROUTE;
		rc = add_routes(f, routes, nroutes, links, nlinks);
	}
	netlink_links_free(links);
	netlink_addrs_free(addrs);
	netlink_routes_free(routes);
	netlink_close(&nl);
	return rc;
}

/* ------------------------------------------------------------- inside */

enum {
	IN_UNAME	= 1 << 0,
	IN_SYSVIPC	= 1 << 1,
	IN_MQUEUE	= 1 << 2,
	IN_CGROUP	= 1 << 3,
	IN_SOCKETS	= 1 << 4,
	IN_MOUNTINFO	= 1 << 5,
	IN_IDMAPS	= 1 << 6,
	IN_TIMENS	= 1 << 7,
	IN_NETLINK	= 1 << 8,
};

struct inside_req {
	unsigned int what;		/* IN_* */
	const struct procfs *pfs;	/* its root fd is inherited across fork */
	pid_t pid;			/* the cgroup file's process; 0: self */
	struct snapshot *snap;		/* the parent's, copied by fork: veth peers */
};

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

static int send_frame(int fd, int tag, const void *buf, size_t len)
{
	char head[5];
	uint32_t l = (uint32_t)len;
	int rc;

	head[0] = (char)tag;
	memcpy(head + 1, &l, 4);
	rc = write_all(fd, head, sizeof(head));
	return rc ? rc : write_all(fd, buf, len);
}

static int send_error(int fd, int tag, int err)
{
	uint32_t v[2] = { (uint32_t)tag, (uint32_t)(err < 0 ? -err : err) };

	return send_frame(fd, INSPECT_FRAME_ERROR, v, sizeof(v));
}

static int send_item_error(int fd, enum inspect_cat cat, int err)
{
	uint32_t v[3] = { INSPECT_FRAME_ITEM, (uint32_t)(err < 0 ? -err : err), (uint32_t)cat };

	return send_frame(fd, INSPECT_FRAME_ERROR, v, sizeof(v));
}

/* The network facts, made here inside the namespace, sent as items. */
static int send_netlink(int fd, const struct inside_req *r)
{
	static const enum inspect_cat cats[] = { INSPECT_IFACE, INSPECT_ADDR, INSPECT_ROUTE };
	struct inspect_facts f = { 0 };
	enum inspect_cat cat;
	int rc;

	rc = netlink_facts(r->snap, &f, &cat);
	if (rc) {
		inspect_facts_release(&f);
		return send_item_error(fd, cat, rc);
	}
	for (size_t c = 0; !rc && c < sizeof(cats) / sizeof(cats[0]); c++) {
		const struct inspect_list *l = &f.cat[cats[c]];

		for (size_t i = 0; !rc && i < l->n; i++) {
			const struct inspect_item *it = &l->items[i];
			size_t kl = strlen(it->key), vl = strlen(it->value);
			size_t ll = it->list ? strlen(it->list) + 1 : 0;
			char *buf = malloc(1 + kl + 1 + vl + 1 + ll);

			if (!buf) {
				rc = send_item_error(fd, cats[c], -ENOMEM);
				break;
			}
			buf[0] = (char)cats[c];
			memcpy(buf + 1, it->key, kl + 1);
			memcpy(buf + 2 + kl, it->value, vl + 1);
			if (ll)
				memcpy(buf + 3 + kl + vl, it->list, ll);
			rc = send_frame(fd, INSPECT_FRAME_ITEM, buf, 3 + kl + vl + ll);
			free(buf);
		}
	}
	inspect_facts_release(&f);
	return rc;
}

/* A file under the proc root, sent as a frame; missing optional files are skipped. */
static int send_file(int fd, const struct procfs *pfs, const char *rel, int tag, bool optional)
{
	char *buf;
	size_t len;
	int rc;

	rc = procfs_read_file(pfs, rel, 0, &buf, &len);
	if (rc == -ENOENT && optional)
		return 0;
	if (rc)
		return send_error(fd, tag, rc);
	rc = send_frame(fd, tag, buf, len);
	free(buf);
	return rc;
}

/*
 * Send a frame per queue of the mqueue filesystem open at dfd (which it
 * closes). 0, -errno when the listing failed, 1 when the pipe did (then no
 * error frame could get through either).
 */
static int send_queue_list(int fd, int dfd)
{
	struct dirent *de;
	DIR *dir;
	int rc = 0;

	dir = fdopendir(dfd);
	if (!dir) {
		rc = -errno;
		close(dfd);
		return rc;
	}
	errno = 0;
	while ((de = readdir(dir))) {
		char rec[NAME_MAX + 64];
		struct stat sb;
		int n;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(dir), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno == ENOENT)
				continue;	/* unlinked meanwhile */
			rc = -errno;
			break;
		}
		n = snprintf(rec, sizeof(rec), "%s%c%o %u", de->d_name, 0,
			     (unsigned int)(sb.st_mode & 07777), (unsigned int)sb.st_uid);
		if (send_frame(fd, INSPECT_FRAME_MQUEUE, rec, (size_t)n + 1)) {
			rc = 1;
			break;
		}
		errno = 0;
	}
	if (!rc && errno)
		rc = -errno;
	closedir(dir);
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
	int fs, mnt, dfd, err;

	fs = fsopen("mqueue", FSOPEN_CLOEXEC);
	if (fs < 0)
		return -errno;
	if (fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0) {
		err = -errno;
		close(fs);
		return err;
	}
	mnt = fsmount(fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
		      MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
	err = mnt < 0 ? -errno : 0;
	close(fs);
	if (err)
		return err;
	dfd = openat(mnt, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	err = dfd < 0 ? -errno : 0;
	close(mnt);
	return err ? err : dfd;
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
static int send_mqueues(int fd)
{
	int dfd, rc;

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
		return send_error(fd, INSPECT_FRAME_MQUEUE, 0);
	if (dfd < 0)
		return send_error(fd, INSPECT_FRAME_MQUEUE, dfd);
	rc = send_queue_list(fd, dfd);
	if (rc < 0)
		return send_error(fd, INSPECT_FRAME_MQUEUE, rc);
	return rc;
}

/* Runs in the child, inside the namespaces: read, send, never parse. */
static int inside_fn(void *data, int outfd)
{
	const struct inside_req *r = data;
	const struct procfs *pfs = r->pfs;
	char rel[64];
	int rc = 0;

	if (r->what & IN_UNAME) {
		struct utsname u;
		char buf[sizeof(u.nodename) + sizeof(u.domainname) + 2];
		int n;

		if (uname(&u) < 0) {
			rc = send_error(outfd, INSPECT_FRAME_UNAME, -errno);
		} else {
			n = snprintf(buf, sizeof(buf), "%s%c%s", u.nodename, 0, u.domainname);
			rc = send_frame(outfd, INSPECT_FRAME_UNAME, buf, (size_t)n + 1);
		}
	}
	/* /proc/sysvipc shows the ipc namespace of the reader: ours, now */
	if (!rc && (r->what & IN_SYSVIPC))
		rc = send_file(outfd, pfs, "sysvipc/shm", INSPECT_FRAME_SHM, true);
	if (!rc && (r->what & IN_SYSVIPC))
		rc = send_file(outfd, pfs, "sysvipc/sem", INSPECT_FRAME_SEM, true);
	if (!rc && (r->what & IN_SYSVIPC))
		rc = send_file(outfd, pfs, "sysvipc/msg", INSPECT_FRAME_MSG, true);
	if (!rc && (r->what & IN_MQUEUE))
		rc = send_mqueues(outfd);
	/* cgroup paths are shown relative to the reader's cgroup namespace root */
	if (!rc && (r->what & IN_CGROUP)) {
		if (r->pid > 0)
			snprintf(rel, sizeof(rel), "%d/cgroup", (int)r->pid);
		else
			snprintf(rel, sizeof(rel), "self/cgroup");
		rc = send_file(outfd, pfs, rel, INSPECT_FRAME_CGROUP, false);
	}
	/* without a process: what /proc/PID would have shown, through self */
	if (!rc && (r->what & IN_SOCKETS)) {
		rc = send_file(outfd, pfs, "self/net/tcp", INSPECT_FRAME_TCP, false);
		if (!rc)
			rc = send_file(outfd, pfs, "self/net/tcp6", INSPECT_FRAME_TCP6, true);
		if (!rc)
			rc = send_file(outfd, pfs, "self/net/udp", INSPECT_FRAME_UDP, false);
		if (!rc)
			rc = send_file(outfd, pfs, "self/net/udp6", INSPECT_FRAME_UDP6, true);
	}
	if (!rc && (r->what & IN_MOUNTINFO))
		rc = send_file(outfd, pfs, "self/mountinfo", INSPECT_FRAME_MOUNTINFO, false);
	if (!rc && (r->what & IN_IDMAPS)) {
		rc = send_file(outfd, pfs, "self/uid_map", INSPECT_FRAME_UIDMAP, false);
		if (!rc)
			rc = send_file(outfd, pfs, "self/gid_map", INSPECT_FRAME_GIDMAP, false);
		if (!rc)
			rc = send_file(outfd, pfs, "self/setgroups", INSPECT_FRAME_SETGROUPS, false);
	}
	if (!rc && (r->what & IN_TIMENS))
		rc = send_file(outfd, pfs, "self/timens_offsets", INSPECT_FRAME_TIMENS, false);
	if (!rc && (r->what & IN_NETLINK))
		rc = send_netlink(outfd, r);
	if (!rc)
		rc = send_frame(outfd, INSPECT_FRAME_END, "", 0);
	return rc ? 1 : 0;
}

/* The cgroup namespace's root per hierarchy, from the paths outside and inside. */
static int add_cgroup_roots(struct gather *g, const char *inside, size_t ilen)
{
	struct inspect_cgroup *out = NULL, *in = NULL;
	size_t nout = 0, nin = 0;
	int rc;

	rc = inspect_parse_cgroup(g->outside_cgroup, g->outside_cgroup_len, &out, &nout);
	if (!rc)
		rc = inspect_parse_cgroup(inside, ilen, &in, &nin);
	for (size_t i = 0; !rc && i < nout; i++) {
		const char *key = out[i].controllers[0] ? out[i].controllers : "cgroup2";
		char root[4096], value[4200];
		size_t j;

		for (j = 0; j < nin; j++)
			if (in[j].hid == out[i].hid && strcmp(in[j].controllers, out[i].controllers) == 0)
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
			rc = inspect_list_add(&g->f->cat[INSPECT_CGROUP], key, value, NULL);
	}
	inspect_cgroups_free(out, nout);
	inspect_cgroups_free(in, nin);
	return rc ? fail(g, INSPECT_CGROUP, NS_CGROUP, rc) : 0;
}

/* Parse one frame, from the child or from a file read outside. */
static int frame_fn(void *data, int tag, const char *buf, size_t len)
{
	struct gather *g = data;
	int rc;

	switch (tag) {
	case INSPECT_FRAME_UNAME: {
		const char *nul = memchr(buf, '\0', len);
		const char *dom = nul ? nul + 1 : NULL;

		if (!nul || !memchr(dom, '\0', len - (size_t)(dom - buf)))
			return fail(g, INSPECT_HOSTNAME, NS_UTS, -EINVAL);
		rc = inspect_list_add(&g->f->cat[INSPECT_HOSTNAME], "", buf, NULL);
		if (!rc)
			rc = inspect_list_add(&g->f->cat[INSPECT_DOMAINNAME], "", dom, NULL);
		return rc ? fail(g, INSPECT_HOSTNAME, NS_UTS, rc) : 0;
	}
	case INSPECT_FRAME_SHM:
	case INSPECT_FRAME_SEM:
	case INSPECT_FRAME_MSG: {
		enum inspect_ipc_kind kind = tag == INSPECT_FRAME_SHM ? INSPECT_IPC_SHM :
					     tag == INSPECT_FRAME_SEM ? INSPECT_IPC_SEM :
									INSPECT_IPC_MSG;
		struct inspect_ipc *v;
		size_t n;

		rc = inspect_parse_sysvipc(buf, len, kind, &v, &n);
		if (!rc)
			rc = inspect_add_sysvipc(g->f, kind, v, n);
		free(v);
		return rc ? fail(g, tag_cat(tag), NS_IPC, rc) : 0;
	}
	case INSPECT_FRAME_MQUEUE: {
		const char *nul = memchr(buf, '\0', len);
		unsigned int mode, uid;
		char key[NAME_MAX + 2], value[48], extra;

		if (!nul || buf[len - 1] != '\0' || nul == buf || (size_t)(nul - buf) > NAME_MAX ||
		    sscanf(nul + 1, "%o %u%c", &mode, &uid, &extra) != 2)
			return fail(g, INSPECT_MQUEUE, NS_IPC, -EINVAL);
		/* queues are named with a leading slash in mq_open(3) */
		snprintf(key, sizeof(key), "/%s", buf);
		snprintf(value, sizeof(value), "perms %03o, uid %u", mode, uid);
		rc = inspect_list_add(&g->f->cat[INSPECT_MQUEUE], key, value, NULL);
		return rc ? fail(g, INSPECT_MQUEUE, NS_IPC, rc) : 0;
	}
	case INSPECT_FRAME_CGROUP:
		return add_cgroup_roots(g, buf, len);
	case INSPECT_FRAME_TCP:
	case INSPECT_FRAME_TCP6:
	case INSPECT_FRAME_UDP:
	case INSPECT_FRAME_UDP6:
		return add_sockets(g, tag, buf, len);
	case INSPECT_FRAME_MOUNTINFO:
		return add_mountinfo(g, buf, len);
	case INSPECT_FRAME_UIDMAP:
		return add_idmap(g, INSPECT_UIDMAP, buf, len);
	case INSPECT_FRAME_GIDMAP:
		return add_idmap(g, INSPECT_GIDMAP, buf, len);
	case INSPECT_FRAME_SETGROUPS:
		return add_setgroups(g, buf, len);
	case INSPECT_FRAME_TIMENS:
		return add_timens(g, buf, len);
	case INSPECT_FRAME_ITEM: {
		const char *key, *value, *list;
		enum inspect_cat cat;

		if (inspect_parse_item_frame(buf, len, &cat, &key, &value, &list))
			return fail(g, INSPECT_NCATS, NS_UNKNOWN, -EINVAL);
		rc = inspect_list_add(&g->f->cat[cat], key, value, list);
		return rc ? fail(g, cat, NS_UNKNOWN, rc) : 0;
	}
	case INSPECT_FRAME_ERROR: {
		uint32_t v[3] = { 0, 0, INSPECT_NCATS };
		enum inspect_cat cat;

		if (len != 2 * sizeof(v[0]) && len != sizeof(v))
			return fail(g, INSPECT_NCATS, NS_UNKNOWN, -EINVAL);
		memcpy(v, buf, len);
		/* no mqueue filesystem in this kernel: no queues to compare */
		if (v[0] == INSPECT_FRAME_MQUEUE && v[1] == 0)
			return 0;
		cat = v[0] == INSPECT_FRAME_ITEM ? (v[2] < INSPECT_NCATS ? v[2] : INSPECT_NCATS) :
						   tag_cat((int)v[0]);
		return fail(g, cat, NS_UNKNOWN, v[1] && v[1] < 4096 ? -(int)v[1] : -EIO);
	}
	case INSPECT_FRAME_END:
		return 0;
	}
	return fail(g, INSPECT_NCATS, NS_UNKNOWN, -EINVAL);
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

static int gather_inside(struct gather *g, ns_mask_t outside)
{
	struct inside_req r = { .pfs = g->o->pfs, .pid = g->t->pid, .snap = g->o->snap };
	struct nsenter_opts o;
	ns_mask_t mask = 0;
	char *out = NULL;
	size_t outlen = 0;
	bool ended = false;
	int rc, status;

	if (g->types & NS_MASK(NS_UTS)) {
		r.what |= IN_UNAME;
		mask |= NS_MASK(NS_UTS);
	}
	if (g->types & NS_MASK(NS_IPC)) {
		r.what |= IN_SYSVIPC | IN_MQUEUE;
		mask |= NS_MASK(NS_IPC);
	}
	if (g->types & NS_MASK(NS_CGROUP)) {
		r.what |= IN_CGROUP;
		mask |= NS_MASK(NS_CGROUP);
	}
	/* links, addresses and routes: a netlink socket of the namespace's */
	if (g->types & NS_MASK(NS_NET)) {
		r.what |= IN_NETLINK;
		mask |= NS_MASK(NS_NET);
	}
	/* what a process would have shown from outside */
	if ((g->types & ~outside) & NS_MASK(NS_NET))
		r.what |= IN_SOCKETS;
	if ((g->types & ~outside) & NS_MASK(NS_MNT)) {
		r.what |= IN_MOUNTINFO;
		mask |= NS_MASK(NS_MNT);
	}
	if ((g->types & ~outside) & NS_MASK(NS_USER)) {
		r.what |= IN_IDMAPS;
		mask |= NS_MASK(NS_USER);
	}
	if ((g->types & ~outside) & NS_MASK(NS_TIME)) {
		r.what |= IN_TIMENS;
		mask |= NS_MASK(NS_TIME);
	}
	if (!r.what)
		return 0;
	/*
	 * Namespaces we are in already are not entered: setns(2) wants
	 * CAP_SYS_ADMIN over a namespace even when one is in it, which an
	 * unprivileged caller has not over its own (the host's).
	 */
	for (int t = 0; t < NS_NTYPES; t++)
		if ((mask & NS_MASK(t)) && g->t->ino[t] && g->t->ino[t] == self_ino(g->o->pfs, t))
			mask &= ~NS_MASK(t);
	if ((r.what & IN_CGROUP) && !g->outside_cgroup) {
		rc = read_proc(g, "cgroup", &g->outside_cgroup, &g->outside_cgroup_len);
		if (rc)
			return fail(g, INSPECT_CGROUP, NS_CGROUP, rc);
	}
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
	rc = nsenter_run_in(&o, inside_fn, &r, &out, &outlen, &status, &g->e->enter);
	if (rc) {
		g->e->entering = true;
		return fail(g, INSPECT_NCATS, g->e->enter.type, rc);
	}
	rc = inspect_parse_frames(out, outlen, frame_fn, g);
	if (rc && !g->e->err)
		rc = fail(g, INSPECT_NCATS, NS_UNKNOWN, rc);
	/* all or nothing: the child must have said everything and ended well */
	if (!rc && inspect_parse_frames(out, outlen, check_end, &ended) == 0 &&
	    (!ended || !WIFEXITED(status) || WEXITSTATUS(status) != 0))
		rc = fail(g, INSPECT_NCATS, NS_UNKNOWN, -EPIPE);
	free(out);
	return rc;
}

/* ------------------------------------------------------------- gather */

int inspect_gather(const struct inspect_opts *o, const struct inspect_target *t,
		   ns_mask_t types, struct inspect_facts *f, struct inspect_error *e)
{
	struct gather g = { .o = o, .t = t, .types = types, .f = f, .e = e };
	ns_mask_t outside;
	int rc;

	memset(e, 0, sizeof(*e));
	e->cat = INSPECT_NCATS;
	e->type = NS_UNKNOWN;
	memset(f, 0, sizeof(*f));
	f->types = types;
	if (!o->pfs->live)
		return fail(&g, INSPECT_NCATS, NS_UNKNOWN, -EOPNOTSUPP);

	outside = outside_types(&g);
	rc = gather_outside(&g, outside);
	if (!rc)
		rc = gather_status(&g);
	if (!rc)
		rc = gather_nprocs(&g);
	if (!rc)
		rc = gather_inside(&g, outside);
	free(g.outside_cgroup);
	if (!rc)
		inspect_facts_sort(f);
	return rc;
}
