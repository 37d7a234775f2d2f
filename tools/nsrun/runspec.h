/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The parsers of nsrun's command line, as pure functions: sizes
 * ("512m"), CPU counts ("1.5"), bind mount specs ("/src:/dst:ro"),
 * namespace sharing in Docker's spelling ("container:web1"), signals
 * ("TERM", "SIGKILL", "9"), users ("1000:1000", "nobody"), environment
 * entries, capabilities and security options as Docker spells them
 * ("NET_ADMIN", "no-new-privileges=false"), and the lookups in passwd, group and subuid files that a
 * container's -u and a rootless user namespace need. Unit-tested and
 * fuzzed; nothing here touches the system.
 */
#ifndef NSKIT_RUNSPEC_H
#define NSKIT_RUNSPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * A size in bytes: a decimal number, optionally with a fraction, and an
 * optional unit b, k, m, g, t (also kb/kib, mb/mib...; any case), each 1024
 * times the last, as Docker reads --memory. "0" and anything that does not
 * fit 64 bits are refused: -EINVAL, -ERANGE.
 */
int runspec_parse_size(const char *s, uint64_t *bytes);

/*
 * A CPU count ("2", "0.5", "1.25"; at most three decimals) as the quota of
 * one period of period_us microseconds: "1.5" with 100000 is 150000. The
 * kernel's smallest quota is 1000 us: less is -ERANGE, as is more than
 * 4096 CPUs. -EINVAL for anything that is not such a number.
 */
int runspec_parse_cpus(const char *s, uint64_t period_us, uint64_t *quota_us);

/* A positive decimal count that fits 32 bits (--pids-limit, --stop timeout). */
int runspec_parse_count(const char *s, uint64_t *n);

/*
 * --device-read-bps DEV:RATE and friends, as Docker spells them: DEV an
 * absolute path (of a block device, which the caller checks), RATE a
 * size as runspec_parse_size() reads it ("1mb": bytes per second) or,
 * with iops, a count of operations per second. The path goes to path
 * (size bytes), split at the last ':'. -EINVAL with *why for anything
 * else (a RATE of 0 among them), -ERANGE for a rate past 64 bits.
 */
int runspec_parse_device_limit(const char *s, bool iops, char *path, size_t size,
			       uint64_t *value, const char **why);

/*
 * A network rate as tc(8) writes one: a number (decimals allowed) and a
 * unit, bit kbit mbit gbit tbit (powers of 1000 of bits per second),
 * kibit mibit gibit tibit (of 1024), or the same with bps for bytes
 * ("bps", "kbps", "mibps"); a bare number is bits per second. Any case.
 * In bytes per second, at least 1: -EINVAL for 0, a rate under 8 bit and
 * anything else; -ERANGE past 64 bits.
 */
int runspec_parse_net_rate(const char *s, uint64_t *bytes_per_sec);

/*
 * --cpuset-cpus: a list of CPUs and ranges, "0-3,6,8-9", each number
 * below 8192 and each range ascending. The list as given goes to out.
 * -EINVAL for anything else, -ENAMETOOLONG when it does not fit size.
 */
int runspec_parse_cpuset(const char *s, char *out, size_t size);

/*
 * -v HOST:CTR[:OPTS]: OPTS is "ro" or "rw". HOST may be relative (the
 * caller resolves it); CTR must be absolute. The strings point into buf, a
 * copy of s made by the parser (size bytes). *why explains an -EINVAL, of
 * the part of s in bad when there is one ("'b' is not an absolute...").
 */
struct runspec_volume {
	const char *host;
	const char *ctr;
	bool ro;
	const char *bad;	/* after -EINVAL: the part at fault, or NULL for all of it */
};
int runspec_parse_volume(const char *s, char *buf, size_t size, struct runspec_volume *v,
			 const char **why);

/* How one namespace is had: Docker's words for --pid, --ipc, --net... */
enum runspec_share_kind {
	SHARE_PRIVATE,		/* a new one (the default) */
	SHARE_HOST,		/* the one nsrun runs in */
	SHARE_CONTAINER,	/* container:NAME, another nsrun container's */
	SHARE_PATH,		/* ns:PATH, a namespace file */
	SHARE_NONE,		/* --net only: a new one with only a loopback */
	SHARE_BRIDGE,		/* --net only: bridge[:NETWORK] */
};

struct runspec_share {
	enum runspec_share_kind kind;
	const char *arg;	/* NAME, PATH or NETWORK, pointing into s ("" for none) */
	/*
	 * SHARE_BRIDGE given as NETWORK alone, as Docker's --network names a
	 * network made with `network create`: it must exist already.
	 */
	bool named;
};

/*
 * Parse a sharing spec. is_net allows "none", "bridge[:NETWORK]" and
 * a NETWORK's name alone (Docker's --network NAME).
 * sh->arg points into s, which must outlive it (an argv string does).
 * -EINVAL with *why set; names of containers and networks are checked
 * with runstate_valid_name()'s rules; a path must be shorter than PATH_MAX.
 */
int runspec_parse_share(const char *s, bool is_net, struct runspec_share *sh, const char **why);

/* "TERM", "SIGTERM", "term", "15", "RTMIN+3": the signal number. -EINVAL otherwise. */
int runspec_parse_signal(const char *s, int *sig);
/* "TERM" for SIGTERM, or NULL for a number without a name. */
const char *runspec_signal_name(int sig);

/*
 * -u USER[:GROUP]: each a number or a name. The names go to user and group
 * (NUL-terminated, "" when absent or numeric); has_uid/has_gid say which
 * numbers were given.
 */
struct runspec_user {
	bool has_uid, has_gid;
	uid_t uid;
	gid_t gid;
	char user[64];
	char group[64];
};
int runspec_parse_user(const char *s, struct runspec_user *u);

/* -e KEY=VALUE or -e KEY: *keylen is the length of KEY; -EINVAL for a bad key. */
int runspec_parse_env(const char *s, size_t *keylen, bool *has_value);

/*
 * A capability for --cap-add or --cap-drop, spelt as Docker takes it: its
 * name with or without "CAP_", in any case ("NET_ADMIN", "cap_net_admin",
 * "Net_Admin"), or "ALL" (*cap is then RUNSPEC_CAP_ALL). Names are
 * libcap's (cap_from_name), so a capability newer than libcap is not
 * known; a number is not a name. -EINVAL for anything else.
 */
#define RUNSPEC_CAP_ALL (-1)
int runspec_parse_cap(const char *s, int *cap);

/* --cap-add and --cap-drop as given: bit n is capability n. */
struct runspec_caps {
	uint64_t add, drop;
	bool add_all, drop_all;
};

/*
 * Record one --cap-add (add) or --cap-drop; -EINVAL for a name that
 * runspec_parse_cap() refuses.
 */
int runspec_caps_set(struct runspec_caps *c, const char *s, bool add);

/*
 * The capabilities a container keeps, made of defaults as Docker makes
 * them (TweakCapabilities): "ALL" added is every capability of all but
 * those dropped; "ALL" dropped is those added alone; otherwise the
 * defaults, less those dropped, and those added. Whatever is outside all
 * (capabilities the kernel does not have) is left out.
 */
uint64_t runspec_caps_resolve(const struct runspec_caps *c, uint64_t defaults, uint64_t all);

/*
 * --security-opt, of which nsrun knows Docker's "no-new-privileges"
 * (alone, "=true" or "=false"; ":" for "=" as Docker once wrote it) into
 * *no_new_privs. -EINVAL with *why for anything else (seccomp, apparmor
 * and label options among them: nsrun has none of those).
 */
int runspec_parse_security_opt(const char *s, bool *no_new_privs, const char **why);

/*
 * A passwd(5) or group(5) text: the entry named name (or, when name is NULL,
 * numbered id). For passwd, *id is the uid, *gid its primary group and home
 * (if not NULL) its home directory; for group, *id is the gid. -ENOENT when
 * there is none. Malformed lines are skipped.
 */
int runspec_passwd_lookup(const char *buf, size_t len, const char *name, uint32_t *id,
			  uint32_t *gid, char *home, size_t homesz);
int runspec_group_lookup(const char *buf, size_t len, const char *name, uint32_t *id);

/*
 * /etc/subuid or /etc/subgid: the first range of the user (by name, or by
 * its id in decimal). -ENOENT when there is none.
 */
int runspec_subid_lookup(const char *buf, size_t len, const char *name, uint32_t id,
			 uint32_t *start, uint32_t *count);

#endif
