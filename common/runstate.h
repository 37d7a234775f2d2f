/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The state nsrun keeps of its containers and networks, under /run/nskit/
 * (NSKIT_STATE_DIR overrides it, for tests and rootless use). nsrun writes
 * it; nsjoin, nsdiff, nstop and the completions read it to find containers
 * by name. Every file is replaced atomically (write a temporary file, fsync,
 * rename), so a reader never sees half a record.
 *
 * Names: 1..RUNSTATE_NAME_MAX-1 bytes of [A-Za-z0-9_.-], not starting with
 * '.' or '-' (so no "/", no "..", nothing a path or an option could misread).
 */
#ifndef NSKIT_RUNSTATE_H
#define NSKIT_RUNSTATE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nstype.h"
#include "procfs.h"

#define RUNSTATE_DEFAULT_DIR	"/run/nskit"
#define RUNSTATE_NAME_MAX	64

/* The state directory: $NSKIT_STATE_DIR or RUNSTATE_DEFAULT_DIR. */
const char *runstate_dir(void);

/* 0 when name is a valid container or network name, -EINVAL otherwise. */
int runstate_valid_name(const char *name);

struct runstate {
	char name[RUNSTATE_NAME_MAX];
	pid_t pid;			/* the container's init, in the host's pid namespace */
	unsigned long long starttime;	/* of pid (stat field 22): tells a reused pid apart */
	pid_t launcher;			/* the nsrun process that supervises it */
	char network[RUNSTATE_NAME_MAX];/* "" when not on a bridge network */
	char address[64];		/* its address on that network, "10.88.0.2/24", or "" */
	char host_veth[16];		/* the host end of its veth pair, or "" */
	char cgroup[PATH_MAX];		/* its cgroup, relative to the hierarchy root */
	char hostname[RUNSTATE_NAME_MAX];
	char rootfs[PATH_MAX];		/* "" when it shares the host's root */
	char command[1024];		/* the command line, space-separated */
	long long created;		/* seconds since the epoch */
	ns_mask_t created_ns;		/* namespaces made for it (others are shared) */
};

/* Read the record of a container; -ENOENT when there is none. */
int runstate_load(const char *name, struct runstate *st);
/* Write it atomically. */
int runstate_save(const struct runstate *st);
/* Remove it (and anything else nsrun keeps for the container). */
int runstate_remove(const char *name);
/* The names of all containers, sorted; free with runstate_names_free. */
int runstate_list(char ***names, size_t *n);
void runstate_names_free(char **names, size_t n);

/* Is the container's init still the process the record names? */
bool runstate_alive(const struct runstate *st, const struct procfs *pfs);

#endif
