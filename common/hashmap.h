/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A map from 64-bit keys to pointers: open addressing, linear probing, the
 * table kept at most half full. Keys 0 and ~0 are reserved.
 * Lookups are what every per-process step of a walk does, so this is
 * deliberately small and branch-light.
 *
 * Used by the library itself, nsls, nsdiff and nstop.
 */
#ifndef NSKIT_HASHMAP_H
#define NSKIT_HASHMAP_H

#include <stddef.h>
#include <stdint.h>

struct hashmap {
	uint64_t *keys;		/* owned */
	void **vals;		/* owned; the values themselves are the caller's */
	size_t cap;		/* a power of two, or 0 */
	size_t len;
};

void hashmap_init(struct hashmap *m);
void hashmap_clear(struct hashmap *m);
/* Size the table for n entries up front (optional). */
int hashmap_reserve(struct hashmap *m, size_t n);
/* Insert or replace. -ENOMEM, or -EINVAL for a reserved key. */
int hashmap_put(struct hashmap *m, uint64_t key, void *val);
void *hashmap_get(const struct hashmap *m, uint64_t key);
/* Remove; returns the old value or NULL. */
void *hashmap_del(struct hashmap *m, uint64_t key);

/* Iterate: for (size_t i = 0; hashmap_next(m, &i, &k, &v); ) */
int hashmap_next(const struct hashmap *m, size_t *iter, uint64_t *key, void **val);

/* 64-bit FNV-1a of a string, never a reserved key. */
uint64_t hashmap_str_key(const char *s);

#endif
