// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <sched.h>
#include <string.h>

#include "nstype.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif

const struct nstype_info nstype_table[NS_NTYPES] = {
	[NS_MNT]    = { "mnt",    "mnt",    CLONE_NEWNS,     'm', "mount",
			"mount points" },
	[NS_NET]    = { "net",    "net",    CLONE_NEWNET,    'n', "net",
			"network devices, addresses, routes, ports" },
	[NS_PID]    = { "pid",    "pid",    CLONE_NEWPID,    'p', "pid",
			"process IDs" },
	[NS_UTS]    = { "uts",    "uts",    CLONE_NEWUTS,    'u', "uts",
			"hostname and NIS domain name" },
	[NS_IPC]    = { "ipc",    "ipc",    CLONE_NEWIPC,    'i', "ipc",
			"System V IPC and POSIX message queues" },
	[NS_USER]   = { "user",   "user",   CLONE_NEWUSER,   'U', "user",
			"user and group IDs, capabilities" },
	[NS_CGROUP] = { "cgroup", "cgroup", CLONE_NEWCGROUP, 'C', "cgroup",
			"cgroup root directory" },
	[NS_TIME]   = { "time",   "time",   CLONE_NEWTIME,   'T', "time",
			"boot and monotonic clocks" },
};

enum ns_type nstype_from_name_n(const char *name, size_t len)
{
	for (int t = 0; t < NS_NTYPES; t++) {
		const char *n = nstype_table[t].name;

		if (strlen(n) == len && memcmp(n, name, len) == 0)
			return t;
	}
	return NS_UNKNOWN;
}

enum ns_type nstype_from_name(const char *name)
{
	return nstype_from_name_n(name, strlen(name));
}

enum ns_type nstype_from_clone(int flag)
{
	for (int t = 0; t < NS_NTYPES; t++)
		if (nstype_table[t].clone_flag == flag)
			return t;
	return NS_UNKNOWN;
}

enum ns_type nstype_from_opt(char opt)
{
	for (int t = 0; t < NS_NTYPES; t++)
		if (nstype_table[t].opt == opt)
			return t;
	return NS_UNKNOWN;
}

int nstype_parse_list(const char *list, ns_mask_t *mask, const char **bad, size_t *badlen)
{
	ns_mask_t m = 0;
	const char *p = list;

	for (;;) {
		size_t len = strcspn(p, ",");
		enum ns_type t = nstype_from_name_n(p, len);

		if (t == NS_UNKNOWN) {
			if (bad)
				*bad = p;
			if (badlen)
				*badlen = len;
			return -EINVAL;
		}
		m |= NS_MASK(t);
		if (!p[len])
			break;
		p += len + 1;
	}
	*mask = m;
	return 0;
}

int nstype_parse_link(const char *buf, size_t len, enum ns_type *type, uint64_t *ino)
{
	const char *colon = memchr(buf, ':', len);
	const char *end = buf + len;
	const char *p;
	uint64_t v = 0;
	enum ns_type t;

	if (!colon || colon + 3 > end || colon[1] != '[' || end[-1] != ']')
		return -EINVAL;
	t = nstype_from_name_n(buf, colon - buf);
	if (t == NS_UNKNOWN)
		return -EINVAL;
	p = colon + 2;
	if (p == end - 1)
		return -EINVAL;
	for (; p < end - 1; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		if (v > (UINT64_MAX - 9) / 10)
			return -ERANGE;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (v == 0)
		return -EINVAL;
	*type = t;
	*ino = v;
	return 0;
}
