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

/* Remember name (NULL: none) for key; returns what the caller may show. */
static const char *remember(struct hashmap *m, uint64_t key, const char *name)
{
	char *copy = name ? strdup(name) : NULL;

	if (name && !copy)
		return NULL;
	if (hashmap_put(m, key, copy ? copy : &no_name) < 0) {
		free(copy);
		return NULL;
	}
	return copy;
}

const char *idcache_user(struct idcache *c, uid_t uid)
{
	/* +1: the map reserves key 0 */
	uint64_t key = (uint64_t)uid + 1;
	char *name = hashmap_get(&c->users, key);
	struct passwd *pw;

	if (name)
		return name == &no_name ? NULL : name;
	pw = getpwuid(uid);
	return remember(&c->users, key, pw ? pw->pw_name : NULL);
}

const char *idcache_group(struct idcache *c, gid_t gid)
{
	uint64_t key = (uint64_t)gid + 1;
	char *name = hashmap_get(&c->groups, key);
	struct group *gr;

	if (name)
		return name == &no_name ? NULL : name;
	gr = getgrgid(gid);
	return remember(&c->groups, key, gr ? gr->gr_name : NULL);
}
