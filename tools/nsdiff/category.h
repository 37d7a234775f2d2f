/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the functions of a category (category.c) work with: the side being
 * gathered, in the parent (inspect.c owns it), and the request of the
 * child that entered the namespaces, with the ways it sends frames back.
 */
#ifndef NSDIFF_CATEGORY_H
#define NSDIFF_CATEGORY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "inspect.h"

/* One side being gathered. */
struct inspect_gather {
	const struct inspect_opts *o;
	const struct inspect_target *t;
	ns_mask_t types;
	struct inspect_facts *f;
	struct inspect_error *e;
	enum inspect_cat cat;		/* the category whose function runs */
	/* what a category's outside() kept for its parse(), per category; owned */
	struct {
		char *buf;
		size_t len;
	} kept[INSPECT_NCATS];
	/* /proc/PID/status, read once for every category that needs it */
	struct proc_status status;
	int status_rc;			/* its result, once read */
	bool have_status;
};

/* Say that kind (of the category at work) could not be had: returns err. */
int inspect_fail(struct inspect_gather *g, unsigned int kind, int err);

/*
 * Read PID/name (or self/name without a process) into a malloc'ed *buf.
 * A file that is gone with its process means the process exited: -ESRCH.
 */
int inspect_read_proc(struct inspect_gather *g, const char *name, char **buf, size_t *len);

/* The side's /proc/PID/status, read on the first call: 0 or -errno (-ESRCH: gone). */
int inspect_status(struct inspect_gather *g, const struct proc_status **st);

/* What the child inside the namespaces is asked. */
struct inspect_inside {
	enum inspect_cat cat;		/* the category whose inside() runs */
	const struct procfs *pfs;	/* its root fd is inherited across fork */
	pid_t pid;			/* the process described; 0: none (self) */
	struct snapshot *snap;		/* the parent's, copied by fork: veth peers */
	unsigned int cats;		/* bit (1 << cat) per category with work inside */
	unsigned int self_files;	/* ... whose files are read through /proc/self */
};

/*
 * The ways back to the parent. Each returns 0, or -errno when the pipe
 * failed (then nothing more can get through).
 */
int inspect_send_data(const struct inspect_inside *in, int fd, unsigned int part,
		      const void *buf, size_t len);
int inspect_send_item(const struct inspect_inside *in, int fd, unsigned int kind,
		      const struct inspect_item *it);
/* What could not be read: the parent reports it as kind's. */
int inspect_send_error(const struct inspect_inside *in, int fd, unsigned int kind, int err);

#endif
