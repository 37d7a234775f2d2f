// SPDX-License-Identifier: GPL-2.0-or-later
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "idcache.h"

/* The value of an id that NSS does not know. */
static char no_name;

void idcache_init(struct idcache *c)
{
	hashmap_init(&c->users);
	hashmap_init(&c->groups);
}

static void free_names(struct hashmap *m)
{
	size_t it = 0;
	void *v;

	while (hashmap_next(m, &it, NULL, &v))
		if (v != &no_name)
			free(v);
	hashmap_clear(m);
}

void idcache_release(struct idcache *c)
{
	free_names(&c->users);
	free_names(&c->groups);
}

/* The name of id in m, asked of NSS (lookup) the first time. */
static const char *name_of(struct hashmap *m, unsigned int id, const char *(*lookup)(unsigned int))
{
	/* +1: the map reserves key 0 */
	uint64_t key = (uint64_t)id + 1;
	char *name = hashmap_get(m, key), *copy;
	const char *found;

	if (name)
		return name == &no_name ? NULL : name;
	found = lookup(id);
	copy = found ? strdup(found) : NULL;
	if (found && !copy)
		return NULL;
	if (hashmap_put(m, key, copy ? copy : &no_name) < 0) {
		free(copy);
		return NULL;
	}
	return copy;
}

static const char *passwd_name(unsigned int uid)
{
	struct passwd *pw = getpwuid((uid_t)uid);

	return pw ? pw->pw_name : NULL;
}

static const char *group_name(unsigned int gid)
{
	struct group *gr = getgrgid((gid_t)gid);

	return gr ? gr->gr_name : NULL;
}

const char *idcache_user(struct idcache *c, uid_t uid)
{
	return name_of(&c->users, uid, passwd_name);
}

const char *idcache_group(struct idcache *c, gid_t gid)
{
	return name_of(&c->groups, gid, group_name);
}
