/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Names of users and groups, asked of NSS once per id: getpwuid(3) may read
 * files or ask a daemon, and a listing asks for the same few ids thousands
 * of times. Ids without a name are remembered as such. Used by nsls (USER)
 * and nstop (USER).
 */
#ifndef NSKIT_IDCACHE_H
#define NSKIT_IDCACHE_H

#include <sys/types.h>

#include "hashmap.h"

struct idcache {
	struct hashmap users;		/* uid + 1 -> owned name, or the "none" mark */
	struct hashmap groups;		/* gid + 1 -> the same */
};

void idcache_init(struct idcache *c);
void idcache_release(struct idcache *c);

/* The name of uid (gid), or NULL when it has none (or memory ran out). */
const char *idcache_user(struct idcache *c, uid_t uid);
const char *idcache_group(struct idcache *c, gid_t gid);

#endif
