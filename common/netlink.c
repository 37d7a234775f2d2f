// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rtnetlink requests over libmnl. Each request is built in a small buffer,
 * sent, and its answers read until the kernel says it is finished: the ack
 * (NLMSG_ERROR) of a plain request, NLMSG_DONE of a dump.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/fib_rules.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/pkt_sched.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "array.h"
#include "netlink.h"
#include "sys.h"

_Static_assert(NETLINK_NAME_MAX == IFNAMSIZ, "NETLINK_NAME_MAX is IFNAMSIZ");
_Static_assert(NETLINK_ADDRSTRLEN == INET6_ADDRSTRLEN, "NETLINK_ADDRSTRLEN is INET6_ADDRSTRLEN");
_Static_assert(NETLINK_ALIAS_MAX == IFALIASZ, "NETLINK_ALIAS_MAX is IFALIASZ");

/* Requests are a header and a few attributes; 8 KiB is plenty. */
#define REQ_SIZE 8192
/*
 * The kernel sizes the messages of a dump to the reader's buffer, up to
 * 32 KiB, and a smaller buffer would see them truncated; rtnetlink's own
 * documentation asks for this much.
 */
#define RECV_SIZE 32768
/* A dump the kernel flags as inconsistent (NLM_F_DUMP_INTR) is redone. */
#define DUMP_TRIES 4

/* Answers to one request go to cb, which returns 0 or -errno. */
typedef int (*msg_cb)(const struct nlmsghdr *nlh, void *data);

int netlink_open(struct netlink *nl)
{
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl->nl)
		return -errno;
	if (mnl_socket_bind(nl->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int e = -errno;

		mnl_socket_close(nl->nl);
		nl->nl = NULL;
		return e;
	}
	/*
	 * Extended acks carry the kernel's explanation of an error; capped
	 * acks spare us our own request echoed back. Both are best effort:
	 * old kernels lack them and work the same without.
	 */
	mnl_socket_setsockopt(nl->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->portid = mnl_socket_get_portid(nl->nl);
	nl->seq = (unsigned int)time(NULL);
	return 0;
}

int netlink_open_in(struct netlink *nl, int netns_fd)
{
	int self, rc;

	memset(nl, 0, sizeof(*nl));
	/* The way back, taken before leaving: thread-self, as setns() moves a thread. */
	self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return -errno;
	if (sys_setns(netns_fd, CLONE_NEWNET) < 0) {
		rc = -errno;
		goto out_close;
	}
	rc = netlink_open(nl);
	if (sys_setns(self, CLONE_NEWNET) < 0) {
		/*
		 * Every later socket of this thread would open in the wrong
		 * namespace: no ordinary error code says that, so use one the
		 * caller cannot mistake for a failure to enter.
		 */
		netlink_close(nl);
		rc = -ENOTRECOVERABLE;
	}
out_close:
	close(self);
	return rc;
}

void netlink_close(struct netlink *nl)
{
	if (nl->nl)
		mnl_socket_close(nl->nl);
	nl->nl = NULL;
}

/* ---------------------------------------------------------------- plumbing */

/* A request buffer aligned for the headers built in it. */
struct req {
	_Alignas(8) char buf[REQ_SIZE];
};

static struct nlmsghdr *req_start(struct req *req, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh;

	/*
	 * libmnl 1.0.4 leaves the alignment padding after an attribute as it
	 * finds it: zero the buffer so that no stack garbage goes to the kernel.
	 */
	memset(req->buf, 0, sizeof(req->buf));
	nlh = mnl_nlmsg_put_header(req->buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	return nlh;
}

static int ext_msg_cb(const struct nlattr *attr, void *data)
{
	struct netlink *nl = data;
	const char *s;
	size_t len;

	if (mnl_attr_get_type(attr) != NLMSGERR_ATTR_MSG)
		return MNL_CB_OK;
	s = mnl_attr_get_payload(attr);
	len = strnlen(s, mnl_attr_get_payload_len(attr));
	if (len >= sizeof(nl->ext_msg))
		len = sizeof(nl->ext_msg) - 1;
	memcpy(nl->ext_msg, s, len);
	nl->ext_msg[len] = '\0';
	/* Drop the trailing newline some messages carry. */
	while (len && (nl->ext_msg[len - 1] == '\n' || nl->ext_msg[len - 1] == ' '))
		nl->ext_msg[--len] = '\0';
	return MNL_CB_STOP;
}

/*
 * The extended-ack attributes of an NLMSG_ERROR or NLMSG_DONE start after
 * the error code and, unless capped, the whole request echoed back.
 */
static void read_ext_ack(struct netlink *nl, const struct nlmsghdr *nlh, size_t off)
{
	size_t len = mnl_nlmsg_get_payload_len(nlh);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || off >= len)
		return;
	mnl_attr_parse_payload((const char *)mnl_nlmsg_get_payload(nlh) + off, len - off,
			       ext_msg_cb, nl);
}

static int read_error(struct netlink *nl, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
		return -EBADMSG;
	if (e->error == 0)
		return 0;
	if (nlh->nlmsg_flags & NLM_F_CAPPED)
		off = sizeof(*e);
	else
		off = sizeof(e->error) + MNL_ALIGN(e->msg.nlmsg_len);
	read_ext_ack(nl, nlh, off);
	/* The kernel sends -errno; never let a bogus positive value pass as success. */
	return e->error < 0 ? e->error : -EPROTO;
}

static int read_done(struct netlink *nl, const struct nlmsghdr *nlh)
{
	int err;

	/* A dump that failed part-way says so in NLMSG_DONE's payload. */
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(err))
		return 0;
	memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	if (err >= 0)
		return 0;
	read_ext_ack(nl, nlh, sizeof(err));
	return err;
}

/*
 * Send one request and hand its answers to cb until the kernel is done.
 * After an error (cb's or the kernel's) the rest of the answers are still
 * read, so that the next request does not find them on the socket. Stale
 * answers to an earlier, abandoned request are skipped by sequence number.
 * Returns -EINTR for a dump the kernel marked as interrupted.
 *
 * is_dump is the caller's word, not read from the flags: NLM_F_EXCL and
 * NLM_F_MATCH (half of NLM_F_DUMP) are the same bit.
 */
static int exchange(struct netlink *nl, struct nlmsghdr *nlh, bool is_dump, msg_cb cb, void *data)
{
	_Alignas(8) char buf[RECV_SIZE];
	bool intr = false;
	unsigned int seq;
	int err = 0;

	if (!nl->nl)
		return -EBADF;
	nl->ext_msg[0] = '\0';
	seq = ++nl->seq;
	nlh->nlmsg_seq = seq;
	/* A plain request ends with its ack; a dump with NLMSG_DONE. */
	if (is_dump)
		nlh->nlmsg_flags |= NLM_F_DUMP;
	else
		nlh->nlmsg_flags |= NLM_F_ACK;

	while (mnl_socket_sendto(nl->nl, nlh, nlh->nlmsg_len) < 0) {
		if (errno != EINTR)
			return -errno;
	}

	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->nl, buf, sizeof(buf));
		const struct nlmsghdr *m;
		int len;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* libmnl says ENOSPC for a truncated message. */
			return errno == ENOSPC ? -EMSGSIZE : -errno;
		}
		len = (int)n;
		for (m = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(m, len);
		     m = mnl_nlmsg_next(m, &len)) {
			if (m->nlmsg_seq != seq || m->nlmsg_pid != nl->portid)
				continue;
			if (m->nlmsg_flags & NLM_F_DUMP_INTR)
				intr = true;
			switch (m->nlmsg_type) {
			case NLMSG_NOOP:
				break;
			case NLMSG_ERROR: {
				int e = read_error(nl, m);

				return err ? err : e;
			}
			case NLMSG_DONE:
				if (is_dump) {
					int e = read_done(nl, m);

					if (!err)
						err = e;
					if (!err && intr)
						err = -EINTR;
					return err;
				}
				break;
			case NLMSG_OVERRUN:
				if (!err)
					err = -ENOBUFS;
				break;
			default:
				if (cb && !err)
					err = cb(m, data);
				break;
			}
		}
	}
}

/* A plain request: its answers, if any, then the ack. */
static int talk(struct netlink *nl, struct nlmsghdr *nlh, msg_cb cb, void *data)
{
	return exchange(nl, nlh, false, cb, data);
}

/* A growable array of fixed-size items, zeroed as they are added. */
struct vec {
	void *items; /* owned until handed to the caller */
	size_t n, cap, size;
};

static void *vec_push(struct vec *v)
{
	char *item;

	if (array_grow(&v->items, &v->cap, v->n + 1, v->size) < 0)
		return NULL;
	item = (char *)v->items + v->n++ * v->size;
	memset(item, 0, v->size);
	return item;
}

/*
 * Run a dump whose callback collects into v (data, handed to cb, holds v),
 * again from scratch while the kernel says the tables changed under it.
 * On success the caller owns v->items (NULL when there are none); on
 * failure they are freed.
 */
static int dump(struct netlink *nl, struct nlmsghdr *nlh, msg_cb cb, struct vec *v, void *data)
{
	int tries, rc = -EINTR;

	for (tries = 0; tries < DUMP_TRIES && rc == -EINTR; tries++) {
		v->n = 0;
		rc = exchange(nl, nlh, true, cb, data);
	}
	if (rc < 0) {
		free(v->items);
		v->items = NULL;
		v->n = 0;
		return rc == -EINTR ? -EAGAIN : rc;
	}
	return 0;
}

/* Attributes by type, for parse callbacks; unknown types past max are ignored. */
struct attrs {
	const struct nlattr **tb;
	uint16_t max;
};

static int attrs_cb(const struct nlattr *attr, void *data)
{
	struct attrs *a = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type <= a->max)
		a->tb[type] = attr;
	return MNL_CB_OK;
}

static int parse_attrs(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb,
		       uint16_t max)
{
	struct attrs a = {tb, max};

	memset(tb, 0, (max + 1u) * sizeof(*tb));
	if (mnl_nlmsg_get_payload_len(nlh) < hdrlen)
		return -EBADMSG;
	return mnl_attr_parse(nlh, (unsigned int)hdrlen, attrs_cb, &a) < 0 ? -EBADMSG : 0;
}

static int parse_nested(const struct nlattr *nest, const struct nlattr **tb, uint16_t max)
{
	struct attrs a = {tb, max};

	memset(tb, 0, (max + 1u) * sizeof(*tb));
	return mnl_attr_parse_nested(nest, attrs_cb, &a) < 0 ? -EBADMSG : 0;
}

static bool attr_u32(const struct nlattr *attr, uint32_t *v)
{
	if (!attr || mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return false;
	*v = mnl_attr_get_u32(attr);
	return true;
}

static bool attr_u8(const struct nlattr *attr, uint8_t *v)
{
	if (!attr || mnl_attr_validate(attr, MNL_TYPE_U8) < 0)
		return false;
	*v = mnl_attr_get_u8(attr);
	return true;
}

/* A string attribute into dst, truncated, NUL-terminated either way. */
static void attr_str(const struct nlattr *attr, char *dst, size_t size)
{
	size_t len;

	if (!attr)
		return;
	len = strnlen(mnl_attr_get_payload(attr), mnl_attr_get_payload_len(attr));
	if (len >= size)
		len = size - 1;
	memcpy(dst, mnl_attr_get_payload(attr), len);
	dst[len] = '\0';
}

/* An address attribute of the family as text; false if it is not one. */
static bool attr_inet(const struct nlattr *attr, int family, char *dst)
{
	size_t want = family == AF_INET ? 4 : 16;

	if (!attr || mnl_attr_get_payload_len(attr) < want)
		return false;
	return inet_ntop(family, mnl_attr_get_payload(attr), dst, NETLINK_ADDRSTRLEN) != NULL;
}

/* Text to a binary address; the family is whichever parses. */
static int parse_inet(const char *text, int *family, unsigned char bin[16])
{
	if (!text)
		return -EINVAL;
	if (inet_pton(AF_INET, text, bin) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, text, bin) == 1) {
		*family = AF_INET6;
		return 0;
	}
	return -EINVAL;
}

static size_t inet_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

static int check_name(const char *name)
{
	if (!name || !*name || strlen(name) >= IFNAMSIZ)
		return -EINVAL;
	return 0;
}

/* ------------------------------------------------------------------- links */

/* The counters we report, from either kernel struct: they share the field names. */
#define STATS_OF(s)                                                                                \
	((struct netlink_link_stats){                                                              \
		.rx_packets = (s).rx_packets,                                                      \
		.tx_packets = (s).tx_packets,                                                      \
		.rx_bytes = (s).rx_bytes,                                                          \
		.tx_bytes = (s).tx_bytes,                                                          \
		.rx_errors = (s).rx_errors,                                                        \
		.tx_errors = (s).tx_errors,                                                        \
		.rx_dropped = (s).rx_dropped,                                                      \
		.tx_dropped = (s).tx_dropped,                                                      \
	})

/* Copy an attribute's payload into a struct, the known part only: newer kernels append fields. */
static void attr_struct(const struct nlattr *attr, void *dst, size_t size)
{
	size_t len = mnl_attr_get_payload_len(attr);

	memcpy(dst, mnl_attr_get_payload(attr), len < size ? len : size);
}

static void read_stats(const struct nlattr *const *tb, struct netlink_link *link)
{
	if (tb[IFLA_STATS64]) {
		struct rtnl_link_stats64 s = {0};

		attr_struct(tb[IFLA_STATS64], &s, sizeof(s));
		link->stats = STATS_OF(s);
		link->has_stats = true;
	} else if (tb[IFLA_STATS]) {
		struct rtnl_link_stats s = {0};

		attr_struct(tb[IFLA_STATS], &s, sizeof(s));
		link->stats = STATS_OF(s);
		link->has_stats = true;
	}
}

static int read_link(const struct nlmsghdr *nlh, struct netlink_link *link)
{
	const struct nlattr *tb[IFLA_MAX + 1], *info[IFLA_INFO_MAX + 1];
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	uint32_t v;
	uint8_t u8;
	int rc;

	rc = parse_attrs(nlh, sizeof(*ifi), tb, IFLA_MAX);
	if (rc < 0)
		return rc;
	memset(link, 0, sizeof(*link));
	link->ifindex = ifi->ifi_index;
	link->flags = ifi->ifi_flags;
	link->link_netnsid = -1;
	attr_str(tb[IFLA_IFNAME], link->name, sizeof(link->name));
	if (attr_u32(tb[IFLA_MTU], &v))
		link->mtu = v;
	if (attr_u8(tb[IFLA_OPERSTATE], &u8))
		link->operstate = u8;
	if (attr_u32(tb[IFLA_MASTER], &v))
		link->master = (int)v;
	if (attr_u32(tb[IFLA_LINK], &v))
		link->link = (int)v;
	if (attr_u32(tb[IFLA_LINK_NETNSID], &v))
		link->link_netnsid = (int)v;
	if (tb[IFLA_ADDRESS]) {
		size_t len = mnl_attr_get_payload_len(tb[IFLA_ADDRESS]);

		if (len > sizeof(link->hwaddr))
			len = sizeof(link->hwaddr);
		memcpy(link->hwaddr, mnl_attr_get_payload(tb[IFLA_ADDRESS]), len);
		link->hwaddr_len = (unsigned int)len;
	}
	if (tb[IFLA_LINKINFO] && parse_nested(tb[IFLA_LINKINFO], info, IFLA_INFO_MAX) == 0) {
		attr_str(info[IFLA_INFO_KIND], link->kind, sizeof(link->kind));
		attr_str(info[IFLA_INFO_SLAVE_KIND], link->slave_kind, sizeof(link->slave_kind));
	}
	read_stats(tb, link);
	attr_str(tb[IFLA_IFALIAS], link->alias, sizeof(link->alias));
	return 0;
}

static int list_links_cb(const struct nlmsghdr *nlh, void *data)
{
	struct netlink_link *link;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	link = vec_push(data);
	if (!link)
		return -ENOMEM;
	return read_link(nlh, link);
}

int netlink_list_links(struct netlink *nl, struct netlink_link **links, size_t *n)
{
	struct vec v = {.size = sizeof(**links)};
	struct req req;
	struct nlmsghdr *nlh = req_start(&req, RTM_GETLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	int rc;

	ifi->ifi_family = AF_UNSPEC;
	rc = dump(nl, nlh, list_links_cb, &v, &v);
	if (rc < 0)
		return rc;
	*links = v.items;
	*n = v.n;
	return 0;
}

void netlink_links_free(struct netlink_link *links)
{
	free(links);
}

static int get_link_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	return read_link(nlh, data);
}

/* RTM_GETLINK of one link, by ifindex or (when name is set) by name. */
static int get_link(struct netlink *nl, int ifindex, const char *name, struct netlink_link *link)
{
	struct req req;
	struct nlmsghdr *nlh = req_start(&req, RTM_GETLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	int rc;

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	if (name)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	link->ifindex = 0;
	rc = talk(nl, nlh, get_link_cb, link);
	if (rc == 0 && link->ifindex == 0)
		rc = -ENODEV;
	return rc;
}

int netlink_get_link(struct netlink *nl, int ifindex, struct netlink_link *link)
{
	if (ifindex <= 0)
		return -EINVAL;
	return get_link(nl, ifindex, NULL, link);
}

int netlink_get_link_by_name(struct netlink *nl, const char *name, struct netlink_link *link)
{
	int rc = check_name(name);

	if (rc < 0)
		return rc;
	return get_link(nl, 0, name, link);
}

int netlink_ifindex(struct netlink *nl, const char *name, int *ifindex)
{
	struct netlink_link link;
	int rc = netlink_get_link_by_name(nl, name, &link);

	if (rc < 0)
		return rc;
	*ifindex = link.ifindex;
	return 0;
}

/* A link request: the header and an ifinfomsg naming ifindex. */
static struct nlmsghdr *link_req(struct req *req, uint16_t type, uint16_t flags, int ifindex)
{
	struct nlmsghdr *nlh = req_start(req, type, flags);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return nlh;
}

/* The echo of a request that made a link: the ifindex of the link of the name asked for. */
struct newlink_echo {
	const char *name;
	int ifindex;
};

static int newlink_echo_cb(const struct nlmsghdr *nlh, void *data)
{
	struct newlink_echo *e = data;
	struct netlink_link link;

	if (nlh->nlmsg_type == RTM_NEWLINK && read_link(nlh, &link) == 0 &&
	    strcmp(link.name, e->name) == 0)
		e->ifindex = link.ifindex;
	return 0;
}

static int check_newlink(const struct netlink_newlink *nw)
{
	if (nw && (nw->master < 0 || (nw->alias && strlen(nw->alias) >= NETLINK_ALIAS_MAX)))
		return -EINVAL;
	return 0;
}

/* A request that makes a link named name: nw's master and flags go into it. */
static struct nlmsghdr *newlink_req(struct req *req, const char *name,
				    const struct netlink_newlink *nw)
{
	struct nlmsghdr *nlh = link_req(req, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);

	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (nw && nw->up) {
		struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

		ifi->ifi_change = IFF_UP;
		ifi->ifi_flags = IFF_UP;
	}
	if (nw && nw->master > 0)
		mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)nw->master);
	if (nw && nw->hwaddr)
		mnl_attr_put(nlh, IFLA_ADDRESS, 6, nw->hwaddr);
	return nlh;
}

/*
 * Send the request of newlink_req(), then what the kernel does not do in
 * it: learn the ifindex (its echo, else a request by name) and set the
 * alias, deleting the link again when that fails.
 */
static int newlink(struct netlink *nl, struct nlmsghdr *nlh, const char *name,
		   struct netlink_newlink *nw)
{
	struct newlink_echo e = { name, 0 };
	char msg[sizeof(nl->ext_msg)];
	int rc;

	if (!nw)
		return talk(nl, nlh, NULL, NULL);
	nw->ifindex = 0;
	nlh->nlmsg_flags |= NLM_F_ECHO;
	rc = talk(nl, nlh, newlink_echo_cb, &e);
	if (rc == 0 && !e.ifindex)
		rc = netlink_ifindex(nl, name, &e.ifindex);
	if (rc < 0)
		return rc;
	if (nw->alias && *nw->alias) {
		rc = netlink_set_link_alias(nl, e.ifindex, nw->alias);
		if (rc < 0) {
			/* the kernel's word on the alias, not on the clean-up */
			memcpy(msg, nl->ext_msg, sizeof(msg));
			netlink_delete_link(nl, e.ifindex);
			memcpy(nl->ext_msg, msg, sizeof(msg));
			return rc;
		}
	}
	nw->ifindex = e.ifindex;
	return 0;
}

int netlink_create_veth(struct netlink *nl, const char *name, const char *peer, int peer_netns_fd,
			struct netlink_newlink *nw)
{
	struct nlattr *linkinfo, *data, *peerinfo;
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct req req;

	if (check_name(name) < 0 || check_name(peer) < 0 || check_newlink(nw) < 0)
		return -EINVAL;
	nlh = newlink_req(&req, name, nw);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	/* The peer is described like a link of its own: an ifinfomsg, then attributes. */
	peerinfo = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
	if (peer_netns_fd >= 0)
		mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)peer_netns_fd);
	mnl_attr_nest_end(nlh, peerinfo);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	return newlink(nl, nlh, name, nw);
}

int netlink_create_bridge(struct netlink *nl, const char *name, struct netlink_newlink *nw)
{
	struct nlmsghdr *nlh;
	struct nlattr *linkinfo;
	struct req req;

	if (check_name(name) < 0 || check_newlink(nw) < 0)
		return -EINVAL;
	nlh = newlink_req(&req, name, nw);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bridge");
	mnl_attr_nest_end(nlh, linkinfo);
	return newlink(nl, nlh, name, nw);
}

int netlink_set_link_up(struct netlink *nl, int ifindex, bool up)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct req req;

	if (ifindex <= 0)
		return -EINVAL;
	nlh = link_req(&req, RTM_SETLINK, 0, ifindex);
	ifi = mnl_nlmsg_get_payload(nlh);
	/* ifi_change masks the flags to touch; the others stay as they are. */
	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = up ? IFF_UP : 0;
	return talk(nl, nlh, NULL, NULL);
}

/* RTM_SETLINK of one u32 attribute. */
static int set_link_u32(struct netlink *nl, int ifindex, uint16_t type, uint32_t value)
{
	struct nlmsghdr *nlh;
	struct req req;

	if (ifindex <= 0)
		return -EINVAL;
	nlh = link_req(&req, RTM_SETLINK, 0, ifindex);
	mnl_attr_put_u32(nlh, type, value);
	return talk(nl, nlh, NULL, NULL);
}

int netlink_set_link_master(struct netlink *nl, int ifindex, int master)
{
	if (master < 0)
		return -EINVAL;
	return set_link_u32(nl, ifindex, IFLA_MASTER, (uint32_t)master);
}

int netlink_set_link_netns(struct netlink *nl, int ifindex, int netns_fd)
{
	if (netns_fd < 0)
		return -EBADF;
	return set_link_u32(nl, ifindex, IFLA_NET_NS_FD, (uint32_t)netns_fd);
}

int netlink_set_link_mtu(struct netlink *nl, int ifindex, unsigned int mtu)
{
	return set_link_u32(nl, ifindex, IFLA_MTU, mtu);
}

int netlink_set_link_alias(struct netlink *nl, int ifindex, const char *alias)
{
	size_t len = alias ? strlen(alias) : 0;
	struct nlmsghdr *nlh;
	struct req req;

	if (ifindex <= 0 || len >= NETLINK_ALIAS_MAX)
		return -EINVAL;
	nlh = link_req(&req, RTM_SETLINK, 0, ifindex);
	/* Without a NUL, as the kernel counts it; empty clears the alias. */
	mnl_attr_put(nlh, IFLA_IFALIAS, len, alias ? alias : "");
	return talk(nl, nlh, NULL, NULL);
}

int netlink_set_link_name(struct netlink *nl, int ifindex, const char *name)
{
	struct nlmsghdr *nlh;
	struct req req;

	if (ifindex <= 0 || check_name(name) < 0)
		return -EINVAL;
	nlh = link_req(&req, RTM_SETLINK, 0, ifindex);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return talk(nl, nlh, NULL, NULL);
}

int netlink_delete_link(struct netlink *nl, int ifindex)
{
	struct req req;

	if (ifindex <= 0)
		return -EINVAL;
	return talk(nl, link_req(&req, RTM_DELLINK, 0, ifindex), NULL, NULL);
}

int netlink_delete_link_by_name(struct netlink *nl, const char *name)
{
	struct nlmsghdr *nlh;
	struct req req;

	if (check_name(name) < 0)
		return -EINVAL;
	nlh = link_req(&req, RTM_DELLINK, 0, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return talk(nl, nlh, NULL, NULL);
}

/* --------------------------------------------------------------- addresses */

struct addr_filter {
	struct vec v;
	int ifindex;
};

static int list_addrs_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFA_MAX + 1];
	struct addr_filter *f = data;
	struct netlink_addr *a;
	uint32_t flags;
	int rc;

	if (nlh->nlmsg_type != RTM_NEWADDR)
		return 0;
	rc = parse_attrs(nlh, sizeof(*ifa), tb, IFA_MAX);
	if (rc < 0)
		return rc;
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return 0;
	if (f->ifindex && (int)ifa->ifa_index != f->ifindex)
		return 0;
	a = vec_push(&f->v);
	if (!a)
		return -ENOMEM;
	a->ifindex = (int)ifa->ifa_index;
	a->family = ifa->ifa_family;
	a->prefixlen = ifa->ifa_prefixlen;
	a->scope = ifa->ifa_scope;
	/* IFA_FLAGS has the bits that do not fit in ifa_flags. */
	a->flags = attr_u32(tb[IFA_FLAGS], &flags) ? flags : ifa->ifa_flags;
	/* IFA_ADDRESS is the far end on a point-to-point link; IFA_LOCAL is ours. */
	if (!attr_inet(tb[IFA_LOCAL], a->family, a->addr) &&
	    !attr_inet(tb[IFA_ADDRESS], a->family, a->addr)) {
		f->v.n--;
		return 0;
	}
	attr_str(tb[IFA_LABEL], a->label, sizeof(a->label));
	return 0;
}

int netlink_list_addrs(struct netlink *nl, int family, int ifindex, struct netlink_addr **addrs,
		       size_t *n)
{
	struct addr_filter f = {.v.size = sizeof(**addrs), .ifindex = ifindex};
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	struct req req;
	int rc;

	if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6)
		return -EAFNOSUPPORT;
	if (ifindex < 0)
		return -EINVAL;
	nlh = req_start(&req, RTM_GETADDR, 0);
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)family;
	rc = dump(nl, nlh, list_addrs_cb, &f.v, &f);
	if (rc < 0)
		return rc;
	*addrs = f.v.items;
	*n = f.v.n;
	return 0;
}

void netlink_addrs_free(struct netlink_addr *addrs)
{
	free(addrs);
}

static int addr_req(struct netlink *nl, uint16_t type, uint16_t flags, int ifindex,
		    const char *addr, unsigned int prefixlen, unsigned int ifa_flags)
{
	unsigned char bin[16];
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	struct req req;
	int family;

	if (ifindex <= 0 || parse_inet(addr, &family, bin) < 0 || prefixlen > 8 * inet_len(family))
		return -EINVAL;
	nlh = req_start(&req, type, flags);
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)family;
	ifa->ifa_prefixlen = (uint8_t)prefixlen;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (uint32_t)ifindex;
	ifa->ifa_flags = (uint8_t)ifa_flags;
	mnl_attr_put(nlh, IFA_LOCAL, inet_len(family), bin);
	mnl_attr_put(nlh, IFA_ADDRESS, inet_len(family), bin);
	if (ifa_flags > 0xff)
		mnl_attr_put_u32(nlh, IFA_FLAGS, ifa_flags);
	if (type == RTM_NEWADDR && family == AF_INET && prefixlen < 31) {
		/* Host bits all ones; /31 and /32 have no broadcast address. */
		uint32_t a;

		memcpy(&a, bin, sizeof(a));
		a |= htonl(0xffffffffu >> prefixlen);
		mnl_attr_put(nlh, IFA_BROADCAST, sizeof(a), &a);
	}
	return talk(nl, nlh, NULL, NULL);
}

int netlink_add_addr(struct netlink *nl, int ifindex, const char *addr, unsigned int prefixlen,
		     unsigned int ifa_flags)
{
	return addr_req(nl, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, ifindex, addr, prefixlen,
			ifa_flags);
}

int netlink_del_addr(struct netlink *nl, int ifindex, const char *addr, unsigned int prefixlen)
{
	return addr_req(nl, RTM_DELADDR, 0, ifindex, addr, prefixlen, 0);
}

/* ------------------------------------------------------------------ routes */

struct route_filter {
	struct vec v;
	int family;
	uint32_t table;
};

static int list_routes_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[RTA_MAX + 1];
	struct route_filter *f = data;
	struct netlink_route *r;
	uint32_t table, v;
	int rc;

	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return 0;
	rc = parse_attrs(nlh, sizeof(*rtm), tb, RTA_MAX);
	if (rc < 0)
		return rc;
	/* An AF_UNSPEC dump also brings multicast and MPLS tables. */
	if (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6)
		return 0;
	if (f->family != AF_UNSPEC && rtm->rtm_family != f->family)
		return 0;
	if (rtm->rtm_flags & RTM_F_CLONED)
		return 0;
	/* rtm_table is 8 bits; RTA_TABLE has the real number. */
	if (!attr_u32(tb[RTA_TABLE], &table))
		table = rtm->rtm_table;
	if (f->table && table != f->table)
		return 0;
	r = vec_push(&f->v);
	if (!r)
		return -ENOMEM;
	r->family = rtm->rtm_family;
	r->dst_len = rtm->rtm_dst_len;
	r->scope = rtm->rtm_scope;
	r->protocol = rtm->rtm_protocol;
	r->type = rtm->rtm_type;
	r->table = table;
	attr_inet(tb[RTA_DST], r->family, r->dst);
	attr_inet(tb[RTA_GATEWAY], r->family, r->gateway);
	attr_inet(tb[RTA_PREFSRC], r->family, r->prefsrc);
	if (attr_u32(tb[RTA_OIF], &v))
		r->oif = (int)v;
	if (attr_u32(tb[RTA_PRIORITY], &v))
		r->priority = v;
	return 0;
}

int netlink_list_routes(struct netlink *nl, int family, uint32_t table,
			struct netlink_route **routes, size_t *n)
{
	struct route_filter f = {.v.size = sizeof(**routes), .family = family, .table = table};
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	struct req req;
	int rc;

	if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6)
		return -EAFNOSUPPORT;
	nlh = req_start(&req, RTM_GETROUTE, 0);
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (uint8_t)family;
	rc = dump(nl, nlh, list_routes_cb, &f.v, &f);
	if (rc < 0)
		return rc;
	*routes = f.v.items;
	*n = f.v.n;
	return 0;
}

void netlink_routes_free(struct netlink_route *routes)
{
	free(routes);
}

static int route_req(struct netlink *nl, uint16_t type, uint16_t flags, const char *dst,
		     unsigned int dst_len, const char *gateway, int oif)
{
	unsigned char dbin[16], gbin[16];
	int family = AF_UNSPEC, gfamily;
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	struct req req;

	if (oif < 0 || (!gateway && !oif))
		return -EINVAL;
	if (dst) {
		if (parse_inet(dst, &family, dbin) < 0 || dst_len > 8 * inet_len(family))
			return -EINVAL;
	} else if (dst_len) {
		return -EINVAL;
	}
	if (gateway) {
		if (parse_inet(gateway, &gfamily, gbin) < 0)
			return -EINVAL;
		if (family != AF_UNSPEC && family != gfamily)
			return -EINVAL;
		family = gfamily;
	}
	if (family == AF_UNSPEC)
		return -EINVAL;

	nlh = req_start(&req, type, flags);
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (uint8_t)family;
	rtm->rtm_dst_len = (uint8_t)dst_len;
	rtm->rtm_table = RT_TABLE_MAIN;
	if (type == RTM_DELROUTE) {
		/*
		 * The kernel matches the fields that are set: leave origin and
		 * type open and give the wildcard scope, so that any route to
		 * dst through gateway/oif goes, the kernel's own ones included.
		 */
		rtm->rtm_scope = RT_SCOPE_NOWHERE;
	} else {
		/* The origin ip(8) gives to routes added by hand: tools sorting by origin agree. */
		rtm->rtm_protocol = RTPROT_BOOT;
		rtm->rtm_type = RTN_UNICAST;
		/*
		 * A route through a gateway reaches beyond the link; one without
		 * is on the link itself. IPv6 routes have no scope: universe.
		 */
		rtm->rtm_scope = gateway || family == AF_INET6 ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	}
	if (dst)
		mnl_attr_put(nlh, RTA_DST, inet_len(family), dbin);
	if (gateway)
		mnl_attr_put(nlh, RTA_GATEWAY, inet_len(family), gbin);
	if (oif)
		mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)oif);
	return talk(nl, nlh, NULL, NULL);
}

int netlink_add_route(struct netlink *nl, const char *dst, unsigned int dst_len,
		      const char *gateway, int oif)
{
	return route_req(nl, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, dst, dst_len, gateway, oif);
}

int netlink_add_default_route(struct netlink *nl, const char *gateway, int oif)
{
	if (!gateway)
		return -EINVAL;
	return netlink_add_route(nl, NULL, 0, gateway, oif);
}

int netlink_del_route(struct netlink *nl, const char *dst, unsigned int dst_len,
		      const char *gateway, int oif)
{
	return route_req(nl, RTM_DELROUTE, 0, dst, dst_len, gateway, oif);
}

/* ------------------------------------------------------------------ qdiscs */

/* The root qdisc's handle, 1:0, as tc(8) names one it adds. */
#define TBF_HANDLE 0x10000u
/* PSCHED_TICKS2NS(): the kernel keeps qdisc times in ticks of 64 ns. */
#define PSCHED_SHIFT 6

int netlink_set_tbf(struct netlink *nl, int ifindex, const struct netlink_tbf *tbf)
{
	struct tc_tbf_qopt q = { 0 };
	struct nlattr *opts;
	struct nlmsghdr *nlh;
	struct tcmsg *tcm;
	struct req req;

	if (!tbf || !tbf->rate || !tbf->burst || tbf->limit < tbf->burst || ifindex <= 0)
		return -EINVAL;
	nlh = req_start(&req, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_REPLACE);
	tcm = mnl_nlmsg_put_extra_header(nlh, sizeof(*tcm));
	tcm->tcm_family = AF_UNSPEC;
	tcm->tcm_ifindex = ifindex;
	tcm->tcm_handle = TBF_HANDLE;
	tcm->tcm_parent = TC_H_ROOT;
	mnl_attr_put_strz(nlh, TCA_KIND, "tbf");
	/*
	 * The link layer said, the kernel computes the cost of a packet
	 * itself (psched_ratecfg_precompute) and needs no rate table; the
	 * burst in bytes makes it work the bucket's time out too.
	 */
	q.rate.rate = tbf->rate > UINT32_MAX ? UINT32_MAX : (uint32_t)tbf->rate;
	q.rate.linklayer = TC_LINKLAYER_ETHERNET;
	q.limit = tbf->limit;
	opts = mnl_attr_nest_start(nlh, TCA_OPTIONS);
	mnl_attr_put(nlh, TCA_TBF_PARMS, sizeof(q), &q);
	if (tbf->rate > UINT32_MAX)
		mnl_attr_put_u64(nlh, TCA_TBF_RATE64, tbf->rate);
	mnl_attr_put_u32(nlh, TCA_TBF_BURST, tbf->burst);
	mnl_attr_nest_end(nlh, opts);
	return talk(nl, nlh, NULL, NULL);
}

static int list_tbf_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[TCA_MAX + 1], *ob[TCA_TBF_MAX + 1];
	const struct tcmsg *tcm = mnl_nlmsg_get_payload(nlh);
	struct tc_tbf_qopt q = { 0 };
	struct netlink_tbf *t;
	char kind[16] = "";
	uint64_t rate, ns;

	if (nlh->nlmsg_type != RTM_NEWQDISC || parse_attrs(nlh, sizeof(*tcm), tb, TCA_MAX) < 0)
		return 0;
	attr_str(tb[TCA_KIND], kind, sizeof(kind));
	if (tcm->tcm_parent != TC_H_ROOT || strcmp(kind, "tbf") != 0 || !tb[TCA_OPTIONS] ||
	    parse_nested(tb[TCA_OPTIONS], ob, TCA_TBF_MAX) < 0 || !ob[TCA_TBF_PARMS])
		return 0;
	attr_struct(ob[TCA_TBF_PARMS], &q, sizeof(q));
	rate = q.rate.rate;
	if (ob[TCA_TBF_RATE64] && mnl_attr_validate(ob[TCA_TBF_RATE64], MNL_TYPE_U64) == 0)
		rate = mnl_attr_get_u64(ob[TCA_TBF_RATE64]);
	t = vec_push(data);
	if (!t)
		return -ENOMEM;
	t->ifindex = tcm->tcm_ifindex;
	t->rate = rate;
	t->limit = q.limit;
	/* the bucket as the time it takes to fill at the rate: back to bytes, rounded */
	ns = (uint64_t)q.buffer << PSCHED_SHIFT;
	t->burst = (uint32_t)(((unsigned __int128)rate * ns + 500000000u) / 1000000000u);
	return 0;
}

int netlink_list_tbf(struct netlink *nl, struct netlink_tbf **tbfs, size_t *n)
{
	struct vec v = { .size = sizeof(**tbfs) };
	struct nlmsghdr *nlh;
	struct tcmsg *tcm;
	struct req req;
	int rc;

	nlh = req_start(&req, RTM_GETQDISC, 0);
	tcm = mnl_nlmsg_put_extra_header(nlh, sizeof(*tcm));
	tcm->tcm_family = AF_UNSPEC;
	rc = dump(nl, nlh, list_tbf_cb, &v, &v);
	*tbfs = v.items;
	*n = rc ? 0 : v.n;
	return rc;
}

void netlink_tbfs_free(struct netlink_tbf *tbfs)
{
	free(tbfs);
}

int netlink_get_tbf(struct netlink *nl, int ifindex, struct netlink_tbf *tbf)
{
	struct netlink_tbf *v;
	size_t n;
	int rc = netlink_list_tbf(nl, &v, &n);

	if (rc)
		return rc;
	rc = -ENOENT;
	for (size_t i = 0; i < n; i++)
		if (v[i].ifindex == ifindex) {
			*tbf = v[i];
			rc = 0;
			break;
		}
	netlink_tbfs_free(v);
	return rc;
}

/* ----------------------------------------------------------------- netnsid */

static int nsid_attr_cb(const struct nlattr *attr, void *data)
{
	int *nsid = data;

	if (mnl_attr_get_type(attr) == NETNSA_NSID && mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
		*nsid = (int)mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

static int nsid_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type != RTM_NEWNSID)
		return 0;
	if (mnl_attr_parse(nlh, sizeof(struct rtgenmsg), nsid_attr_cb, data) < 0)
		return -EBADMSG;
	return 0;
}

static struct nlmsghdr *nsid_req(struct req *req, uint16_t type, uint16_t flags, int nsfd)
{
	struct nlmsghdr *nlh = req_start(req, type, flags);
	struct rtgenmsg *rt = mnl_nlmsg_put_extra_header(nlh, sizeof(*rt));

	rt->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_FD, (uint32_t)nsfd);
	return nlh;
}

int netlink_rule_iif_prohibit(struct netlink *nl, int family, const char *ifname, uint32_t prio,
			      bool add)
{
	struct nlmsghdr *nlh;
	struct fib_rule_hdr *frh;
	struct req req;

	if (check_name(ifname) < 0)
		return -EINVAL;
	nlh = req_start(&req, add ? RTM_NEWRULE : RTM_DELRULE, add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	frh = mnl_nlmsg_put_extra_header(nlh, sizeof(*frh));
	frh->family = (unsigned char)family;
	frh->action = FR_ACT_PROHIBIT;
	mnl_attr_put_strz(nlh, FRA_IIFNAME, ifname);
	mnl_attr_put_u32(nlh, FRA_PRIORITY, prio);
	return talk(nl, nlh, NULL, NULL);
}
int netlink_get_nsid(struct netlink *nl, int nsfd, int *nsid)
{
	/* -2 is no id at all: the kernel answers -1 (NETNSA_NSID_NOT_ASSIGNED) for none. */
	int found = -2, rc;
	struct req req;

	if (nsfd < 0)
		return -EBADF;
	rc = talk(nl, nsid_req(&req, RTM_GETNSID, 0, nsfd), nsid_msg_cb, &found);
	if (rc < 0)
		return rc;
	if (found == -2)
		return -ENODATA;
	*nsid = found;
	return 0;
}

int netlink_set_nsid(struct netlink *nl, int nsfd, int nsid)
{
	struct nlmsghdr *nlh;
	struct req req;

	if (nsfd < 0)
		return -EBADF;
	if (nsid < -1)
		return -EINVAL;
	nlh = nsid_req(&req, RTM_NEWNSID, 0, nsfd);
	/* -1 asks the kernel to pick a free id. */
	mnl_attr_put_u32(nlh, NETNSA_NSID, (uint32_t)nsid);
	return talk(nl, nlh, NULL, NULL);
}

/* ------------------------------------------------------------------- names */

/* Name tables, one entry a line: clang-format would pack them into columns. */
/* clang-format off */
static const char *const operstates[] = {
	[IF_OPER_UNKNOWN] = "UNKNOWN",
	[IF_OPER_NOTPRESENT] = "NOTPRESENT",
	[IF_OPER_DOWN] = "DOWN",
	[IF_OPER_LOWERLAYERDOWN] = "LOWERLAYERDOWN",
	[IF_OPER_TESTING] = "TESTING",
	[IF_OPER_DORMANT] = "DORMANT",
	[IF_OPER_UP] = "UP",
};

static const char *const scopes[256] = {
	[RT_SCOPE_UNIVERSE] = "global",
	[RT_SCOPE_SITE] = "site",
	[RT_SCOPE_LINK] = "link",
	[RT_SCOPE_HOST] = "host",
	[RT_SCOPE_NOWHERE] = "nowhere",
};

static const char *const protos[256] = {
	[RTPROT_UNSPEC] = "unspec",
	[RTPROT_REDIRECT] = "redirect",
	[RTPROT_KERNEL] = "kernel",
	[RTPROT_BOOT] = "boot",
	[RTPROT_STATIC] = "static",
	[RTPROT_RA] = "ra",
	[RTPROT_DHCP] = "dhcp",
	[RTPROT_KEEPALIVED] = "keepalived",
	[RTPROT_BABEL] = "babel",
	[RTPROT_BIRD] = "bird",
	[RTPROT_BGP] = "bgp",
	[RTPROT_ISIS] = "isis",
	[RTPROT_OSPF] = "ospf",
	[RTPROT_RIP] = "rip",
	[RTPROT_EIGRP] = "eigrp",
};

static const char *const rtypes[] = {
	[RTN_UNSPEC] = "none",
	[RTN_UNICAST] = "unicast",
	[RTN_LOCAL] = "local",
	[RTN_BROADCAST] = "broadcast",
	[RTN_ANYCAST] = "anycast",
	[RTN_MULTICAST] = "multicast",
	[RTN_BLACKHOLE] = "blackhole",
	[RTN_UNREACHABLE] = "unreachable",
	[RTN_PROHIBIT] = "prohibit",
	[RTN_THROW] = "throw",
	[RTN_NAT] = "nat",
	[RTN_XRESOLVE] = "xresolve",
};
/* clang-format on */

#define NAME_OF(table, i) ((i) < sizeof(table) / sizeof((table)[0]) ? (table)[i] : NULL)

const char *netlink_operstate_name(unsigned int operstate)
{
	return NAME_OF(operstates, operstate);
}

const char *netlink_scope_name(unsigned int scope)
{
	return NAME_OF(scopes, scope);
}

const char *netlink_proto_name(unsigned int protocol)
{
	return NAME_OF(protos, protocol);
}

const char *netlink_rtype_name(unsigned int type)
{
	return NAME_OF(rtypes, type);
}

int netlink_format_hwaddr(const unsigned char *hwaddr, size_t len, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	/* Two digits per byte, a colon between, a NUL at the end. */
	if (size < (len ? 3 * len : 1))
		return -ENOSPC;
	for (i = 0; i < len; i++) {
		buf[3 * i] = hex[hwaddr[i] >> 4];
		buf[3 * i + 1] = hex[hwaddr[i] & 0xf];
		buf[3 * i + 2] = ':';
	}
	buf[len ? 3 * len - 1 : 0] = '\0';
	return 0;
}
