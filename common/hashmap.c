// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hashmap.h"

#define EMPTY	0
#define TOMB	UINT64_MAX

void hashmap_init(struct hashmap *m)
{
	memset(m, 0, sizeof(*m));
}

void hashmap_clear(struct hashmap *m)
{
	free(m->keys);
	free(m->vals);
	hashmap_init(m);
}

/* splitmix64's finaliser: inode numbers and pids are dense, spread them. */
static inline size_t slot_of(uint64_t key, size_t cap)
{
	key ^= key >> 30;
	key *= 0xbf58476d1ce4e5b9ULL;
	key ^= key >> 27;
	key *= 0x94d049bb133111ebULL;
	key ^= key >> 31;
	return (size_t)key & (cap - 1);
}

static int rehash(struct hashmap *m, size_t ncap)
{
	uint64_t *keys = calloc(ncap, sizeof(*keys));
	void **vals = calloc(ncap, sizeof(*vals));

	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -ENOMEM;
	}
	for (size_t i = 0; i < m->cap; i++) {
		uint64_t k = m->keys[i];
		size_t s;

		if (k == EMPTY || k == TOMB)
			continue;
		for (s = slot_of(k, ncap); keys[s] != EMPTY; s = (s + 1) & (ncap - 1))
			;
		keys[s] = k;
		vals[s] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = ncap;
	return 0;
}

int hashmap_reserve(struct hashmap *m, size_t n)
{
	size_t cap = 16;

	while (cap < n * 2)
		cap <<= 1;
	return cap > m->cap ? rehash(m, cap) : 0;
}

int hashmap_put(struct hashmap *m, uint64_t key, void *val)
{
	size_t s, tomb = SIZE_MAX;

	if (key == EMPTY || key == TOMB)
		return -EINVAL;
	if ((m->len + 1) * 2 > m->cap) {
		int rc = rehash(m, m->cap ? m->cap * 2 : 16);

		if (rc)
			return rc;
	}
	for (s = slot_of(key, m->cap);; s = (s + 1) & (m->cap - 1)) {
		if (m->keys[s] == key) {
			m->vals[s] = val;
			return 0;
		}
		if (m->keys[s] == TOMB && tomb == SIZE_MAX)
			tomb = s;
		if (m->keys[s] == EMPTY)
			break;
	}
	if (tomb != SIZE_MAX)
		s = tomb;
	m->keys[s] = key;
	m->vals[s] = val;
	m->len++;
	return 0;
}

void *hashmap_get(const struct hashmap *m, uint64_t key)
{
	if (!m->cap || key == EMPTY || key == TOMB)
		return NULL;
	for (size_t s = slot_of(key, m->cap);; s = (s + 1) & (m->cap - 1)) {
		if (m->keys[s] == key)
			return m->vals[s];
		if (m->keys[s] == EMPTY)
			return NULL;
	}
}

void *hashmap_del(struct hashmap *m, uint64_t key)
{
	if (!m->cap || key == EMPTY || key == TOMB)
		return NULL;
	for (size_t s = slot_of(key, m->cap);; s = (s + 1) & (m->cap - 1)) {
		if (m->keys[s] == key) {
			void *v = m->vals[s];

			m->keys[s] = TOMB;
			m->vals[s] = NULL;
			m->len--;
			return v;
		}
		if (m->keys[s] == EMPTY)
			return NULL;
	}
}

int hashmap_next(const struct hashmap *m, size_t *iter, uint64_t *key, void **val)
{
	for (size_t i = *iter; i < m->cap; i++) {
		if (m->keys[i] != EMPTY && m->keys[i] != TOMB) {
			if (key)
				*key = m->keys[i];
			if (val)
				*val = m->vals[i];
			*iter = i + 1;
			return 1;
		}
	}
	*iter = m->cap;
	return 0;
}

uint64_t hashmap_str_key(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	if (h == EMPTY || h == TOMB)
		h = 1;
	return h;
}
