// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for tools/nsrun/ipam.c: the input (cut at a NUL) as an
 * address and as a subnet, which must print back as they parse, and whose
 * reserved block, if any, it overlaps; as a state directory and a name,
 * whose interface name must be the prefix and hex digits that fit
 * IFNAMSIZ, and whose mark must be "nskit:", 16 hex digits, ":" and the
 * name, or refused as too long; then its bytes as container names for a
 * hosts file, which must either be refused or give exactly one line per
 * container after three of its own, with nothing in it that could forge
 * a line.
 *
 * TOOL: nsrun (scripts/fuzz.sh links its modules)
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipam.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool all_hex(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	return true;
}

/* s as a state directory and as the name of a container, with every prefix length. */
static void check_names(const char *s)
{
	static const char *const prefixes[] = { "", "nsv-", "nsk-", "12345678", "123456789" };
	char ifname[IPAM_IFNAME_MAX], again[IPAM_IFNAME_MAX], mark[IPAM_MARK_MAX];
	size_t len = strlen(s);
	int rc;

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t plen = strnlen(prefixes[i], 8);

		ipam_ifname(prefixes[i], s, s, (unsigned int)len, ifname);
		if (strlen(ifname) != IPAM_IFNAME_MAX - 1 || memcmp(ifname, prefixes[i], plen) != 0 ||
		    !all_hex(ifname + plen, IPAM_IFNAME_MAX - 1 - plen))
			__builtin_trap();
		ipam_ifname(prefixes[i], s, s, (unsigned int)len, again);
		if (strcmp(ifname, again) != 0)
			__builtin_trap();
	}
	rc = ipam_link_mark(s, s, mark, sizeof(mark));
	if (rc == 0) {
		if (strncmp(mark, "nskit:", 6) != 0 || !all_hex(mark + 6, 16) || mark[22] != ':' ||
		    strcmp(mark + 23, s) != 0)
			__builtin_trap();
	} else if (rc != -ENOSPC || 23 + len < sizeof(mark)) {
		__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, buf[IPAM_CIDR_MAX], hosts[4096];
	struct ipam_subnet sn, back, block;
	struct ipam_host h[4];
	uint32_t a, b;
	size_t n = 0;
	int rc;

	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	if (ipam_parse_addr(s, &a) == 0) {
		ipam_format_addr(a, buf);
		if (strcmp(buf, s) != 0 || ipam_parse_addr(buf, &b) < 0 || a != b)
			__builtin_trap();
	}
	rc = ipam_parse_cidr(s, &sn);
	if (rc == 0) {
		ipam_format_cidr(&sn, buf);
		if (strcmp(buf, s) != 0 || ipam_parse_cidr(buf, &back) < 0 || back.net != sn.net ||
		    back.prefix != sn.prefix)
			__builtin_trap();
		if (ipam_alloc(&sn, NULL, 0, &a) < 0 || !ipam_contains(&sn, a) ||
		    a == ipam_gateway(&sn) || a == ipam_broadcast(&sn))
			__builtin_trap();
		/* a reserved block it is said to be in, it overlaps; one of /4 to /16 */
		if (ipam_reserved(&sn, &block) &&
		    (!ipam_overlap(&sn, &block) || block.prefix < 4 || block.prefix > 16))
			__builtin_trap();
	} else if (rc != -EINVAL && rc != -ERANGE && rc != -EDOM) {
		__builtin_trap();
	}

	check_names(s);

	/* names: the input split at '|' */
	for (char *p = s, *q; p && n < 4; p = q) {
		q = strchr(p, '|');
		if (q)
			*q++ = '\0';
		h[n].name = p;
		h[n].hostname = (n & 1) ? "host" : NULL;
		h[n].addr = 0x0a580002u + (uint32_t)n;
		n++;
	}
	rc = ipam_render_hosts(h, n, n - 1, "net", hosts, sizeof(hosts));
	if (rc >= 0) {
		size_t lines = 0;

		if ((size_t)rc != strlen(hosts))
			__builtin_trap();
		for (const char *p = hosts; *p; p++) {
			if (*p == '\n')
				lines++;
			else if ((unsigned char)*p < ' ' && *p != '\t')
				__builtin_trap();
		}
		if (lines != 3 + n)
			__builtin_trap();
	}
	free(s);
	return 0;
}
