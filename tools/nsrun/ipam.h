/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Address management for nsrun's bridge networks, as pure functions: IPv4
 * subnets in CIDR notation, the blocks no network may use, the gateway and
 * the lowest free address of a subnet, the choice of a subnet for a
 * network made without one, the names and marks of the links nsrun makes,
 * and the /etc/hosts that each container of a network sees. Nothing here touches the system, so
 * all of it is unit-tested and fuzzed.
 *
 * Addresses are uint32_t in host byte order: 10.88.0.1 is 0x0a580001.
 */
#ifndef NSKIT_IPAM_H
#define NSKIT_IPAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Networks are IPv4 only: a /8 is the largest, a /30 the smallest with room for two hosts. */
#define IPAM_PREFIX_MIN 8
#define IPAM_PREFIX_MAX 30
/* "255.255.255.255/32" and its NUL */
#define IPAM_CIDR_MAX	19
#define IPAM_ADDR_MAX	16
/* IFNAMSIZ, the NUL included */
#define IPAM_IFNAME_MAX 16
/* "nskit:" 16 hex digits ":" a name of up to 63 bytes, and the NUL */
#define IPAM_MARK_MAX	88

struct ipam_subnet {
	uint32_t net;		/* the network address: its host bits are 0 */
	unsigned int prefix;	/* IPAM_PREFIX_MIN..IPAM_PREFIX_MAX */
};

/* "10.88.0.7" into *addr. -EINVAL unless it is four decimal octets. */
int ipam_parse_addr(const char *s, uint32_t *addr);
void ipam_format_addr(uint32_t addr, char buf[IPAM_ADDR_MAX]);

/*
 * "10.88.0.0/24". -EINVAL for anything else, -ERANGE for a prefix outside
 * IPAM_PREFIX_MIN..MAX, -EDOM when host bits are set ("10.88.0.1/24":
 * the caller can then suggest the subnet that was meant, ipam_mask()).
 */
int ipam_parse_cidr(const char *s, struct ipam_subnet *sn);
void ipam_format_cidr(const struct ipam_subnet *sn, char buf[IPAM_CIDR_MAX]);

/* The netmask of a prefix length (0..32). */
uint32_t ipam_mask(unsigned int prefix);
/* The last address of the subnet. */
uint32_t ipam_broadcast(const struct ipam_subnet *sn);
/* The gateway, on the bridge: the first address of the subnet. */
uint32_t ipam_gateway(const struct ipam_subnet *sn);
bool ipam_contains(const struct ipam_subnet *sn, uint32_t addr);
bool ipam_overlap(const struct ipam_subnet *a, const struct ipam_subnet *b);

/*
 * The special-purpose block of RFC 6890 that sn overlaps and no network
 * may use (0.0.0.0/8, 127.0.0.0/8, 169.254.0.0/16, 224.0.0.0/4,
 * 240.0.0.0/4: the kernel does not route them as unicast, or the host
 * has them already), in *block, and what it is for ("loopback"); NULL
 * when there is none.
 */
const char *ipam_reserved(const struct ipam_subnet *sn, struct ipam_subnet *block);

/*
 * The lowest address of the subnet that is neither its network address,
 * its gateway, its broadcast address nor in used[0..n) (any order).
 * -ENOSPC when the subnet is full.
 */
int ipam_alloc(const struct ipam_subnet *sn, const uint32_t *used, size_t n, uint32_t *addr);

/*
 * A subnet for a network created without --subnet: the first /24 of
 * 10.88.0.0/16 that overlaps none of taken[0..n) (other networks, and the
 * host's own routes). -ENOSPC when all 256 are taken.
 */
int ipam_pick_subnet(const struct ipam_subnet *taken, size_t n, struct ipam_subnet *out);

/*
 * The interface name of a link nsrun makes for a container (its host-side
 * veth) or a network (its bridge): prefix ("nsv-", "nsk-"; at most 8
 * bytes, longer is cut) and as many hex digits as fit of a hash of the
 * state directory (scope), the container's or network's name and attempt.
 * Names are unique per state directory, and neither the two state
 * directories nor a long name and a short one give one interface name by
 * construction, as a name kept as it is when it fits would (a container
 * "c52e52c49eb" against "nsv-" and the hash of a longer name). Hashes can
 * still meet, and a link of the host can have any name: the caller checks
 * that the name is free and takes the next attempt when it is not.
 */
void ipam_ifname(const char *prefix, const char *scope, const char *name, unsigned int attempt,
		 char out[IPAM_IFNAME_MAX]);

/*
 * The mark (IFLA_IFALIAS) of a link nsrun makes: "nskit:" and a hash of
 * the state directory (scope) in 16 hex digits, ":", the container's or
 * network's name. -ENOSPC when it does not fit size bytes.
 */
int ipam_link_mark(const char *scope, const char *name, char *buf, size_t size);
/*
 * The MAC address of a link of that mark: a hash of it, locally
 * administered and unicast. Given in the request that makes a bridge, it
 * marks the link from its first instant, before the alias can be set.
 */
void ipam_link_hwaddr(const char *mark, unsigned char hwaddr[6]);

/* One container of a network, as its /etc/hosts names it. */
struct ipam_host {
	const char *name;	/* the container's name */
	const char *hostname;	/* its hostname ("" or NULL: the name) */
	uint32_t addr;
};

/*
 * The /etc/hosts of the container self (an index into hosts[]): localhost,
 * then one line per container of the network (its address, its hostname,
 * and its name when that differs), self first, then the others in the
 * order given. Returns the length written (NUL excluded), or -ENOSPC when
 * buf is too small, -EINVAL for a self out of range or a name with
 * whitespace or control characters (a line of the file must not be forged).
 */
int ipam_render_hosts(const struct ipam_host *hosts, size_t n, size_t self, const char *network,
		      char *buf, size_t size);

#endif
