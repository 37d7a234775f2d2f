/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rtnetlink through libmnl: one socket per context, requests answered
 * synchronously. Never shells out to ip(8).
 *
 * Every call acts on the network namespace the context's socket was opened
 * in, whichever namespace the calling thread is in afterwards: a netlink
 * socket stays bound to the namespace it was created in. netlink_open_in()
 * opens a context in another namespace without moving the caller.
 *
 * Every function returns 0 or -errno. Errors from the kernel are its own
 * errno (-ENODEV: no such link, -EEXIST: the name, address or route exists);
 * when the kernel also explained the error (extended ack), the text is left
 * in nl->ext_msg. Lists are arrays malloc'ed for the caller, freed with the
 * matching _free function. A context is for one thread at a time.
 *
 * Used by the snapshot (netnsid), nsdiff (--deep), nstop (traffic) and nsrun (networks).
 */
#ifndef NSKIT_NETLINK_H
#define NSKIT_NETLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The kernel's sizes, spelled out here so that callers need neither
 * <net/if.h> nor <linux/if.h> (the two clash when included in one order).
 */
#define NETLINK_NAME_MAX   16 /* IFNAMSIZ, terminating NUL included */
#define NETLINK_KIND_MAX   32
#define NETLINK_HWADDR_MAX 32 /* MAX_ADDR_LEN */
#define NETLINK_ADDRSTRLEN 46 /* INET6_ADDRSTRLEN */
#define NETLINK_ALIAS_MAX  256 /* IFALIASZ, terminating NUL included */

struct mnl_socket;

struct netlink {
	struct mnl_socket *nl; /* owned */
	unsigned int portid;
	unsigned int seq;
	/* The kernel's extended-ack text for the last request that failed,
	 * "" when it gave none ("Invalid prefix for given prefix length"). */
	char ext_msg[128];
};

/* Open a NETLINK_ROUTE socket in the caller's network namespace. */
int netlink_open(struct netlink *nl);

/*
 * Open a context in the network namespace of netns_fd: the calling thread
 * enters it, opens the socket and returns to the namespace it was in.
 * Needs CAP_SYS_ADMIN over netns_fd. If the thread could not go back, the
 * context is closed and -ENOTRECOVERABLE returned: the thread is then in
 * the wrong network namespace and must not carry on as if it were not.
 */
int netlink_open_in(struct netlink *nl, int netns_fd);

/* Safe on a context that failed to open or was closed already. */
void netlink_close(struct netlink *nl);

/* ------------------------------------------------------------------ links */

/* Counters of IFLA_STATS64 (IFLA_STATS, 32-bit, on kernels without it). */
struct netlink_link_stats {
	uint64_t rx_packets;
	uint64_t tx_packets;
	uint64_t rx_bytes;
	uint64_t tx_bytes;
	uint64_t rx_errors;
	uint64_t tx_errors;
	uint64_t rx_dropped;
	uint64_t tx_dropped;
};

struct netlink_link {
	int ifindex;
	char name[NETLINK_NAME_MAX];
	char kind[NETLINK_KIND_MAX];	   /* "veth", "bridge"; "" for lo and most NICs */
	char slave_kind[NETLINK_KIND_MAX]; /* "bridge" for a bridge port, else "" */
	unsigned int flags;		   /* IFF_UP, IFF_LOWER_UP, IFF_LOOPBACK, ... */
	unsigned int mtu;
	unsigned int operstate; /* IF_OPER_*, see netlink_operstate_name() */
	int master;		/* ifindex of the bridge or bond, 0 for none */
	/*
	 * IFLA_LINK: a veth's peer, a vlan's parent; 0 for none. It is an
	 * ifindex in the namespace that link_netnsid names, -1 meaning this one.
	 * The kernel never reports a peer elsewhere without an id: where the
	 * peer's namespace has none yet, reading the link assigns one.
	 */
	int link;
	int link_netnsid;
	unsigned int hwaddr_len; /* 0 when the link has no address */
	unsigned char hwaddr[NETLINK_HWADDR_MAX];
	bool has_stats;
	struct netlink_link_stats stats;
	char alias[NETLINK_ALIAS_MAX];	/* IFLA_IFALIAS, "" for none */
};

/* Every link of the namespace, in the kernel's order (by ifindex). */
int netlink_list_links(struct netlink *nl, struct netlink_link **links, size_t *n);
void netlink_links_free(struct netlink_link *links);

/* One link, by ifindex or by name; -ENODEV when there is none. */
int netlink_get_link(struct netlink *nl, int ifindex, struct netlink_link *link);
int netlink_get_link_by_name(struct netlink *nl, const char *name, struct netlink_link *link);
int netlink_ifindex(struct netlink *nl, const char *name, int *ifindex);

/*
 * Names are checked before anything is sent: empty or longer than
 * NETLINK_NAME_MAX - 1 bytes is -EINVAL. The kernel refuses the rest
 * ("/", whitespace, "." and "..") with -EINVAL too.
 */

/*
 * How a link is made, besides its name and kind; NULL for the kernel's
 * way (down, on no master, no alias).
 *
 * The kernel takes no alias in the request that creates a link: with one,
 * it is set in a second request, and if that fails the link is deleted
 * again. The new link's ifindex is what the kernel echoes back (Linux
 * 6.2 on), or else a third request asks for it by name.
 */
struct netlink_newlink {
	int master;		/* enslaved to this bridge at once; 0 for none */
	bool up;		/* created up */
	const char *alias;	/* IFLA_IFALIAS; NULL or "" for none */
	/* IFLA_ADDRESS, 6 bytes (Ethernet), given in the request that makes it; NULL: the kernel's */
	const unsigned char *hwaddr;
	int ifindex;		/* out: the ifindex of the link made */
};

/*
 * A veth pair: name here, peer in the namespace of peer_netns_fd, or here
 * too when it is -1. The peer is created down; nw (may be NULL) says how
 * name is.
 */
int netlink_create_veth(struct netlink *nl, const char *name, const char *peer, int peer_netns_fd,
			struct netlink_newlink *nw);
int netlink_create_bridge(struct netlink *nl, const char *name, struct netlink_newlink *nw);

int netlink_set_link_up(struct netlink *nl, int ifindex, bool up);
/* Enslave to the bridge (or bond) master; master 0 releases the link. */
int netlink_set_link_master(struct netlink *nl, int ifindex, int master);
/* Move the link into the namespace of netns_fd; it may get another ifindex there. */
int netlink_set_link_netns(struct netlink *nl, int ifindex, int netns_fd);
/* Set or (alias "" or NULL) clear IFLA_IFALIAS; -EINVAL for one of NETLINK_ALIAS_MAX or more. */
int netlink_set_link_alias(struct netlink *nl, int ifindex, const char *alias);
/* Kernels before 6.2 refuse to rename a link that is up: -EBUSY. */
int netlink_set_link_name(struct netlink *nl, int ifindex, const char *name);
int netlink_set_link_mtu(struct netlink *nl, int ifindex, unsigned int mtu);

/* Deleting one end of a veth pair deletes both. */
int netlink_delete_link(struct netlink *nl, int ifindex);
int netlink_delete_link_by_name(struct netlink *nl, const char *name);

/* -------------------------------------------------------------- addresses */

struct netlink_addr {
	int ifindex;
	int family; /* AF_INET or AF_INET6 */
	unsigned int prefixlen;
	unsigned int scope;	       /* RT_SCOPE_*, see netlink_scope_name() */
	unsigned int flags;	       /* IFA_F_*: IFA_F_TENTATIVE, IFA_F_NODAD, ... */
	char addr[NETLINK_ADDRSTRLEN]; /* the local address, as inet_ntop(3) writes it */
	char label[NETLINK_NAME_MAX];  /* IPv4 only ("eth0:1"), else "" */
};

/*
 * The addresses of the namespace: family AF_INET, AF_INET6 or AF_UNSPEC
 * for both; ifindex 0 for every link.
 */
int netlink_list_addrs(struct netlink *nl, int family, int ifindex, struct netlink_addr **addrs,
		       size_t *n);
void netlink_addrs_free(struct netlink_addr *addrs);

/*
 * Add or remove addr/prefixlen on a link. addr is text, IPv4 or IPv6
 * (the family follows from it; bad text or prefix is -EINVAL). ifa_flags
 * are IFA_F_* to add with the address: IFA_F_NODAD makes an IPv6 address
 * usable at once, without the seconds of duplicate address detection.
 * An IPv4 address gets the broadcast address of its subnet, as expected.
 */
int netlink_add_addr(struct netlink *nl, int ifindex, const char *addr, unsigned int prefixlen,
		     unsigned int ifa_flags);
int netlink_del_addr(struct netlink *nl, int ifindex, const char *addr, unsigned int prefixlen);

/* ----------------------------------------------------------------- routes */

struct netlink_route {
	int family; /* AF_INET or AF_INET6 */
	unsigned int dst_len;
	char dst[NETLINK_ADDRSTRLEN];	  /* "" for the default route */
	char gateway[NETLINK_ADDRSTRLEN]; /* "" for none */
	char prefsrc[NETLINK_ADDRSTRLEN]; /* "" for none */
	int oif;			  /* 0 for none */
	unsigned int scope;		  /* RT_SCOPE_* */
	unsigned int protocol;		  /* RTPROT_*, see netlink_proto_name() */
	unsigned int type;		  /* RTN_*, see netlink_rtype_name() */
	uint32_t table;			  /* RT_TABLE_MAIN (254), RT_TABLE_LOCAL, ... */
	uint32_t priority;		  /* the metric, 0 when not given */
};

/*
 * The routes of one table (RT_TABLE_MAIN from <linux/rtnetlink.h>, or 0
 * for every table) and family (AF_UNSPEC for IPv4 and IPv6). Routes with
 * several next hops come with gateway and oif empty.
 */
int netlink_list_routes(struct netlink *nl, int family, uint32_t table,
			struct netlink_route **routes, size_t *n);
void netlink_routes_free(struct netlink_route *routes);

/*
 * Add to (or delete from) the main table a unicast route to dst/dst_len
 * through gateway and/or out of oif: gateway NULL for a route on the link,
 * oif 0 to let the kernel find the link from the gateway. dst NULL is the
 * default route. Addresses are text; their families must agree. Deleting
 * matches any origin and scope, so the kernel's own routes can go too.
 */
int netlink_add_route(struct netlink *nl, const char *dst, unsigned int dst_len,
		      const char *gateway, int oif);
int netlink_add_default_route(struct netlink *nl, const char *gateway, int oif);
int netlink_del_route(struct netlink *nl, const char *dst, unsigned int dst_len,
		      const char *gateway, int oif);

/* ------------------------------------------------------------------ rules */

/*
 * Add (or delete) the FIB rule "iif ifname prohibit" at priority prio, for
 * family AF_INET or AF_INET6: what arrives on that link is routed nowhere
 * (nsrun keeps its bridges' traffic on them). Adding one that exists is
 * -EEXIST; deleting one that does not, -ENOENT.
 */
int netlink_rule_iif_prohibit(struct netlink *nl, int family, const char *ifname, uint32_t prio,
			      bool add);

/* ---------------------------------------------------------------- qdiscs */

/*
 * A token bucket filter (tbf) as the root qdisc of a link: what the link
 * sends is held to rate, with bursts of up to burst bytes above it, and
 * up to limit bytes queued for tokens (more are dropped). The shaping of
 * a container's traffic, each direction by the qdisc of the link that
 * sends it.
 */
struct netlink_tbf {
	int ifindex;		/* the link (netlink_list_tbf()) */
	uint64_t rate;		/* bytes per second */
	uint32_t burst;		/* bytes */
	uint32_t limit;		/* bytes */
};

/*
 * Make a token bucket the root qdisc of link ifindex (tbf->ifindex is not
 * looked at), replacing the one there. Rates past 32 bits go in
 * TCA_TBF_RATE64, the burst in TCA_TBF_BURST (Linux 3.13); no rate table
 * is sent, the link layer being Ethernet. -EINVAL for a rate or burst of
 * 0 or a limit below the burst.
 */
int netlink_set_tbf(struct netlink *nl, int ifindex, const struct netlink_tbf *tbf);

/*
 * The token buckets at the root of the namespace's links, by ifindex
 * (qdiscs of other kinds left out). One dump: what nstop asks once per
 * network namespace and refresh. The burst is read back from the time
 * the kernel holds it as, and may differ from what was set by a byte.
 */
int netlink_list_tbf(struct netlink *nl, struct netlink_tbf **tbfs, size_t *n);
void netlink_tbfs_free(struct netlink_tbf *tbfs);

/* The token bucket at the root of link ifindex: -ENOENT when it has none. */
int netlink_get_tbf(struct netlink *nl, int ifindex, struct netlink_tbf *tbf);

/* ----------------------------------------------------------------- netnsid */

/*
 * The id the context's network namespace gives to the one of nsfd
 * (RTM_GETNSID with NETNSA_FD). *nsid is -1 when none is assigned.
 */
int netlink_get_nsid(struct netlink *nl, int nsfd, int *nsid);

/*
 * Assign nsid to the namespace of nsfd, or any free id when nsid is -1
 * (ask netlink_get_nsid() which). -EEXIST when it has one already, or
 * when nsid is taken.
 */
int netlink_set_nsid(struct netlink *nl, int nsfd, int nsid);

/* ------------------------------------------------------------------ names */

/* The names ip(8) prints, or NULL for a value without one. */
const char *netlink_operstate_name(unsigned int operstate); /* "UP", "DOWN", ... */
const char *netlink_scope_name(unsigned int scope);	    /* "global", "link", "host" */
const char *netlink_proto_name(unsigned int protocol);	    /* "kernel", "boot", "static" */
const char *netlink_rtype_name(unsigned int type);	    /* "unicast", "local", ... */

/* "aa:bb:cc:dd:ee:ff" into buf; -ENOSPC when size is too small. */
int netlink_format_hwaddr(const unsigned char *hwaddr, size_t len, char *buf, size_t size);

#endif
