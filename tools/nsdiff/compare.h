/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nsdiff's comparison, purely: two sides' facts (inspect.h) into a list
 * of differences, and the isolation of many containers against the host
 * into a matrix. No I/O, so it is unit-tested with made-up facts; pair.c
 * and matrix.c gather what it compares, render.c and matrix.c print it.
 */
#ifndef NSDIFF_COMPARE_H
#define NSDIFF_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "inspect.h"
#include "nstype.h"

/*
 * The types whose sharing with the host is a risk worth flagging: the
 * host's processes (pid), network stack (net), IPC objects (ipc), mounts
 * (mnt) and uids and capabilities (user) are then within the container's
 * reach. Sharing uts, cgroup or time exposes far less.
 */
#define NSDIFF_RISKY \
	(NS_MASK(NS_PID) | NS_MASK(NS_NET) | NS_MASK(NS_IPC) | NS_MASK(NS_MNT) | NS_MASK(NS_USER))

enum nsdiff_change {
	NSDIFF_A_ONLY,		/* the item is only on side A */
	NSDIFF_B_ONLY,
	NSDIFF_CHANGED,		/* on both sides, with different values or lists */
};

/* "a-only", "b-only", "changed": the JSON names. */
const char *nsdiff_change_name(enum nsdiff_change c);

struct nsdiff_entry {
	enum inspect_cat cat;
	unsigned int kind;		/* of the category */
	enum nsdiff_change change;
	const struct inspect_item *a;	/* borrowed from A's facts; NULL when absent */
	const struct inspect_item *b;
	/*
	 * NSDIFF_CHANGED items with lists: the elements on one side only,
	 * comma-separated, "" when none; owned. NULL for items without lists.
	 */
	char *a_only;
	char *b_only;
};

struct nsdiff_result {
	struct nsdiff_entry *v;		/* by type, category, kind, then key; owned */
	size_t n, cap;
};

/*
 * The differences of the categories of the types in types between a and b.
 * The facts need not be sorted and are not changed; the result borrows
 * their items, so it must be released before them. Items with equal keys
 * on one side are paired in order. 0 or -ENOMEM (r is then empty).
 */
int nsdiff_compare(const struct inspect_facts *a, const struct inspect_facts *b,
		   ns_mask_t types, struct nsdiff_result *r);
void nsdiff_result_release(struct nsdiff_result *r);

/* How many entries concern type t. */
size_t nsdiff_count(const struct nsdiff_result *r, enum ns_type t);

/*
 * The comma-separated elements of list a that list b lacks, in a's order,
 * without repeats, as a new string (NULL: -ENOMEM). Pure, for the detail of
 * changed mount options and capabilities.
 */
char *nsdiff_list_minus(const char *a, const char *b);

/* --------------------------------------------------- isolation matrix */

enum nsdiff_share {
	NSDIFF_UNKNOWN,		/* the namespace is not known (not readable, no such type) */
	NSDIFF_PRIVATE,		/* its own: no other row and not the host */
	NSDIFF_HOST,		/* the host's */
	NSDIFF_SHARED,		/* not the host's, but other rows are in it too */
};

/* "unknown", "private", "host", "shared". */
const char *nsdiff_share_name(enum nsdiff_share s);

/* The rows (containers) that are in one namespace. */
struct nsdiff_group {
	enum ns_type type;
	uint64_t ino;
	const size_t *rows;		/* ascending; into nsdiff_matrix.rows */
	size_t n;
};

struct nsdiff_cell {
	enum nsdiff_share share;
	size_t group;			/* its namespace's group; n is 1 when private */
};

struct nsdiff_matrix {
	size_t n;
	struct nsdiff_cell (*cells)[NS_NTYPES];	/* n rows; owned */
	struct nsdiff_group *groups;		/* owned; UNKNOWN cells have none */
	size_t ngroups;
	size_t *rows;				/* storage of the groups' rows; owned */
};

/*
 * Rows are containers, given by the inode of each of their namespaces (0:
 * unknown); host holds the host's. Fills every cell. 0 or -ENOMEM.
 */
int nsdiff_matrix_build(struct nsdiff_matrix *m, const uint64_t (*ino)[NS_NTYPES], size_t n,
			const uint64_t host[NS_NTYPES]);
/* The risky types (NSDIFF_RISKY) row shares with the host. */
ns_mask_t nsdiff_matrix_risks(const struct nsdiff_matrix *m, size_t row);
void nsdiff_matrix_release(struct nsdiff_matrix *m);

#endif
