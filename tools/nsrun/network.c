// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Bridge networks: `nsrun network create|ls|rm`, and the launcher's side
 * of --net bridge[:NETWORK].
 *
 * A network is a Linux bridge with the subnet's first address (the
 * containers' gateway), and one veth pair per container, all made through
 * common/netlink (libmnl), never by running ip(8). Containers on a bridge
 * reach each other directly; the host reaches them through the bridge's
 * address.
 *
 * Security: nothing is routed or NATed off the machine. The host has an
 * address on every bridge, so with IP forwarding on (Docker turns it on)
 * it would route a container's packets to other networks and out of the
 * machine. A policy rule "iif BRIDGE prohibit" at priority 1000 refuses
 * to route anything that comes in from the bridge: only the host's own
 * addresses (the local table, priority 0, is looked up first) are
 * reachable from a container, and other networks' containers are not.
 * Unlike a per-interface forwarding sysctl, a rule is not reset when
 * someone writes net.ipv4.ip_forward.
 *
 * Every change of networks, addresses and hosts files happens under the
 * state directory's lock (runstate_lock), so that concurrent launchers
 * neither hand out one address twice nor lose a line of a hosts file.
 *
 * Links: the host's side of a network (its bridge, the containers' veths)
 * lives among the host's own links and those of other state directories.
 * Their names come from a hash of the state directory and the network's
 * or container's name (ipam_ifname), and are checked to be free before
 * they are used; a link that exists with the name nsrun meant to take is
 * never nsrun's to delete (EEXIST is an error, and nothing is deleted).
 * Every link nsrun makes carries its mark (IFLA_IFALIAS "nskit:<hash of
 * the state directory>:<name>") and its ifindex goes in the record, and
 * nothing is deleted unless both are what nsrun made (nsrun_link_is_ours).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/rtnetlink.h>

#include "cli.h"
#include "netlink.h"
#include "nsrun.h"
#include "output.h"
#include "procfs.h"

static int cmp_state_name(const void *a, const void *b)
{
	return strcmp(((const struct runstate *)a)->name, ((const struct runstate *)b)->name);
}

/* The records of the containers on network (NULL: of every container), sorted by name. */
static int load_records(const char *network, struct runstate **out, size_t *n)
{
	struct runstate *v = NULL;
	size_t len = 0;
	char **names;
	size_t nn;
	int rc;

	*out = NULL;
	*n = 0;
	rc = runstate_list(&names, &nn);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < nn; i++) {
		struct runstate st;

		if (runstate_load(names[i], &st) < 0 ||
		    (network && strcmp(st.network, network) != 0))
			continue;
		if (len % 16 == 0) {
			struct runstate *nv = realloc(v, (len + 16) * sizeof(*nv));

			if (!nv) {
				free(v);
				runstate_names_free(names, nn);
				return -ENOMEM;
			}
			v = nv;
		}
		v[len++] = st;
	}
	runstate_names_free(names, nn);
	if (len)
		qsort(v, len, sizeof(*v), cmp_state_name);
	*out = v;
	*n = len;
	return 0;
}

int nsrun_net_members(const char *network, struct runstate **out, size_t *n)
{
	return load_records(network, out, n);
}

/* ---------------------------------------------------------------- links */

/*
 * Is the link named ifname (ifindex, when known) the one nsrun made for
 * owner? 1 with *found its ifindex, 0 if not, -ENODEV when it is gone.
 */
static int link_owned(struct netlink *nl, const char *ifname, int ifindex, const char *owner,
		      int *found)
{
	struct netlink_link link;
	char mark[IPAM_MARK_MAX];
	int rc;

	if (ipam_link_mark(runstate_dir(), owner, mark, sizeof(mark)) < 0)
		return -EINVAL;
	/* by the ifindex recorded when it was made: a name can be anyone's later */
	rc = ifindex > 0 ? netlink_get_link(nl, ifindex, &link) :
			   netlink_get_link_by_name(nl, ifname, &link);
	if (rc < 0)
		return rc;
	*found = link.ifindex;
	/*
	 * The alias comes in a request of its own (the kernel takes none at
	 * a link's making): a launcher killed between the two leaves a bridge
	 * without, and no ifindex in its record. Its MAC address, given in
	 * the request that made it (bridge_up()), is its mark then.
	 */
	if (!link.alias[0] && ifindex <= 0) {
		unsigned char hw[6];

		ipam_link_hwaddr(mark, hw);
		return strcmp(link.name, ifname) == 0 && link.hwaddr_len == sizeof(hw) &&
		       memcmp(link.hwaddr, hw, sizeof(hw)) == 0;
	}
	/*
	 * Security: name, ifindex and mark must all be what was made. The
	 * mark is no lock against root, who may write any alias (and delete
	 * any link anyway); it is proof against the mistakes that cost
	 * containers their veths: names that meet (a hash, another state
	 * directory, a link of the host's) and records that outlived their
	 * links. A record from before ifindexes were kept has the mark alone.
	 */
	return strcmp(link.name, ifname) == 0 && strcmp(link.alias, mark) == 0;
}

int nsrun_link_is_ours(struct netlink *nl, const char *ifname, int ifindex, const char *owner)
{
	int found;

	return link_owned(nl, ifname, ifindex, owner, &found);
}

int nsrun_link_delete(struct netlink *nl, const char *ifname, int ifindex, const char *owner)
{
	int found = 0, rc = link_owned(nl, ifname, ifindex, owner, &found);

	if (rc == 0)
		return -EPERM;
	if (rc < 0)
		return rc;
	return netlink_delete_link(nl, found);
}

/* Tries of ipam_ifname() before nsrun gives up: each one taken is a link of another's. */
#define IFNAME_TRIES 16

/*
 * A name for a link of owner (prefix "nsv-" for a container's veth,
 * "nsk-" for a network's bridge) that no link has and that no record
 * names (recorded() says, for records of links not made yet): into out.
 * -EEXIST when every try is taken.
 */
static int free_ifname(struct netlink *nl, const char *prefix, const char *owner,
		       bool (*recorded)(const char *ifname, const void *data), const void *data,
		       char out[IPAM_IFNAME_MAX])
{
	for (unsigned int i = 0; i < IFNAME_TRIES; i++) {
		struct netlink_link link;
		int rc;

		ipam_ifname(prefix, runstate_dir(), owner, i, out);
		if (recorded(out, data))
			continue;
		rc = netlink_get_link_by_name(nl, out, &link);
		if (rc == -ENODEV)
			return 0;
		if (rc < 0)
			return rc;
	}
	return -EEXIST;
}

/* A subnet in use, and by what (for a message): "<what> on <ifindex's name>". */
struct taken {
	struct ipam_subnet sn;
	char what[96];
	int ifindex;			/* 0: none to name */
	char bridge[IPAM_IFNAME_MAX];	/* a network's: its bridge; "" for the others */
};

/* An address or a route of the host, addr/prefix on ifindex, into t; false if it is not IPv4. */
static bool host_taken(struct taken *t, const char *what, const char *addr, unsigned int prefix,
		       int ifindex)
{
	uint32_t a;

	if (ipam_parse_addr(addr, &a) < 0)
		return false;
	t->sn.prefix = prefix;
	t->sn.net = a & ipam_mask(prefix);
	snprintf(t->what, sizeof(t->what), "%s%s/%u", what, addr, prefix);
	t->ifindex = ifindex;
	return true;
}

/*
 * The subnets in use: the networks', the host's addresses (with a route
 * of their own or not) and the host's routes but the default one, which
 * covers everything and says nothing of addresses in use.
 */
static int taken_subnets(struct netlink *nl, struct taken **out, size_t *n)
{
	struct netlink_route *routes = NULL;
	struct netlink_addr *addrs = NULL;
	struct taken *v = NULL;
	size_t nr = 0, na = 0, len = 0, nn;
	char **names;
	int rc;

	rc = runstate_net_list(&names, &nn);
	if (rc < 0)
		return rc;
	rc = netlink_list_addrs(nl, AF_INET, 0, &addrs, &na);
	if (!rc)
		rc = netlink_list_routes(nl, AF_INET, 0, &routes, &nr);
	if (!rc) {
		v = calloc(nn + na + nr + 1, sizeof(*v));
		if (!v)
			rc = -ENOMEM;
	}
	if (rc < 0)
		goto out_free;
	for (size_t i = 0; i < nn; i++) {
		struct runstate_net net;

		if (runstate_net_load(names[i], &net) == 0 &&
		    ipam_parse_cidr(net.subnet, &v[len].sn) == 0) {
			snprintf(v[len].what, sizeof(v[len].what), "network '%.40s' (%s)", net.name,
				 net.subnet);
			snprintf(v[len].bridge, sizeof(v[len].bridge), "%s", net.bridge);
			len++;
		}
	}
	for (size_t i = 0; i < na; i++)
		len += host_taken(&v[len], "", addrs[i].addr, addrs[i].prefixlen, addrs[i].ifindex);
	for (size_t i = 0; i < nr; i++)
		if (routes[i].dst_len)
			len += host_taken(&v[len], "the route to ", routes[i].dst, routes[i].dst_len,
					  routes[i].oif);
	*out = v;
	*n = len;
out_free:
	netlink_routes_free(routes);
	netlink_addrs_free(addrs);
	runstate_names_free(names, nn);
	return rc;
}

/* "subnet 10.0.0.0/24 overlaps 10.0.0.5/24 on eth0" into err. */
static void say_overlap(struct netlink *nl, const char *subnet, const struct taken *t, char *err,
			size_t errsz)
{
	struct netlink_link link;

	if (t->ifindex > 0 && netlink_get_link(nl, t->ifindex, &link) == 0)
		snprintf(err, errsz, "subnet %s overlaps %s on %s", subnet, t->what, link.name);
	else
		snprintf(err, errsz, "subnet %s overlaps %s", subnet, t->what);
}

/* Is ifname the bridge of a network in taken[] (a struct taken_list)? */
struct taken_list {
	const struct taken *v;
	size_t n;
};

static bool bridge_recorded(const char *ifname, const void *data)
{
	const struct taken_list *t = data;

	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].bridge, ifname) == 0)
			return true;
	return false;
}

/*
 * The bridge of a network, up, marked as nsrun's, with its gateway
 * address and the rule that keeps its containers from being routed (see
 * the top of the file); its ifindex into net. On failure nothing is left
 * of what was made, and nothing else is touched.
 */
static int bridge_up(struct netlink *nl, struct runstate_net *net, char *what, size_t size)
{
	struct netlink_newlink nw = { .up = true };
	char mark[IPAM_MARK_MAX];
	unsigned char hw[6];
	struct ipam_subnet sn;
	int rc;

	if (ipam_parse_cidr(net->subnet, &sn) < 0 ||
	    ipam_link_mark(runstate_dir(), net->name, mark, sizeof(mark)) < 0)
		return -EINVAL;
	nw.alias = mark;
	/* marked in the very request that makes it, should the alias not follow */
	ipam_link_hwaddr(mark, hw);
	nw.hwaddr = hw;
	snprintf(what, size, "cannot create bridge '%s'", net->bridge);
	rc = netlink_create_bridge(nl, net->bridge, &nw);
	if (rc == -EEXIST) {
		/* made since its name was found free: someone else's, and left as it is */
		snprintf(what, size, "cannot create bridge '%s': a link of that name exists, which "
			 "is not nsrun's", net->bridge);
		return rc;
	}
	if (rc < 0)
		return rc;
	net->bridge_ifindex = nw.ifindex;
	snprintf(what, size, "cannot give bridge '%s' the address %s/%u", net->bridge, net->gateway,
		 sn.prefix);
	rc = netlink_add_addr(nl, nw.ifindex, net->gateway, sn.prefix, 0);
	if (!rc) {
		snprintf(what, size, "cannot add the rule 'iif %s prohibit'", net->bridge);
		rc = netlink_rule_iif_prohibit(nl, AF_INET, net->bridge, NSRUN_RULE_PRIO, true);
	}
	if (!rc) {
		/* IPv6 too, where the host has it: containers could add addresses of their own */
		int r6 = netlink_rule_iif_prohibit(nl, AF_INET6, net->bridge, NSRUN_RULE_PRIO, true);

		if (r6 < 0 && r6 != -EAFNOSUPPORT && r6 != -EOPNOTSUPP) {
			snprintf(what, size, "cannot add the IPv6 rule 'iif %s prohibit'",
				 net->bridge);
			rc = r6;
		}
	}
	if (rc < 0) {
		/* the kernel's explanation, before the clean-up's requests replace it */
		if (nl->ext_msg[0])
			snprintf(what + strlen(what), size - strlen(what), " (%.100s)", nl->ext_msg);
		netlink_rule_iif_prohibit(nl, AF_INET, net->bridge, NSRUN_RULE_PRIO, false);
		/* made just now: its ifindex is the one made */
		netlink_delete_link(nl, net->bridge_ifindex);
		net->bridge_ifindex = 0;
	}
	return rc;
}

/* The rules a network made, and its bridge if it is still the one it made. */
static int bridge_down(struct netlink *nl, const struct runstate_net *net)
{
	int rc;

	/* rules go by the name: nsrun added them, and nobody could add them again (EEXIST) */
	netlink_rule_iif_prohibit(nl, AF_INET, net->bridge, NSRUN_RULE_PRIO, false);
	netlink_rule_iif_prohibit(nl, AF_INET6, net->bridge, NSRUN_RULE_PRIO, false);
	rc = nsrun_link_delete(nl, net->bridge, net->bridge_ifindex, net->name);
	return rc == -ENODEV ? 0 : rc;
}

/*
 * Under the lock: create a network, its record first (so that gc finds a
 * bridge whose creator died), then its bridge. subnet NULL: pick one.
 * Messages go to err (one line) on failure.
 */
static int net_create(struct netlink *nl, const char *name, const char *subnet, bool explicit,
		      struct runstate_net *out, char *err, size_t errsz)
{
	struct runstate_net net = { 0 };
	struct ipam_subnet sn = { 0 }, block, *sns = NULL;
	struct taken *taken = NULL;
	const char *reserved;
	char gw[IPAM_ADDR_MAX], cidr[IPAM_CIDR_MAX], what[256];
	size_t ntaken = 0;
	int rc;

	if (runstate_net_load(name, &net) == 0) {
		snprintf(err, errsz, "network '%s' exists already", name);
		return -EEXIST;
	}
	if (subnet) {
		rc = ipam_parse_cidr(subnet, &sn);
		if (rc == -EDOM) {
			/* "10.89.0.1/24": say which subnet that address is in */
			char addr[IPAM_ADDR_MAX];
			const char *slash = strchr(subnet, '/');
			uint32_t a = 0;

			snprintf(addr, sizeof(addr), "%.*s", (int)(slash - subnet), subnet);
			ipam_parse_addr(addr, &a);
			sn.prefix = (unsigned int)atoi(slash + 1);
			sn.net = a & ipam_mask(sn.prefix);
			ipam_format_cidr(&sn, cidr);
			snprintf(err, errsz, "invalid subnet '%s': host bits are set (did you mean %s?)",
				 subnet, cidr);
			return -EINVAL;
		}
		if (rc == -ERANGE) {
			snprintf(err, errsz, "invalid subnet '%s': the prefix must be /%d to /%d",
				 subnet, IPAM_PREFIX_MIN, IPAM_PREFIX_MAX);
			return -EINVAL;
		}
		if (rc < 0) {
			snprintf(err, errsz, "invalid subnet '%s': expected an IPv4 CIDR such as "
				 "10.89.0.0/24", subnet);
			return -EINVAL;
		}
		/* the kernel would take them, and then route nothing to the containers */
		reserved = ipam_reserved(&sn, &block);
		if (reserved) {
			ipam_format_cidr(&block, cidr);
			snprintf(err, errsz, "subnet %s is reserved (%s: %s)", subnet, cidr,
				 reserved);
			return -EINVAL;
		}
	}
	rc = taken_subnets(nl, &taken, &ntaken);
	if (rc < 0) {
		snprintf(err, errsz, "cannot read the host's addresses and routes: %s",
			 strerror(-rc));
		return rc;
	}
	if (subnet) {
		for (size_t i = 0; i < ntaken; i++)
			if (ipam_overlap(&sn, &taken[i].sn)) {
				say_overlap(nl, subnet, &taken[i], err, errsz);
				rc = -EEXIST;
				goto out_free;
			}
	} else {
		sns = calloc(ntaken + 1, sizeof(*sns));
		if (!sns) {
			rc = -ENOMEM;
			snprintf(err, errsz, "out of memory");
			goto out_free;
		}
		for (size_t i = 0; i < ntaken; i++)
			sns[i] = taken[i].sn;
		if (ipam_pick_subnet(sns, ntaken, &sn) < 0) {
			snprintf(err, errsz, "no free subnet in 10.88.0.0/16: give one with --subnet");
			rc = -ENOSPC;
			goto out_free;
		}
	}
	snprintf(net.name, sizeof(net.name), "%s", name);
	rc = free_ifname(nl, NSRUN_BRIDGE_PREFIX, name, bridge_recorded,
			 &(struct taken_list){ taken, ntaken }, net.bridge);
	if (rc < 0) {
		snprintf(err, errsz, "no free name for the bridge of network '%s': %s", name,
			 rc == -EEXIST ? "every one tried is taken" : strerror(-rc));
		goto out_free;
	}
	ipam_format_cidr(&sn, cidr);
	snprintf(net.subnet, sizeof(net.subnet), "%s", cidr);
	ipam_format_addr(ipam_gateway(&sn), gw);
	snprintf(net.gateway, sizeof(net.gateway), "%s", gw);
	net.created_explicitly = explicit;
	net.created = (long long)time(NULL);
	rc = runstate_net_create(&net);
	if (rc < 0) {
		snprintf(err, errsz, "cannot write the record of network '%s': %s", name,
			 strerror(-rc));
		goto out_free;
	}
	rc = bridge_up(nl, &net, what, sizeof(what));
	if (rc < 0) {
		snprintf(err, errsz, "%s: %s", what, strerror(-rc));
		runstate_net_remove(name);
		goto out_free;
	}
	/* its ifindex, which the record must have before anything deletes the bridge */
	rc = runstate_net_save(&net);
	if (rc < 0) {
		snprintf(err, errsz, "cannot write the record of network '%s': %s", name,
			 strerror(-rc));
		bridge_down(nl, &net);
		runstate_net_remove(name);
		goto out_free;
	}
	*out = net;
out_free:
	free(sns);
	free(taken);
	return rc;
}

/* Remove a network: its bridge and rules, then its record. */
static int net_destroy(struct netlink *nl, const struct runstate_net *net)
{
	int rc = bridge_down(nl, net);

	if (rc == -EPERM)
		nsrun_warn("bridge '%s' is not the one network '%s' made (another ifindex, or "
			   "not nsrun's mark): left as it is", net->bridge, net->name);
	else if (rc < 0)
		nsrun_warn_errno(rc, "cannot remove bridge '%s'", net->bridge);
	return runstate_net_remove(net->name);
}

/* ---------------------------------------------------------- containers */

/* The containers' records, but self's, for veth_recorded(). */
struct record_list {
	struct runstate *v;
	size_t n;
	const char *self;
};

static bool veth_recorded(const char *ifname, const void *data)
{
	const struct record_list *r = data;

	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].host_veth, ifname) == 0 && strcmp(r->v[i].name, r->self) != 0)
			return true;
	return false;
}

int nsrun_net_prepare(struct nsrun_launch *l)
{
	const char *name = l->o->share[NS_NET].arg[0] ? l->o->share[NS_NET].arg :
						       NSRUN_DEFAULT_NETWORK;
	struct record_list recs = { 0 };
	struct ipam_subnet sn;
	struct netlink nl;
	uint32_t *used = NULL;
	size_t nused = 0;
	char addr[IPAM_ADDR_MAX], err[256];
	int lock, rc;

	rc = netlink_open(&nl);
	if (rc < 0)
		return rc;
	lock = nsrun_lock();
	/* in the record before the network may be made: a failure from here releases it */
	snprintf(l->st.network, sizeof(l->st.network), "%.*s", RUNSTATE_NAME_MAX - 1, name);
	rc = runstate_save(&l->st);
	if (rc < 0)
		goto out_unlock;
	rc = runstate_net_load(name, &l->net);
	if (rc == -ENOENT && l->o->share[NS_NET].named) {
		runstate_unlock(lock);
		lock = -1;
		netlink_close(&nl);
		nsrun_die("network '%s' not found: create it with 'nsrun network create %s' (or "
			  "write --net bridge:%s to have it made for the container)", name, name,
			  name);
	}
	if (rc == -ENOENT) {
		rc = net_create(&nl, name, NULL, false, &l->net, err, sizeof(err));
		if (rc < 0) {
			runstate_unlock(lock);
			lock = -1;
			netlink_close(&nl);
			nsrun_die("cannot create network '%s': %s", name, err);
		}
	}
	if (rc < 0)
		goto out_unlock;
	rc = ipam_parse_cidr(l->net.subnet, &sn);
	if (rc < 0)
		goto out_unlock;
	/* every container's record: the network's addresses, and everyone's veth names */
	rc = load_records(NULL, &recs.v, &recs.n);
	if (rc < 0)
		goto out_unlock;
	used = calloc(recs.n + 1, sizeof(*used));
	if (!used) {
		rc = -ENOMEM;
		goto out_unlock;
	}
	/* every record's address counts, a dead container's too: gc frees them */
	for (size_t i = 0; i < recs.n; i++) {
		char a[IPAM_ADDR_MAX];

		if (strcmp(recs.v[i].network, name) == 0 &&
		    sscanf(recs.v[i].address, "%15[0-9.]", a) == 1 &&
		    ipam_parse_addr(a, &used[nused]) == 0)
			nused++;
	}
	rc = ipam_alloc(&sn, used, nused, &l->addr);
	if (rc < 0) {
		runstate_unlock(lock);
		lock = -1;
		netlink_close(&nl);
		nsrun_die("network '%s' is full (%s)", name, l->net.subnet);
	}
	l->prefix = sn.prefix;
	l->gateway = ipam_gateway(&sn);
	ipam_format_addr(l->addr, addr);
	snprintf(l->st.address, sizeof(l->st.address), "%s/%u", addr, sn.prefix);
	recs.self = l->st.name;
	rc = free_ifname(&nl, NSRUN_VETH_PREFIX, l->st.name, veth_recorded, &recs, l->st.host_veth);
	if (rc == -EEXIST) {
		runstate_unlock(lock);
		lock = -1;
		netlink_close(&nl);
		nsrun_die("no free name for the veth of container '%s': every one tried is taken",
			  l->st.name);
	}
	if (!rc)
		rc = runstate_hosts_path(l->st.name, l->hosts_path, sizeof(l->hosts_path));
	if (!rc)
		rc = runstate_save(&l->st);
	/* its hosts file, empty until attach_network(), and held to bind it by */
	if (!rc)
		rc = runstate_hosts_write(l->st.name, "", 0);
	if (!rc) {
		l->hosts_fd = runstate_hosts_open(l->st.name);
		rc = l->hosts_fd < 0 ? l->hosts_fd : 0;
	}
out_unlock:
	free(used);
	free(recs.v);
	runstate_unlock(lock);
	netlink_close(&nl);
	return rc;
}

int nsrun_net_attach(struct nsrun_launch *l, int netns_fd)
{
	struct netlink_newlink nw = { .up = true, .master = l->net.bridge_ifindex };
	char mark[IPAM_MARK_MAX], veth[sizeof(l->st.host_veth)];
	struct netlink nl;
	int rc;

	rc = ipam_link_mark(runstate_dir(), l->st.name, mark, sizeof(mark));
	if (rc < 0)
		return rc;
	nw.alias = mark;
	rc = netlink_open(&nl);
	if (rc < 0)
		return rc;
	/* a record from before bridges' ifindexes were kept */
	if (!nw.master)
		rc = netlink_ifindex(&nl, l->net.bridge, &nw.master);
	/* the container's end is made in its namespace directly, already named eth0 */
	if (!rc)
		rc = netlink_create_veth(&nl, l->st.host_veth, NSRUN_CTR_IFNAME, netns_fd, &nw);
	netlink_close(&nl);
	if (rc == -EEXIST) {
		/*
		 * Security: made since nsrun_net_prepare() found the name free,
		 * by someone else: not ours to delete, and the record must not
		 * name it either, or the clean-up would.
		 */
		snprintf(veth, sizeof(veth), "%s", l->st.host_veth);
		l->st.host_veth[0] = '\0';
		runstate_save(&l->st);
		nsrun_die("cannot connect container '%s' to network '%s': a link '%s' exists, "
			  "which is not nsrun's (left as it is)", l->st.name, l->net.name, veth);
	}
	if (!rc)
		l->st.host_veth_ifindex = nw.ifindex;
	if (!rc)
		rc = nsrun_net_rate_apply(&l->o->limits, nw.ifindex, netns_fd);
	return rc;
}

int nsrun_net_refresh_hosts(const char *network)
{
	struct runstate *m = NULL;
	struct ipam_host *hosts = NULL;
	size_t n = 0, nh = 0;
	char *buf = NULL;
	size_t size;
	int rc;

	rc = nsrun_net_members(network, &m, &n);
	if (rc < 0 || n == 0)
		goto out_free;
	hosts = calloc(n, sizeof(*hosts));
	size = 256 + n * (IPAM_ADDR_MAX + 2 * RUNSTATE_NAME_MAX + 4);
	buf = malloc(size);
	if (!hosts || !buf) {
		rc = -ENOMEM;
		goto out_free;
	}
	for (size_t i = 0; i < n; i++) {
		char a[IPAM_ADDR_MAX];

		if (sscanf(m[i].address, "%15[0-9.]", a) != 1 ||
		    ipam_parse_addr(a, &hosts[nh].addr) < 0)
			continue;
		hosts[nh].name = m[i].name;
		hosts[nh].hostname = m[i].hostname;
		nh++;
	}
	for (size_t i = 0; i < nh; i++) {
		int len = ipam_render_hosts(hosts, nh, i, network, buf, size);

		if (len < 0) {
			rc = len;
			break;
		}
		rc = runstate_hosts_write(hosts[i].name, buf, (size_t)len);
		if (rc < 0)
			break;
	}
out_free:
	free(buf);
	free(hosts);
	free(m);
	return rc;
}

void nsrun_net_release(const char *network)
{
	struct runstate_net net;
	struct runstate *m = NULL;
	struct netlink nl;
	size_t n = 0;

	if (runstate_net_load(network, &net) < 0 || net.created_explicitly)
		return;
	if (nsrun_net_members(network, &m, &n) < 0 || n > 0) {
		free(m);
		return;
	}
	free(m);
	if (netlink_open(&nl) < 0)
		return;
	net_destroy(&nl, &net);
	netlink_close(&nl);
}

/* ------------------------------------------------------------- commands */

static int cmd_create(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "subnet", required_argument, NULL, 's' },
		{ "driver", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	/* what --net takes as a mode, never as a network's name (Docker's reserved names) */
	static const char *const modes[] = { "host", "none", "private", "default" };
	struct runstate_net net;
	struct netlink nl;
	const char *subnet = NULL;
	char err[256];
	int c, rc, lock;

	while ((c = getopt_long(argc, argv, "s:d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			subnet = optarg;
			break;
		case 'd':
			/* Docker's --driver: nsrun's networks are Linux bridges */
			if (strcmp(optarg, "bridge") != 0)
				nsrun_die("invalid --driver '%s': nsrun's networks are bridges "
					  "(--driver bridge)", optarg);
			break;
		case 'h':
			printf("Usage: %s network create [--subnet <cidr>] [-d|--driver bridge] "
			       "<name>\n", cli_name);
			return EXIT_SUCCESS;
		default:
			cli_try_help();
		}
	}
	if (optind + 1 != argc)
		nsrun_die(optind == argc ? "network create: a network name is needed" :
					   "network create: one network name only");
	if (runstate_valid_name(argv[optind]) < 0)
		nsrun_die("invalid network name '%s'", argv[optind]);
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strcmp(argv[optind], modes[i]) == 0)
			nsrun_die("invalid network name '%s': --net %s means something else",
				  argv[optind], modes[i]);
	if (geteuid() != 0)
		nsrun_die("network create needs root");
	nsrun_state_open();
	rc = netlink_open(&nl);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot open a netlink socket");
	lock = nsrun_lock();
	rc = net_create(&nl, argv[optind], subnet, true, &net, err, sizeof(err));
	runstate_unlock(lock);
	netlink_close(&nl);
	if (rc < 0)
		nsrun_die("%s", err);
	printf("%s\n", net.name);
	return EXIT_SUCCESS;
}

static int cmd_rm(int argc, char **argv)
{
	int rc = EXIT_SUCCESS, lock, r;
	struct netlink nl;
	struct procfs pfs;

	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		printf("Usage: %s network rm <name>...\n", cli_name);
		return EXIT_SUCCESS;
	}
	if (argc < 2)
		nsrun_die("network rm: a network name is needed");
	if (geteuid() != 0)
		nsrun_die("network rm needs root");
	nsrun_state_open();
	r = netlink_open(&nl);
	if (r < 0)
		nsrun_die_errno(r, "cannot open a netlink socket");
	r = procfs_open(&pfs, NULL);
	if (r < 0)
		nsrun_die_errno(r, "cannot open '/proc'");
	lock = nsrun_lock();
	for (int i = 1; i < argc; i++) {
		struct runstate_net net;
		struct runstate *m = NULL;
		size_t n = 0, live = 0;
		char list[512] = "";

		r = runstate_valid_name(argv[i]) < 0 ? -EINVAL : runstate_net_load(argv[i], &net);
		if (r == -ENOENT || r == -EINVAL) {
			nsrun_warn("no such network: '%s'", argv[i]);
			rc = EXIT_FAILURE;
			continue;
		}
		if (r < 0 || (r = nsrun_net_members(argv[i], &m, &n)) < 0) {
			nsrun_warn_errno(r, "cannot read network '%s'", argv[i]);
			rc = EXIT_FAILURE;
			continue;
		}
		for (size_t j = 0; j < n; j++) {
			if (!runstate_alive(&m[j], &pfs) && !runstate_launcher_alive(&m[j], &pfs)) {
				/* a killed launcher's leftovers: gc's work, done here */
				nsrun_teardown(&m[j], true, NULL, NULL);
				continue;
			}
			live++;
			if (strlen(list) + strlen(m[j].name) + 3 < sizeof(list))
				snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
					 live > 1 ? ", " : "", m[j].name);
		}
		free(m);
		if (live) {
			nsrun_warn("network '%s' has containers: %s", argv[i], list);
			rc = EXIT_FAILURE;
			continue;
		}
		r = net_destroy(&nl, &net);
		if (r < 0) {
			nsrun_warn_errno(r, "cannot remove network '%s'", argv[i]);
			rc = EXIT_FAILURE;
		}
	}
	runstate_unlock(lock);
	procfs_close(&pfs);
	netlink_close(&nl);
	return rc;
}

enum { NCOL_NAME, NCOL_SUBNET, NCOL_GATEWAY, NCOL_BRIDGE, NCOL_CONTAINERS, NCOL_PERSISTENT, NNCOLS };

static const struct out_column net_columns[NNCOLS] = {
	[NCOL_NAME] = { "NAME", 0, 0, SCOLS_JSON_STRING, "network name" },
	[NCOL_SUBNET] = { "SUBNET", 0, 0, SCOLS_JSON_STRING, "its IPv4 subnet" },
	[NCOL_GATEWAY] = { "GATEWAY", 0, 0, SCOLS_JSON_STRING, "the bridge's address" },
	[NCOL_BRIDGE] = { "BRIDGE", 0, 0, SCOLS_JSON_STRING, "the Linux bridge" },
	[NCOL_CONTAINERS] = { "CONTAINERS", 0, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			      "containers on it" },
	[NCOL_PERSISTENT] = { "PERSISTENT", 0, 0, SCOLS_JSON_BOOLEAN,
			      "made by 'network create': stays until 'network rm'" },
};

static int cmd_ls(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "raw", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct out_opts oo = { .json_name = "networks" };
	struct libscols_table *tb;
	char **names;
	size_t nn;
	int c, rc;

	while ((c = getopt_long(argc, argv, "Jnrh", longopts, NULL)) != -1) {
		switch (c) {
		case 'J':
			oo.format = OUT_JSON;
			break;
		case 'n':
			oo.noheadings = true;
			break;
		case 'r':
			oo.format = OUT_RAW;
			break;
		case 'h':
			printf("Usage: %s network ls [-J|-r] [-n]\n", cli_name);
			return EXIT_SUCCESS;
		default:
			cli_try_help();
		}
	}
	if (optind < argc)
		nsrun_die("network ls: unexpected argument '%s'", argv[optind]);
	nsrun_state_open();
	rc = runstate_net_list(&names, &nn);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot read '%s'", runstate_dir());
	tb = nsrun_table_new(&oo, net_columns, NULL, NNCOLS);
	for (size_t i = 0; i < nn; i++) {
		struct runstate_net net;
		struct runstate *m = NULL;
		struct libscols_line *ln;
		size_t n = 0;

		if (runstate_net_load(names[i], &net) < 0)
			continue;
		nsrun_net_members(net.name, &m, &n);
		free(m);
		ln = scols_table_new_line(tb, NULL);
		if (!ln || out_cell(&oo, ln, NCOL_NAME, net.name) || out_cell(&oo, ln, NCOL_SUBNET, net.subnet) ||
		    out_cell(&oo, ln, NCOL_GATEWAY, net.gateway) || out_cell(&oo, ln, NCOL_BRIDGE, net.bridge) ||
		    out_cell_printf(&oo, ln, NCOL_CONTAINERS, "%zu", n) ||
		    out_cell(&oo, ln, NCOL_PERSISTENT, net.created_explicitly ? "true" : "false"))
			nsrun_die("out of memory");
	}
	runstate_names_free(names, nn);
	return nsrun_table_print(tb);
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} net_cmds[] = {
	{ "create", cmd_create },
	{ "ls", cmd_ls },
	{ "rm", cmd_rm },
};

int nsrun_cmd_network(int argc, char **argv)
{
	if (argc < 2)
		nsrun_die("network: expected create, ls or rm");
	for (size_t i = 0; i < sizeof(net_cmds) / sizeof(net_cmds[0]); i++)
		if (strcmp(argv[1], net_cmds[i].name) == 0) {
			argv[1] = argv[0];
			return net_cmds[i].fn(argc - 1, argv + 1);
		}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		printf("Usage:\n %s network create [--subnet <cidr>] [-d|--driver bridge] <name>\n"
		       " %s network ls [-J|-r] [-n]\n %s network rm <name>...\n",
		       cli_name, cli_name, cli_name);
		return EXIT_SUCCESS;
	}
	nsrun_die("network: unknown subcommand '%s' (expected create, ls or rm)", argv[1]);
}
