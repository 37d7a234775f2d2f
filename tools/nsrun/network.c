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

int nsrun_net_members(const char *network, struct runstate **out, size_t *n)
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

		if (runstate_load(names[i], &st) < 0 || strcmp(st.network, network) != 0)
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

/* A subnet in use, and by what (for a message). */
struct taken {
	struct ipam_subnet sn;
	char why[96];
};

/* The subnets in use: the networks', and the host's own routes. */
static int taken_subnets(struct netlink *nl, struct taken **out, size_t *n)
{
	struct netlink_route *routes = NULL;
	struct taken *v;
	size_t nr = 0, len = 0, nn;
	char **names;
	int rc;

	rc = runstate_net_list(&names, &nn);
	if (rc < 0)
		return rc;
	rc = netlink_list_routes(nl, AF_INET, 0, &routes, &nr);
	if (rc < 0) {
		runstate_names_free(names, nn);
		return rc;
	}
	v = calloc(nn + nr + 1, sizeof(*v));
	if (!v) {
		rc = -ENOMEM;
		goto out_free;
	}
	for (size_t i = 0; i < nn; i++) {
		struct runstate_net net;

		if (runstate_net_load(names[i], &net) == 0 &&
		    ipam_parse_cidr(net.subnet, &v[len].sn) == 0) {
			snprintf(v[len].why, sizeof(v[len].why), "network '%.40s'", net.name);
			len++;
		}
	}
	for (size_t i = 0; i < nr; i++) {
		uint32_t a;

		/* the default route covers everything and says nothing of addresses in use */
		if (routes[i].dst_len == 0 || ipam_parse_addr(routes[i].dst, &a) < 0)
			continue;
		v[len].sn.prefix = routes[i].dst_len;
		v[len].sn.net = a & ipam_mask(routes[i].dst_len);
		snprintf(v[len].why, sizeof(v[len].why), "the host's route to %s/%u",
			 routes[i].dst, routes[i].dst_len);
		len++;
	}
	*out = v;
	*n = len;
out_free:
	netlink_routes_free(routes);
	runstate_names_free(names, nn);
	return rc;
}

/*
 * The bridge of a network, with its gateway address, up, and the rule
 * that keeps its containers from being routed (see the top of the file).
 * On failure nothing is left.
 */
static int bridge_up(struct netlink *nl, const struct runstate_net *net, char *what, size_t size)
{
	struct ipam_subnet sn;
	int ifindex, rc;

	rc = ipam_parse_cidr(net->subnet, &sn);
	if (rc < 0)
		return -EINVAL;
	snprintf(what, size, "cannot create bridge '%s'", net->bridge);
	rc = netlink_create_bridge(nl, net->bridge, NULL);
	if (rc < 0)
		return rc;
	rc = netlink_ifindex(nl, net->bridge, &ifindex);
	if (!rc) {
		snprintf(what, size, "cannot give bridge '%s' the address %s/%u", net->bridge,
			 net->gateway, sn.prefix);
		rc = netlink_add_addr(nl, ifindex, net->gateway, sn.prefix, 0);
	}
	if (!rc) {
		snprintf(what, size, "cannot bring bridge '%s' up", net->bridge);
		rc = netlink_set_link_up(nl, ifindex, true);
	}
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
		netlink_delete_link_by_name(nl, net->bridge);
	}
	return rc;
}

static void bridge_down(struct netlink *nl, const struct runstate_net *net)
{
	netlink_rule_iif_prohibit(nl, AF_INET, net->bridge, NSRUN_RULE_PRIO, false);
	netlink_rule_iif_prohibit(nl, AF_INET6, net->bridge, NSRUN_RULE_PRIO, false);
	netlink_delete_link_by_name(nl, net->bridge);
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
	struct ipam_subnet sn = { 0 }, *sns = NULL;
	struct taken *taken = NULL;
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
	}
	rc = taken_subnets(nl, &taken, &ntaken);
	if (rc < 0) {
		snprintf(err, errsz, "cannot read the host's routes: %s", strerror(-rc));
		return rc;
	}
	if (subnet) {
		for (size_t i = 0; i < ntaken; i++)
			if (ipam_overlap(&sn, &taken[i].sn)) {
				snprintf(err, errsz, "subnet %s overlaps %s", subnet, taken[i].why);
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
	ipam_ifname(NSRUN_BRIDGE_PREFIX, name, net.bridge);
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
	*out = net;
out_free:
	free(sns);
	free(taken);
	return rc;
}

/* Remove a network: its bridge and rules, then its record. */
static int net_destroy(struct netlink *nl, const struct runstate_net *net)
{
	bridge_down(nl, net);
	return runstate_net_remove(net->name);
}

/* ---------------------------------------------------------- containers */

int nsrun_net_prepare(struct nsrun_launch *l)
{
	const char *name = l->o->share[NS_NET].arg[0] ? l->o->share[NS_NET].arg :
						       NSRUN_DEFAULT_NETWORK;
	struct runstate *members = NULL;
	struct ipam_subnet sn;
	struct netlink nl;
	uint32_t *used = NULL;
	size_t n = 0, nused = 0;
	char addr[IPAM_ADDR_MAX], err[256];
	int lock, rc;

	rc = netlink_open(&nl);
	if (rc < 0)
		return rc;
	lock = runstate_lock();
	if (lock < 0) {
		netlink_close(&nl);
		return lock;
	}
	/* in the record before the network may be made: a failure from here releases it */
	snprintf(l->st.network, sizeof(l->st.network), "%.*s", RUNSTATE_NAME_MAX - 1, name);
	rc = runstate_save(&l->st);
	if (rc < 0)
		goto out_unlock;
	rc = runstate_net_load(name, &l->net);
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
	rc = nsrun_net_members(name, &members, &n);
	if (rc < 0)
		goto out_unlock;
	used = calloc(n + 1, sizeof(*used));
	if (!used) {
		rc = -ENOMEM;
		goto out_unlock;
	}
	/* every record's address counts, a dead container's too: gc frees them */
	for (size_t i = 0; i < n; i++) {
		char a[IPAM_ADDR_MAX];

		if (sscanf(members[i].address, "%15[0-9.]", a) == 1 &&
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
	ipam_ifname(NSRUN_VETH_PREFIX, l->st.name, l->st.host_veth);
	rc = runstate_hosts_path(l->st.name, l->hosts_path, sizeof(l->hosts_path));
	if (!rc)
		rc = runstate_save(&l->st);
out_unlock:
	free(used);
	free(members);
	runstate_unlock(lock);
	netlink_close(&nl);
	return rc;
}

int nsrun_net_attach(struct nsrun_launch *l, int netns_fd)
{
	struct netlink nl;
	int rc, ifindex, br;

	rc = netlink_open(&nl);
	if (rc < 0)
		return rc;
	/* the container's end is made in its namespace directly, already named eth0 */
	rc = netlink_create_veth(&nl, l->st.host_veth, NSRUN_CTR_IFNAME, netns_fd, NULL);
	if (rc == -EEXIST) {
		/* a veth of a container of this name whose namespace is still held */
		netlink_delete_link_by_name(&nl, l->st.host_veth);
		rc = netlink_create_veth(&nl, l->st.host_veth, NSRUN_CTR_IFNAME, netns_fd, NULL);
	}
	if (!rc)
		rc = netlink_ifindex(&nl, l->st.host_veth, &ifindex);
	if (!rc)
		rc = netlink_ifindex(&nl, l->net.bridge, &br);
	if (!rc)
		rc = netlink_set_link_master(&nl, ifindex, br);
	if (!rc)
		rc = netlink_set_link_up(&nl, ifindex, true);
	netlink_close(&nl);
	return rc;
}

/* Write a hosts file in place: it is bind-mounted, so its inode must stay. */
static int write_hosts(const char *path, const char *text, size_t len)
{
	int fd, rc = 0;
	ssize_t n;

	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -errno;
	/*
	 * New text over the old, then cut to length: a reader never sees an
	 * empty file, at worst for an instant the tail of the old one.
	 */
	n = pwrite(fd, text, len, 0);
	if (n < 0 || (size_t)n != len)
		rc = n < 0 ? -errno : -EIO;
	if (!rc && ftruncate(fd, (off_t)len) < 0)
		rc = -errno;
	if (close(fd) < 0 && !rc)
		rc = -errno;
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
		char path[PATH_MAX];
		int len = ipam_render_hosts(hosts, nh, i, network, buf, size);

		if (len < 0) {
			rc = len;
			break;
		}
		rc = runstate_hosts_path(hosts[i].name, path, sizeof(path));
		if (!rc) {
			char dir[PATH_MAX];

			snprintf(dir, sizeof(dir), "%s/hosts", runstate_dir());
			mkdir(dir, 0755);
			rc = write_hosts(path, buf, (size_t)len);
		}
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct runstate_net net;
	struct netlink nl;
	const char *subnet = NULL;
	char err[256];
	int c, rc, lock;

	while ((c = getopt_long(argc, argv, "s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			subnet = optarg;
			break;
		case 'h':
			printf("Usage: %s network create <name> [--subnet <cidr>]\n", cli_name);
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
	if (geteuid() != 0)
		nsrun_die("network create needs root");
	rc = netlink_open(&nl);
	if (rc < 0)
		nsrun_die_errno(rc, "cannot open a netlink socket");
	lock = runstate_lock();
	if (lock < 0)
		nsrun_die_errno(lock, "cannot lock '%s'", runstate_dir());
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

	if (argc < 2)
		nsrun_die("network rm: a network name is needed");
	if (geteuid() != 0)
		nsrun_die("network rm needs root");
	r = netlink_open(&nl);
	if (r < 0)
		nsrun_die_errno(r, "cannot open a netlink socket");
	r = procfs_open(&pfs, NULL);
	if (r < 0)
		nsrun_die_errno(r, "cannot open '/proc'");
	lock = runstate_lock();
	if (lock < 0)
		nsrun_die_errno(lock, "cannot lock '%s'", runstate_dir());
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
				nsrun_teardown(&m[j], true, NULL);
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
		if (!ln || out_cell(ln, NCOL_NAME, net.name) || out_cell(ln, NCOL_SUBNET, net.subnet) ||
		    out_cell(ln, NCOL_GATEWAY, net.gateway) || out_cell(ln, NCOL_BRIDGE, net.bridge) ||
		    out_cell_printf(ln, NCOL_CONTAINERS, "%zu", n) ||
		    out_cell(ln, NCOL_PERSISTENT, net.created_explicitly ? "true" : "false"))
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
		printf("Usage:\n %s network create <name> [--subnet <cidr>]\n"
		       " %s network ls [-J]\n %s network rm <name>...\n",
		       cli_name, cli_name, cli_name);
		return EXIT_SUCCESS;
	}
	nsrun_die("network: unknown subcommand '%s' (expected create, ls or rm)", argv[1]);
}
