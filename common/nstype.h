/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The eight namespace types: names, clone flags, /proc file names,
 * nsenter-style option letters and one-line descriptions, as one table.
 *
 * Used by every tool.
 */
#ifndef NSKIT_NSTYPE_H
#define NSKIT_NSTYPE_H

#include <stdint.h>

/* The order is lsns's (mnt net pid uts ipc user cgroup time). */
enum ns_type {
	NS_MNT,
	NS_NET,
	NS_PID,
	NS_UTS,
	NS_IPC,
	NS_USER,
	NS_CGROUP,
	NS_TIME,
	NS_NTYPES,
	NS_UNKNOWN = -1,
};

/* A set of namespace types, bit (1 << type). */
typedef unsigned int ns_mask_t;
#define NS_MASK(t)   (1u << (t))
#define NS_MASK_ALL  ((1u << NS_NTYPES) - 1)

struct nstype_info {
	const char *name;	/* "net": the name lsns, /proc and nsfs use */
	const char *file;	/* file under /proc/PID/ns/ */
	int clone_flag;		/* CLONE_NEWNET */
	char opt;		/* nsenter's option letter: 'n' */
	const char *long_opt;	/* nsenter's long option: "net" */
	const char *desc;	/* one line for help texts */
};

extern const struct nstype_info nstype_table[NS_NTYPES];

static inline const char *nstype_name(enum ns_type t)
{
	return (t >= 0 && t < NS_NTYPES) ? nstype_table[t].name : "unknown";
}

/* The first type of a set, in lsns's order; NS_UNKNOWN for none. */
static inline enum ns_type nstype_first(ns_mask_t m)
{
	for (int t = 0; t < NS_NTYPES; t++)
		if (m & NS_MASK(t))
			return (enum ns_type)t;
	return NS_UNKNOWN;
}

/* "net" -> NS_NET; NS_UNKNOWN for anything else (case-sensitive, like lsns). */
enum ns_type nstype_from_name(const char *name);
/* The same for a name of known length (not NUL-terminated). */
enum ns_type nstype_from_name_n(const char *name, size_t len);
/* CLONE_NEWNET -> NS_NET; NS_UNKNOWN when the flag is not exactly one type. */
enum ns_type nstype_from_clone(int flag);
/* 'n' -> NS_NET (nsenter's letters m u i n p U C T). */
enum ns_type nstype_from_opt(char opt);

/* Parse a comma-separated list of type names into a mask ("net,pid").
 * Returns 0, or -EINVAL with *bad (if not NULL) pointing at the unknown
 * name inside list. */
int nstype_parse_list(const char *list, ns_mask_t *mask, const char **bad, size_t *badlen);

/*
 * Parse a namespace link as the kernel writes it: "net:[4026531840]".
 * Returns 0 and fills *type and *ino, or -EINVAL.
 */
int nstype_parse_link(const char *buf, size_t len, enum ns_type *type, uint64_t *ino);

#endif
