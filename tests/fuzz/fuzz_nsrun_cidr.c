// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for tools/nsrun/ipam.c: the input (cut at a NUL) as an
 * address and as a subnet, which must print back as they parse; then its
 * bytes as container names for a hosts file, which must either be refused
 * or give exactly one line per container after three of its own, with
 * nothing in it that could forge a line.
 *
 * TOOL: nsrun (scripts/fuzz.sh links its modules)
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipam.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, buf[IPAM_CIDR_MAX], hosts[4096];
	struct ipam_subnet sn, back;
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
	} else if (rc != -EINVAL && rc != -ERANGE && rc != -EDOM) {
		__builtin_trap();
	}

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
