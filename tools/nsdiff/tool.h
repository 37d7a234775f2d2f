/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nsdiff's context, shared by its files:
 *   main.c    options, exit status
 *   msg.c     messages, and the trouble exit
 *   pair.c    A against B: resolve, compare, gather --deep, check again
 *   render.c  A against B as text and as JSON
 *   matrix.c  --all: every container against the host
 * and the modules they use, which neither print nor exit:
 *   inspect.h   the facts inside namespaces (inspect.c gathers them,
 *               inspect_parse.c parses, category.c is a row per category)
 *   compare.h   the differences of two sides' facts, the --all matrix
 */
#ifndef NSDIFF_TOOL_H
#define NSDIFF_TOOL_H

#include <stdbool.h>
#include <stddef.h>

#include "inspect.h"
#include "compare.h"
#include "output.h"
#include "snapshot.h"
#include "target.h"

/* diff(1)'s exit status: 0 the same, 1 different, 2 trouble. */
#define NSDIFF_EXIT_SAME	0
#define NSDIFF_EXIT_DIFFERENT	1
#define NSDIFF_EXIT_TROUBLE	2

/* Columns -o may name, repeats included. */
#define NSDIFF_MAX_COLS		32

/* The containers and others that are in one namespace besides the two sides. */
struct sharers {
	char **v;			/* labels, "host" first; owned */
	size_t n;
};

struct side {
	const char *arg;		/* as given; NULL for the default, the host */
	struct target t;
	bool host;			/* the initial namespaces (B by default) */
	const struct container_info *ct;	/* its container, if any (the snapshot's) */
	char label[TARGET_LABEL_MAX + 64];
	struct sharers with[NS_NTYPES];	/* who else is in its namespace of each type */
	struct inspect_facts facts;	/* --deep */
};

struct nsdiff_ctx {
	/* options */
	ns_mask_t types;		/* -t; NS_MASK_ALL when not given */
	bool types_given;
	bool deep;			/* -d */
	bool all;			/* -a */
	bool quiet;			/* -q */
	struct out_opts out;
	int cols[NSDIFF_MAX_COLS];	/* --all: -o's columns, matrix_columns ids */
	size_t ncols;			/* 0: all of them */
	size_t ncols_default;		/* how many of cols[] are defaults (-o +LIST) */
	const char *proc_root;
	const char *host_root;

	/* state */
	struct procfs pfs;
	struct snapshot snap;		/* every process's namespaces: sharers, counts, peers */
	struct side a, b;
	ns_mask_t compared;		/* the types both sides have, among those asked */
	ns_mask_t separate;		/* ... of which A and B are in different namespaces */
	struct nsdiff_result diff;	/* --deep */
};

/* msg.c: messages, in the house format, and the trouble exit. */
void __attribute__((noreturn, format(printf, 1, 2))) trouble(const char *fmt, ...);
void __attribute__((format(printf, 1, 2))) note(const char *fmt, ...);

/*
 * joined.c: did container a join b's namespace of type t, as a's runtime
 * recorded (in the state index of snap)? And what the joiner's side says.
 */
struct snapshot;
bool nsdiff_joined(const struct snapshot *snap, const struct container_info *a,
		   const struct container_info *b, enum ns_type t);
void nsdiff_joined_text(const struct container_info *owner, enum ns_type t, char *buf,
			size_t size);

/* pair.c */
void pair_run(struct nsdiff_ctx *c);
void pair_release(struct nsdiff_ctx *c);

/* render.c: 0, or -errno when the output could not be written. */
int render_text(struct nsdiff_ctx *c, FILE *f);
int render_json(struct nsdiff_ctx *c, FILE *f);
/* Print s for a terminal: control characters and broken UTF-8 as \xHH. */
void put_safe(FILE *f, const char *s);

/* matrix.c: runs --all and returns the exit status. */
int matrix_run(struct nsdiff_ctx *c);
/* --all's columns, which -o names and -H lists */
extern const struct out_column matrix_columns[];
extern const size_t matrix_ncols;

#endif
