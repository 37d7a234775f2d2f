// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for tools/nsrun/runspec.c, nsrun's command-line parsers: the
 * first byte picks the parser, the rest (cut at a NUL) is its input. Traps
 * when a parser breaks its word: a size of 0, a quota below the kernel's
 * minimum, a volume whose container path is not absolute, a share kind of
 * the wrong family, a signal out of range, a name that does not parse back,
 * a capability out of range or taken from anything but letters, digits and
 * '_', a set of capabilities outside the kernel's or without what was
 * added, a security option taken without being no-new-privileges.
 *
 * TOOL: nsrun (scripts/fuzz.sh links its modules)
 */
#include <errno.h>
#include <stdbool.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "runspec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_volume(const char *s)
{
	struct runspec_volume v;
	char buf[256];
	const char *why = NULL;

	if (runspec_parse_volume(s, buf, sizeof(buf), &v, &why) < 0) {
		if (!why || !*why)
			__builtin_trap();
		return;
	}
	if (!v.host[0] || v.ctr[0] != '/' || v.host < buf || v.ctr < buf ||
	    v.ctr >= buf + sizeof(buf) || strstr(v.ctr, "/../") || strcmp(v.ctr, "/..") == 0)
		__builtin_trap();
}

static void check_share(const char *s, bool net)
{
	static struct runspec_share sh;
	const char *why = NULL;

	if (runspec_parse_share(s, net, &sh, &why) < 0) {
		if (!why)
			__builtin_trap();
		return;
	}
	if (!net && (sh.kind == SHARE_NONE || sh.kind == SHARE_BRIDGE))
		__builtin_trap();
	if ((sh.kind == SHARE_CONTAINER || sh.kind == SHARE_PATH) && !sh.arg[0])
		__builtin_trap();
	if (!sh.arg || (sh.arg[0] && (sh.arg < s || sh.arg > s + strlen(s))))
		__builtin_trap();
}

/* s split at '|' into --cap-add (a leading '+') and --cap-drop names. */
static void check_caps(char *s)
{
	const uint64_t defaults = 0xa80425fbull, all = (1ull << 41) - 1;
	struct runspec_caps c = { 0 };
	uint64_t keep;
	int cap;

	for (char *p = s, *q; p; p = q) {
		bool add = *p == '+';

		q = strchr(p, '|');
		if (q)
			*q++ = '\0';
		if (add)
			p++;
		if (runspec_parse_cap(p, &cap) == 0) {
			if (cap != RUNSPEC_CAP_ALL &&
			    (cap < 0 || cap > 63 || strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
							       "abcdefghijklmnopqrstuvwxyz0123456789_") !=
								strlen(p)))
				__builtin_trap();
			if (runspec_caps_set(&c, p, add) < 0)
				__builtin_trap();
		} else if (runspec_caps_set(&c, p, add) == 0) {
			__builtin_trap();
		}
	}
	keep = runspec_caps_resolve(&c, defaults, all);
	/* never more than the kernel has; what was added (and not dropped with ALL) is there */
	if ((keep & ~all) || (!c.add_all && (c.add & all & ~keep)) ||
	    (c.add_all && keep != (all & ~c.drop)))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	uint64_t v;
	int sig;

	if (size < 1)
		return 0;
	s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	switch (data[0] % 15) {
	case 0:
		if (runspec_parse_size(s, &v) == 0 && v == 0)
			__builtin_trap();
		break;
	case 1:
		if (runspec_parse_cpus(s, 100000, &v) == 0 && (v < 1000 || v > 409600000))
			__builtin_trap();
		break;
	case 2:
		if (runspec_parse_count(s, &v) == 0 && (v == 0 || v > 0xffffffffu))
			__builtin_trap();
		break;
	case 3:
		check_volume(s);
		break;
	case 4:
		check_share(s, data[0] & 0x80);
		break;
	case 5:
		if (runspec_parse_signal(s, &sig) == 0) {
			const char *name = runspec_signal_name(sig);
			int back;

			if (sig < 1 || sig > SIGRTMAX)
				__builtin_trap();
			if (name && (runspec_parse_signal(name, &back) < 0 || back != sig))
				__builtin_trap();
		}
		break;
	case 6: {
		struct runspec_user u;

		if (runspec_parse_user(s, &u) == 0 && !u.has_uid && !u.user[0])
			__builtin_trap();
		break;
	}
	case 7: {
		size_t k;
		bool has;

		if (runspec_parse_env(s, &k, &has) == 0 && (k == 0 || k > strlen(s)))
			__builtin_trap();
		break;
	}
	case 8: {
		uint32_t id = 1000, gid;
		char home[64];

		/* the whole input as a passwd file, looked up by name and by id */
		runspec_passwd_lookup((const char *)data, size, "root", &id, &gid, home,
				      sizeof(home));
		runspec_passwd_lookup((const char *)data, size, NULL, &id, &gid, home, sizeof(home));
		runspec_group_lookup((const char *)data, size, "wheel", &id);
		break;
	}
	case 9: {
		uint32_t start, count;

		if (runspec_subid_lookup((const char *)data, size, "alice", 1000, &start, &count) ==
			    0 && count == 0)
			__builtin_trap();
		break;
	}
	case 10:
		check_caps(s);
		break;
	case 11: {
		const char *why = NULL;
		bool nnp = false;

		if (runspec_parse_security_opt(s, &nnp, &why) == 0) {
			if (strncmp(s, "no-new-privileges", 17) != 0)
				__builtin_trap();
		} else if (!why || !*why) {
			__builtin_trap();
		}
		break;
	}
	case 12: {
		char path[64];
		const char *why = NULL;

		if (runspec_parse_device_limit(s, data[0] & 0x80, path, sizeof(path), &v, &why) == 0) {
			const char *colon = strrchr(s, ':');

			if (v == 0 || path[0] != '/' || !colon ||
			    strlen(path) != (size_t)(colon - s) || memcmp(path, s, strlen(path)) != 0)
				__builtin_trap();
		} else if (!why || !*why) {
			__builtin_trap();
		}
		break;
	}
	case 13:
		if (runspec_parse_net_rate(s, &v) == 0 && v == 0)
			__builtin_trap();
		break;
	case 14: {
		char out[16];

		if (runspec_parse_cpuset(s, out, sizeof(out)) == 0 &&
		    (strcmp(out, s) != 0 || strspn(out, "0123456789,-") != strlen(out)))
			__builtin_trap();
		break;
	}
	}
	free(s);
	return 0;
}
