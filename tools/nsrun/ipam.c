// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pure IPv4 address management for nsrun's networks. Parsing is strict on
 * purpose (no inet_aton shorthands such as "10.1" or octal "010.0.0.1"):
 * an address that means something other than it reads is a bug waiting.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ipam.h"

/* One decimal octet: 1 to 3 digits, no leading zero, at most 255. */
static const char *parse_octet(const char *s, unsigned int *v)
{
	unsigned int x = 0;
	int digits = 0;

	while (*s >= '0' && *s <= '9' && digits < 4) {
		x = x * 10 + (unsigned int)(*s - '0');
		s++;
		digits++;
	}
	if (digits == 0 || digits > 3 || x > 255 || (digits > 1 && s[-digits] == '0'))
		return NULL;
	*v = x;
	return s;
}

/* Parse the address at s, stopping at end (the first byte not part of it). */
static int parse_addr_at(const char *s, uint32_t *addr, const char **end)
{
	uint32_t a = 0;

	for (int i = 0; i < 4; i++) {
		unsigned int o;

		s = parse_octet(s, &o);
		if (!s)
			return -EINVAL;
		a = (a << 8) | o;
		if (i < 3 && *s++ != '.')
			return -EINVAL;
	}
	*addr = a;
	*end = s;
	return 0;
}

int ipam_parse_addr(const char *s, uint32_t *addr)
{
	const char *end;

	if (!s || parse_addr_at(s, addr, &end) < 0 || *end)
		return -EINVAL;
	return 0;
}

void ipam_format_addr(uint32_t a, char buf[IPAM_ADDR_MAX])
{
	snprintf(buf, IPAM_ADDR_MAX, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff,
		 a & 0xff);
}

uint32_t ipam_mask(unsigned int prefix)
{
	if (prefix == 0)
		return 0;
	if (prefix >= 32)
		return 0xffffffffu;
	return ~((1u << (32 - prefix)) - 1);
}

int ipam_parse_cidr(const char *s, struct ipam_subnet *sn)
{
	const char *p;
	unsigned int prefix = 0;
	int digits = 0;
	uint32_t a;

	if (!s || parse_addr_at(s, &a, &p) < 0 || *p++ != '/')
		return -EINVAL;
	while (*p >= '0' && *p <= '9' && digits < 3) {
		prefix = prefix * 10 + (unsigned int)(*p - '0');
		p++;
		digits++;
	}
	if (digits == 0 || *p || (digits > 1 && p[-digits] == '0'))
		return -EINVAL;
	if (prefix < IPAM_PREFIX_MIN || prefix > IPAM_PREFIX_MAX)
		return -ERANGE;
	if (a & ~ipam_mask(prefix))
		return -EDOM;
	sn->net = a;
	sn->prefix = prefix;
	return 0;
}

void ipam_format_cidr(const struct ipam_subnet *sn, char buf[IPAM_CIDR_MAX])
{
	char a[IPAM_ADDR_MAX];

	ipam_format_addr(sn->net, a);
	snprintf(buf, IPAM_CIDR_MAX, "%s/%u", a, sn->prefix);
}

uint32_t ipam_broadcast(const struct ipam_subnet *sn)
{
	return sn->net | ~ipam_mask(sn->prefix);
}

uint32_t ipam_gateway(const struct ipam_subnet *sn)
{
	return sn->net + 1;
}

bool ipam_contains(const struct ipam_subnet *sn, uint32_t addr)
{
	return (addr & ipam_mask(sn->prefix)) == sn->net;
}

bool ipam_overlap(const struct ipam_subnet *a, const struct ipam_subnet *b)
{
	/* Two prefixes overlap when the shorter one contains the other's network. */
	unsigned int p = a->prefix < b->prefix ? a->prefix : b->prefix;

	return ((a->net ^ b->net) & ipam_mask(p)) == 0;
}

/* RFC 6890's blocks that are not for a network of hosts, one a row. */
static const struct {
	struct ipam_subnet block;
	const char *what;
} reserved[] = {
	{ { 0x00000000u, 8 }, "this network" },
	{ { 0x7f000000u, 8 }, "loopback" },
	{ { 0xa9fe0000u, 16 }, "link-local" },
	{ { 0xe0000000u, 4 }, "multicast" },
	/* "reserved for future use", which no kernel routes, and the broadcast address */
	{ { 0xf0000000u, 4 }, "reserved" },
};

const char *ipam_reserved(const struct ipam_subnet *sn, struct ipam_subnet *block)
{
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (ipam_overlap(sn, &reserved[i].block)) {
			*block = reserved[i].block;
			return reserved[i].what;
		}
	return NULL;
}

int ipam_alloc(const struct ipam_subnet *sn, const uint32_t *used, size_t n, uint32_t *addr)
{
	uint32_t last = ipam_broadcast(sn) - 1;

	/*
	 * Quadratic in the number of containers of one network, which is
	 * small (a /24 holds 253); a bitmap would cost 2 MiB for a /8.
	 */
	for (uint32_t a = ipam_gateway(sn) + 1; a <= last && a > sn->net; a++) {
		bool taken = false;

		for (size_t i = 0; i < n && !taken; i++)
			taken = used[i] == a;
		if (!taken) {
			*addr = a;
			return 0;
		}
	}
	return -ENOSPC;
}

int ipam_pick_subnet(const struct ipam_subnet *taken, size_t n, struct ipam_subnet *out)
{
	for (uint32_t i = 0; i < 256; i++) {
		struct ipam_subnet c = { .net = 0x0a580000u | (i << 8), .prefix = 24 };
		bool free = true;

		for (size_t j = 0; j < n && free; j++)
			free = !ipam_overlap(&c, &taken[j]);
		if (free) {
			*out = c;
			return 0;
		}
	}
	return -ENOSPC;
}

/* FNV-1a, 64 bits, from h on: stable across builds and machines, which a name must be. */
#define FNV_BASIS 0xcbf29ce484222325ull

static uint64_t fnv1a(uint64_t h, const void *p, size_t len)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < len; i++) {
		h ^= s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* Strings with their NUL: ("ab", "c") and ("a", "bc") hash apart. */
static uint64_t fnv1a_str(uint64_t h, const char *s)
{
	return fnv1a(h, s, strlen(s) + 1);
}

void ipam_ifname(const char *prefix, const char *scope, const char *name, unsigned int attempt,
		 char out[IPAM_IFNAME_MAX])
{
	static const char hex[] = "0123456789abcdef";
	size_t plen = strnlen(prefix, 8);
	unsigned char a[4] = { attempt & 0xff, (attempt >> 8) & 0xff, (attempt >> 16) & 0xff,
			       attempt >> 24 };
	uint64_t h;

	/* in the bytes of attempt as written, not as the machine orders them */
	h = fnv1a(fnv1a_str(fnv1a_str(FNV_BASIS, scope), name), a, sizeof(a));
	memcpy(out, prefix, plen);
	/* at least 7 hex digits (28 bits), 11 with a prefix of 4 */
	for (size_t i = plen; i < IPAM_IFNAME_MAX - 1; i++, h >>= 4)
		out[i] = hex[h & 0xf];
	out[IPAM_IFNAME_MAX - 1] = '\0';
}

int ipam_link_mark(const char *scope, const char *name, char *buf, size_t size)
{
	int n = snprintf(buf, size, "nskit:%016llx:%s",
			 (unsigned long long)fnv1a_str(FNV_BASIS, scope), name);

	return n < 0 || (size_t)n >= size ? -ENOSPC : 0;
}

void ipam_link_hwaddr(const char *mark, unsigned char hwaddr[6])
{
	uint64_t h = fnv1a_str(FNV_BASIS, mark);

	for (int i = 0; i < 6; i++, h >>= 8)
		hwaddr[i] = (unsigned char)h;
	/* locally administered (bit 1), not multicast (bit 0): 02:..., 06:... */
	hwaddr[0] = (unsigned char)((hwaddr[0] & 0xfc) | 0x02);
}

/* Names go into a file of lines and fields: nothing that would split or end one. */
static bool hosts_safe(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f || *s == '#')
			return false;
	return true;
}

struct sink {
	char *buf;
	size_t size;
	size_t len;
	bool full;
};

static void __attribute__((format(printf, 2, 3))) put(struct sink *k, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (k->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(k->buf + k->len, k->size - k->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= k->size - k->len) {
		k->full = true;
		return;
	}
	k->len += (size_t)n;
}

static void put_host(struct sink *k, const struct ipam_host *h, bool self)
{
	const char *hn = h->hostname && *h->hostname ? h->hostname : h->name;
	char a[IPAM_ADDR_MAX];

	ipam_format_addr(h->addr, a);
	/* Self by its hostname first (what `hostname -i` resolves), others by name first. */
	if (strcmp(hn, h->name) == 0)
		put(k, "%s\t%s\n", a, hn);
	else if (self)
		put(k, "%s\t%s %s\n", a, hn, h->name);
	else
		put(k, "%s\t%s %s\n", a, h->name, hn);
}

int ipam_render_hosts(const struct ipam_host *hosts, size_t n, size_t self, const char *network,
		      char *buf, size_t size)
{
	struct sink k = { .buf = buf, .size = size };

	if (self >= n || !buf || size == 0 || !hosts_safe(network))
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!hosts[i].name || !*hosts[i].name || !hosts_safe(hosts[i].name) ||
		    !hosts_safe(hosts[i].hostname))
			return -EINVAL;
	buf[0] = '\0';
	put(&k, "# written by nsrun for the containers of network %s\n", network ? network : "");
	put(&k, "127.0.0.1\tlocalhost\n");
	put(&k, "::1\tlocalhost ip6-localhost ip6-loopback\n");
	put_host(&k, &hosts[self], true);
	for (size_t i = 0; i < n; i++)
		if (i != self)
			put_host(&k, &hosts[i], false);
	return k.full ? -ENOSPC : (int)k.len;
}
