// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A container's capabilities and no_new_privs, as Docker gives them: its
 * default set (NSRUN_DEFAULT_CAPS), changed by --cap-add and --cap-drop,
 * every capability with --privileged; no_new_privs unless --security-opt
 * no-new-privileges=false or --privileged. Names and sets are libcap's.
 *
 * The launcher works everything out before the clone (what the caller
 * asked for, what can be had, the init's sets); the child, which may run
 * in the launcher's memory (clone_child() in run.c), only makes the
 * system calls, and allocates nothing.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "nsrun.h"
#include "procfs.h"

/* Bit n for every capability n of the kernel (which libcap asked at start). */
static uint64_t all_caps(void)
{
	int n = cap_max_bits();

	return n >= 64 ? ~0ull : (1ull << n) - 1;
}

/* The capabilities in flag of c, as bits. */
static uint64_t caps_mask(cap_t c, cap_flag_t flag)
{
	uint64_t m = 0;

	for (cap_value_t v = 0; v < cap_max_bits() && v < 64; v++) {
		cap_flag_value_t on;

		if (cap_get_flag(c, v, flag, &on) == 0 && on == CAP_SET)
			m |= 1ull << v;
	}
	return m;
}

/* libcap's name of cap as Docker writes it: "CAP_NET_ADMIN". */
static void cap_upper_name(int cap, char *buf, size_t size)
{
	char *name = cap_to_name(cap);

	snprintf(buf, size, "%s", name ? name : "?");
	cap_free(name);
	for (char *p = buf; *p; p++)
		*p = (char)toupper((unsigned char)*p);
}

void nsrun_caps_prepare(struct nsrun_launch *l)
{
	const struct nsrun_opts *o = l->o;
	cap_value_t kept[64];
	uint64_t have, missing;
	int n = 0;
	cap_t c;

	/*
	 * Security: with no_new_privs no exec gives the container's
	 * processes more than they have (setuid programs, file
	 * capabilities, LSM transitions): a container's root that is the
	 * host's root without CAP_SYS_ADMIN must not win it back through a
	 * setuid or cap_sys_admin+ep binary that its bounding set would let
	 * keep less, nor another user of the container become root. Docker's
	 * no-new-privileges, on unless asked off; --privileged lifts it.
	 */
	l->no_new_privs = !o->privileged && !o->new_privs;
	/* every capability: Docker reads neither --cap-add nor --cap-drop then */
	if (o->privileged)
		return;
	/* an unprivileged caller's command outside any user namespace has none to drop */
	if (l->rootless && o->share[NS_USER].kind == SHARE_HOST)
		return;
	c = cap_from_text(NSRUN_DEFAULT_CAPS);
	if (!c)
		nsrun_die_errno(-errno, "cannot read the default capabilities");
	l->caps_keep = runspec_caps_resolve(&o->caps, caps_mask(c, CAP_PERMITTED), all_caps());
	cap_free(c);
	/*
	 * What there is to keep from: every capability in a user namespace
	 * made or joined for the container (they are that namespace's),
	 * else what nsrun has itself. A capability asked for by name that
	 * cannot be had is an error, not a container with less than it was
	 * promised; "ALL" is all there is.
	 */
	if ((l->create & NS_MASK(NS_USER)) || l->ns_fd[NS_USER] >= 0) {
		have = all_caps();
	} else {
		c = cap_get_proc();
		if (!c)
			nsrun_die_errno(-errno, "cannot read nsrun's capabilities");
		have = caps_mask(c, CAP_PERMITTED);
		cap_free(c);
	}
	missing = (o->caps.add_all ? 0 : o->caps.add) & ~have;
	if (missing) {
		char name[64];

		cap_upper_name(__builtin_ctzll(missing), name, sizeof(name));
		nsrun_die("cannot add capability %s: nsrun does not have it itself", name);
	}
	/*
	 * The init's sets, which its command inherits: effective and
	 * permitted what is kept, inheritable none (as Docker since 20.10.14:
	 * a program with inheritable file capabilities gains nothing), and so
	 * ambient none either.
	 */
	for (int v = 0; v < 64; v++)
		if (l->caps_keep & have & (1ull << v))
			kept[n++] = v;
	l->caps = cap_init();
	if (!l->caps || cap_set_flag(l->caps, CAP_EFFECTIVE, n, kept, CAP_SET) < 0 ||
	    cap_set_flag(l->caps, CAP_PERMITTED, n, kept, CAP_SET) < 0)
		nsrun_die_errno(-errno, "cannot make the container's capabilities");
	l->drop_caps = true;
}

int nsrun_caps_apply(const struct nsrun_launch *l, bool own_sets, int *cap)
{
	/*
	 * The bounding set first: it limits every exec that follows, setuid
	 * programs' included, and dropping from it needs CAP_SETPCAP, which
	 * the process's own sets may be about to lose.
	 */
	for (int v = 0; v < cap_max_bits() && v < 64; v++) {
		if (l->caps_keep & (1ull << v))
			continue;
		if (cap_drop_bound(v) < 0) {
			*cap = v;
			return -errno;
		}
	}
	*cap = -1;
	if (own_sets && cap_set_proc(l->caps) < 0)
		return -errno;
	return 0;
}

/* One set of /proc/PID/status as an array of names. */
static void json_caps(struct jsonw *w, const char *key, uint64_t set)
{
	jsonw_array(w, key);
	for (int v = 0; v < 64; v++)
		if (set & (1ull << v)) {
			char name[64];

			cap_upper_name(v, name, sizeof(name));
			jsonw_string(w, NULL, name);
		}
	jsonw_end(w);
}

/* The value of the line "Key:\tvalue" of a status text ("" when there is none). */
static const char *status_value(const char *buf, const char *key)
{
	const char *p = strstr(buf, key);

	return p ? p + strlen(key) : "";
}

void nsrun_caps_json(struct jsonw *w, pid_t pid)
{
	unsigned long long eff = 0, bnd = 0;
	char path[64], *buf = NULL;
	bool ok = false;
	int nnp = 0;
	size_t len;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (pid > 0 && procfs_read_at(AT_FDCWD, path, 1 << 16, &buf, &len) == 0) {
		/* every key after the first line, which is the command's name */
		ok = sscanf(status_value(buf, "\nCapEff:"), "%llx", &eff) == 1 &&
		     sscanf(status_value(buf, "\nCapBnd:"), "%llx", &bnd) == 1 &&
		     sscanf(status_value(buf, "\nNoNewPrivs:"), "%d", &nnp) == 1;
		free(buf);
	}
	if (!ok) {
		jsonw_null(w, "capabilities");
		jsonw_null(w, "no_new_privs");
		return;
	}
	jsonw_object(w, "capabilities");
	json_caps(w, "effective", eff);
	json_caps(w, "bounding", bnd);
	jsonw_end(w);
	jsonw_bool(w, "no_new_privs", nnp != 0);
}
